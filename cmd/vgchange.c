/* vgchange (activation, -x, --alloc, tags) and vgmknodes. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmd/autoactivate.h"
#include "cmd/common.h"
#include "cmd/snapshot.h"
#include "cmd/report/select.h"
#include "lvmgr/activate.h"
#include "lvmgr/lv_thin.h"
#include "lvmgr/lv_thin_merge.h"
#include "metadata/segtypes/snapshot.h"

int tags_change(struct arena *a, struct strlist *l, const struct argval *add,
		const struct argval *del, bool *changed);

/* Activate (or take down) every LV of vg that lvmgr can. */
static int vg_activate(struct cmd *c, struct vg *vg, int act, bool dry, struct strbuf *out)
{
	struct ctx *x = &c->ctx;
	bool aay = arg_autoactivate(c);
	unsigned done = 0, skipped = 0;
	int rc = 0;

	if (act == 0) {
		if (deact_vg(x, vg, arg_is_set(c, ARG_FORCE)))
			return -EBUSY;
		log_print("0 logical volume(s) in volume group \"%s\" now active", vg->name);
		return 0;
	}
	/* Pending thin merges of origins about to come up: finished first, in
	 * a VG read again for the change (lvmgr/lv_thin_merge.c). */
	for (unsigned l = 0; act == 1 && !dry && lv_thin_merge_any(vg) && l < vg->n_lvs; l++) {
		struct lv *o = vg->lvs[l];
		struct vg *v = vg;
		if (!thin_merging_snapshot(vg, o) || act_state(x, vg, o))
			continue;
		int r = lv_thin_merge_before_activate(x, &v, &o);
		if (r)
			return r;
		vg = v;
		l = (unsigned)-1;	/* the LV list changed */
	}
	/* -ay (not a dry run): the LVs are activated together (act_lvs). */
	bool batch = act == 1 && !dry;
	struct lv **todo = batch ? arena_alloc(&x->arena, (vg->n_lvs + 1) * sizeof(*todo)) : NULL;
	unsigned n_todo = 0;
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		struct lv *lv = vg->lvs[l];
		bool simple = true;
		if (lv_snapshot_seg(lv))
			continue;	/* a snapshotN LV: activated through its COW LV */
		/* As LVM2: hidden LVs (raid images) come up under their LV. */
		if (act != 0 && !lv_is_visible(vg, lv))
			continue;
		for (unsigned s = 0; s < lv->n_segs; s++)
			simple &= !seg_is_verbatim(&lv->segs[s]);
		if (!simple) {
			if (act == 1) {
				log_warn("Skipping %s/%s: lvmgr cannot activate %s LVs yet (use LVM2).", vg->name,
					 lv->name, lv->segs[0].type);
				skipped++;
			}
			continue;
		}
		/* LVs flagged ACTIVATION_SKIP (thin snapshots) need -K, as in LVM2. */
		bool skip = false;
		for (unsigned i = 0; i < lv->flags.n_other_compat; i++)
			skip |= !strcmp(lv->flags.other_compat[i], "ACTIVATION_SKIP");
		if (act == 1 && skip && !arg_is_set(c, ARG_IGNORESKIP))
			continue;
		if (aay && !lv_autoactivate_ok(x, vg, lv))
			continue;
		if (batch) {
			todo[n_todo++] = lv;
			continue;
		}
		int r = act == 1 ? act_lv(x, vg, lv, dry, out)
			: act == 0 ? deact_lv(x, vg, lv, arg_is_set(c, ARG_FORCE))
				   : act_reload(x, vg, lv);
		if (r) {
			rc = r;
			if (act == 1)
				break;
		} else
			done++;
	}
	if (batch && n_todo)
		rc = act_lvs(x, vg, todo, n_todo, &done);
	if (act == 1 && rc && !dry) {
		/* Nothing half-loaded: what this command created goes again. */
		act_rollback(x);
		return rc;
	}
	/* LVM2's background polling of the merges the activation started */
	for (unsigned i = 0; act == 1 && !dry && i < vg->n_lvs; i++)
		snap_poll_merge(c, vg, vg->lvs[i]);
	if (!dry && act >= 0)
		log_print("%u logical volume(s) in volume group \"%s\" now active",
			  act == 1 ? done : act_count_active(x, vg), vg->name);
	if (act == 1 && !rc && !dry)
		lvconvert_poll_activated(c, vg, NULL);
	return rc ? rc : (skipped ? -ENOTSUP : 0);
}

