/* The device tree's model and its construction from LVs: nodes in the
 * order they are added, each LV segment through its target descriptor. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activation/dtree.h"
#include "activation/targets/targets.h"
#include "metadata/segtypes/raid.h"

/* Room for one more element in an arena array (doubling). */
static void *grow(struct arena *a, void *v, unsigned n, unsigned *cap, size_t size)
{
	if (n < *cap)
		return v;
	unsigned c = *cap ? *cap * 2 : 4;
	void *nv = arena_alloc(a, c * size);
	if (n)
		memcpy(nv, v, n * size);
	*cap = c;
	return nv;
}

void dt_init(struct dtree *t, struct arena *a)
{
	memset(t, 0, sizeof(*t));
	t->a = a;
}

/* FNV-1a: the uuids of one VG share their first 36 characters. */
static size_t uuid_hash(const char *s)
{
	size_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct dt_node **slot(struct dt_node **tab, unsigned size, const char *uuid)
{
	size_t i = uuid_hash(uuid) & (size - 1);
	while (tab[i] && strcmp(tab[i]->uuid, uuid))
		i = (i + 1) & (size - 1);
	return &tab[i];
}

/* (A tree of 10,000 LVs looks each node up once: no linear scan.) */
struct dt_node *dt_find(const struct dtree *t, const char *uuid)
{
	return t->by_uuid ? *slot(t->by_uuid, 2 * t->cap, uuid) : NULL;
}

struct dt_node *dt_node(struct dtree *t, const char *name, const char *uuid)
{
	struct dt_node *n = dt_find(t, uuid);
	if (n)
		return n;
	n = arena_alloc(t->a, sizeof(*n));
	n->name = arena_strdup(t->a, name);
	n->uuid = arena_strdup(t->a, uuid);
	n->index = t->n;
	if (t->n == t->cap) {	/* grown: the index too (cap a power of 2) */
		t->nodes = grow(t->a, t->nodes, t->n, &t->cap, sizeof(*t->nodes));
		t->by_uuid = arena_alloc(t->a, 2 * t->cap * sizeof(*t->by_uuid));
		for (unsigned i = 0; i < t->n; i++)
			*slot(t->by_uuid, 2 * t->cap, t->nodes[i]->uuid) = t->nodes[i];
	}
	t->nodes[t->n++] = n;
	*slot(t->by_uuid, 2 * t->cap, n->uuid) = n;
	return n;
}

void dt_truncate(struct dtree *t, unsigned n)
{
	if (n >= t->n)
		return;
	t->n = n;
	memset(t->by_uuid, 0, 2 * t->cap * sizeof(*t->by_uuid));
	for (unsigned i = 0; i < t->n; i++)
		*slot(t->by_uuid, 2 * t->cap, t->nodes[i]->uuid) = t->nodes[i];
}

unsigned dt_dep(struct dtree *t, struct dt_node *n, struct dt_node *lower)
{
	for (unsigned i = 0; i < n->n_deps; i++)
		if (n->deps[i] == lower)
			return i;
	n->deps = grow(t->a, n->deps, n->n_deps, &n->cap_deps, sizeof(*n->deps));
	n->deps[n->n_deps] = lower;
	return n->n_deps++;
}

void dt_target(struct dtree *t, struct dt_node *n, uint64_t start, uint64_t len, const char *type,
	       const char *params)
{
	n->targets = grow(t->a, n->targets, n->n_targets, &n->cap_targets, sizeof(*n->targets));
	n->targets[n->n_targets++] = (struct dm_target_line){start, len, arena_strdup(t->a, type),
							     arena_strdup(t->a, params)};
}

void dt_message(struct dtree *t, struct dt_node *n, const char *msg)
{
	n->msgs = grow(t->a, n->msgs, n->n_msgs, &n->cap_msgs, sizeof(*n->msgs));
	n->msgs[n->n_msgs++] = arena_strdup(t->a, msg);
}

void dt_quiesce(struct dtree *t, struct dt_node *n, struct dt_node *live)
{
	for (unsigned i = 0; i < n->n_quiesce; i++)
		if (n->quiesce[i] == live)
			return;
	n->quiesce = grow(t->a, n->quiesce, n->n_quiesce, &n->cap_quiesce, sizeof(*n->quiesce));
	n->quiesce[n->n_quiesce++] = live;
}

static void dm_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '-')
			sb_addc(sb, '-');
		sb_addc(sb, *s);
	}
}

const char *dt_name(struct arena *a, const char *vg, const char *lv, const char *layer)
{
	struct strbuf sb;
	const char *r;
	sb_init(&sb);
	dm_escape(&sb, vg);
	sb_addc(&sb, '-');
	dm_escape(&sb, lv);
	if (layer && *layer) {
		if (*layer != '_')	/* as LVM2: "vg-lv_mlog", "vg-lv-real" */
			sb_addc(&sb, '-');
		dm_escape(&sb, layer);
	}
	r = arena_strdup(a, sb.buf);
	sb_free(&sb);
	return r;
}

const char *dm_lv_name(struct arena *a, const char *vg, const char *lv)
{
	return dt_name(a, vg, lv, NULL);
}

const char *dt_uuid(struct arena *a, const struct vg *vg, const struct lv *lv, const char *layer)
{
	bool l = layer && *layer;
	return arena_printf(a, "LVM-%s%s%s%s", vg->id, lv->id, l ? "-" : "", l ? layer : "");
}

