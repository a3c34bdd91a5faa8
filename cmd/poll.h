/* lvconvert's detached pollers (cmd/poll.c): -b of a snapshot merge and of
 * a mirror conversion that needs finishing. */
#ifndef LVMGR_CMD_POLL_H
#define LVMGR_CMD_POLL_H

#include <stdbool.h>

/* How this process was started: by a command (POLL_NONE), as a poller
 * that waits (POLL_WAIT), or as the poller's last step that finishes
 * (POLL_FINISH). Read once: the mode is dropped from the environment, so
 * nothing this process starts inherits it. */
enum poll_mode { POLL_NONE, POLL_WAIT, POLL_FINISH };
enum poll_mode poll_mode_take(void);

/* Fork a detached poller: "lvmgr lvconvert [OPT] -i [+]INTERVAL VG/LV" in
 * POLL_WAIT mode, in its own session, stdio on /dev/null; returns at
 * once (a failed fork is a warning: the next plain command finishes).
 * wait_first: the "+" of LVM2's -i +N (its wait_before_testing): the
 * poller sleeps an interval before its first look. */
void poll_spawn(const char *opt, const char *vgname, const char *lvname, unsigned interval, bool wait_first);
/* -i +N given (LVM2's polldaemon: interval_sign == SIGN_PLUS) */
struct cmd;
bool poll_wait_first(const struct cmd *c);

/* The poller's next step: this program again as "lvmgr lvconvert [OPT]
 * VG/LV" in mode (POLL_NONE: the plain command). Returns only on failure,
 * -errno. */
int poll_exec(enum poll_mode mode, const char *opt, const char *vgname, const char *lvname);

#endif
