/* mda_header_decode on the first 512 bytes; if the header is good, the
 * rest of the input is the area's ring (in a memfd) and both slots are read. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "metadata/mda.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct io_engine *io;
	static int fd = -1;
	struct mda_header h;
	uint8_t out[MDA_HEADER_SIZE];
	char err[256];

	if (size < MDA_HEADER_SIZE)
		return 0;
	/* take the start the input names, so the fuzzer gets past that check;
	 * the ring is then read from offset 0 of the memfd */
	if (mda_header_decode(data, get_le64(data + 24), &h, err, sizeof(err)))
		return 0;
	mda_header_encode(&h, out);
	/* what the struct holds round-trips (the checksum covers bytes beyond) */
	if (memcmp(out + 4, data + 4, 40 + 2 * 24 - 4))
		abort();
	if (!io) {
		io = io_engine_sync_new();
		fd = memfd_create("fuzz_mda", 0);
		if (!io || fd < 0)
			abort();
	}
	/* keep it fast: a ring larger than the input reads short (-EIO) */
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	h.start = 0;
	for (int slot = 0; slot < 2; slot++) {
		struct strbuf text;
		sb_init(&text);
		if (h.locn[slot].size <= size && !mda_read_text(io, fd, &h, slot, &text, err, sizeof(err)) &&
		    (text.len + 1 != h.locn[slot].size || strlen(text.buf) != text.len))
			abort();
		sb_free(&text);
	}
	uint64_t off;
	if (!mda_place_text(&h, 1 + size % 4096, &off, err, sizeof(err)) &&
	    (off < MDA_HEADER_SIZE || off >= h.size))
		abort();
	return 0;
}
