/* The raid1 fields of the LV report: Cpy%Sync, the health, the sync
 * action and the mismatch count from the kernel's dm-raid status (blank
 * for an inactive LV and for other types, as LVM2), and what lv_attr
 * takes from them. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "activation/targets/targets.h"
#include "cmd/report/report_int.h"
#include "lvmgr/lv_api.h"
#include "metadata/segtypes/thin.h"
#include "metadata/segtypes/raid.h"

static bool lv_is_raid(const struct lv *lv)
{
	for (unsigned s = 0; s < lv->n_segs; s++)
		if (seg_is_raid(&lv->segs[s]))
			return true;
	return false;
}

static bool lv_is_mirror(const struct lv *lv)
{
	for (unsigned s = 0; s < lv->n_segs; s++)
		if (seg_is_mirror(&lv->segs[s]))
			return true;
	return false;
}

/* A mirror's log LV, in brackets as LVM2 shows hidden LVs. */
void f_mirror_log(const struct report_row *r, struct fval *v)
{
	static char buf[NAME_LEN + 3];
	const struct lv_seg *seg = &r->lv->segs[0];
	v->s = "";
	if (r->lv->n_segs && seg_is_mirror(seg) && seg->raid && seg->raid->log) {
		snprintf(buf, sizeof(buf), "[%s]", seg->raid->log);
		v->s = buf;
	}
}

/* LVM2's lv_convert_lv: that layer, when it is itself a mirror and not
 * locked (is_temporary_mirror_layer); NULL otherwise. */
static const struct lv *convert_lv(const struct vg *vg, const struct lv *lv)
{
	const struct lv_seg *seg = lv->n_segs ? &lv->segs[0] : NULL;
	const struct lv *tmp;
	if (!seg || !(seg_is_mirror(seg) || seg_is_raid(seg)) || !seg->n_areas || seg->areas[0].kind != AREA_LV ||
	    !(tmp = vg_find_lv(vg, seg->areas[0].lv_name)) || !lv_is_mirror(tmp) ||
	    ((tmp->flags.status | tmp->flags.compat) & LV_LOCKED))
		return NULL;
	return tmp;
}

/* Convert: the layer's name in brackets (it is hidden), as LVM2. */
void f_convert_lv(const struct report_row *r, struct fval *v)
{
	static char buf[NAME_LEN + 3];
	const struct lv *tmp = convert_lv(r->vg, r->lv);
	v->s = "";
	if (tmp) {
		snprintf(buf, sizeof(buf), lv_is_visible(r->vg, tmp) ? "%s" : "[%s]", tmp->name);
		v->s = buf;
	}
}

void f_convert_lv_uuid(const struct report_row *r, struct fval *v)
{
	static char buf[ID_LEN + 7];
	const struct lv *tmp = convert_lv(r->vg, r->lv);
	v->s = "";
	if (tmp) {
		id_format(tmp->id, buf);
		v->s = buf;
	}
}

void f_lv_converting(const struct report_row *r, struct fval *v)
{
	v->s = lv_mirror_is_converting(r->lv) ? "converting" : "";
}

/* Any PV under lv (through its raid images and metadata LVs) missing? */
bool report_lv_partial(const struct vg *vg, const struct lv *lv, unsigned depth)
{
	for (unsigned s = 0; s < lv->n_segs; s++) {
		const struct lv_seg *seg = &lv->segs[s];
		for (unsigned a = 0; a < seg->n_areas; a++) {
			const struct seg_area *ar = &seg->areas[a];
			const struct lv *sub;
			if (ar->kind == AREA_PV && !ar->pv->sd)
				return true;
			if (ar->kind == AREA_LV && depth < 8 && (sub = vg_find_lv(vg, ar->lv_name)) &&
			    report_lv_partial(vg, sub, depth + 1))
				return true;
		}
		for (unsigned k = 0; seg_is_raid(seg) && seg->raid && k < seg->n_areas && depth < 8; k++) {
			const struct lv *m = seg->raid->meta[k] ? vg_find_lv(vg, seg->raid->meta[k]) : NULL;
			if (m && report_lv_partial(vg, m, depth + 1))
				return true;
		}
	}
	return false;
}

static bool raid_status(const struct report_row *r, struct dt_status *st)
{
	return lv_is_raid(r->lv) && report_lv_status(r->vg, r->lv, st) && st->sync_action[0];
}

/* Cpy%Sync of raid1 and mirror LVs. */
static bool sync_status(const struct report_row *r, struct dt_status *st)
{
	return (lv_is_raid(r->lv) || lv_is_mirror(r->lv)) && report_lv_status(r->vg, r->lv, st) && st->has_percent;
}

