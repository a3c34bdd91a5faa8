/* VG commit. The commit follows LVM2 2.03: new text after the committed
 * copy in every area, precommit slot set everywhere, then the committed
 * slot switched everywhere. A crash at any write leaves every area with
 * either the old or the new version committed, and readers take the
 * highest valid seqno. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lvmgr/base/testhook.h"
#include "lvmgr/vgio_int.h"
#include "lvmgr/base/crc.h"
#include "lvmgr/cache/vgcache.h"
#include "lvmgr/pvdups.h"

/* Labels and metadata areas are written through the metadata engine (the
 * test fault hook, io/mdafault.h, when set). */
static struct io_engine *mda_io(struct ctx *c)
{
	return c->mda_io ? c->mda_io : c->io;
}

int label_write(struct io_engine *io, int fd, const struct pv_label *l, bool test, char *err, size_t errlen)
{
	uint8_t sector[SECTOR_SIZE];
	if (label_encode(l, sector)) {
		err_printf(err, errlen, "label does not fit in a sector.");
		return -EINVAL;
	}
	int r = test ? 0 : io_write(io, fd, l->sector * SECTOR_SIZE, sector, SECTOR_SIZE);
	if (r)
		err_printf(err, errlen, "writing the label failed: %s", strerror(-r));
	return r;
}

int pv_write_label(struct ctx *c, struct scan_dev *sd)
{
	char err[200];
	int r = label_write(mda_io(c), sd->dev.fd, &sd->label, c->test, err, sizeof(err));
	if (r)
		log_error("%s: %s", sd->dev.path, err);
	return r;
}

static int set_pv_used(struct ctx *c, struct scan_dev *sd, bool used)
{
	uint32_t want = used ? (sd->label.ext_flags | PV_EXT_USED) : (sd->label.ext_flags & ~PV_EXT_USED);
	if (sd->label.has_ext && sd->label.ext_flags == want)
		return 0;
	sd->label.has_ext = true;
	sd->label.ext_version = PV_EXT_VERSION;
	sd->label.ext_flags = want;
	return pv_write_label(c, sd);
}

int pv_orphan(struct ctx *c, struct scan_dev *sd)
{
	int r;
	for (unsigned m = 0; m < sd->n_mda; m++) {
		struct mda_header h;
		memset(&h, 0, sizeof(h));
		h.version = FMTT_VERSION;
		h.start = sd->mda[m].start;
		h.size = sd->mda[m].size;
		if (sd->mda[m].hdr_ok)
			h.locn[0].flags = sd->mda[m].hdr.locn[0].flags & RAW_LOCN_IGNORED;
		if (!c->test && (r = mda_write_header(mda_io(c), sd->dev.fd, &h))) {
			log_error("%s: writing the metadata area header failed: %s", sd->dev.path,
				  strerror(-r));
			return r;
		}
		sd->mda[m].hdr = h;
		sd->mda[m].text_ok = false;
	}
	if ((r = set_pv_used(c, sd, false)))
		return r;
	return c->test ? 0 : io_flush(c->io, sd->dev.fd);
}

struct target {
	struct scan_dev *sd;
	struct scan_mda *md;
	struct raw_locn loc;
	/* the place holds the version before the one read, as the last
	 * commit left it (the blocks that differ are known): or NULL */
	const struct commit_area *known;
};

/* The areas of one device (targets first .. first + n - 1): one job of a
 * commit phase writes them and flushes the device. */
struct commit_dev {
	struct scan_dev *sd;
	unsigned first, n;
	uint64_t written;	/* text bytes written (phase 1) */
	int rc;
	const char *failed;	/* with rc: what was being written */
	uint64_t failed_at;	/* the metadata area's start */
};

