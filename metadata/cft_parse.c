/* The LVM2 text grammar: the parser (see cft.h; lookups, building,
 * emitting and comparing trees are in cft_tree.c).
 *
 * The parser is a single forward pass over the input with an explicit stack
 * of open sections, so hostile input can neither recurse us off the C stack
 * nor make us revisit bytes: every byte is looked at a bounded number of
 * times and every append is O(1) through cft_node.last. */
#include "metadata/cft.h"
#include "metadata/cft_int.h"

#include <errno.h>
#include <pthread.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A float token longer than this cannot come from LVM2 ("%f" of the largest
 * double is ~317 characters); refusing it keeps strtod's cost bounded. */
#define CFT_MAX_NUMBER_LEN 1024

struct cft_frame {
	struct cft_node *outer;	/* section to return to on '}' */
	unsigned outer_depth;
	unsigned line;		/* where the section was opened */
	const struct cft_node *sec;
};

struct cft_parser {
	struct arena *a;
	const char *p, *end;
	unsigned line;
	char *err;
	size_t errlen;
	struct cft_frame stack[CFT_MAX_DEPTH + 1];
	unsigned sp;
	/* Nodes, values and strings are carved from blocks of the arena: 8-
	 * byte objects and packed strings (every string copied is shorter
	 * than the bytes it was read from, so one block of the text's length
	 * holds them all). A fraction of the memory of an arena allocation
	 * each, and memory never touched before costs a page fault. */
	char *obj, *obj_end;
	char *str, *str_end;
	bool placeholders;	/* the second part of a split parse */
	bool ctime_key;		/* the value being parsed is creation_time's */
	bool path_key;		/* ... met a key with '/' (see cft_parse_split) */
};

/* Character classes, one table lookup each (the parser asks per byte). */
enum { CC_SPACE = 1, CC_WORD = 2, CC_SLASH = 4 };
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const unsigned char cft_class[256] = {
	[0 ... 255] = CC_WORD,
	[' '] = CC_SPACE, ['\t'] = CC_SPACE, ['\n'] = CC_SPACE, ['\r'] = CC_SPACE,
	['\v'] = CC_SPACE, ['\f'] = CC_SPACE,
	['='] = 0, ['{'] = 0, ['}'] = 0, ['['] = 0, [']'] = 0, [','] = 0, ['"'] = 0, ['#'] = 0,
	['\''] = 0, ['/'] = CC_WORD | CC_SLASH,
};
#pragma GCC diagnostic pop

static bool cft_is_space(char c)
{
	return cft_class[(unsigned char)c] & CC_SPACE;
}

/* Characters that may appear in a key (and in bare words): not white space,
 * not = { } [ ] , " # ' */
static bool cft_is_word(char c)
{
	return cft_class[(unsigned char)c] & CC_WORD;
}

