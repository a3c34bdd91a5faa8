/* TEMPORARY stand-in for lvmgr/io.c so the dev branch links and devsig_wipe
 * can be tested. Delete this file when the real io.c is merged. */
#include "lvmgr/io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int stub_run(struct io_engine *e, struct io_req *reqs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct io_req *r = &reqs[i];
		ssize_t got = r->write ? pwrite(r->fd, r->buf, r->len, (off_t)r->offset)
				       : pread(r->fd, r->buf, r->len, (off_t)r->offset);
		r->result = got < 0 ? -errno : got;
	}
	return 0;
}

static int stub_flush(struct io_engine *e, int fd)
{
	return fdatasync(fd) ? -errno : 0;
}

static void stub_destroy(struct io_engine *e)
{
	free(e);
}

struct io_engine *io_engine_sync_new(void)
{
	struct io_engine *e = calloc(1, sizeof(*e));

	if (!e)
		abort();
	e->name = "sync-stub";
	e->run = stub_run;
	e->flush = stub_flush;
	e->destroy = stub_destroy;
	return e;
}

void io_engine_destroy(struct io_engine *e)
{
	if (e)
		e->destroy(e);
}

static int one(struct io_engine *e, int fd, uint64_t offset, void *buf, size_t len, bool write)
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
	return one(e, fd, offset, buf, len, false);
}

int io_write(struct io_engine *e, int fd, uint64_t offset, const void *buf, size_t len)
{
	return one(e, fd, offset, (void *)buf, len, true);
}

int io_flush(struct io_engine *e, int fd)
{
	return e->flush(e, fd);
}

void *io_alloc(size_t len)
{
	void *p = NULL;

	if (posix_memalign(&p, IO_ALIGN, len ? len : IO_ALIGN))
		abort();
	memset(p, 0, len);
	return p;
}

void io_free(void *p)
{
	free(p);
}
