#include "tests/unit/unit.h"
#include <stdint.h>
#include "metadata/cft.h"

#include <errno.h>

static char cft_err[256];

static struct cft_node *parse(struct arena *a, const char *text)
{
	return cft_parse(a, text, strlen(text), cft_err, sizeof(cft_err));
}

/* Parse text that must fail; check the exact error message. */
static void expect_error(const char *text, size_t len, const char *msg)
{
	struct arena a;
	arena_init(&a);
	assert_null(cft_parse(&a, text, len, cft_err, sizeof(cft_err)));
	assert_string_equal(cft_err, msg);
	arena_free(&a);
}
#define EXPECT_ERROR(text, msg) expect_error(text, strlen(text), msg)

static char *read_fixture(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void value_types(void **state)
{
	struct arena a;
	struct cft_node *r;
	int64_t i;
	double f;
	const char *s;
	const struct cft_value *arr;

	(void)state;
	arena_init(&a);
	r = parse(&a, "i = 42\nn = -7 big = 9223372036854775807 small = -9223372036854775808\n"
		  "o = 077\nf = 1.5\ng = -.25\ns = \"hello\"\nq = 'single \\ quoted'\n"
		  "bare = h\ne = []\narr = [\"a\", 1, 2.5]\nplus = +3\n");
	assert_non_null(r);
	assert_int_equal(cft_get_int(r, "i", &i), 0);
	assert_int_equal(i, 42);
	assert_int_equal(cft_get_int(r, "n", &i), 0);
	assert_int_equal(i, -7);
	assert_int_equal(cft_get_int(r, "big", &i), 0);
	assert_true(i == INT64_MAX);
	assert_int_equal(cft_get_int(r, "small", &i), 0);
	assert_true(i == INT64_MIN);
	assert_int_equal(cft_get_int(r, "o", &i), 0);
	assert_int_equal(i, 63);
	assert_int_equal(cft_get_int(r, "plus", &i), 0);
	assert_int_equal(i, 3);
	/* LVM2's libdm: an overflowing creation_time (only that key) is
	 * 2018-05-24, marked repaired; any other key stays an error */
	const struct cft_node *r2 = parse(&a, "x {\ncreation_time = 18446744073709551615\n}\ncreation_time = 5\n");
	assert_non_null(r2);
	const struct cft_node *ct = r2->child->child;
	assert_true(ct->v->i == 1527120000 && ct->v->repaired);
	assert_true(r2->child->next->v->i == 5 && !r2->child->next->v->repaired);
	assert_int_equal(cft_get_float(r, "f", &f), 0);
	assert_true(f == 1.5);
	assert_int_equal(cft_get_float(r, "g", &f), 0);
	assert_true(f == -0.25);
	/* an int is a float, a float is not an int */
	assert_int_equal(cft_get_float(r, "i", &f), 0);
	assert_true(f == 42.0);
	assert_int_equal(cft_get_int(r, "f", &i), -EINVAL);
	assert_int_equal(cft_get_str(r, "s", &s), 0);
	assert_string_equal(s, "hello");
	assert_int_equal(cft_get_str(r, "q", &s), 0);
	assert_string_equal(s, "single \\ quoted");
	assert_int_equal(cft_get_str(r, "bare", &s), 0);
	assert_string_equal(s, "h");
	assert_int_equal(cft_get_str(r, "i", &s), -EINVAL);
	assert_int_equal(cft_get_str(r, "nope", &s), -ENOENT);
	arr = cft_get_array(r, "e");
	assert_non_null(arr);
	assert_int_equal(arr->n_items, 0);
	assert_null(arr->items);
	arr = cft_get_array(r, "arr");
	assert_non_null(arr);
	assert_int_equal(arr->n_items, 3);
	assert_int_equal(arr->items->type, CFT_STRING);
	assert_string_equal(arr->items->s, "a");
	assert_int_equal(arr->items->next->type, CFT_INT);
	assert_int_equal(arr->items->next->i, 1);
	assert_int_equal(arr->items->next->next->type, CFT_FLOAT);
	assert_true(arr->items->next->next->f == 2.5);
	assert_null(arr->items->next->next->next);
	assert_null(cft_get_array(r, "s"));
	arena_free(&a);
}

static void escapes_and_comments(void **state)
{
	struct arena a;
	struct cft_node *r;
	const char *s;
	int64_t i;

	(void)state;
	arena_init(&a);
	r = parse(&a, "# leading comment\n"
		  "a = \"q\\\"uote b\\\\slash \\n kept # not a comment\" # comment\n"
		  "b = [ # comment inside\n  \"x\", # another\n  \"y\" ,\n]\n"
		  "c=1 d=2#tight\n"
		  "e = \"multi\nline\"\n"
		  "f = 5\n");
	assert_non_null(r);
	assert_int_equal(cft_get_str(r, "a", &s), 0);
	assert_string_equal(s, "q\"uote b\\slash \\n kept # not a comment");
	assert_int_equal(cft_get_array(r, "b")->n_items, 2);
	assert_int_equal(cft_get_int(r, "c", &i), 0);
	assert_int_equal(i, 1);
	assert_int_equal(cft_get_int(r, "d", &i), 0);
	assert_int_equal(i, 2);
	assert_int_equal(cft_get_str(r, "e", &s), 0);
	assert_string_equal(s, "multi\nline");
	assert_int_equal(cft_find(r, "f")->line, 10);
	assert_int_equal(cft_find(r, "b")->line, 3);
	arena_free(&a);
}

static void sections_and_paths(void **state)
{
	struct arena a;
	struct cft_node *r;
	const struct cft_node *n;
	int64_t i;

	(void)state;
	arena_init(&a);
	r = parse(&a, "devices { dir = \"/dev\" sub { x = 1 } }\n"
		  "devices/filter = [\"a|.*|\"] devices/scan = [\"/dev\"]\n"
		  "a/b/c = 3\n"
		  "global { }\n"
		  "global { units = \"h\" }\n"
		  "x/y { z = 4 }\n");
	assert_non_null(r);
	n = cft_find_section(r, "devices");
	assert_non_null(n);
	assert_true(n->is_section);
	assert_string_equal(n->child->key, "dir");
	assert_ptr_equal(n->parent, r);
	assert_int_equal(cft_get_int(r, "devices/sub/x", &i), 0);
	assert_int_equal(i, 1);
	/* a path key continues the section just before it */
	n = cft_find(r, "devices/filter");
	assert_non_null(n);
	assert_ptr_equal(n->parent, cft_find(r, "devices/scan")->parent);
	assert_ptr_equal(n->parent, cft_find(r, "devices/dir")->parent);
	/* plain sections of the same name stay apart */
	assert_null(cft_find_section(r, "global")->child);
	assert_int_equal(cft_get_int(r, "a/b/c", &i), 0);
	assert_int_equal(i, 3);
	assert_true(cft_find(r, "a/b")->is_section);
	/* a key found in the second of two same-named sections */
	assert_non_null(cft_find(r, "global/units"));
	assert_int_equal(cft_get_int(r, "x/y/z", &i), 0);
	assert_int_equal(i, 4);
	assert_null(cft_find(r, "devices/nope"));
	assert_null(cft_find_section(r, "devices/dir"));
	assert_ptr_equal(cft_find(r, "/devices//dir"), cft_find(r, "devices/dir"));
	arena_free(&a);
}

static void errors_name_lines(void **state)
{
	(void)state;
	EXPECT_ERROR("a = 1\nb\n", "line 2: expected '=' after key");
	EXPECT_ERROR("a = 1\nb 2\n", "line 2: expected '=' after key");
	EXPECT_ERROR("a = 1\n\nb", "line 3: expected '=' after key");
	EXPECT_ERROR("a = \"abc\nd", "line 1: unterminated string");
	EXPECT_ERROR("a = 'abc", "line 1: unterminated string");
	EXPECT_ERROR("x {\n y = 1\n", "line 1: unterminated section 'x'");
	EXPECT_ERROR("x {\n y {\n}\n", "line 1: unterminated section 'x'");
	EXPECT_ERROR("a = [\n1,\n2\n", "line 1: unterminated array");
	EXPECT_ERROR("a = 1\n}\n", "line 2: unexpected '}'");
	EXPECT_ERROR("\n\na =\n", "line 4: expected a value");
	EXPECT_ERROR("a = ]", "line 1: expected a value");
	EXPECT_ERROR("a = [[1]]", "line 1: nested arrays are not allowed");
	EXPECT_ERROR("a = 1\nb = 9223372036854775808\n", "line 2: integer out of range");
	EXPECT_ERROR("b = -9223372036854775809\n", "line 1: integer out of range");
	EXPECT_ERROR("b = 99999999999999999999999\n", "line 1: integer out of range");
	EXPECT_ERROR("b = 10M\n", "line 1: invalid number");
	EXPECT_ERROR("b = 1.2.3\n", "line 1: invalid number");
	EXPECT_ERROR("b = -\n", "line 1: invalid number");
	EXPECT_ERROR("b = 089\n", "line 1: invalid octal number");
	EXPECT_ERROR("a//b = 1\n", "line 1: empty component in key path");
	EXPECT_ERROR("a/ = 1\n", "line 1: empty component in key path");
	EXPECT_ERROR("= 1\n", "line 1: expected a key, found '='");
	EXPECT_ERROR("a = 1 ]\n", "line 1: expected a key, found ']'");
	expect_error("a = 1\nb = \"x\0y\"\n", 16, "line 2: NUL byte in text");
	expect_error("a\0 = 1", 6, "line 1: NUL byte in text");
	expect_error("a = 1\0\0", 7, "line 1: NUL byte in text");
}

static void float_range(void **state)
{
	char big[700];
	memset(big, '9', sizeof(big));
	memcpy(big, "f = ", 4);
	big[500] = '.';
	big[sizeof(big) - 1] = '\0';
	EXPECT_ERROR(big, "line 1: float out of range");
	(void)state;
}

static void terminating_nul(void **state)
{
	struct arena a;
	int64_t i;
	struct cft_node *r;

	(void)state;
	arena_init(&a);
	r = cft_parse(&a, "a = 1\n", 7, cft_err, sizeof(cft_err));	/* with its NUL */
	assert_non_null(r);
	assert_int_equal(cft_get_int(r, "a", &i), 0);
	assert_int_equal(i, 1);
	r = cft_parse(&a, "", 0, cft_err, sizeof(cft_err));
	assert_non_null(r);
	assert_null(r->child);
	assert_string_equal(r->key, "");
	r = cft_parse(&a, NULL, 5, cft_err, sizeof(cft_err));
	assert_non_null(r);
	assert_null(r->child);
	arena_free(&a);
}

static void depth_limit(void **state)
{
	struct strbuf sb;
	struct arena a;

	(void)state;
	arena_init(&a);
	sb_init(&sb);
	for (int i = 0; i < CFT_MAX_DEPTH; i++)
		sb_adds(&sb, "s {\n");
	sb_adds(&sb, "v = 1\n");
	for (int i = 0; i < CFT_MAX_DEPTH; i++)
		sb_adds(&sb, "}\n");
	assert_non_null(cft_parse(&a, sb.buf, sb.len, cft_err, sizeof(cft_err)));
	sb_reset(&sb);
	for (int i = 0; i <= CFT_MAX_DEPTH; i++)
		sb_adds(&sb, "s {\n");
	expect_error(sb.buf, sb.len, "line 33: sections nested deeper than 32");
	/* path keys count too */
	sb_reset(&sb);
	for (int i = 0; i < CFT_MAX_DEPTH; i++)
		sb_adds(&sb, "p/");
	sb_adds(&sb, "v = 1\n");
	assert_non_null(cft_parse(&a, sb.buf, sb.len, cft_err, sizeof(cft_err)));
	sb_reset(&sb);
	for (int i = 0; i <= CFT_MAX_DEPTH; i++)
		sb_adds(&sb, "p/");
	sb_adds(&sb, "v = 1\n");
	expect_error(sb.buf, sb.len, "line 1: sections nested deeper than 32");
	/* a million opening braces: an error, not a crash */
	sb_reset(&sb);
	for (int i = 0; i < 1000000; i++)
		sb_adds(&sb, "a{");
	expect_error(sb.buf, sb.len, "line 1: sections nested deeper than 32");
	sb_free(&sb);
	arena_free(&a);
}

static void huge_key_and_string(void **state)
{
	const size_t big = 100 * 1024;
	struct strbuf sb;
	struct arena a;
	struct cft_node *r;
	const char *s;
	char *key = malloc(big + 1);

	(void)state;
	memset(key, 'k', big);
	key[big] = '\0';
	arena_init(&a);
	sb_init(&sb);
	sb_adds(&sb, key);
	sb_adds(&sb, " = \"");
	sb_adds(&sb, key);
	sb_adds(&sb, "\"\n");
	r = cft_parse(&a, sb.buf, sb.len, cft_err, sizeof(cft_err));
	assert_non_null(r);
	assert_int_equal(strlen(r->child->key), big);
	assert_int_equal(cft_get_str(r, key, &s), 0);
	assert_int_equal(strlen(s), big);
	sb_reset(&sb);
	/* an unterminated 100 KB string */
	sb_adds(&sb, "a = \"");
	sb_adds(&sb, key);
	expect_error(sb.buf, sb.len, "line 1: unterminated string");
	sb_free(&sb);
	arena_free(&a);
	free(key);
}

/* Many siblings and long arrays: linear time keeps this fast. */
static void linear_size(void **state)
{
	struct strbuf sb;
	struct arena a;
	struct cft_node *r;
	size_t n = 0;

	(void)state;
	sb_init(&sb);
	arena_init(&a);
	sb_adds(&sb, "s {\n");
	for (int i = 0; i < 200000; i++)
		sb_printf(&sb, "k%d = %d\n", i, i);
	sb_adds(&sb, "}\narr = [");
	for (int i = 0; i < 200000; i++)
		sb_adds(&sb, "\"x\", ");
	sb_adds(&sb, "]\n");
	for (int i = 0; i < 100000; i++)
		sb_adds(&sb, "d/x = 1\n");
	r = cft_parse(&a, sb.buf, sb.len, cft_err, sizeof(cft_err));
	assert_non_null(r);
	for (const struct cft_node *c = cft_find_section(r, "s")->child; c; c = c->next)
		n++;
	assert_int_equal(n, 200000);
	assert_int_equal(cft_get_array(r, "arr")->n_items, 200000);
	sb_free(&sb);
	arena_free(&a);
}

/* Strings are packed into one block of the text's length: texts without
 * a spare byte (no blanks, a bare word at the very end, path keys, escapes)
 * must fit it, and read back whole. */
static void dense_strings(void **state)
{
	static const struct {
		const char *text, *path, *want;
	} cases[] = {
		{"a=b", "a", "b"},
		{"a=b\nc=dd", "c", "dd"},
		{"k=[x,y]z=w", "z", "w"},
		{"a/b/c=d", "a/b/c", "d"},
		{"s{t{u=v}}w=x", "s/t/u", "v"},
		{"q=\"\\\"\"r=s", "q", "\""},
		{"e=''f=g", "f", "g"},
		{"h=[\"i\",j,k]", "h", NULL},
	};
	struct arena a;
	unsigned long spills = cft_str_spills;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *s;
		arena_init(&a);
		struct cft_node *r = parse(&a, cases[i].text);
		assert_non_null(r);
		if (cases[i].want) {
			assert_int_equal(cft_get_str(r, cases[i].path, &s), 0);
			assert_string_equal(s, cases[i].want);
		} else {
			const struct cft_value *v = cft_get_array(r, cases[i].path);
			assert_non_null(v);
			assert_int_equal(v->n_items, 3);
			assert_string_equal(v->items->next->next->s, "k");
		}
		arena_free(&a);
	}
	/* many of them, split parse included */
	struct strbuf sb;
	sb_init(&sb);
	for (int i = 0; i < 100000; i++)
		sb_printf(&sb, "k%d=[v%d,\"w\"]a/b%d=c\n", i, i, i);
	sb_adds(&sb, "z=y");
	arena_init(&a);
	size_t old_min = cft_split_min;
	cft_split_min = 1024;
	struct cft_node *r = cft_parse(&a, sb.buf, sb.len, cft_err, sizeof(cft_err));
	cft_split_min = old_min;
	assert_non_null(r);
	const char *s;
	assert_int_equal(cft_get_str(r, "z", &s), 0);
	assert_string_equal(s, "y");
	assert_int_equal(cft_get_str(r, "a/b99999", &s), 0);
	assert_string_equal(s, "c");
	assert_int_equal(cft_str_spills, spills);
	arena_free(&a);
	sb_free(&sb);
}

