/* The raid1 segment type: device_count images, each an LV (LV_rimage_K)
 * with its metadata LV (LV_rmeta_K), listed in pairs in raids = [...].
 * The images are the segment's areas (AREA_LV, so the import resolves and
 * cycle-checks them, and every walk of stacked areas sees them); the
 * metadata LVs are named by seg->raid->meta and count as references
 * (refers_to_lv). Text as LVM2 2.03's _raid_text_import/_export. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "metadata/segtypes/raid.h"
#include "metadata/vg.h"

static int raid_import_u32(struct seg_text_in *in, const struct cft_node *sec, const char *key,
			   uint32_t *out)
{
	uint64_t v;
	int r = seg_in_u64(in, sec, key, false, 0, UINT32_MAX, &v);
	if (r == -ENOENT)
		return 0;
	if (!r)
		*out = (uint32_t)v;
	return r;
}

static int raid_import(struct seg_text_in *in, const struct cft_node *sec, struct lv_seg *seg)
{
	struct seg_raid *rd = seg_in_alloc(in, sizeof(*rd));
	const struct cft_node *list;
	uint64_t count;
	int r;

	memset(rd, 0, sizeof(*rd));
	rd->data_offset = 1;
	seg->raid = rd;
	if ((r = seg_in_u64(in, sec, "device_count", true, 1, SEG_MAX_AREAS, &count)))
		return r;
	if ((r = raid_import_u32(in, sec, "region_size", &rd->region_size)) ||
	    (r = raid_import_u32(in, sec, "data_copies", &rd->data_copies)) ||
	    (r = raid_import_u32(in, sec, "stripe_size", &rd->stripe_size)) ||
	    (r = raid_import_u32(in, sec, "writebehind", &rd->writebehind)) ||
	    (r = raid_import_u32(in, sec, "min_recovery_rate", &rd->min_recovery_rate)) ||
	    (r = raid_import_u32(in, sec, "max_recovery_rate", &rd->max_recovery_rate)) ||
	    (r = raid_import_u32(in, sec, "data_offset", &rd->data_offset)))
		return r;
	list = seg_in_field(sec, "raids");
	if (!list || list->is_section || !list->v || list->v->type != CFT_ARRAY)
		return seg_in_fail(in, "%s: raids list is missing", seg_in_what(in));
	if (list->v->n_items != 2 * count)
		return seg_in_fail(in, "%s: %zu raids entries for device_count %" PRIu64, seg_in_what(in),
				   list->v->n_items, count);
	seg->n_areas = (unsigned)count;
	seg->stripe_count = (unsigned)count;
	seg->areas = seg_in_alloc(in, count * sizeof(*seg->areas));
	rd->meta = seg_in_alloc(in, count * sizeof(*rd->meta));
	unsigned k = 0;
	for (const struct cft_value *v = list->v->items; v && v->next; v = v->next->next, k++) {
		if (v->type != CFT_STRING || v->next->type != CFT_STRING)
			return seg_in_fail(in, "%s: raids entry %u is not a (\"meta LV\", \"image LV\") pair",
					   seg_in_what(in), k);
		rd->meta[k] = v->s;
		seg->areas[k] = (struct seg_area){.kind = AREA_LV, .lv_name = v->next->s, .le = 0};
	}
	return 0;
}

/* LVM2's _raid_text_export_raid for raid1, then out_areas: one
 * "meta", "image" pair a line. */
static void raid_export(struct text_out *o, const struct vg *vg, const struct lv_seg *seg)
{
	const struct seg_raid *rd = seg->raid;
	(void)vg;
	text_out_seg_head(o, seg);
	text_out_u64(o, NULL, "device_count", seg->n_areas);
	if (rd->data_copies)
		text_out_u64(o, NULL, "data_copies", rd->data_copies);
	if (rd->region_size)
		text_out_u64(o, NULL, "region_size", rd->region_size);
	if (rd->stripe_size)
		text_out_u64(o, NULL, "stripe_size", rd->stripe_size);
	if (rd->writebehind)
		text_out_u64(o, NULL, "writebehind", rd->writebehind);
	if (rd->min_recovery_rate)
		text_out_u64(o, NULL, "min_recovery_rate", rd->min_recovery_rate);
	if (rd->max_recovery_rate)
		text_out_u64(o, NULL, "max_recovery_rate", rd->max_recovery_rate);
	if (rd->data_offset != 1)
		text_out_u64(o, NULL, "data_offset", rd->data_offset);
	text_out_nl(o);
	text_out_line(o, NULL, "raids = [");
	text_out_indent(o, 1);
	for (unsigned k = 0; k < seg->n_areas; k++) {
		struct strbuf line;
		sb_init(&line);
		sb_add_quoted(&line, rd->meta[k]);
		sb_adds(&line, ", ");
		sb_add_quoted(&line, seg->areas[k].lv_name);
		text_out_line(o, NULL, "%s%s", line.buf, k + 1 < seg->n_areas ? "," : "");
		sb_free(&line);
	}
	text_out_indent(o, -1);
	text_out_line(o, NULL, "]");
}

