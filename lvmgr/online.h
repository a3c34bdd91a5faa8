/* The online files of event activation, as LVM2 2.03.16 writes and reads
 * them (lib/device/online.c, tools/pvscan.c), in the same run directory
 * (/run/lvm), so that lvmgr and LVM2 see each other's PVs and never both
 * activate one VG:
 *   pvs_online/<pvid>   "<major>:<minor>\nvg:<vgname>\ndev:<devname>\n"
 *                       (vg and dev may be absent): the PV is present
 *   vgs_online/<vg>     empty; created O_EXCL by the one pvscan that
 *                       completes the VG: the arbiter of its activation
 *   pvs_lookup/<vg>     "<pvid>\n" for each PV of a VG of several PVs, so
 *                       a PV without metadata can tell its VG is complete
 * The files come from other programs and are not trusted: one that does
 * not parse is ignored with a warning. Every function takes the run
 * directory (online_run_dir() for commands; tests pass their own). */
#ifndef LVMGR_ONLINE_H
#define LVMGR_ONLINE_H

#include <stdbool.h>

#include "metadata/label.h"

#define ONLINE_NAME_LEN 128	/* LVM2's NAME_LEN: longer fields are invalid */

struct online_pv {
	char pvid[ID_LEN + 1];
	int major, minor;
	char vgname[ONLINE_NAME_LEN];	/* "" when the file has none */
	char devname[ONLINE_NAME_LEN];	/* "" when the file has none */
};

/* $LVMGR_RUN_DIR if set (tests), else /run/lvm (LVM2's DEFAULT_RUN_DIR). */
const char *online_run_dir(void);
/* Make the directory and its three sub-directories (0755) if missing. */
int online_setup(const char *dir);
/* Remove every file of the three sub-directories (pvscan --cache of all
 * devices starts afresh, as LVM2). */
void online_clear(const char *dir);

/* Parse one pvs_online file (the PV id is its name). -EINVAL with a
 * warning when it holds no device numbers; a bad vg or dev field is
 * dropped with a warning, as LVM2. */
int online_pv_read(const char *dir, const char *pvid, struct online_pv *out);
/* Record a PV as present. 0: created, or already there for the same
 * device; -EEXIST: another device holds the PV id (a duplicate, logged);
 * -errno otherwise (logged). vgname and devname may be NULL. */
int online_pv_create(const char *dir, const char *pvid, int major, int minor, const char *vgname,
		     const char *devname);
bool online_pv_exists(const char *dir, const char *pvid);
/* A device went away: remove the PV files naming major:minor and the
 * vgs_online and pvs_lookup files of their VGs (so that the VG activates
 * again when it is complete again). */
void online_pv_remove_devno(const char *dir, int major, int minor);
/* The PVs recorded for vgname: the pvs_online files naming it, plus those
 * the VG's lookup file lists (PVs without metadata). *out is malloc'ed. */
int online_pvs_of_vg(const char *dir, const char *vgname, struct online_pv **out, unsigned *n);

/* 1: this call created vgs_online/<vg> (activate it); 0: it existed
 * (someone else did or does); -errno otherwise. */
int online_vg_create(const char *dir, const char *vgname);
void online_vg_remove(const char *dir, const char *vgname);

/* Write pvs_lookup/<vg> with the PV ids, unless it exists. 1: written,
 * 0: it existed (another pvscan wrote it first), -errno. */
int online_lookup_write(const char *dir, const char *vgname, const char *const *pvids, unsigned n);
/* Find the lookup file listing pvid: its VG name into vgname and how many
 * of its PVs have (and lack) a pvs_online file. 1 found, 0 not. */
int online_lookup_find(const char *dir, const char *pvid, char vgname[ONLINE_NAME_LEN],
		       unsigned *n_online, unsigned *n_offline);

#endif
