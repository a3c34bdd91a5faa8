/* The command table's parser: typed option values (cmd/values.c) and the
 * choice of a command form (cmd/command.c), on the real table and on a
 * small one of its own. */
#include "tests/unit/unit.h"
#include <errno.h>
#include "cmd/command.h"

/* ---- values ---- */

static void value_types(void **state)
{
	struct val v;
	(void)state;
	assert_int_equal(val_parse(VAL_NUMBER, NULL, "128", &v), 0);
	assert_int_equal(v.num, 128);
	assert_int_equal(val_parse(VAL_NUMBER, NULL, "-1", &v), -EINVAL);
	assert_int_equal(val_parse(VAL_NUMBER, NULL, "1x", &v), -EINVAL);
	assert_int_equal(val_parse(VAL_NUMBER, NULL, "", &v), -EINVAL);
	assert_int_equal(val_parse(VAL_SIZE_MB, NULL, "4", &v), 0);
	assert_int_equal(v.num, 8192);			/* sectors: default unit m */
	assert_int_equal(val_parse(VAL_SIZE_KB, NULL, "64", &v), 0);
	assert_int_equal(v.num, 128);			/* default unit k */
	assert_int_equal(val_parse(VAL_SIZE_MB, NULL, "-1", &v), -EINVAL);
	assert_int_equal(val_parse(VAL_SIZE_MB, NULL, "1q", &v), -EINVAL);
	assert_int_equal(val_parse(VAL_SSIZE_MB, NULL, "-1g", &v), 0);
	assert_int_equal(v.sign, '-');
	assert_int_equal(v.num, 2097152);
	assert_int_equal(val_parse(VAL_EXTENTS, NULL, "+50%FREE", &v), 0);
	assert_int_equal(v.sign, '+');
	assert_int_equal(v.num, 50);
	assert_int_equal(v.pct, PCT_FREE);
	assert_int_equal(val_parse(VAL_EXTENTS, NULL, "10", &v), 0);
	assert_int_equal(v.pct, PCT_NONE);
	assert_int_equal(val_parse(VAL_EXTENTS, NULL, "10%BOGUS", &v), -EINVAL);
	assert_int_equal(val_parse(VAL_EXTENTS, NULL, "%VG", &v), -EINVAL);
	assert_int_equal(val_parse(VAL_BOOL, NULL, "y", &v), 0);
	assert_int_equal(v.num, 1);
	assert_int_equal(val_parse(VAL_BOOL, NULL, "no", &v), 0);
	assert_int_equal(v.num, 0);
	assert_int_equal(val_parse(VAL_BOOL, NULL, "q", &v), -EINVAL);
	assert_int_equal(val_parse(VAL_ACTIVATE, NULL, "ay", &v), 0);
	assert_int_equal(v.num, 1);
	assert_int_equal(val_parse(VAL_ACTIVATE, NULL, "en", &v), 0);
	assert_int_equal(v.num, 0);
	assert_int_equal(val_parse(VAL_ACTIVATE, NULL, "x", &v), -EINVAL);
	/* every spelling LVM2's activation_arg takes (test/shell uses -aye) */
	static const char *const act_y[] = {"y", "e", "ey", "ye", "s", "sy", "ys", "a", "ay", "ya", "ly", "yl"};
	static const char *const act_n[] = {"n", "en", "ne", "ln", "nl"};
	for (unsigned i = 0; i < sizeof(act_y) / sizeof(*act_y); i++) {
		assert_int_equal(val_parse(VAL_ACTIVATE, NULL, act_y[i], &v), 0);
		assert_int_equal(v.num, 1);
	}
	for (unsigned i = 0; i < sizeof(act_n) / sizeof(*act_n); i++) {
		assert_int_equal(val_parse(VAL_ACTIVATE, NULL, act_n[i], &v), 0);
		assert_int_equal(v.num, 0);
	}
	assert_int_equal(val_parse(VAL_ACTIVATE, NULL, "yy", &v), -EINVAL);
	assert_int_equal(val_parse(VAL_ACTIVATE, NULL, "an", &v), -EINVAL);
	assert_int_equal(val_parse(VAL_READAHEAD, NULL, "auto", &v), 0);
	assert_int_equal((int64_t)v.num, -2);
	assert_int_equal(val_parse(VAL_READAHEAD, NULL, "none", &v), 0);
	assert_int_equal((int64_t)v.num, -1);
	assert_int_equal(val_parse(VAL_READAHEAD, NULL, "4294967296", &v), -EINVAL);
	assert_int_equal(val_parse(VAL_ENUM, "r|rw", "rw", &v), 0);
	assert_int_equal(v.num, 1);
	assert_int_equal(val_parse(VAL_ENUM, "r|rw", "w", &v), -EINVAL);
	assert_int_equal(val_parse(VAL_ENUM, "r|rw", "rww", &v), -EINVAL);
	assert_int_equal(val_parse(VAL_STRING, NULL, "anything", &v), 0);
}

