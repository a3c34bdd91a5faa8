/* Segment type descriptors (metadata/segtypes): the registry and its
 * flags, every type's text import and export (a byte-exact round trip of a
 * VG holding each, in LVM2's disk layout, and the file style's comments),
 * the PV renumbering of verbatim segments, the import and validation
 * errors word for word, the queries commands ask instead of comparing
 * names, and how a type enters the VG image. */
#include "tests/unit/unit.h"
#include <errno.h>
#include "lvmgr/cache/vgimage.h"
#include "metadata/vg.h"

/* Every type: linear (two segments), striped, striped on an LV, zero and
 * error (with tags), two verbatim types (cache-pool with its size field and
 * a subsection; "future" with reshape_count, a float, a PV area list and
 * an inline PV pair), a snapshot with its COW LV (hidden, so written
 * last). As lvmgr writes it for metadata areas, up to the header. */
static const char vg_text[] =
	"vg0 {\n"
	"id = \"NJ21Lm-PsTB-Qs69-m7HX-P38K-YJkd-nkgzhJ\"\n"
	"seqno = 4\n"
	"format = \"lvm2\"\n"
	"status = [\"RESIZEABLE\", \"READ\", \"WRITE\"]\n"
	"flags = []\n"
	"extent_size = 8192\n"
	"max_lv = 0\n"
	"max_pv = 0\n"
	"metadata_copies = 0\n"
	"\n"
	"physical_volumes {\n"
	"\n"
	"pv0 {\n"
	"id = \"YP7xgG-QeJp-KvBE-nA2O-Ch4y-Puao-lvQxJG\"\n"
	"device = \"/dev/loop0\"\n"
	"\n"
	"status = [\"ALLOCATABLE\"]\n"
	"flags = []\n"
	"dev_size = 131072\n"
	"pe_start = 2048\n"
	"pe_count = 15\n"
	"}\n"
	"\n"
	"pv1 {\n"
	"id = \"ZP7xgG-QeJp-KvBE-nA2O-Ch4y-Puao-lvQxJG\"\n"
	"device = \"/dev/loop1\"\n"
	"\n"
	"status = [\"ALLOCATABLE\"]\n"
	"flags = []\n"
	"dev_size = 131072\n"
	"pe_start = 2048\n"
	"pe_count = 15\n"
	"}\n"
	"}\n"
	"\n"
	"logical_volumes {\n"
	"\n"
	"lin {\n"
	"id = \"RiH936-pLsd-fS0e-dbSO-Jijh-MKpP-cpdCN5\"\n"
	"status = [\"READ\", \"WRITE\", \"VISIBLE\"]\n"
	"flags = []\n"
	"segment_count = 2\n"
	"\n"
	"segment1 {\n"
	"start_extent = 0\n"
	"extent_count = 2\n"
	"\n"
	"type = \"striped\"\n"
	"stripe_count = 1\n"
	"\n"
	"stripes = [\n"
	"\"pv0\", 0\n"
	"]\n"
	"}\n"
	"segment2 {\n"
	"start_extent = 2\n"
	"extent_count = 1\n"
	"\n"
	"type = \"striped\"\n"
	"stripe_count = 1\n"
	"\n"
	"stripes = [\n"
	"\"pv1\", 14\n"
	"]\n"
	"}\n"
	"}\n"
	"\n"
	"str {\n"
	"id = \"SiH936-pLsd-fS0e-dbSO-Jijh-MKpP-cpdCN5\"\n"
	"status = [\"READ\", \"WRITE\", \"VISIBLE\"]\n"
	"flags = []\n"
	"segment_count = 1\n"
	"\n"
	"segment1 {\n"
	"start_extent = 0\n"
	"extent_count = 4\n"
	"\n"
	"type = \"striped\"\n"
	"stripe_count = 2\n"
	"stripe_size = 128\n"
	"\n"
	"stripes = [\n"
	"\"pv0\", 2,\n"
	"\"pv1\", 0\n"
	"]\n"
	"}\n"
	"}\n"
	"\n"
	"stk {\n"
	"id = \"TiH936-pLsd-fS0e-dbSO-Jijh-MKpP-cpdCN5\"\n"
	"status = [\"READ\", \"WRITE\", \"VISIBLE\"]\n"
	"flags = []\n"
	"segment_count = 1\n"
	"\n"
	"segment1 {\n"
	"start_extent = 0\n"
	"extent_count = 1\n"
	"\n"
	"type = \"striped\"\n"
	"stripe_count = 1\n"
	"\n"
	"stripes = [\n"
	"\"lin\", 1\n"
	"]\n"
	"}\n"
	"}\n"
	"\n"
	"zz {\n"
	"id = \"UiH936-pLsd-fS0e-dbSO-Jijh-MKpP-cpdCN5\"\n"
	"status = [\"READ\", \"WRITE\", \"VISIBLE\"]\n"
	"flags = []\n"
	"tags = [\"t1\", \"t2\"]\n"
	"segment_count = 2\n"
	"\n"
	"segment1 {\n"
	"start_extent = 0\n"
	"extent_count = 100\n"
	"\n"
	"type = \"zero\"\n"
	"tags = [\"st\"]\n"
	"}\n"
	"segment2 {\n"
	"start_extent = 100\n"
	"extent_count = 5\n"
	"\n"
	"type = \"error\"\n"
	"}\n"
	"}\n"
	"\n"
	"pool {\n"
	"id = \"hhhhhh-bbbb-cccc-dddd-eeee-ffff-gggggg\"\n"
	"status = [\"READ\", \"WRITE\", \"VISIBLE\"]\n"
	"flags = []\n"
	"segment_count = 1\n"
	"\n"
	"segment1 {\n"
	"start_extent = 0\n"
	"extent_count = 1\n"
	"\n"
	"type = \"cache-pool\"\n"
	"metadata = \"pool_tmeta\"\n"
	"pool = \"pool_tdata\"\n"
	"transaction_id = 1\n"
	"chunk_size = 128\n"
	"discards = \"passdown\"\n"
	"zero_new_blocks = 1\n"
	"\n"
	"message1 {\n"
	"create = \"thin1\"\n"
	"}\n"
	"}\n"
	"}\n"
	"\n"
	"fut {\n"
	"id = \"ViH936-pLsd-fS0e-dbSO-Jijh-MKpP-cpdCN5\"\n"
	"status = [\"READ\", \"WRITE\", \"VISIBLE\"]\n"
	"flags = []\n"
	"segment_count = 1\n"
	"\n"
	"segment1 {\n"
	"start_extent = 0\n"
	"extent_count = 2\n"
	"\n"
	"reshape_count = 0\n"
	"type = \"future\"\n"
	"tags = [\"f\"]\n"
	"device_count = 2\n"
	"weight = 1.500000\n"
	"\n"
	"mirrors = [\n"
	"\"pv1\", 5,\n"
	"\"pv0\", 8\n"
	"]\n"
	"extra = [\"pv0\", 12]\n"
	"names = [\"a\", \"zz\"]\n"
	"}\n"
	"}\n"
	"\n"
	"cow {\n"
	"id = \"WiH936-pLsd-fS0e-dbSO-Jijh-MKpP-cpdCN5\"\n"
	"status = [\"READ\", \"WRITE\"]\n"
	"flags = []\n"
	"segment_count = 1\n"
	"\n"
	"segment1 {\n"
	"start_extent = 0\n"
	"extent_count = 1\n"
	"\n"
	"type = \"striped\"\n"
	"stripe_count = 1\n"
	"\n"
	"stripes = [\n"
	"\"pv0\", 10\n"
	"]\n"
	"}\n"
	"}\n"
	"\n"
	"snapshot0 {\n"
	"id = \"XiH936-pLsd-fS0e-dbSO-Jijh-MKpP-cpdCN5\"\n"
	"status = [\"READ\", \"WRITE\", \"VISIBLE\"]\n"
	"flags = []\n"
	"segment_count = 1\n"
	"\n"
	"segment1 {\n"
	"start_extent = 0\n"
	"extent_count = 3\n"
	"\n"
	"type = \"snapshot\"\n"
	"chunk_size = 8\n"
	"origin = \"lin\"\n"
	"cow_store = \"cow\"\n"
	"}\n"
	"}\n"
	"}\n"
	"\n"
	"}\n"
	;

