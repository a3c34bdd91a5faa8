/* The snapshot segment type (LVM2's old-style snapshots, lib/snapshot/
 * snapshot.c): the snapshotN LV's one "snapshot" segment names its origin
 * and its COW LV and gives the chunk size:
 *
 *	type = "snapshot"
 *	chunk_size = 8
 *	origin = "lin"
 *	cow_store = "lsnap"		(merging_store while merging)
 *
 * The queries of snapshot.h live here too: what a snapshot segment says
 * about the other LVs of its VG. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "metadata/segtypes/snapshot.h"
#include "metadata/segtypes/thin.h"

static int snapshot_import(struct seg_text_in *in, const struct cft_node *sec, struct lv_seg *seg)
{
	uint64_t chunk;
	int r;
	/* LVM2 reads any uint32; the kernel takes powers of 2 of at least
	 * one sector, which is what activation will give it. */
	if ((r = seg_in_u64(in, sec, "chunk_size", true, 1, UINT32_MAX, &chunk)))
		return r;
	if (chunk & (chunk - 1))
		return seg_in_fail(in, "%s: chunk_size %" PRIu64 " is not a power of 2", seg_in_what(in), chunk);
	seg->chunk_size = (uint32_t)chunk;
	const struct cft_node *cow = seg_in_field(sec, "cow_store"), *mrg = seg_in_field(sec, "merging_store"),
			      *org = seg_in_field(sec, "origin");
	if (cow && mrg)
		return seg_in_fail(in, "%s: both cow_store and merging_store are given", seg_in_what(in));
	if (!cow)
		cow = mrg;
	if (!cow || cow->is_section || !cow->v || cow->v->type != CFT_STRING)
		return seg_in_fail(in, "%s: snapshot cow storage not specified", seg_in_what(in));
	if (!org || org->is_section || !org->v || org->v->type != CFT_STRING)
		return seg_in_fail(in, "%s: snapshot origin not specified", seg_in_what(in));
	seg->cow = cow->v->s;
	seg->origin = org->v->s;
	seg->merging = mrg != NULL;
	return 0;
}

/* LVM2's _snap_text_export. */
static void snapshot_export(struct text_out *o, const struct vg *vg, const struct lv_seg *seg)
{
	(void)vg;
	text_out_seg_head(o, seg);
	text_out_u64(o, NULL, "chunk_size", seg->chunk_size);
	text_out_str(o, "origin", seg->origin);
	text_out_str(o, seg->merging ? "merging_store" : "cow_store", seg->cow);
}

static int snapshot_validate(const struct lv_seg *seg, const char *lv_name, unsigned seg_no, char *err,
			     size_t errlen)
{
	uint32_t c = seg->chunk_size;
	if (!seg->origin || !seg->cow || !c || (c & (c - 1)) || seg->n_areas) {
		snprintf(err, errlen, "LV %s segment%u: a snapshot segment needs an origin, a COW LV and a chunk size",
			 lv_name, seg_no);
		return -EINVAL;
	}
	return 0;
}

static bool snapshot_refers_to_lv(const struct lv_seg *seg, const char *lv_name)
{
	return (seg->origin && !strcmp(seg->origin, lv_name)) || (seg->cow && !strcmp(seg->cow, lv_name));
}

const struct segtype segtype_snapshot = {
	.name = "snapshot",
	.flags = SEGTYPE_VIRTUAL | SEGTYPE_SNAPSHOT,
	.text_import = snapshot_import,
	.text_export = snapshot_export,
	.validate = snapshot_validate,
	.refers_to_lv = snapshot_refers_to_lv,
};

void seg_snapshot_lvs(const struct lv_seg *seg, const char **origin, const char **cow,
		      const char **merging)
{
	bool snap = seg_is_snapshot(seg);
	*origin = snap ? seg->origin : NULL;
	*cow = snap && !seg->merging ? seg->cow : NULL;
	*merging = snap && seg->merging ? seg->cow : NULL;
}

/* ---- queries ---- */

const struct lv_seg *lv_snapshot_seg(const struct lv *lv)
{
	return lv->n_segs == 1 && seg_is_snapshot(&lv->segs[0]) ? &lv->segs[0] : NULL;
}

