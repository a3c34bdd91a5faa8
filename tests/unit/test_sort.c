#include "tests/unit/unit.h"
#include "lvmgr/base/util.h"

#include <stddef.h>
#include <stdlib.h>

/* sort_by_u64 against qsort: keys of every width (one varying byte, all
 * eight, equal ones), stability, sizes 0..n, an element bigger than the
 * key with the key not first. */

struct elem {
	uint32_t tag;
	uint64_t key;
	char pad[5];
	uint32_t seq;	/* position before the sort: ties keep their order */
};

static int elem_cmp(const void *x, const void *y)
{
	const struct elem *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void check_one(size_t n, uint64_t mask, uint64_t seed)
{
	struct elem *x = calloc(n + 1, sizeof(*x)), *y = calloc(n + 1, sizeof(*y));
	for (size_t i = 0; i < n; i++) {
		x[i].key = rnd(&seed) & mask;
		x[i].tag = (uint32_t)rnd(&seed);
		x[i].seq = (uint32_t)i;
		y[i] = x[i];
	}
	sort_by_u64(x, n, sizeof(*x), offsetof(struct elem, key));
	qsort(y, n, sizeof(*y), elem_cmp);
	for (size_t i = 0; i < n; i++)
		if (x[i].key != y[i].key || x[i].seq != y[i].seq || x[i].tag != y[i].tag)
			fail_msg("n=%zu mask=%llx: element %zu differs (key %llu seq %u, want %llu seq %u)", n,
				 (unsigned long long)mask, i, (unsigned long long)x[i].key, x[i].seq,
				 (unsigned long long)y[i].key, y[i].seq);
	free(x);
	free(y);
}

static void sort_matches_qsort(void **state)
{
	static const size_t ns[] = {0, 1, 2, 3, 17, 256, 1000, 10007};
	static const uint64_t masks[] = {0, 1, 0xff, 0xff00, 0x3fff, 0xffffffff00000fffull, ~0ull};
	(void)state;
	for (size_t a = 0; a < sizeof(ns) / sizeof(ns[0]); a++)
		for (size_t b = 0; b < sizeof(masks) / sizeof(masks[0]); b++)
			check_one(ns[a], masks[b], 0x9e3779b97f4a7c15ull + a * 31 + b);
}

static void sort_sorted_and_reversed(void **state)
{
	(void)state;
	size_t n = 5000;
	struct elem *x = calloc(n, sizeof(*x));
	for (size_t i = 0; i < n; i++)
		x[i] = (struct elem){.key = (uint64_t)i << 20, .seq = (uint32_t)i};
	sort_by_u64(x, n, sizeof(*x), offsetof(struct elem, key));
	for (size_t i = 0; i < n; i++)
		assert_int_equal(x[i].seq, i);
	for (size_t i = 0; i < n; i++)
		x[i] = (struct elem){.key = (uint64_t)(n - i) << 33, .seq = (uint32_t)i};
	sort_by_u64(x, n, sizeof(*x), offsetof(struct elem, key));
	for (size_t i = 0; i < n; i++)
		assert_int_equal(x[i].seq, n - 1 - i);
	free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sort_matches_qsort),
		cmocka_unit_test(sort_sorted_and_reversed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
