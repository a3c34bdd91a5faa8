#!/bin/bash
# raid1 and mirror LVs made by lvmgr on loop devices: LVM2 reads the same
# layout (lvs -a json identical, vgck clean), and lvmgr reads the VG back
# after LVM2 changed it (rename, remove). lv_attr is compared in the VM
# (LVM2 with activation = 0 shows X for the unknown state). LVM2 cannot create these LVs
# without a kernel (the VM tests compare creation: tests/kernel/raid-guest,
# tests/image/raid.sh against LVM2's fixtures).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 64M)"; L1=$LOOP
attach "$(img b.img 64M)"; L2=$LOOP
attach "$(img c.img 64M)"; L3=$LOOP
lvm_conf
lv vgcreate vg0 "$L1" "$L2" "$L3"
expect setup 0
F=lv_name,segtype,stripes,region_size,seg_pe_ranges,devices,mirror_log,lv_uuid,lv_size
agree() {	# agree NAME: vgck clean and lvs -a json identical
	l2 vgck vg0
	if [ "$RC" != 0 ]; then fail "$1-vgck"; cat "$T_DIR/err"; else pass "$1-vgck"; fi
	l2 lvs -a --reportformat json -o "$F" vg0; jq -S . "$T_DIR/out" >"$T_DIR/l2.json"
	lv lvs -a --reportformat json -o "$F" vg0; jq -S . "$T_DIR/out" >"$T_DIR/lg.json"
	if [ -s "$T_DIR/l2.json" ] && cmp -s "$T_DIR/l2.json" "$T_DIR/lg.json"; then pass "$1-lvs"; else fail "$1-lvs"; diff "$T_DIR/l2.json" "$T_DIR/lg.json" | head; fi
}
lv lvcreate -an --type raid1 -m 1 -L 8M -n r1 vg0; agree create-raid1
lv lvcreate -an -m 2 --nosync -R 1M -L 4M -n r2 vg0; agree create-raid1-3-nosync
lv lvcreate -an --type mirror -m 1 -L 4M -n m1 vg0; agree create-mirror-disk-log
lv lvcreate -an --type mirror -m 1 --mirrorlog core -L 4M -n m2 vg0; agree create-mirror-core
lv lvextend -L +4M vg0/r1; agree extend-raid1
l2 lvrename vg0 r1 rr1
if [ "$RC" = 0 ]; then pass lvm2-renames; else fail lvm2-renames; fi
agree lvm2-rename
lv lvrename vg0 rr1 r1; agree lvmgr-renames-back
l2 lvremove -f vg0/r2
if [ "$RC" = 0 ]; then pass lvm2-removes; else fail lvm2-removes; cat "$T_DIR/err"; fi
agree lvm2-remove
lv lvremove -f vg0/m1; agree lvmgr-removes-mirror
t_done
