/* pvdisplay and vgdisplay in LVM2's layout. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmd/common.h"
#include "cmd/report/select.h"
#include "cmd/report.h"
#include "lvmgr/activate.h"
#include "lvmgr/base/units.h"

static const char *sz(uint64_t sectors, char *buf, size_t len)
{
	return units_format_long(sectors, buf, len);
}

static void pvdisplay_one(const struct report_row *r)
{
	char b1[64], b2[64], idf[ID_LEN + 7];
	const struct scan_dev *sd = r->sd;

	if (!r->vg) {
		uint64_t size = sd->label.dev_size >> 9;
		printf("  \"%s\" is a new physical volume of \"%s\"\n", sd->dev.path, sz(size, b1, sizeof(b1)));
		printf("  --- NEW Physical volume ---\n");
		printf("  PV Name               %s\n", sd->dev.path);
		printf("  VG Name               \n");
		printf("  PV Size               %s\n", sz(size, b1, sizeof(b1)));
		printf("  Allocatable           NO\n");
		printf("  PE Size               0   \n");
		printf("  Total PE              0\n  Free PE               0\n  Allocated PE          0\n");
		id_format(sd->label.pv_id, idf);
		printf("  PV UUID               %s\n   \n", idf);
		return;
	}
	const struct pv *pv = r->pv;
	const struct vg *vg = r->vg;
	uint64_t dev = pv->dev_size, used = pv->pe_count * vg->extent_size;
	printf("  --- Physical volume ---\n");
	printf("  PV Name               %s\n", sd ? sd->dev.path : "[unknown]");
	printf("  VG Name               %s%s\n", vg->name,
	       (vg->flags.status & VG_EXPORTED) ? " (exported)" : "");
	printf("  PV Size               %s / not usable %s\n", sz(dev, b1, sizeof(b1)),
	       sz(dev > used ? dev - used : 0, b2, sizeof(b2)));
	printf("  Allocatable           %s\n", (pv->flags.status & PV_ALLOCATABLE)
						    ? (pv->pe_alloc == pv->pe_count ? "yes (but full)" : "yes ")
						    : "NO");
	printf("  PE Size               %s\n", sz(vg->extent_size, b1, sizeof(b1)));
	printf("  Total PE              %" PRIu64 "\n", pv->pe_count);
	printf("  Free PE               %" PRIu64 "\n", pv->pe_count - pv->pe_alloc);
	printf("  Allocated PE          %" PRIu64 "\n", pv->pe_alloc);
	id_format(pv->id, idf);
	printf("  PV UUID               %s\n   \n", idf);
}

/* --units is checked even though the long output always uses its own units. */
static int check_units(struct cmd *c)
{
	struct units u;
	const char *unit = arg_str(c, ARG_UNITS, NULL);
	if (unit && units_parse(unit, &u))	/* (it says so, as LVM2) */
		return -1;
	return 0;
}

int cmd_pvdisplay(struct cmd *c)
{
	SELECT_EXPAND_ARGS(c, REPORT_PV, true);
	struct ctx *x = &c->ctx;
	struct vg_info *vis;
	unsigned nvg;
	int rc = ECMD_PROCESSED;

	if (check_units(c))
		return EINVALID_CMD_LINE;
	scan_devices(x, (const char *const *)c->pos, (unsigned)c->n_pos);
	vg_list(x, &vis, &nvg);
	bool *shown = arena_alloc(&x->arena, (x->n_devs + 1) * sizeof(*shown));
	for (int a = 0; a < c->n_pos; a++) {
		struct scan_dev *sd = scan_find(x, c->pos[a]);
		if (!sd || !sd->labelled) {
			scan_log_no_pv(x, c->pos[a]);
			rc = ECMD_FAILED;
		}
	}
	for (unsigned k = 0; k < nvg; k++) {
		struct vg *vg;
		if (vg_read(x, vis[k].name, VG_READ_ALLOW_MISSING | VG_READ_QUIET_MISSING, &vg)) {
			rc = ECMD_FAILED;
			continue;
		}
		for (unsigned p = 0; p < vg->n_pvs; p++) {
			struct report_row r = {.sd = vg->pvs[p]->sd, .vg = vg, .pv = vg->pvs[p]};
			bool want = !c->n_pos;
			for (int a = 0; a < c->n_pos && !want; a++)
				want = r.sd && scan_find(x, c->pos[a]) == r.sd;
			for (unsigned i = 0; i < x->n_devs; i++)
				if (x->devs[i] == r.sd)
					shown[i] = true;
			if (want)
				pvdisplay_one(&r);
		}
	}
	for (unsigned i = 0; i < x->n_devs; i++) {
		struct report_row r = {.sd = x->devs[i]};
		bool want = !c->n_pos;
		if (shown[i] || !x->devs[i]->labelled)
			continue;
		for (int a = 0; a < c->n_pos && !want; a++)
			want = scan_find(x, c->pos[a]) == r.sd;
		if (want)
			pvdisplay_one(&r);
	}
	return rc;
}

