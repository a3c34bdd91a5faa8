/* lvconvert --repair of a thin pool, as LVM2 2.03's
 * _lvconvert_thin_pool_repair (tools/lvconvert.c): thin_repair reads the
 * pool's metadata LV (activated alone, read-only as LVM2's component
 * activation) and writes the VG's spare (lvolN_pmspare); the spare then
 * becomes POOL_tmeta (it takes the old metadata LV's name and id), the old
 * metadata LV stays as the visible POOL_metaN, and a new spare is
 * allocated when the VG has room. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "activation/dtree.h"
#include "lvmgr/activate.h"
#include "lvmgr/config.h"
#include "lvmgr/lv_int.h"
#include "lvmgr/lv_thin.h"
#include "lvmgr/vgio.h"

static const char *dn(struct ctx *x, const struct vg *vg, const struct lv *lv)
{
	return arena_printf(&x->arena, "%s/%s", vg->name, lv->name);
}

static const char *dev_of(struct ctx *x, const struct vg *vg, const struct lv *lv)
{
	return arena_printf(&x->arena, "/dev/mapper/%s", dt_name(&x->arena, vg->name, lv->name, NULL));
}

/* Run argv; with line, its first line of output there (the rest is read
 * and dropped). The exit status, or -errno when it could not run. */
