/* lvconvert --repair of a raid1 LV (lv_api.h lv_raid_repair), as LVM2
 * 2.03's lv_raid_replace (lib/metadata/raid_manip.c
 * _lv_raid_rebuild_or_replace) does it for the images on missing PVs or
 * that the kernel reports dead ('D'):
 *   1. new (rmeta, rimage) pairs are allocated on PVs no other image uses,
 *      under temporary names LV_rmeta_N/LV_rimage_N (N past the highest
 *      index in use), flagged REBUILD, in the failed pairs' slots; the
 *      failed pairs stay in the VG as visible LV_r*_K_extracted LVs. One
 *      commit; the LV's table is reloaded ("rebuild K"); the extracted
 *      LVs' devices go.
 *   2. the extracted LVs go, the new pairs take the old names, REBUILD is
 *      cleared. The second commit; the devices are renamed and the table
 *      reloaded once more (without "rebuild": the kernel's superblock on
 *      the new image carries the recovery on).
 * A failure in step 1 after its commit puts the previous metadata back
 * and drops the devices made for it: the LV stays in its previous layout.
 * A failure in step 2 leaves LVM2's intermediate layout, which works and
 * which the next lvconvert --repair (or LVM2's) finishes. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lvmgr/activate.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/scan.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/raid.h"

/* A sub-LV of error segments only (vgreduce --removemissing --force made
 * it: LVM2's lv_is_virtual). */
static bool is_virtual(const struct lv *l)
{
	for (unsigned s = 0; l && s < l->n_segs; s++)
		if (strcmp(l->segs[s].type ? l->segs[s].type : "", "error"))
			return false;
	return l && l->n_segs;
}

static bool on_missing_pv(const struct lv *l)
{
	for (unsigned s = 0; l && s < l->n_segs; s++)
		for (unsigned a = 0; a < l->segs[s].n_areas; a++)
			if (l->segs[s].areas[a].kind == AREA_PV && pv_is_missing(l->segs[s].areas[a].pv))
				return true;
	return false;
}

/* lv_int.h */
bool lv_raid_sub_degraded(const struct lv *l)
{
	return !l || on_missing_pv(l) || is_virtual(l);
}

/* 1 + the highest K of the VG's LVs named <lv>_<kind>_K. */
static unsigned next_index(const struct vg *vg, const struct lv *lv, const char *kind)
{
	size_t ol = strlen(lv->name), kl = strlen(kind);
	unsigned next = 0;
	for (unsigned i = 0; i < vg->n_lvs; i++) {
		const char *n = vg->lvs[i]->name, *p;
		char *end;
		if (strncmp(n, lv->name, ol) || n[ol] != '_' || strncmp(n + ol + 1, kind, kl) || n[ol + 1 + kl] != '_')
			continue;
		p = n + ol + 2 + kl;
		unsigned long k = strtoul(p, &end, 10);
		if (end != p && !*end && k + 1 > next)
			next = (unsigned)k + 1;
	}
	return next;
}

/* The metadata as it was: the LV list, lv's segment, the names. */
struct saved {
	struct lv **lvs;
	unsigned n_lvs;
	struct lv_seg *segs;
	unsigned n_segs;
	const char **names;
	uint32_t *status;
};

static void save(struct ctx *x, const struct vg *vg, const struct lv *lv, struct saved *sv)
{
	sv->n_lvs = vg->n_lvs;
	sv->lvs = arena_alloc(&x->arena, (vg->n_lvs + 1) * sizeof(*sv->lvs));
	memcpy(sv->lvs, vg->lvs, vg->n_lvs * sizeof(*sv->lvs));
	sv->names = arena_alloc(&x->arena, (vg->n_lvs + 1) * sizeof(*sv->names));
	sv->status = arena_alloc(&x->arena, (vg->n_lvs + 1) * sizeof(*sv->status));
	for (unsigned i = 0; i < vg->n_lvs; i++) {
		sv->names[i] = vg->lvs[i]->name;
		sv->status[i] = vg->lvs[i]->flags.status;
	}
	sv->segs = lv->segs;
	sv->n_segs = lv->n_segs;
}

