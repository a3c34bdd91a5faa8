/* The report fields of thin pools and thin LVs (LVM2's lib/report
 * values for them, checked against lvs in the kernel VM): Pool, Origin,
 * Data%, Meta%, ThId, TransId, Chunk, Discards, Zero, WhenFull, MSize,
 * #Thins, and lv_attr's zero and open characters. Data% and Meta% come
 * from the kernel's status lines when the LV is active. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmd/report/report_int.h"
#include "lvmgr/activate.h"
#include "metadata/segtypes/thin.h"

static struct ctx *g_thin_ctx;

void report_thin_ctx(struct ctx *c)
{
	g_thin_ctx = c;
}

static const struct lv_seg *row_seg(const struct report_row *r)
{
	return r->seg ? r->seg : r->lv->n_segs ? &r->lv->segs[0] : NULL;
}

/* The pool segment of a pool row, or of a thin row's pool. */
static const struct seg_thin *pool_of_row(const struct report_row *r)
{
	const struct lv_seg *seg = row_seg(r);
	if (!seg || !seg_thin(seg))
		return NULL;
	if (seg_is_thin_pool(seg))
		return seg->thin;
	const struct lv *p = thin_pool_of(r->vg, r->lv);
	return p ? p->segs[0].thin : NULL;
}

void f_thin_pool_lv(const struct report_row *r, struct fval *v)
{
	v->s = lv_is_thin(r->lv) ? r->lv->segs[0].thin->pool_lv : "";
}

bool thin_origin(const struct lv *lv, const char **origin)
{
	if (!lv_is_thin(lv))
		return false;
	/* LVM2's lv_origin_dup: the thin origin, else the external one */
	const struct seg_thin *t = lv->segs[0].thin;
	*origin = t->origin ? t->origin : t->external_origin ? t->external_origin : "";
	return true;
}

void f_thin_id(const struct report_row *r, struct fval *v)
{
	const struct lv_seg *seg = row_seg(r);
	if (seg && seg_is_thin(seg))
		v->n = seg->thin->device_id;
	else
		v->s = "";
}

void f_thin_transaction_id(const struct report_row *r, struct fval *v)
{
	const struct lv_seg *seg = row_seg(r);
	if (seg && seg_thin(seg))
		v->n = seg->thin->transaction_id;
	else
		v->s = "";
}

void f_thin_chunk_size(const struct report_row *r, struct fval *v)
{
	const struct lv_seg *seg = row_seg(r);
	v->n = seg && seg_is_thin_pool(seg) ? seg->thin->chunk_size : 0;
}

void f_thin_discards(const struct report_row *r, struct fval *v)
{
	const struct seg_thin *t = pool_of_row(r);
	v->s = t ? t->discards : "";
}

void f_thin_zero(const struct report_row *r, struct fval *v)
{
	const struct seg_thin *t = pool_of_row(r);
	v->s = !t ? "unknown" : t->zero_new_blocks ? "zero" : "";
}

void f_thin_count(const struct report_row *r, struct fval *v)
{
	const struct lv_seg *seg = row_seg(r);
	if (!seg || !seg_is_thin_pool(seg)) {
		v->s = "";
		return;
	}
	for (unsigned l = 0; l < r->vg->n_lvs; l++)
		if (lv_is_thin(r->vg->lvs[l]) && !strcmp(r->vg->lvs[l]->segs[0].thin->pool_lv, r->lv->name))
			v->n++;
}

void f_thin_when_full(const struct report_row *r, struct fval *v)
{
	v->s = "";
	if (!lv_is_thin_pool(r->lv))
		return;
	v->s = "queue";
	for (unsigned i = 0; i < r->lv->flags.n_other_compat; i++)
		if (!strcmp(r->lv->flags.other_compat[i], "ERROR_WHEN_FULL"))
			v->s = "error";
}

void f_thin_metadata_size(const struct report_row *r, struct fval *v)
{
	const struct lv *m = lv_is_thin_pool(r->lv) ? vg_find_lv(r->vg, r->lv->segs[0].thin->metadata_lv) : NULL;
	if (m)
		v->n = m->size_extents * r->vg->extent_size;
	else
		v->s = "";
}

/* LVM2's percent display: 2 decimals, never 0.00 for some nor 100.00
 * for not all. */
static const char *pct(uint64_t n, uint64_t d)
{
	static char buf[16];
	double p = d ? 100.0 * (double)n / (double)d : 0;
	if (n && p < 0.01)
		p = 0.01;
	if (n < d && p > 99.99)
		p = 99.99;
	snprintf(buf, sizeof(buf), "%.2f", p);
	return buf;
}

/* The kernel's status of a live pool, failed or not. */
static bool pool_status_any(const struct vg *vg, const struct lv *lv, struct thin_pool_status *s)
{
	struct dt_backend *b;
	struct dm_target_line *t;
	unsigned n;
	if (!g_thin_ctx || !dmk_available() || !lv_is_thin_pool(lv))
		return false;
	b = dmk_backend();
	const char *uuid = dt_uuid(&g_thin_ctx->arena, vg, lv, "tpool");
	if (b->status(b, &g_thin_ctx->arena, "", uuid, &t, &n) || n != 1 || strcmp(t[0].type, "thin-pool"))
		return false;
	return !thin_pool_status_parse(t[0].params, s);
}

static bool pool_status(const struct report_row *r, struct thin_pool_status *s)
{
	return pool_status_any(r->vg, r->lv, s) && !s->failed;
}

