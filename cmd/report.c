/* pvs, vgs, lvs and fullreport: the rows of each report, its default fields
 * and sort, and report_print (one report, the first three's). The engine
 * behind them is in cmd/report/: the fields per object (fields_*.c), the
 * field selection, sorting and cell texts (engine.c), the output formats
 * (output.c). */
#include <string.h>

#include "cmd/common.h"
#include "cmd/report.h"
#include "cmd/report/report_int.h"
#include "cmd/report/select.h"
#include "metadata/segtypes/snapshot.h"

/* Each report type's default fields and sort (enum report_type order). */
static const char *const dflts[] = {
	"pv_name,vg_name,pv_fmt,pv_attr,pv_size,pv_free",
	"vg_name,pv_count,lv_count,snap_count,vg_attr,vg_size,vg_free",
	"lv_name,vg_name,lv_attr,lv_size,pool_lv,origin,data_percent,metadata_percent,move_pv,mirror_log,copy_percent,convert_lv",
	"pvseg_all,pv_uuid,lv_uuid",
	"seg_all,lv_uuid"};
static const char *const dsorts[] = {"pv_name", "vg_name", "vg_name,lv_name", "pv_uuid,pvseg_start",
				     "lv_uuid,seg_start"};

/* pvs --segments, lvs --segments: LVM2's report/pvsegs_cols, segs_cols
 * and their sort keys. */
#define PVSEGS_COLS "pv_name,vg_name,pv_fmt,pv_attr,pv_size,pv_free,pvseg_start,pvseg_size"
#define PVSEGS_SORT "pv_name,pvseg_start"
#define SEGS_COLS "lv_name,vg_name,lv_attr,stripes,segtype,seg_size"
#define SEGS_SORT "vg_name,lv_name,seg_start"


int report_print(struct cmd *c, enum report_type type, const struct report_row *rows, unsigned n)
{
	struct ropts o;
	bool segs = arg_is_set(c, ARG_SEGMENTS);
	const char *dflt = dflts[type], *dsort = dsorts[type];
	struct rep rp;
	int r;

	if ((r = report_opts(c, &o)))
		return r;
	struct selection *sel;
	if ((r = select_from_cmd(c, type, &sel)))
		return r;
	o.sel = sel;
	if (segs && type == REPORT_PVSEG) {
		dflt = PVSEGS_COLS;
		dsort = PVSEGS_SORT;
	} else if (segs && type == REPORT_SEG) {
		dflt = SEGS_COLS;
		dsort = SEGS_SORT;
	}
	r = report_prepare(c, &o, type, dflt, c->args[ARG_OPTIONS].v, c->args[ARG_OPTIONS].n,
			   arg_str(c, ARG_SORT, dsort), rows, n, &rp);
	if (r)
		return report_fail(&o, r);
	report_out_begin(&o);
	report_item_begin(&o);
	report_out_sub(&o, &rp);
	report_item_end(&o);
	return report_out_end(&o) ? ECMD_FAILED : ECMD_PROCESSED;
}

/* ---- pvs / vgs ---- */

static bool report_json(struct cmd *c)
{
	const char *fmt = arg_str(c, ARG_REPORTFORMAT, config_str(c->ctx.cfg, "report/output_format"));
	return !strncmp(fmt, "json", 4) || !strcmp(fmt, "yaml");
}

