#!/bin/bash
# PVs and VGs, both directions: what lvmgr writes LVM2 accepts and reports
# identically; what LVM2 wrote (with LVs) lvmgr changes and LVM2 still accepts.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 64M)"; L1=$LOOP
attach "$(img b.img 100M)"; L2=$LOOP
attach "$(img c.img 64M)"; L3=$LOOP
lvm_conf

# -- lvmgr writes, LVM2 checks and reads
lv pvcreate "$L1" "$L2"
expect lvmgr-pvcreate 0
l2 pvck "$L1"
expect lvm2-pvck-accepts 0 'Found label on'
lv vgcreate -s 8m vga "$L1" "$L2"
expect lvmgr-vgcreate 0
l2 vgck vga
expect lvm2-vgck-accepts 0
F=pv_name,vg_name,pv_fmt,pv_attr,pv_size,pv_free,pv_uuid,dev_size,pe_start,pv_mda_count,pv_mda_size,pv_mda_free,pv_pe_count,pv_pe_alloc_count
l2 pvs --reportformat json -o $F; cp "$T_DIR/out" "$T_DIR/l2.json"
lv pvs --reportformat json -o $F; cp "$T_DIR/out" "$T_DIR/lg.json"
check pvs-json-has-2 jqt '.report[0].pv | length == 2' "$T_DIR/l2.json"
check pvs-json-identical cmp -s <(jq -S . "$T_DIR/l2.json") <(jq -S . "$T_DIR/lg.json")
if ! cmp -s <(jq -S . "$T_DIR/l2.json") <(jq -S . "$T_DIR/lg.json"); then diff <(jq -S . "$T_DIR/l2.json") <(jq -S . "$T_DIR/lg.json") | head; fi
VF=vg_name,vg_uuid,vg_attr,vg_size,vg_free,vg_extent_size,vg_extent_count,vg_free_count,pv_count,lv_count,vg_seqno,vg_mda_count,vg_mda_free,vg_mda_size,max_lv,max_pv
l2 vgs --reportformat json -o $VF vga; cp "$T_DIR/out" "$T_DIR/l2.json"
lv vgs --reportformat json -o $VF vga; cp "$T_DIR/out" "$T_DIR/lg.json"
check vgs-json-has-1 jqt '.report[0].vg | length == 1' "$T_DIR/l2.json"
check vgs-json-identical cmp -s <(jq -S . "$T_DIR/l2.json") <(jq -S . "$T_DIR/lg.json")
if ! cmp -s <(jq -S . "$T_DIR/l2.json") <(jq -S . "$T_DIR/lg.json"); then diff <(jq -S . "$T_DIR/l2.json") <(jq -S . "$T_DIR/lg.json") | head; fi
lv vgextend vga "$L3"
l2 vgck vga
expect lvm2-vgck-after-vgextend 0
lv vgreduce vga "$L3"
l2 vgck vga
expect lvm2-vgck-after-vgreduce 0
l2 pvs --noheadings -o vg_name "$L3"
check lvm2-sees-orphan bash -c "! grep -q vga '$T_DIR/out'"
lv vgremove vga
l2 vgs vga
expect lvm2-sees-vgremove 5
lv pvremove "$L1" "$L2" "$L3"
expect lvmgr-pvremove 0

# -- LVM2 writes (with LVs), lvmgr changes, LVM2 still accepts
l2 pvcreate "$L1" "$L2" "$L3"
l2 vgcreate vgb "$L1" "$L2"
expect lvm2-vgcreate 0
l2 lvcreate -an -Zn -Wn -L 12M -n lin vgb
l2 lvcreate -an -Zn -Wn -i 2 -I 64k -L 16M -n str vgb
l2 lvextend -L +4M vgb/lin
LF=lv_name,seg_start_pe,seg_size_pe,segtype,stripes,stripe_size,seg_pe_ranges,lv_uuid
l2 lvs -a --reportformat json -o $LF vgb; jq -S . "$T_DIR/out" >"$T_DIR/lvs-before.json"
lv vgs --noheadings -o lv_count,pv_count vgb
check lvmgr-reads-lvm2-vg grep -Eq '^ +2 +2 *$' "$T_DIR/out"
lv vgextend vgb "$L3"
expect lvmgr-vgextend-lvm2-vg 0
l2 vgck vgb
expect lvm2-vgck-after-lvmgr-vgextend 0
lv vgrename vgb vgc
expect lvmgr-vgrename-lvm2-vg 0
l2 vgck vgc
expect lvm2-vgck-after-lvmgr-vgrename 0
lv vgreduce vgc "$L3"
expect lvmgr-vgreduce-lvm2-vg 0
l2 lvs -a --reportformat json -o $LF vgc; jq -S . "$T_DIR/out" >"$T_DIR/lvs-after.json"
check lvm2-lvs-before jqt '.report[0].lv | length == 3' "$T_DIR/lvs-before.json"
check lvm2-lvs-intact cmp -s "$T_DIR/lvs-before.json" "$T_DIR/lvs-after.json"
lv vgreduce vgc "$L2"
expect lvmgr-vgreduce-refuses-used-pv 5 'still in use'
l2 vgremove -f vgc
t_done
