/* lvconvert of raid1 image counts (lv_api.h lv_raid_convert), as LVM2
 * 2.03's lv_raid_change_image_count and its linear <-> raid1 conversions:
 *   linear -> raid1: the LV's segments move to a new LV_rimage_0, an
 *     LV_rmeta_0 is allocated on its PV, the new images as lvcreate
 *     allocates them on PVs the LV does not use;
 *   raid1 + images: new LV_rmeta_K/LV_rimage_K pairs, the same way;
 *   raid1 - images: the last ones go;
 *   raid1 -> linear (-m 0): image 0's segments come back to the LV.
 * LVM2 needs the LV active (the kernel rebuilds the new images: the first
 * table after the change says "rebuild K", the metadata then loses the
 * flag) and so does lvmgr. The VG's LV list keeps LVM2's order (rmeta_0,
 * the new pairs meta first, rimage_0 last for a conversion from linear). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lvmgr/activate.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/scan.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/raid.h"

/* rmeta_extents of lv_raid.c, for `extents` image extents. */
static uint64_t meta_extents(const struct vg *vg, uint64_t extents, uint32_t region)
{
	uint64_t bytes = 2 * 4096 + (extents * vg->extent_size / region + 7) / 8;
	return ((bytes + 511) / 512 + vg->extent_size - 1) / vg->extent_size;
}

uint64_t lv_raid_pair_extents(const struct vg *vg, uint64_t extents, uint32_t region)
{
	return meta_extents(vg, extents, region) + extents;
}

/* The PV arguments minus the PVs lv's images already use (all PVs when
 * none were named), with the extent ranges they name (PV:1-5; a PV named
 * twice gets the ranges of both, one named whole is whole). */
struct alloc_pv_arg *lv_raid_free_pv_args(struct ctx *x, const struct vg *vg, struct lv *const *used, unsigned nused,
					 const struct alloc_pv_arg *pa, unsigned npa, unsigned *n)
{
	struct alloc_pv_arg *out = arena_alloc(&x->arena, (vg->n_pvs + 1) * sizeof(*out));
	*n = 0;
	for (unsigned p = 0; p < vg->n_pvs; p++) {
		const struct pv *pv = vg->pvs[p];
		bool in = !npa, whole = !npa, busy = false;
		unsigned nr = 0;
		if (!pv->sd)
			continue;
		for (unsigned i = 0; i < npa; i++)
			if (!pa[i].is_tag && !strcmp(pa[i].name, pv->sd->dev.path)) {
				in = true;
				whole |= !pa[i].n_ranges;
				nr += pa[i].n_ranges;
			}
		for (unsigned k = 0; k < nused && !busy; k++)
			busy = used[k] && lv_uses_pv(used[k], pv);
		if (!in || busy)
			continue;
		struct alloc_pv_arg *o = &out[(*n)++];
		*o = (struct alloc_pv_arg){.name = pv->sd->dev.path};
		if (whole)
			continue;
		o->ranges = arena_alloc(&x->arena, nr * sizeof(*o->ranges));
		for (unsigned i = 0; i < npa; i++)
			if (!pa[i].is_tag && !strcmp(pa[i].name, pv->sd->dev.path))
				for (unsigned r = 0; r < pa[i].n_ranges; r++)
					o->ranges[o->n_ranges++] = pa[i].ranges[r];
	}
	return out;
}

/* Allocate `count` new (rmeta, rimage) pairs for lv's images of `extents`
 * extents on the PVs pa names; their LVs into metas/imgs (indexes from
 * first). */