__attribute__((format(printf, 3, 4)))
static void cft_fail(struct cft_parser *ps, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!ps->err || !ps->errlen)
		return;
	n = snprintf(ps->err, ps->errlen, "line %u: ", line);
	if (n < 0 || (size_t)n >= ps->errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

/* Skip white space and comments, counting lines. */
static inline void cft_skip(struct cft_parser *ps)
{
	/* Locals: stores through ps would make the compiler reload ps->p
	 * after every byte. */
	const char *p = ps->p, *end = ps->end;
	unsigned line = ps->line;
	while (p < end) {
		char c = *p;
		if (c == '\n') {
			line++;
			p++;
		} else if (cft_is_space(c)) {
			p++;
		} else if (c == '#') {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			p = nl ? nl : end;
		} else {
			break;
		}
	}
	ps->p = p;
	ps->line = line;
}

/* The end of the word starting at p. */
static inline const char *cft_word_end(const char *p, const char *end)
{
	while (p < end && cft_is_word(*p))
		p++;
	return p;
}

/* The end of the key starting at p; *slash: whether it holds a '/'. */
static inline const char *cft_key_end(const char *p, const char *end, bool *slash)
{
	unsigned char seen = 0, c;
	while (p < end && ((c = cft_class[(unsigned char)*p]) & CC_WORD)) {
		seen |= c;
		p++;
	}
	*slash = seen & CC_SLASH;
	return p;
}

#define CFT_OBJ_BLOCK (64 * 1024)

unsigned long cft_str_spills;

/* A zeroed object of size n (a multiple of 8) from the parser's block. */
static void *cft_obj(struct cft_parser *ps, size_t n)
{
	if ((size_t)(ps->obj_end - ps->obj) < n) {
		ps->obj = arena_alloc_raw(ps->a, CFT_OBJ_BLOCK);
		ps->obj_end = ps->obj + CFT_OBJ_BLOCK;
	}
	void *p = ps->obj;
	ps->obj += n;
	memset(p, 0, n);
	return p;
}

/* Room for a string of n bytes and its NUL, packed. */
static char *cft_str_room(struct cft_parser *ps, size_t n)
{
	if ((size_t)(ps->str_end - ps->str) <= n) {
		__atomic_fetch_add(&cft_str_spills, 1, __ATOMIC_RELAXED);
		return arena_alloc_raw(ps->a, n + 1);
	}
	char *p = ps->str;
	ps->str += n + 1;
	return p;
}

static char *cft_strndup(struct cft_parser *ps, const char *s, size_t n)
{
	char *p = cft_str_room(ps, n);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* The parser's blocks for text of len bytes. */
static void cft_parser_blocks(struct cft_parser *ps, size_t len)
{
	ps->str = arena_alloc_raw(ps->a, len + 1);
	ps->str_end = ps->str + len + 1;
	ps->obj = ps->obj_end = NULL;
}

static struct cft_node *cft_parse_node(struct cft_parser *ps, struct cft_node *parent,
				       const char *key, size_t keylen, unsigned line)
{
	struct cft_node *n = cft_obj(ps, sizeof(*n));
	n->key = cft_strndup(ps, key, keylen);
	n->line = line;
	cft_link(n, parent);
	return n;
}

/* Create the node for a (possibly path) key under parent. Intermediate path
 * components reuse parent's last child when it is a section of that name,
 * so "devices/a=1 devices/b=2" builds one section; anything else gets a new
 * section (lookups search every same-named section, so this is only about
 * tidiness, never about meaning). */
static struct cft_node *cft_make_path(struct cft_parser *ps, struct cft_node *parent,
				      unsigned *depth, const char *key, size_t keylen,
				      bool section, unsigned line, bool has_slash)
{
	const char *end = key + keylen;
	unsigned d = *depth;

	for (;;) {
		const char *slash = has_slash ? memchr(key, '/', (size_t)(end - key)) : NULL;
		const char *ce = slash ? slash : end;
		size_t cl = (size_t)(ce - key);
		struct cft_node *n;

		if (!cl) {
			cft_fail(ps, line, "empty component in key path");
			return NULL;
		}
		if (!slash) {
			if (section && ++d > CFT_MAX_DEPTH) {
				cft_fail(ps, line, "sections nested deeper than %d", CFT_MAX_DEPTH);
				return NULL;
			}
			n = cft_parse_node(ps, parent, key, cl, line);
			n->is_section = section;
			*depth = d;
			return n;
		}
		if (++d > CFT_MAX_DEPTH) {
			cft_fail(ps, line, "sections nested deeper than %d", CFT_MAX_DEPTH);
			return NULL;
		}
		n = parent->last;
		if (!n || !n->is_section || strlen(n->key) != cl || memcmp(n->key, key, cl)) {
			n = cft_parse_node(ps, parent, key, cl, line);
			n->is_section = true;
		}
		parent = n;
		key = slash + 1;
	}
}

static int cft_parse_string(struct cft_parser *ps, struct cft_value *v)
{
	char quote = *ps->p;
	unsigned start_line = ps->line;
	const char *s = ++ps->p, *q;
	size_t esc = 0;
	char *out, *o;

	/* First pass finds the end (and counts lines), second copies. */
	for (q = s; q < ps->end && *q != quote; q++) {
		if (*q == '\n')
			ps->line++;
		else if (quote == '"' && *q == '\\' && q + 1 < ps->end) {
			q++;
			esc++;
			if (*q == '\n')
				ps->line++;
		}
	}
	if (q >= ps->end) {
		cft_fail(ps, start_line, "unterminated string");
		return -EINVAL;
	}
	out = o = cft_str_room(ps, (size_t)(q - s));
	if (!esc) {
		memcpy(out, s, (size_t)(q - s));
		o += q - s;
	} else {
		/* As LVM2: \" and \\ lose their backslash, others keep it. */
		for (const char *c = s; c < q; c++) {
			if (*c == '\\' && (c[1] == '"' || c[1] == '\\'))
				c++;
			else if (*c == '\\')
				*o++ = *c++;
			*o++ = *c;
		}
	}
	*o = '\0';
	v->type = CFT_STRING;
	v->s = out;
	ps->p = q + 1;
	return 0;
}

static int cft_parse_int(struct cft_parser *ps, const char *t, size_t len, struct cft_value *v)
{
	bool neg = false;
	uint64_t acc = 0, limit;
	unsigned base = 10;
	size_t i = 0;

	if (t[0] == '+' || t[0] == '-') {
		neg = t[0] == '-';
		i++;
	}
	/* strtoll(.., 0) in LVM2 makes a leading 0 octal: umask = 077. */
	if (len - i > 1 && t[i] == '0')
		base = 8;
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		unsigned d = (unsigned)(t[i] - '0');
		if (d >= base) {
			cft_fail(ps, ps->line, "invalid octal number");
			return -EINVAL;
		}
		if (acc > (limit - d) / base && ps->ctime_key) {
			v->type = CFT_INT;
			v->i = 1527120000;	/* LVM2's substitute (libdm-config.c) */
			v->repaired = true;
			return 0;
		}
		if (acc > (limit - d) / base) {
			cft_fail(ps, ps->line, "integer out of range");
			return -ERANGE;
		}
		acc = acc * base + d;
	}
	v->type = CFT_INT;
	v->i = neg ? (acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)acc) : (int64_t)acc;
	return 0;
}

