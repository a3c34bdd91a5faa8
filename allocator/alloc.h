/* The extent allocator: which physical extents a new or growing LV gets.
 *
 * Pure: the caller describes the PVs (in VG order) and the request; the
 * allocator returns the new segments or a message saying why not. No I/O,
 * no globals, no dependency on metadata/ (cmd/ converts a struct vg).
 * Deterministic: the same input always gives the same layout.
 *
 * The algorithm and how it relates to LVM2's is described at the top of
 * allocator/alloc.c. */
#ifndef LVMGR_ALLOC_H
#define LVMGR_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lvmgr/base/util.h"

/* From strictest to loosest, in LVM2's order ("inherit" is resolved by the
 * caller from the LV, then the VG). */
enum alloc_policy {
	ALLOC_CONTIGUOUS = 1,
	ALLOC_CLING,
	ALLOC_CLING_BY_TAGS,
	ALLOC_NORMAL,
	ALLOC_ANYWHERE,
};
const char *alloc_policy_name(enum alloc_policy p);
int alloc_policy_from_name(const char *name, enum alloc_policy *out);	/* 0 or -EINVAL */

/* One used range on a PV: extents [start, start + len) hold logical
 * extents [le, le + len) of an area of LV `lv` (an id of the caller's
 * choosing). The allocator needs start/len; lv/le let a caller (and the
 * tests) map the PV back to LVs. */
struct alloc_used {
	uint64_t start, len;
	unsigned lv;
	uint64_t le;
};

/* A PV as the allocator sees it. Its index is its position in the array. */
struct alloc_pv {
	const char *name;		/* for messages */
	uint64_t pe_count;
	bool allocatable;		/* false: never allocated from */
	const char *const *tags;
	unsigned n_tags;
	const struct alloc_used *used;	/* sorted by start, not overlapping */
	unsigned n_used;
};

/* A segment: `extents` logical extents striped over `stripes` areas, each
 * area_len = extents / stripes long (stripes = 1: linear). */
struct alloc_area {
	unsigned pv;			/* index into the PV array */
	uint64_t pe;			/* first physical extent */
};
struct alloc_seg {
	uint64_t extents;
	unsigned stripes;
	uint32_t stripe_size;		/* sectors, as requested; 0 for linear */
	struct alloc_area *areas;
};

/* A PV named for allocation, with optional extent ranges ("pv:0-9:20-").
 * end = ALLOC_PE_END means "to the last extent". */
#define ALLOC_PE_END UINT64_MAX
struct alloc_range {
	uint64_t start, end;		/* inclusive, as on the command line */
};
struct alloc_pv_arg {
	const char *name;		/* PV name, or a tag when is_tag */
	bool is_tag;			/* "@tag": every PV carrying the tag */
	struct alloc_range *ranges;	/* NULL/0: the whole PV */
	unsigned n_ranges;
};

struct alloc_request {
	unsigned lv;			/* the LV's id (as in alloc_used.lv) */
	const char *lv_name;		/* for messages */
	uint64_t extents;		/* logical extents to add */
	unsigned stripes;		/* 1 = linear; extents must be a multiple */
	uint32_t stripe_size;		/* copied into the new segments */
	const struct alloc_seg *segs;	/* the LV's existing segments, in LE order */
	unsigned n_segs;		/* 0 for a new LV */
	enum alloc_policy policy;
	bool maximise_cling;		/* allocation/maximise_cling, default true */
	const struct alloc_pv_arg *pv_args;	/* NULL/0: every PV of the VG */
	unsigned n_pv_args;
	const char *const *cling_tags;	/* allocation/cling_tag_list: "@tag" or "@*" */
	unsigned n_cling_tags;
};

struct alloc_result {
	struct alloc_seg *segs;		/* new segments, in LE order, in the arena */
	unsigned n_segs;
	char error[512];		/* set when alloc_extents fails */
	char warning[512];		/* LVM2's warnings for skipped PV arguments, or "" */
};

/* Allocate req->extents new extents. 0 on success; -ENOSPC when the space
 * is not there (LVM2's messages: "Insufficient free space: ..." or
 * "Insufficient suitable allocatable extents for logical volume ..."),
 * -EINVAL for a bad request (unknown PV, bad range, stripes). The new
 * segments never share an extent with pvs[].used nor with each other; they
 * are merged where physically contiguous, but not with req->segs (see
 * alloc_seg_continues). */
int alloc_extents(struct arena *a, const struct alloc_pv *pvs, unsigned n_pvs,
		  const struct alloc_request *req, struct alloc_result *res);

/* True when `next` continues `prev` physically (same stripe count and size,
 * every area directly after prev's on the same PV): the caller may merge
 * them into one segment as LVM2 does. */
bool alloc_seg_continues(const struct alloc_seg *prev, const struct alloc_seg *next);

/* A mirror log: `count` areas (1: disk log, 2: mirrored log) of `len`
 * extents each, placed as LVM2 2.03's separate log allocation places them
 * (lib/metadata/mirror.c add_mirror_log -> _find_some_parallel_space with
 * the images' PVs as parallel areas): first on PVs without an image; when
 * those are too few and the policy is normal, on image PVs too, unless
 * `separate` (allocation/mirror_logs_require_separate_pvs). Among the
 * candidates (one area per PV: the last its scan visits) the last ones in
 * PV order that hold the log win. */
struct alloc_log_request {
	uint64_t len;
	unsigned count;
	const bool *parallel;		/* per PV index: holds an image; NULL: none */
	enum alloc_policy policy;
	bool separate;
	const struct alloc_pv_arg *pv_args;	/* NULL/0: every PV of the VG */
	unsigned n_pv_args;
};

/* 0 and out[0..count) set; -ENOSPC with LVM2's message in res->error
 * ("Insufficient free space for log allocation for logical volume ."),
 * -EINVAL for a bad request. */
int alloc_log_areas(struct arena *a, const struct alloc_pv *pvs, unsigned n_pvs,
		    const struct alloc_log_request *req, struct alloc_area *out, struct alloc_result *res);

/* Parse a PV argument as LVM2 accepts it on lvcreate/lvextend command lines:
 * "NAME", "NAME:R[:R...]" with R = "A", "A-B", "A-", "-B", "A+N", or "@TAG".
 * Ranges are checked against the PV's size by alloc_extents. 0 or -EINVAL
 * with LVM2's message ("Physical extent parsing error at ..."). */
int alloc_parse_pv_arg(struct arena *a, const char *arg, struct alloc_pv_arg *out, char *err,
		       size_t errlen);

#endif
