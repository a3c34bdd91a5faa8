/* PV commands: pvcreate, pvremove, pvchange, pvresize, pvscan. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/autoactivate.h"
#include "cmd/common.h"
#include "cmd/report/select.h"
#include "lvmgr/base/units.h"

int cmd_pvcreate(struct cmd *c)
{
	struct pv_new *pn = arena_alloc(&c->ctx.arena, (size_t)c->n_pos * sizeof(*pn));
	int r;

	if (pvnew_check_args(c))
		return EINVALID_CMD_LINE;
	if (lock_global_ex(c))
		return ECMD_FAILED;
	scan_devices(&c->ctx, (const char *const *)c->pos, (unsigned)c->n_pos);
	devsig_prefetch((const char *const *)c->pos, (unsigned)c->n_pos);
	/* Every device is checked before the first one is written. */
	for (int i = 0; i < c->n_pos; i++) {
		for (int j = 0; j < i; j++)
			if (pn[j].sd && scan_find(&c->ctx, c->pos[i]) == pn[j].sd) {
				log_error("Device %s is named twice.", c->pos[i]);
				return ECMD_FAILED;
			}
		if (pvnew_check(c, c->pos[i], &pn[i]))
			return ECMD_FAILED;
	}
	r = pvnew_write(c, pn, (unsigned)c->n_pos, NULL);
	for (int i = 0; i < c->n_pos; i++)
		if (!pn[i].rc)
			log_print("Physical volume \"%s\" successfully created.", c->pos[i]);
	return r ? ECMD_FAILED : ECMD_PROCESSED;
}

int cmd_pvremove(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	struct scan_dev **sds = arena_alloc(&x->arena, (size_t)c->n_pos * sizeof(*sds));

	if (lock_global_ex(c))
		return ECMD_FAILED;
	scan_devices(x, (const char *const *)c->pos, (unsigned)c->n_pos);
	for (int i = 0; i < c->n_pos; i++) {
		struct scan_dev *sd = scan_find(x, c->pos[i]);
		if (!sd) {
			log_error("Cannot use %s: device not found or not accessible.", c->pos[i]);
			return ECMD_FAILED;
		}
		if (!sd->labelled) {
			log_error("No PV found on device %s.", c->pos[i]);
			return ECMD_FAILED;
		}
		const char *vg = scan_dev_vgname(x, sd);
		if (vg) {
			/* LVM2's _check_pvcreate_prompt: its words, this one
			 * question's own "[y/n]? " */
			bool yes = arg_count(c, ARG_FORCE) >= 2;
			if (!yes) {
				log_error("PV %s is used by VG %s so please use vgreduce first.", c->pos[i], vg);
				log_error("(If you are certain you need pvremove, then confirm by using --force twice.)");
			} else {
				log_warn("PV %s is used by VG %s.", c->pos[i], vg);
				yes = cmd_confirm(c, "Really WIPE LABELS from physical volume \"%s\" of volume group \"%s\" [y/n]? ",
						  c->pos[i], vg);
			}
			if (!yes) {
				log_error("%s: physical volume label not removed.", c->pos[i]);
				return ECMD_FAILED;
			}
			log_warn("Wiping physical volume label from %s of volume group \"%s\".", c->pos[i], vg);
		}
		if (scan_dev_open_rw(c, sd))
			return ECMD_FAILED;
		sds[i] = sd;
	}
	for (int i = 0; i < c->n_pos; i++) {
		struct scan_dev *sd = sds[i];
		if (!x->test) {
			uint8_t *zero = io_alloc(SECTOR_SIZE);
			int r = io_write(x->io, sd->dev.fd, sd->label.sector * SECTOR_SIZE, zero, SECTOR_SIZE);
			io_free(zero);
			if (r || io_flush(x->io, sd->dev.fd)) {
				log_error("%s: wiping the label failed.", c->pos[i]);
				return ECMD_FAILED;
			}
			if (sd->dev.is_file)
				images_remove(x, c->pos[i]);
		}
		log_print("Labels on physical volume \"%s\" successfully wiped.", c->pos[i]);
	}
	return ECMD_PROCESSED;
}

