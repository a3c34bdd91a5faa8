/* lvconvert --repair VG/LV [PV ...]: the failed images of a raid1 LV
 * replaced by new ones (lvmgr/lv_raid_repair.c), with LVM2 2.03's
 * question, messages and order (tools/lvconvert.c
 * _lvconvert_repair_pvs_raid): the LV must be active; the question (or
 * --usepolicies: activation/raid_fault_policy, warn or allocate); the
 * replacement. A mirror LV's failed images and log are removed, then
 * replaced as the questions, -y, -f or --usepolicies say
 * (lvmgr/lv_mirror_repair.c; LVM2's _lvconvert_mirrors_repair_ask). A
 * missing PV does not stop the VG from being read here. */
#include <string.h>

#include "cmd/common.h"
#include "lvmgr/activate.h"
#include "lvmgr/lock.h"
#include "lvmgr/lv_api.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/raid.h"
#include "metadata/segtypes/thin.h"

/* LVM2's _lvconvert_mirrors_repair_ask: --usepolicies reads lvm.conf;
 * -f replaces nothing; else each failed kind is asked about (-y: yes). */
static void mirror_decide(void *arg, unsigned failed_images, unsigned failed_logs, bool *ri, bool *rl)
{
	struct cmd *c = arg;
	if (arg_is_set(c, ARG_USEPOLICIES)) {
		*ri = strcmp(config_str(c->ctx.cfg, "activation/mirror_image_fault_policy"), "remove") != 0;
		*rl = strcmp(config_str(c->ctx.cfg, "activation/mirror_log_fault_policy"), "remove") != 0;
		return;
	}
	*ri = *rl = !arg_is_set(c, ARG_FORCE);
	if (!*ri || arg_is_set(c, ARG_YES))
		return;
	if (failed_logs && !cmd_confirm(c, "Attempt to replace failed mirror log?"))
		*rl = false;
	if (failed_images && !cmd_confirm(c, "Attempt to replace failed mirror images (requires full device resync)?"))
		*ri = false;
}

static int repair_mirror(struct cmd *c, struct vg *vg, struct lv *lv)
{
	uint64_t interval = 0;
	if (arg_uint(c, ARG_INTERVAL, UINT32_MAX, 0, &interval))
		return ECMD_FAILED;
	if (!interval)
		interval = (uint64_t)config_int(c->ctx.cfg, "activation/polling_interval");
	struct lv_mirror_repair_params p = {.pvs = c->pos + 1, .n_pvs = (unsigned)c->n_pos - 1,
					    .alloc = arg_str(c, ARG_ALLOC, NULL), .decide = mirror_decide,
					    .decide_arg = c, .background = arg_is_set(c, ARG_BACKGROUND)};
	bool poll = false;
	if (lv_mirror_repair(&c->ctx, vg, lv, &p, &poll))
		return ECMD_FAILED;
	return poll ? lvconvert_mirror_poll(c, vg, lv, (unsigned)interval, p.background) : ECMD_PROCESSED;
}

int lvconvert_repair(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	struct vg *vg;
	struct lv *lv;

	const char *vgname, *lvname;
	int r = lv_path_arg(c, c->pos[0], &vgname, &lvname);
	if (r)
		return r;
	x->handles_missing_pvs = true;
	if (lv_read_for_update(c, vgname, lvname, VG_READ_ALLOW_MISSING, &vg, &lv))
		return ECMD_FAILED;
	if (lv_is_thin_pool(lv))
		return lvconvert_repair_thin_pool(c, vg, lv);
	const struct lv_seg *seg = lv->n_segs ? &lv->segs[0] : NULL;
	if (!seg || (!seg_is_raid(seg) && !seg_is_mirror(seg))) {
		lv_type_refused(vg, lv);	/* LVM2's command table, first */
		return ECMD_FAILED;
	}
	if (seg_is_mirror(seg))
		return repair_mirror(c, vg, lv);
	if (!dmk_available() || !act_state(x, vg, lv)) {
		log_error("%s/%s must be active to perform this operation.", vgname, lvname);
		return ECMD_FAILED;
	}
	if (vg_check_writable(x, vg))
		return ECMD_FAILED;
	bool policies = arg_is_set(c, ARG_USEPOLICIES);
	if (policies) {
		/* LVM2's _lvconvert_repair_pvs_raid_ask: allocate or replace
		 * replaces without asking; any other policy only warns (its
		 * log_warn, without a "WARNING:" prefix), with success. */
		const char *pol = config_str(x->cfg, "activation/raid_fault_policy");
		if (!pol || (strcmp(pol, "allocate") && strcmp(pol, "replace"))) {
			log_error("Use 'lvconvert --repair %s/%s' to replace failed device.", vgname, lvname);
			return ECMD_PROCESSED;
		}
	} else if (!cmd_confirm(c, "Attempt to replace failed RAID images (requires full device resync)?"))
		return ECMD_PROCESSED;	/* LVM2 answers "n" with success and no change. */
	struct lv_raid_convert_params p = {.pvs = c->pos + 1, .n_pvs = (unsigned)c->n_pos - 1,
					   .alloc = arg_str(c, ARG_ALLOC, NULL)};
	if (lv_raid_repair(x, vg, lv, &p)) {
		log_error("Failed to replace faulty devices in %s/%s.", vgname, lvname);
		return ECMD_FAILED;
	}
	/* LVM2's _remove_missing_empty_pv after this never removes the PV
	 * the repair emptied (2.03.16's _failed_pv_list skips empty PVs),
	 * checked in the VM: the missing PV stays. */
	log_print("Faulty devices in %s/%s successfully replaced.", vgname, lvname);
	return ECMD_PROCESSED;
}

/* lvconvert --replace PV... VG/LV [PV ...]: LVM2's
 * _lvconvert_replace_pv_single, lv_raid_replace with the --replace PVs as
 * the ones to remove and the positional PVs (none: the VG's) to allocate
 * from; no message on success. */
int lvconvert_replace(struct cmd *c)
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
	const struct lv_seg *seg = lv->n_segs ? &lv->segs[0] : NULL;
	if (!seg || !seg_is_raid(seg)) {
		lv_type_refused(vg, lv);	/* LVM2's command table (LV_raid), first */
		return ECMD_FAILED;
	}
	if (vg_check_writable(x, vg))
		return ECMD_FAILED;
	const struct argval *av = &c->args[ARG_REPLACE];
	struct lv_raid_convert_params p = {.pvs = c->pos + 1, .n_pvs = (unsigned)c->n_pos - 1,
					   .alloc = arg_str(c, ARG_ALLOC, NULL), .replace = (char *const *)av->v,
					   .n_replace = av->n};
	return lv_raid_repair(x, vg, lv, &p) ? ECMD_FAILED : ECMD_PROCESSED;
}
