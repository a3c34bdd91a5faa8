/* The report engine: which fields a report shows (-o, +, x_all, -o help),
 * the options (--units, --reportformat, --binary, ...), one row per LV
 * segment when segment fields are asked for, sorting (-O), and every
 * cell's text and column width, ready for output.c. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/common.h"
#include "cmd/report/report_int.h"
#include "cmd/report/select.h"

/* The field tables in LVM2's -o help order (fields_*.c). */
static const struct field *const tables[] = {report_fields_lv, report_fields_pv, report_fields_vg,
					    report_fields_seg, report_fields_pvseg, report_fields_special};

/* LVM2's implicit "selected": with -S, every row is shown and says
 * whether the criteria select it (1) or not (0). */
static void f_selected(const struct report_row *r, struct fval *v)
{
	v->n = !r->unselected;
}
const struct field report_fields_special[] = {
	{"selected", "Selected", T_NUM, K_SPECIAL, 0, f_selected, -1, "Set if item passes selection criteria."},
	{0},
};
#define FOR_EACH_FIELD(fd) \
	for (size_t t_ = 0; t_ < ARRAY_SIZE(tables); t_++) \
		for (const struct field *fd = tables[t_]; fd->name; fd++)

/* A tag list field's text (the field files' getters). */
const char *report_join_tags(const struct strlist *l)
{
	static struct strbuf sb;
	sb_reset(&sb);
	sb_adds(&sb, "");
	for (unsigned i = 0; i < l->n; i++) {
		if (i)
			sb_addc(&sb, ',');
		sb_adds(&sb, l->v[i]);
	}
	return sb.buf;
}

bool report_field_allowed(const struct field *fd, enum report_type type)
{
	if (fd->kind == K_SPECIAL)
		return true;
	switch (type) {
	case REPORT_PV:
		return fd->kind == K_PV || fd->kind == K_VG;
	case REPORT_VG:
		return fd->kind == K_VG;
	case REPORT_LV:
		return fd->kind == K_LV || fd->kind == K_SEG || fd->kind == K_VG;
	case REPORT_PVSEG:
		return fd->kind != K_SEG;
	case REPORT_SEG:
		return fd->kind == K_SEG || fd->kind == K_LV || fd->kind == K_VG;
	}
	return false;
}

/* by report type; the last: the second try of a PV segment report */
static const char *const type_prefixes[] = {"pv_", "vg_", "lv_", "pv_", "seg_", "pvseg_"};

/* libdm's _is_same_field: case and underscores aside ("chunksize" is
 * chunk_size, as lvm2's tests spell it). */
static bool same_field(const char *a, const char *b)
{
	for (;; a++, b++) {
		while (*a == '_')
			a++;
		while (*b == '_')
			b++;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		if (!*a)
			return true;
	}
}

const struct field *report_find_field(const char *name, enum report_type type)
{
	const char *prefix = type_prefixes[type];
	char buf[128];
	FOR_EACH_FIELD(fd)
		if (!strcmp(fd->name, name))
			return fd;
	snprintf(buf, sizeof(buf), "%s%s", prefix, name);
	FOR_EACH_FIELD(fd)
		if (!strcmp(fd->name, buf))
			return fd;
	FOR_EACH_FIELD(fd)
		if (same_field(fd->name, name) || same_field(fd->name, buf))
			return fd;
	/* pvs --segments: PV names first, then the segment's */
	if (type == REPORT_PVSEG && strcmp(prefix, "pvseg_"))
		return report_find_field(name, REPORT_SEG + 1);
	return NULL;
}

/* LVM2's field sections (columns.h types), in its -o help order; x_all
 * names every field of its sections. */
static const struct {
	const char *title, *all;
} sections[] = {
	{"Logical Volume Fields", "lv_all"},
	{"Logical Volume Device Info Fields", "lv_all"},
	{"Logical Volume Device Status Fields", "lv_all"},
	{"Logical Volume Device Info and Status Combined Fields", "lv_all"},
	{"Physical Volume Label Fields", "pv_all"},
	{"Physical Volume Fields", "pv_all"},
	{"Volume Group Fields", "vg_all"},
	{"Logical Volume Segment Fields", "seg_all"},
	{"Physical Volume Segment Fields", "pvseg_all"},
};

