/* The LV operations under the commands (lvcreate, lvextend/lvreduce/
 * lvresize, lvremove, lvrename): each checks its request against the
 * model's rules (names, stripes, free space), changes the VG, commits it
 * and brings the kernel along. The commands parse their arguments into
 * these requests and print the outcome; they do not touch vg->lvs or the
 * allocator themselves. Every call returns 0 or -errno with the reason
 * logged. */
#ifndef LVMGR_LV_API_H
#define LVMGR_LV_API_H

#include <stdbool.h>
#include <stdint.h>

#include "lvmgr/ctx.h"
#include "metadata/vg.h"

/* Stripes and stripe size (sectors) of a new area: stripes >= 1, a stripe
 * size a power of 2 of at least 4 KiB, cut to the extent size (with a
 * warning). -EINVAL (logged) for values no LV can have. */
int lv_stripes_check(const struct vg *vg, unsigned *stripes, uint32_t *stripe_size);
/* The stripes and stripe size the LV's last segment has (lvextend's
 * default for the new extents). */
void lv_last_stripes(const struct lv *lv, unsigned *stripes, uint32_t *stripe_size);

/* A size as the commands give it: sectors (-L, rounded to whole extents,
 * up; down for a reduction), or extents, or a percentage of the VG's
 * extents, of its free extents, of the free extents of the PVs the request
 * names (the VG's extents when none), of the LV's own size (%LV, resize
 * only), of a snapshot's origin. A percentage is an upper limit: the LV
 * gets what the PVs have up to it (lvmgr/lv_size.h). */
enum lv_size_base { LV_SIZE_SECTORS, LV_SIZE_EXTENTS, LV_SIZE_PCT_VG, LV_SIZE_PCT_FREE,
		    LV_SIZE_PCT_PVS, LV_SIZE_PCT_ORIGIN, LV_SIZE_PCT_LV };
struct lv_size {
	enum lv_size_base base;
	uint64_t value;
};

struct lv_create_params {
	const char *name;		/* NULL: the next lvol<N> */
	const struct segtype *segtype;	/* striped (linear with one stripe), zero, error */
	struct lv_size size;		/* rounded up to whole stripes */
	unsigned stripes;		/* checked by lv_stripes_check */
	uint32_t stripe_size;
	char *const *pvs;		/* "pv", "pv:1-5", "@tag": allocate there only */
	unsigned n_pvs;
	const char *alloc;		/* the LV's policy; NULL or "inherit": the VG's */
	bool read_only;
	int64_t read_ahead;		/* -2 auto, -1 none, sectors */
	struct strlist tags;
	bool zero, wipe;		/* clear the start, wipe signatures in it */
	int activate;			/* 1, 0, or -1: when device-mapper is there */
	/* LVM2's named compat flags of the new LV ("ACTIVATION_SKIP",
	 * "NOAUTOACTIVATE"), in its order; and a persistent minor (-My). */
	const char **compat_flags;
	unsigned n_compat_flags;
	bool fixed_minor;
	int64_t major, minor;
	/* raid1 (segtype with SEGTYPE_RAID): mirrors + 1 images; region
	 * size in sectors (0: activation/raid_region_size); nosync: the
	 * images are taken as in sync (NOTSYNCED), no initial resync. */
	unsigned mirrors;
	uint32_t region_size;
	bool nosync;
	uint32_t min_recovery_rate, max_recovery_rate;	/* raid1: KiB/s per device, 0: none */
	bool disk_log;			/* mirror: --mirrorlog disk (else core) */
	bool mirrored_log;		/* mirror: --mirrorlog mirrored (with disk_log) */
};

/* Create the LV in vg, commit, clear its start, activate it (an LV that
 * cannot be activated is removed again). *out: the new LV. */
int lv_create(struct ctx *x, struct vg *vg, const struct lv_create_params *p, struct lv **out);

enum lv_resize_mode { LV_RESIZE_ANY, LV_RESIZE_EXTEND, LV_RESIZE_REDUCE };

struct lv_resize_params {
	enum lv_resize_mode mode;	/* lvresize, lvextend, lvreduce */
	char sign;			/* '+' / '-': size is a change; 0: the new size */
	struct lv_size size;
	unsigned stripes;		/* of added extents (lv_last_stripes by default) */
	uint32_t stripe_size;
	char *const *pvs;
	unsigned n_pvs;
	const char *alloc;		/* NULL or "inherit": the LV's, else the VG's */
	/* Asked before a reduction, which destroys the data past the new end;
	 * false: nothing is changed (-ECANCELED). NULL: no question. */
	bool (*confirm_reduce)(void *arg, const struct vg *vg, const struct lv *lv);
	void *confirm_arg;
	/* Called with the final new size before anything changes (after the
	 * question): -r's filesystem checks and shrink. Non-zero: nothing is
	 * changed, that is returned. NULL: none. */
	int (*prepare)(void *arg, const struct vg *vg, const struct lv *lv, uint64_t new_extents);
	void *prepare_arg;
};

