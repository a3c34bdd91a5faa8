/* Activation orchestration: PV devices (loop devices for image files),
 * the device tree built from the LVs (activation/dtree.h), run on the
 * kernel backend (or printed for --dry-run), the /dev/VG/LV links, and the
 * command-wide undo of what it created. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "activation/dtree.h"
#include "activation/kernel.h"
#include "lvmgr/activate.h"
#include "lvmgr/activate_int.h"
#include "lvmgr/lv_int.h"
#include "metadata/segtypes/snapshot.h"
#include "lvmgr/lv_thin.h"
#include "lvmgr/io/loop.h"
#include "lvmgr/scan.h"

/* Independent devices are made and removed from this many threads when
 * the kernel backend can (bench/README: 8 threads on 2 vCPUs beat one;
 * removals, mostly waiting for RCU grace periods, gain on one CPU too). */
#define ACT_THREADS 8

/* Creating on one CPU has nothing to overlap (bench/README): the threads
 * would only queue on each other. */
static unsigned create_threads(void)
{
	return cpu_thread_helps() ? ACT_THREADS : 1;
}

struct act_ctx {
	struct ctx *c;
	bool dry_run;
	int err;
};

static int uuid_cmp(const void *a, const void *b)
{
	return strcmp(((const struct dmk_dev *)a)->uuid, ((const struct dmk_dev *)b)->uuid);
}

/* A device this command created joins the listing in its sorted place
 * instead of the next lookup listing every device again (one DM_LIST and
 * one INFO per device: vgchange -ay of N LVs made N listings, O(N^2)
 * ioctls). The array grows by doubling; grown/grown_cap remember which
 * array has spare room (the listing is in the command's arena). */
static struct dmk_dev *grown;
static unsigned grown_cap;

/* One listing per command (again after this command changed something),
 * sorted by uuid: reports look every LV up in O(log n). */
static int list_once(struct ctx *c)
{
	int r;
	if (c->dm_listed)
		return 0;
	c->dm_listed = true;
	c->n_dm_devs = 0;
	if (!dmk_available())
		return 0;
	grown = NULL;	/* a new array, exactly as large as the listing */
	grown_cap = 0;	/* (an empty listing may leave dm_devs NULL, as grown) */
	struct dt_backend *b = dmk_backend();
	if ((r = b->list(b, &c->arena, &c->dm_devs, &c->n_dm_devs)))
		return r;
	if (c->n_dm_devs)
		qsort(c->dm_devs, c->n_dm_devs, sizeof(*c->dm_devs), uuid_cmp);
	return 0;
}

static void listing_add(struct ctx *c, const struct dmk_dev *d)
{
	unsigned n = c->n_dm_devs, lo = 0, hi = n;

	if (!c->dm_listed)
		return;	/* not listed yet: the listing will show it */
	if (!grown || c->dm_devs != grown || n == grown_cap) {
		unsigned cap = n * 2 + 16;
		struct dmk_dev *v = arena_alloc(&c->arena, cap * sizeof(*v));
		if (n)
			memcpy(v, c->dm_devs, n * sizeof(*v));
		c->dm_devs = grown = v;
		grown_cap = cap;
	}
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (strcmp(c->dm_devs[mid].uuid, d->uuid) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&c->dm_devs[lo + 1], &c->dm_devs[lo], (n - lo) * sizeof(*c->dm_devs));
	c->dm_devs[lo] = *d;
	c->dm_devs[lo].name = arena_strdup(&c->arena, d->name);
	c->dm_devs[lo].uuid = arena_strdup(&c->arena, d->uuid);
	c->n_dm_devs = n + 1;
}

/* A listed device with its state read (the listing may leave it to the
 * backend's info: state_pending). */
static const struct dmk_dev *dev_state(const struct dmk_dev *d)
{
	if (d && d->state_pending) {
		struct dt_backend *b = dmk_backend();
		if (b->info)
			b->info(b, (struct dmk_dev *)d);	/* the listing's own array (arena) */
	}
	return d;
}

const struct dmk_dev *act_state(struct ctx *c, const struct vg *vg, const struct lv *lv)
{
	/* a thin pool's own device and its hidden LVs' have uuid suffixes */
	return act_state_layer(c, vg, lv, thin_uuid_layer(vg, lv));
}

const struct dmk_dev *act_state_layer(struct ctx *c, const struct vg *vg, const struct lv *lv, const char *suffix)
{
	struct dmk_dev key;
	list_once(c);
	if (!c->n_dm_devs)
		return NULL;
	char uuidl[4 + 2 * ID_LEN + 8];
	snprintf(uuidl, sizeof(uuidl), "LVM-%s%s%s%s", vg->id, lv->id, suffix ? "-" : "", suffix ? suffix : "");
	key.uuid = uuidl;
	return dev_state(bsearch(&key, c->dm_devs, c->n_dm_devs, sizeof(*c->dm_devs), uuid_cmp));
}

