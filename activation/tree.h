/* From a VG and an LV to the device-mapper devices that realise it: names,
 * uuids and table lines exactly as LVM2 2.03 builds them. Pure: no I/O; the
 * caller says which block device (major:minor) each PV is on.
 *
 * One descriptor per segment type turns a segment into targets (linear,
 * striped, zero, error today; snapshot, thin, mirror and raid plug in as
 * more descriptors without touching the rest). */
#ifndef LVMGR_ACT_TREE_H
#define LVMGR_ACT_TREE_H

#include <stdbool.h>
#include <stdint.h>

#include "lvmgr/base/util.h"
#include "metadata/vg.h"

struct dm_target_line {
	uint64_t start, len;	/* sectors */
	const char *type;	/* "linear", "striped", "zero", "error" */
	const char *params;	/* as dmsetup table prints them */
};

struct dm_node {
	const char *name;	/* vg-lv, '-' inside names doubled */
	const char *uuid;	/* LVM-<vgid><lvid> */
	const struct lv *lv;
	bool read_only;
	struct dm_target_line *targets;
	unsigned n_targets;
};

/* Where PV number i (vg->pvs[i]) is: "major:minor", or NULL if missing. */
typedef const char *(*pv_devno_fn)(void *ctx, const struct pv *pv);

/* The device for lv. -EINVAL with err when the LV cannot be activated by
 * lvmgr (a segment type it does not know, a missing PV, an LV stacked on
 * another LV). */
int dm_node_for_lv(struct arena *a, const struct vg *vg, const struct lv *lv, pv_devno_fn devno,
		   void *devno_ctx, struct dm_node *out, char *err, size_t errlen);

/* "vg-lv" with '-' doubled in each part, and "LVM-<vgid><lvid>". */
const char *dm_lv_name(struct arena *a, const char *vg, const char *lv);
const char *dm_lv_uuid(struct arena *a, const struct vg *vg, const struct lv *lv);

/* The node as `dmsetup table` prints it, one line per target, prefixed by
 * "name: " when with_name. */
void dm_node_print(const struct dm_node *n, bool with_name, struct strbuf *sb);

#endif
