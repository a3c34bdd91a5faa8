/* A test hook: LVMGR_TEST_ABORT=<step> makes the command kill itself
 * (SIGKILL, as kill -9 would) when it reaches the named step, so tests can
 * check that the next command recovers from a crash at that point. Steps:
 * "snap-cow-committed", "snap-cow-zeroed", "snap-committed" (lvcreate -s),
 * "suspended" (a device tree run with its devices suspended). */
#ifndef LVMGR_BASE_TESTHOOK_H
#define LVMGR_BASE_TESTHOOK_H

void test_abort_at(const char *step);

#endif
