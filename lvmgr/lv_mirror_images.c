/* lvconvert -m of mirror LVs (lv_api.h lv_mirror_images), as LVM2 2.03.16's
 * _lvconvert_mirrors_aux (tools/lvconvert.c) and _remove_mirror_images
 * (lib/metadata/mirror.c):
 *   fewer images: from the last area backwards, the images whose every
 *     extent is on a named PV move to the end of the area list (LVM2's
 *     shift_mirror_images), then, when too few matched, the last ones of
 *     what is left; the areas at the end go. Image 0 goes only while the
 *     mirror is in sync (an inactive one has no sync status: refused, as
 *     LVM2). One image left: the LV takes that image's segments (its id
 *     stays), the image LVs and the log go. The images left keep their
 *     names. One commit, the LV's table reloaded, the devices of the LVs
 *     gone removed.
 *   linear -> mirror: lv_mirror_repair.c's up-conversion (LVM2's
 *     lv_add_mirrors), which the repair shares.
 *   more images: new LV_mimage_K (K: the highest used + 1, LVM2's
 *     generate_lv_name) on PVs no image uses; a core-log mirror takes
 *     them at its end (the kernel resyncs it), a disk-log one through
 *     LVM2's temporary LV_mimagetmp_K layer (add_images).
 * A log change that comes with keeping 2+ images is refused. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lvmgr/activate.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/raid.h"

static bool is_mirror(const struct lv *lv)
{
	return lv->n_segs == 1 && seg_is_mirror(&lv->segs[0]) && lv->segs[0].raid;
}

/* LVM2's is_mirror_image_removable: every area of img on a named PV. */
static bool removable(const struct lv *img, const struct alloc_pv_arg *pa, unsigned npa)
{
	for (unsigned s = 0; s < img->n_segs; s++)
		for (unsigned a = 0; a < img->segs[s].n_areas; a++) {
			const struct seg_area *ar = &img->segs[s].areas[a];
			bool found = false;
			if (ar->kind != AREA_PV)
				return false;
			for (unsigned i = 0; i < npa && !found; i++) {
				if (pa[i].is_tag) {
					for (unsigned t = 0; t < ar->pv->tags.n && !found; t++)
						found = !strcmp(ar->pv->tags.v[t], pa[i].name);
				} else
					found = ar->pv->sd && !strcmp(pa[i].name, ar->pv->sd->dev.path);
			}
			if (!found)
				return false;
		}
	return true;
}

/* Move area s of order[0..n) to the end (LVM2's shift_mirror_images). */
static void shift(unsigned *order, unsigned n, unsigned s)
{
	unsigned v = order[s];
	for (unsigned i = s + 1; i < n; i++)
		order[i - 1] = order[i];
	order[n - 1] = v;
}

