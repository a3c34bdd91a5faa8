/* pvs and vgs: LVM2's report engine in small. Fields are one table; output
 * is aligned columns, --separator, or JSON in LVM2's layout (stdout holds
 * only the report; messages go to stderr). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <yaml.h>

#include "cmd/common.h"
#include "cmd/autoactivate.h"
#include "cmd/report.h"
#include "lvmgr/activate.h"
#include "lvmgr/base/units.h"
#include "metadata/mda.h"

/* LVM2's field types: alignment (numbers and sizes right), json_std typing. */
enum ftype { T_STR, T_NUM, T_BIN, T_SIZ, T_PCT, T_TIM, T_LIST };

/* A getter sets s (text as is) or n: a size in sectors for T_SIZ (unless
 * plain), else a number. */
struct fval {
	const char *s;
	uint64_t n;
	bool plain;		/* T_SIZ field whose n is a count (seg_size_pe) */
};

enum fkind { K_PV, K_VG, K_LV, K_SEG, K_PVSEG };

struct field {
	const char *name, *heading;
	enum ftype type;
	enum fkind kind;
	int width;		/* LVM2's minimum column width (0: the heading's) */
	void (*get)(const struct report_row *r, struct fval *v);
	int sect;		/* LVM2's field section, for -o help */
	const char *desc;
};

/* global/activation = 0: like LVM2, device state is unknown. */
static bool g_no_activation;

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

/* Snapshot origins of a VG, collected once per VG (sorted names), so
 * lv_attr stays O(log n) per LV instead of a scan of every LV. */
struct origin_set {
	const struct vg *vg;
	const char **names;
	unsigned n;
	struct origin_set *next;
};
static struct origin_set *g_origins;

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool lv_is_origin(const struct vg *vg, const struct lv *lv)
{
	struct origin_set *os;
	for (os = g_origins; os && os->vg != vg; os = os->next)
		;
	if (!os) {
		os = calloc(1, sizeof(*os));
		if (!os)
			return false;
		os->vg = vg;
		for (unsigned l = 0; l < vg->n_lvs; l++)
			for (unsigned s = 0; s < vg->lvs[l]->n_segs; s++) {
				const struct lv_seg *seg = &vg->lvs[l]->segs[s];
				const char *o;
				if (!seg_is(seg, "snapshot") || !seg->node || cft_get_str(seg->node, "origin", &o))
					continue;
				const char **nn = realloc(os->names, (os->n + 1) * sizeof(*nn));
				if (!nn)
					continue;
				os->names = nn;
				os->names[os->n++] = o;
			}
		if (os->n)
			qsort(os->names, os->n, sizeof(*os->names), str_cmp);
		os->next = g_origins;
		g_origins = os;
	}
	return os->n && bsearch(&lv->name, os->names, os->n, sizeof(*os->names), str_cmp);
}

/* The kernel's view of an LV (NULL: inactive or unknown). */
static struct ctx *g_ctx;
static const struct dmk_dev *lv_dm(const struct vg *vg, const struct lv *lv)
{
	return g_ctx && !g_no_activation ? act_state(g_ctx, vg, lv) : NULL;
}

