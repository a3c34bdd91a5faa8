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

enum fkind { K_PV, K_VG, K_LV, K_SEG };

struct field {
	const char *name, *heading;
	enum ftype type;
	enum fkind kind;
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


/* ---- LV and segment fields ---- */
static bool seg_is(const struct lv_seg *seg, const char *type)
{
	return !strcmp(seg->type, type);
}

static bool lv_has_segtype(const struct lv *lv, const char *prefix)
{
	for (unsigned s = 0; s < lv->n_segs; s++)
		if (!strncmp(lv->segs[s].type, prefix, strlen(prefix)))
			return true;
	return false;
}

static bool name_has(const char *name, const char *frag)
{
	return strstr(name, frag) != NULL;
}

/* Is some snapshot segment's origin this LV? */
static bool lv_is_origin(const struct vg *vg, const struct lv *lv)
{
	for (unsigned l = 0; l < vg->n_lvs; l++)
		for (unsigned s = 0; s < vg->lvs[l]->n_segs; s++) {
			const struct lv_seg *seg = &vg->lvs[l]->segs[s];
			const char *o;
			if (seg_is(seg, "snapshot") && seg->node &&
			    !cft_get_str(seg->node, "origin", &o) && !strcmp(o, lv->name))
				return true;
		}
	return false;
}

void lv_attr_string(const struct vg *vg, const struct lv *lv, char out[11])
{
	uint32_t st = lv->flags.status | lv->flags.compat;
	const char *alloc = lv->alloc ? lv->alloc : "inherit";
	char type = '-', target = '-';

	if (lv_has_segtype(lv, "thin-pool"))
		type = 't', target = 't';
	else if (lv_has_segtype(lv, "thin"))
		type = 'V', target = 't';
	else if (lv_has_segtype(lv, "snapshot"))
		type = 's', target = 's';
	else if (lv_has_segtype(lv, "raid"))
		type = 'r', target = 'r';
	else if (lv_has_segtype(lv, "mirror"))
		type = 'm', target = 'm';
	else if (lv_has_segtype(lv, "cache-pool"))
		type = 'C', target = 'C';
	else if (lv_has_segtype(lv, "cache"))
		type = 'C', target = 'C';
	else if (lv_has_segtype(lv, "vdo-pool"))
		type = 'd', target = 'v';
	else if (lv_has_segtype(lv, "vdo"))
		type = 'v', target = 'v';
	else if (st & LV_PVMOVE)
		type = 'p';
	else if (lv_is_origin(vg, lv))
		type = 'o';
	else if (name_has(lv->name, "_rimage_") || name_has(lv->name, "_mimage_"))
		type = 'i';
	else if (name_has(lv->name, "_rmeta_") || name_has(lv->name, "_tmeta") ||
		 name_has(lv->name, "_cmeta") || name_has(lv->name, "_pmspare"))
		type = 'e';
	else if (name_has(lv->name, "_mlog"))
		type = 'l';
	else if (name_has(lv->name, "_tdata") || name_has(lv->name, "_cdata"))
		type = 'T';
	else if (lv_has_segtype(lv, "zero") || lv_has_segtype(lv, "error"))
		type = 'v';
	if (lv_has_segtype(lv, "zero") || lv_has_segtype(lv, "error"))
		target = 'v';
	if (type == 'i' && target == '-')
		target = name_has(lv->name, "_rimage_") ? 'r' : 'm';
	if (type == 'e' && name_has(lv->name, "_rmeta_"))
		target = 'r';
	if (type == 'T' || (type == 'e' && name_has(lv->name, "_tmeta")))
		target = 't';
	out[0] = type;
	out[1] = (st & LV_WRITE) ? 'w' : 'r';
	out[2] = !strcmp(alloc, "anywhere") ? 'a' : !strcmp(alloc, "contiguous") ? 'c'
		 : !strcmp(alloc, "cling") ? 'l' : !strcmp(alloc, "normal") ? 'n' : 'i';
	if (st & LV_LOCKED)
		out[2] = (char)(out[2] - 'a' + 'A');
	out[3] = (st & LV_FIXED_MINOR) ? 'm' : '-';
	out[4] = '-';	/* state: inactive (activation comes with the kernel backend) */
	out[5] = '-';	/* open */
	out[6] = target;
	out[7] = '-';
	if (type == 't') {
		int64_t z = 0;
		for (unsigned s = 0; s < lv->n_segs; s++)
			if (lv->segs[s].node && !cft_get_int(lv->segs[s].node, "zero_new_blocks", &z) && z)
				out[7] = 'z';
	}
	out[8] = '-';
	for (unsigned s = 0; s < lv->n_segs && out[8] == '-'; s++)
		for (unsigned a = 0; a < lv->segs[s].n_areas; a++)
			if (lv->segs[s].areas[a].kind == AREA_PV && !lv->segs[s].areas[a].pv->sd)
				out[8] = 'p';
	out[9] = '-';
	for (unsigned i = 0; i < lv->flags.n_other_compat; i++)
		if (!strcmp(lv->flags.other_compat[i], "ACTIVATION_SKIP"))
			out[9] = 'k';
	out[10] = '\0';
}

static void f_lv_name(const struct report_row *r, struct fval *v)
{
	static char buf[NAME_LEN + 3];
	if (lv_is_visible(r->vg, r->lv))
		v->s = r->lv->name;
	else {
		snprintf(buf, sizeof(buf), "[%s]", r->lv->name);
		v->s = buf;
	}
}
static void f_lv_uuid(const struct report_row *r, struct fval *v)
{
	static char buf[ID_LEN + 7];
	id_format(r->lv->id, buf);
	v->s = buf;
}
static void f_lv_attr(const struct report_row *r, struct fval *v)
{
	static char buf[11];
	lv_attr_string(r->vg, r->lv, buf);
	v->s = buf;
}
static void f_lv_size(const struct report_row *r, struct fval *v)
{
	v->n = r->lv->size_extents * r->vg->extent_size;
}
static void f_lv_tags(const struct report_row *r, struct fval *v)
{
	v->s = join_tags(&r->lv->tags);
}
static void f_seg_count(const struct report_row *r, struct fval *v)
{
	v->n = r->lv->n_segs;
}
/* /dev/vg/lv and /dev/mapper/vg-lv (hyphens doubled), as LVM2. */
static void dm_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '-')
			sb_addc(sb, '-');
		sb_addc(sb, *s);
	}
}
static void f_lv_path(const struct report_row *r, struct fval *v)
{
	static char buf[2 * NAME_LEN + 8];
	if (!lv_is_visible(r->vg, r->lv)) {
		v->s = "";
		return;
	}
	snprintf(buf, sizeof(buf), "/dev/%s/%s", r->vg->name, r->lv->name);
	v->s = buf;
}
static void f_lv_dm_path(const struct report_row *r, struct fval *v)
{
	static struct strbuf sb;
	sb_reset(&sb);
	sb_adds(&sb, "/dev/mapper/");
	dm_escape(&sb, r->vg->name);
	sb_addc(&sb, '-');
	dm_escape(&sb, r->lv->name);
	v->s = sb.buf;
}
static void f_lv_full_name(const struct report_row *r, struct fval *v)
{
	static char buf[2 * NAME_LEN + 2];
	snprintf(buf, sizeof(buf), "%s/%s", r->vg->name, r->lv->name);
	v->s = buf;
}
static const char *seg_str_field(const struct lv *lv, const char *type, const char *key)
{
	const char *o;
	for (unsigned s = 0; s < lv->n_segs; s++)
		if (seg_is(&lv->segs[s], type) && lv->segs[s].node &&
		    !cft_get_str(lv->segs[s].node, key, &o))
			return o;
	return "";
}
static void f_origin(const struct report_row *r, struct fval *v)
{
	v->s = seg_str_field(r->lv, "snapshot", "origin");
}
static void f_pool_lv(const struct report_row *r, struct fval *v)
{
	v->s = seg_str_field(r->lv, "thin", "thin_pool");
}
static void f_empty(const struct report_row *r, struct fval *v)
{
	v->s = "";
}
static void f_lv_read_ahead(const struct report_row *r, struct fval *v)
{
	static char buf[32];
	if (r->lv->read_ahead == -2)
		v->s = "auto";
	else {
		snprintf(buf, sizeof(buf), "%" PRId64, r->lv->read_ahead < 0 ? 0 : r->lv->read_ahead);
		v->s = buf;
	}
}
static void f_lv_alloc(const struct report_row *r, struct fval *v)
{
	v->s = r->lv->alloc ? r->lv->alloc : "inherit";
}
static void f_lv_active(const struct report_row *r, struct fval *v)
{
	v->s = "";
}
static void f_lv_permissions(const struct report_row *r, struct fval *v)
{
	v->s = ((r->lv->flags.status | r->lv->flags.compat) & LV_WRITE) ? "writeable" : "read-only";
}
static void f_lv_host(const struct report_row *r, struct fval *v)
{
	v->s = r->lv->creation_host ? r->lv->creation_host : "";
}

