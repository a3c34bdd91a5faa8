/* The device tree: the dm devices that realise a set of LVs, each with its
 * table, the devices it maps onto, the target messages it needs, and the
 * order in which a backend makes, changes and removes them.
 *
 * Names and uuids are LVM2 2.03's: `vg-lv[-layer]` with '-' doubled inside
 * the names, `LVM-<vgid><lvid>[-layer]`. A layer (-real, -cow, -tpool) or
 * an internal LV (_tdata, _rimage_N: LVs of their own) is a node like any
 * other; the target descriptors (activation/targets/) add them.
 *
 * A table refers to the devices below it as "$i" in its params (deps[i]):
 * their numbers are known only once they exist, and the runner puts them
 * in ("major:minor") when it loads the table.
 *
 * Pure except dt_run, which calls the backend. */
#ifndef LVMGR_ACT_DTREE_H
#define LVMGR_ACT_DTREE_H

#include <stdbool.h>
#include <stdint.h>

#include "activation/backend.h"
#include "lvmgr/base/util.h"
#include "metadata/vg.h"

enum dt_state { DT_NEW, DT_SAME, DT_RELOAD };

struct dt_node {
	const char *name, *uuid;
	const struct lv *lv;	/* the LV it belongs to (NULL: none) */
	const char *layer;	/* NULL: the LV's own device (its /dev/VG/LV) */
	bool read_only;
	struct dm_target_line *targets;
	unsigned n_targets, cap_targets;
	struct dt_node **deps;	/* the devices the table maps onto: "$i" */
	unsigned n_deps, cap_deps;
	/* live devices suspended while this node's table is loaded (a
	 * snapshot's origin: the kernel's snapshot target requires it) */
	struct dt_node **quiesce;
	unsigned n_quiesce, cap_quiesce;
	/* target messages, sent once it is live, on every run that has them:
	 * a type adds them only for a change (thin: create_thin, then
	 * set_transaction_id), and they are not undone by a failed run */
	const char **msgs;
	unsigned n_msgs, cap_msgs;
	/* resume order among nodes of one height, 0 first (LVM2's
	 * activation_priority: a snapshot origin resumes after its snapshots) */
	unsigned priority;
	unsigned index;		/* order of insertion */
	/* load the table even when the live one is the same (lvchange
	 * --refresh of raid: dm-raid takes back a returned leg only from a
	 * new table, as LVM2's dm_tree_node_force_identical_table_reload) */
	bool force_reload;

	/* dt_run's: */
	enum dt_state state;
	const struct dmk_dev *live;	/* the device before the run, NULL: none */
	/* a device of this uuid without a table (a killed command created
	 * it): taken as created by this run */
	const struct dmk_dev *leftover;
	struct dm_target_line *old;	/* its live table (DT_RELOAD) */
	unsigned n_old;
	unsigned height, comp;
	bool has_parent, late, quiet;
	bool created, loaded, suspended, swapped, msgs_sent, failed;
	uint32_t major, minor;		/* known when numbered */
	bool numbered;
	unsigned created_seq;
};

struct dtree {
	struct arena *a;
	struct dt_node **nodes;
	unsigned n, cap;
	struct dt_node **by_uuid;	/* open addressing, 2 * cap slots */
};

void dt_init(struct dtree *t, struct arena *a);
/* The node with this uuid, added (empty) if the tree has none. */
struct dt_node *dt_node(struct dtree *t, const char *name, const char *uuid);
struct dt_node *dt_find(const struct dtree *t, const char *uuid);
/* Back to the first n nodes (those added after an LV that failed). */
void dt_truncate(struct dtree *t, unsigned n);
/* lower is below n: the index to write as "$i" in n's params. */
unsigned dt_dep(struct dtree *t, struct dt_node *n, struct dt_node *lower);
void dt_target(struct dtree *t, struct dt_node *n, uint64_t start, uint64_t len, const char *type,
	       const char *params);
void dt_message(struct dtree *t, struct dt_node *n, const char *msg);
void dt_quiesce(struct dtree *t, struct dt_node *n, struct dt_node *live);

/* "vg-lv[-layer]" with '-' doubled in each part, "LVM-<vgid><lvid>[-layer]". */
const char *dm_lv_name(struct arena *a, const char *vg, const char *lv);
const char *dt_name(struct arena *a, const char *vg, const char *lv, const char *layer);
const char *dm_lv_uuid(struct arena *a, const struct vg *vg, const struct lv *lv);
const char *dt_uuid(struct arena *a, const struct vg *vg, const struct lv *lv, const char *layer);

