/* The recording fake (fake.h). Its rules are the kernel's that the tree's
 * order depends on: a table loads only over devices that exist with a live
 * table; a device named by another's live or inactive table is held and
 * cannot be removed; resume swaps an inactive table in. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activation/fake.h"

struct fdev {
	char *name, *uuid;
	unsigned minor;
	char *live, *inactive;	/* tables as printed, NULL: none */
	bool live_ro, inactive_ro, suspended;
};

struct fake {
	struct dt_backend b;
	struct fdev *devs;
	unsigned n, cap, next_minor;
	unsigned step, fail_at;
	struct strbuf log, state;
};

#define FAKE(b) ((struct fake *)(b))

static struct fdev *find(struct fake *f, const char *name, const char *uuid)
{
	for (unsigned i = 0; i < f->n; i++)
		if (uuid && *uuid ? !strcmp(f->devs[i].uuid, uuid) : !strcmp(f->devs[i].name, name))
			return &f->devs[i];
	return NULL;
}

/* Log the operation; -EIO if it is the one told to fail. */
static int op(struct fake *f, const char *what, const char *name, const char *extra)
{
	sb_printf(&f->log, "%s %s%s%s", what, name, extra ? " " : "", extra ? extra : "");
	if (f->fail_at && ++f->step == f->fail_at) {
		sb_adds(&f->log, ": failed\n");
		return -EIO;
	}
	sb_addc(&f->log, '\n');
	return 0;
}

/* Does table t name device minor ("253:<minor>" as a word)? */
static bool names(const char *t, unsigned minor)
{
	char w[32];
	size_t l = (size_t)snprintf(w, sizeof(w), "253:%u", minor);
	for (const char *p = t; p && (p = strstr(p, w)); p += l)
		if ((p == t || p[-1] == ' ') && (p[l] == ' ' || p[l] == '\n' || !p[l]))
			return true;
	return false;
}

static bool held(struct fake *f, const struct fdev *d)
{
	for (unsigned i = 0; i < f->n; i++)
		if (&f->devs[i] != d && (names(f->devs[i].live, d->minor) || names(f->devs[i].inactive, d->minor)))
			return true;
	return false;
}

static int f_create(struct dt_backend *b, const char *name, const char *uuid, int64_t minor,
		    struct dmk_dev *made)
{
	struct fake *f = FAKE(b);
	int r;
	if ((r = op(f, "create", name, NULL)))
		return r;
	for (unsigned i = 0; i < f->n; i++)
		if (!strcmp(f->devs[i].name, name) || (*uuid && !strcmp(f->devs[i].uuid, uuid)))
			return -EEXIST;
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 16;
		f->devs = realloc(f->devs, f->cap * sizeof(*f->devs));
	}
	f->devs[f->n++] = (struct fdev){strdup(name), strdup(uuid), f->next_minor++, NULL, NULL, false, false,
					false};
	if (made)
		*made = (struct dmk_dev){.name = name, .uuid = uuid, .major = 253, .minor = f->devs[f->n - 1].minor};
	return 0;
}

static int f_load(struct dt_backend *b, const char *name, const char *uuid, const struct dm_target_line *t,
		  unsigned n, bool read_only)
{
	struct fake *f = FAKE(b);
	struct fdev *d;
	struct strbuf sb;
	int r;
	if ((r = op(f, "load", name, NULL)))
		return r;
	if (!(d = find(f, name, uuid)))
		return -ENXIO;
	sb_init(&sb);
	dt_lines_print(t, n, &sb);
	/* every device named must be there, with a size (a live table) */
	for (const char *p = sb.buf; p && (p = strstr(p, "253:")); p += 4) {
		unsigned m = (unsigned)strtoul(p + 4, NULL, 10);
		const struct fdev *x = NULL;
		for (unsigned i = 0; i < f->n; i++)
			if (f->devs[i].minor == m)
				x = &f->devs[i];
		if (!x || !x->live) {
			sb_free(&sb);
			return -EINVAL;
		}
	}
	free(d->inactive);
	d->inactive = sb.buf ? sb.buf : strdup("");
	d->inactive_ro = read_only;
	return 0;
}

