/* lvconvert --type thin-pool [--poolmetadata META] VG/DATA [PV ...] and its
 * variant lvconvert --thinpool VG/DATA (cmd/commands.c): LVM2's checks,
 * warning and prompt (tools/lvconvert.c _lvconvert_to_pool); the model
 * work is lvmgr/lv_thin_convert.c's. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd/common.h"
#include "cmd/lvcreate.h"
#include "lvmgr/base/units.h"
#include "lvmgr/lock.h"
#include "lvmgr/lv_thin.h"
#include "lvmgr/vgio.h"

int thin_pool_cmd_params(struct cmd *c, struct thin_pool_params *pp);	/* cmd/thin.c */

/* "VG/LV" (or /dev/VG/LV) into its parts; NULL vg when no slash. */
static void split(struct cmd *c, const char *arg, const char **vg, const char **lv)
{
	const char *s = vg_name_arg(arg), *slash;
	if (!strncmp(s, "/dev/", 5))
		s += 5;
	slash = strchr(s, '/');
	*vg = slash ? arena_strndup(&c->ctx.arena, s, (size_t)(slash - s)) : NULL;
	*lv = slash ? slash + 1 : s;
}

static int swap_metadata(struct cmd *c, struct vg *vg, const char *lvname, const char *marg);

int lvconvert_thin_pool(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	struct thin_convert tc = {0};
	const char *vgname, *lvname, *arg = arg_str(c, ARG_THINPOOL, NULL);
	const char *marg = arg_str(c, ARG_POOLMETADATA, NULL), *mvg = NULL, *mlv = NULL;
	char *const *pvs = c->pos + (arg ? 0 : 1);
	unsigned n_pvs = (unsigned)c->n_pos - (arg ? 0 : 1);
	struct vg *vg;
	struct lv *pool;

	if (!arg)
		arg = c->pos[0];
	split(c, arg, &vgname, &lvname);
	if (!vgname) {
		log_error("Please specify a logical volume path (VG/LV): %s", arg);
		return EINVALID_CMD_LINE;
	}
	if (marg && arg_is_set(c, ARG_POOLMETADATASIZE)) {
		log_error("Please specify either metadata logical volume or its size.");
		return EINVALID_CMD_LINE;
	}
	int pr = thin_pool_cmd_params(c, &tc.p);
	if (pr == -ERANGE)	/* a chunk size out of range: LVM2's lvconvert checks it late */
		return ECMD_FAILED;
	if (pr)
		return EINVALID_CMD_LINE;
	if (marg) {
		split(c, marg, &mvg, &mlv);
		if ((mvg && strcmp(mvg, vgname)) || !*mlv) {
			log_error("Metadata LV %s not found.", marg);
			return EINVALID_CMD_LINE;
		}
	}
	tc.p.lv.pvs = pvs;
	tc.p.lv.n_pvs = n_pvs;
	tc.p.lv.alloc = arg_str(c, ARG_ALLOC, NULL);
	const struct val *ra = arg_val(c, ARG_READAHEAD);
	tc.p.lv.read_ahead = ra ? (int64_t)ra->num : -2;
	if (marg && ra) {
		log_error("Option --readahead applies to a new metadata LV only (not with --poolmetadata).");
		return EINVALID_CMD_LINE;
	}
	/* -i/-I stripe the new metadata LV, as --readahead sets its read-ahead
	 * (LVM2's _lvconvert_to_pool: the allocation of the metadata) */
	bool striped = arg_is_set(c, ARG_STRIPES) || arg_is_set(c, ARG_STRIPESIZE);
	if (marg && striped) {
		log_error("Options --stripes and --stripesize apply to a new metadata LV only (not with --poolmetadata).");
		return EINVALID_CMD_LINE;
	}
	if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(x, vgname, VG_READ_FOR_UPDATE, &vg))
		return ECMD_FAILED;
	tc.p.lv.stripes = 1;
	tc.p.lv.stripe_size = 128;	/* LVM2's default 64 KiB */
	if (striped && new_stripe_args(c, vg, &tc.p.lv.stripes, &tc.p.lv.stripe_size))
		return EINVALID_CMD_LINE;
	if (!(tc.data = vg_find_lv(vg, lvname))) {
		log_error("Failed to find logical volume \"%s/%s\"", vgname, lvname);
		return ECMD_FAILED;
	}
	/* LVM2's ambiguous variant: --thinpool of a pool swaps its metadata
	 * (_lvconvert_to_pool_or_swap_metadata_single). */
	if (arg_is_set(c, ARG_THINPOOL) && lv_is_thin_pool(tc.data)) {
		if (!marg) {
			log_error("The --poolmetadata option is required to swap metadata.");
			return ECMD_FAILED;
		}
		return swap_metadata(c, vg, lvname, marg);
	}
	if (marg && !(tc.meta = vg_find_lv(vg, mlv))) {
		log_error("Unknown pool metadata LV %s.", mlv);
		return ECMD_FAILED;
	}
	if (lv_thin_pool_convert_check(x, vg, &tc))
		return ECMD_FAILED;
	const char *names = tc.meta ? arena_printf(&x->arena, "%s/%s and %s/%s", vgname, lvname, vgname, mlv)
				    : arena_printf(&x->arena, "%s/%s", vgname, lvname);
	log_warn("Converting %s to thin pool's data%s with metadata wiping.", names,
		 tc.meta ? " and metadata volumes" : " volume");
	/* LVM2 prints this line as a warning without the prefix. */
	fputs("  THIS WILL DESTROY CONTENT OF LOGICAL VOLUME (filesystem etc.)\n", stderr);
	if (!cmd_confirm(c, "Do you really want to convert %s?", names)) {
		log_error("Conversion aborted.");
		return ECMD_FAILED;
	}
	if (lv_thin_pool_convert(x, vg, &tc, &pool))
		return ECMD_FAILED;
	log_print("Converted %s to thin pool.", names);
	return ECMD_PROCESSED;
}