/* ---- from LVs: each segment through its target descriptor ---- */

/* Where a PV is: "major:minor" (or a path), NULL if missing. */
typedef const char *(*pv_devno_fn)(void *ctx, const struct pv *pv);

struct dt_build {
	struct dtree *tree;
	const struct vg *vg;
	pv_devno_fn devno;
	void *devno_ctx;
	/* Is the merge into this origin not started in the kernel (the
	 * origin live on snapshot-origin, e.g. it was open when the merge
	 * was asked for)? Then its stack stays as it is, snapshot included,
	 * until its next activation (LVM2). NULL: no. */
	bool (*merge_deferred)(const struct dt_build *b, const struct lv *origin);
	char err[512];
};

/* The node of lv (its own device) and everything below it. -EINVAL with
 * b->err when lvmgr cannot build it (a segment type without a target
 * descriptor, a missing PV). */
int dt_add_lv(struct dt_build *b, const struct lv *lv, struct dt_node **out);
/* lv's segments as the targets of n, each through its descriptor. */
int dt_add_segments(struct dt_build *b, const struct lv *lv, struct dt_node *n);
/* A node of lv: layer NULL is the LV's own device; uuid_layer the uuid's
 * suffix when it differs from the name's (LVM2 marks a thin pool's own
 * device "-pool", its _tdata "-tdata": NULL for layer = uuid_layer). */
struct dt_node *dt_lv_node(struct dt_build *b, const struct lv *lv, const char *layer, const char *uuid_layer);
/* The minor number node's device is created with: the LV's persistent one
 * for its top-level device (FIXED_MINOR, lvchange -My), else -1. */
int64_t dt_fixed_minor(const struct dt_node *n);
/* The device of a PV area for a table: "major:minor". */
int dt_pv_dev(struct dt_build *b, const struct seg_area *ar, const char **dev);

/* ---- running ---- */

struct dt_failure {
	const char *what;	/* "create", "load table of", ... */
	const char *name;
	int err;
	bool undo;		/* a step of the undo (the device may be left) */
};

struct dt_result {
	unsigned threads;	/* in: at most this many components at once */
	struct dt_failure *fail;	/* out: the failed steps, in the arena */
	unsigned n_fail;
	unsigned n_comp_failed;	/* components that failed (and were undone) */
};

/* Bring the backend to the tree: new nodes made, live nodes with another
 * table reloaded, live nodes with the same table left alone. devs: the
 * backend's listing before (NULL/0: none). Nodes that share no device are
 * independent components; with a parallel backend they run from up to
 * res->threads threads (0: 1). Each component in this order:
 *   1. bottom up: a new node is created and loaded, and resumed at once
 *      if a node above maps onto it (its size is needed); messages are
 *      sent when the node is live; a changed live node gets its new table
 *      loaded inactive;
 *   2. top down: the live nodes to change, those a new node quiesces, and
 *      every live node above them are suspended;
 *   3. bottom up: the nodes that needed the suspension are loaded;
 *   4. bottom up (by priority within a height): everything loaded or
 *      suspended is resumed, messages after.
 * A failing step undoes the component: inactive tables it loaded into
 * live devices cleared, old tables it swapped in restored, what it
 * suspended resumed, what it created removed (newest first); the failure
 * is in res (logged by the caller). Returns 0, or the last error. */
int dt_run(struct dtree *t, struct dt_backend *b, const struct dmk_dev *devs, unsigned n_devs,
	   struct dt_result *res);

/* Remove the named devices (none holding another) through b, from up to
 * threads threads when b is parallel. errs[i] per device; returns the
 * last error. */
int dt_remove_many(struct dt_backend *b, const struct dmk_dev *const *devs, unsigned n, unsigned threads,
		   int *errs);

/* The table of n with "$i" replaced: "major:minor" of deps[i] when known,
 * else /dev/mapper/<name> (a dry run). malloc'ed lines (free with
 * dt_lines_free), NULL on ENOMEM. */
struct dm_target_line *dt_resolve(const struct dt_node *n);
void dt_lines_free(struct dm_target_line *t, unsigned n);

#endif
