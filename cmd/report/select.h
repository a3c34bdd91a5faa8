/* -S|--select: LVM2's selection criteria (lvmreport(7)) parsed once and
 * checked against a report row, with the field values the report engine
 * shows (the getters of fields_*.c). The grammar, the operators, the list,
 * size, percent, reserved value and time rules and the error messages are
 * libdevmapper's (libdm/libdm-report.c, lib/report/values.h, 2.03.16). */
#ifndef LVMGR_CMD_REPORT_SELECT_H
#define LVMGR_CMD_REPORT_SELECT_H

#include <stdbool.h>

#include "cmd/report.h"

struct selection;

/* Parse expr for a report of type; *out NULL when it selects everything
 * ("", "all"). 0, or -EINVAL with LVM2's messages logged. */
int select_parse(struct arena *a, const char *expr, enum report_type type, struct selection **out);
/* Whether row r (of the parse's report type) matches; NULL matches all. */
bool select_match(const struct selection *s, const struct report_row *r);
/* Whether the selection names LV segment fields (an LV report then has
 * one row per segment, as with -o seg fields). */
bool select_uses_segs(const struct selection *s);
/* The --select of the command for a report of type into *out (NULL: none
 * given, or everything). 0, or ECMD_FAILED with the reason logged. */
int select_from_cmd(struct cmd *c, enum report_type type, struct selection **out);
/* An LV (any segment matching selects it), a VG, a PV (with its VG or
 * NULL) against the command's selection: the processing commands'
 * --select (lvchange, vgchange, lvremove, vgremove, pvchange). */
bool select_lv(const struct selection *s, struct vg *vg, struct lv *lv);
bool select_vg(const struct selection *s, struct arena *a, struct vg *vg);
bool select_pv(const struct selection *s, struct arena *a, struct vg *vg, struct pv *pv,
	       struct scan_dev *sd);
/* The rows report row r (of the selection's report type) stands for that
 * the selection selects (keep_all: all of them, those not selected marked
 * unselected, for -o selected): r itself, or, when the criteria name fields of
 * the objects in a VG or PV, as LVM2 one row per LV (segment), PV or PV
 * segment of it that matches (vgs -S 'lv_name=~x' shows a VG once per
 * matching LV). The count; *out in a. */
unsigned select_rows(const struct selection *s, struct arena *a, const struct report_row *r,
		     bool keep_all, struct report_row **out);

/* Resolve the command's @tag arguments (and with with_select its
 * --select) into the names of the objects of kind (REPORT_VG: VG names,
 * REPORT_LV: "vg/lv", REPORT_PV: device paths) in c->pos. 0 (c->pos may
 * be replaced), SELECT_NONE when nothing is named or selected (the command
 * then does nothing and succeeds, as LVM2), or ECMD_FAILED (logged).
 * The reports select rows themselves: they pass with_select false. With
 * vg_names (lvchange, as LVM2's: `lvchange -ay VG`), a bare VG name is
 * expanded too, into the VG's visible LVs. */
#define SELECT_NONE 1
int select_expand_args(struct cmd *c, enum report_type kind, bool with_select, bool vg_names);
/* The first line of such a command's handler. */
#define SELECT_EXPAND_ARGS(c, kind, with_select) SELECT_EXPAND_ARGS_VG(c, kind, with_select, false)
#define SELECT_EXPAND_ARGS_VG(c, kind, with_select, vg_names) \
	do { \
		int r_ = select_expand_args(c, kind, with_select, vg_names); \
		if (r_) \
			return r_ == SELECT_NONE ? ECMD_PROCESSED : r_; \
	} while (0)

#endif
