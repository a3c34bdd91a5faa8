/* A tiny VG model over the allocator for tests: LVs as segment lists, the
 * PVs' used maps derived from them, create/extend/reduce/remove. Header
 * only, shared by tests/unit/test_alloc_model.c and tests/tools/alloc_driver.c. */
#ifndef LVMGR_ALLOC_MODEL_H
#define LVMGR_ALLOC_MODEL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "allocator/alloc.h"

#define M_MAX_PVS 32
#define M_MAX_LVS 256

struct m_lv {
	char name[64];
	bool live;
	struct alloc_seg *segs;
	unsigned n_segs;
	uint64_t extents;
};

struct m_vg {
	struct arena *a;
	struct alloc_pv pvs[M_MAX_PVS];
	unsigned n_pvs;
	struct m_lv lvs[M_MAX_LVS];
	unsigned n_lvs;
};

static inline int m_cmp_used(const void *l, const void *r)
{
	const struct alloc_used *a = l, *b = r;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* Rebuild every PV's used list from the LVs. */
static inline void m_build_used(struct m_vg *vg)
{
	for (unsigned p = 0; p < vg->n_pvs; p++) {
		unsigned n = 0;
		for (unsigned l = 0; l < vg->n_lvs; l++)
			for (unsigned i = 0; vg->lvs[l].live && i < vg->lvs[l].n_segs; i++)
				for (unsigned s = 0; s < vg->lvs[l].segs[i].stripes; s++)
					n += vg->lvs[l].segs[i].areas[s].pv == p;
		struct alloc_used *u = arena_alloc(vg->a, (n + 1) * sizeof(*u));
		n = 0;
		for (unsigned l = 0; l < vg->n_lvs; l++) {
			uint64_t le = 0;
			for (unsigned i = 0; vg->lvs[l].live && i < vg->lvs[l].n_segs; i++) {
				const struct alloc_seg *sg = &vg->lvs[l].segs[i];
				uint64_t len = sg->extents / sg->stripes;
				for (unsigned s = 0; s < sg->stripes; s++)
					if (sg->areas[s].pv == p)
						u[n++] = (struct alloc_used){ sg->areas[s].pe, len, l, le };
				le += sg->extents;
			}
		}
		qsort(u, n, sizeof(*u), m_cmp_used);
		vg->pvs[p].used = u;
		vg->pvs[p].n_used = n;
	}
}

static inline int m_find_lv(const struct m_vg *vg, const char *name)
{
	for (unsigned l = 0; l < vg->n_lvs; l++)
		if (vg->lvs[l].live && !strcmp(vg->lvs[l].name, name))
			return (int)l;
	return -1;
}

/* Append segments to an LV, merging where physically contiguous. */
static inline void m_append(struct m_vg *vg, struct m_lv *lv, const struct alloc_seg *segs, unsigned n)
{
	struct alloc_seg *ns = arena_alloc(vg->a, (lv->n_segs + n + 1) * sizeof(*ns));
	if (lv->n_segs)
		memcpy(ns, lv->segs, lv->n_segs * sizeof(*ns));
	for (unsigned i = 0; i < n; i++) {
		if (lv->n_segs && alloc_seg_continues(&ns[lv->n_segs - 1], &segs[i]))
			ns[lv->n_segs - 1].extents += segs[i].extents;
		else
			ns[lv->n_segs++] = segs[i];
		lv->extents += segs[i].extents;
	}
	lv->segs = ns;
}

/* Create (lv absent) or extend an LV. Returns alloc_extents' result. */
static inline int m_alloc(struct m_vg *vg, const char *name, uint64_t extents, unsigned stripes,
			  enum alloc_policy policy, const struct alloc_pv_arg *args, unsigned n_args,
			  struct alloc_result *res)
{
	int l = m_find_lv(vg, name);
	struct m_lv *lv = l >= 0 ? &vg->lvs[l] : NULL;
	if (lv && lv->n_segs)
		stripes = lv->segs[lv->n_segs - 1].stripes;
	m_build_used(vg);
	struct alloc_request req = {
		.lv = l >= 0 ? (unsigned)l : vg->n_lvs, .lv_name = name, .extents = extents,
		.stripes = stripes, .stripe_size = stripes > 1 ? 128 : 0,
		.segs = lv ? lv->segs : NULL, .n_segs = lv ? lv->n_segs : 0,
		.policy = policy, .maximise_cling = true, .pv_args = args, .n_pv_args = n_args,
	};
	int r = alloc_extents(vg->a, vg->pvs, vg->n_pvs, &req, res);
	if (r)
		return r;
	if (!lv) {
		lv = &vg->lvs[vg->n_lvs++];
		memset(lv, 0, sizeof(*lv));
		snprintf(lv->name, sizeof(lv->name), "%s", name);
		lv->live = true;
	}
	m_append(vg, lv, res->segs, res->n_segs);
	return 0;
}

/* Drop extents from the end of an LV (a multiple of its stripes). */
static inline void m_reduce(struct m_vg *vg, struct m_lv *lv, uint64_t extents)
{
	while (extents && lv->n_segs) {
		struct alloc_seg *last = &lv->segs[lv->n_segs - 1];
		uint64_t cut = extents < last->extents ? extents : last->extents;
		cut -= cut % last->stripes;
		if (!cut)
			break;
		last->extents -= cut;
		lv->extents -= cut;
		extents -= cut;
		if (!last->extents)
			lv->n_segs--;
	}
}

/* Free extents and free fragments (maximal free runs) over all PVs. */
static inline void m_free_stats(struct m_vg *vg, uint64_t *free_pe, unsigned *fragments)
{
	m_build_used(vg);
	*free_pe = 0;
	*fragments = 0;
	for (unsigned p = 0; p < vg->n_pvs; p++) {
		uint64_t pe = 0;
		for (unsigned i = 0; i <= vg->pvs[p].n_used; i++) {
			uint64_t next = i < vg->pvs[p].n_used ? vg->pvs[p].used[i].start : vg->pvs[p].pe_count;
			if (next > pe) {
				*free_pe += next - pe;
				(*fragments)++;
			}
			if (i < vg->pvs[p].n_used)
				pe = vg->pvs[p].used[i].start + vg->pvs[p].used[i].len;
		}
	}
}

#endif
