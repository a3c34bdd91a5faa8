/* lvcreate -s -L|-l SIZE VG/ORIGIN: a copy-on-write snapshot as LVM2 2.03
 * makes it (lib/metadata/lv_manip.c, _lv_create_an_lv, and
 * snapshot_manip.c, vg_add_snapshot): the COW LV is allocated like a
 * linear LV, its first 4 KiB (the exception store's header) zeroed, then
 * hidden behind a new LV "snapshotN" of one snapshot segment naming the
 * origin, the COW and the chunk size; one commit. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "activation/kernel.h"
#include "lvmgr/activate.h"
#include "lvmgr/base/testhook.h"
#include "lvmgr/base/units.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/lv_snapshot.h"
#include "lvmgr/lv_thin.h"
#include "lvmgr/scan.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/snapshot.h"
#include "metadata/segtypes/thin.h"

int lv_snapshot_chunk_check(uint64_t c)
{
	if (c < SNAP_CHUNK_MIN || c > SNAP_CHUNK_MAX || (c & (c - 1))) {
		log_error("Chunk size must be a power of 2 in the range 4K to 512K.");
		return -EINVAL;
	}
	return 0;
}

/* LVM2's validate_snapshot_origin for the kinds lvmgr knows. */
int lv_snapshot_origin_check(const struct vg *vg, const struct lv *o)
{
	const char *what = NULL;
	uint32_t st = o->flags.status | o->flags.compat;
	if (lv_is_virtual_origin(vg, o)) {
		log_error("Can't share virtual origins. Use --virtualsize.");
		return -EINVAL;
	}
	if (snap_seg_of_cow(vg, o, NULL))
		what = "snapshots";
	else if (st & LV_LOCKED)
		what = "locked volumes";
	else if (st & LV_PVMOVE)
		what = "pvmoved volumes";
	else if (!lv_is_visible(vg, o) || lv_snapshot_seg(o))
		what = "hidden volumes";
	else if (lv_is_merging_origin(vg, o))
		what = "an origin that has a merging snapshot";
	else if (lv_is_thin_pool(o))
		what = "thin pool type volumes";
	else if (o->n_segs == 1 && seg_is_mirror(&o->segs[0])) {
		/* LVM2's validate_snapshot_origin */
		log_warn("Snapshots of mirrors can deadlock under rare device failures.");
		log_warn("Consider using the raid1 mirror type to avoid this.");
		log_warn("See global/mirror_segtype_default in lvm.conf.");
	}
	if (what) {
		log_error("Snapshots of %s are not supported.", what);
		return -EINVAL;
	}
	for (unsigned s = 0; s < o->n_segs; s++)
		if (seg_is_verbatim(&o->segs[s])) {
			log_error("Cannot snapshot %s/%s: lvmgr does not manage %s LVs yet (use LVM2).", vg->name,
				  o->name, o->segs[s].type);
			return -ENOTSUP;
		}
	return 0;
}

/* The COW size in extents, as LVM2's _update_extents_params: %ORIGIN adds
 * the exception store's overhead, and no COW is bigger than one that
 * holds the whole origin. */
static int cow_extents(const struct vg *vg, uint64_t o_extents, const struct lv_snapshot_params *p,
		       uint32_t chunk, const struct alloc_pv_arg *pa, uint64_t *out)
{
	/* A sparse snapshot's COW has no cap (LVM2 caps only with an
	 * origin LV) and no %ORIGIN. */
	bool sparse = p->virtual_size != 0;
	uint64_t max = sparse ? UINT64_MAX : snap_cow_max_extents(vg, o_extents, chunk), e;
	char b1[64], b2[64];
	if (sparse && p->size.base == LV_SIZE_PCT_ORIGIN) {
		log_error("Please express size as %%FREE, %%PVS or %%VG: a sparse snapshot has no origin LV.");
		return -EINVAL;
	}
	if (p->size.base == LV_SIZE_PCT_ORIGIN)
		e = max - o_extents + (o_extents * p->size.value + 99) / 100;
	else if (lvi_size_extents(vg, NULL, &p->size, 0, pa, p->n_pvs, &e))
		return -EINVAL;
	if (!e) {
		log_error(p->size.base == LV_SIZE_EXTENTS || p->size.base == LV_SIZE_SECTORS
				  ? "Unable to create new logical volume with no extents."
				  : "Calculated size of logical volume is 0 extents. Needs to be larger.");
		return -EINVAL;
	}
	if (e > max) {
		log_print("Reducing COW size %s down to maximum usable size %s.",
			  units_format_long(e * vg->extent_size, b1, sizeof(b1)),
			  units_format_long(max * vg->extent_size, b2, sizeof(b2)));
		e = max;
	}
	if (lv_snapshot_min_chunks_check(vg, e, chunk))
		return -EINVAL;
	*out = e;
	return 0;
}

