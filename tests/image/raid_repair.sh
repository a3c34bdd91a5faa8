#!/bin/bash
# lvconvert --repair and vgreduce --removemissing of raid1 LVs on image
# files (no kernel: the repair itself runs in tests/kernel/raid-repair-guest):
# LVM2's refusals for an LV that is not raid, an inactive raid1 LV, a
# missing LV; vgreduce --removemissing refused while a raid1 LV is partial
# (LVM2's messages), nothing written in each case.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M); B=$(img b.img 64M); C=$(img c.img 64M)
lv vgcreate vgt "$A" "$B" "$C"
lv lvcreate -an --type raid1 -m1 -L 8M -n r1 vgt "$A" "$B"
lv lvcreate -an -L 4M -n lin vgt "$C"
expect setup 0
before=$(sums "$A" "$B" "$C")
lv lvconvert -y --repair vgt/lin
expect repair-not-raid 5 'Command on LV vgt/lin does not accept LV type linear\.'
lv lvconvert -y --repair vgt/r1
expect repair-inactive 5 'vgt/r1 must be active to perform this operation\.'
lv lvconvert -y --repair vgt/nope
expect repair-no-lv 5 'Failed to find logical volume "vgt/nope"'
lv lvconvert -y --repair vgt
expect repair-no-lv-path 3 'Please specify a logical volume path'
check repair-nothing-written test "$before" = "$(sums "$A" "$B" "$C")"

# B goes: the raid1 LV is partial.
mv "$B" "$T_DIR/b.away"
lv vgreduce --removemissing vgt
expect removemissing-partial 5 'There are still partial LVs in VG vgt\.'
grep -q 'WARNING: Partial LV r1_rimage_1 needs to be repaired or removed\.' "$T_DIR/err" &&
	pass removemissing-names-sub-lvs || fail removemissing-names-sub-lvs
check removemissing-nothing-written test "$(sums "$A" "$C")" = "$(echo "$before" | cut -d' ' -f1,3) "
lv vgreduce --removemissing --force vgt
expect removemissing-force 0 'Wrote out consistent volume group vgt\.'
lv vgcfgbackup -f "$T_DIR/vg.txt" vgt
grep -A3 'r1_rimage_1 {' "$T_DIR/vg.txt" >/dev/null && sed -n '/r1_rimage_1 {/,/^\t\t}/p' "$T_DIR/vg.txt" | grep -q 'type = "error"' &&
	pass removemissing-force-error-leg || fail removemissing-force-error-leg
lv lvs --noheadings -o lv_name vgt/r1
expect raid-lv-kept 0 'r1'
t_done
