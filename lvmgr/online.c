#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lvmgr/online.h"
#include "lvmgr/base/util.h"
#include "metadata/vg.h"

/* LVM2 reads at most this much of a PV file. */
#define PV_FILE_MAX 512

static const char *const subdirs[] = {"pvs_online", "vgs_online", "pvs_lookup"};

const char *online_run_dir(void)
{
	const char *e = getenv("LVMGR_RUN_DIR");
	return e && *e ? e : "/run/lvm";
}

/* dir/sub/name; -ENAMETOOLONG (logged) when it does not fit. */
static int path3(char *out, const char *dir, const char *sub, const char *name)
{
	int n = snprintf(out, PATH_MAX, "%s/%s%s%s", dir, sub, name ? "/" : "", name ? name : "");
	if (n < 0 || n >= PATH_MAX) {
		log_error("Path %s/%s/%s is too long.", dir, sub, name ? name : "");
		return -ENAMETOOLONG;
	}
	return 0;
}

/* id_valid checks 32 characters; a file name or line must be no longer. */
static bool pvid_ok(const char *s)
{
	return strnlen(s, ID_LEN + 1) == ID_LEN && id_valid(s);
}

static bool vgname_ok(const char *name)
{
	char err[160];
	return !name_check(name, "VG", err, sizeof(err));
}

int online_setup(const char *dir)
{
	char p[PATH_MAX];
	if (mkdir(dir, 0755) && errno != EEXIST) {
		log_error("Failed to create %s: %s", dir, strerror(errno));
		return -errno;
	}
	for (size_t i = 0; i < ARRAY_SIZE(subdirs); i++) {
		if (path3(p, dir, subdirs[i], NULL))
			return -ENAMETOOLONG;
		if (mkdir(p, 0755) && errno != EEXIST) {
			int e = errno;
			log_error("Failed to create %s: %s", p, strerror(e));
			return -e;
		}
	}
	return 0;
}

void online_clear(const char *dir)
{
	char p[PATH_MAX], f[PATH_MAX];
	for (size_t i = 0; i < ARRAY_SIZE(subdirs); i++) {
		DIR *d;
		struct dirent *de;
		if (path3(p, dir, subdirs[i], NULL) || !(d = opendir(p)))
			continue;
		while ((de = readdir(d)))
			if (de->d_name[0] != '.' && !path3(f, dir, subdirs[i], de->d_name) && unlink(f) &&
			    errno != ENOENT)
				log_debug("unlink %s: %s", f, strerror(errno));
		closedir(d);
	}
}

/* The value of the line starting with key ("vg:"), into out; false when
 * absent. *bad when present but empty or too long. */
static bool field(const char *buf, const char *key, char *out, size_t outlen, bool *bad)
{
	size_t kl = strlen(key);
	*bad = false;
	out[0] = '\0';
	for (const char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (strncmp(l, key, kl))
			continue;
		const char *v = l + kl, *e = strchr(v, '\n');
		size_t len = e ? (size_t)(e - v) : strlen(v);
		if (!len || len >= outlen) {
			*bad = true;
			return true;
		}
		memcpy(out, v, len);
		out[len] = '\0';
		return true;
	}
	return false;
}

static int read_pv_file(const char *path, const char *pvid, struct online_pv *out)
{
	char buf[PV_FILE_MAX];
	ssize_t len;
	int fd;
	bool bad;

	memset(out, 0, sizeof(*out));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		int e = errno;
		log_warn("Failed to open %s", path);
		return -e;
	}
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0) {
		log_warn("No info in %s", path);
		return -EINVAL;
	}
	buf[len] = '\0';
	if (memchr(buf, '\0', (size_t)len)) {	/* binary: nothing LVM2 or lvmgr wrote */
		log_warn("Ignoring %s: not an online file.", path);
		return -EINVAL;
	}
	char *end;
	errno = 0;
	long ma = strtol(buf, &end, 10), mi = -1;
	if (end != buf && *end == ':' && end[1] >= '0' && end[1] <= '9')
		mi = strtol(end + 1, &end, 10);
	/* The kernel's dev_t: 12-bit major, 20-bit minor. */
	if (errno || mi < 0 || ma < 0 || ma > 4095 || mi > 1048575 || (*end != '\n' && *end)) {
		log_warn("No device numbers in %s", path);
		return -EINVAL;
	}
	out->major = (int)ma;
	out->minor = (int)mi;
	memcpy(out->pvid, pvid, ID_LEN);
	out->pvid[ID_LEN] = '\0';
	if (field(buf, "vg:", out->vgname, sizeof(out->vgname), &bad) && (bad || !vgname_ok(out->vgname))) {
		log_warn("Ignoring invalid vg field in %s", path);
		out->vgname[0] = '\0';
	}
	if (field(buf, "dev:", out->devname, sizeof(out->devname), &bad) &&
	    (bad || strncmp(out->devname, "/dev/", 5) || strstr(out->devname, "/../"))) {
		log_warn("Ignoring invalid devname field in %s", path);
		out->devname[0] = '\0';
	}
	return 0;
}

