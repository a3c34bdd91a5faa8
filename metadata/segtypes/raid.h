/* What a raid1 or mirror segment holds besides its images (seg->areas, AREA_LV):
 * the metadata sub-LV of each image and the fields LVM2's raid exporter
 * writes. LVM2: lib/raid/raid.c. */
#ifndef LVMGR_SEGTYPES_RAID_H
#define LVMGR_SEGTYPES_RAID_H

#include <stdbool.h>
#include <stdint.h>

struct lv_seg;

struct seg_raid {
	const char **meta;		/* meta[k]: the rmeta LV of image k (seg->areas[k]) */
	uint32_t region_size;		/* sectors; 0: not written */
	uint32_t data_copies;		/* 0: not written (LVM2 writes it when > 0) */
	uint32_t stripe_size;
	uint32_t writebehind, min_recovery_rate, max_recovery_rate;
	uint32_t data_offset;		/* 1: not written (LVM2's "unset") */
	/* mirror (mirror.c): the log LV (NULL: core log) and pvmove's
	 * extents_moved (UINT64_MAX: not written). */
	const char *log;
	uint64_t extents_moved;
};

/* LVM2's default region size (activation/raid_region_size = 2048 KiB)
 * in sectors, and the smallest it takes (a page). */
#define RAID_REGION_SIZE_DEFAULT 4096u

/* LVM2's split with tracking (lvconvert --splitmirrors 1 --trackchanges):
 * an image of a raid1 segment that is VISIBLE and without WRITE has left
 * the array for read-only use while the array's bitmap records what
 * changes (its table slot is "- -"). */
struct lv;
struct vg;
bool raid_image_is_tracked(const struct lv *img);
/* The raid1 LV whose single segment lists lv as image or metadata LV
 * (NULL: none); *k: its index, *meta: whether it is the metadata LV.
 * LVM2's lv_is_raid_image / lv_is_raid_metadata. */
struct lv *raid_owner_of(const struct vg *vg, const struct lv *lv, unsigned *k, bool *meta);
/* The image raid1 LV lv tracks changes for (NULL: none); *k its index.
 * LVM2's _lv_is_raid_with_tracking. */
struct lv *raid_tracked_image(const struct vg *vg, const struct lv *lv, unsigned *k);

#endif