/* raid1: the kernel's in-sync regions of the total; a mirror: LVM2's
 * copy_percent, in whole extents (the LV's extents times the in-sync
 * regions over the total, rounded down: 1 of 12 regions of a 6-extent
 * mirror is 0.00); rounded as LVM2 prints percentages. */
void f_copy_percent(const struct report_row *r, struct fval *v)
{
	static char buf[48];
	struct dt_status st;
	v->s = "";
	if (!sync_status(r, &st) || !st.denom)
		return;
	if (lv_is_raid(r->lv))
		v->s = units_format_percent(st.numer, st.denom, buf, sizeof(buf));
	else
		v->s = units_format_percent(r->lv->size_extents * st.numer / st.denom, r->lv->size_extents, buf,
					    sizeof(buf));
}

void f_lv_health_status(const struct report_row *r, struct fval *v)
{
	struct dt_status st;
	v->s = "";
	/* LVM2: any LV on a missing PV is "partial" */
	if (report_lv_partial(r->vg, r->lv, 0))
		v->s = "partial";
	else if (lv_is_thin_pool(r->lv))
		v->s = thin_health_status(r->vg, r->lv);	/* fields_thin.c */
	else if (r->lv->flags.status & LV_WRITEMOSTLY)
		v->s = "writemostly";	/* a raid1 image (lvchange --writemostly) */
	else if (!lv_is_raid(r->lv))
		return;
	else if (raid_status(r, &st) && st.raid_dead)
		v->s = "refresh needed";
	else if (raid_status(r, &st) && st.mismatches)
		v->s = "mismatches exist";
}

void f_raid_sync_action(const struct report_row *r, struct fval *v)
{
	static struct dt_status st;
	v->s = raid_status(r, &st) ? st.sync_action : "";
}

void f_raid_mismatch_count(const struct report_row *r, struct fval *v)
{
	static char buf[24];
	struct dt_status st;
	v->s = "";
	if (!raid_status(r, &st))
		return;
	snprintf(buf, sizeof(buf), "%" PRIu64, st.mismatches);
	v->s = buf;
}

char report_raid_health_char(const struct vg *vg, const struct lv *lv)
{
	struct dt_status st;
	if (!lv_is_raid(lv) || !report_lv_status(vg, lv, &st) || !st.sync_action[0])
		return '-';
	return st.raid_dead ? 'r' : st.mismatches ? 'm' : '-';
}

/* An active raid image: 'i' when its raid LV's status says it is in sync
 * ('A'), else 'I' (LVM2's lv_raid_image_in_sync). */
char report_raid_image_char(const struct vg *vg, const struct lv *lv)
{
	const char *p = strstr(lv->name, "_rimage_");
	struct dt_status st;
	if (!p)
		return 'i';
	char parent[NAME_LEN];
	snprintf(parent, sizeof(parent), "%.*s", (int)(p - lv->name), lv->name);
	const struct lv *top = vg_find_lv(vg, parent);
	if (!top || !top->n_segs || !seg_is_raid(&top->segs[0]))
		return 'i';
	for (unsigned k = 0; k < top->segs[0].n_areas; k++)
		if (!strcmp(top->segs[0].areas[k].lv_name, lv->name))
			/* (no status: the raid LV is inactive, its image active
			 * alone as a component LV; LVM2 says 'I' then) */
			return !report_lv_status(vg, top, &st) || (k < strlen(st.raid_health) && st.raid_health[k] != 'A')
				       ? 'I'
				       : 'i';
	return 'i';
}

/* An active raid1 image or metadata LV: 'r' when its raid LV's status
 * says the image is dead ('D'), else '-' (LVM2's lv_raid_healthy of a
 * sub-LV, the lv_attr health character). */
char report_raid_sub_health_char(const struct vg *vg, const struct lv *lv)
{
	const char *p = strstr(lv->name, "_rimage_"), *m = strstr(lv->name, "_rmeta_");
	struct dt_status st;
	if (!p && !m)
		return '-';
	char parent[NAME_LEN];
	snprintf(parent, sizeof(parent), "%.*s", (int)((p ? p : m) - lv->name), lv->name);
	const struct lv *top = vg_find_lv(vg, parent);
	if (!top || !top->n_segs || !seg_is_raid(&top->segs[0]) || !top->segs[0].raid)
		return '-';
	const struct lv_seg *seg = &top->segs[0];
	for (unsigned k = 0; k < seg->n_areas; k++) {
		const char *n = p ? seg->areas[k].lv_name : seg->raid->meta ? seg->raid->meta[k] : NULL;
		if (n && !strcmp(n, lv->name))
			/* (no status of the raid LV: LVM2's lv_raid_healthy fails, 'r') */
			return !report_lv_status(vg, top, &st) || (k < strlen(st.raid_health) && st.raid_health[k] == 'D')
				       ? 'r'
				       : '-';
	}
	return '-';
}

