#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lvmgr/base/testhook.h"

/* Does want ("STEP" or "STEP#N") name step, at its Nth hit (*hits)? */
static bool wanted(const char *want, const char *step, unsigned *hits)
{
	const char *hash;
	if (!want)
		return false;
	size_t len = (hash = strchr(want, '#')) ? (size_t)(hash - want) : strlen(want);
	if (strlen(step) != len || strncmp(want, step, len))
		return false;
	unsigned long nth = hash ? strtoul(hash + 1, NULL, 10) : 1;
	return ++*hits == nth;
}

void test_pause_at(const char *step)
{
	static unsigned hits;
	if (wanted(getenv("LVMGR_TEST_PAUSE"), step, &hits))
		raise(SIGSTOP);
}

void test_abort_at(const char *step)
{
	static unsigned hits;
	if (getenv("LVMGR_TEST_STEPS"))	/* which steps a command goes through */
		fprintf(stderr, "lvmgr: test step %s\n", step);
	test_pause_at(step);
	if (wanted(getenv("LVMGR_TEST_ABORT"), step, &hits))
		kill(getpid(), SIGKILL);
}
