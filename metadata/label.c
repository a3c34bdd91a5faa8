/* LVM2 label sector and pv_header (see label.h), plus the PV layout that
 * LVM2's pvcreate computes. Everything read here may come from a stranger's
 * disk: every field is checked before use and every error names it. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lvmgr/base/crc.h"
#include "lvmgr/base/util.h"
#include "metadata/label.h"
#include "metadata/mda.h"

#define LH_SECTOR 8
#define LH_CRC 16
#define LH_OFFSET 20	/* the CRC covers bytes 20..511 */
#define LH_TYPE 24
#define LABEL_HEADER_SIZE 32
#define PVH_UUID LABEL_HEADER_SIZE
#define PVH_DEVSIZE (PVH_UUID + ID_LEN)
#define PVH_AREAS (PVH_DEVSIZE + 8)
#define LOCN_SIZE 16

/* Read one list of {offset, size} at *pos. LVM2's reader stops at an entry
 * with offset 0; we also insist on size 0 there (LVM2 always writes {0,0}),
 * so a half-zeroed entry is reported instead of silently ending the list. */
static int read_list(const uint8_t *s, unsigned *pos, const char *what, unsigned sector,
		     struct disk_locn *out, unsigned *n, char *err, size_t errlen)
{
	*n = 0;
	for (;;) {
		if (*pos + LOCN_SIZE > SECTOR_SIZE) {
			err_printf(err, errlen, "label in sector %u: %s list not terminated within the sector",
				  sector, what);
			return -EINVAL;
		}
		uint64_t off = get_le64(s + *pos), size = get_le64(s + *pos + 8);
		*pos += LOCN_SIZE;
		if (!off) {
			if (size) {
				err_printf(err, errlen, "label in sector %u: %s list entry %u has offset 0 and size %llu",
					  sector, what, *n, (unsigned long long)size);
				return -EINVAL;
			}
			return 0;
		}
		if (*n == LABEL_MAX_AREAS) {
			err_printf(err, errlen, "label in sector %u: %s list has more than %u entries",
				  sector, what, LABEL_MAX_AREAS);
			return -EINVAL;
		}
		if (off + size < off) {
			err_printf(err, errlen, "label in sector %u: %s list entry %u offset %llu size %llu overflows",
				  sector, what, *n, (unsigned long long)off, (unsigned long long)size);
			return -EINVAL;
		}
		out[*n].offset = off;
		out[*n].size = size;
		(*n)++;
	}
}

/* The pv_header of a label sector whose id, sector, CRC and type are good. */
static int decode_pv_header(const uint8_t *s, unsigned sector, struct pv_label *out, char *err, size_t errlen)
{
	unsigned pos = PVH_AREAS;
	int rc;

	memcpy(out->pv_id, s + PVH_UUID, ID_LEN);
	out->pv_id[ID_LEN] = 0;
	if (!id_valid(out->pv_id)) {
		char shown[ID_LEN * 4 + 1];
		unsigned k = 0;
		for (unsigned i = 0; i < ID_LEN; i++) {
			uint8_t c = s[PVH_UUID + i];
			k += (unsigned)snprintf(shown + k, sizeof(shown) - k, c >= 0x20 && c < 0x7f ? "%c" : "\\x%02x", c);
		}
		err_printf(err, errlen, "label in sector %u: pv uuid \"%s\" has invalid characters", sector, shown);
		return -EINVAL;
	}
	out->dev_size = get_le64(s + PVH_DEVSIZE);
	if ((rc = read_list(s, &pos, "data area", sector, out->da, &out->n_da, err, errlen)))
		return rc;
	if ((rc = read_list(s, &pos, "metadata area", sector, out->mda, &out->n_mda, err, errlen)))
		return rc;
	for (unsigned i = 0; i < out->n_mda; i++) {
		/* An mda must hold its header and start on a sector outside the
		 * label sectors, or writing it would destroy the label. */
		const struct disk_locn *m = &out->mda[i];
		if (m->offset % SECTOR_SIZE || m->offset < LABEL_SCAN_SIZE || m->size <= MDA_HEADER_SIZE) {
			err_printf(err, errlen, "label in sector %u: metadata area %u offset %llu size %llu is invalid",
				  sector, i, (unsigned long long)m->offset, (unsigned long long)m->size);
			return -EINVAL;
		}
	}
	/* The extension is optional (LVM2 before 2.02.116 wrote none); a
	 * version of 0 means absent, as in LVM2's _text_read. */
	if (pos + 8 > SECTOR_SIZE) {
		err_printf(err, errlen, "label in sector %u: pv_header_extension beyond the sector", sector);
		return -EINVAL;
	}
	out->ext_version = get_le32(s + pos);
	if (!out->ext_version)
		return 0;
	out->has_ext = true;
	out->ext_flags = get_le32(s + pos + 4);
	pos += 8;
	return read_list(s, &pos, "bootloader area", sector, out->ba, &out->n_ba, err, errlen);
}

