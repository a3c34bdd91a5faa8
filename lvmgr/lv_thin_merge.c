/* lvconvert --merge of a thin snapshot (lv_thin_merge.h): LVM2 2.03.16's
 * _lvconvert_merge_thin_snapshot (tools/lvconvert.c), thin_merge_finish
 * and _move_lv_attributes (tools/lvconvert_poll.c), init_snapshot_merge
 * (lib/metadata/snapshot_manip.c).
 *
 * LVM2 finishes a pending merge after the origin's activation (the origin
 * loaded with the snapshot's device id, then its poller swaps the LVs in
 * the metadata); lvmgr finishes it just before (the LVs swapped, then the
 * origin loaded from that metadata): the same devices and metadata in the
 * end, and no window where the kernel runs a device id the metadata gives
 * to another LV. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lvmgr/activate.h"
#include "lvmgr/base/testhook.h"
#include "lvmgr/lock.h"
#include "lvmgr/lv_snapshot.h"
#include "lvmgr/lv_thin.h"
#include "lvmgr/lv_thin_merge.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/snapshot.h"

bool lv_thin_merge_any(const struct vg *vg)
{
	for (unsigned l = 0; l < vg->n_lvs; l++)
		if (lv_is_merging_thin_snapshot(vg->lvs[l]))
			return true;
	return false;
}

static bool is_open(struct ctx *x, const struct vg *vg, const struct lv *lv)
{
	const struct dmk_dev *d = act_state(x, vg, lv);
	return d && d->open_count > 0;
}

/* Every reference by name to from now names to: thin segments (origin,
 * merge, external origin), a pool's queued creates, COW snapshots. */
static void rename_refs(struct vg *vg, const char *from, const char *to)
{
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		struct lv *lv = vg->lvs[l];
		struct seg_thin *t = lv->n_segs == 1 ? seg_thin(&lv->segs[0]) : NULL;
		if (!t)
			continue;
		const char **f[3] = {&t->origin, &t->merge, &t->external_origin};
		for (int i = 0; i < 3; i++)
			if (*f[i] && !strcmp(*f[i], from))
				*f[i] = to;
		for (unsigned m = 0; m < t->n_msgs; m++)
			if (t->msgs[m].create && !strcmp(t->msgs[m].create, from))
				t->msgs[m].create = to;
	}
	lv_snapshot_rename_refs(vg, from, to);
}

/* LVM2's thin_merge_finish on the model: snap takes origin's name, id
 * and attributes, origin (now under snap's old name and id) is removed,
 * its delete message queued. Both inactive; nothing committed. */
static void merge_model(struct ctx *x, struct vg *vg, struct lv *origin, struct lv *snap)
{
	const char *oname = origin->name, *sname = snap->name, *tmp = "\001thin-merge";
	char id[ID_LEN + 1];

	snap->segs[0].thin->merge = NULL;
	rename_refs(vg, oname, tmp);
	rename_refs(vg, sname, oname);
	rename_refs(vg, tmp, sname);
	origin->name = sname;
	snap->name = oname;
	memcpy(id, origin->id, sizeof(id));
	memcpy(origin->id, snap->id, sizeof(id));
	memcpy(snap->id, id, sizeof(id));
	/* _move_lv_attributes: status (visibility, activation skip, ...),
	 * alloc, profile, read ahead, major:minor, creation, tags */
	snap->flags = origin->flags;
	snap->alloc = origin->alloc;
	snap->profile = origin->profile;
	snap->read_ahead = origin->read_ahead;
	snap->major = origin->major;
	snap->minor = origin->minor;
	snap->creation_time = origin->creation_time;
	snap->ctime_repaired = origin->ctime_repaired;
	snap->creation_host = origin->creation_host;
	snap->tags = origin->tags;
	origin->tags = (struct strlist){0};
	vg_remove_lv(vg, origin);
	struct lv *gone[1] = {origin};
	thin_after_remove(x, vg, gone, 1);	/* delete queued; its snapshots lose their origin */
}

/* What an earlier command left queued on snap's pool goes first (its
 * own line). Messages still queued then (no kernel to send them to):
 * refused, since a queued create_snap takes its origin from the metadata
 * when it is sent, and the swap would change it. */
