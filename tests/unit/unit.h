/* Common includes for cmocka unit tests (one file per module). */
#ifndef LVMGR_UNIT_H
#define LVMGR_UNIT_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* Path of a committed fixture (tests/fixtures/...), from the repo root. */
#define FIXTURE(name) "tests/fixtures/" name
#endif
