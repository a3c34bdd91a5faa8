/* Arenas, strbufs and logging. */
#include "lvmgr/base/util.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>

#define ARENA_CHUNK (64 * 1024)
/* Past ARENA_BIG bytes an arena grows by 2 MiB chunks on transparent huge
 * pages (where the kernel has them, "madvise" mode, Debian's default): a
 * 2 MiB fault costs about what eight 4 KiB faults do, and a big VG's parse
 * and import otherwise spend a quarter of their time faulting pages in. */
#define ARENA_BIG (1024 * 1024)
#define HUGE_SIZE (2 * 1024 * 1024)

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("lvmgr: out of memory\n", stderr);
		abort();
	}
	return p;
}

int writev_all(int fd, struct iovec *iov, size_t n)
{
	size_t k = 0;
	while (k < n) {
		if (!iov[k].iov_len) {
			k++;
			continue;
		}
		ssize_t w = writev(fd, iov + k, (int)(n - k < IOV_MAX ? n - k : IOV_MAX));
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!w)
			return -EIO;
		for (size_t left = (size_t)w; k < n && left;) {
			size_t t = left < iov[k].iov_len ? left : iov[k].iov_len;
			iov[k].iov_base = (char *)iov[k].iov_base + t;
			iov[k].iov_len -= t;
			left -= t;
			if (!iov[k].iov_len)
				k++;
		}
	}
	return 0;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		fputs("lvmgr: out of memory\n", stderr);
		abort();
	}
	return q;
}

struct arena_owned {
	struct arena_owned *next;
	void *p;
	size_t map_len;	/* a mapping to unmap, or 0: malloc'ed */
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->total = 0;
	a->owned = NULL;
	a->big = false;
}

void arena_expect(struct arena *a, size_t bytes)
{
	if (a->total + bytes >= ARENA_BIG || bytes >= ARENA_BIG)
		a->big = true;
}

void arena_own(struct arena *a, void *p)
{
	if (!p)
		return;
	struct arena_owned *o = arena_alloc_raw(a, sizeof(*o));
	o->p = p;
	o->map_len = 0;
	o->next = a->owned;
	a->owned = o;
}

void arena_own_map(struct arena *a, void *p, size_t len)
{
	arena_own(a, p);
	a->owned->map_len = len;
}

static void chunk_free(struct arena_chunk *c)
{
	if (c->mapped)
		munmap(c, c->mapped);
	else
		free(c);
}

void arena_free(struct arena *a)
{
	struct arena_chunk *c, *n;
	if (!a)
		return;
	for (struct arena_owned *o = a->owned; o; o = o->next)	/* records live in the chunks */
		if (o->map_len)
			munmap(o->p, o->map_len);
		else
			free(o->p);
	a->owned = NULL;
	for (c = a->head; c; c = n) {
		n = c->next;
		chunk_free(c);
	}
	a->head = NULL;
	a->total = 0;
	a->big = false;
}

/* A chunk of at least bytes (header included) on huge pages: a 2 MiB
 * aligned mapping, or NULL (then malloc serves). */
