/* The command table: every command, its forms and their options, declared
 * once. Parsing (command.c), --help and the man SYNOPSIS (synopsis.c) come
 * from it, and tests/layout/man_synopsis.sh fails when a man page's
 * SYNOPSIS disagrees. A new form of a command is one entry here and its
 * handler. */
#include <string.h>

#include "cmd/command.h"

#define END {ARG_NONE, ARG_NONE, NULL, 0}
#define O(a) {a, ARG_NONE, NULL, 0}
/* The option with this value only: --type zero. */
#define OV(a, v) {a, ARG_NONE, v, 0}
/* Exactly one of the two options. */
#define OR(a, b) {a, b, NULL, 0}
#define OPTS(...) ((const struct form_opt[]){__VA_ARGS__, END})
#define FORMS(...) ((const struct cmd_form[]){__VA_ARGS__}), \
	sizeof((const struct cmd_form[]){__VA_ARGS__}) / sizeof(struct cmd_form)

/* -L|-l without a sign (lvcreate). */
#define SIZE_NOSIGN {ARG_SIZE, ARG_EXTENTS, NULL, FO_NOSIGN}
#define SIZE_ANY OR(ARG_SIZE, ARG_EXTENTS)

#define REPORT O(ARG_OPTIONS), O(ARG_SORT), O(ARG_UNITS), O(ARG_NOHEADINGS), O(ARG_NOSUFFIX), \
	O(ARG_SEPARATOR), O(ARG_ALIGNED), O(ARG_REPORTFORMAT), O(ARG_ALL), O(ARG_NAMEPREFIXES), \
	O(ARG_UNQUOTED), O(ARG_ROWS), O(ARG_BINARY), O(ARG_SELECT), O(ARG_UNBUFFERED), \
	O(ARG_IGNORELOCKINGFAILURE)
#define PVCREATE_OPTS O(ARG_METADATATYPE), O(ARG_METADATASIZE), O(ARG_DATAALIGNMENT), O(ARG_DATAALIGNMENTOFFSET), \
	O(ARG_PVMETADATACOPIES), O(ARG_METADATACOPIES), O(ARG_LABELSECTOR), O(ARG_ZERO)
/* What every LV made by lvcreate takes, whatever its type. */
#define LVCREATE_OPTS O(ARG_TEST), O(ARG_YES), O(ARG_NAME), O(ARG_ACTIVATE), O(ARG_ZERO), \
	O(ARG_WIPESIGNATURES), O(ARG_ADDTAG), O(ARG_READAHEAD), O(ARG_PERMISSION), O(ARG_ALLOC), \
	O(ARG_AUTOBACKUP), LV_FLAG_OPTS, O(ARG_IGNORESKIP), O(ARG_SETAUTOACTIVATION)
/* lvcreate and lvchange: -k, -M (cmd/lvflags.h) */
#define LV_FLAG_OPTS O(ARG_SETACTIVATIONSKIP), O(ARG_PERSISTENT), O(ARG_MAJOR), O(ARG_MINOR)
#define LVCHANGE_OPTS O(ARG_TEST), O(ARG_PERMISSION), O(ARG_ALLOC), O(ARG_ADDTAG), O(ARG_DELTAG), \
	O(ARG_ACTIVATE), O(ARG_DRYRUN), O(ARG_REFRESH), O(ARG_IGNORESKIP), O(ARG_AUTOBACKUP), \
	O(ARG_YES), O(ARG_FORCE), O(ARG_SETAUTOACTIVATION), O(ARG_SYSINIT), O(ARG_FORCECHECK), O(ARG_ERRORWHENFULL), \
	O(ARG_DISCARDS), O(ARG_ZERO), O(ARG_CONTIGUOUS), O(ARG_READAHEAD), \
	LV_FLAG_OPTS, O(ARG_WRITEMOSTLY), O(ARG_WRITEBEHIND), O(ARG_MINRECOVERYRATE), O(ARG_MAXRECOVERYRATE), \
	O(ARG_POLL), O(ARG_MONITOR), O(ARG_IGNOREMONITORING), O(ARG_IGNORELOCKINGFAILURE)
#define RESIZE_OPTS O(ARG_TEST), O(ARG_YES), O(ARG_FORCE)

/* lvcreate's thin forms (cmd/thin.c). */
#define POOL_OPTS O(ARG_POOLMETADATASIZE), O(ARG_CHUNKSIZE), O(ARG_DISCARDS), O(ARG_ERRORWHENFULL), \
	O(ARG_POOLMETADATASPARE), O(ARG_STRIPES), O(ARG_STRIPESIZE)
