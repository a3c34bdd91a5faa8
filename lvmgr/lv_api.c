/* The LV operations under the commands (lv_api.h): the VG as the pure
 * allocator sees it, the new extents appended to the LV, the rules a new
 * or resized LV obeys, the commit and the kernel. Sizes, names and
 * policies as LVM2 takes them; everything is decided and validated before
 * the one metadata commit. */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "allocator/alloc.h"
#include "lvmgr/activate.h"
#include "lvmgr/base/units.h"
#include "lvmgr/devfilter.h"
#include "lvmgr/lv_api.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/lv_snapshot.h"
#include "lvmgr/lv_size.h"
#include "lvmgr/lv_thin.h"
#include "lvmgr/scan.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/snapshot.h"

/* ---- the VG as the allocator sees it ---- */

struct alloc_pv *lv_alloc_pvs(struct arena *a, const struct vg *vg)
{
	struct alloc_pv *pvs = arena_alloc(a, (vg->n_pvs + 1) * sizeof(*pvs));
	unsigned *count = arena_alloc(a, (vg->n_pvs + 1) * sizeof(*count));

	for (unsigned l = 0; l < vg->n_lvs; l++)
		for (unsigned s = 0; s < vg->lvs[l]->n_segs; s++)
			for (unsigned k = 0; k < vg->lvs[l]->segs[s].n_areas; k++)
				if (vg->lvs[l]->segs[s].areas[k].kind == AREA_PV)
					count[vg->lvs[l]->segs[s].areas[k].pv->index]++;
	for (unsigned p = 0; p < vg->n_pvs; p++) {
		const struct pv *pv = vg->pvs[p];
		pvs[p].name = pv->sd ? pv->sd->dev.path : "[unknown]";
		pvs[p].pe_count = pv->pe_count;
		pvs[p].allocatable = pv->sd && (pv->flags.status & PV_ALLOCATABLE);
		pvs[p].tags = pv->tags.v;
		pvs[p].n_tags = pv->tags.n;
		pvs[p].used = arena_alloc(a, (count[p] + 1) * sizeof(struct alloc_used));
	}
	for (unsigned l = 0; l < vg->n_lvs; l++)
		for (unsigned s = 0; s < vg->lvs[l]->n_segs; s++) {
			const struct lv_seg *seg = &vg->lvs[l]->segs[s];
			for (unsigned k = 0; k < seg->n_areas; k++) {
				const struct seg_area *ar = &seg->areas[k];
				if (ar->kind != AREA_PV)
					continue;
				struct alloc_pv *ap = &pvs[ar->pv->index];
				struct alloc_used *u = (struct alloc_used *)&ap->used[ap->n_used++];
				u->start = ar->pe;
				u->len = seg_area_extents(seg);
				u->lv = l;
				u->le = seg->start_extent;
			}
		}
	for (unsigned p = 0; p < vg->n_pvs; p++)
		if (pvs[p].n_used > 1)
			sort_by_u64((void *)pvs[p].used, pvs[p].n_used, sizeof(struct alloc_used),
				    offsetof(struct alloc_used, start));
	return pvs;
}

/* The LV's striped segments for cling/contiguous continuation. */
static struct alloc_seg *alloc_segs_from_lv(struct arena *a, const struct lv *lv, unsigned *n)
{
	struct alloc_seg *segs = arena_alloc(a, (lv->n_segs + 1) * sizeof(*segs));
	*n = 0;
	for (unsigned s = 0; s < lv->n_segs; s++) {
		const struct lv_seg *seg = &lv->segs[s];
		bool pv_only = seg_is_striped(seg);
		for (unsigned k = 0; k < seg->n_areas && pv_only; k++)
			pv_only = seg->areas[k].kind == AREA_PV;
		if (!pv_only)
			continue;
		struct alloc_seg *o = &segs[(*n)++];
		o->extents = seg->extent_count;
		o->stripes = seg->n_areas;
		o->stripe_size = seg->stripe_size;
		o->areas = arena_alloc(a, seg->n_areas * sizeof(*o->areas));
		for (unsigned k = 0; k < seg->n_areas; k++)
			o->areas[k] = (struct alloc_area){seg->areas[k].pv->index, seg->areas[k].pe};
	}
	return segs;
}

/* PV arguments ("pv", "pv:1-5", "@tag") -> allocator arguments named like
 * alloc_pv.name (the scanned path). */
