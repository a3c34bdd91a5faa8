/* The error segment type: no areas, every I/O fails (dm-error). Its
 * section has nothing but the common fields. */
#include "metadata/vg.h"

const struct segtype segtype_error = {
	.name = "error",
	.flags = SEGTYPE_VIRTUAL | SEGTYPE_IMAGE,
};
