/* lvm.conf loading, effective values and `lvmgr config` output.
 *
 * Each source stays its own parsed tree; a lookup asks them in priority
 * order, so nothing is merged unless it is printed. The defaults table is
 * turned into one more tree (parsed from lvm.conf text) so defaults are
 * looked up and printed exactly like set values. */
#include "lvmgr/config.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lvmgr/config_defaults.h"

#define CONFIG_DEFAULT_SYSTEM_DIR "/etc/lvm"

struct config {
	struct arena *a;
	const char *system_dir;
	const struct cft_node **src;	/* highest priority first */
	size_t n_src;
	struct cft_node *defaults;
};

/* ---- loading ---- */

/* Read a whole file into a malloc'd buffer. -ENOENT when it is absent. */
static int config_read_file(const char *path, char **buf, size_t *len)
{
	struct strbuf sb;
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	sb_init(&sb);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int r = -errno;
			close(fd);
			sb_free(&sb);
			return r;
		}
		sb_add(&sb, chunk, (size_t)n);
	}
	close(fd);
	*len = sb.len;
	*buf = sb.buf ? sb.buf : strdup("");
	return 0;
}

/* One configuration file: NULL in *out when it does not exist. */
static int config_load_file(struct arena *a, const char *dir, const char *name,
			    const struct cft_node **out)
{
	char *path = arena_printf(a, "%s/%s", dir, name);
	char err[256];
	char *text;
	size_t len;
	int r;

	*out = NULL;
	r = config_read_file(path, &text, &len);
	if (r == -ENOENT)
		return 0;
	if (r) {
		log_error("Failed to read config file %s: %s", path, strerror(-r));
		return r;
	}
	*out = cft_parse(a, text, len, err, sizeof(err));
	free(text);
	if (!*out) {
		log_error("Failed to parse config file %s: %s", path, err);
		return -EINVAL;
	}
	log_debug("Loaded config file %s", path);
	return 0;
}

/* The defaults table as lvm.conf text, parsed: path keys in table order
 * build one section per name. */
static struct cft_node *config_build_defaults(struct arena *a, const char *system_dir)
{
	struct strbuf sb;
	struct cft_node *root;
	char err[256];

	sb_init(&sb);
	for (size_t i = 0; i < config_n_defs; i++) {
		const struct config_def *d = &config_defs[i];
		if (d->type == CONFIG_SECTION) {
			sb_printf(&sb, "%s {\n}\n", d->path);
		} else if (d->flags & CONFIG_F_SYSDIR) {
			char *v = arena_printf(a, "%s/%s", system_dir, d->def);
			sb_printf(&sb, "%s = ", d->path);
			sb_add_quoted(&sb, v);
			sb_addc(&sb, '\n');
		} else if (d->def) {
			sb_printf(&sb, "%s = %s\n", d->path, d->def);
		}
	}
	root = cft_parse(a, sb.buf, sb.len, err, sizeof(err));
	if (!root)
		log_error("Internal error: defaults table: %s", err);
	assert(root);
	sb_free(&sb);
	return root;
}

static int config_str_to_bool(const char *s)
{
	static const char *const yes[] = { "y", "yes", "on", "true" };
	static const char *const no[] = { "n", "no", "off", "false" };

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!strcasecmp(s, yes[i]))
			return 1;
		if (!strcasecmp(s, no[i]))
			return 0;
	}
	return -1;
}

/* Does n hold a value usable as d's type? As LVM2: bools may be written as
 * y/yes/on/true words, arrays as a single string. */
static bool config_type_ok(const struct config_def *d, const struct cft_node *n)
{
	if (d->type == CONFIG_SECTION)
		return n->is_section;
	if (n->is_section || !n->v)
		return false;
	switch (d->type) {
	case CONFIG_INT:
		return n->v->type == CFT_INT;
	case CONFIG_BOOL:
		return n->v->type == CFT_INT ||
		       (n->v->type == CFT_STRING && config_str_to_bool(n->v->s) >= 0);
	case CONFIG_STRING:
		return n->v->type == CFT_STRING;
	case CONFIG_ARRAY:
		return n->v->type == CFT_ARRAY || n->v->type == CFT_STRING;
	case CONFIG_SECTION:
		break;
	}
	return false;
}

static const char *config_node_type_name(const struct cft_node *n)
{
	if (n->is_section)
		return "section";
	switch (n->v ? n->v->type : CFT_ARRAY) {
	case CFT_INT:
		return "integer";
	case CFT_FLOAT:
		return "float";
	case CFT_STRING:
		return "string";
	case CFT_ARRAY:
		break;
	}
	return "array";
}

