/* lvconvert --merge VG/SNAP for copy-on-write snapshots, as LVM2 2.03's
 * _lvconvert_merge_old_snapshot: the snapshot segment is marked merging
 * (merging_store in the text, the COW hidden), and the kernel's
 * snapshot-merge target copies the exceptions back into the origin.
 *
 * lvmgr starts a merge on an active origin by taking the stack down and
 * loading the merge tree from the metadata (the origin must not be open,
 * so nothing notices), which needs no exception handover between a live
 * snapshot and the merge target. An open origin or snapshot, or an
 * inactive origin: the merge is recorded and starts on the origin's next
 * activation (the tree is built from the metadata). Waiting for the copy
 * and finishing (the snapshot and its COW LV leave the metadata, the
 * origin gets its plain table back) is lv_snapshot_merge_wait's; with -b
 * a detached poller (cmd/snapshot.c) waits and finishes it, and a merge
 * the kernel finished whose poller died is finished by the next command
 * that reads the VG for update (lv_snapshot_merge_finish_done). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lvmgr/activate.h"
#include "lvmgr/base/testhook.h"
#include "lvmgr/base/units.h"
#include "lvmgr/lv_snapshot.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/snapshot.h"

static bool is_open(struct ctx *x, const struct vg *vg, const struct lv *lv)
{
	const struct dmk_dev *d = act_state(x, vg, lv);
	return d && d->open_count > 0;
}

int lv_snapshot_merge(struct ctx *x, struct vg *vg, struct lv *cow, bool *started)
{
	struct lv_seg *ss = (struct lv_seg *)snap_seg_of_cow(vg, cow, NULL);
	struct lv *o = ss ? vg_find_lv(vg, ss->origin) : NULL;
	struct dt_status st;
	int r;

	*started = false;
	if (!o) {
		log_error("Command on LV %s/%s uses options that require LV types snapshot.", vg->name, cow->name);
		return -EINVAL;
	}
	if (ss->merging) {
		*started = act_state(x, vg, o) != NULL;
		return 0;	/* running or pending: the caller waits */
	}
	if (lv_is_merging_origin(vg, o)) {
		log_error("Cannot merge snapshot %s/%s into the origin %s/%s with merging snapshot %s/%s.", vg->name,
			  cow->name, vg->name, o->name, vg->name, cow->name);	/* sic: LVM2 names cow twice */
		return -EBUSY;
	}
	if (!(o->flags.status & LV_WRITE)) {
		log_error("Cannot merge snapshot %s/%s into the read-only origin %s/%s. (Use lvchange -p rw).",
			  vg->name, cow->name, vg->name, o->name);
		return -EPERM;
	}
	if (act_state(x, vg, cow) && (act_status(x, vg, cow, &st) || st.health == DT_FAILED)) {
		log_error("Unable to merge invalidated snapshot LV %s/%s.", vg->name, cow->name);
		return -EINVAL;
	}
	bool active = act_state(x, vg, o) != NULL, delay = false;
	if (active && is_open(x, vg, o)) {
		log_print("Delaying merge since origin is open.");
		delay = true;
	} else if (active && is_open(x, vg, cow)) {
		log_print("Delaying merge since snapshot is open.");
		delay = true;
	}
	ss->merging = true;
	if ((r = vg_commit(x, vg)))
		return r;
	if (!delay && active && !x->test) {
		/* Down and up again from the metadata: the merge tree. */
		if ((r = deact_lv(x, vg, o, false)) || (r = act_lv(x, vg, o, false, NULL))) {
			log_error("Failed to start the merge of %s/%s: it starts on the next activation of %s/%s.",
				  vg->name, cow->name, vg->name, o->name);
			return r;
		}
		*started = true;
	}
	if (!*started) {
		log_print("Merging of snapshot %s/%s will occur on next activation of %s/%s.", vg->name, cow->name,
			  vg->name, o->name);
	} else
		log_print("Merging of volume %s/%s started.", vg->name, cow->name);
	return 0;
}

static int merge_finish(struct ctx *x, struct vg *vg, struct lv *cow, struct lv *o, const struct lv_seg *ss);

