/* VG commands: vgcreate, vgextend, vgreduce, vgremove, vgrename, vgscan. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/autoactivate.h"
#include "cmd/common.h"
#include "lvmgr/lv_snapshot.h"
#include "cmd/report/select.h"
#include "lvmgr/pvdups.h"
#include "lvmgr/activate.h"
#include "lvmgr/lv_api.h"
#include "lvmgr/base/units.h"

int tags_change(struct arena *a, struct strlist *l, const struct argval *add,
		const struct argval *del, bool *changed);

/* The name alone: syntax, reserved names, /dev entries (before locking). */
static int check_new_vg_name_syntax(struct cmd *c, const char *name)
{
	char err[256], path[512];
	struct stat st;

	int r = vg_name_check(name, err, sizeof(err));
	if (r) {
		log_error("%s", err);
		if (r == -EINVAL)
			log_error("New volume group name \"%s\" is invalid.", name);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "%s/%s", config_str(c->ctx.cfg, "devices/dir"), name);
	if (!stat(path, &st)) {
		log_error("%s: already exists in filesystem", path);
		return -EEXIST;
	}
	return 0;
}

static int check_new_vg_name(struct cmd *c, const char *name)
{
	struct vg_info *vis;
	unsigned n;

	if (check_new_vg_name_syntax(c, name))
		return -EINVAL;
	vg_list(&c->ctx, &vis, &n);
	for (unsigned k = 0; k < n; k++)
		if (!strcmp(vis[k].name, name)) {
			log_error("A volume group called %s already exists.", name);
			return -EEXIST;
		}
	return 0;
}

/* Devices named for a VG: orphan PVs as they are, other devices are
 * checked as pvcreate would. Nothing is written here. */
static int prepare_pvs(struct cmd *c, char **paths, int n, struct pv_new *pn, bool *create)
{
	struct ctx *x = &c->ctx;
	/* The devices to be made PVs are probed for signatures at once. */
	const char **probe = calloc((size_t)n + 1, sizeof(*probe));
	unsigned np = 0;
	for (int i = 0; probe && i < n; i++) {
		struct scan_dev *sd = scan_find(x, paths[i]);
		if (!sd || !sd->labelled)
			probe[np++] = paths[i];
	}
	if (probe)
		devsig_prefetch(probe, np);
	free(probe);
	for (int i = 0; i < n; i++) {
		struct scan_dev *sd = scan_find(x, paths[i]);
		for (int j = 0; j < i; j++)
			if (sd && pn[j].sd == sd) {
				log_error("Physical volume %s is listed twice.", paths[i]);
				return -EINVAL;
			}
		if (pvdups_has(sd)) {
			log_error("Cannot use device %s with duplicates.", sd->dev.path);
			return -EBUSY;
		}
		if (sd && sd->labelled) {
			const char *vg = scan_dev_vgname(x, sd);
			if (vg) {	/* LVM2's three lines (pvcreate_each_device) */
				log_error("Physical volume '%s' is already in volume group '%s'", paths[i], vg);
				log_error("Unable to add physical volume '%s' to volume group '%s'", paths[i], vg);
				log_error("%s: physical volume not initialized.", paths[i]);
				return -EBUSY;
			}
			if (scan_dev_open_rw(c, sd))
				return -EIO;
			memset(&pn[i], 0, sizeof(pn[i]));
			pn[i].path = paths[i];
			pn[i].sd = sd;
			create[i] = false;
			continue;
		}
		if (pvnew_check(c, paths[i], &pn[i]))
			return -EINVAL;
		create[i] = true;
	}
	return 0;
}

static int create_pvs(struct cmd *c, int n, struct pv_new *pn, const bool *create)
{
	int r = pvnew_write(c, pn, (unsigned)n, create);
	for (int i = 0; i < n; i++)
		if (create[i] && !pn[i].rc)
			log_print("Physical volume \"%s\" successfully created.", pn[i].path);
	return r ? -EIO : 0;
}