static void emit_styles(void **state)
{
	struct arena a;
	struct strbuf sb;
	struct cft_node *root, *vg, *pv;
	struct cft_value *arr;

	(void)state;
	arena_init(&a);
	sb_init(&sb);
	root = cft_new_section(&a, NULL, "");
	vg = cft_new_section(&a, root, "vg0");
	cft_new_value(&a, vg, "seqno", cft_value_int(&a, 4));
	arr = cft_value_array(&a);
	cft_array_append(arr, cft_value_str(&a, "READ"));
	cft_array_append(arr, cft_value_str(&a, "WRITE"));
	cft_new_value(&a, vg, "status", arr);
	cft_new_value(&a, vg, "flags", cft_value_array(&a));
	pv = cft_new_section(&a, vg, "pv0");
	cft_new_value(&a, pv, "device", cft_value_str(&a, "/dev/\"odd\\"));
	struct cft_value *f = arena_alloc(&a, sizeof(*f));
	f->type = CFT_FLOAT;
	f->f = 1.5;
	cft_new_value(&a, pv, "ratio", f);
	cft_new_value(&a, root, "version", cft_value_int(&a, -1));

	cft_emit_children(&sb, root, -1);
	assert_string_equal(sb.buf,
			    "vg0 {\n"
			    "seqno = 4\n"
			    "status = [\"READ\", \"WRITE\"]\n"
			    "flags = []\n"
			    "pv0 {\n"
			    "device = \"/dev/\\\"odd\\\\\"\n"
			    "ratio = 1.500000\n"
			    "}\n"
			    "}\n"
			    "version = -1\n");
	sb_reset(&sb);
	cft_emit_children(&sb, root, 1);
	assert_string_equal(sb.buf,
			    "vg0 {\n"
			    "\tseqno = 4\n"
			    "\tstatus = [\"READ\", \"WRITE\"]\n"
			    "\tflags = []\n"
			    "\tpv0 {\n"
			    "\t\tdevice = \"/dev/\\\"odd\\\\\"\n"
			    "\t\tratio = 1.500000\n"
			    "\t}\n"
			    "}\n"
			    "version = -1\n");
	sb_reset(&sb);
	cft_emit_node(&sb, pv, 2);
	assert_string_equal(sb.buf, "pv0 {\n\t\tdevice = \"/dev/\\\"odd\\\\\"\n\t\tratio = 1.500000\n}\n");
	sb_reset(&sb);
	cft_emit_value_compact(&sb, arr);
	assert_string_equal(sb.buf, "[\"READ\",\"WRITE\"]");
	sb_free(&sb);
	arena_free(&a);
}

