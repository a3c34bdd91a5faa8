#include <errno.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/common.h"
#include "lvmgr/base/units.h"
#include "metadata/segtypes/snapshot.h"
#include "lvmgr/pvdups.h"
#include "lvmgr/lv_raid_track.h"

int scan_dev_open_rw(struct cmd *c, struct scan_dev *sd)
{
	return scan_dev_rw(&c->ctx, sd);
}

int lock_global_ex(struct cmd *c)
{
	return lock_global(c->ctx.locks, LOCK_EXCL);
}

int lock_vg_mode(struct cmd *c, const char *vg, enum lock_mode mode)
{
	/* --sysinit (early boot; LVM2: --ignorelockingfailure): a lock file
	 * that cannot be made yet (read-only or missing directory) does not
	 * stop a command that only reads; a lock another command holds does. */
	bool sysinit = mode == LOCK_SHARED && (arg_is_set(c, ARG_SYSINIT) || arg_is_set(c, ARG_IGNORELOCKINGFAILURE));
	int verb = log_verbosity, r;

	if (sysinit)
		log_verbosity = LOG_ERROR - 1;
	r = lock_vg(c->ctx.locks, vg, mode);
	log_verbosity = verb;
	if (sysinit && (r == -EROFS || r == -EACCES || r == -EPERM || r == -ENOENT || r == -ENOTDIR)) {
		log_verbose("Ignoring the locking failure for VG %s (%s): %s.", vg, strerror(-r),
			    arg_is_set(c, ARG_SYSINIT) ? "--sysinit" : "--ignorelockingfailure");
		return 0;
	}
	if (sysinit && r)	/* what the quiet attempt did not say */
		log_error("Cannot lock VG %s: %s", vg, strerror(-r));
	return r;
}

const char *vg_name_arg(const char *arg)
{
	if (!strncmp(arg, "/dev/", 5) && !strchr(arg + 5, '/'))
		return arg + 5;
	return arg;
}

int lv_path_arg(struct cmd *c, const char *arg, const char **vgname, const char **lvname)
{
	const char *s = arg, *slash;
	if (!strncmp(s, "/dev/", 5))
		s += 5;
	if (!(slash = strchr(s, '/')) || slash == s) {
		log_error("Please specify a logical volume path (VG/LV): %s", arg);
		return EINVALID_CMD_LINE;
	}
	*vgname = arena_strndup(&c->ctx.arena, s, (size_t)(slash - s));
	*lvname = slash + 1;
	return 0;
}

int lv_read_for_update(struct cmd *c, const char *vgname, const char *lvname, unsigned read_flags,
		       struct vg **vg, struct lv **lv)
{
	if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(&c->ctx, vgname, VG_READ_FOR_UPDATE | read_flags, vg))
		return ECMD_FAILED;
	if (!(*lv = vg_find_lv(*vg, lvname))) {
		log_error("Failed to find logical volume \"%s/%s\"", vgname, lvname);
		return ECMD_FAILED;
	}
	/* lvconvert forms other than --repair and the tracking ones refuse a
	 * raid1 LV tracking a split image (LVM2's _raid_split_image_conversion). */
	const char *id = c->form ? c->form->id : "";
	if (!strncmp(id, "lvconvert_", 10) && strcmp(id, "lvconvert_repair") &&
	    strcmp(id, "lvconvert_split_mirror_images") && strcmp(id, "lvconvert_merge_mirror_images") &&
	    lv_raid_track_conversion_check(*vg, *lv))
		return ECMD_FAILED;
	return 0;
}

int lv_arg_for_update(struct cmd *c, unsigned read_flags, const char **vgname, const char **lvname, struct vg **vg,
		      struct lv **lv)
{
	int r = lv_path_arg(c, c->pos[0], vgname, lvname);
	if (r)
		return r;
	return lv_read_for_update(c, *vgname, *lvname, read_flags, vg, lv) ? ECMD_FAILED : 0;
}

/* --restorefile: the PV gets back the data area start the backup records,
 * so its extents line up with the metadata that will be restored. */