static struct vg *import_ok(struct arena *a, const char *text, size_t len)
{
	struct vg *vg = NULL;
	char err[512] = "";
	int r = vg_import(a, text, len, &vg, err, sizeof(err));
	if (r)
		fail_msg("import: %s", err);
	return vg;
}

static void registry_lookup(void **state)
{
	(void)state;
	assert_ptr_equal(segtype_find("striped"), &segtype_striped);
	assert_ptr_equal(segtype_find("zero"), &segtype_zero);
	assert_ptr_equal(segtype_find("error"), &segtype_error);
	assert_ptr_equal(segtype_find("snapshot"), &segtype_snapshot);
	assert_ptr_equal(segtype_find("raid1"), &segtype_raid1);
	assert_true(segtype_raid1.flags & SEGTYPE_RAID);
	assert_ptr_equal(segtype_find("mirror"), &segtype_mirror);
	assert_null(segtype_find("linear"));	/* not a name in the text */
	assert_null(segtype_find("unknown"));
	assert_ptr_equal(segtype_find("thin-pool"), &segtype_thin_pool);
	assert_null(segtype_find("cache-pool"));
	assert_ptr_equal(segtype_from_string("linear"), &segtype_striped);
	assert_ptr_equal(segtype_from_string("error"), &segtype_error);
	assert_null(segtype_from_string("raid5"));
	assert_ptr_equal(segtype_for_text("cache-pool"), &segtype_unknown);
	assert_ptr_equal(segtype_for_text("striped"), &segtype_striped);
	/* every descriptor once, names unique, unknown last; each has areas,
	 * is virtual or is kept verbatim: exactly one of them */
	unsigned n = 0;
	for (const struct segtype *st; (st = segtype_at(n)); n++) {
		unsigned kind = st->flags & (SEGTYPE_AREAS | SEGTYPE_VIRTUAL | SEGTYPE_VERBATIM);
		assert_true(kind && !(kind & (kind - 1)));
		/* an image holds only what lvmgr understands (not every known
		 * type: the thin types' fields are not in it) */
		if (st->flags & SEGTYPE_VERBATIM)
			assert_false(st->flags & SEGTYPE_IMAGE);
		for (unsigned k = 0; k < n; k++)
			assert_string_not_equal(segtype_at(k)->name, st->name);
		if (st != &segtype_unknown)
			assert_ptr_equal(segtype_find(st->name), st);
	}
	assert_int_equal(n, 9);
	assert_ptr_equal(segtype_at(n - 1), &segtype_unknown);
	assert_true(segtype_striped.flags & SEGTYPE_STRIPED);
	assert_true(segtype_snapshot.flags & SEGTYPE_SNAPSHOT);
}