/* parse(emit(parse(x))) == parse(x), in both styles. */
static void roundtrip_text(const char *text, size_t len)
{
	struct arena a;
	struct strbuf sb;
	struct cft_node *r1, *r2;

	arena_init(&a);
	sb_init(&sb);
	r1 = cft_parse(&a, text, len, cft_err, sizeof(cft_err));
	if (!r1)
		fail_msg("parse: %s", cft_err);
	for (int indent = -1; indent <= 1; indent++) {
		sb_reset(&sb);
		cft_emit_children(&sb, r1, indent);
		r2 = cft_parse(&a, sb.buf, sb.len, cft_err, sizeof(cft_err));
		if (!r2)
			fail_msg("re-parse: %s", cft_err);
		assert_true(cft_equal(r1, r2));
	}
	sb_free(&sb);
	arena_free(&a);
}

static void roundtrip(void **state)
{
	static const char *texts[] = {
		"a = 1 b = -2 c = 0.1234567 d = \"x\\\"y\\\\z\\q\" e = [] f = [1, \"two\", 3.0]\n",
		"s { t { u = 'it\"s' } } s/t/v = 1 w = bare\n",
		"x = \"line\nbreak\" y = 077 z = -0.0\n",
	};
	struct arena a;
	struct cft_node *r1, *r2;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
		roundtrip_text(texts[i], strlen(texts[i]));
	/* cft_equal really compares */
	arena_init(&a);
	r1 = parse(&a, "a = 1 s { b = [\"x\"] }");
	r2 = parse(&a, "a = 1 s { b = [\"y\"] }");
	assert_false(cft_equal(r1, r2));
	r2 = parse(&a, "a = 1 s { b = [\"x\"] c = 1 }");
	assert_false(cft_equal(r1, r2));
	r2 = parse(&a, "a = 1.0 s { b = [\"x\"] }");
	assert_false(cft_equal(r1, r2));
	r2 = parse(&a, "a = 1 s { b = [\"x\"] }");
	assert_true(cft_equal(r1, r2));
	arena_free(&a);
}

