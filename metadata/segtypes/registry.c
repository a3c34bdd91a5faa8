/* The segment type registry: every descriptor lvmgr has, in one table
 * (striped first: nearly every segment is striped), and the queries the
 * rest of lvmgr asks of a segment instead of comparing type names. */
#include <string.h>

#include "metadata/vg.h"

static const struct segtype *const segtypes[] = {
	&segtype_striped,
	&segtype_zero,
	&segtype_error,
	&segtype_snapshot,
	&segtype_raid1,
	&segtype_mirror,
	&segtype_thin_pool,
	&segtype_thin,
	&segtype_unknown,	/* last: never found by name */
};

#define N_NAMED (sizeof(segtypes) / sizeof(segtypes[0]) - 1)

const struct segtype *segtype_find(const char *name)
{
	for (size_t i = 0; i < N_NAMED; i++)
		if (!strcmp(segtypes[i]->name, name))
			return segtypes[i];
	return NULL;
}

const struct segtype *segtype_from_string(const char *name)
{
	return segtype_find(strcmp(name, "linear") ? name : segtype_striped.name);
}

const struct segtype *segtype_for_text(const char *name)
{
	const struct segtype *st = segtype_find(name);
	return st ? st : &segtype_unknown;
}

const struct segtype *segtype_at(unsigned i)
{
	return i < sizeof(segtypes) / sizeof(segtypes[0]) ? segtypes[i] : NULL;
}

const struct segtype *seg_segtype(const struct lv_seg *seg)
{
	if (seg->segtype)
		return seg->segtype;
	/* Made by code that sets only the type and known fields. */
	const struct segtype *st = seg->type ? segtype_find(seg->type) : NULL;
	return st && seg->known == !(st->flags & SEGTYPE_VERBATIM) ? st : &segtype_unknown;
}

void seg_set_segtype(struct lv_seg *seg, const struct segtype *st)
{
	seg->segtype = st;
	seg->type = st->name;
	seg->known = !(st->flags & SEGTYPE_VERBATIM);
}

bool seg_has_flag(const struct lv_seg *seg, unsigned flag)
{
	return seg_segtype(seg)->flags & flag;
}

bool seg_is_linear(const struct lv_seg *seg)
{
	return seg_is_striped(seg) && seg->n_areas == 1;
}

const char *seg_display_type(const struct lv_seg *seg)
{
	return seg_is_linear(seg) ? "linear" : seg->type;
}

uint64_t seg_area_extents(const struct lv_seg *seg)
{
	const struct segtype *st = seg_segtype(seg);
	return st->area_len ? st->area_len(seg) : seg->extent_count;
}

bool seg_refers_to_lv(const struct lv_seg *seg, const char *lv_name)
{
	for (unsigned a = 0; a < seg->n_areas; a++)
		if (seg->areas[a].kind == AREA_LV && !strcmp(seg->areas[a].lv_name, lv_name))
			return true;
	const struct segtype *st = seg_segtype(seg);
	return st->refers_to_lv && st->refers_to_lv(seg, lv_name);
}