static int queue_clear(struct ctx *x, struct vg *vg, const struct lv *snap)
{
	struct lv *pool = thin_pool_of(vg, snap);
	int r;
	if (pool && pool->segs[0].thin->n_msgs && (r = thin_reconcile(x, vg, pool)))
		return r;
	if (pool && pool->segs[0].thin->n_msgs) {
		log_error("Cannot merge thin snapshot %s/%s now: thin pool %s/%s has %u queued message%s the kernel has not received.",
			  vg->name, snap->name, vg->name, pool->name, pool->segs[0].thin->n_msgs,
			  pool->segs[0].thin->n_msgs == 1 ? "" : "s");
		return -EAGAIN;
	}
	return 0;
}

/* Merge snap into origin, both inactive, the pool's queue empty: one
 * commit, then the delete sent (the pool activated for it when it can
 * be) and the queue dropped. */
static int merge_finish(struct ctx *x, struct vg *vg, struct lv *origin, struct lv *snap)
{
	int r;
	merge_model(x, vg, origin, snap);
	if ((r = vg_commit(x, vg)))
		return r;
	test_abort_at("thin-merge-committed");
	return thin_after_remove_commit(x, vg);	/* lvmgr/thin_msg.c: kill points of its own */
}

int lv_thin_merge(struct ctx *x, struct vg *vg, struct lv *snap)
{
	const struct seg_thin *t = snap->segs[0].thin;
	struct lv *origin = t->origin ? vg_find_lv(vg, t->origin) : NULL;
	int r;

	if (!origin) {
		log_error("%s/%s is not a mergeable logical volume.", vg->name, snap->name);
		return -EINVAL;
	}
	struct lv *merging = thin_merging_snapshot(vg, origin);
	if (merging || lv_is_merging_origin(vg, origin)) {
		log_error("Cannot merge snapshot %s/%s into the origin %s/%s with merging snapshot %s/%s.", vg->name,
			  snap->name, vg->name, origin->name, vg->name, merging ? merging->name : snap->name);
		return -EBUSY;
	}
	if (thin_is_external_origin(vg, origin)) {
		log_error("%s/%s is read-only external origin %s/%s.", vg->name, snap->name, vg->name, origin->name);
		return -EINVAL;
	}
	if (lv_is_snap_origin(vg, origin)) {
		log_error("Merging into the old snapshot origin %s/%s is not supported.", vg->name, origin->name);
		return -EINVAL;
	}
	if (lv_is_snap_origin(vg, snap)) {
		/* LVM2 carries the COW snapshots of snap over to the merged LV;
		 * lvmgr does not take that stack down and up yet. */
		log_error("Cannot merge thin snapshot %s/%s: it has copy-on-write snapshots (lvmgr does not merge "
			  "those yet).", vg->name, snap->name);
		return -ENOTSUP;
	}
	if ((r = queue_clear(x, vg, snap)))
		return r;
	/* LVM2: an open LV is never taken from its user; the merge then
	 * waits for the origin's next activation. */
	bool delay = false, origin_active = false;
	if (!x->test) {
		/* (LVM2 tries the deactivation, whose "in use" line comes first) */
		if (is_open(x, vg, snap)) {
			log_error("Logical volume %s/%s in use.", vg->name, snap->name);
			log_print("Delaying merge since snapshot is open.");
			delay = true;
		} else if ((r = deact_lv(x, vg, snap, false)))
			return r;
		else if ((origin_active = act_state(x, vg, origin) != NULL) && is_open(x, vg, origin)) {
			log_error("Logical volume %s/%s in use.", vg->name, origin->name);
			log_print("Delaying merge since origin volume is open.");
			delay = true;
		}
	}
	if (!delay) {
		if (origin_active && (r = deact_lv(x, vg, origin, false)))
			return r;
		test_abort_at("thin-merge-deactivated");
		char oname[NAME_LEN + 1], sname[NAME_LEN + 1];
		snprintf(oname, sizeof(oname), "%s", origin->name);
		snprintf(sname, sizeof(sname), "%s", snap->name);
		if ((r = merge_finish(x, vg, origin, snap)))
			return r;
		/* (LVM2 prints the names after its swap: the snapshot's, then the origin's) */
		log_print("Volume %s/%s replaced origin %s/%s.", vg->name, sname, vg->name, oname);
		struct lv *merged = vg_find_lv(vg, oname);
		if (origin_active && merged && (r = act_lv(x, vg, merged, false, NULL))) {
			log_error("Failed to reactivate origin %s/%s.", vg->name, oname);
			return r;
		}
		return 0;
	}
	/* init_snapshot_merge: the snapshot hidden, naming its origin */
	snap->segs[0].thin->merge = origin->name;
	snap->flags.status &= ~(uint32_t)LV_VISIBLE;
	snap->flags.compat &= ~(uint32_t)LV_VISIBLE;
	if ((r = vg_commit(x, vg)))
		return r;
	log_print("Merging of thin snapshot %s/%s will occur on next activation of %s/%s.", vg->name, snap->name,
		  vg->name, origin->name);
	return 0;
}

