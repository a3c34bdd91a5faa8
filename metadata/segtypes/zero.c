/* The zero segment type: no areas, reads return zeroes (dm-zero), writes
 * are discarded. Its section has nothing but the common fields. */
#include "metadata/vg.h"

const struct segtype segtype_zero = {
	.name = "zero",
	.flags = SEGTYPE_VIRTUAL | SEGTYPE_IMAGE,
};
