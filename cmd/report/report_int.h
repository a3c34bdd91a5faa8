/* Private to the report code (cmd/report.c and cmd/report/): the field
 * table's row type, the helpers the field files share, and what engine.c
 * and output.c offer each other. Commands include cmd/report.h. */
#ifndef LVMGR_CMD_REPORT_INT_H
#define LVMGR_CMD_REPORT_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <yaml.h>

#include "cmd/report.h"
#include "lvmgr/base/units.h"

/* LVM2's field types: alignment (numbers and sizes right), json_std typing. */
enum ftype { T_STR, T_NUM, T_BIN, T_SIZ, T_PCT, T_TIM, T_LIST };

/* A getter sets s (text as is) or n: a size in sectors for T_SIZ (unless
 * plain), else a number. */
struct fval {
	const char *s;
	uint64_t n;
	bool plain;		/* T_SIZ field whose n is a count (seg_size_pe) */
	const char *sort_s;	/* sorted by this text instead of s (LVM2's sortvalue:
				 * "[lv_rimage_0]" sorts as lv_rimage_0) */
};

enum fkind { K_PV, K_VG, K_LV, K_SEG, K_PVSEG, K_SPECIAL };

struct field {
	const char *name, *heading;
	enum ftype type;
	enum fkind kind;
	int width;		/* LVM2's minimum column width (0: the heading's) */
	void (*get)(const struct report_row *r, struct fval *v);
	int sect;		/* LVM2's field section, for -o help */
	const char *desc;
};

/* The field tables, one per object (fields_*.c), each ended by a row
 * with no name. */
extern const struct field report_fields_lv[], report_fields_pv[], report_fields_vg[],
	report_fields_seg[], report_fields_pvseg[], report_fields_special[];

/* Getters the engine and the output know by identity: an orphan PV's row
 * (no VG) asks vg_name and vg_uuid but leaves other VG fields blank;
 * json_std prints vg_mda_copies' "unmanaged" as 0 and splits seg_pe_ranges
 * at spaces, other lists at commas. */
void f_vg_name(const struct report_row *r, struct fval *v);
void f_vg_uuid(const struct report_row *r, struct fval *v);
void f_vg_mda_copies(const struct report_row *r, struct fval *v);
void f_seg_pe_ranges(const struct report_row *r, struct fval *v);

/* raid (fields_raid.c): the getters of copy_percent, lv_health_status,
 * raid_sync_action, raid_mismatch_count; lv_attr's partial test through
 * sub-LVs and its 9th character from the kernel's status. */
struct dt_status;
void f_copy_percent(const struct report_row *r, struct fval *v);
void f_lv_health_status(const struct report_row *r, struct fval *v);
void f_raid_sync_action(const struct report_row *r, struct fval *v);
void f_raid_mismatch_count(const struct report_row *r, struct fval *v);
void f_raid_write_behind(const struct report_row *r, struct fval *v);
void f_raid_min_recovery_rate(const struct report_row *r, struct fval *v);
void f_raid_max_recovery_rate(const struct report_row *r, struct fval *v);
void f_mirror_log(const struct report_row *r, struct fval *v);
/* a mirror's lvconvert -m +N layer (LV_mimagetmp_K): convert_lv,
 * convert_lv_uuid, lv_converting and lv_attr's 'c' */
void f_convert_lv(const struct report_row *r, struct fval *v);
void f_convert_lv_uuid(const struct report_row *r, struct fval *v);
void f_lv_converting(const struct report_row *r, struct fval *v);
bool report_lv_partial(const struct vg *vg, const struct lv *lv, unsigned depth);
char report_raid_health_char(const struct vg *vg, const struct lv *lv);
char report_raid_image_char(const struct vg *vg, const struct lv *lv);
char report_raid_sub_health_char(const struct vg *vg, const struct lv *lv);
char report_mirror_image_char(const struct vg *vg, const struct lv *lv);
/* lv_layout/lv_role of mirror and raid LVs and sub-LVs (fields_raid.c);
 * NULL: as any LV's */
void report_raid_layout_role(const struct vg *vg, const struct lv *lv, const char **layout, const char **role);
/* The kernel's status of an active lv (fields_lv.c): false when inactive,
 * unknown or activation is off. */
bool report_lv_status(const struct vg *vg, const struct lv *lv, struct dt_status *st);
/* Thin pools and thin LVs (fields_thin.c). */
void report_thin_ctx(struct ctx *c);
/* lv_layout and lv_role of thin and COW snapshot LVs (fields_role.c, LVM2's
 * lv_layout_and_role): *layout NULL when these say nothing; roles (after
 * public/private, comma-separated, maybe empty); *private_lv when LVM2's
 * public_lv is 0. */
void report_snap_thin_layout_role(const struct vg *vg, const struct lv *lv, const char **layout, char *roles,
				  size_t len, bool *private_lv);