static int cft_parse_number(struct cft_parser *ps, struct cft_value *v)
{
	const char *t = ps->p, *e = t;
	size_t len, digits = 0, dots = 0, i;
	char buf[CFT_MAX_NUMBER_LEN + 1];
	int r;

	e = cft_word_end(t, ps->end);
	len = (size_t)(e - t);
	for (i = 0; i < len; i++) {
		if (t[i] >= '0' && t[i] <= '9')
			digits++;
		else if (t[i] == '.')
			dots++;
		else if (!(i == 0 && (t[i] == '+' || t[i] == '-')))
			break;
	}
	if (i != len || !digits || dots > 1) {
		cft_fail(ps, ps->line, "invalid number");
		return -EINVAL;
	}
	if (!dots) {
		r = cft_parse_int(ps, t, len, v);
	} else if (len > CFT_MAX_NUMBER_LEN) {
		cft_fail(ps, ps->line, "number too long");
		return -EINVAL;
	} else {
		memcpy(buf, t, len);
		buf[len] = '\0';
		v->type = CFT_FLOAT;
		v->f = strtod(buf, NULL);
		if (!isfinite(v->f)) {
			cft_fail(ps, ps->line, "float out of range");
			return -ERANGE;
		}
		r = 0;
	}
	ps->p = e;
	return r;
}