int lv_raid_alloc_pairs(struct ctx *x, struct vg *vg, struct lv *lv, unsigned first, unsigned count, uint64_t extents,
		       uint32_t region, const struct alloc_pv_arg *pa, unsigned npa, const char *alloc,
		       struct lv **metas, struct lv **imgs)
{
	uint64_t meta = meta_extents(vg, extents, region), per = meta + extents;
	struct alloc_request req = {
		.lv = vg->n_lvs, .lv_name = lv->name, .extents = per * count, .stripes = count,
		.stripe_size = count > 1 ? vg->extent_size : 0, .policy = lv_alloc_policy(alloc, vg, lv),
		.maximise_cling = config_bool(x->cfg, "allocation/maximise_cling"),
		.pv_args = pa, .n_pv_args = npa,
	};
	struct alloc_result res;
	memset(&res, 0, sizeof(res));
	if (!npa) {
		log_error("Insufficient suitable allocatable extents for logical volume %s: no PV left without an image of it.",
			  lv->name);
		return -ENOSPC;
	}
	if (alloc_extents(&x->arena, lv_alloc_pvs(&x->arena, vg), vg->n_pvs, &req, &res)) {
		log_error("%s", res.error);
		return -ENOSPC;
	}
	for (unsigned j = 0; j < count; j++) {
		metas[j] = lv_sub_new(x, lv, arena_printf(&x->arena, "_rmeta_%u", first + j), (uint64_t)time(NULL));
		imgs[j] = lv_sub_new(x, lv, arena_printf(&x->arena, "_rimage_%u", first + j), (uint64_t)time(NULL));
		uint64_t done = 0;
		for (unsigned s = 0; s < res.n_segs; s++) {
			const struct alloc_seg *as = &res.segs[s];
			struct pv *pv = vg->pvs[as->areas[j].pv];
			uint64_t pe = as->areas[j].pe, len = as->extents / as->stripes;
			if (done < meta) {
				uint64_t m = len < meta - done ? len : meta - done;
				lv_sub_add_linear(&x->arena, metas[j], pv, pe, m);
				pe += m, len -= m, done += m;
			}
			if (len)
				lv_sub_add_linear(&x->arena, imgs[j], pv, pe, len);
		}
	}
	return 0;
}

/* An rmeta for the image img on img's first PV (also mirror -> raid1,
 * lv_mirror_convert.c). */
int lv_raid_meta_beside(struct ctx *x, struct vg *vg, struct lv *lv, struct lv *img, uint32_t region,
			struct lv *meta)
{
	struct pv *pv = img->segs[0].areas[0].pv;
	struct alloc_pv_arg one = {.name = pv->sd ? pv->sd->dev.path : ""};
	struct alloc_request req = {
		.lv = vg->n_lvs, .lv_name = lv->name, .extents = meta_extents(vg, img->size_extents, region),
		.stripes = 1, .policy = ALLOC_NORMAL, .maximise_cling = true, .pv_args = &one, .n_pv_args = 1,
	};
	struct alloc_result res;
	memset(&res, 0, sizeof(res));
	if (!pv->sd || alloc_extents(&x->arena, lv_alloc_pvs(&x->arena, vg), vg->n_pvs, &req, &res)) {
		log_error("%s", pv->sd ? res.error : "The PV of the image is missing.");
		return -ENOSPC;
	}
	for (unsigned s = 0; s < res.n_segs; s++)
		lv_sub_add_linear(&x->arena, meta, vg->pvs[res.segs[s].areas[0].pv], res.segs[s].areas[0].pe,
				  res.segs[s].extents);
	return 0;
}

/* The raid1 segment of lv over images[0..n) and metas[0..n). */
static void set_raid_seg(struct ctx *x, struct lv *lv, struct lv *const *metas, struct lv *const *imgs, unsigned n,
			 uint32_t region, uint64_t extents)
{
	struct seg_raid *rd = lv_mirrored_seg(x, lv, &segtype_raid1, extents, region, imgs, n)->raid;
	rd->meta = arena_alloc(&x->arena, n * sizeof(*rd->meta));
	for (unsigned k = 0; k < n; k++)
		rd->meta[k] = metas[k]->name;
}

/* lv_int.h */
bool lv_on_pv_args(const struct lv *lv, const struct alloc_pv_arg *pa, unsigned npa)
{
	for (unsigned s = 0; s < lv->n_segs; s++)
		for (unsigned a = 0; a < lv->segs[s].n_areas; a++) {
			const struct seg_area *ar = &lv->segs[s].areas[a];
			if (ar->kind != AREA_PV)
				continue;
			for (unsigned i = 0; i < npa; i++) {
				if (!pa[i].is_tag && ar->pv->sd && !strcmp(pa[i].name, ar->pv->sd->dev.path))
					return true;
				for (unsigned t = 0; pa[i].is_tag && t < ar->pv->tags.n; t++)
					if (!strcmp(ar->pv->tags.v[t], pa[i].name))
						return true;
			}
		}
	return false;
}

