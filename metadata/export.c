/* struct vg -> LVM2 metadata text, byte for byte as LVM2 2.03 writes it
 * (lib/format_text/export.c): the disk style has no indentation and no
 * comments but the header lines; the file style (backups, archives) indents
 * with tabs and aligns size comments at tab stop 6. */
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "metadata/vg.h"

#define LVMGR_VERSION_STRING "lvmgr 0.1"
#define COMMENT_TAB 6

struct out {
	struct strbuf *sb;
	enum export_style style;
	int indent;
};

/* Lines are built by direct appends (the common ones) or, for the rare
 * ones, with a format; both go through line_begin/line_end. */
static size_t line_begin(struct out *o)
{
	if (o->style == EXPORT_FILE && o->indent > 0) {
		static const char tabs[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";
		int n = o->indent;
		while (n > 16) {
			sb_add(o->sb, tabs, 16);
			n -= 16;
		}
		sb_add(o->sb, tabs, (size_t)n);
	}
	return o->sb->len;
}

/* Ends a line, with an optional comment aligned as LVM2 aligns it. */
static void line_end(struct out *o, size_t before, const char *comment)
{
	if (comment && o->style == EXPORT_FILE) {
		int i = (int)(o->sb->len - before);
		i += 8 * o->indent;
		i /= 8;
		i++;
		do
			sb_addc(o->sb, '\t');
		while (++i < COMMENT_TAB);
		sb_adds(o->sb, comment);
	}
	sb_addc(o->sb, '\n');
}

__attribute__((format(printf, 3, 4))) static void outc(struct out *o, const char *comment,
							 const char *fmt, ...)
{
	va_list ap;
	size_t before = line_begin(o);

	va_start(ap, fmt);
	sb_vprintf(o->sb, fmt, ap);
	va_end(ap);
	line_end(o, before, comment);
}

/* "key = " */
static size_t key_begin(struct out *o, const char *key)
{
	size_t before = line_begin(o);
	sb_adds(o->sb, key);
	sb_add(o->sb, " = ", 3);
	return before;
}

/* key = <unsigned>, as "%s = %" PRIu64 */
static void out_u64(struct out *o, const char *comment, const char *key, uint64_t v)
{
	size_t before = key_begin(o, key);
	sb_add_u64(o->sb, v);
	line_end(o, before, comment);
}

static void out_i64(struct out *o, const char *comment, const char *key, int64_t v)
{
	size_t before = key_begin(o, key);
	sb_add_i64(o->sb, v);
	line_end(o, before, comment);
}

/* "name {", or "name<n> {" when n >= 0 */
static void out_open(struct out *o, const char *name, int64_t n)
{
	size_t before = line_begin(o);
	sb_adds(o->sb, name);
	if (n >= 0)
		sb_add_u64(o->sb, (uint64_t)n);
	sb_add(o->sb, " {", 2);
	line_end(o, before, NULL);
}

/* A line of one character: "}" or "]" */
static void out_char(struct out *o, char ch)
{
	size_t before = line_begin(o);
	sb_addc(o->sb, ch);
	line_end(o, before, NULL);
}
#define out_close(o) out_char(o, '}')

/* id = "xxxxxx-xxxx-..." */
static void out_id(struct out *o, const char *id)
{
	char idf[ID_LEN + 7];
	size_t before = key_begin(o, "id");
	id_format(id, idf);
	sb_addc(o->sb, '"');
	sb_adds(o->sb, idf);
	sb_addc(o->sb, '"');
	line_end(o, before, NULL);
}

#define outf(o, ...) outc(o, NULL, __VA_ARGS__)

static void outnl(struct out *o)
{
	sb_addc(o->sb, '\n');
}

/* s / 2^k (k 1..61, the value 0 or in [0.5, 1024]) as printf's %g writes it:
 * 6 significant digits, the exact binary value rounded half to even,
 * trailing zeros dropped. In integers: printf's %g code is large, and
 * every command that writes metadata ran it once, for the PVs' sizes. */
static size_t g6_pow2(uint64_t s, unsigned k, char *out)
{
	static const uint64_t p10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
	int x = -1;	/* the decimal exponent of the value */
	for (uint64_t t = s >> k; t; t /= 10)
		x++;
	unsigned p = (unsigned)(5 - x);	/* digits after the point */
	unsigned __int128 sc = (unsigned __int128)s * p10[p], one = 1;
	uint64_t q = (uint64_t)(sc >> k);
	unsigned __int128 rem = sc & ((one << k) - 1), half = one << (k - 1);
	if (rem > half || (rem == half && (q & 1)))
		q++;
	if (q == p10[6]) {	/* rounded up to the next power of ten */
		q /= 10;
		p--;
	}
	uint64_t ip = q / p10[p], fp = q % p10[p];
	size_t n = 0;
	char d[24];
	unsigned nd = 0;
	do {
		d[nd++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	while (nd)
		out[n++] = d[--nd];
	for (; p && fp % 10 == 0; p--)
		fp /= 10;
	if (p) {
		out[n++] = '.';
		for (unsigned i = p; i-- > 0; fp /= 10)
			out[n + i] = (char)('0' + fp % 10);
		n += p;
	}
	out[n] = '\0';
	return n;
}

/* "# 4 Megabytes": LVM2's _sectors_to_units, %g and all. */
static const char *size_comment(uint64_t sectors, char *buf, size_t len)
{
	static const char *const units[] = {"Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
					    "Petabytes", "Exabytes", NULL};
	/* Below 2^53 sectors the double LVM2 divides is exact: the value is
	 * sectors / 2^(1 + 10 i), written here in integers. */
	if (sectors < (1ull << 53)) {
		unsigned i = 0;
		while (i < 5 && sectors > (2048ull << (10 * i)))	/* value > 1024 */
			i++;
		char num[32];
		size_t nl = g6_pow2(sectors, 1 + 10 * i, num), ul = strlen(units[i]);
		if (2 + nl + 1 + ul + 1 <= len) {
			memcpy(buf, "# ", 2);
			memcpy(buf + 2, num, nl);
			buf[2 + nl] = ' ';
			memcpy(buf + 3 + nl, units[i], ul + 1);
			return buf;
		}
	}
	double d = (double)sectors / 2.0;
	int i;
	for (i = 0; d > 1024.0 && units[i]; i++)
		d /= 1024.0;
	snprintf(buf, len, "# %g %s", d, units[i] ? units[i] : "Exabytes");
	return buf;
}

static void out_str_field(struct out *o, const char *key, const char *val)
{
	size_t before = key_begin(o, key);
	sb_add_quoted(o->sb, val);
	line_end(o, before, NULL);
}

static void out_list(struct out *o, const char *key, const struct strlist *l)
{
	size_t before;
	if (!l->n)
		return;
	before = key_begin(o, key);
	sb_addc(o->sb, '[');
	for (unsigned i = 0; i < l->n; i++) {
		if (i)
			sb_add(o->sb, ", ", 2);
		sb_add_quoted(o->sb, l->v[i]);
	}
	sb_addc(o->sb, ']');
	line_end(o, before, NULL);
}

static void out_flags(struct out *o, const struct flagset *f, enum flag_kind kind)
{
	size_t before = key_begin(o, "status");
	flags_export_list(f, kind, false, o->sb);
	line_end(o, before, NULL);
	before = key_begin(o, "flags");
	flags_export_list(f, kind, true, o->sb);
	line_end(o, before, NULL);
}

/* Parsed text written back as read (unknown fields, historical LVs,
 * verbatim segments): a string su->fn takes is written by it. */
void text_out_value(struct strbuf *sb, const struct cft_value *v, struct text_subst *su)
{
	if (v->type == CFT_ARRAY) {
		sb_addc(sb, '[');
		for (const struct cft_value *e = v->items; e; e = e->next) {
			if (e != v->items)
				sb_adds(sb, ", ");
			text_out_value(sb, e, su);
		}
		sb_addc(sb, ']');
		return;
	}
	if (su && su->fn(su, v, sb))
		return;
	cft_emit_value(sb, v);
}

static void out_node(struct out *o, const struct cft_node *n, struct text_subst *su)
{
	if (n->is_section) {
		outf(o, "%s {", n->key);
		o->indent++;
		for (const struct cft_node *c = n->child; c; c = c->next)
			out_node(o, c, su);
		o->indent--;
		outf(o, "}");
		return;
	}
	struct strbuf v;
	sb_init(&v);
	text_out_value(&v, n->v, su);
	outf(o, "%s = %s", n->key, v.buf);
	sb_free(&v);
}

static void out_extra(struct out *o, const struct cft_node *const *extra, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		out_node(o, extra[i], NULL);
}

static void print_header(struct out *o, const char *desc, uint64_t now)
{
	struct utsname u;
	time_t t = (time_t)now;
	char tbuf[64];
	struct strbuf q;

	if (uname(&u))
		memset(&u, 0, sizeof(u));
	/* ctime() ends in '\n': the blank lines after these two are LVM2's. */
	ctime_r(&t, tbuf);
	outf(o, "# Generated by %s: %s", LVMGR_VERSION_STRING, tbuf);
	outf(o, "contents = \"Text Format Volume Group\"");
	outf(o, "version = 1");
	outnl(o);
	sb_init(&q);
	sb_add_quoted(&q, desc ? desc : "");
	outf(o, "description = %s", q.buf);
	sb_free(&q);
	outnl(o);
	sb_init(&q);
	sb_add_quoted(&q, u.nodename);
	outf(o, "creation_host = %s\t# %s %s %s %s %s", q.buf, u.sysname, u.nodename, u.release,
	     u.version, u.machine);
	sb_free(&q);
	outf(o, "creation_time = %" PRIu64 "\t# %s", now, tbuf);
}

static void print_vg(struct out *o, const struct vg *vg)
{
	char idf[ID_LEN + 7], c[64];
	struct strbuf q;

	id_format(vg->id, idf);
	outf(o, "id = \"%s\"", idf);
	outf(o, "seqno = %" PRIu64, vg->seqno);
	outc(o, "# informational", "format = \"lvm2\"");
	out_flags(o, &vg->flags, FLAGS_VG);
	out_list(o, "tags", &vg->tags);
	sb_init(&q);
	if (vg->system_id && *vg->system_id)
		out_str_field(o, "system_id", vg->system_id);
	if (vg->lock_type) {
		out_str_field(o, "lock_type", vg->lock_type);
		if (vg->lock_args)
			out_str_field(o, "lock_args", vg->lock_args);
	}
	sb_free(&q);
	outc(o, size_comment(vg->extent_size, c, sizeof(c)), "extent_size = %u", vg->extent_size);
	outf(o, "max_lv = %" PRIu64, vg->max_lv);
	outf(o, "max_pv = %" PRIu64, vg->max_pv);
	if (vg->alloc && strcmp(vg->alloc, "normal") && strcmp(vg->alloc, "inherit")) {
		outnl(o);
		out_str_field(o, "allocation_policy", vg->alloc);
	}
	if (vg->profile)
		out_str_field(o, "profile", vg->profile);
	outf(o, "metadata_copies = %" PRIu64, vg->metadata_copies);
	out_extra(o, vg->extra, vg->n_extra);
}

static void print_pvs(struct out *o, const struct vg *vg)
{
	char idf[ID_LEN + 7], c[64];

	outf(o, "physical_volumes {");
	o->indent++;
	for (unsigned i = 0; i < vg->n_pvs; i++) {
		const struct pv *pv = vg->pvs[i];
		struct strbuf q;

		outnl(o);
		outf(o, "pv%u {", i);
		o->indent++;
		id_format(pv->id, idf);
		outf(o, "id = \"%s\"", idf);
		sb_init(&q);
		/* A PV missing at read time: LVM2 writes "[unknown]". */
		sb_add_quoted(&q, !pv->sd && ((pv->flags.status | pv->flags.compat) & PV_MISSING) ? "[unknown]"
				  : pv->hint ? pv->hint : "unknown device");
		outc(o, "# Hint only", "device = %s", q.buf);
		sb_free(&q);
		outnl(o);
		if (pv->device_id_type && pv->device_id) {
			out_str_field(o, "device_id_type", pv->device_id_type);
			out_str_field(o, "device_id", pv->device_id);
		}
		out_flags(o, &pv->flags, FLAGS_PV);
		out_list(o, "tags", &pv->tags);
		outc(o, size_comment(pv->dev_size, c, sizeof(c)), "dev_size = %" PRIu64, pv->dev_size);
		outf(o, "pe_start = %" PRIu64, pv->pe_start);
		outc(o, size_comment((uint64_t)vg->extent_size * pv->pe_count, c, sizeof(c)),
		     "pe_count = %" PRIu64, pv->pe_count);
		if (pv->ba_start && pv->ba_size) {
			outf(o, "ba_start = %" PRIu64, pv->ba_start);
			outc(o, size_comment(pv->ba_size, c, sizeof(c)), "ba_size = %" PRIu64,
			     pv->ba_size);
		}
		out_extra(o, pv->extra, pv->n_extra);
		o->indent--;
		outf(o, "}");
	}
	o->indent--;
	outf(o, "}");
}

/* ---- for the segment type descriptors (metadata/segtypes/segtype.h) ---- */

/* What a descriptor writes a segment's lines through. */
struct text_out {
	struct out *o;
};

void text_out_line(struct text_out *t, const char *comment, const char *fmt, ...)
{
	va_list ap;
	size_t before = line_begin(t->o);

	va_start(ap, fmt);
	sb_vprintf(t->o->sb, fmt, ap);
	va_end(ap);
	line_end(t->o, before, comment);
}

void text_out_u64(struct text_out *t, const char *comment, const char *key, uint64_t v)
{
	out_u64(t->o, comment, key, v);
}

void text_out_str(struct text_out *t, const char *key, const char *val)
{
	out_str_field(t->o, key, val);
}

void text_out_nl(struct text_out *t)
{
	outnl(t->o);
}

void text_out_indent(struct text_out *t, int delta)
{
	t->o->indent += delta;
}

void text_out_node(struct text_out *t, const struct cft_node *n, struct text_subst *su)
{
	out_node(t->o, n, su);
}

const char *text_size_comment(uint64_t sectors, char *buf, size_t len)
{
	return size_comment(sectors, buf, len);
}

void text_out_seg_head(struct text_out *t, const struct lv_seg *seg)
{
	out_str_field(t->o, "type", seg->type);
	out_list(t->o, "tags", &seg->tags);
}

void text_out_areas(struct text_out *t, const char *key, const struct lv_seg *seg)
{
	struct out *o = t->o;
	key_begin(o, key);
	sb_addc(o->sb, '[');
	line_end(o, 0, NULL);
	o->indent++;
	for (unsigned a = 0; a < seg->n_areas; a++) {
		const struct seg_area *ar = &seg->areas[a];
		size_t before = line_begin(o);
		if (ar->kind == AREA_PV) {
			/* "pv<n>" needs no escaping */
			sb_add(o->sb, "\"pv", 3);
			sb_add_u64(o->sb, ar->pv->index);
			sb_addc(o->sb, '"');
		} else
			sb_add_quoted(o->sb, ar->lv_name);
		sb_add(o->sb, ", ", 2);
		sb_add_u64(o->sb, ar->kind == AREA_PV ? ar->pe : ar->le);
		if (a != seg->n_areas - 1)
			sb_addc(o->sb, ',');
		line_end(o, before, NULL);
	}
	o->indent--;
	out_char(o, ']');
}

/* LVM2's _print_segment: the extents, a blank line, then the type's body. */
static void print_segment(struct out *o, const struct vg *vg, unsigned count,
			  const struct lv_seg *seg)
{
	const struct segtype *st = seg_segtype(seg);
	char c[64];

	out_open(o, "segment", count);
	o->indent++;
	out_u64(o, NULL, "start_extent", seg->start_extent);
	out_u64(o, size_comment(seg->extent_count * vg->extent_size, c, sizeof(c)), "extent_count",
		seg->extent_count);
	outnl(o);
	struct text_out t = {o};
	if (st->text_export)
		st->text_export(&t, vg, seg);
	else
		text_out_seg_head(&t, seg);
	o->indent--;
	out_close(o);
}

/* "# 2023-11-14 22:13:20 +0000": strftime's "%Y-%m-%d %T %z" for the years
 * it writes with four digits, without strftime. */
static void time_comment_of(uint64_t t, char *buf, size_t len)
{
	time_t ts = (time_t)t;
	struct tm tm;

	buf[0] = '\0';
	if (!localtime_r(&ts, &tm))
		return;
	long year = (long)tm.tm_year + 1900;
	if (year >= 1000 && year <= 9999 && tm.tm_isdst >= 0 && len >= 28) {
		long off = tm.tm_gmtoff;
		char sign = '+';
		if (off < 0) {
			sign = '-';
			off = -off;
		}
		off /= 60;
		off = (off / 60) * 100 + off % 60;
		if (off <= 9999) {
			int v[] = {(int)year, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec};
			char *p = buf;
			*p++ = '#';
			*p++ = ' ';
			*p++ = (char)('0' + v[0] / 1000);
			*p++ = (char)('0' + v[0] / 100 % 10);
			*p++ = (char)('0' + v[0] / 10 % 10);
			*p++ = (char)('0' + v[0] % 10);
			for (int k = 1; k < 6; k++) {
				*p++ = k == 3 ? ' ' : k < 3 ? '-' : ':';
				*p++ = (char)('0' + v[k] / 10 % 10);
				*p++ = (char)('0' + v[k] % 10);
			}
			*p++ = ' ';
			*p++ = sign;
			*p++ = (char)('0' + off / 1000);
			*p++ = (char)('0' + off / 100 % 10);
			*p++ = (char)('0' + off / 10 % 10);
			*p++ = (char)('0' + off % 10);
			*p = '\0';
			return;
		}
	}
	strcpy(buf, "# ");
	if (!strftime(buf + 2, len - 2, "%Y-%m-%d %T %z", &tm))
		buf[0] = '\0';
}

/* LVs made together share their creation time: the last one is kept (per
 * thread: exports run in several), localtime_r's tz lock taken once. */
static void time_comment(uint64_t t, char *buf, size_t len)
{
	static __thread uint64_t last_t;
	static __thread char last[64];
	static __thread bool have;

	if (!have || last_t != t) {
		time_comment_of(t, last, sizeof(last));
		last_t = t;
		have = true;
	}
	snprintf(buf, len, "%s", last);
}

static void print_lv(struct out *o, const struct vg *vg, const struct lv *lv)
{
	outnl(o);
	out_open(o, lv->name, -1);
	o->indent++;
	out_id(o, lv->id);
	out_flags(o, &lv->flags, FLAGS_LV);
	out_list(o, "tags", &lv->tags);
	if (lv->creation_time) {
		char buf[80];
		time_comment(lv->creation_time, buf, sizeof(buf));
		out_u64(o, buf, "creation_time", lv->creation_time);
		out_str_field(o, "creation_host", lv->creation_host ? lv->creation_host : "");
	}
	if (lv->lock_args)
		out_str_field(o, "lock_args", lv->lock_args);
	if (lv->alloc && strcmp(lv->alloc, "inherit"))
		out_str_field(o, "allocation_policy", lv->alloc);
	if (lv->profile)
		out_str_field(o, "profile", lv->profile);
	if (lv->read_ahead == -1)
		outc(o, "# None", "read_ahead = -1");
	else if (lv->read_ahead >= 0)
		out_i64(o, NULL, "read_ahead", lv->read_ahead);
	if (lv->major >= 0)
		out_i64(o, NULL, "major", lv->major);
	if (lv->minor >= 0)
		out_i64(o, NULL, "minor", lv->minor);
	out_extra(o, lv->extra, lv->n_extra);
	out_u64(o, NULL, "segment_count", lv->n_segs);
	outnl(o);
	for (unsigned s = 0; s < lv->n_segs; s++)
		print_segment(o, vg, s + 1, &lv->segs[s]);
	o->indent--;
	out_close(o);
}

/* The LV sections are independent of each other: a big VG's are written
 * in two halves at once, the second by another thread into its own buffer,
 * and joined; the text is the same as one thread writes. */
unsigned vg_export_split_lvs = 2000;	/* see cft_split_min */
struct lv_half {
	struct out o;
	const struct vg *vg;
	const struct lv *const *lvs;
	unsigned n, base;	/* lvs[i] is the LV at place base + i of the export */
	struct lv_range *rg;	/* NULL, or where each section went */
	const struct lv_copier *cp;	/* sections to copy, or NULL */
	struct export_pieces *pc;	/* the copied sections, not in o.sb (or NULL) */
};

static void piece_add(struct export_pieces *pc, size_t at, const char *p, size_t len)
{
	struct export_piece *l = pc->n ? &pc->v[pc->n - 1] : NULL;
	if (l && l->at == at && l->p + l->len == p) {
		l->len += len;
		return;
	}
	if (pc->n == pc->cap) {
		pc->cap = pc->cap ? 2 * pc->cap : 64;
		pc->v = xrealloc(pc->v, pc->cap * sizeof(*pc->v));
	}
	pc->v[pc->n++] = (struct export_piece){at, p, len};
}

/* The copier's sections (the caller vouches that they are the bytes
 * print_lv would write: the VG cache's for the LVs a command left as it
 * had them, an old backup's) are copied, the others written. */
static void *print_lv_range(void *arg)
{
	struct lv_half *h = arg;
	for (unsigned i = 0; i < h->n; i++) {
		const struct lv *lv = h->lvs[i];
		size_t at = h->o.sb->len;
		size_t copy_len = 0;
		const char *copy = h->cp ? h->cp->copy(h->cp->arg, h->base + i, lv, &copy_len) : NULL;
		if (copy && h->pc)
			piece_add(h->pc, at, copy, copy_len);
		else if (copy)
			sb_add(h->o.sb, copy, copy_len);
		else
			print_lv(&h->o, h->vg, lv);
		if (h->rg)
			h->rg[i] = (struct lv_range){lv, at, h->o.sb->len - at, copy != NULL};
	}
	return NULL;
}

static void print_lvs(struct out *o, const struct vg *vg, struct lv_range *rg,
		      const struct lv_copier *cp, struct export_pieces *pc)
{
	unsigned n = vg->n_lvs, k = 0;
	const struct lv **ord = xmalloc(n * sizeof(*ord));
	/* Visible LVs first, then hidden ones (LVM2's order). */
	bool *vis = xmalloc(n * sizeof(*vis));
	for (unsigned i = 0; i < n; i++)
		vis[i] = lv_is_visible(vg, vg->lvs[i]);
	for (int pass = 0; pass < 2; pass++)
		for (unsigned i = 0; i < n; i++)
			if (vis[i] == (pass == 0))
				ord[k++] = vg->lvs[i];
	free(vis);
	struct strbuf sb2;
	struct export_pieces pc2 = {0};
	struct lv_half first = {*o, vg, ord, n / 2, 0, rg, cp, pc},
		       second = {{&sb2, o->style, o->indent}, vg, ord + n / 2, n - n / 2, n / 2,
				 rg ? rg + n / 2 : NULL, cp, pc ? &pc2 : NULL};
	pthread_t th;
	bool threaded = false;
	if (n >= vg_export_split_lvs && n >= 2) {
		sb_init(&sb2);
		threaded = !pthread_create(&th, NULL, print_lv_range, &second);
		if (!threaded)
			sb_free(&sb2);
	}
	if (!threaded) {
		first.n = n;
		print_lv_range(&first);
	} else {
		print_lv_range(&first);
		pthread_join(th, NULL);
		for (unsigned i = 0; rg && i < second.n; i++)
			second.rg[i].off += o->sb->len;
		for (size_t i = 0; i < pc2.n; i++)
			piece_add(pc, pc2.v[i].at + o->sb->len, pc2.v[i].p, pc2.v[i].len);
		free(pc2.v);
		/* empty (no buffer) when every section of the second half
		 * was copied as a piece */
		if (sb2.len)
			sb_add(o->sb, sb2.buf, sb2.len);
		sb_free(&sb2);
	}
	free((void *)ord);
}

void vg_export_file_header(const char *description, uint64_t now, struct strbuf *sb)
{
	struct out o = {sb, EXPORT_FILE, 0};
	print_header(&o, description, now ? now : (uint64_t)time(NULL));
}

static void export_vg(const struct vg *vg, enum export_style style, const char *description,
		      uint64_t now, struct strbuf *sb, struct export_ranges *r,
		      const struct lv_copier *cp, struct export_pieces *pc)
{
	struct out o = {sb, style, 0};

	if (!now)
		now = (uint64_t)time(NULL);
	if (style == EXPORT_FILE)
		print_header(&o, description, now);
	outf(&o, "%s {", vg->name);
	o.indent++;
	print_vg(&o, vg);
	outnl(&o);
	print_pvs(&o, vg);
	outnl(&o);
	if (vg->n_lvs) {
		outf(&o, "logical_volumes {");
		o.indent++;
		print_lvs(&o, vg, r ? r->lv : NULL, cp, pc);
		o.indent--;
		outf(&o, "}");
	}
	outnl(&o);
	if (vg->historical)
		out_node(&o, vg->historical, NULL);
	o.indent--;
	outf(&o, "}");
	if (r)
		r->tail_off = sb->len;
	if (style == EXPORT_DISK)
		print_header(&o, description, now);
}

void vg_export(const struct vg *vg, enum export_style style, const char *description, uint64_t now,
	       struct strbuf *sb)
{
	export_vg(vg, style, description, now, sb, NULL, NULL, NULL);
}

void vg_export_file_copy(const struct vg *vg, const char *description, uint64_t now,
			 struct strbuf *sb, const struct lv_copier *cp, struct export_pieces *pc)
{
	export_vg(vg, EXPORT_FILE, description, now, sb, NULL, cp, pc);
}

void vg_export_disk_ranges(const struct vg *vg, const char *description, uint64_t now,
			   struct strbuf *sb, struct export_ranges *r, const struct lv_copier *cp)
{
	size_t base = sb->len;
	r->n = vg->n_lvs;
	export_vg(vg, EXPORT_DISK, description, now, sb, r, cp, NULL);
	for (unsigned i = 0; i < r->n; i++)
		r->lv[i].off -= base;
	r->tail_off -= base;
}
