/* The VG image: a binary copy of a VG model, the VG cache's content
 * (vgcache.c). Loading it replaces parsing and importing the text it
 * was made with; its LV records also tell the exporter which LVs a command
 * left as they were, whose sections are then copied from that text instead
 * of written again.
 *
 * Layout (host byte order, the cache never leaves the machine): a header
 * (magic, format version, seqno, offset of the text's top-level tail), the
 * VG's fields, its PVs, then per LV: the record's length, the place of its
 * section in the text, the record. Strings are a u32 length, the bytes and
 * a NUL, and are used in place (the image is kept in the arena). Only VGs
 * with nothing kept as parsed text have an image: no unknown fields, only
 * segment types whose descriptor says SEGTYPE_IMAGE, no historical LVs.
 *
 * The loader checks every length, count and index against the image and
 * the text; a cache file that fails is ignored (the text is parsed). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvmgr/cache/vgimage.h"

#define IMG_MAGIC 0x474d4956u	/* "VIMG" */
#define IMG_VERSION 1u
#define NO_STR 0xffffffffu

/* A writer that appends to sb, or (sb NULL) compares with cmp instead,
 * through a buffer: one copy or memcmp per 4 KiB, not one per field. */
struct wr {
	struct strbuf *sb;
	const unsigned char *cmp;
	size_t cmp_len, pos;	/* compare: bytes of cmp matched so far */
	bool diff;
	size_t n;
	unsigned char b[4096];
};

static void emit(struct wr *w, const void *p, size_t n)
{
	if (w->sb)
		sb_add(w->sb, p, n);
	else if (!w->diff && (n > w->cmp_len - w->pos || memcmp(w->cmp + w->pos, p, n)))
		w->diff = true;
	else
		w->pos += n;
}
static void flush(struct wr *w)
{
	emit(w, w->b, w->n);
	w->n = 0;
}
static inline void put(struct wr *w, const void *p, size_t n)
{
	if (n > sizeof(w->b) - w->n) {
		flush(w);
		if (n > sizeof(w->b)) {
			emit(w, p, n);
			return;
		}
	}
	memcpy(w->b + w->n, p, n);
	w->n += n;
}
static void put_u32(struct wr *w, uint32_t v)
{
	put(w, &v, sizeof(v));
}
static void put_u64(struct wr *w, uint64_t v)
{
	put(w, &v, sizeof(v));
}
static void put_str(struct wr *w, const char *s)	/* NULL allowed */
{
	if (!s) {
		put_u32(w, NO_STR);
		return;
	}
	size_t n = strlen(s);
	put_u32(w, (uint32_t)n);
	put(w, s, n + 1);
}
static void put_strs(struct wr *w, const char *const *v, unsigned n)
{
	put_u32(w, n);
	for (unsigned i = 0; i < n; i++)
		put_str(w, v[i]);
}
static void put_flags(struct wr *w, const struct flagset *f)
{
	put_u32(w, f->status);
	put_u32(w, f->compat);
	put_strs(w, f->other_status, f->n_other_status);
	put_strs(w, f->other_compat, f->n_other_compat);
}

/* An LV's record: everything its section in the disk text is made of.
 * False if the LV has something an image cannot hold. */
