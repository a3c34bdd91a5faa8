/* Device filters and foreign-signature detection, following LVM2 2.03:
 * lib/filters/filter-regex.c (patterns), lib/device/dev-type.c (blkid
 * probing and wiping), lib/device/dev-mpath.c and dev-md.c (components). */
#include "lvmgr/devfilter.h"

#include <blkid.h>
#include <ctype.h>
#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "lvmgr/base/rx.h"

#define MPATH_PREFIX "mpath-"
#define WWIDS_FILE_DEFAULT "/etc/multipath/wwids"
#define MAX_WWID_LINE 512

/* ---- regex filters ---- */

struct dev_pattern {
	const struct rx *re;
	bool accept;
};

struct dev_filter {
	struct dev_pattern *pats;
	size_t n;
};

/* _extract_pattern(): "a|re|", "r/re/", "a(re)" ... The expression is
 * pat[2..*len + 2). */
static int parse_pattern(const char *pat, bool *accept, size_t *len, const char **why)
{
	size_t n = strlen(pat);
	char sep;

	switch (*pat) {
	case 'a':
		*accept = true;
		break;
	case 'r':
		*accept = false;
		break;
	default:
		*why = "Pattern must begin with 'a' or 'r'.";
		return -EINVAL;
	}
	if (n < 3) {
		*why = "Invalid separator at end of regex.";
		return -EINVAL;
	}
	switch (pat[1]) {
	case '(':
		sep = ')';
		break;
	case '[':
		sep = ']';
		break;
	case '{':
		sep = '}';
		break;
	default:
		sep = pat[1];
	}
	if (pat[n - 1] != sep) {
		*why = "Invalid separator at end of regex.";
		return -EINVAL;
	}
	*len = n - 3;
	return 0;
}

int dev_filter_new(struct arena *a, const struct cft_value *array, struct dev_filter **out,
		   char *err, size_t errlen)
{
	struct dev_filter *f;
	const struct cft_value *v;
	size_t count = 0, i = 0;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	if (!array)
		return 0;	/* no filter: accept all */
	if (array->type != CFT_ARRAY) {
		snprintf(err, errlen, "Filter patterns must be enclosed in quotes.");
		return -EINVAL;
	}
	for (v = array->items; v; v = v->next) {
		if (v->type != CFT_STRING || !v->s) {
			snprintf(err, errlen, "Filter patterns must be enclosed in quotes.");
			return -EINVAL;
		}
		count++;
	}
	f = arena_alloc(a, sizeof(*f));
	f->pats = arena_alloc(a, sizeof(*f->pats) * (count ? count : 1));
	for (v = array->items; v; v = v->next, i++) {
		const char *why = NULL;
		char msg[128];
		size_t len;

		if (parse_pattern(v->s, &f->pats[i].accept, &len, &why)) {
			snprintf(err, errlen, "Invalid filter pattern \"%s\": %s", v->s, why);
			return -EINVAL;
		}
		if (!(f->pats[i].re = rx_compile(a, v->s + 2, len, msg, sizeof(msg)))) {
			snprintf(err, errlen, "Invalid filter pattern \"%s\": %s", v->s, msg);
			return -EINVAL;
		}
	}
	f->n = count;
	*out = f;
	return 0;
}

int dev_filter_match(const struct dev_filter *f, const char *path)
{
	if (!f)
		return -1;
	for (size_t i = 0; i < f->n; i++)
		if (rx_match(f->pats[i].re, path))
			return f->pats[i].accept;
	return -1;
}

bool dev_filter_accepts(const struct dev_filter *f, const char *path)
{
	return dev_filter_match(f, path) != 0;
}

bool dev_filter_can_accept(const struct dev_filter *f)
{
	if (!f)
		return true;
	for (size_t i = 0; i < f->n; i++)
		if (f->pats[i].accept)
			return true;
	return false;
}

/* ---- signatures ---- */

