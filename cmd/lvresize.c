/* lvcreate, lvextend, lvreduce, lvresize: sizes, names and policies as
 * LVM2 takes them; the extents come from the pure allocator. Everything is
 * decided and validated before the one metadata commit. */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "allocator/alloc.h"
#include "cmd/common.h"
#include "cmd/report.h"
#include "lvmgr/activate.h"
#include "lvmgr/base/units.h"

int tags_change(struct arena *a, struct strlist *l, const struct argval *add,
		const struct argval *del, bool *changed);

/* ---- the VG as the allocator sees it ---- */

static uint64_t seg_area_len(const struct lv_seg *seg)
{
	return seg->known && seg->stripe_count ? seg->extent_count / seg->stripe_count
					       : seg->extent_count;
}

static struct alloc_pv *alloc_pvs_from_vg(struct arena *a, const struct vg *vg)
{
	struct alloc_pv *pvs = arena_alloc(a, (vg->n_pvs + 1) * sizeof(*pvs));
	unsigned *count = arena_alloc(a, (vg->n_pvs + 1) * sizeof(*count));

	for (unsigned l = 0; l < vg->n_lvs; l++)
		for (unsigned s = 0; s < vg->lvs[l]->n_segs; s++)
			for (unsigned k = 0; k < vg->lvs[l]->segs[s].n_areas; k++)
				if (vg->lvs[l]->segs[s].areas[k].kind == AREA_PV)
					count[vg->lvs[l]->segs[s].areas[k].pv->index]++;
	for (unsigned p = 0; p < vg->n_pvs; p++) {
		const struct pv *pv = vg->pvs[p];
		pvs[p].name = pv->sd ? pv->sd->dev.path : "[unknown]";
		pvs[p].pe_count = pv->pe_count;
		pvs[p].allocatable = pv->sd && (pv->flags.status & PV_ALLOCATABLE);
		pvs[p].tags = pv->tags.v;
		pvs[p].n_tags = pv->tags.n;
		pvs[p].used = arena_alloc(a, (count[p] + 1) * sizeof(struct alloc_used));
	}
	for (unsigned l = 0; l < vg->n_lvs; l++)
		for (unsigned s = 0; s < vg->lvs[l]->n_segs; s++) {
			const struct lv_seg *seg = &vg->lvs[l]->segs[s];
			for (unsigned k = 0; k < seg->n_areas; k++) {
				const struct seg_area *ar = &seg->areas[k];
				if (ar->kind != AREA_PV)
					continue;
				struct alloc_pv *ap = &pvs[ar->pv->index];
				struct alloc_used *u = (struct alloc_used *)&ap->used[ap->n_used++];
				u->start = ar->pe;
				u->len = seg_area_len(seg);
				u->lv = l;
				u->le = seg->start_extent;
			}
		}
	for (unsigned p = 0; p < vg->n_pvs; p++)
		if (pvs[p].n_used > 1)
			sort_by_u64((void *)pvs[p].used, pvs[p].n_used, sizeof(struct alloc_used),
				    offsetof(struct alloc_used, start));
	return pvs;
}

/* The LV's striped segments for cling/contiguous continuation. */
static struct alloc_seg *alloc_segs_from_lv(struct arena *a, const struct lv *lv, unsigned *n)
{
	struct alloc_seg *segs = arena_alloc(a, (lv->n_segs + 1) * sizeof(*segs));
	*n = 0;
	for (unsigned s = 0; s < lv->n_segs; s++) {
		const struct lv_seg *seg = &lv->segs[s];
		bool pv_only = seg->known && !strcmp(seg->type, "striped");
		for (unsigned k = 0; k < seg->n_areas && pv_only; k++)
			pv_only = seg->areas[k].kind == AREA_PV;
		if (!pv_only)
			continue;
		struct alloc_seg *o = &segs[(*n)++];
		o->extents = seg->extent_count;
		o->stripes = seg->n_areas;
		o->stripe_size = seg->stripe_size;
		o->areas = arena_alloc(a, seg->n_areas * sizeof(*o->areas));
		for (unsigned k = 0; k < seg->n_areas; k++)
			o->areas[k] = (struct alloc_area){seg->areas[k].pv->index, seg->areas[k].pe};
	}
	return segs;
}

/* PV arguments ("pv", "pv:1-5", "@tag") -> allocator arguments named like
 * alloc_pv.name (the scanned path). */
