#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lvmgr/base/testhook.h"

void test_abort_at(const char *step)
{
	/* "STEP" or "STEP#N": the Nth time the command reaches STEP */
	static unsigned hits;
	const char *want = getenv("LVMGR_TEST_ABORT"), *hash;
	if (getenv("LVMGR_TEST_STEPS"))	/* which steps a command goes through */
		fprintf(stderr, "lvmgr: test step %s\n", step);
	if (!want)
		return;
	size_t len = (hash = strchr(want, '#')) ? (size_t)(hash - want) : strlen(want);
	if (strlen(step) != len || strncmp(want, step, len))
		return;
	unsigned long nth = hash ? strtoul(hash + 1, NULL, 10) : 1;
	if (++hits == nth)
		kill(getpid(), SIGKILL);
}
