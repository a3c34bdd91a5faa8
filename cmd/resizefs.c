/* --resizefs (resizefs.h). The programs are e2fsprogs' and xfsprogs', run
 * as fsadm runs them; their output goes to the command's. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd/resizefs.h"
#include "lvmgr/activate.h"
#include "lvmgr/devfilter.h"

/* argv's exit status (-1: could not run it); nothing in test mode. */
static int run_prog(struct fs_resize *fs, char *const argv[])
{
	int st;
	pid_t pid;
	log_verbose("Executing: %s %s %s", argv[0], argv[1] ? argv[1] : "", argv[1] && argv[2] ? argv[2] : "");
	if (fs->c->ctx.test)
		return 0;
	fflush(stdout);
	if ((pid = fork()) < 0)
		return -1;
	if (!pid) {
		execvp(argv[0], argv);
		fprintf(stderr, "  %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The mount point of device major:minor in /proc/self/mountinfo (octal
 * escapes decoded), or "". */
static void find_mount(unsigned major, unsigned minor, char *out, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[8192], want[32], mp[4096];
	out[0] = '\0';
	if (!f)
		return;
	snprintf(want, sizeof(want), "%u:%u", major, minor);
	while (fgets(line, sizeof(line), f)) {
		char dev[32];
		if (sscanf(line, "%*s %*s %31s %*s %4095s", dev, mp) != 2 || strcmp(dev, want))
			continue;
		size_t k = 0;
		for (const char *p = mp; *p && k + 1 < len; p++) {
			if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] && p[3]) {
				out[k++] = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
				p += 3;
			} else
				out[k++] = *p;
		}
		out[k] = '\0';
		break;
	}
	fclose(f);
}

int fs_resize_start(struct cmd *c, const struct vg *vg, const struct lv *lv, struct fs_resize *fs)
{
	const struct dmk_dev *dm = act_state(&c->ctx, vg, lv);
	struct dev_signature sigs[8];
	memset(fs, 0, sizeof(*fs));
	fs->c = c;
	if (!dm) {
		log_error("Logical volume %s/%s must be activated before resizing filesystem.", vg->name, lv->name);
		return -EINVAL;
	}
	snprintf(fs->dev, sizeof(fs->dev), "/dev/mapper/%s", dm->name);
	int n = devsig_probe_range(fs->dev, 0, lv->size_extents * vg->extent_size * 512, sigs, 8);
	for (int i = 0; i < n && !fs->type[0]; i++)
		if (!strcmp(sigs[i].usage, "filesystem"))
			snprintf(fs->type, sizeof(fs->type), "%s", sigs[i].type);
	if (!fs->type[0]) {
		log_error("Cannot resize the filesystem of %s/%s: no filesystem found on %s.", vg->name, lv->name,
			  fs->dev);
		log_error("Filesystem check failed.");
		return -EINVAL;
	}
	if (strcmp(fs->type, "ext2") && strcmp(fs->type, "ext3") && strcmp(fs->type, "ext4") &&
	    strcmp(fs->type, "xfs")) {
		/* fsadm's words for a type it has no resizer for */
		log_error("Resizing filesystem \"%s\" on device \"%s\" is not supported by this tool.", fs->type,
			  fs->dev);
		log_error("Filesystem check failed.");
		return -ENOTSUP;
	}
	find_mount(dm->major, dm->minor, fs->mnt, sizeof(fs->mnt));
	return 0;
}

static bool is_ext(const struct fs_resize *fs)
{
	return !strncmp(fs->type, "ext", 3);
}

/* e2fsck -f -p: 0 and 1 (errors corrected) are good, as fsadm's accept_0_1. */
static int ext_fsck(struct fs_resize *fs)
{
	char *argv[] = {"e2fsck", "-f", "-p", fs->dev, NULL};
	int r = run_prog(fs, argv);
	if (r != 0 && r != 1) {
		log_error("Failed to fsck %s", fs->dev);
		log_error("Filesystem check failed.");
		return -EIO;
	}
	return 0;
}

static int ext_resize(struct fs_resize *fs, const struct vg *vg, uint64_t extents)
{
	char size[32];
	snprintf(size, sizeof(size), "%" PRIu64 "K", extents * vg->extent_size / 2);
	char *argv[] = {"resize2fs", fs->dev, size, NULL};
	if (run_prog(fs, argv)) {
		log_error("Filesystem resize failed.");
		return -EIO;
	}
	return 0;
}

int fs_resize_before(void *arg, const struct vg *vg, const struct lv *lv, uint64_t new_extents)
{
	struct fs_resize *fs = arg;
	bool shrink = new_extents < lv->size_extents;
	if (!strcmp(fs->type, "xfs")) {
		if (shrink) {
			log_error("Xfs filesystem shrinking is unsupported.");
			log_error("Filesystem resize failed.");
			return -ENOTSUP;
		}
		return 0;
	}
	if (shrink && fs->mnt[0]) {
		/* fsadm asks to unmount it; lvmgr leaves that to the admin */
		log_error("Cannot proceed with mounted filesystem \"%s\": %s shrinks only unmounted (umount it first).",
			  fs->mnt, fs->type);
		log_error("Filesystem resize failed.");
		return -EBUSY;
	}
	if (!fs->mnt[0] && ext_fsck(fs))
		return -EIO;
	return shrink ? ext_resize(fs, vg, new_extents) : 0;
}

int fs_resize_after(struct fs_resize *fs, const struct vg *vg, uint64_t old_extents, uint64_t new_extents)
{
	if (new_extents <= old_extents)
		return 0;
	if (is_ext(fs))
		return ext_resize(fs, vg, new_extents);
	/* xfs grows mounted only: a temporary mount point when it is not */
	char tmp[] = "/tmp/lvmgr_fsadm_XXXXXX";
	const char *mp = fs->mnt;
	int r = 0;
	if (!mp[0]) {
		if (fs->c->ctx.test)
			return 0;
		if (!mkdtemp(tmp)) {
			log_error("Cannot make a temporary mount point: %s", strerror(errno));
			return -EIO;
		}
		char *mnt[] = {"mount", "-t", "xfs", fs->dev, tmp, NULL};
		if (run_prog(fs, mnt)) {
			log_error("Cannot mount Xfs filesystem.");
			rmdir(tmp);
			return -EIO;
		}
		mp = tmp;
	}
	char *grow[] = {"xfs_growfs", (char *)mp, NULL};
	if (run_prog(fs, grow)) {
		log_error("Filesystem resize failed.");
		r = -EIO;
	}
	if (mp == tmp) {
		char *um[] = {"umount", tmp, NULL};
		if (run_prog(fs, um))
			log_error("Failed to umount \"%s\".", tmp);
		rmdir(tmp);
	}
	return r;
}
