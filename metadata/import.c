/* Metadata text -> struct vg, validating everything: the text may come from
 * a stranger's disk with valid checksums and any content. Every error names
 * the object and the cause; nothing here trusts a count or a size it read. */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lvmgr/base/crc.h"
#include "metadata/segtypes/thin.h"
#include "metadata/vg.h"
#include "metadata/segtypes/snapshot.h"

struct pvkey;
struct imp {
	struct arena *a;
	struct vg *vg;
	char *err;
	size_t errlen;
	const struct pvkey *keys;	/* the VG's PV keys, sorted (set once all PVs are read) */
};

#define FAIL(im, ...)                                                                              \
	do {                                                                                       \
		snprintf((im)->err, (im)->errlen, __VA_ARGS__);                                    \
		return -EINVAL;                                                                    \
	} while (0)

/* Error-message prefixes ("LV lv0 segment1") are built for every object:
 * appends with snprintf's truncation, without its cost. */
struct wbuf {
	char *b;
	size_t size, len;
};

static void w_init(struct wbuf *w, char *b, size_t size)
{
	w->b = b;
	w->size = size;
	w->len = 0;
	b[0] = '\0';
}

/* n bytes of s */
static void w_add(struct wbuf *w, const char *s, size_t n)
{
	if (n > w->size - 1 - w->len)
		n = w->size - 1 - w->len;
	memcpy(w->b + w->len, s, n);
	w->len += n;
	w->b[w->len] = '\0';
}

static void w_adds(struct wbuf *w, const char *s)
{
	w_add(w, s, strlen(s));
}

static void w_add_u(struct wbuf *w, unsigned v)
{
	char tmp[16];
	size_t n = 0;
	do {
		tmp[sizeof(tmp) - ++n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	w_add(w, tmp + sizeof(tmp) - n, n);
}

static const struct cft_node *child(const struct cft_node *sec, const char *key)
{
	/* First bytes first: most children differ there (one call per LV field). */
	for (const struct cft_node *n = sec->child; n; n = n->next)
		if (n->key[0] == key[0] && !strcmp(n->key, key))
			return n;
	return NULL;
}

/* Integer field in [min, max]; absent -> -ENOENT unless required. */
static int get_u64(struct imp *im, const struct cft_node *sec, const char *what, const char *key,
		   bool required, uint64_t min, uint64_t max, uint64_t *out)
{
	const struct cft_node *n = child(sec, key);
	if (!n) {
		if (required)
			FAIL(im, "%s: %s is missing", what, key);
		return -ENOENT;
	}
	if (n->is_section || !n->v || n->v->type != CFT_INT)
		FAIL(im, "%s: %s is not an integer", what, key);
	if (n->v->i < 0 || (uint64_t)n->v->i < min || (uint64_t)n->v->i > max)
		FAIL(im, "%s: %s = %" PRId64 " is out of range (%" PRIu64 "..%" PRIu64 ")", what, key,
		     n->v->i, min, max);
	*out = (uint64_t)n->v->i;
	return 0;
}

static int get_str(struct imp *im, const struct cft_node *sec, const char *what, const char *key,
		   bool required, const char **out)
{
	const struct cft_node *n = child(sec, key);
	if (!n) {
		if (required)
			FAIL(im, "%s: %s is missing", what, key);
		return -ENOENT;
	}
	if (n->is_section || !n->v || n->v->type != CFT_STRING)
		FAIL(im, "%s: %s is not a string", what, key);
	*out = n->v->s;
	return 0;
}

static int get_id(struct imp *im, const struct cft_node *sec, const char *what, char out[ID_LEN + 1])
{
	const char *s;
	int r = get_str(im, sec, what, "id", true, &s);
	if (r)
		return r;
	if (id_parse(s, out))
		FAIL(im, "%s: id \"%.64s\" is not a valid uuid", what, s);
	return 0;
}

static int get_tags(struct imp *im, const struct cft_node *sec, const char *what, struct strlist *out)
{
	const struct cft_node *n = child(sec, "tags");
	const struct cft_value *v;
	unsigned i = 0;

	out->n = 0;
	out->v = NULL;
	if (!n)
		return 0;
	if (n->is_section || !n->v || n->v->type != CFT_ARRAY)
		FAIL(im, "%s: tags is not a list", what);
	out->v = arena_alloc(im->a, (n->v->n_items + 1) * sizeof(*out->v));
	for (v = n->v->items; v; v = v->next) {
		if (v->type != CFT_STRING)
			FAIL(im, "%s: tags holds a non-string", what);
		out->v[i++] = v->s;
	}
	out->n = i;
	return 0;
}

static int get_flags(struct imp *im, const struct cft_node *sec, const char *what,
		     enum flag_kind kind, struct flagset *out)
{
	const struct cft_node *st = child(sec, "status"), *fl = child(sec, "flags");
	char e[160];
	if (!st)
		FAIL(im, "%s: status is missing", what);
	if (st->is_section || (fl && fl->is_section))
		FAIL(im, "%s: status/flags must be lists", what);
	if (flags_import(im->a, kind, st->v, fl ? fl->v : NULL, out, e, sizeof(e)))
		FAIL(im, "%s: %s", what, e);
	return 0;
}

/* Fields not in known[] are kept to be written back unchanged. */
static void keep_extra(struct imp *im, const struct cft_node *sec, const char *const *known,
		       const struct cft_node ***extra, unsigned *n_extra)
{
	unsigned n = 0, cap = 0;
	const struct cft_node **v = NULL;
	for (const struct cft_node *c = sec->child; c; c = c->next) {
		bool k = false;
		for (const char *const *p = known; *p && !k; p++)
			k = (*p)[0] == c->key[0] && !strcmp(*p, c->key);
		if (k)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 4;
			const struct cft_node **nv = arena_alloc(im->a, cap * sizeof(*nv));
			if (n)
				memcpy(nv, v, n * sizeof(*nv));
			v = nv;
		}
		v[n++] = c;
	}
	*extra = v;
	*n_extra = n;
}

/* PV keys ("pv0") -> struct pv, sorted for O(log n) lookups. */
struct pvkey {
	const char *key;
	struct pv *pv;
};
static int pvkey_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pvkey *)a)->key, ((const struct pvkey *)b)->key);
}
static struct pv *find_pvkey(const struct pvkey *keys, unsigned n, const char *key)
{
	struct pvkey k = {key, NULL}, *r = bsearch(&k, keys, n, sizeof(k), pvkey_cmp);
	return r ? r->pv : NULL;
}

