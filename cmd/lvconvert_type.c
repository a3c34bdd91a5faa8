/* lvconvert --type raid1 VG/LV without -m: a mirror LV to raid1
 * (lv_mirror_to_raid1, lvmgr/lv_mirror_convert.c). */
#include <string.h>

#include "cmd/common.h"
#include "lvmgr/lock.h"
#include "lvmgr/lv_api.h"
#include "lvmgr/vgio.h"

int lvconvert_to_raid1(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	struct vg *vg;
	struct lv *lv;

	const char *vgname, *lvname;
	int r = lv_path_arg(c, c->pos[0], &vgname, &lvname);
	if (r)
		return r;
	if (lv_read_for_update(c, vgname, lvname, 0, &vg, &lv))
		return ECMD_FAILED;
	const struct lv_seg *seg = lv->n_segs == 1 ? &lv->segs[0] : NULL;
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
