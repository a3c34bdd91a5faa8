/* The thin-pool segment type (LVM2's lib/thin/thin.c, _thin_pool_text_*):
 * metadata = "POOL_tmeta", pool = "POOL_tdata", transaction_id,
 * chunk_size, discards, zero_new_blocks, crop_metadata, and messageN
 * sections (messages LVM2 queued for the kernel: kept as read). The pool
 * LV's extents are its data LV's: the data LV is its one area (AREA_LV). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "metadata/segtypes/thin.h"
#include "metadata/vg.h"

struct seg_thin *seg_thin(const struct lv_seg *seg)
{
	return seg_has_flag(seg, SEGTYPE_THIN_POOL | SEGTYPE_THIN) ? seg->thin : NULL;
}

bool seg_is_thin_pool(const struct lv_seg *seg)
{
	return seg_has_flag(seg, SEGTYPE_THIN_POOL) && seg->thin;
}

bool seg_is_thin(const struct lv_seg *seg)
{
	return seg_has_flag(seg, SEGTYPE_THIN) && seg->thin;
}

bool lv_is_thin_pool(const struct lv *lv)
{
	return lv->n_segs == 1 && seg_is_thin_pool(&lv->segs[0]);
}

bool lv_is_thin(const struct lv *lv)
{
	return lv->n_segs == 1 && seg_is_thin(&lv->segs[0]);
}

/* A string field: 0, -ENOENT when absent and not required, else -EINVAL. */
int thin_in_str(struct seg_text_in *in, const struct cft_node *sec, const char *key, bool required,
		const char **out)
{
	const struct cft_node *n = seg_in_field(sec, key);
	if (!n) {
		if (required)
			return seg_in_fail(in, "%s: %s is missing", seg_in_what(in), key);
		return -ENOENT;
	}
	if (n->is_section || !n->v || n->v->type != CFT_STRING || n->v->next)
		return seg_in_fail(in, "%s: %s must be a string", seg_in_what(in), key);
	*out = n->v->s;
	return 0;
}

static bool valid_discards(const char *s)
{
	return !strcmp(s, "passdown") || !strcmp(s, "nopassdown") || !strcmp(s, "ignore");
}

static int pool_import(struct seg_text_in *in, const struct cft_node *sec, struct lv_seg *seg)
{
	struct seg_thin *t = seg_in_alloc(in, sizeof(*t));
	uint64_t v;
	int r;

	memset(t, 0, sizeof(*t));
	seg->thin = t;
	if ((r = thin_in_str(in, sec, "metadata", true, &t->metadata_lv)) ||
	    (r = thin_in_str(in, sec, "pool", true, &t->data_lv)) ||
	    (r = seg_in_u64(in, sec, "transaction_id", true, 0, UINT64_MAX, &t->transaction_id)))
		return r;
	if ((r = seg_in_u64(in, sec, "chunk_size", true, THIN_MIN_CHUNK, THIN_MAX_CHUNK, &v)))
		return r;
	t->chunk_size = (uint32_t)v;
	/* As LVM2: no discards field means ignore. */
	t->discards = "ignore";
	if ((r = thin_in_str(in, sec, "discards", false, &t->discards)) && r != -ENOENT)
		return r;
	if (!valid_discards(t->discards))
		return seg_in_fail(in, "%s: discards \"%.32s\" is not passdown, nopassdown or ignore",
				   seg_in_what(in), t->discards);
	if ((r = seg_in_u64(in, sec, "zero_new_blocks", false, 0, UINT32_MAX, &v)) && r != -ENOENT)
		return r;
	t->zero_new_blocks = !r && v;
	t->crop_metadata = -1;
	if (!(r = seg_in_u64(in, sec, "crop_metadata", false, 0, UINT32_MAX, &v)))
		t->crop_metadata = v ? 1 : 0;
	else if (r != -ENOENT)
		return r;
	unsigned n = 0;
	for (const struct cft_node *c = sec->child; c; c = c->next)
		n += c->is_section;
	t->msgs = seg_in_alloc(in, (n + 1) * sizeof(*t->msgs));
	for (const struct cft_node *c = sec->child; c; c = c->next) {
		if (!c->is_section)
			continue;
		struct thin_msg *m = &t->msgs[t->n_msgs++];
		memset(m, 0, sizeof(*m));
		if (seg_in_field(c, "create")) {
			if ((r = thin_in_str(in, c, "create", true, &m->create)))
				return r;
		} else if (seg_in_field(c, "delete")) {
			if ((r = seg_in_u64(in, c, "delete", true, 0, THIN_MAX_DEVICE_ID, &v)))
				return r;
			m->delete_id = (uint32_t)v;
		} else
			return seg_in_fail(in, "%s: %.40s is neither a create nor a delete message",
					   seg_in_what(in), c->key);
	}
	/* The data LV is the pool's one area, as in LVM2 (seg_lv(seg, 0)):
	 * the import resolves it and checks for cycles. */
	seg->areas = seg_in_alloc(in, sizeof(*seg->areas));
	seg->areas[0] = (struct seg_area){.kind = AREA_LV, .lv_name = t->data_lv, .le = 0};
	seg->n_areas = 1;
	return 0;
}