static const struct lv_seg *seg_of(const struct vg *vg, const char *lv, unsigned s)
{
	const struct lv *l = vg_find_lv(vg, lv);
	assert_non_null(l);
	assert_true(s < l->n_segs);
	return &l->segs[s];
}

/* Each segment gets its descriptor, and known/type from it. */
static void import_sets_descriptors(void **state)
{
	struct arena a;
	(void)state;
	arena_init(&a);
	struct vg *vg = import_ok(&a, vg_text, sizeof(vg_text) - 1);
	static const struct {
		const char *lv;
		unsigned seg;
		const struct segtype *st;
		const char *type;
		bool known;
	} want[] = {
		{"lin", 0, &segtype_striped, "striped", true}, {"lin", 1, &segtype_striped, "striped", true},
		{"str", 0, &segtype_striped, "striped", true}, {"stk", 0, &segtype_striped, "striped", true},
		{"zz", 0, &segtype_zero, "zero", true},	      {"zz", 1, &segtype_error, "error", true},
		{"pool", 0, &segtype_unknown, "cache-pool", false},
		{"fut", 0, &segtype_unknown, "future", false},
		{"snapshot0", 0, &segtype_snapshot, "snapshot", true},
	};
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		const struct lv_seg *seg = seg_of(vg, want[i].lv, want[i].seg);
		assert_ptr_equal(seg->segtype, want[i].st);
		assert_string_equal(seg->type, want[i].type);
		assert_int_equal(seg->known, want[i].known);
	}
	assert_true(vg->has_snapshots);
	arena_free(&a);
}

