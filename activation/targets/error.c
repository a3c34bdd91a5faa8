/* error: every I/O fails. No parameters, no status. */
#include "activation/targets/targets.h"

static int error_build(struct dt_build *b, const struct lv *lv, const struct lv_seg *seg, struct dt_node *node)
{
	uint64_t es = b->vg->extent_size;
	(void)lv;
	dt_target(b->tree, node, seg->start_extent * es, seg->extent_count * es, "error", "");
	return 0;
}

const struct dt_target_type dt_target_error = {
	.segtype = "error",
	.dm_types = (const char *const[]){"error", NULL},
	.build = error_build,
	.status = dt_status_healthy,
};
