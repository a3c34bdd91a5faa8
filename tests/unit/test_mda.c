#include "tests/unit/unit.h"
#include <errno.h>
#include <unistd.h>
#include "lvmgr/base/crc.h"
#include "metadata/mda.h"

static void read_fixture(const char *name, uint8_t *buf, size_t len)
{
	char path[256];
	snprintf(path, sizeof(path), FIXTURE("lvm2/%s"), name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, len, f), len);
	fclose(f);
}

static int tmp_fd(void)
{
	char path[] = "/tmp/lvmgr-test-mda.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	return fd;
}

static void refresh(uint8_t *b)
{
	put_le32(b, crc_calc(CRC_SEED, b + 4, MDA_HEADER_SIZE - 4));
}

static void expect_einval(const uint8_t *b, uint64_t start, const char *needle)
{
	struct mda_header h;
	char err[256];
	assert_int_equal(mda_header_decode(b, start, &h, err, sizeof(err)), -EINVAL);
	if (!strstr(err, needle))
		fail_msg("error \"%s\" does not mention \"%s\"", err, needle);
}

static void mda_fixture_headers(void **state)
{
	uint8_t b[MDA_HEADER_SIZE], out[MDA_HEADER_SIZE];
	struct mda_header h;
	char err[256];
	read_fixture("mda0-64m.bin", b, sizeof(b));
	assert_int_equal(mda_header_decode(b, 4096, &h, err, sizeof(err)), 0);
	assert_int_equal(h.version, 1);
	assert_int_equal(h.start, 4096);
	assert_int_equal(h.size, 0xff000);
	assert_int_equal(h.locn[0].size, 0);
	mda_header_encode(&h, out);
	assert_memory_equal(out, b, sizeof(b));
	/* the second area of --pvmetadatacopies 2 on 64 MiB: 63 MiB, 1 MiB */
	read_fixture("mda1-copies2.bin", b, sizeof(b));
	assert_int_equal(mda_header_decode(b, 63 << 20, &h, err, sizeof(err)), 0);
	assert_int_equal(h.size, 1 << 20);
	mda_header_encode(&h, out);
	assert_memory_equal(out, b, sizeof(b));
	assert_int_equal(mda_header_decode(b, 4096, &h, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "start 66060288 expected 4096"));
	(void)state;
}

/* The ring fixture: LVM2 wrapped its committed copy around the end of a
 * 32 KiB area; read it back through a temp file. */
static void mda_fixture_ring_text(void **state)
{
	enum { AREA = 32768 };
	uint8_t *area = malloc(AREA), out[MDA_HEADER_SIZE];
	struct io_engine *io = io_engine_sync_new();
	struct mda_header h;
	struct strbuf text;
	char err[256];
	int fd = tmp_fd();

	read_fixture("ring-area.bin", area, AREA);
	assert_int_equal(pwrite(fd, area, AREA, 4096), AREA);
	assert_int_equal(mda_read_header(io, fd, 4096, &h, err, sizeof(err)), 0);
	assert_int_equal(h.size, AREA);
	assert_true(h.locn[0].offset + h.locn[0].size > AREA);	/* it wrapped */
	mda_header_encode(&h, out);
	assert_memory_equal(out, area, MDA_HEADER_SIZE);
	sb_init(&text);
	assert_int_equal(mda_read_text(io, fd, &h, 0, &text, err, sizeof(err)), 0);
	assert_int_equal(text.len, h.locn[0].size - 1);
	assert_int_equal(strlen(text.buf), text.len);
	assert_true(!strncmp(text.buf, "fixvg {", 7));
	assert_non_null(strstr(text.buf, "lv_with_a_long_name_to_fill_text_0"));
	assert_non_null(strstr(text.buf, "contents = \"Text Format Volume Group\""));
	/* read in place into an arena: the same text, wrapped part included */
	struct arena ar;
	const char *in_place = NULL;
	size_t in_len = 0;
	arena_init(&ar);
	assert_int_equal(mda_read_text_arena(io, fd, &h, 0, &ar, &in_place, &in_len, err, sizeof(err)), 0);
	assert_int_equal(in_len, text.len);
	assert_memory_equal(in_place, text.buf, text.len + 1);
	assert_int_equal((uintptr_t)in_place % IO_ALIGN, 0);
	/* LVM2's placement rule agrees with where LVM2 put the copy: the
	 * wrapped tail was padded to 512, so the next copy goes after it */
	uint64_t off;
	assert_int_equal(mda_place_text(&h, 1000, &off, err, sizeof(err)), 0);
	assert_int_equal(off, (h.locn[0].offset + h.locn[0].size - AREA + MDA_HEADER_SIZE + 511) / 512 * 512);
	/* a flipped text byte is a checksum error */
	uint8_t c;
	assert_int_equal(pread(fd, &c, 1, 4096 + h.locn[0].offset + 10), 1);
	c ^= 1;
	assert_int_equal(pwrite(fd, &c, 1, 4096 + h.locn[0].offset + 10), 1);
	assert_int_equal(mda_read_text(io, fd, &h, 0, &text, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "checksum"));
	err[0] = '\0';
	assert_int_equal(mda_read_text_arena(io, fd, &h, 0, &ar, &in_place, &in_len, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "checksum"));
	assert_int_equal(mda_read_text(io, fd, &h, 1, &text, err, sizeof(err)), -ENOENT);
	assert_int_equal(mda_read_text_arena(io, fd, &h, 1, &ar, &in_place, &in_len, err, sizeof(err)),
			 -ENOENT);
	arena_free(&ar);
	sb_free(&text);
	free(area);
	close(fd);
	io_engine_destroy(io);
	(void)state;
}

