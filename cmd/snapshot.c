/* Copy-on-write snapshot commands: lvcreate -s -L|-l SIZE VG/ORIGIN. The
 * snapshot of a thin LV without a size is the thin form's (another file).
 * The request goes to lvmgr/lv_snapshot.h, which checks and commits. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd/common.h"
#include "cmd/poll.h"
#include "cmd/report/select.h"
#include "cmd/snapshot.h"
#include "lvmgr/activate.h"
#include "lvmgr/base/testhook.h"
#include "lvmgr/base/units.h"
#include "lvmgr/lv_snapshot.h"
#include "lvmgr/lv_thin_merge.h"
#include "metadata/segtypes/snapshot.h"
#include "metadata/segtypes/thin.h"

int tags_change(struct arena *a, struct strlist *l, const struct argval *add,
		const struct argval *del, bool *changed);

/* -L / -l as a COW size: %ORIGIN allowed, other percentages at most 100. */
static int cow_size_arg(struct cmd *c, struct lv_size *out)
{
	const struct val *L = arg_val(c, ARG_SIZE), *l = arg_val(c, ARG_EXTENTS);
	if (L) {
		*out = (struct lv_size){LV_SIZE_SECTORS, L->num};
		return 0;
	}
	*out = (struct lv_size){arg_size_base(l->pct), l->num};
	if (l->num > 100 && l->pct != PCT_NONE && l->pct != PCT_ORIGIN) {
		log_error("Percentage %" PRIu64 "%s is more than 100%%.", l->num, strchr(arg_str(c, ARG_EXTENTS, ""), '%'));
		return -EINVAL;
	}
	return 0;
}

/* -l N%LV names no LV here: LVM2's _update_extents_params refuses it once
 * the VG is read (exit 5). */
static bool pct_lv_refused(struct cmd *c)
{
	const struct val *l = arg_val(c, ARG_EXTENTS);
	if (!l || l->pct != PCT_LV)
		return false;
	log_error("Please express size as %%FREE, %%ORIGIN, %%PVS or %%VG.");
	return true;
}

/* The options both forms share: -c, -n, --alloc, -p, -r, -L|-l, tags. */
static int snap_params(struct cmd *c, struct lv_snapshot_params *p)
{
	struct ctx *x = &c->ctx;
	const struct val *ra = arg_val(c, ARG_READAHEAD);
	uint64_t chunk;
	bool ch = false;
	/* LVM2 checks the chunk size with the options, before the VG. */
	if (arg_size(c, ARG_CHUNKSIZE, SNAP_CHUNK_DEFAULT, &chunk) || lv_snapshot_chunk_check(chunk))
		return -EINVAL;
	p->chunk_size = (uint32_t)chunk;
	p->name = arg_str(c, ARG_NAME, NULL);
	p->alloc = arg_str(c, ARG_ALLOC, NULL);
	p->read_only = !strcmp(arg_str(c, ARG_PERMISSION, "rw"), "r");
	p->read_ahead = ra ? (int64_t)ra->num : -2;
	p->activate = arg_activate(c);
	if (cow_size_arg(c, &p->size) ||
	    tags_change(&x->arena, &p->tags, &c->args[ARG_ADDTAG], &c->args[ARG_DELTAG], &ch))
		return -EINVAL;
	return 0;
}

bool snap_options_refused(struct cmd *c)
{
	/* in LVM2's option order (args.h): the first one given is named */
	static const struct {
		enum arg_id id;
		const char *name;
	} out[] = {{ARG_WIPESIGNATURES, "--wipesignatures"}, {ARG_ZERO, "--zero"}};
	for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++)
		if (arg_is_set(c, out[i].id)) {
			log_error("Option %s is unsupported with snapshots.", out[i].name);
			return true;
		}
	return false;
}

/* lvcreate -s|--type snapshot -L|-l SIZE [-n NAME] [-c CHUNK] [-p r]
 * VG/ORIGIN [PV ...] */
