/* lvcreate's thin forms (cmd/commands.c): a pool (--type thin-pool, -T,
 * --thinpool with -L), a thin LV in a pool (-V with -T VG/POOL or
 * --thinpool), both at once (-V -L -T), and a thin snapshot (-s of a thin
 * LV, no size). The command line becomes a request to lvmgr/lv_thin.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmd/common.h"
#include "cmd/lvflags.h"
#include "cmd/snapshot.h"
#include "cmd/lvcreate.h"
#include "lvmgr/activate.h"
#include "lvmgr/lv_thin.h"

int tags_change(struct arena *a, struct strlist *l, const struct argval *add,
		const struct argval *del, bool *changed);

/* The options every thin form shares into p; size from -L/-l when given. */
static int common_params(struct cmd *c, struct lv_create_params *p, bool pvs)
{
	const struct val *ra = arg_val(c, ARG_READAHEAD), *L = arg_val(c, ARG_SIZE), *l = arg_val(c, ARG_EXTENTS);
	bool ch = false;
	p->stripes = 1;
	if (pvs) {
		p->pvs = c->pos + 1;
		p->n_pvs = c->n_pos > 1 ? (unsigned)c->n_pos - 1 : 0;
	}
	p->alloc = arg_str(c, ARG_ALLOC, NULL);
	p->read_only = !strcmp(arg_str(c, ARG_PERMISSION, "rw"), "r");
	p->read_ahead = ra ? (int64_t)ra->num : -2;
	p->activate = arg_activate(c);
	if (L)
		p->size = (struct lv_size){LV_SIZE_SECTORS, L->num};
	else if (l) {
		if (l->pct == PCT_ORIGIN || (l->num > 100 && l->pct != PCT_NONE)) {
			log_error("Invalid argument for --extents: %s", arg_str(c, ARG_EXTENTS, ""));
			return -EINVAL;
		}
		p->size = (struct lv_size){arg_size_base(l->pct), l->num};
	}
	return tags_change(&c->ctx.arena, &p->tags, &c->args[ARG_ADDTAG], &c->args[ARG_DELTAG], &ch);
}

/* Where the pool is: --thinpool [VG/]POOL (the VG then from the first
 * positional when not in it), else the first positional VG[/POOL]. */
/* -n|--name VG/LV (LVM2's _lvcreate_name_params): the VG part must be the
 * command's VG, or gives it when no positional names one; *name gets the
 * LV part. */
static int name_arg(struct cmd *c, const char **vgname, const char **name)
{
	const char *n = arg_str(c, ARG_NAME, NULL), *slash;
	*name = n;
	if (!n)
		return 0;
	if (!strncmp(n, "/dev/", 5))
		n += 5;
	if (!(slash = strchr(n, '/')))
		return 0;
	const char *v = arena_strndup(&c->ctx.arena, n, (size_t)(slash - n));
	if (*vgname && strcmp(*vgname, v)) {
		log_error("Inconsistent volume group names given: \"%s\" and \"%s\"", *vgname, v);
		return -EINVAL;
	}
	*vgname = v;
	*name = slash + 1;
	return 0;
}

static int pool_target(struct cmd *c, const char **vgname, const char **pool, bool pos_pool)
{
	const char *tp = arg_str(c, ARG_THINPOOL, NULL), *first = c->n_pos ? vg_name_arg(c->pos[0]) : NULL;
	const char *s = tp ? tp : first, *slash;
	*pool = NULL;
	*vgname = NULL;
	if (s && !strncmp(s, "/dev/", 5))
		s += 5;
	if (s && (slash = strchr(s, '/'))) {
		*vgname = arena_strndup(&c->ctx.arena, s, (size_t)(slash - s));
		*pool = slash + 1;
	} else if (tp) {
		*pool = tp;
		*vgname = first;
		if (first && strchr(first, '/'))
			*vgname = arena_strndup(&c->ctx.arena, first, (size_t)(strchr(first, '/') - first));
	} else
		*vgname = first;
	if (pos_pool && tp && first && (slash = strchr(first, '/')) && strcmp(slash + 1, *pool)) {
		/* LVM2's _lvcreate_name_params: VG/POOL and --thinpool differ */
		log_error("Ambiguous %s name specified, %s and %s.",
			  arg_is_set(c, ARG_VIRTUALSIZE) ? "thin" : "thin-pool", slash + 1, *pool);
		return -EINVAL;
	}
	const char *unused;
	if (!c->n_pos && name_arg(c, vgname, &unused))	/* --name VG/LV as the only VG */
		return -EINVAL;
	if (!*vgname || !**vgname) {
		log_error("Please specify a volume group to use.");
		return -EINVAL;
	}
	if (*pool && (!**pool || strchr(*pool, '/'))) {
		log_error("\"%s\" is not a valid thin pool name.", tp ? tp : first);
		return -EINVAL;
	}
	return 0;
}