int label_decode(const uint8_t *buf, size_t len, struct pv_label *out, char *err, size_t errlen)
{
	bool seen = false;

	if (err && errlen)
		err[0] = 0;
	/* Like LVM2's _find_lvm_header: a LABELONE whose sector_xl or CRC is
	 * wrong is skipped and the scan goes on; the first good one wins.
	 * When none is good, the first problem is reported. */
	for (unsigned s = 0; s < LABEL_SCAN_SECTORS && (size_t)(s + 1) * SECTOR_SIZE <= len; s++) {
		const uint8_t *p = buf + (size_t)s * SECTOR_SIZE;
		if (memcmp(p, LABEL_ID, 8))
			continue;
		uint64_t sector_xl = get_le64(p + LH_SECTOR);
		uint32_t crc = get_le32(p + LH_CRC);
		uint32_t want = crc_calc(CRC_SEED, p + LH_OFFSET, SECTOR_SIZE - LH_OFFSET);
		if (sector_xl != s) {
			if (!seen)
				err_printf(err, errlen, "label in sector %u: sector_xl %llu in sector %u", s,
					  (unsigned long long)sector_xl, s);
			seen = true;
			continue;
		}
		if (crc != want) {
			if (!seen)
				err_printf(err, errlen, "label in sector %u: label_header.crc 0x%08x expected 0x%08x", s,
					  crc, want);
			seen = true;
			continue;
		}
		/* LVM2 offers the sector to its labellers by type; the text
		 * format takes "LVM2 001" only. A label of an unknown type is
		 * not ours, so keep looking like LVM2 does. */
		if (memcmp(p + LH_TYPE, LABEL_TYPE, 8)) {
			if (!seen)
				err_printf(err, errlen, "label in sector %u: unknown label type \"%.8s\"", s,
					  (const char *)(p + LH_TYPE));
			seen = true;
			continue;
		}
		/* LVM2 follows offset_xl blindly; it has only ever been 32. */
		uint32_t offset_xl = get_le32(p + LH_OFFSET);
		memset(out, 0, sizeof(*out));
		out->sector = s;
		if (offset_xl != LABEL_HEADER_SIZE) {
			err_printf(err, errlen, "label in sector %u: offset_xl %u expected %u", s, offset_xl,
				  LABEL_HEADER_SIZE);
			return -EINVAL;
		}
		/* This is the label LVM2 would use; later ones are ignored. */
		return decode_pv_header(p, s, out, err, errlen);
	}
	if (seen)
		return -EINVAL;
	err_printf(err, errlen, "no label in the first %u sectors", LABEL_SCAN_SECTORS);
	return -ENOENT;
}

static int write_list(uint8_t *s, unsigned *pos, const struct disk_locn *l, unsigned n)
{
	if (n > LABEL_MAX_AREAS || *pos + (n + 1) * LOCN_SIZE > SECTOR_SIZE)
		return -EINVAL;
	for (unsigned i = 0; i < n; i++) {
		if (!l[i].offset)
			return -EINVAL;	/* would read back as the terminator */
		put_le64(s + *pos, l[i].offset);
		put_le64(s + *pos + 8, l[i].size);
		*pos += LOCN_SIZE;
	}
	*pos += LOCN_SIZE;	/* {0,0}: the sector was zeroed */
	return 0;
}

