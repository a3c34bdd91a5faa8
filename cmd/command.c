/* Command table, option parsing, --help, dispatch. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"
#include "lvmgr/base/units.h"

#define LVMGR_VERSION "0.1"

struct arg_def {
	char short_opt;
	const char *long_opt;
	bool value;
	const char *help;
};

static const struct arg_def arg_defs[ARG_COUNT] = {
	[ARG_NONE] = {0, NULL, false, NULL},
#define ARG(id, s, l, v, h) [id] = {s, l, v, h},
#include "cmd/args.def"
#undef ARG
};

#define COMMON ARG_HELP, ARG_VERBOSE, ARG_QUIET, ARG_CONFIG, ARG_DEVICES, ARG_DEBUG
#define REPORT ARG_OPTIONS, ARG_SORT, ARG_UNITS, ARG_NOHEADINGS, ARG_NOSUFFIX, ARG_SEPARATOR, \
	       ARG_ALIGNED, ARG_REPORTFORMAT, ARG_ALL, ARG_NAMEPREFIXES, ARG_UNQUOTED, ARG_ROWS, \
	       ARG_BINARY
#define PVCREATE_OPTS ARG_METADATASIZE, ARG_DATAALIGNMENT, ARG_DATAALIGNMENTOFFSET, \
		      ARG_PVMETADATACOPIES, ARG_METADATACOPIES, ARG_LABELSECTOR, ARG_ZERO
#define ARGS(...) ((const enum arg_id[]){COMMON, __VA_ARGS__, ARG_NONE})

static const struct command commands[] = {
	{"pvcreate", cmd_pvcreate, "Initialize devices as physical volumes",
	 "[options] PV ...",
	 ARGS(ARG_TEST, ARG_YES, ARG_FORCE, PVCREATE_OPTS, ARG_UUID, ARG_RESTOREFILE,
	      ARG_NORESTOREFILE, ARG_SETPVSIZE), 1, -1, false},
	{"pvremove", cmd_pvremove, "Remove the LVM label from physical volumes", "[options] PV ...",
	 ARGS(ARG_TEST, ARG_YES, ARG_FORCE), 1, -1, false},
	{"pvchange", cmd_pvchange, "Change attributes of physical volumes",
	 "[options] -x y|n | --addtag T | --deltag T  (PV ... | -a)",
	 ARGS(ARG_TEST, ARG_ALLOCATABLE, ARG_ADDTAG, ARG_DELTAG, ARG_ALL, ARG_AUTOBACKUP,
	      ARG_YES, ARG_FORCE), 0, -1, false},
	{"pvresize", cmd_pvresize, "Resize physical volumes to their device size",
	 "[--setphysicalvolumesize Size] PV ...", ARGS(ARG_TEST, ARG_SETPVSIZE, ARG_YES),
	 1, -1, false},
	{"pvck", cmd_pvck, "Check the label and metadata areas of physical volumes",
	 "[--dump headers|metadata|metadata_all] PV ...",
	 ARGS(ARG_DUMP), 1, -1, false},
	{"pvdisplay", cmd_pvdisplay, "Display physical volumes", "[options] [PV ...]",
	 ARGS(ARG_COLON, ARG_SHORT, ARG_MAPS, ARG_UNITS), 0, -1, false},
	{"pvscan", cmd_pvscan, "List all physical volumes; record them for autoactivation",
	 "[-n|-e] [-s] [-u] | --cache [--listvg [--checkcomplete [--vgonline]]] [--autoactivation event] "
	 "[--udevoutput] [--journal output] [PV|Major:Minor ...]",
	 ARGS(ARG_NOVG, ARG_EXPORTED, ARG_SHORT, ARG_VGUUID, ARG_CACHE, ARG_LISTVG, ARG_CHECKCOMPLETE,
	      ARG_VGONLINE, ARG_AUTOACTIVATION, ARG_UDEVOUTPUT, ARG_JOURNAL), 0, -1, false},
	{"pvs", cmd_pvs, "Report physical volumes", "[options] [PV ...]", ARGS(REPORT), 0, -1,
	 false},
	{"vgcreate", cmd_vgcreate, "Create a volume group", "[options] VG PV ...",
	 ARGS(ARG_TEST, ARG_YES, ARG_FORCE, ARG_PESIZE, ARG_ADDTAG, ARG_CLUSTERED, ARG_MAXLV,
	      ARG_MAXPV, ARG_ALLOC, ARG_VGMETADATACOPIES, ARG_AUTOBACKUP, PVCREATE_OPTS),
	 2, -1, false},
	{"vgextend", cmd_vgextend, "Add physical volumes to a volume group", "[options] VG PV ...",
	 ARGS(ARG_TEST, ARG_YES, ARG_FORCE, ARG_RESTOREMISSING, ARG_AUTOBACKUP, PVCREATE_OPTS),
	 2, -1, false},
	{"vgreduce", cmd_vgreduce, "Remove physical volumes from a volume group",
	 "[options] VG PV ... | -a VG | --removemissing [--force] VG",
	 ARGS(ARG_TEST, ARG_YES, ARG_FORCE, ARG_ALL, ARG_REMOVEMISSING, ARG_MIRRORSONLY,
	      ARG_AUTOBACKUP), 1, -1, false},
	{"vgremove", cmd_vgremove, "Remove volume groups", "[options] VG ...",
	 ARGS(ARG_TEST, ARG_YES, ARG_FORCE), 1, -1, false},
	{"vgrename", cmd_vgrename, "Rename a volume group", "[options] OldVG|VGuuid NewVG",
	 ARGS(ARG_TEST, ARG_YES, ARG_FORCE, ARG_AUTOBACKUP), 2, 2, false},
	{"vgdisplay", cmd_vgdisplay, "Display volume groups", "[options] [VG ...]",
	 ARGS(ARG_COLON, ARG_SHORT, ARG_UNITS), 0, -1, false},
	{"vgscan", cmd_vgscan, "Search for volume groups", "", ARGS(ARG_NONE), 0, 0, false},
	{"vgs", cmd_vgs, "Report volume groups", "[options] [VG ...]", ARGS(REPORT), 0, -1, false},
	{"vgck", cmd_vgck, "Check the consistency of volume groups",
	 "[--updatemetadata] [VG ...]", ARGS(ARG_UPDATEMETADATA, ARG_TEST), 0, -1, false},
	{"vgcfgbackup", cmd_vgcfgbackup, "Back up volume group metadata",
	 "[-f File] [VG ...]", ARGS(ARG_FILE), 0, -1, false},
	{"vgcfgrestore", cmd_vgcfgrestore, "Restore volume group metadata from a backup",
	 "[-f File] [--force] VG | -l VG | -l -f File",
	 ARGS(ARG_FILE, ARG_LIST, ARG_TEST, ARG_FORCE, ARG_YES), 0, 1, false},
	{"lvcreate", cmd_lvcreate, "Create a logical volume (and activate it)",
	 "-L|-l Size [-n Name] [-i Stripes [-I Size]] [--type T] [-a y|n] VG[/LV] [PV[:Ranges] ...]",
	 ARGS(ARG_TEST, ARG_YES, ARG_SIZE, ARG_EXTENTS, ARG_NAME, ARG_STRIPES, ARG_STRIPESIZE,
	      ARG_SEGTYPE, ARG_ACTIVATE, ARG_ZERO, ARG_WIPESIGNATURES, ARG_ADDTAG, ARG_READAHEAD,
	      ARG_PERMISSION, ARG_ALLOC, ARG_AUTOBACKUP), 1, -1, false},
	{"lvextend", cmd_lvextend, "Add space to a logical volume",
	 "-L|-l [+]Size [-i Stripes [-I Size]] [--alloc P] VG/LV [PV[:Ranges] ...]",
	 ARGS(ARG_TEST, ARG_YES, ARG_FORCE, ARG_SIZE, ARG_EXTENTS, ARG_STRIPES, ARG_STRIPESIZE,
	      ARG_ALLOC, ARG_RESIZEFS, ARG_AUTOBACKUP), 1, -1, false},
	{"lvreduce", cmd_lvreduce, "Reduce the size of a logical volume",
	 "-L|-l [-]Size [-f] VG/LV",
	 ARGS(ARG_TEST, ARG_YES, ARG_FORCE, ARG_SIZE, ARG_EXTENTS, ARG_RESIZEFS, ARG_AUTOBACKUP),
	 1, 1, false},
	{"lvresize", cmd_lvresize, "Resize a logical volume",
	 "-L|-l [+|-]Size [-i Stripes [-I Size]] VG/LV [PV[:Ranges] ...]",
	 ARGS(ARG_TEST, ARG_YES, ARG_FORCE, ARG_SIZE, ARG_EXTENTS, ARG_STRIPES, ARG_STRIPESIZE,
	      ARG_ALLOC, ARG_RESIZEFS, ARG_AUTOBACKUP), 1, -1, false},
	{"lvs", cmd_lvs, "Report logical volumes", "[options] [VG|VG/LV ...]", ARGS(REPORT), 0, -1,
	 false},
	{"fullreport", cmd_fullreport, "Report VGs with their PVs, LVs, PV and LV segments",
	 "[options] [VG ...]", ARGS(REPORT), 0, -1, false},
	{"lvscan", cmd_lvscan, "List all logical volumes", "[-a]", ARGS(ARG_ALL), 0, 0, false},
	{"lvdisplay", cmd_lvdisplay, "Display logical volumes", "[-m] [-a] [VG|VG/LV ...]",
	 ARGS(ARG_MAPS, ARG_ALL, ARG_UNITS), 0, -1, false},
	{"lvremove", cmd_lvremove, "Remove logical volumes", "[options] VG/LV ... | VG",
	 ARGS(ARG_TEST, ARG_YES, ARG_FORCE, ARG_AUTOBACKUP), 1, -1, false},
	{"lvrename", cmd_lvrename, "Rename a logical volume", "VG/OldLV [VG/]NewLV | VG OldLV NewLV",
	 ARGS(ARG_TEST, ARG_AUTOBACKUP), 2, 3, false},
	{"lvchange", cmd_lvchange, "Change attributes of logical volumes, activate them",
	 "[-a y|n|ay [--dry-run]] [--refresh] [-p r|rw] [--alloc Policy] [--addtag T] [--deltag T] [--setautoactivation y|n] VG/LV ...",
	 ARGS(ARG_TEST, ARG_PERMISSION, ARG_ALLOC, ARG_ADDTAG, ARG_DELTAG, ARG_ACTIVATE, ARG_DRYRUN,
	      ARG_REFRESH, ARG_IGNORESKIP, ARG_AUTOBACKUP, ARG_YES, ARG_FORCE, ARG_SETAUTOACTIVATION), 1, -1, false},
	{"vgchange", cmd_vgchange, "Change attributes of volume groups, activate their LVs",
	 "[-a y|n|ay [--dry-run] [--sysinit]] [--autoactivation event] [--refresh] [-x y|n] [--alloc Policy] [--addtag T] [--deltag T] [--setautoactivation y|n] [VG ...]",
	 ARGS(ARG_TEST, ARG_ACTIVATE, ARG_DRYRUN, ARG_REFRESH, ARG_IGNORESKIP, ARG_RESIZEABLE, ARG_ALLOC,
	      ARG_ADDTAG, ARG_DELTAG, ARG_AUTOBACKUP, ARG_YES, ARG_FORCE, ARG_AUTOACTIVATION,
	      ARG_SETAUTOACTIVATION, ARG_SYSINIT), 0, -1, false},
	{"vgmknodes", cmd_vgmknodes, "Create the /dev/VG/LV links of active LVs", "[VG ...]",
	 ARGS(ARG_NONE), 0, -1, false},
	{"config", cmd_config, "Print the effective lvm.conf configuration",
	 "[--type current|default|full] [Setting ...]", ARGS(ARG_TYPE), 0, -1, false},
	{"lvmconfig", cmd_config, "Alias of config",
	 "[--type current|default|full] [Setting ...]", ARGS(ARG_TYPE), 0, -1, false},
};

bool arg_is_set(const struct cmd *c, enum arg_id id)
{
	return c->args[id].n > 0;
}

unsigned arg_count(const struct cmd *c, enum arg_id id)
{
	return c->args[id].n;
}

const char *arg_str(const struct cmd *c, enum arg_id id, const char *dflt)
{
	const struct argval *a = &c->args[id];
	return a->n && a->v[a->n - 1] ? a->v[a->n - 1] : dflt;
}

int arg_yesno(const struct cmd *c, enum arg_id id, int dflt)
{
	const char *s = arg_str(c, id, NULL);
	if (!s)
		return dflt;
	if (!strcmp(s, "y") || !strcmp(s, "yes"))
		return 1;
	if (!strcmp(s, "n") || !strcmp(s, "no"))
		return 0;
	log_error("Invalid argument for --%s: %s (expected y or n)", arg_defs[id].long_opt, s);
	return -1;
}

int arg_size(const struct cmd *c, enum arg_id id, char default_unit, uint64_t dflt, uint64_t *out)
{
	const char *s = arg_str(c, id, NULL);
	if (!s) {
		*out = dflt;
		return 0;
	}
	if (units_parse_size(s, default_unit, out, NULL)) {
		log_error("Invalid argument for --%s: %s", arg_defs[id].long_opt, s);
		return -EINVAL;
	}
	return 0;
}

int arg_uint(const struct cmd *c, enum arg_id id, uint64_t max, uint64_t dflt, uint64_t *out)
{
	const char *s = arg_str(c, id, NULL);
	char *end;
	if (!s) {
		*out = dflt;
		return 0;
	}
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (!*s || *end || errno || s[0] == '-' || v > max) {
		log_error("Invalid argument for --%s: %s (expected a number up to %" PRIu64 ")",
			  arg_defs[id].long_opt, s, max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

int arg_activate(const struct cmd *c)
{
	const char *s = arg_str(c, ARG_ACTIVATE, NULL);
	if (!s)
		return -1;
	/* e(xclusive), l(ocal) and a(uto) mean the same on a single host. */
	if (!strcmp(s, "y") || !strcmp(s, "ey") || !strcmp(s, "ly") || !strcmp(s, "ay"))
		return 1;
	if (!strcmp(s, "n") || !strcmp(s, "en") || !strcmp(s, "ln"))
		return 0;
	log_error("Invalid argument for --activate: %s (y, n, ey, en, ly, ln or ay)", s);
	return -2;
}

