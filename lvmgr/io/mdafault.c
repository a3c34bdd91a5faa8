/* The metadata write fault hook (mdafault.h). */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lvmgr/io/mdafault.h"
#include "lvmgr/base/util.h"

#define TEAR_BYTES 512

struct mdafault {
	struct io_engine e;
	struct io_engine *inner;	/* not owned */
	unsigned fail_at;		/* 1-based; 0: every write (a malformed value) */
	unsigned seen;
	bool tear;
};

static void say(const struct io_req *r, unsigned n, bool tear)
{
	char link[64], path[256];
	ssize_t k;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", r->fd);
	if ((k = readlink(link, path, sizeof(path) - 1)) < 0)
		k = snprintf(path, sizeof(path), "fd %d", r->fd);
	path[k] = 0;
	fprintf(stderr, "  lvmgr test: metadata write %u (%s, %zu bytes at %" PRIu64 ") %s\n", n, path, r->len,
		r->offset, tear ? "torn after 512 bytes, failed with EIO" : "failed with EIO");
}

static int mdafault_run(struct io_engine *e, struct io_req *reqs, size_t n)
{
	struct mdafault *f = (struct mdafault *)e;
	for (size_t i = 0; i < n; i++) {
		struct io_req *r = &reqs[i];
		int rc;
		if (r->write && (++f->seen == f->fail_at || !f->fail_at)) {
			say(r, f->seen, f->tear && f->fail_at);
			if (f->tear && f->fail_at) {
				struct io_req part = *r;
				part.len = r->len < TEAR_BYTES ? r->len : TEAR_BYTES;
				if ((rc = f->inner->run(f->inner, &part, 1)))
					return rc;
			}
			r->result = -EIO;
			continue;
		}
		if ((rc = f->inner->run(f->inner, r, 1)))
			return rc;
	}
	return 0;
}

static int mdafault_flush(struct io_engine *e, int fd)
{
	struct mdafault *f = (struct mdafault *)e;
	return f->inner->flush(f->inner, fd);
}

static void mdafault_destroy(struct io_engine *e)
{
	free(e);
}

struct io_engine *io_engine_mdafault_from_env(struct io_engine *inner)
{
	const char *s = getenv("LVMGR_TEST_MDA_FAULT");
	struct mdafault *f;
	unsigned long n = 0;
	char *end = NULL;

	if (!s || !*s || !inner)
		return inner;
	if (!(f = calloc(1, sizeof(*f))))
		return inner;
	if (!strncmp(s, "write=", 6)) {
		errno = 0;
		n = strtoul(s + 6, &end, 10);
		if (errno || end == s + 6 || n > UINT_MAX)
			n = 0;
		else if (!strcmp(end, ",tear"))
			f->tear = true;
		else if (*end)
			n = 0;
	}
	if (!n)
		log_error("LVMGR_TEST_MDA_FAULT=\"%s\": expected \"write=N\" or \"write=N,tear\" (N >= 1)", s);
	f->e.name = "mdafault";
	f->e.run = mdafault_run;
	f->e.flush = mdafault_flush;
	f->e.threadsafe = false;	/* the writes are counted in issue order */
	f->e.destroy = mdafault_destroy;
	f->inner = inner;
	f->fail_at = (unsigned)n;
	return &f->e;
}
