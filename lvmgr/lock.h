/* Locking with flock on files in LVM2's lock directory and naming, so that
 * lvmgr and LVM2 commands exclude each other: the directory is the
 * global/locking_dir setting (default /run/lock/lvm), VG locks are "V_<vg>",
 * the global lock "P_global" (as LVM2 2.03). Shared for readers, exclusive
 * for writers. */
#ifndef LVMGR_LOCK_H
#define LVMGR_LOCK_H

#include <stdbool.h>

enum lock_mode { LOCK_SHARED, LOCK_EXCL };

struct lock_set;	/* all locks a command holds; released at exit */

struct lock_set *lock_set_new(const char *lock_dir, bool wait, unsigned timeout_sec);
/* Lock a VG ("V_name") or the global lock (name NULL -> "P_global").
 * Re-locking an already held name upgrades/keeps it. Returns 0, -EAGAIN if
 * the lock is busy and not waiting (error message names the holder file), or
 * -errno (message says why, e.g. the directory cannot be created). */
int lock_vg(struct lock_set *ls, const char *vgname, enum lock_mode mode);
int lock_global(struct lock_set *ls, enum lock_mode mode);
void lock_vg_release(struct lock_set *ls, const char *vgname);
void lock_set_free(struct lock_set *ls);	/* releases all; accepts NULL */

#endif
