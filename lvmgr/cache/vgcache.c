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
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "lvmgr/config.h"
#include "lvmgr/base/crc.h"
#include "lvmgr/cache/vgcache.h"
#include "lvmgr/cache/vgimage.h"
#include "metadata/cft.h"

#define VGC_MAGIC "LVMGRVC3"
/* A file: this header, the text (with its NUL) from VGC_TEXT_OFF, page
 * aligned so that it is mapped as it is, then from the next page the
 * image, then the commit record. */
#define VGC_TEXT_OFF 4096

struct vgc_hdr {
	char magic[8];
	uint64_t img_len, text_len;
	uint64_t seqno;
	uint64_t text_hash;		/* hash64 of the text */
	uint64_t rec_len;
	uint32_t img_crc, text_crc;	/* text_crc: the metadata area's checksum (text and NUL) */
	uint32_t rec_crc;
	uint32_t hdr_crc;		/* of the bytes before it */
};

struct vgc_rec_hdr {
	uint8_t boot[16];
	uint64_t seqno;
	uint32_t nblocks, n;
};

static uint64_t img_off(const struct vgc_hdr *h)
{
	return VGC_TEXT_OFF + (h->text_len + 1 + VGC_TEXT_OFF - 1) / VGC_TEXT_OFF * VGC_TEXT_OFF;
}

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

/* Open a slot's file and read its header: the fd, or -1 if it is not an
 * entry this build wrote for a text of text_len bytes (without the NUL),
 * CRC-32 crc and seqno. */
static int open_slot(struct ctx *c, const char *vgid, int slot, uint64_t text_len, uint32_t crc,
		     uint64_t seqno, struct vgc_hdr *h)
{
	char path[4200];
	struct stat st;

	slot_path(c, vgid, slot, path, sizeof(path));
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 022) || !read_full(fd, h, sizeof(*h), 0) ||
	    memcmp(h->magic, VGC_MAGIC, 8) ||
	    h->hdr_crc != crc_calc(CRC_SEED, h, offsetof(struct vgc_hdr, hdr_crc)) ||
	    h->text_len != text_len || h->text_crc != crc || h->seqno != seqno ||
	    h->text_len > SIZE_MAX / 4 || h->img_len > SIZE_MAX / 4 || h->rec_len > SIZE_MAX / 4 ||
	    (uint64_t)st.st_size != img_off(h) + h->img_len + h->rec_len) {
		close(fd);
		return -1;
	}
	return fd;
}

int vgcache_text(struct ctx *c, const char *vgid, uint64_t seqno, uint64_t size, uint32_t crc,
		 const char *head, size_t hlen, const char **text, int *slot)
{
	struct vgc_hdr h;

	if (vgcache_mode() == VGCACHE_OFF || !size || hlen > size)
		return -ENOENT;
	for (int s = 0; s < 2; s++) {
		int fd = open_slot(c, vgid, s, size - 1, crc, seqno, &h);
		if (fd < 0)
			continue;
		char *t = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, VGC_TEXT_OFF);
		close(fd);
		if (t == MAP_FAILED)
			continue;
		/* the same check as a text read from the disk: the area's
		 * checksum (a damaged entry is not used) */
		if (t[size - 1] || memcmp(t, head, hlen) || crc_calc(CRC_SEED, t, size) != crc) {
			munmap(t, size);
			continue;
		}
		arena_own_map(&c->arena, t, size);
		*text = t;
		*slot = s;
		return 0;
	}
	return -ENOENT;
}

/* The commit record of an entry, checked: NULL if it has none or it does
 * not hold together. */