static int add_pvs(struct cmd *c, struct vg *vg, int n, struct pv_new *pn)
{
	for (int i = 0; i < n; i++) {
		struct pv *pv;
		if (c->ctx.test && !pn[i].sd->labelled) {
			/* --test: the PV was not written; model it from the layout. */
			pn[i].sd->label = pn[i].label;
		}
		pv = pv_for_vg(c, vg, pn[i].sd);
		if (!pv->pe_count) {
			log_error("Physical volume %s is too small for an extent of %u sectors.",
				  pn[i].path, vg->extent_size);
			return -ENOSPC;
		}
		vg_add_pv(vg, pv);
	}
	if (vg->max_pv && vg->n_pvs > vg->max_pv) {
		log_error("VG %s would have %u PVs; its maximum is %" PRIu64 ".", vg->name, vg->n_pvs,
			  vg->max_pv);
		return -EINVAL;
	}
	return 0;
}

bool vg_alloc_inherit_refused(const char *alloc)
{
	if (!alloc || strcmp(alloc, "inherit"))
		return false;
	log_error("Volume Group allocation policy cannot inherit from anything");
	return true;
}

int vgnew_params_check(struct cmd *c, const char *alloc)
{
	if (arg_yesno(c, ARG_CLUSTERED, 0) != 0) {
		log_error("Clustered VGs are not supported (use -c n).");
		return EINVALID_CMD_LINE;
	}
	return vg_alloc_inherit_refused(alloc) ? EINVALID_CMD_LINE : 0;
}

int cmd_vgcreate(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	const char *name = vg_name_arg(c->pos[0]);
	uint64_t pesize, max_lv, max_pv, copies;
	int n = c->n_pos - 1;
	struct pv_new *pn = arena_alloc(&x->arena, (size_t)n * sizeof(*pn));
	bool *create = arena_alloc(&x->arena, (size_t)n * sizeof(*create));
	const char *alloc = arg_str(c, ARG_ALLOC, NULL);
	struct vg *vg;

	/* The whole command is validated before the first write. */
	if (arg_size(c, ARG_PESIZE, 2 * (uint64_t)config_int(x->cfg, "allocation/physical_extent_size"),
		     &pesize) ||
	    arg_uint(c, ARG_MAXLV, UINT32_MAX, 0, &max_lv) ||
	    arg_uint(c, ARG_MAXPV, UINT32_MAX, 0, &max_pv) ||
	    arg_uint(c, ARG_VGMETADATACOPIES, UINT32_MAX,
		     (uint64_t)config_int(x->cfg, "metadata/vgmetadatacopies"), &copies))
		return EINVALID_CMD_LINE;
	if (!pesize) {
		log_error("Physical extent size may not be zero");
		return EINVALID_CMD_LINE;
	}
	if (pesize > UINT32_MAX) {
		log_error("Physical extent size cannot be larger than %s.", "2.00 TiB");
		return EINVALID_CMD_LINE;
	}
	if ((pesize & (pesize - 1)) && pesize % 256) {	/* (LVM2: status 5, found by vg_set_extent_size) */
		log_error("Physical Extent size must be a multiple of 128.00 KiB when not a power of 2.");
		return ECMD_FAILED;
	}
	if (vgnew_params_check(c, alloc) || check_new_vg_name_syntax(c, name) || pvnew_check_args(c))
		return EINVALID_CMD_LINE;
	if (lock_global_ex(c) || lock_vg_mode(c, name, LOCK_EXCL))
		return ECMD_FAILED;
	scan_devices(x, (const char *const *)c->pos + 1, (unsigned)n);
	if (check_new_vg_name(c, name))
		return ECMD_FAILED;
	vg = vg_new(&x->arena, name, (uint32_t)pesize);
	vg->max_lv = max_lv;
	vg->max_pv = max_pv;
	vg->metadata_copies = copies;
	vg->alloc = alloc;
	if (arg_yesno(c, ARG_SETAUTOACTIVATION, 1) == 0)
		vg_set_autoactivation(vg, false);	/* NOAUTOACTIVATE, as LVM2 */
	bool ch = false;
	if (tags_change(&x->arena, &vg->tags, &c->args[ARG_ADDTAG], &c->args[ARG_DELTAG], &ch))
		return EINVALID_CMD_LINE;
	if (prepare_pvs(c, c->pos + 1, n, pn, create))
		return ECMD_FAILED;
	/* Dry run of the PV list against the extent size before writing. */
	unsigned mdas = 0;
	for (int i = 0; i < n; i++)
		mdas += create[i] ? pn[i].label.n_mda : pn[i].sd->label.n_mda;
	if (!mdas) {
		log_error("Cannot create VG %s: none of its PVs has a metadata area (--pvmetadatacopies 0 on all).",
			  name);
		return ECMD_FAILED;
	}
	for (int i = 0; i < n; i++) {
		const struct pv_label *l = create[i] ? &pn[i].label : &pn[i].sd->label;
		uint64_t start = l->n_da ? l->da[0].offset / 512 : 0, end = l->dev_size / 512;
		if (end <= start || (end - start) / pesize == 0) {
			log_error("Physical volume %s is too small for an extent size of %" PRIu64 " sectors.",
				  pn[i].path, pesize);
			return ECMD_FAILED;
		}
	}
	if (create_pvs(c, n, pn, create) || add_pvs(c, vg, n, pn))
		return ECMD_FAILED;
	if (vg_commit_new(x, vg))
		return ECMD_FAILED;
	vg_backup_warn(&c->ctx);	/* (LVM2 unlocks the new VG first) */
	log_print("Volume group \"%s\" successfully created", name);
	return ECMD_PROCESSED;
}

