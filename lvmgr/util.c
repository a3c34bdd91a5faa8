/* Arenas, strbufs and logging. */
#include "lvmgr/util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK (64 * 1024)

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("lvmgr: out of memory\n", stderr);
		abort();
	}
	return p;
}

void arena_init(struct arena *a)
{
	a->head = NULL;
}

void arena_free(struct arena *a)
{
	struct arena_chunk *c, *n;
	if (!a)
		return;
	for (c = a->head; c; c = n) {
		n = c->next;
		free(c);
	}
	a->head = NULL;
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
	src->head = NULL;
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
		size_t size = need > ARENA_CHUNK / 4 ? need : ARENA_CHUNK;
		struct arena_chunk *nc = xmalloc(sizeof(*nc) + size);
		nc->used = 0;
		nc->size = size;
		if (c && size != ARENA_CHUNK) {
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
	char *nb = realloc(sb->buf, cap);
	if (!nb) {
		fputs("lvmgr: out of memory\n", stderr);
		abort();
	}
	sb->buf = nb;
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

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;
	if ((int)lvl > log_verbosity)
		return;
	if (log_quiet && lvl == LOG_PRINT)
		return;
	/* As LVM2: progress messages on stdout; errors, warnings and -v/-d
	 * chatter on stderr,
	 * both indented by two spaces (scripts match on that). Machine-readable
	 * reports set log_print_to_stderr so stdout stays pure. */
	FILE *f = (lvl == LOG_PRINT && !log_print_to_stderr) ? stdout : stderr;
	fputs(lvl == LOG_WARN ? "  WARNING: " : "  ", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
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

/* ---- parallel_for ---- */

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

void parallel_for(unsigned n, unsigned threads, void (*fn)(void *ctx, unsigned i), void *ctx)
{
	enum { MAX_THREADS = 64 };
	struct pfor p = {.fn = fn, .ctx = ctx, .n = n};
	pthread_t th[MAX_THREADS];
	unsigned nth = 0, want = threads < n ? threads : n;

	if (want > MAX_THREADS)
		want = MAX_THREADS;
	pthread_mutex_init(&p.mu, NULL);
	/* The calling thread works too: want - 1 more, as many as can be had. */
	while (nth + 1 < want && !pthread_create(&th[nth], NULL, pfor_worker, &p))
		nth++;
	pfor_worker(&p);
	for (unsigned t = 0; t < nth; t++)
		pthread_join(th[t], NULL);
	pthread_mutex_destroy(&p.mu);
}
