/* Command table, option parsing, --help, dispatch. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <ctype.h>
#include <strings.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"
#include "lvmgr/base/units.h"


const struct arg_def arg_defs[ARG_COUNT] = {
	[ARG_NONE] = {0, NULL, VAL_NONE, NULL, NULL},
#define ARG(id, s, l, v, w, h) [id] = {s, l, v, w, h},
#include "cmd/args.def"
#undef ARG
};

/* Every command takes these (synopsis.c leaves them out). */
static const enum arg_id common_args[] = {ARG_HELP, ARG_VERBOSE, ARG_QUIET, ARG_CONFIG,
					  ARG_DEVICES, ARG_DEBUG};

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

const struct val *arg_val(const struct cmd *c, enum arg_id id)
{
	return c->args[id].n ? &c->args[id].val : NULL;
}

void arg_invalid(enum arg_id id, const char *value)
{
	/* the lines LVM2's value parsers print first */
	if (id == ARG_ALLOC)
		log_error("Unrecognised allocation policy %s", value);
	else if (id == ARG_MIRRORLOG)
		log_error("Mirror log type \"%s\" is unknown.", value);
	log_error("Invalid argument for --%s: %s", arg_defs[id].long_opt, value);
}

int arg_yesno(const struct cmd *c, enum arg_id id, int dflt)
{
	const struct val *v = arg_val(c, id);
	return v ? (int)v->num : dflt;
}

int arg_size(const struct cmd *c, enum arg_id id, uint64_t dflt, uint64_t *out)
{
	const struct val *v = arg_val(c, id);
	*out = v ? v->num : dflt;
	return 0;
}

int arg_uint(const struct cmd *c, enum arg_id id, uint64_t max, uint64_t dflt, uint64_t *out)
{
	const struct val *v = arg_val(c, id);
	if (v && v->num > max) {
		arg_invalid(id, arg_str(c, id, ""));
		return -EINVAL;
	}
	*out = v ? v->num : dflt;
	return 0;
}

int arg_activate(const struct cmd *c)
{
	const struct val *v = arg_val(c, ARG_ACTIVATE);
	return v ? (int)v->num : -1;
}

bool arg_autoactivate(const struct cmd *c)
{
	const char *s = arg_str(c, ARG_ACTIVATE, "");
	return arg_activate(c) == 1 && (!strcmp(s, "a") || !strcmp(s, "ay") || !strcmp(s, "ya"));
}

bool cmd_confirm_cb(void *arg, const char *question)
{
	return cmd_confirm(arg, "%s", question);
}

/* LVM2's yes_no_prompt (lib/display/display.c): the question on stderr;
 * "y", "yes", "n" or "no" in any case, blanks around it; anything else is
 * refused and asked again; end of input, even after a partial answer,
 * is "no", shown as "[n]". */
bool cmd_confirm(struct cmd *c, const char *fmt, ...)
{
	va_list ap;
	char line[256];

	if (arg_is_set(c, ARG_YES))
		return true;
	fflush(stdout);
	/* LVM2's questions end "? [y/n]: ", a few "[y/n]? ": those give it */
	bool own = strstr(fmt, "[y/n]") != NULL;
	for (;;) {
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		if (!own)
			fputs(" [y/n]: ", stderr);
		fflush(stderr);
		if (!fgets(line, sizeof(line), stdin)) {
			fputs("[n]\n", stderr);
			return false;
		}
		bool eol = strchr(line, '\n') != NULL;
		/* the rest of an overlong line belongs to this answer */
		for (int ch = 0; !eol && !feof(stdin) && (ch = getchar()) != EOF && ch != '\n';)
			;
		char *p = line, *e;
		while (isspace((unsigned char)*p))
			p++;
		for (e = p + strlen(p); e > p && isspace((unsigned char)e[-1]); e--)
			;
		*e = '\0';
		if (eol && (!strcasecmp(p, "y") || !strcasecmp(p, "yes")))
			return true;
		if (eol && (!strcasecmp(p, "n") || !strcasecmp(p, "no")))
			return false;
		if (strlen(p) > 8)
			memcpy(p + 8, "...", 4);	/* LVM2 shows 8 characters */
		log_warn("Invalid input '%s'.", p);
	}
}