bool cmd_confirm(struct cmd *c, const char *fmt, ...)
{
	va_list ap;
	char line[64];

	if (arg_is_set(c, ARG_YES))
		return true;
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputs(" [y/n]: ", stdout);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin)) {
		fputs("\n", stdout);
		log_error("No answer (stdin closed): not confirmed; use -y to answer yes.");
		return false;
	}
	return line[0] == 'y' || line[0] == 'Y';
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static void print_command_help(const struct command *cmd)
{
	printf("  %s - %s\n\n  %s %s\n\n", cmd->name, cmd->summary, cmd->name, cmd->usage);
	for (const enum arg_id *a = cmd->args; *a != ARG_NONE; a++) {
		const struct arg_def *d = &arg_defs[*a];
		char opt[64];
		if (d->short_opt)
			snprintf(opt, sizeof(opt), "-%c|--%s%s", d->short_opt, d->long_opt,
				 d->value ? " Value" : "");
		else
			snprintf(opt, sizeof(opt), "--%s%s", d->long_opt, d->value ? " Value" : "");
		printf("\t%-34s %s\n", opt, d->help);
	}
}

static void print_commands(void)
{
	printf("lvmgr %s - logical volume manager (LVM2 compatible)\n\n"
	       "usage: lvmgr <command> [options] [args]   (lvmgr <command> --help)\n\n",
	       LVMGR_VERSION);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		printf("  %-14s %s\n", commands[i].name, commands[i].summary);
	printf("  %-14s %s\n  %-14s %s\n", "help", "Show this list", "version",
	       "Show the version");
}

