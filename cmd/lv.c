/* LV commands that need no allocation: lvremove, lvrename, lvchange,
 * lvscan, lvdisplay. LVs of types lvmgr does not manage yet (thin, raid,
 * mirror, snapshot, cache, ...) are refused with a clear message, never
 * damaged. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/autoactivate.h"
#include "cmd/common.h"
#include "cmd/report.h"
#include "lvmgr/activate.h"
#include "lvmgr/base/units.h"

int tags_change(struct arena *a, struct strlist *l, const struct argval *add,
		const struct argval *del, bool *changed);

/* "vg/lv", "/dev/vg/lv" -> vg and lv; a bare name needs default_vg. */
static int split_lv_arg(struct cmd *c, const char *arg, const char *default_vg, const char **vg,
			const char **lv)
{
	const char *p = arg, *slash;
	if (!strncmp(p, "/dev/", 5))
		p += 5;
	slash = strchr(p, '/');
	if (slash) {
		*vg = arena_strndup(&c->ctx.arena, p, (size_t)(slash - p));
		*lv = slash + 1;
	} else if (default_vg) {
		*vg = default_vg;
		*lv = p;
	} else {
		log_error("\"%s\": please give the LV as VG/LV.", arg);
		return -EINVAL;
	}
	if (!**vg || !**lv || strchr(*lv, '/')) {
		log_error("\"%s\" is not a valid VG/LV name.", arg);
		return -EINVAL;
	}
	return 0;
}

static bool lv_simple(const struct lv *lv)
{
	for (unsigned s = 0; s < lv->n_segs; s++)
		if (!lv->segs[s].known)
			return false;
	return true;
}

static bool value_names(const struct cft_value *v, const char *name)
{
	for (; v; v = v->next) {
		if (v->type == CFT_STRING && !strcmp(v->s, name))
			return true;
		if (v->type == CFT_ARRAY && value_names(v->items, name))
			return true;
	}
	return false;
}

static bool node_names(const struct cft_node *n, const char *name)
{
	for (const struct cft_node *ch = n->child; ch; ch = ch->next) {
		if (ch->is_section ? node_names(ch, name) : value_names(ch->v, name))
			return true;
	}
	return false;
}

/* Another LV that refers to lv by name (stacked area, snapshot origin, pool...). */
static const struct lv *lv_user(const struct vg *vg, const struct lv *lv)
{
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct lv *o = vg->lvs[l];
		if (o == lv)
			continue;
		for (unsigned s = 0; s < o->n_segs; s++) {
			const struct lv_seg *seg = &o->segs[s];
			for (unsigned a = 0; a < seg->n_areas; a++)
				if (seg->areas[a].kind == AREA_LV && !strcmp(seg->areas[a].lv_name, lv->name))
					return o;
			if (!seg->known && seg->node && node_names(seg->node, lv->name))
				return o;
		}
	}
	return NULL;
}

static const char *lv_unknown_type(const struct lv *lv)
{
	for (unsigned s = 0; s < lv->n_segs; s++)
		if (!lv->segs[s].known)
			return lv->segs[s].type;
	return NULL;
}

