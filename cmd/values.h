/* Typed option values: each option in cmd/args.def has one value type; the
 * parser checks a value once, as LVM2's tools/vals.h types do, and the
 * commands read the parsed value (arg_size, arg_uint, ... in command.h). */
#ifndef LVMGR_CMD_VALUES_H
#define LVMGR_CMD_VALUES_H

#include <stdbool.h>
#include <stdint.h>

enum val_type {
	VAL_NONE,	/* a flag, no value */
	VAL_STRING,	/* any text: a file, a setting, a field list */
	VAL_NAME,	/* a VG or LV name (the model checks it) */
	VAL_TAG,	/* a tag (checked where tags change) */
	VAL_NUMBER,	/* unsigned decimal */
	VAL_UINT32,	/* unsigned decimal up to 4294967295 (LVM2's uint32_VAL) */
	VAL_SIZE_KB,	/* Size[unit], default unit k */
	VAL_SIZE_MB,	/* Size[unit], default unit m */
	VAL_SSIZE_MB,	/* [+|-]Size[unit], default unit m */
	VAL_EXTENTS,	/* [+|-]Number[%VG|%FREE|%PVS|%ORIGIN|%LV] */
	VAL_BOOL,	/* y|n (yes|no) */
	VAL_ENUM,	/* one of the option's words ("r|rw") */
	VAL_ACTIVATE,	/* y|n|ay (and ey, en, ly, ln) */
	VAL_READAHEAD,	/* auto|none|Number (sectors) */
	VAL_UNITS,	/* --units letters (checked by the reports) */
	VAL_SNUMBER,	/* [+|-]Number */
	VAL_REGION_SIZE,	/* Size[unit], default m: a power of 2, whole pages (LVM2's region_size_arg) */
};

/* -l's percentage base. */
enum val_pct { PCT_NONE, PCT_VG, PCT_FREE, PCT_PVS, PCT_ORIGIN, PCT_LV };

/* A value as parsed: num holds sectors (sizes), the number (numbers,
 * extents), 0/1 (y|n, -a), the word's index (enums) or the read-ahead
 * (-2 auto, -1 none, sectors). */
struct val {
	uint64_t num;
	char sign;		/* '+', '-' or 0 */
	enum val_pct pct;
};

/* Parse s as type t (words: the enum's "a|b|c"); 0 or -EINVAL. Logs
 * nothing but what units_parse_size says about a size. */
int val_parse(enum val_type t, const char *words, const char *s, struct val *out);
/* A tag's characters (A-Z a-z 0-9 _ + . - / = ! : & #), 1 to 1024 of them:
 * LVM2's validate_tag, the one rule for every tag given or read. */
bool val_tag_valid(const char *t);

/* The value's name in a synopsis: "Size", "Number", "y|n", the words. */
const char *val_display(enum val_type t, const char *words);

/* Is w one of the words in "a|b|c"? Its index, or -1. */
int val_word_index(const char *words, const char *w);

#endif