void lv_attr_string(const struct vg *vg, const struct lv *lv, char out[11])
{
	uint32_t st = lv->flags.status | lv->flags.compat;
	const char *alloc = lv->alloc ? lv->alloc : "inherit";
	char type = '-', target = '-';
	/* Most LVs are linear or striped with a plain name: then none of the
	 * segment-type and sub-LV-name tests below can match. */
	bool striped_only = true, underscore = strchr(lv->name, '_') != NULL;
	for (unsigned s = 0; s < lv->n_segs && striped_only; s++)
		striped_only = !strcmp(lv->segs[s].type, "striped");
#define HAS(t) (!striped_only && lv_has_segtype(lv, t))
#define NAME(x) (underscore && name_has(lv->name, x))

	if (HAS("thin-pool"))
		type = 't', target = 't';
	else if (HAS("thin"))
		type = 'V', target = 't';
	else if (HAS("snapshot"))
		type = 's', target = 's';
	else if (HAS("raid"))
		type = 'r', target = 'r';
	else if (HAS("mirror"))
		type = 'm', target = 'm';
	else if (HAS("cache-pool"))
		type = 'C', target = 'C';
	else if (HAS("cache"))
		type = 'C', target = 'C';
	else if (HAS("vdo-pool"))
		type = 'd', target = 'v';
	else if (HAS("vdo"))
		type = 'v', target = 'v';
	else if (st & LV_PVMOVE)
		type = 'p';
	else if (lv_is_origin(vg, lv))
		type = 'o';
	else if (NAME("_rimage_") || NAME("_mimage_"))
		type = 'i';
	else if (NAME("_rmeta_") || NAME("_tmeta") ||
		 NAME("_cmeta") || NAME("_pmspare"))
		type = 'e';
	else if (NAME("_mlog"))
		type = 'l';
	else if (NAME("_tdata") || NAME("_cdata"))
		type = 'T';
	else if (HAS("zero") || HAS("error"))
		type = 'v';
	if (HAS("zero") || HAS("error"))
		target = 'v';
	if (type == 'i' && target == '-')
		target = NAME("_rimage_") ? 'r' : 'm';
	if (type == 'e' && NAME("_rmeta_"))
		target = 'r';
	if (type == 'T' || (type == 'e' && NAME("_tmeta")))
		target = 't';
#undef HAS
#undef NAME
	out[0] = type;
	out[1] = (st & LV_WRITE) ? 'w' : 'r';
	out[2] = !strcmp(alloc, "anywhere") ? 'a' : !strcmp(alloc, "contiguous") ? 'c'
		 : !strcmp(alloc, "cling") ? 'l' : !strcmp(alloc, "normal") ? 'n' : 'i';
	if (st & LV_LOCKED)
		out[2] = (char)(out[2] - 'a' + 'A');
	out[3] = (st & LV_FIXED_MINOR) ? 'm' : '-';
	const struct dmk_dev *dm = lv_dm(vg, lv);
	out[4] = !dm ? '-' : dm->suspended ? 's' : dm->live_table ? 'a' : 'i';
	out[5] = dm && dm->open_count > 0 ? 'o' : '-';
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
	(void)buf;
	if (r->lv->read_ahead == -2)
		v->s = "auto";
	else
		v->n = r->lv->read_ahead < 0 ? 0 : (uint64_t)r->lv->read_ahead;
}
static void f_lv_alloc(const struct report_row *r, struct fval *v)
{
	v->s = r->lv->alloc ? r->lv->alloc : "inherit";
}
static void f_lv_active(const struct report_row *r, struct fval *v)
{
	v->s = g_no_activation ? "unknown" : lv_dm(r->vg, r->lv) ? "active" : "";
}
static void f_lv_kmaj(const struct report_row *r, struct fval *v)
{
	static char buf[16];
	const struct dmk_dev *dm = lv_dm(r->vg, r->lv);
	snprintf(buf, sizeof(buf), "%d", dm ? (int)dm->major : -1);
	v->s = buf;
}
static void f_lv_kmin(const struct report_row *r, struct fval *v)
{
	static char buf[16];
	const struct dmk_dev *dm = lv_dm(r->vg, r->lv);
	snprintf(buf, sizeof(buf), "%d", dm ? (int)dm->minor : -1);
	v->s = buf;
}
static void f_lv_suspended(const struct report_row *r, struct fval *v)
{
	const struct dmk_dev *dm = lv_dm(r->vg, r->lv);
	v->s = g_no_activation ? "unknown" : dm && dm->suspended ? "suspended" : "";
}
static void f_lv_open(const struct report_row *r, struct fval *v)
{
	const struct dmk_dev *dm = lv_dm(r->vg, r->lv);
	v->s = g_no_activation ? "unknown" : dm && dm->open_count > 0 ? "open" : "";
}
static void f_lv_permissions(const struct report_row *r, struct fval *v)
{
	v->s = g_no_activation ? "unknown" : ((r->lv->flags.status | r->lv->flags.compat) & LV_WRITE) ? "writeable" : "read-only";
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
	v->plain = true;
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

/* ---- fields LVM2 has that depend little on lvmgr's model ---- */
static void f_minus1(const struct report_row *r, struct fval *v)
{
	v->s = "-1";
}
static void f_unknown(const struct report_row *r, struct fval *v)
{
	v->s = "unknown";
}
static void f_act_unknown(const struct report_row *r, struct fval *v)
{
	v->s = g_no_activation ? "unknown" : "";
}
static void f_zero_size(const struct report_row *r, struct fval *v)
{
	v->n = 0;
}
static void f_pv_major(const struct report_row *r, struct fval *v)
{
	v->n = r->sd && r->sd->dev.rdev ? major(r->sd->dev.rdev) : 0;
	if (!r->sd || !r->sd->dev.rdev)
		v->s = r->sd ? "0" : "";
}
static void f_pv_minor(const struct report_row *r, struct fval *v)
{
	v->n = r->sd && r->sd->dev.rdev ? minor(r->sd->dev.rdev) : 0;
	if (!r->sd || !r->sd->dev.rdev)
		v->s = r->sd ? "0" : "";
}
static void f_pv_exported(const struct report_row *r, struct fval *v)
{
	v->s = r->vg && (r->vg->flags.status & VG_EXPORTED) ? "exported" : "";
}
static void f_pv_ba_start(const struct report_row *r, struct fval *v)
{
	v->n = r->pv ? r->pv->ba_start : 0;
}
static void f_pv_ba_size(const struct report_row *r, struct fval *v)
{
	v->n = r->pv ? r->pv->ba_size : 0;
}
static void f_pv_device_id(const struct report_row *r, struct fval *v)
{
	v->s = r->pv && r->pv->device_id ? r->pv->device_id : "";
}
static void f_pv_device_id_type(const struct report_row *r, struct fval *v)
{
	v->s = r->pv && r->pv->device_id_type ? r->pv->device_id_type : "";
}
static void f_vg_extendable(const struct report_row *r, struct fval *v)
{
	v->s = (r->vg->flags.status & VG_RESIZEABLE) ? "extendable" : "";
}
static void f_vg_exported(const struct report_row *r, struct fval *v)
{
	v->s = (r->vg->flags.status & VG_EXPORTED) ? "exported" : "";
}
static void f_vg_partial(const struct report_row *r, struct fval *v)
{
	v->s = vg_missing_pv_count(r->vg) ? "partial" : "";
}
static void f_vg_clustered(const struct report_row *r, struct fval *v)
{
	v->s = (r->vg->flags.status & VG_CLUSTERED) ? "clustered" : "";
}
static void f_vg_shared(const struct report_row *r, struct fval *v)
{
	v->s = (r->vg->flags.status & VG_SHARED) ? "shared" : "";
}
static bool flag_other(const struct flagset *f, const char *name)
{
	for (unsigned i = 0; i < f->n_other_compat; i++)
		if (!strcmp(f->other_compat[i], name))
			return true;
	return false;
}
static void f_vg_lock_type(const struct report_row *r, struct fval *v)
{
	v->s = "";
}
static void f_vg_autoactivation(const struct report_row *r, struct fval *v)
{
	v->s = vg_autoactivation_off(r->vg) ? "" : "enabled";
}
static void f_lv_autoactivation(const struct report_row *r, struct fval *v)
{
	v->s = lv_autoactivation_off(r->lv) ? "" : "enabled";
}
static void f_lv_layout(const struct report_row *r, struct fval *v)
{
	const struct lv *lv = r->lv;
	bool striped = false;
	for (unsigned s = 0; s < lv->n_segs; s++) {
		const struct lv_seg *seg = &lv->segs[s];
		if (!seg->known) {
			v->s = seg->type;
			return;
		}
		if (seg_is(seg, "zero") || seg_is(seg, "error")) {
			v->s = seg->type;
			return;
		}
		striped |= seg->n_areas > 1;
	}
	v->s = striped ? "striped" : "linear";
}
static void f_lv_role(const struct report_row *r, struct fval *v)
{
	v->s = lv_is_visible(r->vg, r->lv) ? "public" : "private";
}
static void f_lv_allocation_locked(const struct report_row *r, struct fval *v)
{
	v->s = ((r->lv->flags.status | r->lv->flags.compat) & LV_LOCKED) ? "allocation locked" : "";
}
static void f_lv_fixed_minor(const struct report_row *r, struct fval *v)
{
	v->s = ((r->lv->flags.status | r->lv->flags.compat) & LV_FIXED_MINOR) ? "fixed minor" : "";
}
static void f_lv_skip_activation(const struct report_row *r, struct fval *v)
{
	v->s = flag_other(&r->lv->flags, "ACTIVATION_SKIP") ? "skip activation" : "";
}
static void f_lv_time(const struct report_row *r, struct fval *v)
{
	static char buf[64];
	time_t t = (time_t)r->lv->creation_time;
	struct tm tm;
	if (!r->lv->creation_time || !localtime_r(&t, &tm) ||
	    !strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %z", &tm))
		buf[0] = '\0';
	v->s = buf;
}
static void f_lv_modules(const struct report_row *r, struct fval *v)
{
	v->s = "";
}
static void f_data_stripes(const struct report_row *r, struct fval *v)
{
	f_stripes(r, v);
}
static void f_data_copies(const struct report_row *r, struct fval *v)
{
	v->n = 1;
}
static void f_seg_le_ranges(const struct report_row *r, struct fval *v)
{
	static struct strbuf sb;
	struct fval t = {0};
	f_seg_pe_ranges(r, &t);
	sb_reset(&sb);
	sb_adds(&sb, t.s);
	for (size_t i = 0; i < sb.len; i++)
		if (sb.buf[i] == ' ')
			sb.buf[i] = ',';
	v->s = sb.buf;
}
static void f_pvseg_start(const struct report_row *r, struct fval *v)
{
	v->n = r->pvseg_start;
}
static void f_pvseg_size(const struct report_row *r, struct fval *v)
{
	v->n = r->pvseg_size;
}

static const struct field fields[] = {
	{"lv_uuid", "LV UUID", T_STR, K_LV, 38, f_lv_uuid, 0, "Unique identifier."},
	{"lv_name", "LV", T_STR, K_LV, 4, f_lv_name, 0, "Name.  LVs created for internal use are enclosed in brackets."},
	{"lv_full_name", "LV", T_STR, K_LV, 4, f_lv_full_name, 0, "Full name of LV including its VG, namely VG/LV."},
	{"lv_path", "Path", T_STR, K_LV, 0, f_lv_path, 0, "Full pathname for LV. Blank for internal LVs."},
	{"lv_dm_path", "DMPath", T_STR, K_LV, 0, f_lv_dm_path, 0, "Internal device-mapper pathname for LV (in /dev/mapper directory)."},
	{"lv_parent", "Parent", T_STR, K_LV, 0, f_empty, 0, "For LVs that are components of another LV, the parent LV."},
	{"lv_layout", "Layout", T_LIST, K_LV, 10, f_lv_layout, 0, "LV layout."},
	{"lv_role", "Role", T_LIST, K_LV, 10, f_lv_role, 0, "LV role."},
	{"lv_initial_image_sync", "InitImgSync", T_BIN, K_LV, 10, f_empty, 0, "Set if mirror/RAID images underwent initial resynchronization."},
	{"lv_image_synced", "ImgSynced", T_BIN, K_LV, 10, f_empty, 0, "Set if mirror/RAID image is synchronized."},
	{"lv_merging", "Merging", T_BIN, K_LV, 10, f_empty, 0, "Set if snapshot LV is being merged to origin."},
	{"lv_converting", "Converting", T_BIN, K_LV, 0, f_empty, 0, "Set if LV is being converted."},
	{"lv_allocation_policy", "AllocPol", T_STR, K_LV, 10, f_lv_alloc, 0, "LV allocation policy."},
	{"lv_allocation_locked", "AllocLock", T_BIN, K_LV, 10, f_lv_allocation_locked, 0, "Set if LV is locked against allocation changes."},
	{"lv_fixed_minor", "FixMin", T_BIN, K_LV, 10, f_lv_fixed_minor, 0, "Set if LV has fixed minor number assigned."},
	{"lv_skip_activation", "SkipAct", T_BIN, K_LV, 15, f_lv_skip_activation, 0, "Set if LV is skipped on activation."},
	{"lv_autoactivation", "AutoAct", T_BIN, K_LV, 0, f_lv_autoactivation, 0, "Set if LV autoactivation is enabled."},
	{"lv_when_full", "WhenFull", T_STR, K_LV, 15, f_empty, 0, "For thin pools, behavior when full."},
	{"lv_active", "Active", T_STR, K_LV, 0, f_lv_active, 0, "Active state of the LV."},
	{"lv_active_locally", "ActLocal", T_BIN, K_LV, 10, f_lv_active, 0, "Set if the LV is active locally."},
	{"lv_active_remotely", "ActRemote", T_BIN, K_LV, 10, f_lv_active, 0, "Set if the LV is active remotely."},
	{"lv_active_exclusively", "ActExcl", T_BIN, K_LV, 10, f_lv_active, 0, "Set if the LV is active exclusively."},
	{"lv_major", "Maj", T_NUM, K_LV, 0, f_minus1, 0, "Persistent major number or -1 if not persistent."},
	{"lv_minor", "Min", T_NUM, K_LV, 0, f_minus1, 0, "Persistent minor number or -1 if not persistent."},
	{"lv_read_ahead", "Rahead", T_SIZ, K_LV, 0, f_lv_read_ahead, 0, "Read ahead setting in current units."},
	{"lv_size", "LSize", T_SIZ, K_LV, 0, f_lv_size, 0, "Size of LV in current units."},
	{"lv_metadata_size", "MSize", T_SIZ, K_LV, 0, f_empty, 0, "For thin and cache pools, the size of the LV that holds the metadata."},
	{"seg_count", "#Seg", T_NUM, K_LV, 0, f_seg_count, 0, "Number of segments in LV."},
	{"origin", "Origin", T_STR, K_LV, 0, f_origin, 0, "For snapshots and thins, the origin device of this LV."},
	{"origin_uuid", "Origin UUID", T_STR, K_LV, 38, f_empty, 0, "For snapshots and thins, the UUID of origin device of this LV."},
	{"origin_size", "OSize", T_SIZ, K_LV, 0, f_empty, 0, "For snapshots, the size of the origin device of this LV."},
	{"lv_ancestors", "Ancestors", T_LIST, K_LV, 0, f_empty, 0, "LV ancestors ignoring any stored history of the ancestry chain."},
	{"lv_full_ancestors", "FAncestors", T_LIST, K_LV, 0, f_empty, 0, "LV ancestors including stored history of the ancestry chain."},
	{"lv_descendants", "Descendants", T_LIST, K_LV, 0, f_empty, 0, "LV descendants ignoring any stored history of the ancestry chain."},
	{"lv_full_descendants", "FDescendants", T_LIST, K_LV, 0, f_empty, 0, "LV descendants including stored history of the ancestry chain."},
	{"raid_mismatch_count", "Mismatches", T_NUM, K_LV, 0, f_empty, 0, "For RAID, number of mismatches found or repaired."},
	{"raid_sync_action", "SyncAction", T_STR, K_LV, 0, f_empty, 0, "For RAID, the current synchronization action being performed."},
	{"raid_write_behind", "WBehind", T_NUM, K_LV, 0, f_empty, 0, "For RAID1, the number of outstanding writes allowed to writemostly devices."},
	{"raid_min_recovery_rate", "MinSync", T_NUM, K_LV, 0, f_empty, 0, "For RAID1, the minimum recovery I/O load in kiB/sec/disk."},
	{"raid_max_recovery_rate", "MaxSync", T_NUM, K_LV, 0, f_empty, 0, "For RAID1, the maximum recovery I/O load in kiB/sec/disk."},
	{"raidintegritymode", "IntegMode", T_STR, K_LV, 0, f_empty, 0, "The integrity mode"},
	{"raidintegrityblocksize", "IntegBlkSize", T_NUM, K_LV, 0, f_minus1, 0, "The integrity block size"},
	{"integritymismatches", "IntegMismatches", T_NUM, K_LV, 0, f_empty, 0, "The number of integrity mismatches."},
	{"move_pv", "Move", T_STR, K_LV, 0, f_empty, 0, "For pvmove, Source PV of temporary LV created by pvmove."},
	{"move_pv_uuid", "Move UUID", T_STR, K_LV, 38, f_empty, 0, "For pvmove, the UUID of Source PV of temporary LV created by pvmove."},
	{"convert_lv", "Convert", T_STR, K_LV, 0, f_empty, 0, "For lvconvert, Name of temporary LV created by lvconvert."},
	{"convert_lv_uuid", "Convert UUID", T_STR, K_LV, 38, f_empty, 0, "For lvconvert, UUID of temporary LV created by lvconvert."},
	{"mirror_log", "Log", T_STR, K_LV, 0, f_empty, 0, "For mirrors, the LV holding the synchronisation log."},
	{"mirror_log_uuid", "Log UUID", T_STR, K_LV, 38, f_empty, 0, "For mirrors, the UUID of the LV holding the synchronisation log."},
	{"data_lv", "Data", T_STR, K_LV, 0, f_empty, 0, "For cache/thin/vdo pools, the LV holding the associated data."},
	{"data_lv_uuid", "Data UUID", T_STR, K_LV, 38, f_empty, 0, "For cache/thin/vdo pools, the UUID of the LV holding the associated data."},
	{"metadata_lv", "Meta", T_STR, K_LV, 0, f_empty, 0, "For cache/thin pools, the LV holding the associated metadata."},
	{"metadata_lv_uuid", "Meta UUID", T_STR, K_LV, 38, f_empty, 0, "For cache/thin pools, the UUID of the LV holding the associated metadata."},
	{"pool_lv", "Pool", T_STR, K_LV, 0, f_pool_lv, 0, "For cache/thin/vdo volumes, the cache/thin/vdo pool LV for this volume."},
	{"pool_lv_uuid", "Pool UUID", T_STR, K_LV, 38, f_empty, 0, "For cache/thin/vdo volumes, the UUID of the cache/thin/vdo pool LV for this volume."},
	{"lv_tags", "LV Tags", T_LIST, K_LV, 0, f_lv_tags, 0, "Tags, if any."},
	{"lv_profile", "LProfile", T_STR, K_LV, 0, f_empty, 0, "Configuration profile attached to this LV."},
	{"lv_lockargs", "LLockArgs", T_STR, K_LV, 0, f_empty, 0, "Lock args of the LV used by lvmlockd."},
	{"lv_time", "CTime", T_TIM, K_LV, 26, f_lv_time, 0, "Creation time of the LV, if known"},
	{"lv_time_removed", "RTime", T_TIM, K_LV, 26, f_empty, 0, "Removal time of the LV, if known"},
	{"lv_host", "Host", T_STR, K_LV, 10, f_lv_host, 0, "Creation host of the LV, if known."},
	{"lv_modules", "Modules", T_LIST, K_LV, 0, f_lv_modules, 0, "Kernel device-mapper modules required for this LV."},
	{"lv_historical", "Historical", T_BIN, K_LV, 0, f_empty, 0, "Set if the LV is historical."},
	{"writecache_block_size", "WCacheBlkSize", T_NUM, K_LV, 0, f_minus1, 0, "The writecache block size"},
	{"lv_kernel_major", "KMaj", T_NUM, K_LV, 0, f_lv_kmaj, 1, "Currently assigned major number or -1 if LV is not active."},
	{"lv_kernel_minor", "KMin", T_NUM, K_LV, 0, f_lv_kmin, 1, "Currently assigned minor number or -1 if LV is not active."},
	{"lv_kernel_read_ahead", "KRahead", T_SIZ, K_LV, 0, f_minus1, 1, "Currently-in-use read ahead setting in current units."},
	{"lv_permissions", "LPerms", T_STR, K_LV, 8, f_lv_permissions, 1, "LV permissions."},
	{"lv_suspended", "Suspended", T_BIN, K_LV, 10, f_lv_suspended, 1, "Set if LV is suspended."},
	{"lv_live_table", "LiveTable", T_BIN, K_LV, 20, f_act_unknown, 1, "Set if LV has live table present."},
	{"lv_inactive_table", "InactiveTable", T_BIN, K_LV, 20, f_act_unknown, 1, "Set if LV has inactive table present."},
	{"lv_device_open", "DevOpen", T_BIN, K_LV, 10, f_lv_open, 1, "Set if LV device is open."},
	{"data_percent", "Data%", T_PCT, K_LV, 6, f_empty, 2, "For snapshot, cache and thin pools and volumes, the percentage full if LV is active."},
	{"snap_percent", "Snap%", T_PCT, K_LV, 6, f_empty, 2, "For snapshots, the percentage full if LV is active."},
	{"metadata_percent", "Meta%", T_PCT, K_LV, 6, f_empty, 2, "For cache and thin pools, the percentage of metadata full if LV is active."},
	{"copy_percent", "Cpy%Sync", T_PCT, K_LV, 0, f_empty, 2, "For Cache, RAID, mirrors and pvmove, current percentage in-sync."},
	{"sync_percent", "Cpy%Sync", T_PCT, K_LV, 0, f_empty, 2, "For Cache, RAID, mirrors and pvmove, current percentage in-sync."},
	{"cache_total_blocks", "CacheTotalBlocks", T_NUM, K_LV, 0, f_empty, 2, "Total cache blocks."},
	{"cache_used_blocks", "CacheUsedBlocks", T_NUM, K_LV, 16, f_empty, 2, "Used cache blocks."},
	{"cache_dirty_blocks", "CacheDirtyBlocks", T_NUM, K_LV, 0, f_empty, 2, "Dirty cache blocks."},
	{"cache_read_hits", "CacheReadHits", T_NUM, K_LV, 16, f_empty, 2, "Cache read hits."},
	{"cache_read_misses", "CacheReadMisses", T_NUM, K_LV, 16, f_empty, 2, "Cache read misses."},
	{"cache_write_hits", "CacheWriteHits", T_NUM, K_LV, 16, f_empty, 2, "Cache write hits."},
	{"cache_write_misses", "CacheWriteMisses", T_NUM, K_LV, 0, f_empty, 2, "Cache write misses."},
	{"kernel_cache_settings", "KCacheSettings", T_LIST, K_LV, 18, f_empty, 2, "Cache settings/parameters as set in kernel, including default values (cached segments only)."},
	{"kernel_cache_policy", "KCachePolicy", T_STR, K_LV, 18, f_empty, 2, "Cache policy used in kernel."},
	{"kernel_metadata_format", "KMFmt", T_NUM, K_LV, 0, f_empty, 2, "Cache metadata format used in kernel."},
	{"lv_health_status", "Health", T_STR, K_LV, 15, f_empty, 2, "LV health status."},
	{"kernel_discards", "KDiscards", T_STR, K_LV, 0, f_empty, 2, "For thin pools, how discards are handled in kernel."},
	{"lv_check_needed", "CheckNeeded", T_BIN, K_LV, 15, f_act_unknown, 2, "For thin pools and cache volumes, whether metadata check is needed."},
	{"lv_merge_failed", "MergeFailed", T_BIN, K_LV, 15, f_act_unknown, 2, "Set if snapshot merge failed."},
	{"lv_snapshot_invalid", "SnapInvalid", T_BIN, K_LV, 15, f_act_unknown, 2, "Set if snapshot LV is invalid."},
	{"vdo_operating_mode", "VDOOperatingMode", T_STR, K_LV, 0, f_empty, 2, "For vdo pools, its current operating mode."},
	{"vdo_compression_state", "VDOCompressionState", T_STR, K_LV, 0, f_empty, 2, "For vdo pools, whether compression is running."},
	{"vdo_index_state", "VDOIndexState", T_STR, K_LV, 0, f_empty, 2, "For vdo pools, state of index for deduplication."},
	{"vdo_used_size", "VDOUsedSize", T_NUM, K_LV, 0, f_empty, 2, "For vdo pools, currently used space."},
	{"vdo_saving_percent", "VDOSaving%", T_NUM, K_LV, 0, f_empty, 2, "For vdo pools, percentage of saved space."},
	{"writecache_total_blocks", "WCacheTotalBlocks", T_NUM, K_LV, 0, f_empty, 2, "Total writecache blocks."},
	{"writecache_free_blocks", "WCacheFreeBlocks", T_NUM, K_LV, 0, f_empty, 2, "Total writecache free blocks."},
	{"writecache_writeback_blocks", "WCacheWritebackBlocks", T_NUM, K_LV, 0, f_empty, 2, "Total writecache writeback blocks."},
	{"writecache_error", "WCacheErrors", T_NUM, K_LV, 0, f_empty, 2, "Total writecache errors."},
	{"lv_attr", "Attr", T_STR, K_LV, 0, f_lv_attr, 3, "Various attributes - see man page."},
	{"pv_fmt", "Fmt", T_STR, K_PV, 0, f_pv_fmt, 4, "Type of metadata."},
	{"pv_uuid", "PV UUID", T_STR, K_PV, 38, f_pv_uuid, 4, "Unique identifier."},
	{"dev_size", "DevSize", T_SIZ, K_PV, 0, f_dev_size, 4, "Size of underlying device in current units."},
	{"pv_name", "PV", T_STR, K_PV, 10, f_pv_name, 4, "Name."},
	{"pv_major", "Maj", T_STR, K_PV, 0, f_pv_major, 4, "Device major number."},
	{"pv_minor", "Min", T_STR, K_PV, 0, f_pv_minor, 4, "Device minor number."},
	{"pv_mda_free", "PMdaFree", T_SIZ, K_PV, 9, f_pv_mda_free, 4, "Free metadata area space on this device in current units."},
	{"pv_mda_size", "PMdaSize", T_SIZ, K_PV, 9, f_pv_mda_size, 4, "Size of smallest metadata area on this device in current units."},
	{"pv_ext_vsn", "PExtVsn", T_NUM, K_PV, 0, f_pv_ext_vsn, 4, "PV header extension version."},
	{"pe_start", "1st PE", T_SIZ, K_PV, 7, f_pe_start, 5, "Offset to the start of data on the underlying device."},
	{"pv_size", "PSize", T_SIZ, K_PV, 0, f_pv_size, 5, "Size of PV in current units."},
	{"pv_free", "PFree", T_SIZ, K_PV, 0, f_pv_free, 5, "Total amount of unallocated space in current units."},
	{"pv_used", "Used", T_SIZ, K_PV, 0, f_pv_used, 5, "Total amount of allocated space in current units."},
	{"pv_attr", "Attr", T_STR, K_PV, 0, f_pv_attr, 5, "Various attributes - see man page."},
	{"pv_allocatable", "Allocatable", T_BIN, K_PV, 0, f_pv_allocatable, 5, "Set if this device can be used for allocation."},
	{"pv_exported", "Exported", T_BIN, K_PV, 10, f_pv_exported, 5, "Set if this device is exported."},
	{"pv_missing", "Missing", T_BIN, K_PV, 10, f_pv_missing, 5, "Set if this device is missing in system."},
	{"pv_pe_count", "PE", T_NUM, K_PV, 3, f_pv_pe_count, 5, "Total number of Physical Extents."},
	{"pv_pe_alloc_count", "Alloc", T_NUM, K_PV, 0, f_pv_pe_alloc, 5, "Total number of allocated Physical Extents."},
	{"pv_tags", "PV Tags", T_LIST, K_PV, 0, f_pv_tags, 5, "Tags, if any."},
	{"pv_mda_count", "#PMda", T_NUM, K_PV, 0, f_pv_mda_count, 5, "Number of metadata areas on this device."},
	{"pv_mda_used_count", "#PMdaUse", T_NUM, K_PV, 0, f_pv_mda_used, 5, "Number of metadata areas in use on this device."},
	{"pv_ba_start", "BA Start", T_SIZ, K_PV, 0, f_pv_ba_start, 5, "Offset to the start of PV Bootloader Area on the underlying device in current units."},
	{"pv_ba_size", "BA Size", T_SIZ, K_PV, 0, f_pv_ba_size, 5, "Size of PV Bootloader Area in current units."},
	{"pv_in_use", "PInUse", T_BIN, K_PV, 0, f_pv_in_use, 5, "Set if PV is used."},
	{"pv_duplicate", "Duplicate", T_BIN, K_PV, 0, f_empty, 5, "Set if PV is an unchosen duplicate."},
	{"pv_device_id", "DeviceID", T_STR, K_PV, 0, f_pv_device_id, 5, "Device ID such as the WWID."},
	{"pv_device_id_type", "DeviceIDType", T_STR, K_PV, 0, f_pv_device_id_type, 5, "Type of device ID such as WWID."},
	{"vg_fmt", "Fmt", T_STR, K_VG, 0, f_vg_fmt, 6, "Type of metadata."},
	{"vg_uuid", "VG UUID", T_STR, K_VG, 38, f_vg_uuid, 6, "Unique identifier."},
	{"vg_name", "VG", T_STR, K_VG, 0, f_vg_name, 6, "Name."},
	{"vg_attr", "Attr", T_STR, K_VG, 5, f_vg_attr, 6, "Various attributes - see man page."},
	{"vg_permissions", "VPerms", T_STR, K_VG, 10, f_vg_permissions, 6, "VG permissions."},
	{"vg_extendable", "Extendable", T_BIN, K_VG, 0, f_vg_extendable, 6, "Set if VG is extendable."},
	{"vg_exported", "Exported", T_BIN, K_VG, 10, f_vg_exported, 6, "Set if VG is exported."},
	{"vg_autoactivation", "AutoAct", T_BIN, K_VG, 0, f_vg_autoactivation, 6, "Set if VG autoactivation is enabled."},
	{"vg_partial", "Partial", T_BIN, K_VG, 10, f_vg_partial, 6, "Set if VG is partial."},
	{"vg_allocation_policy", "AllocPol", T_STR, K_VG, 10, f_vg_alloc, 6, "VG allocation policy."},
	{"vg_clustered", "Clustered", T_BIN, K_VG, 10, f_vg_clustered, 6, "Set if VG is clustered."},
	{"vg_shared", "Shared", T_BIN, K_VG, 7, f_vg_shared, 6, "Set if VG is shared."},
	{"vg_size", "VSize", T_SIZ, K_VG, 0, f_vg_size, 6, "Total size of VG in current units."},
	{"vg_free", "VFree", T_SIZ, K_VG, 0, f_vg_free, 6, "Total amount of free space in current units."},
	{"vg_sysid", "SYS ID", T_STR, K_VG, 0, f_vg_systemid, 6, "System ID of the VG indicating which host owns it."},
	{"vg_systemid", "System ID", T_STR, K_VG, 0, f_vg_systemid, 6, "System ID of the VG indicating which host owns it."},
	{"vg_lock_type", "LockType", T_STR, K_VG, 0, f_vg_lock_type, 6, "Lock type of the VG used by lvmlockd."},
	{"vg_lock_args", "VLockArgs", T_STR, K_VG, 0, f_empty, 6, "Lock args of the VG used by lvmlockd."},
	{"vg_extent_size", "Ext", T_SIZ, K_VG, 0, f_vg_extent_size, 6, "Size of Physical Extents in current units."},
	{"vg_extent_count", "#Ext", T_NUM, K_VG, 0, f_vg_extent_count, 6, "Total number of Physical Extents."},
	{"vg_free_count", "Free", T_NUM, K_VG, 0, f_vg_free_count, 6, "Total number of unallocated Physical Extents."},
	{"max_lv", "MaxLV", T_NUM, K_VG, 0, f_max_lv, 6, "Maximum number of LVs allowed in VG or 0 if unlimited."},
	{"max_pv", "MaxPV", T_NUM, K_VG, 0, f_max_pv, 6, "Maximum number of PVs allowed in VG or 0 if unlimited."},
	{"pv_count", "#PV", T_NUM, K_VG, 0, f_pv_count, 6, "Number of PVs in VG."},
	{"vg_missing_pv_count", "#PV Missing", T_NUM, K_VG, 0, f_missing_count, 6, "Number of PVs in VG which are missing."},
	{"lv_count", "#LV", T_NUM, K_VG, 0, f_lv_count, 6, "Number of LVs."},
	{"snap_count", "#SN", T_NUM, K_VG, 0, f_snap_count, 6, "Number of snapshots."},
	{"vg_seqno", "Seq", T_NUM, K_VG, 0, f_vg_seqno, 6, "Revision number of internal metadata.  Incremented whenever it changes."},
	{"vg_tags", "VG Tags", T_LIST, K_VG, 0, f_vg_tags, 6, "Tags, if any."},
	{"vg_profile", "VProfile", T_STR, K_VG, 0, f_empty, 6, "Configuration profile attached to this VG."},
	{"vg_mda_count", "#VMda", T_NUM, K_VG, 0, f_vg_mda_count, 6, "Number of metadata areas on this VG."},
	{"vg_mda_used_count", "#VMdaUse", T_NUM, K_VG, 0, f_vg_mda_used, 6, "Number of metadata areas in use on this VG."},
	{"vg_mda_free", "VMdaFree", T_SIZ, K_VG, 9, f_vg_mda_free, 6, "Free metadata area space for this VG in current units."},
	{"vg_mda_size", "VMdaSize", T_SIZ, K_VG, 9, f_vg_mda_size, 6, "Size of smallest metadata area for this VG in current units."},
	{"vg_mda_copies", "#VMdaCps", T_NUM, K_VG, 0, f_vg_mda_copies, 6, "Target number of in use metadata areas in the VG."},
	{"segtype", "Type", T_STR, K_SEG, 0, f_segtype, 7, "Type of LV segment."},
	{"stripes", "#Str", T_NUM, K_SEG, 0, f_stripes, 7, "Number of stripes or mirror/raid1 legs."},
	{"data_stripes", "#DStr", T_NUM, K_SEG, 0, f_data_stripes, 7, "Number of data stripes or mirror/raid1 legs."},
	{"reshape_len", "RSize", T_SIZ, K_SEG, 0, f_empty, 7, "Size of out-of-place reshape space in current units."},
	{"reshape_len_le", "RSize", T_NUM, K_SEG, 0, f_empty, 7, "Size of out-of-place reshape space in logical extents."},
	{"data_copies", "#Cpy", T_NUM, K_SEG, 0, f_data_copies, 7, "Number of data copies."},
	{"data_offset", "DOff", T_NUM, K_SEG, 0, f_empty, 7, "Data offset on each image device."},
	{"new_data_offset", "NOff", T_NUM, K_SEG, 0, f_empty, 7, "New data offset after any reshape on each image device."},
	{"parity_chunks", "#Par", T_NUM, K_SEG, 0, f_empty, 7, "Number of (rotating) parity chunks."},
	{"stripe_size", "Stripe", T_SIZ, K_SEG, 0, f_stripe_size, 7, "For stripes, amount of data placed on one device before switching to the next."},
	{"region_size", "Region", T_SIZ, K_SEG, 0, f_zero_size, 7, "For mirrors/raids, the unit of data per leg when synchronizing devices."},
	{"chunk_size", "Chunk", T_SIZ, K_SEG, 0, f_zero_size, 7, "For snapshots, the unit of data used when tracking changes."},
	{"thin_count", "#Thins", T_NUM, K_SEG, 0, f_empty, 7, "For thin pools, the number of thin volumes in this pool."},
	{"discards", "Discards", T_STR, K_SEG, 0, f_empty, 7, "For thin pools, how discards are handled."},
	{"cache_metadata_format", "CMFmt", T_NUM, K_SEG, 0, f_empty, 7, "For cache, metadata format in use."},
	{"cache_mode", "CacheMode", T_STR, K_SEG, 0, f_empty, 7, "For cache, how writes are cached."},
	{"zero", "Zero", T_BIN, K_SEG, 0, f_unknown, 7, "For thin pools and volumes, if zeroing is enabled."},
	{"transaction_id", "TransId", T_NUM, K_SEG, 0, f_empty, 7, "For thin pools, the transaction id and creation transaction id for thins."},
	{"thin_id", "ThId", T_NUM, K_SEG, 0, f_empty, 7, "For thin volume, the thin device id."},
	{"seg_start", "Start", T_SIZ, K_SEG, 0, f_seg_start, 7, "Offset within the LV to the start of the segment in current units."},
	{"seg_start_pe", "Start", T_NUM, K_SEG, 0, f_seg_start_pe, 7, "Offset within the LV to the start of the segment in physical extents."},
	{"seg_size", "SSize", T_SIZ, K_SEG, 0, f_seg_size, 7, "Size of segment in current units."},
	{"seg_size_pe", "SSize", T_SIZ, K_SEG, 0, f_seg_size_pe, 7, "Size of segment in physical extents."},
	{"seg_tags", "Seg Tags", T_LIST, K_SEG, 0, f_seg_tags, 7, "Tags, if any."},
	{"seg_pe_ranges", "PE Ranges", T_LIST, K_SEG, 0, f_seg_pe_ranges, 7, "Ranges of Physical Extents of underlying devices in command line format (deprecated, use seg_le_ranges for common format)."},
	{"seg_le_ranges", "LE Ranges", T_LIST, K_SEG, 0, f_seg_le_ranges, 7, "Ranges of Logical Extents of underlying devices in command line format."},
	{"seg_metadata_le_ranges", "Metadata LE Ranges", T_LIST, K_SEG, 0, f_empty, 7, "Ranges of Logical Extents of underlying metadata devices in command line format."},
	{"devices", "Devices", T_LIST, K_SEG, 0, f_devices, 7, "Underlying devices used with starting extent numbers."},
	{"metadata_devices", "Metadata Devs", T_LIST, K_SEG, 0, f_empty, 7, "Underlying metadata devices used with starting extent numbers."},
	{"seg_monitor", "Monitor", T_STR, K_SEG, 0, f_empty, 7, "Dmeventd monitoring status of the segment."},
	{"cache_policy", "CachePolicy", T_STR, K_SEG, 0, f_empty, 7, "The cache policy (cached segments only)."},
	{"cache_settings", "CacheSettings", T_LIST, K_SEG, 0, f_empty, 7, "Cache settings/parameters (cached segments only)."},
	{"vdo_compression", "VDOCompression", T_BIN, K_SEG, 0, f_empty, 7, "Set for compressed LV (vdopool)."},
	{"vdo_deduplication", "VDODeduplication", T_BIN, K_SEG, 0, f_empty, 7, "Set for deduplicated LV (vdopool)."},
	{"vdo_use_metadata_hints", "VDOMetadataHints", T_BIN, K_SEG, 0, f_empty, 7, "Use REQ_SYNC for writes (vdopool)."},
	{"vdo_minimum_io_size", "VDOMinimumIOSize", T_NUM, K_SEG, 0, f_empty, 7, "Minimum acceptable IO size (vdopool)."},
	{"vdo_block_map_cache_size", "VDOBlockMapCacheSize", T_SIZ, K_SEG, 0, f_empty, 7, "Allocated caching size (vdopool)."},
	{"vdo_block_map_era_length", "VDOBlockMapEraLength", T_NUM, K_SEG, 0, f_empty, 7, "Speed of cache writes (vdopool)."},
	{"vdo_use_sparse_index", "VDOSparseIndex", T_BIN, K_SEG, 0, f_empty, 7, "Sparse indexing (vdopool)."},
	{"vdo_index_memory_size", "VDOIndexMemorySize", T_SIZ, K_SEG, 0, f_empty, 7, "Allocated indexing memory (vdopool)."},
	{"vdo_slab_size", "VDOSlabSize", T_SIZ, K_SEG, 0, f_empty, 7, "Increment size for growing (vdopool)."},
	{"vdo_ack_threads", "VDOAckThreads", T_NUM, K_SEG, 0, f_empty, 7, "Acknowledging threads (vdopool)."},
	{"vdo_bio_threads", "VDOBioThreads", T_NUM, K_SEG, 0, f_empty, 7, "IO submitting threads (vdopool)."},
	{"vdo_bio_rotation", "VDOBioRotation", T_NUM, K_SEG, 0, f_empty, 7, "IO enqueue (vdopool)."},
	{"vdo_cpu_threads", "VDOCPUThreads", T_NUM, K_SEG, 0, f_empty, 7, "CPU threads for compression and hashing (vdopool)."},
	{"vdo_hash_zone_threads", "VDOHashZoneThreads", T_NUM, K_SEG, 0, f_empty, 7, "Threads for subdivide parts (vdopool)."},
	{"vdo_logical_threads", "VDOLogicalThreads", T_NUM, K_SEG, 0, f_empty, 7, "Logical threads for subdivide parts (vdopool)."},
	{"vdo_physical_threads", "VDOPhysicalThreads", T_NUM, K_SEG, 0, f_empty, 7, "Physical threads for subdivide parts (vdopool)."},
	{"vdo_max_discard", "VDOMaxDiscard", T_NUM, K_SEG, 0, f_empty, 7, "Maximum discard size volume can recieve (vdopool)."},
	{"vdo_write_policy", "VDOWritePolicy", T_STR, K_SEG, 0, f_empty, 7, "Specified write policy (vdopool)."},
	{"vdo_header_size", "VDOHeaderSize", T_SIZ, K_SEG, 0, f_empty, 7, "Header size at front of vdopool."},
	{"pvseg_start", "Start", T_NUM, K_PVSEG, 0, f_pvseg_start, 8, "Physical Extent number of start of segment."},
	{"pvseg_size", "SSize", T_NUM, K_PVSEG, 0, f_pvseg_size, 8, "Number of extents in segment."},
};

static bool field_allowed(const struct field *fd, enum report_type type)
{
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
static void print_field_help(void)
{
	for (size_t sct = 0; sct < ARRAY_SIZE(sections); sct++) {
		size_t tl = strlen(sections[sct].title);
		fprintf(stderr, "  %s\n  ", sections[sct].title);
		for (size_t i = 0; i < tl; i++)
			fputc('-', stderr);
		fprintf(stderr, "\n    %-27s - %s\n", sections[sct].all, "All fields in this section.");
		for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
			if (fields[i].sect == (int)sct)
				fprintf(stderr, "    %-27s - %s\n", fields[i].name, fields[i].desc);
		fprintf(stderr, "   \n");
	}
	fprintf(stderr, "  Special Fields\n  --------------\n");
	fprintf(stderr, "    %-27s - %s\n", "help", "Show help.");
	fprintf(stderr, "    %-27s - %s\n", "?", "Show help.");
	fprintf(stderr, "   \n");
}

#define FIELDS_HELP 1

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
			for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
				if (fields[i].sect == (int)sct && field_allowed(&fields[i], type) && *n < 512)
					f[(*n)++] = &fields[i];
		}
	if (all)
		return 0;
	const struct field *fd = find_field(t, prefix);
	if (!fd) {
		log_error("Unrecognised field: %s", t);
		return -EINVAL;
	}
	if (!field_allowed(fd, type)) {
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

static bool field_blank(const struct field *fd, const struct report_row *r)
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

enum rfmt { FMT_BASIC, FMT_JSON, FMT_JSON_STD, FMT_YAML };

struct ropts {
	enum rfmt fmt;
	struct units u;
	bool suffix, binary, headings, aligned, prefixes, unquoted, rows;
	const char *sep;
	/* output state */
	struct strbuf out;
	unsigned items, subs;
	yaml_emitter_t em;
	bool em_ok;
};

/* One prepared report: fields, sorted rows, cell texts, column widths. */
struct rep {
	enum report_type type;
	const struct field **f;
	unsigned nf, n;
	const char **text;	/* n * nf */
	size_t *width;
};

static const char *const obj_names[] = {"pv", "vg", "lv", "pvseg", "seg"};

static int report_opts(struct cmd *c, struct ropts *o)
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
	if (units_parse(unit, &o->u)) {
		log_error("Invalid units specification \"%s\".", unit);
		return EINVALID_CMD_LINE;
	}
	o->suffix = !arg_is_set(c, ARG_NOSUFFIX);
	o->binary = arg_is_set(c, ARG_BINARY);
	o->headings = !arg_is_set(c, ARG_NOHEADINGS);
	o->prefixes = arg_is_set(c, ARG_NAMEPREFIXES);
	o->unquoted = arg_is_set(c, ARG_UNQUOTED);
	o->rows = arg_is_set(c, ARG_ROWS);
	o->sep = arg_str(c, ARG_SEPARATOR, NULL);
	/* As LVM2: name prefixes and rows are never padded. */
	o->aligned = (!o->sep || arg_is_set(c, ARG_ALIGNED)) && !o->prefixes && !o->rows;
	if (!o->sep)
		o->sep = " ";
	g_no_activation = !config_bool(c->ctx.cfg, "global/activation");
	g_ctx = &c->ctx;
	sb_init(&o->out);
	return 0;
}

/* Fields, sorting and cell texts of one report. dflt/dsort: its defaults;
 * lists: the -o values (none for fullreport). */
static int report_prepare(struct cmd *c, struct ropts *o, enum report_type type, const char *dflt,
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
			return -EINVAL;
		}
		if (!field_allowed(fd, type)) {
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
			sv->blank = field_blank(keys[k].f, &rows[i]);
			if (sv->blank)
				continue;
			keys[k].f->get(&rows[i], &v);
			/* getters may return static buffers */
			sv->s = v.s ? arena_strdup(&c->ctx.arena, v.s) : NULL;
			sv->n = v.n;
		}
	g_vals = vals;
	if (n)
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
			if (field_blank(f[j], row))
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
			if (strlen(*ce) > rp->width[j])
				rp->width[j] = strlen(*ce);
		}
	}
	return 0;
}

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
static void out_begin(struct ropts *o)
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

