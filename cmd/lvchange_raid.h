/* lvchange of raid1 and mirror LVs (cmd/lvchange_raid.c): the forms
 * --syncaction check|repair and --resync, and the raid properties
 * --writemostly, --writebehind, --minrecoveryrate, --maxrecoveryrate of
 * lvchange's general form, as LVM2 2.03's tools/lvchange.c. */
#ifndef LVMGR_CMD_LVCHANGE_RAID_H
#define LVMGR_CMD_LVCHANGE_RAID_H

#include "cmd/common.h"

int lvchange_syncaction(struct cmd *c);
int lvchange_resync(struct cmd *c);
/* Any of the raid property options given? */
bool lvchange_raid_props_set(const struct cmd *c);
/* Apply them to lv (in memory): 1 changed (the caller commits, prints
 * "changed" and reloads the active LV), 0 none given, -1 refused (logged,
 * lv untouched). */
int lvchange_raid_props(struct cmd *c, struct vg *vg, struct lv *lv);

#endif
