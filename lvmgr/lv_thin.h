/* Thin provisioning under the commands: pools (with their hidden _tmeta,
 * _tdata and the VG's lvol0_pmspare), thin LVs, and the pool messages
 * that keep the kernel's pool in step with the metadata.
 *
 * Messages as LVM2 2.03 keeps them: a change that needs the kernel's pool
 * (a new thin LV: create_thin; lvremove: delete) is committed first with
 * the message queued in the pool's segment and the pool's transaction id
 * one higher; then the pool is activated and sent the messages and
 * set_transaction_id <old> <new>; then a second commit drops the queue.
 * Whatever step a command dies at, the next command that touches the pool
 * reads the kernel's transaction id and finishes the job (thin_reconcile):
 * kernel = metadata - 1: the messages were not sent, send them; kernel =
 * metadata: they were, drop the queue. Either way one line says so. */
#ifndef LVMGR_LV_THIN_H
#define LVMGR_LV_THIN_H

#include "lvmgr/lv_api.h"
#include "metadata/segtypes/thin.h"

struct alloc_pv_arg;

struct thin_pool_params {
	struct lv_create_params lv;	/* name (NULL: lvolN), size (the data), pvs, alloc, tags, activate */
	uint64_t metadata_size;		/* sectors; 0: LVM2's estimate */
	uint32_t chunk_size;		/* sectors; 0: LVM2's policy */
	int zero;			/* zero new blocks: 1, 0, -1 lvm.conf */
	const char *discards;		/* NULL: lvm.conf */
	int error_when_full;		/* 1, 0, -1 lvm.conf */
	int spare;			/* lvol0_pmspare: 1, 0, -1 default (yes) */
};

/* The chunk size policy of LVM2's update_thin_pool_params: -EINVAL
 * (logged, LVM2's messages) for a chunk size outside 64 KiB..1 GiB or
 * not a multiple of 64 KiB. Sets *chunk and *meta_extents. */
int thin_pool_sizes(struct ctx *x, const struct vg *vg, uint64_t data_extents, uint64_t metadata_size,
		    uint32_t *chunk, uint64_t *meta_extents);
/* The same for an existing metadata LV (lvconvert --poolmetadata; its
 * "VG/LV" in meta_lv, its size in metadata_size): LVM2's refusal of a
 * too small one, its note on a too big one (which keeps its size). */
int thin_pool_sizes_lv(struct ctx *x, const struct vg *vg, uint64_t data_extents, uint64_t metadata_size,
		       const char *meta_lv, uint32_t *chunk, uint64_t *meta_extents);
/* LVM2's validate_thin_pool_chunk_size: both messages when both apply. */
int thin_chunk_check(uint32_t chunk);

/* A new pool: POOL_tmeta and POOL_tdata allocated, the spare made or
 * grown, one commit, the metadata LV zeroed (the kernel formats it when
 * the pool first loads). */
int lv_thin_pool_create(struct ctx *x, struct vg *vg, const struct thin_pool_params *p, struct lv **out);

/* The pool LV itself (not in the VG yet): its thin-pool segment over
 * NAME_tdata with metadata NAME_tmeta, the zeroing, discards and
 * error-when-full of p or lvm.conf (LVM2's messages). */
int thin_pool_lv_new(struct ctx *x, const char *name, const struct thin_pool_params *p, uint64_t data_extents,
		     uint32_t chunk, struct lv **out);
/* LVM2's handle_pool_metadata_spare: want (1, -1 default) makes the VG's
 * lvol<N>_pmspare or grows it to meta_extents; *created when new. */
int thin_spare_ensure(struct ctx *x, struct vg *vg, int want, uint64_t meta_extents, const struct lv_create_params *lp,
		      const struct alloc_pv_arg *pa, unsigned npa, bool *created);

/* lvconvert --type thin-pool [--poolmetadata META] DATA (lv_thin_convert.c):
 * check (LVM2's refusals, the chunk and metadata sizes; nothing written),
 * then convert: META (or a new metadata LV, committed first as LVM2's
 * lvcreate of it does) wiped, DATA renamed DATA_tdata, META DATA_tmeta,
 * a new pool LV named DATA, the spare, the commit; the pool activated
 * when DATA was active. */
struct thin_convert {
	struct lv *data, *meta;		/* meta NULL: allocate one */
	struct thin_pool_params p;	/* p.lv.pvs: where a new metadata LV and spare go */
	uint32_t chunk;			/* set by the check */
	uint64_t meta_extents;
};
int lv_thin_pool_convert_check(struct ctx *x, struct vg *vg, struct thin_convert *tc);
int lv_thin_pool_convert(struct ctx *x, struct vg *vg, struct thin_convert *tc, struct lv **out);