int label_encode(const struct pv_label *l, uint8_t sector[SECTOR_SIZE])
{
	unsigned pos = PVH_AREAS;
	int rc;

	memset(sector, 0, SECTOR_SIZE);
	if (l->sector >= LABEL_SCAN_SECTORS)
		return -EINVAL;
	memcpy(sector, LABEL_ID, 8);
	put_le64(sector + LH_SECTOR, l->sector);
	put_le32(sector + LH_OFFSET, LABEL_HEADER_SIZE);
	memcpy(sector + LH_TYPE, LABEL_TYPE, 8);
	memcpy(sector + PVH_UUID, l->pv_id, ID_LEN);
	put_le64(sector + PVH_DEVSIZE, l->dev_size);
	if ((rc = write_list(sector, &pos, l->da, l->n_da)) ||
	    (rc = write_list(sector, &pos, l->mda, l->n_mda)))
		return rc;
	if (l->has_ext) {
		if (pos + 8 > SECTOR_SIZE || !l->ext_version)
			return -EINVAL;
		put_le32(sector + pos, l->ext_version);
		put_le32(sector + pos + 4, l->ext_flags);
		pos += 8;
		if ((rc = write_list(sector, &pos, l->ba, l->n_ba)))
			return rc;
	}
	put_le32(sector + LH_CRC, crc_calc(CRC_SEED, sector + LH_OFFSET, SECTOR_SIZE - LH_OFFSET));
	return 0;
}

/* LVM2's uuid alphabet (lib/uuid/uuid.c): '!' and '#' are accepted on read
 * although new ids never use them. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const bool id_chars[256] = {
	['0' ... '9'] = true, ['a' ... 'z'] = true, ['A' ... 'Z'] = true, ['!'] = true, ['#'] = true,
};
#pragma GCC diagnostic pop

static bool id_char(char c)
{
	return id_chars[(unsigned char)c];
}

bool id_valid(const char *id32)
{
	for (unsigned i = 0; i < ID_LEN; i++)
		if (!id_char(id32[i]))
			return false;
	return true;
}

void id_format(const char id[ID_LEN], char out[ID_LEN + 7])
{
	/* groups of 6, 4, 4, 4, 4, 4, 6 */
	memcpy(out, id, 6);
	out[6] = '-';
	for (unsigned g = 0; g < 5; g++) {
		memcpy(out + 7 + 5 * g, id + 6 + 4 * g, 4);
		out[11 + 5 * g] = '-';
	}
	memcpy(out + 32, id + 26, 6);
	out[38] = 0;
}

int id_parse(const char *dashed, char out[ID_LEN + 1])
{
	unsigned n = 0;
	/* LVM2's id_read_format skips every '-', wherever it is. */
	for (const char *p = dashed; *p; p++) {
		char c = *p;
		if (id_char(c)) {
			if (n == ID_LEN)
				return -EINVAL;
			out[n++] = c;
		} else if (c != '-') {
			return -EINVAL;
		}
	}
	if (n != ID_LEN)
		return -EINVAL;
	out[ID_LEN] = 0;
	return 0;
}

/*
 * pvcreate's layout, as LVM2 2.03 computes it (lib/metadata/metadata.c
 * pv_create, set_pe_align; lib/format_text/format-text.c
 * _text_pv_initialise, _text_pv_add_metadata_area), for a device without
 * topology hints, no bootloader area and pe_start not given:
 *
 * - The device size is taken in whole sectors. pe_align = data alignment
 *   (default 1 MiB), pe_align_offset = the alignment offset.
 * - Default metadata size: 1 MiB - page size (2040 sectors), so that the
 *   default pe_start is exactly 1 MiB.
 * - With no metadata area, pe_start = pe_align + pe_align_offset.
 * - mda0 starts at LABEL_SCAN_SIZE rounded up to the page size (4096),
 *   if at least MDA_SIZE_MIN (8 pages) fits before the device end. Its end
 *   is rounded up to pe_align if that still fits on the device, then
 *   pe_align_offset is added if it fits. If the area does not fit, it is
 *   shrunk to (space - 2 * pe_align) rounded up to pe_align, or else to all
 *   the space. pe_start = the end of mda0.
 * - mda1 (--pvmetadatacopies 2) sits at the end of the device: start = dev
 *   size - requested size, rounded down to pe_align if that stays at or
 *   above pe_start (its size grows by the same amount); if the requested
 *   size does not fit above pe_start it takes everything above pe_start.
 *   Note mda1 uses the requested size, not mda0's aligned size.
 * - An area smaller than MDA_SIZE_MIN is refused.
 * Verified against pvcreate for the cases in tests/fixtures/lvm2/layout.txt.
 */
#define PAGE 4096U
#define MDA_SIZE_MIN (8 * PAGE)
#define PV_MIN_SIZE (2048 * 1024ULL)	/* DEFAULT_PV_MIN_SIZE_KB */

