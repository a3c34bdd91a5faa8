/* raid1 LVs under the LV API: the hidden LV_rimage_K / LV_rmeta_K LVs
 * of a new raid1 LV, allocated as LVM2 2.03 allocates them
 * (lib/metadata/lv_manip.c with alloc_and_split_meta): one parallel area
 * per image, each on its own PV, rmeta_extents + image extents long; the
 * first rmeta_extents of area K become rmeta_K, the rest rimage_K. So an
 * rmeta sits right before its image, and the PVs are those the striped
 * allocator ranks for that many parallel areas of that length. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lvmgr/base/units.h"
#include "lvmgr/io/io.h"
#include "lvmgr/activate.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/scan.h"
#include "metadata/segtypes/raid.h"

/* LVM2's _raid_rmeta_extents: the raid and bitmap superblocks and one bit
 * per region, in whole extents. */
static uint64_t rmeta_extents(uint64_t image_extents, uint32_t region_size, uint32_t extent_size)
{
	uint64_t regions = image_extents * extent_size / region_size;
	uint64_t bytes = 2 * 4096 + (regions + 7) / 8;
	uint64_t sectors = (bytes + 511) / 512;
	return (sectors + extent_size - 1) / extent_size;
}

/* A hidden sub-LV of lv named lv's name + suffix: READ, WRITE, created at
 * ctime (lv's own when made with it, now when added later). */
struct lv *lv_sub_new(struct ctx *x, const struct lv *lv, const char *suffix, uint64_t ctime)
{
	struct lv *s = arena_alloc(&x->arena, sizeof(*s));
	s->name = arena_printf(&x->arena, "%s%s", lv->name, suffix);
	id_generate(s->id);
	s->flags.status = LV_READ | LV_WRITE;
	s->creation_time = ctime;
	s->creation_host = lv->creation_host;
	s->read_ahead = -2;
	s->major = s->minor = -1;
	return s;
}

/* One piece of a parallel area. */
struct piece {
	unsigned pv;
	uint64_t pe, len;
};

void lv_sub_add_linear(struct arena *a, struct lv *s, struct pv *pv, uint64_t pe, uint64_t len)
{
	struct lv_seg *last = s->n_segs ? &s->segs[s->n_segs - 1] : NULL;
	if (last && last->areas[0].pv == pv && last->areas[0].pe + last->extent_count == pe) {
		last->extent_count += len;
		s->size_extents += len;
		return;
	}
	struct lv_seg *segs = arena_alloc(a, (s->n_segs + 1) * sizeof(*segs));
	if (s->n_segs)
		memcpy(segs, s->segs, s->n_segs * sizeof(*segs));
	struct lv_seg *n = &segs[s->n_segs++];
	memset(n, 0, sizeof(*n));
	n->start_extent = s->size_extents;
	n->extent_count = len;
	seg_set_segtype(n, &segtype_striped);
	n->stripe_count = 1;
	n->n_areas = 1;
	n->areas = arena_alloc(a, sizeof(*n->areas));
	n->areas[0] = (struct seg_area){.kind = AREA_PV, .pv = pv, .pe = pe};
	s->segs = segs;
	s->size_extents += len;
}

/* LVM2's adjusted_mirror_region_size: no region larger than the LV. */
uint32_t lv_region_for(struct ctx *x, const struct vg *vg, uint64_t extents, uint32_t region)
{
	if (!region)
		region = (uint32_t)config_int(x->cfg, "activation/raid_region_size") * 2;
	uint64_t max = extents * vg->extent_size;
	char b[64];
	if (max < UINT32_MAX && region > max) {
		region = 1;
		while ((uint64_t)region * 2 <= max)
			region *= 2;
		log_print("Using reduced mirror region size of %s", units_format_long(region, b, sizeof(b)));
	}
	return region;
}

uint32_t lv_create_region(struct ctx *x, const struct vg *vg, uint64_t extents, const struct lv_create_params *p,
			  const char *segtype)
{
	uint32_t region = lv_region_for(x, vg, extents, p->region_size);
	/* LVM2's lv_create: after the region, before the allocation */
	if (p->nosync)
		log_warn("New %s won't be synchronised. Don't read what you didn't write!", segtype);
	return region;
}

