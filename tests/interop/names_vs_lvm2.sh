#!/bin/bash
# One name rule (metadata/names.c) for every command that names a new LV or
# VG: lvcreate -n, lvrename, vgcreate, vgrename accept and refuse the same
# names as LVM2 2.03.16, and a refusal changes nothing.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 32M)"; L1=$LOOP
attach "$(img b.img 32M)"; L2=$LOOP
lvm_conf
# run TOOL CMD: a fresh vg0 with LV "old" on L1 (L2 a free PV), CMD with TOOL
run() {
	lvm vgremove -ff vg0 >/dev/null 2>&1; lvm vgremove -ff "$NAME" >/dev/null 2>&1
	lvm pvcreate -ff -y "$L1" "$L2" >/dev/null 2>&1
	lvm vgcreate vg0 "$L1" >/dev/null 2>&1 && lvm lvcreate -an -l1 -n old vg0 >/dev/null 2>&1 || echo "setup failed"
	if [ "$1" = lvm ]; then lvm "${@:2}" >"$T_DIR/$1.out" 2>&1; else "$LVMGR" "${@:2}" >"$T_DIR/$1.out" 2>&1; fi
	echo "rc=$(( $? != 0 ))"
	lvm vgs --noheadings -o vg_name 2>/dev/null | sort
	lvm lvs --noheadings -o lv_name 2>/dev/null | sort
}
same() {	# same NAME CMD...
	local t=$1 a b; shift
	a=$(run lvm "$@"); b=$(run lvmgr "$@")
	if [ "$a" = "$b" ]; then pass "$t"; else
		fail "$t" "$*"; echo "    LVM2:  $(echo $a)"; echo "    lvmgr: $(echo $b)"
		sed 's/^/    lvm2 said: /' "$T_DIR/lvm.out"; sed 's/^/    lvmgr said: /' "$T_DIR/lvmgr.out"
	fi
}
i=0
for NAME in x_cdata x_cmeta x_corig x_cpool x_cvol x_wcorig x_mimage_0 x_mlog x_rimage_1 x_rmeta_1 \
	x_tdata x_tmeta x_vdata x_imeta x_iorig lvol0_pmspare x_vorigin pvmove0 snapshot2 "a b" . .. \
	a.b+c-d_e "$(printf 'n%.0s' {1..127})" "$(printf 'n%.0s' {1..128})" mapper disk dev lvm '' 'x/y'; do
	i=$((i + 1))
	same "lvcreate-$i" lvcreate -an -l1 -n "$NAME" vg0
	same "lvrename-$i" lvrename vg0 old "$NAME"
	same "vgrename-$i" vgrename vg0 "$NAME"
	same "vgcreate-$i" vgcreate "$NAME" "$L2"
done
lvm vgremove -ff vg0 >/dev/null 2>&1
t_done