static void copy_str(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

/* Collect every superblock and partition table magic the probe finds. */
static int probe_collect(blkid_probe pr, const char *path, struct dev_signature *sigs, size_t max)
{
	size_t n = 0;
	int rc;

	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_MAGIC | BLKID_SUBLKS_TYPE |
					      BLKID_SUBLKS_USAGE | BLKID_SUBLKS_BADCSUM);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_MAGIC);

	/* blkid_do_probe() steps through every match, wipefs style. */
	while ((rc = blkid_do_probe(pr)) == 0) {
		const char *type = NULL, *usage = NULL, *off = NULL;
		size_t len = 0;
		bool pt = false;

		if (!blkid_probe_lookup_value(pr, "TYPE", &type, NULL)) {
			blkid_probe_lookup_value(pr, "USAGE", &usage, NULL);
			if (blkid_probe_lookup_value(pr, "SBMAGIC_OFFSET", &off, NULL) ||
			    blkid_probe_lookup_value(pr, "SBMAGIC", NULL, &len))
				continue;
		} else if (!blkid_probe_lookup_value(pr, "PTTYPE", &type, NULL)) {
			pt = true;
			if (blkid_probe_lookup_value(pr, "PTMAGIC_OFFSET", &off, NULL) ||
			    blkid_probe_lookup_value(pr, "PTMAGIC", NULL, &len))
				continue;
		} else
			continue;
		if (n >= max)
			break;
		copy_str(sigs[n].type, sizeof(sigs[n].type), type);
		copy_str(sigs[n].usage, sizeof(sigs[n].usage), pt ? "partition table" : usage);
		sigs[n].offset = strtoull(off, NULL, 10);
		sigs[n].len = len;
		n++;
	}
	blkid_free_probe(pr);
	if (rc < 0) {
		if (path)	/* NULL: a prefetch thread, which logs nothing */
			log_error("%s: blkid probing failed.", path);
		return -EIO;
	}
	return (int)n;
}

/* blkid's probers read some forty pieces of a device, one after another:
 * most in its first and last 512 KiB, a sector at 1, 2 and 4 MiB and one
 * some 1.5 MiB before the end (libblkid 2.38). Those ranges are asked for
 * at once first (readahead into the page cache the probe reads through):
 * one round trip to the device instead of forty. The descriptor returned keeps the device open (the cache of a
 * block device goes with its last close) until the probe is done; -1:
 * nothing asked. */
static int probe_readahead(const char *path)
{
	uint64_t size = 0;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || !S_ISBLK(st.st_mode) || ioctl(fd, BLKGETSIZE64, &size) || size < (8u << 20)) {
		close(fd);
		return -1;
	}
	posix_fadvise(fd, 0, 512 << 10, POSIX_FADV_WILLNEED);
	for (uint64_t at = 1u << 20; at <= (4u << 20); at *= 2)
		posix_fadvise(fd, (off_t)at, 4096, POSIX_FADV_WILLNEED);
	posix_fadvise(fd, (off_t)(size - (512u << 10)), 512u << 10, POSIX_FADV_WILLNEED);
	posix_fadvise(fd, (off_t)(size - (1536u << 10) - 8192), 8192, POSIX_FADV_WILLNEED);
	return fd;
}

/* Probes made ahead by devsig_prefetch, by path (successful ones only: a
 * failure is probed again by devsig_probe, which reports it). */
#define PREFETCH_MAX 16
struct sig_ahead {
	const char *path;
	int n;	/* found, or -errno */
	struct dev_signature sigs[PREFETCH_MAX];
};
static struct sig_ahead *g_ahead;
static unsigned g_n_ahead;

static void ahead_one(void *ctx, unsigned i)
{
	struct sig_ahead *a = (struct sig_ahead *)ctx + i;
	int ra = probe_readahead(a->path);
	blkid_probe pr = blkid_new_probe_from_filename(a->path);
	a->n = pr ? probe_collect(pr, NULL, a->sigs, PREFETCH_MAX) : -EIO;
	if (ra >= 0)
		close(ra);
}

void devsig_prefetch(const char *const *paths, unsigned n)
{
	struct sig_ahead *a;

	if (n < 2 || g_ahead || !(a = calloc(n, sizeof(*a))))
		return;
	for (unsigned i = 0; i < n; i++)
		a[i].path = paths[i];
	parallel_for(n, 8, ahead_one, a);
	g_ahead = a;
	g_n_ahead = n;
}

int devsig_probe(const char *path, struct dev_signature *sigs, size_t max)
{
	blkid_probe pr;

	for (unsigned i = 0; i < g_n_ahead; i++)
		if (g_ahead[i].n >= 0 && !strcmp(g_ahead[i].path, path) &&
		    (g_ahead[i].n < PREFETCH_MAX || max <= PREFETCH_MAX)) {
			size_t k = (size_t)g_ahead[i].n < max ? (size_t)g_ahead[i].n : max;
			memcpy(sigs, g_ahead[i].sigs, k * sizeof(*sigs));
			g_ahead[i].n = -EAGAIN;	/* used once: a later probe reads again */
			return (int)k;
		}

	int ra = probe_readahead(path), r;
	if (!(pr = blkid_new_probe_from_filename(path))) {
		int e = errno ? errno : EIO;
		log_error("%s: blkid probe failed: %s", path, strerror(e));
		r = -e;
	} else
		r = probe_collect(pr, path, sigs, max);
	if (ra >= 0)
		close(ra);
	return r;
}