int act_read_ahead(const struct dmk_dev *d, uint64_t *sectors)
{
	char path[96];
	unsigned long kb;
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/bdi/read_ahead_kb", d->major, d->minor);
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	int r = fscanf(f, "%lu", &kb) == 1 ? 0 : -EIO;
	fclose(f);
	if (!r)
		*sectors = (uint64_t)kb * 2;
	return r;
}

unsigned act_count_active(struct ctx *c, const struct vg *vg)
{
	char prefix[4 + ID_LEN + 1];
	unsigned n = 0;
	list_once(c);
	snprintf(prefix, sizeof(prefix), "LVM-%s", vg->id);
	for (unsigned i = 0; i < c->n_dm_devs; i++)
		if (!strncmp(c->dm_devs[i].uuid, prefix, strlen(prefix)))
			n++;
	return n;
}

/* The "major:minor" of a PV's device; image files get a loop device. */
static const char *pv_devno(void *vctx, const struct pv *pv)
{
	struct act_ctx *ac = vctx;
	struct ctx *c = ac->c;
	struct scan_dev *sd = pv->sd;
	dev_t rdev;

	if (!sd)
		return NULL;
	if (!sd->dev.is_file)
		return arena_printf(&c->arena, "%u:%u", major(sd->dev.rdev), minor(sd->dev.rdev));
	if (sd->loop_rdev)
		return arena_printf(&c->arena, "%u:%u", major(sd->loop_rdev), minor(sd->loop_rdev));
	char devpath[64];
	int hold = -1;
	if (loop_for_file(sd->dev.path, !ac->dry_run, &rdev, &hold, devpath, sizeof(devpath))) {
		if (ac->dry_run)	/* not attached yet: show the file */
			return arena_printf(&c->arena, "%s", sd->dev.path);
		ac->err = -ENODEV;
		return NULL;
	}
	sd->loop_rdev = rdev;
	if (hold >= 0) {
		if (c->n_hold < ARRAY_SIZE(c->hold_fds))
			c->hold_fds[c->n_hold++] = hold;
		else
			close(hold);
	}
	return arena_printf(&c->arena, "%u:%u", major(rdev), minor(rdev));
}

static void release_holds(struct ctx *c)
{
	for (unsigned i = 0; i < c->n_hold; i++)
		close(c->hold_fds[i]);
	c->n_hold = 0;
}

static const char *dev_dir(struct ctx *c)
{
	return config_str(c->cfg, "devices/dir");
}

static void link_lv(struct ctx *c, const struct vg *vg, const struct lv *lv, const char *dmname)
{
	struct stat st;

	if (!lv_is_visible(vg, lv))
		return;
	const char *dir = arena_printf(&c->arena, "%s/%s", dev_dir(c), vg->name);
	const char *link = arena_printf(&c->arena, "%s/%s", dir, lv->name);
	const char *target = arena_printf(&c->arena, "../mapper/%s", dmname);
	/* One symlink call in the common case: EEXIST when udev (LVM2's
	 * rules) made it already, ENOENT for the first LV of the VG. */
	if (!symlink(target, link) || errno == EEXIST)
		return;
	if (errno == ENOENT && (!mkdir(dir, 0755) || errno == EEXIST)) {
		if (!symlink(target, link) || errno == EEXIST)
			return;
	} else if (errno == ENOENT) {
		log_warn("Cannot create %s: %s", dir, strerror(errno));
		return;
	}
	if (!lstat(link, &st))
		return;
	log_warn("Cannot create %s: %s", link, strerror(errno));
}

void act_unlink_lv(struct ctx *c, const char *vgname, const char *lvname)
{
	const char *dir = arena_printf(&c->arena, "%s/%s", dev_dir(c), vgname);
	unlink(arena_printf(&c->arena, "%s/%s", dir, lvname));
	rmdir(dir);	/* only when empty */
}

static int no_dm(void)
{
	log_error("device-mapper is not available in this kernel (no /dev/mapper/control or the dm_mod module is not loaded).");
	return -ENODEV;
}


/* The devices there before, by name, for the name checks of many LVs. */
static int dev_name_cmp(const void *a, const void *b)
{
	return strcmp((*(const struct dmk_dev *const *)a)->name, (*(const struct dmk_dev *const *)b)->name);
}

static int dev_name_key(const void *key, const void *elem)
{
	return strcmp(*(const char *const *)key, (*(const struct dmk_dev *const *)elem)->name);
}

struct names {
	const struct dmk_dev **v;
	unsigned n;
};