/* The pool options into pp (the command-line checks LVM2 makes before it
 * reads the VG); lvconvert's too (cmd/thin_convert.c). */
int thin_pool_cmd_params(struct cmd *c, struct thin_pool_params *pp);
int thin_pool_cmd_params(struct cmd *c, struct thin_pool_params *pp)
{
	uint64_t v;
	pp->zero = arg_yesno(c, ARG_ZERO, -1);
	pp->error_when_full = arg_yesno(c, ARG_ERRORWHENFULL, -1);
	pp->spare = arg_yesno(c, ARG_POOLMETADATASPARE, -1);
	pp->discards = arg_str(c, ARG_DISCARDS, NULL);
	if (arg_is_set(c, ARG_CHUNKSIZE)) {
		if (arg_size(c, ARG_CHUNKSIZE, 0, &v))
			return -EINVAL;
		if (v > UINT32_MAX || thin_chunk_check((uint32_t)v))
			return -ERANGE;	/* lvconvert fails it (5), lvcreate calls it a bad line (3): LVM2 */
		pp->chunk_size = (uint32_t)v;
	}
	const struct val *m = arg_val(c, ARG_POOLMETADATASIZE);
	if (m) {
		if (m->sign == '-') {
			log_error("Negative pool metadata size is invalid.");
			return -EINVAL;
		}
		pp->metadata_size = m->num;
	}
	return 0;
}

/* -i/-I: the pool's data LV striped (LVM2's default stripe size 64 KiB). */
static int pool_stripes(struct cmd *c, const struct vg *vg, struct lv_create_params *p)
{
	return new_stripe_args(c, vg, &p->stripes, &p->stripe_size);
}

static int read_vg(struct cmd *c, const char *vgname, struct vg **vg)
{
	if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(&c->ctx, vgname, VG_READ_FOR_UPDATE, vg))
		return -EIO;
	return 0;
}

/* After the metadata: the kernel side (messages, activation). A pool
 * made by this command (pool_too) is active as the pool LV, as LVM2's
 * lvcreate -T -L [-V] leaves it; a thin LV's message raises only the
 * pool's -tpool stack, which stays for the new thin LV when it is
 * activated and goes again otherwise (-an, a thin snapshot skipped), as
 * LVM2's: the message is never left queued. */
static int finish_thin(struct cmd *c, struct vg *vg, struct lv *pool, struct lv *lv, int activate, bool skip,
		       bool pool_too)
{
	struct ctx *x = &c->ctx;
	int r;
	if (!dmk_available() || x->test)
		return 0;
	if (pool_too && activate && (r = thin_send_queued(x, vg, pool, THIN_RAISE_POOL)))
		return r;
	if (!lv)
		return 0;
	if ((r = thin_send_queued(x, vg, pool, THIN_RAISE_STACK)))
		return r;
	if (!activate || skip)	/* a pool raised for the message only goes down again */
		return thin_pool_stack_down(x, vg, pool, false);
	if ((r = act_lv(x, vg, lv, false, NULL))) {
		log_error("Failed to activate new LV %s/%s.", vg->name, lv->name);
		return r;
	}
	return 0;
}

/* lvcreate --type thin-pool|-T|--thinpool POOL -L SIZE VG[/POOL] [PV ...] */
int lvcreate_thin_pool(struct cmd *c)
{
	struct thin_pool_params pp = {0};
	const char *vgname, *pool;
	struct vg *vg;
	struct lv *lv;

	if (thin_pool_cmd_params(c, &pp))
		return EINVALID_CMD_LINE;
	if (pool_target(c, &vgname, &pool, true) || common_params(c, &pp.lv, true))
		return EINVALID_CMD_LINE;
	const char *name;
	if (name_arg(c, &vgname, &name))
		return EINVALID_CMD_LINE;
	pp.lv.name = pool ? pool : name;
	if (pool && name && strcmp(pool, name)) {
		/* LVM2's lvcreate.c _read_activation_params... _lvcreate_params */
		log_error("Ambiguous %s name specified, %s and %s.", "thin-pool", name, pool);
		return EINVALID_CMD_LINE;
	}
	if (arg_is_set(c, ARG_MINOR) || arg_is_set(c, ARG_MAJOR)) {	/* LVM2's lvcreate.c _lvcreate_params */
		log_error("Persistent major and minor numbers are unsupported with pools.");
		return ECMD_FAILED;
	}
	if (read_vg(c, vgname, &vg))
		return ECMD_FAILED;
	if (pool_stripes(c, vg, &pp.lv))
		return EINVALID_CMD_LINE;
	if (lv_thin_pool_create(&c->ctx, vg, &pp, &lv))
		return ECMD_FAILED;
	if (finish_thin(c, vg, lv, NULL, pp.lv.activate, false, true)) {
		log_error("Failed to activate new thin pool %s/%s.", vg->name, lv->name);
		return ECMD_FAILED;
	}
	log_print("Logical volume \"%s\" created.", lv->name);
	return ECMD_PROCESSED;
}