int cmd_lvremove(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	int rc = ECMD_PROCESSED;

	/* A malformed argument stops the command before anything is removed. */
	for (int a = 0; a < c->n_pos; a++) {
		const char *vgn, *lvn;
		if (strchr(vg_name_arg(c->pos[a]), '/') && split_lv_arg(c, c->pos[a], NULL, &vgn, &lvn))
			return EINVALID_CMD_LINE;
	}

	for (int a = 0; a < c->n_pos; a++) {
		const char *vgname, *lvname = NULL;
		const char *arg = vg_name_arg(c->pos[a]);
		struct vg *vg;
		bool whole_vg = !strchr(arg, '/');

		if (whole_vg)
			vgname = arg;
		else if (split_lv_arg(c, c->pos[a], NULL, &vgname, &lvname))
			return EINVALID_CMD_LINE;
		if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(x, vgname, VG_READ_FOR_UPDATE, &vg)) {
			rc = ECMD_FAILED;
			continue;
		}
		struct lv **victims = arena_alloc(&x->arena, (vg->n_lvs + 1) * sizeof(*victims));
		unsigned nv = 0;
		for (unsigned l = 0; l < vg->n_lvs; l++) {
			struct lv *lv = vg->lvs[l];
			if (whole_vg ? lv_is_visible(vg, lv) : !strcmp(lv->name, lvname))
				victims[nv++] = lv;
		}
		if (!whole_vg && !nv) {
			log_error("Failed to find logical volume \"%s/%s\"", vgname, lvname);
			rc = ECMD_FAILED;
			continue;
		}
		bool ok = true;
		for (unsigned i = 0; i < nv && ok; i++) {
			struct lv *lv = victims[i];
			const struct lv *user = lv_user(vg, lv);
			const char *t = lv_unknown_type(lv);
			if (!lv_is_visible(vg, lv)) {
				log_error("Can't remove logical volume %s used as an internal part of another LV.",
					  lv->name);
				ok = false;
			} else if (user) {
				log_error("Can't remove logical volume %s/%s: LV %s uses it.", vg->name, lv->name,
					  user->name);
				ok = false;
			} else if (t) {
				log_error("Can't remove logical volume %s/%s: lvmgr does not manage %s LVs yet (use LVM2).",
					  vg->name, lv->name, t);
				ok = false;
			} else if (!arg_is_set(c, ARG_YES) && !arg_is_set(c, ARG_FORCE) && whole_vg &&
				   !cmd_confirm(c, "Do you really want to remove logical volume %s/%s?", vg->name,
						lv->name)) {
				log_error("Logical volume %s/%s not removed.", vg->name, lv->name);
				ok = false;
			}
		}
		if (!ok) {
			rc = ECMD_FAILED;
			continue;
		}
		/* Active LVs go down first (refused while open unless -f), as LVM2. */
		for (unsigned i = 0; i < nv && ok; i++) {
			const struct dmk_dev *st = act_state(x, vg, victims[i]);
			if (!st)
				continue;
			if (st->open_count > 0 && !arg_is_set(c, ARG_FORCE)) {
				log_error("Logical volume %s/%s contains a filesystem in use.", vg->name,
					  victims[i]->name);
				ok = false;
			} else if (!arg_is_set(c, ARG_YES) && !arg_is_set(c, ARG_FORCE) &&
				   !cmd_confirm(c, "Do you really want to remove active logical volume %s/%s?",
						vg->name, victims[i]->name)) {
				log_error("Logical volume %s/%s not removed.", vg->name, victims[i]->name);
				ok = false;
			} else if (deact_lv(x, vg, victims[i], arg_is_set(c, ARG_FORCE)))
				ok = false;
		}
		if (!ok) {
			rc = ECMD_FAILED;
			continue;
		}
		for (unsigned i = 0; i < nv; i++)
			vg_remove_lv(vg, victims[i]);
		if (nv && vg_commit(x, vg)) {
			rc = ECMD_FAILED;
			continue;
		}
		for (unsigned i = 0; i < nv; i++)
			log_print("Logical volume \"%s\" successfully removed.", victims[i]->name);
	}
	return rc;
}

