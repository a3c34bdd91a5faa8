#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/loop.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "lvmgr/io/loop.h"
#include "lvmgr/base/util.h"

/* /sys/block/loopN/loop/backing_file names the file (maybe " (deleted)"). */
static int find_existing(const char *real, dev_t *rdev, char *devpath, size_t devlen)
{
	DIR *d = opendir("/sys/block");
	struct dirent *e;
	int found = -ENOENT;

	if (!d)
		return -ENOENT;
	while ((e = readdir(d)) && found) {
		char p[PATH_MAX], buf[PATH_MAX + 16];
		FILE *f;
		if (strncmp(e->d_name, "loop", 4))
			continue;
		snprintf(p, sizeof(p), "/sys/block/%s/loop/backing_file", e->d_name);
		if (!(f = fopen(p, "re")))
			continue;
		if (fgets(buf, sizeof(buf), f)) {
			buf[strcspn(buf, "\n")] = '\0';
			if (!strcmp(buf, real)) {
				struct stat st;
				snprintf(devpath, devlen, "/dev/%s", e->d_name);
				if (!stat(devpath, &st) && S_ISBLK(st.st_mode)) {
					*rdev = st.st_rdev;
					found = 0;
				}
			}
		}
		fclose(f);
	}
	closedir(d);
	return found;
}

int loop_for_file(const char *path, bool attach, dev_t *rdev, int *hold_fd, char *devpath,
		  size_t devlen)
{
	char real[PATH_MAX];
	int ctl, n, lfd, ffd, r;
	struct loop_info64 info;
	struct stat st;

	*hold_fd = -1;
	if (!realpath(path, real)) {
		log_error("%s: %s", path, strerror(errno));
		return -errno;
	}
	if (!find_existing(real, rdev, devpath, devlen))
		return 0;
	if (!attach)
		return -ENOENT;
	if ((ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC)) < 0 && errno == ENOENT) {
		/* The loop driver may be a module nobody loaded yet. */
		if (system("modprobe loop >/dev/null 2>&1") == 0)
			ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
		else
			errno = ENOENT;
	}
	if (ctl < 0) {
		log_error("Cannot attach %s to a loop device: /dev/loop-control: %s", path, strerror(errno));
		return -errno;
	}
	if ((ffd = open(real, O_RDWR | O_CLOEXEC)) < 0) {
		r = -errno;
		close(ctl);
		log_error("%s: %s", path, strerror(-r));
		return r;
	}
	/* Another process may take the free device between the two calls. */
	for (int tries = 0; tries < 16; tries++) {
		if ((n = ioctl(ctl, LOOP_CTL_GET_FREE)) < 0) {
			r = -errno;
			break;
		}
		snprintf(devpath, devlen, "/dev/loop%d", n);
		if ((lfd = open(devpath, O_RDWR | O_CLOEXEC)) < 0) {
			r = -errno;
			continue;
		}
		if (ioctl(lfd, LOOP_SET_FD, ffd)) {
			r = -errno;
			close(lfd);
			if (r == -EBUSY)
				continue;
			break;
		}
		memset(&info, 0, sizeof(info));
		info.lo_flags = LO_FLAGS_AUTOCLEAR;
		/* The kernel keeps only the first 63 characters (informational). */
		memcpy(info.lo_file_name, real, strnlen(real, sizeof(info.lo_file_name) - 1));
		if (ioctl(lfd, LOOP_SET_STATUS64, &info)) {
			r = -errno;
			ioctl(lfd, LOOP_CLR_FD, 0);
			close(lfd);
			break;
		}
		if (fstat(lfd, &st)) {
			r = -errno;
			close(lfd);
			break;
		}
		*rdev = st.st_rdev;
		*hold_fd = lfd;
		close(ffd);
		close(ctl);
		log_verbose("Attached %s to %s.", path, devpath);
		return 0;
	}
	close(ffd);
	close(ctl);
	log_error("Cannot attach %s to a loop device: %s", path, strerror(-r));
	return r;
}
