/* LVM2's regex dialect as libdm/regex/parse_rx.c parses it and matcher.c
 * matches it (2.03.16), run as a Glushkov automaton over bit sets.
 *
 * Grammar (parse_rx.c: _or_term, _cat_term, _closure_term, _term and the
 * tokens of _rx_get_token):
 *   alt  := cat ('|' cat)*            an empty side is an error
 *   cat  := rep rep*
 *   rep  := atom ('*' | '+' | '?')*   "a**" is taken; "*a" is an error
 *   atom := '(' alt ')' | '[' class ']' | '.' | '^' | '$' | '\' c | c
 * Any other character is itself: '{', '}' and ']' too (no intervals, no
 * POSIX [:classes:]). "\n" "\r" "\t" are the control characters; '\' before
 * any other character is that character, inside brackets as well. In a
 * class a first '^' negates and ']' ends it even first ("[]" matches
 * nothing, "[^]" anything); '-' after a character makes a range whose
 * other end is the next character as it stands (even '\' or ']'), the two
 * ends in either order ("[z-a]" is a-z, "[a-c-e]" a-e). Bytes past 0x7f
 * are taken as themselves (LVM2 reads them as negative chars in a class).
 *
 * Refused, as LVM2 refuses them: an empty pattern, an empty alternative
 * ("a|", "(a|)") or group ("a()b"), an unclosed '[' or '(', a repeat with
 * nothing before it, a '\' at the end. LVM2 takes a few of these by
 * accident of its wrapping (below): a ')' too many, a '|' first or doubled
 * (it logs an error, then matches everything), a "()" at the end; they are
 * refused here.
 *
 * Matching (matcher.c: dm_regex_create wraps each pattern p as
 * "(.*(p)\0)"; dm_regex_match): the subject s is read as HAT s DOLLAR,
 * two marker bytes that '^' and '$' stand for. '.' is every byte but \0,
 * \n and \r, and a negated class every byte but \0 and those listed, so
 * both also take a marker: "a." and "a[^b]" match "a". p matches if it
 * matches a substring of that text that begins before the first \n or \r
 * (the leading ".*" cannot pass one).
 *
 * The automaton: each atom of p is a position; first and last are the
 * positions that can begin and end a match of p, follow[q] those that can
 * come after q. The state is the set of positions that took the last
 * byte; a step ORs the follow sets of the state's positions (and first,
 * while a match may still begin), then keeps the positions whose class
 * holds the byte. No backtracking, no recursion: time per byte is bounded
 * by the pattern's size. */
#include "lvmgr/base/rx.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HAT 0x02	/* matcher.c's HAT_CHAR and DOLLAR_CHAR */
#define DOLLAR 0x03
#define MAX_WORDS ((RX_MAX_LEN + 63) / 64)

struct rx {
	unsigned nw;		/* 64-bit words in a set of positions */
	bool nullable;		/* p matches "", so every string */
	uint64_t *first, *last;
	uint64_t *follow;	/* [q * nw ...]: positions that can follow q */
	uint64_t *on;		/* [byte * nw ...]: positions whose class holds byte */
};

/* ---- parsing: the pattern into postfix (atoms by position, operators) ---- */

enum { OP_CAT = -1, OP_ALT = -2, OP_STAR = -3, OP_PLUS = -4, OP_QUEST = -5 };

struct charset {
	uint64_t w[4];
};

struct parse {
	const unsigned char *pat;
	size_t len;
	int *post;		/* postfix: >= 0 a position, < 0 an OP_ */
	size_t npost;
	struct charset *cls;	/* [position]: the bytes it takes */
	unsigned npos;
	char *err;
	size_t errlen;
};

static void add(struct charset *cs, unsigned c)
{
	cs->w[c / 64] |= UINT64_C(1) << (c % 64);
}

static unsigned unescape(unsigned char c)
{
	return c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c;
}

