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
/* vgchange -aay --autoactivation event VG: read only the devices the
 * online files name for VG when they hold all its PVs (LVM2's quick path);
 * else every device, with LVM2's message. */
void vgchange_event_devices(struct cmd *c);
/* --setautoactivation n stored in the VG. */
bool vg_autoactivation_off(const struct vg *vg);
/* --setautoactivation n stored in the LV. */
bool lv_autoactivation_off(const struct lv *lv);
/* --setautoactivation y|n: the flag NOAUTOACTIVATE, where LVM2 writes it. */
void vg_set_autoactivation(struct vg *vg, bool on);
void lv_set_autoactivation(struct arena *a, struct lv *lv, bool on);
/* May -aay activate lv: not --setautoactivation n, and selected by
 * activation/auto_activation_volume_list when that is set (LVM2's rules:
 * "vg", "vg/lv", "@tag" of the LV or VG). */
bool lv_autoactivate_ok(struct ctx *x, const struct vg *vg, const struct lv *lv);

#endif
