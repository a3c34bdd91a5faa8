/* lv_api.c's building blocks, for the other LV operations of lvmgr/
 * (lv_snapshot.c): the same rules in one place. Not for cmd/. */
#ifndef LVMGR_LV_INT_H
#define LVMGR_LV_INT_H

#include "allocator/alloc.h"
#include "lvmgr/lv_api.h"

/* PV arguments of a request -> the allocator's (logs the reason). */
int lvi_pv_args(struct ctx *x, struct vg *vg, char *const *args, unsigned n, struct alloc_pv_arg **out);
/* A size request in extents (LVM2's rounding and messages); lv: the base
 * of LV_SIZE_PCT_ORIGIN. 0, or -EINVAL logged. */
int lvi_size_extents(const struct vg *vg, const struct lv *lv, const struct lv_size *s, char sign,
		     const struct alloc_pv_arg *pa, unsigned n, uint64_t *out);
/* A new LV's attributes from p (name, id, status, time, host, policy,
 * read-ahead, tags); no segments. */
struct lv *lvi_new_lv(struct ctx *x, const char *name, const struct lv_create_params *p);
/* LVM2's generate_lv_name: fmt ("lvol%d", "snapshot%d") with one more
 * than the highest number of that form in the VG. */
const char *lvi_new_name(struct ctx *x, const struct vg *vg, const char *fmt);
/* lvcreate's name rule, logged; -EINVAL, -EEXIST. */
int lvi_check_lv_name(const struct vg *vg, const char *name);
/* Allocate extents more for lv (vg->n_lvs as lv_index for a new LV). */
int lvi_grow(struct ctx *x, struct vg *vg, struct lv *lv, unsigned lv_index, uint64_t extents, unsigned stripes,
	     uint32_t stripe_size, const char *alloc, const struct alloc_pv_arg *pa, unsigned npa);
void lvi_vg_add_lv(struct arena *a, struct vg *vg, struct lv *lv);
/* Zero the first 4 KiB of lv through its PV mapping (no kernel needed). */
int lvi_zero_start(struct ctx *x, struct vg *vg, struct lv *lv);

#endif
