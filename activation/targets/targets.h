/* Target descriptors: one file per segment type, each turning a segment
 * into nodes and target lines of the device tree and reading its targets'
 * status lines back. Registered in one table (targets.c), looked up by the
 * metadata's segment type name (seg->type). Adding a type: one file here
 * and one line in the table. */
#ifndef LVMGR_ACT_TARGETS_H
#define LVMGR_ACT_TARGETS_H

#include "activation/dtree.h"

enum dt_health {
	DT_HEALTHY,
	DT_DEGRADED,	/* working, redundancy lost (raid leg, mirror log) */
	DT_FAILED,	/* invalid snapshot, failed pool */
};

/* What a device's status lines say: a percentage (Data%, Snap%,
 * Cpy%Sync: numer/denom summed over the targets) and the worst health. */
struct dt_status {
	bool has_percent;
	uint64_t numer, denom;
	enum dt_health health;
	bool merge_failed;	/* snapshot: "Merge failed" (health DT_FAILED) */
	/* raid: the sync action ("idle", "resync", "check", ...; "" none),
	 * the mismatch count, images not in sync ('a') or dead ('D'). */
	char sync_action[16];
	uint64_t mismatches;
	unsigned raid_images, raid_dead, raid_unsynced;
	char raid_health[68];	/* one character per image: A, a, D */
};

struct dt_target_type {
	const char *segtype;		/* the metadata's segment type */
	const char *const *dm_types;	/* the kernel targets it loads (NULL-ended) */
	/* Add seg (of lv, at node: its targets at seg's sectors) to the tree;
	 * -errno with b->err on failure. */
	int (*build)(struct dt_build *b, const struct lv *lv, const struct lv_seg *seg, struct dt_node *node);
	/* One status line of one of its dm_types into st. */
	int (*status)(const struct dm_target_line *line, struct dt_status *st);
};

extern const struct dt_target_type dt_target_striped, dt_target_zero, dt_target_error, dt_target_snapshot;

/* A snapshot origin or a snapshot (its COW LV) as LVM2 layers it
 * (snapshot.c): node n of lv gets its targets and the layers below it.
 * 1 done, 0 lv is neither, -errno with b->err. */
int dt_snapshot_stack(struct dt_build *b, const struct lv *lv, struct dt_node *n);
extern const struct dt_target_type dt_target_raid1;	/* raid.c */
extern const struct dt_target_type dt_target_mirror;	/* mirror.c */
extern const struct dt_target_type dt_target_thin_pool, dt_target_thin;	/* thin.c */

/* The uuid suffix of an LV's own device when LVM2 gives it one: a thin
 * pool's ("pool", or "tpool" while no thin LV uses it), its hidden LVs'
 * ("tmeta", "tdata"); NULL otherwise. */
const char *thin_uuid_layer(const struct vg *vg, const struct lv *lv);
/* A thin pool's -tpool stack alone (its thin-pool target over its
 * metadata and data LVs), the part its thin LVs need: out is the -tpool
 * node (the pool's own device while no thin LV uses it). */
int dt_thin_pool_stack(struct dt_build *b, const struct lv *pool, struct dt_node **out);
/* An external origin of thin LVs (activation/targets/thin.c): its own
 * device is linear over VG-LV-real (uuid -real, its segments, read-only),
 * the device the thin LVs read from, as LVM2 loads it. 1 when lv is one
 * (n built), 0 when not, -errno. */
int dt_thin_external_stack(struct dt_build *b, const struct lv *lv, struct dt_node *n);
/* A thin-pool status line. */
struct thin_pool_status {
	uint64_t transaction_id, meta_used, meta_total, data_used, data_total;
	bool failed, read_only, out_of_space, needs_check;
	const char *discards;	/* the kernel's: "ignore", "nopassdown", "passdown" (LVM2's kernel_discards) */
};
int thin_pool_status_parse(const char *params, struct thin_pool_status *s);

/* By segment type, by kernel target name; NULL when none. */
const struct dt_target_type *dt_target_for_segtype(const char *segtype);
const struct dt_target_type *dt_target_for_dm(const char *dm_type);
/* A device's status lines combined; -ENOTSUP for a target without a
 * descriptor. */
int dt_status_parse(const struct dm_target_line *t, unsigned n, struct dt_status *st);
/* For descriptors whose targets have nothing to report. */
int dt_status_healthy(const struct dm_target_line *line, struct dt_status *st);

#endif
