/* Device scanning: candidates, labels, metadata area headers and texts. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "lvmgr/ctx.h"
#include "lvmgr/devfilter.h"
#include "lvmgr/devnames.h"
#include "lvmgr/pvdups.h"
#include "lvmgr/scan.h"
#include "lvmgr/cache/vgcache.h"
#include "metadata/vg.h"

static struct scan_dev *add_dev(struct ctx *c, const char *path, bool quiet)
{
	struct scan_dev *sd;
	char err[256];
	struct device d;

	if (dev_open(&d, path, false, false, err, sizeof(err))) {
		if (!quiet)
			log_verbose("Cannot use %s", err);
		return NULL;
	}
	for (unsigned i = 0; i < c->n_devs; i++)
		if (dev_same(&c->devs[i]->dev, &d)) {
			dev_close(&d);
			return c->devs[i];
		}
	sd = arena_alloc(&c->arena, sizeof(*sd));
	sd->dev = d;
	sd->direct_fd = -1;
	/* A block device goes by the name LVM2 shows for it, whichever of
	 * its names found it (/dev/mapper/NAME for /dev/dm-N). */
	const char *name = d.is_file ? path : devnames_show(c, path, d.rdev);
	sd->dev.path = name == path ? arena_strdup(&c->arena, path) : name;
	if (c->n_devs == c->cap_devs) {
		unsigned cap = c->cap_devs ? c->cap_devs * 2 : 32;
		struct scan_dev **n = arena_alloc(&c->arena, cap * sizeof(*n));
		if (c->n_devs)
			memcpy(n, c->devs, c->n_devs * sizeof(*n));
		c->devs = n;
		c->cap_devs = cap;
	}
	c->devs[c->n_devs++] = sd;
	return sd;
}

/* The first line of a small sysfs file (three system calls, no stdio:
 * this runs for every device the filters accept). */
bool scan_sys_line(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	if (fd < 0)
		return false;
	n = len ? read(fd, buf, len - 1) : -1;
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return true;
}

/* Block devices the system has, as LVM2 would consider them. Opened one
 * after the other: from 4 threads, 256 loop devices took 3x as long (their
 * opens and page cache drops contend in the kernel). */
static void add_block_devices(struct ctx *c)
{
	DIR *d = opendir("/sys/class/block");
	struct dirent *e;
	char p[PATH_MAX], line[256], dev[PATH_MAX];

	if (!d)
		return;
	/* The listing also tells whether md devices and multipath maps exist
	 * (component checks): no second listing of /sys/block for that. */
	bool has_md = false, has_mpath = false;
	bool dirs_only = devnames_scan_dirs_only(c);
	while ((e = readdir(d))) {
		dev_t rdev = 0;
		if (e->d_name[0] == '.')
			continue;
		bool is_dm = !strncmp(e->d_name, "dm-", 3);
		has_md |= !strncmp(e->d_name, "md", 2);
		/* (with devices/scan limited, a dm device may be skipped
		 * before its uuid is read: any counts as one) */
		has_mpath |= is_dm && dirs_only;
		snprintf(dev, sizeof(dev), "%s%s", devnames_dir(c), e->d_name);
		/* Non-default devices/scan or devices/dir: only the devices
		 * with a node there (LVM2 looks nowhere else). */
		if (dirs_only) {
			unsigned ma, mi;
			snprintf(p, sizeof(p), "/sys/class/block/%s/dev", e->d_name);
			if (!scan_sys_line(p, line, sizeof(line)) || sscanf(line, "%u:%u", &ma, &mi) != 2 ||
			    !devnames_known(c, rdev = makedev(ma, mi)))
				continue;
			/* its node there may have another name than the kernel's */
			snprintf(dev, sizeof(dev), "%s", devnames_show(c, dev, rdev));
		}
		/* LVs themselves are not scanned (LVM2's scan_lvs = 0), nor
		 * cryptsetup's and stratis' private maps (LVM2's reserved
		 * uuids); only device-mapper devices (dm-N) have a dm/uuid.
		 * With devices/scan_lvs = 1 an LV's own device is (as LVM2's
		 * filter-usable: no layer, "LVM-" and two 32-character ids,
		 * and not suspended: reading it would wait). Decided before
		 * the filters: a device skipped here needs none of its other
		 * names, which the filters may have to look for in all of
		 * /dev (a kernel name like dm-3 rejected while an "a|...|"
		 * pattern could still take another name of it). */
		bool lv_ok = false;
		snprintf(p, sizeof(p), "/sys/class/block/%s/dm/uuid", e->d_name);
		bool uuid_read = is_dm && scan_sys_line(p, line, sizeof(line));
		has_mpath |= is_dm && (!uuid_read || dm_uuid_is_mpath(line));
		if (uuid_read) {
			char susp[16];
			lv_ok = !strncmp(line, "LVM-", 4) && strlen(line) == 68 && config_bool(c->cfg, "devices/scan_lvs");
			if (lv_ok) {
				snprintf(p, sizeof(p), "/sys/class/block/%s/dm/suspended", e->d_name);
				lv_ok = scan_sys_line(p, susp, sizeof(susp)) && !strcmp(susp, "0");
			}
			if ((!strncmp(line, "LVM-", 4) && !lv_ok) || !strncmp(line, "CRYPT-TEMP", 10) ||
			    !strncmp(line, "CRYPT-SUBDEV", 12) || !strncmp(line, "stratis-", 8))
				continue;
		}
		const char *lv_uuid = lv_ok ? arena_strdup(&c->arena, line) : NULL;
		/* Then the filters: usually a match on the kernel name decides,
		 * while the sysfs check below costs three system calls per
		 * device; else every name of the device. */
		if (!devnames_accepts(c, dev, rdev))
			continue;
		snprintf(p, sizeof(p), "/sys/class/block/%s/size", e->d_name);
		if (!scan_sys_line(p, line, sizeof(line)) || !strcmp(line, "0"))
			continue;
		struct scan_dev *sd = add_dev(c, dev, true);
		if (sd && lv_uuid)
			sd->lv_uuid = lv_uuid;
	}
	closedir(d);
	c->sys_listed = true;
	c->sys_has_md = has_md && !access("/proc/mdstat", F_OK);
	dev_note_mpath_maps(has_mpath);
}