int online_pv_read(const char *dir, const char *pvid, struct online_pv *out)
{
	char p[PATH_MAX];
	if (!pvid_ok(pvid))
		return -EINVAL;
	if (path3(p, dir, "pvs_online", pvid))
		return -ENAMETOOLONG;
	return read_pv_file(p, pvid, out);
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

int online_pv_create(const char *dir, const char *pvid, int major, int minor, const char *vgname,
		     const char *devname)
{
	char p[PATH_MAX], buf[PV_FILE_MAX];
	struct online_pv old;
	int fd, len, tries = 0;

	if (!pvid_ok(pvid) || (vgname && !vgname_ok(vgname)))
		return -EINVAL;
	if (path3(p, dir, "pvs_online", pvid))
		return -ENAMETOOLONG;
	len = snprintf(buf, sizeof(buf), "%d:%d\n", major, minor);
	if (vgname)
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, "vg:%s\n", vgname);
	/* As LVM2: a name of 6..126 characters, else no dev line. */
	if (devname && strlen(devname) > 5 && strlen(devname) < ONLINE_NAME_LEN - 1)
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, "dev:%s\n", devname);
again:
	fd = open(p, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0) {
		int e = errno;
		if (e != EEXIST) {
			log_error("Failed to create online file for %s path %s error %d", devname ? devname : "?",
				  p, e);
			return -e;
		}
		if (read_pv_file(p, pvid, &old)) {
			/* Not a file LVM2 or lvmgr wrote whole: ours replaces it. */
			if (tries++ || (unlink(p) && errno != ENOENT))
				return -EEXIST;
			goto again;
		}
		if (old.major == major && old.minor == minor)
			return 0;
		log_error("PV %s %d:%d is duplicate for PVID %s on %d:%d %s.", devname ? devname : "?", major,
			  minor, pvid, old.major, old.minor, old.devname);
		if (old.vgname[0] && vgname && strcmp(old.vgname, vgname))
			log_error("PV %s has unexpected VG %s vs %s.", devname ? devname : "?", vgname, old.vgname);
		return -EEXIST;
	}
	int r = write_all(fd, buf, (size_t)len);
	close(fd);
	if (r)	/* the file exists: it still says the PV is online, as LVM2 */
		log_warn("Cannot write online file for %s to %s error %d", devname ? devname : "?", p, -r);
	return 0;
}

bool online_pv_exists(const char *dir, const char *pvid)
{
	char p[PATH_MAX];
	struct stat st;
	return pvid_ok(pvid) && !path3(p, dir, "pvs_online", pvid) && !stat(p, &st);
}

static void remove_file(const char *dir, const char *sub, const char *name)
{
	char p[PATH_MAX];
	if (!path3(p, dir, sub, name) && unlink(p) && errno != ENOENT)
		log_debug("unlink %s: %s", p, strerror(errno));
}

void online_vg_remove(const char *dir, const char *vgname)
{
	if (vgname_ok(vgname))
		remove_file(dir, "vgs_online", vgname);
}

void online_pv_remove_devno(const char *dir, int major, int minor)
{
	char p[PATH_MAX];
	DIR *d;
	struct dirent *de;
	struct online_pv pv;

	if (path3(p, dir, "pvs_online", NULL) || !(d = opendir(p)))
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !pvid_ok(de->d_name) ||
		    online_pv_read(dir, de->d_name, &pv) || pv.major != major || pv.minor != minor)
			continue;
		remove_file(dir, "pvs_online", de->d_name);
		if (pv.vgname[0]) {
			online_vg_remove(dir, pv.vgname);
			remove_file(dir, "pvs_lookup", pv.vgname);
		}
	}
	closedir(d);
}

