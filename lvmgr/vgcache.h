/* The VG cache: after a commit, the VG's image (metadata/vgimage.c) and
 * the key of the disk text it describes (length, seqno, CRC-32, a 64-bit
 * hash) go to <locking_dir>/lvmgr-cache/<vg uuid>-<slot> (two slots, the
 * last two versions). A command reading a VG whose text on disk has the key
 * of a slot loads the image instead of parsing and importing the text, and
 * its commit copies the sections of the LVs it did not change from that
 * text. Any other text is parsed as ever.
 *
 * LVMGR_VG_CACHE=0 turns it off; LVMGR_VG_CACHE=verify (the test suites)
 * also parses and imports every text found in the cache and exports every
 * commit in full, and fails the command if either differs. */
#ifndef LVMGR_VGCACHE_H
#define LVMGR_VGCACHE_H

#include "lvmgr/ctx.h"
#include "lvmgr/scan.h"
#include "metadata/vg.h"

enum vgcache_mode { VGCACHE_OFF, VGCACHE_ON, VGCACHE_VERIFY };
enum vgcache_mode vgcache_mode(void);

/* The VG of the text md holds (read and checked by the scan), from the
 * cache: 0 with *out and *slot, or -ENOENT (no such entry; nothing logged). */
int vgcache_load(struct ctx *c, const char *vgid, const struct scan_mda *md, struct vg **out,
		 int *slot);

/* A cache entry being written by a second thread. */
struct vgcache_job;
/* Start writing vg's entry: text (len bytes and a NUL) is its disk export
 * with the places r; both stay unchanged until vgcache_finish. avoid_slot: the slot
 * the VG was read from (-1: none), which keeps the version before. */
struct vgcache_job *vgcache_start(struct ctx *c, const struct vg *vg, const char *text, size_t len,
				  const struct export_ranges *r, int avoid_slot);
/* Wait; keep: put the entry in place (the commit succeeded), else drop it. */
void vgcache_finish(struct vgcache_job *j, bool keep);

#endif
