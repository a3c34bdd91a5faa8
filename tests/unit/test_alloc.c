#include "tests/unit/unit.h"
#include <errno.h>

#include "allocator/alloc.h"
#include "tests/tools/alloc_model.h"

/* A VG of PVs named p0, p1, ... with the given extent counts. */
static struct arena A;
static struct m_vg V;

static void vg_init(unsigned n, const uint64_t *sizes)
{
	static const char *names[] = { "p0", "p1", "p2", "p3", "p4", "p5" };
	arena_free(&A);
	arena_init(&A);
	memset(&V, 0, sizeof(V));
	V.a = &A;
	for (unsigned i = 0; i < n; i++) {
		V.pvs[i].name = names[i];
		V.pvs[i].pe_count = sizes[i];
		V.pvs[i].allocatable = true;
	}
	V.n_pvs = n;
}
#define VG(...)                                                                        \
	do {                                                                           \
		const uint64_t s_[] = { __VA_ARGS__ };                                 \
		vg_init(ARRAY_SIZE(s_), s_);                                           \
	} while (0)

static char layout_buf[1024];
/* "p0:0-29 | p1:0-9 p2:0-9" : the LV's segments, areas as PV:first-last. */
static const char *layout(const char *lv)
{
	int l = m_find_lv(&V, lv);
	size_t o = 0;
	layout_buf[0] = 0;
	for (unsigned i = 0; l >= 0 && i < V.lvs[l].n_segs; i++) {
		const struct alloc_seg *s = &V.lvs[l].segs[i];
		uint64_t len = s->extents / s->stripes;
		o += (size_t)snprintf(layout_buf + o, sizeof(layout_buf) - o, "%s", i ? " | " : "");
		for (unsigned k = 0; k < s->stripes; k++)
			o += (size_t)snprintf(layout_buf + o, sizeof(layout_buf) - o, "%s%s:%llu-%llu",
					      k ? " " : "", V.pvs[s->areas[k].pv].name,
					      (unsigned long long)s->areas[k].pe,
					      (unsigned long long)(s->areas[k].pe + len - 1));
	}
	return layout_buf;
}

static struct alloc_result R;
static int mk(const char *lv, uint64_t extents, unsigned stripes, enum alloc_policy p)
{
	return m_alloc(&V, lv, extents, stripes, p, NULL, 0, &R);
}
static int mk_on(const char *lv, uint64_t extents, const char *const *args, unsigned n)
{
	struct alloc_pv_arg *pa = arena_alloc(&A, (n + 1) * sizeof(*pa));
	char err[256];
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(alloc_parse_pv_arg(&A, args[i], &pa[i], err, sizeof(err)), 0);
	return m_alloc(&V, lv, extents, 1, ALLOC_NORMAL, pa, n, &R);
}
static void rm(const char *lv)
{
	V.lvs[m_find_lv(&V, lv)].live = false;
}

static void linear_first_pv_that_fits(void **state)
{
	VG(100, 100);
	assert_int_equal(mk("a", 30, 1, ALLOC_NORMAL), 0);
	assert_string_equal(layout("a"), "p0:0-29");
	assert_int_equal(mk("b", 30, 1, ALLOC_NORMAL), 0);
	assert_string_equal(layout("b"), "p0:30-59");
	assert_int_equal(mk("c", 50, 1, ALLOC_NORMAL), 0);	/* 40 left on p0 */
	assert_string_equal(layout("c"), "p1:0-49");
	(void)state;
}

static void linear_split_starts_in_largest_then_clings(void **state)
{
	VG(60, 40, 80);
	assert_int_equal(mk("a", 100, 1, ALLOC_NORMAL), 0);
	assert_string_equal(layout("a"), "p2:0-79 | p0:0-19");
	(void)state;
}

