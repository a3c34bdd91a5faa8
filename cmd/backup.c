/* vgcfgbackup, vgcfgrestore, config. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cmd/common.h"
#include "metadata/segtypes/thin.h"

static int backup_one(struct cmd *c, struct vg *vg, void *arg)
{
	const char *file = arg;
	if (file) {
		/* "%s" in the name takes the VG name, as LVM2. */
		char path[4096], desc[4200];
		struct strbuf sb;
		FILE *f;
		int bad;
		if (strstr(file, "%s"))
			snprintf(path, sizeof(path), file, vg->name);
		else
			snprintf(path, sizeof(path), "%s", file);
		snprintf(desc, sizeof(desc), "vgcfgbackup -f %s", file);
		sb_init(&sb);
		vg_export(vg, EXPORT_FILE, desc, 0, &sb);
		if (!(f = fopen(path, "we")))
			bad = 1;
		else {
			bad = fwrite(sb.buf, 1, sb.len, f) != sb.len;
			bad |= fclose(f) != 0;
		}
		sb_free(&sb);
		if (bad) {
			log_error("Cannot write backup of VG %s to %s: %s", vg->name, path, strerror(errno));
			return -EIO;
		}
	} else if (vg_backup_forced(&c->ctx, vg))
		return -EIO;
	log_print("Volume group \"%s\" successfully backed up.", vg->name);
	return 0;
}

int cmd_vgcfgbackup(struct cmd *c)
{
	return for_each_vg(c, LOCK_SHARED, VG_READ_ALLOW_MISSING, backup_one,
			   (void *)arg_str(c, ARG_FILE, NULL));
}

