/* VG model helpers: ids, lookups, visibility, extent accounting. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "metadata/vg.h"

void id_generate(char out[ID_LEN + 1])
{
	static const char chars[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#";
	unsigned char rnd[ID_LEN];
	size_t got = 0;

	while (got < sizeof(rnd)) {
		ssize_t n = getrandom(rnd + got, sizeof(rnd) - got, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got < sizeof(rnd)) {	/* no getrandom: time and pid are enough for ids */
		unsigned x = (unsigned)time(NULL) ^ (unsigned)getpid() << 16;
		for (size_t i = got; i < sizeof(rnd); i++) {
			x = x * 1103515245 + 12345;
			rnd[i] = x >> 16;
		}
	}
	/* 62 symbols like LVM2 (it rejects '!' and '#'): map into [0, 62). */
	for (int i = 0; i < ID_LEN; i++)
		out[i] = chars[rnd[i] % 62];
	out[ID_LEN] = '\0';
}

struct vg *vg_new(struct arena *a, const char *name, uint32_t extent_size)
{
	struct vg *vg = arena_alloc(a, sizeof(*vg));
	vg->arena = a;
	vg->name = arena_strdup(a, name);
	id_generate(vg->id);
	vg->seqno = 0;
	vg->flags.status = VG_RESIZEABLE | VG_READ | VG_WRITE;
	vg->extent_size = extent_size;
	return vg;
}

void vg_add_pv(struct vg *vg, struct pv *pv)
{
	if (vg->n_pvs == vg->cap_pvs) {
		unsigned cap = vg->cap_pvs ? vg->cap_pvs * 2 : 8;
		struct pv **n = arena_alloc(vg->arena, cap * sizeof(*n));
		if (vg->n_pvs)
			memcpy(n, vg->pvs, vg->n_pvs * sizeof(*n));
		vg->pvs = n;
		vg->cap_pvs = cap;
	}
	pv->index = vg->n_pvs;
	vg->pvs[vg->n_pvs++] = pv;
}

void vg_remove_pv(struct vg *vg, struct pv *pv)
{
	unsigned i = pv->index;
	memmove(vg->pvs + i, vg->pvs + i + 1, (vg->n_pvs - i - 1) * sizeof(*vg->pvs));
	vg->n_pvs--;
	for (; i < vg->n_pvs; i++)
		vg->pvs[i]->index = i;
}

void vg_remove_lv(struct vg *vg, struct lv *lv)
{
	for (unsigned i = 0; i < vg->n_lvs; i++)
		if (vg->lvs[i] == lv) {
			memmove(vg->lvs + i, vg->lvs + i + 1, (vg->n_lvs - i - 1) * sizeof(*vg->lvs));
			vg->n_lvs--;
			return;
		}
}

struct pv *vg_find_pv_by_id(const struct vg *vg, const char *id32)
{
	for (unsigned i = 0; i < vg->n_pvs; i++)
		if (!memcmp(vg->pvs[i]->id, id32, ID_LEN))
			return vg->pvs[i];
	return NULL;
}

struct lv *vg_find_lv(const struct vg *vg, const char *name)
{
	for (unsigned i = 0; i < vg->n_lvs; i++)
		if (!strcmp(vg->lvs[i]->name, name))
			return vg->lvs[i];
	return NULL;
}

uint64_t vg_extent_count(const struct vg *vg)
{
	uint64_t n = 0;
	for (unsigned i = 0; i < vg->n_pvs; i++)
		n += vg->pvs[i]->pe_count;
	return n;
}

uint64_t vg_free_count(const struct vg *vg)
{
	uint64_t n = 0;
	for (unsigned i = 0; i < vg->n_pvs; i++)
		n += vg->pvs[i]->pe_count - vg->pvs[i]->pe_alloc;
	return n;
}

static bool lv_flag_visible(const struct lv *lv)
{
	return (lv->flags.status | lv->flags.compat) & LV_VISIBLE;
}

