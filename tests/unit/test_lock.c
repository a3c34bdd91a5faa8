/* Locks must exclude other processes that flock() the same files, as LVM2
 * commands do; every test works in a fresh temporary lock directory. */
#include "tests/unit/unit.h"
#include "lvmgr/lock.h"
#include "lvmgr/base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[64];
static char lockdir[128];

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(p);
}

static int setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/lvmgr-lock.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	/* a directory that does not exist yet: lock_vg must create it */
	snprintf(lockdir, sizeof(lockdir), "%s/run/lock/lvm", tmpdir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static char *lpath(const char *name)
{
	static char p[256];
	snprintf(p, sizeof(p), "%s/%s", lockdir, name);
	return p;
}

/* In a child: open path and flock(op|LOCK_NB) it like LVM2 or flock(1)
 * would. Returns 0 if it got the lock, 1 if busy, 2 on other errors. */
static int child_try(const char *path, int op)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		int fd = open(path, O_CREAT | O_RDWR, 0600);
		if (fd < 0)
			_exit(2);
		if (flock(fd, op | LOCK_NB))
			_exit(errno == EWOULDBLOCK ? 1 : 2);
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

/* A child that holds an flock on path for ms milliseconds; returns its pid
 * once the lock is taken. */
static pid_t child_hold(const char *path, int op, int ms)
{
	int pfd[2];
	char c;
	pid_t pid;

	assert_int_equal(pipe(pfd), 0);
	pid = fork();
	if (pid == 0) {
		int fd = open(path, O_CREAT | O_RDWR, 0600);
		if (fd < 0 || flock(fd, op))
			_exit(2);
		(void)!write(pfd[1], "x", 1);
		struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
		nanosleep(&ts, NULL);
		_exit(0);
	}
	assert_true(pid > 0);
	close(pfd[1]);
	assert_int_equal(read(pfd[0], &c, 1), 1);
	close(pfd[0]);
	return pid;
}

static void reap(pid_t pid)
{
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void lock_excl_blocks_other_process(void **state)
{
	struct lock_set *ls = lock_set_new(lockdir, false, 0);
	struct stat st;
	(void)state;

	assert_non_null(ls);
	assert_int_equal(lock_vg(ls, "vg0", LOCK_EXCL), 0);
	assert_int_equal(stat(lpath("V_vg0"), &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(child_try(lpath("V_vg0"), LOCK_EX), 1);
	assert_int_equal(child_try(lpath("V_vg0"), LOCK_SH), 1);
	/* the aux file of the write-priority protocol is gone again */
	assert_int_equal(stat(lpath("V_vg0:aux"), &st), -1);
	/* other names are independent */
	assert_int_equal(child_try(lpath("V_vg1"), LOCK_EX), 0);

	lock_vg_release(ls, "vg0");
	/* released and unlinked, as LVM2's _undo_flock does */
	assert_int_equal(stat(lpath("V_vg0"), &st), -1);
	assert_int_equal(child_try(lpath("V_vg0"), LOCK_EX), 0);
	lock_set_free(ls);
}

static void lock_shared_allows_readers(void **state)
{
	struct lock_set *a = lock_set_new(lockdir, false, 0);
	struct lock_set *b = lock_set_new(lockdir, false, 0);
	struct lock_set *c = lock_set_new(lockdir, false, 0);
	(void)state;

	assert_int_equal(lock_vg(a, "vg0", LOCK_SHARED), 0);
	assert_int_equal(child_try(lpath("V_vg0"), LOCK_SH), 0);
	assert_int_equal(child_try(lpath("V_vg0"), LOCK_EX), 1);
	/* separate sets are separate open files: they conflict like processes */
	assert_int_equal(lock_vg(b, "vg0", LOCK_SHARED), 0);
	assert_int_equal(lock_vg(c, "vg0", LOCK_EXCL), -EAGAIN);
	lock_set_free(a);
	assert_int_equal(lock_vg(c, "vg0", LOCK_EXCL), -EAGAIN);
	lock_set_free(b);
	assert_int_equal(lock_vg(c, "vg0", LOCK_EXCL), 0);
	lock_set_free(c);
}

static void lock_global_name(void **state)
{
	struct lock_set *ls = lock_set_new(lockdir, false, 0);
	(void)state;

	assert_int_equal(lock_global(ls, LOCK_SHARED), 0);
	assert_int_equal(access(lpath("P_global"), F_OK), 0);
	assert_int_equal(child_try(lpath("P_global"), LOCK_EX), 1);
	assert_int_equal(child_try(lpath("P_global"), LOCK_SH), 0);
	lock_set_free(ls);
	assert_int_equal(child_try(lpath("P_global"), LOCK_EX), 0);
}

static void lock_busy_file_held_elsewhere(void **state)
{
	struct lock_set *ls = lock_set_new(lockdir, false, 0);
	pid_t pid;
	(void)state;

	/* as `flock /run/lock/lvm/V_vgx -c 'sleep ..'` */
	assert_int_equal(lock_vg(ls, "vgx", LOCK_SHARED), 0);	/* creates the dir */
	lock_vg_release(ls, "vgx");
	pid = child_hold(lpath("V_vgx"), LOCK_EX, 400);
	assert_int_equal(lock_vg(ls, "vgx", LOCK_EXCL), -EAGAIN);
	assert_int_equal(lock_vg(ls, "vgx", LOCK_SHARED), -EAGAIN);
	reap(pid);
	assert_int_equal(lock_vg(ls, "vgx", LOCK_EXCL), 0);
	lock_set_free(ls);
}

static void lock_waits_with_timeout(void **state)
{
	struct lock_set *hold = lock_set_new(lockdir, false, 0);
	struct lock_set *w1 = lock_set_new(lockdir, true, 1);
	struct lock_set *w5 = lock_set_new(lockdir, true, 5);
	struct lock_set *wf = lock_set_new(lockdir, true, 0);
	double t0;
	pid_t pid;
	(void)state;

	assert_int_equal(lock_vg(hold, "vg0", LOCK_EXCL), 0);
	t0 = now();
	assert_int_equal(lock_vg(w1, "vg0", LOCK_SHARED), -ETIMEDOUT);
	assert_true(now() - t0 >= 0.99);
	assert_true(now() - t0 < 3);
	lock_set_free(hold);

	/* released by another process while we poll */
	pid = child_hold(lpath("V_vg0"), LOCK_EX, 300);
	t0 = now();
	assert_int_equal(lock_vg(w5, "vg0", LOCK_EXCL), 0);
	assert_true(now() - t0 >= 0.2);
	reap(pid);
	lock_set_free(w5);

	/* timeout 0: wait forever (blocking flock) */
	pid = child_hold(lpath("V_vg0"), LOCK_SH, 300);
	t0 = now();
	assert_int_equal(lock_vg(wf, "vg0", LOCK_EXCL), 0);
	assert_true(now() - t0 >= 0.2);
	reap(pid);
	lock_set_free(wf);
	lock_set_free(w1);
}

static void lock_waiting_writer_stops_new_readers(void **state)
{
	struct lock_set *reader = lock_set_new(lockdir, false, 0);
	struct lock_set *late = lock_set_new(lockdir, false, 0);
	struct timespec ts = { 0, 200000000L };
	pid_t pid;
	int st, go[2];
	(void)state;

	/* Fork before locking: a child sharing our lock's open file would
	 * keep it locked after we release it. */
	assert_int_equal(pipe(go), 0);
	pid = fork();
	if (pid == 0) {
		/* a writer that waits: it holds V_vg0:aux while waiting */
		struct lock_set *w = lock_set_new(lockdir, true, 5);
		char c;
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(4);
		_exit(lock_vg(w, "vg0", LOCK_EXCL) == 0 ? 0 : 3);
	}
	assert_true(pid > 0);
	close(go[0]);
	assert_int_equal(lock_vg(reader, "vg0", LOCK_SHARED), 0);
	assert_int_equal(write(go[1], "x", 1), 1);
	close(go[1]);
	nanosleep(&ts, NULL);
	assert_int_equal(child_try(lpath("V_vg0:aux"), LOCK_EX), 1);
	/* prioritise_write_locks: a new reader must not overtake the writer */
	assert_int_equal(lock_vg(late, "vg0", LOCK_SHARED), -EAGAIN);
	lock_set_free(reader);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(lock_vg(late, "vg0", LOCK_SHARED), 0);
	lock_set_free(late);
}

static void lock_relock_and_upgrade(void **state)
{
	struct lock_set *ls = lock_set_new(lockdir, false, 0);
	struct lock_set *other = lock_set_new(lockdir, false, 0);
	(void)state;

	assert_int_equal(lock_vg(ls, "vg0", LOCK_SHARED), 0);
	assert_int_equal(lock_vg(ls, "vg0", LOCK_SHARED), 0);
	assert_int_equal(lock_vg(ls, "vg0", LOCK_EXCL), 0);	/* upgrade */
	assert_int_equal(child_try(lpath("V_vg0"), LOCK_SH), 1);
	assert_int_equal(lock_vg(ls, "vg0", LOCK_SHARED), 0);	/* keeps EXCL */
	assert_int_equal(child_try(lpath("V_vg0"), LOCK_SH), 1);
	lock_vg_release(ls, "vg0");

	/* a failed non-blocking upgrade keeps the shared lock */
	assert_int_equal(lock_vg(ls, "vg0", LOCK_SHARED), 0);
	assert_int_equal(lock_vg(other, "vg0", LOCK_SHARED), 0);
	assert_int_equal(lock_vg(ls, "vg0", LOCK_EXCL), -EAGAIN);
	lock_set_free(other);
	assert_int_equal(child_try(lpath("V_vg0"), LOCK_EX), 1);
	assert_int_equal(child_try(lpath("V_vg0"), LOCK_SH), 0);
	lock_set_free(ls);
	assert_int_equal(child_try(lpath("V_vg0"), LOCK_EX), 0);
}

static void lock_bad_names_and_dirs(void **state)
{
	struct lock_set *ls = lock_set_new(lockdir, false, 0);
	struct lock_set *bad;
	char file[160];
	int fd;
	(void)state;

	assert_int_equal(lock_vg(ls, "", LOCK_EXCL), -EINVAL);
	assert_int_equal(lock_vg(ls, "a/b", LOCK_EXCL), -EINVAL);
	assert_int_equal(lock_vg(ls, "..", LOCK_EXCL), -EINVAL);
	assert_int_equal(lock_vg(ls, NULL, LOCK_EXCL), -EINVAL);
	/* orphans are not locked (LVM2 is_orphan_vg) */
	assert_int_equal(lock_vg(ls, "#orphans_lvm2", LOCK_EXCL), 0);
	assert_int_equal(access(lpath("V_#orphans_lvm2"), F_OK), -1);
	lock_vg_release(ls, "not-held");	/* harmless */
	lock_set_free(ls);
	lock_set_free(NULL);

	/* the lock directory's parent is a regular file */
	snprintf(file, sizeof(file), "%s/file", tmpdir);
	fd = open(file, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	strcat(file, "/lvm");
	bad = lock_set_new(file, false, 0);
	assert_int_equal(lock_vg(bad, "vg0", LOCK_EXCL), -ENOTDIR);
	lock_set_free(bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(lock_excl_blocks_other_process, setup, teardown),
		cmocka_unit_test_setup_teardown(lock_shared_allows_readers, setup, teardown),
		cmocka_unit_test_setup_teardown(lock_global_name, setup, teardown),
		cmocka_unit_test_setup_teardown(lock_busy_file_held_elsewhere, setup, teardown),
		cmocka_unit_test_setup_teardown(lock_waits_with_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(lock_waiting_writer_stops_new_readers, setup, teardown),
		cmocka_unit_test_setup_teardown(lock_relock_and_upgrade, setup, teardown),
		cmocka_unit_test_setup_teardown(lock_bad_names_and_dirs, setup, teardown),
	};
	log_verbosity = -1;	/* the failure cases log on purpose */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
