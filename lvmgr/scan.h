/* Finding PVs and VGs: one scan per command. Labels of all candidate
 * devices are read concurrently (libaio), then their metadata area headers,
 * then the metadata texts; identical copies are parsed once. */
#ifndef LVMGR_SCAN_H
#define LVMGR_SCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "lvmgr/io/dev.h"
#include "metadata/label.h"
#include "metadata/mda.h"

struct scan_mda {
	uint64_t start, size;	/* from the label */
	bool hdr_ok;
	struct mda_header hdr;
	bool ignored;		/* RAW_LOCN_IGNORED */
	bool text_ok;		/* committed text read and checksum good */
	char err[256];		/* why the header or text is unusable */
	const char *text;	/* arena; NUL-terminated */
	uint64_t text_len;	/* without the NUL */
	uint32_t text_crc;
	bool superseded;	/* holds an exported VG another VG owns the PV of (vgio.c) */
	int cache_slot;		/* VG cache slot + 1 the text was taken from (0: read from the disk) */
	/* Peeked from the text without a full parse: */
	const char *vgname;
	char vgid[ID_LEN + 1];
	uint64_t seqno;
};

struct scan_dev {
	struct device dev;
	bool labelled;		/* a valid label */
	bool label_bad;		/* LABELONE there but invalid */
	char label_err[256];
	struct pv_label label;
	struct scan_mda mda[2];
	unsigned n_mda;
	bool md_component, mpath_component;	/* skipped as LVM2 does */
	bool warned;		/* its problems were reported */
	/* The same PV on several devices (pvdups.c): an unused duplicate is
	 * not labelled any more; the one used has has_dups. */
	bool duplicate, has_dups, warned_dup;
	struct scan_dev *dup_of;	/* duplicate: the device used instead */
	const char *dup_reason;		/* has_dups: why it is the one (LVM2's words) */
	const char *claimed_by;	/* VG listing this PV (PVs without own metadata) */
	dev_t loop_rdev;	/* image files: the loop device backing it, once known */
	const char *lv_uuid;	/* an LV's device (devices/scan_lvs = 1): its dm uuid */
	int direct_fd;		/* O_DIRECT fd for the concurrent scan reads, or -1 */
	/* The device's first SCAN_HEAD_SIZE bytes (fewer on a small one), while
	 * the scan reads labels and headers: the label, the md superblock
	 * at the start and, usually, the first metadata area header. */
	uint8_t *head;
	size_t head_len;
};
/* Sectors 0-8: the label (sectors 0-3), an md superblock at 4 KiB and
 * the header of a metadata area at 4 KiB, where pvcreate puts the first. */
#define SCAN_HEAD_SIZE 4608

struct ctx;
/* Close the scanned devices that are LVs of the VG whose dm uuids start
 * with prefix ("LVM-<vgid>"; devices/scan_lvs = 1) before it is
 * deactivated: our own descriptor would keep the LV "in use" (LVM2
 * closes its devices too). */
void scan_close_lv_devs(struct ctx *c, const char *prefix);
/* Scan the candidate devices: --devices if given, else block devices under
 * devices/scan passing the filters, plus the image files registered by
 * pvcreate, plus extra (paths a command names). Safe to call again: the
 * second call only adds extra paths not yet scanned. */
int scan_devices(struct ctx *c, const char *const *extra, unsigned n_extra);
/* Is path a block device that devices/global_filter or devices/filter
 * rejects? Image files, and everything when --devices is given, are never
 * rejected. A named extra path rejected this way is not scanned, as LVM2. */
bool scan_filter_rejects(struct ctx *c, const char *path);
/* Say why a device named for a PV report holds none, in LVM2's words:
 * rejected by the filters (under any of its names), or no PV. */
void scan_log_no_pv(struct ctx *c, const char *path);
/* The scanned device for a path (same device, by dev_same), or NULL. */
struct scan_dev *scan_find(struct ctx *c, const char *path);
/* Reopen a scanned device read-write. */
int scan_dev_rw(struct ctx *c, struct scan_dev *sd);
/* Repair in memory: an empty, valid header where an unreadable one was
 * (the next commit writes it). */
void scan_mda_reset(struct scan_mda *md);
/* Re-read one device's label and metadata (after a write). */
int scan_dev_reread(struct ctx *c, struct scan_dev *sd);

/* Image files registered as PVs: <system_dir>/devices/lvmgr-images. */
int images_add(struct ctx *c, const char *path);
int images_remove(struct ctx *c, const char *path);

/* The first line of a small sysfs file, without its newline (three
 * system calls, no stdio: this runs for every device the filters accept).
 * false when it cannot be read or is empty. */
bool scan_sys_line(const char *path, char *buf, size_t len);

#endif
