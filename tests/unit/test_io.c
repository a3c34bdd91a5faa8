#include "tests/unit/unit.h"
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "lvmgr/io/io.h"
#include "lvmgr/io/mdafault.h"

/* A temp file of size bytes filled with 0xee; unlinked at once. */
static int tmp_file(size_t size)
{
	char path[] = "/tmp/lvmgr-test-io.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	uint8_t *b = malloc(size);
	memset(b, 0xee, size);
	assert_int_equal(pwrite(fd, b, size, 0), (ssize_t)size);
	free(b);
	return fd;
}

static void check_engine(struct io_engine *e, int fd, bool direct)
{
	/* 64 requests of 4 KiB, more than the queue depth, alternating
	 * write and later read back */
	enum { N = 64, LEN = 4096 };
	struct io_req reqs[N];
	for (int i = 0; i < N; i++) {
		reqs[i] = (struct io_req){ .fd = fd, .offset = (uint64_t)i * LEN, .len = LEN,
					   .buf = io_alloc(LEN), .write = true };
		memset(reqs[i].buf, i + 1, LEN);
	}
	assert_int_equal(e->run(e, reqs, N), 0);
	for (int i = 0; i < N; i++) {
		assert_int_equal(reqs[i].result, LEN);
		memset(reqs[i].buf, 0, LEN);
		reqs[i].write = false;
	}
	assert_int_equal(io_flush(e, fd), 0);
	assert_int_equal(e->run(e, reqs, N), 0);
	for (int i = 0; i < N; i++) {
		assert_int_equal(reqs[i].result, LEN);
		assert_int_equal(((uint8_t *)reqs[i].buf)[0], i + 1);
		assert_int_equal(((uint8_t *)reqs[i].buf)[LEN - 1], i + 1);
		io_free(reqs[i].buf);
	}
	/* a read past EOF is short, reported as the byte count (O_DIRECT
	 * needs sector offsets, so it reads the last sector there) */
	uint64_t tail = direct ? 512 : 100;
	struct io_req r = { .fd = fd, .offset = N * LEN - tail, .len = LEN, .buf = io_alloc(LEN) };
	assert_int_equal(e->run(e, &r, 1), 0);
	assert_int_equal(r.result, (ssize_t)tail);
	assert_int_equal(io_read(e, fd, N * LEN - tail, r.buf, LEN), -EIO);
	/* a bad fd is a per-request error, not an engine failure */
	r = (struct io_req){ .fd = 1000, .offset = 0, .len = LEN, .buf = r.buf };
	assert_int_equal(e->run(e, &r, 1), 0);
	assert_int_equal(r.result, -EBADF);
	io_free(r.buf);
}

static void io_sync_engine(void **state)
{
	struct io_engine *e = io_engine_sync_new();
	int fd = tmp_file(64 * 4096);
	check_engine(e, fd, false);
	close(fd);
	io_engine_destroy(e);
	(void)state;
}

/* 64 requests over 5 worker threads: every one done, in place. */
static void io_threads_engine(void **state)
{
	struct io_engine *e = io_engine_threads_new(5);
	int fd = tmp_file(64 * 4096);
	assert_true(e->threadsafe);
	check_engine(e, fd, false);
	close(fd);
	io_engine_destroy(e);
	(void)state;
}

static void io_aio_engine(void **state)
{
	struct io_engine *e = io_engine_aio_new(8);
	if (!e)
		skip();
	int fd = tmp_file(64 * 4096);
	check_engine(e, fd, false);
	close(fd);
	/* the same through O_DIRECT, if the file system supports it */
	char path[] = "/tmp/lvmgr-test-io.XXXXXX";
	int tfd = mkstemp(path);
	assert_true(tfd >= 0);
	assert_int_equal(ftruncate(tfd, 64 * 4096), 0);
	close(tfd);
	fd = open(path, O_RDWR | O_DIRECT);
	unlink(path);
	if (fd >= 0) {
		check_engine(e, fd, true);
		close(fd);
	}
	io_engine_destroy(e);
	(void)state;
}