static void ondisk_metadata(void **state)
{
	struct arena a;
	size_t len;
	char *text = read_fixture(FIXTURE("vg0-ondisk"), &len);
	struct cft_node *r;
	const struct cft_value *v;
	const char *s;
	int64_t i;

	(void)state;
	arena_init(&a);
	r = cft_parse(&a, text, len, cft_err, sizeof(cft_err));
	if (!r)
		fail_msg("%s", cft_err);
	assert_string_equal(r->child->key, "vg0");
	assert_int_equal(cft_get_int(r, "vg0/seqno", &i), 0);
	assert_int_equal(i, 4);
	assert_int_equal(cft_get_str(r, "vg0/physical_volumes/pv0/device", &s), 0);
	assert_string_equal(s, "/dev/loop0");
	v = cft_get_array(r, "vg0/logical_volumes/lv1/segment1/stripes");
	assert_non_null(v);
	assert_int_equal(v->n_items, 2);
	assert_string_equal(v->items->s, "pv0");
	assert_int_equal(v->items->next->i, 0);
	v = cft_get_array(r, "vg0/logical_volumes/r1/segment1/raids");
	assert_non_null(v);
	assert_int_equal(v->n_items, 4);
	assert_string_equal(v->items->next->next->next->s, "r1_rimage_1");
	assert_int_equal(cft_get_str(r, "vg0/logical_volumes/pool/segment1/message1/create", &s), 0);
	assert_string_equal(s, "thin1");
	assert_int_equal(cft_get_str(r, "creation_host", &s), 0);
	assert_string_equal(s, "vm");
	assert_int_equal(cft_get_int(r, "creation_time", &i), 0);
	assert_int_equal(i, 1795400258);
	assert_int_equal(cft_get_str(r, "description", &s), 0);
	assert_string_equal(s, "Write from lvextend -L +4M vg0/lv1.");
	roundtrip_text(text, len);
	free(text);

	text = read_fixture(FIXTURE("vg0-backup"), &len);
	r = cft_parse(&a, text, len, cft_err, sizeof(cft_err));
	if (!r)
		fail_msg("%s", cft_err);
	assert_int_equal(cft_get_int(r, "vg0/extent_size", &i), 0);
	assert_int_equal(i, 8192);
	assert_int_equal(cft_get_str(r, "contents", &s), 0);
	assert_string_equal(s, "Text Format Volume Group");
	roundtrip_text(text, len);
	free(text);
	arena_free(&a);
}

