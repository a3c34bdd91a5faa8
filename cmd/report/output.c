/* Report output: one document of one or more reports (fullreport: per VG),
 * as aligned columns or --separator (basic, --nameprefixes, --unquoted,
 * --rows), json, json_std or yaml (libyaml). stdout holds only the
 * report; messages go to stderr. */
#include <stdio.h>
#include <string.h>

#include "cmd/common.h"
#include "cmd/report/report_int.h"

static const char *const obj_names[] = {"pv", "vg", "lv", "pvseg", "seg"};

static void json_str(struct strbuf *sb, const char *s, size_t len)
{
	sb_addc(sb, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			sb_printf(sb, "\\%c", ch);
		else if (ch < 0x20)
			sb_printf(sb, "\\u%04x", ch);
		else
			sb_addc(sb, (char)ch);
	}
	sb_addc(sb, '"');
}

static void json_value(struct strbuf *sb, const struct field *fd, const char *v, bool std)
{
	if (std && (fd->type == T_NUM || fd->type == T_BIN || fd->type == T_PCT)) {
		sb_adds(sb, *v ? v : "null");
		return;
	}
	if (std && fd->type == T_LIST) {
		char delim = fd->get == f_seg_pe_ranges ? ' ' : ',';
		sb_addc(sb, '[');
		for (const char *p = v; *p;) {
			const char *e = strchr(p, delim);
			size_t l = e ? (size_t)(e - p) : strlen(p);
			if (p != v)
				sb_addc(sb, ',');
			json_str(sb, p, l);
			p += l + (e ? 1 : 0);
		}
		sb_addc(sb, ']');
		return;
	}
	json_str(sb, v, strlen(v));
}

static int yaml_write(void *data, unsigned char *buf, size_t size)
{
	struct strbuf *sb = data;
	for (size_t i = 0; i < size; i++)
		sb_addc(sb, (char)buf[i]);
	return 1;
}

static void yaml_emit(struct ropts *o, yaml_event_t *ev)
{
	if (o->em_ok && !yaml_emitter_emit(&o->em, ev))
		o->em_ok = false;
}

static void yaml_scalar(struct ropts *o, const char *s, bool quoted)
{
	yaml_event_t ev;
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), !quoted, 1,
				     quoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_PLAIN_SCALAR_STYLE);
	yaml_emit(o, &ev);
}

static void yaml_seq(struct ropts *o, bool start)
{
	yaml_event_t ev;
	if (start)
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
	else
		yaml_sequence_end_event_initialize(&ev);
	yaml_emit(o, &ev);
}

static void yaml_map(struct ropts *o, bool start)
{
	yaml_event_t ev;
	if (start)
		yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	else
		yaml_mapping_end_event_initialize(&ev);
	yaml_emit(o, &ev);
}

/* The document: report -> items (one per VG in fullreport) -> sub-reports. */
void report_out_begin(struct ropts *o)
{
	if (o->fmt == FMT_JSON || o->fmt == FMT_JSON_STD)
		sb_adds(&o->out, "  {\n      \"report\": [\n");
	else if (o->fmt == FMT_YAML) {
		yaml_event_t ev;
		o->em_ok = yaml_emitter_initialize(&o->em);
		yaml_emitter_set_output(&o->em, yaml_write, &o->out);
		yaml_emitter_set_unicode(&o->em, 1);
		yaml_emitter_set_width(&o->em, -1);
		yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
		yaml_emit(o, &ev);
		yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
		yaml_emit(o, &ev);
		yaml_map(o, true);
		yaml_scalar(o, "report", false);
		yaml_seq(o, true);
	}
}

void report_item_begin(struct ropts *o)
{
	if (o->fmt == FMT_JSON || o->fmt == FMT_JSON_STD)
		sb_adds(&o->out, o->items ? "          ,\n          {\n" : "          {\n");
	else if (o->fmt == FMT_YAML)
		yaml_map(o, true);
	o->items++;
	o->subs = 0;
}

void report_item_end(struct ropts *o)
{
	if (o->fmt == FMT_JSON || o->fmt == FMT_JSON_STD)
		sb_adds(&o->out, "          }\n");
	else if (o->fmt == FMT_YAML)
		yaml_map(o, false);
}

int report_out_end(struct ropts *o)
{
	int r = 0;
	if (o->fmt == FMT_JSON || o->fmt == FMT_JSON_STD)
		sb_adds(&o->out, "      ]\n  }\n");
	else if (o->fmt == FMT_YAML) {
		yaml_event_t ev;
		yaml_seq(o, false);
		yaml_map(o, false);
		yaml_document_end_event_initialize(&ev, 1);
		yaml_emit(o, &ev);
		yaml_stream_end_event_initialize(&ev);
		yaml_emit(o, &ev);
		if (!o->em_ok) {
			log_error("YAML output failed: %s", o->em.problem ? o->em.problem : "?");
			r = ECMD_FAILED;
		}
		yaml_emitter_delete(&o->em);
	}
	if (!r)
		fwrite(o->out.buf ? o->out.buf : "", 1, o->out.len, stdout);
	sb_free(&o->out);
	return r;
}

