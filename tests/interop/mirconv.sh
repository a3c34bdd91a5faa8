#!/bin/bash
# lvconvert -m of mirror LVs (lvmgr/lv_mirror_images.c) against Debian's
# LVM2 2.03.16 on the same loop devices: each case starts from the same
# VG text (vgcfgrestore), runs the same command with each tool, and the
# metadata after it (ids, seqno and times masked) and the messages must
# be LVM2's: fewer images (the last ones; those on the named PVs first),
# -m 0 (linear on the image left, the LV's id kept, the log gone),
# linear -> mirror with a disk or core log, and bad input (nothing
# written). The LVs are inactive (LVM2 without a kernel here); the active
# conversions, their tables and data run in tests/kernel/mirconv-guest.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 64M)"; L1=$LOOP
attach "$(img b.img 64M)"; L2=$LOOP
attach "$(img c.img 64M)"; L3=$LOOP
attach "$(img d.img 64M)"; L4=$LOOP
lvm_conf
lv vgcreate vgt "$L1" "$L2" "$L3" "$L4"
lv lvcreate -an --type mirror -m2 -L 8M -n m vgt "$L1" "$L2" "$L3" "$L4"
lv lvcreate -an -L 8M -n lin vgt "$L1"
lv lvcreate -an -L 40M -n big vgt "$L2"
lv lvcreate -an --type raid1 -m1 -L 4M -n r vgt "$L3" "$L4"
lv lvcreate -an --type mirror -m1 --mirrorlog core -L 4M -n c vgt "$L1" "$L2"
expect setup 0
lv vgcfgbackup -f "$T_DIR/start" vgt
msgs() { grep -v 'Activation disabled' "$T_DIR/out" "$T_DIR/err" | sed 's/^[^:]*://'; }
# same NAME CMD...: the command from the start state with each tool: same
# exit status, messages (FIRST_LINE=1: the first) and masked metadata
same() {
	local n=$1 rc2 m2
	shift
	l2 vgcfgrestore -f "$T_DIR/start" vgt
	l2 "$@"; rc2=$RC; m2=$(msgs)
	l2 vgcfgbackup -f "$T_DIR/$n.l2" vgt
	l2 vgcfgrestore -f "$T_DIR/start" vgt
	lv "$@"
	if [ "$RC" = "$rc2" ] && { [ -n "${FIRST_LINE:-}" ] || [ "$(msgs)" = "$m2" ]; } &&
		[ "$(msgs | head -n 1)" = "$(head -n 1 <<<"$m2")" ]; then pass "$n-msgs"; else
		fail "$n-msgs" "lvmgr exit $RC, LVM2 $rc2"; echo "# LVM2: $m2"; echo "# lvmgr: $(msgs)"; fi
	lv vgcfgbackup -f "$T_DIR/$n.lg" vgt
	if diff <(vg_text_mask "$T_DIR/$n.l2") <(vg_text_mask "$T_DIR/$n.lg") >"$T_DIR/diff"; then
		pass "$n-text"; else fail "$n-text" "metadata differs from LVM2's"; head -30 "$T_DIR/diff"; fi
}
uuid() { "$LVMGR" lvs --noheadings -o lv_uuid "$1" | tr -d ' '; }

same m-1 lvconvert -m1 vgt/m
same m-minus1 lvconvert -m-1 vgt/m
same m-0 lvconvert -m0 vgt/m
check m-0-keeps-id test "$(uuid vgt/m)" = "$(grep -A1 '^		m {' "$T_DIR/start" | sed -n 's/.*id = "\(.*\)"/\1/p')"
same m-linear lvconvert --type linear vgt/m
same m-1-pv-first lvconvert -m1 vgt/m "$L2"
same m-0-pv-then-last lvconvert -m0 vgt/m "$L3"
same m-1-pv-image0-unsynced lvconvert -m1 vgt/m "$L1"
same m-same lvconvert -m2 vgt/m
# a core-log mirror takes new images directly (no layer)
same c-plus1 lvconvert -m+1 vgt/c
same c-plus2-pvs lvconvert -m3 vgt/c "$L4" "$L3"
same c-zero-pv lvconvert -m0 vgt/c "$L2"
same c-plus1-b lvconvert -m+1 -b vgt/c
# LVM2 then goes on about a layer it never inserted ("ABORTING: Failed to
# remove temporary mirror layer"): its first line only
FIRST_LINE=1 same bad-c-plus-too-many lvconvert -m+3 vgt/c
same lin-mirror-disk lvconvert --type mirror -m1 vgt/lin
check lin-mirror-keeps-id test "$(uuid vgt/lin)" = "$(grep -A1 '^		lin {' "$T_DIR/start" | sed -n 's/.*id = "\(.*\)"/\1/p')"
same lin-mirror-core lvconvert --type mirror -m2 --mirrorlog core vgt/lin
same lin-mirror-pvs lvconvert --type mirror -m1 vgt/lin "$L3" "$L4"
same lin-mirror-R lvconvert --type mirror -m1 -R 1M vgt/lin
same lin-mirror-b lvconvert --type mirror -m1 -b vgt/lin
# global/mirror_segtype_default = "mirror": plain -m is a mirror conversion
sed -i 's/^global { /global { mirror_segtype_default = "mirror" /' "$LVM_SYSTEM_DIR/lvm.conf"
same lin-default-mirror lvconvert -m1 vgt/lin
sed -i 's/mirror_segtype_default = "mirror" //' "$LVM_SYSTEM_DIR/lvm.conf"
# bad input: LVM2's refusal, nothing written
same bad-too-many-images lvconvert --type mirror -m8 vgt/lin
same bad-no-space lvconvert --type mirror -m1 vgt/big
same bad-pvs-too-few lvconvert --type mirror -m4 vgt/lin
same bad-pvs-full lvconvert --type mirror -m1 vgt/lin "$L2"
same bad-minus lvconvert -m-3 vgt/m
same bad-mirrorlog-raid lvconvert -m1 --mirrorlog core vgt/r
t_done
