/* alloc_driver: replay LVM2-like commands through the allocator and print
 * the layout, for tests/interop/alloc_vs_lvm2.sh (until lvmgr has
 * lvcreate). Built by that script:  cc -I. tests/tools/alloc_driver.c build/liblvmgr.a
 *
 * stdin, one command a line ('#' comments):
 *   pv NAME PE_COUNT [@TAG...]                 a PV, in VG order
 *   lvcreate NAME EXTENTS [-i STRIPES] [--alloc POLICY] [PVARG...]
 *   lvextend NAME +EXTENTS [--alloc POLICY] [PVARG...]
 *   lvreduce NAME -EXTENTS
 *   lvremove NAME
 * stdout: "ERROR op N: <message>" for a failed command N, then at the end one
 * line per segment:  LV LE_START EXTENTS PV:START-END[ PV:START-END...]
 * (the form of lvs' seg_start_pe, seg_size_pe, seg_pe_ranges). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "allocator/alloc.h"
#include "tests/tools/alloc_model.h"

static void die(const char *msg, const char *line)
{
	fprintf(stderr, "alloc_driver: %s: %s\n", msg, line);
	exit(2);
}

int main(void)
{
	struct arena a;
	struct m_vg vg;
	char line[4096];
	unsigned op = 0;	/* commands other than pv, from 1 */
	arena_init(&a);
	memset(&vg, 0, sizeof(vg));
	vg.a = &a;

	while (fgets(line, sizeof(line), stdin)) {
		char *save = NULL, *tok[64];
		unsigned n = 0;
		line[strcspn(line, "\n")] = 0;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		for (char *t = strtok_r(line, " \t", &save); t && n < 64; t = strtok_r(NULL, " \t", &save))
			tok[n++] = arena_strdup(&a, t);
		if (!n)
			continue;
		if (!strcmp(tok[0], "pv")) {
			if (n < 3 || vg.n_pvs == M_MAX_PVS)
				die("bad pv", tok[0]);
			struct alloc_pv *pv = &vg.pvs[vg.n_pvs++];
			pv->name = tok[1];
			pv->pe_count = strtoull(tok[2], NULL, 10);
			pv->allocatable = true;
			const char **tags = arena_alloc(&a, n * sizeof(*tags));
			for (unsigned i = 3; i < n; i++)
				tags[pv->n_tags++] = tok[i][0] == '@' ? tok[i] + 1 : tok[i];
			pv->tags = tags;
			continue;
		}
		if (n < 2)
			die("missing LV name", tok[0]);
		op++;
		const char *name = tok[1];
		int l = m_find_lv(&vg, name);
		if (!strcmp(tok[0], "lvremove")) {
			if (l < 0)
				die("no such LV", name);
			vg.lvs[l].live = false;
			continue;
		}
		if (n < 3)
			die("missing size", tok[0]);
		uint64_t size = strtoull(tok[2][0] == '+' || tok[2][0] == '-' ? tok[2] + 1 : tok[2], NULL, 10);
		if (!strcmp(tok[0], "lvreduce")) {
			if (l < 0)
				die("no such LV", name);
			m_reduce(&vg, &vg.lvs[l], size);
			continue;
		}
		bool create = !strcmp(tok[0], "lvcreate");
		if (!create && strcmp(tok[0], "lvextend"))
			die("unknown command", tok[0]);
		if (create == (l >= 0)) {
			printf("ERROR op %u: %s\n", op, create ? "LV exists" : "no such LV");
			continue;
		}
		unsigned stripes = 1;
		enum alloc_policy policy = ALLOC_NORMAL;
		struct alloc_pv_arg *args = arena_alloc(&a, n * sizeof(*args));
		unsigned n_args = 0;
		for (unsigned i = 3; i < n; i++) {
			char err[256];
			if (!strcmp(tok[i], "-i") && i + 1 < n)
				stripes = (unsigned)atoi(tok[++i]);
			else if (!strcmp(tok[i], "--alloc") && i + 1 < n) {
				if (alloc_policy_from_name(tok[++i], &policy))
					die("bad policy", tok[i]);
			} else if (alloc_parse_pv_arg(&a, tok[i], &args[n_args++], err, sizeof(err)))
				die(err, tok[i]);
		}
		struct alloc_result res;
		if (create && stripes > 1 && size % stripes)
			size += stripes - size % stripes;	/* lvcreate rounds up to a stripe boundary */
		if (m_alloc(&vg, name, size, stripes, policy, args, n_args, &res))
			printf("ERROR op %u: %s\n", op, res.error);
	}

	for (unsigned l = 0; l < vg.n_lvs; l++) {
		const struct m_lv *lv = &vg.lvs[l];
		uint64_t le = 0;
		for (unsigned i = 0; lv->live && i < lv->n_segs; i++) {
			const struct alloc_seg *s = &lv->segs[i];
			uint64_t len = s->extents / s->stripes;
			printf("%s %llu %llu", lv->name, (unsigned long long)le, (unsigned long long)s->extents);
			for (unsigned k = 0; k < s->stripes; k++)
				printf("%s%s:%llu-%llu", k ? " " : " ", vg.pvs[s->areas[k].pv].name,
				       (unsigned long long)s->areas[k].pe,
				       (unsigned long long)(s->areas[k].pe + len - 1));
			printf("\n");
			le += s->extents;
		}
	}
	arena_free(&a);
	return 0;
}
