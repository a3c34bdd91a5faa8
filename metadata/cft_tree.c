/* The LVM2 text grammar: lookups, building, emitting and comparing trees
 * (see cft.h; the parser is cft_parse.c). */
#include "metadata/cft.h"
#include "metadata/cft_int.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* ---- lookups ---- */

/* Depth-first over every child named like path's first component, so a
 * setting in the second of two "devices" sections is still found. */
static const struct cft_node *cft_lookup(const struct cft_node *sec, const char *path, bool want_section)
{
	const char *slash;
	size_t cl;

	if (!sec)
		return NULL;
	while (*path == '/')
		path++;
	if (!*path)
		return sec->is_section ? sec : NULL;
	slash = strchr(path, '/');
	cl = slash ? (size_t)(slash - path) : strlen(path);
	for (const struct cft_node *n = sec->child; n; n = n->next) {
		if (strncmp(n->key, path, cl) || n->key[cl])
			continue;
		if (slash && slash[1]) {
			const struct cft_node *r;
			if (n->is_section && (r = cft_lookup(n, slash + 1, want_section)))
				return r;
			continue;
		}
		if (!want_section || n->is_section)
			return n;
	}
	return NULL;
}

const struct cft_node *cft_find(const struct cft_node *sec, const char *path)
{
	return cft_lookup(sec, path, false);
}

const struct cft_node *cft_find_section(const struct cft_node *sec, const char *path)
{
	return cft_lookup(sec, path, true);
}

static const struct cft_value *cft_find_value(const struct cft_node *sec, const char *path, int *r)
{
	const struct cft_node *n = cft_find(sec, path);

	*r = !n ? -ENOENT : (n->is_section || !n->v) ? -EINVAL : 0;
	return *r ? NULL : n->v;
}

int cft_get_int(const struct cft_node *sec, const char *path, int64_t *out)
{
	int r;
	const struct cft_value *v = cft_find_value(sec, path, &r);

	if (r)
		return r;
	if (v->type != CFT_INT)
		return -EINVAL;
	*out = v->i;
	return 0;
}

int cft_get_float(const struct cft_node *sec, const char *path, double *out)
{
	int r;
	const struct cft_value *v = cft_find_value(sec, path, &r);

	if (r)
		return r;
	if (v->type == CFT_FLOAT)
		*out = v->f;
	else if (v->type == CFT_INT)
		*out = (double)v->i;
	else
		return -EINVAL;
	return 0;
}

int cft_get_str(const struct cft_node *sec, const char *path, const char **out)
{
	int r;
	const struct cft_value *v = cft_find_value(sec, path, &r);

	if (r)
		return r;
	if (v->type != CFT_STRING)
		return -EINVAL;
	*out = v->s;
	return 0;
}

const struct cft_value *cft_get_array(const struct cft_node *sec, const char *path)
{
	int r;
	const struct cft_value *v = cft_find_value(sec, path, &r);

	return v && v->type == CFT_ARRAY ? v : NULL;
}

/* ---- building ---- */

static struct cft_node *cft_alloc_node(struct arena *a, struct cft_node *parent, const char *key,
				       size_t keylen, unsigned line)
{
	struct cft_node *n = arena_alloc(a, sizeof(*n));
	n->key = arena_strndup(a, key, keylen);
	n->line = line;
	cft_link(n, parent);
	return n;
}

struct cft_node *cft_new_section(struct arena *a, struct cft_node *parent, const char *key)
{
	struct cft_node *n = cft_alloc_node(a, parent, key, strlen(key), parent ? parent->line : 0);
	n->is_section = true;
	return n;
}

struct cft_node *cft_new_value(struct arena *a, struct cft_node *parent, const char *key,
			       struct cft_value *v)
{
	struct cft_node *n = cft_alloc_node(a, parent, key, strlen(key), parent ? parent->line : 0);
	n->v = v;
	return n;
}

struct cft_value *cft_value_int(struct arena *a, int64_t i)
{
	struct cft_value *v = arena_alloc(a, sizeof(*v));
	v->type = CFT_INT;
	v->i = i;
	return v;
}

struct cft_value *cft_value_str(struct arena *a, const char *s)
{
	struct cft_value *v = arena_alloc(a, sizeof(*v));
	v->type = CFT_STRING;
	v->s = arena_strdup(a, s);
	return v;
}

struct cft_value *cft_value_array(struct arena *a)
{
	struct cft_value *v = arena_alloc(a, sizeof(*v));
	v->type = CFT_ARRAY;
	return v;
}

void cft_array_append(struct cft_value *arr, struct cft_value *item)
{
	struct cft_value **pp = &arr->items;

	/* Building is for small trees (tests, config output): linear walk. */
	while (*pp)
		pp = &(*pp)->next;
	*pp = item;
	item->next = NULL;
	arr->n_items++;
}

struct cft_value *cft_value_clone(struct arena *a, const struct cft_value *v)
{
	struct cft_value *c = arena_alloc(a, sizeof(*c)), *tail = NULL;

