/* lvconvert --merge of a thin snapshot into its thin origin, as LVM2
 * 2.03's _lvconvert_merge_thin_snapshot and thin_merge_finish.
 *
 * A thin merge copies nothing: the snapshot takes the origin's place. In
 * the metadata the two LVs swap names and ids, the snapshot gets the
 * origin's flags, times, tags and settings, and the old origin is removed
 * (a delete message of its device id queued on the pool, the pool's
 * transaction id one higher: lv_thin.h's message queue, so a command
 * killed anywhere after that commit is finished by the next one touching
 * the pool). Only inactive LVs are swapped: when the origin or snapshot
 * is open, the merge is recorded instead (the snapshot hidden, `merge =
 * "ORIGIN"` in its segment) and happens on the origin's next activation,
 * before its thin device is loaded. */
#ifndef LVMGR_LV_THIN_MERGE_H
#define LVMGR_LV_THIN_MERGE_H

#include "lvmgr/ctx.h"
#include "metadata/vg.h"

/* lvconvert --merge VG/SNAP of a thin LV: LVM2's refusals (nothing
 * written), then the merge at once (origin and snapshot deactivated,
 * the origin reactivated if it was active) or recorded. 0 or -errno. */
int lv_thin_merge(struct ctx *x, struct vg *vg, struct lv *snap);

/* Before lv is activated (lvchange -ay, vgchange -ay): when it is a thin
 * origin with a pending merge and neither it nor the merging snapshot
 * is active (the snapshot is deactivated when it can be), the merge is
 * finished first; *vg then is the VG as committed (re-read for update
 * under the VG's exclusive lock) and *lv the merged LV. 0 (also when
 * nothing was pending) or -errno (LVM2's refusal when the snapshot
 * stays active). */
int lv_thin_merge_before_activate(struct ctx *x, struct vg **vg, struct lv **lv);

/* lvremove: the hidden merging snapshot goes with its origin (before
 * it); named alone it is refused with LVM2's words (-EBUSY). */
int lv_thin_merge_remove_expand(struct ctx *x, const struct vg *vg, struct lv *const **lvs, unsigned *n);

/* Does vg have a pending thin merge? */
bool lv_thin_merge_any(const struct vg *vg);

#endif