static bool put_lv(struct wr *w, const struct lv *lv)
{
	if (lv->n_extra)
		return false;
	put_str(w, lv->name);
	put(w, lv->id, ID_LEN);
	put_flags(w, &lv->flags);
	put_strs(w, lv->tags.v, lv->tags.n);
	put_u64(w, lv->creation_time);
	put_str(w, lv->creation_host);
	put_str(w, lv->lock_args);
	put_str(w, lv->alloc);
	put_str(w, lv->profile);
	put_u64(w, (uint64_t)lv->read_ahead);
	put_u64(w, (uint64_t)lv->major);
	put_u64(w, (uint64_t)lv->minor);
	put_u32(w, lv->n_segs);
	for (unsigned s = 0; s < lv->n_segs; s++) {
		const struct lv_seg *seg = &lv->segs[s];
		if (!seg_has_flag(seg, SEGTYPE_IMAGE))
			return false;
		put_u64(w, seg->start_extent);
		put_u64(w, seg->extent_count);
		put_str(w, seg->type);
		put_strs(w, seg->tags.v, seg->tags.n);
		put_u32(w, seg->stripe_count);
		put_u32(w, seg->stripe_size);
		put_u32(w, seg->n_areas);
		for (unsigned a = 0; a < seg->n_areas; a++) {
			const struct seg_area *ar = &seg->areas[a];
			put_u32(w, ar->kind);
			if (ar->kind == AREA_PV) {
				put_u32(w, ar->pv->index);
				put_u64(w, ar->pe);
			} else {
				put_str(w, ar->lv_name);
				put_u64(w, ar->le);
			}
		}
	}
	return true;
}

bool vg_image_possible(const struct vg *vg)
{
	if (vg->historical || vg->n_extra || vg->has_snapshots)
		return false;
	for (unsigned i = 0; i < vg->n_pvs; i++)
		if (vg->pvs[i]->n_extra)
			return false;
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l];
		if (lv->n_extra)
			return false;
		for (unsigned s = 0; s < lv->n_segs; s++)
			if (!seg_has_flag(&lv->segs[s], SEGTYPE_IMAGE))
				return false;
	}
	return true;
}

bool lv_image_same(const struct lv *lv)
{
	if (!lv->cached)
		return false;
	struct wr w;
	w.sb = NULL;
	w.cmp = lv->cached->img;
	w.cmp_len = lv->cached->img_len;
	w.pos = w.n = 0;
	w.diff = false;
	if (!put_lv(&w, lv))
		return false;
	flush(&w);
	return !w.diff && w.pos == w.cmp_len;
}

static const char *image_copy(const void *arg, unsigned place, const struct lv *lv, size_t *len)
{
	if (!lv->cached || !lv->cached->src || !lv_image_same(lv))
		return NULL;
	*len = lv->cached->src_len;
	return lv->cached->src;
}

const struct lv_copier vg_image_copier = {image_copy, NULL};

/* The image's header, the VG's fields and its PVs. */
static void put_head(struct wr *w, const struct vg *vg, uint64_t tail_off)
{
	put_u32(w, IMG_MAGIC);
	put_u32(w, IMG_VERSION);
	put_u64(w, tail_off);
	put_str(w, vg->name);
	put(w, vg->id, ID_LEN);
	put_u64(w, vg->seqno);
	put_flags(w, &vg->flags);
	put_strs(w, vg->tags.v, vg->tags.n);
	put_str(w, vg->system_id);
	put_str(w, vg->lock_type);
	put_str(w, vg->lock_args);
	put_str(w, vg->alloc);
	put_str(w, vg->profile);
	put_u32(w, vg->extent_size);
	put_u64(w, vg->max_lv);
	put_u64(w, vg->max_pv);
	put_u64(w, vg->metadata_copies);
	put_u32(w, vg->n_pvs);
	for (unsigned i = 0; i < vg->n_pvs; i++) {
		const struct pv *pv = vg->pvs[i];
		char key[16];
		snprintf(key, sizeof(key), "pv%u", i);	/* the key the export gave it */
		put(w, pv->id, ID_LEN);
		put_str(w, key);
		/* the hint the export writes ("[unknown]" for a PV missing
		 * at read time, metadata/export.c) */
		put_str(w, !pv->sd && ((pv->flags.status | pv->flags.compat) & PV_MISSING) ? "[unknown]" : pv->hint);
		put_flags(w, &pv->flags);
		put_strs(w, pv->tags.v, pv->tags.n);
		put_u64(w, pv->dev_size);
		put_u64(w, pv->pe_start);
		put_u64(w, pv->pe_count);
		put_u64(w, pv->ba_start);
		put_u64(w, pv->ba_size);
		put_str(w, pv->device_id_type);
		put_str(w, pv->device_id);
	}
}