static int vgdisplay_one(struct cmd *c, struct vg *vg, void *arg)
{
	char b1[64], b2[64], idf[ID_LEN + 7];
	unsigned mdas = 0;
	for (unsigned p = 0; p < vg->n_pvs; p++)
		mdas += vg->pvs[p]->sd ? vg->pvs[p]->sd->n_mda : 0;
	uint64_t total = vg_extent_count(vg), free = vg_free_count(vg);
	if (arg_is_set(c, ARG_SHORT)) {
		printf("  \"%s\" %s [%s used / %s free]\n", vg->name,
		       sz(total * vg->extent_size, b1, sizeof(b1)),
		       sz((total - free) * vg->extent_size, b2, sizeof(b2)),
		       sz(free * vg->extent_size, idf, sizeof(idf)));
		return 0;
	}
	printf("  --- Volume group ---\n");
	printf("  VG Name               %s\n", vg->name);
	printf("  System ID             %s\n", vg->system_id ? vg->system_id : "");
	printf("  Format                lvm2\n");
	printf("  Metadata Areas        %u\n", mdas);
	printf("  Metadata Sequence No  %" PRIu64 "\n", vg->seqno);
	printf("  VG Access             %s\n", (vg->flags.status & VG_WRITE) ? "read/write" : "read");
	printf("  VG Status             %s%sresizable\n",
	       (vg->flags.status & VG_EXPORTED) ? "exported/" : "",
	       (vg->flags.status & VG_RESIZEABLE) ? "" : "not ");
	printf("  MAX LV                %" PRIu64 "\n", vg->max_lv);
	printf("  Cur LV                %u\n", vg_visible_lv_count(vg));
	unsigned open = 0;
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct dmk_dev *st = act_state(&c->ctx, vg, vg->lvs[l]);
		open += st && st->open_count > 0;
	}
	printf("  Open LV               %u\n", open);
	printf("  Max PV                %" PRIu64 "\n", vg->max_pv);
	printf("  Cur PV                %u\n", vg->n_pvs);
	printf("  Act PV                %u\n", vg->n_pvs - vg_missing_pv_count(vg));
	printf("  VG Size               %s\n", sz(total * vg->extent_size, b1, sizeof(b1)));
	printf("  PE Size               %s\n", sz(vg->extent_size, b1, sizeof(b1)));
	printf("  Total PE              %" PRIu64 "\n", total);
	printf("  Alloc PE / Size       %" PRIu64 " / %s\n", total - free,
	       sz((total - free) * vg->extent_size, b1, sizeof(b1)));
	printf("  Free  PE / Size       %" PRIu64 " / %s\n", free,
	       sz(free * vg->extent_size, b1, sizeof(b1)));
	id_format(vg->id, idf);
	printf("  VG UUID               %s\n   \n", idf);
	return 0;
}

int cmd_vgdisplay(struct cmd *c)
{
	SELECT_EXPAND_ARGS(c, REPORT_VG, true);
	if (check_units(c))
		return EINVALID_CMD_LINE;
	return for_each_vg(c, LOCK_SHARED, VG_READ_ALLOW_MISSING, vgdisplay_one, NULL);
}
