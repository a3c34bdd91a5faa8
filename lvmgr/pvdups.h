/* One PV seen on several devices (a device-mapper map over a disk from its
 * sector 0 shows the disk's label twice, a copied disk...): one device is
 * used, the others are unused duplicates, as LVM2 2.03's lvmcache decides
 * (lib/cache/lvmcache.c, _choose_duplicates): the device an active LV
 * uses, else the one whose size is the PV's, else a device-mapper device,
 * else the one seen first. Each command that scans says so on stderr with
 * LVM2's two warnings; a VG with such a PV cannot be changed (unless
 * devices/allow_changes_with_duplicate_pvs) and the device cannot be
 * given to pvcreate, vgcreate or vgextend. */
#ifndef LVMGR_PVDUPS_H
#define LVMGR_PVDUPS_H

#include <stdbool.h>

struct ctx;
struct scan_dev;
struct vg;

/* Over the labelled devices scanned from c->devs[first] on (and those
 * before): mark the unused duplicates (no longer labelled) and warn. */
void pvdups_resolve(struct ctx *c, unsigned first);
/* Is the PV on sd also on another device? */
bool pvdups_has(const struct scan_dev *sd);
/* -EPERM with LVM2's message when vg has a PV with duplicates. */
int pvdups_check_vg(struct ctx *c, const struct vg *vg);

#endif
