/* status = [...] and flags = [...] lists <-> bits, with LVM2's names in
 * LVM2's order (lib/format_text/flags.c), so exports match byte for byte.
 * Names lvmgr does not know are kept and written back after the known ones. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "metadata/vg.h"

struct flag_name {
	uint32_t bit;
	const char *name;
	bool compat;	/* lives in flags = [], not status = [] */
};

static const struct flag_name vg_flags[] = {
	{VG_EXPORTED, "EXPORTED", false},   {VG_RESIZEABLE, "RESIZEABLE", false},
	{VG_PVMOVE, "PVMOVE", false},	    {VG_READ, "READ", false},
	{VG_WRITE, "WRITE", false},	    {VG_WRITE_LOCKED, "WRITE_LOCKED", true},
	{VG_NOAUTOACTIVATE, "NOAUTOACTIVATE", true}, {VG_CLUSTERED, "CLUSTERED", false},
	{VG_SHARED, "SHARED", false},
};
static const struct flag_name pv_flags[] = {
	{PV_ALLOCATABLE, "ALLOCATABLE", false},
	{PV_EXPORTED, "EXPORTED", false},
	{PV_MISSING, "MISSING", true},
};
static const struct flag_name lv_flags[] = {
	{LV_READ, "READ", false},	  {LV_WRITE, "WRITE", false},
	{LV_WRITE_LOCKED, "WRITE_LOCKED", true}, {LV_FIXED_MINOR, "FIXED_MINOR", false},
	{LV_VISIBLE, "VISIBLE", false},	  {LV_PVMOVE, "PVMOVE", false},
	{LV_LOCKED, "LOCKED", false},	  {LV_NOTSYNCED, "NOTSYNCED", false},
	{LV_REBUILD, "REBUILD", false},	  {LV_WRITEMOSTLY, "WRITEMOSTLY", false},
};

static const struct flag_name *table(enum flag_kind kind, size_t *n)
{
	switch (kind) {
	case FLAGS_VG:
		*n = ARRAY_SIZE(vg_flags);
		return vg_flags;
	case FLAGS_PV:
		*n = ARRAY_SIZE(pv_flags);
		return pv_flags;
	default:
		*n = ARRAY_SIZE(lv_flags);
		return lv_flags;
	}
}

static int import_list(struct arena *a, enum flag_kind kind, const struct cft_value *list,
		       bool compat_list, struct flagset *out, char *err, size_t errlen)
{
	size_t n;
	const struct flag_name *t = table(kind, &n);
	const struct cft_value *v;
	const char ***other = compat_list ? &out->other_compat : &out->other_status;
	unsigned *n_other = compat_list ? &out->n_other_compat : &out->n_other_status;
	unsigned cap = 0;

	if (!list)
		return 0;
	if (list->type != CFT_ARRAY) {
		snprintf(err, errlen, "%s is not a list", compat_list ? "flags" : "status");
		return -EINVAL;
	}
	for (v = list->items; v; v = v->next) {
		size_t i;
		if (v->type != CFT_STRING) {
			snprintf(err, errlen, "%s list holds a non-string", compat_list ? "flags" : "status");
			return -EINVAL;
		}
		for (i = 0; i < n; i++)
			if (!strcmp(t[i].name, v->s)) {
				/* LVM2 2.03 accepts MISSING in either list. */
				if (compat_list)
					out->compat |= t[i].bit;
				else
					out->status |= t[i].bit;
				break;
			}
		if (i < n)
			continue;
		if (*n_other == cap) {
			cap = cap ? cap * 2 : 4;
			const char **nv = arena_alloc(a, cap * sizeof(*nv));
			if (*n_other)
				memcpy(nv, *other, *n_other * sizeof(*nv));
			*other = nv;
		}
		(*other)[(*n_other)++] = v->s;
	}
	return 0;
}

int flags_import(struct arena *a, enum flag_kind kind, const struct cft_value *status,
		 const struct cft_value *compat, struct flagset *out, char *err, size_t errlen)
{
	int r;
	memset(out, 0, sizeof(*out));
	if ((r = import_list(a, kind, status, false, out, err, errlen)))
		return r;
	return import_list(a, kind, compat, true, out, err, errlen);
}

static void export_list(const struct flag_name *t, size_t n, uint32_t bits, bool compat,
			const char **other, unsigned n_other, struct strbuf *sb)
{
	bool first = true;
	sb_addc(sb, '[');
	for (size_t i = 0; i < n; i++) {
		if (t[i].compat != compat || !(bits & t[i].bit))
			continue;
		if (!first)
			sb_adds(sb, ", ");
		sb_add_quoted(sb, t[i].name);
		first = false;
	}
	for (unsigned i = 0; i < n_other; i++) {
		if (!first)
			sb_adds(sb, ", ");
		sb_add_quoted(sb, other[i]);
		first = false;
	}
	sb_addc(sb, ']');
}

/* Most objects of a VG carry the same few flag sets: the lists of the last
 * sets seen are kept, by (kind, compat, bits), when no unknown flag is in
 * them. */
struct flags_memo {
	bool used;
	enum flag_kind kind;
	bool compat;
	uint32_t bits;
	unsigned short len;
	char text[238];
};

void flags_export_list(const struct flagset *f, enum flag_kind kind, bool compat, struct strbuf *sb)
{
	static _Thread_local struct flags_memo memo[16];	/* exports run in two threads */
	size_t n;
	const struct flag_name *t = table(kind, &n);
	uint32_t bits = f->status | f->compat;
	unsigned n_other = compat ? f->n_other_compat : f->n_other_status;
	uint32_t key = bits ^ ((uint32_t)kind << 27) ^ ((uint32_t)compat << 31);
	struct flags_memo *m = &memo[(key * 2654435761u) >> 28];

	if (!n_other && m->used && m->bits == bits && m->kind == kind && m->compat == compat) {
		sb_add(sb, m->text, m->len);
		return;
	}
	size_t before = sb->len;
	if (compat)
		export_list(t, n, bits, true, f->other_compat, f->n_other_compat, sb);
	else
		export_list(t, n, bits, false, f->other_status, f->n_other_status, sb);
	if (!n_other && sb->len - before <= sizeof(m->text)) {
		m->used = true;
		m->kind = kind;
		m->compat = compat;
		m->bits = bits;
		m->len = (unsigned short)(sb->len - before);
		memcpy(m->text, sb->buf + before, m->len);
	}
}
