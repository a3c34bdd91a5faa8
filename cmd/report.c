/* pvs and vgs: LVM2's report engine in small. Fields are one table; output
 * is aligned columns, --separator, or JSON in LVM2's layout (stdout holds
 * only the report; messages go to stderr). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/common.h"
#include "cmd/report.h"
#include "lvmgr/units.h"
#include "metadata/mda.h"

enum ftype { F_STR, F_NUM, F_SIZE };

struct fval {
	const char *s;		/* F_STR */
	uint64_t n;		/* F_NUM value / F_SIZE sectors */
	bool none;		/* empty (e.g. VG fields of an orphan) */
};

struct field {
	const char *name, *heading;
	enum ftype type;
	bool vg_field;		/* needs a VG */
	void (*get)(const struct report_row *r, struct fval *v);
};

/* ---- metadata area helpers ---- */
static uint64_t mda_free_sectors(const struct scan_mda *m)
{
	if (!m->hdr_ok)
		return 0;
	uint64_t max = mda_max_text(m->hdr.size);
	uint64_t used = m->hdr.locn[0].size;
	return used >= max ? 0 : (max - used) >> 9;
}

static void dev_mda_stats(const struct scan_dev *sd, uint64_t *min_free, uint64_t *min_size,
			  unsigned *count, unsigned *used)
{
	for (unsigned m = 0; sd && m < sd->n_mda; m++) {
		uint64_t f = mda_free_sectors(&sd->mda[m]), s = sd->mda[m].size >> 9;
		if (!*count || f < *min_free)
			*min_free = f;
		if (!*count || s < *min_size)
			*min_size = s;
		(*count)++;
		if (!sd->mda[m].ignored)
			(*used)++;
	}
}

/* ---- PV fields ---- */
static void f_pv_name(const struct report_row *r, struct fval *v)
{
	v->s = r->sd ? r->sd->dev.path : "[unknown]";
}
static void f_pv_fmt(const struct report_row *r, struct fval *v)
{
	v->s = "lvm2";
}
static void f_pv_uuid(const struct report_row *r, struct fval *v)
{
	static char buf[ID_LEN + 7];
	id_format(r->pv ? r->pv->id : r->sd->label.pv_id, buf);
	v->s = buf;
}
static void f_dev_size(const struct report_row *r, struct fval *v)
{
	v->n = r->sd ? r->sd->dev.size >> 9 : 0;
}
static void f_pv_size(const struct report_row *r, struct fval *v)
{
	v->n = r->pv ? r->pv->pe_count * r->vg->extent_size : (r->sd->label.dev_size >> 9);
}
static void f_pv_free(const struct report_row *r, struct fval *v)
{
	v->n = r->pv ? (r->pv->pe_count - r->pv->pe_alloc) * r->vg->extent_size
		     : (r->sd->label.dev_size >> 9);
}
static void f_pv_used(const struct report_row *r, struct fval *v)
{
	v->n = r->pv ? r->pv->pe_alloc * r->vg->extent_size : 0;
}
static void f_pe_start(const struct report_row *r, struct fval *v)
{
	v->n = r->pv ? r->pv->pe_start : (r->sd->label.n_da ? r->sd->label.da[0].offset >> 9 : 0);
}
static void f_pv_attr(const struct report_row *r, struct fval *v)
{
	static char buf[4];
	uint32_t st = r->pv ? r->pv->flags.status | r->pv->flags.compat : 0;
	buf[0] = r->pv && (st & PV_ALLOCATABLE) ? 'a' : '-';
	buf[1] = r->vg && (r->vg->flags.status & VG_EXPORTED) ? 'x' : '-';
	buf[2] = r->pv && (!r->sd || (st & PV_MISSING)) ? 'm' : '-';
	buf[3] = '\0';
	v->s = buf;
}
static void f_pv_pe_count(const struct report_row *r, struct fval *v)
{
	v->n = r->pv ? r->pv->pe_count : 0;
}
static void f_pv_pe_alloc(const struct report_row *r, struct fval *v)
{
	v->n = r->pv ? r->pv->pe_alloc : 0;
}
static void f_pv_mda_count(const struct report_row *r, struct fval *v)
{
	uint64_t f = 0, s = 0;
	unsigned n = 0, u = 0;
	dev_mda_stats(r->sd, &f, &s, &n, &u);
	v->n = n;
}
static void f_pv_mda_used(const struct report_row *r, struct fval *v)
{
	uint64_t f = 0, s = 0;
	unsigned n = 0, u = 0;
	dev_mda_stats(r->sd, &f, &s, &n, &u);
	v->n = u;
}
static void f_pv_mda_free(const struct report_row *r, struct fval *v)
{
	uint64_t f = 0, s = 0;
	unsigned n = 0, u = 0;
	dev_mda_stats(r->sd, &f, &s, &n, &u);
	v->n = f;
}
static void f_pv_mda_size(const struct report_row *r, struct fval *v)
{
	uint64_t f = 0, s = 0;
	unsigned n = 0, u = 0;
	dev_mda_stats(r->sd, &f, &s, &n, &u);
	v->n = s;
}
static const char *join_tags(const struct strlist *l)
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
static void f_pv_tags(const struct report_row *r, struct fval *v)
{
	static const struct strlist none;
	v->s = join_tags(r->pv ? &r->pv->tags : &none);
}
static void f_pv_ext_vsn(const struct report_row *r, struct fval *v)
{
	v->n = r->sd && r->sd->label.has_ext ? r->sd->label.ext_version : 0;
}
static void f_pv_allocatable(const struct report_row *r, struct fval *v)
{
	v->s = r->pv && (r->pv->flags.status & PV_ALLOCATABLE) ? "allocatable" : "";
}
static void f_pv_missing(const struct report_row *r, struct fval *v)
{
	v->s = r->pv && !r->sd ? "missing" : "";
}
static void f_pv_in_use(const struct report_row *r, struct fval *v)
{
	v->s = r->vg ? "used" : "";
}