static void names_index(struct ctx *c, struct names *ix)
{
	ix->n = c->n_dm_devs;
	ix->v = arena_alloc(&c->arena, (ix->n + 1) * sizeof(*ix->v));
	for (unsigned i = 0; i < ix->n; i++)
		ix->v[i] = &c->dm_devs[i];
	qsort(ix->v, ix->n, sizeof(*ix->v), dev_name_cmp);
}

/* A node the tree would create whose name a device with another uuid
 * (not lvmgr's, or another LV's) has: -EEXIST, logged. */
static int name_taken(struct ctx *c, const struct vg *vg, const struct lv *lv, struct dtree *t, unsigned from,
		      const struct names *ix)
{
	for (unsigned i = from; i < t->n; i++) {
		const struct dt_node *n = t->nodes[i];
		const struct dmk_dev *const *hit =
			ix->n ? bsearch(&n->name, ix->v, ix->n, sizeof(*ix->v), dev_name_key) : NULL;
		if (hit && strcmp((*hit)->uuid, n->uuid)) {
			log_error("A device-mapper device named %s (uuid %s) exists but is not %s/%s.", n->name,
				  (*hit)->uuid, vg->name, lv->name);
			return -EEXIST;
		}
	}
	return 0;
}

/* dt_build's merge_deferred: the origin is live on snapshot-origin (a
 * merge recorded while it was open, or a command killed after recording
 * it): the merge waits for the origin's next activation. */
static bool merge_deferred(const struct dt_build *b, const struct lv *o)
{
	const char *type = act_live_target(((struct act_ctx *)b->devno_ctx)->c, b->vg, o);
	return type && !strcmp(type, "snapshot-origin");
}

const char *act_live_target(struct ctx *c, const struct vg *vg, const struct lv *lv)
{
	const struct dmk_dev *d = dmk_available() ? act_state(c, vg, lv) : NULL;
	struct dt_backend *be;
	struct dm_target_line *t;
	unsigned n;
	if (!d || !d->live_table || !(be = dmk_backend())->table ||
	    be->table(be, &c->arena, d->name, d->uuid, &t, &n) || n != 1)
		return NULL;
	return t[0].type;
}

/* Add lv (and everything below it) to t; on failure the nodes it added
 * are taken out again and the error is logged. */
typedef int (*lv_builder)(struct dt_build *b, const struct lv *lv, struct dt_node **out);

static int build_with(struct ctx *c, struct act_ctx *ac, struct dtree *t, const struct vg *vg,
		      const struct lv *lv, lv_builder fn, struct dt_node **top)
{
	struct dt_build b = {.tree = t, .vg = vg, .devno = pv_devno, .devno_ctx = ac, .merge_deferred = merge_deferred};
	unsigned before = t->n;
	int r = fn(&b, lv, top);
	if (r) {
		log_error("%s", b.err);
		dt_truncate(t, before);
	}
	return r;
}

static int build_lv(struct ctx *c, struct act_ctx *ac, struct dtree *t, const struct vg *vg,
		    const struct lv *lv, struct dt_node **top)
{
	return build_with(c, ac, t, vg, lv, dt_add_lv, top);
}

/* A device this command made: remembered, however many (a failure later
 * in the command removes them all), listed, linked. */
static void created(struct ctx *c, const struct vg *vg, const struct dt_node *n)
{
	struct dmk_dev made = {.name = n->name, .uuid = n->uuid, .major = n->major, .minor = n->minor,
			       .read_only = n->read_only, .live_table = true};
	if (c->n_created == c->cap_created) {
		unsigned cap = c->cap_created ? 2 * c->cap_created : 64;
		struct act_created *nc = arena_alloc(&c->arena, cap * sizeof(*nc));
		if (c->n_created)
			memcpy(nc, c->created, c->n_created * sizeof(*nc));
		c->created = nc;
		c->cap_created = cap;
	}
	c->created[c->n_created++] = (struct act_created){n->name, n->uuid, vg->name,
							   n->layer ? NULL : n->lv->name, n->height};
	listing_add(c, &made);	/* the listing changed */
	if (!n->layer) {
		link_lv(c, vg, n->lv, n->name);
		log_verbose("Activated %s/%s as %s.", vg->name, n->lv->name, n->name);
	}
}

static void log_failures(const struct dt_result *res)
{
	for (unsigned i = 0; i < res->n_fail; i++)
		log_error("device-mapper: %s %s failed%s: %s", res->fail[i].what, res->fail[i].name,
			  res->fail[i].undo ? " while undoing" : "", strerror(-res->fail[i].err));
}

/* Run t on the kernel; what it created joins the command's list, the LVs
 * that are active get their links. */
static int run_tree(struct ctx *c, const struct vg *vg, struct dtree *t, unsigned threads)
{
	struct dt_result res = {.threads = threads};
	int r = dt_run(t, dmk_backend(), c->dm_devs, c->n_dm_devs, &res);
	log_failures(&res);
	for (unsigned i = 0; i < t->n; i++) {
		const struct dt_node *n = t->nodes[i];
		if (n->created)
			created(c, vg, n);
		else if (!n->failed && !n->layer && n->lv)
			link_lv(c, vg, n->lv, n->name);
	}
	if (res.n_comp_failed)
		c->dm_listed = false;	/* undone devices may have left it */
	return r;
}

