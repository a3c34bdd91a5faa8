/* lvconvert --mirrorlog core|disk|mirrored VG/LV [PV ...] and its synonym
 * --corelog: the log of a mirror LV (lv_mirror_log_convert,
 * lvmgr/lv_mirror_log.c). LVM2's form lvconvert_change_mirrorlog takes
 * mirror LVs only; the log already of the type asked is no error and no
 * message, as LVM2's. */
#include <string.h>

#include "cmd/common.h"
#include "lvmgr/lock.h"
#include "lvmgr/lv_api.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/raid.h"

int lvconvert_mirrorlog(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	struct vg *vg;
	struct lv *lv;

	const char *vgname, *lvname;
	int r = lv_path_arg(c, c->pos[0], &vgname, &lvname);
	if (r)
		return r;
	const char *want = arg_is_set(c, ARG_CORELOG) ? "core" : arg_str(c, ARG_MIRRORLOG, "disk");
	if (lv_read_for_update(c, vgname, lvname, 0, &vg, &lv))
		return ECMD_FAILED;
	if (!lv_is_visible(vg, lv)) {	/* LVM2's _lvconvert_visible_check */
		log_error("Operation not permitted on hidden LV %s/%s.", vgname, lvname);
		return ECMD_FAILED;
	}
	const struct lv_seg *seg = lv->n_segs ? &lv->segs[0] : NULL;
	if (!seg || !seg_is_mirror(seg) || (lv->flags.status & LV_PVMOVE)) {
		lv_type_refused(vg, lv);	/* LVM2's command table (LV_mirror), first */
		return ECMD_FAILED;
	}
	struct lv_mirror_log_params p = {
		.logs = !strcmp(want, "core") ? 0 : !strcmp(want, "disk") ? 1 : 2,
		.pvs = c->pos + 1, .n_pvs = (unsigned)c->n_pos - 1, .alloc = arg_str(c, ARG_ALLOC, NULL),
		.yes = arg_is_set(c, ARG_YES) || arg_is_set(c, ARG_FORCE), .confirm = cmd_confirm_cb, .confirm_arg = c,
	};
	const struct seg_raid *rd = lv_mirror_original(vg, lv)->segs[0].raid;
	const struct lv *log = rd && rd->log ? vg_find_lv(vg, rd->log) : NULL;
	unsigned cur = !log ? 0 : log->n_segs == 1 && seg_is_mirror(&log->segs[0]) ? 2 : 1;
	if (lv_mirror_log_convert(x, vg, lv, &p))
		return ECMD_FAILED;
	/* LVM2 says nothing when there was nothing to do. */
	if (cur != p.logs)
		log_print("Logical volume %s/%s converted.", vgname, lvname);
	return ECMD_PROCESSED;
}
