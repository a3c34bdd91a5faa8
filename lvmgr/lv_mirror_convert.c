/* lvconvert --type raid1 of a mirror LV and --type mirror of a raid1 LV.
 *
 * mirror -> raid1, as LVM2 2.03.16's
 * _convert_mirror_to_raid1 (lib/metadata/raid_manip.c), checked against it
 * in the VM: the LV must be active and in sync; each LV_mimage_K becomes
 * LV_rimage_K in place (same id, extents, position in the VG's list), an
 * LV_rmeta_K is allocated on its image's PV (appended to the list in image
 * order), the mirror log is removed, the segment becomes raid1 with the
 * mirror's region size. The images are in sync: the first raid table says
 * "nosync" (LVM2's init_mirror_in_sync), the metadata keeps no flag.
 * The kernel: the image devices renamed (same uuids), the new rmeta LVs
 * zeroed, the LV's table reloaded (mirror -> raid), the log device
 * removed. A failure before the reload puts the old metadata and names
 * back; run_tree keeps the old table when the new one fails to load.
 *
 * raid1 -> mirror, as LVM2's _raid1_to_mirrored_wrapper and
 * _convert_raid1_to_mirror: active and in sync, asked (unless -y), at most
 * 8 images; a disk log LV_mlog is allocated as LVM2's prepare_mirror_log
 * (a PV the LV does not use if one has room; allocation_policy = the VG's)
 * and written in sync (0xff and the log header: the table has no
 * nosync); each LV_rimage_K becomes LV_mimage_K in place, the rmeta LVs
 * go, the segment becomes mirror with the raid1's region size. The
 * kernel: image devices renamed, the table reloaded (raid -> mirror), the
 * rmeta devices removed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lvmgr/activate.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/raid.h"
#include "metadata/segtypes/snapshot.h"

/* The image LVs of mirror or raid1 segment seg of lv into imgs[] (their
 * names into old_names[]), each on a present PV; no LV may have the name
 * an image or its companion gets (LV + to + K, LV + other + K). */
static int images_of(struct ctx *x, const struct vg *vg, const struct lv *lv, const struct lv_seg *seg, const char *to,
		     const char *other, struct lv **imgs, const char **old_names)
{
	for (unsigned k = 0; k < seg->n_areas; k++) {
		imgs[k] = seg->areas[k].kind == AREA_LV ? vg_find_lv(vg, seg->areas[k].lv_name) : NULL;
		if (!imgs[k] || !imgs[k]->n_segs || imgs[k]->segs[0].areas[0].kind != AREA_PV ||
		    !imgs[k]->segs[0].areas[0].pv->sd) {
			log_error("Can't convert %s/%s: image %u is missing or not on a present PV.", vg->name, lv->name,
				  k);
			return -EINVAL;
		}
		old_names[k] = imgs[k]->name;
		const char *nn = arena_printf(&x->arena, "%s%s%u", lv->name, to, k);
		const char *on = other ? arena_printf(&x->arena, "%s%s%u", lv->name, other, k) : NULL;
		if (vg_find_lv(vg, nn) || (on && vg_find_lv(vg, on))) {
			log_error("Can't convert %s/%s: an LV named %s exists.", vg->name, lv->name,
				  vg_find_lv(vg, nn) ? nn : on);
			return -EEXIST;
		}
	}
	return 0;
}

/* The image devices get the images' new names (before the reload: the
 * tree finds them by uuid and name); the number renamed, *r the error. */
static unsigned rename_images(struct ctx *x, const struct vg *vg, struct lv **imgs, const char **old_names, unsigned n,
			      int *r)
{
	unsigned k = 0;
	*r = 0;
	for (; k < n; k++)
		if ((*r = act_rename(x, vg, old_names[k], imgs[k])))
			break;
	return k;
}

static void unrename_images(struct ctx *x, const struct vg *vg, struct lv **imgs, const char **old_names, unsigned k)
{
	while (k-- > 0) {
		const char *now = imgs[k]->name;
		imgs[k]->name = old_names[k];
		act_rename(x, vg, now, imgs[k]);
		imgs[k]->name = now;
	}
}

/* An active LV's sync state: 1 in sync, 0 not, -1 unknown (logged by the caller). */
static int in_sync(struct ctx *x, const struct vg *vg, const struct lv *lv)
{
	struct dt_status st;
	memset(&st, 0, sizeof(st));
	if (act_status(x, vg, lv, &st) || !st.has_percent || !st.denom)
		return -1;
	return st.numer == st.denom;
}

