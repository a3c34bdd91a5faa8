#include "tests/unit/unit.h"
#include "lvmgr/base/util.h"

#include <pthread.h>
#include <unistd.h>

/* parallel_for: every item exactly once, on up to the threads asked for,
 * calls after calls on the kept workers, a call from inside an item, and
 * items that wait for each other (only possible when they run at once). */

struct count {
	unsigned n;
	unsigned *hits;
	pthread_mutex_t mu;
	pthread_t seen[128];
	unsigned n_seen;
};

static void count_one(void *ctx, unsigned i)
{
	struct count *c = ctx;
	__atomic_fetch_add(&c->hits[i], 1, __ATOMIC_RELAXED);
	pthread_mutex_lock(&c->mu);
	pthread_t me = pthread_self();
	bool known = false;
	for (unsigned k = 0; k < c->n_seen; k++)
		known = known || pthread_equal(c->seen[k], me);
	if (!known && c->n_seen < 128)
		c->seen[c->n_seen++] = me;
	pthread_mutex_unlock(&c->mu);
	if (i % 7 == 0)
		usleep(200);	/* long items, so that several threads take part */
}

static void run_count(unsigned n, unsigned threads)
{
	struct count c = {.n = n};
	c.hits = calloc(n + 1, sizeof(*c.hits));
	pthread_mutex_init(&c.mu, NULL);
	parallel_for(n, threads, count_one, &c);
	for (unsigned i = 0; i < n; i++)
		if (c.hits[i] != 1)
			fail_msg("n=%u threads=%u: item %u ran %u times", n, threads, i, c.hits[i]);
	unsigned max = threads < n ? threads : n;
	if (max > 64)
		max = 64;
	if (c.n_seen > (max ? max : 1))
		fail_msg("n=%u threads=%u: %u threads took part", n, threads, c.n_seen);
	pthread_mutex_destroy(&c.mu);
	free(c.hits);
}

static void pfor_every_item_once(void **state)
{
	static const unsigned ns[] = {0, 1, 2, 3, 16, 100, 1000};
	static const unsigned ts[] = {0, 1, 2, 4, 8, 64, 200};
	(void)state;
	for (int round = 0; round < 3; round++)
		for (size_t a = 0; a < sizeof(ns) / sizeof(ns[0]); a++)
			for (size_t b = 0; b < sizeof(ts) / sizeof(ts[0]); b++)
				run_count(ns[a], ts[b]);
}

/* Items that each wait until all of them have started: done only if
 * want threads really run them at once (the kept workers or new ones). */
struct rendezvous {
	unsigned n, arrived;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void meet(void *ctx, unsigned i)
{
	struct rendezvous *r = ctx;
	(void)i;
	pthread_mutex_lock(&r->mu);
	r->arrived++;
	pthread_cond_broadcast(&r->cv);
	while (r->arrived < r->n)
		pthread_cond_wait(&r->cv, &r->mu);
	pthread_mutex_unlock(&r->mu);
}

static void run_meet(unsigned n)
{
	struct rendezvous r = {.n = n};
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.cv, NULL);
	parallel_for(n, n, meet, &r);
	assert_int_equal(r.arrived, n);
	pthread_cond_destroy(&r.cv);
	pthread_mutex_destroy(&r.mu);
}

static void pfor_items_run_together(void **state)
{
	(void)state;
	for (int round = 0; round < 20; round++)
		run_meet(4);
	run_meet(64);
	run_meet(3);
}

/* A call from inside an item of another (the pool is busy then): its own
 * threads, and still every item once. */
static void nested_one(void *ctx, unsigned i)
{
	(void)ctx;
	(void)i;
	run_count(20, 4);
	run_meet(3);
}

static void pfor_nested(void **state)
{
	(void)state;
	parallel_for(6, 3, nested_one, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pfor_every_item_once),
		cmocka_unit_test(pfor_items_run_together),
		cmocka_unit_test(pfor_nested),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
