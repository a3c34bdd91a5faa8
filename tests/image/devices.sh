#!/bin/bash
# Devices that hold something else: libblkid signatures (ext4, dos partition
# table, swap, xfs, md superblock) on image files. pvcreate refuses them
# unless told to wipe, never hangs on a closed stdin, and a failed pvcreate
# leaves the image byte for byte unchanged. Also lvm.conf handling.
. "$(dirname "$0")/../lib.sh"

# An md 1.2 member superblock at 4 KiB, as tests/unit/test_devfilter.c writes it.
md12() {
	perl -e '
	my $sb = "\0" x 256;
	substr($sb, 0, 4) = pack("V", 0xa92b4efc);	# magic
	substr($sb, 4, 4) = pack("V", 1);	# major_version
	substr($sb, 16, 16) = pack("C16", 1 .. 16);	# set_uuid
	substr($sb, 32, 6) = "host:0";	# set_name
	substr($sb, 72, 4) = pack("V", 1);	# level: raid1
	substr($sb, 128, 8) = pack("Q<", 2048);	# data_offset
	substr($sb, 144, 8) = pack("Q<", 8);	# super_offset (sectors)
	my $s = 0; $s += $_ for unpack("V64", $sb);
	substr($sb, 216, 4) = pack("V", (($s & 0xffffffff) + ($s >> 32)) & 0xffffffff);
	open(my $f, "+<", $ARGV[0]) or die; binmode $f; seek($f, 4096, 0); print $f $sb; close $f;' "$1"
}
# only_lvm NAME IMG: blkid -p finds the LVM2 label and nothing else
only_lvm() {
	local types
	types=$(blkid -p -o export "$2" 2>/dev/null | grep -E '^(PT)?TYPE=' | tr '\n' ' ')
	if [ "$types" = "TYPE=LVM2_member " ]; then pass "$1"; else fail "$1" "blkid -p: $types"; fi
}
# lvin INPUT CMD...: lv with stdin from INPUT ("" = /dev/null), never hanging
lvin() {
	local in=$1
	shift
	if [ -z "$in" ]; then
		timeout 20 "$LVMGR" "$@" </dev/null >"$T_DIR/out" 2>"$T_DIR/err"
	else
		echo "$in" | timeout 20 "$LVMGR" "$@" >"$T_DIR/out" 2>"$T_DIR/err"
	fi
	RC=$?
}
# refused NAME IMG REGEX CMD...: exit 5, message, image unchanged
refused() {
	local name=$1 img=$2 re=$3 before
	shift 3
	before=$(sums "$img")
	"$@"
	expect "$name" 5 "$re" && check "$name-unchanged" test "$before" = "$(sums "$img")"
}

need() { command -v "$1" >/dev/null 2>&1; }
if ! need mkfs.ext4 || ! need sfdisk || ! need mkswap || ! need blkid; then
	echo "SKIP image/devices: needs e2fsprogs, fdisk, util-linux (blkid, mkswap)"
	exit 0
fi

# -- each signature: refused on closed stdin, on "n", wiped on "y" / -y / -f
E=$(img ext4.img 64M); mkfs.ext4 -q -F "$E" >/dev/null 2>&1
refused ext4-stdin-closed "$E" "Cannot use $E: ext4 signature \(filesystem\) found at offset 1080" lvin "" pvcreate "$E"
check ext4-stdin-closed-asked grep -q "ext4 signature detected on $E" "$T_DIR/out" "$T_DIR/err"
refused ext4-answer-n "$E" "Cannot use $E: ext4 signature" lvin n pvcreate "$E"
refused ext4-test-mode "$E" "TEST MODE" lvin "" pvcreate -t "$E"
lvin y pvcreate "$E"
expect ext4-answer-y 0 "Wiping ext4 signature on $E\."
check ext4-wiped-once test "$(grep -c 'Wiping' "$T_DIR/out" "$T_DIR/err" | awk -F: '{s += $2} END {print s}')" = 1
only_lvm ext4-blkid-lvm-only "$E"

