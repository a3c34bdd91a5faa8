/* Names of block devices (devnames.h). The facts are LVM2 2.03's
 * dev-cache.c: _insert_dir (scandir in C collation order, directories
 * followed unless a symlink or on another filesystem), _add_alias (a new
 * name goes first if preferred over the current first, else last),
 * _compare_paths, and filter-regex.c's _accept_p. */
#include "lvmgr/devnames.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "lvmgr/base/rx.h"
#include "lvmgr/ctx.h"
#include "lvmgr/devfilter.h"
#include "lvmgr/scan.h"

struct dn_dev {
	dev_t rdev;
	const char **names;	/* names[0] is shown */
	unsigned n, cap;
	const char *kname;	/* the kernel's name, once known */
};

struct devnames {
	const char *dir;	/* devices/dir with one trailing '/' */
	const char *mapper;	/* <dir>mapper: libdevmapper's dm_dir() */
	const struct rx **pref;	/* devices/preferred_names, in order */
	unsigned n_pref;
	bool dirs_only;		/* devices/scan or devices/dir not "/dev" */
	bool walked;
	dev_t walk_fs;		/* filesystem of the scan directory being walked */
	struct dn_dev *tab;	/* open addressing by rdev; rdev 0 = empty */
	unsigned cap, n;
};

/* ---- set-up ---- */

static bool default_scan(const struct cft_value *scan)
{
	if (!scan || scan->n_items != 1 || scan->items->type != CFT_STRING)
		return false;
	return !strcmp(scan->items->s, "/dev") || !strcmp(scan->items->s, "/dev/");
}

static struct devnames *dn_get(struct ctx *c)
{
	struct devnames *d = c->names;
	const char *dir;
	const struct cft_value *pref;

	if (d)
		return d;
	d = c->names = arena_alloc(&c->arena, sizeof(*d));
	dir = config_str(c->cfg, "devices/dir");
	if (!dir || !*dir)
		dir = "/dev";
	size_t len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	d->dir = arena_printf(&c->arena, "%.*s/", (int)len, dir);
	d->mapper = arena_printf(&c->arena, "%smapper", d->dir);
	d->dirs_only = strcmp(d->dir, "/dev/") || !default_scan(config_array(c->cfg, "devices/scan"));
	/* preferred_names: plain expressions in LVM2's dialect (no a|...|).
	 * A bad one is left out with a warning; LVM2 refuses to start then. */
	if (config_node(c->cfg, "devices/preferred_names") &&
	    (pref = config_array(c->cfg, "devices/preferred_names")) && pref->n_items) {
		d->pref = arena_alloc(&c->arena, pref->n_items * sizeof(*d->pref));
		for (const struct cft_value *v = pref->items; v; v = v->next) {
			char why[128];
			if (v->type != CFT_STRING) {
				log_warn("Ignoring invalid devices/preferred_names entry.");
				continue;
			}
			const struct rx *re = rx_compile(&c->arena, v->s, strlen(v->s), why, sizeof(why));
			if (!re) {
				log_warn("Ignoring invalid devices/preferred_names entry "
					 "\"%s\": %s", v->s, why);
				continue;
			}
			d->pref[d->n_pref++] = re;
		}
	}
	return d;
}

void devnames_free(struct ctx *c)
{
	struct devnames *d = c->names;

	if (!d)
		return;
	d->n_pref = 0;
	c->names = NULL;
}

const char *devnames_dir(struct ctx *c)
{
	return dn_get(c)->dir;
}

/* ---- LVM2's order of names ---- */

/* First preferred_names pattern matching p, or -1. */
static int pref_index(const struct devnames *d, const char *p)
{
	for (unsigned i = 0; i < d->n_pref; i++)
		if (rx_match(d->pref[i], p))
			return (int)i;
	return -1;
}

/* 0: p0 wins (it lacks sub), 1: p1 wins, -1: both have it, -2: neither. */
static int builtin_one(const char *p0, const char *p1, size_t skip, const char *sub)
{
	size_t n = strlen(sub);
	bool r0 = !strncmp(p0 + skip, sub, n), r1 = !strncmp(p1 + skip, sub, n);

	if (r0 != r1)
		return r0 ? 1 : 0;
	return r0 ? -1 : -2;
}

static int count_slashes(const char *p)
{
	int n = 0;
	for (; *p; p++)
		n += *p == '/';
	return n;
}

