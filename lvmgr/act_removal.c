/* Device removals left running while the command goes on (lvremove of a
 * snapshot: its device goes while the commit is written). */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "activation/kernel.h"
#include "lvmgr/activate.h"
#include "lvmgr/activate_int.h"

struct act_removal {
	struct act_removal *next;
	struct dt_backend *b;
	const char *name, *uuid, *vg, *lv;	/* in the command's arena */
	pthread_t th;
	bool threaded;
	int r;
};

static void *removal_run(void *arg)
{
	struct act_removal *m = arg;
	m->r = m->b->remove(m->b, m->name, m->uuid);
	return NULL;
}

int deact_lv_top_start(struct ctx *c, const struct vg *vg, const struct lv *lv, bool force)
{
	int r;
	if (!dmk_available())
		return 0;
	const struct dmk_dev *st = act_top_to_remove(c, vg, lv, force, &r);
	if (!st)
		return r > 0 ? 0 : r;
	struct act_removal *m = arena_alloc(&c->arena, sizeof(*m));
	*m = (struct act_removal){.b = dmk_backend(), .name = arena_strdup(&c->arena, st->name),
				  .uuid = arena_strdup(&c->arena, st->uuid), .vg = vg->name, .lv = lv->name};
	/* a backend that runs from the main thread only does it now */
	m->threaded = m->b->parallel && !pthread_create(&m->th, NULL, removal_run, m);
	if (!m->threaded)
		removal_run(m);
	m->next = c->removals;
	c->removals = m;
	c->dm_listed = false;
	return 0;
}

int act_wait_removals(struct ctx *c)
{
	int rc = 0;
	struct act_removal *m;
	while ((m = c->removals)) {
		c->removals = m->next;
		if (m->threaded)
			pthread_join(m->th, NULL);
		if (m->r) {
			log_error("device-mapper: remove %s failed: %s", m->name, strerror(-m->r));
			rc = rc ? rc : m->r;
		} else {
			act_unlink_lv(c, m->vg, m->lv);
		}
		c->dm_listed = false;
	}
	return rc;
}

