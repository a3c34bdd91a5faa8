/* -k|--setactivationskip and -M|--persistent (lvflags.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmd/lvflags.h"
#include "lvmgr/activate.h"

#define DM_MINOR_MAX 1048575	/* LVM2's validate_major_minor: 20 bits */

int lvcreate_flag_params(struct cmd *c, struct lv_create_params *p, bool skip_default, bool *skip)
{
	p->compat_flags = arena_alloc(&c->ctx.arena, 3 * sizeof(*p->compat_flags));
	p->n_compat_flags = 0;
	*skip = arg_yesno(c, ARG_SETACTIVATIONSKIP, skip_default) == 1;
	if (*skip)
		p->compat_flags[p->n_compat_flags++] = "ACTIVATION_SKIP";
	if (arg_yesno(c, ARG_SETAUTOACTIVATION, 1) == 0)
		p->compat_flags[p->n_compat_flags++] = "NOAUTOACTIVATE";
	int r = lv_persistent_args(c, &p->major, &p->minor);
	if (r != -ENOENT && r)
		return r;
	p->fixed_minor = !r && p->minor >= 0;
	return 0;
}

/* The kernel's device-mapper major (/proc/devices), 0 when it has none:
 * what LVM2 stores then. */
static int64_t dm_major(void)
{
	FILE *f = fopen("/proc/devices", "re");
	char line[128], name[64];
	int64_t major = 0;
	int m;
	bool block = false;
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Block devices:", 14))
			block = true;
		else if (block && sscanf(line, "%d %63s", &m, name) == 2 && !strcmp(name, "device-mapper"))
			major = m;
	}
	fclose(f);
	return major;
}

int lv_persistent_args(struct cmd *c, int64_t *major, int64_t *minor)
{
	int p = arg_yesno(c, ARG_PERSISTENT, -1);
	uint64_t v;
	/* lvcreate --minor N alone is -My (LVM2's get_and_validate_major_minor
	 * defaults -M to y); lvchange's table wants -My with it */
	if (p < 0 && arg_is_set(c, ARG_MINOR) && !strcmp(c->def->name, "lvcreate"))
		p = 1;
	if (p < 0) {
		if (arg_is_set(c, ARG_MINOR) || arg_is_set(c, ARG_MAJOR)) {
			log_error("--major and --minor go with -My.");
			return -EINVAL;
		}
		return -ENOENT;
	}
	if (arg_count(c, ARG_MINOR) > 1) {
		log_error("Option --minor may not be repeated.");
		return -EINVAL;
	}
	if (arg_count(c, ARG_MAJOR) > 1) {
		log_error("Option -j|--major may not be repeated.");
		return -EINVAL;
	}
	if (!p) {
		if (arg_is_set(c, ARG_MINOR) || arg_is_set(c, ARG_MAJOR)) {
			log_error("Options --major and --minor are incompatible with -Mn.");
			return -EINVAL;
		}
		*major = *minor = -1;
		return 0;
	}
	if (!arg_is_set(c, ARG_MINOR)) {
		log_error("Please specify minor number with --minor when using -My.");
		return -EINVAL;
	}
	*major = dm_major();
	if (arg_is_set(c, ARG_MAJOR) && !arg_uint(c, ARG_MAJOR, UINT32_MAX, 0, &v))
		log_warn("Ignoring supplied major number %" PRIu64 " - kernel assigns major numbers dynamically. Using major number %" PRId64 " instead.",
			 v, *major);
	if (arg_uint(c, ARG_MINOR, UINT64_MAX, 0, &v))
		return -EINVAL;
	if (v > DM_MINOR_MAX) {
		log_error("Minor number %" PRIu64 " outside range 0-%d.", v, DM_MINOR_MAX);
		return -ERANGE;
	}
	*minor = (int64_t)v;
	return 0;
}

int lvchange_persistent(struct cmd *c, struct vg *vg, struct lv *lv, int64_t major, int64_t minor,
			bool *reactivate)
{
	struct ctx *x = &c->ctx;
	if (!arg_is_set(c, ARG_PERSISTENT))
		return 0;
	if (minor < 0) {
		if (!(lv->flags.status & LV_FIXED_MINOR)) {
			log_error("Minor number is already not persistent for %s/%s.", vg->name, lv->name);
			return -EINVAL;
		}
		lv->flags.status &= ~(uint32_t)LV_FIXED_MINOR;
		lv->major = lv->minor = -1;
		return 1;
	}
	if (!x->test && act_state(x, vg, lv)) {
		if (!arg_is_set(c, ARG_FORCE) && !arg_is_set(c, ARG_YES) &&
		    !cmd_confirm(c, "Logical volume %s/%s will be deactivated temporarily. Continue?", vg->name,
				 lv->name)) {
			log_error("%s/%s device number not changed.", vg->name, lv->name);
			return -ECANCELED;
		}
		if (deact_lv(x, vg, lv, false)) {
			log_error("Cannot deactivate %s/%s.", vg->name, lv->name);
			return -EBUSY;
		}
		*reactivate = true;
	}
	lv->flags.status |= LV_FIXED_MINOR;
	lv->major = major;
	lv->minor = minor;
	return 1;
}
