/* The kernel backend: device-mapper ioctls through libdevmapper. Each call
 * is one dm operation; errors come back as -errno with a message logged
 * naming the device. */
#ifndef LVMGR_ACT_KERNEL_H
#define LVMGR_ACT_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "activation/tree.h"

struct dmk_dev {
	const char *name, *uuid;
	uint32_t major, minor;
	int open_count;
	bool suspended, read_only, live_table;
};

/* Is device-mapper usable here (control node, driver answers)? */
bool dmk_available(void);
/* Every dm device (name, uuid, numbers, state): one listing per command. */
int dmk_list(struct arena *a, struct dmk_dev **out, unsigned *n);
/* Create name/uuid with the node's table and resume it (creates the
 * /dev/mapper node; udev sync when udev runs). made (may be NULL) gets the
 * new device's entry (name and uuid point into n, numbers from the kernel). */
int dmk_create(const struct dm_node *n, struct dmk_dev *made);
/* dmk_create for every node, without udev from several threads at once
 * (then the /dev/mapper nodes after); all are tried, errs[i] says how
 * each went (made[i] valid when 0), the last error is returned. A device
 * whose table could not be loaded or resumed is removed again. */
int dmk_create_many(const struct dm_node *const *nodes, unsigned n, struct dmk_dev *made, int *errs);
/* Load the node's table into the inactive slot of an existing device. */
int dmk_load(const struct dm_node *n);
int dmk_suspend(const char *name);
int dmk_resume(const char *name);
/* Remove (retrying briefly while busy). -EBUSY if still open. */
int dmk_remove(const char *name);
/* Remove every named device (none holding another); all are tried, the
 * last error is returned. Without udev, from several threads at once. */
int dmk_remove_many(const char *const *names, unsigned n);
int dmk_rename(const char *name, const char *newname);
/* The live table of name as `dmsetup table` prints it. */
int dmk_table(struct arena *a, const char *name, struct strbuf *out);

#endif
