/* lvconvert -R|--regionsize SIZE VG/LV of a raid1 LV, as LVM2 2.03.16's
 * lv_raid_change_region_size (lib/metadata/raid_manip.c,
 * _region_size_change_requested), in its order: the same size refused;
 * not below the stripe size nor above the LV; raised to keep the LV under
 * 2^21 regions (LVM2's raid_ensure_min_region_size, said); the question;
 * the bitmap must fit the rmeta LVs as they are; the LV active and in
 * sync (the kernel's status). Then the metadata and the LV's table
 * reloaded with the new region_size (dm-raid takes it on an in-sync
 * array); a failed reload keeps the old table and the old metadata. */
#include <errno.h>
#include <stdio.h>

#include "lvmgr/activate.h"
#include "lvmgr/base/units.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/lv_raid_region.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/raid.h"

int lv_raid_in_sync(struct ctx *x, const struct vg *vg, const struct lv *lv, const char *refusal)
{
	struct dt_status st;
	bool known = !act_status(x, vg, lv, &st) && st.has_percent && st.denom;
	if (!known)
		log_error("Unable to determine sync status of %s/%s.", vg->name, lv->name);
	if (!known || st.numer != st.denom) {
		log_error("%s", refusal);
		return -EINVAL;
	}
	return 0;
}

int lv_raid_change_region(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_region_params *p)
{
	struct lv_seg *seg = lv->n_segs == 1 && seg_is_raid(&lv->segs[0]) ? &lv->segs[0] : NULL;
	char b1[32], b2[32];
	if (!seg || !seg->raid) {
		lv_type_refused(vg, lv);	/* LVM2's command definition (LV_raid), first */
		return -EINVAL;
	}
	const char *type = seg_segtype(seg)->name;
	uint32_t old = seg->raid->region_size ? seg->raid->region_size : RAID_REGION_SIZE_DEFAULT;
	uint64_t size = lv->size_extents * vg->extent_size;
	if (p->region == old) {
		log_error("Region size is already %s on %s LV %s/%s.", units_format_long(old, b1, sizeof(b1)), type,
			  vg->name, lv->name);
		return -EINVAL;
	}
	if (p->region < seg->raid->stripe_size) {
		log_error("Region size may not be smaller than stripe size on %s LV %s/%s.", type, vg->name, lv->name);
		return -EINVAL;
	}
	if (p->region > size) {
		log_error("Region size is too large for %s LV %s/%s.", type, vg->name, lv->name);
		return -EINVAL;
	}
	uint32_t region = p->region;
	while ((uint64_t)region < size / (1u << 21))
		region *= 2;
	if (region != p->region)
		log_print("Adjusting region size of %s/%s LV from %s to %s.", vg->name, lv->name,
			  units_format_long(p->region, b1, sizeof(b1)), units_format_long(region, b2, sizeof(b2)));
	if (region == old) {
		log_error("Region size is already matching %s on %s LV %s/%s due to adjustment.",
			  units_format_long(region, b1, sizeof(b1)), type, vg->name, lv->name);
		return -EINVAL;
	}
	if (!p->yes &&
	    !p->confirm(p->confirm_arg, arena_printf(&x->arena, "Do you really want to change the region_size %s of LV %s/%s to %s?",
						     units_format_long(old, b1, sizeof(b1)), vg->name, lv->name,
						     units_format_long(region, b2, sizeof(b2))))) {
		log_error("Logical volume %s/%s NOT converted.", vg->name, lv->name);
		return -ECANCELED;
	}
	/* The bitmap for the new region size must fit the rmeta LVs. */
	const struct lv *meta0 = seg->raid->meta && seg->n_areas ? vg_find_lv(vg, seg->raid->meta[0]) : NULL;
	if (meta0 && meta0->size_extents < lv_raid_pair_extents(vg, lv->size_extents, region) - lv->size_extents) {
		log_error("Region size %s on %s/%s is too small for metadata LV size.",
			  units_format_long(region, b1, sizeof(b1)), vg->name, lv->name);
		return -EINVAL;
	}
	int r = lv_raid_in_sync(x, vg, lv,
				arena_printf(&x->arena, "Unable to change region size on %s LV %s/%s while it is not in-sync.",
					     type, vg->name, lv->name));
	if (r)
		return r;
	uint32_t saved = seg->raid->region_size;
	seg->raid->region_size = region;
	if ((r = vg_commit(x, vg)))
		goto undo;
	if (!x->test && (r = act_reload(x, vg, lv))) {
		log_error("Reloading %s/%s failed: the region size stays %s.", vg->name, lv->name,
			  units_format_long(old, b1, sizeof(b1)));
		goto undo;
	}
	log_print("Changed region size on %s LV %s/%s to %s.", type, vg->name, lv->name,
		  units_format_long(region, b1, sizeof(b1)));
	return 0;
undo:
	seg->raid->region_size = saved;
	if (!x->test && vg_commit(x, vg))
		log_error("Restoring the metadata of %s/%s failed: check it with vgck.", vg->name, lv->name);
	return r;
}
