/* Autoactivation as LVM2 2.03.16 does it (tools/pvscan.c, tools/vgchange.c):
 * `pvscan --cache DEV` reads only the device given and records it in the
 * online files (lvmgr/online.h) that LVM2 shares; with --checkcomplete it
 * says whether the device completed its VG, and with --vgonline only the
 * first pvscan (lvmgr's or LVM2's) that sees it complete says so: the
 * udev rule then runs `vgchange -aay --autoactivation event VG`. -aay
 * honours --setautoactivation n (VG and LV) and
 * activation/auto_activation_volume_list. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cmd/autoactivate.h"
#include "lvmgr/online.h"

/* LVM2's log_print_pvscan: the "pvscan[pid] " prefix, except under
 * --udevoutput (where the message goes to the journal only). */
#define pv_print(c, fmt, ...)                                                                     \
	do {                                                                                      \
		if (arg_is_set(c, ARG_UDEVOUTPUT))                                                \
			log_print(fmt, ##__VA_ARGS__);                                            \
		else                                                                              \
			log_print("pvscan[%d] " fmt, (int)getpid(), ##__VA_ARGS__);               \
	} while (0)

static bool flag_named(const struct flagset *f, const char *name)
{
	for (unsigned i = 0; i < f->n_other_compat; i++)
		if (!strcmp(f->other_compat[i], name))
			return true;
	return false;
}

bool vg_autoactivation_off(const struct vg *vg)
{
	return (vg->flags.compat & VG_NOAUTOACTIVATE) || (vg->flags.status & VG_NOAUTOACTIVATE) ||
	       flag_named(&vg->flags, "NOAUTOACTIVATE");
}

/* Drop every "NOAUTOACTIVATE" kept among the unknown compat names. */
static void drop_named(struct flagset *f)
{
	unsigned k = 0;
	for (unsigned i = 0; i < f->n_other_compat; i++)
		if (strcmp(f->other_compat[i], "NOAUTOACTIVATE"))
			f->other_compat[k++] = f->other_compat[i];
	f->n_other_compat = k;
}

void vg_set_autoactivation(struct vg *vg, bool on)
{
	vg->flags.compat &= ~(uint32_t)VG_NOAUTOACTIVATE;
	vg->flags.status &= ~(uint32_t)VG_NOAUTOACTIVATE;
	drop_named(&vg->flags);
	if (!on)	/* a known flag: exported in LVM2's place */
		vg->flags.compat |= VG_NOAUTOACTIVATE;
}

void lv_set_autoactivation(struct arena *a, struct lv *lv, bool on)
{
	struct flagset *f = &lv->flags;
	unsigned at = 0;

	drop_named(f);
	if (on)
		return;
	/* LVM2's order of the LV compat flags: WRITE_LOCKED (a known bit),
	 * ACTIVATION_SKIP, NOAUTOACTIVATE, then the others. */
	for (unsigned i = 0; i < f->n_other_compat; i++)
		if (!strcmp(f->other_compat[i], "ACTIVATION_SKIP"))
			at = i + 1;
	const char **v = arena_alloc(a, (f->n_other_compat + 1) * sizeof(*v));
	/* (no other flags yet: other_compat may be NULL, memcpy must not get it) */
	if (f->n_other_compat) {
		memcpy(v, f->other_compat, at * sizeof(*v));
		memcpy(v + at + 1, f->other_compat + at, (f->n_other_compat - at) * sizeof(*v));
	}
	v[at] = "NOAUTOACTIVATE";
	f->other_compat = v;
	f->n_other_compat++;
}

static bool has_tag(const struct strlist *l, const char *t)
{
	for (unsigned i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], t))
			return true;
	return false;
}

bool lv_autoactivation_off(const struct lv *lv)
{
	return flag_named(&lv->flags, "NOAUTOACTIVATE");
}

bool lv_autoactivate_ok(struct ctx *x, const struct vg *vg, const struct lv *lv)
{
	const char *path = "activation/auto_activation_volume_list";
	/* A single string is a one-item list (config_array). */
	const struct cft_value *list = config_array(x->cfg, path);
	size_t len = strlen(vg->name);

	if (flag_named(&lv->flags, "NOAUTOACTIVATE"))
		return false;
	if (!list)
		return true;	/* not defined: every LV */
	for (const struct cft_value *v = list->items; v; v = v->next) {
		const char *s = v->s;
		if (v->type != CFT_STRING) {
			log_print("Ignoring invalid string in config file %s.", path);
			continue;
		}
		if (!*s) {
			log_print("Ignoring empty string in config file %s.", path);
			continue;
		}
		if (*s == '@') {
			/* "@*" matches host tags: lvmgr has none (tags/hosttags). */
			if (s[1] && strcmp(s + 1, "*") && (has_tag(&lv->tags, s + 1) || has_tag(&vg->tags, s + 1)))
				return true;
			continue;
		}
		if (!strncmp(s, vg->name, len) && (!s[len] || (s[len] == '/' && !strcmp(s + len + 1, lv->name))))
			return true;
	}
	log_verbose("No item supplied in %s configuration setting matches %s/%s.", path, vg->name, lv->name);
	return false;
}

