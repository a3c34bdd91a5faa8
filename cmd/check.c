/* pvck and vgck: report what is wrong on disk; vgck --updatemetadata makes
 * every metadata area hold the latest valid version. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cmd/common.h"

static void dump_headers(struct scan_dev *sd)
{
	const struct pv_label *l = &sd->label;
	char idf[ID_LEN + 7];
	id_format(l->pv_id, idf);
	printf("  label_header at %" PRIu64 "\n", l->sector * SECTOR_SIZE);
	printf("  label_header.id LABELONE\n  label_header.sector %" PRIu64 "\n", l->sector);
	printf("  label_header.type LVM2 001\n");
	printf("  pv_header at %" PRIu64 "\n", l->sector * SECTOR_SIZE + 32);
	printf("  pv_header.pv_uuid %s\n  pv_header.device_size %" PRIu64 "\n", idf, l->dev_size);
	for (unsigned i = 0; i < l->n_da; i++)
		printf("  pv_header.disk_locn[%u].offset %" PRIu64 "\n  pv_header.disk_locn[%u].size %" PRIu64 "\n",
		       i, l->da[i].offset, i, l->da[i].size);
	for (unsigned i = 0; i < l->n_mda; i++)
		printf("  pv_header.mda[%u].offset %" PRIu64 "\n  pv_header.mda[%u].size %" PRIu64 "\n", i,
		       l->mda[i].offset, i, l->mda[i].size);
	if (l->has_ext)
		printf("  pv_header_extension.version %u\n  pv_header_extension.flags %u\n",
		       l->ext_version, l->ext_flags);
	for (unsigned m = 0; m < sd->n_mda; m++) {
		const struct scan_mda *md = &sd->mda[m];
		printf("  mda_header_%u at %" PRIu64 " # metadata area\n", m + 1, md->start);
		if (!md->hdr_ok) {
			printf("  mda_header_%u: %s\n", m + 1, md->err);
			continue;
		}
		printf("  mda_header_%u.checksum 0x%x\n  mda_header_%u.start %" PRIu64 "\n  mda_header_%u.size %" PRIu64 "\n",
		       m + 1, md->hdr.checksum, m + 1, md->hdr.start, m + 1, md->hdr.size);
		for (int s = 0; s < 2; s++)
			printf("  mda_header_%u.raw_locn[%d].offset %" PRIu64 "\n"
			       "  mda_header_%u.raw_locn[%d].size %" PRIu64 "\n"
			       "  mda_header_%u.raw_locn[%d].checksum 0x%x\n"
			       "  mda_header_%u.raw_locn[%d].flags 0x%x\n",
			       m + 1, s, md->hdr.locn[s].offset, m + 1, s, md->hdr.locn[s].size, m + 1, s,
			       md->hdr.locn[s].checksum, m + 1, s, md->hdr.locn[s].flags);
	}
}

int cmd_pvck(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	const char *dump = arg_str(c, ARG_DUMP, NULL);
	int rc = ECMD_PROCESSED;

	scan_devices(x, (const char *const *)c->pos, (unsigned)c->n_pos);
	for (int i = 0; i < c->n_pos; i++) {
		struct scan_dev *sd = scan_find(x, c->pos[i]);
		if (!sd) {
			log_error("Cannot use %s: device not found or not accessible.", c->pos[i]);
			rc = ECMD_FAILED;
			continue;
		}
		if (sd->label_bad) {
			log_error("%s: %s", c->pos[i], sd->label_err);
			rc = ECMD_FAILED;
			continue;
		}
		if (!sd->labelled) {
			log_error("No LVM label found on %s.", c->pos[i]);
			rc = ECMD_FAILED;
			continue;
		}
		if (dump && !strcmp(dump, "headers")) {
			dump_headers(sd);
		} else if (!dump) {
			log_print("Found label on %s, sector %" PRIu64 ", type=LVM2 001", c->pos[i],
				  sd->label.sector);
			for (unsigned m = 0; m < sd->n_mda; m++)
				log_print("Found text metadata area: offset=%" PRIu64 ", size=%" PRIu64,
					  sd->mda[m].start, sd->mda[m].size);
		}
		for (unsigned m = 0; m < sd->n_mda; m++) {
			struct scan_mda *md = &sd->mda[m];
			if (!md->hdr_ok) {
				log_error("%s: metadata area %u: %s", c->pos[i], m + 1, md->err);
				rc = ECMD_FAILED;
				continue;
			}
			if (!md->hdr.locn[0].size)
				continue;
			/* Every copy is checked, not only the first of identical ones. */
			struct strbuf sb;
			char err[256];
			sb_init(&sb);
			if (mda_read_text(x->io, sd->dev.fd, &md->hdr, 0, &sb, err, sizeof(err))) {
				log_error("%s: metadata area %u: %s", c->pos[i], m + 1, err);
				rc = ECMD_FAILED;
			} else if (dump && strncmp(dump, "metadata", 8) == 0) {
				printf("  metadata text at %" PRIu64 " crc 0x%x # vgname %s seqno %" PRIu64 "\n  ---\n",
				       md->start + md->hdr.locn[0].offset, md->hdr.locn[0].checksum,
				       md->vgname ? md->vgname : "?", md->seqno);
				/* LVM2 prints the text with a newline of its own */
				fwrite(sb.buf, 1, sb.len, stdout);
				printf("\n  ---\n");
			}
			sb_free(&sb);
		}
	}
	return rc;
}