/* ---- forms ---- */

void form_pos_counts(const struct cmd_form *f, int *min, int *max)
{
	const char *p = f->pos;
	int depth = 0;
	*min = *max = 0;
	/* Tokens: "VG" required, "[PV ...]" an optional group, "[VG/]NewLV"
	 * required (its bracket closes inside the token), "..." repeats. */
	while (*p) {
		size_t n = strcspn(p, " ");
		bool opt_group = false;
		if (!depth && *p == '[') {
			int d = 0;
			size_t k;
			for (k = 0; k < n; k++) {
				d += p[k] == '[' ? 1 : p[k] == ']' ? -1 : 0;
				if (!d)
					break;
			}
			opt_group = k >= n - 1;
		}
		if (!depth) {
			if (opt_group)
				*max += *max >= 0;
			else if (n && strncmp(p, "...", n)) {	/* "..." repeats the last */
				*min += 1;
				*max += *max >= 0;
			}
		}
		if (memmem(p, n, "...", 3))
			*max = -1;
		for (size_t k = 0; k < n; k++)
			depth += p[k] == '[' ? 1 : p[k] == ']' ? -1 : 0;
		p += n;
		p += strspn(p, " ");
	}
}

static bool is_common(enum arg_id id)
{
	for (size_t i = 0; i < ARRAY_SIZE(common_args); i++)
		if (common_args[i] == id)
			return true;
	return false;
}

static bool value_fits(const struct cmd *c, enum arg_id id, const char *value)
{
	return !value || !strcmp(arg_str(c, id, ""), value);
}

/* How a command line fits a form. */
struct fit {
	unsigned req_met, req_total;
	const struct form_opt *missing;	/* the first required entry not met */
	enum arg_id unused[ARG_COUNT];	/* given but not taken by the form */
	unsigned n_unused;
	int pos;			/* -1 too few, 1 too many, 0 fits */
};

static bool form_takes(const struct cmd *c, const struct cmd_form *f, enum arg_id id)
{
	for (int pass = 0; pass < 2; pass++)
		for (const struct form_opt *o = pass ? f->opt : f->req; o && o->id != ARG_NONE; o++)
			if ((o->id == id || o->alt == id) && value_fits(c, id, o->value))
				return true;
	return false;
}

static void form_fit(const struct cmd *c, const struct cmd_form *f, struct fit *fit)
{
	int min, max;
	memset(fit, 0, sizeof(*fit));
	for (const struct form_opt *o = f->req; o && o->id != ARG_NONE; o++) {
		bool a = arg_is_set(c, o->id), b = o->alt != ARG_NONE && arg_is_set(c, o->alt);
		bool met = (a != b) && value_fits(c, a ? o->id : o->alt, o->value);
		fit->req_total++;
		if (met)
			fit->req_met++;
		else if (!fit->missing)
			fit->missing = o;
	}
	for (enum arg_id id = ARG_NONE + 1; id < ARG_COUNT; id++)
		if (arg_is_set(c, id) && !is_common(id) && !form_takes(c, f, id))
			fit->unused[fit->n_unused++] = id;
	form_pos_counts(f, &min, &max);
	fit->pos = c->n_pos < min ? -1 : (max >= 0 && c->n_pos > max) ? 1 : 0;
}

static void usage_line(const struct command *def, const struct cmd_form *f, struct strbuf *sb)
{
	sb_adds(sb, def->name);
	size_t len = sb->len;
	sb_addc(sb, ' ');
	form_synopsis(sb, def, f, false);
	if (sb->len == len + 1)
		sb->buf[--sb->len] = '\0';
}

/* -L|-l: LVM2's words for neither and both (lvcreate.c, lvresize.c:
 * scripts grep them). */
