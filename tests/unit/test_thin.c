/* The thin-pool and thin segment types (metadata/segtypes/thin*.c): a VG
 * LVM2 2.03.16 wrote with pools, thin LVs and thin snapshots
 * (tests/fixtures/lvm2-thin/, made in the kernel VM by its make.sh) reads
 * and writes back byte for byte; the model queries; the references
 * between pools, thin LVs and hidden LVs checked as LVM2 checks them. */
#include "tests/unit/unit.h"
#include <errno.h>
#include "metadata/segtypes/thin.h"
#include "metadata/vg.h"

static char *slurp_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	b[n] = 0;
	fclose(f);
	*len = (size_t)n;
	return b;
}

static void lvm2_backup_round_trip(void **state)
{
	size_t len;
	char *text = slurp_file(FIXTURE("lvm2-thin/backup.txt"), &len), err[256] = "";
	struct arena a;
	struct vg *vg;
	struct strbuf sb;
	(void)state;

	setenv("TZ", "UTC", 1);
	arena_init(&a);
	if (vg_import(&a, text, len, &vg, err, sizeof(err)))
		fail_msg("import: %s", err);
	sb_init(&sb);
	vg_export(vg, EXPORT_FILE, "x", 1, &sb);
	const char *want = strstr(text, "\nvg {"), *got = strstr(sb.buf, "\nvg {");
	assert_non_null(want);
	assert_non_null(got);
	assert_string_equal(got, want);
	if (vg_validate(vg, err, sizeof(err)))
		fail_msg("validate: %s", err);

	/* the model */
	struct lv *pool = vg_find_lv(vg, "pool"), *t1 = vg_find_lv(vg, "t1"), *s1 = vg_find_lv(vg, "s1");
	struct lv *tmeta = vg_find_lv(vg, "pool_tmeta"), *tdata = vg_find_lv(vg, "pool2_tdata");
	assert_true(lv_is_thin_pool(pool));
	assert_true(lv_is_thin(t1));
	assert_false(lv_is_thin(pool));
	assert_ptr_equal(thin_pool_of(vg, t1), pool);
	bool meta = false;
	assert_ptr_equal(thin_pool_of_sub(vg, tmeta, &meta), pool);
	assert_true(meta);
	assert_ptr_equal(thin_pool_of_sub(vg, tdata, &meta), vg_find_lv(vg, "pool2"));
	assert_false(meta);
	const struct seg_thin *pt = seg_thin(&pool->segs[0]), *st = seg_thin(&s1->segs[0]);
	assert_int_equal(pt->transaction_id, 4);
	assert_int_equal(pt->chunk_size, 128);
	assert_string_equal(pt->discards, "passdown");
	assert_true(pt->zero_new_blocks);
	assert_int_equal(st->device_id, 3);
	assert_string_equal(st->origin, "t1");
	assert_true(seg_refers_to_lv(&pool->segs[0], "pool_tdata"));
	assert_true(seg_refers_to_lv(&pool->segs[0], "pool_tmeta"));
	assert_true(seg_refers_to_lv(&t1->segs[0], "pool"));
	assert_false(lv_is_visible(vg, tmeta));
	assert_true(seg_is_virtual(&t1->segs[0]));
	assert_false(seg_is_verbatim(&pool->segs[0]));
	sb_free(&sb);
	arena_free(&a);
	free(text);
}

/* One edit of the fixture each: the import refuses it with this message. */
static void references_checked(void **state)
{
	static const struct {
		const char *from, *to, *msg;
	} cases[] = {
		{"thin_pool = \"pool3\"", "thin_pool = \"nopool\"", "LV t3: thin pool nopool is missing"},
		{"thin_pool = \"pool3\"", "thin_pool = \"t1\"", "LV t3: thin pool t1 is not a thin pool"},
		{"metadata = \"pool2_tmeta\"", "metadata = \"pool2_xmeta\"", "LV pool2: thin pool metadata LV pool2_xmeta is missing"},
		{"device_id = 2\n", "device_id = 1\n", "thin pool pool: device id 1 is used by two thin LVs"},
		{"device_id = 2\n", "device_id = 16777216\n", "LV t2 segment1: device_id = 16777216 is out of range (0..16777215)"},
		{"chunk_size = 512", "chunk_size = 64", "LV pool2 segment1: chunk_size = 64 is out of range (128..2097152)"},
		{"discards = \"nopassdown\"", "discards = \"sometimes\"", "LV pool2 segment1: discards \"sometimes\" is not passdown, nopassdown or ignore"},
		{"origin = \"t1\"\n\t\t\t}\n\t\t}\n\n\t\tlvol1", "origin = \"t9\"\n\t\t\t}\n\t\t}\n\n\t\tlvol1", "LV s1: origin LV t9 is missing"},
		{"\t\t\t\tmetadata = \"pool_tmeta\"\n", "", "LV pool segment1: metadata is missing"},
	};
	size_t len;
	char *text = slurp_file(FIXTURE("lvm2-thin/backup.txt"), &len);
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *p = strstr(text, cases[i].from), err[512] = "";
		assert_non_null(p);
		size_t fl = strlen(cases[i].from), tl = strlen(cases[i].to);
		char *edit = malloc(len + tl + 1);
		memcpy(edit, text, (size_t)(p - text));
		memcpy(edit + (p - text), cases[i].to, tl);
		strcpy(edit + (p - text) + tl, p + fl);
		struct arena a;
		struct vg *vg;
		arena_init(&a);
		int r = vg_import(&a, edit, strlen(edit), &vg, err, sizeof(err));
		if (r != -EINVAL || strcmp(err, cases[i].msg))
			fail_msg("case %zu: r=%d \"%s\", expected \"%s\"", i, r, err, cases[i].msg);
		arena_free(&a);
		free(edit);
	}
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lvm2_backup_round_trip),
		cmocka_unit_test(references_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
