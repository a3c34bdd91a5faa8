/* The kernel side of thin pools (lv_thin.h): thin_check before a pool is
 * loaded, the queued messages sent once it is live, and the reconciliation
 * of the metadata's transaction id with the kernel's after a command died
 * half way. Crash points (LVMGR_TEST_THIN_ABORT) let the kernel tests kill
 * a command exactly between two of these steps. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "activation/dtree.h"
#include "lvmgr/activate.h"
#include "lvmgr/config.h"
#include "lvmgr/base/testhook.h"
#include "lvmgr/lv_thin.h"
#include "lvmgr/vgio.h"

void thin_test_abort(const char *step)
{
	const char *want = getenv("LVMGR_TEST_THIN_ABORT");
	if (want && !strcmp(want, step)) {
		fprintf(stderr, "  lvmgr test: killed at %s\n", step);
		fflush(NULL);
		raise(SIGKILL);
	}
	/* also a step of the general hook (the kill sweeps): thin-<step> */
	char name[64];
	snprintf(name, sizeof(name), "thin-%s", step);
	test_abort_at(name);
}

/* The name and uuid of the pool's thin-pool device. */
static void tpool_dev(struct ctx *x, const struct vg *vg, const struct lv *pool, const char **name,
		      const char **uuid)
{
	bool used = !strcmp(thin_uuid_layer(vg, pool), "pool");
	*name = dt_name(&x->arena, vg->name, pool->name, used ? "tpool" : NULL);
	*uuid = dt_uuid(&x->arena, vg, pool, "tpool");
}

/* The kernel's view of the pool: -ENODEV when it is not live. */
static int pool_kernel(struct ctx *x, const struct vg *vg, const struct lv *pool, struct thin_pool_status *s)
{
	struct dt_backend *b = dmk_backend();
	struct dm_target_line *t;
	unsigned n;
	const char *name, *uuid;
	if (!dmk_available())
		return -ENODEV;
	tpool_dev(x, vg, pool, &name, &uuid);
	if (b->status(b, &x->arena, name, uuid, &t, &n) || n != 1 || strcmp(t[0].type, "thin-pool"))
		return -ENODEV;
	return thin_pool_status_parse(t[0].params, s);
}

int thin_pool_kernel_status(struct ctx *x, const struct vg *vg, const struct lv *pool, struct thin_pool_status *s)
{
	return pool_kernel(x, vg, pool, s);
}

static bool any_live(struct ctx *x, const struct vg *vg, const struct lv *pool)
{
	struct thin_pool_status s;
	return !pool_kernel(x, vg, pool, &s);
}

static int send_queue(struct ctx *x, const struct vg *vg, const struct lv *pool, bool quiet);
static int resume_left_suspended(struct ctx *x, const struct vg *vg, const struct lv *pool);

/* A pool live as an unused one (its thin-pool target under the pool's own
 * name) whose metadata now has thin LVs (a command that made the first one
 * died before the stack changed, or this command makes it): the device
 * takes its name in LVM2's stack for a used pool, VG-POOL-tpool (same
 * uuid and table, held or not); the activation of the pool then adds
 * VG-POOL over it. */
static int pool_relayout(struct ctx *x, const struct vg *vg, const struct lv *pool)
{
	if (strcmp(thin_uuid_layer(vg, pool), "pool"))
		return 0;
	const struct dmk_dev *d = act_state_layer(x, vg, pool, "tpool");
	const char *own = dt_name(&x->arena, vg->name, pool->name, NULL);
	if (!d || strcmp(d->name, own))
		return 0;
	struct dt_backend *b = dmk_backend();
	const char *nn = dt_name(&x->arena, vg->name, pool->name, "tpool");
	int r = b->rename(b, d->name, d->uuid, nn);
	x->dm_listed = false;
	if (r)
		log_error("device-mapper: rename %s to %s failed: %s", d->name, nn, strerror(-r));
	return r ? r : 1;
}