/* A raid1 request for images of k extents: n images, each with its rmeta. */
struct raid_size {
	unsigned n;
	uint32_t region, extent_size;
};

static uint64_t raid_size(uint64_t k, const void *arg)
{
	const struct raid_size *rs = arg;
	return (rmeta_extents(k, rs->region, rs->extent_size) + k) * rs->n;
}

int lv_raid_layout(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_create_params *p, bool approx,
		   uint64_t extents, const struct alloc_pv_arg *pa)
{
	unsigned n = p->mirrors + 1;
	uint32_t region = lv_create_region(x, vg, extents, p, "raid1");
	uint64_t meta = rmeta_extents(extents, region, vg->extent_size), per = meta + extents;
	enum alloc_policy policy = lv_alloc_policy(p->alloc, vg, NULL);

	if (!p->n_pvs && !approx && extents > vg_free_count(vg)) {
		log_error("Volume group \"%s\" has insufficient free space (%" PRIu64 " extents): %" PRIu64 " required.",
			  vg->name, vg_free_count(vg), extents);
		return -ENOSPC;
	}
	struct alloc_request req = {
		.lv = vg->n_lvs,
		.lv_name = lv->name,
		.extents = per * n,
		.stripes = n,
		.stripe_size = n > 1 ? vg->extent_size : 0,
		.policy = policy,
		.maximise_cling = config_bool(x->cfg, "allocation/maximise_cling"),
		.pv_args = pa,
		.n_pv_args = p->n_pvs,
	};
	struct alloc_result res;
	const struct alloc_pv *apvs = lv_alloc_pvs(&x->arena, vg);
	memset(&res, 0, sizeof(res));
	if (alloc_extents(&x->arena, apvs, vg->n_pvs, &req, &res)) {
		/* A percentage (LVM2's approx_alloc): the largest image the PVs
		 * hold n times over, as lv_api.c's grow_lv for striped LVs. */
		struct raid_size rs = {n, region, vg->extent_size};
		struct alloc_result failed = res;
		if (lvi_alloc_largest(x, apvs, vg->n_pvs, &req, &failed, approx, extents, extents - 1, 1, raid_size,
				      &rs, &res, &extents))
			return -ENOSPC;
		meta = rmeta_extents(extents, region, vg->extent_size);
	}
	if (res.warning[0])
		log_warn("%s", res.warning);

	struct lv **img = arena_alloc(&x->arena, n * sizeof(*img)), **rmeta = arena_alloc(&x->arena, n * sizeof(*rmeta));
	for (unsigned k = 0; k < n; k++) {
		img[k] = lv_sub_new(x, lv, arena_printf(&x->arena, "_rimage_%u", k), lv->creation_time);
		rmeta[k] = lv_sub_new(x, lv, arena_printf(&x->arena, "_rmeta_%u", k), lv->creation_time);
		/* LVM2's _lv_insert_empty_sublvs: the LV's allocation policy */
		img[k]->alloc = rmeta[k]->alloc = lv->alloc;
	}
	/* Split each parallel area: its first `meta` extents are the rmeta. */
	for (unsigned k = 0; k < n; k++) {
		uint64_t done = 0;
		for (unsigned s = 0; s < res.n_segs; s++) {
			const struct alloc_seg *as = &res.segs[s];
			struct piece pc = {as->areas[k].pv, as->areas[k].pe, as->extents / as->stripes};
			if (done < meta) {
				uint64_t m = pc.len < meta - done ? pc.len : meta - done;
				struct piece mp = {pc.pv, pc.pe, m};
				lv_sub_add_linear(&x->arena, rmeta[k], vg->pvs[mp.pv], mp.pe, mp.len);
				pc.pe += m;
				pc.len -= m;
				done += m;
			}
			if (pc.len)
				lv_sub_add_linear(&x->arena, img[k], vg->pvs[pc.pv], pc.pe, pc.len);
		}
	}
	/* Under every policy but anywhere, no PV holds parts of two images
	 * (the allocator keeps the images of one step apart; a later step
	 * could meet another image's PV). */
	for (unsigned k = 0; k < n && policy != ALLOC_ANYWHERE; k++)
		for (unsigned j = 0; j < k; j++)
			for (unsigned a = 0; a < img[k]->n_segs + rmeta[k]->n_segs; a++) {
				const struct lv_seg *sk = a < img[k]->n_segs ? &img[k]->segs[a] : &rmeta[k]->segs[a - img[k]->n_segs];
				if (lv_uses_pv(img[j], sk->areas[0].pv) || lv_uses_pv(rmeta[j], sk->areas[0].pv)) {
					log_error("Insufficient suitable allocatable extents for logical volume %s: images %u and %u would share PV %s.",
						  lv->name, j, k, sk->areas[0].pv->sd ? sk->areas[0].pv->sd->dev.path : "[unknown]");
					return -ENOSPC;
				}
			}
	for (unsigned k = 0; k < n; k++) {
		lv_vg_add(&x->arena, vg, img[k]);
		lv_vg_add(&x->arena, vg, rmeta[k]);
	}

	struct seg_raid *rd = arena_alloc(&x->arena, sizeof(*rd));
	memset(rd, 0, sizeof(*rd));
	rd->region_size = region;
	rd->min_recovery_rate = p->min_recovery_rate;
	rd->max_recovery_rate = p->max_recovery_rate;
	rd->data_offset = 1;
	rd->meta = arena_alloc(&x->arena, n * sizeof(*rd->meta));
	struct lv_seg *seg = arena_alloc(&x->arena, sizeof(*seg));
	memset(seg, 0, sizeof(*seg));
	seg->extent_count = extents;
	seg_set_segtype(seg, &segtype_raid1);
	seg->stripe_count = n;
	seg->n_areas = n;
	seg->areas = arena_alloc(&x->arena, n * sizeof(*seg->areas));
	for (unsigned k = 0; k < n; k++) {
		rd->meta[k] = rmeta[k]->name;
		seg->areas[k] = (struct seg_area){.kind = AREA_LV, .lv_name = img[k]->name, .le = 0};
	}
	seg->raid = rd;
	lv->segs = seg;
	lv->n_segs = 1;
	lv->size_extents = extents;
	if (p->nosync)
		lv->flags.status |= LV_NOTSYNCED;
	return 0;
}

