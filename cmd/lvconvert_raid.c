/* lvconvert -m [+|-]N [--type raid1] VG/LV [PV ...]: the image count of a
 * raid1 LV, or a linear LV to raid1 and back (-m 0), through
 * lv_raid_convert (lvmgr/lv_raid_convert.c); of a mirror LV, or a linear
 * LV to mirror (--type mirror, or -m with global/mirror_segtype_default
 * "mirror"), through lv_mirror_images (lvmgr/lv_mirror_images.c), as
 * LVM2's _convert_mirror/_convert_striped route them. Other lvconvert
 * forms live in their own files. */
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "cmd/common.h"
#include "cmd/poll.h"
#include "lvmgr/activate.h"
#include "lvmgr/base/testhook.h"
#include "lvmgr/lock.h"
#include "lvmgr/lv_api.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/raid.h"

/* The log of mirror lv: 0 core, 1 disk, 2 mirrored (lv_mirror_log_params). */
static unsigned log_kind(const struct vg *vg, const struct lv *lv)
{
	const struct lv_seg *seg = lv->n_segs == 1 && seg_is_mirror(&lv->segs[0]) ? &lv->segs[0] : NULL;
	const struct lv *log = seg && seg->raid && seg->raid->log ? vg_find_lv(vg, seg->raid->log) : NULL;
	return !log ? 0 : log->n_segs == 1 && seg_is_mirror(&log->segs[0]) ? 2 : 1;
}

/* The log of mirror lv from kind `from` to `to` (lv_mirror_log_convert). */
static int set_log(struct cmd *c, struct vg *vg, struct lv *lv, unsigned from, unsigned to)
{
	struct lv_mirror_log_params lp = {
		.logs = to, .pvs = c->pos + 1, .n_pvs = (unsigned)c->n_pos - 1, .alloc = arg_str(c, ARG_ALLOC, NULL),
		.yes = arg_is_set(c, ARG_YES) || arg_is_set(c, ARG_FORCE), .confirm = cmd_confirm_cb, .confirm_arg = c,
	};
	return from == to ? 0 : lv_mirror_log_convert(&c->ctx, vg, lv, &lp);
}

/* LVM2's _lvconvert_mirrors for a mirror LV or linear -> mirror: the image
 * count and the log type in one command (lvconvert --type mirror -m N
 * --mirrorlog L). LVM2 changes the images, then the log; here a log that
 * gets smaller changes first (fewer steps: a core-log mirror takes new
 * images without LVM2's temporary layer), one that grows after, and a
 * mirrored log (which the image changes do not take) is a disk log
 * meanwhile. Each step commits; a failed step leaves the LV a working
 * mirror in the layout of the step before. */
