#!/bin/bash
# Thin pools and thin LVs made by lvmgr on loop devices (no kernel here:
# the pool messages stay queued in the metadata, in LVM2's format): LVM2
# reads the VG (vgck clean) and reports the same fields; LVM2 changes it
# and lvmgr reads LVM2's text back (lvs identical again). Tables and the
# kernel side are tests/kernel/thin-guest's.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 256M)"; L1=$LOOP
attach "$(img b.img 256M)"; L2=$LOOP
lvm_conf
lv vgcreate vg "$L1" "$L2"
expect setup 0
lv lvcreate -an --type thin-pool -L 40M -n pool vg
expect pool 0
lv lvcreate -an -V 100M -T vg/pool -n t1
expect thin 0
lv lvcreate -an -T vg/pool2 -L 12M -c 256k -Zn --discards nopassdown --errorwhenfull y
expect pool-options 0
lv lvcreate -an -V 30M -L 8M -T vg/pool3 -n t3
expect thin-and-pool 0
lv lvcreate -an -s vg/t1 -n s1
expect snapshot 0
F=lv_name,lv_attr,pool_lv,origin,thin_id,transaction_id,chunk_size,discards,zero,lv_when_full,lv_metadata_size,lv_size,seg_pe_ranges,devices,segtype,lv_uuid
agree() {	# agree NAME: LVM2's vgck clean and lvs json identical
	l2 vgck vg
	if [ "$RC" != 0 ]; then fail "$1-vgck"; sed 's/^/#   /' "$T_DIR/err"; else pass "$1-vgck"; fi
	l2 lvs -a --reportformat json -o "$F" vg; jq -S ".report[0].lv | map(.lv_attr |= (.[0:4] + .[6:])) | sort_by(.lv_name)" "$T_DIR/out" >"$T_DIR/l2.json"
	lv lvs -a --reportformat json -o "$F" vg; jq -S ".report[0].lv | map(.lv_attr |= (.[0:4] + .[6:])) | sort_by(.lv_name)" "$T_DIR/out" >"$T_DIR/lg.json"
	if cmp -s "$T_DIR/l2.json" "$T_DIR/lg.json"; then pass "$1-lvs"; else fail "$1-lvs"; diff "$T_DIR/l2.json" "$T_DIR/lg.json" | head; fi
}
agree lvmgr-made
lv lvextend -L +8M vg/pool
agree lvmgr-extended-pool
lv lvextend --poolmetadatasize +4M vg/pool
agree lvmgr-extended-metadata
lv lvremove -y vg/s1
agree lvmgr-removed-thin
# lvchange --errorwhenfull: the flag where LVM2 puts it (the pool's
# section byte for byte against LVM2's own change), read by each tool.
pool_section() { sed -n '/^\t\tpool {/,/^\t\t}/p' "$1"; }
lv lvchange --errorwhenfull y vg/pool
expect lvmgr-errorwhenfull 0
agree lvmgr-errorwhenfull
lv vgcfgbackup -f "$T_DIR/ewf-lvmgr" vg
lv lvchange --errorwhenfull y vg/pool
expect lvmgr-errorwhenfull-again 5
lv lvchange --errorwhenfull n vg/pool
expect lvmgr-errorwhenfull-n 0
l2 lvchange --errorwhenfull y vg/pool
if [ "$RC" = 0 ]; then pass lvm2-errorwhenfull; else fail lvm2-errorwhenfull; sed 's/^/#   /' "$T_DIR/err"; fi
agree lvm2-errorwhenfull
lv vgcfgbackup -f "$T_DIR/ewf-lvm2" vg
if [ -n "$(pool_section "$T_DIR/ewf-lvm2")" ] && diff <(pool_section "$T_DIR/ewf-lvmgr") <(pool_section "$T_DIR/ewf-lvm2"); then
	pass errorwhenfull-text-as-lvm2
else
	fail errorwhenfull-text-as-lvm2
fi
# LVM2 changes the VG; lvmgr reads LVM2's text.
l2 lvrename vg/t3 t3b
if [ "$RC" = 0 ]; then pass lvm2-rename; else fail lvm2-rename; sed 's/^/#   /' "$T_DIR/err"; fi
l2 lvextend -L +8M vg/t1
if [ "$RC" = 0 ]; then pass lvm2-extend-thin; else fail lvm2-extend-thin; sed 's/^/#   /' "$T_DIR/err"; fi
lv vgck vg
expect lvmgr-reads-lvm2 0
agree lvm2-changed
lv lvremove -f vg/pool3
expect lvmgr-removes-pool 0
agree lvmgr-removed-pool
# lvconvert to a pool and an external-origin snapshot by lvmgr: LVM2 reads them.
lv lvcreate -an -L 8M -n cd vg
lv lvcreate -an -L 4M -n cm vg
lv lvconvert -y --type thin-pool --poolmetadata vg/cm vg/cd
expect lvmgr-converts 0
agree lvmgr-converted
lv lvcreate -an -L 8M -n ro vg
lv lvchange -pr vg/ro
lv lvcreate -an -s --thinpool vg/pool vg/ro -n ex
expect lvmgr-external-origin 0
agree lvmgr-external-origin
t_done