/* _thin_pool_text_export, byte for byte. */
static void pool_export(struct text_out *o, const struct vg *vg, const struct lv_seg *seg)
{
	const struct seg_thin *t = seg->thin;
	char c[64];

	(void)vg;
	text_out_seg_head(o, seg);
	text_out_str(o, "metadata", t->metadata_lv);
	text_out_str(o, "pool", t->data_lv);
	text_out_u64(o, NULL, "transaction_id", t->transaction_id);
	text_out_u64(o, text_size_comment(t->chunk_size, c, sizeof(c)), "chunk_size", t->chunk_size);
	text_out_str(o, "discards", t->discards);
	if (t->zero_new_blocks)
		text_out_line(o, NULL, "zero_new_blocks = 1");
	if (t->crop_metadata >= 0)
		text_out_line(o, NULL, "crop_metadata = %d", t->crop_metadata);
	for (unsigned i = 0; i < t->n_msgs; i++) {
		if (!i)
			text_out_nl(o);
		text_out_line(o, NULL, "message%u {", i + 1);
		text_out_indent(o, 1);
		if (t->msgs[i].create)
			text_out_str(o, "create", t->msgs[i].create);
		else
			text_out_line(o, NULL, "delete = %u", t->msgs[i].delete_id);
		text_out_indent(o, -1);
		text_out_line(o, NULL, "}");
	}
}

static int pool_validate(const struct lv_seg *seg, const char *lv_name, unsigned seg_no, char *err,
			 size_t errlen)
{
	const struct seg_thin *t = seg->thin;
	if (!t || !t->metadata_lv || !t->data_lv || !t->discards || !valid_discards(t->discards) ||
	    t->chunk_size < THIN_MIN_CHUNK || t->chunk_size > THIN_MAX_CHUNK || t->chunk_size % THIN_MIN_CHUNK) {
		snprintf(err, errlen, "LV %s segment%u: thin-pool without its metadata and data LVs, or with chunk size %u",
			 lv_name, seg_no, t ? t->chunk_size : 0);
		return -EINVAL;
	}
	return 0;
}

static bool pool_refers(const struct lv_seg *seg, const char *lv_name)
{
	const struct seg_thin *t = seg->thin;
	if (!t)
		return false;
	if (!strcmp(t->metadata_lv, lv_name))
		return true;
	/* a pending create message names a thin LV */
	for (unsigned i = 0; i < t->n_msgs; i++)
		if (t->msgs[i].create && !strcmp(t->msgs[i].create, lv_name))
			return true;
	return false;
}

const struct segtype segtype_thin_pool = {
	.name = "thin-pool",
	.flags = SEGTYPE_AREAS | SEGTYPE_THIN_POOL,
	.text_import = pool_import,
	.text_export = pool_export,
	.validate = pool_validate,
	.refers_to_lv = pool_refers,
};
