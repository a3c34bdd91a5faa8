/* -S|--select: the evaluation of a parsed selection (select.c) against a
 * report row, with the values the report shows, read as LVM2 reads its
 * sort values: a size in sectors, a binary field as 0/1 (-1 unknown), a
 * list as its sorted items; ordering comparisons never match a strictly
 * reserved value (libdm-report.c, 2.03.16). */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/report/select.h"
#include "cmd/report/select_int.h"


static bool dbl_eq(double a, double b)
{
	return (a > b ? a - b : b - a) < DBL_EPSILON;
}

/* The field's value as LVM2's sort value: number, size or text. */
struct value {
	const char *s;
	uint64_t i;
	double d;
	bool undef;
};

static void field_value(const struct item *it, const struct report_row *r, struct value *v)
{
	struct fval fv = {0};
	memset(v, 0, sizeof(*v));
	if (report_field_blank(it->fd, r)) {
		v->s = "";
		v->undef = it->st != S_STR && it->st != S_LIST;
		v->i = UNDEF64;
		return;
	}
	it->fd->get(r, &fv);
	/* LVM2's sort value of lv_name is the name, without the brackets of
	 * a hidden LV. */
	if (!strcmp(it->fd->name, "lv_name") && r->lv)
		fv.s = r->lv->name;
	v->s = fv.s ? fv.s : "";
	switch (it->st) {
	case S_NUM:
		if (it->fd->type == T_BIN && fv.s)
			v->i = !*fv.s ? 0 : !strcmp(fv.s, "unknown") || !strcmp(fv.s, "-1") ? UNDEF64
			     : !strcmp(fv.s, "0") ? 0 : 1;
		else if (fv.s) {
			char *e = NULL;
			v->i = *fv.s >= '0' && *fv.s <= '9' ? strtoull(fv.s, &e, 10) : UNDEF64;
			if (e && *e)
				v->i = UNDEF64;
		} else
			v->i = fv.n;
		v->undef = v->i == UNDEF64;
		break;
	case S_SIZ:
		if (fv.s)
			v->d = !strcmp(fv.s, "auto") ? DBL_MAX : -1;
		else
			v->d = (double)fv.n;
		v->undef = !!fv.s;
		break;
	case S_PCT:	/* lvmgr reports no percentages yet: all undefined */
		v->undef = true;
		if (fv.s && *fv.s) {
			v->d = strtod(fv.s, NULL);
			v->undef = false;
		}
		break;
	case S_TIM:
		v->i = fv.n;
		break;
	case S_STR:
	case S_LIST:
		break;
	}
}

/* Ordering comparisons never match a strictly reserved value (LVM2). */
static bool cmp_num(const struct item *it, const struct value *v)
{
	uint64_t x = v->i;
	switch (it->op & (C_EQ | C_NOT | C_GT | C_LT)) {
	case C_EQ:
		return x == it->i1;
	case C_NOT | C_EQ:
		return x != it->i1;
	}
	if (x == UNDEF64 || it->i1 == UNDEF64)
		return false;
	switch (it->op & (C_EQ | C_GT | C_LT)) {
	case C_GT:
		return x > it->i1;
	case C_GT | C_EQ:
		return x >= it->i1;
	case C_LT:
		return x < it->i1;
	case C_LT | C_EQ:
		return x <= it->i1;
	}
	return false;
}

static bool cmp_size(const struct item *it, const struct value *v)
{
	double x = v->d;
	switch (it->op & (C_EQ | C_NOT | C_GT | C_LT)) {
	case C_EQ:
		return dbl_eq(x, it->d1);
	case C_NOT | C_EQ:
		return !dbl_eq(x, it->d1);
	}
	if (dbl_eq(x, DBL_MAX) || dbl_eq(it->d1, DBL_MAX) || v->undef)
		return false;
	switch (it->op & (C_EQ | C_GT | C_LT)) {
	case C_GT:
		return x > it->d1 && !dbl_eq(x, it->d1);
	case C_GT | C_EQ:
		return x > it->d1 || dbl_eq(x, it->d1);
	case C_LT:
		return x < it->d1 && !dbl_eq(x, it->d1);
	case C_LT | C_EQ:
		return x < it->d1 || dbl_eq(x, it->d1);
	}
	return false;
}

static bool cmp_pct(const struct item *it, const struct value *v)
{
	if (v->undef)	/* LVM2 compares real percentages only */
		return false;
	struct value c = *v;
	c.i = (uint64_t)(v->d * 1000000 + 0.5);
	struct item t = *it;
	t.i1 = (uint64_t)(it->d1 * 1000000 + 0.5);
	return cmp_num(&t, &c);
}

