/* VG read and commit. The commit follows LVM2 2.03: new text after the
 * committed copy in every area, precommit slot set everywhere, then the
 * committed slot switched everywhere. A crash at any write leaves every
 * area with either the old or the new version committed, and readers take
 * the highest valid seqno. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "lvmgr/vgio.h"
#include "lvmgr/base/crc.h"
#include "lvmgr/cache/vgcache.h"

/* Side table of the command: VG -> the text it was read from. */
struct bg_file;
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

/* VG cache entries a command that only reads writes at most */
#define READ_ENTRIES_MAX 8

static struct vg_src *vg_src_find(struct ctx *c, const struct vg *vg)
{
	for (struct vg_src *s = c->vg_srcs; s; s = s->next)
		if (s->vg == vg)
			return s;
	return NULL;
}

const char *vg_read_text(struct ctx *c, const struct vg *vg)
{
	struct vg_src *s = vg_src_find(c, vg);
	return s ? s->text : NULL;
}

static bool archiving(struct ctx *c)
{
	return !c->test && config_bool(c->cfg, "backup/archive");
}

static void archive_desc(struct ctx *c, char *desc, size_t n)
{
	snprintf(desc, n, "Created *before* executing '%s'", c->cmdline ? c->cmdline : "");
}

/* ---- archive and backup files, written by a second thread ----
 * The archive (the VG before the change) of a VG read for update is made
 * by a job started by vg_read: it copies the backup file when that holds
 * the version read (archive_from_backup), or imports its own copy of the
 * VG from the parse tree (which nothing changes) and exports it, and
 * writes it while the command works; the commit puts it in place once the
 * new text is on every disk and before any header points at it. The backup
 * (after the change) is exported and written, fsync included, by a job
 * while the devices are written. A job writes a hidden temporary file;
 * once joined, the file is renamed into place (or removed if the command
 * changed nothing). The thread touches only its own arena and the data
 * handed to it, none of which changes while it runs. */
struct bg_file {
	pthread_t th;
	bool threaded;
	const struct vg *vg;		/* backup: the new version, exported here */
	const struct cft_node *tree;	/* archive: the parse tree of the VG as read (NULL: parse text) */
	const char **hints;		/* archive: where each PV is now (NULL: as read) */
	unsigned n_hints;
	/* archive: the text read (disk style), and whether every PV is where
	 * that text says; the backup file it may match */
	const char *text, *vgname;
	size_t text_len;
	bool hints_as_read;
	size_t size_hint;		/* bytes the exported text will about take */
	char backup_path[4400];
	struct strbuf ready;		/* archive: the file's text, exported already */
	/* fsync before the rename: the backup (the newest copy to restore
	 * from); not the archive, a copy of what the disks held, as LVM2
	 * writes its archives */
	bool sync;
	char dir[4096], tmp[4200], desc[4200];
	int rc;				/* 0 or -errno, with err */
	char err[600];
	/* archive: tells the backup job where the backup file it compared
	 * holds each LV; backup: copies from there the sections of the LVs
	 * the command left alone (rg: the disk export's places, same flags) */
	struct splice *splice;
	struct lv_range *rg;
	unsigned n_rg;
	unsigned copied;		/* backup: sections copied (both export threads add) */
};

/* The backup file of the version read, as the archive job found it: equal
 * to the text read, line by line, but for tabs and comments. Mapped, with
 * the place in it of each LV section of the text read (the sections the
 * VG cache points at), for the backup job: an LV the command did not
 * change has, in the new backup, the very section the old one has (the
 * file style of the same record; its comments, such as the local time of
 * creation, as that file has them). Shared by the two jobs and the
 * archive's bg_file, each holding a reference. */
struct splice {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int state;		/* 0: being compared, 1: ready, -1: not usable */
	int refs;
	void *map;
	size_t map_len;
	const char *text;	/* the text read */
	unsigned n;
	struct span {
		uint64_t doff, dend;	/* an LV section in the text (ascending) */
		uint64_t foff, fend;	/* where it is in the file; UINT64_MAX: not found */
	} *sp;
};

static struct splice *splice_new(const char *text, unsigned cap)
{
	struct splice *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	if (!(s->sp = malloc(((size_t)cap + 1) * sizeof(*s->sp)))) {
		free(s);
		return NULL;
	}
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	s->text = text;
	s->refs = 1;
	return s;
}

static struct splice *splice_get(struct splice *s)
{
	if (s) {
		pthread_mutex_lock(&s->mu);
		s->refs++;
		pthread_mutex_unlock(&s->mu);
	}
	return s;
}

static void splice_put(struct splice *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	bool last = !--s->refs;
	pthread_mutex_unlock(&s->mu);
	if (!last)
		return;
	if (s->map)
		munmap(s->map, s->map_len);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s->sp);
	free(s);
}