/* lvconvert --repair VG/POOL [PV ...]: the thin pool's half of
 * lvconvert_repair (cmd/lvconvert_repair.c), which read the VG. */
int lvconvert_repair_thin_pool(struct cmd *c, struct vg *vg, struct lv *lv)
{
	if (lv_thin_pool_repair(&c->ctx, vg, lv, arg_yesno(c, ARG_POOLMETADATASPARE, 1), c->pos + 1,
				(unsigned)c->n_pos - 1))
		return ECMD_FAILED;
	return ECMD_PROCESSED;
}

/* lvconvert --swapmetadata --poolmetadata META VG/POOL: LVM2's
 * _lvconvert_swap_pool_metadata_single and _lvconvert_swap_pool_metadata
 * (checks, the --chunksize rules, the prompt); the swap is
 * lvmgr/lv_thin_swap.c's. vg: read for update. */
static int swap_metadata(struct cmd *c, struct vg *vg, const char *lvname, const char *marg)
{
	struct ctx *x = &c->ctx;
	const char *mvg, *mlv, *vgname = vg->name;
	struct lv *pool, *meta;
	uint32_t chunk = 0;
	char b1[64], b2[64];

	split(c, marg, &mvg, &mlv);
	if (mvg && strcmp(mvg, vgname)) {
		log_error("VG name mismatch from position arg (%s) and option arg (%s).", vgname, mvg);
		return ECMD_FAILED;
	}
	if (!(pool = vg_find_lv(vg, lvname))) {
		log_error("Failed to find logical volume \"%s/%s\"", vgname, lvname);
		return ECMD_FAILED;
	}
	if (!lv_is_thin_pool(pool)) {	/* the form's LV_thinpool_cachepool */
		const char *type = lv_is_thin(pool) ? "thin" : pool->n_segs ? seg_display_type(&pool->segs[0]) : "unknown";
		log_error("Command on LV %s/%s does not accept LV type %s.", vgname, lvname, type);
		log_error("Command not permitted on LV %s/%s.", vgname, lvname);
		return ECMD_FAILED;
	}
	if (!(meta = vg_find_lv(vg, mlv))) {
		log_error("Metadata LV %s not found.", mlv);
		return ECMD_FAILED;
	}
	if (lv_thin_swap_check(x, vg, pool, meta))
		return ECMD_FAILED;
	/* Normally the chunk size stays; with thin LVs in the pool only
	 * with --force, a warning and a question (LVM2). lvmgr checks a
	 * new chunk size in every case (LVM2 takes any without thin LVs). */
	if (arg_is_set(c, ARG_CHUNKSIZE)) {
		uint64_t v;
		uint32_t cur = pool->segs[0].thin->chunk_size;
		bool used = false;
		for (unsigned l = 0; l < vg->n_lvs && !used; l++)
			used = lv_is_thin(vg->lvs[l]) && !strcmp(vg->lvs[l]->segs[0].thin->pool_lv, pool->name);
		if (arg_size(c, ARG_CHUNKSIZE, 0, &v))
			return EINVALID_CMD_LINE;
		if (v != cur && used) {
			if (!arg_is_set(c, ARG_FORCE)) {
				log_error("Chunk size can be only changed with --force. Conversion aborted.");
				return ECMD_FAILED;
			}
		}
		if (v > UINT32_MAX || thin_chunk_check((uint32_t)v))
			return ECMD_FAILED;
		if (v != cur && used) {
			log_warn("Changing chunk size %s to %s for %s/%s pool volume.",
				 units_format_long(cur, b1, sizeof(b1)), units_format_long(v, b2, sizeof(b2)), vgname,
				 lvname);
			if (!cmd_confirm(c, "Do you really want to change chunk size for %s/%s pool volume?", vgname,
					 lvname)) {
				log_error("Conversion aborted.");
				return ECMD_FAILED;
			}
		}
		chunk = (uint32_t)v;
	}
	if (!cmd_confirm(c, "Do you want to swap metadata of %s/%s pool with metadata volume %s/%s?", vgname, lvname,
			 vgname, mlv)) {
		log_error("Conversion aborted.");
		return ECMD_FAILED;
	}
	if (lv_thin_swap_metadata(x, vg, pool, meta, chunk))
		return ECMD_FAILED;
	return ECMD_PROCESSED;
}

int lvconvert_swap_metadata(struct cmd *c)
{
	const char *vgname, *lvname, *marg = arg_str(c, ARG_POOLMETADATA, NULL);
	struct vg *vg;
	split(c, c->pos[0], &vgname, &lvname);
	if (!vgname) {
		log_error("Please specify a logical volume path (VG/LV): %s", c->pos[0]);
		return EINVALID_CMD_LINE;
	}
	if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(&c->ctx, vgname, VG_READ_FOR_UPDATE, &vg))
		return ECMD_FAILED;
	return swap_metadata(c, vg, lvname, marg);
}
