/* What the device tree runs its operations on: one device-mapper operation
 * per call, behind a vtable. Backends: kernel (libdevmapper, kernel.c),
 * print (--dry-run: the tables in creation order, print.c) and a recording
 * fake for unit tests (fake.c).
 *
 * A device is addressed by its uuid when it has one (every device lvmgr
 * makes does), else by its name; the name is also what messages and the
 * /dev/mapper node use. Operations return 0 or -errno and log nothing:
 * they may run from several threads (parallel), and the caller says which
 * step failed. */
#ifndef LVMGR_ACT_BACKEND_H
#define LVMGR_ACT_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include "lvmgr/base/util.h"

/* A dm device as the driver reports it. */
struct dmk_dev {
	const char *name, *uuid;
	uint32_t major, minor;
	int open_count;
	bool suspended, read_only, live_table, inactive_table;
	/* open_count..inactive_table not read yet: a listing may leave them
	 * to the backend's info, asked for the devices a command looks at */
	bool state_pending;
};

/* One target of a table, as `dmsetup table` prints it. */
struct dm_target_line {
	uint64_t start, len;	/* sectors */
	const char *type;	/* "linear", "striped", "zero", "error", ... */
	const char *params;
};

struct dt_backend {
	const char *name;
	/* independent operation sequences may run from several threads */
	bool parallel;
	/* A device without a table; made (may be NULL) gets its numbers.
	 * minor >= 0: that minor number (an LV's persistent one, lvchange
	 * -My), else the kernel's choice. */
	int (*create)(struct dt_backend *b, const char *name, const char *uuid, int64_t minor,
		      struct dmk_dev *made);
	/* The table into the device's inactive slot. */
	int (*load)(struct dt_backend *b, const char *name, const char *uuid, const struct dm_target_line *t,
		    unsigned n, bool read_only);
	/* Drop the inactive table. */
	int (*clear)(struct dt_backend *b, const char *name, const char *uuid);
	int (*suspend)(struct dt_backend *b, const char *name, const char *uuid);
	/* Swap in the inactive table if there is one, let I/O through; info
	 * (may be NULL) gets the device's numbers. */
	int (*resume)(struct dt_backend *b, const char *name, const char *uuid, struct dmk_dev *info);
	/* Remove (retrying briefly while busy); -EBUSY if still open. */
	int (*remove)(struct dt_backend *b, const char *name, const char *uuid);
	int (*rename)(struct dt_backend *b, const char *name, const char *uuid, const char *newname);
	/* A target message to sector 0 of the live table. */
	int (*message)(struct dt_backend *b, const char *name, const char *uuid, const char *msg);
	/* The live table's status lines / table lines (in a). */
	int (*status)(struct dt_backend *b, struct arena *a, const char *name, const char *uuid,
		      struct dm_target_line **t, unsigned *n);
	int (*table)(struct dt_backend *b, struct arena *a, const char *name, const char *uuid,
		     struct dm_target_line **t, unsigned *n);
	/* Every device: name, numbers, uuid, and its state unless
	 * state_pending (then info reads it). */
	int (*list)(struct dt_backend *b, struct arena *a, struct dmk_dev **out, unsigned *n);
	/* The state of a listed device (open count, suspended, tables);
	 * clears state_pending. A device gone since: no live table. */
	int (*info)(struct dt_backend *b, struct dmk_dev *d);
	void *priv;
	/* suspend without flushing (NULL: suspend): I/O a mirror holds
	 * for a failed leg is requeued to the next table instead of
	 * failing, as LVM2 suspends mirror LVs (lib/activate/activate.c,
	 * "Mirror repair requires noflush") */
	int (*suspend_noflush)(struct dt_backend *b, const char *name, const char *uuid);
};

/* The print backend: every create/load/message written to out as
 * --dry-run shows it; the listing is empty (everything is "new"). */
struct dt_backend *dt_print_backend(struct dt_backend *b, struct strbuf *out);

/* Table lines as `dmsetup table` prints them, one per line. */
void dt_lines_print(const struct dm_target_line *t, unsigned n, struct strbuf *sb);

#endif
