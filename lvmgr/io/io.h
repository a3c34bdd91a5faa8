/* I/O engines: every device read and write of lvmgr goes through one of
 * these (LVM2's bcache io_engine idea). A synchronous engine, a libaio engine
 * that runs a batch concurrently (label scanning), and a fault-injecting
 * engine that simulates a crash after N writes for commit tests. */
#ifndef LVMGR_IO_H
#define LVMGR_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define IO_ALIGN 4096	/* buffers handed to engines are aligned like this */

struct io_req {
	int fd;
	uint64_t offset;	/* bytes */
	size_t len;
	void *buf;		/* IO_ALIGN-aligned (io_alloc) */
	bool write;
	ssize_t result;		/* set by the engine: bytes transferred or -errno */
};

struct io_engine {
	const char *name;
	/* Run all requests (concurrently where the engine can) and return when
	 * every one is done, each with ->result set. A short transfer is
	 * reported as the byte count. Returns 0, or -errno if the engine itself
	 * failed (then results are undefined). */
	int (*run)(struct io_engine *e, struct io_req *reqs, size_t n);
	/* Make written data stable (fdatasync). 0 or -errno. */
	int (*flush)(struct io_engine *e, int fd);
	bool threadsafe;	/* run and flush may be called from several threads
				 * at once (a commit writes its PVs in parallel) */
	void (*destroy)(struct io_engine *e);
};

struct io_engine *io_engine_sync_new(void);
/* A batch run by up to threads worker threads with pread/pwrite. */
struct io_engine *io_engine_threads_new(unsigned threads);
/* NULL when the kernel refuses io_setup (then use the sync engine). */
struct io_engine *io_engine_aio_new(unsigned queue_depth);
/* Pass requests to inner, but only the first writes_ok writes reach the
 * disk. Write number writes_ok + 1 is lost, or with tear only its first half
 * (len / 2 bytes, i.e. a sector torn in the middle) is written. That write
 * and every later one then fail with -EIO, as if the machine had stopped.
 * Reads always pass. Takes ownership of inner. */
struct io_engine *io_engine_fault_new(struct io_engine *inner, unsigned writes_ok, bool tear);
/* If LVMGR_TEST_FAULT="writes=N" or "writes=N,tear" is set, wrap inner in a
 * fault engine; otherwise return inner. (Used by tests/image.) */
struct io_engine *io_engine_from_env(struct io_engine *inner);
void io_engine_destroy(struct io_engine *e);	/* accepts NULL */

/* Convenience: one request, full length or error (-EIO on a short
 * transfer). buf needs no alignment here (bounced when necessary). */
int io_read(struct io_engine *e, int fd, uint64_t offset, void *buf, size_t len);
int io_write(struct io_engine *e, int fd, uint64_t offset, const void *buf, size_t len);
int io_flush(struct io_engine *e, int fd);
/* Flush n descriptors, concurrently when the engine allows; the first error
 * (after all were tried). */
int io_flush_many(struct io_engine *e, const int *fds, size_t n);

void *io_alloc(size_t len);	/* IO_ALIGN-aligned, zeroed; aborts on OOM */
/* The same, not zeroed: for a buffer filled before it is read (a fresh big
 * one is mapped, and zeroing touches every page of it) */
void *io_alloc_raw(size_t len);
void io_free(void *p);

#endif
