/* A test hook on the metadata writes: LVMGR_TEST_MDA_FAULT="write=N" makes
 * the Nth metadata write of the command (label, metadata area header or
 * text, counted in the order they are issued across every PV; a commit's
 * PVs are then written one after the other) fail with EIO, with nothing
 * written; "write=N,tear" writes only its first 512 bytes and fails it (a
 * 512-byte header then reaches the disk whole but is reported failed).
 * Every other write, before and after, goes through: a transient device
 * error, not a stopped machine (that is LVMGR_TEST_FAULT, io.h). Each
 * injection says so on stderr ("lvmgr test: ..."). */
#ifndef LVMGR_IO_MDAFAULT_H
#define LVMGR_IO_MDAFAULT_H

#include "lvmgr/io/io.h"

/* inner when the variable is unset; else a wrapper that does not own inner
 * (destroy it before inner). A malformed value fails every metadata write,
 * so that a typo never runs a test without its fault. */
struct io_engine *io_engine_mdafault_from_env(struct io_engine *inner);

#endif
