/* The device tree's order of operations, run on the recording fake:
 * a snapshot-like stack added under a live origin, a thin-pool-like stack
 * with a target message, a change to a live stack, and the undo when each
 * step in turn fails. The tables are hand-built (no snapshot or thin
 * metadata exists yet); the fake checks what the kernel would: tables load
 * only over live devices, held devices cannot go. */
#include "tests/unit/unit.h"
#include "activation/dtree.h"
#include "activation/fake.h"
#include "activation/targets/targets.h"

#include <errno.h>
#include <unistd.h>

static struct arena A;

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

/* ---- the stacks ---- */

/* origin "vg-lv" (live before: linear), its -real layer, a snapshot
 * "vg-snap" with its -cow; extra adds a second snapshot "vg-s2". */
static void snapshot_tree(struct dtree *t, bool second, uint64_t size)
{
	dt_init(t, &A);
	struct dt_node *real = dt_node(t, "vg-lv-real", "LVM-VL-real");
	dt_target(t, real, 0, size, "linear", "8:16 2048");
	struct dt_node *origin = dt_node(t, "vg-lv", "LVM-VL");
	dt_dep(t, origin, real);
	dt_target(t, origin, 0, size, "snapshot-origin", "$0");
	origin->priority = 1;	/* after its snapshots (LVM2) */
	struct dt_node *cow = dt_node(t, "vg-snap-cow", "LVM-VS-cow");
	dt_target(t, cow, 0, 2048, "linear", "8:16 100000");
	struct dt_node *snap = dt_node(t, "vg-snap", "LVM-VS");
	dt_dep(t, snap, real);
	dt_dep(t, snap, cow);
	dt_target(t, snap, 0, size, "snapshot", "$0 $1 P 8");
	dt_quiesce(t, snap, origin);
	if (!second)
		return;
	struct dt_node *cow2 = dt_node(t, "vg-s2-cow", "LVM-V2-cow");
	dt_target(t, cow2, 0, 2048, "linear", "8:16 200000");
	struct dt_node *s2 = dt_node(t, "vg-s2", "LVM-V2");
	dt_dep(t, s2, real);
	dt_dep(t, s2, cow2);
	dt_target(t, s2, 0, size, "snapshot", "$0 $1 P 8");
	dt_quiesce(t, s2, origin);
}

static void pool_tree(struct dtree *t)
{
	dt_init(t, &A);
	struct dt_node *meta = dt_node(t, "vg-pool_tmeta", "LVM-VM-tmeta");
	dt_target(t, meta, 0, 1024, "linear", "8:16 2048");
	struct dt_node *data = dt_node(t, "vg-pool_tdata", "LVM-VD-tdata");
	dt_target(t, data, 0, 65536, "linear", "8:16 4096");
	struct dt_node *tpool = dt_node(t, "vg-pool-tpool", "LVM-VP-tpool");
	dt_dep(t, tpool, meta);
	dt_dep(t, tpool, data);
	dt_target(t, tpool, 0, 65536, "thin-pool", "$0 $1 128 0 1 skip_block_zeroing");
	dt_message(t, tpool, "create_thin 1");
	struct dt_node *pool = dt_node(t, "vg-pool", "LVM-VP-pool");
	dt_dep(t, pool, tpool);
	dt_target(t, pool, 0, 65536, "linear", "$0 0");
	struct dt_node *thin = dt_node(t, "vg-thin1", "LVM-VT");
	dt_dep(t, thin, tpool);
	dt_target(t, thin, 0, 131072, "thin", "$0 1");
}

/* Run t on a fake (state from devs, via its listing), failing step fail
 * (0: none). */
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

static struct dt_backend *origin_only(void)
{
	struct dt_backend *b = dt_fake_new();
	assert_non_null(b);
	assert_int_equal(dt_fake_add(b, "vg-lv", "LVM-VL", "0 8192 linear 8:16 2048\n"), 0);
	return b;
}