static void debian_lvm_conf(void **state)
{
	struct arena a;
	size_t len;
	char *text = read_fixture(FIXTURE("lvm.conf-debian"), &len);
	struct cft_node *r;
	size_t sections = 0;

	(void)state;
	arena_init(&a);
	r = cft_parse(&a, text, len, cft_err, sizeof(cft_err));
	if (!r)
		fail_msg("%s", cft_err);
	for (const struct cft_node *c = r->child; c; c = c->next) {
		assert_true(c->is_section);
		sections++;
	}
	assert_int_equal(sections, 9);
	assert_non_null(cft_find_section(r, "devices"));
	assert_non_null(cft_find_section(r, "activation"));
	roundtrip_text(text, len);
	free(text);
	arena_free(&a);
}

/* ---- the two-thread parse ---- */

/* Parse t both ways; both fail with the same message or give the same
 * tree. Returns whether the split was used. */
static bool split_same(const char *t)
{
	struct arena a1, a2;
	char e1[256] = "", e2[256] = "";
	arena_init(&a1);
	arena_init(&a2);
	cft_split_min = SIZE_MAX;
	struct cft_node *one = cft_parse(&a1, t, strlen(t), e1, sizeof(e1));
	unsigned long before = cft_split_count;
	cft_split_min = 0;
	struct cft_node *two = cft_parse(&a2, t, strlen(t), e2, sizeof(e2));
	cft_split_min = 512 * 1024;
	bool split = cft_split_count != before;
	assert_int_equal(!one, !two);
	if (one)
		assert_true(cft_identical(one, two));
	else
		assert_string_equal(e1, e2);
	arena_free(&a1);
	arena_free(&a2);
	return split;
}

