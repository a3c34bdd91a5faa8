/* lvcreate --type raid1|mirror and lvcreate -m: the options as LVM2's
 * lvcreate takes them (tools/lvcreate.c _read_mirror_and_raid_params),
 * then lvcreate's one path (cmd/lvresize.c) and lv_create. */
#include <string.h>

#include "cmd/common.h"
#include "cmd/lvcreate.h"

/* LVM2's DEFAULT_RAID1_MAX_IMAGES, DEFAULT_MIRROR_MAX_IMAGES */
#define RAID1_MAX_IMAGES 64
#define MIRROR_MAX_IMAGES 8

static int mirrored_params(struct cmd *c, const struct vg *vg, struct lv_create_params *p)
{
	bool mirror = p->segtype == &segtype_mirror;
	unsigned max = mirror ? MIRROR_MAX_IMAGES : RAID1_MAX_IMAGES;
	uint64_t m = 1, region = 0;
	(void)vg;
	if (arg_is_set(c, ARG_MIRRORS)) {
		m = arg_val(c, ARG_MIRRORS)->num;
		if (arg_val(c, ARG_MIRRORS)->sign) {
			arg_invalid(ARG_MIRRORS, arg_str(c, ARG_MIRRORS, ""));
			return -1;
		}
	}
	if (!m) {
		log_error("--mirrors must be at least 1 with segment type %s.", p->segtype->name);
		return -1;
	}
	if (m + 1 > max) {
		log_error("Only up to %u mirrors in %s supported currently.", max, p->segtype->name);
		return -1;
	}
	if (arg_is_set(c, ARG_REGIONSIZE))
		region = arg_val(c, ARG_REGIONSIZE)->num;
	p->mirrors = (unsigned)m;
	p->region_size = (uint32_t)region;
	p->nosync = arg_is_set(c, ARG_NOSYNC);
	/* KiB/s (the options in sectors), checked as LVM2's
	 * _read_mirror_and_raid_params: an unset maximum is 0, so a minimum
	 * alone is refused too */
	if (arg_is_set(c, ARG_MINRECOVERYRATE) || arg_is_set(c, ARG_MAXRECOVERYRATE)) {
		p->min_recovery_rate = (uint32_t)(arg_is_set(c, ARG_MINRECOVERYRATE) ? arg_val(c, ARG_MINRECOVERYRATE)->num / 2 : 0);
		p->max_recovery_rate = (uint32_t)(arg_is_set(c, ARG_MAXRECOVERYRATE) ? arg_val(c, ARG_MAXRECOVERYRATE)->num / 2 : 0);
		if (p->min_recovery_rate > p->max_recovery_rate) {
			log_error("Minimum recovery rate cannot be higher than maximum.");
			return -1;
		}
	}
	if (arg_is_set(c, ARG_MIRRORLOG) && !mirror) {
		/* -m without --type (raid1 by default); --type raid1 never
		 * gets here: its command form has no --mirrorlog */
		log_error("--mirrorlog is supported only with mirrors.");
		return -1;
	}
	const char *log = arg_str(c, ARG_MIRRORLOG, "disk");
	/* mirrored: LVM2 checks global/support_mirrored_mirror_log only
	 * once the images are allocated (lv_mirror.c) */
	p->mirrored_log = mirror && !strcmp(log, "mirrored");
	p->disk_log = mirror && (!strcmp(log, "disk") || p->mirrored_log);
	return 0;
}

int lvcreate_raid1(struct cmd *c)
{
	const struct segtype *st = &segtype_raid1;
	/* -m without --type: global/mirror_segtype_default. */
	if (!arg_is_set(c, ARG_SEGTYPE)) {
		const char *d = config_str(c->ctx.cfg, "global/mirror_segtype_default");
		if (d && !strcmp(d, "mirror"))
			st = &segtype_mirror;
		else if (d && strcmp(d, "raid1")) {
			log_error("Invalid global/mirror_segtype_default \"%s\" (raid1 or mirror).", d);
			return ECMD_FAILED;
		}
	}
	return lvcreate_with(c, st, false, mirrored_params);
}

int lvcreate_mirror(struct cmd *c)
{
	return lvcreate_with(c, &segtype_mirror, false, mirrored_params);
}