static const struct commit_rec *rec_load(struct arena *a, const uint8_t *p, uint64_t len, uint32_t crc)
{
	struct vgc_rec_hdr rh;

	if (len < sizeof(rh) || crc_calc(CRC_SEED, p, len) != crc)
		return NULL;
	memcpy(&rh, p, sizeof(rh));
	uint64_t nbits = ((uint64_t)rh.nblocks + 7) / 8;
	if (rh.nblocks > (1u << 28) || rh.n > 4096 ||
	    len != sizeof(rh) + nbits + (uint64_t)rh.n * sizeof(struct commit_area))
		return NULL;
	struct commit_rec *r = arena_alloc(a, sizeof(*r));
	memcpy(r->boot, rh.boot, sizeof(r->boot));
	r->seqno = rh.seqno;
	r->nblocks = rh.nblocks;
	r->n = rh.n;
	r->bits = arena_alloc_raw(a, nbits + 1);
	memcpy(r->bits, p + sizeof(rh), nbits);
	r->a = arena_alloc_raw(a, (size_t)rh.n * sizeof(*r->a) + 1);
	memcpy(r->a, p + sizeof(rh) + nbits, (size_t)rh.n * sizeof(*r->a));
	return r;
}

/* The entry of a slot, if it is an entry this build wrote for exactly the
 * text md holds: its length, seqno, metadata checksum (CRC-32) and 64-bit
 * hash all match (a text the scan took from this slot is its text). Texts
 * that differ and agree in all four are not met by accident; made on
 * purpose, such a text would only get the VG of a text this machine
 * committed under the same VG uuid and seqno, checked then. The image is
 * read into the arena. */
static int try_slot(struct ctx *c, const char *vgid, int slot, const struct scan_mda *md,
		    uint64_t *text_hash, struct vg **out, const struct commit_rec **rec)
{
	struct vgc_hdr h;
	int r = -ENOENT;

	int fd = open_slot(c, vgid, slot, md->text_len, md->text_crc, md->seqno, &h);
	if (fd < 0)
		return -ENOENT;
	if (md->cache_slot != slot + 1) {
		if (!*text_hash)
			*text_hash = hash64(md->text, md->text_len, 0) | 1;
		if (h.text_hash != *text_hash)
			goto out;
	}
	/* Mapped, not read into fresh memory: the VG's strings and the LVs'
	 * records stay in it, read-only. */
	size_t map_len = h.img_len + h.rec_len;
	uint8_t *img = map_len ? mmap(NULL, map_len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, (off_t)img_off(&h))
			       : MAP_FAILED;
	if (img == MAP_FAILED)
		goto out;
	arena_own_map(&c->arena, img, map_len);
	uint64_t tail;
	struct vg *vg;
	if (crc_calc(CRC_SEED, img, h.img_len) != h.img_crc ||
	    vg_image_load(&c->arena, img, h.img_len, md->text, md->text_len, &tail, &vg))
		goto out;
	char err[256];
	struct cft_node *top = cft_parse(&c->arena, md->text + tail, md->text_len - tail, err, sizeof(err));
	if (!top)
		goto out;
	vg_import_toplevel(vg, top);
	*rec = rec_load(&c->arena, img + h.img_len, h.rec_len, h.rec_crc);
	*out = vg;
	r = 0;
out:
	close(fd);
	return r;
}

/* LVMGR_VG_CACHE=verify: the VG the cache gave must be the one the text
 * imports as (their images equal). */
static int verify_load(const struct vg *cached, const struct scan_mda *md)
{
	struct arena a;
	struct vg *vg;
	struct strbuf x, y;
	char err[512];
	int r = -EINVAL;

	arena_init(&a);
	sb_init(&x);
	sb_init(&y);
	if (vg_import(&a, md->text, md->text_len, &vg, err, sizeof(err)))
		log_error("Internal error: VG %s is in the VG cache but its text does not import: %s",
			  cached->name, err);
	else if (vg_image_build(vg, NULL, &x) || vg_image_build(cached, NULL, &y) || x.len != y.len ||
		 memcmp(x.buf, y.buf, x.len) || vg->creation_time != cached->creation_time ||
		 !str_same(vg->creation_host, cached->creation_host))
		log_error("Internal error: VG %s from the VG cache differs from its text.", cached->name);
	else
		r = 0;
	sb_free(&x);
	sb_free(&y);
	arena_free(&a);
	return r;
}

