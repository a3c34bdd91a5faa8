/* Slicing-by-8 table CRC, and carry-less multiplication folding (PCLMULQDQ)
 * for long buffers where the CPU has it; scanning thousands of labels and
 * checking and writing megabytes of metadata text keeps this hot. */
#include "lvmgr/base/crc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#if __has_include(<sys/platform/x86.h>)
#include <sys/platform/x86.h>	/* glibc >= 2.33: the features it found at start */
#define HAVE_GLIBC_X86_FEATURES 1
#endif
#endif

static uint32_t crc_table[8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;
static bool crc_clmul;

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ 0xedb88320U : c >> 1;
		crc_table[0][i] = c;
	}
	for (uint32_t i = 0; i < 256; i++)
		for (int t = 1; t < 8; t++)
			crc_table[t][i] = (crc_table[t - 1][i] >> 8) ^ crc_table[0][crc_table[t - 1][i] & 0xff];
#if defined(__x86_64__)
#if defined(HAVE_GLIBC_X86_FEATURES)
	/* What glibc read with CPUID when the process started: CPUID again
	 * (libgcc's __builtin_cpu_init issues about ten) traps to the
	 * hypervisor on a virtual machine, some microseconds each. */
	crc_clmul = CPU_FEATURE_ACTIVE(PCLMULQDQ) && CPU_FEATURE_ACTIVE(SSE4_1);
#else
	__builtin_cpu_init();
	crc_clmul = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
#endif
	crc_clmul = crc_clmul && !getenv("LVMGR_CRC_TABLES");
#endif
}

static uint32_t crc_tables(uint32_t crc, const unsigned char *p, size_t len)
{
	while (len >= 8) {
		uint32_t lo = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
				     (uint32_t)p[3] << 24);
		uint32_t hi = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 |
			      (uint32_t)p[7] << 24;
		crc = crc_table[7][lo & 0xff] ^ crc_table[6][(lo >> 8) & 0xff] ^
		      crc_table[5][(lo >> 16) & 0xff] ^ crc_table[4][lo >> 24] ^
		      crc_table[3][hi & 0xff] ^ crc_table[2][(hi >> 8) & 0xff] ^
		      crc_table[1][(hi >> 16) & 0xff] ^ crc_table[0][hi >> 24];
		p += 8;
		len -= 8;
	}
	while (len >= 4) {
		crc ^= (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		crc = crc_table[3][crc & 0xff] ^ crc_table[2][(crc >> 8) & 0xff] ^
		      crc_table[1][(crc >> 16) & 0xff] ^ crc_table[0][crc >> 24];
		p += 4;
		len -= 4;
	}
	while (len--)
		crc = (crc >> 8) ^ crc_table[0][(crc ^ *p++) & 0xff];
	return crc;
}

#if defined(__x86_64__)
/* Folding (Intel's "Fast CRC Computation for Generic Polynomials Using
 * PCLMULQDQ"): four 128-bit lanes are carried forward 512 bits at a time,
 * x^(512+-64) mod P; then folded into one lane, x^(128+-64) mod P (bit-
 * reflected constants for 0xedb88320). The CRC register is linear, so it is
 * xored into the first bytes, and the last lane, congruent to all that was
 * read, is finished with the tables from a zero register. len >= 64. */