static void item_begin(struct ropts *o)
{
	if (o->fmt == FMT_JSON || o->fmt == FMT_JSON_STD)
		sb_adds(&o->out, o->items ? "          ,\n          {\n" : "          {\n");
	else if (o->fmt == FMT_YAML)
		yaml_map(o, true);
	o->items++;
	o->subs = 0;
}

static void item_end(struct ropts *o)
{
	if (o->fmt == FMT_JSON || o->fmt == FMT_JSON_STD)
		sb_adds(&o->out, "          }\n");
	else if (o->fmt == FMT_YAML)
		yaml_map(o, false);
}

static int out_end(struct ropts *o)
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
				sb_adds(sb, rp->text[(size_t)i * rp->nf + j]);
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
			if (o->aligned && tl > rp->width[j]) {
				sb_add(sb, txt, rp->width[j]);	/* headings only */
				txt += tl;
				tl = rp->width[j];
			}
			size_t pad = o->aligned ? rp->width[j] - tl : 0;
			if (row >= 0 && o->prefixes) {
				sb_adds(sb, "LVM2_");
				for (const char *p = fd->name; *p; p++)
					sb_addc(sb, (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p));
				sb_adds(sb, o->unquoted ? "=" : "='");
			}
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

static void out_sub(struct ropts *o, const struct rep *rp)
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

