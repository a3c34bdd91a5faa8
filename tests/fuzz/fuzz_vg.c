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
	vg_import_split_lvs = UINT32_MAX;
	arena_init(&a);
	int rc = vg_import(&a, (const char *)data, size, &vg, err, sizeof(err));
	/* The two-thread import: the same outcome, message or VG. */
	{
		struct vg *vg2;
		char err2[512];
		vg_import_split_lvs = 2;
		int rc2 = vg_import(&a, (const char *)data, size, &vg2, err2, sizeof(err2));
		vg_import_split_lvs = UINT32_MAX;
		if (rc != rc2 || (rc && strcmp(err, err2))) {
			fprintf(stderr, "two-thread import differs: %d %s / %d %s\n", rc, err, rc2, err2);
			abort();
		}
		if (!rc) {
			struct strbuf s1, s2;
			sb_init(&s1);
			sb_init(&s2);
			vg_export(vg, EXPORT_DISK, "fuzz", 1, &s1);
			vg_export(vg2, EXPORT_DISK, "fuzz", 1, &s2);
			if (strcmp(s1.buf ? s1.buf : "", s2.buf ? s2.buf : "")) {
				fprintf(stderr, "two-thread import makes another VG\n");
				abort();
			}
			sb_free(&s1);
			sb_free(&s2);
		}
	}
	if (!rc) {
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
