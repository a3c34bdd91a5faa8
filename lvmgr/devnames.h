/* Names of block devices, as LVM2's device cache knows them
 * (lib/device/dev-cache.c, lib/filters/filter-regex.c): every block device
 * node or link under the devices/scan directories is a name of its device;
 * one is shown (devices/preferred_names, then LVM2's built-in order:
 * /dev/block/ < /dev/dm-N < /dev/disk/ < /dev/mapper/ < any other, then
 * fewer slashes, symlinks, ASCII); the filters try every name. /dev is
 * devices/dir (LVM2's test suite sets it to $DM_DEV_DIR; lvm itself reads
 * no DM_DEV_DIR variable).
 *
 * Cheap by default: the directories are walked once per command, and only
 * when a device's kernel name does not decide a filter, preferred_names is
 * set, or devices/scan or devices/dir are not the default "/dev" (then the
 * devices to scan are the walk's, as LVM2's). A device-mapper device is
 * shown as <dir>/mapper/NAME without a walk. */
#ifndef LVMGR_DEVNAMES_H
#define LVMGR_DEVNAMES_H

#include <stdbool.h>
#include <sys/types.h>

struct ctx;

/* Do devices/global_filter and devices/filter accept block device rdev,
 * known as path (rdev 0: stat path)? As LVM2's regex filter: a device
 * passes when one of its names is accepted (the first such name is then
 * shown, when preferred_names is unset), or no name matches a pattern. */
bool devnames_accepts(struct ctx *c, const char *path, dev_t rdev);
/* The name LVM2 shows for block device rdev (path: one of its names). */
const char *devnames_show(struct ctx *c, const char *path, dev_t rdev);
/* Is the set of devices the block devices found under devices/scan (not
 * the default "/dev")? Then devnames_known says which those are. */
bool devnames_scan_dirs_only(struct ctx *c);
bool devnames_known(struct ctx *c, dev_t rdev);
/* The directory for device nodes: devices/dir ("/dev"). */
const char *devnames_dir(struct ctx *c);
/* Forget the names (ctx_free; their memory is the context's arena). */
void devnames_free(struct ctx *c);

#endif