static int reduce(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_mirror_images_params *p)
{
	struct lv_seg *seg = &lv->segs[0];
	unsigned n = seg->n_areas, want = p->images;
	struct lv **imgs = arena_alloc(&x->arena, n * sizeof(*imgs));
	unsigned *order = arena_alloc(&x->arena, n * sizeof(*order));
	struct alloc_pv_arg *pa = NULL;
	bool active = dmk_available() && act_state(x, vg, lv);
	int r;

	for (unsigned k = 0; k < n; k++) {
		imgs[k] = seg->areas[k].kind == AREA_LV ? vg_find_lv(vg, seg->areas[k].lv_name) : NULL;
		if (!imgs[k]) {
			log_error("Mirror %s/%s: image %u is not an LV of the VG.", vg->name, lv->name, k);
			return -EINVAL;
		}
		order[k] = k;
	}
	struct lv *log = seg->raid->log ? vg_find_lv(vg, seg->raid->log) : NULL;
	if (seg->raid->log && !log) {
		log_error("Mirror %s/%s: its log %s is not an LV of the VG.", vg->name, lv->name, seg->raid->log);
		return -EINVAL;
	}
	if ((r = lv_mirror_log_check(vg, lv, "change the image count of")))
		return r;
	if (want > 1 && p->logs >= 0 && (unsigned)p->logs != (log ? 1u : 0u)) {
		log_error("Can't convert %s/%s: changing the mirror log while keeping %u images is not in lvmgr.",
			  vg->name, lv->name, want);
		return -ENOTSUP;
	}
	if ((r = lv_pv_args(x, vg, p->pvs, p->n_pvs, &pa)))
		return r;

	/* The named PVs' images first (LVM2's preferred pass), then the
	 * last ones. */
	unsigned remove = n - want, moved = 0;
	for (unsigned pass = 0; pass < 2 && moved < remove; pass++)
		for (int s = (int)(n - 1 - moved); s >= 0 && moved < remove; s--) {
			if (pass == 0 && p->n_pvs && !removable(imgs[order[s]], pa, p->n_pvs))
				continue;
			if (s == 0 && !lv_is_partial(vg, lv)) {
				double pc = active ? lv_mirror_sync_percent(x, vg, lv) : -1;
				if (pc < 0)
					log_error("Unable to determine mirror sync status of %s/%s.", vg->name, lv->name);
				if (pc < 100) {
					log_error("Unable to remove primary mirror image while mirror volume %s/%s is not in-sync.",
						  vg->name, lv->name);
					return -EINVAL;
				}
			}
			shift(order, n - moved, (unsigned)s);
			moved++;
		}

	struct lv_mirror_snap snap;
	lv_mirror_snap_take(x, vg, lv, &snap);
	struct lv **gone = arena_alloc(&x->arena, (n + 2) * sizeof(*gone));
	unsigned n_gone = 0;
	if (want == 1) {
		struct lv *keep = imgs[order[0]];
		for (unsigned k = 1; k < n; k++)
			gone[n_gone++] = imgs[order[k]];
		gone[n_gone++] = keep;
		if (log)
			gone[n_gone++] = log;
		lv->segs = keep->segs;
		lv->n_segs = keep->n_segs;
		lv->size_extents = keep->size_extents;
		lv->flags.status &= ~(uint32_t)LV_NOTSYNCED;
	} else {
		struct lv_seg *ns = arena_alloc(&x->arena, sizeof(*ns));
		*ns = *seg;
		ns->areas = arena_alloc(&x->arena, want * sizeof(*ns->areas));
		for (unsigned k = 0; k < want; k++)
			ns->areas[k] = seg->areas[order[k]];
		for (unsigned k = want; k < n; k++)
			gone[n_gone++] = imgs[order[k]];
		ns->n_areas = ns->stripe_count = want;
		lv->segs = ns;
	}
	for (unsigned i = 0; i < n_gone; i++)
		vg_remove_lv(vg, gone[i]);
	return lv_mirror_commit_reload(x, vg, lv, active, false, &snap, gone, n_gone);
}

/* LVM2's generate_lv_name: LV_mimage_<highest used + 1>. */
static unsigned next_image_index(const struct vg *vg, const struct lv *lv)
{
	size_t n = strlen(lv->name);
	int high = -1;
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const char *name = vg->lvs[l]->name;
		int i, used = 0;
		if (!strncmp(name, lv->name, n) && sscanf(name + n, "_mimage_%d%n", &i, &used) == 1 && i > high)
			high = i;
	}
	return (unsigned)(high + 1);
}

/* LVM2's temporary layer: lv a core-log mirror whose area 0 is
 * LV_mimagetmp_K, itself a mirror; NULL if lv has none. */
static struct lv *layer_of(const struct vg *vg, const struct lv *lv)
{
	if (!is_mirror(lv) || lv->segs[0].raid->log || lv->segs[0].areas[0].kind != AREA_LV)
		return NULL;
	const char *a = lv->segs[0].areas[0].lv_name;
	size_t n = strlen(lv->name);
	if (strncmp(a, lv->name, n) || strncmp(a + n, "_mimagetmp_", 11))
		return NULL;
	struct lv *tmp = vg_find_lv(vg, a);
	return tmp && is_mirror(tmp) ? tmp : NULL;
}

