/* A recording fake backend for unit tests: a small model of the dm driver
 * (devices with live and inactive tables, "major:minor" references that
 * hold a device, suspension) that writes each operation to a log, one line
 * each ("create NAME", "load NAME", "message NAME TEXT", ...), and fails
 * the N-th operation when told to. */
#ifndef LVMGR_ACT_FAKE_H
#define LVMGR_ACT_FAKE_H

#include "activation/backend.h"

struct dt_backend *dt_fake_new(void);
void dt_fake_free(struct dt_backend *b);
/* The step-th changing operation (1 = the first after this call) fails
 * with -EIO; 0: none. */
void dt_fake_fail_at(struct dt_backend *b, unsigned step);
/* A live device (a test's starting state); table as dmsetup prints it.
 * Its number is 253:<minor>, the next free one. */
int dt_fake_add(struct dt_backend *b, const char *name, const char *uuid, const char *table);
/* The operations logged since the last reset. */
const char *dt_fake_log(struct dt_backend *b);
void dt_fake_log_reset(struct dt_backend *b);
/* Every device with its tables and state, sorted by name: to compare a
 * state before and after. Valid until the next call. */
const char *dt_fake_state(struct dt_backend *b);

#endif
