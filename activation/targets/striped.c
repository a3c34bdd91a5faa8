/* striped (LVM2's segment type for linear LVs too): one area is the
 * kernel's linear target, `<dev> <offset>`; more are striped,
 * `<n> <chunk sectors> <dev> <offset> ...`. offset = pe_start + pe *
 * extent_size, in sectors. Neither target reports anything in its status
 * line but the devices' numbers. */
#include <errno.h>
#include <inttypes.h>

#include "activation/targets/targets.h"

static int striped_build(struct dt_build *b, const struct lv *lv, const struct lv_seg *seg,
			 struct dt_node *node)
{
	uint64_t es = b->vg->extent_size;
	struct strbuf sb;
	int r;

	(void)lv;
	sb_init(&sb);
	if (seg->n_areas > 1)
		sb_printf(&sb, "%u %u", seg->n_areas, seg->stripe_size);
	for (unsigned k = 0; k < seg->n_areas; k++) {
		const struct seg_area *ar = &seg->areas[k];
		const char *dev;
		if ((r = dt_pv_dev(b, ar, &dev))) {
			sb_free(&sb);
			return r;
		}
		sb_printf(&sb, "%s%s %" PRIu64, sb.len ? " " : "", dev, ar->pv->pe_start + ar->pe * es);
	}
	dt_target(b->tree, node, seg->start_extent * es, seg->extent_count * es,
		  seg->n_areas > 1 ? "striped" : "linear", sb.buf ? sb.buf : "");
	sb_free(&sb);
	return 0;
}

const struct dt_target_type dt_target_striped = {
	.segtype = "striped",
	.dm_types = (const char *const[]){"linear", "striped", NULL},
	.build = striped_build,
	.status = dt_status_healthy,
};