static int raid_validate(const struct lv_seg *seg, const char *lv_name, unsigned seg_no, char *err,
			 size_t errlen)
{
	const struct seg_raid *rd = seg->raid;
	if (!rd || !seg->n_areas || seg->n_areas > SEG_MAX_AREAS) {
		snprintf(err, errlen, "LV %s segment%u: raid1 with %u images", lv_name, seg_no, seg->n_areas);
		return -EINVAL;
	}
	for (unsigned k = 0; k < seg->n_areas; k++)
		if (seg->areas[k].kind != AREA_LV || !rd->meta[k]) {
			snprintf(err, errlen, "LV %s segment%u: raid1 image %u is not an LV with a metadata LV",
				 lv_name, seg_no, k);
			return -EINVAL;
		}
	if (rd->region_size & (rd->region_size - 1)) {
		snprintf(err, errlen, "LV %s segment%u: region_size %u is not a power of 2", lv_name, seg_no,
			 rd->region_size);
		return -EINVAL;
	}
	return 0;
}

static bool raid_refers_to_lv(const struct lv_seg *seg, const char *lv_name)
{
	for (unsigned k = 0; seg->raid && k < seg->n_areas; k++)
		if (seg->raid->meta[k] && !strcmp(seg->raid->meta[k], lv_name))
			return true;
	return false;
}

const struct segtype segtype_raid1 = {
	.name = "raid1",
	.flags = SEGTYPE_AREAS | SEGTYPE_RAID,
	.text_import = raid_import,
	.text_export = raid_export,
	.validate = raid_validate,
	.refers_to_lv = raid_refers_to_lv,
};

bool raid_image_is_tracked(const struct lv *img)
{
	uint32_t st = img->flags.status;
	return (st & LV_VISIBLE) && !(st & LV_WRITE);
}

struct lv *raid_owner_of(const struct vg *vg, const struct lv *lv, unsigned *k, bool *meta)
{
	/* LV_rimage_K / LV_rmeta_K: the owner's name is what comes before. */
	const char *p = strstr(lv->name, "_rimage_"), *q = strstr(lv->name, "_rmeta_");
	const char *cut = p && (!q || p < q) ? p : q;
	if (!cut || (size_t)(cut - lv->name) >= NAME_LEN)
		return NULL;
	char name[NAME_LEN];
	snprintf(name, sizeof(name), "%.*s", (int)(cut - lv->name), lv->name);
	struct lv *o = vg_find_lv(vg, name);
	if (!o || o->n_segs != 1 || !seg_is_raid(&o->segs[0]) || !o->segs[0].raid)
		return NULL;
	const struct lv_seg *seg = &o->segs[0];
	for (unsigned i = 0; i < seg->n_areas; i++) {
		bool im = seg->areas[i].kind == AREA_LV && !strcmp(seg->areas[i].lv_name, lv->name);
		bool me = seg->raid->meta && seg->raid->meta[i] && !strcmp(seg->raid->meta[i], lv->name);
		if (im || me) {
			if (k)
				*k = i;
			if (meta)
				*meta = me;
			return o;
		}
	}
	return NULL;
}

struct lv *raid_tracked_image(const struct vg *vg, const struct lv *lv, unsigned *k)
{
	if (lv->n_segs != 1 || !seg_is_raid(&lv->segs[0]) || !lv->segs[0].raid)
		return NULL;
	const struct lv_seg *seg = &lv->segs[0];
	struct lv *found = NULL;
	for (unsigned i = 0; i < seg->n_areas; i++) {
		struct lv *img = seg->areas[i].kind == AREA_LV ? vg_find_lv(vg, seg->areas[i].lv_name) : NULL;
		if (img && raid_image_is_tracked(img)) {
			found = img;	/* the last one, as LVM2 */
			if (k)
				*k = i;
		}
	}
	return found;
}
