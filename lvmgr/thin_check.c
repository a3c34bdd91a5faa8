/* thin_check before a thin pool is loaded, and lvmgr's clean-pool fast
 * path (lv_thin.h): the check runs only when it can matter.
 *
 * LVM2 runs thin_check (global/thin_check_executable with
 * global/thin_check_options) every time a pool is activated; with
 * thousands of thin LVs that is minutes at every boot. The kernel's pool
 * metadata is transactional (a copy-on-write b-tree, one superblock
 * commit), so a pool the kernel closed cleanly, after metadata that
 * thin_check passed, is as good as when it was checked. lvmgr therefore
 * checks a pool when
 *   - the superblock's needs_check flag is set (the kernel sets it on a
 *     metadata I/O error, and then refuses to write without a check), or
 *   - there is no record that the pool was deactivated cleanly since its
 *     last successful check, or the record does not match the metadata
 *     on disk (superblock bytes, metadata LV and size), or
 *   - the command says --force-check.
 *
 * What is recorded, and why it is safe:
 *   P, the clean record: <system_dir>/thin-check/<vg uuid><pool uuid>
 *     (/etc/lvm/thin-check/... by default), a persistent file written at
 *     a clean deactivation of a pool whose activation was verified. It
 *     holds the pool's and metadata LV's ids, the metadata LV's size and a
 *     CRC of the superblock block as the kernel left it.
 *   V, the verified mark: <run dir>/thin-check/<vg uuid><pool uuid>
 *     (/run/lvm/thin-check/...), written when a pool is loaded from
 *     metadata just checked (or matched by P, or a new pool's empty
 *     metadata). It only has to live as long as the kernel's device,
 *     which is exactly the life of /run.
 * The order: before the pool's table is loaded, P is removed and the
 * removal made durable (fsync of the directory), then V written; at
 * deactivation, after the kernel removed the pool (its last commit
 * done), P is written (temporary file, fsync, rename, fsync of the
 * directory) if V is there and the superblock has no needs_check flag,
 * then V is removed. A command killed at any point, or a power cut,
 * leaves either no P (the next activation checks) or a P that matches
 * the metadata on disk as the kernel committed it. A pool that was
 * active at a power cut or a reboot without deactivation has no P: it is
 * checked. Why not elsewhere: a flag in the VG metadata would mean a
 * metadata commit at every activation and text LVM2 must read back
 * unchanged; a "pool active" mark in /run alone would vanish in the very
 * power cut it should record, and a "clean" mark in /run alone would be
 * gone at every boot, where the check costs most. LVM2 or another host
 * activating the pool never writes P; if it changes the metadata, the
 * superblock no longer matches P and lvmgr checks again.
 * A root file system that is read-only (or an initramfs without the
 * record) only costs the check, never skips it. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "activation/dtree.h"
#include "lvmgr/base/crc.h"
#include "lvmgr/config.h"
#include "lvmgr/lv_thin.h"
#include "lvmgr/online.h"
#include "lvmgr/scan.h"

#define SB_SIZE 4096			/* the thin metadata block holding the superblock */
#define SB_MAGIC 27022010ULL		/* THIN_SUPERBLOCK_MAGIC */
#define SB_NEEDS_CHECK 1u		/* THIN_METADATA_NEEDS_CHECK_FLAG */

static bool g_force;

void thin_check_force(bool on)
{
	g_force = on;
}

static const char *tmeta_path(struct ctx *x, const struct vg *vg, const struct lv *tmeta)
{
	return arena_printf(&x->arena, "/dev/mapper/%s", dt_name(&x->arena, vg->name, tmeta->name, NULL));
}

/* The superblock block of the metadata LV, read past the page cache (the
 * kernel writes it through its own buffers). 0, -errno. */