static int restore_layout(struct cmd *c, struct pv_new *pn)
{
	const char *file = arg_str(c, ARG_RESTOREFILE, "");
	char *text, err[512];
	size_t len;
	struct vg *vg;
	struct pv *pv;
	int r;

	if ((r = read_text_file(&c->ctx.arena, file, &text, &len))) {
		log_error("Cannot read restore file %s: %s", file, strerror(-r));
		return r;
	}
	if (vg_import(&c->ctx.arena, text, len, &vg, err, sizeof(err))) {
		log_error("Restore file %s is invalid: %s", file, err);
		return -EINVAL;
	}
	if (!(pv = vg_find_pv_by_id(vg, pn->label.pv_id))) {
		log_error("Restore file %s has no PV with uuid %s.", file, arg_str(c, ARG_UUID, ""));
		return -ENOENT;
	}
	uint64_t start = pv->pe_start * 512;
	if (start + pv->pe_count * (uint64_t)vg->extent_size * 512 > pn->sd->dev.size) {
		log_error("%s is smaller than PV %s in %s needs.", pn->path, arg_str(c, ARG_UUID, ""), file);
		return -ENOSPC;
	}
	pn->label.da[0].offset = start;
	pn->label.n_da = 1;
	if (pn->label.n_mda) {
		if (start <= 4096 + 2 * MDA_HEADER_SIZE) {
			log_error("PV %s in %s starts its data at %" PRIu64 ": no room for metadata (use --pvmetadatacopies 0).",
				  arg_str(c, ARG_UUID, ""), file, start);
			return -EINVAL;
		}
		pn->label.mda[0] = (struct disk_locn){4096, start - 4096};
		pn->label.n_mda = 1;
	}
	return 0;
}

int read_text_file(struct arena *a, const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "re");
	struct strbuf sb;
	char buf[65536];
	size_t n;
	if (!f)
		return -errno;
	sb_init(&sb);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		sb_add(&sb, buf, n);
		if (sb.len > (64u << 20)) {	/* no metadata file is this big */
			fclose(f);
			sb_free(&sb);
			return -EFBIG;
		}
	}
	fclose(f);
	*text = arena_strndup(a, sb.buf ? sb.buf : "", sb.len);
	*len = sb.len;
	sb_free(&sb);
	return 0;
}

int pvnew_check_args(struct cmd *c)
{
	uint64_t v;
	char id[ID_LEN + 1];

	if (arg_size(c, ARG_METADATASIZE, 0, &v) ||
	    arg_size(c, ARG_DATAALIGNMENT, 0, &v) ||
	    arg_size(c, ARG_DATAALIGNMENTOFFSET, 0, &v) ||
	    arg_uint(c, ARG_LABELSECTOR, 3, 1, &v) ||
	    arg_size(c, ARG_SETPVSIZE, 0, &v) ||
	    (arg_is_set(c, ARG_METADATACOPIES) && arg_uint(c, ARG_METADATACOPIES, 2, 1, &v)) ||
	    arg_uint(c, ARG_PVMETADATACOPIES, 2, 1, &v))
		return -EINVAL;
	if (arg_is_set(c, ARG_UUID)) {
		if (!arg_is_set(c, ARG_RESTOREFILE) && !arg_is_set(c, ARG_NORESTOREFILE)) {
			log_error("--uuid requires --restorefile or --norestorefile.");
			return -EINVAL;
		}
		if (id_parse(arg_str(c, ARG_UUID, ""), id)) {
			log_error("Invalid uuid %s.", arg_str(c, ARG_UUID, ""));
			return -EINVAL;
		}
	}
	if (arg_is_set(c, ARG_RESTOREFILE) && !arg_is_set(c, ARG_UUID)) {
		log_error("--restorefile requires --uuid.");
		return -EINVAL;
	}
	return 0;
}

