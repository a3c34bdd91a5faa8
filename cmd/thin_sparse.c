/* lvcreate -V SIZE -L|-l SIZE [-s] [-n NAME] VG|VG/POOL [PV ...]: LVM2's
 * "thin LV with a new pool, or sparse snapshot" form. Without --type or -T
 * the kind is global/sparse_segtype_default's (LVM2's default "thin": a
 * new pool, named lvolN or by VG/POOL, and a thin LV in it; "snapshot": the
 * sparse snapshot of --type snapshot -V -L). Checks and messages are
 * LVM2 2.03.16's (tools/lvcreate.c _lvcreate_params), compared in the VM. */
#include <string.h>

#include "cmd/common.h"

int lvcreate_thin_or_sparse(struct cmd *c)
{
	const char *type = config_str(c->ctx.cfg, "global/sparse_segtype_default");
	if (arg_is_set(c, ARG_THIN) || arg_is_set(c, ARG_SEGTYPE))	/* -T, --type thin */
		type = "thin";
	if (!type)
		type = "thin";
	if (!arg_val(c, ARG_VIRTUALSIZE)->num) {
		log_error("--virtualsize may not be zero.");
		return EINVALID_CMD_LINE;
	}
	if (!strcmp(type, "snapshot") && (arg_is_set(c, ARG_STRIPES) || arg_is_set(c, ARG_STRIPESIZE))) {
		log_error("lvmgr does not stripe a sparse snapshot's COW LV: drop -i/-I (or use LVM2).");
		return ECMD_FAILED;
	}
	if (!strcmp(type, "snapshot"))
		return lvcreate_sparse_snapshot(c);
	if (strcmp(type, "thin")) {
		/* A type lvmgr knows takes no -V (LVM2 names its own three);
		 * any other name is an unknown type to LVM2. */
		if (segtype_find(type)) {
			log_error("--virtualsize is supported only with vdo,  sparse snapshots and thins.");
		} else {
			log_warn("Unrecognised segment type %s", type);
			log_error("Unable to create LV with unknown segment type %s.", type);
		}
		return EINVALID_CMD_LINE;
	}
	/* VG/NAME names the pool; with -s LVM2 takes it for the snapshot's
	 * name and refuses the mix. */
	if (arg_is_set(c, ARG_SNAPSHOT) && strchr(vg_name_arg(c->pos[0]), '/')) {
		log_error("Please either create snapshot or thin volume.");
		return ECMD_FAILED;
	}
	return lvcreate_thin(c);
}