/* The archive job's verdict (the first one counts). */
static void splice_done(struct splice *s, bool ok)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	if (!s->state) {
		s->state = ok ? 1 : -1;
		pthread_cond_broadcast(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
}

static bool splice_wait(struct splice *s)
{
	pthread_mutex_lock(&s->mu);
	while (!s->state)
		pthread_cond_wait(&s->cv, &s->mu);
	bool ok = s->state > 0;
	pthread_mutex_unlock(&s->mu);
	return ok;
}

/* lv_copier for the backup job: the old backup's section of an LV the
 * disk export copied too (its record is the one the VG cache had). */
static const char *splice_copy(const void *arg, unsigned place, const struct lv *lv, size_t *len)
{
	const struct bg_file *b = arg;
	const struct splice *s = b->splice;
	if (place >= b->n_rg || b->rg[place].lv != lv || !b->rg[place].same || !lv->src ||
	    lv->src < s->text)
		return NULL;
	uint64_t off = (uint64_t)(lv->src - s->text);
	unsigned lo = 0, hi = s->n;
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (s->sp[mid].doff < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	const struct span *x = &s->sp[lo];
	if (lo == s->n || x->doff != off || x->dend != off + lv->src_len || x->foff == UINT64_MAX ||
	    x->fend == UINT64_MAX || x->fend < x->foff)
		return NULL;
	*len = (size_t)(x->fend - x->foff);
	__atomic_fetch_add(&((struct bg_file *)arg)->copied, 1, __ATOMIC_RELAXED);
	return (const char *)s->map + x->foff;
}

static int mkdir_p(const char *dir);
static int write_file_tmp(const char *tmp, const char *data, size_t len, const char *data2,
			  size_t len2, mode_t mode, bool sync);
static int write_file_pieces(const char *tmp, const struct strbuf *sb, const struct export_pieces *pc,
			     mode_t mode, bool sync);
static bool backing_up(struct ctx *c);
static struct bg_file *backup_job_start(struct ctx *c, const struct vg *vg, size_t size_hint,
					struct bg_file *archive, const struct export_ranges *rg);
static int backup_job_finish(struct ctx *c, const struct vg *vg, struct bg_file *b, bool keep);

/* Next line of [*p, end) (without its '\n'); false at the end. */
static bool next_line(const char **p, const char *end, const char **line, size_t *len)
{
	if (*p >= end)
		return false;
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	*line = *p;
	*len = (size_t)((nl ? nl : end) - *p);
	*p = nl ? nl + 1 : end;
	return true;
}

/* A file-style line as the disk style writes it: without the indenting
 * tabs, and without a comment (a '#' outside strings) and the blanks
 * before it. */
static void disk_form(const char **line, size_t *len)
{
	const char *s = *line, *e = s + *len, *c = e;
	bool in_str = false;

	while (s < e && *s == '\t')
		s++;
	for (const char *q = s; q < e; q++) {
		if (in_str) {
			if (*q == '\\' && q + 1 < e)
				q++;
			else if (*q == '"')
				in_str = false;
		} else if (*q == '"') {
			in_str = true;
		} else if (*q == '#') {
			c = q;
			while (c > s && (c[-1] == '\t' || c[-1] == ' '))
				c--;
			break;
		}
	}
	*line = s;
	*len = (size_t)(c - s);
}

/* Whether the file-style line is the disk line dl once in disk form. Most
 * lines are the disk line behind tabs, or that and a comment ("extent_count
 * = 1\t# 4 Megabytes"): those are told by comparing; disk_form looks at
 * the rest byte by byte. */
static bool same_line(const char *line, size_t len, const char *dl, size_t dlen)
{
	while (len && *line == '\t') {
		line++;
		len--;
	}
	if (len >= dlen && !memcmp(line, dl, dlen) && !memchr(dl, '#', dlen)) {
		if (len == dlen)
			return true;	/* disk_form finds no '#' to cut at */
		/* No quote in dl: the first '#' after it, behind blanks only,
		 * starts the comment, and dl does not end in a blank that
		 * disk_form would cut too. */
		const char *r = line + dlen, *e = line + len;
		if (dlen && dl[dlen - 1] != ' ' && dl[dlen - 1] != '\t' && !memchr(dl, '"', dlen)) {
			while (r < e && (*r == ' ' || *r == '\t'))
				r++;
			if (r < e && *r == '#')
				return true;
		}
	}
	disk_form(&line, &len);
	return len == dlen && !memcmp(line, dl, dlen);
}

/* The archive (the VG as read, file style) is, but for its header, the
 * backup file the last command wrote, when that file holds this very
 * version: its VG section, line by line without indentation and comments,
 * equals the text read from the disk, and every PV is still where that
 * text says (the device hints). Then the file is copied under a new
 * header instead of importing and exporting the VG again (a big VG's
 * archive costs as much as its parse). Anything else (no backup, an
 * older or edited one, a PV that moved) takes the export. */
/* The backup file as read (mapped: its page cache pages, not a fresh
 * copy of a file of megabytes), and its body (what follows the header). */
struct backup_copy {
	void *map;
	size_t map_len;
	const char *body;
	size_t body_len;
};

static bool archive_from_backup(struct bg_file *b, struct strbuf *out, struct backup_copy *bc)
{
	struct stat st;
	int fd;

	if (!b->hints_as_read || !b->text || !b->vgname)
		return false;
	if ((fd = open(b->backup_path, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	/* a file style copy is longer than the disk one, but not by more
	 * than its comments and tabs can add */
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > 4 * (uint64_t)b->text_len + 65536) {
		close(fd);
		return false;
	}
	/* Mapped whole at once. The file is replaced by rename only, under
	 * the VG lock this command holds, never rewritten in place. */
	size_t n = (size_t)st.st_size;
	char *buf = n ? mmap(NULL, n, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0) : MAP_FAILED;
	close(fd);
	if (buf == MAP_FAILED)
		return false;
	const char *p = buf, *end = buf + n, *line, *body = NULL, *d = b->text, *dend = b->text + b->text_len;
	size_t len, nl = strlen(b->vgname);
	while (!body && next_line(&p, end, &line, &len))
		if (len == nl + 2 && !memcmp(line, b->vgname, nl) && !memcmp(line + nl, " {", 2))
			body = line;
	if (!body)
		goto out;
	/* the LV sections of the text (sp) start and end at line starts:
	 * the file's line starts there are theirs */
	struct span *sp = b->splice ? b->splice->sp : NULL;
	unsigned ks = 0, ke = 0, ns = b->splice ? b->splice->n : 0;
	for (unsigned k = 0; k < ns; k++)
		sp[k].foff = sp[k].fend = UINT64_MAX;
	p = body;
	while (next_line(&p, end, &line, &len)) {
		const char *dl;
		size_t dlen;
		uint64_t at = (uint64_t)(d - b->text);
		for (; ke < ks && sp[ke].dend <= at; ke++)
			if (sp[ke].dend == at)
				sp[ke].fend = (uint64_t)(line - buf);
		for (; ks < ns && sp[ks].doff <= at; ks++)
			if (sp[ks].doff == at)
				sp[ks].foff = (uint64_t)(line - buf);
		if (!next_line(&d, dend, &dl, &dlen) || !same_line(line, len, dl, dlen))
			goto out;
	}
	/* the disk text's VG section ends there too: its header follows */
	const char *dl;
	size_t dlen;
	if (!next_line(&d, dend, &dl, &dlen) || dlen < 14 || memcmp(dl, "# Generated by", 14))
		goto out;
	vg_export_file_header(b->desc, 0, out);
	/* the body is written from here, not copied behind the header */
	*bc = (struct backup_copy){buf, n, body, (size_t)(end - body)};
	return true;
out:
	munmap(buf, n);
	return false;
}

static void *bg_run(void *arg)
{
	struct bg_file *b = arg;
	struct strbuf sb;
	int r;

	if ((r = mkdir_p(b->dir))) {
		b->rc = r;
		err_printf(b->err, sizeof(b->err), "cannot create directory %s: %s", b->dir, strerror(-r));
		return NULL;
	}
	sb_init(&sb);
	struct backup_copy bc = {0};
	struct export_pieces pc = {0};
	if (b->text && archive_from_backup(b, &sb, &bc)) {
		/* the VG as read, rendered already by the last backup: a new
		 * header, then the backup's body; the backup job may copy from
		 * it now (the mapping is the splice's then) */
		if (b->splice) {
			b->splice->map = bc.map;
			b->splice->map_len = bc.map_len;
			bc.map = NULL;
			splice_done(b->splice, true);
		}
	} else if (b->text) {
		splice_done(b->splice, false);
		if (b->size_hint)
			sb_grow(&sb, b->size_hint);
		struct arena a;
		struct vg *old;
		char err[256];
		arena_init(&a);
		/* a VG from the VG cache came without a parse tree */
		const struct cft_node *tree = b->tree ? b->tree : cft_parse(&a, b->text, b->text_len, err, sizeof(err));
		if (!tree || vg_import_tree(&a, tree, &old, err, sizeof(err))) {
			arena_free(&a);
			b->rc = -EINVAL;
			err_printf(b->err, sizeof(b->err), "the metadata read does not import again: %s", err);
			return NULL;
		}
		for (unsigned i = 0; i < old->n_pvs && i < b->n_hints; i++)
			if (b->hints[i])
				old->pvs[i]->hint = b->hints[i];
		vg_export(old, EXPORT_FILE, b->desc, 0, &sb);
		arena_free(&a);
	} else if (!b->ready.buf) {
		if (b->size_hint)
			sb_grow(&sb, b->size_hint);
		if (b->splice && splice_wait(b->splice)) {
			/* the unchanged sections are written from the old
			 * file's mapping (the splice's, kept until then) */
			struct lv_copier cp = {splice_copy, b};
			vg_export_file_copy(b->vg, b->desc, 0, &sb, &cp, &pc);
		} else {
			vg_export(b->vg, EXPORT_FILE, b->desc, 0, &sb);
		}
	}
	if ((r = b->ready.buf ? write_file_tmp(b->tmp, b->ready.buf, b->ready.len, NULL, 0, 0600, b->sync)
		 : pc.n	      ? write_file_pieces(b->tmp, &sb, &pc, 0600, b->sync)
			      : write_file_tmp(b->tmp, sb.buf, sb.len, bc.body, bc.body_len, 0600, b->sync))) {
		b->rc = r;
		err_printf(b->err, sizeof(b->err), "%s: %s", b->tmp, strerror(-r));
	}
	if (bc.map)
		munmap(bc.map, bc.map_len);
	free(pc.v);
	sb_free(&sb);
	return NULL;
}

/* A job's thread: whatever way it ends, an archive job has said whether
 * its backup file can be copied from (bg_run says it as soon as it knows,
 * so that the backup job need not wait for the archive's export). */
static void *bg_thread(void *arg)
{
	struct bg_file *b = arg;
	bg_run(b);
	if (b->text)
		splice_done(b->splice, false);
	return NULL;
}

/* The bg_file of a finished (joined) job. */
static void bg_free(struct bg_file *b)
{
	splice_put(b->splice);
	free(b->rg);
	free(b);
}

static struct bg_file *bg_new(struct ctx *c, const char *dir, const char *desc)
{
	static unsigned seq;
	struct bg_file *b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	snprintf(b->dir, sizeof(b->dir), "%s", dir);
	snprintf(b->desc, sizeof(b->desc), "%s", desc);
	snprintf(b->tmp, sizeof(b->tmp), "%s/.lvmgr_%d_%u.tmp", dir, (int)getpid(), seq++);
	return b;
}

/* Run the job in a thread (inline if no thread can be had). */
static void bg_start(struct bg_file *b)
{
	b->threaded = !pthread_create(&b->th, NULL, bg_thread, b);
	if (!b->threaded)
		bg_thread(b);
}

/* Join; then rename the file to final (NULL: remove it). Frees b. */
static int bg_finish(struct bg_file *b, const char *final)
{
	int r;
	if (b->threaded)
		pthread_join(b->th, NULL);
	r = b->rc;
	if (!r && final && rename(b->tmp, final)) {
		r = -errno;
		err_printf(b->err, sizeof(b->err), "renaming %s to %s: %s", b->tmp, final, strerror(errno));
	}
	if (r || !final)
		unlink(b->tmp);
	sb_free(&b->ready);
	return r;
}

/* An archive job from a VG model: the text is exported here, from the
 * model as read, before the command changes it; the writing happens in the
 * background. */
static struct bg_file *archive_job_new(struct ctx *c)
{
	char desc[4200];
	archive_desc(c, desc, sizeof(desc));
	return bg_new(c, config_str(c->cfg, "backup/archive_dir"), desc);
}

static struct bg_file *archive_job_start(struct ctx *c, const struct vg *vg)
{
	struct bg_file *b = archive_job_new(c);
	if (!b)
		return NULL;
	sb_init(&b->ready);
	vg_export(vg, EXPORT_FILE, b->desc, 0, &b->ready);
	bg_start(b);
	return b;
}

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	return x->doff < y->doff ? -1 : x->doff > y->doff;
}

/* The LV sections of text that the LVs of vg (from the VG cache) were
 * loaded with, in text order; NULL when there are none. */
static struct splice *splice_for(const struct vg *vg, const char *text, size_t text_len)
{
	struct splice *s = vg->n_lvs ? splice_new(text, vg->n_lvs) : NULL;
	if (!s)
		return NULL;
	bool sorted = true;
	for (unsigned i = 0; i < vg->n_lvs; i++) {
		const struct lv *lv = vg->lvs[i];
		if (!lv->src || lv->src < text || lv->src_len > text_len ||
		    (size_t)(lv->src - text) > text_len - lv->src_len)
			continue;
		struct span *x = &s->sp[s->n++];
		x->doff = (uint64_t)(lv->src - text);
		x->dend = x->doff + lv->src_len;
		sorted &= s->n == 1 || x[-1].doff <= x->doff;
	}
	if (!sorted)
		qsort(s->sp, s->n, sizeof(*s->sp), span_cmp);
	/* overlapping sections are not the VG cache's: nothing to copy */
	bool overlap = false;
	for (unsigned k = 1; k < s->n && !overlap; k++)
		overlap = s->sp[k].doff < s->sp[k - 1].dend;
	if (!s->n || overlap) {
		splice_put(s);
		return NULL;
	}
	return s;
}

/* The archive job of a VG just read for update: everything it needs is
 * copied or immutable (the tree, the PV paths) before it starts. */
static struct bg_file *archive_job_start_tree(struct ctx *c, const struct cft_node *tree,
					      const struct vg *vg, const char *text, size_t text_len,
					      bool hints_as_read)
{
	struct bg_file *b = archive_job_new(c);
	if (!b)
		return NULL;
	b->tree = tree;
	b->text = text;
	b->text_len = text_len;
	b->size_hint = text_len + text_len / 2;	/* file style: tabs and comments */
	b->vgname = vg->name;
	b->hints_as_read = hints_as_read;
	snprintf(b->backup_path, sizeof(b->backup_path), "%s/%s", config_str(c->cfg, "backup/backup_dir"),
		 vg->name);
	b->n_hints = vg->n_pvs;
	b->hints = arena_alloc(&c->arena, (vg->n_pvs + 1) * sizeof(*b->hints));
	for (unsigned i = 0; i < vg->n_pvs; i++)
		b->hints[i] = vg->pvs[i]->sd ? vg->pvs[i]->hint : NULL;
	if (hints_as_read)
		b->splice = splice_for(vg, text, text_len);
	bg_start(b);
	return b;
}

void vg_jobs_finish(struct ctx *c)
{
	for (struct vg_src *s = c->vg_srcs; s; s = s->next) {
		if (s->archive) {
			bg_finish(s->archive, NULL);
			bg_free(s->archive);
			s->archive = NULL;
		}
		vgcache_finish(s->cache, true);
		s->cache = NULL;
	}
}

static int info_cmp(const void *a, const void *b)
{
	const struct vg_info *x = a, *y = b;
	int r = strcmp(x->name, y->name);
	return r ? r : memcmp(x->id, y->id, ID_LEN);
}

/* Problems the scan found are said once per command, on stderr. */
static void warn_scan_problems(struct ctx *c)
{
	for (unsigned i = 0; i < c->n_devs; i++) {
		struct scan_dev *sd = c->devs[i];
		if (sd->warned)
			continue;
		sd->warned = true;
		if (sd->label_bad)
			log_warn("%s: invalid LVM label, device ignored: %s", sd->dev.path, sd->label_err);
		for (unsigned m = 0; m < sd->n_mda; m++) {
			struct scan_mda *md = &sd->mda[m];
			if (!md->hdr_ok || (md->hdr.locn[0].size && !md->text_ok))
				log_warn("%s: metadata area %u at %" PRIu64 " is unusable: %s", sd->dev.path,
					 m + 1, md->start, md->err);
		}
	}
}

int vg_list(struct ctx *c, struct vg_info **out, unsigned *n_out)
{
	struct vg_info *v = NULL;
	unsigned n = 0, cap = 0;

	scan_devices(c, NULL, 0);
	warn_scan_problems(c);
	for (unsigned i = 0; i < c->n_devs; i++) {
		struct scan_dev *sd = c->devs[i];
		for (unsigned m = 0; m < sd->n_mda; m++) {
			struct scan_mda *md = &sd->mda[m];
			unsigned k;
			if (!md->text_ok || !md->vgname || !md->vgid[0])
				continue;
			for (k = 0; k < n; k++)
				if (!memcmp(v[k].id, md->vgid, ID_LEN))
					break;
			if (k == n) {
				if (n == cap) {
					cap = cap ? cap * 2 : 8;
					struct vg_info *nv = arena_alloc(&c->arena, cap * sizeof(*nv));
					if (n)
						memcpy(nv, v, n * sizeof(*nv));
					v = nv;
				}
				memset(&v[n], 0, sizeof(v[n]));
				memcpy(v[n].id, md->vgid, sizeof(v[n].id));
				n++;
			}
			v[k].n_mdas++;
			if (!v[k].best || md->seqno > v[k].seqno) {
				v[k].best = md;
				v[k].best_dev = sd;
				v[k].seqno = md->seqno;
				v[k].name = md->vgname;
			}
		}
	}
	for (unsigned k = 0; k < n; k++)
		for (unsigned i = 0; i < c->n_devs; i++)
			for (unsigned m = 0; m < c->devs[i]->n_mda; m++) {
				struct scan_mda *md = &c->devs[i]->mda[m];
				if (md->text_ok && !memcmp(md->vgid, v[k].id, ID_LEN) &&
				    (md->seqno != v[k].seqno || md->text_crc != v[k].best->text_crc))
					v[k].n_stale++;
			}
	if (n)
		qsort(v, n, sizeof(*v), info_cmp);
	*out = v;
	*n_out = n;
	return 0;
}

static void warn_disagreement(struct ctx *c, const struct vg_info *vi)
{
	for (unsigned i = 0; i < c->n_devs; i++)
		for (unsigned m = 0; m < c->devs[i]->n_mda; m++) {
			struct scan_mda *md = &c->devs[i]->mda[m];
			if (!md->text_ok || memcmp(md->vgid, vi->id, ID_LEN))
				continue;
			if (md->seqno != vi->seqno)
				log_warn("Metadata area %u on %s holds VG %s seqno %" PRIu64
					 ", not the latest %" PRIu64 " (run vgck --updatemetadata %s).",
					 m + 1, c->devs[i]->dev.path, vi->name, md->seqno, vi->seqno,
					 vi->name);
			else if (md->text_crc != vi->best->text_crc)
				log_warn("Metadata area %u on %s holds VG %s seqno %" PRIu64
					 " with other content than %s (run vgck --updatemetadata %s).",
					 m + 1, c->devs[i]->dev.path, vi->name, md->seqno,
					 vi->best_dev->dev.path, vi->name);
		}
}

static struct scan_dev *find_pv_dev(struct ctx *c, const char *id)
{
	for (unsigned i = 0; i < c->n_devs; i++)
		if (c->devs[i]->labelled && !memcmp(c->devs[i]->label.pv_id, id, ID_LEN))
			return c->devs[i];
	return NULL;
}

/* The labelled devices by PV id, for a VG of many PVs over many devices
 * (a lookup each is quadratic: 256 PVs, 65,000 comparisons). Ties keep the
 * scan's order: a lookup finds what find_pv_dev finds. */
struct pv_index {
	struct ctx *c;
	struct pv_slot {
		struct scan_dev *sd;
		unsigned pos;
	} *v;
	unsigned n;
};

static int pv_slot_cmp(const void *a, const void *b)
{
	const struct pv_slot *x = a, *y = b;
	int r = memcmp(x->sd->label.pv_id, y->sd->label.pv_id, ID_LEN);
	return r ? r : x->pos < y->pos ? -1 : x->pos > y->pos;
}

#define PV_INDEX_MIN 16

static void pv_index_build(struct ctx *c, struct pv_index *x)
{
	x->c = c;
	x->v = NULL;
	x->n = 0;
	if (c->n_devs < PV_INDEX_MIN || !(x->v = malloc(c->n_devs * sizeof(*x->v))))
		return;
	for (unsigned i = 0; i < c->n_devs; i++)
		if (c->devs[i]->labelled)
			x->v[x->n++] = (struct pv_slot){c->devs[i], i};
	qsort(x->v, x->n, sizeof(*x->v), pv_slot_cmp);
}

static struct scan_dev *pv_index_find(const struct pv_index *x, const char *id)
{
	if (!x->v)
		return find_pv_dev(x->c, id);
	unsigned lo = 0, hi = x->n;	/* the first slot with an id >= id */
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (memcmp(x->v[mid].sd->label.pv_id, id, ID_LEN) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < x->n && !memcmp(x->v[lo].sd->label.pv_id, id, ID_LEN) ? x->v[lo].sd : NULL;
}

static void pv_index_free(struct pv_index *x)
{
	free(x->v);
	x->v = NULL;
}

/* LVMGR_VG_CACHE=verify: the VG the cache gave must be the one the text
 * imports as (their images equal). */
static int cache_verify(struct ctx *c, const struct vg *cached, const struct scan_mda *md)
{
	struct arena a;
	struct vg *vg;
	struct strbuf x, y;
	char err[512];
	int r = -EINVAL;

	arena_init(&a);
	sb_init(&x);
	sb_init(&y);
	if (vg_import(&a, md->text, md->text_len, &vg, err, sizeof(err)))
		log_error("Internal error: VG %s is in the VG cache but its text does not import: %s",
			  cached->name, err);
	else if (vg_image_build(vg, NULL, &x) || vg_image_build(cached, NULL, &y) || x.len != y.len ||
		 memcmp(x.buf, y.buf, x.len) || vg->creation_time != cached->creation_time ||
		 !str_same(vg->creation_host, cached->creation_host))
		log_error("Internal error: VG %s from the VG cache differs from its text.", cached->name);
	else
		r = 0;
	sb_free(&x);
	sb_free(&y);
	arena_free(&a);
	return r;
}

int vg_read(struct ctx *c, const char *name, unsigned flags, struct vg **out)
{
	struct vg_info *vis, *vi = NULL;
	unsigned n, matches = 0;
	struct vg *vg;
	char err[512];

	vg_list(c, &vis, &n);
	time_mark("scan");
	for (unsigned k = 0; k < n; k++)
		if (!strcmp(vis[k].name, name)) {
			vi = &vis[k];
			matches++;
		}
	if (!vi) {
		log_error("Volume group \"%s\" not found", name);
		return -ENOENT;
	}
	if (matches > 1) {
		log_error("Multiple VGs found with the same name \"%s\": rename one of them (by uuid).",
			  name);
		return -EEXIST;
	}
	if (vi->n_stale)
		warn_disagreement(c, vi);
	struct vg_src *src = arena_alloc(&c->arena, sizeof(*src));
	src->text = vi->best->text;
	src->text_len = vi->best->text_len;
	src->next = c->vg_srcs;
	c->vg_srcs = src;
	src->cache_slot = -1;
	src->rec = NULL;
	src->cache = NULL;
	struct cft_node *tree = NULL;
	if (vgcache_load(c, vi->id, vi->best, &vg, &src->cache_slot, &src->rec)) {
		tree = cft_parse(&c->arena, vi->best->text, vi->best->text_len, err, sizeof(err));
		if (!tree || vg_import_tree(&c->arena, tree, &vg, err, sizeof(err))) {
			log_error("Metadata of VG %s on %s (area at %" PRIu64 ") is invalid: %s", name,
				  vi->best_dev->dev.path, vi->best->start, err);
			return -EINVAL;
		}
	} else if (vgcache_mode() == VGCACHE_VERIFY && cache_verify(c, vg, vi->best))
		return -EINVAL;
	if (strcmp(vg->name, name) || memcmp(vg->id, vi->id, ID_LEN)) {
		log_error("Metadata of VG %s on %s names VG %s.", name, vi->best_dev->dev.path,
			  vg->name);
		return -EINVAL;
	}
	src->vg = vg;
	time_mark(src->cache_slot >= 0 ? "VG from the cache" : "VG parsed and imported");

	unsigned missing = 0;
	bool hints_as_read = true;
	struct pv_index pvx;
	pv_index_build(c, &pvx);
	for (unsigned i = 0; i < vg->n_pvs; i++) {
		struct pv *pv = vg->pvs[i];
		pv->sd = pv_index_find(&pvx, pv->id);
		if (!pv->sd) {
			char idf[ID_LEN + 7];
			id_format(pv->id, idf);
			if (!(flags & VG_READ_QUIET_MISSING))
				log_warn("Couldn't find device with uuid %s.", idf);
			missing++;
			continue;
		}
		if (!pv->hint || strcmp(pv->hint, pv->sd->dev.path))
			hints_as_read = false;
		pv->hint = pv->sd->dev.path;	/* LVM2 writes where the PV is now */
		uint64_t need = pv->pe_start + pv->pe_count * (uint64_t)vg->extent_size;
		if (pv->sd->dev.size / 512 < need)
			log_warn("Device %s has size of %" PRIu64 " sectors which is smaller than corresponding PV size of %" PRIu64 " sectors. Was device resized?",
				 pv->sd->dev.path, pv->sd->dev.size / 512, need);
	}
	pv_index_free(&pvx);
	if (missing && !(flags & VG_READ_ALLOW_MISSING)) {
		log_error("Cannot change VG %s while PVs are missing.", name);
		log_error("See vgreduce --removemissing and vgextend --restoremissing.");
		return -EPERM;
	}
	if ((flags & VG_READ_FOR_UPDATE) && archiving(c))
		src->archive = archive_job_start_tree(c, tree, vg, vi->best->text, vi->best->text_len,
						      hints_as_read);
	/* A big text parsed for a command that does not change it (a commit
	 * writes its own entry): its entry spares the next command the parse.
	 * Not when a PV moved: the image keeps the paths as they are now.
	 * A report over many such VGs writes the first few (one thread each). */
	else if (tree && !(flags & VG_READ_FOR_UPDATE) && hints_as_read && !missing &&
		 src->text_len >= VGCACHE_TEXT_MIN && c->n_read_entries < READ_ENTRIES_MAX &&
		 (src->cache = vgcache_start_parsed(c, vg, src->text, src->text_len, tree)))
		c->n_read_entries++;
	*out = vg;
	return 0;
}

/* ---- writing ---- */

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
	int r = label_write(c->io, sd->dev.fd, &sd->label, c->test, err, sizeof(err));
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
		if (!c->test && (r = mda_write_header(c->io, sd->dev.fd, &h))) {
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
	for (unsigned k = d->first; k < d->first + d->n; k++) {
		struct target *tk = &cr->t[k];
		struct mda_header h = tk->md->hdr;
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
			if (d->rc)
				return;
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
		if (d->rc)
			return;
		tk->md->hdr = h;
	}
	d->rc = io_flush(cr->io, dev->fd);
}

/* Which blocks phase 1 writes where the last commit's record (old, of the
 * version read) says what the place holds (struct commit_rec), and the
 * record of this commit for the next one: in the arena, NULL when the
 * version read is not in the areas as one text or the boot has no id. */
static const struct commit_rec *plan_blocks(struct ctx *c, const struct vg *vg, const struct commit_rec *old,
					    struct target *t, unsigned nt, const struct mda_text *mt,
					    struct commit_run *cr)
{
	const struct scan_mda *pm = NULL;
	for (unsigned k = 0; k < nt && !pm; k++)
		if (t[k].md->text_ok && t[k].md->seqno + 1 == vg->seqno)
			pm = t[k].md;
	/* records are kept for one boot: none without its id */
	const uint8_t *boot = vgcache_boot_id();
	static const uint8_t zero[16];
	if (!pm || vgcache_mode() == VGCACHE_OFF || !memcmp(boot, zero, sizeof(zero)))
		return NULL;
	const char *prev = pm->text;
	uint64_t prev_len = pm->text_len + 1;	/* with the NUL */
	uint32_t prev_crc = pm->text_crc;
	struct commit_rec *rec = arena_alloc(&c->arena, sizeof(*rec));
	uint32_t nb = (uint32_t)((mt->padded_len + MDA_BLOCK - 1) / MDA_BLOCK);
	rec->bits = arena_alloc_raw(&c->arena, nb / 8 + 1);
	rec->a = arena_alloc_raw(&c->arena, nt * sizeof(*rec->a) + 1);
	rec->nblocks = mda_diff_blocks(prev, prev_len, mt, rec->bits);
	rec->seqno = vg->seqno;
	rec->n = 0;
	memcpy(rec->boot, boot, sizeof(rec->boot));
	uint32_t head_len = prev_len < MDA_BLOCK ? (uint32_t)prev_len : MDA_BLOCK;
	uint32_t head_crc = crc_calc(CRC_SEED, prev, head_len);
	bool old_ok = old && old->seqno + 1 == vg->seqno && !memcmp(old->boot, boot, sizeof(old->boot));
	cr->diff_new = rec->bits;
	cr->diff_old = old_ok ? old->bits : NULL;
	cr->nb = old_ok && old->nblocks < rec->nblocks ? old->nblocks : rec->nblocks;
	for (unsigned k = 0; k < nt; k++) {
		const struct scan_mda *md = t[k].md;
		const struct raw_locn *l0 = &md->hdr.locn[0];
		uint64_t at = t[k].loc.offset, size = md->hdr.size;
		/* the area holds the version read, committed, neither copy wraps */
		if (!md->text_ok || md->text_len + 1 != prev_len || md->text_crc != prev_crc ||
		    l0->size != prev_len || l0->checksum != prev_crc || (l0->flags & RAW_LOCN_IGNORED) ||
		    at + mt->padded_len > size || l0->offset + prev_len > size)
			continue;
		for (unsigned i = 0; old_ok && i < old->n; i++) {
			const struct commit_area *a = &old->a[i];
			if (a->mda_start == md->start && a->cur == l0->offset && a->prev == at &&
			    !memcmp(a->pv_id, t[k].sd->label.pv_id, ID_LEN)) {
				t[k].known = a;
				break;
			}
		}
		/* the new copy leaves the version read whole */
		if (at + mt->padded_len <= l0->offset || l0->offset + prev_len <= at) {
			struct commit_area *a = &rec->a[rec->n++];
			memcpy(a->pv_id, t[k].sd->label.pv_id, ID_LEN);
			a->mda_start = md->start;
			a->cur = at;
			a->prev = l0->offset;
			a->head_len = head_len;
			a->head_crc = head_crc;
		}
	}
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
	for (unsigned i = 0; i < nd; i++)
		if (cr->d[i].rc)
			return cr->d[i].rc;
	return 0;
}

int vg_check_writable(struct ctx *c, struct vg *vg)
{
	int r;

	if (vg_missing_pv_count(vg)) {
		log_error("Cannot write VG %s: %u PV(s) missing.", vg->name, vg_missing_pv_count(vg));
		return -EPERM;
	}
	for (unsigned i = 0; i < vg->n_pvs; i++) {
		struct scan_dev *sd = vg->pvs[i]->sd;
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

static struct bg_file *archive_take(struct ctx *c, const struct vg *vg);
static int archive_place(struct ctx *c, const struct vg *vg, struct bg_file *b);

/* LVMGR_VG_CACHE=verify: the text with LV sections copied from the cache
 * must be the one a full export writes. */
static int export_verify(const struct vg *vg, const char *desc, uint64_t now, const struct strbuf *text)
{
	struct strbuf full;
	sb_init(&full);
	vg_export(vg, EXPORT_DISK, desc, now, &full);
	int r = full.len == text->len && !memcmp(full.buf, text->buf, full.len) ? 0 : -EINVAL;
	if (r)
		log_error("Internal error: the export of VG %s from the VG cache differs from a full one.",
			  vg->name);
	sb_free(&full);
	return r;
}

/* The archive job (if any) is put in place between the two phases: after
 * the new text is on the disks, before a header points at it. */
static int do_commit(struct ctx *c, struct vg *vg, struct bg_file **backup,
		     struct bg_file **archive)
{
	struct strbuf text;
	struct mda_text mt = {0};
	char err[512];
	struct target *t = NULL;
	struct commit_dev *cd = NULL;
	struct vgcache_job *cache = NULL;
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
	struct vg_src *src = vg_src_find(c, vg);
	sb_init_aligned(&text, src ? src->text_len + src->text_len / 8 + 4096 : 65536);
	const char *desc = c->cmdline ? c->cmdline : "";
	uint64_t now = (uint64_t)time(NULL);
	/* The places of the LV sections go to the VG cache with the text,
	 * whose entry is written meanwhile (put in place at the end). */
	rg.lv = xmalloc(((size_t)vg->n_lvs + 1) * sizeof(*rg.lv));
	time_mark("validated");
	vg_export_disk_ranges(vg, desc, now, &text, &rg);
	time_mark("exported");
	if (vgcache_mode() == VGCACHE_VERIFY && (r = export_verify(vg, desc, now, &text)))
		goto out;
	uint64_t len = text.len + 1;	/* with the NUL */
	/* The backup file is exported and written while the devices are
	 * (started after the disk text, which the commit waits for, so the
	 * two exports do not compete for the CPU); vg_commit puts it in place
	 * once the commit is done. */
	*backup = backing_up(c) ? backup_job_start(c, vg, text.len + text.len / 2, *archive, &rg) : NULL;
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
		log_print("Test mode: metadata of VG %s not written (seqno %" PRIu64 ").", vg->name,
			  vg->seqno);
		goto out;
	}
	if ((r = mda_text_prepare_in(&mt, text.buf, len, text.cap)))
		goto io_fail;
	struct commit_run cr = {.io = c->io, .t = t, .d = cd, .mt = &mt};
	const struct commit_rec *rec = plan_blocks(c, vg, src ? src->rec : NULL, t, nt, &mt, &cr);
	cache = vgcache_start(c, vg, text.buf, text.len, &rg, rec, src ? src->cache_slot : -1);
	/* 1: text + precommitted slot, every area; 2: committed slot. Each
	 * phase ends with every device flushed, so a committed header never
	 * points at text a crash could still lose. */
	if ((r = commit_phase(&cr, nd, 1)))
		goto io_fail;
	time_mark("phase 1");
	for (unsigned i = 0; i < nd; i++)
		log_debug("%s: %" PRIu64 " of %" PRIu64 " bytes of metadata text written.", cd[i].sd->dev.path,
			  cd[i].written, (uint64_t)mt.padded_len * cd[i].n);
	if (*archive) {
		archive_place(c, vg, *archive);
		*archive = NULL;
	}
	if ((r = commit_phase(&cr, nd, 2)))
		goto io_fail;
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
		md->seqno = vg->seqno;
		md->vgname = vg->name;
		memcpy(md->vgid, vg->id, sizeof(md->vgid));
	}
	if (src)
		src->rec = rec;
	/* PVs now in this VG carry the in-use flag in their label. */
	for (unsigned i = 0; i < vg->n_pvs; i++)
		if ((r = set_pv_used(c, vg->pvs[i]->sd, true)))
			goto out;
	goto out;
io_fail:
	log_error("Writing metadata of VG %s failed: %s", vg->name, strerror(-r));
	/* Areas may hold part of the new text: what the cache says they hold
	 * no longer is. */
	vgcache_forget(c, vg->id);
	if (src)
		src->rec = NULL;
out:
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
		archive_place(c, vg, archive);
	if (backup)
		backup_job_finish(c, vg, backup, !r);
	time_mark("backup");
	return r;
}

int vg_commit(struct ctx *c, struct vg *vg)
{
	return commit_with(c, vg, archive_take(c, vg));
}

int vg_commit_new(struct ctx *c, struct vg *vg)
{
	return commit_with(c, vg, NULL);
}

/* ---- orphans ---- */

/* PVs without a metadata area of their own are claimed only by the VG
 * metadata listing them: parse each VG once per command to find them. */
static void build_claims(struct ctx *c)
{
	struct vg_info *vis;
	unsigned n;

	if (c->claims_built)
		return;
	c->claims_built = true;
	vg_list(c, &vis, &n);
	struct pv_index pvx;
	pv_index_build(c, &pvx);
	for (unsigned k = 0; k < n; k++) {
		struct vg *vg;
		char err[256];
		if (vg_import(&c->arena, vis[k].best->text, vis[k].best->text_len, &vg, err, sizeof(err)))
			continue;
		for (unsigned p = 0; p < vg->n_pvs; p++) {
			struct scan_dev *sd = pv_index_find(&pvx, vg->pvs[p]->id);
			if (sd && !sd->claimed_by)
				sd->claimed_by = vis[k].name;
		}
	}
	pv_index_free(&pvx);
}

const char *scan_dev_vgname(struct ctx *c, struct scan_dev *sd)
{
	if (!sd->labelled)
		return NULL;
	for (unsigned m = 0; m < sd->n_mda; m++)
		if (sd->mda[m].text_ok && sd->mda[m].vgname)
			return sd->mda[m].vgname;
	/* An orphan with metadata areas says so itself, unless its label says
	 * it is in use (then a VG lists it). */
	if (!(sd->label.has_ext && (sd->label.ext_flags & PV_EXT_USED)) && sd->n_mda)
		return NULL;
	build_claims(c);
	return sd->claimed_by;
}

/* ---- backup & archive ---- */

/* The n buffers of iov, in order, into a new file tmp (iov is used up). */
static int write_file_iov(const char *tmp, struct iovec *iov, size_t n, mode_t mode, bool sync)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	int e = -writev_all(fd, iov, n);
	if (!e && sync && fsync(fd))
		e = errno;
	if (close(fd) && !e)
		e = errno;
	if (e) {
		unlink(tmp);
		return -e;
	}
	chmod(tmp, mode);
	return 0;
}

/* data, then data2 (len2 may be 0), into a new file tmp. */
static int write_file_tmp(const char *tmp, const char *data, size_t len, const char *data2,
			  size_t len2, mode_t mode, bool sync)
{
	struct iovec iov[2] = {{(void *)data, len}, {(void *)data2, len2}};
	return write_file_iov(tmp, iov, 2, mode, sync);
}

/* An export's buffer with its pieces (vg_export_file_copy) into a new file. */
static int write_file_pieces(const char *tmp, const struct strbuf *sb, const struct export_pieces *pc,
			     mode_t mode, bool sync)
{
	struct iovec *iov = xmalloc((2 * pc->n + 1) * sizeof(*iov));
	size_t n = 0, from = 0;
	for (size_t i = 0; i < pc->n; i++) {
		iov[n++] = (struct iovec){sb->buf + from, pc->v[i].at - from};
		iov[n++] = (struct iovec){(void *)pc->v[i].p, pc->v[i].len};
		from = pc->v[i].at;
	}
	iov[n++] = (struct iovec){sb->buf + from, sb->len - from};
	int r = write_file_iov(tmp, iov, n, mode, sync);
	free(iov);
	return r;
}

static int mkdir_p(const char *dir)
{
	char p[4096];
	struct stat st;
	if (!stat(dir, &st) && S_ISDIR(st.st_mode))
		return 0;	/* the common case: one call, not one per component */
	snprintf(p, sizeof(p), "%s", dir);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0755) && errno != EEXIST)
				return -errno;
			*s = '/';
		}
	if (mkdir(p, 0700) && errno != EEXIST)
		return -errno;
	return 0;
}

