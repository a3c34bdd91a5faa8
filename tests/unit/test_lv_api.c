/* The LV API's request rules that need no devices: stripes and stripe
 * sizes (lv_stripes_check), the defaults lvextend takes from an LV. */
#include "tests/unit/unit.h"
#include <errno.h>
#include "lvmgr/lv_api.h"

static void stripes(void **state)
{
	struct vg vg = {.extent_size = 8192};	/* 4 MiB */
	unsigned n;
	uint32_t sz;
	(void)state;
	n = 2, sz = 128;
	assert_int_equal(lv_stripes_check(&vg, &n, &sz), 0);
	assert_int_equal(sz, 128);
	n = 1, sz = 6;				/* one stripe: no stripe size */
	assert_int_equal(lv_stripes_check(&vg, &n, &sz), 0);
	assert_int_equal(sz, 0);
	n = 0, sz = 128;
	assert_int_equal(lv_stripes_check(&vg, &n, &sz), -EINVAL);
	n = 2, sz = 6;				/* 3 KiB: not a power of 2 */
	assert_int_equal(lv_stripes_check(&vg, &n, &sz), -EINVAL);
	n = 2, sz = 4;				/* 2 KiB: below 4 KiB */
	assert_int_equal(lv_stripes_check(&vg, &n, &sz), -EINVAL);
	n = 3, sz = 16384;			/* 8 MiB: cut to the extent size */
	assert_int_equal(lv_stripes_check(&vg, &n, &sz), 0);
	assert_int_equal(sz, 8192);
}

static void last_stripes(void **state)
{
	struct lv_seg striped = {.n_areas = 3, .stripe_size = 256}, linear = {.n_areas = 1},
		      zero = {.n_areas = 0};
	struct lv lv = {.segs = &striped, .n_segs = 1};
	unsigned n;
	uint32_t sz;
	(void)state;
	lv_last_stripes(&lv, &n, &sz);
	assert_int_equal(n, 3);
	assert_int_equal(sz, 256);
	lv.segs = &linear;
	lv_last_stripes(&lv, &n, &sz);
	assert_int_equal(n, 1);
	assert_int_equal(sz, 128);		/* 64 KiB if -i makes it striped */
	lv.segs = &zero;
	lv_last_stripes(&lv, &n, &sz);
	assert_int_equal(n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stripes),
		cmocka_unit_test(last_stripes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
