#!/bin/bash
# vgsplit, vgmerge, vgexport, vgimport on image files: what moves, the
# attributes, and every refusal with the images' bytes unchanged; lvm's
# informational commands (version, segtypes, formats, dumpconfig) and -M.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 16M); B=$(img b.img 16M); C=$(img c.img 16M); D=$(img d.img 16M)
ALL=("$A" "$B" "$C" "$D")
lv pvcreate -M2 "$A" "$B" "$C"
expect pvcreate-M2 0
lv pvcreate --metadatatype lvm2 "$D"
expect pvcreate-metadatatype-lvm2 0
lv vgcreate -M lvm2 -s 1m vg0 "$A" "$B" "$C"
expect vgcreate-M 0
lv lvcreate -an -l 4 -n l1 vg0 "$A"
lv lvcreate -an -l 4 -n l2 vg0 "$B"
lv lvcreate -an -i 2 -I 64k -l 4 -n l3 vg0 "$B" "$C"
lv lvcreate -an -l 2 -n l4 vg0 "$C"
lv lvcreate -an --type zero -L 1m -n z vg0
expect setup-lvs 0

# refuse NAME RC REGEX ARGS...: the command fails so and writes nothing
refuse() {
	local name=$1 rc=$2 re=$3 before
	shift 3
	before=$(sums "${ALL[@]}")
	lv "$@"
	expect "$name" "$rc" "$re"
	check "$name-unchanged" test "$before" = "$(sums "${ALL[@]}")"
}
refuse M1-refused 3 'Invalid argument for --metadatatype: 1' pvcreate -M1 "$D"
refuse metadatatype-lvm1-refused 3 'Invalid argument for --metadatatype: lvm1' vgcreate --metadatatype lvm1 vgx "$D"
refuse split-args 3 'Existing VG, new VG and either physical volumes or logical volume required.' vgsplit vg0 vg1
refuse split-n-with-pvs 5 'A logical volume name cannot be given with physical volumes.' vgsplit -n l1 vg0 vg1 "$A"
refuse split-same 5 'Duplicate volume group name "vg0"' vgsplit vg0 vg0 "$A"
refuse split-both-sides 5 "Can't split Logical Volume l3 between two Volume Groups" vgsplit vg0 vg1 "$B"
refuse split-not-in-vg 5 "Physical volume $D not in volume group vg0" vgsplit vg0 vg1 "$D"
refuse split-no-lv 5 'Logical volume nope not in volume group vg0' vgsplit -n nope vg0 vg1
refuse split-bad-name 5 'Invalid vg name b@d.' vgsplit vg0 'b@d' "$A"
refuse split-missing-vg 5 'Volume group "nope" not found' vgsplit nope vg1 "$A"
refuse split-inherit 3 'Volume Group allocation policy cannot inherit from anything' vgsplit --alloc inherit vg0 vg1 "$A"

# -- vgsplit into a new VG: the PV and its LV move, the rest stays
lv vgsplit vg0 vg1 "$A"
expect split-new 0 'New volume group "vg1" successfully split from "vg0"'
lv vgs --noheadings -o vg_name,pv_count,lv_count,vg_attr,vg_extent_size,vg_seqno --units k
check split-vgs bash -c "grep -Eq '^ +vg0 +2 +3 +wz--n- +1024.00k +7 *$' '$T_DIR/out' && grep -Eq '^ +vg1 +1 +2 +wz--n- +1024.00k +2 *$' '$T_DIR/out'"
lv lvs --noheadings -o lv_name,vg_name,seg_pe_ranges vg1
check split-lv-moved grep -Eq "^ +l1 +vg1 +$A:0-3 *$" "$T_DIR/out"
# an LV on no PV goes with the PVs, as LVM2's _move_lvs moves it
check split-zero-lv-moves grep -Eq "^ +z +vg1 *$" "$T_DIR/out"
lv vgck vg1
expect split-vgck-new 0
lv vgck vg0
expect split-vgck-source 0
check split-backup-new test -s "$LVM_SYSTEM_DIR/backup/vg1"
# -n LV whose PVs are all the source has: every PV and LV moves, the
# source is gone (as LVM2); then back with vgsplit of every PV
lv vgsplit -n l3 vg0 vg2
expect split-n-every-pv 0 'New volume group "vg2" successfully split from "vg0"'
lv vgs --noheadings -o vg_name,pv_count,lv_count
check split-every-pv-source-gone bash -c "! grep -q ' vg0 ' '$T_DIR/out' && grep -Eq '^ +vg2 +2 +3 *$' '$T_DIR/out'"
check split-every-pv-archive ls "$LVM_SYSTEM_DIR"/archive/vg0_* >/dev/null
lv vgsplit vg2 vg0 "$B" "$C"
expect split-every-pv-back 0
lv vgck vg0
expect split-every-pv-vgck 0
# into an existing VG: new-VG options refused; every PV moves into it
lv vgcreate -s 1m vg3 "$D"
expect vgcreate-vg3 0
refuse split-existing-new-option 5 'Volume group "vg3" exists, but new VG option specified' vgsplit -l 10 vg1 vg3 "$A"
lv vgsplit vg1 vg3 "$A"
expect split-existing-every-pv 0 'Existing volume group "vg3" successfully split from "vg1"'
lv vgs --noheadings -o vg_name,pv_count,lv_count vg3
check split-existing-counts grep -Eq '^ +vg3 +2 +2 *$' "$T_DIR/out"
lv vgsplit vg3 vg1 "$A"
expect split-existing-back 0
# an existing VG with an LV of the same name as one that moves
lv lvcreate -an -l 1 -n l4 vg3
refuse split-existing-name-clash 5 'Duplicate logical volume name "l4" in "vg3" and "vg0"' vgsplit vg0 vg3 "$C"
lv vgremove -f vg3
expect vgremove-vg3 0