static void mda_header_corruption(void **state)
{
	uint8_t good[MDA_HEADER_SIZE], b[MDA_HEADER_SIZE];
	struct mda_header h = { .start = 4096, .size = 0xff000 };
	h.locn[0] = (struct raw_locn){ 0x1200, 1500, 0x1234, 0 };
	mda_header_encode(&h, good);

	for (unsigned i = 0; i < MDA_HEADER_SIZE; i++) {
		memcpy(b, good, sizeof(b));
		b[i] ^= 0x08;
		expect_einval(b, 4096, "checksum 0x");
	}
	memcpy(b, good, sizeof(b));
	b[5] = 'X';
	refresh(b);
	expect_einval(b, 4096, "magic");
	memcpy(b, good, sizeof(b));
	put_le32(b + 20, 2);
	refresh(b);
	expect_einval(b, 4096, "version 2 expected 1");
	expect_einval(good, 8192, "start 4096 expected 8192");
	memcpy(b, good, sizeof(b));
	put_le64(b + 32, 100);
	refresh(b);
	expect_einval(b, 4096, "size 100");
	memcpy(b, good, sizeof(b));
	put_le64(b + 32, UINT64_MAX - 10);
	refresh(b);
	expect_einval(b, 4096, "size");
	/* raw_locn outside the area */
	struct { uint64_t off, size; const char *msg; } bad[] = {
		{ 0x100, 10, "raw_locn[0].offset 256" },
		{ 0xff000, 10, "raw_locn[0].offset 1044480" },
		{ UINT64_MAX, 10, "raw_locn[0].offset" },
		{ 0x1200, 0xff000, "raw_locn[0].size 1044480" },
		{ 0x1200, UINT64_MAX, "raw_locn[0].size" },
		{ 0, 10, "raw_locn[0].offset 0" },
	};
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		memcpy(b, good, sizeof(b));
		put_le64(b + 40, bad[i].off);
		put_le64(b + 48, bad[i].size);
		refresh(b);
		expect_einval(b, 4096, bad[i].msg);
	}
	/* slot 1 is checked the same way */
	memcpy(b, good, sizeof(b));
	put_le64(b + 64, 0x1200);
	put_le64(b + 72, 0);
	refresh(b);
	expect_einval(b, 4096, "raw_locn[1].size 0");
	(void)state;
}

static void mda_max(void **state)
{
	assert_int_equal(mda_max_text(0xff000), (0xff000 - 512) / 2 - 512);
	assert_int_equal(mda_max_text(32768), 15616);
	assert_int_equal(mda_max_text(1024), 0);
	assert_int_equal(mda_max_text(0), 0);
	(void)state;
}

