#!/bin/bash
# vgimportclone on copied image files: new PV and VG uuids, a new name
# beside the original (VG1, VG2 ...; --basevgname), LV uuids kept; every
# refusal with the images' bytes unchanged.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 16M); B=$(img b.img 16M); E=$(img e.img 16M)
lv pvcreate "$A" "$B" "$E"
lv vgcreate vg0 "$A" "$B"
lv lvcreate -an -l 3 -n l1 vg0
expect setup 0
lv vgcreate vge "$E"
lv lvs --noheadings -o lv_uuid vg0/l1; LVID=$(out | tr -d ' ')
clone() {	# clone SUFFIX: copies of a.img and b.img
	cp --sparse=always "$A" "$T_DIR/a$1.img"
	cp --sparse=always "$B" "$T_DIR/b$1.img"
}
ALL=("$A" "$B" "$E")
refuse() {	# refuse NAME RC REGEX ARGS...: fails so, writes nothing
	local name=$1 rc=$2 re=$3 before
	shift 3
	before=$(sums "${ALL[@]}")
	lv "$@"
	expect "$name" "$rc" "$re"
	check "$name-unchanged" test "$before" = "$(sums "${ALL[@]}")"
}
clone 2
ALL+=("$T_DIR/a2.img" "$T_DIR/b2.img")
refuse clone-not-all-pvs 5 'is part of VG vg0, but is not included in the devices to import.' vgimportclone "$T_DIR/a2.img"
check clone-not-all-pvs-says-all grep -q 'All PVs in the VG must be imported together.' "$T_DIR/err"
refuse clone-other-vg 5 'Devices must be from the same VG.' vgimportclone "$T_DIR/a2.img" "$T_DIR/b2.img" "$E"
refuse clone-missing-dev 5 'Failed to find device' vgimportclone "$T_DIR/nope.img"
refuse clone-bad-basename 5 'VG name "b@d" has invalid character' vgimportclone -n 'b@d' "$T_DIR/a2.img" "$T_DIR/b2.img"

lv vgimportclone "$T_DIR/a2.img" "$T_DIR/b2.img"
expect clone-import 0
lv vgs --noheadings -o vg_name,pv_count,lv_count,vg_uuid
check clone-beside-original bash -c "grep -Eq '^ +vg0 +2 +1 ' '$T_DIR/out' && grep -Eq '^ +vg01 +2 +1 ' '$T_DIR/out'"
check clone-new-vg-uuid test "$(awk '$1 == "vg0" { print $4 }' "$T_DIR/out")" != "$(awk '$1 == "vg01" { print $4 }' "$T_DIR/out")"
lv pvs --noheadings -o pv_name,vg_name,pv_uuid
check clone-new-pv-uuids test "$(awk '{ print $3 }' "$T_DIR/out" | sort -u | wc -l)" = 5
check clone-pvs-in-clone test "$(grep -c ' vg01 ' "$T_DIR/out")" = 2
lv lvs --noheadings -o lv_uuid vg01/l1
check clone-lv-uuid-kept test "$(out | tr -d ' ')" = "$LVID"
lv vgck vg01
expect clone-vgck 0
lv vgck vg0
expect clone-original-vgck 0
# the name again: vg02; --basevgname taken: base1; free: as given
clone 3
lv vgimportclone "$T_DIR/a3.img" "$T_DIR/b3.img"
lv vgs --noheadings -o vg_name vg02
expect clone-second-vg02 0
clone 4
lv vgimportclone -n vge "$T_DIR/a4.img" "$T_DIR/b4.img"
lv vgs --noheadings -o vg_name vge1
expect clone-basevgname-taken-vge1 0
clone 5
lv vgimportclone --basevgname data "$T_DIR/a5.img" "$T_DIR/b5.img"
lv vgs --noheadings -o vg_name,pv_count data
check clone-basevgname-free grep -Eq '^ +data +2 *$' "$T_DIR/out"
# an exported VG: refused without --import, imported with it
lv vgexport vge
clone 6
cp --sparse=always "$E" "$T_DIR/e6.img"
ALL=("$A" "$B" "$E" "$T_DIR/e6.img")
refuse clone-exported 5 'VG vge is exported, use the --import option.' vgimportclone "$T_DIR/e6.img"
lv vgimportclone -i "$T_DIR/e6.img"
expect clone-import-exported 0
lv vgs --noheadings -o vg_name,vg_attr vge2
check clone-exported-now-imported grep -Eq '^ +vge2 +wz--n- *$' "$T_DIR/out"
# --test writes nothing
clone 7
before=$(sums "$T_DIR/a7.img" "$T_DIR/b7.img")
lv vgimportclone -t "$T_DIR/a7.img" "$T_DIR/b7.img"
expect clone-test 0
check clone-test-unchanged test "$before" = "$(sums "$T_DIR/a7.img" "$T_DIR/b7.img")"
t_done