int lv_pv_args(struct ctx *x, struct vg *vg, char *const *args, unsigned n, struct alloc_pv_arg **out)
{
	struct alloc_pv_arg *pa = arena_alloc(&x->arena, ((size_t)n + 1) * sizeof(*pa));
	char err[256];
	for (unsigned i = 0; i < n; i++) {
		if (alloc_parse_pv_arg(&x->arena, args[i], &pa[i], err, sizeof(err))) {
			log_error("%s", err);
			return -EINVAL;
		}
		if (pa[i].is_tag)
			continue;
		struct scan_dev *sd = scan_find(x, pa[i].name);
		struct pv *pv = NULL;
		for (unsigned p = 0; p < vg->n_pvs && sd; p++)
			if (vg->pvs[p]->sd == sd)
				pv = vg->pvs[p];
		if (!pv) {
			log_error("Physical Volume \"%s\" not found in Volume Group \"%s\".", pa[i].name,
				  vg->name);
			return -ENOENT;
		}
		pa[i].name = pv->sd->dev.path;
	}
	*out = pa;
	return 0;
}

enum alloc_policy lv_alloc_policy(const char *p, const struct vg *vg, const struct lv *lv)
{
	enum alloc_policy r;
	if (!p || !strcmp(p, "inherit"))
		p = lv && lv->alloc && strcmp(lv->alloc, "inherit") ? lv->alloc : vg->alloc;
	if (!p || alloc_policy_from_name(p, &r))
		r = ALLOC_NORMAL;
	return r;
}

static const char *size_str(uint64_t sectors, char *buf, size_t len)
{
	return units_format_long(sectors, buf, len);
}

/* ---- zeroing and wiping through the PV mapping (no kernel needed) ---- */

static int zero_lv_start(struct ctx *x, struct vg *vg, struct lv *lv, bool zero, bool wipe)
{
	struct lv_seg *seg = &lv->segs[0];
	if (!seg_is_striped(seg) || !seg->n_areas || seg->areas[0].kind != AREA_PV)
		return 0;
	/* The LV's first bytes are the first chunk of its first stripe. */
	struct pv *pv = seg->areas[0].pv;
	uint64_t off = (pv->pe_start + seg->areas[0].pe * vg->extent_size) * 512;
	uint64_t len = 4096;
	uint64_t chunk = seg->n_areas > 1 ? (uint64_t)seg->stripe_size * 512 : seg_area_extents(seg) * vg->extent_size * 512;
	if (len > chunk)
		len = chunk;
	if (wipe && seg->n_areas == 1) {
		/* Signatures anywhere in the LV's first segment (probed through its
		 * PV mapping), e.g. an old filesystem's backup superblocks. */
		struct dev_signature sigs[8];
		int n = devsig_probe_range(pv->sd->dev.path, off, seg_area_extents(seg) * vg->extent_size * 512,
					   sigs, ARRAY_SIZE(sigs));
		if (n > 0) {
			for (int i = 0; i < n; i++) {
				/* LVM2's wipe_lv: an old COW header goes without a word */
				if (!strcmp(sigs[i].type, "DM_snapshot_cow"))
					log_verbose("Wiping %s signature on %s/%s.", sigs[i].type, vg->name, lv->name);
				else
					log_print("Wiping %s signature on %s/%s.", sigs[i].type, vg->name, lv->name);
				sigs[i].offset += off;
			}
			if (!x->test && devsig_wipe(x->io, pv->sd->dev.fd, sigs, (size_t)n, NULL, 0))
				return -EIO;
		}
	}
	if (x->test || !zero)
		return 0;
	void *z = io_alloc(len);
	int r = io_write(x->io, pv->sd->dev.fd, off, z, len);
	io_free(z);
	if (!r)
		r = io_flush(x->io, pv->sd->dev.fd);
	if (r)
		log_error("Zeroing the start of %s/%s failed: %s", vg->name, lv->name, strerror(-r));
	return r;
}

/* Append allocator segments to lv (merging with its last segment when they
 * continue it physically, as LVM2). */