/* -o help: LVM2 prints the field list to stderr and succeeds. */
void report_field_help(void)
{
	for (size_t sct = 0; sct < ARRAY_SIZE(sections); sct++) {
		size_t tl = strlen(sections[sct].title);
		fprintf(stderr, "  %s\n  ", sections[sct].title);
		for (size_t i = 0; i < tl; i++)
			fputc('-', stderr);
		fprintf(stderr, "\n    %-27s - %s\n", sections[sct].all, "All fields in this section.");
		FOR_EACH_FIELD(fd)
			if (fd->sect == (int)sct)
				fprintf(stderr, "    %-27s - %s\n", fd->name, fd->desc);
		fprintf(stderr, "   \n");
	}
	fprintf(stderr, "  Special Fields\n  --------------\n");
	fprintf(stderr, "    %-27s - %s\n", "selected", report_fields_special[0].desc);
	fprintf(stderr, "    %-27s - %s\n", "help", "Show help.");
	fprintf(stderr, "    %-27s - %s\n", "?", "Show help.");
	fprintf(stderr, "   \n");
}

/* Add the fields a name stands for (x_all: a section); 0, FIELDS_HELP or -EINVAL. */
static int add_fields(const char *t, const char *prefix, enum report_type type,
		      const struct field **f, unsigned *n)
{
	if (!strcmp(t, "help") || !strcmp(t, "?"))
		return FIELDS_HELP;
	bool all = false;
	for (size_t sct = 0; sct < ARRAY_SIZE(sections); sct++)
		if (!strcmp(t, sections[sct].all)) {
			all = true;
			FOR_EACH_FIELD(fd)
				if (fd->sect == (int)sct && report_field_allowed(fd, type) && *n < 512)
					f[(*n)++] = fd;
		}
	if (all)
		return 0;
	const struct field *fd = report_find_field(t, type);
	if (!fd) {	/* LVM2 shows the fields it knows first */
		report_field_help();
		log_error("Unrecognised field: %s", t);
		return -EINVAL;
	}
	if (!report_field_allowed(fd, type)) {
		log_error("Field %s cannot be used in this report.", t);
		return -EINVAL;
	}
	if (*n < 512)
		f[(*n)++] = fd;
	return 0;
}

