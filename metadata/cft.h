/* The LVM2 text grammar, shared by VG metadata and lvm.conf:
 *   key = value          value: integer, float, "string", [ v, v, ... ]
 *   name { ... }         section
 *   # comment to end of line
 * Keys are runs of characters other than white space and = { } [ ] , " # '.
 * In --config strings a key may be a path: "devices/filter = [...]" means
 * devices { filter = [...] }. Strings use \" and \\ escapes.
 * As LVM2 also accepts: 'single quoted' strings (no escapes), bare words as
 * string values (units = h), integers with a leading 0 are octal (umask =
 * 077), commas in arrays are optional and may trail. Arrays do not nest.
 *
 * The parser treats its input as hostile: bounded nesting depth, integer
 * overflow detected, every error names the line. Nodes keep the order they
 * were read in, so unknown content can be written back as it was. */
#ifndef LVMGR_CFT_H
#define LVMGR_CFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lvmgr/base/util.h"

#define CFT_MAX_DEPTH 32

enum cft_vtype { CFT_INT, CFT_FLOAT, CFT_STRING, CFT_ARRAY };

/* One member of the union is valid, the one type names: read no other. */
struct cft_value {
	enum cft_vtype type;
	/* CFT_INT of a key "creation_time" past int64: LVM2's libdm parser
	 * takes 1527120000 (2018-05-24) instead, once warned about, for texts
	 * some old 32-bit builds wrote; so does this one, and says so here. */
	bool repaired;
	union {
		int64_t i;			/* CFT_INT */
		double f;			/* CFT_FLOAT */
		const char *s;			/* CFT_STRING: unescaped, NUL-terminated */
		struct cft_value *items;	/* CFT_ARRAY: first element (NULL = []) */
	};
	size_t n_items;		/* CFT_ARRAY: number of elements */
	struct cft_value *next;	/* next element of the enclosing array */
};

struct cft_node {
	const char *key;
	struct cft_node *parent;
	struct cft_node *next;	/* next sibling, in input order */
	struct cft_node *child;	/* sections: first child (may be NULL) */
	struct cft_node *last;	/* sections: last child, for O(1) appends */
	bool is_section;
	struct cft_value *v;	/* values: the value */
	unsigned line;		/* 1-based line it started on */
};

/* Parse text (len bytes; NULs inside are an error, one final NUL is taken
 * as the terminator on-disk text carries) into a tree allocated in a.
 * Returns the root: a section with key "" holding the top level. NULL on
 * error with err = "line N: <what>". Linear time; sections with the same name
 * are kept apart (lookups search all of them in order), duplicate keys too. */
struct cft_node *cft_parse(struct arena *a, const char *text, size_t len, char *err, size_t errlen);
/* Texts of at least this many bytes are parsed in two parts by two threads
 * when they can be cut (the same tree; tests lower it to compare). */
extern size_t cft_split_min;
extern unsigned long cft_split_count;	/* split parses that succeeded */
/* Strings that did not fit the parser's packed block (the text's length:
 * each is shorter than the bytes it was read from, so never expected). */
extern unsigned long cft_str_spills;

/* Lookups. path is "a/b/c" relative to sec; the first match wins, searching
 * every section named like a path component, in input order. */
const struct cft_node *cft_find(const struct cft_node *sec, const char *path);
const struct cft_node *cft_find_section(const struct cft_node *sec, const char *path);
/* 0, -ENOENT (absent) or -EINVAL (present with another type). A float is not
 * an int; an int is accepted for a float. */
int cft_get_int(const struct cft_node *sec, const char *path, int64_t *out);
int cft_get_float(const struct cft_node *sec, const char *path, double *out);
int cft_get_str(const struct cft_node *sec, const char *path, const char **out);
/* An array node's value (CFT_ARRAY) or NULL. */
const struct cft_value *cft_get_array(const struct cft_node *sec, const char *path);

/* Building trees (for writing lvm.conf style output or tests). */
struct cft_node *cft_new_section(struct arena *a, struct cft_node *parent, const char *key);
struct cft_node *cft_new_value(struct arena *a, struct cft_node *parent, const char *key,
			       struct cft_value *v);	/* appended as the last child */

/* Values for building: allocated in a; strings copied. */
struct cft_value *cft_value_int(struct arena *a, int64_t i);
struct cft_value *cft_value_str(struct arena *a, const char *s);
struct cft_value *cft_value_array(struct arena *a);	/* empty */
void cft_array_append(struct cft_value *arr, struct cft_value *item);
struct cft_value *cft_value_clone(struct arena *a, const struct cft_value *v);

/* Emit. indent < 0: LVM2's on-disk metadata style (no indentation); else
 * indent with that many tabs per level (backup files, lvm.conf style).
 * Integers in decimal, floats with %f style LVM2 uses, strings quoted with
 * escapes, arrays on one line "[a, b]". */
void cft_emit_value(struct strbuf *sb, const struct cft_value *v);
void cft_emit_node(struct strbuf *sb, const struct cft_node *n, int indent);
/* Emit all children of sec (not sec itself). */
void cft_emit_children(struct strbuf *sb, const struct cft_node *sec, int indent);
/* lvmconfig's style for one value: arrays as ["a","b"] (no spaces). */
void cft_emit_value_compact(struct strbuf *sb, const struct cft_value *v);

/* Structural equality: keys, order, types and values; floats compare equal
 * when "%f" prints them the same (that is all the text format keeps), a
 * NULL value equals []. */
bool cft_equal(const struct cft_node *a, const struct cft_node *b);
/* cft_equal, and the same lines, parent and last-child links throughout. */
bool cft_identical(const struct cft_node *a, const struct cft_node *b);

#endif
