/* lvconvert --swapmetadata --poolmetadata META VG/POOL (and its variant
 * lvconvert --thinpool VG/POOL --poolmetadata META), as LVM2 2.03.16's
 * _lvconvert_swap_pool_metadata (tools/lvconvert.c): META becomes the
 * hidden POOL_tmeta of an inactive pool, and the pool's metadata LV comes
 * out visible under META's name, for thin_dump/thin_repair to work on.
 * Both keep their ids and places in the VG (LVM2 renames through a
 * temporary name: the same result). */
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

bool lv_thin_pool_in_use(struct ctx *x, const struct vg *vg, const struct lv *pool)
{
	if (x->test)
		return false;
	if (act_state(x, vg, pool) || act_state_layer(x, vg, pool, "tpool"))
		return true;
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l];
		if (lv_is_thin(lv) && !strcmp(lv->segs[0].thin->pool_lv, pool->name) && act_state(x, vg, lv))
			return true;
	}
	return false;
}

int lv_thin_swap_check(struct ctx *x, const struct vg *vg, const struct lv *pool, const struct lv *meta)
{
	if (meta == pool) {
		log_error("Can't use same LV for pool data and metadata LV %s.", dn(x, vg, meta));
		return -EINVAL;
	}
	const char *type = lv_lvm2_type(vg, meta);
	if (strcmp(type, "linear") && strcmp(type, "striped") && strcmp(type, "raid")) {
		log_error("LV %s with type %s cannot be used as a metadata LV.", dn(x, vg, meta), type);
		return -EINVAL;
	}
	if (!lv_is_visible(vg, meta)) {
		log_error("Can't convert internal LV %s.", dn(x, vg, meta));
		return -EINVAL;
	}
	if (meta->flags.status & (LV_LOCKED | LV_PVMOVE)) {
		log_error("Can't convert locked LV %s.", dn(x, vg, meta));
		return -EINVAL;
	}
	if (lv_is_snap_origin(vg, meta) || lv_is_merging_origin(vg, meta) || lv_is_virtual_origin(vg, meta) ||
	    thin_is_external_origin(vg, meta)) {
		log_error("Pool metadata LV %s is of an unsupported type.", dn(x, vg, meta));
		return -EINVAL;
	}
	if (lv_thin_pool_in_use(x, vg, pool)) {
		log_error("Cannot convert pool %s with active volumes.", dn(x, vg, pool));
		return -EBUSY;
	}
	if (!vg_find_lv(vg, pool->segs[0].thin->metadata_lv)) {
		log_error("Internal error: Logical volume %s is not valid pool.", dn(x, vg, pool));
		return -EINVAL;
	}
	return 0;
}

/* Give a raid LV's sub-LVs the names of its new name. */
static int rename_subs(struct ctx *x, struct vg *vg, struct lv *lv, const char *new_name)
{
	unsigned ns = 0;
	struct lv **subs = lv_raid_sub_lvs(&x->arena, vg, lv, &ns);
	int r;
	for (unsigned k = 0; k < ns; k++)
		if ((r = lv_raid_sub_rename(x, vg, lv, subs[k], new_name)))
			return r;
	return 0;
}

int lv_thin_swap_metadata(struct ctx *x, struct vg *vg, struct lv *pool, struct lv *meta, uint32_t chunk)
{
	struct seg_thin *t = pool->segs[0].thin;
	struct lv *old = vg_find_lv(vg, t->metadata_lv);
	const char *swap_name = meta->name, *tmeta_name = old->name;
	int r;

	if (!x->test && act_state(x, vg, meta) && deact_lv(x, vg, meta, false)) {
		log_error("Aborting. Failed to deactivate %s.", dn(x, vg, meta));
		return -EBUSY;
	}
	if (chunk)
		t->chunk_size = chunk;
	/* meta first to a name no LV has (LVM2's "pvmove_tmeta"), so that
	 * neither raid's sub-LVs meet the other's */
	if ((r = rename_subs(x, vg, meta, "pvmove_tmeta")) || (r = rename_subs(x, vg, old, swap_name)) ||
	    (r = rename_subs(x, vg, meta, tmeta_name)))
		return r;
	old->name = swap_name;
	old->flags.status |= LV_VISIBLE;
	meta->name = tmeta_name;
	meta->flags.status &= ~(uint32_t)LV_VISIBLE;
	if ((r = vg_commit(x, vg)))
		return r;
	/* The pool has metadata no check has seen: its next activation runs
	 * thin_check whatever the record of the old metadata LV said. */
	thin_check_forget(x, vg, pool);
	return 0;
}