int pv_layout(uint64_t dev_size, uint64_t mda_size_req, unsigned mda_copies, uint64_t data_alignment,
	      uint64_t data_alignment_offset, struct pv_label *out, char *err, size_t errlen)
{
	uint64_t disk = dev_size & ~(uint64_t)(SECTOR_SIZE - 1);
	uint64_t align = data_alignment ? data_alignment : 1024 * 1024;
	uint64_t align_off = data_alignment_offset;
	uint64_t size_req = mda_size_req ? mda_size_req : 1024 * 1024 - PAGE;
	uint64_t pe_start, mda_start, mda_size;

	memset(out, 0, sizeof(*out));
	out->sector = 1;
	out->dev_size = disk;
	out->has_ext = true;
	out->ext_version = PV_EXT_VERSION;

	/* LVM2 works in sectors: the options are rounded down to sectors. */
	align &= ~(uint64_t)(SECTOR_SIZE - 1);
	align_off &= ~(uint64_t)(SECTOR_SIZE - 1);
	size_req &= ~(uint64_t)(SECTOR_SIZE - 1);
	if (mda_copies > 2) {
		err_printf(err, errlen, "metadata copies %u: at most 2 per PV", mda_copies);
		return -EINVAL;
	}
	if (!align || align > UINT32_MAX || align_off > UINT32_MAX) {
		err_printf(err, errlen, "data alignment %llu offset %llu out of range",
			  (unsigned long long)data_alignment, (unsigned long long)data_alignment_offset);
		return -EINVAL;
	}
	if (disk < PV_MIN_SIZE) {
		err_printf(err, errlen, "device size %llu is below the minimum of %llu bytes",
			  (unsigned long long)disk, PV_MIN_SIZE);
		return -EINVAL;
	}
	if (align < align_off) {
		err_printf(err, errlen, "data alignment %llu must not be less than its offset %llu",
			  (unsigned long long)align, (unsigned long long)align_off);
		return -EINVAL;
	}
	if (disk < align + align_off) {
		err_printf(err, errlen, "data alignment %llu + offset %llu exceeds device size %llu",
			  (unsigned long long)align, (unsigned long long)align_off, (unsigned long long)disk);
		return -EINVAL;
	}
	pe_start = align + align_off;

	if (mda_copies >= 1) {
		uint64_t limit = disk;
		mda_start = LABEL_SCAN_SIZE;
		mda_size = size_req;
		if (limit - mda_start >= MDA_SIZE_MIN && mda_start % PAGE)
			mda_start += PAGE - mda_start % PAGE;
		if ((mda_start + mda_size) % align) {
			uint64_t t = mda_size + align - (mda_start + mda_size) % align;
			if (mda_start + t <= limit)
				mda_size = t;
		}
		if (align_off && (mda_start + mda_size) % align == 0 && mda_start + mda_size + align_off <= limit)
			mda_size += align_off;
		if (mda_start + mda_size > limit) {
			if (limit - mda_start > align * 2) {
				mda_size = limit - mda_start - align * 2;
				if ((mda_start + mda_size) % align)
					mda_size += align - (mda_start + mda_size) % align;
			} else {
				mda_size = limit - mda_start;
			}
		}
		if (mda_size < MDA_SIZE_MIN)
			goto too_small;
		pe_start = mda_start + mda_size;
		out->mda[out->n_mda++] = (struct disk_locn){ mda_start, mda_size };
	}
	if (mda_copies == 2) {
		uint64_t limit = pe_start;
		if (limit >= disk)
			goto no_space;
		mda_size = size_req > disk ? disk - limit : size_req;
		mda_start = disk - mda_size;
		if (disk - mda_size < limit) {
			mda_size = disk - limit;
			mda_start = limit;
		} else if (mda_start % align) {
			uint64_t t = mda_size + mda_start % align;
			if (t < disk && disk - t >= limit) {
				mda_size = t;
				mda_start = disk - t;
			}
		}
		if (mda_size < MDA_SIZE_MIN)
			goto too_small;
		out->mda[out->n_mda++] = (struct disk_locn){ mda_start, mda_size };
	}
	out->da[out->n_da++] = (struct disk_locn){ pe_start, 0 };
	return 0;

too_small:
	err_printf(err, errlen, "metadata area %u size %llu is below the minimum of %u bytes", out->n_mda,
		  (unsigned long long)mda_size, MDA_SIZE_MIN);
	return -ENOSPC;
no_space:
	err_printf(err, errlen, "no space for metadata area 1 after pe_start %llu on %llu bytes",
		  (unsigned long long)pe_start, (unsigned long long)disk);
	return -ENOSPC;
}
