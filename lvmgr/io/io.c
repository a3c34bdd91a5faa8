/* I/O engines (see io.h): sync (pread/pwrite), libaio (a batch in flight at
 * once, for scanning many devices), and a fault injector for commit tests. */
#include <errno.h>
#include <fcntl.h>
#include <libaio.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lvmgr/io/io.h"
#include "lvmgr/base/util.h"

void *io_alloc_raw(size_t len)
{
	void *p = NULL;
	/* posix_memalign(0) may return NULL; a zero-length buffer is legal */
	if (posix_memalign(&p, IO_ALIGN, len ? len : 1)) {
		fprintf(stderr, "lvmgr: out of memory (%zu bytes)\n", len);
		abort();
	}
	return p;
}

void *io_alloc(size_t len)
{
	void *p = io_alloc_raw(len);
	memset(p, 0, len);
	return p;
}

void io_free(void *p)
{
	free(p);
}

void io_engine_destroy(struct io_engine *e)
{
	if (e)
		e->destroy(e);
}

static int io_fdatasync(struct io_engine *e, int fd)
{
	while (fdatasync(fd) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	/* (The cache of a block device is dropped when it is opened, so that
	 * what device-mapper or another tool changed since is seen; metadata
	 * written with O_DIRECT left no copy there, and what was written
	 * through the cache is what the disk holds.) */
	return 0;
}

/* ---- sync engine ---- */

/* Loop over short transfers: a regular file or block device only returns
 * short at EOF or on error, so the byte count then tells the caller. */
static ssize_t sync_one(const struct io_req *r)
{
	size_t done = 0;
	while (done < r->len) {
		ssize_t n;
		if (r->write)
			n = pwrite(r->fd, (const char *)r->buf + done, r->len - done, (off_t)(r->offset + done));
		else
			n = pread(r->fd, (char *)r->buf + done, r->len - done, (off_t)(r->offset + done));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return done ? (ssize_t)done : -errno;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

static int sync_run(struct io_engine *e, struct io_req *reqs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		reqs[i].result = sync_one(&reqs[i]);
	return 0;
}

static void sync_destroy(struct io_engine *e)
{
	free(e);
}

struct io_engine *io_engine_sync_new(void)
{
	struct io_engine *e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->name = "sync";
	e->run = sync_run;
	e->flush = io_fdatasync;
	e->threadsafe = true;
	e->destroy = sync_destroy;
	return e;
}

/* ---- thread engine ----
 * A batch spread over worker threads doing pread/pwrite: the concurrency of
 * the libaio engine without its price, a context whose io_destroy waits for
 * an RCU grace period (30-40 ms on some kernels, more than scanning 64
 * devices takes). */
struct thr_engine {
	struct io_engine e;
	unsigned threads;
};

static void thr_one(void *ctx, unsigned i)
{
	struct io_req *reqs = ctx;
	reqs[i].result = sync_one(&reqs[i]);
}

static int thr_run(struct io_engine *e, struct io_req *reqs, size_t n)
{
	struct thr_engine *t = (struct thr_engine *)e;
	if (n < 2 || n > UINT_MAX)
		return sync_run(e, reqs, n);
	parallel_for((unsigned)n, t->threads, thr_one, reqs);
	return 0;
}

struct io_engine *io_engine_threads_new(unsigned threads)
{
	struct thr_engine *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->threads = threads ? threads : 1;
	t->e.name = "threads";
	t->e.run = thr_run;
	t->e.flush = io_fdatasync;
	t->e.threadsafe = true;
	t->e.destroy = sync_destroy;
	return &t->e;
}

/* ---- libaio engine ---- */

struct aio_engine {
	struct io_engine e;
	io_context_t ctx;
	unsigned depth;
	struct iocb *iocbs;	/* depth control blocks, reused per slot */
	struct iocb **ptrs;
	struct io_event *events;
	size_t *done;		/* per request: bytes so far (resubmit on short) */
};

static void aio_prep(struct iocb *cb, struct io_req *r, size_t done)
{
	char *buf = (char *)r->buf + done;
	if (r->write)
		io_prep_pwrite(cb, r->fd, buf, r->len - done, (long long)(r->offset + done));
	else
		io_prep_pread(cb, r->fd, buf, r->len - done, (long long)(r->offset + done));
}

/* Submit ptrs[0..n), retrying on EINTR/EAGAIN and partial submits. An iocb
 * the kernel refuses outright (bad fd, bad alignment for O_DIRECT) ends
 * that request with the error instead of failing the batch: its slot goes
 * back to the free stack. Returns how many are now in flight. */
static unsigned aio_submit_all(struct aio_engine *a, struct io_req *reqs, struct iocb **ptrs, long n,
			       unsigned *free_slots, unsigned *n_free, size_t *finished)
{
	unsigned submitted = 0;
	while (n > 0) {
		int r = io_submit(a->ctx, n, ptrs);
		if (r == -EINTR || r == -EAGAIN)
			continue;
		if (r <= 0) {
			size_t idx = (size_t)(uintptr_t)ptrs[0]->data;
			reqs[idx].result = a->done[idx] ? (ssize_t)a->done[idx] : (r ? r : -EIO);
			free_slots[(*n_free)++] = (unsigned)(ptrs[0] - a->iocbs);
			(*finished)++;
			r = 1;
		} else {
			submitted += (unsigned)r;
		}
		ptrs += r;
		n -= r;
	}
	return submitted;
}

static int aio_run(struct io_engine *e, struct io_req *reqs, size_t n)
{
	struct aio_engine *a = (struct aio_engine *)e;
	size_t next = 0, finished = 0;
	unsigned in_flight = 0;

	/* done[] is sized for depth requests; larger batches go in chunks */
	if (n > a->depth) {
		for (size_t off = 0; off < n; off += a->depth) {
			size_t cnt = n - off < a->depth ? n - off : a->depth;
			int r = aio_run(e, reqs + off, cnt);
			if (r)
				return r;
		}
		return 0;
	}

	/* Slot i of iocbs belongs to one request at a time; data points back
	 * to the request index so completions can be matched. Free slots are
	 * kept on a small stack. */
	unsigned free_slots[a->depth];
	unsigned n_free = a->depth;
	for (unsigned i = 0; i < a->depth; i++)
		free_slots[i] = a->depth - 1 - i;
	for (size_t i = 0; i < n; i++)
		a->done[i] = 0;

	while (finished < n) {
		long batch = 0;
		while (next < n && n_free) {
			unsigned s = free_slots[--n_free];
			aio_prep(&a->iocbs[s], &reqs[next], 0);
			a->iocbs[s].data = (void *)(uintptr_t)next;
			a->ptrs[batch++] = &a->iocbs[s];
			next++;
		}
		if (batch)
			in_flight += aio_submit_all(a, reqs, a->ptrs, batch, free_slots, &n_free, &finished);
		if (!in_flight)
			continue;
		int got = io_getevents(a->ctx, 1, in_flight, a->events, NULL);
		if (got == -EINTR)
			continue;
		if (got < 0)
			return got;
		long resubmit = 0;
		for (int i = 0; i < got; i++) {
			struct iocb *cb = a->events[i].obj;
			size_t idx = (size_t)(uintptr_t)cb->data;
			struct io_req *r = &reqs[idx];
			long res = (long)a->events[i].res;
			in_flight--;
			if (res > 0 && a->done[idx] + (size_t)res < r->len) {
				/* partial completion: continue where it stopped */
				a->done[idx] += (size_t)res;
				aio_prep(cb, r, a->done[idx]);
				cb->data = (void *)(uintptr_t)idx;
				a->ptrs[resubmit++] = cb;
				continue;
			}
			if (res == -EINTR || res == -EAGAIN) {
				aio_prep(cb, r, a->done[idx]);
				cb->data = (void *)(uintptr_t)idx;
				a->ptrs[resubmit++] = cb;
				continue;
			}
			if (res < 0)
				r->result = a->done[idx] ? (ssize_t)a->done[idx] : (ssize_t)res;
			else
				r->result = (ssize_t)(a->done[idx] + (size_t)res);
			free_slots[n_free++] = (unsigned)(cb - a->iocbs);
			finished++;
		}
		if (resubmit)
			in_flight += aio_submit_all(a, reqs, a->ptrs, resubmit, free_slots, &n_free, &finished);
	}
	return 0;
}

static void aio_destroy(struct io_engine *e)
{
	struct aio_engine *a = (struct aio_engine *)e;
	io_destroy(a->ctx);
	free(a->iocbs);
	free(a->ptrs);
	free(a->events);
	free(a->done);
	free(a);
}

struct io_engine *io_engine_aio_new(unsigned queue_depth)
{
	struct aio_engine *a;
	if (!queue_depth)
		queue_depth = 1;
	if (queue_depth > 1024)
		queue_depth = 1024;	/* the stack of free slots lives in aio_run */
	if (!(a = calloc(1, sizeof(*a))))
		return NULL;
	if (io_setup((int)queue_depth, &a->ctx) < 0) {
		free(a);
		return NULL;
	}
	a->depth = queue_depth;
	a->iocbs = calloc(queue_depth, sizeof(*a->iocbs));
	a->ptrs = calloc(queue_depth, sizeof(*a->ptrs));
	a->events = calloc(queue_depth, sizeof(*a->events));
	a->done = calloc(queue_depth, sizeof(*a->done));
	a->e.name = "aio";
	a->e.run = aio_run;
	a->e.flush = io_fdatasync;
	a->e.threadsafe = false;	/* one context: completions would be shared */
	a->e.destroy = aio_destroy;
	if (!a->iocbs || !a->ptrs || !a->events || !a->done) {
		aio_destroy(&a->e);
		return NULL;
	}
	return &a->e;
}

/* ---- fault engine ---- */

struct fault_engine {
	struct io_engine e;
	struct io_engine *inner;
	unsigned writes_ok;
	unsigned writes_seen;	/* across every fd: the machine stops once */
	bool tear;
};

static int fault_run(struct io_engine *e, struct io_req *reqs, size_t n)
{
	struct fault_engine *f = (struct fault_engine *)e;
	/* Run request by request so the order of writes is the order given,
	 * which is what "the first N writes land" means. */
	for (size_t i = 0; i < n; i++) {
		struct io_req *r = &reqs[i];
		if (!r->write) {
			int rc = f->inner->run(f->inner, r, 1);
			if (rc)
				return rc;
			continue;
		}
		f->writes_seen++;
		if (f->writes_seen <= f->writes_ok) {
			int rc = f->inner->run(f->inner, r, 1);
			if (rc)
				return rc;
			continue;
		}
		if (f->writes_seen == f->writes_ok + 1 && f->tear && r->len / 2) {
			struct io_req half = *r;
			half.len = r->len / 2;
			int rc = f->inner->run(f->inner, &half, 1);
			if (rc)
				return rc;
		}
		r->result = -EIO;
	}
	return 0;
}

static int fault_flush(struct io_engine *e, int fd)
{
	struct fault_engine *f = (struct fault_engine *)e;
	/* after the crash point nothing reaches the disk, flushes included */
	if (f->writes_seen > f->writes_ok)
		return -EIO;
	return f->inner->flush(f->inner, fd);
}

static void fault_destroy(struct io_engine *e)
{
	struct fault_engine *f = (struct fault_engine *)e;
	io_engine_destroy(f->inner);
	free(f);
}

struct io_engine *io_engine_fault_new(struct io_engine *inner, unsigned writes_ok, bool tear)
{
	struct fault_engine *f = calloc(1, sizeof(*f));
	if (!f) {
		io_engine_destroy(inner);
		return NULL;
	}
	f->e.name = "fault";
	f->e.run = fault_run;
	f->e.flush = fault_flush;
	f->e.destroy = fault_destroy;
	f->inner = inner;
	f->writes_ok = writes_ok;
	f->tear = tear;
	return &f->e;
}

struct io_engine *io_engine_from_env(struct io_engine *inner)
{
	const char *s = getenv("LVMGR_TEST_FAULT");
	char *end;
	unsigned long n;
	bool tear = false;

	if (!s || !*s || !inner)
		return inner;
	if (strncmp(s, "writes=", 7))
		goto bad;
	errno = 0;
	n = strtoul(s + 7, &end, 10);
	if (errno || end == s + 7 || n > UINT_MAX)
		goto bad;
	if (!strcmp(end, ",tear"))
		tear = true;
	else if (*end)
		goto bad;
	return io_engine_fault_new(inner, (unsigned)n, tear);
bad:
	/* a typo must not silently run the test without the fault */
	log_error("LVMGR_TEST_FAULT=\"%s\": expected \"writes=N\" or \"writes=N,tear\"", s);
	return io_engine_fault_new(inner, 0, false);
}

/* ---- convenience wrappers ---- */

static int io_one(struct io_engine *e, int fd, uint64_t offset, void *buf, size_t len, bool write)
{
	struct io_req r = { .fd = fd, .offset = offset, .len = len, .buf = buf, .write = write };
	int rc = e->run(e, &r, 1);
	if (rc)
		return rc;
	if (r.result < 0)
		return (int)r.result;
	return (size_t)r.result == len ? 0 : -EIO;
}

int io_read(struct io_engine *e, int fd, uint64_t offset, void *buf, size_t len)
{
	if (!len)
		return 0;
	if (!((uintptr_t)buf % IO_ALIGN))
		return io_one(e, fd, offset, buf, len, false);
	void *b = io_alloc_raw(len);
	int rc = io_one(e, fd, offset, b, len, false);
	if (!rc)
		memcpy(buf, b, len);
	io_free(b);
	return rc;
}

int io_write(struct io_engine *e, int fd, uint64_t offset, const void *buf, size_t len)
{
	if (!len)
		return 0;
	if (!((uintptr_t)buf % IO_ALIGN))
		return io_one(e, fd, offset, (void *)buf, len, true);
	/* Only the buffer is bounced; offset and length stay as given, since
	 * widening them would need a read-modify-write that could tear data
	 * next to the range. O_DIRECT callers pass whole sectors anyway. */
	void *b = io_alloc_raw(len);
	memcpy(b, buf, len);
	int rc = io_one(e, fd, offset, b, len, true);
	io_free(b);
	return rc;
}

int io_flush(struct io_engine *e, int fd)
{
	return e->flush(e, fd);
}

/* Flushes of distinct devices run in threads: each fdatasync waits for its
 * own device's cache flush, and over many PVs waiting in turn dominates a
 * commit. */
#define FLUSH_THREADS 16
struct flush_many {
	struct io_engine *e;
	const int *fds;
	int *rcs;
};

static void flush_one(void *ctx, unsigned i)
{
	struct flush_many *f = ctx;
	f->rcs[i] = f->e->flush(f->e, f->fds[i]);
}

int io_flush_many(struct io_engine *e, const int *fds, size_t n)
{
	struct flush_many f = {e, fds, NULL};
	int rc = 0;

	if (n >= 2 && n <= UINT_MAX && e->threadsafe && (f.rcs = calloc(n, sizeof(*f.rcs))))
		parallel_for((unsigned)n, FLUSH_THREADS, flush_one, &f);
	for (size_t i = 0; i < n; i++) {
		int r = f.rcs ? f.rcs[i] : e->flush(e, fds[i]);
		if (r && !rc)
			rc = r;
	}
	free(f.rcs);
	return rc;
}