int pvnew_check(struct cmd *c, const char *path, struct pv_new *pn)
{
	struct ctx *x = &c->ctx;
	uint64_t mda_size, align, align_off, copies, label_sector, setsize;
	char err[256];
	int r;

	memset(pn, 0, sizeof(*pn));
	pn->path = path;
	if (arg_size(c, ARG_METADATASIZE, 0, &mda_size) ||
	    arg_size(c, ARG_DATAALIGNMENT, 0, &align) ||
	    arg_size(c, ARG_DATAALIGNMENTOFFSET, 0, &align_off) ||
	    arg_uint(c, ARG_LABELSECTOR, 3, 1, &label_sector) ||
	    arg_size(c, ARG_SETPVSIZE, 0, &setsize))
		return -EINVAL;
	copies = (uint64_t)config_int(x->cfg, "metadata/pvmetadatacopies");
	if (arg_is_set(c, ARG_METADATACOPIES) &&
	    arg_uint(c, ARG_METADATACOPIES, 2, copies, &copies))
		return -EINVAL;
	if (arg_uint(c, ARG_PVMETADATACOPIES, 2, copies, &copies))
		return -EINVAL;
	if (copies > 2) {
		log_error("Metadata copies must be 0, 1 or 2 (not %" PRIu64 ").", copies);
		return -EINVAL;
	}
	if (!mda_size)
		mda_size = (uint64_t)config_int(x->cfg, "metadata/pvmetadatasize");

	scan_devices(x, &path, 1);
	pn->sd = scan_find(x, path);
	if (!pn->sd) {
		struct device d;
		struct stat st;
		if (stat(path, &st) && errno == ENOENT)	/* LVM2's pvcreate_each_device */
			log_error("No device found for %s.", path);
		else if (scan_filter_rejects(x, path))
			log_error("Cannot use %s: device is rejected by filter config.", path);
		else if (dev_open(&d, path, false, false, err, sizeof(err)))
			log_error("Cannot use %s", err);
		else {
			dev_close(&d);
			log_error("Cannot use %s: device could not be scanned.", path);
		}
		return -ENOENT;
	}
	if (pvdups_has(pn->sd)) {
		log_error("Cannot use device %s with duplicates.", pn->sd->dev.path);
		return -EBUSY;
	}
	/* One blkid probe (~90 reads of the device) serves the md component
	 * check and the foreign signatures below. */
	int nsig = devsig_probe(path, pn->sigs, ARRAY_SIZE(pn->sigs));
	if (nsig < 0) {
		log_error("Cannot probe %s for signatures: %s", path, strerror(-nsig));
		return nsig;
	}
	if (config_bool(x->cfg, "devices/md_component_detection") &&
	    dev_md_component_of(path, pn->sigs, nsig)) {
		log_error("Cannot use %s: device is an md component.", path);
		return -EBUSY;
	}
	if (config_bool(x->cfg, "devices/multipath_component_detection") &&
	    dev_is_mpath_component_wwids(path, config_str(x->cfg, "devices/multipath_wwids_file"))) {
		log_error("Cannot use %s: device is a multipath component.", path);
		return -EBUSY;
	}
	if (pn->sd->label_bad)
		log_warn("%s: an invalid LVM label will be overwritten (%s).", path, pn->sd->label_err);
	if (pn->sd->labelled) {
		const char *vg = scan_dev_vgname(x, pn->sd);
		if (vg) {
			if (arg_count(c, ARG_FORCE) < 2) {
				log_error("Cannot use %s: physical volume is used by volume group \"%s\" (needs -ff to reinitialize).",
					  path, vg);
				return -EBUSY;
			}
			if (!cmd_confirm(c, "Really INITIALIZE physical volume \"%s\" of volume group \"%s\"?",
					 path, vg)) {
				log_error("%s: physical volume not initialized.", path);
				return -ECANCELED;
			}
		}
		pn->was_pv = true;
	}
	/* A new PV must not be in use: mounted, held by device-mapper or md. */
	if (!pn->sd->dev.is_file) {
		int fd = open(path, O_RDONLY | O_EXCL | O_CLOEXEC);
		if (fd < 0 && errno == EBUSY) {
			/* LVM2's words (label.c), which scripts grep */
			log_error("Can't open %s exclusively.  Mounted filesystem?", path);
			log_error("Cannot use %s: device is in use (mounted, or held by another device).", path);
			return -EBUSY;
		}
		if (fd >= 0)
			close(fd);
	}
	if ((r = scan_dev_open_rw(c, pn->sd)))
		return r;
	uint64_t size = pn->sd->dev.size;
	if (setsize) {
		if (setsize * 512 > size && !arg_is_set(c, ARG_YES)) {
			log_error("%s: --setphysicalvolumesize %" PRIu64 " sectors is larger than the device (%" PRIu64 " sectors).",
				  path, setsize, size / 512);
			return -EINVAL;
		}
		size = setsize * 512;
	}
	if (pv_layout(size, mda_size * 512, (unsigned)copies, align * 512, align_off * 512,
		      &pn->label, err, sizeof(err))) {
		if (strstr(err, "no space for metadata area 1"))	/* LVM2's words */
			log_error("Not enough space available for metadata area with index 1 on PV %s.", path);
		log_error("Cannot use %s: %s", path, err);
		return -EINVAL;
	}
	pn->label.sector = label_sector;
	if (pn->was_pv && pn->sd->labelled)	/* keep the uuid of an orphan re-created */
		memcpy(pn->label.pv_id, pn->sd->label.pv_id, sizeof(pn->label.pv_id));
	else
		id_generate(pn->label.pv_id);
	if (arg_is_set(c, ARG_RESTOREFILE) && !arg_is_set(c, ARG_UUID)) {
		log_error("--restorefile requires --uuid.");
		return -EINVAL;
	}
	if (arg_is_set(c, ARG_UUID)) {
		if (!arg_is_set(c, ARG_RESTOREFILE) && !arg_is_set(c, ARG_NORESTOREFILE)) {
			log_error("--uuid requires --restorefile or --norestorefile.");
			return -EINVAL;
		}
		if (id_parse(arg_str(c, ARG_UUID, ""), pn->label.pv_id)) {
			log_error("Invalid uuid %s.", arg_str(c, ARG_UUID, ""));
			return -EINVAL;
		}
		if (arg_is_set(c, ARG_RESTOREFILE) && (r = restore_layout(c, pn)))
			return r;
	}
	pn->label.has_ext = true;
	pn->label.ext_version = PV_EXT_VERSION;
	pn->label.ext_flags = 0;

	/* Foreign signatures: refuse unless told to wipe them. */
	int k = 0;
	for (int i = 0; i < nsig; i++)
		if (strcmp(pn->sigs[i].type, "LVM2_member"))
			pn->sigs[k++] = pn->sigs[i];
	pn->n_sigs = k;
	for (int i = 0; i < pn->n_sigs; i++) {
		const struct dev_signature *s = &pn->sigs[i];
		if (arg_is_set(c, ARG_YES) || arg_is_set(c, ARG_FORCE))
			continue;
		if (!cmd_confirm(c, "WARNING: %s signature detected on %s at offset %" PRIu64 ". Wipe it?",
				 s->type, path, s->offset)) {
			log_error("Cannot use %s: %s signature (%s) found at offset %" PRIu64
				  "; use -y to wipe it.",
				  path, s->type, s->usage, s->offset);
			return -EBUSY;
		}
	}
	return 0;
}