/* Import then export (disk style) gives back the text byte for byte. */
static void each_type_round_trip(void **state)
{
	struct arena a;
	struct strbuf sb;
	(void)state;
	arena_init(&a);
	struct vg *vg = import_ok(&a, vg_text, sizeof(vg_text) - 1);
	sb_init(&sb);
	vg_export(vg, EXPORT_DISK, "", 1, &sb);
	assert_true(sb.len > sizeof(vg_text) - 1);
	size_t d = 0;
	while (d < sizeof(vg_text) - 1 && sb.buf[d] == vg_text[d])
		d++;
	if (d != sizeof(vg_text) - 1)
		fail_msg("differs at byte %zu: ...%.80s... vs ...%.80s...", d, sb.buf + (d > 40 ? d - 40 : 0),
			 vg_text + (d > 40 ? d - 40 : 0));
	assert_memory_equal(sb.buf + d, "# Generated by", 14);
	/* every descriptor's model check passes on what it imported */
	char err[512] = "";
	if (vg_validate(vg, err, sizeof(err)))
		fail_msg("vg_validate: %s", err);
	/* and the export imports as the same VG */
	struct vg *again = import_ok(&a, sb.buf, sb.len);
	struct strbuf sb2;
	sb_init(&sb2);
	vg_export(again, EXPORT_DISK, "", 1, &sb2);
	assert_string_equal(sb.buf, sb2.buf);
	sb_free(&sb2);
	sb_free(&sb);
	arena_free(&a);
}

/* The file style (backups): tab indents and LVM2's size comments, from
 * the descriptors' lines too. */
static void file_style_comments(void **state)
{
	struct arena a;
	struct strbuf sb;
	(void)state;
	arena_init(&a);
	struct vg *vg = import_ok(&a, vg_text, sizeof(vg_text) - 1);
	sb_init(&sb);
	vg_export(vg, EXPORT_FILE, "", 1, &sb);
	static const char *const want[] = {
		"\t\t\tsegment1 {\n\t\t\t\tstart_extent = 0\n\t\t\t\textent_count = 2\t# 8 Megabytes\n\n"
		"\t\t\t\ttype = \"striped\"\n\t\t\t\tstripe_count = 1\t# linear\n\n"
		"\t\t\t\tstripes = [\n\t\t\t\t\t\"pv0\", 0\n\t\t\t\t]\n\t\t\t}\n",
		"\t\t\t\ttype = \"striped\"\n\t\t\t\tstripe_count = 2\n\t\t\t\tstripe_size = 128\t# 64 Kilobytes\n\n"
		"\t\t\t\tstripes = [\n\t\t\t\t\t\"pv0\", 2,\n\t\t\t\t\t\"pv1\", 0\n\t\t\t\t]\n",
		"\t\t\t\tstripes = [\n\t\t\t\t\t\"lin\", 1\n\t\t\t\t]\n",
		"\t\t\t\textent_count = 100\t# 400 Megabytes\n\n\t\t\t\ttype = \"zero\"\n\t\t\t\ttags = [\"st\"]\n\t\t\t}\n",
		"\t\t\t\ttype = \"error\"\n\t\t\t}\n",
		"\t\t\t\ttransaction_id = 1\n\t\t\t\tchunk_size = 128\t# 64 Kilobytes\n\t\t\t\tdiscards = \"passdown\"\n"
		"\t\t\t\tzero_new_blocks = 1\n\n\t\t\t\tmessage1 {\n\t\t\t\t\tcreate = \"thin1\"\n\t\t\t\t}\n\t\t\t}\n",
		"\t\t\t\treshape_count = 0\n\t\t\t\ttype = \"future\"\n\t\t\t\ttags = [\"f\"]\n\t\t\t\tdevice_count = 2\n"
		"\t\t\t\tweight = 1.500000\n\n\t\t\t\tmirrors = [\n\t\t\t\t\t\"pv1\", 5,\n\t\t\t\t\t\"pv0\", 8\n\t\t\t\t]\n"
		"\t\t\t\textra = [\"pv0\", 12]\n\t\t\t\tnames = [\"a\", \"zz\"]\n\t\t\t}\n",
		/* a snapshot's chunk_size is no size field of LVM2's */
		"\t\t\t\ttype = \"snapshot\"\n\t\t\t\tchunk_size = 8\n\t\t\t\torigin = \"lin\"\n",
	};
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		if (!strstr(sb.buf, want[i]))
			fail_msg("case %zu: not in the file export:\n%s", i, want[i]);
	sb_free(&sb);
	arena_free(&a);
}

