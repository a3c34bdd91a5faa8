#!/bin/bash
# lvconvert --splitmirrors 1 --trackchanges and --mergemirrors/--merge of
# raid1 images on image files (no kernel): LVM2 2.03.16's refusals (the
# VM test tests/kernel/track-guest runs them beside LVM2), each with
# nothing written; a tracked image (the metadata LVM2 writes for one,
# status ["READ", "VISIBLE"]) as lvs shows it, the table of its raid1 LV
# ("- -" in its slot, no devices for it), the commands a tracking LV
# refuses, and the merge of an inactive LV (metadata only, back to the text
# before the split). The split itself needs an active LV in sync: the VM.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M); B=$(img b.img 64M); C=$(img c.img 64M)
lv vgcreate vgt "$A" "$B" "$C"
lv lvcreate -an --type raid1 -m 2 -L 4M -n r vgt
lv lvcreate -an --type raid1 -m 1 -L 4M -n r2 vgt
lv lvcreate -an --type mirror -m 1 --mirrorlog core -L 4M -n m vgt
lv lvcreate -an -L 4M -n lin vgt
expect setup 0
S=$(sums "$A" "$B" "$C")
nothing_written() { [ "$(sums "$A" "$B" "$C")" = "$S" ]; }
refuse() {	# refuse NAME EXIT MESSAGE ARGS...
	local n=$1 want=$2 re=$3; shift 3
	lv "$@"
	expect "$n" "$want" "$re"
	check "$n-nothing-written" nothing_written
}
refuse linear 5 '^  Command on LV vgt/lin does not accept LV type linear\.$' lvconvert --splitmirrors 1 --trackchanges vgt/lin
refuse mirror 5 '^  Command on LV vgt/m does not accept LV type mirror\.$' lvconvert --splitmirrors 1 --trackchanges vgt/m
refuse two 5 '^  Exactly one image must be split off from vgt/r when tracking changes\.$' \
	lvconvert --splitmirrors 2 --trackchanges vgt/r
refuse all 5 '^  Unable to split images by specified amount\.$' lvconvert --splitmirrors 3 --trackchanges vgt/r
refuse name 3 '^  Command does not accept option: --trackchanges\.$' lvconvert --splitmirrors 1 --trackchanges --name s vgt/r
refuse inactive 5 '^  Unable to split image from vgt/r while not in-sync\.$' lvconvert --splitmirrors 1 --trackchanges vgt/r
refuse merge-hidden 5 '^  Operation not permitted on hidden LV vgt/r_rimage_0\.$' lvconvert --mergemirrors vgt/r_rimage_0
refuse merge-untracked 5 '^  vgt/r_rimage_0 cannot be merged because --trackchanges was not used\.$' \
	lvconvert --merge vgt/r_rimage_0
refuse merge-raid 5 '^  vgt/r cannot be merged because --trackchanges was not used\.$' lvconvert --mergemirrors vgt/r
refuse merge-linear 5 '^  vgt/lin cannot be merged because --trackchanges was not used\.$' lvconvert --merge vgt/lin
refuse merge-missing 5 'Failed to find logical volume "vgt/nope"' lvconvert --mergemirrors vgt/nope

# A tracked image, as LVM2's split writes it (tests/kernel/track-guest
# compares the split's text with LVM2's): r_rimage_2 VISIBLE, not WRITE.
lv vgcfgbackup -f "$T_DIR/before.vg" vgt
awk '/^\t\tr_rimage_2 \{/ { t = 1 } t && /status = / { sub(/\["READ", "WRITE"\]/, "[\"READ\", \"VISIBLE\"]"); t = 0 } { print }' \
	"$T_DIR/before.vg" >"$T_DIR/track.vg"
lv vgcfgrestore -f "$T_DIR/track.vg" vgt
expect restore-tracked 0
lv lvs -a --noheadings -o lv_name,lv_attr vgt
check lvs-tracked-image grep -Eq '^  r_rimage_2 +Iri---r---$' "$T_DIR/out"
check lvs-tracking-lv grep -Eq '^  r +rwi---r---$' "$T_DIR/out"
check lvs-hidden-image grep -Eq '^  \[r_rimage_1\] +Iwi---r---$' "$T_DIR/out"
lv lvchange -ay --dry-run vgt/r
check table-slot grep -Eq 'raid raid1 3 0 region_size 4096 3 \S+rmeta_0 \S+rimage_0 \S+rmeta_1 \S+rimage_1 - -$' "$T_DIR/out"
check table-no-image-devices bash -c "! grep -Eq 'r_r(image|meta)_2' '$T_DIR/out'"
S=$(sums "$A" "$B" "$C")
refuse again 5 '^  Conversion of tracking raid1 LV vgt/r is not supported\.$' lvconvert --splitmirrors 1 --trackchanges vgt/r
refuse m 5 '^  Conversion of tracking raid1 LV vgt/r is not supported\.$' lvconvert -y -m 1 vgt/r
refuse split-name 5 '^  Conversion of tracking raid1 LV vgt/r is not supported\.$' lvconvert -y --splitmirrors 1 --name s vgt/r
refuse image-convert 5 '^  Failed to find RaidLV of RAID subvolume vgt/r_rimage_2\.$' lvconvert -y -m 1 vgt/r_rimage_2
refuse resize 5 '^  Cannot resize logical volume vgt/r while it is tracking a split image\.$' lvresize -L 8M vgt/r
refuse image-resize 5 '^  Cannot resize a RAID image directly$' lvresize -L 8M vgt/r_rimage_2
refuse image-remove 5 "^  Can't remove logical volume vgt/r_rimage_2 used as RAID device\.$" lvremove -y vgt/r_rimage_2
refuse image-rename 5 '^  Cannot rename a RAID image directly$' lvrename vgt/r_rimage_2 vgt/zz
refuse rename-tracking 5 '^  Cannot rename r while it is tracking a split image$' lvrename vgt/r vgt/rr
refuse merge-mirror-image 5 '^  vgt/m_mimage_1 cannot be merged because --trackchanges was not used\.$' lvconvert --merge vgt/m_mimage_1
lv lvconvert --merge vgt/r_rimage_2
expect merge-inactive 0 '^  vgt/r_rimage_2 successfully merged back into vgt/r\.$'
lv vgcfgbackup -f "$T_DIR/merged.vg" vgt
# (the same lines: a restored visible LV comes first in the text, as in
# LVM2's, and keeps its place once hidden again)
check merge-text-as-before diff <(vg_text_mask "$T_DIR/before.vg" | sort) <(vg_text_mask "$T_DIR/merged.vg" | sort)
lv lvs -a --noheadings -o lv_name,lv_attr vgt/r_rimage_2
check merge-hidden-again grep -Eq '^  \[r_rimage_2\] +Iwi---r---$' "$T_DIR/out"
# lvremove of a tracking raid1 LV takes the image along, as LVM2
lv vgcfgrestore -f "$T_DIR/track.vg" vgt
lv lvremove -y vgt/r
expect remove-tracking 0 'Logical volume "r" successfully removed'
lv lvs -a --noheadings -o lv_name vgt
check remove-tracking-all bash -c "! grep -q 'r_r' '$T_DIR/out'"
t_done
