/* Messages to syslog for --journal output: journald reads /dev/log, so a
 * command run from a udev rule leaves its messages in the journal (as
 * LVM2's sd_journal_print does) without linking libsystemd. This file
 * does not include util.h: <syslog.h> defines LOG_DEBUG and friends. */
#include <stdarg.h>
#include <syslog.h>

void log_journal_v(int lvl, const char *fmt, va_list ap);

void log_journal_v(int lvl, const char *fmt, va_list ap)
{
	static int opened;
	if (!opened) {
		openlog("lvmgr", LOG_PID, LOG_DAEMON);
		opened = 1;
	}
	/* util.h: 0 error, 1 warning, 2 message */
	vsyslog(lvl == 0 ? LOG_ERR : lvl == 1 ? LOG_WARNING : LOG_INFO, fmt, ap);
}