int vg_image_build(const struct vg *vg, const struct export_ranges *r, struct strbuf *out)
{
	struct wr *w = xmalloc(sizeof(*w));
	int rc = -EINVAL;

	w->sb = out;
	w->n = 0;
	if (!vg_image_possible(vg) || (r && r->n != vg->n_lvs))
		goto out;
	put_head(w, vg, r ? r->tail_off : 0);
	put_u32(w, vg->n_lvs);
	flush(w);
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		/* in the text's order when the ranges say it (the order an
		 * import of that text gives) */
		const struct lv *lv = r ? r->lv[l].lv : vg->lvs[l];
		struct {
			uint32_t rec_len;
			uint64_t off, len;
		} __attribute__((packed)) hd = {0, r ? r->lv[l].off : 0, r ? r->lv[l].len : 0};
		size_t at = out->len;
		sb_add(out, &hd, sizeof(hd));
		size_t rec = out->len;
		if (r && r->lv[l].same && lv->cached)	/* copied: it matches its record */
			sb_add(out, lv->cached->img, lv->cached->img_len);
		else if (!put_lv(w, lv))
			goto out;
		flush(w);
		uint32_t n = (uint32_t)(out->len - rec);
		memcpy(out->buf + at, &n, sizeof(n));
	}
	rc = 0;
out:
	free(w);
	return rc;
}

/* Compare mode: w compares with what sb holds. */
static void wr_cmp(struct wr *w, const struct strbuf *sb)
{
	w->sb = NULL;
	w->cmp = (const unsigned char *)sb->buf;
	w->cmp_len = sb->len;
	w->pos = w->n = 0;
	w->diff = false;
}

static bool wr_same(struct wr *w)
{
	flush(w);
	return !w->diff && w->pos == w->cmp_len;
}

int vg_image_diff(const struct vg *a, const struct lv *const *a_lvs, const struct vg *b, char *err,
		  size_t errlen)
{
	struct wr *w = xmalloc(sizeof(*w));
	struct strbuf sb;
	int rc = -EINVAL;

	sb_init(&sb);
	if (!vg_image_possible(b)) {
		err_printf(err, errlen, "it reads back with unknown fields, segment types or historical LVs");
		goto out;
	}
	w->sb = &sb;
	w->n = 0;
	put_head(w, a, 0);
	flush(w);
	wr_cmp(w, &sb);
	put_head(w, b, 0);
	if (!wr_same(w)) {
		err_printf(err, errlen, "the VG's fields or its PVs differ");
		goto out;
	}
	if (a->n_lvs != b->n_lvs) {
		err_printf(err, errlen, "%u LVs, not %u", b->n_lvs, a->n_lvs);
		goto out;
	}
	for (unsigned l = 0; l < a->n_lvs; l++) {
		sb.len = 0;
		w->sb = &sb;
		w->n = 0;
		if (!put_lv(w, a_lvs[l]))
			goto out;	/* not vg_image_possible: the caller's error */
		flush(w);
		wr_cmp(w, &sb);
		if (!put_lv(w, b->lvs[l]) || !wr_same(w)) {
			if (strcmp(a_lvs[l]->name, b->lvs[l]->name))
				err_printf(err, errlen, "LV %s reads back as LV %s", a_lvs[l]->name, b->lvs[l]->name);
			else
				err_printf(err, errlen, "LV %s reads back with other fields", a_lvs[l]->name);
			goto out;
		}
	}
	rc = 0;
out:
	sb_free(&sb);
	free(w);
	return rc;
}

/* ---- loading ---- */

struct rd {
	const unsigned char *p, *end;
	bool bad;
};