static const char *images_path(struct ctx *c)
{
	return arena_printf(&c->arena, "%s/devices/lvmgr-images", config_system_dir(c->cfg));
}

static void add_images(struct ctx *c)
{
	FILE *f = fopen(images_path(c), "re");
	char line[PATH_MAX + 2];
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '/')
			add_dev(c, line, false);
	}
	fclose(f);
}

static int images_rewrite(struct ctx *c, const char *add, const char *remove)
{
	const char *path = images_path(c);
	char dir[PATH_MAX], line[PATH_MAX + 2], tmp[PATH_MAX];
	FILE *in, *out;
	bool present = false;

	if (c->test)
		return 0;
	snprintf(dir, sizeof(dir), "%s/devices", config_system_dir(c->cfg));
	if (mkdir(dir, 0700) && errno != EEXIST) {
		log_error("Cannot create %s: %s", dir, strerror(errno));
		return -errno;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (!(out = fopen(tmp, "we"))) {
		log_error("Cannot write %s: %s", tmp, strerror(errno));
		return -errno;
	}
	if ((in = fopen(path, "re"))) {
		while (fgets(line, sizeof(line), in)) {
			line[strcspn(line, "\n")] = '\0';
			if (!line[0] || (remove && !strcmp(line, remove)))
				continue;
			if (add && !strcmp(line, add))
				present = true;
			fprintf(out, "%s\n", line);
		}
		fclose(in);
	}
	if (add && !present)
		fprintf(out, "%s\n", add);
	if (fclose(out) || rename(tmp, path)) {
		log_error("Cannot update %s: %s", path, strerror(errno));
		unlink(tmp);
		return -errno;
	}
	return 0;
}

int images_add(struct ctx *c, const char *path)
{
	char abs[PATH_MAX];
	if (!realpath(path, abs))
		return -errno;
	return images_rewrite(c, abs, NULL);
}

int images_remove(struct ctx *c, const char *path)
{
	char abs[PATH_MAX];
	if (!realpath(path, abs))
		return -errno;
	return images_rewrite(c, NULL, abs);
}

/* "vg0 {\nid = \"...\"\nseqno = 4\n": enough to group copies without a
 * full parse; the full parse of the chosen copy validates everything. */
static void peek_text(struct arena *a, struct scan_mda *m)
{
	const char *t = m->text, *end = t + m->text_len, *p;
	size_t n = strcspn(t, " \t\n{");

	if (!n || n >= NAME_LEN) {
		/* Checksummed but not metadata lvmgr can use: say so (the copy is
		 * then ignored like one with a bad checksum). */
		m->text_ok = false;
		snprintf(m->err, sizeof(m->err), "metadata text does not start with a valid VG name (%zu characters)",
			 n);
		return;
	}
	m->vgname = arena_strndup(a, t, n);
	/* The VG's own id and seqno come before its first subsection. */
	const char *stop = strstr(t, "physical_volumes");
	if (!stop)
		stop = end;
	if ((p = strstr(t, "\nid = \"")) && p < stop) {
		char id[ID_LEN + 1];
		const char *q = p + 7, *e = memchr(q, '"', (size_t)(end - q));
		if (e && e - q < 64) {
			char dashed[64];
			memcpy(dashed, q, (size_t)(e - q));
			dashed[e - q] = '\0';
			if (!id_parse(dashed, id))
				memcpy(m->vgid, id, sizeof(id));
		}
	}
	if ((p = strstr(t, "\nseqno = ")) && p < stop)
		m->seqno = strtoull(p + 9, NULL, 10);
}

/* A big text this machine committed is in the VG cache: its first
 * bytes (the VG's name, id and seqno) are read from the disk, and a cache
 * entry of that VG and seqno whose text has the header's length and
 * checksum and the same first bytes gives the rest, mapped (no read of
 * megabytes through the device, no checksum over them). NULL: read it. */
#define CACHED_HEAD 4096
static const char *cached_text(struct ctx *c, struct scan_dev *sd, struct scan_mda *md, int *slot)
{
	const struct raw_locn *l = &md->hdr.locn[0];
	const char *text = NULL;

	if (l->size < VGCACHE_TEXT_MIN || l->offset < MDA_HEADER_SIZE || l->offset >= md->hdr.size ||
	    l->size > md->hdr.size - l->offset)
		return NULL;	/* small, or wrapped */
	char *head = io_alloc(CACHED_HEAD + 1);
	if (!io_read(c->io, sd->dev.fd, md->hdr.start + l->offset, head, CACHED_HEAD)) {
		head[CACHED_HEAD] = '\0';
		struct scan_mda peek = {.text = head, .text_len = strlen(head), .text_ok = true};
		struct arena a;
		arena_init(&a);
		peek_text(&a, &peek);
		if (peek.text_ok && peek.vgid[0] && peek.seqno)
			vgcache_text(c, peek.vgid, peek.seqno, l->size, l->checksum, head, CACHED_HEAD, &text, slot);
		arena_free(&a);
	}
	io_free(head);
	return text;
}

/* Many block devices: read their labels and headers concurrently, from
 * worker threads (pread). LVMGR_SCAN_AIO=1 uses libaio on O_DIRECT
 * descriptors instead (buffered aio would run synchronously inside
 * io_submit), LVMGR_SCAN_AIO=0 reads one device after the other. libaio is
 * not the default: its context's io_destroy waits for an RCU grace period,
 * 30-40 ms on some kernels, more than reading 64 devices takes. Returns the
 * engine for the batch. */
#define CONCURRENT_MIN_DEVICES 8
#define SCAN_THREADS 16
static struct io_engine *batch_engine(struct ctx *c, struct scan_dev **devs, unsigned n)
{
	const char *env = getenv("LVMGR_SCAN_AIO");
	unsigned blk = 0;
	for (unsigned i = 0; i < n; i++)
		blk += !devs[i]->dev.is_file;
	if (env ? strcmp(env, "1") && strcmp(env, "threads") : blk < CONCURRENT_MIN_DEVICES)
		return c->scan_io;
	if (!env || !strcmp(env, "threads")) {
		if (!c->thr_io && !(c->thr_io = io_engine_threads_new(SCAN_THREADS)))
			return c->scan_io;
		log_verbose("Reading %u devices concurrently (%d threads).", n, SCAN_THREADS);
		return c->thr_io;
	}
	if (!c->aio_io && !(c->aio_io = io_engine_aio_new(64)))
		return c->scan_io;
	for (unsigned i = 0; i < n; i++)
		if (devs[i]->direct_fd < 0)
			devs[i]->direct_fd = open(devs[i]->dev.path, O_RDONLY | O_DIRECT | O_CLOEXEC);
	log_verbose("Reading %u devices concurrently (libaio, O_DIRECT).", n);
	return c->aio_io;
}

static int batch_fd(const struct scan_dev *sd, const struct io_engine *e, const struct ctx *c)
{
	return e == c->aio_io && sd->direct_fd >= 0 ? sd->direct_fd : sd->dev.fd;
}

static bool mda_in_head(const struct scan_dev *sd, const struct scan_mda *md)
{
	return sd->head && md->start <= sd->head_len && sd->head_len - md->start >= MDA_HEADER_SIZE;
}

/* Devices up to which every metadata copy's text is read (see read_mdas). */
#define SCAN_VERIFY_COPIES_MAX 16

static void read_mdas(struct ctx *c, struct scan_dev **devs, unsigned n)
{
	struct io_req *reqs;
	unsigned nr = 0, total = 0;

	for (unsigned i = 0; i < n; i++)
		total += devs[i]->n_mda;
	if (!total)
		return;
	reqs = calloc(total, sizeof(*reqs));
	if (!reqs)
		return;
	/* Headers within the head read with the label need no read. */
	struct io_engine *e = batch_engine(c, devs, n);
	for (unsigned i = 0; i < n; i++)
		for (unsigned m = 0; m < devs[i]->n_mda; m++)
			if (!mda_in_head(devs[i], &devs[i]->mda[m]))
				reqs[nr++] = (struct io_req){.fd = batch_fd(devs[i], e, c),
							     .offset = devs[i]->mda[m].start,
							     .len = MDA_HEADER_SIZE,
							     .buf = io_alloc(MDA_HEADER_SIZE)};
	int r = nr ? e->run(e, reqs, nr) : 0;
	nr = 0;
	for (unsigned i = 0; i < n; i++) {
		struct scan_dev *sd = devs[i];
		for (unsigned m = 0; m < sd->n_mda; m++) {
			struct scan_mda *md = &sd->mda[m];
			const uint8_t *hb = mda_in_head(sd, md) ? sd->head + md->start : NULL;
			struct io_req *q = hb ? NULL : &reqs[nr++];
			char err[200];
			if (!hb && (r || q->result != MDA_HEADER_SIZE)) {
				snprintf(md->err, sizeof(md->err), "cannot read the metadata area header at %" PRIu64,
					 md->start);
			} else if (mda_header_decode(hb ? hb : q->buf, md->start, &md->hdr, err, sizeof(err))) {
				snprintf(md->err, sizeof(md->err), "%s", err);
			} else {
				md->hdr_ok = true;
				md->ignored = md->hdr.locn[0].flags & RAW_LOCN_IGNORED;
			}
			if (q)
				io_free(q->buf);
		}
	}
	free(reqs);
	/* Texts: one read per distinct (size, checksum) copy; the rest of a
	 * group shares it (vgck reads every copy itself). */
	for (unsigned i = 0; i < n; i++) {
		for (unsigned m = 0; m < devs[i]->n_mda; m++) {
			struct scan_mda *md = &devs[i]->mda[m];
			struct scan_mda *same = NULL;
			if (!md->hdr_ok || !md->hdr.locn[0].size)
				continue;
			for (unsigned j = 0; j <= i && !same; j++)
				for (unsigned k = 0; k < devs[j]->n_mda; k++) {
					struct scan_mda *o = &devs[j]->mda[k];
					if (o == md)
						break;
					if (o->text_ok && o->hdr.locn[0].size == md->hdr.locn[0].size &&
					    o->hdr.locn[0].checksum == md->hdr.locn[0].checksum) {
						same = o;
						break;
					}
				}
			/* A copy like one read already (same size and checksum in its
			 * header) shares that text. On a machine with few devices
			 * each is still read and its checksum checked, as LVM2
			 * reads every copy, so that a damaged copy behind an intact
			 * header is reported by every command; with many (a VG of
			 * hundreds of PVs) only vgck reads them all. */
			if (same && n <= SCAN_VERIFY_COPIES_MAX) {
				char err[200];
				if (mda_check_text(c->io, devs[i]->dev.fd, &md->hdr, 0, err, sizeof(err))) {
					snprintf(md->err, sizeof(md->err), "%s", err);
					continue;
				}
			}
			if (same) {
				md->text = same->text;
				md->text_len = same->text_len;
				md->text_crc = same->text_crc;
				md->vgname = same->vgname;
				memcpy(md->vgid, same->vgid, sizeof(md->vgid));
				md->seqno = same->seqno;
				md->text_ok = true;
				continue;
			}
			char err[200];
			size_t tl;
			const char *cached = NULL;
			int slot = -1;
			if (vgcache_mode() != VGCACHE_OFF)
				cached = cached_text(c, devs[i], md, &slot);
			if (cached && vgcache_mode() == VGCACHE_ON) {
				md->text = cached;
				md->cache_slot = slot + 1;
				log_debug("%s: metadata text at %" PRIu64 " (%" PRIu64 " bytes) taken from the VG cache.",
					  devs[i]->dev.path, md->hdr.start + md->hdr.locn[0].offset,
					  md->hdr.locn[0].size);
			} else if (mda_read_text_arena(c->io, devs[i]->dev.fd, &md->hdr, 0, &c->arena,
						       &md->text, &tl, err, sizeof(err))) {
				snprintf(md->err, sizeof(md->err), "%s", err);
				continue;
			} else if (cached && strcmp(cached, md->text)) {
				log_error("Internal error: the VG cache's copy of the metadata text on %s differs from the disk's.",
					  devs[i]->dev.path);
			}
			md->text_len = md->hdr.locn[0].size - 1;
			md->text_crc = md->hdr.locn[0].checksum;
			md->text_ok = true;
			peek_text(&c->arena, md);
		}
	}
}

/* md superblocks at the start of a device: versions 1.1 (offset 0) and
 * 1.2 (4 KiB): magic a92b4efc, major version 1, little endian. */
static bool md_start_superblock(struct ctx *c, struct scan_dev *sd)
{
	static const uint8_t magic[8] = {0xfc, 0x4e, 0x2b, 0xa9, 1, 0, 0, 0};
	uint8_t buf[8];
	for (uint64_t off = 0; off <= 4096; off += 4096) {
		const uint8_t *p = buf;
		if (sd->head && off + sizeof(buf) <= sd->head_len)
			p = sd->head + off;	/* read with the label */
		else if (sd->dev.size < off + sizeof(buf) || io_read(c->io, sd->dev.fd, off, buf, sizeof(buf)))
			continue;
		if (!memcmp(p, magic, sizeof(magic)))
			return true;
	}
	return false;
}

/* LVM2's md_component_checks = "auto": the end of a device (superblocks
 * 0.90 and 1.0, a full blkid probe of ~2 ms per device) is looked at only
 * when the system has md devices; otherwise the start is enough. */
static bool system_has_md(void)
{
	static int has = -1;
	if (has < 0) {
		/* Without the md driver loaded there is no /proc/mdstat and no
		 * array: the listing of every block device is skipped. */
		DIR *d = access("/proc/mdstat", F_OK) ? NULL : opendir("/sys/block");
		struct dirent *e;
		has = 0;
		while (d && !has && (e = readdir(d)))
			has = !strncmp(e->d_name, "md", 2);
		if (d)
			closedir(d);
	}
	return has;
}

#define COMP_THREADS 8

struct comp_check {
	struct ctx *c;
	unsigned first;	/* c->devs[first + i] */
	bool md, mpath, has_md;
};

/* Sets a labelled block device's md_component or mpath_component; touches
 * nothing else. */
static void comp_check_one(void *arg, unsigned i)
{
	struct comp_check *cc = arg;
	struct scan_dev *sd = cc->c->devs[cc->first + i];
	if (!sd->labelled || sd->dev.is_file)
		return;
	if (cc->md && (cc->has_md ? dev_is_md_component(sd->dev.path) : md_start_superblock(cc->c, sd)))
		sd->md_component = true;
	else if (cc->mpath && dev_is_mpath_component_rdev(sd->dev.rdev))
		sd->mpath_component = true;
}

static void read_labels(struct ctx *c, unsigned first)
{
	unsigned n = c->n_devs - first;
	struct io_req *reqs;
	struct io_engine *e;

	if (!n)
		return;
	reqs = calloc(n, sizeof(*reqs));
	if (!reqs)
		return;
	e = batch_engine(c, c->devs + first, n);
	/* Read one device after another, their first pages are requested
	 * from all of them at once beforehand (label and, usually, the first
	 * metadata area header): a cold device costs a round trip each. */
	if (e == c->scan_io)
		for (unsigned i = 0; i < n; i++)
			if (!c->devs[first + i]->dev.is_file)
				posix_fadvise(c->devs[first + i]->dev.fd, 0, SCAN_HEAD_SIZE, POSIX_FADV_WILLNEED);
	/* The head of each device: the label in its first 2 KiB, the md
	 * superblock at 4 KiB, the first metadata area's header (at 4 KiB)
	 * usually: one read serves all three. The heads share one block
	 * (4.5 KiB each, 512-byte aligned for O_DIRECT: separate aligned
	 * buffers would take a fresh page each, 256 devices 1 MiB more). */
	uint8_t *heads = NULL;
	if (posix_memalign((void **)&heads, IO_ALIGN, (size_t)n * SCAN_HEAD_SIZE)) {
		free(reqs);
		return;
	}
	for (unsigned i = 0; i < n; i++) {
		struct scan_dev *sd = c->devs[first + i];
		/* O_DIRECT wants whole sectors: a device under 2 KiB has no label anyway */
		size_t len = sd->dev.size < SCAN_HEAD_SIZE ? (size_t)sd->dev.size & ~(size_t)511
							   : SCAN_HEAD_SIZE;
		reqs[i] = (struct io_req){.fd = batch_fd(sd, e, c), .offset = 0, .len = len,
					  .buf = heads + (size_t)i * SCAN_HEAD_SIZE};
	}
	time_mark("scan: devices listed");
	int r = e->run(e, reqs, n);
	time_mark("scan: heads read");
	for (unsigned i = 0; i < n; i++) {
		struct scan_dev *sd = c->devs[first + i];
		struct io_req *q = &reqs[i];
		if (!r && q->result >= 0 && (size_t)q->result == q->len && q->len >= 2 * SECTOR_SIZE) {
			sd->head = q->buf;
			sd->head_len = q->len;
			int lr = label_decode(q->buf, q->len < LABEL_SCAN_SIZE ? q->len : LABEL_SCAN_SIZE,
					      &sd->label, sd->label_err, sizeof(sd->label_err));
			if (!lr)
				sd->labelled = true;
			else if (lr != -ENOENT)
				sd->label_bad = true;
		}
	}
	free(reqs);
	/* A label seen through a member of an md array or a multipath map is
	 * the array's or the map's, not this device's (LVM2 skips them). The
	 * checks are a dozen system calls per device (sysfs, the start of the
	 * device): several devices at once. */
	struct comp_check cc = {c, first, config_bool(c->cfg, "devices/md_component_detection"),
				config_bool(c->cfg, "devices/multipath_component_detection"),
				c->sys_listed ? c->sys_has_md : system_has_md()};
	/* Neither a device-mapper device nor a multipath wwids file: no
	 * device is a multipath path. */
	if (cc.mpath)
		cc.mpath = dev_mpath_components_possible();
	/* blkid's probe (md arrays present) keeps a shared prefetch list: one
	 * device at a time then, as for an engine not to be shared; without
	 * md arrays or multipath the md check only looks at the heads read
	 * (no threads for that). The multipath checks read sysfs, which never
	 * waits: threads only help with another CPU to run on. */
	unsigned threads = c->io->threadsafe && !cc.has_md && cc.mpath && cpu_thread_helps() ? COMP_THREADS : 1;
	if (cc.md || cc.mpath)
		parallel_for(n, threads, comp_check_one, &cc);
	for (unsigned i = 0; i < n; i++) {
		struct scan_dev *sd = c->devs[first + i];
		if (!sd->labelled)
			continue;
		if (sd->md_component) {
			sd->labelled = false;
			log_verbose("%s: skipping md component.", sd->dev.path);
			continue;
		}
		if (sd->mpath_component) {
			sd->labelled = false;
			log_verbose("%s: skipping multipath component.", sd->dev.path);
			continue;
		}
		for (unsigned m = 0; m < sd->label.n_mda && m < 2; m++) {
			sd->mda[m].start = sd->label.mda[m].offset;
			sd->mda[m].size = sd->label.mda[m].size;
			sd->n_mda++;
		}
	}
	time_mark("scan: component checks");
	read_mdas(c, c->devs + first, n);
	time_mark("scan: metadata read");
	for (unsigned i = 0; i < n; i++) {
		c->devs[first + i]->head = NULL;
		c->devs[first + i]->head_len = 0;
	}
	free(heads);
}

bool scan_filter_rejects(struct ctx *c, const char *path)
{
	struct stat st;

	if (c->n_devices || stat(path, &st) || !S_ISBLK(st.st_mode))
		return false;
	/* LVM2 accepts it when any of its names passes, the one given too. */
	return !devnames_accepts(c, path, st.st_rdev);
}

void scan_log_no_pv(struct ctx *c, const char *path)
{
	struct stat st;
	/* LVM2's process_each_pv: a name that is no device, one the filter
	 * rejects, one that is no PV */
	if (stat(path, &st) && errno == ENOENT)
		log_error("Cannot use %s: device not found", path);
	else if (scan_filter_rejects(c, path))
		log_error("Cannot use %s: device is rejected by filter config", path);
	else
		log_error("Failed to find physical volume \"%s\".", path);
}

int scan_devices(struct ctx *c, const char *const *extra, unsigned n_extra)
{
	unsigned first = c->n_devs;

	if (!c->scanned) {
		c->scanned = true;
		if (c->n_devices) {
			for (unsigned i = 0; i < c->n_devices; i++)
				add_dev(c, c->devices[i], false);
		} else {
			add_block_devices(c);
			add_images(c);
		}
	}
	for (unsigned i = 0; i < n_extra; i++)
		if (!scan_find(c, extra[i]) && !scan_filter_rejects(c, extra[i]))
			add_dev(c, extra[i], true);
	read_labels(c, first);
	pvdups_resolve(c, first);
	return 0;
}

struct scan_dev *scan_find(struct ctx *c, const char *path)
{
	struct device d;
	char err[256];
	struct scan_dev *found = NULL;

	for (unsigned i = 0; i < c->n_devs; i++)
		if (!strcmp(c->devs[i]->dev.path, path))
			return c->devs[i];
	if (dev_open(&d, path, false, false, err, sizeof(err)))
		return NULL;
	for (unsigned i = 0; i < c->n_devs && !found; i++)
		if (dev_same(&c->devs[i]->dev, &d))
			found = c->devs[i];
	dev_close(&d);
	return found;
}

int scan_dev_reread(struct ctx *c, struct scan_dev *sd)
{
	struct scan_dev *one[1] = {sd};
	uint8_t *buf = io_alloc(LABEL_SCAN_SIZE);
	size_t len = sd->dev.size < LABEL_SCAN_SIZE ? (size_t)sd->dev.size : LABEL_SCAN_SIZE;
	int r;

	sd->labelled = sd->label_bad = false;
	memset(sd->mda, 0, sizeof(sd->mda));
	sd->n_mda = 0;
	r = io_read(c->io, sd->dev.fd, 0, buf, len);
	if (!r && label_decode(buf, len, &sd->label, sd->label_err, sizeof(sd->label_err)) == 0) {
		sd->labelled = true;
		for (unsigned m = 0; m < sd->label.n_mda && m < 2; m++) {
			sd->mda[m].start = sd->label.mda[m].offset;
			sd->mda[m].size = sd->label.mda[m].size;
			sd->n_mda++;
		}
		read_mdas(c, one, 1);
	}
	io_free(buf);
	return r;
}

int scan_dev_rw(struct ctx *c, struct scan_dev *sd)
{
	struct device d;
	char err[256];
	int r;

	if (sd->dev.rw)
		return 0;
	/* Not O_EXCL: a PV whose LVs are active is claimed by device-mapper,
	 * and its metadata must still be writable (pvcreate checks "in use"
	 * itself). */
	if ((r = dev_open(&d, sd->dev.path, true, false, err, sizeof(err)))) {
		log_error("Cannot open %s for writing: %s", sd->dev.path, err);
		return r;
	}
	dev_close(&sd->dev);
	d.path = sd->dev.path;
	sd->dev = d;
	return 0;
}

void scan_mda_reset(struct scan_mda *md)
{
	memset(&md->hdr, 0, sizeof(md->hdr));
	md->hdr.version = FMTT_VERSION;
	md->hdr.start = md->start;
	md->hdr.size = md->size;
	md->hdr_ok = true;
	md->ignored = false;
}

void scan_close_lv_devs(struct ctx *c, const char *prefix)
{
	for (unsigned i = 0; i < c->n_devs; i++)
		if (c->devs[i]->lv_uuid && !strncmp(c->devs[i]->lv_uuid, prefix, strlen(prefix)))
			dev_close(&c->devs[i]->dev);
}