/* The mirror LV whose image (*log false) or log (*log true) lv is, NULL
 * when none (lvmgr's mirrors have one segment). */
static const struct lv *mirror_owner_of(const struct vg *vg, const struct lv *lv, bool *log)
{
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv *m = vg->lvs[l];
		const struct lv_seg *seg = m->n_segs == 1 && seg_is_mirror(&m->segs[0]) ? &m->segs[0] : NULL;
		*log = seg && seg->raid && seg->raid->log && !strcmp(seg->raid->log, lv->name);
		if (*log)
			return m;
		for (unsigned k = 0; seg && k < seg->n_areas; k++)
			if (seg->areas[k].kind == AREA_LV && !strcmp(seg->areas[k].lv_name, lv->name))
				return m;
	}
	return NULL;
}

/* An active mirror image: 'i' when the mirror it is an image of (the LV,
 * or its lvconvert layer LV_mimagetmp_K) is in sync, else 'I' (LVM2's
 * lv_mirror_image_in_sync). */
char report_mirror_image_char(const struct vg *vg, const struct lv *lv)
{
	struct dt_status st;
	bool log;
	const struct lv *m = mirror_owner_of(vg, lv, &log);
	if (!m || log)
		return 'i';
	return report_lv_status(vg, m, &st) && st.has_percent && st.denom && st.numer == st.denom ? 'i' : 'I';
}

/* raid_write_behind, raid_min_recovery_rate, raid_max_recovery_rate: the
 * raid segment's numbers (KiB/s for the rates), blank when 0 or not raid. */
static void raid_number(const struct report_row *r, struct fval *v, int which)
{
	static char buf[3][16];
	const struct lv_seg *seg = r->lv->n_segs ? &r->lv->segs[0] : NULL;
	uint32_t n = 0;
	v->s = "";
	if (!seg || !seg_is_raid(seg) || !seg->raid)
		return;
	n = which == 0 ? seg->raid->writebehind : which == 1 ? seg->raid->min_recovery_rate : seg->raid->max_recovery_rate;
	if (!n)
		return;
	snprintf(buf[which], sizeof(buf[which]), "%u", n);
	v->s = buf[which];
	v->n = n;
}

void f_raid_write_behind(const struct report_row *r, struct fval *v)
{
	raid_number(r, v, 0);
}

void f_raid_min_recovery_rate(const struct report_row *r, struct fval *v)
{
	raid_number(r, v, 1);
}

void f_raid_max_recovery_rate(const struct report_row *r, struct fval *v)
{
	raid_number(r, v, 2);
}

/* lv_layout and lv_role of mirror and raid LVs and their sub-LVs, as
 * LVM2's lv_layout_and_role (_lv_layout_and_role_mirror, _raid): a
 * mirror "mirror"; its images role "private,mirror,image", its log
 * "private,mirror,log" (a mirrored log's layout "mirror"); a raid LV
 * "raid,<level>"; its images and metadata LVs "private,raid,image|metadata"
 * (a tracked, visible image too). NULL where LVM2 computes them as for
 * any LV (linear/striped; public/private). */
void report_raid_layout_role(const struct vg *vg, const struct lv *lv, const char **layout, const char **role)
{
	bool log = false, meta = false;
	*layout = *role = NULL;
	if (lv_is_mirror(lv))
		*layout = "mirror";
	else if (lv->n_segs && seg_is_raid(&lv->segs[0])) {
		static char buf[64];
		const char *t = seg_segtype(&lv->segs[0])->name;
		snprintf(buf, sizeof(buf), "raid,%s", t);
		*layout = buf;
	}
	if (mirror_owner_of(vg, lv, &log)) {
		*role = log ? "private,mirror,log" : "private,mirror,image";
		if (!log)	/* an image's layout is its own segments' (LVM2) */
			*layout = NULL;
	} else if (raid_owner_of(vg, lv, NULL, &meta)) {
		*role = meta ? "private,raid,metadata" : "private,raid,image";
		*layout = NULL;
	}
}
