/* -S|--select: the parser of LVM2's selection criteria (lvmreport(7),
 * libdm/libdm-report.c of 2.03.16: its grammar, operator tables, value
 * rules and messages; lib/report/values.h: the reserved values), and the
 * selection as the commands use it. select_eval.c compares the parsed
 * items with the values the report engine shows. */
#include <errno.h>
#include <float.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/common.h"
#include "cmd/report/report_int.h"
#include "cmd/report/select.h"
#include "cmd/report/select_int.h"

/* ---- operators (libdm-report.c's _op_cmp and _op_log, in its order) ---- */

static const struct {
	const char *s;
	unsigned f;
} op_cmp[] = {
	{"=~", C_REGEX},
	{"!~", C_REGEX | C_NOT},
	{"=", C_EQ},
	{"!=", C_NOT | C_EQ},
	{">=", C_NUMBER | C_TIME | C_GT | C_EQ},
	{">", C_NUMBER | C_TIME | C_GT},
	{"<=", C_NUMBER | C_TIME | C_LT | C_EQ},
	{"<", C_NUMBER | C_TIME | C_LT},
	{"since", C_TIME | C_GT | C_EQ},
	{"after", C_TIME | C_GT},
	{"until", C_TIME | C_LT | C_EQ},
	{"before", C_TIME | C_LT},
};

enum { L_AND = 1, L_OR = 2, L_NOT = 4, L_PS = 8, L_PE = 16, L_LS = 32, L_LE = 64, L_SLS = 128, L_SLE = 256 };
static const struct {
	const char *s;
	unsigned f;
} op_log[] = {
	{"&&", L_AND}, {",", L_AND}, {"||", L_OR}, {"#", L_OR}, {"!", L_NOT}, {"(", L_PS},
	{")", L_PE},   {"[", L_LS},  {"]", L_LE},  {"{", L_SLS}, {"}", L_SLE},
};

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return s;
}

/* The logical operator at s (after spaces) among expect: its flag, *end
 * after it; 0 and *end = s (spaces skipped) when none. */
static unsigned tok_log(const char *s, const char **end, unsigned expect)
{
	s = skip_space(s);
	for (size_t i = 0; i < ARRAY_SIZE(op_log); i++)
		if ((op_log[i].f & expect) && !strncmp(s, op_log[i].s, strlen(op_log[i].s))) {
			if (end)
				*end = s + strlen(op_log[i].s);
			return op_log[i].f;
		}
	if (end)
		*end = s;
	return 0;
}

static char quote_char(const char **s)
{
	char c = **s == '"' || **s == '\'' ? **s : 0;
	if (c)
		(*s)++;
	return c;
}

/* A string value: up to the quote endc, else up to a space or one of the
 * operators in stop. NULL (logged) on a missing end quote. */
static const char *tok_string(const char *s, const char **b, const char **e, char endc, unsigned stop)
{
	*b = s;
	if (endc) {
		while (*s && *s != endc)
			s++;
		if (*s != endc) {
			log_error("Missing end quote.");
			return NULL;
		}
		*e = s;
		return s + 1;
	}
	while (*s && *s != ' ' && !tok_log(s, NULL, stop))
		s++;
	*e = s;
	return s;
}

/* ---- parsing ---- */

struct parser {
	struct arena *a;
	enum report_type type;
	struct selection *sel;
	time_t now;
	bool quiet;		/* the error needs no syntax error line */
};

static enum stype field_stype(const struct field *fd)
{
	switch (fd->type) {
	case T_STR:
		return S_STR;
	case T_NUM:
	case T_BIN:
		return S_NUM;
	case T_SIZ:	/* seg_size_pe is a count, a number to LVM2 */
		return strcmp(fd->name, "seg_size_pe") ? S_SIZ : S_NUM;
	case T_PCT:
		return S_PCT;
	case T_TIM:
		return S_TIM;
	case T_LIST:
		return S_LIST;
	}
	return S_STR;
}

/* ---- reserved values (lib/report/values.h) ---- */