static void lv_text_at(struct strbuf *sb, unsigned n, const char *middle, unsigned at)
{
	sb_adds(sb, "vg0 {\nid = \"x\"\nseqno = 3\nphysical_volumes {\n\npv0 {\nid = \"y\"\n}\n}\n\nlogical_volumes {\n");
	for (unsigned i = 0; i < n; i++) {
		if (i == at && middle)
			sb_adds(sb, middle);
		sb_printf(sb, "\nlv%u {\nid = \"z%u\"\nstatus = [\"READ\", \"WRITE\"]\nsegment_count = 1\n\nsegment1 {\nstart_extent = 0\nextent_count = 1\n\nstripes = [\n\"pv0\", %u\n]\n}\n}\n", i, i, i);
	}
	sb_adds(sb, "}\n\n}\n# Generated by x\n\ncontents = \"Text Format Volume Group\"\nversion = 1\n\ndescription = \"\"\n\ncreation_host = \"h\"\ncreation_time = 1\n");
}

static void lv_text(struct strbuf *sb, unsigned n, const char *middle)
{
	lv_text_at(sb, n, middle, n / 2 + 1);
}

static void split_parse_same_tree(void **state)
{
	(void)state;
	struct strbuf sb;
	/* a VG's text: cut between LV sections, the same tree */
	sb_init(&sb);
	lv_text(&sb, 400, NULL);
	assert_true(split_same(sb.buf));
	sb_free(&sb);
	/* errors after the cut, before it, across it: the one-piece message */
	const char *bad[] = {"\nbroken = \"unterminated\n", "\nx = [1, 2\n", "\n}\n}\n}\n",
			     "\n\nodd {\n\"str\n\n\nlv {\n\"\n}\n"};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sb_init(&sb);
		lv_text(&sb, 400, bad[i]);
		if (split_same(sb.buf))
			fail_msg("case %u: the split was used", i);
		sb_free(&sb);
	}
	/* a path key ("k/j = 1") before the cut is parsed as usual; after
	 * it, the attempt is dropped (sections named by paths would not merge
	 * with the first part's): the same tree both times */
	sb_init(&sb);
	lv_text_at(&sb, 400, "\nk/j = 1\n", 100);
	assert_true(split_same(sb.buf));
	sb_free(&sb);
	sb_init(&sb);
	lv_text_at(&sb, 400, "\nk/j = 1\n", 300);
	assert_false(split_same(sb.buf));
	sb_free(&sb);
	/* an unterminated section at the end */
	sb_init(&sb);
	lv_text(&sb, 400, NULL);
	sb.buf[sb.len - 3 - strlen("}\n\n}\n# Generated by x\n\ncontents = \"Text Format Volume Group\"\nversion = 1\n\ndescription = \"\"\n\ncreation_host = \"h\"\ncreation_time = 1\n") + 3] = ' ';
	split_same(sb.buf);
	sb_free(&sb);
	/* a cut at another depth (an LV section holding "name {" blocks) */
	sb_init(&sb);
	sb_adds(&sb, "a {\nb {\nc {\n");
	for (unsigned i = 0; i < 300; i++)
		sb_printf(&sb, "\n\nd%u {\ne = %u\n}\n", i, i);
	sb_adds(&sb, "}\n}\n}\n");
	assert_false(split_same(sb.buf));
	sb_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(value_types),
		cmocka_unit_test(split_parse_same_tree),
		cmocka_unit_test(escapes_and_comments),
		cmocka_unit_test(sections_and_paths),
		cmocka_unit_test(errors_name_lines),
		cmocka_unit_test(float_range),
		cmocka_unit_test(terminating_nul),
		cmocka_unit_test(depth_limit),
		cmocka_unit_test(huge_key_and_string),
		cmocka_unit_test(linear_size),
		cmocka_unit_test(dense_strings),
		cmocka_unit_test(emit_styles),
		cmocka_unit_test(roundtrip),
		cmocka_unit_test(ondisk_metadata),
		cmocka_unit_test(debian_lvm_conf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
