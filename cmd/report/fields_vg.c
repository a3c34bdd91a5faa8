/* The VG fields of the reports (vgs; VG columns of pvs, lvs and fullreport):
 * their getters and their rows of the field table, in LVM2's -o help order. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmd/autoactivate.h"
#include "cmd/report/report_int.h"

/* ---- VG fields ---- */
void f_vg_name(const struct report_row *r, struct fval *v)
{
	v->s = r->vg ? r->vg->name : "";
}
void f_vg_uuid(const struct report_row *r, struct fval *v)
{
	static char buf[ID_LEN + 7];
	if (!r->vg) {
		v->s = "";
		return;
	}
	id_format(r->vg->id, buf);
	v->s = buf;
}
static void f_vg_attr(const struct report_row *r, struct fval *v)
{
	static char buf[7];
	const struct vg *vg = r->vg;
	const char *alloc = vg->alloc ? vg->alloc : "normal";
	buf[0] = (vg->flags.status & VG_WRITE) ? 'w' : 'r';
	buf[1] = (vg->flags.status & VG_RESIZEABLE) ? 'z' : '-';
	buf[2] = (vg->flags.status & VG_EXPORTED) ? 'x' : '-';
	buf[3] = vg_missing_pv_count(vg) ? 'p' : '-';
	buf[4] = !strcmp(alloc, "contiguous") ? 'c' : !strcmp(alloc, "cling") ? 'l'
		 : !strcmp(alloc, "anywhere") ? 'a' : 'n';
	buf[5] = (vg->flags.status & VG_CLUSTERED) ? 'c' : (vg->flags.status & VG_SHARED) ? 's' : '-';
	buf[6] = '\0';
	v->s = buf;
}
static void f_vg_size(const struct report_row *r, struct fval *v)
{
	v->n = vg_extent_count(r->vg) * r->vg->extent_size;
}
static void f_vg_free(const struct report_row *r, struct fval *v)
{
	v->n = vg_free_count(r->vg) * r->vg->extent_size;
}
static void f_vg_extent_size(const struct report_row *r, struct fval *v)
{
	v->n = r->vg->extent_size;
}
static void f_vg_extent_count(const struct report_row *r, struct fval *v)
{
	v->n = vg_extent_count(r->vg);
}
static void f_vg_free_count(const struct report_row *r, struct fval *v)
{
	v->n = vg_free_count(r->vg);
}
static void f_pv_count(const struct report_row *r, struct fval *v)
{
	v->n = r->vg->n_pvs;
}
static void f_lv_count(const struct report_row *r, struct fval *v)
{
	v->n = vg_visible_lv_count(r->vg);
}
static void f_snap_count(const struct report_row *r, struct fval *v)
{
	v->n = vg_snapshot_count(r->vg);
}
static void f_missing_count(const struct report_row *r, struct fval *v)
{
	v->n = vg_missing_pv_count(r->vg);
}
static void f_vg_seqno(const struct report_row *r, struct fval *v)
{
	v->n = r->vg->seqno;
}
static void f_max_lv(const struct report_row *r, struct fval *v)
{
	v->n = r->vg->max_lv;
}
static void f_max_pv(const struct report_row *r, struct fval *v)
{
	v->n = r->vg->max_pv;
}
static void f_vg_tags(const struct report_row *r, struct fval *v)
{
	v->s = report_join_tags(&r->vg->tags);
}
static void f_vg_fmt(const struct report_row *r, struct fval *v)
{
	v->s = "lvm2";
}
static void vg_mdas(const struct vg *vg, uint64_t *f, uint64_t *s, unsigned *n, unsigned *u)
{
	for (unsigned p = 0; p < vg->n_pvs; p++)
		report_dev_mda_stats(vg->pvs[p]->sd, f, s, n, u);
}
static void f_vg_mda_count(const struct report_row *r, struct fval *v)
{
	uint64_t f = 0, s = 0;
	unsigned n = 0, u = 0;
	vg_mdas(r->vg, &f, &s, &n, &u);
	v->n = n;
}
static void f_vg_mda_used(const struct report_row *r, struct fval *v)
{
	uint64_t f = 0, s = 0;
	unsigned n = 0, u = 0;
	vg_mdas(r->vg, &f, &s, &n, &u);
	v->n = u;
}
static void f_vg_mda_free(const struct report_row *r, struct fval *v)
{
	uint64_t f = 0, s = 0;
	unsigned n = 0, u = 0;
	vg_mdas(r->vg, &f, &s, &n, &u);
	v->n = f;
}
static void f_vg_mda_size(const struct report_row *r, struct fval *v)
{
	uint64_t f = 0, s = 0;
	unsigned n = 0, u = 0;
	vg_mdas(r->vg, &f, &s, &n, &u);
	v->n = s;
}
void f_vg_mda_copies(const struct report_row *r, struct fval *v)
{
	static char buf[24];
	if (!r->vg->metadata_copies)
		v->s = "unmanaged";
	else {
		snprintf(buf, sizeof(buf), "%" PRIu64, r->vg->metadata_copies);
		v->s = buf;
	}
}
static void f_vg_alloc(const struct report_row *r, struct fval *v)
{
	v->s = r->vg->alloc ? r->vg->alloc : "normal";
}
static void f_vg_systemid(const struct report_row *r, struct fval *v)
{
	v->s = r->vg->system_id ? r->vg->system_id : "";
}
static void f_vg_permissions(const struct report_row *r, struct fval *v)
{
	v->s = (r->vg->flags.status & VG_WRITE) ? "writeable" : "read-only";
}