/* The writes that make pn a PV, on its device alone (a worker thread:
 * nothing logged, the cause put in pn->err): signatures wiped, the start
 * zeroed, empty metadata area headers, the label, a flush. */
static int pvnew_write_dev(struct ctx *x, struct pv_new *pn, bool zero_start)
{
	struct scan_dev *sd = pn->sd;
	uint8_t *zero;
	int r;

	if (pn->n_sigs &&
	    (r = devsig_wipe(x->io, sd->dev.fd, pn->sigs, (size_t)pn->n_sigs, pn->err, sizeof(pn->err))))
		return r;
	/* Zero the first 4 sectors (old labels) unless -Z n. */
	if (zero_start) {
		zero = io_alloc(LABEL_SCAN_SIZE);
		r = io_write(x->io, sd->dev.fd, 0, zero, sd->dev.size < LABEL_SCAN_SIZE ? sd->dev.size : LABEL_SCAN_SIZE);
		io_free(zero);
		if (r) {
			err_printf(pn->err, sizeof(pn->err), "zeroing the label area failed: %s", strerror(-r));
			return r;
		}
	}
	for (unsigned m = 0; m < pn->label.n_mda; m++) {
		struct mda_header h;
		memset(&h, 0, sizeof(h));
		h.version = FMTT_VERSION;
		h.start = pn->label.mda[m].offset;
		h.size = pn->label.mda[m].size;
		if ((r = mda_write_header(x->io, sd->dev.fd, &h))) {
			err_printf(pn->err, sizeof(pn->err), "writing the metadata area header failed: %s",
				   strerror(-r));
			return r;
		}
	}
	if ((r = label_write(x->io, sd->dev.fd, &pn->label, false, pn->err, sizeof(pn->err))))
		return r;
	if ((r = io_flush(x->io, sd->dev.fd)))
		err_printf(pn->err, sizeof(pn->err), "flushing the device failed: %s", strerror(-r));
	return r;
}

struct pvnew_job {
	struct ctx *x;
	struct pv_new *pn;
	const bool *which;
	bool zero_start;
};

