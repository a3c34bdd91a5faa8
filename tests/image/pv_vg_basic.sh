#!/bin/bash
# PV and VG commands on image files: the happy paths and what they write.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M); B=$(img b.img 64M); C=$(img c.img 64M)

lv pvcreate "$A" "$B"
expect pvcreate 0 'Physical volume ".*a.img" successfully created'
check pvcreate-label-on-disk bash -c "dd if='$A' bs=512 skip=1 count=1 2>/dev/null | head -c 8 | grep -q LABELONE"
check pvcreate-registers-images grep -q "$A" "$LVM_SYSTEM_DIR/devices/lvmgr-images"

lv pvs --noheadings -o pv_name,vg_name,pv_attr,pv_size
check pvs-orphans bash -c "grep -c -- '---' '$T_DIR/out' | grep -q 2"

lv vgcreate vg0 "$A" "$B"
expect vgcreate 0 'Volume group "vg0" successfully created'
lv vgs --noheadings -o vg_name,pv_count,vg_size,vg_free,vg_extent_size,vg_seqno --units m --nosuffix
check vgs-values grep -Eq 'vg0 +2 +120.00 +120.00 +4.00 +1' "$T_DIR/out"

lv pvs --reportformat json -o pv_name,vg_name,pv_attr,pv_size,pv_free
check pvs-json bash -c "jq -e '.report[0].pv | length == 2 and .[0].vg_name == \"vg0\" and .[0].pv_attr == \"a--\" and .[0].pv_size == \"60.00m\"' '$T_DIR/out' >/dev/null"

lv vgextend vg0 "$C"
expect vgextend-creates-pv 0 'Physical volume ".*c.img" successfully created'
lv vgs --noheadings -o pv_count,vg_seqno vg0
check vgextend-3pvs grep -Eq '^ +3 +2 *$' "$T_DIR/out"

lv vgreduce vg0 "$C"
expect vgreduce 0 'Removed ".*c.img" from volume group "vg0"'
lv pvs --noheadings -o pv_name,vg_name "$C"
check vgreduce-orphan bash -c "! grep -q vg0 '$T_DIR/out'"

lv vgrename vg0 vg1
expect vgrename 0 'successfully renamed to "vg1"'
lv vgs --noheadings -o vg_name
check vgrename-visible grep -q vg1 "$T_DIR/out"

lv vgck vg1
expect vgck-clean 0

lv pvchange -x n "$A"
expect pvchange-x-n 0 'changed'
lv pvs --noheadings -o pv_attr "$A"
check pvchange-attr grep -q -- 'u--' "$T_DIR/out"	# LVM2: used, not allocatable
lv pvchange --addtag fast "$A"
lv pvs --noheadings -o pv_tags "$A"
check pvchange-tag grep -q fast "$T_DIR/out"

lv vgcfgbackup vg1
expect vgcfgbackup 0 'successfully backed up'
check backup-file test -s "$LVM_SYSTEM_DIR/backup/vg1"
lv vgcfgrestore -l vg1
expect vgcfgrestore-list 0 'vg1'

lv vgremove vg1
expect vgremove 0 'Volume group "vg1" successfully removed'
lv pvs --noheadings -o pv_name,vg_name
check vgremove-orphans bash -c "! grep -q vg1 '$T_DIR/out'"

lv pvremove "$A" "$B" "$C"
expect pvremove 0 'Labels on physical volume .* successfully wiped'
lv pvs --noheadings
check pvremove-gone test ! -s "$T_DIR/out"
# -- a VG of 20 PVs (past the PV-by-id index's threshold of 16 devices),
# listed in the metadata in another order than the scan finds them; then
# one missing, found by id among the rest
MANY=()
for i in $(seq 20); do MANY+=("$(img m$i.img 16M)"); done
lv vgcreate vgmany "${MANY[@]}"
expect many-vgcreate 0 'Volume group "vgmany" successfully created'
lv vgextend vgmany "$(img m21.img 16M)"
expect many-vgextend 0 'Volume group "vgmany" successfully extended'
lv vgs --noheadings -o pv_count,lv_count vgmany
check many-pv-count grep -Eq '^ +21 +0 *$' "$T_DIR/out"
lv pvs --noheadings -o pv_name,vg_name,pv_uuid
check many-pvs-all-in-vg test "$(grep -E 'm[0-9]+\.img +vgmany ' "$T_DIR/out" | awk '{print $1}' | sort -u | wc -l)" = 21
# each PV of the metadata on its own device: the uuid pvs shows is the label's
own_devices() {
	local f u n=0
	for f in $(grep -Eo '[^ ]*/m[0-9]+\.img' "$T_DIR/out"); do
		u=$(dd if="$f" bs=512 skip=1 count=1 2>/dev/null | tail -c +33 | head -c 32 |
			sed -E 's/(.{6})(.{4})(.{4})(.{4})(.{4})(.{4})(.{6})/\1-\2-\3-\4-\5-\6-\7/')
		grep -Eq "^ *$f +vgmany +$u *\$" "$T_DIR/out" || return 1
		n=$((n + 1))
	done
	[ "$n" = 21 ]
}
check many-pvs-own-device own_devices
lv lvcreate -an -l 8 -i 4 -n striped vgmany
expect many-lvcreate-striped 0 'Logical volume "striped" created'
mv "${MANY[6]}" "$T_DIR/moved.img"
lv pvs --noheadings -o pv_name,vg_name
check many-one-missing test "$(grep -c ' vgmany *$' "$T_DIR/out")-$(grep -c '^ *\[unknown\] *vgmany *$' "$T_DIR/out")" = 21-1
check many-missing-named grep -q "Couldn't find device with uuid" "$T_DIR/err"
mv "$T_DIR/moved.img" "${MANY[6]}"
lv vgs --noheadings -o pv_count vgmany
check many-back grep -Eq '^ +21 *$' "$T_DIR/out"

# pvcreate writes its devices at once: one that fails is named with the
# cause, the others are reported as they went, and the exit is non-zero.
F1=$(img f1.img 16M); F2=$(img f2.img 16M); F3=$(img f3.img 16M)
# writes 1-3 make f1 a PV; the 5th (f2's metadata area header) fails, and
# every write after it (as after a crash)
LVMGR_TEST_FAULT=writes=4 "$LVMGR" pvcreate "$F1" "$F2" "$F3" >"$T_DIR/out" 2>"$T_DIR/err"
RC=$?
expect pvcreate-one-fails 5 "f2.img: writing the metadata area header failed: Input/output error"
check pvcreate-fail-others-reported bash -c "grep -q 'f1.img\" successfully created' '$T_DIR/out' && ! grep -q 'f2.img\" successfully' '$T_DIR/out' && grep -q 'f3.img: zeroing the label area failed' '$T_DIR/err'"
lv pvs --noheadings -o pv_name "$F1" "$F2" "$F3"
check pvcreate-fail-first-is-pv bash -c "grep -q f1.img '$T_DIR/out' && ! grep -q f2.img '$T_DIR/out'"
lv pvcreate "$F2" "$F3"
expect pvcreate-after-failure 0
t_done