static void mda_placement(void **state)
{
	struct mda_header h = { .start = 4096, .size = 32768 };
	uint64_t off;
	char err[256];
	/* empty: at 512 */
	assert_int_equal(mda_place_text(&h, 1000, &off, err, sizeof(err)), 0);
	assert_int_equal(off, 512);
	/* ignored slot counts as empty */
	h.locn[0] = (struct raw_locn){ 4096, 1000, 0, RAW_LOCN_IGNORED };
	assert_int_equal(mda_place_text(&h, 1000, &off, err, sizeof(err)), 0);
	assert_int_equal(off, 512);
	/* next 512 boundary after the committed copy (a copy ending exactly
	 * on a boundary is followed directly) */
	h.locn[0] = (struct raw_locn){ 512, 1000, 0, 0 };
	assert_int_equal(mda_place_text(&h, 1000, &off, err, sizeof(err)), 0);
	assert_int_equal(off, 1536);
	h.locn[0] = (struct raw_locn){ 512, 1024, 0, 0 };
	assert_int_equal(mda_place_text(&h, 1000, &off, err, sizeof(err)), 0);
	assert_int_equal(off, 1536);
	/* the new copy wraps (first piece at the end, rest at 512) */
	h.locn[0] = (struct raw_locn){ 20480, 10000, 0, 0 };	/* last byte 30479 */
	assert_int_equal(mda_place_text(&h, 4000, &off, err, sizeof(err)), 0);
	assert_int_equal(off, 30720);
	/* less than 512 bytes left after the old copy: back to 512 */
	h.locn[0] = (struct raw_locn){ 20480, 32768 - 20480 - 100, 0, 0 };
	assert_int_equal(mda_place_text(&h, 4000, &off, err, sizeof(err)), 0);
	assert_int_equal(off, 512);
	/* after a wrapped old copy, behind its tail */
	h.locn[0] = (struct raw_locn){ 30720, 4000, 0, 0 };	/* tail ends at 512+1952-1 */
	assert_int_equal(mda_place_text(&h, 4000, &off, err, sizeof(err)), 0);
	assert_int_equal(off, 2560);
	/* too large: over the maximum, and overlapping the old copy */
	assert_int_equal(mda_place_text(&h, 15617, &off, err, sizeof(err)), -ENOSPC);
	assert_non_null(strstr(err, "15617"));
	/* Below the maximum two copies always fit; only an old copy larger
	 * than the maximum (older LVM2 did not enforce it) can collide. */
	h.locn[0] = (struct raw_locn){ 4096, 20000, 0, 0 };	/* 4096..24095 */
	assert_int_equal(mda_place_text(&h, 15000, &off, err, sizeof(err)), -ENOSPC);
	assert_non_null(strstr(err, "20000 bytes in use"));
	assert_int_equal(mda_place_text(&h, 9000, &off, err, sizeof(err)), 0);
	assert_int_equal(off, 24576);	/* wraps: 24576..32767 + 512..1319 */
	/* both wrapping always overlaps */
	h.locn[0] = (struct raw_locn){ 30720, 4000, 0, 0 };
	h.size = 32768;
	assert_int_equal(mda_place_text(&h, 15000, &off, err, sizeof(err)), 0);
	assert_int_equal(off, 2560);
	(void)state;
}

