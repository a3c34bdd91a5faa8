/* The online files of event activation: byte for byte what LVM2 2.03.16
 * writes (lib/device/online.c), read back from LVM2's shape, and hostile
 * content ignored. Every test works in a fresh temporary run directory. */
#include "tests/unit/unit.h"
#include "lvmgr/online.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];
#define ID1 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1"
#define ID2 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2"
#define ID3 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa3"
#define ID4 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa4"

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(p);
}

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/lvmgr-online.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	strcat(dir, "/lvm");	/* online_setup makes it */
	return online_setup(dir);
}

static int teardown(void **state)
{
	(void)state;
	*strrchr(dir, '/') = '\0';
	return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static char *path(const char *sub, const char *name)
{
	static char p[256];
	snprintf(p, sizeof(p), "%s/%s/%s", dir, sub, name);
	return p;
}

static char *slurp(const char *sub, const char *name)
{
	static char buf[1024];
	int fd = open(path(sub, name), O_RDONLY);
	ssize_t n;
	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	assert_true(n >= 0);
	buf[n] = '\0';
	return buf;
}

static void put(const char *sub, const char *name, const void *data, size_t len)
{
	int fd = open(path(sub, name), O_CREAT | O_TRUNC | O_WRONLY, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static void test_setup_dirs(void **state)
{
	struct stat st;
	(void)state;
	assert_int_equal(stat(path("pvs_online", ""), &st), 0);
	assert_int_equal(stat(path("vgs_online", ""), &st), 0);
	assert_int_equal(stat(path("pvs_lookup", ""), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0755);
	assert_int_equal(online_setup(dir), 0);	/* again: nothing to do */
}

static void test_pv_file_bytes(void **state)
{
	struct stat st;
	(void)state;
	assert_int_equal(online_pv_create(dir, ID1, 8, 16, "vg0", "/dev/sdb"), 0);
	assert_string_equal(slurp("pvs_online", ID1), "8:16\nvg:vg0\ndev:/dev/sdb\n");
	assert_int_equal(stat(path("pvs_online", ID1), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* no VG (a PV without metadata), a device name too short: as LVM2 */
	assert_int_equal(online_pv_create(dir, ID2, 253, 1048575, NULL, "/dev/"), 0);
	assert_string_equal(slurp("pvs_online", ID2), "253:1048575\n");
	assert_true(online_pv_exists(dir, ID1));
	assert_false(online_pv_exists(dir, ID3));
	assert_false(online_pv_exists(dir, "../pvs_online/" ID1));
}

static void test_pv_duplicate(void **state)
{
	(void)state;
	assert_int_equal(online_pv_create(dir, ID1, 8, 16, "vg0", "/dev/sdb"), 0);
	/* the same device again (udev change event): fine, file unchanged */
	assert_int_equal(online_pv_create(dir, ID1, 8, 16, "vg0", "/dev/sdb"), 0);
	/* another device with the same PV id: a duplicate */
	assert_int_equal(online_pv_create(dir, ID1, 8, 32, "vg0", "/dev/sdc"), -EEXIST);
	assert_string_equal(slurp("pvs_online", ID1), "8:16\nvg:vg0\ndev:/dev/sdb\n");
	/* bad arguments never make a path */
	assert_int_equal(online_pv_create(dir, "short", 8, 16, NULL, NULL), -EINVAL);
	assert_int_equal(online_pv_create(dir, ID3, 8, 16, "../x", NULL), -EINVAL);
}

static void test_pv_read_lvm2(void **state)
{
	struct online_pv pv;
	(void)state;
	/* LVM2's shape, including a file without the dev line */
	put("pvs_online", ID1, "7:3\nvg:vg_x-1\ndev:/dev/loop3\n", 29);
	assert_int_equal(online_pv_read(dir, ID1, &pv), 0);
	assert_string_equal(pv.pvid, ID1);
	assert_int_equal(pv.major, 7);
	assert_int_equal(pv.minor, 3);
	assert_string_equal(pv.vgname, "vg_x-1");
	assert_string_equal(pv.devname, "/dev/loop3");
	put("pvs_online", ID2, "7:4\n", 4);
	assert_int_equal(online_pv_read(dir, ID2, &pv), 0);
	assert_string_equal(pv.vgname, "");
	assert_string_equal(pv.devname, "");
	assert_int_equal(online_pv_read(dir, ID3, &pv), -ENOENT);
}

static void test_pv_read_hostile(void **state)
{
	struct online_pv pv;
	char big[2048];
	(void)state;
	static const char *const bad[] = {
		"", "garbage\n", "8\n", "8:\n", ":16\n", "-1:5\n", "8:-5\n", "4096:0\n",
		"8:1048576\n", "99999999999999999999:1\n", "8:16x\nvg:a\n", "\xff\xfe:\x01\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put("pvs_online", ID1, bad[i], strlen(bad[i]));
		assert_int_equal(online_pv_read(dir, ID1, &pv), -EINVAL);
	}
	put("pvs_online", ID1, "8:16\0vg:a\n", 10);	/* binary */
	assert_int_equal(online_pv_read(dir, ID1, &pv), -EINVAL);
	/* bad fields are dropped, the numbers kept */
	put("pvs_online", ID1, "8:16\nvg:../../etc\ndev:/etc/passwd\n", 34);
	assert_int_equal(online_pv_read(dir, ID1, &pv), 0);
	assert_int_equal(pv.minor, 16);
	assert_string_equal(pv.vgname, "");
	assert_string_equal(pv.devname, "");
	put("pvs_online", ID1, "8:16\nvg:\ndev:/dev/../etc/x\n", 27);
	assert_int_equal(online_pv_read(dir, ID1, &pv), 0);
	assert_string_equal(pv.vgname, "");
	assert_string_equal(pv.devname, "");
	/* a field longer than LVM2's NAME_LEN, and a file longer than it reads */
	memset(big, 'a', sizeof(big));
	memcpy(big, "8:16\nvg:", 8);
	put("pvs_online", ID1, big, sizeof(big));
	assert_int_equal(online_pv_read(dir, ID1, &pv), 0);
	assert_string_equal(pv.vgname, "");
	/* a directory or a symlink where the file should be */
	unlink(path("pvs_online", ID1));
	assert_int_equal(mkdir(path("pvs_online", ID1), 0700), 0);
	assert_true(online_pv_read(dir, ID1, &pv) < 0);
	rmdir(path("pvs_online", ID1));
	assert_int_equal(symlink("/etc/passwd", path("pvs_online", ID1)), 0);
	assert_true(online_pv_read(dir, ID1, &pv) < 0);
	unlink(path("pvs_online", ID1));
}

static void test_pv_create_over_garbage(void **state)
{
	(void)state;
	put("pvs_online", ID1, "junk", 4);
	assert_int_equal(online_pv_create(dir, ID1, 8, 16, "vg0", "/dev/sdb"), 0);
	assert_string_equal(slurp("pvs_online", ID1), "8:16\nvg:vg0\ndev:/dev/sdb\n");
}

static void test_vg_file_arbiter(void **state)
{
	struct stat st;
	(void)state;
	assert_int_equal(online_vg_create(dir, "vg0"), 1);
	assert_int_equal(online_vg_create(dir, "vg0"), 0);	/* the second one loses */
	assert_int_equal(stat(path("vgs_online", "vg0"), &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	online_vg_remove(dir, "vg0");
	assert_int_equal(online_vg_create(dir, "vg0"), 1);
	assert_int_equal(online_vg_create(dir, ".."), -EINVAL);
}

static void test_lookup(void **state)
{
	const char *ids[] = {ID1, ID2, ID3};
	char vg[ONLINE_NAME_LEN];
	unsigned on, off;
	(void)state;
	assert_int_equal(online_lookup_write(dir, "vg0", ids, 3), 1);
	assert_string_equal(slurp("pvs_lookup", "vg0"), ID1 "\n" ID2 "\n" ID3 "\n");
	assert_int_equal(online_lookup_write(dir, "vg0", ids, 1), 0);	/* first writer wins */
	assert_int_equal(online_pv_create(dir, ID1, 8, 16, "vg0", "/dev/sdb"), 0);
	assert_int_equal(online_pv_create(dir, ID3, 8, 48, NULL, "/dev/sdd"), 0);
	assert_int_equal(online_lookup_find(dir, ID3, vg, &on, &off), 1);
	assert_string_equal(vg, "vg0");
	assert_int_equal(on, 2);
	assert_int_equal(off, 1);
	assert_int_equal(online_lookup_find(dir, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", vg, &on, &off), 0);
	/* hostile lookup files: bad lines skipped, bad names never opened */
	put("pvs_lookup", "vg1", "short\n\n" ID4 "\xff\n" ID4 "\n" ID1, 7 + 34 + 33 + 32);
	assert_int_equal(online_lookup_find(dir, ID4, vg, &on, &off), 1);
	assert_string_equal(vg, "vg1");
	assert_int_equal(on, 1);	/* ID1, on the last line without a newline */
	assert_int_equal(off, 1);
	put("pvs_lookup", "..x", ID4 "\n", 33);
	put("pvs_lookup", "vg2", "", 0);
	assert_int_equal(online_lookup_find(dir, ID4, vg, &on, &off), 1);
	assert_string_equal(vg, "vg1");
	struct online_pv *pvs;
	unsigned n;
	assert_int_equal(online_pvs_of_vg(dir, "vg0", &pvs, &n), 0);
	assert_int_equal(n, 2);	/* ID1 by its vg field, ID3 by the lookup file */
	assert_string_equal(pvs[0].pvid, ID1);
	assert_string_equal(pvs[1].pvid, ID3);
	assert_string_equal(pvs[1].devname, "/dev/sdd");
	free(pvs);
}

static void test_remove_devno_and_clear(void **state)
{
	const char *ids[] = {ID1, ID2};
	(void)state;
	assert_int_equal(online_pv_create(dir, ID1, 8, 16, "vg0", "/dev/sdb"), 0);
	assert_int_equal(online_pv_create(dir, ID2, 8, 32, "vg0", "/dev/sdc"), 0);
	assert_int_equal(online_lookup_write(dir, "vg0", ids, 2), 1);
	assert_int_equal(online_vg_create(dir, "vg0"), 1);
	put("pvs_online", "notanid", "8:32\n", 5);
	online_pv_remove_devno(dir, 8, 32);
	assert_false(online_pv_exists(dir, ID2));
	assert_true(online_pv_exists(dir, ID1));
	assert_int_equal(access(path("vgs_online", "vg0"), F_OK), -1);
	assert_int_equal(access(path("pvs_lookup", "vg0"), F_OK), -1);
	assert_int_equal(access(path("pvs_online", "notanid"), F_OK), 0);
	assert_int_equal(online_vg_create(dir, "vg0"), 1);	/* activates again when complete */
	online_clear(dir);
	assert_false(online_pv_exists(dir, ID1));
	assert_int_equal(access(path("vgs_online", "vg0"), F_OK), -1);
	assert_int_equal(access(path("pvs_online", "notanid"), F_OK), -1);
}

static void test_run_dir_env(void **state)
{
	(void)state;
	unsetenv("LVMGR_RUN_DIR");
	assert_string_equal(online_run_dir(), "/run/lvm");
	setenv("LVMGR_RUN_DIR", dir, 1);
	assert_string_equal(online_run_dir(), dir);
	unsetenv("LVMGR_RUN_DIR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_setup_dirs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pv_file_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pv_duplicate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pv_read_lvm2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pv_read_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pv_create_over_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vg_file_arbiter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_devno_and_clear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_dir_env, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