struct vgchange_args {
	int act;
	bool refresh, dry;
	int resz;
	int saa;		/* --setautoactivation: 1, 0, -1 absent */
	const char *alloc;
	bool meta;
	struct strbuf *out;
	int64_t max_lv, max_pv;	/* -l, -p: -1 absent */
	bool new_uuid;		/* -u */
};

/* -l and -p (LVM2's vg_set_max_lv/vg_set_max_pv, its words): checked
 * against the VG as read, before -x changes it (LVM2's order). */
static int set_limits(const struct vg *vg, const struct vgchange_args *a, struct vg *out)
{
	if ((a->max_lv >= 0 || a->max_pv >= 0) && !(vg->flags.status & VG_RESIZEABLE)) {
		log_error("Volume group \"%s\" must be resizeable to change %s", vg->name,
			  a->max_lv >= 0 ? "MaxLogicalVolume" : "MaxPhysicalVolumes");
		return -EINVAL;
	}
	unsigned nlv = vg_visible_lv_count(vg);
	if (a->max_lv > 0 && (uint64_t)a->max_lv < nlv) {
		log_error("MaxLogicalVolume is less than the current number %u of LVs for %s", nlv, vg->name);
		return -EINVAL;
	}
	if (a->max_pv > 0 && (uint64_t)a->max_pv < vg->n_pvs) {
		log_error("MaxPhysicalVolumes is less than the current number %u of PVs for \"%s\"", vg->n_pvs,
			  vg->name);
		return -EINVAL;
	}
	if (a->max_lv >= 0)
		out->max_lv = (uint64_t)a->max_lv;
	if (a->max_pv >= 0)
		out->max_pv = (uint64_t)a->max_pv;
	return 0;
}

static int vgchange_one(struct cmd *c, struct vg *vg, void *arg)
{
	struct ctx *x = &c->ctx;
	const struct vgchange_args *a = arg;
	int act = a->act, resz = a->resz;
	bool refresh = a->refresh, dry = a->dry, meta = a->meta;
	const char *alloc = a->alloc;
	struct strbuf *out = a->out;

	if (meta) {
		/* -l, -p and -u commit even when the value is the same (LVM2) */
		bool ch = a->max_lv >= 0 || a->max_pv >= 0 || a->new_uuid;
		if (set_limits(vg, a, vg))
			return -EINVAL;
		if (resz >= 0 && (bool)(vg->flags.status & VG_RESIZEABLE) != (bool)resz) {
			vg->flags.status ^= VG_RESIZEABLE;
			ch = true;
		}
		if (a->saa >= 0) {
			if (vg_autoactivation_off(vg) == !a->saa) {
				log_error("Volume group autoactivation is already %s.", a->saa ? "yes" : "no");
				return -EINVAL;
			}
			vg_set_autoactivation(vg, a->saa);
			ch = true;
		}
		if (a->new_uuid) {
			/* the LVs' dm uuids hold the VG's: none may be active */
			if (act_count_active(x, vg)) {
				log_error("Volume group has active logical volumes");
				return -EBUSY;
			}
			id_generate(vg->id);
		}
		if (alloc && (!vg->alloc || strcmp(vg->alloc, alloc))) {
			vg->alloc = alloc;
			ch = true;
		}
		/* tags were checked before any VG was read */
		if (tags_change(&x->arena, &vg->tags, &c->args[ARG_ADDTAG], &c->args[ARG_DELTAG], &ch))
			return -EINVAL;
		if (ch) {
			if (vg_commit(x, vg))
				return -EIO;
			log_print("Volume group \"%s\" successfully changed", vg->name);
		}
	}
	if (arg_autoactivate(c)) {
		if (vg_autoactivation_off(vg)) {
			log_debug("Autoactivation is disabled for VG %s.", vg->name);
			return 0;
		}
		/* LVM2 never sees image files: a VG on them is never
		 * autoactivated (-ay activates it). */
		for (unsigned i = 0; i < vg->n_pvs; i++)
			if (vg->pvs[i]->sd && vg->pvs[i]->sd->dev.is_file) {
				log_print("VG %s is on image files: not autoactivated (use -ay).", vg->name);
				return 0;
			}
		/* Run for an event: only a VG whose PVs are all there (LVM2). */
		for (unsigned i = 0; arg_is_set(c, ARG_AUTOACTIVATION) && i < vg->n_pvs; i++)
			if (!vg->pvs[i]->sd) {
				log_print("VG %s is incomplete.", vg->name);
				return 0;
			}
	}
	if ((act >= 0 || refresh) && vg_activate(c, vg, refresh && act < 0 ? -1 : act, dry, out))
		return -EIO;
	if (act < 0 && !refresh && arg_yesno(c, ARG_POLL, 0) == 1) {
		/* --poll y alone: the pollers of what the active LVs are in
		 * the middle of (LVM2's vgchange_background_polling) */
		for (unsigned i = 0; i < vg->n_lvs; i++)
			snap_poll_merge(c, vg, vg->lvs[i]);
		lvconvert_poll_activated(c, vg, NULL);
	}
	return 0;
}

