/* LV commands that need no allocation: lvremove, lvrename, lvchange,
 * lvscan, lvdisplay. LVs of types lvmgr does not manage yet (thin, raid,
 * mirror, snapshot, cache, ...) are refused with a clear message, never
 * damaged. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/autoactivate.h"
#include "cmd/common.h"
#include "cmd/lvchange_raid.h"
#include "cmd/lvflags.h"
#include "cmd/report.h"
#include "metadata/segtypes/thin.h"
#include "cmd/report/select.h"
#include "cmd/snapshot.h"
#include "lvmgr/activate.h"
#include "lvmgr/lv_thin.h"
#include "lvmgr/lv_thin_merge.h"
#include "lvmgr/base/units.h"
#include "lvmgr/lv_api.h"
#include "lvmgr/lv_snapshot.h"
#include "metadata/segtypes/snapshot.h"
#include "cmd/lvchange_alloc.h"
#include "metadata/segtypes/raid.h"

int tags_change(struct arena *a, struct strlist *l, const struct argval *add,
		const struct argval *del, bool *changed);

/* "vg/lv", "/dev/vg/lv" -> vg and lv; a bare name needs default_vg. */
static int split_lv_arg(struct cmd *c, const char *arg, const char *default_vg, const char **vg,
			const char **lv)
{
	const char *p = arg, *slash;
	if (!strncmp(p, "/dev/", 5))
		p += 5;
	slash = strchr(p, '/');
	if (slash) {
		*vg = arena_strndup(&c->ctx.arena, p, (size_t)(slash - p));
		*lv = slash + 1;
	} else if (default_vg) {
		*vg = default_vg;
		*lv = p;
	} else {
		log_error("\"%s\": please give the LV as VG/LV.", arg);
		return -EINVAL;
	}
	if (!**vg || !**lv || strchr(*lv, '/')) {
		log_error("\"%s\" is not a valid VG/LV name.", arg);
		return -EINVAL;
	}
	return 0;
}

/* lvremove's questions: a whole VG's LVs one by one, an active LV always
 * (neither with -y or -f). */
struct remove_ask {
	struct cmd *c;
	bool whole_vg;
	struct lv *const *set;	/* what goes */
	unsigned n;
	const struct lv *origin_asked;	/* an active origin already asked about */
};

static bool in_set(const struct remove_ask *ask, const struct lv *lv)
{
	for (unsigned i = 0; i < ask->n; i++)
		if (ask->set[i] == lv)
			return true;
	return false;
}

static bool confirm_origin(struct cmd *c, const struct vg *vg, const struct lv *lv, unsigned nsnap)
{
	/* LVM2's words, "snapshots(s)" too */
	return cmd_confirm(c, "Do you really want to remove active origin logical volume %s/%s with %u snapshots(s)?",
			   vg->name, lv->name, nsnap);
}

static bool confirm_remove(void *arg, const struct vg *vg, const struct lv *lv, bool active)
{
	struct remove_ask *ask = arg;
	struct cmd *c = ask->c;
	size_t len = strlen(lv->name);
	/* A snapshot whose origin goes too goes under the origin's question,
	 * asked before anything is taken down (LVM2 deactivates the origin
	 * with its snapshots, then removes them unasked). */
	const struct lv_seg *ss = snap_seg_of_cow(vg, lv, NULL);
	const struct lv *origin = ss ? vg_find_lv(vg, ss->origin) : NULL;
	if ((origin && in_set(ask, origin)) || ask->origin_asked == lv)
		return true;
	unsigned nsnap = snap_cows_of_origin(vg, lv, NULL, 0);
	if (!active && nsnap && !arg_is_set(c, ARG_YES) && !arg_is_set(c, ARG_FORCE) && act_state(&c->ctx, vg, lv)) {
		ask->origin_asked = lv;
		return confirm_origin(c, vg, lv, nsnap);
	}
	bool pools = false;
	for (unsigned l = 0; l < vg->n_lvs && !pools; l++)
		pools = lv_is_thin_pool(vg->lvs[l]);
	if (!active && !arg_is_set(c, ARG_FORCE) && pools && len > 8 && !strcmp(lv->name + len - 8, "_pmspare"))
		return cmd_confirm(c, "Removal of pool metadata spare logical volume %s/%s disables automatic recovery "
				   "attempts after damage to a thin or cache pool. Proceed?", vg->name, lv->name);
	if (arg_is_set(c, ARG_YES) || arg_is_set(c, ARG_FORCE) || (!active && !ask->whole_vg))
		return true;
	if (active && nsnap)
		return confirm_origin(c, vg, lv, nsnap);
	return cmd_confirm(c, active ? "Do you really want to remove active logical volume %s/%s?"
				     : "Do you really want to remove logical volume %s/%s?",
			   vg->name, lv->name);
}

