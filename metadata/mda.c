/* LVM2 metadata area: header and text ring (see mda.h).
 *
 * Ring rules, from LVM2 2.03 lib/format_text/format-text.c (_vg_write_raw,
 * _next_rlocn_offset) and checked with lvm2 on loop devices:
 * - The first copy goes at offset MDA_HEADER_SIZE (512). A new copy starts
 *   at the byte after the committed copy's last byte (after its wrap, if it
 *   wrapped), rounded up to 512; if that is less than 512 bytes before the
 *   end of the area (or past it), it starts at 512 again.
 * - A copy that runs past the end of the area is written in two pieces: the
 *   first up to the area's end, the rest at offset 512. raw_locn.offset +
 *   size > area size is how a reader recognises a wrapped copy.
 * - The text is written zero-padded to the next 512-byte boundary (the
 *   wrapped second piece is padded, the first piece is not).
 * - One copy may be at most ((area size - 512) / 2) - 512 bytes; LVM2
 *   refuses larger metadata ("exceeds maximum metadata size") before it
 *   looks at placement, then also refuses a copy that would overlap the
 *   committed one ("too large for circular buffer").
 * - A committed slot flagged RAW_LOCN_IGNORED, or {0, 0}, counts as no old
 *   copy: the new one goes to 512.
 * lvmgr writes its copies to one of two fixed places instead where it
 * can (mda_place_text_slots, mda.h), and only the blocks that differ from
 * what is there (mda_write_delta); LVM2's rule is the fallback.
 * On reading, LVM2 checks the header's checksum, magic, version and start
 * and the text's checksum; it does not check that raw_locn lies inside the
 * area nor that the text ends in NUL. We do, since an out-of-range locn
 * would make us read or later overwrite outside the area.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "lvmgr/base/crc.h"
#include "metadata/mda.h"

#define MH_MAGIC 4
#define MH_VERSION 20
#define MH_START 24
#define MH_SIZE 32
#define MH_LOCN 40
#define LOCN_BYTES 24
#define RING_ALIGN 512	/* MDA_ORIGINAL_ALIGNMENT */

static bool locn_empty(const struct raw_locn *l)
{
	return !l->offset && !l->size;
}

/* A raw_locn must describe text inside the ring: start after the header,
 * before the end, no larger than the ring. A wrapped tail then always ends
 * at or before the copy's own start (offset + size - area <= offset - 512). */
static int locn_check(const struct mda_header *h, int slot, char *err, size_t errlen)
{
	const struct raw_locn *l = &h->locn[slot];
	uint64_t ring = h->size - MDA_HEADER_SIZE;

	if (locn_empty(l))
		return 0;
	if (l->offset < MDA_HEADER_SIZE || l->offset >= h->size) {
		err_printf(err, errlen, "mda header at %llu: raw_locn[%d].offset %llu outside the area (%u..%llu)",
			(unsigned long long)h->start, slot, (unsigned long long)l->offset, MDA_HEADER_SIZE,
			(unsigned long long)h->size - 1);
		return -EINVAL;
	}
	if (!l->size || l->size > ring) {
		err_printf(err, errlen, "mda header at %llu: raw_locn[%d].size %llu invalid for a %llu-byte ring",
			(unsigned long long)h->start, slot, (unsigned long long)l->size, (unsigned long long)ring);
		return -EINVAL;
	}
	return 0;
}

