/* lvconvert --repair of a mirror LV (lv_api.h lv_mirror_repair), as LVM2
 * 2.03.16 does it (tools/lvconvert.c _lvconvert_mirrors_repair,
 * mirror_remove_missing, _lvconvert_mirrors_aux; lib/metadata/mirror.c),
 * checked against it in the VM on the same failures:
 *   1. the images and the disk log on missing PVs go: the images left
 *      keep their names and order; one image left makes the LV linear on
 *      that image's extents (the image LVs and the log go, the LV keeps
 *      its id); a lost log leaves a core log. One commit; the LV's table
 *      is reloaded, suspended without flushing (the writes dm-mirror holds
 *      for the dead leg go to the new table instead of failing), the
 *      devices of the LVs gone are removed. "Mirror status: F of N images
 *      failed." / "Mirror log status: ...".
 *   2. asked (p->decide: the prompts, -y, -f, --use-policies) whether to
 *      replace them, it "up-converts" back to the original image and log
 *      counts, and on failure tries with one image less (while more than
 *      2), then with one log less, as LVM2's loop does:
 *        - linear -> mirror: a new LV_mlog, a new LV_mimage_0 taking the
 *          LV's extents (a new LV: new id), new LV_mimage_1.. on PVs the
 *          LV does not use (the allocator's ranking), the log on a PV no
 *          image uses (the allocator's log rule, LVM2's: the last PV
 *          with room; else next to a new image);
 *          appended to the VG in that order; the kernel resyncs the new
 *          images from image 0 and the command polls it (the caller), printing
 *          "VG/LV: Converted: P%" (LVM2's poll);
 *        - core -> disk log of a mirror: a new LV_mlog, appended; an
 *          in-sync mirror gets "nosync" in its table (LVM2's
 *          init_mirror_in_sync), as after a log removal.
 *        - more images of a mirror that still has two or more:
 *          lv_mirror_images (LVM2's temporary LV_mimagetmp_K layer for a
 *          disk log), collapsed after the poll.
 * A failure in a step's reload puts that step's metadata back (the LV
 * stays in the layout the previous step left, which works). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lvmgr/activate.h"
#include "lvmgr/base/units.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/raid.h"

#define snap lv_mirror_snap

void lv_mirror_snap_take(struct ctx *x, const struct vg *vg, const struct lv *lv, struct snap *s)
{
	s->n_lvs = vg->n_lvs;
	s->lvs = arena_alloc(&x->arena, (vg->n_lvs + 1) * sizeof(*s->lvs));
	memcpy(s->lvs, vg->lvs, vg->n_lvs * sizeof(*s->lvs));
	s->segs = lv->segs;
	s->n_segs = lv->n_segs;
	s->size_extents = lv->size_extents;
	s->status = lv->flags.status;
}

static void snap_put(struct ctx *x, struct vg *vg, struct lv *lv, const struct snap *s)
{
	vg->n_lvs = 0;
	for (unsigned i = 0; i < s->n_lvs; i++)
		lv_vg_add(&x->arena, vg, s->lvs[i]);
	lv->segs = s->segs;
	lv->n_segs = s->n_segs;
	lv->size_extents = s->size_extents;
	lv->flags.status = s->status;
}

struct mrep {
	struct ctx *x;
	struct vg *vg;
	struct lv *lv;
	const struct lv_mirror_repair_params *p;
	bool active;
	bool nosync;		/* the mirror's tables say "nosync" from now on */
	bool poll;		/* new images to wait for at the end */
	bool quiet;		/* lvconvert -m: its caller says what comes next */
	uint32_t region;
};

static bool is_mirror(const struct lv *lv)
{
	return lv->n_segs == 1 && seg_is_mirror(&lv->segs[0]) && lv->segs[0].raid;
}

static unsigned image_count(const struct lv *lv)
{
	return is_mirror(lv) ? lv->segs[0].n_areas : 1;
}