static void either_or(const struct cmd *c, const struct form_opt *m)
{
	const struct arg_def *a = &arg_defs[m->id], *b = &arg_defs[m->alt];
	if (!arg_is_set(c, m->id) || !arg_is_set(c, m->alt))
		log_error("Please specify either %s or %s.", a->long_opt, b->long_opt);
	else if (m->alt == ARG_CORELOG)	/* lvconvert.c _read_params */
		log_error("--%s and --%s are incompatible.", a->long_opt, b->long_opt);
	else if (!strcmp(c->def->name, "lvcreate"))
		log_error("Please specify either %s or %s (not both).", a->long_opt, b->long_opt);
	else
		log_error("Please specify either %s or %s but not both.", a->long_opt, b->long_opt);
}

/* A form requiring no option (lvconvert VG/LV) is not the nearest for an
 * option another form requires (lvconvert --splitmirrors 1 without
 * --name): LVM2 then finds no matching syntax. */
static bool plain_misfit(const struct command *def, const struct fit *f)
{
	if (f->req_total)
		return false;
	for (unsigned k = 0; k < f->n_unused; k++)
		for (unsigned i = 0; i < def->n_forms; i++)
			for (const struct form_opt *o = def->forms[i].req; o && o->id != ARG_NONE; o++)
				if (o->id == f->unused[k] || o->alt == f->unused[k])
					return true;
	return false;
}

/* Why no form fits, the nearest first: both of a pair given, the
 * positionals, then options the form does not take, then a required
 * option, as LVM2 reports them. */
static void no_form(const struct cmd *c, const struct fit *fits)
{
	const struct command *def = c->def;
	struct strbuf sb;
	unsigned best = 0;
	/* LVM2's synonyms (tools/lvmcmdline.c _merge_synonym) that lvmgr's
	 * forms keep apart, as the first takes a meaning of its own */
	static const enum arg_id synonyms[][2] = {{ARG_VIRTUALORIGINSIZE, ARG_VIRTUALSIZE}};

	for (unsigned i = 0; i < sizeof(synonyms) / sizeof(synonyms[0]); i++)
		if (arg_is_set(c, synonyms[i][0]) && arg_is_set(c, synonyms[i][1])) {
			log_error("--%s and --%s are synonyms.  Please only supply one.", arg_defs[synonyms[i][0]].long_opt,
				  arg_defs[synonyms[i][1]].long_opt);
			return;
		}
	/* -L and -l together: LVM2's words, although a form taking neither
	 * (lvextend VG/LV PV) would name both as options it does not take */
	for (unsigned i = 0; i < def->n_forms; i++)
		for (const struct form_opt *o = def->forms[i].req; o && o->id != ARG_NONE; o++)
			if (o->alt != ARG_NONE && arg_is_set(c, o->id) && arg_is_set(c, o->alt)) {
				either_or(c, o);
				return;
			}
	sb_init(&sb);
	/* The options fit a form, the positionals do not: LVM2's words
	 * (tools/lvmcmdline.c), the form's syntax after them. */
	int most = -1;	/* too many for every form: the first beyond the longest */
	for (unsigned i = 0; i < def->n_forms; i++)
		if (!fits[i].missing && !fits[i].n_unused) {
			int min, max;
			form_pos_counts(&def->forms[i], &min, &max);
			if (fits[i].pos > 0) {
				most = max > most ? max : most;
				continue;
			}
			log_error("No command with matching syntax recognised.  Run '%s --help' for more information.",
				  def->name);
			if (def->n_forms == 1 || fits[i].req_met) {	/* (as below) */
				usage_line(def, &def->forms[i], &sb);
				log_error("%s", def->n_forms == 1 ? "Correct command syntax is:"
								 : "Nearest similar command has syntax:");
				log_error("%s", sb.buf);
			}
			sb_free(&sb);
			return;
		}
	if (most >= 0 && most < (int)c->n_pos) {
		log_error("Command does not accept argument: %s.", c->pos[most]);
		return;
	}
	for (unsigned i = 0; i < def->n_forms; i++)
		if (!fits[i].missing && !plain_misfit(def, &fits[i]) &&
		    (fits[best].missing || plain_misfit(def, &fits[best]) || fits[i].n_unused < fits[best].n_unused))
			best = i;
	if (!fits[best].missing && !plain_misfit(def, &fits[best])) {
		for (unsigned k = 0; k < fits[best].n_unused; k++) {
			enum arg_id id = fits[best].unused[k];
			const char *v = arg_defs[id].type != VAL_NONE ? arg_str(c, id, NULL) : NULL;
			log_error("Command does not accept option: --%s%s%s.", arg_defs[id].long_opt,
				  v ? " " : "", v ? v : "");
		}
		return;
	}
	for (unsigned i = 0; i < def->n_forms && !fits[best].missing; i++)
		if (fits[i].missing)
			best = i;
	for (unsigned i = 0; i < def->n_forms && fits[best].missing; i++)
		if (fits[i].missing && (fits[i].req_met * fits[best].req_total > fits[best].req_met * fits[i].req_total ||
					(fits[i].req_met == fits[best].req_met && fits[i].req_total < fits[best].req_total)))
			best = i;
	/* LVM2's _find_command: the syntax of the one form, or of the
	 * nearest only when some option it requires was given (`lvcreate
	 * --type zero VG`; `lvcreate VG`, `lvextend VG/LV`: the line alone) */
	log_error("No command with matching syntax recognised.  Run '%s --help' for more information.",
		  def->name);
	if (def->n_forms == 1 || fits[best].req_met) {
		usage_line(def, &def->forms[best], &sb);
		log_error("%s", def->n_forms == 1 ? "Correct command syntax is:" : "Nearest similar command has syntax:");
		log_error("%s", sb.buf);
	}
	sb_free(&sb);
}

