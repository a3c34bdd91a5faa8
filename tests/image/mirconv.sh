#!/bin/bash
# lvconvert -m of mirror LVs on image files (no kernel: inactive LVs; the
# metadata and messages are compared with LVM2's in tests/interop/mirconv.sh,
# the active conversions in tests/kernel/mirconv-guest): the layouts after
# -m1, -m0 (the LV keeps its id), --type mirror -m1 of a linear LV, -m+1 of
# a core-log mirror and of a disk-log one (the layer); bad input with LVM2's messages and nothing written.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 32M); B=$(img b.img 32M); C=$(img c.img 32M); D=$(img d.img 32M)
lv vgcreate vgt "$A" "$B" "$C" "$D"
lv lvcreate -an --type mirror -m2 -L 4M -n m vgt "$A" "$B" "$C" "$D"
lv lvcreate -an -L 4M -n lin vgt "$A"
lv lvcreate -an -L 16M -n big vgt "$B"
lv lvcreate -an --type mirror -m1 --mirrorlog core -L 4M -n c vgt "$C" "$D"
lv lvcreate -an -i2 -L 8M -n st vgt "$C" "$D"
expect setup 0
# layout LV: "name:segtype:devices" of LV and its sub-LVs
layout() { "$LVMGR" lvs -a --noheadings --separator : -o lv_name,segtype,devices vgt 2>/dev/null |
	tr -d ' ' | grep -E "^\[?$1[]_:]" | sed "s|$T_DIR/||g" | tr '\n' ' '; }
is() { local got; got=$(layout "$2"); if [ "$got" = "$3" ]; then pass "$1"; else fail "$1"; echo "#   got: $got"; fi; }
id_m=$("$LVMGR" lvs --noheadings -o lv_uuid vgt/m | tr -d ' ')

# bad input first: LVM2's words, nothing written
before=$(sums "$A" "$B" "$C" "$D")
lv lvconvert --type mirror -m4 vgt/lin
expect bad-too-few-pvs 5 'Insufficient suitable allocatable extents for logical volume : 4 more required'
lv lvconvert --type mirror -m1 vgt/big "$C"
expect bad-no-space 5 'Insufficient free space: 5 extents needed, but only 4 available'
lv lvconvert --type mirror -m8 vgt/lin
expect bad-max 5 'Only up to 8 images in mirror supported currently\.'
lv lvconvert -m-3 vgt/m
expect bad-minus 5 'Unable to reduce images by specified amount - only 3 in m$'
lv lvconvert -m1 vgt/m "$A"
expect bad-image0-unsynced 5 'Unable to remove primary mirror image while mirror volume vgt/m is not in-sync\.'
# the log goes first (an inactive mirror: LVM2's question, no answer)
lv lvconvert -m1 --mirrorlog core vgt/m
expect bad-log-change-unanswered 5 "^  Logical volume vgt/m NOT converted.$"
# striped images (--stripes 2): not in lvmgr (a striped LV itself is
# mirrored, its segments as image 0: tests/kernel/lvm2mirror-cases)
lv lvconvert --type mirror -m1 --stripes 2 vgt/st
expect bad-striped 5 "Can't convert vgt/st: lvmgr does not make striped mirror images"
lv lvconvert --type linear vgt/lin
expect bad-linear-linear 5 "Can't convert vgt/lin to linear"
lv lvconvert --type mirror vgt/lin
expect bad-no-m 5 "Conversions to --type mirror require -m/--mirrors"
check bad-nothing-written test "$before" = "$(sums "$A" "$B" "$C" "$D")"