static const char snapshot_ops[] =
	"create vg-lv-real\n"
	"load vg-lv-real\n"
	"resume vg-lv-real\n"	/* the origin's new table needs its size */
	"create vg-snap-cow\n"
	"load vg-snap-cow\n"
	"resume vg-snap-cow\n"
	"load vg-lv\n"		/* snapshot-origin over -real, inactive */
	"suspend vg-lv\n"	/* the origin quiet ... */
	"create vg-snap\n"
	"load vg-snap\n"	/* ... while the snapshot registers */
	"resume vg-snap\n"	/* snapshots before their origin */
	"resume vg-lv\n";

/* (a) a snapshot added under a live origin. */
static void test_snapshot_order(void **state)
{
	struct dtree t;
	struct dt_result res;
	struct dt_backend *b = origin_only();
	(void)state;
	snapshot_tree(&t, false, 8192);
	assert_int_equal(run(&t, b, 0, &res), 0);
	assert_string_equal(dt_fake_log(b), snapshot_ops);
	assert_int_equal(res.n_fail, 0);
	assert_int_equal(dt_find(&t, "LVM-VL")->state, DT_RELOAD);
	/* the tables went in with the layers' numbers */
	struct dm_target_line *l;
	unsigned n;
	assert_int_equal(b->table(b, &A, "vg-lv", "LVM-VL", &l, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(l[0].type, "snapshot-origin");
	assert_string_equal(l[0].params, "253:1");
	assert_int_equal(b->table(b, &A, "vg-snap", "LVM-VS", &l, &n), 0);
	assert_string_equal(l[0].params, "253:1 253:2 P 8");

	/* again: nothing to do */
	snapshot_tree(&t, false, 8192);
	assert_int_equal(run(&t, b, 0, &res), 0);
	assert_string_equal(dt_fake_log(b), "");

	/* a second snapshot: the origin's table stays, it is still quiesced */
	snapshot_tree(&t, true, 8192);
	assert_int_equal(run(&t, b, 0, &res), 0);
	assert_string_equal(dt_fake_log(b), "create vg-s2-cow\n"
					     "load vg-s2-cow\n"
					     "resume vg-s2-cow\n"
					     "suspend vg-lv\n"
					     "create vg-s2\n"
					     "load vg-s2\n"
					     "resume vg-s2\n"
					     "resume vg-lv\n");
	dt_fake_free(b);
}

static const char pool_ops[] =
	"create vg-pool_tmeta\n"
	"load vg-pool_tmeta\n"
	"resume vg-pool_tmeta\n"
	"create vg-pool_tdata\n"
	"load vg-pool_tdata\n"
	"resume vg-pool_tdata\n"
	"create vg-pool-tpool\n"
	"load vg-pool-tpool\n"
	"resume vg-pool-tpool\n"
	"message vg-pool-tpool create_thin 1\n"	/* live, before the thin LV */
	"create vg-pool\n"
	"load vg-pool\n"
	"create vg-thin1\n"
	"load vg-thin1\n"
	"resume vg-pool\n"
	"resume vg-thin1\n";

/* (b) a pool with a message, a thin LV over it. */
static void test_pool_order(void **state)
{
	struct dtree t;
	struct dt_result res;
	struct dt_backend *b = dt_fake_new();
	(void)state;
	pool_tree(&t);
	assert_int_equal(run(&t, b, 0, &res), 0);
	assert_string_equal(dt_fake_log(b), pool_ops);
	struct dm_target_line *l;
	unsigned n;
	assert_int_equal(b->table(b, &A, "vg-pool-tpool", "LVM-VP-tpool", &l, &n), 0);
	assert_string_equal(l[0].params, "253:0 253:1 128 0 1 skip_block_zeroing ");	/* the kernel's blank */
	assert_int_equal(b->table(b, &A, "vg-thin1", "LVM-VT", &l, &n), 0);
	assert_string_equal(l[0].params, "253:2 1");
	/* a pool already live: its messages go to the live table */
	pool_tree(&t);
	assert_int_equal(run(&t, b, 0, &res), 0);
	assert_string_equal(dt_fake_log(b), "message vg-pool-tpool create_thin 1\n");
	/* thin LVs on the live pool: the pool stack is left alone (its table
	 * as the kernel prints it, with its trailing blank, is the same), and
	 * each thin LV is a component of its own: one failing leaves the other */
	pool_tree(&t);
	t.nodes[2]->n_msgs = 0;
	for (int i = 2; i <= 3; i++) {
		char name[16], uuid[16], params[16];
		snprintf(name, sizeof(name), "vg-thin%d", i);
		snprintf(uuid, sizeof(uuid), "LVM-VT%d", i);
		snprintf(params, sizeof(params), "$0 %d", i);
		struct dt_node *thin = dt_node(&t, name, uuid);
		dt_dep(&t, thin, t.nodes[2]);
		dt_target(&t, thin, 0, 131072, "thin", arena_strdup(&A, params));
	}
	assert_int_equal(run(&t, b, 2, &res), -EIO);
	assert_null(strstr(dt_fake_log(b), "tpool"));
	assert_non_null(strstr(dt_fake_log(b), "load vg-thin2: failed\nremove vg-thin2\n"));
	assert_non_null(strstr(dt_fake_log(b), "create vg-thin3\nload vg-thin3\nresume vg-thin3\n"));
	assert_int_equal(res.n_comp_failed, 1);
	dt_fake_free(b);
}

/* Lines of log, counted. */
static unsigned count_lines(const char *s)
{
	unsigned n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Bytes of the first n lines of s. */
static size_t prefix_len(const char *s, unsigned n)
{
	const char *p = s;
	while (n-- && (p = strchr(p, '\n')))
		p++;
	return p ? (size_t)(p - s) : strlen(s);
}

/* The undo after the failed step: what the forward part created is
 * removed, newest first; what it suspended (and had not resumed) is
 * resumed; nothing else is removed. */
static void check_undo(const char *log, unsigned fail)
{
	char names[32][64], line[128];
	unsigned nc = 0, ns = 0, k = 0;
	char susp[32][64];
	const char *p = log;
	while (*p) {
		const char *e = strchr(p, '\n');
		snprintf(line, sizeof(line), "%.*s", (int)(e - p), p);
		p = e + 1;
		char op[16], name[64];
		assert_int_equal(sscanf(line, "%15s %63[^: ]", op, name), 2);
		bool failed = strstr(line, ": failed") != NULL;
		k++;
		if (k < fail || (k == fail && !failed)) {
			if (!strcmp(op, "create"))
				snprintf(names[nc++], 64, "%s", name);
			if (!strcmp(op, "suspend"))
				snprintf(susp[ns++], 64, "%s", name);
			if (!strcmp(op, "resume"))
				for (unsigned i = 0; i < ns; i++)
					if (!strcmp(susp[i], name))
						susp[i][0] = 0;
			continue;
		}
		if (k == fail) {
			assert_true(failed);
			continue;
		}
		/* the undo */
		if (!strcmp(op, "remove")) {
			assert_true(nc > 0);
			assert_string_equal(name, names[--nc]);
		} else if (!strcmp(op, "resume")) {
			for (unsigned i = 0; i < ns; i++)
				if (!strcmp(susp[i], name))
					susp[i][0] = 0;
		}
	}
	assert_int_equal(nc, 0);	/* every created device removed */
	for (unsigned i = 0; i < ns; i++)
		assert_string_equal(susp[i], "");	/* every suspended one resumed */
}

/* (c) each step fails in turn: the stack is back as it was. */
static void test_rollback_each_step(void **state)
{
	struct dtree t;
	struct dt_result res;
	(void)state;

	unsigned steps = count_lines(snapshot_ops);
	for (unsigned f = 1; f <= steps; f++) {
		struct dt_backend *b = origin_only();
		char before[1024];
		snprintf(before, sizeof(before), "%s", dt_fake_state(b));
		snapshot_tree(&t, false, 8192);
		assert_int_equal(run(&t, b, f, &res), -EIO);
		assert_int_equal(res.n_comp_failed, 1);
		assert_true(res.n_fail >= 1 && !res.fail[0].undo);
		assert_int_equal(strncmp(dt_fake_log(b), snapshot_ops, prefix_len(snapshot_ops, f - 1)), 0);
		check_undo(dt_fake_log(b), f);
		assert_int_equal(res.n_fail, 1);	/* no undo step failed */
		assert_string_equal(dt_fake_state(b), before);
		for (unsigned i = 0; i < t.n; i++)
			assert_false(t.nodes[i]->created);
		dt_fake_free(b);
	}
	steps = count_lines(pool_ops);
	for (unsigned f = 1; f <= steps; f++) {
		struct dt_backend *b = dt_fake_new();
		pool_tree(&t);
		assert_int_equal(run(&t, b, f, &res), -EIO);
		assert_int_equal(strncmp(dt_fake_log(b), pool_ops, prefix_len(pool_ops, f - 1)), 0);
		check_undo(dt_fake_log(b), f);
		assert_int_equal(res.n_fail, 1);
		assert_string_equal(dt_fake_state(b), "");
		dt_fake_free(b);
	}
	/* the exact undo when the origin's resume fails: its new table
	 * cleared (it holds -real), the old one resumed, then the new devices
	 * removed, upper first */
	struct dt_backend *b = origin_only();
	snapshot_tree(&t, false, 8192);
	assert_int_equal(run(&t, b, 12, &res), -EIO);
	assert_string_equal(res.fail[0].what, "resume");
	assert_string_equal(res.fail[0].name, "vg-lv");
	const char *log = dt_fake_log(b);
	const char *undo = strstr(log, "resume vg-lv: failed\n");
	assert_non_null(undo);
	assert_string_equal(undo, "resume vg-lv: failed\n"
				  "clear vg-lv\n"
				  "resume vg-lv\n"
				  "remove vg-snap\n"
				  "remove vg-snap-cow\n"
				  "remove vg-lv-real\n");
	dt_fake_free(b);
}

/* A live stack changed (the origin extended): new tables loaded inactive,
 * a grown device under others resumed at once (the tables above are
 * checked against its size), everything above suspended top down, resumed
 * bottom up; a failure after a table was swapped in puts the old one back. */
static void test_change_live_stack(void **state)
{
	struct dtree t;
	struct dt_result res;
	(void)state;
	struct dt_backend *b = origin_only();
	snapshot_tree(&t, false, 8192);
	assert_int_equal(run(&t, b, 0, &res), 0);
	char before[2048];
	snprintf(before, sizeof(before), "%s", dt_fake_state(b));
	static const char grow_ops[] = "load vg-lv-real\n"
				       "resume vg-lv-real\n"	/* grown: at once (LVM2) */
				       "load vg-lv\n"
				       "suspend vg-snap\n"	/* top down */
				       "suspend vg-lv\n"
				       "suspend vg-lv-real\n"
				       "load vg-snap\n"	/* a snapshot's table: origin quiet */
				       "resume vg-lv-real\n"	/* bottom up */
				       "resume vg-snap\n"
				       "resume vg-lv\n";
	for (unsigned f = 1; f <= count_lines(grow_ops); f++) {
		snapshot_tree(&t, false, 16384);
		assert_int_equal(run(&t, b, f, &res), -EIO);
		assert_int_equal(strncmp(dt_fake_log(b), grow_ops, prefix_len(grow_ops, f - 1)), 0);
		check_undo(dt_fake_log(b), f);
		assert_int_equal(res.n_fail, 1);
		assert_string_equal(dt_fake_state(b), before);
	}
	/* the snapshot's resume fails after -real took its new table */
	snapshot_tree(&t, false, 16384);
	assert_int_equal(run(&t, b, 9, &res), -EIO);
	const char *undo = strstr(dt_fake_log(b), "resume vg-snap: failed\n");
	assert_non_null(undo);
	assert_string_equal(undo, "resume vg-snap: failed\n"
				  "clear vg-snap\n"
				  "clear vg-lv\n"
				  "load vg-lv-real\n"	/* the old table back */
				  "suspend vg-lv-real\n"
				  "resume vg-lv-real\n"
				  "resume vg-lv\n"
				  "resume vg-snap\n");
	assert_string_equal(dt_fake_state(b), before);

	snapshot_tree(&t, false, 16384);
	assert_int_equal(run(&t, b, 0, &res), 0);
	assert_string_equal(dt_fake_log(b), grow_ops);
	dt_fake_free(b);
}

/* Independent components: one failing is undone, the others stay. */
static void test_components(void **state)
{
	struct dtree t;
	struct dt_result res;
	(void)state;
	struct dt_backend *b = dt_fake_new();
	dt_init(&t, &A);
	for (int i = 0; i < 3; i++) {
		char name[16], uuid[16];
		snprintf(name, sizeof(name), "vg-l%d", i);
		snprintf(uuid, sizeof(uuid), "LVM-L%d", i);
		dt_target(&t, dt_node(&t, name, uuid), 0, 8, "zero", "");
	}
	assert_int_equal(run(&t, b, 5, &res), -EIO);	/* vg-l1's load */
	assert_string_equal(dt_fake_log(b), "create vg-l0\nload vg-l0\nresume vg-l0\n"
					    "create vg-l1\nload vg-l1: failed\nremove vg-l1\n"
					    "create vg-l2\nload vg-l2\nresume vg-l2\n");
	assert_int_equal(res.n_comp_failed, 1);
	assert_true(t.nodes[0]->created && !t.nodes[0]->failed);
	assert_true(!t.nodes[1]->created && t.nodes[1]->failed);
	assert_true(t.nodes[2]->created);
	dt_fake_free(b);
}

/* The kill-test step "dm-created" is reached by each component this run
 * changed, not by one it left as it found it (a kill there is the same
 * state as at the step before: the kernel sweeps would test it twice). */
static void test_step_per_changed_component(void **state)
{
	struct dtree t;
	struct dt_result res;
	char out[256] = "";
	(void)state;
	struct dt_backend *b = dt_fake_new();
	assert_int_equal(dt_fake_add(b, "vg-l0", "LVM-L0", "0 8 zero \n"), 0);
	dt_init(&t, &A);
	dt_target(&t, dt_node(&t, "vg-l0", "LVM-L0"), 0, 8, "zero", "");	/* as live */
	dt_target(&t, dt_node(&t, "vg-l1", "LVM-L1"), 0, 8, "zero", "");	/* new */
	FILE *f = tmpfile();
	assert_non_null(f);
	fflush(stderr);
	int saved = dup(2);
	dup2(fileno(f), 2);
	setenv("LVMGR_TEST_STEPS", "1", 1);
	int r = run(&t, b, 0, &res);
	unsetenv("LVMGR_TEST_STEPS");
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(f);
	size_t n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = 0;
	fclose(f);
	assert_int_equal(r, 0);
	assert_string_equal(dt_fake_log(b), "create vg-l1\nload vg-l1\nresume vg-l1\n");
	assert_string_equal(out, "lvmgr: test step dm-created\n");
	dt_fake_free(b);
}

/* Nodes found by uuid among many; truncation forgets the later ones. */
static void test_lookup(void **state)
{
	struct dtree t;
	char u[32];
	(void)state;
	dt_init(&t, &A);
	for (int i = 0; i < 1000; i++) {
		snprintf(u, sizeof(u), "LVM-%d", i);
		struct dt_node *n = dt_node(&t, u, u);
		assert_ptr_equal(dt_node(&t, "other", u), n);	/* one node per uuid */
	}
	assert_int_equal(t.n, 1000);
	dt_truncate(&t, 500);
	for (int i = 0; i < 1000; i++) {
		snprintf(u, sizeof(u), "LVM-%d", i);
		struct dt_node *n = dt_find(&t, u);
		if (i < 500) {
			assert_non_null(n);
			assert_int_equal(n->index, i);
		} else {
			assert_null(n);
		}
	}
	assert_int_equal(dt_node(&t, "x", "LVM-700")->index, 500);
}

/* Names and uuids as LVM2 builds them. */
static void test_names(void **state)
{
	(void)state;
	assert_string_equal(dt_name(&A, "vg-1", "lv-a", NULL), "vg--1-lv--a");
	assert_string_equal(dt_name(&A, "vg", "lv", "real"), "vg-lv-real");
	assert_string_equal(dt_name(&A, "vg", "lv", "_mlog"), "vg-lv_mlog");
	struct vg vg = {.name = "vg"};
	struct lv lv = {.name = "lv"};
	memset(vg.id, 'a', ID_LEN);
	memset(lv.id, 'b', ID_LEN);
	assert_string_equal(dt_uuid(&A, &vg, &lv, "tpool"),
			    "LVM-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-tpool");
	assert_string_equal(dt_uuid(&A, &vg, &lv, ""), dm_lv_uuid(&A, &vg, &lv));
}

/* The print backend: the tree in creation order, layers by name. */
static void test_print(void **state)
{
	struct dtree t;
	struct dt_result res = {0};
	struct dt_backend pb;
	struct strbuf out;
	(void)state;
	sb_init(&out);
	snapshot_tree(&t, false, 8192);
	assert_int_equal(dt_run(&t, dt_print_backend(&pb, &out), NULL, 0, &res), 0);
	assert_string_equal(out.buf, "vg-lv-real: uuid LVM-VL-real\n0 8192 linear 8:16 2048\n"
				     "vg-snap-cow: uuid LVM-VS-cow\n0 2048 linear 8:16 100000\n"
				     "vg-lv: uuid LVM-VL\n0 8192 snapshot-origin /dev/mapper/vg-lv-real\n"
				     "vg-snap: uuid LVM-VS\n"
				     "0 8192 snapshot /dev/mapper/vg-lv-real /dev/mapper/vg-snap-cow P 8\n");
	sb_free(&out);
}

/* Status lines through the target descriptors. */
static void test_status(void **state)
{
	(void)state;
	struct dm_target_line l[] = {{0, 8, "linear", "8:16 0"}, {8, 8, "striped", "2 8 8:16 0 8:32 0"},
				     {16, 8, "zero", ""}, {24, 8, "error", ""}};
	struct dt_status st;
	assert_int_equal(dt_status_parse(l, 4, &st), 0);
	assert_false(st.has_percent);
	assert_int_equal(st.health, DT_HEALTHY);
	struct dm_target_line u = {0, 8, "flakey", ""};
	assert_int_equal(dt_status_parse(&u, 1, &st), -ENOTSUP);
	assert_ptr_equal(dt_target_for_segtype("striped"), &dt_target_striped);
	assert_ptr_equal(dt_target_for_dm("linear"), &dt_target_striped);
	assert_ptr_equal(dt_target_for_segtype("raid1"), &dt_target_raid1);
	assert_null(dt_target_for_segtype("raid5"));
	/* thin: Data% from the pool's data blocks, from a thin LV's mapped
	 * sectors (status lines as the kernel printed them in the VM) */
	assert_ptr_equal(dt_target_for_segtype("thin"), &dt_target_thin);
	struct dm_target_line pool = {0, 81920, "thin-pool",
				      "4 113/1024 160/640 - rw discard_passdown queue_if_no_space - 256"};
	assert_int_equal(dt_status_parse(&pool, 1, &st), 0);
	assert_true(st.has_percent);
	assert_int_equal(st.numer, 160);
	assert_int_equal(st.denom, 640);
	assert_int_equal(st.health, DT_HEALTHY);
	struct thin_pool_status ps;
	assert_int_equal(thin_pool_status_parse(pool.params, &ps), 0);
	assert_int_equal(ps.transaction_id, 4);
	assert_int_equal(ps.meta_used, 113);
	assert_int_equal(ps.meta_total, 1024);
	struct dm_target_line ro = {0, 8, "thin-pool", "1 10/1024 0/48 - ro no_discard_passdown error_if_no_space needs_check 256"};
	assert_int_equal(dt_status_parse(&ro, 1, &st), 0);
	assert_int_equal(st.health, DT_DEGRADED);
	struct dm_target_line fail = {0, 8, "thin-pool", "Fail"};
	assert_int_equal(dt_status_parse(&fail, 1, &st), 0);
	assert_int_equal(st.health, DT_FAILED);
	struct dm_target_line thin = {0, 204800, "thin", "51200 204799"};
	assert_int_equal(dt_status_parse(&thin, 1, &st), 0);
	assert_int_equal(st.numer, 51200);
	assert_int_equal(st.denom, 204800);
	struct dm_target_line bad = {0, 8, "thin-pool", "x"};
	assert_int_equal(dt_status_parse(&bad, 1, &st), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_snapshot_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pool_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_each_step, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_live_stack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_components, setup, teardown),
		cmocka_unit_test_setup_teardown(test_step_per_changed_component, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
