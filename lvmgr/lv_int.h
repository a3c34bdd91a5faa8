/* What the LV API's files share below lv_api.h (lv_api.c, lv_raid.c,
 * lv_snapshot.c, lv_thin.c): the VG as the allocator sees it, the policy an allocation
 * uses, adding an LV to the VG's list, lv_api.c's building blocks: the same
 * rules in one place. Not for the commands. */
#ifndef LVMGR_LV_INT_H
#define LVMGR_LV_INT_H

#include "allocator/alloc.h"
#include "lvmgr/lv_api.h"

/* Every PV of vg with the extents its LVs use (vg order). */
struct alloc_pv *lv_alloc_pvs(struct arena *a, const struct vg *vg);
/* The policy p names; NULL or "inherit": lv's, then vg's, then normal. */
enum alloc_policy lv_alloc_policy(const char *p, const struct vg *vg, const struct lv *lv);
/* PV arguments ("pv", "pv:1-5", "@tag") as the allocator takes them;
 * -ENOENT (logged) for a PV not in vg. */
int lv_pv_args(struct ctx *x, struct vg *vg, char *const *args, unsigned n, struct alloc_pv_arg **out);
/* LVM2's lv_is_on_pvs: an area of lv on one of the PVs (or tags) of pa
 * (lv_raid_convert.c). */
bool lv_on_pv_args(const struct lv *lv, const struct alloc_pv_arg *pa, unsigned npa);
/* A raid sub-LV on a missing PV or of error segments only, or none
 * (LVM2's _sublv_is_degraded; lv_raid_repair.c). */
bool lv_raid_sub_degraded(const struct lv *l);
/* Zero the first len bytes of LV s through its PV mapping (lv_raid.c). */
int lv_raid_zero_lv(struct ctx *x, const struct vg *vg, const struct lv *s, uint64_t len);
/* Append lv to vg->lvs. */
void lv_vg_add(struct arena *a, struct vg *vg, struct lv *lv);

/* lv_raid.c: a hidden sub-LV of lv named lv's name + suffix (READ, WRITE,
 * created at ctime), not yet in the VG; and a linear piece appended to
 * sub-LV s (merged with its last segment when it continues it on pv). */
struct lv *lv_sub_new(struct ctx *x, const struct lv *lv, const char *suffix, uint64_t ctime);
void lv_sub_add_linear(struct arena *a, struct lv *s, struct pv *pv, uint64_t pe, uint64_t len);
/* lv_raid.c: the hidden image and metadata LVs of a new raid1 LV lv
 * (p->mirrors + 1 images of `extents` extents each), allocated as LVM2
 * does, added to vg (before lv itself, which the caller adds), and lv's
 * raid1 segment. 0, or -ENOSPC/-EINVAL logged. */
int lv_raid_layout(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_create_params *p, bool approx,
		   uint64_t extents, const struct alloc_pv_arg *pa);
/* lv_mirror.c: the same for a new mirror LV: LV_mimage_K, and LV_mlog
 * when p->disk_log (itself a 2-way mirror of LV_mlog_mimage_0/1 when
 * p->mirrored_log). */
int lv_mirror_layout(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_create_params *p,
		     uint64_t extents, const struct alloc_pv_arg *pa);
/* lv_mirror.c: lv's one segment of type st (mirror, raid1) over imgs[0..n)
 * (NULL: the areas left to the caller), its seg_raid with the region and
 * LVM2's data_offset/extents_moved; lv's size is the segment's. */
struct lv_seg *lv_mirrored_seg(struct ctx *x, struct lv *lv, const struct segtype *st, uint64_t extents, uint32_t region,
			       struct lv *const *imgs, unsigned n);
/* lv_mirror.c: the extents of a disk log for `extents` LV extents
 * (LVM2's _mirror_log_extents). */
uint64_t lv_mirror_log_extents(uint32_t region, uint32_t extent_size, uint64_t extents);
/* lv_mirror.c: a new log LV_mlog of `len` extents for mirror lv with
 * images img[0..n) (`count` 2: a mirrored log, LV_mlog_mimage_0/1), placed
 * as LVM2's separate log allocation (alloc_log_areas), added to vg; *out:
 * LV_mlog. 0, or -ENOSPC/-EINVAL logged (nothing added). */
int lv_mirror_place_log(struct ctx *x, struct vg *vg, struct lv *lv, struct lv *const *img, unsigned n, uint64_t len,
			uint32_t region, unsigned count, const struct alloc_pv_arg *pa, unsigned npa,
			enum alloc_policy policy, struct lv **out);
/* lv_mirror_log.c: the content LVM2's _init_mirror_log gives a new log LV (0xff or 0 and
 * the disk log header; a mirrored log: each image); nothing in test mode. */