#define VG_HEAD                                                                                    \
	"vg0 {\nid = \"NJ21Lm-PsTB-Qs69-m7HX-P38K-YJkd-nkgzhJ\"\nseqno = 1\nstatus = [\"RESIZEABLE\"]\n" \
	"extent_size = 8192\nmax_lv = 0\nmax_pv = 0\nphysical_volumes {\n"
#define PV(key, c, count)                                                                         \
	key " {\nid = \"" c "P7xgG-QeJp-KvBE-nA2O-Ch4y-Puao-lvQxJG\"\nstatus = [\"ALLOCATABLE\"]\n"    \
	    "dev_size = 131072\npe_start = 2048\npe_count = " #count "\n}\n"
#define LV1(segs)                                                                                  \
	"logical_volumes {\nlv1 {\nid = \"RiH936-pLsd-fS0e-dbSO-Jijh-MKpP-cpdCN5\"\n"                 \
	"status = [\"READ\", \"VISIBLE\"]\nsegment_count = 1\nsegment1 {\nstart_extent = 0\n" segs "}\n}\n}\n}\n"

/* A verbatim segment's ("pvN", extent) pairs follow the PV renumbering:
 * pv5 is written as pv1, and as pv0 once the PV before it is gone; the
 * pairs count as used extents. */
static void verbatim_pv_refs_renumbered(void **state)
{
	static const char text[] = VG_HEAD PV("pv0", "A", 15) PV("pv5", "B", 15) "}\n" LV1(
		"extent_count = 2\ntype = \"future\"\nmirrors = [\"pv5\", 3, \"lv9\", 0]\nx = [\"pv0\", \"pv5\", 1]\n");
	struct arena a;
	struct strbuf sb;
	(void)state;
	arena_init(&a);
	struct vg *vg = import_ok(&a, text, sizeof(text) - 1);
	const struct lv_seg *seg = seg_of(vg, "lv1", 0);
	assert_int_equal(seg->n_areas, 2);
	assert_int_equal(vg->pvs[1]->pe_alloc, 4);	/* 3-4 and 1-2 */
	assert_int_equal(vg->pvs[0]->pe_alloc, 0);	/* "pv0" there is no (PV, extent) pair */
	sb_init(&sb);
	vg_export(vg, EXPORT_DISK, "", 1, &sb);
	const char *want = "type = \"future\"\n\nmirrors = [\n\"pv1\", 3,\n\"lv9\", 0\n]\nx = [\"pv0\", \"pv1\", 1]\n}\n";
	if (!strstr(sb.buf, want))
		fail_msg("%s", sb.buf);
	vg_remove_pv(vg, vg->pvs[0]);
	sb.len = 0;
	vg_export(vg, EXPORT_DISK, "", 1, &sb);
	want = "type = \"future\"\n\nmirrors = [\n\"pv0\", 3,\n\"lv9\", 0\n]\nx = [\"pv0\", \"pv0\", 1]\n}\n";
	if (!strstr(sb.buf, want))
		fail_msg("%s", sb.buf);
	sb_free(&sb);
	arena_free(&a);
}