static void lv_add_segments(struct arena *a, struct vg *vg, struct lv *lv, const struct alloc_result *res)
{
	struct lv_seg *segs = arena_alloc(a, (lv->n_segs + res->n_segs + 1) * sizeof(*segs));
	if (lv->n_segs)
		memcpy(segs, lv->segs, lv->n_segs * sizeof(*segs));
	uint64_t le = lv->size_extents;
	for (unsigned i = 0; i < res->n_segs; i++) {
		const struct alloc_seg *as = &res->segs[i];
		struct lv_seg *last = lv->n_segs ? &segs[lv->n_segs - 1] : NULL;
		if (last && seg_is_striped(last) && last->n_areas == as->stripes &&
		    last->stripe_size == as->stripe_size) {
			bool cont = true;
			uint64_t alen = seg_area_extents(last);
			for (unsigned k = 0; k < as->stripes && cont; k++)
				cont = last->areas[k].kind == AREA_PV &&
				       last->areas[k].pv->index == as->areas[k].pv &&
				       last->areas[k].pe + alen == as->areas[k].pe;
			if (cont) {
				last->extent_count += as->extents;
				le += as->extents;
				continue;
			}
		}
		struct lv_seg *s = &segs[lv->n_segs++];
		memset(s, 0, sizeof(*s));
		s->start_extent = le;
		s->extent_count = as->extents;
		seg_set_segtype(s, &segtype_striped);
		s->stripe_count = as->stripes;
		s->stripe_size = as->stripes > 1 ? as->stripe_size : 0;
		s->n_areas = as->stripes;
		s->areas = arena_alloc(a, as->stripes * sizeof(*s->areas));
		for (unsigned k = 0; k < as->stripes; k++)
			s->areas[k] = (struct seg_area){.kind = AREA_PV, .pv = vg->pvs[as->areas[k].pv],
							.pe = as->areas[k].pe};
		le += as->extents;
	}
	lv->segs = segs;
	lv->size_extents = le;
}

/* What the allocator is asked besides the size. */
struct grow_req {
	unsigned stripes;
	uint32_t stripe_size;
	const char *alloc;
	const struct alloc_pv_arg *pa;
	unsigned npa;
	bool approx;		/* extents is an upper limit (a percentage) */
};

/* Allocate `extents` more extents for lv (index lv_index in the VG, or
 * vg->n_lvs for a new one) and append them. With g->approx, as many as the
 * PVs allow up to `extents` (whole stripes): LVM2's approx_alloc, found
 * here as the largest request the pure allocator satisfies (it is
 * monotone: a smaller request fits where a larger one does). 0, or
 * -ENOSPC with the allocator's message logged. */
int lvi_alloc_largest(struct ctx *x, const struct alloc_pv *apvs, unsigned n_pvs, struct alloc_request *req,
		      const struct alloc_result *failed, bool approx, uint64_t extents, uint64_t hi, uint64_t unit,
		      uint64_t (*size)(uint64_t k, const void *arg), const void *arg, struct alloc_result *res,
		      uint64_t *got)
{
	if (!approx) {
		log_error("%s", failed->error);
		return -ENOSPC;
	}
	/* the largest k that fits: lo fits (or is 0), hi + 1 does not */
	uint64_t lo = 0;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo + 1) / 2;
		struct alloc_result r2;
		memset(&r2, 0, sizeof(r2));
		req->extents = size(mid, arg);
		if (alloc_extents(&x->arena, apvs, n_pvs, req, &r2))
			hi = mid - 1;
		else {
			lo = mid;
			*res = r2;
		}
	}
	if (!lo) {
		log_error("Insufficient suitable allocatable extents found for logical volume %s.", req->lv_name);
		return -ENOSPC;
	}
	log_verbose("Found fewer allocatable extents for logical volume %s than requested: using %" PRIu64
		    " extents (reduced by %" PRIu64 ").", req->lv_name, lo * unit, extents - lo * unit);
	*got = lo;
	return 0;
}

/* A striped request of k stripes' worth: k * stripes extents. */
static uint64_t stripes_size(uint64_t k, const void *arg)
{
	return k * *(const uint64_t *)arg;
}

static int grow_lv(struct ctx *x, struct vg *vg, struct lv *lv, unsigned lv_index, uint64_t extents,
		   const struct grow_req *g)
{
	unsigned nsegs = 0;
	struct alloc_seg *segs = lv->n_segs ? alloc_segs_from_lv(&x->arena, lv, &nsegs) : NULL;
	struct alloc_request req = {
		.lv = lv_index,
		.lv_name = lv->name,
		.extents = extents,
		.stripes = g->stripes,
		/* One stripe has no stripe size: a linear extension then
		 * merges with a linear segment it continues. */
		.stripe_size = g->stripes > 1 ? g->stripe_size : 0,
		.segs = segs,
		.n_segs = nsegs,
		.policy = lv_alloc_policy(g->alloc, vg, lv),
		.maximise_cling = config_bool(x->cfg, "allocation/maximise_cling"),
		.pv_args = g->pa,
		.n_pv_args = g->npa,
	};
	struct alloc_result res;
	const struct alloc_pv *apvs = lv_alloc_pvs(&x->arena, vg);
	memset(&res, 0, sizeof(res));
	if (alloc_extents(&x->arena, apvs, vg->n_pvs, &req, &res)) {
		uint64_t st = g->stripes ? g->stripes : 1, k;
		struct alloc_result failed = res;
		if (lvi_alloc_largest(x, apvs, vg->n_pvs, &req, &failed, g->approx, extents, extents / st, st,
				      stripes_size, &st, &res, &k))
			return -ENOSPC;
	}
	if (res.warning[0])
		log_warn("%s", res.warning);
	lv_add_segments(&x->arena, vg, lv, &res);
	return 0;
}