static bool backing_up(struct ctx *c)
{
	return !c->test && !c->no_backup && config_bool(c->cfg, "backup/backup");
}

/* size_hint: about the bytes of the file (0: unknown); archive, rg: the
 * archive job of the version read and the disk export's places of the
 * new one, for copying LV sections from the old backup (NULL: none) */
static struct bg_file *backup_job_start(struct ctx *c, const struct vg *vg, size_t size_hint,
					struct bg_file *archive, const struct export_ranges *rg)
{
	char desc[4200];
	snprintf(desc, sizeof(desc), "Created *after* executing '%s'", c->cmdline ? c->cmdline : "");
	struct bg_file *b = bg_new(c, config_str(c->cfg, "backup/backup_dir"), desc);
	if (b) {
		b->vg = vg;
		b->sync = true;
		b->size_hint = size_hint;
		if (archive && archive->splice && rg && rg->n &&
		    (b->rg = malloc(rg->n * sizeof(*b->rg)))) {
			memcpy(b->rg, rg->lv, rg->n * sizeof(*b->rg));
			b->n_rg = rg->n;
			b->splice = splice_get(archive->splice);
		}
		bg_start(b);
	}
	return b;
}

static int backup_job_finish(struct ctx *c, const struct vg *vg, struct bg_file *b, bool keep)
{
	char path[4400];
	snprintf(path, sizeof(path), "%s/%s", b->dir, vg->name);
	int r = bg_finish(b, keep ? path : NULL);
	if (b->splice)
		log_debug("Backup of VG %s: %u of %u LV sections copied from the previous backup.",
			  vg->name, b->copied, b->n_rg);
	if (r && keep)
		log_warn("Cannot write backup of VG %s to %s: %s", vg->name, path, b->err);
	bg_free(b);
	return r;
}

