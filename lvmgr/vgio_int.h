/* What the files of the VG read/commit code share (not for other
 * modules): vgio.c reads VGs, vgio_commit.c writes them, vgio_check.c
 * parses back what a commit writes, vgio_jobs.c writes the archive and
 * backup files from second threads. */
#ifndef LVMGR_VGIO_INT_H
#define LVMGR_VGIO_INT_H

#include "lvmgr/vgio.h"

/* Side table of the command: VG -> the text it was read from. */
struct bg_file;
struct vgcache_job;
struct commit_rec;
struct vg_src {
	const struct vg *vg;
	const char *text;
	size_t text_len;
	struct bg_file *archive;	/* the archive file, being written */
	struct vgcache_job *cache;	/* the VG cache entry of a VG read by parsing, being written */
	int cache_slot;			/* the VG cache slot it was loaded from, -1 */
	const struct commit_rec *rec;	/* what the last commit left in the areas, or NULL */
	struct vg_src *next;
};
struct vg_src *vgio_src_find(struct ctx *c, const struct vg *vg);

/* The labelled devices by PV id, for a VG of many PVs over many devices
 * (a lookup each is quadratic: 256 PVs, 65,000 comparisons). Ties keep the
 * scan's order: a lookup finds what a linear search finds. */
struct pv_index {
	struct ctx *c;
	struct pv_slot {
		struct scan_dev *sd;
		unsigned pos;
	} *v;
	unsigned n;
};
void vgio_pv_index_build(struct ctx *c, struct pv_index *x);
struct scan_dev *vgio_pv_index_find(const struct pv_index *x, const char *id);
void vgio_pv_index_free(struct pv_index *x);

/* ---- archive and backup jobs (vgio_jobs.c) ---- */
bool vgio_archiving(struct ctx *c);
bool vgio_backing_up(struct ctx *c);
/* The archive job of a VG just read for update (tree: its parse, NULL
 * for a VG from the VG cache; hints_as_read: every PV is where the text
 * says). */
struct bg_file *vgio_archive_start(struct ctx *c, const struct cft_node *tree, const struct vg *vg,
				   const char *text, size_t text_len, bool hints_as_read);
/* The archive job of vg: the one vg_read started, or one made now from
 * the text read; NULL when there is nothing to archive. */
struct bg_file *vgio_archive_take(struct ctx *c, const struct vg *vg);
/* Wait for the job and put its file in place (a failure is a warning).
 * Frees b. */
int vgio_archive_place(struct ctx *c, const struct vg *vg, struct bg_file *b);
/* Wait for the job and remove its file (the VG was not changed). Frees b. */
void vgio_archive_drop(struct bg_file *b);
/* Export and write the backup of vg (size_hint: about its bytes, 0:
 * unknown; archive, rg: the archive job of the version read and the disk
 * export's places, for copying unchanged LV sections from the old backup;
 * NULL: none). */
struct bg_file *vgio_backup_start(struct ctx *c, const struct vg *vg, size_t size_hint,
				  struct bg_file *archive, const struct export_ranges *rg);
/* Wait; keep: put the file in place (a failure is a warning). Frees b. */
int vgio_backup_finish(struct ctx *c, const struct vg *vg, struct bg_file *b, bool keep);

/* ---- the re-parse check (vgio_check.c) ---- */
struct vgio_check;
/* Start checking, in a second thread, that text (len bytes, the disk
 * export of vg stamped now, with the places rg) imports as vg. vg, text
 * and rg stay unchanged until vgio_check_finish. */
struct vgio_check *vgio_check_start(const struct vg *vg, const char *text, size_t len,
				    const struct export_ranges *rg, uint64_t now);
/* Wait for the check: 0, or -EINVAL (an internal error, logged when
 * report). Frees k (NULL: nothing to wait for). */
int vgio_check_finish(struct vgio_check *k, bool report);

#endif