int cmd_vgchange(struct cmd *c)
{
	int rc, act = arg_activate(c);
	bool refresh = arg_is_set(c, ARG_REFRESH), dry = arg_is_set(c, ARG_DRYRUN);
	int resz = arg_yesno(c, ARG_RESIZEABLE, -1), saa = arg_yesno(c, ARG_SETAUTOACTIVATION, -1);
	const char *alloc = arg_str(c, ARG_ALLOC, NULL);

	uint64_t max_lv = 0, max_pv = 0;

	SELECT_EXPAND_ARGS(c, REPORT_VG, true);
	if (arg_uint(c, ARG_LOGICALVOLUME, UINT32_MAX, 0, &max_lv) || arg_uint(c, ARG_MAXPV, UINT32_MAX, 0, &max_pv))
		return EINVALID_CMD_LINE;	/* (VAL_UINT32: refused while parsing) */
	if ((arg_is_set(c, ARG_MONITOR) || arg_is_set(c, ARG_POLL)) && act >= 0 && act != 1) {
		log_error("Only -ay* allowed with --monitor or --poll.");
		return EINVALID_CMD_LINE;
	}
	bool new_uuid = arg_is_set(c, ARG_NEWUUID);
	bool meta = resz >= 0 || saa >= 0 || alloc || arg_is_set(c, ARG_ADDTAG) || arg_is_set(c, ARG_DELTAG) ||
		    arg_is_set(c, ARG_LOGICALVOLUME) || arg_is_set(c, ARG_MAXPV) || new_uuid;
	bool poll_only = arg_is_set(c, ARG_POLL) && act < 0 && !refresh;
	struct strbuf out;

	if (arg_is_set(c, ARG_FORCECHECK) && act != 1) {
		log_error("--force-check goes with -ay.");
		return EINVALID_CMD_LINE;
	}
	thin_check_force(arg_is_set(c, ARG_FORCECHECK));	/* lvmgr/thin_check.c */
	if (dry && act != 1) {
		log_error("--dry-run goes with -ay.");
		return EINVALID_CMD_LINE;
	}
	if (vg_alloc_inherit_refused(alloc))
		return ECMD_FAILED;	/* LVM2's status (vgchange.c) */
	if (arg_is_set(c, ARG_AUTOACTIVATION)) {
		if (!arg_autoactivate(c)) {
			log_error("--autoactivation goes with -aay.");
			return EINVALID_CMD_LINE;
		}
		if (vgchange_event_skip(c))
			return ECMD_PROCESSED;
		vgchange_event_devices(c);
	}
	monitor_arg_note(c);
	if (act < 0 && !refresh && !meta && !poll_only && !arg_is_set(c, ARG_MONITOR))
		return cmd_no_syntax(c);	/* (no change asked for) */
	struct strlist check = {0};
	bool ch;
	if (tags_change(&c->ctx.arena, &check, &c->args[ARG_ADDTAG], &c->args[ARG_DELTAG], &ch))
		return EINVALID_CMD_LINE;
	sb_init(&out);
	struct vgchange_args va = {act, refresh, dry, resz, saa, alloc, meta, &out,
				   arg_is_set(c, ARG_LOGICALVOLUME) ? (int64_t)max_lv : -1,
				   arg_is_set(c, ARG_MAXPV) ? (int64_t)max_pv : -1, new_uuid};
	rc = for_each_vg(c, meta ? LOCK_EXCL : LOCK_SHARED, meta ? 0 : VG_READ_ALLOW_MISSING, vgchange_one, &va);
	fwrite(out.buf ? out.buf : "", 1, out.len, stdout);
	sb_free(&out);
	return rc;
}

static int mknodes_one(struct cmd *c, struct vg *vg, void *arg)
{
	return act_mknodes(&c->ctx, vg);
}

int cmd_vgmknodes(struct cmd *c)
{
	return for_each_vg(c, LOCK_SHARED, VG_READ_ALLOW_MISSING, mknodes_one, NULL);
}
