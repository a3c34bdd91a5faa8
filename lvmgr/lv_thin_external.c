/* lvconvert --type thin --thinpool POOL LV: LV becomes a thin LV of POOL
 * whose external origin is LV's old content, as LVM2 2.03.16's
 * _lvconvert_to_thin_with_external does it, step for step:
 *   1. a new read-only thin LV (--originname or lvolN, LV's size) is made
 *      in the pool: commit with create_thin queued, the message sent,
 *      commit with the queue dropped (lv_thin_create, thin_send_queued:
 *      the pool-message queue and its crash recovery, thin_msg.c);
 *   2. the two LVs swap names and ids: the thin LV takes LV's name and
 *      uuid (so LV's live device, found by uuid, becomes the thin LV),
 *      the old LV the new name and id; it becomes read-only and the
 *      thin LV's external origin; the thin LV is writable when LV was;
 *      one commit;
 *   3. a live LV's device gets the thin table over VG-ORIGIN-real (load,
 *      suspend, resume: act_reload).
 * A kill before 2's commit leaves LV as it was and a plain, unused thin
 * LV (LVM2's "plain thin volume which could be easily removed"), the pool
 * reconciled by its next command; after it, the next activation of LV
 * loads the thin table. */
#include <errno.h>
#include <string.h>

#include "lvmgr/activate.h"
#include "lvmgr/base/testhook.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/lv_thin.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/snapshot.h"

/* The LVs lvmgr converts: a visible LV of plain segments (linear,
 * striped, zero, error) that nothing refers to by name. LVM2 also takes
 * raid, cache and thin LVs; lvmgr keeps LV references by name, and
 * swapping the names of an LV others point at would need them rewritten. */
static int convertible(const struct vg *vg, const struct lv *lv)
{
	const char *why = NULL;
	for (unsigned s = 0; s < lv->n_segs && !why; s++)
		if (!seg_is_striped(&lv->segs[s]) && strcmp(lv->segs[s].type, "zero") &&
		    strcmp(lv->segs[s].type, "error"))
			why = lv_is_thin(lv) ? "thin" : lv->segs[s].type;
	if (!why && lv_is_snap_origin(vg, lv))
		why = "snapshot origin";
	if (!why && thin_is_external_origin(vg, lv))
		why = "external origin";
	if (!why && !lv->n_segs)
		why = "empty";
	if (!why)
		return 0;
	log_error("lvmgr does not convert %s LV %s/%s to a thin LV with an external origin yet (use LVM2).", why,
		  vg->name, lv->name);
	return -ENOTSUP;
}

int lv_thin_convert_external(struct ctx *x, struct vg *vg, struct lv *lv, struct lv *pool, const char *origin_name,
			     struct lv **origin)
{
	struct thin_params tp = {0};
	struct lv *thin;
	int r;

	if (lv == pool) {
		log_error("Can't use same LV %s/%s for thin pool and thin volume.", vg->name, pool->name);
		return -EINVAL;
	}
	if ((r = convertible(vg, lv)))
		return r;
	bool live = !x->test && act_state(x, vg, lv);
	if ((r = thin_reconcile(x, vg, pool)))
		return r;

	/* 1. LVM2's lv_create_single of a read-only thin LV, LV's size */
	tp.lv.name = origin_name;
	tp.lv.size = (struct lv_size){LV_SIZE_EXTENTS, lv->size_extents};
	tp.lv.read_only = true;
	tp.lv.read_ahead = -2;
	tp.lv.activate = 1;
	tp.lv.major = tp.lv.minor = -1;
	if ((r = lv_thin_create(x, vg, pool, &tp, &thin)))
		return r;
	if (!x->test && dmk_available() && (r = thin_send_queued(x, vg, pool, THIN_RAISE_STACK)))
		return r;
	/* LVM2 activates the new thin LV (its pool with it) and deactivates
	 * it again: a pool that was down goes down with it */
	if (!x->test && dmk_available() && !live && (r = thin_pool_stack_down(x, vg, pool, false)))
		return r;
	log_print("Logical volume \"%s\" created.", thin->name);
	test_abort_at("thin-external-created");

	/* 2. names and ids swapped (LVM2's swap_lv_identifiers); LV's old
	 * content the read-only external origin. The cache's record of each
	 * section no longer matches its LV. */
	const char *name = thin->name;
	char id[sizeof(thin->id)];
	memcpy(id, thin->id, sizeof(id));
	thin->name = lv->name;
	memcpy(thin->id, lv->id, sizeof(id));
	lv->name = name;
	memcpy(lv->id, id, sizeof(id));
	thin->cached = lv->cached = NULL;
	/* a create still queued (no kernel here) follows the thin LV, as
	 * LVM2's message, which points at the LV, does */
	struct seg_thin *pt = pool->segs[0].thin;
	for (unsigned m = 0; m < pt->n_msgs; m++)
		if (pt->msgs[m].create && !strcmp(pt->msgs[m].create, name))
			pt->msgs[m].create = thin->name;
	thin->flags.status |= lv->flags.status & LV_WRITE;
	thin->segs[0].thin->external_origin = lv->name;
	if (lv->flags.status & LV_WRITE)
		log_verbose("Setting logical volume \"%s/%s\" read-only.", vg->name, lv->name);
	lv->flags.status &= ~(uint32_t)LV_WRITE;
	if ((r = vg_commit(x, vg)))
		return r;

	/* 3. the live device (LV's uuid, now the thin LV's) reloaded */
	if (live && (r = act_reload(x, vg, thin))) {
		log_error("Failed to reload %s/%s as a thin LV (lvchange -ay %s/%s retries).", vg->name, thin->name,
			  vg->name, thin->name);
		return r;
	}
	*origin = lv;
	return 0;
}