struct lv *lv_mirror_original(const struct vg *vg, struct lv *lv)
{
	for (struct lv *tmp; (tmp = layer_of(vg, lv));)
		lv = tmp;
	return lv;
}

bool lv_mirror_is_converting(const struct lv *lv)
{
	return is_mirror(lv) && lv->segs[0].n_areas && lv->segs[0].areas[0].kind == AREA_LV &&
	       strstr(lv->segs[0].areas[0].lv_name, "_mimagetmp");
}

/* -m +N of a mirror (LVM2's add_mirror_images): the new images on PVs the
 * images do not use. A core-log mirror takes them at the end of its
 * segment; the kernel resyncs the whole mirror (a core log: no "nosync").
 * A disk-log mirror (its log says which regions are in sync, the new
 * images would be taken as in sync) gets LVM2's layer (insert_layer_for_lv):
 * its segment with the log moves to a new hidden LV_mimagetmp_K (K: the
 * first new image's index), the LV becomes a core-log mirror of that
 * and the new images, which the kernel syncs from it; the old images keep
 * their redundancy meanwhile. LVM2's order: LV_mimagetmp_K, then the new
 * images, at the end of the VG's list. lv_mirror_collapse ends it. */
static int add_images(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_mirror_images_params *p, bool *poll)
{
	struct lv_seg *seg = &lv->segs[0];
	unsigned n = seg->n_areas, add = p->images - n;
	struct alloc_pv_arg *pa = NULL;
	bool active = dmk_available() && act_state(x, vg, lv);
	int r;

	if (lv->flags.status & LV_NOTSYNCED) {
		log_error("Can't add mirror to out-of-sync mirrored LV: use lvchange --resync first.");
		return -EINVAL;
	}
	if ((r = lv_pv_args(x, vg, p->pvs, p->n_pvs, &pa)))
		return r;
	struct alloc_pv *ap = lv_alloc_pvs(&x->arena, vg);
	uint64_t avail = 0, need = lv->size_extents * add;
	for (unsigned k = 0; k < n; k++) {
		struct lv *img = seg->areas[k].kind == AREA_LV ? vg_find_lv(vg, seg->areas[k].lv_name) : NULL;
		if (!img) {
			log_error("Mirror %s/%s: image %u is not an LV of the VG.", vg->name, lv->name, k);
			return -EINVAL;
		}
		for (unsigned q = 0; q < vg->n_pvs; q++)
			if (lv_uses_pv(img, vg->pvs[q]))
				ap[q].allocatable = false;
	}
	/* nor the log's (LVM2's parallel areas are the whole LV's) */
	const struct lv *log = seg->raid->log ? vg_find_lv(vg, seg->raid->log) : NULL;
	for (unsigned q = 0; log && q < vg->n_pvs; q++)
		if (lv_uses_pv(log, vg->pvs[q]))
			ap[q].allocatable = false;
	vg_account(vg);
	for (unsigned q = 0; q < vg->n_pvs; q++) {
		const struct pv *pv = vg->pvs[q];
		bool in = !p->n_pvs;
		for (unsigned i = 0; i < p->n_pvs && !in; i++)
			in = !pa[i].is_tag && pv->sd && !strcmp(pa[i].name, pv->sd->dev.path);
		if (pv->sd && (pv->flags.status & PV_ALLOCATABLE) && in)
			avail += pv->pe_count - pv->pe_alloc;
	}
	if (avail < need) {
		log_error("Insufficient free space: %" PRIu64 " extents needed, but only %" PRIu64 " available", need,
			  avail);
		log_error("Unable to allocate extents for mirror(s).");
		return -ENOSPC;
	}
	struct alloc_request req = {
		.lv = vg->n_lvs, .lv_name = "", .extents = need, .stripes = add, .stripe_size = vg->extent_size,
		.policy = lv_alloc_policy(p->alloc, vg, lv),
		.maximise_cling = config_bool(x->cfg, "allocation/maximise_cling"),
		.pv_args = pa, .n_pv_args = p->n_pvs,
	};
	struct alloc_result res;
	memset(&res, 0, sizeof(res));
	if (alloc_extents(&x->arena, ap, vg->n_pvs, &req, &res)) {
		log_error("%s", res.error);
		log_error("Unable to allocate extents for mirror(s).");
		return -ENOSPC;
	}
	struct lv_mirror_snap snap;
	lv_mirror_snap_take(x, vg, lv, &snap);
	struct lv_seg *ns = arena_alloc(&x->arena, sizeof(*ns));
	*ns = *seg;
	unsigned first = next_image_index(vg, lv);
	uint64_t now = (uint64_t)time(NULL);
	if (seg->raid->log) {
		struct lv *tmp = lv_sub_new(x, lv, arena_printf(&x->arena, "_mimagetmp_%u", first), now);
		tmp->segs = lv->segs;
		tmp->n_segs = lv->n_segs;
		tmp->size_extents = lv->size_extents;
		lv_vg_add(&x->arena, vg, tmp);
		ns->raid = arena_alloc(&x->arena, sizeof(*ns->raid));
		*ns->raid = *seg->raid;
		ns->raid->log = NULL;
		n = 1;
		ns->areas = arena_alloc(&x->arena, (n + add) * sizeof(*ns->areas));
		ns->areas[0] = (struct seg_area){.kind = AREA_LV, .lv_name = tmp->name, .le = 0};
	} else {
		ns->areas = arena_alloc(&x->arena, (n + add) * sizeof(*ns->areas));
		memcpy(ns->areas, seg->areas, n * sizeof(*ns->areas));
	}
	for (unsigned k = 0; k < add; k++) {
		struct lv *img = lv_sub_new(x, lv, arena_printf(&x->arena, "_mimage_%u", first + k), now);
		for (unsigned g = 0; g < res.n_segs; g++) {
			const struct alloc_seg *as = &res.segs[g];
			lv_sub_add_linear(&x->arena, img, vg->pvs[as->areas[k].pv], as->areas[k].pe,
					  as->extents / as->stripes);
		}
		lv_vg_add(&x->arena, vg, img);
		ns->areas[n + k] = (struct seg_area){.kind = AREA_LV, .lv_name = img->name, .le = 0};
	}
	ns->n_areas = ns->stripe_count = n + add;
	lv->segs = ns;
	if ((r = lv_mirror_commit_reload(x, vg, lv, active, false, &snap, NULL, 0)))
		return r;
	/* LVM2's need_polling, -b or not: the layer needs its end */
	*poll = active && !x->test;
	return 0;
}