int vgcache_load(struct ctx *c, const char *vgid, const struct scan_mda *md, struct vg **out,
		 int *slot, const struct commit_rec **rec)
{
	if (vgcache_mode() == VGCACHE_OFF || !md->text_ok)
		return -ENOENT;
	uint64_t text_hash = 0;
	for (int s = 0; s < 2; s++)
		if (!try_slot(c, vgid, s, md, &text_hash, out, rec)) {
			*slot = s;
			return vgcache_mode() == VGCACHE_VERIFY ? verify_load(*out, md) : 0;
		}
	return -ENOENT;
}

int vgcache_export(const struct vg *vg, const char *desc, uint64_t now, struct strbuf *sb,
		   struct export_ranges *r)
{
	size_t base = sb->len;
	vg_export_disk_ranges(vg, desc, now, sb, r, vgcache_mode() == VGCACHE_OFF ? NULL : &vg_image_copier);
	if (vgcache_mode() != VGCACHE_VERIFY)
		return 0;
	/* the text with LV sections copied must be the one a full export
	 * writes, byte for byte */
	struct strbuf full;
	sb_init(&full);
	vg_export(vg, EXPORT_DISK, desc, now, &full);
	int rc = full.len == sb->len - base && !memcmp(full.buf, sb->buf + base, full.len) ? 0 : -EINVAL;
	if (rc)
		log_error("Internal error: the export of VG %s from the VG cache differs from a full one.",
			  vg->name);
	sb_free(&full);
	return rc;
}

bool vgcache_lv_section(const struct lv *lv, const char **p, size_t *len)
{
	if (!lv->cached || !lv->cached->src)
		return false;
	*p = lv->cached->src;
	*len = lv->cached->src_len;
	return true;
}

void vgcache_forget(struct ctx *c, const char *vgid)
{
	char path[4200];
	for (int s = 0; s < 2; s++) {
		slot_path(c, vgid, s, path, sizeof(path));
		unlink(path);
	}
}

/* ---- writing ---- */

struct vgcache_job {
	pthread_t th;
	bool threaded;
	const struct vg *vg;
	const char *text;
	size_t len;
	struct export_ranges r;
	const struct commit_rec *rec;
	const struct cft_node *tree;	/* a parsed text's tree: r is made from it */
	char dir[4096], tmp[4300], path[4200];
	int rc;
};

/* Where the top-level fields after the VG's section start in a text lvmgr
 * parsed (tree): at the line of the first node after that section, which
 * must be the text's first node. Checked: those lines alone give the VG's
 * creation host and time, as a cache load will take them. UINT64_MAX: no
 * such place (the text gets no entry). */
static uint64_t parsed_tail(const struct vg *vg, const char *text, size_t len, const struct cft_node *tree)
{
	const struct cft_node *sec = tree->child;
	if (!sec || !sec->is_section || strcmp(sec->key, vg->name))
		return UINT64_MAX;
	uint64_t off = len;
	if (sec->next) {
		const char *p = text, *end = text + len;
		for (unsigned line = 1; line < sec->next->line; line++) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl)
				return UINT64_MAX;
			p = nl + 1;
		}
		off = (uint64_t)(p - text);
	}
	struct arena a;
	char err[128];
	arena_init(&a);
	struct cft_node *top = cft_parse(&a, text + off, len - off, err, sizeof(err));
	struct vg t = {0};
	if (top)
		vg_import_toplevel(&t, top);
	bool same = top && t.creation_time == vg->creation_time && str_same(t.creation_host, vg->creation_host);
	arena_free(&a);
	return same ? off : UINT64_MAX;
}