static void io_unaligned_bounce(void **state)
{
	struct io_engine *e = io_engine_sync_new();
	int fd = tmp_file(8192);
	char buf[100], back[100];
	for (int i = 0; i < 100; i++)
		buf[i] = (char)i;
	/* buf + 1 is never IO_ALIGN-aligned */
	assert_int_equal(io_write(e, fd, 513, buf + 1, 99), 0);
	assert_int_equal(io_read(e, fd, 513, back + 1, 99), 0);
	assert_memory_equal(buf + 1, back + 1, 99);
	assert_int_equal(io_read(e, fd, 512, back, 1), 0);
	assert_int_equal((uint8_t)back[0], 0xee);
	close(fd);
	io_engine_destroy(e);
	(void)state;
}

static void io_alloc_aligned(void **state)
{
	uint8_t *p = io_alloc(1000);
	assert_int_equal((uintptr_t)p % IO_ALIGN, 0);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(p[i], 0);
	io_free(p);
	io_free(NULL);
	io_engine_destroy(NULL);
	(void)state;
}

/* writes_ok = 2: two writes land, the third is lost (or half-written with
 * tear), the fourth fails too; reads keep working. */
static void fault_case(bool tear)
{
	struct io_engine *e = io_engine_fault_new(io_engine_sync_new(), 2, tear);
	int fd = tmp_file(4 * 512), fd2 = tmp_file(512);
	uint8_t buf[512], back[512];
	memset(buf, 0x11, sizeof(buf));
	assert_int_equal(io_write(e, fd, 0, buf, 512), 0);
	assert_int_equal(io_write(e, fd2, 0, buf, 512), 0);	/* counts across fds */
	assert_int_equal(io_write(e, fd, 512, buf, 512), -EIO);
	assert_int_equal(io_write(e, fd, 1024, buf, 512), -EIO);
	assert_int_equal(io_flush(e, fd), -EIO);
	assert_int_equal(io_read(e, fd, 0, back, 512), 0);
	assert_memory_equal(back, buf, 512);
	assert_int_equal(io_read(e, fd2, 0, back, 512), 0);
	assert_memory_equal(back, buf, 512);
	assert_int_equal(io_read(e, fd, 512, back, 512), 0);
	for (int i = 0; i < 512; i++)
		assert_int_equal(back[i], tear && i < 256 ? 0x11 : 0xee);
	assert_int_equal(io_read(e, fd, 1024, back, 512), 0);
	assert_int_equal(back[0], 0xee);
	close(fd);
	close(fd2);
	io_engine_destroy(e);
}

static void io_fault_lost(void **state)
{
	fault_case(false);
	(void)state;
}

static void io_fault_tear(void **state)
{
	fault_case(true);
	(void)state;
}

static void io_fault_env(void **state)
{
	struct io_engine *in = io_engine_sync_new(), *e;
	unsetenv("LVMGR_TEST_FAULT");
	assert_ptr_equal(io_engine_from_env(in), in);
	setenv("LVMGR_TEST_FAULT", "writes=3,tear", 1);
	e = io_engine_from_env(in);
	assert_string_equal(e->name, "fault");
	io_engine_destroy(e);
	setenv("LVMGR_TEST_FAULT", "writes=x", 1);	/* typo: fails every write */
	e = io_engine_from_env(io_engine_sync_new());
	assert_string_equal(e->name, "fault");
	int fd = tmp_file(512);
	assert_int_equal(io_write(e, fd, 0, "x", 1), -EIO);
	close(fd);
	io_engine_destroy(e);
	unsetenv("LVMGR_TEST_FAULT");
	(void)state;
}

/* LVMGR_TEST_MDA_FAULT: only the Nth write fails (nothing of it written,
 * or with tear its first 512 bytes); the writes before and after land. */