struct lv **lv_raid_sub_lvs(struct arena *a, const struct vg *vg, const struct lv *lv, unsigned *n)
{
	*n = 0;
	unsigned cap = 0;
	for (unsigned s = 0; s < lv->n_segs; s++)
		if (seg_is_raid(&lv->segs[s]) || seg_is_mirror(&lv->segs[s]))
			cap += 2 * lv->segs[s].n_areas + 1;
	if (!cap)
		return NULL;
	struct lv **out = arena_alloc(a, (cap + 1) * sizeof(*out));
	for (unsigned s = 0; s < lv->n_segs; s++) {
		const struct lv_seg *seg = &lv->segs[s];
		if ((!seg_is_raid(seg) && !seg_is_mirror(seg)) || !seg->raid)
			continue;
		for (unsigned k = 0; k < seg->n_areas; k++) {
			struct lv *i = seg->areas[k].kind == AREA_LV ? vg_find_lv(vg, seg->areas[k].lv_name) : NULL;
			struct lv *m = seg->raid->meta && seg->raid->meta[k] ? vg_find_lv(vg, seg->raid->meta[k]) : NULL;
			if (i)
				out[(*n)++] = i;
			if (m)
				out[(*n)++] = m;
		}
		struct lv *l = seg->raid->log ? vg_find_lv(vg, seg->raid->log) : NULL;
		if (l)
			out[(*n)++] = l;
	}
	out[*n] = NULL;
	return out;
}

