/* The VG cache files (see vgcache.h). A file: a header, then the image. Written to a temporary name and renamed, under the VG's write
 * lock; read under its read lock. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "lvmgr/config.h"
#include "lvmgr/crc.h"
#include "lvmgr/vgcache.h"

#define VGC_MAGIC "LVMGRVC2"

struct vgc_hdr {
	char magic[8];
	uint64_t img_len, text_len;
	uint64_t seqno;
	uint64_t text_hash;		/* hash64 of the text */
	uint32_t img_crc, text_crc;	/* text_crc: the metadata area's checksum (text and NUL) */
	uint32_t hdr_crc;		/* of the bytes before it */
	uint32_t pad;
};

enum vgcache_mode vgcache_mode(void)
{
	static enum vgcache_mode mode = (enum vgcache_mode)-1;
	if (mode == (enum vgcache_mode)-1) {
		const char *e = getenv("LVMGR_VG_CACHE");
		mode = !e || !*e || !strcmp(e, "1") ? VGCACHE_ON
		       : !strcmp(e, "verify")	    ? VGCACHE_VERIFY
						    : VGCACHE_OFF;
	}
	return mode;
}

static void cache_dir(struct ctx *c, char *out, size_t n)
{
	snprintf(out, n, "%s/lvmgr-cache", config_str(c->cfg, "global/locking_dir"));
}

static void slot_path(struct ctx *c, const char *vgid, int slot, char *out, size_t n)
{
	char dir[4096];
	cache_dir(c, dir, sizeof(dir));
	snprintf(out, n, "%s/%.32s-%d", dir, vgid, slot);
}

static bool read_full(int fd, void *buf, size_t n, uint64_t off)
{
	while (n) {
		ssize_t k = pread(fd, buf, n, (off_t)off);
		if (k <= 0) {
			if (k < 0 && errno == EINTR)
				continue;
			return false;
		}
		buf = (char *)buf + k;
		n -= (size_t)k;
		off += (uint64_t)k;
	}
	return true;
}

/* The entry of a slot, if it is an entry this build wrote for exactly the
 * text md holds. The text is not kept in the entry (writing and comparing
 * it was most of the cost at 10,000 LVs): an entry matches when the text's
 * length, seqno, metadata checksum (CRC-32) and 64-bit hash all do. Texts
 * that differ and agree in all four are not met by accident; made on
 * purpose, such a text would only get the VG of a text this machine
 * committed under the same VG uuid and seqno, checked then. The image is
 * read into the arena. */
static int try_slot(struct ctx *c, const char *vgid, int slot, const struct scan_mda *md,
		    uint64_t *text_hash, struct vg **out)
{
	char path[4200];
	struct stat st;
	struct vgc_hdr h;
	int r = -ENOENT;

	slot_path(c, vgid, slot, path, sizeof(path));
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -ENOENT;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 022) || !read_full(fd, &h, sizeof(h), 0) ||
	    memcmp(h.magic, VGC_MAGIC, 8) ||
	    h.hdr_crc != crc_calc(CRC_SEED, &h, offsetof(struct vgc_hdr, hdr_crc)) ||
	    h.text_len != md->text_len || h.text_crc != md->text_crc || h.seqno != md->seqno ||
	    (uint64_t)st.st_size != sizeof(h) + h.img_len || h.img_len > SIZE_MAX / 2)
		goto out;
	if (!*text_hash)
		*text_hash = hash64(md->text, md->text_len, 0) | 1;
	if (h.text_hash != *text_hash)
		goto out;
	void *img = arena_alloc_raw(&c->arena, h.img_len + 1);
	uint64_t tail;
	struct vg *vg;
	if (!read_full(fd, img, h.img_len, sizeof(h)) || crc_calc(CRC_SEED, img, h.img_len) != h.img_crc ||
	    vg_image_load(&c->arena, img, h.img_len, md->text, md->text_len, &tail, &vg))
		goto out;
	char err[256];
	struct cft_node *top = cft_parse(&c->arena, md->text + tail, md->text_len - tail, err, sizeof(err));
	if (!top)
		goto out;
	vg_import_toplevel(vg, top);
	*out = vg;
	r = 0;
out:
	close(fd);
	return r;
}

int vgcache_load(struct ctx *c, const char *vgid, const struct scan_mda *md, struct vg **out,
		 int *slot)
{
	if (vgcache_mode() == VGCACHE_OFF || !md->text_ok)
		return -ENOENT;
	uint64_t text_hash = 0;
	for (int s = 0; s < 2; s++)
		if (!try_slot(c, vgid, s, md, &text_hash, out)) {
			*slot = s;
			return 0;
		}
	return -ENOENT;
}

/* ---- writing ---- */

