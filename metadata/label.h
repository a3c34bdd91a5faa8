/* The LVM2 label ("LABELONE", sector 1 by default) and the pv_header that
 * follows it. Pure encode/decode of one 512-byte sector; no I/O.
 *
 * label_header (32 bytes): id[8]="LABELONE", u64 sector_xl (= the sector it
 * is in), u32 crc_xl (CRC over bytes 20..511), u32 offset_xl (= 32),
 * type[8]="LVM2 001". pv_header at byte 32: pv uuid[32] (no dashes),
 * u64 device_size (bytes), data-area list, metadata-area list (each a list
 * of {u64 offset, u64 size} ended by {0,0}), then pv_header_extension
 * {u32 version=2, u32 flags (1 = PV in use by a VG)} and a bootloader-area
 * list ended by {0,0}. All little-endian. */
#ifndef LVMGR_LABEL_H
#define LVMGR_LABEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SECTOR_SIZE 512
#define LABEL_SCAN_SECTORS 4
#define LABEL_SCAN_SIZE (LABEL_SCAN_SECTORS * SECTOR_SIZE)
#define ID_LEN 32
#define LABEL_ID "LABELONE"
#define LABEL_TYPE "LVM2 001"
#define PV_EXT_VERSION 2
#define PV_EXT_USED 0x1
#define LABEL_MAX_AREAS 8	/* more entries in one list = corrupt label */

struct disk_locn {
	uint64_t offset, size;	/* bytes */
};

struct pv_label {
	uint64_t sector;	/* sector holding the label (0..3) */
	char pv_id[ID_LEN + 1];	/* 32 id chars, no dashes, NUL-terminated */
	uint64_t dev_size;	/* bytes, as recorded */
	struct disk_locn da[LABEL_MAX_AREAS];	/* data areas: LVM2 writes one {pe_start, 0} */
	unsigned n_da;
	struct disk_locn mda[LABEL_MAX_AREAS];	/* metadata areas {start, size} */
	unsigned n_mda;
	bool has_ext;
	uint32_t ext_version, ext_flags;
	struct disk_locn ba[LABEL_MAX_AREAS];	/* bootloader areas */
	unsigned n_ba;
};

/* Look for a label in the first LABEL_SCAN_SECTORS sectors of buf (len
 * bytes, may be shorter on a tiny device). Returns 0 and fills out; -ENOENT
 * if no sector starts with LABELONE; -EINVAL if a label is there but
 * invalid (err names the cause: "label_header.crc 0x.. expected 0x..",
 * "sector_xl 5 in sector 1", bad offset_xl, unknown type, invalid uuid
 * characters, an area list without terminator, ...). */
int label_decode(const uint8_t *buf, size_t len, struct pv_label *out, char *err, size_t errlen);

/* Fill a 512-byte sector with the label and pv_header (CRC computed).
 * Returns 0, or -EINVAL if the lists do not fit in the sector. */
int label_encode(const struct pv_label *l, uint8_t sector[SECTOR_SIZE]);

/* "abcdef...32" -> "abcdef-....-......" (38 chars + NUL) and back. */
void id_format(const char id[ID_LEN], char out[ID_LEN + 7]);
int id_parse(const char *dashed, char out[ID_LEN + 1]);	/* 0 or -EINVAL */
bool id_valid(const char *id32);	/* 32 chars of [A-Za-z0-9] (and '!', '#' like LVM2) */

/* The label pvcreate would write on a device of dev_size bytes (pure; no
 * uuid filled in): data area {pe_start, 0} and mda_copies (0..2) metadata
 * areas of mda_size_req bytes (0 = LVM2's default, 1 MiB - 4 KiB), with
 * pe_start aligned to data_alignment (0 = 1 MiB) plus data_alignment_offset,
 * exactly as LVM2 2.03 places them (see label.c). 0, -EINVAL for bad
 * options, -ENOSPC if an area does not fit; err says why. */
int pv_layout(uint64_t dev_size, uint64_t mda_size_req, unsigned mda_copies, uint64_t data_alignment,
	      uint64_t data_alignment_offset, struct pv_label *out, char *err, size_t errlen);

#endif