/* LVM2's "IO: --mirrors 0" of its thin forms: accepted, ignored */
#define THIN_IO OV(ARG_MIRRORS, "0")
#define THIN_FORMS \
	{"lvcreate_thinpool", lvcreate_thin_pool, "Create a thin pool.", OPTS(OV(ARG_SEGTYPE, "thin-pool"), SIZE_NOSIGN), \
	 OPTS(POOL_OPTS, O(ARG_THINPOOL), LVCREATE_OPTS, THIN_IO), "[VG[/LV]] [PV[:Range] ...]"}, \
	{"lvcreate_thinpool", lvcreate_thin_pool, "Create a thin pool (-T).", OPTS(O(ARG_THIN), SIZE_NOSIGN), \
	 OPTS(POOL_OPTS, O(ARG_THINPOOL), LVCREATE_OPTS, THIN_IO), "[VG[/LV]] [PV[:Range] ...]"}, \
	{"lvcreate_thinpool", lvcreate_thin_pool, "Create a thin pool (--thinpool).", \
	 OPTS(O(ARG_THINPOOL), SIZE_NOSIGN), OPTS(POOL_OPTS, LVCREATE_OPTS, THIN_IO), "[VG] [PV[:Range] ...]"}, \
	{"lvcreate_thin", lvcreate_thin, "Create a thin LV in a thin pool.", OPTS(O(ARG_VIRTUALSIZE), O(ARG_THIN)), \
	 OPTS(OV(ARG_SEGTYPE, "thin"), O(ARG_SETACTIVATIONSKIP), LVCREATE_OPTS, THIN_IO), "VG/LV"}, \
	{"lvcreate_thin", lvcreate_thin, "Create a thin LV in a thin pool (--thinpool).", \
	 OPTS(O(ARG_VIRTUALSIZE), O(ARG_THINPOOL)), \
	 OPTS(OV(ARG_SEGTYPE, "thin"), O(ARG_THIN), O(ARG_SETACTIVATIONSKIP), LVCREATE_OPTS, THIN_IO), "[VG]"}, \
	{"lvcreate_thin", lvcreate_thin, "Create a thin LV in the thin pool named in the first arg (--type thin).", \
	 OPTS(O(ARG_VIRTUALSIZE), OV(ARG_SEGTYPE, "thin")), OPTS(O(ARG_SETACTIVATIONSKIP), LVCREATE_OPTS, THIN_IO), "VG/LV"}, \
	{"lvcreate_thin", lvcreate_thin, "Create a thin LV in the thin pool named in the first arg (-V alone).", \
	 OPTS(O(ARG_VIRTUALSIZE)), OPTS(O(ARG_SETACTIVATIONSKIP), LVCREATE_OPTS, THIN_IO), "VG/LV"}, \
	{"lvcreate_thin_and_pool", lvcreate_thin, "Create a thin pool and a thin LV in it.", \
	 OPTS(O(ARG_VIRTUALSIZE), O(ARG_THIN), SIZE_NOSIGN), \
	 OPTS(POOL_OPTS, O(ARG_THINPOOL), OV(ARG_SEGTYPE, "thin"), \
	      O(ARG_SETACTIVATIONSKIP), LVCREATE_OPTS, THIN_IO), "[VG[/LV]] [PV[:Range] ...]"}, \
	{"lvcreate_thin_and_pool", lvcreate_thin, "Create a thin pool and a thin LV in it (--type thin).", \
	 OPTS(O(ARG_VIRTUALSIZE), OV(ARG_SEGTYPE, "thin"), SIZE_NOSIGN), \
	 OPTS(POOL_OPTS, O(ARG_THINPOOL), O(ARG_SETACTIVATIONSKIP), \
	      LVCREATE_OPTS, THIN_IO), "[VG[/LV]] [PV[:Range] ...]"}, \
	{"lvcreate_thin_and_pool", lvcreate_thin, "Create a thin pool and a thin LV in it (--thinpool).", \
	 OPTS(O(ARG_VIRTUALSIZE), O(ARG_THINPOOL), SIZE_NOSIGN), \
	 OPTS(POOL_OPTS, O(ARG_SETACTIVATIONSKIP), LVCREATE_OPTS, THIN_IO), \
	 "[VG] [PV[:Range] ...]"}, \
	{"lvcreate_thin_vol_with_thinpool_or_sparse_snapshot", lvcreate_thin_or_sparse, \
	 "Create a thin LV and a new pool for it, or a sparse snapshot, as global/sparse_segtype_default says.", \
	 OPTS(O(ARG_VIRTUALSIZE), SIZE_NOSIGN), \
	 OPTS(O(ARG_SNAPSHOT), O(ARG_THIN), OV(ARG_SEGTYPE, "thin"), POOL_OPTS, O(ARG_SETACTIVATIONSKIP), \
	      LVCREATE_OPTS, THIN_IO), "VG[/LV] [PV[:Range] ...]"}, \
	{"lvcreate_thin_snapshot", lvcreate_thin_snapshot, "Create a thin snapshot of a thin LV.", \
	 OPTS(O(ARG_SNAPSHOT)), OPTS(O(ARG_SETACTIVATIONSKIP), O(ARG_IGNORESKIP), LVCREATE_OPTS, THIN_IO), "VG/LV"}, \
	{"lvcreate_thin_snapshot", lvcreate_thin_snapshot, "Create a thin snapshot of a thin LV (--type thin).", \
	 OPTS(OV(ARG_SEGTYPE, "thin")), OPTS(O(ARG_THIN), O(ARG_SETACTIVATIONSKIP), O(ARG_IGNORESKIP), LVCREATE_OPTS, THIN_IO), \
	 "VG/LV"}, \
	{"lvcreate_thin_snapshot", lvcreate_thin_snapshot, "Create a thin snapshot of a thin LV (-T).", \
	 OPTS(O(ARG_THIN)), OPTS(O(ARG_SETACTIVATIONSKIP), O(ARG_IGNORESKIP), LVCREATE_OPTS, THIN_IO), "VG/LV"}, \
	{"lvcreate_thin_snapshot", lvcreate_thin_snapshot, \
	 "Create a thin snapshot in a thin pool of an LV outside it (its external origin: read-only or inactive).", \
	 OPTS(O(ARG_SNAPSHOT), O(ARG_THINPOOL)), OPTS(O(ARG_SETACTIVATIONSKIP), O(ARG_IGNORESKIP), LVCREATE_OPTS, THIN_IO), \
	 "VG/LV"}