int lv_snapshot_merge_wait(struct ctx *x, struct vg *vg, struct lv *cow, unsigned interval)
{
	const struct lv_seg *ss = snap_seg_of_cow(vg, cow, NULL);
	struct lv *o = ss ? vg_find_lv(vg, ss->origin) : NULL;
	struct dt_status st;
	time_t last = 0;
	int r;

	if (!o || !ss->merging)
		return -EINVAL;
	for (;;) {
		x->dm_listed = false;	/* fresh status each time */
		if ((r = act_status(x, vg, o, &st)) || st.health == DT_FAILED) {
			log_error("Merge of snapshot into logical volume %s/%s has failed.", vg->name, o->name);
			return r ? r : -EIO;
		}
		if (!st.numer)
			break;
		/* LVM2's poll_merge_progress: 100% less the store's use
		 * (used of total sectors, its metadata included) */
		if (interval && time(NULL) - last >= (time_t)interval) {
			char pb[16];
			log_print("%s/%s: Merged: %s%%", vg->name, o->name,
				  units_format_percent(st.denom > st.numer ? st.denom - st.numer : 0, st.denom, pb,
						       sizeof(pb)));
			last = time(NULL);
		}
		usleep(100000);
	}
	/* LVM2's poll_merge_progress: the origin's name, the last line always */
	log_print("%s/%s: Merged: 100.00%%", vg->name, o->name);
	return merge_finish(x, vg, cow, o, ss);
}

/* A finished merge's metadata step: the snapshot leaves the metadata,
 * the origin its layers. */
static int merge_finish(struct ctx *x, struct vg *vg, struct lv *cow, struct lv *o, const struct lv_seg *ss)
{
	int r;
	struct lv cow_copy = *cow;
	for (unsigned l = vg->n_lvs; l-- > 0;)
		if (lv_snapshot_seg(vg->lvs[l]) == ss)
			vg_remove_lv(vg, vg->lvs[l]);
	vg_remove_lv(vg, cow);
	if ((r = vg_commit(x, vg)))
		return r;
	test_abort_at("merge-committed");
	if ((r = act_reload(x, vg, o)) || (r = act_drop_layer(x, vg, &cow_copy, NULL)) ||
	    (r = act_drop_layer(x, vg, &cow_copy, "cow")) || (!lv_is_snap_origin(vg, o) && (r = act_drop_layer(x, vg, o, "real"))))
		return r;
	log_print("Merge of snapshot into logical volume %s/%s has finished.", vg->name, o->name);
	log_print("Logical volume \"%s\" successfully removed.", cow_copy.name);
	return 0;
}

/* Is the merge of ss into o done in the kernel (the origin active with
 * the merge target, nothing left to copy)? */
static bool merge_done(struct ctx *x, const struct vg *vg, const struct lv *o)
{
	struct dt_status st;
	x->dm_listed = false;
	return act_state(x, vg, o) && !act_status(x, vg, o, &st) && st.health != DT_FAILED && st.has_percent &&
	       st.numer == 0;
}

int lv_snapshot_merge_finish_done(struct ctx *x, struct vg *vg)
{
	if (!vg->has_snapshots || x->test || !dmk_available())
		return 0;
	for (unsigned l = 0; l < vg->n_lvs;) {
		const struct lv_seg *ss = lv_snapshot_seg(vg->lvs[l]);
		struct lv *o = ss && ss->merging ? vg_find_lv(vg, ss->origin) : NULL, *cow;
		if (!o || !(cow = vg_find_lv(vg, ss->cow)) || !merge_done(x, vg, o)) {
			l++;
			continue;
		}
		int r = merge_finish(x, vg, cow, o, ss);
		if (r)
			return r;
		l = 0;	/* the list changed: look again from the first LV */
	}
	return 0;
}

bool lv_snapshot_merge_pending(struct ctx *x, const struct vg *vg, const struct lv *cow, bool *done)
{
	const struct lv_seg *ss = snap_seg_of_cow(vg, cow, NULL);
	const struct lv *o = ss && ss->merging ? vg_find_lv(vg, ss->origin) : NULL;
	*done = o && merge_done(x, vg, o);
	return o && act_state(x, vg, o);
}
