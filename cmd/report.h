#ifndef LVMGR_REPORT_H
#define LVMGR_REPORT_H
#include "cmd/command.h"
#include "lvmgr/scan.h"
#include "metadata/vg.h"

enum report_type { REPORT_PV, REPORT_VG };
struct report_row {
	struct scan_dev *sd;	/* NULL: missing PV */
	struct vg *vg;		/* NULL: orphan PV */
	struct pv *pv;		/* NULL: orphan PV */
};
int report_print(struct cmd *c, enum report_type type, const struct report_row *rows, unsigned n);
#endif