/* Each descriptor's import errors, word for word. */
static void import_errors(void **state)
{
	static const struct {
		const char *segs, *msg;
	} cases[] = {
		{"extent_count = 2\ntype = \"striped\"\nstripes = [\"pv0\", 0]\n",
		 "LV lv1 segment1: stripe_count is missing"},
		{"extent_count = 2\nstripe_count = 0\nstripes = [\"pv0\", 0]\n",	/* type defaults to striped */
		 "LV lv1 segment1: stripe_count = 0 is out of range (1..65536)"},
		{"extent_count = 2\ntype = \"striped\"\nstripe_count = \"1\"\nstripes = [\"pv0\", 0]\n",
		 "LV lv1 segment1: stripe_count is not an integer"},
		{"extent_count = 2\ntype = \"striped\"\nstripe_count = 2\nstripes = [\"pv0\", 0, \"pv0\", 5]\n",
		 "LV lv1 segment1: stripe_size is missing"},
		{"extent_count = 3\ntype = \"striped\"\nstripe_count = 2\nstripe_size = 128\nstripes = [\"pv0\", 0, \"pv0\", 5]\n",
		 "LV lv1 segment1: extent_count 3 is not a multiple of stripe_count 2"},
		{"extent_count = 2\ntype = \"striped\"\nstripe_count = 1\n",
		 "LV lv1 segment1: stripes list is missing"},
		{"extent_count = 2\ntype = \"striped\"\nstripe_count = 1\nstripes = \"pv0\"\n",
		 "LV lv1 segment1: stripes list is missing"},
		{"extent_count = 2\ntype = \"striped\"\nstripe_count = 2\nstripe_size = 128\nstripes = [\"pv0\", 0]\n",
		 "LV lv1 segment1: 1 stripe entries for stripe_count 2"},
		{"extent_count = 2\ntype = \"striped\"\nstripe_count = 1\nstripes = [0, \"pv0\"]\n",
		 "LV lv1 segment1: stripe 0 is not a (\"name\", extent) pair"},
		{"extent_count = 2\ntype = \"striped\"\nstripe_count = 1\nstripes = [\"pv0\", -1]\n",
		 "LV lv1 segment1: stripe 0 is not a (\"name\", extent) pair"},
		{"extent_count = 2\ntype = \"striped\"\nstripe_count = 1\nstripes = [\"pv9\", 0]\n",
		 "LV lv1 segment1: stripe 0 names PV pv9, which is not in the VG"},
		{"extent_count = 2\ntype = \"striped\"\nstripe_count = 1\nstripes = [\"lv7\", 0]\n",
		 "LV lv1 segment1: stripe 0 names \"lv7\", which is neither a PV nor an LV of VG vg0"},
		{"extent_count = 2\ntype = \"cache\"\nareas = [\"pv1\", 0]\n",
		 "LV lv1 segment1: areas names PV pv1, which is not in the VG"},
		{"extent_count = 2\ntype = \"snapshot\"\ncow = [\"pv3\", 0]\n",
		 "LV lv1 segment1: chunk_size is missing"},
		{"extent_count = 2\ntype = \"snapshot\"\nchunk_size = 12\norigin = \"lv1\"\ncow_store = \"lv1\"\n",
		 "LV lv1 segment1: chunk_size 12 is not a power of 2"},
		{"extent_count = 2\ntype = \"snapshot\"\nchunk_size = 8\norigin = \"lv1\"\n",
		 "LV lv1 segment1: snapshot cow storage not specified"},
		{"extent_count = 2\ntype = \"snapshot\"\nchunk_size = 8\ncow_store = \"a\"\nmerging_store = \"a\"\norigin = \"b\"\n",
		 "LV lv1 segment1: both cow_store and merging_store are given"},
		{"extent_count = 2\ntype = \"snapshot\"\nchunk_size = 8\ncow_store = \"a\"\n",
		 "LV lv1 segment1: snapshot origin not specified"},
		{"extent_count = 2\ntype = \"snapshot\"\nchunk_size = 8\ncow_store = \"nolv\"\norigin = \"nolv2\"\n",
		 "LV lv1 segment1 (snapshot of nolv2, COW nolv): its origin is not an LV of the VG"},
		{"extent_count = 2\ntype = \"snapshot\"\nchunk_size = 8\ncow_store = \"lv1\"\norigin = \"lv1\"\n",
		 "LV lv1 segment1 (snapshot of lv1, COW lv1): origin, COW store and snapshot must differ"},
		{"extent_count = 20\ntype = \"cache\"\nareas = [\"pv0\", 0]\n",
		 "LV lv1 segment1: extents 0-19 lie beyond the 15 extents of PV pv0"},
		{"extent_count = 2\ntype = 1\n", "LV lv1 segment1: type is not a string"},
		{"extent_count = 2\ntype = \"zero\"\ntags = [1]\n", "LV lv1 segment1: tags holds a non-string"},
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char text[2048], err[512] = "";
		struct arena a;
		struct vg *vg;
		snprintf(text, sizeof(text), VG_HEAD PV("pv0", "A", 15) "}\n" LV1("%s"), cases[i].segs);
		arena_init(&a);
		int r = vg_import(&a, text, strlen(text), &vg, err, sizeof(err));
		if (r != -EINVAL || strcmp(err, cases[i].msg))
			fail_msg("case %zu: r=%d \"%s\", expected \"%s\"", i, r, err, cases[i].msg);
		arena_free(&a);
	}
}

