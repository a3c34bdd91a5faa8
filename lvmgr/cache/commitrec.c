/* The commit record (struct commit_rec, vgcache.h): what a commit leaves
 * in the metadata areas, for the next commit to write only the blocks that
 * differ without reading the places first. Made here for each commit,
 * kept in the commit's VG cache entry (vgcache.c). */
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "lvmgr/base/crc.h"
#include "lvmgr/cache/vgcache.h"

/* Records are valid in the boot they were made in: this boot's id (all
 * zero when unknown: then no record is made or used). */
static pthread_once_t boot_once = PTHREAD_ONCE_INIT;
static uint8_t boot_id[16];

static void boot_read(void)
{
	char t[64];
	int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, t, sizeof(t) - 1) : -1;
	if (fd >= 0)
		close(fd);
	unsigned k = 0;
	for (ssize_t i = 0; i < n && k < 32; i++) {
		int v = t[i] >= '0' && t[i] <= '9' ? t[i] - '0' : t[i] >= 'a' && t[i] <= 'f' ? t[i] - 'a' + 10 : -1;
		if (v < 0)
			continue;
		boot_id[k / 2] |= (uint8_t)(k % 2 ? v : v << 4);
		k++;
	}
	if (k != 32)
		memset(boot_id, 0, sizeof(boot_id));
}

static const uint8_t *boot_id_get(void)
{
	pthread_once(&boot_once, boot_read);
	return boot_id;
}

const struct commit_rec *vgcache_plan(struct ctx *c, const struct vg *vg, const struct commit_rec *old,
				      struct vgcache_place *p, unsigned n, const struct mda_text *mt,
				      const uint8_t **diff_new, const uint8_t **diff_old, uint32_t *nb)
{
	const struct scan_mda *pm = NULL;
	for (unsigned k = 0; k < n && !pm; k++)
		if (p[k].md->text_ok && p[k].md->seqno + 1 == vg->seqno)
			pm = p[k].md;
	/* records are kept for one boot: none without its id */
	const uint8_t *boot = boot_id_get();
	static const uint8_t zero[16];
	if (!pm || vgcache_mode() == VGCACHE_OFF || !memcmp(boot, zero, sizeof(zero)))
		return NULL;
	const char *prev = pm->text;
	uint64_t prev_len = pm->text_len + 1;	/* with the NUL */
	uint32_t prev_crc = pm->text_crc;
	struct commit_rec *rec = arena_alloc(&c->arena, sizeof(*rec));
	uint32_t nblocks = (uint32_t)((mt->padded_len + MDA_BLOCK - 1) / MDA_BLOCK);
	rec->bits = arena_alloc_raw(&c->arena, nblocks / 8 + 1);
	rec->a = arena_alloc_raw(&c->arena, n * sizeof(*rec->a) + 1);
	rec->nblocks = mda_diff_blocks(prev, prev_len, mt, rec->bits);
	rec->seqno = vg->seqno;
	rec->n = 0;
	memcpy(rec->boot, boot, sizeof(rec->boot));
	uint32_t head_len = prev_len < MDA_BLOCK ? (uint32_t)prev_len : MDA_BLOCK;
	uint32_t head_crc = crc_calc(CRC_SEED, prev, head_len);
	bool old_ok = old && old->seqno + 1 == vg->seqno && !memcmp(old->boot, boot, sizeof(old->boot));
	*diff_new = rec->bits;
	*diff_old = old_ok ? old->bits : NULL;
	*nb = old_ok && old->nblocks < rec->nblocks ? old->nblocks : rec->nblocks;
	for (unsigned k = 0; k < n; k++) {
		const struct scan_mda *md = p[k].md;
		const struct raw_locn *l0 = &md->hdr.locn[0];
		uint64_t at = p[k].at, size = md->hdr.size;
		/* the area holds the version read, committed, neither copy wraps */
		if (!md->text_ok || md->text_len + 1 != prev_len || md->text_crc != prev_crc ||
		    l0->size != prev_len || l0->checksum != prev_crc || (l0->flags & RAW_LOCN_IGNORED) ||
		    at + mt->padded_len > size || l0->offset + prev_len > size)
			continue;
		for (unsigned i = 0; old_ok && i < old->n; i++) {
			const struct commit_area *a = &old->a[i];
			if (a->mda_start == md->start && a->cur == l0->offset && a->prev == at &&
			    !memcmp(a->pv_id, p[k].sd->label.pv_id, ID_LEN)) {
				p[k].known = a;
				break;
			}
		}
		/* the new copy leaves the version read whole */
		if (at + mt->padded_len <= l0->offset || l0->offset + prev_len <= at) {
			struct commit_area *a = &rec->a[rec->n++];
			memcpy(a->pv_id, p[k].sd->label.pv_id, ID_LEN);
			a->mda_start = md->start;
			a->cur = at;
			a->prev = l0->offset;
			a->head_len = head_len;
			a->head_crc = head_crc;
		}
	}
	return rec;
}