static struct lv *find_pool(const struct vg *vg, const char *name)
{
	struct lv *p = name ? vg_find_lv(vg, name) : NULL;
	if (!p || !lv_is_thin_pool(p)) {
		log_error("Pool %s not found in Volume group %s.", name ? name : "", vg->name);
		return NULL;
	}
	return p;
}

/* lvcreate -V SIZE -T VG/POOL | --thinpool [VG/]POOL [VG]  (-n THIN);
 * with -L too, the pool is made first (LVM2's -V -L -T). */
int lvcreate_thin(struct cmd *c)
{
	struct thin_params tp = {0};
	struct thin_pool_params pp = {0};
	const char *vgname, *pool_name;
	struct vg *vg;
	struct lv *pool, *lv;
	bool with_pool = arg_is_set(c, ARG_SIZE) || arg_is_set(c, ARG_EXTENTS);

	if (with_pool && thin_pool_cmd_params(c, &pp))
		return EINVALID_CMD_LINE;
	if (with_pool && arg_is_set(c, ARG_READAHEAD)) {	/* LVM2's words (sic) */
		log_error("Ambigous --readahead parameter specified. Please use either with pool or volume.");
		return ECMD_FAILED;
	}
	if (pool_target(c, &vgname, &pool_name, true) || common_params(c, &tp.lv, false))
		return EINVALID_CMD_LINE;
	if (with_pool) {
		if (common_params(c, &pp.lv, true))
			return EINVALID_CMD_LINE;
		pp.lv.name = pool_name;
		pp.lv.tags = (struct strlist){0};
	} else if (!pool_name) {
		log_error("Please specify the thin pool (-T VG/POOL or --thinpool).");
		return EINVALID_CMD_LINE;
	}
	if (name_arg(c, &vgname, &tp.lv.name))
		return EINVALID_CMD_LINE;
	tp.lv.size = (struct lv_size){LV_SIZE_SECTORS, arg_val(c, ARG_VIRTUALSIZE)->num};
	bool skip;
	if (lvcreate_flag_params(c, &tp.lv, false, &skip))
		return EINVALID_CMD_LINE;
	if (read_vg(c, vgname, &vg))
		return ECMD_FAILED;
	if (with_pool) {
		if (pool_stripes(c, vg, &pp.lv))
			return EINVALID_CMD_LINE;
		if (lv_thin_pool_create(&c->ctx, vg, &pp, &pool))
			return ECMD_FAILED;
	} else if (!(pool = find_pool(vg, pool_name)))
		return ECMD_FAILED;
	if (!with_pool && thin_reconcile(&c->ctx, vg, pool))
		return ECMD_FAILED;
	if (lv_thin_create(&c->ctx, vg, pool, &tp, &lv))
		return ECMD_FAILED;
	if (finish_thin(c, vg, pool, lv, tp.lv.activate, skip, with_pool))
		return ECMD_FAILED;
	log_print("Logical volume \"%s\" created.", lv->name);
	return ECMD_PROCESSED;
}

