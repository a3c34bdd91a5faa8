/* The extent allocator.
 *
 * Model. Each allowed PV has a list of free areas (maximal runs of free
 * extents inside the allowed ranges). Allocation proceeds in *steps*; a step
 * picks one free area for each of the N stripes and takes the same length
 * L = min(still needed per stripe, usable length of each picked area) from
 * the start of each, which adds one segment (merged into the previous new
 * one when physically contiguous). Taking from the start of an area never
 * creates a new free fragment.
 *
 * Stages. As LVM2 (lvm(8), ALLOCATION), stages run from the strictest policy
 * up to the requested one, each taking steps while it makes progress:
 *
 *   contiguous  Extend: each stripe continues in the free area starting right
 *               after its area in the LV's last segment (all N or nothing).
 *               New LV: one step of "rank" below; when the policy itself is
 *               contiguous only areas holding a whole stripe count.
 *   cling       Extend: stripe s goes on the PV stripe s uses in the LV's
 *               reference segment (its first segment when maximise_cling,
 *               as LVM2's _check_cling, which stops after the segment at
 *               extent 0; else its last), taking that PV's largest area; all
 *               N or nothing. If that finds nothing and maximise_cling is
 *               set, rank the reference segment's PVs (any stripe). New LV:
 *               the same against the PVs this request already used.
 *   cling_by_tags  As cling, a PV matching when it shares a tag of
 *               allocation/cling_tag_list (run after cling when a list is set).
 *   normal      Rank all PVs. With maximise_cling, steps first rank only the
 *               PVs this request (and, for an extend, the reference segment)
 *               already uses, falling back to all PVs when that finds nothing.
 *   anywhere    Rank individual areas: stripes may share a PV, even an area.
 *
 * Rank: every candidate PV offers one area; PVs are ordered by the usable
 * length of their area (capped at the need), largest first, ties in PV
 * order (VG order, or the order of the PV arguments); the first N win.
 * The area a PV offers comes from LVM2's scan of it (pv_walk): areas
 * largest first, and after an area longer than the need n the scan jumps to
 * the largest area shorter than what that one would leave (len - n). The
 * PV offers the last area of that scan that holds n, or its largest area
 * when none does (when clinging: simply the last area scanned). This is
 * LVM2's outcome of re-sorting its area list while it walks it, written as
 * a rule. So a stripe that fits goes on the first PV that can hold it
 * whole, and one that does not starts in the largest free area of the VG
 * and then clings to its PV.
 *
 * Relation to LVM2 2.03 (lib/metadata/lv_manip.c, _allocate,
 * _find_some_parallel_space, _check_pva, pv_map.c): the stages, the scan,
 * the ranking, positional cling and cling-to-allocated are LVM2's, and
 * tests/interop/alloc_vs_lvm2.sh finds identical layouts for its sequences.
 * Mirror logs: alloc_log_areas, at the end. Not handled here: RAID
 * metadata areas, parallel-LV avoidance (mirrors/RAID), approximate
 * allocation (%FREE), and LVM2's rescans under anywhere are simplified to
 * rescans of what earlier scans left. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "allocator/alloc.h"

/* ---- the free map ---- */

struct farea {
	uint64_t start, len;
};

struct fpv {			/* one allowed PV */
	unsigned pv;		/* index into the caller's PV array */
	struct farea *areas;	/* by start, non-empty, not adjacent */
	unsigned n;
};

/* A candidate for one stripe in a step. */
struct cand {
	unsigned m;		/* index into st->map */
	uint64_t start;		/* first extent of the free area */
	uint64_t len;		/* length of the free area */
	uint64_t usable;	/* min(area length, need) */
	unsigned order;		/* tie break: discovery order */
};

struct state {
	struct arena *a;
	const struct alloc_pv *pvs;
	unsigned n_pvs;
	const struct alloc_request *req;
	struct fpv *map;	/* allocation order */
	unsigned n_map;
	unsigned stripes;
	uint64_t need;		/* per stripe */
	const struct alloc_seg *prev;	/* LV's last segment when it has N areas */
	struct alloc_seg *out;
	unsigned n_out, cap_out;
	struct alloc_result *res;
};

static void set_error(struct alloc_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_error(struct alloc_result *res, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->error, sizeof(res->error), fmt, ap);
	va_end(ap);
}