lv lvconvert -m1 vgt/m
expect m-1 0 'Logical volume vgt/m converted\.'
is m-1-layout m "m:mirror:m_mimage_0(0),m_mimage_1(0) [m_mimage_0]:linear:a.img(0) [m_mimage_1]:linear:b.img(0) [m_mlog]:linear:d.img(0) "
lv lvconvert -m0 vgt/m "$A" "$B"
expect m-0 0 'Logical volume vgt/m converted\.'
# image 1 (on a PV given) is the one that goes: image 0, on a PV given
# too, is not looked at (removing it would need a synced mirror)
is m-0-layout m "m:linear:a.img(0) "
check m-0-same-id test "$("$LVMGR" lvs --noheadings -o lv_uuid vgt/m | tr -d ' ')" = "$id_m"
lv lvconvert --type mirror -m1 --mirrorlog core vgt/lin
expect lin-mirror 0 'Conversion starts after activation\.'
is lin-mirror-layout lin "lin:mirror:lin_mimage_0(0),lin_mimage_1(0) [lin_mimage_0]:linear:a.img(1) [lin_mimage_1]:linear:b.img(5) "
lv lvconvert -m+1 vgt/c
expect c-plus1 0 'Logical volume vgt/c being converted\.'
is c-plus1-layout c "c:mirror:c_mimage_0(0),c_mimage_1(0),c_mimage_2(0) [c_mimage_0]:linear:c.img(1) [c_mimage_1]:linear:d.img(1) [c_mimage_2]:linear:a.img(2) "
# -m+1 of a disk-log mirror: LVM2's temporary layer d_mimagetmp_2 (the
# old mirror with its log) under a core-log mirror with the new image;
# --test writes nothing; while the layer is there, no other -m; an
# inactive LV's layer is not finished by "lvconvert VG/LV"
lv lvcreate -an --type mirror -m1 -L 4M -n d vgt "$A" "$B" "$C"
before=$(sums "$A" "$B" "$C" "$D")
lv lvconvert --test -m+1 vgt/d
expect d-plus1-test 0 'Logical volume vgt/d being converted\.'
check d-plus1-test-nothing-written test "$before" = "$(sums "$A" "$B" "$C" "$D")"
lv lvconvert -m+1 vgt/d
expect d-plus1 0 'Logical volume vgt/d being converted\.'
is d-plus1-layout d "d:mirror:d_mimagetmp_2(0),d_mimage_2(0) [d_mimage_0]:linear:a.img(3) [d_mimage_1]:linear:b.img(6) [d_mimage_2]:linear:d.img(0) [d_mimagetmp_2]:mirror:d_mimage_0(0),d_mimage_1(0) [d_mlog]:linear:c.img(0) "
# lvs of the layered mirror, as LVM2's (tests/kernel/mirpoll-guest: the
# active one): the LV 'c' (converting), Convert [d_mimagetmp_2] with its
# uuid, lv_converting; inactive images 'I'; no Cpy%Sync without a kernel
conv() { "$LVMGR" lvs -a --noheadings --separator : -o lv_name,lv_attr,convert_lv,lv_converting,copy_percent vgt 2>/dev/null |
	tr -d ' ' | grep -E "^\[?d[]_:]" | tr '\n' ' '; }
got=$(conv)
if [ "$got" = "d:cwi---m---:[d_mimagetmp_2]:converting: [d_mimage_0]:Iwi---m---::: [d_mimage_1]:Iwi---m---::: [d_mimage_2]:Iwi---m---::: [d_mimagetmp_2]:mwi---m---::: [d_mlog]:lwi---m---::: " ]; then
	pass d-plus1-lvs
else
	fail d-plus1-lvs; echo "#   got: $got"
fi
tmp_uuid=$("$LVMGR" lvs --noheadings -o lv_uuid vgt/d_mimagetmp_2 | tr -d ' ')
check d-plus1-convert-uuid test "$("$LVMGR" lvs --noheadings -o convert_lv_uuid vgt/d | tr -d ' ')" = "$tmp_uuid"
check d-plus1-select test "$("$LVMGR" lvs -a --noheadings -S lv_converting=1 -o lv_name vgt | tr -d ' ')" = d
# lvdisplay: LVM2's line after "Mirrored volumes" (seen in the VM)
lv lvdisplay vgt/d
check d-plus1-lvdisplay test "$(out | grep -A1 '^  Mirrored volumes       2$' | tail -n 1)" = '  LV type        Mirror undergoing conversion'
lv lvdisplay vgt/m
check m-lvdisplay-not-converting test -z "$(out | grep 'undergoing conversion')"
check m-not-converting test -z "$("$LVMGR" lvs --noheadings -o convert_lv,lv_converting vgt/m | tr -d ' ')"
before=$(sums "$A" "$B" "$C" "$D")
lv lvconvert -m+1 vgt/d
expect d-busy 5 'vgt/d is already being converted\.  Unable to start another conversion\.'
lv lvconvert -m0 vgt/d
expect d-busy-minus 5 'vgt/d is already being converted\.'
lv lvconvert vgt/d
expect d-plain-inactive 5 "Can't continue the conversion of vgt/d: it is not active\."
lv lvconvert vgt/st
expect plain-not-mirror 5 "^  Command on LV vgt/st does not accept LV type striped\.$"
check d-bad-nothing-written test "$before" = "$(sums "$A" "$B" "$C" "$D")"
t_done
