/* @tag arguments and -S|--select for the commands that take VG, LV or PV
 * names (LVM2's toollib process_each_*): the arguments become the names of
 * the objects they stand for before the command runs, so each command keeps
 * one path for named objects. As LVM2: "@tag" names the VGs with the tag;
 * for LV commands also the LVs with the tag and every LV of a VG with it;
 * for PV commands the PVs with the tag. --select keeps, of the objects the
 * arguments name (all when none), those it selects. */
#include <string.h>

#include "cmd/common.h"
#include "cmd/report/select.h"

static bool has_tag(const struct strlist *l, const char *tag)
{
	for (unsigned i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], tag))
			return true;
	return false;
}

/* The names the arguments stand for, each with the position of the first
 * argument that named it: LVM2 processes named objects in the order given. */
struct names {
	char **v;
	int *key;
	unsigned n, cap;
};

static void names_add(struct arena *a, struct names *l, const char *s, int key)
{
	for (unsigned i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return;
	if (l->n + 1 >= l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		char **nv = arena_alloc(a, l->cap * sizeof(*nv));
		int *nk = arena_alloc(a, l->cap * sizeof(*nk));
		if (l->n) {
			memcpy(nv, l->v, l->n * sizeof(*nv));
			memcpy(nk, l->key, l->n * sizeof(*nk));
		}
		l->v = nv;
		l->key = nk;
	}
	l->key[l->n] = key;
	l->v[l->n++] = arena_strdup(a, s);
	l->v[l->n] = NULL;
}

/* Stable: names of one argument keep the scan's order (by VG name). */
static void names_sort(struct names *l)
{
	for (unsigned i = 1; i < l->n; i++) {
		char *v = l->v[i];
		int k = l->key[i];
		unsigned j = i;
		for (; j && l->key[j - 1] > k; j--) {
			l->v[j] = l->v[j - 1];
			l->key[j] = l->key[j - 1];
		}
		l->v[j] = v;
		l->key[j] = k;
	}
}

/* The first argument that wants an object (-1: none yet). */
static int first_arg(int have, int a)
{
	return have < 0 || a < have ? a : have;
}

/* Whether argument a names VG vg (or an LV of it: "vg/lv"). */
static bool arg_is_vg(const char *a, const char *vg)
{
	a = vg_name_arg(a);
	size_t l = strcspn(a, "/");
	return strlen(vg) == l && !strncmp(a, vg, l);
}

int select_expand_args(struct cmd *c, enum report_type kind, bool with_select, bool vg_names)
{
	struct ctx *x = &c->ctx;
	struct selection *sel = NULL;
	bool tags = false;
	int r;

	for (int a = 0; a < c->n_pos; a++)
		tags |= c->pos[a][0] == '@' || (vg_names && !strchr(vg_name_arg(c->pos[a]), '/'));
	with_select &= arg_is_set(c, ARG_SELECT);
	if (!tags && !with_select)
		return 0;
	if (with_select && (r = select_from_cmd(c, kind, &sel)))
		return r;
	bool *used = arena_alloc(&x->arena, ((size_t)c->n_pos + 1) * sizeof(*used));
	memset(used, 0, ((size_t)c->n_pos + 1) * sizeof(*used));
	struct names out = {0};
	struct vg_info *vis;
	unsigned nvg;

	if (kind == REPORT_PV)
		scan_devices(x, NULL, 0);
	vg_list(x, &vis, &nvg);
	bool *claimed = arena_alloc(&x->arena, (x->n_devs + 1) * sizeof(*claimed));
	memset(claimed, 0, (x->n_devs + 1) * sizeof(*claimed));
	for (unsigned k = 0; k < nvg; k++) {
		const char *vgname = vis[k].name;
		struct vg *vg;
		if (lock_vg_mode(c, vgname, LOCK_SHARED) || vg_read(x, vgname, VG_READ_ALLOW_MISSING, &vg))
			return ECMD_FAILED;
		if (kind == REPORT_VG) {
			int first = c->n_pos ? -1 : 0;
			for (int a = 0; a < c->n_pos; a++)
				if (c->pos[a][0] == '@' ? has_tag(&vg->tags, c->pos[a] + 1)
							: arg_is_vg(c->pos[a], vgname)) {
					used[a] = true;
					first = first_arg(first, a);
				}
			if (first >= 0 && select_vg(sel, &x->arena, vg))
				names_add(&x->arena, &out, vgname, first);
		} else if (kind == REPORT_LV) {
			for (unsigned l = 0; l < vg->n_lvs; l++) {
				struct lv *lv = vg->lvs[l];
				bool vis_lv = lv_is_visible(vg, lv);
				int first = !c->n_pos && vis_lv ? 0 : -1;
				for (int a = 0; a < c->n_pos; a++) {
					const char *p = c->pos[a], *s = vg_name_arg(p);
					bool m;
					if (*p == '@')
						m = vis_lv && (has_tag(&lv->tags, p + 1) || has_tag(&vg->tags, p + 1));
					else if (!arg_is_vg(p, vgname))
						m = false;
					else if (!strchr(s, '/'))
						m = vis_lv;
					else
						m = !strcmp(strchr(s, '/') + 1, lv->name);
					if (m) {
						used[a] = true;
						first = first_arg(first, a);
					}
				}
				if (first >= 0 && select_lv(sel, vg, lv))
					names_add(&x->arena, &out, arena_printf(&x->arena, "%s/%s", vgname, lv->name),
						  first);
			}
		} else {
			for (unsigned p = 0; p < vg->n_pvs; p++) {
				struct pv *pv = vg->pvs[p];
				for (unsigned i = 0; i < x->n_devs; i++)
					if (x->devs[i] == pv->sd)
						claimed[i] = true;
				if (!pv->sd)
					continue;
				int first = c->n_pos ? -1 : 0;
				for (int a = 0; a < c->n_pos; a++)
					if (c->pos[a][0] == '@' ? has_tag(&pv->tags, c->pos[a] + 1)
								: scan_find(x, c->pos[a]) == pv->sd) {
						used[a] = true;
						first = first_arg(first, a);
					}
				if (first >= 0 && select_pv(sel, &x->arena, vg, pv, pv->sd))
					names_add(&x->arena, &out, pv->sd->dev.path, first);
			}
		}
		lock_vg_release(x->locks, vgname);
	}
	/* Orphan PVs: no tags, no VG fields. */
	for (unsigned i = 0; kind == REPORT_PV && i < x->n_devs; i++) {
		if (claimed[i] || !x->devs[i]->labelled)
			continue;
		int first = c->n_pos ? -1 : 0;
		for (int a = 0; a < c->n_pos; a++)
			if (c->pos[a][0] != '@' && scan_find(x, c->pos[a]) == x->devs[i]) {
				used[a] = true;
				first = first_arg(first, a);
			}
		if (first >= 0 && select_pv(sel, &x->arena, NULL, NULL, x->devs[i]))
			names_add(&x->arena, &out, x->devs[i]->dev.path, first);
	}
	/* A name that matched nothing stays, where it stood: the command says
	 * it is not found. */
	for (int a = 0; a < c->n_pos; a++)
		if (!used[a] && c->pos[a][0] != '@')
			names_add(&x->arena, &out, c->pos[a], a);
	if (!out.n)
		return SELECT_NONE;
	names_sort(&out);
	c->pos = out.v;
	c->n_pos = (int)out.n;
	return 0;
}
