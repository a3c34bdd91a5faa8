/* mirror LVs under the LV API: LV_mimage_K images and, for a disk log,
 * LV_mlog, as LVM2 2.03 lays them out: the images as parallel areas on
 * distinct PVs (the striped allocator's ranking), then the log on a PV
 * none of the images uses, at the start of the largest free area there
 * (ties: the first PV), as LVM2's log allocation picked it in the VM. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvmgr/base/units.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/scan.h"
#include "metadata/segtypes/raid.h"

/* LVM2's _mirror_log_extents: a 1 KiB header and one bit per region
 * (rounded to 32), in whole extents. */
uint64_t lv_mirror_log_extents(uint32_t region, uint32_t extent_size, uint64_t extents)
{
	uint64_t regions = (extents * extent_size + region - 1) / region;
	uint64_t bitset = ((regions + 31) / 32) * 4;
	uint64_t sectors = (1024 + bitset + 511) / 512;
	return (sectors + extent_size - 1) / extent_size;
}

static bool pv_allowed(const struct pv *pv, const struct alloc_pv_arg *pa, unsigned n)
{
	if (!n)
		return true;
	for (unsigned i = 0; i < n; i++) {
		if (pa[i].is_tag) {
			for (unsigned t = 0; t < pv->tags.n; t++)
				if (!strcmp(pv->tags.v[t], pa[i].name))
					return true;
		} else if (pv->sd && !strcmp(pa[i].name, pv->sd->dev.path))
			return true;
	}
	return false;
}

/* The log: the largest free area (at least len) of an allowed PV no image
 * uses; its first extents. */
static int place_log(struct ctx *x, struct vg *vg, struct lv *log, struct lv **img, unsigned n, uint64_t len,
		     const struct alloc_pv_arg *pa, unsigned npa, bool anywhere)
{
	struct alloc_pv *ap = lv_alloc_pvs(&x->arena, vg);
	int best = -1;
	uint64_t best_len = 0, best_pe = 0;
	for (unsigned p = 0; p < vg->n_pvs; p++) {
		bool used = false;
		for (unsigned k = 0; k < n && !anywhere; k++)
			used |= lv_uses_pv(img[k], vg->pvs[p]);
		if (used || !ap[p].allocatable || !pv_allowed(vg->pvs[p], pa, npa))
			continue;
		uint64_t at = 0;
		for (unsigned u = 0; u <= ap[p].n_used; u++) {
			uint64_t end = u < ap[p].n_used ? ap[p].used[u].start : ap[p].pe_count;
			if (end > at && end - at >= len && end - at > best_len) {
				best = (int)p;
				best_len = end - at;
				best_pe = at;
			}
			if (u < ap[p].n_used && ap[p].used[u].start + ap[p].used[u].len > at)
				at = ap[p].used[u].start + ap[p].used[u].len;
		}
	}
	if (best < 0) {
		log_error("Insufficient suitable allocatable extents for logical volume %s: %" PRIu64
			  " more required (no PV without an image has room for the mirror log).",
			  log->name, len);
		return -ENOSPC;
	}
	lv_sub_add_linear(&x->arena, log, vg->pvs[best], best_pe, len);
	return 0;
}

int lv_mirror_layout(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_create_params *p,
		     uint64_t extents, const struct alloc_pv_arg *pa)
{
	unsigned n = p->mirrors + 1;
	uint32_t region = lv_region_for(x, vg, extents, p->region_size);
	enum alloc_policy policy = lv_alloc_policy(p->alloc, vg, NULL);

	if (!p->n_pvs && extents > vg_free_count(vg)) {
		log_error("Volume group \"%s\" has insufficient free space (%" PRIu64 " extents): %" PRIu64 " required.",
			  vg->name, vg_free_count(vg), extents);
		return -ENOSPC;
	}
	struct alloc_request req = {
		.lv = vg->n_lvs, .lv_name = lv->name, .extents = extents * n, .stripes = n,
		.stripe_size = vg->extent_size, .policy = policy,
		.maximise_cling = config_bool(x->cfg, "allocation/maximise_cling"),
		.pv_args = pa, .n_pv_args = p->n_pvs,
	};
	struct alloc_result res;
	memset(&res, 0, sizeof(res));
	if (alloc_extents(&x->arena, lv_alloc_pvs(&x->arena, vg), vg->n_pvs, &req, &res)) {
		log_error("%s", res.error);
		return -ENOSPC;
	}
	struct lv **img = arena_alloc(&x->arena, n * sizeof(*img));
	for (unsigned k = 0; k < n; k++) {
		char suffix[32];
		snprintf(suffix, sizeof(suffix), "_mimage_%u", k);
		img[k] = lv_sub_new(x, lv, suffix, lv->creation_time);
		for (unsigned s = 0; s < res.n_segs; s++) {
			const struct alloc_seg *as = &res.segs[s];
			uint64_t len = as->extents / as->stripes;
			struct lv_seg *last = img[k]->n_segs ? &img[k]->segs[img[k]->n_segs - 1] : NULL;
			if (last && last->areas[0].pv->index == as->areas[k].pv &&
			    last->areas[0].pe + last->extent_count == as->areas[k].pe) {
				last->extent_count += len;
				img[k]->size_extents += len;
			} else
				lv_sub_add_linear(&x->arena, img[k], vg->pvs[as->areas[k].pv], as->areas[k].pe, len);
		}
	}
	unsigned first = vg->n_lvs;
	for (unsigned k = 0; k < n; k++)
		lv_vg_add(&x->arena, vg, img[k]);
	struct lv *log = NULL;
	if (p->disk_log) {
		log = lv_sub_new(x, lv, "_mlog", lv->creation_time);
		int r = place_log(x, vg, log, img, n, lv_mirror_log_extents(region, vg->extent_size, extents), pa, p->n_pvs,
				  policy == ALLOC_ANYWHERE);
		if (r) {
			vg->n_lvs = first;	/* the images go again */
			return r;
		}
		lv_vg_add(&x->arena, vg, log);
	}
	struct seg_raid *rd = arena_alloc(&x->arena, sizeof(*rd));
	memset(rd, 0, sizeof(*rd));
	rd->region_size = region;
	rd->data_offset = 1;
	rd->extents_moved = UINT64_MAX;
	rd->log = log ? log->name : NULL;
	struct lv_seg *seg = arena_alloc(&x->arena, sizeof(*seg));
	memset(seg, 0, sizeof(*seg));
	seg->extent_count = extents;
	seg_set_segtype(seg, &segtype_mirror);
	seg->stripe_count = seg->n_areas = n;
	seg->areas = arena_alloc(&x->arena, n * sizeof(*seg->areas));
	for (unsigned k = 0; k < n; k++)
		seg->areas[k] = (struct seg_area){.kind = AREA_LV, .lv_name = img[k]->name, .le = 0};
	seg->raid = rd;
	lv->segs = seg;
	lv->n_segs = 1;
	lv->size_extents = extents;
	if (p->nosync)
		lv->flags.status |= LV_NOTSYNCED;
	return 0;
}
