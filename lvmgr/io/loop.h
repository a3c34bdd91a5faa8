/* Image-file PVs on the kernel: a loop device per image, attached on
 * activation with autoclear, so it goes away with its last LV. */
#ifndef LVMGR_LOOP_H
#define LVMGR_LOOP_H

#include <stdbool.h>
#include <sys/types.h>

/* The loop device already backed by path, or a new one (attach = true).
 * On success *rdev is its device number and *hold_fd an open fd that keeps
 * an autoclear loop alive until the caller's dm table holds it (close it
 * afterwards; -1 when nothing to hold). -errno with a message. */
int loop_for_file(const char *path, bool attach, dev_t *rdev, int *hold_fd, char *devpath,
		  size_t devlen);

#endif