/* Is the pool LV itself active: its own device, VG-POOL (the linear over
 * -tpool of a used pool, or an unused pool's thin-pool target under the
 * pool's name)? Its thin LVs need only its -tpool stack, which they
 * bring up alone (LVM2). */
static bool pool_lv_active(struct ctx *x, const struct vg *vg, const struct lv *pool)
{
	if (act_state_layer(x, vg, pool, "pool"))
		return true;
	const struct dmk_dev *d = act_state_layer(x, vg, pool, "tpool");
	return d && !strcmp(d->name, dt_name(&x->arena, vg->name, pool->name, NULL));
}

/* g_own_msgs: the messages sent are this command's own (no reconcile
 * line); g_hook_sent: the activation hook sent some. */
static bool g_own_msgs, g_hook_sent;

/* A live pool: what a killed command left half done goes on first (the
 * kernel gets the stack and the messages the metadata says; the next
 * command that changes the pool drops the queue from the metadata).
 * *resumed: the pool's stack was left suspended and is resumed now (the
 * dead command's change, e.g. an extension, may be half loaded: the
 * pool's tables as the metadata says, by the pool's activation).
 * *relaid: the pool LV, active as an unused pool, took the used pool's
 * layout (its VG-POOL over -tpool comes with the pool's activation). */
static int live_pool_fixups(struct ctx *x, const struct vg *vg, const struct lv *pool, bool *resumed, bool *relaid)
{
	int r;
	if ((r = resume_left_suspended(x, vg, pool)) < 0)
		return r;
	*resumed = r > 0;
	if ((r = pool_relayout(x, vg, pool)) < 0)
		return r;
	*relaid = r > 0;
	if (pool->segs[0].thin->n_msgs && (r = send_queue(x, vg, pool, g_own_msgs)) < 0)
		return r;
	return 0;
}

int thin_before_activate(struct ctx *x, const struct vg *vg, const struct lv *lv)
{
	const struct lv *pool = lv_is_thin_pool(lv) ? lv : thin_pool_of(vg, lv);
	bool resumed = false, relaid = false;
	int r;
	if (!pool || x->test || !dmk_available())
		return 0;
	if (lv_is_thin(lv)) {
		/* The pool's -tpool stack first (checked, messages sent), then
		 * the thin LV on it; the pool LV's own device only when the
		 * pool LV is active (LVM2). */
		if (!any_live(x, vg, pool))
			return act_thin_pool_stack(x, vg, pool);
		if ((r = live_pool_fixups(x, vg, pool, &resumed, &relaid)))
			return r;
		if (relaid || (resumed && pool_lv_active(x, vg, pool)))
			return act_lv(x, vg, pool, false, NULL);
		return resumed ? act_thin_pool_stack(x, vg, pool) : 0;
	}
	/* The pool itself, live: the same (e.g. a first thin LV's lvcreate
	 * killed after its commit left the pool live as an unused one under
	 * the name the used pool's VG-POOL takes); its activation follows. */
	if (any_live(x, vg, pool))
		return live_pool_fixups(x, vg, pool, &resumed, &relaid);
	/* A -tpool device a dead command made and loaded but never resumed:
	 * its thin-pool target holds the metadata LV (thin_check cannot open
	 * it) and was never used; it goes, the activation makes it again. */
	const struct dmk_dev *tp = act_state_layer(x, vg, pool, "tpool");
	if (tp && !tp->live_table) {
		struct dt_backend *b = dmk_backend();
		if ((r = b->remove(b, tp->name, tp->uuid))) {
			log_error("device-mapper: remove %s failed: %s", tp->name, strerror(-r));
			return r;
		}
		x->dm_listed = false;
		log_print("Removed %s, left unfinished by an interrupted command.", tp->name);
	}
	const struct lv *tmeta = vg_find_lv(vg, pool->segs[0].thin->metadata_lv);
	if (!tmeta)
		return -EINVAL;
	if ((r = act_lv(x, vg, tmeta, false, NULL)))
		return r;
	if ((r = thin_check_before_load(x, vg, pool, tmeta))) {	/* lvmgr/thin_check.c */
		deact_lv(x, vg, tmeta, false);
		return r;
	}
	return 0;
}

