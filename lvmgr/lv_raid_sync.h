/* Resynchronisation of raid1 and mirror LVs under the LV API: the scrub
 * message to the kernel's dm-raid target (lvchange --syncaction) and the
 * complete resync (lvchange --resync), as LVM2 2.03 does them
 * (lib/activate/activate.c lv_raid_message, tools/lvchange.c
 * _lvchange_resync). */
#ifndef LVMGR_LV_RAID_SYNC_H
#define LVMGR_LV_RAID_SYNC_H

#include "lvmgr/ctx.h"
#include "metadata/vg.h"

/* Send "check" or "repair" to the active raid LV lv, which must be idle:
 * 0, or -errno with LVM2's message logged. */
int lv_raid_syncaction(struct ctx *x, const struct vg *vg, const struct lv *lv, const char *msg);

/* Start lv (raid1, or mirror with a disk or core log) over with a complete
 * resync from its first image, the LV inactive meanwhile (the caller has
 * deactivated it; reactivate: activate it again at the end). LVM2's steps
 * and commits: NOTSYNCED cleared; with a disk log or raid metadata LVs,
 * the LV flagged ACTIVATION_SKIP with those LVs detached (visible, a
 * mirror's log out of its segment) and committed, their start zeroed (the
 * dm-raid superblocks and bitmaps, the mirror log's header: the kernel
 * then takes every region as out of sync), then put back and committed.
 * 0 or -errno (logged). */
int lv_raid_resync(struct ctx *x, struct vg *vg, struct lv *lv, bool reactivate);

#endif