/* 1 when p1 is preferred over p0, else 0. */
static int prefer_second(const struct devnames *d, const char *p0, const char *p1)
{
	int m0 = pref_index(d, p0), m1 = pref_index(d, p1), r;
	size_t dl = strlen(d->dir);

	if (m0 != m1) {
		if (m0 < 0)
			return 1;
		if (m1 < 0)
			return 0;
		return m1 < m0;
	}
	if (!strncmp(p0, d->dir, dl) && !strncmp(p1, d->dir, dl)) {
		static const char *const subs[] = { "block/", "dm-", "disk/" };
		r = -2;
		for (unsigned i = 0; i < 3 && r == -2; i++)
			r = builtin_one(p0, p1, dl, subs[i]);
		if (r == -2)
			r = builtin_one(p0, p1, 0, d->mapper);
		if (r >= 0)
			return r;
	}
	int s0 = count_slashes(p0), s1 = count_slashes(p1);
	if (s0 != s1)
		return s1 < s0;
	/* The same depth: past the common start, the first component that
	 * is a symlink in one path and not in the other wins ("they exist
	 * for a reason"), then plain ASCII order. */
	char a[PATH_MAX], b[PATH_MAX];
	snprintf(a, sizeof(a), "%s", p0);
	snprintf(b, sizeof(b), "%s", p1);
	char *x = a + 1, *y = b + 1;
	while (*x && *x == *y)
		x++, y++;
	while (x && y) {
		struct stat sa, sb;
		if ((x = strchr(x, '/')))
			*x = '\0';
		if ((y = strchr(y, '/')))
			*y = '\0';
		if (lstat(a, &sa))
			return 1;
		if (lstat(b, &sb))
			return 0;
		if (S_ISLNK(sa.st_mode) != S_ISLNK(sb.st_mode))
			return S_ISLNK(sb.st_mode) ? 1 : 0;
		if (x)
			*x++ = '/';
		if (y)
			*y++ = '/';
	}
	return strcmp(p0, p1) < 0 ? 0 : 1;
}

/* ---- the table of devices ---- */

static struct dn_dev *dn_find(struct devnames *d, dev_t rdev, bool add, struct arena *a)
{
	if (!rdev)
		return NULL;
	if (!d->cap) {
		if (!add)
			return NULL;
		d->cap = 256;
		d->tab = arena_alloc(a, d->cap * sizeof(*d->tab));
		memset(d->tab, 0, d->cap * sizeof(*d->tab));
	}
	unsigned h = (unsigned)((major(rdev) * 2654435761u) ^ minor(rdev)) & (d->cap - 1);
	for (;; h = (h + 1) & (d->cap - 1)) {
		if (d->tab[h].rdev == rdev)
			return &d->tab[h];
		if (!d->tab[h].rdev)
			break;
	}
	if (!add)
		return NULL;
	if (2 * (d->n + 1) > d->cap) {
		struct dn_dev *old = d->tab;
		unsigned oc = d->cap;
		d->cap *= 2;
		d->tab = arena_alloc(a, d->cap * sizeof(*d->tab));
		memset(d->tab, 0, d->cap * sizeof(*d->tab));
		d->n = 0;
		for (unsigned i = 0; i < oc; i++)
			if (old[i].rdev)
				*dn_find(d, old[i].rdev, true, a) = old[i];
		return dn_find(d, rdev, true, a);
	}
	d->tab[h].rdev = rdev;
	d->n++;
	return &d->tab[h];
}

static void dn_add_name(struct devnames *d, struct dn_dev *e, const char *path, struct arena *a)
{
	for (unsigned i = 0; i < e->n; i++)
		if (!strcmp(e->names[i], path))
			return;
	if (e->n == e->cap) {
		unsigned cap = e->cap ? 2 * e->cap : 4;
		const char **n = arena_alloc(a, cap * sizeof(*n));
		if (e->n)
			memcpy(n, e->names, e->n * sizeof(*n));
		e->names = n;
		e->cap = cap;
	}
	path = arena_strdup(a, path);
	if (e->n && !prefer_second(d, path, e->names[0])) {
		memmove(e->names + 1, e->names, e->n * sizeof(*e->names));
		e->names[0] = path;
	} else {
		e->names[e->n] = path;
	}
	e->n++;
}