/* lvextend --poolmetadatasize [+]SIZE VG/POOL [PV ...] */
int lvextend_pool_metadata(struct cmd *c)
{
	const char *arg = vg_name_arg(c->pos[0]), *slash = strchr(arg, '/');
	const struct val *m = arg_val(c, ARG_POOLMETADATASIZE);
	struct vg *vg;
	struct lv *pool;
	if (!slash) {
		log_error("Please give the LV as VG/LV (%s).", c->pos[0]);
		return EINVALID_CMD_LINE;
	}
	const char *vgname = arena_strndup(&c->ctx.arena, arg, (size_t)(slash - arg));
	if (read_vg(c, vgname, &vg))
		return ECMD_FAILED;
	pool = vg_find_lv(vg, slash + 1);
	if (pool && !lv_is_thin_pool(pool) && thin_pool_of_metadata(vg, pool))	/* VG/POOL_tmeta (LVM2) */
		pool = thin_pool_of_metadata(vg, pool);
	if (!pool || !lv_is_thin_pool(pool)) {
		log_error("Logical volume %s is not a thin pool.", c->pos[0]);
		return ECMD_FAILED;
	}
	if (thin_pool_metadata_resize(&c->ctx, vg, pool, m->num, m->sign, c->pos + 1, (unsigned)c->n_pos - 1))
		return ECMD_FAILED;
	log_print("Logical volume %s/%s_tmeta successfully resized.", vgname, pool->name);
	return ECMD_PROCESSED;
}

/* lvcreate -s VG/THIN [-n NAME] (no size): a thin snapshot; with
 * --thinpool [VG/]POOL of an LV outside that pool: an external-origin
 * snapshot (no activation skip, as LVM2). */
int lvcreate_thin_snapshot(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	struct thin_params tp = {0};
	const char *arg = vg_name_arg(c->pos[0]), *slash = strchr(arg, '/');
	struct vg *vg;
	struct lv *origin, *pool, *lv;

	if (!strncmp(arg, "/dev/", 5)) {
		arg += 5;
		slash = strchr(arg, '/');
	}
	if (!slash) {
		log_error("Please specify the origin as VG/LV (%s).", c->pos[0]);
		return EINVALID_CMD_LINE;
	}
	const char *vgname = arena_strndup(&x->arena, arg, (size_t)(slash - arg));
	if ((arg_is_set(c, ARG_SNAPSHOT) && snap_options_refused(c)) || common_params(c, &tp.lv, false))
		return EINVALID_CMD_LINE;
	const char *nvg = vgname;
	if (name_arg(c, &nvg, &tp.lv.name))
		return EINVALID_CMD_LINE;
	const char *pvg = NULL, *pname = NULL;
	if (arg_is_set(c, ARG_THINPOOL)) {
		if (pool_target(c, &pvg, &pname, false))
			return EINVALID_CMD_LINE;
		if (strcmp(pvg, vgname)) {
			log_error("Thin pool %s/%s and origin %s are in different volume groups.", pvg, pname, c->pos[0]);
			return EINVALID_CMD_LINE;
		}
	}
	if (read_vg(c, vgname, &vg))
		return ECMD_FAILED;
	if (!(origin = vg_find_lv(vg, slash + 1))) {
		log_error("Failed to find logical volume \"%s/%s\"", vgname, slash + 1);
		return ECMD_FAILED;
	}
	pool = lv_is_thin(origin) ? thin_pool_of(vg, origin) : NULL;
	if (pname) {
		struct lv *p = vg_find_lv(vg, pname);
		if (p && !lv_is_thin_pool(p)) {
			log_error("Logical volume %s/%s is not a thin pool.", vgname, pname);
			return ECMD_FAILED;
		}
		if (!p && !(p = find_pool(vg, pname)))
			return ECMD_FAILED;
		if (p != pool) {
			tp.external = origin;
			pool = p;
		}
	}
	if (!pool) {	/* (LVM2's words and status, found while processing) */
		if (!strcmp(arg_str(c, ARG_SEGTYPE, ""), "thin"))
			log_error("Logical volume %s/%s is not a thin volume. Thin snapshot supports only thin origins.",
				  vgname, origin->name);
		else
			log_error("Please specify either size or extents with snapshots.");
		return ECMD_FAILED;
	}
	if (!tp.external)
		tp.origin = origin;
	/* As LVM2: thin snapshots of thin LVs are skipped by activation
	 * unless -kn; external-origin ones are not. */
	bool skip;
	if (lvcreate_flag_params(c, &tp.lv, !tp.external, &skip))
		return EINVALID_CMD_LINE;
	if (thin_reconcile(x, vg, pool) || lv_thin_create(x, vg, pool, &tp, &lv))
		return ECMD_FAILED;
	bool activate = tp.lv.activate != 0 && (!skip || arg_is_set(c, ARG_IGNORESKIP));
	if (finish_thin(c, vg, pool, lv, tp.lv.activate, !activate, false))
		return ECMD_FAILED;
	log_print("Logical volume \"%s\" created.", lv->name);
	return ECMD_PROCESSED;
}
