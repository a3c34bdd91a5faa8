/* -L and -l resolved to extents, with LVM2's rounding and limits (see
 * lv_size.h). Percentages are upper limits: LVM2 marks them approx_alloc
 * and allocates what the PVs have up to the figure, so "-l 50%FREE VG PV"
 * on a PV holding less makes a smaller LV instead of failing. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "lvmgr/base/util.h"
#include "lvmgr/base/units.h"
#include "lvmgr/lv_size.h"
#include "lvmgr/scan.h"

/* Free extents of pv within [start, end] (inclusive). */
static uint64_t pv_free_in(const struct vg *vg, const struct pv *pv, uint64_t start, uint64_t end)
{
	if (!pv->pe_count)
		return 0;
	if (end >= pv->pe_count)
		end = pv->pe_count - 1;
	if (start > end)
		return 0;
	uint64_t n = end - start + 1;
	for (unsigned l = 0; l < vg->n_lvs; l++)
		for (unsigned s = 0; s < vg->lvs[l]->n_segs; s++) {
			const struct lv_seg *seg = &vg->lvs[l]->segs[s];
			uint64_t len = seg_area_extents(seg);
			for (unsigned k = 0; k < seg->n_areas; k++) {
				const struct seg_area *ar = &seg->areas[k];
				if (ar->kind != AREA_PV || ar->pv != pv || !len)
					continue;
				uint64_t a = ar->pe > start ? ar->pe : start;
				uint64_t b = ar->pe + len - 1 < end ? ar->pe + len - 1 : end;
				if (a <= b)
					n -= b - a + 1;
			}
		}
	return n;
}

static bool pv_has_tag(const struct pv *pv, const char *tag)
{
	for (unsigned t = 0; t < pv->tags.n; t++)
		if (!strcmp(pv->tags.v[t], tag))
			return true;
	return false;
}

/* LVM2's pv_list_extents_free over the PVs the arguments name (tags
 * expanded), in their ranges. */
static uint64_t args_free_extents(const struct vg *vg, const struct alloc_pv_arg *pa, unsigned n)
{
	uint64_t f = 0;
	for (unsigned i = 0; i < n; i++)
		for (unsigned p = 0; p < vg->n_pvs; p++) {
			const struct pv *pv = vg->pvs[p];
			if (pa[i].is_tag ? !pv_has_tag(pv, pa[i].name)
					 : !pv->sd || strcmp(pa[i].name, pv->sd->dev.path))
				continue;
			if (!pa[i].n_ranges)
				f += pv_free_in(vg, pv, 0, UINT64_MAX);
			for (unsigned r = 0; r < pa[i].n_ranges; r++)
				f += pv_free_in(vg, pv, pa[i].ranges[r].start, pa[i].ranges[r].end);
		}
	return f;
}

static uint64_t pct_of(uint64_t pct, uint64_t count, bool up)
{
	return (pct * count + (up ? 99 : 0)) / 100;
}

int lv_size_extents(const struct vg *vg, const struct lv *lv, const struct lv_size *s, char sign,
		    const struct alloc_pv_arg *pa, unsigned n, uint64_t *out, bool *approx)
{
	bool create = !lv, up = !create && sign != '-';
	uint64_t base = 0, e, free = vg_free_count(vg);
	char b[64];

	*approx = false;
	switch (s->base) {
	case LV_SIZE_SECTORS:
		e = (s->value + vg->extent_size - 1) / vg->extent_size;
		/* LVM2's words: lvcreate's (metadata.c, no period), lvresize's
		 * (lv_manip.c _lvresize_adjust_size, up or down) */
		if (s->value % vg->extent_size && !create) {
			if (sign == '-')
				e = s->value / vg->extent_size;
			log_print("Rounding size to boundary between physical extents: %s.",
				  units_format_long(e * vg->extent_size, b, sizeof(b)));
		} else if (s->value % vg->extent_size && sign == '-') {
			/* As LVM2's _lvresize_adjust_size: a reduction by a
			 * size rounds down, so the LV keeps at least the
			 * size asked for. */
			e = s->value / vg->extent_size;
			log_print("Rounding size to boundary between physical extents: %s.",
				  units_format_long(e * vg->extent_size, b, sizeof(b)));
		} else if (s->value % vg->extent_size)
			/* LVM2 (metadata.c, extents_from_size): no full stop */
			log_print("Rounding up size to full physical extent %s",
				  units_format_long(e * vg->extent_size, b, sizeof(b)));
		*out = e;
		return 0;
	case LV_SIZE_EXTENTS:
		*out = s->value;
		return 0;
	case LV_SIZE_PCT_VG:
		base = vg_extent_count(vg);
		break;
	case LV_SIZE_PCT_FREE:
		base = free;
		break;
	case LV_SIZE_PCT_PVS:
		base = n ? args_free_extents(vg, pa, n) : vg_extent_count(vg);
		break;
	case LV_SIZE_PCT_LV:
		if (create) {
			log_error("Please express size as %%FREE, %%PVS or %%VG.");
			return -EINVAL;
		}
		base = lv->size_extents;
		break;
	case LV_SIZE_PCT_ORIGIN:
		/* Only a snapshot has an origin (lvcreate refuses %ORIGIN
		 * without -s in the command). */
		log_error("Specified LV does not have an origin LV.");
		return -EINVAL;
	}
	e = pct_of(s->value, base, up);
	if (s->base == LV_SIZE_PCT_VG && !sign) {
		uint64_t room = (create ? 0 : lv->size_extents) + free;
		if (e > room) {
			e = room;
			log_print("Reducing %" PRIu64 "%%VG to remaining free space %s in VG.", s->value,
				  units_format_long(e * vg->extent_size, b, sizeof(b)));
		}
	}
	if (create) {
		*approx = true;
		if (!e) {
			log_error("Calculated size of logical volume is 0 extents. Needs to be larger.");
			return -EINVAL;
		}
	} else {
		bool pe_pct = s->base == LV_SIZE_PCT_VG || s->base == LV_SIZE_PCT_FREE || s->base == LV_SIZE_PCT_PVS;
		*approx = (!sign && pe_pct) || (sign == '+' && s->base == LV_SIZE_PCT_FREE);
	}
	*out = e;
	return 0;
}
