/* vgexport, vgimport: the EXPORTED flag of a VG and its PVs, as LVM2 2.03
 * (tools/vgexport.c, vgimport.c). An exported VG is refused by every
 * command but those cmd_allows_exported lists (vg_read says LVM2's
 * "Volume group X is exported"), and skipped quietly where a command works
 * on every VG. */
#include <errno.h>
#include <string.h>

#include "cmd/common.h"
#include "lvmgr/activate.h"

/* LVM2's commands with ALLOW_EXPORTED (tools/commands.h), of those lvmgr has. */
bool cmd_allows_exported(const char *name)
{
	static const char *const ok[] = {"fullreport", "pvck",	 "pvdisplay",	 "pvs",
					 "pvscan",     "vgcfgbackup", "vgcfgrestore", "vgdisplay",
					 "vgimport",   "vgimportclone", "vgrename",  "vgs",
					 "vgscan"};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(ok[i], name))
			return true;
	return false;
}

/* The VG names or -a, as LVM2 checks them. */
static int vg_args(struct cmd *c, const char *none_msg)
{
	if (!c->n_pos && !arg_is_set(c, ARG_ALL)) {
		log_error("%s", none_msg);
		return EINVALID_CMD_LINE;
	}
	if (arg_is_set(c, ARG_ALL) && c->n_pos) {
		log_error("No arguments permitted when using -a for all.");
		return EINVALID_CMD_LINE;
	}
	return 0;
}

static void set_exported(struct vg *vg, bool on)
{
	if (on)
		vg->flags.status |= VG_EXPORTED;
	else
		vg->flags.status &= ~VG_EXPORTED;
	for (unsigned p = 0; p < vg->n_pvs; p++) {
		if (on)
			vg->pvs[p]->flags.status |= PV_EXPORTED;
		else
			vg->pvs[p]->flags.status &= ~PV_EXPORTED;
	}
}

static int open_pvs_rw(struct cmd *c, struct vg *vg)
{
	for (unsigned p = 0; p < vg->n_pvs; p++)
		if (vg->pvs[p]->sd && scan_dev_open_rw(c, vg->pvs[p]->sd))
			return -EIO;
	return 0;
}

static int export_one(struct cmd *c, struct vg *vg, void *arg)
{
	(void)arg;
	if (act_count_active(&c->ctx, vg)) {
		log_error("Volume group \"%s\" has active logical volumes", vg->name);
		return -EBUSY;
	}
	if (open_pvs_rw(c, vg))
		return -EIO;
	set_exported(vg, true);
	vg->system_id = NULL;
	if (vg_commit(&c->ctx, vg))
		return -EIO;
	log_print("Volume group \"%s\" successfully exported", vg->name);
	return 0;
}

int cmd_vgexport(struct cmd *c)
{
	int r = vg_args(c, "Please supply volume groups or use --select for selection or use -a for all.");
	if (r)
		return r;
	if (lock_global_ex(c))
		return ECMD_FAILED;
	return for_each_vg(c, LOCK_EXCL, 0, export_one, NULL);
}

static int import_one(struct cmd *c, struct vg *vg, void *arg)
{
	(void)arg;
	if (!(vg->flags.status & VG_EXPORTED)) {
		log_error("Volume group \"%s\" is not exported", vg->name);
		return -EINVAL;
	}
	if (vg_missing_pv_count(vg)) {
		log_error("Volume group \"%s\" is partially missing", vg->name);
		return -EPERM;
	}
	if (open_pvs_rw(c, vg))
		return -EIO;
	set_exported(vg, false);
	if (vg_commit(&c->ctx, vg))
		return -EIO;
	log_print("Volume group \"%s\" successfully imported", vg->name);
	return 0;
}

int cmd_vgimport(struct cmd *c)
{
	int r = vg_args(c, "Please supply volume groups or -S for selection or use -a for all.");
	if (r)
		return r;
	if (lock_global_ex(c))
		return ECMD_FAILED;
	return for_each_vg(c, LOCK_EXCL, VG_READ_ALLOW_MISSING | VG_READ_QUIET_MISSING, import_one, NULL);
}