# -- vgmerge: vg1 (l1 on a.img) back into vg0
lv vgmerge vg0 vg1
expect merge 0 'Volume group "vg1" successfully merged into "vg0"'
lv vgs --noheadings -o vg_name,pv_count,lv_count vg0
check merge-counts grep -Eq '^ +vg0 +3 +5 *$' "$T_DIR/out"
lv vgs vg1
expect merge-source-gone 5 'Volume group "vg1" not found'
lv vgck vg0
expect merge-vgck 0
refuse merge-same 5 'Duplicate volume group name "vg0"' vgmerge vg0 vg0
# vg3 (d.img, extent 1m): an LV name clash, then a 4m VG
lv vgcreate -s 1m vg3 "$D"
lv lvcreate -an -l 1 -n l1 vg3
refuse merge-name-clash 5 'Duplicate logical volume name "l1" in "vg0" and "vg3"' vgmerge vg0 vg3
lv vgremove -f vg3
lv vgcreate -s 4m vg3 "$D"
refuse merge-extent-size 5 'Extent sizes differ: 2048 \(vg0\) and 8192 \(vg3\)' vgmerge vg0 vg3
lv vgremove -f vg3
lv vgcreate -s 1m -p 3 vg3 "$D"
refuse merge-max-pv 5 'Maximum number of physical volumes \(3\) exceeded' vgmerge vg3 vg0
lv vgremove -f vg3
# -l as LVM2 takes it (it prints nothing more)
lv vgcreate -s 1m vg3 "$D"
lv vgmerge -l vg0 vg3
expect merge-list-option 0 'successfully merged'
lv vgs --noheadings -o pv_count vg0
check merge-list-counts grep -Eq '^ +4 *$' "$T_DIR/out"
# -n LV into a new VG: its PV, and every LV there, move; then back
lv vgsplit -n l1 vg0 vg1
expect split-n-lv 0 'New volume group "vg1" successfully split from "vg0"'
lv lvs --noheadings -o lv_name vg1
check split-n-lv-moved test "$(out | tr -d ' ' | tr '\n' ' ')" = "l1 z "
lv vgmerge vg0 vg1
expect merge-back 0

# -- vgexport / vgimport
refuse export-no-args 3 'Please supply volume groups or use --select for selection or use -a for all.' vgexport
refuse export-a-and-name 3 'No arguments permitted when using -a for all.' vgexport -a vg0
lv vgexport vg0
expect export 0 'Volume group "vg0" successfully exported'
lv vgs --noheadings -o vg_attr,vg_exported vg0
check export-vg-attr grep -Eq '^ +wzx-n- +exported *$' "$T_DIR/out"
lv pvs --noheadings -o pv_attr,pv_exported "$A"
check export-pv-attr grep -Eq '^ +ax- +exported *$' "$T_DIR/out"
lv pvck --dump metadata "$A"
check export-flags-in-text bash -c "grep -q '^status = \[\"EXPORTED\", \"RESIZEABLE\", \"READ\", \"WRITE\"\]' '$T_DIR/out' && grep -q 'status = \[\"ALLOCATABLE\", \"EXPORTED\"\]' '$T_DIR/out'"
for cmdline in "lvcreate -an -l 1 -n x vg0" "lvremove -y vg0/l1" "vgchange -an vg0" "vgextend vg0 $D" \
	"vgremove -f vg0" "lvs vg0" "vgexport vg0" "vgsplit vg0 vgy $A" "vgck vg0"; do
	set -- $cmdline
	refuse "exported-$1" 5 'Volume group vg0 is exported' "$@"