static const struct lv_seg *row_seg(const struct report_row *r)
{
	return r->seg ? r->seg : &r->lv->segs[0];
}
static void f_segtype(const struct report_row *r, struct fval *v)
{
	const struct lv_seg *seg = row_seg(r);
	v->s = seg->known && seg_is(seg, "striped") && seg->n_areas == 1 ? "linear" : seg->type;
}
static void f_stripes(const struct report_row *r, struct fval *v)
{
	const struct lv_seg *seg = row_seg(r);
	int64_t n = 0;
	if (seg->known)
		v->n = seg_is(seg, "striped") ? seg->n_areas : 0;
	else if (seg->node && !cft_get_int(seg->node, "stripe_count", &n))
		v->n = (uint64_t)n;
	else if (seg->node && !cft_get_int(seg->node, "device_count", &n))
		v->n = (uint64_t)n;
	else if (seg->node && !cft_get_int(seg->node, "mirror_count", &n))
		v->n = (uint64_t)n;
	else
		v->n = seg->n_areas ? seg->n_areas : 1;
}
static void f_stripe_size(const struct report_row *r, struct fval *v)
{
	const struct lv_seg *seg = row_seg(r);
	int64_t n = 0;
	if (seg->known)
		v->n = seg->stripe_size;
	else if (seg->node && !cft_get_int(seg->node, "stripe_size", &n))
		v->n = (uint64_t)n;
	else
		v->n = 0;
}
static void f_seg_start_pe(const struct report_row *r, struct fval *v)
{
	v->n = row_seg(r)->start_extent;
}
static void f_seg_size_pe(const struct report_row *r, struct fval *v)
{
	v->n = row_seg(r)->extent_count;
}
static void f_seg_start(const struct report_row *r, struct fval *v)
{
	v->n = row_seg(r)->start_extent * r->vg->extent_size;
}
static void f_seg_size(const struct report_row *r, struct fval *v)
{
	v->n = row_seg(r)->extent_count * r->vg->extent_size;
}
static uint64_t seg_area_len(const struct lv_seg *seg)
{
	return seg->known && seg->stripe_count ? seg->extent_count / seg->stripe_count : seg->extent_count;
}
static void seg_areas_text(const struct report_row *r, bool ranges, struct fval *v)
{
	static struct strbuf sb;
	const struct lv_seg *seg = row_seg(r);
	uint64_t len = seg_area_len(seg);
	sb_reset(&sb);
	sb_adds(&sb, "");
	for (unsigned a = 0; a < seg->n_areas; a++) {
		const struct seg_area *ar = &seg->areas[a];
		const char *name = ar->kind == AREA_PV ? (ar->pv->sd ? ar->pv->sd->dev.path : "[unknown]")
						       : ar->lv_name;
		uint64_t at = ar->kind == AREA_PV ? ar->pe : ar->le;
		if (a)
			sb_adds(&sb, ranges ? " " : ",");
		if (ranges)
			sb_printf(&sb, "%s:%" PRIu64 "-%" PRIu64, name, at, at + len - 1);
		else
			sb_printf(&sb, "%s(%" PRIu64 ")", name, at);
	}
	v->s = sb.buf;
}
static void f_seg_pe_ranges(const struct report_row *r, struct fval *v)
{
	seg_areas_text(r, true, v);
}
static void f_devices(const struct report_row *r, struct fval *v)
{
	seg_areas_text(r, false, v);
}
static void f_seg_tags(const struct report_row *r, struct fval *v)
{
	v->s = join_tags(&row_seg(r)->tags);
}