/* The striped descriptor's model check (vg_validate) of a segment a
 * command changed. */
static void validate_errors(void **state)
{
	static const char text[] = VG_HEAD PV("pv0", "A", 15) "}\n" LV1(
		"extent_count = 2\ntype = \"striped\"\nstripe_count = 1\nstripes = [\"pv0\", 0]\n");
	(void)state;
	for (int k = 0; k < 4; k++) {
		struct arena a;
		char err[512] = "";
		arena_init(&a);
		struct vg *vg = import_ok(&a, text, sizeof(text) - 1);
		struct lv_seg *seg = &vg->lvs[0]->segs[0];
		assert_int_equal(vg_validate(vg, err, sizeof(err)), 0);
		const char *want = NULL;
		switch (k) {
		case 0:
			seg->stripe_count = 2;
			want = "LV lv1 segment1: 1 areas for 2 stripes of 2 extents (stripe size 0)";
			break;
		case 1:
			seg->stripe_count = 0;
			want = "LV lv1 segment1: 1 areas for 0 stripes of 2 extents (stripe size 0)";
			break;
		case 2:
			seg->extent_count = 3;
			seg->n_areas = seg->stripe_count = 2;
			seg->stripe_size = 128;
			want = "LV lv1 segment1: 2 areas for 2 stripes of 3 extents (stripe size 128)";
			break;
		case 3:	/* zero: no areas, nothing to check but the extents */
			seg_set_segtype(seg, &segtype_zero);
			seg->n_areas = 0;
			break;
		}
		int r = vg_validate(vg, err, sizeof(err));
		if (want ? r != -EINVAL || strcmp(err, want) : r != 0)
			fail_msg("case %d: r=%d \"%s\"", k, r, err);
		arena_free(&a);
	}
}

/* What commands ask instead of comparing names. */
static void queries(void **state)
{
	struct arena a;
	(void)state;
	arena_init(&a);
	struct vg *vg = import_ok(&a, vg_text, sizeof(vg_text) - 1);
	const struct lv_seg *lin = seg_of(vg, "lin", 0), *str = seg_of(vg, "str", 0),
			    *stk = seg_of(vg, "stk", 0), *zero = seg_of(vg, "zz", 0),
			    *err = seg_of(vg, "zz", 1), *pool = seg_of(vg, "pool", 0),
			    *fut = seg_of(vg, "fut", 0), *snap = seg_of(vg, "snapshot0", 0);
	assert_true(seg_is_linear(lin) && seg_is_striped(lin));
	assert_true(!seg_is_linear(str) && seg_is_striped(str));
	assert_true(seg_is_linear(stk));
	assert_true(seg_is_virtual(zero) && seg_is_virtual(err) && !seg_is_striped(zero));
	assert_true(seg_is_verbatim(pool) && seg_is_verbatim(fut) && !seg_is_verbatim(snap));
	assert_true(!seg_is_verbatim(lin) && !seg_is_verbatim(zero));
	assert_true(seg_is_snapshot(snap) && !seg_is_snapshot(pool));
	assert_string_equal(seg_display_type(lin), "linear");
	assert_string_equal(seg_display_type(str), "striped");
	assert_string_equal(seg_display_type(zero), "zero");
	assert_string_equal(seg_display_type(pool), "cache-pool");
	assert_int_equal(seg_area_extents(str), 2);
	assert_int_equal(seg_area_extents(lin), 2);
	assert_int_equal(seg_area_extents(zero), 100);
	assert_int_equal(seg_area_extents(fut), 2);
	/* references: a stacked area; any string of a verbatim section */
	assert_true(seg_refers_to_lv(stk, "lin"));
	assert_false(seg_refers_to_lv(stk, "str"));
	assert_true(seg_refers_to_lv(fut, "zz"));
	assert_true(seg_refers_to_lv(pool, "thin1"));
	assert_true(seg_refers_to_lv(snap, "cow") && seg_refers_to_lv(snap, "lin"));
	assert_false(seg_refers_to_lv(zero, "lin"));
	const char *o, *c, *m;
	seg_snapshot_lvs(snap, &o, &c, &m);
	assert_string_equal(o, "lin");
	assert_string_equal(c, "cow");
	assert_null(m);
	seg_snapshot_lvs(pool, &o, &c, &m);
	assert_true(!o && !c && !m);
	/* the snapshot hides its own LV, not its COW (its origin is visible) */
	assert_false(lv_is_visible(vg, vg_find_lv(vg, "snapshot0")));
	assert_true(lv_is_visible(vg, vg_find_lv(vg, "cow")));
	assert_int_equal(vg_snapshot_count(vg), 1);
	assert_int_equal(vg_visible_lv_count(vg), 7);
	/* a segment made by code that sets only type and known */
	struct lv_seg old = {.type = "striped", .known = true, .extent_count = 4, .stripe_count = 2};
	assert_ptr_equal(seg_segtype(&old), &segtype_striped);
	assert_int_equal(seg_area_extents(&old), 2);
	old = (struct lv_seg){.type = "snapshot", .known = true};
	assert_ptr_equal(seg_segtype(&old), &segtype_snapshot);
	old = (struct lv_seg){.type = "cache", .known = false};
	assert_ptr_equal(seg_segtype(&old), &segtype_unknown);
	arena_free(&a);
}