/* expected: an error the caller handles (a replayed create or delete
 * the kernel already did), not reported here */
static int send(struct ctx *x, const struct vg *vg, const struct lv *pool, const char *msg, bool expected)
{
	struct dt_backend *b = dmk_backend();
	const char *name, *uuid;
	tpool_dev(x, vg, pool, &name, &uuid);
	int r = b->message(b, name, uuid, msg);
	if (r && expected && (r == -EEXIST || r == -ENODATA))
		log_verbose("Thin pool %s/%s refused \"%s\": %s.", vg->name, pool->name, msg, strerror(-r));
	else if (r)
		log_error("Thin pool %s/%s refused message \"%s\": %s", vg->name, pool->name, msg, strerror(-r));
	else
		log_verbose("Sent \"%s\" to thin pool %s/%s.", msg, vg->name, pool->name);
	return r;
}

/* The origin's device, suspended for create_snap (the kernel wants an
 * active origin quiet while it is snapshotted, dm thin-provisioning.txt):
 * NULL when the origin is not active. */
static const struct dmk_dev *snap_origin(struct ctx *x, const struct vg *vg, const struct lv *lv)
{
	const struct seg_thin *lt = lv->segs[0].thin;
	const struct lv *origin = lt->origin ? vg_find_lv(vg, lt->origin) : NULL;
	return origin && lv_is_thin(origin) ? act_state(x, vg, origin) : NULL;
}

/* The text of one queued message. */
static const char *msg_text(struct ctx *x, const struct vg *vg, const struct thin_msg *m)
{
	if (!m->create)
		return arena_printf(&x->arena, "delete %u", m->delete_id);
	const struct lv *lv = vg_find_lv(vg, m->create);
	const struct seg_thin *lt = lv->segs[0].thin;
	const struct lv *origin = lt->origin ? vg_find_lv(vg, lt->origin) : NULL;
	if (origin && lv_is_thin(origin))
		return arena_printf(&x->arena, "create_snap %u %u", lt->device_id, origin->segs[0].thin->device_id);
	return arena_printf(&x->arena, "create_thin %u", lt->device_id);
}

/* Send one queued message; a snapshot's with its active origin suspended
 * for exactly the message (nothing else happens in that window: no other
 * LV is touched, no metadata written, no process started). */
static int send_one(struct ctx *x, const struct vg *vg, const struct lv *pool, const struct thin_msg *m, bool replay)
{
	struct dt_backend *b = dmk_backend();
	const char *msg = msg_text(x, vg, m);
	const struct dmk_dev *od = m->create ? snap_origin(x, vg, vg_find_lv(vg, m->create)) : NULL;
	int r, r2 = 0;
	if (od && (r = b->suspend(b, od->name, od->uuid))) {
		log_error("device-mapper: suspend %s failed: %s", od->name, strerror(-r));
		return r;
	}
	if (od)
		thin_test_abort("after-snap-suspend");
	r = send(x, vg, pool, msg, replay);
	if (r == -EEXIST && replay) {
		uint32_t id = vg_find_lv(vg, m->create)->segs[0].thin->device_id;
		log_print("Thin pool %s/%s: device %u of an interrupted command exists; making it again.", vg->name,
			  pool->name, id);
		if (!(r = send(x, vg, pool, arena_printf(&x->arena, "delete %u", id), false)))
			r = send(x, vg, pool, msg, false);
	} else if (r == -ENODATA && replay && !m->create)
		r = 0;	/* deleted before the command died */
	if (od) {
		thin_test_abort("after-snap-message");
		if ((r2 = b->resume(b, od->name, od->uuid, NULL)))
			log_error("device-mapper: resume %s failed: %s", od->name, strerror(-r2));
	}
	return r ? r : r2;
}