/* A command of one form: handler, options, positionals. */
#define ONE(fn, opt, pos) FORMS({#fn, fn, NULL, NULL, opt, pos})

/* lvcreate --type raid1|mirror, lvcreate -m (cmd/raid.c). */
#define RAID_OPTS O(ARG_REGIONSIZE), O(ARG_NOSYNC), LVCREATE_OPTS
#define RAID_RATES O(ARG_MINRECOVERYRATE), O(ARG_MAXRECOVERYRATE)
#define LVCREATE_RAID_FORMS \
	{"lvcreate_raid1", lvcreate_raid1, "Create a raid1 LV (-m: images besides the first, default 1).", \
	 OPTS(OV(ARG_SEGTYPE, "raid1"), SIZE_NOSIGN), OPTS(O(ARG_MIRRORS), RAID_RATES, RAID_OPTS), \
	 "VG[/LV] [PV[:Range] ...]"}, \
	{"lvcreate_mirror", lvcreate_mirror, "Create a mirror LV (-m: images besides the first, default 1).", \
	 OPTS(OV(ARG_SEGTYPE, "mirror"), SIZE_NOSIGN), OPTS(O(ARG_MIRRORS), O(ARG_MIRRORLOG), RAID_OPTS), \
	 "VG[/LV] [PV[:Range] ...]"}, \
	{"lvcreate_mirrors", lvcreate_raid1, \
	 "Create a mirrored LV of type global/mirror_segtype_default (raid1).", \
	 OPTS(O(ARG_MIRRORS), SIZE_NOSIGN), OPTS(O(ARG_MIRRORLOG), RAID_RATES, RAID_OPTS), "VG[/LV] [PV[:Range] ...]"}

/* lvconvert -m (cmd/lvconvert_raid.c); other lvconvert forms beside it. */
#define LVCONVERT_RAID_FORMS \
	{"lvconvert_mirrors", lvconvert_mirrors, \
	 "Change the image count of a raid1 or mirror LV; a linear LV to raid1 (-m 1; to mirror when " \
	 "global/mirror_segtype_default is \"mirror\"), raid1 or mirror to linear (-m 0).", \
	 OPTS(O(ARG_MIRRORS)), OPTS(OV(ARG_SEGTYPE, "raid1"), O(ARG_TEST), O(ARG_YES), O(ARG_ALLOC), \
				   O(ARG_AUTOBACKUP), O(ARG_MIRRORLOG), O(ARG_REGIONSIZE), O(ARG_BACKGROUND), \
				   O(ARG_INTERVAL)), \
	 "VG/LV [PV ...]"}, \
	{"lvconvert_to_linear", lvconvert_to_linear, "Convert a mirror LV to linear (as -m 0).", \
	 OPTS(OV(ARG_SEGTYPE, "linear")), OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_AUTOBACKUP)), "VG/LV [PV ...]"}, \
	{"lvconvert_to_mirror", lvconvert_mirrors, \
	 "Convert a linear LV to a mirror LV (waits for the sync unless -b), or change a mirror LV's " \
	 "image count (lvmgr/lv_mirror_images.c).", \
	 OPTS(OV(ARG_SEGTYPE, "mirror"), O(ARG_MIRRORS)), OPTS(O(ARG_MIRRORLOG), O(ARG_REGIONSIZE), \
				   O(ARG_BACKGROUND), O(ARG_INTERVAL), O(ARG_TEST), O(ARG_YES), O(ARG_ALLOC), \
				   O(ARG_AUTOBACKUP), O(ARG_STRIPES)), \
	 "VG/LV [PV ...]"}, \
	{"lvconvert_repair", lvconvert_repair, \
	 "Replace the failed images of a raid1 LV by new ones, rebuilt by the kernel; remove the failed " \
	 "images and log of a mirror LV and replace them; repair a thin pool's metadata into its spare " \
	 "(cmd/lvconvert_repair.c).", \
	 OPTS(O(ARG_REPAIR)), OPTS(O(ARG_POOLMETADATASPARE), O(ARG_TEST), O(ARG_YES), O(ARG_FORCE), O(ARG_ALLOC), \
				   O(ARG_AUTOBACKUP), O(ARG_USEPOLICIES), O(ARG_BACKGROUND), O(ARG_INTERVAL)), \
	 "VG/LV [PV ...]"}, \
	{"lvconvert_replace_pv", lvconvert_replace, \
	 "Replace the images of a raid1 LV on the PVs --replace names by new ones, rebuilt by the kernel " \
	 "(cmd/lvconvert_repair.c).", \
	 OPTS(O(ARG_REPLACE)), OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_FORCE), O(ARG_ALLOC), O(ARG_AUTOBACKUP)), \
	 "VG/LV [PV ...]"}, \
	{"lvconvert_change_mirrorlog", lvconvert_mirrorlog, \
	 "Change the type of mirror log used by a mirror LV (cmd/lvconvert_mirrorlog.c).", \
	 OPTS(OR(ARG_MIRRORLOG, ARG_CORELOG)), OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_FORCE), O(ARG_ALLOC), \
					       O(ARG_AUTOBACKUP)), \
	 "VG/LV [PV ...]"}, \
	{"lvconvert_to_raid1", lvconvert_to_raid1, "Convert a mirror LV to raid1; with -R, a raid1 LV's region size.", \
	 OPTS(OV(ARG_SEGTYPE, "raid1")), OPTS(O(ARG_REGIONSIZE), O(ARG_TEST), O(ARG_YES), O(ARG_AUTOBACKUP)), "VG/LV"}, \
	{"lvconvert_raid1_to_mirror", lvconvert_to_mirror, "Convert a raid1 LV to mirror (with a disk log).", \
	 OPTS(OV(ARG_SEGTYPE, "mirror")), OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_AUTOBACKUP)), "VG/LV [PV ...]"}, \
	{"lvconvert_splitmirrors", lvconvert_splitmirrors, \
	 "Split images from a raid1 or mirror LV and use them to create a new LV.", \
	 OPTS(O(ARG_SPLITMIRRORS), O(ARG_NAME)), OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_AUTOBACKUP)), \
	 "VG/LV [PV ...]"}, \
	{"lvconvert_plain", lvconvert_plain, \
	 "Wait for a mirror LV's conversion and finish it (a disk-log mirror's -m +N layer whose command or -b poller died).", \
	 NULL, OPTS(O(ARG_INTERVAL), O(ARG_TEST), O(ARG_AUTOBACKUP)), "VG/LV"}

