/* LV options of lvcreate and lvchange that set flags and numbers in the
 * LV's metadata as LVM2 2.03 writes them: -k|--setactivationskip (the
 * compat flag ACTIVATION_SKIP, honoured by activation unless -K) and
 * -M|--persistent with --minor (status FIXED_MINOR, major/minor fields,
 * the minor used when the LV is activated). */
#ifndef LVMGR_CMD_LVFLAGS_H
#define LVMGR_CMD_LVFLAGS_H

#include "cmd/common.h"
#include "lvmgr/lv_api.h"

/* The new LV's flags from lvcreate's -k|--setactivationskip (skip_default
 * without it: thin snapshots are skipped by default), --setautoactivation
 * n and -My --minor, as LVM2 writes them and in its order (ACTIVATION_SKIP,
 * NOAUTOACTIVATE); *skip: -k in effect. Every lvcreate form calls it.
 * -EINVAL logged for a bad -M/--minor. */
int lvcreate_flag_params(struct cmd *c, struct lv_create_params *p, bool skip_default, bool *skip);
/* -M y|n, --major, --minor as LVM2's get_and_validate_major_minor: -ENOENT
 * without -M; 0 with *minor -1 for -Mn, else the device-mapper major of
 * this kernel (0 without device-mapper, as LVM2) and the minor; -EINVAL
 * logged for a bad combination or a minor out of range. */
int lv_persistent_args(struct cmd *c, int64_t *major, int64_t *minor);
/* lvchange -M on lv (major, minor: lv_persistent_args'): 1 changed, 0 nothing to do, -errno logged. An active
 * LV is deactivated first (after a question unless -y/-f) and *reactivate
 * set: the caller activates it again after the commit (LVM2). */
int lvchange_persistent(struct cmd *c, struct vg *vg, struct lv *lv, int64_t major, int64_t minor,
			bool *reactivate);
/* lvchange --errorwhenfull y|n (cmd/thin_change.c): 1 changed, -errno
 * logged (not a pool: LVM2's warning; already so: its error). */
int lvchange_error_when_full(struct cmd *c, struct vg *vg, struct lv *lv, int on);
int lvchange_pool_props(struct cmd *c, struct vg *vg, struct lv *lv);

#endif