static int pv_args(struct cmd *c, struct vg *vg, char **args, int n, struct alloc_pv_arg **out)
{
	struct alloc_pv_arg *pa = arena_alloc(&c->ctx.arena, ((size_t)n + 1) * sizeof(*pa));
	char err[256];
	for (int i = 0; i < n; i++) {
		if (alloc_parse_pv_arg(&c->ctx.arena, args[i], &pa[i], err, sizeof(err))) {
			log_error("%s", err);
			return -EINVAL;
		}
		if (pa[i].is_tag)
			continue;
		struct scan_dev *sd = scan_find(&c->ctx, pa[i].name);
		struct pv *pv = NULL;
		for (unsigned p = 0; p < vg->n_pvs && sd; p++)
			if (vg->pvs[p]->sd == sd)
				pv = vg->pvs[p];
		if (!pv) {
			log_error("Physical Volume \"%s\" not found in Volume Group \"%s\".", pa[i].name,
				  vg->name);
			return -ENOENT;
		}
		pa[i].name = pv->sd->dev.path;
	}
	*out = pa;
	return 0;
}

static enum alloc_policy resolve_policy(struct cmd *c, const struct vg *vg, const struct lv *lv)
{
	const char *p = arg_str(c, ARG_ALLOC, NULL);
	enum alloc_policy r;
	if (!p || !strcmp(p, "inherit"))
		p = lv && lv->alloc && strcmp(lv->alloc, "inherit") ? lv->alloc : vg->alloc;
	if (!p || alloc_policy_from_name(p, &r))
		r = ALLOC_NORMAL;
	return r;
}

/* ---- sizes ---- */

struct size_req {
	char sign;		/* '+', '-' or 0 */
	uint64_t extents;	/* resolved */
};

/* -L / -l (the form has exactly one), resolved to extents (percentages
 * against the VG as LVM2). 1: N%PVS, for the caller to resolve. */
static int size_arg(struct cmd *c, const struct vg *vg, const struct lv *lv, struct size_req *out)
{
	const struct val *L = arg_val(c, ARG_SIZE), *l = arg_val(c, ARG_EXTENTS);
	memset(out, 0, sizeof(*out));
	if (L) {
		uint64_t sectors = L->num;
		out->sign = L->sign;
		out->extents = (sectors + vg->extent_size - 1) / vg->extent_size;
		if (sectors % vg->extent_size && out->sign == '-') {
			/* As LVM2's _lvresize_adjust_size: a reduction by a
			 * size rounds down, so the LV keeps at least the
			 * size asked for. */
			char b[64];
			out->extents = sectors / vg->extent_size;
			log_print("Rounding size to boundary between physical extents: %s.",
				  units_format_long(out->extents * vg->extent_size, b, sizeof(b)));
		} else if (sectors % vg->extent_size) {
			char b[64];
			log_print("Rounding up size to full physical extent %s.",
				  units_format_long(out->extents * vg->extent_size, b, sizeof(b)));
		}
		return 0;
	}
	uint64_t base = 0, v = l->num;
	out->sign = l->sign;
	switch (l->pct) {
	case PCT_NONE:
		out->extents = v;
		return 0;
	case PCT_VG:
		base = vg_extent_count(vg);
		break;
	case PCT_FREE:
		base = vg_free_count(vg);
		break;
	case PCT_PVS:	/* the free extents of the PVs named (all PVs when none) */
		break;
	case PCT_ORIGIN:
		if (!lv) {
			arg_invalid(ARG_EXTENTS, arg_str(c, ARG_EXTENTS, ""));
			return -EINVAL;
		}
		base = lv->size_extents;
		break;
	}
	if (v > 100 && l->pct != PCT_ORIGIN) {
		log_error("Percentage %" PRIu64 "%s is more than 100%%.", v, strchr(arg_str(c, ARG_EXTENTS, ""), '%'));
		return -EINVAL;
	}
	if (l->pct == PCT_PVS) {
		out->extents = v;	/* resolved later against the PV list */
		return 1;
	}
	out->extents = (base * v + 99) / 100;
	return 0;
}