/* Zero len bytes at the start of sub-LV s (its first segment). */
int lv_raid_zero_lv(struct ctx *x, const struct vg *vg, const struct lv *s, uint64_t len)
{
	if (!s || !s->n_segs || s->segs[0].areas[0].kind != AREA_PV || !s->segs[0].areas[0].pv->sd)
		return 0;
	const struct seg_area *ar = &s->segs[0].areas[0];
	uint64_t max = s->segs[0].extent_count * vg->extent_size * 512;
	if (len > max)
		len = max;
	uint64_t off = (ar->pv->pe_start + ar->pe * vg->extent_size) * 512;
	void *z = io_alloc(len);
	memset(z, 0, len);
	int r = io_write(x->io, ar->pv->sd->dev.fd, off, z, len);
	io_free(z);
	if (!r)
		r = io_flush(x->io, ar->pv->sd->dev.fd);
	if (r)
		log_error("Zeroing %s/%s failed: %s", vg->name, s->name, strerror(-r));
	return r;
}

int lv_raid_wipe(struct ctx *x, struct vg *vg, const struct lv *lv, bool zero)
{
	const struct lv_seg *seg = &lv->segs[0];
	int r = 0;
	if (x->test || !seg->raid)
		return 0;
	if (seg_is_mirror(seg)) {
		/* A fresh disk log: no stale log header is taken for ours. */
		const struct lv *log = seg->raid->log ? vg_find_lv(vg, seg->raid->log) : NULL;
		const struct lv_seg *ls = log && log->n_segs && seg_is_mirror(&log->segs[0]) ? &log->segs[0] : NULL;
		if (log && !ls)
			r = lv_raid_zero_lv(x, vg, log, 1 << 20);
		/* a mirrored log: both its images */
		for (unsigned k = 0; ls && k < ls->n_areas && !r; k++)
			if (ls->areas[k].kind == AREA_LV)
				r = lv_raid_zero_lv(x, vg, vg_find_lv(vg, ls->areas[k].lv_name), 1 << 20);
		for (unsigned k = 0; k < seg->n_areas && !r && zero; k++)
			r = lv_raid_zero_lv(x, vg, vg_find_lv(vg, seg->areas[k].lv_name), 4096);
		return r;
	}
	if (!seg_is_raid(seg))
		return 0;
	for (unsigned k = 0; k < seg->n_areas && !r; k++) {
		/* The dm-raid superblock and bitmap live in the first 8 KiB;
		 * LVM2 clears the whole rmeta LV. */
		r = lv_raid_zero_lv(x, vg, vg_find_lv(vg, seg->raid->meta[k]), 1 << 20);
		if (!r && zero)
			r = lv_raid_zero_lv(x, vg, vg_find_lv(vg, seg->areas[k].lv_name), 4096);
	}
	return r;
}

int lv_raid_sub_rename(struct ctx *x, struct vg *vg, struct lv *lv, struct lv *sub, const char *new_name)
{
	size_t ol = strlen(lv->name);
	/* LVM2 names them <lv>_rimage_K / <lv>_rmeta_K; another name keeps
	 * its suffix after the LV's name if it has the LV's name in front. */
	const char *suffix = !strncmp(sub->name, lv->name, ol) ? sub->name + ol : sub->name;
	return lv_raid_sub_set_name(x, vg, lv, sub, new_name, arena_printf(&x->arena, "%s%s", new_name, suffix));
}

int lv_raid_sub_set_name(struct ctx *x, struct vg *vg, struct lv *lv, struct lv *sub, const char *new_name,
			 const char *nn)
{
	if (strlen(nn) >= NAME_LEN) {
		log_error("New logical volume name \"%s\" is too long for its sub-LV %s.", new_name, nn);
		return -EINVAL;
	}
	if (vg_find_lv(vg, nn)) {
		log_error("Logical Volume \"%s\" already exists in volume group \"%s\"", nn, vg->name);
		return -EEXIST;
	}
	for (unsigned s = 0; s < lv->n_segs; s++) {
		struct lv_seg *seg = &lv->segs[s];
		if ((!seg_is_raid(seg) && !seg_is_mirror(seg)) || !seg->raid)
			continue;
		for (unsigned k = 0; k < seg->n_areas; k++) {
			if (seg->areas[k].kind == AREA_LV && !strcmp(seg->areas[k].lv_name, sub->name))
				seg->areas[k].lv_name = nn;
			if (seg->raid->meta && seg->raid->meta[k] && !strcmp(seg->raid->meta[k], sub->name))
				seg->raid->meta[k] = nn;
		}
		if (seg->raid->log && !strcmp(seg->raid->log, sub->name))
			seg->raid->log = nn;
	}
	sub->name = nn;
	return 0;
}

