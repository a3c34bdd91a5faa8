/* vgchange (activation, -x, --alloc, tags) and vgmknodes. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmd/common.h"
#include "lvmgr/activate.h"

int tags_change(struct arena *a, struct strlist *l, const struct argval *add,
		const struct argval *del, bool *changed);

/* Activate (or take down) every LV of vg that lvmgr can. */
static int vg_activate(struct cmd *c, struct vg *vg, int act, bool dry, struct strbuf *out)
{
	struct ctx *x = &c->ctx;
	unsigned done = 0, skipped = 0;
	int rc = 0;

	for (unsigned l = 0; l < vg->n_lvs; l++) {
		struct lv *lv = vg->lvs[l];
		bool simple = true;
		for (unsigned s = 0; s < lv->n_segs; s++)
			simple &= lv->segs[s].known;
		if (!simple) {
			if (act == 1) {
				log_warn("Skipping %s/%s: lvmgr cannot activate %s LVs yet (use LVM2).", vg->name,
					 lv->name, lv->segs[0].type);
				skipped++;
			}
			continue;
		}
		/* LVs flagged ACTIVATION_SKIP (thin snapshots) need -K, as in LVM2. */
		bool skip = false;
		for (unsigned i = 0; i < lv->flags.n_other_compat; i++)
			skip |= !strcmp(lv->flags.other_compat[i], "ACTIVATION_SKIP");
		if (act == 1 && skip && !arg_is_set(c, ARG_IGNORESKIP))
			continue;
		int r = act == 1 ? act_lv(x, vg, lv, dry, out)
			: act == 0 ? deact_lv(x, vg, lv, arg_is_set(c, ARG_FORCE))
				   : act_reload(x, vg, lv);
		if (r) {
			rc = r;
			if (act == 1)
				break;
		} else
			done++;
	}
	if (act == 1 && rc && !dry) {
		/* Nothing half-loaded: what this command created goes again. */
		act_rollback(x);
		return rc;
	}
	if (!dry && act >= 0)
		log_print("%u logical volume(s) in volume group \"%s\" now active",
			  act == 1 ? done : act_count_active(x, vg), vg->name);
	return rc ? rc : (skipped ? -ENOTSUP : 0);
}

int cmd_vgchange(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	struct vg_info *vis;
	unsigned n;
	int rc = ECMD_PROCESSED, act = arg_activate(c);
	bool refresh = arg_is_set(c, ARG_REFRESH), dry = arg_is_set(c, ARG_DRYRUN);
	int resz = arg_yesno(c, ARG_RESIZEABLE, -1);
	const char *alloc = arg_str(c, ARG_ALLOC, NULL);
	bool meta = resz >= 0 || alloc || arg_is_set(c, ARG_ADDTAG) || arg_is_set(c, ARG_DELTAG);
	struct strbuf out;

	if (act == -2 || (resz == -1 && arg_is_set(c, ARG_RESIZEABLE)))
		return EINVALID_CMD_LINE;
	if (dry && act != 1) {
		log_error("--dry-run goes with -ay.");
		return EINVALID_CMD_LINE;
	}
	if (alloc && strcmp(alloc, "contiguous") && strcmp(alloc, "cling") && strcmp(alloc, "normal") &&
	    strcmp(alloc, "anywhere")) {
		log_error("Invalid allocation policy \"%s\".", alloc);
		return EINVALID_CMD_LINE;
	}
	if (act < 0 && !refresh && !meta) {
		log_error("Please give one or more of -a, --refresh, -x, --alloc, --addtag, --deltag.");
		return EINVALID_CMD_LINE;
	}
	sb_init(&out);
	vg_list(x, &vis, &n);
	for (int a = 0; a < c->n_pos; a++) {
		bool found = false;
		for (unsigned k = 0; k < n; k++)
			found |= !strcmp(vis[k].name, vg_name_arg(c->pos[a]));
		if (!found) {
			log_error("Volume group \"%s\" not found", vg_name_arg(c->pos[a]));
			rc = ECMD_FAILED;
		}
	}
	for (unsigned k = 0; k < n; k++) {
		struct vg *vg;
		bool want = !c->n_pos;
		for (int a = 0; a < c->n_pos && !want; a++)
			want = !strcmp(vis[k].name, vg_name_arg(c->pos[a]));
		if (!want)
			continue;
		if (lock_vg_mode(c, vis[k].name, meta ? LOCK_EXCL : LOCK_SHARED) ||
		    vg_read(x, vis[k].name, meta ? 0 : VG_READ_ALLOW_MISSING, &vg)) {
			rc = ECMD_FAILED;
			continue;
		}
		if (meta) {
			bool ch = false;
			if (resz >= 0 && (bool)(vg->flags.status & VG_RESIZEABLE) != (bool)resz) {
				vg->flags.status ^= VG_RESIZEABLE;
				ch = true;
			}
			if (alloc && (!vg->alloc || strcmp(vg->alloc, alloc))) {
				vg->alloc = alloc;
				ch = true;
			}
			if (tags_change(&x->arena, &vg->tags, &c->args[ARG_ADDTAG], &c->args[ARG_DELTAG], &ch)) {
				sb_free(&out);
				return EINVALID_CMD_LINE;
			}
			if (ch) {
				if (vg_commit(x, vg)) {
					rc = ECMD_FAILED;
					continue;
				}
				log_print("Volume group \"%s\" successfully changed", vg->name);
			}
		}
		if ((act >= 0 || refresh) && vg_activate(c, vg, refresh && act < 0 ? -1 : act, dry, &out))
			rc = ECMD_FAILED;
	}
	fwrite(out.buf ? out.buf : "", 1, out.len, stdout);
	sb_free(&out);
	return rc;
}

int cmd_vgmknodes(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	struct vg_info *vis;
	unsigned n;
	int rc = ECMD_PROCESSED;

	vg_list(x, &vis, &n);
	for (int a = 0; a < c->n_pos; a++) {
		bool found = false;
		for (unsigned k = 0; k < n; k++)
			found |= !strcmp(vis[k].name, vg_name_arg(c->pos[a]));
		if (!found) {
			log_error("Volume group \"%s\" not found", vg_name_arg(c->pos[a]));
			rc = ECMD_FAILED;
		}
	}
	for (unsigned k = 0; k < n; k++) {
		struct vg *vg;
		bool want = !c->n_pos;
		for (int a = 0; a < c->n_pos && !want; a++)
			want = !strcmp(vis[k].name, vg_name_arg(c->pos[a]));
		if (!want)
			continue;
		if (vg_read(x, vis[k].name, VG_READ_ALLOW_MISSING, &vg) || act_mknodes(x, vg))
			rc = ECMD_FAILED;
	}
	return rc;
}
