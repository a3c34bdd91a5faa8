/* LVM2's regex dialect (lvmgr/base/rx.c). Every match row was checked
 * against libdevmapper 1.02.185 (LVM2 2.03.16): dm_regex_create() of the
 * one pattern, dm_regex_match() >= 0. */
#include "tests/unit/unit.h"
#include <errno.h>
#include <time.h>
#include "lvmgr/base/rx.h"
#include "lvmgr/base/util.h"
#include "lvmgr/devfilter.h"

struct rx_case {
	const char *pat, *s;
	bool match;
};

/* clang-format off */
static const struct rx_case grammar_cases[] = {
	/* literals: anywhere in the string */
	{"sda", "/dev/sda1", true},
	{"sdb", "/dev/sda", false},
	/* classes, ranges (either order, chained), '-' first, "[]" empty */
	{"sd[ab]$", "/dev/sdb", true},
	{"sd[ab]$", "/dev/sdc", false},
	{"^[a-c]x", "bx", true},
	{"^[a-c]x", "dx", false},
	{"^[c-a]$", "b", true},
	{"^[a-c-e]$", "d", true},
	{"^[a-c-e]$", "f", false},
	{"^[-a]$", "-", true},
	{"^[0-9]+$", "127", true},
	{"[]", "", false},
	{"[]", "[]", false},
	{"^[]a]", "a]", false},	/* "[]" then "a]" */
	{"^[a-]x]$", "_", true},	/* the range a-] (']' to 'a') and x */
	{"^[a-]x]$", "x", true},
	{"^[a-]x]$", "-", false},
	/* negated classes: all but \0 and those listed, the markers too */
	{"^[^/]+$", "sda", true},
	{"^[^/]+$", "dev/sda", false},
	{"x[^a]", "xb", true},
	{"x[^a]", "xa", false},
	{"x[^a]", "x", true},		/* [^a] takes the end */
	{"[^a]", "a", true},		/* ... or the start */
	{"[^]", "", true},
	{"^a[^b]c$", "a\nc", true},
	/* '\' inside brackets escapes; '^' not first and '$' are literal */
	{"^[\\]]$", "]", true},
	{"^[\\.]$", ".", true},
	{"^[\\.]$", "\\", false},
	{"^[\\t]$", "\t", true},
	{"^[\\n]$", "n", false},
	{"^[\\n]$", "\n", true},
	{"^[a^]$", "^", true},
	{"^[$]$", "$", true},
	/* '.': all but \n \r, the start and end too */
	{"^a.c$", "abc", true},
	{"^a.c$", "a\nc", false},
	{"^a.c$", "a\rc", false},
	{"a.", "a", true},
	{".a", "a", true},
	{"^.", "", true},
	{"^.$", "", false},
	/* repetition, stacked too */
	{"^ab*c$", "ac", true},
	{"^ab*c$", "abbbc", true},
	{"^ab+c$", "ac", false},
	{"^ab+c$", "abc", true},
	{"^ab?c$", "ac", true},
	{"^ab?c$", "abbc", false},
	{"^a**$", "aaa", true},
	{"^a+?$", "", true},
	{"^(ab)+$", "ababab", true},
	{"^(ab)+$", "aba", false},
	/* alternation and groups */
	{"^(sda|sdb)$", "sdb", true},
	{"^(sda|sdb)$", "sdc", false},
	{"^sda$|^sdb$", "sdb", true},
	{"a|b|c", "xxc", true},
	{"^/dev/(sd[a-z]+|nvme[0-9]+n[0-9]+)$", "/dev/nvme0n1", true},
	{"^/dev/(sd[a-z]+|nvme[0-9]+n[0-9]+)$", "/dev/nvme0n1p1", false},
	{"((a))", "a", true},
	/* anchors are atoms: repeatable, anywhere */
	{"^/dev", "/dev/sda", true},
	{"^dev", "/dev/sda", false},
	{"sda$", "/dev/sda", true},
	{"sda$", "/dev/sda1", false},
	{"^$", "", true},
	{"^$", "a", false},
	{"a^b", "ab", false},
	{"a$b", "ab", false},
	{"^*a", "a", true},
	{"(^|/)sda$", "sda", true},
	{"(^|/)sda$", "/dev/sda", true},
	{"(^|/)sda$", "/dev/xsda", false},
	/* escapes outside brackets */
	{"^\\.$", ".", true},
	{"^\\.$", "a", false},
	{"\\d", "d", true},		/* no classes: \d is 'd' */
	{"\\d", "1", false},
	{"^a\\|b$", "a|b", true},
	{"\\(\\)", "()", true},
	{"\\n", "\n", true},
	{"\\n", "n", false},
	{"\\t", "\t", true},
	{"\\r", "\r", true},
	{"\\^", "^", true},
	{"\\^", "a", false},
	{"\\$", "$", true},
	{"\\$", "a", false},
	{"\\\\", "\\", true},
	{"\\*", "*", true},
	/* '{' '}' ']' are literals: no intervals */
	{"^a{2}$", "aa", false},
	{"^a{2}$", "a{2}", true},
	{"^a{2,}$", "a{2,}", true},
	{"}", "}", true},
	{"]", "]", true},
	/* a match begins before the first newline (LVM2's leading ".*") */
	{"b", "a\nb", false},
	{"b", "a\rb", false},
	{"b", "b\na", true},
	{"a\nb", "a\nb", true},
	{"[^x]b", "a\nb", true},
	/* a pattern matching "" matches everything */
	{"x*", "", true},
	{"x*", "anything", true},
	{"(a|b?)", "zzz", true},
	/* bytes past ASCII (LVM2's test/unit/matcher_data.h nonprint) */
	{"\x80", "foo\x80" "bar", true},
	{"foo\xc2" "b", "foo\xc2" "b", true},
	{"foo\xc2" "b", "foo\x2e" "bar", false},
};
/* clang-format on */