int mda_header_decode(const uint8_t buf[MDA_HEADER_SIZE], uint64_t expect_start, struct mda_header *h,
		      char *err, size_t errlen)
{
	uint32_t want = crc_calc(CRC_SEED, buf + MH_MAGIC, MDA_HEADER_SIZE - MH_MAGIC);
	int rc;

	memset(h, 0, sizeof(*h));
	h->checksum = get_le32(buf);
	if (h->checksum != want) {
		err_printf(err, errlen, "mda header at %llu: checksum 0x%08x expected 0x%08x",
			(unsigned long long)expect_start, h->checksum, want);
		return -EINVAL;
	}
	if (memcmp(buf + MH_MAGIC, FMTT_MAGIC, 16)) {
		err_printf(err, errlen, "mda header at %llu: wrong magic", (unsigned long long)expect_start);
		return -EINVAL;
	}
	h->version = get_le32(buf + MH_VERSION);
	if (h->version != FMTT_VERSION) {
		err_printf(err, errlen, "mda header at %llu: version %u expected %u", (unsigned long long)expect_start,
			h->version, FMTT_VERSION);
		return -EINVAL;
	}
	h->start = get_le64(buf + MH_START);
	if (h->start != expect_start) {
		err_printf(err, errlen, "mda header at %llu: start %llu expected %llu",
			(unsigned long long)expect_start, (unsigned long long)h->start,
			(unsigned long long)expect_start);
		return -EINVAL;
	}
	h->size = get_le64(buf + MH_SIZE);
	/* At least the header and two sectors of ring, so the ring maths
	 * (mda_max_text, wrap) never underflows. */
	if (h->size < 3 * MDA_HEADER_SIZE || h->start + h->size < h->start) {
		err_printf(err, errlen, "mda header at %llu: size %llu invalid", (unsigned long long)expect_start,
			(unsigned long long)h->size);
		return -EINVAL;
	}
	for (int i = 0; i < 2; i++) {
		const uint8_t *p = buf + MH_LOCN + i * LOCN_BYTES;
		h->locn[i].offset = get_le64(p);
		h->locn[i].size = get_le64(p + 8);
		h->locn[i].checksum = get_le32(p + 16);
		h->locn[i].flags = get_le32(p + 20);
		if ((rc = locn_check(h, i, err, errlen)))
			return rc;
	}
	return 0;
}

void mda_header_encode(const struct mda_header *h, uint8_t buf[MDA_HEADER_SIZE])
{
	memset(buf, 0, MDA_HEADER_SIZE);
	memcpy(buf + MH_MAGIC, FMTT_MAGIC, 16);
	put_le32(buf + MH_VERSION, FMTT_VERSION);
	put_le64(buf + MH_START, h->start);
	put_le64(buf + MH_SIZE, h->size);
	for (int i = 0; i < 2; i++) {
		uint8_t *p = buf + MH_LOCN + i * LOCN_BYTES;
		put_le64(p, h->locn[i].offset);
		put_le64(p + 8, h->locn[i].size);
		put_le32(p + 16, h->locn[i].checksum);
		put_le32(p + 20, h->locn[i].flags);
	}
	put_le32(buf, crc_calc(CRC_SEED, buf + MH_MAGIC, MDA_HEADER_SIZE - MH_MAGIC));
}

uint64_t mda_max_text(uint64_t mda_size)
{
	if (mda_size < MDA_HEADER_SIZE + 2 * RING_ALIGN)
		return 0;
	return (mda_size - MDA_HEADER_SIZE) / 2 - RING_ALIGN;
}

/* The last byte of a copy of len bytes at start, after its wrap if any. */
static uint64_t ring_last(const struct mda_header *h, uint64_t start, uint64_t len)
{
	return start + len > h->size ? start + len - h->size + MDA_HEADER_SIZE - 1 : start + len - 1;
}

/* Whether a copy of len bytes at new_start overlaps the committed copy
 * old: LVM2's test, case by case. */
static bool ring_overlap(const struct mda_header *h, const struct raw_locn *old, uint64_t new_start,
			 uint64_t len)
{
	if (locn_empty(old) || (old->flags & RAW_LOCN_IGNORED))
		return false;
	uint64_t old_start = old->offset, old_last = ring_last(h, old->offset, old->size);
	uint64_t new_last = ring_last(h, new_start, len);
	bool old_wrap = old->offset + old->size > h->size, new_wrap = new_start + len > h->size;
	if (new_wrap && old_wrap)
		return true;
	if (!new_wrap && !old_wrap)
		return !((new_start > old_last && new_last >= new_start) ||
			 (new_start < old_start && new_last < old_start));
	if (old_wrap)
		return !(old_last < new_start && new_start <= new_last && new_last < old_start);
	return !(new_last < old_start && old_start <= old_last && old_last < new_start);
}

