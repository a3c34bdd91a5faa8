/* The kernel backend: every operation is one libdevmapper task (dm_task),
 * one path whether it runs alone or from several threads.
 *
 * Threads: vgchange -ay/-an of many LVs is mostly the kernel's work and
 * waits (device setup, RCU grace periods), and independent devices made or
 * removed from 8 threads share them (bench/README). libdevmapper's tasks
 * are safe to run from threads once the library is set up (control node
 * open, driver version checked, udev state known: lib_init and
 * dmk_available do that on the main thread) but for one thing: the
 * /dev/mapper node operations it queues after create, resume, remove and
 * rename go on one global list (libdm-common.c, _stack_node_op). It
 * queues them only for a task that names the device (DEV_NAME; LVM2's
 * deptree relies on the same when it removes by number and calls
 * rm_dev_node itself). So every task here addresses its device by uuid
 * (rename excepted, see k_rename: it never runs from a worker), and the
 * nodes are made by udev when it runs (operations then go one at a time
 * with cookies, as LVM2's udev_sync), by lvmgr when it does not
 * (initramfs, containers, the test VM), as the library would (mode 0600).
 * DM_UDEV_DISABLE_LIBRARY_FALLBACK alone would not do: with
 * DM_DISABLE_UDEV=1 the library clears it. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <inttypes.h>
#include <limits.h>
#include <libdevmapper.h>
#include <linux/dm-ioctl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "activation/kernel.h"
#include "activation/memlock.h"

/* libdevmapper is loaded when device-mapper is first needed, not at
 * program start: most commands (pvs, vgs, lvcreate -an, and every command
 * on a kernel without device-mapper) never call it, and loading it with its
 * dependencies (libselinux, libudev, libpcre2, libm) costs ~0.6 ms of a
 * ~9 ms lvs. Its calls below go through these pointers. */
#define DM_SONAME "libdevmapper.so.1.02.1"
static struct {
	__typeof__(dm_dir) *dm_dir;
	__typeof__(dm_set_dev_dir) *dm_set_dev_dir;
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
	__typeof__(dm_task_no_flush) *dm_task_no_flush;
	__typeof__(dm_task_run) *dm_task_run;
	__typeof__(dm_task_set_add_node) *dm_task_set_add_node;
	__typeof__(dm_task_set_cookie) *dm_task_set_cookie;
	__typeof__(dm_task_set_name) *dm_task_set_name;
	__typeof__(dm_task_set_newname) *dm_task_set_newname;
	__typeof__(dm_task_set_ro) *dm_task_set_ro;
	__typeof__(dm_task_set_uuid) *dm_task_set_uuid;
	__typeof__(dm_task_set_minor) *dm_task_set_minor;
	__typeof__(dm_udev_set_sync_support) *dm_udev_set_sync_support;
	__typeof__(dm_udev_wait) *dm_udev_wait;
	__typeof__(dm_task_set_message) *dm_task_set_message;
	__typeof__(dm_task_set_sector) *dm_task_set_sector;
	__typeof__(dm_task_get_errno) *dm_task_get_errno;
	__typeof__(dm_cookie_supported) *dm_cookie_supported;
	__typeof__(dm_udev_get_sync_support) *dm_udev_get_sync_support;
} dmf;
#define dm_dir dmf.dm_dir
#define dm_set_dev_dir dmf.dm_set_dev_dir
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
#define dm_task_no_flush dmf.dm_task_no_flush
#define dm_task_run dmf.dm_task_run
#define dm_task_set_add_node dmf.dm_task_set_add_node
#define dm_task_set_cookie dmf.dm_task_set_cookie
#define dm_task_set_name dmf.dm_task_set_name
#define dm_task_set_newname dmf.dm_task_set_newname
#define dm_task_set_ro dmf.dm_task_set_ro
#define dm_task_set_uuid dmf.dm_task_set_uuid
#define dm_task_set_minor dmf.dm_task_set_minor
#define dm_udev_set_sync_support dmf.dm_udev_set_sync_support
#define dm_udev_wait dmf.dm_udev_wait
#define dm_task_set_message dmf.dm_task_set_message
#define dm_task_set_sector dmf.dm_task_set_sector
#define dm_task_get_errno dmf.dm_task_get_errno
#define dm_cookie_supported dmf.dm_cookie_supported
#define dm_udev_get_sync_support dmf.dm_udev_get_sync_support

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
	LOAD(dm_set_dev_dir)
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
	LOAD(dm_task_no_flush)
	LOAD(dm_task_run)
	LOAD(dm_task_set_add_node)
	LOAD(dm_task_set_cookie)
	LOAD(dm_task_set_name)
	LOAD(dm_task_set_newname)
	LOAD(dm_task_set_ro)
	LOAD(dm_task_set_uuid)
	LOAD(dm_task_set_minor)
	LOAD(dm_udev_set_sync_support)
	LOAD(dm_udev_wait)
	LOAD(dm_task_set_message)
	LOAD(dm_task_set_sector)
	LOAD(dm_task_get_errno)
	LOAD(dm_cookie_supported)
	LOAD(dm_udev_get_sync_support)
