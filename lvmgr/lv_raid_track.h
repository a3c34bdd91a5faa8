/* Split with tracking of raid1 images (lv_raid_track.c), as LVM2 2.03.16's
 * lv_raid_split_and_track and lv_raid_merge. */
#ifndef LVMGR_LV_RAID_TRACK_H
#define LVMGR_LV_RAID_TRACK_H

#include "lvmgr/lv_api.h"

/* lvconvert --splitmirrors N --trackchanges VG/LV [PV ...]: the last image
 * (or the last one on the PVs named) of the active, in-sync raid1 LV
 * becomes visible and read-only; the LV keeps it in its segment and its
 * bitmap records what changes while it is out. p->name is unused. */
int lv_raid_split_track(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_split_params *p);

/* lvconvert --mergemirrors (or --merge) VG/LV_rimage_K: the tracked image
 * rejoins its raid1 LV, which resyncs only the regions that changed. */
int lv_raid_merge_image(struct ctx *x, struct vg *vg, struct lv *img);

/* LVM2's _raid_split_image_conversion: lvconvert forms other than
 * --repair refuse a raid1 LV that tracks an image, and the image. */
int lv_raid_track_conversion_check(const struct vg *vg, const struct lv *lv);

#endif
