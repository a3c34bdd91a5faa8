/* The VG cache: after a commit, the disk text written, the VG's image
 * (vgimage.c), the key of the text (length, seqno, CRC-32, a
 * 64-bit hash) and what the commit left in each metadata area (struct
 * commit_rec) go to <locking_dir>/lvmgr-cache/<vg uuid>-<slot> (two slots,
 * the last two versions); a command that only reads a big text it had to
 * parse writes its entry (no record, no LV sections to copy). The scan
 * takes a text whose header checksum, length, VG id, seqno and first bytes
 * are a slot's from the slot (mapped, not read from the disk); a command reading a VG whose text has the key of
 * a slot loads the image instead of parsing and importing the text, and its
 * commit copies the sections of the LVs it did not change from that text
 * and writes only the blocks that differ from what the areas hold. Any
 * other text is read and parsed as ever.
 *
 * This header is the whole of the speed work the VG read/commit code
 * (lvmgr/vgio*.c, lvmgr/scan.c) sees: cached texts (vgcache_text), cached
 * VGs (vgcache_load), the spliced export (vgcache_export, and
 * vgcache_lv_section for the backup), commit records (vgcache_plan) and
 * entries written (vgcache_start ... vgcache_finish).
 * The image and the model's per-LV cache state (struct lv's cached) are
 * the cache's own (vgimage.h).
 *
 * LVMGR_VG_CACHE=0 turns it off (every result the same: no LV is loaded
 * with cache state, no entry is written, every text is read and parsed);
 * LVMGR_VG_CACHE=verify (the test suites) reads every text from the disk
 * too, parses and imports every text found in the cache and exports every
 * commit in full, and fails the command if any differs. */
#ifndef LVMGR_VGCACHE_H
#define LVMGR_VGCACHE_H

#include "lvmgr/ctx.h"
#include "lvmgr/scan.h"
#include "metadata/vg.h"

enum vgcache_mode { VGCACHE_OFF, VGCACHE_ON, VGCACHE_VERIFY };
enum vgcache_mode vgcache_mode(void);

/* What a commit of version seqno left in the metadata areas it wrote, for
 * the next commit to write without reading the place first: in each area
 * of a[], the new copy at cur and, untouched, the version before at prev,
 * whose first head_len bytes have CRC-32 head_crc (the next commit checks
 * they still do: any later write there, a stopped one included, changes
 * them). Bit b of bits (nblocks bits) clear: MDA_BLOCK-byte block b of the
 * new copy is also block b of the version before (mda_diff_blocks). Valid
 * in the boot it was made in (boot id) only. */
struct commit_area {
	char pv_id[ID_LEN];
	uint64_t mda_start, cur, prev;
	uint32_t head_len, head_crc;
};
struct commit_rec {
	uint8_t boot[16];
	uint64_t seqno;
	uint32_t nblocks, n;
	uint8_t *bits;
	struct commit_area *a;
};
/* One metadata area a commit writes (for vgcache_plan): the area as the
 * scan read it and where the new copy goes (at). known (set by the plan):
 * the place holds the version before the one read, as the last commit's
 * record says (the commit checks its head before it trusts that), or
 * NULL. */
struct vgcache_place {
	const struct scan_dev *sd;
	const struct scan_mda *md;
	uint64_t at;
	const struct commit_area *known;
};
/* The plan of a commit of vg (new text mt) to the n places p, given old,
 * the record of the commit that wrote the version read (NULL: none): the
 * blocks of the new text that may differ from the version read
 * (*diff_new) and those of the version read that may differ from the one
 * before (*diff_old, NULL: unknown), *nb bits of both, for
 * mda_write_blocks; p[].known; and the record of this commit for the next
 * one, in the arena. NULL (nothing set): no record, when the version read
 * is not in the areas as one text, the cache is off or the boot has no
 * id (commitrec.c). */
const struct commit_rec *vgcache_plan(struct ctx *c, const struct vg *vg, const struct commit_rec *old,
				      struct vgcache_place *p, unsigned n, const struct mda_text *mt,
				      const uint8_t **diff_new, const uint8_t **diff_old, uint32_t *nb);

/* The text of version seqno of VG vgid, size bytes with its NUL and CRC-32
 * crc, that begins with the hlen bytes of head, from the cache: 0 with
 * *text (a read-only mapping, unmapped with the arena) and *slot, or
 * -ENOENT. */
int vgcache_text(struct ctx *c, const char *vgid, uint64_t seqno, uint64_t size, uint32_t crc,
		 const char *head, size_t hlen, const char **text, int *slot);

/* The VG of the text md holds (read and checked by the scan), from the
 * cache: 0 with *out, *slot and *rec (the entry's commit record, NULL if it
 * has none), or -ENOENT (no such entry; nothing logged); in verify mode
 * -EINVAL (logged) if the VG differs from the text's import. */
int vgcache_load(struct ctx *c, const char *vgid, const struct scan_mda *md, struct vg **out,
		 int *slot, const struct commit_rec **rec);

/* The disk export of vg with the places of its LV sections in r (room
 * for vg->n_lvs), appended to sb: the sections of the LVs loaded from the
 * cache that still match their records are copied from the text they
 * were loaded with. 0, or in verify mode -EINVAL (logged) if the text
 * differs from a full export. */
int vgcache_export(const struct vg *vg, const char *desc, uint64_t now, struct strbuf *sb,
		   struct export_ranges *r);
/* Where lv's section is in the text it was loaded with from the cache:
 * true with *p and *len, false if it was not loaded from the cache. */
bool vgcache_lv_section(const struct lv *lv, const char **p, size_t *len);

/* A cache entry being written by a second thread. */
struct vgcache_job;
/* Start writing vg's entry: text (len bytes and a NUL) is its disk export
 * with the places r, rec (may be NULL) what its commit leaves in the areas;
 * all stay unchanged until vgcache_finish. avoid_slot: the slot the VG was
 * read from (-1: none), which keeps the version before. */
struct vgcache_job *vgcache_start(struct ctx *c, const struct vg *vg, const char *text, size_t len,
				  const struct export_ranges *r, const struct commit_rec *rec,
				  int avoid_slot);
/* Texts at least this long are worth an entry for a command that only
 * reads them (and are looked up by the scan before they are read). */
#define VGCACHE_TEXT_MIN (64 * 1024)
/* Start writing the entry of a VG read by parsing text (len bytes and a
 * NUL, tree its parse; both, and vg, unchanged until vgcache_finish), for
 * the next command to load instead of parsing again: no LV section is
 * copied from text, the top-level fields after the VG's section are parsed
 * on load. Only for a VG its command does not change (it is read by a
 * second thread meanwhile); the paths of its PVs must be the text's hints
 * (the image keeps them). */
struct vgcache_job *vgcache_start_parsed(struct ctx *c, const struct vg *vg, const char *text, size_t len,
					 const struct cft_node *tree);
/* Remove VG vgid's entries (a commit failed half way: what the areas hold
 * is no longer what they say). */
void vgcache_forget(struct ctx *c, const char *vgid);
/* Wait; keep: put the entry in place (the commit succeeded, or the VG was
 * only read), else drop it. */
void vgcache_finish(struct vgcache_job *j, bool keep);

#endif