/* lvconvert --splitmirrors --trackchanges, --mergemirrors (cmd/lvconvert_track.c). */
#define LVCONVERT_TRACK_FORMS \
	{"lvconvert_split_mirror_images", lvconvert_split_track, \
	 "Split images from a raid1 LV and track changes to origin for later merge.", \
	 OPTS(O(ARG_SPLITMIRRORS), O(ARG_TRACKCHANGES)), OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_AUTOBACKUP)), \
	 "VG/LV [PV ...]"}, \
	{"lvconvert_merge_mirror_images", lvconvert_merge_mirrors, "Merge LV images that were split from a raid1 LV.", \
	 OPTS(O(ARG_MERGEMIRRORS)), OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_AUTOBACKUP)), "VG/LV ..."}, \
	{"lvconvert_change_region_size", lvconvert_regionsize, "Change the region size of an LV.", \
	 OPTS(O(ARG_REGIONSIZE)), OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_FORCE), O(ARG_ALLOC), O(ARG_BACKGROUND), \
				     O(ARG_AUTOBACKUP)), "VG/LV"}

/* lvconvert --type thin-pool, --thinpool (cmd/thin_convert.c). */
#define LVCONVERT_POOL_OPTS O(ARG_POOLMETADATA), O(ARG_POOLMETADATASIZE), O(ARG_POOLMETADATASPARE), \
	O(ARG_READAHEAD), O(ARG_CHUNKSIZE), O(ARG_ZERO), O(ARG_DISCARDS), O(ARG_ERRORWHENFULL), O(ARG_ALLOC), \
	O(ARG_FORCE), O(ARG_TEST), O(ARG_YES), O(ARG_AUTOBACKUP), O(ARG_STRIPES), O(ARG_STRIPESIZE)
#define LVCONVERT_THIN_FORMS \
	{"lvconvert_to_thinpool", lvconvert_thin_pool, "Convert LV to type thin-pool.", \
	 OPTS(OV(ARG_SEGTYPE, "thin-pool")), OPTS(LVCONVERT_POOL_OPTS), "VG/LV [PV ...]"}, \
	{"lvconvert_to_thinpool", lvconvert_thin_pool, "Convert LV to type thin-pool (variant, use --type thin-pool); " \
	 "swap the metadata LV of a thin pool (variant, use --swapmetadata).", \
	 OPTS(O(ARG_THINPOOL)), OPTS(LVCONVERT_POOL_OPTS), "[PV ...]"}, \
	{"lvconvert_to_thin_with_external", lvconvert_thin_external, \
	 "Convert LV to a thin LV, using the original LV as an external origin.", \
	 OPTS(OV(ARG_SEGTYPE, "thin"), O(ARG_THINPOOL)), OPTS(O(ARG_THIN), O(ARG_ORIGINNAME), LVCONVERT_POOL_OPTS), "VG/LV"}, \
	{"lvconvert_to_thin_with_external", lvconvert_thin_external, \
	 "Convert LV to a thin LV, using the original LV as an external origin (variant, use --type thin).", \
	 OPTS(O(ARG_THIN), O(ARG_THINPOOL)), OPTS(O(ARG_ORIGINNAME), LVCONVERT_POOL_OPTS), "VG/LV"}, \
	{"lvconvert_swap_pool_metadata", lvconvert_swap_metadata, \
	 "Swap metadata LV in a thin pool (for repair only).", OPTS(O(ARG_SWAPMETADATA), O(ARG_POOLMETADATA)), \
	 OPTS(O(ARG_CHUNKSIZE), O(ARG_FORCE), O(ARG_TEST), O(ARG_YES), O(ARG_AUTOBACKUP)), "VG/LV"}

