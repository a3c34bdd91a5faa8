/* vgimportclone: the VG on copied disks (dd, a SAN snapshot) gets new PV
 * and VG uuids and a new name, so that it can sit beside its original, as
 * LVM2 2.03's tools/vgimportclone.c: every PV of the VG must be named and
 * nothing else; the name is --basevgname or the old name, with 1, 2, ...
 * appended (the old name always gets a number) until no VG on the other
 * devices has it; LV uuids stay (an LV's dm uuid holds the VG uuid).
 *
 * The VG is read from the named devices only: beside the original the
 * same PV and VG uuids are on two devices each, and the scan's VG would
 * be a mix of both. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd/common.h"

static bool named(struct scan_dev *const *sds, int n, const struct scan_dev *sd)
{
	for (int i = 0; i < n; i++)
		if (sds[i] == sd)
			return true;
	return false;
}

/* Is a VG of that name on a device not being imported? */
static bool name_taken(struct ctx *x, struct scan_dev *const *sds, int n, const char *name)
{
	for (unsigned i = 0; i < x->n_devs; i++) {
		struct scan_dev *sd = x->devs[i];
		if (named(sds, n, sd))
			continue;
		for (unsigned m = 0; m < sd->n_mda; m++)
			if (sd->mda[m].text_ok && sd->mda[m].vgname && !strcmp(sd->mda[m].vgname, name))
				return true;
	}
	return false;
}

static int pick_name(struct cmd *c, struct scan_dev *const *sds, int n, const char *old, char *out, size_t len)
{
	const char *base = arg_str(c, ARG_BASEVGNAME, NULL);
	unsigned count = base ? 0 : 1;
	char err[256];

	if (base && vg_name_check(base, err, sizeof(err))) {
		log_error("%s", err);
		return -EINVAL;
	}
	if (!base)
		base = old;
	for (;;) {
		int l = count ? snprintf(out, len, "%s%u", base, count) : snprintf(out, len, "%s", base);
		if (l < 0 || (size_t)l >= NAME_LEN) {
			log_error("Failed to generated temporary vg name, %s%u is too long.", base, count);
			return -ENAMETOOLONG;
		}
		if (!name_taken(&c->ctx, sds, n, out))
			return 0;
		count++;
	}
}

int cmd_vgimportclone(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	int n = c->n_pos;
	struct scan_dev **sds = arena_alloc(&x->arena, (size_t)n * sizeof(*sds));
	const struct scan_mda *best = NULL;
	const char *old = NULL;
	char err[512], newname[NAME_LEN + 16];
	struct vg *vg;

	if (lock_global_ex(c))
		return ECMD_FAILED;
	/* The named devices are copies: each PV's uuid is on the original
	 * too until this command gives them new ones (LVM2 reads them through
	 * a devices file of their own). */
	x->allow_dup_pvs = true;
	scan_devices(x, (const char *const *)c->pos, (unsigned)n);
	for (int i = 0; i < n; i++) {
		struct scan_dev *sd = scan_find(x, c->pos[i]);
		if (!sd) {
			log_error("Failed to find device %s.", c->pos[i]);
			return ECMD_FAILED;
		}
		if (!sd->labelled) {
			log_error("Failed to find PVID for device %s.", c->pos[i]);
			return ECMD_FAILED;
		}
		if (named(sds, i, sd)) {
			log_error("Physical volume %s is listed twice.", c->pos[i]);
			return ECMD_FAILED;
		}
		sds[i] = sd;
		for (unsigned m = 0; m < sd->n_mda; m++) {
			const struct scan_mda *md = &sd->mda[m];
			if (!md->text_ok || !md->vgname)
				continue;
			if (old && strcmp(old, md->vgname)) {
				log_error("Devices must be from the same VG.");
				return ECMD_FAILED;
			}
			old = md->vgname;
			if (!best || md->seqno > best->seqno)
				best = md;
		}
	}
	if (!best) {
		log_error("No VG found on devices.");
		return ECMD_FAILED;
	}
	if (vg_import(&x->arena, best->text, best->text_len, &vg, err, sizeof(err))) {
		log_error("Metadata of VG %s on the devices being imported is invalid: %s", old, err);
		log_error("Failed to read VG %s from devices being imported.", old);
		return ECMD_FAILED;
	}
	if ((vg->flags.status & VG_EXPORTED) && !arg_is_set(c, ARG_IMPORT)) {
		log_error("VG %s is exported, use the --import option.", vg->name);
		return ECMD_FAILED;
	}
	/* the named devices are the VG's PVs, all of them */
	for (unsigned p = 0; p < vg->n_pvs; p++) {
		struct pv *pv = vg->pvs[p];
		pv->sd = NULL;
		for (int i = 0; i < n && !pv->sd; i++)
			if (!memcmp(sds[i]->label.pv_id, pv->id, ID_LEN))
				pv->sd = sds[i];
		if (!pv->sd) {
			char idf[ID_LEN + 7];
			id_format(pv->id, idf);
			log_error("PV with UUID %s is part of VG %s, but is not included in the devices to import.",
				  idf, vg->name);
			log_error("All PVs in the VG must be imported together.");
			return ECMD_FAILED;
		}
	}
	for (int i = 0; i < n; i++)
		if (!vg_find_pv_by_id(vg, sds[i]->label.pv_id)) {
			log_error("Device %s was not found in VG %s.", c->pos[i], vg->name);
			log_error("The devices to import must match the devices in the VG.");
			return ECMD_FAILED;
		}
	if (pick_name(c, sds, n, old, newname, sizeof(newname)))
		return ECMD_FAILED;
	if (lock_vg_mode(c, newname, LOCK_EXCL) || lock_vg_mode(c, old, LOCK_EXCL))
		return ECMD_FAILED;
	for (int i = 0; i < n; i++)
		if (scan_dev_open_rw(c, sds[i]))
			return ECMD_FAILED;
	/* new uuids; labels first, then the metadata that names them (LVM2:
	 * the PV headers are written before the VG) */
	if (arg_is_set(c, ARG_IMPORT))
		vg->flags.status &= ~VG_EXPORTED;
	id_generate(vg->id);
	vg->name = arena_strdup(&x->arena, newname);
	for (unsigned p = 0; p < vg->n_pvs; p++) {
		struct pv *pv = vg->pvs[p];
		if (arg_is_set(c, ARG_IMPORT))
			pv->flags.status &= ~PV_EXPORTED;
		id_generate(pv->id);
		pv->hint = pv->sd->dev.path;
		memcpy(pv->sd->label.pv_id, pv->id, ID_LEN);
		if (!x->test && pv_write_label(x, pv->sd))
			return ECMD_FAILED;
	}
	if (vg_commit_new(x, vg))
		return ECMD_FAILED;
	/* copied image files: found by later commands, as pvcreate's */
	for (int i = 0; i < n; i++)
		if (sds[i]->dev.is_file && !x->n_devices && !x->test)
			images_add(x, c->pos[i]);
	log_verbose("Imported VG %s from the cloned devices as %s.", old, newname);
	return ECMD_PROCESSED;
}