static void restore(struct vg *vg, struct lv *lv, const struct saved *sv)
{
	vg->n_lvs = 0;
	for (unsigned i = 0; i < sv->n_lvs; i++) {
		sv->lvs[i]->name = sv->names[i];
		sv->lvs[i]->flags.status = sv->status[i];
		vg->lvs[vg->n_lvs++] = sv->lvs[i];
	}
	lv->segs = sv->segs;
	lv->n_segs = sv->n_segs;
}

/* A copy of lv's raid segment with its own areas and meta names. */
static struct lv_seg *seg_copy(struct ctx *x, const struct lv_seg *old)
{
	struct lv_seg *seg = arena_alloc(&x->arena, sizeof(*seg));
	*seg = *old;
	seg->areas = arena_alloc(&x->arena, old->n_areas * sizeof(*seg->areas));
	memcpy(seg->areas, old->areas, old->n_areas * sizeof(*seg->areas));
	struct seg_raid *rd = arena_alloc(&x->arena, sizeof(*rd));
	*rd = *old->raid;
	rd->meta = arena_alloc(&x->arena, old->n_areas * sizeof(*rd->meta));
	memcpy(rd->meta, old->raid->meta, old->n_areas * sizeof(*rd->meta));
	seg->raid = rd;
	return seg;
}

