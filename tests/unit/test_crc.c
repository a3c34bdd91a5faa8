#include "tests/unit/unit.h"
#include "lvmgr/base/crc.h"

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

/* Bit by bit, straight from the polynomial: the reference. */
static uint32_t crc_bitwise(uint32_t crc, const unsigned char *p, size_t len)
{
	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc & 1) ? (crc >> 1) ^ 0xedb88320U : crc >> 1;
	}
	return crc;
}

/* Every length up to 3000 and some megabytes, at every alignment, with
 * random seeds: the folding path (long buffers) and the tables agree with
 * the reference, also when a buffer is checksummed in pieces. */
static void crc_against_bitwise(void **state)
{
	enum { MAX = 3 * 1024 * 1024 + 77 };
	unsigned char *buf = malloc(MAX + 16);
	uint32_t r = 12345;
	(void)state;
	assert_non_null(buf);
	for (size_t i = 0; i < MAX + 16; i++) {
		r = r * 1103515245u + 12345u;
		buf[i] = (unsigned char)(r >> 16);
	}
	for (size_t len = 0; len <= 3000; len++) {
		size_t off = len % 16;
		r = r * 1103515245u + 12345u;
		uint32_t seed = len % 3 ? r : CRC_SEED;
		uint32_t want = crc_bitwise(seed, buf + off, len);
		assert_int_equal(crc_calc(seed, buf + off, len), want);
		size_t cut = len / 3;
		assert_int_equal(crc_calc(crc_calc(seed, buf + off, cut), buf + off + cut, len - cut), want);
	}
	for (size_t len = MAX - 1000; len <= MAX; len += 111)
		assert_int_equal(crc_calc(CRC_SEED, buf + 3, len), crc_bitwise(CRC_SEED, buf + 3, len));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crc_vectors),
		cmocka_unit_test(crc_incremental),
		cmocka_unit_test(crc_against_bitwise),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
