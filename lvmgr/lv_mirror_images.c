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
 * Adding images to a mirror (LVM2's temporary LV_mimagetmp_N layer) is
 * refused; so is a log change that comes with keeping 2+ images. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

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

int lv_mirror_images(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_mirror_images_params *p, bool *poll)
{
	bool mirror = is_mirror(lv), linear = lv->n_segs > 0;
	for (unsigned s = 0; s < lv->n_segs; s++)
		linear &= seg_is_linear(&lv->segs[s]) && lv->segs[s].areas[0].kind == AREA_PV;
	unsigned cur = mirror ? lv->segs[0].n_areas : 1;
	*poll = false;

	if (!mirror && !linear) {
		log_error("Can't convert %s/%s: only linear and mirror LVs change their mirror image count.", vg->name,
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
		log_error("Can't add images to mirror %s/%s: LVM2's temporary mirror layer (LV_mimagetmp_N) is not in lvmgr; convert it to raid1 first (lvconvert --type raid1).",
			  vg->name, lv->name);
		return -ENOTSUP;
	}
	return reduce(x, vg, lv, p);
}
