/* Expected strings were printed by Debian's LVM2 2.03.16 (pvs/lvs --units X
 * [--nosuffix], pvdisplay, vgdisplay, lvcreate -L) on loop devices; the
 * sector counts are the same objects shown with --units s --nosuffix. */
#include "tests/unit/unit.h"
#include <inttypes.h>
#include "lvmgr/base/units.h"
#include "lvmgr/base/util.h"

#include <errno.h>

struct fmt_case {
	uint64_t sectors;
	const char *units;
	bool suffix;
	const char *want;
};

/* The objects: LVs of 1000m, 100m, 1020k, 1234568k, 1294336k, 4k, 513m, 8m,
 * two PVs' size/free/used, and pv_ba_size (0). */
static const struct fmt_case fmt_cases[] = {
	/* default "r": '<' when the 2-decimal value was rounded up */
	{2048000, "r", true, "1000.00m"},
	{2040, "r", true, "1020.00k"},
	{2469136, "r", true, "<1.18g"},
	{2588672, "r", true, "1.23g"},
	{8, "r", true, "4.00k"},
	{6301752, "r", true, "3.00g"},
	{1020712, "r", true, "498.39m"},
	{5281040, "r", true, "<2.52g"},
	{4193032, "r", true, "<2.00g"},
	{1094408, "r", true, "<534.38m"},
	{3098624, "r", false, "<1.48g"},	/* --nosuffix does not apply to h/r */
	{0, "r", true, "0 "},
	{0, "r", false, "0"},
	{0, "h", true, "0 "},
	/* h: the same without '<' */
	{2469136, "h", true, "1.18g"},
	{4193032, "h", false, "2.00g"},
	{1094408, "h", true, "534.38m"},
	/* R/H: powers of 1000 */
	{2048000, "R", true, "<1.05G"},
	{204800, "R", true, "<104.86M"},
	{2040, "R", true, "1.04M"},
	{2469136, "R", true, "1.26G"},
	{8, "R", true, "<4.10K"},
	{1020712, "R", true, "522.60M"},
	{2048000, "H", true, "1.05G"},
	{8, "H", false, "4.10K"},
	/* fixed units */
	{2048000, "b", true, "1048576000B"},
	{8, "B", true, "4096B"},
	{8, "b", false, "4096"},
	{2469136, "s", true, "2469136S"},
	{2469136, "S", false, "2469136"},
	{2469136, "k", true, "1234568.00k"},
	{2469136, "k", false, "1234568.00"},
	{2469136, "K", true, "1264197.63K"},
	{2588672, "K", true, "1325400.06K"},
	{2469136, "m", true, "1205.63m"},
	{8, "m", true, "0.00m"},
	{6301752, "m", true, "3077.03m"},
	{2040, "M", true, "1.04M"},
	{2048000, "M", false, "1048.58"},
	{2048000, "g", true, "0.98g"},
	{1050624, "g", true, "0.50g"},
	{1050624, "G", true, "0.54G"},
	{6301752, "t", true, "0.00t"},
	{6301752, "T", true, "0.00T"},
	{6301752, "p", true, "0.00p"},
	{6301752, "E", false, "0.00"},
	{0, "b", true, "0B"},
	{0, "s", true, "0S"},
	{0, "k", true, "0k"},
	{0, "K", true, "0K"},
	{0, "m", false, "0"},
	/* custom units print "U", except LVM2's "1.5k" which keeps "k" */
	{2048000, "4k", true, "256000.00U"},
	{2040, "4k", true, "255.00U"},
	{2048000, "3M", true, "349.53U"},
	{2040, "3M", false, "0.35"},
	{2048000, "2s", true, "1024000.00U"},
	{2048000, "1.5k", true, "682666.67k"},
	{8, "1.5k", true, "2.67k"},
};

static void units_format_matches_lvm2(void **state)
{
	char buf[64];
	struct units u;
	(void)state;

	for (size_t i = 0; i < ARRAY_SIZE(fmt_cases); i++) {
		const struct fmt_case *c = &fmt_cases[i];
		assert_int_equal(units_parse(c->units, &u), 0);
		units_format(c->sectors, &u, c->suffix, buf, sizeof(buf));
		if (strcmp(buf, c->want))
			fail_msg("%llu --units %s%s: got \"%s\", want \"%s\"",
				 (unsigned long long)c->sectors, c->units,
				 c->suffix ? "" : " --nosuffix", buf, c->want);
	}
}

