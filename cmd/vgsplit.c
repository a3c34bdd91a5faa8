/* vgsplit and vgmerge: PVs, and the LVs on them, moved between two VGs,
 * with LVM2 2.03's checks and messages (tools/vgsplit.c, vgmerge.c,
 * lib/metadata/metadata.c: move_pv, vgs_are_compatible).
 *
 * Two VGs are written, each with the one-VG commit protocol
 * (lvmgr/vgio_commit.c), in an order that leaves every PV owned by one VG
 * wherever a crash stops the command; the exported VG in between is what
 * readers use to tell (lvmgr/vgio.c, hide_superseded):
 *   vgsplit: 1. the new VG, EXPORTED, on the PVs that move (LVM2's first
 *            step: the source VG still lists them, so readers ignore it;
 *            an existing VG's own PVs keep its version before);
 *            2. the source VG without them (from here on the new VG,
 *            exported, owns them; LVM2's recovery: vgimport); when every
 *            PV moves the source is not written: step 1 took its last
 *            copies;
 *            3. the new VG again, not exported (LVM2's seqno 2).
 *   vgmerge: 1. the source VG marked EXPORTED (it is going away);
 *            2. the destination VG with every PV and LV (as soon as one of
 *            its areas has it, the exported source is superseded).
 * Only linear, striped, zero and error LVs are moved by vgsplit: thin
 * pools and thin LVs, snapshots, raid and mirror LVs and LVs of types lvmgr
 * keeps verbatim move only with vgmerge (whole VGs); a vgsplit that would
 * move one is refused, naming it (LVM2 moves them with their PVs). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cmd/common.h"
#include "lvmgr/activate.h"

static void lv_append(struct vg *vg, struct lv *lv)
{
	if (vg->n_lvs == vg->cap_lvs) {
		unsigned cap = vg->cap_lvs ? vg->cap_lvs * 2 : 8;
		struct lv **n = arena_alloc(vg->arena, cap * sizeof(*n));
		if (vg->n_lvs)
			memcpy(n, vg->lvs, vg->n_lvs * sizeof(*n));
		vg->lvs = n;
		vg->cap_lvs = cap;
	}
	vg->lvs[vg->n_lvs++] = lv;
}

static bool lv_is_active(struct ctx *x, const struct vg *vg, const struct lv *lv)
{
	return !x->test && act_state(x, vg, lv) != NULL;
}

static bool pv_in(const struct vg *vg, const struct pv *pv)
{
	return pv->index < vg->n_pvs && vg->pvs[pv->index] == pv;
}

/* LVM2's vg_bad_status_bits(RESIZEABLE_VG). */
static int resizeable(const struct vg *vg)
{
	if (!(vg->flags.status & VG_RESIZEABLE)) {
		log_error("Volume group %s is not resizeable.", vg->name);
		return -EPERM;
	}
	return 0;
}

static int move_pv(struct vg *from, struct vg *to, struct pv *pv)
{
	if (pv_in(to, pv))
		return 0;
	if (resizeable(from) || resizeable(to))
		return -EPERM;
	vg_remove_pv(from, pv);
	vg_add_pv(to, pv);
	return 0;
}

static int open_rw(struct cmd *c, const struct vg *vg)
{
	for (unsigned p = 0; p < vg->n_pvs; p++)
		if (scan_dev_open_rw(c, vg->pvs[p]->sd))
			return -EIO;
	return 0;
}

static unsigned mdas_in_use(const struct vg *vg)
{
	unsigned n = 0;
	for (unsigned p = 0; p < vg->n_pvs; p++)
		for (unsigned m = 0; m < vg->pvs[p]->sd->n_mda; m++)
			n += !vg->pvs[p]->sd->mda[m].ignored;
	return n;
}

