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
	const char *arg = vg_name_arg(c->pos[0]), *slash = strchr(arg, '/');
	struct vg *vg;
	struct lv *lv;

	if (!slash) {
		log_error("Please specify a logical volume path (VG/LV): %s", arg);
		return EINVALID_CMD_LINE;
	}
	const char *vgname = arena_strndup(&x->arena, arg, (size_t)(slash - arg)), *lvname = slash + 1;
	if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(x, vgname, VG_READ_FOR_UPDATE, &vg))
		return ECMD_FAILED;
	if (!(lv = vg_find_lv(vg, lvname))) {
		log_error("Failed to find logical volume \"%s/%s\"", vgname, lvname);
		return ECMD_FAILED;
	}
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