static int cmp_str(const void *a, const void *b)
{
	/* LVM2 sorts in the C locale (scandir, alphasort, LC_COLLATE=C). */
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* skip_top: the names of the default /dev, where a block node at the top
 * is a device's kernel name (devtmpfs, udev): those are not looked at;
 * every link and everything in a subdirectory is. Entries that are no
 * block device, directory or link by their type cost no stat (/dev's many
 * character devices). */
static void walk_dir(struct devnames *d, const char *dir, struct arena *a, unsigned depth, bool skip_top)
{
	char path[PATH_MAX];
	const char **names = NULL;
	size_t len, n = 0, cap = 0;
	DIR *dh;
	struct dirent *e;

	/* Collapsed slashes, one at the end. */
	len = 0;
	for (const char *s = dir; *s && len < sizeof(path) - 2; s++)
		if (*s != '/' || !len || path[len - 1] != '/')
			path[len++] = *s;
	if (!len || path[len - 1] != '/')
		path[len++] = '/';
	path[len] = '\0';
	if (depth > 32 || !(dh = opendir(dir)))
		return;
	while ((e = readdir(dh))) {
		unsigned char t = e->d_type;
		if (e->d_name[0] == '.' || !(t == DT_BLK || t == DT_DIR || t == DT_LNK || t == DT_UNKNOWN) ||
		    (skip_top && !depth && t == DT_BLK))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			const char **nn = arena_alloc(a, cap * sizeof(*nn));
			if (n)
				memcpy(nn, names, n * sizeof(*nn));
			names = nn;
		}
		names[n++] = arena_strdup(a, e->d_name);
	}
	closedir(dh);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		struct stat st, lst;
		if (len + strlen(names[i]) >= sizeof(path))
			continue;
		strcpy(path + len, names[i]);
		if (stat(path, &st)) {
			/* a dangling link: no device */
		} else if (S_ISDIR(st.st_mode)) {
			if (!lstat(path, &lst) && !S_ISLNK(lst.st_mode) && st.st_dev == d->walk_fs)
				walk_dir(d, path, a, depth + 1, skip_top);
		} else if (S_ISBLK(st.st_mode) && st.st_rdev) {
			dn_add_name(d, dn_find(d, st.st_rdev, true, a), path, a);
		}
	}
}

/* The kernel's name of rdev ("sda1", from its sysfs link), or NULL. */
static const char *kernel_name(struct arena *a, dev_t rdev)
{
	char sys[64], link[PATH_MAX];
	ssize_t n;

	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u", major(rdev), minor(rdev));
	if ((n = readlink(sys, link, sizeof(link) - 1)) <= 0)
		return NULL;
	link[n] = '\0';
	const char *base = strrchr(link, '/');
	return arena_strdup(a, base ? base + 1 : link);
}

static void dn_walk(struct ctx *c, struct devnames *d)
{
	const struct cft_value *scan;
	bool lazy = !d->dirs_only && !d->n_pref;

	if (d->walked)
		return;
	d->walked = true;
	scan = config_array(c->cfg, "devices/scan");
	for (const struct cft_value *v = scan ? scan->items : NULL; v; v = v->next) {
		struct stat st;
		if (v->type != CFT_STRING)
			continue;
		if (stat(v->s, &st)) {
			log_warn("Cannot use dir %s, %s.", v->s, strerror(errno));
			continue;
		}
		d->walk_fs = st.st_dev;
		walk_dir(d, v->s, &c->arena, 0, lazy);
	}
	/* The kernel names skipped at the top belong to the devices that have
	 * other names (a few: links, /dev/mapper, /dev/disk); the rest have
	 * only their kernel name. */
	for (unsigned i = 0; i < d->cap; i++) {
		struct dn_dev *e = &d->tab[i];
		if (!e->rdev || !(e->kname = kernel_name(&c->arena, e->rdev)))
			continue;
		const char *k = arena_printf(&c->arena, "%s%s", d->dir, e->kname);
		struct stat st;
		if (lazy && !stat(k, &st) && S_ISBLK(st.st_mode) && st.st_rdev == e->rdev)
			dn_add_name(d, e, k, &c->arena);
	}
	log_debug("Device names: %u devices %s under devices/scan.", d->n, lazy ? "with other names" : "");
}

/* The entry of a device by its kernel name's path (<dir>NAME), or NULL. */
static struct dn_dev *dn_find_kname(struct devnames *d, const char *path)
{
	size_t dl = strlen(d->dir);

	if (strncmp(path, d->dir, dl) || strchr(path + dl, '/'))
		return NULL;
	for (unsigned i = 0; i < d->cap; i++)
		if (d->tab[i].rdev && d->tab[i].kname && !strcmp(d->tab[i].kname, path + dl))
			return &d->tab[i];
	return NULL;
}

/* ---- filters ---- */