static void list_one(struct ctx *x, const char *path)
{
	char *text;
	size_t len;
	char err[256];
	struct cft_node *root;
	const char *desc = "", *vgname = "?";
	int64_t t = 0;

	if (read_text_file(&x->arena, path, &text, &len) || !(root = cft_parse(&x->arena, text, len, err, sizeof(err))))
		return;
	cft_get_str(root, "description", &desc);
	cft_get_int(root, "creation_time", &t);
	for (const struct cft_node *n = root->child; n; n = n->next)
		if (n->is_section) {
			vgname = n->key;
			break;
		}
	time_t tt = (time_t)t;
	char tb[64] = "";
	ctime_r(&tt, tb);
	tb[strcspn(tb, "\n")] = '\0';
	printf("   \n  File:\t\t%s\n  VG name:    \t%s\n  Description:\t%s\n  Backup Time:\t%s\n", path,
	       vgname, desc, tb);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int vgcfgrestore_list(struct cmd *c, const char *vgname)
{
	struct ctx *x = &c->ctx;
	const char *dir = config_str(x->cfg, "backup/archive_dir");
	char **names = NULL;
	unsigned n = 0, cap = 0;
	DIR *d;
	size_t nl = strlen(vgname);

	if (arg_is_set(c, ARG_FILE)) {
		list_one(x, arg_str(c, ARG_FILE, ""));
		return ECMD_PROCESSED;
	}
	if ((d = opendir(dir))) {
		struct dirent *e;
		while ((e = readdir(d)))
			if (!strncmp(e->d_name, vgname, nl) && e->d_name[nl] == '_' &&
			    strstr(e->d_name, ".vg")) {
				if (n == cap) {
					cap = cap ? cap * 2 : 16;
					char **nn = arena_alloc(&x->arena, cap * sizeof(*nn));
					if (n)
						memcpy(nn, names, n * sizeof(*nn));
					names = nn;
				}
				names[n++] = arena_printf(&x->arena, "%s/%s", dir, e->d_name);
			}
		closedir(d);
	}
	if (n)
		qsort(names, n, sizeof(*names), name_cmp);
	for (unsigned i = 0; i < n; i++)
		list_one(x, names[i]);
	char *backup = arena_printf(&x->arena, "%s/%s", config_str(x->cfg, "backup/backup_dir"), vgname);
	struct stat st;
	if (!stat(backup, &st))
		list_one(x, backup);
	else if (!n) {
		log_error("No archives or backups found for VG %s.", vgname);
		return ECMD_FAILED;
	}
	return ECMD_PROCESSED;
}

int cmd_vgcfgrestore(struct cmd *c)
{
	struct ctx *x = &c->ctx;
	const char *vgname = c->n_pos ? vg_name_arg(c->pos[0]) : NULL;
	const char *file = arg_str(c, ARG_FILE, NULL);
	char *text, err[512];
	size_t len;
	struct vg *vg;
	int r;

	if (arg_is_set(c, ARG_LIST)) {
		if (!vgname && !file) {
			log_error("Please give a VG name or -f FILE with --list.");
			return EINVALID_CMD_LINE;
		}
		return vgcfgrestore_list(c, vgname ? vgname : "");
	}
	if (!vgname) {
		log_error("Please give the name of the volume group to restore.");
		return EINVALID_CMD_LINE;
	}
	if (!file)
		file = arena_printf(&x->arena, "%s/%s", config_str(x->cfg, "backup/backup_dir"), vgname);
	if ((r = read_text_file(&x->arena, file, &text, &len))) {
		log_error("Cannot read backup file %s: %s", file, strerror(-r));
		return ECMD_FAILED;
	}
	if (vg_import(&x->arena, text, len, &vg, err, sizeof(err))) {
		log_error("Backup file %s is invalid: %s", file, err);
		return ECMD_FAILED;
	}
	if (vg_ctime_repaired(vg))
		log_warn("Invalid creation_time found in metadata (repaired with next metadata update).");
	if (strcmp(vg->name, vgname)) {
		log_error("Backup file %s holds VG %s, not %s.", file, vg->name, vgname);
		return ECMD_FAILED;
	}
	/* LVM2's backup_restore_from_file: the kernel's pool metadata is not
	 * restored with the VG's, so only with --force */
	for (unsigned i = 0; i < vg->n_lvs; i++)
		if (lv_is_thin_pool(vg->lvs[i]) || lv_is_thin(vg->lvs[i])) {
			if (!arg_is_set(c, ARG_FORCE)) {
				log_error("Consider using option --force to restore Volume Group %s with thin volumes.",
					  vgname);
				return ECMD_FAILED;
			}
			log_warn("Forced restore of Volume Group %s with thin volumes.", vgname);
			break;
		}
	if (lock_global_ex(c) || lock_vg_mode(c, vgname, LOCK_EXCL))
		return ECMD_FAILED;
	scan_devices(x, NULL, 0);
	/* Every PV of the backup must be present, and in no other VG. */
	for (unsigned p = 0; p < vg->n_pvs; p++) {
		struct pv *pv = vg->pvs[p];
		char idf[ID_LEN + 7];
		id_format(pv->id, idf);
		for (unsigned i = 0; i < x->n_devs && !pv->sd; i++)
			if (x->devs[i]->labelled && !memcmp(x->devs[i]->label.pv_id, pv->id, ID_LEN))
				pv->sd = x->devs[i];
		if (pv->sd)
			pv->hint = pv->sd->dev.path;	/* LVM2 writes where the PV is now */
		if (!pv->sd) {
			log_error("Cannot restore Volume Group %s with 1 PVs marked as missing.", vgname);
			log_error("Couldn't find device with uuid %s (pvcreate --uuid %s --restorefile %s DEVICE).",
				  idf, idf, file);
			return ECMD_FAILED;
		}
		const char *other = scan_dev_vgname(x, pv->sd);
		if (other && strcmp(other, vgname)) {
			log_error("PV %s belongs to VG %s, not %s.", pv->sd->dev.path, other, vgname);
			return ECMD_FAILED;
		}
		if (pv->sd->n_mda == 0)
			continue;
	}
	/* The restored version must win over what is on disk now. */
	struct vg_info *vis;
	unsigned n;
	vg_list(x, &vis, &n);
	for (unsigned k = 0; k < n; k++)
		if (!strcmp(vis[k].name, vgname) && vis[k].seqno > vg->seqno)
			vg->seqno = vis[k].seqno;
	for (unsigned p = 0; p < vg->n_pvs; p++) {
		struct scan_dev *sd = vg->pvs[p]->sd;
		if (scan_dev_open_rw(c, sd))
			return ECMD_FAILED;
		for (unsigned m = 0; m < sd->n_mda; m++)
			if (!sd->mda[m].hdr_ok)
				scan_mda_reset(&sd->mda[m]);
	}
	x->repair = true;	/* restoring is the repair of damaged areas */
	if (vg_commit_new(x, vg))
		return ECMD_FAILED;
	log_print("Restored volume group %s.", vgname);
	return ECMD_PROCESSED;
}

int cmd_config(struct cmd *c)
{
	/* In the order of --type's words in cmd/args.def. */
	static const enum config_print_type types[] = {CONFIG_CURRENT, CONFIG_DEFAULT, CONFIG_FULL};
	const struct val *v = arg_val(c, ARG_TYPE);
	enum config_print_type t = types[v ? v->num : 0];
	struct strbuf sb;
	int r;

	sb_init(&sb);
	r = config_print(c->ctx.cfg, t, (const char *const *)c->pos, (size_t)c->n_pos, &sb);
	fwrite(sb.buf ? sb.buf : "", 1, sb.len, stdout);
	sb_free(&sb);
	return r ? ECMD_FAILED : ECMD_PROCESSED;
}