static int parse_args(struct cmd *c, int argc, char **argv)
{
	struct option longopts[ARG_COUNT + 1];
	enum arg_id ids[ARG_COUNT + 1];
	char shortopts[2 * ARG_COUNT + 3];
	int nl = 0, ns = 0;

	for (const enum arg_id *a = c->def->args; *a != ARG_NONE; a++) {
		const struct arg_def *d = &arg_defs[*a];
		longopts[nl] = (struct option){d->long_opt, d->value ? required_argument : no_argument,
					       NULL, 256 + *a};
		ids[nl++] = *a;
		if (d->short_opt) {
			shortopts[ns++] = d->short_opt;
			if (d->value)
				shortopts[ns++] = ':';
		}
	}
	longopts[nl] = (struct option){NULL, 0, NULL, 0};
	shortopts[ns] = '\0';
	opterr = 0;
	optind = 1;
	for (;;) {
		int li = -1, o = getopt_long(argc, argv, shortopts, longopts, &li);
		enum arg_id id = ARG_NONE;
		if (o == -1)
			break;
		if (o == '?' || o == ':') {
			if (optopt >= 256)
				log_error("Option %s needs a value.", argv[optind - 1]);
			else if (optopt)
				log_error("Invalid option -%c for %s (see %s --help).", optopt,
					  c->def->name, c->def->name);
			else
				log_error("Invalid option %s for %s (see %s --help).", argv[optind - 1],
					  c->def->name, c->def->name);
			return -EINVAL;
		}
		if (o >= 256)
			id = (enum arg_id)(o - 256);
		else	/* the first option listed with that letter (getopt's choice too) */
			for (int i = 0; i < nl && id == ARG_NONE; i++)
				if (arg_defs[ids[i]].short_opt == o)
					id = ids[i];
		struct argval *av = &c->args[id];
		const char **nv = arena_alloc(&c->ctx.arena, (av->n + 1) * sizeof(*nv));
		if (av->n)
			memcpy(nv, av->v, av->n * sizeof(*nv));
		nv[av->n++] = optarg;
		av->v = nv;
	}
	c->pos = argv + optind;
	c->n_pos = argc - optind;
	return 0;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

int cmd_main(int argc, char **argv)
{
	const char *name = base_name(argv[0]);
	const struct command *def;
	struct cmd *c;
	int r;

	if (!strcmp(name, "lvmgr") || !strcmp(name, "lvm") || !find_command(name)) {
		if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
		    !strcmp(argv[1], "-h")) {
			if (argc >= 3 && find_command(argv[2])) {
				print_command_help(find_command(argv[2]));
				return 0;
			}
			print_commands();
			return argc < 2 ? EINVALID_CMD_LINE : 0;
		}
		if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
			printf("  lvmgr version: %s\n  Metadata format: lvm2 (LVM2 2.03 compatible)\n",
			       LVMGR_VERSION);
			return 0;
		}
		if (!strcmp(argv[1], "--commands")) {	/* names for make install-links */
			for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
				if (strcmp(commands[i].name, "config"))
					printf("%s\n", commands[i].name);
			return 0;
		}
		argv++;
		argc--;
		name = argv[0];
	}
	if (!(def = find_command(name))) {
		log_error("No such command '%s'. Try 'lvmgr help'.", name);
		return EINVALID_CMD_LINE;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return ECMD_FAILED;
	c->def = def;
	arena_init(&c->ctx.arena);
	if (parse_args(c, argc, argv)) {
		arena_free(&c->ctx.arena);
		free(c);
		return EINVALID_CMD_LINE;
	}
	if (arg_is_set(c, ARG_HELP)) {
		print_command_help(def);
		arena_free(&c->ctx.arena);
		free(c);
		return 0;
	}
	if (c->n_pos < def->min_pos || (def->max_pos >= 0 && c->n_pos > def->max_pos)) {
		if (c->n_pos < def->min_pos)
			log_error("%s: missing argument (usage: %s %s).", def->name, def->name,
				  def->usage);
		else
			log_error("%s: too many arguments (usage: %s %s).", def->name, def->name,
				  def->usage);
		arena_free(&c->ctx.arena);
		free(c);
		return EINVALID_CMD_LINE;
	}
	log_verbosity = LOG_PRINT + (int)arg_count(c, ARG_VERBOSE) + 2 * (int)arg_count(c, ARG_DEBUG);
	log_quiet = arg_is_set(c, ARG_QUIET);

	/* The command line, for metadata descriptions ("vgextend vg0 /dev/x"). */
	struct strbuf cl;
	sb_init(&cl);
	sb_adds(&cl, def->name);
	for (int i = 1; i < argc; i++) {
		sb_addc(&cl, ' ');
		sb_adds(&cl, argv[i]);
	}
	time_mark("start");
	if ((r = ctx_init(&c->ctx, c->args[ARG_CONFIG].v, c->args[ARG_CONFIG].n))) {
		sb_free(&cl);
		ctx_free(&c->ctx);
		free(c);
		return ECMD_FAILED;
	}
	c->ctx.cmdline = arena_strdup(&c->ctx.arena, cl.buf);
	sb_free(&cl);
	c->ctx.test = arg_is_set(c, ARG_TEST);
	int ab = arg_yesno(c, ARG_AUTOBACKUP, 1);
	if (ab < 0) {
		ctx_free(&c->ctx);
		free(c);
		return EINVALID_CMD_LINE;
	}
	c->ctx.no_backup = !ab;
	if (c->ctx.test)
		log_warn("TEST MODE: Metadata will NOT be updated and volumes will not be (de)activated.");
	/* --devices a,b --devices c */
	if (arg_is_set(c, ARG_DEVICES)) {
		unsigned n = 0, cap = 0;
		for (unsigned i = 0; i < c->args[ARG_DEVICES].n; i++)
			cap += (unsigned)strlen(c->args[ARG_DEVICES].v[i]) + 1;
		const char **devs = arena_alloc(&c->ctx.arena, cap * sizeof(*devs));
		for (unsigned i = 0; i < c->args[ARG_DEVICES].n; i++) {
			char *s = arena_strdup(&c->ctx.arena, c->args[ARG_DEVICES].v[i]), *save, *t;
			for (t = strtok_r(s, ",", &save); t; t = strtok_r(NULL, ",", &save))
				devs[n++] = t;
		}
		c->ctx.devices = devs;
		c->ctx.n_devices = n;
	}
	r = def->fn(c);
	ctx_free(&c->ctx);
	free(c);
	return r;
}