int cmd_vgextend(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	const char *name = vg_name_arg(c->pos[0]);
	int n = c->n_pos - 1;
	struct pv_new *pn = arena_alloc(&x->arena, (size_t)n * sizeof(*pn));
	bool *create = arena_alloc(&x->arena, (size_t)n * sizeof(*create));
	struct vg *vg;

	if (pvnew_check_args(c))
		return EINVALID_CMD_LINE;
	if (lock_global_ex(c) || lock_vg_mode(c, name, LOCK_EXCL))
		return ECMD_FAILED;
	scan_devices(x, (const char *const *)c->pos + 1, (unsigned)n);
	if (arg_is_set(c, ARG_RESTOREMISSING)) {
		if (vg_read(x, name, VG_READ_ALLOW_MISSING | VG_READ_FOR_UPDATE, &vg))
			return ECMD_FAILED;
		unsigned restored = 0;
		for (int i = 0; i < n; i++) {
			struct scan_dev *sd = scan_find(x, c->pos[i + 1]);
			struct pv *pv = sd && sd->labelled ? vg_find_pv_by_id(vg, sd->label.pv_id) : NULL;
			/* LVM2's _restore_pv: warnings, then one error if none is */
			if (!pv) {
				log_warn("PV %s not found in VG %s", c->pos[i + 1], name);
				continue;
			}
			if (!((pv->flags.status | pv->flags.compat) & PV_MISSING) && !pv->missing_cleared) {
				log_warn("PV %s was not missing in VG %s", c->pos[i + 1], name);
				continue;
			}
			pv->flags.status &= ~PV_MISSING;
			pv->flags.compat &= ~PV_MISSING;
			if (scan_dev_open_rw(c, sd))
				return ECMD_FAILED;
			restored++;
		}
		if (!restored) {
			log_error("No PV has been restored.");
			return ECMD_FAILED;
		}
		if (vg_commit(x, vg))
			return ECMD_FAILED;
		log_print("Volume group \"%s\" successfully extended", name);
		return ECMD_PROCESSED;
	}
	if (vg_read(x, name, VG_READ_FOR_UPDATE, &vg))
		return ECMD_FAILED;
	if (!(vg->flags.status & VG_RESIZEABLE)) {
		log_error("Volume group %s is not resizeable.", name);
		return ECMD_FAILED;
	}
	if (prepare_pvs(c, c->pos + 1, n, pn, create) || vg_check_writable(x, vg))
		return ECMD_FAILED;
	if (create_pvs(c, n, pn, create) || add_pvs(c, vg, n, pn))
		return ECMD_FAILED;
	if (vg_commit(x, vg))
		return ECMD_FAILED;
	log_print("Volume group \"%s\" successfully extended", name);
	return ECMD_PROCESSED;
}