static const char *config_type_name(enum config_type t)
{
	static const char *const names[] = {
		[CONFIG_SECTION] = "section", [CONFIG_INT] = "integer", [CONFIG_BOOL] = "bool",
		[CONFIG_STRING] = "string", [CONFIG_ARRAY] = "array",
	};
	return names[t];
}

/* Say once, at load, when a known setting has a value of the wrong type:
 * lookups then silently fall through to the next source. */
static void config_check_types(const struct config *c)
{
	for (size_t i = 0; i < config_n_defs; i++) {
		const struct config_def *d = &config_defs[i];
		for (size_t s = 0; s < c->n_src; s++) {
			const struct cft_node *n = cft_find(c->src[s], d->path);
			if (n && !config_type_ok(d, n))
				log_warn("Configuration setting \"%s\" has invalid type. Found %s, expected %s.",
					 d->path, config_node_type_name(n), config_type_name(d->type));
		}
	}
}

int config_load(struct arena *a, const char *system_dir, const char *const *overrides,
		size_t n_overrides, struct config **out)
{
	struct config *c = arena_alloc(a, sizeof(*c));
	const struct cft_node *lvm_conf, *lvmlocal;
	int r;

	*out = NULL;
	c->a = a;
	if (!system_dir || !*system_dir)
		system_dir = getenv("LVM_SYSTEM_DIR");
	if (!system_dir || !*system_dir)
		system_dir = CONFIG_DEFAULT_SYSTEM_DIR;
	c->system_dir = arena_strdup(a, system_dir);

	if ((r = config_load_file(a, c->system_dir, "lvm.conf", &lvm_conf)) ||
	    (r = config_load_file(a, c->system_dir, "lvmlocal.conf", &lvmlocal)))
		return r;

	c->src = arena_alloc(a, (n_overrides + 2) * sizeof(*c->src));
	for (size_t i = n_overrides; i-- > 0;) {
		char err[256];
		const struct cft_node *t = cft_parse(a, overrides[i], strlen(overrides[i]), err, sizeof(err));
		if (!t) {
			log_error("Failed to parse --config string \"%s\": %s", overrides[i], err);
			return -EINVAL;
		}
		c->src[c->n_src++] = t;
	}
	if (lvmlocal)
		c->src[c->n_src++] = lvmlocal;
	if (lvm_conf)
		c->src[c->n_src++] = lvm_conf;
	c->defaults = config_build_defaults(a, c->system_dir);
	config_check_types(c);
	*out = c;
	return 0;
}

const char *config_system_dir(const struct config *c)
{
	return c->system_dir;
}

/* ---- lookups ---- */

static const struct config_def *config_def_must(const char *path, enum config_type t1, enum config_type t2)
{
	const struct config_def *d = config_def_find(path);

	/* Asking for a setting missing from the table, or with the wrong
	 * type, is a bug in the caller, not in anyone's lvm.conf. */
	if (!d || (d->type != t1 && d->type != t2)) {
		log_error("Internal error: configuration setting %s is not a known %s", path,
			  config_type_name(t1));
		abort();
	}
	return d;
}

/* The highest-priority node setting d with a usable type, else NULL. */
static const struct cft_node *config_find_set(const struct config *c, const struct config_def *d)
{
	for (size_t s = 0; s < c->n_src; s++) {
		const struct cft_node *n = cft_find(c->src[s], d->path);
		if (n && config_type_ok(d, n))
			return n;
	}
	return NULL;
}

static const struct cft_value *config_default_value(const struct config *c, const char *path)
{
	const struct cft_node *n = cft_find(c->defaults, path);
	return n && !n->is_section ? n->v : NULL;
}

static int64_t config_value_int(const struct cft_value *v)
{
	if (!v)
		return 0;
	if (v->type == CFT_STRING)
		return config_str_to_bool(v->s) > 0;
	return v->type == CFT_INT ? v->i : 0;
}

int64_t config_int(const struct config *c, const char *path)
{
	const struct config_def *d = config_def_must(path, CONFIG_INT, CONFIG_BOOL);
	const struct cft_node *n = config_find_set(c, d);

	return config_value_int(n ? n->v : config_default_value(c, path));
}

bool config_bool(const struct config *c, const char *path)
{
	const struct config_def *d = config_def_must(path, CONFIG_BOOL, CONFIG_INT);
	const struct cft_node *n = config_find_set(c, d);

	return config_value_int(n ? n->v : config_default_value(c, path)) != 0;
}

const char *config_str(const struct config *c, const char *path)
{
	const struct config_def *d = config_def_must(path, CONFIG_STRING, CONFIG_STRING);
	const struct cft_node *n = config_find_set(c, d);
	const struct cft_value *v = n ? n->v : config_default_value(c, path);

	return v && v->type == CFT_STRING ? v->s : NULL;
}

