/* The selection grammar (cmd/report/select.c, select_time.c) on a VG
 * imported from LVM2's text: operators, precedence, lists, sizes with
 * units, reserved values, time ranges, and the errors (LVM2 2.03.16's
 * messages, checked against lvm lvs -S on loop devices). */
#include "tests/unit/unit.h"
#include <errno.h>
#include <time.h>
#include "cmd/report/select.h"
#include "cmd/report/select_int.h"
#include "lvmgr/base/util.h"

static const char vg_text[] =
	"vg0 {\n id = \"NJ21Lm-PsTB-Qs69-m7HX-P38K-YJkd-nkgzhJ\"\n seqno = 4\n format = \"lvm2\"\n"
	" status = [\"RESIZEABLE\", \"READ\", \"WRITE\"]\n flags = []\n tags = [\"vt\"]\n"
	" extent_size = 8192\n max_lv = 0\n max_pv = 0\n metadata_copies = 0\n"
	" physical_volumes {\n"
	"  pv0 {\n id = \"YP7xgG-QeJp-KvBE-nA2O-Ch4y-Puao-lvQxJG\"\n device = \"/dev/loop0\"\n"
	"   status = [\"ALLOCATABLE\"]\n flags = []\n dev_size = 131072\n pe_start = 2048\n pe_count = 15\n }\n"
	" }\n"
	" logical_volumes {\n"
	"  lin {\n id = \"RiH936-pLsd-fS0e-dbSO-Jijh-MKpP-cpdCN5\"\n"
	"   status = [\"READ\", \"WRITE\", \"VISIBLE\"]\n flags = []\n tags = [\"t2\", \"t1\"]\n"
	"   creation_time = 1795400258\n creation_host = \"vm\"\n segment_count = 1\n"
	"   segment1 {\n start_extent = 0\n extent_count = 2\n type = \"striped\"\n stripe_count = 1\n"
	"    stripes = [\"pv0\", 0]\n }\n }\n"
	"  multi {\n id = \"RiH936-pLsd-fS0e-dbSO-Jijh-MKpP-cpdCN6\"\n"
	"   status = [\"READ\", \"VISIBLE\"]\n flags = []\n"
	"   creation_time = 1600000000\n creation_host = \"vm\"\n segment_count = 2\n"
	"   segment1 {\n start_extent = 0\n extent_count = 1\n type = \"striped\"\n stripe_count = 1\n"
	"    stripes = [\"pv0\", 2]\n }\n"
	"   segment2 {\n start_extent = 1\n extent_count = 2\n type = \"striped\"\n stripe_count = 1\n"
	"    stripes = [\"pv0\", 3]\n }\n }\n"
	"  hid_tmeta {\n id = \"RiH936-pLsd-fS0e-dbSO-Jijh-MKpP-cpdCN7\"\n"
	"   status = [\"READ\", \"WRITE\"]\n flags = []\n tags = [\"t1\"]\n"
	"   creation_time = 1795400258\n creation_host = \"vm\"\n segment_count = 1\n"
	"   segment1 {\n start_extent = 0\n extent_count = 1\n type = \"striped\"\n stripe_count = 1\n"
	"    stripes = [\"pv0\", 5]\n }\n }\n"
	" }\n}\n";

static struct arena A;
static struct vg *VG;

static int setup(void **state)
{
	char err[256];
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	arena_init(&A);
	log_verbosity = LOG_ERROR - 1;	/* the error cases log; stay quiet */
	return vg_import(&A, vg_text, sizeof(vg_text) - 1, &VG, err, sizeof(err));
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&A);
	return 0;
}

/* The LV names (in VG order) the selection picks, joined by spaces;
 * "ERR" when it does not parse. */
static const char *lvs(const char *expr)
{
	static char out[256];
	struct selection *s;
	if (select_parse(&A, expr, REPORT_LV, &s))
		return "ERR";
	out[0] = '\0';
	for (unsigned i = 0; i < VG->n_lvs; i++)
		if (select_lv(s, VG, VG->lvs[i])) {
			if (out[0])
				strcat(out, " ");
			strcat(out, VG->lvs[i]->name);
		}
	return out;
}