static void io_mdafault(void **state)
{
	struct io_engine *in = io_engine_sync_new(), *e;
	uint8_t buf[1024], got[1024];
	unsetenv("LVMGR_TEST_MDA_FAULT");
	assert_ptr_equal(io_engine_mdafault_from_env(in), in);
	for (int tear = 0; tear < 2; tear++) {
		setenv("LVMGR_TEST_MDA_FAULT", tear ? "write=2,tear" : "write=2", 1);
		e = io_engine_mdafault_from_env(in);
		assert_ptr_not_equal(e, in);
		assert_false(e->threadsafe);	/* writes counted in issue order */
		int fd = tmp_file(4096);
		memset(buf, 0x11, sizeof(buf));
		assert_int_equal(io_write(e, fd, 0, buf, sizeof(buf)), 0);
		assert_int_equal(io_read(e, fd, 0, got, sizeof(got)), 0);	/* reads not counted */
		memset(buf, 0x22, sizeof(buf));
		assert_int_equal(io_write(e, fd, 1024, buf, sizeof(buf)), -EIO);
		memset(buf, 0x33, sizeof(buf));
		assert_int_equal(io_write(e, fd, 2048, buf, sizeof(buf)), 0);
		assert_int_equal(pread(fd, got, sizeof(got), 1024), (ssize_t)sizeof(got));
		assert_int_equal(got[0], tear ? 0x22 : 0xee);
		assert_int_equal(got[511], tear ? 0x22 : 0xee);
		assert_int_equal(got[512], 0xee);
		assert_int_equal(pread(fd, got, 1, 2048), 1);
		assert_int_equal(got[0], 0x33);
		close(fd);
		io_engine_destroy(e);	/* not the inner engine */
	}
	setenv("LVMGR_TEST_MDA_FAULT", "writes=2", 1);	/* typo: every write fails */
	e = io_engine_mdafault_from_env(in);
	int fd = tmp_file(512);
	assert_int_equal(io_write(e, fd, 0, "x", 1), -EIO);
	close(fd);
	io_engine_destroy(e);
	unsetenv("LVMGR_TEST_MDA_FAULT");
	io_engine_destroy(in);
	(void)state;
}

/* Flushing many descriptors: every one is flushed (threads for the sync
 * engine, in turn for the fault engine), and an error is reported after all
 * were tried. */
static void io_flush_many_all(void **state)
{
	enum { N = 40 };
	int fds[N];
	(void)state;
	struct io_engine *e = io_engine_sync_new();
	assert_true(e->threadsafe);
	for (int i = 0; i < N; i++)
		fds[i] = tmp_file(4096);
	assert_int_equal(io_flush_many(e, fds, N), 0);
	assert_int_equal(io_flush_many(e, fds, 1), 0);
	assert_int_equal(io_flush_many(e, fds, 0), 0);
	int bad = fds[N - 7];
	close(bad);
	assert_int_equal(io_flush_many(e, fds, N), -EBADF);
	struct io_engine *f = io_engine_fault_new(io_engine_sync_new(), 100, false);
	assert_false(f->threadsafe);
	assert_int_equal(io_flush_many(f, fds, N - 8), 0);
	assert_int_equal(io_flush_many(f, fds, N), -EBADF);
	for (int i = 0; i < N; i++)
		if (fds[i] != bad)
			close(fds[i]);
	io_engine_destroy(f);
	io_engine_destroy(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(io_sync_engine),
		cmocka_unit_test(io_threads_engine),
		cmocka_unit_test(io_aio_engine),
		cmocka_unit_test(io_unaligned_bounce),
		cmocka_unit_test(io_alloc_aligned),
		cmocka_unit_test(io_fault_lost),
		cmocka_unit_test(io_fault_tear),
		cmocka_unit_test(io_fault_env),
		cmocka_unit_test(io_mdafault),
		cmocka_unit_test(io_flush_many_all),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