void f_thin_pool_lv(const struct report_row *r, struct fval *v);
void f_thin_data_lv(const struct report_row *r, struct fval *v);
void f_thin_metadata_lv(const struct report_row *r, struct fval *v);
void f_thin_kernel_discards(const struct report_row *r, struct fval *v);
bool thin_origin(const struct lv *lv, const char **origin);
void f_thin_id(const struct report_row *r, struct fval *v);
void f_thin_transaction_id(const struct report_row *r, struct fval *v);
void f_thin_chunk_size(const struct report_row *r, struct fval *v);
void f_thin_discards(const struct report_row *r, struct fval *v);
void f_thin_zero(const struct report_row *r, struct fval *v);
void f_thin_count(const struct report_row *r, struct fval *v);
void f_thin_when_full(const struct report_row *r, struct fval *v);
void f_thin_metadata_size(const struct report_row *r, struct fval *v);
bool f_thin_data_percent(const struct report_row *r, struct fval *v);	/* false: not thin */
void f_thin_metadata_percent(const struct report_row *r, struct fval *v);
char thin_attr_zero(const struct vg *vg, const struct lv *lv);
char thin_attr_health(const struct vg *vg, const struct lv *lv);
const char *thin_health_status(const struct vg *vg, const struct lv *lv);
int thin_needs_check(const struct vg *vg, const struct lv *lv);
void thin_lvdisplay_lines(struct ctx *c, struct vg *vg, struct lv *lv, int part);

/* ---- shared by the field files ---- */

/* A field LVM2 has and lvmgr leaves empty. */
static inline void f_empty(const struct report_row *r, struct fval *v)
{
	v->s = "";
}

static inline bool seg_is(const struct lv_seg *seg, const char *type)
{
	return !strcmp(seg->type, type);
}

static inline bool flag_other(const struct flagset *f, const char *name)
{
	for (unsigned i = 0; i < f->n_other_compat; i++)
		if (!strcmp(f->other_compat[i], name))
			return true;
	return false;
}


/* "a,b,c" (a buffer reused by the next call; engine.c). */
const char *report_join_tags(const struct strlist *l);
/* Metadata area statistics of a device, added to *count and *used, the
 * minima into *min_free and *min_size (fields_pv.c; VGs sum their PVs). */
void report_dev_mda_stats(const struct scan_dev *sd, uint64_t *min_free, uint64_t *min_size,
			  unsigned *count, unsigned *used);
/* The command's context, for the kernel's view of LVs, and whether
 * global/activation is off (device state unknown); fields_lv.c. */
void report_lv_state(struct ctx *ctx, bool no_activation);

/* The field a name stands for in a report of type (with or without its
 * prefix: "size" is lv_size in lvs), whether the report takes it, and
 * whether a row leaves it blank (an orphan PV's VG fields); engine.c. */
const struct field *report_find_field(const char *name, enum report_type type);
bool report_field_allowed(const struct field *fd, enum report_type type);
bool report_field_blank(const struct field *fd, const struct report_row *r);

/* ---- engine.c and output.c ---- */

/* add_fields' answer to -o help (report_fail prints the help). */
#define FIELDS_HELP 1

enum rfmt { FMT_BASIC, FMT_JSON, FMT_JSON_STD, FMT_YAML };

struct selection;
struct ropts {
	enum rfmt fmt;
	struct units u;
	bool suffix, binary, headings, aligned, prefixes, unquoted, rows, unbuffered;
	const char *sep;
	const struct selection *sel;	/* -S: the rows shown (NULL: all) */
	/* output state */
	struct strbuf out;
	unsigned items, subs;
	yaml_emitter_t em;
	bool em_ok;
};

/* One prepared report: fields, sorted rows, cell texts, column widths. */
struct rep {
	enum report_type type;
	const struct field **f;
	unsigned nf, n;
	const char **text;	/* n * nf */
	size_t *width;
};

/* The options of the command (--reportformat, --units, ...) into o. */
int report_opts(struct cmd *c, struct ropts *o);
/* Fields, sorting and cell texts of one report. dflt/dsort: its defaults;
 * lists: the -o values (none for fullreport). */
int report_prepare(struct cmd *c, struct ropts *o, enum report_type type, const char *dflt,
		   const char *const *lists, unsigned nl, const char *sort,
		   const struct report_row *rows, unsigned n, struct rep *rp);
/* -o help: LVM2 prints the field list to stderr and succeeds. */
void report_field_help(void);

/* The document: report -> items (one per VG in fullreport) -> sub-reports;
 * report_out_end writes it to stdout. */
void report_out_begin(struct ropts *o);
void report_item_begin(struct ropts *o);
void report_out_sub(struct ropts *o, const struct rep *rp);
void report_item_end(struct ropts *o);
int report_out_end(struct ropts *o);
/* After report_opts, a failed report_prepare: the command's exit status. */
int report_fail(struct ropts *o, int r);

#endif