static int f_clear(struct dt_backend *b, const char *name, const char *uuid)
{
	struct fake *f = FAKE(b);
	struct fdev *d;
	int r;
	if ((r = op(f, "clear", name, NULL)))
		return r;
	if (!(d = find(f, name, uuid)))
		return -ENXIO;
	free(d->inactive);
	d->inactive = NULL;
	return 0;
}

static int f_suspend(struct dt_backend *b, const char *name, const char *uuid)
{
	struct fake *f = FAKE(b);
	struct fdev *d;
	int r;
	if ((r = op(f, "suspend", name, NULL)))
		return r;
	if (!(d = find(f, name, uuid)))
		return -ENXIO;
	d->suspended = true;
	return 0;
}

static int f_resume(struct dt_backend *b, const char *name, const char *uuid, struct dmk_dev *info)
{
	struct fake *f = FAKE(b);
	struct fdev *d;
	int r;
	if ((r = op(f, "resume", name, NULL)))
		return r;
	if (!(d = find(f, name, uuid)))
		return -ENXIO;
	if (d->inactive) {
		free(d->live);
		d->live = d->inactive;
		d->live_ro = d->inactive_ro;
		d->inactive = NULL;
	}
	if (!d->live)
		return -EINVAL;
	d->suspended = false;
	if (info)
		*info = (struct dmk_dev){.name = name, .uuid = uuid, .major = 253, .minor = d->minor};
	return 0;
}

static int f_remove(struct dt_backend *b, const char *name, const char *uuid)
{
	struct fake *f = FAKE(b);
	struct fdev *d;
	int r;
	if ((r = op(f, "remove", name, NULL)))
		return r;
	if (!(d = find(f, name, uuid)))
		return -ENXIO;
	if (held(f, d))
		return -EBUSY;
	free(d->name);
	free(d->uuid);
	free(d->live);
	free(d->inactive);
	*d = f->devs[--f->n];
	return 0;
}

static int f_rename(struct dt_backend *b, const char *name, const char *uuid, const char *newname)
{
	struct fake *f = FAKE(b);
	struct fdev *d;
	int r;
	if ((r = op(f, "rename", name, newname)))
		return r;
	if (!(d = find(f, name, uuid)))
		return -ENXIO;
	free(d->name);
	d->name = strdup(newname);
	return 0;
}

static int f_message(struct dt_backend *b, const char *name, const char *uuid, const char *msg)
{
	struct fake *f = FAKE(b);
	struct fdev *d;
	int r;
	if ((r = op(f, "message", name, msg)))
		return r;
	if (!(d = find(f, name, uuid)) || !d->live)
		return -ENXIO;
	return 0;
}

/* Lines of a printed table, in a. */
static int parse(struct arena *a, const char *text, struct dm_target_line **t, unsigned *n)
{
	unsigned k = 0, lines = 0;
	for (const char *p = text; p && *p; p++)
		lines += *p == '\n';
	*t = arena_alloc(a, (lines + 1) * sizeof(**t));
	for (const char *p = text; p && *p;) {
		const char *e = strchr(p, '\n');
		char *line = arena_strndup(a, p, e ? (size_t)(e - p) : strlen(p));
		char type[64];
		int used = 0;
		struct dm_target_line *l = &(*t)[k];
		if (sscanf(line, "%" SCNu64 " %" SCNu64 " %63s%n", &l->start, &l->len, type, &used) < 3)
			return -EINVAL;
		l->type = arena_strdup(a, type);
		l->params = line + used + (line[used] == ' ');
		k++;
		p = e ? e + 1 : p + strlen(p);
	}
	*n = k;
	return 0;
}

static int f_table(struct dt_backend *b, struct arena *a, const char *name, const char *uuid,
		   struct dm_target_line **t, unsigned *n)
{
	struct fdev *d = find(FAKE(b), name, uuid);
	if (!d)
		return -ENXIO;
	int r = parse(a, d->live ? d->live : "", t, n);
	/* as the kernel prints a thin-pool table: a blank after the last
	 * feature (dm-thin's emit_flags) */
	for (unsigned i = 0; !r && i < *n; i++)
		if (!strcmp((*t)[i].type, "thin-pool"))
			(*t)[i].params = arena_printf(a, "%s ", (*t)[i].params);
	return r;
}

/* Status: the targets of the live table with empty status lines (the fake
 * knows no target's state). */