static void gap_reuse_and_lvm2_area_walk(void **state)
{
	/* p0 free areas 50 (0-49) and 40 (60-99); 30 wanted: LVM2 takes the
	 * first area of its walk (the 50), not the tighter 40. */
	VG(100);
	assert_int_equal(mk("x", 50, 1, ALLOC_NORMAL), 0);
	assert_int_equal(mk("y", 10, 1, ALLOC_NORMAL), 0);
	rm("x");
	assert_int_equal(mk("z", 30, 1, ALLOC_NORMAL), 0);
	assert_string_equal(layout("z"), "p0:0-29");
	/* Areas 100, 90, 45 for 40: the walk goes 100 -> (left 60) 45. */
	VG(300);
	assert_int_equal(mk("h1", 100, 1, ALLOC_NORMAL), 0);
	assert_int_equal(mk("g1", 1, 1, ALLOC_NORMAL), 0);
	assert_int_equal(mk("h2", 90, 1, ALLOC_NORMAL), 0);
	assert_int_equal(mk("g2", 1, 1, ALLOC_NORMAL), 0);
	assert_int_equal(mk("h3", 45, 1, ALLOC_NORMAL), 0);
	assert_int_equal(mk("g3", 1, 1, ALLOC_NORMAL), 0);
	rm("h1"), rm("h2"), rm("h3");
	assert_int_equal(mk("n", 40, 1, ALLOC_NORMAL), 0);
	assert_string_equal(layout("n"), "p0:192-231");
	(void)state;
}

static void extend_contiguous_then_cling(void **state)
{
	VG(100, 100);
	assert_int_equal(mk("a", 10, 1, ALLOC_NORMAL), 0);
	assert_int_equal(mk("b", 10, 1, ALLOC_NORMAL), 0);
	assert_int_equal(mk("a", 5, 1, ALLOC_NORMAL), 0);	/* b blocks: cling to p0 */
	assert_string_equal(layout("a"), "p0:0-9 | p0:20-24");
	assert_int_equal(mk("a", 5, 1, ALLOC_NORMAL), 0);	/* continues: merged */
	assert_string_equal(layout("a"), "p0:0-9 | p0:20-29");
	rm("b");
	/* Free on p0: 10 (10-19) and 70 (30-99). LVM2's walk: 70 would leave
	 * 65, the largest area below that is the 10, which fits: it wins. */
	assert_int_equal(mk("c", 5, 1, ALLOC_NORMAL), 0);
	assert_string_equal(layout("c"), "p0:10-14");
	(void)state;
}

static void contiguous_policy(void **state)
{
	VG(50, 50);
	assert_int_equal(mk("a", 30, 1, ALLOC_CONTIGUOUS), 0);
	assert_int_equal(mk("b", 30, 1, ALLOC_CONTIGUOUS), 0);
	assert_string_equal(layout("b"), "p1:0-29");
	assert_int_equal(mk("a", 20, 1, ALLOC_CONTIGUOUS), 0);
	assert_string_equal(layout("a"), "p0:0-49");
	assert_int_equal(mk("c", 5, 1, ALLOC_CONTIGUOUS), 0);
	assert_string_equal(layout("c"), "p1:30-34");
	assert_int_equal(mk("b", 10, 1, ALLOC_CONTIGUOUS), -ENOSPC);	/* c is in the way */
	assert_string_equal(R.error, "Insufficient suitable contiguous allocatable extents for "
				     "logical volume b: 10 more required");
	assert_string_equal(layout("b"), "p1:0-29");
	assert_int_equal(mk("d", 16, 1, ALLOC_CONTIGUOUS), -ENOSPC);
	assert_string_equal(R.error, "Insufficient free space: 16 extents needed, but only 15 available");
	assert_int_equal(mk("b", 10, 1, ALLOC_NORMAL), 0);	/* normal may leave p1 */
	assert_string_equal(layout("b"), "p1:0-29 | p1:35-44");
	(void)state;
}

static void cling_policy(void **state)
{
	VG(40, 100);
	assert_int_equal(mk("a", 30, 1, ALLOC_NORMAL), 0);
	assert_int_equal(mk("b", 5, 1, ALLOC_NORMAL), 0);
	assert_int_equal(mk("a", 5, 1, ALLOC_CLING), 0);
	assert_string_equal(layout("a"), "p0:0-29 | p0:35-39");
	assert_int_equal(mk("a", 1, 1, ALLOC_CLING), -ENOSPC);	/* p0 is full */
	assert_string_equal(R.error, "Insufficient suitable allocatable extents for logical volume a: "
				     "1 more required");
	assert_int_equal(mk("a", 1, 1, ALLOC_NORMAL), 0);
	assert_string_equal(layout("a"), "p0:0-29 | p0:35-39 | p1:0-0");
	(void)state;
}