/* LVM2's collapse_mirrored_lv: the new images of the layer's mirror join
 * LV_mimagetmp_K's image list (after its own), the LV takes that
 * segment with its disk log (the log's state is the old images', and the
 * new ones are in sync), LV_mimagetmp_K goes. Only once in sync. */
int lv_mirror_collapse(struct ctx *x, struct vg *vg, struct lv *lv)
{
	struct lv *tmp = layer_of(vg, lv);
	if (!tmp)
		return 0;
	bool active = dmk_available() && act_state(x, vg, lv);
	double pc = active ? lv_mirror_sync_percent(x, vg, lv) : -1;
	if (pc < 100) {
		log_error("Mirror %s/%s is not in sync yet: its temporary layer %s stays.", vg->name, lv->name,
			  tmp->name);
		return -EAGAIN;
	}
	int r = vg_check_writable(x, vg);
	if (r)
		return r;
	const struct lv_seg *top = &lv->segs[0], *old = &tmp->segs[0];
	unsigned n = old->n_areas + top->n_areas - 1;
	if (n > 8) {
		log_error("Only up to 8 images in mirror supported currently.");
		return -EINVAL;
	}
	struct lv_mirror_snap snap;
	lv_mirror_snap_take(x, vg, lv, &snap);
	struct lv_seg *ns = arena_alloc(&x->arena, sizeof(*ns));
	*ns = *old;
	ns->areas = arena_alloc(&x->arena, n * sizeof(*ns->areas));
	memcpy(ns->areas, old->areas, old->n_areas * sizeof(*ns->areas));
	memcpy(ns->areas + old->n_areas, top->areas + 1, (top->n_areas - 1) * sizeof(*ns->areas));
	ns->n_areas = ns->stripe_count = n;
	lv->segs = ns;
	lv->n_segs = 1;
	vg_remove_lv(vg, tmp);
	if ((r = lv_mirror_commit_reload(x, vg, lv, active, false, &snap, NULL, 0)))
		return r;
	/* the layer's device only: its images and log are the LV's now */
	if (active && !x->test && deact_lv_top(x, vg, tmp, true))
		log_warn("Failed to remove the device of %s/%s.", vg->name, tmp->name);
	return 1;
}