int lvcreate_snapshot(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	struct lv_snapshot_params p = {.pvs = c->pos + 1, .n_pvs = (unsigned)c->n_pos - 1};
	const char *arg = vg_name_arg(c->pos[0]), *slash = strchr(arg, '/');
	struct vg *vg;
	struct lv *cow;

	if (snap_options_refused(c) || snap_params(c, &p))
		return EINVALID_CMD_LINE;
	/* --name VG/LV (LVM2's _lvcreate_name_params): its VG must be the
	 * origin's, or gives it to an origin named without one */
	const char *vgname = slash ? arena_strndup(&x->arena, arg, (size_t)(slash - arg)) : NULL, *oname = arg;
	const char *n = p.name && !strncmp(p.name, "/dev/", 5) ? p.name + 5 : p.name;
	const char *nslash = n ? strchr(n, '/') : NULL;
	if (nslash) {
		const char *nvg = arena_strndup(&x->arena, n, (size_t)(nslash - n));
		if (vgname && strcmp(vgname, nvg)) {
			log_error("Inconsistent volume group names given: \"%s\" and \"%s\"", vgname, nvg);
			return EINVALID_CMD_LINE;
		}
		vgname = nvg;
		p.name = nslash + 1;
	}
	if (slash)
		oname = slash + 1;
	if (!vgname || !*oname) {
		log_error("Please specify a logical volume to act as the snapshot origin.");
		return EINVALID_CMD_LINE;
	}
	if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(x, vgname, VG_READ_FOR_UPDATE, &vg) || pct_lv_refused(c))
		return ECMD_FAILED;
	struct lv *origin = vg_find_lv(vg, oname);
	if (!origin) {
		log_error("Snapshot origin LV %s not found in Volume group %s.", oname, vgname);
		return ECMD_FAILED;
	}
	if (lv_snapshot_create(x, vg, origin, &p, &cow))
		return ECMD_FAILED;
	log_print("Logical volume \"%s\" created.", cow->name);
	return ECMD_PROCESSED;
}

/* lvcreate --type snapshot -V SIZE -L|-l COWSIZE [-n NAME] VG [PV ...]:
 * a sparse snapshot (of a hidden zero LV). */
int lvcreate_sparse_snapshot(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	struct lv_snapshot_params p = {.pvs = c->pos + 1, .n_pvs = (unsigned)c->n_pos - 1};
	const char *arg = vg_name_arg(c->pos[0]), *slash = strchr(arg, '/');
	struct vg *vg;
	struct lv *cow;

	if (snap_params(c, &p))
		return EINVALID_CMD_LINE;
	p.virtual_size = arg_val(c, arg_is_set(c, ARG_VIRTUALORIGINSIZE) ? ARG_VIRTUALORIGINSIZE : ARG_VIRTUALSIZE)->num;
	if (!p.virtual_size) {
		log_error("Virtual size must be larger than 0.");
		return EINVALID_CMD_LINE;
	}
	const char *vgname = slash ? arena_strndup(&x->arena, arg, (size_t)(slash - arg)) : arg;
	if (slash && slash[1]) {	/* VG/NAME names the snapshot */
		if (p.name && strcmp(p.name, slash + 1)) {
			log_error("Inconsistent logical volume names \"%s\" and \"%s\".", p.name, slash + 1);
			return EINVALID_CMD_LINE;
		}
		p.name = slash + 1;
	}
	if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(x, vgname, VG_READ_FOR_UPDATE, &vg) || pct_lv_refused(c))
		return ECMD_FAILED;
	if (lv_snapshot_create(x, vg, NULL, &p, &cow))
		return ECMD_FAILED;
	log_print("Logical volume \"%s\" created.", cow->name);
	return ECMD_PROCESSED;
}

bool snap_activation_named(const struct vg *vg, const struct lv *lv, char *const *args, int n)
{
	const struct lv_seg *ss = snap_seg_of_cow(vg, lv, NULL);
	const struct lv *o = ss ? vg_find_lv(vg, ss->origin) : NULL;
	if (!o || lv_is_virtual_origin(vg, o))
		return true;
	size_t vl = strlen(vg->name);
	for (int a = 0; a < n; a++) {
		const char *s = vg_name_arg(args[a]);
		if (!strncmp(s, vg->name, vl) && s[vl] == '/' && !strcmp(s + vl + 1, lv->name))
			return true;
	}
	return false;
}

