/* What a raid1 or mirror segment holds besides its images (seg->areas, AREA_LV):
 * the metadata sub-LV of each image and the fields LVM2's raid exporter
 * writes. LVM2: lib/raid/raid.c. */
#ifndef LVMGR_SEGTYPES_RAID_H
#define LVMGR_SEGTYPES_RAID_H

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

#endif