static void cling_by_tags(void **state)
{
	static const char *t_a[] = { "a" }, *t_b[] = { "b" };
	static const char *list[] = { "@a" };
	VG(10, 50, 50);
	V.pvs[0].tags = t_a, V.pvs[0].n_tags = 1;
	V.pvs[1].tags = t_b, V.pvs[1].n_tags = 1;
	V.pvs[2].tags = t_a, V.pvs[2].n_tags = 1;
	assert_int_equal(mk("a", 10, 1, ALLOC_NORMAL), 0);
	m_build_used(&V);
	int l = m_find_lv(&V, "a");
	struct alloc_request req = {
		.lv = (unsigned)l, .lv_name = "a", .extents = 5, .stripes = 1,
		.segs = V.lvs[l].segs, .n_segs = V.lvs[l].n_segs, .policy = ALLOC_CLING,
		.maximise_cling = true, .cling_tags = list, .n_cling_tags = 1,
	};
	assert_int_equal(alloc_extents(&A, V.pvs, V.n_pvs, &req, &R), 0);
	assert_int_equal(R.n_segs, 1);
	assert_int_equal(R.segs[0].areas[0].pv, 2);	/* p2 shares @a, p1 does not */
	req.n_cling_tags = 0;
	assert_int_equal(alloc_extents(&A, V.pvs, V.n_pvs, &req, &R), -ENOSPC);
	(void)state;
}

static void striped_across_pvs(void **state)
{
	VG(100, 100, 100, 120);
	assert_int_equal(mk("s", 60, 3, ALLOC_NORMAL), 0);
	assert_string_equal(layout("s"), "p0:0-19 p1:0-19 p2:0-19");	/* ties: VG order */
	assert_int_equal(mk("t", 200, 2, ALLOC_NORMAL), 0);	/* p3 has most, then p0 */
	/* 80 on p3+p0; p0 is then full, so the rest goes where most is free. */
	assert_string_equal(layout("t"), "p3:0-79 p0:20-99 | p1:20-39 p2:20-39");
	assert_int_equal(mk("s", 30, 3, ALLOC_NORMAL), 0);
	assert_int_equal(V.lvs[m_find_lv(&V, "s")].extents, 90);
	assert_int_equal(mk("u", 31, 3, ALLOC_NORMAL), -EINVAL);
	assert_string_equal(R.error, "Number of extents requested (31) needs to be divisible by 3.");
	(void)state;
}

static void striped_extend_contiguous_merges(void **state)
{
	VG(100, 100);
	assert_int_equal(mk("s", 20, 2, ALLOC_NORMAL), 0);
	assert_int_equal(mk("s", 20, 2, ALLOC_NORMAL), 0);
	assert_string_equal(layout("s"), "p0:0-19 p1:0-19");
	(void)state;
}

static void striped_needs_distinct_pvs_unless_anywhere(void **state)
{
	VG(100, 10);
	assert_int_equal(mk("s", 40, 2, ALLOC_NORMAL), -ENOSPC);
	assert_string_equal(R.error, "Insufficient suitable allocatable extents for logical volume s: "
				     "20 more required");
	assert_int_equal(mk("s", 40, 2, ALLOC_ANYWHERE), 0);
	assert_string_equal(layout("s"), "p0:0-9 p1:0-9 | p0:10-19 p0:20-29");
	(void)state;
}

static void insufficient_free_space(void **state)
{
	VG(10, 10);
	assert_int_equal(mk("a", 21, 1, ALLOC_ANYWHERE), -ENOSPC);
	assert_string_equal(R.error, "Insufficient free space: 21 extents needed, but only 20 available");
	assert_int_equal(mk("a", 20, 1, ALLOC_NORMAL), 0);
	assert_string_equal(layout("a"), "p0:0-9 | p1:0-9");
	(void)state;
}

