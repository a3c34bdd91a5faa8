/* Segment descriptors: each turns one LV segment into device-mapper
 * targets. The LV's table is its segments in LE order, each segment at
 * start_extent * extent_size sectors. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "activation/tree.h"

struct seg_desc {
	const char *name;	/* segment type in the metadata */
	int (*targets)(struct arena *a, const struct vg *vg, const struct lv_seg *seg,
		       pv_devno_fn devno, void *dctx, struct dm_target_line *out, char *err,
		       size_t errlen);
};

static int area_dev(const struct seg_area *ar, pv_devno_fn devno, void *dctx, const char **dev,
		    char *err, size_t errlen)
{
	if (ar->kind != AREA_PV) {
		snprintf(err, errlen, "segment stacked on LV %s (not supported yet)", ar->lv_name);
		return -EINVAL;
	}
	if (!ar->pv->sd || !(*dev = devno(dctx, ar->pv))) {
		char idf[ID_LEN + 7];
		id_format(ar->pv->id, idf);
		snprintf(err, errlen, "PV %s (uuid %s) is missing", ar->pv->hint ? ar->pv->hint : "?", idf);
		return -ENODEV;
	}
	return 0;
}

/* linear <dev> <offset>; striped <n> <chunk> <dev> <offset> ... */
static int striped_targets(struct arena *a, const struct vg *vg, const struct lv_seg *seg,
			   pv_devno_fn devno, void *dctx, struct dm_target_line *out, char *err,
			   size_t errlen)
{
	struct strbuf sb;
	uint64_t area_len = seg->extent_count / seg->n_areas;
	int r;

	sb_init(&sb);
	if (seg->n_areas > 1)
		sb_printf(&sb, "%u %u", seg->n_areas, seg->stripe_size);
	for (unsigned k = 0; k < seg->n_areas; k++) {
		const char *dev;
		if ((r = area_dev(&seg->areas[k], devno, dctx, &dev, err, errlen))) {
			sb_free(&sb);
			return r;
		}
		uint64_t off = seg->areas[k].pv->pe_start + seg->areas[k].pe * (uint64_t)vg->extent_size;
		sb_printf(&sb, "%s%s %" PRIu64, sb.len ? " " : "", dev, off);
	}
	(void)area_len;
	out->type = seg->n_areas > 1 ? "striped" : "linear";
	out->params = arena_strdup(a, sb.buf);
	sb_free(&sb);
	return 0;
}

static int zero_targets(struct arena *a, const struct vg *vg, const struct lv_seg *seg,
			pv_devno_fn devno, void *dctx, struct dm_target_line *out, char *err,
			size_t errlen)
{
	out->type = "zero";
	out->params = "";
	return 0;
}

static int error_targets(struct arena *a, const struct vg *vg, const struct lv_seg *seg,
			 pv_devno_fn devno, void *dctx, struct dm_target_line *out, char *err,
			 size_t errlen)
{
	out->type = "error";
	out->params = "";
	return 0;
}

static const struct seg_desc descs[] = {
	{"striped", striped_targets},
	{"zero", zero_targets},
	{"error", error_targets},
};

static void dm_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '-')
			sb_addc(sb, '-');
		sb_addc(sb, *s);
	}
}

const char *dm_lv_name(struct arena *a, const char *vg, const char *lv)
{
	struct strbuf sb;
	const char *r;
	sb_init(&sb);
	dm_escape(&sb, vg);
	sb_addc(&sb, '-');
	dm_escape(&sb, lv);
	r = arena_strdup(a, sb.buf);
	sb_free(&sb);
	return r;
}

const char *dm_lv_uuid(struct arena *a, const struct vg *vg, const struct lv *lv)
{
	return arena_printf(a, "LVM-%s%s", vg->id, lv->id);
}

int dm_node_for_lv(struct arena *a, const struct vg *vg, const struct lv *lv, pv_devno_fn devno,
		   void *devno_ctx, struct dm_node *out, char *err, size_t errlen)
{
	char e[256];

	memset(out, 0, sizeof(*out));
	out->name = dm_lv_name(a, vg->name, lv->name);
	out->uuid = dm_lv_uuid(a, vg, lv);
	out->lv = lv;
	out->read_only = !((lv->flags.status | lv->flags.compat) & LV_WRITE);
	out->targets = arena_alloc(a, (lv->n_segs + 1) * sizeof(*out->targets));
	for (unsigned s = 0; s < lv->n_segs; s++) {
		const struct lv_seg *seg = &lv->segs[s];
		const struct seg_desc *d = NULL;
		for (unsigned i = 0; i < ARRAY_SIZE(descs) && seg->known; i++)
			if (!strcmp(descs[i].name, seg->type))
				d = &descs[i];
		if (!d) {
			snprintf(err, errlen, "LV %s/%s has a %s segment, which lvmgr cannot activate yet (use LVM2)",
				 vg->name, lv->name, seg->type);
			return -EINVAL;
		}
		struct dm_target_line *t = &out->targets[out->n_targets];
		t->start = seg->start_extent * vg->extent_size;
		t->len = seg->extent_count * vg->extent_size;
		int r = d->targets(a, vg, seg, devno, devno_ctx, t, e, sizeof(e));
		if (r) {
			snprintf(err, errlen, "Cannot activate %s/%s: %s", vg->name, lv->name, e);
			return r;
		}
		out->n_targets++;
	}
	if (!out->n_targets) {
		snprintf(err, errlen, "LV %s/%s has no segments", vg->name, lv->name);
		return -EINVAL;
	}
	return 0;
}

void dm_node_print(const struct dm_node *n, bool with_name, struct strbuf *sb)
{
	for (unsigned i = 0; i < n->n_targets; i++) {
		const struct dm_target_line *t = &n->targets[i];
		if (with_name)
			sb_printf(sb, "%s: ", n->name);
		sb_printf(sb, "%" PRIu64 " %" PRIu64 " %s%s%s\n", t->start, t->len, t->type,
			  *t->params ? " " : "", t->params);
	}
}