/* The reason, with the pattern from pat[at] on quoted (at most 16 bytes). */
__attribute__((format(printf, 3, 4))) static bool fail(struct parse *ps, size_t at,
						       const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (!ps->err || !ps->errlen)
		return false;
	va_start(ap, fmt);
	vsnprintf(ps->err, ps->errlen, fmt, ap);
	va_end(ap);
	if (at > ps->len)
		return false;
	n = strlen(ps->err);
	snprintf(ps->err + n, ps->errlen - n, " \"%.*s%s\"",
		 (int)(ps->len - at > 16 ? 16 : ps->len - at), (const char *)ps->pat + at,
		 ps->len - at > 16 ? "..." : "");
	return false;
}

#define NO_QUOTE ((size_t)-1)

/* "[...]" at pat[*i]: its bytes into cs, *i past it. */
static bool parse_class(struct parse *ps, size_t *i, struct charset *cs)
{
	const unsigned char *p = ps->pat;
	size_t j = *i + 1, n = ps->len;
	bool neg = j < n && p[j] == '^';
	int prev = -1;		/* the last byte taken: a '-' after it is a range */

	j += neg;
	while (j < n && p[j] != ']') {
		unsigned c = p[j];
		if (c == '\\') {
			if (++j == n)
				break;
			c = unescape(p[j]);
		} else if (c == '-' && prev >= 0) {
			if (++j == n)
				return fail(ps, *i, "incomplete range in");
			unsigned lo = (unsigned)prev, hi = p[j];
			if (lo > hi) {
				unsigned t = lo;
				lo = hi;
				hi = t;
			}
			for (c = lo; c <= hi; c++)
				add(cs, c);
			prev = (int)hi;
			j++;
			continue;
		}
		add(cs, c);
		prev = (int)c;
		j++;
	}
	if (j >= n)
		return fail(ps, *i, "missing ']' to close");
	if (neg) {
		for (unsigned w = 0; w < 4; w++)
			cs->w[w] = ~cs->w[w];
		cs->w[0] &= ~UINT64_C(1);	/* never \0 */
	}
	*i = j + 1;
	return true;
}

/* One atom other than a group at pat[*i]: its bytes into cs, *i past it. */
static bool parse_atom(struct parse *ps, size_t *i, struct charset *cs)
{
	unsigned char c = ps->pat[*i];

	switch (c) {
	case '[':
		return parse_class(ps, i, cs);
	case '.':
		memset(cs->w, 0xff, sizeof(cs->w));
		cs->w[0] &= ~(UINT64_C(1) | UINT64_C(1) << '\n' | UINT64_C(1) << '\r');
		break;
	case '^':
		add(cs, HAT);
		break;
	case '$':
		add(cs, DOLLAR);
		break;
	case '\\':
		if (*i + 1 == ps->len)
			return fail(ps, NO_QUOTE, "'\\' at the end of the pattern");
		add(cs, unescape(ps->pat[++*i]));
		break;
	default:
		add(cs, c);
	}
	++*i;
	return true;
}

struct level {			/* an open group (or the whole pattern) */
	unsigned nalt;		/* '|' seen */
	unsigned natom;		/* operands of the current branch (2 at most) */
	size_t open;		/* where its '(' is */
};

static void emit(struct parse *ps, int op)
{
	ps->post[ps->npost++] = op;
}

static void close_level(struct parse *ps, struct level *l)
{
	while (--l->natom)
		emit(ps, OP_CAT);
	for (; l->nalt; l->nalt--)
		emit(ps, OP_ALT);
}

