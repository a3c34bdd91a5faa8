/* PV arguments of lvcreate/lvextend: "NAME[:RANGE]..." or "@TAG".
 *
 * LVM2's syntax (lib/metadata/pv_list.c): each RANGE is "A" (one extent),
 * "A-B", "A-" (to the end), "-B" (from 0), "A+N" (N extents from A; "A+0"
 * is one extent as in LVM2). Ranges are checked against the PV's size and
 * each other by alloc_extents, which knows the PV. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "allocator/alloc.h"

static bool parse_u64(const char **p, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	if (!isdigit((unsigned char)*s))
		return false;
	while (isdigit((unsigned char)*s)) {
		unsigned d = (unsigned)(*s++ - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*p = s;
	*out = v;
	return true;
}

/* One ":RANGE" starting at c (pointing at the ':'); advances *pc. */
static bool parse_range(const char **pc, struct alloc_range *r)
{
	const char *c = *pc;
	uint64_t len;
	if (*c != ':')
		return false;
	c++;
	if (*c == ':' || !*c)
		return false;
	r->start = 0;
	r->end = ALLOC_PE_END;
	if (isdigit((unsigned char)*c)) {
		if (!parse_u64(&c, &r->start))
			return false;
		if (!*c || *c == ':')
			r->end = r->start;
	}
	if (*c == '-') {
		c++;
		if (isdigit((unsigned char)*c) && !parse_u64(&c, &r->end))
			return false;
	} else if (*c == '+') {
		c++;
		if (isdigit((unsigned char)*c)) {
			if (!parse_u64(&c, &len))
				return false;
			r->end = r->start + (len ? len - 1 : 0);
			if (r->end < r->start)
				return false;
		}
	}
	if (*c && *c != ':')
		return false;
	*pc = c;
	return true;
}

int alloc_parse_pv_arg(struct arena *a, const char *arg, struct alloc_pv_arg *out, char *err,
		       size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (!arg || !*arg) {
		snprintf(err, errlen, "Empty physical volume argument.");
		return -EINVAL;
	}
	if (arg[0] == '@') {
		if (!arg[1]) {
			snprintf(err, errlen, "Skipping invalid tag %s.", arg + 1);
			return -EINVAL;
		}
		out->is_tag = true;
		out->name = arena_strdup(a, arg + 1);
		return 0;
	}
	const char *colon = strchr(arg, ':');
	if (colon == arg) {
		snprintf(err, errlen, "Physical extent parsing error at %s.", arg);
		return -EINVAL;
	}
	out->name = colon ? arena_strndup(a, arg, (size_t)(colon - arg)) : arena_strdup(a, arg);
	if (!colon)
		return 0;
	unsigned n = 0;
	for (const char *c = colon; *c; c++)
		n += *c == ':';
	out->ranges = arena_alloc(a, n * sizeof(*out->ranges));
	const char *c = colon;
	while (*c) {
		const char *at = c;
		if (!parse_range(&c, &out->ranges[out->n_ranges])) {
			snprintf(err, errlen, "Physical extent parsing error at %s.", at);
			return -EINVAL;
		}
		out->n_ranges++;
	}
	return 0;
}