const struct cft_node *config_node(const struct config *c, const char *path)
{
	const struct config_def *d = config_def_find(path);

	if (!d) {
		log_error("Internal error: configuration setting %s is not known", path);
		abort();
	}
	return config_find_set(c, d);
}

const struct cft_value *config_array(const struct config *c, const char *path)
{
	const struct config_def *d = config_def_must(path, CONFIG_ARRAY, CONFIG_ARRAY);
	const struct cft_node *n = config_find_set(c, d);
	struct cft_value *arr;

	if (!n)
		return config_default_value(c, path);
	if (n->v->type == CFT_ARRAY)
		return n->v;
	/* A single string stands for a one-item array. */
	arr = cft_value_array(c->a);
	cft_array_append(arr, cft_value_clone(c->a, n->v));
	return arr;
}

/* ---- printing ---- */

/* Child list surgery for LVM2's ordering (see config_merge). */
static void config_unlink(struct cft_node *p, struct cft_node *n)
{
	struct cft_node **pp = &p->child, *prev = NULL;

	while (*pp && *pp != n) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	if (!*pp)
		return;
	*pp = n->next;
	if (p->last == n)
		p->last = prev;
	n->next = NULL;
}

static void config_insert_after_first(struct cft_node *p, struct cft_node *n)
{
	if (!p->child) {
		p->child = p->last = n;
		n->next = NULL;
		return;
	}
	n->next = p->child->next;
	p->child->next = n;
	if (p->last == p->child)
		p->last = n;
}

/* A copy of src's children under dst, in their order. */
static void config_copy(struct arena *a, struct cft_node *dst, const struct cft_node *src)
{
	for (const struct cft_node *s = src->child; s; s = s->next) {
		if (s->is_section)
			config_copy(a, cft_new_section(a, dst, s->key), s);
		else
			cft_new_value(a, dst, s->key, s->v);
	}
}

/* Overlay src onto dst (dst nodes are new; values are shared) as LVM2's
 * merge_config_tree() does, so that `config` prints nodes in lvmconfig's
 * order: a section found merges recursively, a value found is replaced in
 * place, and a node new to dst is inserted right after dst's first child
 * (a file's top-level sections thus come out as the first one, then the
 * others in reverse order). */
static void config_merge(struct arena *a, struct cft_node *dst, const struct cft_node *src)
{
	for (const struct cft_node *s = src->child; s; s = s->next) {
		struct cft_node *d;
		for (d = dst->child; d; d = d->next)
			if (d->is_section == s->is_section && !strcmp(d->key, s->key))
				break;
		if (d && s->is_section) {
			config_merge(a, d, s);
			continue;
		}
		if (d) {
			d->v = s->v;
			continue;
		}
		if (s->is_section) {
			d = cft_new_section(a, dst, s->key);
			config_copy(a, d, s);
		} else {
			d = cft_new_value(a, dst, s->key, s->v);
		}
		if (d != dst->child) {
			config_unlink(dst, d);
			config_insert_after_first(dst, d);
		}
	}
}

/* What `config --type current` shows: every source, lowest first. */
static struct cft_node *config_current_tree(const struct config *c)
{
	struct cft_node *root = cft_new_section(c->a, NULL, "");

	for (size_t s = c->n_src; s-- > 0;)
		config_merge(c->a, root, c->src[s]);
	return root;
}

/* Every table setting with its effective value (set or default): the
 * defaults in table order, then each setting that is set (in the order of
 * the current tree) moved right after its section's first child, as
 * lvmconfig --type full merges the configuration into the defaults. */
static struct cft_node *config_full_tree(const struct config *c)
{
	struct cft_node *root = cft_new_section(c->a, NULL, "");
	struct cft_node *sec = NULL;