/* LVM2's cow_has_min_chunks (its message: the extents rounded up, the
 * chunks' size). */
int lv_snapshot_min_chunks_check(const struct vg *vg, uint64_t extents, uint32_t chunk)
{
	uint64_t min = (uint64_t)SNAP_MIN_CHUNKS * chunk;
	char b[64];
	if (extents * vg->extent_size >= min)
		return 0;
	log_error("Snapshot volume cannot be smaller than %d chunks (%" PRIu64 " extents, %s).", SNAP_MIN_CHUNKS,
		  (min + vg->extent_size - 1) / vg->extent_size, units_format_long(min, b, sizeof(b)));
	return -EINVAL;
}

/* A sparse snapshot's origin (LVM2's _create_virtual_origin): hidden,
 * read-only, one zero segment of the virtual size. */
static struct lv *virtual_origin(struct ctx *x, struct vg *vg, const struct lv *cow, uint64_t extents)
{
	struct lv_create_params lp = {.read_ahead = -2};
	struct lv *v = lvi_new_lv(x, arena_printf(&x->arena, "%s_vorigin", cow->name), &lp);
	v->flags.status &= ~(LV_WRITE | LV_VISIBLE);
	v->creation_time = cow->creation_time;
	v->segs = arena_alloc(&x->arena, sizeof(*v->segs));
	v->segs[0] = (struct lv_seg){.start_extent = 0, .extent_count = extents};
	seg_set_segtype(&v->segs[0], &segtype_zero);
	v->n_segs = 1;
	v->size_extents = extents;
	return v;
}

/* The hidden snapshotN LV: one snapshot segment as long as the origin. */
static struct lv *snapshot_lv(struct ctx *x, struct vg *vg, struct lv *origin, struct lv *cow, uint32_t chunk)
{
	struct lv_create_params lp = {.read_ahead = -2};
	struct lv *s = lvi_new_lv(x, lvi_new_name(x, vg, "snapshot%d"), &lp);
	s->creation_time = cow->creation_time;
	s->segs = arena_alloc(&x->arena, sizeof(*s->segs));
	s->segs[0] = (struct lv_seg){.start_extent = 0, .extent_count = origin->size_extents};
	seg_set_segtype(&s->segs[0], &segtype_snapshot);
	s->segs[0].origin = origin->name;
	s->segs[0].cow = cow->name;
	s->segs[0].chunk_size = chunk;
	s->n_segs = 1;
	s->size_extents = origin->size_extents;
	return s;
}

/* The PV holding the COW's start opened for writing (lvconvert -s zeroes
 * the header before its commit, which is what opens the PVs otherwise). */
static int cow_pv_rw(struct ctx *x, const struct lv *cow)
{
	const struct lv_seg *seg = &cow->segs[0];
	if (!cow->n_segs || !seg->n_areas || seg->areas[0].kind != AREA_PV || !seg->areas[0].pv->sd)
		return 0;
	return scan_dev_rw(x, seg->areas[0].pv->sd);
}

struct cow_zero {
	struct vg *vg;
	struct lv *cow;
};

/* lvcreate -s's commit gate: the new COW's first 4 KiB zeroed and flushed
 * before the metadata that makes it a snapshot is made live. */
static int zero_cow_gate(struct ctx *x, void *arg)
{
	struct cow_zero *z = arg;
	int r;
	if ((r = cow_pv_rw(x, z->cow)) || (r = lvi_zero_start(x, z->vg, z->cow))) {
		log_error("Aborting. Failed to wipe snapshot exception store.");
		return r;
	}
	time_mark("snapshot: COW header zeroed");
	test_abort_at("snap-cow-zeroed");
	return 0;
}