/* A field list error: LVM2 still prints an empty JSON document (its exit
 * status is 5; lvmgr keeps 3, a command line error). */
static int report_fail(struct ropts *o, int r)
{
	if (r == FIELDS_HELP) {
		print_field_help();
		sb_free(&o->out);
		return ECMD_PROCESSED;
	}
	if (o->fmt == FMT_JSON || o->fmt == FMT_JSON_STD)
		fputs("  {\n      \"report\": [\n      ]\n  }\n", stdout);
	sb_free(&o->out);
	return EINVALID_CMD_LINE;
}

static const char *const dflts[] = {
	"pv_name,vg_name,pv_fmt,pv_attr,pv_size,pv_free",
	"vg_name,pv_count,lv_count,snap_count,vg_attr,vg_size,vg_free",
	"lv_name,vg_name,lv_attr,lv_size,pool_lv,origin,data_percent,metadata_percent,move_pv,mirror_log,copy_percent,convert_lv",
	"pvseg_all,pv_uuid,lv_uuid",
	"seg_all,lv_uuid"};
static const char *const dsorts[] = {"pv_name", "vg_name", "vg_name,lv_name", "pv_uuid,pvseg_start",
				     "lv_uuid,seg_start"};

int report_print(struct cmd *c, enum report_type type, const struct report_row *rows, unsigned n)
{
	struct ropts o;
	struct rep rp;
	int r;

	if ((r = report_opts(c, &o)))
		return r;
	r = report_prepare(c, &o, type, dflts[type], c->args[ARG_OPTIONS].v, c->args[ARG_OPTIONS].n,
			   arg_str(c, ARG_SORT, dsorts[type]), rows, n, &rp);
	if (r)
		return report_fail(&o, r);
	out_begin(&o);
	item_begin(&o);
	out_sub(&o, &rp);
	item_end(&o);
	return out_end(&o) ? ECMD_FAILED : ECMD_PROCESSED;
}