#define UNDEF64 UINT64_MAX
/* Binary fields: these words (and "yes") are 1, "no" is 0. */
static const struct {
	const char *field;
	const char *words[4];
} binary_words[] = {
	{"pv_allocatable", {"allocatable"}},
	{"pv_exported", {"exported"}},
	{"pv_missing", {"missing"}},
	{"pv_in_use", {"used", "in use"}},
	{"pv_duplicate", {"duplicate"}},
	{"vg_extendable", {"extendable"}},
	{"vg_exported", {"exported"}},
	{"vg_partial", {"partial"}},
	{"vg_clustered", {"clustered"}},
	{"vg_shared", {"shared"}},
	{"lv_initial_image_sync", {"initial image sync", "sync"}},
	{"lv_image_synced", {"image synced", "synced"}},
	{"lv_merging", {"merging"}},
	{"lv_converting", {"converting"}},
	{"lv_allocation_locked", {"allocation locked", "locked"}},
	{"lv_fixed_minor", {"fixed minor", "fixed"}},
	{"lv_active_locally", {"active locally", "active", "locally"}},
	{"lv_active_remotely", {"active remotely", "active", "remotely"}},
	{"lv_active_exclusively", {"active exclusively", "active", "exclusively"}},
	{"lv_merge_failed", {"merge failed", "failed"}},
	{"lv_snapshot_invalid", {"snapshot invalid", "invalid"}},
	{"lv_suspended", {"suspended"}},
	{"lv_live_table", {"live table present", "live table", "live"}},
	{"lv_inactive_table", {"inactive table present", "inactive table", "inactive"}},
	{"lv_device_open", {"open"}},
	{"lv_skip_activation", {"skip activation", "skip"}},
	{"zero", {"zero"}},
	{"lv_check_needed", {"check needed", "needed"}},
	{"vdo_compression", {"enabled"}},
	{"vdo_deduplication", {"enabled"}},
	{"vdo_use_metadata_hints", {"enabled"}},
	{"vdo_use_sparse_index", {"enabled"}},
};
/* Named string values: the synonyms stand for the first name. */
static const struct {
	const char *field, *value;
	const char *names[5];
} string_names[] = {
	{"vg_permissions", "writeable", {"writeable", "rw", "read-write"}},
	{"vg_permissions", "read-only", {"read-only", "r", "ro"}},
	{"lv_permissions", "writeable", {"writeable", "rw", "read-write"}},
	{"lv_permissions", "read-only", {"read-only", "r", "ro"}},
	{"lv_permissions", "read-only-override", {"read-only-override", "ro-override", "r-override", "R"}},
	{"lv_when_full", "error", {"error", "error when full", "error if no space"}},
	{"lv_when_full", "queue", {"queue", "queue when full", "queue if no space"}},
	{"lv_when_full", "", {"undefined"}},
	{"cache_policy", "", {"undefined"}},
	{"seg_monitor", "", {"undefined"}},
	{"lv_health_status", "", {"undefined"}},
	{"kernel_discards", "", {"undefined"}},
	{"vdo_write_policy", "", {"undefined"}},
};

static bool word_is(const char *w, const char *b, const char *e)
{
	return w && strlen(w) == (size_t)(e - b) && !strncmp(w, b, (size_t)(e - b));
}

/* A reserved name at s for it: fills the value, returns the end of the
 * token (NULL: no reserved name there). */
