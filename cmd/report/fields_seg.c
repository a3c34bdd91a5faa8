/* The LV segment fields of the reports (lvs -o seg_*, fullreport's seg
 * report): their getters and their rows of the field table, in LVM2's -o
 * help order. A row is one segment (report_row.seg; none: the LV's first). */
#include <inttypes.h>
#include <string.h>

#include "cmd/report/report_int.h"
#include "metadata/segtypes/raid.h"
#include "metadata/segtypes/snapshot.h"

static const struct lv_seg *row_seg(const struct report_row *r)
{
	return r->seg ? r->seg : &r->lv->segs[0];
}
static void f_segtype(const struct report_row *r, struct fval *v)
{
	const struct lv_seg *seg = row_seg(r);
	v->s = seg_display_type(seg);
}
static void f_stripes(const struct report_row *r, struct fval *v)
{
	const struct lv_seg *seg = row_seg(r);
	int64_t n = 0;
	if (!seg_is_verbatim(seg))
		v->n = seg_is_striped(seg) || seg_is_raid(seg) || seg_is_mirror(seg) ? seg->n_areas
		       : seg_has_flag(seg, SEGTYPE_THIN_POOL) ? 1 : 0;	/* one area: its data LV (LVM2) */
	else if (seg->node && !cft_get_int(seg->node, "stripe_count", &n))
		v->n = (uint64_t)n;
	else if (seg->node && !cft_get_int(seg->node, "device_count", &n))
		v->n = (uint64_t)n;
	else if (seg->node && !cft_get_int(seg->node, "mirror_count", &n))
		v->n = (uint64_t)n;
	else
		v->n = seg->n_areas ? seg->n_areas : 1;
}
static void f_stripe_size(const struct report_row *r, struct fval *v)
{
	const struct lv_seg *seg = row_seg(r);
	int64_t n = 0;
	if (!seg_is_verbatim(seg))
		v->n = seg->stripe_size;
	else if (seg->node && !cft_get_int(seg->node, "stripe_size", &n))
		v->n = (uint64_t)n;
	else
		v->n = 0;
}
static void f_seg_start_pe(const struct report_row *r, struct fval *v)
{
	v->n = row_seg(r)->start_extent;
}
static void f_seg_size_pe(const struct report_row *r, struct fval *v)
{
	v->n = row_seg(r)->extent_count;
	v->plain = true;
}
static void f_seg_start(const struct report_row *r, struct fval *v)
{
	v->n = row_seg(r)->start_extent * r->vg->extent_size;
}
static void f_seg_size(const struct report_row *r, struct fval *v)
{
	v->n = row_seg(r)->extent_count * r->vg->extent_size;
}
static void seg_areas_text(const struct report_row *r, bool ranges, struct fval *v)
{
	static struct strbuf sb;
	const struct lv_seg *seg = row_seg(r);
	uint64_t len = seg_area_extents(seg);
	sb_reset(&sb);
	sb_adds(&sb, "");
	for (unsigned a = 0; a < seg->n_areas; a++) {
		const struct seg_area *ar = &seg->areas[a];
		const char *name = ar->kind == AREA_PV ? (ar->pv->sd ? ar->pv->sd->dev.path : "[unknown]")
						       : ar->lv_name;
		uint64_t at = ar->kind == AREA_PV ? ar->pe : ar->le;
		if (a)
			sb_adds(&sb, ranges ? " " : ",");
		if (ranges)
			sb_printf(&sb, "%s:%" PRIu64 "-%" PRIu64, name, at, at + len - 1);
		else
			sb_printf(&sb, "%s(%" PRIu64 ")", name, at);
	}
	v->s = sb.buf;
}
void f_seg_pe_ranges(const struct report_row *r, struct fval *v)
{
	seg_areas_text(r, true, v);
}
static void f_devices(const struct report_row *r, struct fval *v)
{
	seg_areas_text(r, false, v);
}
static void f_seg_tags(const struct report_row *r, struct fval *v)
{
	v->s = report_join_tags(&row_seg(r)->tags);
}

/* A snapshot's (its COW LV's segments) chunk size, as LVM2's _chunksize_disp;
 * a thin pool's (fields_thin.c). */