/* Add/remove tags in a strlist (arena). */
int tags_change(struct arena *a, struct strlist *l, const struct argval *add,
		const struct argval *del, bool *changed);
int tags_change(struct arena *a, struct strlist *l, const struct argval *add,
		const struct argval *del, bool *changed)
{
	for (unsigned i = 0; i < add->n; i++) {
		if (!val_tag_valid(add->v[i])) {
			log_error("Invalid tag \"%s\" (allowed: A-Z a-z 0-9 _ + . - / = ! : & #).", add->v[i]);
			return -EINVAL;
		}
	}
	for (unsigned i = 0; i < del->n; i++) {
		unsigned k = 0;
		for (unsigned j = 0; j < l->n; j++)
			if (strcmp(l->v[j], del->v[i]))
				l->v[k++] = l->v[j];
			else
				*changed = true;
		l->n = k;
	}
	for (unsigned i = 0; i < add->n; i++) {
		bool have = false;
		for (unsigned j = 0; j < l->n && !have; j++)
			have = !strcmp(l->v[j], add->v[i]);
		if (have)
			continue;
		const char **nv = arena_alloc(a, (l->n + 1) * sizeof(*nv));
		if (l->n)
			memcpy(nv, l->v, l->n * sizeof(*nv));
		nv[l->n++] = add->v[i];
		l->v = nv;
		*changed = true;
	}
	return 0;
}

int cmd_pvchange(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	int alloc = arg_yesno(c, ARG_ALLOCATABLE, -1);
	unsigned done = 0, not_done = 0;
	bool failed = false;

	if (alloc == -1 && arg_is_set(c, ARG_ALLOCATABLE))
		return EINVALID_CMD_LINE;
	SELECT_EXPAND_ARGS(c, REPORT_PV, true);
	if (alloc < 0 && !arg_is_set(c, ARG_ADDTAG) && !arg_is_set(c, ARG_DELTAG))
		return cmd_no_syntax(c);	/* (no change asked for) */
	if (!c->n_pos && !arg_is_set(c, ARG_ALL)) {
		log_error("Please give a physical volume path or use -a for all.");
		return EINVALID_CMD_LINE;
	}
	if (c->n_pos && arg_is_set(c, ARG_ALL)) {
		log_error("Option -a and PV paths are mutually exclusive.");
		return EINVALID_CMD_LINE;
	}
	if (lock_global_ex(c))
		return ECMD_FAILED;
	scan_devices(x, (const char *const *)c->pos, (unsigned)c->n_pos);

	/* Every PV named is checked before the first VG is written. */
	for (int i = 0; i < c->n_pos; i++) {
		struct scan_dev *sd = scan_find(x, c->pos[i]);
		if (!sd || !sd->labelled) {
			scan_log_no_pv(x, c->pos[i]);
			return ECMD_FAILED;
		}
		if (!scan_dev_vgname(x, sd)) {	/* LVM2's refusals, each PV on its own */
			if (arg_is_set(c, ARG_ADDTAG) || arg_is_set(c, ARG_DELTAG))
				log_error("Can't change tag on Physical Volume %s not in volume group", sd->dev.path);
			else
				log_error("Allocatability not supported by orphan lvm2 format PV %s", sd->dev.path);
			log_error("Physical volume %s not changed", sd->dev.path);
			not_done++;
			failed = true;
		}
	}
	/* Group the PVs by VG: one commit per VG. */
	struct vg_info *vis;
	unsigned nvg;
	vg_list(x, &vis, &nvg);
	for (unsigned k = 0; k < nvg; k++) {
		struct vg *vg;
		bool any = false, changed = false;
		if (c->n_pos) {
			for (int i = 0; i < c->n_pos && !any; i++) {
				struct scan_dev *sd = scan_find(x, c->pos[i]);
				const char *n = sd ? scan_dev_vgname(x, sd) : NULL;
				any = n && !strcmp(n, vis[k].name);
			}
			if (!any)
				continue;
		}
		if (lock_vg_mode(c, vis[k].name, LOCK_EXCL) || vg_read(x, vis[k].name, VG_READ_FOR_UPDATE, &vg))
			return ECMD_FAILED;
		bool *mark = arena_alloc(&x->arena, vg->n_pvs + 1);
		for (unsigned p = 0; p < vg->n_pvs; p++) {
			struct pv *pv = vg->pvs[p];
			bool this = !c->n_pos, ch = false;
			for (int i = 0; i < c->n_pos && !this; i++)
				this = scan_find(x, c->pos[i]) == pv->sd;
			if (!this)
				continue;
			if (alloc >= 0) {
				bool is = pv->flags.status & PV_ALLOCATABLE;
				if (is == (bool)alloc)
					log_print("Physical volume \"%s\" is already %sallocatable.",
						  pv->sd->dev.path, alloc ? "" : "un");
				else {
					pv->flags.status ^= PV_ALLOCATABLE;
					ch = true;
				}
			}
			if (tags_change(&x->arena, &pv->tags, &c->args[ARG_ADDTAG], &c->args[ARG_DELTAG], &ch))
				return EINVALID_CMD_LINE;
			if (ch) {
				changed = true;
				done++;
				mark[p] = true;	/* reported after the commit */
			} else
				not_done++;
		}
		if (changed && vg_commit(x, vg))
			return ECMD_FAILED;
		vg_backup_warn(x);	/* (LVM2's backup() before its message) */
		for (unsigned p = 0; p < vg->n_pvs; p++)
			if (mark[p])
				log_print("Physical volume \"%s\" changed", vg->pvs[p]->sd->dev.path);
	}
	log_print("%u physical volume%s changed / %u physical volume%s not changed", done,
		  done == 1 ? "" : "s", not_done, not_done == 1 ? "" : "s");
	return failed ? ECMD_FAILED : ECMD_PROCESSED;
}

