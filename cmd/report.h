#ifndef LVMGR_REPORT_H
#define LVMGR_REPORT_H
#include "cmd/command.h"
#include "lvmgr/scan.h"
#include "metadata/vg.h"

enum report_type { REPORT_PV, REPORT_VG, REPORT_LV, REPORT_PVSEG, REPORT_SEG };
struct report_row {
	struct scan_dev *sd;	/* NULL: missing PV */
	struct vg *vg;		/* NULL: orphan PV */
	struct pv *pv;		/* NULL: orphan PV */
	struct lv *lv;		/* LV reports */
	struct lv_seg *seg;	/* LV reports with segment fields: one row per segment */
	uint64_t pvseg_start, pvseg_size;	/* PV segment rows (lv NULL: free) */
	bool unselected;	/* -S with -o selected: shown, but not selected */
};
/* lv_attr as LVM2 prints it (10 characters). */
void lv_attr_string(const struct vg *vg, const struct lv *lv, char out[11]);
/* lvdisplay's thin pool / thin LV lines (cmd/report/fields_thin.c): part 0
 * after the creation line, 1 after LV Size. */
void thin_lvdisplay_lines(struct ctx *c, struct vg *vg, struct lv *lv, int part);
int report_print(struct cmd *c, enum report_type type, const struct report_row *rows, unsigned n);
/* The segments of PV pv in vg (used ranges and free gaps, by start) as
 * PV segment rows; their count, *out in a. */
unsigned report_pv_segments(struct arena *a, struct vg *vg, struct pv *pv, struct report_row **out);
#endif