static const char *reserved(struct item *it, const char *s)
{
	const char *b, *e, *t = s;
	char q = quote_char(&t);
	if (!(t = tok_string(t, &b, &e, q, L_AND | L_OR | L_PE)) && q)
		return NULL;
	if (!t)
		return NULL;
	const char *name = it->fd->name;
	if (it->st == S_NUM) {
		static const char *const undef[] = {"-1", "unknown", "undefined", "undef"};
		for (size_t i = 0; i < ARRAY_SIZE(undef); i++)
			if (word_is(undef[i], b, e)) {
				it->i1 = UNDEF64;
				return t;
			}
		if (!strcmp(name, "vg_mda_copies") && word_is("unmanaged", b, e)) {
			it->i1 = UNDEF64;
			return t;
		}
		for (size_t i = 0; i < ARRAY_SIZE(binary_words); i++) {
			if (strcmp(binary_words[i].field, name))
				continue;
			for (size_t k = 0; k < 4; k++)
				if (word_is(binary_words[i].words[k], b, e)) {
					it->i1 = 1;
					return t;
				}
			if (word_is("yes", b, e) || word_is("no", b, e)) {
				it->i1 = *b == 'y';
				return t;
			}
		}
	}
	if (it->st == S_SIZ && !strcmp(name, "lv_read_ahead") && word_is("auto", b, e)) {
		it->d1 = DBL_MAX;
		return t;
	}
	if (it->st == S_STR)
		for (size_t i = 0; i < ARRAY_SIZE(string_names); i++) {
			if (strcmp(string_names[i].field, name))
				continue;
			for (size_t k = 0; k < 5; k++)
				if (word_is(string_names[i].names[k], b, e)) {
					it->s = string_names[i].value;
					return t;
				}
		}
	return NULL;
}

/* ---- values ---- */

static uint64_t unit_factor(char c)
{
	switch (c) {
	case 'h': case 'H': case 'r': case 'R': case 'b': case 'B':
		return 1;	/* LVM2: the human-readable units are bytes here */
	case 's': case 'S':
		return 512;
	case 'k': return 1ULL << 10;
	case 'm': return 1ULL << 20;
	case 'g': return 1ULL << 30;
	case 't': return 1ULL << 40;
	case 'p': return 1ULL << 50;
	case 'e': return 1ULL << 60;
	case 'K': return 1000ULL;
	case 'M': return 1000000ULL;
	case 'G': return 1000000000ULL;
	case 'T': return 1000000000000ULL;
	case 'P': return 1000000000000000ULL;
	case 'E': return 1000000000000000000ULL;
	}
	return 0;
}

static const char *const type_words[] = {[S_NUM] = "numeric", [S_SIZ] = "size", [S_PCT] = "percent"};