D=$(img dos.img 64M); echo 'start=2048, size=4096, type=83' | sfdisk -q "$D" >/dev/null 2>&1
refused dos-stdin-closed "$D" "Cannot use $D: dos signature \(partition table\) found at offset 510" lvin "" pvcreate "$D"
refused dos-answer-n "$D" "Cannot use $D: dos signature" lvin n pvcreate "$D"
lvin "" pvcreate -y "$D"
expect dos-yes 0 "Wiping dos signature on $D\."
only_lvm dos-blkid-lvm-only "$D"

S=$(img swap.img 64M); mkswap -q "$S" >/dev/null 2>&1
refused swap-stdin-closed "$S" "Cannot use $S: swap signature .* found at offset 4086" lvin "" pvcreate "$S"
refused swap-answer-n "$S" "Cannot use $S: swap signature" lvin n pvcreate "$S"
lvin "" pvcreate -f "$S"
expect swap-force-wipes 0 "Wiping swap signature on $S\."
only_lvm swap-blkid-lvm-only "$S"

if need mkfs.xfs; then
	X=$(img xfs.img 320M); mkfs.xfs -q -f "$X" >/dev/null 2>&1
	refused xfs-stdin-closed "$X" "Cannot use $X: xfs signature \(filesystem\) found at offset 0" lvin "" pvcreate "$X"
	refused xfs-answer-n "$X" "Cannot use $X: xfs signature" lvin n pvcreate "$X"
	lvin y pvcreate "$X"
	expect xfs-answer-y 0 "Wiping xfs signature on $X\."
	only_lvm xfs-blkid-lvm-only "$X"
else
	echo "SKIP image/devices/xfs: mkfs.xfs (xfsprogs) not installed"
fi

# -- md member: refused even with -y (as LVM2: wipe it or turn detection off)
M=$(img md.img 64M); md12 "$M"
check md-fixture blkid -p -o export "$M" | grep -q '^TYPE=linux_raid_member$'
refused md-stdin-closed "$M" "Cannot use $M: device is an md component\." lvin "" pvcreate "$M"
refused md-yes-still-refused "$M" "Cannot use $M: device is an md component\." lvin "" pvcreate -y "$M"
refused md-answer-y-still-refused "$M" "md component" lvin y pvcreate -ff "$M"
refused md-vgcreate-refused "$M" "md component" lvin "" vgcreate -y vgmd "$M"
lvin "" pvcreate -y --config 'devices/md_component_detection=0' "$M"
expect md-detection-off-wipes 0 "Wiping linux_raid_member signature on $M\."
only_lvm md-blkid-lvm-only "$M"

# -- several PVs: one refused means none is written
P=$(img plain.img 64M); E2=$(img ext4b.img 64M); mkfs.ext4 -q -F "$E2" >/dev/null 2>&1
before=$(sums "$P" "$E2")
lvin "" pvcreate "$P" "$E2"
expect multi-one-refused 5 "Cannot use $E2: ext4 signature"
check multi-none-written test "$before" = "$(sums "$P" "$E2")"
lv pvs --noheadings -o pv_name "$P"
check multi-plain-not-pv bash -c "! grep -q plain.img '$T_DIR/out'"

