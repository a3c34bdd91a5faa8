/* lvcreate, lvextend, lvreduce, lvresize: the command lines, parsed and
 * checked as values, become requests to the LV API (lvmgr/lv_api.h), which
 * applies the model's rules, allocates and commits. One handler per form
 * of lvcreate (cmd/commands.c). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmd/common.h"
#include "cmd/lvflags.h"
#include "cmd/resizefs.h"
#include "cmd/snapshot.h"
#include "lvmgr/activate.h"
#include "lvmgr/base/units.h"
#include "lvmgr/lv_thin.h"
#include "cmd/lvcreate.h"
#include "lvmgr/lv_api.h"

int tags_change(struct arena *a, struct strlist *l, const struct argval *add,
		const struct argval *del, bool *changed);

/* -L / -l (the form has at most one) as the API takes it, with the checks
 * of the value that need the command: a percentage is at most 100, and
 * %ORIGIN needs an LV (origin_ok). */
static int size_arg(struct cmd *c, bool origin_ok, struct lv_size *out, char *sign)
{
	const struct val *L = arg_val(c, ARG_SIZE), *l = arg_val(c, ARG_EXTENTS);
	if (!L && !l) {	/* lvextend VG/LV PV ...: all their free space, as LVM2 */
		*sign = '+';
		*out = (struct lv_size){LV_SIZE_PCT_PVS, 100};
		return 0;
	}
	if (L) {
		*sign = L->sign;
		*out = (struct lv_size){LV_SIZE_SECTORS, L->num};
		return 0;
	}
	*sign = l->sign;
	*out = (struct lv_size){arg_size_base(l->pct), l->num};
	if (l->pct == PCT_ORIGIN && !origin_ok) {
		arg_invalid(ARG_EXTENTS, arg_str(c, ARG_EXTENTS, ""));
		return -EINVAL;
	}
	if (l->num > 100 && l->pct != PCT_NONE && l->pct != PCT_ORIGIN) {
		log_error("Percentage %" PRIu64 "%s is more than 100%%.", l->num,
			  strchr(arg_str(c, ARG_EXTENTS, ""), '%'));
		return -EINVAL;
	}
	return 0;
}

/* -i / -I for new extents, over the defaults given; checked by the model. */
int stripe_args(struct cmd *c, const struct vg *vg, unsigned *stripes, uint32_t *stripe_size)
{
	uint64_t n, sz;
	if (arg_uint(c, ARG_STRIPES, 128, *stripes, &n) || arg_size(c, ARG_STRIPESIZE, *stripe_size, &sz))
		return -EINVAL;
	*stripes = (unsigned)n;
	*stripe_size = sz > UINT32_MAX ? UINT32_MAX : (uint32_t)sz;
	return lv_stripes_check(vg, stripes, stripe_size);
}

/* -i / -I of a new LV (lvcreate, a pool's data, lvconvert's new metadata
 * LV) over LVM2's defaults (one stripe, 64 KiB), with its words
 * (_validate_stripe_params). */
int new_stripe_args(struct cmd *c, const struct vg *vg, unsigned *stripes, uint32_t *stripe_size)
{
	*stripes = 1;
	*stripe_size = 128;
	if (stripe_args(c, vg, stripes, stripe_size))
		return -EINVAL;
	char b[32];
	if (*stripes == 1 && arg_is_set(c, ARG_STRIPESIZE))
		log_print("Ignoring stripesize argument with single stripe.");
	else if (*stripes > 1 && !arg_is_set(c, ARG_STRIPESIZE))
		log_print("Using default stripesize %s.", units_format_long(*stripe_size, b, sizeof(b)));
	return 0;
}

/* ---- lvcreate: one handler per form, one path below ---- */

/* lvcreate ... VG [PV...]  or  lvcreate ... VG/LV [PV...], and -n. */
static int lvcreate_target(struct cmd *c, const char **vgname, const char **name)
{
	const char *first = vg_name_arg(c->pos[0]), *slash = strchr(first, '/');
	*name = arg_str(c, ARG_NAME, NULL);
	*vgname = first;
	const char *ns = *name ? strchr(*name, '/') : NULL;
	if (ns && !slash) {	/* -n VG/LV (LVM2's _lvcreate_name_params) */
		size_t l = (size_t)(ns - *name);
		if (strlen(first) != l || strncmp(first, *name, l)) {
			log_error("Inconsistent volume group names given: \"%.*s\" and \"%s\"", (int)l, *name, first);
			return -EINVAL;
		}
		*name = ns + 1;
	}
	if (!slash)
		return 0;
	*vgname = arena_strndup(&c->ctx.arena, first, (size_t)(slash - first));
	if (*name && strcmp(*name, slash + 1)) {
		log_error("LV name %s and %s differ.", *name, slash + 1);
		return -EINVAL;
	}
	*name = slash + 1;
	return 0;
}

