/* lvconvert --splitmirrors N --name NEW of raid1 and mirror LVs, as LVM2
 * 2.03.16 (lib/metadata/raid_manip.c lv_raid_split, mirror.c
 * _split_mirror_images), checked against it in the VM:
 *   - the LV must be active and in sync (LVM2 reads the kernel's status;
 *     an inactive LV has none: "Unable to determine sync status");
 *   - raid1: one image at a time ("Unable to split more than one image");
 *     the last image (or the last one on the PVs named) goes: its rimage
 *     becomes the visible linear LV NEW (its id, times and extents kept:
 *     the dm uuid does not change), its rmeta is removed; from 2 images
 *     the LV itself becomes linear on the other image's extents and its
 *     rmeta, rimage go too. An image from the middle (PVs named): the
 *     images after it take the names of the ones before (LVM2's shift,
 *     lv_raid_shift_names: a second commit, devices renamed);
 *   - mirror: the mimage on the PVs named (else the last) becomes NEW the
 *     same way, the others keep their names and order (LVM2's
 *     shift_mirror_images moves it to the end first); from 2 images the
 *     LV becomes linear on the other mimage's extents, the log and that
 *     mimage go. Splitting several mirror images at once makes NEW a
 *     mirror with a core log in LVM2: not in lvmgr (refused, nothing
 *     written).
 * The kernel: the LV's table reloaded over the images left, the split
 * image's device renamed to VG-NEW (same table, same uuid), the removed
 * sub-LVs' devices removed. A failed reload leaves the old table live
 * (run_tree's rule) and the old metadata is committed again. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lvmgr/activate.h"
#include "activation/dtree.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/raid.h"

/* What the split changes, to put it back when the kernel refuses it. */
struct undo {
	struct lv_seg *segs;
	unsigned n_segs;
	uint64_t size_extents;
	struct lv_seg seg0;
	struct seg_area *areas;
	const char **meta;
	const char *split_name;
	uint32_t split_status;
};

int lv_split_pick_image(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_split_params *p, bool meta_too,
			const char *none, unsigned *out)
{
	const struct lv_seg *seg = &lv->segs[0];
	struct alloc_pv_arg *pa = NULL;
	int r;
	if (!p->n_pvs) {
		*out = seg->n_areas - 1;
		return 0;
	}
	if ((r = lv_pv_args(x, vg, p->pvs, p->n_pvs, &pa)))
		return r;
	for (unsigned k = seg->n_areas; k-- > 0;) {
		const struct lv *img = vg_find_lv(vg, seg->areas[k].lv_name);
		const struct lv *meta = meta_too && seg->raid && seg->raid->meta && seg->raid->meta[k] ?
						vg_find_lv(vg, seg->raid->meta[k]) : NULL;
		for (unsigned i = 0; i < p->n_pvs; i++) {
			struct pv *pv = NULL;
			for (unsigned v = 0; v < vg->n_pvs && !pv; v++)
				if (vg->pvs[v]->sd && !strcmp(vg->pvs[v]->sd->dev.path, pa[i].name))
					pv = vg->pvs[v];
			if (pv && ((img && lv_uses_pv(img, pv)) || (meta && lv_uses_pv(meta, pv)))) {
				*out = k;
				return 0;
			}
		}
	}
	log_error("%s", none);
	return -EINVAL;
}

/* In sync by the kernel's status (LVM2's _raid_in_sync and
 * _mirrored_lv_in_sync, with their messages). */
static int check_in_sync(struct ctx *x, struct vg *vg, struct lv *lv, bool mirror)
{
	struct dt_status st;
	if (act_status(x, vg, lv, &st) || !st.has_percent || !st.denom) {
		if (mirror) {
			log_error("Unable to determine mirror sync status of %s/%s.", vg->name, lv->name);
			log_error("Unable to split mirror %s/%s that is not in-sync.", vg->name, lv->name);
		} else {
			log_error("Unable to determine sync status of %s/%s.", vg->name, lv->name);
			log_error("Unable to split %s/%s while it is not in-sync.", vg->name, lv->name);
		}
		return -EINVAL;
	}
	if (st.numer != st.denom) {
		if (mirror)
			log_error("Unable to split mirror %s/%s that is not in-sync.", vg->name, lv->name);
		else
			log_error("Unable to split %s/%s while it is not in-sync.", vg->name, lv->name);
		return -EINVAL;
	}
	return 0;
}

