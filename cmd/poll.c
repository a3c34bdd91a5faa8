/* lvconvert -b: a detached poller finishes what the command started, as
 * LVM2 does without lvmpolld (global/use_lvmpolld = 0; tools/polldaemon.c
 * forks one per command with become_daemon: its own session, stdio on
 * /dev/null). lvmgr's poller is this program again, started through
 * /proc/self/exe with its mode in the environment (LVMGR_POLL), so it
 * reads the VG fresh and runs the command's own code: a snapshot merge
 * (cmd/snapshot.c) and a mirror conversion (cmd/lvconvert_raid.c) each
 * say what waiting and finishing mean. Lock files are close-on-exec: the
 * poller waits for nothing the command holds. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd/common.h"
#include "cmd/poll.h"

#define POLL_ENV "LVMGR_POLL"

enum poll_mode poll_mode_take(void)
{
	const char *m = getenv(POLL_ENV);
	enum poll_mode r = !m ? POLL_NONE : !strcmp(m, "finish") ? POLL_FINISH : POLL_WAIT;
	unsetenv(POLL_ENV);
	return r;
}

static void exec_self(enum poll_mode mode, const char *opt, const char *vgname, const char *lvname,
		      const char *interval)
{
	char lv[2 * NAME_LEN + 2];
	const char *argv[8];
	int n = 0;
	snprintf(lv, sizeof(lv), "%s/%s", vgname, lvname);
	argv[n++] = "lvmgr";
	argv[n++] = "lvconvert";
	if (opt)
		argv[n++] = opt;
	if (interval) {
		argv[n++] = "-i";
		argv[n++] = interval;
	}
	argv[n++] = lv;
	argv[n] = NULL;
	if (mode == POLL_NONE)
		unsetenv(POLL_ENV);
	else
		setenv(POLL_ENV, mode == POLL_FINISH ? "finish" : "poll", 1);
	execv("/proc/self/exe", (char *const *)argv);
}

void poll_spawn(const char *opt, const char *vgname, const char *lvname, unsigned interval, bool wait_first)
{
	fflush(stdout);
	fflush(stderr);
	pid_t p = fork();
	if (p < 0) {
		log_warn("Failed to fork the poller of %s/%s: %s (lvconvert %s%s%s/%s finishes it).", vgname,
			 lvname, strerror(errno), opt ? opt : "", opt ? " " : "", vgname, lvname);
		return;
	}
	if (p > 0) {
		waitpid(p, NULL, 0);
		return;
	}
	setsid();
	if (fork() != 0)
		_exit(0);	/* the poller is nobody's child */
	int fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
	}
	char iv[16];
	snprintf(iv, sizeof(iv), "%s%u", wait_first ? "+" : "", interval ? interval : 1);
	exec_self(POLL_WAIT, opt, vgname, lvname, iv);
	_exit(127);
}

int poll_exec(enum poll_mode mode, const char *opt, const char *vgname, const char *lvname)
{
	fflush(stdout);
	fflush(stderr);
	exec_self(mode, opt, vgname, lvname, NULL);
	return -errno;
}

bool poll_wait_first(const struct cmd *c)
{
	return arg_is_set(c, ARG_INTERVAL) && arg_str(c, ARG_INTERVAL, "")[0] == '+';
}
