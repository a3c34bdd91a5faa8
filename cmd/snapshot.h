/* lvdisplay's snapshot lines (cmd/snapshot.c), as LVM2's lvdisplay_full
 * prints them for an origin and for a snapshot (its COW LV). */
#ifndef LVMGR_CMD_SNAPSHOT_H
#define LVMGR_CMD_SNAPSHOT_H

#include "lvmgr/ctx.h"
#include "metadata/vg.h"

struct cmd;
/* lvchange -a of a snapshot changes its origin (LVM2's
 * _lvchange_activate_single): a sparse one's virtual origin silently, any
 * other's origin after its question (-y answers it); *lv becomes the
 * origin. 0, or -ECANCELED (logged). */
int snap_activation_lv(struct cmd *c, const struct vg *vg, struct lv **lv);

/* "LV snapshot status" (after the creation line). */
void snap_display_status(struct ctx *x, const struct vg *vg, const struct lv *lv);
/* The LV whose size "LV Size" and "Current LE" show: a snapshot's origin. */
const struct lv *snap_display_size_lv(const struct vg *vg, const struct lv *lv);
/* COW-table size and LE, Allocated to snapshot, Snapshot chunk size. */
void snap_display_cow(struct ctx *x, const struct vg *vg, const struct lv *lv);

#endif
