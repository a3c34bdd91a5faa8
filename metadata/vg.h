/* The in-memory volume group: what the metadata text says, validated.
 *
 * Objects live in the command's arena. What lvmgr does not understand
 * (segment types it keeps verbatim, see metadata/segtypes/segtype.h;
 * unknown fields and flags) is kept as parsed text (cft nodes) and written
 * back as it was read. */
#ifndef LVMGR_VG_H
#define LVMGR_VG_H

#include <stdbool.h>
#include <stdint.h>

#include "lvmgr/base/util.h"
#include "metadata/cft.h"
#include "metadata/label.h"
#include "metadata/segtypes/segtype.h"

#define NAME_LEN 128		/* names are at most 127 characters */
#define VG_MAX_PVS 65536	/* sanity bounds for hostile metadata */
#define VG_MAX_LVS 1000000
#define LV_MAX_SEGS 1000000
#define SEG_MAX_AREAS 65536

/* Status bits, one table each (metadata/flags.c) with LVM2's names and order. */
enum {
	VG_EXPORTED = 1 << 0, VG_RESIZEABLE = 1 << 1, VG_PVMOVE = 1 << 2, VG_READ = 1 << 3,
	VG_WRITE = 1 << 4, VG_WRITE_LOCKED = 1 << 5, VG_NOAUTOACTIVATE = 1 << 6,
	VG_CLUSTERED = 1 << 7, VG_SHARED = 1 << 8,
};
enum { PV_ALLOCATABLE = 1 << 0, PV_EXPORTED = 1 << 1, PV_MISSING = 1 << 2 };
enum {
	LV_READ = 1 << 0, LV_WRITE = 1 << 1, LV_WRITE_LOCKED = 1 << 2, LV_FIXED_MINOR = 1 << 3,
	LV_VISIBLE = 1 << 4, LV_PVMOVE = 1 << 5, LV_LOCKED = 1 << 6,
	LV_NOTSYNCED = 1 << 7,	/* raid/mirror made with --nosync */
	LV_REBUILD = 1 << 8,	/* raid image the kernel rebuilds ("rebuild K") */
	LV_WRITEMOSTLY = 1 << 9,	/* raid1 image read only when needed ("write_mostly K") */
};

enum flag_kind { FLAGS_VG, FLAGS_PV, FLAGS_LV };

/* A status = [...] / flags = [...] pair: known bits plus unknown names kept. */
struct flagset {
	uint32_t status, compat;	/* known bits in status = [] and flags = [] */
	const char **other_status, **other_compat;	/* unknown names, in order */
	unsigned n_other_status, n_other_compat;
};

struct strlist {
	const char **v;
	unsigned n;
};

struct device;
struct lv_cached;
struct seg_raid;

struct pv {
	char id[ID_LEN + 1];		/* no dashes */
	const char *key;		/* "pv0" in the text; reassigned on export */
	const char *hint;		/* device = "..." as read */
	struct flagset flags;
	struct strlist tags;
	uint64_t dev_size;		/* sectors */
	uint64_t pe_start;		/* sectors */
	uint64_t pe_count;
	uint64_t ba_start, ba_size;	/* sectors; 0 = none */
	const char *device_id_type, *device_id;
	const struct cft_node **extra;	/* unknown fields, kept */
	unsigned n_extra;
	/* Not in the text: */
	struct scan_dev *sd;		/* the device found with this id, NULL = missing */
	uint64_t pe_alloc;		/* extents used by segments */
	unsigned index;			/* position in vg->pvs */
	bool missing_cleared;		/* back, unused: the read cleared MISSING */
};

enum area_kind { AREA_PV, AREA_LV };
struct seg_area {
	enum area_kind kind;
	struct pv *pv;			/* AREA_PV */
	uint64_t pe;
	const char *lv_name;		/* AREA_LV */
	uint64_t le;
};

struct lv;
struct lv_seg {
	uint64_t start_extent, extent_count;
	const struct segtype *segtype;	/* its descriptor (seg_set_segtype) */
	/* Set from the descriptor, for code that has not moved to the
	 * descriptor queries (seg_is_*) yet: type = its name (a verbatim
	 * segment's: the name it was read with); known = not verbatim. */
	const char *type;
	bool known;			/* false: node below is written back as read */
	struct strlist tags;
	unsigned stripe_count;		/* striped */
	uint32_t stripe_size;		/* sectors, striped with > 1 stripe */
	struct seg_area *areas;
	unsigned n_areas;
	struct seg_raid *raid;		/* raid1 (metadata/segtypes/raid.h) */
	const struct cft_node *node;	/* unknown types: the segmentN { } section as read */
	struct cft_value **pv_refs;	/* unknown types: string values naming PVs */
	struct pv **pv_ref_pvs;
	unsigned n_pv_refs;
	/* snapshot (metadata/segtypes/snapshot.h): the origin and COW LVs by
	 * name, the chunk size (sectors), merging_store instead of cow_store. */
	const char *origin, *cow;
	uint32_t chunk_size;
	bool merging;
	struct seg_thin *thin;		/* thin-pool, thin: metadata/segtypes/thin.h */
};