static void positional_counts(void **state)
{
	static const struct { const char *pos; int min, max; } cases[] = {
		{"", 0, 0},
		{"PV ...", 1, -1},
		{"[PV ...]", 0, -1},
		{"VG PV ...", 2, -1},
		{"VG [PV ...]", 1, -1},
		{"[VG]", 0, 1},
		{"VG[/LV] [PV[:Range] ...]", 1, -1},
		{"VG[/LV]", 1, 1},
		{"VG/OldLV [VG/]NewLV", 2, 2},
		{"VG OldLV NewLV", 3, 3},
		{"OldVG|VGuuid NewVG", 2, 2},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cmd_form f = {.pos = cases[i].pos};
		int min, max;
		form_pos_counts(&f, &min, &max);
		assert_int_equal(min, cases[i].min);
		assert_int_equal(max, cases[i].max);
	}
}

/* ---- forms ---- */

/* Parse "name args..." for def: the return code, and the form's id in *id. */
static int parse(const struct command *def, const char **id, const char *line)
{
	char *copy = strdup(line), *argv[32], *save;
	int argc = 0, r;
	for (char *t = strtok_r(copy, " ", &save); t && argc < 31; t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	argv[argc] = NULL;
	struct cmd *c = calloc(1, sizeof(*c));
	arena_init(&c->ctx.arena);
	r = cmd_parse(c, def, argc, argv);
	*id = c->form ? c->form->id : NULL;
	arena_free(&c->ctx.arena);
	free(c);
	free(copy);
	return r;
}

static void lvcreate_forms(void **state)
{
	const struct command *def = command_find("lvcreate");
	const char *id;
	(void)state;
	assert_non_null(def);
	assert_int_equal(parse(def, &id, "lvcreate -L 4M vg"), 0);
	assert_string_equal(id, "lvcreate_linear");
	assert_int_equal(parse(def, &id, "lvcreate -l 10%FREE -n a vg/a pv1 pv2"), 0);
	assert_string_equal(id, "lvcreate_linear");
	assert_int_equal(parse(def, &id, "lvcreate --type linear -L 4M vg"), 0);
	assert_string_equal(id, "lvcreate_linear");
	assert_int_equal(parse(def, &id, "lvcreate -i 2 -I 64k -L 4M vg"), 0);
	assert_string_equal(id, "lvcreate_striped");
	assert_int_equal(parse(def, &id, "lvcreate --type striped -L 4M vg"), 0);
	assert_string_equal(id, "lvcreate_striped");
	assert_int_equal(parse(def, &id, "lvcreate --type striped -i 3 -L 4M vg"), 0);
	assert_string_equal(id, "lvcreate_striped");
	assert_int_equal(parse(def, &id, "lvcreate --type zero -L 1G -an vg"), 0);
	assert_string_equal(id, "lvcreate_zero");
	assert_int_equal(parse(def, &id, "lvcreate --type error -l 2 vg/e"), 0);
	assert_string_equal(id, "lvcreate_error");
	assert_int_equal(parse(def, &id, "lvcreate --type raid1 -m 2 -R 1m --nosync -L 4M vg"), 0);
	assert_string_equal(id, "lvcreate_raid1");
	assert_int_equal(parse(def, &id, "lvcreate -m 1 -L 4M vg pv1 pv2"), 0);
	assert_string_equal(id, "lvcreate_mirrors");
	/* Lines no form takes. */
	assert_int_equal(parse(def, &id, "lvcreate --type raid1 -i 2 -L 4M vg"), EINVALID_CMD_LINE);
	assert_int_equal(parse(def, &id, "lvcreate --nosync -L 4M vg"), EINVALID_CMD_LINE);
	assert_int_equal(parse(def, &id, "lvcreate -n a vg"), EINVALID_CMD_LINE);	/* no size */
	assert_int_equal(parse(def, &id, "lvcreate -L 4M -l 1 vg"), EINVALID_CMD_LINE);	/* both */
	assert_int_equal(parse(def, &id, "lvcreate -L -4M vg"), EINVALID_CMD_LINE);	/* a sign */
	assert_int_equal(parse(def, &id, "lvcreate --type linear -i 2 -L 4M vg"), EINVALID_CMD_LINE);
	assert_int_equal(parse(def, &id, "lvcreate --type zero -L 4M vg pv"), EINVALID_CMD_LINE);
	assert_int_equal(parse(def, &id, "lvcreate -L 4M"), EINVALID_CMD_LINE);
	assert_int_equal(parse(def, &id, "lvcreate --type raid5 -L 4M vg"), EINVALID_CMD_LINE);
	assert_int_equal(parse(def, &id, "lvcreate --bogus -L 4M vg"), EINVALID_CMD_LINE);
	/* --help picks no form and is no error. */
	assert_int_equal(parse(def, &id, "lvcreate --help"), 0);
	assert_null(id);
}

static void lvconvert_forms(void **state)
{
	const struct command *def = command_find("lvconvert");
	const char *id;
	(void)state;
	assert_non_null(def);
	assert_int_equal(parse(def, &id, "lvconvert -y --type raid1 -m 1 vg/lv"), 0);
	assert_string_equal(id, "lvconvert_mirrors");
	assert_int_equal(parse(def, &id, "lvconvert -m +1 vg/lv pv1"), 0);
	assert_string_equal(id, "lvconvert_mirrors");
	assert_int_equal(parse(def, &id, "lvconvert -m -1 vg/lv"), 0);
	assert_int_equal(parse(def, &id, "lvconvert -m x vg/lv"), EINVALID_CMD_LINE);
	assert_int_equal(parse(def, &id, "lvconvert --type mirror -m 1 vg/lv"), 0);
	assert_string_equal(id, "lvconvert_to_mirror");
	/* without -m: raid1 -> mirror (on another LV type LVM2's refusal,
	 * "Conversions to --type mirror require -m/--mirrors", exit 5) */
	assert_int_equal(parse(def, &id, "lvconvert --type mirror vg/lv"), 0);
	assert_string_equal(id, "lvconvert_raid1_to_mirror");
	assert_int_equal(parse(def, &id, "lvconvert --type linear vg/lv"), 0);
	assert_string_equal(id, "lvconvert_to_linear");
	assert_int_equal(parse(def, &id, "lvconvert --type striped -m 1 vg/lv"), EINVALID_CMD_LINE);
}

static void other_forms(void **state)
{
	const char *id;
	(void)state;
	assert_int_equal(parse(command_find("lvrename"), &id, "lvrename vg/a b"), 0);
	assert_string_equal(id, "lvrename_vg_lv");
	assert_int_equal(parse(command_find("lvrename"), &id, "lvrename vg a b"), 0);
	assert_string_equal(id, "lvrename_vg_lv_lv");
	assert_int_equal(parse(command_find("lvrename"), &id, "lvrename vg"), EINVALID_CMD_LINE);
	assert_int_equal(parse(command_find("lvextend"), &id, "lvextend -L +4M vg/a pv"), 0);
	assert_int_equal(parse(command_find("lvextend"), &id, "lvextend vg/a"), EINVALID_CMD_LINE);
	assert_int_equal(parse(command_find("pvcreate"), &id, "pvcreate"), EINVALID_CMD_LINE);
	assert_int_equal(parse(command_find("pvcreate"), &id, "pvcreate --labelsector x d"),
			 EINVALID_CMD_LINE);
	assert_int_equal(parse(command_find("vgscan"), &id, "vgscan extra"), EINVALID_CMD_LINE);
}

/* A table of its own: the most required options met wins; a form whose
 * required option has another value does not match. */
static const struct form_opt req_a[] = {{ARG_NAME, ARG_NONE, NULL, 0}, {ARG_NONE, ARG_NONE, NULL, 0}};
static const struct form_opt req_ab[] = {{ARG_NAME, ARG_NONE, NULL, 0}, {ARG_STRIPES, ARG_NONE, NULL, 0},
					 {ARG_NONE, ARG_NONE, NULL, 0}};
static const struct form_opt req_t[] = {{ARG_SEGTYPE, ARG_NONE, "zero", 0}, {ARG_NONE, ARG_NONE, NULL, 0}};
static const struct form_opt opt_i[] = {{ARG_STRIPES, ARG_NONE, NULL, 0}, {ARG_NONE, ARG_NONE, NULL, 0}};
static const struct cmd_form test_forms[] = {
	{"a", NULL, NULL, req_a, opt_i, "X"},
	{"ab", NULL, NULL, req_ab, NULL, "X"},
	{"t", NULL, NULL, req_t, NULL, "[X ...]"},
};
static const struct command test_cmd = {"t", "test", test_forms, 3, false};

static void own_table(void **state)
{
	const char *id;
	(void)state;
	assert_int_equal(parse(&test_cmd, &id, "t -n x X"), 0);
	assert_string_equal(id, "a");
	assert_int_equal(parse(&test_cmd, &id, "t -n x -i 2 X"), 0);
	assert_string_equal(id, "ab");		/* both match: more required */
	assert_int_equal(parse(&test_cmd, &id, "t --type zero"), 0);
	assert_string_equal(id, "t");
	assert_int_equal(parse(&test_cmd, &id, "t --type error"), EINVALID_CMD_LINE);
	assert_int_equal(parse(&test_cmd, &id, "t --type zero -n x"), EINVALID_CMD_LINE);
	assert_int_equal(parse(&test_cmd, &id, "t -n x"), EINVALID_CMD_LINE);	/* positional */
	assert_int_equal(parse(&test_cmd, &id, "t X"), EINVALID_CMD_LINE);	/* no form */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(value_types),
		cmocka_unit_test(positional_counts),
		cmocka_unit_test(lvcreate_forms),
		cmocka_unit_test(other_forms),
		cmocka_unit_test(lvconvert_forms),
		cmocka_unit_test(own_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