/* The thin LVs of pool, in vg's order, into out: how many. */
static unsigned pool_thins(const struct vg *vg, const struct lv *pool, struct lv **out)
{
	unsigned k = 0;
	for (unsigned l = 0; l < vg->n_lvs; l++)
		if (thin_pool_of(vg, vg->lvs[l]) == pool)
			out[k++] = vg->lvs[l];
	return k;
}

/* An external origin or a thin pool goes with the thin LVs that use it,
 * after one question (LVM2's _lv_remove_segs_using_this_lv: not asked
 * with -f, -y answers it), listed before it in vg's order as LVM2 removes
 * and reports them. */
static int dependents_remove_set(struct cmd *c, const struct vg *vg, struct lv ***lvs, unsigned *n)
{
	struct lv **out = arena_alloc(&c->ctx.arena, (2 * vg->n_lvs + 1) * sizeof(*out));
	struct lv **deps = arena_alloc(&c->ctx.arena, (vg->n_lvs + 1) * sizeof(*deps));
	unsigned k = 0;
	for (unsigned i = 0; i < *n; i++) {
		struct lv *lv = (*lvs)[i];
		bool pool = lv_is_thin_pool(lv);
		unsigned nd = pool ? pool_thins(vg, lv, deps) : thin_external_users(vg, lv, deps);
		/* Those named before it are gone by then (LVM2 removes in order). */
		unsigned left = 0;
		for (unsigned d = 0; d < nd; d++) {
			bool before = false;
			for (unsigned j = 0; j < i && !before; j++)
				before = (*lvs)[j] == deps[d];
			left += !before;
		}
		if (left && !arg_is_set(c, ARG_FORCE) &&
		    !cmd_confirm(c, "Removing %s %s/%s will remove %u dependent volume(s). Proceed?",
				 pool ? "pool" : "external origin", vg->name, lv->name, left)) {
			log_error("Logical volume %s/%s not removed.", vg->name, lv->name);
			return -ECANCELED;
		}
		for (unsigned d = 0; d <= nd; d++) {
			struct lv *v = d < nd ? deps[d] : lv;
			bool dup = false;
			for (unsigned j = 0; j < k && !dup; j++)
				dup = out[j] == v;
			for (unsigned j = i + 1; j < *n && !dup; j++)	/* named later: goes there */
				dup = (*lvs)[j] == v;
			if (!dup)
				out[k++] = v;
		}
	}
	*lvs = out;
	*n = k;
	return 0;
}

/* An lvremove argument: VG/LV (lvname set) or VG (lvname NULL). */
static int lvremove_arg(struct cmd *c, const char *arg, const char **vgname, const char **lvname)
{
	*lvname = NULL;
	if (!strchr(vg_name_arg(arg), '/')) {
		*vgname = vg_name_arg(arg);
		return 0;
	}
	return split_lv_arg(c, arg, NULL, vgname, lvname);
}

/* The LVs of one VG named for removal (victims, in LVM2's order), with
 * what goes with them: questions, removal, LVM2's lines. */
static int lvremove_vg(struct cmd *c, struct vg *vg, bool whole_vg, struct lv **victims, unsigned nv)
{
	struct ctx *x = &c->ctx;
	/* An origin goes with its snapshots (LVM2). */
	struct lv **all = arena_alloc(&x->arena, (vg->n_lvs + 1) * sizeof(*all));
	nv = lv_snapshot_remove_set(vg, victims, nv, all);
	victims = all;
	if (dependents_remove_set(c, vg, &victims, &nv))
		return -ECANCELED;
	/* a thin LV going with its pool takes its snapshots too */
	all = arena_alloc(&x->arena, (vg->n_lvs + 1) * sizeof(*all));
	nv = lv_snapshot_remove_set(vg, victims, nv, all);
	victims = all;
	struct remove_ask ask = {c, whole_vg, victims, nv, NULL};
	struct lv_remove_params rp = {.force = arg_is_set(c, ARG_FORCE), .confirm = confirm_remove, .confirm_arg = &ask};
	if (lv_remove(x, vg, victims, nv, &rp))
		return -EIO;
	for (unsigned i = 0; i < nv; i++)
		log_print("Logical volume \"%s\" successfully removed.", victims[i]->name);
	return 0;
}