int lv_stripes_check(const struct vg *vg, unsigned *stripes, uint32_t *stripe_size)
{
	uint64_t n = *stripes, sz = *stripe_size;
	if (!n) {
		log_error("Number of stripes must be at least 1.");
		return -EINVAL;
	}
	if (n > 1 && ((sz & (sz - 1)) || sz < 8)) {	/* LVM2: a power of 2, one page at least */
		char b[64];
		log_error("Invalid stripe size %s.", units_format_long(sz, b, sizeof(b)));
		return -EINVAL;
	}
	if (n > 1 && sz > vg->extent_size) {
		log_warn("Reducing stripe size %" PRIu64 " sectors to the extent size %u sectors.", sz,
			 vg->extent_size);
		sz = vg->extent_size;
	}
	*stripe_size = n > 1 ? (uint32_t)sz : 0;
	return 0;
}

void lv_last_stripes(const struct lv *lv, unsigned *stripes, uint32_t *stripe_size)
{
	const struct lv_seg *last = &lv->segs[lv->n_segs - 1];
	*stripes = last->n_areas ? last->n_areas : 1;	/* zero and error have no areas */
	*stripe_size = last->n_areas > 1 ? last->stripe_size : 128;
}

/* ---- lv_create ---- */

/* As LVM2's generate_lv_name: one more than the highest "lvol%d" in the VG
 * (not the lowest free number: lvol0 stays unused after its removal). */
static const char *new_lv_name_fmt(struct ctx *x, const struct vg *vg, const char *fmt)
{
	int high = -1, i;
	for (unsigned l = 0; l < vg->n_lvs; l++)
		if (sscanf(vg->lvs[l]->name, fmt, &i) == 1 && i > high)
			high = i;
	return arena_printf(&x->arena, fmt, high + 1);
}

static const char *new_lv_name(struct ctx *x, const struct vg *vg)
{
	return new_lv_name_fmt(x, vg, "lvol%d");
}

static int check_lv_name(const struct vg *vg, const char *name)
{
	char err[256];
	int r = lv_name_check(vg, name, err, sizeof(err));
	if (r)
		log_error("%s", err);
	/* a reserved or malformed name is a bad request, as LVM2 */
	return r == -EPERM ? -EINVAL : r;
}


/* The new LV's own attributes. */
static struct lv *new_lv(struct ctx *x, const char *name, const struct lv_create_params *p)
{
	char host[256] = "";
	struct lv *lv = arena_alloc(&x->arena, sizeof(*lv));
	lv->name = name;
	id_generate(lv->id);
	lv->flags.status = LV_READ | LV_VISIBLE | (p->read_only ? 0 : LV_WRITE);
	lv->creation_time = (uint64_t)time(NULL);
	gethostname(host, sizeof(host) - 1);
	lv->creation_host = arena_strdup(&x->arena, host);
	lv->alloc = p->alloc && strcmp(p->alloc, "inherit") ? p->alloc : NULL;
	lv->read_ahead = p->read_ahead;
	lv->major = lv->minor = -1;
	if (p->fixed_minor) {
		lv->flags.status |= LV_FIXED_MINOR;
		lv->major = p->major;
		lv->minor = p->minor;
	}
	lv->flags.other_compat = p->compat_flags;
	lv->flags.n_other_compat = p->n_compat_flags;
	lv->tags = p->tags;
	return lv;
}

/* The size in extents: resolved, not zero, rounded to whole stripes (up;
 * down for a percentage the free space cannot round up to, as LVM2's
 * _update_extents_params). */
