/* Snapshots from metadata to device tree: a VG text with an origin and
 * two snapshots (as LVM2 writes it) built by the real builders
 * (metadata/segtypes/snapshot.c, activation/targets/snapshot.c) and run on
 * the recording fake with the origin live as a linear LV: LVM2's layers,
 * tables and order (the origin suspended while a snapshot loads), each
 * failing step undone with the origin back as it was; the status parser;
 * LVM2's COW size bound. */
#include "tests/unit/unit.h"
#include "activation/dtree.h"
#include "activation/fake.h"
#include "activation/targets/targets.h"
#include "metadata/segtypes/snapshot.h"

#include <errno.h>

static struct arena A;

static const char vg_text[] =
	"vg {\nid = \"aaaaaa-aaaa-aaaa-aaaa-aaaa-aaaa-aaaaaa\"\nseqno = 3\nformat = \"lvm2\"\n"
	"status = [\"RESIZEABLE\", \"READ\", \"WRITE\"]\nflags = []\nextent_size = 2048\n"
	"max_lv = 0\nmax_pv = 0\nmetadata_copies = 0\n"
	"physical_volumes {\npv0 {\nid = \"bbbbbb-bbbb-bbbb-bbbb-bbbb-bbbb-bbbbbb\"\ndevice = \"/dev/x\"\n"
	"status = [\"ALLOCATABLE\"]\nflags = []\ndev_size = 131072\npe_start = 2048\npe_count = 63\n}\n}\n"
	"logical_volumes {\n"
	"lin {\nid = \"LLLLLL-LLLL-LLLL-LLLL-LLLL-LLLL-LLLLLL\"\nstatus = [\"READ\", \"WRITE\", \"VISIBLE\"]\n"
	"flags = []\nsegment_count = 1\nsegment1 {\nstart_extent = 0\nextent_count = 8\ntype = \"striped\"\n"
	"stripe_count = 1\nstripes = [\"pv0\", 0]\n}\n}\n"
	"s1 {\nid = \"SSSSSS-SSSS-SSSS-SSSS-SSSS-SSSS-SSSSS1\"\nstatus = [\"READ\", \"WRITE\"]\n"
	"flags = []\nsegment_count = 1\nsegment1 {\nstart_extent = 0\nextent_count = 2\ntype = \"striped\"\n"
	"stripe_count = 1\nstripes = [\"pv0\", 8]\n}\n}\n"
	"s2 {\nid = \"SSSSSS-SSSS-SSSS-SSSS-SSSS-SSSS-SSSSS2\"\nstatus = [\"READ\"]\n"
	"flags = []\nsegment_count = 1\nsegment1 {\nstart_extent = 0\nextent_count = 1\ntype = \"striped\"\n"
	"stripe_count = 1\nstripes = [\"pv0\", 10]\n}\n}\n"
	"snapshot0 {\nid = \"XXXXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXXX0\"\nstatus = [\"READ\", \"WRITE\", \"VISIBLE\"]\n"
	"flags = []\nsegment_count = 1\nsegment1 {\nstart_extent = 0\nextent_count = 8\ntype = \"snapshot\"\n"
	"chunk_size = 128\norigin = \"lin\"\ncow_store = \"s1\"\n}\n}\n"
	"snapshot1 {\nid = \"XXXXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXXX1\"\nstatus = [\"READ\", \"WRITE\", \"VISIBLE\"]\n"
	"flags = []\nsegment_count = 1\nsegment1 {\nstart_extent = 0\nextent_count = 8\ntype = \"snapshot\"\n"
	"chunk_size = 8\norigin = \"lin\"\ncow_store = \"s2\"\n}\n}\n"
	"}\n}\n";

static const char *devno(void *ctx, const struct pv *pv)
{
	(void)ctx;
	(void)pv;
	return "8:16";
}

static struct vg *load(void)
{
	struct vg *vg;
	char err[256] = "";
	int r = vg_import(&A, vg_text, sizeof(vg_text) - 1, &vg, err, sizeof(err));
	if (r)
		fprintf(stderr, "%s\n", err);
	assert_int_equal(r, 0);
	static long present;	/* a scanned device: only its presence is asked */
	vg->pvs[0]->sd = (struct scan_dev *)&present;
	return vg;
}

static int setup(void **state)
{
	(void)state;
	arena_init(&A);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&A);
	return 0;
}

#define VGID "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define ORIGIN_UUID "LVM-" VGID "LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL"

/* The tree of lv: built by dt_add_lv from the metadata. */
static void build(struct dtree *t, const struct vg *vg, const char *lv)
{
	struct dt_build b = {.tree = t, .vg = vg, .devno = devno};
	struct dt_node *top;
	dt_init(t, &A);
	int r = dt_add_lv(&b, vg_find_lv(vg, lv), &top);
	if (r)
		fprintf(stderr, "%s\n", b.err);
	assert_int_equal(r, 0);
}

static struct dt_backend *live_origin(void)
{
	struct dt_backend *b = dt_fake_new();
	assert_int_equal(dt_fake_add(b, "vg-lin", ORIGIN_UUID, "0 16384 linear 8:16 2048\n"), 0);
	return b;
}

static int run(struct dtree *t, struct dt_backend *b, unsigned fail, struct dt_result *res)
{
	struct dmk_dev *devs;
	unsigned n;
	assert_int_equal(b->list(b, &A, &devs, &n), 0);
	dt_fake_log_reset(b);
	dt_fake_fail_at(b, fail);
	memset(res, 0, sizeof(*res));
	return dt_run(t, b, devs, n, res);
}

