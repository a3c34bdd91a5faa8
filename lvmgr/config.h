/* lvm.conf: the effective configuration of one command.
 *
 * Sources, highest priority first: --config strings (in order given, later
 * ones win), lvmlocal.conf, lvm.conf. The directory is $LVM_SYSTEM_DIR or
 * /etc/lvm, as LVM2. A missing lvm.conf is not an error (defaults apply);
 * an unparsable one is (error names the file and line). Unknown settings are
 * ignored. Every setting lvmgr reads has one entry in the defaults table
 * (config_defaults.c: path, type, default, one-line comment), which also
 * drives `lvmgr config --type default|full`. */
#ifndef LVMGR_CONFIG_H
#define LVMGR_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "lvmgr/base/util.h"
#include "metadata/cft.h"

struct config;

int config_load(struct arena *a, const char *system_dir, const char *const *overrides,
		size_t n_overrides, struct config **out);
/* The directory actually used (for backup/archive default paths). */
const char *config_system_dir(const struct config *c);

/* Effective value: the first source that sets path with the right type,
 * else the table default. A path missing from the defaults table is a
 * programming error (assert). */
int64_t config_int(const struct config *c, const char *path);
bool config_bool(const struct config *c, const char *path);	/* int != 0 */
const char *config_str(const struct config *c, const char *path);
/* Array settings (devices/filter, ...): the node of the highest-priority
 * source that sets it, or NULL (then the table default applies: NULL means
 * unset/empty). */
const struct cft_node *config_node(const struct config *c, const char *path);
/* An array setting's effective value: the highest-priority source's (a
 * single string there counts as a one-item array), else the table default;
 * NULL when neither exists (devices/types unset). */
const struct cft_value *config_array(const struct config *c, const char *path);

enum config_print_type { CONFIG_CURRENT, CONFIG_DEFAULT, CONFIG_FULL };
/* `lvmgr config`: print current (merged sources as set), default (the
 * table) or full (defaults overlaid with what is set), optionally limited
 * to the given paths (sections or keys). -ENOENT with an error message if a
 * requested path is unknown. Output in lvm.conf syntax, tab indented. */
int config_print(const struct config *c, enum config_print_type type, const char *const *paths,
		 size_t n_paths, struct strbuf *out);

#endif
