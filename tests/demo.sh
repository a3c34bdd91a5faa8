#!/bin/bash
# The demo: two image files become PVs, a VG over them, reports, a change,
# a check. Nothing outside a temporary directory is touched.
set -eu
L=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
D=$(mktemp -d /tmp/lvmgr-demo.XXXXXX)
trap 'rm -rf "$D"' EXIT
export LVM_SYSTEM_DIR=$D/etc
mkdir -p "$LVM_SYSTEM_DIR"
# Only the demo's own image files are scanned, never a disk of this machine.
printf 'devices { global_filter = [ "r|.*|" ] }\nglobal { locking_dir = "%s/lock" }\n' "$D" >"$LVM_SYSTEM_DIR/lvm.conf"
cd "$D"
run() { echo "\$ lvmgr $*"; "$L" "$@"; echo; }
truncate -s 256M disk1.img disk2.img disk3.img
run pvcreate disk1.img disk2.img
run vgcreate -s 8m demo disk1.img disk2.img
run pvs
run vgs -o +vg_extent_size,vg_seqno,vg_mda_free
run vgextend demo disk3.img
run vgs
run lvcreate -an -L 100M -n data demo
run lvcreate -an -i 2 -I 64k -l 20%FREE -n fast demo
run lvextend -L +40M demo/data disk3.img
run lvs -a -o +devices,seg_pe_ranges
run lvchange -ay --dry-run demo/fast
run lvremove -y demo/data
run vgreduce demo disk3.img
run vgrename demo demo2
run vgck demo2
run vgs --reportformat json
run pvck --dump headers disk1.img
echo "demo: done (files were in $D, now removed)"
