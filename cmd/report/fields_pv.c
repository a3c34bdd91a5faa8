/* The PV fields of the reports (pvs, fullreport's pv and pvseg reports):
 * their getters and their rows of the field table, in LVM2's -o help order.
 * A row with no VG is an orphan PV; no scan_dev, a missing one. */
#include <inttypes.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "cmd/report/report_int.h"
#include "metadata/mda.h"

/* ---- metadata area helpers ---- */
static uint64_t mda_free_sectors(const struct scan_mda *m)
{
	if (!m->hdr_ok)
		return 0;
	uint64_t max = mda_max_text(m->hdr.size);
	uint64_t used = m->hdr.locn[0].size;
	return used >= max ? 0 : (max - used) >> 9;
}

void report_dev_mda_stats(const struct scan_dev *sd, uint64_t *min_free, uint64_t *min_size,
			  unsigned *count, unsigned *used)
{
	for (unsigned m = 0; sd && m < sd->n_mda; m++) {
		uint64_t f = mda_free_sectors(&sd->mda[m]), s = sd->mda[m].size >> 9;
		if (!*count || f < *min_free)
			*min_free = f;
		if (!*count || s < *min_size)
			*min_size = s;
		(*count)++;
		if (!sd->mda[m].ignored)
			(*used)++;
	}
}

/* ---- PV fields ---- */
static void f_pv_name(const struct report_row *r, struct fval *v)
{
	v->s = r->sd ? r->sd->dev.path : "[unknown]";
}
static void f_pv_fmt(const struct report_row *r, struct fval *v)
{
	v->s = "lvm2";
}
static void f_pv_uuid(const struct report_row *r, struct fval *v)
{
	static char buf[ID_LEN + 7];
	id_format(r->pv ? r->pv->id : r->sd->label.pv_id, buf);
	v->s = buf;
}
static void f_dev_size(const struct report_row *r, struct fval *v)
{
	v->n = r->sd ? r->sd->dev.size >> 9 : 0;
}
static void f_pv_size(const struct report_row *r, struct fval *v)
{
	v->n = r->pv ? r->pv->pe_count * r->vg->extent_size : (r->sd->label.dev_size >> 9);
}
static void f_pv_free(const struct report_row *r, struct fval *v)
{
	v->n = r->pv ? (r->pv->pe_count - r->pv->pe_alloc) * r->vg->extent_size
		     : (r->sd->label.dev_size >> 9);
}
static void f_pv_used(const struct report_row *r, struct fval *v)
{
	v->n = r->pv ? r->pv->pe_alloc * r->vg->extent_size : 0;
}
static void f_pe_start(const struct report_row *r, struct fval *v)
{
	v->n = r->pv ? r->pv->pe_start : (r->sd->label.n_da ? r->sd->label.da[0].offset >> 9 : 0);
}
static void f_pv_attr(const struct report_row *r, struct fval *v)
{
	static char buf[4];
	uint32_t st = r->pv ? r->pv->flags.status | r->pv->flags.compat : 0;
	/* LVM2's pv_attr_dup: 'u' for a PV of a VG that is not allocatable.
	 * (LVM2 also says 'u' for an orphan whose label still has the used
	 * flag, the state between a VG change and the label rewrite; lvmgr
	 * keeps '-' there, which crash.sh takes as the finished state.) */
	buf[0] = r->pv && (st & PV_ALLOCATABLE) ? 'a' : r->pv ? 'u' : '-';
	buf[1] = r->vg && (r->vg->flags.status & VG_EXPORTED) ? 'x' : '-';
	buf[2] = r->pv && (!r->sd || (st & PV_MISSING)) ? 'm' : '-';
	buf[3] = '\0';
	v->s = buf;
}
static void f_pv_pe_count(const struct report_row *r, struct fval *v)
{
	v->n = r->pv ? r->pv->pe_count : 0;
}
static void f_pv_pe_alloc(const struct report_row *r, struct fval *v)
{
	v->n = r->pv ? r->pv->pe_alloc : 0;
}
static void f_pv_mda_count(const struct report_row *r, struct fval *v)
{
	uint64_t f = 0, s = 0;
	unsigned n = 0, u = 0;
	report_dev_mda_stats(r->sd, &f, &s, &n, &u);
	v->n = n;
}
static void f_pv_mda_used(const struct report_row *r, struct fval *v)
{
	uint64_t f = 0, s = 0;
	unsigned n = 0, u = 0;
	report_dev_mda_stats(r->sd, &f, &s, &n, &u);
	v->n = u;
}
static void f_pv_mda_free(const struct report_row *r, struct fval *v)
{
	uint64_t f = 0, s = 0;
	unsigned n = 0, u = 0;
	report_dev_mda_stats(r->sd, &f, &s, &n, &u);
	v->n = f;
}
static void f_pv_mda_size(const struct report_row *r, struct fval *v)
{
	uint64_t f = 0, s = 0;
	unsigned n = 0, u = 0;
	report_dev_mda_stats(r->sd, &f, &s, &n, &u);
	v->n = s;
}
static void f_pv_tags(const struct report_row *r, struct fval *v)
{
	static const struct strlist none;
	v->s = report_join_tags(r->pv ? &r->pv->tags : &none);
}
static void f_pv_ext_vsn(const struct report_row *r, struct fval *v)
{
	v->n = r->sd && r->sd->label.has_ext ? r->sd->label.ext_version : 0;
}
static void f_pv_allocatable(const struct report_row *r, struct fval *v)
{
	v->s = r->pv && (r->pv->flags.status & PV_ALLOCATABLE) ? "allocatable" : "";
}
static void f_pv_missing(const struct report_row *r, struct fval *v)
{
	v->s = r->pv && !r->sd ? "missing" : "";
}
static void f_pv_in_use(const struct report_row *r, struct fval *v)
{
	v->s = r->vg ? "used" : "";
}

