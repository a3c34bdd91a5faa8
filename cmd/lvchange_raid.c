/* lvchange --syncaction, --resync and the raid1 properties
 * (lvchange_raid.h). Which LVs a form takes as LVM2's command-lines.in:
 * an LV named of another type is refused, one picked by its VG skipped. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmd/lvchange_raid.h"
#include "cmd/report.h"
#include "cmd/report/select.h"
#include "lvmgr/activate.h"
#include "lvmgr/lv_raid_sync.h"
#include "metadata/segtypes/raid.h"

static bool is_raid(const struct lv *lv)
{
	return lv->n_segs && seg_is_raid(&lv->segs[0]) && lv->segs[0].raid;
}

static bool is_mirror(const struct lv *lv)
{
	return lv->n_segs && seg_is_mirror(&lv->segs[0]) && lv->segs[0].raid;
}

/* lv of the wrong type: 1 refused (named: logged, as LVM2), 0 skipped
 * quietly (picked by its VG), -1 it is of the right type. */
static int wrong_type(struct cmd *c, const struct vg *vg, const struct lv *lv, bool ok)
{
	if (ok)
		return -1;
	for (int a = 0; a < c->n_pos; a++) {
		const char *s = vg_name_arg(c->pos[a]), *slash = strchr(s, '/');
		if (slash && (size_t)(slash - s) == strlen(vg->name) && !strncmp(s, vg->name, slash - s) &&
		    !strcmp(slash + 1, lv->name)) {
			log_warn("Command on LV %s/%s does not accept LV type %s.", vg->name, lv->name, lv_lvm2_type(vg, lv));
			log_error("Command not permitted on LV %s/%s.", vg->name, lv->name);
			return 1;
		}
	}
	return 0;
}

static int syncaction_one(struct cmd *c, struct vg *vg, struct lv *lv, void *arg)
{
	(void)arg;
	int w = wrong_type(c, vg, lv, is_raid(lv));
	if (w >= 0)
		return w;
	return lv_raid_syncaction(&c->ctx, vg, lv, arg_str(c, ARG_SYNCACTION, "check")) ? 1 : 0;
}

int lvchange_syncaction(struct cmd *c)
{
	SELECT_EXPAND_ARGS_VG(c, REPORT_LV, true, true);
	return for_each_lv(c, LOCK_SHARED, 0, false, syncaction_one, NULL);
}

static int resync_one(struct cmd *c, struct vg *vg, struct lv *lv, void *arg)
{
	struct ctx *x = &c->ctx;
	(void)arg;
	int w = wrong_type(c, vg, lv, is_raid(lv) || is_mirror(lv));
	if (w >= 0)
		return w;
	const struct dmk_dev *d = dmk_available() ? act_state(x, vg, lv) : NULL;
	if (d) {
		if (d->open_count) {
			log_error("Can't resync open logical volume %s/%s.", vg->name, lv->name);
			return 1;
		}
		if (!cmd_confirm(c, "Do you really want to deactivate logical volume %s/%s to resync it?", vg->name,
				 lv->name)) {
			log_error("Logical volume %s/%s not resynced.", vg->name, lv->name);
			return 1;
		}
		if (!x->test && deact_lv(x, vg, lv, false)) {
			log_error("Unable to deactivate %s/%s for resync.", vg->name, lv->name);
			return 1;
		}
	}
	return lv_raid_resync(x, vg, lv, d != NULL) ? 1 : 0;
}

int lvchange_resync(struct cmd *c)
{
	SELECT_EXPAND_ARGS_VG(c, REPORT_LV, true, true);
	int rc = for_each_lv(c, LOCK_EXCL, 0, false, resync_one, NULL);
	/* LVM2 still takes -a with --resync, after it. */
	if (rc == ECMD_PROCESSED && arg_is_set(c, ARG_ACTIVATE)) {
		log_warn("Combining activation change with other commands is not advised.");
		return cmd_lvchange(c);
	}
	return rc;
}

bool lvchange_raid_props_set(const struct cmd *c)
{
	return arg_is_set(c, ARG_WRITEMOSTLY) || arg_is_set(c, ARG_WRITEBEHIND) || arg_is_set(c, ARG_MINRECOVERYRATE) ||
	       arg_is_set(c, ARG_MAXRECOVERYRATE);
}

/* The raid LV's sync as LVM2's lv_raid_in_sync: active and 100%. */
static bool in_sync(struct cmd *c, const struct vg *vg, const struct lv *lv)
{
	struct dt_status st;
	if (act_status(&c->ctx, vg, lv, &st) || !st.has_percent) {
		log_error("Unable to determine sync status of %s/%s.", vg->name, lv->name);
		return false;
	}
	return st.denom && st.numer == st.denom;
}

/* --writemostly PV[:y|n|t] (repeatable): the WRITEMOSTLY flag of every
 * image with extents on PV; at least one image stays without it. */
