/* The snapshot segment type (LVM2's old-style snapshots: the snapshotN LV
 * of one "snapshot" segment naming its origin and COW LVs). lvmgr makes
 * none and keeps the section as read (verbatim, as unknown types); the
 * descriptor is there so the model knows what a snapshot hides: its own
 * LV, and its COW LV unless the origin is visible (lv_is_visible). */
#include <string.h>

#include "metadata/segtypes/verbatim.h"

static const char *seg_str(const struct lv_seg *seg, const char *key)
{
	if (!seg->node)
		return NULL;
	for (const struct cft_node *n = seg->node->child; n; n = n->next)
		if (!n->is_section && n->v && n->v->type == CFT_STRING && !strcmp(n->key, key))
			return n->v->s;
	return NULL;
}

void seg_snapshot_lvs(const struct lv_seg *seg, const char **origin, const char **cow,
		      const char **merging)
{
	bool snap = seg_is_snapshot(seg);
	*origin = snap ? seg_str(seg, "origin") : NULL;
	*cow = snap ? seg_str(seg, "cow_store") : NULL;
	*merging = snap ? seg_str(seg, "merging_store") : NULL;
}

const struct segtype segtype_snapshot = {
	.name = "snapshot",
	.flags = SEGTYPE_VERBATIM | SEGTYPE_SNAPSHOT,
	.text_import = verbatim_import,
	.text_export = verbatim_export,
	.refers_to_lv = verbatim_refers_to_lv,
};