struct commit_run {
	struct io_engine *io;
	struct target *t;
	struct commit_dev *d;
	const struct mda_text *mt;
	/* blocks of the new text that may differ from the version read, and
	 * those of the version read that may differ from the one before
	 * (nb: the fewer bits of the two) */
	const uint8_t *diff_new, *diff_old;
	uint32_t nb;
	int phase;	/* 1: text + precommitted slot; 2: committed slot */
};

static void commit_dev_run(void *arg, unsigned i)
{
	struct commit_run *cr = arg;
	struct commit_dev *d = &cr->d[i];
	const struct device *dev = &d->sd->dev;
	int wfd = dev->dfd >= 0 ? dev->dfd : dev->fd;

	d->rc = 0;
	d->failed = NULL;
	for (unsigned k = d->first; k < d->first + d->n; k++) {
		struct target *tk = &cr->t[k];
		struct mda_header h = tk->md->hdr;
		d->failed_at = h.start;
		if (cr->phase == 1) {
			uint64_t w = 0;
			/* Only what differs from the version before the last,
			 * which the place usually holds (mda_place_text_slots):
			 * known from the last commit when the place still
			 * begins as that left it, else read and compared. */
			bool known = tk->known && mda_head_matches(cr->io, wfd, &h, tk->loc.offset,
								    tk->known->head_len, tk->known->head_crc);
			if (tk->known && !known)
				log_debug("%s: metadata area at %" PRIu64 " changed since the last commit: reading it.",
					  dev->path, h.start);
			for (int pass = 0; pass < 2; pass++) {
				d->rc = known ? mda_write_blocks(cr->io, wfd, &h, tk->loc.offset, cr->mt, cr->diff_new,
								 cr->diff_old, cr->nb, &tk->loc, &w)
					      : mda_write_delta(cr->io, wfd, &h, tk->loc.offset, cr->mt, &tk->loc, &w);
				/* an area O_DIRECT refuses (not whole sectors of
				 * this device): the same bytes through the page cache */
				if (d->rc != -EINVAL || wfd == dev->fd)
					break;
				wfd = dev->fd;
			}
			if (d->rc) {
				d->failed = "the metadata text";
				return;
			}
			if (known)
				log_debug("%s: metadata area at %" PRIu64 ": the place holds the version before the last, as the last commit left it: written unread.",
					  dev->path, h.start);
			d->written += w;
			h.locn[1] = tk->loc;
		} else {
			h.locn[0] = tk->loc;
			h.locn[0].flags = tk->md->hdr.locn[0].flags & RAW_LOCN_IGNORED;
			memset(&h.locn[1], 0, sizeof(h.locn[1]));
		}
		d->rc = mda_write_header(cr->io, wfd, &h);
		if (d->rc == -EINVAL && wfd != dev->fd) {
			wfd = dev->fd;
			d->rc = mda_write_header(cr->io, wfd, &h);
		}
		if (d->rc) {
			d->failed = cr->phase == 1 ? "the metadata area header (precommitted slot)"
						   : "the metadata area header (committed slot)";
			return;
		}
		tk->md->hdr = h;
	}
	if ((d->rc = io_flush(cr->io, dev->fd)))
		d->failed = "(flushing) the metadata";
}

/* Which blocks phase 1 writes and the record of this commit
 * (vgcache_plan); t[k].known set where the last commit's record knows what
 * the place holds. */
static const struct commit_rec *plan_blocks(struct ctx *c, const struct vg *vg, const struct commit_rec *old,
					    struct target *t, unsigned nt, const struct mda_text *mt,
					    struct commit_run *cr)
{
	struct vgcache_place *p = xmalloc(((size_t)nt + 1) * sizeof(*p));
	for (unsigned k = 0; k < nt; k++)
		p[k] = (struct vgcache_place){t[k].sd, t[k].md, t[k].loc.offset, NULL};
	const struct commit_rec *rec = vgcache_plan(c, vg, old, p, nt, mt, &cr->diff_new, &cr->diff_old, &cr->nb);
	for (unsigned k = 0; k < nt; k++)
		t[k].known = p[k].known;
	free(p);
	return rec;
}