/* Russ Cox's re2post, with LVM2's tokens; levels is len + 1 long. */
static bool parse(struct parse *ps, struct level *levels)
{
	struct level cur = {0, 0, 0};
	size_t depth = 0, i = 0;

	while (i < ps->len) {
		unsigned char c = ps->pat[i];
		struct charset cs = {{0}};

		switch (c) {
		case '(':
			if (cur.natom > 1) {
				cur.natom--;
				emit(ps, OP_CAT);
			}
			levels[depth++] = cur;
			cur = (struct level){0, 0, i++};
			continue;
		case '|':
			if (!cur.natom)
				return fail(ps, i, "empty alternative before");
			while (--cur.natom)
				emit(ps, OP_CAT);
			cur.nalt++;
			i++;
			continue;
		case ')':
			if (!depth)
				return fail(ps, i, "unmatched ')' at");
			if (!cur.natom && cur.nalt)
				return fail(ps, i, "empty alternative before");
			if (!cur.natom)
				return fail(ps, cur.open, "empty group");
			close_level(ps, &cur);
			cur = levels[--depth];
			cur.natom++;
			i++;
			continue;
		case '*':
		case '+':
		case '?':
			if (!cur.natom)
				return fail(ps, i, "nothing to repeat before");
			emit(ps, c == '*' ? OP_STAR : c == '+' ? OP_PLUS : OP_QUEST);
			i++;
			continue;
		}
		if (!parse_atom(ps, &i, &cs))
			return false;
		if (cur.natom > 1) {
			cur.natom--;
			emit(ps, OP_CAT);
		}
		ps->cls[ps->npos] = cs;
		emit(ps, (int)ps->npos++);
		cur.natom++;
	}
	if (depth)
		return fail(ps, cur.open, "missing ')' to close");
	if (!cur.natom)
		return fail(ps, NO_QUOTE,
			    cur.nalt ? "empty alternative at the end" : "empty pattern");
	close_level(ps, &cur);
	return true;
}

/* ---- building: first, last and follow from the postfix ---- */

struct frag {			/* a subexpression on the build stack */
	bool nullable;
	uint64_t *first, *last;	/* nw words each */
};

static void or_into(uint64_t *dst, const uint64_t *src, unsigned nw)
{
	for (unsigned w = 0; w < nw; w++)
		dst[w] |= src[w];
}

/* follow[q] |= to, for every q in from. */
static void add_follow(struct rx *r, const uint64_t *from, const uint64_t *to)
{
	for (unsigned w = 0; w < r->nw; w++)
		for (uint64_t b = from[w]; b; b &= b - 1)
			or_into(r->follow + (w * 64 + (unsigned)__builtin_ctzll(b)) * r->nw, to,
				r->nw);
}

/* stack: npos frames, words: 2 * npos * nw words, both zeroed. */
static void build(struct rx *r, const struct parse *ps, struct frag *stack, uint64_t *words)
{
	unsigned nw = r->nw, top = 0;	/* stack[top - 1] is the top */

	for (unsigned f = 0; f < ps->npos; f++) {
		stack[f].first = words + 2 * f * nw;
		stack[f].last = stack[f].first + nw;
	}
	for (size_t k = 0; k < ps->npost; k++) {
		int op = ps->post[k];
		struct frag *a, *b;

		if (op >= 0) {
			a = &stack[top++];
			memset(a->first, 0, 2 * nw * sizeof(uint64_t));
			a->first[op / 64] = a->last[op / 64] = UINT64_C(1) << (op % 64);
			a->nullable = false;
			continue;
		}
		a = b = &stack[top - 1];	/* an operator has its operands */
		if (op == OP_CAT || op == OP_ALT)
			a = &stack[--top - 1];
		switch (op) {
		case OP_CAT:
			add_follow(r, a->last, b->first);
			if (a->nullable)
				or_into(a->first, b->first, nw);
			if (!b->nullable)
				memset(a->last, 0, nw * sizeof(uint64_t));
			or_into(a->last, b->last, nw);
			a->nullable &= b->nullable;
			break;
		case OP_ALT:
			or_into(a->first, b->first, nw);
			or_into(a->last, b->last, nw);
			a->nullable |= b->nullable;
			break;
		case OP_STAR:
		case OP_PLUS:
			add_follow(r, a->last, a->first);
			a->nullable |= op == OP_STAR;
			break;
		case OP_QUEST:
			a->nullable = true;
			break;
		}
	}
	memcpy(r->first, stack[0].first, nw * sizeof(uint64_t));
	memcpy(r->last, stack[0].last, nw * sizeof(uint64_t));
	r->nullable = stack[0].nullable;
	for (unsigned q = 0; q < ps->npos; q++)
		for (unsigned w = 0; w < 4; w++)
			for (uint64_t b = ps->cls[q].w[w]; b; b &= b - 1)
				r->on[(w * 64 + (unsigned)__builtin_ctzll(b)) * nw + q / 64] |=
					UINT64_C(1) << (q % 64);
}

