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
	const struct val *m = arg_val(c, ARG_MIRRORS);
	struct vg *vg;
	struct lv *lv;

	const char *vgname, *lvname;
	int r = lv_path_arg(c, c->pos[0], &vgname, &lvname);
	if (r)
		return r;
	const char *dflt = config_str(x->cfg, "global/mirror_segtype_default");
	if (!arg_is_set(c, ARG_SEGTYPE) && dflt && strcmp(dflt, "raid1")) {
		log_error("lvconvert -m with global/mirror_segtype_default = \"%s\": lvmgr converts to raid1 only (use --type raid1).",
			  dflt);
		return ECMD_FAILED;
	}
	if (lv_read_for_update(c, vgname, lvname, 0, &vg, &lv))
		return ECMD_FAILED;
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