/* An existing dm device named VG-NEW would make the rename fail after the
 * commit: refuse before anything is written. */
static int check_dm_name_free(struct ctx *x, const struct vg *vg, const char *name)
{
	const char *dm = dm_lv_name(&x->arena, vg->name, name);
	if (act_dm_name_used(x, dm)) {
		log_error("Cannot split off %s/%s: a device-mapper device %s already exists.", vg->name, name, dm);
		return -EEXIST;
	}
	return 0;
}

/* The raid1 images left after a split from the middle take their
 * index's names (LVM2's _shift_and_rename_image_components). */
static int shift_after_split(struct ctx *x, struct vg *vg, struct lv *lv)
{
	const struct lv_seg *seg = &lv->segs[0];
	unsigned n = seg->n_areas;
	struct lv **imgs = arena_alloc(&x->arena, n * sizeof(*imgs));
	struct lv **metas = arena_alloc(&x->arena, n * sizeof(*metas));
	for (unsigned k = 0; k < n; k++) {
		imgs[k] = vg_find_lv(vg, seg->areas[k].lv_name);
		metas[k] = vg_find_lv(vg, seg->raid->meta[k]);
		if (!imgs[k] || !metas[k])
			return -EINVAL;
	}
	return lv_raid_shift_names(x, vg, lv, metas, imgs, n);
}