static const struct field fields[] = {
	{"pv_name", "PV", F_STR, K_PV, f_pv_name},
	{"pv_fmt", "Fmt", F_STR, K_PV, f_pv_fmt},
	{"pv_uuid", "PV UUID", F_STR, K_PV, f_pv_uuid},
	{"dev_size", "DevSize", F_SIZE, K_PV, f_dev_size},
	{"pv_size", "PSize", F_SIZE, K_PV, f_pv_size},
	{"pv_free", "PFree", F_SIZE, K_PV, f_pv_free},
	{"pv_used", "Used", F_SIZE, K_PV, f_pv_used},
	{"pe_start", "1st PE", F_SIZE, K_PV, f_pe_start},
	{"pv_attr", "Attr", F_STR, K_PV, f_pv_attr},
	{"pv_allocatable", "Allocatable", F_STR, K_PV, f_pv_allocatable},
	{"pv_missing", "Missing", F_STR, K_PV, f_pv_missing},
	{"pv_in_use", "PInUse", F_STR, K_PV, f_pv_in_use},
	{"pv_pe_count", "PE", F_NUM, K_PV, f_pv_pe_count},
	{"pv_pe_alloc_count", "Alloc", F_NUM, K_PV, f_pv_pe_alloc},
	{"pv_tags", "PV Tags", F_STR, K_PV, f_pv_tags},
	{"pv_mda_count", "#PMda", F_NUM, K_PV, f_pv_mda_count},
	{"pv_mda_used_count", "#PMdaUse", F_NUM, K_PV, f_pv_mda_used},
	{"pv_mda_free", "PMdaFree", F_SIZE, K_PV, f_pv_mda_free},
	{"pv_mda_size", "PMdaSize", F_SIZE, K_PV, f_pv_mda_size},
	{"pv_ext_vsn", "ExtVsn", F_NUM, K_PV, f_pv_ext_vsn},
	{"vg_name", "VG", F_STR, K_VG, f_vg_name},
	{"vg_uuid", "VG UUID", F_STR, K_VG, f_vg_uuid},
	{"vg_fmt", "Fmt", F_STR, K_VG, f_vg_fmt},
	{"vg_attr", "Attr", F_STR, K_VG, f_vg_attr},
	{"vg_permissions", "VPerms", F_STR, K_VG, f_vg_permissions},
	{"vg_allocation_policy", "AllocPol", F_STR, K_VG, f_vg_alloc},
	{"vg_systemid", "System ID", F_STR, K_VG, f_vg_systemid},
	{"vg_size", "VSize", F_SIZE, K_VG, f_vg_size},
	{"vg_free", "VFree", F_SIZE, K_VG, f_vg_free},
	{"vg_extent_size", "Ext", F_SIZE, K_VG, f_vg_extent_size},
	{"vg_extent_count", "#Ext", F_NUM, K_VG, f_vg_extent_count},
	{"vg_free_count", "Free", F_NUM, K_VG, f_vg_free_count},
	{"max_lv", "MaxLV", F_NUM, K_VG, f_max_lv},
	{"max_pv", "MaxPV", F_NUM, K_VG, f_max_pv},
	{"pv_count", "#PV", F_NUM, K_VG, f_pv_count},
	{"vg_missing_pv_count", "#PV Missing", F_NUM, K_VG, f_missing_count},
	{"lv_count", "#LV", F_NUM, K_VG, f_lv_count},
	{"snap_count", "#SN", F_NUM, K_VG, f_snap_count},
	{"vg_seqno", "Seq", F_NUM, K_VG, f_vg_seqno},
	{"vg_tags", "VG Tags", F_STR, K_VG, f_vg_tags},
	{"vg_mda_count", "#VMda", F_NUM, K_VG, f_vg_mda_count},
	{"vg_mda_used_count", "#VMdaUse", F_NUM, K_VG, f_vg_mda_used},
	{"vg_mda_free", "VMdaFree", F_SIZE, K_VG, f_vg_mda_free},
	{"vg_mda_size", "VMdaSize", F_SIZE, K_VG, f_vg_mda_size},
	{"vg_mda_copies", "#VMdaCps", F_STR, K_VG, f_vg_mda_copies},
	{"lv_name", "LV", F_STR, K_LV, f_lv_name},
	{"lv_uuid", "LV UUID", F_STR, K_LV, f_lv_uuid},
	{"lv_attr", "Attr", F_STR, K_LV, f_lv_attr},
	{"lv_size", "LSize", F_SIZE, K_LV, f_lv_size},
	{"lv_tags", "LV Tags", F_STR, K_LV, f_lv_tags},
	{"seg_count", "#Seg", F_NUM, K_LV, f_seg_count},
	{"lv_path", "Path", F_STR, K_LV, f_lv_path},
	{"lv_dm_path", "DMPath", F_STR, K_LV, f_lv_dm_path},
	{"lv_full_name", "LV", F_STR, K_LV, f_lv_full_name},
	{"origin", "Origin", F_STR, K_LV, f_origin},
	{"pool_lv", "Pool", F_STR, K_LV, f_pool_lv},
	{"data_percent", "Data%", F_STR, K_LV, f_empty},
	{"metadata_percent", "Meta%", F_STR, K_LV, f_empty},
	{"move_pv", "Move", F_STR, K_LV, f_empty},
	{"mirror_log", "Log", F_STR, K_LV, f_empty},
	{"copy_percent", "Cpy%Sync", F_STR, K_LV, f_empty},
	{"convert_lv", "Convert", F_STR, K_LV, f_empty},
	{"lv_read_ahead", "Rahead", F_STR, K_LV, f_lv_read_ahead},
	{"lv_allocation_policy", "AllocPol", F_STR, K_LV, f_lv_alloc},
	{"lv_active", "Active", F_STR, K_LV, f_lv_active},
	{"lv_permissions", "LPerms", F_STR, K_LV, f_lv_permissions},
	{"lv_host", "Host", F_STR, K_LV, f_lv_host},
	{"segtype", "Type", F_STR, K_SEG, f_segtype},
	{"stripes", "#Str", F_NUM, K_SEG, f_stripes},
	{"stripe_size", "Stripe", F_SIZE, K_SEG, f_stripe_size},
	{"seg_start", "Start", F_SIZE, K_SEG, f_seg_start},
	{"seg_start_pe", "Start", F_NUM, K_SEG, f_seg_start_pe},
	{"seg_size", "SSize", F_SIZE, K_SEG, f_seg_size},
	{"seg_size_pe", "SSize", F_NUM, K_SEG, f_seg_size_pe},
	{"seg_pe_ranges", "PE Ranges", F_STR, K_SEG, f_seg_pe_ranges},
	{"devices", "Devices", F_STR, K_SEG, f_devices},
	{"seg_tags", "Seg Tags", F_STR, K_SEG, f_seg_tags},
};

