/* Running a device tree on a backend: which nodes are new, changed or
 * the same, the order of the operations (dtree.h, dt_run), and the undo
 * of a component when a step fails.
 *
 * The kernel's rules behind the order: a table can only be loaded over
 * devices that exist and have a live table (their size), so lower layers
 * come first and a new lower layer is resumed as soon as it is loaded; a
 * device is suspended only after every device above it (their I/O is
 * flushed down through it), and resumed before them; a device holds the
 * devices its live and inactive tables map onto, so an inactive table is
 * cleared before the devices it names can go. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "activation/dtree.h"
#include "lvmgr/base/testhook.h"

enum op { OP_CREATE, OP_LOAD, OP_CLEAR, OP_SUSPEND, OP_RESUME, OP_REMOVE, OP_MESSAGE };

static const char *const op_what[] = {
	[OP_CREATE] = "create",       [OP_LOAD] = "load table of", [OP_CLEAR] = "clear table of",
	[OP_SUSPEND] = "suspend",     [OP_RESUME] = "resume",      [OP_REMOVE] = "remove",
	[OP_MESSAGE] = "message to",
};

struct comp {
	struct dt_node **nodes;	/* bottom up: by height, then insertion */
	struct dt_node **resume;	/* phase 4: by height, priority, insertion */
	unsigned n;
	struct dt_backend *b;
	unsigned seq;		/* creations so far */
	unsigned ops;		/* steps taken so far (undo's not counted) */
	struct dt_failure fail[4];	/* the failing step, then failed undo steps */
	unsigned n_fail;
	bool failed;
};

static void note(struct comp *c, enum op op, const struct dt_node *n, int err, bool undo)
{
	if (c->n_fail < ARRAY_SIZE(c->fail))
		c->fail[c->n_fail++] = (struct dt_failure){op_what[op], n->name, err, undo};
}

/* A live mirror device (by its live table, or by its LV when that table
 * was not read): LVM2 suspends mirror LVs without flushing. */
static bool live_mirror(const struct dt_node *n)
{
	for (unsigned i = 0; i < n->n_old; i++)
		if (n->old[i].type && !strcmp(n->old[i].type, "mirror"))
			return true;
	return n->live && !n->old && n->lv && !n->layer && n->lv->n_segs && n->lv->segs[0].type &&
	       !strcmp(n->lv->segs[0].type, "mirror");
}

/* One operation on node n; the node's run state follows it. */
static int step(struct comp *c, enum op op, struct dt_node *n, const char *msg, bool undo)
{
	struct dt_backend *b = c->b;
	struct dmk_dev info = {0};
	struct dm_target_line *t;
	int r;

	if (!undo)
		c->ops++;
	switch (op) {
	case OP_CREATE:
		if (n->leftover) {	/* made by a command that died: ours now */
			info = *n->leftover;
			/* whatever it loaded goes first: a target already made
			 * from that table (a snapshot-merge holding its COW, a
			 * thin-pool its metadata) would refuse ours */
			r = n->leftover->inactive_table && !undo ? b->clear(b, n->name, n->uuid) : 0;
		} else
			r = b->create(b, n->name, n->uuid, dt_fixed_minor(n), &info);
		if (!r) {
			n->created = true;
			n->created_seq = c->seq++;
			n->major = info.major;
			n->minor = info.minor;
			n->numbered = info.major != 0;
		}
		break;
	case OP_LOAD:
		/* the old table back (undo) or the node's own */
		if (undo) {
			r = b->load(b, n->name, n->uuid, n->old, n->n_old, n->live->read_only);
		} else if (!(t = dt_resolve(n))) {
			r = -ENOMEM;
		} else {
			r = b->load(b, n->name, n->uuid, t, n->n_targets, n->read_only);
			dt_lines_free(t, n->n_targets);
		}
		if (!r)
			n->loaded = true;
		break;
	case OP_CLEAR:
		if (!(r = b->clear(b, n->name, n->uuid)))
			n->loaded = false;
		break;
	case OP_SUSPEND:
		if (!(r = (b->suspend_noflush && live_mirror(n) ? b->suspend_noflush : b->suspend)(b, n->name, n->uuid)))
			n->suspended = true;
		break;
	case OP_RESUME:
		if (!(r = b->resume(b, n->name, n->uuid, &info))) {
			if (n->loaded && n->live && !undo)
				n->swapped = true;	/* the new table is live */
			n->loaded = n->suspended = false;
			if (info.major) {
				n->major = info.major;
				n->minor = info.minor;
				n->numbered = true;
			}
		}
		break;
	case OP_REMOVE:
		if (!(r = b->remove(b, n->name, n->uuid)))
			n->created = n->loaded = false;
		break;
	case OP_MESSAGE:
		r = b->message(b, n->name, n->uuid, msg);
		break;
	default:
		r = -EINVAL;
	}
	if (r)
		note(c, op, n, r, undo);
	return r;
}

