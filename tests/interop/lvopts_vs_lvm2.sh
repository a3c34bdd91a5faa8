#!/bin/bash
# lvcreate/lvchange -k|--setactivationskip, -M|--persistent --minor,
# --setautoactivation on lvcreate and vgcreate, lvcreate -l+N / -L+S,
# lvextend --type linear|striped: the same command sequence with LVM2
# 2.03.16 and with lvmgr gives the same exit statuses, the same metadata
# (the backup text of the LVs and of the VG's flags) and the same report.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 64M)"; L1=$LOOP
attach "$(img b.img 32M)"; L2=$LOOP
lvm_conf
CMDS=("lvchange -My --minor 100 vg0/x" "lvchange -My --major 253 --minor 101 vg0/x" "lvchange -My vg0/x"
	"lvchange -Mn vg0/x" "lvchange -Mn vg0/x" "lvchange -Mn --minor 3 vg0/x"
	"lvcreate -an -l1 -My --minor 7 -n p vg0" "lvchange -ky vg0/x" "lvchange -kn vg0/x" "lvchange -ky vg0/x"
	"lvcreate -an -ky -l1 -n k vg0" "lvcreate -an --setautoactivation n -l1 -n na vg0"
	"lvcreate -an -ky --setautoactivation n -l1 -n kna vg0" "vgcreate --setautoactivation n vgn $L2"
	"lvcreate -an -l+1 -n plus vg0" "lvcreate -an -L+4m -n plusL vg0" "lvcreate -an -l-1 -n minus vg0"
	"lvcreate -an -L-4m -n minusL vg0" "lvchange -My --minor 99999999 vg0/x"
	"lvextend --type linear -l+1 vg0/x" "lvextend --type striped -l+1 vg0/x" "lvextend --type bogus -l+1 vg0/x")
run() {	# run TOOL: the sequence on a fresh vg0, then what it left
	local tool=$1 cmd
	lvm vgremove -ff vg0 vgn >/dev/null 2>&1; lvm pvcreate -ff -y "$L1" "$L2" >/dev/null 2>&1
	lvm vgcreate -q vg0 "$L1" >/dev/null 2>&1; lvm lvcreate -an -l2 -n x vg0 >/dev/null 2>&1
	for cmd in "${CMDS[@]}"; do
		if [ "$tool" = lvm ]; then lvm $cmd >/dev/null 2>&1; else "$LVMGR" $cmd >/dev/null 2>&1; fi
		echo "$cmd: rc=$?"
	done >"$T_DIR/$tool.rc"
	lvm vgcfgbackup -f "$T_DIR/bk" vg0 >/dev/null 2>&1
	sed -n '/logical_volumes/,$p' "$T_DIR/bk" | grep -v 'creation_\|id = \|^$' >"$T_DIR/$tool.meta"
	lvm vgcfgbackup -f "$T_DIR/bk" vgn >/dev/null 2>&1
	sed -n '/^vgn/,/physical_volumes/p' "$T_DIR/bk" | grep -v 'id = \|^$' >>"$T_DIR/$tool.meta"
	lvm lvs --noheadings -o lv_name,lv_major,lv_minor,lv_skip_activation,lv_autoactivation vg0 2>/dev/null >"$T_DIR/$tool.lvs"
}
run lvm; run lvmgr
check exit-statuses diff "$T_DIR/lvm.rc" "$T_DIR/lvmgr.rc"
check metadata diff "$T_DIR/lvm.meta" "$T_DIR/lvmgr.meta"
check report diff "$T_DIR/lvm.lvs" "$T_DIR/lvmgr.lvs"
check metadata-has-flags grep -q 'FIXED_MINOR' "$T_DIR/lvm.meta"
# lvmgr's own report of the same VG
lv lvs --noheadings -o lv_name,lv_major,lv_minor,lv_skip_activation,lv_autoactivation vg0
check lvmgr-report diff "$T_DIR/lvm.lvs" "$T_DIR/out"
lvm vgremove -ff vg0 vgn >/dev/null 2>&1
t_done
