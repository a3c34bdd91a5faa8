/* lvm's informational commands: version, segtypes, formats, in LVM2's
 * layout (scripts parse "LVM version:"). */
#include <stdio.h>
#include <string.h>

#include "cmd/command.h"
#include "metadata/segtypes/segtype.h"

void cmd_print_version(void)
{
	/* LVM2: "  LVM version:     2.03.16(2) (2022-05-18)"; the third word
	 * is the version for `awk '/LVM version/ { print $3 }'`. */
	printf("  LVM version:     %s (lvmgr, LVM2 2.03 compatible)\n", LVMGR_VERSION);
	printf("  Configuration:   lvmgr: metadata format lvm2 (text, LVM2 2.03)\n");
}

int cmd_version(struct cmd *c)
{
	(void)c;
	cmd_print_version();
	return ECMD_PROCESSED;
}

/* The segment types lvmgr has a descriptor for, "linear" first as LVM2
 * lists it (linear is striped with one stripe). */
int cmd_segtypes(struct cmd *c)
{
	(void)c;
	printf("  linear\n");
	for (unsigned i = 0; segtype_at(i); i++)
		if (segtype_at(i) != &segtype_unknown)
			printf("  %s\n", segtype_at(i)->name);
	return ECMD_PROCESSED;
}

int cmd_formats(struct cmd *c)
{
	(void)c;
	printf("  lvm2\n");
	return ECMD_PROCESSED;
}

/* -M|--metadatatype: lvm2 is the only format (LVM2 2.03 refuses 1 and
 * lvm1 as an invalid argument, as args.def's words do). vgconvert is
 * LVM2 2.03's stub (tools/stub.h): its options parse, it converts nothing. */
int cmd_vgconvert(struct cmd *c)
{
	(void)c;
	log_error("The vgconvert command has been removed along with the lvm1 format.");
	log_error("Use a previous version of lvm to convert the lvm1 format to lvm2.");
	return ECMD_FAILED;
}
