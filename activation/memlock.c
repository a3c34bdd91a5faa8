/* Memory locked while devices are suspended (memlock.h says why).
 *
 * LVM2 walks /proc/self/maps and mlocks every readable mapping but its
 * filter's. lvmgr's threads keep their 8 MiB stacks (glibc caches them
 * once joined), which mlock would fault in whole; so anonymous memory is
 * locked as it is (mlockall MCL_ONFAULT: what is in memory stays, what is
 * touched next is locked), and only the file mappings, the code a command
 * runs while a device is suspended, are faulted in and locked whole. */
#include <alloca.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "activation/memlock.h"
#include "lvmgr/base/util.h"

#ifndef MCL_ONFAULT
#define MCL_ONFAULT 4
#endif

/* LVM2's default filter (lib/mm/memlock.c, _blacklist_maps): files not
 * used while devices are suspended. */
static const char *const default_filter[] = {
	"locale/locale-archive", "/LC_MESSAGES/", "gconv/gconv-modules.cache", "/ld-2.", "/libaio.so.",
	"/libattr.so.", "/libblkid.so.", "/libbz2.so.", "/libcap.so.", "/libdl-", "/libdw-", "/libelf-",
	"/libgcrypt.so.", "/libgpg-error.so.", "/liblz4.so.", "/liblzma.so.", "/libmount.so.",
	"/libncurses.so.", "/libpcre.so.", "/libpcre2-", "/libreadline.so.", "/libedit.so.", "/libresolv-",
	"/libselinux.so.", "/libsepol.so.", "/libsystemd.so.", "/libtinfo.so.", "/libudev.so.",
	"/libuuid.so.", "/libz.so.", "/etc/selinux",
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct memlock_conf conf = {.reserved_stack_kb = 64, .priority = -18};
static unsigned depth;		/* enters not yet left */
static bool locked, prio_raised;
static int old_prio;

void memlock_configure(const struct memlock_conf *c)
{
	pthread_mutex_lock(&mu);
	conf = *c;
	pthread_mutex_unlock(&mu);
}

bool memlock_locked(void)
{
	pthread_mutex_lock(&mu);
	bool l = locked;
	pthread_mutex_unlock(&mu);
	return l;
}

bool memlock_map_wanted(const char *line, const char *const *filter, unsigned n_filter)
{
	/* "from-to perms offset dev inode   path" */
	const char *perms = strchr(line, ' '), *path;
	if (!perms || perms[1] != 'r')
		return false;
	if (!(path = strchr(perms, '/')))	/* anonymous, [heap], [stack], [vdso], ... */
		return false;
	if (!strncmp(path, "/dev/", 5))		/* a device's mapping: not code */
		return false;
	if (!filter) {
		filter = default_filter;
		n_filter = ARRAY_SIZE(default_filter);
	}
	for (unsigned i = 0; i < n_filter; i++)
		if (filter[i][0] && strstr(path, filter[i]))
			return false;
	return true;
}

/* Each wanted mapping of /proc/self/maps faulted in and locked; the bytes
 * locked. */
static size_t lock_file_maps(void)
{
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	size_t cap = 16384, len = 0, total = 0;
	char *buf = fd >= 0 ? malloc(cap) : NULL;
	ssize_t n;
	if (!buf) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while ((n = read(fd, buf + len, cap - len - 1)) > 0 || (n < 0 && errno == EINTR)) {
		if (n > 0 && (len += (size_t)n) == cap - 1) {
			char *b = realloc(buf, cap * 2);
			if (!b)
				break;
			buf = b;
			cap *= 2;
		}
	}
	close(fd);
	buf[len] = '\0';
	for (char *line = buf, *end; *line; line = end + 1) {
		if (!(end = strchr(line, '\n')))
			end = line + strlen(line) - 1;
		else
			*end = '\0';
		unsigned long from, to;
		char *p;
		if (!memlock_map_wanted(line, conf.filter, conf.n_filter))
			continue;
		from = strtoul(line, &p, 16);
		if (*p != '-' || (to = strtoul(p + 1, NULL, 16)) <= from)
			continue;
		if (!mlock((void *)from, to - from))
			total += to - from;
		else
			log_debug("mlock %s: %s", line, strerror(errno));
	}
	free(buf);
	return total;
}

static void lock_now(void)
{
	struct rlimit rl;
	size_t stack = conf.reserved_stack_kb > 0 ? (size_t)conf.reserved_stack_kb << 10 : 0;
	if (!getrlimit(RLIMIT_STACK, &rl) && rl.rlim_cur != RLIM_INFINITY && stack > rl.rlim_cur / 2)
		stack = rl.rlim_cur / 2;
	if (stack > (8u << 20))
		stack = 8u << 20;
	if (stack) {	/* the stack this thread may still need, in memory */
		volatile char *s = alloca(stack);
		for (size_t i = 0; i < stack; i += 4096)
			s[i] = 0;
	}
	log_debug("Locking memory");
	if (mlockall(MCL_CURRENT | MCL_FUTURE | (conf.use_mlockall ? 0 : MCL_ONFAULT)))
		log_warn("Failed to lock memory (mlockall): %s.", strerror(errno));
	else if (!conf.use_mlockall)
		log_debug("Locked %zu bytes of mapped files", lock_file_maps());
	errno = 0;
	int p = getpriority(PRIO_PROCESS, 0);
	if (!(p == -1 && errno) && conf.priority < p) {
		if (!setpriority(PRIO_PROCESS, 0, conf.priority)) {
			old_prio = p;
			prio_raised = true;
		}
	}
	locked = true;
}

static void unlock_now(void)
{
	log_debug("Unlocking memory");
	if (munlockall())
		log_debug("munlockall: %s", strerror(errno));
	if (prio_raised && setpriority(PRIO_PROCESS, 0, old_prio))
		log_debug("setpriority %d: %s", old_prio, strerror(errno));
	prio_raised = false;
	locked = false;
}

void memlock_enter(void)
{
	pthread_mutex_lock(&mu);
	if (!depth++)
		lock_now();
	pthread_mutex_unlock(&mu);
}

void memlock_leave(void)
{
	pthread_mutex_lock(&mu);
	if (depth && !--depth && locked)
		unlock_now();
	pthread_mutex_unlock(&mu);
}
