/* Autoactivation: pvscan --cache and what vgchange -aay honours. */
#ifndef LVMGR_CMD_AUTOACTIVATE_H
#define LVMGR_CMD_AUTOACTIVATE_H

#include "cmd/common.h"

/* pvscan --cache [--listvg] [--checkcomplete] [--vgonline]
 * [--autoactivation event] [--udevoutput] [DEV|MAJOR:MINOR ...]. */
int pvscan_cache(struct cmd *c);
/* vgchange --autoactivation: true when the command must do nothing
 * (a value other than event, or global/event_activation=0; logged). */
bool vgchange_event_skip(struct cmd *c);
/* --setautoactivation n stored in the VG. */
bool vg_autoactivation_off(const struct vg *vg);
/* May -aay activate lv: not --setautoactivation n, and selected by
 * activation/auto_activation_volume_list when that is set (LVM2's rules:
 * "vg", "vg/lv", "@tag" of the LV or VG). */
bool lv_autoactivate_ok(struct ctx *x, const struct vg *vg, const struct lv *lv);

#endif