int online_vg_create(const char *dir, const char *vgname)
{
	char p[PATH_MAX];
	int fd;

	if (!vgname_ok(vgname))
		return -EINVAL;
	if (path3(p, dir, "vgs_online", vgname))
		return -ENAMETOOLONG;
	fd = open(p, O_CREAT | O_EXCL | O_TRUNC | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? 0 : -errno;
	close(fd);
	return 1;
}

int online_lookup_write(const char *dir, const char *vgname, const char *const *pvids, unsigned n)
{
	char p[PATH_MAX];
	struct strbuf sb;
	int fd, r;

	if (!vgname_ok(vgname))
		return -EINVAL;
	if (path3(p, dir, "pvs_lookup", vgname))
		return -ENAMETOOLONG;
	fd = open(p, O_CREAT | O_EXCL | O_TRUNC | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? 0 : -errno;
	sb_init(&sb);
	for (unsigned i = 0; i < n; i++) {
		sb_adds(&sb, pvids[i]);
		sb_addc(&sb, '\n');
	}
	r = write_all(fd, sb.buf ? sb.buf : "", sb.len);
	sb_free(&sb);
	close(fd);
	if (r) {
		log_error("Failed to write lookup file %s: %s", p, strerror(-r));
		return r;
	}
	return 1;
}

/* The PV ids a lookup file lists (lines of another shape are skipped). */
static unsigned lookup_ids(FILE *f, char (*ids)[ID_LEN + 1], unsigned max)
{
	char line[64];
	unsigned n = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!pvid_ok(line))
			continue;
		if (n < max)
			memcpy(ids[n], line, ID_LEN + 1);
		n++;
	}
	return n < max ? n : max;
}

/* Enough for any VG lvmgr or LVM2 makes (LVM2's limit is far lower in
 * practice: the metadata area holds the list). */
#define LOOKUP_MAX 4096

static FILE *open_lookup(const char *dir, const char *vgname)
{
	char p[PATH_MAX];
	if (!vgname_ok(vgname) || path3(p, dir, "pvs_lookup", vgname))
		return NULL;
	return fopen(p, "re");
}

int online_lookup_find(const char *dir, const char *pvid, char vgname[ONLINE_NAME_LEN],
		       unsigned *n_online, unsigned *n_offline)
{
	char p[PATH_MAX];
	DIR *d;
	struct dirent *de;
	int found = 0;
	char (*ids)[ID_LEN + 1] = xmalloc(LOOKUP_MAX * sizeof(*ids));

	*n_online = *n_offline = 0;
	vgname[0] = '\0';
	if (path3(p, dir, "pvs_lookup", NULL) || !(d = opendir(p))) {
		free(ids);
		return 0;
	}
	while (!found && (de = readdir(d))) {
		FILE *f;
		if (de->d_name[0] == '.' || !(f = open_lookup(dir, de->d_name)))
			continue;
		unsigned n = lookup_ids(f, ids, LOOKUP_MAX);
		fclose(f);
		for (unsigned i = 0; i < n && !found; i++)
			found = !strcmp(ids[i], pvid);
		if (!found)
			continue;
		/* open_lookup checked the name: under ONLINE_NAME_LEN */
		memcpy(vgname, de->d_name, strlen(de->d_name) + 1);
		for (unsigned i = 0; i < n; i++)
			(*(online_pv_exists(dir, ids[i]) ? n_online : n_offline))++;
	}
	closedir(d);
	free(ids);
	return found;
}

static void add_pv(struct online_pv **v, unsigned *n, unsigned *cap, const struct online_pv *pv)
{
	for (unsigned i = 0; i < *n; i++)
		if (!strcmp((*v)[i].pvid, pv->pvid))
			return;
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = *pv;
}

int online_pvs_of_vg(const char *dir, const char *vgname, struct online_pv **out, unsigned *n)
{
	char p[PATH_MAX];
	DIR *d;
	struct dirent *de;
	struct online_pv pv;
	unsigned cap = 0;
	FILE *f;

	*out = NULL;
	*n = 0;
	if (path3(p, dir, "pvs_online", NULL))
		return -ENAMETOOLONG;
	if ((d = opendir(p))) {
		while ((de = readdir(d)))
			if (de->d_name[0] != '.' && pvid_ok(de->d_name) &&
			    !online_pv_read(dir, de->d_name, &pv) && !strcmp(pv.vgname, vgname))
				add_pv(out, n, &cap, &pv);
		closedir(d);
	}
	/* PVs without metadata name no VG: the lookup file lists them. */
	if ((f = open_lookup(dir, vgname))) {
		char (*ids)[ID_LEN + 1] = xmalloc(LOOKUP_MAX * sizeof(*ids));
		unsigned k = lookup_ids(f, ids, LOOKUP_MAX);
		fclose(f);
		for (unsigned i = 0; i < k; i++)
			if (online_pv_exists(dir, ids[i]) && !online_pv_read(dir, ids[i], &pv) &&
			    (!pv.vgname[0] || !strcmp(pv.vgname, vgname)))
				add_pv(out, n, &cap, &pv);
		free(ids);
	}
	return 0;
}