int cmd_pvs(struct cmd *c)
{
	int er = select_expand_args(c, REPORT_PV, false, false);
	if (er == SELECT_NONE)	/* @tag naming nothing: an empty report */
		return report_print(c, REPORT_PV, NULL, 0);
	if (er)
		return er;
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
			rows[n++] = (struct report_row){.sd = vg->pvs[p]->sd, .vg = vg, .pv = vg->pvs[p]};
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
		rows[n++] = (struct report_row){.sd = x->devs[i]};
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
				scan_log_no_pv(x, c->pos[a]);
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
	/* --segments: each PV's segments (used and free; an orphan's one,
	 * empty), as LVM2's pvs --segments. */
	if (arg_is_set(c, ARG_SEGMENTS)) {
		struct report_row *sr = NULL;
		unsigned ns = 0;
		for (unsigned i = 0; i < n; i++) {
			struct report_row *one = &rows[i];
			unsigned m = 1;
			if (rows[i].vg && rows[i].pv)
				m = report_pv_segments(&x->arena, rows[i].vg, rows[i].pv, &one);
			struct report_row *nr = arena_alloc(&x->arena, (ns + m + 1) * sizeof(*nr));
			if (ns)
				memcpy(nr, sr, ns * sizeof(*nr));
			memcpy(nr + ns, one, m * sizeof(*nr));
			sr = nr;
			ns += m;
		}
		int r = report_print(c, REPORT_PVSEG, sr, ns);
		return r != ECMD_PROCESSED ? r : rc;
	}
	int r = report_print(c, REPORT_PV, rows, n);
	return r != ECMD_PROCESSED ? r : rc;
}

struct row_list {
	struct report_row *rows;
	unsigned n, cap;
};

static void rows_add(struct arena *a, struct row_list *l, struct report_row r)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		struct report_row *nr = arena_alloc(a, l->cap * sizeof(*nr));
		if (l->n)
			memcpy(nr, l->rows, l->n * sizeof(*nr));
		l->rows = nr;
	}
	l->rows[l->n++] = r;
}

static int vgs_one(struct cmd *c, struct vg *vg, void *arg)
{
	rows_add(&c->ctx.arena, arg, (struct report_row){.vg = vg});
	return 0;
}

int cmd_vgs(struct cmd *c)
{
	struct row_list l = {0};
	if (report_json(c))
		log_print_to_stderr = true;
	int er = select_expand_args(c, REPORT_VG, false, false);
	if (er == SELECT_NONE)
		return report_print(c, REPORT_VG, NULL, 0);
	if (er)
		return er;
	int rc = for_each_vg(c, LOCK_SHARED, VG_READ_ALLOW_MISSING, vgs_one, &l);
	int r = report_print(c, REPORT_VG, l.rows, l.n);
	return r != ECMD_PROCESSED ? r : rc;
}

/* lvs [VG|VG/LV ...] */
static int lvs_one(struct cmd *c, struct vg *vg, struct lv *lv, void *arg)
{
	rows_add(&c->ctx.arena, arg, (struct report_row){.vg = vg, .lv = lv});
	return 0;
}

int cmd_lvs(struct cmd *c)
{
	struct row_list l = {0};
	if (report_json(c))
		log_print_to_stderr = true;
	int er = select_expand_args(c, REPORT_LV, false, false);
	if (er == SELECT_NONE)
		return report_print(c, REPORT_LV, NULL, 0);
	if (er)
		return er;
	int rc = for_each_lv(c, LOCK_SHARED, VG_READ_ALLOW_MISSING, arg_is_set(c, ARG_ALL), lvs_one, &l);
	/* --segments: LVM2's "seg" report, a row per segment */
	int r = report_print(c, arg_is_set(c, ARG_SEGMENTS) ? REPORT_SEG : REPORT_LV, l.rows, l.n);
	return r != ECMD_PROCESSED ? r : rc;
}

/* ---- fullreport ---- */