static unsigned log_count(const struct lv *lv)
{
	return is_mirror(lv) && lv->segs[0].raid->log ? 1 : 0;
}

/* Commit, then bring an active LV's devices along (a failure puts snapshot
 * s back, committed again); gone: LVs whose devices go afterwards. */
int lv_mirror_commit_reload(struct ctx *x, struct vg *vg, struct lv *lv, bool active, bool nosync,
			    const struct snap *s, struct lv *const *gone, unsigned n_gone)
{
	int r;
	if ((r = vg_commit(x, vg))) {
		snap_put(x, vg, lv, s);
		return r;
	}
	if (!active || x->test)
		return 0;
	if (nosync && is_mirror(lv))
		lv->flags.status |= LV_NOTSYNCED;
	r = act_reload(x, vg, lv);
	lv->flags.status &= ~(uint32_t)LV_NOTSYNCED;
	if (r) {
		log_error("Reloading %s/%s failed: its previous layout is kept.", vg->name, lv->name);
		act_rollback(x);
		snap_put(x, vg, lv, s);
		if (vg_commit(x, vg))
			log_error("Restoring the metadata of %s/%s failed: check it with vgck.", vg->name, lv->name);
		return r;
	}
	for (unsigned i = 0; i < n_gone; i++)
		if (deact_lv(x, vg, gone[i], true))
			log_warn("Failed to remove the device of %s/%s.", vg->name, gone[i]->name);
	return 0;
}

static int commit_reload(struct mrep *m, const struct snap *s, struct lv *const *gone, unsigned n_gone)
{
	return lv_mirror_commit_reload(m->x, m->vg, m->lv, m->active, m->nosync, s, gone, n_gone);
}

/* The sync percentage of the active mirror, or -1. */
double lv_mirror_sync_percent(struct ctx *x, struct vg *vg, struct lv *lv)
{
	struct dt_status st;
	memset(&st, 0, sizeof(st));
	if (act_status(x, vg, lv, &st) || !st.has_percent || !st.denom)
		return -1;
	return 100.0 * (double)st.numer / (double)st.denom;
}

static double sync_percent(struct mrep *m)
{
	return lv_mirror_sync_percent(m->x, m->vg, m->lv);
}

/* LVM2's poll of the conversion: the progress now, every interval and at
 * the end; checked four times a second (LVM2 checks once an interval).
 * The progress is LVM2's copy_percent: in whole extents of the LV. */
bool lv_mirror_wait_converted(struct ctx *x, struct vg *vg, struct lv *lv, unsigned interval)
{
	time_t last = 0;
	char pct[16];
	if (!interval)
		interval = 15;
	for (;;) {
		struct dt_status st;
		memset(&st, 0, sizeof(st));
		if (act_status(x, vg, lv, &st) || !st.has_percent || !st.denom)
			return false;
		bool done = st.numer >= st.denom;
		time_t now = time(NULL);
		if (done || !last || now - last >= (time_t)interval) {
			uint64_t ext = lv->size_extents;
			log_print("%s/%s: Converted: %s%%", vg->name, lv->name,
				  units_format_percent(done ? ext : ext * st.numer / st.denom, ext, pct, sizeof(pct)));
			last = now;
		}
		if (done)
			return true;
		usleep(250000);
	}
}

static bool pv_in_args(const struct pv *pv, const struct alloc_pv_arg *pa, unsigned n)
{
	if (!n)
		return true;
	for (unsigned i = 0; i < n; i++) {
		if (pa[i].is_tag) {
			for (unsigned t = 0; t < pv->tags.n; t++)
				if (!strcmp(pv->tags.v[t], pa[i].name))
					return true;
		} else if (pv->sd && !strcmp(pa[i].name, pv->sd->dev.path))
			return true;
	}
	return false;
}

/* The log's place: the allocator's rule for logs (alloc_log_areas, as
 * LVM2's: the last allowed PV with room, in VG order) on a PV that no
 * image uses; else on one that none of old[] uses (next to a new image,
 * as LVM2 put it there). */