static bool get(struct rd *r, void *out, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = true;
		memset(out, 0, n);
		return false;
	}
	memcpy(out, r->p, n);
	r->p += n;
	return true;
}
static uint32_t get_u32(struct rd *r)
{
	uint32_t v;
	get(r, &v, sizeof(v));
	return v;
}
static uint64_t get_u64(struct rd *r)
{
	uint64_t v;
	get(r, &v, sizeof(v));
	return v;
}
static const char *get_str(struct rd *r)
{
	uint32_t n = get_u32(r);
	if (r->bad || n == NO_STR)
		return NULL;
	if ((size_t)(r->end - r->p) <= n || r->p[n] || memchr(r->p, 0, n)) {
		r->bad = true;
		return NULL;
	}
	const char *s = (const char *)r->p;
	r->p += (size_t)n + 1;
	return s;
}
/* A count of items of at least min bytes each: no more than the image
 * can hold, so a bad count cannot ask for a huge allocation. */
static unsigned get_count(struct rd *r, size_t min)
{
	uint32_t n = get_u32(r);
	if (!r->bad && n > (size_t)(r->end - r->p) / min)
		r->bad = true;
	return r->bad ? 0 : n;
}
static void get_strs(struct rd *r, struct arena *a, const char ***v, unsigned *n)
{
	*n = get_count(r, 4);
	*v = NULL;
	if (!*n)
		return;
	*v = arena_alloc(a, *n * sizeof(**v));
	for (unsigned i = 0; i < *n; i++)
		if (!((*v)[i] = get_str(r)))
			r->bad = true;
}
static void get_flags(struct rd *r, struct arena *a, struct flagset *f)
{
	f->status = get_u32(r);
	f->compat = get_u32(r);
	get_strs(r, a, &f->other_status, &f->n_other_status);
	get_strs(r, a, &f->other_compat, &f->n_other_compat);
}
static void get_id(struct rd *r, char id[ID_LEN + 1])
{
	get(r, id, ID_LEN);
	id[ID_LEN] = '\0';
	if (strlen(id) != ID_LEN)
		r->bad = true;
}

static bool load_lv(struct rd *r, struct arena *a, struct vg *vg, struct lv *lv)
{
	if (!(lv->name = get_str(r)))
		return false;
	get_id(r, lv->id);
	get_flags(r, a, &lv->flags);
	get_strs(r, a, &lv->tags.v, &lv->tags.n);
	lv->creation_time = get_u64(r);
	lv->creation_host = get_str(r);
	lv->lock_args = get_str(r);
	lv->alloc = get_str(r);
	lv->profile = get_str(r);
	lv->read_ahead = (int64_t)get_u64(r);
	lv->major = (int64_t)get_u64(r);
	lv->minor = (int64_t)get_u64(r);
	lv->n_segs = get_count(r, 40);
	if (r->bad || !lv->n_segs)
		return false;
	lv->segs = arena_alloc(a, lv->n_segs * sizeof(*lv->segs));
	for (unsigned s = 0; s < lv->n_segs && !r->bad; s++) {
		struct lv_seg *seg = &lv->segs[s];
		seg->start_extent = get_u64(r);
		seg->extent_count = get_u64(r);
		const char *type = get_str(r);
		const struct segtype *st = type ? segtype_find(type) : NULL;
		if (!st || !(st->flags & SEGTYPE_IMAGE))
			return false;
		seg_set_segtype(seg, st);
		get_strs(r, a, &seg->tags.v, &seg->tags.n);
		seg->stripe_count = get_u32(r);
		seg->stripe_size = get_u32(r);
		seg->n_areas = get_count(r, 12);
		if (r->bad)
			return false;
		if (seg->n_areas)
			seg->areas = arena_alloc(a, seg->n_areas * sizeof(*seg->areas));
		for (unsigned k = 0; k < seg->n_areas && !r->bad; k++) {
			struct seg_area *ar = &seg->areas[k];
			uint32_t kind = get_u32(r);
			if (kind == AREA_PV) {
				uint32_t i = get_u32(r);
				if (i >= vg->n_pvs)
					return false;
				ar->kind = AREA_PV;
				ar->pv = vg->pvs[i];
				ar->pe = get_u64(r);
			} else if (kind == AREA_LV) {
				ar->kind = AREA_LV;
				if (!(ar->lv_name = get_str(r)))
					return false;
				ar->le = get_u64(r);
			} else
				return false;
		}
	}
	return !r->bad;
}