static void pvnew_write_one(void *arg, unsigned i)
{
	struct pvnew_job *j = arg;
	struct pv_new *pn = &j->pn[i];
	if (j->which && !j->which[i])
		return;
	pn->err[0] = '\0';
	pn->rc = pvnew_write_dev(j->x, pn, j->zero_start);
}

int pvnew_write(struct cmd *c, struct pv_new *pn, unsigned n, const bool *which)
{
	struct ctx *x = &c->ctx;
	struct pvnew_job j = {x, pn, which, arg_yesno(c, ARG_ZERO, 1)};
	int rc = 0;

	if (x->test)
		return 0;
	/* The devices are written and flushed at once, each by its own
	 * thread (each flush waits for its own disk); one after another with
	 * an engine that must not be shared (the fault injector's). */
	parallel_for(n, x->io->threadsafe ? (n < 8 ? n : 8) : 1, pvnew_write_one, &j);
	for (unsigned i = 0; i < n; i++) {
		if (which && !which[i])
			continue;
		if (pn[i].rc) {
			log_error("%s: %s", pn[i].path, pn[i].err[0] ? pn[i].err : strerror(-pn[i].rc));
			if (!rc)
				rc = pn[i].rc;
			continue;
		}
		for (int k = 0; k < pn[i].n_sigs; k++)
			log_print("Wiping %s signature on %s.", pn[i].sigs[k].type, pn[i].path);
		struct scan_dev *sd = pn[i].sd;
		sd->label = pn[i].label;
		if (sd->dev.is_file && !x->n_devices)
			images_add(x, pn[i].path);
		if ((pn[i].rc = scan_dev_reread(x, sd))) {
			log_error("%s: reading the new PV back failed: %s", pn[i].path, strerror(-pn[i].rc));
			if (!rc)
				rc = pn[i].rc;
		}
	}
	return rc;
}

struct pv *pv_for_vg(struct cmd *c, struct vg *vg, struct scan_dev *sd)
{
	struct pv *pv = arena_alloc(&c->ctx.arena, sizeof(*pv));
	memcpy(pv->id, sd->label.pv_id, sizeof(pv->id));
	pv->hint = sd->dev.path;
	pv->flags.status = PV_ALLOCATABLE;
	pv->dev_size = sd->label.dev_size / 512;
	pv->pe_start = sd->label.n_da ? sd->label.da[0].offset / 512 : 2048;
	uint64_t avail = pv->dev_size > pv->pe_start ? pv->dev_size - pv->pe_start : 0;
	/* A second metadata area at the end is not data. */
	for (unsigned m = 0; m < sd->label.n_mda; m++) {
		uint64_t ms = sd->label.mda[m].offset / 512;
		if (ms > pv->pe_start && ms - pv->pe_start < avail)
			avail = ms - pv->pe_start;
	}
	pv->pe_count = avail / vg->extent_size;
	pv->sd = sd;
	return pv;
}

/* The VG part of an argument: "vg", "/dev/vg", "vg/lv" -> "vg" (length). */
static size_t vg_part(const char *arg, const char **start)
{
	*start = vg_name_arg(arg);
	return strcspn(*start, "/");
}

/* As LVM2's process_each_vg: the VGs named, in the order given and each
 * once, a name that is not there said where it stands; else every VG, by
 * name, exported ones skipped. */
/* The index in vis of the VG an argument names, or n. */
static unsigned vg_arg_index(const char *arg, const struct vg_info *vis, unsigned n)
{
	const char *s;
	size_t l = vg_part(arg, &s);
	unsigned k = 0;
	while (k < n && !(strlen(vis[k].name) == l && !strncmp(vis[k].name, s, l)))
		k++;
	return k;
}