int vg_backup(struct ctx *c, const struct vg *vg)
{
	struct bg_file *b;
	if (!backing_up(c))
		return 0;
	if (!(b = backup_job_start(c, vg, 0, NULL, NULL)))
		return -ENOMEM;
	return backup_job_finish(c, vg, b, true);
}

/* The archive job of vg: the one started by vg_read, or (a VG read
 * without VG_READ_FOR_UPDATE) one made now from the text read. NULL when
 * there is nothing to archive. */
static struct bg_file *archive_take(struct ctx *c, const struct vg *vg)
{
	struct vg_src *src = vg_src_find(c, vg);
	struct bg_file *b;

	if (!src || !src->text || !archiving(c))
		return NULL;
	b = src->archive;
	src->archive = NULL;
	if (!b) {
		/* The old version is parsed again, with the PVs where they are
		 * now, as vg_read does. */
		struct arena a;
		struct vg *old;
		char err[256];
		arena_init(&a);
		if (vg_import(&a, src->text, strlen(src->text), &old, err, sizeof(err))) {
			arena_free(&a);
			log_warn("Cannot archive VG %s: the metadata read does not parse again: %s",
				 vg->name, err);
			return NULL;
		}
		struct pv_index pvx;
		pv_index_build(c, &pvx);
		for (unsigned i = 0; i < old->n_pvs; i++) {
			struct scan_dev *sd = pv_index_find(&pvx, old->pvs[i]->id);
			if (sd)
				old->pvs[i]->hint = sd->dev.path;
		}
		pv_index_free(&pvx);
		b = archive_job_start(c, old);	/* exported before it returns */
		arena_free(&a);
	}
	return b;
}