int cmd_lvremove(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	int rc = ECMD_PROCESSED;

	SELECT_EXPAND_ARGS(c, REPORT_LV, true);

	/* A malformed argument stops the command before anything is removed. */
	for (int a = 0; a < c->n_pos; a++) {
		const char *vgn, *lvn;
		if (lvremove_arg(c, c->pos[a], &vgn, &lvn))
			return EINVALID_CMD_LINE;
	}

	/* LVM2's process_each_lv: each VG once, in the order the arguments
	 * first name it; its LVs in the VG's order, each once; the names not
	 * found reported after the VG's removals. */
	bool *done = arena_alloc(&x->arena, (size_t)c->n_pos + 1);
	memset(done, 0, (size_t)c->n_pos + 1);
	for (int a = 0; a < c->n_pos; a++) {
		if (done[a])
			continue;
		const char *vgname, *lvname;
		struct vg *vg;
		bool whole_vg = false;
		const char **names = arena_alloc(&x->arena, (size_t)c->n_pos * sizeof(*names));
		unsigned n_names = 0;

		if (lvremove_arg(c, c->pos[a], &vgname, &lvname))
			return EINVALID_CMD_LINE;
		for (int b = a; b < c->n_pos; b++) {
			const char *ov, *ol;
			if (done[b])
				continue;
			if (lvremove_arg(c, c->pos[b], &ov, &ol))
				return EINVALID_CMD_LINE;
			if (strcmp(ov, vgname))
				continue;
			done[b] = true;
			if (!ol) {
				whole_vg = true;
				continue;
			}
			bool dup = false;
			for (unsigned k = 0; k < n_names && !dup; k++)
				dup = !strcmp(names[k], ol);
			if (!dup)
				names[n_names++] = ol;
		}
		if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(x, vgname, VG_READ_FOR_UPDATE, &vg)) {
			rc = ECMD_FAILED;
			continue;
		}
		struct lv **victims = arena_alloc(&x->arena, (vg->n_lvs + 1) * sizeof(*victims));
		unsigned nv = 0;
		/* LVM2's order: the thin pools first, then the VG's order */
		for (int pools = 1; pools >= 0; pools--)
			for (unsigned l = 0; l < vg->n_lvs; l++) {
				struct lv *lv = vg->lvs[l];
				bool named = false;
				for (unsigned k = 0; k < n_names && !named; k++)
					named = !strcmp(lv->name, names[k]);
				if (lv_is_thin_pool(lv) == pools && ((whole_vg && lv_is_visible(vg, lv)) || named))
					victims[nv++] = lv;
			}
		bool *miss = arena_alloc(&x->arena, n_names + 1);
		for (unsigned k = 0; k < n_names; k++)
			if ((miss[k] = !vg_find_lv(vg, names[k])))
				rc = ECMD_FAILED;
		if (nv && lvremove_vg(c, vg, whole_vg, victims, nv))
			rc = ECMD_FAILED;
		for (unsigned k = 0; k < n_names; k++)
			if (miss[k])
				log_error("Failed to find logical volume \"%s/%s\"", vgname, names[k]);
		vg_backup_warn(x);	/* LVM2 gives up the VG once done with its arguments */
	}
	return rc;
}

static int lvrename(struct cmd *c, const char *vgname, const char *old, const char *new)
{
	int r = lv_rename(&c->ctx, vgname, old, new);
	if (r)
		return r == -EINVAL ? EINVALID_CMD_LINE : ECMD_FAILED;
	log_print("Renamed \"%s\" to \"%s\" in volume group \"%s\"", old, new, vgname);
	return ECMD_PROCESSED;
}