static int remove_tree(struct ctx *c, const char *prefix, bool force, const char *what);

/* What a command killed after its commit left behind, put right by the
 * next activation of an LV of the VG: a -real under an origin without
 * snapshots; the devices of an LV no longer in the metadata (lvremove of
 * a snapshot, a merge's end, the images and metadata LVs an lvconvert
 * took out, the -real of an external origin lvremove took while a thin LV
 * still held it), removed if unused; an LV's device under another LV's name
 * (lvconvert --splitmirrors killed before the split image's rename),
 * renamed. */
static void prune_leftovers(struct ctx *c, const struct vg *vg, const struct lv *lv)
{
	char prefix[4 + 2 * ID_LEN + 2];
	if (!lv_is_snap_origin(vg, lv) && act_state_layer(c, vg, lv, "real"))
		act_drop_layer(c, vg, lv, "real");
	list_once(c);
	snprintf(prefix, sizeof(prefix), "LVM-%s", vg->id);
	size_t pl = strlen(prefix);
	for (unsigned i = 0; i < c->n_dm_devs; i++) {
		const char *u = c->dm_devs[i].uuid, *sfx = u + pl + ID_LEN;
		/* (-real: an external origin removed while a thin LV held it) */
		if (strncmp(u, prefix, pl) || strlen(u) < pl + ID_LEN ||
		    (*sfx && strcmp(sfx, "-cow") && strcmp(sfx, "-real")))
			continue;
		const struct lv *known = NULL;
		for (unsigned l = 0; l < vg->n_lvs && !known; l++)
			if (!strncmp(u + pl, vg->lvs[l]->id, ID_LEN))
				known = vg->lvs[l];
		if (known && !*sfx) {
			const char *want = dm_lv_name(&c->arena, vg->name, known->name);
			if (strcmp(c->dm_devs[i].name, want) && !act_dm_name_used(c, want)) {
				struct dt_backend *b = dmk_backend();
				log_warn("Renaming device %s of %s/%s left by an interrupted command to %s.",
					 c->dm_devs[i].name, vg->name, known->name, want);
				if (b->rename(b, c->dm_devs[i].name, u, want))
					return;
				link_lv(c, vg, known, want);
				c->dm_listed = false;
				i = (unsigned)-1;	/* the listing changed */
				list_once(c);
			}
			continue;
		}
		if (known)
			continue;
		/* An LV no longer in the metadata: its device and layers. */
		char lvp[4 + 2 * ID_LEN + 1];
		snprintf(lvp, sizeof(lvp), "%.*s", (int)(pl + ID_LEN), u);
		if (remove_tree(c, lvp, false, "A leftover device of a removed LV is"))
			return;
		i = (unsigned)-1;	/* the listing changed */
		list_once(c);
	}
}

/* The devices fn builds for lv, made (or printed, dry_run). */
static int activate(struct ctx *c, const struct vg *vg, const struct lv *lv, lv_builder fn, bool dry_run,
		    struct strbuf *out)
{
	struct act_ctx ac = {.c = c, .dry_run = dry_run};
	struct dtree t;
	struct dt_node *top;
	int r;

	dt_init(&t, &c->arena);
	if ((r = build_with(c, &ac, &t, vg, lv, fn, &top))) {
		release_holds(c);
		return r;
	}
	if (dry_run) {
		struct dt_backend pb;
		struct dt_result res = {0};
		return dt_run(&t, dt_print_backend(&pb, out), NULL, 0, &res);
	}
	if (c->test) {
		release_holds(c);
		log_print("Test mode: %s/%s not activated.", vg->name, lv->name);
		return 0;
	}
	if (!dmk_available()) {
		release_holds(c);
		return no_dm();
	}
	list_once(c);
	struct names ix;
	names_index(c, &ix);
	if (!(r = name_taken(c, vg, lv, &t, 0, &ix)))
		r = run_tree(c, vg, &t, 1);
	release_holds(c);
	return r;
}

int act_lv(struct ctx *c, const struct vg *vg, const struct lv *lv, bool dry_run, struct strbuf *out)
{
	int r;

	if (!dry_run && (r = thin_before_activate(c, vg, lv)))
		return r;
	if ((r = activate(c, vg, lv, dt_add_lv, dry_run, out)) || dry_run || c->test)
		return r;
	prune_leftovers(c, vg, lv);
	return thin_after_activate(c, vg, lv);	/* lvmgr/thin_msg.c */
}