/* PV segments of one PV: used ranges and the free gaps, by start. */
unsigned report_pv_segments(struct arena *a, struct vg *vg, struct pv *pv, struct report_row **out)
{
	unsigned cap = 8, n = 0;
	struct report_row *rows = arena_alloc(a, cap * sizeof(*rows));
	uint64_t at = 0;

	for (;;) {
		/* the used area starting lowest at or after `at` */
		const struct lv *best = NULL;
		uint64_t bpe = UINT64_MAX, blen = 0;
		for (unsigned l = 0; l < vg->n_lvs; l++)
			for (unsigned s = 0; s < vg->lvs[l]->n_segs; s++) {
				const struct lv_seg *seg = &vg->lvs[l]->segs[s];
				for (unsigned ar = 0; ar < seg->n_areas; ar++)
					if (seg->areas[ar].kind == AREA_PV && seg->areas[ar].pv == pv &&
					    seg->areas[ar].pe >= at && seg->areas[ar].pe < bpe) {
						best = vg->lvs[l];
						bpe = seg->areas[ar].pe;
						blen = seg_area_extents(seg);
					}
			}
		uint64_t end = best ? bpe : pv->pe_count;
		for (int k = 0; k < 2; k++) {
			uint64_t st = k ? bpe : at, len = k ? blen : end - at;
			if (k ? !best : (end <= at && !(at == 0 && pv->pe_count == 0 && !best)))
				continue;
			if (n + 1 >= cap) {
				cap *= 2;
				struct report_row *nr = arena_alloc(a, cap * sizeof(*nr));
				memcpy(nr, rows, n * sizeof(*nr));
				rows = nr;
			}
			rows[n++] = (struct report_row){.sd = pv->sd, .vg = vg, .pv = pv,
							.lv = k ? (struct lv *)best : NULL,
							.pvseg_start = st, .pvseg_size = len};
		}
		if (!best)
			break;
		at = bpe + blen;
	}
	*out = rows;
	return n;
}

static int full_sub(struct cmd *c, struct ropts *o, enum report_type type, const char *fields_dflt,
		    const char *sort, const struct report_row *rows, unsigned n)
{
	struct rep rp;
	int r = report_prepare(c, o, type, fields_dflt, NULL, 0, sort, rows, n, &rp);
	if (!r)
		report_out_sub(o, &rp);
	return r;
}

/* LVM2's fullreport: per VG the vg, pv, lv, pvseg and seg reports with
 * every field (vg_all, pv_all, lv_all, pvseg_all, seg_all; -o is ignored,
 * as by LVM2 without --configreport), then the orphan PVs. */