int mda_place_text(const struct mda_header *h, uint64_t len, uint64_t *offset, char *err, size_t errlen)
{
	const struct raw_locn *old = &h->locn[0];
	uint64_t max = mda_max_text(h->size);
	uint64_t old_last, new_start;

	if (!len || len > max) {
		err_printf(err, errlen, "metadata text of %llu bytes does not fit: at most %llu bytes in the %llu-byte area at %llu",
			(unsigned long long)len, (unsigned long long)max, (unsigned long long)h->size,
			(unsigned long long)h->start);
		return -ENOSPC;
	}
	if ((old->flags & RAW_LOCN_IGNORED) || locn_empty(old)) {
		new_start = MDA_HEADER_SIZE;
	} else {
		if (locn_check(h, 0, err, errlen))
			return -EINVAL;
		old_last = ring_last(h, old->offset, old->size);
		/* _next_rlocn_offset */
		if (h->size - old_last < RING_ALIGN) {
			new_start = MDA_HEADER_SIZE;
		} else {
			new_start = (old_last + 1 + RING_ALIGN - 1) / RING_ALIGN * RING_ALIGN;
			if (new_start > h->size - RING_ALIGN)
				new_start = MDA_HEADER_SIZE;
		}
	}
	if (ring_overlap(h, old, new_start, len)) {
		err_printf(err, errlen, "metadata text of %llu bytes does not fit in the %llu-byte ring at %llu with %llu bytes in use",
			(unsigned long long)len, (unsigned long long)(h->size - MDA_HEADER_SIZE),
			(unsigned long long)h->start, (unsigned long long)old->size);
		return -ENOSPC;
	}
	*offset = new_start;
	return 0;
}

uint64_t mda_slot_b(const struct mda_header *h)
{
	return MDA_HEADER_SIZE + (h->size - MDA_HEADER_SIZE) / 2 / RING_ALIGN * RING_ALIGN;
}

int mda_place_text_slots(const struct mda_header *h, uint64_t len, uint64_t *offset, char *err,
			 size_t errlen)
{
	const struct raw_locn *old = &h->locn[0];
	uint64_t a = MDA_HEADER_SIZE, b = mda_slot_b(h);
	int rc = mda_place_text(h, len, offset, err, errlen);

	if (rc || locn_empty(old) || (old->flags & RAW_LOCN_IGNORED))
		return rc;
	/* the slot the committed copy is not in; else A, then B */
	uint64_t try[2] = {a, b};
	for (int i = old->offset == a; i < 2; i++)
		if (try[i] + len <= h->size && !ring_overlap(h, old, try[i], len)) {
			*offset = try[i];
			return 0;
		}
	return 0;	/* LVM2's place */
}

int mda_read_header(struct io_engine *io, int fd, uint64_t start, struct mda_header *h, char *err, size_t errlen)
{
	uint8_t *buf = io_alloc(MDA_HEADER_SIZE);
	int rc = io_read(io, fd, start, buf, MDA_HEADER_SIZE);
	if (rc)
		err_printf(err, errlen, "mda header at %llu: read failed: %s", (unsigned long long)start, strerror(-rc));
	else
		rc = mda_header_decode(buf, start, h, err, errlen);
	io_free(buf);
	return rc;
}

/* The committed (slot 0) or precommitted (1) text's location, checked. */
static int text_locn(const struct mda_header *h, int slot, const struct raw_locn **out, char *err,
		     size_t errlen)
{
	const struct raw_locn *l;
	int rc;

	if (slot < 0 || slot > 1)
		return -EINVAL;
	l = &h->locn[slot];
	if (h->size < 3 * MDA_HEADER_SIZE || h->start + h->size < h->start)
		return -EINVAL;
	if (locn_empty(l)) {
		err_printf(err, errlen, "mda at %llu: raw_locn[%d] is empty", (unsigned long long)h->start, slot);
		return -ENOENT;
	}
	if ((rc = locn_check(h, slot, err, errlen)))
		return rc;
	*out = l;
	return 0;
}