static int convert_mirror(struct cmd *c, struct vg *vg, struct lv *lv)
{
	struct ctx *x = &c->ctx;
	const struct val *m = arg_val(c, ARG_MIRRORS), zero = {.num = 0};
	if (!m)		/* --type linear: -m 0 */
		m = &zero;
	bool mirror = lv->n_segs == 1 && seg_is_mirror(&lv->segs[0]) && lv->segs[0].raid;
	unsigned cur = mirror ? lv->segs[0].n_areas : 1;
	unsigned logs = mirror ? log_kind(vg, lv) : 0;
	uint64_t want = m->sign == '+' ? cur + m->num : m->sign == '-' ? (m->num >= cur ? 0 : cur - m->num) : m->num + 1;
	uint64_t interval = 0;

	if (want > 8) {		/* LVM2's DEFAULT_MIRROR_MAX_IMAGES */
		log_error("Only up to %d images in mirror supported currently.", 8);
		return ECMD_FAILED;
	}
	if (!want) {
		log_error("Unable to reduce images by specified amount - only %u in %s", cur, lv->name);
		return ECMD_FAILED;
	}
	if (arg_uint(c, ARG_INTERVAL, UINT32_MAX, 0, &interval))
		return ECMD_FAILED;
	if (!interval)
		interval = (uint64_t)config_int(x->cfg, "activation/polling_interval");
	struct lv_mirror_images_params p = {
		.images = (unsigned)want, .logs = -1, .pvs = c->pos + 1, .n_pvs = (unsigned)c->n_pos - 1,
		.alloc = arg_str(c, ARG_ALLOC, NULL), .background = arg_is_set(c, ARG_BACKGROUND),
	};
	if (arg_is_set(c, ARG_REGIONSIZE))
		p.region = (uint32_t)arg_val(c, ARG_REGIONSIZE)->num;
	unsigned target = mirror ? logs : 1;
	if (arg_is_set(c, ARG_MIRRORLOG)) {
		const char *ml = arg_str(c, ARG_MIRRORLOG, "disk");
		target = !strcmp(ml, "mirrored") ? 2 : !strcmp(ml, "disk") ? 1 : 0;
		if (target == 2 && !config_bool(x->cfg, "global/support_mirrored_mirror_log")) {
			log_error("Log type \"mirrored\" is DEPRECATED. Use RAID1 LV or disk log instead.");
			return ECMD_FAILED;
		}
		if (arg_is_set(c, ARG_REGIONSIZE) && mirror && p.region != lv->segs[0].raid->region_size) {
			log_error("Mirror log region size cannot be changed on an existing mirror.");
			return ECMD_FAILED;
		}
	}
	if (want == 1)
		target = 0;	/* linear: no log */
	/* LVM2: nothing to do, nothing said */
	if (want == cur && target == logs)
		return ECMD_PROCESSED;
	if (((cur < want && logs > target) || (cur > want && logs < target)) && c->n_pos > 1) {
		log_error("Cannot both allocate and free extents when specifying physical volumes to use.");
		log_error("Please specify the operation in two steps.");
		return ECMD_FAILED;
	}
	/* the log the image change runs with */
	unsigned first = !mirror ? (target == 2 ? 1 : target) : target < logs ? target : logs == 2 ? 1 : logs;
	if (want == 1)
		first = logs == 2 ? 0 : logs;	/* the reduction drops a plain log itself */
	bool active = dmk_available() && act_state(x, vg, lv);
	/* a log step after images that only sync later (in the background,
	 * or once activated) would meet the conversion half done */
	if (want != cur && target != first && (p.background || !active) && (want > cur || !mirror)) {
		log_error("Can't convert %s/%s: changing the mirror log after adding images %s is not in lvmgr (run the two conversions one after the other).",
			  vg->name, lv->name, p.background ? "in the background" : "to an inactive mirror");
		return ECMD_FAILED;
	}
	if (mirror && set_log(c, vg, lv, logs, first))
		return ECMD_FAILED;
	bool poll = false;
	if (want != cur) {
		p.logs = mirror ? -1 : (int)first;
		if (lv_mirror_images(x, vg, lv, &p, &poll))
			return ECMD_FAILED;
	}
	/* LVM2's need_polling: linear -> mirror without -b, images added */
	bool converting = want != cur && ((!mirror && want > 1 && !p.background) || (mirror && want > cur));
	log_print("Logical volume %s/%s %s.", vg->name, lv->name, converting ? "being converted" : "converted");
	if (converting && !(dmk_available() && act_state(x, vg, lv)))
		log_print("Conversion starts after activation.");
	else if (poll)
	{
		int r = lvconvert_mirror_poll(c, vg, lv, (unsigned)interval, p.background);
		if (r != ECMD_PROCESSED)
			return r;
	}
	/* (a log step after new images still syncing was refused above) */
	if (want > 1 && set_log(c, vg, lv, first, target))
		return ECMD_FAILED;
	return ECMD_PROCESSED;
}

int lvconvert_mirror_poll(struct cmd *c, struct vg *vg, struct lv *lv, unsigned interval, bool background)
{
	struct ctx *x = &c->ctx;
	if (background) {
		poll_spawn(NULL, vg->name, lv->name, interval, poll_wait_first(c));
		return ECMD_PROCESSED;
	}
	if (poll_wait_first(c) && !x->test)
		sleep(interval);
	lv_mirror_wait_converted(x, vg, lv, interval);
	/* LVM2's lvconvert_mirror_finish ends a disk-log mirror's layer */
	int r = lv_mirror_collapse(x, vg, lv);
	if (r < 0)
		return ECMD_FAILED;
	if (r > 0)
		log_print("Logical volume %s/%s converted.", vg->name, lv->name);
	return ECMD_PROCESSED;
}

