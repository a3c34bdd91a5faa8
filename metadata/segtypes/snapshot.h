/* Old-style (copy-on-write) snapshots in the model, as LVM2 2.03 keeps
 * them: a hidden LV "snapshotN" of one "snapshot" segment names the origin
 * LV and the COW LV (cow_store, or merging_store while a merge is
 * pending), and its chunk size; its extent count is the origin's size.
 * The user sees the COW LV as "the snapshot" (lv_attr 's') and the origin
 * as 'o'. These queries answer from the segment fields; a VG without
 * snapshot segments (vg->has_snapshots false) answers at once. */
#ifndef LVMGR_SEGTYPES_SNAPSHOT_H
#define LVMGR_SEGTYPES_SNAPSHOT_H

#include "metadata/vg.h"

/* LVM2's limits (tools/lvcreate.c, snapshot_manip.c). */
#define SNAP_CHUNK_MIN 8		/* sectors: 4 KiB */
#define SNAP_CHUNK_MAX 1024		/* 512 KiB */
#define SNAP_CHUNK_DEFAULT 8
#define SNAP_MIN_CHUNKS 3		/* header, one metadata and one data chunk */

/* The snapshot segment of a snapshotN LV, or NULL. */
const struct lv_seg *lv_snapshot_seg(const struct lv *lv);
/* The snapshot segment whose COW (or merging store) is cow, or NULL:
 * cow is then a snapshot as the user sees it (LVM2's lv_is_cow). *owner:
 * the snapshotN LV (may be NULL). */
const struct lv_seg *snap_seg_of_cow(const struct vg *vg, const struct lv *cow, const struct lv **owner);
/* Has lv snapshots (LVM2's lv_is_origin)? */
bool lv_is_snap_origin(const struct vg *vg, const struct lv *lv);
/* A sparse snapshot's hidden zero origin (LVM2's lv_is_virtual_origin:
 * an origin without the VISIBLE flag, "<cow>_vorigin" as lvcreate
 * --type snapshot -V makes it)? */
bool lv_is_virtual_origin(const struct vg *vg, const struct lv *lv);
/* The virtual origin of the snapshot whose COW is cow, or NULL. */
struct lv *snap_virtual_origin_of_cow(const struct vg *vg, const struct lv *cow);
/* Is a merge of one of its snapshots pending or running? */
bool lv_is_merging_origin(const struct vg *vg, const struct lv *lv);
/* The COW LVs of origin's snapshots, in VG order: up to max into out; the
 * count. */
unsigned snap_cows_of_origin(const struct vg *vg, const struct lv *origin, const struct lv **out,
			     unsigned max);
/* LVM2's cow_max_extents: the COW size that holds a copy of every chunk
 * of the origin (header, data and metadata chunks), in extents. Kernels
 * since 2.6.33 have the exception-store leak fixed: no extra chunks. */
uint64_t snap_cow_max_extents(const struct vg *vg, uint64_t origin_extents, uint32_t chunk);
/* Origins and COWs named by snapshot segments exist, differ and are no
 * snapshotN LVs themselves; a COW serves one snapshot: 0 or -EINVAL with
 * err (the import's and vg_validate's check of hostile metadata). */
int snap_check_refs(const struct vg *vg, char *err, size_t errlen);

#endif
