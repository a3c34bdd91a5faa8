/* Duplicate PVs (pvdups.h). */
#include "lvmgr/pvdups.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "lvmgr/ctx.h"
#include "lvmgr/scan.h"
#include "metadata/vg.h"

/* A device-mapper device: sysfs has a dm directory for it. */
static bool is_dm(dev_t rdev)
{
	char p[80];
	snprintf(p, sizeof(p), "/sys/dev/block/%u:%u/dm", major(rdev), minor(rdev));
	return !access(p, F_OK);
}

/* Held by an LV (a dm device with an LVM- uuid): an active LV uses it. */
static bool used_by_lv(dev_t rdev)
{
	char p[96], q[PATH_MAX], uuid[160];
	DIR *d;
	struct dirent *e;
	bool found = false;

	snprintf(p, sizeof(p), "/sys/dev/block/%u:%u/holders", major(rdev), minor(rdev));
	if (!(d = opendir(p)))
		return false;
	while (!found && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(q, sizeof(q), "/sys/class/block/%s/dm/uuid", e->d_name);
		found = scan_sys_line(q, uuid, sizeof(uuid)) && !strncmp(uuid, "LVM-", 4);
	}
	closedir(d);
	return found;
}

static void dashed(const char *id, char out[ID_LEN + 7])
{
	static const int groups[] = {6, 4, 4, 4, 4, 4, 6};
	size_t o = 0, i = 0;
	for (unsigned g = 0; g < 7; g++) {
		if (g)
			out[o++] = '-';
		for (int k = 0; k < groups[g]; k++)
			out[o++] = id[i++];
	}
	out[o] = '\0';
}

void pvdups_resolve(struct ctx *c, unsigned first)
{
	for (unsigned i = first; i < c->n_devs; i++) {
		struct scan_dev *a = c->devs[i];
		if (!a->labelled || a->dev.is_file)
			continue;
		for (unsigned j = 0; j < c->n_devs; j++) {
			struct scan_dev *b = c->devs[j], *keep, *drop;
			const char *why;
			if (j == i || !b->labelled || b->dev.is_file || strcmp(a->label.pv_id, b->label.pv_id))
				continue;
			/* b was seen first: LVM2 compares the later one with it */
			bool lv_a = used_by_lv(a->dev.rdev), lv_b = used_by_lv(b->dev.rdev);
			bool sz_a = a->dev.size == a->label.dev_size, sz_b = b->dev.size == b->label.dev_size;
			bool dm_a = is_dm(a->dev.rdev), dm_b = is_dm(b->dev.rdev);
			bool a_wins;
			if (lv_a != lv_b) {
				a_wins = lv_a;
				why = "device is used by LV";
			} else if (sz_a != sz_b) {
				a_wins = sz_a;
				why = "device size is correct";
			} else if (dm_a != dm_b) {
				a_wins = dm_a;
				why = "device is in dm subsystem";
			} else {
				a_wins = j > i;
				why = "device was seen first";
			}
			keep = a_wins ? a : b;
			drop = a_wins ? b : a;
			drop->labelled = false;
			drop->duplicate = true;
			keep->has_dups = true;
			keep->dup_reason = why;
			drop->dup_of = keep;
			if (drop == a)
				break;
		}
	}
	/* LVM2's two warnings, on each command that scans. */
	char id[ID_LEN + 7];
	for (unsigned i = first; i < c->n_devs; i++)
		if (c->devs[i]->duplicate && !c->devs[i]->warned_dup) {
			dashed(c->devs[i]->label.pv_id, id);
			log_warn("Not using device %s for PV %s.", c->devs[i]->dev.path, id);
		}
	for (unsigned i = first; i < c->n_devs; i++) {
		struct scan_dev *sd = c->devs[i];
		if (!sd->duplicate || sd->warned_dup)
			continue;
		sd->warned_dup = true;
		while (sd->dup_of && sd->dup_of->duplicate)
			sd = sd->dup_of;
		dashed(sd->label.pv_id, id);
		log_warn("PV %s prefers device %s because %s.", id, sd->dup_of->dev.path,
			 sd->dup_of->dup_reason);
	}
}

bool pvdups_has(const struct scan_dev *sd)
{
	return sd && (sd->has_dups || sd->duplicate);
}

int pvdups_check_vg(struct ctx *c, const struct vg *vg)
{
	if (c->allow_dup_pvs || config_bool(c->cfg, "devices/allow_changes_with_duplicate_pvs"))
		return 0;
	for (unsigned i = 0; i < vg->n_pvs; i++)
		if (pvdups_has(vg->pvs[i]->sd)) {
			log_error("Cannot update volume group %s with duplicate PV devices.", vg->name);
			return -EPERM;
		}
	return 0;
}
