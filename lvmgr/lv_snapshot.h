/* Copy-on-write snapshots (LVM2's old-style snapshots): lvcreate -s with a
 * size. The model is metadata/segtypes/snapshot.h's. */
#ifndef LVMGR_LV_SNAPSHOT_H
#define LVMGR_LV_SNAPSHOT_H

#include "lvmgr/lv_api.h"

struct lv_snapshot_params {
	const char *name;		/* the COW LV ("the snapshot"); NULL: lvol<N> */
	struct lv_size size;		/* COW size; LV_SIZE_PCT_ORIGIN: of the origin */
	uint32_t chunk_size;		/* sectors; 0: 4 KiB */
	char *const *pvs;		/* allocate the COW there only */
	unsigned n_pvs;
	const char *alloc;
	bool read_only;			/* -p r */
	int64_t read_ahead;
	struct strlist tags;
	uint64_t virtual_size;		/* sectors: a sparse snapshot (no origin) */
	int activate;			/* sparse: -a (0 -an, else active) */
};

/* Check the request as LVM2 does (chunk size, origin kind, COW size),
 * allocate the COW LV, zero its header, add the hidden snapshotN LV,
 * commit; an active origin gets its snapshot loaded under it. *out: the
 * COW LV. */
int lv_snapshot_create(struct ctx *x, struct vg *vg, struct lv *origin, const struct lv_snapshot_params *p,
		       struct lv **out);
/* lvcreate --type snapshot -V SIZE -L COWSIZE VG: a sparse snapshot, as
 * LVM2: the snapshot of a hidden read-only LV "<name>_vorigin" of one
 * zero segment of the virtual size (origin NULL above,
 * p->virtual_size set); activated with its origin unless p->activate is
 * 0. */
/* lvremove's LVs with their snapshots: each origin's snapshots (COW LVs)
 * before it, no LV twice, into out (room for vg->n_lvs); the count. */
unsigned lv_snapshot_remove_set(const struct vg *vg, struct lv *const *lvs, unsigned n, struct lv **out);
/* lvremove of a sparse snapshot removes its virtual origin too (LVM2's
 * lv_remove_single): *lvs gets each one not listed yet, after its COW
 * (asked for and taken down first, as any snapshot). */
void lv_snapshot_remove_expand(struct ctx *x, const struct vg *vg, struct lv *const **lvs, unsigned *n);
/* lvrename: the snapshot segments naming old (origin or COW) name
 * new_name instead (new_name lives as long as the VG). */
void lv_snapshot_rename_refs(struct vg *vg, const char *old, const char *new_name);
/* lvresize's rules for snapshots: an origin with snapshots grows only
 * while inactive and never shrinks; a COW grows no bigger than the
 * origin needs (*want cut, LVM2's message). 0 go on, 1 nothing to do,
 * -errno refused (logged). */
int lv_snapshot_resize_check(struct ctx *x, struct vg *vg, struct lv *lv, uint64_t *want);
/* lvremove: the active origins of snapshots among lvs that stay (into
 * out, room for n); after the commit, each is reloaded without the
 * removed snapshots, its -real layer dropped with the last one, together
 * with the removed snapshots' -cow layers (dm uuids cows[0..ncow-1]),
 * which deact_lv_top_start left up. */
unsigned lv_snapshot_origins_to_reload(struct ctx *x, const struct vg *vg, struct lv *const *lvs, unsigned n,
				       const struct lv **out);
int lv_snapshot_reload_origins(struct ctx *x, struct vg *vg, const struct lv **origins, unsigned n,
			       const char *const *cows, unsigned ncow);
/* Is lv the COW LV of a snapshot of one of origins[0..n-1]? */
bool lv_snapshot_origin_reloaded(const struct vg *vg, const struct lv *lv, const struct lv *const *origins,
				 unsigned n);
/* lvconvert --merge (lv_snapshot_merge.c): mark the snapshot whose COW
 * is cow merging and commit; an active origin that is not open (nor the
 * snapshot) gets the merge tree at once (*started), else the merge starts
 * on its next activation (LVM2's messages). A snapshot already merging:
 * *started when its origin is active. */
int lv_snapshot_merge(struct ctx *x, struct vg *vg, struct lv *cow, bool *started);
/* Wait for a started merge (progress every interval seconds, 0: none),
 * then drop the snapshot from the metadata and its devices. */
int lv_snapshot_merge_wait(struct ctx *x, struct vg *vg, struct lv *cow, unsigned interval);
/* Finish every merge of vg the kernel has done (its metadata step, as
 * lv_snapshot_merge_wait's end): what a killed or never-run poller left.
 * Called by vg_read for update; 0 or -errno. */
int lv_snapshot_merge_finish_done(struct ctx *x, struct vg *vg);
/* The merge of cow's snapshot: running (its origin active; *done: the
 * kernel has copied everything back)? */
bool lv_snapshot_merge_pending(struct ctx *x, const struct vg *vg, const struct lv *cow, bool *done);
/* A COW of extents holds SNAP_MIN_CHUNKS chunks (LVM2's message): 0 or
 * -EINVAL. */
int lv_snapshot_min_chunks_check(const struct vg *vg, uint64_t extents, uint32_t chunk);
/* LVM2's validate_snapshot_origin for the kinds lvmgr knows (logged). */
int lv_snapshot_origin_check(const struct vg *vg, const struct lv *origin);
/* lvconvert -s ORIGIN COW, once checked and confirmed: cow (an existing
 * linear or striped LV) becomes the exception store of a new snapshot of
 * origin, its header zeroed unless !zero or read-only; one commit; an
 * active origin gets the snapshot loaded. 0 or -errno (logged). */
int lv_snapshot_convert(struct ctx *x, struct vg *vg, struct lv *origin, struct lv *cow, uint32_t chunk, bool zero);
/* The chunk size rule (LVM2's message logged): 0 or -EINVAL. */
int lv_snapshot_chunk_check(uint64_t sectors);

#endif