static int place_log(struct mrep *m, struct lv *log, struct lv *const *imgs, unsigned n, unsigned n_old,
		     uint64_t len, const struct alloc_pv_arg *pa, unsigned npa)
{
	struct vg *vg = m->vg;
	bool *parallel = arena_alloc(&m->x->arena, (vg->n_pvs + 1) * sizeof(*parallel));
	for (unsigned pass = 0; pass < 2; pass++) {
		unsigned avoid = pass ? n_old : n;
		for (unsigned p = 0; p < vg->n_pvs; p++) {
			parallel[p] = false;
			for (unsigned k = 0; k < avoid; k++)
				parallel[p] |= lv_uses_pv(imgs[k], vg->pvs[p]);
		}
		struct alloc_log_request req = {
			.len = len, .count = 1, .parallel = parallel, .policy = ALLOC_NORMAL, .pv_args = pa, .n_pv_args = npa,
		};
		struct alloc_area at;
		struct alloc_result res;
		memset(&res, 0, sizeof(res));
		if (!alloc_log_areas(&m->x->arena, lv_alloc_pvs(&m->x->arena, vg), vg->n_pvs, &req, &at, &res)) {
			lv_sub_add_linear(&m->x->arena, log, vg->pvs[at.pv], at.pe, len);
			return 0;
		}
	}
	log_error("Insufficient suitable allocatable extents for logical volume %s: %" PRIu64 " more required",
		  log->name, len);
	return -ENOSPC;
}

/* A new log LV of m->lv (not yet in the VG), placed; imgs[0..n_old) are
 * the images that were there, imgs[n_old..n) new ones (already in the VG). */
static int new_log(struct mrep *m, struct lv *const *imgs, unsigned n, unsigned n_old, const struct alloc_pv_arg *pa,
		   unsigned npa, struct lv **out)
{
	struct lv *log = lv_sub_new(m->x, m->lv, "_mlog", (uint64_t)time(NULL));
	int r = place_log(m, log, imgs, n, n_old, lv_mirror_log_extents(m->region, m->vg->extent_size,
									 m->lv->size_extents), pa, npa);
	if (r)
		return r;
	log->alloc = m->p->alloc;	/* LVM2's _create_mirror_log: the command's --alloc */
	/* A fresh log: no stale header is taken for it (zeroing free
	 * extents, before any commit). */
	if (!m->x->test && (r = lv_raid_zero_lv(m->x, m->vg, log, 1 << 20)))
		return r;
	*out = log;
	return 0;
}

/* Linear -> mirror of `images` images and `logs` logs (LVM2's
 * add_mirror_images with the LV's extents moved to LV_mimage_0). */
