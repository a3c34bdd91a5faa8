/* thin-pool and thin: the device stack LVM2 2.03 loads (dev_manager.c,
 * lib/thin/thin.c's add_target_line), names and uuids included:
 *   VG-POOL_tmeta (uuid -tmeta), VG-POOL_tdata (-tdata): the hidden LVs;
 *   VG-POOL-tpool (-tpool): thin-pool <tmeta> <tdata> <chunk> 0 <n>
 *     [skip_block_zeroing] [ignore_discard|no_discard_passdown]
 *     [error_if_no_space];
 *   VG-POOL (-pool): linear over -tpool, read-only, once thin LVs use
 *     the pool; an unused pool's own device is the thin-pool target
 *     itself (uuid -tpool), as LVM2 activates it;
 *   a thin LV: thin <-tpool> <device id> [<external origin's -real>];
 *   an external origin: VG-O linear over VG-O-real (uuid -real, O's
 *     segments, read-only), as LVM2 loads it.
 * Status: thin-pool `<transaction id> <used>/<total meta blocks>
 * <used>/<total data blocks> ...`, thin `<mapped sectors> <highest>`. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activation/targets/targets.h"
#include "metadata/segtypes/thin.h"

static bool pool_used(const struct vg *vg, const struct lv *pool)
{
	for (unsigned l = 0; l < vg->n_lvs; l++)
		if (lv_is_thin(vg->lvs[l]) && !strcmp(vg->lvs[l]->segs[0].thin->pool_lv, pool->name))
			return true;
	return false;
}

const char *thin_uuid_layer(const struct vg *vg, const struct lv *lv)
{
	bool meta;
	if (lv_is_thin_pool(lv))
		return pool_used(vg, lv) ? "pool" : "tpool";
	if (thin_pool_of_sub(vg, lv, &meta))
		return meta ? "tmeta" : "tdata";
	return NULL;
}

static void pool_table(struct dt_build *b, const struct lv *pool, struct dt_node *n)
{
	const struct seg_thin *t = pool->segs[0].thin;
	struct dt_node *meta = NULL, *data = NULL;
	struct strbuf sb;
	unsigned nf = 0;
	const char *f[3];

	if (!t->zero_new_blocks)
		f[nf++] = "skip_block_zeroing";
	if (!strcmp(t->discards, "ignore"))
		f[nf++] = "ignore_discard";
	else if (!strcmp(t->discards, "nopassdown"))
		f[nf++] = "no_discard_passdown";
	for (unsigned i = 0; i < pool->flags.n_other_compat; i++)
		if (!strcmp(pool->flags.other_compat[i], "ERROR_WHEN_FULL"))
			f[nf++] = "error_if_no_space";
	(void)meta;
	(void)data;
	sb_init(&sb);
	sb_printf(&sb, "$%u $%u %u 0 %u", 0u, 1u, t->chunk_size, nf);
	for (unsigned i = 0; i < nf; i++)
		sb_printf(&sb, " %s", f[i]);
	dt_target(b->tree, n, 0, pool->size_extents * b->vg->extent_size, "thin-pool", sb.buf);
	sb_free(&sb);
}

/* The -tpool device of pool (the pool's own device when unused):
 * targets.h's dt_thin_pool_stack. */
int dt_thin_pool_stack(struct dt_build *b, const struct lv *pool, struct dt_node **out)
{
	const struct seg_thin *t = pool->segs[0].thin;
	const struct lv *meta = vg_find_lv(b->vg, t->metadata_lv), *data = vg_find_lv(b->vg, t->data_lv);
	struct dt_node *n, *mn, *dn;
	int r;

	if (!meta || !data) {
		snprintf(b->err, sizeof(b->err), "thin pool %s lacks its metadata or data LV", pool->name);
		return -EINVAL;
	}
	n = pool_used(b->vg, pool) ? dt_lv_node(b, pool, "tpool", NULL) : dt_lv_node(b, pool, NULL, "tpool");
	*out = n;
	if (n->n_targets)
		return 0;
	if ((r = dt_add_lv(b, meta, &mn)) || (r = dt_add_lv(b, data, &dn)))
		return r;
	dt_dep(b->tree, n, mn);
	dt_dep(b->tree, n, dn);
	pool_table(b, pool, n);
	return 0;
}

static int pool_build(struct dt_build *b, const struct lv *lv, const struct lv_seg *seg, struct dt_node *node)
{
	struct dt_node *tp;
	int r;
	(void)seg;
	if (!pool_used(b->vg, lv))
		return dt_thin_pool_stack(b, lv, &tp);	/* node itself */
	if ((r = dt_thin_pool_stack(b, lv, &tp)))
		return r;
	/* LVM2's public pool device: read-only, linear over -tpool. */
	node->read_only = true;
	unsigned i = dt_dep(b->tree, node, tp);
	dt_target(b->tree, node, 0, lv->size_extents * b->vg->extent_size, "linear",
		  arena_printf(b->tree->a, "$%u 0", i));
	return 0;
}

