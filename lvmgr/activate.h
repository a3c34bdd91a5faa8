/* Activation: an LV's device-mapper devices in the kernel (or, with
 * dry_run, printed as `dmsetup table` would show them), built as a device
 * tree (activation/dtree.h). */
#ifndef LVMGR_ACTIVATE_H
#define LVMGR_ACTIVATE_H

#include <stdbool.h>

#include "activation/kernel.h"
#include "activation/targets/targets.h"
#include "lvmgr/ctx.h"
#include "metadata/vg.h"

/* The kernel's view of lv (by dm uuid), NULL when inactive. One listing
 * of all dm devices per command. */
const struct dmk_dev *act_state(struct ctx *c, const struct vg *vg, const struct lv *lv);
/* The device of lv with the uuid suffix given ("tpool"; NULL: none). */
const struct dmk_dev *act_state_layer(struct ctx *c, const struct vg *vg, const struct lv *lv, const char *suffix);
/* The kernel's read-ahead of a live device, in sectors (sysfs
 * bdi/read_ahead_kb, as libdevmapper reads it). */
int act_read_ahead(const struct dmk_dev *d, uint64_t *sectors);
/* The target type of the LV's device's live table when it has one target
 * ("snapshot-merge": a merge running), else NULL. */
const char *act_live_target(struct ctx *c, const struct vg *vg, const struct lv *lv);
/* Whether a dm device of that name exists (one listing per command). */
bool act_dm_name_used(struct ctx *c, const char *dm_name);
/* Every LV-like dm device of the VG (uuid prefix LVM-<vgid>). */
unsigned act_count_active(struct ctx *c, const struct vg *vg);

/* Activate: create the LV's devices (or load new tables into those that
 * exist with another one), /dev/VG/LV link. dry_run prints instead to out
 * (every device in creation order). */
int act_lv(struct ctx *c, const struct vg *vg, const struct lv *lv, bool dry_run, struct strbuf *out);
/* A thin pool's -tpool stack alone (checked, its queued messages sent),
 * what its thin LVs and its messages need: LVM2 brings up only that for
 * a thin LV activated or made while the pool LV itself is inactive; the
 * pool's own device (VG-POOL) is the pool LV's activation. */
int act_thin_pool_stack(struct ctx *c, const struct vg *vg, const struct lv *pool);
/* act_lv for each of lvs (not a dry run): the ones not active yet are
 * created together, in parallel where the kernel backend can; stops at the
 * first failure like a loop of act_lv (the LVs before it are made, for the
 * caller's rollback). *done: LVs active afterwards. */
int act_lvs(struct ctx *c, const struct vg *vg, struct lv *const *lvs, unsigned n, unsigned *done);
/* Deactivate; -EBUSY (message names the LV) when open and !force. */
int deact_lv(struct ctx *c, const struct vg *vg, const struct lv *lv, bool force);
/* deact_lv of the LV's own device only: its layers ("-cow", "-real")
 * stay for act_drop_layers. */
int deact_lv_top(struct ctx *c, const struct vg *vg, const struct lv *lv, bool force);
/* deact_lv_top with the removal left running (a removal is mostly the
 * kernel waiting for RCU grace periods: the command's own work fits in
 * that wait). The checks (-EBUSY when open and !force) are made before it
 * returns; act_wait_removals says whether the removal succeeded. */
int deact_lv_top_start(struct ctx *c, const struct vg *vg, const struct lv *lv, bool force);
/* Wait for the removals deact_lv_top_start left running: the first
 * failure (logged), 0 if none failed or none is running. */
int act_wait_removals(struct ctx *c);
/* Every device of the VG, whatever builds it (also LVs LVM2 activated
 * with types lvmgr cannot activate itself): upper layers first. */
int deact_vg(struct ctx *c, const struct vg *vg, bool force);
/* After a resize of an active LV: load the new table, suspend, resume. */
int act_reload(struct ctx *c, const struct vg *vg, const struct lv *lv);
/* lvchange --refresh: act_reload, with the raid LVs' tables loaded even
 * when unchanged (the kernel takes a leg that came back). */
int act_refresh(struct ctx *c, const struct vg *vg, const struct lv *lv);
/* Remove the layer device of lv ("real": an origin without snapshots
 * any more), if it is there. */
int act_drop_layer(struct ctx *c, const struct vg *vg, const struct lv *lv, const char *layer);
/* Remove those of the devices with these dm uuids that are there, as one
 * batch (from several threads: a removal mostly waits for RCU grace
 * periods, which overlap); none may hold another. */
int act_drop_layers(struct ctx *c, const char *const *uuids, unsigned n);
/* After lvrename of an active LV: dm rename and the /dev link. */
int act_rename(struct ctx *c, const struct vg *vg, const char *old_name, const struct lv *lv);
/* After vgrename: every active LV of the VG. */
int act_rename_vg(struct ctx *c, const char *old_vg, const struct vg *vg);
/* vgmknodes: /dev/VG/LV links for the active LVs of vg, stale ones removed. */
int act_mknodes(struct ctx *c, const struct vg *vg);
/* What the LV's device reports: percentages (Data%, Snap%, Cpy%Sync) and
 * health, from its targets' status lines. -ENODEV when inactive. */
int act_status(struct ctx *c, const struct vg *vg, const struct lv *lv, struct dt_status *st);
/* Undo the devices this command created (on a later failure), upper
 * layers first. */
void act_rollback(struct ctx *c);

#endif