static int up_from_linear(struct mrep *m, unsigned images, unsigned logs)
{
	struct ctx *x = m->x;
	struct vg *vg = m->vg;
	struct lv *lv = m->lv;
	unsigned add = images - 1;
	struct alloc_pv_arg *pa = NULL;
	int r;

	if ((r = lv_pv_args(x, vg, m->p->pvs, m->p->n_pvs, &pa)))
		return r;
	/* LVM2's first check: the free extents of the PVs it may use. */
	uint64_t need = lv->size_extents * add + (logs ? lv_mirror_log_extents(m->region, vg->extent_size,
									  lv->size_extents) : 0);
	uint64_t avail = 0;
	vg_account(vg);
	for (unsigned p = 0; p < vg->n_pvs; p++) {
		const struct pv *pv = vg->pvs[p];
		if (pv->sd && (pv->flags.status & PV_ALLOCATABLE) && pv_in_args(pv, pa, m->p->n_pvs))
			avail += pv->pe_count - pv->pe_alloc;
	}
	if (avail < need) {
		log_error("Insufficient free space: %" PRIu64 " extents needed, but only %" PRIu64 " available", need,
			  avail);
		log_error("Unable to allocate extents for mirror(s).");
		return -ENOSPC;
	}
	/* The new images: on PVs the LV does not use; LVM2 allocates them
	 * for no LV yet (its "... for logical volume : N more required"). */
	struct alloc_pv *ap = lv_alloc_pvs(&x->arena, vg);
	for (unsigned p = 0; p < vg->n_pvs; p++)
		if (lv_uses_pv(lv, vg->pvs[p]))
			ap[p].allocatable = false;
	struct alloc_request req = {
		.lv = vg->n_lvs, .lv_name = "", .extents = lv->size_extents * add, .stripes = add,
		.stripe_size = vg->extent_size, .policy = lv_alloc_policy(m->p->alloc, vg, lv),
		.maximise_cling = config_bool(x->cfg, "allocation/maximise_cling"),
		.pv_args = pa, .n_pv_args = m->p->n_pvs,
	};
	struct alloc_result res;
	memset(&res, 0, sizeof(res));
	if (alloc_extents(&x->arena, ap, vg->n_pvs, &req, &res)) {
		log_error("%s", res.error);
		log_error("Unable to allocate extents for mirror(s).");
		return -ENOSPC;
	}
	struct snap s;
	lv_mirror_snap_take(x, vg, lv, &s);
	uint64_t now = (uint64_t)time(NULL);
	struct lv **imgs = arena_alloc(&x->arena, images * sizeof(*imgs));
	imgs[0] = lv_sub_new(x, lv, "_mimage_0", now);
	imgs[0]->segs = lv->segs;
	imgs[0]->n_segs = lv->n_segs;
	imgs[0]->size_extents = lv->size_extents;
	for (unsigned k = 1; k < images; k++) {
		imgs[k] = lv_sub_new(x, lv, arena_printf(&x->arena, "_mimage_%u", k), now);
		for (unsigned g = 0; g < res.n_segs; g++) {
			const struct alloc_seg *as = &res.segs[g];
			lv_sub_add_linear(&x->arena, imgs[k], vg->pvs[as->areas[k - 1].pv], as->areas[k - 1].pe,
					  as->extents / as->stripes);
		}
	}
	struct lv *log = NULL;
	if (logs) {
		/* the new images count as used while the log is placed */
		for (unsigned k = 1; k < images; k++)
			lv_vg_add(&x->arena, vg, imgs[k]);
		r = new_log(m, imgs, images, 1, pa, m->p->n_pvs, &log);
		vg->n_lvs = s.n_lvs;
		if (r)
			return r;
		lv_vg_add(&x->arena, vg, log);
	}
	for (unsigned k = 0; k < images; k++)
		lv_vg_add(&x->arena, vg, imgs[k]);
	lv_mirrored_seg(x, lv, &segtype_mirror, lv->size_extents, m->region, imgs, images)->raid->log =
		log ? log->name : NULL;
	/* the new images are not in sync: no "nosync" */
	m->nosync = false;
	if ((r = commit_reload(m, &s, NULL, 0)))
		return r;
	if (!m->active) {
		if (!m->quiet)
			log_print("Conversion starts after activation.");
	}
	else
		m->poll = !x->test && !m->p->background;
	return 0;
}

/* Core -> disk log of the mirror (LVM2's add_mirror_log). */
static int add_log(struct mrep *m)
{
	struct ctx *x = m->x;
	struct lv_seg *seg = &m->lv->segs[0];
	struct alloc_pv_arg *pa = NULL;
	int r;
	if ((r = lv_pv_args(x, m->vg, m->p->pvs, m->p->n_pvs, &pa)))
		return r;
	unsigned n = seg->n_areas;
	struct lv **imgs = arena_alloc(&x->arena, n * sizeof(*imgs));
	for (unsigned k = 0; k < n; k++)
		if (!(imgs[k] = vg_find_lv(m->vg, seg->areas[k].lv_name)))
			return -EINVAL;
	struct lv *log;
	if ((r = new_log(m, imgs, n, n, pa, m->p->n_pvs, &log)))
		return r;
	struct snap s;
	lv_mirror_snap_take(x, m->vg, m->lv, &s);
	struct lv_seg *ns = arena_alloc(&x->arena, sizeof(*ns));
	*ns = *seg;
	ns->raid = arena_alloc(&x->arena, sizeof(*ns->raid));
	*ns->raid = *seg->raid;
	ns->raid->log = log->name;
	lv_vg_add(&x->arena, m->vg, log);
	m->lv->segs = ns;
	/* an in-sync mirror's new log is taken as in sync (LVM2 fills it) */
	double pc = m->active && !x->test ? sync_percent(m) : -1;
	if (pc >= 100)
		m->nosync = true;
	return commit_reload(m, &s, NULL, 0);
}

