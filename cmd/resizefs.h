/* lvextend/lvreduce/lvresize -r|--resizefs: the filesystem on the LV
 * resized with the LV, as LVM2 2.03.16 does it through fsadm (facts from
 * its scripts/fsadm.sh): ext2/3/4 grow online or offline and shrink
 * offline after a forced fsck; xfs grows (mounted, or mounted for the
 * time of xfs_growfs) and never shrinks. What the filesystem cannot do is
 * refused before the LV changes. */
#ifndef LVMGR_CMD_RESIZEFS_H
#define LVMGR_CMD_RESIZEFS_H

#include "cmd/common.h"

struct fs_resize {
	struct cmd *c;
	char dev[300];		/* /dev/mapper/<dm name> */
	char type[32];		/* "ext4", "xfs", ... */
	char mnt[4096];		/* where it is mounted, "" when not */
};

/* Before anything: the LV must be active (LVM2's words otherwise) and
 * hold a filesystem lvmgr can resize. 0 or -errno logged. */
int fs_resize_start(struct cmd *c, const struct vg *vg, const struct lv *lv, struct fs_resize *fs);
/* lv_resize's prepare hook (arg: the struct fs_resize): for the new size,
 * refuse what the filesystem cannot do; shrink it (after fsck) before a
 * reduction; fsck an unmounted ext filesystem before a growth. */
int fs_resize_before(void *arg, const struct vg *vg, const struct lv *lv, uint64_t new_extents);
/* After the LV grew and its table is live: grow the filesystem. */
int fs_resize_after(struct fs_resize *fs, const struct vg *vg, uint64_t old_extents, uint64_t new_extents);

#endif