/* vgreduce --removemissing: the missing PVs leave the model; the devices
 * of those that stay opened for writing (the commit follows). */
struct missing_drop {
	struct cmd *c;
	unsigned removed;
	struct scan_dev **back;	/* dropped while present: orphaned after the commit */
	unsigned nback;
};
static int missing_drop(void *arg, struct vg *vg)
{
	struct missing_drop *md = arg;
	for (unsigned p = 0; p < vg->n_pvs;) {
		if (!pv_is_missing(vg->pvs[p])) {
			p++;
			continue;
		}
		char idf[ID_LEN + 7];
		id_format(vg->pvs[p]->id, idf);
		log_verbose("Removing PV with UUID %s from VG %s.", idf, vg->name);
		if (vg->pvs[p]->sd) {
			if (scan_dev_open_rw(md->c, vg->pvs[p]->sd))
				return -EIO;
			md->back[md->nback++] = vg->pvs[p]->sd;
		}
		vg_remove_pv(vg, vg->pvs[p]);
		md->removed++;
	}
	for (unsigned p = 0; p < vg->n_pvs; p++)
		if (scan_dev_open_rw(md->c, vg->pvs[p]->sd))
			return -EIO;
	return 0;
}

static int vgreduce_missing(struct cmd *c, struct vg *vg)
{
	struct ctx *x = &c->ctx;

	/* Without --force, LVM2's refusal names every partial LV (sub-LVs
	 * and the LVs above them). With it, raid1 LVs lose only their legs
	 * on the missing PVs (error segments, reloaded after the commit),
	 * mirror LVs their failed images and log (lvmgr/lv_mirror_repair.c),
	 * taken after the scan: that changes the VG's LV list. */
	bool force = arg_is_set(c, ARG_FORCE), any = false;
	struct lv **fixed = arena_alloc(&x->arena, (vg->n_lvs + 1) * sizeof(*fixed));
	struct lv **mirrors = arena_alloc(&x->arena, (vg->n_lvs + 1) * sizeof(*mirrors));
	unsigned nfixed = 0, nmirrors = 0, ngone = 0;
	struct lv **gone = arena_alloc(&x->arena, (2 * vg->n_lvs + 1) * sizeof(*gone));
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		struct lv *lv = vg->lvs[l];
		if (!lv_is_partial(vg, lv))
			continue;
		any = true;
		if (!force)
			log_warn("Partial LV %s needs to be repaired or removed. ", lv->name);
		else if (lv->n_segs == 1 && seg_is_raid(&lv->segs[0]) && !lv_raid_remove_missing(x, vg, lv))
			fixed[nfixed++] = lv;
		else if (lv->n_segs == 1 && seg_is_mirror(&lv->segs[0]))
			mirrors[nmirrors++] = lv;
	}
	for (unsigned k = 0; k < nmirrors; k++) {
		struct lv **g;
		unsigned ng;
		int r = lv_mirror_remove_missing(x, vg, mirrors[k], &g, &ng);
		if (r && r != -ENOENT)
			return r;
		if (!r)
			fixed[nfixed++] = mirrors[k];
		for (unsigned i = 0; i < ng && ngone < 2 * vg->n_lvs; i++)
			gone[ngone++] = g[i];
	}
	if (any && !force) {
		log_error("There are still partial LVs in VG %s.", vg->name);
		log_error("To remove them unconditionally use: vgreduce --removemissing --force.");
		log_error("To remove them unconditionally from mirror LVs use: vgreduce --removemissing --mirrorsonly --force.");
		log_warn("Proceeding to remove empty missing PVs.");
		return -EBUSY;
	}
	/* Other LVs with extents on a missing PV go (--force), as LVM2's
	 * _make_vg_consistent: the visible ones with what depends on them
	 * (snapshots), taken down first (refused while open), removed
	 * from the model by lv_remove; the commit is below. */
	struct lv **part = arena_alloc(&x->arena, (vg->n_lvs + 1) * sizeof(*part));
	unsigned npart = 0;
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		struct lv *lv = vg->lvs[l];
		bool partial = false;
		for (unsigned p = 0; p < vg->n_pvs && !partial; p++)
			partial = pv_is_missing(vg->pvs[p]) && lv_uses_pv(lv, vg->pvs[p]);
		if (!partial)
			continue;
		if (!arg_is_set(c, ARG_FORCE)) {
			log_error("Logical volume %s/%s is on a missing PV: use --force to remove it with the missing PVs.",
				  vg->name, lv->name);
			return -EBUSY;
		}
		if (!lv_is_visible(vg, lv))
			continue;
		log_warn("Removing partial LV %s/%s.", vg->name, lv->name);
		part[npart++] = lv;
	}
	struct missing_drop md = {.c = c, .back = arena_alloc(&x->arena, (vg->n_pvs + 1) * sizeof(*md.back))};
	if (npart) {
		/* lv_remove commits, the missing PVs dropped just before */
		struct lv **all = arena_alloc(&x->arena, (vg->n_lvs + 1) * sizeof(*all));
		unsigned nall = lv_snapshot_remove_set(vg, part, npart, all);
		struct lv_remove_params rp = {.before_commit = missing_drop, .before_commit_arg = &md};
		if (lv_remove(x, vg, all, nall, &rp))
			return -EBUSY;
		for (unsigned i = 0; i < nall; i++)
			log_print("Logical volume \"%s\" successfully removed.", all[i]->name);
	} else {
		if (missing_drop(&md, vg))
			return -EIO;
		if (!md.removed) {
			log_print("Volume group \"%s\" is already consistent.", vg->name);
			return 0;
		}
		if (vg_commit(x, vg))
			return -EIO;
	}
	/* A PV back with old metadata, dropped: an orphan (vgreduce's way) */
	for (unsigned k = 0; k < md.nback; k++)
		if (pv_orphan(x, md.back[k]))
			log_warn("Clearing the VG's metadata on %s failed.", md.back[k]->dev.path);
	for (unsigned k = 0; k < nfixed; k++)
		if (act_reload(x, vg, fixed[k]))
			log_warn("Reloading %s/%s failed.", vg->name, fixed[k]->name);
	for (unsigned k = 0; k < ngone; k++)
		if (act_state(x, vg, gone[k]) && deact_lv(x, vg, gone[k], true))
			log_warn("Removing the device of %s/%s failed.", vg->name, gone[k]->name);
	log_print("Wrote out consistent volume group %s.", vg->name);
	return 0;
}