static int run(const char *const *argv, char *line, size_t len)
{
	int fds[2] = {-1, -1};
	if (line && pipe(fds))
		return -errno;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		int e = -errno;
		if (line) {
			close(fds[0]);
			close(fds[1]);
		}
		return e;
	}
	if (!pid) {
		if (line) {
			dup2(fds[1], 1);
			close(fds[0]);
			close(fds[1]);
		}
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (line) {
		close(fds[1]);
		FILE *f = fdopen(fds[0], "r");
		char drop[4096];
		*line = 0;
		if (f) {
			if (!fgets(line, (int)len, f))
				*line = 0;
			while (fgets(drop, sizeof(drop), f))
				;
			fclose(f);
		} else
			close(fds[0]);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* LVM2's size for the spare: the largest metadata LV of the VG's pools. */
static uint64_t spare_extents(const struct vg *vg)
{
	uint64_t max = 0;
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv *p = vg->lvs[l];
		const struct lv *m = lv_is_thin_pool(p) ? vg_find_lv(vg, p->segs[0].thin->metadata_lv) : NULL;
		if (m && m->size_extents > max)
			max = m->size_extents;
	}
	uint64_t cap = ((uint64_t)2 * 16 * 1024 * 1024 + vg->extent_size - 1) / vg->extent_size;
	return max > cap ? cap : max;
}

/* thin_repair from tmeta into spare, both active for it; the transaction
 * id check of LVM2 on the result. */
static int repair_into(struct ctx *x, const struct vg *vg, const struct lv *pool, const struct lv *tmeta,
		       const struct lv *spare)
{
	const char *exe = config_str(x->cfg, "global/thin_repair_executable");
	const char *dump = config_str(x->cfg, "global/thin_dump_executable");
	const struct cft_value *opts = config_array(x->cfg, "global/thin_repair_options");
	const char *argv[48];
	unsigned n = 0;
	int r = 0, st;

	argv[n++] = exe;
	for (const struct cft_value *v = opts ? opts->items : NULL; v && n < 40; v = v->next) {
		if (v->type != CFT_STRING) {
			log_error("Invalid string in config file: global/thin_repair_options");
			return -EINVAL;
		}
		if (*v->s)
			argv[n++] = v->s;
	}
	const char *meta_path = dev_of(x, vg, tmeta), *pms_path = dev_of(x, vg, spare);
	argv[n++] = "-i";
	argv[n++] = meta_path;
	argv[n++] = "-o";
	argv[n++] = pms_path;
	argv[n] = NULL;

	if (act_lv(x, vg, spare, false, NULL)) {
		log_error("Cannot activate pool metadata spare volume %s.", spare->name);
		return -EIO;
	}
	/* LVM2 activates a component LV read-only. */
	struct lv ro = *tmeta;
	ro.flags.status &= ~(uint32_t)LV_WRITE;
	if (act_lv(x, vg, &ro, false, NULL)) {
		log_error("Cannot activate thin pool metadata volume %s.", tmeta->name);
		r = -EIO;
		goto spare;
	}
	if ((st = run(argv, NULL, 0))) {
		log_error("Repair of thin metadata volume of thin pool %s failed (status:%d). Manual repair required!",
			  dn(x, vg, pool), st < 0 ? -1 : st);
		r = -EIO;
		goto meta;
	}
	uint64_t tid = pool->segs[0].thin->transaction_id;
	if (tid && dump && *dump) {
		const char *dargv[] = {dump, pms_path, NULL};
		char line[512];
		const char *t;
		uint64_t got;
		if (run(dargv, line, sizeof(line)) < 0)
			log_warn("Cannot read output from %s %s.", dump, pms_path);
		else if ((t = strstr(line, "transaction=\"")) && sscanf(t + 13, "%" SCNu64, &got) == 1 &&
			 got != tid && got - 1 != tid)
			log_error("Transaction id %" PRIu64 " from pool \"%s/%s\" does not match repaired transaction id %" PRIu64
				  " from %s.", tid, vg->name, pool->name, got, pms_path);
	}
meta:
	if (deact_lv(x, vg, tmeta, false)) {
		log_error("Cannot deactivate thin pool metadata volume %s.", dn(x, vg, tmeta));
		r = -EIO;
	}
spare:
	if (deact_lv(x, vg, spare, false)) {
		log_error("Cannot deactivate pool metadata spare volume %s.", dn(x, vg, spare));
		r = -EIO;
	}
	return r;
}

int lv_thin_pool_repair(struct ctx *x, struct vg *vg, struct lv *pool, int spare_want, char *const *pvs,
			unsigned n_pvs)
{
	const char *exe = config_str(x->cfg, "global/thin_repair_executable");
	struct lv *tmeta = vg_find_lv(vg, pool->segs[0].thin->metadata_lv);
	struct alloc_pv_arg *pa = NULL;
	bool created;
	int r;

	if (!exe || !*exe) {
		/* sic: LVM2's spelling */
		log_error("Thin repair commnand is not configured. Repair is disabled.");
		return -EINVAL;
	}
	if (!tmeta)
		return -EINVAL;
	if ((r = lv_pv_args(x, vg, pvs, n_pvs, &pa)))
		return r;
	/* A spare for thin_repair to write, whatever --poolmetadataspare
	 * says (handle_pool_metadata_spare(..., 1)): committed when new. */
	struct lv_create_params sp = {.read_ahead = -2, .stripes = 1};
	if ((r = thin_spare_ensure(x, vg, 1, spare_extents(vg), &sp, pa, n_pvs, &created)))
		return r;
	vg_account(vg);
	if (created && (r = vg_commit(x, vg)))
		return r;
	if (!x->test && (act_state(x, vg, pool) || act_state_layer(x, vg, pool, "tpool"))) {
		log_error("Active pools cannot be repaired.  Use lvchange -an first.");
		return -EBUSY;
	}
	struct lv *spare = lv_thin_find_spare(vg);
	if (!x->test && (r = repair_into(x, vg, pool, tmeta, spare)))
		return r;

	/* The old spare is no spare any more; a new one is allocated (its
	 * own commit, as LVM2's lvcreate of it) when the VG has room. */
	spare->flags.status |= LV_VISIBLE;
	uint64_t want = spare_extents(vg);
	if (!spare_want)
		log_warn("recovery of pools without pool metadata spare LV is not automated.");
	else {
		const char *sname = arena_printf(&x->arena, "%s_pmspare", lvi_new_name(x, vg, "lvol%d"));
		struct lv *ns = lvi_new_lv(x, sname, &sp);
		ns->flags.status &= ~(uint32_t)LV_VISIBLE;
		if (!n_pvs && want > vg_free_count(vg))	/* LVM2's lvcreate says so, and goes on */
			log_error("Volume group \"%s\" has insufficient free space (%" PRIu64 " extents): %" PRIu64
				  " required.", vg->name, vg_free_count(vg), want);
		else if (!lvi_grow(x, vg, ns, vg->n_lvs, want, 1, 0, NULL, pa, n_pvs)) {
			lv_vg_add(&x->arena, vg, ns);
			vg_account(vg);
			if ((r = vg_commit(x, vg)))
				return r;
		}
	}
	const char *meta_name = lvi_new_name(x, vg, arena_printf(&x->arena, "%s_meta%%d", pool->name));
	/* swap_lv_identifiers: the repaired copy takes the metadata LV's
	 * name and id, the old metadata the spare's id, then its new name. */
	char id[sizeof(spare->id)];
	memcpy(id, spare->id, sizeof(id));
	memcpy(spare->id, tmeta->id, sizeof(id));
	memcpy(tmeta->id, id, sizeof(id));
	spare->name = tmeta->name;
	spare->flags.status &= ~(uint32_t)LV_VISIBLE;
	tmeta->name = meta_name;
	tmeta->flags.status |= LV_VISIBLE;
	vg_account(vg);
	if ((r = vg_commit(x, vg)))
		return r;
	log_warn("LV %s holds a backup of the unrepaired metadata. Use lvremove when no longer required.",
		 dn(x, vg, tmeta));
	if (vg->n_pvs > 1)
		log_warn("New metadata LV %s might use different PVs.  Move it with pvmove if required.",
			 dn(x, vg, spare));
	return 0;
}
