/* lvchange --alloc POLICY, -C y|n and -r auto|none|N (lvchange_alloc.h):
 * LVM2 2.03.16's _lvchange_alloc and _lvchange_readahead (tools/lvchange.c).
 * -C y is --alloc contiguous, -C n is --alloc inherit; the value the LV
 * already has is an error (LVM2). Read-ahead in sectors, a multiple of
 * the page size (rounded down, at least one page, with LVM2's warning). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "cmd/common.h"
#include "cmd/lvchange_alloc.h"

bool lvchange_alloc_set(const struct cmd *c)
{
	return arg_is_set(c, ARG_ALLOC) || arg_is_set(c, ARG_CONTIGUOUS) || arg_is_set(c, ARG_READAHEAD);
}

static int change_alloc(struct cmd *c, const struct vg *vg, struct lv *lv)
{
	const char *alloc = arg_str(c, ARG_ALLOC, NULL);
	if (!alloc && !arg_is_set(c, ARG_CONTIGUOUS))
		return 0;
	if (!alloc)
		alloc = arg_yesno(c, ARG_CONTIGUOUS, 0) ? "contiguous" : "inherit";
	const char *cur = lv->alloc ? lv->alloc : "inherit";
	if (!strcmp(cur, alloc)) {
		log_error("Allocation policy of logical volume %s/%s is already %s.", vg->name, lv->name, alloc);
		return -EEXIST;
	}
	lv->alloc = strcmp(alloc, "inherit") ? alloc : NULL;
	return 1;
}

static int change_read_ahead(struct cmd *c, const struct vg *vg, struct lv *lv)
{
	const struct val *ra = arg_val(c, ARG_READAHEAD);
	if (!ra)
		return 0;
	int64_t want = (int64_t)ra->num;	/* -2 auto, -1 none (cmd/values.c) */
	int64_t page = sysconf(_SC_PAGESIZE) / 512;
	if (want >= 0 && want % page) {
		want = want < page ? page : want / page * page;
		log_warn("Overriding readahead to %lld sectors, a multiple of %lldK page size.",
			 (long long)want, (long long)page / 2);
	}
	/* LVM2 stores none as 0 sectors: "-r 0" and "-r none" are one value */
	int64_t cur = lv->read_ahead == 0 ? -1 : lv->read_ahead;
	if (cur == (want == 0 ? -1 : want)) {
		if (want == -2)
			log_error("Read ahead is already auto for %s/%s.", vg->name, lv->name);
		else
			log_error("Read ahead is already %lld for %s/%s.", (long long)(want < 0 ? 0 : want),
				  vg->name, lv->name);
		return -EEXIST;
	}
	lv->read_ahead = want == 0 ? -1 : want;
	return 1;
}

int lvchange_alloc_ra(struct cmd *c, const struct vg *vg, struct lv *lv, bool *reload)
{
	int a = change_alloc(c, vg, lv);
	int r = change_read_ahead(c, vg, lv);
	if (a < 0 || r < 0)
		return a < 0 ? a : r;
	*reload |= r > 0;
	return a > 0 || r > 0;
}
