/* Thin pools and thin LVs in the model (lv_thin.h): LVM2 2.03's sizes,
 * names, layout and refusals (lib/metadata/thin_manip.c,
 * pool_manip.c, lv_manip.c), one commit for each change; the kernel side
 * (messages, reconciliation) is thin_msg.c's. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvmgr/activate.h"
#include "lvmgr/base/units.h"
#include "lvmgr/config.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/lv_thin.h"
#include "lvmgr/vgio.h"

static const char *sz(uint64_t sectors, char *buf, size_t len)
{
	return units_format_long(sectors, buf, len);
}

int thin_chunk_check(uint32_t chunk)
{
	char a[64], b[64], c[64];
	int r = 0;
	if (chunk < THIN_MIN_CHUNK || chunk > THIN_MAX_CHUNK) {
		log_error("Thin pool chunk size %s is not in the range %s to %s.", sz(chunk, a, sizeof(a)),
			  sz(THIN_MIN_CHUNK, b, sizeof(b)), sz(THIN_MAX_CHUNK, c, sizeof(c)));
		r = -EINVAL;
	}
	if (chunk & (THIN_MIN_CHUNK - 1)) {
		log_error("Thin pool chunk size %s must be a multiple of %s.", sz(chunk, a, sizeof(a)),
			  sz(THIN_MIN_CHUNK, b, sizeof(b)));
		r = -EINVAL;
	}
	return r;
}

static uint64_t round_up(uint64_t v, uint64_t to)
{
	return (v + to - 1) / to * to;
}

/* _estimate_chunk_size: the kernel takes any multiple of 64 KiB
 * (THIN_FEATURE_BLOCK_SIZE): big chunks round to 1 MiB, small ones to a
 * power of 2. */
static uint32_t estimate_chunk(uint64_t data_sectors, uint64_t meta_sectors)
{
	uint64_t c = data_sectors / (meta_sectors * 8);
	const uint64_t big = 2 * 1024 * 2 - 1;	/* 2 * DEFAULT_THIN_POOL_CHUNK_SIZE_ALIGNED - 1 */
	if (c > big && c < UINT32_MAX - big)
		c = (c + big) & ~big;
	else {
		uint64_t p = 1;
		while (p < c)
			p <<= 1;
		c = p;
	}
	return c < THIN_MIN_CHUNK ? THIN_MIN_CHUNK : c > THIN_MAX_CHUNK ? THIN_MAX_CHUNK : (uint32_t)c;
}

int thin_pool_sizes(struct ctx *x, const struct vg *vg, uint64_t data_extents, uint64_t metadata_size,
		    uint32_t *chunk, uint64_t *meta_extents)
{
	return thin_pool_sizes_lv(x, vg, data_extents, metadata_size, NULL, chunk, meta_extents);
}

int thin_pool_sizes_lv(struct ctx *x, const struct vg *vg, uint64_t data_extents, uint64_t metadata_size,
		       const char *meta_lv, uint32_t *chunk, uint64_t *meta_extents)
{
	uint64_t es = vg->extent_size, data = data_extents * es, meta;
	char a[64], b[64];

	if (!*chunk && config_int(x->cfg, "allocation/thin_pool_chunk_size") > 0)	/* KiB, as given (LVM2) */
		*chunk = (uint32_t)config_int(x->cfg, "allocation/thin_pool_chunk_size") * 2;
	if (!metadata_size) {
		if (!*chunk) {
			const char *pol = config_str(x->cfg, "allocation/thin_pool_chunk_size_policy");
			if (pol && !strcasecmp(pol, "performance"))
				*chunk = 512 * 2;
			else if (!pol || !strcasecmp(pol, "generic"))
				*chunk = 64 * 2;
			else {
				log_error("Thin pool chunk size calculation policy \"%s\" is unrecognised.", pol);
				return -EINVAL;
			}
			meta = data / (*chunk * 8ull);
			while (meta > 128 * 1024 * 2 && *chunk < THIN_MAX_CHUNK) {
				*chunk <<= 1;
				meta >>= 1;
			}
		} else {
			meta = data / (*chunk * 8ull);
			if (meta > THIN_MAX_METADATA)
				log_warn("Chunk size is too small for pool, suggested minimum is %s.",
					 sz(estimate_chunk(data, THIN_MAX_METADATA), a, sizeof(a)));
		}
		meta = round_up(meta, es);
	} else {
		meta = metadata_size;
		uint32_t est = estimate_chunk(data, meta);
		if (!*chunk)
			*chunk = est;
		else if (*chunk < est)
			log_warn("Chunk size is smaller then suggested minimum size %s.", sz(est, a, sizeof(a)));
	}
	/* update_pool_metadata_min_max */
	uint64_t max_meta = round_up(THIN_MAX_METADATA, es), min_meta = round_up(THIN_MIN_METADATA, es);
	uint64_t max_data = THIN_MAX_METADATA * *chunk * 512 / 64;	/* sectors: not rounded */
	if (meta_lv && meta > max_meta)
		/* an existing LV keeps its size (update_pool_metadata_min_max) */
		log_print("Size %s of pool metadata volume %s is bigger then maximum usable size %s.",
			  sz(meta, a, sizeof(a)), meta_lv, sz(max_meta, b, sizeof(b)));
	else if (meta_lv && meta < min_meta) {
		log_error("Can't use volume %s with size %s as pool metadata. Minimal required size is %s.", meta_lv,
			  sz(meta, a, sizeof(a)), sz(min_meta, b, sizeof(b)));
		return -EINVAL;
	} else if (meta > max_meta) {
		if (metadata_size)
			log_print("Reducing pool metadata size %s to maximum usable size %s.", sz(meta, a, sizeof(a)),
				  sz(max_meta, b, sizeof(b)));
		meta = max_meta;
	} else if (meta < min_meta) {
		if (metadata_size)
			log_print("Extending pool metadata size %s to required minimal size %s.",
				  sz(meta, a, sizeof(a)), sz(min_meta, b, sizeof(b)));
		meta = min_meta;
	}
	*meta_extents = (meta + es - 1) / es;
	if (max_data / es < data_extents) {
		log_error("Selected chunk size %s cannot address more then %s of thin pool data space.",
			  sz(*chunk, a, sizeof(a)), sz(max_data, b, sizeof(b)));
		return -EINVAL;
	}
	log_print("Thin pool volume with chunk size %s can address at most %s of data.", sz(*chunk, a, sizeof(a)),
		  sz(max_data, b, sizeof(b)));
	if (thin_chunk_check(*chunk))
		return -EINVAL;
	if (*chunk > data) {
		log_error("Size of thin-pool data volume cannot be smaller than chunk size %s.", sz(*chunk, a, sizeof(a)));
		return -EINVAL;
	}
	return 0;
}