int lv_snapshot_create(struct ctx *x, struct vg *vg, struct lv *origin, const struct lv_snapshot_params *p,
		       struct lv **out)
{
	uint32_t chunk = p->chunk_size ? p->chunk_size : SNAP_CHUNK_DEFAULT;
	const char *name = p->name ? p->name : lvi_new_name(x, vg, "lvol%d");
	struct alloc_pv_arg *pa = NULL;
	uint64_t extents;
	int r;

	uint64_t o_extents = 0;
	if ((r = lv_snapshot_chunk_check(chunk)) || (r = lvi_check_lv_name(vg, name)) ||
	    (origin && (r = lv_snapshot_origin_check(vg, origin))))
		return r;
	if (origin)
		o_extents = origin->size_extents;
	else {
		/* LVM2 names the origin after the COW: that name must fit. */
		if (strlen(name) + strlen("_vorigin") > 127) {
			log_error("Virtual origin name is too long.");
			return -EINVAL;
		}
		struct lv_size vs = {LV_SIZE_SECTORS, p->virtual_size};
		if ((r = lvi_size_extents(vg, NULL, &vs, 0, NULL, 0, &o_extents)))
			return r;
		if (!o_extents) {
			log_error("Virtual size must be larger than 0.");
			return -EINVAL;
		}
	}
	if (vg->max_lv && vg_visible_lv_count(vg) >= vg->max_lv) {
		log_error("Maximum number of logical volumes (%" PRIu64 ") reached in volume group %s", vg->max_lv,
			  vg->name);
		return -EMLINK;
	}
	if ((r = lv_pv_args(x, vg, p->pvs, p->n_pvs, &pa)) || (r = cow_extents(vg, o_extents, p, chunk, pa, &extents)))
		return r;
	/* LVM2's approx_alloc: a percentage takes what is free if it is less */
	if (!p->n_pvs && extents > vg_free_count(vg) && vg_free_count(vg) && p->size.base != LV_SIZE_EXTENTS &&
	    p->size.base != LV_SIZE_SECTORS)
		extents = vg_free_count(vg);
	if (!p->n_pvs && extents > vg_free_count(vg)) {
		log_error("Volume group \"%s\" has insufficient free space (%" PRIu64 " extents): %" PRIu64
			  " required.",
			  vg->name, vg_free_count(vg), extents);
		return -ENOSPC;
	}
	/* The COW's header is zeroed (a stale one would make the kernel read
	 * old exceptions as this snapshot's) inside the one commit that makes
	 * it a snapshot: once the new text is written and flushed, before it
	 * is made live (zero_cow_gate). The COW's extents are free in the
	 * live metadata and the VG is locked: a crash or a failure before
	 * then leaves zeros in free space and the VG as it was. LVM2 commits
	 * the COW as a plain LV first, as it activates it to zero it; lvmgr
	 * writes through the PV mapping, so the same end state takes one
	 * commit (LVM2's seqno goes up by 2, lvmgr's by 1). */
	struct lv_create_params lp = {.alloc = p->alloc, .read_ahead = p->read_ahead, .tags = p->tags};
	struct lv *cow = lvi_new_lv(x, name, &lp);
	if ((r = lvi_grow(x, vg, cow, vg->n_lvs, extents, 1, 0, p->alloc, pa, p->n_pvs)))
		return r;
	lv_vg_add(&x->arena, vg, cow);
	if (p->read_only)
		cow->flags.status &= ~LV_WRITE;
	cow->flags.status &= ~LV_VISIBLE;
	bool sparse = !origin;
	if (sparse) {
		origin = virtual_origin(x, vg, cow, o_extents);
		lv_vg_add(&x->arena, vg, origin);
	}
	struct lv *snap = snapshot_lv(x, vg, origin, cow, chunk);
	lv_vg_add(&x->arena, vg, snap);
	vg->has_snapshots = true;
	if (lv_is_thin(origin))	/* LVM2 warns of the VG's thin pools then too */
		thin_check_overprovisioning(x, vg, cow);
	struct cow_zero z = {vg, cow};
	x->commit_gate = zero_cow_gate;
	x->commit_gate_arg = &z;
	r = vg_commit(x, vg);
	x->commit_gate = NULL;
	x->commit_gate_arg = NULL;
	if (r)
		return r;
	time_mark("snapshot: committed");
	test_abort_at("snap-committed");
	/* An active origin gets its snapshot: -real and -cow made, the
	 * origin's table swapped for snapshot-origin, the snapshot loaded
	 * while the origin is suspended (the device tree's order). */
	if (sparse) {
		/* LVM2 activates the whole once it is complete: a failure
		 * leaves it in the metadata, inactive (LVM2's message, its
		 * spelling). */
		if (!x->test && p->activate != 0 && dmk_available() && (r = act_lv(x, vg, origin, false, NULL))) {
			log_error("Failed to activate sparce volume %s/%s.", vg->name, origin->name);
			return r;
		}
	} else if (!x->test && act_state(x, vg, origin) && (r = act_reload(x, vg, origin))) {
		log_error("Aborting. Failed to activate snapshot %s/%s: removing it again.", vg->name, cow->name);
		/* The tree undid its own steps (the origin has its old table,
		 * resumed); the metadata goes back, any -real left goes. */
		vg_remove_lv(vg, snap);
		vg_remove_lv(vg, cow);
		vg_commit(x, vg);
		act_reload(x, vg, origin);
		act_drop_layer(x, vg, origin, "real");
		return r;
	}
	*out = cow;
	return 0;
}