/* n spaces, a run at a time */
static void add_spaces(struct strbuf *sb, size_t n)
{
	static const char spaces[] = "                                ";
	while (n > sizeof(spaces) - 1) {
		sb_add(sb, spaces, sizeof(spaces) - 1);
		n -= sizeof(spaces) - 1;
	}
	sb_add(sb, spaces, n);
}

/* --nameprefixes: LVM2_FIELD=' before a value (the quote closed after it) */
static void name_prefix(struct strbuf *sb, const struct ropts *o, const struct field *fd)
{
	sb_adds(sb, "LVM2_");
	for (const char *p = fd->name; *p; p++)
		sb_addc(sb, (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p));
	sb_adds(sb, o->unquoted ? "=" : "='");
}

static void out_basic(struct ropts *o, const struct rep *rp)
{
	struct strbuf *sb = &o->out;
	if (!rp->n)	/* no rows, no heading (as LVM2) */
		return;
	if (o->rows) {	/* --rows: one line per field */
		for (unsigned j = 0; j < rp->nf; j++) {
			sb_adds(sb, "  ");
			if (o->headings) {
				sb_adds(sb, rp->f[j]->heading);
				sb_adds(sb, o->sep);
			}
			for (unsigned i = 0; i < rp->n; i++) {
				if (i)
					sb_adds(sb, o->sep);
				if (o->prefixes)
					name_prefix(sb, o, rp->f[j]);
				sb_adds(sb, rp->text[(size_t)i * rp->nf + j]);
				if (o->prefixes && !o->unquoted)
					sb_addc(sb, '\'');
			}
			sb_addc(sb, '\n');
		}
		return;
	}
	for (int row = o->headings ? -1 : 0; row < (int)rp->n; row++) {
		sb_adds(sb, "  ");
		for (unsigned j = 0; j < rp->nf; j++) {
			const struct field *fd = rp->f[j];
			const char *txt = row < 0 ? fd->heading : rp->text[(size_t)row * rp->nf + j];
			size_t tl = strlen(txt);
			bool right = row >= 0 && (fd->type == T_NUM || fd->type == T_BIN || fd->type == T_SIZ);
			if (j)
				sb_adds(sb, o->sep);
			if (o->aligned && row < 0 && tl > rp->width[j]) {
				sb_add(sb, txt, rp->width[j]);	/* a heading is cut to its column */
				txt += tl;
				tl = rp->width[j];
			}
			/* (a value wider than its column: --unbuffered) */
			size_t pad = o->aligned && tl < rp->width[j] ? rp->width[j] - tl : 0;
			if (row >= 0 && o->prefixes)
				name_prefix(sb, o, fd);
			if (right)
				add_spaces(sb, pad);
			sb_adds(sb, txt);
			if (!right)
				add_spaces(sb, pad);
			if (row >= 0 && o->prefixes && !o->unquoted)
				sb_addc(sb, '\'');
		}
		sb_addc(sb, '\n');
	}
}

void report_out_sub(struct ropts *o, const struct rep *rp)
{
	const char *obj = obj_names[rp->type];
	if (o->fmt == FMT_BASIC) {
		out_basic(o, rp);
	} else if (o->fmt == FMT_YAML) {
		yaml_scalar(o, obj, false);
		yaml_seq(o, true);
		for (unsigned i = 0; i < rp->n; i++) {
			yaml_map(o, true);
			for (unsigned j = 0; j < rp->nf; j++) {
				yaml_scalar(o, rp->f[j]->name, false);
				yaml_scalar(o, rp->text[(size_t)i * rp->nf + j], true);
			}
			yaml_map(o, false);
		}
		yaml_seq(o, false);
	} else {
		struct strbuf *sb = &o->out;
		if (o->subs)
			sb_adds(sb, "              ,\n");
		sb_printf(sb, "              \"%s\": [\n", obj);
		for (unsigned i = 0; i < rp->n; i++) {
			sb_adds(sb, "                  {");
			for (unsigned j = 0; j < rp->nf; j++) {
				if (j)
					sb_adds(sb, ", ");
				json_str(sb, rp->f[j]->name, strlen(rp->f[j]->name));
				sb_addc(sb, ':');
				json_value(sb, rp->f[j], rp->text[(size_t)i * rp->nf + j], o->fmt == FMT_JSON_STD);
			}
			sb_adds(sb, i + 1 < rp->n ? "},\n" : "}\n");
		}
		sb_adds(sb, "              ]\n");
	}
	o->subs++;
}

/* A field list error: LVM2 still prints an empty JSON document; its exit
 * status is 5 (the report could not be made), not a command line error. */
int report_fail(struct ropts *o, int r)
{
	if (r == FIELDS_HELP) {
		report_field_help();
		sb_free(&o->out);
		return ECMD_PROCESSED;
	}
	if (o->fmt == FMT_JSON || o->fmt == FMT_JSON_STD)
		fputs("  {\n      \"report\": [\n      ]\n  }\n", stdout);
	sb_free(&o->out);
	return ECMD_FAILED;
}