static int cft_parse_scalar(struct cft_parser *ps, struct cft_value *v)
{
	char c;

	if (ps->p >= ps->end) {
		cft_fail(ps, ps->line, "expected a value");
		return -EINVAL;
	}
	c = *ps->p;
	if (c == '"' || c == '\'')
		return cft_parse_string(ps, v);
	if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')
		return cft_parse_number(ps, v);
	if (c == '[') {
		cft_fail(ps, ps->line, "nested arrays are not allowed");
		return -EINVAL;
	}
	if (!cft_is_word(c)) {
		cft_fail(ps, ps->line, "expected a value");
		return -EINVAL;
	}
	/* A bare word is a string, as in LVM2 ("units = h"). */
	const char *s = ps->p;
	ps->p = cft_word_end(s, ps->end);
	v->type = CFT_STRING;
	v->s = cft_strndup(ps, s, (size_t)(ps->p - s));
	return 0;
}

static struct cft_value *cft_parse_value(struct cft_parser *ps)
{
	struct cft_value *v = cft_obj(ps, sizeof(*v)), *tail = NULL;
	unsigned open_line = ps->line;

	if (ps->p >= ps->end || *ps->p != '[')
		return cft_parse_scalar(ps, v) ? NULL : v;
	ps->p++;
	v->type = CFT_ARRAY;
	for (;;) {
		struct cft_value *item;

		cft_skip(ps);
		if (ps->p >= ps->end) {
			cft_fail(ps, open_line, "unterminated array");
			return NULL;
		}
		if (*ps->p == ']') {
			ps->p++;
			return v;
		}
		item = cft_obj(ps, sizeof(*item));
		if (cft_parse_scalar(ps, item))
			return NULL;
		if (tail)
			tail->next = item;
		else
			v->items = item;
		tail = item;
		v->n_items++;
		/* Commas are optional separators, a trailing one is fine (LVM2). */
		cft_skip(ps);
		if (ps->p < ps->end && *ps->p == ',')
			ps->p++;
	}
}

/* The input's NUL bytes: one final terminator is accepted (on-disk text is
 * stored NUL-terminated), any other is an error. */
static int cft_check_nul(struct cft_parser *ps, size_t *len)
{
	const char *text = ps->p;
	const char *nul;

	if (*len && !text[*len - 1])
		(*len)--;
	nul = memchr(text, '\0', *len);
	if (!nul)
		return 0;
	unsigned line = 1;
	for (const char *c = text; c < nul; c++)
		line += *c == '\n';
	cft_fail(ps, line, "NUL byte in text");
	return -EINVAL;
}

/* The statement loop: parses ps->p..ps->end into *curp, whose nesting is
 * *depthp, with ps->sp frames already open. With allow_open, sections
 * still open at the end are left on the stack (the first part of a split
 * parse); otherwise they are an error. */
