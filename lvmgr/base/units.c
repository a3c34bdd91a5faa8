/* Sizes as LVM2 2.03 reads and prints them.
 *
 * Printing follows libdevmapper's dm_size_to_string() with LVM2's default
 * global/si_unit_consistency = 1 (lower case = powers of 1024, upper case =
 * powers of 1000); --units parsing follows dm_units_to_factor(strict=1);
 * size arguments follow tools/lvmcmdline.c:_size_arg(). The quirks are kept
 * on purpose because scripts parse this output. */
#include "lvmgr/base/units.h"
#include "lvmgr/base/util.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- printing ---- */

#define BASE_UNKNOWN 0
#define BASE_1024 1
#define BASE_1000 8
#define BASE_SPECIAL 14
#define NUM_UNIT_PREFIXES 6
#define NUM_SPECIAL 3

enum size_suffix { SUFFIX_LONG = 0, SUFFIX_SHORT = 1, SUFFIX_UNIT = 2 };

/* libdevmapper's table minus the BASE_SHARED rows (only used when
 * si_unit_consistency = 0, which LVM2 2.03 never defaults to). */
static const char *const size_str[][3] = {
	/* BASE_UNKNOWN */
	{"         ", "   ", " "},
	/* BASE_1024 */
	{" Exbibyte", " EiB", "e"},
	{" Pebibyte", " PiB", "p"},
	{" Tebibyte", " TiB", "t"},
	{" Gibibyte", " GiB", "g"},
	{" Mebibyte", " MiB", "m"},
	{" Kibibyte", " KiB", "k"},
	{" Byte    ", " B", "b"},
	/* BASE_1000 */
	{" Exabyte", " EB", "E"},
	{" Petabyte", " PB", "P"},
	{" Terabyte", " TB", "T"},
	{" Gigabyte", " GB", "G"},
	{" Megabyte", " MB", "M"},
	{" Kilobyte", " kB", "K"},
	/* BASE_SPECIAL (the first entry doubles as BASE_1000's byte row) */
	{" Byte    ", " B ", "B"},
	{" Units   ", " Un", "U"},
	{" Sectors ", " Se", "S"},
};

/* Bytes per unit letter as dm_units_to_factor() knows them; 0 = unknown. */
static uint64_t unit_letter_factor(char c)
{
	static const char bin[] = "kmgtpe", si[] = "KMGTPE";
	const char *p;
	uint64_t f = 1;

	switch (c) {
	case 'b':
	case 'B':
		return 1;
	case 's':
	case 'S':
		return 512;
	case '\0':
		return 0;
	}
	if ((p = strchr(bin, c))) {
		for (long i = 0; i <= p - bin; i++)
			f *= 1024;
		return f;
	}
	if ((p = strchr(si, c))) {
		for (long i = 0; i <= p - si; i++)
			f *= 1000;
		return f;
	}
	return 0;
}

/* dm_size_to_string()'s "would rounding to 2 decimals go up" test,
 * !close_enough(floorl(d), nearbyintl(d)), without libm: d is a small
 * non-negative double here, so floor and round-half-even are exact. */
static bool rounds_up(double d)
{
	double f = (double)(uint64_t)d;
	double frac = d - f;

	if (frac > 0.5)
		return true;
	if (frac == 0.5)
		return ((uint64_t)f & 1) != 0;	/* half to even: odd rounds up */
	return false;
}