int cmd_lvrename(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	const char *vgname, *old, *new, *vg2;
	struct vg *vg;
	char err[256] = "";

	/* lvrename VG OLD NEW | lvrename VG/OLD [VG/]NEW */
	if (c->n_pos == 3) {
		vgname = vg_name_arg(c->pos[0]);
		old = c->pos[1];
		new = c->pos[2];
	} else if (c->n_pos == 2) {
		if (split_lv_arg(c, c->pos[0], NULL, &vgname, &old) ||
		    split_lv_arg(c, c->pos[1], vgname, &vg2, &new))
			return EINVALID_CMD_LINE;
		if (strcmp(vg2, vgname)) {
			log_error("Logical volume names must have the same volume group (\"%s\" or \"%s\").",
				  vgname, vg2);
			return EINVALID_CMD_LINE;
		}
	} else {
		log_error("lvrename needs VG/OLD NEW or VG OLD NEW.");
		return EINVALID_CMD_LINE;
	}
	if (name_check(new, "LV", err, sizeof(err)) || strstr(new, "_rimage") || strstr(new, "_rmeta") ||
	    strstr(new, "_mimage") || strstr(new, "_mlog") || strstr(new, "_tdata") ||
	    strstr(new, "_tmeta") || strstr(new, "_pmspare") || strstr(new, "_vorigin") ||
	    !strncmp(new, "snapshot", 8) || !strncmp(new, "pvmove", 6)) {
		log_error("%s", *err ? err : "Names with reserved suffixes (_rimage, _tdata, ...) or prefixes (snapshot, pvmove) are not allowed.");
		log_error("New logical volume name \"%s\" is invalid.", new);
		return EINVALID_CMD_LINE;
	}
	if (!strcmp(old, new)) {
		log_error("Old and new logical volume names must differ.");
		return EINVALID_CMD_LINE;
	}
	if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(x, vgname, VG_READ_FOR_UPDATE, &vg))
		return ECMD_FAILED;
	struct lv *lv = vg_find_lv(vg, old);
	if (!lv) {
		log_error("Existing logical volume \"%s\" not found in volume group \"%s\"", old, vgname);
		return ECMD_FAILED;
	}
	if (vg_find_lv(vg, new)) {
		log_error("Logical Volume \"%s\" already exists in volume group \"%s\"", new, vgname);
		return ECMD_FAILED;
	}
	const struct lv *user = lv_user(vg, lv);
	if (user || !lv_is_visible(vg, lv)) {
		log_error("Cannot rename %s/%s: %s%s uses it (lvmgr does not rewrite references yet).",
			  vgname, old, user ? "LV " : "another LV", user ? user->name : "");
		return ECMD_FAILED;
	}
	if (!lv_simple(lv)) {
		log_error("Cannot rename %s/%s: lvmgr does not manage %s LVs yet (use LVM2).", vgname, old,
			  lv_unknown_type(lv));
		return ECMD_FAILED;
	}
	lv->name = arena_strdup(&x->arena, new);
	if (vg_commit(x, vg))
		return ECMD_FAILED;
	if (act_rename(x, vg, old, lv))
		return ECMD_FAILED;
	log_print("Renamed \"%s\" to \"%s\" in volume group \"%s\"", old, new, vgname);
	return ECMD_PROCESSED;
}

/* "vg/lv": locked, read, found. -EINVAL for a malformed argument (logged),
 * other -errno for a VG or LV that cannot be had (logged). */
static int lv_arg(struct cmd *c, const char *arg, enum lock_mode mode, const char **vgname,
		  const char **lvname, struct vg **vg, struct lv **lv)
{
	if (split_lv_arg(c, arg, NULL, vgname, lvname))
		return -EINVAL;
	if (lock_vg_mode(c, *vgname, mode) || vg_read(&c->ctx, *vgname, mode == LOCK_EXCL ? VG_READ_FOR_UPDATE : 0, vg))
		return -EIO;
	if (!(*lv = vg_find_lv(*vg, *lvname))) {
		log_error("Failed to find logical volume \"%s/%s\"", *vgname, *lvname);
		return -ENOENT;
	}
	return 0;
}

