/* Reading VGs from the scan and committing them back (LVM2's protocol). */
#ifndef LVMGR_VGIO_H
#define LVMGR_VGIO_H

#include "lvmgr/ctx.h"
#include "lvmgr/scan.h"
#include "metadata/vg.h"

struct vg_info {
	const char *name;
	char id[ID_LEN + 1];
	uint64_t seqno;			/* highest valid */
	struct scan_mda *best;
	struct scan_dev *best_dev;
	unsigned n_mdas, n_stale;	/* copies seen / copies with another version */
};

/* All VGs the scan found, sorted by name. Warns about copies that disagree. */
int vg_list(struct ctx *c, struct vg_info **out, unsigned *n);

/* FOR_UPDATE: the command means to commit (the archive copy is made from
 * the model as read). */
/* EXPORTED_OK: an exported VG is read (else refused with LVM2's "Volume
 * group X is exported", unless the command allows exported VGs:
 * ctx.allow_exported). */
enum { VG_READ_ALLOW_MISSING = 1, VG_READ_QUIET_MISSING = 2, VG_READ_FOR_UPDATE = 4,
       VG_READ_EXPORTED_OK = 8,
       VG_READ_KEEP_MERGES = 16,	/* for update, finished merges left to the caller */
       VG_READ_ONE_LINE = 32 };	/* no "Cannot process volume group" line (vgsplit, vgmerge) */
/* LVM2's words for a VG the command names that is not there: "Volume group
 * "x" not found" and, as its process_each_* says after any failed read,
 * "Cannot process volume group x" (len: the name's length). */
void log_vg_not_found(const char *name, size_t len);
/* Does a metadata text's VG status say EXPORTED (a peek, no parse)? */
bool vg_text_exported(const char *text, size_t len);
/* Read and validate one VG; PVs get their scanned devices (pv->sd), missing
 * ones are warned about. -ENOENT (log_vg_not_found), -EINVAL (corrupt
 * metadata, message names the device and cause), -EPERM (PVs missing and
 * not allowed; LVM2's "Cannot process volume group" line after it). */
int vg_read(struct ctx *c, const char *name, unsigned flags, struct vg **out);
/* The same for the VG of that name and id (ID_LEN characters, no dashes):
 * one of several VGs that share a name (vgrename UUID NEW). */
int vg_read_id(struct ctx *c, const char *name, const char *id, unsigned flags, struct vg **out);
/* The text the VG was read from (for archiving). */
const char *vg_read_text(struct ctx *c, const struct vg *vg);

/* Commit: archive the old version, write the new one (seqno + 1) to every
 * metadata area of the VG's PVs (text, precommit, commit), back it up.
 * Labels of PVs whose in-VG flag changed are rewritten. Everything is
 * validated (export re-parsed) before the first write. */
int vg_commit(struct ctx *c, struct vg *vg);
/* What vg_commit checks before its first write (no PV missing, every
 * device writable, every metadata area usable): for commands that write
 * something else first (new PV labels, orphaned PVs). */
int vg_check_writable(struct ctx *c, struct vg *vg);
/* Like vg_commit for a brand new VG (nothing to archive). */
int vg_commit_new(struct ctx *c, struct vg *vg);

/* Make a device an orphan PV again: empty its metadata areas and clear the
 * in-VG flag of its label. */
int pv_orphan(struct ctx *c, struct scan_dev *sd);
/* Write the label sector of sd from sd->label. */
int pv_write_label(struct ctx *c, struct scan_dev *sd);
/* The same for label l on fd, nothing logged (the cause in err, for a
 * worker thread); test: encode only. */
int label_write(struct io_engine *io, int fd, const struct pv_label *l, bool test, char *err, size_t errlen);

/* The VG name that claims sd, or NULL. */
const char *scan_dev_vgname(struct ctx *c, struct scan_dev *sd);

/* Backups and archives. The archive of a VG read with VG_READ_FOR_UPDATE
 * is exported as read and written by a second thread meanwhile: vg_archive
 * waits for it and puts it in place. vg_jobs_finish (ctx_free) removes the
 * archives of VGs that were read for update but not changed. */
void vg_jobs_finish(struct ctx *c);
int vg_backup(struct ctx *c, const struct vg *vg);
/* LVM2's "WARNING: This metadata update is NOT backed up." when a commit
 * made no backup file because backups are off (backup/backup = 0, -A n):
 * once a command, where LVM2 gives up the VG's lock after its change
 * (for_each_vg after each VG, the end of the command, before a poll). */
void vg_backup_warn(struct ctx *c);
/* A change was made (a commit, or what LVM2 commits, as vgremove's LVs):
 * with backups off, the warning is owed. */
void vg_backup_owed(struct ctx *c);
/* vgcfgbackup's: the backup file whatever backup/backup says (LVM2's
 * backup_enable(cmd, 1) before its backup()); not in test mode. */
int vg_backup_forced(struct ctx *c, const struct vg *vg);
int vg_archive(struct ctx *c, const struct vg *vg);

#endif