struct lv *lv_thin_find_spare(const struct vg *vg)
{
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const char *n = vg->lvs[l]->name;
		size_t len = strlen(n);
		if (len > 8 && !strcmp(n + len - 8, "_pmspare"))
			return vg->lvs[l];
	}
	return NULL;
}

static unsigned lv_index(const struct vg *vg, const struct lv *lv)
{
	for (unsigned l = 0; l < vg->n_lvs; l++)
		if (vg->lvs[l] == lv)
			return l;
	return vg->n_lvs;
}

/* A hidden LV of the pool: read/write, not visible, no tags. */
static struct lv *hidden_lv(struct ctx *x, const char *name, const struct lv_create_params *p)
{
	struct lv_create_params hp = *p;
	hp.read_only = false;
	hp.read_ahead = -2;
	hp.tags = (struct strlist){0};
	hp.alloc = NULL;
	struct lv *lv = lvi_new_lv(x, name, &hp);
	lv->flags.status &= ~(uint32_t)LV_VISIBLE;
	return lv;
}

/* The PV for the metadata LV. LVM2 allocates it with the data, like a
 * mirror log (lib/metadata/lv_manip.c _find_some_parallel_space): the
 * candidate areas sorted by how much of one data stripe each could take
 * (largest first, ties in PV order), the data from the front, the
 * metadata from the last area big enough for it. So: among the PVs of
 * the request the data LV does not use, the one taking the least of a
 * stripe (the later on ties) with room for the metadata; when none has
 * room, the same among all the request's PVs (the metadata then follows
 * the data on its PV), unless allocation/thin_pool_metadata_require_separate_pvs
 * (-ENOSPC, LVM2's message naming the pool and its data extents, as its
 * one allocation of both fails). None at all: the request's PVs (the
 * allocator says why it fails). */
static int meta_pvs(struct ctx *x, const struct vg *vg, const struct lv *tdata, struct alloc_pv_arg *pa,
		    unsigned npa, uint64_t need, uint64_t stripe_need, const char *pool, struct alloc_pv_arg **out,
		    unsigned *nout)
{
	bool separate = config_bool(x->cfg, "allocation/thin_pool_metadata_require_separate_pvs");
	*out = pa;
	*nout = npa;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1 && separate) {
			log_error("Insufficient suitable allocatable extents for logical volume %s: %" PRIu64
				  " more required", pool, tdata->size_extents);
			return -ENOSPC;
		}
		const struct pv *best = NULL;
		uint64_t best_key = 0;
		for (unsigned p = 0; p < vg->n_pvs; p++) {
			const struct pv *pv = vg->pvs[p];
			bool named = !npa;
			for (unsigned i = 0; i < npa && !named; i++)
				named = !pa[i].is_tag && pv->sd && !strcmp(pa[i].name, pv->sd->dev.path);
			if (!named || !pv->sd || !(pv->flags.status & PV_ALLOCATABLE) ||
			    (pass == 0 && lv_uses_pv(tdata, pv)))
				continue;
			uint64_t free = pv->pe_count - pv->pe_alloc;
			uint64_t key = free < stripe_need ? free : stripe_need;
			if (free >= need && (!best || key <= best_key)) {
				best = pv;
				best_key = key;
			}
		}
		if (best) {
			struct alloc_pv_arg *o = arena_alloc(&x->arena, sizeof(*o));
			*o = (struct alloc_pv_arg){.name = best->sd->dev.path};
			*out = o;
			*nout = 1;
			return 0;
		}
	}
	return 0;
}