/* lvrename VG/OLD [VG/]NEW */
int lvrename_vg_lv(struct cmd *c)
{
	const char *vgname, *old, *new, *vg2;
	if (split_lv_arg(c, c->pos[0], NULL, &vgname, &old) || split_lv_arg(c, c->pos[1], vgname, &vg2, &new))
		return EINVALID_CMD_LINE;
	if (strcmp(vg2, vgname)) {
		log_error("Logical volume names must have the same volume group (\"%s\" or \"%s\")",
			  vgname, vg2);
		return EINVALID_CMD_LINE;
	}
	return lvrename(c, vgname, old, new);
}

/* lvrename VG OLD NEW */
int lvrename_vg_lv_lv(struct cmd *c)
{
	return lvrename(c, vg_name_arg(c->pos[0]), c->pos[1], c->pos[2]);
}

/* "vg/lv": locked, read, found. -EINVAL for a malformed argument (logged),
 * other -errno for a VG or LV that cannot be had (logged). */
static int lv_arg(struct cmd *c, const char *arg, enum lock_mode mode, const char **vgname,
		  const char **lvname, struct vg **vg, struct lv **lv)
{
	if (split_lv_arg(c, arg, NULL, vgname, lvname))
		return -EINVAL;
	/* Reading for activation: an LV that has all its PVs activates in a VG
	 * that misses some (LVM2; the boot's rd.lvm.lv); the device tree
	 * refuses an LV on a missing PV, naming it. */
	if (lock_vg_mode(c, *vgname, mode) ||
	    vg_read(&c->ctx, *vgname, mode == LOCK_EXCL ? VG_READ_FOR_UPDATE : VG_READ_ALLOW_MISSING, vg))
		return -EIO;
	if (!(*lv = vg_find_lv(*vg, *lvname))) {
		log_error("Failed to find logical volume \"%s/%s\"", *vgname, *lvname);
		return -ENOENT;
	}
	return 0;
}