/* Send the queue if the kernel has not had it: 1 sent, 0 already there,
 * -errno. */
static int send_queue(struct ctx *x, const struct vg *vg, const struct lv *pool, bool quiet)
{
	const struct seg_thin *t = pool->segs[0].thin;
	struct thin_pool_status s;
	int r;
	if ((r = pool_kernel(x, vg, pool, &s)))
		return r;
	if (s.transaction_id == t->transaction_id)
		return 0;
	if (!t->n_msgs || s.transaction_id + 1 != t->transaction_id) {
		/* Never guess: LVM2's refusal. */
		log_error("Thin pool %s/%s transaction_id is %" PRIu64 ", while expected %" PRIu64 ".", vg->name,
			  pool->name, s.transaction_id, t->transaction_id - (t->n_msgs ? 1 : 0));
		return -EINVAL;
	}
	/* A queue an earlier command left (not this command's own): it died
	 * somewhere between its commit and the set_transaction_id that ends
	 * the batch, so the kernel may hold any prefix of the batch. A create
	 * the kernel has already done (EEXIST) is that dead command's device,
	 * never handed to anyone: it is deleted and made again, so the result
	 * is exactly what the metadata says whichever message the command
	 * died after; a delete the kernel has done (ENODATA) is done. LVM2
	 * stops at the first (libdm "already contain thin device"), the dead
	 * end that needs a hand edit. */
	bool replay = !quiet;
	for (unsigned i = 0; i < t->n_msgs && !r; i++)
		r = send_one(x, vg, pool, &t->msgs[i], replay);
	thin_test_abort("before-transaction-id");
	if (!r)
		r = send(x, vg, pool, arena_printf(&x->arena, "set_transaction_id %" PRIu64 " %" PRIu64,
						   s.transaction_id, t->transaction_id), false);
	if (!r && !quiet)
		log_print("Thin pool %s/%s: sent %u queued message%s the kernel had not received (transaction %" PRIu64 ").",
			  vg->name, pool->name, t->n_msgs, t->n_msgs == 1 ? "" : "s", t->transaction_id);
	return r ? r : 1;
}

/* Set while a command activates a pool to send its own new messages: no
 * line about them then (the line is for what an earlier command left).
 * g_hook_sent: the activation hook sent the queue already. */

bool thin_any(struct lv *const *lvs, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (lvs[i]->n_segs == 1 && seg_thin(&lvs[i]->segs[0]))
			return true;
	return false;
}

int thin_after_activate(struct ctx *x, const struct vg *vg, const struct lv *lv)
{
	if (!lv_is_thin_pool(lv) || x->test || !dmk_available())
		return 0;
	int r = send_queue(x, vg, lv, g_own_msgs);
	if (r == 1)
		g_hook_sent = true;
	return r < 0 ? r : 0;
}

bool thin_pool_thins_active(struct ctx *x, const struct vg *vg, const struct lv *pool)
{
	if (!lv_is_thin_pool(pool) || !dmk_available())
		return false;
	for (unsigned i = 0; i < vg->n_lvs; i++)
		if (lv_is_thin(vg->lvs[i]) && !strcmp(vg->lvs[i]->segs[0].thin->pool_lv, pool->name) &&
		    act_state(x, vg, vg->lvs[i]))
			return true;
	return false;
}

int thin_pool_stack_down(struct ctx *x, const struct vg *vg, const struct lv *pool, bool force)
{
	const struct dmk_dev *d;
	if (!pool || !lv_is_thin_pool(pool) || x->test || !dmk_available() || pool_lv_active(x, vg, pool) ||
	    thin_pool_thins_active(x, vg, pool) || !(d = act_state_layer(x, vg, pool, "tpool")) || d->open_count > 0)
		return 0;
	struct dt_backend *b = dmk_backend();
	int r = b->remove(b, d->name, d->uuid);
	x->dm_listed = false;
	if (r) {
		log_error("device-mapper: remove %s failed: %s", d->name, strerror(-r));
		return r;
	}
	return thin_after_deactivate(x, vg, pool, force);
}

