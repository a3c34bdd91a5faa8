/* The metadata text's size comments ("dev_size = 2457600	# 1.17188
 * Gigabytes"): LVM2 writes them with %g of a double; lvmgr with integers
 * (metadata/export.c). Every value here must read as printf writes it. */
#include "tests/unit/unit.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "metadata/segtypes/segtype.h"

/* LVM2's _sectors_to_units as it stands: a double divided by 1024. */
static void printf_form(uint64_t sectors, char *buf, size_t len)
{
	static const char *const units[] = {"Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
					    "Petabytes", "Exabytes", NULL};
	double d = (double)sectors / 2.0;
	int i;
	for (i = 0; d > 1024.0 && units[i]; i++)
		d /= 1024.0;
	snprintf(buf, len, "# %g %s", d, units[i] ? units[i] : "Exabytes");
}

static void check_one(uint64_t s)
{
	char got[64], want[64];
	text_size_comment(s, got, sizeof(got));
	printf_form(s, want, sizeof(want));
	if (strcmp(got, want))
		fail_msg("%" PRIu64 " sectors: \"%s\", printf \"%s\"", s, got, want);
}

static void size_comment_known(void **state)
{
	char c[64];
	assert_string_equal(text_size_comment(2457600, c, sizeof(c)), "# 1.17188 Gigabytes");
	assert_string_equal(text_size_comment(8192, c, sizeof(c)), "# 4 Megabytes");
	assert_string_equal(text_size_comment(1, c, sizeof(c)), "# 0.5 Kilobytes");
	assert_string_equal(text_size_comment(0, c, sizeof(c)), "# 0 Kilobytes");
	assert_string_equal(text_size_comment(2048, c, sizeof(c)), "# 1024 Kilobytes");
	assert_string_equal(text_size_comment(2049, c, sizeof(c)), "# 1.00049 Megabytes");
}

static void size_comment_equals_printf(void **state)
{
	/* every value up to 2^20 sectors (among them the ties at the 7th
	 * digit, e.g. 2080 sectors: 1.015625 MiB, written 1.01562), powers of
	 * two and their neighbours, then a spread of large values */
	for (uint64_t s = 0; s < (1u << 20); s++)
		check_one(s);
	for (unsigned b = 0; b < 64; b++)
		for (int d = -3; d <= 3; d++) {
			uint64_t s = (1ull << b) + (uint64_t)(int64_t)d;
			if (s <= (1ull << b) + 3)
				check_one(s);
		}
	uint64_t x = 88172645463325252ull;
	for (unsigned n = 0; n < 2000000; n++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		check_one(x >> (x % 64));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(size_comment_known),
		cmocka_unit_test(size_comment_equals_printf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