int thin_pool_lv_new(struct ctx *x, const char *name, const struct thin_pool_params *p, uint64_t data_extents,
		     uint32_t chunk, struct lv **out)
{
	char b[64];
	int zero = p->zero >= 0 ? p->zero : config_bool(x->cfg, "allocation/thin_pool_zero");
	const char *discards = p->discards ? p->discards : config_str(x->cfg, "allocation/thin_pool_discards");
	if (!discards)
		discards = "passdown";
	if (strcmp(discards, "passdown") && strcmp(discards, "nopassdown") && strcmp(discards, "ignore")) {
		log_error("Thin pool discards type \"%s\" is unknown.", discards);
		return -EINVAL;
	}
	if (zero && chunk >= 512 * 2) {
		log_warn("Pool zeroing and %s large chunk size slows down thin provisioning.", sz(chunk, b, sizeof(b)));
		log_warn("Consider disabling zeroing (-Zn) or using smaller chunk size (<%s).", sz(512 * 2, b, sizeof(b)));
	}
	int ewf = p->error_when_full >= 0 ? p->error_when_full : config_bool(x->cfg, "activation/error_when_full");
	const char *mname = arena_printf(&x->arena, "%s_tmeta", name);
	const char *dname = arena_printf(&x->arena, "%s_tdata", name);
	struct lv *pool = lvi_new_lv(x, name, &p->lv);
	struct seg_thin *t = arena_alloc(&x->arena, sizeof(*t));
	*t = (struct seg_thin){.metadata_lv = mname, .data_lv = dname, .chunk_size = chunk, .discards = discards,
			       .zero_new_blocks = zero, .crop_metadata = -1};
	pool->segs = arena_alloc(&x->arena, sizeof(*pool->segs));
	pool->segs[0] = (struct lv_seg){.extent_count = data_extents, .thin = t};
	seg_set_segtype(&pool->segs[0], &segtype_thin_pool);
	pool->segs[0].areas = arena_alloc(&x->arena, sizeof(struct seg_area));
	pool->segs[0].areas[0] = (struct seg_area){.kind = AREA_LV, .lv_name = dname};
	pool->segs[0].n_areas = 1;
	pool->n_segs = 1;
	pool->size_extents = data_extents;
	if (ewf) {
		const char **f = arena_alloc(&x->arena, (pool->flags.n_other_compat + 1) * sizeof(*f));
		f[pool->flags.n_other_compat++] = "ERROR_WHEN_FULL";
		pool->flags.other_compat = f;
	}
	*out = pool;
	return 0;
}

int thin_spare_ensure(struct ctx *x, struct vg *vg, int want, uint64_t meta_extents, const struct lv_create_params *lp,
		      const struct alloc_pv_arg *pa, unsigned npa, bool *created)
{
	struct lv *spare = lv_thin_find_spare(vg);
	int r;
	*created = false;
	if (want == 0 || (spare && spare->size_extents >= meta_extents))
		return 0;
	uint64_t need = meta_extents - (spare ? spare->size_extents : 0);
	if (!npa && need > vg_free_count(vg)) {	/* LVM2's lvcreate check, before its allocator */
		log_error("Volume group \"%s\" has insufficient free space (%" PRIu64 " extents): %" PRIu64 " required.",
			  vg->name, vg_free_count(vg), need);
		return -ENOSPC;
	}
	if (spare)
		return lvi_grow(x, vg, spare, lv_index(vg, spare), meta_extents - spare->size_extents, 1, 0, lp->alloc,
				pa, npa);
	const char *sname = arena_printf(&x->arena, "%s_pmspare", lvi_new_name(x, vg, "lvol%d"));
	spare = hidden_lv(x, sname, lp);
	if ((r = lvi_grow(x, vg, spare, vg->n_lvs, meta_extents, 1, 0, lp->alloc, pa, npa)))
		return r;
	lv_vg_add(&x->arena, vg, spare);
	*created = true;
	return 0;
}

/* A pool's name and its _tmeta/_tdata names are free in vg. */
static int pool_names_free(const struct vg *vg, const char *name)
{
	int r;
	if ((r = lvi_check_lv_name(vg, name)))
		return r;
	char mname[160], dname[160];	/* lvi_check_lv_name capped name at 127 */
	snprintf(mname, sizeof(mname), "%s_tmeta", name);
	snprintf(dname, sizeof(dname), "%s_tdata", name);
	if (vg_find_lv(vg, mname) || vg_find_lv(vg, dname)) {
		log_error("Logical volume %s or %s already exists in volume group %s.", mname, dname, vg->name);
		return -EEXIST;
	}
	return 0;
}

