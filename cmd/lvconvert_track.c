/* lvconvert --splitmirrors 1 --trackchanges VG/LV [PV ...] and
 * lvconvert --mergemirrors VG/LV_rimage_K ... (lvconvert --merge of such an
 * image comes here too, from cmd/snapshot.c, as LVM2's lvconvert_merge):
 * lvmgr/lv_raid_track.c. */
#include "cmd/common.h"
#include "lvmgr/lock.h"
#include "lvmgr/lv_raid_track.h"
#include "lvmgr/vgio.h"

int lvconvert_split_track(struct cmd *c)
{
	const char *vgname, *lvname;
	struct vg *vg;
	struct lv *lv;
	int r = lv_arg_for_update(c, 0, &vgname, &lvname, &vg, &lv);
	if (r)
		return r;
	const struct val *n = arg_val(c, ARG_SPLITMIRRORS);
	struct lv_split_params p = {
		.count = n->num > 1000 ? 1000 : (unsigned)n->num, .pvs = c->pos + 1, .n_pvs = (unsigned)c->n_pos - 1,
		.yes = arg_is_set(c, ARG_YES), .confirm = cmd_confirm_cb, .confirm_arg = c,
	};
	return lv_raid_split_track(&c->ctx, vg, lv, &p) ? ECMD_FAILED : ECMD_PROCESSED;
}

int lvconvert_merge_tracked(struct cmd *c, struct vg *vg, struct lv *img)
{
	return lv_raid_merge_image(&c->ctx, vg, img) ? ECMD_FAILED : ECMD_PROCESSED;
}

/* Each LV in turn, as LVM2's process_each_lv: a failure does not stop
 * the rest, the exit status is the worst. */
int lvconvert_merge_mirrors(struct cmd *c)
{
	int ret = ECMD_PROCESSED;
	for (int i = 0; i < c->n_pos; i++) {
		const char *vgname, *lvname;
		struct vg *vg;
		struct lv *lv;
		int r = lv_path_arg(c, c->pos[i], &vgname, &lvname);
		if (r)
			return r;
		if (lv_read_for_update(c, vgname, lvname, 0, &vg, &lv))
			r = ECMD_FAILED;
		else if (!lv_is_visible(vg, lv)) {
			log_error("Operation not permitted on hidden LV %s/%s.", vgname, lvname);
			r = ECMD_FAILED;
		} else
			r = lvconvert_merge_tracked(c, vg, lv);
		if (r > ret)
			ret = r;
		lock_vg_release(c->ctx.locks, vgname);
	}
	return ret;
}
