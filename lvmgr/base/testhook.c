#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lvmgr/base/testhook.h"

void test_abort_at(const char *step)
{
	const char *want = getenv("LVMGR_TEST_ABORT");
	if (want && !strcmp(want, step))
		kill(getpid(), SIGKILL);
}