struct lv {
	const char *name;
	char id[ID_LEN + 1];
	struct flagset flags;
	struct strlist tags;
	uint64_t creation_time;		/* 0 = none */
	bool ctime_repaired;		/* read as LVM2 reads an invalid one (cft.h) */
	const char *creation_host;
	const char *lock_args;
	const char *alloc;		/* allocation_policy, NULL = inherit */
	const char *profile;
	int64_t read_ahead;		/* -1 none, -2 auto (absent) */
	int64_t major, minor;		/* -1 = absent */
	struct lv_seg *segs;
	unsigned n_segs;
	const struct cft_node **extra;	/* unknown fields */
	unsigned n_extra;
	uint64_t size_extents;		/* derived: sum of segment lengths */
	unsigned scratch;		/* for graph walks */
	/* VG cache state (lvmgr/cache/vgimage.h), opaque here: for an LV
	 * loaded from the cache, its record in the image and its section in
	 * the text the image was made with; NULL otherwise. It rides on the
	 * LV, not in a table of the cache, so that a command that renames,
	 * reorders or drops LVs carries it along for free and an export finds
	 * it without a lookup per LV; nothing in metadata/ reads it (the
	 * cache's lv_copier decides what is copied). */
	const struct lv_cached *cached;
};

struct vg {
	const char *name;
	char id[ID_LEN + 1];
	uint64_t seqno;
	struct flagset flags;
	struct strlist tags;
	const char *system_id, *lock_type, *lock_args, *alloc, *profile;
	uint32_t extent_size;		/* sectors */
	uint64_t max_lv, max_pv, metadata_copies;
	struct pv **pvs;
	unsigned n_pvs, cap_pvs;
	struct lv **lvs;
	unsigned n_lvs, cap_lvs;
	const struct cft_node *historical;	/* historical_logical_volumes, kept */
	const struct cft_node **extra;	/* unknown VG fields */
	unsigned n_extra;
	/* Top-level fields after the VG section (informational). */
	const char *creation_host;
	uint64_t creation_time;
	bool ctime_repaired;		/* the header's creation_time (cft.h) */
	struct arena *arena;
	/* Set when a segment is a snapshot (by the import, by lvcreate -s):
	 * without, no LV can be a hidden COW store, and lv_is_visible needs no
	 * search over the VG. */
	bool has_snapshots;
};

/* An invalid creation_time (past int64, or an LV's below 0) was read as
 * LVM2 reads it: the caller warns as LVM2 ("Invalid creation_time found in
 * metadata (repaired with next metadata update)."). */
bool vg_ctime_repaired(const struct vg *vg);

/* Import: text -> VG. Validates everything (names, ids, sizes, extents
 * inside PVs and not used twice, segments contiguous, references resolve,
 * no cycles): -EINVAL with err naming the object and the cause. */
int vg_import(struct arena *a, const char *text, size_t len, struct vg **out, char *err,
	      size_t errlen);
int vg_import_tree(struct arena *a, const struct cft_node *root, struct vg **out, char *err,
		   size_t errlen);
/* VGs with at least this many LV sections import them in two halves by two
 * threads (the same VG and the same first error; tests lower it). */
extern unsigned vg_import_split_lvs;

/* The model checks of the import, for a VG built or changed in memory:
 * -EINVAL with err naming the object and the cause. */
int vg_validate(struct vg *vg, char *err, size_t errlen);

/* Export: VG -> LVM2 text. EXPORT_DISK is what goes into metadata areas
 * (no indentation, header after the VG), EXPORT_FILE what goes into backup
 * files (tab-indented, size comments, header first). The text is appended
 * to sb. now = time to stamp (0 = time(NULL)). */
enum export_style { EXPORT_DISK, EXPORT_FILE };
/* The lines a file-style export starts with (up to the VG's section):
 * what vg_export(EXPORT_FILE) writes before "<vg> {". */
void vg_export_file_header(const char *description, uint64_t now, struct strbuf *sb);
void vg_export(const struct vg *vg, enum export_style style, const char *description, uint64_t now,
	       struct strbuf *sb);
/* A file-style export that copies LV sections instead of writing them:
 * copy(arg, place, lv, &len) returns the section of the LV at that place
 * of the export (visible LVs first, then hidden ones; the places the disk
 * export's ranges give), exactly as this export would write it, or NULL
 * to have it written. */
struct lv_copier {
	const char *(*copy)(const void *arg, unsigned place, const struct lv *lv, size_t *len);
	const void *arg;
};
/* Pieces of an export that are not in its buffer: the len bytes at p
 * belong at offset at of the buffer (ascending; text the export wrote at
 * and after at follows them). Sections that follow each other at p are
 * one piece. */
struct export_piece {
	size_t at;
	const char *p;
	size_t len;
};
struct export_pieces {
	struct export_piece *v;
	size_t n, cap;
};
/* pc NULL: the copied sections go into sb; else they stay where copy
 * returns them (they must stay unchanged until the pieces are used) and pc
 * (empty) says where they belong: a file is written from sb and pc without
 * copying megabytes of unchanged sections. Free pc->v. */
