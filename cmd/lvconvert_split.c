/* lvconvert --splitmirrors N --name NEW VG/LV [PV ...]: images of a raid1
 * or mirror LV become a new LV (lv_split_images, lvmgr/lv_raid_split.c). */
#include <string.h>

#include "cmd/common.h"
#include "lvmgr/lock.h"
#include "lvmgr/lv_api.h"
#include "lvmgr/vgio.h"

static bool split_confirm(void *arg, const char *question)
{
	return cmd_confirm(arg, "%s", question);
}

int lvconvert_splitmirrors(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	const char *arg = vg_name_arg(c->pos[0]), *slash = strchr(arg, '/');
	const char *name = arg_str(c, ARG_NAME, NULL);
	char err[256] = "";
	struct vg *vg;
	struct lv *lv;

	if (!slash) {
		log_error("Please specify a logical volume path (VG/LV): %s", arg);
		return EINVALID_CMD_LINE;
	}
	const char *vgname = arena_strndup(&x->arena, arg, (size_t)(slash - arg)), *lvname = slash + 1;
	/* --name VG/NEW: the VG must be the LV's (LVM2's validate_restricted_lvname_param) */
	const char *ns = strchr(name, '/');
	if (ns) {
		if (strncmp(name, vgname, (size_t)(ns - name)) || strlen(vgname) != (size_t)(ns - name)) {
			log_error("Please use a single volume group name (\"%s\" or \"%.*s\").", vgname,
				  (int)(ns - name), name);
			return EINVALID_CMD_LINE;
		}
		name = ns + 1;
	}
	if (lv_name_check_in(NULL, vgname, name, err, sizeof(err))) {
		log_error("%s", err);
		log_error("Run `lvconvert --help' for more information.");
		return EINVALID_CMD_LINE;
	}
	if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(x, vgname, VG_READ_FOR_UPDATE, &vg))
		return ECMD_FAILED;
	if (!(lv = vg_find_lv(vg, lvname))) {
		log_error("Failed to find logical volume \"%s/%s\"", vgname, lvname);
		return ECMD_FAILED;
	}
	const struct val *n = arg_val(c, ARG_SPLITMIRRORS);
	struct lv_split_params p = {
		.count = n->num > 1000 ? 1000 : (unsigned)n->num, .name = name, .pvs = c->pos + 1,
		.n_pvs = (unsigned)c->n_pos - 1, .yes = arg_is_set(c, ARG_YES), .confirm = split_confirm, .confirm_arg = c,
	};
	bool mirror = lv->n_segs == 1 && seg_is_mirror(&lv->segs[0]);
	if (lv_split_images(x, vg, lv, &p))
		return ECMD_FAILED;
	/* LVM2 says nothing after a raid1 split, this after a mirror's. */
	if (mirror)
		log_print("Logical volume %s/%s converted.", vgname, lvname);
	return ECMD_PROCESSED;
}
