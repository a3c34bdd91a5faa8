/* The LV fields of the reports (lvs, fullreport's lv report) and lv_attr:
 * their getters and their rows of the field table, in LVM2's -o help order.
 * Fields that need the kernel ask it through the command's context. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/autoactivate.h"
#include "cmd/report/report_int.h"
#include "lvmgr/lv_api.h"
#include "lvmgr/activate.h"
#include "lvmgr/lv_thin.h"
#include "metadata/segtypes/raid.h"
#include "metadata/segtypes/snapshot.h"
#include "metadata/segtypes/thin.h"

/* global/activation = 0: like LVM2, device state is unknown. */
static bool g_no_activation;

static bool lv_has_segtype(const struct lv *lv, const char *prefix)
{
	for (unsigned s = 0; s < lv->n_segs; s++)
		if (!strncmp(lv->segs[s].type, prefix, strlen(prefix)))
			return true;
	return false;
}

static bool lv_has_flag(const struct lv *lv, unsigned flag)
{
	for (unsigned s = 0; s < lv->n_segs; s++)
		if (seg_has_flag(&lv->segs[s], flag))
			return true;
	return false;
}

static bool name_has(const char *name, const char *frag)
{
	return strstr(name, frag) != NULL;
}

/* Snapshot origins and COW LVs of a VG, collected once per VG (sorted
 * names), so lv_attr stays O(log n) per LV instead of a scan of every LV. */
struct origin_set {
	const struct vg *vg;
	const char **names, **cows;
	unsigned n, n_cows;
	struct origin_set *next;
};
static struct origin_set *g_origins;

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void names_add(const char ***v, unsigned *n, const char *s)
{
	const char **nn = realloc(*v, (*n + 1) * sizeof(*nn));
	if (!nn)
		return;
	*v = nn;
	(*v)[(*n)++] = s;
}

static struct origin_set *snap_names(const struct vg *vg)
{
	struct origin_set *os;
	for (os = g_origins; os && os->vg != vg; os = os->next)
		;
	if (os)
		return os;
	if (!(os = calloc(1, sizeof(*os))))
		return NULL;
	os->vg = vg;
	for (unsigned l = 0; l < vg->n_lvs && vg->has_snapshots; l++) {
		const struct lv_seg *seg = lv_snapshot_seg(vg->lvs[l]);
		if (!seg)
			continue;
		names_add(&os->names, &os->n, seg->origin);
		names_add(&os->cows, &os->n_cows, seg->cow);
	}
	if (os->n)
		qsort(os->names, os->n, sizeof(*os->names), str_cmp);
	if (os->n_cows)
		qsort(os->cows, os->n_cows, sizeof(*os->cows), str_cmp);
	os->next = g_origins;
	g_origins = os;
	return os;
}

static bool lv_is_origin(const struct vg *vg, const struct lv *lv)
{
	struct origin_set *os = vg->has_snapshots ? snap_names(vg) : NULL;
	return os && os->n && bsearch(&lv->name, os->names, os->n, sizeof(*os->names), str_cmp);
}

/* A snapshot as the user sees it: the COW LV of a snapshot segment. */
static bool lv_is_cow(const struct vg *vg, const struct lv *lv)
{
	struct origin_set *os = vg->has_snapshots ? snap_names(vg) : NULL;
	return os && os->n_cows && bsearch(&lv->name, os->cows, os->n_cows, sizeof(*os->cows), str_cmp);
}

/* The kernel's view of an LV (NULL: inactive or unknown). */
static struct ctx *g_ctx;
/* A thin pool's state is its -tpool device's (LVM2's lv_info with the
 * layer); but a pool with thin LVs whose own device is not there (a thin
 * LV's activation brings up the -tpool stack only) is not active, unless
 * its status asks for a check (LVM2's lv_info_with_seg_status). */