static void units_format_default_and_bytes(void **state)
{
	char buf[64];
	(void)state;
	/* NULL units = LVM2's default "r" */
	assert_string_equal(units_format(2469136, NULL, true, buf, sizeof(buf)), "<1.18g");
	/* below 1 KiB 'r' falls to bytes with 0 decimals and no '<' (source) */
	assert_string_equal(units_format(1, NULL, true, buf, sizeof(buf)), "512b");
	/* truncation into a small buffer stays NUL-terminated */
	assert_string_equal(units_format(2048000, NULL, true, buf, 4), "100");
}

static void units_format_long_matches_lvm2(void **state)
{
	char buf[64];
	(void)state;
	/* pvdisplay/vgdisplay/lvdisplay lines */
	assert_string_equal(units_format_long(8, buf, sizeof(buf)), "4.00 KiB");
	assert_string_equal(units_format_long(2048, buf, sizeof(buf)), "1.00 MiB");
	assert_string_equal(units_format_long(10494784, buf, sizeof(buf)), "5.00 GiB");
	assert_string_equal(units_format_long(8379664, buf, sizeof(buf)), "<4.00 GiB");
	assert_string_equal(units_format_long(2115120, buf, sizeof(buf)), "<1.01 GiB");
	assert_string_equal(units_format_long(2469136, buf, sizeof(buf)), "<1.18 GiB");
	assert_string_equal(units_format_long(131072, buf, sizeof(buf)), "64.00 MiB");
	assert_string_equal(units_format_long(0, buf, sizeof(buf)), "0   ");
}

static void units_parse_units_arg(void **state)
{
	struct units u;
	(void)state;

	assert_int_equal(units_parse("h", &u), 0);
	assert_int_equal(u.unit, 'h');
	assert_int_equal(u.factor, 0);
	assert_false(u.si);
	assert_int_equal(units_parse("R", &u), 0);
	assert_true(u.si);
	assert_int_equal(units_parse("m", &u), 0);
	assert_int_equal(u.factor, 1048576);
	assert_false(u.si);
	assert_int_equal(units_parse("M", &u), 0);
	assert_int_equal(u.factor, 1000000);
	assert_true(u.si);
	assert_int_equal(units_parse("E", &u), 0);
	assert_int_equal(u.factor, 1000000000000000000ULL);
	assert_int_equal(units_parse("e", &u), 0);
	assert_int_equal(u.factor, 1ULL << 60);
	assert_int_equal(units_parse("s", &u), 0);
	assert_int_equal(u.factor, 512);
	assert_int_equal(units_parse("4k", &u), 0);
	assert_int_equal(u.unit, 'U');
	assert_int_equal(u.factor, 4096);
	assert_int_equal(units_parse("1k", &u), 0);
	assert_int_equal(u.unit, 'k');
	assert_int_equal(units_parse("1.5k", &u), 0);
	assert_int_equal(u.factor, 1536);

	/* refused by LVM2 too ("Invalid units specification") */
	assert_int_equal(units_parse("", &u), -EINVAL);
	assert_int_equal(units_parse("4", &u), -EINVAL);
	assert_int_equal(units_parse("x", &u), -EINVAL);
	assert_int_equal(units_parse("u", &u), -EINVAL);
	assert_int_equal(units_parse("mb", &u), -EINVAL);
	assert_int_equal(units_parse("0k", &u), -EINVAL);
	assert_int_equal(units_parse("4kk", &u), -EINVAL);
}

static uint64_t size_ok(const char *arg, char def)
{
	uint64_t s = 0;
	int r = units_parse_size(arg, def, &s, NULL);
	if (r)
		fail_msg("units_parse_size(\"%s\") = %d", arg, r);
	return s;
}

static void units_parse_size_values(void **state)
{
	(void)state;
	assert_int_equal(size_ok("10", 'm'), 20480);	/* -L 10 = 10 MiB */
	assert_int_equal(size_ok("10", 'k'), 20);
	assert_int_equal(size_ok("10", 's'), 10);
	assert_int_equal(size_ok("1.5G", 'm'), 3145728);
	assert_int_equal(size_ok("1.5g", 'm'), 3145728);	/* case does not matter */
	assert_int_equal(size_ok("512k", 'm'), 1024);
	assert_int_equal(size_ok("100s", 'm'), 100);
	assert_int_equal(size_ok("100S", 'm'), 100);
	assert_int_equal(size_ok("1024b", 'm'), 2);
	assert_int_equal(size_ok("1t", 'm'), 2147483648ULL);
	assert_int_equal(size_ok("1P", 'm'), 1ULL << 41);
	assert_int_equal(size_ok("1e", 'm'), 1ULL << 51);
	assert_int_equal(size_ok(".5m", 'm'), 1024);	/* accepted by lvcreate */
	assert_int_equal(size_ok("5.", 'm'), 10240);
	assert_int_equal(size_ok("10GB", 'm'), 20971520);
	assert_int_equal(size_ok("10GiB", 'm'), 20971520);
	assert_int_equal(size_ok("1.1g", 'm'), 2306868);	/* 2306867.2 rounded up */
	assert_int_equal(size_ok("0.3k", 'm'), 1);
	assert_int_equal(size_ok("0.1s", 'm'), 1);
	assert_int_equal(size_ok("0", 'm'), 0);
	assert_int_equal(size_ok("0.0000000000000000000001m", 'm'), 1);
	assert_int_equal(size_ok("8191p", 'm'), 8191ULL << 41);
}

