#!/bin/bash
# What the initramfs boot script relies on (conf/initramfs-tools/scripts/
# local-top/lvmgr.in), on image files: lvchange -ay --sysinit of an LV
# whose PVs are all there activates it even when its VG misses a PV (the
# boot's rd.lvm.lv), an LV on the missing PV is refused naming the PV and
# nothing is written; the report fields the script reads to name the
# missing PV. The boot itself: tests/kernel/boot.sh.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 32M); B=$(img b.img 32M)
lv vgcreate vg0 "$A" "$B"
expect setup-vgcreate 0
lv lvcreate -an -i 2 -L 8M -n root vg0
expect setup-lvcreate-striped 0
lv lvcreate -an -L 8M -n small vg0 "$A"
expect setup-lvcreate-linear 0
lv pvs --noheadings -o pv_uuid "$B"
uuid_b=$(tr -d ' ' <"$T_DIR/out")
mv "$B" "$T_DIR/b.gone"
before=$(sums "$A")

lv lvchange -ay --sysinit --dry-run vg0/small
expect missing-pv-complete-lv-activates 0 "^vg0-small: uuid LVM-"
lv lvchange -ay --sysinit --dry-run vg0/root
expect missing-pv-partial-lv-refused 5 "Cannot activate vg0/root: PV $B \(uuid $uuid_b\) is missing"
lv lvchange -ay --dry-run vg0/small vg0/root
expect missing-pv-each-lv-in-turn 5 "^vg0-small: uuid"
lv vgs --noheadings --separator : -o vg_name,vg_missing_pv_count vg0
check script-vgs-missing-count test "$(tr -d ' ' <"$T_DIR/out")" = vg0:1
lv pvs --noheadings -o pv_uuid,vg_name,pv_missing
check script-pvs-names-missing grep -Eq "^ *$uuid_b +vg0 +missing *\$" "$T_DIR/out"
# metadata changes still refuse a VG with a missing PV
lv lvchange -p r vg0/small
expect missing-pv-change-refused 5 "Cannot change VG vg0 while PVs are missing"
check nothing-written test "$(sums "$A")" = "$before"

exit $T_FAILED
