#!/bin/bash
# LVs made by LVM2: lvmgr reports them exactly as LVM2 does, and its
# lvrename/lvchange/lvremove leave metadata LVM2 accepts and agrees with.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 64M)"; L1=$LOOP
attach "$(img b.img 64M)"; L2=$LOOP
lvm_conf
l2 pvcreate "$L1" "$L2"
l2 vgcreate vg0 "$L1" "$L2"
l2 lvcreate -an -Zn -Wn -L 8M -n lv1 vg0
l2 lvcreate -an -Zn -Wn -i 2 -I 64k -L 16M -n lv-2 vg0
l2 lvcreate -an -Zn -Wn -L 4M -n lv3 vg0
l2 lvextend -L +4M vg0/lv1
l2 lvchange --addtag t1 vg0/lv1
expect lvm2-setup 0

F=lv_name,vg_name,seg_start_pe,seg_size_pe,segtype,stripes,stripe_size,seg_pe_ranges,devices,lv_path,lv_dm_path,lv_full_name,origin,pool_lv,lv_read_ahead,lv_allocation_policy,seg_start,seg_size,lv_uuid,lv_tags,lv_size,seg_count
same_lvs() {	# same_lvs NAME: lvs json of both tools identical
	l2 lvs -a --reportformat json -o "$F" vg0; jq -S . "$T_DIR/out" >"$T_DIR/l2.json"
	lv lvs -a --reportformat json -o "$F" vg0; jq -S . "$T_DIR/out" >"$T_DIR/lg.json"
	if cmp -s "$T_DIR/l2.json" "$T_DIR/lg.json" && jqt '.report[0].lv | length > 0' "$T_DIR/l2.json"; then
		pass "$1"
	else
		fail "$1"
		diff "$T_DIR/l2.json" "$T_DIR/lg.json" | head -10
	fi
}
same_lvs lvs-json-identical
lv lvs --noheadings -o lv_name,lv_attr vg0
check lvs-attr grep -Eq 'lv1 +-wi-------' "$T_DIR/out"

lv lvrename vg0/lv3 lv4
expect lvmgr-lvrename 0 'Renamed "lv3" to "lv4"'
l2 vgck vg0
expect lvm2-vgck-after-lvrename 0
same_lvs lvs-after-lvrename
lv lvrename vg0 lv4 lv1
expect lvrename-existing 5 'already exists'

lv lvchange -p r --addtag t2 --alloc contiguous vg0/lv4
expect lvmgr-lvchange 0 'changed'
l2 lvs --noheadings -o lv_attr,lv_tags,lv_allocation_policy vg0/lv4
check lvm2-sees-lvchange grep -Eq 'r.*t2 +contiguous' "$T_DIR/out"
same_lvs lvs-after-lvchange

S=$(sums "$T_DIR/a.img" "$T_DIR/b.img")
lv lvremove vg0/nothere
expect lvremove-missing 5 'Failed to find logical volume "vg0/nothere"'
lv lvchange -ay vg0/lv1
expect lvchange-activate-refused 5 'device-mapper is not available'
check refusals-write-nothing test "$S" = "$(sums "$T_DIR/a.img" "$T_DIR/b.img")"

lv lvremove vg0/lv4
expect lvmgr-lvremove 0 'Logical volume "lv4" successfully removed'
l2 vgck vg0
expect lvm2-vgck-after-lvremove 0
same_lvs lvs-after-lvremove
lv lvdisplay -m vg0/lv-2
check lvdisplay-maps grep -q 'Stripe size' "$T_DIR/out"
lv lvscan
check lvscan grep -q "'/dev/vg0/lv1'" "$T_DIR/out"
t_done
