/* libdevmapper calls. Node management: when udev runs, libdevmapper waits
 * for it through cookies; when it does not (initramfs, containers, the test
 * VM), the library creates and removes /dev/mapper nodes itself. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <inttypes.h>
#include <limits.h>
#include <libdevmapper.h>
#include <linux/dm-ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "activation/kernel.h"

/* libdevmapper is loaded when device-mapper is first needed, not at
 * program start: most commands (pvs, vgs, lvcreate -an, and every command
 * on a kernel without device-mapper) never call it, and loading it with its
 * dependencies (libselinux, libudev, libpcre2, libm) costs ~0.6 ms of a
 * ~9 ms lvs. Its calls below go through these pointers. */
#define DM_SONAME "libdevmapper.so.1.02.1"
static struct {
	__typeof__(dm_dir) *dm_dir;
	__typeof__(dm_driver_version) *dm_driver_version;
	__typeof__(dm_get_next_target) *dm_get_next_target;
	__typeof__(dm_log_with_errno_init) *dm_log_with_errno_init;
	__typeof__(dm_task_add_target) *dm_task_add_target;
	__typeof__(dm_task_create) *dm_task_create;
	__typeof__(dm_task_destroy) *dm_task_destroy;
	__typeof__(dm_task_get_info) *dm_task_get_info;
	__typeof__(dm_task_get_names) *dm_task_get_names;
	__typeof__(dm_task_get_uuid) *dm_task_get_uuid;
	__typeof__(dm_task_retry_remove) *dm_task_retry_remove;
	__typeof__(dm_task_run) *dm_task_run;
	__typeof__(dm_task_set_add_node) *dm_task_set_add_node;
	__typeof__(dm_task_set_cookie) *dm_task_set_cookie;
	__typeof__(dm_task_set_name) *dm_task_set_name;
	__typeof__(dm_task_set_newname) *dm_task_set_newname;
	__typeof__(dm_task_set_ro) *dm_task_set_ro;
	__typeof__(dm_task_set_uuid) *dm_task_set_uuid;
	__typeof__(dm_udev_set_sync_support) *dm_udev_set_sync_support;
	__typeof__(dm_udev_wait) *dm_udev_wait;
} dmf;
#define dm_dir dmf.dm_dir
#define dm_driver_version dmf.dm_driver_version
#define dm_get_next_target dmf.dm_get_next_target
#define dm_log_with_errno_init dmf.dm_log_with_errno_init
#define dm_task_add_target dmf.dm_task_add_target
#define dm_task_create dmf.dm_task_create
#define dm_task_destroy dmf.dm_task_destroy
#define dm_task_get_info dmf.dm_task_get_info
#define dm_task_get_names dmf.dm_task_get_names
#define dm_task_get_uuid dmf.dm_task_get_uuid
#define dm_task_retry_remove dmf.dm_task_retry_remove
#define dm_task_run dmf.dm_task_run
#define dm_task_set_add_node dmf.dm_task_set_add_node
#define dm_task_set_cookie dmf.dm_task_set_cookie
#define dm_task_set_name dmf.dm_task_set_name
#define dm_task_set_newname dmf.dm_task_set_newname
#define dm_task_set_ro dmf.dm_task_set_ro
#define dm_task_set_uuid dmf.dm_task_set_uuid
#define dm_udev_set_sync_support dmf.dm_udev_set_sync_support
#define dm_udev_wait dmf.dm_udev_wait