static bool field_allowed(const struct field *fd, enum report_type type)
{
	return type == REPORT_PV ? (fd->kind == K_PV || fd->kind == K_VG)
	       : type == REPORT_VG ? fd->kind == K_VG
				   : fd->kind != K_PV;
}

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
			if (!field_allowed(fd, type)) {
				log_error("Field %s cannot be used in this report.", t);
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
		if (g_keys[k].f->kind == K_VG && (!x->vg || !y->vg))
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
	static const char *const prefixes[] = {"pv_", "vg_", "lv_"};
	static const char *const dflts[] = {
		"pv_name,vg_name,pv_fmt,pv_attr,pv_size,pv_free",
		"vg_name,pv_count,lv_count,snap_count,vg_attr,vg_size,vg_free",
		"lv_name,vg_name,lv_attr,lv_size,pool_lv,origin,data_percent,metadata_percent,move_pv,mirror_log,copy_percent,convert_lv"};
	static const char *const dsorts[] = {"pv_name", "vg_name", "vg_name,lv_name"};
	const char *prefix = prefixes[type], *dflt = dflts[type], *dsort = dsorts[type];
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
	/* Segment fields: one row per segment. */
	bool per_seg = false;
	for (unsigned j = 0; j < nf; j++)
		per_seg |= f[j]->kind == K_SEG;
	if (type == REPORT_LV && per_seg) {
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
		if (!field_allowed(fd, type)) {
			log_error("Field %s cannot be used to sort this report.", t);
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
			if (f[j]->kind == K_VG && !r->vg && f[j]->get != f_vg_name && f[j]->get != f_vg_uuid)
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
		const char *obj = type == REPORT_PV ? "pv" : type == REPORT_VG ? "vg" : "lv";
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
		rows[n++] = (struct report_row){.vg = vg};
	}
	int r = report_print(c, REPORT_VG, rows, n);
	return r != ECMD_PROCESSED ? r : rc;
}

/* lvs [VG|VG/LV ...] */
int cmd_lvs(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	struct vg_info *vis;
	unsigned nvg, n = 0, cap = 64;
	struct report_row *rows = arena_alloc(&x->arena, cap * sizeof(*rows));
	int rc = ECMD_PROCESSED;
	bool all = arg_is_set(c, ARG_ALL);

	if (report_json(c))
		log_print_to_stderr = true;
	vg_list(x, &vis, &nvg);
	bool *used = arena_alloc(&x->arena, ((size_t)c->n_pos + 1) * sizeof(*used));
	for (unsigned k = 0; k < nvg; k++) {
		struct vg *vg;
		bool want_vg = !c->n_pos;
		for (int a = 0; a < c->n_pos && !want_vg; a++) {
			const char *arg = vg_name_arg(c->pos[a]);
			size_t l = strcspn(arg, "/");
			want_vg = strlen(vis[k].name) == l && !strncmp(arg, vis[k].name, l);
		}
		if (!want_vg)
			continue;
		if (lock_vg_mode(c, vis[k].name, LOCK_SHARED) ||
		    vg_read(x, vis[k].name, VG_READ_ALLOW_MISSING, &vg)) {
			rc = ECMD_FAILED;
			continue;
		}
		for (unsigned l = 0; l < vg->n_lvs; l++) {
			struct lv *lv = vg->lvs[l];
			bool want = !c->n_pos;
			for (int a = 0; a < c->n_pos; a++) {
				const char *arg = vg_name_arg(c->pos[a]), *slash = strchr(arg, '/');
				size_t vl = slash ? (size_t)(slash - arg) : strlen(arg);
				if (strlen(vg->name) != vl || strncmp(arg, vg->name, vl))
					continue;
				if (!slash || !strcmp(slash + 1, lv->name)) {
					want = true;
					used[a] = true;
				}
			}
			bool named = false;
			for (int a = 0; a < c->n_pos && !named; a++) {
				const char *arg = vg_name_arg(c->pos[a]), *slash = strchr(arg, '/');
				named = slash && !strcmp(slash + 1, lv->name);
			}
			if (!want || (!all && !lv_is_visible(vg, lv) && !named))
				continue;
			if (n == cap) {
				cap *= 2;
				struct report_row *nr = arena_alloc(&x->arena, cap * sizeof(*nr));
				memcpy(nr, rows, n * sizeof(*nr));
				rows = nr;
			}
			rows[n++] = (struct report_row){.vg = vg, .lv = lv};
		}
	}
	for (int a = 0; a < c->n_pos; a++) {
		const char *arg = vg_name_arg(c->pos[a]);
		if (used[a])
			continue;
		if (strchr(arg, '/')) {
			log_error("Failed to find logical volume \"%s\"", arg);
			rc = ECMD_FAILED;
		} else {
			bool found = false;
			for (unsigned k = 0; k < nvg; k++)
				found |= !strcmp(vis[k].name, arg);
			if (!found) {
				log_error("Volume group \"%s\" not found", arg);
				rc = ECMD_FAILED;
			}
		}
	}
	int r = report_print(c, REPORT_LV, rows, n);
	return r != ECMD_PROCESSED ? r : rc;
}