/* LVM2's data_lv and metadata_lv of a pool: the hidden LV, in brackets. */
static void hidden_name(const char *name, struct fval *v)
{
	v->s = name && g_thin_ctx ? arena_printf(&g_thin_ctx->arena, "[%s]", name) : "";
}

void f_thin_data_lv(const struct report_row *r, struct fval *v)
{
	hidden_name(lv_is_thin_pool(r->lv) ? r->lv->segs[0].thin->data_lv : NULL, v);
}

void f_thin_metadata_lv(const struct report_row *r, struct fval *v)
{
	hidden_name(lv_is_thin_pool(r->lv) ? r->lv->segs[0].thin->metadata_lv : NULL, v);
}

/* LVM2's kernel_discards: what the live pool's status says, else "". */
void f_thin_kernel_discards(const struct report_row *r, struct fval *v)
{
	struct thin_pool_status s;
	v->s = pool_status(r, &s) && s.discards ? s.discards : "";
}

/* LVM2's lv_attr 9th character (lib/metadata/lv.c) of a live pool: F
 * failed, D out of data space, M metadata read-only; a thin LV whose
 * device failed: F. */
char thin_attr_health(const struct vg *vg, const struct lv *lv)
{
	struct thin_pool_status s;
	struct dt_status st;
	if (lv_is_thin(lv))
		return g_thin_ctx && !act_status(g_thin_ctx, vg, lv, &st) && st.health == DT_FAILED ? 'F' : '-';
	if (!pool_status_any(vg, lv, &s))
		return '-';
	return s.failed ? 'F' : s.out_of_space ? 'D' : s.read_only ? 'M' : '-';
}

/* LVM2's lv_health_status of a live pool (lib/report/report.c). */
const char *thin_health_status(const struct vg *vg, const struct lv *lv)
{
	struct thin_pool_status s;
	if (!pool_status_any(vg, lv, &s))
		return "";
	return s.failed ? "failed" : s.out_of_space ? "out_of_data" : s.read_only ? "metadata_read_only" : "";
}

/* The kernel's needs_check of a live pool: lv_attr's 5th character 'c'
 * (LVM2), lv_check_needed. -1 when not live. */
int thin_needs_check(const struct vg *vg, const struct lv *lv)
{
	struct thin_pool_status s;
	return pool_status_any(vg, lv, &s) && !s.failed ? s.needs_check : -1;
}

bool f_thin_data_percent(const struct report_row *r, struct fval *v)
{
	struct thin_pool_status s;
	struct dt_status st;
	if (lv_is_thin_pool(r->lv)) {
		v->s = pool_status(r, &s) ? pct(s.data_used, s.data_total) : "";
		return true;
	}
	if (lv_is_thin(r->lv)) {
		v->s = "";
		if (!g_thin_ctx || act_status(g_thin_ctx, r->vg, r->lv, &st) || !st.has_percent)
			return true;
		/* LVM2's _thin_target_percent: the pool maps whole chunks, so the
		 * size is rounded up to one, and what is mapped beyond it (an LV
		 * reduced) counts as full */
		const struct lv *pool = thin_pool_of(r->vg, r->lv);
		uint64_t size = st.denom, chunk = pool ? pool->segs[0].thin->chunk_size : 0;
		if (chunk)
			size = (size + chunk - 1) / chunk * chunk;
		v->s = pct(st.numer < size ? st.numer : size, size);
		return true;
	}
	return false;
}

void f_thin_metadata_percent(const struct report_row *r, struct fval *v)
{
	struct thin_pool_status s;
	v->s = pool_status(r, &s) ? pct(s.meta_used, s.meta_total) : "";
}

char thin_attr_zero(const struct vg *vg, const struct lv *lv)
{
	const struct lv *p = lv_is_thin_pool(lv) ? lv : thin_pool_of(vg, lv);
	return p && p->segs[0].thin->zero_new_blocks ? 'z' : '-';
}

/* lvdisplay's thin lines (LVM2's _lvdisplay_full): part 0 after the
 * creation line, part 1 after LV Size. */
void thin_lvdisplay_lines(struct ctx *c, struct vg *vg, struct lv *lv, int part)
{
	struct report_row r = {.vg = vg, .lv = lv};
	struct fval v = {0};
	report_thin_ctx(c);
	if (lv_is_thin_pool(lv)) {
		const struct seg_thin *t = lv->segs[0].thin;
		if (!part) {
			printf("  LV Pool metadata       %s\n", t->metadata_lv);
			printf("  LV Pool data           %s\n", t->data_lv);
			return;
		}
		f_thin_data_percent(&r, &v);
		if (*v.s)
			printf("  Allocated pool data    %s%%\n", v.s);
		f_thin_metadata_percent(&r, &v);
		if (*v.s)
			printf("  Allocated metadata     %s%%\n", v.s);
	} else if (lv_is_thin(lv)) {
		const struct seg_thin *t = lv->segs[0].thin;
		if (!part) {
			printf("  LV Pool name           %s\n", t->pool_lv);
			if (t->origin)
				printf("  LV Thin origin name    %s\n", t->origin);
			if (t->external_origin)
				printf("  LV External origin name %s\n", t->external_origin);
			/* a pending thin merge (lvmgr/lv_thin_merge.c), LVM2's lines */
			if (t->merge)
				printf("  LV merging to          %s\n", t->merge);
			const struct lv *ms = thin_merging_snapshot(r.vg, lv);
			if (ms)
				printf("  LV merged with         %s\n", ms->name);
			return;
		}
		f_thin_data_percent(&r, &v);
		if (*v.s)
			printf("  Mapped size            %s%%\n", v.s);
	}
}