int cmd_lvchange(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	const char *perm = arg_str(c, ARG_PERMISSION, NULL), *alloc = arg_str(c, ARG_ALLOC, NULL);
	int rc = ECMD_PROCESSED, act = arg_activate(c);
	bool refresh = arg_is_set(c, ARG_REFRESH), dry = arg_is_set(c, ARG_DRYRUN);

	if (act == -2)
		return EINVALID_CMD_LINE;
	if (dry && act != 1) {
		log_error("--dry-run goes with -ay.");
		return EINVALID_CMD_LINE;
	}
	if (perm && strcmp(perm, "r") && strcmp(perm, "rw")) {
		log_error("Invalid permission \"%s\" (r or rw).", perm);
		return EINVALID_CMD_LINE;
	}
	if (alloc && strcmp(alloc, "contiguous") && strcmp(alloc, "cling") && strcmp(alloc, "normal") &&
	    strcmp(alloc, "anywhere") && strcmp(alloc, "inherit")) {
		log_error("Invalid allocation policy \"%s\".", alloc);
		return EINVALID_CMD_LINE;
	}
	int saa = arg_yesno(c, ARG_SETAUTOACTIVATION, -1);
	if (saa == -1 && arg_is_set(c, ARG_SETAUTOACTIVATION))
		return EINVALID_CMD_LINE;
	bool meta = perm || alloc || saa >= 0 || arg_is_set(c, ARG_ADDTAG) || arg_is_set(c, ARG_DELTAG);
	if (!meta && act < 0 && !refresh) {
		log_error("Please give one or more of -a, --refresh, -p, --alloc, --addtag, --deltag, --setautoactivation.");
		return EINVALID_CMD_LINE;
	}
	if (act >= 0 || refresh) {
		/* Activation changes no metadata: each LV is done in turn. */
		struct strbuf out;
		sb_init(&out);
		for (int a = 0; a < c->n_pos; a++) {
			const char *vgname, *lvname;
			struct vg *vg;
			struct lv *lv;
			int r = lv_arg(c, c->pos[a], LOCK_SHARED, &vgname, &lvname, &vg, &lv);
			if (r == -EINVAL) {
				sb_free(&out);
				return EINVALID_CMD_LINE;
			}
			if (r) {
				rc = ECMD_FAILED;
				continue;
			}
			bool skip = false;
			for (unsigned i = 0; i < lv->flags.n_other_compat; i++)
				skip |= !strcmp(lv->flags.other_compat[i], "ACTIVATION_SKIP");
			if (act == 1 && skip && !arg_is_set(c, ARG_IGNORESKIP)) {
				log_print("Skipping activation of %s/%s: it is flagged to be skipped (use -K).",
					  vgname, lvname);
				continue;
			}
			/* -aay: the autoactivation settings, silently (LVM2). */
			if (act == 1 && !strcmp(arg_str(c, ARG_ACTIVATE, ""), "ay") &&
			    (vg_autoactivation_off(vg) || !lv_autoactivate_ok(x, vg, lv)))
				continue;
			r = act == 1 ? act_lv(x, vg, lv, dry, &out)
				: act == 0 ? deact_lv(x, vg, lv, arg_is_set(c, ARG_FORCE))
					   : act_reload(x, vg, lv);
			if (r)
				rc = ECMD_FAILED;
		}
		fwrite(out.buf ? out.buf : "", 1, out.len, stdout);
		sb_free(&out);
		if (!meta)
			return rc;
	}
	for (int a = 0; a < c->n_pos; a++) {
		const char *vgname, *lvname;
		struct vg *vg;
		struct lv *lv;
		bool changed = false;
		int r = lv_arg(c, c->pos[a], LOCK_EXCL, &vgname, &lvname, &vg, &lv);
		if (r == -EINVAL)
			return EINVALID_CMD_LINE;
		if (r) {
			rc = ECMD_FAILED;
			continue;
		}
		if (perm) {
			bool rw = !strcmp(perm, "rw"), is = lv->flags.status & LV_WRITE;
			if (rw == is)
				log_error("Logical volume %s/%s is already %s.", vgname, lvname,
					  rw ? "read/write" : "read only");
			else {
				lv->flags.status ^= LV_WRITE;
				changed = true;
			}
		}
		if (alloc) {
			const char *cur = lv->alloc ? lv->alloc : "inherit";
			if (strcmp(cur, alloc)) {
				lv->alloc = strcmp(alloc, "inherit") ? alloc : NULL;
				changed = true;
			}
		}
		if (tags_change(&x->arena, &lv->tags, &c->args[ARG_ADDTAG], &c->args[ARG_DELTAG], &changed))
			return EINVALID_CMD_LINE;
		/* Already so: nothing to change, no error (LVM2). */
		if (saa >= 0 && lv_autoactivation_off(lv) == (saa == 1)) {
			lv_set_autoactivation(&x->arena, lv, saa);
			changed = true;
		}
		if (!changed) {
			if (perm && !alloc)
				rc = ECMD_FAILED;
			continue;
		}
		if (vg_commit(x, vg)) {
			rc = ECMD_FAILED;
			continue;
		}
		/* Permission lives in the table too. */
		if (perm && act_state(x, vg, lv) && act_reload(x, vg, lv))
			rc = ECMD_FAILED;
		log_print("Logical volume %s/%s changed.", vgname, lvname);
	}
	return rc;
}

static int lvscan_one(struct cmd *c, struct vg *vg, struct lv *lv, void *arg)
{
	char b[64], path[2 * NAME_LEN + 8];
	snprintf(path, sizeof(path), "'/dev/%s/%s'", vg->name, lv->name);
	printf("  %-18s%s [%s] %s\n", act_state(&c->ctx, vg, lv) ? "ACTIVE" : "inactive", path,
	       units_format_long(lv->size_extents * vg->extent_size, b, sizeof(b)),
	       lv->alloc ? lv->alloc : "inherit");
	return 0;
}