static uint64_t pvs_free_extents(struct vg *vg, struct alloc_pv_arg *pa, unsigned n)
{
	uint64_t f = 0;
	for (unsigned p = 0; p < vg->n_pvs; p++) {
		bool in = !n;
		for (unsigned i = 0; i < n && !in; i++)
			in = !pa[i].is_tag && vg->pvs[p]->sd && !strcmp(pa[i].name, vg->pvs[p]->sd->dev.path);
		if (in)
			f += vg->pvs[p]->pe_count - vg->pvs[p]->pe_alloc;
	}
	return f;
}

static const char *size_str(uint64_t sectors, char *buf, size_t len)
{
	return units_format_long(sectors, buf, len);
}

/* ---- zeroing and wiping through the PV mapping (no kernel needed) ---- */

static int zero_lv_start(struct cmd *c, struct vg *vg, struct lv *lv, bool zero, bool wipe)
{
	struct ctx *x = &c->ctx;
	struct lv_seg *seg = &lv->segs[0];
	if (!seg->known || strcmp(seg->type, "striped") || !seg->n_areas || seg->areas[0].kind != AREA_PV)
		return 0;
	/* The LV's first bytes are the first chunk of its first stripe. */
	struct pv *pv = seg->areas[0].pv;
	uint64_t off = (pv->pe_start + seg->areas[0].pe * vg->extent_size) * 512;
	uint64_t len = 4096;
	uint64_t chunk = seg->n_areas > 1 ? (uint64_t)seg->stripe_size * 512 : seg_area_len(seg) * vg->extent_size * 512;
	if (len > chunk)
		len = chunk;
	if (wipe && seg->n_areas == 1) {
		/* Signatures anywhere in the LV's first segment (probed through its
		 * PV mapping), e.g. an old filesystem's backup superblocks. */
		struct dev_signature sigs[8];
		int n = devsig_probe_range(pv->sd->dev.path, off, seg_area_len(seg) * vg->extent_size * 512,
					   sigs, ARRAY_SIZE(sigs));
		if (n > 0) {
			for (int i = 0; i < n; i++) {
				log_print("Wiping %s signature on %s/%s.", sigs[i].type, vg->name, lv->name);
				sigs[i].offset += off;
			}
			if (!x->test && devsig_wipe(x->io, pv->sd->dev.fd, sigs, (size_t)n, NULL, 0))
				return -EIO;
		}
	}
	if (x->test || !zero)
		return 0;
	void *z = io_alloc(len);
	int r = io_write(x->io, pv->sd->dev.fd, off, z, len);
	io_free(z);
	if (!r)
		r = io_flush(x->io, pv->sd->dev.fd);
	if (r)
		log_error("Zeroing the start of %s/%s failed: %s", vg->name, lv->name, strerror(-r));
	return r;
}

/* Append allocator segments to lv (merging with its last segment when they
 * continue it physically, as LVM2). */
static void lv_add_segments(struct arena *a, struct vg *vg, struct lv *lv, const struct alloc_result *res)
{
	struct lv_seg *segs = arena_alloc(a, (lv->n_segs + res->n_segs + 1) * sizeof(*segs));
	if (lv->n_segs)
		memcpy(segs, lv->segs, lv->n_segs * sizeof(*segs));
	uint64_t le = lv->size_extents;
	for (unsigned i = 0; i < res->n_segs; i++) {
		const struct alloc_seg *as = &res->segs[i];
		struct lv_seg *last = lv->n_segs ? &segs[lv->n_segs - 1] : NULL;
		if (last && last->known && !strcmp(last->type, "striped") && last->n_areas == as->stripes &&
		    last->stripe_size == as->stripe_size) {
			bool cont = true;
			uint64_t alen = seg_area_len(last);
			for (unsigned k = 0; k < as->stripes && cont; k++)
				cont = last->areas[k].kind == AREA_PV &&
				       last->areas[k].pv->index == as->areas[k].pv &&
				       last->areas[k].pe + alen == as->areas[k].pe;
			if (cont) {
				last->extent_count += as->extents;
				le += as->extents;
				continue;
			}
		}
		struct lv_seg *s = &segs[lv->n_segs++];
		memset(s, 0, sizeof(*s));
		s->start_extent = le;
		s->extent_count = as->extents;
		s->type = "striped";
		s->known = true;
		s->stripe_count = as->stripes;
		s->stripe_size = as->stripes > 1 ? as->stripe_size : 0;
		s->n_areas = as->stripes;
		s->areas = arena_alloc(a, as->stripes * sizeof(*s->areas));
		for (unsigned k = 0; k < as->stripes; k++)
			s->areas[k] = (struct seg_area){.kind = AREA_PV, .pv = vg->pvs[as->areas[k].pv],
							.pe = as->areas[k].pe};
		le += as->extents;
	}
	lv->segs = segs;
	lv->size_extents = le;
}