void vg_export_file_copy(const struct vg *vg, const char *description, uint64_t now,
			 struct strbuf *sb, const struct lv_copier *cp, struct export_pieces *pc);
/* VGs with at least this many LVs have their LV sections written by two
 * threads (the same text; tests lower it to compare). */
extern unsigned vg_export_split_lvs;

/* A disk export can say where each LV's section went (in text order) and
 * where the text's top-level tail starts (the VG cache keeps them with
 * the text). */
struct lv_range {
	const struct lv *lv;
	uint64_t off, len;
	bool same;	/* copied: the copier gave the section */
};
struct export_ranges {
	struct lv_range *lv;	/* room for vg->n_lvs */
	unsigned n;
	uint64_t tail_off;
};
/* A disk export with the places in r; cp (NULL: none) may give LV
 * sections to copy instead of writing them, as for vg_export_file_copy. */
void vg_export_disk_ranges(const struct vg *vg, const char *description, uint64_t now,
			   struct strbuf *sb, struct export_ranges *r, const struct lv_copier *cp);
/* The informational top-level fields (creation_host, creation_time) of a
 * parsed text into vg. */
void vg_import_toplevel(struct vg *vg, const struct cft_node *root);

/* Names (metadata/names.c). The syntax of a VG or LV name as the text may
 * hold it: 0 or -EINVAL with err ("<what> name ..."). */
int name_check(const char *name, const char *what, char *err, size_t errlen);
/* A name a command may give a new or renamed VG: -EINVAL with err for
 * a name_check failure (a name that is an entry of the device directory
 * is the command's check, as LVM2's validate_new_vg_name). */
int vg_name_check(const char *name, char *err, size_t errlen);
/* A name a command may give a new or renamed LV (lvcreate, lvrename, ...):
 * -EINVAL with err for a name_check failure or a "VG/LV" too long for a
 * device-mapper name (vgname may be NULL: not checked), -EPERM with
 * LVM2's message for a reserved prefix ("snapshot", "pvmove") or fragment
 * ("_tmeta", "_rimage", ...), -EEXIST when vg (may be NULL) has an LV of
 * that name. */
int lv_name_check(const struct vg *vg, const char *name, char *err, size_t errlen);
int lv_name_check_in(const struct vg *vg, const char *vgname, const char *name, char *err, size_t errlen);

/* Model helpers. */
struct vg *vg_new(struct arena *a, const char *name, uint32_t extent_size);
void vg_add_pv(struct vg *vg, struct pv *pv);
void vg_remove_pv(struct vg *vg, struct pv *pv);
void vg_remove_lv(struct vg *vg, struct lv *lv);
struct pv *vg_find_pv_by_id(const struct vg *vg, const char *id32);
struct lv *vg_find_lv(const struct vg *vg, const char *name);
uint64_t vg_extent_count(const struct vg *vg);
uint64_t vg_free_count(const struct vg *vg);
/* LVM2's lv_is_visible(): a snapshot's own LV (snapshotN, a "snapshot"
 * segment) is hidden, its COW LV is visible unless merging into a visible
 * origin, any other LV is visible when its status has VISIBLE. */
bool lv_is_visible(const struct vg *vg, const struct lv *lv);
unsigned vg_visible_lv_count(const struct vg *vg);
unsigned vg_snapshot_count(const struct vg *vg);
unsigned vg_missing_pv_count(const struct vg *vg);
/* Recompute pv->pe_alloc and lv->size_extents from the segments. */
void vg_account(struct vg *vg);
/* Does any segment of lv use pv? */
bool lv_uses_pv(const struct lv *lv, const struct pv *pv);
/* Has any LV of vg extents on pv? */
bool vg_pv_used(const struct vg *vg, const struct pv *pv);
/* Missing as LVM2's is_missing_pv: no device, or back after a change made
 * while it was away and still used (the MISSING flag kept by vg_read). */
static inline bool pv_is_missing(const struct pv *pv)
{
	return !pv->sd || ((pv->flags.status | pv->flags.compat) & PV_MISSING);
}

/* Flag names <-> bits. */
int flags_import(struct arena *a, enum flag_kind kind, const struct cft_value *status,
		 const struct cft_value *compat, struct flagset *out, char *err, size_t errlen);
/* The status (compat false) or flags (compat true) list of f. */
void flags_export_list(const struct flagset *f, enum flag_kind kind, bool compat, struct strbuf *sb);

/* The LV's ACTIVATION_SKIP compat flag (-k): set? set or clear it (first
 * among the named compat flags, LVM2's order: then NOAUTOACTIVATE, then
 * the rest; the list is copied into a). */
bool lv_activation_skip(const struct lv *lv);
void lv_set_activation_skip(struct arena *a, struct lv *lv, bool on);

/* Fresh random ids ([A-Za-z0-9]{32}). */
void id_generate(char out[ID_LEN + 1]);

#endif
