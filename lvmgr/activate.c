/* Activation orchestration: PV devices (loop devices for image files), the
 * pure table builder, the kernel backend, and the /dev/VG/LV links. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "activation/kernel.h"
#include "activation/tree.h"
#include "lvmgr/activate.h"
#include "lvmgr/io/loop.h"
#include "lvmgr/scan.h"

struct act_ctx {
	struct ctx *c;
	bool dry_run;
	int err;
	char msg[256];
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
	if ((r = dmk_list(&c->arena, &c->dm_devs, &c->n_dm_devs)))
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
	if (c->dm_devs != grown || n == grown_cap) {
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

const struct dmk_dev *act_state(struct ctx *c, const struct vg *vg, const struct lv *lv)
{
	char uuid[4 + 2 * ID_LEN + 1];
	struct dmk_dev key;
	list_once(c);
	if (!c->n_dm_devs)
		return NULL;
	snprintf(uuid, sizeof(uuid), "LVM-%s%s", vg->id, lv->id);
	key.uuid = uuid;
	return bsearch(&key, c->dm_devs, c->n_dm_devs, sizeof(*c->dm_devs), uuid_cmp);
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

static void unlink_lv(struct ctx *c, const char *vgname, const char *lvname)
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

static int name_cmp(const void *a, const void *b)
{
	return strcmp((*(const struct dmk_dev *const *)a)->name, (*(const struct dmk_dev *const *)b)->name);
}

static int name_key_cmp(const void *key, const void *elem)
{
	return strcmp(*(const char *const *)key, (*(const struct dmk_dev *const *)elem)->name);
}

/* A device this command made: remembered, however many (a failure later
 * in the command removes them all), listed, linked. */
static void created(struct ctx *c, const struct vg *vg, const struct lv *lv, const struct dmk_dev *made)
{
	if (c->n_created == c->cap_created) {
		unsigned cap = c->cap_created ? 2 * c->cap_created : 64;
		struct act_created *nc = arena_alloc(&c->arena, cap * sizeof(*nc));
		if (c->n_created)
			memcpy(nc, c->created, c->n_created * sizeof(*nc));
		c->created = nc;
		c->cap_created = cap;
	}
	c->created[c->n_created++] = (struct act_created){arena_strdup(&c->arena, made->name), vg->name,
							   lv->name};
	listing_add(c, made);	/* the listing changed */
	link_lv(c, vg, lv, made->name);
	log_verbose("Activated %s/%s as %s.", vg->name, lv->name, made->name);
}

