/* The command table: every command and option is declared once (args.def
 * style tables in command.c); parsing and --help come from it. */
#ifndef LVMGR_COMMAND_H
#define LVMGR_COMMAND_H

#include <stdbool.h>
#include <stdint.h>

#include "cmd/values.h"
#include "lvmgr/ctx.h"

#define LVMGR_VERSION "0.1"

/* LVM2's exit codes. */
#define ECMD_PROCESSED 0
#define EINVALID_CMD_LINE 3
#define ECMD_FAILED 5

enum arg_id {
	ARG_NONE,
#define ARG(id, s, l, v, w, h) id,
#include "cmd/args.def"
#undef ARG
	ARG_COUNT
};

struct arg_def {
	char short_opt;
	const char *long_opt;
	enum val_type type;
	const char *words;	/* an enum's values, or the value's name */
	const char *help;
};
extern const struct arg_def arg_defs[ARG_COUNT];

struct argval {
	const char **v;		/* every value given, in order */
	unsigned n;		/* times given */
	struct val val;		/* the last value, parsed (cmd/values.h) */
};

struct cmd {
	const struct command *def;
	const struct cmd_form *form;	/* the form the command line matched */
	struct ctx ctx;
	struct argval args[ARG_COUNT];
	char **pos;		/* positional arguments */
	int n_pos;
	bool no_syntax;		/* a parse error said (cmd_no_syntax, ...): no --help hint after */
};

typedef int (*command_fn)(struct cmd *cmd);

/* One option of a form: id, or exactly one of id and alt (-L|-l); value:
 * the only value the form takes (--type zero), NULL for any. */
enum { FO_NOSIGN = 1 };	/* a size or extents value without + or - */
struct form_opt {
	enum arg_id id, alt;
	const char *value;
	unsigned flags;
};

/* A command form, as LVM2's command-lines.in: the options it requires and
 * those it takes, its positionals and the handler. The parser picks the
 * form the command line matches; --help and the man SYNOPSIS print them. */
struct cmd_form {
	const char *id;		/* "lvcreate_linear" */
	command_fn fn;
	const char *desc;
	const struct form_opt *req;	/* ARG_NONE-terminated, or NULL */
	const struct form_opt *opt;	/* besides the options every command takes */
	const char *pos;	/* "VG PV ...", "[VG ...]": counts and synopsis */
};

struct command {
	const char *name;
	const char *summary;
	const struct cmd_form *forms;
	unsigned n_forms;
	bool no_ctx;		/* needs no configuration/devices (help, version) */
};

/* The command table (cmd/commands.c). */
extern const struct command commands[];
extern const unsigned n_commands;
const struct command *command_find(const char *name);

/* Parse argv (argv[0] the command name) into c for def and pick the form:
 * 0, or EINVALID_CMD_LINE with the reason logged. c->ctx.arena must be
 * initialised. With -h/--help set no form is picked. */
int cmd_parse(struct cmd *c, const struct command *def, int argc, char **argv);
/* Positional counts of a form ("VG [PV ...]": 1, -1 = any). */
void form_pos_counts(const struct cmd_form *f, int *min, int *max);
/* Synopsis of form f of def into sb: plain text, or troff (the man page's
 * house format); the whole man SYNOPSIS body of def (synopsis.c). */
struct strbuf;
void form_synopsis(struct strbuf *sb, const struct command *def, const struct cmd_form *f, bool troff);
void command_man_synopsis(struct strbuf *sb, const struct command *def);
/* The option as a synopsis names it for def: "-L" or "--size". */
const char *command_opt_name(const struct command *def, enum arg_id id, char *buf, size_t len);

int cmd_main(int argc, char **argv);

/* Option access. */
bool arg_is_set(const struct cmd *c, enum arg_id id);
unsigned arg_count(const struct cmd *c, enum arg_id id);
const char *arg_str(const struct cmd *c, enum arg_id id, const char *dflt);
/* The parsed value (cmd/values.h), or NULL when the option is absent. */
const struct val *arg_val(const struct cmd *c, enum arg_id id);
/* y|n: 1, 0, or dflt when absent. */
int arg_yesno(const struct cmd *c, enum arg_id id, int dflt);
/* Size options: sectors (the default unit is the option's type's). */
int arg_size(const struct cmd *c, enum arg_id id, uint64_t dflt, uint64_t *out);
/* Numbers: dflt when absent; above max: -EINVAL, logged as a bad value. */
int arg_uint(const struct cmd *c, enum arg_id id, uint64_t max, uint64_t dflt, uint64_t *out);
/* -a y|n|ey|en|ly|ln|ay: 1 activate, 0 deactivate, -1 absent. */
int arg_activate(const struct cmd *c);
/* -a a|ay|ya: activation with the autoactivation rules */
bool arg_autoactivate(const struct cmd *c);
/* Log LVM2's message for a bad value of id. */
void arg_invalid(enum arg_id id, const char *value);

