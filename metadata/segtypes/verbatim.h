/* The hooks of the segment types lvmgr keeps as read (unknown.c), shared
 * with the verbatim descriptors that have a name (snapshot.c). */
#ifndef LVMGR_SEGTYPES_VERBATIM_H
#define LVMGR_SEGTYPES_VERBATIM_H

#include "metadata/vg.h"

int verbatim_import(struct seg_text_in *in, const struct cft_node *sec, struct lv_seg *seg);
void verbatim_export(struct text_out *o, const struct vg *vg, const struct lv_seg *seg);
bool verbatim_refers_to_lv(const struct lv_seg *seg, const char *lv_name);

#endif
