#include "tests/unit/unit.h"
#include "lvmgr/config.h"

#include <errno.h>
#include <unistd.h>

/* Each test gets its own empty system directory, removed afterwards. */
struct tdir {
	char path[64];
	struct arena a;
};

static void write_file(const struct tdir *t, const char *name, const char *text)
{
	char p[128];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", t->path, name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int tdir_setup(void **state)
{
	struct tdir *t = calloc(1, sizeof(*t));

	strcpy(t->path, "/tmp/lvmgr-test-config.XXXXXX");
	if (!mkdtemp(t->path))
		return -1;
	arena_init(&t->a);
	*state = t;
	return 0;
}

static int tdir_teardown(void **state)
{
	struct tdir *t = *state;
	char p[128];

	snprintf(p, sizeof(p), "%s/lvm.conf", t->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s/lvmlocal.conf", t->path);
	unlink(p);
	rmdir(t->path);
	arena_free(&t->a);
	free(t);
	return 0;
}

static void defaults_apply(void **state)
{
	struct tdir *t = *state;
	struct config *c;
	const struct cft_value *v;
	char want[128];

	assert_int_equal(config_load(&t->a, t->path, NULL, 0, &c), 0);
	assert_string_equal(config_system_dir(c), t->path);
	assert_string_equal(config_str(c, "devices/dir"), "/dev");
	assert_string_equal(config_str(c, "devices/multipath_wwids_file"), "/etc/multipath/wwids");
	assert_string_equal(config_str(c, "global/units"), "r");
	assert_string_equal(config_str(c, "global/locking_dir"), "/run/lock/lvm");
	assert_string_equal(config_str(c, "report/separator"), " ");
	assert_string_equal(config_str(c, "report/output_format"), "basic");
	assert_int_equal(config_int(c, "global/umask"), 077);
	assert_int_equal(config_int(c, "backup/retain_min"), 10);
	assert_int_equal(config_int(c, "backup/retain_days"), 30);
	assert_int_equal(config_int(c, "metadata/pvmetadatacopies"), 1);
	assert_int_equal(config_int(c, "metadata/vgmetadatacopies"), 0);
	assert_int_equal(config_int(c, "metadata/pvmetadatasize"), 0);
	assert_int_equal(config_int(c, "devices/default_data_alignment"), 1);
	assert_true(config_bool(c, "devices/md_component_detection"));
	assert_true(config_bool(c, "allocation/wipe_signatures_when_zeroing_new_lvs"));
	assert_true(config_bool(c, "activation/udev_sync"));
	assert_false(config_bool(c, "activation/verify_udev_operations"));
	assert_false(config_bool(c, "report/compact_output"));
	/* backup and archive live under the system directory in use */
	snprintf(want, sizeof(want), "%s/backup", t->path);
	assert_string_equal(config_str(c, "backup/backup_dir"), want);
	snprintf(want, sizeof(want), "%s/archive", t->path);
	assert_string_equal(config_str(c, "backup/archive_dir"), want);
	v = config_array(c, "devices/scan");
	assert_non_null(v);
	assert_int_equal(v->n_items, 1);
	assert_string_equal(v->items->s, "/dev");
	v = config_array(c, "devices/filter");
	assert_int_equal(v->n_items, 1);
	assert_string_equal(v->items->s, "a|.*|");
	assert_null(config_array(c, "devices/types"));
	assert_null(config_node(c, "devices/filter"));
	assert_null(config_str(c, "log/file"));
}

static void priority_order(void **state)
{
	struct tdir *t = *state;
	struct config *c;
	const struct cft_value *v;
	const char *overrides[] = {
		"backup/retain_min=5 global/units=5",
		"backup { retain_min = 6 } devices/scan = \"/single\" report/headings = \"no\"",
	};

	write_file(t, "lvm.conf",
		   "devices {\n\tdir = \"/conf\"\n\tscan = [ \"/a\", \"/b\" ]\n\tfilter = [ \"r|.*|\" ]\n}\n"
		   "global { units = \"h\" suffix = 0 }\n"
		   "backup { retain_min = 3 retain_days = 7 }\n"
		   "log { verbose = 2 }\n");
	write_file(t, "lvmlocal.conf", "global { units = \"k\" }\nbackup/retain_min = 4\nbackup/retain_days = \"x\"\n");

	assert_int_equal(config_load(&t->a, t->path, overrides, 2, &c), 0);
	assert_int_equal(config_int(c, "backup/retain_min"), 6);	/* later override wins */
	/* a wrongly typed value falls through to the next source */
	assert_string_equal(config_str(c, "global/units"), "k");
	assert_int_equal(config_int(c, "backup/retain_days"), 7);
	assert_string_equal(config_str(c, "devices/dir"), "/conf");
	assert_false(config_bool(c, "global/suffix"));
	assert_false(config_bool(c, "report/headings"));
	assert_int_equal(config_int(c, "log/verbose"), 2);
	v = config_array(c, "devices/scan");
	assert_int_equal(v->n_items, 1);
	assert_string_equal(v->items->s, "/single");
	assert_non_null(config_node(c, "devices/filter"));
	assert_string_equal(config_array(c, "devices/filter")->items->s, "r|.*|");

	/* first override alone: 5 beats lvmlocal's 4, which beats lvm.conf */
	assert_int_equal(config_load(&t->a, t->path, overrides, 1, &c), 0);
	assert_int_equal(config_int(c, "backup/retain_min"), 5);
	assert_int_equal(config_load(&t->a, t->path, NULL, 0, &c), 0);
	assert_int_equal(config_int(c, "backup/retain_min"), 4);
	assert_string_equal(config_array(c, "devices/scan")->items->next->s, "/b");
}

static void system_dir_from_env(void **state)
{
	struct tdir *t = *state;
	struct config *c;
	char want[128];

	write_file(t, "lvm.conf", "global { units = \"g\" }\n");
	assert_int_equal(setenv("LVM_SYSTEM_DIR", t->path, 1), 0);
	assert_int_equal(config_load(&t->a, NULL, NULL, 0, &c), 0);
	unsetenv("LVM_SYSTEM_DIR");
	assert_string_equal(config_system_dir(c), t->path);
	assert_string_equal(config_str(c, "global/units"), "g");
	snprintf(want, sizeof(want), "%s/backup", t->path);
	assert_string_equal(config_str(c, "backup/backup_dir"), want);
	/* an explicit directory beats the environment */
	assert_int_equal(setenv("LVM_SYSTEM_DIR", "/nonexistent-lvmgr-dir", 1), 0);
	assert_int_equal(config_load(&t->a, t->path, NULL, 0, &c), 0);
	unsetenv("LVM_SYSTEM_DIR");
	assert_string_equal(config_system_dir(c), t->path);
}

static void parse_errors(void **state)
{
	struct tdir *t = *state;
	struct config *c = (struct config *)1;
	const char *bad[] = { "devices {" };

	write_file(t, "lvm.conf", "devices {\n\tdir = \"/dev\"\n\tscan\n}\n");
	assert_int_equal(config_load(&t->a, t->path, NULL, 0, &c), -EINVAL);
	assert_null(c);
	write_file(t, "lvm.conf", "global { units = \"h\" }\n");
	write_file(t, "lvmlocal.conf", "local {\n");
	assert_int_equal(config_load(&t->a, t->path, NULL, 0, &c), -EINVAL);
	write_file(t, "lvmlocal.conf", "\n");
	assert_int_equal(config_load(&t->a, t->path, bad, 1, &c), -EINVAL);
	assert_int_equal(config_load(&t->a, t->path, NULL, 0, &c), 0);
}

static void print_current(void **state)
{
	struct tdir *t = *state;
	struct config *c;
	struct strbuf sb;
	const char *ov[] = { "devices/scan=[\"/x\",\"/y\"]", "global/units=\"m\"" };
	const char *paths[] = { "devices/scan", "global" };
	const char *missing[] = { "devices/nosuch", "global/units" };

	write_file(t, "lvm.conf", "devices {\n\tdir = \"/d\"\n}\nglobal {\n\tunits = \"h\"\n\tratio = 1.5\n}\nempty {\n}\n");
	write_file(t, "lvmlocal.conf", "local { system_id = \"me\" }\n");
	assert_int_equal(config_load(&t->a, t->path, ov, 2, &c), 0);
	sb_init(&sb);
	assert_int_equal(config_print(c, CONFIG_CURRENT, NULL, 0, &sb), 0);
	assert_string_equal(sb.buf,
			    /* lvmconfig's order: LVM2 merges each new node in
			     * right after the first one of its parent */
			    "devices {\n\tdir=\"/d\"\n\tscan=[\"/x\",\"/y\"]\n}\n"
			    "local {\n\tsystem_id=\"me\"\n}\n"
			    "empty {\n}\n"
			    "global {\n\tunits=\"m\"\n\tratio=1.500000\n}\n");
	sb_reset(&sb);
	assert_int_equal(config_print(c, CONFIG_CURRENT, paths, 2, &sb), 0);
	assert_string_equal(sb.buf, "scan=[\"/x\",\"/y\"]\nglobal {\n\tunits=\"m\"\n\tratio=1.500000\n}\n");
	/* a missing path is an error, the others still print */
	sb_reset(&sb);
	assert_int_equal(config_print(c, CONFIG_CURRENT, missing, 2, &sb), -ENOENT);
	assert_string_equal(sb.buf, "units=\"m\"\n");
	/* a known setting that is not set is not in the current config */
	sb_reset(&sb);
	assert_int_equal(config_print(c, CONFIG_CURRENT, (const char *[]){ "backup/retain_min" }, 1, &sb), -ENOENT);
	sb_free(&sb);
}

static void print_default_and_full(void **state)
{
	struct tdir *t = *state;
	struct config *c;
	struct strbuf sb;
	const char *ov[] = { "global/umask=8 backup { retain_days = 1 } unknown/x = 1" };

	assert_int_equal(config_load(&t->a, t->path, NULL, 0, &c), 0);
	sb_init(&sb);
	assert_int_equal(config_print(c, CONFIG_DEFAULT,
				      (const char *[]){ "devices/scan", "global/umask", "metadata",
							"devices/types", "report/separator" },
				      5, &sb), 0);
	assert_string_equal(sb.buf,
			    "# scan=[\"/dev\"]\n"
			    "# umask=077\n"
			    "# metadata {\n"
			    "\t# check_pv_device_sizes=1\n"
			    "\t# pvmetadatacopies=1\n"
			    "\t# vgmetadatacopies=0\n"
			    "\t# pvmetadataignore=0\n"
			    "\t# stripesize=64\n"
			    "# }\n"
			    "# separator=\" \"\n");
	sb_reset(&sb);
	assert_int_equal(config_print(c, CONFIG_DEFAULT, NULL, 0, &sb), 0);
	assert_non_null(strstr(sb.buf, "devices {\n\t# dir=\"/dev\"\n\t# scan=[\"/dev\"]\n"));
	assert_non_null(strstr(sb.buf, "\n\t# filter=[\"a|.*|\"]\n"));
	assert_null(strstr(sb.buf, "types"));
	assert_null(strstr(sb.buf, "pvmetadatasize"));
	assert_int_equal(sb.buf[0], 'd');
	sb_reset(&sb);
	assert_int_equal(config_print(c, CONFIG_DEFAULT, (const char *[]){ "nosuch" }, 1, &sb), -ENOENT);

	assert_int_equal(config_load(&t->a, t->path, ov, 1, &c), 0);
	sb_reset(&sb);
	assert_int_equal(config_print(c, CONFIG_FULL,
				      (const char *[]){ "global/umask", "global/units", "backup" }, 3, &sb), 0);
	{
		char want[512];
		snprintf(want, sizeof(want),
			 "umask=8\nunits=\"r\"\nbackup {\n\tbackup=1\n\tretain_days=1\n\tbackup_dir=\"%s/backup\"\n"
			 "\tarchive=1\n\tarchive_dir=\"%s/archive\"\n\tretain_min=10\n}\n",
			 t->path, t->path);
		assert_string_equal(sb.buf, want);
	}
	/* full output: table settings only, never unknown ones */
	sb_reset(&sb);
	assert_int_equal(config_print(c, CONFIG_FULL, NULL, 0, &sb), 0);
	assert_null(strstr(sb.buf, "unknown"));
	assert_non_null(strstr(sb.buf, "\tumask=8\n"));
	assert_non_null(strstr(sb.buf, "metadata {\n\tcheck_pv_device_sizes=1\n"));
	sb_reset(&sb);
	assert_int_equal(config_print(c, CONFIG_FULL, (const char *[]){ "unknown/x" }, 1, &sb), -ENOENT);
	assert_string_equal(sb.buf ? sb.buf : "", "");
	sb_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(defaults_apply, tdir_setup, tdir_teardown),
		cmocka_unit_test_setup_teardown(priority_order, tdir_setup, tdir_teardown),
		cmocka_unit_test_setup_teardown(system_dir_from_env, tdir_setup, tdir_teardown),
		cmocka_unit_test_setup_teardown(parse_errors, tdir_setup, tdir_teardown),
		cmocka_unit_test_setup_teardown(print_current, tdir_setup, tdir_teardown),
		cmocka_unit_test_setup_teardown(print_default_and_full, tdir_setup, tdir_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