/* Read l->size bytes of text into buf and check them: checksum, and the
 * one NUL at the end. */
static int text_fill(struct io_engine *io, int fd, const struct mda_header *h, const struct raw_locn *l,
		     uint8_t *buf, char *err, size_t errlen)
{
	uint64_t first = l->size, wrap = 0;
	const uint8_t *nul;
	uint32_t crc;
	int rc;

	if (l->offset + l->size > h->size) {
		wrap = l->offset + l->size - h->size;
		first = l->size - wrap;
	}
	/* A big text is requested whole at once: read as it is, the page
	 * cache's readahead would fetch it window by window, a round trip
	 * to the disk each. */
	if (first >= 64 * 1024)
		posix_fadvise(fd, (off_t)(h->start + l->offset), (off_t)first, POSIX_FADV_WILLNEED);
	rc = io_read(io, fd, h->start + l->offset, buf, first);
	if (!rc && wrap)
		rc = io_read(io, fd, h->start + MDA_HEADER_SIZE, buf + first, wrap);
	if (rc) {
		err_printf(err, errlen, "mda at %llu: reading text at offset %llu size %llu failed: %s",
			(unsigned long long)h->start, (unsigned long long)l->offset, (unsigned long long)l->size,
			strerror(-rc));
		return rc;
	}
	crc = crc_calc(CRC_SEED, buf, l->size);
	if (crc != l->checksum) {
		err_printf(err, errlen, "mda at %llu: text at offset %llu: checksum 0x%08x expected 0x%08x",
			(unsigned long long)h->start, (unsigned long long)l->offset, crc, l->checksum);
		return -EINVAL;
	}
	/* LVM2 always writes a final NUL and counts it; an earlier NUL would
	 * hide the rest of the text from string functions. */
	nul = memchr(buf, 0, l->size);
	if (nul != buf + l->size - 1) {
		err_printf(err, errlen, "mda at %llu: text at offset %llu size %llu: NUL at byte %lld, expected at %llu",
			(unsigned long long)h->start, (unsigned long long)l->offset, (unsigned long long)l->size,
			nul ? (long long)(nul - buf) : -1LL, (unsigned long long)l->size - 1);
		return -EINVAL;
	}
	return 0;
}

int mda_read_text(struct io_engine *io, int fd, const struct mda_header *h, int slot, struct strbuf *text,
		  char *err, size_t errlen)
{
	const struct raw_locn *l;
	uint8_t *buf;
	int rc;

	if ((rc = text_locn(h, slot, &l, err, errlen)))
		return rc;
	buf = io_alloc(l->size);
	if (!(rc = text_fill(io, fd, h, l, buf, err, errlen))) {
		sb_reset(text);
		sb_add(text, buf, l->size - 1);
	}
	io_free(buf);
	return rc;
}

int mda_check_text(struct io_engine *io, int fd, const struct mda_header *h, int slot, char *err, size_t errlen)
{
	const struct raw_locn *l;
	int rc;

	if ((rc = text_locn(h, slot, &l, err, errlen)))
		return rc;
	uint8_t *buf = io_alloc(l->size);
	rc = text_fill(io, fd, h, l, buf, err, errlen);
	io_free(buf);
	return rc;
}

int mda_read_text_arena(struct io_engine *io, int fd, const struct mda_header *h, int slot,
			struct arena *a, const char **text, size_t *len, char *err, size_t errlen)
{
	const struct raw_locn *l;
	int rc;