/* filter-regex.c's _accept_p on every name, in order. */
static bool filter_names(const struct devnames *d, const struct dev_filter *f, struct dn_dev *e)
{
	bool rejected = false;

	for (unsigned i = 0; i < e->n; i++) {
		int m = dev_filter_match(f, e->names[i]);
		if (m == 1) {
			/* The name that passed is shown from now on (LVM2's
			 * dev_set_preferred_name), unless preferred_names rule. */
			if (i && !d->n_pref) {
				const char *p = e->names[i];
				memmove(e->names + 1, e->names, i * sizeof(*e->names));
				e->names[0] = p;
			}
			return true;
		}
		rejected |= m == 0;
	}
	return !rejected;
}

/* Does path alone decide f? 1 accepted, 0 rejected, -1 other names needed. */
static int decide_by_one(const struct dev_filter *f, const char *path, int *match)
{
	int m = *match = dev_filter_match(f, path);

	if (!f || m == 1)
		return 1;
	if (m == 0 && !dev_filter_can_accept(f))
		return 0;
	return -1;
}

bool devnames_accepts(struct ctx *c, const char *path, dev_t rdev)
{
	struct devnames *d;
	struct dn_dev *e;
	struct stat st;

	if (!c->global_filter && !c->filter)
		return true;
	d = dn_get(c);
	bool lazy = !d->dirs_only && !d->n_pref;
	int mg = -1, mf = -1;	/* path's own results */
	if (lazy) {
		int g = decide_by_one(c->global_filter, path, &mg), f = decide_by_one(c->filter, path, &mf);
		if (g == 0 || f == 0)
			return false;
		if (g == 1 && f == 1)
			return true;
	}
	dn_walk(c, d);
	size_t dl = strlen(d->dir);
	bool top = !strncmp(path, d->dir, dl) && !strchr(path + dl, '/');
	e = rdev ? dn_find(d, rdev, false, NULL) : NULL;
	if (!e && !rdev && lazy && !(e = dn_find_kname(d, path)) && top)
		/* A kernel name the walk found no other name for: it decides. */
		return mg != 0 && mf != 0;
	if (!e) {
		if (!rdev) {
			if (stat(path, &st) || !S_ISBLK(st.st_mode))
				return false;
			rdev = st.st_rdev;
		}
		if (!(e = dn_find(d, rdev, false, NULL))) {
			e = dn_find(d, rdev, true, &c->arena);
			const char *k = lazy ? kernel_name(&c->arena, rdev) : NULL;
			if (k && !stat(k = arena_printf(&c->arena, "%s%s", d->dir, k), &st) && st.st_rdev == rdev)
				dn_add_name(d, e, k, &c->arena);
		}
	}
	/* The name given is one too (LVM2 adds it when it looks it up). */
	dn_add_name(d, e, path, &c->arena);
	return filter_names(d, c->global_filter, e) && filter_names(d, c->filter, e);
}

/* ---- the name shown ---- */

static bool is_node_of(const char *path, dev_t rdev)
{
	struct stat st;
	return !stat(path, &st) && S_ISBLK(st.st_mode) && st.st_rdev == rdev;
}

const char *devnames_show(struct ctx *c, const char *path, dev_t rdev)
{
	struct devnames *d = dn_get(c);
	char sys[96], name[256], link[PATH_MAX];
	struct dn_dev *e;

	if (d->dirs_only || d->n_pref)
		dn_walk(c, d);
	if (d->walked && (e = dn_find(d, rdev, false, NULL)) && e->n)
		return e->names[0];
	/* Without a walk: a device-mapper device is <dir>/mapper/NAME (which
	 * wins over <dir>/dm-N and /dev/disk/ links); another device its
	 * kernel name, where a link given names it. */
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u/dm/name", major(rdev), minor(rdev));
	if (scan_sys_line(sys, name, sizeof(name)) && name[0]) {
		const char *m = arena_printf(&c->arena, "%s/%s", d->mapper, name);
		if (is_node_of(m, rdev))
			return m;
	}
	size_t dl = strlen(d->dir);
	if (!strncmp(path, d->dir, dl) && !strchr(path + dl, '/'))
		return path;
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u", major(rdev), minor(rdev));
	ssize_t n = readlink(sys, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		const char *base = strrchr(link, '/');
		const char *k = arena_printf(&c->arena, "%s%s", d->dir, base ? base + 1 : link);
		if (is_node_of(k, rdev))
			return k;
	}
	return path;
}

bool devnames_scan_dirs_only(struct ctx *c)
{
	return dn_get(c)->dirs_only;
}

bool devnames_known(struct ctx *c, dev_t rdev)
{
	struct devnames *d = dn_get(c);

	dn_walk(c, d);
	return dn_find(d, rdev, false, NULL) != NULL;
}