/* ---- pvs / vgs ---- */

static bool report_json(struct cmd *c)
{
	const char *fmt = arg_str(c, ARG_REPORTFORMAT, config_str(c->ctx.cfg, "report/output_format"));
	return !strncmp(fmt, "json", 4) || !strcmp(fmt, "yaml");
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
	int rc = for_each_lv(c, LOCK_SHARED, VG_READ_ALLOW_MISSING, arg_is_set(c, ARG_ALL), lvs_one, &l);
	int r = report_print(c, REPORT_LV, l.rows, l.n);
	return r != ECMD_PROCESSED ? r : rc;
}

/* ---- fullreport ---- */

/* PV segments of one PV: used ranges and the free gaps, by start. */
static unsigned pv_segments(struct arena *a, struct vg *vg, struct pv *pv, struct report_row **out)
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
						blen = seg_area_len(seg);
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
		out_sub(o, &rp);
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
			log_error("Volume group \"%s\" not found", vg_name_arg(c->pos[a]));
			rc = ECMD_FAILED;
		}
	}
	bool *claimed = arena_alloc(&x->arena, (x->n_devs + 1) * sizeof(*claimed));
	out_begin(&o);
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
			if (arg_is_set(c, ARG_ALL) || lv_is_visible(vg, vg->lvs[l])) {
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
			unsigned m = pv_segments(&x->arena, vg, vg->pvs[p], &one);
			struct report_row *nr = arena_alloc(&x->arena, (nps + m + 1) * sizeof(*nr));
			if (nps)
				memcpy(nr, psr, nps * sizeof(*nr));
			memcpy(nr + nps, one, m * sizeof(*nr));
			psr = nr;
			nps += m;
		}
		item_begin(&o);
		if ((r = full_sub(c, &o, REPORT_VG, "vg_all", "vg_name", &vrow, 1)) ||
		    (r = full_sub(c, &o, REPORT_PV, "pv_all", "pv_name", pvr, vg->n_pvs)) ||
		    (r = full_sub(c, &o, REPORT_LV, "lv_all", "vg_name,lv_name", lvr, nl)) ||
		    (r = full_sub(c, &o, REPORT_PVSEG, dflts[REPORT_PVSEG], dsorts[REPORT_PVSEG], psr, nps)) ||
		    (r = full_sub(c, &o, REPORT_SEG, dflts[REPORT_SEG], dsorts[REPORT_SEG], sgr, nsg)))
			return report_fail(&o, r);
		item_end(&o);
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
			item_begin(&o);
			if ((r = full_sub(c, &o, REPORT_PV, "pv_all", "pv_name", pvr, n)) ||
			    (r = full_sub(c, &o, REPORT_PVSEG, dflts[REPORT_PVSEG], dsorts[REPORT_PVSEG], psr, n)))
				return report_fail(&o, r);
			item_end(&o);
		}
	}
	r = out_end(&o);
	return r ? r : rc;
}