int snap_activation_lv(struct cmd *c, const struct vg *vg, struct lv **lv)
{
	const struct lv_seg *ss = snap_seg_of_cow(vg, *lv, NULL);
	struct lv *o = ss ? vg_find_lv(vg, ss->origin) : NULL;
	char others[64] = "";
	if (!o)
		return 0;
	if (lv_is_virtual_origin(vg, o)) {
		*lv = o;
		return 0;
	}
	unsigned n = snap_cows_of_origin(vg, o, NULL, 0);
	if (n > 1)
		snprintf(others, sizeof(others), " and %u other snapshot(s)", n - 1);
	if (!cmd_confirm(c, "Change of snapshot %s/%s will also change its origin %s/%s%s. Proceed?", vg->name,
			 (*lv)->name, vg->name, o->name, others)) {
		log_error("Logical volume %s/%s not changed.", vg->name, (*lv)->name);
		return -ECANCELED;
	}
	*lv = o;
	return 0;
}

/* ---- lvdisplay's snapshot lines (LVM2's lvdisplay_full) ---- */

/* Is the snapshot whose COW is cow active with a valid exception store?
 * *pct: its use in hundredths of a percent. */
static bool snap_active(struct ctx *x, const struct vg *vg, const struct lv *cow, unsigned *pct)
{
	struct dt_status st;
	if (!act_state(x, vg, cow) || act_status(x, vg, cow, &st) || st.health == DT_FAILED)
		return false;
	*pct = st.has_percent && st.denom ? (unsigned)(st.numer * 10000 / st.denom) : 0;
	return true;
}

void snap_display_status(struct ctx *x, const struct vg *vg, const struct lv *lv)
{
	unsigned pct;
	if (lv_is_snap_origin(vg, lv)) {
		printf("  LV snapshot status     source of\n");
		const struct lv *cows[256];
		unsigned n = snap_cows_of_origin(vg, lv, cows, 256);
		for (unsigned i = 0; i < n && i < 256; i++)
			printf("                         %s [%s]\n", cows[i]->name,
			       snap_active(x, vg, cows[i], &pct) ? "active" : "INACTIVE");
		return;
	}
	const struct lv_seg *ss = snap_seg_of_cow(vg, lv, NULL);
	if (ss)
		printf("  LV snapshot status     %s destination for %s\n",
		       snap_active(x, vg, lv, &pct) ? "active" : "INACTIVE", ss->origin);
}

const struct lv *snap_display_size_lv(const struct vg *vg, const struct lv *lv)
{
	const struct lv_seg *ss = snap_seg_of_cow(vg, lv, NULL);
	const struct lv *o = ss ? vg_find_lv(vg, ss->origin) : NULL;
	return o ? o : lv;
}

void snap_display_cow(struct ctx *x, const struct vg *vg, const struct lv *lv)
{
	const struct lv_seg *ss = snap_seg_of_cow(vg, lv, NULL);
	char b[64];
	unsigned pct;
	if (!ss)
		return;
	printf("  COW-table size         %s\n", units_format_long(lv->size_extents * vg->extent_size, b, sizeof(b)));
	printf("  COW-table LE           %" PRIu64 "\n", lv->size_extents);
	if (snap_active(x, vg, lv, &pct))
		printf("  Allocated to snapshot  %u.%02u%%\n", pct / 100, pct % 100);
	printf("  Snapshot chunk size    %s\n", units_format_long(ss->chunk_size, b, sizeof(b)));
}

/* The poller: watch the kernel's merge (the VG read once, no lock held
 * while waiting); when it is done, run again as "finish", whose read for
 * update completes the merge (vg_read's lv_snapshot_merge_finish_done).
 * An origin deactivated meanwhile: nothing to wait for (the merge goes on
 * at its next activation). */
static int merge_poll(struct cmd *c, const char *vgname, const char *name, unsigned interval, bool finish)
{
	struct ctx *x = &c->ctx;
	struct vg *vg;
	bool done = false;
	if (finish)
		return lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(x, vgname, VG_READ_FOR_UPDATE, &vg)
			       ? ECMD_FAILED : ECMD_PROCESSED;
	test_abort_at("merge-poller");	/* a killed poller: the next command finishes */
	if (lock_vg_mode(c, vgname, LOCK_SHARED) || vg_read(x, vgname, 0, &vg))
		return ECMD_FAILED;
	lock_vg_release(x->locks, vgname);
	struct lv *cow = vg_find_lv(vg, name);
	while (cow && lv_snapshot_merge_pending(x, vg, cow, &done) && !done)
		sleep(interval ? interval : 1);
	if (!done)
		return ECMD_PROCESSED;
	poll_exec(POLL_FINISH, "--merge", vgname, name);
	return ECMD_FAILED;
}

