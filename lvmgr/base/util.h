/* Runtime basics shared by every layer: arenas, growable strings, logging. */
#ifndef LVMGR_UTIL_H
#define LVMGR_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <sys/uio.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- arena: one per command for metadata objects; freed all at once ---- */
struct arena_chunk;
struct arena_owned;
struct arena {
	struct arena_chunk *head;
	size_t total;		/* bytes in chunks: big arenas take huge pages */
	struct arena_owned *owned;	/* malloc'ed blocks freed with the arena */
	bool big;		/* take huge pages now (arena_expect) */
};
void arena_init(struct arena *a);
void arena_free(struct arena *a);	/* accepts a zeroed arena */
/* The caller is about to allocate about bytes: an arena that will be big
 * takes huge pages from its next chunk on, not after its first MiB. */
void arena_expect(struct arena *a, size_t bytes);
/* Move src's memory into dst (freed with dst); src is left empty. */
void arena_adopt(struct arena *dst, struct arena *src);
/* p (from malloc, may be NULL) is freed with the arena: a big buffer kept
 * as it is instead of copied in. */
void arena_own(struct arena *a, void *p);
/* The same for a mapping of len bytes (mmap), unmapped with the arena. */
void arena_own_map(struct arena *a, void *p, size_t len);
/* The allocations are inline: a metadata import makes tens of thousands
 * (every node, key and string), and the zeroing of a constant size then
 * compiles to a few stores. */
struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	size_t mapped;		/* 0: malloc'ed; else the length of its mapping */
	_Alignas(16) unsigned char data[];
};
void *arena_alloc_slow(struct arena *a, size_t n);
/* Uninitialised, 16-aligned; aborts on OOM. */
static inline void *arena_alloc_raw(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t need = (n + 15) & ~(size_t)15;
	if (c && need >= n && c->size - c->used >= need) {
		void *p = c->data + c->used;
		c->used += need;
		return p;
	}
	return arena_alloc_slow(a, n);
}
/* Zeroed, 16-aligned; aborts on OOM. */
static inline void *arena_alloc(struct arena *a, size_t n)
{
	void *p = arena_alloc_raw(a, n);
	memset(p, 0, n);
	return p;
}
static inline char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc_raw(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
static inline char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- strbuf: a growable NUL-terminated byte buffer (malloc based) ---- */
struct strbuf {
	char *buf;
	size_t len, cap;
};
void sb_init(struct strbuf *sb);
/* Empty, with room for cap bytes at a 4096-byte aligned address (for
 * O_DIRECT writes of it; a growth past cap may move it anywhere). */
void sb_init_aligned(struct strbuf *sb, size_t cap);
void sb_free(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
/* Make room for extra more bytes and the NUL (out of memory aborts). */
void sb_grow(struct strbuf *sb, size_t extra);
/* The appends are inline: the exporter makes tens of thousands per VG. */
static inline void sb_add(struct strbuf *sb, const void *data, size_t n)
{
	if (sb->len + n + 1 > sb->cap)
		sb_grow(sb, n);
	memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}
static inline void sb_adds(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}
static inline void sb_addc(struct strbuf *sb, char c)
{
	if (sb->len + 2 > sb->cap)
		sb_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}
/* Decimal, as printf's %" PRIu64 " and %" PRId64 " write it. */
void sb_add_u64(struct strbuf *sb, uint64_t v);
void sb_add_i64(struct strbuf *sb, int64_t v);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
/* Append s as a double-quoted string with '"' and '\' escaped (LVM2 text). */
void sb_add_quoted(struct strbuf *sb, const char *s);

/* NULL equals only NULL */
static inline bool str_same(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

/* The n buffers of iov, in order, to fd (batches of IOV_MAX, short writes
 * and EINTR continued; iov is used up): 0 or -errno (-EIO if nothing could
 * be written). */
int writev_all(int fd, struct iovec *iov, size_t n);

/* malloc that aborts on OOM. */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);	/* the same for realloc */

/* fn(ctx, i) for every i < n, from up to threads threads (this one
 * included; fewer if no more can be started), each i once; returns when
 * all are done. */
void parallel_for(unsigned n, unsigned threads, void (*fn)(void *ctx, unsigned i), void *ctx);
/* A helper thread for work that only computes (no waits to overlap) pays
 * off with a second CPU to run on: false on a one-CPU system, or when the
 * process may run on one CPU only (its affinity). */
bool cpu_thread_helps(void);
/* Sort n elements of size bytes at base by the uint64_t at key_off in each,
 * ascending and stable: a radix sort over the key bytes that vary (two or
 * three passes for extent numbers), none when already in order. qsort's
 * comparison calls cost some 450 instructions an element at 10,000 (the
 * used extents of a VG, sorted by every change). Aborts when out of
 * memory, as xmalloc. */
void sort_by_u64(void *base, size_t n, size_t size, size_t key_off);

/* Format into a caller's error buffer (either may be NULL/0: no-op). */
void err_printf(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* LVMGR_TIMING=1: "lvmgr: time <us> <what> (<n> faults, cpu <us>)" on
 * stderr at the main steps of a command (microseconds of CLOCK_MONOTONIC
 * since the first mark; page faults and CPU time of all threads so far),
 * for finding where a command's time goes. */
void time_mark(const char *what);

/* ---- logging: everything goes to stderr, never stdout ---- */
enum log_level { LOG_ERROR = 0, LOG_WARN = 1, LOG_PRINT = 2, LOG_VERBOSE = 3, LOG_DEBUG = 4 };
extern int log_verbosity;	/* messages above it are dropped; default LOG_PRINT */
extern bool log_quiet;		/* -qq: drop LOG_PRINT messages */
extern bool log_print_to_stderr;	/* JSON/YAML reports: keep stdout pure */
extern bool log_suppress;	/* pvscan --udevoutput: nothing on stdout/stderr but what udev imports */
extern bool log_syslog;		/* --journal output: errors, warnings and messages also to syslog (the journal) */
void log_msg(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One message to syslog (journal.c: <syslog.h> clashes with the names above). */
void log_journal_v(int lvl, const char *fmt, va_list ap);
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)	/* "WARNING: " put before the text */
/* A warning LVM2 prints without "WARNING: " (its text as it is). */
void log_warn_bare(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define log_print(...) log_msg(LOG_PRINT, __VA_ARGS__)
#define log_verbose(...) log_msg(LOG_VERBOSE, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* Little-endian helpers for on-disk structures. */
static inline uint32_t get_le32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}
static inline uint64_t get_le64(const void *p)
{
	const uint8_t *b = p;
	return (uint64_t)get_le32(b) | (uint64_t)get_le32(b + 4) << 32;
}
static inline void put_le32(void *p, uint32_t v)
{
	uint8_t *b = p;
	b[0] = v;
	b[1] = v >> 8;
	b[2] = v >> 16;
	b[3] = v >> 24;
}
static inline void put_le64(void *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32((uint8_t *)p + 4, (uint32_t)(v >> 32));
}

#endif
