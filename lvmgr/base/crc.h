/* LVM2's metadata checksum: reflected CRC-32 (poly 0xedb88320), seeded
 * 0xf597a6cf, no final xor. "" -> 0xf597a6cf, "123456789" -> 0x4991cf02. */
#ifndef LVMGR_CRC_H
#define LVMGR_CRC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CRC_SEED 0xf597a6cfU
/* Tables, or carry-less multiplication for long buffers on CPUs that
 * have it (LVMGR_CRC_TABLES set: tables only, for tests). */
uint32_t crc_calc(uint32_t crc, const void *buf, size_t len);

/* A 64-bit hash of buf (not a checksum any format uses: the VG cache keys
 * its entries with it). Four independent multiply-rotate lanes over 32-byte
 * stripes (the shape of xxHash64), several GB/s. */
uint64_t hash64(const void *buf, size_t len, uint64_t seed);

#endif