static void f_chunk_size(const struct report_row *r, struct fval *v)
{
	const struct lv_seg *ss = snap_seg_of_cow(r->vg, r->lv, NULL);
	if (ss)
		v->n = ss->chunk_size;
	else
		f_thin_chunk_size(r, v);
}
/* raid1's region size; a verbatim segment's (mirror) as read. */
static void f_region_size(const struct report_row *r, struct fval *v)
{
	const struct lv_seg *seg = row_seg(r);
	int64_t n = 0;
	v->n = 0;
	if ((seg_is_raid(seg) || seg_is_mirror(seg)) && seg->raid)
		v->n = seg->raid->region_size;
	else if (seg_is_verbatim(seg) && seg->node && !cft_get_int(seg->node, "region_size", &n) && n > 0)
		v->n = (uint64_t)n;
}
static void f_data_stripes(const struct report_row *r, struct fval *v)
{
	f_stripes(r, v);
}
static void f_data_copies(const struct report_row *r, struct fval *v)
{
	v->n = 1;
}
static void f_seg_le_ranges(const struct report_row *r, struct fval *v)
{
	static struct strbuf sb;
	struct fval t = {0};
	f_seg_pe_ranges(r, &t);
	sb_reset(&sb);
	sb_adds(&sb, t.s);
	for (size_t i = 0; i < sb.len; i++)
		if (sb.buf[i] == ' ')
			sb.buf[i] = ',';
	v->s = sb.buf;
}
/* LV segment fields (the getters above); ended by a row with no name. */
const struct field report_fields_seg[] = {
	{"segtype", "Type", T_STR, K_SEG, 0, f_segtype, 7, "Type of LV segment."},
	{"stripes", "#Str", T_NUM, K_SEG, 0, f_stripes, 7, "Number of stripes or mirror/raid1 legs."},
	{"data_stripes", "#DStr", T_NUM, K_SEG, 0, f_data_stripes, 7, "Number of data stripes or mirror/raid1 legs."},
	{"reshape_len", "RSize", T_SIZ, K_SEG, 0, f_empty, 7, "Size of out-of-place reshape space in current units."},
	{"reshape_len_le", "RSize", T_NUM, K_SEG, 0, f_empty, 7, "Size of out-of-place reshape space in logical extents."},
	{"data_copies", "#Cpy", T_NUM, K_SEG, 0, f_data_copies, 7, "Number of data copies."},
	{"data_offset", "DOff", T_NUM, K_SEG, 0, f_empty, 7, "Data offset on each image device."},
	{"new_data_offset", "NOff", T_NUM, K_SEG, 0, f_empty, 7, "New data offset after any reshape on each image device."},
	{"parity_chunks", "#Par", T_NUM, K_SEG, 0, f_empty, 7, "Number of (rotating) parity chunks."},
	{"stripe_size", "Stripe", T_SIZ, K_SEG, 0, f_stripe_size, 7, "For stripes, amount of data placed on one device before switching to the next."},
	{"region_size", "Region", T_SIZ, K_SEG, 0, f_region_size, 7, "For mirrors/raids, the unit of data per leg when synchronizing devices."},
	{"chunk_size", "Chunk", T_SIZ, K_SEG, 0, f_chunk_size, 7, "For snapshots, the unit of data used when tracking changes."},
	{"thin_count", "#Thins", T_NUM, K_SEG, 0, f_thin_count, 7, "For thin pools, the number of thin volumes in this pool."},
	{"discards", "Discards", T_STR, K_SEG, 0, f_thin_discards, 7, "For thin pools, how discards are handled."},
	{"cache_metadata_format", "CMFmt", T_NUM, K_SEG, 0, f_empty, 7, "For cache, metadata format in use."},
	{"cache_mode", "CacheMode", T_STR, K_SEG, 0, f_empty, 7, "For cache, how writes are cached."},
	{"zero", "Zero", T_BIN, K_SEG, 0, f_thin_zero, 7, "For thin pools and volumes, if zeroing is enabled."},
	{"transaction_id", "TransId", T_NUM, K_SEG, 0, f_thin_transaction_id, 7, "For thin pools, the transaction id and creation transaction id for thins."},
	{"thin_id", "ThId", T_NUM, K_SEG, 0, f_thin_id, 7, "For thin volume, the thin device id."},
	{"seg_start", "Start", T_SIZ, K_SEG, 0, f_seg_start, 7, "Offset within the LV to the start of the segment in current units."},
	{"seg_start_pe", "Start", T_NUM, K_SEG, 0, f_seg_start_pe, 7, "Offset within the LV to the start of the segment in physical extents."},
	{"seg_size", "SSize", T_SIZ, K_SEG, 0, f_seg_size, 7, "Size of segment in current units."},
	{"seg_size_pe", "SSize", T_SIZ, K_SEG, 0, f_seg_size_pe, 7, "Size of segment in physical extents."},
	{"seg_tags", "Seg Tags", T_LIST, K_SEG, 0, f_seg_tags, 7, "Tags, if any."},
	{"seg_pe_ranges", "PE Ranges", T_LIST, K_SEG, 0, f_seg_pe_ranges, 7, "Ranges of Physical Extents of underlying devices in command line format (deprecated, use seg_le_ranges for common format)."},
	{"seg_le_ranges", "LE Ranges", T_LIST, K_SEG, 0, f_seg_le_ranges, 7, "Ranges of Logical Extents of underlying devices in command line format."},
	{"seg_metadata_le_ranges", "Metadata LE Ranges", T_LIST, K_SEG, 0, f_empty, 7, "Ranges of Logical Extents of underlying metadata devices in command line format."},
	{"devices", "Devices", T_LIST, K_SEG, 0, f_devices, 7, "Underlying devices used with starting extent numbers."},
	{"metadata_devices", "Metadata Devs", T_LIST, K_SEG, 0, f_empty, 7, "Underlying metadata devices used with starting extent numbers."},
	{"seg_monitor", "Monitor", T_STR, K_SEG, 0, f_empty, 7, "Dmeventd monitoring status of the segment."},
	{"cache_policy", "CachePolicy", T_STR, K_SEG, 0, f_empty, 7, "The cache policy (cached segments only)."},
	{"cache_settings", "CacheSettings", T_LIST, K_SEG, 0, f_empty, 7, "Cache settings/parameters (cached segments only)."},
	{"vdo_compression", "VDOCompression", T_BIN, K_SEG, 0, f_empty, 7, "Set for compressed LV (vdopool)."},
	{"vdo_deduplication", "VDODeduplication", T_BIN, K_SEG, 0, f_empty, 7, "Set for deduplicated LV (vdopool)."},
	{"vdo_use_metadata_hints", "VDOMetadataHints", T_BIN, K_SEG, 0, f_empty, 7, "Use REQ_SYNC for writes (vdopool)."},
	{"vdo_minimum_io_size", "VDOMinimumIOSize", T_NUM, K_SEG, 0, f_empty, 7, "Minimum acceptable IO size (vdopool)."},
	{"vdo_block_map_cache_size", "VDOBlockMapCacheSize", T_SIZ, K_SEG, 0, f_empty, 7, "Allocated caching size (vdopool)."},
	{"vdo_block_map_era_length", "VDOBlockMapEraLength", T_NUM, K_SEG, 0, f_empty, 7, "Speed of cache writes (vdopool)."},
	{"vdo_use_sparse_index", "VDOSparseIndex", T_BIN, K_SEG, 0, f_empty, 7, "Sparse indexing (vdopool)."},
	{"vdo_index_memory_size", "VDOIndexMemorySize", T_SIZ, K_SEG, 0, f_empty, 7, "Allocated indexing memory (vdopool)."},
	{"vdo_slab_size", "VDOSlabSize", T_SIZ, K_SEG, 0, f_empty, 7, "Increment size for growing (vdopool)."},
	{"vdo_ack_threads", "VDOAckThreads", T_NUM, K_SEG, 0, f_empty, 7, "Acknowledging threads (vdopool)."},
	{"vdo_bio_threads", "VDOBioThreads", T_NUM, K_SEG, 0, f_empty, 7, "IO submitting threads (vdopool)."},
	{"vdo_bio_rotation", "VDOBioRotation", T_NUM, K_SEG, 0, f_empty, 7, "IO enqueue (vdopool)."},
	{"vdo_cpu_threads", "VDOCPUThreads", T_NUM, K_SEG, 0, f_empty, 7, "CPU threads for compression and hashing (vdopool)."},
	{"vdo_hash_zone_threads", "VDOHashZoneThreads", T_NUM, K_SEG, 0, f_empty, 7, "Threads for subdivide parts (vdopool)."},
	{"vdo_logical_threads", "VDOLogicalThreads", T_NUM, K_SEG, 0, f_empty, 7, "Logical threads for subdivide parts (vdopool)."},
	{"vdo_physical_threads", "VDOPhysicalThreads", T_NUM, K_SEG, 0, f_empty, 7, "Physical threads for subdivide parts (vdopool)."},
	{"vdo_max_discard", "VDOMaxDiscard", T_NUM, K_SEG, 0, f_empty, 7, "Maximum discard size volume can recieve (vdopool)."},
	{"vdo_write_policy", "VDOWritePolicy", T_STR, K_SEG, 0, f_empty, 7, "Specified write policy (vdopool)."},
	{"vdo_header_size", "VDOHeaderSize", T_SIZ, K_SEG, 0, f_empty, 7, "Header size at front of vdopool."},
	{0},
};