unsigned lv_snapshot_remove_set(const struct vg *vg, struct lv *const *lvs, unsigned n, struct lv **out)
{
	unsigned k = 0;
	for (unsigned i = 0; i < n; i++) {
		const struct lv *cows[256];
		unsigned nc = snap_cows_of_origin(vg, lvs[i], cows, 256);
		for (unsigned j = 0; j <= nc && j <= 256; j++) {
			struct lv *v = j < nc && j < 256 ? (struct lv *)cows[j] : lvs[i];
			bool dup = false;
			for (unsigned m = 0; m < k && !dup; m++)
				dup = out[m] == v;
			if (!dup)
				out[k++] = v;
		}
	}
	return k;
}

void lv_snapshot_remove_expand(struct ctx *x, const struct vg *vg, struct lv *const **lvs, unsigned *n)
{
	unsigned k = 0, m = *n;
	if (!vg->has_snapshots)
		return;
	struct lv **out = arena_alloc(&x->arena, (2 * m + 1) * sizeof(*out));
	for (unsigned i = 0; i < m; i++) {
		struct lv *v = snap_virtual_origin_of_cow(vg, (*lvs)[i]);
		bool listed = false;
		for (unsigned j = 0; j < m && v; j++)
			listed |= (*lvs)[j] == v;
		out[k++] = (*lvs)[i];
		if (v && !listed)
			out[k++] = v;
	}
	*lvs = out;
	*n = k;
}

void lv_snapshot_rename_refs(struct vg *vg, const char *old, const char *new_name)
{
	for (unsigned i = 0; i < vg->n_lvs && vg->has_snapshots; i++) {
		struct lv *l = vg->lvs[i];
		if (!lv_snapshot_seg(l))
			continue;
		if (!strcmp(l->segs[0].origin, old))
			l->segs[0].origin = new_name;
		if (!strcmp(l->segs[0].cow, old))
			l->segs[0].cow = new_name;
	}
}

int lv_snapshot_resize_check(struct ctx *x, struct vg *vg, struct lv *lv, uint64_t *want)
{
	char b[64];
	if (lv_is_snap_origin(vg, lv)) {
		if (*want < lv->size_extents) {
			log_error("Snapshot origin volumes cannot be reduced in size yet.");
			return -EINVAL;
		}
		if (!x->test && act_state(x, vg, lv)) {
			log_error("Snapshot origin volumes can be resized only while inactive: try lvchange -an.");
			return -EBUSY;
		}
		return 0;
	}
	const struct lv_seg *ss = snap_seg_of_cow(vg, lv, NULL);
	const struct lv *o = ss ? vg_find_lv(vg, ss->origin) : NULL;
	if (!o || *want <= lv->size_extents)
		return 0;
	/* Don't allow a COW to grow larger than necessary (LVM2). */
	uint64_t max = snap_cow_max_extents(vg, o->size_extents, ss->chunk_size);
	if (max < *want) {
		log_print("Reached maximum COW size %s (%" PRIu64 " extents).",
			  units_format_long(max * vg->extent_size, b, sizeof(b)), max);
		*want = max > lv->size_extents ? max : lv->size_extents;
		if (*want == lv->size_extents)
			return 1;	/* nothing to do */
	}
	return 0;
}