static void pv_lists_and_ranges(void **state)
{
	VG(100, 100);
	const char *a1[] = { "p1:50-59" };
	assert_int_equal(mk_on("a", 10, a1, 1), 0);
	assert_string_equal(layout("a"), "p1:50-59");
	const char *a2[] = { "p0:10-19:40-" };
	assert_int_equal(mk_on("b", 20, a2, 1), 0);
	assert_string_equal(layout("b"), "p0:40-59");
	const char *a3[] = { "p1", "p0" };	/* argument order is allocation order */
	assert_int_equal(mk_on("c", 30, a3, 2), 0);
	assert_string_equal(layout("c"), "p1:0-29");
	const char *a4[] = { "p1:0-4:90-" };
	assert_int_equal(mk_on("a", 15, a4, 1), -ENOSPC);
	assert_string_equal(R.error, "Insufficient free space: 15 extents needed, but only 10 available");
	const char *a5[] = { "p0:5-9", "p0:7" };
	assert_int_equal(mk_on("d", 1, a5, 2), -EINVAL);
	assert_string_equal(R.error, "Overlapping PE ranges specified (7-7, 5-9) on p0.");
	const char *a6[] = { "p0:90-100" };
	assert_int_equal(mk_on("d", 1, a6, 1), -EINVAL);
	assert_string_equal(R.error, "PE range error: start extent 90 to end extent 100.");
	const char *a7[] = { "p9" };
	assert_int_equal(mk_on("d", 1, a7, 1), -EINVAL);
	assert_string_equal(R.error, "Physical Volume \"p9\" not found in Volume Group.");
	V.pvs[1].allocatable = false;
	const char *a8[] = { "p1" };
	assert_int_equal(mk_on("d", 1, a8, 1), -ENOSPC);
	assert_string_equal(R.warning, "WARNING: Physical volume p1 not allocatable.");
	assert_string_equal(R.error, "No specified PVs have space available.");
	(void)state;
}

static void non_allocatable_pv_skipped(void **state)
{
	VG(10, 10);
	V.pvs[0].allocatable = false;
	assert_int_equal(mk("a", 10, 1, ALLOC_NORMAL), 0);
	assert_string_equal(layout("a"), "p1:0-9");
	assert_int_equal(mk("b", 1, 1, ALLOC_NORMAL), -ENOSPC);
	assert_string_equal(R.error, "Insufficient free space: 1 extents needed, but only 0 available");
	(void)state;
}

static void bad_used_map_rejected(void **state)
{
	struct alloc_used u[] = { { 0, 10, 0, 0 }, { 5, 10, 1, 0 } };
	struct alloc_pv pv = { "p0", 100, true, NULL, 0, u, 2 };
	struct alloc_request req = { .lv_name = "x", .extents = 1, .stripes = 1, .policy = ALLOC_NORMAL };
	assert_int_equal(alloc_extents(&A, &pv, 1, &req, &R), -EINVAL);
	assert_non_null(strstr(R.error, "PV p0"));
	(void)state;
}