	c->type = v->type;
	if (v->type == CFT_STRING)
		c->s = v->s ? arena_strdup(a, v->s) : NULL;
	else if (v->type != CFT_ARRAY)
		c->i = v->i;	/* the union's 8 bytes, a double's too */
	for (const struct cft_value *it = v->type == CFT_ARRAY ? v->items : NULL; it; it = it->next) {
		struct cft_value *ci = cft_value_clone(a, it);
		if (tail)
			tail->next = ci;
		else
			c->items = ci;
		tail = ci;
		c->n_items++;
	}
	return c;
}

/* ---- emitting ---- */

static void cft_emit_scalar(struct strbuf *sb, const struct cft_value *v)
{
	switch (v->type) {
	case CFT_INT:
		sb_printf(sb, "%" PRId64, v->i);
		break;
	case CFT_FLOAT:
		/* libdm's config writer uses "%f". */
		sb_printf(sb, "%f", v->f);
		break;
	case CFT_STRING:
		sb_add_quoted(sb, v->s ? v->s : "");
		break;
	case CFT_ARRAY:
		break;
	}
}

static void cft_emit_value_sep(struct strbuf *sb, const struct cft_value *v, const char *sep)
{
	if (!v) {
		sb_adds(sb, "[]");
		return;
	}
	if (v->type != CFT_ARRAY) {
		cft_emit_scalar(sb, v);
		return;
	}
	sb_addc(sb, '[');
	for (const struct cft_value *it = v->items; it; it = it->next) {
		cft_emit_value_sep(sb, it, sep);
		if (it->next)
			sb_adds(sb, sep);
	}
	sb_addc(sb, ']');
}

void cft_emit_value(struct strbuf *sb, const struct cft_value *v)
{
	cft_emit_value_sep(sb, v, ", ");
}

void cft_emit_value_compact(struct strbuf *sb, const struct cft_value *v)
{
	cft_emit_value_sep(sb, v, ",");
}

static void cft_emit_at(struct strbuf *sb, const struct cft_node *n, int indent, unsigned depth)
{
	size_t tabs = indent > 0 ? (size_t)indent * depth : 0;

	for (size_t i = 0; i < tabs; i++)
		sb_addc(sb, '\t');
	sb_adds(sb, n->key);
	if (n->is_section) {
		sb_adds(sb, " {\n");
		for (const struct cft_node *c = n->child; c; c = c->next)
			cft_emit_at(sb, c, indent, depth + 1);
		for (size_t i = 0; i < tabs; i++)
			sb_addc(sb, '\t');
		sb_adds(sb, "}\n");
	} else {
		sb_adds(sb, " = ");
		cft_emit_value(sb, n->v);
		sb_addc(sb, '\n');
	}
}

void cft_emit_node(struct strbuf *sb, const struct cft_node *n, int indent)
{
	cft_emit_at(sb, n, indent, 0);
}

void cft_emit_children(struct strbuf *sb, const struct cft_node *sec, int indent)
{
	for (const struct cft_node *c = sec->child; c; c = c->next)
		cft_emit_at(sb, c, indent, 0);
}

/* ---- comparing ---- */

static bool cft_value_equal(const struct cft_value *a, const struct cft_value *b)
{
	if (!a || !b) {
		/* A missing value is written as "[]". */
		const struct cft_value *o = a ? a : b;
		return !o || (o->type == CFT_ARRAY && !o->items);
	}
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case CFT_INT:
		return a->i == b->i;
	case CFT_FLOAT: {
		/* Floats are equal when LVM2 would write them the same. */
		char fa[400], fb[400];
		snprintf(fa, sizeof(fa), "%f", a->f);
		snprintf(fb, sizeof(fb), "%f", b->f);
		return !strcmp(fa, fb);
	}
	case CFT_STRING:
		return !strcmp(a->s ? a->s : "", b->s ? b->s : "");
	case CFT_ARRAY:
		if (a->n_items != b->n_items)
			return false;
		for (a = a->items, b = b->items; a && b; a = a->next, b = b->next)
			if (!cft_value_equal(a, b))
				return false;
		return !a && !b;
	}
	return false;
}

bool cft_identical(const struct cft_node *a, const struct cft_node *b)
{
	if (a->line != b->line || !cft_equal(a, b))
		return false;
	if (!a->is_section)
		return true;
	const struct cft_node *x = a->child, *y = b->child;
	for (; x && y; x = x->next, y = y->next)
		if (x->parent != a || y->parent != b || !cft_identical(x, y))
			return false;
	return (!a->child || !a->last->next) && (!b->child || !b->last->next);
}

bool cft_equal(const struct cft_node *a, const struct cft_node *b)
{
	if (strcmp(a->key, b->key) || a->is_section != b->is_section)
		return false;
	if (!a->is_section)
		return cft_value_equal(a->v, b->v);
	for (a = a->child, b = b->child; a && b; a = a->next, b = b->next)
		if (!cft_equal(a, b))
			return false;
	return !a && !b;
}
