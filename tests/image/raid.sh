#!/bin/bash
# raid1 LVs on image files: the same sequence LVM2 2.03.16 ran in the test
# VM (tests/fixtures/raid1/make-in-vm.sh, four 64 MiB disks) gives the same
# metadata text, byte for byte but for ids, times, hosts and device hints,
# with the same PVs and extents; the same lvs -a report; LVM2's refusals.
. "$(dirname "$0")/../lib.sh"
FX=$(cd "$(dirname "$0")/../fixtures/raid1" && pwd)

A=$(img a.img 64M); B=$(img b.img 64M); C=$(img c.img 64M); D=$(img d.img 64M)
lv vgcreate vgt "$A" "$B" "$C" "$D"
expect setup 0

lv lvcreate -an -L 4M -n lin vgt
lv lvcreate -an --type raid1 -m1 -L 8M -n r1 vgt
expect create-raid1 0 'Logical volume "r1" created'
lv lvcreate -an -m2 -L 12M -n r2 vgt --nosync
expect create-m2-nosync 0 'Logical volume "r2" created'
# LVM2's warning (lvcreate-mirror.sh greps it), on stderr
check create-nosync-warning grep -qx "  WARNING: New raid1 won't be synchronised. Don't read what you didn't write!" "$T_DIR/err"
lv lvcreate -an --type raid1 -m1 -L 4M -R 1M -n r3 vgt "$C" "$D"
expect create-regionsize-pvs 0
lv lvcreate -an --type raid1 -m1 -l 3 vgt
expect create-default-name 0 'Logical volume "lvol0" created'
same_vg_text create create.vg
# lvdisplay -m of raid1 r2 as LVM2's (fixtures/raid1/lvdisplay-r2.txt)
lv lvdisplay -m vgt/r2
if diff <(sed -n '/--- Segments ---/,$p' "$FX/lvdisplay-r2.txt") <(sed -n '/--- Segments ---/,$p' "$T_DIR/out") >"$T_DIR/diff" &&
	grep -q '^  Mirrored volumes       3$' "$T_DIR/out"; then pass lvdisplay-m; else fail lvdisplay-m; head "$T_DIR/diff"; fi

lv lvrename vgt r1 rr1
expect rename 0
same_vg_text rename rename.vg
lv lvremove -f vgt/rr1
expect remove 0
same_vg_text remove remove.vg
lv lvs -a vgt/rr1_rimage_0
check remove-subs-gone test "$RC" != 0

lv lvcreate -an --type raid1 -m1 -L 4M -R 4k -n r8 vgt
expect regionsize-page 0
lv lvcreate -an --type raid1 -m1 -L 4M -R 16M -n r9 vgt
expect regionsize-reduced 0 'Using reduced mirror region size of 4.00 MiB'
# one stream (2>&1 | tee, as LVM2's tests read it): stdout's line first, as LVM2's
"$LVMGR" lvcreate -an --type raid1 -m1 -L 4M -R 16M --nosync -n r10 vgt >"$T_DIR/both" 2>&1
check regionsize-then-nosync-order test "$(grep -o 'Using reduced\|New raid1 won' "$T_DIR/both" | tr '\n' ,)" = "Using reduced,New raid1 won,"
"$LVMGR" lvremove -f vgt/r10 >/dev/null 2>&1
# lvs -a as LVM2 reports the same VG (inactive): names in brackets sorted
# by the name inside, lv_attr r/R, I for an image not known in sync, e.
F=lv_name,lv_attr,copy_percent,lv_health_status,raid_sync_action,raid_mismatch_count,devices,seg_pe_ranges,region_size,segtype,stripes
lv lvs -a --reportformat json -o "$F" vgt
sed "s|$A|/dev/vda|g; s|$B|/dev/vdb|g; s|$C|/dev/vdc|g; s|$D|/dev/vdd|g" "$T_DIR/out" | jq -S . >"$T_DIR/lg.json"
if jq -S . "$FX/lvs-after.json" | diff - "$T_DIR/lg.json" >"$T_DIR/diff"; then pass lvs-json; else fail lvs-json; head -20 "$T_DIR/diff"; fi