int lv_raid_repair(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_raid_convert_params *p)
{
	struct lv_seg *seg = lv->n_segs == 1 ? &lv->segs[0] : NULL;
	struct dt_status st;
	int r;

	if (!seg || !seg_is_raid(seg) || !seg->raid || !seg->raid->meta) {
		log_error("Unsupported volume type for repair of volume %s/%s.", vg->name, lv->name);
		return -ENOTSUP;
	}
	if (!dmk_available() || !act_state(x, vg, lv)) {
		log_error("%s/%s must be active to perform this operation.", vg->name, lv->name);
		return -EINVAL;
	}
	memset(&st, 0, sizeof(st));
	if ((r = act_status(x, vg, lv, &st)) || !st.denom || st.numer != st.denom) {
		log_error("Unable to replace devices in %s/%s while it is not in-sync.", vg->name, lv->name);
		return -EBUSY;
	}
	struct alloc_pv_arg *rpa = NULL;
	if (p->n_replace && (r = lv_pv_args(x, vg, p->replace, p->n_replace, &rpa)))
		return r;
	unsigned n = seg->n_areas, nfail = 0;
	struct lv **imgs = arena_alloc(&x->arena, n * sizeof(*imgs)), **metas = arena_alloc(&x->arena, n * sizeof(*metas));
	bool *failed = arena_alloc(&x->arena, n * sizeof(*failed));
	for (unsigned k = 0; k < n; k++) {
		imgs[k] = seg->areas[k].kind == AREA_LV ? vg_find_lv(vg, seg->areas[k].lv_name) : NULL;
		metas[k] = seg->raid->meta[k] ? vg_find_lv(vg, seg->raid->meta[k]) : NULL;
		if (!imgs[k] || !metas[k]) {
			log_error("Unable to replace RAID images while the array has unassigned areas.");
			return -EINVAL;
		}
		/* LVM2's _sublv_is_degraded: on a missing PV (partial), or dead
		 * in the kernel's status (lv_check_transient). */
		failed[k] = on_missing_pv(imgs[k]) || on_missing_pv(metas[k]) || is_virtual(imgs[k]) || is_virtual(metas[k]) ||
			    (k < st.raid_images && st.raid_health[k] == 'D') ||
			    lv_on_pv_args(imgs[k], rpa, p->n_replace) || lv_on_pv_args(metas[k], rpa, p->n_replace);
		nfail += failed[k];
	}
	if (!nfail && p->n_replace) {
		log_error("Logical volume %s/%s does not contain devices specified to replace.", vg->name, lv->name);
		return -EINVAL;
	}
	if (!nfail) {
		log_print("%s/%s does not contain devices specified to replace.", vg->name, lv->name);
		return 0;
	}
	if (nfail == n) {
		log_error("Unable to replace all PVs from %s/%s at once.", vg->name, lv->name);
		return -EINVAL;
	}

	/* The replacements, on PVs none of the images uses. */
	struct alloc_pv_arg *pa = NULL, *fa;
	unsigned nfa = 0;
	if ((r = lv_pv_args(x, vg, p->pvs, p->n_pvs, &pa)))
		return r;
	fa = lv_raid_free_pv_args(x, vg, imgs, n, pa, p->n_pvs, &nfa);
	uint32_t region = seg->raid->region_size ? seg->raid->region_size : RAID_REGION_SIZE_DEFAULT;
	unsigned mfirst = next_index(vg, lv, "rmeta"), ifirst = next_index(vg, lv, "rimage");
	unsigned first = mfirst > ifirst ? mfirst : ifirst;
	struct lv **nm = arena_alloc(&x->arena, nfail * sizeof(*nm)), **ni = arena_alloc(&x->arena, nfail * sizeof(*ni));
	/* LVM2's refusal when the PVs left cannot hold the new pairs. */
	uint64_t need = 0, avail = 0;
	if (nfa && (need = lv_raid_pair_extents(vg, imgs[0]->size_extents, region) * nfail))
		for (unsigned i = 0; i < vg->n_pvs; i++)
			for (unsigned a = 0; a < nfa; a++)
				if (vg->pvs[i]->sd && !strcmp(vg->pvs[i]->sd->dev.path, fa[a].name) &&
				    (vg->pvs[i]->flags.status & PV_ALLOCATABLE))
					avail += vg->pvs[i]->pe_count - vg->pvs[i]->pe_alloc;
	if (need && avail < need) {
		log_error("Insufficient free space: %" PRIu64 " extents needed, but only %" PRIu64 " available", need, avail);
		return -ENOSPC;
	}
	if (lv_raid_alloc_pairs(x, vg, lv, first, nfail, imgs[0]->size_extents, region, fa, nfa, p->alloc, nm, ni))
		return -ENOSPC;

	/* Step 1: the failed pairs extracted, the new ones in their slots. */
	struct saved sv;
	save(x, vg, lv, &sv);
	struct lv_seg *ns = seg_copy(x, seg);
	const char **final_m = arena_alloc(&x->arena, nfail * sizeof(*final_m));
	const char **final_i = arena_alloc(&x->arena, nfail * sizeof(*final_i));
	struct lv **old = arena_alloc(&x->arena, 2 * nfail * sizeof(*old));
	unsigned j = 0;
	for (unsigned k = 0; k < n; k++) {
		if (!failed[k])
			continue;
		final_m[j] = metas[k]->name;
		final_i[j] = imgs[k]->name;
		metas[k]->name = arena_printf(&x->arena, "%s_extracted", metas[k]->name);
		imgs[k]->name = arena_printf(&x->arena, "%s_extracted", imgs[k]->name);
		metas[k]->flags.status |= LV_VISIBLE;
		imgs[k]->flags.status |= LV_VISIBLE;
		old[2 * j] = metas[k];
		old[2 * j + 1] = imgs[k];
		nm[j]->flags.status |= LV_REBUILD;
		ni[j]->flags.status |= LV_REBUILD;
		lv_vg_add(&x->arena, vg, nm[j]);
		lv_vg_add(&x->arena, vg, ni[j]);
		ns->raid->meta[k] = nm[j]->name;
		ns->areas[k].lv_name = ni[j]->name;
		j++;
	}
	lv->segs = ns;
	if ((r = vg_commit(x, vg))) {
		restore(vg, lv, &sv);
		return r;
	}
	r = 0;
	for (j = 0; j < nfail && !x->test && !r; j++)
		r = lv_raid_zero_lv(x, vg, nm[j], 1 << 20);
	/* The tests make the reload fail here to see the way back. */
	if (!r && !x->test && getenv("LVMGR_TEST_RAID_REPAIR_FAIL")) {
		log_error("Reloading %s/%s failed: LVMGR_TEST_RAID_REPAIR_FAIL is set.", vg->name, lv->name);
		r = -EIO;
	} else if (!r && !x->test && (r = act_reload(x, vg, lv)))
		log_error("Reloading %s/%s failed.", vg->name, lv->name);
	if (r) {
		/* Back to the layout that works: the old metadata, the
		 * devices this command made gone. */
		act_rollback(x);
		restore(vg, lv, &sv);
		if (vg_commit(x, vg))
			log_error("Restoring the metadata of %s/%s failed: vgcfgrestore it.", vg->name, lv->name);
		return r;
	}
	for (j = 0; j < 2 * nfail && !x->test; j++)
		if (deact_lv(x, vg, old[j], true))
			log_warn("Failed to remove the device of %s/%s.", vg->name, old[j]->name);

	/* Step 2: the extracted LVs go, the new ones take their names. */
	const char **tmp_m = arena_alloc(&x->arena, nfail * sizeof(*tmp_m));
	const char **tmp_i = arena_alloc(&x->arena, nfail * sizeof(*tmp_i));
	for (j = 0; j < 2 * nfail; j++)
		vg_remove_lv(vg, old[j]);
	j = 0;
	for (unsigned k = 0; k < n; k++) {
		if (!failed[k])
			continue;
		tmp_m[j] = nm[j]->name;
		tmp_i[j] = ni[j]->name;
		nm[j]->name = final_m[j];
		ni[j]->name = final_i[j];
		nm[j]->flags.status &= ~(uint32_t)LV_REBUILD;
		ni[j]->flags.status &= ~(uint32_t)LV_REBUILD;
		ns->raid->meta[k] = nm[j]->name;
		ns->areas[k].lv_name = ni[j]->name;
		j++;
	}
	if ((r = vg_commit(x, vg)))
		return r;
	x->dm_listed = false;
	for (j = 0; j < nfail && !x->test; j++) {
		if (act_rename(x, vg, tmp_m[j], nm[j]) || act_rename(x, vg, tmp_i[j], ni[j]))
			log_warn("Failed to rename the devices of %s/%s.", vg->name, ni[j]->name);
	}
	if (!x->test && (r = act_reload(x, vg, lv))) {
		log_error("Reloading %s/%s failed.", vg->name, lv->name);
		return r;
	}
	return 0;
}