static const char *parse_number(struct item *it, const char *s)
{
	const char *b = s;
	bool dot = false;
	while ((*s >= '0' && *s <= '9') || (*s == '.' && !dot && (dot = true)))
		s++;
	if (s == b) {
		log_error("Failed to parse numeric value for selection field %s.", it->fd->name);
		return NULL;
	}
	char *num = strndup(b, (size_t)(s - b));
	double d = strtod(num, NULL);
	errno = 0;
	unsigned long long u = strtoull(num, NULL, 10);
	bool range_err = errno == ERANGE;
	uint64_t factor = 0;
	if (*s == '%') {
		s++;
		if (it->st != S_PCT) {
			log_error("Found percent value but %s value expected for selection field %s.",
				  type_words[it->st], it->fd->name);
			free(num);
			return NULL;
		}
	} else if ((factor = unit_factor(*s))) {
		s++;
		if (it->st != S_SIZ) {
			log_error("Found size unit specifier but %s value expected for selection field %s.",
				  type_words[it->st], it->fd->name);
			free(num);
			return NULL;
		}
	} else if (it->st == S_SIZ)
		factor = 1 << 20;	/* as lvcreate -L: MiB by default */
	if (it->st == S_NUM) {
		if (range_err) {
			log_error("Field selection value %s out of supported range for field %s.", num, it->fd->name);
			free(num);
			return NULL;
		}
		it->i1 = u;
		if (u == UNDEF64) {
			log_error("Numeric value %llu found in selection is reserved.", u);
			free(num);
			return NULL;
		}
	} else if (it->st == S_SIZ)
		it->d1 = d * (double)factor / 512;	/* in sectors, as the field values */
	else {
		if (d < 0 || d > 100) {
			log_error("Field selection value %s out of supported range for field %s.", num, it->fd->name);
			free(num);
			return NULL;
		}
		it->d1 = d;
	}
	free(num);
	return s;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void list_add(struct parser *p, struct item *it, const char *b, const char *e)
{
	const char **n = arena_alloc(p->a, (it->n_items + 1) * sizeof(*n));
	if (it->n_items)
		memcpy(n, it->items, it->n_items * sizeof(*n));
	n[it->n_items++] = arena_strndup(p->a, b, (size_t)(e - b));
	it->items = n;
}

static const char *parse_list(struct parser *p, struct item *it, const char *s)
{
	const char *b, *e, *next;
	unsigned first = tok_log(s, &next, L_LS | L_SLS);
	char q;

	if (!first) {	/* one item: any list holding it */
		q = quote_char(&s);
		if (!(s = tok_string(s, &b, &e, q, L_AND | L_OR | L_PE)))
			return NULL;
		list_add(p, it, b, e);
		return s;
	}
	unsigned want_end = first == L_LS ? L_LE : L_SLE, type = 0, hit = 0;
	s = next;
	while (*s) {
		s = skip_space(s);
		q = quote_char(&s);
		if (!(s = tok_string(s, &b, &e, q, L_LE | L_SLE | L_AND | L_OR)))
			return NULL;
		if (!(hit = tok_log(s, &next, L_LE | L_SLE | L_AND | L_OR))) {
			log_error("Invalid operator in selection list.");
			return NULL;
		}
		bool end = hit & (L_LE | L_SLE);
		if (end && hit != want_end) {
			log_error("List ended with incorrect character, expecting '%s'.",
				  want_end == L_LE ? "]" : "}");
			return NULL;
		}
		if (type && !end && !(type & hit)) {
			log_error("Only one type of logical operator allowed in selection list at a time.");
			return NULL;
		}
		if (!type)
			type = end ? (want_end == L_LE ? L_AND : L_OR) : hit;
		list_add(p, it, b, e);
		s = next;
		if (end)
			break;
	}
	if (!(hit & (L_LE | L_SLE))) {
		log_error("Missing list end for selection field %s", it->fd->name);
		return NULL;
	}
	it->list_all = type == L_AND;
	it->list_subset = want_end == L_SLE;
	qsort(it->items, it->n_items, sizeof(*it->items), str_cmp);
	return s;
}

static const char *parse_value(struct parser *p, struct item *it, const char *s)
{
	const char *b, *e, *r;
	char q;

	s = skip_space(s);
	if (it->op & C_REGEX) {
		if (!*s) {
			log_error("Regular expression expected for selection field %s", it->fd->name);
			return NULL;
		}
		char endc = *s == '(' ? ')' : *s == '{' ? '}' : *s == '[' ? ']' : *s == '"' || *s == '\'' ? *s : 0;
		if (!(s = tok_string(endc ? s + 1 : s, &b, &e, endc, L_AND | L_OR | L_PE))) {
			log_error("Failed to parse regex value for selection field %s.", it->fd->name);
			return NULL;
		}
		if (it->st != S_STR) {
			log_error("dm_report: incompatible comparison type for selection field %s", it->fd->name);
			p->quiet = true;	/* LVM2 says no more (a later check there) */
			return NULL;
		}
		char why[128];
		if (!(it->re = rx_compile(p->a, b, (size_t)(e - b), why, sizeof(why)))) {
			p->quiet = true;
			log_error("Invalid regular expression \"%.*s\": %s", (int)(e - b), b, why);
			log_error("dm_report: failed to create regex matcher for selection field %s", it->fd->name);
			return NULL;
		}
		return s;
	}
	if ((r = reserved(it, s)))
		return r;
	switch (it->st) {
	case S_STR:
		q = quote_char(&s);
		if (!(s = tok_string(s, &b, &e, q, L_AND | L_OR | L_PE))) {
			log_error("Failed to parse string value for selection field %s.", it->fd->name);
			return NULL;
		}
		it->s = arena_strndup(p->a, b, (size_t)(e - b));
		return s;
	case S_LIST:
		if (!(s = parse_list(p, it, s)))
			log_error("Failed to parse string list value for selection field %s.", it->fd->name);
		return s;
	case S_NUM:
	case S_SIZ:
	case S_PCT:
		return parse_number(it, s);
	case S_TIM: {
		struct sel_time tv;
		bool ok = false;
		if (*s == '@') {
			b = s;
			for (s++; *s >= '0' && *s <= '9'; s++)
				;
			e = s;
			ok = e > b + 1;
		} else {
			q = quote_char(&s);
			ok = (s = tok_string(s, &b, &e, q, L_AND | L_OR | L_PE)) != NULL;
		}
		if (!ok || select_time_parse(arena_strndup(p->a, b, (size_t)(e - b)), p->now, &tv)) {
			log_error("Failed to parse time value for selection field %s.", it->fd->name);
			return NULL;
		}
		it->range = tv.range;
		it->t1 = tv.t1;
		it->t2 = tv.t2;
		return s;
	}
	}
	return NULL;
}

static struct node *new_node(struct parser *p, enum ntype t)
{
	struct node *n = arena_alloc(p->a, sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->type = t;
	return n;
}

static void node_add(struct parser *p, struct node *set, struct node *kid)
{
	struct node **k = arena_alloc(p->a, (set->n + 1) * sizeof(*k));
	if (set->n)
		memcpy(k, set->kids, set->n * sizeof(*k));
	k[set->n++] = kid;
	set->kids = k;
}

static void syntax_error(const char *at)
{
	log_error("Selection syntax error at '%s'.", at);
	log_error("Use 'help' for selection to get more help.");
}

/* FIELD OP VALUE */
static struct node *parse_item(struct parser *p, const char *s, const char **next)
{
	const char *ws = skip_space(s), *we = ws, *last;
	struct item *it = arena_alloc(p->a, sizeof(*it));
	memset(it, 0, sizeof(*it));

	while ((*we >= 'a' && *we <= 'z') || (*we >= 'A' && *we <= 'Z') || (*we >= '0' && *we <= '9') ||
	       *we == '_' || *we == '-')
		we++;
	if (we == ws) {
		log_error("Expecting field name");
		goto bad;
	}
	char *name = arena_strndup(p->a, ws, (size_t)(we - ws));
	if (!(it->fd = report_find_field(name, p->type))) {
		log_error("Unrecognised selection field: %s", name);
		goto bad;
	}
	/* As LVM2, a VG or PV report takes fields of the LVs (segments) and
	 * PVs (segments) in it: the report then has a row per such object
	 * (select_rows); an LV report takes no PV fields. */
	enum fkind k = it->fd->kind;
	if ((p->type == REPORT_LV || p->type == REPORT_SEG) && (k == K_PV || k == K_PVSEG)) {
		log_error("Can't report LV and PV fields at the same time in report type \"%s\".",
			  p->type == REPORT_LV ? "lv" : "seg");
		p->quiet = true;
		goto bad;
	}
	if (p->type != REPORT_VG && p->type != REPORT_PV && !report_field_allowed(it->fd, p->type)) {
		log_error("Selection field %s cannot be used in this report.", name);
		goto bad;
	}
	p->sel->kinds |= 1u << k;
	it->st = field_stype(it->fd);
	last = skip_space(we);
	for (size_t i = 0; i < ARRAY_SIZE(op_cmp) && !it->op; i++)
		if (!strncmp(last, op_cmp[i].s, strlen(op_cmp[i].s))) {
			it->op = op_cmp[i].f;
			last += strlen(op_cmp[i].s);
		}
	if (!it->op) {
		log_error("Unrecognised comparison operator: %s", we);
		goto bad;
	}
	if ((it->op & C_NUMBER) && it->st != S_NUM && it->st != S_SIZ && it->st != S_PCT && it->st != S_TIM) {
		log_error("Operator can be used only with number, size, time or percent fields: %s", ws);
		goto bad;
	}
	if ((it->op & C_TIME) && !(it->op & C_NUMBER) && it->st != S_TIM) {
		log_error("Operator can be used only with time fields: %s", ws);
		goto bad;
	}
	if (!(last = parse_value(p, it, last)))
		goto bad;
	if (it->fd->kind == K_SEG)
		p->sel->segs = true;
	*next = skip_space(last);
	struct node *n = new_node(p, N_ITEM);
	n->item = it;
	return n;
bad:
	if (!p->quiet)
		syntax_error(ws);
	*next = s;
	return NULL;
}

static struct node *parse_or(struct parser *p, const char *s, const char **next);

/* ITEM | '(' OR ')' | '!' '(' OR ')' */
static struct node *parse_ex(struct parser *p, const char *s, const char **next)
{
	const char *tmp;
	struct node *n;
	unsigned t = tok_log(s, next, L_NOT | L_PS);

	if (t == L_NOT) {
		if (!tok_log(*next, &tmp, L_PS)) {
			log_error("Syntax error: left parenthesis expected at '%s'", skip_space(*next));
			return NULL;
		}
		if (!(n = parse_or(p, tmp, next)))
			return NULL;
		n->not = !n->not;
		if (!tok_log(*next, &tmp, L_PE)) {
			log_error("Syntax error: right parenthesis expected at '%s'", skip_space(*next));
			return NULL;
		}
		*next = tmp;
		return n;
	}
	if (t == L_PS) {
		if (!(n = parse_or(p, *next, &tmp)))
			return NULL;
		if (!tok_log(tmp, next, L_PE)) {
			log_error("Syntax error: right parenthesis expected at '%s'", skip_space(tmp));
			return NULL;
		}
		return n;
	}
	return parse_item(p, s, next);
}

static struct node *parse_and(struct parser *p, const char *s, const char **next)
{
	struct node *set = NULL, *n;
	const char *tmp;
	for (;;) {
		if (!(n = parse_ex(p, s, next)))
			return NULL;
		if (!tok_log(*next, &tmp, L_AND))
			break;
		if (!set)
			set = new_node(p, N_AND);
		node_add(p, set, n);
		s = tmp;
	}
	if (!set)
		return n;
	node_add(p, set, n);
	return set;
}

static struct node *parse_or(struct parser *p, const char *s, const char **next)
{
	struct node *set = NULL, *n;
	const char *tmp;
	for (;;) {
		if (!(n = parse_and(p, s, next)))
			return NULL;
		if (!tok_log(*next, &tmp, L_OR))
			break;
		if (!set)
			set = new_node(p, N_OR);
		node_add(p, set, n);
		s = tmp;
	}
	if (!set)
		return n;
	node_add(p, set, n);
	return set;
}

int select_parse(struct arena *a, const char *expr, enum report_type type, struct selection **out)
{
	struct parser p = {a, type, NULL, time(NULL), false};
	const char *next;

	*out = NULL;
	if (!expr || !*expr || !strcasecmp(expr, "all"))
		return 0;
	p.sel = arena_alloc(a, sizeof(*p.sel));
	memset(p.sel, 0, sizeof(*p.sel));
	p.sel->type = type;
	if (!(p.sel->root = parse_or(&p, expr, &next)))
		return -EINVAL;
	next = skip_space(next);
	if (*next) {
		log_error("Expecting logical operator");
		syntax_error(next);
		return -EINVAL;
	}
	unsigned lvk = (1u << K_LV) | (1u << K_SEG), pvk = (1u << K_PV) | (1u << K_PVSEG);
	if (type == REPORT_VG && (p.sel->kinds & lvk) && (p.sel->kinds & pvk)) {
		log_error("Can't report LV and PV fields at the same time in report type \"vg\".");
		return -EINVAL;
	}
	*out = p.sel;
	return 0;
}

/* What a row of the selection's report stands for, as LVM2 widens its
 * report type for the fields named: a VG by each of its LVs (segments)
 * or PVs, a PV by each of its segments. */
static enum { W_ROW, W_LV, W_PV, W_PVSEG } widen(const struct selection *s)
{
	unsigned lvk = (1u << K_LV) | (1u << K_SEG);
	if (s->type == REPORT_VG && (s->kinds & lvk))
		return W_LV;
	if (s->type == REPORT_VG && (s->kinds & ((1u << K_PV) | (1u << K_PVSEG))))
		return W_PV;
	if (s->type == REPORT_PV && (s->kinds & (lvk | (1u << K_PVSEG))))
		return W_PVSEG;
	return W_ROW;
}

unsigned select_rows(const struct selection *s, struct arena *a, const struct report_row *r,
		     bool keep_all, struct report_row **out)
{
	struct report_row *rows = NULL;
	unsigned n = 0, cap = 0;
#define ADD(row)                                                                     \
	do {                                                                         \
		struct report_row row_ = (row);                                      \
		row_.unselected = !select_match(s, &row_);                           \
		if (row_.unselected && !keep_all)                                    \
			break;                                                       \
		if (n == cap) {                                                      \
			cap = cap ? 2 * cap : 4;                                     \
			struct report_row *nr = arena_alloc(a, cap * sizeof(*nr));   \
			if (n)                                                       \
				memcpy(nr, rows, n * sizeof(*nr));                   \
			rows = nr;                                                   \
		}                                                                    \
		rows[n++] = row_;                                                    \
	} while (0)
	switch (s ? widen(s) : W_ROW) {
	case W_ROW:
		ADD(*r);
		break;
	case W_LV:
		for (unsigned l = 0; l < r->vg->n_lvs; l++) {
			struct lv *lv = r->vg->lvs[l];
			struct report_row x = *r;
			x.lv = lv;
			if (!s->segs || !lv->n_segs)
				ADD(x);
			else
				for (unsigned k = 0; k < lv->n_segs; k++) {
					x.seg = &lv->segs[k];
					ADD(x);
				}
		}
		break;
	case W_PV:
		for (unsigned p = 0; p < r->vg->n_pvs; p++) {
			struct report_row x = *r;
			x.pv = r->vg->pvs[p];
			x.sd = x.pv->sd;
			ADD(x);
		}
		break;
	case W_PVSEG: {
		struct report_row *segs = (struct report_row *)r;
		unsigned m = r->vg && r->pv ? report_pv_segments(a, r->vg, r->pv, &segs) : 1;
		for (unsigned k = 0; k < m; k++) {
			struct report_row x = segs[k];
			if (x.lv)	/* the LV segment on this PV range */
				for (unsigned q = 0; q < x.lv->n_segs; q++)
					for (unsigned ar = 0; ar < x.lv->segs[q].n_areas; ar++)
						if (x.lv->segs[q].areas[ar].kind == AREA_PV &&
						    x.lv->segs[q].areas[ar].pv == x.pv &&
						    x.lv->segs[q].areas[ar].pe == x.pvseg_start)
							x.seg = &x.lv->segs[q];
			ADD(x);
		}
		break;
	}
	}
#undef ADD
	*out = rows;
	return n;
}

bool select_uses_segs(const struct selection *s)
{
	return s && s->segs;
}

/* ---- the commands' side ---- */

int select_from_cmd(struct cmd *c, enum report_type type, struct selection **out)
{
	*out = NULL;
	if (!arg_is_set(c, ARG_SELECT))
		return 0;
	return select_parse(&c->ctx.arena, arg_str(c, ARG_SELECT, ""), type, out) ? ECMD_FAILED : 0;
}

bool select_lv(const struct selection *s, struct vg *vg, struct lv *lv)
{
	struct report_row r = {.vg = vg, .lv = lv};
	if (!s)
		return true;
	if (!s->segs || !lv->n_segs)
		return select_match(s, &r);
	for (unsigned k = 0; k < lv->n_segs; k++) {
		r.seg = &lv->segs[k];
		if (select_match(s, &r))
			return true;
	}
	return false;
}

/* A VG or PV is selected when any of the rows it stands for is. */
bool select_vg(const struct selection *s, struct arena *a, struct vg *vg)
{
	struct report_row r = {.vg = vg}, *rows;
	return !s || select_rows(s, a, &r, false, &rows) > 0;
}

bool select_pv(const struct selection *s, struct arena *a, struct vg *vg, struct pv *pv,
	       struct scan_dev *sd)
{
	struct report_row r = {.sd = sd, .vg = vg, .pv = pv}, *rows;
	return !s || select_rows(s, a, &r, false, &rows) > 0;
}