int cmd_fullreport(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	struct vg_info *vis;
	unsigned nvg;
	int rc = ECMD_PROCESSED, r;
	struct ropts o;

	if (report_json(c))
		log_print_to_stderr = true;
	if ((r = report_opts(c, &o)))
		return r;
	scan_devices(x, NULL, 0);
	vg_list(x, &vis, &nvg);
	for (int a = 0; a < c->n_pos; a++) {
		bool found = false;
		for (unsigned k = 0; k < nvg; k++)
			found |= !strcmp(vis[k].name, vg_name_arg(c->pos[a]));
		if (!found) {
			log_vg_not_found(vg_name_arg(c->pos[a]), strlen(vg_name_arg(c->pos[a])));
			rc = ECMD_FAILED;
		}
	}
	bool *claimed = arena_alloc(&x->arena, (x->n_devs + 1) * sizeof(*claimed));
	report_out_begin(&o);
	/* VGs by name (vg_list's order is the scan's) */
	unsigned *vo = arena_alloc(&x->arena, (nvg + 1) * sizeof(*vo));
	for (unsigned k = 0; k < nvg; k++) {
		unsigned p = k;
		while (p && strcmp(vis[vo[p - 1]].name, vis[k].name) > 0) {
			vo[p] = vo[p - 1];
			p--;
		}
		vo[p] = k;
	}
	for (unsigned kk = 0; kk < nvg; kk++) {
		unsigned k = vo[kk];
		struct vg *vg;
		bool want = !c->n_pos;
		for (int a = 0; a < c->n_pos && !want; a++)
			want = !strcmp(vis[k].name, vg_name_arg(c->pos[a]));
		if (lock_vg_mode(c, vis[k].name, LOCK_SHARED) ||
		    vg_read(x, vis[k].name, VG_READ_ALLOW_MISSING, &vg)) {
			if (want)
				rc = ECMD_FAILED;
			continue;
		}
		for (unsigned p = 0; p < vg->n_pvs; p++)
			for (unsigned i = 0; i < x->n_devs; i++)
				if (x->devs[i] == vg->pvs[p]->sd)
					claimed[i] = true;
		if (!want)
			continue;
		struct report_row vrow = {.vg = vg};
		struct report_row *pvr = arena_alloc(&x->arena, (vg->n_pvs + 1) * sizeof(*pvr));
		struct report_row *lvr = arena_alloc(&x->arena, (vg->n_lvs + 1) * sizeof(*lvr));
		unsigned nl = 0, nsg = 0, nps = 0;
		for (unsigned p = 0; p < vg->n_pvs; p++)
			pvr[p] = (struct report_row){.sd = vg->pvs[p]->sd, .vg = vg, .pv = vg->pvs[p]};
		for (unsigned l = 0; l < vg->n_lvs; l++)
			if ((arg_is_set(c, ARG_ALL) || lv_is_visible(vg, vg->lvs[l])) &&
			    !lv_snapshot_seg(vg->lvs[l])) {	/* shown through its COW LV */
				lvr[nl++] = (struct report_row){.vg = vg, .lv = vg->lvs[l]};
				nsg += vg->lvs[l]->n_segs;
			}
		struct report_row *sgr = arena_alloc(&x->arena, (nsg + 1) * sizeof(*sgr));
		nsg = 0;
		for (unsigned l = 0; l < nl; l++)
			for (unsigned s = 0; s < lvr[l].lv->n_segs; s++) {
				sgr[nsg] = lvr[l];
				sgr[nsg++].seg = &lvr[l].lv->segs[s];
			}
		struct report_row *psr = NULL;
		for (unsigned p = 0; p < vg->n_pvs; p++) {
			struct report_row *one;
			unsigned m = report_pv_segments(&x->arena, vg, vg->pvs[p], &one);
			struct report_row *nr = arena_alloc(&x->arena, (nps + m + 1) * sizeof(*nr));
			if (nps)
				memcpy(nr, psr, nps * sizeof(*nr));
			memcpy(nr + nps, one, m * sizeof(*nr));
			psr = nr;
			nps += m;
		}
		report_item_begin(&o);
		if ((r = full_sub(c, &o, REPORT_VG, "vg_all", "vg_name", &vrow, 1)) ||
		    (r = full_sub(c, &o, REPORT_PV, "pv_all", "pv_name", pvr, vg->n_pvs)) ||
		    (r = full_sub(c, &o, REPORT_LV, "lv_all", "vg_name,lv_name", lvr, nl)) ||
		    (r = full_sub(c, &o, REPORT_PVSEG, dflts[REPORT_PVSEG], dsorts[REPORT_PVSEG], psr, nps)) ||
		    (r = full_sub(c, &o, REPORT_SEG, dflts[REPORT_SEG], dsorts[REPORT_SEG], sgr, nsg)))
			return report_fail(&o, r);
		report_item_end(&o);
	}
	/* Orphan PVs: a pv and a pvseg report. */
	if (!c->n_pos) {
		struct report_row *pvr = arena_alloc(&x->arena, (x->n_devs + 1) * sizeof(*pvr));
		struct report_row *psr = arena_alloc(&x->arena, (x->n_devs + 1) * sizeof(*psr));
		unsigned n = 0;
		for (unsigned i = 0; i < x->n_devs; i++)
			if (!claimed[i] && x->devs[i]->labelled) {
				pvr[n] = (struct report_row){.sd = x->devs[i]};
				psr[n++] = (struct report_row){.sd = x->devs[i]};
			}
		if (n) {
			report_item_begin(&o);
			if ((r = full_sub(c, &o, REPORT_PV, "pv_all", "pv_name", pvr, n)) ||
			    (r = full_sub(c, &o, REPORT_PVSEG, dflts[REPORT_PVSEG], dsorts[REPORT_PVSEG], psr, n)))
				return report_fail(&o, r);
			report_item_end(&o);
		}
	}
	r = report_out_end(&o);
	return r ? r : rc;
}
