/* mirror (LVM2's old mirroring, the kernel's dm-mirror): each image (and a
 * disk log) is a device of its own (vg-lv_mimage_K, vg-lv_mlog), and the
 * LV's table is, as LVM2's _mirrored_add_target_line writes it,
 *   mirror core 1|2 <region> [nosync] <n> <image> 0 ... 1 handle_errors
 *   mirror disk 2|3 <log> <region> [nosync] <n> <image> 0 ... 1 handle_errors
 * (pvmove's mirrors have PV areas and no handle_errors). Status:
 *   <n> <dev>... <in sync>/<regions> 1 <health chars> <log args>. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activation/targets/targets.h"
#include "metadata/segtypes/raid.h"

static int lv_dep(struct dt_build *b, struct dt_node *node, const char *name, unsigned *dep)
{
	const struct lv *sub = name ? vg_find_lv(b->vg, name) : NULL;
	struct dt_node *n;
	int r;
	if (!sub) {
		snprintf(b->err, sizeof(b->err), "mirror sub-LV %s is not in the VG", name ? name : "(none)");
		return -EINVAL;
	}
	if ((r = dt_add_lv(b, sub, &n)))
		return r;
	*dep = dt_dep(b->tree, node, n);
	return 0;
}

static int mirror_build(struct dt_build *b, const struct lv *lv, const struct lv_seg *seg, struct dt_node *node)
{
	const struct seg_raid *rd = seg->raid;
	uint64_t es = b->vg->extent_size;
	uint32_t st = lv->flags.status | lv->flags.compat;
	bool nosync = st & LV_NOTSYNCED, pvmove = st & LV_PVMOVE;
	uint32_t region = rd && rd->region_size ? rd->region_size : RAID_REGION_SIZE_DEFAULT;
	struct strbuf sb;
	unsigned d;
	int r = 0;

	if (!rd || !seg->n_areas) {
		snprintf(b->err, sizeof(b->err), "mirror segment without images");
		return -EINVAL;
	}
	sb_init(&sb);
	if (rd->log) {
		if ((r = lv_dep(b, node, rd->log, &d)))
			goto out;
		sb_printf(&sb, "disk %u $%u %u", nosync ? 3 : 2, d, region);
	} else
		sb_printf(&sb, "core %u %u", nosync ? 2 : 1, region);
	sb_printf(&sb, "%s %u", nosync ? " nosync" : "", seg->n_areas);
	for (unsigned k = 0; k < seg->n_areas; k++) {
		const struct seg_area *ar = &seg->areas[k];
		if (ar->kind == AREA_LV) {
			if ((r = lv_dep(b, node, ar->lv_name, &d)))
				goto out;
			sb_printf(&sb, " $%u %" PRIu64, d, ar->le * es);
		} else {
			const char *dev;
			if ((r = dt_pv_dev(b, ar, &dev)))
				goto out;
			sb_printf(&sb, " %s %" PRIu64, dev, ar->pv->pe_start + ar->pe * es);
		}
	}
	if (!pvmove)
		sb_adds(&sb, " 1 handle_errors");
	dt_target(b->tree, node, seg->start_extent * es, seg->extent_count * es, "mirror", sb.buf);
out:
	sb_free(&sb);
	return r;
}

static int mirror_status(const struct dm_target_line *line, struct dt_status *st)
{
	const char *p = line->params;
	char *end;
	unsigned long n = strtoul(p, &end, 10);
	memset(st, 0, sizeof(*st));
	if (end == p || n > 64)
		return -EINVAL;
	p = end;
	for (unsigned long i = 0; i < n; i++) {	/* the devices */
		while (*p == ' ')
			p++;
		p += strcspn(p, " ");
	}
	uint64_t numer, denom;
	unsigned nh;
	char health[72];
	if (sscanf(p, " %" SCNu64 "/%" SCNu64 " %u %71s", &numer, &denom, &nh, health) != 4)
		return -EINVAL;
	st->has_percent = true;
	st->numer = numer;
	st->denom = denom;
	if (strchr(health, 'D') || strchr(health, 'F') || strchr(health, 'S') || strchr(health, 'R'))
		st->health = DT_DEGRADED;
	return 0;
}

const struct dt_target_type dt_target_mirror = {
	.segtype = "mirror",
	.dm_types = (const char *const[]){"mirror", NULL},
	.build = mirror_build,
	.status = mirror_status,
};
