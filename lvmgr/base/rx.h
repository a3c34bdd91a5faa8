/* Regular expressions in LVM2's dialect (libdm/regex), not POSIX: the one
 * of devices/filter, devices/global_filter, devices/preferred_names and the
 * report selection operators =~ and !~. rx.c gives the grammar. */
#ifndef LVMGR_RX_H
#define LVMGR_RX_H

#include <stdbool.h>
#include <stddef.h>

#include "lvmgr/base/util.h"

/* Longest pattern taken, in bytes. It bounds the automaton: a set of
 * states is at most 16 words, the compiled pattern at most ~170 KiB. */
#define RX_MAX_LEN 1024

struct rx;
/* Compile pat[0..len) into a (freed with it). NULL on a bad pattern, with
 * the reason in err (e.g. "missing ')' to close \"(sd\""). */
struct rx *rx_compile(struct arena *a, const char *pat, size_t len, char *err, size_t errlen);
/* Does the pattern match anywhere in s (LVM2's dm_regex_match() >= 0)?
 * Time linear in strlen(s), whatever the pattern. */
bool rx_match(const struct rx *rx, const char *s);

#endif
