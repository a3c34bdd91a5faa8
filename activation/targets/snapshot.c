/* Copy-on-write snapshots as LVM2 2.03 layers them (lib/activate/
 * dev_manager.c, lib/snapshot/snapshot.c), for an origin O with snapshots
 * and a snapshot S (its COW LV):
 *
 *	VG-O-real  (uuid ...-real)  O's own segments
 *	VG-O       snapshot-origin <VG-O-real>             (resumes last)
 *	VG-S-cow   (uuid ...-cow)   S's own segments (the exception store)
 *	VG-S       snapshot <VG-O-real> <VG-S-cow> P <chunk sectors>
 *
 * The snapshot device has the origin's size. While a snapshot's table
 * goes in, the live origin is suspended (dt_quiesce): the kernel requires
 * it, and no write may reach -real before the exception store knows it.
 * Activating an origin activates its snapshots; activating a snapshot
 * activates its origin (and so the origin's other snapshots), as LVM2.
 *
 * Status: "snapshot" reports "<used>/<total> <metadata>" in sectors,
 * "Invalid" (overflowed or failed), "Merge failed"; snapshot-origin
 * reports nothing. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "activation/targets/targets.h"
#include "metadata/segtypes/snapshot.h"

/* The snapshot of o being merged into it, or NULL. */
static const struct lv_seg *merging_seg(const struct vg *vg, const struct lv *o, const struct lv **cow)
{
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv_seg *ss = lv_snapshot_seg(vg->lvs[l]);
		if (ss && ss->merging && !strcmp(ss->origin, o->name) && (*cow = vg_find_lv(vg, ss->cow)))
			return ss;
	}
	return NULL;
}

static int origin_stack(struct dt_build *b, const struct lv *o, struct dt_node *n)
{
	uint64_t es = b->vg->extent_size;
	struct dt_node *real = dt_lv_node(b, o, "real", NULL);
	const struct lv *mcow = NULL;
	const struct lv_seg *ms = merging_seg(b->vg, o, &mcow);
	if (ms && b->merge_deferred && b->merge_deferred(b, o))
		ms = NULL;
	int r;
	if (!real->n_targets && (r = dt_add_segments(b, o, real)))
		return r;
	unsigned i = dt_dep(b->tree, n, real);
	char p[64];
	if (ms) {
		/* A merge: the origin reads through the exception store
		 * while the kernel copies it back (LVM2's snapshot-merge
		 * tree; the merging snapshot's own device is an error
		 * target). */
		struct dt_node *cn = dt_lv_node(b, mcow, "cow", NULL);
		if (!cn->n_targets && (r = dt_add_segments(b, mcow, cn)))
			return r;
		unsigned ci = dt_dep(b->tree, n, cn);
		snprintf(p, sizeof(p), "$%u $%u P %u", i, ci, ms->chunk_size);
		dt_target(b->tree, n, 0, o->size_extents * es, "snapshot-merge", p);
	} else {
		snprintf(p, sizeof(p), "$%u", i);
		dt_target(b->tree, n, 0, o->size_extents * es, "snapshot-origin", p);
	}
	n->priority = 1;	/* after its snapshots (LVM2's activation_priority) */
	/* Its snapshots come up with it. */
	for (unsigned l = 0; l < b->vg->n_lvs; l++) {
		const struct lv_seg *ss = lv_snapshot_seg(b->vg->lvs[l]);
		const struct lv *cow;
		struct dt_node *sn;
		if (!ss || strcmp(ss->origin, o->name) || !(cow = vg_find_lv(b->vg, ss->cow)))
			continue;
		if ((r = dt_add_lv(b, cow, &sn)))
			return r;
	}
	return 1;
}

static int snapshot_node(struct dt_build *b, const struct lv *cow, const struct lv_seg *ss, struct dt_node *n)
{
	const struct lv *o = vg_find_lv(b->vg, ss->origin);
	uint64_t es = b->vg->extent_size;
	int r;
	if (!o) {
		snprintf(b->err, sizeof(b->err), "snapshot %s/%s: origin %s missing", b->vg->name, cow->name,
			 ss->origin);
		return -EINVAL;
	}
	struct dt_node *on = dt_lv_node(b, o, NULL, NULL);
	if (!on->n_targets) {
		/* Activating a snapshot activates its origin, which builds
		 * this node among its snapshots. */
		struct dt_node *top;
		return (r = dt_add_lv(b, o, &top)) ? r : 1;
	}
	if (ss->merging && !(b->merge_deferred && b->merge_deferred(b, o))) {
		/* Merging into its origin: no snapshot of its own (LVM2). */
		dt_target(b->tree, n, 0, o->size_extents * es, "error", "");
		return 1;
	}
	struct dt_node *real = dt_lv_node(b, o, "real", NULL), *cn = dt_lv_node(b, cow, "cow", NULL);
	if (!cn->n_targets && (r = dt_add_segments(b, cow, cn)))
		return r;
	unsigned ri = dt_dep(b->tree, n, real), ci = dt_dep(b->tree, n, cn);
	char p[64];
	snprintf(p, sizeof(p), "$%u $%u P %u", ri, ci, ss->chunk_size);
	dt_target(b->tree, n, 0, o->size_extents * es, "snapshot", p);
	dt_quiesce(b->tree, n, on);
	return 1;
}

int dt_snapshot_stack(struct dt_build *b, const struct lv *lv, struct dt_node *n)
{
	const struct lv_seg *ss;
	if (!b->vg->has_snapshots)
		return 0;
	if ((ss = snap_seg_of_cow(b->vg, lv, NULL)))
		return snapshot_node(b, lv, ss, n);
	if (lv_is_snap_origin(b->vg, lv))
		return origin_stack(b, lv, n);
	return 0;
}

/* "<used>/<total> <metadata>", "Invalid", "Overflow", "Merge failed". */
static int snapshot_status(const struct dm_target_line *line, struct dt_status *st)
{
	uint64_t used, total, meta;
	memset(st, 0, sizeof(*st));
	if (!strcmp(line->type, "snapshot-origin"))
		return 0;
	/* snapshot-merge reports as snapshot does: what is left to copy back. */
	const char *p = line->params ? line->params : "";
	if (!strncmp(p, "Invalid", 7) || !strncmp(p, "Overflow", 8) || !strncmp(p, "Merge failed", 12)) {
		st->health = DT_FAILED;
		st->merge_failed = p[0] == 'M';
		return 0;
	}
	int k = sscanf(p, "%" SCNu64 "/%" SCNu64 " %" SCNu64, &used, &total, &meta);
	if (k < 2 || !total || used > total)
		return -EINVAL;
	st->has_percent = true;
	/* A store holding only its metadata is empty (LVM2). */
	st->numer = k == 3 && used == meta ? 0 : used;
	st->denom = total;
	return 0;
}

static int snapshot_seg_build(struct dt_build *b, const struct lv *lv, const struct lv_seg *seg, struct dt_node *node)
{
	(void)seg;
	(void)node;
	snprintf(b->err, sizeof(b->err), "%s is a snapshot's internal LV: activate its COW LV or its origin",
		 lv->name);
	return -EINVAL;
}

const struct dt_target_type dt_target_snapshot = {
	.segtype = "snapshot",
	.dm_types = (const char *const[]){"snapshot-origin", "snapshot", "snapshot-merge", NULL},
	.build = snapshot_seg_build,
	.status = snapshot_status,
};
