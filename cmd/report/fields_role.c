/* lv_layout and lv_role of thin and copy-on-write snapshot LVs, as LVM2's
 * lv_layout_and_role (lib/metadata/lv_manip.c: _lv_layout_and_role_thin,
 * the pool spare, _lv_layout_and_role_thick_origin_snapshot): the mirror
 * and raid parts are report_raid_layout_role's (fields_raid.c). */
#include <string.h>

#include "cmd/report/report_int.h"
#include "lvmgr/lv_thin.h"
#include "metadata/segtypes/snapshot.h"
#include "metadata/segtypes/thin.h"

static void add(char *roles, size_t len, const char *r)
{
	/* LVM2's str_list_add: a role once */
	size_t n = strlen(r);
	for (const char *p = roles; (p = strstr(p, r)); p += n)
		if ((p == roles || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return;
	size_t used = strlen(roles);
	if (used + n + 2 <= len) {
		if (used)
			roles[used++] = ',';
		memcpy(roles + used, r, n + 1);
	}
}

/* The thin LVs whose thin origin is lv. */
static unsigned thin_snapshots_of(const struct vg *vg, const struct lv *lv)
{
	unsigned n = 0;
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv *t = vg->lvs[l];
		const struct seg_thin *th = t->n_segs ? seg_thin(&t->segs[0]) : NULL;
		if (th && seg_is_thin(&t->segs[0]) && th->origin && !strcmp(th->origin, lv->name))
			n++;
	}
	return n;
}

void report_snap_thin_layout_role(const struct vg *vg, const struct lv *lv, const char **layout, char *roles,
				  size_t len, bool *private_lv)
{
	bool meta = false;
	*layout = NULL;
	roles[0] = '\0';
	*private_lv = false;
	if (thin_pool_of_sub(vg, lv, &meta)) {
		add(roles, len, "thin");
		add(roles, len, "pool");
		add(roles, len, meta ? "metadata" : "data");
		*private_lv = true;
		return;
	}
	if (lv_is_thin(lv)) {
		const struct seg_thin *th = seg_thin(&lv->segs[0]);
		unsigned n = thin_snapshots_of(vg, lv);
		*layout = "thin,sparse";
		if (n) {
			add(roles, len, "origin");
			add(roles, len, "thinorigin");
			if (n > 1)
				add(roles, len, "multithinorigin");
		}
		if (th && th->origin) {
			add(roles, len, "snapshot");
			add(roles, len, "thinsnapshot");
		}
	} else if (lv_is_thin_pool(lv)) {
		*layout = "thin,pool";
		*private_lv = true;
	}
	unsigned ext = thin_external_users(vg, lv, NULL);
	if (ext) {
		add(roles, len, "origin");
		add(roles, len, "extthinorigin");
		if (ext > 1)
			add(roles, len, "multiextthinorigin");
	}
	if (lv_thin_find_spare(vg) == lv) {	/* LVM2's lv_is_pool_metadata_spare */
		add(roles, len, "pool");
		add(roles, len, "spare");
		*private_lv = true;
	}
	if (lv_is_snap_origin(vg, lv)) {
		add(roles, len, "origin");
		add(roles, len, "thickorigin");
		if (lv_is_virtual_origin(vg, lv)) {
			*layout = "virtual";
			*private_lv = true;
		}
		if (snap_cows_of_origin(vg, lv, NULL, 0) > 1)
			add(roles, len, "multithickorigin");
	} else if (snap_seg_of_cow(vg, lv, NULL)) {
		add(roles, len, "snapshot");
		add(roles, len, "thicksnapshot");
	}
}
