/* Segment types: one descriptor per type, one file each under
 * metadata/segtypes/, listed in one table (registry.c), the way libblkid
 * lists its probers in idinfos[]. A descriptor is what the metadata side
 * knows of a type: its name, its flags, how its segmentN section is read
 * and validated, how it is written back (byte for byte as LVM2 2.03
 * writes it), which LVs it names, how long one of its areas is, and
 * whether it enters the VG image. How a type becomes device-mapper
 * targets is activation/'s business, never this one's.
 *
 * The fields every type has (start_extent, extent_count, type, tags) are
 * read by the importer around the descriptor; a descriptor reads and
 * writes the rest. The PVs a segment uses are its areas (seg->areas of
 * kind AREA_PV; a verbatim segment's ("pvN", extent) pairs become such
 * areas), which the generic checks (extents in range and used once,
 * lv_uses_pv, pvmove/vgreduce) walk with seg_area_extents; the LVs it
 * uses are its AREA_LV areas (resolved, cycle-checked) and what its
 * refers_to_lv hook names.
 *
 * Adding a type: a file here with its `const struct segtype`, a line in
 * registry.c. The queries below (seg_is_*, seg_area_extents, seg_refers_to_lv)
 * are what the rest of lvmgr asks instead of comparing type names. */
#ifndef LVMGR_SEGTYPE_H
#define LVMGR_SEGTYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct cft_node;
struct cft_value;
struct lv_seg;
struct pv;
struct strbuf;
struct vg;

enum segtype_flags {
	/* Its data lives in areas (stripes = [...]) on PVs or stacked LVs. */
	SEGTYPE_AREAS = 1 << 0,
	/* No areas: the target makes the data up (zero, error). */
	SEGTYPE_VIRTUAL = 1 << 1,
	/* lvmgr does not understand it: its segmentN section is kept as
	 * parsed and written back as read, its ("pvN", extent) pairs count as
	 * used extents and follow the PV renumbering of the export. Commands
	 * refuse to change, activate or remove such an LV (seg->known false). */
	SEGTYPE_VERBATIM = 1 << 2,
	/* A VG with it can have a binary image (metadata/vgimage.c): the
	 * segment is its common fields, stripe_count, stripe_size and areas. */
	SEGTYPE_IMAGE = 1 << 3,
	/* The striped type (linear = striped with one area). */
	SEGTYPE_STRIPED = 1 << 4,
	/* A snapshot: its LV is hidden, its COW LV shown as its origin is. */
	SEGTYPE_SNAPSHOT = 1 << 5,
	/* raid1: areas are the images (AREA_LV), seg->raid the rest. */
	SEGTYPE_RAID = 1 << 6,
	/* mirror: areas are the images, seg->raid the log and region. */
	SEGTYPE_MIRROR = 1 << 7,
	/* Thin provisioning (segtypes/thin.h): a pool, a thin volume. */
	SEGTYPE_THIN_POOL = 1 << 10,
	SEGTYPE_THIN = 1 << 11,
};

/* A segmentN section being read (metadata/import.c implements the
 * helpers). Errors name the segment: "LV lv0 segment1" (seg_in_what). */
struct seg_text_in;
const char *seg_in_what(const struct seg_text_in *in);
/* Memory that lives as long as the VG (the import's arena). */
void *seg_in_alloc(struct seg_text_in *in, size_t size);/* Set the import's message (printf style) and return -EINVAL. */
__attribute__((format(printf, 2, 3))) int seg_in_fail(struct seg_text_in *in, const char *fmt, ...);
/* The field key of the section (first match), or NULL. */
const struct cft_node *seg_in_field(const struct cft_node *sec, const char *key);
/* Integer field in [min, max]: 0, -ENOENT when absent and not required,
 * else -EINVAL with the import's message ("<what>: <key> is missing",
 * "... is not an integer", "... = N is out of range (min..max)"). */
int seg_in_u64(struct seg_text_in *in, const struct cft_node *sec, const char *key, bool required,
	       uint64_t min, uint64_t max, uint64_t *out);
/* The PV the text calls key ("pv0"), or NULL. */
struct pv *seg_in_pv(struct seg_text_in *in, const char *key);
/* "pv" followed by digits: PV keys are renumbered on export, so a string
 * of that shape that names no PV now could name one later. */
bool seg_pv_key_shape(const char *s);

/* Writing a segment's lines (metadata/export.c implements the helpers):
 * one line each, indented and with size comments as the export's style
 * (disk or file) wants. */
