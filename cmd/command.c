#include <stdio.h>
#include <string.h>

#include "cmd/command.h"

int cmd_main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "version")) {
		printf("lvmgr 0.1\n");
		return 0;
	}
	fprintf(stderr, "usage: lvmgr <command> [args]\n");
	return 3;
}
