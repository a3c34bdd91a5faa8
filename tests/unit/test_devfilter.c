/* Filters with hand-built config arrays; signatures on image files made by
 * the real tools (mkfs.ext4, sfdisk, mkswap, pvcreate on a loop device) and
 * an md 1.2 superblock written by hand. All files live in one temporary
 * directory removed by the group teardown, which also detaches the loop
 * device if a test stopped half way. */
#include "tests/unit/unit.h"
#include "lvmgr/devfilter.h"
#include "lvmgr/io/io.h"
#include "lvmgr/base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[64];
static char loopdev[64];	/* attached loop device, "" when none */

/* ---- filters ---- */

static struct cft_value *str_array(struct arena *a, const char *const *pats, size_t n)
{
	struct cft_value *arr = cft_value_array(a);
	for (size_t i = 0; i < n; i++)
		cft_array_append(arr, cft_value_str(a, pats[i]));
	return arr;
}

static struct dev_filter *filter(struct arena *a, const char *const *pats, size_t n)
{
	struct dev_filter *f = NULL;
	char err[256];

	if (dev_filter_new(a, str_array(a, pats, n), &f, err, sizeof(err)))
		fail_msg("filter refused: %s", err);
	return f;
}

static void filter_first_match_decides(void **state)
{
	static const char *const pats[] = { "a|^/dev/sda[0-9]*$|", "r/^\\/dev\\/sd/", "a(loop)" };
	struct arena a;
	struct dev_filter *f;
	(void)state;

	arena_init(&a);
	f = filter(&a, pats, ARRAY_SIZE(pats));
	assert_true(dev_filter_accepts(f, "/dev/sda"));
	assert_true(dev_filter_accepts(f, "/dev/sda1"));
	assert_false(dev_filter_accepts(f, "/dev/sdb"));
	assert_true(dev_filter_accepts(f, "/dev/loop0"));
	assert_true(dev_filter_accepts(f, "/dev/vda"));	/* no match = accept */
	/* per name, for judging a device on all its names (devnames.c) */
	assert_int_equal(dev_filter_match(f, "/dev/sda"), 1);
	assert_int_equal(dev_filter_match(f, "/dev/sdb"), 0);
	assert_int_equal(dev_filter_match(f, "/dev/vda"), -1);
	assert_int_equal(dev_filter_match(NULL, "/dev/vda"), -1);
	assert_true(dev_filter_can_accept(f));
	static const char *const rej[] = { "r|^/dev/sd|", "r|loop|" };
	f = filter(&a, rej, ARRAY_SIZE(rej));
	assert_false(dev_filter_can_accept(f));
	assert_true(dev_filter_can_accept(NULL));
	arena_free(&a);
}

static void filter_reject_all_and_delims(void **state)
{
	static const char *const p1[] = { "a[^/dev/md]", "a{^/dev/nvme0n1$}", "r|.*|" };
	static const char *const p2[] = { "r#loop#", "a%x%" };
	struct arena a;
	struct dev_filter *f;
	(void)state;

	arena_init(&a);
	f = filter(&a, p1, ARRAY_SIZE(p1));
	assert_true(dev_filter_accepts(f, "/dev/md127"));
	assert_true(dev_filter_accepts(f, "/dev/nvme0n1"));
	assert_false(dev_filter_accepts(f, "/dev/nvme0n1p1"));
	assert_false(dev_filter_accepts(f, "/dev/sda"));
	f = filter(&a, p2, ARRAY_SIZE(p2));
	assert_false(dev_filter_accepts(f, "/dev/loop7"));
	assert_true(dev_filter_accepts(f, "/dev/xvda"));
	/* NULL filter and an empty array accept everything */
	assert_true(dev_filter_accepts(NULL, "/dev/sda"));
	f = filter(&a, NULL, 0);
	assert_true(dev_filter_accepts(f, "/dev/sda"));
	assert_int_equal(dev_filter_new(&a, NULL, &f, NULL, 0), 0);
	assert_null(f);
	arena_free(&a);
}

static void filter_malformed_entries(void **state)
{
	static const char *const bad[] = {
		"x|sda|", "a|sda", "a", "a|", "r(sda]", "a|sd(a|", "",
	};
	struct arena a;
	struct dev_filter *f = (void *)1;
	char err[256];
	(void)state;

	arena_init(&a);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		const char *const one[] = { "a|ok|", bad[i] };
		err[0] = '\0';
		if (dev_filter_new(&a, str_array(&a, one, 2), &f, err, sizeof(err)) != -EINVAL)
			fail_msg("pattern \"%s\" accepted", bad[i]);
		assert_null(f);
		/* the message names the entry */
		char quoted[64];
		snprintf(quoted, sizeof(quoted), "\"%s\"", bad[i]);
		if (!strstr(err, quoted))
			fail_msg("message \"%s\" does not name %s", err, quoted);
	}
	/* non-string element: LVM2 "Filter patterns must be enclosed in quotes." */
	struct cft_value *arr = str_array(&a, (const char *const[]){ "a|x|" }, 1);
	arr->items->type = CFT_INT;
	assert_int_equal(dev_filter_new(&a, arr, &f, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "quotes"));
	arena_free(&a);
}

