/* lvchange --errorwhenfull y|n of a thin pool (LVM2's
 * _lvchange_errorwhenfull): the ERROR_WHEN_FULL flag in the metadata; the
 * caller commits and reloads an active pool, whose thin-pool table then
 * has (or loses) error_if_no_space. */
#include <errno.h>
#include <string.h>

#include "cmd/common.h"
#include "cmd/lvflags.h"
#include "lvmgr/activate.h"
#include "metadata/segtypes/thin.h"

int lvchange_error_when_full(struct cmd *c, struct vg *vg, struct lv *lv, int on)
{
	struct flagset *f = &lv->flags;
	bool is = false;
	if (!lv_is_thin_pool(lv)) {
		/* LVM2's command-lines rule "--errorwhenfull ... and LV_thinpool" */
		log_warn("Command on LV %s/%s uses options that require LV types thinpool.", vg->name, lv->name);
		return -EINVAL;
	}
	for (unsigned i = 0; i < f->n_other_compat; i++)
		is |= !strcmp(f->other_compat[i], "ERROR_WHEN_FULL");
	if (is == (on == 1)) {
		log_error("Error when full is already %sset for %s/%s.", on ? "" : "un", vg->name, lv->name);
		return -EALREADY;
	}
	/* In LVM2's flag order (lib/format_text/flags.c): after
	 * ACTIVATION_SKIP and NOAUTOACTIVATE, before the others. */
	const char **v = arena_alloc(&c->ctx.arena, (f->n_other_compat + 1) * sizeof(*v));
	unsigned k = 0;
	for (unsigned i = 0; i < f->n_other_compat; i++)
		if (!strcmp(f->other_compat[i], "ACTIVATION_SKIP") || !strcmp(f->other_compat[i], "NOAUTOACTIVATE"))
			v[k++] = f->other_compat[i];
	if (on)
		v[k++] = "ERROR_WHEN_FULL";
	for (unsigned i = 0; i < f->n_other_compat; i++)
		if (strcmp(f->other_compat[i], "ACTIVATION_SKIP") && strcmp(f->other_compat[i], "NOAUTOACTIVATE") &&
		    strcmp(f->other_compat[i], "ERROR_WHEN_FULL"))
			v[k++] = f->other_compat[i];
	f->other_compat = v;
	f->n_other_compat = k;
	return 1;
}

/* lvchange --discards D | --zero y|n of a thin pool (LVM2's
 * _lvchange_pool_update): the pool segment's discards and zero_new_blocks;
 * a change to or from "ignore" needs the pool (its -tpool) inactive, as
 * the kernel cannot switch discard support of a live pool. 1 changed, 0
 * neither option given, -errno refused (the message said). */
int lvchange_pool_props(struct cmd *c, struct vg *vg, struct lv *lv)
{
	const char *d = arg_str(c, ARG_DISCARDS, NULL);
	int z = arg_yesno(c, ARG_ZERO, -1);
	if (!d && z < 0)
		return 0;
	if (!lv_is_thin_pool(lv)) {
		log_error("Command on LV %s/%s uses options that require LV types thinpool.", vg->name, lv->name);
		return -EINVAL;
	}
	struct seg_thin *t = lv->segs[0].thin;
	int update = 0, asked = 0;
	if (d) {
		asked++;
		if (!strcmp(d, t->discards))
			log_error("Logical volume %s/%s already uses --discards %s.", vg->name, lv->name, d);
		else if ((!strcmp(d, "ignore") || !strcmp(t->discards, "ignore")) &&
			 (act_state(&c->ctx, vg, lv) || act_state_layer(&c->ctx, vg, lv, "tpool")))
			log_error("Cannot change support for discards while pool volume %s/%s is active.", vg->name,
				  lv->name);
		else {
			t->discards = d;
			update++;
		}
	}
	if (z >= 0) {
		asked++;
		if (t->zero_new_blocks == (z == 1))
			log_error("Logical volume %s/%s already %szero new blocks.", vg->name, lv->name,
				  z ? "" : "does not ");
		else {
			t->zero_new_blocks = z == 1;
			update++;
		}
	}
	/* LVM2 commits what changed and fails the command for the rest */
	return update == asked ? 1 : update ? -EAGAIN : -EINVAL;
}