void lvconvert_poll_activated(struct cmd *c, struct vg *vg, struct lv *lv)
{
	struct ctx *x = &c->ctx;
	if (x->test || !arg_yesno(c, ARG_POLL, 1))	/* --poll n: none */
		return;
	unsigned interval = (unsigned)config_int(x->cfg, "activation/polling_interval");
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		struct lv *m = vg->lvs[l];
		if ((!lv || m == lv) && lv_mirror_is_converting(m) && dmk_available() && act_state(x, vg, m))
			poll_spawn(NULL, vg->name, m->name, interval, false);
	}
}

/* The -b poller's wait (cmd/poll.c, POLL_WAIT): the VG read once, no lock
 * held while the kernel syncs; in sync, the plain command (a fresh read
 * for update) finishes. A mirror deactivated or changed meanwhile:
 * nothing to finish (LVM2's poller: "Interrupted: No longer active."). */
static int mirror_poll_wait(struct cmd *c, const char *vgname, const char *lvname, unsigned interval)
{
	struct ctx *x = &c->ctx;
	struct vg *vg;
	struct lv *lv;
	if (lock_vg_mode(c, vgname, LOCK_SHARED) || vg_read(x, vgname, 0, &vg))
		return ECMD_FAILED;
	lock_vg_release(x->locks, vgname);
	if (!(lv = vg_find_lv(vg, lvname)) || !(dmk_available() && act_state(x, vg, lv)))
		return ECMD_PROCESSED;
	if (poll_wait_first(c)) {	/* -i +N: an interval before the first look */
		sleep(interval);
		lock_vg_mode(c, vgname, LOCK_SHARED);
		int r = vg_read(x, vgname, 0, &vg);
		lock_vg_release(x->locks, vgname);
		if (r || !(lv = vg_find_lv(vg, lvname)) || !(dmk_available() && act_state(x, vg, lv)))
			return ECMD_PROCESSED;
	}
	if (!lv_mirror_wait_converted(x, vg, lv, interval))
		return ECMD_PROCESSED;
	test_abort_at("mirror-poller");	/* a killed poller: "lvconvert VG/LV" finishes */
	poll_exec(POLL_NONE, NULL, vgname, lvname);
	return ECMD_FAILED;
}