unsigned lv_snapshot_origins_to_reload(struct ctx *x, const struct vg *vg, struct lv *const *lvs, unsigned n,
				       const struct lv **out)
{
	unsigned k = 0;
	for (unsigned i = 0; i < n && vg->has_snapshots; i++) {
		const struct lv_seg *ss = snap_seg_of_cow(vg, lvs[i], NULL);
		const struct lv *o = ss ? vg_find_lv(vg, ss->origin) : NULL;
		bool going = false, dup = false;
		for (unsigned j = 0; j < n && o; j++)
			going |= lvs[j] == o;
		for (unsigned j = 0; j < k && o; j++)
			dup |= out[j] == o;
		if (o && !going && !dup && !x->test && act_state(x, vg, o))
			out[k++] = o;
	}
	return k;
}

bool lv_snapshot_origin_reloaded(const struct vg *vg, const struct lv *lv, const struct lv *const *origins,
				 unsigned n)
{
	const struct lv_seg *ss = snap_seg_of_cow(vg, lv, NULL);
	const struct lv *o = ss ? vg_find_lv(vg, ss->origin) : NULL;
	for (unsigned i = 0; i < n && o; i++)
		if (origins[i] == o)
			return true;
	return false;
}

int lv_snapshot_reload_origins(struct ctx *x, struct vg *vg, const struct lv **origins, unsigned n,
			       const char *const *cows, unsigned ncow)
{
	int rc = 0;
	const char **gone = arena_alloc(&x->arena, (n + ncow + 1) * sizeof(*gone));
	unsigned ng = 0;
	for (unsigned i = 0; i < ncow; i++)
		gone[ng++] = cows[i];
	for (unsigned i = 0; i < n; i++) {
		const struct lv *o = origins[i];
		int r = act_reload(x, vg, o);
		/* The last snapshot gone: the origin maps its PVs again and its
		 * -real layer, now unheld, goes (LVM2). */
		if (!r && !lv_is_snap_origin(vg, o))
			gone[ng++] = dt_uuid(&x->arena, vg, o, "real");
		if (r) {
			log_error("Failed to refresh %s without snapshot.", o->name);
			rc = r;
		}
	}
	int r = act_drop_layers(x, gone, ng);
	return rc ? rc : r;
}

/* lvconvert -s ORIGIN COW (LVM2's _lvconvert_snapshot, after its checks
 * and question): the COW deactivated, its header zeroed, hidden behind a
 * new snapshotN LV (made now: its own creation time), one commit; an
 * active origin gets the snapshot loaded under it. */
int lv_snapshot_convert(struct ctx *x, struct vg *vg, struct lv *origin, struct lv *cow, uint32_t chunk, bool zero)
{
	int r;
	if (!x->test && act_state(x, vg, cow) && (r = deact_lv(x, vg, cow, false))) {
		log_error("Couldn't deactivate logical volume %s/%s.", vg->name, cow->name);
		return r;
	}
	if (!zero || !(cow->flags.status & LV_WRITE))
		log_warn("%s/%s not zeroed.", vg->name, cow->name);
	else if (!x->test && ((r = cow_pv_rw(x, cow)) || (r = lvi_zero_start(x, vg, cow)))) {
		log_error("Aborting. Failed to wipe snapshot exception store.");
		return r;
	}
	cow->flags.status &= ~LV_VISIBLE;
	struct lv *snap = snapshot_lv(x, vg, origin, cow, chunk);
	snap->creation_time = (uint64_t)time(NULL);
	lv_vg_add(&x->arena, vg, snap);
	vg->has_snapshots = true;
	if ((r = vg_commit(x, vg)))
		return r;
	test_abort_at("snap-committed");
	if (!x->test && act_state(x, vg, origin) && (r = act_reload(x, vg, origin))) {
		log_error("Failed to activate snapshot %s/%s.", vg->name, cow->name);
		return r;
	}
	return 0;
}
