#include "tests/unit/unit.h"
#include "lvmgr/base/util.h"

/* Fill n bytes at p with a pattern derived from i; check it later. */
static void fill(unsigned char *p, size_t n, unsigned i)
{
	for (size_t k = 0; k < n; k++)
		p[k] = (unsigned char)(i * 31 + k);
}

static void check(const unsigned char *p, size_t n, unsigned i)
{
	for (size_t k = 0; k < n; k++)
		if (p[k] != (unsigned char)(i * 31 + k))
			fail_msg("allocation %u byte %zu overwritten", i, k);
}

/* An arena grown well past the point where it takes 2 MiB chunks: every
 * allocation aligned, zeroed, and kept apart from every other one. */
static void arena_big_growth(void **state)
{
	enum { N = 60000 };
	static unsigned char *ptr[N];
	static size_t len[N];
	struct arena a;
	(void)state;
	arena_init(&a);
	for (unsigned i = 0; i < N; i++) {
		len[i] = 1 + (i * 7919u) % 200;
		ptr[i] = arena_alloc(&a, len[i]);
		assert_int_equal((uintptr_t)ptr[i] % 16, 0);
		for (size_t k = 0; k < len[i]; k++)
			assert_int_equal(ptr[i][k], 0);
		fill(ptr[i], len[i], i);
	}
	assert_true(a.total >= 6u * 1024 * 1024);
	for (unsigned i = 0; i < N; i++)
		check(ptr[i], len[i], i);
	arena_free(&a);
	assert_null(a.head);
	assert_int_equal(a.total, 0);
}

/* Single allocations of megabytes (a big VG's metadata text) in a fresh
 * arena and in a big one, small ones around them still served. */
static void arena_big_requests(void **state)
{
	struct arena a;
	(void)state;
	arena_init(&a);
	unsigned char *s1 = arena_alloc(&a, 100);
	fill(s1, 100, 1);
	size_t big = 3 * 1024 * 1024 + 123;
	unsigned char *b1 = arena_alloc_raw(&a, big);
	fill(b1, big, 2);
	unsigned char *s2 = arena_alloc(&a, 100);
	fill(s2, 100, 3);
	unsigned char *b2 = arena_alloc(&a, 5 * 1024 * 1024);
	fill(b2, 5 * 1024 * 1024, 4);
	unsigned char *s3 = arena_alloc(&a, 100);
	fill(s3, 100, 5);
	check(s1, 100, 1);
	check(b1, big, 2);
	check(s2, 100, 3);
	check(b2, 5 * 1024 * 1024, 4);
	check(s3, 100, 5);
	arena_free(&a);
}

/* Adopting a big arena moves its chunks and its size. */
static void arena_adopt_big(void **state)
{
	struct arena a, b;
	(void)state;
	arena_init(&a);
	arena_init(&b);
	unsigned char *x = arena_alloc(&a, 10);
	fill(x, 10, 1);
	unsigned char *y = arena_alloc(&b, 2 * 1024 * 1024);
	fill(y, 2 * 1024 * 1024, 2);
	size_t ta = a.total, tb = b.total;
	arena_adopt(&a, &b);
	assert_null(b.head);
	assert_int_equal(b.total, 0);
	assert_int_equal(a.total, ta + tb);
	unsigned char *z = arena_alloc(&a, 10);
	fill(z, 10, 3);
	check(x, 10, 1);
	check(y, 2 * 1024 * 1024, 2);
	check(z, 10, 3);
	arena_free(&a);
	arena_free(&b);
}

/* Blocks an arena owns are freed with it, once: after an adopt, by the
 * arena that adopted them (glibc aborts on a double free). */
static void arena_owns_blocks(void **state)
{
	struct arena a, b;
	unsigned char *p[8];
	(void)state;
	arena_init(&a);
	arena_init(&b);
	arena_own(&a, NULL);	/* nothing to free */
	for (unsigned i = 0; i < 8; i++) {
		p[i] = malloc(100000);
		fill(p[i], 100000, i);
		arena_own(i % 2 ? &a : &b, p[i]);
		(void)arena_alloc(i % 2 ? &a : &b, 5000);
	}
	arena_adopt(&b, &a);
	arena_free(&a);	/* empty now: frees nothing */
	for (unsigned i = 0; i < 8; i++)
		check(p[i], 100000, i);
	arena_free(&b);
	arena_free(&b);	/* an arena freed is empty */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arena_big_growth),
		cmocka_unit_test(arena_big_requests),
		cmocka_unit_test(arena_adopt_big),
		cmocka_unit_test(arena_owns_blocks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
