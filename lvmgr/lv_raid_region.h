/* lvconvert -R|--regionsize of a raid1 LV (lvmgr/lv_raid_region.c). */
#ifndef LVMGR_LV_RAID_REGION_H
#define LVMGR_LV_RAID_REGION_H

#include <stdbool.h>
#include <stdint.h>

#include "lvmgr/lv_api.h"

struct lv_region_params {
	uint32_t region;		/* sectors, a power of 2 (the option's parser checks) */
	bool yes;
	bool (*confirm)(void *arg, const char *question);
	void *confirm_arg;
};
/* raid1 lv's region size to p->region (raised as LVM2 does past 2^21
 * regions): active, in sync, confirmed unless yes; metadata, then the
 * table. 0 or -errno, logged. */
int lv_raid_change_region(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_region_params *p);

#endif
