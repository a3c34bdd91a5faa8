/* mirror LVs under the LV API: LV_mimage_K images and, for a disk log,
 * LV_mlog (for a mirrored log also LV_mlog_mimage_0/1), as LVM2 2.03 lays
 * them out: the images as parallel areas on distinct PVs (the striped
 * allocator's ranking), then the log where LVM2's separate log allocation
 * puts it (allocator/alloc.c, alloc_log_areas). */
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


struct lv_seg *lv_mirrored_seg(struct ctx *x, struct lv *lv, const struct segtype *st, uint64_t extents, uint32_t region,
			       struct lv *const *imgs, unsigned n)
{
	struct seg_raid *rd = arena_alloc(&x->arena, sizeof(*rd));
	memset(rd, 0, sizeof(*rd));
	rd->region_size = region;
	rd->data_offset = 1;
	rd->extents_moved = UINT64_MAX;
	struct lv_seg *seg = arena_alloc(&x->arena, sizeof(*seg));
	memset(seg, 0, sizeof(*seg));
	seg->extent_count = extents;
	seg_set_segtype(seg, st);
	seg->stripe_count = seg->n_areas = n;
	seg->areas = arena_alloc(&x->arena, n * sizeof(*seg->areas));
	for (unsigned k = 0; imgs && k < n; k++)
		seg->areas[k] = (struct seg_area){.kind = AREA_LV, .lv_name = imgs[k]->name, .le = 0};
	seg->raid = rd;
	lv->segs = seg;
	lv->n_segs = 1;
	lv->size_extents = extents;
	return seg;
}

/* The log: allocated after the images, as LVM2's add_mirror_log does,
 * by the allocator's alloc_log_areas (its rule is described there). A
 * mirrored log (count 2) is LV_mlog, a mirror with a core log of
 * LV_mlog_mimage_0/1, one area each (LVM2's _set_up_mirror_log, whose
 * region size is cut to the largest power of 2 within the log). The log
 * LVs are added to vg; *out: LV_mlog. */
int lv_mirror_place_log(struct ctx *x, struct vg *vg, struct lv *lv, struct lv *const *img, unsigned n, uint64_t len,
			uint32_t region, unsigned count, const struct alloc_pv_arg *pa, unsigned npa,
			enum alloc_policy policy, struct lv **out)
{
	if (count > 1) {
		if (!config_bool(x->cfg, "global/support_mirrored_mirror_log")) {
			log_error("Log type \"mirrored\" is DEPRECATED. Use RAID1 LV or disk log instead.");
			return -EINVAL;
		}
		/* LVM2's log_warn, printed without a "WARNING:" prefix */
		log_error("Log type \"mirrored\" creation/conversion is not supported for regular operation!");
	}
	bool *parallel = arena_alloc(&x->arena, (vg->n_pvs + 1) * sizeof(*parallel));
	for (unsigned p = 0; p < vg->n_pvs; p++) {
		parallel[p] = false;
		for (unsigned k = 0; k < n; k++)
			parallel[p] |= lv_uses_pv(img[k], vg->pvs[p]);
	}
	struct alloc_log_request req = {
		.len = len, .count = count, .parallel = parallel, .policy = policy,
		.separate = config_bool(x->cfg, "allocation/mirror_logs_require_separate_pvs"),
		.pv_args = pa, .n_pv_args = npa,
	};
	struct alloc_area at[2];
	struct alloc_result res;
	memset(&res, 0, sizeof(res));
	if (alloc_log_areas(&x->arena, lv_alloc_pvs(&x->arena, vg), vg->n_pvs, &req, at, &res)) {
		for (char *l = res.error, *e; l; l = e) {
			if ((e = strchr(l, '\n')))
				*e++ = 0;
			log_error("%s", l);
		}
		log_error("Unable to allocate extents for mirror log.");
		return -ENOSPC;
	}
	struct lv *log = lv_sub_new(x, lv, "_mlog", lv->creation_time);
	/* LVM2's _set_up_mirror_log: the log of a temporary layer
	 * LV_mimagetmp_K is LV_mlog (the name before "_mimagetmp") */
	const char *tmp = strstr(lv->name, "_mimagetmp");
	if (tmp)
		log->name = arena_printf(&x->arena, "%.*s_mlog", (int)(tmp - lv->name), lv->name);
	*out = log;
	if (count == 1) {
		lv_sub_add_linear(&x->arena, log, vg->pvs[at[0].pv], at[0].pe, len);
		lv_vg_add(&x->arena, vg, log);
		return 0;
	}
	uint64_t size = len * vg->extent_size;
	if (region > size) {
		region = 1;
		while ((uint64_t)region * 2 <= size)
			region *= 2;
	}
	struct lv_seg *seg = lv_mirrored_seg(x, log, &segtype_mirror, len, region, NULL, count);
	lv_vg_add(&x->arena, vg, log);
	for (unsigned k = 0; k < count; k++) {
		struct lv *m = lv_sub_new(x, log, arena_printf(&x->arena, "_mimage_%u", k), lv->creation_time);
		lv_sub_add_linear(&x->arena, m, vg->pvs[at[k].pv], at[k].pe, len);
		seg->areas[k] = (struct seg_area){.kind = AREA_LV, .lv_name = m->name, .le = 0};
		lv_vg_add(&x->arena, vg, m);
	}
	return 0;
}

int lv_mirror_layout(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_create_params *p,
		     uint64_t extents, const struct alloc_pv_arg *pa)
{
	unsigned n = p->mirrors + 1;
	uint32_t region = lv_create_region(x, vg, extents, p, "mirror");
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
		img[k]->alloc = lv->alloc;	/* LVM2's _lv_insert_empty_sublvs: the LV's policy */
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
		int r = lv_mirror_place_log(x, vg, lv, img, n, lv_mirror_log_extents(region, vg->extent_size, extents),
					    region, p->mirrored_log ? 2 : 1, pa, p->n_pvs, policy, &log);
		if (r) {
			vg->n_lvs = first;	/* the images go again */
			return r;
		}
		log->alloc = lv->alloc;	/* LVM2's add_mirror_log with lvcreate's policy */
	}
	lv_mirrored_seg(x, lv, &segtype_mirror, extents, region, img, n)->raid->log = log ? log->name : NULL;
	if (p->nosync)
		lv->flags.status |= LV_NOTSYNCED;
	return 0;
}

int lv_mirror_log_check(const struct vg *vg, const struct lv *lv, const char *what)
{
	const struct lv_seg *seg = lv->n_segs ? &lv->segs[0] : NULL;
	const struct lv *log = seg && seg_is_mirror(seg) && seg->raid && seg->raid->log ?
		vg_find_lv(vg, seg->raid->log) : NULL;
	if (!log || !log->n_segs || !seg_is_mirror(&log->segs[0]))
		return 0;
	log_error("Can't %s %s/%s: its mirror log %s is mirrored, which lvmgr only creates, activates, renames, removes and converts to a core log (lvconvert --mirrorlog core first, or use LVM2).",
		  what, vg->name, lv->name, log->name);
	return -ENOTSUP;
}
