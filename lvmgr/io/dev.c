#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lvmgr/io/dev.h"

int dev_open(struct device *d, const char *path, bool rw, bool excl, char *err, size_t errlen)
{
	struct stat st;
	int fd, flags = (rw ? O_RDWR : O_RDONLY) | O_CLOEXEC;

	memset(d, 0, sizeof(*d));
	d->fd = d->dfd = -1;
	d->path = path;
	if (stat(path, &st)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	if (S_ISBLK(st.st_mode)) {
		if (excl && rw)
			flags |= O_EXCL;
	} else if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a block device or regular file", path);
		return -ENOTBLK;
	}
	fd = open(path, flags);
	if (fd < 0) {
		int e = errno;
		if (e == EBUSY)
			snprintf(err, errlen, "Can't open %s exclusively.  Mounted filesystem?", path);
		else
			snprintf(err, errlen, "%s: %s", path, strerror(e));
		return -e;
	}
	if (fstat(fd, &st)) {
		int e = errno;
		close(fd);
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		return -e;
	}
	if (S_ISBLK(st.st_mode)) {
		uint64_t size;
		/* Another tool (LVM2 writes with O_DIRECT, device-mapper maps the
		 * data area) may have changed the disk behind the block device's
		 * page cache: drop what is cached so reads see the disk. */
		posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
		if (ioctl(fd, BLKGETSIZE64, &size)) {
			int e = errno;
			close(fd);
			snprintf(err, errlen, "%s: cannot get the device size: %s", path, strerror(e));
			return -e;
		}
		d->size = size;
		d->rdev = st.st_rdev;
		/* Metadata is written in 512-byte units: straight to the disk
		 * (as LVM2 does), without a read-modify-write of the partial
		 * pages around it in the page cache, when the device takes
		 * 512-byte sectors. Anything else goes through fd. */
		int ssz = 0;
		struct stat ds;
		if (rw && !ioctl(fd, BLKSSZGET, &ssz) && ssz > 0 && ssz <= 512 &&
		    (d->dfd = open(path, O_RDWR | O_DIRECT | O_CLOEXEC)) >= 0 &&
		    (fstat(d->dfd, &ds) || ds.st_rdev != st.st_rdev)) {
			close(d->dfd);	/* the path now names another device */
			d->dfd = -1;
		}
	} else {
		d->size = (uint64_t)st.st_size;
		d->is_file = true;
	}
	d->st_dev = st.st_dev;
	d->ino = st.st_ino;
	d->fd = fd;
	d->rw = rw;
	return 0;
}

void dev_close(struct device *d)
{
	if (d && d->fd >= 0) {
		close(d->fd);
		d->fd = -1;
	}
	if (d && d->dfd >= 0) {
		close(d->dfd);
		d->dfd = -1;
	}
}

bool dev_same(const struct device *a, const struct device *b)
{
	if (!a->is_file && !b->is_file)
		return a->rdev == b->rdev;
	return a->is_file == b->is_file && a->st_dev == b->st_dev && a->ino == b->ino;
}