#undef LOAD
	state = 1;
	time_mark("dm: library loaded");
	return true;
}

static bool udev_running(void)
{
	static int known = -1;	/* once per command: every operation asks */
	struct stat st;
	if (known < 0)
		known = !getenv("DM_DISABLE_UDEV") && !stat("/run/udev/control", &st);
	return known;
}

static uint16_t udev_flags(void)
{
	/* With udev its rules make the nodes (LVM2's default: no library
	 * fallback); without, no rule is to touch them (LVM2's flags with
	 * activation/udev_rules = 0). */
	return udev_running() ? DM_UDEV_DISABLE_LIBRARY_FALLBACK
			      : DM_UDEV_DISABLE_DM_RULES_FLAG | DM_UDEV_DISABLE_SUBSYSTEM_RULES_FLAG |
					DM_UDEV_DISABLE_DISK_RULES_FLAG | DM_UDEV_DISABLE_OTHER_RULES_FLAG |
					DM_UDEV_DISABLE_LIBRARY_FALLBACK;
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

static char dev_dir[4096];	/* dmk_set_dev_dir: "" = the library's /dev */

void dmk_set_dev_dir(const char *dir)
{
	snprintf(dev_dir, sizeof(dev_dir), "%s", dir && strcmp(dir, "/dev") && strcmp(dir, "/dev/") ? dir : "");
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
	/* Nodes under devices/dir/mapper, as LVM2 (dm_set_dev_dir). */
	if (dev_dir[0])
		dm_set_dev_dir(dev_dir);
	/* the library's lazily set state, set here on the main thread before
	 * any task can run from a worker */
	dm_udev_set_sync_support(udev_running());
	(void)dm_udev_get_sync_support();
	(void)dm_cookie_supported();
	return true;
}

bool dmk_available(void)
{
	static int known = -1;
	int fd;
	if (known >= 0)
		return known;
	/* Open the control node ourselves first: without the driver,
	 * libdevmapper would explain at length (and need not be loaded). */
	if ((fd = open("/dev/mapper/control", O_RDWR | O_CLOEXEC)) < 0 && errno == ENOENT) {
		/* No node yet (an initramfs before dm_mod is loaded): make it,
		 * as libdevmapper does; opening it has the kernel load dm_mod
		 * (its alias char-major-10-236). */
		(void)mkdir("/dev/mapper", 0755);
		if (!mknod("/dev/mapper/control", S_IFCHR | 0600, makedev(10, 236)) || errno == EEXIST)
			fd = open("/dev/mapper/control", O_RDWR | O_CLOEXEC);
	}
	if (fd < 0)
		return (known = 0);
	close(fd);
	if (!lib_init())
		return (known = 0);
	/* A quiet probe: dm_driver_version needs the driver loaded. */
	char v[64];
	return (known = dm_driver_version(v, sizeof(v)) != 0);
}

/* A task for the device: by uuid when it has one (see the top). */
static struct dm_task *task(int type, const char *name, const char *uuid, int *err)
{
	struct dm_task *dmt;
	*err = -ENOMEM;
	/* never cut: two cut names could be one device */
	if (strlen(name) >= DM_NAME_LEN || (uuid && strlen(uuid) >= DM_UUID_LEN)) {
		*err = -ENAMETOOLONG;
		return NULL;
	}
	if (!lib_init()) {
		*err = -ENODEV;
		return NULL;
	}
	if (!(dmt = dm_task_create(type)))
		return NULL;
	if (uuid && *uuid ? !dm_task_set_uuid(dmt, uuid) : !dm_task_set_name(dmt, name)) {
		dm_task_destroy(dmt);
		return NULL;
	}
	return dmt;
}

/* Run dmt; uevent: an operation udev hears of (resume, remove, rename),
 * with a cookie carrying the rules' flags, waited for when udev runs. */
static int run(struct dm_task *dmt, bool uevent)
{
	uint32_t ck = 0;
	bool wait = uevent && dm_udev_get_sync_support();
	int ok, e;

	if (uevent && !dm_task_set_cookie(dmt, &ck, udev_flags()))
		return -EIO;
	errno = 0;
	ok = dm_task_run(dmt);
	e = ok ? 0 : dm_task_get_errno(dmt) ? dm_task_get_errno(dmt) : errno ? errno : EIO;
	if (wait)
		dm_udev_wait(ck);
	return -e;
}

/* The /dev/mapper node when udev does not make it, as libdevmapper makes
 * it then (mode 0600); one already there for the same device is kept. */
static int make_node(const char *name, uint32_t maj, uint32_t min)
{
	char path[PATH_MAX];
	struct stat st;
	dev_t dev = makedev(maj, min);
	if (udev_running())
		return 0;
	snprintf(path, sizeof(path), "%s/%s", dm_dir(), name);
	if (!lstat(path, &st)) {
		if (S_ISBLK(st.st_mode) && st.st_rdev == dev)
			return 0;
		if (unlink(path))	/* a stale node of an earlier device */
			return -errno;
	}
	return mknod(path, S_IFBLK | 0600, dev) ? -errno : 0;
}

static void drop_node(const char *name)
{
	char path[PATH_MAX];
	if (udev_running())
		return;
	snprintf(path, sizeof(path), "%s/%s", dm_dir(), name);
	if (unlink(path) && errno != ENOENT)
		log_warn("Cannot remove %s: %s", path, strerror(errno));
}

static int k_create(struct dt_backend *b, const char *name, const char *uuid, int64_t minor,
		    struct dmk_dev *made)
{
	struct dm_info info;
	int r;
	/* by name and uuid: nothing to address yet. No node is queued: the
	 * library adds it on resume (DM_ADD_NODE_ON_RESUME), and the resume
	 * goes by uuid. */
	struct dm_task *dmt = task(DM_DEVICE_CREATE, name, NULL, &r);
	if (!dmt)
		return r;
	if (!dm_task_set_uuid(dmt, uuid)) {
		dm_task_destroy(dmt);
		return -ENOMEM;
	}
	/* A persistent minor (LVM2's FIXED_MINOR): the device-mapper major,
	 * that minor; the kernel refuses a minor in use (EBUSY). */
	if (minor >= 0 && !dm_task_set_minor(dmt, (int)minor)) {
		dm_task_destroy(dmt);
		return -EINVAL;
	}
	if (!(r = run(dmt, false)) && made) {
		*made = (struct dmk_dev){.name = name, .uuid = uuid};
		if (dm_task_get_info(dmt, &info) && info.exists) {
			made->major = info.major;
			made->minor = info.minor;
		}
	}
	dm_task_destroy(dmt);
	return r;
}

static int k_load(struct dt_backend *b, const char *name, const char *uuid, const struct dm_target_line *t,
		  unsigned n, bool read_only)
{
	int r;
	struct dm_task *dmt = task(DM_DEVICE_RELOAD, name, uuid, &r);
	if (!dmt)
		return r;
	for (unsigned i = 0; i < n; i++)
		if (!dm_task_add_target(dmt, t[i].start, t[i].len, t[i].type, t[i].params)) {
			dm_task_destroy(dmt);
			return -ENOMEM;
		}
	if (read_only && !dm_task_set_ro(dmt)) {
		dm_task_destroy(dmt);
		return -ENOMEM;
	}
	r = run(dmt, false);
	dm_task_destroy(dmt);
	return r;
}

static int simple(int type, const char *name, const char *uuid, bool uevent, struct dm_info *info)
{
	int r;
	struct dm_task *dmt = task(type, name, uuid, &r);
	if (!dmt)
		return r;
	if (type == DM_DEVICE_REMOVE)
		dm_task_retry_remove(dmt);	/* briefly open (blkid): 25 x 0.2 s */
	r = run(dmt, uevent);
	if (!r && info && !(dm_task_get_info(dmt, info) && info->exists))
		memset(info, 0, sizeof(*info));
	dm_task_destroy(dmt);
	return r;
}

static int k_clear(struct dt_backend *b, const char *name, const char *uuid)
{
	return simple(DM_DEVICE_CLEAR, name, uuid, false, NULL);
}

/* The devices this process suspended and has not resumed or removed
 * (by uuid, else name): the memory stays locked while there is one
 * (memlock.h). */
static pthread_mutex_t susp_mu = PTHREAD_MUTEX_INITIALIZER;
static char **susp;
static unsigned n_susp, cap_susp;

static void suspended_by_us(const char *name, const char *uuid, bool ok)
{
	const char *key = uuid && *uuid ? uuid : name;
	bool keep = false;
	pthread_mutex_lock(&susp_mu);
	unsigned i = 0;
	while (i < n_susp && strcmp(susp[i], key))
		i++;
	if (ok && i == n_susp) {	/* (suspended twice: one lock) */
		if (n_susp == cap_susp) {
			unsigned cap = cap_susp ? cap_susp * 2 : 8;
			char **v = realloc(susp, cap * sizeof(*v));
			if (v) {
				susp = v;
				cap_susp = cap;
			}
		}
		if (n_susp < cap_susp && (susp[n_susp] = strdup(key))) {
			n_susp++;
			keep = true;
		}
	}
	pthread_mutex_unlock(&susp_mu);
	if (!keep)
		memlock_leave();
}

/* A device resumed or removed: was it one of ours, its lock dropped. */
static void let_go(const char *name, const char *uuid)
{
	const char *key = uuid && *uuid ? uuid : name;
	bool found = false;
	pthread_mutex_lock(&susp_mu);
	for (unsigned i = 0; i < n_susp && !found; i++)
		if (!strcmp(susp[i], key)) {
			free(susp[i]);
			susp[i] = susp[--n_susp];
			found = true;
		}
	pthread_mutex_unlock(&susp_mu);
	if (found)
		memlock_leave();
}

static int k_suspend(struct dt_backend *b, const char *name, const char *uuid)
{
	memlock_enter();
	int r = simple(DM_DEVICE_SUSPEND, name, uuid, false, NULL);
	suspended_by_us(name, uuid, !r);
	return r;
}

static int k_suspend_noflush(struct dt_backend *b, const char *name, const char *uuid)
{
	int r;
	memlock_enter();
	struct dm_task *dmt = task(DM_DEVICE_SUSPEND, name, uuid, &r);
	if (dmt) {
		r = dm_task_no_flush(dmt) ? run(dmt, false) : -ENOMEM;
		dm_task_destroy(dmt);
	}
	suspended_by_us(name, uuid, !r);
	return r;
}

static int k_resume(struct dt_backend *b, const char *name, const char *uuid, struct dmk_dev *out)
{
	struct dm_info info;
	int r = simple(DM_DEVICE_RESUME, name, uuid, true, &info);
	if (r)
		return r;
	let_go(name, uuid);
	if (out)
		*out = (struct dmk_dev){.name = name, .uuid = uuid, .major = info.major, .minor = info.minor,
					.read_only = info.read_only, .live_table = true};
	return info.major ? make_node(name, info.major, info.minor) : 0;
}

static int k_remove(struct dt_backend *b, const char *name, const char *uuid)
{
	int r = simple(DM_DEVICE_REMOVE, name, uuid, true, NULL);
	if (!r) {
		let_go(name, uuid);
		drop_node(name);
	}
	return r;
}

/* The kernel finds the device to rename by name only: this task names it,
 * so the library queues a node rename; rename runs on the main thread
 * only (never from the workers), and dm_udev_wait takes the queue now.
 * Whether the library renamed the node (DM_DISABLE_UDEV) or left it,
 * lvmgr's rename below finds it in its place. */
static int k_rename(struct dt_backend *b, const char *name, const char *uuid, const char *newname)
{
	char from[PATH_MAX], to[PATH_MAX];
	uint32_t ck = 0;
	int r;
	struct dm_task *dmt = task(DM_DEVICE_RENAME, name, NULL, &r);
	if (!dmt)
		return r;
	if (!dm_task_set_newname(dmt, newname) || !dm_task_set_cookie(dmt, &ck, udev_flags())) {
		dm_task_destroy(dmt);
		return -ENOMEM;
	}
	errno = 0;
	r = dm_task_run(dmt) ? 0 : -(dm_task_get_errno(dmt) ? dm_task_get_errno(dmt) : errno ? errno : EIO);
	dm_udev_wait(ck);
	dm_task_destroy(dmt);
	if (r || udev_running())
		return r;
	snprintf(from, sizeof(from), "%s/%s", dm_dir(), name);
	snprintf(to, sizeof(to), "%s/%s", dm_dir(), newname);
	if (rename(from, to) && errno != ENOENT)
		log_warn("Cannot rename %s to %s: %s", from, to, strerror(errno));
	return 0;
}

static int k_message(struct dt_backend *b, const char *name, const char *uuid, const char *msg)
{
	int r;
	struct dm_task *dmt = task(DM_DEVICE_TARGET_MSG, name, uuid, &r);
	if (!dmt)
		return r;
	if (!dm_task_set_sector(dmt, 0) || !dm_task_set_message(dmt, msg)) {
		dm_task_destroy(dmt);
		return -ENOMEM;
	}
	r = run(dmt, false);
	dm_task_destroy(dmt);
	return r;
}

/* The live table's lines (DM_DEVICE_TABLE) or their status (STATUS). */
static int lines(int type, struct arena *a, const char *name, const char *uuid, struct dm_target_line **t,
		 unsigned *n)
{
	void *next = NULL;
	uint64_t start, len;
	char *ty, *params;
	unsigned k = 0, cap = 4;
	int r;
	struct dm_task *dmt = task(type, name, uuid, &r);

	*t = NULL;
	*n = 0;
	if (!dmt)
		return r;
	if ((r = run(dmt, false))) {
		dm_task_destroy(dmt);
		return r;
	}
	struct dm_target_line *v = arena_alloc(a, cap * sizeof(*v));
	do {
		next = dm_get_next_target(dmt, next, &start, &len, &ty, &params);
		if (!ty)
			continue;
		if (k == cap) {
			struct dm_target_line *nv = arena_alloc(a, 2 * cap * sizeof(*nv));
			memcpy(nv, v, k * sizeof(*v));
			v = nv;
			cap *= 2;
		}
		v[k++] = (struct dm_target_line){start, len, arena_strdup(a, ty), arena_strdup(a, params ? params : "")};
	} while (next);
	dm_task_destroy(dmt);
	*t = v;
	*n = k;
	return 0;
}

static int k_table(struct dt_backend *b, struct arena *a, const char *name, const char *uuid,
		   struct dm_target_line **t, unsigned *n)
{
	return lines(DM_DEVICE_TABLE, a, name, uuid, t, n);
}

static int k_status(struct dt_backend *b, struct arena *a, const char *name, const char *uuid,
		    struct dm_target_line **t, unsigned *n)
{
	return lines(DM_DEVICE_STATUS, a, name, uuid, t, n);
}

/* DM_LIST_DEVICES with DM_UUID_FLAG (driver 4.45, Linux 5.13): every
 * device's name, numbers and uuid in one ioctl. The state (open count,
 * suspended, tables) is then read only for the devices a command looks
 * at (k_info on state_pending): listing through the library costs one
 * DM_DEV_STATUS per device in the system, so a command on one thin LV of
 * a pool with 1,000 made 1,000 of them. libdevmapper 1.02.185 never asks
 * the driver for the uuids (its DM_DEVICE_LIST task leaves the flag
 * unset), so this read-only query goes to the control node itself.
 * -ENOTSUP: the driver leaves the uuids out, or a name is mangled
 * (\xNN: the library unmangles it): the caller lists through the library. */
/* The listing's array with room for one more (arena: the old one stays). */
static struct dmk_dev *list_slot(struct arena *a, struct dmk_dev *v, unsigned n, unsigned *cap)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 32;
	struct dmk_dev *nv = arena_alloc(a, *cap * sizeof(*nv));
	if (n)
		memcpy(nv, v, n * sizeof(*nv));
	return nv;
}