struct text_out;
void text_out_line(struct text_out *o, const char *comment, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void text_out_u64(struct text_out *o, const char *comment, const char *key, uint64_t v);
void text_out_str(struct text_out *o, const char *key, const char *val);	/* quoted */
void text_out_nl(struct text_out *o);	/* a blank line */
void text_out_indent(struct text_out *o, int delta);
/* "# 4 Megabytes", as LVM2 comments sizes. */
const char *text_size_comment(uint64_t sectors, char *buf, size_t len);
/* type = "<seg->type>" and the tags: the first lines of every type's body. */
void text_out_seg_head(struct text_out *o, const struct lv_seg *seg);
/* key = [ then one ("pvN"|"lv", extent) pair of seg->areas a line, ] */
void text_out_areas(struct text_out *o, const char *key, const struct lv_seg *seg);
/* Parsed text written back: a node (section or field) with its values;
 * a string value for which subst returns true was written by subst. */
struct text_subst {
	bool (*fn)(struct text_subst *su, const struct cft_value *v, struct strbuf *sb);
};
void text_out_node(struct text_out *o, const struct cft_node *n, struct text_subst *su);
void text_out_value(struct strbuf *sb, const struct cft_value *v, struct text_subst *su);

struct segtype {
	const char *name;	/* as in type = "..." */
	unsigned flags;		/* enum segtype_flags */
	/* Read the type's own fields of the section sec into seg (the common
	 * fields are read already; seg->node = sec): 0 or -EINVAL with a
	 * message naming the LV, the segment and the cause. NULL: it has none. */
	int (*text_import)(struct seg_text_in *in, const struct cft_node *sec, struct lv_seg *seg);
	/* Write the segment's body after its extent lines and the blank line:
	 * from type = "..." on (LVM2's _print_segment and the type's
	 * text_export), byte for byte as LVM2 writes it. NULL: the type and
	 * tags lines only. */
	void (*text_export)(struct text_out *o, const struct vg *vg, const struct lv_seg *seg);
	/* The model check before a commit (vg_validate) of a segment a command
	 * may have changed: 0 or -EINVAL with a message. NULL: nothing to check. */
	int (*validate)(const struct lv_seg *seg, const char *lv_name, unsigned seg_no, char *err,
			size_t errlen);
	/* Extents one of its areas spans (NULL: extent_count). */
	uint64_t (*area_len)(const struct lv_seg *seg);
	/* Does the segment name the LV besides its areas (origin, pool, ...)?
	 * NULL: only through AREA_LV areas. */
	bool (*refers_to_lv)(const struct lv_seg *seg, const char *lv_name);
};

/* The registry (registry.c). */
extern const struct segtype segtype_striped, segtype_zero, segtype_error, segtype_snapshot,
	segtype_unknown;
extern const struct segtype segtype_raid1;	/* raid.c */
extern const struct segtype segtype_mirror;	/* mirror.c */
extern const struct segtype segtype_thin_pool, segtype_thin;
/* The descriptor named name, or NULL (unknown is never found by name). */
const struct segtype *segtype_find(const char *name);
/* As LVM2's get_segtype_from_string for command arguments: "linear" is
 * striped. NULL if lvmgr has no descriptor of that name. */
const struct segtype *segtype_from_string(const char *name);
/* The descriptor of a segment read from text: found by name, or unknown. */
const struct segtype *segtype_for_text(const char *name);
/* Each registered descriptor in turn (unknown last), NULL at the end. */
const struct segtype *segtype_at(unsigned i);

/* ---- queries on segments: ask these instead of comparing names ---- */

/* The segment's descriptor (a segment made by code that set only its
 * type and known fields is looked up by them). */
const struct segtype *seg_segtype(const struct lv_seg *seg);
/* Make seg a segment of type st: segtype, type (st's name) and known. */
void seg_set_segtype(struct lv_seg *seg, const struct segtype *st);
bool seg_has_flag(const struct lv_seg *seg, unsigned flag);
static inline bool seg_is_striped(const struct lv_seg *seg)
{
	return seg_has_flag(seg, SEGTYPE_STRIPED);
}
/* Striped with one area, shown as "linear" (LVM2's lvseg segtype). */
bool seg_is_linear(const struct lv_seg *seg);
static inline bool seg_is_virtual(const struct lv_seg *seg)
{
	return seg_has_flag(seg, SEGTYPE_VIRTUAL);
}
static inline bool seg_is_verbatim(const struct lv_seg *seg)
{
	return seg_has_flag(seg, SEGTYPE_VERBATIM);
}
static inline bool seg_is_snapshot(const struct lv_seg *seg)
{
	return seg_has_flag(seg, SEGTYPE_SNAPSHOT);
}
/* The name reports and lvdisplay show: "linear" for one stripe, else the
 * type's name (for a verbatim segment the name in its text). */
const char *seg_display_type(const struct lv_seg *seg);
/* Extents one area of seg spans on its PV or LV. */
uint64_t seg_area_extents(const struct lv_seg *seg);
/* Does seg refer to the LV called lv_name (a stacked area, or a name in
 * its type's fields)? */
bool seg_refers_to_lv(const struct lv_seg *seg, const char *lv_name);
static inline bool seg_is_raid(const struct lv_seg *seg)
{
	return seg_has_flag(seg, SEGTYPE_RAID);
}
static inline bool seg_is_mirror(const struct lv_seg *seg)
{
	return seg_has_flag(seg, SEGTYPE_MIRROR);
}
/* A snapshot segment's LVs (NULL when absent). */
void seg_snapshot_lvs(const struct lv_seg *seg, const char **origin, const char **cow,
		      const char **merging);

#endif