/* Resize lv to the size asked (rounded to whole stripes), commit, reload
 * an active LV (a failed reload puts the old size back). *old_extents:
 * the size before. */
int lv_resize(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_resize_params *p,
	      uint64_t *old_extents);

struct lv_remove_params {
	bool force;	/* take down open LVs too */
	/* Asked before each LV goes (active: it is active now); false:
	 * nothing is removed (-ECANCELED). NULL: no question. */
	bool (*confirm)(void *arg, const struct vg *vg, const struct lv *lv, bool active);
	void *confirm_arg;
	/* Called with the LVs out of the model, before the commit: the
	 * caller's own change in the same commit (vgreduce --removemissing
	 * drops the missing PVs); -errno stops before anything is written. */
	int (*before_commit)(void *arg, struct vg *vg);
	void *before_commit_arg;
};

/* Remove lvs[0..n-1] of vg: each must be visible, used by no other LV and
 * of a type lvmgr manages; active ones are deactivated first; then one
 * commit. Nothing is removed when one of them cannot be. */
int lv_remove(struct ctx *x, struct vg *vg, struct lv *const *lvs, unsigned n,
	      const struct lv_remove_params *p);

struct lv_raid_convert_params {
	unsigned images;		/* the image count wanted: 1 = linear */
	char *const *pvs;		/* where new images may go (none: any PV) */
	unsigned n_pvs;
	const char *alloc;
	/* lv_raid_repair: also replace the images on these PVs
	 * (lvconvert --replace) */
	char *const *replace;
	unsigned n_replace;
};

/* lvconvert -m: a linear LV to raid1, a raid1 LV to more or fewer images
 * or back to linear (lv_raid_convert.c), as LVM2: lv must be active; new
 * images are rebuilt by the kernel. */
int lv_raid_convert(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_raid_convert_params *p);
/* lvconvert --repair of a raid1 LV (lv_raid_repair.c), as LVM2's
 * lv_raid_replace: its images on missing PVs or dead in the kernel are
 * replaced by new ones on p->pvs (none: any PV without an image), which
 * the kernel rebuilds; lv must be active and in sync (p->images unused).
 * With p->replace, the images on those PVs too (lvconvert --replace). */
int lv_raid_repair(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_raid_convert_params *p);
/* Is lv on a missing PV, directly or through its sub-LVs (LVM2's
 * lv_is_partial after vg_mark_partial_lvs)? */
bool lv_is_partial(const struct vg *vg, const struct lv *lv);
/* vgreduce --removemissing --force of raid1 LV lv: its image and metadata
 * LVs on missing PVs get one error segment each (LVM2's
 * lv_raid_remove_missing); the caller commits and reloads. */
int lv_raid_remove_missing(struct ctx *x, struct vg *vg, struct lv *lv);

/* lvconvert --splitmirrors: count images of a raid1 or mirror LV become
 * the new LV name (lv_raid_split.c, LVM2's rules and messages); confirm
 * asks the question LVM2 asks when the LV loses all resilience. */
struct lv_split_params {
	unsigned count;
	const char *name;
	char *const *pvs;		/* the image goes from these PVs (none: the last) */
	unsigned n_pvs;
	bool yes;
	bool (*confirm)(void *arg, const char *question);
	void *confirm_arg;
};
int lv_split_images(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_split_params *p);

/* lvconvert --type raid1 of an active, in-sync mirror LV (LVM2's
 * mirror -> raid1: rmeta per image, mimage -> rimage, no log;
 * lv_mirror_convert.c). */
int lv_mirror_to_raid1(struct ctx *x, struct vg *vg, struct lv *lv);
/* lvconvert --type mirror of raid1 LV lv (lvmgr/lv_mirror_convert.c):
 * active, in sync, confirmed (unless yes: the question without
 * " [y/n]: "); the new disk log on the PVs given (none: any). */
struct lv_to_mirror_params {
	char *const *pvs;
	unsigned n_pvs;
	bool yes;
	bool (*confirm)(void *arg, const char *question);
	void *confirm_arg;
};
int lv_raid1_to_mirror(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_to_mirror_params *p);

/* lvconvert --repair of a mirror LV (lv_mirror_repair.c), as LVM2's
 * _lvconvert_mirrors_repair: its images and log on missing PVs removed
 * (one image left: the LV becomes linear); then, as decide answers
 * (called with the failed image and log counts: LVM2's questions or
 * policies), replaced on p->pvs (none: any PV) as far as space allows.
 * An LV with nothing failed: "consistent", 0, nothing written. */