static int create_extents(const struct vg *vg, const struct lv_create_params *p,
			  const struct alloc_pv_arg *pa, uint64_t *out, bool *approx)
{
	uint64_t e;
	char b[64];
	int r = lv_size_extents(vg, NULL, &p->size, 0, pa, p->n_pvs, &e, approx);
	if (r)
		return r;
	if (!e) {
		log_error("Unable to create new logical volume with no extents.");
		return -EINVAL;
	}
	uint64_t per = p->stripe_size / vg->extent_size ? p->stripe_size / vg->extent_size : 1;
	uint64_t unit = p->stripes * per, rest = e % unit;
	if (*approx && p->stripes && rest && vg_free_count(vg) < e - rest + unit) {
		log_print("Rounding size (%" PRIu64 " extents) down to stripe boundary size (%" PRIu64 " extents)", e,
			  e - rest);
		e -= rest;
		if (!e) {
			log_error("Adjusted size of logical volume is 0 extents. Needs to be larger.");
			return -EINVAL;
		}
	}
	if (e % p->stripes) {
		uint64_t up = e + p->stripes - e % p->stripes;
		log_print("Rounding size %s (%" PRIu64 " extents) up to stripe boundary size %s (%" PRIu64 " extents).",
			  size_str(e * vg->extent_size, b, sizeof(b)), e,
			  size_str(up * vg->extent_size, b + 32, sizeof(b) - 32), up);
		e = up;
	}
	*out = e;
	return 0;
}

/* The extents of lv: allocated (striped) or one virtual segment. */
static int create_layout(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_create_params *p,
			 uint64_t extents, const struct alloc_pv_arg *pa, bool approx)
{
	const struct segtype *st = p->segtype;
	if (st->flags & SEGTYPE_VIRTUAL) {
		lv->segs = arena_alloc(&x->arena, sizeof(*lv->segs));
		lv->segs[0] = (struct lv_seg){.start_extent = 0, .extent_count = extents};
		seg_set_segtype(&lv->segs[0], st);
		lv->n_segs = 1;
		lv->size_extents = extents;
		return 0;
	}
	if (st->flags & SEGTYPE_RAID)
		return lv_raid_layout(x, vg, lv, p, approx, extents, pa);
	if (st->flags & SEGTYPE_MIRROR)
		return lv_mirror_layout(x, vg, lv, p, extents, pa);
	/* LVM2's command-level checks, before its allocator. */
	if (p->stripes > vg->n_pvs) {
		log_error("Number of stripes (%u) must not exceed number of physical volumes (%u)", p->stripes,
			  vg->n_pvs);
		return -EINVAL;
	}
	if (!p->n_pvs && !approx && extents > vg_free_count(vg)) {
		log_error("Volume group \"%s\" has insufficient free space (%" PRIu64 " extents): %" PRIu64 " required.",
			  vg->name, vg_free_count(vg), extents);
		return -ENOSPC;
	}
	struct grow_req g = {p->stripes, p->stripe_size, p->alloc, pa, p->n_pvs, approx};
	return grow_lv(x, vg, lv, vg->n_lvs, extents, &g);
}

void lv_vg_add(struct arena *a, struct vg *vg, struct lv *lv)
{
	if (vg->n_lvs == vg->cap_lvs) {
		unsigned cap = vg->cap_lvs ? vg->cap_lvs * 2 : 16;
		struct lv **nl = arena_alloc(a, cap * sizeof(*nl));
		if (vg->n_lvs)
			memcpy(nl, vg->lvs, vg->n_lvs * sizeof(*nl));
		vg->lvs = nl;
		vg->cap_lvs = cap;
	}
	vg->lvs[vg->n_lvs++] = lv;
}

/* Commit the VG with lv in it, clear its start, activate it. */
static int create_commit(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_create_params *p)
{
	bool virt = p->segtype->flags & SEGTYPE_VIRTUAL, dm = p->activate != 0 && dmk_available();
	bool zero = p->zero && !virt, wipe = p->wipe && !virt;
	int r;

	lv_vg_add(&x->arena, vg, lv);
	if ((r = vg_commit(x, vg)))
		return r;
	/* As LVM2: the metadata is committed, then the new LV's start is
	 * cleared so no stale filesystem shows through it. */
	if ((zero || wipe) && (r = zero_lv_start(x, vg, lv, zero, wipe)))
		return r;
	if ((p->segtype->flags & (SEGTYPE_RAID | SEGTYPE_MIRROR)) && (r = lv_raid_wipe(x, vg, lv, zero)))
		return r;
	if (!zero && !virt && !x->test)
		log_warn("Logical volume %s/%s not zeroed.", vg->name, lv->name);
	if (p->activate != 0 && dm && !x->test && (r = act_lv(x, vg, lv, false, NULL))) {
		/* As LVM2: an LV that cannot be activated is not left behind. */
		log_error("Failed to activate new LV %s/%s: removing it again.", vg->name, lv->name);
		vg_remove_lv(vg, lv);
		vg_commit(x, vg);
		return r;
	}
	if (p->activate < 0 && !dm)
		log_warn("device-mapper is not available: %s/%s was created inactive.", vg->name, lv->name);
	return 0;
}

