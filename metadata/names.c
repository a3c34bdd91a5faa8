/* Names of VGs and LVs: the syntax the metadata text may hold, and the
 * rule for the names commands give new or renamed VGs and LVs (one rule,
 * asked by every command that names one; LVM2's lib/misc/lvm-string.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "metadata/vg.h"

int name_check(const char *name, const char *what, char *err, size_t errlen)
{
	size_t len = strlen(name);

	if (!len) {
		snprintf(err, errlen, "%s name is empty", what);
		return -EINVAL;
	}
	if (len >= NAME_LEN) {
		snprintf(err, errlen, "%s name \"%.32s...\" is too long (%zu characters, at most %d)", what,
			 name, len, NAME_LEN - 1);
		return -EINVAL;
	}
	if (name[0] == '-') {
		snprintf(err, errlen, "%s name \"%s\" must not begin with a hyphen", what, name);
		return -EINVAL;
	}
	if (!strcmp(name, ".") || !strcmp(name, "..")) {
		snprintf(err, errlen, "%s name \"%s\" is reserved", what, name);
		return -EINVAL;
	}
	for (const char *p = name; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '+' || c == '_' || c == '.' || c == '-')) {
			snprintf(err, errlen, "%s name \"%s\" has invalid character '%s%c' (allowed: A-Z a-z 0-9 + _ . -)",
				 what, name, (unsigned char)c < 32 ? "\\x" : "", (unsigned char)c < 32 ? '?' : c);
			return -EINVAL;
		}
	}
	return 0;
}

int vg_name_check(const char *name, char *err, size_t errlen)
{
	/* LVM2 2.03 reserves no VG name: /dev/<name> existing is what
	 * refuses "mapper" or "null" (the command checks it). */
	return name_check(name, "VG", err, errlen);
}

/* LVM2 2.03's lists, in its order (the first match is the one named):
 * LVs it makes inside others carry these, so a user's LV must not. */
static const char *const reserved_prefixes[] = {"pvmove", "snapshot"};
static const char *const reserved_fragments[] = {
	/* component LVs */
	"_cdata", "_cmeta", "_corig", "_cpool", "_cvol", "_wcorig", "_mimage", "_mlog", "_rimage",
	"_rmeta", "_tdata", "_tmeta", "_vdata", "_imeta", "_iorig",
	/* other LVs of LVM2's */
	"_pmspare", "_vorigin",
};

/* The reserved prefix (*prefix true) or fragment name holds, or NULL. */
static const char *lv_name_reserved(const char *name, bool *prefix)
{
	for (size_t i = 0; i < ARRAY_SIZE(reserved_prefixes); i++)
		if (!strncmp(name, reserved_prefixes[i], strlen(reserved_prefixes[i]))) {
			*prefix = true;
			return reserved_prefixes[i];
		}
	for (size_t i = 0; i < ARRAY_SIZE(reserved_fragments); i++)
		if (strstr(name, reserved_fragments[i])) {
			*prefix = false;
			return reserved_fragments[i];
		}
	return NULL;
}

int lv_name_check(const struct vg *vg, const char *name, char *err, size_t errlen)
{
	return lv_name_check_in(vg, vg ? vg->name : NULL, name, err, errlen);
}

int lv_name_check_in(const struct vg *vg, const char *vgname, const char *name, char *err, size_t errlen)
{
	bool prefix;
	const char *s;
	int r = name_check(name, "LV", err, errlen);
	if (r)
		return r;
	/* "VG-LV" (hyphens doubled) must fit a dm name: LVM2's vg_validate
	 * refuses strlen(lv) + strlen(vg) + 3 >= NAME_LEN, whatever the
	 * command (its lvrename words the same limit this way). */
	if (vgname && strlen(name) + strlen(vgname) + 3 >= NAME_LEN) {
		snprintf(err, errlen, "New logical volume name \"%s\" may not exceed %zu characters.", name,
			 (size_t)NAME_LEN - strlen(vgname) - 4);
		return -EINVAL;
	}
	if ((s = lv_name_reserved(name, &prefix))) {
		snprintf(err, errlen, "Names %s \"%s\" are reserved. Please choose a different LV name.",
			 prefix ? "starting" : "including", s);
		return -EPERM;
	}
	if (vg && vg_find_lv(vg, name)) {
		snprintf(err, errlen, "Logical Volume \"%s\" already exists in volume group \"%s\"", name,
			 vg->name);
		return -EEXIST;
	}
	return 0;
}