done
# commands on every VG skip it quietly; the allowed ones show it
lv lvs
expect exported-lvs-all-skips 0
check exported-lvs-all-empty test ! -s "$T_DIR/out"
lv vgdisplay vg0
expect exported-vgdisplay 0
lv vgcfgbackup vg0
expect exported-vgcfgbackup 0
lv vgimport vg0
expect import 0 'Volume group "vg0" successfully imported'
lv vgs --noheadings -o vg_attr vg0
check import-attr grep -Eq '^ +wz--n- *$' "$T_DIR/out"
lv pvck --dump metadata "$A"
check import-no-flag bash -c "! grep -q EXPORTED '$T_DIR/out'"
refuse import-not-exported 5 'Volume group "vg0" is not exported' vgimport vg0
lv vgexport -a
expect export-all 0 'successfully exported'
lv vgimport -a
expect import-all 0 'Volume group "vg0" successfully imported'
lv lvcreate -an -l 1 -n after vg0
expect usable-after-import 0

# -- LVM2's vgsplit-usage cases: the new VG's limits from the options or
# the source; an existing VG's limits; a PV without metadata area alone
F=$(img f.img 16M); G=$(img g.img 16M); H=$(img h.img 16M); K=$(img k.img 16M)
ALL=("$F" "$G" "$H" "$K")
lv pvcreate "$F" "$G" "$H"
lv pvcreate --pvmetadatacopies 0 "$K"
lv vgcreate -p 5 -l 7 vgu "$F" "$G"
lv vgsplit --maxphysicalvolumes 128 vgu vgv "$F"
expect usage-split-maxpv 0
lv vgs --noheadings -o vg_name,max_pv,max_lv vgv
check usage-split-maxpv-set grep -Eq '^ +vgv +128 +7 *$' "$T_DIR/out"
lv vgmerge vgu vgv
lv vgsplit vgu vgv "$F"
lv vgs --noheadings -o max_pv,max_lv vgv
check usage-split-limits-inherited grep -Eq '^ +5 +7 *$' "$T_DIR/out"
lv vgmerge vgu vgv
lv vgcreate -p 1 vgw "$H"
refuse usage-existing-maxpv 5 'Maximum number of physical volumes \(1\) exceeded' vgsplit vgu vgw "$F"
lv vgremove vgw
lv vgextend vgu "$K"
lv lvcreate -an -l 2 -n lk vgu "$K"
refuse usage-no-mda 5 'Cannot split: Nowhere to store metadata for new Volume Group' vgsplit vgu vgz "$K"
lv vgcreate -l 1 vgw "$H"
lv lvcreate -an -l 1 -n lw vgw
refuse usage-existing-maxlv 5 'Maximum number of logical volumes \(1\) exceeded' vgsplit vgu vgw "$K"

# -- vgconvert: LVM2 2.03's stub (lvm1 is gone): options parse, nothing changes
ALL=("$A" "$B" "$C" "$D")
refuse vgconvert-removed 5 'The vgconvert command has been removed along with the lvm1 format.' vgconvert -M2 vg0
refuse vgconvert-M1 3 'Invalid argument for --metadatatype: 1' vgconvert -M1 vg0

# -- version, segtypes, formats, dumpconfig; lvm as the program name
lv version
expect version 0 '^  LVM version:     [0-9]+\.[0-9]+ '
check version-configuration-line grep -q '^  Configuration:   ' "$T_DIR/out"
"$LVMGR" --version >"$T_DIR/out"
check version-option grep -q '^  LVM version:' "$T_DIR/out"
ln -s "$LVMGR" "$T_DIR/lvm"
"$T_DIR/lvm" version >"$T_DIR/out" 2>&1
check lvm-name-version grep -q '^  LVM version:' "$T_DIR/out"
"$T_DIR/lvm" vgs --noheadings -o vg_name >"$T_DIR/out" 2>&1
check lvm-name-command grep -q vg0 "$T_DIR/out"
lv segtypes
check segtypes bash -c "head -2 '$T_DIR/out' | tr -d ' ' | tr '\n' ' ' | grep -qx 'linear striped '"
lv formats
check formats test "$(out)" = "  lvm2"
lv dumpconfig --type default global/umask
expect dumpconfig 0
lv config --type default global/umask
check dumpconfig-is-config test "$(out)" = "$(lv dumpconfig --type default global/umask; out)"
t_done