int lv_create(struct ctx *x, struct vg *vg, const struct lv_create_params *p, struct lv **out)
{
	const char *name = p->name ? p->name : new_lv_name(x, vg);
	struct alloc_pv_arg *pa = NULL;
	uint64_t extents;
	bool approx;
	struct lv *lv;
	int r;

	if ((r = check_lv_name(vg, name)))
		return r;
	if (vg->max_lv && vg_visible_lv_count(vg) >= vg->max_lv) {
		log_error("Maximum number of logical volumes (%" PRIu64 ") reached in volume group %s",
			  vg->max_lv, vg->name);
		return -EMLINK;
	}
	if ((r = lv_pv_args(x, vg, p->pvs, p->n_pvs, &pa)) || (r = create_extents(vg, p, pa, &extents, &approx)))
		return r;
	lv = new_lv(x, name, p);
	if ((r = create_layout(x, vg, lv, p, extents, pa, approx)) || (r = create_commit(x, vg, lv, p)))
		return r;
	*out = lv;
	return 0;
}

/* ---- lv_resize ---- */

static void lv_truncate(struct lv *lv, uint64_t extents)
{
	unsigned s = 0;
	while (s < lv->n_segs && lv->segs[s].start_extent < extents) {
		struct lv_seg *seg = &lv->segs[s];
		if (seg->start_extent + seg->extent_count > extents)
			seg->extent_count = extents - seg->start_extent;
		s++;
	}
	lv->n_segs = s;
	lv->size_extents = extents;
}

/* The new size asked, checked against the mode. */
static int resize_target(const struct vg *vg, const struct lv *lv, const struct lv_resize_params *p,
			 const struct alloc_pv_arg *pa, uint64_t *want, bool *approx)
{
	uint64_t old = lv->size_extents, e;
	int r = lv_size_extents(vg, lv, &p->size, p->sign, pa, p->n_pvs, &e, approx);
	if (r)
		return r;
	if (p->sign == '+')
		*want = old + e;
	else if (p->sign == '-')
		*want = e >= old ? 0 : old - e;
	else
		*want = e;
	if (*want == old) {
		log_error("New size (%" PRIu64 " extents) matches existing size (%" PRIu64 " extents).", *want, old);
		return -EINVAL;
	}
	if (p->mode == LV_RESIZE_EXTEND && *want < old) {
		log_error("New size given (%" PRIu64 " extents) not larger than existing size (%" PRIu64 " extents)",
			  *want, old);
		return -EINVAL;
	}
	if (p->mode == LV_RESIZE_REDUCE && *want > old) {
		log_error("New size given (%" PRIu64 " extents) not less than existing size (%" PRIu64 " extents)",
			  *want, old);
		return -EINVAL;
	}
	if (!*want && p->sign == '-') {
		log_error("Unable to reduce %s/%s below 1 extent.", vg->name, lv->name);
		return -EINVAL;
	}
	if (!*want) {
		log_error("Cannot reduce %s/%s to zero extents (use lvremove).", vg->name, lv->name);
		return -EINVAL;
	}
	return 0;
}