static void parse_pv_args(void **state)
{
	struct alloc_pv_arg a;
	char err[256];
	assert_int_equal(alloc_parse_pv_arg(&A, "/dev/sdb", &a, err, sizeof(err)), 0);
	assert_string_equal(a.name, "/dev/sdb");
	assert_int_equal(a.n_ranges, 0);
	assert_int_equal(alloc_parse_pv_arg(&A, "/dev/sdb:100-199:300-:7:-3:5+3:9+0", &a, err, sizeof(err)), 0);
	assert_string_equal(a.name, "/dev/sdb");
	assert_int_equal(a.n_ranges, 6);
	const uint64_t want[][2] = { { 100, 199 }, { 300, ALLOC_PE_END }, { 7, 7 }, { 0, 3 }, { 5, 7 }, { 9, 9 } };
	for (unsigned i = 0; i < 6; i++) {
		assert_int_equal(a.ranges[i].start, want[i][0]);
		assert_true(a.ranges[i].end == want[i][1]);
	}
	assert_int_equal(alloc_parse_pv_arg(&A, "@fast", &a, err, sizeof(err)), 0);
	assert_true(a.is_tag);
	assert_string_equal(a.name, "fast");
	const char *bad[] = { "/dev/sdb::", "/dev/sdb:", "/dev/sdb:5x", "/dev/sdb:1-2-3", ":5", "" };
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(alloc_parse_pv_arg(&A, bad[i], &a, err, sizeof(err)), -EINVAL);
	assert_int_equal(alloc_parse_pv_arg(&A, "/dev/sdb:5x", &a, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "Physical extent parsing error at :5x.");
	(void)state;
}

static void policy_names(void **state)
{
	enum alloc_policy p;
	for (enum alloc_policy q = ALLOC_CONTIGUOUS; q <= ALLOC_ANYWHERE; q++) {
		assert_int_equal(alloc_policy_from_name(alloc_policy_name(q), &p), 0);
		assert_int_equal(p, q);
	}
	assert_int_equal(alloc_policy_from_name("inherit", &p), -EINVAL);
	(void)state;
}

/* Mirror logs as LVM2 2.03.16 placed them in the VM
 * (tests/fixtures/mirlog): a PV without an image first; else, under
 * normal, the last PV that holds the log, after its image; never when
 * mirror_logs_require_separate_pvs; a mirrored log on two PVs. */
static int log_at(const bool *parallel, unsigned count, enum alloc_policy p, bool separate, struct alloc_area *out)
{
	m_build_used(&V);
	struct alloc_log_request req = { .len = 1, .count = count, .parallel = parallel, .policy = p,
					 .separate = separate };
	return alloc_log_areas(&A, V.pvs, V.n_pvs, &req, out, &R);
}

static void mirror_log_placement(void **state)
{
	struct alloc_area at[2];
	VG(15, 15, 15, 15);
	assert_int_equal(mk("img", 6, 3, ALLOC_NORMAL), 0);	/* p0 p1 p2 0-1 */
	bool par3[] = { true, true, true, false };
	assert_int_equal(log_at(par3, 1, ALLOC_NORMAL, false, at), 0);
	assert_int_equal(at[0].pv, 3);
	assert_int_equal(at[0].pe, 0);
	/* two PVs without an image: the last one */
	bool par2[] = { true, true, false, false };
	assert_int_equal(log_at(par2, 1, ALLOC_NORMAL, false, at), 0);
	assert_int_equal(at[0].pv, 3);
	assert_int_equal(log_at(par3, 1, ALLOC_CONTIGUOUS, false, at), 0);
	assert_int_equal(at[0].pv, 3);
	/* every PV holds an image: the last PV, after its image (s1) */
	VG(15, 15, 15);
	assert_int_equal(mk("img", 6, 3, ALLOC_NORMAL), 0);
	assert_int_equal(log_at(par3, 1, ALLOC_NORMAL, false, at), 0);
	assert_int_equal(at[0].pv, 2);
	assert_int_equal(at[0].pe, 2);
	assert_int_equal(log_at(par3, 1, ALLOC_CLING, false, at), -ENOSPC);
	assert_int_equal(log_at(par3, 1, ALLOC_NORMAL, true, at), -ENOSPC);
	assert_string_equal(R.error, "Insufficient free space for log allocation for logical volume .");
	/* a mirrored log: one PV without an image, then the last image PV
	 * (s6: the other PVs' candidates come after the first pass's) */
	VG(15, 15, 15);
	assert_int_equal(mk("img", 4, 2, ALLOC_NORMAL), 0);
	bool par6[] = { true, true, false };
	assert_int_equal(log_at(par6, 2, ALLOC_NORMAL, false, at), 0);
	assert_int_equal(at[0].pv, 0);
	assert_int_equal(at[0].pe, 2);
	assert_int_equal(at[1].pv, 1);
	assert_int_equal(at[1].pe, 2);
	assert_int_equal(log_at(par6, 2, ALLOC_NORMAL, true, at), -ENOSPC);
	(void)state;
}

static int teardown(void **state)
{
	arena_free(&A);
	(void)state;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(linear_first_pv_that_fits),
		cmocka_unit_test(linear_split_starts_in_largest_then_clings),
		cmocka_unit_test(gap_reuse_and_lvm2_area_walk),
		cmocka_unit_test(extend_contiguous_then_cling),
		cmocka_unit_test(contiguous_policy),
		cmocka_unit_test(cling_policy),
		cmocka_unit_test(cling_by_tags),
		cmocka_unit_test(striped_across_pvs),
		cmocka_unit_test(striped_extend_contiguous_merges),
		cmocka_unit_test(striped_needs_distinct_pvs_unless_anywhere),
		cmocka_unit_test(insufficient_free_space),
		cmocka_unit_test(pv_lists_and_ranges),
		cmocka_unit_test(non_allocatable_pv_skipped),
		cmocka_unit_test(bad_used_map_rejected),
		cmocka_unit_test(parse_pv_args),
		cmocka_unit_test(policy_names),
		cmocka_unit_test(mirror_log_placement),
	};
	arena_init(&A);
	return cmocka_run_group_tests(tests, NULL, teardown);
}