/* A value the form declares without a sign (lvcreate -L) that has a
 * minus: LVM2 takes "+4" as 4 there and refuses "-4" with these words. */
static void sign_refused(const struct cmd *c, enum arg_id id, char sign)
{
	log_error("%s may not be %s.", id == ARG_SIZE ? "Size" : "Extents", sign == '-' ? "negative" : "positive");
	arg_invalid(id, arg_str(c, id, ""));
	log_error("Error during parsing of command line.");
}

static int check_signs(const struct cmd *c, const struct cmd_form *f)
{
	for (const struct form_opt *o = f->req; o && o->id != ARG_NONE; o++)
		for (int k = 0; k < 2 && (o->flags & FO_NOSIGN); k++) {
			enum arg_id id = k ? o->alt : o->id;
			if (id != ARG_NONE && arg_is_set(c, id) && c->args[id].val.sign == '-') {
				sign_refused(c, id, '-');
				return -EINVAL;
			}
		}
	return 0;
}

int cmd_sign_refused(struct cmd *c, enum arg_id id, char sign)
{
	sign_refused(c, id, sign);
	c->no_syntax = true;	/* a parse error: no hint */
	return EINVALID_CMD_LINE;
}

/* LVM2's arg_from_list_is_zero: the size options a command refuses at 0
 * ("--size may not be zero."). lvcreate's and lvresize's lists are read
 * with the command line (status 3, "Run `lvcreate --help' ..."); the pool
 * options of lvconvert are checked by LVM2's get_pool_params, a failure
 * of the command (status 5). lvcreate's --poolmetadatasize takes no sign.
 * Returns 0, -EINVAL or ECMD_FAILED. */