static const char *size_to_string(uint64_t size, char unit_type, uint64_t unit_factor,
				  bool include_suffix, enum size_suffix type, char *buf, size_t len)
{
	unsigned base = BASE_UNKNOWN, s;
	uint64_t byte, units;
	const char *prefix = "";
	int precision;

	for (s = 0; s < NUM_UNIT_PREFIXES; s++)
		if (unit_type == *size_str[BASE_1000 + s][2]) {
			base = BASE_1000;
			break;
		}
	if (base == BASE_UNKNOWN)
		for (s = 0; s < NUM_UNIT_PREFIXES; s++)
			if (unit_type == *size_str[BASE_1024 + s][2]) {
				base = BASE_1024;
				break;
			}
	if (base == BASE_UNKNOWN)
		for (s = 0; s < NUM_SPECIAL; s++)
			if (toupper((unsigned char)unit_type) == *size_str[BASE_SPECIAL + s][2]) {
				base = BASE_SPECIAL;
				break;
			}

	if (size == 0) {
		if (base == BASE_UNKNOWN)
			s = 0;
		snprintf(buf, len, "0%s", include_suffix ? size_str[base + s][type] : "");
		return buf;
	}

	size *= 512;	/* wraps above 2^55 sectors exactly as LVM2 does */

	if (base != BASE_UNKNOWN) {
		if (!unit_factor)
			unit_factor = unit_letter_factor(unit_type);
		if (!unit_factor)	/* 'U' without a factor: nothing sane to divide by */
			unit_factor = 1;
		byte = unit_factor;
	} else {
		/* Human readable: pick the largest unit not above the value. */
		if (unit_type == 'H' || unit_type == 'R') {
			units = 1000;
			base = BASE_1000;
		} else {
			units = 1024;
			base = BASE_1024;
		}
		byte = units * units * units * units * units * units;
		for (s = 0; s < NUM_UNIT_PREFIXES && size < byte; s++)
			byte /= units;
		/* 'r'/'R': mark a value that printing would round up, so
		 * "<2.00g" says "a bit less than 2g". */
		if (s < NUM_UNIT_PREFIXES && (unit_type == 'R' || unit_type == 'r') &&
		    rounds_up(100. * (double)size / byte))
			prefix = "<";
		include_suffix = true;	/* --nosuffix does not apply to h/r */
	}

	switch (toupper((unsigned char)*size_str[base + s][SUFFIX_UNIT])) {
	case 'B':
	case 'S':
		precision = 0;
		break;
	default:
		precision = 2;
	}
	const char *suffix = include_suffix ? size_str[base + s][type] : "";
	/* A value with at most two decimals (nearly every LV size) is
	 * written exactly, without printf's float conversion: the double
	 * nearest to k/100 prints as k/100 at two decimals. */
	uint64_t scale = precision ? 100 : 1;
	if (size < (1ULL << 53) && !(size * scale % byte)) {
		uint64_t k = size * scale / byte;
		char digits[24];
		size_t nd = 0;
		uint64_t whole = k / scale;
		do {
			digits[sizeof(digits) - ++nd] = (char)('0' + whole % 10);
			whole /= 10;
		} while (whole);
		size_t pl = strlen(prefix), sl = strlen(suffix), need = pl + nd + (precision ? 3 : 0) + sl + 1;
		if (need <= len) {
			char *o = buf;
			memcpy(o, prefix, pl);
			o += pl;
			memcpy(o, digits + sizeof(digits) - nd, nd);
			o += nd;
			if (precision) {
				*o++ = '.';
				*o++ = (char)('0' + k % 100 / 10);
				*o++ = (char)('0' + k % 10);
			}
			memcpy(o, suffix, sl + 1);
			return buf;
		}
	}
	snprintf(buf, len, "%s%.*f%s", prefix, precision, (double)size / byte, suffix);
	return buf;
}

const char *units_format(uint64_t sectors, const struct units *u, bool suffix, char *buf, size_t len)
{
	if (!u)
		return size_to_string(sectors, 'r', 0, suffix, SUFFIX_UNIT, buf, len);
	return size_to_string(sectors, u->unit, u->factor, suffix, SUFFIX_UNIT, buf, len);
}

const char *units_format_long(uint64_t sectors, char *buf, size_t len)
{
	return size_to_string(sectors, 'r', 0, true, SUFFIX_SHORT, buf, len);
}

/* ---- --units ---- */

static bool close_enough(double d1, double d2)
{
	double d = d1 - d2;
	return (d < 0 ? -d : d) < DBL_EPSILON;
}

int units_parse(const char *arg, struct units *u)
{
	const char *p = arg;
	char *end = NULL;
	double custom = 0;
	uint64_t v = 1, mult;
	char unit;

	if (!arg)
		return -EINVAL;
	if (isdigit((unsigned char)*p)) {
		/* "4k", "1.5m": a custom unit (printed with suffix "U"). */
		custom = strtod(p, &end);
		if (end == p)
			return -EINVAL;
		v = strtoull(p, NULL, 10);
		if (close_enough((double)v, custom))
			custom = 0;
		p = end;
	}
	/* Exactly one unit character (strict mode). */
	if (!p[0] || p[1])
		goto bad;
	/* LVM2 keeps the letter when the integer part is 1: "1.5k" prints
	 * with "k" yet divides by 1536. Kept for identical output. */
	unit = v == 1 ? *p : 'U';
	switch (*p) {
	case 'h':
	case 'H':
	case 'r':
	case 'R':
		u->unit = *p;
		u->factor = 0;
		u->si = *p == 'H' || *p == 'R';
		return 0;
	}
	if (!(mult = unit_letter_factor(*p)))
		goto bad;
	u->unit = unit;
	u->si = strchr("KMGTPE", *p) != NULL;
	u->factor = close_enough(custom, 0.) ? v * mult : (uint64_t)(custom * mult);
	if (!u->factor)
		goto bad;	/* "0k" */
	return 0;
bad:
	log_error("Invalid units specification");
	return -EINVAL;
}

/* ---- size arguments ---- */

#define SIZE_MAX_SECTORS (UINT64_MAX >> 9)	/* LVM2: "Size is too big (>=16EiB)." */
#define FRAC_DIGITS 18

/* Bytes per sector-based unit: "kmgtpe" as 1024^n (case does not matter for
 * arguments), 's' 512, 'b' 1. 0 = not a unit. */