	if ((rc = text_locn(h, slot, &l, err, errlen)))
		return rc;
	/* Read in place (aligned for the engines), never copied: a big VG's
	 * text is megabytes. Its parse and import take about five times its
	 * size again, in the same arena: a big one (hundreds of LVs) takes
	 * huge pages from the start. */
	if (l->size >= 128 * 1024)
		arena_expect(a, (size_t)l->size * 6);
	uintptr_t p = (uintptr_t)arena_alloc_raw(a, (size_t)l->size + IO_ALIGN);
	uint8_t *buf = (uint8_t *)((p + IO_ALIGN - 1) & ~(uintptr_t)(IO_ALIGN - 1));
	if ((rc = text_fill(io, fd, h, l, buf, err, errlen)))
		return rc;
	*text = (const char *)buf;
	*len = l->size - 1;
	return 0;
}

int mda_text_prepare(struct mda_text *t, const char *text, uint64_t len)
{
	memset(t, 0, sizeof(*t));
	if (!len || !text || text[len - 1])
		return -EINVAL;
	t->text = text;
	t->len = len;
	t->crc = crc_calc(CRC_SEED, text, len);
	t->padded_len = (len + RING_ALIGN - 1) / RING_ALIGN * RING_ALIGN;
	t->padded = io_alloc_raw(t->padded_len);
	memcpy(t->padded, text, len);
	memset((char *)t->padded + len, 0, t->padded_len - len);	/* zeroed past len */
	return 0;
}

int mda_text_prepare_in(struct mda_text *t, char *buf, uint64_t len, size_t cap)
{
	uint64_t padded_len = (len + RING_ALIGN - 1) / RING_ALIGN * RING_ALIGN;

	if (!len || !buf || buf[len - 1] || padded_len < len || (uintptr_t)buf % IO_ALIGN ||
	    padded_len > cap)
		return mda_text_prepare(t, buf, len);
	memset(t, 0, sizeof(*t));
	t->text = buf;
	t->len = len;
	t->crc = crc_calc(CRC_SEED, buf, len);
	t->padded_len = padded_len;
	t->padded = buf;
	t->borrowed = true;
	memset(buf + len, 0, padded_len - len);
	return 0;
}

void mda_text_release(struct mda_text *t)
{
	if (!t->borrowed)
		io_free(t->padded);
	t->padded = NULL;
}

/* Where a copy of t written at offset is, for the header. */
static void set_locn(struct raw_locn *loc, uint64_t offset, const struct mda_text *t)
{
	loc->offset = offset;
	loc->size = t->len;
	loc->checksum = t->crc;
	loc->flags = 0;
}

int mda_write_prepared(struct io_engine *io, int fd, const struct mda_header *h, uint64_t offset,
		       const struct mda_text *t, struct raw_locn *loc)
{
	uint64_t len = t->len, first, wrap = 0, pad1, pad2 = 0;
	uint8_t *buf;
	int rc;

	if (!len || len > h->size - MDA_HEADER_SIZE || offset < MDA_HEADER_SIZE ||
	    offset >= h->size || h->size < 3 * MDA_HEADER_SIZE)
		return -EINVAL;
	first = len;
	if (offset + len > h->size) {
		wrap = offset + len - h->size;
		first = len - wrap;
	}
	/* Zero up to the next 512-byte boundary, as LVM2 does, so stale text
	 * never follows a copy; a first piece that wraps ends at the area's
	 * end, and padding never runs past it. */
	pad1 = wrap ? first : t->padded_len;
	if (offset + pad1 > h->size)
		pad1 = h->size - offset;
	if (!wrap) {
		/* The common case writes the shared padded copy as it is. */
		rc = io_write(io, fd, h->start + offset, t->padded, pad1);
	} else {
		pad2 = (wrap + RING_ALIGN - 1) / RING_ALIGN * RING_ALIGN;
		if (MDA_HEADER_SIZE + pad2 > offset)
			pad2 = offset - MDA_HEADER_SIZE;	/* never pad over our own start */
		rc = io_write(io, fd, h->start + offset, t->padded, pad1);
		if (!rc) {
			buf = io_alloc(pad2);
			memcpy(buf, t->text + first, wrap);
			rc = io_write(io, fd, h->start + MDA_HEADER_SIZE, buf, pad2);
			io_free(buf);
		}
	}
	if (rc)
		return rc;
	set_locn(loc, offset, t);
	return 0;
}

