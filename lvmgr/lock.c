/* flock()-based locking compatible with LVM2 2.03's file locking
 * (lib/locking/file_locking.c, lib/misc/lvm-flock.c):
 *  - files "<dir>/V_<vg>" and "<dir>/P_global", opened
 *    O_CREAT|O_APPEND|O_RDWR with mode 0777 (umask applies), dir created
 *    with mode 0777 when missing;
 *  - LOCK_SH for readers, LOCK_EX for writers;
 *  - after flock() the path is stat()ed again: a releasing process may
 *    have unlinked the file between our open() and flock(), and a lock on
 *    an unlinked inode excludes nobody, so we reopen and retry;
 *  - on release the holder unlocks, then takes LOCK_EX|LOCK_NB and unlinks
 *    the file if it is still the same inode (nobody else waits on it);
 *  - global/prioritise_write_locks (default 1): every lock attempt first
 *    takes "<file>:aux" exclusively. A writer keeps it until it has the
 *    main lock, a reader drops it before taking its shared lock, so a
 *    waiting writer stops new readers from overtaking it.
 * VG names starting with "#orphans" are not locked (LVM2's is_orphan_vg). */
#include "lvmgr/lock.h"
#include "lvmgr/base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LOCK_DIR_DEFAULT "/run/lock/lvm"
#define AUX_SUFFIX ":aux"
#define POLL_MIN_NS 1000000L	/* 1 ms */
#define POLL_MAX_NS 100000000L	/* 100 ms */

struct lock_entry {
	struct lock_entry *next;
	char *path;
	char *name;	/* VG name, or NULL for the global lock */
	int fd;
	enum lock_mode mode;
};

struct lock_set {
	char *dir;
	bool wait;
	unsigned timeout_sec;
	bool dir_ok;
	struct lock_entry *locks;
};

struct lock_set *lock_set_new(const char *lock_dir, bool wait, unsigned timeout_sec)
{
	struct lock_set *ls = calloc(1, sizeof(*ls));

	if (!ls || !(ls->dir = strdup(lock_dir && *lock_dir ? lock_dir : LOCK_DIR_DEFAULT))) {
		free(ls);
		log_error("Failed to allocate lock set.");
		return NULL;
	}
	ls->wait = wait;
	ls->timeout_sec = timeout_sec;
	return ls;
}

/* dm_create_dir(): mkdir -p with mode 0777. */
static int create_dir(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;
	size_t n = strlen(dir);

	if (n >= sizeof(path)) {
		log_error("Path for locking_dir %s is invalid.", dir);
		return -ENAMETOOLONG;
	}
	if (!stat(dir, &st) && S_ISDIR(st.st_mode))
		return 0;
	memcpy(path, dir, n + 1);
	for (char *s = path + 1; ; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(path, 0777) && errno != EEXIST) {
			int e = errno;
			log_error("%s: mkdir failed: %s", path, strerror(e));
			return -e;
		}
		if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
			log_error("%s: not a directory.", path);
			return -ENOTDIR;
		}
		if (!c)
			break;
		*s = c;
	}
	return 0;
}

