/* lvcreate --type raid1 and lvcreate -m: the raid options as LVM2's
 * lvcreate takes them (tools/lvcreate.c _read_mirror_and_raid_params),
 * then lvcreate's one path (cmd/lvresize.c) and lv_create. */
#include <string.h>

#include "cmd/common.h"
#include "cmd/lvcreate.h"

/* DEFAULT_RAID1_MAX_IMAGES */
#define RAID1_MAX_IMAGES 64

static int raid_params(struct cmd *c, const struct vg *vg, struct lv_create_params *p)
{
	uint64_t m = 1, region = 0;
	(void)vg;
	if (arg_is_set(c, ARG_MIRRORS))
		m = arg_val(c, ARG_MIRRORS)->num;
	if (!m) {
		log_error("--mirrors must be at least 1 with segment type %s.", p->segtype->name);
		log_error("Run `lvcreate --help' for more information.");
		return -1;
	}
	if (m + 1 > RAID1_MAX_IMAGES) {
		log_error("Only up to %u mirrors in %s supported currently.", RAID1_MAX_IMAGES,
			  p->segtype->name);
		return -1;
	}
	if (arg_is_set(c, ARG_REGIONSIZE))
		region = arg_val(c, ARG_REGIONSIZE)->num;
	p->mirrors = (unsigned)m;
	p->region_size = (uint32_t)region;
	p->nosync = arg_is_set(c, ARG_NOSYNC);
	return 0;
}

int lvcreate_raid1(struct cmd *c)
{
	const struct segtype *st = &segtype_raid1;
	/* -m without --type: global/mirror_segtype_default (raid1 unless
	 * set to mirror, which lvmgr does not create yet). */
	if (!arg_is_set(c, ARG_SEGTYPE)) {
		const char *d = config_str(c->ctx.cfg, "global/mirror_segtype_default");
		if (d && strcmp(d, "raid1")) {
			log_error("global/mirror_segtype_default = \"%s\": lvmgr creates only raid1 mirrors yet (use --type raid1).",
				  d);
			return ECMD_FAILED;
		}
	}
	return lvcreate_with(c, st, false, raid_params);
}