static struct arena_chunk *chunk_map_huge(size_t bytes)
{
	size_t len = (bytes + HUGE_SIZE - 1) & ~(size_t)(HUGE_SIZE - 1);
	if (len < bytes)
		return NULL;
	unsigned char *m = mmap(NULL, len + HUGE_SIZE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	uintptr_t a = ((uintptr_t)m + HUGE_SIZE - 1) & ~(uintptr_t)(HUGE_SIZE - 1);
	unsigned char *p = (unsigned char *)a;
	if (p > m)
		munmap(m, (size_t)(p - m));
	if (p + len < m + len + HUGE_SIZE)
		munmap(p + len, (size_t)(m + len + HUGE_SIZE - (p + len)));
	madvise(p, len, MADV_HUGEPAGE);
	struct arena_chunk *c = (struct arena_chunk *)p;
	c->mapped = len;
	c->size = len - sizeof(*c);
	return c;
}

void arena_adopt(struct arena *dst, struct arena *src)
{
	struct arena_chunk *tail = src->head;
	if (!tail)
		return;
	while (tail->next)
		tail = tail->next;
	/* Behind dst's current chunk, which keeps serving allocations. */
	if (dst->head) {
		tail->next = dst->head->next;
		dst->head->next = src->head;
	} else {
		dst->head = src->head;
	}
	dst->total += src->total;
	src->head = NULL;
	src->total = 0;
	if (src->owned) {
		struct arena_owned *last = src->owned;
		while (last->next)
			last = last->next;
		last->next = dst->owned;
		dst->owned = src->owned;
		src->owned = NULL;
	}
}

/* The inline fast path (util.h) found no room: a new chunk. */
void *arena_alloc_slow(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t need = (n + 15) & ~(size_t)15;
	void *p;

	if (need < n) {
		fputs("lvmgr: allocation too large\n", stderr);
		abort();
	}
	if (!c || c->size - c->used < need) {
		/* Large requests get a chunk of their own behind the current one,
		 * so the current chunk's free tail stays usable. */
		bool big = a->big || a->total >= ARENA_BIG || need >= ARENA_BIG;
		size_t unit = big ? HUGE_SIZE - sizeof(*c) : ARENA_CHUNK;
		size_t size = need > unit / 4 ? need : unit;
		struct arena_chunk *nc = NULL;
		if (big && sizeof(*nc) + size >= size)
			nc = chunk_map_huge(sizeof(*nc) + size);
		if (!nc) {
			nc = xmalloc(sizeof(*nc) + size);
			nc->mapped = 0;
			nc->size = size;
		}
		nc->used = 0;
		a->total += nc->size;
		if (c && size != unit) {
			nc->next = c->next;
			c->next = nc;
		} else {
			nc->next = c;
			a->head = nc;
		}
		c = nc;
	}
	p = c->data + c->used;
	c->used += need;
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void sb_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void sb_init_aligned(struct strbuf *sb, size_t cap)
{
	void *p = NULL;
	sb_init(sb);
	if (!cap || posix_memalign(&p, 4096, cap))
		return;
	sb->buf = p;
	sb->buf[0] = '\0';
	sb->cap = cap;
}

void sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb_init(sb);
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void sb_grow(struct strbuf *sb, size_t extra)
{
	size_t want = sb->len + extra + 1;
	if (want <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 256;
	while (cap < want)
		cap *= 2;
	sb->buf = xrealloc(sb->buf, cap);
	sb->cap = cap;
}

void sb_add_u64(struct strbuf *sb, uint64_t v)
{
	char tmp[20];
	size_t n = 0;
	do {
		tmp[sizeof(tmp) - ++n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sb_add(sb, tmp + sizeof(tmp) - n, n);
}

void sb_add_i64(struct strbuf *sb, int64_t v)
{
	if (v < 0) {
		sb_addc(sb, '-');
		sb_add_u64(sb, -(uint64_t)v);
	} else
		sb_add_u64(sb, (uint64_t)v);
}

void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	/* One vsnprintf into the spare room; a second one only when the
	 * text did not fit (metadata export formats every line here). */
	va_list ap2;
	sb_grow(sb, 128);
	va_copy(ap2, ap);
	int n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		sb->buf[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= sb->cap - sb->len) {
		sb_grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	}
	sb->len += (size_t)n;
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

void sb_add_quoted(struct strbuf *sb, const char *s)
{
	/* Runs between escapes go in with one append each. */
	sb_addc(sb, '"');
	for (;;) {
		size_t run = strcspn(s, "\"\\");
		sb_add(sb, s, run);
		s += run;
		if (!*s)
			break;
		sb_addc(sb, '\\');
		sb_addc(sb, *s++);
	}
	sb_addc(sb, '"');
}

int log_verbosity = LOG_PRINT;
bool log_quiet;
bool log_print_to_stderr;
bool log_suppress;
bool log_syslog;

/* Marks are kept and printed at exit: a write to stderr (often a pipe)
 * may wake its reader and charge the next step a reschedule. */
#define TIME_MARKS 64
static struct time_rec {
	const char *what;
	long us, cpu_us, faults;
} time_recs[TIME_MARKS];
static unsigned time_n;

static void time_flush(void)
{
	for (unsigned i = 0; i < time_n; i++)
		fprintf(stderr, "lvmgr: time %ld %s (%ld faults, cpu %ld)\n", time_recs[i].us, time_recs[i].what,
			time_recs[i].faults, time_recs[i].cpu_us);
	time_n = 0;
}

static void time_at_exit(void)
{
	time_mark("exit");
	time_flush();
}

static long ts_us(const struct timespec *a, const struct timespec *b)
{
	return (long)((b->tv_sec - a->tv_sec) * 1000000 + (b->tv_nsec - a->tv_nsec) / 1000);
}

void time_mark(const char *what)
{
	static int on = -1;
	static struct timespec t0;
	static long own;	/* microseconds spent in here: charged to no step */
	struct timespec t, t2, cpu;

	if (on < 0) {
		const char *e = getenv("LVMGR_TIMING");
		on = e && *e && strcmp(e, "0");
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (on)
			atexit(time_at_exit);
	}
	if (!on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t);
	/* The page faults so far (all threads): first touches of memory cost
	 * about a microsecond a page on a virtual machine. A process's first
	 * getrusage can take most of a millisecond (seen on 6.x kernels in a
	 * VM): the time spent here is left out of the figures. */
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru))
		ru.ru_minflt = ru.ru_majflt = 0;
	/* CPU time of all threads: wall minus this is time spent waiting
	 * (I/O, the kernel's grace periods, another process). */
	static const struct timespec zero;
	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu))
		cpu = zero;
	if (time_n == TIME_MARKS)
		time_flush();
	time_recs[time_n++] = (struct time_rec){what, ts_us(&t0, &t) - own, ts_us(&zero, &cpu), ru.ru_minflt + ru.ru_majflt};
	clock_gettime(CLOCK_MONOTONIC, &t2);
	own += ts_us(&t, &t2);
}

/* bare: a warning whose text has no "WARNING: " in LVM2 either */
static void log_vmsg(enum log_level lvl, bool bare, const char *fmt, va_list ap)
{
	va_list aq;
	if ((int)lvl > log_verbosity)
		return;
	if (log_syslog && lvl <= LOG_PRINT) {
		va_copy(aq, ap);
		log_journal_v((int)lvl, fmt, aq);
		va_end(aq);
	}
	if (log_suppress || (log_quiet && lvl == LOG_PRINT))
		return;
	/* As LVM2: progress messages on stdout; errors, warnings and -v/-d
	 * chatter on stderr,
	 * both indented by two spaces (scripts match on that). Machine-readable
	 * reports set log_print_to_stderr so stdout stays pure. */
	FILE *f = (lvl == LOG_PRINT && !log_print_to_stderr) ? stdout : stderr;
	/* What went to stdout comes first when both streams go to one place
	 * (2>&1 | tee): LVM2's stdout is line buffered. A report's lines
	 * stay buffered, flushed only when a message follows. */
	if (f == stderr)
		fflush(stdout);
	fputs(lvl == LOG_WARN && !bare ? "  WARNING: " : "  ", f);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_vmsg(lvl, false, fmt, ap);
	va_end(ap);
}

void log_warn_bare(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_vmsg(LOG_WARN, true, fmt, ap);
	va_end(ap);
}

void err_printf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* ---- parallel_for ----
 * The workers are kept for the life of the process and wake for each call
 * (a commit runs two, a scan several; over 256 PVs a call used to start
 * 127 threads). The caller takes items too, so a call completes even if
 * no worker wakes; a call made while another runs (from one of its items)
 * starts threads of its own. */

enum { POOL_MAX = 64 };

struct pfor {
	void (*fn)(void *ctx, unsigned i);
	void *ctx;
	unsigned n, next;
	pthread_mutex_t mu;
};

static void *pfor_worker(void *arg)
{
	struct pfor *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		unsigned i = p->next < p->n ? p->next++ : p->n;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->n)
			return NULL;
		p->fn(p->ctx, i);
	}
}