/* ---- signatures ---- */

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(p);
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static const char *img(const char *name)
{
	static char p[4][128];
	static int k;
	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", tmpdir, name);
	return p[k];
}

static void detach_loop(void)
{
	if (loopdev[0]) {
		sh("losetup -d %s", loopdev);
		loopdev[0] = '\0';
	}
}

/* An md 1.2 member superblock (struct mdp_superblock_1) at 4 KiB with a
 * valid sb_csum (sum of le32 words over the 256-byte header with max_dev 0,
 * folded to 32 bits as mdadm's calc_sb_1_csum). libblkid 2.38 does not check
 * the checksum, but a correct one keeps the fixture honest. */
static int write_md12(const char *path)
{
	uint8_t sb[256] = { 0 };
	uint64_t sum = 0;
	int fd = open(path, O_RDWR);

	if (fd < 0)
		return -1;
	put_le32(sb + 0, 0xa92b4efc);	/* magic */
	put_le32(sb + 4, 1);	/* major_version */
	for (int i = 0; i < 16; i++)
		sb[16 + i] = (uint8_t)(i + 1);	/* set_uuid */
	memcpy(sb + 32, "host:0", 6);	/* set_name */
	put_le32(sb + 72, 1);	/* level: raid1 */
	put_le64(sb + 128, 2048);	/* data_offset */
	put_le64(sb + 144, 8);	/* super_offset: 4096 / 512, blkid checks it */
	for (int i = 0; i < 256; i += 4)
		sum += get_le32(sb + i);
	put_le32(sb + 216, (uint32_t)((sum & 0xffffffff) + (sum >> 32)));
	if (pwrite(fd, sb, sizeof(sb), 4096) != (ssize_t)sizeof(sb)) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int make_images(void **state)
{
	char out[64] = "";
	FILE *p;
	(void)state;

	strcpy(tmpdir, "/tmp/lvmgr-devf.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	if (sh("cd %s && truncate -s 8M ext4.img dos.img swap.img md.img pv.img plain.img", tmpdir) ||
	    sh("mkfs.ext4 -q -F %s >/dev/null 2>&1", img("ext4.img")) ||
	    sh("echo 'start=2048, size=4096, type=83' | sfdisk -q %s >/dev/null 2>&1", img("dos.img")) ||
	    sh("mkswap -q %s >/dev/null 2>&1", img("swap.img")) || write_md12(img("md.img")))
		return -1;
	/* A real LVM2 PV: pvcreate works on block devices only. */
	snprintf(out, sizeof(out), "losetup -f --show %s", img("pv.img"));
	if (!(p = popen(out, "r")) || !fgets(loopdev, sizeof(loopdev), p)) {
		if (p)
			pclose(p);
		loopdev[0] = '\0';
		return -1;
	}
	pclose(p);
	loopdev[strcspn(loopdev, "\n")] = '\0';
	if (sh("LVM_SUPPRESS_FD_WARNINGS=1 pvcreate -q -y --config "
	       "'devices { filter=[\"a|^%s$|\",\"r|.*|\"] }' %s >/dev/null 2>&1", loopdev, loopdev))
		return -1;
	return 0;
}

static int remove_images(void **state)
{
	(void)state;
	detach_loop();
	return nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void expect_one(const char *path, const char *type, const char *usage, uint64_t off,
		       uint64_t len)
{
	struct dev_signature s[8];
	int n = devsig_probe(path, s, ARRAY_SIZE(s));

	if (n != 1)
		fail_msg("%s: %d signatures, want 1", path, n);
	assert_string_equal(s[0].type, type);
	assert_string_equal(s[0].usage, usage);
	assert_int_equal(s[0].offset, off);
	assert_int_equal(s[0].len, len);
}

static void devsig_probe_real_images(void **state)
{
	struct dev_signature s[4];
	(void)state;

	/* offsets as `wipefs` prints them */
	expect_one(img("ext4.img"), "ext4", "filesystem", 0x438, 2);
	expect_one(img("dos.img"), "dos", "partition table", 0x1fe, 2);
	expect_one(img("swap.img"), "swap", "other", 4096 - 10, 10);
	expect_one(img("md.img"), "linux_raid_member", "raid", 4096, 4);
	/* pvcreate'd: "LVM2 001" in the label at sector 1, byte 24 */
	expect_one(loopdev, "LVM2_member", "raid", 512 + 24, 8);
	expect_one(img("pv.img"), "LVM2_member", "raid", 512 + 24, 8);
	assert_int_equal(devsig_probe(img("plain.img"), s, ARRAY_SIZE(s)), 0);
	assert_int_equal(devsig_probe(img("missing.img"), s, ARRAY_SIZE(s)), -ENOENT);
	/* max bounds the result */
	assert_int_equal(devsig_probe(img("ext4.img"), s, 0), 0);
}

static void components_md_and_mpath(void **state)
{
	char wwids[160];
	FILE *f;
	(void)state;

	assert_true(dev_is_md_component(img("md.img")));
	assert_false(dev_is_md_component(img("ext4.img")));
	/* a real block device: empty holders, no wwid */
	assert_false(dev_is_md_component(loopdev));
	assert_false(dev_is_mpath_component(loopdev));
	assert_false(dev_is_mpath_component(img("plain.img")));

	snprintf(wwids, sizeof(wwids), "%s/wwids", tmpdir);
	f = fopen(wwids, "w");
	assert_non_null(f);
	fputs("# Multipath wwids, Version : 1.0\n"
	      "# NOTE: This file is automatically maintained by multipath and multipathd.\n"
	      "/36001405a1b2c3d4e5f60718293a4b5c6/\n"
	      "/3600508b400105e210000900000490000/\n", f);
	fclose(f);
	assert_true(mpath_wwid_listed("naa.6001405a1b2c3d4e5f60718293a4b5c6", wwids));
	assert_true(mpath_wwid_listed("t10.600508b400105e210000900000490000", wwids));
	assert_false(mpath_wwid_listed("naa.6001405a1b2c3d4e5f60718293a4b5c7", wwids));
	assert_false(mpath_wwid_listed("6001405a1b2c3d4e5f60718293a4b5c6", wwids));	/* no type */
	assert_false(mpath_wwid_listed("naa.", wwids));
	assert_false(mpath_wwid_listed("naa.6001405a1b2c3d4e5f60718293a4b5c6", ""));	/* disabled */
	assert_false(mpath_wwid_listed("naa.6001405a1b2c3d4e5f60718293a4b5c6", "wwids"));
	assert_false(mpath_wwid_listed("naa.6001405a1b2c3d4e5f60718293a4b5c6", img("nowwids")));
	assert_false(dev_is_mpath_component_wwids(loopdev, wwids));

	/* what a listing of the block devices told: a multipath map makes
	 * multipath paths possible; without one, only the default wwids file
	 * can (other device-mapper devices, LVs, do not) */
	dev_note_mpath_maps(true);
	assert_true(dev_mpath_components_possible());
	dev_note_mpath_maps(false);
	assert_int_equal(dev_mpath_components_possible(), !access("/etc/multipath/wwids", F_OK));
	assert_true(dm_uuid_is_mpath("mpath-3600508b400105e210000900000490000"));
	assert_false(dm_uuid_is_mpath("LVM-ZIMfV0ouldwmFhdFx0tNhwz5GONHPDkXV4gI9tAkHcLDMhu1VRCcJs"));
	assert_false(dm_uuid_is_mpath(""));
	assert_false(dm_uuid_is_mpath("part1-mpath-3600508b4"));
}

static void devsig_wipe_removes_all(void **state)
{
	static const char *const names[] = { "ext4.img", "dos.img", "swap.img", "md.img", "pv.img" };
	struct io_engine *io = io_engine_sync_new();
	struct dev_signature s[8];
	(void)state;

	detach_loop();	/* pv.img is wiped as a file */
	assert_non_null(io);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const char *path = img(names[i]);
		int n = devsig_probe(path, s, ARRAY_SIZE(s));
		int fd = open(path, O_RDWR);

		assert_true(n >= 1);
		assert_true(fd >= 0);
		assert_int_equal(devsig_wipe(io, fd, s, (size_t)n, NULL, 0), 0);
		close(fd);
		if (devsig_probe(path, s, ARRAY_SIZE(s)) != 0)
			fail_msg("%s still has %s after wipe", names[i], s[0].type);
		/* and blkid(8) agrees: exit 2 = nothing found */
		assert_int_equal(WEXITSTATUS(sh("blkid -p %s >/dev/null 2>&1", path)), 2);
	}
	assert_false(dev_is_md_component(img("md.img")));
	/* a failing write is reported */
	s[0] = (struct dev_signature){ "ext4", "filesystem", 0x438, 2 };
	assert_int_equal(devsig_wipe(io, -1, s, 1, NULL, 0), -EBADF);
	/* or put in the caller's buffer (a worker thread logs nothing) */
	char err[128] = "";
	assert_int_equal(devsig_wipe(io, -1, s, 1, err, sizeof(err)), -EBADF);
	assert_non_null(strstr(err, "Failed to wipe ext4 signature at offset 1080"));
	io_engine_destroy(io);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(filter_first_match_decides),
		cmocka_unit_test(filter_reject_all_and_delims),
		cmocka_unit_test(filter_malformed_entries),
		cmocka_unit_test(devsig_probe_real_images),
		cmocka_unit_test(components_md_and_mpath),
		cmocka_unit_test(devsig_wipe_removes_all),
	};
	log_verbosity = -1;
	return cmocka_run_group_tests(tests, make_images, remove_images);
}