int lv_thin_pool_create(struct ctx *x, struct vg *vg, const struct thin_pool_params *p, struct lv **out)
{
	const char *name = p->lv.name;
	struct alloc_pv_arg *pa = NULL;
	uint64_t data_extents, meta_extents;
	uint32_t chunk = p->chunk_size;
	char a[64], b[64];
	int r;

	if (name && (r = pool_names_free(vg, name)))
		return r;
	if ((r = lv_pv_args(x, vg, p->lv.pvs, p->lv.n_pvs, &pa)))
		return r;
	if ((r = lvi_size_extents(vg, NULL, &p->lv.size, 0, pa, p->lv.n_pvs, &data_extents)))
		return r;
	if (!data_extents) {
		log_error("Unable to create new logical volume with no extents.");
		return -EINVAL;
	}
	unsigned stripes = p->lv.stripes > 1 ? p->lv.stripes : 1;
	if (data_extents % stripes) {	/* LVM2's _lv_create_an_lv words */
		uint64_t up = data_extents + stripes - data_extents % stripes;
		log_print("Rounding size %s (%" PRIu64 " extents) up to stripe boundary size %s (%" PRIu64 " extents).",
			  sz(data_extents * vg->extent_size, a, sizeof(a)), data_extents,
			  sz(up * vg->extent_size, b, sizeof(b)), up);
		data_extents = up;
	}
	if ((r = thin_pool_sizes(x, vg, data_extents, p->metadata_size, &chunk, &meta_extents)))
		return r;
	/* LVM2's _update_extents_params: a size in %FREE or %PVS leaves room
	 * for the metadata LV and its spare (twice the metadata, always). */
	if (p->lv.size.base == LV_SIZE_PCT_FREE || p->lv.size.base == LV_SIZE_PCT_PVS) {
		if (data_extents <= 2 * meta_extents) {
			log_error("Not enough space for thin pool creation.");
			return -ENOSPC;
		}
		data_extents -= 2 * meta_extents;
	}

	/* The spare first (LVM2's handle_pool_metadata_spare), then the
	 * data, then the metadata away from the data's PVs. A generated pool
	 * name comes after the spare, as in LVM2: a new lvol0_pmspare takes
	 * index 0 and the pool is lvol1. */
	bool created;
	if ((r = thin_spare_ensure(x, vg, p->spare, meta_extents, &p->lv, pa, p->lv.n_pvs, &created)))
		return r;
	if (!name && (r = pool_names_free(vg, name = lvi_new_name(x, vg, "lvol%d"))))
		return r;
	const char *mname = arena_printf(&x->arena, "%s_tmeta", name);
	const char *dname = arena_printf(&x->arena, "%s_tdata", name);
	struct lv *pool;
	if ((r = thin_pool_lv_new(x, name, p, data_extents, chunk, &pool)))
		return r;
	struct lv *tmeta = hidden_lv(x, mname, &p->lv), *tdata = hidden_lv(x, dname, &p->lv);
	lv_vg_add(&x->arena, vg, pool);
	if ((r = lvi_grow(x, vg, tdata, vg->n_lvs, data_extents, stripes, stripes > 1 ? p->lv.stripe_size : 0,
			  p->lv.alloc, pa, p->lv.n_pvs)))
		return r;
	lv_vg_add(&x->arena, vg, tdata);
	vg_account(vg);	/* the PVs' free space after the data, for meta_pvs */
	struct alloc_pv_arg *mpa;
	unsigned nmpa;
	if ((r = meta_pvs(x, vg, tdata, pa, p->lv.n_pvs, meta_extents, data_extents / stripes, name, &mpa, &nmpa)))
		return r;
	if ((r = lvi_grow(x, vg, tmeta, vg->n_lvs, meta_extents, 1, 0, p->lv.alloc, mpa, nmpa)))
		return r;
	lv_vg_add(&x->arena, vg, tmeta);
	/* LVM2 lists the metadata LV before the data LV. */
	vg->lvs[vg->n_lvs - 2] = tmeta;
	vg->lvs[vg->n_lvs - 1] = tdata;
	if (!p->spare)
		log_warn("recovery of pools without pool metadata spare LV is not automated.");
	vg_account(vg);
	if ((r = vg_commit(x, vg)))
		return r;
	if ((r = thin_zero_metadata(x, vg, tmeta)))
		return r;
	*out = pool;
	return 0;
}

static void queue_msg(struct ctx *x, struct seg_thin *pt, struct thin_msg msg);
static int thin_external_check(struct ctx *x, const struct vg *vg, const struct lv *ext);

static uint32_t free_device_id(const struct vg *vg, const struct lv *pool)
{
	uint32_t max = 0;
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l];
		if (lv_is_thin(lv) && !strcmp(lv->segs[0].thin->pool_lv, pool->name) &&
		    lv->segs[0].thin->device_id > max)
			max = lv->segs[0].thin->device_id;
	}
	return max + 1;
}