int lv_mirror_to_raid1(struct ctx *x, struct vg *vg, struct lv *lv)
{
	struct lv_seg *seg = lv->n_segs == 1 ? &lv->segs[0] : NULL;
	int r;

	if (!seg || !seg_is_mirror(seg) || !seg->raid) {
		log_error("Can't convert %s/%s to raid1: it is not a mirror LV.", vg->name, lv->name);
		return -EINVAL;
	}
	if ((r = lv_mirror_log_check(vg, lv, "convert")))
		return r;
	if (!dmk_available() || !act_state(x, vg, lv)) {
		log_error("%s/%s must be active to perform this operation.", vg->name, lv->name);
		return -EINVAL;
	}
	if (in_sync(x, vg, lv) != 1) {
		log_error("Unable to convert %s/%s while it is not in-sync.", vg->name, lv->name);
		return -EINVAL;
	}
	unsigned n = seg->n_areas;
	struct lv **imgs = arena_alloc(&x->arena, n * sizeof(*imgs));
	struct lv **metas = arena_alloc(&x->arena, n * sizeof(*metas));
	const char **old_names = arena_alloc(&x->arena, n * sizeof(*old_names));
	struct lv *log = seg->raid->log ? vg_find_lv(vg, seg->raid->log) : NULL;
	if (seg->raid->log && !log) {
		log_error("Can't convert %s/%s: its mirror log %s is missing.", vg->name, lv->name, seg->raid->log);
		return -EINVAL;
	}
	if ((r = images_of(x, vg, lv, seg, "_rimage_", "_rmeta_", imgs, old_names)))
		return r;
	uint32_t region = seg->raid->region_size ? seg->raid->region_size : RAID_REGION_SIZE_DEFAULT;
	for (unsigned k = 0; k < n; k++) {
		metas[k] = lv_sub_new(x, lv, arena_printf(&x->arena, "_rmeta_%u", k), (uint64_t)time(NULL));
		if ((r = lv_raid_meta_beside(x, vg, lv, imgs[k], region, metas[k]))) {
			while (k-- > 0)	/* the rmeta LVs added so far go again */
				vg_remove_lv(vg, metas[k]);
			return r;
		}
		lv_vg_add(&x->arena, vg, metas[k]);
	}

	/* The new layout. */
	struct lv_seg old_seg = *seg;
	struct seg_raid old_raid = *seg->raid;
	struct seg_area *areas = arena_alloc(&x->arena, n * sizeof(*areas));
	struct seg_raid *rd = seg->raid;
	rd->meta = arena_alloc(&x->arena, n * sizeof(*rd->meta));
	rd->log = NULL;
	rd->region_size = region;
	rd->extents_moved = UINT64_MAX;
	rd->data_offset = 1;
	for (unsigned k = 0; k < n; k++) {
		imgs[k]->name = arena_printf(&x->arena, "%s_rimage_%u", lv->name, k);
		rd->meta[k] = metas[k]->name;
		areas[k] = (struct seg_area){.kind = AREA_LV, .lv_name = imgs[k]->name, .le = 0};
	}
	seg->areas = areas;
	seg_set_segtype(seg, &segtype_raid1);
	seg->stripe_count = n;
	if (log)
		vg_remove_lv(vg, log);

	if ((r = vg_commit(x, vg)))
		goto undo;
	if (x->test)
		return 0;
	for (unsigned k = 0; k < n; k++)
		if ((r = lv_raid_zero_lv(x, vg, metas[k], 1 << 20)))
			goto undo;
	/* The image devices get their new names first: the tree finds them
	 * by uuid and name. */
	unsigned renamed = rename_images(x, vg, imgs, old_names, n, &r);
	if (r)
		goto undo_names;
	/* The images are in sync: the first raid table says nosync. */
	lv->flags.status |= LV_NOTSYNCED;
	r = act_reload(x, vg, lv);
	lv->flags.status &= ~(uint32_t)LV_NOTSYNCED;
	if (r) {
		log_error("Reloading %s/%s failed: the previous layout is kept.", vg->name, lv->name);
		goto undo_names;
	}
	if (log && deact_lv(x, vg, log, true))
		return -EIO;
	return 0;

undo_names:
	unrename_images(x, vg, imgs, old_names, renamed);
undo:
	*seg = old_seg;
	*seg->raid = old_raid;
	for (unsigned k = 0; k < n; k++) {
		imgs[k]->name = old_names[k];
		vg_remove_lv(vg, metas[k]);
	}
	if (log)
		lv_vg_add(&x->arena, vg, log);
	if (!x->test && vg_commit(x, vg))
		log_error("Restoring the metadata of %s/%s failed: check it with vgck.", vg->name, lv->name);
	return r;
}