/* ---- VG fields ---- */
static void f_vg_name(const struct report_row *r, struct fval *v)
{
	v->s = r->vg ? r->vg->name : "";
}
static void f_vg_uuid(const struct report_row *r, struct fval *v)
{
	static char buf[ID_LEN + 7];
	if (!r->vg) {
		v->s = "";
		return;
	}
	id_format(r->vg->id, buf);
	v->s = buf;
}
static void f_vg_attr(const struct report_row *r, struct fval *v)
{
	static char buf[7];
	const struct vg *vg = r->vg;
	const char *alloc = vg->alloc ? vg->alloc : "normal";
	buf[0] = (vg->flags.status & VG_WRITE) ? 'w' : 'r';
	buf[1] = (vg->flags.status & VG_RESIZEABLE) ? 'z' : '-';
	buf[2] = (vg->flags.status & VG_EXPORTED) ? 'x' : '-';
	buf[3] = vg_missing_pv_count(vg) ? 'p' : '-';
	buf[4] = !strcmp(alloc, "contiguous") ? 'c' : !strcmp(alloc, "cling") ? 'l'
		 : !strcmp(alloc, "anywhere") ? 'a' : 'n';
	buf[5] = (vg->flags.status & VG_CLUSTERED) ? 'c' : (vg->flags.status & VG_SHARED) ? 's' : '-';
	buf[6] = '\0';
	v->s = buf;
}
static void f_vg_size(const struct report_row *r, struct fval *v)
{
	v->n = vg_extent_count(r->vg) * r->vg->extent_size;
}
static void f_vg_free(const struct report_row *r, struct fval *v)
{
	v->n = vg_free_count(r->vg) * r->vg->extent_size;
}
static void f_vg_extent_size(const struct report_row *r, struct fval *v)
{
	v->n = r->vg->extent_size;
}
static void f_vg_extent_count(const struct report_row *r, struct fval *v)
{
	v->n = vg_extent_count(r->vg);
}
static void f_vg_free_count(const struct report_row *r, struct fval *v)
{
	v->n = vg_free_count(r->vg);
}
static void f_pv_count(const struct report_row *r, struct fval *v)
{
	v->n = r->vg->n_pvs;
}
static void f_lv_count(const struct report_row *r, struct fval *v)
{
	v->n = vg_visible_lv_count(r->vg);
}
static void f_snap_count(const struct report_row *r, struct fval *v)
{
	v->n = vg_snapshot_count(r->vg);
}
static void f_missing_count(const struct report_row *r, struct fval *v)
{
	v->n = vg_missing_pv_count(r->vg);
}
static void f_vg_seqno(const struct report_row *r, struct fval *v)
{
	v->n = r->vg->seqno;
}
static void f_max_lv(const struct report_row *r, struct fval *v)
{
	v->n = r->vg->max_lv;
}
static void f_max_pv(const struct report_row *r, struct fval *v)
{
	v->n = r->vg->max_pv;
}
static void f_vg_tags(const struct report_row *r, struct fval *v)
{
	v->s = join_tags(&r->vg->tags);
}
static void f_vg_fmt(const struct report_row *r, struct fval *v)
{
	v->s = "lvm2";
}
static void vg_mdas(const struct vg *vg, uint64_t *f, uint64_t *s, unsigned *n, unsigned *u)
{
	for (unsigned p = 0; p < vg->n_pvs; p++)
		dev_mda_stats(vg->pvs[p]->sd, f, s, n, u);
}
static void f_vg_mda_count(const struct report_row *r, struct fval *v)
{
	uint64_t f = 0, s = 0;
	unsigned n = 0, u = 0;
	vg_mdas(r->vg, &f, &s, &n, &u);
	v->n = n;
}
static void f_vg_mda_used(const struct report_row *r, struct fval *v)
{
	uint64_t f = 0, s = 0;
	unsigned n = 0, u = 0;
	vg_mdas(r->vg, &f, &s, &n, &u);
	v->n = u;
}
static void f_vg_mda_free(const struct report_row *r, struct fval *v)
{
	uint64_t f = 0, s = 0;
	unsigned n = 0, u = 0;
	vg_mdas(r->vg, &f, &s, &n, &u);
	v->n = f;
}
static void f_vg_mda_size(const struct report_row *r, struct fval *v)
{
	uint64_t f = 0, s = 0;
	unsigned n = 0, u = 0;
	vg_mdas(r->vg, &f, &s, &n, &u);
	v->n = s;
}
static void f_vg_mda_copies(const struct report_row *r, struct fval *v)
{
	static char buf[24];
	if (!r->vg->metadata_copies)
		v->s = "unmanaged";
	else {
		snprintf(buf, sizeof(buf), "%" PRIu64, r->vg->metadata_copies);
		v->s = buf;
	}
}
static void f_vg_alloc(const struct report_row *r, struct fval *v)
{
	v->s = r->vg->alloc ? r->vg->alloc : "normal";
}
static void f_vg_systemid(const struct report_row *r, struct fval *v)
{
	v->s = r->vg->system_id ? r->vg->system_id : "";
}
static void f_vg_permissions(const struct report_row *r, struct fval *v)
{
	v->s = (r->vg->flags.status & VG_WRITE) ? "writeable" : "read-only";
}