/* --autoactivation VALUE with global/event_activation: LVM2's messages. */
static bool event_skip(struct cmd *c, const char *who)
{
	const char *aa = arg_str(c, ARG_AUTOACTIVATION, NULL);
	bool ev = config_bool(c->ctx.cfg, "global/event_activation");
	if (!aa)
		return false;
	if (strcmp(aa, "event")) {
		if (!strcmp(who, "pvscan"))
			pv_print(c, "Skip pvscan for unknown autoactivation value.");
		else
			log_print("Skip vgchange for unknown autoactivation value.");
		return true;
	}
	if (!ev) {
		if (!strcmp(who, "pvscan"))
			pv_print(c, "Skip pvscan for event with event_activation=0.");
		else
			log_print("Skip vgchange for event and event_activation=0.");
		return true;
	}
	return false;
}

bool vgchange_event_skip(struct cmd *c)
{
	return event_skip(c, "vgchange");
}

/* A device for an online PV: its recorded name when that is still the
 * device major:minor names, else the kernel's name for major:minor. */
static const char *online_dev_path(struct arena *a, const struct online_pv *pv)
{
	struct stat st;
	char blk[64], *real;
	const char *r = NULL;
	dev_t want = makedev((unsigned)pv->major, (unsigned)pv->minor);

	if (pv->devname[0] && !stat(pv->devname, &st) && S_ISBLK(st.st_mode) && st.st_rdev == want)
		return arena_strdup(a, pv->devname);
	snprintf(blk, sizeof(blk), "/dev/block/%d:%d", pv->major, pv->minor);
	if ((real = realpath(blk, NULL)) && !stat(real, &st) && S_ISBLK(st.st_mode) && st.st_rdev == want)
		r = arena_strdup(a, real);
	free(real);
	return r;
}

/* Do the devices hold every PV of vgname? Read in a context of their own
 * (the command's scan is then made of exactly these devices, or of all). */
static bool devices_complete(struct cmd *c, const char *vgname, const char **paths, unsigned n)
{
	struct ctx t = {0};
	struct vg *vg;
	bool complete = false;
	int verb = log_verbosity;

	arena_init(&t.arena);
	log_verbosity = LOG_ERROR - 1;	/* a probe: the command reports */
	if (!ctx_init(&t, c->args[ARG_CONFIG].v, c->args[ARG_CONFIG].n)) {
		t.devices = paths;
		t.n_devices = n;
		scan_devices(&t, NULL, 0);
		if (!vg_read(&t, vgname, VG_READ_ALLOW_MISSING | VG_READ_QUIET_MISSING, &vg)) {
			complete = true;
			for (unsigned i = 0; i < vg->n_pvs; i++)
				complete &= vg->pvs[i]->sd != NULL;
		}
	}
	ctx_free(&t);
	log_verbosity = verb;
	return complete;
}

void vgchange_event_devices(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	const char *vgname, **paths;
	struct online_pv *pvs;
	unsigned n, k = 0;

	/* As LVM2: for one VG, and not when the user chose the devices. */
	if (c->n_pos != 1 || x->n_devices)
		return;
	vgname = vg_name_arg(c->pos[0]);
	if (online_pvs_of_vg(online_run_dir(), vgname, &pvs, &n) || !n) {
		log_print("PVs online not found for VG %s, using all devices.", vgname);
		free(pvs);
		return;
	}
	paths = arena_alloc(&x->arena, n * sizeof(*paths));
	for (unsigned i = 0; i < n; i++)
		if ((paths[k] = online_dev_path(&x->arena, &pvs[i])) && !scan_filter_rejects(x, paths[k]))
			k++;
	free(pvs);
	if (!k || !devices_complete(c, vgname, paths, k)) {
		log_print("PVs online incomplete for VG %s, using all devices.", vgname);
		return;
	}
	/* The scan reads only these (what udev's pvscans found). */
	x->devices = paths;
	x->n_devices = k;
}

/* How many of vg's PVs have an online file. */
static void count_online(const char *dir, const struct vg *vg, unsigned *on, unsigned *off)
{
	*on = *off = 0;
	for (unsigned i = 0; i < vg->n_pvs; i++)
		(*(online_pv_exists(dir, vg->pvs[i]->id) ? on : off))++;
}

/* The VG whose metadata sd holds, read from what the scan has (only the
 * devices pvscan was given): NULL if none. */