static void grammar(void **state)
{
	struct arena a;
	char err[128];
	(void)state;

	arena_init(&a);
	for (size_t i = 0; i < ARRAY_SIZE(grammar_cases); i++) {
		const struct rx_case *c = &grammar_cases[i];
		const struct rx *r = rx_compile(&a, c->pat, strlen(c->pat), err, sizeof(err));
		if (!r)
			fail_msg("\"%s\" refused: %s", c->pat, err);
		if (rx_match(r, c->s) != c->match)
			fail_msg("\"%s\" on \"%s\": %d, LVM2 %d", c->pat, c->s, !c->match, c->match);
	}
	arena_free(&a);
}

/* LVM2's test/unit/matcher_t.c: patterns "loop/[0-9]+" and "hd[a-d][0-5]+"
 * on devfs names (matcher_data.h), and its kabi query. */
static void lvm2_matcher_data(void **state)
{
	static const struct {
		const char *s;
		int want;	/* the last pattern that matches, -1 none */
	} dev[] = {
		{"/dev/loop/0", 0},
		{"/dev/loop/7", 0},
		{"/dev/hda1", 1},
		{"/dev/hdc1", 1},
		{"/dev/hda", -1},
		{"/dev/loop", -1},
		{"/dev", -1},
		{"/dev/ide/host0/bus0/target0/lun0/part1", -1},
		{"/dev/vc/40", -1},
	}, kabi[] = {
		{"foo", 0},
		{"/dev/mapper/vg-lvol1", 0},
		{"/dev/md1", 1},
		{"loop", 2},
	};
	static const char *const dev_pats[] = {"loop/[0-9]+", "hd[a-d][0-5]+"};
	static const char *const kabi_pats[] = {".*", ".*/dev/md.*", "loop"};
	const struct rx *dr[2], *kr[3];
	struct arena a;
	(void)state;

	arena_init(&a);
	for (unsigned i = 0; i < 2; i++)
		assert_non_null(dr[i] = rx_compile(&a, dev_pats[i], strlen(dev_pats[i]), NULL, 0));
	for (unsigned i = 0; i < 3; i++)
		assert_non_null(kr[i] = rx_compile(&a, kabi_pats[i], strlen(kabi_pats[i]), NULL, 0));
	for (size_t k = 0; k < ARRAY_SIZE(dev); k++) {
		int m = -1;
		for (int i = 0; i < 2; i++)
			if (rx_match(dr[i], dev[k].s))
				m = i;
		if (m != dev[k].want)
			fail_msg("%s: %d, LVM2 %d", dev[k].s, m, dev[k].want);
	}
	for (size_t k = 0; k < ARRAY_SIZE(kabi); k++) {
		int m = -1;
		for (int i = 0; i < 3; i++)
			if (rx_match(kr[i], kabi[k].s))
				m = i;
		if (m != kabi[k].want)
			fail_msg("%s: %d, LVM2 %d", kabi[k].s, m, kabi[k].want);
	}
	arena_free(&a);
}

static struct cft_value *str_array(struct arena *a, const char *const *pats, size_t n)
{
	struct cft_value *arr = cft_value_array(a);
	for (size_t i = 0; i < n; i++)
		cft_array_append(arr, cft_value_str(a, pats[i]));
	return arr;
}

/* The examples of LVM2's lvm.conf (conf/example.conf.in), through the
 * filter as the commands use it: 1 accept, 0 reject, -1 no pattern matches. */
