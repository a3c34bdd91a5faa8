/* lvconvert -m [+|-]N [--type raid1] VG/LV [PV ...]: the image count of a
 * raid1 LV, or a linear LV to raid1 and back (-m 0), through
 * lv_raid_convert (lvmgr/lv_raid_convert.c). Other lvconvert forms live
 * in their own files. */
#include <inttypes.h>
#include <string.h>

#include "cmd/common.h"
#include "lvmgr/lock.h"
#include "lvmgr/lv_api.h"
#include "lvmgr/vgio.h"

int lvconvert_mirrors(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	const char *arg = vg_name_arg(c->pos[0]), *slash = strchr(arg, '/');
	const struct val *m = arg_val(c, ARG_MIRRORS);
	struct vg *vg;
	struct lv *lv;

	if (!slash) {
		log_error("Please specify a logical volume path (VG/LV): %s", arg);
		return EINVALID_CMD_LINE;
	}
	const char *vgname = arena_strndup(&x->arena, arg, (size_t)(slash - arg)), *lvname = slash + 1;
	const char *dflt = config_str(x->cfg, "global/mirror_segtype_default");
	if (!arg_is_set(c, ARG_SEGTYPE) && dflt && strcmp(dflt, "raid1")) {
		log_error("lvconvert -m with global/mirror_segtype_default = \"%s\": lvmgr converts to raid1 only (use --type raid1).",
			  dflt);
		return ECMD_FAILED;
	}
	if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(x, vgname, VG_READ_FOR_UPDATE, &vg))
		return ECMD_FAILED;
	if (!(lv = vg_find_lv(vg, lvname))) {
		log_error("Failed to find logical volume \"%s/%s\"", vgname, lvname);
		return ECMD_FAILED;
	}
	bool raid = lv->n_segs == 1 && seg_is_raid(&lv->segs[0]);
	unsigned cur = raid ? lv->segs[0].n_areas : 1;
	uint64_t want = m->sign == '+' ? cur + m->num : m->sign == '-' ? (m->num >= cur ? 0 : cur - m->num) : m->num + 1;
	if (!want) {
		log_error("Can't remove %" PRIu64 " images from %u.", m->num, cur);
		return EINVALID_CMD_LINE;
	}
	if (want > 1 && !raid &&
	    !cmd_confirm(c, "Are you sure you want to convert linear LV %s/%s to raid1 with %" PRIu64
			 " images enhancing resilience?", vgname, lvname, want)) {
		log_error("Logical volume %s/%s NOT converted.", vgname, lvname);
		return ECMD_FAILED;
	}
	if (want < cur && !cmd_confirm(c, "Are you sure you want to convert %s LV %s/%s to %" PRIu64 " images %s?",
				       "raid1", vgname, lvname, want,
				       want == 1 ? "(linear) reducing resilience" : "reducing resilience")) {
		log_error("Logical volume %s/%s NOT converted.", vgname, lvname);
		return ECMD_FAILED;
	}
	struct lv_raid_convert_params p = {.images = (unsigned)(want > 65 ? 65 : want), .pvs = c->pos + 1,
					   .n_pvs = (unsigned)c->n_pos - 1, .alloc = arg_str(c, ARG_ALLOC, NULL)};
	if (lv_raid_convert(x, vg, lv, &p))
		return ECMD_FAILED;
	log_print("Logical volume %s/%s successfully converted.", vgname, lvname);
	return ECMD_PROCESSED;
}