/* VG-O-real of external origin O: O's segments, read-only. */
static int external_node(struct dt_build *b, const struct lv *ext, struct dt_node **out)
{
	struct dt_node *real = dt_lv_node(b, ext, "real", NULL);
	*out = real;
	real->read_only = true;
	return real->n_targets ? 0 : dt_add_segments(b, ext, real);
}

int dt_thin_external_stack(struct dt_build *b, const struct lv *lv, struct dt_node *n)
{
	struct dt_node *real;
	int r;
	if (!thin_is_external_origin(b->vg, lv))
		return 0;
	if ((r = external_node(b, lv, &real)))
		return r;
	unsigned i = dt_dep(b->tree, n, real);
	dt_target(b->tree, n, 0, lv->size_extents * b->vg->extent_size, "linear", arena_printf(b->tree->a, "$%u 0", i));
	return 1;
}

static int thin_build(struct dt_build *b, const struct lv *lv, const struct lv_seg *seg, struct dt_node *node)
{
	const struct lv *pool = vg_find_lv(b->vg, seg->thin->pool_lv);
	const struct lv *ext = seg->thin->external_origin ? vg_find_lv(b->vg, seg->thin->external_origin) : NULL;
	struct dt_node *tp, *en;
	int r;
	if (seg->thin->external_origin && !ext) {
		snprintf(b->err, sizeof(b->err), "external origin %s is missing", seg->thin->external_origin);
		return -EINVAL;
	}
	if (!pool || !lv_is_thin_pool(pool)) {
		snprintf(b->err, sizeof(b->err), "thin pool %s is missing", seg->thin->pool_lv);
		return -EINVAL;
	}
	if ((r = dt_thin_pool_stack(b, pool, &tp)))
		return r;
	unsigned i = dt_dep(b->tree, node, tp);
	if (ext) {	/* thin <pool> <id> <external origin's -real> */
		if ((r = external_node(b, ext, &en)))
			return r;
		unsigned e = dt_dep(b->tree, node, en);
		dt_target(b->tree, node, 0, lv->size_extents * b->vg->extent_size, "thin",
			  arena_printf(b->tree->a, "$%u %u $%u", i, seg->thin->device_id, e));
		return 0;
	}
	dt_target(b->tree, node, 0, lv->size_extents * b->vg->extent_size, "thin",
		  arena_printf(b->tree->a, "$%u %u", i, seg->thin->device_id));
	return 0;
}

int thin_pool_status_parse(const char *params, struct thin_pool_status *s)
{
	memset(s, 0, sizeof(*s));
	if (!strcmp(params, "Fail")) {
		s->failed = true;
		return 0;
	}
	char mode[24] = "";	/* "out_of_data_space" is 17 characters */
	if (sscanf(params, "%" SCNu64 " %" SCNu64 "/%" SCNu64 " %" SCNu64 "/%" SCNu64 " %*s %23s",
		   &s->transaction_id, &s->meta_used, &s->meta_total, &s->data_used, &s->data_total, mode) < 5)
		return -EINVAL;
	s->read_only = !strcmp(mode, "ro");
	s->out_of_space = !strcmp(mode, "out_of_data_space");
	s->needs_check = strstr(params, "needs_check") != NULL;
	/* the discard feature words (thin-provisioning.txt; "no_" first) */
	s->discards = strstr(params, " ignore_discard") ? "ignore"
		      : strstr(params, " no_discard_passdown") ? "nopassdown"
		      : strstr(params, " discard_passdown") ? "passdown" : NULL;
	return 0;
}

static int pool_status(const struct dm_target_line *line, struct dt_status *st)
{
	struct thin_pool_status s;
	memset(st, 0, sizeof(*st));
	if (thin_pool_status_parse(line->params, &s))
		return -EINVAL;
	if (s.failed) {
		st->health = DT_FAILED;
		return 0;
	}
	st->has_percent = true;
	st->numer = s.data_used;
	st->denom = s.data_total;
	if (s.read_only || s.out_of_space || s.needs_check)
		st->health = DT_DEGRADED;
	return 0;
}

/* thin: <mapped sectors> <highest mapped sector>|-, or Fail. */
static int thin_status(const struct dm_target_line *line, struct dt_status *st)
{
	uint64_t mapped;
	memset(st, 0, sizeof(*st));
	if (!strcmp(line->params, "Fail")) {
		st->health = DT_FAILED;
		return 0;
	}
	if (sscanf(line->params, "%" SCNu64, &mapped) != 1)
		return -EINVAL;
	st->has_percent = true;
	st->numer = mapped;
	st->denom = line->len;
	return 0;
}

const struct dt_target_type dt_target_thin_pool = {
	.segtype = "thin-pool",
	.dm_types = (const char *const[]){"thin-pool", NULL},
	.build = pool_build,
	.status = pool_status,
};

const struct dt_target_type dt_target_thin = {
	.segtype = "thin",
	.dm_types = (const char *const[]){"thin", NULL},
	.build = thin_build,
	.status = thin_status,
};