static bool cmp_time(const struct item *it, const struct value *v)
{
	int64_t x = (int64_t)v->i, a = it->t1, b = it->range ? it->t2 : it->t1;
	switch (it->op & (C_EQ | C_NOT | C_GT | C_LT)) {
	case C_EQ:
		return it->range ? x >= a && x <= b : x == a;
	case C_NOT | C_EQ:	/* LVM2 2.03.16 tests a range as for '=' here */
		return it->range ? x >= a && x <= b : x != a;
	case C_GT:
		return x > b;
	case C_GT | C_EQ:
		return x >= a;
	case C_LT:
		return x < a;
	case C_LT | C_EQ:
		return x <= b;
	}
	return false;
}

static bool cmp_list(const struct item *it, const struct report_row *r, const struct value *v)
{
	/* the value's items, sorted */
	char delim = it->fd->get == f_seg_pe_ranges ? ' ' : ',';
	const char *vals[256];
	size_t lens[256];
	unsigned n = 0;
	for (const char *p = v->s; *p && n < 256;) {
		const char *e = strchr(p, delim);
		size_t l = e ? (size_t)(e - p) : strlen(p);
		vals[n] = p;
		lens[n++] = l;
		p += l + (e ? 1 : 0);
	}
	for (unsigned i = 1; i < n; i++)	/* insertion sort: lists are short */
		for (unsigned k = i; k > 0; k--) {
			size_t m = lens[k] < lens[k - 1] ? lens[k] : lens[k - 1];
			int c = strncmp(vals[k], vals[k - 1], m);
			if (c > 0 || (!c && lens[k] >= lens[k - 1]))
				break;
			const char *ts = vals[k];
			size_t tl = lens[k];
			vals[k] = vals[k - 1];
			lens[k] = lens[k - 1];
			vals[k - 1] = ts;
			lens[k - 1] = tl;
		}
	bool res = false;
	if (!n) {	/* a blank list matches a blank item only */
		if (it->list_all)
			res = it->n_items == 1 && !*it->items[0];
		else
			for (unsigned k = 0; k < it->n_items; k++)
				res |= !*it->items[k];
	} else if (!it->list_all) {
		for (unsigned k = 0; k < it->n_items && !res; k++)
			for (unsigned i = 0; i < n && !res; i++)
				res = strlen(it->items[k]) == lens[i] && !strncmp(it->items[k], vals[i], lens[i]);
	} else if (!it->list_subset) {
		res = it->n_items == n;
		for (unsigned k = 0; k < n && res; k++)
			res = strlen(it->items[k]) == lens[k] && !strncmp(it->items[k], vals[k], lens[k]);
	} else {
		res = true;
		for (unsigned k = 0; k < it->n_items && res; k++) {
			res = false;
			for (unsigned i = 0; i < n && !res; i++)
				res = strlen(it->items[k]) == lens[i] && !strncmp(it->items[k], vals[i], lens[i]);
		}
	}
	return it->op & C_NOT ? !res : res;
}

bool select_item_match(const struct item *it, const struct report_row *r)
{
	struct value v;
	field_value(it, r, &v);
	if (it->op & C_REGEX) {
		bool m = rx_match(it->re, v.s);
		return it->op & C_NOT ? !m : m;
	}
	switch (it->st) {
	case S_STR:
		return (it->op & C_NOT) ? strcmp(v.s, it->s) != 0 : !strcmp(v.s, it->s);
	case S_NUM:
		return cmp_num(it, &v);
	case S_SIZ:
		return cmp_size(it, &v);
	case S_PCT:
		return cmp_pct(it, &v);
	case S_TIM:
		return cmp_time(it, &v);
	case S_LIST:
		return cmp_list(it, r, &v);
	}
	return false;
}

static bool match_node(const struct node *n, const struct report_row *r)
{
	bool res;
	if (n->type == N_ITEM)
		res = select_item_match(n->item, r);
	else if (n->type == N_AND) {
		res = true;
		for (unsigned k = 0; k < n->n && res; k++)
			res = match_node(n->kids[k], r);
	} else {
		res = false;
		for (unsigned k = 0; k < n->n && !res; k++)
			res = match_node(n->kids[k], r);
	}
	return n->not ? !res : res;
}

bool select_match(const struct selection *s, const struct report_row *r)
{
	return !s || match_node(s->root, r);
}
