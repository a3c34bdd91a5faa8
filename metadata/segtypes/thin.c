/* The thin segment type (LVM2's _thin_text_*): thin_pool, transaction_id,
 * device_id, and external_origin, origin, merge when present. Virtual:
 * its extents are the thin LV's size and no PV is behind them. And the
 * checks across a VG's thin LVs and pools. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metadata/segtypes/thin.h"
#include "metadata/vg.h"

static int thin_import(struct seg_text_in *in, const struct cft_node *sec, struct lv_seg *seg)
{
	struct seg_thin *t = seg_in_alloc(in, sizeof(*t));
	uint64_t v;
	int r;

	memset(t, 0, sizeof(*t));
	t->crop_metadata = -1;
	seg->thin = t;
	if ((r = thin_in_str(in, sec, "thin_pool", true, &t->pool_lv)) ||
	    (r = seg_in_u64(in, sec, "transaction_id", true, 0, UINT64_MAX, &t->transaction_id)) ||
	    (r = seg_in_u64(in, sec, "device_id", true, 0, THIN_MAX_DEVICE_ID, &v)))
		return r;
	t->device_id = (uint32_t)v;
	if (((r = thin_in_str(in, sec, "origin", false, &t->origin)) && r != -ENOENT) ||
	    ((r = thin_in_str(in, sec, "merge", false, &t->merge)) && r != -ENOENT) ||
	    ((r = thin_in_str(in, sec, "external_origin", false, &t->external_origin)) && r != -ENOENT))
		return r;
	seg->n_areas = 0;
	return 0;
}

static void thin_export(struct text_out *o, const struct vg *vg, const struct lv_seg *seg)
{
	const struct seg_thin *t = seg->thin;

	(void)vg;
	text_out_seg_head(o, seg);
	text_out_str(o, "thin_pool", t->pool_lv);
	text_out_u64(o, NULL, "transaction_id", t->transaction_id);
	text_out_u64(o, NULL, "device_id", t->device_id);
	if (t->external_origin)
		text_out_str(o, "external_origin", t->external_origin);
	if (t->origin)
		text_out_str(o, "origin", t->origin);
	if (t->merge)
		text_out_str(o, "merge", t->merge);
}

static int thin_validate(const struct lv_seg *seg, const char *lv_name, unsigned seg_no, char *err,
			 size_t errlen)
{
	const struct seg_thin *t = seg->thin;
	if (!t || !t->pool_lv || t->device_id > THIN_MAX_DEVICE_ID) {
		snprintf(err, errlen, "LV %s segment%u: thin volume without a pool or with device id %u", lv_name,
			 seg_no, t ? t->device_id : 0);
		return -EINVAL;
	}
	return 0;
}

static bool thin_refers(const struct lv_seg *seg, const char *lv_name)
{
	const struct seg_thin *t = seg->thin;
	return t && ((t->pool_lv && !strcmp(t->pool_lv, lv_name)) ||
		     (t->external_origin && !strcmp(t->external_origin, lv_name)) ||
		     (t->merge && !strcmp(t->merge, lv_name)));
}

const struct segtype segtype_thin = {
	.name = "thin",
	.flags = SEGTYPE_THIN | SEGTYPE_VIRTUAL,
	.text_import = thin_import,
	.text_export = thin_export,
	.validate = thin_validate,
	.refers_to_lv = thin_refers,
};

bool thin_is_external_origin(const struct vg *vg, const struct lv *lv)
{
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv *t = vg->lvs[l];
		if (lv_is_thin(t) && t->segs[0].thin->external_origin && !strcmp(t->segs[0].thin->external_origin, lv->name))
			return true;
	}
	return false;
}

unsigned thin_external_users(const struct vg *vg, const struct lv *lv, struct lv **out)
{
	unsigned k = 0;
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		struct lv *t = vg->lvs[l];
		if (lv_is_thin(t) && t->segs[0].thin->external_origin && !strcmp(t->segs[0].thin->external_origin, lv->name)) {
			if (out)
				out[k] = t;
			k++;
		}
	}
	return k;
}

struct lv *thin_merging_snapshot(const struct vg *vg, const struct lv *origin)
{
	if (!lv_is_thin(origin))
		return NULL;
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		struct lv *t = vg->lvs[l];
		if (lv_is_thin(t) && t->segs[0].thin->merge && !strcmp(t->segs[0].thin->merge, origin->name))
			return t;
	}
	return NULL;
}

bool lv_is_merging_thin_snapshot(const struct lv *lv)
{
	return lv_is_thin(lv) && lv->segs[0].thin->merge;
}

struct lv *thin_pool_of(const struct vg *vg, const struct lv *lv)
{
	if (!lv_is_thin(lv))
		return NULL;
	struct lv *p = vg_find_lv(vg, lv->segs[0].thin->pool_lv);
	return p && lv_is_thin_pool(p) ? p : NULL;
}

struct lv *thin_pool_of_sub(const struct vg *vg, const struct lv *sub, bool *is_meta)
{
	const char *u = strrchr(sub->name, '_');
	if (!u || (strcmp(u, "_tmeta") && strcmp(u, "_tdata")))
		return NULL;
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		struct lv *p = vg->lvs[l];
		if (!lv_is_thin_pool(p))
			continue;
		const struct seg_thin *t = p->segs[0].thin;
		if (!strcmp(t->metadata_lv, sub->name) || !strcmp(t->data_lv, sub->name)) {
			if (is_meta)
				*is_meta = !strcmp(t->metadata_lv, sub->name);
			return p;
		}
	}
	return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

int thin_vg_check(const struct vg *vg, char *err, size_t errlen)
{
	unsigned n_thin = 0;
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l];
		for (unsigned s = 0; s < lv->n_segs; s++) {
			const struct lv_seg *seg = &lv->segs[s];
			if (!seg_thin(seg))
				continue;
			if (lv->n_segs != 1) {
				snprintf(err, errlen, "LV %s: a %s LV has one segment, not %u", lv->name, seg->type,
					 lv->n_segs);
				return -EINVAL;
			}
			const struct seg_thin *t = seg->thin;
			if (seg_is_thin_pool(seg)) {
				const char *subs[2] = {t->metadata_lv, t->data_lv};
				for (int i = 0; i < 2; i++) {
					const struct lv *sub = vg_find_lv(vg, subs[i]);
					if (!sub || sub == lv || lv_is_thin_pool(sub) || lv_is_thin(sub)) {
						snprintf(err, errlen, "LV %s: thin pool %s LV %s is %s", lv->name,
							 i ? "data" : "metadata", subs[i], sub ? "not usable" : "missing");
						return -EINVAL;
					}
				}
				for (unsigned m = 0; m < t->n_msgs; m++) {
					const struct lv *c = t->msgs[m].create ? vg_find_lv(vg, t->msgs[m].create) : NULL;
					if (t->msgs[m].create && (!c || !lv_is_thin(c))) {
						snprintf(err, errlen, "LV %s: message%u creates %s, which is %s", lv->name,
							 m + 1, t->msgs[m].create, c ? "not a thin LV" : "missing");
						return -EINVAL;
					}
				}
				if (!strcmp(t->metadata_lv, t->data_lv)) {
					snprintf(err, errlen, "LV %s: thin pool metadata and data are the same LV %s",
						 lv->name, t->data_lv);
					return -EINVAL;
				}
				continue;
			}
			n_thin++;
			const struct lv *pool = vg_find_lv(vg, t->pool_lv);
			if (!pool || !lv_is_thin_pool(pool)) {
				snprintf(err, errlen, "LV %s: thin pool %s is %s", lv->name, t->pool_lv,
					 pool ? "not a thin pool" : "missing");
				return -EINVAL;
			}
			const char *others[3] = {t->origin, t->merge, t->external_origin};
			for (int i = 0; i < 3; i++)
				if (others[i] && !vg_find_lv(vg, others[i])) {
					snprintf(err, errlen, "LV %s: %s LV %s is missing", lv->name,
						 i == 0 ? "origin" : i == 1 ? "merge" : "external origin", others[i]);
					return -EINVAL;
				}
		}
	}
	if (n_thin < 2)
		return 0;
	/* Device ids once per pool: sort (pool index << 24 | id). */
	uint64_t *keys = malloc(n_thin * sizeof(*keys));
	unsigned k = 0;
	if (!keys) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l];
		if (!lv_is_thin(lv))
			continue;
		const struct lv *pool = vg_find_lv(vg, lv->segs[0].thin->pool_lv);
		unsigned pi = 0;
		for (unsigned q = 0; q < vg->n_lvs; q++)
			if (vg->lvs[q] == pool)
				pi = q;
		keys[k++] = (uint64_t)pi << 24 | lv->segs[0].thin->device_id;
	}
	qsort(keys, k, sizeof(*keys), cmp_u64);
	for (unsigned i = 1; i < k; i++)
		if (keys[i] == keys[i - 1]) {
			snprintf(err, errlen, "thin pool %s: device id %u is used by two thin LVs",
				 vg->lvs[keys[i] >> 24]->name, (unsigned)(keys[i] & THIN_MAX_DEVICE_ID));
			free(keys);
			return -EINVAL;
		}
	free(keys);
	return 0;
}