/* One phase over every device: the devices are written and flushed in
 * parallel (each waits for its own disk); in order with an engine that
 * must not be shared (the fault injector counts writes in order). The
 * first error in device order, after all were tried. */
static int commit_phase(struct commit_run *cr, unsigned nd, int phase)
{
	cr->phase = phase;
	parallel_for(nd, cr->io->threadsafe ? nd : 1, commit_dev_run, cr);
	int r = 0;
	for (unsigned i = 0; i < nd; i++) {
		struct commit_dev *d = &cr->d[i];
		if (!d->rc)
			continue;
		/* every device that failed, named (a commit goes on to the
		 * other devices of its phase before it gives up) */
		log_error("%s: writing %s of the metadata area at %" PRIu64 " failed: %s", d->sd->dev.path,
			  d->failed ? d->failed : "metadata", d->failed_at, strerror(-d->rc));
		if (!r)
			r = d->rc;
	}
	return r;
}

int vg_check_writable(struct ctx *c, struct vg *vg)
{
	int r;

	if (vg_missing_pv_count(vg) && !c->handles_missing_pvs) {
		log_error("Cannot write VG %s: %u PV(s) missing.", vg->name, vg_missing_pv_count(vg));
		return -EPERM;
	}
	if ((r = pvdups_check_vg(c, vg)))
		return r;
	for (unsigned i = 0; i < vg->n_pvs; i++) {
		struct scan_dev *sd = vg->pvs[i]->sd;
		if (!sd)	/* missing: handles_missing_pvs */
			continue;
		if ((r = scan_dev_rw(c, sd)))
			return r;
		for (unsigned m = 0; m < sd->n_mda; m++) {
			struct scan_mda *md = &sd->mda[m];
			/* A damaged area is repaired only on request: an ordinary
			 * change must not overwrite what may be the evidence. */
			if (!md->hdr_ok || (!c->repair && md->hdr.locn[0].size && !md->text_ok)) {
				log_error("Cannot write VG %s: metadata area %u on %s is unusable: %s "
					  "(vgck --updatemetadata %s repairs it)",
					  vg->name, m + 1, sd->dev.path, md->err, vg->name);
				return -EIO;
			}
		}
	}
	return 0;
}

/* LVMGR_TEST_EXPORT_SUB="FROM|TO", for tests only: the first FROM in the
 * exported text becomes TO (as long), a writer bug for the re-parse check
 * to catch. */
static void test_damage(struct strbuf *text)
{
	const char *e = getenv("LVMGR_TEST_EXPORT_SUB"), *eq = e ? strchr(e, '|') : NULL;
	if (!eq || eq == e || strlen(eq + 1) != (size_t)(eq - e))
		return;
	char *at = memmem(text->buf, text->len, e, (size_t)(eq - e));
	if (at)
		memcpy(at, eq + 1, (size_t)(eq - e));
}

/* The archive job (if any) is put in place between the two phases: after
 * the new text is on the disks, before a header points at it. The text
 * is parsed back meanwhile (vgio_check.c): the committed slots are
 * switched only if it reads back as the VG. */
static int do_commit(struct ctx *c, struct vg *vg, struct bg_file **backup,
		     struct bg_file **archive)
{
	struct strbuf text;
	struct mda_text mt = {0};
	char err[512];
	struct target *t = NULL;
	struct commit_dev *cd = NULL;
	struct vgcache_job *cache = NULL;
	struct vgio_check *check = NULL;
	struct export_ranges rg = {0};
	unsigned nt = 0, nd = 0;
	int r = 0;