/* lvconvert --repair of an inactive pool (lv_thin_repair.c): thin_repair
 * from POOL_tmeta into the spare (made first when missing), the spare
 * becomes POOL_tmeta, the old metadata the visible POOL_metaN, a new spare
 * when spare_want and the VG (pvs: where) has room. LVM2's messages. */
int lv_thin_pool_repair(struct ctx *x, struct vg *vg, struct lv *pool, int spare_want, char *const *pvs,
			unsigned n_pvs);

/* lvconvert --swapmetadata (lv_thin_swap.c), LVM2's checks: META a
 * visible linear, striped or raid LV, not locked or an origin, and the
 * pool inactive (no thin LV of it active either). Nothing written. */
int lv_thin_swap_check(struct ctx *x, const struct vg *vg, const struct lv *pool, const struct lv *meta);
/* Is pool or one of its thin LVs active? */
bool lv_thin_pool_in_use(struct ctx *x, const struct vg *vg, const struct lv *pool);
/* Then the swap (checked): META deactivated, it becomes the hidden
 * POOL_tmeta, the pool's old metadata LV the visible LV named as META
 * was; chunk (sectors, 0: unchanged) the pool's chunk size; one commit. */
int lv_thin_swap_metadata(struct ctx *x, struct vg *vg, struct lv *pool, struct lv *meta, uint32_t chunk);

struct thin_params {
	struct lv_create_params lv;	/* name, size = the virtual size, tags, activate, read_only */
	struct lv *origin;		/* a thin snapshot of this thin LV, NULL: none */
	struct lv *external;		/* an external-origin snapshot of this LV (read-only or
					 * inactive, not in the pool), NULL: none */
};
/* A new thin LV in pool (create_thin, or create_snap of p->origin; with
 * p->external, create_thin over that LV, which becomes read-only: LVM2's
 * refusals of a writable or active one). */
int lv_thin_create(struct ctx *x, struct vg *vg, struct lv *pool, const struct thin_params *p, struct lv **out);

/* lvconvert --type thin --thinpool POOL LV (lv_thin_external.c): LV
 * becomes a thin LV of pool with its old content as external origin,
 * LVM2's steps (a new read-only thin LV origin_name or lvolN made and
 * its message sent, names and ids swapped, one commit, a live LV
 * reloaded); *origin: the external origin. LVs lvmgr keeps references to
 * by name (thin, raid, origins) refused with -ENOTSUP. */
int lv_thin_convert_external(struct ctx *x, struct vg *vg, struct lv *lv, struct lv *pool, const char *origin_name,
			     struct lv **origin);

/* After removing thin LVs from vg's model (lv_remove): queue their
 * delete messages on their pools. */
void thin_queue_deletes(struct ctx *x, struct vg *vg, struct lv *const *lvs, unsigned n);
/* Send what is queued on pool when it is live (or made live), commit the
 * dropped queue. raise: THIN_LIVE_ONLY (a pool not live keeps its queue
 * for its next activation), THIN_RAISE_STACK (its -tpool stack brought
 * up for it, as LVM2 does for a thin LV's message: thin_pool_stack_down
 * takes it down again when nothing needs it), THIN_RAISE_POOL (the pool
 * LV activated: a pool this command made). */
enum thin_raise { THIN_LIVE_ONLY, THIN_RAISE_STACK, THIN_RAISE_POOL };
int thin_send_queued(struct ctx *x, struct vg *vg, struct lv *pool, enum thin_raise raise);
/* lv_remove (lvmgr/lv_remove.c): a pool's thin LVs join the LVs to
 * remove (before it); after the model lost them: delete messages queued,
 * the pool's hidden LVs, origins of thin snapshots and the last pool's
 * spare dropped; after the commit: the messages sent. */
int thin_remove_expand(struct ctx *x, const struct vg *vg, struct lv *const **lvs, unsigned *n);
void thin_after_remove(struct ctx *x, struct vg *vg, struct lv *const *lvs, unsigned n);
int thin_after_remove_commit(struct ctx *x, struct vg *vg);
/* Before a command changes the pool: what an earlier command left queued
 * is sent (the pool activated for it) or dropped, with one line saying so. */
int thin_reconcile(struct ctx *x, struct vg *vg, struct lv *pool);
/* lvextend of a pool: its data LV grows, the pool's devices are
 * reloaded when live (lvreduce refused as LVM2). lvextend
 * --poolmetadatasize [+]SIZE: the metadata LV (and the spare) grow. */
int thin_pool_resize(struct ctx *x, struct vg *vg, struct lv *pool, const struct lv_resize_params *p,
		     uint64_t *old_extents);