int lv_raid1_to_mirror(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_to_mirror_params *p)
{
	struct lv_seg *seg = lv->n_segs == 1 ? &lv->segs[0] : NULL;
	int r;

	if (!seg || !seg_is_raid(seg) || !seg->raid || !seg->raid->meta || seg->segtype != &segtype_raid1) {
		log_error("Can't convert %s/%s to mirror: it is not a raid1 LV.", vg->name, lv->name);
		return -EINVAL;
	}
	unsigned n = seg->n_areas;
	if (n > 8) {	/* LVM2's DEFAULT_MIRROR_MAX_IMAGES */
		log_error("Unable to convert raid1 LV %s/%s with %u images to mirror.", vg->name, lv->name, n);
		log_error("At least reduce to the maximum of 8 images with \"lvconvert -m7 %s/%s\".", vg->name, lv->name);
		return -EINVAL;
	}
	if (!dmk_available() || !act_state(x, vg, lv)) {
		log_error("%s/%s must be active to perform this operation.", vg->name, lv->name);
		return -EINVAL;
	}
	if (lv_is_snap_origin(vg, lv)) {
		log_error("Can't convert RAID LV %s/%s while under snapshot.", vg->name, lv->name);
		return -EINVAL;
	}
	if (in_sync(x, vg, lv) != 1) {
		log_error("Unable to convert %s/%s while it is not in-sync.", vg->name, lv->name);
		return -EINVAL;
	}
	if (!p->yes && !(p->confirm && p->confirm(p->confirm_arg, arena_printf(&x->arena,
			 "Are you sure you want to convert %s/%s back to the older mirror type?", vg->name, lv->name)))) {
		log_error("Logical volume %s/%s NOT converted to \"mirror\".", vg->name, lv->name);
		return -ECANCELED;
	}
	if ((r = vg_check_writable(x, vg)))
		return r;
	/* imgs[n..2n): the rmeta LVs, which the log avoids as well */
	struct lv **imgs = arena_alloc(&x->arena, 2 * n * sizeof(*imgs));
	const char **old_names = arena_alloc(&x->arena, n * sizeof(*old_names));
	if ((r = images_of(x, vg, lv, seg, "_mimage_", NULL, imgs, old_names)))
		return r;
	for (unsigned k = 0; k < n; k++)
		if (!(imgs[n + k] = vg_find_lv(vg, seg->raid->meta[k]))) {
			log_error("Can't convert %s/%s: its metadata LV %s is missing.", vg->name, lv->name,
				  seg->raid->meta[k]);
			return -EINVAL;
		}
	if (vg_find_lv(vg, arena_printf(&x->arena, "%s_mlog", lv->name))) {
		log_error("Can't convert %s/%s: an LV named %s_mlog exists.", vg->name, lv->name, lv->name);
		return -EEXIST;
	}
	struct alloc_pv_arg *pa = NULL;
	if ((r = lv_pv_args(x, vg, p->pvs, p->n_pvs, &pa)))
		return r;
	uint32_t region = seg->raid->region_size ? seg->raid->region_size : RAID_REGION_SIZE_DEFAULT;
	unsigned n_lvs = vg->n_lvs;
	struct lv **old_lvs = arena_alloc(&x->arena, (n_lvs + 1) * sizeof(*old_lvs));
	memcpy(old_lvs, vg->lvs, n_lvs * sizeof(*old_lvs));
	struct lv *log;
	if ((r = lv_mirror_place_log(x, vg, lv, imgs, 2 * n, lv_mirror_log_extents(region, vg->extent_size,
										   lv->size_extents),
				     region, 1, pa, p->n_pvs, lv_alloc_policy(NULL, vg, NULL), &log)))
		return r;
	/* LVM2 creates the log with the VG's policy, written out */
	log->alloc = vg->alloc ? vg->alloc : "normal";
	if ((r = lv_mirror_log_init(x, vg, log, true)))
		goto undo;

	/* The new layout. */
	struct lv_seg *old_segs = lv->segs;
	for (unsigned k = 0; k < n; k++) {
		vg_remove_lv(vg, imgs[n + k]);
		imgs[k]->name = arena_printf(&x->arena, "%s_mimage_%u", lv->name, k);
	}
	lv_mirrored_seg(x, lv, &segtype_mirror, lv->size_extents, region, imgs, n)->raid->log = log->name;

	if ((r = vg_commit(x, vg)))
		goto undo;
	if (x->test)
		return 0;
	unsigned renamed = rename_images(x, vg, imgs, old_names, n, &r);
	if (r)
		goto undo_names;
	if ((r = act_reload(x, vg, lv))) {
		log_error("Reloading %s/%s failed: the previous layout is kept.", vg->name, lv->name);
		goto undo_names;
	}
	for (unsigned k = 0; k < n; k++)
		if (deact_lv(x, vg, imgs[n + k], true))
			log_warn("Failed to remove the device of %s/%s.", vg->name, imgs[n + k]->name);
	return 0;

undo_names:
	unrename_images(x, vg, imgs, old_names, renamed);
	lv->segs = old_segs;
	lv->n_segs = 1;
	for (unsigned k = 0; k < n; k++)
		imgs[k]->name = old_names[k];
	vg->n_lvs = 0;
	for (unsigned i = 0; i < n_lvs; i++)
		lv_vg_add(&x->arena, vg, old_lvs[i]);
	if (vg_commit(x, vg))
		log_error("Restoring the metadata of %s/%s failed: check it with vgck.", vg->name, lv->name);
	return r;
undo:
	if (lv->segs != seg) {
		lv->segs = seg;
		lv->n_segs = 1;
	}
	for (unsigned k = 0; k < n; k++)
		imgs[k]->name = old_names[k];
	vg->n_lvs = 0;
	for (unsigned i = 0; i < n_lvs; i++)
		lv_vg_add(&x->arena, vg, old_lvs[i]);
	return r;
}