static int check_zero(const struct cmd *c)
{
	static const enum arg_id sizes[] = {ARG_CHUNKSIZE, ARG_EXTENTS, ARG_POOLMETADATASIZE, ARG_REGIONSIZE,
					    ARG_SIZE, ARG_STRIPES, ARG_STRIPESIZE, ARG_VIRTUALSIZE};
	const char *name = c->def->name;
	bool create = !strcmp(name, "lvcreate"), convert = !strcmp(name, "lvconvert");
	bool resize = !strcmp(name, "lvextend") || !strcmp(name, "lvresize") || !strcmp(name, "lvreduce");
	if (!create && !resize && !convert)
		return 0;
	if (create && arg_is_set(c, ARG_POOLMETADATASIZE) && c->args[ARG_POOLMETADATASIZE].val.sign == '-') {
		log_error("Size may not be negative.");
		arg_invalid(ARG_POOLMETADATASIZE, arg_str(c, ARG_POOLMETADATASIZE, ""));
		log_error("Error during parsing of command line.");
		return -EINVAL;
	}
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		enum arg_id id = sizes[i];
		if (!arg_is_set(c, id) || c->args[id].val.num)
			continue;
		if (convert && id != ARG_CHUNKSIZE && id != ARG_POOLMETADATASIZE)
			continue;
		log_error("--%s may not be zero.", arg_defs[id].long_opt);
		if (convert)
			return ECMD_FAILED;
		log_error("Run `%s --help' for more information.", name);
		return -EINVAL;
	}
	return 0;
}

/* The form with the most required options met (the first of equals). */
static int pick_form(struct cmd *c)
{
	const struct command *def = c->def;
	struct fit *fits = arena_alloc(&c->ctx.arena, def->n_forms * sizeof(*fits));
	int best = -1;

	for (unsigned i = 0; i < def->n_forms; i++) {
		form_fit(c, &def->forms[i], &fits[i]);
		if (!fits[i].missing && !fits[i].n_unused && !fits[i].pos &&
		    (best < 0 || fits[i].req_total > fits[best].req_total))
			best = (int)i;
	}
	if (best < 0) {
		no_form(c, fits);
		return -EINVAL;
	}
	c->form = &def->forms[best];
	int r = check_signs(c, c->form);
	return r ? r : check_zero(c);
}

/* ---- parsing ---- */

/* The options of def: the common ones, then each form's in table order. */
static unsigned command_args(const struct command *def, enum arg_id *ids)
{
	bool seen[ARG_COUNT] = {false};
	unsigned n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(common_args); i++) {
		seen[common_args[i]] = true;
		ids[n++] = common_args[i];
	}
	for (unsigned f = 0; f < def->n_forms; f++)
		for (int pass = 0; pass < 2; pass++)
			for (const struct form_opt *o = pass ? def->forms[f].opt : def->forms[f].req;
			     o && o->id != ARG_NONE; o++)
				for (int k = 0; k < 2; k++) {
					enum arg_id id = k ? o->alt : o->id;
					if (id != ARG_NONE && !seen[id]) {
						seen[id] = true;
						ids[n++] = id;
					}
				}
	/* --corelog: LVM2's synonym of --mirrorlog core wherever --mirrorlog
	 * is taken (tools/lvmcmdline.c _opt_synonym_to_standard) */
	if (seen[ARG_MIRRORLOG] && !seen[ARG_CORELOG])
		ids[n++] = ARG_CORELOG;
	return n;
}

static void add_value(struct cmd *c, enum arg_id id, const char *v)
{
	struct argval *av = &c->args[id];
	const char **nv = arena_alloc(&c->ctx.arena, (av->n + 1) * sizeof(*nv));
	if (av->n)
		memcpy(nv, av->v, av->n * sizeof(*nv));
	nv[av->n++] = v;
	av->v = nv;
}

/* LVM2's lvm2_main: the hyphens of every "--long-option" are dropped (up
 * to a '=', until "--"), so --use-policies is --usepolicies. */
static void drop_hyphens(char *a)
{
	char *w = a;
	bool skip = true;
	for (; *a; a++) {
		if (*a == '=')
			skip = false;
		if (*a != '-' || !skip)
			*w++ = *a;
	}
	*w = '\0';
}