/* Whether lvmgr can resize raid1 or mirror LV lv, with LVM2's refusals
 * (_lvresize_check) where LVM2 refuses too: one segment, every image a
 * present linear LV as long as lv. */
int lv_raid_resize_check(const struct vg *vg, const struct lv *lv)
{
	const struct lv_seg *seg = &lv->segs[0];
	int r;
	if ((r = lv_mirror_log_check(vg, lv, "resize")))
		return r;
	if (lv->flags.status & (LV_LOCKED | LV_PVMOVE)) {
		log_error("Can't resize locked logical volume %s/%s.", vg->name, lv->name);
		return -EBUSY;
	}
	if (lv->n_segs != 1 || !seg->raid) {
		log_error("Cannot resize %s/%s: lvmgr resizes only single-segment raid1 and mirror LVs.", vg->name,
			  lv->name);
		return -ENOTSUP;
	}
	for (unsigned k = 0; k < seg->n_areas; k++) {
		const struct lv *img = seg->areas[k].kind == AREA_LV ? vg_find_lv(vg, seg->areas[k].lv_name) : NULL;
		if (img && (img->flags.status & LV_VISIBLE) && seg_is_raid(seg)) {
			log_error("Cannot resize logical volume %s/%s while it is tracking a split image.", vg->name,
				  lv->name);
			return -EBUSY;
		}
		bool linear = img && img->n_segs && img->size_extents == lv->size_extents;
		for (unsigned s = 0; linear && s < img->n_segs; s++)
			linear = img->segs[s].n_areas == 1 && img->segs[s].areas[0].kind == AREA_PV &&
				 img->segs[s].areas[0].pv && img->segs[s].areas[0].pv->sd;
		if (!linear) {
			log_error("Cannot resize %s/%s: image %u is missing or not a linear LV on present PVs.",
				  vg->name, lv->name, k);
			return -ENOTSUP;
		}
	}
	return 0;
}

/* LVM2's _lvresize_check for a sub-LV of a raid1 or mirror LV: a raid
 * image or metadata LV by its kind, a mirror image or log as internal. */
int lv_raid_sub_resize_check(const struct vg *vg, const struct lv *lv)
{
	for (unsigned l = 0; l < vg->n_lvs; l++)
		for (unsigned s = 0; s < vg->lvs[l]->n_segs; s++) {
			const struct lv_seg *seg = &vg->lvs[l]->segs[s];
			if (!seg->raid)
				continue;
			bool raid = seg_is_raid(seg), img = false, meta = false;
			for (unsigned k = 0; k < seg->n_areas; k++) {
				img |= seg->areas[k].kind == AREA_LV && !strcmp(seg->areas[k].lv_name, lv->name);
				meta |= raid && seg->raid->meta && seg->raid->meta[k] && !strcmp(seg->raid->meta[k], lv->name);
			}
			meta |= !raid && seg->raid->log && !strcmp(seg->raid->log, lv->name);
			if (raid && (img || meta)) {
				log_error("Cannot resize a RAID %s directly", img ? "image" : "metadata area");
				return -EINVAL;
			}
			if (img || meta) {
				log_error("Can't resize internal logical volume %s/%s.", vg->name, lv->name);
				return -EINVAL;
			}
		}
	return 0;
}

/* lvextend of a raid1 or mirror LV by add extents: each image grows on
 * its own PVs (continuing where it ends when it can, as LVM2's cling), the
 * segment with it; rmeta and the mirror log stay (LVM2's lv_extend
 * allocates no log extents for an existing LV). -ENOTSUP when raid1
 * metadata LVs would have to grow. */