/* lvcreate's name, checked with the command line as LVM2 does (a bad or
 * reserved name is an invalid line; one that exists is found later). */
static int lvcreate_name_ok(const char *name)
{
	char err[256];
	int r = name ? lv_name_check_in(NULL, NULL, name, err, sizeof(err)) : 0;
	if (r == -EPERM)	/* reserved: the rule's own words */
		log_error("%s", err);
	else if (r)
		log_error("Logical volume name \"%s\" is invalid.", name);
	return r ? -EINVAL : 0;
}

/* The request from the options every lvcreate form takes (p->name is
 * lvcreate_target's). */
static int lvcreate_params(struct cmd *c, const struct segtype *segtype, struct lv_create_params *p)
{
	const struct val *ra = arg_val(c, ARG_READAHEAD);
	char sign;
	bool ch = false;

	p->segtype = segtype;
	p->stripes = 1;
	p->pvs = c->pos + 1;
	p->n_pvs = (unsigned)c->n_pos - 1;
	p->alloc = arg_str(c, ARG_ALLOC, NULL);
	p->read_only = !strcmp(arg_str(c, ARG_PERMISSION, "rw"), "r");
	p->read_ahead = ra ? (int64_t)ra->num : -2;
	p->zero = arg_yesno(c, ARG_ZERO, 1);
	p->wipe = arg_yesno(c, ARG_WIPESIGNATURES, p->zero);
	p->activate = arg_activate(c);
	bool skip;
	int r = lvcreate_flag_params(c, p, false, &skip);
	if (r)
		return r;
	if (skip && !arg_is_set(c, ARG_IGNORESKIP))
		p->activate = 0;	/* -k y: not activated, unless -K */
	if (size_arg(c, false, &p->size, &sign) ||
	    tags_change(&c->ctx.arena, &p->tags, &c->args[ARG_ADDTAG], &c->args[ARG_DELTAG], &ch))
		return -EINVAL;
	return 0;
}

int lvcreate_with(struct cmd *c, const struct segtype *segtype, bool striped, lvcreate_extra_fn extra)
{
	struct ctx *x = &c->ctx;
	struct lv_create_params p = {0};
	const char *vgname;
	struct vg *vg;
	struct lv *lv;

	if (lvcreate_target(c, &vgname, &p.name) || lvcreate_name_ok(p.name))
		return EINVALID_CMD_LINE;
	if (arg_activate(c) == 1 && !dmk_available()) {
		log_error("Cannot create an active LV: device-mapper is not available in this kernel (use -an).");
		return ECMD_FAILED;
	}
	if (lvcreate_params(c, segtype, &p))
		return EINVALID_CMD_LINE;
	if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(x, vgname, VG_READ_FOR_UPDATE, &vg))
		return ECMD_FAILED;
	if (striped && new_stripe_args(c, vg, &p.stripes, &p.stripe_size))
		return EINVALID_CMD_LINE;
	if (extra && extra(c, vg, &p))
		return EINVALID_CMD_LINE;
	if (lv_create(x, vg, &p, &lv))
		return ECMD_FAILED;
	log_print("Logical volume \"%s\" created.", lv->name);
	return ECMD_PROCESSED;
}

int lvcreate_linear(struct cmd *c)
{
	return lvcreate_with(c, &segtype_striped, false, NULL);
}

int lvcreate_striped(struct cmd *c)
{
	return lvcreate_with(c, &segtype_striped, true, NULL);
}

/* --type zero|error: no extents of a PV. */
int lvcreate_virtual(struct cmd *c)
{
	/* the form admits only --type zero and --type error */
	return lvcreate_with(c, segtype_find(arg_str(c, ARG_SEGTYPE, "")), false, NULL);
}

/* ---- lvextend / lvreduce / lvresize ---- */

static bool confirm_reduce(void *arg, const struct vg *vg, const struct lv *lv)
{
	struct cmd *c = arg;
	return arg_is_set(c, ARG_FORCE) ||
	       cmd_confirm(c, "Do you really want to reduce %s/%s?", vg->name, lv->name);
}

