/* lvcreate's one path (cmd/lvresize.c) for the handlers of its forms in
 * other files (cmd/raid.c). */
#ifndef LVMGR_CMD_LVCREATE_H
#define LVMGR_CMD_LVCREATE_H

#include "cmd/command.h"
#include "lvmgr/lv_api.h"

/* The type's own options into p, once the VG is read: 0, or non-zero
 * (logged) for a bad command line. */
typedef int (*lvcreate_extra_fn)(struct cmd *c, const struct vg *vg, struct lv_create_params *p);
/* Parse the options every lvcreate form takes, read the VG, call extra
 * (NULL: none), create: LVM2's exit code. */
int lvcreate_with(struct cmd *c, const struct segtype *segtype, bool striped, lvcreate_extra_fn extra);
/* -i N / -I SIZE over the defaults in *stripes, *stripe_size (sectors),
 * checked against vg (cmd/lvresize.c; thin pools' data LV too). */
int stripe_args(struct cmd *c, const struct vg *vg, unsigned *stripes, uint32_t *stripe_size);
/* The same for a new LV: LVM2's defaults (1, 64 KiB) and its words about
 * them ("Using default stripesize 64.00 KiB."). */
int new_stripe_args(struct cmd *c, const struct vg *vg, unsigned *stripes, uint32_t *stripe_size);

#endif
