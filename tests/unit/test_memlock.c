/* activation/memlock.c: which mappings are locked whole, and the lock
 * itself on this process (VmLck of /proc/self/status), nested as the
 * kernel backend nests it (one enter per suspended device). */
#include "tests/unit/unit.h"
#include <stdbool.h>
#include <sys/mman.h>
#include <unistd.h>

#include "activation/memlock.h"

static void maps_lines(void **state)
{
	(void)state;
	static const char *const lines[][2] = {
		{"55d0c0000000-55d0c0100000 r-xp 00002000 fe:01 123 /usr/sbin/lvmgr", "y"},
		{"7f00a0000000-7f00a0180000 r--p 00000000 fe:01 456 /usr/lib/x86_64-linux-gnu/libc.so.6", "y"},
		{"7f00a0000000-7f00a0010000 rw-p 00020000 fe:01 789 /usr/lib/x86_64-linux-gnu/libdevmapper.so.1.02.1", "y"},
		{"7f00a0000000-7f00a0010000 ---p 00020000 fe:01 789 /usr/lib/x86_64-linux-gnu/libc.so.6", "n"},
		{"55d0c1000000-55d0c1200000 rw-p 00000000 00:00 0 [heap]", "n"},
		{"7f00a0000000-7f00a0800000 rw-p 00000000 00:00 0 ", "n"},
		{"7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]", "n"},
		{"7ffd00100000-7ffd00102000 r-xp 00000000 00:00 0 [vdso]", "n"},
		{"7f00a0000000-7f00a0300000 r--p 00000000 fe:01 99 /usr/lib/locale/locale-archive", "n"},
		{"7f00a0000000-7f00a0030000 r-xp 00000000 fe:01 98 /usr/lib/x86_64-linux-gnu/libudev.so.1.7.5", "n"},
		{"7f00a0000000-7f00a0030000 r-xp 00000000 fe:01 97 /usr/lib/x86_64-linux-gnu/libselinux.so.1", "n"},
		{"7f00a0000000-7f00a0030000 r-xp 00000000 fe:01 96 /usr/lib/x86_64-linux-gnu/libpcre2-8.so.0.11.2", "n"},
		{"7f00a0000000-7f00a0001000 rw-s 00000000 00:05 95 /dev/zero (deleted)", "n"},
		{"garbage", "n"},
		{"", "n"},
	};
	for (unsigned i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		bool want = lines[i][1][0] == 'y';
		if (memlock_map_wanted(lines[i][0], NULL, 0) != want)
			fail_msg("%s: want %s", lines[i][0], want ? "locked" : "left");
	}
	/* a configured filter replaces the built-in one; "" matches nothing */
	const char *const f[] = {"libc.so", ""};
	assert_false(memlock_map_wanted(lines[1][0], f, 2));
	assert_true(memlock_map_wanted(lines[0][0], f, 2));
	assert_true(memlock_map_wanted("7f-8f r-xp 0 fe:01 98 /usr/lib/x86_64-linux-gnu/libudev.so.1", f, 2));
}

/* VmLck of this process, in KiB (-1: not found). */
static long vmlck_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmLck:", 6))
			kb = strtol(line + 6, NULL, 10);
	if (f)
		fclose(f);
	return kb;
}

/* Size and Locked (resident pages locked) in KiB of the mapping holding
 * addr, from /proc/self/smaps. */
static void smaps_of(const void *addr, long *size, long *locked)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[4600];
	bool in = false;
	*size = *locked = -1;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		unsigned long from, to;
		char c;
		if (sscanf(line, "%lx-%lx %c", &from, &to, &c) == 3 && strchr(line, '-') < strchr(line, ' '))
			in = (uintptr_t)addr >= from && (uintptr_t)addr < to;
		else if (in && !strncmp(line, "Size:", 5))
			*size = strtol(line + 5, NULL, 10);
		else if (in && !strncmp(line, "Locked:", 7))
			*locked = strtol(line + 7, NULL, 10);
	}
	fclose(f);
}

/* Does mlock lock here? The sanitizers' runtimes intercept mlock and
 * mlockall and do nothing (their shadow memory cannot be locked). */
static bool mlock_observable(void)
{
	long size, locked;
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	p[0] = 1;
	bool ok = !mlock(p, 4096);
	smaps_of(p, &size, &locked);
	munlock(p, 4096);
	munmap(p, 4096);
	return ok && locked == 4;
}

/* Under a sanitizer: the enter/leave nesting alone. */
static void nesting_only(void)
{
	struct memlock_conf c = {.reserved_stack_kb = 64, .priority = 0};
	memlock_configure(&c);
	assert_false(memlock_locked());
	memlock_enter();
	memlock_enter();
	memlock_leave();
	assert_true(memlock_locked());
	memlock_leave();
	assert_false(memlock_locked());
	memlock_leave();
	assert_false(memlock_locked());
}

static void lock_nested(void **state)
{
	(void)state;
	if (geteuid())
		skip();	/* RLIMIT_MEMLOCK: the test needs root, as suspending does */
	if (!mlock_observable()) {
		nesting_only();
		return;
	}
	struct memlock_conf c = {.reserved_stack_kb = 64, .priority = 0};
	long size, locked;
	/* 4 MiB of anonymous memory never touched */
	size_t big = 4u << 20;
	char *anon = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(anon != MAP_FAILED);
	/* 1 MiB of a file, mapped and never read (as code not run yet) */
	char tmpl[] = "/tmp/lvmgr-memlock-XXXXXX";
	int fd = mkstemp(tmpl);
	assert_true(fd >= 0 && !ftruncate(fd, 1 << 20));
	unlink(tmpl);
	const char *file = mmap(NULL, 1 << 20, PROT_READ, MAP_PRIVATE, fd, 0);
	assert_true(file != MAP_FAILED);
	close(fd);
	smaps_of(file, &size, &locked);
	assert_int_equal(locked, 0);
	memlock_configure(&c);
	assert_int_equal(vmlck_kb(), 0);
	assert_false(memlock_locked());
	memlock_enter();
	assert_true(memlock_locked());
	assert_true(vmlck_kb() > 0);
	/* file mappings (this binary's code, the file) are in memory whole
	 * and locked */
	smaps_of((const void *)lock_nested, &size, &locked);
	if (size <= 0 || locked != size)
		fail_msg("code mapping: %ld KiB, %ld KiB locked", size, locked);
	smaps_of(file, &size, &locked);
	assert_int_equal(size, 1024);
	assert_int_equal(locked, 1024);
	/* untouched anonymous memory is not faulted in, what is touched
	 * while locked is locked */
	smaps_of(anon, &size, &locked);
	assert_int_equal(locked, 0);
	memset(anon, 1, 8192);
	smaps_of(anon, &size, &locked);
	assert_int_equal(locked, 8);
	memlock_enter();	/* a second device suspended */
	memlock_leave();
	assert_true(memlock_locked());
	assert_true(vmlck_kb() > 0);
	memlock_leave();
	assert_false(memlock_locked());
	assert_int_equal(vmlck_kb(), 0);
	memlock_leave();	/* one leave too many: nothing */
	assert_false(memlock_locked());
	/* use_mlockall: every mapping whole */
	c.use_mlockall = true;
	memlock_configure(&c);
	memlock_enter();
	smaps_of(anon, &size, &locked);
	assert_int_equal(locked, (long)(big >> 10));
	memlock_leave();
	assert_int_equal(vmlck_kb(), 0);
	munmap(anon, big);
	munmap((void *)file, 1 << 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(maps_lines),
		cmocka_unit_test(lock_nested),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