static int parse_options(struct cmd *c, int argc, char **argv)
{
	struct option longopts[ARG_COUNT + 1];
	enum arg_id ids[ARG_COUNT + 1];
	char shortopts[2 * ARG_COUNT + 3];
	unsigned nl = command_args(c->def, ids), ns = 0;

	for (unsigned i = 0; i < nl; i++) {
		const struct arg_def *d = &arg_defs[ids[i]];
		bool val = d->type != VAL_NONE;
		char *name = arena_strdup(&c->ctx.arena, d->long_opt);
		drop_hyphens(name);
		longopts[i] = (struct option){name, val ? required_argument : no_argument, NULL, 256 + ids[i]};
		if (d->short_opt) {
			shortopts[ns++] = d->short_opt;
			if (val)
				shortopts[ns++] = ':';
		}
	}
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] != '-' || argv[i][1] != '-')
			continue;
		if (!argv[i][2])
			break;
		drop_hyphens(argv[i] + 2);
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
			for (unsigned i = 0; i < nl && id == ARG_NONE; i++)
				if (arg_defs[ids[i]].short_opt == o)
					id = ids[i];
		/* The value, checked once for its type (LVM2's words). */
		if (arg_defs[id].type != VAL_NONE &&
		    val_parse(arg_defs[id].type, arg_defs[id].words, optarg, &c->args[id].val)) {
			arg_invalid(id, optarg);
			log_error("Error during parsing of command line.");
			return -EINVAL;
		}
		add_value(c, id, arg_defs[id].type == VAL_TAG && optarg[0] == '@' ? optarg + 1 : optarg);
	}
	c->pos = argv + optind;
	c->n_pos = argc - optind;
	return 0;
}

int cmd_parse(struct cmd *c, const struct command *def, int argc, char **argv)
{
	c->def = def;
	c->form = NULL;
	if (parse_options(c, argc, argv))
		return EINVALID_CMD_LINE;
	if (arg_is_set(c, ARG_HELP))
		return 0;
	/* --corelog alone is --mirrorlog core (both: lvconvert's form says
	 * they are incompatible) */
	if (arg_is_set(c, ARG_CORELOG) && !arg_is_set(c, ARG_MIRRORLOG)) {
		const struct arg_def *d = &arg_defs[ARG_MIRRORLOG];
		if (val_parse(d->type, d->words, "core", &c->args[ARG_MIRRORLOG].val))
			return EINVALID_CMD_LINE;
		add_value(c, ARG_MIRRORLOG, "core");
		c->args[ARG_CORELOG] = (struct argval){0};
	}
	int r = pick_form(c);
	return r < 0 ? EINVALID_CMD_LINE : r;
}

/* ---- help ---- */

static void print_command_help(const struct command *def)
{
	enum arg_id ids[ARG_COUNT + 1];
	unsigned n = command_args(def, ids);
	struct strbuf sb;

	printf("  %s - %s\n\n", def->name, def->summary);
	sb_init(&sb);
	for (unsigned f = 0; f < def->n_forms; f++) {
		sb_reset(&sb);
		usage_line(def, &def->forms[f], &sb);
		printf("  %s\n", sb.buf);
		if (def->forms[f].desc)
			printf("\t%s\n", def->forms[f].desc);
	}
	sb_free(&sb);
	printf("\n");
	for (unsigned i = 0; i < n; i++) {
		const struct arg_def *d = &arg_defs[ids[i]];
		char opt[96];
		const char *v = d->type != VAL_NONE ? val_display(d->type, d->words) : NULL;
		if (d->short_opt)
			snprintf(opt, sizeof(opt), "-%c|--%s%s%s", d->short_opt, d->long_opt, v ? " " : "",
				 v ? v : "");
		else
			snprintf(opt, sizeof(opt), "--%s%s%s", d->long_opt, v ? " " : "", v ? v : "");
		printf("\t%-34s %s\n", opt, d->help);
	}
}