static int cft_parse_loop(struct cft_parser *ps, struct cft_node **curp, unsigned *depthp,
			  bool allow_open)
{
	struct cft_node *cur = *curp;
	unsigned depth = *depthp;

	for (;;) {
		const char *key;
		size_t keylen;
		unsigned key_line;

		cft_skip(ps);
		if (ps->p >= ps->end)
			break;
		if (*ps->p == '}') {
			if (!ps->sp) {
				cft_fail(ps, ps->line, "unexpected '}'");
				return -EINVAL;
			}
			ps->sp--;
			cur = ps->stack[ps->sp].outer;
			depth = ps->stack[ps->sp].outer_depth;
			ps->p++;
			continue;
		}
		if (!cft_is_word(*ps->p)) {
			unsigned char c = (unsigned char)*ps->p;
			if (c >= 0x20 && c < 0x7f)
				cft_fail(ps, ps->line, "expected a key, found '%c'", c);
			else
				cft_fail(ps, ps->line, "expected a key");
			return -EINVAL;
		}
		bool has_slash;
		key = ps->p;
		ps->p = cft_key_end(key, ps->end, &has_slash);
		keylen = (size_t)(ps->p - key);
		key_line = ps->line;
		if (ps->placeholders && has_slash)
			ps->path_key = true;
		cft_skip(ps);
		if (ps->p < ps->end && *ps->p == '{') {
			struct cft_node *outer = cur;
			unsigned outer_depth = depth;
			/* The frame stack cannot overflow: each '{' adds at
			 * least one level and depth is checked against it. */
			cur = cft_make_path(ps, cur, &depth, key, keylen, true, key_line, has_slash);
			if (!cur)
				return -EINVAL;
			ps->stack[ps->sp].outer = outer;
			ps->stack[ps->sp].outer_depth = outer_depth;
			ps->stack[ps->sp].line = key_line;
			ps->stack[ps->sp].sec = cur;
			ps->sp++;
			ps->p++;
			continue;
		}
		if (ps->p >= ps->end || *ps->p != '=') {
			cft_fail(ps, key_line, "expected '=' after key");
			return -EINVAL;
		}
		ps->p++;
		cft_skip(ps);
		ps->ctime_key = keylen == 13 && !memcmp(key, "creation_time", 13);
		struct cft_value *v = cft_parse_value(ps);
		ps->ctime_key = false;
		if (!v)
			return -EINVAL;
		unsigned d = depth;
		struct cft_node *n = cft_make_path(ps, cur, &d, key, keylen, false, key_line, has_slash);
		if (!n)
			return -EINVAL;
		n->v = v;
	}
	if (ps->sp && !allow_open) {
		const struct cft_frame *f = &ps->stack[ps->sp - 1];
		cft_fail(ps, f->line, "unterminated section '%.64s'", f->sec->key);
		return -EINVAL;
	}
	*curp = cur;
	*depthp = depth;
	return 0;
}

static struct cft_node *cft_new_root(struct arena *a)
{
	struct cft_node *root = arena_alloc(a, sizeof(*root));
	root->key = "";
	root->is_section = true;
	root->line = 1;
	return root;
}

/* ---- split parse ----
 * Big texts (a VG with thousands of LVs) are parsed in two parts at once.
 * The cut is at the start of a line "name {" after a blank line, near the
 * middle, where LVM2's layout puts an LV section. The second part is parsed
 * by another thread as if two sections (the VG's and logical_volumes) were
 * open, into placeholder sections; the first part must then end exactly
 * there: at a statement boundary (a string, array or token running across
 * the cut makes it fail, as the cut follows a newline) with two sections
 * open. Then the placeholders' children are moved into the real sections.
 * Anything else (an error in either part, another nesting at the cut, a
 * path key under a placeholder) discards the attempt and the text is
 * parsed again in one piece, so trees and errors are always exactly those
 * of the one-piece parse. */
/* Measured on 2 vCPUs: at 1,000 LVs (285 KiB) a second thread costs what it
 * saves; at 10,000 (2.9 MB) the split saves 5-10% of lvs and lvcreate. */
size_t cft_split_min = 512 * 1024;
unsigned long cft_split_count;

#define SPLIT_DEPTH 2

struct split_part {
	struct cft_parser ps;
	struct arena a;
	struct cft_node *ph[SPLIT_DEPTH + 1];	/* root, then one per open section */
	const char *text;
	size_t cut;
	int rc;
};

/* A cut near the middle: the start of "word {" right after "\n\n" (LVM2's
 * layout of an LV section; a wrong guess only costs the attempt). */
static size_t find_cut(const char *text, size_t len)
{
	for (const char *p = text + len / 2; p + 2 < text + len; p++) {
		p = memchr(p, '\n', (size_t)(text + len - p));
		if (!p || p + 2 >= text + len)
			return 0;
		if (p[1] != '\n' || !cft_is_word(p[2]))
			continue;
		const char *w = cft_word_end(p + 2, text + len);
		/* not "segmentN {", which opens a section inside an LV */
		if (w - (p + 2) > 7 && !memcmp(p + 2, "segment", 7) && p[9] >= '0' && p[9] <= '9')
			continue;
		if (w + 2 < text + len && w[0] == ' ' && w[1] == '{' && w[2] == '\n')
			return (size_t)(p + 2 - text);
	}
	return 0;
}