/* LVM2's _raid_allow_extraction (raid1): while the array syncs, no
 * primary image goes during a "resync", and during a "recover" not the
 * last image the kernel has in sync ('A'). Images on the named PVs (all
 * images without PVs, as LVM2 then targets the VG's PVs) are the
 * candidates. */
static int allow_extraction(struct ctx *x, const struct vg *vg, const struct lv *lv, struct lv **imgs,
			    struct lv **metas, unsigned cur, unsigned extract, const struct alloc_pv_arg *pa,
			    unsigned npa)
{
	struct dt_status st;
	if (act_status(x, vg, lv, &st) || !st.has_percent) {
		log_error("Unable to determine sync status of %s/%s.", vg->name, lv->name);
		return -EINVAL;
	}
	if (st.denom && st.numer == st.denom)
		return 0;
	if (!strcmp(st.sync_action, "resync")) {
		if (npa && !lv_on_pv_args(imgs[0], pa, npa) && !lv_on_pv_args(metas[0], pa, npa))
			return 0;
		log_error("Unable to remove primary RAID image while array resyncing.");
		return -EINVAL;
	}
	if (strcmp(st.sync_action, "recover") && strcmp(st.sync_action, "rebuild") && strcmp(st.sync_action, "idle")) {
		log_error("Unable to remove RAID image while array is performing \"%s\"", st.sync_action);
		return -EINVAL;
	}
	if (strlen(st.raid_health) != cur)
		return 0;
	unsigned redundancy = 0;
	for (unsigned k = 0; k < cur; k++)
		redundancy += st.raid_health[k] == 'A';
	for (unsigned k = 0; k < cur && extract; k++) {
		if (npa && !lv_on_pv_args(imgs[k], pa, npa) && !lv_on_pv_args(metas[k], pa, npa))
			continue;
		if (st.raid_health[k] == 'A' && !--redundancy) {
			log_error("Unable to remove all primary source devices");
			return -EINVAL;
		}
		extract--;
	}
	return 0;
}

/* lv_int.h; also after a split (lv_raid_split.c). */
int lv_raid_shift_names(struct ctx *x, struct vg *vg, struct lv *lv, struct lv **metas, struct lv **imgs, unsigned n)
{
	const char **old = arena_alloc(&x->arena, 2 * n * sizeof(*old));
	struct lv **sub = arena_alloc(&x->arena, 2 * n * sizeof(*sub));
	unsigned ns = 0;
	for (unsigned k = 0; k < n; k++) {
		const char *ni = arena_printf(&x->arena, "%s_rimage_%u", lv->name, k);
		const char *nm = arena_printf(&x->arena, "%s_rmeta_%u", lv->name, k);
		if (strcmp(imgs[k]->name, ni)) {
			old[ns] = imgs[k]->name;
			sub[ns++] = imgs[k];
			imgs[k]->name = ni;
		}
		if (strcmp(metas[k]->name, nm)) {
			old[ns] = metas[k]->name;
			sub[ns++] = metas[k];
			metas[k]->name = nm;
		}
	}
	struct seg_raid *rd = lv->segs[0].raid;
	for (unsigned k = 0; k < n; k++) {
		lv->segs[0].areas[k].lv_name = imgs[k]->name;
		rd->meta[k] = metas[k]->name;
	}
	int r = vg_commit(x, vg);
	for (unsigned i = 0; !r && i < ns && !x->test; i++)
		r = act_rename(x, vg, old[i], sub[i]);
	return r;
}