static struct vg *dev_vg(struct ctx *x, struct scan_dev *sd)
{
	const char *name = NULL;
	struct vg *vg;
	for (unsigned m = 0; m < sd->n_mda && !name; m++)
		if (sd->mda[m].text_ok && !sd->mda[m].ignored)
			name = sd->mda[m].vgname;
	if (!name || vg_read(x, name, VG_READ_ALLOW_MISSING | VG_READ_QUIET_MISSING, &vg))
		return NULL;
	return vg;
}

/* One device: record it online, then report its VG (LVM2's _online_devs). */
static int online_dev(struct cmd *c, const char *dir, struct scan_dev *sd)
{
	struct ctx *x = &c->ctx;
	const char *dev = sd->dev.path, *vgname = NULL;
	bool listvg = arg_is_set(c, ARG_LISTVG), check = arg_is_set(c, ARG_CHECKCOMPLETE);
	bool complete = false, unknown = false;
	unsigned on = 0, off = 0;
	char lookup_vg[ONLINE_NAME_LEN];
	struct vg *vg;
	struct pv *pv = NULL;

	if (sd->label.has_ext && sd->label.ext_version >= 2 && !(sd->label.ext_flags & 1)) {
		pv_print(c, "PV %s not used.", dev);
		return 0;
	}
	if ((vg = dev_vg(x, sd))) {
		for (unsigned i = 0; i < vg->n_pvs && !pv; i++)
			if (!strcmp(vg->pvs[i]->id, sd->label.pv_id))
				pv = vg->pvs[i];
		if (!pv) {
			pv_print(c, "PV %s not found in VG %s.", dev, vg->name);
			return 0;
		}
		if (vg->flags.status & (VG_SHARED | VG_CLUSTERED)) {
			pv_print(c, "PV %s ignore shared VG.", dev);
			return 0;
		}
		if (vg->flags.status & VG_EXPORTED) {
			pv_print(c, "PV %s ignore exported VG.", dev);
			return 0;
		}
		vgname = vg->name;
	} else {
		pv_print(c, "PV %s has no VG metadata.", dev);
	}
	if (online_pv_create(dir, sd->label.pv_id, (int)major(sd->dev.rdev), (int)minor(sd->dev.rdev), vgname,
			     dev)) {
		if (arg_is_set(c, ARG_UDEVOUTPUT))
			log_error("PV %s failed to create online file.", dev);
		else
			log_error("pvscan[%d] PV %s failed to create online file.", (int)getpid(), dev);
		return -EIO;
	}
	if (!listvg) {
		pv_print(c, "PV %s online.", dev);
		return 0;
	}
	if (check) {
		if (vg) {
			count_online(dir, vg, &on, &off);
			/* The first pvscan of a VG of several PVs lists them, for
			 * PVs without metadata; then counts again, in case a pvscan
			 * running meanwhile missed the list (LVM2's recheck). */
			if (vg->n_pvs > 1) {
				const char **ids = arena_alloc(&x->arena, vg->n_pvs * sizeof(*ids));
				for (unsigned i = 0; i < vg->n_pvs; i++)
					ids[i] = vg->pvs[i]->id;
				if (online_lookup_write(dir, vg->name, ids, vg->n_pvs) == 1 && off) {
					count_online(dir, vg, &on, &off);
					if (!off)
						pv_print(c, "VG %s complete after recheck.", vg->name);
				}
			}
		} else if (online_lookup_find(dir, sd->label.pv_id, lookup_vg, &on, &off)) {
			vgname = arena_strdup(&x->arena, lookup_vg);
		} else {
			unknown = true;
		}
		if (unknown)
			pv_print(c, "PV %s online, VG unknown.", dev);
		else if (off)
			pv_print(c, "PV %s online, VG %s incomplete (need %u).", dev, vgname, off);
		else {
			pv_print(c, "PV %s online, VG %s is complete.", dev, vgname);
			complete = true;
		}
	}
	if (!vgname) {
		log_print("VG unknown");
	} else if (!check) {
		log_print("VG %s", vgname);
	} else if (complete) {
		/* --vgonline: vgs_online/<vg>, created O_EXCL, makes exactly one
		 * pvscan (ours or LVM2's) report the VG complete. */
		if (arg_is_set(c, ARG_VGONLINE) && online_vg_create(dir, vgname) != 1)
			log_print("VG %s finished", vgname);
		else if (arg_is_set(c, ARG_UDEVOUTPUT))
			printf("LVM_VG_NAME_COMPLETE='%s'\n", vgname);
		else
			log_print("VG %s complete", vgname);
	} else if (arg_is_set(c, ARG_UDEVOUTPUT)) {
		printf("LVM_VG_NAME_INCOMPLETE='%s'\n", vgname);
	} else {
		log_print("VG %s incomplete", vgname);
	}
	return 0;
}

