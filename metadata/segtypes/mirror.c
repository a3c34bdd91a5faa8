/* The mirror segment type (LVM2's old mirroring, the kernel's dm-mirror):
 * mirror_count images (LV_mimage_K, or PV areas in pvmove's LV), an
 * optional log LV (LV_mlog; none: the log is in memory, --mirrorlog core),
 * the region size, and for pvmove the extents moved so far. The images
 * are the segment's areas: ("name", extent) pairs in mirrors = [...].
 * Text as LVM2 2.03's _mirrored_text_import/_export. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "metadata/segtypes/raid.h"
#include "metadata/vg.h"

static int mirror_import(struct seg_text_in *in, const struct cft_node *sec, struct lv_seg *seg)
{
	struct seg_raid *rd = seg_in_alloc(in, sizeof(*rd));
	const struct cft_node *n;
	uint64_t count, v;
	int r;

	memset(rd, 0, sizeof(*rd));
	rd->data_offset = 1;
	rd->extents_moved = UINT64_MAX;
	seg->raid = rd;
	if ((r = seg_in_u64(in, sec, "mirror_count", true, 1, SEG_MAX_AREAS, &count)))
		return r;
	if (!(r = seg_in_u64(in, sec, "region_size", false, 0, UINT32_MAX, &v)))
		rd->region_size = (uint32_t)v;
	else if (r != -ENOENT)
		return r;
	if (!(r = seg_in_u64(in, sec, "extents_moved", false, 0, UINT32_MAX, &v)))
		rd->extents_moved = v;
	else if (r != -ENOENT)
		return r;
	if ((n = seg_in_field(sec, "mirror_log"))) {
		if (n->is_section || !n->v || n->v->type != CFT_STRING)
			return seg_in_fail(in, "%s: mirror_log is not an LV name", seg_in_what(in));
		rd->log = n->v->s;
	}
	n = seg_in_field(sec, "mirrors");
	if (!n || n->is_section || !n->v || n->v->type != CFT_ARRAY)
		return seg_in_fail(in, "%s: mirrors list is missing", seg_in_what(in));
	if (n->v->n_items != 2 * count)
		return seg_in_fail(in, "%s: %zu mirrors entries for mirror_count %" PRIu64, seg_in_what(in),
				   n->v->n_items, count);
	seg->n_areas = seg->stripe_count = (unsigned)count;
	seg->areas = seg_in_alloc(in, count * sizeof(*seg->areas));
	unsigned k = 0;
	for (const struct cft_value *e = n->v->items; e && e->next; e = e->next->next, k++) {
		struct seg_area *ar = &seg->areas[k];
		if (e->type != CFT_STRING || e->next->type != CFT_INT || e->next->i < 0 || e->next->i > UINT32_MAX)
			return seg_in_fail(in, "%s: mirror %u is not a (\"name\", extent) pair", seg_in_what(in), k);
		if ((ar->pv = seg_in_pv(in, e->s))) {
			ar->kind = AREA_PV;
			ar->pe = (uint64_t)e->next->i;
		} else if (seg_pv_key_shape(e->s)) {
			return seg_in_fail(in, "%s: mirror %u names PV %.32s, which is not in the VG", seg_in_what(in),
					   k, e->s);
		} else {
			ar->kind = AREA_LV;
			ar->lv_name = e->s;
			ar->le = (uint64_t)e->next->i;
		}
	}
	return 0;
}

static void mirror_export(struct text_out *o, const struct vg *vg, const struct lv_seg *seg)
{
	const struct seg_raid *rd = seg->raid;
	char c[64];
	text_out_seg_head(o, seg);
	text_out_u64(o, NULL, "mirror_count", seg->n_areas);
	if (rd->extents_moved != UINT64_MAX)
		text_out_u64(o, text_size_comment(rd->extents_moved * vg->extent_size, c, sizeof(c)), "extents_moved",
			     rd->extents_moved);
	if (rd->log)
		text_out_str(o, "mirror_log", rd->log);
	if (rd->region_size)
		text_out_u64(o, NULL, "region_size", rd->region_size);
	text_out_nl(o);
	text_out_areas(o, "mirrors", seg);
}

static int mirror_validate(const struct lv_seg *seg, const char *lv_name, unsigned seg_no, char *err,
			   size_t errlen)
{
	if (!seg->raid || !seg->n_areas || seg->n_areas > SEG_MAX_AREAS) {
		snprintf(err, errlen, "LV %s segment%u: mirror with %u images", lv_name, seg_no, seg->n_areas);
		return -EINVAL;
	}
	if (seg->raid->region_size & (seg->raid->region_size - 1)) {
		snprintf(err, errlen, "LV %s segment%u: region_size %u is not a power of 2", lv_name, seg_no,
			 seg->raid->region_size);
		return -EINVAL;
	}
	return 0;
}

static bool mirror_refers_to_lv(const struct lv_seg *seg, const char *lv_name)
{
	return seg->raid && seg->raid->log && !strcmp(seg->raid->log, lv_name);
}

const struct segtype segtype_mirror = {
	.name = "mirror",
	.flags = SEGTYPE_AREAS | SEGTYPE_MIRROR,
	.text_import = mirror_import,
	.text_export = mirror_export,
	.validate = mirror_validate,
	.refers_to_lv = mirror_refers_to_lv,
};