int act_thin_pool_stack(struct ctx *c, const struct vg *vg, const struct lv *pool)
{
	int r;

	if ((r = thin_before_activate(c, vg, pool)) || (r = activate(c, vg, pool, dt_thin_pool_stack, false, NULL)) ||
	    c->test)
		return r;
	return thin_after_activate(c, vg, pool);
}

/* Activate lvs[0..n-1] as act_lv does one by one (none dry-run), as one
 * tree: its independent parts (every linear or striped LV) made together,
 * from several threads where the backend can. As one by one, the LVs
 * before one that cannot be built are made, so the caller's rollback sees
 * the same devices; *done counts the LVs active. */
int act_lvs(struct ctx *c, const struct vg *vg, struct lv *const *lvs, unsigned n, unsigned *done)
{
	int r = 0;

	*done = 0;
	if (c->test || !dmk_available()) {
		for (unsigned i = 0; i < n && !r; i++)
			if (!(r = act_lv(c, vg, lvs[i], false, NULL)))
				(*done)++;
		return r;
	}
	/* Thin pools first, one by one (checked, their queued messages sent:
	 * act_lv's hooks), then their thin LVs with everything else in the
	 * one tree below: a pool's stack is looked at once, not once per
	 * thin LV (1,000 thin LVs were 1,000 trees of five nodes each). */
	struct lv *const *rest = lvs;
	if (thin_any(lvs, n)) {
		struct lv **v = arena_alloc(&c->arena, (n + 1) * sizeof(*v));
		unsigned k = 0;
		for (unsigned i = 0; i < n; i++)
			if (!lv_is_thin_pool(lvs[i]))
				v[k++] = lvs[i];
		rest = v;
		for (unsigned i = 0; i < n && !r; i++)
			if (lv_is_thin_pool(lvs[i]) && !(r = act_lv(c, vg, lvs[i], false, NULL)))
				(*done)++;
		/* thin LVs of pools not in the list: their pools as act_lv's
		 * hook brings them (once per pool) */
		for (unsigned i = 0; i < k && !r; i++) {
			const struct lv *pool = lv_is_thin(rest[i]) ? thin_pool_of(vg, rest[i]) : NULL;
			bool seen = false;
			for (unsigned j = 0; j < i && pool && !seen; j++)
				seen = lv_is_thin(rest[j]) && thin_pool_of(vg, rest[j]) == pool;
			if (pool && !seen)
				r = thin_before_activate(c, vg, rest[i]);
		}
		if (r)
			return r;
		n = k;
	}
	lvs = rest;
	list_once(c);
	struct names ix;
	names_index(c, &ix);
	struct act_ctx ac = {.c = c};
	struct dtree t;
	struct dt_node **tops = arena_alloc(&c->arena, (n + 1) * sizeof(*tops));
	unsigned k = 0;
	dt_init(&t, &c->arena);
	for (; k < n; k++) {
		unsigned before = t.n;
		if ((r = build_lv(c, &ac, &t, vg, lvs[k], &tops[k])))
			break;
		/* (LV names are unique in a VG, and so are the names made of
		 * them: only a foreign device can be in the way.) */
		if ((r = name_taken(c, vg, lvs[k], &t, before, &ix))) {
			dt_truncate(&t, before);
			break;
		}
	}
	int rr = run_tree(c, vg, &t, create_threads());
	for (unsigned i = 0; i < k; i++)
		*done += !tops[i]->failed;
	release_holds(c);
	return r ? r : rr;
}

static int remove_tree(struct ctx *c, const char *prefix, bool force, const char *what);

bool act_dm_name_used(struct ctx *c, const char *dm_name)
{
	if (!dmk_available() || list_once(c))
		return false;
	for (unsigned i = 0; i < c->n_dm_devs; i++)
		if (!strcmp(c->dm_devs[i].name, dm_name))
			return true;
	return false;
}

/* (activate_int.h) */
const struct dmk_dev *act_top_to_remove(struct ctx *c, const struct vg *vg, const struct lv *lv, bool force,
					int *r)
{
	const struct dmk_dev *st;

	*r = 1;
	if (!(st = act_state(c, vg, lv)))
		return NULL;
	*r = 0;
	if (c->test) {
		log_print("Test mode: %s/%s not deactivated.", vg->name, lv->name);
		return NULL;
	}
	if (st->open_count > 0 && !force) {
		char vp[4 + ID_LEN + 1];
		snprintf(vp, sizeof(vp), "LVM-%s", vg->id);
		scan_close_lv_devs(c, vp);	/* our own descriptor must not count */
		c->dm_listed = false;
		if (!(st = act_state(c, vg, lv))) {
			*r = 1;
			return NULL;
		}
	}
	if (st->open_count > 0 && !force) {
		log_error("Logical volume %s/%s in use.", vg->name, lv->name);
		*r = -EBUSY;
		return NULL;
	}
	return st;
}