bool lv_is_partial(const struct vg *vg, const struct lv *lv)
{
	if (on_missing_pv(lv))
		return true;
	for (unsigned s = 0; s < lv->n_segs; s++) {
		const struct lv_seg *seg = &lv->segs[s];
		for (unsigned a = 0; a < seg->n_areas; a++) {
			const struct lv *sub = seg->areas[a].kind == AREA_LV ? vg_find_lv(vg, seg->areas[a].lv_name) : NULL;
			const struct lv *meta = seg->raid && seg->raid->meta && seg->raid->meta[a] ?
						vg_find_lv(vg, seg->raid->meta[a]) : NULL;
			if ((sub && sub != lv && lv_is_partial(vg, sub)) || (meta && on_missing_pv(meta)))
				return true;
		}
		const struct lv *log = seg->raid && seg->raid->log ? vg_find_lv(vg, seg->raid->log) : NULL;
		if (log && on_missing_pv(log))
			return true;
	}
	return false;
}

/* One error segment over all of s (LVM2's replace_lv_with_error_segment). */
static void to_error(struct ctx *x, struct lv *s)
{
	struct lv_seg *seg = arena_alloc(&x->arena, sizeof(*seg));
	memset(seg, 0, sizeof(*seg));
	seg->extent_count = s->size_extents;
	seg_set_segtype(seg, &segtype_error);
	s->segs = seg;
	s->n_segs = 1;
}

int lv_raid_remove_missing(struct ctx *x, struct vg *vg, struct lv *lv)
{
	struct lv_seg *seg = lv->n_segs == 1 ? &lv->segs[0] : NULL;
	if (!seg || !seg_is_raid(seg) || !seg->raid)
		return -EINVAL;
	for (unsigned k = 0; k < seg->n_areas; k++) {
		struct lv *img = seg->areas[k].kind == AREA_LV ? vg_find_lv(vg, seg->areas[k].lv_name) : NULL;
		struct lv *meta = seg->raid->meta && seg->raid->meta[k] ? vg_find_lv(vg, seg->raid->meta[k]) : NULL;
		if (!on_missing_pv(img) && !on_missing_pv(meta))
			continue;
		/* Both go to error, as LVM2: the kernel then sees a dead leg. */
		if (img)
			to_error(x, img);
		if (meta)
			to_error(x, meta);
	}
	return 0;
}