/* Ask the user (unless -y; -f/--force with -y semantics as LVM2). */
bool cmd_confirm(struct cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* cmd_confirm as the library's confirm callback (arg: the struct cmd) */
bool cmd_confirm_cb(void *arg, const char *question);

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
int lvcreate_linear(struct cmd *c);
int lvcreate_striped(struct cmd *c);
int lvcreate_virtual(struct cmd *c);
int lvcreate_snapshot(struct cmd *c);	/* cmd/snapshot.c */
int lvcreate_sparse_snapshot(struct cmd *c);	/* cmd/snapshot.c */
int lvconvert_merge_snapshot(struct cmd *c);	/* cmd/snapshot.c */
int lvconvert_combine_snapshot(struct cmd *c);	/* cmd/snapshot.c */
int lvcreate_raid1(struct cmd *c);	/* cmd/raid.c */
int lvcreate_mirror(struct cmd *c);
int lvconvert_mirrors(struct cmd *c);	/* cmd/lvconvert_raid.c */
int lvconvert_to_linear(struct cmd *c);	/* cmd/lvconvert_raid.c */
int lvconvert_plain(struct cmd *c);	/* cmd/lvconvert_raid.c */
struct vg;
struct lv;
/* A mirror conversion's poll (LVM2's lvconvert_poll, "Converted"): to its
 * end here, or with background by a detached poller (cmd/poll.c). */
int lvconvert_mirror_poll(struct cmd *c, struct vg *vg, struct lv *lv, unsigned interval, bool background);
/* After lvchange/vgchange -ay: a poller for each active LV of vg (lv: that
 * one only) in the middle of a mirror conversion (LVM2's
 * lv_spawn_background_polling; lvmgr has no --poll n). */
void lvconvert_poll_activated(struct cmd *c, struct vg *vg, struct lv *lv);
int lvconvert_thin_pool(struct cmd *c);	/* cmd/thin_convert.c */
int lvconvert_swap_metadata(struct cmd *c);	/* cmd/thin_convert.c */
int lvconvert_thin_external(struct cmd *c);	/* cmd/thin_external.c */
/* lvconvert --repair: raid1 (cmd/lvconvert_repair.c, which reads the VG),
 * thin pools (cmd/thin_convert.c). */
int lvconvert_repair(struct cmd *c);
/* lvconvert --replace PV VG/LV [PV ...]: raid1 (cmd/lvconvert_repair.c) */
int lvconvert_replace(struct cmd *c);
struct vg;
struct lv;
int lvconvert_repair_thin_pool(struct cmd *c, struct vg *vg, struct lv *lv);
int lvconvert_splitmirrors(struct cmd *c);	/* cmd/lvconvert_split.c */
int lvconvert_to_raid1(struct cmd *c);	/* cmd/lvconvert_type.c */
/* --splitmirrors --trackchanges, --mergemirrors (cmd/lvconvert_track.c) */
int lvconvert_split_track(struct cmd *c);
int lvconvert_merge_mirrors(struct cmd *c);
int lvconvert_merge_tracked(struct cmd *c, struct vg *vg, struct lv *img);
int lvconvert_mirrorlog(struct cmd *c);	/* cmd/lvconvert_mirrorlog.c */
int lvconvert_regionsize(struct cmd *c);	/* cmd/lvconvert_region.c */
int lvconvert_to_mirror(struct cmd *c);	/* cmd/lvconvert_type.c */
int lvcreate_thin_pool(struct cmd *c);	/* cmd/thin.c */
int lvcreate_thin(struct cmd *c);
int lvcreate_thin_or_sparse(struct cmd *c);	/* cmd/thin_sparse.c */
int lvcreate_thin_snapshot(struct cmd *c);
int lvextend_pool_metadata(struct cmd *c);
int cmd_lvextend(struct cmd *c);
int cmd_lvreduce(struct cmd *c);
int cmd_lvresize(struct cmd *c);
int cmd_lvremove(struct cmd *c);
int lvrename_vg_lv(struct cmd *c);
int lvrename_vg_lv_lv(struct cmd *c);
int cmd_lvchange(struct cmd *c);
int lvchange_syncaction(struct cmd *c);	/* cmd/lvchange_raid.c */
int lvchange_resync(struct cmd *c);
int cmd_lvscan(struct cmd *c);
int cmd_lvdisplay(struct cmd *c);
int cmd_vgchange(struct cmd *c);
int cmd_vgmknodes(struct cmd *c);
/* vgexport.c, vgsplit.c, misc.c */
int cmd_vgexport(struct cmd *c);
int cmd_vgimport(struct cmd *c);
int cmd_vgsplit(struct cmd *c);
int cmd_vgmerge(struct cmd *c);
int cmd_vgimportclone(struct cmd *c);
int cmd_version(struct cmd *c);
int cmd_vgconvert(struct cmd *c);
int cmd_segtypes(struct cmd *c);
int cmd_formats(struct cmd *c);
void cmd_print_version(void);
/* Does the command work on exported VGs (LVM2's ALLOW_EXPORTED)? */
bool cmd_allows_exported(const char *name);

/* A command line that has none of the options its forms need (lvchange
 * VG/LV): LVM2's line for a line no command definition matches, without
 * the --help hint of a status 3; returns EINVALID_CMD_LINE. */
int cmd_no_syntax(struct cmd *c);
/* -L/-l with a sign the command refuses (lvextend -L -1M, lvreduce -l +1):
 * LVM2's parse error (its three lines, no hint); EINVALID_CMD_LINE. */
int cmd_sign_refused(struct cmd *c, enum arg_id id, char sign);

#endif