/* LVM2's _lvconvert_mirrors_aux for the repair: to `images` images and
 * `logs` logs; 0 when done. */
static int convert_to(struct mrep *m, unsigned images, unsigned logs)
{
	unsigned cur = image_count(m->lv);
	if (cur == 1) {
		if (images == 1) {
			log_warn("Logical volume %s/%s is already not mirrored.", m->vg->name, m->lv->name);
			return 0;
		}
		return up_from_linear(m, images, logs);
	}
	if (images > cur) {
		if (logs != log_count(m->lv)) {
			log_error("Adding images to mirror %s/%s while changing its log is not in lvmgr yet.",
				  m->vg->name, m->lv->name);
			return -ENOTSUP;
		}
		/* lv_mirror_images.c: a disk-log mirror through LVM2's
		 * temporary layer, collapsed after the poll */
		struct lv_mirror_images_params ip = {.images = images, .logs = -1, .pvs = m->p->pvs,
						     .n_pvs = m->p->n_pvs, .alloc = m->p->alloc,
						     .background = m->p->background};
		bool poll = false;
		int r = lv_mirror_images(m->x, m->vg, m->lv, &ip, &poll);
		if (!r)
			m->poll |= poll;
		return r;
	}
	if (logs > log_count(m->lv))
		return add_log(m);
	/* nothing to add: the metadata written and the table loaded again */
	struct snap s;
	lv_mirror_snap_take(m->x, m->vg, m->lv, &s);
	return commit_reload(m, &s, NULL, 0);
}

/* The images failed[] and (failed_log) the log of mirror lv leave the VG,
 * as LVM2's _remove_mirror_images puts it: one image left, the LV takes
 * its extents and every sub-LV goes. The LVs gone into gone[]; their
 * number. */
static unsigned drop_failed(struct ctx *x, struct vg *vg, struct lv *lv, struct lv *const *imgs, const bool *failed,
			    struct lv *log, bool failed_log, struct lv **gone)
{
	struct lv_seg *seg = &lv->segs[0];
	unsigned n = seg->n_areas, n_gone = 0, left = 0;
	for (unsigned k = 0; k < n; k++)
		left += !failed[k];
	if (left == 1) {
		struct lv *keep = NULL;
		for (unsigned k = 0; k < n; k++) {
			if (!failed[k])
				keep = imgs[k];
			gone[n_gone++] = imgs[k];
		}
		if (log)
			gone[n_gone++] = log;
		lv->segs = keep->segs;
		lv->n_segs = keep->n_segs;
		lv->size_extents = keep->size_extents;
		lv->flags.status &= ~(uint32_t)LV_NOTSYNCED;
	} else {
		struct lv_seg *ns = arena_alloc(&x->arena, sizeof(*ns));
		*ns = *seg;
		ns->areas = arena_alloc(&x->arena, left * sizeof(*ns->areas));
		ns->raid = arena_alloc(&x->arena, sizeof(*ns->raid));
		*ns->raid = *seg->raid;
		unsigned j = 0;
		for (unsigned k = 0; k < n; k++) {
			if (failed[k])
				gone[n_gone++] = imgs[k];
			else
				ns->areas[j++] = seg->areas[k];
		}
		ns->n_areas = ns->stripe_count = left;
		if (failed_log) {
			ns->raid->log = NULL;
			gone[n_gone++] = log;
		}
		lv->segs = ns;
	}
	for (unsigned i = 0; i < n_gone; i++)
		vg_remove_lv(vg, gone[i]);
	return n_gone;
}

