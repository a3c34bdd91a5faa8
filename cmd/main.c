/* lvmgr: one multi-call binary. `lvmgr <command> ...`, or called through a
 * link named like the command (pvcreate -> lvmgr pvcreate). */
#include <stdio.h>
#include <string.h>

#include "cmd/command.h"

int main(int argc, char **argv)
{
	return cmd_main(argc, argv);
}