static uint64_t arg_unit_bytes(char c)
{
	static const char order[] = "kmgtpe";
	const char *p;
	uint64_t f = 1;

	c = (char)tolower((unsigned char)c);
	if (c == 'b')
		return 1;
	if (c == 's')
		return 512;
	if (!c || !(p = strchr(order, c)))
		return 0;
	for (long i = 0; i <= p - order; i++)
		f *= 1024;
	return f;
}

int units_parse_size(const char *arg, char default_unit, uint64_t *sectors, char *sign)
{
	const char *p = arg;
	unsigned __int128 ipart = 0, frac = 0, scale = 1, res;
	bool digits = false, frac_rest = false;
	uint64_t mult;
	char sg = 0;

	if (!arg)
		return -EINVAL;
	if (*p == '+' || *p == '-')
		sg = *p++;
	if (*p == '+' || *p == '-') {
		log_error("Multiple sign symbols detected.");
		return -EINVAL;
	}
	if (sg && !sign) {
		log_error(sg == '-' ? "Size may not be negative." : "Size may not be relative/signed.");
		return -EINVAL;
	}
	if (!isdigit((unsigned char)*p) && *p != '.') {
		log_error("Size requires number argument.");
		return -EINVAL;
	}
	/* Exact decimal arithmetic instead of LVM2's strtod(): the same result
	 * for every ordinary argument, without binary rounding noise. */
	for (; isdigit((unsigned char)*p); p++) {
		digits = true;
		ipart = ipart * 10 + (unsigned)(*p - '0');
		if (ipart > UINT64_MAX)
			goto too_big;
	}
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++) {
			digits = true;
			if (scale < (unsigned __int128)1000000000000000000ULL) {
				frac = frac * 10 + (unsigned)(*p - '0');
				scale *= 10;
			} else if (*p != '0')
				frac_rest = true;	/* beyond 18 digits: only "nonzero" matters */
		}
	}
	if (!digits) {
		log_error("Can't parse size argument at '%c'.", *p ? *p : ' ');
		return -EINVAL;
	}

	if (!*p) {
		if (!(mult = arg_unit_bytes(default_unit))) {
			log_error("Internal error: bad default size unit '%c'.", default_unit);
			return -EINVAL;
		}
	} else {
		if (!(mult = arg_unit_bytes(*p))) {
			log_error("Can't parse size argument.");
			return -EINVAL;
		}
		/* LVM2 ignores anything after the unit letter ("10gfoo" is 10g);
		 * we accept only the spellings people mean: "10GB", "10GiB". */
		if (mult > 512) {
			const char *t = p + 1;
			if (*t == 'i' || *t == 'I') {
				t++;
				if (*t != 'b' && *t != 'B')
					t = p;	/* "10Gi": refuse */
			}
			if (*t == 'b' || *t == 'B')
				t++;
			if (*t) {
				log_error("Can't parse size argument.");
				return -EINVAL;
			}
		} else if (p[1]) {
			log_error("Can't parse size argument.");
			return -EINVAL;
		}
	}

	if (mult == 1) {
		/* Bytes: LVM2 drops a fraction and insists on whole sectors. */
		uint64_t b = (uint64_t)ipart, adj = b % 512;
		if (adj) {
			log_error("Size is not a multiple of 512. Try using %llu or %llu.",
				  (unsigned long long)(b - adj), (unsigned long long)(b - adj + 512));
			return -EINVAL;
		}
		res = b / 512;
	} else {
		/* Whole part is exact in sectors; the fraction rounds up so a
		 * size is never silently made smaller. */
		unsigned __int128 fnum = frac * mult, fden = scale * 512;
		res = ipart * mult / 512 + fnum / fden;
		if (fnum % fden || frac_rest)
			res++;
	}
	if (res >= SIZE_MAX_SECTORS)
		goto too_big;
	*sectors = (uint64_t)res;
	if (sign)
		*sign = sg;
	return 0;
too_big:
	log_error("Size is too big (>=16EiB).");
	return -EINVAL;
}

const char *units_format_percent(uint64_t numer, uint64_t denom, char *buf, size_t len)
{
	/* dm_percent_t: an int of millionths of a percent */
	enum { P1 = 1000000, P100 = 100 * P1, R = P1 / 100 };
	int32_t pct = !denom || numer == denom ? P100 : !numer ? 0 : (int32_t)(P100 * ((double)numer / (double)denom));
	if (denom && numer && numer != denom && pct == P100)
		pct = P100 - 1;
	else if (denom && numer && numer != denom && pct == 0)
		pct = 1;
	float f = (float)pct / P1 + 0.f;
	if (pct < R && pct > 0)
		f = .01f;
	else if (pct > P100 - R && pct < P100)
		f = (float)(P100 - R) / P1;
	snprintf(buf, len, "%.2f", f);
	return buf;
}
