/* The table of lvm.conf settings lvmgr knows (private to config.c and the
 * table itself). Defaults are LVM2 2.03's, as `lvmconfig --type default`
 * prints them. */
#ifndef LVMGR_CONFIG_DEFAULTS_H
#define LVMGR_CONFIG_DEFAULTS_H

#include <stddef.h>

enum config_type { CONFIG_SECTION, CONFIG_INT, CONFIG_BOOL, CONFIG_STRING, CONFIG_ARRAY };

#define CONFIG_F_OCTAL 1u	/* default printed in octal (umask=077) */
#define CONFIG_F_SYSDIR 2u	/* default string is relative to the system dir */
#define CONFIG_F_NO_PRINT 4u	/* default is worked out at use; not printed */
#define CONFIG_F_COMMENTED 8u	/* section: LVM2 prints it commented out */

struct config_def {
	const char *path;	/* "devices/scan", or a section: "metadata" */
	enum config_type type;
	const char *def;	/* default in lvm.conf syntax; NULL: none */
	unsigned flags;
	const char *comment;
};

extern const struct config_def config_defs[];
extern const size_t config_n_defs;

/* The entry for path (a setting or a section), or NULL. */
const struct config_def *config_def_find(const char *path);

#endif
