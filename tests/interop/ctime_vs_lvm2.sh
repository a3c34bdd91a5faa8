#!/bin/bash
# vgcfgrestore of a backup whose creation_time is out of range (an LV's or
# the file header's: negative, past int64, not a number): the same outcome
# as LVM2 2.03.16 (its warning "Invalid creation_time found in metadata",
# the restore, the lv_time LVM2 then reports, or the refusal).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 32M)"; L1=$LOOP
lvm_conf
lvm vgcreate -q vg0 "$L1" >/dev/null 2>&1; lvm lvcreate -an -l2 -n x vg0 >/dev/null 2>&1
lvm vgcfgbackup -f "$T_DIR/bk" vg0 >/dev/null 2>&1
check setup grep -q 'creation_time' "$T_DIR/bk"
run() {	# run TOOL: restore bk2 with TOOL, print the outcome, restore bk with LVM2
	if [ "$1" = lvm ]; then lvm vgcfgrestore -f "$T_DIR/bk2" vg0 >"$T_DIR/o" 2>&1; else "$LVMGR" vgcfgrestore -f "$T_DIR/bk2" vg0 >"$T_DIR/o" 2>&1; fi
	echo "rc=$(( $? != 0 ))"
	grep -o 'Invalid creation_time found.*\|Restored volume group vg0\.' "$T_DIR/o"
	lvm lvs --noheadings -o lv_name,lv_time vg0 2>/dev/null
	lvm vgcfgrestore -f "$T_DIR/bk" vg0 >/dev/null 2>&1
}
i=0
for v in -1 99999999999999 9223372036854775807 9223372036854775808 18446744073709551615 99999999999999999999 1.5 '"x"'; do
	i=$((i + 1))
	sed "s/\(\t\t\tcreation_time = \)[0-9]*/\1$v/" "$T_DIR/bk" >"$T_DIR/bk2"
	a=$(run lvm); b=$(run lvmgr)
	if [ "$a" = "$b" ]; then pass "lv-$i"; else fail "lv-$i" "$v"; echo "    LVM2: $(echo $a)"; echo "    lvmgr: $(echo $b)"; fi
	sed "s/^creation_time = [0-9]*/creation_time = $v/" "$T_DIR/bk" >"$T_DIR/bk2"
	a=$(run lvm); b=$(run lvmgr)
	if [ "$a" = "$b" ]; then pass "header-$i"; else fail "header-$i" "$v"; echo "    LVM2: $(echo $a)"; echo "    lvmgr: $(echo $b)"; fi
done
lvm vgremove -ff vg0 >/dev/null 2>&1
t_done