/* lv's images (imgs[], failed[]) and log; -EINVAL/-ENOTSUP logged for a
 * mirror lvmgr cannot take apart. */
static int sub_lvs(struct ctx *x, struct vg *vg, struct lv *lv, struct lv ***imgs_out, bool **failed_out,
		   unsigned *nfail, struct lv **log_out, bool *failed_log)
{
	struct lv_seg *seg = &lv->segs[0];
	unsigned n = seg->n_areas;
	struct lv **imgs = arena_alloc(&x->arena, (n + 1) * sizeof(*imgs));
	bool *failed = arena_alloc(&x->arena, (n + 1) * sizeof(*failed));
	*nfail = 0;
	for (unsigned k = 0; k < n; k++) {
		imgs[k] = seg->areas[k].kind == AREA_LV ? vg_find_lv(vg, seg->areas[k].lv_name) : NULL;
		if (!imgs[k]) {
			log_error("Mirror %s/%s: image %u is not an LV of the VG.", vg->name, lv->name, k);
			return -EINVAL;
		}
		failed[k] = lv_is_partial(vg, imgs[k]);
		*nfail += failed[k];
	}
	struct lv *log = seg->raid->log ? vg_find_lv(vg, seg->raid->log) : NULL;
	if (seg->raid->log && !log) {
		log_error("Mirror %s/%s: its log %s is not an LV of the VG.", vg->name, lv->name, seg->raid->log);
		return -EINVAL;
	}
	if (log && is_mirror(log)) {
		log_error("Repair of mirror %s/%s with a mirrored log is not in lvmgr yet.", vg->name, lv->name);
		return -ENOTSUP;
	}
	*imgs_out = imgs;
	*failed_out = failed;
	*log_out = log;
	*failed_log = log && lv_is_partial(vg, log);
	return 0;
}

int lv_mirror_remove_missing(struct ctx *x, struct vg *vg, struct lv *lv, struct lv ***gone, unsigned *n_gone)
{
	struct lv **imgs, *log;
	bool *failed, failed_log;
	unsigned nfail;
	int r;
	*n_gone = 0;
	if (!is_mirror(lv))
		return -EINVAL;
	if ((r = sub_lvs(x, vg, lv, &imgs, &failed, &nfail, &log, &failed_log)))
		return r;
	unsigned n = lv->segs[0].n_areas;
	*gone = arena_alloc(&x->arena, (n + 3) * sizeof(**gone));
	if (nfail == n) {
		/* LVM2 removes the LV with its sub-LVs */
		log_error("No usable images left in %s/%s.", vg->name, lv->name);
		(*gone)[(*n_gone)++] = lv;	/* its device before theirs */
		for (unsigned k = 0; k < n; k++)
			(*gone)[(*n_gone)++] = imgs[k];
		if (log)
			(*gone)[(*n_gone)++] = log;
		for (unsigned i = 0; i < *n_gone; i++)
			vg_remove_lv(vg, (*gone)[i]);
		return -ENOENT;
	}
	if (nfail || failed_log)
		*n_gone = drop_failed(x, vg, lv, imgs, failed, log, failed_log, *gone);
	return 0;
}