/* Allocate `extents` more extents for lv (index lv_index in the VG, or
 * vg->n_lvs for a new one) and append them. 0, or -ENOSPC with the
 * allocator's message logged. */
static int grow_lv(struct cmd *c, struct vg *vg, struct lv *lv, unsigned lv_index, uint64_t extents,
		   unsigned stripes, uint32_t stripe_size, const struct alloc_pv_arg *pa, unsigned npa)
{
	struct ctx *x = &c->ctx;
	unsigned nsegs = 0;
	struct alloc_seg *segs = lv->n_segs ? alloc_segs_from_lv(&x->arena, lv, &nsegs) : NULL;
	struct alloc_request req = {
		.lv = lv_index,
		.lv_name = lv->name,
		.extents = extents,
		.stripes = stripes,
		.stripe_size = stripe_size,
		.segs = segs,
		.n_segs = nsegs,
		.policy = resolve_policy(c, vg, lv),
		.maximise_cling = config_bool(x->cfg, "allocation/maximise_cling"),
		.pv_args = pa,
		.n_pv_args = npa,
	};
	struct alloc_result res;
	memset(&res, 0, sizeof(res));
	if (alloc_extents(&x->arena, alloc_pvs_from_vg(&x->arena, vg), vg->n_pvs, &req, &res)) {
		log_error("%s", res.error);
		return -ENOSPC;
	}
	if (res.warning[0])
		log_warn("%s", res.warning);
	lv_add_segments(&x->arena, vg, lv, &res);
	return 0;
}

static int stripe_args(struct cmd *c, const struct vg *vg, unsigned dflt_stripes, uint32_t dflt_size,
		       unsigned *stripes, uint32_t *stripe_size)
{
	uint64_t n, sz;
	if (arg_uint(c, ARG_STRIPES, 128, dflt_stripes, &n) ||
	    arg_size(c, ARG_STRIPESIZE, dflt_size, &sz))
		return -EINVAL;
	if (!n) {
		log_error("Number of stripes must be at least 1.");
		return -EINVAL;
	}
	if (n > 1 && (sz & (sz - 1))) {
		log_error("Invalid stripe size %" PRIu64 " sectors: it must be a power of 2.", sz);
		return -EINVAL;
	}
	if (n > 1 && sz < 8) {
		log_error("Invalid stripe size: at least 4.00 KiB.");
		return -EINVAL;
	}
	if (n > 1 && sz > vg->extent_size) {
		log_warn("Reducing stripe size %" PRIu64 " sectors to the extent size %u sectors.", sz,
			 vg->extent_size);
		sz = vg->extent_size;
	}
	*stripes = (unsigned)n;
	*stripe_size = n > 1 ? (uint32_t)sz : 0;
	return 0;
}

/* As LVM2's generate_lv_name: one more than the highest "lvol%d" in the VG
 * (not the lowest free number: lvol0 stays unused after its removal). */
static const char *new_lv_name(struct cmd *c, const struct vg *vg)
{
	int high = -1, i;
	for (unsigned l = 0; l < vg->n_lvs; l++)
		if (sscanf(vg->lvs[l]->name, "lvol%d", &i) == 1 && i > high)
			high = i;
	return arena_printf(&c->ctx.arena, "lvol%d", high + 1);
}

static int check_lv_name(const struct vg *vg, const char *name)
{
	char err[256];
	static const char *const reserved[] = {"_cdata", "_cmeta", "_corig", "_mimage", "_mlog",
					       "_pmspare", "_rimage", "_rmeta", "_tdata", "_tmeta",
					       "_vorigin", "_vdata", "_cvol", "_wcorig", NULL};
	if (name_check(name, "LV", err, sizeof(err))) {
		log_error("%s", err);
		return -EINVAL;
	}
	if (!strncmp(name, "snapshot", 8) || !strncmp(name, "pvmove", 6)) {
		log_error("Names starting \"snapshot\" or \"pvmove\" are reserved. Please choose a different LV name.");
		return -EINVAL;
	}
	for (int i = 0; reserved[i]; i++)
		if (strstr(name, reserved[i])) {
			log_error("Names including \"%s\" are reserved. Please choose a different LV name.",
				  reserved[i]);
			return -EINVAL;
		}
	if (vg_find_lv(vg, name)) {
		log_error("Logical Volume \"%s\" already exists in volume group \"%s\"", name, vg->name);
		return -EEXIST;
	}
	return 0;
}