const char *dm_lv_uuid(struct arena *a, const struct vg *vg, const struct lv *lv)
{
	return dt_uuid(a, vg, lv, NULL);
}

struct dt_node *dt_lv_node(struct dt_build *b, const struct lv *lv, const char *layer, const char *uuid_layer)
{
	struct arena *a = b->tree->a;
	struct dt_node *n = dt_node(b->tree, dt_name(a, b->vg->name, lv->name, layer),
				    dt_uuid(a, b->vg, lv, uuid_layer ? uuid_layer : layer));
	n->lv = lv;
	n->layer = layer;
	return n;
}

int64_t dt_fixed_minor(const struct dt_node *n)
{
	const struct lv *lv = n->lv;
	return lv && !n->layer && (lv->flags.status & LV_FIXED_MINOR) && lv->minor >= 0 ? lv->minor : -1;
}

int dt_pv_dev(struct dt_build *b, const struct seg_area *ar, const char **dev)
{
	if (ar->kind != AREA_PV) {
		snprintf(b->err, sizeof(b->err), "segment stacked on LV %s (not supported yet)", ar->lv_name);
		return -EINVAL;
	}
	if (!ar->pv->sd || !(*dev = b->devno(b->devno_ctx, ar->pv))) {
		char idf[ID_LEN + 7];
		id_format(ar->pv->id, idf);
		snprintf(b->err, sizeof(b->err), "PV %s (uuid %s) is missing", ar->pv->hint ? ar->pv->hint : "?",
			 idf);
		return -ENODEV;
	}
	return 0;
}

int dt_add_segments(struct dt_build *b, const struct lv *lv, struct dt_node *n)
{
	const struct vg *vg = b->vg;
	for (unsigned s = 0; s < lv->n_segs; s++) {
		const struct lv_seg *seg = &lv->segs[s];
		const struct dt_target_type *tt =
			seg_is_verbatim(seg) ? NULL : dt_target_for_segtype(seg_segtype(seg)->name);
		if (!tt || !tt->build) {
			snprintf(b->err, sizeof(b->err),
				 "LV %s/%s has a %s segment, which lvmgr cannot activate yet (use LVM2)", vg->name,
				 lv->name, seg->type);
			return -EINVAL;
		}
		int r = tt->build(b, lv, seg, n);
		if (r) {
			char e[sizeof(b->err)];
			memcpy(e, b->err, sizeof(e));
			snprintf(b->err, sizeof(b->err), "Cannot activate %s/%s: %.400s", vg->name, lv->name, e);
			return r;
		}
	}
	if (!n->n_targets) {
		snprintf(b->err, sizeof(b->err), "LV %s/%s has no segments", vg->name, lv->name);
		return -EINVAL;
	}
	return 0;
}

int dt_add_lv(struct dt_build *b, const struct lv *lv, struct dt_node **out)
{
	/* thin pools and their hidden LVs have uuid suffixes of their own */
	struct dt_node *n = dt_lv_node(b, lv, NULL, thin_uuid_layer(b->vg, lv));

	*out = n;
	if (n->n_targets)	/* built already (below another LV) */
		return 0;
	/* raid1 images and metadata LVs stay writable, a tracked image
	 * without WRITE too (LVM2's read_only_lv) */
	n->read_only = !((lv->flags.status | lv->flags.compat) & LV_WRITE) && !raid_owner_of(b->vg, lv, NULL, NULL);
	/* An origin or a snapshot: layered (activation/targets/snapshot.c). */
	int r = dt_snapshot_stack(b, lv, n);
	if (!r)	/* an external origin of thin LVs: layered too */
		r = dt_thin_external_stack(b, lv, n);
	if (r)
		return r < 0 ? r : 0;
	return dt_add_segments(b, lv, n);
}

void dt_lines_print(const struct dm_target_line *t, unsigned n, struct strbuf *sb)
{
	for (unsigned i = 0; i < n; i++)
		sb_printf(sb, "%" PRIu64 " %" PRIu64 " %s%s%s\n", t[i].start, t[i].len, t[i].type,
			  *t[i].params ? " " : "", t[i].params);
}

struct dm_target_line *dt_resolve(const struct dt_node *n)
{
	struct dm_target_line *out = calloc(n->n_targets ? n->n_targets : 1, sizeof(*out));
	if (!out)
		return NULL;
	for (unsigned i = 0; i < n->n_targets; i++) {
		const char *p = n->targets[i].params;
		struct strbuf sb;
		sb_init(&sb);
		while (*p) {
			char *end;
			unsigned long k;
			if (*p == '$' && p[1] >= '0' && p[1] <= '9' && (k = strtoul(p + 1, &end, 10)) < n->n_deps) {
				const struct dt_node *d = n->deps[k];
				if (d->numbered)
					sb_printf(&sb, "%u:%u", d->major, d->minor);
				else
					sb_printf(&sb, "/dev/mapper/%s", d->name);
				p = end;
				continue;
			}
			sb_addc(&sb, *p++);
		}
		out[i] = n->targets[i];
		out[i].params = sb.buf ? sb.buf : strdup("");
		if (!out[i].params) {
			dt_lines_free(out, i);
			return NULL;
		}
	}
	return out;
}

void dt_lines_free(struct dm_target_line *t, unsigned n)
{
	if (!t)
		return;
	for (unsigned i = 0; i < n; i++)
		free((char *)t[i].params);
	free(t);
}