static bool dev_open_now(struct ctx *x, const struct vg *vg, const struct lv *lv)
{
	const struct dmk_dev *d = act_state(x, vg, lv);
	return d && d->open_count > 0;
}

static const struct lv *merging_cow(const struct vg *vg, const struct lv *o)
{
	const struct lv *cows[256];
	unsigned n = lv_is_merging_origin(vg, o) ? snap_cows_of_origin(vg, o, cows, 256) : 0;
	for (unsigned i = 0; i < n && i < 256; i++) {
		const struct lv_seg *ss = snap_seg_of_cow(vg, cows[i], NULL);
		if (ss && ss->merging)
			return cows[i];
	}
	return NULL;
}

void snap_poll_merge(struct cmd *c, const struct vg *vg, const struct lv *lv)
{
	struct ctx *x = &c->ctx;
	const struct lv *cow = merging_cow(vg, lv);
	const char *type = cow && !x->test ? act_live_target(x, vg, lv) : NULL;
	/* the merge running (the snapshot's own device, if any, is LVM2's
	 * error placeholder), not deferred by an open origin or snapshot */
	if (type && !strcmp(type, "snapshot-merge") && arg_yesno(c, ARG_POLL, 1))
		poll_spawn("--merge", vg->name, cow->name, 1, false);
}

int snap_refresh(struct cmd *c, const struct vg *vg, const struct lv *lv)
{
	struct ctx *x = &c->ctx;
	const struct lv *cow = merging_cow(vg, lv);
	/* A deferred merge: the snapshot still has its own device. */
	if (!cow || x->test || !act_state(x, vg, lv) || !act_state(x, vg, cow) || dev_open_now(x, vg, lv) ||
	    dev_open_now(x, vg, cow))
		return act_refresh(x, vg, lv);
	int r = deact_lv(x, vg, lv, false);
	if (!r)
		r = act_lv(x, vg, lv, false, NULL);
	if (r)
		return r;
	if (arg_yesno(c, ARG_POLL, 1))
		poll_spawn("--merge", vg->name, cow->name, 1, false);
	return 0;
}

/* One LV of lvconvert --merge|--mergesnapshot. */
static int merge_one(struct cmd *c, const char *pos, uint64_t interval)
{
	struct ctx *x = &c->ctx;
	const char *arg = vg_name_arg(pos), *slash = strchr(arg, '/');
	enum poll_mode poll = poll_mode_take();
	bool started;
	struct vg *vg;

	if (!slash || !slash[1]) {
		log_error("Please give the snapshot as VG/LV (%s).", pos);
		return EINVALID_CMD_LINE;
	}
	const char *vgname = arena_strndup(&x->arena, arg, (size_t)(slash - arg)), *name = slash + 1;
	if (poll != POLL_NONE)
		return merge_poll(c, vgname, name, (unsigned)interval, poll == POLL_FINISH);
	/* A merge done meanwhile is this command's to finish (and report). */
	if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(x, vgname, VG_READ_FOR_UPDATE | VG_READ_KEEP_MERGES, &vg))
		return ECMD_FAILED;
	struct lv *cow = vg_find_lv(vg, name);
	if (!cow) {
		log_error("Failed to find logical volume \"%s/%s\"", vgname, name);
		return ECMD_FAILED;
	}
	/* a thin snapshot (not with --mergesnapshot: LVM2's LV type check
	 * refuses it there, as lv_snapshot_merge does) */
	const char *form = c->form ? c->form->id : "";
	bool cow_form = !strcmp(form, "lvconvert_merge_cow"), thin_form = !strcmp(form, "lvconvert_merge_thin");
	if (lv_is_thin(cow) && !cow_form)
		return lv_thin_merge(x, vg, cow) ? ECMD_FAILED : ECMD_PROCESSED;
	/* --mergethin of another LV, --mergesnapshot of a thin LV: LVM2's
	 * LV type check */
	if (thin_form || (cow_form && lv_is_thin(cow))) {
		const char *t = lv_is_thin(cow) ? "thin" : snap_seg_of_cow(vg, cow, NULL) ? "snapshot"
			: lv_is_thin_pool(cow) ? "thinpool" : !cow->n_segs ? "unknown"
			: seg_is_linear(&cow->segs[0]) ? "linear"
			: cow->segs[0].type;
		log_error("Command on LV %s/%s does not accept LV type %s.", vgname, name, t);
		log_error("Command not permitted on LV %s/%s.", vgname, name);
		return ECMD_FAILED;
	}
	/* LVM2's lvconvert --merge: a COW LV merges as a snapshot, a thin LV
	 * as a thin one, any other LV as a raid1 image split with
	 * --trackchanges (--mergemirrors, cmd/lvconvert_track.c). */
	if (!snap_seg_of_cow(vg, cow, NULL) && !lv_is_thin(cow) && cow->n_segs &&
	    (seg_is_striped(&cow->segs[0]) || seg_is_raid(&cow->segs[0])))
		return lvconvert_merge_tracked(c, vg, cow);
	if (lv_snapshot_merge(x, vg, cow, &started))
		return ECMD_FAILED;
	if (!started || x->test)
		return ECMD_PROCESSED;
	vg_backup_warn(x);	/* LVM2 polls with the VG unlocked */
	if (arg_is_set(c, ARG_BACKGROUND)) {
		poll_spawn("--merge", vgname, name, arg_is_set(c, ARG_INTERVAL) ? (unsigned)interval : 1, false);
		return ECMD_PROCESSED;
	}
	/* LVM2 polls with a progress line every -i (activation/polling_interval) seconds */
	return lv_snapshot_merge_wait(x, vg, cow, (unsigned)interval)
		       ? ECMD_FAILED
		       : ECMD_PROCESSED;
}

