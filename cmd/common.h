/* Pieces shared by several commands. */
#ifndef LVMGR_CMD_COMMON_H
#define LVMGR_CMD_COMMON_H

#include "cmd/command.h"
#include "lvmgr/lv_api.h"
#include "lvmgr/devfilter.h"
#include "lvmgr/scan.h"
#include "lvmgr/vgio.h"

/* A device to be made a PV: everything checked before anything is written. */
struct pv_new {
	const char *path;
	struct scan_dev *sd;
	struct pv_label label;
	struct dev_signature sigs[8];
	int n_sigs;
	bool was_pv;		/* re-initialising an orphan PV */
	int rc;			/* pvnew_write: 0 or -errno, the cause in err */
	char err[256];
};

/* Check that path can become a PV with the command's pvcreate options
 * (--metadatasize, --pvmetadatacopies, ...); fills pn. Logs why not. */
int pvnew_check(struct cmd *c, const char *path, struct pv_new *pn);
/* The pvcreate option values alone (logs why not): a bad value is a
 * command line error, found before any device is looked at. */
int pvnew_check_args(struct cmd *c);
/* Write pn[0..n-1] (those which[] says, NULL: all), the devices in
 * parallel: wipe signatures, zero the start, label, empty metadata areas,
 * flush; then, in order, log what was wiped (or why a device failed: its
 * pn->rc) and read each new PV back. 0, or the first device's error. */
int pvnew_write(struct cmd *c, struct pv_new *pn, unsigned n, const bool *which);

/* Reopen a scanned device read-write (exclusively for block devices). */
int scan_dev_open_rw(struct cmd *c, struct scan_dev *sd);

/* Lock helpers that log. */
int lock_global_ex(struct cmd *c);
int lock_vg_mode(struct cmd *c, const char *vg, enum lock_mode mode);

/* Read a whole (metadata or backup) file into the arena. 0 or -errno. */
int read_text_file(struct arena *a, const char *path, char **text, size_t *len);

/* VG name argument: "vg", "/dev/vg" -> "vg". */
const char *vg_name_arg(const char *arg);

/* For each VG the command names (every VG when none; "vg", "/dev/vg" and
 * "vg/lv" all name vg), locked and read: fn returns non-zero on failure.
 * A name matching no VG is reported. ECMD_PROCESSED or ECMD_FAILED. */
typedef int (*vg_fn)(struct cmd *c, struct vg *vg, void *arg);
int for_each_vg(struct cmd *c, enum lock_mode mode, unsigned read_flags, vg_fn fn, void *arg);

/* For each LV the command names: "vg" (its visible LVs, all with `all`),
 * "vg/lv" (that LV, hidden or not), nothing (every VG). */
typedef int (*lv_fn)(struct cmd *c, struct vg *vg, struct lv *lv, void *arg);
int for_each_lv(struct cmd *c, enum lock_mode mode, unsigned read_flags, bool all, lv_fn fn, void *arg);

/* The settings a new VG takes from the command line, checked as LVM2's
 * vgcreate_params_validate (vgcreate, vgsplit): no clustered VGs, no
 * "inherit" policy. Logs why not; 0 or EINVALID_CMD_LINE. (--alloc's other
 * values are checked by the parser: VAL_ENUM.) */
int vgnew_params_check(struct cmd *c, const char *alloc);
/* "inherit" as a VG's policy: logs LVM2's refusal, true. */
bool vg_alloc_inherit_refused(const char *alloc);

/* An LV argument of lvconvert, "VG/LV" or "/dev/VG/LV": its VG (in the
 * arena) and LV names; without a VG, LVM2's "Please specify a logical
 * volume path (VG/LV)" and EINVALID_CMD_LINE. */
int lv_path_arg(struct cmd *c, const char *arg, const char **vgname, const char **lvname);
/* The VG locked for writing and read (VG_READ_FOR_UPDATE | read_flags),
 * the LV found: 0, or ECMD_FAILED (logged, LVM2's words). */
int lv_read_for_update(struct cmd *c, const char *vgname, const char *lvname, unsigned read_flags,
		       struct vg **vg, struct lv **lv);
/* Both for the command's first argument: 0, lv_path_arg's error or
 * ECMD_FAILED (logged). */
int lv_arg_for_update(struct cmd *c, unsigned read_flags, const char **vgname, const char **lvname, struct vg **vg,
		      struct lv **lv);

/* The PV structure for a new PV joining vg. */
struct pv *pv_for_vg(struct cmd *c, struct vg *vg, struct scan_dev *sd);

/* -l's percentage (cmd/values.h) as an lv_size base: every enum val_pct
 * has one (the callers refuse the ones they do not take). */
enum lv_size_base arg_size_base(enum val_pct pct);

/* --monitor (vgchange, lvchange): accepted as LVM2's; y says that lvmgr
 * monitors nothing. */
void monitor_arg_note(const struct cmd *c);

#endif