void thin_check_overprovisioning(struct ctx *x, const struct vg *vg, const struct lv *lv)
{
	const struct lv *pool = lv_is_thin(lv) ? thin_pool_of(vg, lv) : lv_is_thin_pool(lv) ? lv : NULL;
	uint64_t thinsum = 0, poolsum = 0, sz_ = UINT64_MAX;
	int64_t thr = config_int(x->cfg, "activation/thin_pool_autoextend_threshold");
	int64_t pct = config_int(x->cfg, "activation/thin_pool_autoextend_percent");
	unsigned more = 0;
	char a[64], b[64];

	for (int pass = 0; pass < 2; pass++) {
		for (unsigned l = 0; l < vg->n_lvs; l++) {
			const struct lv *p = vg->lvs[l];
			if (!lv_is_thin_pool(p) || (pass == 0) != (p == pool))
				continue;
			more += pass;
			poolsum += p->size_extents;
			for (unsigned k = 0; k < vg->n_lvs; k++)
				if (lv_is_thin(vg->lvs[k]) && !strcmp(vg->lvs[k]->segs[0].thin->pool_lv, p->name))
					thinsum += vg->lvs[k]->size_extents;
		}
		if (thinsum <= poolsum && (pool || pass))	/* (no pool of its own: all of them) */
			return;
	}
	const char *txt = "";
	uint64_t vsize = vg_extent_count(vg), vfree = vg_free_count(vg);
	if (vsize < thinsum) {
		sz_ = vsize;
		txt = " and the size of whole volume group";
	} else if (vfree < thinsum) {
		sz_ = vfree;
		txt = vfree ? " and the amount of free space in volume group" : "";
	} else if (thr > 99 || !pct)
		sz_ = poolsum;
	if (sz_ == UINT64_MAX)
		return;
	const char *pname = more ? "s" : arena_printf(&x->arena, "%s/%s", vg->name, pool ? pool->name : "");
	log_warn("Sum of all thin volume sizes (%s) exceeds the size of thin pool%s%s%s (%s).",
		 sz(thinsum * vg->extent_size, a, sizeof(a)), more ? "" : " ", pname, txt,
		 sz_ ? sz(sz_ * vg->extent_size, b, sizeof(b)) : "no free space in volume group");
	if (thr > 99 || !pct)
		log_warn("You have not turned on protection against thin pools running out of space.");
	if (thr > 99)
		log_warn("Set activation/thin_pool_autoextend_threshold below 100 to trigger automatic extension of thin pools before they get full.");
	if (!pct)
		log_warn("Set activation/thin_pool_autoextend_percent above 0 to specify by how much to extend thin pools reaching the threshold.");
}

int lv_thin_create(struct ctx *x, struct vg *vg, struct lv *pool, const struct thin_params *p, struct lv **out)
{
	const char *name = p->lv.name ? p->lv.name : lvi_new_name(x, vg, "lvol%d");
	struct seg_thin *pt = pool->segs[0].thin;
	uint64_t extents;
	int r;

	if ((r = lvi_check_lv_name(vg, name)))
		return r;
	if (vg->max_lv && vg_visible_lv_count(vg) >= vg->max_lv) {
		log_error("Maximum number of logical volumes (%" PRIu64 ") reached in volume group %s", vg->max_lv,
			  vg->name);
		return -EMLINK;
	}
	if (p->external && (r = thin_external_check(x, vg, p->external)))
		return r;
	if (p->origin)
		extents = p->origin->size_extents;
	else if (p->external)
		extents = p->external->size_extents;
	else if (lvi_size_extents(vg, NULL, &p->lv.size, 0, NULL, 0, &extents))
		return -EINVAL;
	else if (!extents) {
		log_error("Unable to create new logical volume with no extents.");
		return -EINVAL;
	}
	if ((r = thin_create_allowed(x, vg, pool)))	/* lvmgr/thin_full.c */
		return r;
	uint32_t id = free_device_id(vg, pool);
	if (id > THIN_MAX_DEVICE_ID) {
		log_error("Cannot find free device_id.");
		return -ENOSPC;
	}
	struct lv *lv = lvi_new_lv(x, name, &p->lv);
	struct seg_thin *t = arena_alloc(&x->arena, sizeof(*t));
	*t = (struct seg_thin){.pool_lv = pool->name, .transaction_id = pt->transaction_id, .device_id = id,
			       .origin = p->origin ? p->origin->name : NULL, .crop_metadata = -1};
	/* A snapshot shares its origin's external origin (LVM2's
	 * attach_thin_external_origin), which is read-only from now on. */
	t->external_origin = p->external ? p->external->name : p->origin ? p->origin->segs[0].thin->external_origin : NULL;
	if (p->external)
		p->external->flags.status &= ~(uint32_t)LV_WRITE;
	lv->segs = arena_alloc(&x->arena, sizeof(*lv->segs));
	lv->segs[0] = (struct lv_seg){.extent_count = extents, .thin = t};
	seg_set_segtype(&lv->segs[0], &segtype_thin);
	lv->n_segs = 1;
	lv->size_extents = extents;
	queue_msg(x, pt, (struct thin_msg){.create = name});
	lv_vg_add(&x->arena, vg, lv);
	thin_check_overprovisioning(x, vg, lv);
	if ((r = vg_commit(x, vg)))
		return r;
	*out = lv;
	return 0;
}