int lv_mirror_images(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_mirror_images_params *p, bool *poll)
{
	if (layer_of(vg, lv)) {
		/* LVM2's words; "lvconvert VG/LV" finishes it */
		log_error("%s/%s is already being converted.  Unable to start another conversion.", vg->name,
			  lv->name);
		return -EBUSY;
	}
	/* linear or striped: LVM2 mirrors a striped LV too, its segments
	 * becoming LV_mimage_0 (lvconvert-mirror.sh "simple mirrored stripe") */
	bool mirror = is_mirror(lv), linear = lv->n_segs > 0;
	for (unsigned s = 0; s < lv->n_segs; s++)
		for (unsigned a = 0; a < lv->segs[s].n_areas; a++)
			linear &= seg_is_striped(&lv->segs[s]) && lv->segs[s].areas[a].kind == AREA_PV;
	unsigned cur = mirror ? lv->segs[0].n_areas : 1;
	*poll = false;

	if (!mirror && !linear) {
		log_error("Can't convert %s/%s: only linear, striped and mirror LVs change their mirror image count.", vg->name,
			  lv->name);
		return -ENOTSUP;
	}
	if (p->images > 8) {	/* LVM2's DEFAULT_MIRROR_MAX_IMAGES */
		log_error("Only up to 8 images in mirror supported currently.");
		return -EINVAL;
	}
	if (!mirror && p->images == 1) {
		log_warn("Logical volume %s/%s is already not mirrored.", vg->name, lv->name);
		return 0;
	}
	int r = vg_check_writable(x, vg);
	if (r)
		return r;
	if (!mirror) {
		struct lv_mirror_repair_params rp = {.pvs = p->pvs, .n_pvs = p->n_pvs, .alloc = p->alloc,
						     .background = p->background};
		uint32_t region = lv_region_for(x, vg, lv->size_extents, p->region);
		return lv_mirror_from_linear(x, vg, lv, p->images, p->logs < 0 ? 1 : (unsigned)p->logs, region, &rp,
					     poll);
	}
	if (p->images > cur) {
		if ((r = lv_mirror_log_check(vg, lv, "add images to")))
			return r;
		for (unsigned l = 0; l < vg->n_lvs; l++)
			for (unsigned s = 0; s < vg->lvs[l]->n_segs; s++) {
				const struct lv_seg *sg = &vg->lvs[l]->segs[s];
				if (seg_is_snapshot(sg) && sg->origin && !strcmp(sg->origin, lv->name)) {
					log_error("Can't add additional mirror images to mirror %s/%s which is under snapshots.",
						  vg->name, lv->name);
					return -ENOTSUP;
				}
			}
		if (p->logs >= 0 && (unsigned)p->logs != (lv->segs[0].raid->log ? 1u : 0u)) {
			log_error("Can't convert %s/%s: changing the mirror log while adding images is not in lvmgr.",
				  vg->name, lv->name);
			return -ENOTSUP;
		}
		return add_images(x, vg, lv, p, poll);
	}
	return reduce(x, vg, lv, p);
}
