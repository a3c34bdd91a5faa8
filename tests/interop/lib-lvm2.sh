# Helpers for interop tests: Debian's lvm2 on loop devices next to lvmgr.
# Source after tests/lib.sh. Both tools read the same lvm.conf, whose filter
# admits only the loop devices this test attached.
if ! command -v lvm >/dev/null 2>&1 || [ "$(id -u)" != 0 ] || ! losetup -f >/dev/null 2>&1; then
	echo "SKIP interop: needs root, loop devices and Debian's lvm2 (./check installs it)"
	exit 0
fi
export LVM_SUPPRESS_FD_WARNINGS=1
LOOPS=()
attach() {	# attach FILE: sets $LOOP (not in a subshell: cleanup is registered here)
	LOOP=$(losetup -f --show "$1") || { echo "FAIL $T_GROUP/losetup $1"; exit 1; }
	LOOPS+=("$LOOP")
	on_exit "losetup -d $LOOP"
}
# Write the shared lvm.conf once the loop devices are known.
lvm_conf() {
	local f="" l
	for l in "${LOOPS[@]}"; do f="$f\"a|^$l\$|\", "; done
	cat >"$LVM_SYSTEM_DIR/lvm.conf" <<EOC
global { activation = 0 use_lvmpolld = 0 notify_dbus = 0 locking_dir = "$T_DIR/lock" }
devices { hints = "none" use_devicesfile = 0 obtain_device_list_from_udev = 0 external_device_info_source = "none" filter = [ $f "r|.*|" ] }
activation { udev_sync = 0 udev_rules = 0 monitoring = 0 }
backup { backup_dir = "$T_DIR/etc/backup" archive_dir = "$T_DIR/etc/archive" }
EOC
}
# l2 CMD...: run lvm2, output in $T_DIR/out / err, status in $RC
l2() {
	lvm "$@" >"$T_DIR/out" 2>"$T_DIR/err"
	RC=$?
	return 0
}
# transcript_vs_lvm2 NAME WIPE SEQ: SEQ TOOL (a function printing a
# transcript) run by LVM2 then by lvmgr, each after WIPE (devices back to
# blank); the transcripts, kept in $T_DIR/NAME.lvm2 and NAME.lvmgr, must
# be equal line for line
transcript_vs_lvm2() {
	local n=$1 wipe=$2 seq=$3
	$wipe
	$seq lvm >"$T_DIR/$n.lvm2"
	$wipe
	$seq "$LVMGR" >"$T_DIR/$n.lvmgr"
	if cmp -s "$T_DIR/$n.lvm2" "$T_DIR/$n.lvmgr"; then
		pass "$n"
	else
		fail "$n"
		diff "$T_DIR/$n.lvm2" "$T_DIR/$n.lvmgr" | head -40 | sed 's/^/#   /'
	fi
}
