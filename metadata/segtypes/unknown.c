/* Any segment type lvmgr does not understand (thin, raid, mirror, cache,
 * vdo, a future one): its segmentN section is kept as parsed and written
 * back as read, laid out as LVM2's exporters lay such sections out. Its
 * ("pvN", extent) pairs count as used extents (they become AREA_PV areas)
 * and follow the PV renumbering of the export; any string in it may name
 * an LV, so the LV it names is never renamed or removed under it. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "metadata/segtypes/verbatim.h"

/* Find the ("pvN", extent) pairs naming PVs of the VG, so the extents
 * count as used and the references can follow PV renumbering. */
int verbatim_import(struct seg_text_in *in, const struct cft_node *sec, struct lv_seg *seg)
{
	unsigned cap = 0;
	for (const struct cft_node *c = sec->child; c; c = c->next) {
		if (c->is_section || !c->v || c->v->type != CFT_ARRAY)
			continue;
		for (struct cft_value *v = c->v->items; v && v->next; v = v->next) {
			struct pv *pv;
			if (v->type != CFT_STRING || v->next->type != CFT_INT || v->next->i < 0)
				continue;
			if (!(pv = seg_in_pv(in, v->s))) {
				/* PVs are renumbered pv0.. on export: a "pvN" that names no
				 * PV now could name one then and change meaning. */
				if (seg_pv_key_shape(v->s))
					return seg_in_fail(in, "%s: %s names PV %.32s, which is not in the VG",
							   seg_in_what(in), c->key, v->s);
				continue;
			}
			if (seg->n_pv_refs == cap) {
				cap = cap ? cap * 2 : 4;
				struct cft_value **nr = seg_in_alloc(in, cap * sizeof(*nr));
				struct pv **np = seg_in_alloc(in, cap * sizeof(*np));
				struct seg_area *na = seg_in_alloc(in, cap * sizeof(*na));
				if (seg->n_pv_refs) {
					memcpy(nr, seg->pv_refs, seg->n_pv_refs * sizeof(*nr));
					memcpy(np, seg->pv_ref_pvs, seg->n_pv_refs * sizeof(*np));
					memcpy(na, seg->areas, seg->n_pv_refs * sizeof(*na));
				}
				seg->pv_refs = nr;
				seg->pv_ref_pvs = np;
				seg->areas = na;
			}
			seg->pv_refs[seg->n_pv_refs] = v;
			seg->pv_ref_pvs[seg->n_pv_refs] = pv;
			seg->areas[seg->n_pv_refs] =
				(struct seg_area){.kind = AREA_PV, .pv = pv, .pe = (uint64_t)v->next->i};
			seg->n_pv_refs++;
			v = v->next;
		}
	}
	seg->n_areas = seg->n_pv_refs;
	return 0;
}

/* The PV references are met in the order the import found them: each is
 * written as the key its PV has in this export. */
struct pv_subst {
	struct text_subst su;
	const struct lv_seg *seg;
	unsigned next;
};

static bool subst_pv(struct text_subst *su, const struct cft_value *v, struct strbuf *sb)
{
	struct pv_subst *ps = (struct pv_subst *)su;
	if (v->type != CFT_STRING || ps->next >= ps->seg->n_pv_refs || ps->seg->pv_refs[ps->next] != v)
		return false;
	char key[32];
	snprintf(key, sizeof(key), "pv%u", ps->seg->pv_ref_pvs[ps->next++]->index);
	sb_add_quoted(sb, key);
	return true;
}

/* LVM2 writes area lists (stripes, mirrors, raids) one area per line. */
static bool is_area_list(const struct cft_node *n)
{
	return !n->is_section && n->v && n->v->type == CFT_ARRAY && n->v->items &&
	       (!strcmp(n->key, "stripes") || !strcmp(n->key, "mirrors") || !strcmp(n->key, "raids"));
}

