/* lvconvert --type raid1 of a mirror LV, as LVM2 2.03.16's
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
 * back; run_tree keeps the old table when the new one fails to load. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lvmgr/activate.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/raid.h"

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
	struct dt_status st;
	if (act_status(x, vg, lv, &st) || !st.has_percent || !st.denom || st.numer != st.denom) {
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
	for (unsigned k = 0; k < n; k++) {
		imgs[k] = seg->areas[k].kind == AREA_LV ? vg_find_lv(vg, seg->areas[k].lv_name) : NULL;
		if (!imgs[k] || !imgs[k]->n_segs || imgs[k]->segs[0].areas[0].kind != AREA_PV ||
		    !imgs[k]->segs[0].areas[0].pv->sd) {
			log_error("Can't convert %s/%s: image %u is missing or not on a present PV.", vg->name, lv->name,
				  k);
			return -EINVAL;
		}
		old_names[k] = imgs[k]->name;
		const char *nn = arena_printf(&x->arena, "%s_rimage_%u", lv->name, k);
		if (vg_find_lv(vg, nn) || vg_find_lv(vg, arena_printf(&x->arena, "%s_rmeta_%u", lv->name, k))) {
			log_error("Can't convert %s/%s: an LV named %s or %s_rmeta_%u exists.", vg->name, lv->name, nn,
				  lv->name, k);
			return -EEXIST;
		}
	}
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
	unsigned renamed = 0;
	for (; renamed < n; renamed++)
		if ((r = act_rename(x, vg, old_names[renamed], imgs[renamed])))
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
	while (renamed-- > 0) {
		const char *now = imgs[renamed]->name;
		imgs[renamed]->name = old_names[renamed];
		act_rename(x, vg, now, imgs[renamed]);
		imgs[renamed]->name = now;
	}
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