__attribute__((target("pclmul,sse4.1"))) static uint32_t crc_fold(uint32_t crc, const unsigned char **pp,
								  size_t *plen)
{
	const unsigned char *p = *pp;
	size_t len = *plen;
	const __m128i k512 = _mm_set_epi64x(0x01c6e41596LL, 0x0154442bd4LL);
	const __m128i k128 = _mm_set_epi64x(0x00ccaa009eLL, 0x01751997d0LL);
	__m128i x1 = _mm_loadu_si128((const __m128i *)(p + 0));
	__m128i x2 = _mm_loadu_si128((const __m128i *)(p + 16));
	__m128i x3 = _mm_loadu_si128((const __m128i *)(p + 32));
	__m128i x4 = _mm_loadu_si128((const __m128i *)(p + 48));
	x1 = _mm_xor_si128(x1, _mm_cvtsi32_si128((int)crc));
	p += 64;
	len -= 64;
	while (len >= 64) {
		__m128i a1 = _mm_clmulepi64_si128(x1, k512, 0x00), b1 = _mm_clmulepi64_si128(x1, k512, 0x11);
		__m128i a2 = _mm_clmulepi64_si128(x2, k512, 0x00), b2 = _mm_clmulepi64_si128(x2, k512, 0x11);
		__m128i a3 = _mm_clmulepi64_si128(x3, k512, 0x00), b3 = _mm_clmulepi64_si128(x3, k512, 0x11);
		__m128i a4 = _mm_clmulepi64_si128(x4, k512, 0x00), b4 = _mm_clmulepi64_si128(x4, k512, 0x11);
		x1 = _mm_xor_si128(_mm_xor_si128(a1, b1), _mm_loadu_si128((const __m128i *)(p + 0)));
		x2 = _mm_xor_si128(_mm_xor_si128(a2, b2), _mm_loadu_si128((const __m128i *)(p + 16)));
		x3 = _mm_xor_si128(_mm_xor_si128(a3, b3), _mm_loadu_si128((const __m128i *)(p + 32)));
		x4 = _mm_xor_si128(_mm_xor_si128(a4, b4), _mm_loadu_si128((const __m128i *)(p + 48)));
		p += 64;
		len -= 64;
	}
	/* four lanes into one, then whole 16-byte blocks */
	__m128i next[3] = {x2, x3, x4};
	for (int i = 0; i < 3; i++)
		x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k128, 0x00),
						 _mm_clmulepi64_si128(x1, k128, 0x11)),
				   next[i]);
	while (len >= 16) {
		x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k128, 0x00),
						 _mm_clmulepi64_si128(x1, k128, 0x11)),
				   _mm_loadu_si128((const __m128i *)p));
		p += 16;
		len -= 16;
	}
	unsigned char lane[16];
	_mm_storeu_si128((__m128i *)lane, x1);
	*pp = p;
	*plen = len;
	return crc_tables(0, lane, sizeof(lane));
}
#endif

uint32_t crc_calc(uint32_t crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	pthread_once(&crc_once, crc_init);
#if defined(__x86_64__)
	if (crc_clmul && len >= 256)
		crc = crc_fold(crc, &p, &len);
#endif
	return crc_tables(crc, p, len);
}

/* ---- hash64 ---- */
#define H1 0x9E3779B185EBCA87ULL
#define H2 0xC2B2AE3D27D4EB4FULL
#define H3 0x165667B19E3779F9ULL
#define H4 0x85EBCA77C2B2AE63ULL
#define H5 0x27D4EB2F165667C5ULL

static inline uint64_t rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}
static inline uint64_t rd64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}
static inline uint64_t lane(uint64_t acc, uint64_t in)
{
	return rotl64(acc + in * H2, 31) * H1;
}
static inline uint64_t merge(uint64_t h, uint64_t v)
{
	return (h ^ lane(0, v)) * H1 + H4;
}

uint64_t hash64(const void *buf, size_t len, uint64_t seed)
{
	const unsigned char *p = buf, *end = p + len;
	uint64_t h;

	if (len >= 32) {
		uint64_t v1 = seed + H1 + H2, v2 = seed + H2, v3 = seed, v4 = seed - H1;
		for (; end - p >= 32; p += 32) {
			v1 = lane(v1, rd64(p));
			v2 = lane(v2, rd64(p + 8));
			v3 = lane(v3, rd64(p + 16));
			v4 = lane(v4, rd64(p + 24));
		}
		h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
		h = merge(merge(merge(merge(h, v1), v2), v3), v4);
	} else
		h = seed + H5;
	h += (uint64_t)len;
	for (; end - p >= 8; p += 8)
		h = rotl64(h ^ lane(0, rd64(p)), 27) * H1 + H4;
	for (; p < end; p++)
		h = rotl64(h ^ (*p * H5), 11) * H1;
	h ^= h >> 33;
	h *= H2;
	h ^= h >> 29;
	h *= H3;
	h ^= h >> 32;
	return h;
}