static void *parse_second(void *arg)
{
	struct split_part *sp = arg;
	struct cft_parser *ps = &sp->ps;
	unsigned line = 1, depth = SPLIT_DEPTH;
	struct cft_node *cur;

	for (const char *c = sp->text; c < sp->text + sp->cut; c++)
		line += *c == '\n';
	ps->line = line;
	arena_init(&sp->a);
	ps->a = &sp->a;
	cft_parser_blocks(ps, (size_t)(ps->end - ps->p));
	sp->ph[0] = cft_new_root(&sp->a);
	for (unsigned k = 1; k <= SPLIT_DEPTH; k++) {
		sp->ph[k] = arena_alloc(&sp->a, sizeof(*sp->ph[k]));
		sp->ph[k]->key = "";
		sp->ph[k]->is_section = true;
		ps->stack[k - 1] = (struct cft_frame){sp->ph[k - 1], k - 1, line, sp->ph[k]};
	}
	ps->sp = SPLIT_DEPTH;
	ps->placeholders = true;
	cur = sp->ph[SPLIT_DEPTH];
	sp->rc = cft_parse_loop(ps, &cur, &depth, false);
	if (!sp->rc && ps->path_key)
		sp->rc = -EINVAL;
	return NULL;
}

/* Move the children of placeholder ph to the end of real's. */
static void adopt_children(struct cft_node *real, struct cft_node *ph)
{
	if (!ph->child)
		return;
	for (struct cft_node *c = ph->child; c; c = c->next)
		c->parent = real;
	if (real->last)
		real->last->next = ph->child;
	else
		real->child = ph->child;
	real->last = ph->last;
}

static struct cft_node *cft_parse_split(struct arena *a, const char *text, size_t len, size_t cut)
{
	struct split_part second = {.text = text, .cut = cut};
	struct cft_parser ps = {.a = a, .line = 1};
	struct cft_node *root = cft_new_root(a), *cur = root;
	unsigned depth = 0;
	pthread_t th;
	int rc;

	second.ps.p = text + cut;
	second.ps.end = text + len;
	if (pthread_create(&th, NULL, parse_second, &second))
		return NULL;
	ps.p = text;
	ps.end = text + cut;
	cft_parser_blocks(&ps, cut);
	rc = cft_parse_loop(&ps, &cur, &depth, true);
	pthread_join(th, NULL);
	if (rc || second.rc || ps.sp != SPLIT_DEPTH) {
		arena_free(&second.a);
		return NULL;
	}
	adopt_children(root, second.ph[0]);
	for (unsigned k = 1; k <= SPLIT_DEPTH; k++)
		adopt_children((struct cft_node *)ps.stack[k - 1].sec, second.ph[k]);
	arena_adopt(a, &second.a);
	__atomic_fetch_add(&cft_split_count, 1, __ATOMIC_RELAXED);	/* parses run in several threads */
	return root;
}

struct cft_node *cft_parse(struct arena *a, const char *text, size_t len, char *err, size_t errlen)
{
	struct cft_parser ps = { .a = a, .line = 1, .err = err, .errlen = errlen };
	struct cft_node *root, *cur;
	unsigned depth = 0;
	size_t cut;

	if (err && errlen)
		err[0] = '\0';
	if (!text) {
		text = "";
		len = 0;
	}
	ps.p = text;
	if (len && cft_check_nul(&ps, &len))
		return NULL;
	if (len >= cft_split_min && (cut = find_cut(text, len)) &&
	    (root = cft_parse_split(a, text, len, cut)))
		return root;
	ps.end = text + len;
	root = cur = cft_new_root(a);
	cft_parser_blocks(&ps, len);
	if (cft_parse_loop(&ps, &cur, &depth, false))
		return NULL;
	return root;
}