/* LVM2's vgs_are_compatible (vgmerge; vgsplit into an existing VG). */
static int compatible(struct ctx *x, const struct vg *from, const struct vg *to)
{
	if (!x->test && act_count_active(x, from)) {
		log_error("Logical volumes in \"%s\" must be inactive", from->name);
		return -EBUSY;
	}
	if (to->extent_size != from->extent_size) {
		log_error("Extent sizes differ: %u (%s) and %u (%s)", to->extent_size, to->name,
			  from->extent_size, from->name);
		return -EINVAL;
	}
	if (to->max_pv && to->max_pv < (uint64_t)to->n_pvs + from->n_pvs) {
		log_error("Maximum number of physical volumes (%" PRIu64 ") exceeded  for \"%s\" and \"%s\"",
			  to->max_pv, to->name, from->name);
		return -EINVAL;
	}
	if (to->max_lv && to->max_lv < (uint64_t)vg_visible_lv_count(to) + vg_visible_lv_count(from)) {
		log_error("Maximum number of logical volumes (%" PRIu64 ") exceeded  for \"%s\" and \"%s\"",
			  to->max_lv, to->name, from->name);
		return -EINVAL;
	}
	for (unsigned i = 0; i < to->n_lvs; i++)
		for (unsigned j = 0; j < from->n_lvs; j++)
			if (!strcmp(to->lvs[i]->name, from->lvs[j]->name)) {
				log_error("Duplicate logical volume name \"%s\" in \"%s\" and \"%s\"",
					  to->lvs[i]->name, to->name, from->name);
				return -EEXIST;
			}
	return 0;
}

/* An LV vgsplit can move: linear, striped, zero or error segments, on
 * PVs only (a thin pool, thin LV or snapshot names other LVs in its
 * segment, not in areas: LVM2 moves those with them, lvmgr does not). */
static bool lv_simple(const struct lv *lv)
{
	for (unsigned s = 0; s < lv->n_segs; s++) {
		const struct segtype *st = seg_segtype(&lv->segs[s]);
		if (!seg_is_striped(&lv->segs[s]) && st != &segtype_zero && st != &segtype_error)
			return false;
		for (unsigned a = 0; a < lv->segs[s].n_areas; a++)
			if (lv->segs[s].areas[a].kind != AREA_PV)
				return false;
	}
	return true;
}

static bool lv_touches(const struct lv *lv, const struct vg *vg)
{
	for (unsigned p = 0; p < vg->n_pvs; p++)
		if (lv_uses_pv(lv, vg->pvs[p]))
			return true;
	return false;
}

static bool lv_on_pvs(const struct lv *lv)
{
	for (unsigned s = 0; s < lv->n_segs; s++)
		if (lv->segs[s].n_areas)
			return true;
	return false;
}

/* Move the LVs whose PVs all went to `to` (LVM2's _move_lvs): an LV on
 * both sides is refused, so is an active one. An LV on no PV (zero,
 * error) moves too: LVM2 keeps an LV in the source only when it finds
 * one of its PVs there. */
static int move_lvs(struct ctx *x, struct vg *from, struct vg *to)
{
	for (unsigned l = 0; l < from->n_lvs;) {
		struct lv *lv = from->lvs[l];
		if (!lv_touches(lv, to) && (!lv_simple(lv) || lv_on_pvs(lv))) {
			l++;
			continue;
		}
		if (!lv_simple(lv)) {
			log_error("Cannot split: logical volume %s/%s (%s) is not a linear or striped LV; lvmgr's vgsplit moves only those.",
				  from->name, lv->name, lv->n_segs ? lv->segs[0].type : "?");
			return -ENOTSUP;
		}
		if (lv_touches(lv, from)) {
			log_error("Can't split Logical Volume %s between two Volume Groups", lv->name);
			return -EINVAL;
		}
		if (lv_is_active(x, from, lv)) {
			log_error("Logical volume %s/%s must be inactive.", from->name, lv->name);
			return -EBUSY;
		}
		/* the VG cache's copy of its section names the source's PV keys */
		lv->cached = NULL;
		vg_remove_lv(from, lv);
		lv_append(to, lv);
	}
	/* what stays: LVs on the PVs that stayed, and LVs on no PV */
	for (unsigned l = 0; l < from->n_lvs; l++)
		if (!lv_simple(from->lvs[l])) {
			for (unsigned m = 0; m < to->n_pvs; m++)
				if (lv_uses_pv(from->lvs[l], to->pvs[m])) {
					log_error("Cannot split: logical volume %s/%s uses %s.", from->name,
						  from->lvs[l]->name, to->pvs[m]->sd->dev.path);
					return -ENOTSUP;
				}
		}
	return 0;
}