/* "a,b" / "+c" lists (every -o given, in order) into field pointers. */
static int parse_fields(struct cmd *c, const char *dflt, const char *const *lists, unsigned nl,
			const char *prefix, enum report_type type, const struct field ***out,
			unsigned *n_out)
{
	const struct field **f = arena_alloc(&c->ctx.arena, 512 * sizeof(*f));
	unsigned n = 0;

	/* Start from the default; "-o a,b" replaces what is there, "-o +c" adds. */
	for (int i = -1; i < (int)nl; i++) {
		const char *list = i < 0 ? dflt : lists[i];
		if (i >= 0 && list[0] != '+')
			n = 0;
		char *s = arena_strdup(&c->ctx.arena, list[0] == '+' ? list + 1 : list), *save, *t;
		for (t = strtok_r(s, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
			int r = add_fields(t, prefix, type, f, &n);
			if (r)
				return r;
		}
	}
	*out = f;
	*n_out = n;
	return 0;
}

struct sort_key {
	const struct field *f;
	bool desc;
};
static struct sort_key *g_keys;
static unsigned g_nkeys;
/* Each row's sort values, fetched once: [row * g_nkeys + key]. */
struct sort_val {
	const char *s;
	uint64_t n;
	bool blank;
};
static const struct sort_val *g_vals;

bool report_field_blank(const struct field *fd, const struct report_row *r)
{
	if (fd->kind == K_VG && !r->vg)
		return fd->get != f_vg_name && fd->get != f_vg_uuid;
	if ((fd->kind == K_LV || fd->kind == K_SEG) && !r->lv)
		return true;
	if (fd->kind == K_PV && !r->sd && !r->pv)
		return true;
	return false;
}

static int row_cmp(const void *a, const void *b)
{
	const struct sort_val *x = &g_vals[(size_t)*(const unsigned *)a * g_nkeys],
			      *y = &g_vals[(size_t)*(const unsigned *)b * g_nkeys];
	for (unsigned k = 0; k < g_nkeys; k++) {
		const struct sort_val *vx = &x[k], *vy = &y[k];
		int r;
		if (vx->blank || vy->blank)
			r = (int)vy->blank - (int)vx->blank;
		else if (vx->s || vy->s)
			r = strcmp(vx->s ? vx->s : "", vy->s ? vy->s : "");
		else
			r = vx->n < vy->n ? -1 : vx->n > vy->n;
		if (r)
			return g_keys[k].desc ? -r : r;
	}
	return (int)(*(const unsigned *)a) - (int)(*(const unsigned *)b);
}

int report_opts(struct cmd *c, struct ropts *o)
{
	const char *fmt = arg_str(c, ARG_REPORTFORMAT, config_str(c->ctx.cfg, "report/output_format"));
	memset(o, 0, sizeof(*o));
	if (!strcmp(fmt, "basic"))
		o->fmt = FMT_BASIC;
	else if (!strcmp(fmt, "json"))
		o->fmt = FMT_JSON;
	else if (!strcmp(fmt, "json_std"))
		o->fmt = FMT_JSON_STD;
	else if (!strcmp(fmt, "yaml"))
		o->fmt = FMT_YAML;
	else {
		log_error("Unknown report format \"%s\" (basic, json, json_std or yaml).", fmt);
		return EINVALID_CMD_LINE;
	}
	const char *unit = arg_str(c, ARG_UNITS, config_str(c->ctx.cfg, "global/units"));
	if (units_parse(unit, &o->u))	/* (it says so, as LVM2) */
		return EINVALID_CMD_LINE;
	o->suffix = !arg_is_set(c, ARG_NOSUFFIX);
	o->binary = arg_is_set(c, ARG_BINARY);
	o->headings = !arg_is_set(c, ARG_NOHEADINGS);
	o->prefixes = arg_is_set(c, ARG_NAMEPREFIXES);
	o->unquoted = arg_is_set(c, ARG_UNQUOTED);
	o->rows = arg_is_set(c, ARG_ROWS);
	o->unbuffered = arg_is_set(c, ARG_UNBUFFERED);
	o->sep = arg_str(c, ARG_SEPARATOR, NULL);
	/* As LVM2: name prefixes and rows are never padded. */
	o->aligned = (!o->sep || arg_is_set(c, ARG_ALIGNED)) && !o->prefixes && !o->rows;
	if (!o->sep)
		o->sep = " ";
	report_lv_state(&c->ctx, !config_bool(c->ctx.cfg, "global/activation"));
	sb_init(&o->out);
	return 0;
}

/* Fields, sorting and cell texts of one report. dflt/dsort: its defaults;
 * lists: the -o values (none for fullreport). */
int report_prepare(struct cmd *c, struct ropts *o, enum report_type type, const char *dflt,
			  const char *const *lists, unsigned nl, const char *sort,
			  const struct report_row *rows, unsigned n, struct rep *rp)
{
	static const char *const prefixes[] = {"pv_", "vg_", "lv_", "pvseg_", "seg_"};
	const char *prefix = prefixes[type];
	const struct field **f;
	unsigned nf;
	int r;

	if ((r = parse_fields(c, dflt, lists, nl, prefix, type, &f, &nf)))
		return r;
	/* Segment fields in an LV report: one row per segment. */
	bool per_seg = select_uses_segs(o->sel);
	for (unsigned j = 0; j < nf; j++)
		per_seg |= f[j]->kind == K_SEG;
	/* (lvs --segments: a seg report of LV rows; fullreport's has its
	 * segment rows already) */
	if ((type == REPORT_LV && per_seg) || (type == REPORT_SEG && n && !rows[0].seg)) {
		unsigned total = 0, k = 0;
		for (unsigned i = 0; i < n; i++)
			total += rows[i].lv->n_segs ? rows[i].lv->n_segs : 1;
		struct report_row *er = arena_alloc(&c->ctx.arena, (total + 1) * sizeof(*er));
		for (unsigned i = 0; i < n; i++)
			for (unsigned sgi = 0; sgi < rows[i].lv->n_segs; sgi++) {
				er[k] = rows[i];
				er[k++].seg = &rows[i].lv->segs[sgi];
			}
		rows = er;
		n = k;
	}

	/* -S: the rows it selects, as LVM2 checks each before output. */
	if (o->sel) {
		bool show_all = false;	/* -o selected: mark the rows instead */
		for (unsigned j = 0; j < nf; j++)
			show_all |= f[j] == &report_fields_special[0];
		struct report_row *sr = arena_alloc(&c->ctx.arena, (n + 1) * sizeof(*sr));
		unsigned k = 0;
		for (unsigned i = 0; i < n; i++) {
			struct report_row *got;
			unsigned m = select_rows(o->sel, &c->ctx.arena, &rows[i], show_all, &got);
			if (m > 1) {	/* a VG or PV shown once per object that matched */
				struct report_row *nr = arena_alloc(&c->ctx.arena, (n + k + m) * sizeof(*nr));
				memcpy(nr, sr, k * sizeof(*nr));
				sr = nr;
			}
			for (unsigned g = 0; g < m; g++)
				sr[k++] = got[g];
		}
		rows = sr;
		n = k;
	}

	struct sort_key keys[32];
	unsigned nk = 0;
	char *ss = arena_strdup(&c->ctx.arena, sort), *save, *t;
	for (t = strtok_r(ss, ", ", &save); t && nk < 32; t = strtok_r(NULL, ", ", &save)) {
		bool desc = t[0] == '-';
		const char *key = t;
		if (t[0] == '-' || t[0] == '+')
			t++;
		const struct field *fd = report_find_field(t, type);
		if (!fd) {	/* (libdevmapper's words for a sort key) */
			report_field_help();
			log_error("dm_report: Unrecognised field: %s", key);
			return -EINVAL;
		}
		if (!report_field_allowed(fd, type)) {
			log_error("Field %s cannot be used to sort this report.", t);
			return -EINVAL;
		}
		keys[nk++] = (struct sort_key){fd, desc};
	}
	unsigned *order = arena_alloc(&c->ctx.arena, (n + 1) * sizeof(*order));
	for (unsigned i = 0; i < n; i++)
		order[i] = i;
	g_keys = keys;
	g_nkeys = nk;
	struct sort_val *vals = arena_alloc(&c->ctx.arena, ((size_t)n * nk + 1) * sizeof(*vals));
	for (unsigned i = 0; i < n; i++)
		for (unsigned k = 0; k < nk; k++) {
			struct sort_val *sv = &vals[(size_t)i * nk + k];
			struct fval v = {0};
			sv->blank = report_field_blank(keys[k].f, &rows[i]);
			if (sv->blank)
				continue;
			keys[k].f->get(&rows[i], &v);
			/* getters may return static buffers */
			if (v.sort_s)
				v.s = v.sort_s;
			sv->s = v.s ? arena_strdup(&c->ctx.arena, v.s) : NULL;
			sv->n = v.n;
		}
	g_vals = vals;
	/* --unbuffered: LVM2 prints each row as it comes, unsorted */
	if (n && !o->unbuffered)
		qsort(order, n, sizeof(*order), row_cmp);

	rp->type = type;
	rp->f = f;
	rp->nf = nf;
	rp->n = n;
	rp->text = arena_alloc(&c->ctx.arena, ((size_t)n * nf + 1) * sizeof(*rp->text));
	rp->width = arena_alloc(&c->ctx.arena, (nf + 1) * sizeof(*rp->width));
	for (unsigned j = 0; j < nf; j++) {
		/* LVM2: the table's width, else the heading's; a longer
		 * heading is cut to the column (InitImgSyn). */
		rp->width[j] = f[j]->width ? (size_t)f[j]->width : strlen(f[j]->heading);
	}
	for (unsigned i = 0; i < n; i++) {
		const struct report_row *row = &rows[order[i]];
		for (unsigned j = 0; j < nf; j++) {
			const char **ce = &rp->text[(size_t)i * nf + j];
			struct fval v = {0};
			char buf[64];
			if (report_field_blank(f[j], row))
				*ce = "";
			else {
				f[j]->get(row, &v);
				if (v.s)
					*ce = arena_strdup(&c->ctx.arena, v.s);
				else if (f[j]->type == T_SIZ && !v.plain)
					*ce = arena_strdup(&c->ctx.arena,
							   units_format(v.n, &o->u, o->suffix, buf, sizeof(buf)));
				else
					*ce = arena_printf(&c->ctx.arena, "%" PRIu64, v.n);
			}
			/* --binary, and json_std's strict types: 0/1 (-1 unknown). */
			if (f[j]->type == T_BIN && (o->binary || o->fmt == FMT_JSON_STD))
				*ce = !**ce ? "0" : !strcmp(*ce, "unknown") ? "-1" : "1";
			if (o->fmt == FMT_JSON_STD && f[j]->get == f_vg_mda_copies && !strcmp(*ce, "unmanaged"))
				*ce = "0";
			/* --unbuffered: LVM2 sizes the columns by the heading
			 * and the first row, printed before the others exist */
			if (strlen(*ce) > rp->width[j] && (!o->unbuffered || !i))
				rp->width[j] = strlen(*ce);
		}
	}
	return 0;
}
