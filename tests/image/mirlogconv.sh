#!/bin/bash
# lvconvert --mirrorlog / --corelog of inactive mirror LVs on image files:
# the sequence LVM2 2.03.16 ran in the test VM
# (tests/fixtures/mirlogconv/make-in-vm.sh) gives the same metadata text
# (ids, times, hosts, device hints masked) after each step: core -> disk
# (the log on the PV no image uses; on an image PV when the PV arguments
# say so; beside other LVs), disk -> core (-y, -f, --corelog), core ->
# mirrored -> core with global/support_mirrored_mirror_log = 1; the new
# log's header as LVM2 writes it; LVM2's messages and exit codes for the
# log it already has (nothing written, nothing said), the question
# answered no, no room for the log, mirrored by default, --corelog with
# --mirrorlog, linear and raid1 LVs; a commit failing: the old layout;
# lvmgr's own refusal of disk <-> mirrored; lvconvert --type mirror of an
# inactive raid1 LV and of a linear one; a hidden LV (LVM2's visible
# check); --test. Nothing written by a refusal.
. "$(dirname "$0")/../lib.sh"
FX=$(cd "$(dirname "$0")/../fixtures/mirlogconv" && pwd)
for i in a b c d e; do img $i.img 64M >/dev/null; done
P() { local i; for i in "$@"; do printf '%s ' "$T_DIR/$i.img"; done; }
conf() {
	printf 'devices { global_filter = [ "r|.*|" ] }\nglobal { locking_dir = "%s/lock" }\n%s\n' "$T_DIR" "$1" >"$LVM_SYSTEM_DIR/lvm.conf"
}
fresh() {
	lv vgremove -ff vgt
	for i in a b c d e; do dd if=/dev/zero of="$T_DIR/$i.img" bs=1M count=1 conv=notrunc status=none; done
	# shellcheck disable=SC2046
	lv vgcreate vgt $(P "$@")
}
unchanged() { if [ "$(sums "$T_DIR"/?.img)" = "$SUMS" ]; then pass "$1-nothing-written"; else fail "$1-nothing-written"; fi; }
# logbytes LV FIXTURE: the first 4 KiB of LV's first extent as LVM2 left its log
logbytes() {
	local r pv pe
	r=$("$LVMGR" lvs --noheadings -a -o seg_pe_ranges "vgt/$1" | tr -d ' ')
	pv=${r%%:*} pe=${r#*:}; pe=${pe%%-*}
	local start; start=$("$LVMGR" pvs --noheadings --units s --nosuffix -o pe_start "$pv" | tr -d ' ')
	if cmp -s <(dd if="$pv" bs=512 skip=$((start + pe * 8192)) count=8 status=none | od -An -tx1 | head -4) "$FX/$2"; then
		pass "$1-log-header"
	else
		fail "$1-log-header" "not LVM2's"
	fi
}
conf ''
fresh a b c
lv lvcreate -an --type mirror -m 1 --mirrorlog core -L 8M -n m vgt
expect c0-create 0
# the commit failing at its first metadata write: the old layout, and the
# conversion goes through afterwards
LVMGR_TEST_MDA_FAULT=write=1 "$LVMGR" lvconvert --mirrorlog disk vgt/m >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
check c0-fault-fails test "$RC" != 0
lv lvs -a --noheadings -o lv_name,mirror_log vgt
check c0-fault-old-layout test "$(tr -d ' ' <"$T_DIR/out" | sort | tr '\n' ' ')" = "[m_mimage_0] [m_mimage_1] m "
# --test: nothing written
SUMS=$(sums "$T_DIR"/?.img)
lv lvconvert -t --mirrorlog disk vgt/m
expect c0-test 0
unchanged c0-test
# stale bytes where the log goes: LVM2's log content replaces them
head -c 1M /dev/zero | tr '\0' '\377' | dd of="$T_DIR/c.img" bs=1M seek=1 conv=notrunc status=none
lv lvconvert --mirrorlog disk vgt/m
expect c1-core-to-disk 0 '^  Logical volume vgt/m converted.$'
same_vg_text c1 c1.vg
logbytes m_mlog c1.log
SUMS=$(sums "$T_DIR"/?.img)
lv lvconvert --mirrorlog disk vgt/m
expect c1-again 0
check c1-again-silent test ! -s "$T_DIR/out" -a ! -s "$T_DIR/err"
unchanged c1-again
lv lvconvert --mirrorlog core vgt/m </dev/null
expect r1-answer-no 5 '^  Logical volume vgt/m NOT converted.$'
check r1-question grep -q '^Full resync required to convert inactive mirror volume vgt/m to core log. Proceed? \[y/n\]: ' "$T_DIR/err"
unchanged r1
lv lvconvert -y --mirrorlog core vgt/m
expect c2-disk-to-core 0 '^  Logical volume vgt/m converted.$'
same_vg_text c2 c2.vg
lv lvconvert --mirrorlog disk vgt/m "$T_DIR/b.img"
expect c3-log-on-pv-arg 0
same_vg_text c3 c3.vg
lv lvconvert -f --corelog vgt/m
expect c5-corelog 0 '^  Logical volume vgt/m converted.$'
same_vg_text c5 c5.vg
SUMS=$(sums "$T_DIR"/?.img)
lv lvconvert --corelog --mirrorlog core vgt/m
expect r2-both 3 '^  --mirrorlog and --corelog are incompatible.$'
lv lvconvert --mirrorlog mirrored vgt/m
expect r3-mirrored-deprecated 5 '^  Log type "mirrored" is DEPRECATED. Use RAID1 LV or disk log instead.$'
unchanged r2-r3
lv lvcreate -an -Zn -L 20M -n fill vgt "$T_DIR/c.img"
lv lvcreate -an --type mirror -m 1 --mirrorlog core -L 4M -n m2 vgt
expect c4a-create 0
lv lvconvert --mirrorlog disk vgt/m2
expect c4-beside-lvs 0
same_vg_text c4 c4.vg
lv lvcreate -an -Zn -l 100%FREE -n fill2 vgt
SUMS=$(sums "$T_DIR"/?.img)
lv lvconvert --mirrorlog disk vgt/m
expect r4-no-room 5 '^  Insufficient free space: 1 extents needed, but only 0 available$'
check r4-message grep -qx '  Unable to allocate extents for mirror log.' "$T_DIR/err"
lv lvconvert --mirrorlog core vgt/fill
expect r5-linear 5 '^  Command on LV vgt/fill does not accept LV type linear.$'
check r5-not-permitted grep -qx '  Command not permitted on LV vgt/fill.' "$T_DIR/err"
unchanged r4-r5
fresh a b c d
lv lvcreate -an -Zn --type raid1 -m 1 -L 4M -n r vgt
lv lvcreate -an -Zn -L 4M -n l vgt
SUMS=$(sums "$T_DIR"/?.img)
lv lvconvert --mirrorlog disk vgt/r
expect r6-raid1 5 '^  Command on LV vgt/r does not accept LV type raid.$'
# raid1 -> mirror (tests/kernel/mirlogconv-guest converts): LVM2's refusals
lv lvconvert -y --type mirror vgt/r
expect r8-raid1-inactive 5 '^  vgt/r must be active to perform this operation.$'
lv lvconvert -y --type mirror vgt/l
expect r8-linear 5 '^  Conversions to --type mirror require -m/--mirrors$'
unchanged r6-r8
lv lvremove -f vgt/l	# the VG as LVM2's sequence had it
conf 'global { support_mirrored_mirror_log = 1 }'
lv lvcreate -an --type mirror -m 1 --mirrorlog core -L 8M -n m vgt
expect c6a-create 0
lv lvconvert --mirrorlog mirrored vgt/m
expect c6-core-to-mirrored 0 '^  Log type "mirrored" creation/conversion is not supported for regular operation!$'
same_vg_text c6 c6.vg
logbytes m_mlog_mimage_1 c6.log
# disk <-> mirrored: LVM2 adds or drops a log image in place; lvmgr goes
# through a core log, which for an inactive mirror asks LVM2's question
# (a full resync follows): no answer, nothing written
SUMS=$(sums "$T_DIR"/?.img)
lv lvconvert --mirrorlog disk vgt/m_mlog
expect r9-hidden-lv 5 '^  Operation not permitted on hidden LV vgt/m_mlog.$'
lv lvconvert --mirrorlog disk vgt/m
expect r7-mirrored-to-disk 5 "^  Logical volume vgt/m NOT converted.$"
unchanged r7
lv lvconvert -y --mirrorlog core vgt/m
expect c7-mirrored-to-core 0
same_vg_text c7 c7.vg
lv vgck vgt
expect c7-vgck 0
# with -y: mirrored -> disk -> mirrored
lv lvcreate -an --type mirror -m 1 --mirrorlog mirrored -L 8M -n m2 vgt
expect c8-create 0
lv lvconvert -y --mirrorlog disk vgt/m2
expect c8-mirrored-to-disk 0 '^  Logical volume vgt/m2 converted.$'
lv lvs -a --noheadings -o lv_name,segtype,devices vgt
check c8-disk-log grep -Eq '^ *\[m2_mlog\] +linear +/' "$T_DIR/out"
check c8-no-log-images test -z "$(grep m2_mlog_mimage "$T_DIR/out")"
lv lvconvert -y --mirrorlog mirrored vgt/m2
expect c8-disk-to-mirrored 0 '^  Logical volume vgt/m2 converted.$'
lv lvs -a --noheadings -o lv_name,segtype vgt
check c8-mirrored-log grep -Eq '^ *\[m2_mlog\] +mirror' "$T_DIR/out"
lv vgck vgt
expect c8-vgck 0
t_done