struct vgcache_job {
	pthread_t th;
	bool threaded;
	const struct vg *vg;
	const char *text;
	size_t len;
	struct export_ranges r;
	char dir[4096], tmp[4300], path[4200];
	int rc;
};

static int write_all(int fd, struct iovec *iov, int n)
{
	while (n) {
		ssize_t w = writev(fd, iov, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!w)
			return -EIO;
		for (size_t left = (size_t)w; n && left;) {
			size_t t = left < iov->iov_len ? left : iov->iov_len;
			iov->iov_base = (char *)iov->iov_base + t;
			iov->iov_len -= t;
			left -= t;
			if (!iov->iov_len) {
				iov++;
				n--;
			}
		}
		while (n && !iov->iov_len) {
			iov++;
			n--;
		}
	}
	return 0;
}

static void *job_run(void *arg)
{
	struct vgcache_job *j = arg;
	struct strbuf img;
	struct vgc_hdr h = {0};

	sb_init(&img);
	sb_grow(&img, j->len - j->len / 4 + 4096);	/* about 70% of the text */
	j->rc = -EINVAL;
	if (vg_image_build(j->vg, &j->r, &img))
		goto out;
	if (mkdir(j->dir, 0700) && errno != EEXIST) {
		j->rc = -errno;
		goto out;
	}
	/* The slot's old entry is of a version older than the one read (or
	 * of none this command has): removed here, its pages are freed by
	 * this thread, not by the rename that puts the new one in place
	 * (a 2 MiB entry took the committing thread 2 ms). */
	unlink(j->path);
	memcpy(h.magic, VGC_MAGIC, 8);
	h.img_len = img.len;
	h.text_len = j->len;
	h.seqno = j->vg->seqno;
	h.img_crc = crc_calc(CRC_SEED, img.buf, img.len);
	h.text_crc = crc_calc(CRC_SEED, j->text, j->len + 1);	/* as the area's header: with the NUL */
	h.text_hash = hash64(j->text, j->len, 0) | 1;
	h.hdr_crc = crc_calc(CRC_SEED, &h, offsetof(struct vgc_hdr, hdr_crc));
	int fd = open(j->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		j->rc = -errno;
		goto out;
	}
	struct iovec iov[2] = {{&h, sizeof(h)}, {img.buf, img.len}};
	j->rc = write_all(fd, iov, 2);
	if (close(fd) && !j->rc)
		j->rc = -errno;
out:
	sb_free(&img);
	return NULL;
}

struct vgcache_job *vgcache_start(struct ctx *c, const struct vg *vg, const char *text, size_t len,
				  const struct export_ranges *r, int avoid_slot)
{
	static unsigned seq;

	if (vgcache_mode() == VGCACHE_OFF || c->test || !vg_image_possible(vg) || r->n != vg->n_lvs)
		return NULL;
	struct vgcache_job *j = calloc(1, sizeof(*j));
	if (!j)
		return NULL;
	int slot = avoid_slot >= 0 ? !avoid_slot : 0;
	if (avoid_slot < 0) {	/* not read from the cache: replace the older slot */
		char p0[4200], p1[4200];
		struct stat s0, s1;
		slot_path(c, vg->id, 0, p0, sizeof(p0));
		slot_path(c, vg->id, 1, p1, sizeof(p1));
		if (!stat(p0, &s0) && (stat(p1, &s1) || s1.st_mtim.tv_sec < s0.st_mtim.tv_sec ||
				       (s1.st_mtim.tv_sec == s0.st_mtim.tv_sec &&
					s1.st_mtim.tv_nsec < s0.st_mtim.tv_nsec)))
			slot = 1;
	}
	j->vg = vg;
	j->text = text;
	j->len = len;
	j->r = *r;
	cache_dir(c, j->dir, sizeof(j->dir));
	slot_path(c, vg->id, slot, j->path, sizeof(j->path));
	snprintf(j->tmp, sizeof(j->tmp), "%s.%d.%u.tmp", j->path, (int)getpid(), seq++);
	j->threaded = !pthread_create(&j->th, NULL, job_run, j);
	if (!j->threaded)
		job_run(j);
	return j;
}

void vgcache_finish(struct vgcache_job *j, bool keep)
{
	if (!j)
		return;
	if (j->threaded)
		pthread_join(j->th, NULL);
	if (!j->rc && keep && !rename(j->tmp, j->path)) {
		free(j);
		return;
	}
	if (keep)	/* a failed commit drops its entry on purpose */
		log_debug("VG cache entry %s not written: %s", j->path,
			  strerror(j->rc ? -j->rc : errno));
	/* the slot keeps whatever entry it had (for another text: unused) */
	unlink(j->tmp);
	free(j);
}