/* Wait for the archive job and put its file in place as the next
 * vg_NNNNN-*.vg; a failure is a warning (LVM2's too). Frees b. */
static int archive_place(struct ctx *c, const struct vg *vg, struct bg_file *b)
{
	char path[4400];
	unsigned idx = 0;
	int r;

	/* Next index after the highest existing vg_NNNNN-*.vg (the job's
	 * temporary file is not one); bg_finish waits for the job. */
	DIR *d = opendir(b->dir);
	size_t nl = strlen(vg->name);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)))
			if (!strncmp(e->d_name, vg->name, nl) && e->d_name[nl] == '_') {
				unsigned v = (unsigned)strtoul(e->d_name + nl + 1, NULL, 10);
				if (v + 1 > idx)
					idx = v + 1;
			}
		closedir(d);
	}
	snprintf(path, sizeof(path), "%s/%s_%05u-%u.vg", b->dir, vg->name, idx,
		 (unsigned)(time(NULL) ^ (unsigned)getpid() * 2654435761u) % 1000000000u);
	if ((r = bg_finish(b, path)))
		log_warn("Cannot write archive of VG %s to %s: %s", vg->name, path, b->err);
	bg_free(b);
	return r;
}

int vg_archive(struct ctx *c, const struct vg *vg)
{
	struct bg_file *b = archive_take(c, vg);
	return b ? archive_place(c, vg, b) : 0;
}
