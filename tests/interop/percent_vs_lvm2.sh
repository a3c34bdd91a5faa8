#!/bin/bash
# Percentages in -l are upper limits, computed as LVM2 2.03 does (lvcreate:
# rounded down, %PVS without PVs = the VG's size, approximate allocation;
# lvextend/lvresize: rounded up, approximate for %VG/%FREE/%PVS and +%FREE):
# each case runs on a fresh VG with LVM2, then with lvmgr, and the exit
# status and the layout LVM2 reads must be the same.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 64M)"; L1=$LOOP
attach "$(img b.img 32M)"; L2=$LOOP
attach "$(img c.img 20M)"; L3=$LOOP
lvm_conf
F=lv_name,lv_size,seg_pe_ranges
# run TOOL PRE CMD: a fresh vg0 on the three PVs (15, 7 and 4 extents),
# the shell words PRE with LVM2 (may be empty), then CMD with TOOL
# (lvm or lvmgr); echoes "rc=N" and the layout LVM2 reads.
run() {
	local tool=$1 pre=$2 cmd=$3
	lvm vgremove -ff vg0 >/dev/null 2>&1
	lvm pvcreate -ff -y "$L1" "$L2" "$L3" >/dev/null 2>&1
	lvm vgcreate vg0 "$L1" "$L2" "$L3" >/dev/null 2>&1 || echo "setup failed"
	[ -n "$pre" ] && { eval "lvm $pre" >/dev/null 2>&1 || echo "pre failed"; }
	if [ "$tool" = lvm ]; then eval "lvm $cmd" >"$T_DIR/$tool.out" 2>&1; else eval "\"$LVMGR\" $cmd" >"$T_DIR/$tool.out" 2>&1; fi
	echo "rc=$(( $? != 0 ))"
	lvm lvs --noheadings -o $F vg0 2>&1
	lvm vgck vg0 2>&1
}
same() {	# same NAME PRE CMD
	local a b
	a=$(run lvm "$2" "$3"); b=$(run lvmgr "$2" "$3")
	if [ "$a" = "$b" ]; then pass "$1"; else
		fail "$1" "$3"; echo "    LVM2:  $(echo $a)"; echo "    lvmgr: $(echo $b)"
		sed 's/^/    lvm2 said: /' "$T_DIR/lvm.out"; sed 's/^/    lvmgr said: /' "$T_DIR/lvmgr.out"
	fi
}
same create-free-pv-holds-less "" "lvcreate -an -l 50%FREE -n x vg0 $L3"
same create-free-stripes-down "" "lvcreate -an -l 100%FREE -i 3 -n x vg0"
same create-free-stripes-2 "" "lvcreate -an -l 50%FREE -i 2 -n x vg0 $L2 $L3"
same create-vg "" "lvcreate -an -l 40%VG -n x vg0"
same create-vg-pv "" "lvcreate -an -l 40%VG -n x vg0 $L2"
same create-vg-more-than-free "lvcreate -an -l 20 -n y vg0" "lvcreate -an -l 50%VG -n x vg0"
same create-pvs-args "" "lvcreate -an -l 60%PVS -n x vg0 $L1 $L2"
same create-pvs-none "" "lvcreate -an -l 60%PVS -n x vg0"
same create-free "" "lvcreate -an -l 33%FREE -n x vg0"
same create-origin "" "lvcreate -an -l 10%ORIGIN -n x vg0"
same create-lv-pct "" "lvcreate -an -l 10%LV -n x vg0"
same extend-free-pv "lvcreate -an -l 4 -n x vg0 $L1" "lvextend -l +50%FREE vg0/x $L3"
same extend-vg "lvcreate -an -l 4 -n x vg0 $L1" "lvextend -l 50%VG vg0/x"
same resize-vg-pv "lvcreate -an -l 4 -n x vg0 $L1" "lvresize -l 90%VG vg0/x $L3"
same extend-pvs-pv "lvcreate -an -l 4 -n x vg0 $L1" "lvextend -l 80%PVS vg0/x $L2"
same extend-plus-pvs "lvcreate -an -l 4 -n x vg0 $L1" "lvextend -l +100%PVS vg0/x $L2 $L3"
same extend-plus-pvs-none "lvcreate -an -l 4 -n x vg0 $L1" "lvextend -l +60%PVS vg0/x"
same extend-plus-vg-toomuch "lvcreate -an -l 4 -n x vg0 $L1" "lvextend -l +90%VG vg0/x"
same extend-free-stripes "lvcreate -an -l 4 -n x vg0 $L1" "lvextend -i 3 -l +100%FREE vg0/x"
same resize-lv-pct "lvcreate -an -l 8 -n x vg0 $L1" "lvresize -f -l 50%LV vg0/x"
same extend-plus-lv-pct "lvcreate -an -l 4 -n x vg0 $L1" "lvextend -l +50%LV vg0/x"
same reduce-minus-free "lvcreate -an -l 12 -n x vg0 $L1" "lvreduce -f -l -50%FREE vg0/x"
same extend-origin "lvcreate -an -l 4 -n x vg0 $L1" "lvextend -l +10%ORIGIN vg0/x"
lvm vgremove -ff vg0 >/dev/null 2>&1
t_done