int thin_after_deactivate(struct ctx *x, const struct vg *vg, const struct lv *lv, bool force)
{
	int r = 0;
	if (!lv_is_thin_pool(lv))
		return 0;
	const char *subs[2] = {lv->segs[0].thin->metadata_lv, lv->segs[0].thin->data_lv};
	const struct lv *tmeta = vg_find_lv(vg, subs[0]);
	if (tmeta)
		thin_check_after_unload(x, vg, lv, tmeta);
	for (int i = 0; i < 2 && !r; i++) {
		const struct lv *sub = vg_find_lv(vg, subs[i]);
		if (sub)
			r = deact_lv(x, vg, sub, force);
	}
	return r;
}

static int send_queued(struct ctx *x, struct vg *vg, struct lv *pool, enum thin_raise raise);

int thin_send_queued(struct ctx *x, struct vg *vg, struct lv *pool, enum thin_raise raise)
{
	g_own_msgs = true;	/* the caller's own messages: no reconcile line */
	int r = send_queued(x, vg, pool, raise);
	g_own_msgs = false;
	return r;
}

int thin_reconcile(struct ctx *x, struct vg *vg, struct lv *pool)
{
	g_own_msgs = false;
	return send_queued(x, vg, pool, pool->segs[0].thin->n_msgs > 0 ? THIN_RAISE_STACK : THIN_LIVE_ONLY);
}

/* A command killed while devices of the pool were suspended (a thin
 * origin between the suspend and resume around create_snap, the pool's
 * stack while its extension was loaded) leaves them suspended: their I/O
 * waits until someone resumes them. The next command on the pool does,
 * before anything else (a thin LV cannot even be suspended while its pool
 * is: the flush would wait for ever), bottom up, with one line each; a
 * table the dead command had loaded inactive is dropped first. Commands
 * hold the VG's lock while a device is suspended, so a suspended device
 * of the pool seen under that lock is a dead command's. */
static int resume_one(struct ctx *x, const struct vg *vg, const struct lv *lv, const struct dmk_dev *d)
{
	struct dt_backend *b = dmk_backend();
	if (!d || !d->suspended)
		return 0;
	int r = d->inactive_table && b->clear ? b->clear(b, d->name, d->uuid) : 0;
	if (!r)
		r = b->resume(b, d->name, d->uuid, NULL);
	if (r) {
		log_error("device-mapper: resume %s failed: %s", d->name, strerror(-r));
		return r;
	}
	/* the pool's devices by their dm names (-tpool and the pool's own
	 * are both the pool LV's) */
	if (lv_is_thin(lv))
		log_print("Resumed %s/%s, left suspended by an interrupted command.", vg->name, lv->name);
	else
		log_print("Resumed %s (%s/%s), left suspended by an interrupted command.", d->name, vg->name,
			  lv->name);
	((struct dmk_dev *)d)->suspended = false;
	return 1;
}

/* The pool's own stack: its metadata and data LVs, -tpool, its device. */
static int resume_pool_stack(struct ctx *x, const struct vg *vg, const struct lv *pool)
{
	const struct seg_thin *t = pool->segs[0].thin;
	const struct lv *sub[2] = {vg_find_lv(vg, t->metadata_lv), vg_find_lv(vg, t->data_lv)};
	const struct dmk_dev *d[4] = {sub[0] ? act_state(x, vg, sub[0]) : NULL, sub[1] ? act_state(x, vg, sub[1]) : NULL,
				      act_state_layer(x, vg, pool, "tpool"),
				      !strcmp(thin_uuid_layer(vg, pool), "pool") ? act_state(x, vg, pool) : NULL};
	const struct lv *of[4] = {sub[0], sub[1], pool, pool};
	int r, n = 0;
	for (int i = 0; i < 4; i++) {
		if ((r = resume_one(x, vg, of[i], d[i])) < 0)
			return r;
		n += r;
	}
	return n;
}

