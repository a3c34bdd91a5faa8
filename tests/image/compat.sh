#!/bin/bash
# Behaviour compared with LVM2 2.03.16 (tests/interop/*_vs_lvm2.sh run the
# same cases against LVM2 itself): percentages as upper limits, one name
# rule, messages scripts grep.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M); B=$(img b.img 32M); C=$(img c.img 20M)
lv vgcreate vg0 "$A" "$B" "$C"
expect setup-vgcreate 0
# 15 + 7 + 4 extents: 50%FREE is 13, more than c.img holds: LVM2 takes its 4
lv lvcreate -an -l 50%FREE -n p1 vg0 "$C"
expect pct-free-pv-holds-less 0 'Logical volume "p1" created'
lv lvs --noheadings -o seg_size_pe vg0/p1
check pct-free-pv-holds-less-size grep -Eq '^ *4$' "$T_DIR/out"
lv lvremove -y vg0/p1
# 100%FREE over 3 stripes: 26 extents round down to 24, never up past the free space
lv lvcreate -an -l 100%FREE -i 3 -n s3 vg0
expect pct-stripes-round-down 0 'Rounding size \(26 extents\) down to stripe boundary size \(24 extents\)'
lv lvs --noheadings -o lv_size --units m --nosuffix vg0/s3
check pct-stripes-size grep -Eq '^ *48.00$' "$T_DIR/out"	# 4 per stripe: c.img's 4 (as LVM2)
lv lvremove -y vg0/s3
# %PVS without PVs is of the whole VG (LVM2): 60% of 26 = 15
lv lvcreate -an -l 60%PVS -n p2 vg0
lv lvs --noheadings -o lv_size --units m --nosuffix vg0/p2
check pct-pvs-no-args grep -Eq '^ *60.00$' "$T_DIR/out"
# lvextend +50%FREE (11, rounded up) with a PV of 4 free: takes the 4
lv lvextend -l +50%FREE vg0/p2 "$C"
expect pct-extend-free-upper-limit 0 'to 76.00 MiB \(19 extents\)'
lv lvresize -f -l 50%LV vg0/p2
expect pct-lv-resize 0 'to 40.00 MiB \(10 extents\)'
lv lvextend -l +10%ORIGIN vg0/p2
expect pct-origin-not-snapshot 5 'Specified LV does not have an origin LV.'
# one LV name rule: "vg0-NAME" must fit a dm name (LVM2: len + 3 + 3 < 128)
N122=$(printf 'n%.0s' {1..122}); N121=$(printf 'n%.0s' {1..121})
lv lvcreate -an -l1 -n "$N122" vg0
expect name-lvcreate-too-long 5 'may not exceed 121 characters'
lv lvrename vg0 p2 "$N122"
expect name-lvrename-too-long 3 'may not exceed 121 characters'
lv lvrename vg0 p2 x_cdata
expect name-lvrename-reserved 3 'Names including "_cdata" are reserved'
lv lvrename vg0 p2 "$N121"
expect name-lvrename-121 0
# backup/backup = 0: vgcfgbackup still writes the file it is asked for (LVM2)
BK=$LVM_SYSTEM_DIR/backup/vg0
rm -f "$BK"
lv vgcfgbackup --config 'backup/backup=0' vg0
expect backup0-vgcfgbackup 0 'Volume group "vg0" successfully backed up.'
check backup0-file-written test -s "$BK"
rm -f "$BK"
lv lvcreate --config 'backup/backup=0' -an -l1 -n nb vg0
check backup0-commit-no-file test ! -e "$BK"
# vgrename UUID NEW while two VGs share a name (the case the uuid form is for)
D1=$(img d1.img 16M); D2=$(img d2.img 16M)
lv pvcreate "$D1" "$D2"
lv vgcreate dup "$D1"
lv vgcreate --devices "$D2" dup "$D2"
expect dup-second-vg 0
U2=$("$LVMGR" vgs --devices "$D2" --noheadings -o vg_uuid dup | tr -d ' ')
lv vgrename "$U2" dup2
expect dup-vgrename-uuid 0 'Volume group "dup" successfully renamed to "dup2"'
lv pvs --noheadings -o pv_name,vg_name "$D1" "$D2"
check dup-renamed-the-right-one grep -Eq "d2.img +dup2" "$T_DIR/out"
check dup-other-kept grep -Eq "d1.img +dup *$" "$T_DIR/out"
# lvcreate -l+N / -L+S as LVM2 (the sign ignored), a minus refused
lv lvcreate -an -l +1 -n plus vg0
expect create-plus-extents 0 'Logical volume "plus" created'
lv lvcreate -an -l -1 -n minus vg0
expect create-minus-extents 3 'Extents may not be negative.'
# -k, --setautoactivation n, -My on lvcreate; -Mn, -ky on lvchange: flags as LVM2 writes them
lv lvcreate -an -ky --setautoactivation n -My --minor 77 -l1 -n flags vg0
expect create-flags 0
lv lvs --noheadings -o lv_attr,lv_minor,lv_skip_activation,lv_autoactivation vg0/flags
check create-flags-report grep -Eq -- '-wim-----k +77 +skip activation *$' "$T_DIR/out"
lv vgcfgbackup -f "$T_DIR/f.vg" vg0
check create-flags-text grep -q 'flags = \["ACTIVATION_SKIP", "NOAUTOACTIVATE"\]' "$T_DIR/f.vg"
lv lvchange -Mn -kn vg0/flags
lv lvs --noheadings -o lv_attr,lv_minor vg0/flags
check lvchange-mn-kn grep -Eq -- '-wi------- +-1' "$T_DIR/out"
lv lvchange -My vg0/flags
expect lvchange-my-needs-minor 3 'Please specify minor number with --minor when using -My.'
lv vgcreate --setautoactivation n vgna "$(img na.img 16M)"
lv vgs --noheadings -o vg_autoactivation vgna
check vgcreate-setautoactivation-n test -z "$(tr -d ' ' <"$T_DIR/out")"
# lvextend --type linear|striped
lv lvextend --type linear -l +1 vg0/plus
expect lvextend-type-linear 0 'successfully resized'
lv lvextend --type zero -l +1 vg0/plus
expect lvextend-type-zero-refused 5 'linear or striped extents only'
# -r needs the LV active (LVM2's words), refused before anything changes
S=$(sums "$A" "$B" "$C")
lv lvextend -r -l +1 vg0/plus
expect resizefs-inactive-refused 5 'Logical volume vg0/plus must be activated before resizing filesystem.'
check resizefs-inactive-unchanged test "$S" = "$(sums "$A" "$B" "$C")"
t_done
