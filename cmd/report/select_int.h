/* Private to cmd/report/select*.c. */
#ifndef LVMGR_CMD_REPORT_SELECT_INT_H
#define LVMGR_CMD_REPORT_SELECT_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "lvmgr/base/rx.h"

/* A time value: t1, or the range [t1, t2] a date, a minute or "2 days
 * ago" stands for. */
struct sel_time {
	bool range;
	int64_t t1, t2;
};

/* s: the value's text (unquoted); now: the command's start. 0, or -EINVAL
 * (for a freeform time with LVM2's message logged). */
int select_time_parse(const char *s, time_t now, struct sel_time *tv);

#include "cmd/report/report_int.h"

/* Comparison operators (flags, libdm-report.c's FLD_CMP_*). */
enum { C_EQ = 1, C_NOT = 2, C_GT = 4, C_LT = 8, C_REGEX = 16, C_NUMBER = 32, C_TIME = 64 };

#define UNDEF64 UINT64_MAX	/* the reserved "undefined" number (-1) */

/* ---- the parsed selection (select.c), evaluated by select_eval.c ---- */

enum stype { S_STR, S_NUM, S_SIZ, S_PCT, S_TIM, S_LIST };

struct item {
	const struct field *fd;
	enum stype st;
	unsigned op;
	bool range;		/* a time range or a reserved range */
	const char *s;
	uint64_t i1, i2;
	double d1, d2;
	int64_t t1, t2;
	const char **items;	/* S_LIST: sorted */
	unsigned n_items;
	bool list_all, list_subset;	/* [a,b]: all, strictly; {a,b}: all, as a subset; ||: any */
	const struct rx *re;	/* =~ and !~ */
};

enum ntype { N_ITEM, N_AND, N_OR };
struct node {
	enum ntype type;
	bool not;
	struct item *item;
	struct node **kids;
	unsigned n;
};

struct selection {
	struct node *root;
	enum report_type type;
	bool segs;
	unsigned kinds;		/* 1 << the kind of each field named */
};

/* Whether item it matches row r. */
bool select_item_match(const struct item *it, const struct report_row *r);

#endif