static int writemostly(struct cmd *c, struct vg *vg, struct lv *lv, uint32_t *flags)
{
	struct lv_seg *seg = &lv->segs[0];
	const struct argval *av = &c->args[ARG_WRITEMOSTLY];
	for (unsigned k = 0; k < seg->n_areas; k++) {
		const struct lv *img = vg_find_lv(vg, seg->areas[k].lv_name);
		flags[k] = img ? img->flags.status & LV_WRITEMOSTLY : 0;
	}
	for (unsigned i = 0; i < av->n; i++) {
		const char *s = av->v[i];
		size_t len = strlen(s);
		char mode = 'y';
		char *name = arena_strdup(&c->ctx.arena, s);
		if (len >= 3 && s[len - 2] == ':') {
			mode = s[len - 1];
			name[len - 2] = 0;
		}
		if (mode != 'y' && mode != 'n' && mode != 't') {
			log_error("Invalid --writemostly %s: the mode after ':' is y, n or t.", s);
			return -EINVAL;
		}
		struct scan_dev *sd = scan_find(&c->ctx, name);
		const struct pv *pv = NULL;
		for (unsigned p = 0; p < vg->n_pvs && sd; p++)
			if (vg->pvs[p]->sd == sd)
				pv = vg->pvs[p];
		if (!pv) {
			log_error("%s not found in volume group, %s", name, vg->name);
			return -ENOENT;
		}
		for (unsigned k = 0; k < seg->n_areas; k++) {
			const struct lv *img = vg_find_lv(vg, seg->areas[k].lv_name);
			if (!img || !lv_uses_pv(img, pv))
				continue;
			flags[k] = mode == 'y' ? LV_WRITEMOSTLY : mode == 'n' ? 0 : flags[k] ^ LV_WRITEMOSTLY;
		}
	}
	unsigned n = 0;
	for (unsigned k = 0; k < seg->n_areas; k++)
		n += flags[k] != 0;
	if (n == seg->n_areas) {
		log_error("Can't set all images of %s LV %s/%s to writemostly.", seg->segtype->name, vg->name, lv->name);
		return -EINVAL;
	}
	return 0;
}

int lvchange_raid_props(struct cmd *c, struct vg *vg, struct lv *lv)
{
	bool wm = arg_is_set(c, ARG_WRITEMOSTLY) || arg_is_set(c, ARG_WRITEBEHIND);
	bool rate = arg_is_set(c, ARG_MINRECOVERYRATE) || arg_is_set(c, ARG_MAXRECOVERYRATE);
	uint64_t v;
	if (!wm && !rate)
		return 0;
	/* LVM2's rules: the rates need a raid LV, the others raid1. */
	if (!is_raid(lv)) {
		log_warn("Command on LV %s/%s uses options that require LV types %s.", vg->name, lv->name,
			 wm ? "raid1" : "raid");
		log_error("Command not permitted on LV %s/%s.", vg->name, lv->name);
		return -1;
	}
	struct lv_seg *seg = &lv->segs[0];
	struct seg_raid nrd = *seg->raid;
	uint32_t *flags = arena_alloc(&c->ctx.arena, seg->n_areas * sizeof(*flags));
	if (wm) {
		if (!in_sync(c, vg, lv)) {
			log_error("Unable to change write%s on %s/%s while it is not in-sync.",
				  arg_is_set(c, ARG_WRITEMOSTLY) ? "mostly" : "behind", vg->name, lv->name);
			return -1;
		}
		if (arg_is_set(c, ARG_WRITEBEHIND)) {
			if (arg_uint(c, ARG_WRITEBEHIND, UINT32_MAX, 0, &v))
				return -1;
			nrd.writebehind = (uint32_t)v;
		}
		if (writemostly(c, vg, lv, flags))
			return -1;
	}
	/* Sizes in sectors; the metadata and the table hold KiB/s. */
	if (arg_is_set(c, ARG_MINRECOVERYRATE))
		nrd.min_recovery_rate = (uint32_t)(arg_val(c, ARG_MINRECOVERYRATE)->num / 2);
	if (arg_is_set(c, ARG_MAXRECOVERYRATE))
		nrd.max_recovery_rate = (uint32_t)(arg_val(c, ARG_MAXRECOVERYRATE)->num / 2);
	if (nrd.max_recovery_rate && nrd.max_recovery_rate < nrd.min_recovery_rate) {
		log_error("Minimum recovery rate cannot be higher than maximum.");
		return -1;
	}
	struct seg_raid *rd = arena_alloc(&c->ctx.arena, sizeof(*rd));
	*rd = nrd;
	seg->raid = rd;
	for (unsigned k = 0; wm && arg_is_set(c, ARG_WRITEMOSTLY) && k < seg->n_areas; k++) {
		struct lv *img = vg_find_lv(vg, seg->areas[k].lv_name);
		if (img)
			img->flags.status = (img->flags.status & ~(uint32_t)LV_WRITEMOSTLY) | flags[k];
	}
	return 1;
}