int cmd_lvchange(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	const char *perm = arg_str(c, ARG_PERMISSION, NULL);
	bool alloc = lvchange_alloc_set(c);	/* --alloc, -C, -r (cmd/lvchange_alloc.c) */
	int rc = ECMD_PROCESSED, act = arg_activate(c);
	bool refresh = arg_is_set(c, ARG_REFRESH), dry = arg_is_set(c, ARG_DRYRUN);

	/* The arguments as given: a snapshot not named among them is left to
	 * its origin by -a (snap_activation_named). */
	char **named = c->pos;
	int n_named = c->n_pos;
	SELECT_EXPAND_ARGS_VG(c, REPORT_LV, true, true);
	/* A bare name left is a VG that was not found (LVM2's words). */
	int kept = 0;
	for (int a = 0; a < c->n_pos; a++)
		if (c->pos[a][0] != '@' && !strchr(vg_name_arg(c->pos[a]), '/')) {
			log_vg_not_found(vg_name_arg(c->pos[a]), strlen(vg_name_arg(c->pos[a])));
			rc = ECMD_FAILED;
		} else {
			c->pos[kept++] = c->pos[a];
		}
	c->n_pos = kept;
	if (arg_is_set(c, ARG_FORCECHECK) && act != 1) {
		log_error("--force-check goes with -ay.");
		return EINVALID_CMD_LINE;
	}
	thin_check_force(arg_is_set(c, ARG_FORCECHECK));	/* lvmgr/thin_check.c */
	if (dry && act != 1) {
		log_error("--dry-run goes with -ay.");
		return EINVALID_CMD_LINE;
	}
	int saa = arg_yesno(c, ARG_SETAUTOACTIVATION, -1), skip_set = arg_yesno(c, ARG_SETACTIVATIONSKIP, -1);
	int ewf = arg_yesno(c, ARG_ERRORWHENFULL, -1);
	bool poolp = arg_is_set(c, ARG_DISCARDS) || arg_is_set(c, ARG_ZERO);	/* cmd/thin_change.c */
	bool meta = perm || alloc || saa >= 0 || skip_set >= 0 || ewf >= 0 || poolp || arg_is_set(c, ARG_PERSISTENT) ||
		    arg_is_set(c, ARG_ADDTAG) || arg_is_set(c, ARG_DELTAG) || lvchange_raid_props_set(c);
	/* A metadata change with a VG not there changes nothing (bad input);
	 * activation goes on with the others, as LVM2's. */
	if (meta && rc != ECMD_PROCESSED)
		return rc;
	int64_t pmaj = -1, pmin = -1;	/* -M's values: checked before anything changes */
	int pa = lv_persistent_args(c, &pmaj, &pmin);
	if (pa == -EINVAL)
		return EINVALID_CMD_LINE;
	if (pa && pa != -ENOENT)
		return ECMD_FAILED;
	monitor_arg_note(c);
	if (!meta && act < 0 && !refresh && (arg_is_set(c, ARG_POLL) || arg_is_set(c, ARG_MONITOR))) {
		/* --poll y alone: the pollers of what the LV is in the middle
		 * of (LVM2's lvchange_poll); --monitor alone: nothing more */
		for (int a = 0; a < c->n_pos; a++) {
			const char *vgname, *lvname;
			struct vg *vg;
			struct lv *lv;
			int r = lv_arg(c, c->pos[a], LOCK_SHARED, &vgname, &lvname, &vg, &lv);
			if (r == -EINVAL)
				return EINVALID_CMD_LINE;
			if (r)
				rc = ECMD_FAILED;
			else if (!(dmk_available() && act_state(&c->ctx, vg, lv))) {
				log_error("Logical volume %s/%s is not active.", vgname, lvname);
				rc = ECMD_FAILED;
			} else if (arg_yesno(c, ARG_POLL, 0) == 1) {
				snap_poll_merge(c, vg, lv);
				lvconvert_poll_activated(c, vg, lv);
			}
		}
		return rc;
	}
	if (!meta && act < 0 && !refresh)
		return cmd_no_syntax(c);	/* (no change asked for) */
	if (act >= 0 || refresh) {
		/* Activation changes no metadata: each LV is done in turn. */
		struct strbuf out;
		sb_init(&out);
		for (int a = 0; a < c->n_pos; a++) {
			const char *vgname, *lvname;
			struct vg *vg;
			struct lv *lv;
			int r = lv_arg(c, c->pos[a], LOCK_SHARED, &vgname, &lvname, &vg, &lv);
			if (r == -EINVAL) {
				sb_free(&out);
				return EINVALID_CMD_LINE;
			}
			if (r) {
				rc = ECMD_FAILED;
				continue;
			}
			bool skip = false;
			for (unsigned i = 0; i < lv->flags.n_other_compat; i++)
				skip |= !strcmp(lv->flags.other_compat[i], "ACTIVATION_SKIP");
			if (act == 1 && skip && !arg_is_set(c, ARG_IGNORESKIP)) {
				log_print("Skipping activation of %s/%s: it is flagged to be skipped (use -K).",
					  vgname, lvname);
				continue;
			}
			/* -aay: the autoactivation settings, silently (LVM2). */
			if (arg_autoactivate(c) &&
			    (vg_autoactivation_off(vg) || !lv_autoactivate_ok(x, vg, lv)))
				continue;
			/* A snapshot is changed through its origin (LVM2). */
			if (act >= 0 && !snap_activation_named(vg, lv, named, n_named))
				continue;
			if (act >= 0 && !dry && (r = snap_activation_lv(c, vg, &lv))) {
				rc = ECMD_FAILED;
				continue;
			}
			/* a thin snapshot merging into its origin: not a user's LV any more
			 * (LVM2's _lvchange_activate_check); its origin's activation
			 * finishes the merge first (lvmgr/lv_thin_merge.c) */
			if (lv_is_merging_thin_snapshot(lv)) {
				log_error("Operation not permitted on hidden LV %s/%s.", vgname, lvname);
				rc = ECMD_FAILED;
				continue;
			}
			if (act == 1 && !dry && lv_thin_merge_before_activate(x, &vg, &lv)) {
				rc = ECMD_FAILED;
				continue;
			}
			struct lv *msnap = act == 0 ? thin_merging_snapshot(vg, lv) : NULL;
			if (msnap && !dry && deact_lv(x, vg, msnap, false)) {
				log_error("Cannot fully deactivate merging origin volume %s/%s while snapshot volume %s/%s is still active.",
					  vgname, lvname, vgname, msnap->name);
				rc = ECMD_FAILED;	/* and the origin goes down (LVM2) */
			}
			r = act == 1 ? act_lv(x, vg, lv, dry, &out)
				: act == 0 ? deact_lv(x, vg, lv, arg_is_set(c, ARG_FORCE))
					   : snap_refresh(c, vg, lv);
			if (!r && act == 0)
				r = thin_pool_stack_down(x, vg, lv_is_thin(lv) ? thin_pool_of(vg, lv) : NULL,
							 arg_is_set(c, ARG_FORCE));	/* lvmgr/thin_msg.c */
			if (r)
				rc = ECMD_FAILED;
			else if (act == 1 && !dry) {
				lvconvert_poll_activated(c, vg, lv);
				snap_poll_merge(c, vg, lv);	/* LVM2's background polling */
			}
		}
		fwrite(out.buf ? out.buf : "", 1, out.len, stdout);
		sb_free(&out);
		if (!meta)
			return rc;
	}
	for (int a = 0; a < c->n_pos; a++) {
		const char *vgname, *lvname;
		struct vg *vg;
		struct lv *lv;
		bool changed = false;
		int r = lv_arg(c, c->pos[a], LOCK_EXCL, &vgname, &lvname, &vg, &lv);
		if (r == -EINVAL)
			return EINVALID_CMD_LINE;
		if (r) {
			rc = ECMD_FAILED;
			continue;
		}
		if (perm) {
			bool rw = !strcmp(perm, "rw"), is = lv->flags.status & LV_WRITE;
			if (rw == is && rw)	/* (LVM2's two texts) */
				log_error("Logical volume %s/%s is already writable.", vgname, lvname);
			else if (rw == is)
				log_error("Logical volume \"%s/%s\" is already read only.", vgname, lvname);
			else {
				lv->flags.status ^= LV_WRITE;
				changed = true;
			}
		}
		bool ra_reload = false;
		int ar = lvchange_alloc_ra(c, vg, lv, &ra_reload);
		if (ar < 0) {
			rc = ECMD_FAILED;
			continue;
		}
		changed |= ar > 0;
		if (tags_change(&x->arena, &lv->tags, &c->args[ARG_ADDTAG], &c->args[ARG_DELTAG], &changed))
			return EINVALID_CMD_LINE;
		/* Already so: nothing to change, no error (LVM2). */
		if (saa >= 0 && lv_autoactivation_off(lv) == (saa == 1)) {
			lv_set_autoactivation(&x->arena, lv, saa);
			changed = true;
		}
		if (skip_set >= 0 && lv_activation_skip(lv) != (skip_set == 1)) {
			lv_set_activation_skip(&x->arena, lv, skip_set);
			changed = true;
		}
		if (ewf >= 0) {
			int er = lvchange_error_when_full(c, vg, lv, ewf);	/* cmd/thin_change.c */
			if (er < 0) {
				rc = ECMD_FAILED;
				continue;
			}
			changed = true;
		}
		if (arg_yesno(c, ARG_PERSISTENT, -1) == 1 && lv_is_thin_pool(lv)) {
			/* LVM2's lvchange_persistent rule: not LV_thinpool */
			log_error("Command on LV %s/%s with invalid LV type thinpool.", vgname, lvname);
			log_error("Command not permitted on LV %s/%s.", vgname, lvname);
			rc = ECMD_FAILED;
			continue;
		}
		int pp = lvchange_pool_props(c, vg, lv);	/* --discards, --zero */
		if (pp < 0 && pp != -EAGAIN) {
			rc = ECMD_FAILED;
			continue;
		}
		if (pp == -EAGAIN)
			rc = ECMD_FAILED;
		changed |= pp != 0;
		/* --writemostly, --writebehind, --min/maxrecoveryrate (cmd/lvchange_raid.c) */
		int rp = lvchange_raid_props(c, vg, lv);
		if (rp < 0) {
			rc = ECMD_FAILED;
			continue;
		}
		changed |= rp > 0;
		bool react = false;
		int pr = lvchange_persistent(c, vg, lv, pmaj, pmin, &react);
		if (pr < 0) {
			rc = ECMD_FAILED;
			continue;
		}
		changed |= pr > 0;
		if (!changed) {
			if (perm)
				rc = ECMD_FAILED;
			continue;
		}
		if (vg_commit(x, vg)) {
			rc = ECMD_FAILED;
			continue;
		}
		/* Permission lives in the table too, and so do a pool's
		 * error_if_no_space and the raid properties. */
		if ((perm || ewf >= 0 || pp || rp > 0 || ra_reload) && act_state(x, vg, lv) && act_reload(x, vg, lv))
			rc = ECMD_FAILED;
		/* -My of an active LV: back with its new minor (LVM2) */
		if (react && act_lv(x, vg, lv, false, NULL)) {
			log_error("%s/%s: reactivation failed.", vgname, lvname);
			rc = ECMD_FAILED;
		}
		/* (LVM2 says nothing for -My alone) */
		if (arg_yesno(c, ARG_PERSISTENT, 0) != 1 || perm || alloc || saa >= 0 || skip_set >= 0 || ewf >= 0 || pp ||
		    arg_is_set(c, ARG_ADDTAG) || arg_is_set(c, ARG_DELTAG) || rp > 0)
			log_print("Logical volume %s/%s changed.", vgname, lvname);
	}
	return rc;
}