int vg_image_load(struct arena *a, const void *img, size_t len, const char *text, size_t text_len,
		  uint64_t *tail_off, struct vg **out)
{
	struct rd r = {img, (const unsigned char *)img + len, false};
	struct vg *vg = arena_alloc(a, sizeof(*vg));

	if (get_u32(&r) != IMG_MAGIC || get_u32(&r) != IMG_VERSION)
		return -EINVAL;
	*tail_off = get_u64(&r);
	vg->arena = a;
	vg->name = get_str(&r);
	get_id(&r, vg->id);
	vg->seqno = get_u64(&r);
	get_flags(&r, a, &vg->flags);
	get_strs(&r, a, &vg->tags.v, &vg->tags.n);
	vg->system_id = get_str(&r);
	vg->lock_type = get_str(&r);
	vg->lock_args = get_str(&r);
	vg->alloc = get_str(&r);
	vg->profile = get_str(&r);
	vg->extent_size = get_u32(&r);
	vg->max_lv = get_u64(&r);
	vg->max_pv = get_u64(&r);
	vg->metadata_copies = get_u64(&r);
	unsigned n_pvs = get_count(&r, 100);
	if (r.bad || !vg->name || !vg->extent_size || *tail_off > text_len || n_pvs > VG_MAX_PVS)
		return -EINVAL;
	for (unsigned i = 0; i < n_pvs && !r.bad; i++) {
		struct pv *pv = arena_alloc(a, sizeof(*pv));
		get_id(&r, pv->id);
		pv->key = get_str(&r);
		pv->hint = get_str(&r);
		get_flags(&r, a, &pv->flags);
		get_strs(&r, a, &pv->tags.v, &pv->tags.n);
		pv->dev_size = get_u64(&r);
		pv->pe_start = get_u64(&r);
		pv->pe_count = get_u64(&r);
		pv->ba_start = get_u64(&r);
		pv->ba_size = get_u64(&r);
		pv->device_id_type = get_str(&r);
		pv->device_id = get_str(&r);
		if (!pv->key)
			return -EINVAL;
		vg_add_pv(vg, pv);
	}
	unsigned n_lvs = get_count(&r, 24);
	if (r.bad || n_lvs > VG_MAX_LVS)
		return -EINVAL;
	vg->lvs = arena_alloc(a, (n_lvs ? n_lvs : 1) * sizeof(*vg->lvs));
	vg->cap_lvs = n_lvs;
	for (unsigned l = 0; l < n_lvs; l++) {
		uint32_t rec_len = get_u32(&r);
		uint64_t off = get_u64(&r), slen = get_u64(&r);
		if (r.bad || rec_len > (size_t)(r.end - r.p) || off > text_len || slen > text_len - off ||
		    slen > UINT32_MAX)
			return -EINVAL;
		struct lv *lv = arena_alloc(a, sizeof(*lv));
		struct rd lr = {r.p, r.p + rec_len, false};
		if (!load_lv(&lr, a, vg, lv) || lr.p != lr.end)
			return -EINVAL;
		struct lv_cached *lc = arena_alloc(a, sizeof(*lc));
		lc->img = r.p;
		lc->img_len = rec_len;
		lc->src = slen ? text + off : NULL;
		lc->src_len = (uint32_t)slen;
		lv->cached = lc;
		r.p += rec_len;
		vg->lvs[vg->n_lvs++] = lv;
	}
	if (r.p != r.end)
		return -EINVAL;
	vg_account(vg);
	*out = vg;
	return 0;
}