static const struct field fields[] = {
	{"pv_name", "PV", F_STR, false, f_pv_name},
	{"pv_fmt", "Fmt", F_STR, false, f_pv_fmt},
	{"pv_uuid", "PV UUID", F_STR, false, f_pv_uuid},
	{"dev_size", "DevSize", F_SIZE, false, f_dev_size},
	{"pv_size", "PSize", F_SIZE, false, f_pv_size},
	{"pv_free", "PFree", F_SIZE, false, f_pv_free},
	{"pv_used", "Used", F_SIZE, false, f_pv_used},
	{"pe_start", "1st PE", F_SIZE, false, f_pe_start},
	{"pv_attr", "Attr", F_STR, false, f_pv_attr},
	{"pv_allocatable", "Allocatable", F_STR, false, f_pv_allocatable},
	{"pv_missing", "Missing", F_STR, false, f_pv_missing},
	{"pv_in_use", "PInUse", F_STR, false, f_pv_in_use},
	{"pv_pe_count", "PE", F_NUM, false, f_pv_pe_count},
	{"pv_pe_alloc_count", "Alloc", F_NUM, false, f_pv_pe_alloc},
	{"pv_tags", "PV Tags", F_STR, false, f_pv_tags},
	{"pv_mda_count", "#PMda", F_NUM, false, f_pv_mda_count},
	{"pv_mda_used_count", "#PMdaUse", F_NUM, false, f_pv_mda_used},
	{"pv_mda_free", "PMdaFree", F_SIZE, false, f_pv_mda_free},
	{"pv_mda_size", "PMdaSize", F_SIZE, false, f_pv_mda_size},
	{"pv_ext_vsn", "ExtVsn", F_NUM, false, f_pv_ext_vsn},
	{"vg_name", "VG", F_STR, false, f_vg_name},
	{"vg_uuid", "VG UUID", F_STR, false, f_vg_uuid},
	{"vg_fmt", "Fmt", F_STR, true, f_vg_fmt},
	{"vg_attr", "Attr", F_STR, true, f_vg_attr},
	{"vg_permissions", "VPerms", F_STR, true, f_vg_permissions},
	{"vg_allocation_policy", "AllocPol", F_STR, true, f_vg_alloc},
	{"vg_systemid", "System ID", F_STR, true, f_vg_systemid},
	{"vg_size", "VSize", F_SIZE, true, f_vg_size},
	{"vg_free", "VFree", F_SIZE, true, f_vg_free},
	{"vg_extent_size", "Ext", F_SIZE, true, f_vg_extent_size},
	{"vg_extent_count", "#Ext", F_NUM, true, f_vg_extent_count},
	{"vg_free_count", "Free", F_NUM, true, f_vg_free_count},
	{"max_lv", "MaxLV", F_NUM, true, f_max_lv},
	{"max_pv", "MaxPV", F_NUM, true, f_max_pv},
	{"pv_count", "#PV", F_NUM, true, f_pv_count},
	{"vg_missing_pv_count", "#PV Missing", F_NUM, true, f_missing_count},
	{"lv_count", "#LV", F_NUM, true, f_lv_count},
	{"snap_count", "#SN", F_NUM, true, f_snap_count},
	{"vg_seqno", "Seq", F_NUM, true, f_vg_seqno},
	{"vg_tags", "VG Tags", F_STR, true, f_vg_tags},
	{"vg_mda_count", "#VMda", F_NUM, true, f_vg_mda_count},
	{"vg_mda_used_count", "#VMdaUse", F_NUM, true, f_vg_mda_used},
	{"vg_mda_free", "VMdaFree", F_SIZE, true, f_vg_mda_free},
	{"vg_mda_size", "VMdaSize", F_SIZE, true, f_vg_mda_size},
	{"vg_mda_copies", "#VMdaCps", F_STR, true, f_vg_mda_copies},
};

