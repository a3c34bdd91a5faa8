/* raid1 (LVM2's segment type; the kernel's dm-raid target): each image and
 * its metadata LV are devices of their own (vg-lv_rmeta_K, vg-lv_rimage_K,
 * uuids without a suffix), and the LV's table is
 *   raid raid1 <#params> 0 [nosync] region_size <sectors> <n> <meta> <image> ...
 * as LVM2's _raid_add_target_line writes it (the 0 is raid1's chunk size).
 * Status: raid1 <n> <health chars> <in sync>/<total> <sync action>
 * <mismatches> ... (the kernel's Documentation/admin-guide/device-mapper/
 * dm-raid.rst). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activation/targets/targets.h"
#include "metadata/segtypes/raid.h"

static int sub_node(struct dt_build *b, struct dt_node *node, const char *name, unsigned *dep)
{
	const struct lv *sub = name ? vg_find_lv(b->vg, name) : NULL;
	struct dt_node *n;
	int r;
	if (!sub) {
		snprintf(b->err, sizeof(b->err), "raid1 sub-LV %s is not in the VG", name ? name : "(none)");
		return -EINVAL;
	}
	if ((r = dt_add_lv(b, sub, &n)))
		return r;
	*dep = dt_dep(b->tree, node, n);
	return 0;
}

static int raid_build(struct dt_build *b, const struct lv *lv, const struct lv_seg *seg, struct dt_node *node)
{
	const struct seg_raid *rd = seg->raid;
	uint64_t es = b->vg->extent_size;
	bool nosync = (lv->flags.status | lv->flags.compat) & LV_NOTSYNCED;
	struct strbuf sb;
	int r = 0;

	if (!rd || !seg->n_areas) {
		snprintf(b->err, sizeof(b->err), "raid1 segment without images");
		return -EINVAL;
	}
	/* The optional arguments in libdevmapper's order (dm-raid >= 1.11):
	 * [nosync] [rebuild K]... [min_recovery_rate R] [max_recovery_rate R]
	 * [write_mostly K]... [max_write_behind N] region_size S. Images
	 * flagged REBUILD (new ones, lvconvert) are rebuilt; WRITEMOSTLY ones
	 * (lvchange --writemostly) are read only when no other image can be. */
	struct strbuf opt;
	unsigned nparams = nosync ? 4 : 3;
	sb_init(&opt);
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1 && rd->min_recovery_rate) {
			sb_printf(&opt, " min_recovery_rate %u", rd->min_recovery_rate);
			nparams += 2;
		}
		if (pass == 1 && rd->max_recovery_rate) {
			sb_printf(&opt, " max_recovery_rate %u", rd->max_recovery_rate);
			nparams += 2;
		}
		for (unsigned k = 0; k < seg->n_areas; k++) {
			const struct lv *img = seg->areas[k].kind == AREA_LV ? vg_find_lv(b->vg, seg->areas[k].lv_name) : NULL;
			if (img && (img->flags.status & (pass ? LV_WRITEMOSTLY : LV_REBUILD))) {
				sb_printf(&opt, pass ? " write_mostly %u" : " rebuild %u", k);
				nparams += 2;
			}
		}
	}
	if (rd->writebehind) {
		sb_printf(&opt, " max_write_behind %u", rd->writebehind);
		nparams += 2;
	}
	sb_init(&sb);
	sb_printf(&sb, "raid1 %u 0%s%s region_size %u %u", nparams, nosync ? " nosync" : "", opt.buf ? opt.buf : "",
		  rd->region_size ? rd->region_size : RAID_REGION_SIZE_DEFAULT, seg->n_areas);
	sb_free(&opt);
	for (unsigned k = 0; k < seg->n_areas && !r; k++) {
		unsigned dm = 0, di = 0;
		if (seg->areas[k].kind != AREA_LV) {
			snprintf(b->err, sizeof(b->err), "raid1 image %u is not an LV", k);
			r = -EINVAL;
			break;
		}
		/* A tracked image (split with --trackchanges) is out of the
		 * array: "- -", as LVM2's _add_areas_line writes a missing
		 * device, and its devices are not the LV's. */
		const struct lv *img = vg_find_lv(b->vg, seg->areas[k].lv_name);
		if (img && raid_image_is_tracked(img)) {
			sb_printf(&sb, " - -");
			continue;
		}
		if (!(r = sub_node(b, node, rd->meta[k], &dm)) && !(r = sub_node(b, node, seg->areas[k].lv_name, &di)))
			sb_printf(&sb, " $%u $%u", dm, di);
	}
	if (!r)
		dt_target(b->tree, node, seg->start_extent * es, seg->extent_count * es, "raid", sb.buf);
	sb_free(&sb);
	return r;
}

/* "raid1 2 AA 16384/16384 idle 0 0 -": 'D' is a dead image (degraded),
 * 'a' one alive but not in sync yet. */
static int raid_status(const struct dm_target_line *line, struct dt_status *st)
{
	char type[16], health[260], action[16] = "";
	unsigned n;
	uint64_t numer, denom, mm = 0;
	memset(st, 0, sizeof(*st));
	if (sscanf(line->params, "%15s %u %259s %" SCNu64 "/%" SCNu64 " %15s %" SCNu64, type, &n, health, &numer,
		   &denom, action, &mm) < 5 || strlen(health) != n)
		return -EINVAL;
	/* Kernels before dm-raid 1.5 have no sync action: "idle" then. */
	snprintf(st->sync_action, sizeof(st->sync_action), "%s", action[0] ? action : "idle");
	st->mismatches = mm;
	st->raid_images = n;
	snprintf(st->raid_health, sizeof(st->raid_health), "%s", health);
	for (unsigned k = 0; k < n; k++) {
		st->raid_dead += health[k] == 'D';
		st->raid_unsynced += health[k] == 'a';
	}
	st->has_percent = true;
	st->numer = numer;
	st->denom = denom;
	if (strchr(health, 'D'))
		st->health = DT_DEGRADED;
	return 0;
}

const struct dt_target_type dt_target_raid1 = {
	.segtype = "raid1",
	.dm_types = (const char *const[]){"raid", NULL},
	.build = raid_build,
	.status = raid_status,
};