static void out_area_list(struct text_out *o, const struct cft_node *n, struct text_subst *su)
{
	const struct cft_value *e = n->v->items;
	/* (name, extent) pairs, or raid (meta, image) name pairs, else singles. */
	bool pairs = (e->next && e->next->type == CFT_INT) ||
		     (n->v->n_items % 2 == 0 && e->type == CFT_STRING && strstr(e->s, "_rmeta_"));
	text_out_line(o, NULL, "%s = [", n->key);
	text_out_indent(o, 1);
	while (e) {
		struct strbuf line;
		sb_init(&line);
		text_out_value(&line, e, su);
		e = e->next;
		if (pairs && e) {
			sb_adds(&line, ", ");
			text_out_value(&line, e, su);
			e = e->next;
		}
		text_out_line(o, NULL, "%s%s", line.buf, e ? "," : "");
		sb_free(&line);
	}
	text_out_indent(o, -1);
	text_out_line(o, NULL, "]");
}

/* Fields LVM2's exporters write with a size comment (outsize()), by type:
 * the cache-pool's chunk_size (thin-pool has its own descriptor). */
static const struct {
	const char *type, *key;
} size_fields[] = {
	{"cache-pool", "chunk_size"},
};

static bool is_size_field(const struct lv_seg *seg, const struct cft_node *n)
{
	if (n->is_section || !n->v || n->v->type != CFT_INT || n->v->i < 0)
		return false;
	for (size_t i = 0; i < sizeof(size_fields) / sizeof(size_fields[0]); i++)
		if (!strcmp(seg->type, size_fields[i].type) && !strcmp(n->key, size_fields[i].key))
			return true;
	return false;
}

static const char *const seg_common[] = {"start_extent", "extent_count", "type", "tags", NULL};

/* As LVM2's _print_segment: reshape_count before the type, then the
 * type's fields, a blank line before area lists and before subsections
 * (thin-pool messages). */
void verbatim_export(struct text_out *o, const struct vg *vg, const struct lv_seg *seg)
{
	struct pv_subst ps = {{subst_pv}, seg, 0};
	const struct cft_node *n;
	char c[64];

	for (n = seg->node->child; n; n = n->next)
		if (!strcmp(n->key, "reshape_count"))
			text_out_node(o, n, &ps.su);
	text_out_seg_head(o, seg);
	for (n = seg->node->child; n; n = n->next) {
		bool common = !strcmp(n->key, "reshape_count");
		for (const char *const *k = seg_common; *k && !common; k++)
			common = !strcmp(*k, n->key);
		if (common)
			continue;
		if (is_size_field(seg, n))
			text_out_line(o, text_size_comment((uint64_t)n->v->i, c, sizeof(c)),
				      "%s = %" PRId64, n->key, n->v->i);
		else if (is_area_list(n)) {
			text_out_nl(o);
			out_area_list(o, n, &ps.su);
		} else if (n->is_section) {
			text_out_nl(o);
			text_out_node(o, n, &ps.su);
		} else
			text_out_node(o, n, &ps.su);
	}
}

static bool value_names(const struct cft_value *v, const char *name)
{
	for (; v; v = v->next) {
		if (v->type == CFT_STRING && !strcmp(v->s, name))
			return true;
		if (v->type == CFT_ARRAY && value_names(v->items, name))
			return true;
	}
	return false;
}

static bool node_names(const struct cft_node *n, const char *name)
{
	for (const struct cft_node *ch = n->child; ch; ch = ch->next) {
		if (ch->is_section ? node_names(ch, name) : value_names(ch->v, name))
			return true;
	}
	return false;
}

/* Any string of the section may be an LV's name (origin, pool, images). */
bool verbatim_refers_to_lv(const struct lv_seg *seg, const char *lv_name)
{
	return seg->node && node_names(seg->node, lv_name);
}

const struct segtype segtype_unknown = {
	.name = "unknown",
	.flags = SEGTYPE_VERBATIM,
	.text_import = verbatim_import,
	.text_export = verbatim_export,
	.refers_to_lv = verbatim_refers_to_lv,
};