static void f_pv_major(const struct report_row *r, struct fval *v)
{
	v->n = r->sd && r->sd->dev.rdev ? major(r->sd->dev.rdev) : 0;
	if (!r->sd || !r->sd->dev.rdev)
		v->s = r->sd ? "0" : "";
}
static void f_pv_minor(const struct report_row *r, struct fval *v)
{
	v->n = r->sd && r->sd->dev.rdev ? minor(r->sd->dev.rdev) : 0;
	if (!r->sd || !r->sd->dev.rdev)
		v->s = r->sd ? "0" : "";
}
static void f_pv_exported(const struct report_row *r, struct fval *v)
{
	v->s = r->vg && (r->vg->flags.status & VG_EXPORTED) ? "exported" : "";
}
static void f_pv_ba_start(const struct report_row *r, struct fval *v)
{
	v->n = r->pv ? r->pv->ba_start : 0;
}
static void f_pv_ba_size(const struct report_row *r, struct fval *v)
{
	v->n = r->pv ? r->pv->ba_size : 0;
}
static void f_pv_device_id(const struct report_row *r, struct fval *v)
{
	v->s = r->pv && r->pv->device_id ? r->pv->device_id : "";
}
static void f_pv_device_id_type(const struct report_row *r, struct fval *v)
{
	v->s = r->pv && r->pv->device_id_type ? r->pv->device_id_type : "";
}
static void f_pvseg_start(const struct report_row *r, struct fval *v)
{
	v->n = r->pvseg_start;
}
static void f_pvseg_size(const struct report_row *r, struct fval *v)
{
	v->n = r->pvseg_size;
}

