/* lv_remove and lv_rename (lv_api.h): an LV leaves the VG or changes its
 * name. Both refuse LVs other LVs use and LVs of types lvmgr does not
 * manage yet (thin, raid, mirror, snapshot, cache, ...): refused with a
 * clear message, never damaged. */
#include <errno.h>
#include <string.h>

#include "lvmgr/activate.h"
#include "lvmgr/base/testhook.h"
#include "lvmgr/lock.h"
#include "lvmgr/lv_api.h"
#include "lvmgr/lv_snapshot.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/lv_thin.h"
#include "lvmgr/lv_thin_merge.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/snapshot.h"
#include "metadata/segtypes/raid.h"

/* Another LV that refers to lv by name (stacked area, snapshot origin, pool...). */
static const struct lv *lv_user(const struct vg *vg, const struct lv *lv)
{
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv *o = vg->lvs[l];
		if (o == lv)
			continue;
		for (unsigned s = 0; s < o->n_segs; s++)
			if (seg_refers_to_lv(&o->segs[s], lv->name))
				return o;
	}
	return NULL;
}

/* The type of the first segment lvmgr keeps verbatim (does not manage), or NULL. */
static const char *lv_unknown_type(const struct lv *lv)
{
	for (unsigned s = 0; s < lv->n_segs; s++)
		if (seg_is_verbatim(&lv->segs[s]))
			return lv->segs[s].type;
	return NULL;
}

/* Does lv go with lvs[0..n-1]: one of them, or the snapshotN LV of one
 * (a snapshot goes with its COW LV)? */
static bool goes(const struct lv *lv, struct lv *const *lvs, unsigned n)
{
	const struct lv_seg *ss = lv_snapshot_seg(lv);
	for (unsigned i = 0; i < n; i++)
		if (lvs[i] == lv || (ss && !strcmp(ss->cow, lvs[i]->name)))
			return true;
	return false;
}

/* An LV that uses lv and stays (lvs[0..n-1] go). */
static const struct lv *lv_user_staying(const struct vg *vg, const struct lv *lv, struct lv *const *lvs, unsigned n)
{
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv *o = vg->lvs[l];
		if (o == lv || goes(o, lvs, n))
			continue;
		for (unsigned s = 0; s < o->n_segs; s++)
			if (seg_refers_to_lv(&o->segs[s], lv->name))
				return o;
	}
	return NULL;
}

/* Can lv go (with lvs[0..n-1])? Logs why not. */
static bool removable(const struct vg *vg, const struct lv *lv, struct lv *const *lvs, unsigned n)
{
	const struct lv *user = lv_user_staying(vg, lv, lvs, n);
	if (user && lv_is_thin(lv) && user == thin_pool_of(vg, lv))
		user = NULL;	/* its pool, through a queued create message */
	const char *t = lv_unknown_type(lv);
	/* a merging snapshot may go, a virtual origin with its COW, and (as
	 * LVM2) the pools' spare */
	size_t len = strlen(lv->name);
	bool spare = len > 8 && !strcmp(lv->name + len - 8, "_pmspare") && !user;
	if (!lv_is_visible(vg, lv) && !snap_seg_of_cow(vg, lv, NULL) && !spare && !lv_is_virtual_origin(vg, lv) &&
	    !lv_is_merging_thin_snapshot(lv))
		log_error("Can't remove logical volume %s used as an internal part of another LV.", lv->name);
	else if (user && raid_owner_of(vg, lv, NULL, NULL) == user)	/* a tracked raid1 image */
		log_error("Can't remove logical volume %s/%s used as RAID device.", vg->name, lv->name);
	else if (user)
		log_error("Can't remove logical volume %s/%s: LV %s uses it.", vg->name, lv->name, user->name);
	else if (t)
		log_error("Can't remove logical volume %s/%s: lvmgr does not manage %s LVs yet (use LVM2).",
			  vg->name, lv->name, t);
	else
		return true;
	return false;
}