int lv_split_images(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_split_params *p)
{
	struct lv_seg *seg = lv->n_segs == 1 ? &lv->segs[0] : NULL;
	bool raid = seg && seg_is_raid(seg) && seg->raid, mirror = seg && seg_is_mirror(seg) && seg->raid;
	char err[256] = "";
	int r;

	if (mirror && (r = lv_mirror_log_check(vg, lv, "split")))
		return r;
	if (!raid && !mirror) {
		lv_type_refused(vg, lv);	/* LVM2's command definitions, first */
		return -EINVAL;
	}
	unsigned cur = seg->n_areas;
	if (p->count >= cur) {
		if (mirror)
			log_error("Unable to reduce images by specified amount - only %u in %s", cur, lv->name);
		else
			log_error("Unable to split images by specified amount.");
		return -EINVAL;
	}
	if (raid && p->count != 1) {
		log_error("Unable to split more than one image from %s/%s.", vg->name, lv->name);
		return -EINVAL;
	}
	if (mirror && p->count != 1) {
		log_error("Cannot split %u images of mirror %s/%s at once: the new LV would be a mirror (not in lvmgr yet; split one at a time).",
			  p->count, vg->name, lv->name);
		return -ENOTSUP;
	}
	if ((r = lv_name_check_in(vg, vg->name, p->name, err, sizeof(err)))) {
		if (r == -EEXIST)
			log_error("Logical Volume \"%s\" already exists in %s.", p->name, vg->name);
		else
			log_error("%s", err);
		return -EINVAL;
	}
	/* An inactive LV has no sync status: LVM2's in-sync messages. */
	if ((r = check_in_sync(x, vg, lv, mirror)))
		return r;
	unsigned k;
	if ((r = lv_split_pick_image(x, vg, lv, p, true, "Unable to extract enough images to satisfy request.", &k)))
		return r;
	/* the image kept when the LV becomes linear: the other one */
	unsigned k0 = k ? 0 : 1;
	struct lv *img = vg_find_lv(vg, seg->areas[k].lv_name);
	struct lv *meta = raid && seg->raid->meta[k] ? vg_find_lv(vg, seg->raid->meta[k]) : NULL;
	struct lv *img0 = vg_find_lv(vg, seg->areas[k0].lv_name);
	struct lv *meta0 = raid && seg->raid->meta[k0] ? vg_find_lv(vg, seg->raid->meta[k0]) : NULL;
	struct lv *log = mirror && seg->raid->log ? vg_find_lv(vg, seg->raid->log) : NULL;
	if (!img || !img0 || (raid && (!meta || !meta0)) || (mirror && seg->raid->log && !log)) {
		log_error("Can't split %s/%s: one of its sub-LVs is missing.", vg->name, lv->name);
		return -EINVAL;
	}
	for (unsigned i = 0; i < img->n_segs; i++)
		if (img->segs[i].areas[0].kind != AREA_PV || !img->segs[i].areas[0].pv->sd) {
			log_error("Can't split %s/%s: image %s is not on a present PV.", vg->name, lv->name, img->name);
			return -EINVAL;
		}
	if ((r = check_dm_name_free(x, vg, p->name)))
		return r;
	if (cur == 2 && !p->yes &&
	    !p->confirm(p->confirm_arg, arena_printf(&x->arena, "Are you sure you want to split %s LV %s/%s losing all resilience?",
						     seg_segtype(seg)->name, vg->name, lv->name))) {
		log_error("Logical volume %s/%s NOT split.", vg->name, lv->name);
		return -ECANCELED;
	}

	/* The new layout. */
	struct undo u = {.segs = lv->segs, .n_segs = lv->n_segs, .size_extents = lv->size_extents, .seg0 = *seg,
			 .areas = seg->areas, .meta = raid ? seg->raid->meta : NULL, .split_name = img->name,
			 .split_status = img->flags.status};
	struct lv *gone[4];
	unsigned n_gone = 0;
	const char *old_img_name = img->name;
	if (meta)
		gone[n_gone++] = meta;
	if (cur == 2) {
		/* The LV takes image 0's extents; image 0 and the rest go. */
		if (meta0)
			gone[n_gone++] = meta0;
		gone[n_gone++] = img0;
		if (log)
			gone[n_gone++] = log;
		lv->segs = img0->segs;
		lv->n_segs = img0->n_segs;
		lv->size_extents = img0->size_extents;
	} else {
		/* Area k goes, those after it move down (new arrays: the old
		 * ones are the undo's). */
		struct seg_area *areas = arena_alloc(&x->arena, cur * sizeof(*areas));
		const char **metas = raid ? arena_alloc(&x->arena, cur * sizeof(*metas)) : NULL;
		for (unsigned i = 0, j = 0; i < cur; i++) {
			if (i == k)
				continue;
			areas[j] = seg->areas[i];
			if (metas)
				metas[j] = seg->raid->meta[i];
			j++;
		}
		seg->areas = areas;
		if (metas)
			seg->raid->meta = metas;
		seg->n_areas = seg->stripe_count = cur - 1;
	}
	img->name = p->name;
	img->flags.status = (img->flags.status & ~(uint32_t)(LV_REBUILD)) | LV_VISIBLE;
	for (unsigned i = 0; i < n_gone; i++)
		vg_remove_lv(vg, gone[i]);

	if ((r = vg_commit(x, vg)))
		goto undo_meta;
	if (x->test)
		return 0;
	if ((r = act_reload(x, vg, lv))) {
		log_error("Reloading %s/%s failed: the previous layout is kept.", vg->name, lv->name);
		goto undo_meta;
	}
	if ((r = act_rename(x, vg, old_img_name, img)))
		log_error("Renaming the device of %s/%s failed.", vg->name, img->name);
	for (unsigned i = 0; i < n_gone; i++)
		if (deact_lv(x, vg, gone[i], true))
			r = -EIO;
	if (!r && raid && cur > 2 && k != cur - 1)
		r = shift_after_split(x, vg, lv);
	return r;

undo_meta:
	lv->segs = u.segs;
	lv->n_segs = u.n_segs;
	lv->size_extents = u.size_extents;
	*seg = u.seg0;
	if (raid)
		seg->raid->meta = u.meta;
	img->name = u.split_name;
	img->flags.status = u.split_status;
	for (unsigned i = 0; i < n_gone; i++)
		lv_vg_add(&x->arena, vg, gone[i]);
	if (!x->test && vg_commit(x, vg))
		log_error("Restoring the metadata of %s/%s failed: check it with vgck.", vg->name, lv->name);
	return r;
}
