#!/bin/bash
# Self-check of the kernel harness: one VM boot with two 64 MiB sparse disks
# (/dev/vda, /dev/vdb); in it a linear and a striped device made with dmsetup
# are filled with a known pattern in 1 MiB blocks and read back through dm and
# straight from the PVs; then Debian's lvm2 creates, activates and removes a
# VG there. Prints "PASS kernel/<name>" / "FAIL kernel/<name>"; exit status 1
# on any failure.
# usage: tests/kernel/selftest.sh        (the guest half: selftest.sh --guest)
set -u
here=$(cd "$(dirname "$0")" && pwd)

if [ "${1:-}" != --guest ]; then
	t0=$(date +%s.%N)
	tmp=$(mktemp -d /tmp/lvmgr-selftest.XXXXXX)
	trap 'rm -rf "$tmp"' EXIT
	truncate -s 64M "$tmp/a.img" "$tmp/b.img"
	"$here/vm-run.sh" --disk "$tmp/a.img" --disk "$tmp/b.img" --timeout 300 \
		-- "bash $(printf %q "$here/selftest.sh") --guest"
	rc=$?
	case $rc in
	0) ;;
	124) echo "FAIL kernel/vm (timeout)" ;;
	125) echo "FAIL kernel/vm (the VM did not run the test)" ;;
	*) echo "# the guest half failed (exit $rc)" ;;
	esac
	echo "# kernel selftest: $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s wall (boot + test)"
	[ $rc = 0 ]
	exit
fi

# --- the guest half: runs inside the VM, as root, with /dev/vda and /dev/vdb
read -r up _ </proc/uptime
echo "# guest: $(uname -r), userspace up after ${up} s of guest uptime"
fails=0
pass() { echo "PASS kernel/$1"; }
fail() { echo "FAIL kernel/$1${2:+ ($2)}"; fails=$((fails + 1)); }
M=1048576
tmp=$(mktemp -d)	# in the guest's overlay (RAM)
head -c $((32 * M)) /dev/urandom >"$tmp/pattern"
part() {	# part FILE OFFSET_MIB COUNT_MIB: a slice of a file or device
	dd if="$1" bs=1M skip="$2" count="$3" iflag=direct status=none 2>/dev/null ||
		dd if="$1" bs=1M skip="$2" count="$3" status=none
}
fill() {	# fill DEV [MIB]: the pattern, 1 MiB blocks, bypassing the page cache
	dd if="$tmp/pattern" of="$1" bs=1M count="${2:-32}" oflag=direct conv=fsync status=none
}

# linear: 16 MiB at 1 MiB on vda, then 16 MiB at 1 MiB on vdb
if printf '0 32768 linear /dev/vda 2048\n32768 32768 linear /dev/vdb 2048\n' |
	dmsetup create st-lin && fill /dev/mapper/st-lin &&
	echo 3 >/proc/sys/vm/drop_caches &&
	part /dev/mapper/st-lin 0 32 | cmp - "$tmp/pattern" &&
	{ part /dev/vda 1 16; part /dev/vdb 1 16; } | cmp - "$tmp/pattern"; then
	pass dm-linear
else
	fail dm-linear
fi

# striped: 2 stripes of 64 KiB chunks, 16 MiB at 20 MiB on each disk
if echo "0 65536 striped 2 128 /dev/vda 40960 /dev/vdb 40960" |
	dmsetup create st-str && fill /dev/mapper/st-str &&
	part /dev/mapper/st-str 0 32 | cmp - "$tmp/pattern" &&
	part /dev/vda 20 16 >"$tmp/a" && part /dev/vdb 20 16 >"$tmp/b" &&
	perl -e 'open A, "<", $ARGV[0] or die; open B, "<", $ARGV[1] or die;
		binmode STDOUT; my ($x, $y);
		while (read(A, $x, 65536) and read(B, $y, 65536)) { print $x, $y }' \
		"$tmp/a" "$tmp/b" | cmp - "$tmp/pattern"; then
	pass dm-striped
else
	fail dm-striped
fi
echo "# dmsetup table:"
dmsetup table | sed 's/^/#   /'
dmsetup remove st-lin && dmsetup remove st-str || fail dm-remove

# Debian's lvm2 on the same disks, with its own configuration
export LVM_SYSTEM_DIR=$tmp/lvm
mkdir -p "$LVM_SYSTEM_DIR"
cat >"$LVM_SYSTEM_DIR/lvm.conf" <<'EOF'
devices {
	filter = [ "a|^/dev/vd.*|", "r|.*|" ]
	use_devicesfile = 0
	hints = "none"
	obtain_device_list_from_udev = 0
	external_device_info_source = "none"
}
activation {
	udev_sync = 0
	udev_rules = 0
}
backup {
	backup = 0
	archive = 0
}
EOF
run() {	# run a command quietly; show its output if it fails
	"$@" >"$tmp/cmd.log" 2>&1 || { echo "# failed: $*"; sed 's/^/#   /' "$tmp/cmd.log"; return 1; }
}
if run pvcreate -y -ff /dev/vda /dev/vdb && run vgcreate stvg /dev/vda /dev/vdb &&
	run lvcreate -an -Zn -Wn -L 8M -n lin stvg &&
	run lvcreate -an -Zn -Wn -L 16M -i 2 -I 64k -n str stvg &&
	run vgchange -ay stvg && [ -b /dev/stvg/lin ] && [ -b /dev/stvg/str ] &&
	fill /dev/stvg/str 16 && part /dev/stvg/str 0 16 | cmp -n $((16 * M)) - "$tmp/pattern"; then
	pass lvm2
else
	fail lvm2
fi
echo "# dmsetup table (lvm2):"
dmsetup table | sed 's/^/#   /'
if run vgchange -an stvg && run vgremove -ff stvg && run pvremove -y /dev/vda /dev/vdb &&
	[ -z "$(dmsetup ls | grep -v '^No devices found')" ]; then
	pass cleanup
else
	fail cleanup
fi
rm -rf "$tmp"
[ $fails = 0 ]