/* Every area of every PV of vg: latest seqno, same text, readable. */
static int check_vg(struct cmd *c, struct vg *vg, void *arg)
{
	struct ctx *x = &c->ctx;
	const char *name = vg->name;
	bool update = x->repair;
	unsigned bad = 0;

	const char *best = vg_read_text(x, vg);
	for (unsigned p = 0; p < vg->n_pvs; p++) {
		struct scan_dev *sd = vg->pvs[p]->sd;
		for (unsigned m = 0; m < sd->n_mda; m++) {
			struct scan_mda *md = &sd->mda[m];
			struct strbuf sb;
			char err[256];
			if (!md->hdr_ok) {
				log_warn("%s: metadata area %u: %s", sd->dev.path, m + 1, md->err);
				bad++;
				continue;
			}
			if (md->ignored)
				continue;
			sb_init(&sb);
			if (!md->hdr.locn[0].size) {
				log_warn("%s: metadata area %u holds no metadata of VG %s.", sd->dev.path, m + 1, name);
				bad++;
			} else if (mda_read_text(x->io, sd->dev.fd, &md->hdr, 0, &sb, err, sizeof(err))) {
				log_warn("%s: metadata area %u: %s", sd->dev.path, m + 1, err);
				bad++;
			} else if (strcmp(sb.buf, best)) {
				log_warn("%s: metadata area %u holds VG %s seqno %" PRIu64 ", not the latest (seqno %" PRIu64 ").",
					  sd->dev.path, m + 1, name, md->seqno, vg->seqno);
				bad++;
			}
			sb_free(&sb);
		}
	}
	/* Outdated PVs: an older version of the VG on a PV the VG no longer
	 * lists (a crash between the commit and the wipe of a removed PV). */
	struct scan_dev **outdated = arena_alloc(&x->arena, (x->n_devs + 1) * sizeof(*outdated));
	unsigned n_outdated = 0;
	for (unsigned i = 0; i < x->n_devs; i++) {
		struct scan_dev *sd = x->devs[i];
		if (!sd->labelled || vg_find_pv_by_id(vg, sd->label.pv_id))
			continue;
		for (unsigned m = 0; m < sd->n_mda; m++)
			if (sd->mda[m].text_ok && !memcmp(sd->mda[m].vgid, vg->id, ID_LEN)) {
				log_warn("%s: metadata area %u holds VG %s seqno %" PRIu64 " but the PV is no longer in the VG.",
					 sd->dev.path, m + 1, name, sd->mda[m].seqno);
				bad++;
				if (!n_outdated || outdated[n_outdated - 1] != sd)
					outdated[n_outdated++] = sd;
			}
	}
	if (!bad)
		return 0;
	if (!update) {
		log_error("VG %s: %u metadata area(s) need repair (vgck --updatemetadata %s).", name, bad, name);
		return -EIO;
	}
	/* Repair: fresh headers where they were unreadable, then a commit writes
	 * the latest version everywhere. */
	for (unsigned p = 0; p < vg->n_pvs; p++) {
		struct scan_dev *sd = vg->pvs[p]->sd;
		if (scan_dev_open_rw(c, sd))
			return -EIO;
		for (unsigned m = 0; m < sd->n_mda; m++)
			if (!sd->mda[m].hdr_ok)
				scan_mda_reset(&sd->mda[m]);
	}
	if (vg_commit(x, vg))
		return -EIO;
	for (unsigned i = 0; i < n_outdated; i++)
		if (scan_dev_open_rw(c, outdated[i]) || pv_orphan(x, outdated[i]))
			return -EIO;
	log_print("Volume group \"%s\" metadata updated in %u area(s).", name, bad);
	return 0;
}

int cmd_vgck(struct cmd *c)
{
	bool update = arg_is_set(c, ARG_UPDATEMETADATA);
	c->ctx.repair = update;
	return for_each_vg(c, update ? LOCK_EXCL : LOCK_SHARED, 0, check_vg, NULL);
}