#define LIST_ALIGN(p) ((char *)(((uintptr_t)(p) + 7) & ~(uintptr_t)7))
static int list_with_uuids(struct arena *a, struct dmk_dev **out, unsigned *n_out)
{
	char path[PATH_MAX];
	size_t size = 16384;
	int fd, r = -ENOTSUP;

	snprintf(path, sizeof(path), "%s/control", dm_dir());
	if ((fd = open(path, O_RDWR | O_CLOEXEC)) < 0)
		return -ENOTSUP;
	for (;;) {
		struct dm_ioctl *io = calloc(1, size);
		if (!io) {
			r = -ENOMEM;
			break;
		}
		io->version[0] = DM_VERSION_MAJOR;	/* minor 0: any 4.x driver takes it */
		io->data_size = (uint32_t)size;
		io->data_start = sizeof(*io);
		io->flags = DM_UUID_FLAG;
		if (ioctl(fd, DM_LIST_DEVICES, io)) {
			r = -errno;
			free(io);
			break;
		}
		if (io->flags & DM_BUFFER_FULL_FLAG) {
			free(io);
			if (size >= ((size_t)64 << 20))
				break;
			size *= 4;
			continue;
		}
		r = 0;
		struct dmk_dev *v = NULL;
		unsigned n = 0, cap = 0;
		const char *end = (const char *)io + (io->data_size < size ? io->data_size : size);
		const struct dm_name_list *nl = (const void *)((const char *)io + io->data_start);
		if (io->version[1] < 45)
			r = -ENOTSUP;
		else if ((const char *)nl + sizeof(*nl) > end || !nl->dev)
			nl = NULL;	/* no device */
		while (!r && nl) {
			const char *name = nl->name;
			size_t nlen = strnlen(name, (size_t)(end - name));
			const uint32_t *ev = (const void *)LIST_ALIGN(name + nlen + 1);
			if (name + nlen >= end || (const char *)(ev + 2) > end ||
			    !(ev[1] & (DM_NAME_LIST_FLAG_HAS_UUID | DM_NAME_LIST_FLAG_DOESNT_HAVE_UUID)) ||
			    strchr(name, '\\')) {
				r = -ENOTSUP;
				break;
			}
			const char *uuid = "";
			if (ev[1] & DM_NAME_LIST_FLAG_HAS_UUID) {
				uuid = LIST_ALIGN(ev + 2);
				if (uuid >= end || !memchr(uuid, 0, (size_t)(end - uuid))) {
					r = -ENOTSUP;
					break;
				}
			}
			v = list_slot(a, v, n, &cap);
			dev_t dev = (dev_t)nl->dev;	/* huge_encode_dev: the new encoding */
			v[n++] = (struct dmk_dev){.name = arena_strdup(a, name), .uuid = arena_strdup(a, uuid),
						  .major = major(dev), .minor = minor(dev), .state_pending = true};
			if (!nl->next)
				break;
			if ((size_t)(end - (const char *)nl) <= nl->next) {
				r = -ENOTSUP;
				break;
			}
			nl = (const void *)((const char *)nl + nl->next);
		}
		free(io);
		if (!r) {
			*out = v;
			*n_out = n;
		}
		break;
	}
	close(fd);
	return r;
}