static void add_warning(struct alloc_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add_warning(struct alloc_result *res, const char *fmt, ...)
{
	size_t len = strlen(res->warning);
	va_list ap;
	if (len && len + 1 < sizeof(res->warning))
		res->warning[len++] = '\n', res->warning[len] = 0;
	va_start(ap, fmt);
	vsnprintf(res->warning + len, sizeof(res->warning) - len, fmt, ap);
	va_end(ap);
}

const char *alloc_policy_name(enum alloc_policy p)
{
	switch (p) {
	case ALLOC_CONTIGUOUS: return "contiguous";
	case ALLOC_CLING: return "cling";
	case ALLOC_CLING_BY_TAGS: return "cling_by_tags";
	case ALLOC_NORMAL: return "normal";
	case ALLOC_ANYWHERE: return "anywhere";
	}
	return "invalid";
}

int alloc_policy_from_name(const char *name, enum alloc_policy *out)
{
	for (enum alloc_policy p = ALLOC_CONTIGUOUS; p <= ALLOC_ANYWHERE; p++)
		if (!strcmp(name, alloc_policy_name(p))) {
			*out = p;
			return 0;
		}
	return -EINVAL;
}

static bool has_tag(const struct alloc_pv *pv, const char *tag)
{
	for (unsigned i = 0; i < pv->n_tags; i++)
		if (!strcmp(pv->tags[i], tag))
			return true;
	return false;
}

/* cling_by_tags: do PVs a and b share a tag named in cling_tag_list? */
static bool tags_match(const struct state *st, unsigned a, unsigned b)
{
	const struct alloc_pv *pa = &st->pvs[a], *pb = &st->pvs[b];
	for (unsigned i = 0; i < st->req->n_cling_tags; i++) {
		const char *t = st->req->cling_tags[i];
		if (t[0] == '@')
			t++;
		if (!strcmp(t, "*")) {
			for (unsigned j = 0; j < pa->n_tags; j++)
				if (has_tag(pb, pa->tags[j]))
					return true;
		} else if (has_tag(pa, t) && has_tag(pb, t))
			return true;
	}
	return false;
}

static bool pv_matches(const struct state *st, unsigned a, unsigned b, bool by_tags)
{
	return a == b || (by_tags && tags_match(st, a, b));
}

/* Append the free runs of pv inside [lo, hi] (inclusive) to f. */
static void add_free_runs(struct state *st, struct fpv *f, const struct alloc_pv *pv, uint64_t lo,
			  uint64_t hi)
{
	uint64_t pe = lo;
	for (unsigned i = 0; i <= pv->n_used && pe <= hi; i++) {
		uint64_t ustart = i < pv->n_used ? pv->used[i].start : hi + 1;
		uint64_t uend = i < pv->n_used ? pv->used[i].start + pv->used[i].len : hi + 1;
		if (uend <= pe)
			continue;
		if (ustart > hi)
			ustart = hi + 1;
		if (ustart > pe) {
			struct farea *na = arena_alloc(st->a, (f->n + 1) * sizeof(*na));
			if (f->n)
				memcpy(na, f->areas, f->n * sizeof(*na));
			na[f->n].start = pe;
			na[f->n].len = ustart - pe;
			f->areas = na;
			f->n++;
		}
		pe = uend;
	}
}

static int check_used(struct state *st, unsigned p)
{
	const struct alloc_pv *pv = &st->pvs[p];
	uint64_t end = 0;
	for (unsigned i = 0; i < pv->n_used; i++) {
		const struct alloc_used *u = &pv->used[i];
		if (u->start < end || u->len == 0 || u->start + u->len > pv->pe_count ||
		    u->start + u->len < u->start) {
			set_error(st->res, "PV %s: used extents %" PRIu64 "+%" PRIu64
				  " overlap, are empty or exceed its %" PRIu64 " extents.",
				  pv->name, u->start, u->len, pv->pe_count);
			return -EINVAL;
		}
		end = u->start + u->len;
	}
	return 0;
}

static int cmp_range(const void *l, const void *r)
{
	const struct alloc_range *a = l, *b = r;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* Add PV p (with the ranges of arg, NULL = whole PV) to the map, merging
 * into an existing entry for the same PV as LVM2 does. */
static int map_add_pv(struct state *st, unsigned p, const struct alloc_pv_arg *arg,
		      struct alloc_range **seen, unsigned *n_seen)
{
	const struct alloc_pv *pv = &st->pvs[p];
	unsigned m;
	for (m = 0; m < st->n_map; m++)
		if (st->map[m].pv == p)
			break;
	if (m == st->n_map) {
		st->map[m].pv = p;
		st->map[m].areas = NULL;
		st->map[m].n = 0;
		st->n_map++;
	}
	struct alloc_range whole = { 0, pv->pe_count ? pv->pe_count - 1 : 0 };
	const struct alloc_range *rs = arg && arg->n_ranges ? arg->ranges : &whole;
	unsigned nr = arg && arg->n_ranges ? arg->n_ranges : 1;
	if (!pv->pe_count)
		return 0;
	for (unsigned i = 0; i < nr; i++) {
		struct alloc_range r = rs[i];
		if (r.end == ALLOC_PE_END)
			r.end = pv->pe_count - 1;
		if (r.start > r.end || r.end > pv->pe_count - 1) {
			set_error(st->res, "PE range error: start extent %" PRIu64 " to end extent %" PRIu64 ".",
				  r.start, r.end);
			return -EINVAL;
		}
		for (unsigned j = 0; j < n_seen[m]; j++) {
			const struct alloc_range *o = &seen[m][j];
			if (r.start <= o->end && o->start <= r.end) {
				set_error(st->res, "Overlapping PE ranges specified (%" PRIu64 "-%" PRIu64
					  ", %" PRIu64 "-%" PRIu64 ") on %s.",
					  r.start, r.end, o->start, o->end, pv->name);
				return -EINVAL;
			}
		}
		struct alloc_range *ns = arena_alloc(st->a, (n_seen[m] + 1) * sizeof(*ns));
		if (n_seen[m])
			memcpy(ns, seen[m], n_seen[m] * sizeof(*ns));
		ns[n_seen[m]++] = r;
		seen[m] = ns;
	}
	return 0;
}

/* Build st->map: the allowed PVs in allocation order with their free areas. */
static int build_map(struct state *st)
{
	const struct alloc_request *req = st->req;
	st->map = arena_alloc(st->a, (st->n_pvs + 1) * sizeof(*st->map));
	struct alloc_range **seen = arena_alloc(st->a, (st->n_pvs + 1) * sizeof(*seen));
	unsigned *n_seen = arena_alloc(st->a, (st->n_pvs + 1) * sizeof(*n_seen));
	int r;

	for (unsigned p = 0; p < st->n_pvs; p++)
		if ((r = check_used(st, p)))
			return r;

	if (!req->n_pv_args) {
		for (unsigned p = 0; p < st->n_pvs; p++)
			if (st->pvs[p].allocatable && (r = map_add_pv(st, p, NULL, seen, n_seen)))
				return r;
	} else {
		for (unsigned i = 0; i < req->n_pv_args; i++) {
			const struct alloc_pv_arg *arg = &req->pv_args[i];
			bool found = false;
			for (unsigned p = 0; p < st->n_pvs; p++) {
				const struct alloc_pv *pv = &st->pvs[p];
				if (arg->is_tag ? !has_tag(pv, arg->name) : strcmp(pv->name, arg->name))
					continue;
				found = true;
				if (!pv->allocatable) {
					add_warning(st->res, "WARNING: Physical volume %s not allocatable.", pv->name);
					continue;
				}
				uint64_t used = 0;
				for (unsigned u = 0; u < pv->n_used; u++)
					used += pv->used[u].len;
				if (used == pv->pe_count) {
					add_warning(st->res, "WARNING: No free extents on physical volume \"%s\".",
						    pv->name);
					continue;
				}
				if ((r = map_add_pv(st, p, arg->is_tag ? NULL : arg, seen, n_seen)))
					return r;
				if (!arg->is_tag)
					break;
			}
			if (!found && !arg->is_tag) {
				set_error(st->res, "Physical Volume \"%s\" not found in Volume Group.", arg->name);
				return -EINVAL;
			}
		}
		if (!st->n_map) {
			set_error(st->res, "No specified PVs have space available.");
			return -ENOSPC;
		}
	}

	for (unsigned m = 0; m < st->n_map; m++) {
		const struct alloc_pv *pv = &st->pvs[st->map[m].pv];
		if (!n_seen[m]) {
			if (pv->pe_count)
				add_free_runs(st, &st->map[m], pv, 0, pv->pe_count - 1);
			continue;
		}
		qsort(seen[m], n_seen[m], sizeof(**seen), cmp_range);
		for (unsigned j = 0; j < n_seen[m]; j++)
			add_free_runs(st, &st->map[m], pv, seen[m][j].start, seen[m][j].end);
	}
	return 0;
}

static uint64_t map_free(const struct state *st)
{
	uint64_t n = 0;
	for (unsigned m = 0; m < st->n_map; m++)
		for (unsigned i = 0; i < st->map[m].n; i++)
			n += st->map[m].areas[i].len;
	return n;
}

/* Take len extents from the front of the free area that started at start
 * when it was chosen (an earlier stripe of the same step may have taken
 * its front already, under "anywhere"). Returns the first extent taken. */
static uint64_t consume(struct fpv *f, uint64_t start, uint64_t len)
{
	for (unsigned i = 0; i < f->n; i++) {
		if (f->areas[i].start < start)
			continue;
		uint64_t pe = f->areas[i].start;
		f->areas[i].start += len;
		f->areas[i].len -= len;
		if (!f->areas[i].len) {
			memmove(&f->areas[i], &f->areas[i + 1], (f->n - i - 1) * sizeof(*f->areas));
			f->n--;
		}
		return pe;
	}
	abort();	/* the caller chose an area that is not there */
}

/* ---- choosing areas ---- */

static const struct farea *largest_area(const struct fpv *f)
{
	const struct farea *best = NULL;
	for (unsigned i = 0; i < f->n; i++)
		if (!best || f->areas[i].len > best->len)
			best = &f->areas[i];
	return best;
}

static int cmp_area_desc(const void *l, const void *r)
{
	const struct farea *a = *(const struct farea *const *)l, *b = *(const struct farea *const *)r;
	if (a->len != b->len)
		return a->len > b->len ? -1 : 1;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* LVM2's scan of one PV for a stripe of n extents (see the top): areas
 * largest first; after an area longer than n the scan skips to the largest
 * area shorter than what that one would leave over (len - n), after any
 * other area it goes on with the next. Returns how many areas it visits,
 * in visit order, in v (room for f->n). */
static unsigned pv_walk(struct arena *a, const struct fpv *f, uint64_t n, const struct farea **v)
{
	const struct farea **sorted = arena_alloc(a, (f->n + 1) * sizeof(*sorted));
	unsigned nv = 0;
	for (unsigned i = 0; i < f->n; i++)
		sorted[i] = &f->areas[i];
	qsort(sorted, f->n, sizeof(*sorted), cmp_area_desc);
	for (unsigned i = 0; i < f->n;) {
		const struct farea *cur = sorted[i++];
		v[nv++] = cur;
		if (cur->len > n)
			while (i < f->n && sorted[i]->len >= cur->len - n)
				i++;
	}
	return nv;
}

enum pick { PICK_FIT, PICK_WHOLE, PICK_LAST };

/* The area a PV offers for a stripe of n extents. PICK_FIT: the last
 * visited area that holds the stripe, or the largest when none does;
 * PICK_WHOLE: the same but only areas holding the stripe; PICK_LAST: the
 * last visited area (LVM2 accepts every area of a PV it clings to). */
static const struct farea *pv_offer(struct arena *a, const struct fpv *f, uint64_t n, enum pick how)
{
	const struct farea **v = arena_alloc(a, (f->n + 1) * sizeof(*v));
	unsigned nv = pv_walk(a, f, n, v);
	const struct farea *chosen = NULL;
	if (!nv)
		return NULL;
	if (how == PICK_LAST)
		return v[nv - 1];
	if (v[0]->len < n)
		return how == PICK_FIT ? v[0] : NULL;
	for (unsigned i = 0; i < nv && v[i]->len >= n; i++)
		chosen = v[i];
	return chosen;
}

static struct cand make_cand(const struct state *st, unsigned m, const struct farea *a, unsigned order)
{
	struct cand c = { m, a->start, a->len, a->len < st->need ? a->len : st->need, order };
	return c;
}

static int cmp_cand(const void *l, const void *r)
{
	const struct cand *a = l, *b = r;
	if (a->usable != b->usable)
		return a->usable > b->usable ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Has this request already put stripe s (s < 0: any stripe) on a PV
 * matching map[m]? */
static bool used_by_request(const struct state *st, unsigned m, int s, bool by_tags)
{
	for (unsigned i = 0; i < st->n_out; i++)
		for (unsigned k = 0; k < st->out[i].stripes; k++)
			if ((s < 0 || (unsigned)s == k) &&
			    pv_matches(st, st->out[i].areas[k].pv, st->map[m].pv, by_tags))
				return true;
	return false;
}

/* Does the LV's reference segment put stripe s (s < 0: any) on a PV
 * matching map[m]? As LVM2's _check_cling: with maximise_cling the
 * reference is the LV's first segment (LVM2 walks the LV from extent 0 but
 * stops after the segment holding it), otherwise the last one. */
static bool used_by_lv(const struct state *st, unsigned m, int s, bool by_tags)
{
	const struct alloc_request *req = st->req;
	if (!req->n_segs)
		return false;
	const struct alloc_seg *ref = &req->segs[req->maximise_cling ? 0 : req->n_segs - 1];
	for (unsigned k = 0; k < ref->stripes && k < st->stripes; k++)
		if ((s < 0 || (unsigned)s == k) && pv_matches(st, ref->areas[k].pv, st->map[m].pv, by_tags))
			return true;
	return false;
}

/* Append a segment of len extents per stripe at the chosen areas, merging
 * it into the previous new segment when it continues it. */
static void take(struct state *st, const struct cand *c, uint64_t len)
{
	struct alloc_seg seg = { len * st->stripes, st->stripes, st->req->stripe_size, NULL };
	seg.areas = arena_alloc(st->a, st->stripes * sizeof(*seg.areas));
	for (unsigned s = 0; s < st->stripes; s++) {
		seg.areas[s].pv = st->map[c[s].m].pv;
		seg.areas[s].pe = consume(&st->map[c[s].m], c[s].start, len);
	}
	st->need -= len;
	if (st->n_out && alloc_seg_continues(&st->out[st->n_out - 1], &seg)) {
		st->out[st->n_out - 1].extents += seg.extents;
		return;
	}
	if (st->n_out == st->cap_out) {
		unsigned cap = st->cap_out ? 2 * st->cap_out : 4;
		struct alloc_seg *n = arena_alloc(st->a, cap * sizeof(*n));
		if (st->n_out)
			memcpy(n, st->out, st->n_out * sizeof(*n));
		st->out = n;
		st->cap_out = cap;
	}
	st->out[st->n_out++] = seg;
}

/* Take the same length from N chosen candidates (one per stripe). */
static void take_chosen(struct state *st, const struct cand *c)
{
	uint64_t len = st->need;
	for (unsigned s = 0; s < st->stripes; s++)
		if (c[s].usable < len)
			len = c[s].usable;
	take(st, c, len);
}

/* Rank: each PV accepted by filter offers one area; the N with the most
 * usable extents win. Returns true when a step was taken. */
typedef bool (*pv_filter)(const struct state *st, unsigned m, bool by_tags);

static bool rank_step(struct state *st, pv_filter filter, bool by_tags, enum pick how)
{
	struct cand *c = arena_alloc(st->a, (st->n_map + 1) * sizeof(*c));
	unsigned n = 0;
	for (unsigned m = 0; m < st->n_map; m++) {
		if (filter && !filter(st, m, by_tags))
			continue;
		const struct farea *a = pv_offer(st->a, &st->map[m], st->need, how);
		if (a)
			c[n] = make_cand(st, m, a, n), n++;
	}
	if (n < st->stripes)
		return false;
	qsort(c, n, sizeof(*c), cmp_cand);
	take_chosen(st, c);
	return true;
}

static bool filter_lv_pvs(const struct state *st, unsigned m, bool by_tags)
{
	return used_by_lv(st, m, -1, by_tags);
}

static bool filter_clinging(const struct state *st, unsigned m, bool by_tags)
{
	return used_by_request(st, m, -1, by_tags) || (st->prev && filter_lv_pvs(st, m, by_tags));
}

/* Positional cling: stripe s takes the largest area of the first PV (in
 * allocation order) that stripe s already uses in the LV (to_lv) or in this
 * request. All stripes or none. */
static bool cling_step(struct state *st, bool to_lv, bool by_tags)
{
	struct cand *c = arena_alloc(st->a, st->stripes * sizeof(*c));
	bool *got = arena_alloc(st->a, st->stripes * sizeof(*got));
	unsigned filled = 0;
	for (unsigned m = 0; m < st->n_map && filled < st->stripes; m++) {
		const struct farea *a = largest_area(&st->map[m]);
		if (!a)
			continue;
		for (unsigned s = 0; s < st->stripes; s++) {
			if (got[s])
				continue;
			bool match = to_lv ? used_by_lv(st, m, (int)s, by_tags)
					   : used_by_request(st, m, (int)s, by_tags);
			if (match) {
				c[s] = make_cand(st, m, a, s);
				got[s] = true;
				filled++;
				break;
			}
		}
	}
	if (filled < st->stripes)
		return false;
	take_chosen(st, c);
	return true;
}

/* ---- stages ---- */

static void stage_contiguous(struct state *st)
{
	if (!st->prev) {
		rank_step(st, NULL, false, st->req->policy == ALLOC_CONTIGUOUS ? PICK_WHOLE : PICK_FIT);
		return;
	}
	struct cand *c = arena_alloc(st->a, st->stripes * sizeof(*c));
	uint64_t area_len = st->prev->extents / st->prev->stripes;
	for (unsigned s = 0; s < st->stripes; s++) {
		const struct alloc_area *pa = &st->prev->areas[s];
		const struct farea *a = NULL;
		unsigned m;
		for (m = 0; m < st->n_map && !a; m++)
			if (st->map[m].pv == pa->pv)
				for (unsigned i = 0; i < st->map[m].n; i++)
					if (st->map[m].areas[i].start == pa->pe + area_len)
						a = &st->map[m].areas[i];
		if (!a)
			return;
		c[s] = make_cand(st, m - 1, a, s);
	}
	take_chosen(st, c);
}

static void stage_cling(struct state *st, bool by_tags)
{
	bool positional = true;
	while (st->need) {
		if (positional && cling_step(st, st->prev != NULL, by_tags))
			continue;
		/* LVM2 retries an extend without the stripe positions once. */
		if (positional && st->prev && st->req->maximise_cling) {
			positional = false;
			continue;
		}
		if (!positional && rank_step(st, filter_lv_pvs, by_tags, PICK_LAST))
			continue;
		break;
	}
}

static void stage_normal(struct state *st)
{
	bool cling = st->req->maximise_cling && (st->n_out || st->prev);
	while (st->need) {
		if (cling) {
			if (!rank_step(st, filter_clinging, false, PICK_LAST))
				cling = false;
			continue;
		}
		if (!rank_step(st, NULL, false, PICK_FIT))
			break;
		cling = st->req->maximise_cling;
	}
}

/* Anywhere: areas compete individually, so stripes may share a PV. As LVM2,
 * PVs are scanned in order until N areas are found, then the areas with the
 * most usable extents win. */
static void stage_anywhere(struct state *st)
{
	while (st->need) {
		unsigned total = 0, n = 0, last;
		for (unsigned m = 0; m < st->n_map; m++)
			total += st->map[m].n;
		struct cand *c = arena_alloc(st->a, (total * st->stripes + 1) * sizeof(*c));
		/* What earlier scans reserved of each area: a copy of the map
		 * holding what is left. */
		struct fpv *left = arena_alloc(st->a, (st->n_map + 1) * sizeof(*left));
		for (unsigned m = 0; m < st->n_map; m++) {
			left[m].n = st->map[m].n;
			left[m].areas = arena_alloc(st->a, (left[m].n + 1) * sizeof(struct farea));
			if (left[m].n)
				memcpy(left[m].areas, st->map[m].areas, left[m].n * sizeof(struct farea));
		}
		/* As LVM2, scan again while a scan finds areas but not enough:
		 * one area can then serve several stripes. */
		do {
			last = n;
			for (unsigned m = 0; m < st->n_map && n < st->stripes; m++) {
				const struct farea **v = arena_alloc(st->a, (left[m].n + 1) * sizeof(*v));
				unsigned nv = pv_walk(st->a, &left[m], st->need, v);
				for (unsigned i = 0; i < nv; i++) {
					if (!v[i]->len)
						continue;
					c[n] = make_cand(st, m, v[i], n);
					/* The original start identifies the area. */
					for (unsigned k = 0; k < st->map[m].n; k++)
						if (st->map[m].areas[k].start + st->map[m].areas[k].len ==
						    v[i]->start + v[i]->len)
							c[n].start = st->map[m].areas[k].start;
					((struct farea *)v[i])->start += c[n].usable;
					((struct farea *)v[i])->len -= c[n].usable;
					n++;
				}
			}
		} while (n != last && n < st->stripes);
		if (n < st->stripes)
			return;
		qsort(c, n, sizeof(*c), cmp_cand);
		take_chosen(st, c);
	}
}

bool alloc_seg_continues(const struct alloc_seg *prev, const struct alloc_seg *next)
{
	if (prev->stripes != next->stripes || prev->stripe_size != next->stripe_size ||
	    !prev->stripes)
		return false;
	uint64_t area_len = prev->extents / prev->stripes;
	for (unsigned s = 0; s < prev->stripes; s++)
		if (prev->areas[s].pv != next->areas[s].pv ||
		    prev->areas[s].pe + area_len != next->areas[s].pe)
			return false;
	return true;
}

int alloc_extents(struct arena *a, const struct alloc_pv *pvs, unsigned n_pvs,
		  const struct alloc_request *req, struct alloc_result *res)
{
	struct state st = { .a = a, .pvs = pvs, .n_pvs = n_pvs, .req = req, .res = res };
	const char *name = req->lv_name ? req->lv_name : "";
	int r;

	res->segs = NULL;
	res->n_segs = 0;
	res->error[0] = res->warning[0] = 0;
	if (!req->stripes) {
		set_error(res, "Number of stripes must be at least 1.");
		return -EINVAL;
	}
	if (req->policy < ALLOC_CONTIGUOUS || req->policy > ALLOC_ANYWHERE) {
		set_error(res, "Invalid allocation policy %d.", (int)req->policy);
		return -EINVAL;
	}
	if (req->extents % req->stripes) {
		set_error(res, "Number of extents requested (%" PRIu64 ") needs to be divisible by %u.",
			  req->extents, req->stripes);
		return -EINVAL;
	}
	for (unsigned i = 0; i < req->n_segs; i++)
		for (unsigned s = 0; s < req->segs[i].stripes; s++)
			if (req->segs[i].areas[s].pv >= n_pvs) {
				set_error(res, "Segment %u of %s refers to PV index %u of %u.", i, name,
					  req->segs[i].areas[s].pv, n_pvs);
				return -EINVAL;
			}
	if ((r = build_map(&st)))
		return r;
	if (!req->extents)
		return 0;

	uint64_t avail = map_free(&st);
	if (req->extents > avail) {
		set_error(res, "Insufficient free space: %" PRIu64 " extents needed, but only %" PRIu64
			  " available", req->extents, avail);
		return -ENOSPC;
	}

	st.stripes = req->stripes;
	st.need = req->extents / req->stripes;
	if (req->n_segs && req->segs[req->n_segs - 1].stripes == req->stripes)
		st.prev = &req->segs[req->n_segs - 1];

	/* cling implies cling_by_tags (which does nothing without a tag list). */
	enum alloc_policy last = req->policy == ALLOC_CLING ? ALLOC_CLING_BY_TAGS : req->policy;
	for (enum alloc_policy p = ALLOC_CONTIGUOUS; p <= last && st.need; p++) {
		switch (p) {
		case ALLOC_CONTIGUOUS: stage_contiguous(&st); break;
		case ALLOC_CLING: stage_cling(&st, false); break;
		case ALLOC_CLING_BY_TAGS:
			if (req->n_cling_tags)
				stage_cling(&st, true);
			break;
		case ALLOC_NORMAL: stage_normal(&st); break;
		case ALLOC_ANYWHERE: stage_anywhere(&st); break;
		}
	}

	if (st.need) {
		set_error(res, "Insufficient suitable %sallocatable extents for logical volume %s: %" PRIu64
			  " more required", req->policy == ALLOC_CONTIGUOUS ? "contiguous " : "", name,
			  st.need * st.stripes);
		return -ENOSPC;
	}
	res->segs = st.out;
	res->n_segs = st.n_out;
	return 0;
}

/* ---- mirror logs ---- */

/* One candidate area for a log copy; used = min(area length, log length). */
struct log_cand {
	unsigned m;
	uint64_t start, used;
};

static int cmp_log_cand(const void *l, const void *r)
{
	const struct log_cand *a = l, *b = r;
	return a->used < b->used ? 1 : a->used > b->used ? -1 : 0;
}

/* Append PV m's candidates: under anywhere every area the scan visits,
 * else only the last one (each later area replaces the earlier in LVM2's
 * slot for the PV). */
static void log_cands_of(struct state *st, unsigned m, uint64_t len, bool every, struct log_cand *c, unsigned *n)
{
	const struct farea **v = arena_alloc(st->a, (st->map[m].n + 1) * sizeof(*v));
	unsigned nv = pv_walk(st->a, &st->map[m], len, v);
	for (unsigned i = every ? 0 : (nv ? nv - 1 : 0); i < nv; i++)
		c[(*n)++] = (struct log_cand){m, v[i]->start, v[i]->len < len ? v[i]->len : len};
}

/* LVM2's choice among the candidates: sorted by used, largest first
 * (glibc's qsort is a stable merge sort: ties stay in PV order), the areas
 * too small for the log at the end; the log copies take the last `count`
 * that hold it ("the smallest device that has space for it": every fitting
 * area counts the same). false when there are not enough. */
static bool log_pick(struct log_cand *c, unsigned n, uint64_t len, unsigned count, bool separate, unsigned *off)
{
	for (unsigned i = 1; i < n; i++)	/* stable insertion sort */
		for (unsigned j = i; j && cmp_log_cand(&c[j - 1], &c[j]) > 0; j--) {
			struct log_cand t = c[j];
			c[j] = c[j - 1];
			c[j - 1] = t;
		}
	unsigned small = 0;
	while (small < n && c[n - 1 - small].used < len)
		small++;
	if ((separate && small) || n < small + count)
		return false;
	*off = n - small - count;
	return true;
}

int alloc_log_areas(struct arena *a, const struct alloc_pv *pvs, unsigned n_pvs,
		    const struct alloc_log_request *req, struct alloc_area *out, struct alloc_result *res)
{
	struct alloc_request areq = { .pv_args = req->pv_args, .n_pv_args = req->n_pv_args, .stripes = 1 };
	struct state st = { .a = a, .pvs = pvs, .n_pvs = n_pvs, .req = &areq, .res = res };
	int r;

	res->segs = NULL;
	res->n_segs = 0;
	res->error[0] = res->warning[0] = 0;
	if (!req->count || !req->len) {
		set_error(res, "A mirror log needs at least one area of at least one extent.");
		return -EINVAL;
	}
	if ((r = build_map(&st)))
		return r;
	uint64_t avail = map_free(&st);
	if (req->len > avail) {
		set_error(res, "Insufficient free space: %" PRIu64 " extents needed, but only %" PRIu64
			  " available", req->len, avail);
		return -ENOSPC;
	}
	unsigned with_free = 0, total = 0;
	for (unsigned m = 0; m < st.n_map; m++) {
		with_free += st.map[m].n > 0;
		total += st.map[m].n;
	}
	if (with_free < req->count && req->separate && req->policy != ALLOC_ANYWHERE) {
		set_error(res, "Not enough PVs with free space available for parallel allocation.\n"
			  "Consider --alloc anywhere if desperate.");
		return -ENOSPC;
	}
	struct log_cand *c = arena_alloc(a, (total + 1) * sizeof(*c));
	bool *taken = arena_alloc(a, (st.n_map + 1) * sizeof(*taken));
	unsigned n = 0, off = 0;
	bool found = false;
	memset(taken, 0, (st.n_map + 1) * sizeof(*taken));
	/* contiguous .. normal: the PVs without an image; then, under normal
	 * without allocation/mirror_logs_require_separate_pvs, the others
	 * too (LVM2's extra "log iteration"). */
	if (req->policy != ALLOC_ANYWHERE) {
		for (unsigned m = 0; m < st.n_map; m++)
			if (st.map[m].n && !(req->parallel && req->parallel[st.map[m].pv])) {
				log_cands_of(&st, m, req->len, false, c, &n);
				taken[m] = true;
			}
		if (n < req->count && req->policy == ALLOC_NORMAL && !req->separate)
			for (unsigned m = 0; m < st.n_map; m++)
				if (st.map[m].n && !taken[m])
					log_cands_of(&st, m, req->len, false, c, &n);
		found = n >= req->count && log_pick(c, n, req->len, req->count, req->separate, &off);
	} else {
		/* The stages before anywhere as under normal, then every area
		 * of the first PVs until there are enough. */
		struct alloc_log_request nreq = *req;
		nreq.policy = ALLOC_NORMAL;
		if (!alloc_log_areas(a, pvs, n_pvs, &nreq, out, res))
			return 0;
		res->error[0] = 0;
		for (unsigned m = 0; m < st.n_map && n < req->count; m++)
			if (st.map[m].n)
				log_cands_of(&st, m, req->len, true, c, &n);
		found = log_pick(c, n, req->len, req->count, false, &off);
	}
	if (!found) {
		/* LVM2 names no LV here: its log allocation has none yet */
		set_error(res, "Insufficient free space for log allocation for logical volume .");
		return -ENOSPC;
	}
	for (unsigned k = 0; k < req->count; k++)
		out[k] = (struct alloc_area){st.map[c[off + k].m].pv, c[off + k].start};
	return 0;
}