/* Write copies through a 8 KiB area until one wraps, reading each back. */
static void mda_write_read_ring(void **state)
{
	struct io_engine *io = io_engine_sync_new();
	struct mda_header h = { .start = 4096, .size = 8192 }, back;
	struct strbuf text;
	char err[256], *t = malloc(3000);
	int fd = tmp_fd(), wrapped = 0;
	assert_int_equal(ftruncate(fd, 4096 + 8192 + 4096), 0);
	assert_int_equal(mda_write_header(io, fd, &h), 0);
	sb_init(&text);
	for (int i = 0; i < 12; i++) {
		uint64_t len = 1500 + (uint64_t)i * 100, off;
		for (uint64_t k = 0; k < len - 1; k++)
			t[k] = (char)('a' + (k + (uint64_t)i) % 26);
		t[len - 1] = 0;
		assert_int_equal(mda_place_text(&h, len, &off, err, sizeof(err)), 0);
		assert_int_equal(mda_write_text(io, fd, &h, off, t, len, &h.locn[0]), 0);
		wrapped += off + len > h.size;
		assert_int_equal(mda_write_header(io, fd, &h), 0);
		assert_int_equal(mda_read_header(io, fd, 4096, &back, err, sizeof(err)), 0);
		assert_memory_equal(&back.locn[0], &h.locn[0], sizeof(h.locn[0]));
		assert_int_equal(mda_read_text(io, fd, &back, 0, &text, err, sizeof(err)), 0);
		assert_int_equal(text.len, len - 1);
		assert_memory_equal(text.buf, t, len);
	}
	assert_true(wrapped > 0);
	/* nothing was written outside the area */
	uint8_t after[4096], zero[4096] = { 0 };
	assert_int_equal(pread(fd, after, sizeof(after), 4096 + 8192), 4096);
	assert_memory_equal(after, zero, sizeof(after));
	/* refused: no NUL at the end, offset outside */
	assert_int_equal(mda_write_text(io, fd, &h, 512, "abc", 3, &h.locn[1]), -EINVAL);
	assert_int_equal(mda_write_text(io, fd, &h, 100, "abc", 4, &h.locn[1]), -EINVAL);
	/* text with an early NUL or without a final NUL is refused on read */
	h.locn[1] = (struct raw_locn){ 512, 10, crc_calc(CRC_SEED, "ab\0defghi\0", 10), 0 };
	assert_int_equal(pwrite(fd, "ab\0defghi\0", 10, 4096 + 512), 10);
	assert_int_equal(mda_read_text(io, fd, &h, 1, &text, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "NUL at byte 2"));
	h.locn[1] = (struct raw_locn){ 512, 9, crc_calc(CRC_SEED, "ab\0defghi", 9), 0 };
	assert_int_equal(pwrite(fd, "abcdefghi", 9, 4096 + 512), 9);
	h.locn[1].checksum = crc_calc(CRC_SEED, "abcdefghi", 9);
	assert_int_equal(mda_read_text(io, fd, &h, 1, &text, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "NUL at byte -1"));
	sb_free(&text);
	free(t);
	close(fd);
	io_engine_destroy(io);
	(void)state;
}

/* A text written from the caller's aligned buffer (mda_text_prepare_in)
 * puts the same bytes on disk, padding zeroed, as one copied first; a
 * buffer unaligned or without room for the padding is copied. */
static void mda_write_in_place(void **state)
{
	struct io_engine *io = io_engine_sync_new();
	struct mda_header h = { .start = 4096, .size = 65536 };
	struct mda_text a, b;
	struct raw_locn la, lb;
	struct strbuf sb;
	uint8_t da[8192], db[8192];
	int fa = tmp_fd(), fb = tmp_fd();
	assert_int_equal(ftruncate(fa, 4096 + 65536), 0);
	assert_int_equal(ftruncate(fb, 4096 + 65536), 0);
	sb_init_aligned(&sb, 8192);
	assert_int_equal((uintptr_t)sb.buf % IO_ALIGN, 0);
	memset(sb.buf, 'x', 8192);	/* stale bytes where the padding goes */
	sb.len = 0;
	for (int k = 0; k < 1000; k++)
		sb_addc(&sb, (char)('a' + k % 26));
	uint64_t len = sb.len + 1;
	assert_int_equal(mda_text_prepare_in(&a, sb.buf, len, sb.cap), 0);
	assert_true(a.borrowed);
	assert_ptr_equal(a.padded, sb.buf);
	assert_int_equal(mda_text_prepare(&b, sb.buf, len), 0);
	assert_false(b.borrowed);
	assert_int_equal(a.crc, b.crc);
	assert_int_equal(mda_write_prepared(io, fa, &h, 512, &a, &la), 0);
	assert_int_equal(mda_write_prepared(io, fb, &h, 512, &b, &lb), 0);
	assert_memory_equal(&la, &lb, sizeof(la));
	assert_int_equal(pread(fa, da, sizeof(da), 4096), (ssize_t)sizeof(da));
	assert_int_equal(pread(fb, db, sizeof(db), 4096), (ssize_t)sizeof(db));
	assert_memory_equal(da, db, sizeof(da));
	assert_int_equal(da[512 + len], 0);	/* padding zeroed, not the stale 'x' */
	mda_text_release(&a);
	mda_text_release(&b);
	/* unaligned, or no room for the padding: copied */
	assert_int_equal(mda_text_prepare_in(&a, sb.buf + 16, len - 16, sb.cap - 16), 0);
	assert_false(a.borrowed);
	mda_text_release(&a);
	assert_int_equal(mda_text_prepare_in(&a, sb.buf, len, len), 0);
	assert_false(a.borrowed);
	mda_text_release(&a);
	sb_free(&sb);
	close(fa);
	close(fb);
	io_engine_destroy(io);
	(void)state;
}

