/* Typed option values (values.h): the one place a command line value is
 * checked, with LVM2's rules for each type. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd/values.h"
#include "lvmgr/base/util.h"
#include "lvmgr/base/units.h"

int val_word_index(const char *words, const char *w)
{
	size_t n = strlen(w);
	int i = 0;
	for (const char *p = words; p && *p; i++) {
		size_t l = strcspn(p, "|");
		if (l == n && !strncmp(p, w, n))
			return i;
		p += l + (p[l] == '|');
	}
	return -1;
}

static int parse_uint(const char *s, uint64_t *out)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end || errno)
		return -EINVAL;
	*out = v;
	return 0;
}

static int parse_extents(const char *s, struct val *out)
{
	/* LVM2's _get_percent_arg: any case, and its abbreviations */
	static const struct {
		const char *word;
		enum val_pct pct;
	} pct[] = {{"V", PCT_VG}, {"VG", PCT_VG}, {"L", PCT_LV}, {"LV", PCT_LV}, {"P", PCT_PVS},
		   {"PV", PCT_PVS}, {"PVS", PCT_PVS}, {"F", PCT_FREE}, {"FR", PCT_FREE}, {"FREE", PCT_FREE},
		   {"O", PCT_ORIGIN}, {"OR", PCT_ORIGIN}, {"ORIGIN", PCT_ORIGIN}};
	char *end;
	if (*s == '+' || *s == '-')
		out->sign = *s++;
	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	out->num = strtoull(s, &end, 10);
	if (errno)
		return -EINVAL;
	out->pct = PCT_NONE;
	if (!*end)
		return 0;
	if (*end++ != '%')
		return -EINVAL;
	for (unsigned i = 0; i < sizeof(pct) / sizeof(pct[0]); i++)
		if (!strcasecmp(end, pct[i].word)) {
			out->pct = pct[i].pct;
			return 0;
		}
	return -EINVAL;
}

/* LVM2's region_size_arg, with its messages. */
static int parse_region_size(const char *s, struct val *out)
{
	long page = sysconf(_SC_PAGESIZE);
	if (units_parse_size(s, 'm', &out->num, &out->sign))
		return -EINVAL;
	if (out->sign == '-') {
		log_error("Region size may not be negative.");
		return -EINVAL;
	}
	if (out->num > UINT32_MAX) {
		log_error("Region size is too big (max %u).", UINT32_MAX);
		return -EINVAL;
	}
	if (!out->num) {
		log_error("Region size may not be zero.");
		return -EINVAL;
	}
	if (page > 0 && out->num % ((uint64_t)page / 512)) {
		log_error("Region size must be a multiple of machine memory page size (%ld bytes).", page);
		return -EINVAL;
	}
	if (out->num & (out->num - 1)) {
		log_error("Region size must be a power of 2.");
		return -EINVAL;
	}
	return 0;
}

bool val_tag_valid(const char *t)
{
	size_t n = strlen(t);
	if (!n || n > 1024)
		return false;
	for (; *t; t++)
		if (!((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') || (*t >= '0' && *t <= '9') ||
		      strchr("_+.-/=!:&#", *t)))
			return false;
	return true;
}

int val_parse(enum val_type t, const char *words, const char *s, struct val *out)
{
	int i;

	memset(out, 0, sizeof(*out));
	switch (t) {
	case VAL_TAG:	/* LVM2's tag_arg: an '@' before it is dropped */
		return val_tag_valid(s + (*s == '@')) ? 0 : -EINVAL;
	case VAL_NONE:
	case VAL_STRING:
	case VAL_NAME:
	case VAL_UNITS:
		return 0;
	case VAL_NUMBER:
		/* LVM2's number_VAL takes a '+' sign (lvconvert -i+100), not a '-'. */
		return parse_uint(s + (*s == '+'), &out->num);
	case VAL_UINT32:
		return parse_uint(s + (*s == '+'), &out->num) || out->num > UINT32_MAX ? -EINVAL : 0;
	case VAL_SIZE_KB:
		return units_parse_size(s, 'k', &out->num, NULL) ? -EINVAL : 0;
	case VAL_SIZE_MB:
		return units_parse_size(s, 'm', &out->num, NULL) ? -EINVAL : 0;
	case VAL_SSIZE_MB:
		return units_parse_size(s, 'm', &out->num, &out->sign) ? -EINVAL : 0;
	case VAL_EXTENTS:
		return parse_extents(s, out);
	case VAL_BOOL:
		if ((i = val_word_index("n|y|no|yes", s)) < 0)
			return -EINVAL;
		out->num = (uint64_t)(i % 2);
		return 0;
	case VAL_ACTIVATE:
		/* LVM2's spellings (activation_arg): e(xclusive), s(hared) and
		 * l(ocal) activate as y on a single host without lvmlockd;
		 * a(uto) is y with the autoactivation rules (arg_autoactivate). */
		if ((i = val_word_index("n|y|en|ey|ne|ye|ln|ly|nl|yl|e|s|sy|ys|a|ay|ya", s)) < 0)
			return -EINVAL;
		out->num = i < 10 ? (uint64_t)(i % 2) : 1;
		return 0;
	case VAL_READAHEAD:
		if (!strcmp(s, "auto"))
			out->num = (uint64_t)-2;
		else if (!strcmp(s, "none"))
			out->num = (uint64_t)-1;
		/* LVM2's readahead_arg: a size, sectors without a unit ("64k": 128) */
		else if (units_parse_size(s, 's', &out->num, NULL) || out->num > UINT32_MAX)
			return -EINVAL;
		return 0;
	case VAL_ENUM:
		if ((i = val_word_index(words, s)) < 0)
			return -EINVAL;
		out->num = (uint64_t)i;
		return 0;
	case VAL_REGION_SIZE:
		return parse_region_size(s, out);
	case VAL_SNUMBER:
		if (*s == '+' || *s == '-')
			out->sign = *s++;
		return parse_uint(s, &out->num);
	}
	return -EINVAL;
}

const char *val_display(enum val_type t, const char *words)
{
	if (words)
		return words;
	switch (t) {
	case VAL_NONE:
		return "";
	case VAL_STRING:
		return "String";
	case VAL_NAME:
		return "Name";
	case VAL_TAG:
		return "Tag";
	case VAL_NUMBER:
	case VAL_UINT32:
		return "Number";
	case VAL_SIZE_KB:
	case VAL_SIZE_MB:
	case VAL_REGION_SIZE:
		return "Size";
	case VAL_SSIZE_MB:
		return "[+|-]Size";
	case VAL_SNUMBER:
		return "[+|-]Number";
	case VAL_EXTENTS:
		return "[+|-]Number[%VG|%FREE|%PVS]";
	case VAL_BOOL:
		return "y|n";
	case VAL_ACTIVATE:
		return "y|n|ay";
	case VAL_READAHEAD:
		return "auto|none|Number";
	case VAL_UNITS:
		return "Units";
	case VAL_ENUM:
		return "String";
	}
	return "";
}