static int resize_grow(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_resize_params *p,
		       const struct alloc_pv_arg *pa, uint64_t want, bool approx)
{
	struct lv_seg *last = &lv->segs[lv->n_segs - 1];
	uint64_t old = lv->size_extents, add = want - old;
	struct grow_req g = {p->stripes, p->stripe_size, p->alloc, pa, p->n_pvs, approx};

	if (seg_is_virtual(last)) {
		last->extent_count += add;
		lv->size_extents = want;
		return 0;
	}
	if (seg_is_raid(last) || seg_is_mirror(last))
		return lv_raid_extend(x, vg, lv, add, p->alloc);
	if (!g.stripes)
		lv_last_stripes(lv, &g.stripes, &g.stripe_size);
	/* As LVM2's _lvresize_adjust_extents: whole stripes, rounded up
	 * unless a percentage would then exceed the free space. */
	uint64_t unit = g.stripes * (g.stripe_size > vg->extent_size ? g.stripe_size / vg->extent_size : 1);
	uint64_t rest = g.stripes > 1 ? add % unit : 0;
	if (rest && (p->size.base < LV_SIZE_PCT_VG || vg_free_count(vg) >= add - rest + unit)) {
		log_print("Rounding size (%" PRIu64 " extents) up to stripe boundary size for segment (%" PRIu64
			  " extents).", want, want - rest + unit);
		add += unit - rest;
	} else if (rest) {
		log_print("Rounding size (%" PRIu64 " extents) down to stripe boundary size for segment (%" PRIu64
			  " extents)", want, want - rest);
		add -= rest;
	}
	if (!add) {
		log_error("New size (%" PRIu64 " extents) matches existing size (%" PRIu64 " extents).", old, old);
		return -EINVAL;
	}
	int r;
	if (p->prepare && (r = p->prepare(p->prepare_arg, vg, lv, old + add)))
		return r;
	unsigned index = 0;
	for (unsigned l = 0; l < vg->n_lvs; l++)
		if (vg->lvs[l] == lv)
			index = l;
	return grow_lv(x, vg, lv, index, add, &g);
}

static int resize_shrink(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_resize_params *p,
			 uint64_t want)
{
	uint64_t cut_at = want;
	char b[64];
	/* Striped segments shrink by whole stripes. */
	for (unsigned s = 0; s < lv->n_segs; s++) {
		struct lv_seg *seg = &lv->segs[s];
		if (seg->start_extent < want && seg->start_extent + seg->extent_count > want &&
		    seg->n_areas > 1 && !seg_is_raid(seg) && !seg_is_mirror(seg)) {
			uint64_t in = want - seg->start_extent;
			if (in % seg->n_areas) {
				in += seg->n_areas - in % seg->n_areas;
				cut_at = seg->start_extent + in;
				log_print("Rounding size to stripe boundary (%" PRIu64 " extents).", cut_at);
			}
		}
	}
	if (cut_at >= lv->size_extents) {
		log_error("New size (%" PRIu64 " extents) is not smaller once rounded to the stripes.", cut_at);
		return -EINVAL;
	}
	/* LVM2's _request_confirmation: only an active LV is warned about
	 * and asked for (an inactive one holds no data in use). */
	const struct dmk_dev *d = act_state(x, vg, lv);
	if (d) {
		log_warn("Reducing active%s logical volume to %s.", d->open_count > 0 ? " and open" : "",
			 size_str(cut_at * vg->extent_size, b, sizeof(b)));
		log_print("THIS MAY DESTROY YOUR DATA (filesystem etc.)");
	}
	if (d && p->confirm_reduce && !p->confirm_reduce(p->confirm_arg, vg, lv)) {
		log_error("Logical volume %s/%s NOT reduced.", vg->name, lv->name);
		return -ECANCELED;
	}
	int r;
	if (p->prepare && (r = p->prepare(p->prepare_arg, vg, lv, cut_at)))
		return r;
	/* raid1 and mirror: each image by as much (LVM2's _lv_segment_reduce
	 * releases the same extents of every area); rmeta and log stay. */
	if (lv->n_segs && (seg_is_raid(&lv->segs[0]) || seg_is_mirror(&lv->segs[0])))
		for (unsigned k = 0; k < lv->segs[0].n_areas; k++)
			lv_truncate(vg_find_lv(vg, lv->segs[0].areas[k].lv_name), cut_at);
	lv_truncate(lv, cut_at);
	return 0;
}