static void print_commands(void)
{
	printf("lvmgr %s - logical volume manager (LVM2 compatible)\n\n"
	       "usage: lvmgr <command> [options] [args]   (lvmgr <command> --help)\n\n",
	       LVMGR_VERSION);
	for (size_t i = 0; i < n_commands; i++)
		printf("  %-14s %s\n", commands[i].name, commands[i].summary);
	printf("  %-14s %s\n", "help", "Show this list");
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

	if (!strcmp(name, "lvmgr") || !strcmp(name, "lvm") || !command_find(name)) {
		if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
		    !strcmp(argv[1], "-h")) {
			if (argc >= 3 && command_find(argv[2])) {
				print_command_help(command_find(argv[2]));
				return 0;
			}
			print_commands();
			return argc < 2 ? EINVALID_CMD_LINE : 0;
		}
		if (!strcmp(argv[1], "--version")) {
			cmd_print_version();
			return 0;
		}
		if (argc == 3 && !strcmp(argv[1], "--synopsis") && command_find(argv[2])) {
			/* The man page's SYNOPSIS body (tests/layout/man_synopsis.sh). */
			struct strbuf sb;
			sb_init(&sb);
			command_man_synopsis(&sb, command_find(argv[2]));
			fputs(sb.buf, stdout);
			sb_free(&sb);
			return 0;
		}
		if (!strcmp(argv[1], "--commands")) {	/* names for make install-links */
			/* what LVM2 links: not its lvm-only commands */
			static const char *const lvm_only[] = {"config", "dumpconfig", "version", "segtypes",
							       "formats"};
			for (size_t i = 0; i < n_commands; i++) {
				bool skip = false;
				for (size_t k = 0; k < sizeof(lvm_only) / sizeof(lvm_only[0]); k++)
					skip |= !strcmp(commands[i].name, lvm_only[k]);
				if (!skip)
					printf("%s\n", commands[i].name);
			}
			return 0;
		}
		argv++;
		argc--;
		name = argv[0];
	}
	if (!(def = command_find(name))) {
		log_error("No such command '%s'. Try 'lvmgr help'.", name);
		return EINVALID_CMD_LINE;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return ECMD_FAILED;
	arena_init(&c->ctx.arena);
	int pr = cmd_parse(c, def, argc, argv);
	if (pr) {
		arena_free(&c->ctx.arena);
		free(c);
		return pr;	/* EINVALID_CMD_LINE, or a failure LVM2 finds in the values */
	}
	if (arg_is_set(c, ARG_HELP)) {
		print_command_help(def);
		arena_free(&c->ctx.arena);
		free(c);
		return 0;
	}
	log_verbosity = arg_is_set(c, ARG_QUIET) ? LOG_PRINT
			: LOG_PRINT + (int)arg_count(c, ARG_VERBOSE) + 2 * (int)arg_count(c, ARG_DEBUG);
	/* LVM2: -q only overrides -v (its messages are still printed); -qq
	 * silences them (log_print_unless_silent) */
	log_quiet = arg_count(c, ARG_QUIET) > 1;

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
	c->ctx.allow_exported = cmd_allows_exported(def->name);
	sb_free(&cl);
	c->ctx.test = arg_is_set(c, ARG_TEST);
	c->ctx.no_backup = !arg_yesno(c, ARG_AUTOBACKUP, 1);
	if (c->ctx.test)
		log_warn_bare("TEST MODE: Metadata will NOT be updated and volumes will not be (de)activated.");
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
	r = c->form->fn(c);
	bool hint = r == EINVALID_CMD_LINE && !c->no_syntax;
	ctx_free(&c->ctx);
	free(c);
	/* LVM2's rule (lvm_run_command): a command that finds its line
	 * invalid ends with this hint, after everything else it printed */
	if (hint)
		log_error("Run `%s --help' for more information.", def->name);
	return r;
}

int cmd_no_syntax(struct cmd *c)
{
	log_error("No command with matching syntax recognised.  Run '%s --help' for more information.", c->def->name);
	c->no_syntax = true;
	return EINVALID_CMD_LINE;
}
