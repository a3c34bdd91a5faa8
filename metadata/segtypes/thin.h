/* Thin provisioning in the model: the thin-pool and thin segment types
 * (thin_pool.c, thin.c) and what the rest of lvmgr asks of them. LVM2:
 * lib/thin/thin.c, lib/metadata/thin_manip.c.
 *
 * A pool LV has one "thin-pool" segment naming its hidden metadata LV
 * (POOL_tmeta) and data LV (POOL_tdata), the pool's transaction id (the
 * number of message batches the kernel's pool has committed), its chunk
 * size (sectors), discards and zeroing. A thin LV has one "thin" segment
 * (virtual: its extents are its size, no PV behind them) naming its pool,
 * its device id in the pool, the pool's transaction id when it was made,
 * and, for a snapshot, its origin. */
#ifndef LVMGR_SEGTYPES_THIN_H
#define LVMGR_SEGTYPES_THIN_H

#include <stdbool.h>
#include <stdint.h>

struct cft_node;
struct lv;
struct lv_seg;
struct vg;

/* The kernel's limits (dm-thin): chunk size 64 KiB .. 1 GiB in multiples
 * of 64 KiB, device ids below 2^24. */
#define THIN_MIN_CHUNK 128u		/* sectors */
#define THIN_MAX_CHUNK 2097152u
#define THIN_MAX_DEVICE_ID ((1u << 24) - 1)
/* LVM2's DEFAULT_THIN_POOL_MAX_METADATA_SIZE_V1_KB * 2 (not cropped),
 * and DEFAULT_THIN_POOL_MIN_METADATA_SIZE * 2: sectors. */
#define THIN_MAX_METADATA ((uint64_t)255 * ((1 << 14) - 64) * 4 * 2)
#define THIN_MIN_METADATA ((uint64_t)2048 * 2)

/* A message LVM2 queues in the pool's metadata until the kernel's pool has
 * it (messageN { create = "LV" } or { delete = ID }): committed before it
 * is sent, dropped by the commit after, replayed when the kernel's
 * transaction id shows it was not sent (lvmgr/lv_thin.c). */
struct thin_msg {
	const char *create;		/* the thin LV made (create_thin / create_snap) */
	uint32_t delete_id;		/* create NULL: delete this device id */
};

struct seg_thin {
	/* thin-pool */
	const char *metadata_lv, *data_lv;
	uint32_t chunk_size;		/* sectors */
	const char *discards;		/* "passdown", "nopassdown", "ignore" */
	bool zero_new_blocks;
	int crop_metadata;		/* -1: not in the text */
	struct thin_msg *msgs;		/* pending, in order */
	unsigned n_msgs;
	/* both: the pool's transaction id (a thin LV: the pool's when it was made) */
	uint64_t transaction_id;
	/* thin */
	const char *pool_lv, *origin, *external_origin, *merge;
	uint32_t device_id;
};

/* The thin part of a thin-pool or thin segment, NULL for other types. */
struct seg_thin *seg_thin(const struct lv_seg *seg);
bool seg_is_thin_pool(const struct lv_seg *seg);
bool seg_is_thin(const struct lv_seg *seg);
bool lv_is_thin_pool(const struct lv *lv);
bool lv_is_thin(const struct lv *lv);
/* Is lv the external origin of a thin LV of vg (LVM2's lv_is_external_origin)? */
bool thin_is_external_origin(const struct vg *vg, const struct lv *lv);
/* The thin LVs of vg whose external origin is lv, in vg's order, into out
 * (when not NULL; room for vg->n_lvs): how many (LVM2's segs_using_this_lv
 * of an external origin, which lvremove takes with it). */
unsigned thin_external_users(const struct vg *vg, const struct lv *lv, struct lv **out);
/* A pending thin merge (lvconvert --merge of a thin snapshot whose origin
 * was open): the snapshot's segment names its origin in "merge" and the
 * snapshot is hidden; LVM2's lv_is_merging_thin_snapshot, and the
 * snapshot merging into origin (NULL: none; origin's merging state). */
bool lv_is_merging_thin_snapshot(const struct lv *lv);
struct lv *thin_merging_snapshot(const struct vg *vg, const struct lv *origin);
/* The pool of a thin LV, the pool a hidden _tmeta/_tdata belongs to, or NULL. */
struct lv *thin_pool_of(const struct vg *vg, const struct lv *lv);
struct lv *thin_pool_of_sub(const struct vg *vg, const struct lv *sub, bool *is_meta);
/* The references between thin LVs, pools and their sub LVs, in VG vg:
 * each named LV exists and has the right type, a device id is used once
 * per pool. 0 or -EINVAL with err. Cheap when the VG has no thin LVs. */
/* A string field of a thin section being read (thin_pool.c): 0, -ENOENT
 * when absent and not required, else -EINVAL with the import's message. */
struct seg_text_in;
int thin_in_str(struct seg_text_in *in, const struct cft_node *sec, const char *key, bool required,
		const char **out);
int thin_vg_check(const struct vg *vg, char *err, size_t errlen);

#endif
