/* Devices: block devices or regular image files (lvmgr accepts files as
 * PVs; LVM2 needs them on loop devices). */
#ifndef LVMGR_DEV_H
#define LVMGR_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct device {
	const char *path;	/* as given/found (arena or static) */
	int fd;			/* -1 when not open */
	int dfd;		/* read-write block devices: an O_DIRECT descriptor for
				 * whole-sector writes of 512-byte sector devices, or -1 */
	uint64_t size;		/* bytes */
	bool is_file;		/* a regular file used as a PV */
	bool rw;
	dev_t rdev;		/* block devices: major:minor */
	dev_t st_dev;		/* files: containing fs */
	ino_t ino;
};

/* Open path read-only or read-write and learn its size. -errno with err
 * saying why ("/x: No such file or directory", "/x: not a block device or
 * regular file"). An exclusive open (O_EXCL) is used for block devices
 * when excl is set, so a mounted or otherwise claimed device is refused. */
int dev_open(struct device *d, const char *path, bool rw, bool excl, char *err, size_t errlen);
void dev_close(struct device *d);
/* Same underlying device/file? */
bool dev_same(const struct device *a, const struct device *b);

#endif
