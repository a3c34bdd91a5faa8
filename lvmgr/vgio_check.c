/* The commit's re-parse check (LVM2 does the same): the exact bytes a
 * commit is about to make authoritative are parsed and imported again,
 * and the VG they give must be the VG in memory. A writer bug (the
 * exporter, a section the VG cache copied, a text damaged after the
 * export) then fails the command before the commit step instead of
 * reaching the disks' committed slots.
 *
 * It runs in a second thread from the end of the export to the end of
 * the precommit writes, which it does not hold up: the commit waits for
 * it only before the committed slots are switched. A VG with an image
 * (lvmgr/cache/vgimage.h: all but VGs with unknown fields, segment types,
 * historical LVs or snapshots) is compared by its image, LV by LV;
 * another by a full export of each, the text an import cannot tell
 * apart. Not the same as LVMGR_VG_CACHE=verify's byte comparison of the
 * copied sections with a full export (vgcache_export): that one checks
 * the bytes of the splice, this one what the text means, on every commit
 * and whatever the cache does. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvmgr/vgio_int.h"
#include "lvmgr/cache/vgimage.h"

struct vgio_check {
	pthread_t th;
	bool threaded;
	const struct vg *vg;
	const char *text;
	size_t len;
	const struct export_ranges *rg;
	uint64_t now;
	int rc;
	char err[600];
};

/* Where two texts first differ, as a line of b, for the message. */
static void first_diff(const struct strbuf *a, const struct strbuf *b, char *err, size_t errlen)
{
	size_t i = 0, line = 1, start = 0;
	while (i < a->len && i < b->len && a->buf[i] == b->buf[i]) {
		if (a->buf[i] == '\n') {
			line++;
			start = i + 1;
		}
		i++;
	}
	const char *l = b->buf + start, *nl = memchr(l, '\n', b->len - start);
	int n = (int)((nl ? nl : b->buf + b->len) - l);
	err_printf(err, errlen, "line %zu of its export reads back as \"%.*s\"", line, n > 80 ? 80 : n, l);
}

static int compare(struct vgio_check *k, const struct vg *back)
{
	const struct vg *vg = k->vg;
	if (back->seqno != vg->seqno || back->creation_time != k->now) {
		err_printf(k->err, sizeof(k->err), "seqno %llu, creation time %llu, not %llu and %llu",
			   (unsigned long long)back->seqno, (unsigned long long)back->creation_time,
			   (unsigned long long)vg->seqno, (unsigned long long)k->now);
		return -EINVAL;
	}
	if (vg_image_possible(vg)) {
		const struct lv **order = xmalloc(((size_t)k->rg->n + 1) * sizeof(*order));
		for (unsigned i = 0; i < k->rg->n; i++)
			order[i] = k->rg->lv[i].lv;
		int r = k->rg->n == vg->n_lvs ? vg_image_diff(vg, order, back, k->err, sizeof(k->err)) : -EINVAL;
		if (r && k->rg->n != vg->n_lvs)
			err_printf(k->err, sizeof(k->err), "the export placed %u of %u LVs", k->rg->n, vg->n_lvs);
		free((void *)order);
		return r;
	}
	/* What an image cannot hold is written back as read: compared as
	 * the text each one exports as (the same stamp) */
	struct strbuf a, b;
	sb_init(&a);
	sb_init(&b);
	vg_export(vg, EXPORT_DISK, "", k->now, &a);
	vg_export(back, EXPORT_DISK, "", k->now, &b);
	int r = a.len == b.len && !memcmp(a.buf, b.buf, a.len) ? 0 : -EINVAL;
	if (r)
		first_diff(&a, &b, k->err, sizeof(k->err));
	sb_free(&a);
	sb_free(&b);
	return r;
}

static void *check_run(void *arg)
{
	struct vgio_check *k = arg;
	struct arena a;
	struct vg *back;
	char err[512];

	arena_init(&a);
	if (vg_import(&a, k->text, k->len, &back, err, sizeof(err))) {
		k->rc = -EINVAL;
		err_printf(k->err, sizeof(k->err), "it does not import: %s", err);
	} else {
		k->rc = compare(k, back);
	}
	arena_free(&a);
	return NULL;
}

struct vgio_check *vgio_check_start(const struct vg *vg, const char *text, size_t len,
				    const struct export_ranges *rg, uint64_t now)
{
	struct vgio_check *k = xmalloc(sizeof(*k));
	*k = (struct vgio_check){.vg = vg, .text = text, .len = len, .rg = rg, .now = now};
	/* Parsing and comparing beside the writes. On one CPU the thread
	 * only fills the writes' waits: for a small text starting it costs
	 * more than that saves. */
	k->threaded = (cpu_thread_helps() || len > (256u << 10)) && !pthread_create(&k->th, NULL, check_run, k);
	if (!k->threaded)
		check_run(k);
	return k;
}

int vgio_check_finish(struct vgio_check *k, bool report)
{
	if (!k)
		return 0;
	if (k->threaded)
		pthread_join(k->th, NULL);
	int r = k->rc;
	if (r && report)
		log_error("Internal error: the metadata text of VG %s does not read back as the VG: %s. Nothing committed.",
			  k->vg->name, k->err);
	free(k);
	return r;
}