/* LVM2's checks of an external origin (_lv_create_an_lv). */
static int thin_external_check(struct ctx *x, const struct vg *vg, const struct lv *ext)
{
	if (ext->flags.status & (LV_LOCKED | LV_PVMOVE)) {
		log_error("Snapshots of locked devices are not supported.");
		return -EINVAL;
	}
	if (ext->flags.status & LV_WRITE) {
		log_error("Cannot use writable LV as the external origin.");
		return -EINVAL;
	}
	if (!x->test && act_state(x, vg, ext) && !thin_is_external_origin(vg, ext)) {
		log_error("Cannot use active LV for the external origin.");
		return -EINVAL;
	}
	return 0;
}

/* Queue a message on the pool: the transaction id goes up once per batch
 * (LVM2's attach_thin_pool_message). */
static void queue_msg(struct ctx *x, struct seg_thin *pt, struct thin_msg msg)
{
	struct thin_msg *m = arena_alloc(&x->arena, (pt->n_msgs + 1) * sizeof(*m));
	if (pt->n_msgs)
		memcpy(m, pt->msgs, pt->n_msgs * sizeof(*m));
	m[pt->n_msgs++] = msg;
	pt->msgs = m;
	if (pt->n_msgs == 1)
		pt->transaction_id++;
}

void thin_queue_deletes(struct ctx *x, struct vg *vg, struct lv *const *lvs, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (!lv_is_thin(lvs[i]))
			continue;
		struct lv *pool = vg_find_lv(vg, lvs[i]->segs[0].thin->pool_lv);
		if (!pool || !lv_is_thin_pool(pool))
			continue;
		struct seg_thin *pt = pool->segs[0].thin;
		/* Its create still queued: the kernel never saw the LV (a
		 * command reconciles the queue before it changes the pool), so
		 * the create goes instead of a delete being added. */
		unsigned k = 0;
		bool dropped = false;
		for (unsigned q = 0; q < pt->n_msgs; q++) {
			if (pt->msgs[q].create && !strcmp(pt->msgs[q].create, lvs[i]->name)) {
				dropped = true;
				continue;
			}
			pt->msgs[k++] = pt->msgs[q];
		}
		pt->n_msgs = k;
		if (dropped) {
			if (!k)
				pt->transaction_id--;
			continue;
		}
		queue_msg(x, pt, (struct thin_msg){.delete_id = lvs[i]->segs[0].thin->device_id});
	}
}

int thin_zero_metadata(struct ctx *x, const struct vg *vg, const struct lv *tmeta)
{
	/* The kernel formats a pool whose metadata starts with a zeroed
	 * superblock; LVM2 (allocation/zero_metadata) zeroes all of it. */
	bool all = config_bool(x->cfg, "allocation/zero_metadata");
	const uint64_t chunk = 1 << 20;
	void *z = io_alloc(chunk);
	int r = 0;
	if (x->test)
		goto out;
	for (unsigned s = 0; s < tmeta->n_segs && !r; s++) {
		const struct lv_seg *seg = &tmeta->segs[s];
		for (unsigned a = 0; a < seg->n_areas && !r; a++) {
			const struct seg_area *ar = &seg->areas[a];
			if (ar->kind != AREA_PV || !ar->pv->sd)
				continue;
			uint64_t off = (ar->pv->pe_start + ar->pe * vg->extent_size) * 512;
			uint64_t len = seg_area_extents(seg) * vg->extent_size * 512;
			if (!all && len > 4096)
				len = 4096;
			for (uint64_t done = 0; done < len && !r; done += chunk)
				r = io_write(x->io, ar->pv->sd->dev.fd, off + done, z,
					     len - done < chunk ? len - done : chunk);
			if (!r)
				r = io_flush(x->io, ar->pv->sd->dev.fd);
		}
		if (!all)
			break;
	}
	if (r)
		log_error("Zeroing the metadata of %s/%s failed: %s", vg->name, tmeta->name, strerror(-r));
out:
	io_free(z);
	return r;
}

