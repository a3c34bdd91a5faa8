/* The command table: every command and option is declared once (args.def
 * style tables in command.c); parsing and --help come from it. */
#ifndef LVMGR_COMMAND_H
#define LVMGR_COMMAND_H

#include <stdbool.h>
#include <stdint.h>

#include "lvmgr/ctx.h"

/* LVM2's exit codes. */
#define ECMD_PROCESSED 0
#define EINVALID_CMD_LINE 3
#define ECMD_FAILED 5

enum arg_id {
	ARG_NONE,
#define ARG(id, s, l, v, h) id,
#include "cmd/args.def"
#undef ARG
	ARG_COUNT
};

struct argval {
	const char **v;		/* every value given, in order */
	unsigned n;		/* times given */
};

struct cmd {
	const struct command *def;
	struct ctx ctx;
	struct argval args[ARG_COUNT];
	char **pos;		/* positional arguments */
	int n_pos;
};

typedef int (*command_fn)(struct cmd *cmd);

struct command {
	const char *name;
	command_fn fn;
	const char *summary;
	const char *usage;	/* after the name */
	const enum arg_id *args;	/* accepted options, ARG_NONE-terminated */
	int min_pos, max_pos;	/* max -1 = any */
	bool no_ctx;		/* needs no configuration/devices (help, version) */
};

int cmd_main(int argc, char **argv);

/* Option access. */
bool arg_is_set(const struct cmd *c, enum arg_id id);
unsigned arg_count(const struct cmd *c, enum arg_id id);
const char *arg_str(const struct cmd *c, enum arg_id id, const char *dflt);
/* -y|n style: 1, 0, or dflt when absent; -1 on a bad value (logged). */
int arg_yesno(const struct cmd *c, enum arg_id id, int dflt);
/* Size options: sectors; default unit as LVM2 for that option. -EINVAL logged. */
int arg_size(const struct cmd *c, enum arg_id id, char default_unit, uint64_t dflt, uint64_t *out);
int arg_uint(const struct cmd *c, enum arg_id id, uint64_t max, uint64_t dflt, uint64_t *out);
/* -a y|n|ey|en|ly|ln|ay: 1 activate, 0 deactivate, -1 absent, -2 invalid (logged). */
int arg_activate(const struct cmd *c);

/* Ask the user (unless -y; -f/--force with -y semantics as LVM2). */
bool cmd_confirm(struct cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Commands, one file per family under cmd/. */
int cmd_pvcreate(struct cmd *c);
int cmd_pvremove(struct cmd *c);
int cmd_pvchange(struct cmd *c);
int cmd_pvresize(struct cmd *c);
int cmd_pvck(struct cmd *c);
int cmd_pvdisplay(struct cmd *c);
int cmd_pvscan(struct cmd *c);
int cmd_vgcreate(struct cmd *c);
int cmd_vgextend(struct cmd *c);
int cmd_vgreduce(struct cmd *c);
int cmd_vgremove(struct cmd *c);
int cmd_vgrename(struct cmd *c);
int cmd_vgdisplay(struct cmd *c);
int cmd_vgscan(struct cmd *c);
int cmd_vgck(struct cmd *c);
int cmd_vgcfgbackup(struct cmd *c);
int cmd_vgcfgrestore(struct cmd *c);
int cmd_pvs(struct cmd *c);
int cmd_vgs(struct cmd *c);
int cmd_config(struct cmd *c);
int cmd_lvs(struct cmd *c);
int cmd_fullreport(struct cmd *c);
int cmd_lvcreate(struct cmd *c);
int cmd_lvextend(struct cmd *c);
int cmd_lvreduce(struct cmd *c);
int cmd_lvresize(struct cmd *c);
int cmd_lvremove(struct cmd *c);
int cmd_lvrename(struct cmd *c);
int cmd_lvchange(struct cmd *c);
int cmd_lvscan(struct cmd *c);
int cmd_lvdisplay(struct cmd *c);
int cmd_vgchange(struct cmd *c);
int cmd_vgmknodes(struct cmd *c);

#endif