int lvconvert_mirrors(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	const struct val *m = arg_val(c, ARG_MIRRORS);
	struct vg *vg;
	struct lv *lv;

	const char *vgname, *lvname;
	int r = lv_arg_for_update(c, 0, &vgname, &lvname, &vg, &lv);
	if (r)
		return r;
	/* LVM2's routing: a mirror LV's -m is a mirror conversion whatever
	 * --type says; a linear LV's is one with --type mirror or, without
	 * --type, when global/mirror_segtype_default is "mirror". */
	const char *dflt = config_str(x->cfg, "global/mirror_segtype_default");
	const char *type = arg_str(c, ARG_SEGTYPE, NULL);
	bool mirror = lv->n_segs == 1 && seg_is_mirror(&lv->segs[0]);
	if (arg_is_set(c, ARG_STRIPES) && arg_val(c, ARG_STRIPES)->num > 1) {
		/* --type mirror --stripes N: striped images (LVM2's
		 * _lvconvert_mirrors_aux), the extents first */
		uint64_t st = arg_val(c, ARG_STRIPES)->num;
		if (lv->size_extents % st)
			log_error("Number of extents requested (%" PRIu64 ") needs to be divisible by %" PRIu64 ".",
				  lv->size_extents, st);
		else
			log_error("Can't convert %s/%s: lvmgr does not make striped mirror images (--stripes %" PRIu64 ").",
				  vgname, lvname, st);
		log_error("Unable to allocate extents for mirror(s).");
		return ECMD_FAILED;
	}
	if (mirror || (type && !strcmp(type, "mirror")) || (!type && dflt && !strcmp(dflt, "mirror")))
		return convert_mirror(c, vg, lv);
	if (arg_is_set(c, ARG_MIRRORLOG)) {
		log_error("--corelog and --mirrorlog are only compatible with mirror devices");
		return ECMD_FAILED;
	}
	if (!type && dflt && strcmp(dflt, "raid1")) {
		log_error("lvconvert -m with global/mirror_segtype_default = \"%s\": lvmgr converts to raid1 or mirror only.",
			  dflt);
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
	/* LVM2's lv_raid_change_image_count asks before adding images too */
	if (raid && want > cur &&
	    !cmd_confirm(c, "Are you sure you want to convert %s LV %s/%s to %" PRIu64 " images %s?", "raid1", vgname,
			 lvname, want, "enhancing resilience")) {
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

/* lvconvert --type linear VG/LV: a mirror LV's -m 0 (LVM2's
 * _convert_mirror_linear); raid1 LVs take -m 0. */
int lvconvert_to_linear(struct cmd *c)
{
	struct vg *vg;
	struct lv *lv;
	const char *vgname, *lvname;
	int r = lv_arg_for_update(c, 0, &vgname, &lvname, &vg, &lv);
	if (r)
		return r;
	if (!(lv->n_segs == 1 && seg_is_mirror(&lv->segs[0]) && lv->segs[0].raid)) {
		log_error("Can't convert %s/%s to linear: lvmgr's lvconvert --type linear takes mirror LVs (raid1: -m 0).",
			  vgname, lvname);
		return ECMD_FAILED;
	}
	return convert_mirror(c, vg, lv);
}

/* lvconvert VG/LV (LVM2's lvconvert_plain, the old form of --startpoll):
 * a mirror LV's conversion polled to its end, "VG/LV: Converted: P%", then
 * a disk-log mirror's -m +N layer (left by a dead command or poller)
 * collapsed, "Logical volume VG/LV converted." (LVM2's words). Also the
 * -b poller's wait (mirror_poll_wait), which ends by running this. */
int lvconvert_plain(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	struct vg *vg;
	struct lv *lv;
	const char *vgname, *lvname;
	uint64_t interval = 0;
	int r;
	if (poll_mode_take() == POLL_WAIT) {
		if ((r = lv_path_arg(c, c->pos[0], &vgname, &lvname)) ||
		    arg_uint(c, ARG_INTERVAL, UINT32_MAX, 0, &interval))
			return r ? r : ECMD_FAILED;
		return mirror_poll_wait(c, vgname, lvname, (unsigned)interval);
	}
	if ((r = lv_arg_for_update(c, 0, &vgname, &lvname, &vg, &lv)))
		return r;
	if (!lv->n_segs || (!seg_is_mirror(&lv->segs[0]) && !seg_is_raid(&lv->segs[0]))) {
		lv_type_refused(vg, lv);	/* LVM2's lvconvert_plain takes LV_mirror_raid */
		return ECMD_FAILED;
	}
	if (!(lv->n_segs == 1 && seg_is_mirror(&lv->segs[0]) && lv->segs[0].raid)) {
		log_error("Can't convert %s/%s: lvconvert without options continues only a mirror LV's conversion.",
			  vgname, lvname);
		return ECMD_FAILED;
	}
	if (!(dmk_available() && act_state(x, vg, lv))) {
		log_error("Can't continue the conversion of %s/%s: it is not active.", vgname, lvname);
		return ECMD_FAILED;
	}
	if (arg_uint(c, ARG_INTERVAL, UINT32_MAX, 0, &interval))
		return ECMD_FAILED;
	if (!interval)
		interval = (uint64_t)config_int(x->cfg, "activation/polling_interval");
	if (!x->test) {
		if (poll_wait_first(c))
			sleep((unsigned)interval);
		lv_mirror_wait_converted(x, vg, lv, (unsigned)interval);
	}
	if ((r = lv_mirror_collapse(x, vg, lv)) < 0)
		return ECMD_FAILED;
	if (r > 0)
		log_print("Logical volume %s/%s converted.", vgname, lvname);
	return ECMD_PROCESSED;
}