static int k_info(struct dt_backend *b, struct dmk_dev *d)
{
	struct dm_info info;
	int r;
	struct dm_task *it = task(DM_DEVICE_INFO, d->name, d->uuid, &r);

	d->state_pending = false;
	d->open_count = 0;
	d->suspended = d->read_only = d->live_table = d->inactive_table = false;
	if (!it)
		return r;
	if (!(r = run(it, false)) && dm_task_get_info(it, &info) && info.exists) {
		d->open_count = info.open_count;
		d->suspended = info.suspended;
		d->read_only = info.read_only;
		d->live_table = info.live_table;
		d->inactive_table = info.inactive_table;
	}
	dm_task_destroy(it);
	return r;
}

static int k_list(struct dt_backend *b, struct arena *a, struct dmk_dev **out, unsigned *n_out)
{
	struct dm_task *dmt;
	struct dm_names *names;
	struct dmk_dev *v = NULL;
	unsigned n = 0, cap = 0, next;

	*out = NULL;
	*n_out = 0;
	if (!lib_init())
		return -ENODEV;
	if (!list_with_uuids(a, out, n_out))
		return 0;	/* else the library's listing (which reports its own errors) */
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
		v = list_slot(a, v, n, &cap);
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
			d->inactive_table = info.inactive_table;
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

static struct dt_backend kernel = {
	.name = "kernel",
	.create = k_create,
	.load = k_load,
	.clear = k_clear,
	.suspend = k_suspend,
	.suspend_noflush = k_suspend_noflush,
	.resume = k_resume,
	.remove = k_remove,
	.rename = k_rename,
	.message = k_message,
	.status = k_status,
	.table = k_table,
	.list = k_list,
	.info = k_info,
};

struct dt_backend *dmk_backend(void)
{
	/* Worker threads only without udev: with it, each operation waits
	 * for udev in turn (cookies), as LVM2 does. */
	kernel.parallel = !udev_running();
	return &kernel;
}