int lv_mirror_log_init(struct ctx *x, const struct vg *vg, const struct lv *log, bool in_sync);
/* lv_mirror_repair.c, shared with lv_mirror_images.c: the VG's LV list
 * and lv's own fields, to put back after a failure; a commit then, when
 * active, lv's reload (nosync: its mirror table says "nosync"), the
 * snapshot put back and committed again on failure, the devices of gone[]
 * removed on success; the sync percentage of an active mirror (or -1);
 * LVM2's poll lines "VG/LV: Converted: P%" until it is in sync; linear ->
 * mirror of `images` images with `logs` (0/1) disk logs, as LVM2's
 * lv_add_mirrors (*poll: the caller waits for the sync). */
struct lv_mirror_snap {
	struct lv **lvs;
	unsigned n_lvs;
	struct lv_seg *segs;
	unsigned n_segs;
	uint64_t size_extents;
	uint32_t status;
};
void lv_mirror_snap_take(struct ctx *x, const struct vg *vg, const struct lv *lv, struct lv_mirror_snap *s);
int lv_mirror_commit_reload(struct ctx *x, struct vg *vg, struct lv *lv, bool active, bool nosync,
			    const struct lv_mirror_snap *s, struct lv *const *gone, unsigned n_gone);
double lv_mirror_sync_percent(struct ctx *x, struct vg *vg, struct lv *lv);
int lv_mirror_from_linear(struct ctx *x, struct vg *vg, struct lv *lv, unsigned images, unsigned logs, uint32_t region,
			  const struct lv_mirror_repair_params *p, bool *poll);
/* 0, or -ENOTSUP logged ("Can't <what> VG/LV: ...") when lv is a mirror
 * whose log is itself a mirror: lvmgr creates, activates, renames and
 * removes those and turns them into a core log (lv_mirror_log.c), and
 * changes them no other way yet. */
int lv_mirror_log_check(const struct vg *vg, const struct lv *lv, const char *what);
/* A new raid1/mirror LV's region size (sectors): region, or when 0
 * activation/raid_region_size; then LVM2's adjusted_mirror_region_size:
 * cut to the largest power of 2 not above the LV's size, with its message. */
uint32_t lv_region_for(struct ctx *x, const struct vg *vg, uint64_t extents, uint32_t region);
/* lv_region_for for a new raid1/mirror LV, with LVM2's --nosync warning */
uint32_t lv_create_region(struct ctx *x, const struct vg *vg, uint64_t extents, const struct lv_create_params *p,
			  const char *segtype);
/* Zero the metadata LVs of raid LV lv through their PV mapping (a stale
 * dm-raid superblock must not be taken for this array's), and the start
 * of each image when zero is set. */
int lv_raid_wipe(struct ctx *x, struct vg *vg, const struct lv *lv, bool zero);
/* The hidden sub-LVs of a raid or mirror LV lv (images, metadata, log), NULL-ended,
 * in the arena; NULL when lv has none. */
struct lv **lv_raid_sub_lvs(struct arena *a, const struct vg *vg, const struct lv *lv, unsigned *n);
/* lv_raid_convert.c: allocate meta (an rmeta LV, not yet in the VG) for
 * image img of raid LV lv on img's first PV, as LVM2 places it. */
int lv_raid_meta_beside(struct ctx *x, struct vg *vg, struct lv *lv, struct lv *img, uint32_t region,
			struct lv *meta);
/* lvextend of raid1 LV lv by add extents: every image grows on its own
 * PVs (lv_raid.c). 0, or -ENOSPC/-ENOTSUP logged. */
int lv_raid_extend(struct ctx *x, struct vg *vg, struct lv *lv, uint64_t add, const char *alloc);
/* 0 when lvextend/lvreduce can resize raid1 or mirror LV lv, else its
 * error logged and -errno. */
int lv_raid_resize_check(const struct vg *vg, const struct lv *lv);
/* LVM2's refusal to resize lv when it is a raid1 or mirror sub-LV. */
int lv_raid_sub_resize_check(const struct vg *vg, const struct lv *lv);
/* Reload the active image LVs of raid1 or mirror LV lv (after a resize). */
int lv_raid_reload_images(struct ctx *x, struct vg *vg, struct lv *lv);
/* lv_raid_convert.c: the PVs of the arguments pa (all when npa is 0)
 * that are present and hold none of used[0..nused); and `count` new
 * (rmeta, rimage) pairs named LV_rmeta_K/LV_rimage_K from K = first, of
 * `extents` image extents each, allocated on them as lvconvert -m does
 * (not yet in the VG); the extents of one pair. */