static int f_status(struct dt_backend *b, struct arena *a, const char *name, const char *uuid,
		    struct dm_target_line **t, unsigned *n)
{
	int r = f_table(b, a, name, uuid, t, n);
	for (unsigned i = 0; !r && i < *n; i++)
		(*t)[i].params = "";
	return r;
}

static int f_list(struct dt_backend *b, struct arena *a, struct dmk_dev **out, unsigned *n)
{
	struct fake *f = FAKE(b);
	*out = arena_alloc(a, (f->n + 1) * sizeof(**out));
	for (unsigned i = 0; i < f->n; i++) {
		const struct fdev *d = &f->devs[i];
		/* the state left to f_info, as the kernel's listing does: a
		 * reader that skips the backend's info sees none */
		(*out)[i] = (struct dmk_dev){.name = arena_strdup(a, d->name), .uuid = arena_strdup(a, d->uuid),
					     .major = 253, .minor = d->minor, .state_pending = true};
	}
	*n = f->n;
	return 0;
}

static int f_info(struct dt_backend *b, struct dmk_dev *out)
{
	struct fake *f = FAKE(b);
	out->state_pending = false;
	out->open_count = 0;
	out->suspended = out->read_only = out->live_table = out->inactive_table = false;
	for (unsigned i = 0; i < f->n; i++) {
		const struct fdev *d = &f->devs[i];
		if (out->uuid[0] ? strcmp(d->uuid, out->uuid) : strcmp(d->name, out->name))
			continue;
		out->open_count = held(f, d);
		out->suspended = d->suspended;
		out->read_only = d->live_ro;
		out->live_table = d->live != NULL;
		out->inactive_table = d->inactive != NULL;
	}
	return 0;
}

struct dt_backend *dt_fake_new(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->b = (struct dt_backend){"fake", false, f_create, f_load, f_clear, f_suspend, f_resume, f_remove,
				   f_rename, f_message, f_status, f_table, f_list, f_info, f, NULL};
	sb_init(&f->log);
	sb_init(&f->state);
	return &f->b;
}

void dt_fake_free(struct dt_backend *b)
{
	struct fake *f = FAKE(b);
	if (!f)
		return;
	for (unsigned i = 0; i < f->n; i++) {
		free(f->devs[i].name);
		free(f->devs[i].uuid);
		free(f->devs[i].live);
		free(f->devs[i].inactive);
	}
	free(f->devs);
	sb_free(&f->log);
	sb_free(&f->state);
	free(f);
}

void dt_fake_fail_at(struct dt_backend *b, unsigned step)
{
	FAKE(b)->fail_at = step;
	FAKE(b)->step = 0;
}

int dt_fake_add(struct dt_backend *b, const char *name, const char *uuid, const char *table)
{
	struct fake *f = FAKE(b);
	unsigned fail = f->fail_at;
	size_t len = f->log.len;
	f->fail_at = 0;
	int r = f_create(b, name, uuid, -1, NULL);
	if (!r) {
		struct fdev *d = find(f, name, uuid);
		d->live = strdup(table);
	}
	f->fail_at = fail;
	f->log.len = len;	/* setting up is not an operation */
	if (f->log.buf)
		f->log.buf[len] = 0;
	return r;
}

const char *dt_fake_log(struct dt_backend *b)
{
	return FAKE(b)->log.buf ? FAKE(b)->log.buf : "";
}

void dt_fake_log_reset(struct dt_backend *b)
{
	sb_reset(&FAKE(b)->log);
}

static int fdev_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fdev *)a)->name, ((const struct fdev *)b)->name);
}

const char *dt_fake_state(struct dt_backend *b)
{
	struct fake *f = FAKE(b);
	if (f->n)	/* none yet: devs may be NULL, which qsort must not get */
		qsort(f->devs, f->n, sizeof(*f->devs), fdev_cmp);
	sb_reset(&f->state);
	for (unsigned i = 0; i < f->n; i++) {
		const struct fdev *d = &f->devs[i];
		sb_printf(&f->state, "%s %s 253:%u%s%s\n  live: %s  inactive: %s", d->name, d->uuid, d->minor,
			  d->suspended ? " suspended" : "", d->live_ro ? " ro" : "", d->live ? d->live : "-\n",
			  d->inactive ? d->inactive : "-\n");
	}
	return f->state.buf ? f->state.buf : "";
}