static const struct dmk_dev *pool_dm(const struct vg *vg, const struct lv *lv)
{
	const struct dmk_dev *tp = act_state_layer(g_ctx, vg, lv, "tpool");
	struct thin_pool_status s;
	if (!tp || act_state(g_ctx, vg, lv))	/* (an unused pool's own device is its -tpool) */
		return tp;
	return !thin_pool_kernel_status(g_ctx, vg, lv, &s) && s.needs_check ? tp : NULL;
}
static const struct dmk_dev *lv_dm(const struct vg *vg, const struct lv *lv)
{
	if (!g_ctx || g_no_activation)
		return NULL;
	return lv->n_segs == 1 && seg_has_flag(&lv->segs[0], SEGTYPE_THIN_POOL) ? pool_dm(vg, lv) : act_state(g_ctx, vg, lv);
}

bool report_lv_status(const struct vg *vg, const struct lv *lv, struct dt_status *st)
{
	return lv_dm(vg, lv) && !act_status(g_ctx, vg, lv, st);
}

/* The command's context and global/activation (report_opts). */
void report_lv_state(struct ctx *ctx, bool no_activation)
{
	g_ctx = ctx;
	g_no_activation = no_activation;
	report_thin_ctx(no_activation ? NULL : ctx);
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
		striped_only = seg_is_striped(&lv->segs[s]);
#define HAS(t) (!striped_only && lv_has_segtype(lv, t))
#define NAME(x) (underscore && name_has(lv->name, x))

	if (HAS("thin-pool"))
		type = 't', target = 't';
	else if (HAS("thin"))	/* a COW snapshot's origin: 'o' first (LVM2's lv_attr_dup) */
		/* LVM2: a thin origin with a pending merge 'O', the merging thin snapshot 'S' */
		type = lv_is_merging_origin(vg, lv) ? 'O' : lv_is_origin(vg, lv) ? 'o' :
			lv_is_merging_thin_snapshot(lv) ? 'S' : 'V', target = 't';
	else if (!striped_only && lv_has_flag(lv, SEGTYPE_SNAPSHOT))
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
		type = lv_is_merging_origin(vg, lv) ? 'O' : 'o', target = 's';
	else if (thin_is_external_origin(vg, lv))	/* LVM2's lv_is_external_origin */
		type = 'o';
	else if (lv_is_cow(vg, lv)) {
		const struct lv_seg *ss = snap_seg_of_cow(vg, lv, NULL);
		type = ss && ss->merging ? 'S' : 's', target = 's';
	}
	else if (NAME("_rmeta_") || NAME("_tmeta") ||
		 NAME("_cmeta") || NAME("_pmspare"))
		type = 'e';
	/* LVM2: 'v' before a pool's data, an image, a log; an image of error
	 * segments (vgreduce --removemissing --force) keeps its target type,
	 * raid's or mirror's */
	else if (!striped_only && lv_has_flag(lv, SEGTYPE_VIRTUAL)) {
		type = 'v';
		if (NAME("_rimage_") || NAME("_mimage_"))
			target = NAME("_rimage_") ? 'r' : 'm';
	}
	else if (NAME("_rimage_") || NAME("_mimage_"))
		type = 'i';
	else if (NAME("_mlog"))
		type = 'l';
	else if (NAME("_tdata") || NAME("_cdata"))
		type = 'T';
	if (!striped_only && lv_has_flag(lv, SEGTYPE_VIRTUAL) && target == '-')
		target = 'v';	/* zero, error (a thin LV's is 't') */
	if (type == 'i' && target == '-')
		target = NAME("_rimage_") ? 'r' : 'm';
	if (type == 'e' && NAME("_rmeta_"))
		target = 'r';
	/* LVM2: an origin's 'o' goes before raid's and mirror's own */
	if ((type == 'r' || type == 'm') && lv_is_origin(vg, lv))
		type = lv_is_merging_origin(vg, lv) ? 'O' : 'o';
	/* LVM2: a raid1 made with --nosync is 'R'; an image is 'I' while it
	 * is not known to be in sync, which for an inactive LV is always. */
	if (type == 'r' && (st & LV_NOTSYNCED))
		type = 'R';
	if (type == 'i' && !lv_dm(vg, lv))
		type = 'I';
	else if (type == 'i' && NAME("_rimage_"))
		type = report_raid_image_char(vg, lv);
	else if (type == 'i')
		type = report_mirror_image_char(vg, lv);
	if (type == 'm' && (st & LV_NOTSYNCED))
		type = 'M';
	/* LVM2: pvmove first, then a mirror being converted (before 'o') */
	if (type != 'p' && !striped_only && lv_mirror_is_converting(lv))
		type = 'c';
	if (type == 'l' && target == '-')
		target = 'm';
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
	struct dt_status sst;
	if (dm && type == 's' && !act_status(g_ctx, vg, lv, &sst) && sst.health == DT_FAILED)
		out[4] = dm->suspended ? 'S' : 'I';	/* an invalid snapshot (LVM2) */
	out[5] = dm && dm->open_count > 0 ? 'o' : '-';
	out[6] = target;
	out[7] = '-';
	if (target == 't')
		out[7] = thin_attr_zero(vg, lv);	/* a thin LV shows its pool's */
	out[8] = '-';
	for (unsigned s = 0; s < lv->n_segs && out[8] == '-'; s++)
		for (unsigned a = 0; a < lv->segs[s].n_areas; a++)
			if (lv->segs[s].areas[a].kind == AREA_PV && !lv->segs[s].areas[a].pv->sd)
				out[8] = 'p';
	/* (a raid LV under a snapshot too: its type is the origin's 'o') */
	if (out[8] == '-' && (type == 'r' || type == 'R' || ((type == 'o' || type == 'O') && target == 'r')))
		out[8] = report_lv_partial(vg, lv, 0) ? 'p' : report_raid_health_char(vg, lv);
	if (out[8] == '-' && dm && target == 'r' && type != 'r' && type != 'R')
		out[8] = report_raid_sub_health_char(vg, lv);
	if (out[8] == '-' && dm && target == 't')
		out[8] = thin_attr_health(vg, lv);	/* fields_thin.c */
	if (dm && type == 't' && thin_needs_check(vg, lv) == 1)
		out[4] = dm->suspended ? 'C' : 'c';
	if (out[8] == '-' && (st & LV_WRITEMOSTLY))
		out[8] = 'w';	/* a write-mostly raid1 image (lvchange --writemostly) */
	out[9] = lv_activation_skip(lv) ? 'k' : '-';
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
		v->sort_s = r->lv->name;
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
	v->s = report_join_tags(&r->lv->tags);
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
/* A snapshot's use of its exception store, from the kernel's status
 * (LVM2's snap_percent and data_percent of a snapshot); empty when
 * inactive, 100.00 when invalid (LVM2's DM_PERCENT_INVALID shown full). */
static void f_snap_percent(const struct report_row *r, struct fval *v)
{
	static char buf[32];
	struct dt_status st;
	v->s = "";
	if (!lv_is_cow(r->vg, r->lv) || !lv_dm(r->vg, r->lv) || act_status(g_ctx, r->vg, r->lv, &st))
		return;
	if (st.health == DT_FAILED) {
		v->s = "100.00";
		return;
	}
	if (!st.has_percent || !st.denom)
		return;
	snprintf(buf, sizeof(buf), "%.2f", (double)st.numer * 100.0 / (double)st.denom);
	v->s = buf;
}
static void f_origin(const struct report_row *r, struct fval *v)
{
	static char buf[NAME_LEN + 3];
	const struct lv_seg *ss = lv_is_cow(r->vg, r->lv) ? snap_seg_of_cow(r->vg, r->lv, NULL) : NULL;
	const struct lv *o = ss ? vg_find_lv(r->vg, ss->origin) : NULL;
	if (o && !lv_is_visible(r->vg, o)) {	/* a sparse snapshot's: [name] as LVM2 */
		snprintf(buf, sizeof(buf), "[%s]", o->name);
		v->s = buf;
	} else if (ss)
		v->s = ss->origin;
	else if (!thin_origin(r->lv, &v->s))
		v->s = "";
}
/* Data%: a thin pool's or thin LV's, else a snapshot's (its Snap%). */
static void f_data_percent(const struct report_row *r, struct fval *v)
{
	if (!f_thin_data_percent(r, v))
		f_snap_percent(r, v);
}
static void f_pool_lv(const struct report_row *r, struct fval *v)
{
	f_thin_pool_lv(r, v);
}
static void f_lv_read_ahead(const struct report_row *r, struct fval *v)
{
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
/* LVM2's binary activation fields on a VG without a lock manager: active
 * means locally and exclusively, never remotely. */
static void f_lv_active_locally(const struct report_row *r, struct fval *v)
{
	v->s = g_no_activation ? "unknown" : lv_dm(r->vg, r->lv) ? "active locally" : "";
}
static void f_lv_active_exclusively(const struct report_row *r, struct fval *v)
{
	v->s = g_no_activation ? "unknown" : lv_dm(r->vg, r->lv) ? "active exclusively" : "";
}
static void f_lv_active_remotely(const struct report_row *r, struct fval *v)
{
	v->s = g_no_activation ? "unknown" : "";
}
/* A merging snapshot's origin and COW (LVM2's _lvmerging_disp). */
static void f_lv_merging(const struct report_row *r, struct fval *v)
{
	const struct lv_seg *ss = snap_seg_of_cow(r->vg, r->lv, NULL);
	bool m;
	if (lv_is_origin(r->vg, r->lv) || thin_is_external_origin(r->vg, r->lv))
		m = lv_is_merging_origin(r->vg, r->lv);
	else if (ss)
		m = ss->merging;
	else	/* a thin origin: only its merging snapshot says so (LVM2) */
		m = lv_is_merging_thin_snapshot(r->lv);
	v->s = m ? "merging" : "";
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
/* The device's binary fields, as LVM2's _lvsuspended_disp,
 * _lvdeviceopen_disp, _lvlivetable_disp and _lvinactivetable_disp:
 * "unknown" when there is no device (or activation is off). */
enum dev_bit { DEV_SUSPENDED, DEV_OPEN, DEV_LIVE_TABLE, DEV_INACTIVE_TABLE };
static void dev_binary(const struct report_row *r, struct fval *v, enum dev_bit bit)
{
	const struct dmk_dev *dm = lv_dm(r->vg, r->lv);
	static const char *const yes[] = {"suspended", "open", "live table present", "inactive table present"};
	bool on = dm && (bit == DEV_SUSPENDED ? dm->suspended : bit == DEV_OPEN ? dm->open_count > 0
							       : bit == DEV_LIVE_TABLE ? dm->live_table
										 : dm->inactive_table);
	v->s = !dm ? "unknown" : on ? yes[bit] : "";
}
static void f_lv_suspended(const struct report_row *r, struct fval *v)
{
	dev_binary(r, v, DEV_SUSPENDED);
}
static void f_lv_open(const struct report_row *r, struct fval *v)
{
	dev_binary(r, v, DEV_OPEN);
}
static void f_lv_live_table(const struct report_row *r, struct fval *v)
{
	dev_binary(r, v, DEV_LIVE_TABLE);
}
static void f_lv_inactive_table(const struct report_row *r, struct fval *v)
{
	dev_binary(r, v, DEV_INACTIVE_TABLE);
}
/* As LVM2's _lvpermissions_disp: a read-only LV is "read-only" from its
 * metadata; a writeable one needs its device to say more ("unknown" when
 * inactive or with activation off, also what -S compares). */
static void f_lv_permissions(const struct report_row *r, struct fval *v)
{
	const struct dmk_dev *dm;
	if ((r->lv->flags.status | r->lv->flags.compat) & LV_PVMOVE)
		v->s = "";
	else if (!((r->lv->flags.status | r->lv->flags.compat) & LV_WRITE))
		v->s = "read-only";
	else if (!(dm = lv_dm(r->vg, r->lv)))
		v->s = "unknown";
	else
		v->s = dm->read_only ? "read-only-override" : "writeable";
}
static void f_lv_host(const struct report_row *r, struct fval *v)
{
	v->s = r->lv->creation_host ? r->lv->creation_host : "";
}

/* ---- fields LVM2 has that depend little on lvmgr's model ---- */
static void f_minus1(const struct report_row *r, struct fval *v)
{
	v->s = "-1";
}
/* LVM2's lv_merge_failed, lv_snapshot_invalid (_lvmergefailed_disp): an
 * active snapshot's status decides; any other LV, or none read, is
 * "unknown". */
static void snap_binary(const struct report_row *r, struct fval *v, bool merge)
{
	struct dt_status st;
	v->s = "unknown";
	if (g_no_activation || !lv_is_cow(r->vg, r->lv) || !lv_dm(r->vg, r->lv) ||
	    act_status(g_ctx, r->vg, r->lv, &st))
		return;
	bool set = st.health == DT_FAILED && st.merge_failed == merge;
	v->s = !set ? "" : merge ? "merge failed" : "snapshot invalid";
}
static void f_lv_merge_failed(const struct report_row *r, struct fval *v)
{
	snap_binary(r, v, true);
}
static void f_lv_snapshot_invalid(const struct report_row *r, struct fval *v)
{
	snap_binary(r, v, false);
}
/* LVM2's lv_check_needed: a live thin pool's needs_check, else "unknown". */
static void f_lv_check_needed(const struct report_row *r, struct fval *v)
{
	int nc = !g_no_activation && lv_is_thin_pool(r->lv) ? thin_needs_check(r->vg, r->lv) : -1;
	v->s = nc < 0 ? "unknown" : nc ? "check needed" : "";
}
static void f_lv_autoactivation(const struct report_row *r, struct fval *v)
{
	v->s = lv_autoactivation_off(r->lv) ? "" : "enabled";
}
static void f_lv_layout(const struct report_row *r, struct fval *v)
{
	const struct lv *lv = r->lv;
	const char *role;
	bool striped = false;
	char roles[96];
	bool priv;
	report_raid_layout_role(r->vg, lv, &v->s, &role);
	if (!v->s)
		report_snap_thin_layout_role(r->vg, lv, &v->s, roles, sizeof(roles), &priv);
	if (v->s)
		return;
	for (unsigned s = 0; s < lv->n_segs; s++) {
		const struct lv_seg *seg = &lv->segs[s];
		if (seg_is_verbatim(seg) || seg_is_virtual(seg)) {
			v->s = seg->type;
			return;
		}
		striped |= seg->n_areas > 1;
	}
	v->s = striped ? "striped" : "linear";
}
/* LVM2's order: public or private first, then the mirror/raid roles,
 * then the thin and snapshot ones. */
static void f_lv_role(const struct report_row *r, struct fval *v)
{
	static char buf[192];
	const char *layout, *base;
	char roles[96];
	bool priv;
	report_raid_layout_role(r->vg, r->lv, &layout, &base);
	report_snap_thin_layout_role(r->vg, r->lv, &layout, roles, sizeof(roles), &priv);
	if (!base)
		base = priv || !lv_is_visible(r->vg, r->lv) ? "private" : "public";
	snprintf(buf, sizeof(buf), "%s%s%s", base, roles[0] ? "," : "", roles);
	v->s = buf;
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
	v->n = r->lv->creation_time;	/* for -S lv_time */
	if (!r->lv->creation_time || !localtime_r(&t, &tm) ||
	    !strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %z", &tm))
		buf[0] = '\0';
	v->s = buf;
}
/* lvchange -My's numbers as stored (-1: not persistent) */
static void f_lv_major(const struct report_row *r, struct fval *v)
{
	static char buf[24];
	snprintf(buf, sizeof(buf), "%lld", (long long)(r->lv->major >= 0 ? r->lv->major : -1));
	v->s = buf;
}
static void f_lv_minor(const struct report_row *r, struct fval *v)
{
	static char buf[24];
	snprintf(buf, sizeof(buf), "%lld", (long long)(r->lv->minor >= 0 ? r->lv->minor : -1));
	v->s = buf;
}
/* The dm modules the LV's own segments need (LVM2's modules_needed of
 * each segment type; linear and striped need none). */
static const char *seg_module(const char *type)
{
	static const char *const map[][2] = {
		{"zero", "zero"}, {"error", "error"}, {"snapshot", "snapshot"}, {"mirror", "mirror"},
		{"thin-pool", "thin-pool"}, {"thin", "thin,thin-pool"},	/* a thin LV needs its pool's too */ {"cache", "cache"}, {"cache-pool", "cache"},
		{"writecache", "writecache"}, {"integrity", "integrity"}, {"vdo", "vdo"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(type, map[i][0]))
			return map[i][1];
	return strncmp(type, "raid", 4) ? NULL : "raid";
}
static void f_lv_modules(const struct report_row *r, struct fval *v)
{
	static char buf[256];
	size_t n = 0;
	buf[0] = '\0';
	/* an origin needs its snapshots' module, a COW LV its snapshot's
	 * (LVM2's list_segment_modules; "snapshot" sorts first in its list) */
	const struct lv *owner;
	if (lv_is_snap_origin(r->vg, r->lv) || snap_seg_of_cow(r->vg, r->lv, &owner))
		n = (size_t)snprintf(buf, sizeof(buf), "snapshot");
	for (unsigned s = 0; s < r->lv->n_segs; s++) {
		const char *m = r->lv->segs[s].type ? seg_module(r->lv->segs[s].type) : NULL;
		if (!m || strstr(buf, m))
			continue;
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? "," : "", m);
		if (n >= sizeof(buf))
			break;
	}
	v->s = buf;
}
/* The kernel's read-ahead of an active LV (act_read_ahead); -1 when
 * inactive. */
static void f_lv_kernel_read_ahead(const struct report_row *r, struct fval *v)
{
	const struct dmk_dev *dm = lv_dm(r->vg, r->lv);
	uint64_t ra;
	v->s = "-1";
	if (dm && !act_read_ahead(dm, &ra)) {
		v->s = NULL;
		v->n = ra;
	}
}
/* LV fields (the getters above); ended by a row with no name. */
const struct field report_fields_lv[] = {
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
	{"lv_merging", "Merging", T_BIN, K_LV, 10, f_lv_merging, 0, "Set if snapshot LV is being merged to origin."},
	{"lv_converting", "Converting", T_BIN, K_LV, 0, f_lv_converting, 0, "Set if LV is being converted."},
	{"lv_allocation_policy", "AllocPol", T_STR, K_LV, 10, f_lv_alloc, 0, "LV allocation policy."},
	{"lv_allocation_locked", "AllocLock", T_BIN, K_LV, 10, f_lv_allocation_locked, 0, "Set if LV is locked against allocation changes."},
	{"lv_fixed_minor", "FixMin", T_BIN, K_LV, 10, f_lv_fixed_minor, 0, "Set if LV has fixed minor number assigned."},
	{"lv_skip_activation", "SkipAct", T_BIN, K_LV, 15, f_lv_skip_activation, 0, "Set if LV is skipped on activation."},
	{"lv_autoactivation", "AutoAct", T_BIN, K_LV, 0, f_lv_autoactivation, 0, "Set if LV autoactivation is enabled."},
	{"lv_when_full", "WhenFull", T_STR, K_LV, 15, f_thin_when_full, 0, "For thin pools, behavior when full."},
	{"lv_active", "Active", T_STR, K_LV, 0, f_lv_active, 0, "Active state of the LV."},
	{"lv_active_locally", "ActLocal", T_BIN, K_LV, 10, f_lv_active_locally, 0, "Set if the LV is active locally."},
	{"lv_active_remotely", "ActRemote", T_BIN, K_LV, 10, f_lv_active_remotely, 0, "Set if the LV is active remotely."},
	{"lv_active_exclusively", "ActExcl", T_BIN, K_LV, 10, f_lv_active_exclusively, 0, "Set if the LV is active exclusively."},
	{"lv_major", "Maj", T_NUM, K_LV, 0, f_lv_major, 0, "Persistent major number or -1 if not persistent."},
	{"lv_minor", "Min", T_NUM, K_LV, 0, f_lv_minor, 0, "Persistent minor number or -1 if not persistent."},
	{"lv_read_ahead", "Rahead", T_SIZ, K_LV, 0, f_lv_read_ahead, 0, "Read ahead setting in current units."},
	{"lv_size", "LSize", T_SIZ, K_LV, 0, f_lv_size, 0, "Size of LV in current units."},
	{"lv_metadata_size", "MSize", T_SIZ, K_LV, 0, f_thin_metadata_size, 0, "For thin and cache pools, the size of the LV that holds the metadata."},
	{"seg_count", "#Seg", T_NUM, K_LV, 0, f_seg_count, 0, "Number of segments in LV."},
	{"origin", "Origin", T_STR, K_LV, 0, f_origin, 0, "For snapshots and thins, the origin device of this LV."},
	{"origin_uuid", "Origin UUID", T_STR, K_LV, 38, f_empty, 0, "For snapshots and thins, the UUID of origin device of this LV."},
	{"origin_size", "OSize", T_SIZ, K_LV, 0, f_empty, 0, "For snapshots, the size of the origin device of this LV."},
	{"lv_ancestors", "Ancestors", T_LIST, K_LV, 0, f_empty, 0, "LV ancestors ignoring any stored history of the ancestry chain."},
	{"lv_full_ancestors", "FAncestors", T_LIST, K_LV, 0, f_empty, 0, "LV ancestors including stored history of the ancestry chain."},
	{"lv_descendants", "Descendants", T_LIST, K_LV, 0, f_empty, 0, "LV descendants ignoring any stored history of the ancestry chain."},
	{"lv_full_descendants", "FDescendants", T_LIST, K_LV, 0, f_empty, 0, "LV descendants including stored history of the ancestry chain."},
	{"raid_mismatch_count", "Mismatches", T_NUM, K_LV, 0, f_raid_mismatch_count, 0, "For RAID, number of mismatches found or repaired."},
	{"raid_sync_action", "SyncAction", T_STR, K_LV, 0, f_raid_sync_action, 0, "For RAID, the current synchronization action being performed."},
	{"raid_write_behind", "WBehind", T_NUM, K_LV, 0, f_raid_write_behind, 0, "For RAID1, the number of outstanding writes allowed to writemostly devices."},
	{"raid_min_recovery_rate", "MinSync", T_NUM, K_LV, 0, f_raid_min_recovery_rate, 0, "For RAID1, the minimum recovery I/O load in kiB/sec/disk."},
	{"raid_max_recovery_rate", "MaxSync", T_NUM, K_LV, 0, f_raid_max_recovery_rate, 0, "For RAID1, the maximum recovery I/O load in kiB/sec/disk."},
	{"raidintegritymode", "IntegMode", T_STR, K_LV, 0, f_empty, 0, "The integrity mode"},
	{"raidintegrityblocksize", "IntegBlkSize", T_NUM, K_LV, 0, f_minus1, 0, "The integrity block size"},
	{"integritymismatches", "IntegMismatches", T_NUM, K_LV, 0, f_empty, 0, "The number of integrity mismatches."},
	{"move_pv", "Move", T_STR, K_LV, 0, f_empty, 0, "For pvmove, Source PV of temporary LV created by pvmove."},
	{"move_pv_uuid", "Move UUID", T_STR, K_LV, 38, f_empty, 0, "For pvmove, the UUID of Source PV of temporary LV created by pvmove."},
	{"convert_lv", "Convert", T_STR, K_LV, 0, f_convert_lv, 0, "For lvconvert, Name of temporary LV created by lvconvert."},
	{"convert_lv_uuid", "Convert UUID", T_STR, K_LV, 38, f_convert_lv_uuid, 0, "For lvconvert, UUID of temporary LV created by lvconvert."},
	{"mirror_log", "Log", T_STR, K_LV, 0, f_mirror_log, 0, "For mirrors, the LV holding the synchronisation log."},
	{"mirror_log_uuid", "Log UUID", T_STR, K_LV, 38, f_empty, 0, "For mirrors, the UUID of the LV holding the synchronisation log."},
	{"data_lv", "Data", T_STR, K_LV, 0, f_thin_data_lv, 0, "For cache/thin/vdo pools, the LV holding the associated data."},
	{"data_lv_uuid", "Data UUID", T_STR, K_LV, 38, f_empty, 0, "For cache/thin/vdo pools, the UUID of the LV holding the associated data."},
	{"metadata_lv", "Meta", T_STR, K_LV, 0, f_thin_metadata_lv, 0, "For cache/thin pools, the LV holding the associated metadata."},
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
	{"lv_kernel_read_ahead", "KRahead", T_SIZ, K_LV, 0, f_lv_kernel_read_ahead, 1, "Currently-in-use read ahead setting in current units."},
	{"lv_permissions", "LPerms", T_STR, K_LV, 8, f_lv_permissions, 1, "LV permissions."},
	{"lv_suspended", "Suspended", T_BIN, K_LV, 10, f_lv_suspended, 1, "Set if LV is suspended."},
	{"lv_live_table", "LiveTable", T_BIN, K_LV, 20, f_lv_live_table, 1, "Set if LV has live table present."},
	{"lv_inactive_table", "InactiveTable", T_BIN, K_LV, 20, f_lv_inactive_table, 1, "Set if LV has inactive table present."},
	{"lv_device_open", "DevOpen", T_BIN, K_LV, 10, f_lv_open, 1, "Set if LV device is open."},
	{"data_percent", "Data%", T_PCT, K_LV, 6, f_data_percent, 2, "For snapshot, cache and thin pools and volumes, the percentage full if LV is active."},
	{"snap_percent", "Snap%", T_PCT, K_LV, 6, f_snap_percent, 2, "For snapshots, the percentage full if LV is active."},
	{"metadata_percent", "Meta%", T_PCT, K_LV, 6, f_thin_metadata_percent, 2, "For cache and thin pools, the percentage of metadata full if LV is active."},
	{"copy_percent", "Cpy%Sync", T_PCT, K_LV, 0, f_copy_percent, 2, "For Cache, RAID, mirrors and pvmove, current percentage in-sync."},
	{"sync_percent", "Cpy%Sync", T_PCT, K_LV, 0, f_copy_percent, 2, "For Cache, RAID, mirrors and pvmove, current percentage in-sync."},
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
	{"lv_health_status", "Health", T_STR, K_LV, 15, f_lv_health_status, 2, "LV health status."},
	{"kernel_discards", "KDiscards", T_STR, K_LV, 0, f_thin_kernel_discards, 2, "For thin pools, how discards are handled in kernel."},
	{"lv_check_needed", "CheckNeeded", T_BIN, K_LV, 15, f_lv_check_needed, 2, "For thin pools and cache volumes, whether metadata check is needed."},
	{"lv_merge_failed", "MergeFailed", T_BIN, K_LV, 15, f_lv_merge_failed, 2, "Set if snapshot merge failed."},
	{"lv_snapshot_invalid", "SnapInvalid", T_BIN, K_LV, 15, f_lv_snapshot_invalid, 2, "Set if snapshot LV is invalid."},
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
	{0},
};