static void *job_run(void *arg)
{
	struct vgcache_job *j = arg;
	struct strbuf img;
	struct vgc_hdr h = {0};

	sb_init(&img);
	j->rc = -EINVAL;
	if (j->tree) {	/* no LV sections to copy: the LVs in the order of the import */
		j->r.tail_off = parsed_tail(j->vg, j->text, j->len, j->tree);
		if (j->r.tail_off == UINT64_MAX)
			goto out;
		j->r.n = j->vg->n_lvs;
		j->r.lv = xmalloc(((size_t)j->r.n + 1) * sizeof(*j->r.lv));
		for (unsigned l = 0; l < j->r.n; l++)
			j->r.lv[l] = (struct lv_range){.lv = j->vg->lvs[l]};
	}
	sb_grow(&img, j->len - j->len / 4 + 4096);	/* about 70% of the text */
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
	/* the commit record */
	struct vgc_rec_hdr rh;
	memset(&rh, 0, sizeof(rh));
	size_t nbits = 0, nareas = 0;
	if (j->rec) {
		memcpy(rh.boot, j->rec->boot, sizeof(rh.boot));
		rh.seqno = j->rec->seqno;
		rh.nblocks = j->rec->nblocks;
		rh.n = j->rec->n;
		nbits = (j->rec->nblocks + 7) / 8;
		nareas = j->rec->n * sizeof(*j->rec->a);
		h.rec_len = sizeof(rh) + nbits + nareas;
		uint32_t crc = crc_calc(CRC_SEED, &rh, sizeof(rh));
		crc = crc_calc(crc, j->rec->bits, nbits);
		h.rec_crc = crc_calc(crc, j->rec->a, nareas);
	}
	h.hdr_crc = crc_calc(CRC_SEED, &h, offsetof(struct vgc_hdr, hdr_crc));
	int fd = open(j->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		j->rc = -errno;
		goto out;
	}
	static const char zeros[VGC_TEXT_OFF];
	size_t tl = j->len + 1;
	struct iovec iov[8] = {
		{&h, sizeof(h)}, {(void *)zeros, VGC_TEXT_OFF - sizeof(h)},
		{(void *)j->text, tl}, {(void *)zeros, img_off(&h) - VGC_TEXT_OFF - tl},
		{img.buf, img.len}, {&rh, j->rec ? sizeof(rh) : 0},
		{j->rec ? j->rec->bits : NULL, nbits}, {j->rec ? j->rec->a : NULL, nareas},
	};
	j->rc = writev_all(fd, iov, 8);
	if (close(fd) && !j->rc)
		j->rc = -errno;
out:
	sb_free(&img);
	return NULL;
}

static struct vgcache_job *job_start(struct ctx *c, const struct vg *vg, const char *text, size_t len,
				     const struct export_ranges *r, const struct cft_node *tree,
				     const struct commit_rec *rec, int avoid_slot)
{
	static unsigned seq;

	if (vgcache_mode() == VGCACHE_OFF || c->test || !vg_image_possible(vg) || (r && r->n != vg->n_lvs))
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
	if (r)
		j->r = *r;
	j->tree = tree;
	j->rec = rec;
	cache_dir(c, j->dir, sizeof(j->dir));
	slot_path(c, vg->id, slot, j->path, sizeof(j->path));
	snprintf(j->tmp, sizeof(j->tmp), "%s.%d.%u.tmp", j->path, (int)getpid(), seq++);
	/* the image built and written to the page cache (no sync): nothing
	 * a second thread could overlap on one CPU */
	j->threaded = cpu_thread_helps() && !pthread_create(&j->th, NULL, job_run, j);
	if (!j->threaded)
		job_run(j);
	return j;
}

struct vgcache_job *vgcache_start(struct ctx *c, const struct vg *vg, const char *text, size_t len,
				  const struct export_ranges *r, const struct commit_rec *rec,
				  int avoid_slot)
{
	return job_start(c, vg, text, len, r, NULL, rec, avoid_slot);
}

struct vgcache_job *vgcache_start_parsed(struct ctx *c, const struct vg *vg, const char *text, size_t len,
					 const struct cft_node *tree)
{
	return job_start(c, vg, text, len, NULL, tree, NULL, -1);
}

void vgcache_finish(struct vgcache_job *j, bool keep)
{
	if (!j)
		return;
	if (j->threaded)
		pthread_join(j->th, NULL);
	if (j->tree) {
		free(j->r.lv);
		j->r.lv = NULL;
	}
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