# Refusals: nothing written.
before=$(sums "$A" "$B" "$C" "$D")
lv lvcreate -an --type raid1 -m3 -L 4M -n r4 vgt "$A" "$B" "$C"
expect too-many-images 5 'Insufficient suitable allocatable extents for logical volume r4: 8 more required'
lv lvcreate -an --type raid1 -m1 -L 4M -n r6 vgt "$D"
expect one-pv 5 'Insufficient suitable allocatable extents for logical volume r6: 4 more required'
lv lvcreate -an --type raid1 -m1 -L 3M -R 3M -n r5 vgt
expect region-not-power-of-2 3 'Region size must be a power of 2'
check region-not-power-of-2-msg grep -q 'Invalid argument for --regionsize: 3M' "$T_DIR/err"
lv lvcreate -an --type raid1 -m1 -L 4M -R 2k -n r5 vgt
expect region-below-page 3 'Region size must be a multiple of machine memory page size'
lv lvcreate -an --type raid1 -m 0 -L 4M -n r10 vgt
expect mirrors-zero 3 '--mirrors must be at least 1 with segment type raid1'
lv lvcreate -an --type raid1 -m1 -L 400M -n r7 vgt
expect no-space 5 'Volume group "vgt" has insufficient free space \([0-9]+ extents\): 100 required'
lv lvcreate -an --type raid1 -m 64 -L 4M -n r11 vgt
expect too-many-mirrors 3 'Only up to 64 mirrors in raid1 supported currently'
lv lvcreate -an --type raid1 -m1 -L 4M -n r9_rimage_0 vgt
expect reserved-name 3 'reserved|_rimage'
check refusals-write-nothing test "$before" = "$(sums "$A" "$B" "$C" "$D")"
# The sub-LVs are internal: not removed, renamed or resized alone.
lv lvremove -f vgt/r9_rimage_0
expect remove-sub-refused 5 'internal part of another LV|uses it'
lv lvrename vgt r9_rmeta_0 x
expect rename-sub-refused 5

# mirror LVs next to raid1 ones: the first VM sequence
# (fixtures/raid1/make-mirror-in-vm.sh) on a fresh VG, the disk log on a PV
# without an image (the largest free area, as LVM2 chose it).
lv vgremove -f vgt
A=$(img a2.img 64M); B=$(img b2.img 64M); C=$(img c2.img 64M); D=$(img d2.img 64M)
lv vgcreate vgt "$A" "$B" "$C" "$D"
lv lvcreate -an --type raid1 -m1 -L 8M -n r1 vgt
lv lvcreate -an -m2 -L 12M -n r2 vgt --nosync
lv lvcreate -an --type raid1 -m1 -L 4M -R 1M -n r3 vgt "$C" "$D"
lv lvcreate -an --type mirror -m1 -L 8M -n m1 vgt
expect create-mirror 0 'Logical volume "m1" created'
lv lvcreate -an --type mirror -m1 --mirrorlog disk -L 8M -n m2 vgt
expect create-mirror-disk-log 0
same_vg_text mirror mirror.vg
lv lvs -a --noheadings -o lv_name,lv_attr,mirror_log,region_size vgt/m1 vgt/m1_mlog
check mirror-lvs grep -Eq '^ *m1 +mwi---m--- +\[m1_mlog\] +2.00m' "$T_DIR/out"
lv lvcreate -an --type mirror -m1 --mirrorlog core --nosync -L 4M -n m3 vgt
check mirror-nosync-warning grep -qx "  WARNING: New mirror won't be synchronised. Don't read what you didn't write!" "$T_DIR/err"
expect create-mirror-core 0
lv lvs --noheadings -o lv_attr,mirror_log vgt/m3
check mirror-core-nosync grep -Eq '^ *Mwi---m--- *$' "$T_DIR/out"
lv lvcreate -an --type mirror -m 8 -L 4M -n m4 vgt
expect mirror-too-many 3 'Only up to 8 mirrors in mirror supported currently'
lv lvcreate -an --type raid1 --mirrorlog core -L 4M -n m5 vgt
expect mirrorlog-not-raid 3 'does not accept option: --mirrorlog'
lv lvrename vgt m1 mm1
expect mirror-rename 0
lv lvs -a --noheadings -o lv_name,mirror_log,devices vgt/mm1 vgt/mm1_mlog vgt/mm1_mimage_1
check mirror-rename-subs test "$(grep -o mm1 "$T_DIR/out" | wc -l)" = 6
lv lvremove -f vgt/mm1 vgt/m3
expect mirror-remove 0
lv lvs -a --noheadings -o lv_name vgt
check mirror-remove-subs test "$(grep -c 'mm1\|m3' "$T_DIR/out")" = 0

