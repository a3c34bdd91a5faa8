#!/bin/bash
# Every commit parses back the text it is about to commit and compares it
# with the VG in memory (lvmgr/vgio_check.c). A writer bug, injected with
# LVMGR_TEST_EXPORT_SUB="FROM|TO" (the first FROM of the exported text
# becomes TO), fails the command with an internal error before the commit
# step: the disks still read as the old version, with the VG cache off,
# on and verifying.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M); B=$(img b.img 64M)
lv vgcreate vg0 "$A" "$B"
expect setup-vgcreate 0
for l in l1 l2; do lv lvcreate -an -L 4M -n $l vg0; done
expect setup-lvcreate 0

state() {	# what the disks say, read without the VG cache
	LVMGR_VG_CACHE=0 "$LVMGR" vgs --noheadings -o vg_seqno,lv_count vg0 2>&1
	LVMGR_VG_CACHE=0 "$LVMGR" lvs --noheadings -o lv_name,lv_size,devices,lv_attr vg0 2>&1
}
# bug NAME FROM TO MESSAGE-REGEX: lvcreate with that damage fails in every
# cache mode, and the disks read as before
bug() {
	local name=$1 before mode
	before=$(state)
	for mode in 0 1 verify; do
		LVMGR_VG_CACHE=$mode LVMGR_TEST_EXPORT_SUB="$2|$3" "$LVMGR" lvcreate -an -L 4M -n new vg0 \
			>"$T_DIR/out" 2>"$T_DIR/err"
		RC=$?
		expect "$name-cache-$mode-fails" 5 "Internal error: the metadata text of VG vg0 does not read back as the VG: $4\. Nothing committed\."
		check "$name-cache-$mode-old-version" test "$before" = "$(state)"
		lv vgck vg0
		expect "$name-cache-$mode-vgck" 0
	done
}

# the hook works: an unknown FROM changes nothing
LVMGR_TEST_EXPORT_SUB="no such text|no such texx" "$LVMGR" lvcreate -an -L 4M -n l3 vg0 >"$T_DIR/out" 2>"$T_DIR/err"
RC=$?
expect hook-no-match-commits 0
bug renamed 'l1 {' 'l9 {' 'LV l1 reads back as LV l9'
bug flag '"VISIBLE"' '"VISIBLX"' 'LV l1 reads back with other fields'
bug moved '"pv0", 0' '"pv1", 0' 'LV l1 reads back with other fields'
bug pv-size 'pe_count = 15' 'pe_count = 14' "the VG's fields or its PVs differ"
bug overlap 'extent_count = 1' 'extent_count = 2' 'it does not import: PV pv0 extent 1 is used by both LV l1 and LV l2'
bug unparsable 'seqno = ' 'seqno ! ' "it does not import: line 3: expected '=' after key"

# Afterwards commits work as ever (the precommitted texts are ignored).
lv lvcreate -an -L 4M -n l4 vg0
expect after-bugs-commits 0
lv lvs --noheadings -o lv_name vg0
check after-bugs-lvs test "$(out | tr -d ' ' | tr '\n' ' ')" = "l1 l2 l3 l4 "

# A VG with something an image cannot hold (an unknown VG field, kept as
# read) is compared as the text each exports as.
lv vgcfgbackup -f "$T_DIR/vg0.vg" vg0
expect odd-backup 0
sed 's/^\(\t*\)max_lv = 0/\1x_unknown_field = 7\n&/' "$T_DIR/vg0.vg" >"$T_DIR/odd.vg"
lv vgcfgrestore -f "$T_DIR/odd.vg" vg0
expect odd-restore 0
lv lvcreate -an -L 4M -n l5 vg0
expect odd-commits 0
check odd-field-kept grep -q x_unknown_field "$($LVMGR pvck --dump metadata "$A" >"$T_DIR/m"; echo "$T_DIR/m")"
bug odd-renamed 'l1 {' 'l9 {' 'line [0-9]+ of its export reads back as "l9 \{"'
bug odd-field 'x_unknown_field = 7' 'x_unknown_field = 8' 'line [0-9]+ of its export reads back as "x_unknown_field = 8"'
t_done