/* The LV's own device (not its layers): 1 when nothing was active, 0
 * removed (or test mode), -errno (logged). */
static int remove_top(struct ctx *c, const struct vg *vg, const struct lv *lv, bool force)
{
	int r;
	const struct dmk_dev *st = act_top_to_remove(c, vg, lv, force, &r);
	if (!st)
		return r;
	struct dt_backend *b = dmk_backend();
	if ((r = b->remove(b, st->name, st->uuid))) {
		log_error("device-mapper: remove %s failed: %s", st->name, strerror(-r));
		return r;
	}
	act_unlink_lv(c, vg->name, lv->name);
	c->dm_listed = false;
	return 0;
}

int deact_lv_top(struct ctx *c, const struct vg *vg, const struct lv *lv, bool force)
{
	if (!dmk_available())
		return 0;
	int r = remove_top(c, vg, lv, force);
	return r > 0 ? 0 : r;
}

int deact_lv(struct ctx *c, const struct vg *vg, const struct lv *lv, bool force)
{
	int r;

	if (!dmk_available())
		return 0;	/* nothing can be active */
	/* An origin goes down with its snapshots, which hold its -real. */
	const struct lv *cows[256];
	unsigned nc = vg->has_snapshots && !c->test ? snap_cows_of_origin(vg, lv, cows, 256) : 0;
	for (unsigned i = 0; i < nc && i < 256; i++)
		if ((r = deact_lv(c, vg, cows[i], force)))
			return r;
	/* (a thin pool whose own device is not there may still have its
	 * -tpool stack, brought up by a thin LV) */
	if ((r = remove_top(c, vg, lv, force)) < 0 || (r > 0 && !lv_is_thin_pool(lv)))
		return r > 0 ? 0 : r;
	if (c->test || thin_pool_thins_active(c, vg, lv))	/* the pool's stack stays for them */
		return 0;
	/* Its own layers (LVM2's "-real", "-cow", "-tpool", ...), now unheld. */
	char prefix[4 + 2 * ID_LEN + 2];
	snprintf(prefix, sizeof(prefix), "LVM-%s%s-", vg->id, lv->id);
	c->dm_listed = false;
	if ((r = remove_tree(c, prefix, false, "A layer of the LV is")))
		return r;
	/* A raid LV's images and metadata LVs are devices of their own. */
	unsigned ns = 0;
	struct lv **subs = lv_raid_sub_lvs(&c->arena, vg, lv, &ns);
	for (unsigned k = 0; k < ns && !r; k++)
		r = deact_lv(c, vg, subs[k], force);
	if (r)
		return r;
	return thin_after_deactivate(c, vg, lv, force);	/* lvmgr/thin_msg.c */
}

/* Remove devs (none holding another) as one batch; errors logged. */
static int remove_batch(struct ctx *c, const struct dmk_dev *const *devs, unsigned n)
{
	int *errs = arena_alloc(&c->arena, (n + 1) * sizeof(*errs));
	int r = dt_remove_many(dmk_backend(), devs, n, ACT_THREADS, errs);
	for (unsigned i = 0; i < n; i++)
		if (errs[i])
			log_error("device-mapper: remove %s failed: %s", devs[i]->name, strerror(-errs[i]));
	return r;
}

/* Remove the dm devices whose uuid starts with prefix, upper layers first:
 * a device another device maps onto is open (held), so each round removes
 * the ones nobody holds, until none is left or the rest is in use. The
 * layered devices LVM2 builds (thin pools, raid images, snapshot -real and
 * -cow layers) go this way without lvmgr knowing their types. */
static int remove_tree(struct ctx *c, const char *prefix, bool force, const char *what)
{
	size_t pl = strlen(prefix);
	for (;;) {
		bool left = false;
		unsigned n = 0;
		c->dm_listed = false;
		list_once(c);
		const struct dmk_dev **devs = arena_alloc(&c->arena, (c->n_dm_devs + 1) * sizeof(*devs));
		for (unsigned i = 0; i < c->n_dm_devs; i++) {
			const struct dmk_dev *d = &c->dm_devs[i];
			if (strncmp(d->uuid, prefix, pl))
				continue;
			if (dev_state(d)->open_count > 0 && !force) {
				left = true;
				continue;
			}
			devs[n++] = d;
		}
		/* nobody holds these: one batch (in parallel where it can) */
		if (n && remove_batch(c, devs, n)) {
			c->dm_listed = false;
			return -EIO;
		}
		if (!left) {
			c->dm_listed = false;
			return 0;
		}
		if (!n) {
			log_error("%s in use.", what);
			return -EBUSY;
		}
	}
}

