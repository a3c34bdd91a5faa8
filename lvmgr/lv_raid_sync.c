/* lvchange --syncaction and --resync of raid1 and mirror LVs
 * (lv_raid_sync.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lvmgr/activate.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/lv_raid_sync.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/raid.h"
#include "metadata/segtypes/snapshot.h"

int lv_raid_syncaction(struct ctx *x, const struct vg *vg, const struct lv *lv, const char *msg)
{
	const struct dmk_dev *d;
	struct dt_status st;
	int r;

	if (!lv->n_segs || !seg_is_raid(&lv->segs[0])) {
		log_error("%s/%s must be a RAID logical volume to perform this action.", vg->name, lv->name);
		return -EINVAL;
	}
	if (!dmk_available() || !(d = act_state(x, vg, lv))) {
		log_error("Unable to send message to an inactive logical volume.");
		return -ENODEV;
	}
	if ((r = act_status(x, vg, lv, &st)) || !st.sync_action[0]) {
		log_error("Unable to determine the sync status of %s/%s.", vg->name, lv->name);
		return r ? r : -EIO;
	}
	/* The kernel goes back to idle by itself when a scrub is done; only
	 * idle -> check|repair is offered (LVM2). */
	if (strcmp(st.sync_action, "idle")) {
		log_error("%s/%s state is currently \"%s\".  Unable to switch to \"%s\".", vg->name, lv->name,
			  st.sync_action, msg);
		return -EBUSY;
	}
	if (x->test)
		return 0;
	/* A snapshot origin's raid table is its -real layer (LVM2's
	 * lv_raid_message goes to the LV's raid device). */
	const struct dmk_dev *real;
	if (lv_is_snap_origin(vg, lv) && (real = act_state_layer(x, vg, lv, "real")))
		d = real;
	struct dt_backend *b = dmk_backend();
	if ((r = b->message(b, d->name, d->uuid, msg))) {
		log_error("Sending \"%s\" to %s/%s failed: %s", msg, vg->name, lv->name, strerror(-r));
		return r;
	}
	log_verbose("Sent \"%s\" to %s/%s.", msg, vg->name, lv->name);
	return 0;
}

/* Every segment of s on a present PV: its start can be zeroed. */
static bool on_present_pvs(const struct lv *s)
{
	for (unsigned i = 0; i < s->n_segs; i++)
		for (unsigned a = 0; a < s->segs[i].n_areas; a++)
			if (s->segs[i].areas[a].kind != AREA_PV || !s->segs[i].areas[a].pv->sd)
				return false;
	return s->n_segs > 0;
}

int lv_raid_resync(struct ctx *x, struct vg *vg, struct lv *lv, bool reactivate)
{
	struct lv_seg *seg = &lv->segs[0];
	bool raid = seg_is_raid(seg);
	int r;

	if (!lv->n_segs || (!raid && !seg_is_mirror(seg)) || !seg->raid) {
		log_error("%s/%s is not a raid1 or mirror logical volume.", vg->name, lv->name);
		return -EINVAL;
	}
	if ((r = lv_mirror_log_check(vg, lv, "resync")))
		return r;
	log_verbose("Starting resync of %s%s %s/%s.", !raid && seg->raid->log ? "disk-logged " : !raid ? "core-logged " : "",
		    seg->segtype->name, vg->name, lv->name);
	/* A core log is rebuilt by every activation: only the flag. */
	if (!raid && !seg->raid->log) {
		if (lv->flags.status & LV_NOTSYNCED) {
			lv->flags.status &= ~(uint32_t)LV_NOTSYNCED;
			if ((r = vg_commit(x, vg)))
				return r;
		}
		goto react;
	}

	/* The LVs to clear: each image's rmeta, or the mirror's log. */
	unsigned n = raid ? seg->n_areas : 1;
	struct lv **meta = arena_alloc(&x->arena, n * sizeof(*meta));
	for (unsigned k = 0; k < n; k++) {
		const char *name = raid ? seg->raid->meta[k] : seg->raid->log;
		if (!(meta[k] = vg_find_lv(vg, name)) || !on_present_pvs(meta[k])) {
			log_error("Failed to clear %s %s for %s/%s: %s is missing.", seg->segtype->name,
				  raid ? "metadata area" : "mirror log", vg->name, lv->name, name);
			return -ENODEV;
		}
	}
	const char *log = seg->raid->log;
	lv->flags.status &= ~(uint32_t)LV_NOTSYNCED;
	lv_set_activation_skip(&x->arena, lv, true);
	for (unsigned k = 0; k < n; k++)
		meta[k]->flags.status |= LV_VISIBLE;
	if (!raid)
		seg->raid->log = NULL;
	if ((r = vg_commit(x, vg)))
		return r;
	for (unsigned k = 0; k < n && !r; k++)
		r = x->test ? 0 : lv_raid_zero_lv(x, vg, meta[k], 1 << 20);
	if (r)
		return r;
	for (unsigned k = 0; k < n; k++)
		meta[k]->flags.status &= ~(uint32_t)LV_VISIBLE;
	if (!raid)
		seg->raid->log = log;
	lv_set_activation_skip(&x->arena, lv, false);
	if ((r = vg_commit(x, vg)))
		return r;
react:
	if (reactivate && !x->test && (r = act_lv(x, vg, lv, false, NULL))) {
		log_error("Failed to reactivate %s/%s after resync.", vg->name, lv->name);
		return r;
	}
	return 0;
}
