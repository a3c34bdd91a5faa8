/* The striped segment type, and linear: striped with one area. Areas are
 * ("pvN", extent) pairs on PVs or ("lv", extent) pairs on stacked LVs;
 * each spans extent_count / stripe_count extents. LVM2: lib/striped/striped.c. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "metadata/vg.h"

/* stripes = [ "pv0", 0, "pv1", 10 ] or [ "lvname", 0 ] */
static int import_areas(struct seg_text_in *in, const struct cft_value *arr, struct lv_seg *seg)
{
	const struct cft_value *v;
	unsigned i = 0;

	if (arr->n_items % 2 || arr->n_items / 2 != seg->stripe_count)
		return seg_in_fail(in, "%s: %zu stripe entries for stripe_count %u", seg_in_what(in),
				   arr->n_items / 2, seg->stripe_count);
	seg->areas = seg_in_alloc(in, seg->stripe_count * sizeof(*seg->areas));
	for (v = arr->items; v && v->next; v = v->next->next, i++) {
		struct seg_area *ar = &seg->areas[i];
		if (v->type != CFT_STRING || v->next->type != CFT_INT || v->next->i < 0 ||
		    v->next->i > UINT32_MAX)
			return seg_in_fail(in, "%s: stripe %u is not a (\"name\", extent) pair", seg_in_what(in), i);
		ar->pv = seg_in_pv(in, v->s);
		if (!ar->pv && seg_pv_key_shape(v->s))
			return seg_in_fail(in, "%s: stripe %u names PV %.32s, which is not in the VG",
					   seg_in_what(in), i, v->s);
		if (ar->pv) {
			ar->kind = AREA_PV;
			ar->pe = (uint64_t)v->next->i;
		} else {
			/* resolved (and checked for cycles) once all LVs are read */
			ar->kind = AREA_LV;
			ar->lv_name = v->s;
			ar->le = (uint64_t)v->next->i;
		}
	}
	seg->n_areas = i;
	return 0;
}

static int striped_import(struct seg_text_in *in, const struct cft_node *sec, struct lv_seg *seg)
{
	uint64_t count, size = 0;
	const struct cft_node *st;
	int r;

	if ((r = seg_in_u64(in, sec, "stripe_count", true, 1, SEG_MAX_AREAS, &count)))
		return r;
	seg->stripe_count = (unsigned)count;
	if (count > 1 && (r = seg_in_u64(in, sec, "stripe_size", true, 1, UINT32_MAX, &size)))
		return r;
	seg->stripe_size = (uint32_t)size;
	if (seg->extent_count % count)
		return seg_in_fail(in, "%s: extent_count %" PRIu64 " is not a multiple of stripe_count %" PRIu64,
				   seg_in_what(in), seg->extent_count, count);
	st = seg_in_field(sec, "stripes");
	if (!st || st->is_section || !st->v || st->v->type != CFT_ARRAY)
		return seg_in_fail(in, "%s: stripes list is missing", seg_in_what(in));
	return import_areas(in, st->v, seg);
}

/* LVM2's _striped_text_export: the stripe count (commented "# linear" for
 * one), the stripe size for more, then the area list. */
static void striped_export(struct text_out *o, const struct vg *vg, const struct lv_seg *seg)
{
	char c[64];

	text_out_seg_head(o, seg);
	text_out_u64(o, seg->n_areas == 1 ? "# linear" : NULL, "stripe_count", seg->n_areas);
	if (seg->n_areas > 1)
		text_out_u64(o, text_size_comment(seg->stripe_size, c, sizeof(c)), "stripe_size",
			     seg->stripe_size);
	text_out_nl(o);
	text_out_areas(o, "stripes", seg);
}

/* A segment a command built or changed: one area per stripe, whole
 * stripes, a stripe size when there are several. */
static int striped_validate(const struct lv_seg *seg, const char *lv_name, unsigned seg_no,
			    char *err, size_t errlen)
{
	if (!seg->stripe_count || seg->stripe_count > SEG_MAX_AREAS || seg->n_areas != seg->stripe_count ||
	    seg->extent_count % seg->stripe_count || (seg->stripe_count > 1 && !seg->stripe_size)) {
		snprintf(err, errlen, "LV %s segment%u: %u areas for %u stripes of %" PRIu64
				      " extents (stripe size %u)",
			 lv_name, seg_no, seg->n_areas, seg->stripe_count, seg->extent_count, seg->stripe_size);
		return -EINVAL;
	}
	return 0;
}

static uint64_t striped_area_len(const struct lv_seg *seg)
{
	return seg->stripe_count ? seg->extent_count / seg->stripe_count : seg->extent_count;
}

const struct segtype segtype_striped = {
	.name = "striped",
	.flags = SEGTYPE_AREAS | SEGTYPE_STRIPED | SEGTYPE_IMAGE,
	.text_import = striped_import,
	.text_export = striped_export,
	.validate = striped_validate,
	.area_len = striped_area_len,
};