/* Step 1 into an existing VG: its exported version goes to the PVs that
 * move only (when they have a metadata area in use). Its own PVs keep the
 * version before, which readers take while the source still lists the
 * moving PVs (lvmgr/vgio.c, mark_superseded): each PV stays in one VG.
 * Its own areas are passed over as if ignored for this one commit. */
static int commit_moving_only(struct ctx *x, struct vg *to, unsigned own)
{
	unsigned moving = 0;
	for (unsigned p = own; p < to->n_pvs; p++)
		for (unsigned m = 0; m < to->pvs[p]->sd->n_mda; m++)
			moving += !to->pvs[p]->sd->mda[m].ignored;
	if (!moving)	/* LVM2's way: all of them (vgsplit(8)) */
		return vg_commit(x, to);
	bool *was = arena_alloc(&x->arena, ((size_t)own * 2 + 1) * sizeof(*was));
	for (unsigned p = 0; p < own; p++)
		for (unsigned m = 0; m < to->pvs[p]->sd->n_mda; m++) {
			was[2 * p + m] = to->pvs[p]->sd->mda[m].ignored;
			to->pvs[p]->sd->mda[m].ignored = true;
		}
	int r = vg_commit(x, to);
	for (unsigned p = 0; p < own; p++)
		for (unsigned m = 0; m < to->pvs[p]->sd->n_mda; m++)
			to->pvs[p]->sd->mda[m].ignored = was[2 * p + m];
	return r;
}

static bool new_vg_option(struct cmd *c)
{
	return arg_is_set(c, ARG_CLUSTERED) || arg_is_set(c, ARG_ALLOC) || arg_is_set(c, ARG_MAXPV) ||
	       arg_is_set(c, ARG_MAXLV) || arg_is_set(c, ARG_VGMETADATACOPIES);
}

/* The new VG's settings: the source's, or the options' (LVM2's
 * vgcreate_params_set_defaults from the source, then the arguments). */
static int new_vg(struct cmd *c, const struct vg *from, const char *name, struct vg **out)
{
	struct ctx *x = &c->ctx;
	uint64_t max_lv, max_pv, copies;
	const char *alloc = arg_str(c, ARG_ALLOC, from->alloc);

	if (arg_uint(c, ARG_MAXLV, UINT32_MAX, from->max_lv, &max_lv) ||
	    arg_uint(c, ARG_MAXPV, UINT32_MAX, from->max_pv, &max_pv) ||
	    arg_uint(c, ARG_VGMETADATACOPIES, UINT32_MAX, from->metadata_copies, &copies))
		return EINVALID_CMD_LINE;
	if (vgnew_params_check(c, alloc))
		return EINVALID_CMD_LINE;
	struct vg *vg = vg_new(&x->arena, name, from->extent_size);
	vg->max_lv = max_lv;
	vg->max_pv = max_pv;
	vg->metadata_copies = copies;
	vg->alloc = alloc;
	vg->system_id = from->system_id;
	*out = vg;
	return 0;
}