/* PV fields (the getters above); ended by a row with no name. */
const struct field report_fields_pv[] = {
	{"pv_fmt", "Fmt", T_STR, K_PV, 0, f_pv_fmt, 4, "Type of metadata."},
	{"pv_uuid", "PV UUID", T_STR, K_PV, 38, f_pv_uuid, 4, "Unique identifier."},
	{"dev_size", "DevSize", T_SIZ, K_PV, 0, f_dev_size, 4, "Size of underlying device in current units."},
	{"pv_name", "PV", T_STR, K_PV, 10, f_pv_name, 4, "Name."},
	{"pv_major", "Maj", T_STR, K_PV, 0, f_pv_major, 4, "Device major number."},
	{"pv_minor", "Min", T_STR, K_PV, 0, f_pv_minor, 4, "Device minor number."},
	{"pv_mda_free", "PMdaFree", T_SIZ, K_PV, 9, f_pv_mda_free, 4, "Free metadata area space on this device in current units."},
	{"pv_mda_size", "PMdaSize", T_SIZ, K_PV, 9, f_pv_mda_size, 4, "Size of smallest metadata area on this device in current units."},
	{"pv_ext_vsn", "PExtVsn", T_NUM, K_PV, 0, f_pv_ext_vsn, 4, "PV header extension version."},
	{"pe_start", "1st PE", T_SIZ, K_PV, 7, f_pe_start, 5, "Offset to the start of data on the underlying device."},
	{"pv_size", "PSize", T_SIZ, K_PV, 0, f_pv_size, 5, "Size of PV in current units."},
	{"pv_free", "PFree", T_SIZ, K_PV, 0, f_pv_free, 5, "Total amount of unallocated space in current units."},
	{"pv_used", "Used", T_SIZ, K_PV, 0, f_pv_used, 5, "Total amount of allocated space in current units."},
	{"pv_attr", "Attr", T_STR, K_PV, 0, f_pv_attr, 5, "Various attributes - see man page."},
	{"pv_allocatable", "Allocatable", T_BIN, K_PV, 0, f_pv_allocatable, 5, "Set if this device can be used for allocation."},
	{"pv_exported", "Exported", T_BIN, K_PV, 10, f_pv_exported, 5, "Set if this device is exported."},
	{"pv_missing", "Missing", T_BIN, K_PV, 10, f_pv_missing, 5, "Set if this device is missing in system."},
	{"pv_pe_count", "PE", T_NUM, K_PV, 3, f_pv_pe_count, 5, "Total number of Physical Extents."},
	{"pv_pe_alloc_count", "Alloc", T_NUM, K_PV, 0, f_pv_pe_alloc, 5, "Total number of allocated Physical Extents."},
	{"pv_tags", "PV Tags", T_LIST, K_PV, 0, f_pv_tags, 5, "Tags, if any."},
	{"pv_mda_count", "#PMda", T_NUM, K_PV, 0, f_pv_mda_count, 5, "Number of metadata areas on this device."},
	{"pv_mda_used_count", "#PMdaUse", T_NUM, K_PV, 0, f_pv_mda_used, 5, "Number of metadata areas in use on this device."},
	{"pv_ba_start", "BA Start", T_SIZ, K_PV, 0, f_pv_ba_start, 5, "Offset to the start of PV Bootloader Area on the underlying device in current units."},
	{"pv_ba_size", "BA Size", T_SIZ, K_PV, 0, f_pv_ba_size, 5, "Size of PV Bootloader Area in current units."},
	{"pv_in_use", "PInUse", T_BIN, K_PV, 0, f_pv_in_use, 5, "Set if PV is used."},
	{"pv_duplicate", "Duplicate", T_BIN, K_PV, 0, f_empty, 5, "Set if PV is an unchosen duplicate."},
	{"pv_device_id", "DeviceID", T_STR, K_PV, 0, f_pv_device_id, 5, "Device ID such as the WWID."},
	{"pv_device_id_type", "DeviceIDType", T_STR, K_PV, 0, f_pv_device_id_type, 5, "Type of device ID such as WWID."},
	{0},
};

/* PV segment fields (the getters above); ended by a row with no name. */
const struct field report_fields_pvseg[] = {
	{"pvseg_start", "Start", T_NUM, K_PVSEG, 0, f_pvseg_start, 8, "Physical Extent number of start of segment."},
	{"pvseg_size", "SSize", T_NUM, K_PVSEG, 0, f_pvseg_size, 8, "Number of extents in segment."},
	{0},
};