int thin_remove_expand(struct ctx *x, const struct vg *vg, struct lv *const **lvs, unsigned *n)
{
	unsigned extra = 0;
	for (unsigned i = 0; i < *n; i++)
		if (lv_is_thin_pool((*lvs)[i]))
			extra += vg->n_lvs;
	if (!extra)
		return 0;
	/* The thin LVs of a pool go first, then the pool (LVM2 removes a
	 * pool's dependent volumes with it). */
	struct lv **out = arena_alloc(&x->arena, (*n + extra + 1) * sizeof(*out));
	unsigned k = 0;
	for (unsigned i = 0; i < *n; i++) {
		struct lv *lv = (*lvs)[i];
		if (lv_is_thin_pool(lv))
			for (unsigned l = 0; l < vg->n_lvs; l++) {
				struct lv *t = vg->lvs[l];
				bool dup = false;
				if (!lv_is_thin(t) || strcmp(t->segs[0].thin->pool_lv, lv->name))
					continue;
				for (unsigned j = 0; j < k && !dup; j++)
					dup = out[j] == t;
				for (unsigned j = 0; j < *n && !dup; j++)
					dup = (*lvs)[j] == t;
				if (!dup)
					out[k++] = t;
			}
	}
	for (unsigned i = 0; i < *n; i++) {
		bool dup = false;
		for (unsigned j = 0; j < k && !dup; j++)
			dup = out[j] == (*lvs)[i];
		if (!dup)
			out[k++] = (*lvs)[i];
	}
	/* thin LVs before pools */
	unsigned t = 0;
	struct lv **sorted = arena_alloc(&x->arena, (k + 1) * sizeof(*sorted));
	for (int pass = 0; pass < 2; pass++)
		for (unsigned i = 0; i < k; i++)
			if (lv_is_thin_pool(out[i]) == (pass == 1))
				sorted[t++] = out[i];
	*lvs = sorted;
	*n = t;
	return 0;
}

static void drop_lv(struct vg *vg, const char *name)
{
	struct lv *lv = name ? vg_find_lv(vg, name) : NULL;
	if (lv)
		vg_remove_lv(vg, lv);
}

void thin_after_remove(struct ctx *x, struct vg *vg, struct lv *const *lvs, unsigned n)
{
	bool any = false;
	for (unsigned i = 0; i < n && !any; i++)
		any = lvs[i]->n_segs == 1 && seg_thin(&lvs[i]->segs[0]);
	if (!any)
		return;
	/* deletes for the thin LVs whose pool stays */
	for (unsigned i = 0; i < n; i++) {
		if (!lv_is_thin(lvs[i]))
			continue;
		struct lv *pool = vg_find_lv(vg, lvs[i]->segs[0].thin->pool_lv);
		if (pool && lv_is_thin_pool(pool))
			thin_queue_deletes(x, vg, &lvs[i], 1);
	}
	/* a pool's hidden LVs go with it */
	for (unsigned i = 0; i < n; i++)
		if (lv_is_thin_pool(lvs[i])) {
			thin_check_forget(x, vg, lvs[i]);	/* lvmgr/thin_check.c */
			drop_lv(vg, lvs[i]->segs[0].thin->metadata_lv);
			drop_lv(vg, lvs[i]->segs[0].thin->data_lv);
		}
	/* snapshots of a removed thin LV lose their origin (as LVM2) */
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		struct lv *t = vg->lvs[l];
		if (lv_is_thin(t) && t->segs[0].thin->origin && !vg_find_lv(vg, t->segs[0].thin->origin))
			t->segs[0].thin->origin = NULL;
	}
	/* the last pool takes the spare with it */
	bool pools = false;
	for (unsigned l = 0; l < vg->n_lvs && !pools; l++)
		pools = lv_is_thin_pool(vg->lvs[l]) || lv_is_thin(vg->lvs[l]);
	if (!pools) {
		struct lv *spare = lv_thin_find_spare(vg);
		if (spare)
			vg_remove_lv(vg, spare);
	}
	vg_account(vg);
}

int thin_after_remove_commit(struct ctx *x, struct vg *vg)
{
	int r = 0;
	for (unsigned l = 0; l < vg->n_lvs && !r; l++)
		if (lv_is_thin_pool(vg->lvs[l]) && vg->lvs[l]->segs[0].thin->n_msgs &&
		    !(r = thin_send_queued(x, vg, vg->lvs[l], THIN_RAISE_STACK)))
			r = thin_pool_stack_down(x, vg, vg->lvs[l], false);	/* its last thin LV gone (LVM2) */
	return r;
}

/* ---- growth ---- */

static int reload_pool(struct ctx *x, struct vg *vg, struct lv *pool)
{
	int r;
	if ((r = vg_commit(x, vg)))
		return r;
	if (!x->test && (r = act_reload(x, vg, pool)))	/* its device, or its -tpool stack under thin LVs */
		log_error("Reloading thin pool %s/%s failed.", vg->name, pool->name);
	return r;
}