int cmd_vgreduce(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	const char *name = vg_name_arg(c->pos[0]);
	int n = c->n_pos - 1;
	struct vg *vg;
	struct pv **rm = arena_alloc(&x->arena, ((size_t)n + 1) * sizeof(*rm));
	struct pv **all = NULL;
	unsigned nrm = 0;

	if (arg_is_set(c, ARG_REMOVEMISSING)) {
		if (n) {
			log_error("Please give only the VG with --removemissing.");
			return EINVALID_CMD_LINE;
		}
	} else if (arg_is_set(c, ARG_ALL)) {
		if (n) {
			log_error("Please give only the VG with --all.");
			return EINVALID_CMD_LINE;
		}
	} else if (!n) {
		log_error("Please give the physical volumes to remove from VG %s.", name);
		return EINVALID_CMD_LINE;
	}
	if (lock_global_ex(c) || lock_vg_mode(c, name, LOCK_EXCL))
		return ECMD_FAILED;
	scan_devices(x, (const char *const *)c->pos + 1, (unsigned)n);
	if (arg_is_set(c, ARG_REMOVEMISSING)) {
		if (vg_read(x, name, VG_READ_ALLOW_MISSING | VG_READ_FOR_UPDATE, &vg))
			return ECMD_FAILED;
		return vgreduce_missing(c, vg) ? ECMD_FAILED : ECMD_PROCESSED;
	}
	if (vg_read(x, name, VG_READ_FOR_UPDATE, &vg))
		return ECMD_FAILED;
	if (arg_is_set(c, ARG_ALL)) {
		all = arena_alloc(&x->arena, vg->n_pvs * sizeof(*all));
		rm = all;
		for (unsigned p = 0; p < vg->n_pvs; p++)
			if (!vg_pv_used(vg, vg->pvs[p]))
				rm[nrm++] = vg->pvs[p];
		if (nrm == vg->n_pvs)	/* the VG keeps at least one PV */
			nrm--;
		if (!nrm) {
			log_error("No unused physical volumes can be removed from VG %s.", name);
			return ECMD_FAILED;
		}
	} else {
		for (int i = 0; i < n; i++) {
			struct scan_dev *sd = scan_find(x, c->pos[i + 1]);
			struct pv *pv = sd && sd->labelled ? vg_find_pv_by_id(vg, sd->label.pv_id) : NULL;
			if (!pv) {	/* (LVM2's process_each_pv words) */
				scan_log_no_pv(x, c->pos[i + 1]);
				return ECMD_FAILED;
			}
			for (unsigned k = 0; k < nrm; k++)
				if (rm[k] == pv) {
					log_error("Physical volume %s is listed twice.", c->pos[i + 1]);
					return ECMD_FAILED;
				}
			if (vg_pv_used(vg, pv)) {
				log_error("Physical volume \"%s\" still in use", c->pos[i + 1]);
				return ECMD_FAILED;
			}
			rm[nrm++] = pv;
		}
		if (nrm >= vg->n_pvs) {
			log_error("Can't remove final physical volume \"%s\" from volume group \"%s\"",
				  rm[nrm - 1]->sd->dev.path, name);
			return ECMD_FAILED;
		}
	}
	if (vg_check_writable(x, vg))
		return ECMD_FAILED;
	struct scan_dev **gone = arena_alloc(&x->arena, nrm * sizeof(*gone));
	for (unsigned k = 0; k < nrm; k++) {
		gone[k] = rm[k]->sd;
		vg_remove_pv(vg, rm[k]);
	}
	/* The remaining PVs get the new metadata first; then the removed ones
	 * are made orphans (as LVM2: a crash in between leaves them claimed
	 * by no current VG version). */
	if (vg_commit(x, vg))
		return ECMD_FAILED;
	for (unsigned k = 0; k < nrm; k++) {
		if (pv_orphan(x, gone[k]))
			return ECMD_FAILED;
		log_print("Removed \"%s\" from volume group \"%s\"", gone[k]->dev.path, name);
	}
	return ECMD_PROCESSED;
}