int for_each_vg(struct cmd *c, enum lock_mode mode, unsigned read_flags, vg_fn fn, void *arg)
{
	struct ctx *x = &c->ctx;
	struct vg_info *vis;
	unsigned n;
	int rc = ECMD_PROCESSED;

	vg_list(x, &vis, &n);
	bool *done = arena_alloc(&x->arena, (n + 1) * sizeof(*done));
	unsigned todo = c->n_pos ? (unsigned)c->n_pos : n;
	for (unsigned i = 0; i < todo; i++) {
		unsigned k = i;
		if (c->n_pos) {
			if ((k = vg_arg_index(c->pos[i], vis, n)) == n) {
				const char *s;
				size_t l = vg_part(c->pos[i], &s);
				log_vg_not_found(s, l);
				rc = ECMD_FAILED;
				continue;
			}
		} else if (!x->allow_exported && vg_text_exported(vis[k].best->text, vis[k].best->text_len)) {
			log_verbose("Skipping exported volume group %s", vis[k].name);
			continue;
		}
		if (done[k])
			continue;
		done[k] = true;
		struct vg *vg;
		if (lock_vg_mode(c, vis[k].name, mode) ||
		    vg_read(x, vis[k].name, read_flags | (mode == LOCK_EXCL ? VG_READ_FOR_UPDATE : 0), &vg)) {
			rc = ECMD_FAILED;
			continue;
		}
		if (fn(c, vg, arg))
			rc = ECMD_FAILED;
		vg_backup_warn(x);	/* LVM2 releases each VG when done with it */
	}
	return rc;
}

struct lv_walk {
	lv_fn fn;
	void *arg;
	bool all;
	bool *used;	/* per argument: an LV it names was found */
	bool *seen;	/* per argument: its VG was read */
	int rc;
};

static int lv_walk_vg(struct cmd *c, struct vg *vg, void *varg)
{
	struct lv_walk *w = varg;
	for (int a = 0; a < c->n_pos; a++) {
		const char *s;
		size_t vl = vg_part(c->pos[a], &s);
		w->seen[a] |= strlen(vg->name) == vl && !strncmp(s, vg->name, vl);
	}
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		struct lv *lv = vg->lvs[l];
		bool want = !c->n_pos, named = false;
		for (int a = 0; a < c->n_pos; a++) {
			const char *s;
			size_t vl = vg_part(c->pos[a], &s);
			if (strlen(vg->name) != vl || strncmp(s, vg->name, vl))
				continue;
			if (!s[vl]) {
				want = true;
			} else if (!strcmp(s + vl + 1, lv->name)) {
				want = named = true;
				w->used[a] = true;
			}
		}
		/* Hidden LVs: with -a, or when named; a snapshotN LV never (LVM2
		 * shows a snapshot through its COW LV). */
		if (lv_snapshot_seg(lv))
			continue;
		if (want && (named || w->all || lv_is_visible(vg, lv)) && w->fn(c, vg, lv, w->arg))
			w->rc = ECMD_FAILED;
	}
	return 0;
}

int for_each_lv(struct cmd *c, enum lock_mode mode, unsigned read_flags, bool all, lv_fn fn, void *arg)
{
	struct lv_walk w = {fn, arg, all, NULL, NULL, ECMD_PROCESSED};
	size_t na = (size_t)c->n_pos + 1;
	w.used = arena_alloc(&c->ctx.arena, na * sizeof(*w.used));
	w.seen = arena_alloc(&c->ctx.arena, na * sizeof(*w.seen));
	int rc = for_each_vg(c, mode, read_flags, lv_walk_vg, &w);
	for (int a = 0; a < c->n_pos; a++) {
		const char *s;
		size_t vl = vg_part(c->pos[a], &s);
		if (s[vl] && !w.used[a] && w.seen[a]) {
			log_error("Failed to find logical volume \"%s\"", s);
			w.rc = ECMD_FAILED;
		}
	}
	return rc != ECMD_PROCESSED ? rc : w.rc;
}

enum lv_size_base arg_size_base(enum val_pct pct)
{
	static const enum lv_size_base bases[] = {
		[PCT_NONE] = LV_SIZE_EXTENTS, [PCT_VG] = LV_SIZE_PCT_VG, [PCT_FREE] = LV_SIZE_PCT_FREE,
		[PCT_PVS] = LV_SIZE_PCT_PVS, [PCT_ORIGIN] = LV_SIZE_PCT_ORIGIN, [PCT_LV] = LV_SIZE_PCT_LV,
	};
	return (unsigned)pct < sizeof(bases) / sizeof(*bases) ? bases[pct] : LV_SIZE_EXTENTS;
}

void monitor_arg_note(const struct cmd *c)
{
	/* lvmgr has no dmeventd: nothing is monitored, whatever is asked */
	if (arg_yesno(c, ARG_MONITOR, 0) == 1)
		log_warn("lvmgr does not monitor LVs (no dmeventd): --monitor y changes nothing.");
}