static void lvm_conf_examples(void **state)
{
	static const struct {
		const char *pats[4];
		const char *path;
		int want;
	} cases[] = {
		{{"a|.*|"}, "/dev/sda", 1},
		{{"r|/dev/cdrom|"}, "/dev/cdrom", 0},
		{{"r|/dev/cdrom|"}, "/dev/sda", -1},
		{{"a|loop|", "r|.*|"}, "/dev/loop0", 1},
		{{"a|loop|", "r|.*|"}, "/dev/sda", 0},
		{{"a|loop|", "r|/dev/hdc|", "a|/dev/ide|", "r|.*|"}, "/dev/loop1", 1},
		{{"a|loop|", "r|/dev/hdc|", "a|/dev/ide|", "r|.*|"}, "/dev/hdc", 0},
		{{"a|loop|", "r|/dev/hdc|", "a|/dev/ide|", "r|.*|"}, "/dev/ide/host0/bus0/target0/lun0/disc", 1},
		{{"a|loop|", "r|/dev/hdc|", "a|/dev/ide|", "r|.*|"}, "/dev/hda", 0},
		{{"a|^/dev/hda8$|", "r|.*|"}, "/dev/hda8", 1},
		{{"a|^/dev/hda8$|", "r|.*|"}, "/dev/hda80", 0},
		{{"a|^/dev/sda$|"}, "/dev/sda", 1},
		{{"a|^/dev/sda$|"}, "/dev/sda1", -1},
		{{"r|/dev/disk/by-path/.*usb.*|"}, "/dev/disk/by-path/pci-0000:00:14.0-usb-0:1:1.0-scsi-0:0:0:0", 0},
		{{"r|/dev/disk/by-path/.*usb.*|"}, "/dev/disk/by-path/pci-0000:00:1f.2-ata-1", -1},
		{{"a{^/dev/md[0-9]+$}", "r(.*)"}, "/dev/md127", 1},
	};
	struct arena a;
	char err[256];
	(void)state;

	arena_init(&a);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct dev_filter *f;
		size_t n = 0;

		while (n < 4 && cases[i].pats[n])
			n++;
		if (dev_filter_new(&a, str_array(&a, cases[i].pats, n), &f, err, sizeof(err)))
			fail_msg("filter refused: %s", err);
		if (dev_filter_match(f, cases[i].path) != cases[i].want)
			fail_msg("%s with %s...: %d, LVM2 %d", cases[i].path, cases[i].pats[0],
				 dev_filter_match(f, cases[i].path), cases[i].want);
	}
	/* devices/preferred_names' example: the first that matches wins */
	static const char *const pref[] = {"^/dev/mpath/", "^/dev/mapper/mpath", "^/dev/[hs]d"};
	static const char *const names[] = {"/dev/dm-0", "/dev/mpath/x", "/dev/mapper/mpatha",
					    "/dev/sdb"};
	for (unsigned n = 0; n < 4; n++) {
		int first = -1;
		for (int i = 2; i >= 0; i--)
			if (rx_match(rx_compile(&a, pref[i], strlen(pref[i]), NULL, 0), names[n]))
				first = i;
		assert_int_equal(first, (int)n - 1);
	}
	arena_free(&a);
}

/* A bad pattern is refused with the reason; the quoted part starts where
 * the fault is. LVM2 refuses each of these too (its messages are "missing
 * ')' in regular expression", "Badly formed 'or' expression", "Parse error
 * in regex"), except where said. */