int cmd_vgremove(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	SELECT_EXPAND_ARGS(c, REPORT_VG, true);
	struct vg **vgs = arena_alloc(&x->arena, (size_t)c->n_pos * sizeof(*vgs));

	if (lock_global_ex(c))
		return ECMD_FAILED;
	for (int i = 0; i < c->n_pos; i++) {
		const char *name = vg_name_arg(c->pos[i]);
		if (lock_vg_mode(c, name, LOCK_EXCL))
			return ECMD_FAILED;
		if (vg_read(x, name, VG_READ_FOR_UPDATE | (arg_is_set(c, ARG_FORCE) ? VG_READ_ALLOW_MISSING : 0), &vgs[i]))
			return ECMD_FAILED;
		struct vg *vg = vgs[i];
		unsigned nlv = vg_visible_lv_count(vg);
		if (vg->n_lvs) {
			if (!arg_is_set(c, ARG_FORCE) &&
			    !cmd_confirm(c, "Do you really want to remove volume group \"%s\" containing %u logical volumes?",
					 name, nlv)) {
				log_error("Volume group \"%s\" not removed: it holds %u logical volume(s) (use -f).",
					  name, nlv);
				return ECMD_FAILED;
			}
		}
		/* Missing PVs are allowed with -f. A damaged metadata copy
		 * (warned about by the read) does not stop the removal: as
		 * LVM2, pv_orphan writes a fresh empty header over it. */
		for (unsigned p = 0; p < vg->n_pvs; p++)
			if (vg->pvs[p]->sd && scan_dev_open_rw(c, vg->pvs[p]->sd))
				return ECMD_FAILED;
	}
	for (int i = 0; i < c->n_pos; i++) {
		struct vg *vg = vgs[i];
		/* Active LVs go down first; one in use stops the command. */
		if (!x->test && deact_vg(x, vg, false))
			return ECMD_FAILED;
		/* LVM2's remove_lvs_in_vg: the visible LVs in order, each origin's
		 * snapshots (their COW LVs' names) just before it */
		struct lv **vis = arena_alloc(&x->arena, (vg->n_lvs + 1) * sizeof(*vis));
		struct lv **ord = arena_alloc(&x->arena, (vg->n_lvs + 1) * sizeof(*ord));
		unsigned nvis = 0;
		for (unsigned l = 0; l < vg->n_lvs; l++)
			if (lv_is_visible(vg, vg->lvs[l]))
				vis[nvis++] = vg->lvs[l];
		nvis = lv_snapshot_remove_set(vg, vis, nvis, ord);
		for (unsigned l = 0; l < nvis; l++)
			if (lv_is_visible(vg, ord[l]))
				log_print("Logical volume \"%s\" successfully removed.", ord[l]->name);
		vg_archive(x, vg);
		for (unsigned p = 0; p < vg->n_pvs; p++)
			if (vg->pvs[p]->sd && pv_orphan(x, vg->pvs[p]->sd))
				return ECMD_FAILED;
		log_print("Volume group \"%s\" successfully removed", vg->name);
		if (nvis)	/* LVM2 commits each LV's removal first */
			vg_backup_owed(x);
		vg_backup_warn(x);	/* (the VG given up) */
	}
	return ECMD_PROCESSED;
}