int cmd_vgsplit(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	const char *lv_name = arg_str(c, ARG_NAME, NULL);
	struct vg *from, *to;
	struct vg_info *vis;
	unsigned nvis;
	int r;

	if ((arg_is_set(c, ARG_NAME) ? 1 : 0) + c->n_pos < 3) {
		log_error("Existing VG, new VG and either physical volumes or logical volume required.");
		return EINVALID_CMD_LINE;
	}
	if (lv_name && c->n_pos > 2) {
		log_error("A logical volume name cannot be given with physical volumes.");
		return ECMD_FAILED;
	}
	const char *from_name = vg_name_arg(c->pos[0]), *to_name = vg_name_arg(c->pos[1]);
	if (!strcmp(from_name, to_name)) {
		log_error("Duplicate volume group name \"%s\"", from_name);
		return ECMD_FAILED;
	}
	if (lock_global_ex(c))
		return ECMD_FAILED;
	scan_devices(x, (const char *const *)c->pos + 2, (unsigned)c->n_pos - 2);
	vg_list(x, &vis, &nvis);
	bool existing = false;
	for (unsigned k = 0; k < nvis; k++)
		existing |= !strcmp(vis[k].name, to_name);
	if (!existing) {
		char err[256];
		if (vg_name_check(to_name, err, sizeof(err))) {
			log_error("Invalid vg name %s.", to_name);
			return ECMD_FAILED;
		}
	}
	if (lock_vg_mode(c, to_name, LOCK_EXCL) || lock_vg_mode(c, from_name, LOCK_EXCL))
		return ECMD_FAILED;
	if (existing && vg_read(x, to_name, VG_READ_FOR_UPDATE | VG_READ_ONE_LINE, &to)) {
		log_error("Failed to read VG %s.", to_name);
		return ECMD_FAILED;
	}
	if (vg_read(x, from_name, VG_READ_FOR_UPDATE | VG_READ_ONE_LINE, &from)) {
		log_error("Failed to read VG %s.", from_name);
		return ECMD_FAILED;
	}
	if (existing) {
		if (new_vg_option(c)) {
			log_error("Volume group \"%s\" exists, but new VG option specified", to_name);
			return ECMD_FAILED;
		}
		if (compatible(x, from, to))
			return ECMD_FAILED;
	} else if ((r = new_vg(c, from, to_name, &to))) {
		return r;
	}
	unsigned to_had = to->n_pvs;
	/* the PVs named, or those of the LV named */
	for (int i = 2; i < c->n_pos; i++) {
		struct scan_dev *sd = scan_find(x, c->pos[i]);
		struct pv *pv = sd && sd->labelled ? vg_find_pv_by_id(from, sd->label.pv_id) : NULL;
		if (!pv || !pv_in(from, pv)) {
			log_error("Physical volume %s not in volume group %s", c->pos[i], from_name);
			return ECMD_FAILED;
		}
		if (move_pv(from, to, pv))
			return ECMD_FAILED;
	}
	if (lv_name) {
		struct lv *lv = vg_find_lv(from, lv_name);
		if (!lv) {
			log_error("Logical volume %s not in volume group %s", lv_name, from_name);
			return ECMD_FAILED;
		}
		if (resizeable(from) || resizeable(to))
			return ECMD_FAILED;
		for (unsigned s = 0; s < lv->n_segs; s++)
			for (unsigned a = 0; a < lv->segs[s].n_areas; a++)
				if (lv->segs[s].areas[a].kind == AREA_PV && pv_in(from, lv->segs[s].areas[a].pv) &&
				    move_pv(from, to, lv->segs[s].areas[a].pv))
					return ECMD_FAILED;
	}
	if (to->n_pvs == to_had) {
		log_error("No physical volumes to move from volume group %s.", from_name);
		return ECMD_FAILED;
	}
	if (move_lvs(x, from, to))
		return ECMD_FAILED;
	/* Every PV may go (LVM2: the source VG is then gone, not written). */
	if ((from->n_pvs && !mdas_in_use(from)) || !mdas_in_use(to)) {
		log_error("Cannot split: Nowhere to store metadata for new Volume Group");
		return ECMD_FAILED;
	}
	if (to->max_pv && to->n_pvs > to->max_pv) {
		log_error("Maximum number of physical volumes (%" PRIu64 ") exceeded for \"%s\".", to->max_pv,
			  to->name);
		return ECMD_FAILED;
	}
	if (open_rw(c, from) || open_rw(c, to) || vg_check_writable(x, from) ||
	    vg_check_writable(x, to))
		return ECMD_FAILED;
	/* Both VGs whole before either is written: an LV that stays and names
	 * one that moves (a thin LV's external origin, ...) is refused here,
	 * not by the second commit after the first one wrote the new VG. */
	char err[256];
	vg_account(from);
	vg_account(to);
	if (vg_validate(from, err, sizeof(err)) || vg_validate(to, err, sizeof(err))) {
		log_error("Cannot split: %s.", err);
		return ECMD_FAILED;
	}
	for (unsigned l = 0; l < from->n_lvs; l++)
		from->lvs[l]->cached = NULL;	/* PV keys of the source renumbered */
	/* 1, 2, 3 as at the top of the file */
	to->flags.status |= VG_EXPORTED;
	if (!from->n_pvs)
		vg_archive(x, from);	/* the source's last version, kept before it goes */
	if ((existing ? commit_moving_only(x, to, to_had) : vg_commit_new(x, to)) ||
	    (from->n_pvs && vg_commit(x, from)))
		return ECMD_FAILED;
	to->flags.status &= ~VG_EXPORTED;
	if (vg_commit_new(x, to))
		return ECMD_FAILED;
	log_print("%s volume group \"%s\" successfully split from \"%s\"", existing ? "Existing" : "New",
		  to->name, from->name);
	return ECMD_PROCESSED;
}