static uint64_t lines_len(const struct dm_target_line *t, unsigned n)
{
	uint64_t len = 0;
	for (unsigned i = 0; i < n; i++)
		len += t[i].len;
	return len;
}

static int messages(struct comp *c, struct dt_node *n)
{
	int r;
	if (n->msgs_sent)
		return 0;
	for (unsigned i = 0; i < n->n_msgs; i++)
		if ((r = step(c, OP_MESSAGE, n, n->msgs[i], false)))
			return r;
	n->msgs_sent = true;
	return 0;
}

/* Back to the state before: what this component loaded into live devices
 * cleared, tables it swapped in replaced by the old ones, what it
 * suspended resumed, what it created removed, newest first. Best effort:
 * each failed step is noted and the rest still tried. (Target messages
 * sent cannot be taken back: the types that send them undo by message.) */
static void undo(struct comp *c)
{
	for (unsigned i = c->n; i-- > 0;) {
		struct dt_node *n = c->nodes[i];
		if (n->loaded && n->live)
			step(c, OP_CLEAR, n, NULL, true);
	}
	for (unsigned i = c->n; i-- > 0;) {
		struct dt_node *n = c->nodes[i];
		if (!n->swapped)
			continue;
		if (!step(c, OP_LOAD, n, NULL, true) && (n->suspended || !step(c, OP_SUSPEND, n, NULL, true)))
			step(c, OP_RESUME, n, NULL, true);
		n->swapped = false;
	}
	for (unsigned i = 0; i < c->n; i++) {
		struct dt_node *n = c->nodes[i];
		if (n->suspended && n->live)
			step(c, OP_RESUME, n, NULL, true);
	}
	for (unsigned s = c->seq; s-- > 0;)
		for (unsigned i = 0; i < c->n; i++)
			if (c->nodes[i]->created && c->nodes[i]->created_seq == s)
				step(c, OP_REMOVE, c->nodes[i], NULL, true);
}