int act_lv(struct ctx *c, const struct vg *vg, const struct lv *lv, bool dry_run, struct strbuf *out)
{
	struct act_ctx ac = {.c = c, .dry_run = dry_run};
	struct dm_node node;
	char err[512];
	int r;

	if ((r = dm_node_for_lv(&c->arena, vg, lv, pv_devno, &ac, &node, err, sizeof(err)))) {
		release_holds(c);
		log_error("%s", err);
		return r;
	}
	if (dry_run) {
		sb_printf(out, "%s: uuid %s%s\n", node.name, node.uuid, node.read_only ? " (read-only)" : "");
		dm_node_print(&node, false, out);
		return 0;
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
	const struct dmk_dev *st = act_state(c, vg, lv);
	if (st) {
		/* Active already: same table is nothing to do, another one is
		 * loaded and swapped in. */
		struct strbuf cur, want;
		sb_init(&cur);
		sb_init(&want);
		dmk_table(&c->arena, st->name, &cur);
		dm_node_print(&node, false, &want);
		bool same = cur.buf && want.buf && !strcmp(cur.buf, want.buf);
		sb_free(&cur);
		sb_free(&want);
		r = same ? 0 : act_reload(c, vg, lv);
		release_holds(c);
		if (!r)
			link_lv(c, vg, lv, node.name);
		return r;
	}
	for (unsigned i = 0; i < c->n_dm_devs; i++)
		if (!strcmp(c->dm_devs[i].name, node.name)) {
			release_holds(c);
			log_error("A device-mapper device named %s (uuid %s) exists but is not %s/%s.", node.name,
				  c->dm_devs[i].uuid, vg->name, lv->name);
			return -EEXIST;
		}
	struct dmk_dev made;
	r = dmk_create(&node, &made);
	release_holds(c);
	if (r)
		return r;
	created(c, vg, lv, &made);
	return 0;
}

/* Activate lvs[0..n-1] as act_lv does one by one (none dry-run), the ones
 * not active yet created together (dmk_create_many: in parallel where it
 * can). As one by one, the LVs before a failing one are made, so the
 * caller's rollback sees the same devices; *done counts the LVs active. */
int act_lvs(struct ctx *c, const struct vg *vg, struct lv *const *lvs, unsigned n, unsigned *done)
{
	const struct dm_node **nodes = arena_alloc(&c->arena, (n + 1) * sizeof(*nodes));
	unsigned k = 0;
	int r = 0;

	*done = 0;
	if (c->test || !dmk_available()) {
		for (unsigned i = 0; i < n && !r; i++)
			if (!(r = act_lv(c, vg, lvs[i], false, NULL)))
				(*done)++;
		return r;
	}
	/* The devices there before, by name: one lookup per LV. */
	list_once(c);
	const struct dmk_dev **by_name = NULL;
	if (c->n_dm_devs) {
		by_name = arena_alloc(&c->arena, c->n_dm_devs * sizeof(*by_name));
		for (unsigned j = 0; j < c->n_dm_devs; j++)
			by_name[j] = &c->dm_devs[j];
		qsort(by_name, c->n_dm_devs, sizeof(*by_name), name_cmp);
	}
	for (unsigned i = 0; i < n && !r; i++) {
		const struct lv *lv = lvs[i];
		if (act_state(c, vg, lv)) {	/* active: compared, maybe reloaded */
			if (!(r = act_lv(c, vg, lv, false, NULL)))
				(*done)++;
			continue;
		}
		struct act_ctx ac = {.c = c};
		struct dm_node *node = arena_alloc(&c->arena, sizeof(*node));
		char err[512];
		if ((r = dm_node_for_lv(&c->arena, vg, lv, pv_devno, &ac, node, err, sizeof(err)))) {
			log_error("%s", err);
			break;
		}
		/* (LV names are unique in a VG, and so are the names made of
		 * them: only a foreign device can be in the way.) */
		const struct dmk_dev *const *hit = by_name ? bsearch(&node->name, by_name, c->n_dm_devs,
								     sizeof(*by_name), name_key_cmp)
							   : NULL;
		if (hit) {
			log_error("A device-mapper device named %s (uuid %s) exists but is not %s/%s.",
				  node->name, (*hit)->uuid, vg->name, lv->name);
			r = -EEXIST;
		} else {
			nodes[k++] = node;
		}
	}
	if (k) {
		struct dmk_dev *made = arena_alloc(&c->arena, k * sizeof(*made));
		int *errs = arena_alloc(&c->arena, k * sizeof(*errs));
		int rc = dmk_create_many(nodes, k, made, errs);
		for (unsigned j = 0; j < k; j++)
			if (!errs[j]) {
				created(c, vg, nodes[j]->lv, &made[j]);
				(*done)++;
			}
		if (!r)
			r = rc;
	}
	release_holds(c);
	return r;
}

static int remove_tree(struct ctx *c, const char *prefix, bool force, const char *what);

int deact_lv(struct ctx *c, const struct vg *vg, const struct lv *lv, bool force)
{
	const struct dmk_dev *st;
	int r;

	if (!dmk_available())
		return 0;	/* nothing can be active */
	if (!(st = act_state(c, vg, lv)))
		return 0;
	if (c->test) {
		log_print("Test mode: %s/%s not deactivated.", vg->name, lv->name);
		return 0;
	}
	if (st->open_count > 0 && !force) {
		log_error("Logical volume %s/%s in use.", vg->name, lv->name);
		return -EBUSY;
	}
	if ((r = dmk_remove(st->name)))
		return r;
	unlink_lv(c, vg->name, lv->name);
	/* Its own layers (LVM2's "-real", "-cow", "-tpool", ...), now unheld. */
	char prefix[4 + 2 * ID_LEN + 2];
	snprintf(prefix, sizeof(prefix), "LVM-%s%s-", vg->id, lv->id);
	c->dm_listed = false;
	return remove_tree(c, prefix, false, "A layer of the LV is");
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
		const char **names = arena_alloc(&c->arena, (c->n_dm_devs + 1) * sizeof(*names));
		for (unsigned i = 0; i < c->n_dm_devs; i++) {
			const struct dmk_dev *d = &c->dm_devs[i];
			if (strncmp(d->uuid, prefix, pl))
				continue;
			if (d->open_count > 0 && !force) {
				left = true;
				continue;
			}
			names[n++] = d->name;
		}
		/* nobody holds these: one batch (in parallel where it can) */
		if (n && dmk_remove_many(names, n)) {
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
	int r = remove_tree(c, prefix, force, what);
	const char *dir = arena_printf(&c->arena, "%s/%s", dev_dir(c), vg->name);
	for (unsigned l = 0; l < vg->n_lvs; l++)
		unlink(arena_printf(&c->arena, "%s/%s", dir, vg->lvs[l]->name));
	rmdir(dir);	/* only when empty */
	return r;
}

int act_reload(struct ctx *c, const struct vg *vg, const struct lv *lv)
{
	struct act_ctx ac = {.c = c};
	struct dm_node node;
	char err[512];
	const struct dmk_dev *st;
	int r;

	if (!dmk_available() || !(st = act_state(c, vg, lv)) || c->test)
		return 0;	/* inactive: the new metadata is all there is */
	if ((r = dm_node_for_lv(&c->arena, vg, lv, pv_devno, &ac, &node, err, sizeof(err)))) {
		release_holds(c);
		log_error("%s", err);
		return r;
	}
	/* Load the new table inactive, suspend (flushing I/O), resume: the
	 * resume swaps the tables. A failed suspend resumes the old table. */
	if ((r = dmk_load(&node))) {
		release_holds(c);
		return r;
	}
	if ((r = dmk_suspend(node.name))) {
		dmk_resume(node.name);
		release_holds(c);
		return r;
	}
	r = dmk_resume(node.name);
	release_holds(c);
	return r;
}

int act_rename(struct ctx *c, const struct vg *vg, const char *old_name, const struct lv *lv)
{
	const struct dmk_dev *st;
	int r;
	if (c->test || !dmk_available() || !(st = act_state(c, vg, lv)))
		return 0;
	const char *newname = dm_lv_name(&c->arena, vg->name, lv->name);
	if ((r = dmk_rename(st->name, newname)))
		return r;
	unlink_lv(c, vg->name, old_name);
	link_lv(c, vg, lv, newname);
	c->dm_listed = false;
	return 0;
}

int act_rename_vg(struct ctx *c, const char *old_vg, const struct vg *vg)
{
	int r = 0;
	if (c->test || !dmk_available())
		return 0;
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct dmk_dev *st = act_state(c, vg, vg->lvs[l]);
		if (!st)
			continue;
		const char *newname = dm_lv_name(&c->arena, vg->name, vg->lvs[l]->name);
		if (dmk_rename(st->name, newname))
			r = -EIO;
		unlink_lv(c, old_vg, vg->lvs[l]->name);
		link_lv(c, vg, vg->lvs[l], newname);
		c->dm_listed = false;
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

void act_rollback(struct ctx *c)
{
	if (!c->n_created)
		return;
	/* Newest first, all in one batch (concurrently without udev). */
	const char **names = arena_alloc(&c->arena, c->n_created * sizeof(*names));
	for (unsigned i = 0; i < c->n_created; i++)
		names[i] = c->created[c->n_created - 1 - i].dm;
	if (dmk_remove_many(names, c->n_created)) {
		log_error("Rollback: could not remove every device this command created.");
	} else {
		for (unsigned i = c->n_created; i-- > 0;)
			unlink_lv(c, c->created[i].vg, c->created[i].lv);
		log_print("Rolled back: removed %u device(s) this command created.", c->n_created);
	}
	c->n_created = 0;
}
