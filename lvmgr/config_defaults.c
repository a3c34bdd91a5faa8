/* Every lvm.conf setting lvmgr reads, with LVM2 2.03's default. Entries are
 * grouped by section in LVM2's order so `lvmgr config --type default` lists
 * them as `lvmconfig --type default` does. A setting whose LVM2 default is
 * undefined (devices/types, activation/volume_list, ...) has def NULL. */
#include "lvmgr/config_defaults.h"

#include <string.h>

#define SEC(p, f, c) { p, CONFIG_SECTION, NULL, f, c }
#define INT(p, d, c) { p, CONFIG_INT, #d, 0, c }
#define BOOL(p, d, c) { p, CONFIG_BOOL, #d, 0, c }
#define STR(p, d, c) { p, CONFIG_STRING, d, 0, c }
#define ARR(p, d, c) { p, CONFIG_ARRAY, d, 0, c }

const struct config_def config_defs[] = {
	SEC("devices", 0, "How LVM uses block devices."),
	STR("devices/dir", "\"/dev\"", "Directory in which to create volume group device nodes."),
	ARR("devices/scan", "[\"/dev\"]", "Directories containing device nodes to use with LVM."),
	ARR("devices/preferred_names", NULL, "Select which path name to display for a block device."),
	BOOL("devices/use_devicesfile", 0, "Enable or disable the use of a devices file."),
	STR("devices/devicesfile", "\"system.devices\"", "The name of the system devices file."),
	ARR("devices/filter", "[\"a|.*|\"]", "Limit the block devices that are used by LVM commands."),
	ARR("devices/global_filter", "[\"a|.*|\"]", "Limit the block devices that are used by LVM system components."),
	ARR("devices/types", NULL, "List of additional acceptable block device types."),
	BOOL("devices/sysfs_scan", 1, "Restrict device scanning to block devices appearing in sysfs."),
	BOOL("devices/scan_lvs", 0, "Allow LVM LVs to be used as PVs."),
	BOOL("devices/multipath_component_detection", 1, "Ignore devices that are components of DM multipath devices."),
	STR("devices/multipath_wwids_file", "\"/etc/multipath/wwids\"", "The path to the multipath wwids file."),
	BOOL("devices/md_component_detection", 1, "Enable detection and exclusion of MD component devices."),
	BOOL("devices/md_chunk_alignment", 1, "Align the start of a PV data area with md device's stripe-width."),
	INT("devices/default_data_alignment", 1, "Align the start of a PV data area with this number of MiB."),
	BOOL("devices/data_alignment_detection", 1, "Detect PV data alignment based on sysfs device information."),
	INT("devices/data_alignment", 0, "Align the start of a PV data area with this number of KiB (0: detect)."),
	BOOL("devices/data_alignment_offset_detection", 1, "Shift the start of an aligned PV data area by the alignment offset."),
	INT("devices/pv_min_size", 2048, "Minimum size in KiB of block devices which can be used as PVs."),
	BOOL("devices/issue_discards", 0, "Issue discards to PVs that are no longer used by an LV."),
	BOOL("devices/allow_changes_with_duplicate_pvs", 0, "Allow VG modification while a PV appears on multiple devices."),

	SEC("allocation", 0, "How LVM selects space and applies properties to LVs."),
	BOOL("allocation/maximise_cling", 1, "Use a previous allocation algorithm (0) or the cling-maximising one (1)."),
	BOOL("allocation/use_blkid_wiping", 1, "Use blkid to detect and erase existing signatures on new PVs and LVs."),
	BOOL("allocation/wipe_signatures_when_zeroing_new_lvs", 1, "Look for and erase any signatures while zeroing a new LV."),
	BOOL("allocation/mirror_logs_require_separate_pvs", 0, "Mirror logs and images will always use different PVs."),
	BOOL("allocation/thin_pool_metadata_require_separate_pvs", 0, "Thin pool metadata and data will always use different PVs."),
	BOOL("allocation/thin_pool_crop_metadata", 0, "Older version of lvm2 cropped pool's metadata size to 15.81 GiB."),
	BOOL("allocation/thin_pool_zero", 1, "Thin pool data chunks are zeroed before they are first used."),
	STR("allocation/thin_pool_discards", "\"passdown\"", "The discards behaviour of thin pool volumes."),
	STR("allocation/thin_pool_chunk_size_policy", "\"generic\"", "The chunk size calculation policy for thin pool volumes."),
	{"allocation/thin_pool_chunk_size", CONFIG_INT, NULL, 0, "The minimal chunk size in KiB for thin pool volumes."},
	BOOL("allocation/zero_metadata", 1, "Zero whole metadata area before use with thin or cache pool."),
	INT("allocation/physical_extent_size", 4096, "Default physical extent size in KiB to use for new VGs."),

	SEC("log", 0, "How LVM log information is reported."),
	INT("log/verbose", 0, "Controls the messages sent to stdout or stderr."),
	BOOL("log/silent", 0, "Suppress all non-essential messages from stdout."),
	BOOL("log/syslog", 0, "Send log messages through syslog."),
	STR("log/file", NULL, "Write error and debug log messages to a file specified here."),
	BOOL("log/overwrite", 0, "Overwrite the log file each time the program is run."),
	INT("log/level", 0, "The level of log messages that are sent to the log file or syslog."),
	STR("log/prefix", "\"  \"", "A prefix to use before the log message text."),

	SEC("backup", 0, "How LVM metadata is backed up and archived."),
	BOOL("backup/backup", 1, "Maintain a backup of the current metadata configuration."),
	{ "backup/backup_dir", CONFIG_STRING, "backup", CONFIG_F_SYSDIR, "Location of the metadata backup files." },
	BOOL("backup/archive", 1, "Maintain an archive of old metadata configurations."),
	{ "backup/archive_dir", CONFIG_STRING, "archive", CONFIG_F_SYSDIR, "Location of the metadata archive files." },
	INT("backup/retain_min", 10, "Minimum number of archives to keep."),
	INT("backup/retain_days", 30, "Minimum number of days to keep archive files."),

	SEC("global", 0, "Miscellaneous global LVM settings."),
	{ "global/umask", CONFIG_INT, "077", CONFIG_F_OCTAL, "The file creation mask for any files and directories created." },
	BOOL("global/support_mirrored_mirror_log", 0, "Enable mirrored 'mirror' log type for testing."),
	BOOL("global/test", 0, "No on-disk metadata changes will be made in test mode."),
	STR("global/units", "\"r\"", "Default value for --units argument."),
	BOOL("global/si_unit_consistency", 1, "Distinguish between powers of 1024 and 1000 bytes."),
	BOOL("global/suffix", 1, "Display unit suffix for sizes."),
	BOOL("global/activation", 1, "Enable/disable communication with the kernel device-mapper."),
	STR("global/proc", "\"/proc\"", "Location of proc filesystem."),
	STR("global/etc", "\"/etc\"", "Location of /etc system configuration directory."),
	BOOL("global/wait_for_locks", 1, "When disabled, fail if a lock request would block."),
	STR("global/locking_dir", "\"/run/lock/lvm\"", "Directory to use for LVM command file locks."),
	BOOL("global/abort_on_internal_errors", 0, "Abort an LVM command if an internal error is detected."),
	BOOL("global/metadata_read_only", 0, "No operations that change on-disk metadata are permitted."),
	BOOL("global/lvdisplay_shows_full_device_path", 0, "Show the full path of an LV in lvdisplay."),
	STR("global/thin_check_executable", "\"/usr/sbin/thin_check\"", "The full path to the thin_check command."),
	ARR("global/thin_check_options", "[\"-q\"]", "List of options passed to the thin_check command."),
	ARR("global/thin_disabled_features", NULL, "Features of the thin target not to use (block_size, discards, external_origin_extend, ...)."),
	STR("global/system_id_source", "\"none\"", "The method LVM uses to set the local system ID."),
	STR("global/system_id_file", NULL, "The full path to the file containing a system ID."),
	BOOL("global/event_activation", 1, "Disable event based autoactivation commands."),
	/* lvconvert --repair of a thin pool (lvmgr/lv_thin_repair.c) */
	STR("global/thin_dump_executable", "\"/usr/sbin/thin_dump\"", "The full path to the thin_dump command."),
	STR("global/thin_repair_executable", "\"/usr/sbin/thin_repair\"", "The full path to the thin_repair command."),
	ARR("global/thin_repair_options", "[\"\"]", "List of options passed to the thin_repair command."),
	STR("global/mirror_segtype_default", "\"raid1\"", "The segment type used by the short mirroring option -m."),
	STR("global/sparse_segtype_default", "\"thin\"", "The segment type used by the -V -L combination."),

	SEC("activation", 0, "Settings for LV activation."),
	BOOL("activation/udev_sync", 1, "Use udev notifications to synchronize udev and LVM."),
	BOOL("activation/udev_rules", 1, "Use udev rules to manage LV device nodes and symlinks."),
	BOOL("activation/verify_udev_operations", 0, "Use extra checks in LVM to verify udev operations."),
	STR("activation/missing_stripe_filler", "\"error\"", "Target type used for missing devices in partial activation."),
	BOOL("activation/use_linear_target", 1, "Use the linear target to optimize single stripe LVs."),
	INT("activation/reserved_stack", 64, "Stack size in KiB to reserve for use while devices are suspended."),
	INT("activation/process_priority", -18, "Nice value used while devices are suspended."),
	ARR("activation/volume_list", NULL, "Only LVs selected by this list are activated."),
	ARR("activation/auto_activation_volume_list", NULL, "Only LVs selected by this list are auto-activated."),
	ARR("activation/read_only_volume_list", NULL, "LVs in this list are activated in read-only mode."),
	INT("activation/raid_region_size", 2048, "Size in KiB of each raid or mirror synchronization region."),
	STR("activation/raid_fault_policy", "\"warn\"", "Defines how a device failure in a RAID LV is handled."),
	STR("activation/mirror_image_fault_policy", "\"remove\"", "Defines how a device failure in a 'mirror' LV is handled."),
	STR("activation/mirror_log_fault_policy", "\"allocate\"", "Defines how a device failure in a 'mirror' log LV is handled."),
	INT("activation/polling_interval", 15, "Check pvmove or lvconvert progress at this interval (seconds)."),
	BOOL("activation/error_when_full", 0, "Return errors if a thin pool runs out of space."),
	STR("activation/readahead", "\"auto\"", "Setting to use when there is no readahead setting in metadata."),
	INT("activation/snapshot_autoextend_threshold", 100, "Auto-extend a snapshot when its usage exceeds this percent."),
	INT("activation/snapshot_autoextend_percent", 20, "Auto-extending a snapshot adds this percent extra space."),
	INT("activation/thin_pool_autoextend_threshold", 100, "Auto-extend a thin pool when its usage exceeds this percent."),
	INT("activation/thin_pool_autoextend_percent", 20, "Auto-extending a thin pool adds this percent extra space."),
	ARR("activation/mlock_filter", NULL, "Do not mlock these memory areas (substrings of /proc/self/maps lines) while devices are suspended."),
	BOOL("activation/use_mlockall", 0, "Use the old behavior of mlockall to pin all memory."),
	BOOL("activation/monitoring", 1, "Monitor LVs that are activated."),

	SEC("metadata", CONFIG_F_COMMENTED, "Metadata settings."),
	BOOL("metadata/check_pv_device_sizes", 1, "Check device sizes are not smaller than corresponding PV sizes."),
	INT("metadata/pvmetadatacopies", 1, "Number of copies of metadata to store on each PV (0, 1 or 2)."),
	INT("metadata/vgmetadatacopies", 0, "Number of copies of metadata to maintain for each VG (0: unmanaged)."),
	{ "metadata/pvmetadatasize", CONFIG_INT, "0", CONFIG_F_NO_PRINT, "The default size of the metadata area in sectors (0: automatic)." },
	BOOL("metadata/pvmetadataignore", 0, "Ignore metadata areas on a new PV."),
	INT("metadata/stripesize", 64, "Default stripe size in KiB."),

	SEC("report", CONFIG_F_COMMENTED, "LVM report command output formatting."),
	STR("report/output_format", "\"basic\"", "Format of LVM command's report output (basic or json)."),
	BOOL("report/compact_output", 0, "Do not print empty values for all report fields."),
	BOOL("report/aligned", 1, "Align columns in report output."),
	BOOL("report/buffered", 1, "Buffer report output."),
	BOOL("report/headings", 1, "Show headings for columns on report."),
	STR("report/separator", "\" \"", "A separator to use on report after each field."),
	STR("report/list_item_separator", "\",\"", "A separator to use for list items when reported."),
	BOOL("report/prefixes", 0, "Use a field name prefix for each field reported."),
	BOOL("report/quoted", 1, "Quote field values when using field name prefixes."),
	BOOL("report/columns_as_rows", 0, "Output each column as a row."),
	BOOL("report/binary_values_as_numeric", 0, "Use binary values 0 or 1 instead of descriptive literal values."),

	SEC("local", 0, "LVM settings that are specific to the local host."),
	STR("local/system_id", NULL, "Defines the local system ID for lvmlocal mode."),
};

const size_t config_n_defs = sizeof(config_defs) / sizeof(config_defs[0]);

const struct config_def *config_def_find(const char *path)
{
	/* ~90 entries, looked up a handful of times per command: linear. */
	for (size_t i = 0; i < config_n_defs; i++)
		if (!strcmp(config_defs[i].path, path))
			return &config_defs[i];
	return NULL;
}
