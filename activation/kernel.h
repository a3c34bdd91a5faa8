/* The kernel backend: device-mapper through libdevmapper (kernel.c says
 * how its operations run from several threads). */
#ifndef LVMGR_ACT_KERNEL_H
#define LVMGR_ACT_KERNEL_H

#include <stdbool.h>

#include "activation/backend.h"

/* Is device-mapper usable here (control node, driver answers)? Sets the
 * library up: call it (on the main thread) before using the backend. */
bool dmk_available(void);
struct dt_backend *dmk_backend(void);
/* The /dev of the nodes made (lvm.conf devices/dir; LVM2 gives it to
 * dm_set_dev_dir): set before dmk_available(). */
void dmk_set_dev_dir(const char *dir);

#endif