/* Whether the bytes at the start of a slot begin like the new text: the
 * same VG (name and id) up to its seqno, i.e. probably an earlier version
 * whose unchanged parts need no writing. */
static bool same_vg_start(const uint8_t *old, size_t n, const struct mda_text *t)
{
	size_t look = t->len < n ? (size_t)t->len : n;
	const char *sq = memmem(t->text, look < 4096 ? look : 4096, "\nseqno = ", 9);
	size_t cmp = sq ? (size_t)(sq - t->text) + 9 : (look < 64 ? look : 64);
	return cmp <= n && !memcmp(old, t->text, cmp);
}

#define DELTA_FIRST (64 * 1024)
#define DELTA_CHUNK (256 * 1024)

/* Write [from, to) of the padded text (relative to the slot) in one go. */
static int write_run(struct io_engine *io, int fd, const struct mda_header *h, uint64_t offset,
		     const struct mda_text *t, uint64_t from, uint64_t to, uint64_t *written)
{
	if (to <= from)
		return 0;
	*written += to - from;
	return io_write(io, fd, h->start + offset + from, (const uint8_t *)t->padded + from, to - from);
}

int mda_write_delta(struct io_engine *io, int fd, const struct mda_header *h, uint64_t offset,
		    const struct mda_text *t, struct raw_locn *loc, uint64_t *written)
{
	uint64_t total = t->padded_len, pos = 0, run = UINT64_MAX;
	uint8_t *buf = NULL;
	int rc = 0;

	*written = 0;
	if (!t->len || t->len > h->size - MDA_HEADER_SIZE || offset < MDA_HEADER_SIZE ||
	    offset >= h->size || h->size < 3 * MDA_HEADER_SIZE)
		return -EINVAL;
	if (offset + t->len > h->size) {	/* a wrapped copy: written whole */
		*written = t->padded_len;
		return mda_write_prepared(io, fd, h, offset, t, loc);
	}
	if (offset + total > h->size)
		total = h->size - offset;	/* padding never past the area */
	buf = io_alloc_raw(total < DELTA_CHUNK ? total : DELTA_CHUNK);	/* pages touched as read */
	uint64_t nd = 0, nb = 0;
	while (!rc && pos < total) {
		/* The first block tells a place that holds no earlier version
		 * of this VG (written whole, no more read); the rest of the
		 * first 64 KiB one that holds something else (shifted, or
		 * another version far apart). */
		uint64_t piece = !pos ? MDA_BLOCK : pos < DELTA_FIRST ? DELTA_FIRST - pos : DELTA_CHUNK;
		uint64_t n = total - pos < piece ? total - pos : piece;
		/* What is there already: a read that fails, or bytes that are
		 * not an earlier version of this VG, mean the rest is written
		 * whole. */
		if (io_read(io, fd, h->start + offset + pos, buf, n) ||
		    (pos == 0 && !same_vg_start(buf, n, t))) {
			if (run == UINT64_MAX)
				run = pos;
			break;
		}
		for (uint64_t b = 0; b < n; b += MDA_BLOCK) {
			uint64_t bl = n - b < MDA_BLOCK ? n - b : MDA_BLOCK;
			bool differs = memcmp(buf + b, (const uint8_t *)t->padded + pos + b, bl) != 0;
			nb++;
			nd += differs;
			if (differs && run == UINT64_MAX) {
				run = pos + b;
			} else if (!differs && run != UINT64_MAX) {
				rc = write_run(io, fd, h, offset, t, run, pos + b, written);
				run = UINT64_MAX;
				if (rc)
					break;
			}
		}
		pos += n;
		if (pos < DELTA_FIRST)	/* the first block is judged with the rest of the first 64 KiB */
			continue;
		/* mostly different: the rest is written whole, unread */
		if (!rc && pos < total && nd * 2 > nb) {
			if (run == UINT64_MAX)
				run = pos;
			break;
		}
		nd = nb = 0;
	}
	if (!rc && run != UINT64_MAX)
		rc = write_run(io, fd, h, offset, t, run, total, written);
	io_free(buf);
	if (rc)
		return rc;
	set_locn(loc, offset, t);
	return 0;
}

