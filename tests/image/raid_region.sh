#!/bin/bash
# lvconvert -R|--regionsize of raid1 LVs on image files (no kernel): LVM2
# 2.03.16's refusals as its code words them (raid_manip.c
# _region_size_change_requested; same size, too large and inactive also
# seen from LVM2 in the VM, where tests/kernel/raidconv-guest's regionsize
# case runs the change itself side by side), each with nothing written.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M); B=$(img b.img 64M)
lv vgcreate vgt "$A" "$B"
lv lvcreate -an --type raid1 -m 1 -L 4M -n r vgt
lv lvcreate -an --type mirror -m 1 --mirrorlog core -L 4M -n m vgt
lv lvcreate -an -L 4M -n lin vgt
expect setup 0
S=$(sums "$A" "$B")
nothing_written() { [ "$(sums "$A" "$B")" = "$S" ]; }
refuse() {	# refuse NAME EXIT MESSAGE ARGS...
	local n=$1 want=$2 re=$3; shift 3
	lv lvconvert -y "$@"
	expect "$n" "$want" "$re"
	check "$n-nothing-written" nothing_written
}
refuse same 5 '^  Region size is already 2\.00 MiB on raid1 LV vgt/r\.$' -R 2M vgt/r
refuse too-large 5 '^  Region size is too large for raid1 LV vgt/r\.$' --regionsize 8M vgt/r
refuse inactive 5 '^  Unable to change region size on raid1 LV vgt/r while it is not in-sync\.$' -R 128k vgt/r
refuse inactive-status 5 '^  Unable to determine sync status of vgt/r\.$' -R 128k vgt/r
refuse not-power-of-2 3 '^  Region size must be a power of 2\.$' -R 100k vgt/r
refuse below-page 3 'multiple of machine memory page size' -R 1k vgt/r
refuse mirror 5 '^  Command on LV vgt/m does not accept LV type mirror\.$' -R 128k vgt/m
refuse linear 5 '^  Command on LV vgt/lin does not accept LV type linear\.$' -R 128k vgt/lin
refuse two-lvs 3 '' -R 128k vgt/r vgt/m
t_done