/* want threads (the caller one of them), each started for this call. */
static void spawn_for(unsigned n, unsigned want, void (*fn)(void *ctx, unsigned i), void *ctx)
{
	struct pfor p = {.fn = fn, .ctx = ctx, .n = n};
	pthread_t th[POOL_MAX];
	unsigned nth = 0;

	pthread_mutex_init(&p.mu, NULL);
	while (nth + 1 < want && !pthread_create(&th[nth], NULL, pfor_worker, &p))
		nth++;
	pfor_worker(&p);
	for (unsigned t = 0; t < nth; t++)
		pthread_join(th[t], NULL);
	pthread_mutex_destroy(&p.mu);
}

static struct {
	pthread_mutex_t mu;
	pthread_cond_t wake, done;
	unsigned workers;	/* started so far (they never end) */
	unsigned long gen;	/* calls so far: a worker joins each new one once */
	bool busy;		/* a call is running */
	void (*fn)(void *ctx, unsigned i);
	void *ctx;
	unsigned n, next;	/* the call's items, the next one to take */
	unsigned want, joined;	/* workers the call asks for, and has */
	unsigned active;	/* workers still in the call */
} pool = {.mu = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER,
	  .done = PTHREAD_COND_INITIALIZER};

/* Items of the current call, with pool.mu held (released around each). */
static void pool_take_items(void)
{
	while (pool.next < pool.n) {
		unsigned i = pool.next++;
		void (*fn)(void *, unsigned) = pool.fn;
		void *ctx = pool.ctx;
		pthread_mutex_unlock(&pool.mu);
		fn(ctx, i);
		pthread_mutex_lock(&pool.mu);
	}
}