static void operators(void **state)
{
	(void)state;
	assert_string_equal(lvs("lv_name=lin"), "lin");
	assert_string_equal(lvs("name=lin"), "lin");		/* prefix added */
	assert_string_equal(lvs("name!=lin"), "multi hid_tmeta");
	assert_string_equal(lvs("name=\"lin\""), "lin");
	assert_string_equal(lvs("name='multi'"), "multi");
	assert_string_equal(lvs("name=hid_tmeta"), "hid_tmeta");	/* no brackets */
	assert_string_equal(lvs("name=~^l"), "lin");
	assert_string_equal(lvs("name!~i"), "");
	assert_string_equal(lvs("name=~'t.*a'"), "hid_tmeta");
	assert_string_equal(lvs("seg_count>1"), "multi");
	assert_string_equal(lvs("seg_count>=1"), "lin multi hid_tmeta");
	assert_string_equal(lvs("seg_count<2"), "lin hid_tmeta");
	assert_string_equal(lvs("seg_count<=1"), "lin hid_tmeta");
	assert_string_equal(lvs("all"), "lin multi hid_tmeta");
	assert_string_equal(lvs(""), "lin multi hid_tmeta");
	assert_string_equal(lvs("vg_name=vg0 && vg_tags=vt"), "lin multi hid_tmeta");
	/* permissions by name and synonym */
	assert_string_equal(lvs("lv_permissions=ro"), "multi");
	/* a writeable LV without its device is "unknown" (LVM2) */
	assert_string_equal(lvs("lv_permissions=read-write"), "");
	assert_string_equal(lvs("lv_permissions=unknown"), "lin hid_tmeta");
}

static void logic(void **state)
{
	(void)state;
	assert_string_equal(lvs("name=lin || name=multi"), "lin multi");
	assert_string_equal(lvs("name=lin # name=multi"), "lin multi");
	assert_string_equal(lvs("name=lin,seg_count=1"), "lin");
	assert_string_equal(lvs("name=lin && seg_count=2"), "");
	/* && binds tighter than || */
	assert_string_equal(lvs("name=multi || name=lin && seg_count=2"), "multi");
	assert_string_equal(lvs("(name=multi || name=lin) && seg_count=1"), "lin");
	assert_string_equal(lvs("!(name=lin)"), "multi hid_tmeta");
	assert_string_equal(lvs("!(name=lin || name=multi)"), "hid_tmeta");
	assert_string_equal(lvs("!(!(name=lin))"), "lin");
}

static void lists(void **state)
{
	(void)state;
	assert_string_equal(lvs("lv_tags=t1"), "lin hid_tmeta");	/* one item: any */
	assert_string_equal(lvs("lv_tags=[t1]"), "hid_tmeta");		/* strict */
	assert_string_equal(lvs("lv_tags=[t1,t2]"), "lin");
	assert_string_equal(lvs("lv_tags=[t2,t1]"), "lin");		/* order free */
	assert_string_equal(lvs("lv_tags={t1}"), "lin hid_tmeta");	/* subset */
	assert_string_equal(lvs("lv_tags={t1,t2}"), "lin");
	assert_string_equal(lvs("lv_tags=[t2||x]"), "lin");		/* any */
	assert_string_equal(lvs("lv_tags={t2||x}"), "lin");
	assert_string_equal(lvs("lv_tags!=[t1]"), "lin multi");
	assert_string_equal(lvs("lv_tags=\"\""), "multi");		/* blank list */
	assert_string_equal(lvs("lv_tags=[\"\"]"), "multi");
}

static void sizes_and_numbers(void **state)
{
	(void)state;
	assert_string_equal(lvs("size=8"), "lin");		/* m by default */
	assert_string_equal(lvs("size=8m"), "lin");
	assert_string_equal(lvs("size=8192k"), "lin");
	assert_string_equal(lvs("size=16384s"), "lin");
	assert_string_equal(lvs("size>4m"), "lin multi");
	assert_string_equal(lvs("size>=4m"), "lin multi hid_tmeta");
	assert_string_equal(lvs("size<0.01g"), "lin hid_tmeta");
	assert_string_equal(lvs("size>1g"), "");
	assert_string_equal(lvs("size=12M"), "");		/* SI: 12,000,000 bytes */
	/* reserved: -1 and its names are undefined; ordering never matches */
	assert_string_equal(lvs("lv_kernel_major=-1"), "lin multi hid_tmeta");
	assert_string_equal(lvs("lv_kernel_major=undefined"), "lin multi hid_tmeta");
	assert_string_equal(lvs("lv_kernel_major>0"), "");
	assert_string_equal(lvs("lv_kernel_major<5"), "");
	assert_string_equal(lvs("seg_count>-1"), "");
	assert_string_equal(lvs("lv_read_ahead=auto"), "lin multi hid_tmeta");
	/* binary fields: words, yes/no, 0/1 */
	assert_string_equal(lvs("lv_skip_activation=0"), "lin multi hid_tmeta");
	assert_string_equal(lvs("lv_skip_activation=no"), "lin multi hid_tmeta");
	assert_string_equal(lvs("lv_skip_activation=skip"), "");
	assert_string_equal(lvs("lv_skip_activation=yes"), "");
}