struct lv_mirror_repair_params {
	char *const *pvs;
	unsigned n_pvs;
	const char *alloc;
	void (*decide)(void *arg, unsigned failed_images, unsigned failed_logs, bool *replace_images,
		       bool *replace_log);
	void *decide_arg;
	bool background;		/* -b: a linear -> mirror up-conversion is not polled */
};
/* *poll: the conversion is to be polled to its end (LVM2's need_polling:
 * lv_mirror_wait_converted, then lv_mirror_collapse), by the caller or a
 * poller it starts. */
int lv_mirror_repair(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_mirror_repair_params *p, bool *poll);
/* lvconvert -m [+|-]N of a mirror LV, --type mirror -m N of a linear LV
 * (lv_mirror_images.c, LVM2's _lvconvert_mirrors_aux): fewer images (the
 * ones on p->pvs first, else the last; one left: linear on it, the log
 * gone, the LV's id kept) or linear -> mirror with p->logs disk logs (0 or
 * 1; the kernel syncs the new images: *poll says the caller waits for it,
 * lv_mirror_wait_converted, unless p->background, as LVM2); more images
 * (resynced, *poll too, also with p->background: a disk-log mirror goes
 * through LVM2's temporary LV_mimagetmp_K layer, which lv_mirror_collapse
 * ends once in sync, by the caller or a poller it starts). */
struct lv_mirror_images_params {
	unsigned images;		/* the image count wanted: 1 = linear */
	int logs;			/* disk logs wanted: 0, 1, -1: as now (linear: 1) */
	uint32_t region;		/* region size (sectors), 0: the mirror's or the default */
	char *const *pvs;
	unsigned n_pvs;
	const char *alloc;
	bool background;		/* -b: linear -> mirror is not polled */
};
int lv_mirror_images(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_mirror_images_params *p, bool *poll);
/* LVM2's poll of a mirror conversion: "VG/LV: Converted: P%" now, every
 * interval seconds (0: 15) and when in sync; false when the kernel has no
 * sync status for it (inactive). */
bool lv_mirror_wait_converted(struct ctx *x, struct vg *vg, struct lv *lv, unsigned interval);
/* LVM2's CONVERTING (_is_converting when it reads the metadata): a mirror
 * whose first area is an LV named *_mimagetmp*, the -m +N layer; lv_attr
 * 'c', lv_converting, lvdisplay's "Mirror undergoing conversion". */
bool lv_mirror_is_converting(const struct lv *lv);
/* LVM2's _original_lv (tools/lvconvert.c): the mirror under lv's
 * temporary LV_mimagetmp_K layers, the one whose log a log change is about;
 * lv itself when it has none. */
struct lv *lv_mirror_original(const struct vg *vg, struct lv *lv);
/* The end of a disk-log mirror's -m +N once in sync (LVM2's
 * collapse_mirrored_lv): 1 done, 0 no layer, -errno (-EAGAIN: not in sync). */
int lv_mirror_collapse(struct ctx *x, struct vg *vg, struct lv *lv);
/* vgreduce --removemissing --force of mirror LV lv (LVM2's
 * mirror_remove_missing): the same removal, not committed; *gone: the
 * LVs that left the VG (their devices go after the caller's commit and
 * reload of lv). -ENOENT when no image is left: lv and its sub-LVs left
 * the VG too (LVM2 removes the LV). */
int lv_mirror_remove_missing(struct ctx *x, struct vg *vg, struct lv *lv, struct lv ***gone, unsigned *n_gone);

/* lvconvert --mirrorlog of mirror LV lv (lvmgr/lv_mirror_log.c): to
 * `logs` 0 (core), 1 (disk) or 2 (mirrored) logs, as LVM2's
 * _lv_update_log_type; confirm (unless yes) asks before an inactive
 * mirror's log goes (question without " [y/n]: "). 0 also when the log is
 * already of that type (nothing written); -errno logged. */
struct lv_mirror_log_params {
	unsigned logs;
	char *const *pvs;
	unsigned n_pvs;
	const char *alloc;
	bool yes;
	bool (*confirm)(void *arg, const char *question);
	void *confirm_arg;
};
int lv_mirror_log_convert(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_mirror_log_params *p);

/* Rename LV old of the VG vgname to new_name: the request is checked
 * first (the LV name rules, a different name: -EINVAL), then the VG is
 * locked and read, the rename committed and the active device renamed. */
int lv_rename(struct ctx *x, const char *vgname, const char *old, const char *new_name);

/* LVM2's name of lv's type in its command definitions (tools/lv_types.h,
 * checked in get_lvt_enum's order: snapshot for a COW LV, linear,
 * striped, thin, thinpool, mirror, raid, error, zero, ...). */
const char *lv_lvm2_type(const struct vg *vg, const struct lv *lv);
/* A command whose definition does not take lv's type: LVM2's two lines
 * ("Command on LV VG/LV does not accept LV type T.", "Command not
 * permitted on LV VG/LV."). */
void lv_type_refused(const struct vg *vg, const struct lv *lv);

#endif