const struct command commands[] = {
	{"pvcreate", "Initialize devices as physical volumes",
	 ONE(cmd_pvcreate, OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_FORCE), PVCREATE_OPTS, O(ARG_UUID),
				O(ARG_RESTOREFILE), O(ARG_NORESTOREFILE), O(ARG_SETPVSIZE)),
	     "PV ..."), false},
	{"pvremove", "Remove the LVM label from physical volumes",
	 ONE(cmd_pvremove, OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_FORCE)), "PV ..."), false},
	{"pvchange", "Change attributes of physical volumes",
	 ONE(cmd_pvchange, OPTS(O(ARG_TEST), O(ARG_ALLOCATABLE), O(ARG_ADDTAG), O(ARG_DELTAG),
				O(ARG_ALL), O(ARG_AUTOBACKUP), O(ARG_YES), O(ARG_FORCE), O(ARG_SELECT)),
	     "[PV|Tag ...]"), false},
	{"pvresize", "Resize physical volumes to their device size",
	 ONE(cmd_pvresize, OPTS(O(ARG_TEST), O(ARG_SETPVSIZE), O(ARG_YES)), "PV ..."), false},
	{"pvck", "Check the label and metadata areas of physical volumes",
	 ONE(cmd_pvck, OPTS(O(ARG_DUMP)), "PV ..."), false},
	{"pvdisplay", "Display physical volumes",
	 ONE(cmd_pvdisplay, OPTS(O(ARG_COLON), O(ARG_SHORT), O(ARG_MAPS), O(ARG_UNITS), O(ARG_SELECT)),
	     "[PV|Tag ...]"),
	 false},
	{"pvscan", "List all physical volumes; record them for autoactivation",
	 FORMS({"pvscan_list", cmd_pvscan, "List all physical volumes.", NULL,
		OPTS(O(ARG_NOVG), O(ARG_EXPORTED), O(ARG_SHORT), O(ARG_VGUUID)), ""},
	       {"pvscan_cache", cmd_pvscan,
		"Record the PVs of the devices as online for event activation (the udev rule's call).",
		OPTS(O(ARG_CACHE)),
		OPTS(O(ARG_LISTVG), O(ARG_CHECKCOMPLETE), O(ARG_VGONLINE), O(ARG_AUTOACTIVATION),
		     O(ARG_UDEVOUTPUT), O(ARG_JOURNAL)),
		"[PV|Major:Minor ...]"}),
	 false},
	{"pvs", "Report physical volumes", ONE(cmd_pvs, OPTS(REPORT, O(ARG_SEGMENTS)), "[PV|Tag ...]"),
	 false},
	{"vgcreate", "Create a volume group",
	 ONE(cmd_vgcreate, OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_FORCE), O(ARG_PESIZE), O(ARG_ADDTAG),
				O(ARG_CLUSTERED), O(ARG_MAXLV), O(ARG_MAXPV), O(ARG_ALLOC),
				O(ARG_VGMETADATACOPIES), O(ARG_AUTOBACKUP), PVCREATE_OPTS,
				O(ARG_SETAUTOACTIVATION)),
	     "VG PV ..."), false},
	{"vgextend", "Add physical volumes to a volume group",
	 ONE(cmd_vgextend, OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_FORCE), O(ARG_RESTOREMISSING),
				O(ARG_AUTOBACKUP), PVCREATE_OPTS),
	     "VG PV ..."), false},
	{"vgreduce", "Remove physical volumes from a volume group",
	 ONE(cmd_vgreduce, OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_FORCE), O(ARG_ALL),
				O(ARG_REMOVEMISSING), O(ARG_MIRRORSONLY), O(ARG_AUTOBACKUP)),
	     "VG [PV ...]"), false},
	{"vgremove", "Remove volume groups",
	 FORMS({"vgremove_general", cmd_vgremove, NULL, NULL,
		OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_FORCE), O(ARG_SELECT)), "VG|Tag ..."},
	       {"vgremove_select", cmd_vgremove, "Remove the VGs the criteria select.", OPTS(O(ARG_SELECT)),
		OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_FORCE)), "[VG|Tag ...]"}),
	 false},
	{"vgrename", "Rename a volume group",
	 ONE(cmd_vgrename, OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_FORCE), O(ARG_AUTOBACKUP)),
	     "OldVG|VGuuid NewVG"), false},
	{"vgdisplay", "Display volume groups",
	 ONE(cmd_vgdisplay, OPTS(O(ARG_COLON), O(ARG_SHORT), O(ARG_UNITS), O(ARG_SELECT)), "[VG|Tag ...]"),
	 false},
	{"vgscan", "Search for volume groups", ONE(cmd_vgscan, NULL, ""), false},
	{"vgs", "Report volume groups", ONE(cmd_vgs, OPTS(REPORT), "[VG|Tag ...]"), false},
	{"vgck", "Check the consistency of volume groups",
	 ONE(cmd_vgck, OPTS(O(ARG_UPDATEMETADATA), O(ARG_TEST)), "[VG ...]"), false},
	{"vgcfgbackup", "Back up volume group metadata",
	 ONE(cmd_vgcfgbackup, OPTS(O(ARG_FILE)), "[VG ...]"), false},
	{"vgcfgrestore", "Restore volume group metadata from a backup",
	 ONE(cmd_vgcfgrestore, OPTS(O(ARG_FILE), O(ARG_LIST), O(ARG_TEST), O(ARG_FORCE), O(ARG_YES)),
	     "[VG]"), false},
	{"lvcreate", "Create a logical volume (and activate it)",
	 FORMS({"lvcreate_linear", lvcreate_linear, "Create a linear LV.", OPTS(SIZE_NOSIGN),
		OPTS(OV(ARG_SEGTYPE, "linear"), LVCREATE_OPTS), "VG[/LV] [PV[:Range] ...]"},
	       {"lvcreate_striped", lvcreate_striped, "Create a striped LV.",
		OPTS(SIZE_NOSIGN, O(ARG_STRIPES)),
		OPTS(OV(ARG_SEGTYPE, "striped"), O(ARG_STRIPESIZE), LVCREATE_OPTS),
		"VG[/LV] [PV[:Range] ...]"},
	       {"lvcreate_striped", lvcreate_striped, "Create a striped LV (one stripe without -i).",
		OPTS(OV(ARG_SEGTYPE, "striped"), SIZE_NOSIGN),
		OPTS(O(ARG_STRIPES), O(ARG_STRIPESIZE), LVCREATE_OPTS), "VG[/LV] [PV[:Range] ...]"},
	       {"lvcreate_zero", lvcreate_virtual, "Create an LV that returns zeros when read.",
		OPTS(OV(ARG_SEGTYPE, "zero"), SIZE_NOSIGN), OPTS(LVCREATE_OPTS), "VG[/LV]"},
	       {"lvcreate_error", lvcreate_virtual, "Create an LV that returns errors when used.",
		OPTS(OV(ARG_SEGTYPE, "error"), SIZE_NOSIGN), OPTS(LVCREATE_OPTS), "VG[/LV]"},
	       /* copy-on-write snapshot (cmd/snapshot.c) */
	       {"lvcreate_cow_snapshot", lvcreate_snapshot,
		"Create a copy-on-write snapshot of an LV (the COW LV of the size given).",
		OPTS(O(ARG_SNAPSHOT), SIZE_NOSIGN), OPTS(O(ARG_CHUNKSIZE), OV(ARG_SEGTYPE, "snapshot"), LVCREATE_OPTS),
		"VG/LV [PV[:Range] ...]"},
	       {"lvcreate_cow_snapshot", lvcreate_snapshot,
		"Create a copy-on-write snapshot of an LV (the COW LV of the size given).",
		OPTS(OV(ARG_SEGTYPE, "snapshot"), SIZE_NOSIGN), OPTS(O(ARG_CHUNKSIZE), LVCREATE_OPTS),
		"VG/LV [PV[:Range] ...]"},
	       {"lvcreate_cow_snapshot_with_virtual_origin", lvcreate_sparse_snapshot,
		"Create a sparse snapshot: the snapshot of a hidden zero LV of the virtual size.",
		OPTS(OV(ARG_SEGTYPE, "snapshot"), O(ARG_VIRTUALSIZE), SIZE_NOSIGN),
		OPTS(O(ARG_CHUNKSIZE), O(ARG_SNAPSHOT), LVCREATE_OPTS), "VG [PV[:Range] ...]"},
	       {"lvcreate_cow_snapshot_with_virtual_origin", lvcreate_sparse_snapshot,
		"Create a sparse snapshot (--virtualoriginsize: LVM2's synonym of -V that never makes a thin LV).",
		OPTS(O(ARG_VIRTUALORIGINSIZE), SIZE_NOSIGN),
		OPTS(OV(ARG_SEGTYPE, "snapshot"), O(ARG_CHUNKSIZE), O(ARG_SNAPSHOT), LVCREATE_OPTS),
		"VG [PV[:Range] ...]"},
	       LVCREATE_RAID_FORMS,
	       THIN_FORMS),
	 false},
	{"lvextend", "Add space to a logical volume",
	 FORMS({"lvextend_size", cmd_lvextend, NULL, OPTS(SIZE_ANY),
		OPTS(RESIZE_OPTS, O(ARG_STRIPES), O(ARG_STRIPESIZE), O(ARG_ALLOC), O(ARG_RESIZEFS),
		     O(ARG_AUTOBACKUP), O(ARG_SEGTYPE), O(ARG_POOLMETADATASIZE)),
		"VG/LV [PV[:Range] ...]"},
	       {"lvextend_pvs", cmd_lvextend, "Extend the LV by all the free space of the PVs named (-l +100%PVS).",
		NULL, OPTS(RESIZE_OPTS, O(ARG_ALLOC), O(ARG_RESIZEFS), O(ARG_AUTOBACKUP)), "VG/LV PV[:Range] ..."},
	       {"lvextend_policy", cmd_lvextend, "Extend a snapshot as activation/snapshot_autoextend_* say.",
		OPTS(O(ARG_USEPOLICIES)), OPTS(RESIZE_OPTS, O(ARG_ALLOC), O(ARG_AUTOBACKUP)), "VG/LV [PV[:Range] ...]"},
	       {"lvextend_pool_metadata", lvextend_pool_metadata, "Extend a thin pool's metadata LV.",
		OPTS(O(ARG_POOLMETADATASIZE)), OPTS(RESIZE_OPTS, O(ARG_AUTOBACKUP)), "VG/LV [PV[:Range] ...]"}),
	 false},
	{"lvreduce", "Reduce the size of a logical volume",
	 FORMS({"lvreduce_size", cmd_lvreduce, NULL, OPTS(SIZE_ANY),
		OPTS(RESIZE_OPTS, O(ARG_RESIZEFS), O(ARG_AUTOBACKUP)), "VG/LV"}),
	 false},
	{"lvresize", "Resize a logical volume",
	 FORMS({"lvresize_size", cmd_lvresize, NULL, OPTS(SIZE_ANY),
		OPTS(RESIZE_OPTS, O(ARG_STRIPES), O(ARG_STRIPESIZE), O(ARG_ALLOC), O(ARG_RESIZEFS),
		     O(ARG_AUTOBACKUP), O(ARG_SEGTYPE)),
		"VG/LV [PV[:Range] ...]"},
	       {"lvresize_pool_metadata", lvextend_pool_metadata, "Resize a thin pool's metadata LV (it only grows).",
		OPTS(O(ARG_POOLMETADATASIZE)), OPTS(RESIZE_OPTS, O(ARG_AUTOBACKUP)), "VG/LV [PV[:Range] ...]"}),
	 false},
	/* lvconvert --merge (cmd/snapshot.c), -m (cmd/lvconvert_raid.c), --splitmirrors (cmd/lvconvert_split.c) */
	{"lvconvert", "Change the layout of logical volumes",
	 FORMS({"lvconvert_merge_snapshot", lvconvert_merge_snapshot,
		"Merge a copy-on-write snapshot back into its origin; a raid1 image split with --trackchanges " \
		"back into its LV (variant, use --mergemirrors).", OPTS(O(ARG_MERGE)),
		OPTS(O(ARG_INTERVAL), O(ARG_BACKGROUND), O(ARG_TEST), O(ARG_YES), O(ARG_AUTOBACKUP)), "VG/LV|Tag ..."},
	       {"lvconvert_merge_cow", lvconvert_merge_snapshot, "Merge a copy-on-write snapshot back into its origin.",
		OPTS(O(ARG_MERGESNAPSHOT)),
		OPTS(O(ARG_INTERVAL), O(ARG_BACKGROUND), O(ARG_TEST), O(ARG_YES), O(ARG_AUTOBACKUP)), "VG/LV|Tag ..."},
	       {"lvconvert_merge_thin", lvconvert_merge_snapshot, "Merge a thin snapshot into its thin origin.",
		OPTS(O(ARG_MERGETHIN)), OPTS(O(ARG_BACKGROUND), O(ARG_TEST), O(ARG_YES), O(ARG_AUTOBACKUP)),
		"VG/LV|Tag ..."},
	       {"lvconvert_combine_split_snapshot", lvconvert_combine_snapshot,
		"Make an LV the copy-on-write exception store of a snapshot of another LV (its data lost).",
		OPTS(O(ARG_SNAPSHOT)), OPTS(O(ARG_CHUNKSIZE), O(ARG_ZERO), O(ARG_TEST), O(ARG_YES), O(ARG_AUTOBACKUP)),
		"VG/Origin [VG/]LV"},
	       {"lvconvert_combine_split_snapshot_type", lvconvert_combine_snapshot,
		"Make an LV the copy-on-write exception store of a snapshot of another LV (its data lost).",
		OPTS(OV(ARG_SEGTYPE, "snapshot")),
		OPTS(O(ARG_CHUNKSIZE), O(ARG_ZERO), O(ARG_TEST), O(ARG_YES), O(ARG_AUTOBACKUP)), "VG/Origin [VG/]LV"},
	       LVCONVERT_RAID_FORMS, LVCONVERT_TRACK_FORMS, LVCONVERT_THIN_FORMS),
	 false},
	{"lvs", "Report logical volumes",
	 ONE(cmd_lvs, OPTS(REPORT, O(ARG_SEGMENTS)), "[VG|VG/LV|Tag ...]"), false},
	{"fullreport", "Report VGs with their PVs, LVs, PV and LV segments",
	 ONE(cmd_fullreport, OPTS(REPORT), "[VG ...]"), false},
	{"lvscan", "List all logical volumes", ONE(cmd_lvscan, OPTS(O(ARG_ALL)), ""), false},
	{"lvdisplay", "Display logical volumes",
	 ONE(cmd_lvdisplay, OPTS(O(ARG_MAPS), O(ARG_ALL), O(ARG_UNITS), O(ARG_SELECT)),
	     "[VG|VG/LV|Tag ...]"), false},
	{"lvremove", "Remove logical volumes",
	 FORMS({"lvremove_general", cmd_lvremove, NULL, NULL,
		OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_FORCE), O(ARG_AUTOBACKUP), O(ARG_SELECT)),
		"VG/LV|VG|Tag ..."},
	       {"lvremove_select", cmd_lvremove, "Remove the LVs the criteria select.", OPTS(O(ARG_SELECT)),
		OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_FORCE), O(ARG_AUTOBACKUP)), "[VG/LV|VG|Tag ...]"}),
	 false},
	{"lvrename", "Rename a logical volume",
	 FORMS({"lvrename_vg_lv", lvrename_vg_lv, NULL, NULL, OPTS(O(ARG_TEST), O(ARG_AUTOBACKUP)),
		"VG/OldLV [VG/]NewLV"},
	       {"lvrename_vg_lv_lv", lvrename_vg_lv_lv, NULL, NULL, OPTS(O(ARG_TEST), O(ARG_AUTOBACKUP)),
		"VG OldLV NewLV"}),
	 false},
	{"lvchange", "Change attributes of logical volumes, activate them",
	 FORMS({"lvchange_general", cmd_lvchange, NULL, NULL, OPTS(LVCHANGE_OPTS, O(ARG_SELECT)),
		"VG|VG/LV|Tag ..."},
	       {"lvchange_select", cmd_lvchange, "Change the LVs the criteria select.", OPTS(O(ARG_SELECT)),
		OPTS(LVCHANGE_OPTS), "[VG|VG/LV|Tag ...]"},
	       /* cmd/lvchange_raid.c */
	       {"lvchange_syncaction", lvchange_syncaction, "Resynchronize or check a raid LV.",
		OPTS(O(ARG_SYNCACTION)), OPTS(O(ARG_TEST), O(ARG_SELECT)), "VG|VG/LV|Tag ..."},
	       {"lvchange_resync", lvchange_resync, "Resynchronize a mirror or raid LV.", OPTS(O(ARG_RESYNC)),
		OPTS(O(ARG_TEST), O(ARG_YES), O(ARG_ACTIVATE), O(ARG_AUTOBACKUP), O(ARG_SELECT)), "VG|VG/LV|Tag ..."}),
	 false},
	{"vgchange", "Change attributes of volume groups, activate their LVs",
	 ONE(cmd_vgchange, OPTS(O(ARG_TEST), O(ARG_ACTIVATE), O(ARG_DRYRUN), O(ARG_REFRESH),
				O(ARG_IGNORESKIP), O(ARG_RESIZEABLE), O(ARG_ALLOC), O(ARG_ADDTAG),
				O(ARG_DELTAG), O(ARG_AUTOBACKUP), O(ARG_YES), O(ARG_FORCE),
				O(ARG_AUTOACTIVATION), O(ARG_SETAUTOACTIVATION), O(ARG_SYSINIT),
				O(ARG_SELECT), O(ARG_FORCECHECK), O(ARG_LOGICALVOLUME), O(ARG_MAXPV),
				O(ARG_NEWUUID), O(ARG_POLL), O(ARG_MONITOR), O(ARG_IGNOREMONITORING),
				O(ARG_IGNORELOCKINGFAILURE)),
	     "[VG|Tag ...]"), false},
	{"vgmknodes", "Create the /dev/VG/LV links of active LVs", ONE(cmd_vgmknodes, NULL, "[VG ...]"),
	 false},
	{"config", "Print the effective lvm.conf configuration",
	 ONE(cmd_config, OPTS(O(ARG_TYPE)), "[Setting ...]"), false},
	{"lvmconfig", "Alias of config", ONE(cmd_config, OPTS(O(ARG_TYPE)), "[Setting ...]"), false},
	/* vgexport.c, vgsplit.c, misc.c */
	{"dumpconfig", "Alias of config", ONE(cmd_config, OPTS(O(ARG_TYPE)), "[Setting ...]"), false},
	{"vgexport", "Unregister volume groups from the system",
	 ONE(cmd_vgexport, OPTS(O(ARG_TEST), O(ARG_ALL), O(ARG_AUTOBACKUP)), "[VG ...]"), false},
	{"vgimport", "Register exported volume groups with the system",
	 ONE(cmd_vgimport, OPTS(O(ARG_TEST), O(ARG_ALL), O(ARG_AUTOBACKUP), O(ARG_FORCE)), "[VG ...]"),
	 false},
	{"vgsplit", "Move physical volumes into a new or existing volume group",
	 ONE(cmd_vgsplit, OPTS(O(ARG_TEST), O(ARG_NAME), O(ARG_ALLOC), O(ARG_CLUSTERED), O(ARG_MAXLV),
			       O(ARG_MAXPV), O(ARG_VGMETADATACOPIES), O(ARG_METADATATYPE),
			       O(ARG_AUTOBACKUP)),
	     "VG VG [PV ...]"), false},
	{"vgmerge", "Merge volume groups",
	 ONE(cmd_vgmerge, OPTS(O(ARG_TEST), O(ARG_VGLIST), O(ARG_AUTOBACKUP)), "VG VG"), false},
	{"vgimportclone", "Import a VG from cloned PVs: new uuids and name",
	 ONE(cmd_vgimportclone, OPTS(O(ARG_TEST), O(ARG_BASEVGNAME), O(ARG_IMPORT)), "PV ..."), false},
	{"vgconvert", "Change volume group metadata format (LVM2 2.03: removed with lvm1)",
	 ONE(cmd_vgconvert, OPTS(O(ARG_FORCE), O(ARG_METADATATYPE), O(ARG_LABELSECTOR),
				 O(ARG_PVMETADATACOPIES), O(ARG_METADATASIZE), O(ARG_TEST)),
	     "VG ..."), false},
	{"version", "Display software version information", ONE(cmd_version, NULL, ""), false},
	{"segtypes", "List available segment types", ONE(cmd_segtypes, NULL, ""), false},
	{"formats", "List available metadata formats", ONE(cmd_formats, NULL, ""), false},
};

const unsigned n_commands = sizeof(commands) / sizeof(commands[0]);

const struct command *command_find(const char *name)
{
	for (unsigned i = 0; i < n_commands; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}