uint64_t lv_raid_pair_extents(const struct vg *vg, uint64_t extents, uint32_t region);
struct alloc_pv_arg *lv_raid_free_pv_args(struct ctx *x, const struct vg *vg, struct lv *const *used, unsigned nused,
					 const struct alloc_pv_arg *pa, unsigned npa, unsigned *n);
int lv_raid_alloc_pairs(struct ctx *x, struct vg *vg, struct lv *lv, unsigned first, unsigned count, uint64_t extents,
			uint32_t region, const struct alloc_pv_arg *pa, unsigned npa, const char *alloc,
			struct lv **metas, struct lv **imgs);
/* Rename sub-LV sub of raid LV lv for lv's new name ("<lv>_rimage_K"
 * becomes "<new>_rimage_K") and the references of lv's segments to it.
 * -EEXIST (logged) when the VG has an LV of that name. */
int lv_raid_sub_rename(struct ctx *x, struct vg *vg, struct lv *lv, struct lv *sub, const char *new_name);
/* sub (an image, metadata or log LV of lv) named nn, lv's segments
 * following; new_name is the LV's new name, for the messages. */
int lv_raid_sub_set_name(struct ctx *x, struct vg *vg, struct lv *lv, struct lv *sub, const char *new_name,
			 const char *nn);

/* lv_api.c's building blocks for lv_snapshot.c and lv_thin.c */
/* A size request in extents (LVM2's rounding and messages); lv: the base
 * of LV_SIZE_PCT_ORIGIN. 0, or -EINVAL logged. */
int lvi_size_extents(const struct vg *vg, const struct lv *lv, const struct lv_size *s, char sign,
		     const struct alloc_pv_arg *pa, unsigned n, uint64_t *out);
/* A new LV's attributes from p (name, id, status, time, host, policy,
 * read-ahead, tags); no segments. */
struct lv *lvi_new_lv(struct ctx *x, const char *name, const struct lv_create_params *p);
/* LVM2's generate_lv_name: fmt ("lvol%d", "snapshot%d") with one more
 * than the highest number of that form in the VG. */
const char *lvi_new_name(struct ctx *x, const struct vg *vg, const char *fmt);
/* lvcreate's name rule, logged; -EINVAL, -EEXIST. */
int lvi_check_lv_name(const struct vg *vg, const char *name);
/* Allocate extents more for lv (vg->n_lvs as lv_index for a new LV). */
/* A request (req) the allocator could not meet in full: with approx (a
 * size in percent, LVM2's approx_alloc) the largest k in 1..hi whose size
 * size(k, arg) it meets is taken, its allocation in *res, and LVM2's
 * verbose line says the LV gets k * unit of the extents asked for; *got is
 * k. Without approx, or when not even k = 1 fits, the allocator's or
 * LVM2's error is logged: -ENOSPC. req->extents is changed. */
int lvi_alloc_largest(struct ctx *x, const struct alloc_pv *apvs, unsigned n_pvs, struct alloc_request *req,
		      const struct alloc_result *failed, bool approx, uint64_t extents, uint64_t hi, uint64_t unit,
		      uint64_t (*size)(uint64_t k, const void *arg), const void *arg, struct alloc_result *res,
		      uint64_t *got);
int lvi_grow(struct ctx *x, struct vg *vg, struct lv *lv, unsigned lv_index, uint64_t extents, unsigned stripes,
	     uint32_t stripe_size, const char *alloc, const struct alloc_pv_arg *pa, unsigned npa);
/* Zero the first 4 KiB of lv through its PV mapping (no kernel needed). */
int lvi_zero_start(struct ctx *x, struct vg *vg, struct lv *lv);

/* lv_raid_split.c: the image of raid1/mirror lv to split off or track:
 * the highest index (LVM2 walks the areas from the end) whose image (or,
 * meta_too, its metadata LV) is on one of p's PVs, the last without PVs;
 * none is logged when no image is. */
struct lv_split_params;
int lv_split_pick_image(struct ctx *x, struct vg *vg, struct lv *lv, const struct lv_split_params *p, bool meta_too,
			const char *none, unsigned *out);
/* lv_raid_convert.c: the n images of raid1 lv (imgs, metas: its areas in
 * order) named LV_rimage_0..n-1 and LV_rmeta_0..n-1 again, as LVM2's
 * _shift_and_rename_image_components after an image left the middle;
 * committed, then their active devices renamed. */
/* lv_raid_region.c: raid lv in sync by the kernel's status (LVM2's
 * _raid_in_sync): else "Unable to determine sync status" when there is
 * none, then refusal; -EINVAL. */
int lv_raid_in_sync(struct ctx *x, const struct vg *vg, const struct lv *lv, const char *refusal);
int lv_raid_shift_names(struct ctx *x, struct vg *vg, struct lv *lv, struct lv **metas, struct lv **imgs, unsigned n);

#endif