static int lvscan_one(struct cmd *c, struct vg *vg, struct lv *lv, void *arg)
{
	char b[64], path[2 * NAME_LEN + 8];
	snprintf(path, sizeof(path), "'/dev/%s/%s'", vg->name, lv->name);
	printf("  %-18s%s [%s] %s\n", act_state(&c->ctx, vg, lv) ? "ACTIVE" : "inactive", path,
	       units_format_long(lv->size_extents * vg->extent_size, b, sizeof(b)),
	       lv->alloc ? lv->alloc : "inherit");
	return 0;
}

int cmd_lvscan(struct cmd *c)
{
	return for_each_lv(c, LOCK_SHARED, VG_READ_ALLOW_MISSING, arg_is_set(c, ARG_ALL), lvscan_one, NULL);
}

static int lvdisplay_one(struct cmd *c, struct vg *vg, struct lv *lv, void *arg)
{
	char b[64], idf[ID_LEN + 7], tb[64] = "";
	id_format(lv->id, idf);
	printf("  --- Logical volume ---\n");
	bool pool = lv->n_segs == 1 && seg_has_flag(&lv->segs[0], SEGTYPE_THIN_POOL);
	if (lv_is_visible(vg, lv) && !pool)	/* LVM2 shows no path for a pool */
		printf("  LV Path                /dev/%s/%s\n", vg->name, lv->name);
	printf("  LV Name                %s\n  VG Name                %s\n", lv->name, vg->name);
	printf("  LV UUID                %s\n", idf);
	const struct dmk_dev *live = act_state(&c->ctx, vg, lv);
	printf("  LV Write Access        %s%s\n", (lv->flags.status & LV_WRITE) ? "read/write" : "read only",
	       live && live->read_only && (lv->flags.status & LV_WRITE) ? " (activated read only)" : "");
	if (lv->creation_time) {
		time_t t = (time_t)lv->creation_time;
		struct tm tm;
		if (localtime_r(&t, &tm))
			strftime(tb, sizeof(tb), "%Y-%m-%d %T %z", &tm);
		printf("  LV Creation host, time %s, %s\n", lv->creation_host ? lv->creation_host : "", tb);
	}
	snap_display_status(&c->ctx, vg, lv);
	thin_lvdisplay_lines(&c->ctx, vg, lv, 0);
	const struct dmk_dev *st = act_state(&c->ctx, vg, lv);
	/* LVM2's lvdisplay_full: " (partial)" for an LV on a missing PV; a
	 * raid1 LV is available while one image is not (raid_is_available) */
	bool partial = lv_is_partial(vg, lv), avail = true;
	if (lv->n_segs == 1 && seg_is_raid(&lv->segs[0])) {
		const struct lv_seg *rs = &lv->segs[0];
		unsigned missing = 0;
		for (unsigned k = 0; k < rs->n_areas; k++) {
			const struct lv *img = rs->areas[k].kind == AREA_LV ? vg_find_lv(vg, rs->areas[k].lv_name) : NULL;
			missing += img && lv_is_partial(vg, img);
		}
		avail = missing < rs->n_areas;
	}
	if (st && st->suspended)
		printf("  LV Status              suspended\n");
	else
		printf("  LV Status              %savailable%s\n", st && avail ? "" : "NOT ", partial ? " (partial)" : "");
	if (st)
		printf("  # open                 %d\n", st->open_count);
	const struct lv *szlv = snap_display_size_lv(vg, lv);	/* a snapshot: its origin's */
	printf("  LV Size                %s\n", units_format_long(szlv->size_extents * vg->extent_size, b, sizeof(b)));
	/* (a pool's use is its -tpool's status, there under active thin LVs
	 * while the pool itself is not active: LVM2 shows it then too) */
	if (st || lv_is_thin_pool(lv))
		thin_lvdisplay_lines(&c->ctx, vg, lv, 1);
	printf("  Current LE             %" PRIu64 "\n", szlv->size_extents);
	snap_display_cow(&c->ctx, vg, lv);
	/* LVM2's lv_is_mirrored: raid1 and mirror LVs */
	if (lv->n_segs && (seg_is_raid(&lv->segs[0]) || seg_is_mirror(&lv->segs[0])))
		printf("  Mirrored volumes       %u\n", lv->segs[0].n_areas);
	if (lv_mirror_is_converting(lv))
		printf("  LV type        Mirror undergoing conversion\n");
	printf("  Segments               %u\n", lv->n_segs);
	printf("  Allocation             %s\n", lv->alloc ? lv->alloc : "inherit");
	if (lv->read_ahead == -2)
		printf("  Read ahead sectors     auto\n");
	else
		printf("  Read ahead sectors     %" PRId64 "\n", lv->read_ahead < 0 ? 0 : lv->read_ahead);
	/* LVM2 shows the kernel's when it differs (auto: always; none is 0) */
	uint64_t kra;
	if (st && !act_read_ahead(st, &kra) &&
	    (lv->read_ahead == -2 || (uint64_t)(lv->read_ahead == -1 ? 0 : lv->read_ahead) != kra))
		printf("  - currently set to     %" PRIu64 "\n", kra);
	if (st)
		printf("  Block device           %u:%u\n", st->major, st->minor);
	printf("   \n");
	if (!arg_is_set(c, ARG_MAPS))
		return 0;
	printf("  --- Segments ---\n");
	for (unsigned s = 0; s < lv->n_segs; s++) {
		struct lv_seg *seg = &lv->segs[s];
		uint64_t len = seg_area_extents(seg);
		printf("  Logical extents %" PRIu64 " to %" PRIu64 ":\n", seg->start_extent,
		       seg->start_extent + seg->extent_count - 1);
		bool linear = seg_is_linear(seg);
		printf("    Type\t\t%s\n", seg_display_type(seg));
		if (seg_is_raid(seg) && seg->raid) {
			/* LVM2's _raid_display; no dmeventd here: monitoring blank */
			printf("    Monitoring\t\t\n");
			for (unsigned a = 0; a < seg->n_areas; a++)
				printf("    Raid Data LV %u\n      Logical volume\t%s\n      Logical extents\t%" PRIu64
				       " to %" PRIu64 "\n", a, seg->areas[a].lv_name, seg->areas[a].le,
				       seg->areas[a].le + seg->extent_count - 1);
			for (unsigned a = 0; a < seg->n_areas; a++)
				printf("    Raid Metadata LV %u\t%s\n", a, seg->raid->meta[a] ? seg->raid->meta[a] : "");
			printf("   \n");
			continue;
		}
		if (!seg_is_striped(seg))
			continue;
		if (!linear)
			printf("    Stripes\t\t%u\n    Stripe size\t\t%s\n", seg->n_areas,
			       units_format_long(seg->stripe_size, b, sizeof(b)));
		for (unsigned a = 0; a < seg->n_areas; a++) {
			struct seg_area *ar = &seg->areas[a];
			const char *pfx = linear ? "    " : "      ";
			if (!linear)
				printf("    Stripe %u:\n", a);
			if (ar->kind == AREA_PV)
				printf("%sPhysical volume\t%s\n%sPhysical extents\t%" PRIu64 " to %" PRIu64 "\n", pfx,
				       ar->pv->sd ? ar->pv->sd->dev.path : "[unknown]", pfx, ar->pe, ar->pe + len - 1);
			else
				printf("%sLogical volume\t%s\n%sLogical extents\t%" PRIu64 " to %" PRIu64 "\n", pfx,
				       ar->lv_name, pfx, ar->le, ar->le + len - 1);
		}
		printf("   \n");
	}
	printf("   \n");
	return 0;
}

int cmd_lvdisplay(struct cmd *c)
{
	SELECT_EXPAND_ARGS(c, REPORT_LV, true);
	return for_each_lv(c, LOCK_SHARED, VG_READ_ALLOW_MISSING, arg_is_set(c, ARG_ALL), lvdisplay_one, NULL);
}
