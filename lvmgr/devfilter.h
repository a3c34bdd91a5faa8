/* Which devices lvmgr may use: lvm.conf filters, device types, and the
 * devices that belong to something else (md arrays, multipath maps, other
 * signatures). */
#ifndef LVMGR_DEVFILTER_H
#define LVMGR_DEVFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lvmgr/io/io.h"
#include "lvmgr/base/util.h"
#include "metadata/cft.h"

/* ---- LVM2 regex filters: [ "a|^/dev/sd.*|", "r|.*|" ] ---- */
struct dev_filter;
/* From an array value (or NULL: accept all), in arena a. The first
 * character after a/r is the delimiter, as LVM2; the expression between is
 * in LVM2's dialect (lvmgr/base/rx.h). -EINVAL with err naming the bad
 * entry and why. */
int dev_filter_new(struct arena *a, const struct cft_value *array, struct dev_filter **out,
		   char *err, size_t errlen);
/* First pattern matching the path decides; no match = accept (LVM2).
 * NULL filter accepts everything. */
bool dev_filter_accepts(const struct dev_filter *f, const char *path);
/* The same per name: 1 accepted, 0 rejected, -1 no pattern matches. A
 * device is judged on all its names (lvmgr/devnames.h). */
int dev_filter_match(const struct dev_filter *f, const char *path);
/* Has f an "a" pattern (else no name of a device can be accepted)? */
bool dev_filter_can_accept(const struct dev_filter *f);

/* ---- foreign signatures (libblkid) ---- */
struct dev_signature {
	char type[32];	/* "ext4", "dos", "linux_raid_member", "LVM2_member", ... */
	char usage[16];	/* "filesystem", "raid", "partition table", ... */
	uint64_t offset;	/* magic offset, bytes */
	uint64_t len;	/* magic length, bytes */
};
/* Probe superblocks and partition tables. Returns the number found (up to
 * max) or -errno. */
int devsig_probe(const char *path, struct dev_signature *sigs, size_t max);
/* Probe these paths now, from several threads (libblkid's probes read each
 * device ~90 times, mostly waiting): the next devsig_probe of each path uses
 * the result once. Failures are left to devsig_probe, which reports them. */
void devsig_prefetch(const char *const *paths, unsigned n);
/* The same within [offset, offset + size) of path (an LV's area on a PV);
 * offsets returned are relative to offset. */
int devsig_probe_range(const char *path, uint64_t offset, uint64_t size, struct dev_signature *sigs,
		       size_t max);
/* Zero the magic bytes of each signature through io (so a later probe finds
 * none). 0 or -errno, the cause logged, or put in err when that is not NULL
 * (from a worker thread). */
int devsig_wipe(struct io_engine *io, int fd, const struct dev_signature *sigs, size_t n, char *err,
		size_t errlen);

/* ---- components of other stacks, skipped as LVM2 does ---- */
/* A member of an md array (libblkid "linux_raid_member" signature or
 * /sys/block/X/md or holders md*). */
bool dev_is_md_component(const char *path);
/* The same from signatures devsig_probe found on path already (n < 0: none). */
bool dev_md_component_of(const char *path, const struct dev_signature *sigs, int n);
/* A path of a multipath map: a dm holder with a "mpath-" uuid, or its wwid
 * listed in /etc/multipath/wwids. */
bool dev_is_mpath_component(const char *path);
/* The same with devices/multipath_wwids_file given ("" disables it). */
bool dev_is_mpath_component_wwids(const char *path, const char *wwids_file);
/* The same for an open block device, by its device number. */
bool dev_is_mpath_component_rdev(dev_t rdev);
/* Is this device-mapper uuid a multipath map's ("mpath-...")? */
bool dm_uuid_is_mpath(const char *uuid);
/* Whether a multipath map may exist, from a listing of every block device
 * and the uuid of each device-mapper device the caller made (saves
 * listing them again); true when it could not tell. */
void dev_note_mpath_maps(bool present);
/* Whether dev_is_mpath_component_rdev can find anything: a multipath map
 * exists or /etc/multipath/wwids does. */
bool dev_mpath_components_possible(void);
/* Is a sysfs wwid ("naa.600...") listed in a multipath wwids file (lines
 * "/3600.../")? Matched as LVM2 does: type prefix and '3' dropped. */
bool mpath_wwid_listed(const char *sys_wwid, const char *wwids_file);

#endif
