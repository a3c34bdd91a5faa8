/* The context of one command: configuration, I/O engines, locks, the scan,
 * and the arena everything is allocated from. */
#ifndef LVMGR_CTX_H
#define LVMGR_CTX_H

#include <stdbool.h>

#include "lvmgr/config.h"
#include "lvmgr/io/io.h"
#include "lvmgr/lock.h"
#include "lvmgr/base/util.h"

struct scan_dev;
struct dev_filter;
struct vg_src;
struct dmk_dev;
struct devnames;

struct ctx {
	struct arena arena;
	struct config *cfg;
	struct io_engine *io;		/* writes and single reads */
	struct io_engine *mda_io;	/* labels and metadata areas written: io, or the
					 * fault hook LVMGR_TEST_MDA_FAULT over it (io/mdafault.h) */
	struct io_engine *scan_io;	/* batched reads, synchronous */
	struct io_engine *aio_io;	/* batched reads of many devices: libaio, made on demand */
	struct io_engine *thr_io;	/* scanning many devices: worker threads */
	struct lock_set *locks;
	struct dev_filter *filter, *global_filter;
	struct devnames *names;		/* the names of block devices (devnames.c), made on demand */
	const char *const *devices;	/* --devices: only these */
	unsigned n_devices;
	bool test;			/* -t/--test: change nothing on disk */
	bool no_backup;			/* -A n: no backup file after a change */
	/* A commit made no backup file (backup/backup = 0 or -A n): LVM2's
	 * warning is owed, printed once a command (vg_backup_warn). */
	bool backup_owed, backup_warned;
	bool repair;			/* vgck --updatemetadata, vgcfgrestore: damaged areas may be overwritten */
	bool handles_missing_pvs;	/* lvconvert --repair: a VG with missing PVs is written to the others (LVM2's cmd->handles_missing_pvs) */
	const char *cmdline;		/* for metadata descriptions */
	/* scan results */
	struct scan_dev **devs;
	unsigned n_devs, cap_devs;
	bool scanned;
	bool sys_listed;		/* every block device listed (scan.c) ... */
	bool sys_has_md;		/* ... and an md array among them */
	bool claims_built;		/* scan_dev.claimed_by filled */
	bool vgs_listed;		/* vg_list ran: superseded copies marked (vgio.c) */
	bool allow_exported;		/* the command works on exported VGs (cmd/vgexport.c) */
	bool allow_dup_pvs;		/* vgimportclone: its devices are copies (pvdups.c) */
	struct vg_src *vg_srcs;		/* VGs read -> their text (vgio.c) */
	unsigned n_read_entries;	/* VG cache entries written for VGs only read (vgio.c) */
	/* activation (activate.c) */
	bool dm_listed;
	struct dmk_dev *dm_devs;
	unsigned n_dm_devs;
	int hold_fds[64];		/* loop devices kept open until dm holds them */
	unsigned n_hold;
	/* dm devices created (with the VG/LV they are, for the /dev links):
	 * undone on failure; in the arena, grown by doubling */
	struct act_created {
		const char *dm, *uuid, *vg, *lv;	/* lv NULL: a layer */
		unsigned height;		/* layers below it: removed after those above */
	} *created;
	unsigned n_created, cap_created;
	/* Device removals left running while the command goes on
	 * (deact_lv_top_start); act_wait_removals joins them. */
	struct act_removal *removals;
	/* Called by the commit once its new text is written and flushed but
	 * before it is made live, where the commit can still be dropped:
	 * non-zero drops it (nothing committed). NULL: none. lvremove sets
	 * it to wait for a snapshot's removal, which overlaps the commit's
	 * writing; lvcreate -s to zero the new COW's header. */
	int (*commit_gate)(struct ctx *c, void *arg);
	void *commit_gate_arg;
};

/* Set up from the parsed common options. -errno with the message logged. */
int ctx_init(struct ctx *c, const char *const *config_overrides, unsigned n_overrides);
void ctx_free(struct ctx *c);

#endif