int deact_vg(struct ctx *c, const struct vg *vg, bool force)
{
	char prefix[4 + ID_LEN + 1], what[NAME_LEN + 32];
	if (!dmk_available())
		return 0;
	if (c->test) {
		log_print("Test mode: volume group %s not deactivated.", vg->name);
		return 0;
	}
	snprintf(prefix, sizeof(prefix), "LVM-%s", vg->id);
	snprintf(what, sizeof(what), "Volume group %s has logical volumes", vg->name);
	scan_close_lv_devs(c, prefix);	/* our own descriptors must not hold its LVs */
	int r = remove_tree(c, prefix, force, what);
	if (!r)
		thin_check_after_deact_vg(c, vg);	/* lvmgr/thin_check.c */
	const char *dir = arena_printf(&c->arena, "%s/%s", dev_dir(c), vg->name);
	for (unsigned l = 0; l < vg->n_lvs; l++)
		unlink(arena_printf(&c->arena, "%s/%s", dir, vg->lvs[l]->name));
	rmdir(dir);	/* only when empty */
	return r;
}

int act_reload(struct ctx *c, const struct vg *vg, const struct lv *lv)
{
	struct act_ctx ac = {.c = c};
	struct dtree t;
	struct dt_node *top;
	lv_builder fn = dt_add_lv;
	int r;

	if (!dmk_available() || c->test)
		return 0;
	if (!act_state(c, vg, lv)) {
		/* inactive: the new metadata is all there is; but a thin pool
		 * whose thin LVs are active without it has its -tpool stack */
		if (!lv_is_thin_pool(lv) || !act_state_layer(c, vg, lv, "tpool"))
			return 0;
		fn = dt_thin_pool_stack;
	}
	dt_init(&t, &c->arena);
	if ((r = build_with(c, &ac, &t, vg, lv, fn, &top))) {
		release_holds(c);
		return r;
	}
	/* The tree's order for a live device with another table: loaded
	 * inactive, suspended (flushing I/O), resumed (the swap); a failed
	 * step clears the new table and resumes the old one. */
	r = run_tree(c, vg, &t, 1);
	release_holds(c);
	return r;
}

int act_refresh(struct ctx *c, const struct vg *vg, const struct lv *lv)
{
	struct act_ctx ac = {.c = c};
	struct dtree t;
	struct dt_node *top;
	int r;

	if (!dmk_available() || !act_state(c, vg, lv) || c->test)
		return 0;
	dt_init(&t, &c->arena);
	if ((r = build_lv(c, &ac, &t, vg, lv, &top))) {
		release_holds(c);
		return r;
	}
	for (unsigned i = 0; i < t.n; i++) {
		const struct lv *l = t.nodes[i]->lv;
		/* (a snapshot origin's raid table is its -real layer) */
		t.nodes[i]->force_reload = l && l->n_segs && seg_is_raid(&l->segs[0]) &&
					   (!t.nodes[i]->layer || !strcmp(t.nodes[i]->layer, "real"));
	}
	r = run_tree(c, vg, &t, 1);
	release_holds(c);
	return r;
}

int act_drop_layers(struct ctx *c, const char *const *uuids, unsigned n)
{
	if (!dmk_available() || c->test || !n)
		return 0;
	list_once(c);
	const struct dmk_dev **devs = arena_alloc(&c->arena, (n + 1) * sizeof(*devs));
	unsigned nd = 0;
	for (unsigned i = 0; i < c->n_dm_devs; i++)
		for (unsigned k = 0; k < n; k++)
			if (!strcmp(c->dm_devs[i].uuid, uuids[k])) {
				devs[nd++] = &c->dm_devs[i];
				break;
			}
	int r = nd ? remove_batch(c, devs, nd) : 0;
	c->dm_listed = false;
	return r;
}

int act_drop_layer(struct ctx *c, const struct vg *vg, const struct lv *lv, const char *layer)
{
	const char *uuid = dt_uuid(&c->arena, vg, lv, layer);
	return act_drop_layers(c, &uuid, 1);
}

/* The device's new name: its old one with the LV's part replaced (the
 * layer suffix, "-real" or "-tpool", kept). NULL if it is not the LV's. */
static const char *renamed(struct ctx *c, const char *old_dm, const char *old_vg, const char *old_lv,
			   const char *vg, const char *lv)
{
	const char *from = dm_lv_name(&c->arena, old_vg, old_lv);
	size_t l = strlen(from);
	if (strncmp(old_dm, from, l) || (old_dm[l] && old_dm[l] != '-' && old_dm[l] != '_'))
		return NULL;
	return arena_printf(&c->arena, "%s%s", dm_lv_name(&c->arena, vg, lv), old_dm + l);
}