/* The four phases of dt_run for one component; on failure, undo. */
static int run_comp(struct comp *c)
{
	int r = 0;

	/* 0: a live device left suspended (a command killed between its
	 * suspend and resume), bottom up: whatever it had loaded inactive
	 * cleared, resumed on its live table. Only then the plan's own
	 * suspensions: a device above one left suspended cannot be suspended
	 * with a flush (its I/O waits below for ever). */
	for (unsigned i = 0; i < c->n && !r; i++) {
		struct dt_node *n = c->nodes[i];
		if (!n->live || !n->live->suspended)
			continue;
		if (n->live->inactive_table)
			r = step(c, OP_CLEAR, n, NULL, false);
		if (!r)
			r = step(c, OP_RESUME, n, NULL, false);
	}

	for (unsigned i = 0; i < c->n && !r; i++) {	/* 1: bottom up */
		struct dt_node *n = c->nodes[i];
		if (n->late)
			continue;
		if (n->state == DT_NEW) {
			if (!(r = step(c, OP_CREATE, n, NULL, false)) && !(r = step(c, OP_LOAD, n, NULL, false)) &&
			    n->has_parent && !(r = step(c, OP_RESUME, n, NULL, false)))
				r = messages(c, n);
		} else {
			if (n->state == DT_RELOAD)
				r = step(c, OP_LOAD, n, NULL, false);
			/* A device under others that grows takes its new table at
			 * once (LVM2's rule): the tables above are checked
			 * against the live size of what they map (dm-raid refuses
			 * images smaller than the LV, "Component device(s) too
			 * small"), e.g. an extension the kernel never got because
			 * the command that committed it was killed. */
			if (!r && n->state == DT_RELOAD && n->has_parent &&
			    lines_len(n->targets, n->n_targets) > lines_len(n->old, n->n_old))
				r = step(c, OP_RESUME, n, NULL, false);
			if (!r)	/* to the live table: the nodes above may need them */
				r = messages(c, n);
		}
	}
	time_mark("dm: new devices up");
	/* (a component this run left as it found it is no new state to be
	 * killed in: the previous step's kill covers it) */
	if (c->ops)
		test_abort_at("dm-created");
	bool quiesced = false;
	for (unsigned i = c->n; i-- > 0 && !r;)	/* 2: top down */
		if (c->nodes[i]->quiet) {
			r = step(c, OP_SUSPEND, c->nodes[i], NULL, false);
			quiesced = true;
		}
	if (quiesced) {
		time_mark("dm: suspended");
		test_abort_at("suspended");
	}
	for (unsigned i = 0; i < c->n && !r; i++) {	/* 3: under the suspension */
		struct dt_node *n = c->nodes[i];
		if (!n->late)
			continue;
		if (n->state == DT_NEW)
			r = step(c, OP_CREATE, n, NULL, false);
		if (!r && n->state != DT_SAME)
			r = step(c, OP_LOAD, n, NULL, false);
	}
	time_mark("dm: loaded under the suspension");
	for (unsigned i = 0; i < c->n && !r; i++) {	/* 4: bottom up, by priority */
		struct dt_node *n = c->resume[i];
		if ((n->loaded || n->suspended) && !(r = step(c, OP_RESUME, n, NULL, false)))
			r = messages(c, n);
	}
	time_mark("dm: resumed");
	if (quiesced)
		test_pause_at("resumed");
	if (r) {
		c->failed = true;
		undo(c);
		for (unsigned i = 0; i < c->n; i++)
			c->nodes[i]->failed = true;
	}
	return r;
}

static void run_one(void *ctx, unsigned i)
{
	run_comp(&((struct comp *)ctx)[i]);
}

static unsigned height(struct dt_node *n, unsigned depth)
{
	if (n->height != ~0u)
		return n->height;
	unsigned h = 0;
	for (unsigned i = 0; i < n->n_deps && depth < 64; i++) {	/* (a cycle is a bug: cut) */
		unsigned d = height(n->deps[i], depth + 1) + 1;
		if (d > h)
			h = d;
	}
	return n->height = h;
}