const struct lv_seg *snap_seg_of_cow(const struct vg *vg, const struct lv *cow, const struct lv **owner)
{
	if (!vg->has_snapshots)
		return NULL;
	for (unsigned i = 0; i < vg->n_lvs; i++) {
		const struct lv_seg *s = lv_snapshot_seg(vg->lvs[i]);
		if (s && s->cow && !strcmp(s->cow, cow->name)) {
			if (owner)
				*owner = vg->lvs[i];
			return s;
		}
	}
	return NULL;
}

bool lv_is_snap_origin(const struct vg *vg, const struct lv *lv)
{
	return vg->has_snapshots && snap_cows_of_origin(vg, lv, NULL, 0) > 0;
}

bool lv_is_virtual_origin(const struct vg *vg, const struct lv *lv)
{
	return !((lv->flags.status | lv->flags.compat) & LV_VISIBLE) && lv_is_snap_origin(vg, lv);
}

struct lv *snap_virtual_origin_of_cow(const struct vg *vg, const struct lv *cow)
{
	const struct lv_seg *ss = snap_seg_of_cow(vg, cow, NULL);
	struct lv *o = ss ? vg_find_lv(vg, ss->origin) : NULL;
	return o && lv_is_virtual_origin(vg, o) ? o : NULL;
}

bool lv_is_merging_origin(const struct vg *vg, const struct lv *lv)
{
	if (lv_is_thin(lv) && thin_merging_snapshot(vg, lv))
		return true;	/* a pending thin merge (LVM2's lv->snapshot of a thin origin) */
	if (!vg->has_snapshots)
		return false;
	for (unsigned i = 0; i < vg->n_lvs; i++) {
		const struct lv_seg *s = lv_snapshot_seg(vg->lvs[i]);
		if (s && s->merging && s->origin && !strcmp(s->origin, lv->name))
			return true;
	}
	return false;
}

unsigned snap_cows_of_origin(const struct vg *vg, const struct lv *origin, const struct lv **out, unsigned max)
{
	unsigned n = 0;
	if (!vg->has_snapshots)
		return 0;
	for (unsigned i = 0; i < vg->n_lvs; i++) {
		const struct lv_seg *s = lv_snapshot_seg(vg->lvs[i]);
		if (!s || !s->origin || strcmp(s->origin, origin->name))
			continue;
		const struct lv *cow = vg_find_lv(vg, s->cow);
		if (cow && n < max)
			out[n] = cow;
		n++;
	}
	return n;
}

uint64_t snap_cow_max_extents(const struct vg *vg, uint64_t origin_extents, uint32_t chunk)
{
	/* Chunk 0 is the header; each metadata chunk maps chunk * 512 / 16
	 * data chunks, and a full last one needs a terminator after it. */
	uint64_t origin_chunks = (origin_extents * vg->extent_size + chunk - 1) / chunk;
	uint64_t per_meta = (uint64_t)chunk << (9 - 4);
	uint64_t meta = (origin_chunks + per_meta) / per_meta;
	uint64_t size = (1 + origin_chunks + meta) * chunk;
	return (size + vg->extent_size - 1) / vg->extent_size;
}

int snap_check_refs(const struct vg *vg, char *err, size_t errlen)
{
	if (!vg->has_snapshots)
		return 0;
	for (unsigned i = 0; i < vg->n_lvs; i++) {
		const struct lv *lv = vg->lvs[i];
		for (unsigned s = 0; s < lv->n_segs; s++) {
			const struct lv_seg *seg = &lv->segs[s];
			if (!seg_is_snapshot(seg))
				continue;
			const struct lv *o = vg_find_lv(vg, seg->origin), *c = vg_find_lv(vg, seg->cow);
			const char *why = NULL;
			if (lv->n_segs != 1)
				why = "a snapshot LV has one segment";
			else if (!o)
				why = "its origin is not an LV of the VG";
			else if (!c)
				why = "its COW store is not an LV of the VG";
			else if (o == c || o == lv || c == lv)
				why = "origin, COW store and snapshot must differ";
			else if (lv_snapshot_seg(o) || lv_snapshot_seg(c))
				why = "its origin or COW store is itself a snapshot LV";
			else if (snap_seg_of_cow(vg, c, NULL) != seg)
				why = "its COW store serves another snapshot";
			else if (snap_seg_of_cow(vg, o, NULL))
				why = "its origin is the COW store of a snapshot";
			if (why) {
				snprintf(err, errlen, "LV %s segment%u (snapshot of %.128s, COW %.128s): %s", lv->name,
					 s + 1, seg->origin, seg->cow, why);
				return -EINVAL;
			}
		}
	}
	return 0;
}