int lv_mirror_repair(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_mirror_repair_params *p, bool *poll)
{
	*poll = false;
	struct lv_seg *seg = is_mirror(lv) ? &lv->segs[0] : NULL;
	int r;

	if (!seg) {
		log_error("Unsupported volume type for repair of volume %s/%s.", vg->name, lv->name);
		return -ENOTSUP;
	}
	struct lv **imgs, *log;
	bool *failed, failed_log;
	unsigned n = seg->n_areas, nfail;
	if ((r = sub_lvs(x, vg, lv, &imgs, &failed, &nfail, &log, &failed_log)))
		return r;

	if (!nfail && !failed_log) {
		log_print("Volume %s/%s is consistent. Nothing to repair.", vg->name, lv->name);
		return 0;
	}
	if (nfail == n) {
		log_error("No usable images left in %s/%s.", vg->name, lv->name);
		return -EINVAL;
	}
	if ((r = vg_check_writable(x, vg)))
		return r;
	struct mrep m = {.x = x, .vg = vg, .lv = lv, .p = p, .active = dmk_available() && act_state(x, vg, lv),
			 .region = seg->raid->region_size ? seg->raid->region_size : RAID_REGION_SIZE_DEFAULT};
	unsigned orig_images = n, orig_logs = log ? 1 : 0;
	double pc = m.active && !x->test ? sync_percent(&m) : -1;

	/* 1: the failed images and log go. */
	struct snap s;
	lv_mirror_snap_take(x, vg, lv, &s);
	struct lv **gone = arena_alloc(&x->arena, (n + 2) * sizeof(*gone));
	unsigned n_gone = drop_failed(x, vg, lv, imgs, failed, log, failed_log, gone);
	/* LVM2's remove_mirror_log: an in-sync mirror keeps its state in the
	 * core log ("nosync") */
	m.nosync = failed_log && is_mirror(lv) && pc >= 100;
	if ((r = commit_reload(&m, &s, gone, n_gone)))
		return r;
	if (nfail)
		log_print("Mirror status: %u of %u images failed.", nfail, orig_images);
	if (failed_log)
		log_print("Mirror log status: 1 of %u images failed.", orig_logs);

	/* 2: replace what failed, as far as the PVs allow. */
	bool ri = false, rl = false;
	if (p->decide)
		p->decide(p->decide_arg, nfail, failed_log, &ri, &rl);
	unsigned images = ri ? orig_images : orig_images - nfail;
	if (images == 1)
		rl = false;
	unsigned logs = rl ? orig_logs : orig_logs - failed_log;
	while (ri || rl) {
		log_warn("Trying to up-convert to %u images, %u logs.", images, logs);
		if (!convert_to(&m, images, logs))
			break;
		if (images > 2)
			images--;
		else if (logs > 0)
			logs--;
		else
			break;
	}
	/* a layer (LV_mimagetmp_K) counts with the images and log it holds */
	unsigned have_images = image_count(lv), have_logs = log_count(lv);
	const struct lv *tmp = is_mirror(lv) && lv->segs[0].areas[0].kind == AREA_LV ?
		vg_find_lv(vg, lv->segs[0].areas[0].lv_name) : NULL;
	if (tmp && is_mirror(tmp) && strstr(tmp->name, "_mimagetmp_")) {
		have_images += image_count(tmp) - 1;
		have_logs = log_count(tmp);
	}
	if (ri && have_images != orig_images)
		log_warn("Failed to replace %u of %u images in volume %s/%s.", orig_images - have_images,
			 orig_images, vg->name, lv->name);
	if (rl && have_logs != orig_logs)
		log_warn("Failed to replace %u of %u logs in volume %s/%s.", orig_logs - have_logs,
			 orig_logs, vg->name, lv->name);
	/* LVM2 polls after the repair's messages (the caller) */
	*poll = m.poll;
	return 0;
}

int lv_mirror_from_linear(struct ctx *x, struct vg *vg, struct lv *lv, unsigned images, unsigned logs, uint32_t region,
			  const struct lv_mirror_repair_params *p, bool *poll)
{
	struct mrep m = {.x = x, .vg = vg, .lv = lv, .p = p, .active = dmk_available() && act_state(x, vg, lv),
			 .quiet = true, .region = region};
	int r = up_from_linear(&m, images, logs);
	*poll = m.poll;
	return r;
}
