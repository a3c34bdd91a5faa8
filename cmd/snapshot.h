/* lvdisplay's snapshot lines (cmd/snapshot.c), as LVM2's lvdisplay_full
 * prints them for an origin and for a snapshot (its COW LV). */
#ifndef LVMGR_CMD_SNAPSHOT_H
#define LVMGR_CMD_SNAPSHOT_H

#include "lvmgr/ctx.h"
#include "metadata/vg.h"

/* "LV snapshot status" (after the creation line). */
void snap_display_status(struct ctx *x, const struct vg *vg, const struct lv *lv);
/* The LV whose size "LV Size" and "Current LE" show: a snapshot's origin. */
const struct lv *snap_display_size_lv(const struct vg *vg, const struct lv *lv);
/* COW-table size and LE, Allocated to snapshot, Snapshot chunk size. */
void snap_display_cow(struct ctx *x, const struct vg *vg, const struct lv *lv);

#endif