/* LVM2 pv_min_size(): 2 MiB */
#define PVRESIZE_MIN_SECTORS 4096u

int cmd_pvresize(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	uint64_t setsize;
	unsigned done = 0;

	if (arg_size(c, ARG_SETPVSIZE, 0, &setsize))
		return EINVALID_CMD_LINE;
	if (lock_global_ex(c))
		return ECMD_FAILED;
	scan_devices(x, (const char *const *)c->pos, (unsigned)c->n_pos);
	for (int i = 0; i < c->n_pos; i++) {
		struct scan_dev *sd = scan_find(x, c->pos[i]);
		const char *vgname;
		struct vg *vg;
		if (!sd || !sd->labelled) {
			scan_log_no_pv(x, c->pos[i]);
			return ECMD_FAILED;
		}
		uint64_t size = setsize ? setsize : sd->dev.size / 512;
		if (setsize && setsize > sd->dev.size / 512) {
			log_error("%s: requested size %" PRIu64 " sectors exceeds the device size %" PRIu64 " sectors.",
				  c->pos[i], setsize, sd->dev.size / 512);
			return ECMD_FAILED;
		}
		if (size < PVRESIZE_MIN_SECTORS) {
			log_error("%s: size must exceed the minimum of %u sectors on a PV.", c->pos[i],
				  PVRESIZE_MIN_SECTORS);
			return ECMD_FAILED;
		}
		/* Metadata areas after the data (a second copy at the end) pin the size. */
		for (unsigned m = 0; m < sd->label.n_mda; m++)
			if (sd->label.mda[m].offset > 4096) {
				log_error("%s: resizing a PV with a metadata area at its end is not supported.",
					  c->pos[i]);
				return ECMD_FAILED;
			}
		if (scan_dev_open_rw(c, sd))
			return ECMD_FAILED;
		vgname = scan_dev_vgname(x, sd);
		if (vgname) {
			if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(x, vgname, VG_READ_FOR_UPDATE, &vg))
				return ECMD_FAILED;
			struct pv *pv = vg_find_pv_by_id(vg, sd->label.pv_id);
			uint64_t count = size > pv->pe_start ? (size - pv->pe_start) / vg->extent_size : 0;
			if (!count) {
				log_error("%s: size must exceed the minimum of one extent after the data start.",
					  c->pos[i]);
				return ECMD_FAILED;
			}
			if (count < pv->pe_alloc) {
				log_error("%s: cannot shrink to %" PRIu64 " extents: %" PRIu64 " are allocated.",
					  c->pos[i], count, pv->pe_alloc);
				return ECMD_FAILED;
			}
			/* Allocated extents past the new end? */
			for (unsigned l = 0; l < vg->n_lvs; l++)
				for (unsigned s = 0; s < vg->lvs[l]->n_segs; s++) {
					struct lv_seg *seg = &vg->lvs[l]->segs[s];
					uint64_t len = seg_area_extents(seg);
					for (unsigned a = 0; a < seg->n_areas; a++)
						if (seg->areas[a].kind == AREA_PV && seg->areas[a].pv == pv &&
						    seg->areas[a].pe + len > count) {
							log_error("%s: cannot shrink: LV %s uses extents up to %" PRIu64 ".",
								  c->pos[i], vg->lvs[l]->name, seg->areas[a].pe + len - 1);
							return ECMD_FAILED;
						}
				}
			pv->dev_size = size;
			pv->pe_count = count;
			if (vg_commit(x, vg))
				return ECMD_FAILED;
		}
		sd->label.dev_size = size * 512;
		if (pv_write_label(x, sd) || (!x->test && io_flush(x->io, sd->dev.fd)))
			return ECMD_FAILED;
		log_print("Physical volume \"%s\" changed", c->pos[i]);
		done++;
	}
	log_print("%u physical volume(s) resized or updated / 0 physical volume(s) not resized", done);
	return ECMD_PROCESSED;
}

