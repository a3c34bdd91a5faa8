/* What activate.c shares with the other files of activation's front
 * (act_removal.c). */
#ifndef LVMGR_ACTIVATE_INT_H
#define LVMGR_ACTIVATE_INT_H

#include "activation/backend.h"
#include "lvmgr/ctx.h"
#include "metadata/vg.h"

/* The LV's /dev/VG/LV link gone (and the VG's directory when empty). */
void act_unlink_lv(struct ctx *c, const char *vgname, const char *lvname);
/* The LV's own device to remove: NULL with *r set (1: not active; < 0:
 * refused, logged; 0: test mode, said). */
const struct dmk_dev *act_top_to_remove(struct ctx *c, const struct vg *vg, const struct lv *lv, bool force,
					int *r);

#endif
