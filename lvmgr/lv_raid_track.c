/* Split with tracking of raid1 images, as LVM2 2.03.16
 * (lib/metadata/raid_manip.c lv_raid_split_and_track, lv_raid_merge; the
 * refusals of tools/lvconvert.c), checked against it in the VM
 * (tests/kernel/track-guest):
 *   - split: the image stays in the raid1 segment; it only gets VISIBLE
 *     and loses WRITE (metadata status ["READ", "VISIBLE"]). The raid1
 *     table then has "- -" in its slot (activation/targets/raid.c): the
 *     kernel's bitmap records the regions written meanwhile. The image's
 *     device stays as it was (writable: LVM2 keeps raid sub-LVs writable
 *     in the kernel), its rmeta's device stays active but unused;
 *   - merge: the image's rmeta and image devices go, the image is hidden
 *     and writable again, and the raid1 LV's table is loaded with them
 *     back in: dm-raid resyncs the regions its bitmap marked;
 *   - an inactive raid1 LV has no sync status, so it cannot be split;
 *     merging works on it (metadata only), as in LVM2. */
#include <errno.h>
#include <string.h>

#include "lvmgr/activate.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/lv_raid_track.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/raid.h"

int lv_raid_track_conversion_check(const struct vg *vg, const struct lv *lv)
{
	bool meta = false;
	const struct lv *owner;
	if (raid_tracked_image(vg, lv, NULL)) {
		log_error("Conversion of tracking raid1 LV %s/%s is not supported.", vg->name, lv->name);
		return -EBUSY;
	}
	if ((owner = raid_owner_of(vg, lv, NULL, &meta)) && !meta && raid_image_is_tracked(lv)) {
		/* LVM2 2.03.16 cuts the raid1 LV's name one character short
		 * (dm_strncpy) before it looks for it, so this is what it says. */
		log_error("Failed to find RaidLV of RAID subvolume %s/%s.", vg->name, lv->name);
		return -EBUSY;
	}
	return 0;
}

int lv_raid_split_track(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_split_params *p)
{
	struct lv_seg *seg = lv->n_segs == 1 ? &lv->segs[0] : NULL;
	int r;

	if (!seg || !seg_is_raid(seg) || !seg->raid) {
		lv_type_refused(vg, lv);	/* LVM2's command definitions, first */
		return -EINVAL;
	}
	if ((r = lv_raid_track_conversion_check(vg, lv)))
		return r;
	unsigned cur = seg->n_areas;
	if (p->count >= cur) {
		log_error("Unable to split images by specified amount.");
		return -EINVAL;
	}
	if (p->count != 1) {
		log_error("Exactly one image must be split off from %s/%s when tracking changes.", vg->name, lv->name);
		return -EINVAL;
	}
	if ((r = lv_raid_in_sync(x, vg, lv,
				 arena_printf(&x->arena, "Unable to split image from %s/%s while not in-sync.", vg->name, lv->name))))
		return r;
	if (cur == 2 && !p->yes &&
	    !p->confirm(p->confirm_arg, arena_printf(&x->arena, "Are you sure you want to split and track %s LV %s/%s losing resilience for any newly written data?",
						     seg_segtype(seg)->name, vg->name, lv->name))) {
		log_error("Logical volume %s/%s NOT split.", vg->name, lv->name);
		return -ECANCELED;
	}
	unsigned k;
	/* the highest index on the PVs named (LVM2 walks from the end) */
	if ((r = lv_split_pick_image(x, vg, lv, p, false, "Unable to find image to satisfy request.", &k)))
		return r;
	struct lv *img = vg_find_lv(vg, seg->areas[k].lv_name);
	if (!img) {
		log_error("Can't split %s/%s: its image %s is missing.", vg->name, lv->name, seg->areas[k].lv_name);
		return -EINVAL;
	}
	uint32_t old = img->flags.status;
	img->flags.status = (old & ~(uint32_t)LV_WRITE) | LV_VISIBLE;
	if ((r = vg_commit(x, vg)))
		goto undo;
	if (x->test)
		return 0;
	if ((r = act_reload(x, vg, lv))) {
		log_error("Reloading %s/%s failed: the image stays in the array.", vg->name, lv->name);
		goto undo;
	}
	log_print("%s/%s split from %s/%s for read-only purposes.", vg->name, img->name, vg->name, lv->name);
	/* Its device is there already (same table); this adds /dev/VG/LV. */
	if ((r = act_lv(x, vg, img, false, NULL)))
		log_error("Activating %s/%s failed.", vg->name, img->name);
	if (cur == 2)
		log_warn("Any newly written data will be non-resilient on LV %s/%s during the split!", vg->name,
			 lv->name);
	log_print("Use 'lvconvert --merge %s/%s' to merge back into %s/%s.", vg->name, img->name, vg->name, lv->name);
	return r;

undo:
	img->flags.status = old;
	if (!x->test && vg_commit(x, vg))
		log_error("Restoring the metadata of %s/%s failed: check it with vgck.", vg->name, lv->name);
	return r;
}

int lv_raid_merge_image(struct ctx *x, struct vg *vg, struct lv *img)
{
	unsigned k = 0;
	bool meta = false;
	int r;

	if (img->flags.status & LV_WRITE) {
		log_error("%s/%s cannot be merged because --trackchanges was not used.", vg->name, img->name);
		return -EINVAL;
	}
	if (!strstr(img->name, "_rimage_")) {
		log_error("Unable to merge non-raid image %s/%s.", vg->name, img->name);
		return -EINVAL;
	}
	struct lv *lv = raid_owner_of(vg, img, &k, &meta);
	if (!lv || meta) {
		log_error("Unable to find containing RAID array for %s/%s.", vg->name, img->name);
		return -EINVAL;
	}
	struct lv_seg *seg = &lv->segs[0];
	struct lv *rmeta = seg->raid->meta && seg->raid->meta[k] ? vg_find_lv(vg, seg->raid->meta[k]) : NULL;
	if (!rmeta) {
		log_error("Failed to find meta for %s/%s in RAID array %s/%s.", vg->name, img->name, vg->name, lv->name);
		return -EINVAL;
	}
	/* Their devices go: the reload below makes them again under the LV. */
	if (deact_lv(x, vg, rmeta, false)) {
		log_error("Failed to deactivate %s/%s before merging.", vg->name, rmeta->name);
		return -EBUSY;
	}
	if (deact_lv(x, vg, img, false)) {
		log_error("Failed to deactivate %s/%s before merging.", vg->name, img->name);
		return -EBUSY;
	}
	uint32_t old = img->flags.status;
	img->flags.status = (old & ~(uint32_t)LV_VISIBLE) | (lv->flags.status & LV_WRITE);
	if ((r = vg_commit(x, vg)))
		goto undo;
	if (x->test)
		return 0;
	if ((r = act_reload(x, vg, lv))) {
		log_error("Reloading %s/%s failed: %s/%s stays split.", vg->name, lv->name, vg->name, img->name);
		goto undo;
	}
	log_print("%s/%s successfully merged back into %s/%s.", vg->name, img->name, vg->name, lv->name);
	return 0;

undo:
	img->flags.status = old;
	if (!x->test && vg_commit(x, vg))
		log_error("Restoring the metadata of %s/%s failed: check it with vgck.", vg->name, lv->name);
	return r;
}
