/* lvconvert --type thin-pool: an existing LV becomes a pool's data, an
 * existing LV (or a new one) its metadata, as LVM2 2.03's
 * _lvconvert_to_pool (tools/lvconvert.c) and alloc_pool_metadata /
 * handle_pool_metadata_spare (lib/metadata/pool_manip.c) do it: the same
 * refusals and messages, the same LV order and commits, so that the text
 * is LVM2's for the same VG. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "lvmgr/activate.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/lv_thin.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/snapshot.h"

static const char *dn(struct ctx *x, const struct vg *vg, const struct lv *lv)
{
	return arena_printf(&x->arena, "%s/%s", vg->name, lv->name);
}

/* The types LVM2 takes as pool data and metadata (lvconvert_to_thinpool's
 * LV_linear_striped_raid_cache_writecache_error_zero; not an origin, a COW,
 * a pool or thin LV). */
static bool plain(const struct lv *lv)
{
	for (unsigned s = 0; s < lv->n_segs; s++) {
		const struct lv_seg *seg = &lv->segs[s];
		const struct segtype *st = seg_segtype(seg);
		if (!seg_is_striped(seg) && !seg_is_raid(seg) && st != &segtype_zero && st != &segtype_error)
			return false;
	}
	return lv->n_segs > 0;
}

static bool is_mirror(const struct lv *lv)
{
	return lv->n_segs && seg_is_mirror(&lv->segs[0]);
}

static bool lv_locked(const struct lv *lv)
{
	return lv->flags.status & (LV_LOCKED | LV_PVMOVE);
}

int lv_thin_pool_convert_check(struct ctx *x, struct vg *vg, struct thin_convert *tc)
{
	struct lv *lv = tc->data, *meta = tc->meta;
	int r;

	/* lvconvert_to_thinpool's command rules, in LVM2's words (printed
	 * as warnings without the prefix, then the refusal). */
	const char *type = lv_is_thin_pool(lv) ? "thinpool" : lv_is_thin(lv) ? "thin"
			 : snap_seg_of_cow(vg, lv, NULL) ? "snapshot" : !plain(lv) && lv->n_segs
			 ? seg_display_type(&lv->segs[0]) : NULL;
	if (type)
		log_error("Command on LV %s does not accept LV type %s.", dn(x, vg, lv), type);
	else if (!lv_is_visible(vg, lv))
		log_error("Command on LV %s requires LV with properties: lv_is_visible .", dn(x, vg, lv));
	else if (lv_locked(lv) || lv_is_snap_origin(vg, lv))
		log_error("Command on LV %s is invalid on LV with properties: %s .", dn(x, vg, lv),
			  lv_locked(lv) ? "lv_is_locked" : "lv_is_origin");
	if (type || !lv_is_visible(vg, lv) || lv_locked(lv) || lv_is_snap_origin(vg, lv)) {
		log_error("Command not permitted on LV %s.", dn(x, vg, lv));
		return -EINVAL;
	}
	if (meta) {
		if (meta == lv) {
			log_error("Can't use same LV for pool data and metadata LV %s.", dn(x, vg, meta));
			return -EINVAL;
		}
		if (!lv_is_visible(vg, meta)) {
			log_error("Can't convert internal LV %s.", dn(x, vg, meta));
			return -EINVAL;
		}
		if (lv_locked(meta)) {
			log_error("Can't convert locked LV %s.", dn(x, vg, meta));
			return -EINVAL;
		}
		if (is_mirror(meta)) {
			log_error("Mirror logical volumes cannot be used for pool metadata.");
			log_print("Try \"raid1\" segment type instead.");
			return -EINVAL;
		}
		if (!plain(meta) || lv_is_snap_origin(vg, meta) || snap_seg_of_cow(vg, meta, NULL)) {
			log_error("Pool metadata LV %s is of an unsupported type.", dn(x, vg, meta));
			return -EINVAL;
		}
	}
	const char *mname = arena_printf(&x->arena, "%s_tmeta", lv->name);
	const char *dname = arena_printf(&x->arena, "%s_tdata", lv->name);
	if (vg_find_lv(vg, mname) || vg_find_lv(vg, dname)) {
		log_error("Logical volume %s or %s already exists in volume group %s.", mname, dname, vg->name);
		return -EEXIST;
	}
	tc->chunk = tc->p.chunk_size;
	if (meta)
		r = thin_pool_sizes_lv(x, vg, lv->size_extents, meta->size_extents * vg->extent_size,
				       dn(x, vg, meta), &tc->chunk, &tc->meta_extents);
	else
		r = thin_pool_sizes(x, vg, lv->size_extents, tc->p.metadata_size, &tc->chunk, &tc->meta_extents);
	if (r)
		return r;
	if (meta && tc->meta_extents > meta->size_extents) {
		log_error("Pool metadata LV %s is too small (%" PRIu64 " extents) for required metadata (%" PRIu64
			  " extents).", dn(x, vg, meta), meta->size_extents, tc->meta_extents);
		return -EINVAL;
	}
	return 0;
}