/* ---- lvcreate: one handler per form (cmd/commands.c), one path below ---- */

enum lv_layout { LAYOUT_LINEAR, LAYOUT_STRIPED, LAYOUT_VIRTUAL };

/* lvcreate ... VG [PV...]  or  lvcreate ... VG/LV [PV...], and -n. */
static int lvcreate_target(struct cmd *c, const char **vgname, const char **name)
{
	const char *first = vg_name_arg(c->pos[0]), *slash = strchr(first, '/');
	*name = arg_str(c, ARG_NAME, NULL);
	*vgname = first;
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

/* The new LV's own attributes, from the options every form takes. */
static struct lv *lvcreate_new_lv(struct cmd *c, const char *name)
{
	struct ctx *x = &c->ctx;
	const struct val *ra = arg_val(c, ARG_READAHEAD);
	const char *alloc = arg_str(c, ARG_ALLOC, NULL);
	char host[256] = "";
	bool ch = false;

	struct lv *lv = arena_alloc(&x->arena, sizeof(*lv));
	lv->name = name;
	id_generate(lv->id);
	lv->flags.status = LV_READ | LV_VISIBLE |
			   (strcmp(arg_str(c, ARG_PERMISSION, "rw"), "r") ? LV_WRITE : 0);
	lv->creation_time = (uint64_t)time(NULL);
	gethostname(host, sizeof(host) - 1);
	lv->creation_host = arena_strdup(&x->arena, host);
	lv->alloc = alloc && strcmp(alloc, "inherit") ? alloc : NULL;
	lv->read_ahead = ra ? (int64_t)ra->num : -2;
	lv->major = lv->minor = -1;
	if (tags_change(&x->arena, &lv->tags, &c->args[ARG_ADDTAG], &c->args[ARG_DELTAG], &ch))
		return NULL;
	return lv;
}

/* -L/-l in extents, rounded up to whole stripes. */
static int lvcreate_extents(struct cmd *c, struct vg *vg, unsigned stripes, struct alloc_pv_arg *pa,
			    uint64_t *extents)
{
	struct size_req sz;
	char b[64];
	int r;

	if ((r = size_arg(c, vg, NULL, &sz)) < 0)
		return EINVALID_CMD_LINE;
	if (r == 1)	/* N%PVS */
		sz.extents = (pvs_free_extents(vg, pa, (unsigned)c->n_pos - 1) * sz.extents + 99) / 100;
	if (!sz.extents) {
		log_error("Unable to create new logical volume with no extents.");
		return ECMD_FAILED;
	}
	if (sz.extents % stripes) {
		uint64_t up = sz.extents + stripes - sz.extents % stripes;
		log_print("Rounding size %s (%" PRIu64 " extents) up to stripe boundary size %s (%" PRIu64 " extents).",
			  size_str(sz.extents * vg->extent_size, b, sizeof(b)), sz.extents,
			  size_str(up * vg->extent_size, b + 32, sizeof(b) - 32), up);
		sz.extents = up;
	}
	*extents = sz.extents;
	return 0;
}

/* The extents of lv: allocated (linear, striped) or one virtual segment. */
static int lvcreate_layout(struct cmd *c, struct vg *vg, struct lv *lv, enum lv_layout layout,
			   uint64_t extents, unsigned stripes, uint32_t stripe_size, struct alloc_pv_arg *pa)
{
	struct ctx *x = &c->ctx;
	if (layout == LAYOUT_VIRTUAL) {
		lv->segs = arena_alloc(&x->arena, sizeof(*lv->segs));
		lv->segs[0] = (struct lv_seg){.start_extent = 0, .extent_count = extents,
					      .type = arena_strdup(&x->arena, arg_str(c, ARG_SEGTYPE, "")),
					      .known = true};
		lv->n_segs = 1;
		lv->size_extents = extents;
		return 0;
	}
	/* LVM2's command-level checks, before its allocator. */
	if (stripes > vg->n_pvs) {
		log_error("Number of stripes (%u) must not exceed number of physical volumes (%u)", stripes,
			  vg->n_pvs);
		return -EINVAL;
	}
	if (c->n_pos == 1 && extents > vg_free_count(vg)) {
		log_error("Volume group \"%s\" has insufficient free space (%" PRIu64 " extents): %" PRIu64 " required.",
			  vg->name, vg_free_count(vg), extents);
		return -ENOSPC;
	}
	return grow_lv(c, vg, lv, vg->n_lvs, extents, stripes, stripe_size, pa, (unsigned)c->n_pos - 1);
}

/* Commit the VG with lv in it, clear its start, activate it. */
static int lvcreate_finish(struct cmd *c, struct vg *vg, struct lv *lv, bool virt, int act, bool dm)
{
	struct ctx *x = &c->ctx;
	int zero = arg_yesno(c, ARG_ZERO, 1), wipe = arg_yesno(c, ARG_WIPESIGNATURES, zero);

	if (virt)
		zero = wipe = 0;
	if (vg->n_lvs == vg->cap_lvs) {
		unsigned cap = vg->cap_lvs ? vg->cap_lvs * 2 : 16;
		struct lv **nl = arena_alloc(&x->arena, cap * sizeof(*nl));
		if (vg->n_lvs)
			memcpy(nl, vg->lvs, vg->n_lvs * sizeof(*nl));
		vg->lvs = nl;
		vg->cap_lvs = cap;
	}
	vg->lvs[vg->n_lvs++] = lv;
	if (vg_commit(x, vg))
		return ECMD_FAILED;
	/* As LVM2: the metadata is committed, then the new LV's start is
	 * cleared so no stale filesystem shows through it. */
	if ((zero || wipe) && zero_lv_start(c, vg, lv, zero, wipe))
		return ECMD_FAILED;
	if (!zero && !virt && !x->test)
		log_warn("Logical volume %s/%s not zeroed.", vg->name, lv->name);
	if (act != 0 && dm && !x->test && act_lv(x, vg, lv, false, NULL)) {
		/* As LVM2: an LV that cannot be activated is not left behind. */
		log_error("Failed to activate new LV %s/%s: removing it again.", vg->name, lv->name);
		vg_remove_lv(vg, lv);
		vg_commit(x, vg);
		return ECMD_FAILED;
	}
	if (act < 0 && !dm)
		log_warn("device-mapper is not available: %s/%s was created inactive.", vg->name, lv->name);
	log_print("Logical volume \"%s\" created.", lv->name);
	return ECMD_PROCESSED;
}

static int lvcreate(struct cmd *c, enum lv_layout layout)
{
	struct ctx *x = &c->ctx;
	const char *vgname, *name;
	struct vg *vg;
	struct lv *lv;
	unsigned stripes = 1;
	uint32_t stripe_size = 0;
	uint64_t extents;
	int act = arg_activate(c), r;
	bool dm = dmk_available();

	if (lvcreate_target(c, &vgname, &name))
		return EINVALID_CMD_LINE;
	if (act == 1 && !dm) {
		log_error("Cannot create an active LV: device-mapper is not available in this kernel (use -an).");
		return ECMD_FAILED;
	}
	if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(x, vgname, VG_READ_FOR_UPDATE, &vg))
		return ECMD_FAILED;
	if (!name)
		name = new_lv_name(c, vg);
	if (check_lv_name(vg, name))
		return ECMD_FAILED;
	if (vg->max_lv && vg_visible_lv_count(vg) >= vg->max_lv) {
		log_error("Maximum number of logical volumes (%" PRIu64 ") reached in volume group %s",
			  vg->max_lv, vg->name);
		return ECMD_FAILED;
	}
	if (layout == LAYOUT_STRIPED && stripe_args(c, vg, 1, 128, &stripes, &stripe_size))
		return EINVALID_CMD_LINE;
	struct alloc_pv_arg *pa = NULL;
	if (pv_args(c, vg, c->pos + 1, c->n_pos - 1, &pa))
		return ECMD_FAILED;
	if ((r = lvcreate_extents(c, vg, stripes, pa, &extents)))
		return r;
	if (!(lv = lvcreate_new_lv(c, name)))
		return EINVALID_CMD_LINE;
	if (lvcreate_layout(c, vg, lv, layout, extents, stripes, stripe_size, pa))
		return ECMD_FAILED;
	return lvcreate_finish(c, vg, lv, layout == LAYOUT_VIRTUAL, act, dm);
}

