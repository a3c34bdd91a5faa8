/* VG images (vgimage.c): a binary copy of a VG model, the VG cache's
 * content; for the cache (vgcache.c) and the commit's re-parse check
 * (lvmgr/vgio_check.c), not part of the cache's interface.
 * A disk export's places (struct export_ranges) go into the image, so that
 * the LVs of a loaded image know their sections in the text it was made
 * with. Only VGs with nothing kept as parsed text have one
 * (vg_image_possible). */
#ifndef LVMGR_VGIMAGE_H
#define LVMGR_VGIMAGE_H

#include "metadata/vg.h"

/* What an LV loaded from an image carries (struct lv's cached): its
 * record in the image, its section in the text. */
struct lv_cached {
	const void *img;
	uint32_t img_len;
	const char *src;
	uint32_t src_len;
};

bool vg_image_possible(const struct vg *vg);
/* Append the image of vg (r: the places in the text it was exported as,
 * NULL: none) to out. -EINVAL if vg cannot have one. */
int vg_image_build(const struct vg *vg, const struct export_ranges *r, struct strbuf *out);
/* The VG of an image (len bytes, kept by the caller as long as the VG),
 * made with text (text_len bytes, also kept): -EINVAL for anything that is
 * not an image this build wrote. *tail_off: where the text's top-level
 * fields start (the caller imports them, vg_import_toplevel). */
int vg_image_load(struct arena *a, const void *img, size_t len, const char *text, size_t text_len,
		  uint64_t *tail_off, struct vg **out);
/* Does lv still match the image record it was loaded with? */
bool lv_image_same(const struct lv *lv);
/* Is b what a is, as far as an image holds a VG (everything its disk
 * text says but the top-level fields)? a_lvs: a's LVs in b's order (the
 * order of the text b was imported from: the export's ranges). a must
 * have an image (vg_image_possible); b with anything an image cannot
 * hold differs. 0, or -EINVAL with err naming the first difference. The
 * commit's re-parse check compares by it: the cheapest complete form of
 * a model to compare two by. */
int vg_image_diff(const struct vg *a, const struct lv *const *a_lvs, const struct vg *b, char *err,
		  size_t errlen);
/* The copier of a disk export (vg_export_disk_ranges) that copies the
 * section of each LV that still matches its record: the same bytes
 * the export writes, since that text is lvmgr's own disk export. */
extern const struct lv_copier vg_image_copier;

#endif