/* Load the library (once): false if it cannot be had. */
static bool dm_loaded(void)
{
	static int state = -1;
	void *h;
	if (state >= 0)
		return state;
	state = 0;
	if (!(h = dlopen(DM_SONAME, RTLD_NOW | RTLD_LOCAL))) {
		log_error("Cannot load %s (package libdevmapper1.02.1): %s", DM_SONAME, dlerror());
		return false;
	}
#define LOAD(f) \
	if (!(*(void **)&f = dlsym(h, #f))) { /* f is dmf.<name> */ \
		log_error("%s has no %s.", DM_SONAME, #f); \
		return false; \
	}
	LOAD(dm_dir)
	LOAD(dm_driver_version)
	LOAD(dm_get_next_target)
	LOAD(dm_log_with_errno_init)
	LOAD(dm_task_add_target)
	LOAD(dm_task_create)
	LOAD(dm_task_destroy)
	LOAD(dm_task_get_info)
	LOAD(dm_task_get_names)
	LOAD(dm_task_get_uuid)
	LOAD(dm_task_retry_remove)
	LOAD(dm_task_run)
	LOAD(dm_task_set_add_node)
	LOAD(dm_task_set_cookie)
	LOAD(dm_task_set_name)
	LOAD(dm_task_set_newname)
	LOAD(dm_task_set_ro)
	LOAD(dm_task_set_uuid)
	LOAD(dm_udev_set_sync_support)
	LOAD(dm_udev_wait)
#undef LOAD
	state = 1;
	return true;
}

static bool udev_running(void)
{
	struct stat st;
	return !getenv("DM_DISABLE_UDEV") && !stat("/run/udev/control", &st);
}

static uint16_t udev_flags(void)
{
	/* Without udev the library fallback creates the nodes; LVM2 sets the
	 * same flags with activation/udev_rules = 0. */
	return udev_running() ? 0
			      : DM_UDEV_DISABLE_DM_RULES_FLAG | DM_UDEV_DISABLE_SUBSYSTEM_RULES_FLAG |
					DM_UDEV_DISABLE_DISK_RULES_FLAG | DM_UDEV_DISABLE_OTHER_RULES_FLAG;
}

/* libdevmapper's messages go through our log: errors stay errors (on
 * stderr, never stdout), the chatter is verbose output. */
static void dm_logger(int level, const char *file, int line, int dm_errno, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void dm_logger(int level, const char *file, int line, int dm_errno, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	/* The library calls this for each of its debug lines (several per
	 * ioctl): format only what the verbosity shows. */
	if (((level & 7) <= 3 ? LOG_VERBOSE : LOG_DEBUG) > log_verbosity)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if ((level & 7) <= 3)	/* _LOG_ERR */
		log_verbose("device-mapper: %s", buf);
	else
		log_debug("device-mapper: %s", buf);
}

static bool lib_init(void)
{
	static bool done;
	if (done)
		return true;
	if (!dm_loaded())
		return false;
	done = true;
	dm_log_with_errno_init(dm_logger);
	dm_udev_set_sync_support(udev_running());
	return true;
}

/* Run dmt with a udev cookie where the operation changes nodes. */
static int run(struct dm_task *dmt, bool cookie, const char *what, const char *name)
{
	uint32_t ck = 0;
	int ok;

	if (cookie && !dm_task_set_cookie(dmt, &ck, udev_flags())) {
		log_error("%s %s: cannot set up udev synchronisation.", what, name);
		return -EIO;
	}
	ok = dm_task_run(dmt);
	if (cookie)
		dm_udev_wait(ck);
	if (!ok) {
		int e = errno ? errno : EIO;
		log_error("device-mapper: %s %s failed: %s", what, name, strerror(e));
		return -e;
	}
	return 0;
}

bool dmk_available(void)
{
	static int known = -1;
	int fd;
	if (known >= 0)
		return known;
	/* Open the control node ourselves first: without the driver,
	 * libdevmapper would explain at length (and need not be loaded). */
	if ((fd = open("/dev/mapper/control", O_RDWR | O_CLOEXEC)) < 0)
		return (known = 0);
	close(fd);
	if (!lib_init())
		return (known = 0);
	/* A quiet probe: dm_driver_version needs the driver loaded. */
	char v[64];
	return (known = dm_driver_version(v, sizeof(v)) != 0);
}

static int add_targets(struct dm_task *dmt, const struct dm_node *n)
{
	for (unsigned i = 0; i < n->n_targets; i++)
		if (!dm_task_add_target(dmt, n->targets[i].start, n->targets[i].len, n->targets[i].type,
					n->targets[i].params))
			return -ENOMEM;
	if (n->read_only && !dm_task_set_ro(dmt))
		return -ENOMEM;
	return 0;
}

int dmk_create(const struct dm_node *n, struct dmk_dev *made)
{
	struct dm_task *dmt;
	struct dm_info info;
	int r;
	if (!lib_init())
		return -ENODEV;
	if (!(dmt = dm_task_create(DM_DEVICE_CREATE)))
		return -ENOMEM;
	if (!dm_task_set_name(dmt, n->name) || !dm_task_set_uuid(dmt, n->uuid) || add_targets(dmt, n) ||
	    !dm_task_set_add_node(dmt, DM_ADD_NODE_ON_CREATE)) {
		dm_task_destroy(dmt);
		return -ENOMEM;
	}
	r = run(dmt, true, "create", n->name);
	/* The device as created (numbers from the resume's reply): the caller
	 * adds it to its listing instead of listing every device again. */
	if (!r && made) {
		memset(made, 0, sizeof(*made));
		made->name = n->name;
		made->uuid = n->uuid;
		made->read_only = n->read_only;
		made->live_table = true;
		if (dm_task_get_info(dmt, &info) && info.exists) {
			made->major = info.major;
			made->minor = info.minor;
			made->read_only = info.read_only;
		}
	}
	dm_task_destroy(dmt);
	return r;
}

int dmk_load(const struct dm_node *n)
{
	struct dm_task *dmt;
	int r;
	if (!lib_init())
		return -ENODEV;
	if (!(dmt = dm_task_create(DM_DEVICE_RELOAD)))
		return -ENOMEM;
	if (!dm_task_set_name(dmt, n->name) || add_targets(dmt, n)) {
		dm_task_destroy(dmt);
		return -ENOMEM;
	}
	r = run(dmt, false, "load table of", n->name);
	dm_task_destroy(dmt);
	return r;
}

static int simple(int type, const char *name, const char *what, bool cookie)
{
	struct dm_task *dmt;
	int r;
	if (!lib_init())
		return -ENODEV;
	if (!(dmt = dm_task_create(type)))
		return -ENOMEM;
	if (!dm_task_set_name(dmt, name)) {
		dm_task_destroy(dmt);
		return -ENOMEM;
	}
	if (type == DM_DEVICE_REMOVE)
		dm_task_retry_remove(dmt);
	r = run(dmt, cookie, what, name);
	dm_task_destroy(dmt);
	return r;
}

int dmk_suspend(const char *name)
{
	return simple(DM_DEVICE_SUSPEND, name, "suspend", false);
}

int dmk_resume(const char *name)
{
	return simple(DM_DEVICE_RESUME, name, "resume", true);
}

int dmk_remove(const char *name)
{
	return simple(DM_DEVICE_REMOVE, name, "remove", true);
}

/* Removing a device is mostly waiting: the kernel waits for RCU grace
 * periods while it tears the device down (~20 ms per device under TCG,
 * little CPU). Removals from several threads share those waits (200
 * devices in the test VM: ~5 s one by one, ~1.5 s from 4 processes). The
 * library is not thread-safe (its node operations are a global list), so
 * the threads issue DM_DEV_REMOVE themselves and the /dev/mapper nodes go
 * afterwards, as the library would do them without udev. With udev
 * running, removals go one by one through the library, which waits for
 * udev (cookies). */
#define RM_THREADS 8

struct rm_batch {
	const char *const *names;
	int *errs;
	int fd;
};

/* A bare request for name (the raw ioctls below, issued from threads). */
static void io_init(struct dm_ioctl *io, size_t size, const char *name)
{
	memset(io, 0, sizeof(*io));
	io->version[0] = DM_VERSION_MAJOR;	/* 4.0.0, as libdevmapper asks */
	io->data_size = (uint32_t)size;
	io->data_start = sizeof(*io);
	snprintf(io->name, sizeof(io->name), "%s", name);
	io->event_nr = (uint32_t)udev_flags() << DM_UDEV_FLAGS_SHIFT;
}

/* The control node, for the raw ioctls; -errno, logged, if it cannot be
 * opened. */
static int control_open(void)
{
	char path[PATH_MAX];
	int fd;
	snprintf(path, sizeof(path), "%s/control", dm_dir());
	if ((fd = open(path, O_RDWR | O_CLOEXEC)) < 0) {
		fd = -errno;
		log_error("Cannot open %s: %s", path, strerror(errno));
	}
	return fd;
}

static int raw_remove(int fd, const char *name)
{
	struct dm_ioctl io;
	for (unsigned tries = 0;; tries++) {
		io_init(&io, sizeof(io), name);
		if (!ioctl(fd, DM_DEV_REMOVE, &io))
			return 0;
		/* briefly open (blkid, a closing holder): retry like
		 * libdevmapper's retry_remove, 25 x 0.2 s */
		if (errno != EBUSY || tries >= 25)
			return errno ? -errno : -EIO;
		usleep(200000);
	}
}

static void rm_one(void *ctx, unsigned i)
{
	struct rm_batch *b = ctx;
	b->errs[i] = raw_remove(b->fd, b->names[i]);
}

int dmk_remove_many(const char *const *names, unsigned n)
{
	int r = 0;

	if (!lib_init())
		return -ENODEV;
	if (n < 4 || udev_running()) {
		for (unsigned i = 0; i < n; i++)
			if ((r = dmk_remove(names[i])))
				return r;
		return 0;
	}
	struct rm_batch b = {.names = names};
	char path[PATH_MAX];
	if ((b.fd = control_open()) < 0)
		return b.fd;
	if (!(b.errs = calloc(n, sizeof(*b.errs)))) {
		close(b.fd);
		return -ENOMEM;
	}
	parallel_for(n, RM_THREADS, rm_one, &b);
	close(b.fd);
	for (unsigned i = 0; i < n; i++) {
		if (b.errs[i]) {
			log_error("device-mapper: remove %s failed: %s", names[i], strerror(-b.errs[i]));
			r = b.errs[i];
			continue;
		}
		/* the node, as libdevmapper removes it without udev */
		snprintf(path, sizeof(path), "%s/%s", dm_dir(), names[i]);
		if (unlink(path) && errno != ENOENT)
			log_warn("Cannot remove %s: %s", path, strerror(errno));
	}
	free(b.errs);
	return r;
}

/* Creating is like removing: the kernel's part (a device, its table, the
 * resume) dominates, and with more than one CPU threads share it (200 LVs
 * in a 2-CPU VM: 415 ms from 8 threads, 1.3 s for LVM2). Without udev
 * each thread issues the three ioctls itself and the /dev/mapper nodes are
 * made afterwards, as the library makes them then; with udev, one by one
 * through the library (cookies). */
#define MK_THREADS 8

struct mk_batch {
	const struct dm_node *const *nodes;
	struct dmk_dev *made;
	int *errs;
	const char **what;	/* the step that failed */
	int fd;
};

/* DM_TABLE_LOAD of n's targets into the inactive slot of its device. */
static int raw_load(int fd, const struct dm_node *n)
{
	size_t size = sizeof(struct dm_ioctl);
	for (unsigned i = 0; i < n->n_targets; i++)
		size += (sizeof(struct dm_target_spec) + strlen(n->targets[i].params) + 1 + 7) & ~(size_t)7;
	unsigned char *buf = calloc(1, size);
	if (!buf)
		return -ENOMEM;
	struct dm_ioctl *io = (struct dm_ioctl *)buf;
	io_init(io, size, n->name);
	io->target_count = n->n_targets;
	if (n->read_only)
		io->flags |= DM_READONLY_FLAG;
	size_t off = sizeof(*io);
	for (unsigned i = 0; i < n->n_targets; i++) {
		struct dm_target_spec *sp = (struct dm_target_spec *)(buf + off);
		size_t pl = strlen(n->targets[i].params) + 1;
		size_t len = (sizeof(*sp) + pl + 7) & ~(size_t)7;
		sp->sector_start = n->targets[i].start;
		sp->length = n->targets[i].len;
		snprintf(sp->target_type, sizeof(sp->target_type), "%s", n->targets[i].type);
		memcpy(buf + off + sizeof(*sp), n->targets[i].params, pl);
		sp->next = (uint32_t)len;	/* from this spec to the next */
		off += len;
	}
	int r = ioctl(fd, DM_TABLE_LOAD, io) ? -errno : 0;
	free(buf);
	return r;
}

static void mk_one(void *ctx, unsigned i)
{
	struct mk_batch *b = ctx;
	const struct dm_node *n = b->nodes[i];
	struct dm_ioctl io;

	/* never cut: two cut names could be one device */
	b->what[i] = "create";
	if (strlen(n->name) >= sizeof(io.name) || strlen(n->uuid) >= sizeof(io.uuid)) {
		b->errs[i] = -ENAMETOOLONG;
		return;
	}
	io_init(&io, sizeof(io), n->name);
	snprintf(io.uuid, sizeof(io.uuid), "%s", n->uuid);
	if (ioctl(b->fd, DM_DEV_CREATE, &io)) {
		b->errs[i] = -errno;
		return;
	}
	b->what[i] = "load table of";
	b->made[i] = (struct dmk_dev){.name = n->name, .uuid = n->uuid, .read_only = n->read_only,
				      .live_table = true, .major = major((dev_t)io.dev),
				      .minor = minor((dev_t)io.dev)};
	if (!(b->errs[i] = raw_load(b->fd, n))) {
		b->what[i] = "resume";
		io_init(&io, sizeof(io), n->name);	/* no suspend flag: resume */
		if (!ioctl(b->fd, DM_DEV_SUSPEND, &io))
			return;
		b->errs[i] = -errno;
	}
	/* not left half made: the device without a live table goes again */
	raw_remove(b->fd, n->name);
}

/* The /dev/mapper node of a device made here, as libdevmapper makes it
 * without udev (mode 0600). */
static int make_node(const struct dmk_dev *d)
{
	char path[PATH_MAX];
	struct stat st;
	dev_t dev = makedev(d->major, d->minor);
	snprintf(path, sizeof(path), "%s/%s", dm_dir(), d->name);
	if (!lstat(path, &st)) {
		if (S_ISBLK(st.st_mode) && st.st_rdev == dev)
			return 0;
		if (unlink(path))	/* a stale node of an earlier device */
			return -errno;
	}
	return mknod(path, S_IFBLK | 0600, dev) ? -errno : 0;
}

int dmk_create_many(const struct dm_node *const *nodes, unsigned n, struct dmk_dev *made, int *errs)
{
	int r = 0;

	if (!lib_init())
		return -ENODEV;
	memset(errs, 0, n * sizeof(*errs));
	if (n < 4 || udev_running()) {
		for (unsigned i = 0; i < n; i++)
			if ((errs[i] = dmk_create(nodes[i], &made[i])))
				r = errs[i];
		return r;
	}
	struct mk_batch b = {.nodes = nodes, .made = made, .errs = errs};
	if (!(b.what = calloc(n, sizeof(*b.what))))
		return -ENOMEM;
	if ((b.fd = control_open()) < 0) {
		free(b.what);
		return b.fd;
	}
	/* On one CPU there is nothing to overlap: threads only queue on each
	 * other (bench/README), so one thread does them in turn. */
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	parallel_for(n, cpus > 1 ? MK_THREADS : 1, mk_one, &b);
	close(b.fd);
	for (unsigned i = 0; i < n; i++) {
		if (errs[i]) {
			log_error("device-mapper: %s %s failed: %s", b.what[i], nodes[i]->name,
				  strerror(-errs[i]));
			r = errs[i];
		} else if ((errs[i] = make_node(&made[i]))) {
			log_error("Cannot create %s/%s: %s", dm_dir(), nodes[i]->name, strerror(-errs[i]));
			r = errs[i];
		}
	}
	free(b.what);
	return r;
}

int dmk_rename(const char *name, const char *newname)
{
	struct dm_task *dmt;
	int r;
	if (!lib_init())
		return -ENODEV;
	if (!(dmt = dm_task_create(DM_DEVICE_RENAME)))
		return -ENOMEM;
	if (!dm_task_set_name(dmt, name) || !dm_task_set_newname(dmt, newname)) {
		dm_task_destroy(dmt);
		return -ENOMEM;
	}
	r = run(dmt, true, "rename", name);
	dm_task_destroy(dmt);
	return r;
}

int dmk_list(struct arena *a, struct dmk_dev **out, unsigned *n_out)
{
	struct dm_task *dmt;
	struct dm_names *names;
	struct dmk_dev *v = NULL;
	unsigned n = 0, cap = 0, next;

	*out = NULL;
	*n_out = 0;
	if (!lib_init())
		return -ENODEV;
	if (!(dmt = dm_task_create(DM_DEVICE_LIST)))
		return -ENOMEM;
	if (!dm_task_run(dmt) || !(names = dm_task_get_names(dmt))) {
		dm_task_destroy(dmt);
		return -EIO;
	}
	if (!names->dev) {
		dm_task_destroy(dmt);
		return 0;
	}
	do {
		next = names->next;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			struct dmk_dev *nv = arena_alloc(a, cap * sizeof(*nv));
			if (n)
				memcpy(nv, v, n * sizeof(*nv));
			v = nv;
		}
		struct dmk_dev *d = &v[n++];
		d->name = arena_strdup(a, names->name);
		d->major = major(names->dev);
		d->minor = minor(names->dev);
		/* State and uuid: one INFO per device. */
		struct dm_task *it = dm_task_create(DM_DEVICE_INFO);
		struct dm_info info;
		if (it && dm_task_set_name(it, d->name) && dm_task_run(it) && dm_task_get_info(it, &info) &&
		    info.exists) {
			const char *u = dm_task_get_uuid(it);
			d->uuid = arena_strdup(a, u ? u : "");
			d->open_count = info.open_count;
			d->suspended = info.suspended;
			d->read_only = info.read_only;
			d->live_table = info.live_table;
		} else
			d->uuid = "";
		if (it)
			dm_task_destroy(it);
		names = (struct dm_names *)((char *)names + next);
	} while (next);
	dm_task_destroy(dmt);
	*out = v;
	*n_out = n;
	return 0;
}

int dmk_table(struct arena *a, const char *name, struct strbuf *out)
{
	struct dm_task *dmt;
	void *next = NULL;
	uint64_t start, len;
	char *type, *params;

	if (!lib_init())
		return -ENODEV;
	if (!(dmt = dm_task_create(DM_DEVICE_TABLE)))
		return -ENOMEM;
	if (!dm_task_set_name(dmt, name) || !dm_task_run(dmt)) {
		dm_task_destroy(dmt);
		return -EIO;
	}
	do {
		next = dm_get_next_target(dmt, next, &start, &len, &type, &params);
		if (type)
			sb_printf(out, "%" PRIu64 " %" PRIu64 " %s%s%s\n", start, len, type,
				  params && *params ? " " : "", params ? params : "");
	} while (next);
	dm_task_destroy(dmt);
	(void)a;
	return 0;
}