static bool confirmed(const struct vg *vg, const struct lv *lv, bool active, const struct lv_remove_params *p)
{
	/* A virtual origin goes with its snapshot, which was asked for. */
	if (!p->confirm || lv_is_virtual_origin(vg, lv) || p->confirm(p->confirm_arg, vg, lv, active))
		return true;
	log_error("Logical volume %s/%s not removed.", vg->name, lv->name);
	return false;
}

/* lvremove's commit waits here for the snapshots' removals it left
 * running: their devices must be gone before the metadata no longer has
 * them (LVM2 deactivates, then commits). */
static int snapshots_removed(struct ctx *x, void *unused)
{
	int r = act_wait_removals(x);
	if (!r)	/* the snapshots' devices gone, the metadata still has them */
		test_abort_at("snap-remove-deactivated");
	return r;
}

static int remove_lvs(struct ctx *x, struct vg *vg, struct lv *const *lvs, unsigned n,
		      const struct lv_remove_params *p)
{
	int r;
	thin_remove_expand(x, vg, &lvs, &n);	/* a thin pool's thin LVs go with it */
	if ((r = lv_thin_merge_remove_expand(x, vg, &lvs, &n)))	/* a merging thin snapshot with its origin */
		return r;
	lv_snapshot_remove_expand(x, vg, &lvs, &n);	/* a sparse snapshot's zero origin too */
	for (unsigned i = 0; i < n; i++)	/* what an earlier command left queued */
		if (lv_is_thin(lvs[i]) && thin_pool_of(vg, lvs[i]) && (r = thin_reconcile(x, vg, thin_pool_of(vg, lvs[i]))))
			return r;
	for (unsigned i = 0; i < n; i++) {
		if (!removable(vg, lvs[i], lvs, n))
			return -EBUSY;
		/* A merge running into an origin that stays (LVM2). */
		const struct lv_seg *ss = snap_seg_of_cow(vg, lvs[i], NULL);
		const struct lv *o = ss && ss->merging ? vg_find_lv(vg, ss->origin) : NULL;
		if (o && !goes(o, lvs, n) && act_state(x, vg, o)) {
			log_error("Can't remove merging snapshot logical volume %s/%s.", vg->name, lvs[i]->name);
			return -EBUSY;
		}
		if (!confirmed(vg, lvs[i], false, p))
			return -ECANCELED;
	}
	/* Active origins whose snapshots go stay up: reloaded after the commit. */
	const struct lv **reload = arena_alloc(&x->arena, (n + 1) * sizeof(*reload));
	unsigned nr = lv_snapshot_origins_to_reload(x, vg, lvs, n, reload);
	/* The -cow layers of those snapshots: removed after the commit with
	 * the origins' -real, in one batch (their removals overlap). */
	const char **cows = arena_alloc(&x->arena, (n + 1) * sizeof(*cows));
	unsigned ncow = 0;
	/* Active LVs go down first (refused while open unless forced), as LVM2. */
	for (unsigned i = 0; i < n; i++) {
		const struct dmk_dev *st = act_state(x, vg, lvs[i]);
		if (!st && lv_is_thin_pool(lvs[i]) && act_state_layer(x, vg, lvs[i], "tpool")) {
			/* the -tpool stack its thin LVs (gone before it) brought up */
			if ((r = deact_lv(x, vg, lvs[i], p->force)))
				return r;
			continue;
		}
		if (!st)
			continue;
		if (st->open_count > 0 && !p->force) {
			log_error("Logical volume %s/%s contains a filesystem in use.", vg->name, lvs[i]->name);
			return -EBUSY;
		}
		if (!confirmed(vg, lvs[i], true, p))
			return -ECANCELED;
		if (lv_snapshot_origin_reloaded(vg, lvs[i], reload, nr)) {
			/* its device goes while the commit is written; the
			 * commit waits for it before it is made live */
			if ((r = deact_lv_top_start(x, vg, lvs[i], p->force)))
				return r;
			x->commit_gate = snapshots_removed;
			cows[ncow++] = dt_uuid(&x->arena, vg, lvs[i], "cow");
		} else if ((r = deact_lv(x, vg, lvs[i], p->force))) {
			return r;
		}
	}
	/* A snapshot's snapshotN LV goes with its COW LV. */
	for (unsigned l = vg->n_lvs; l-- > 0;)
		if (lv_snapshot_seg(vg->lvs[l]) && goes(vg->lvs[l], lvs, n))
			vg_remove_lv(vg, vg->lvs[l]);
	for (unsigned i = 0; i < n; i++) {
		/* A raid LV's hidden images and metadata LVs go with it. */
		unsigned ns = 0;
		struct lv **subs = lv_raid_sub_lvs(&x->arena, vg, lvs[i], &ns);
		vg_remove_lv(vg, lvs[i]);
		for (unsigned k = 0; k < ns; k++) {
			/* a mirrored mirror log's own images */
			unsigned n2 = 0;
			struct lv **subs2 = lv_raid_sub_lvs(&x->arena, vg, subs[k], &n2);
			vg_remove_lv(vg, subs[k]);
			for (unsigned j = 0; j < n2; j++)
				vg_remove_lv(vg, subs2[j]);
		}
	}
	thin_after_remove(x, vg, lvs, n);
	if (p->before_commit && (r = p->before_commit(p->before_commit_arg, vg)))
		return r;
	if (!n)
		return 0;
	r = vg_commit(x, vg);
	x->commit_gate = NULL;
	if (r)
		return r;
	if ((r = thin_after_remove_commit(x, vg)))	/* the delete messages */
		return r;
	if (nr)
		test_abort_at("snap-remove-committed");
	return lv_snapshot_reload_origins(x, vg, reload, nr, cows, ncow);
}