/* The pool whose metadata LV lv is, or NULL. */
struct lv *thin_pool_of_metadata(const struct vg *vg, const struct lv *lv);
int thin_pool_metadata_resize(struct ctx *x, struct vg *vg, struct lv *pool, uint64_t sectors, char sign,
			      char *const *pvs, unsigned n_pvs);
/* The warnings of LVM2's pool_check_overprovisioning for lv (a thin LV or pool). */
void thin_check_overprovisioning(struct ctx *x, const struct vg *vg, const struct lv *lv);
/* Is feature (LVM2's name: "external_origin_extend", ...) listed in
 * global/thin_disabled_features (LVM2: used as if the target lacked it)? */
bool thin_feature_disabled(const struct ctx *x, const char *feature);
/* lv_resize's rule for a thin LV growing to want extents (LVM2's
 * _lvresize_check): past its external origin only if the target can. */
int lv_thin_resize_check(const struct ctx *x, const struct vg *vg, const struct lv *lv, uint64_t want);

/* Hooks of act_lv (lvmgr/activate.c) for thin pools and thin LVs: before,
 * thin_check on a pool about to be loaded (its metadata LV activated
 * alone first) and a thin LV's pool activated; after, a pool's queued
 * messages sent when the kernel has not had them. */
int thin_before_activate(struct ctx *x, const struct vg *vg, const struct lv *lv);
int thin_after_activate(struct ctx *x, const struct vg *vg, const struct lv *lv);
/* lvmgr/thin_check.c: thin_check (thin_check_executable and _options,
 * LVM2's refusal when it fails) on the pool's metadata LV, active alone,
 * before the pool is loaded, when it can matter: needs_check set, no
 * record of a clean deactivation since the last check, or --force-check
 * (thin_check_force); 0 or -errno. After the pool was unloaded (its
 * metadata LV still active): the clean deactivation recorded. */
int thin_check_before_load(struct ctx *x, const struct vg *vg, const struct lv *pool, const struct lv *tmeta);
void thin_check_after_unload(struct ctx *x, const struct vg *vg, const struct lv *pool, const struct lv *tmeta);
/* deact_vg took every device of vg down at once: the clean deactivation
 * of its pools recorded. */
void thin_check_after_deact_vg(struct ctx *x, const struct vg *vg);
void thin_check_force(bool on);
/* lvremove of a pool: its records go (they would only be clutter). */
void thin_check_forget(struct ctx *x, const struct vg *vg, const struct lv *pool);
/* The kernel's status of a live pool: -ENODEV when it is not live. */
struct thin_pool_status;
int thin_pool_kernel_status(struct ctx *x, const struct vg *vg, const struct lv *pool, struct thin_pool_status *s);
/* lvmgr/thin_full.c: may a new thin LV go into pool? LVM2's
 * pool_below_threshold at lvcreate (its warnings, then "Cannot create new
 * thin volume, free space in thin pool VG/POOL reached threshold." and
 * -ENOSPC) for a live pool; 0 when allowed. */
int thin_create_allowed(struct ctx *x, const struct vg *vg, const struct lv *pool);
/* Is one of lvs a thin pool or a thin LV? */
bool thin_any(struct lv *const *lvs, unsigned n);
/* Hook of deact_lv: a pool's hidden LVs go after it. */
int thin_after_deactivate(struct ctx *x, const struct vg *vg, const struct lv *lv, bool force);
/* Is a thin LV of pool active (then the pool LV's deactivation leaves its
 * -tpool and sub-LVs to them, as LVM2)? */
bool thin_pool_thins_active(struct ctx *x, const struct vg *vg, const struct lv *pool);
/* The pool's -tpool stack (its thin-pool target, metadata and data LVs)
 * goes when nothing needs it: the pool LV itself inactive, none of its
 * thin LVs active, -tpool not open; as LVM2 takes the pool down with its
 * last thin LV (lvchange -an, lvremove) and after a message it raised
 * the pool for (lvremove or lvcreate -an of a thin LV of an inactive
 * pool). Not in deact_lv: the message paths keep the pool live for their
 * messages until they are sent. NULL pool: nothing. */
int thin_pool_stack_down(struct ctx *x, const struct vg *vg, const struct lv *pool, bool force);

/* Zero the pool's metadata LV through its PV mapping (all of it, or its
 * first 4 KiB with allocation/zero_metadata = 0). */
int thin_zero_metadata(struct ctx *x, const struct vg *vg, const struct lv *tmeta);

/* Test hook: LVMGR_TEST_THIN_ABORT=<step> ends the command (exit 137,
 * as kill -9 would) at that step: "after-commit", "after-message". */
void thin_test_abort(const char *step);

/* The VG's spare pool metadata LV (lvol0_pmspare or another *_pmspare), or NULL. */
struct lv *lv_thin_find_spare(const struct vg *vg);

#endif