struct rx *rx_compile(struct arena *a, const char *pat, size_t len, char *err, size_t errlen)
{
	struct parse ps = {(const unsigned char *)pat, len, NULL, 0, NULL, 0, err, errlen};
	struct rx *r = NULL;
	struct level *levels;
	struct frag *stack;
	void *scratch;
	unsigned nw;

	if (err && errlen)
		err[0] = '\0';
	if (len > RX_MAX_LEN) {
		fail(&ps, NO_QUOTE, "pattern longer than %d characters", RX_MAX_LEN);
		return NULL;
	}
	/* postfix: an atom and a CAT per byte at most, and one more; one
	 * position per byte; a level per '(' */
	scratch = malloc((2 * len + 2) * sizeof(int) + len * sizeof(struct charset) +
			 (len + 1) * sizeof(struct level));
	if (!scratch)
		abort();
	ps.cls = scratch;
	levels = (struct level *)(ps.cls + len);
	ps.post = (int *)(levels + len + 1);
	if (!parse(&ps, levels))
		goto out;
	nw = (ps.npos + 63) / 64;
	r = arena_alloc(a, sizeof(*r) + (2 + ps.npos + 256) * nw * sizeof(uint64_t));
	r->nw = nw;
	r->first = (uint64_t *)(r + 1);
	r->last = r->first + nw;
	r->follow = r->last + nw;
	r->on = r->follow + ps.npos * nw;
	stack = malloc(ps.npos * (sizeof(*stack) + 2 * nw * sizeof(uint64_t)));
	if (!stack)
		abort();
	build(r, &ps, stack, (uint64_t *)(stack + ps.npos));
	free(stack);
out:
	free(scratch);
	return r;
}

/* ---- matching ---- */

/* Take byte c: 2 if a match ends here, 1 if some position is live, 0 if
 * none. Inlined with nw constant: one word is the common case. */
static inline __attribute__((always_inline)) int step(const struct rx *r, uint64_t *state,
						       bool begin, unsigned c, unsigned nw)
{
	uint64_t next[MAX_WORDS], live = 0, hit = 0;
	const uint64_t *on = r->on + c * nw;

	for (unsigned w = 0; w < nw; w++)
		next[w] = begin ? r->first[w] : 0;
	for (unsigned w = 0; w < nw; w++)
		for (uint64_t b = state[w]; b; b &= b - 1)
			or_into(next, r->follow + (w * 64 + (unsigned)__builtin_ctzll(b)) * nw, nw);
	for (unsigned w = 0; w < nw; w++) {
		state[w] = next[w] & on[w];
		live |= state[w];
		hit |= state[w] & r->last[w];
	}
	return hit ? 2 : live ? 1 : 0;
}

static inline __attribute__((always_inline)) bool run(const struct rx *r, const unsigned char *p,
						       unsigned nw)
{
	uint64_t state[MAX_WORDS] = {0};
	bool begin = true;	/* a match may begin here: no \n or \r passed */
	int st;

	if ((st = step(r, state, begin, HAT, nw)) == 2)
		return true;
	for (; *p; p++) {
		if (!st && !begin)
			return false;
		if ((st = step(r, state, begin, *p, nw)) == 2)
			return true;
		if (*p == '\n' || *p == '\r')
			begin = false;
	}
	return step(r, state, begin, DOLLAR, nw) == 2;
}

bool rx_match(const struct rx *r, const char *s)
{
	if (r->nullable)
		return true;
	if (r->nw == 1)
		return run(r, (const unsigned char *)s, 1);
	return run(r, (const unsigned char *)s, r->nw);
}
