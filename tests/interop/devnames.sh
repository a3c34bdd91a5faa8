#!/bin/bash
# Device names next to LVM2 on loop devices: filters, preferred_names,
# --devices and device arguments see every name of a device (nodes and
# links under devices/scan: /dev/disk/by-id links, /dev/mapper nodes), as
# LVM2's device cache does; the name shown is the one LVM2 shows. The
# names live in a directory of the test's own ($T_DIR/dev, devices/dir and
# devices/scan pointing there, as LVM2's test suite sets them from
# $DM_DEV_DIR); the host's /dev is never touched. List settings given as a
# single string too.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 64M)"; L1=$LOOP
attach "$(img b.img 64M)"; L2=$LOOP
attach "$(img c.img 64M)"; L3=$LOOP
lvm_conf
D=$T_DIR/dev
mkdir -p "$D/disk/by-id" "$D/mapper"
n1=$(basename "$L1"); n2=$(basename "$L2"); n3=$(basename "$L3")
mknod "$D/$n1" b 7 "${n1#loop}"
mknod "$D/$n2" b 7 "${n2#loop}"
ln -s "../../$n1" "$D/disk/by-id/test-disk-a"
# L2 also as a /dev/mapper-style node (libdevmapper without udev makes
# nodes there), L3 only there
mknod "$D/mapper/fakepv" b 7 "${n2#loop}"
mknod "$D/mapper/onlymapper" b 7 "${n3#loop}"
C=$LVM_SYSTEM_DIR/lvm.conf
cp "$C" "$T_DIR/lvm.conf.loops"
# the test's directory as /dev, LVM2's test-suite way; no filter
sed -e "s|filter = \[[^]]*\]|dir = \"$D\" scan = \"$D\"|" "$T_DIR/lvm.conf.loops" >"$C"
check conf-dir-scan grep -q "scan = \"$D\"" "$C"
cp "$C" "$T_DIR/lvm.conf.dir"

l2 pvcreate "$D/$n1" "$D/mapper/fakepv" "$D/mapper/onlymapper"
expect lvm2-pvcreate 0
l2 vgcreate vgdn "$D/disk/by-id/test-disk-a"
expect lvm2-vgcreate 0

# same NAME CMD...: both tools, same stdout and exit status
same() {
	local name=$1 rc2
	shift
	l2 "$@"; rc2=$RC; cp "$T_DIR/out" "$T_DIR/l2.out"
	lv "$@"
	if [ "$RC" = "$rc2" ] && cmp -s "$T_DIR/l2.out" "$T_DIR/out"; then
		pass "$name"
	else
		fail "$name" "exit lvmgr $RC lvm2 $rc2"
		diff "$T_DIR/l2.out" "$T_DIR/out" | sed 's/^/    /' | head -10
	fi
}
O="-o pv_name,vg_name,pv_uuid --noheadings"
same dir-pvs pvs $O
check dir-pvs-names bash -c "grep -q '$D/$n1 ' '$T_DIR/out' && grep -q '$D/$n2 ' '$T_DIR/out' && grep -q '$D/mapper/onlymapper ' '$T_DIR/out'"
same dir-vgs vgs -o vg_name,pv_count --noheadings
same filter-by-id pvs $O --config "devices/filter=[\"a|/by-id/test-disk-a\$|\",\"r|.*|\"]"
check filter-by-id-name-shown grep -q "$D/disk/by-id/test-disk-a" "$T_DIR/out"
same filter-mapper pvs $O --config "devices/filter=[\"a|/mapper/fakepv\$|\",\"r|.*|\"]"
check filter-mapper-name-shown grep -q "$D/mapper/fakepv" "$T_DIR/out"
same filter-reject-kernel-names pvs $O --config 'devices/filter=["r|/loop|"]'
same filter-reject-links pvs $O --config 'devices/filter=["r|by-id|"]'
same filter-string-form pvs $O --config "devices/filter=\"a|mapper|\""
same global-filter-string-form pvs $O --config "devices/global_filter=\"r|fakepv|\""
same preferred-names pvs $O --config 'devices/preferred_names=["mapper","by-id"]'
same preferred-names-string pvs $O --config 'devices/preferred_names="by-id"'
same arg-by-link pvs $O "$D/disk/by-id/test-disk-a"
same arg-mapper-node pvs $O "$D/mapper/fakepv"
same devices-by-link pvs $O --devices "$D/disk/by-id/test-disk-a"
same devices-mapper-node pvs $O --devices "$D/mapper/onlymapper"
same arg-filtered-by-link pvs $O --config 'devices/filter=["r|by-id|"]' "$D/$n1"
# a device the filter admits only by its link can be changed through any name
before=$(sums "$T_DIR/a.img")
lv pvchange --addtag t1 --config "devices/filter=[\"a|by-id|\",\"r|.*|\"]" "$D/$n1"
expect change-through-kernel-name 0
l2 pvs -o pv_tags --noheadings "$D/$n1"
check change-seen-by-lvm2 grep -q t1 "$T_DIR/out"
lv pvchange --deltag t1 --config 'devices/filter=["r|by-id|"]' "$D/disk/by-id/test-disk-a"
expect change-rejected-by-link-filter 5
l2 pvs -o pv_tags --noheadings "$D/$n1"
check change-rejected-unchanged grep -q t1 "$T_DIR/out"

# DM_DEV_DIR alone changes nothing for lvm (it sets no devices/dir):
# names under the default /dev, for both tools
cp "$T_DIR/lvm.conf.loops" "$C"
export DM_DEV_DIR=$D
same dm-dev-dir-env-alone pvs $O
check dm-dev-dir-env-kernel-names grep -q "^ *$L1 " "$T_DIR/out"
unset DM_DEV_DIR
# the default /dev: a filter on names that device does not have rejects it
same default-dev-filter-kernel-names pvs $O --config "devices/filter=[\"a|^$L1\$|\",\"r|.*|\"]"
same default-dev-filter-test-names pvs $O --config "devices/filter=[\"a|^$D/|\",\"r|.*|\"]"

# a named device the filter rejects: LVM2's words, for pvs and pvdisplay
for cmd in pvs pvdisplay; do
	lv $cmd --config "devices/filter=[\"r|^$L2\$|\"]" "$L2"
	expect "$cmd-named-rejected" 5 "Cannot use $L2: device is rejected by filter config"
	l2 $cmd --config "devices/filter=[\"r|^$L2\$|\"]" "$L2"
	expect "$cmd-named-rejected-lvm2" 5 "Cannot use $L2: device is rejected by filter config"
done

cp "$T_DIR/lvm.conf.dir" "$C"
l2 vgremove -f vgdn
l2 pvremove "$D/$n1" "$D/$n2" "$D/mapper/onlymapper"
exit $T_FAILED
