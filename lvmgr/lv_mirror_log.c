/* lvconvert --mirrorlog core|disk|mirrored (--corelog) of a mirror LV
 * (lv_api.h lv_mirror_log_convert), as LVM2 2.03.16 does it
 * (tools/lvconvert.c _lvconvert_mirrors_parse_params, _lvconvert_mirrors_aux,
 * _lv_update_log_type; lib/metadata/mirror.c add_mirror_log,
 * remove_mirror_log, _init_mirror_log), checked against it in the VM
 * (tests/kernel/mirlogconv-guest):
 *   - the log type it already has: nothing written, no message;
 *   - core -> disk|mirrored: a new LV_mlog (LV_mlog_mimage_0/1), placed by
 *     lv_mirror_place_log (the allocator's alloc_log_areas: a PV no image
 *     uses, within the PV arguments), appended to the VG; its content as
 *     LVM2's _init_mirror_log writes it (the whole log 0xff when the
 *     mirror is active and in sync, else 0, then the disk log header with
 *     nr_regions -1, which the kernel takes as "every region as the bits
 *     say"); an active in-sync mirror's new table says "nosync" (LVM2's
 *     init_mirror_in_sync);
 *   - disk|mirrored -> core: the log LVs go; an inactive mirror asks
 *     first (a full resync follows: the not-synced flag is dropped), an
 *     active in-sync one's core table says "nosync"; the log devices are
 *     removed after the reload.
 * disk <-> mirrored (LVM2 adds or removes a log image in place) is not in
 * lvmgr: refused, naming the way through core. One commit; a failed
 * reload puts the old metadata back and keeps the old table. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lvmgr/activate.h"
#include "lvmgr/base/util.h"
#include "lvmgr/io/io.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/vgio.h"
#include "metadata/segtypes/raid.h"

/* LVM2's lib/metadata/mirror.c */
#define MIRROR_MAGIC 0x4D695272
#define MIRROR_DISK_VERSION 2

static const char *const log_names[] = {"core", "disk", "mirrored"};

/* The log LV s (one linear piece) as _init_mirror_log leaves it. */
static int write_log(struct ctx *x, const struct vg *vg, const struct lv *s, bool in_sync)
{
	if (!s || s->n_segs != 1 || s->segs[0].areas[0].kind != AREA_PV || !s->segs[0].areas[0].pv->sd) {
		log_error("Aborting. Failed to wipe mirror log.");
		return -EINVAL;
	}
	const struct seg_area *ar = &s->segs[0].areas[0];
	size_t len = (size_t)(s->segs[0].extent_count * vg->extent_size * 512);
	unsigned char *buf = io_alloc(len);
	memset(buf, in_sync ? 0xff : 0, len);
	put_le32(buf, MIRROR_MAGIC);
	put_le32(buf + 4, MIRROR_DISK_VERSION);
	memset(buf + 8, 0xff, 8);	/* nr_regions: (uint64_t)-1 */
	uint64_t off = (ar->pv->pe_start + ar->pe * vg->extent_size) * 512;
	int r = io_write(x->io, ar->pv->sd->dev.fd, off, buf, len);
	io_free(buf);
	if (!r)
		r = io_flush(x->io, ar->pv->sd->dev.fd);
	if (r)
		log_error("Aborting. Failed to write mirror log header of %s/%s: %s", vg->name, s->name,
			  strerror(-r));
	return r;
}

int lv_mirror_log_init(struct ctx *x, const struct vg *vg, const struct lv *log, bool in_sync)
{
	const struct lv_seg *ls = log->n_segs == 1 && seg_is_mirror(&log->segs[0]) ? &log->segs[0] : NULL;
	if (x->test)
		return 0;
	if (!ls)
		return write_log(x, vg, log, in_sync);
	int r = 0;
	for (unsigned k = 0; k < ls->n_areas && !r; k++)
		r = write_log(x, vg, ls->areas[k].kind == AREA_LV ? vg_find_lv(vg, ls->areas[k].lv_name) : NULL,
			      in_sync);
	return r;
}