static void f_vg_extendable(const struct report_row *r, struct fval *v)
{
	v->s = (r->vg->flags.status & VG_RESIZEABLE) ? "extendable" : "";
}
static void f_vg_exported(const struct report_row *r, struct fval *v)
{
	v->s = (r->vg->flags.status & VG_EXPORTED) ? "exported" : "";
}
static void f_vg_partial(const struct report_row *r, struct fval *v)
{
	v->s = vg_missing_pv_count(r->vg) ? "partial" : "";
}
static void f_vg_clustered(const struct report_row *r, struct fval *v)
{
	v->s = (r->vg->flags.status & VG_CLUSTERED) ? "clustered" : "";
}
static void f_vg_shared(const struct report_row *r, struct fval *v)
{
	v->s = (r->vg->flags.status & VG_SHARED) ? "shared" : "";
}
static void f_vg_lock_type(const struct report_row *r, struct fval *v)
{
	v->s = "";
}
static void f_vg_autoactivation(const struct report_row *r, struct fval *v)
{
	v->s = vg_autoactivation_off(r->vg) ? "" : "enabled";
}
/* VG fields (the getters above); ended by a row with no name. */
const struct field report_fields_vg[] = {
	{"vg_fmt", "Fmt", T_STR, K_VG, 0, f_vg_fmt, 6, "Type of metadata."},
	{"vg_uuid", "VG UUID", T_STR, K_VG, 38, f_vg_uuid, 6, "Unique identifier."},
	{"vg_name", "VG", T_STR, K_VG, 0, f_vg_name, 6, "Name."},
	{"vg_attr", "Attr", T_STR, K_VG, 5, f_vg_attr, 6, "Various attributes - see man page."},
	{"vg_permissions", "VPerms", T_STR, K_VG, 10, f_vg_permissions, 6, "VG permissions."},
	{"vg_extendable", "Extendable", T_BIN, K_VG, 0, f_vg_extendable, 6, "Set if VG is extendable."},
	{"vg_exported", "Exported", T_BIN, K_VG, 10, f_vg_exported, 6, "Set if VG is exported."},
	{"vg_autoactivation", "AutoAct", T_BIN, K_VG, 0, f_vg_autoactivation, 6, "Set if VG autoactivation is enabled."},
	{"vg_partial", "Partial", T_BIN, K_VG, 10, f_vg_partial, 6, "Set if VG is partial."},
	{"vg_allocation_policy", "AllocPol", T_STR, K_VG, 10, f_vg_alloc, 6, "VG allocation policy."},
	{"vg_clustered", "Clustered", T_BIN, K_VG, 10, f_vg_clustered, 6, "Set if VG is clustered."},
	{"vg_shared", "Shared", T_BIN, K_VG, 7, f_vg_shared, 6, "Set if VG is shared."},
	{"vg_size", "VSize", T_SIZ, K_VG, 0, f_vg_size, 6, "Total size of VG in current units."},
	{"vg_free", "VFree", T_SIZ, K_VG, 0, f_vg_free, 6, "Total amount of free space in current units."},
	{"vg_sysid", "SYS ID", T_STR, K_VG, 0, f_vg_systemid, 6, "System ID of the VG indicating which host owns it."},
	{"vg_systemid", "System ID", T_STR, K_VG, 0, f_vg_systemid, 6, "System ID of the VG indicating which host owns it."},
	{"vg_lock_type", "LockType", T_STR, K_VG, 0, f_vg_lock_type, 6, "Lock type of the VG used by lvmlockd."},
	{"vg_lock_args", "VLockArgs", T_STR, K_VG, 0, f_empty, 6, "Lock args of the VG used by lvmlockd."},
	{"vg_extent_size", "Ext", T_SIZ, K_VG, 0, f_vg_extent_size, 6, "Size of Physical Extents in current units."},
	{"vg_extent_count", "#Ext", T_NUM, K_VG, 0, f_vg_extent_count, 6, "Total number of Physical Extents."},
	{"vg_free_count", "Free", T_NUM, K_VG, 0, f_vg_free_count, 6, "Total number of unallocated Physical Extents."},
	{"max_lv", "MaxLV", T_NUM, K_VG, 0, f_max_lv, 6, "Maximum number of LVs allowed in VG or 0 if unlimited."},
	{"max_pv", "MaxPV", T_NUM, K_VG, 0, f_max_pv, 6, "Maximum number of PVs allowed in VG or 0 if unlimited."},
	{"pv_count", "#PV", T_NUM, K_VG, 0, f_pv_count, 6, "Number of PVs in VG."},
	{"vg_missing_pv_count", "#PV Missing", T_NUM, K_VG, 0, f_missing_count, 6, "Number of PVs in VG which are missing."},
	{"lv_count", "#LV", T_NUM, K_VG, 0, f_lv_count, 6, "Number of LVs."},
	{"snap_count", "#SN", T_NUM, K_VG, 0, f_snap_count, 6, "Number of snapshots."},
	{"vg_seqno", "Seq", T_NUM, K_VG, 0, f_vg_seqno, 6, "Revision number of internal metadata.  Incremented whenever it changes."},
	{"vg_tags", "VG Tags", T_LIST, K_VG, 0, f_vg_tags, 6, "Tags, if any."},
	{"vg_profile", "VProfile", T_STR, K_VG, 0, f_empty, 6, "Configuration profile attached to this VG."},
	{"vg_mda_count", "#VMda", T_NUM, K_VG, 0, f_vg_mda_count, 6, "Number of metadata areas on this VG."},
	{"vg_mda_used_count", "#VMdaUse", T_NUM, K_VG, 0, f_vg_mda_used, 6, "Number of metadata areas in use on this VG."},
	{"vg_mda_free", "VMdaFree", T_SIZ, K_VG, 9, f_vg_mda_free, 6, "Free metadata area space for this VG in current units."},
	{"vg_mda_size", "VMdaSize", T_SIZ, K_VG, 9, f_vg_mda_size, 6, "Size of smallest metadata area for this VG in current units."},
	{"vg_mda_copies", "#VMdaCps", T_NUM, K_VG, 0, f_vg_mda_copies, 6, "Target number of in use metadata areas in the VG."},
	{0},
};
