#!/bin/bash
# lvconvert --splitmirrors and --type raid1 (of a mirror) on image files
# (no kernel): LVM2 2.03.16's
# refusals, checked against it in the VM (tests/kernel/raidconv-guest runs
# them side by side), each with nothing written. The splits themselves need
# an active LV in sync: the VM test.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M); B=$(img b.img 64M); C=$(img c.img 64M)
lv vgcreate vgt "$A" "$B" "$C"
lv lvcreate -an --type raid1 -m 2 -L 4M -n r vgt
lv lvcreate -an --type mirror -m 2 --mirrorlog core -L 4M -n m vgt
lv lvcreate -an -L 4M -n lin vgt
expect setup 0
S=$(sums "$A" "$B" "$C")
nothing_written() { [ "$(sums "$A" "$B" "$C")" = "$S" ]; }
refuse() {	# refuse NAME EXIT MESSAGE ARGS...
	local n=$1 want=$2 re=$3; shift 3
	lv lvconvert -y "$@"
	expect "$n" "$want" "$re"
	check "$n-nothing-written" nothing_written
}
refuse raid1-two 5 '^  Unable to split more than one image from vgt/r\.$' --splitmirrors 2 --name s vgt/r
refuse raid1-all 5 '^  Unable to split images by specified amount\.$' --splitmirrors 3 --name s vgt/r
refuse mirror-all 5 '^  Unable to reduce images by specified amount - only 3 in m$' --splitmirrors 3 --name s vgt/m
refuse mirror-several 5 'Cannot split 2 images of mirror vgt/m at once' --splitmirrors 2 --name s vgt/m
refuse reserved 3 '^  Names including "_rimage" are reserved\. Please choose a different LV name\.$' \
	--splitmirrors 1 --name r_rimage_9 vgt/r
refuse exists 5 '^  Logical Volume "lin" already exists in vgt\.$' --splitmirrors 1 --name lin vgt/r
refuse linear 5 '^  Command on LV vgt/lin does not accept LV type linear\.$' --splitmirrors 1 --name s vgt/lin
refuse other-vg 3 'Please use a single volume group name' --splitmirrors 1 --name vgx/s vgt/r
refuse no-name 3 'No command with matching syntax' --splitmirrors 1 vgt/r
refuse inactive 5 '^  Unable to split vgt/r while it is not in-sync\.$' --splitmirrors 1 --name s vgt/r
refuse inactive-mirror 5 '^  Unable to split mirror vgt/m that is not in-sync\.$' --splitmirrors 1 --name s vgt/m
refuse missing-lv 5 'Failed to find logical volume "vgt/nope"' --splitmirrors 1 --name s vgt/nope
# mirror -> raid1 needs the kernel's sync status as well
refuse raid1-inactive-mirror 5 '^  vgt/m must be active to perform this operation\.$' --type raid1 vgt/m
refuse raid1-already 5 '^  Logical volume vgt/r already is type raid1\.$' --type raid1 vgt/r
refuse raid1-of-linear 5 'lvmgr converts mirror LVs this way' --type raid1 vgt/lin
t_done