int lv_thin_merge_before_activate(struct ctx *x, struct vg **vgp, struct lv **lvp)
{
	struct vg *vg = *vgp;
	struct lv *origin = *lvp, *snap = lv_is_thin(origin) ? thin_merging_snapshot(vg, origin) : NULL;
	int r;

	if (!snap || x->test || !dmk_available() || act_state(x, vg, origin))
		return 0;	/* nothing pending, or the origin live: it waits */
	if (act_state(x, vg, snap)) {
		/* LVM2's _lv_active_change: the snapshot goes down first */
		if (deact_lv(x, vg, snap, false)) {	/* its "in use" line first, as LVM2 */
			log_error("Refusing to activate merging volume %s/%s while snapshot volume %s/%s is still active.",
				  vg->name, origin->name, vg->name, snap->name);
			return -EBUSY;
		}
	}
	/* The change needs the VG's write lock and a VG read for update. */
	const char *vgname = vg->name, *oname = origin->name;
	struct vg *nvg;
	if ((r = lock_vg(x->locks, vgname, LOCK_EXCL)) || (r = vg_read(x, vgname, VG_READ_FOR_UPDATE, &nvg)))
		return r;
	struct lv *o = vg_find_lv(nvg, oname), *s = o ? thin_merging_snapshot(nvg, o) : NULL;
	if (s) {
		if ((r = queue_clear(x, nvg, s)) || (r = merge_finish(x, nvg, o, s)))
			return r;
		/* LVM2's poller says it where nobody sees it: the activation
		 * itself prints nothing */
		log_verbose("Merge of snapshot into logical volume %s/%s has finished.", vgname, oname);
	}
	*vgp = nvg;
	*lvp = vg_find_lv(nvg, oname);
	return *lvp ? 0 : -ENOENT;
}

int lv_thin_merge_remove_expand(struct ctx *x, const struct vg *vg, struct lv *const **lvs, unsigned *n)
{
	if (!lv_thin_merge_any(vg))
		return 0;
	struct lv **out = arena_alloc(&x->arena, (2 * *n + 1) * sizeof(*out));
	unsigned k = 0;
	for (unsigned i = 0; i < *n; i++) {
		struct lv *lv = (*lvs)[i];
		if (lv_is_merging_thin_snapshot(lv)) {
			bool origin_goes = false;
			for (unsigned j = 0; j < *n && !origin_goes; j++)
				origin_goes = !strcmp((*lvs)[j]->name, lv->segs[0].thin->merge);
			if (!origin_goes) {
				/* LVM2's lv_remove_with_dependencies */
				log_error("Unable to remove %s/%s, volume is merged to %s/%s.", vg->name, lv->name,
					  vg->name, lv->segs[0].thin->merge);
				return -EBUSY;
			}
			continue;	/* placed before its origin below */
		}
		/* a merging origin takes its merging snapshot first (LVM2) */
		struct lv *s = thin_merging_snapshot(vg, lv);
		if (s)
			out[k++] = s;
		out[k++] = lv;
	}
	*lvs = out;
	*n = k;
	return 0;
}