static void units_parse_size_sign(void **state)
{
	uint64_t s;
	char sign = 'x';
	(void)state;

	assert_int_equal(units_parse_size("+10G", 'm', &s, &sign), 0);
	assert_int_equal(sign, '+');
	assert_int_equal(s, 20971520);
	assert_int_equal(units_parse_size("-5", 'm', &s, &sign), 0);
	assert_int_equal(sign, '-');
	assert_int_equal(s, 10240);
	assert_int_equal(units_parse_size("5", 'm', &s, &sign), 0);
	assert_int_equal(sign, 0);
	assert_int_equal(units_parse_size("-5", 'm', &s, NULL), -EINVAL);
	assert_int_equal(units_parse_size("+5", 'm', &s, NULL), -EINVAL);
	assert_int_equal(units_parse_size("+-5", 'm', &s, &sign), -EINVAL);
	assert_int_equal(units_parse_size("--5", 'm', &s, &sign), -EINVAL);
}

static void units_parse_size_errors(void **state)
{
	static const char *const bad[] = {
		"", "abc", "10X", "-5", "+", ".", "..5", "1.2.3", "10Gi", "10gfoo", "10kk",
		"1000b",	/* "Size is not a multiple of 512" */
		"5sb", " 5", "5 ", "0x10",
		"16384p",	/* "Size is too big (>=16EiB)." */
		"16e", "99999999999999999999999", "18446744073709551616s",
	};
	uint64_t s = 42;
	(void)state;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (units_parse_size(bad[i], 'm', &s, NULL) != -EINVAL)
			fail_msg("\"%s\" accepted", bad[i]);
	assert_int_equal(s, 42);	/* untouched on error */
	assert_int_equal(units_parse_size("5", 'x', &s, NULL), -EINVAL);
}

/* The exact two-decimal path and printf's "%.2f" (the path LVM2 takes)
 * agree on every size, exact or not, in every fixed unit. */
static void units_format_fast_path_equals_printf(void **state)
{
	static const char *const letters[] = {"b", "s", "k", "m", "g", "t", "p", "e",
					      "B", "S", "K", "M", "G", "T", "P", "E"};
	uint64_t x = 88172645463325252ULL;
	(void)state;
	for (unsigned l = 0; l < sizeof(letters) / sizeof(letters[0]); l++) {
		struct units u;
		assert_int_equal(units_parse(letters[l], &u), 0);
		int prec = (u.unit == 'b' || u.unit == 'B' || u.unit == 's' || u.unit == 'S') ? 0 : 2;
		for (unsigned i = 0; i < 20000; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* extent multiples (exact) and arbitrary sector counts */
			uint64_t sectors = i % 2 ? (x % 100000 + 1) * 8192 : x % (1ULL << (i % 44 + 1)) + 1;
			char got[64], want[64];
			units_format(sectors, &u, false, got, sizeof(got));
			snprintf(want, sizeof(want), "%.*f", prec, (double)(sectors * 512) / (double)u.factor);
			if (strcmp(got, want))
				fail_msg("%" PRIu64 " sectors in %s: \"%s\", printf \"%s\"", sectors, letters[l], got, want);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(units_format_matches_lvm2),
		cmocka_unit_test(units_format_fast_path_equals_printf),
		cmocka_unit_test(units_format_default_and_bytes),
		cmocka_unit_test(units_format_long_matches_lvm2),
		cmocka_unit_test(units_parse_units_arg),
		cmocka_unit_test(units_parse_size_values),
		cmocka_unit_test(units_parse_size_sign),
		cmocka_unit_test(units_parse_size_errors),
	};
	log_verbosity = -1;	/* the error cases log on purpose */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