int cmd_pvscan(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	struct units u;
	char b1[64], b2[64], b3[64];
	unsigned n = 0, n_vg = 0, n_orphan = 0;
	uint64_t total = 0, in_vg = 0, orphan = 0;

	if (arg_is_set(c, ARG_CACHE))
		return pvscan_cache(c);
	if (c->n_pos || arg_is_set(c, ARG_LISTVG) || arg_is_set(c, ARG_CHECKCOMPLETE) ||
	    arg_is_set(c, ARG_VGONLINE) || arg_is_set(c, ARG_UDEVOUTPUT) || arg_is_set(c, ARG_AUTOACTIVATION)) {
		log_error("Devices, --listvg, --checkcomplete, --vgonline, --udevoutput and --autoactivation go with --cache.");
		return EINVALID_CMD_LINE;
	}
	units_parse("h", &u);
	scan_devices(x, NULL, 0);
	struct vg_info *vis;
	unsigned nvg;
	vg_list(x, &vis, &nvg);
	for (unsigned i = 0; i < x->n_devs; i++) {
		struct scan_dev *sd = x->devs[i];
		const char *vgname;
		char idf[ID_LEN + 7];
		if (!sd->labelled)
			continue;
		vgname = scan_dev_vgname(x, sd);
		if ((arg_is_set(c, ARG_NOVG) && vgname) || (arg_is_set(c, ARG_EXPORTED)))
			continue;
		id_format(sd->label.pv_id, idf);
		uint64_t size = sd->label.dev_size / 512;
		if (arg_is_set(c, ARG_SHORT)) {
			printf("  %s\n", sd->dev.path);
		} else if (vgname) {
			printf("  PV %-22s VG %-10s lvm2 [%s]\n", sd->dev.path, vgname,
			       units_format(size, &u, true, b1, sizeof(b1)));
		} else {
			printf("  PV %-22s %s lvm2 [%s]\n", sd->dev.path,
			       arg_is_set(c, ARG_VGUUID) ? idf : "", units_format(size, &u, true, b1, sizeof(b1)));
		}
		n++;
		total += size;
		if (vgname) {
			n_vg++;
			in_vg += size;
		} else {
			n_orphan++;
			orphan += size;
		}
	}
	if (!n) {
		log_print("No matching physical volumes found");
		return ECMD_PROCESSED;
	}
	printf("  Total: %u [%s] / in use: %u [%s] / in no VG: %u [%s]\n", n,
	       units_format(total, &u, true, b1, sizeof(b1)), n_vg,
	       units_format(in_vg, &u, true, b2, sizeof(b2)), n_orphan,
	       units_format(orphan, &u, true, b3, sizeof(b3)));
	return ECMD_PROCESSED;
}