static int deactivate(struct ctx *x, const struct vg *vg, const struct lv *lv, const char *what)
{
	if (x->test || !act_state(x, vg, lv))
		return 0;
	if (deact_lv(x, vg, lv, false)) {
		log_error("Aborting. Failed to deactivate %s%s.", what, dn(x, (struct vg *)vg, lv));
		return -EBUSY;
	}
	return 0;
}

static void hide(struct lv *lv)
{
	lv->flags.status &= ~(uint32_t)LV_VISIBLE;
}

int lv_thin_pool_convert(struct ctx *x, struct vg *vg, struct thin_convert *tc, struct lv **out)
{
	struct lv *lv = tc->data, *meta = tc->meta, *pool;
	struct alloc_pv_arg *pa = NULL;
	const struct thin_pool_params *p = &tc->p;
	int r;

	bool was_active = !x->test && act_state(x, vg, lv);
	const char *pool_name = lv->name;
	const char *mname = arena_printf(&x->arena, "%s_tmeta", pool_name);
	const char *dname = arena_printf(&x->arena, "%s_tdata", pool_name);
	if ((r = lv_pv_args(x, vg, p->lv.pvs, p->lv.n_pvs, &pa)))
		return r;
	if (!meta) {
		/* alloc_pool_metadata: an lvcreate of lvolN (its own commit),
		 * wiped, renamed once the pool is put together. */
		unsigned st = p->lv.stripes > 1 ? p->lv.stripes : 1;
		struct lv_create_params mp = {.read_ahead = p->lv.read_ahead, .alloc = p->lv.alloc, .stripes = st};
		meta = lvi_new_lv(x, lvi_new_name(x, vg, "lvol%d"), &mp);
		uint64_t me = (tc->meta_extents + st - 1) / st * st;	/* whole stripes */
		if ((r = lvi_grow(x, vg, meta, vg->n_lvs, me, st, st > 1 ? p->lv.stripe_size : 0, p->lv.alloc, pa,
				  p->lv.n_pvs)))
			return r;
		lv_vg_add(&x->arena, vg, meta);
		vg_account(vg);
		if ((r = vg_commit(x, vg)))
			return r;
	} else if ((r = deactivate(x, vg, meta, "")) || (r = vg_check_writable(x, vg)))
		return r;
	if ((r = thin_zero_metadata(x, vg, meta))) {
		log_error("Aborting. Failed to wipe metadata lv.");
		return r;
	}
	if ((r = deactivate(x, vg, lv, "logical volume ")))
		return r;

	/* The data LV keeps its id and place in the list under its new
	 * name; the pool is a new LV at the end (lv_create_empty). */
	lv->name = dname;
	hide(lv);
	struct thin_pool_params pp = *p;	/* the pool: no tags, read-ahead or policy of its own */
	pp.lv = (struct lv_create_params){.read_ahead = -2, .stripes = 1};
	if ((r = thin_pool_lv_new(x, pool_name, &pp, lv->size_extents, tc->chunk, &pool)))
		return r;
	lv_vg_add(&x->arena, vg, pool);
	meta->name = mname;
	hide(meta);
	if (p->spare == 0)
		log_warn("recovery of pools without pool metadata spare LV is not automated.");
	bool created;
	struct lv_create_params sp = {.read_ahead = -2, .stripes = 1};
	if ((r = thin_spare_ensure(x, vg, p->spare, meta->size_extents, &sp, pa, p->lv.n_pvs, &created)))
		return r;
	vg_account(vg);
	/* A new spare is an lvcreate of its own in LVM2, committed then. */
	if (created && (r = vg_commit(x, vg)))
		return r;
	if ((r = vg_commit(x, vg)))
		return r;
	*out = pool;
	if (was_active && act_lv(x, vg, pool, false, NULL)) {
		log_error("Failed to activate pool logical volume %s.", dn(x, vg, pool));
		return -EIO;
	}
	return 0;
}