static const struct field *find_field(const char *name, const char *prefix)
{
	char buf[128];
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (!strcmp(fields[i].name, name))
			return &fields[i];
	snprintf(buf, sizeof(buf), "%s%s", prefix, name);
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (!strcmp(fields[i].name, buf))
			return &fields[i];
	return NULL;
}

/* "a,b" / "+c" lists into field pointers. */
static int parse_fields(struct cmd *c, const char *dflt, const char *prefix, enum report_type type,
			const struct field ***out, unsigned *n_out)
{
	const struct argval *o = &c->args[ARG_OPTIONS];
	const struct field **f = arena_alloc(&c->ctx.arena, 256 * sizeof(*f));
	unsigned n = 0;

	/* Start from the default; "-o a,b" replaces what is there, "-o +c" adds. */
	for (int i = -1; i < (int)o->n; i++) {
		const char *list = i < 0 ? dflt : o->v[i];
		if (i >= 0 && list[0] != '+')
			n = 0;
		char *s = arena_strdup(&c->ctx.arena, list[0] == '+' ? list + 1 : list), *save, *t;
		for (t = strtok_r(s, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
			const struct field *fd = find_field(t, prefix);
			if (!fd) {
				log_error("Unrecognised field: %s", t);
				return -EINVAL;
			}
			if (type == REPORT_VG && !fd->vg_field && strncmp(fd->name, "vg_", 3)) {
				log_error("Field %s is not a VG field (use pvs).", t);
				return -EINVAL;
			}
			if (n < 256)
				f[n++] = fd;
		}
	}
	*out = f;
	*n_out = n;
	return 0;
}

struct cell {
	const char *text;
	struct fval v;
};

struct sort_key {
	const struct field *f;
	bool desc;
};
static struct sort_key *g_keys;
static unsigned g_nkeys;
static const struct report_row *g_rows;

static int row_cmp(const void *a, const void *b)
{
	const struct report_row *x = &g_rows[*(const unsigned *)a], *y = &g_rows[*(const unsigned *)b];
	for (unsigned k = 0; k < g_nkeys; k++) {
		struct fval vx = {0}, vy = {0};
		int r;
		if (g_keys[k].f->vg_field && (!x->vg || !y->vg))
			r = (x->vg != NULL) - (y->vg != NULL);
		else {
			g_keys[k].f->get(x, &vx);
			g_keys[k].f->get(y, &vy);
			if (g_keys[k].f->type == F_STR)
				r = strcmp(vx.s ? vx.s : "", vy.s ? vy.s : "");
			else
				r = vx.n < vy.n ? -1 : vx.n > vy.n;
		}
		if (r)
			return g_keys[k].desc ? -r : r;
	}
	return (int)(*(const unsigned *)a) - (int)(*(const unsigned *)b);
}

static void json_str(struct strbuf *sb, const char *s)
{
	sb_addc(sb, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			sb_printf(sb, "\\%c", ch);
		else if (ch < 0x20)
			sb_printf(sb, "\\u%04x", ch);
		else
			sb_addc(sb, (char)ch);
	}
	sb_addc(sb, '"');
}

int report_print(struct cmd *c, enum report_type type, const struct report_row *rows, unsigned n)
{
	const char *prefix = type == REPORT_PV ? "pv_" : "vg_";
	const char *dflt = type == REPORT_PV ? "pv_name,vg_name,pv_fmt,pv_attr,pv_size,pv_free"
					     : "vg_name,pv_count,lv_count,snap_count,vg_attr,vg_size,vg_free";
	const char *dsort = type == REPORT_PV ? "pv_name" : "vg_name";
	const char *fmt = arg_str(c, ARG_REPORTFORMAT, config_str(c->ctx.cfg, "report/output_format"));
	const struct field **f;
	unsigned nf;
	struct units u, *up = NULL;
	bool suffix = !arg_is_set(c, ARG_NOSUFFIX);
	bool json = !strcmp(fmt, "json") || !strcmp(fmt, "json_std");

	if (!json && strcmp(fmt, "basic")) {
		log_error("Unknown report format \"%s\" (basic, json or json_std).", fmt);
		return EINVALID_CMD_LINE;
	}
	const char *unit = arg_str(c, ARG_UNITS, config_str(c->ctx.cfg, "global/units"));
	if (units_parse(unit, &u)) {
		log_error("Invalid units specification \"%s\".", unit);
		return EINVALID_CMD_LINE;
	}
	up = &u;
	if (parse_fields(c, dflt, prefix, type, &f, &nf))
		return EINVALID_CMD_LINE;

	/* Sort keys. */
	const char *sort = arg_str(c, ARG_SORT, dsort);
	struct sort_key keys[32];
	unsigned nk = 0;
	char *ss = arena_strdup(&c->ctx.arena, sort), *save, *t;
	for (t = strtok_r(ss, ", ", &save); t && nk < 32; t = strtok_r(NULL, ", ", &save)) {
		bool desc = t[0] == '-';
		if (t[0] == '-' || t[0] == '+')
			t++;
		const struct field *fd = find_field(t, prefix);
		if (!fd) {
			log_error("Unrecognised field: %s", t);
			return EINVALID_CMD_LINE;
		}
		keys[nk++] = (struct sort_key){fd, desc};
	}
	unsigned *order = arena_alloc(&c->ctx.arena, (n + 1) * sizeof(*order));
	for (unsigned i = 0; i < n; i++)
		order[i] = i;
	g_keys = keys;
	g_nkeys = nk;
	g_rows = rows;
	if (n)
		qsort(order, n, sizeof(*order), row_cmp);

	/* Cells. */
	struct cell *cells = arena_alloc(&c->ctx.arena, ((size_t)n * nf + 1) * sizeof(*cells));
	size_t *width = arena_alloc(&c->ctx.arena, (nf + 1) * sizeof(*width));
	for (unsigned j = 0; j < nf; j++)
		width[j] = strlen(f[j]->heading);
	for (unsigned i = 0; i < n; i++) {
		const struct report_row *r = &rows[order[i]];
		for (unsigned j = 0; j < nf; j++) {
			struct cell *ce = &cells[(size_t)i * nf + j];
			char buf[64];
			if (f[j]->vg_field && !r->vg)
				ce->text = "";
			else {
				f[j]->get(r, &ce->v);
				/* Getters may return static buffers: copy. */
				if (f[j]->type == F_STR)
					ce->text = arena_strdup(&c->ctx.arena, ce->v.s ? ce->v.s : "");
				else if (f[j]->type == F_NUM)
					ce->text = arena_printf(&c->ctx.arena, "%" PRIu64, ce->v.n);
				else
					ce->text = arena_strdup(&c->ctx.arena, units_format(ce->v.n, up, suffix, buf, sizeof(buf)));
			}
			if (strlen(ce->text) > width[j])
				width[j] = strlen(ce->text);
		}
	}

	struct strbuf out;
	sb_init(&out);
	if (json) {
		const char *obj = type == REPORT_PV ? "pv" : "vg";
		sb_printf(&out, "  {\n      \"report\": [\n          {\n              \"%s\": [\n", obj);
		for (unsigned i = 0; i < n; i++) {
			sb_adds(&out, "                  {");
			for (unsigned j = 0; j < nf; j++) {
				if (j)
					sb_adds(&out, ", ");
				json_str(&out, f[j]->name);
				sb_addc(&out, ':');
				json_str(&out, cells[(size_t)i * nf + j].text);
			}
			sb_adds(&out, i + 1 < n ? "},\n" : "}\n");
		}
		sb_adds(&out, "              ]\n          }\n      ]\n  }\n");
	} else {
		const char *sep = arg_str(c, ARG_SEPARATOR, NULL);
		bool aligned = !sep || arg_is_set(c, ARG_ALIGNED);
		if (!sep)
			sep = " ";
		/* No rows, no heading (as LVM2). */
		for (int row = arg_is_set(c, ARG_NOHEADINGS) || !n ? 0 : -1; row < (int)n; row++) {
			sb_adds(&out, "  ");
			for (unsigned j = 0; j < nf; j++) {
				const char *txt = row < 0 ? f[j]->heading : cells[(size_t)row * nf + j].text;
				size_t pad = aligned ? width[j] - strlen(txt) : 0;
				bool right = row >= 0 && f[j]->type != F_STR;
				if (j)
					sb_adds(&out, sep);
				if (right)
					for (size_t p = 0; p < pad; p++)
						sb_addc(&out, ' ');
				sb_adds(&out, txt);
				if (!right)
					for (size_t p = 0; p < pad; p++)
						sb_addc(&out, ' ');
			}
			sb_addc(&out, '\n');
		}
	}
	fwrite(out.buf ? out.buf : "", 1, out.len, stdout);
	sb_free(&out);
	return ECMD_PROCESSED;
}

/* ---- pvs / vgs ---- */

static bool report_json(struct cmd *c)
{
	const char *fmt = arg_str(c, ARG_REPORTFORMAT, config_str(c->ctx.cfg, "report/output_format"));
	return !strncmp(fmt, "json", 4);
}

int cmd_pvs(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	struct vg_info *vis;
	unsigned nvg, n = 0, cap = 16;
	struct report_row *rows = arena_alloc(&x->arena, cap * sizeof(*rows));
	int rc = ECMD_PROCESSED;

	if (report_json(c))
		log_print_to_stderr = true;
	scan_devices(x, (const char *const *)c->pos, (unsigned)c->n_pos);
	vg_list(x, &vis, &nvg);
	bool *claimed = arena_alloc(&x->arena, (x->n_devs + 1) * sizeof(*claimed));
	for (unsigned k = 0; k < nvg; k++) {
		struct vg *vg;
		if (lock_vg_mode(c, vis[k].name, LOCK_SHARED) ||
		    vg_read(x, vis[k].name, VG_READ_ALLOW_MISSING, &vg)) {
			rc = ECMD_FAILED;
			continue;
		}
		for (unsigned p = 0; p < vg->n_pvs; p++) {
			if (n == cap) {
				cap *= 2;
				struct report_row *nr = arena_alloc(&x->arena, cap * sizeof(*nr));
				memcpy(nr, rows, n * sizeof(*nr));
				rows = nr;
			}
			rows[n++] = (struct report_row){vg->pvs[p]->sd, vg, vg->pvs[p]};
			for (unsigned i = 0; i < x->n_devs; i++)
				if (x->devs[i] == vg->pvs[p]->sd)
					claimed[i] = true;
		}
	}
	for (unsigned i = 0; i < x->n_devs; i++) {
		if (claimed[i] || !x->devs[i]->labelled)
			continue;
		if (n == cap) {
			cap *= 2;
			struct report_row *nr = arena_alloc(&x->arena, cap * sizeof(*nr));
			memcpy(nr, rows, n * sizeof(*nr));
			rows = nr;
		}
		rows[n++] = (struct report_row){x->devs[i], NULL, NULL};
	}
	/* Named PVs only. */
	if (c->n_pos) {
		unsigned k = 0;
		for (int a = 0; a < c->n_pos; a++) {
			struct scan_dev *sd = scan_find(x, c->pos[a]);
			bool found = false;
			for (unsigned i = 0; i < n && sd; i++)
				if (rows[i].sd == sd)
					found = true;
			if (!found) {
				log_error("Failed to find physical volume \"%s\".", c->pos[a]);
				rc = ECMD_FAILED;
			}
		}
		for (unsigned i = 0; i < n; i++) {
			bool want = false;
			for (int a = 0; a < c->n_pos && !want; a++)
				want = rows[i].sd && scan_find(x, c->pos[a]) == rows[i].sd;
			if (want)
				rows[k++] = rows[i];
		}
		n = k;
	}
	int r = report_print(c, REPORT_PV, rows, n);
	return r != ECMD_PROCESSED ? r : rc;
}

int cmd_vgs(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	struct vg_info *vis;
	unsigned nvg, n = 0;
	int rc = ECMD_PROCESSED;

	if (report_json(c))
		log_print_to_stderr = true;
	vg_list(x, &vis, &nvg);
	struct report_row *rows = arena_alloc(&x->arena, (nvg + 1) * sizeof(*rows));
	for (int a = 0; a < c->n_pos; a++) {
		bool found = false;
		for (unsigned k = 0; k < nvg; k++)
			found |= !strcmp(vis[k].name, vg_name_arg(c->pos[a]));
		if (!found) {
			log_error("Volume group \"%s\" not found", vg_name_arg(c->pos[a]));
			rc = ECMD_FAILED;
		}
	}
	for (unsigned k = 0; k < nvg; k++) {
		struct vg *vg;
		bool want = !c->n_pos;
		for (int a = 0; a < c->n_pos && !want; a++)
			want = !strcmp(vis[k].name, vg_name_arg(c->pos[a]));
		if (!want)
			continue;
		if (lock_vg_mode(c, vis[k].name, LOCK_SHARED) ||
		    vg_read(x, vis[k].name, VG_READ_ALLOW_MISSING, &vg)) {
			rc = ECMD_FAILED;
			continue;
		}
		rows[n++] = (struct report_row){NULL, vg, NULL};
	}
	int r = report_print(c, REPORT_VG, rows, n);
	return r != ECMD_PROCESSED ? r : rc;
}