static void test_layers(void **state)
{
	(void)state;
	struct vg *vg = load();
	struct dtree t;
	/* from the origin and from a snapshot: the same whole stack */
	for (int from = 0; from < 2; from++) {
		build(&t, vg, from ? "s2" : "lin");
		assert_int_equal(t.n, 6);
		const struct dt_node *o = dt_find(&t, ORIGIN_UUID), *real = dt_find(&t, ORIGIN_UUID "-real"),
				     *s1 = dt_find(&t, "LVM-" VGID "SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS1"),
				     *c2 = dt_find(&t, "LVM-" VGID "SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS2-cow"),
				     *s2 = dt_find(&t, "LVM-" VGID "SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS2");
		assert_non_null(o);
		assert_non_null(real);
		assert_non_null(s1);
		assert_non_null(c2);
		assert_string_equal(real->name, "vg-lin-real");
		assert_string_equal(real->targets[0].type, "linear");
		assert_string_equal(real->targets[0].params, "8:16 2048");
		assert_string_equal(o->targets[0].type, "snapshot-origin");
		assert_int_equal(o->targets[0].len, 16384);
		assert_int_equal(o->priority, 1);
		assert_string_equal(s1->name, "vg-s1");
		assert_string_equal(s1->targets[0].type, "snapshot");
		assert_string_equal(s1->targets[0].params, "$0 $1 P 128");
		assert_int_equal(s1->targets[0].len, 16384);	/* the origin's size */
		assert_ptr_equal(s1->deps[0], real);
		assert_string_equal(s1->deps[1]->name, "vg-s1-cow");
		assert_int_equal(s1->n_quiesce, 1);
		assert_ptr_equal(s1->quiesce[0], o);
		assert_string_equal(c2->name, "vg-s2-cow");
		assert_string_equal(c2->targets[0].params, "8:16 22528");
		assert_true(s2->read_only && !c2->read_only);
	}
	/* the snapshotN LV itself is never a device */
	struct dt_build b = {.tree = &t, .vg = vg, .devno = devno};
	struct dt_node *top;
	dt_init(&t, &A);
	assert_int_equal(dt_add_lv(&b, vg_find_lv(vg, "snapshot0"), &top), -EINVAL);
}

static const char ops[] =
	"create vg-lin-real\n"
	"load vg-lin-real\n"
	"resume vg-lin-real\n"
	"create vg-s1-cow\n"
	"load vg-s1-cow\n"
	"resume vg-s1-cow\n"
	"create vg-s2-cow\n"
	"load vg-s2-cow\n"
	"resume vg-s2-cow\n"
	"load vg-lin\n"
	"suspend vg-lin\n"
	"create vg-s1\n"
	"load vg-s1\n"
	"create vg-s2\n"
	"load vg-s2\n"
	"resume vg-s1\n"
	"resume vg-s2\n"
	"resume vg-lin\n";

static unsigned count_lines(const char *s)
{
	unsigned n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_order_and_undo(void **state)
{
	(void)state;
	struct vg *vg = load();
	struct dtree t;
	struct dt_result res;
	struct dt_backend *b = live_origin();
	const char *before = strdup(dt_fake_state(b));
	/* each step failing: undone, the origin linear and live again */
	for (unsigned f = 1; f <= count_lines(ops); f++) {
		build(&t, vg, "lin");
		assert_int_not_equal(run(&t, b, f, &res), 0);
		assert_string_equal(dt_fake_state(b), before);
	}
	build(&t, vg, "lin");
	assert_int_equal(run(&t, b, 0, &res), 0);
	assert_string_equal(dt_fake_log(b), ops);
	free((void *)before);
	dt_fake_free(b);
}

static void test_status(void **state)
{
	(void)state;
	struct dt_status st;
	struct dm_target_line l = {0, 16384, "snapshot", "256/8192 16"};
	assert_int_equal(dt_status_parse(&l, 1, &st), 0);
	assert_true(st.has_percent);
	assert_int_equal(st.numer, 256);
	assert_int_equal(st.denom, 8192);
	l.params = "16/6144 16";	/* only its metadata: empty (LVM2) */
	assert_int_equal(dt_status_parse(&l, 1, &st), 0);
	assert_int_equal(st.numer, 0);
	l.params = "Invalid";
	assert_int_equal(dt_status_parse(&l, 1, &st), 0);
	assert_int_equal(st.health, DT_FAILED);
	l.params = "Merge failed";
	assert_int_equal(dt_status_parse(&l, 1, &st), 0);
	assert_int_equal(st.health, DT_FAILED);
	l.params = "9/8";
	assert_int_equal(dt_status_parse(&l, 1, &st), -EINVAL);
	l.params = "garbage";
	assert_int_equal(dt_status_parse(&l, 1, &st), -EINVAL);
	struct dm_target_line o = {0, 16384, "snapshot-origin", ""};
	assert_int_equal(dt_status_parse(&o, 1, &st), 0);
	assert_false(st.has_percent);
}

static void test_cow_max(void **state)
{
	(void)state;
	struct vg vg = {.extent_size = 2048};
	/* 8 MiB origin, 4k chunks: 2048 data + 1 header + 9 metadata chunks */
	assert_int_equal(snap_cow_max_extents(&vg, 8, 8), 9);
	/* 64k chunks: 128 + 1 + 1 chunks = 8.125 MiB */
	assert_int_equal(snap_cow_max_extents(&vg, 8, 128), 9);
	vg.extent_size = 8192;	/* 12 MiB origin, 4 MiB extents: 12.05 MiB */
	assert_int_equal(snap_cow_max_extents(&vg, 3, 8), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_layers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_and_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cow_max, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
