/* libFuzzer target for VG metadata import: any text a stranger's disk holds.
 * What imports must export in both styles and import again (abort if not:
 * that would be a validation gap or an exporter bug). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metadata/vg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct vg *vg, *again;
	char err[512];

	vg_export_split_lvs = UINT32_MAX;
	arena_init(&a);
	if (!vg_import(&a, (const char *)data, size, &vg, err, sizeof(err))) {
		for (int style = 0; style < 2; style++) {
			struct strbuf sb;
			sb_init(&sb);
			vg_export(vg, style ? EXPORT_FILE : EXPORT_DISK, "fuzz", 1, &sb);
			if (vg_import(&a, sb.buf, sb.len, &again, err, sizeof(err))) {
				fprintf(stderr, "re-import failed: %s\n%s\n", err, sb.buf);
				abort();
			}
			/* The two-thread export writes the same text. */
			struct strbuf par;
			sb_init(&par);
			vg_export_split_lvs = 2;
			vg_export(vg, style ? EXPORT_FILE : EXPORT_DISK, "fuzz", 1, &par);
			vg_export_split_lvs = UINT32_MAX;
			if (par.len != sb.len || memcmp(par.buf, sb.buf, sb.len)) {
				fprintf(stderr, "two-thread export differs:\n%s\n---\n%s\n", sb.buf, par.buf);
				abort();
			}
			sb_free(&par);
			sb_free(&sb);
		}
	}
	arena_free(&a);
	return 0;
}