int lvcreate_linear(struct cmd *c)
{
	return lvcreate(c, LAYOUT_LINEAR);
}

int lvcreate_striped(struct cmd *c)
{
	return lvcreate(c, LAYOUT_STRIPED);
}

/* --type zero|error: no extents of a PV. */
int lvcreate_virtual(struct cmd *c)
{
	return lvcreate(c, LAYOUT_VIRTUAL);
}

/* ---- lvextend / lvreduce / lvresize ---- */

enum resize_mode { RESIZE_ANY, RESIZE_EXTEND, RESIZE_REDUCE };

static void lv_truncate(struct lv *lv, uint64_t extents)
{
	unsigned s = 0;
	while (s < lv->n_segs && lv->segs[s].start_extent < extents) {
		struct lv_seg *seg = &lv->segs[s];
		if (seg->start_extent + seg->extent_count > extents)
			seg->extent_count = extents - seg->start_extent;
		s++;
	}
	lv->n_segs = s;
	lv->size_extents = extents;
}

static int do_resize(struct cmd *c, enum resize_mode mode)
{
	struct ctx *x = &c->ctx;
	const char *vgname, *lvname, *arg = vg_name_arg(c->pos[0]), *slash = strchr(arg, '/');
	struct vg *vg;
	struct size_req sz;
	char b1[64], b2[64];
	int r;

	if (!slash) {
		log_error("Please give the LV as VG/LV (%s).", c->pos[0]);
		return EINVALID_CMD_LINE;
	}
	if (arg_is_set(c, ARG_RESIZEFS)) {
		log_error("--resizefs is not supported yet: resize the LV, then the filesystem (resize2fs, xfs_growfs).");
		return ECMD_FAILED;
	}
	vgname = arena_strndup(&x->arena, arg, (size_t)(slash - arg));
	lvname = slash + 1;
	if (lock_vg_mode(c, vgname, LOCK_EXCL) || vg_read(x, vgname, VG_READ_FOR_UPDATE, &vg))
		return ECMD_FAILED;
	struct lv *lv = vg_find_lv(vg, lvname);
	if (!lv) {
		log_error("Logical volume %s not found in volume group %s.", lvname, vgname);
		return ECMD_FAILED;
	}
	for (unsigned s = 0; s < lv->n_segs; s++)
		if (!lv->segs[s].known) {
			log_error("Cannot resize %s/%s: lvmgr does not manage %s LVs yet (use LVM2).", vgname,
				  lvname, lv->segs[s].type);
			return ECMD_FAILED;
		}
	struct alloc_pv_arg *pa = NULL;
	if (pv_args(c, vg, c->pos + 1, c->n_pos - 1, &pa))
		return ECMD_FAILED;
	if ((r = size_arg(c, vg, lv, &sz)) < 0)
		return EINVALID_CMD_LINE;
	if (r == 1)
		sz.extents = (pvs_free_extents(vg, pa, (unsigned)c->n_pos - 1) * sz.extents + 99) / 100;
	uint64_t old = lv->size_extents, want;
	if (sz.sign == '+')
		want = old + sz.extents;
	else if (sz.sign == '-')
		want = sz.extents >= old ? 0 : old - sz.extents;
	else
		want = sz.extents;
	if (sz.sign == '-' && mode == RESIZE_EXTEND) {
		log_error("Negative argument not permitted - use lvreduce.");
		return EINVALID_CMD_LINE;
	}
	if (sz.sign == '+' && mode == RESIZE_REDUCE) {
		log_error("Positive sign not permitted - use lvextend.");
		return EINVALID_CMD_LINE;
	}
	if (want == old) {
		log_error("New size (%" PRIu64 " extents) matches existing size (%" PRIu64 " extents).", want, old);
		return ECMD_FAILED;
	}
	if (mode == RESIZE_EXTEND && want < old) {
		log_error("New size given (%" PRIu64 " extents) not larger than existing size (%" PRIu64 " extents)",
			  want, old);
		return ECMD_FAILED;
	}
	if (mode == RESIZE_REDUCE && want > old) {
		log_error("New size given (%" PRIu64 " extents) not less than existing size (%" PRIu64 " extents)",
			  want, old);
		return ECMD_FAILED;
	}
	if (!want) {
		log_error("Cannot reduce %s/%s to zero extents (use lvremove).", vgname, lvname);
		return ECMD_FAILED;
	}
	/* The old layout, to put back if the kernel refuses the new table. */
	struct lv saved = *lv;
	saved.segs = arena_alloc(&x->arena, (lv->n_segs + 1) * sizeof(*saved.segs));
	memcpy(saved.segs, lv->segs, lv->n_segs * sizeof(*saved.segs));
	struct lv_seg *last = &lv->segs[lv->n_segs - 1];
	bool virt = !strcmp(last->type, "zero") || !strcmp(last->type, "error");
	if (want > old) {
		if (virt) {
			last->extent_count += want - old;
			lv->size_extents = want;
		} else {
			unsigned stripes;
			uint32_t stripe_size;
			if (stripe_args(c, vg, last->n_areas, last->n_areas > 1 ? last->stripe_size : 128,
					&stripes, &stripe_size))
				return EINVALID_CMD_LINE;
			uint64_t add = want - old;
			if (add % stripes) {
				add += stripes - add % stripes;
				log_print("Rounding size up to stripe boundary (%" PRIu64 " extents).", old + add);
				want = old + add;
			}
			unsigned index = 0;
			for (unsigned l = 0; l < vg->n_lvs; l++)
				if (vg->lvs[l] == lv)
					index = l;
			if (grow_lv(c, vg, lv, index, add, stripes, stripe_size, pa, (unsigned)c->n_pos - 1))
				return ECMD_FAILED;
		}
	} else {
		/* Striped segments shrink by whole stripes. */
		uint64_t cut_at = want;
		for (unsigned s = 0; s < lv->n_segs; s++) {
			struct lv_seg *seg = &lv->segs[s];
			if (seg->start_extent < want && seg->start_extent + seg->extent_count > want &&
			    seg->n_areas > 1) {
				uint64_t in = want - seg->start_extent;
				if (in % seg->n_areas) {
					in += seg->n_areas - in % seg->n_areas;
					cut_at = seg->start_extent + in;
					log_print("Rounding size to stripe boundary (%" PRIu64 " extents).", cut_at);
				}
			}
		}
		want = cut_at;
		if (want >= old) {
			log_error("New size (%" PRIu64 " extents) is not smaller once rounded to the stripes.", want);
			return ECMD_FAILED;
		}
		log_warn("Reducing %s/%s to %s. THIS MAY DESTROY YOUR DATA (filesystem etc.)", vgname, lvname,
			 size_str(want * vg->extent_size, b1, sizeof(b1)));
		if (!arg_is_set(c, ARG_FORCE) &&
		    !cmd_confirm(c, "Do you really want to reduce %s/%s?", vgname, lvname)) {
			log_error("Logical volume %s/%s NOT reduced.", vgname, lvname);
			return ECMD_FAILED;
		}
		lv_truncate(lv, want);
	}
	if (vg_commit(x, vg))
		return ECMD_FAILED;
	/* An active LV gets its new table: load, suspend, resume. */
	if (!x->test && act_state(x, vg, lv) && act_reload(x, vg, lv)) {
		log_error("Reloading %s/%s failed: restoring its previous size.", vgname, lvname);
		*lv = saved;
		vg_commit(x, vg);
		return ECMD_FAILED;
	}
	log_print("Size of logical volume %s/%s changed from %s (%" PRIu64 " extents) to %s (%" PRIu64 " extents).",
		  vgname, lvname, size_str(old * vg->extent_size, b1, sizeof(b1)), old,
		  size_str(lv->size_extents * vg->extent_size, b2, sizeof(b2)), lv->size_extents);
	log_print("Logical volume %s/%s successfully resized.", vgname, lvname);
	return ECMD_PROCESSED;
}

int cmd_lvextend(struct cmd *c)
{
	return do_resize(c, RESIZE_EXTEND);
}

int cmd_lvreduce(struct cmd *c)
{
	return do_resize(c, RESIZE_REDUCE);
}

int cmd_lvresize(struct cmd *c)
{
	return do_resize(c, RESIZE_ANY);
}
