/* lvconvert --type thin|-T|--thin --thinpool [VG/]POOL [--originname NAME]
 * VG/LV: LV becomes a thin LV of POOL whose external origin is its old
 * content (lvmgr/lv_thin_external.c). LVM2 2.03.16's checks in its order:
 * the command table's LV types (LV_linear_striped_raid_cache_thin_error_zero)
 * and lv_is_visible rule, then _lvconvert_to_thin_with_external_single's
 * (the pool found; an LV that is not yet a pool must be linear, striped
 * or raid and not LV itself) and _lvconvert_to_thin_with_external's (not
 * the pool itself, --originname in LV's VG). */
#include <string.h>

#include "cmd/common.h"
#include "lvmgr/lock.h"
#include "lvmgr/lv_thin.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/snapshot.h"

/* "VG/LV" (or /dev/VG/LV) into its parts; NULL vg when no slash. */
static void split(struct cmd *c, const char *arg, const char **vg, const char **lv)
{
	const char *s = vg_name_arg(arg), *slash;
	if (!strncmp(s, "/dev/", 5))
		s += 5;
	slash = strchr(s, '/');
	*vg = slash ? arena_strndup(&c->ctx.arena, s, (size_t)(slash - s)) : NULL;
	*lv = slash ? slash + 1 : s;
}

/* The LV type LVM2's command table names when it refuses lv, or NULL. */
static const char *type_refused(const struct vg *vg, const struct lv *lv)
{
	static char buf[32];
	if (lv_is_thin_pool(lv))
		return "thinpool";
	if (snap_seg_of_cow(vg, lv, NULL))
		return "snapshot";
	if (!lv->n_segs)
		return "unknown";
	const struct lv_seg *s = &lv->segs[0];
	if (seg_is_striped(s) || seg_is_raid(s) || lv_is_thin(lv) || !strcmp(s->type, "cache") ||
	    !strcmp(s->type, "error") || !strcmp(s->type, "zero"))
		return NULL;
	size_t k = 0;	/* LVM2's type names lose their '-' (thin-pool: thinpool) */
	for (const char *n = s->type; *n && k + 1 < sizeof(buf); n++)
		if (*n != '-')
			buf[k++] = *n;
	buf[k] = 0;
	return buf;
}

int lvconvert_thin_external(struct cmd *c)
{
	const char *vgname, *lvname, *pvg, *pname, *oname = arg_str(c, ARG_ORIGINNAME, NULL);
	struct vg *vg;
	struct lv *lv, *pool, *origin;

	split(c, c->pos[0], &vgname, &lvname);
	split(c, arg_str(c, ARG_THINPOOL, ""), &pvg, &pname);
	if (!vgname) {
		log_error("Please specify a logical volume path (VG/LV): %s", c->pos[0]);
		return EINVALID_CMD_LINE;
	}
	if (pvg && strcmp(pvg, vgname)) {
		log_error("Thin pool %s/%s and %s are in different volume groups.", pvg, pname, c->pos[0]);
		return EINVALID_CMD_LINE;
	}
	if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(&c->ctx, vgname, VG_READ_FOR_UPDATE, &vg))
		return ECMD_FAILED;
	if (!(lv = vg_find_lv(vg, lvname))) {
		log_error("Failed to find logical volume \"%s/%s\"", vgname, lvname);
		return ECMD_FAILED;
	}
	const char *bad = type_refused(vg, lv);
	if (bad || !lv_is_visible(vg, lv)) {
		if (bad)
			log_error("Command on LV %s/%s does not accept LV type %s.", vgname, lvname, bad);
		else
			log_error("Command on LV %s/%s requires LV with properties: lv_is_visible .", vgname, lvname);
		log_error("Command not permitted on LV %s/%s.", vgname, lvname);
		return ECMD_FAILED;
	}
	if (!(pool = vg_find_lv(vg, pname))) {
		log_error("Thin pool %s not found.", pname);
		return ECMD_FAILED;
	}
	if (!lv_is_thin_pool(pool)) {
		bool plain = pool->n_segs > 0;
		for (unsigned s = 0; s < pool->n_segs; s++)
			plain &= seg_is_striped(&pool->segs[s]) || seg_is_raid(&pool->segs[s]);
		if (!plain) {
			log_error("LV %s/%s with type %s cannot be converted to a thin pool.", vgname, pname,
				  lv_is_thin(pool) ? "thin" : pool->n_segs ? pool->segs[0].type : "unknown");
			return ECMD_FAILED;
		}
		if (pool == lv) {
			log_error("Use a different LV for thin pool LV and thin LV %s/%s.", vgname, lvname);
			return ECMD_FAILED;
		}
		/* LVM2 makes POOL a thin pool first (_lvconvert_to_pool) */
		log_error("lvmgr does not convert %s/%s to a thin pool here yet: run lvconvert --type thin-pool "
			  "%s/%s first.", vgname, pname, vgname, pname);
		return ECMD_FAILED;
	}
	if (oname && strchr(oname, '/')) {
		const char *ovg;
		split(c, oname, &ovg, &oname);
		if (strcmp(ovg, vgname)) {
			log_error("Please use a single volume group name (\"%s\" or \"%s\").", ovg, vgname);
			return ECMD_FAILED;
		}
	}
	if (lv_thin_convert_external(&c->ctx, vg, lv, pool, oname, &origin))
		return ECMD_FAILED;
	log_print("Converted %s/%s to thin volume with external origin %s/%s.", vgname, lvname, vgname, origin->name);
	return ECMD_PROCESSED;
}