static void times(void **state)
{
	(void)state;
	/* lin: 1795400258 = 2026-11-23 02:17:38 UTC; multi: 1600000000 = 2020-09-13 12:26:40 */
	assert_string_equal(lvs("lv_time since 2026-11-23"), "lin hid_tmeta");
	assert_string_equal(lvs("lv_time = 2026-11-23"), "lin hid_tmeta");	/* the whole day */
	assert_string_equal(lvs("lv_time = 2026-11"), "lin hid_tmeta");
	assert_string_equal(lvs("lv_time = 2026"), "lin hid_tmeta");
	assert_string_equal(lvs("lv_time = \"2026-11-23 02:17\""), "lin hid_tmeta");
	assert_string_equal(lvs("lv_time = \"2026-11-23 02:18\""), "");
	assert_string_equal(lvs("lv_time = \"2026-11-23 02:17:38\""), "lin hid_tmeta");
	assert_string_equal(lvs("lv_time = \"2026-11-23 03:17:38 +01:00\""), "lin hid_tmeta");
	assert_string_equal(lvs("lv_time before 2021"), "multi");
	assert_string_equal(lvs("lv_time < 2020-09-13"), "");
	assert_string_equal(lvs("lv_time until 2020-09-13"), "multi");
	assert_string_equal(lvs("lv_time after 2020-09-13"), "lin hid_tmeta");
	assert_string_equal(lvs("lv_time since @1795400258"), "lin hid_tmeta");
	assert_string_equal(lvs("lv_time > @1795400258"), "");
	assert_string_equal(lvs("time before \"1 year ago\""), "multi");
	assert_string_equal(lvs("time since \"100 years ago\""), "lin multi hid_tmeta");
}

static void time_ranges(void **state)
{
	struct sel_time tv;
	time_t now = 1795400258;	/* 2026-11-23 02:17:38 UTC */
	(void)state;
	assert_int_equal(select_time_parse("2 days ago", now, &tv), 0);
	assert_true(tv.range);
	assert_int_equal(tv.t1, 1795219200);	/* 2026-11-21 00:00:00 */
	assert_int_equal(tv.t2, 1795219200 + 86399);
	assert_int_equal(select_time_parse("today", now, &tv), 0);
	assert_int_equal(tv.t1, 1795392000);
	assert_int_equal(select_time_parse("yesterday", now, &tv), 0);
	assert_int_equal(tv.t1, 1795392000 - 86400);
	assert_int_equal(select_time_parse("3 hours ago", now, &tv), 0);
	assert_int_equal(tv.t2, now - 3 * 3600);
	assert_int_equal(tv.t1, now - 3 * 3600 - 3601);
	assert_int_equal(select_time_parse("2 weeks ago", now, &tv), 0);
	assert_int_equal(tv.t1, 1795392000 - 14 * 86400);
	assert_int_equal(select_time_parse("1 year 3 months ago", now, &tv), 0);
	assert_int_equal(tv.t1, 1755907200);	/* 2025-08-23 00:00:00 */
	assert_int_equal(select_time_parse("2026-02-29", now, &tv), -EINVAL);
	assert_int_equal(select_time_parse("20261123", now, &tv), 0);
	assert_int_equal(tv.t1, 1795392000);
	assert_int_equal(select_time_parse("garbage", now, &tv), -EINVAL);
	assert_int_equal(select_time_parse("2 days", now, &tv), -EINVAL);
	assert_int_equal(select_time_parse("2 fortnights ago", now, &tv), -EINVAL);
}

static void errors(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"foo=1",		/* Unrecognised selection field: foo */
		"name",			/* Unrecognised comparison operator */
		"name<3",		/* ordering on a string field */
		"name since 2020",	/* time operator on a string field */
		"name=lin &&",		/* Expecting field name */
		"(name=lin",		/* right parenthesis expected */
		"name=lin)",		/* Expecting logical operator */
		"name=lin x",
		"!name=lin",		/* left parenthesis expected */
		"size=abc",		/* Failed to parse numeric value */
		"seg_count=5%",		/* percent on a number */
		"seg_count=5m",		/* unit on a number */
		"lv_tags=[t1,t2",	/* Invalid operator in selection list */
		"lv_tags=[t1,t2||t3]",	/* one kind of operator per list */
		"lv_tags=[t1,t2}",	/* expecting ']' */
		"lv_tags=~t",		/* regex on a list */
		"name=\"lin",		/* Missing end quote */
		"lv_time>2020-13-01",	/* month out of range */
		"lv_time>\"garbage\"",
		"seg_count=18446744073709551615",	/* reserved */
		"pv_name=x",		/* not a field of this report */
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct selection *s = NULL;
		if (select_parse(&A, bad[i], REPORT_LV, &s) != -EINVAL)
			fail_msg("accepted: %s", bad[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(operators),	     cmocka_unit_test(logic),
		cmocka_unit_test(lists),	     cmocka_unit_test(sizes_and_numbers),
		cmocka_unit_test(times),	     cmocka_unit_test(time_ranges),
		cmocka_unit_test(errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
