/* The size a create or resize asks for, in extents, as LVM2 2.03 computes
 * it (tools/lvcreate.c _update_extents_params, lib/metadata/lv_manip.c
 * _lvresize_extents_from_percent): the one place -L and -l are resolved.
 * Internal to lvmgr/ (lv_api.c). */
#ifndef LVMGR_LV_SIZE_H
#define LVMGR_LV_SIZE_H

#include <stdbool.h>
#include <stdint.h>

#include "allocator/alloc.h"
#include "lvmgr/lv_api.h"

/* Extents for s. lv NULL: lvcreate (percentages round down, %VG capped at
 * the free space); else lvextend/lvreduce/lvresize of lv (percentages round
 * up unless sign is '-'). pa/n: the PV arguments (%PVS counts their free
 * extents, in their ranges; without any, %PVS is of the whole VG, as
 * LVM2). *approx: the result is an upper limit (LVM2's approx_alloc: take
 * what the PVs have, up to it). 0, or -EINVAL logged. */
int lv_size_extents(const struct vg *vg, const struct lv *lv, const struct lv_size *s, char sign,
		    const struct alloc_pv_arg *pa, unsigned n, uint64_t *out, bool *approx);

#endif