static const char *const pv_known[] = {"id", "device", "status", "flags", "tags", "dev_size",
				       "pe_start", "pe_count", "ba_start", "ba_size",
				       "device_id_type", "device_id", NULL};

static int import_pv(struct imp *im, const struct cft_node *sec)
{
	struct pv *pv = arena_alloc(im->a, sizeof(*pv));
	char what[NAME_LEN + 64];
	int r;

	snprintf(what, sizeof(what), "PV %.40s", sec->key);
	if (!sec->is_section)
		FAIL(im, "%s is not a section", what);
	pv->key = sec->key;
	if ((r = get_id(im, sec, what, pv->id)))
		return r;
	if ((r = get_str(im, sec, what, "device", false, &pv->hint)) && r != -ENOENT)
		return r;
	if ((r = get_flags(im, sec, what, FLAGS_PV, &pv->flags)) ||
	    (r = get_tags(im, sec, what, &pv->tags)))
		return r;
	/* Sizes in sectors: bounded so that byte offsets never overflow u64. */
	const uint64_t max_sectors = UINT64_MAX >> 10;
	if ((r = get_u64(im, sec, what, "dev_size", true, 0, max_sectors, &pv->dev_size)) ||
	    (r = get_u64(im, sec, what, "pe_start", true, 0, max_sectors, &pv->pe_start)) ||
	    (r = get_u64(im, sec, what, "pe_count", true, 0, UINT32_MAX, &pv->pe_count)))
		return r;
	if ((r = get_u64(im, sec, what, "ba_start", false, 0, max_sectors, &pv->ba_start)) &&
	    r != -ENOENT)
		return r;
	if ((r = get_u64(im, sec, what, "ba_size", false, 0, max_sectors, &pv->ba_size)) &&
	    r != -ENOENT)
		return r;
	if ((r = get_str(im, sec, what, "device_id_type", false, &pv->device_id_type)) && r != -ENOENT)
		return r;
	if ((r = get_str(im, sec, what, "device_id", false, &pv->device_id)) && r != -ENOENT)
		return r;
	/* The extents must lie on the device. */
	if (pv->pe_count && pv->dev_size &&
	    pv->pe_start + pv->pe_count * (uint64_t)im->vg->extent_size > pv->dev_size)
		FAIL(im, "%s: %" PRIu64 " extents of %u sectors from sector %" PRIu64
			 " do not fit in its %" PRIu64 " sectors",
		     what, pv->pe_count, im->vg->extent_size, pv->pe_start, pv->dev_size);
	if (vg_find_pv_by_id(im->vg, pv->id))
		FAIL(im, "%s: id %s is listed twice", what, pv->id);
	keep_extra(im, sec, pv_known, &pv->extra, &pv->n_extra);
	vg_add_pv(im->vg, pv);
	return 0;
}