int lv_resize(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_resize_params *p,
	      uint64_t *old_extents)
{
	struct alloc_pv_arg *pa = NULL;
	uint64_t want;
	bool approx;
	int r;

	if (lv->n_segs == 1 && seg_has_flag(&lv->segs[0], SEGTYPE_THIN_POOL))
		return thin_pool_resize(x, vg, lv, p, old_extents);	/* lvmgr/lv_thin.c */
	for (unsigned s = 0; s < lv->n_segs; s++)
		if (seg_is_verbatim(&lv->segs[s])) {
			log_error("Cannot resize %s/%s: lvmgr does not manage %s LVs yet (use LVM2).", vg->name,
				  lv->name, lv->segs[s].type);
			return -ENOTSUP;
		}
	if ((r = lv_raid_sub_resize_check(vg, lv)))	/* an image, rmeta or log: LVM2's refusal */
		return r;
	if ((r = lv_pv_args(x, vg, p->pvs, p->n_pvs, &pa)) || (r = resize_target(vg, lv, p, pa, &want, &approx)))
		return r;
	bool layered = lv->n_segs && (seg_is_mirror(&lv->segs[0]) || seg_is_raid(&lv->segs[0]));
	if (layered && (r = lv_raid_resize_check(vg, lv)))	/* raid1 and mirror: lv_raid.c */
		return r;
	*old_extents = lv->size_extents;
	if ((r = lv_snapshot_resize_check(x, vg, lv, &want)))	/* origin or COW (lv_snapshot.c) */
		return r < 0 ? r : 0;
	if ((r = lv_thin_resize_check(x, vg, lv, want)))	/* over an external origin (lv_thin.c) */
		return r;
	/* The old layout, to put back if the kernel refuses the new table. */
	struct lv saved = *lv;
	saved.segs = arena_alloc(&x->arena, (lv->n_segs + 1) * sizeof(*saved.segs));
	memcpy(saved.segs, lv->segs, lv->n_segs * sizeof(*saved.segs));
	r = want > lv->size_extents ? resize_grow(x, vg, lv, p, pa, want, approx) : resize_shrink(x, vg, lv, p, want);
	if (r || (r = vg_commit(x, vg)))
		return r;
	/* An active LV gets its new table: load, suspend, resume. A raid1 or
	 * mirror LV's grown images first: dm-raid and dm-mirror check their
	 * size when their own table is loaded (shrunk images are fine in the
	 * one tree: the smaller raid/mirror table is loaded before them). */
	if (!x->test && act_state(x, vg, lv) && layered && lv->size_extents > saved.size_extents &&
	    (r = lv_raid_reload_images(x, vg, lv))) {
		log_error("Reloading the images of %s/%s failed.", vg->name, lv->name);
		return r;
	}
	if (!x->test && act_state(x, vg, lv) && (r = act_reload(x, vg, lv))) {
		log_error("Reloading %s/%s failed: restoring its previous size.", vg->name, lv->name);
		*lv = saved;
		vg_commit(x, vg);
		return r;
	}
	return 0;
}

/* ---- for the other LV operations of lvmgr/ (lv_int.h) ---- */

int lvi_size_extents(const struct vg *vg, const struct lv *lv, const struct lv_size *s, char sign,
		     const struct alloc_pv_arg *pa, unsigned n, uint64_t *out)
{
	bool approx;
	return lv_size_extents(vg, lv, s, sign, pa, n, out, &approx);
}

struct lv *lvi_new_lv(struct ctx *x, const char *name, const struct lv_create_params *p)
{
	return new_lv(x, name, p);
}

const char *lvi_new_name(struct ctx *x, const struct vg *vg, const char *fmt)
{
	return new_lv_name_fmt(x, vg, fmt);
}

int lvi_check_lv_name(const struct vg *vg, const char *name)
{
	return check_lv_name(vg, name);
}

int lvi_grow(struct ctx *x, struct vg *vg, struct lv *lv, unsigned lv_index, uint64_t extents, unsigned stripes,
	     uint32_t stripe_size, const char *alloc, const struct alloc_pv_arg *pa, unsigned npa)
{
	struct grow_req g = {stripes, stripe_size, alloc, pa, npa, false};
	return grow_lv(x, vg, lv, lv_index, extents, &g);
}

int lvi_zero_start(struct ctx *x, struct vg *vg, struct lv *lv)
{
	return zero_lv_start(x, vg, lv, true, false);
}

const char *lv_lvm2_type(const struct vg *vg, const struct lv *lv)
{
	const struct lv_seg *seg = lv->n_segs ? &lv->segs[0] : NULL;
	if (snap_seg_of_cow(vg, lv, NULL))
		return "snapshot";
	if (!seg)
		return "unknown";
	if (seg_is_linear(seg))
		return "linear";
	if (seg_is_striped(seg))
		return "striped";
	if (lv_is_thin(lv))
		return "thin";
	if (lv_is_thin_pool(lv))
		return "thinpool";
	if (seg_is_mirror(seg))
		return "mirror";
	if (seg_is_raid(seg))
		return "raid";
	return seg->type ? seg->type : "unknown";
}

void lv_type_refused(const struct vg *vg, const struct lv *lv)
{
	log_error("Command on LV %s/%s does not accept LV type %s.", vg->name, lv->name, lv_lvm2_type(vg, lv));
	log_error("Command not permitted on LV %s/%s.", vg->name, lv->name);
}