int lv_raid_convert(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_raid_convert_params *p)
{
	bool linear = true, raid = lv->n_segs == 1 && seg_is_raid(&lv->segs[0]) && lv->segs[0].raid;
	for (unsigned s = 0; s < lv->n_segs; s++)
		linear &= seg_is_linear(&lv->segs[s]) && lv->segs[s].areas[0].kind == AREA_PV;
	unsigned cur = raid ? lv->segs[0].n_areas : 1, want = p->images;
	struct alloc_pv_arg *pa = NULL;
	int r;

	if (!raid && !linear) {
		log_error("Can't convert %s/%s: only linear and raid1 LVs change their image count in lvmgr.",
			  vg->name, lv->name);
		return -ENOTSUP;
	}
	/* LVM2's _lv_raid_change_image_count: a raid1 with failed images
	 * takes no image before its repair (2.03.16 says so and goes on when
	 * images are added: the refusal holds only for the same count) */
	bool degraded = false;
	for (unsigned k = 0; raid && k < cur; k++)
		degraded |= lv_raid_sub_degraded(vg_find_lv(vg, lv->segs[0].areas[k].lv_name)) ||
			    (lv->segs[0].raid->meta && lv_raid_sub_degraded(vg_find_lv(vg, lv->segs[0].raid->meta[k])));
	if (degraded && want >= cur) {
		log_error("Can't change number of mirrors of degraded %s/%s.", vg->name, lv->name);
		log_error("Please run \"lvconvert --repair %s/%s\" first.", vg->name, lv->name);
	}
	if (want == cur) {	/* LVM2: a warning, and success (failure when degraded) */
		log_warn("%s/%s already has image count of %u.", vg->name, lv->name, cur);
		return degraded ? -EINVAL : 0;
	}
	if (want > 64) {
		log_error("Only up to 64 mirrors in raid1 supported currently.");
		return -EINVAL;
	}
	if (!dmk_available() || !act_state(x, vg, lv)) {
		log_error("%s/%s must be active to perform this operation.", vg->name, lv->name);
		return -EINVAL;
	}
	/* LVM2's _raid_add_images_without_commit: a --nosync raid1 takes
	 * no image before lvchange --resync, a resyncing one none either */
	if (raid && want > cur && (lv->flags.status & LV_NOTSYNCED)) {
		log_error("Can't add image to out-of-sync RAID LV: use 'lvchange --resync' first.");
		return -EINVAL;
	}
	if (raid && want > cur &&
	    (r = lv_raid_in_sync(x, vg, lv, "Can't add image to RAID LV that is still initializing.")))
		return r;
	if ((r = lv_pv_args(x, vg, p->pvs, p->n_pvs, &pa)))
		return r;

	uint32_t region = raid ? lv->segs[0].raid->region_size : 0;
	if (!region)
		region = lv_region_for(x, vg, lv->size_extents, 0);
	struct lv **metas = arena_alloc(&x->arena, (want > cur ? want : cur) * sizeof(*metas));
	struct lv **imgs = arena_alloc(&x->arena, (want > cur ? want : cur) * sizeof(*imgs));
	struct lv **gone = NULL;
	unsigned n_gone = 0;
	bool holes = false;
	for (unsigned k = 0; raid && k < cur; k++) {
		imgs[k] = vg_find_lv(vg, lv->segs[0].areas[k].lv_name);
		metas[k] = lv->segs[0].raid->meta[k] ? vg_find_lv(vg, lv->segs[0].raid->meta[k]) : NULL;
		if (!imgs[k] || !metas[k]) {
			log_error("Can't convert %s/%s: its image %u or its metadata LV is missing.", vg->name, lv->name, k);
			return -EINVAL;
		}
	}

	if (want > cur) {
		unsigned ubusy = 0;
		struct lv *self[1] = {lv};
		struct alloc_pv_arg *fa = lv_raid_free_pv_args(x, vg, raid ? imgs : self, raid ? cur : 1, pa, p->n_pvs, &ubusy);
		if (!raid) {
			/* The LV's extents become rimage_0; an rmeta_0 beside it. */
			imgs[0] = lv_sub_new(x, lv, arena_printf(&x->arena, "_rimage_%u", 0), (uint64_t)time(NULL));
			metas[0] = lv_sub_new(x, lv, arena_printf(&x->arena, "_rmeta_%u", 0), (uint64_t)time(NULL));
			imgs[0]->segs = lv->segs;
			imgs[0]->n_segs = lv->n_segs;
			imgs[0]->size_extents = lv->size_extents;
			if ((r = lv_raid_meta_beside(x, vg, lv, imgs[0], region, metas[0])))
				return r;
			lv_vg_add(&x->arena, vg, metas[0]);
		}
		if ((r = lv_raid_alloc_pairs(x, vg, lv, cur, want - cur, lv->size_extents, region, fa, ubusy, p->alloc,
				     metas + cur, imgs + cur)))
			return r;
		for (unsigned k = cur; k < want; k++) {
			imgs[k]->flags.status |= LV_REBUILD;
			lv_vg_add(&x->arena, vg, metas[k]);
			lv_vg_add(&x->arena, vg, imgs[k]);
		}
		if (!raid)
			lv_vg_add(&x->arena, vg, imgs[0]);
		set_raid_seg(x, lv, metas, imgs, want, region, lv->size_extents);
	} else {
		/* LVM2's _raid_extract_images: with PVs, the images (from the
		 * last) with their image or metadata LV on one of them; else
		 * the last ones. */
		bool *drop = arena_alloc(&x->arena, cur * sizeof(*drop));
		unsigned ndrop = 0;
		memset(drop, 0, cur * sizeof(*drop));
		if ((r = allow_extraction(x, vg, lv, imgs, metas, cur, cur - want, pa, p->n_pvs))) {
			log_error("Failed to extract images from %s/%s.", vg->name, lv->name);
			return r;
		}
		if (p->n_pvs && p->n_pvs < cur - want) {
			log_error("Unable to remove %u images:  Only %u device%s given.", cur - want, p->n_pvs,
				  p->n_pvs == 1 ? "" : "s");
			log_error("Failed to extract images from %s/%s.", vg->name, lv->name);
			return -EINVAL;
		}
		for (unsigned k = cur; k-- > 0 && ndrop < cur - want;)
			if (!p->n_pvs || lv_on_pv_args(imgs[k], pa, p->n_pvs) || lv_on_pv_args(metas[k], pa, p->n_pvs)) {
				drop[k] = true;
				ndrop++;
			}
		if (ndrop < cur - want) {
			log_error("Unable to extract enough images to satisfy request.");
			log_error("Failed to extract images from %s/%s.", vg->name, lv->name);
			return -EINVAL;
		}
		gone = arena_alloc(&x->arena, 2 * cur * sizeof(*gone));
		unsigned nk = 0;
		for (unsigned k = 0; k < cur; k++) {
			if (drop[k]) {
				gone[n_gone++] = metas[k];
				gone[n_gone++] = imgs[k];
			} else {
				metas[nk] = metas[k];
				imgs[nk++] = imgs[k];
			}
		}
		holes = want > 1 && strcmp(imgs[want - 1]->name, arena_printf(&x->arena, "%s_rimage_%u", lv->name, want - 1));
		if (want == 1) {
			/* Back to linear: image 0's extents are the LV's again. */
			gone[n_gone++] = metas[0];
			gone[n_gone++] = imgs[0];
			lv->segs = imgs[0]->segs;
			lv->n_segs = imgs[0]->n_segs;
			lv->size_extents = imgs[0]->size_extents;
		} else
			set_raid_seg(x, lv, metas, imgs, want, region, lv->size_extents);
		for (unsigned k = 0; k < n_gone; k++)
			vg_remove_lv(vg, gone[k]);
	}
	if ((r = vg_commit(x, vg)))
		return r;
	/* The new metadata LVs carry no stale superblock. */
	for (unsigned k = cur; k < want && !x->test; k++)
		if ((r = lv_raid_zero_lv(x, vg, metas[k], 1 << 20)))
			return r;
	if (!raid && want > 1 && !x->test && (r = lv_raid_zero_lv(x, vg, metas[0], 1 << 20)))
		return r;
	if (!x->test && (r = act_reload(x, vg, lv))) {
		log_error("Reloading %s/%s failed.", vg->name, lv->name);
		return r;
	}
	for (unsigned k = 0; k < n_gone && !x->test; k++)
		deact_lv(x, vg, gone[k], true);
	/* Images kept after a hole take the names of the ones before, as
	 * LVM2's _shift_and_rename_image_components; a second commit, once
	 * the devices of the old names are gone (their devices renamed). */
	if (holes && (r = lv_raid_shift_names(x, vg, lv, metas, imgs, want)))
		return r;
	if (want > cur) {
		/* The kernel has the rebuild: the metadata drops the flag (LVM2). */
		for (unsigned k = cur; k < want; k++)
			imgs[k]->flags.status &= ~(uint32_t)LV_REBUILD;
		if ((r = vg_commit(x, vg)))
			return r;
	}
	return 0;
}