	for (size_t i = 0; i < config_n_defs; i++) {
		const struct config_def *d = &config_defs[i];
		const char *slash = strchr(d->path, '/');

		if (d->type == CONFIG_SECTION) {
			sec = cft_new_section(c->a, root, d->path);
			continue;
		}
		/* The table keeps each setting right after its section. */
		assert(sec && slash && !strncmp(sec->key, d->path, (size_t)(slash - d->path)));
		const struct cft_value *v = config_default_value(c, d->path);
		/* Printing trees share values and never write them. */
		if (v)
			cft_new_value(c->a, sec, slash + 1, (struct cft_value *)v);
	}
	const struct cft_node *cur = config_current_tree(c);
	for (const struct cft_node *s = cur->child; s; s = s->next) {
		if (!s->is_section)
			continue;
		for (sec = root->child; sec && strcmp(sec->key, s->key); sec = sec->next)
			;
		if (!sec)
			continue;
		for (const struct cft_node *k = s->child; k; k = k->next) {
			const char *path = arena_printf(c->a, "%s/%s", s->key, k->key);
			const struct config_def *d = config_def_find(path);
			const struct cft_node *n;
			struct cft_node *old;

			if (k->is_section || !d || d->type == CONFIG_SECTION || !(n = config_find_set(c, d)))
				continue;
			for (old = sec->child; old && (old->is_section || strcmp(old->key, k->key));
			     old = old->next)
				;
			if (old)
				config_unlink(sec, old);
			old = cft_new_value(c->a, sec, k->key, n->v);
			if (old != sec->child) {
				config_unlink(sec, old);
				config_insert_after_first(sec, old);
			}
		}
	}
	return root;
}

struct config_printer {
	const struct config *c;
	struct strbuf *out;
	bool defaults;		/* --type default: values commented out */
	struct strbuf path;	/* of the node being printed */
};

static void config_print_value(struct config_printer *p, const struct cft_node *n, unsigned depth)
{
	const struct config_def *d = config_def_find(p->path.buf);
	const struct cft_value *def = d ? config_default_value(p->c, d->path) : NULL;
	bool is_default = def && def == n->v;

	/* Defaults that are worked out at use have no value to show. */
	if (is_default && (d->flags & CONFIG_F_NO_PRINT))
		return;
	for (unsigned i = 0; i < depth; i++)
		sb_addc(p->out, '\t');
	if (p->defaults)
		sb_adds(p->out, "# ");
	sb_printf(p->out, "%s=", n->key);
	if (is_default && (d->flags & CONFIG_F_OCTAL) && n->v->type == CFT_INT && n->v->i > 0)
		sb_printf(p->out, "0%" PRIo64, (uint64_t)n->v->i);
	else
		cft_emit_value_compact(p->out, n->v);
	sb_addc(p->out, '\n');
}

static void config_print_node(struct config_printer *p, const struct cft_node *n, unsigned depth)
{
	size_t mark = p->path.len;
	bool commented = false;

	if (mark)
		sb_addc(&p->path, '/');
	sb_adds(&p->path, n->key);
	if (!n->is_section) {
		config_print_value(p, n, depth);
	} else {
		const struct config_def *d = config_def_find(p->path.buf);
		commented = p->defaults && d && (d->flags & CONFIG_F_COMMENTED);
		for (unsigned i = 0; i < depth; i++)
			sb_addc(p->out, '\t');
		sb_printf(p->out, "%s%s {\n", commented ? "# " : "", n->key);
		for (const struct cft_node *ch = n->child; ch; ch = ch->next)
			config_print_node(p, ch, depth + 1);
		for (unsigned i = 0; i < depth; i++)
			sb_addc(p->out, '\t');
		sb_adds(p->out, commented ? "# }\n" : "}\n");
	}
	p->path.len = mark;
	p->path.buf[mark] = '\0';
}

int config_print(const struct config *c, enum config_print_type type, const char *const *paths,
		 size_t n_paths, struct strbuf *out)
{
	struct config_printer p = { .c = c, .out = out, .defaults = type == CONFIG_DEFAULT };
	const struct cft_node *tree;
	int r = 0;

	switch (type) {
	case CONFIG_DEFAULT:
		tree = c->defaults;
		break;
	case CONFIG_FULL:
		tree = config_full_tree(c);
		break;
	case CONFIG_CURRENT:
	default:
		tree = config_current_tree(c);
		break;
	}
	sb_init(&p.path);
	sb_adds(&p.path, "");
	if (!n_paths) {
		for (const struct cft_node *n = tree->child; n; n = n->next)
			config_print_node(&p, n, 0);
	}
	for (size_t i = 0; i < n_paths; i++) {
		const char *path = paths[i];
		const struct cft_node *n;

		while (*path == '/')
			path++;
		n = *path ? cft_find(tree, path) : NULL;
		/* As lvmconfig: a known setting without a default has nothing
		 * to show in default/full output, and that is no error. */
		if (!n && type != CONFIG_CURRENT && config_def_find(path))
			continue;
		if (!n) {
			log_error("Configuration node %s not found", paths[i]);
			r = -ENOENT;
			continue;
		}
		/* The node's own path, for table lookups while printing. */
		const char *slash = strrchr(path, '/');
		if (slash)
			sb_add(&p.path, path, (size_t)(slash - path));
		config_print_node(&p, n, 0);
		sb_reset(&p.path);
	}
	sb_free(&p.path);
	return r;
}