int devsig_probe_range(const char *path, uint64_t offset, uint64_t size, struct dev_signature *sigs,
		       size_t max)
{
	blkid_probe pr;
	int fd = open(path, O_RDONLY | O_CLOEXEC), r;

	if (fd < 0)
		return -errno;
	if (!(pr = blkid_new_probe()) || blkid_probe_set_device(pr, fd, (blkid_loff_t)offset,
								(blkid_loff_t)size)) {
		if (pr)
			blkid_free_probe(pr);
		close(fd);
		log_error("%s: blkid probe failed.", path);
		return -EIO;
	}
	r = probe_collect(pr, path, sigs, max);
	close(fd);
	return r;
}

int devsig_wipe(struct io_engine *io, int fd, const struct dev_signature *sigs, size_t n, char *err,
		size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t zero[64] = { 0 };
		uint64_t off = sigs[i].offset, left = sigs[i].len;
		int r;

		while (left) {
			size_t chunk = left < sizeof(zero) ? (size_t)left : sizeof(zero);
			if ((r = io_write(io, fd, off, zero, chunk))) {
				char msg[256];
				snprintf(msg, sizeof(msg), "Failed to wipe %s signature at offset %llu: %s",
					 sigs[i].type, (unsigned long long)sigs[i].offset, strerror(-r));
				if (err)
					err_printf(err, errlen, "%s", msg);
				else
					log_error("%s", msg);
				return r;
			}
			off += chunk;
			left -= chunk;
		}
	}
	return 0;
}

/* ---- components ---- */

/* sysfs directory of a block device node ("/sys/dev/block/M:m", resolved),
 * using the whole disk for a partition. false if path is no block device. */
static bool sysfs_rdev_dir(dev_t rdev, bool whole, char *out, size_t len)
{
	char link[64], real[PATH_MAX], part[PATH_MAX + 16];

	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", major(rdev), minor(rdev));
	/* The link's target ("../../devices/.../sda/sda1") taken against
	 * /sys/dev/block, whose components are directories: what realpath()
	 * gives, without its readlink of every component. */
	char target[PATH_MAX], base[PATH_MAX] = "/sys/dev/block";
	ssize_t tl = readlink(link, target, sizeof(target) - 1);
	if (tl <= 0)
		return false;
	target[tl] = '\0';
	const char *t = target;
	if (*t == '/') {
		base[0] = '\0';
	} else {
		while (!strncmp(t, "../", 3)) {
			char *sl = strrchr(base, '/');
			if (!sl || sl == base)
				return false;
			*sl = '\0';
			t += 3;
		}
	}
	if (strstr(t, "/../") || snprintf(real, sizeof(real), "%s%s%s", base, *t == '/' ? "" : "/", t) >=
					    (int)sizeof(real))
		return false;
	if (snprintf(part, sizeof(part), "%s/partition", real) >= (int)sizeof(part))
		return false;
	if (whole && !access(part, F_OK)) {
		char *s = strrchr(real, '/');
		if (s)
			*s = '\0';
	}
	snprintf(out, len, "%s", real);
	return true;
}

static bool sysfs_dev_dir(const char *path, bool whole, char *out, size_t len)
{
	struct stat st;

	if (stat(path, &st) || !S_ISBLK(st.st_mode))
		return false;
	return sysfs_rdev_dir(st.st_rdev, whole, out, len);
}