/* Where mda_place_text_slots puts len bytes after the committed copy old. */
static uint64_t place_after(struct mda_header *h, struct raw_locn old, uint64_t len)
{
	uint64_t off = 0;
	char err[256];
	h->locn[0] = old;
	assert_int_equal(mda_place_text_slots(h, len, &off, err, sizeof(err)), 0);
	return off;
}

/* lvmgr's two slots: A at 512, B in the middle of the ring; the one the
 * committed copy is not in, else A, then B, else LVM2's place. */
static void mda_placement_slots(void **state)
{
	struct mda_header h = { .start = 4096, .size = 32768 };
	uint64_t off, b = mda_slot_b(&h);
	char err[256];
	assert_int_equal(b, 512 + 15872);	/* half the ring, down to 512 */
	assert_int_equal(b % 512, 0);
	/* the largest copy fits in A below B, and in B within the area */
	assert_true(512 + mda_max_text(h.size) <= b);
	assert_true(b + mda_max_text(h.size) <= h.size);
	assert_int_equal(mda_place_text_slots(&h, 1000, &off, err, sizeof(err)), 0);
	assert_int_equal(off, 512);
	assert_int_equal(place_after(&h, (struct raw_locn){ 512, 1000, 0, 0 }, 1000), b);
	assert_int_equal(place_after(&h, (struct raw_locn){ b, 15000, 0, 0 }, 15616), 512);
	/* elsewhere (LVM2 put it there): A if free, else B */
	assert_int_equal(place_after(&h, (struct raw_locn){ 2048, 1000, 0, 0 }, 1000), 512);
	assert_int_equal(place_after(&h, (struct raw_locn){ 1024, 5000, 0, 0 }, 1000), b);
	/* over both slots: LVM2's place after it */
	assert_int_equal(place_after(&h, (struct raw_locn){ 8192, 15000, 0, 0 }, 9000), 23552);
	/* an ignored committed slot counts as empty */
	assert_int_equal(place_after(&h, (struct raw_locn){ 512, 1000, 0, RAW_LOCN_IGNORED }, 1000), 512);
	/* LVM2's refusals stay */
	h.locn[0] = (struct raw_locn){ 512, 1000, 0, 0 };
	assert_int_equal(mda_place_text_slots(&h, 15617, &off, err, sizeof(err)), -ENOSPC);
	(void)state;
}

/* A VG-like text of about len bytes: seqno, then numbered lines. */
static void vg_text(struct strbuf *sb, uint64_t seqno, unsigned lines, const char *extra)
{
	sb_reset(sb);
	sb_printf(sb, "vg0 {\nid = \"abcdef-ghij\"\nseqno = %llu\n", (unsigned long long)seqno);
	for (unsigned i = 0; i < lines; i++)
		sb_printf(sb, "lv%u {\nid = \"%08u\"\nsegment_count = 1\n}\n", i, i * 7);
	sb_adds(sb, extra);
	sb_adds(sb, "}\n");
}

/* The area as mda_write_prepared leaves it and as mda_write_delta does
 * must be the same, with far fewer bytes written by the delta when the
 * place holds an earlier version. */