static void bad_patterns(void **state)
{
	static const struct {
		const char *pat, *why;
	} cases[] = {
		{"", "empty pattern"},
		{"[abc", "missing ']' to close \"[abc\""},
		{"sd[^a", "missing ']' to close \"[^a\""},
		{"[a\\]", "missing ']' to close \"[a\\]\""},
		{"[\\", "missing ']' to close \"[\\\""},
		{"[a-", "incomplete range in \"[a-\""},
		{"[a-]", "missing ']' to close \"[a-]\""},
		{"(sd", "missing ')' to close \"(sd\""},
		{"((a)", "missing ')' to close \"((a)\""},
		{"(a(b)", "missing ')' to close \"(a(b)\""},
		{"(0123456789abcdefghij", "missing ')' to close \"(0123456789abcde...\""},
		{"*a", "nothing to repeat before \"*a\""},
		{"a|*b", "nothing to repeat before \"*b\""},
		{"(+a)", "nothing to repeat before \"+a)\""},
		{"?", "nothing to repeat before \"?\""},
		{"a|", "empty alternative at the end"},
		{"(a|)", "empty alternative before \")\""},
		{"a\\", "'\\' at the end of the pattern"},
		/* LVM2 logs its error for these but goes on with a pattern
		 * that matches everything */
		{"|a", "empty alternative before \"|a\""},
		{"a||b", "empty alternative before \"|b\""},
		/* LVM2 takes these, by accident of its wrapping each pattern
		 * as "(.*(p)\0)" and joining the list into one expression: a
		 * ')' too many closes a wrapper early (and the patterns joined
		 * after it are dropped); an empty group at the end is dropped,
		 * elsewhere refused */
		{"a)", "unmatched ')' at \")\""},
		{"sda)|sdb", "unmatched ')' at \")|sdb\""},
		{"a()", "empty group \"()\""},
		{"a()b", "empty group \"()b\""},
	};
	struct arena a;
	char err[128];
	(void)state;

	arena_init(&a);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		strcpy(err, "unset");
		if (rx_compile(&a, cases[i].pat, strlen(cases[i].pat), err, sizeof(err)))
			fail_msg("\"%s\" accepted", cases[i].pat);
		if (strcmp(err, cases[i].why))
			fail_msg("\"%s\": \"%s\", want \"%s\"", cases[i].pat, err, cases[i].why);
	}
	/* NULL err is fine; a short buffer is cut */
	assert_null(rx_compile(&a, "(", 1, NULL, 0));
	assert_null(rx_compile(&a, "(", 1, err, 8));
	assert_string_equal(err, "missing");
	/* the length given, not the NUL, ends the pattern */
	assert_null(rx_compile(&a, "(a)", 2, err, sizeof(err)));
	const struct rx *r = rx_compile(&a, "abc|", 3, err, sizeof(err));
	assert_non_null(r);
	assert_true(rx_match(r, "xabc"));
	arena_free(&a);
}

/* The filter's message names the entry and the parser's reason. */
static void filter_messages(void **state)
{
	static const char *const p1[] = {"a|ok|", "a|^/dev/(sd|"};
	static const char *const p2[] = {"r||"};
	struct arena a;
	struct dev_filter *f;
	char err[256];
	(void)state;

	arena_init(&a);
	assert_int_equal(dev_filter_new(&a, str_array(&a, p1, 2), &f, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "Invalid filter pattern \"a|^/dev/(sd|\": missing ')' to close \"(sd\"");
	/* LVM2 refuses the empty expression too (its "missing ')'") */
	assert_int_equal(dev_filter_new(&a, str_array(&a, p2, 1), &f, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "Invalid filter pattern \"r||\": empty pattern");
	arena_free(&a);
}

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Patterns that make a backtracking matcher take exponential time, and the
 * longest ones taken: each is linear in the string here. The bound is
 * loose for sanitizer builds; an exponential run would not end at all. */
static void hostile_patterns_finish(void **state)
{
	static char s[100001], p[RX_MAX_LEN + 2];
	static const char *const pats[] = {
		"(a*)*b", "(a+)+b", "(a|a)*b", "(a|aa)+$b", "((a*)*)*(((a*)*)*)*b", "(.*)*(.*)*(.*)*b",
	};
	struct arena a;
	char err[128];
	double t0 = seconds();
	(void)state;

	arena_init(&a);
	memset(s, 'a', sizeof(s) - 1);
	for (size_t i = 0; i < ARRAY_SIZE(pats); i++) {
		const struct rx *r = rx_compile(&a, pats[i], strlen(pats[i]), err, sizeof(err));
		assert_non_null(r);
		assert_false(rx_match(r, s));
	}
	/* the longest pattern taken: nested groups, and one that keeps
	 * ~1000 positions live, on a PATH_MAX-long name */
	size_t n = 0;
	for (int i = 0; i < 300; i++)
		p[n++] = '(';
	for (int i = 0; i < 300; i++) {
		p[n++] = 'a';
		p[n++] = ')';
	}
	while (n < RX_MAX_LEN)
		p[n++] = '*';
	assert_non_null(rx_compile(&a, p, n, err, sizeof(err)));
	memset(p, '.', RX_MAX_LEN - 1);
	p[RX_MAX_LEN - 1] = 'b';
	const struct rx *r = rx_compile(&a, p, RX_MAX_LEN, err, sizeof(err));
	assert_non_null(r);
	s[4096] = '\0';
	assert_false(rx_match(r, s));
	s[4000] = 'b';
	assert_true(rx_match(r, s));
	/* one byte more is refused */
	assert_null(rx_compile(&a, p, RX_MAX_LEN + 1, err, sizeof(err)));
	assert_string_equal(err, "pattern longer than 1024 characters");
	if (seconds() - t0 > 10)
		fail_msg("hostile patterns took %.1f s", seconds() - t0);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grammar),
		cmocka_unit_test(lvm2_matcher_data),
		cmocka_unit_test(lvm_conf_examples),
		cmocka_unit_test(bad_patterns),
		cmocka_unit_test(filter_messages),
		cmocka_unit_test(hostile_patterns_finish),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