int cmd_lvscan(struct cmd *c)
{
	return for_each_lv(c, LOCK_SHARED, VG_READ_ALLOW_MISSING, arg_is_set(c, ARG_ALL), lvscan_one, NULL);
}

static int lvdisplay_one(struct cmd *c, struct vg *vg, struct lv *lv, void *arg)
{
	char b[64], idf[ID_LEN + 7], tb[64] = "";
	id_format(lv->id, idf);
	printf("  --- Logical volume ---\n");
	if (lv_is_visible(vg, lv))
		printf("  LV Path                /dev/%s/%s\n", vg->name, lv->name);
	printf("  LV Name                %s\n  VG Name                %s\n", lv->name, vg->name);
	printf("  LV UUID                %s\n", idf);
	printf("  LV Write Access        %s\n", (lv->flags.status & LV_WRITE) ? "read/write" : "read only");
	if (lv->creation_time) {
		time_t t = (time_t)lv->creation_time;
		struct tm tm;
		if (localtime_r(&t, &tm))
			strftime(tb, sizeof(tb), "%Y-%m-%d %T %z", &tm);
		printf("  LV Creation host, time %s, %s\n", lv->creation_host ? lv->creation_host : "", tb);
	}
	const struct dmk_dev *st = act_state(&c->ctx, vg, lv);
	if (st) {
		printf("  LV Status              %s\n", st->suspended ? "suspended" : "available");
		printf("  # open                 %d\n", st->open_count);
	} else
		printf("  LV Status              NOT available\n");
	printf("  LV Size                %s\n", units_format_long(lv->size_extents * vg->extent_size, b, sizeof(b)));
	printf("  Current LE             %" PRIu64 "\n", lv->size_extents);
	printf("  Segments               %u\n", lv->n_segs);
	printf("  Allocation             %s\n", lv->alloc ? lv->alloc : "inherit");
	if (lv->read_ahead == -2)
		printf("  Read ahead sectors     auto\n");
	else
		printf("  Read ahead sectors     %" PRId64 "\n", lv->read_ahead < 0 ? 0 : lv->read_ahead);
	if (st)
		printf("  Block device           %u:%u\n", st->major, st->minor);
	printf("   \n");
	if (!arg_is_set(c, ARG_MAPS))
		return 0;
	printf("  --- Segments ---\n");
	for (unsigned s = 0; s < lv->n_segs; s++) {
		struct lv_seg *seg = &lv->segs[s];
		uint64_t len = seg->stripe_count ? seg->extent_count / seg->stripe_count : seg->extent_count;
		printf("  Logical extents %" PRIu64 " to %" PRIu64 ":\n", seg->start_extent,
		       seg->start_extent + seg->extent_count - 1);
		bool linear = seg->known && !strcmp(seg->type, "striped") && seg->n_areas == 1;
		printf("    Type\t\t%s\n", linear ? "linear" : seg->type);
		if (!seg->known || strcmp(seg->type, "striped"))
			continue;
		if (!linear)
			printf("    Stripes\t\t%u\n    Stripe size\t\t%s\n", seg->n_areas,
			       units_format_long(seg->stripe_size, b, sizeof(b)));
		for (unsigned a = 0; a < seg->n_areas; a++) {
			struct seg_area *ar = &seg->areas[a];
			const char *pfx = linear ? "    " : "      ";
			if (!linear)
				printf("    Stripe %u:\n", a);
			if (ar->kind == AREA_PV)
				printf("%sPhysical volume\t%s\n%sPhysical extents\t%" PRIu64 " to %" PRIu64 "\n", pfx,
				       ar->pv->sd ? ar->pv->sd->dev.path : "[unknown]", pfx, ar->pe, ar->pe + len - 1);
			else
				printf("%sLogical volume\t%s\n%sLogical extents\t%" PRIu64 " to %" PRIu64 "\n", pfx,
				       ar->lv_name, pfx, ar->le, ar->le + len - 1);
		}
		printf("   \n");
	}
	printf("   \n");
	return 0;
}

int cmd_lvdisplay(struct cmd *c)
{
	return for_each_lv(c, LOCK_SHARED, VG_READ_ALLOW_MISSING, arg_is_set(c, ARG_ALL), lvdisplay_one, NULL);
}