/* lvconvert --merge|--mergesnapshot [-i SECONDS] [-b] VG/SNAP|@TAG ...: as
 * LVM2, every LV named or tagged, one after the other; the worst status. */
int lvconvert_merge_snapshot(struct cmd *c)
{
	uint64_t interval;
	int r, worst = ECMD_PROCESSED;

	int64_t dflt = config_int(c->ctx.cfg, "activation/polling_interval");
	if (arg_uint(c, ARG_INTERVAL, UINT32_MAX, dflt > 0 ? (uint64_t)dflt : 15, &interval))
		return EINVALID_CMD_LINE;
	if ((r = select_expand_args(c, REPORT_LV, false, false)))
		return r;
	for (int a = 0; a < c->n_pos; a++)
		if ((r = merge_one(c, c->pos[a], interval)) > worst)
			worst = r;
	return worst;
}

/* ---- lvextend --use-policies of a snapshot (LVM2's _lvresize_adjust_policy) ---- */

int snap_policy_size(struct cmd *c, const struct vg *vg, const struct lv *lv, struct lv_size *size, char *sign)
{
	struct ctx *x = &c->ctx;
	int64_t thr = config_int(x->cfg, "activation/snapshot_autoextend_threshold");
	int64_t amount = config_int(x->cfg, "activation/snapshot_autoextend_percent");
	struct dt_status st;

	if (!snap_seg_of_cow(vg, lv, NULL)) {
		log_error("Policy-based resize is supported only for snapshot, thin pool and vdo pool volumes.");
		return -EINVAL;
	}
	if (thr < 50) {
		log_warn("Snapshot autoextend threshold %" PRId64 "%% is set bellow "
			 "minimal supported value 50%%.", thr);
		thr = 50;
	}
	if (thr >= 100)
		return 1;
	if (amount <= 0) {
		log_error("Can't extend %s/%s with snapshot autoextend percent set to 0%%.", vg->name, lv->name);
		return -EINVAL;
	}
	if (!act_state(x, vg, lv) || act_status(x, vg, lv, &st)) {
		log_error("Can't read state of locally inactive LV %s/%s.", vg->name, lv->name);
		return -ENODEV;
	}
	if (st.health == DT_FAILED || !st.has_percent || !st.denom)
		return 1;	/* an invalid snapshot: nothing to do */
	/* dm_make_percent in units of 1e-6 %, then _adjust_amount: only above
	 * 50% and the threshold; the least percent that gets below the
	 * threshold, if more than the policy's */
	int64_t pct = st.numer == st.denom ? 100000000
		      : (int64_t)(100000000.0 * ((double)st.numer / (double)st.denom));
	if (st.numer && st.numer != st.denom && pct == 0)
		pct = 1;
	if (pct <= 50000000 || pct > 100000000 || pct <= thr * 1000000)
		return 1;
	int64_t t = thr * 1000000 / 100;
	int64_t need = (pct + t - 1) / t - 100;
	*sign = '+';
	*size = (struct lv_size){LV_SIZE_PCT_LV, (uint64_t)(amount < need ? need : amount)};
	return 0;
}