int lv_raid_extend(struct ctx *x, struct vg *vg, struct lv *lv, uint64_t add, const char *alloc)
{
	struct lv_seg *seg = &lv->segs[lv->n_segs - 1];
	if (lv_raid_resize_check(vg, lv))
		return -ENOTSUP;
	uint32_t region = seg->raid->region_size ? seg->raid->region_size : RAID_REGION_SIZE_DEFAULT;
	if (seg_is_raid(seg) && rmeta_extents(lv->size_extents + add, region, vg->extent_size) !=
	    rmeta_extents(lv->size_extents, region, vg->extent_size)) {
		log_error("Cannot extend %s/%s that far: its metadata LVs would have to grow (not in lvmgr yet).",
			  vg->name, lv->name);
		return -ENOTSUP;
	}
	log_print("Extending %u mirror images.", seg->n_areas);
	/* LVM2's _sufficient_pes_free: every image's extents against the
	 * VG's free extents, before any placement. */
	if (add * seg->n_areas > vg_free_count(vg)) {
		log_error("Insufficient free space: %" PRIu64 " extents needed, but only %" PRIu64 " available",
			  add * seg->n_areas, (uint64_t)vg_free_count(vg));
		return -ENOSPC;
	}
	for (unsigned k = 0; k < seg->n_areas; k++) {
		struct lv *img = vg_find_lv(vg, seg->areas[k].lv_name);
		if (!img || !img->n_segs || img->segs[0].areas[0].kind != AREA_PV || !img->segs[0].areas[0].pv->sd) {
			log_error("Cannot extend %s/%s: image %u is missing or not on a PV.", vg->name, lv->name, k);
			return -EINVAL;
		}
		/* the image's PVs, in the order it uses them */
		struct alloc_pv_arg *pa = arena_alloc(&x->arena, (img->n_segs + 1) * sizeof(*pa));
		unsigned npa = 0;
		for (unsigned s = 0; s < img->n_segs; s++) {
			const char *path = img->segs[s].areas[0].pv->sd ? img->segs[s].areas[0].pv->sd->dev.path : NULL;
			bool dup = !path;
			for (unsigned i = 0; i < npa && !dup; i++)
				dup = !strcmp(pa[i].name, path);
			if (!dup)
				pa[npa++] = (struct alloc_pv_arg){.name = path};
		}
		struct alloc_seg *cur = arena_alloc(&x->arena, img->n_segs * sizeof(*cur));
		for (unsigned s = 0; s < img->n_segs; s++) {
			cur[s].extents = img->segs[s].extent_count;
			cur[s].stripes = 1;
			cur[s].stripe_size = 0;
			cur[s].areas = arena_alloc(&x->arena, sizeof(*cur[s].areas));
			cur[s].areas[0] = (struct alloc_area){img->segs[s].areas[0].pv->index, img->segs[s].areas[0].pe};
		}
		unsigned idx = 0;
		while (idx < vg->n_lvs && vg->lvs[idx] != img)
			idx++;
		struct alloc_request req = {
			.lv = idx, .lv_name = lv->name, .extents = add, .stripes = 1, .segs = cur, .n_segs = img->n_segs,
			.policy = lv_alloc_policy(alloc, vg, lv),
			.maximise_cling = config_bool(x->cfg, "allocation/maximise_cling"), .pv_args = pa, .n_pv_args = npa,
		};
		struct alloc_result res;
		memset(&res, 0, sizeof(res));
		if (alloc_extents(&x->arena, lv_alloc_pvs(&x->arena, vg), vg->n_pvs, &req, &res)) {
			log_error("%s", res.error);
			return -ENOSPC;
		}
		for (unsigned s = 0; s < res.n_segs; s++) {
			struct piece pc = {res.segs[s].areas[0].pv, res.segs[s].areas[0].pe, res.segs[s].extents};
			lv_sub_add_linear(&x->arena, img, vg->pvs[pc.pv], pc.pe, pc.len);
		}
	}
	seg->extent_count += add;
	lv->size_extents += add;
	return 0;
}

/* Reload the active images of raid1 or mirror LV lv (after a resize). */
int lv_raid_reload_images(struct ctx *x, struct vg *vg, struct lv *lv)
{
	const struct lv_seg *seg = &lv->segs[0];
	int r = 0;
	for (unsigned k = 0; k < seg->n_areas && !r; k++) {
		struct lv *img = vg_find_lv(vg, seg->areas[k].lv_name);
		if (img && act_state(x, vg, img))
			r = act_reload(x, vg, img);
	}
	return r;
}
