/* A thin pool that is full or nearly so (lv_thin.h): what lvcreate of a
 * thin LV says and refuses, as LVM2 2.03's pool_below_threshold
 * (lib/metadata/thin_manip.c) when _lv_create_an_lv puts a thin LV into
 * an existing pool. The fill warnings at 80/90/95% are dmeventd's (its
 * thin plugin, while it monitors the pool), not a command's: lvmgr has
 * no monitoring daemon and prints none of them. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "activation/dtree.h"
#include "activation/targets/targets.h"
#include "lvmgr/config.h"
#include "lvmgr/lv_thin.h"

/* LVM2's dm_percent_t: hundredths of a percent times 10^4 (100% is
 * 100000000), never 0 for some, never 100% for not all. */
static int64_t percent(uint64_t n, uint64_t d)
{
	const int64_t full = 100000000;
	if (!d || n >= d)
		return full;
	if (!n)
		return 0;
	int64_t p = (int64_t)((double)full * (double)n / (double)d);
	return p >= full ? full - 1 : p ? p : 1;
}

static const char *pct_str(char *buf, size_t len, int64_t p)
{
	snprintf(buf, len, "%.2f", (double)p / 1000000.0);
	return buf;
}

int thin_create_allowed(struct ctx *x, const struct vg *vg, const struct lv *pool)
{
	struct thin_pool_status s;
	if (x->test || thin_pool_kernel_status(x, vg, pool, &s))
		return 0;	/* not live: nothing the kernel could tell */
	const struct lv *tmeta = vg_find_lv(vg, pool->segs[0].thin->metadata_lv);
	int64_t thr = config_int(x->cfg, "activation/thin_pool_autoextend_threshold");
	int64_t threshold = (thr > 100 ? 100 : thr) * 1000000;
	/* the metadata must keep 4 MiB or a quarter free, whichever is less */
	int64_t meta_free = percent(8192, tmeta ? tmeta->size_extents * vg->extent_size : 8192);
	if (meta_free > 25000000)
		meta_free = 25000000;
	int64_t min_threshold = 100000000 - meta_free;
	bool ok = true;
	char a[16], b[16];
	if (s.failed || s.out_of_space || s.needs_check || s.read_only) {
		log_warn("Thin pool %s/%s%s%s%s%s.", vg->name, pool->name, s.failed ? " is failed" : "",
			 s.out_of_space ? " is out of data space" : "", s.needs_check ? " needs check" : "",
			 s.read_only ? " has read-only metadata" : "");
		ok = false;
	}
	if (!s.failed) {
		int64_t data = percent(s.data_used, s.data_total), meta = percent(s.meta_used, s.meta_total);
		if (data > threshold)
			ok = false;
		if (meta >= min_threshold) {
			log_warn("Remaining free space in metadata of thin pool %s/%s is too low (%s%% >= %s%%). Resize is recommended.",
				 vg->name, pool->name, pct_str(a, sizeof(a), meta), pct_str(b, sizeof(b), min_threshold));
			ok = false;
		}
		if (meta > threshold)
			ok = false;
	}
	if (ok)
		return 0;
	log_error("Cannot create new thin volume, free space in thin pool %s/%s reached threshold.", vg->name,
		  pool->name);
	return -ENOSPC;
}
