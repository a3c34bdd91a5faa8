/* lvconvert --type raid1 VG/LV without -m: a mirror LV to raid1
 * (lv_mirror_to_raid1, lvmgr/lv_mirror_convert.c); --type mirror: a raid1
 * LV to mirror (lv_raid1_to_mirror). */
#include <string.h>

#include "cmd/common.h"
#include "lvmgr/lock.h"
#include "lvmgr/lv_api.h"
#include "lvmgr/lv_raid_region.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/raid.h"

int lvconvert_to_raid1(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	struct vg *vg;
	struct lv *lv;

	const char *vgname, *lvname;
	int r = lv_arg_for_update(c, 0, &vgname, &lvname, &vg, &lv);
	if (r)
		return r;
	const struct lv_seg *seg = lv->n_segs == 1 ? &lv->segs[0] : NULL;
	if (seg && seg_is_raid(seg) && arg_is_set(c, ARG_REGIONSIZE)) {
		/* LVM2's lv_raid_convert: the same raid level with a region
		 * size is its region size change (_region_size_change_requested) */
		struct lv_region_params rp = {
			.region = (uint32_t)arg_val(c, ARG_REGIONSIZE)->num, .yes = arg_is_set(c, ARG_YES),
			.confirm = cmd_confirm_cb, .confirm_arg = c,
		};
		if (lv_raid_change_region(x, vg, lv, &rp))
			return ECMD_FAILED;
		log_print("Logical volume %s/%s successfully converted.", vgname, lvname);
		return ECMD_PROCESSED;
	}
	if (seg && seg_is_raid(seg)) {
		log_error("Logical volume %s/%s already is type raid1.", vgname, lvname);
		return ECMD_FAILED;
	}
	if (!seg || !seg_is_mirror(seg)) {
		/* LVM2 makes a linear LV a one-image raid1 here: not lvmgr's (use -m). */
		log_error("Can't convert %s/%s with --type raid1 alone: lvmgr converts mirror LVs this way (linear LVs with -m N).",
			  vgname, lvname);
		return ECMD_FAILED;
	}
	if (lv_mirror_to_raid1(x, vg, lv))
		return ECMD_FAILED;
	log_print("Logical volume %s/%s successfully converted.", vgname, lvname);
	return ECMD_PROCESSED;
}

/* lvconvert --type mirror VG/LV [PV ...] without -m: a raid1 LV to mirror
 * (lv_raid1_to_mirror, lvmgr/lv_mirror_convert.c); LVM2 asks -m of any
 * other LV. */
int lvconvert_to_mirror(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	struct vg *vg;
	struct lv *lv;

	const char *vgname, *lvname;
	int r = lv_arg_for_update(c, 0, &vgname, &lvname, &vg, &lv);
	if (r)
		return r;
	if (!lv_is_visible(vg, lv)) {	/* LVM2's _lvconvert_visible_check */
		log_error("Operation not permitted on hidden LV %s/%s.", vgname, lvname);
		return ECMD_FAILED;
	}
	const struct lv_seg *seg = lv->n_segs == 1 ? &lv->segs[0] : NULL;
	if (!seg || seg->segtype != &segtype_raid1) {
		log_error("Conversions to --type mirror require -m/--mirrors");
		return ECMD_FAILED;
	}
	struct lv_to_mirror_params p = {.pvs = c->pos + 1, .n_pvs = (unsigned)c->n_pos - 1,
					.yes = arg_is_set(c, ARG_YES), .confirm = cmd_confirm_cb, .confirm_arg = c};
	if (lv_raid1_to_mirror(x, vg, lv, &p))
		return ECMD_FAILED;
	log_print("Logical volume %s/%s successfully converted.", vgname, lvname);
	return ECMD_PROCESSED;
}