static int do_resize(struct cmd *c, enum lv_resize_mode mode)
{
	struct ctx *x = &c->ctx;
	const char *vgname, *lvname, *arg = vg_name_arg(c->pos[0]), *slash = strchr(arg, '/');
	struct lv_resize_params p = {.mode = mode, .pvs = c->pos + 1, .n_pvs = (unsigned)c->n_pos - 1,
				     .alloc = arg_str(c, ARG_ALLOC, NULL),
				     .confirm_reduce = confirm_reduce, .confirm_arg = c};
	struct vg *vg;
	uint64_t old;
	char b1[64], b2[64];

	if (!slash) {
		log_error("Please give the LV as VG/LV (%s).", c->pos[0]);
		return EINVALID_CMD_LINE;
	}
	if (size_arg(c, true, &p.size, &p.sign))
		return EINVALID_CMD_LINE;
	/* LVM2's lvextend takes [+]Size, lvreduce [-]Size */
	if ((p.sign == '-' && mode == LV_RESIZE_EXTEND) || (p.sign == '+' && mode == LV_RESIZE_REDUCE))
		return cmd_sign_refused(c, arg_is_set(c, ARG_SIZE) ? ARG_SIZE : ARG_EXTENTS, p.sign);
	vgname = arena_strndup(&x->arena, arg, (size_t)(slash - arg));
	lvname = slash + 1;
	if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(x, vgname, VG_READ_FOR_UPDATE, &vg))
		return ECMD_FAILED;
	struct lv *lv = vg_find_lv(vg, lvname);
	if (!lv) {
		log_error("Logical volume %s not found in volume group %s.", lvname, vgname);
		return ECMD_FAILED;
	}
	/* --use-policies: the size the snapshot's policy asks for, if any */
	if (arg_is_set(c, ARG_USEPOLICIES)) {
		int r = snap_policy_size(c, vg, lv, &p.size, &p.sign);
		if (r)
			return r < 0 ? ECMD_FAILED : ECMD_PROCESSED;
	}
	/* --type linear|striped of the new extents (LVM2: --type linear is
	 * one stripe; --type striped takes -i, else the LV's last stripes) */
	const char *type = arg_str(c, ARG_SEGTYPE, NULL);
	if (type && strcmp(type, "linear") && strcmp(type, "striped")) {
		log_error("Cannot extend %s/%s with --type %s: lvmgr adds linear or striped extents only.",
			  vgname, lvname, type);
		return ECMD_FAILED;
	}
	if (type && !strcmp(type, "linear") && arg_is_set(c, ARG_STRIPES)) {
		log_error("--type linear has one stripe: drop -i.");
		return EINVALID_CMD_LINE;
	}
	if (arg_is_set(c, ARG_STRIPES) || arg_is_set(c, ARG_STRIPESIZE) || type) {
		lv_last_stripes(lv, &p.stripes, &p.stripe_size);
		if (type && !strcmp(type, "linear"))
			p.stripes = 1;
		if (stripe_args(c, vg, &p.stripes, &p.stripe_size))
			return EINVALID_CMD_LINE;
	}
	/* lvextend --poolmetadatasize M -L|-l S VG/POOL: as LVM2's lv_resize,
	 * the metadata LV grows first (its own commit and reload), then the data */
	const struct val *pm = arg_val(c, ARG_POOLMETADATASIZE);
	if (pm && !lv_is_thin_pool(lv)) {
		log_error("%s", thin_pool_of_metadata(vg, lv) ?
			  "--poolmetadatasize for thin-pool metadata cannot be used with size." :
			  "--poolmetadatasize can be used only with thin pools.");
		return ECMD_FAILED;
	}
	if (pm && thin_pool_metadata_resize(x, vg, lv, pm->num, pm->sign, p.pvs, p.n_pvs))
		return ECMD_FAILED;
	/* -r: the filesystem is checked (and shrunk) through the prepare
	 * hook before the LV changes, grown after (as LVM2: no question) */
	struct fs_resize fs;
	bool rfs = arg_is_set(c, ARG_RESIZEFS);
	if (rfs) {
		if (fs_resize_start(c, vg, lv, &fs))
			return ECMD_FAILED;
		p.prepare = fs_resize_before;
		p.prepare_arg = &fs;
		p.confirm_reduce = NULL;
	}
	if (lv_resize(x, vg, lv, &p, &old))
		return ECMD_FAILED;
	/* A pool's size is its data LV's: LVM2 names the LV it resized. */
	const char *resized = lv_is_thin_pool(lv) ? lv->segs[0].thin->data_lv : lvname;
	log_print("Size of logical volume %s/%s changed from %s (%" PRIu64 " extents) to %s (%" PRIu64 " extents).",
		  vgname, resized, units_format_long(old * vg->extent_size, b1, sizeof(b1)), old,
		  units_format_long(lv->size_extents * vg->extent_size, b2, sizeof(b2)), lv->size_extents);
	/* LVM2's _lvresize_process: a grown thin LV or pool, the warning */
	if (lv->size_extents > old && (lv_is_thin_pool(lv) || lv_is_thin(lv)))
		thin_check_overprovisioning(x, vg, lv);	/* lvmgr/lv_thin.c */
	log_print("Logical volume %s/%s successfully resized.", vgname, lvname);
	if (rfs && fs_resize_after(&fs, vg, old, lv->size_extents))
		return ECMD_FAILED;
	return ECMD_PROCESSED;
}

int cmd_lvextend(struct cmd *c)
{
	return do_resize(c, LV_RESIZE_EXTEND);
}

int cmd_lvreduce(struct cmd *c)
{
	return do_resize(c, LV_RESIZE_REDUCE);
}

int cmd_lvresize(struct cmd *c)
{
	return do_resize(c, LV_RESIZE_ANY);
}