static bool read_line(const char *path, char *buf, size_t len)
{
	FILE *fp = fopen(path, "r");
	bool ok;

	if (!fp)
		return false;
	ok = fgets(buf, (int)len, fp) != NULL;
	fclose(fp);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

bool dev_md_component_of(const char *path, const struct dev_signature *sigs, int n)
{
	char dir[PATH_MAX], holders[PATH_MAX + 16];
	DIR *d;
	struct dirent *de;
	bool found = false;

	for (int i = 0; i < n; i++)
		if (!strcmp(sigs[i].type, "linux_raid_member"))
			return true;
	/* A running array lists its members' holders as "mdN" (also covers
	 * superblock formats blkid does not report, e.g. imsm containers). */
	if (!sysfs_dev_dir(path, false, dir, sizeof(dir)))
		return false;
	snprintf(holders, sizeof(holders), "%s/holders", dir);
	if (!(d = opendir(holders)))
		return false;
	while (!found && (de = readdir(d)))
		found = !strncmp(de->d_name, "md", 2);
	closedir(d);
	return found;
}

bool dev_is_md_component(const char *path)
{
	struct dev_signature sigs[8];
	return dev_md_component_of(path, sigs, devsig_probe(path, sigs, ARRAY_SIZE(sigs)));
}

bool mpath_wwid_listed(const char *sys_wwid, const char *wwids_file)
{
	char line[MAX_WWID_LINE];
	const char *wwid;
	FILE *fp;
	bool found = false;

	/* sysfs: "<type>.<value>" (naa.600...); wwids file: "/3600.../". LVM2
	 * compares <value> with the entry minus its leading '/' and '3'. */
	if (!sys_wwid || !(wwid = strchr(sys_wwid, '.')) || !*++wwid)
		return false;
	if (!wwids_file || wwids_file[0] != '/')
		return false;	/* LVM2: "" disables, relative is ignored */
	if (!(fp = fopen(wwids_file, "r")))
		return false;
	while (!found && fgets(line, sizeof(line), fp)) {
		char *w = line, *p;
		if (line[0] == '#')
			continue;
		if (*w == '/')
			w++;
		if (*w)
			w++;	/* the type digit '3' */
		if ((p = strchr(w, '/')))
			*p = '\0';
		w[strcspn(w, "\n")] = '\0';
		found = *w && !strcmp(w, wwid);
	}
	fclose(fp);
	return found;
}

bool dm_uuid_is_mpath(const char *uuid)
{
	return !strncmp(uuid, MPATH_PREFIX, strlen(MPATH_PREFIX));
}

/* dm-N's uuid ("" for none); false if it cannot be read */
static bool dm_uuid_of(const char *dm, char *uuid, size_t len)
{
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "/sys/block/%s/dm/uuid", dm);
	return read_line(p, uuid, len);
}

static bool holder_is_mpath(const char *holder)
{
	char uuid[128];
	return dm_uuid_of(holder, uuid, sizeof(uuid)) && dm_uuid_is_mpath(uuid);
}

/* Whether a multipath map exists (a device-mapper device with an
 * "mpath-" uuid): without one no device has a multipath holder (looked
 * at once). */
static bool mpath_maps;
static pthread_once_t dm_once = PTHREAD_ONCE_INIT;

static void dm_look(void)
{
	DIR *d = opendir("/sys/block");
	struct dirent *e;
	char uuid[128];
	if (!d) {
		mpath_maps = true;	/* cannot tell: look at the holders */
		return;
	}
	while (!mpath_maps && (e = readdir(d)))
		mpath_maps = !strncmp(e->d_name, "dm-", 3) &&
			     (!dm_uuid_of(e->d_name, uuid, sizeof(uuid)) || dm_uuid_is_mpath(uuid));
	closedir(d);
}

static void dm_known(void)
{
}

void dev_note_mpath_maps(bool present)
{
	mpath_maps = present;
	pthread_once(&dm_once, dm_known);
}

bool dev_mpath_components_possible(void)
{
	pthread_once(&dm_once, dm_look);
	return mpath_maps || !access(WWIDS_FILE_DEFAULT, F_OK);
}

static bool mpath_component_in(const char *dir, const char *wwids_file);

bool dev_is_mpath_component_wwids(const char *path, const char *wwids_file)
{
	char dir[PATH_MAX];

	/* LVM2 looks at the whole disk's holders and wwid for a partition. */
	return sysfs_dev_dir(path, true, dir, sizeof(dir)) && mpath_component_in(dir, wwids_file);
}

bool dev_is_mpath_component_rdev(dev_t rdev)
{
	char dir[PATH_MAX];

	return sysfs_rdev_dir(rdev, true, dir, sizeof(dir)) && mpath_component_in(dir, WWIDS_FILE_DEFAULT);
}

/* dir: the whole disk's directory in sysfs */
static bool mpath_component_in(const char *dir, const char *wwids_file)
{
	char p[PATH_MAX + 32], wwid[MAX_WWID_LINE];
	DIR *d;
	struct dirent *de;
	bool found = false;

	snprintf(p, sizeof(p), "%s/holders", dir);
	pthread_once(&dm_once, dm_look);
	if (mpath_maps && (d = opendir(p))) {
		while (!found && (de = readdir(d)))
			found = de->d_name[0] != '.' && !strncmp(de->d_name, "dm-", 3) &&
				holder_is_mpath(de->d_name);
		closedir(d);
	}
	if (found)
		return true;
	snprintf(p, sizeof(p), "%s/device/wwid", dir);
	return read_line(p, wwid, sizeof(wwid)) && mpath_wwid_listed(wwid, wwids_file);
}

bool dev_is_mpath_component(const char *path)
{
	return dev_is_mpath_component_wwids(path, WWIDS_FILE_DEFAULT);
}
