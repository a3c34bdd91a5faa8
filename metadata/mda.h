/* LVM2 metadata area: a 512-byte mda_header at the area's start, then a
 * ring buffer of metadata text copies. Header: u32 checksum (CRC over bytes
 * 4..511), magic " LVM2 x[5A%r0N*>", u32 version = 1, u64 start (absolute
 * byte offset of the area), u64 size (of the whole area), then raw_locn
 * entries {u64 offset (relative to start), u64 size (text incl. its NUL),
 * u32 checksum (CRC of the text incl. NUL), u32 flags} ended by a zero
 * entry: slot 0 = committed, slot 1 = precommitted. */
#ifndef LVMGR_MDA_H
#define LVMGR_MDA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lvmgr/io/io.h"
#include "lvmgr/base/util.h"

#define MDA_HEADER_SIZE 512
#define FMTT_MAGIC " LVM2 x[5A%r0N*>"
#define FMTT_VERSION 1
#define RAW_LOCN_IGNORED 0x1

struct raw_locn {
	uint64_t offset, size;	/* offset relative to the area start */
	uint32_t checksum, flags;
};

struct mda_header {
	uint32_t checksum;
	uint32_t version;
	uint64_t start, size;
	struct raw_locn locn[2];	/* [0] committed, [1] precommitted; size 0 = empty */
};

/* Decode and validate (checksum, magic, version, start == expect_start,
 * size sane, raw_locn inside the area). -EINVAL with err naming the cause. */
int mda_header_decode(const uint8_t buf[MDA_HEADER_SIZE], uint64_t expect_start,
		      struct mda_header *h, char *err, size_t errlen);
void mda_header_encode(const struct mda_header *h, uint8_t buf[MDA_HEADER_SIZE]);

/* Largest text copy (incl. NUL) an area of mda_size bytes may hold, as LVM2. */
uint64_t mda_max_text(uint64_t mda_size);

/* Where the next copy of len bytes goes: after the committed copy (slot 0),
 * on the next 512-byte boundary, wrapping to MDA_HEADER_SIZE as LVM2 does.
 * -ENOSPC (err says needed/available) if it cannot fit without overwriting
 * the committed copy. */
int mda_place_text(const struct mda_header *h, uint64_t len, uint64_t *offset, char *err, size_t errlen);

/* The two fixed places lvmgr prefers for a copy, so that a commit finds the
 * version before the last one where it writes (mda_write_delta): slot A at
 * MDA_HEADER_SIZE and slot B at the middle of the ring (a copy is at most
 * half the ring, as LVM2 enforces). mda_place_text_slots: the slot the
 * committed copy is not in (else A, then B) if the copy fits there without
 * touching the committed one, else LVM2's place (mda_place_text; its
 * errors too). Readers, LVM2's included, follow raw_locn wherever it
 * points. */
uint64_t mda_slot_b(const struct mda_header *h);
int mda_place_text_slots(const struct mda_header *h, uint64_t len, uint64_t *offset, char *err,
			 size_t errlen);

/* I/O through an engine on an open fd. */
int mda_read_header(struct io_engine *io, int fd, uint64_t start, struct mda_header *h,
		    char *err, size_t errlen);
/* Read the text of slot (0 or 1) into text (NUL-terminated; text->len
 * excludes the NUL), following a wrap; checks size, NUL and checksum. */
int mda_read_text(struct io_engine *io, int fd, const struct mda_header *h, int slot,
		  struct strbuf *text, char *err, size_t errlen);
/* The same checks of slot's text, read into a buffer freed at once (a
 * copy whose text another copy already gave). */
int mda_check_text(struct io_engine *io, int fd, const struct mda_header *h, int slot, char *err, size_t errlen);
/* The same, read in place into a (no copy): *text is NUL-terminated,
 * *len bytes long without the NUL. */
int mda_read_text_arena(struct io_engine *io, int fd, const struct mda_header *h, int slot,
			struct arena *a, const char **text, size_t *len, char *err, size_t errlen);
/* Write text (len bytes incl. its final NUL) at offset (from
 * mda_place_text), zero-padded to 512 bytes, wrapping if needed. Fills loc. */
int mda_write_text(struct io_engine *io, int fd, const struct mda_header *h, uint64_t offset,
		   const char *text, uint64_t len, struct raw_locn *loc);
/* The same text written to many areas: NUL check, checksum and the
 * zero-padded aligned copy done once (mda_write_text = prepare, write,
 * release). */
struct mda_text {
	const char *text;
	uint64_t len;		/* incl. the final NUL */
	uint32_t crc;
	void *padded;		/* IO_ALIGN-aligned, len rounded up to 512, zeros after */
	uint64_t padded_len;
	bool borrowed;		/* padded is the caller's buffer (mda_text_prepare_in) */
};
int mda_text_prepare(struct mda_text *t, const char *text, uint64_t len);
/* The same for text in a buffer of cap bytes the caller keeps until the
 * release: written from in place when it is IO_ALIGN-aligned and holds the
 * padding (zeroed here, past len), else copied. */
int mda_text_prepare_in(struct mda_text *t, char *buf, uint64_t len, size_t cap);
int mda_write_prepared(struct io_engine *io, int fd, const struct mda_header *h, uint64_t offset,
		       const struct mda_text *t, struct raw_locn *loc);
/* The same as mda_write_prepared, but only the 4 KiB blocks that differ
 * from what the area holds there are written: the place is read first (64
 * KiB, then 256 KiB pieces); if it does not start with an earlier version
 * of the same VG (name, id), or most blocks of a piece differ, the rest is
 * written whole without reading it. *written: the bytes
 * written. The result on the device is the same as mda_write_prepared's
 * (a wrapped copy is written whole). */
int mda_write_delta(struct io_engine *io, int fd, const struct mda_header *h, uint64_t offset,
		    const struct mda_text *t, struct raw_locn *loc, uint64_t *written);
/* Writing without reading first, when the caller knows what the place
 * holds. MDA_BLOCK-byte blocks of a text: mda_diff_blocks sets bit b of
 * bits (room for (padded_len + MDA_BLOCK - 1) / MDA_BLOCK bits) when block
 * b of t's padded copy is not byte for byte prev's (prev_len bytes, with
 * its NUL; a block reaching past either length differs); returns the
 * number of blocks. */
#define MDA_BLOCK 4096
uint32_t mda_diff_blocks(const char *prev, uint64_t prev_len, const struct mda_text *t, uint8_t *bits);
/* Whether the len bytes (at most MDA_BLOCK) at offset in the area have
 * CRC-32 crc: the place still begins as it did (a read failure: no). */
bool mda_head_matches(struct io_engine *io, int fd, const struct mda_header *h, uint64_t offset,
		      uint32_t len, uint32_t crc);
/* Write t at offset like mda_write_prepared, but only the blocks whose bit
 * is set in a or b (nb bits each; blocks from nb on, and block 0, always),
 * in ascending order, block 0 first. The copy must not wrap. */
int mda_write_blocks(struct io_engine *io, int fd, const struct mda_header *h, uint64_t offset,
		     const struct mda_text *t, const uint8_t *a, const uint8_t *b, uint32_t nb,
		     struct raw_locn *loc, uint64_t *written);
void mda_text_release(struct mda_text *t);
/* Encode and write the header (checksum computed) at h->start. */
int mda_write_header(struct io_engine *io, int fd, const struct mda_header *h);

#endif