static void delta_case(struct io_engine *io, const struct mda_header *h, uint64_t off,
		       const struct strbuf *before, const struct strbuf *after, bool expect_small)
{
	int fa = tmp_fd(), fb = tmp_fd();
	size_t area = 4096 + h->size;
	uint8_t *da = malloc(area), *db = malloc(area);
	struct mda_text t;
	struct raw_locn la, lb;
	uint64_t written;
	assert_int_equal(ftruncate(fa, (off_t)area), 0);
	assert_int_equal(ftruncate(fb, (off_t)area), 0);
	if (before) {
		assert_int_equal(mda_write_text(io, fa, h, off, before->buf, before->len + 1, &la), 0);
		assert_int_equal(mda_write_text(io, fb, h, off, before->buf, before->len + 1, &lb), 0);
	} else {	/* stale bytes of something else */
		memset(da, 'q', area);
		assert_int_equal(pwrite(fa, da, area, 0), (ssize_t)area);
		assert_int_equal(pwrite(fb, da, area, 0), (ssize_t)area);
	}
	assert_int_equal(mda_text_prepare(&t, after->buf, after->len + 1), 0);
	assert_int_equal(mda_write_prepared(io, fa, h, off, &t, &la), 0);
	assert_int_equal(mda_write_delta(io, fb, h, off, &t, &lb, &written), 0);
	assert_memory_equal(&la, &lb, sizeof(la));
	assert_int_equal(pread(fa, da, area, 0), (ssize_t)area);
	assert_int_equal(pread(fb, db, area, 0), (ssize_t)area);
	assert_memory_equal(da, db, area);
	if (expect_small)
		assert_true(written <= 4 * 4096);
	else
		assert_int_equal(written, t.padded_len);
	mda_text_release(&t);
	free(da);
	free(db);
	close(fa);
	close(fb);
}

static void mda_write_delta_cases(void **state)
{
	struct io_engine *io = io_engine_sync_new();
	struct mda_header h = { .start = 4096, .size = 4 << 20 };
	struct strbuf a, b;
	sb_init(&a);
	sb_init(&b);
	/* ~600 KiB: over two 256 KiB read pieces */
	vg_text(&a, 7, 12000, "");
	vg_text(&b, 9, 12000, "lv_new {\nid = \"x\"\n}\n");
	assert_true(a.len > 512 * 1024);
	delta_case(io, &h, 512, &a, &b, true);
	delta_case(io, &h, mda_slot_b(&h), &a, &b, true);
	/* a shorter text over a longer one: the same, stale tail and all */
	delta_case(io, &h, 512, &b, &a, true);
	/* a change in the middle, one byte */
	sb_reset(&b);
	sb_add(&b, a.buf, a.len);
	b.buf[300000] = b.buf[300000] == 'l' ? 'm' : 'l';
	delta_case(io, &h, 512, &a, &b, true);
	/* an earlier version shifted against the new one (LVM2 packs its
	 * copies): every block differs, the rest is written whole, unread */
	sb_reset(&b);
	sb_add(&b, a.buf, 40);
	sb_adds(&b, "tags = [\"t\"]\n");
	sb_add(&b, a.buf + 40, a.len - 40);
	delta_case(io, &h, 512, &a, &b, false);
	/* another VG there, or stale bytes: written whole */
	vg_text(&b, 9, 12000, "");
	memcpy(b.buf, "vg1", 3);
	delta_case(io, &h, 512, &a, &b, false);
	delta_case(io, &h, 512, NULL, &a, false);
	/* small texts, within one block */
	vg_text(&a, 1, 3, "");
	vg_text(&b, 2, 3, "");
	delta_case(io, &h, 512, &a, &b, true);
	sb_free(&a);
	sb_free(&b);
	io_engine_destroy(io);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mda_fixture_headers),
		cmocka_unit_test(mda_fixture_ring_text),
		cmocka_unit_test(mda_header_corruption),
		cmocka_unit_test(mda_max),
		cmocka_unit_test(mda_placement),
		cmocka_unit_test(mda_placement_slots),
		cmocka_unit_test(mda_write_delta_cases),
		cmocka_unit_test(mda_write_read_ring),
		cmocka_unit_test(mda_write_in_place),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
