#!/bin/bash
# Messages scripts grep, exit statuses and small report fields, against
# LVM2 2.03.16 on the same devices: each case runs with both tools and the
# LVM2 line (the exact words, taken from LVM2's stderr here) must appear in
# lvmgr's output too.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 32M)"; L1=$LOOP
attach "$(img b.img 32M)"; L2=$LOOP
attach "$(img c.img 32M)"; L3=$LOOP
attach "$(img d.img 4M)"; L4=$LOOP
lvm_conf
lvm vgcreate -q vg0 "$L1" >/dev/null 2>&1; lvm lvcreate -an -l2 -n x vg0 >/dev/null 2>&1
# same NAME REGEX CMD...: LVM2's line matching REGEX, and the exit status, from lvmgr too
same() {
	local t=$1 re=$2 want; shift 2
	lvm "$@" >"$T_DIR/l2" 2>&1; local r2=$?
	lvm pvremove -ff -y "$L2" "$L4" >/dev/null 2>&1
	lv "$@"; cat "$T_DIR/out" >>"$T_DIR/err"
	lvm pvremove -ff -y "$L2" "$L4" >/dev/null 2>&1
	want=$(grep -E -- "$re" "$T_DIR/l2" | head -1 | sed 's/^ *//')
	if [ -z "$want" ]; then fail "$t" "LVM2 said no /$re/"; sed 's/^/    lvm2: /' "$T_DIR/l2"
	elif [ "$r2" != "$RC" ]; then fail "$t" "exit $RC, LVM2 $r2"
	elif ! grep -qF -- "$want" "$T_DIR/err"; then fail "$t" "no line: $want"
	else pass "$t"; fi
}
same size-and-extents-lvcreate 'either size' lvcreate -an -L 8M -l 2 -n y vg0
same size-and-extents-lvextend 'either size' lvextend -L +8M -l +2 vg0/x
same size-and-extents-lvresize 'either size' lvresize -L 8M -l 2 vg0/x
same type-invalid 'Invalid argument for --type' lvcreate -an --type bogus -l 2 -n y vg0
same alloc-inherit-vgchange 'cannot inherit' vgchange --alloc inherit vg0
same alloc-inherit-vgcreate 'cannot inherit' vgcreate --alloc inherit vgx "$L2"
same mda-no-space 'Not enough space available for metadata area' pvcreate --pvmetadatacopies 2 --metadatasize 3m "$L4"
# a device held open exclusively (as a mounted filesystem holds it)
python3 -c "import os,time; fd=os.open('$L3', os.O_RDONLY|os.O_EXCL); time.sleep(3)" &
HOLD=$!; sleep 0.5
same excl-pvcreate 'exclusively' pvcreate "$L3"
same excl-vgcreate 'exclusively' vgcreate vgy "$L3"
wait $HOLD
# pv_attr of a PV made not allocatable: u--
lvm pvchange -x n "$L1" >/dev/null 2>&1
l2 pvs --noheadings -o pv_attr "$L1"; a=$(cat "$T_DIR/out")
lv pvs --noheadings -o pv_attr "$L1"
check pv-attr-not-allocatable test "$a" = "$(out)" -a -n "$a"
lvm pvchange -x y "$L1" >/dev/null 2>&1
# lv_modules of zero and error LVs
lvm lvcreate -an --type zero -L 8M -n z vg0 >/dev/null 2>&1; lvm lvcreate -an --type error -L 8M -n e vg0 >/dev/null 2>&1
l2 lvs --noheadings -o lv_name,lv_modules vg0; a=$(cat "$T_DIR/out")
lv lvs --noheadings -o lv_name,lv_modules vg0
check lv-modules test "$a" = "$(out)" -a -n "$a"
# pvck --dump metadata: the same lines as LVM2
l2 pvck --dump metadata "$L1"; grep -v 'Activation disabled' "$T_DIR/out" >"$T_DIR/want"
lv pvck --dump metadata "$L1"
check pvck-dump-metadata cmp -s "$T_DIR/want" "$T_DIR/out"
lvm vgremove -ff vg0 >/dev/null 2>&1
t_done