	if ((r = vg_check_writable(c, vg)))
		return r;
	vg->seqno++;
	vg_account(vg);
	/* Check the model before it is written: a command's bug fails the
	 * command instead of reaching the disks. */
	if (vg_validate(vg, err, sizeof(err))) {
		log_error("Internal error: VG %s is inconsistent after the change: %s", vg->name, err);
		return -EINVAL;
	}
	/* The new text is about as long as the one read: one allocation, not
	 * a dozen reallocations and copies, aligned and padded so that the
	 * devices are written from it (mda_text_prepare_in). */
	struct vg_src *src = vgio_src_find(c, vg);
	sb_init_aligned(&text, src ? src->text_len + src->text_len / 8 + 4096 : 65536);
	const char *desc = c->cmdline ? c->cmdline : "";
	uint64_t now = (uint64_t)time(NULL);
	/* The places of the LV sections go to the VG cache with the text,
	 * whose entry is written meanwhile (put in place at the end). */
	rg.lv = xmalloc(((size_t)vg->n_lvs + 1) * sizeof(*rg.lv));
	time_mark("validated");
	if ((r = vgcache_export(vg, desc, now, &text, &rg)))
		goto out;
	time_mark("exported");
	test_damage(&text);
	/* from here on, text, rg and vg stay as they are until the check
	 * is joined */
	check = vgio_check_start(vg, text.buf, text.len, &rg, now);
	uint64_t len = text.len + 1;	/* with the NUL */
	/* The backup file is exported and written while the devices are
	 * (started after the disk text, which the commit waits for, so the
	 * two exports do not compete for the CPU); vg_commit puts it in place
	 * once the commit is done. */
	*backup = vgio_backing_up(c) ? vgio_backup_start(c, vg, text.len + text.len / 2, *archive, &rg) : NULL;
	t = calloc(2 * (size_t)vg->n_pvs + 1, sizeof(*t));
	cd = calloc((size_t)vg->n_pvs + 1, sizeof(*cd));
	if (!t || !cd) {
		r = -ENOMEM;
		goto out;
	}
	/* Every area must take the new text before anything is written. */
	for (unsigned i = 0; i < vg->n_pvs; i++) {
		struct scan_dev *sd = vg->pvs[i]->sd;
		unsigned first = nt;
		if (!sd)
			continue;
		for (unsigned m = 0; m < sd->n_mda; m++) {
			struct scan_mda *md = &sd->mda[m];
			if (md->ignored)
				continue;
			if (mda_place_text_slots(&md->hdr, len, &t[nt].loc.offset, err, sizeof(err))) {
				log_error("VG %s metadata (%" PRIu64 " bytes) does not fit in the metadata area on %s: %s",
					  vg->name, len, sd->dev.path, err);
				r = -ENOSPC;
				goto out;
			}
			t[nt].sd = sd;
			t[nt].md = md;
			nt++;
		}
		if (nt > first)
			cd[nd++] = (struct commit_dev){.sd = sd, .first = first, .n = nt - first};
	}
	if (!nt) {
		log_error("Cannot write VG %s: none of its PVs has a metadata area in use.", vg->name);
		r = -EINVAL;
		goto out;
	}
	if (c->test) {
		if ((r = vgio_check_finish(check, true))) {
			check = NULL;
			goto out;
		}
		check = NULL;
		log_verbose("Test mode: metadata of VG %s not written (seqno %" PRIu64 ").", vg->name,
			  vg->seqno);
		goto out;
	}
	if ((r = mda_text_prepare_in(&mt, text.buf, len, text.cap))) {
		log_error("Writing metadata of VG %s failed: %s", vg->name, strerror(-r));
		goto io_fail;
	}
	struct commit_run cr = {.io = mda_io(c), .t = t, .d = cd, .mt = &mt};
	const struct commit_rec *rec = plan_blocks(c, vg, src ? src->rec : NULL, t, nt, &mt, &cr);
	cache = vgcache_start(c, vg, text.buf, text.len, &rg, rec, src ? src->cache_slot : -1);
	/* 1: text + precommitted slot, every area; 2: committed slot. Each
	 * phase ends with every device flushed, so a committed header never
	 * points at text a crash could still lose. */
	if ((r = commit_phase(&cr, nd, 1))) {
		log_error("Writing metadata of VG %s failed: %s; nothing committed: the VG stays at seqno %" PRIu64 ".",
			  vg->name, strerror(-r), vg->seqno - 1);
		goto io_fail;
	}
	time_mark("phase 1");
	for (unsigned i = 0; i < nd; i++)
		log_debug("%s: %" PRIu64 " of %" PRIu64 " bytes of metadata text written.", cd[i].sd->dev.path,
			  cd[i].written, (uint64_t)mt.padded_len * cd[i].n);
	r = vgio_check_finish(check, true);
	check = NULL;
	time_mark("text parsed back");
	if (!r && c->commit_gate)
		r = c->commit_gate(c, c->commit_gate_arg);
	if (r) {
		/* Nothing committed: the precommitted slots point at the new
		 * text, which readers ignore (they take the committed one).
		 * The last commit's record no longer describes the places
		 * written (it is checked before use, but not trusted here). */
		if (src)
			src->rec = NULL;
		goto out;
	}
	if (*archive) {
		vgio_archive_place(c, vg, *archive);
		*archive = NULL;
	}
	if ((r = commit_phase(&cr, nd, 2))) {
		/* Some areas may hold the new version committed: readers take
		 * the highest seqno, so the next command may see it. */
		log_error("Writing metadata of VG %s failed: %s; seqno %" PRIu64 " may be committed on some of its PVs only.",
			  vg->name, strerror(-r), vg->seqno);
		goto io_fail;
	}
	time_mark("phase 2");
	/* The scan now describes what is on disk: a later read in this
	 * command (lvremove a b, lvchange a b ...) starts from the new version,
	 * not the one the scan found. */
	const char *copy = text.buf;	/* kept, not copied: freed with the arena */
	arena_own(&c->arena, text.buf);
	size_t copy_len = text.len;
	sb_init(&text);
	for (unsigned k = 0; k < nt; k++) {
		struct scan_mda *md = t[k].md;
		md->text = copy;
		md->text_len = copy_len;
		md->text_crc = t[k].loc.checksum;
		md->text_ok = true;
		md->superseded = false;
		md->seqno = vg->seqno;
		md->vgname = vg->name;
		memcpy(md->vgid, vg->id, sizeof(md->vgid));
	}
	if (src)
		src->rec = rec;
	/* PVs now in this VG carry the in-use flag in their label. */
	for (unsigned i = 0; i < vg->n_pvs; i++)
		if (vg->pvs[i]->sd && (r = set_pv_used(c, vg->pvs[i]->sd, true)))
			goto out;
	goto out;
io_fail:
	/* Areas may hold part of the new text: what the cache says they hold
	 * no longer is. */
	vgcache_forget(c, vg->id);
	if (src)
		src->rec = NULL;
out:
	vgio_check_finish(check, false);	/* a failure before the check's result counts */
	vgcache_finish(cache, !r && !c->test);
	time_mark("cache entry");
	free(rg.lv);
	mda_text_release(&mt);
	free(t);
	free(cd);
	sb_free(&text);
	return r;
}

static int commit_with(struct ctx *c, struct vg *vg, struct bg_file *archive)
{
	struct bg_file *backup = NULL;
	int r = do_commit(c, vg, &backup, &archive);
	if (archive)	/* the commit stopped before the new text was written */
		vgio_archive_place(c, vg, archive);
	if (backup)
		vgio_backup_finish(c, vg, backup, !r);
	time_mark("backup");
	if (!r)	/* (LVM2's backup(): the test mode's commits count too) */
		vg_backup_owed(c);
	if (!r)
		test_abort_at("committed");
	return r;
}

int vg_commit(struct ctx *c, struct vg *vg)
{
	return commit_with(c, vg, vgio_archive_take(c, vg));
}

int vg_commit_new(struct ctx *c, struct vg *vg)
{
	return commit_with(c, vg, NULL);
}