static void *pool_worker(void *arg)
{
	unsigned long seen = (unsigned long)(uintptr_t)arg;

	pthread_mutex_lock(&pool.mu);
	for (;;) {
		while (pool.gen == seen)
			pthread_cond_wait(&pool.wake, &pool.mu);
		seen = pool.gen;
		/* a call that has its workers, or has ended */
		if (!pool.busy || pool.joined >= pool.want || pool.next >= pool.n)
			continue;
		pool.joined++;
		pool.active++;
		pool_take_items();
		if (!--pool.active)
			pthread_cond_signal(&pool.done);
	}
	return NULL;
}

bool cpu_thread_helps(void)
{
	static int cpus;
	if (!cpus) {
		/* The CPUs this process may run on (a cpuset or taskset
		 * counts): one system call, where sysconf's count of online
		 * CPUs reads and parses a sysfs file. */
		cpu_set_t set;
		int n = sched_getaffinity(0, sizeof(set), &set) ? 0 : CPU_COUNT(&set);
		if (n <= 0) {
			long m = sysconf(_SC_NPROCESSORS_ONLN);
			n = m > 0 ? (int)m : 1;
		}
		cpus = n;
	}
	return cpus > 1;
}

void parallel_for(unsigned n, unsigned threads, void (*fn)(void *ctx, unsigned i), void *ctx)
{
	unsigned want = threads < n ? threads : n;

	if (want > POOL_MAX)
		want = POOL_MAX;
	if (want <= 1) {
		for (unsigned i = 0; i < n; i++)
			fn(ctx, i);
		return;
	}
	pthread_mutex_lock(&pool.mu);
	if (pool.busy) {
		pthread_mutex_unlock(&pool.mu);
		spawn_for(n, want, fn, ctx);
		return;
	}
	pool.busy = true;
	/* The caller works too: want - 1 workers, as many as can be had. */
	while (pool.workers + 1 < want) {
		pthread_t th;
		pthread_attr_t at;
		if (pthread_attr_init(&at))
			break;
		bool ok = !pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED) &&
			  !pthread_create(&th, &at, pool_worker, (void *)(uintptr_t)pool.gen);
		pthread_attr_destroy(&at);
		if (!ok)
			break;
		pool.workers++;
	}
	pool.fn = fn;
	pool.ctx = ctx;
	pool.n = n;
	pool.next = 0;
	pool.want = want - 1;
	pool.joined = pool.active = 0;
	pool.gen++;
	for (unsigned k = 0; k < want - 1 && k < pool.workers; k++)
		pthread_cond_signal(&pool.wake);
	pool_take_items();
	while (pool.active)
		pthread_cond_wait(&pool.done, &pool.mu);
	pool.busy = false;
	pthread_mutex_unlock(&pool.mu);
}

struct sort_kv {
	uint64_t key;
	size_t i;
};

void sort_by_u64(void *base, size_t n, size_t size, size_t key_off)
{
	if (n < 2)
		return;
	struct sort_kv *a = xmalloc(n * sizeof(*a)), *b = xmalloc(n * sizeof(*b));
	size_t (*cnt)[256] = xmalloc(8 * sizeof(*cnt));
	memset(cnt, 0, 8 * sizeof(*cnt));
	bool sorted = true;
	for (size_t i = 0; i < n; i++) {
		uint64_t k;
		memcpy(&k, (const char *)base + i * size + key_off, sizeof(k));
		a[i] = (struct sort_kv){k, i};
		sorted = sorted && (!i || a[i - 1].key <= k);
		for (int d = 0; d < 8; d++)
			cnt[d][(k >> (8 * d)) & 255]++;
	}
	for (int d = 0; d < 8 && !sorted; d++) {
		if (cnt[d][(a[0].key >> (8 * d)) & 255] == n)
			continue;	/* every key has this byte */
		size_t pos = 0;
		for (int v = 0; v < 256; v++) {
			size_t c = cnt[d][v];
			cnt[d][v] = pos;
			pos += c;
		}
		for (size_t i = 0; i < n; i++)
			b[cnt[d][(a[i].key >> (8 * d)) & 255]++] = a[i];
		struct sort_kv *t = a;
		a = b;
		b = t;
	}
	if (!sorted) {
		char *tmp = xmalloc(n * size);
		for (size_t i = 0; i < n; i++)
			memcpy(tmp + i * size, (const char *)base + a[i].i * size, size);
		memcpy(base, tmp, n * size);
		free(tmp);
	}
	free(cnt);
	free(a);
	free(b);
}
