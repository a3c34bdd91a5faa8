#!/bin/bash
# LVs made by lvmgr: LVM2 reads the same layout (lvs json identical) and its
# vgck stays clean after every operation.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 64M)"; L1=$LOOP
attach "$(img b.img 64M)"; L2=$LOOP
attach "$(img c.img 64M)"; L3=$LOOP
lvm_conf
lv vgcreate vg0 "$L1" "$L2" "$L3"
expect setup 0
F=lv_name,seg_start_pe,seg_size_pe,segtype,stripes,stripe_size,seg_pe_ranges,devices,lv_uuid,lv_tags,lv_size
agree() {	# agree NAME: vgck clean and lvs json identical
	l2 vgck vg0
	if [ "$RC" != 0 ]; then fail "$1-vgck"; else pass "$1-vgck"; fi
	l2 lvs -a --reportformat json -o "$F" vg0; jq -S . "$T_DIR/out" >"$T_DIR/l2.json"
	lv lvs -a --reportformat json -o "$F" vg0; jq -S . "$T_DIR/out" >"$T_DIR/lg.json"
	if cmp -s "$T_DIR/l2.json" "$T_DIR/lg.json"; then pass "$1-lvs"; else fail "$1-lvs"; diff "$T_DIR/l2.json" "$T_DIR/lg.json" | head; fi
}
lv lvcreate -an -L 12M -n a vg0; agree create-linear
lv lvcreate -an -i 3 -I 128k -l 6 -n s vg0; agree create-striped
lv lvcreate -an -L 8M --addtag web -n t vg0 "$L2:0-5"; agree create-pv-range
lv lvextend -l +2 vg0/a; agree extend
lv lvextend -i 2 -l +4 vg0/a; agree extend-striped
lv lvreduce -f -l 3 vg0/a; agree reduce
lv lvrename vg0/t u; agree rename
lv lvremove vg0/s; agree remove
lv lvcreate -an -l 100%FREE -n rest vg0; agree create-100-free
t_done
