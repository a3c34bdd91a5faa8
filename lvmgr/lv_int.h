/* The pieces of lv_api.c that the LV types kept in files of their own
 * (lv_thin.c) build on: PV arguments, sizes, names, a new LV's own
 * attributes, linear allocation and adding an LV to the VG. */
#ifndef LVMGR_LV_INT_H
#define LVMGR_LV_INT_H

#include "allocator/alloc.h"
#include "lvmgr/lv_api.h"

int lvi_pv_args(struct ctx *x, struct vg *vg, char *const *args, unsigned n, struct alloc_pv_arg **out);
/* A size in extents, as LVM2 rounds it (and says so). */
uint64_t lvi_size_extents(const struct vg *vg, const struct lv *lv, const struct lv_size *s, char sign,
			  const struct alloc_pv_arg *pa, unsigned n);
/* The next lvol<N>. */
const char *lvi_new_name(struct ctx *x, const struct vg *vg);
/* A new LV's name: -EINVAL (logged) when it cannot be used, -EEXIST taken. */
int lvi_check_name(const struct vg *vg, const char *name);
/* A new LV (no segments) with p's attributes: visible, read/write... */
struct lv *lvi_new_lv(struct ctx *x, const char *name, const struct lv_create_params *p);
/* Allocate extents more linear extents for lv (at lv_index in vg->lvs, or
 * vg->n_lvs for one not added yet) on the PVs pa names (all: npa 0). */
int lvi_grow(struct ctx *x, struct vg *vg, struct lv *lv, unsigned lv_index, uint64_t extents,
	     const char *alloc, const struct alloc_pv_arg *pa, unsigned npa);
void lvi_add_lv(struct arena *a, struct vg *vg, struct lv *lv);

#endif
