/* A test hook: LVMGR_TEST_ABORT=<step> makes the command kill itself
 * (SIGKILL, as kill -9 would) when it reaches the named step, so tests can
 * check that the next command recovers from a crash at that point;
 * <step>#N: the Nth time it gets there. Steps: "committed" (any metadata
 * commit done), "dm-created" (a device tree run with its new devices
 * made and loaded, before any suspension), "suspended" (a device tree run
 * with its devices suspended), "snap-cow-zeroed" (inside the commit, its
 * text written but not live), "snap-committed" (lvcreate -s),
 * "snap-remove-deactivated",
 * "snap-remove-committed" (lvremove of a snapshot), "merge-committed",
 * "merge-poller" (lvconvert --merge), "mirror-poller" (lvconvert -b of a
 * mirror, in sync, before the finish), "thin-<step>" (the pool's message
 * steps, lvmgr/thin_msg.c). LVMGR_TEST_STEPS=1 prints
 * "lvmgr: test step <step>" on stderr at each step reached.
 * LVMGR_TEST_PAUSE=<step>[#N] stops the process there instead (SIGSTOP:
 * a test looks at it, then sends SIGCONT), at the steps above and at
 * "resumed" (a device tree run that suspended devices, all resumed). */
#ifndef LVMGR_BASE_TESTHOOK_H
#define LVMGR_BASE_TESTHOOK_H

void test_abort_at(const char *step);
void test_pause_at(const char *step);

#endif