static bool same_inode(const char *path, int fd)
{
	struct stat a, b;

	return !stat(path, &a) && !fstat(fd, &b) && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* _undo_flock(): unlink the file when nobody else holds or waits on it. */
static void undo_flock(const char *path, int fd)
{
	if (!flock(fd, LOCK_EX | LOCK_NB) && same_inode(path, fd) && unlink(path))
		log_debug("%s: unlink failed: %s", path, strerror(errno));
	close(fd);
}

static bool past(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline->tv_sec ||
	       (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec);
}

/* flock() honouring the set's wait mode: non-blocking, blocking forever, or
 * LOCK_NB polling with a growing pause until the deadline. 0 or -errno
 * (-EAGAIN busy, -ETIMEDOUT, -EINTR). */
static int flock_wait(const struct lock_set *ls, int fd, int op, const struct timespec *deadline)
{
	long pause = POLL_MIN_NS;

	if (!ls->wait)
		return flock(fd, op | LOCK_NB) ? -errno : 0;
	if (!ls->timeout_sec) {
		if (!flock(fd, op))
			return 0;
		return -errno;	/* EINTR: a signal, LVM2 "Giving up waiting" */
	}
	for (;;) {
		if (!flock(fd, op | LOCK_NB))
			return 0;
		if (errno != EWOULDBLOCK)
			return -errno;
		if (past(deadline))
			return -ETIMEDOUT;
		struct timespec ts = { 0, pause };
		nanosleep(&ts, NULL);
		if (pause < POLL_MAX_NS)
			pause *= 2;
	}
}

static void log_lock_failure(const struct lock_set *ls, const char *path, int r)
{
	if (r == -ETIMEDOUT)
		log_error("%s: timed out after %u seconds waiting for lock.", path, ls->timeout_sec);
	else if (r == -EINTR)
		log_error("Giving up waiting for lock.");
	else
		log_error("%s: flock failed: %s", path, strerror(-r));
}

/* _do_flock(): open + flock, retrying when the file was unlinked under us.
 * Returns the locked fd or -errno. */
static int do_flock(const struct lock_set *ls, const char *path, int op, const struct timespec *deadline)
{
	for (;;) {
		int fd = open(path, O_CREAT | O_APPEND | O_RDWR | O_CLOEXEC, 0777);
		int r;

		if (fd < 0) {
			r = -errno;
			log_error("%s: open failed: %s", path, strerror(-r));
			return r;
		}
		if ((r = flock_wait(ls, fd, op, deadline))) {
			close(fd);
			return r;
		}
		if (same_inode(path, fd))
			return fd;
		/* Lost the race with a releasing holder's unlink: the file we
		 * locked is no longer the one others open. */
		close(fd);
	}
}

/* _do_write_priority_flock(). */
static int take_lock(const struct lock_set *ls, const char *path, int op, const struct timespec *deadline)
{
	char aux[PATH_MAX];
	int afd, fd;

	if (snprintf(aux, sizeof(aux), "%s" AUX_SUFFIX, path) >= (int)sizeof(aux))
		return -ENAMETOOLONG;
	if ((afd = do_flock(ls, aux, LOCK_EX, deadline)) < 0)
		return afd;
	if (op == LOCK_EX) {
		fd = do_flock(ls, path, op, deadline);
		undo_flock(aux, afd);
	} else {
		undo_flock(aux, afd);
		fd = do_flock(ls, path, op, deadline);
	}
	return fd;
}

static struct lock_entry *find_entry(struct lock_set *ls, const char *vgname)
{
	for (struct lock_entry *e = ls->locks; e; e = e->next)
		if ((!vgname && !e->name) || (vgname && e->name && !strcmp(vgname, e->name)))
			return e;
	return NULL;
}

static int lock_name(struct lock_set *ls, const char *vgname, enum lock_mode mode)
{
	int op = mode == LOCK_EXCL ? LOCK_EX : LOCK_SH;
	struct lock_entry *e;
	struct timespec deadline;
	char path[PATH_MAX];
	int r, fd;

	if (!ls)
		return -EINVAL;
	if (vgname && (!*vgname || strchr(vgname, '/') || !strcmp(vgname, ".") || !strcmp(vgname, ".."))) {
		log_error("Invalid VG name \"%s\" for locking.", vgname);
		return -EINVAL;
	}
	if (vgname && !strncmp(vgname, "#orphans", 8))
		return 0;	/* LVM2 does not lock orphans either */

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += ls->timeout_sec;

	if ((e = find_entry(ls, vgname))) {
		if (e->mode == LOCK_EXCL || mode == LOCK_SHARED)
			return 0;	/* already strong enough: keep */
		/* Upgrade on the same fd. flock() conversion is not atomic:
		 * Linux drops the shared lock before trying the exclusive one,
		 * so after a failure try to get the shared lock back. */
		if (!(r = flock_wait(ls, e->fd, LOCK_EX, &deadline))) {
			e->mode = LOCK_EXCL;
			return 0;
		}
		log_lock_failure(ls, e->path, r);
		if (flock(e->fd, LOCK_SH | LOCK_NB)) {
			log_error("%s: shared lock lost during failed upgrade.", e->path);
			lock_vg_release(ls, vgname);
		}
		return r;
	}

	if (!ls->dir_ok) {
		if ((r = create_dir(ls->dir)))
			return r;
		ls->dir_ok = true;
	}
	if (vgname)
		r = snprintf(path, sizeof(path), "%s/V_%s", ls->dir, vgname);
	else
		r = snprintf(path, sizeof(path), "%s/P_global", ls->dir);
	if (r >= (int)(sizeof(path) - sizeof(AUX_SUFFIX))) {
		log_error("Too long locking filename %s/%s%s.", ls->dir, vgname ? "V_" : "P_",
			  vgname ? vgname : "global");
		return -ENAMETOOLONG;
	}
	log_debug("Locking %s %c%c", path, mode == LOCK_EXCL ? 'W' : 'R', ls->wait ? 'B' : ' ');
	if ((fd = take_lock(ls, path, op, &deadline)) < 0) {
		log_lock_failure(ls, path, fd);
		return fd;
	}
	if (!(e = calloc(1, sizeof(*e))) || !(e->path = strdup(path)) ||
	    (vgname && !(e->name = strdup(vgname)))) {
		if (e) {
			free(e->path);
			free(e);
		}
		undo_flock(path, fd);
		log_error("Failed to allocate lock.");
		return -ENOMEM;
	}
	e->fd = fd;
	e->mode = mode;
	e->next = ls->locks;
	ls->locks = e;
	return 0;
}

int lock_vg(struct lock_set *ls, const char *vgname, enum lock_mode mode)
{
	if (!vgname) {
		log_error("Internal error: lock_vg without a VG name.");
		return -EINVAL;
	}
	return lock_name(ls, vgname, mode);
}

int lock_global(struct lock_set *ls, enum lock_mode mode)
{
	return lock_name(ls, NULL, mode);
}

static void release_entry(struct lock_entry *e)
{
	log_debug("Unlocking %s", e->path);
	if (flock(e->fd, LOCK_UN | LOCK_NB))
		log_debug("%s: flock failed: %s", e->path, strerror(errno));
	undo_flock(e->path, e->fd);
	free(e->path);
	free(e->name);
	free(e);
}

void lock_vg_release(struct lock_set *ls, const char *vgname)
{
	if (!ls)
		return;
	for (struct lock_entry **p = &ls->locks; *p; p = &(*p)->next) {
		struct lock_entry *e = *p;
		if ((!vgname && !e->name) || (vgname && e->name && !strcmp(vgname, e->name))) {
			*p = e->next;
			release_entry(e);
			return;
		}
	}
}

void lock_set_free(struct lock_set *ls)
{
	struct lock_entry *e, *n;

	if (!ls)
		return;
	for (e = ls->locks; e; e = n) {
		n = e->next;
		release_entry(e);
	}
	free(ls->dir);
	free(ls);
}