/* ---- lvconvert -s|--snapshot|--type snapshot ORIGIN COW ---- */

/* LVM2's LV_linear_striped for the COW: the type named in its refusal. */
static const char *cow_type_refused(const struct vg *vg, const struct lv *lv)
{
	if (snap_seg_of_cow(vg, lv, NULL))
		return "snapshot";
	if (!lv->n_segs)
		return "unknown";
	if (lv_is_thin_pool(lv))
		return "thinpool";
	if (seg_is_raid(&lv->segs[0]))
		return "raid";
	if (!seg_is_striped(&lv->segs[0]))
		return lv->segs[0].type;
	return NULL;
}

/* As LVM2's lvconvert_combine_split_snapshot_cmd: the COW is the second
 * argument (given without its VG, the first one's), the first the origin
 * (its VG, if given, the same). */
int lvconvert_combine_snapshot(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	const char *o_arg = vg_name_arg(c->pos[0]), *cow_arg = c->pos[1], *vgname, *cowname;
	const char *oslash = strchr(o_arg, '/');
	uint64_t chunk;
	struct vg *vg;
	struct lv *cow;
	int r;

	if (oslash && !strchr(vg_name_arg(cow_arg), '/'))
		cow_arg = arena_printf(&x->arena, "%.*s/%s", (int)(oslash - o_arg), o_arg, cow_arg);
	if ((r = lv_path_arg(c, cow_arg, &vgname, &cowname)))
		return r;
	const char *oname = oslash ? oslash + 1 : o_arg;
	if (oslash && ((size_t)(oslash - o_arg) != strlen(vgname) || strncmp(o_arg, vgname, strlen(vgname)))) {
		log_error("Please use a single volume group name (\"%s\" or \"%.*s\").", vgname, (int)(oslash - o_arg),
			  o_arg);
		return EINVALID_CMD_LINE;
	}
	if (lv_read_for_update(c, vgname, cowname, 0, &vg, &cow))
		return ECMD_FAILED;
	/* LVM2 checks the pair before the COW's type (vg/lv1 vg/lv1 of a snapshot) */
	if (!strcmp(oname, cowname)) {
		log_error("Unable to use %s/%s as both snapshot and origin.", vgname, cowname);
		return ECMD_FAILED;
	}
	const char *bad = cow_type_refused(vg, cow);
	if (bad) {
		log_error("Command on LV %s/%s does not accept LV type %s.", vgname, cowname, bad);
		log_error("Command not permitted on LV %s/%s.", vgname, cowname);
		return ECMD_FAILED;
	}
	/* LVM2's LV arguments are visible ones unless the command says */
	if (!lv_is_visible(vg, cow)) {
		log_error("Command on LV %s/%s requires LV with properties: lv_is_visible .", vgname, cowname);
		log_error("Command not permitted on LV %s/%s.", vgname, cowname);
		return ECMD_FAILED;
	}
	if (arg_size(c, ARG_CHUNKSIZE, SNAP_CHUNK_DEFAULT, &chunk) || lv_snapshot_chunk_check(chunk) ||
	    lv_snapshot_min_chunks_check(vg, cow->size_extents, (uint32_t)chunk))
		return ECMD_FAILED;
	struct lv *origin = vg_find_lv(vg, oname);
	if (!origin) {
		log_error("Couldn't find origin volume %s in Volume group %s.", oname, vgname);
		return ECMD_FAILED;
	}
	if (lv_snapshot_origin_check(vg, origin))
		return ECMD_FAILED;
	log_warn("Converting logical volume %s/%s to snapshot exception store.", vgname, cowname);
	log_error("THIS WILL DESTROY CONTENT OF LOGICAL VOLUME (filesystem etc.)");	/* LVM2's: no WARNING */
	if (!cmd_confirm(c, "Do you really want to convert %s/%s?", vgname, cowname)) {
		log_error("Conversion aborted.");
		return ECMD_FAILED;
	}
	const struct val *z = arg_val(c, ARG_ZERO);
	if (lv_snapshot_convert(x, vg, origin, cow, (uint32_t)chunk, z ? z->num != 0 : true))
		return ECMD_FAILED;
	log_print("Logical volume %s/%s converted to snapshot.", vgname, cowname);
	return ECMD_PROCESSED;
}
