#include "tests/unit/unit.h"
#include "lvmgr/crc.h"

static void crc_vectors(void **state)
{
	(void)state;
	assert_int_equal(crc_calc(CRC_SEED, "", 0), 0xf597a6cfU);
	assert_int_equal(crc_calc(CRC_SEED, "123456789", 9), 0x4991cf02U);
}

static void crc_incremental(void **state)
{
	const char *s = "The quick brown fox jumps over the lazy dog";
	uint32_t whole = crc_calc(CRC_SEED, s, strlen(s));
	for (size_t cut = 0; cut <= strlen(s); cut++)
		assert_int_equal(crc_calc(crc_calc(CRC_SEED, s, cut), s + cut, strlen(s) - cut), whole);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crc_vectors),
		cmocka_unit_test(crc_incremental),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
