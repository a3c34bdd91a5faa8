/* lvchange --alloc, -C/--contiguous and -r/--readahead (cmd/lvchange_alloc.c). */
#ifndef LVMGR_CMD_LVCHANGE_ALLOC_H
#define LVMGR_CMD_LVCHANGE_ALLOC_H

#include <stdbool.h>

#include "cmd/command.h"
#include "metadata/vg.h"

/* Any of the three given. */
bool lvchange_alloc_set(const struct cmd *c);
/* As LVM2's _lvchange_alloc and _lvchange_readahead: 1 changed, 0 none
 * asked, -EEXIST when lv already has the value (LVM2's error said). */
int lvchange_alloc_ra(struct cmd *c, const struct vg *vg, struct lv *lv, bool *reload);

#endif
