/* VG read: the VGs the scan found, one VG's model from its text (or the
 * VG cache), the PVs it claims. The commit is in vgio_commit.c, the
 * archive and backup files in vgio_jobs.c. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvmgr/vgio_int.h"
#include "lvmgr/cache/vgcache.h"
#include "lvmgr/lv_snapshot.h"

/* VG cache entries a command that only reads writes at most */
#define READ_ENTRIES_MAX 8

struct vg_src *vgio_src_find(struct ctx *c, const struct vg *vg)
{
	for (struct vg_src *s = c->vg_srcs; s; s = s->next)
		if (s->vg == vg)
			return s;
	return NULL;
}

const char *vg_read_text(struct ctx *c, const struct vg *vg)
{
	struct vg_src *s = vgio_src_find(c, vg);
	return s ? s->text : NULL;
}

void vg_jobs_finish(struct ctx *c)
{
	for (struct vg_src *s = c->vg_srcs; s; s = s->next) {
		if (s->archive) {
			vgio_archive_drop(s->archive);
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

/* A damaged metadata copy in LVM2 2.03's words (lib/format_text/
 * text_label.c, format-text.c, config.c), which scripts and admins grep:
 * the cause, "bad metadata header on DEV at N." or "Checksum error on DEV
 * at offset N." + "bad metadata text on DEV in mdaN", then the summary and
 * the repair hint. The cause is told apart by mda.c's own message (our
 * detail, kept where LVM2 has no line of its own). */
static void warn_bad_mda(const struct scan_dev *sd, const struct scan_mda *md, unsigned m)
{
	const char *dev = sd->dev.path;
	unsigned long long at = (unsigned long long)md->start;
	if (!md->hdr_ok) {
		if (strstr(md->err, ": checksum "))
			log_warn("wrong checksum %x in mda header on %s at %llu", md->hdr.checksum, dev, at);
		else if (strstr(md->err, "wrong magic"))
			log_warn("wrong magic number in mda header on %s at %llu", dev, at);
		else
			log_warn("%s: %s", dev, md->err);
		log_warn("bad metadata header on %s at %llu.", dev, at);
	} else {
		if (strstr(md->err, ": checksum "))
			log_warn("Checksum error on %s at offset %llu.", dev,
				 at + (unsigned long long)md->hdr.locn[0].offset);
		else
			log_warn("%s: %s", dev, md->err);
		log_warn("bad metadata text on %s in mda%u", dev, m + 1);
	}
	log_warn("scanning %s mda%u failed to read metadata summary.", dev, m + 1);
	log_warn("repair VG metadata on %s with vgck --updatemetadata.", dev);
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
				warn_bad_mda(sd, md, m);
		}
	}
}

/* Does the VG section of a metadata text say EXPORTED in its status? The
 * status line comes right after id, seqno and format, before any PV. */
bool vg_text_exported(const char *text, size_t len)
{
	size_t head = len < 1024 ? len : 1024;
	const char *st = memmem(text, head, "\nstatus = [", 11);
	if (!st)
		return false;
	const char *end = memchr(st, ']', head - (size_t)(st - text));
	return end && memmem(st, (size_t)(end - st), "\"EXPORTED\"", 10);
}

/* The multi-VG commands (vgsplit, vgmerge: cmd/vgsplit.c) go through an
 * exported VG so that one VG owns each PV whenever they stop: vgsplit
 * writes the new (or existing) VG exported on the PVs that move before the
 * source VG drops them; vgmerge marks the VG merged away exported before
 * the destination takes its PVs. A copy of an exported VG's text on a PV
 * that the latest text of another, not exported VG lists is such an
 * unfinished step: the other VG owns the PV, and the copy is superseded
 * (not counted for its VG, no VG for pvs). A VG with no other copies is
 * not listed; an existing VG that vgsplit had begun to write is read from
 * its own PVs' copies, the version before. Only copies of exported texts
 * are looked at: nothing to do in the usual case. True when a copy was
 * marked. */
static bool mark_superseded(struct ctx *c, const struct vg_info *v, unsigned n)
{
	bool any = false;
	for (unsigned i = 0; i < c->n_devs; i++) {
		struct scan_dev *sd = c->devs[i];
		char idf[ID_LEN + 7];
		bool formatted = false;
		for (unsigned m = 0; m < sd->n_mda; m++) {
			struct scan_mda *md = &sd->mda[m];
			if (!md->text_ok || !sd->labelled || !vg_text_exported(md->text, md->text_len))
				continue;
			if (!formatted) {
				id_format(sd->label.pv_id, idf);
				formatted = true;
			}
			for (unsigned j = 0; j < n && !md->superseded; j++)
				if (memcmp(v[j].id, md->vgid, ID_LEN) &&
				    !vg_text_exported(v[j].best->text, v[j].best->text_len) &&
				    memmem(v[j].best->text, v[j].best->text_len, idf, strlen(idf))) {
					log_verbose("%s: metadata area %u holds VG %s (exported), superseded: VG %s lists the PV (an unfinished vgsplit or vgmerge).",
						    sd->dev.path, m + 1, md->vgname, v[j].name);
					md->superseded = true;
					any = true;
				}
		}
	}
	return any;
}

/* The VGs of the scanned copies, those marked superseded left out. */
static struct vg_info *collect_vgs(struct ctx *c, unsigned *n_out)
{
	struct vg_info *v = NULL;
	unsigned n = 0, cap = 0;

	for (unsigned i = 0; i < c->n_devs; i++) {
		struct scan_dev *sd = c->devs[i];
		for (unsigned m = 0; m < sd->n_mda; m++) {
			struct scan_mda *md = &sd->mda[m];
			unsigned k;
			if (!md->text_ok || !md->vgname || !md->vgid[0] || md->superseded)
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
	*n_out = n;
	return v;
}

int vg_list(struct ctx *c, struct vg_info **out, unsigned *n_out)
{
	struct vg_info *v;
	unsigned n;

	scan_devices(c, NULL, 0);
	warn_scan_problems(c);
	for (unsigned i = 0; i < c->n_devs; i++)
		for (unsigned m = 0; m < c->devs[i]->n_mda; m++)
			c->devs[i]->mda[m].superseded = false;
	v = collect_vgs(c, &n);
	if (mark_superseded(c, v, n))
		v = collect_vgs(c, &n);
	for (unsigned k = 0; k < n; k++)
		for (unsigned i = 0; i < c->n_devs; i++)
			for (unsigned m = 0; m < c->devs[i]->n_mda; m++) {
				struct scan_mda *md = &c->devs[i]->mda[m];
				if (md->text_ok && !md->superseded && !memcmp(md->vgid, v[k].id, ID_LEN) &&
				    (md->seqno != v[k].seqno || md->text_crc != v[k].best->text_crc))
					v[k].n_stale++;
			}
	if (n)
		qsort(v, n, sizeof(*v), info_cmp);
	c->vgs_listed = true;
	*out = v;
	*n_out = n;
	return 0;
}

static void warn_disagreement(struct ctx *c, const struct vg_info *vi)
{
	for (unsigned i = 0; i < c->n_devs; i++)
		for (unsigned m = 0; m < c->devs[i]->n_mda; m++) {
			struct scan_mda *md = &c->devs[i]->mda[m];
			if (!md->text_ok || md->superseded || memcmp(md->vgid, vi->id, ID_LEN))
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

static int pv_slot_cmp(const void *a, const void *b)
{
	const struct pv_slot *x = a, *y = b;
	int r = memcmp(x->sd->label.pv_id, y->sd->label.pv_id, ID_LEN);
	return r ? r : x->pos < y->pos ? -1 : x->pos > y->pos;
}

#define PV_INDEX_MIN 16

void vgio_pv_index_build(struct ctx *c, struct pv_index *x)
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

struct scan_dev *vgio_pv_index_find(const struct pv_index *x, const char *id)
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

void vgio_pv_index_free(struct pv_index *x)
{
	free(x->v);
	x->v = NULL;
}

void log_vg_not_found(const char *name, size_t len)
{
	log_error("Volume group \"%.*s\" not found", (int)len, name);
	log_error("Cannot process volume group %.*s", (int)len, name);
}

int vg_read(struct ctx *c, const char *name, unsigned flags, struct vg **out)
{
	return vg_read_id(c, name, NULL, flags, out);
}

int vg_read_id(struct ctx *c, const char *name, const char *id, unsigned flags, struct vg **out)
{
	struct vg_info *vis, *vi = NULL;
	unsigned n, matches = 0;
	struct vg *vg;
	char err[512];

	vg_list(c, &vis, &n);
	time_mark("scan");
	for (unsigned k = 0; k < n; k++)
		if (!strcmp(vis[k].name, name) && (!id || !memcmp(vis[k].id, id, ID_LEN))) {
			vi = &vis[k];
			matches++;
		}
	if (!vi) {
		if (flags & VG_READ_ONE_LINE)
			log_error("Volume group \"%s\" not found", name);
		else
			log_vg_not_found(name, strlen(name));
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
	int r = vgcache_load(c, vi->id, vi->best, &vg, &src->cache_slot, &src->rec);
	if (r == -EINVAL)	/* verify mode: the VG cache is wrong */
		return r;
	if (r) {
		tree = cft_parse(&c->arena, vi->best->text, vi->best->text_len, err, sizeof(err));
		if (!tree || vg_import_tree(&c->arena, tree, &vg, err, sizeof(err))) {
			log_error("Metadata of VG %s on %s (area at %" PRIu64 ") is invalid: %s", name,
				  vi->best_dev->dev.path, vi->best->start, err);
			return -EINVAL;
		}
	}
	if (strcmp(vg->name, name) || memcmp(vg->id, vi->id, ID_LEN)) {
		log_error("Metadata of VG %s on %s names VG %s.", name, vi->best_dev->dev.path,
			  vg->name);
		return -EINVAL;
	}
	if ((vg->flags.status & VG_EXPORTED) && !c->allow_exported && !(flags & VG_READ_EXPORTED_OK)) {
		log_error("Volume group %s is exported", name);
		return -EACCES;
	}
	src->vg = vg;
	time_mark(src->cache_slot >= 0 ? "VG from the cache" : "VG parsed and imported");
	if (tree && vg_ctime_repaired(vg))
		log_warn("Invalid creation_time found in metadata (repaired with next metadata update).");

	unsigned missing = 0;
	bool hints_as_read = true;
	struct pv_index pvx;
	vgio_pv_index_build(c, &pvx);
	for (unsigned i = 0; i < vg->n_pvs; i++) {
		struct pv *pv = vg->pvs[i];
		pv->sd = vgio_pv_index_find(&pvx, pv->id);
		if (!pv->sd) {
			char idf[ID_LEN + 7];
			id_format(pv->id, idf);
			if (!(flags & VG_READ_QUIET_MISSING))
				log_warn("Couldn't find device with uuid %s.", idf);
			/* LVM2 (import_vsn1.c _read_pv) flags it, and writes the
			 * flag with any change made while it is away, in the
			 * "flags" list: the model holds it there, as the text
			 * reads back (the commit's read-back check compares). */
			pv->flags.compat |= PV_MISSING;
			missing++;
			continue;
		}
		/* Written while it was away (LVM2's _read_pv and vg_read): back
		 * now; unused, it is a PV of the VG again (the flag goes with the
		 * next change); used, it keeps the flag (vgextend
		 * --restoremissing). */
		if ((pv->flags.status | pv->flags.compat) & PV_MISSING) {
			char idf[ID_LEN + 7];
			bool used = vg_pv_used(vg, pv);
			id_format(pv->id, idf);
			if (!(flags & VG_READ_QUIET_MISSING))
				log_warn("VG %s was previously updated while PV %s was missing.", name,
					 pv->sd->dev.path);
			if (!used) {
				if (!(flags & VG_READ_QUIET_MISSING))
					log_warn("VG %s has unused reappeared PV %s %s.", name, pv->sd->dev.path, idf);
				pv->flags.status &= ~PV_MISSING;
				pv->flags.compat &= ~PV_MISSING;
				pv->missing_cleared = true;
			} else if (!(flags & VG_READ_QUIET_MISSING)) {
				log_warn("VG %s was missing PV %s %s.", name, pv->sd->dev.path, idf);
			}
		}
		if (!pv->hint || strcmp(pv->hint, pv->sd->dev.path))
			hints_as_read = false;
		pv->hint = pv->sd->dev.path;	/* LVM2 writes where the PV is now */
		uint64_t need = pv->pe_start + pv->pe_count * (uint64_t)vg->extent_size;
		if (pv->sd->dev.size / 512 < need)
			log_warn("Device %s has size of %" PRIu64 " sectors which is smaller than corresponding PV size of %" PRIu64 " sectors. Was device resized?",
				 pv->sd->dev.path, pv->sd->dev.size / 512, need);
	}
	vgio_pv_index_free(&pvx);
	if (missing && !(flags & VG_READ_ALLOW_MISSING)) {
		log_error("Cannot change VG %s while PVs are missing.", name);
		log_error("See vgreduce --removemissing and vgextend --restoremissing.");
		if (!(flags & VG_READ_ONE_LINE))
			log_error("Cannot process volume group %s", name);
		return -EPERM;
	}
	if ((flags & VG_READ_FOR_UPDATE) && vgio_archiving(c))
		src->archive = vgio_archive_start(c, tree, vg, vi->best->text, vi->best->text_len,
						      hints_as_read);
	/* A big text parsed for a command that does not change it (a commit
	 * writes its own entry): its entry spares the next command the parse.
	 * Not when a PV moved: the image keeps the paths as they are now.
	 * A report over many such VGs writes the first few (one thread each). */
	else if (tree && !(flags & VG_READ_FOR_UPDATE) && hints_as_read && !missing &&
		 src->text_len >= VGCACHE_TEXT_MIN && c->n_read_entries < READ_ENTRIES_MAX &&
		 (src->cache = vgcache_start_parsed(c, vg, src->text, src->text_len, tree)))
		c->n_read_entries++;
	/* A merge the kernel finished whose poller is gone (killed, or -b's
	 * never ran): its metadata step now, before the command changes the
	 * VG (LVM2 finishes it from its next poll). */
	if ((flags & VG_READ_FOR_UPDATE) && !(flags & VG_READ_KEEP_MERGES) && vg->has_snapshots &&
	    lv_snapshot_merge_finish_done(c, vg))
		log_warn("Could not finish a completed snapshot merge in VG %s.", vg->name);
	*out = vg;
	return 0;
}

/* ---- the VG that claims a PV ---- */

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
	vgio_pv_index_build(c, &pvx);
	for (unsigned k = 0; k < n; k++) {
		struct vg *vg;
		char err[256];
		if (vg_import(&c->arena, vis[k].best->text, vis[k].best->text_len, &vg, err, sizeof(err)))
			continue;
		for (unsigned p = 0; p < vg->n_pvs; p++) {
			struct scan_dev *sd = vgio_pv_index_find(&pvx, vg->pvs[p]->id);
			if (sd && !sd->claimed_by)
				sd->claimed_by = vis[k].name;
		}
	}
	vgio_pv_index_free(&pvx);
}

const char *scan_dev_vgname(struct ctx *c, struct scan_dev *sd)
{
	if (!sd->labelled)
		return NULL;
	if (!c->vgs_listed) {	/* marks superseded copies */
		struct vg_info *vis;
		unsigned n;
		vg_list(c, &vis, &n);
	}
	for (unsigned m = 0; m < sd->n_mda; m++)
		if (sd->mda[m].text_ok && sd->mda[m].vgname && !sd->mda[m].superseded)
			return sd->mda[m].vgname;
	/* An orphan with metadata areas says so itself, unless its label says
	 * it is in use (then a VG lists it). */
	if (!(sd->label.has_ext && (sd->label.ext_flags & PV_EXT_USED)) && sd->n_mda)
		return NULL;
	build_claims(c);
	return sd->claimed_by;
}