uint32_t mda_diff_blocks(const char *prev, uint64_t prev_len, const struct mda_text *t, uint8_t *bits)
{
	uint64_t same = prev_len < t->len ? prev_len : t->len;
	uint32_t nb = (uint32_t)((t->padded_len + MDA_BLOCK - 1) / MDA_BLOCK);

	memset(bits, 0, (nb + 7) / 8);
	for (uint32_t b = 0; b < nb; b++) {
		uint64_t at = (uint64_t)b * MDA_BLOCK;
		if (at + MDA_BLOCK > same || memcmp(prev + at, (const char *)t->padded + at, MDA_BLOCK))
			bits[b / 8] |= (uint8_t)(1u << (b % 8));
	}
	return nb;
}

bool mda_head_matches(struct io_engine *io, int fd, const struct mda_header *h, uint64_t offset,
		      uint32_t len, uint32_t crc)
{
	uint64_t n = ((uint64_t)len + RING_ALIGN - 1) / RING_ALIGN * RING_ALIGN;
	if (!len || len > MDA_BLOCK || offset < MDA_HEADER_SIZE || offset >= h->size || n > h->size - offset)
		return false;
	uint8_t *buf = io_alloc(n);
	bool ok = !io_read(io, fd, h->start + offset, buf, n) && crc_calc(CRC_SEED, buf, len) == crc;
	io_free(buf);
	return ok;
}

int mda_write_blocks(struct io_engine *io, int fd, const struct mda_header *h, uint64_t offset,
		     const struct mda_text *t, const uint8_t *a, const uint8_t *b, uint32_t nb,
		     struct raw_locn *loc, uint64_t *written)
{
	uint64_t total = t->padded_len, run = UINT64_MAX;
	int rc = 0;

	*written = 0;
	if (!t->len || t->len > h->size - MDA_HEADER_SIZE || offset < MDA_HEADER_SIZE ||
	    offset >= h->size || h->size < 3 * MDA_HEADER_SIZE || total > h->size - offset)
		return -EINVAL;
	/* Block 0 (the seqno is in it) always, and first: a write that stops
	 * half way leaves a head that is no longer the old version's. */
	for (uint64_t at = 0; !rc && at < total; at += MDA_BLOCK) {
		uint64_t k = at / MDA_BLOCK;
		bool w = !at || k >= nb || (a[k / 8] | b[k / 8]) & (1u << (k % 8));
		if (w && run == UINT64_MAX) {
			run = at;
		} else if (!w && run != UINT64_MAX) {
			rc = write_run(io, fd, h, offset, t, run, at, written);
			run = UINT64_MAX;
		}
	}
	if (!rc && run != UINT64_MAX)
		rc = write_run(io, fd, h, offset, t, run, total, written);
	if (rc)
		return rc;
	set_locn(loc, offset, t);
	return 0;
}

int mda_write_text(struct io_engine *io, int fd, const struct mda_header *h, uint64_t offset, const char *text,
		   uint64_t len, struct raw_locn *loc)
{
	struct mda_text t;
	int rc = mda_text_prepare(&t, text, len);
	if (rc)
		return rc;
	rc = mda_write_prepared(io, fd, h, offset, &t, loc);
	mda_text_release(&t);
	return rc;
}

int mda_write_header(struct io_engine *io, int fd, const struct mda_header *h)
{
	uint8_t *buf = io_alloc(MDA_HEADER_SIZE);
	mda_header_encode(h, buf);
	int rc = io_write(io, fd, h->start, buf, MDA_HEADER_SIZE);
	io_free(buf);
	return rc;
}
