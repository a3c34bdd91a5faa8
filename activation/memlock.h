/* The process's memory locked while it has devices suspended (LVM2's
 * critical section, lib/mm/memlock.c): a page of lvmgr, libc or
 * libdevmapper evicted, or an anonymous page swapped out, would have to
 * be read back from disk while the command holds a device suspended; if
 * that disk is the suspended LV (the root file system or swap on the
 * origin being snapshotted) the command, and its I/O, wait forever.
 *
 * The kernel backend calls memlock_enter before each suspend and
 * memlock_leave when a device it suspended is resumed or removed (or the
 * suspend failed); the first enter locks, the last leave unlocks. Safe
 * from several threads. */
#ifndef LVMGR_ACT_MEMLOCK_H
#define LVMGR_ACT_MEMLOCK_H

#include <stdbool.h>
#include <stddef.h>

/* lvm.conf's activation settings (LVM2's names and defaults):
 * use_mlockall: mlockall(MCL_CURRENT | MCL_FUTURE), every page of every
 *   mapping faulted in and locked;
 * else (default): the pages already in memory stay there and each new one
 *   is locked when first touched (mlockall with MCL_ONFAULT), and every
 *   file mapping (the code and read-only data of the binary and its
 *   libraries) is faulted in and locked whole, but for those whose line in
 *   /proc/self/maps contains a string of filter (mlock_filter; NULL:
 *   LVM2's built-in list: locale files and the libraries not used while
 *   devices are suspended);
 * reserved_stack: KiB of the calling thread's stack touched first;
 * priority: the nice value while locked (process_priority; only raised). */
struct memlock_conf {
	bool use_mlockall;
	const char *const *filter;
	unsigned n_filter;
	long reserved_stack_kb;
	int priority;
};

/* Before a command may suspend (the filter's strings must stay valid). */
void memlock_configure(const struct memlock_conf *c);
void memlock_enter(void);
void memlock_leave(void);
/* Is the memory locked now (tests and -vvvv)? */
bool memlock_locked(void);
/* One /proc/self/maps line: is it a mapping locked whole (a readable file
 * mapping no filter string matches)? (exposed for the unit tests) */
bool memlock_map_wanted(const char *line, const char *const *filter, unsigned n_filter);

#endif