/* ---- for the segment type descriptors (metadata/segtypes/segtype.h) ---- */

/* A segment section being read: the import, and what its messages name. */
struct seg_text_in {
	struct imp *im;
	const char *what;
};

const char *seg_in_what(const struct seg_text_in *in)
{
	return in->what;
}

void *seg_in_alloc(struct seg_text_in *in, size_t size)
{
	return arena_alloc(in->im->a, size);
}

int seg_in_fail(struct seg_text_in *in, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(in->im->err, in->im->errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

const struct cft_node *seg_in_field(const struct cft_node *sec, const char *key)
{
	return child(sec, key);
}

int seg_in_u64(struct seg_text_in *in, const struct cft_node *sec, const char *key, bool required,
	       uint64_t min, uint64_t max, uint64_t *out)
{
	return get_u64(in->im, sec, in->what, key, required, min, max, out);
}

struct pv *seg_in_pv(struct seg_text_in *in, const char *key)
{
	return find_pvkey(in->im->keys, in->im->vg->n_pvs, key);
}

bool seg_pv_key_shape(const char *s)
{
	if (strncmp(s, "pv", 2) || !s[2])
		return false;
	for (s += 2; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* The fields every segment has; the rest is its descriptor's. */
static int import_segment(struct imp *im, struct lv *lv, const struct cft_node *sec,
			  struct lv_seg *seg, uint64_t expect_start)
{
	char what[2 * NAME_LEN + 64];
	const char *type = segtype_striped.name;	/* LVM2's default */
	int r;

	struct wbuf w;
	w_init(&w, what, sizeof(what));
	w_adds(&w, "LV ");
	w_adds(&w, lv->name);
	w_adds(&w, " ");
	w_add(&w, sec->key, strnlen(sec->key, 40));	/* %.40s */
	if (!sec->is_section)
		FAIL(im, "%s is not a section", what);
	if ((r = get_u64(im, sec, what, "start_extent", true, 0, UINT32_MAX, &seg->start_extent)) ||
	    (r = get_u64(im, sec, what, "extent_count", true, 1, UINT32_MAX, &seg->extent_count)))
		return r;
	if (seg->start_extent != expect_start)
		FAIL(im, "%s: start_extent %" PRIu64 " but the previous segments end at %" PRIu64, what,
		     seg->start_extent, expect_start);
	if ((r = get_str(im, sec, what, "type", false, &type)) && r != -ENOENT)
		return r;
	const struct segtype *st = segtype_for_text(type);
	seg_set_segtype(seg, st);
	if (st->flags & SEGTYPE_VERBATIM)
		seg->type = type;	/* the name it was read with */
	if (st->flags & SEGTYPE_SNAPSHOT)
		im->vg->has_snapshots = true;
	if ((r = get_tags(im, sec, what, &seg->tags)))
		return r;
	seg->node = sec;
	struct seg_text_in in = {im, what};
	return st->text_import ? st->text_import(&in, sec, seg) : 0;
}

static const char *const lv_known[] = {"id", "status", "flags", "tags", "creation_time",
				       "creation_host", "lock_args", "allocation_policy", "profile",
				       "read_ahead", "major", "minor", "segment_count", NULL};

static int import_lv(struct imp *im, const struct cft_node *sec)
{
	struct lv *lv = arena_alloc(im->a, sizeof(*lv));
	char what[NAME_LEN + 16], e[256];
	uint64_t nsegs, u;
	int r;

	if (name_check(sec->key, "LV", e, sizeof(e)))
		FAIL(im, "%s", e);
	lv->name = sec->key;
	struct wbuf w;
	w_init(&w, what, sizeof(what));
	w_adds(&w, "LV ");
	w_adds(&w, lv->name);
	if (!sec->is_section)
		FAIL(im, "%s is not a section", what);
	if ((r = get_id(im, sec, what, lv->id)) ||
	    (r = get_flags(im, sec, what, FLAGS_LV, &lv->flags)) ||
	    (r = get_tags(im, sec, what, &lv->tags)))
		return r;
	const struct cft_node *ct = child(sec, "creation_time");
	if (ct && !ct->is_section && ct->v && ct->v->type == CFT_INT && (ct->v->repaired || ct->v->i < 0)) {
		/* LVM2 reads a negative one as uint64 and its own re-parse
		 * of what it writes then substitutes 2018-05-24 */
		lv->creation_time = 1527120000;
		lv->ctime_repaired = true;
	} else if ((r = get_u64(im, sec, what, "creation_time", false, 0, INT64_MAX, &lv->creation_time)) &&
		   r != -ENOENT)
		return r;
	if ((r = get_str(im, sec, what, "creation_host", false, &lv->creation_host)) && r != -ENOENT)
		return r;
	if ((r = get_str(im, sec, what, "lock_args", false, &lv->lock_args)) && r != -ENOENT)
		return r;
	if ((r = get_str(im, sec, what, "allocation_policy", false, &lv->alloc)) && r != -ENOENT)
		return r;
	if ((r = get_str(im, sec, what, "profile", false, &lv->profile)) && r != -ENOENT)
		return r;
	lv->read_ahead = -2;
	const struct cft_node *ra = child(sec, "read_ahead");
	if (ra) {
		if (ra->is_section || !ra->v || ra->v->type != CFT_INT || ra->v->i < -1 ||
		    ra->v->i > UINT32_MAX)
			FAIL(im, "%s: read_ahead is not a valid number", what);
		lv->read_ahead = ra->v->i;
	}
	lv->major = lv->minor = -1;
	if (!(r = get_u64(im, sec, what, "major", false, 0, 4095, &u)))
		lv->major = (int64_t)u;
	else if (r != -ENOENT)
		return r;
	if (!(r = get_u64(im, sec, what, "minor", false, 0, 1048575, &u)))
		lv->minor = (int64_t)u;
	else if (r != -ENOENT)
		return r;
	if ((r = get_u64(im, sec, what, "segment_count", true, 1, LV_MAX_SEGS, &nsegs)))
		return r;
	/* Segments are "segment1".."segmentN"; count them instead of trusting
	 * segment_count before allocating. */
	unsigned found = 0;
	for (const struct cft_node *c = sec->child; c; c = c->next)
		if (c->is_section && !strncmp(c->key, "segment", 7))
			found++;
	if (found != nsegs)
		FAIL(im, "%s: segment_count is %" PRIu64 " but %u segment sections exist", what, nsegs,
		     found);
	lv->segs = arena_alloc(im->a, found * sizeof(*lv->segs));
	uint64_t next = 0;
	for (const struct cft_node *c = sec->child; c; c = c->next) {
		if (!c->is_section || strncmp(c->key, "segment", 7))
			continue;
		char expect[32];
		struct wbuf we;
		w_init(&we, expect, sizeof(expect));
		w_adds(&we, "segment");
		w_add_u(&we, lv->n_segs + 1);
		if (strcmp(c->key, expect))
			FAIL(im, "%s: section %.40s found where %s was expected", what, c->key, expect);
		struct lv_seg *seg = &lv->segs[lv->n_segs];
		if ((r = import_segment(im, lv, c, seg, next)))
			return r;
		next += seg->extent_count;
		if (next > UINT32_MAX)
			FAIL(im, "%s: more than %u extents", what, UINT32_MAX);
		lv->n_segs++;
	}
	keep_extra(im, sec, lv_known, &lv->extra, &lv->n_extra);
	/* segmentN sections are known too: drop them from extra. */
	unsigned k = 0;
	for (unsigned i = 0; i < lv->n_extra; i++)
		if (!(lv->extra[i]->is_section && !strncmp(lv->extra[i]->key, "segment", 7)))
			lv->extra[k++] = lv->extra[i];
	lv->n_extra = k;
	if (im->vg->n_lvs == im->vg->cap_lvs) {
		unsigned cap = im->vg->cap_lvs ? im->vg->cap_lvs * 2 : 16;
		struct lv **nl = arena_alloc(im->a, cap * sizeof(*nl));
		if (im->vg->n_lvs)
			memcpy(nl, im->vg->lvs, im->vg->n_lvs * sizeof(*nl));
		im->vg->lvs = nl;
		im->vg->cap_lvs = cap;
	}
	im->vg->lvs[im->vg->n_lvs++] = lv;
	return 0;
}

/* Every PV extent is used at most once and lies inside its PV. */
struct extent_use {
	const struct pv *pv;
	uint64_t start, len;
	const struct lv *lv;
	uint64_t key;	/* PV index, start: the order (when both fit 32 bits) */
};
static int use_cmp(const void *a, const void *b)
{
	const struct extent_use *x = a, *y = b;
	if (x->pv->index != y->pv->index)
		return x->pv->index < y->pv->index ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

static int check_extents(struct imp *im)
{
	struct vg *vg = im->vg;
	size_t n = 0, cap = 0;
	struct extent_use *u = NULL;
	bool wide = false;
	int r = 0;

	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l];
		for (unsigned s = 0; s < lv->n_segs; s++) {
			const struct lv_seg *seg = &lv->segs[s];
			uint64_t len = seg_area_extents(seg);
			for (unsigned a = 0; a < seg->n_areas; a++) {
				const struct seg_area *ar = &seg->areas[a];
				if (ar->kind != AREA_PV)
					continue;
				if (ar->pe + len > ar->pv->pe_count) {
					free(u);
					FAIL(im, "LV %s segment%u: extents %" PRIu64 "-%" PRIu64
						 " lie beyond the %" PRIu64 " extents of PV %s",
					     lv->name, s + 1, ar->pe, ar->pe + len - 1, ar->pv->pe_count,
					     ar->pv->key);
				}
				if (n == cap) {
					cap = cap ? cap * 2 : 64;
					struct extent_use *nu = realloc(u, cap * sizeof(*u));
					if (!nu) {
						free(u);
						FAIL(im, "out of memory");
					}
					u = nu;
				}
				if (ar->pe > UINT32_MAX)
					wide = true;
				u[n++] = (struct extent_use){ar->pv, ar->pe, len, lv,
							     (uint64_t)ar->pv->index << 32 | (ar->pe & UINT32_MAX)};
			}
		}
	}
	if (wide)
		qsort(u, n, sizeof(*u), use_cmp);
	else
		sort_by_u64(u, n, sizeof(*u), offsetof(struct extent_use, key));
	for (size_t i = 1; i < n; i++)
		if (u[i].pv == u[i - 1].pv && u[i - 1].start + u[i - 1].len > u[i].start) {
			snprintf(im->err, im->errlen,
				 "PV %s extent %" PRIu64 " is used by both LV %s and LV %s", u[i].pv->key,
				 u[i].start, u[i - 1].lv->name, u[i].lv->name);
			r = -EINVAL;
			break;
		}
	free(u);
	return r;
}

/* Known segments that stack on LVs: the names must resolve, and the
 * stacking must not loop (a cycle would hang activation or reports). The
 * names go into a hash table (open addressing, seeded per process so that
 * names made to collide cannot make it quadratic): a duplicate is found on
 * insert, a stacked name by lookup; index = position in vg->lvs. */
struct lv_names {
	const struct vg *vg;
	unsigned *slot, mask;
	uint64_t seed;
};

/* Made once per process; VGs are checked from several threads (the
 * archive job imports while the command validates). */
static uint64_t seed_value;
static pthread_once_t seed_once = PTHREAD_ONCE_INIT;

static void seed_make(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	seed_value = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ (uint64_t)getpid() ^
		     (uint64_t)(uintptr_t)&seed_value;
	seed_value |= 1;
}

static uint64_t names_seed(void)
{
	pthread_once(&seed_once, seed_make);
	return seed_value;
}

/* The slot of name: where it is, or the empty one where it would go. */
static unsigned names_slot(const struct lv_names *t, const char *name)
{
	unsigned h = (unsigned)hash64(name, strlen(name), t->seed) & t->mask;
	while (t->slot[h] != UINT_MAX && strcmp(t->vg->lvs[t->slot[h]]->name, name))
		h = (h + 1) & t->mask;
	return h;
}

static struct lv *names_find(const struct lv_names *t, const char *name)
{
	unsigned i = t->slot[names_slot(t, name)];
	return i == UINT_MAX ? NULL : t->vg->lvs[i];
}

static int check_lv_graph(struct imp *im)
{
	struct vg *vg = im->vg;
	unsigned n = vg->n_lvs, cap = 16;
	struct lv_names names = {.vg = vg, .seed = names_seed()};
	unsigned char *color;	/* 0 new, 1 on stack, 2 done */
	unsigned *stack, *pos, *segi;
	int r = 0;

	if (!n)
		return 0;
	while (cap < 2 * n)
		cap <<= 1;
	names.mask = cap - 1;
	names.slot = malloc(cap * sizeof(*names.slot));
	color = calloc(n, 1);
	stack = malloc(n * sizeof(*stack));
	pos = calloc(n, sizeof(*pos));
	segi = calloc(n, sizeof(*segi));
	if (!names.slot || !color || !stack || !pos || !segi) {
		r = -ENOMEM;
		snprintf(im->err, im->errlen, "out of memory");
		goto out;
	}
	memset(names.slot, 0xff, cap * sizeof(*names.slot));
	bool stacked = false;
	for (unsigned i = 0; i < n; i++) {
		struct lv *lv = vg->lvs[i];
		unsigned h = names_slot(&names, lv->name);
		if (names.slot[h] != UINT_MAX) {
			snprintf(im->err, im->errlen, "LV %s is listed twice", lv->name);
			r = -EINVAL;
			goto out;
		}
		names.slot[h] = i;
		lv->scratch = i;
		for (unsigned s = 0; s < lv->n_segs && !stacked; s++)
			for (unsigned a = 0; a < lv->segs[s].n_areas && !stacked; a++)
				stacked = lv->segs[s].areas[a].kind == AREA_LV;
	}
	/* Iterative DFS over "segment area -> LV" edges (none: nothing to walk). */
	for (unsigned root = 0; root < n && !r && stacked; root++) {
		unsigned sp = 0;
		if (color[root])
			continue;
		stack[sp++] = root;
		color[root] = 1;
		while (sp && !r) {
			unsigned cur = stack[sp - 1];
			struct lv *lv = vg->lvs[cur];
			/* Resume where this LV's walk stopped: (segment, area). */
			struct lv *next = NULL;
			while (!next && segi[cur] < lv->n_segs) {
				struct lv_seg *seg = &lv->segs[segi[cur]];
				if (pos[cur] >= seg->n_areas) {
					segi[cur]++;
					pos[cur] = 0;
					continue;
				}
				struct seg_area *ar = &seg->areas[pos[cur]++];
				if (ar->kind != AREA_LV)
					continue;
				next = names_find(&names, ar->lv_name);
				if (!next) {
					snprintf(im->err, im->errlen,
						 "LV %s segment%u: stripe %u names \"%.64s\", which is neither a PV nor an LV of VG %s",
						 lv->name, segi[cur] + 1, pos[cur] - 1, ar->lv_name, vg->name);
					r = -EINVAL;
					break;
				}
			}
			if (r)
				break;
			if (!next) {
				color[cur] = 2;
				sp--;
				continue;
			}
			unsigned ni = next->scratch;
			if (color[ni] == 1) {
				snprintf(im->err, im->errlen, "LV %s and LV %s use each other (a cycle)",
					 lv->name, next->name);
				r = -EINVAL;
			} else if (!color[ni]) {
				color[ni] = 1;
				stack[sp++] = ni;
			}
		}
	}
out:
	free(names.slot);
	free(color);
	free(stack);
	free(pos);
	free(segi);
	return r;
}

/* The LV sections, in order. Many are imported in two halves at once: the
 * second by another thread into a shadow of the VG (its own arena, LV list
 * and message buffer), appended after the first half. The first error in
 * section order is the one reported, as in one pass. */
unsigned vg_import_split_lvs = 2000;	/* see cft_split_min */

struct lv_half {
	struct imp im;
	struct vg shadow;
	struct arena a;
	const struct cft_node *from;
	char err[512];
	int rc;
};

static void *import_lv_half(void *arg)
{
	struct lv_half *h = arg;
	for (const struct cft_node *n = h->from; n && !h->rc; n = n->next)
		h->rc = import_lv(&h->im, n);
	return NULL;
}

static int import_lvs(struct imp *im, const struct cft_node *lvs, const char *what)
{
	struct vg *vg = im->vg;
	const struct cft_node *n, *mid = NULL;
	unsigned count = 0;
	int r;

	for (n = lvs->child; n; n = n->next)
		count++;
	if (count >= vg_import_split_lvs && count <= VG_MAX_LVS && count >= 2) {
		unsigned k = 0;
		for (mid = lvs->child; k < count / 2; mid = mid->next)
			k++;
		struct lv_half *h = calloc(1, sizeof(*h));
		pthread_t th;
		if (h) {
			h->shadow = *vg;
			h->shadow.lvs = NULL;
			h->shadow.n_lvs = h->shadow.cap_lvs = 0;
			h->shadow.has_snapshots = false;
			arena_init(&h->a);
			h->shadow.arena = &h->a;
			h->im = (struct imp){.a = &h->a, .vg = &h->shadow, .err = h->err, .errlen = sizeof(h->err),
						 .keys = im->keys};
			h->from = mid;
		}
		if (h && !pthread_create(&th, NULL, import_lv_half, h)) {
			r = 0;
			for (n = lvs->child; n != mid && !r; n = n->next)
				r = import_lv(im, n);
			pthread_join(th, NULL);
			if (!r && h->rc) {
				snprintf(im->err, im->errlen, "%s", h->err);
				r = h->rc;
			}
			if (!r) {
				unsigned total = vg->n_lvs + h->shadow.n_lvs;
				struct lv **all = arena_alloc_raw(im->a, total * sizeof(*all));
				memcpy(all, vg->lvs, vg->n_lvs * sizeof(*all));
				memcpy(all + vg->n_lvs, h->shadow.lvs, h->shadow.n_lvs * sizeof(*all));
				vg->lvs = all;
				vg->n_lvs = vg->cap_lvs = total;
				vg->has_snapshots |= h->shadow.has_snapshots;
			}
			arena_adopt(im->a, &h->a);
			free(h);
			return r;
		}
		if (h)
			arena_free(&h->a);
		free(h);
	}
	for (n = lvs->child; n; n = n->next) {
		if (vg->n_lvs >= VG_MAX_LVS)
			FAIL(im, "%s: more than %d LVs", what, VG_MAX_LVS);
		if ((r = import_lv(im, n)))
			return r;
	}
	return 0;
}

static const char *const vg_known[] = {"id", "seqno", "format", "status", "flags", "tags",
				       "system_id", "lock_type", "lock_args", "extent_size",
				       "max_lv", "max_pv", "allocation_policy", "profile",
				       "metadata_copies", "physical_volumes", "logical_volumes",
				       "historical_logical_volumes", NULL};

void vg_import_toplevel(struct vg *vg, const struct cft_node *root)
{
	for (const struct cft_node *n = root->child; n; n = n->next) {
		if (n->is_section || !n->v)
			continue;
		if (!strcmp(n->key, "creation_host") && n->v->type == CFT_STRING)
			vg->creation_host = n->v->s;
		else if (!strcmp(n->key, "creation_time") && n->v->type == CFT_INT && n->v->i > 0) {
			vg->creation_time = (uint64_t)n->v->i;
			vg->ctime_repaired = n->v->repaired;
		}
	}
}

int vg_import_tree(struct arena *a, const struct cft_node *root, struct vg **out, char *err,
		   size_t errlen)
{
	struct imp im = {.a = a, .err = err, .errlen = errlen};
	const struct cft_node *sec = NULL, *pvs, *lvs, *n;
	struct vg *vg;
	struct pvkey *keys = NULL;
	char what[NAME_LEN + 8], e[256];
	uint64_t u;
	int r;

	for (n = root->child; n; n = n->next)
		if (n->is_section) {
			sec = n;
			break;
		}
	if (!sec)
		FAIL(&im, "no volume group section in the metadata");
	if (name_check(sec->key, "VG", e, sizeof(e)))
		FAIL(&im, "%s", e);
	snprintf(what, sizeof(what), "VG %s", sec->key);
	vg = im.vg = arena_alloc(a, sizeof(*vg));
	vg->arena = a;
	vg->name = sec->key;
	if ((r = get_id(&im, sec, what, vg->id)))
		return r;
	if ((r = get_u64(&im, sec, what, "seqno", true, 0, UINT32_MAX, &vg->seqno)))
		return r;
	const char *fmt;
	if (!get_str(&im, sec, what, "format", false, &fmt) && strcmp(fmt, "lvm2"))
		FAIL(&im, "%s: format \"%.32s\" is not lvm2", what, fmt);
	if ((r = get_flags(&im, sec, what, FLAGS_VG, &vg->flags)) ||
	    (r = get_tags(&im, sec, what, &vg->tags)))
		return r;
	const char **strs[] = {&vg->system_id, &vg->lock_type, &vg->lock_args, &vg->alloc,
			       &vg->profile};
	const char *skeys[] = {"system_id", "lock_type", "lock_args", "allocation_policy", "profile"};
	for (unsigned i = 0; i < ARRAY_SIZE(strs); i++)
		if ((r = get_str(&im, sec, what, skeys[i], false, strs[i])) && r != -ENOENT)
			return r;
	if ((r = get_u64(&im, sec, what, "extent_size", true, 1, UINT32_MAX, &u)))
		return r;
	vg->extent_size = (uint32_t)u;
	if ((r = get_u64(&im, sec, what, "max_lv", true, 0, UINT32_MAX, &vg->max_lv)) ||
	    (r = get_u64(&im, sec, what, "max_pv", true, 0, UINT32_MAX, &vg->max_pv)))
		return r;
	if ((r = get_u64(&im, sec, what, "metadata_copies", false, 0, UINT32_MAX,
			 &vg->metadata_copies)) &&
	    r != -ENOENT)
		return r;

	pvs = child(sec, "physical_volumes");
	if (!pvs || !pvs->is_section)
		FAIL(&im, "%s: physical_volumes section is missing", what);
	for (n = pvs->child; n; n = n->next) {
		if (vg->n_pvs >= VG_MAX_PVS)
			FAIL(&im, "%s: more than %d PVs", what, VG_MAX_PVS);
		if ((r = import_pv(&im, n)))
			return r;
	}
	keys = arena_alloc(a, (vg->n_pvs + 1) * sizeof(*keys));
	for (unsigned i = 0; i < vg->n_pvs; i++)
		keys[i] = (struct pvkey){vg->pvs[i]->key, vg->pvs[i]};
	qsort(keys, vg->n_pvs, sizeof(*keys), pvkey_cmp);
	for (unsigned i = 1; i < vg->n_pvs; i++)
		if (!strcmp(keys[i].key, keys[i - 1].key))
			FAIL(&im, "%s: PV name %s is used twice", what, keys[i].key);
	im.keys = keys;

	lvs = child(sec, "logical_volumes");
	if (lvs && !lvs->is_section)
		FAIL(&im, "%s: logical_volumes is not a section", what);
	if (lvs && (r = import_lvs(&im, lvs, what)))
		return r;
	vg->historical = child(sec, "historical_logical_volumes");
	keep_extra(&im, sec, vg_known, &vg->extra, &vg->n_extra);
	if ((r = check_extents(&im)) || (r = check_lv_graph(&im)) ||
	    (r = snap_check_refs(im.vg, im.err, im.errlen)) || (r = thin_vg_check(vg, err, errlen)))
		return r;

	vg_import_toplevel(vg, root);
	vg_account(vg);
	*out = vg;
	return 0;
}

/* The model-level half of the import's checks, for a VG a command changed:
 * names, segment shapes and contiguity, extents inside PVs and never used
 * twice, references and cycles. LVM2 validates its model (vg_validate)
 * before every write the same way; the text itself is the exporter's, whose
 * round trip through the parser the fuzz target checks. */
int vg_validate(struct vg *vg, char *err, size_t errlen)
{
	struct imp im = {.a = vg->arena, .err = err, .errlen = errlen, .vg = vg};
	char e[256];
	int r;

	if (name_check(vg->name, "VG", e, sizeof(e)))
		FAIL(&im, "%s", e);
	if (!vg->extent_size || vg->seqno > UINT32_MAX || vg->n_pvs > VG_MAX_PVS ||
	    vg->n_lvs > VG_MAX_LVS)
		FAIL(&im, "VG %s: extent size, seqno or PV/LV count out of range", vg->name);
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l];
		uint64_t next = 0;
		if (name_check(lv->name, "LV", e, sizeof(e)))
			FAIL(&im, "%s", e);
		if (!lv->n_segs || lv->n_segs > LV_MAX_SEGS)
			FAIL(&im, "LV %s: %u segments", lv->name, lv->n_segs);
		for (unsigned s = 0; s < lv->n_segs; s++) {
			const struct lv_seg *seg = &lv->segs[s];
			if (seg->start_extent != next || !seg->extent_count)
				FAIL(&im, "LV %s segment%u: extents %" PRIu64 "+%" PRIu64
					  " do not follow the previous segments (end %" PRIu64 ")",
				     lv->name, s + 1, seg->start_extent, seg->extent_count, next);
			next += seg->extent_count;
			if (next > UINT32_MAX)
				FAIL(&im, "LV %s: more than %u extents", lv->name, UINT32_MAX);
			const struct segtype *st = seg_segtype(seg);
			if (st->validate && (r = st->validate(seg, lv->name, s + 1, err, errlen)))
				return r;
		}
	}
	if ((r = check_extents(&im)) || (r = check_lv_graph(&im)) ||
	    (r = snap_check_refs(im.vg, im.err, im.errlen)) || (r = thin_vg_check(vg, err, errlen)))
		return r;
	return 0;
}

int vg_import(struct arena *a, const char *text, size_t len, struct vg **out, char *err,
	      size_t errlen)
{
	struct cft_node *root = cft_parse(a, text, len, err, errlen);
	if (!root)
		return -EINVAL;
	return vg_import_tree(a, root, out, err, errlen);
}
