#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lvmgr/activate.h"
#include "lvmgr/ctx.h"
#include "lvmgr/vgio.h"
#include "lvmgr/io/dev.h"
#include "lvmgr/io/mdafault.h"
#include "lvmgr/devfilter.h"
#include "lvmgr/devnames.h"
#include "activation/kernel.h"
#include "activation/memlock.h"
#include "lvmgr/scan.h"

static int make_filter(struct ctx *c, const char *path, struct dev_filter **out)
{
	char err[256];
	*out = NULL;
	/* Unset: the default "a|.*|" accepts every device; no filter then. */
	if (!config_node(c->cfg, path))
		return 0;
	/* A single string is a one-pattern list, as LVM2 reads it. */
	if (dev_filter_new(&c->arena, config_array(c->cfg, path), out, err, sizeof(err))) {
		log_error("Invalid %s: %s", path, err);
		return -EINVAL;
	}
	return 0;
}

/* lvm.conf's memory locking while devices are suspended (memlock.h). */
static void memlock_setup(struct ctx *c)
{
	struct memlock_conf m = {.use_mlockall = config_bool(c->cfg, "activation/use_mlockall"),
				 .reserved_stack_kb = (long)config_int(c->cfg, "activation/reserved_stack"),
				 .priority = (int)config_int(c->cfg, "activation/process_priority")};
	const struct cft_value *f;
	if (config_node(c->cfg, "activation/mlock_filter") && (f = config_array(c->cfg, "activation/mlock_filter"))) {
		const char **v = arena_alloc(&c->arena, (f->n_items + 1) * sizeof(*v));
		for (const struct cft_value *i = f->items; i; i = i->next)
			if (i->type == CFT_STRING)
				v[m.n_filter++] = i->s;
		m.filter = v;
	}
	memlock_configure(&m);
}

int ctx_init(struct ctx *c, const char *const *overrides, unsigned n_overrides)
{
	int r;

	/* c->arena is set up by the caller (options live in it already). */
	if ((r = config_load(&c->arena, NULL, overrides, n_overrides, &c->cfg)))
		return r;
	time_mark("config loaded");
	if ((r = make_filter(c, "devices/global_filter", &c->global_filter)) ||
	    (r = make_filter(c, "devices/filter", &c->filter)))
		return r;
	time_mark("filters made");
	dmk_set_dev_dir(config_str(c->cfg, "devices/dir"));
	memlock_setup(c);
	c->io = io_engine_from_env(io_engine_sync_new());
	c->mda_io = io_engine_mdafault_from_env(c->io);
	/* Few devices are read synchronously: a libaio context costs an RCU
	 * grace period (~40 ms) in io_destroy. Many block devices are read
	 * concurrently through libaio with O_DIRECT (scan.c picks). */
	c->scan_io = io_engine_sync_new();
	c->locks = lock_set_new(config_str(c->cfg, "global/locking_dir"),
				config_bool(c->cfg, "global/wait_for_locks"), 0);
	return 0;
}

static void close_dev(void *arg, unsigned i)
{
	struct ctx *c = arg;
	dev_close(&c->devs[i]->dev);
	if (c->devs[i]->direct_fd >= 0)
		close(c->devs[i]->direct_fd);
}

void ctx_free(struct ctx *c)
{
	act_wait_removals(c);	/* none is left running by a command that ends well */
	vg_jobs_finish(c);	/* before the locks go */
	vg_backup_warn(c);
	time_mark("jobs finished");
	/* The last close of a block device syncs and drops its page cache:
	 * many are closed from several threads. */
	parallel_for(c->n_devs, c->n_devs >= 8 ? 4 : 1, close_dev, c);
	lock_set_free(c->locks);
	c->locks = NULL;
	devnames_free(c);
	c->filter = c->global_filter = NULL;
	if (c->mda_io != c->io)
		io_engine_destroy(c->mda_io);
	c->mda_io = NULL;
	io_engine_destroy(c->io);
	io_engine_destroy(c->scan_io);
	io_engine_destroy(c->aio_io);
	io_engine_destroy(c->thr_io);
	arena_free(&c->arena);
}