/* "major:minor" -> devno; false for anything else. */
static bool parse_devno(const char *s, dev_t *out)
{
	unsigned ma, mi;
	int n = 0;
	if (sscanf(s, "%u:%u%n", &ma, &mi, &n) != 2 || s[n] || ma > 4095 || mi > 1048575)
		return false;
	*out = makedev(ma, mi);
	return true;
}

int pvscan_cache(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	const char *dir = online_run_dir();
	bool ev = config_bool(x->cfg, "global/event_activation");
	bool all = !c->n_pos;
	const char **paths;
	unsigned n_paths = 0;
	int rc = ECMD_PROCESSED;

	const char *j = arg_str(c, ARG_JOURNAL, NULL);
	if (j && strcmp(j, "output")) {
		log_error("Unknown --journal value %s (lvmgr knows output).", j);
		return EINVALID_CMD_LINE;
	}
	log_syslog = j != NULL;
	if (arg_is_set(c, ARG_UDEVOUTPUT))
		log_suppress = true;	/* udev imports stdout: nothing else may go there */
	/* With event activation off, nothing reports a VG complete: the udev
	 * rule then activates nothing (LVM2). */
	if (arg_is_set(c, ARG_CHECKCOMPLETE) && !ev) {
		if (arg_is_set(c, ARG_UDEVOUTPUT))
			printf("LVM_EVENT_ACTIVATION=0\n");
		else
			pv_print(c, "Ignoring pvscan with --checkcomplete because event_activation is disabled.");
		return ECMD_PROCESSED;
	}
	if (online_setup(dir))
		return ECMD_FAILED;
	if (all) {
		/* Every device afresh: the files of devices gone go too. */
		online_clear(dir);
		scan_devices(x, NULL, 0);
		for (unsigned i = 0; i < x->n_devs; i++) {
			struct scan_dev *sd = x->devs[i];
			/* Image files have no device number for the files: never
			 * autoactivated. */
			if (!sd->labelled || sd->dev.is_file || sd->md_component || sd->mpath_component)
				continue;
			if (online_dev(c, dir, sd))
				rc = ECMD_FAILED;
		}
		return rc;
	}
	if (!arg_is_set(c, ARG_CHECKCOMPLETE) && !ev) {
		log_verbose("Ignoring pvscan --cache because event_activation is disabled.");
		return ECMD_PROCESSED;
	}
	if (event_skip(c, "pvscan"))
		return ECMD_PROCESSED;

	paths = arena_alloc(&x->arena, (size_t)c->n_pos * sizeof(*paths));
	for (int a = 0; a < c->n_pos; a++) {
		const char *arg = c->pos[a];
		char blk[64];
		dev_t devno = 0;
		struct stat st;
		bool by_devno = parse_devno(arg, &devno);

		if (!by_devno && arg[0] != '/') {
			log_warn("Failed to parse major:minor from %s, skipping.", arg);
			continue;
		}
		if (by_devno) {
			/* The device's own name (/dev/sdb), as LVM2 records it. */
			char *real;
			snprintf(blk, sizeof(blk), "/dev/block/%u:%u", major(devno), minor(devno));
			arg = (real = realpath(blk, NULL)) ? arena_strdup(&x->arena, real) : arena_strdup(&x->arena, blk);
			free(real);
		}
		if (stat(arg, &st)) {
			/* A device that went away: its files go (LVM2 on remove). */
			if (by_devno)
				online_pv_remove_devno(dir, (int)major(devno), (int)minor(devno));
			else
				pv_print(c, "%s not found.", arg);
			continue;
		}
		if (S_ISREG(st.st_mode)) {
			pv_print(c, "%s is an image file: never autoactivated.", arg);
			continue;
		}
		if (!S_ISBLK(st.st_mode)) {
			pv_print(c, "%s not a block device.", arg);
			continue;
		}
		if (scan_filter_rejects(x, arg)) {
			pv_print(c, "%s excluded: device is rejected by filter config.", arg);
			continue;
		}
		paths[n_paths++] = arg;
	}
	if (!n_paths)
		return rc;
	/* Only these devices are read (the scan takes --devices' path). */
	x->devices = paths;
	x->n_devices = n_paths;
	scan_devices(x, NULL, 0);
	for (unsigned i = 0; i < n_paths; i++) {
		struct scan_dev *sd = scan_find(x, paths[i]);
		if (!sd || sd->label_bad) {
			pv_print(c, "%s cannot read label.", paths[i]);
			continue;
		}
		if (!sd->labelled) {
			pv_print(c, "%s not an lvm device.", paths[i]);
			continue;
		}
		if (sd->md_component || sd->mpath_component) {
			pv_print(c, "ignore %s component %s.", sd->md_component ? "md" : "multipath", paths[i]);
			continue;
		}
		if (online_dev(c, dir, sd))
			rc = ECMD_FAILED;
	}
	return rc;
}