bool lv_is_visible(const struct vg *vg, const struct lv *lv)
{
	for (unsigned s = 0; s < lv->n_segs; s++)
		if (seg_is_snapshot(&lv->segs[s]))
			return false;
	if (lv_flag_visible(lv))
		return true;
	if (!vg->has_snapshots)
		return false;
	/* A COW LV: hidden in the text, shown as its origin is. */
	for (unsigned i = 0; i < vg->n_lvs; i++)
		for (unsigned s = 0; s < vg->lvs[i]->n_segs; s++) {
			const char *oname, *cow, *merging;
			seg_snapshot_lvs(&vg->lvs[i]->segs[s], &oname, &cow, &merging);
			if (!((cow && !strcmp(cow, lv->name)) || (merging && !strcmp(merging, lv->name))))
				continue;
			const struct lv *origin = oname ? vg_find_lv(vg, oname) : NULL;
			if (!origin || !lv_flag_visible(origin))
				return true;	/* a virtual (sparse) origin */
			return !merging || strcmp(merging, lv->name);
		}
	return false;
}

unsigned vg_visible_lv_count(const struct vg *vg)
{
	unsigned n = 0;
	for (unsigned i = 0; i < vg->n_lvs; i++)
		if (lv_is_visible(vg, vg->lvs[i]))
			n++;
	return n;
}

unsigned vg_snapshot_count(const struct vg *vg)
{
	unsigned n = 0;
	for (unsigned i = 0; i < vg->n_lvs; i++)
		for (unsigned s = 0; s < vg->lvs[i]->n_segs; s++)
			if (seg_is_snapshot(&vg->lvs[i]->segs[s])) {
				n++;
				break;
			}
	return n;
}

unsigned vg_missing_pv_count(const struct vg *vg)
{
	unsigned n = 0;
	for (unsigned i = 0; i < vg->n_pvs; i++)
		if (!vg->pvs[i]->sd)
			n++;
	return n;
}

void vg_account(struct vg *vg)
{
	for (unsigned i = 0; i < vg->n_pvs; i++)
		vg->pvs[i]->pe_alloc = 0;
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		struct lv *lv = vg->lvs[l];
		lv->size_extents = 0;
		for (unsigned s = 0; s < lv->n_segs; s++) {
			struct lv_seg *seg = &lv->segs[s];
			lv->size_extents += seg->extent_count;
			for (unsigned a = 0; a < seg->n_areas; a++)
				if (seg->areas[a].kind == AREA_PV)
					seg->areas[a].pv->pe_alloc += seg_area_extents(seg);
		}
	}
}

bool lv_uses_pv(const struct lv *lv, const struct pv *pv)
{
	for (unsigned s = 0; s < lv->n_segs; s++)
		for (unsigned a = 0; a < lv->segs[s].n_areas; a++)
			if (lv->segs[s].areas[a].kind == AREA_PV && lv->segs[s].areas[a].pv == pv)
				return true;
	return false;
}

bool vg_pv_used(const struct vg *vg, const struct pv *pv)
{
	for (unsigned l = 0; l < vg->n_lvs; l++)
		if (lv_uses_pv(vg->lvs[l], pv))
			return true;
	return false;
}

bool vg_ctime_repaired(const struct vg *vg)
{
	if (vg->ctime_repaired)
		return true;
	for (unsigned l = 0; l < vg->n_lvs; l++)
		if (vg->lvs[l]->ctime_repaired)
			return true;
	return false;
}

bool lv_activation_skip(const struct lv *lv)
{
	for (unsigned i = 0; i < lv->flags.n_other_compat; i++)
		if (!strcmp(lv->flags.other_compat[i], "ACTIVATION_SKIP"))
			return true;
	return false;
}

void lv_set_activation_skip(struct arena *a, struct lv *lv, bool on)
{
	struct flagset *f = &lv->flags;
	unsigned k = 0;
	const char **v = arena_alloc(a, (f->n_other_compat + 2) * sizeof(*v));
	if (on)
		v[k++] = "ACTIVATION_SKIP";
	for (unsigned i = 0; i < f->n_other_compat; i++)
		if (strcmp(f->other_compat[i], "ACTIVATION_SKIP"))
			v[k++] = f->other_compat[i];
	f->other_compat = v;
	f->n_other_compat = k;
}
