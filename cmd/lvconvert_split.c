/* lvconvert --splitmirrors N --name NEW VG/LV [PV ...]: images of a raid1
 * or mirror LV become a new LV (lv_split_images, lvmgr/lv_raid_split.c). */
#include <string.h>

#include "cmd/common.h"
#include "lvmgr/lock.h"
#include "lvmgr/lv_api.h"
#include "lvmgr/vgio.h"

int lvconvert_splitmirrors(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	const char *name = arg_str(c, ARG_NAME, NULL);
	char err[256] = "";
	struct vg *vg;
	struct lv *lv;

	const char *vgname, *lvname;
	int r = lv_path_arg(c, c->pos[0], &vgname, &lvname);
	if (r)
		return r;
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
		return EINVALID_CMD_LINE;
	}
	if (lv_read_for_update(c, vgname, lvname, 0, &vg, &lv))
		return ECMD_FAILED;
	const struct val *n = arg_val(c, ARG_SPLITMIRRORS);
	struct lv_split_params p = {
		.count = n->num > 1000 ? 1000 : (unsigned)n->num, .name = name, .pvs = c->pos + 1,
		.n_pvs = (unsigned)c->n_pos - 1, .yes = arg_is_set(c, ARG_YES), .confirm = cmd_confirm_cb, .confirm_arg = c,
	};
	bool mirror = lv->n_segs == 1 && seg_is_mirror(&lv->segs[0]);
	if (lv_split_images(x, vg, lv, &p))
		return ECMD_FAILED;
	/* LVM2 says nothing after a raid1 split, this after a mirror's. */
	if (mirror)
		log_print("Logical volume %s/%s converted.", vgname, lvname);
	return ECMD_PROCESSED;
}
