/* libFuzzer target for the LVM2 text grammar: whatever parses must emit in
 * both styles and parse back to the same tree (a failure is a real bug in
 * the parser or the emitter, so it aborts). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metadata/cft.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_cft_roundtrip(const struct cft_node *root, int indent)
{
	struct arena a;
	struct strbuf sb;
	char err[128];
	struct cft_node *again;

	arena_init(&a);
	sb_init(&sb);
	cft_emit_children(&sb, root, indent);
	again = cft_parse(&a, sb.buf ? sb.buf : "", sb.len, err, sizeof(err));
	if (!again) {
		fprintf(stderr, "re-parse (indent %d) failed: %s\n%s\n", indent, err, sb.buf);
		abort();
	}
	if (!cft_equal(root, again)) {
		fprintf(stderr, "round trip (indent %d) differs:\n%s\n", indent, sb.buf);
		abort();
	}
	sb_free(&sb);
	arena_free(&a);
}

/* The two-thread parse (any input with a cut, however small) gives the
 * tree or the error of the one-piece parse. */
static void fuzz_cft_split(const uint8_t *data, size_t size, const struct cft_node *whole,
			   const char *whole_err)
{
	struct arena a;
	char err[128];
	arena_init(&a);
	cft_split_min = 0;
	struct cft_node *root = cft_parse(&a, (const char *)data, size, err, sizeof(err));
	cft_split_min = SIZE_MAX;
	if (!root != !whole || (!root && strcmp(err, whole_err)) || (root && !cft_identical(root, whole))) {
		fprintf(stderr, "split parse differs (%s / %s)\n", root ? "ok" : err, whole ? "ok" : whole_err);
		abort();
	}
	arena_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	char err[128];
	struct cft_node *root;

	arena_init(&a);
	cft_split_min = SIZE_MAX;
	root = cft_parse(&a, (const char *)data, size, err, sizeof(err));
	fuzz_cft_split(data, size, root, err);
	if (root) {
		fuzz_cft_roundtrip(root, -1);
		fuzz_cft_roundtrip(root, 1);
	} else if (strncmp(err, "line ", 5)) {
		fprintf(stderr, "error without a line: %s\n", err);
		abort();
	}
	arena_free(&a);
	return 0;
}