int cmd_vgmerge(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	const char *to_name = vg_name_arg(c->pos[0]);
	struct vg *to, *from;

	if (lock_global_ex(c))
		return ECMD_FAILED;
	const char *from_name = vg_name_arg(c->pos[1]);
	if (!strcmp(to_name, from_name)) {
		log_error("Duplicate volume group name \"%s\"", from_name);
		return ECMD_FAILED;
	}
	if (lock_vg_mode(c, to_name, LOCK_EXCL) || lock_vg_mode(c, from_name, LOCK_EXCL))
		return ECMD_FAILED;
	if (vg_read(x, to_name, VG_READ_FOR_UPDATE | VG_READ_ONE_LINE, &to) ||
	    vg_read(x, from_name, VG_READ_FOR_UPDATE | VG_READ_ONE_LINE, &from))
		return ECMD_FAILED;
	if (compatible(x, from, to) || open_rw(c, from) || open_rw(c, to) || vg_check_writable(x, from) ||
	    vg_check_writable(x, to))
		return ECMD_FAILED;
	{
		/* 1: the source marked as going away */
		from->flags.status |= VG_EXPORTED;
		if (vg_commit(x, from))
			return ECMD_FAILED;
		/* 2: everything into the destination; an LV id the
		 * destination has already is made anew (LVM2's "Fix up LVIDs") */
		while (from->n_pvs) {
			struct pv *pv = from->pvs[0];
			vg_remove_pv(from, pv);
			vg_add_pv(to, pv);
		}
		for (unsigned l = 0; l < from->n_lvs; l++) {
			struct lv *lv = from->lvs[l];
			for (unsigned k = 0; k < to->n_lvs; k++)
				if (!memcmp(to->lvs[k]->id, lv->id, ID_LEN)) {
					char idf[ID_LEN + 7];
					id_generate(lv->id);
					id_format(lv->id, idf);
					log_verbose("Changed LVID for %s to %s", lv->name, idf);
					break;
				}
			lv->cached = NULL;
			lv_append(to, lv);
		}
		for (unsigned l = 0; l < to->n_lvs; l++)
			to->lvs[l]->cached = NULL;
		from->n_lvs = 0;
		if (vg_commit(x, to))
			return ECMD_FAILED;
		log_print("Volume group \"%s\" successfully merged into \"%s\"", from_name, to_name);
	}
	return ECMD_PROCESSED;
}
