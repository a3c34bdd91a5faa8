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
/* LVM2's process_each_lv_in_vg: -a over a whole VG (or a VG tag, or
 * --select) skips the snapshots of real origins, which go with their
 * origin; only a snapshot named (VG/LV among args[0..n-1]) is changed
 * (and asked about). false: skip lv. */
/* lvchange --refresh (act_refresh), with LVM2's rule for an origin whose
 * merge waits for its next activation: neither it nor the snapshot open,
 * the merge starts (down and up again), polled to its end unless
 * --poll n. 0 or -errno. */
int snap_refresh(struct cmd *c, const struct vg *vg, const struct lv *lv);
/* After an activation: a merge running on origin lv (its snapshot's own
 * device gone) is polled to its end by a detached poller, unless --poll n
 * (LVM2's lv_spawn_background_polling). */
void snap_poll_merge(struct cmd *c, const struct vg *vg, const struct lv *lv);
bool snap_activation_named(const struct vg *vg, const struct lv *lv, char *const *args, int n);

/* "LV snapshot status" (after the creation line). */
void snap_display_status(struct ctx *x, const struct vg *vg, const struct lv *lv);
/* The LV whose size "LV Size" and "Current LE" show: a snapshot's origin. */
const struct lv *snap_display_size_lv(const struct vg *vg, const struct lv *lv);
/* COW-table size and LE, Allocated to snapshot, Snapshot chunk size. */
void snap_display_cow(struct ctx *x, const struct vg *vg, const struct lv *lv);
/* lvextend --use-policies of a snapshot: the size to add (+N%LV) as
 * activation/snapshot_autoextend_threshold and _percent say for its
 * kernel status; 1 when nothing is to be done; -errno (logged). */
struct lv_size;
int snap_policy_size(struct cmd *c, const struct vg *vg, const struct lv *lv, struct lv_size *size, char *sign);

/* LVM2's _lvcreate_params for a snapshot (-s, --type snapshot): options
 * outside its list, "Option --zero is unsupported with snapshots." (true:
 * refused, logged with the help line). */
bool snap_options_refused(struct cmd *c);

#endif