/* The log LV and (mirrored) its images, NULL-ended in out[]. */
static unsigned log_lvs(const struct vg *vg, struct lv *log, struct lv **out)
{
	unsigned n = 0;
	out[n++] = log;
	const struct lv_seg *ls = log->n_segs == 1 && seg_is_mirror(&log->segs[0]) ? &log->segs[0] : NULL;
	for (unsigned k = 0; ls && k < ls->n_areas && k < 8; k++) {
		struct lv *m = ls->areas[k].kind == AREA_LV ? vg_find_lv(vg, ls->areas[k].lv_name) : NULL;
		if (m)
			out[n++] = m;
	}
	out[n] = NULL;
	return n;
}

int lv_mirror_log_convert(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_mirror_log_params *p)
{
	/* a mirror being converted (-m +N through LVM2's temporary layer):
	 * the log is the layer's, as LVM2's _lv_update_log_type has it */
	lv = lv_mirror_original(vg, lv);
	struct lv_seg *seg = lv->n_segs ? &lv->segs[0] : NULL;
	int r;

	if (!seg || !seg_is_mirror(seg) || !seg->raid) {
		log_error("Can't change the mirror log of %s/%s: it is not a mirror LV.", vg->name, lv->name);
		return -EINVAL;
	}
	if (lv->n_segs != 1) {
		log_error("Logical volume %s/%s has multiple mirror segments.", vg->name, lv->name);
		return -EINVAL;
	}
	if (lv->flags.status & LV_PVMOVE) {
		log_error("Can't change the mirror log of %s/%s: it is a pvmove LV.", vg->name, lv->name);
		return -EINVAL;
	}
	struct lv *log = seg->raid->log ? vg_find_lv(vg, seg->raid->log) : NULL;
	if (seg->raid->log && !log) {
		log_error("Mirror %s/%s: its log %s is not an LV of the VG.", vg->name, lv->name, seg->raid->log);
		return -EINVAL;
	}
	unsigned cur = !log ? 0 : log->n_segs == 1 && seg_is_mirror(&log->segs[0]) ? log->segs[0].n_areas : 1;
	unsigned want = p->logs;
	if (want > 2)
		return -EINVAL;
	if (cur > 2)
		cur = 2;
	if (cur == want) {
		log_verbose("Mirror %s/%s already has a %s log.", vg->name, lv->name, log_names[want]);
		return 0;
	}
	if (want == 2 && !config_bool(x->cfg, "global/support_mirrored_mirror_log")) {
		log_error("Log type \"mirrored\" is DEPRECATED. Use RAID1 LV or disk log instead.");
		return -EINVAL;
	}
	if (cur && want) {
		/* disk <-> mirrored: through a core log (LVM2 turns one into
		 * the other in place; an inactive mirror loses its sync state
		 * here, and the question below says so) */
		struct lv_mirror_log_params core = *p;
		core.logs = 0;
		if ((r = lv_mirror_log_convert(x, vg, lv, &core)))
			return r;
		return lv_mirror_log_convert(x, vg, lv, p);
	}
	unsigned n = seg->n_areas;
	struct lv **imgs = arena_alloc(&x->arena, (n + 1) * sizeof(*imgs));
	for (unsigned k = 0; k < n; k++)
		if (seg->areas[k].kind != AREA_LV || !(imgs[k] = vg_find_lv(vg, seg->areas[k].lv_name))) {
			log_error("Mirror %s/%s: image %u is not an LV of the VG.", vg->name, lv->name, k);
			return -EINVAL;
		}
	if ((r = vg_check_writable(x, vg)))
		return r;

	bool active = dmk_available() && act_state(x, vg, lv);
	bool in_sync = false;
	if (active && !x->test) {
		struct dt_status st;
		memset(&st, 0, sizeof(st));
		if (act_status(x, vg, lv, &st) || !st.has_percent || !st.denom) {
			log_error("Unable to determine mirror sync status.");
			return -EIO;
		}
		in_sync = st.numer == st.denom;
	}
	unsigned n_lvs = vg->n_lvs;
	struct lv **old_lvs = arena_alloc(&x->arena, (n_lvs + 1) * sizeof(*old_lvs));
	memcpy(old_lvs, vg->lvs, n_lvs * sizeof(*old_lvs));
	struct seg_raid old_raid = *seg->raid;
	uint32_t old_status = lv->flags.status;
	struct lv *gone[10];
	unsigned n_gone = 0;

	if (!want) {
		/* LVM2's remove_mirror_log */
		if (!active && !p->yes &&
		    !(p->confirm && p->confirm(p->confirm_arg,
					       arena_printf(&x->arena, "Full resync required to convert inactive mirror volume %s/%s to core log. Proceed?",
							    vg->name, lv->name)))) {
			log_error("Logical volume %s/%s NOT converted.", vg->name, lv->name);
			return -ECANCELED;
		}
		if (!in_sync)
			lv->flags.status &= ~(uint32_t)LV_NOTSYNCED;
		n_gone = log_lvs(vg, log, gone);
		for (unsigned i = 0; i < n_gone; i++)
			vg_remove_lv(vg, gone[i]);
		seg->raid->log = NULL;
	} else {
		/* LVM2's add_mirror_log: the region size of the mirror */
		uint32_t region = seg->raid->region_size ? seg->raid->region_size : RAID_REGION_SIZE_DEFAULT;
		struct alloc_pv_arg *pa = NULL;
		if ((r = lv_pv_args(x, vg, p->pvs, p->n_pvs, &pa)))
			return r;
		struct lv *nl;
		if ((r = lv_mirror_place_log(x, vg, lv, imgs, n, lv_mirror_log_extents(region, vg->extent_size,
											lv->size_extents),
					     region, want, pa, p->n_pvs, lv_alloc_policy(p->alloc, vg, lv), &nl)))
			return r;
		/* LVM2's _create_mirror_log: the log LV takes the command's
		 * --alloc (lvconvert --alloc anywhere: "anywhere" written) */
		nl->alloc = p->alloc;
		/* Free extents until the commit: written before it. */
		if ((r = lv_mirror_log_init(x, vg, nl, in_sync))) {
			vg->n_lvs = n_lvs;
			return r;
		}
		seg->raid->log = nl->name;
	}

	if ((r = vg_commit(x, vg)))
		goto undo;
	if (!active || x->test)
		return 0;
	/* LVM2's init_mirror_in_sync: the new table of an in-sync mirror
	 * says nosync (the regions are clean, whatever the log); a mirrored
	 * log's own table too (its images are written alike). */
	struct lv *nl = want ? vg_find_lv(vg, seg->raid->log) : NULL;
	uint32_t keep = lv->flags.status, keep_log = nl ? nl->flags.status : 0;
	if (in_sync) {
		lv->flags.status |= LV_NOTSYNCED;
		if (nl)
			nl->flags.status |= LV_NOTSYNCED;
	}
	r = act_reload(x, vg, lv);
	lv->flags.status = keep;
	if (nl)
		nl->flags.status = keep_log;
	if (r) {
		log_error("Reloading %s/%s failed: its previous layout is kept.", vg->name, lv->name);
		act_rollback(x);
		goto undo_committed;
	}
	for (unsigned i = 0; i < n_gone; i++)
		if (deact_lv(x, vg, gone[i], true))
			log_warn("Failed to remove the device of %s/%s.", vg->name, gone[i]->name);
	return 0;

undo_committed:
	vg->n_lvs = 0;
	for (unsigned i = 0; i < n_lvs; i++)
		lv_vg_add(&x->arena, vg, old_lvs[i]);
	*seg->raid = old_raid;
	lv->flags.status = old_status;
	if (vg_commit(x, vg))
		log_error("Restoring the metadata of %s/%s failed: check it with vgck.", vg->name, lv->name);
	return r;
undo:
	vg->n_lvs = 0;
	for (unsigned i = 0; i < n_lvs; i++)
		lv_vg_add(&x->arena, vg, old_lvs[i]);
	*seg->raid = old_raid;
	lv->flags.status = old_status;
	return r;
}