static int by_height(const void *a, const void *b)
{
	const struct dt_node *x = *(const struct dt_node *const *)a, *y = *(const struct dt_node *const *)b;
	if (x->height != y->height)
		return x->height < y->height ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int by_resume(const void *a, const void *b)
{
	const struct dt_node *x = *(const struct dt_node *const *)a, *y = *(const struct dt_node *const *)b;
	if (x->height != y->height)
		return x->height < y->height ? -1 : 1;
	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int dev_uuid_cmp(const void *a, const void *b)
{
	return strcmp((*(const struct dmk_dev *const *)a)->uuid, (*(const struct dmk_dev *const *)b)->uuid);
}

static unsigned root(unsigned *p, unsigned x)
{
	while (p[x] != x)
		x = p[x] = p[p[x]];
	return x;
}

/* Drop the blanks before each line's end: the kernel ends some tables'
 * lines with one (thin-pool's feature list: "128 0 0 "), the tables built
 * here never do; without this a live pool was "changed" at every command
 * and reloaded, suspended and resumed (~0.45 s a resume under TCG) each
 * time a thin LV was created or activated. */
static void trim_eol(char *s)
{
	char *w = s;
	for (char *r = s; s && *r; r++) {
		if (*r == '\n')
			while (w > s && w[-1] == ' ')
				w--;
		*w++ = *r;
	}
	if (s)
		*w = 0;
}

/* Same table as live? The kernel prints it as dt_resolve makes it. */
static bool same_table(struct dtree *t, struct dt_backend *b, struct dt_node *n)
{
	for (unsigned i = 0; i < n->n_deps; i++)
		if (!n->deps[i]->numbered)
			return false;	/* a new device below: another table */
	if (b->table(b, t->a, n->name, n->uuid, &n->old, &n->n_old))
		return false;
	struct dm_target_line *want = dt_resolve(n);
	struct strbuf x, y;
	sb_init(&x);
	sb_init(&y);
	dt_lines_print(n->old, n->n_old, &x);
	if (want)
		dt_lines_print(want, n->n_targets, &y);
	trim_eol(x.buf);
	trim_eol(y.buf);
	bool same = want && x.buf && y.buf && !strcmp(x.buf, y.buf) && n->read_only == n->live->read_only;
	dt_lines_free(want, n->n_targets);
	sb_free(&x);
	sb_free(&y);
	return same;
}

/* What each node is (new, same, changed), what gets suspended, the
 * components. */
static unsigned plan(struct dtree *t, struct dt_backend *b, const struct dmk_dev *devs, unsigned n_devs,
		     struct dt_node **order, unsigned *comp_of)
{
	const struct dmk_dev **idx = NULL;
	unsigned nn = t->n;

	if (n_devs) {
		idx = arena_alloc(t->a, n_devs * sizeof(*idx));
		for (unsigned i = 0; i < n_devs; i++)
			idx[i] = &devs[i];
		qsort(idx, n_devs, sizeof(*idx), dev_uuid_cmp);
	}
	for (unsigned i = 0; i < nn; i++) {
		struct dt_node *n = t->nodes[i];
		n->height = ~0u;
		n->live = NULL;
		n->old = NULL;
		n->n_old = 0;
		n->has_parent = n->late = n->quiet = false;
		n->created = n->loaded = n->suspended = n->swapped = n->msgs_sent = n->failed = false;
		n->numbered = false;
		n->leftover = NULL;
		if (idx) {
			struct dmk_dev key = {.uuid = n->uuid};
			const struct dmk_dev *kp = &key, *const *hit;
			hit = bsearch(&kp, idx, n_devs, sizeof(*idx), dev_uuid_cmp);
			if (hit && (*hit)->state_pending && b->info)
				b->info(b, (struct dmk_dev *)*hit);	/* the caller's listing */
			if (hit && (*hit)->live_table) {
				n->live = *hit;
				n->major = n->live->major;
				n->minor = n->live->minor;
				n->numbered = true;
			}
			n->leftover = hit && !(*hit)->live_table ? *hit : NULL;
		}
	}
	for (unsigned i = 0; i < nn; i++) {
		height(t->nodes[i], 0);
		for (unsigned d = 0; d < t->nodes[i]->n_deps; d++)
			t->nodes[i]->deps[d]->has_parent = true;
		order[i] = t->nodes[i];
	}
	qsort(order, nn, sizeof(*order), by_height);
	for (unsigned i = 0; i < nn; i++) {	/* bottom up: deps are known first */
		struct dt_node *n = order[i];
		n->state = !n->live ? DT_NEW : same_table(t, b, n) && !n->force_reload ? DT_SAME : DT_RELOAD;
		if (n->state == DT_RELOAD)
			n->quiet = true;
	}
	for (unsigned i = 0; i < nn; i++) {
		struct dt_node *n = order[i];
		if (n->state == DT_SAME)
			continue;
		for (unsigned q = 0; q < n->n_quiesce; q++)
			if (n->quiesce[q]->live) {
				n->quiesce[q]->quiet = true;
				n->late = true;
			}
	}
	/* every live device above a suspended one is suspended first */
	for (bool more = true; more;) {
		more = false;
		for (unsigned i = 0; i < nn; i++) {
			struct dt_node *n = order[i];
			for (unsigned d = 0; d < n->n_deps && n->live && !n->quiet; d++)
				if (n->deps[d]->quiet)
					more = n->quiet = true;
		}
	}
	/* components: nodes joined by a dependency or a quiescence */
	for (unsigned i = 0; i < nn; i++)
		comp_of[i] = i;
	for (unsigned i = 0; i < nn; i++) {
		struct dt_node *n = t->nodes[i];
		for (unsigned d = 0; d < n->n_deps; d++) {
			/* a live device left as it is (a thin LV's pool) ties
			 * nothing together: its users are made independently,
			 * from several threads */
			if (n->deps[d]->state == DT_SAME && !n->deps[d]->quiet)
				continue;
			comp_of[root(comp_of, n->index)] = root(comp_of, n->deps[d]->index);
		}
		for (unsigned q = 0; q < n->n_quiesce; q++)
			comp_of[root(comp_of, n->index)] = root(comp_of, n->quiesce[q]->index);
	}
	unsigned nc = 0;
	unsigned *id = arena_alloc(t->a, (nn + 1) * sizeof(*id));
	for (unsigned i = 0; i < nn; i++)
		id[i] = ~0u;
	for (unsigned i = 0; i < nn; i++) {
		unsigned r = root(comp_of, i);
		if (id[r] == ~0u)
			id[r] = nc++;
		t->nodes[i]->comp = id[r];
	}
	return nc;
}

int dt_run(struct dtree *t, struct dt_backend *b, const struct dmk_dev *devs, unsigned n_devs,
	   struct dt_result *res)
{
	unsigned nn = t->n;
	int r = 0;

	res->fail = NULL;
	res->n_fail = res->n_comp_failed = 0;
	if (!nn)
		return 0;
	struct dt_node **order = arena_alloc(t->a, nn * sizeof(*order));
	unsigned *comp_of = arena_alloc(t->a, nn * sizeof(*comp_of));
	unsigned nc = plan(t, b, devs, n_devs, order, comp_of);
	struct comp *c = arena_alloc(t->a, nc * sizeof(*c));
	memset(c, 0, nc * sizeof(*c));
	for (unsigned i = 0; i < nn; i++)
		c[order[i]->comp].n++;
	for (unsigned k = 0; k < nc; k++) {
		c[k].nodes = arena_alloc(t->a, c[k].n * sizeof(*c[k].nodes));
		c[k].resume = arena_alloc(t->a, c[k].n * sizeof(*c[k].resume));
		c[k].b = b;
		c[k].n = 0;
	}
	for (unsigned i = 0; i < nn; i++) {
		struct comp *k = &c[order[i]->comp];
		k->nodes[k->n] = k->resume[k->n] = order[i];
		k->n++;
	}
	for (unsigned k = 0; k < nc; k++)
		qsort(c[k].resume, c[k].n, sizeof(*c[k].resume), by_resume);
	parallel_for(nc, b->parallel && res->threads > 1 ? res->threads : 1, run_one, c);
	unsigned nf = 0;
	for (unsigned k = 0; k < nc; k++)
		nf += c[k].n_fail;
	res->fail = arena_alloc(t->a, (nf + 1) * sizeof(*res->fail));
	for (unsigned k = 0; k < nc; k++) {
		if (c[k].failed) {
			res->n_comp_failed++;
			r = c[k].fail[0].err;
		}
		for (unsigned f = 0; f < c[k].n_fail; f++)
			res->fail[res->n_fail++] = c[k].fail[f];
	}
	return r;
}

struct rm_batch {
	struct dt_backend *b;
	const struct dmk_dev *const *devs;
	int *errs;
};

static void rm_one(void *ctx, unsigned i)
{
	struct rm_batch *x = ctx;
	x->errs[i] = x->b->remove(x->b, x->devs[i]->name, x->devs[i]->uuid);
}

int dt_remove_many(struct dt_backend *b, const struct dmk_dev *const *devs, unsigned n, unsigned threads,
		   int *errs)
{
	struct rm_batch x = {b, devs, errs};
	int r = 0;
	parallel_for(n, b->parallel && threads > 1 ? threads : 1, rm_one, &x);
	for (unsigned i = 0; i < n; i++)
		if (errs[i])
			r = errs[i];
	return r;
}
