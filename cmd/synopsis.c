/* Synopses from the command table: --help prints them as text, the man
 * pages' SYNOPSIS sections hold them in troff (tests/layout/man_synopsis.sh
 * compares the two). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cmd/command.h"

/* The options every command takes: in the OPTIONS of lvmgr(8), not in each
 * synopsis. */
static bool common_opt(enum arg_id id)
{
	return id == ARG_HELP || id == ARG_VERBOSE || id == ARG_QUIET || id == ARG_CONFIG ||
	       id == ARG_DEVICES || id == ARG_DEBUG;
}

/* The first option of def (in table order, after the common ones) with the
 * letter owns it, as getopt sees it. */
static bool owns_short(const struct command *def, enum arg_id id)
{
	char l = arg_defs[id].short_opt;
	if (!l)
		return false;
	for (enum arg_id a = ARG_HELP; a <= ARG_DEBUG; a++)
		if (common_opt(a) && arg_defs[a].short_opt == l)
			return a == id;
	for (unsigned f = 0; f < def->n_forms; f++)
		for (int pass = 0; pass < 2; pass++) {
			const struct form_opt *o = pass ? def->forms[f].opt : def->forms[f].req;
			for (; o && o->id != ARG_NONE; o++) {
				if (arg_defs[o->id].short_opt == l)
					return o->id == id;
				if (o->alt != ARG_NONE && arg_defs[o->alt].short_opt == l)
					return o->alt == id;
			}
		}
	return false;
}

const char *command_opt_name(const struct command *def, enum arg_id id, char *buf, size_t len)
{
	if (owns_short(def, id))
		snprintf(buf, len, "-%c", arg_defs[id].short_opt);
	else
		snprintf(buf, len, "--%s", arg_defs[id].long_opt);
	return buf;
}

static void put_troff_char(struct strbuf *sb, char ch)
{
	if (ch == '-' || ch == '\\')
		sb_addc(sb, '\\');
	sb_addc(sb, ch);
}

/* Text in the house format: a placeholder (a word starting upper case) in
 * italics, literal words and signs (lower case, '%VG', '/', ':', '+', '-')
 * in bold, brackets, bars, dots and spaces plain. */
static void put_text(struct strbuf *sb, const char *s, bool troff)
{
	if (!troff) {
		sb_adds(sb, s);
		return;
	}
	while (*s) {
		size_t n;
		if (strchr("[]|(). ", *s)) {
			sb_addc(sb, *s++);
			continue;
		}
		if (isalnum((unsigned char)*s) || *s == '_') {
			n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
			sb_adds(sb, isupper((unsigned char)*s) ? "\\fI" : "\\fB");
		} else {	/* a sign; "%VG" is one literal */
			n = *s == '%' ? 1 + strspn(s + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") : 1;
			sb_adds(sb, "\\fB");
		}
		for (size_t k = 0; k < n; k++)
			put_troff_char(sb, s[k]);
		sb_adds(sb, "\\fR");
		s += n;
	}
}

static void put_opt(struct strbuf *sb, const struct command *def, enum arg_id id, const char *value,
		    unsigned flags, bool troff)
{
	char name[64];
	const struct arg_def *d = &arg_defs[id];
	command_opt_name(def, id, name, sizeof(name));
	if (troff) {
		sb_adds(sb, "\\fB");
		for (const char *p = name; *p; p++)
			put_troff_char(sb, *p);
		sb_adds(sb, "\\fR");
	} else
		sb_adds(sb, name);
	if (d->type == VAL_NONE)
		return;
	const char *v = value ? value : val_display(d->type, d->words);
	if ((flags & FO_NOSIGN) && !strncmp(v, "[+|-]", 5))
		v += 5;
	sb_addc(sb, ' ');
	put_text(sb, v, troff);
}

static void put_form_opt(struct strbuf *sb, const struct command *def, const struct form_opt *o, bool troff)
{
	put_opt(sb, def, o->id, o->value, o->flags, troff);
	if (o->alt != ARG_NONE) {
		sb_addc(sb, '|');
		put_opt(sb, def, o->alt, o->value, o->flags, troff);
	}
}

void form_synopsis(struct strbuf *sb, const struct command *def, const struct cmd_form *f, bool troff)
{
	bool first = true;
	for (const struct form_opt *o = f->req; o && o->id != ARG_NONE; o++) {
		if (!first)
			sb_addc(sb, ' ');
		first = false;
		put_form_opt(sb, def, o, troff);
	}
	for (const struct form_opt *o = f->opt; o && o->id != ARG_NONE; o++) {
		if (common_opt(o->id))
			continue;
		sb_adds(sb, first ? "[" : " [");
		first = false;
		put_form_opt(sb, def, o, troff);
		sb_addc(sb, ']');
	}
	if (*f->pos) {
		if (!first)
			sb_addc(sb, ' ');
		put_text(sb, f->pos, troff);
	}
}

void command_man_synopsis(struct strbuf *sb, const struct command *def)
{
	/* Each form through the lvmgr binary, then through a link named like
	 * the command (make install-links). */
	sb_adds(sb, ".ad l\n");
	for (int link = 0; link < 2; link++)
		for (unsigned f = 0; f < def->n_forms; f++) {
			if (link || f)
				sb_adds(sb, ".br\n");
			sb_adds(sb, link ? ".B " : ".B lvmgr ");
			sb_adds(sb, def->name);
			sb_addc(sb, '\n');
			size_t len = sb->len;
			form_synopsis(sb, def, &def->forms[f], true);
			if (sb->len > len)
				sb_addc(sb, '\n');
		}
	sb_adds(sb, ".ad b\n");
}
