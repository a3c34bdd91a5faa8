/* Randomized model test of the allocator: random create/extend/reduce/remove
 * sequences over random PV sets (fixed seed). After every step: no extent is
 * used twice or outside its PV, used + free = total, every LV has the size
 * asked for, stripes of one segment are on distinct PVs unless the policy
 * is anywhere, and the allocator gives the same answer twice. */
#include "tests/unit/unit.h"
#include <errno.h>

#include "allocator/alloc.h"
#include "tests/tools/alloc_model.h"

static uint64_t rng = 0x2545F4914F6CDD1DULL;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *pv_names[] = { "p0", "p1", "p2", "p3", "p4", "p5" };

static void check_vg(struct m_vg *vg, const uint64_t *want, const bool *anywhere)
{
	uint64_t total = 0, lv_sum = 0, free_pe;
	unsigned frags;
	m_build_used(vg);
	for (unsigned p = 0; p < vg->n_pvs; p++) {
		uint64_t end = 0;
		total += vg->pvs[p].pe_count;
		for (unsigned i = 0; i < vg->pvs[p].n_used; i++) {
			const struct alloc_used *u = &vg->pvs[p].used[i];
			assert_true(u->start >= end);	/* sorted, never used twice */
			assert_true(u->start + u->len <= vg->pvs[p].pe_count);
			end = u->start + u->len;
		}
	}
	for (unsigned l = 0; l < vg->n_lvs; l++) {
		const struct m_lv *lv = &vg->lvs[l];
		if (!lv->live)
			continue;
		uint64_t sum = 0;
		for (unsigned i = 0; i < lv->n_segs; i++) {
			const struct alloc_seg *s = &lv->segs[i];
			assert_true(s->extents > 0 && s->extents % s->stripes == 0);
			sum += s->extents;
			for (unsigned a = 0; !anywhere[l] && a < s->stripes; a++)
				for (unsigned b = a + 1; b < s->stripes; b++)
					assert_true(s->areas[a].pv != s->areas[b].pv);
		}
		assert_int_equal(sum, lv->extents);
		assert_int_equal(lv->extents, want[l]);
		lv_sum += sum;
	}
	m_free_stats(vg, &free_pe, &frags);
	assert_int_equal(lv_sum + free_pe, total);
}

static bool same_result(const struct alloc_result *a, const struct alloc_result *b)
{
	if (a->n_segs != b->n_segs || strcmp(a->error, b->error))
		return false;
	for (unsigned i = 0; i < a->n_segs; i++) {
		if (a->segs[i].extents != b->segs[i].extents || a->segs[i].stripes != b->segs[i].stripes)
			return false;
		for (unsigned s = 0; s < a->segs[i].stripes; s++)
			if (a->segs[i].areas[s].pv != b->segs[i].areas[s].pv ||
			    a->segs[i].areas[s].pe != b->segs[i].areas[s].pe)
				return false;
	}
	return true;
}

static void random_sequences(void **state)
{
	unsigned ok = 0, failed = 0;
	for (unsigned seq = 0; seq < 20000; seq++) {
		struct arena a;
		static struct m_vg vg;
		uint64_t want[M_MAX_LVS] = { 0 };
		bool anywhere[M_MAX_LVS] = { false };
		arena_init(&a);
		memset(&vg, 0, sizeof(vg));
		vg.a = &a;
		vg.n_pvs = 1 + rnd(5);
		for (unsigned p = 0; p < vg.n_pvs; p++) {
			vg.pvs[p].name = pv_names[p];
			vg.pvs[p].pe_count = 1 + rnd(rnd(2) ? 60 : 300);
			vg.pvs[p].allocatable = rnd(8) != 0;
		}
		for (unsigned step = 0; step < 25; step++) {
			unsigned op = rnd(10), l = vg.n_lvs ? rnd(vg.n_lvs) : 0;
			bool exists = vg.n_lvs && vg.lvs[l].live;
			if (op < 4 || !exists) {	/* create */
				if (vg.n_lvs == M_MAX_LVS)
					break;
				char name[16];
				unsigned stripes = rnd(3) ? 1 : 2 + rnd(2);
				uint64_t ext = (1 + rnd(80)) * stripes;
				enum alloc_policy pol = (enum alloc_policy)(ALLOC_CONTIGUOUS + rnd(5));
				snprintf(name, sizeof(name), "lv%u", vg.n_lvs);
				struct alloc_result r1, r2;
				unsigned idx = vg.n_lvs;
				m_build_used(&vg);
				struct alloc_request req = {
					.lv = idx, .lv_name = name, .extents = ext, .stripes = stripes,
					.policy = pol, .maximise_cling = rnd(4) != 0,
				};
				int rc1 = alloc_extents(&a, vg.pvs, vg.n_pvs, &req, &r1);
				int rc2 = alloc_extents(&a, vg.pvs, vg.n_pvs, &req, &r2);
				assert_int_equal(rc1, rc2);
				assert_true(same_result(&r1, &r2));
				int rc = m_alloc(&vg, name, ext, stripes, pol, NULL, 0, &r1);
				if (rc == 0) {
					want[idx] = ext;
					anywhere[idx] = pol == ALLOC_ANYWHERE;
					ok++;
				} else {
					assert_int_equal(rc, -ENOSPC);
					assert_true(r1.error[0]);
					failed++;
				}
			} else if (op < 7) {	/* extend */
				struct m_lv *lv = &vg.lvs[l];
				unsigned stripes = lv->n_segs ? lv->segs[lv->n_segs - 1].stripes : 1;
				uint64_t ext = (1 + rnd(50)) * stripes;
				enum alloc_policy pol = (enum alloc_policy)(ALLOC_CONTIGUOUS + rnd(5));
				uint64_t free_pe;
				unsigned frags;
				m_free_stats(&vg, &free_pe, &frags);
				for (unsigned p = 0; p < vg.n_pvs; p++)	/* count allocatable PVs only */
					if (!vg.pvs[p].allocatable) {
						free_pe -= vg.pvs[p].pe_count;
						for (unsigned i = 0; i < vg.pvs[p].n_used; i++)
							free_pe += vg.pvs[p].used[i].len;
					}
				struct alloc_result r;
				int rc = m_alloc(&vg, lv->name, ext, stripes, pol, NULL, 0, &r);
				if (rc == 0) {
					want[l] += ext;
					anywhere[l] |= pol == ALLOC_ANYWHERE;
					ok++;
				} else {
					if (rc != -ENOSPC)
						print_message("extend: %s\n", r.error);
					assert_int_equal(rc, -ENOSPC);
					/* Linear normal/anywhere fails only without space. */
					if (stripes == 1 && pol >= ALLOC_NORMAL)
						assert_true(ext > free_pe);
					failed++;
				}
			} else if (op < 9) {	/* reduce */
				struct m_lv *lv = &vg.lvs[l];
				unsigned stripes = lv->n_segs ? lv->segs[lv->n_segs - 1].stripes : 1;
				uint64_t cut = (uint64_t)rnd((unsigned)(lv->extents / stripes)) * stripes;
				/* Reduce only within the last segment's stripe count. */
				if (cut && cut <= lv->segs[lv->n_segs - 1].extents) {
					m_reduce(&vg, lv, cut);
					want[l] -= cut;
				}
			} else {		/* remove */
				vg.lvs[l].live = false;
			}
			check_vg(&vg, want, anywhere);
		}
		arena_free(&a);
	}
	print_message("%u allocations, %u refused\n", ok, failed);
	assert_true(ok > 10000 && failed > 100);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_sequences),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
