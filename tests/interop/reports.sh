#!/bin/bash
# Reports side by side with LVM2 on loop devices: a VG with linear, striped
# and multi-segment LVs; basic output byte for byte, json identical, for the
# default fields and for every field both tools have; fullreport identical.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 64M)"; L1=$LOOP
attach "$(img b.img 64M)"; L2=$LOOP
attach "$(img c.img 64M)"; L3=$LOOP
lvm_conf
l2 pvcreate "$L1" "$L2" "$L3"
l2 vgcreate vg0 "$L1" "$L2"
l2 lvcreate -an -Zn -Wn -L 8M -n lin vg0
l2 lvcreate -an -Zn -Wn -i 2 -I 64k -L 16M -n str vg0
l2 lvcreate -an -Zn -Wn -L 4M -n multi vg0
l2 lvextend -L +8M vg0/multi "$L2"
l2 lvextend -L +4M vg0/lin
l2 lvchange --addtag t1 --addtag t2 vg0/lin
expect lvm2-setup 0

same() {	# same NAME CMD...: stdout of both tools identical
	local name=$1
	shift
	# lv_attr state/open: LVM2 without activation prints XX, lvmgr -- (inactive)
	l2 "$@"; sed -E 's/([-a-zA-Z][rw][-a-zA-Z][-m])XX([-a-z]{4})/\1--\2/g' "$T_DIR/out" >"$T_DIR/l2.out"
	lv "$@"; cp "$T_DIR/out" "$T_DIR/lg.out"
	if cmp -s "$T_DIR/l2.out" "$T_DIR/lg.out" && [ -s "$T_DIR/l2.out" ]; then
		pass "$name"
	else
		fail "$name"
		diff "$T_DIR/l2.out" "$T_DIR/lg.out" | head -6
	fi
}
# The fields of a section both tools know (lvm2's -o help lists them).
l2 pvs -o help
fields() { awk -v s="$1" '/^  [A-Z]/ {sec = $0} sec ~ s && $1 ~ /^[a-z]/ && $1 !~ /_all$/ {print $1}' "$T_DIR/err" | sort -u; }
both() {	# both SECTION_REGEX: comma list of fields lvmgr has too
	local f out=""
	for f in $(fields "$1"); do
		"$LVMGR" pvs -o help 2>&1 | grep -q "^    $f " && out="$out,$f"
	done
	echo "${out#,}"
}
cp "$T_DIR/err" "$T_DIR/help"
PVF=$(both 'Physical Volume (Label )?Fields'); VGF=$(both 'Volume Group'); LVF=$(both 'Logical Volume (Fields|Device)')
SEGF=$(both 'Logical Volume Segment Fields')
check field-lists test -n "$PVF" -a -n "$VGF" -a -n "$LVF" -a -n "$SEGF"

for c in pvs vgs lvs "lvs -a" "lvs -o +devices,seg_pe_ranges" "pvs -a"; do
	same "basic-$c" $c
	same "json-$c" $c --reportformat json
done
same pvs-all-fields pvs -o "$PVF,vg_name"
same vgs-all-fields vgs -o "$VGF"
same lvs-all-fields lvs -a -o "$LVF,$SEGF"
same pvs-all-fields-json pvs -o "$PVF,vg_name" --reportformat json
same vgs-all-fields-json vgs -o "$VGF" --reportformat json
same lvs-all-fields-json lvs -a -o "$LVF,$SEGF" --reportformat json
same lvs-o-all lvs -o lv_all,seg_all
same pvs-units-b pvs --units b --nosuffix -o +pv_used,pe_start
same vgs-units-H vgs --units H -o +vg_extent_size,vg_mda_free
same sort-desc lvs -O -lv_size,lv_name -o +seg_count
same separator lvs --separator , -o lv_name,lv_size,devices
same separator-aligned pvs --separator : --aligned
same noheadings vgs --noheadings
same nameprefixes lvs --nameprefixes -o +lv_tags
same unquoted pvs --nameprefixes --unquoted --noheadings
same rows vgs --rows
same rows-separator pvs --rows --separator :
same binary pvs --binary -o +pv_allocatable,pv_missing,pv_in_use,pv_exported
same fullreport fullreport
same fullreport-json fullreport --reportformat json
same fullreport-vg-json fullreport --reportformat json vg0
same fullreport-units fullreport --units k --nosuffix
l2 pvs -o nosuchfield --reportformat json; cp "$T_DIR/out" "$T_DIR/l2.out"
lv pvs -o nosuchfield --reportformat json
check bad-field-json-same cmp -s "$T_DIR/l2.out" "$T_DIR/out"
l2 pvs -o help; grep -v '^  WARNING' "$T_DIR/err" >"$T_DIR/h2"
lv pvs -o help; cp "$T_DIR/err" "$T_DIR/hg"
check o-help-same cmp -s "$T_DIR/h2" "$T_DIR/hg"
# json_std needs LVM2 2.03.17; Debian 12 has 2.03.16, which refuses it.
l2 pvs --reportformat json_std
if [ "$RC" = 0 ]; then
	same json_std pvs --reportformat json_std -o +pv_pe_count,pv_tags,pv_allocatable
	same json_std-lvs lvs --reportformat json_std -o +devices,seg_count
fi
t_done