# lvconvert -m needs the LV active (as LVM2); without device-mapper here it
# refuses and writes nothing (tests/kernel/raid-guest converts for real).
lv lvcreate -an -L 4M -n cv vgt
before=$(sums "$A" "$B" "$C" "$D")
lv lvconvert -y --type raid1 -m 1 vgt/cv
expect convert-inactive 5 'vgt/cv must be active to perform this operation'
lv lvconvert -y -m +1 vgt/r1
expect convert-raid-inactive 5 'vgt/r1 must be active to perform this operation'
lv lvconvert -m 1 vgt
expect convert-no-lv 3 'Please specify a logical volume path'
lv lvconvert -y -m -5 vgt/r1
expect convert-too-few 3 "Can't remove 5 images from 2"
lv lvconvert -y -m 1 vgt/nosuch
expect convert-missing 5 'Failed to find logical volume "vgt/nosuch"'
lv lvcreate -an --type raid1 -m +1 -L 4M -n r12 vgt
expect lvcreate-signed-mirrors 3 'Invalid argument for --mirrors: \+1'
check convert-writes-nothing test "$before" = "$(sums "$A" "$B" "$C" "$D")"

# lvextend of an (inactive) raid1: each image grows on its own PV, after the
# LV that blocks it there; lvreduce shrinks every image (rmeta stays);
# mirrors likewise; a sub-LV or a size below 1 extent is refused, nothing written.
lv lvcreate -an --type raid1 -m1 -L 4M -n gx vgt "$A" "$B"
lv lvcreate -an -L 4M -n block vgt "$A"
lv lvextend -L +4M vgt/gx
expect extend-raid1 0 'Extending 2 mirror images'
lv lvs -a --noheadings -o lv_name,lv_size,seg_pe_ranges --units m vgt/gx vgt/gx_rimage_0 vgt/gx_rimage_1
check extend-raid1-size grep -Eq '^ *gx +8.00m' "$T_DIR/out"
check extend-raid1-image0-own-pv test "$(grep -c 'gx_rimage_0.*a2.img' "$T_DIR/out")" = 2
check extend-raid1-image1-own-pv grep -Eq 'gx_rimage_1\] .*b2.img:[0-9]+-[0-9]+' "$T_DIR/out"
lv lvcreate -an --type mirror -m1 -L 4M -n mx vgt
before=$(sums "$A" "$B" "$C" "$D")
lv lvreduce -f -L 4M vgt/gx_rimage_0
expect reduce-raid-image-refused 5 'Cannot resize a RAID image directly'
lv lvreduce -f -L 4M vgt/gx_rmeta_1
expect reduce-raid-meta-refused 5 'Cannot resize a RAID metadata area directly'
lv lvextend -L +4M vgt/mx_mlog
expect extend-mlog-refused 5 "Can't resize internal logical volume vgt/mx_mlog."
lv lvreduce -f -l -100 vgt/mx
expect reduce-below-one-refused 5 'Unable to reduce vgt/mx below 1 extent.'
lv lvextend -L +1G vgt/mx
expect extend-mirror-no-space 5 'Insufficient free space: 512 extents needed, but only'
check resize-refusals-write-nothing test "$before" = "$(sums "$A" "$B" "$C" "$D")"
lv lvreduce -f -L -4M vgt/gx
expect reduce-raid1 0 'Size of logical volume vgt/gx changed from 8.00 MiB \(2 extents\) to 4.00 MiB \(1 extents\)'
check reduce-inactive-no-warning bash -c "! grep -q 'Reducing' '$T_DIR/err'"
lv lvs -a --noheadings -o lv_name,lv_size --units m vgt/gx vgt/gx_rimage_0 vgt/gx_rimage_1 vgt/gx_rmeta_0
check reduce-raid1-sizes test "$(grep -c '4.00m' "$T_DIR/out")" = 4
lv lvextend -L +4M vgt/mx
expect extend-mirror 0 'Extending 2 mirror images'
lv lvs -a --noheadings -o lv_name,lv_size --units m vgt/mx vgt/mx_mimage_0 vgt/mx_mimage_1 vgt/mx_mlog
check extend-mirror-sizes test "$(grep -c '8.00m' "$T_DIR/out")" = 3
check extend-mirror-log-kept grep -Eq 'mx_mlog\] +4.00m' "$T_DIR/out"
# the image count it has: LVM2's warning, success, nothing written
before=$(sums "$A" "$B" "$C" "$D")
lv lvconvert -y -m 2 vgt/r2
expect same-count 0 '^  WARNING: vgt/r2 already has image count of 3\.$'
lv lvcreate -an -L 4M -n lin2 vgt
before=$(sums "$A" "$B" "$C" "$D")
lv lvconvert -y -m 0 vgt/lin2
expect same-count-linear 0 '^  WARNING: vgt/lin2 already has image count of 1\.$'
check same-count-nothing-written test "$before" = "$(sums "$A" "$B" "$C" "$D")"
t_done