int lv_remove(struct ctx *x, struct vg *vg, struct lv *const *lvs, unsigned n,
	      const struct lv_remove_params *p)
{
	int r = remove_lvs(x, vg, lvs, n, p);
	/* removals the commit did not wait for (it failed before, or was
	 * not reached) */
	int w = act_wait_removals(x);
	x->commit_gate = NULL;
	return r ? r : w;
}

/* lvrename's name rule: lvcreate's (lv_name_check), with LVM2's second
 * line for a malformed name (a reserved one has its one line). */
static int rename_name_check(const char *vgname, const char *name)
{
	char err[256] = "";
	int r = lv_name_check_in(NULL, vgname, name, err, sizeof(err));
	if (!r)
		return 0;
	log_error("%s", err);
	if (r == -EINVAL && !strstr(err, "may not exceed"))
		log_error("New logical volume name \"%s\" is invalid.", name);
	return -EINVAL;
}

/* -EINVAL is the caller's "bad request": a failure past the request's
 * checks is not one. */
static int not_request(int r)
{
	return r == -EINVAL ? -EIO : r;
}

int lv_rename(struct ctx *x, const char *vgname, const char *old, const char *new_name)
{
	struct vg *vg;
	struct lv *lv;
	int r;

	/* The request first, before the VG is locked and read (as LVM2). */
	if ((r = rename_name_check(vgname, new_name)))
		return r;
	if (!strcmp(old, new_name)) {
		log_error("Old and new logical volume names must differ");
		return -EINVAL;
	}
	if ((r = lock_vg(x->locks, vgname, LOCK_EXCL)) || (r = vg_read(x, vgname, VG_READ_FOR_UPDATE, &vg)))
		return not_request(r);
	if (!(lv = vg_find_lv(vg, old))) {
		log_error("Existing logical volume \"%s\" not found in volume group \"%s\"", old, vgname);
		return -ENOENT;
	}
	/* raid1 sub-LVs and a raid1 LV tracking a split image (LVM2's lvrename) */
	bool meta = false;
	if (raid_owner_of(vg, lv, NULL, &meta)) {
		log_error("Cannot rename a RAID %s directly", meta ? "metadata area" : "image");
		return -EBUSY;
	}
	if (raid_tracked_image(vg, lv, NULL)) {
		log_error("Cannot rename %s while it is tracking a split image", lv->name);
		return -EBUSY;
	}
	if (vg_find_lv(vg, new_name)) {
		log_error("Logical Volume \"%s\" already exists in volume group \"%s\"", new_name, vg->name);
		return -EEXIST;
	}
	/* Snapshots name their origin and COW: they follow the rename. */
	const char *nn = arena_strdup(&x->arena, new_name);
	bool visible = lv_is_visible(vg, lv);
	lv_snapshot_rename_refs(vg, old, nn);
	const struct lv *user = lv_user(vg, lv);
	if (user || !visible) {
		log_error("Cannot rename %s/%s: %s%s uses it (lvmgr does not rewrite references yet).",
			  vg->name, old, user ? "LV " : "another LV", user ? user->name : "");
		return -EBUSY;
	}
	if (lv_unknown_type(lv)) {
		log_error("Cannot rename %s/%s: lvmgr does not manage %s LVs yet (use LVM2).", vg->name, old,
			  lv_unknown_type(lv));
		return -ENOTSUP;
	}
	unsigned ns = 0;
	struct lv **subs1 = lv_raid_sub_lvs(&x->arena, vg, lv, &ns);
	/* A mirrored mirror log's images (LV_mlog_mimage_K) come before the
	 * log: renamed under the log's old name, their devices first. */
	struct lv **subs = arena_alloc(&x->arena, (3 * ns + 1) * sizeof(*subs));
	const char **sub_old = arena_alloc(&x->arena, (3 * ns + 1) * sizeof(*sub_old));
	unsigned nt = 0;
	for (unsigned k = 0; k < ns; k++) {
		unsigned n2 = 0;
		struct lv **subs2 = lv_raid_sub_lvs(&x->arena, vg, subs1[k], &n2);
		size_t ol = strlen(lv->name);
		const char *suffix = strncmp(subs1[k]->name, lv->name, ol) ? subs1[k]->name : subs1[k]->name + ol;
		for (unsigned j = 0; j < n2 && nt < 3 * ns; j++) {
			sub_old[nt] = subs2[j]->name;
			subs[nt++] = subs2[j];
			/* LVM2's temporary layer LV_mimagetmp_K: its images and
			 * log are named after the LV (LV_mimage_N, LV_mlog) */
			bool layer = strstr(subs1[k]->name, "_mimagetmp") &&
				     strncmp(subs2[j]->name, subs1[k]->name, strlen(subs1[k]->name)) &&
				     !strncmp(subs2[j]->name, lv->name, ol);
			/* the name of subs1[k] (the image or layer) to be */
			const char *kn = arena_printf(&x->arena, "%s%s", new_name, suffix);
			if ((r = layer ? lv_raid_sub_set_name(x, vg, subs1[k], subs2[j], kn,
							      arena_printf(&x->arena, "%s%s", new_name, subs2[j]->name + ol))
				       : lv_raid_sub_rename(x, vg, subs1[k], subs2[j], kn)))
				return r;
		}
		sub_old[nt] = subs1[k]->name;
		subs[nt++] = subs1[k];
		if ((r = lv_raid_sub_rename(x, vg, lv, subs1[k], new_name)))
			return r;
	}
	ns = nt;
	lv->name = nn;
	if ((r = vg_commit(x, vg)))
		return not_request(r);
	/* The sub-LVs' devices first: the raid device maps onto them. */
	for (unsigned k = 0; k < ns; k++)
		if ((r = act_rename(x, vg, sub_old[k], subs[k])))
			return not_request(r);
	if ((r = act_rename(x, vg, old, lv)))
		return not_request(r);
	return 0;
}