static int read_sb(const char *dev, unsigned char *sb)
{
	void *buf;
	int r = 0;
	if (posix_memalign(&buf, SB_SIZE, SB_SIZE))
		return -ENOMEM;
	int fd = open(dev, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (fd < 0)
		fd = open(dev, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		r = -errno;
	else {
		ssize_t got = pread(fd, buf, SB_SIZE, 0);
		r = got == SB_SIZE ? 0 : got < 0 ? -errno : -EIO;
		close(fd);
	}
	if (!r)
		memcpy(sb, buf, SB_SIZE);
	free(buf);
	return r;
}

/* The superblock block read from the PV under the metadata LV's first
 * extent: the way that works after the whole VG was taken down at once
 * (vgchange -an removes the metadata LV's device with the pool's). */
static int read_sb_pv(const struct vg *vg, const struct lv *tmeta, unsigned char *sb)
{
	if (!tmeta->n_segs || !tmeta->segs[0].n_areas)
		return -EINVAL;
	const struct seg_area *ar = &tmeta->segs[0].areas[0];
	if (ar->kind != AREA_PV || !ar->pv->sd)
		return -ENODEV;
	void *buf;
	int r;
	if (posix_memalign(&buf, SB_SIZE, SB_SIZE))
		return -ENOMEM;
	const char *dev = ar->pv->sd->dev.path;
	int fd = open(dev, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (fd < 0)
		fd = open(dev, O_RDONLY | O_CLOEXEC);	/* a PV file on tmpfs */
	if (fd < 0)
		r = -errno;
	else {
		off_t off = (off_t)((ar->pv->pe_start + ar->pe * vg->extent_size) * 512);
		ssize_t got = pread(fd, buf, SB_SIZE, off);
		r = got == SB_SIZE ? 0 : got < 0 ? -errno : -EIO;
		close(fd);
	}
	if (!r)
		memcpy(sb, buf, SB_SIZE);
	free(buf);
	return r;
}

/* What P must say for the metadata as it is now; NULL when the
 * superblock is not a thin pool's (never recorded clean). Ids, not
 * names: a renamed VG or pool keeps its record. */
static const char *record_text(struct ctx *x, const struct vg *vg, const struct lv *pool, const struct lv *tmeta,
			       const unsigned char *sb)
{
	if (get_le64(sb + 32) != SB_MAGIC)
		return NULL;
	return arena_printf(&x->arena,
			    "# lvmgr: this thin pool was deactivated cleanly after its last check (lvmgr(8))\n"
			    "pool %s%s\nmetadata %s %" PRIu64 "\nsuperblock %08" PRIx32 " %08" PRIx32 " %" PRIu64 "\n",
			    vg->id, pool->id, tmeta->id, tmeta->size_extents * vg->extent_size,
			    get_le32(sb), crc_calc(0, sb, SB_SIZE), get_le64(sb + 48));
}

static const char *rec_path(struct ctx *x, const char *dir, const struct vg *vg, const struct lv *pool)
{
	return arena_printf(&x->arena, "%s/thin-check/%s%s", dir, vg->id, pool->id);
}

static int fsync_dir_of(const char *path)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", path);
	char *s = strrchr(dir, '/');
	if (s)
		*s = 0;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int r = fsync(fd) ? -errno : 0;
	close(fd);
	return r;
}

/* Write text to path through a temporary file; durable when sync. */
static int write_file(const char *path, const char *text, bool sync)
{
	char dir[PATH_MAX], tmp[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = 0;
	if (mkdir(dir, 0700) && errno == ENOENT) {
		/* /run/lvm itself may not be there yet (LVM2 makes it 0700) */
		char *up = strrchr(dir, '/');
		if (up && up != dir) {
			*up = 0;
			mkdir(dir, 0700);
			*up = '/';
		}
		mkdir(dir, 0700);
	}
	struct stat st;
	if (stat(dir, &st))
		return -errno;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	size_t len = strlen(text);
	int r = write(fd, text, len) == (ssize_t)len ? 0 : -EIO;
	if (!r && sync && fsync(fd))
		r = -errno;
	close(fd);
	if (!r && rename(tmp, path))
		r = -errno;
	if (r)
		unlink(tmp);
	else if (sync)
		r = fsync_dir_of(path);
	return r;
}

/* Remove path; durable when sync. 0 also when it was not there. */
static int drop_file(const char *path, bool sync)
{
	if (unlink(path))
		return errno == ENOENT ? 0 : -errno;
	return sync ? fsync_dir_of(path) : 0;
}

static bool file_is(const char *path, const char *want)
{
	char buf[1024];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t got = read(fd, buf, sizeof(buf));
	close(fd);
	return got >= 0 && (size_t)got == strlen(want) && !memcmp(buf, want, (size_t)got);
}

/* thin_check on the metadata LV's device, as LVM2's _pool_callback:
 * global/thin_check_executable (empty: no check) with thin_check_options.
 * 0 clean, 1 not run (no checker), -EIO failed (logged as LVM2). */
static int run_thin_check(struct ctx *x, const struct vg *vg, const struct lv *pool, const char *dev)
{
	const char *exe = config_str(x->cfg, "global/thin_check_executable");
	const struct cft_value *opts = config_array(x->cfg, "global/thin_check_options");
	const char *argv[20];
	unsigned n = 0;
	if (!exe || !*exe)
		return 1;
	argv[n++] = exe;
	for (const struct cft_value *v = opts ? opts->items : NULL; v; v = v->next) {
		if (v->type != CFT_STRING) {
			log_error("Invalid string in config file: global/thin_check_options.");
			return -EINVAL;
		}
		if (n == 17) {
			log_error("Too many options for %s command.", exe);
			return -EINVAL;
		}
		argv[n++] = v->s;
	}
	argv[n++] = dev;
	argv[n] = NULL;
	log_verbose("Running %s on %s.", exe, dev);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		execv(exe, (char *const *)argv);
		/* LVM2's exec_cmd line */
		dprintf(2, "  %s: execvp failed: %s\n", exe, strerror(errno));
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(st) && !WEXITSTATUS(st))
		return 0;
	/* LVM2's words and ways: a missing checker warns and lets the pool
	 * load, a failed check stops it. */
	if (WIFEXITED(st) && WEXITSTATUS(st) == 127) {
		log_warn("Check is skipped, please install recommended missing binary %s!", exe);
		return 1;
	}
	log_error("Check of pool %s/%s failed (status:%d). Manual repair required!", vg->name, pool->name,
		  WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	return -EIO;
}

int thin_check_before_load(struct ctx *x, const struct vg *vg, const struct lv *pool, const struct lv *tmeta)
{
	const char *dev = tmeta_path(x, vg, tmeta);
	const char *rec = rec_path(x, config_system_dir(x->cfg), vg, pool);
	const char *mark = rec_path(x, online_run_dir(), vg, pool);
	unsigned char sb[SB_SIZE];
	int r = read_sb(dev, sb);
	if (r) {
		log_error("Cannot read the metadata of thin pool %s/%s on %s: %s", vg->name, pool->name, dev,
			  strerror(-r));
		return r;
	}
	/* As LVM2: a metadata LV whose first bytes are zero is a new pool
	 * the kernel has yet to format, not a damaged one. */
	bool empty = true;
	for (size_t i = 0; empty && i < 64; i++)
		empty = !sb[i];
	const char *want = empty ? NULL : record_text(x, vg, pool, tmeta, sb);
	bool check = !empty;
	if (empty)
		log_verbose("Metadata checking skipped, detected empty disk header on %s.", dev);
	else if (g_force)
		log_verbose("Checking thin pool %s/%s: --force-check.", vg->name, pool->name);
	else if (get_le32(sb + 4) & SB_NEEDS_CHECK)
		log_print("Thin pool %s/%s has its needs_check flag set: checking its metadata.", vg->name,
			  pool->name);
	else if (!want || !file_is(rec, want))
		log_verbose("Checking thin pool %s/%s: not deactivated cleanly since its last check.", vg->name,
			    pool->name);
	else {
		check = false;
		log_verbose("Skipping the check of thin pool %s/%s: deactivated cleanly after its last check.",
			    vg->name, pool->name);
	}
	/* From here the kernel may write the metadata: P goes first, for
	 * good. If it cannot, the fast path is off. */
	if ((r = drop_file(rec, true))) {
		log_warn("Cannot remove %s: %s; checking thin pool %s/%s.", rec, strerror(-r), vg->name, pool->name);
		check = !empty;
	}
	bool verified = !check;
	if (check) {
		if ((r = run_thin_check(x, vg, pool, dev)) < 0) {
			drop_file(mark, false);
			return r;
		}
		verified = r == 0;
	}
	r = verified ? write_file(mark, "verified\n", false) : drop_file(mark, false);
	if (r)
		log_verbose("Cannot record thin pool %s/%s in %s: %s.", vg->name, pool->name, mark, strerror(-r));
	return 0;
}

void thin_check_after_unload(struct ctx *x, const struct vg *vg, const struct lv *pool, const struct lv *tmeta)
{
	const char *mark = rec_path(x, online_run_dir(), vg, pool);
	if (x->test || access(mark, F_OK))
		return;	/* not loaded from checked metadata (or not by lvmgr) */
	const char *rec = rec_path(x, config_system_dir(x->cfg), vg, pool);
	unsigned char sb[SB_SIZE];
	const char *text = NULL;
	int r = read_sb_pv(vg, tmeta, sb);
	if (!r && !(get_le32(sb + 4) & SB_NEEDS_CHECK))
		text = record_text(x, vg, pool, tmeta, sb);
	if (text && (r = write_file(rec, text, true)))
		log_verbose("Cannot record the clean deactivation of thin pool %s/%s in %s: %s.", vg->name,
			    pool->name, rec, strerror(-r));
	else if (r)
		log_verbose("Cannot read the metadata of thin pool %s/%s: %s.", vg->name, pool->name, strerror(-r));
	drop_file(mark, false);
}

void thin_check_after_deact_vg(struct ctx *x, const struct vg *vg)
{
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l];
		const struct lv *tmeta = lv_is_thin_pool(lv) ? vg_find_lv(vg, lv->segs[0].thin->metadata_lv) : NULL;
		if (tmeta)
			thin_check_after_unload(x, vg, lv, tmeta);
	}
}

void thin_check_forget(struct ctx *x, const struct vg *vg, const struct lv *pool)
{
	if (x->test)
		return;
	drop_file(rec_path(x, config_system_dir(x->cfg), vg, pool), false);
	drop_file(rec_path(x, online_run_dir(), vg, pool), false);
}