/* Rename every device of lv (its own and its layers: uuid LVM-<vg><lv>[-x]). */
static int rename_lv_devs(struct ctx *c, const struct vg *vg, const char *old_vg, const char *old_lv,
			  const struct lv *lv)
{
	char uuid[4 + 2 * ID_LEN + 1];
	struct dt_backend *b = dmk_backend();
	int r = 0;

	list_once(c);
	snprintf(uuid, sizeof(uuid), "LVM-%s%s", vg->id, lv->id);
	size_t ul = strlen(uuid);
	for (unsigned i = 0; i < c->n_dm_devs; i++) {
		const struct dmk_dev *d = &c->dm_devs[i];
		const char *nn;
		if (strncmp(d->uuid, uuid, ul) || (d->uuid[ul] && d->uuid[ul] != '-'))
			continue;
		if (!(nn = renamed(c, d->name, old_vg, old_lv, vg->name, lv->name)) || !strcmp(nn, d->name))
			continue;
		int e = b->rename(b, d->name, d->uuid, nn);
		if (e) {
			log_error("device-mapper: rename %s failed: %s", d->name, strerror(-e));
			r = e;
		}
	}
	c->dm_listed = false;
	return r;
}

int act_rename(struct ctx *c, const struct vg *vg, const char *old_name, const struct lv *lv)
{
	int r;
	if (c->test || !dmk_available() || !act_state(c, vg, lv))
		return 0;
	if ((r = rename_lv_devs(c, vg, vg->name, old_name, lv)))
		return r;
	act_unlink_lv(c, vg->name, old_name);
	link_lv(c, vg, lv, dm_lv_name(&c->arena, vg->name, lv->name));
	return 0;
}

int act_rename_vg(struct ctx *c, const char *old_vg, const struct vg *vg)
{
	int r = 0;
	if (c->test || !dmk_available())
		return 0;
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l];
		if (!act_state(c, vg, lv))
			continue;
		if (rename_lv_devs(c, vg, old_vg, lv->name, lv))
			r = -EIO;
		act_unlink_lv(c, old_vg, lv->name);
		link_lv(c, vg, lv, dm_lv_name(&c->arena, vg->name, lv->name));
	}
	return r;
}

int act_mknodes(struct ctx *c, const struct vg *vg)
{
	if (!dmk_available())
		return 0;
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv *lv = vg->lvs[l];
		const struct dmk_dev *st = act_state(c, vg, lv);
		if (st)
			link_lv(c, vg, lv, st->name);
		else
			unlink(arena_printf(&c->arena, "%s/%s/%s", dev_dir(c), vg->name, lv->name));
	}
	rmdir(arena_printf(&c->arena, "%s/%s", dev_dir(c), vg->name));
	return 0;
}

int act_status(struct ctx *c, const struct vg *vg, const struct lv *lv, struct dt_status *st)
{
	const struct dmk_dev *d;
	struct dm_target_line *t;
	unsigned n;
	int r;

	memset(st, 0, sizeof(*st));
	if (!dmk_available() || !(d = act_state(c, vg, lv)))
		return -ENODEV;
	struct dt_backend *b = dmk_backend();
	if ((r = b->status(b, &c->arena, d->name, d->uuid, &t, &n)))
		return r;
	/* An origin's own segments are its -real layer (LVM2's
	 * lv_info_with_seg_status): a mirror's sync, a thin LV's use. */
	const struct dmk_dev *real;
	if (n && t[0].type && !strcmp(t[0].type, "snapshot-origin") && (real = act_state_layer(c, vg, lv, "real")) &&
	    (r = b->status(b, &c->arena, real->name, real->uuid, &t, &n)))
		return r;
	return dt_status_parse(t, n, st);
}

void act_rollback(struct ctx *c)
{
	if (!c->n_created)
		return;
	/* Upper layers first, each height as one batch (concurrently where
	 * the backend can), newest first within it. */
	unsigned top = 0, failed = 0;
	for (unsigned i = 0; i < c->n_created; i++)
		if (c->created[i].height > top)
			top = c->created[i].height;
	const struct dmk_dev **devs = arena_alloc(&c->arena, c->n_created * sizeof(*devs));
	struct dmk_dev *v = arena_alloc(&c->arena, c->n_created * sizeof(*v));
	for (unsigned h = top + 1; h-- > 0;) {
		unsigned n = 0;
		for (unsigned i = c->n_created; i-- > 0;)
			if (c->created[i].height == h) {
				v[n] = (struct dmk_dev){.name = c->created[i].dm, .uuid = c->created[i].uuid};
				devs[n] = &v[n];
				n++;
			}
		if (n && remove_batch(c, devs, n))
			failed++;
	}
	c->dm_listed = false;
	if (failed) {
		log_error("Rollback: could not remove every device this command created.");
	} else {
		for (unsigned i = c->n_created; i-- > 0;)
			if (c->created[i].lv)
				act_unlink_lv(c, c->created[i].vg, c->created[i].lv);
		log_print("Rolled back: removed %u device(s) this command created.", c->n_created);
	}
	c->n_created = 0;
}