int thin_pool_resize(struct ctx *x, struct vg *vg, struct lv *pool, const struct lv_resize_params *p,
		     uint64_t *old_extents)
{
	struct seg_thin *t = pool->segs[0].thin;
	struct lv *tdata = vg_find_lv(vg, t->data_lv);
	struct alloc_pv_arg *pa = NULL;
	int r;

	*old_extents = pool->size_extents;
	if ((r = lv_pv_args(x, vg, p->pvs, p->n_pvs, &pa)))
		return r;
	uint64_t e;
	if ((r = lvi_size_extents(vg, pool, &p->size, p->sign, pa, p->n_pvs, &e)))
		return r;
	uint64_t want = p->sign == '+' ? pool->size_extents + e : p->sign == '-' ? 0 : e;
	if (p->sign == '-' || want < pool->size_extents || p->mode == LV_RESIZE_REDUCE) {
		log_error("Thin pool volumes %s/%s cannot be reduced in size yet.", vg->name, pool->name);
		return -EINVAL;
	}
	if (want == pool->size_extents) {
		log_error("New size (%" PRIu64 " extents) matches existing size (%" PRIu64 " extents).", want, want);
		return -EINVAL;
	}
	unsigned idx = lv_index(vg, tdata);
	if ((r = lvi_grow(x, vg, tdata, idx, want - pool->size_extents, 1, 0, p->alloc, pa, p->n_pvs)))
		return r;
	pool->segs[0].extent_count = want;
	pool->size_extents = want;
	vg_account(vg);
	return reload_pool(x, vg, pool);
}

struct lv *thin_pool_of_metadata(const struct vg *vg, const struct lv *lv)
{
	for (unsigned i = 0; i < vg->n_lvs; i++)
		if (lv_is_thin_pool(vg->lvs[i]) && !strcmp(vg->lvs[i]->segs[0].thin->metadata_lv, lv->name))
			return vg->lvs[i];
	return NULL;
}

int thin_pool_metadata_resize(struct ctx *x, struct vg *vg, struct lv *pool, uint64_t sectors, char sign,
			      char *const *pvs, unsigned n_pvs)
{
	struct seg_thin *t = pool->segs[0].thin;
	struct lv *tmeta = vg_find_lv(vg, t->metadata_lv);
	struct alloc_pv_arg *pa = NULL;
	char a[64], b[64];
	int r;

	if ((r = lv_pv_args(x, vg, pvs, n_pvs, &pa)))
		return r;
	uint64_t es = vg->extent_size, old = tmeta->size_extents;
	uint64_t want = (sign == '+' ? old * es + sectors : sectors);
	if (sign == '-' || want < old * es) {
		log_error("Thin pool metadata volumes cannot be reduced.");
		return -EINVAL;
	}
	uint64_t max = (THIN_MAX_METADATA + es - 1) / es * es;
	if (want > max) {
		log_print("Reducing pool metadata size %s to maximum usable size %s.", sz(want, a, sizeof(a)),
			  sz(max, b, sizeof(b)));
		want = max;
	}
	uint64_t ext = (want + es - 1) / es;
	if (ext == old) {
		log_error("New size (%" PRIu64 " extents) matches existing size (%" PRIu64 " extents).", ext, old);
		return -EINVAL;
	}
	if ((r = lvi_grow(x, vg, tmeta, lv_index(vg, tmeta), ext - old, 1, 0, NULL, pa, n_pvs)))
		return r;
	log_print("Size of logical volume %s/%s changed from %s (%" PRIu64 " extents) to %s (%" PRIu64 " extents).",
		  vg->name, tmeta->name, sz(old * es, a, sizeof(a)), old, sz(ext * es, b, sizeof(b)), ext);
	/* the spare follows (LVM2 keeps it as big as the largest metadata);
	 * no room for it is said and not fatal (LVM2's handle_pool_metadata_spare
	 * result is ignored by _lvresize_volume) */
	vg_account(vg);
	struct lv *spare = lv_thin_find_spare(vg);
	if (spare && spare->size_extents < ext)
		(void)lvi_grow(x, vg, spare, lv_index(vg, spare), ext - spare->size_extents, 1, 0, NULL, pa, n_pvs);
	vg_account(vg);
	if ((r = vg_commit(x, vg)))
		return r;
	/* the live pool sees the bigger metadata device after a reload */
	if (!x->test && (r = act_reload(x, vg, pool)))	/* its device, or its -tpool stack under thin LVs */
		log_error("Reloading thin pool %s/%s failed.", vg->name, pool->name);
	return r;
}

bool thin_feature_disabled(const struct ctx *x, const char *feature)
{
	const struct cft_value *v = config_array(x->cfg, "global/thin_disabled_features");
	for (size_t i = 0; v && v->type == CFT_ARRAY && i < v->n_items; i++)
		if (v->items[i].type == CFT_STRING && !strcmp(v->items[i].s, feature))
			return true;
	return false;
}

int lv_thin_resize_check(const struct ctx *x, const struct vg *vg, const struct lv *lv, uint64_t want)
{
	const struct seg_thin *t = lv_is_thin(lv) ? lv->segs[0].thin : NULL;
	const struct lv *ext = t && t->external_origin ? vg_find_lv(vg, t->external_origin) : NULL;
	if (ext && want > lv->size_extents && want > ext->size_extents &&
	    thin_feature_disabled(x, "external_origin_extend")) {
		log_error("Thin target does not support external origin smaller then thin volume.");
		return -ENOTSUP;
	}
	return 0;
}