/* The pool's stack and the thin LVs a dead command may have left
 * suspended: the origins of the snapshots in the queue (an origin is
 * suspended only around its create_snap, which is sent after the commit
 * that queued it and before the commit that drops the queue), not every
 * thin LV of the pool (a state read each: 1,000 per command). */
static int resume_left_suspended(struct ctx *x, const struct vg *vg, const struct lv *pool)
{
	const struct seg_thin *t = pool->segs[0].thin;
	int r, n;
	if ((n = resume_pool_stack(x, vg, pool)) < 0)
		return n;
	for (unsigned i = 0; i < t->n_msgs; i++) {
		const struct lv *snap = t->msgs[i].create ? vg_find_lv(vg, t->msgs[i].create) : NULL;
		const struct lv *o = snap && lv_is_thin(snap) && snap->segs[0].thin->origin ?
					     vg_find_lv(vg, snap->segs[0].thin->origin) : NULL;
		if (o && lv_is_thin(o) && (r = resume_one(x, vg, o, act_state(x, vg, o))) < 0)
			return r;
	}
	return n;	/* how many of the pool's stack */
}

static int send_queued(struct ctx *x, struct vg *vg, struct lv *pool, enum thin_raise raise)
{
	struct seg_thin *t = pool->segs[0].thin;
	int r;
	if (x->test || !dmk_available())
		return 0;
	if (t->n_msgs)
		thin_test_abort("after-commit");
	g_hook_sent = false;
	if (!any_live(x, vg, pool)) {
		if (raise == THIN_LIVE_ONLY)
			return 0;
		/* the -tpool stack alone unless the pool LV is asked for:
		 * the pool LV stays inactive (LVM2) */
		if ((r = raise == THIN_RAISE_POOL ? act_lv(x, vg, pool, false, NULL) : act_thin_pool_stack(x, vg, pool)))
			return r;
	} else {
		/* an active unused pool now used takes LVM2's layout (its
		 * VG-POOL over -tpool); a pool LV asked for is activated */
		if ((r = pool_relayout(x, vg, pool)) < 0)
			return r;
		bool want_lv = r > 0 || (raise == THIN_RAISE_POOL && !pool_lv_active(x, vg, pool));
		if (want_lv && (r = act_lv(x, vg, pool, false, NULL)))
			return r;
	}
	if ((r = resume_left_suspended(x, vg, pool)) < 0)
		return r;
	if (!t->n_msgs)
		return 0;
	bool fresh = g_own_msgs;	/* this command's own messages: no line */
	if ((r = send_queue(x, vg, pool, fresh)) == -EEXIST && fresh && t->n_msgs == 1 && t->msgs[0].create) {
		/* This command's create refused: the kernel has a device of
		 * that id the metadata does not know (metadata restored behind
		 * the kernel). Never the next command's replay, which would
		 * take that device for a dead command's and remake it: the
		 * new LV goes and the transaction stays the kernel's (LVM2
		 * reverts it too). */
		struct lv *lv = vg_find_lv(vg, t->msgs[0].create);
		log_error("Thin pool %s/%s already contains thin device with device_id %u: %s/%s not created.",
			  vg->name, pool->name, lv ? lv->segs[0].thin->device_id : 0, vg->name, t->msgs[0].create);
		if (lv)
			vg_remove_lv(vg, lv);
		t->n_msgs = 0;
		t->transaction_id--;
		return vg_commit(x, vg) ? -EIO : -EEXIST;
	}
	if (r < 0)
		return r;
	if (r == 0 && !fresh && !g_hook_sent)
		log_print("Thin pool %s/%s: the kernel had the queued messages (transaction %" PRIu64 "); dropping them from the metadata.",
			  vg->name, pool->name, t->transaction_id);
	thin_test_abort("after-message");
	t->n_msgs = 0;
	return vg_commit(x, vg);
}