/* Types that say SEGTYPE_IMAGE enter the VG image and come back with
 * their descriptor; a VG with a verbatim segment has none; an image
 * naming a type that has no descriptor is refused. */
static void image_per_type(void **state)
{
	struct arena a;
	struct strbuf img, text;
	(void)state;
	arena_init(&a);
	sb_init(&img);
	sb_init(&text);
	struct vg *vg = import_ok(&a, vg_text, sizeof(vg_text) - 1);
	assert_false(vg_image_possible(vg));
	assert_int_equal(vg_image_build(vg, NULL, &img), -EINVAL);
	static const char *const verbatim[] = {"pool", "fut", "snapshot0"};
	for (size_t i = 0; i < ARRAY_SIZE(verbatim); i++) {
		vg_remove_lv(vg, vg_find_lv(vg, verbatim[i]));
		if (i < 2)
			assert_false(vg_image_possible(vg));
	}
	vg->has_snapshots = false;	/* as the import of the VG now would say */
	assert_true(vg_image_possible(vg));
	struct export_ranges r = {.lv = calloc(vg->n_lvs + 1, sizeof(*r.lv))};
	vg_export_disk_ranges(vg, "d", 1, &text, &r, NULL);
	assert_int_equal(vg_image_build(vg, &r, &img), 0);
	free(r.lv);
	uint64_t tail;
	struct vg *loaded;
	assert_int_equal(vg_image_load(&a, img.buf, img.len, text.buf, text.len, &tail, &loaded), 0);
	assert_int_equal(loaded->n_lvs, vg->n_lvs);
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l], *ll = vg_find_lv(loaded, lv->name);
		assert_non_null(ll);
		assert_int_equal(ll->n_segs, lv->n_segs);
		for (unsigned s = 0; s < lv->n_segs; s++) {
			assert_ptr_equal(ll->segs[s].segtype, lv->segs[s].segtype);
			assert_string_equal(ll->segs[s].type, lv->segs[s].type);
			assert_true(ll->segs[s].known);
		}
	}
	/* the type names in the image, changed to one without a descriptor */
	static const char *const from[] = {"zero", "error", "striped"}, *const to[] = {"cach", "mirro", "snapsho"};
	for (size_t i = 0; i < ARRAY_SIZE(from); i++) {
		char *copy = malloc(img.len);
		memcpy(copy, img.buf, img.len);
		char *p = memmem(copy, img.len, from[i], strlen(from[i]) + 1);
		assert_non_null(p);
		memcpy(p, to[i], strlen(to[i]));
		assert_int_equal(vg_image_load(&a, copy, img.len, text.buf, text.len, &tail, &loaded), -EINVAL);
		free(copy);
	}
	sb_free(&text);
	sb_free(&img);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(registry_lookup),
		cmocka_unit_test(import_sets_descriptors),
		cmocka_unit_test(each_type_round_trip),
		cmocka_unit_test(file_style_comments),
		cmocka_unit_test(verbatim_pv_refs_renumbered),
		cmocka_unit_test(import_errors),
		cmocka_unit_test(validate_errors),
		cmocka_unit_test(queries),
		cmocka_unit_test(image_per_type),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
