/* The archive (the VG before a change) and backup (after) files of the
 * VG read/commit code, each written by a second thread while the command
 * works (see vgio_int.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "lvmgr/vgio_int.h"
#include "lvmgr/cache/vgcache.h"

bool vgio_archiving(struct ctx *c)
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
	const char *src;
	size_t src_len;
	if (place >= b->n_rg || b->rg[place].lv != lv || !b->rg[place].same ||
	    !vgcache_lv_section(lv, &src, &src_len) || src < s->text)
		return NULL;
	uint64_t off = (uint64_t)(src - s->text);
	unsigned lo = 0, hi = s->n;
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (s->sp[mid].doff < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	const struct span *x = &s->sp[lo];
	if (lo == s->n || x->doff != off || x->dend != off + src_len || x->foff == UINT64_MAX ||
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

void vgio_archive_drop(struct bg_file *b)
{
	bg_finish(b, NULL);
	bg_free(b);
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
		const char *src;
		size_t src_len;
		if (!vgcache_lv_section(vg->lvs[i], &src, &src_len) || src < text || src_len > text_len ||
		    (size_t)(src - text) > text_len - src_len)
			continue;
		struct span *x = &s->sp[s->n++];
		x->doff = (uint64_t)(src - text);
		x->dend = x->doff + src_len;
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
struct bg_file *vgio_archive_start(struct ctx *c, const struct cft_node *tree, const struct vg *vg,
				   const char *text, size_t text_len, bool hints_as_read)
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

bool vgio_backing_up(struct ctx *c)
{
	return !c->test && !c->no_backup && config_bool(c->cfg, "backup/backup");
}

/* size_hint: about the bytes of the file (0: unknown); archive, rg: the
 * archive job of the version read and the disk export's places of the
 * new one, for copying LV sections from the old backup (NULL: none) */
struct bg_file *vgio_backup_start(struct ctx *c, const struct vg *vg, size_t size_hint,
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

int vgio_backup_finish(struct ctx *c, const struct vg *vg, struct bg_file *b, bool keep)
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

static int backup_write(struct ctx *c, const struct vg *vg)
{
	struct bg_file *b;
	if (!(b = vgio_backup_start(c, vg, 0, NULL, NULL)))
		return -ENOMEM;
	return vgio_backup_finish(c, vg, b, true);
}

int vg_backup(struct ctx *c, const struct vg *vg)
{
	return vgio_backing_up(c) ? backup_write(c, vg) : 0;
}

void vg_backup_owed(struct ctx *c)
{
	if (c->no_backup || !config_bool(c->cfg, "backup/backup"))
		c->backup_owed = true;
}

void vg_backup_warn(struct ctx *c)
{
	if (!c->backup_owed || c->backup_warned)
		return;
	c->backup_warned = true;
	log_warn("This metadata update is NOT backed up.");
}

int vg_backup_forced(struct ctx *c, const struct vg *vg)
{
	return c->test ? 0 : backup_write(c, vg);
}

/* The archive job of vg: the one started by vg_read, or (a VG read
 * without VG_READ_FOR_UPDATE) one made now from the text read. NULL when
 * there is nothing to archive. */
struct bg_file *vgio_archive_take(struct ctx *c, const struct vg *vg)
{
	struct vg_src *src = vgio_src_find(c, vg);
	struct bg_file *b;

	if (!src || !src->text || !vgio_archiving(c))
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
		vgio_pv_index_build(c, &pvx);
		for (unsigned i = 0; i < old->n_pvs; i++) {
			struct scan_dev *sd = vgio_pv_index_find(&pvx, old->pvs[i]->id);
			if (sd)
				old->pvs[i]->hint = sd->dev.path;
		}
		vgio_pv_index_free(&pvx);
		b = archive_job_start(c, old);	/* exported before it returns */
		arena_free(&a);
	}
	return b;
}

/* Wait for the archive job and put its file in place as the next
 * vg_NNNNN-*.vg; a failure is a warning (LVM2's too). Frees b. */
int vgio_archive_place(struct ctx *c, const struct vg *vg, struct bg_file *b)
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
	struct bg_file *b = vgio_archive_take(c, vg);
	return b ? vgio_archive_place(c, vg, b) : 0;
}