# -- several devices probed at once (threads): each one's own signatures
# are found and wiped, in pvcreate and in vgcreate
E3=$(img ext4c.img 64M); mkfs.ext4 -q -F "$E3" >/dev/null 2>&1
S3=$(img swapc.img 64M); mkswap -q "$S3" >/dev/null 2>&1
D3=$(img dosc.img 64M); echo 'start=2048, size=4096, type=83' | sfdisk -q "$D3" >/dev/null 2>&1
P3=$(img plainc.img 64M)
lvin "" pvcreate -y "$E3" "$S3" "$P3" "$D3"
expect multi-probe-pvcreate 0 "Wiping swap signature on $S3\."
check multi-probe-ext4 grep -q "Wiping ext4 signature on $E3\." "$T_DIR/out" "$T_DIR/err"
check multi-probe-dos grep -q "Wiping dos signature on $D3\." "$T_DIR/out" "$T_DIR/err"
check multi-probe-plain-untouched bash -c "! grep -q 'Wiping .* on $P3' '$T_DIR/out' '$T_DIR/err'"
only_lvm multi-probe-ext4-lvm-only "$E3"
only_lvm multi-probe-dos-lvm-only "$D3"
lv pvremove -y "$E3" "$S3" "$P3" "$D3"
mkfs.ext4 -q -F "$E3" >/dev/null 2>&1; mkswap -q "$S3" >/dev/null 2>&1
lvin "" vgcreate -y vgmp "$E3" "$P3" "$S3"
expect multi-probe-vgcreate 0 "Wiping ext4 signature on $E3\."
check multi-probe-vgcreate-swap grep -q "Wiping swap signature on $S3\." "$T_DIR/out" "$T_DIR/err"
lv vgremove -y vgmp

# -- an existing PV: reinitialising an orphan asks; a VG member needs -ff
lvin "" pvcreate "$P"
expect plain-no-question 0 "successfully created"
lv vgcreate vgd "$P"
refused pv-in-vg-refused "$P" "Cannot use $P: physical volume is used by volume group \"vgd\"" lvin "" pvcreate -y "$P"
refused pv-in-vg-ff-answer-n "$P" "not initialized" lvin n pvcreate -ff "$P"
lv vgremove vgd
lv pvremove "$P"

# -- lvm.conf
C=$LVM_SYSTEM_DIR/lvm.conf
cp "$C" "$T_DIR/lvm.conf.good"
printf 'devices { global_filter = [ "r|.*|" ] }\nglobal {\n  units = "m"\n  locking_dir = "%s/lock"\n  bogus { x = 1 }\n  no_such_setting = 7\n}\nno_such_section { a = "b" }\n' "$T_DIR" >"$C"
lv vgs
expect conf-unknown-settings-ignored 0
lv config global/units
expect conf-read-from-LVM_SYSTEM_DIR 0 '^units="m"$'
lv config --config 'global/units="k"' global/units
expect conf-config-option-wins 0 '^units="k"$'
lv config --config 'global/units="k"' --config 'global/units="g"' global/units
expect conf-last-config-option-wins 0 '^units="g"$'
printf 'global { units = "b" }\n' >"$LVM_SYSTEM_DIR/lvmlocal.conf"
lv config global/units
expect conf-lvmlocal-wins 0 '^units="b"$'
rm -f "$LVM_SYSTEM_DIR/lvmlocal.conf"
printf 'devices {\n  filter = [ "a|.*|" ]\n  dir = "/dev"\nglobal { units = "h" }\n' >"$C"
for cmd in "pvs" "vgs" "pvcreate $P" "config" "vgcreate vgx $P"; do
	before=$(sums "$P")
	lv $cmd
	expect "conf-unparsable-$(echo "$cmd" | cut -d' ' -f1)" 5 "$C.*line [0-9]+" &&
		check "conf-unparsable-$(echo "$cmd" | cut -d' ' -f1)-unchanged" test "$before" = "$(sums "$P")"
done
printf 'global { units = "h" \n' >"$C"
lv pvs
expect conf-unterminated-section 5 "$C.*line [0-9]+"
lv pvs --config 'devices {'
cp "$T_DIR/lvm.conf.good" "$C"
lv pvs --config 'devices {'
expect conf-bad-config-option 5 'devices \{'
rm -f "$C"
lv config --type default devices/md_component_detection
expect conf-missing-file-defaults 0 'md_component_detection=1'
cp "$T_DIR/lvm.conf.good" "$C"
t_done
