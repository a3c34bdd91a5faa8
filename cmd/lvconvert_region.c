/* lvconvert -R|--regionsize SIZE VG/LV: a raid1 LV's region size
 * (lvmgr/lv_raid_region.c). */
#include "cmd/common.h"
#include "lvmgr/lock.h"
#include "lvmgr/lv_raid_region.h"
#include "lvmgr/vgio.h"

int lvconvert_regionsize(struct cmd *c)
{
	struct lv_region_params p = {
		.region = (uint32_t)arg_val(c, ARG_REGIONSIZE)->num, .yes = arg_is_set(c, ARG_YES),
		.confirm = cmd_confirm_cb, .confirm_arg = c,
	};
	const char *vgname, *lvname;
	struct vg *vg;
	struct lv *lv;
	int r = lv_arg_for_update(c, 0, &vgname, &lvname, &vg, &lv);
	return r ? r : lv_raid_change_region(&c->ctx, vg, lv, &p) ? ECMD_FAILED : ECMD_PROCESSED;
}
