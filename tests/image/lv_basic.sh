#!/bin/bash
# LV commands on image files: create, extend, reduce, resize, rename, remove,
# with sizes, stripes, PV lists and bad input.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M); B=$(img b.img 64M)
lv vgcreate vg0 "$A" "$B"
expect setup-vgcreate 0

lv lvcreate -an -L 10M -n lin vg0
expect lvcreate-linear 0 'Rounding up size to full physical extent 12.00 MiB'
lv lvs --noheadings -o lv_name,lv_size,seg_count,segtype --units m --nosuffix vg0/lin
check lvcreate-size grep -Eq 'lin +12.00 +1 +linear' "$T_DIR/out"

lv lvcreate -an -i 2 -I 64k -l 4 -n str vg0
expect lvcreate-striped 0 'created'
lv lvs --noheadings -o stripes,stripe_size,devices vg0/str
check lvcreate-striped-layout grep -Eq '2 +64.00k .*a.img\([0-9]+\),.*b.img\([0-9]+\)' "$T_DIR/out"

lv lvcreate -an -l 50%FREE -n half vg0
expect lvcreate-percent-free 0
lv lvcreate -an -L 4M vg0
expect lvcreate-default-name 0 'Logical volume "lvol0" created'
lv lvcreate -an --type zero -L 1G -n zz vg0
expect lvcreate-zero 0
lv lvs --noheadings -o segtype vg0/zz
check lvcreate-zero-type grep -q zero "$T_DIR/out"

lv lvextend -L +8M vg0/lin
expect lvextend 0 'from 12.00 MiB \(3 extents\) to 20.00 MiB \(5 extents\)'
lv lvreduce -y -L 8M vg0/lin
expect lvreduce 0 'to 8.00 MiB \(2 extents\)'
lv lvresize -l +1 vg0/lin
expect lvresize 0 'successfully resized'
lv lvextend -L 4M vg0/lin
expect lvextend-smaller 5 'not larger than existing size'

S=$(sums "$A" "$B")
lv lvcreate -an -L 1T -n huge vg0
expect lvcreate-no-space 5 'insufficient free space'
lv lvcreate -an -L 4M -n lin vg0
expect lvcreate-duplicate 5 'already exists'
lv lvcreate -an -L 4M -n "lv_rimage_0" vg0
expect lvcreate-reserved 5 'reserved'
lv lvcreate -an -L 4M -n 'bad/name' vg0
expect lvcreate-bad-name 5 'invalid character'
lv lvcreate -an -L -4M -n neg vg0
expect lvcreate-negative 3 'Invalid argument'
lv lvcreate -an -n nosize vg0
expect lvcreate-no-size 3 'either size'
lv lvcreate -an -L 4M -l 1 vg0
expect lvcreate-both-sizes 3 'either size'
lv lvcreate -an -i 3 -L 4M vg0
expect lvcreate-too-many-stripes 5 'must not exceed number of physical volumes'
lv lvcreate -ay -L 4M -n act vg0
expect lvcreate-ay-refused 5 'device-mapper is not available'
lv lvcreate -an -L 4M -n x nosuchvg
expect lvcreate-no-vg 5 'Volume group "nosuchvg" not found'
lv lvreduce -L +4M vg0/lin
expect lvreduce-plus 3 'use lvextend'
check bad-lv-input-writes-nothing test "$S" = "$(sums "$A" "$B")"

lv lvcreate -an -L 4M -n onb vg0 "$B"
expect lvcreate-pv-list 0
lv lvs --noheadings -o devices vg0/onb
check lvcreate-on-named-pv grep -q b.img "$T_DIR/out"

lv lvremove vg0/lvol0
expect lvremove 0 'successfully removed'
# several LVs in one command: each change starts from the previous one
for n in m1 m2 m3 m4; do lv lvcreate -an -L 4M -n $n vg0; done
lv lvremove -y vg0/m1 vg0/m2 vg0/m3
expect lvremove-several 0
lv lvs --noheadings -o lv_name vg0
check lvremove-several-all-gone bash -c "! grep -Eq 'm1|m2|m3' '$T_DIR/out' && grep -q m4 '$T_DIR/out'"
lv lvchange --addtag t1 vg0/m4 --addtag t2
lv lvchange --deltag t1 vg0/m4 vg0/lin
lv lvs --noheadings -o lv_tags vg0/m4
check lvchange-sequential grep -Eq '^ *t2 *$' "$T_DIR/out"
lv vgck vg0
expect vgck-after-lv-changes 0
t_done