int cmd_vgrename(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	const char *old = vg_name_arg(c->pos[0]), *new = vg_name_arg(c->pos[1]);
	struct vg *vg;
	char id[ID_LEN + 1];
	bool by_id = false;

	if (lock_global_ex(c))
		return ECMD_FAILED;
	scan_devices(x, NULL, 0);
	/* The old name may be the VG uuid (to tell apart VGs with one name). */
	if (strlen(old) == 38 && !id_parse(old, id)) {
		struct vg_info *vis;
		unsigned n;
		vg_list(x, &vis, &n);
		for (unsigned k = 0; k < n; k++)
			if (!memcmp(vis[k].id, id, ID_LEN)) {
				old = vis[k].name;
				by_id = true;
			}
	}
	if (!strcmp(old, new)) {
		log_error("Old and new volume group names must differ");
		return ECMD_FAILED;
	}
	/* LVM2's validate_vg_rename_params: /dev/<new> must fit a name */
	size_t dirlen = strlen(config_str(c->ctx.cfg, "devices/dir")) + 1;
	if (strlen(new) > NAME_LEN - dirlen - 2) {
		log_error("New volume group path exceeds maximum length of %zu!", NAME_LEN - dirlen - 2);
		return ECMD_FAILED;
	}
	if (check_new_vg_name_syntax(c, new))
		return ECMD_FAILED;
	if (lock_vg_mode(c, old, LOCK_EXCL) || lock_vg_mode(c, new, LOCK_EXCL))
		return ECMD_FAILED;
	if (check_new_vg_name(c, new) || vg_read_id(x, old, by_id ? id : NULL, VG_READ_FOR_UPDATE, &vg))
		return ECMD_FAILED;
	for (unsigned p = 0; p < vg->n_pvs; p++)
		if (scan_dev_open_rw(c, vg->pvs[p]->sd))
			return ECMD_FAILED;
	vg_archive(x, vg);
	vg->name = arena_strdup(&x->arena, new);
	if (vg_commit_new(x, vg))
		return ECMD_FAILED;
	if (!x->test && act_rename_vg(x, old, vg))
		return ECMD_FAILED;
	vg_backup_warn(x);	/* (LVM2 unlocks the VG first) */
	log_print("Volume group \"%s\" successfully renamed to \"%s\"", old, new);
	return ECMD_PROCESSED;
}

int cmd_vgscan(struct cmd *c)
{
	struct vg_info *vis;
	unsigned n;
	vg_list(&c->ctx, &vis, &n);
	for (unsigned k = 0; k < n; k++)
		log_print("Found volume group \"%s\" using metadata type lvm2", vis[k].name);
	return ECMD_PROCESSED;
}
