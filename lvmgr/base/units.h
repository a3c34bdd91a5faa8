/* Sizes as LVM2 reads and prints them. */
#ifndef LVMGR_UNITS_H
#define LVMGR_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parse a size argument like LVM2's -L/--size, -s, --metadatasize:
 * "10", "10G", "1.5t", "512k", "100s" (sectors), "4b"? ; default_unit is the
 * unit used when no suffix is given ('m' for -L, 'k' for --metadatasize ...).
 * Lower and upper case suffixes both mean powers of 1024 (as LVM2 for
 * arguments). A leading '+' or '-' is returned in *sign ('+', '-' or 0) when
 * sign is non-NULL, otherwise refused. Result in 512-byte sectors, rounded
 * up. -EINVAL for garbage, negative, or overflow. */
int units_parse_size(const char *arg, char default_unit, uint64_t *sectors, char *sign);

/* The --units argument: h H b B s S k K m M g G t T p P e E, optionally with
 * a number ("4k"). Lower case = powers of 1024, upper case = powers of 1000
 * (LVM2), 'h' = human (pick the unit), 'r'/'R' rounding variants as LVM2.
 * -EINVAL for garbage. */
struct units {
	char unit;	/* as given: 'h', 'H', 'b', 's', 'k', 'm', ... */
	uint64_t factor;	/* bytes per unit (0 for h/H) */
	bool si;	/* upper case */
};
int units_parse(const char *arg, struct units *u);

/* Format a size in sectors as LVM2's reports do ("60.00m", "<1.23g",
 * "1020.00k", "0 "), into buf. suffix=false is --nosuffix. The '<' prefix
 * marks a value that was rounded down, as LVM2 2.03 does. */
const char *units_format(uint64_t sectors, const struct units *u, bool suffix, char *buf, size_t len);
/* Long form for pvdisplay/vgdisplay: "64.00 MiB", "<1.23 GiB". */
const char *units_format_long(uint64_t sectors, char *buf, size_t len);
/* numer of denom as a percentage the way LVM2 prints one (libdevmapper's
 * dm_make_percent, dm_percent_to_round_float, "%.2f"): rounded to two
 * places ("41.67" for 5 of 12), "100.00" only when equal, "0.00" only at
 * 0; denom 0 is 100%. */
const char *units_format_percent(uint64_t numer, uint64_t denom, char *buf, size_t len);

#endif
