#!/bin/bash
# lvconvert --merge of a thin snapshot on image files (no kernel): LVM2
# 2.03.16's refusals (its words, nothing written), a pending merge as LVM2
# writes it (the snapshot hidden, `merge = "ORIGIN"` after its origin:
# read, reported with lv_attr O/S and lv_merging, written back byte for
# byte, and the commands LVM2 refuses on it), and an immediate merge of
# inactive LVs (the snapshot takes the origin's name, id, tags and place,
# the old origin's delete queued on the pool). The kernel side, with
# LVM2's own output and metadata next to lvmgr's, is
# tests/kernel/thinmerge-guest.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M)
lv vgcreate vg "$A"
lv lvcreate -T vg/pool -L 8M -V 16M -n o
lv lvcreate -an -L 4M -n x vg
lv lvcreate -s vg/o -n s
lv lvcreate -s vg/o -n s2
lv lvchange --addtag tagO vg/o
lv lvcreate -V 4M -T vg/pool -n plain
expect setup 0
# No kernel: every create is still queued on the pool. The queue is the
# kernel's to have first (a queued create_snap takes its origin from the
# metadata when it is sent): the merge waits for it.
nothing_written() { test "$(sums "$A")" = "$S"; }
refuse() {	# refuse NAME EXIT MESSAGE ARGS...
	local n=$1 want=$2 re=$3; shift 3
	S=$(sums "$A")
	lv "$@"
	expect "$n" "$want" "$re"
	check "$n-nothing-written" nothing_written
}
refuse queued 5 '^  Cannot merge thin snapshot vg/s now: thin pool vg/pool has 4 queued messages the kernel has not received\.$' \
	lvconvert --merge vg/s

# The VG as a pool whose kernel had every message: the queue dropped, as
# the second commit of each command would have.
lv vgcfgbackup -f "$T_DIR/q.txt" vg
awk '/^\t+message[0-9]+ \{$/ {skip = 1; next} skip && /^\t+\}$/ {skip = 0; next} !skip' "$T_DIR/q.txt" >"$T_DIR/sent.txt"
lv vgcfgrestore --force -f "$T_DIR/sent.txt" vg
expect restore-sent 0

# LVM2's refusals
refuse not-snapshot 5 '^  vg/plain is not a mergeable logical volume\.$' lvconvert --merge vg/plain
refuse mergesnapshot-thin 5 '^  Command on LV vg/s does not accept LV type thin\.$' lvconvert --mergesnapshot vg/s
check mergesnapshot-thin-line2 grep -q '^  Command not permitted on LV vg/s\.$' "$T_DIR/err"
refuse mergethin-linear 5 '^  Command on LV vg/x does not accept LV type linear\.$' lvconvert --mergethin vg/x
lv lvcreate -an -s -L 4M -n old vg/o
refuse old-snapshot-origin 5 '^  Merging into the old snapshot origin vg/o is not supported\.$' lvconvert --merge vg/s
lv lvremove -y vg/old

# A pending merge as LVM2 2.03.16 writes it (tests/fixtures/lvm2-thinmerge
# has LVM2's own text of one): s hidden, `merge = "o"` after `origin = "o"`.
lv vgcfgbackup -f "$T_DIR/b.txt" vg
awk '/^\t\ts \{$/ {ins = 1} ins && /status = / {sub(/, "VISIBLE"/, "")} ins && /origin = "o"/ {print; sub(/origin/, "merge")}
	ins && /^\t\t\}$/ {ins = 0} {print}' "$T_DIR/b.txt" >"$T_DIR/pending.txt"
lv vgcfgrestore --force -f "$T_DIR/pending.txt" vg
expect restore-pending 0
lv vgcfgbackup -f "$T_DIR/back.txt" vg
# LVM2 writes the visible LVs first: the hidden s after them
check pending-hidden-last test "$(grep -nP '^\t\ts \{' "$T_DIR/back.txt" | cut -d: -f1)" -gt \
	"$(grep -nP '^\t\tplain \{' "$T_DIR/back.txt" | cut -d: -f1)"
# (the header and seqno aside: the VG section written back as read)
lv vgcfgrestore --force -f "$T_DIR/back.txt" vg
lv vgcfgbackup -f "$T_DIR/back2.txt" vg
strip() { sed -n '/^vg {/,/^}/p' "$1" | grep -v 'seqno = '; }
if diff <(strip "$T_DIR/back.txt") <(strip "$T_DIR/back2.txt") >"$T_DIR/d"; then pass pending-round-trip; else
	fail pending-round-trip
	head -20 "$T_DIR/d"
fi
check pending-text grep -Pzq '\t\ts \{\n\t\t\tid = "[^"]+"\n\t\t\tstatus = \["READ", "WRITE"\]\n\t\t\tflags = \["ACTIVATION_SKIP"\]' "$T_DIR/back.txt"
check pending-merge-line grep -Pzq '\t\t\t\torigin = "o"\n\t\t\t\tmerge = "o"\n' "$T_DIR/back.txt"
lv lvs -a --noheadings -o lv_name,lv_attr,origin,lv_merging vg
check pending-lvs-origin grep -Eq '^  o +Owi---tz-- +$' "$T_DIR/out"
check pending-lvs-snapshot grep -Eq '^  \[s\] +Swi---tz-k o +merging$' "$T_DIR/out"
check pending-lvs-other grep -Eq '^  s2 +Vwi---tz-k o +$' "$T_DIR/out"
lv lvdisplay vg/o
check pending-lvdisplay-origin grep -q '^  LV merged with         s$' "$T_DIR/out"
lv lvdisplay vg/s
check pending-lvdisplay-snapshot grep -q '^  LV merging to          o$' "$T_DIR/out"
refuse second-snapshot 5 '^  Cannot merge snapshot vg/s2 into the origin vg/o with merging snapshot vg/s\.$' \
	lvconvert --merge vg/s2
refuse remove-merging 5 '^  Unable to remove vg/s, volume is merged to vg/o\.$' lvremove -y vg/s
refuse activate-merging 5 '^  Operation not permitted on hidden LV vg/s\.$' lvchange -ay -K vg/s
lv lvremove -y vg/o
expect remove-merging-origin 0
lv lvs -a --noheadings -o lv_name vg
check remove-takes-both test -z "$(grep -E '^  \[?(o|s)\]? *$' "$T_DIR/out")"

# An immediate merge (inactive LVs): s becomes o (o's id, tags, times,
# flags; s's device id and segment), s2 loses its origin, o's old device
# is deleted by a queued message (transaction id + 1).
lv vgcfgrestore --force -f "$T_DIR/sent.txt" vg
oid=$(sed -n '/^\t\to {/,/^\t\t}/p' "$T_DIR/sent.txt" | sed -n 's/^\t\t\tid = "\(.*\)"/\1/p')
sdev=$(sed -n '/^\t\ts {/,/^\t\t}/p' "$T_DIR/sent.txt" | sed -n 's/^\t\t\t\tdevice_id = //p')
odev=$(sed -n '/^\t\to {/,/^\t\t}/p' "$T_DIR/sent.txt" | sed -n 's/^\t\t\t\tdevice_id = //p')
tid=$(sed -n '/^\t\tpool {/,/^\t\t}/p' "$T_DIR/sent.txt" | sed -n 's/^\t\t\t\ttransaction_id = //p')
lv lvconvert --merge vg/s
expect immediate 0 '^  Volume vg/s replaced origin vg/o\.$'
lv vgcfgbackup -f "$T_DIR/m.txt" vg
sect() { sed -n "/^\t\t$1 {/,/^\t\t}/p" "$T_DIR/m.txt"; }
check immediate-snapshot-gone test -z "$(sect s)"
check immediate-id test "$(sect o | sed -n 's/^\t\t\tid = "\(.*\)"/\1/p')" = "$oid"
check immediate-device test "$(sect o | sed -n 's/^\t\t\t\tdevice_id = //p')" = "$sdev"
check immediate-flags grep -Pzq '\t\to \{\n\t\t\tid = "[^"]+"\n\t\t\tstatus = \["READ", "WRITE", "VISIBLE"\]\n\t\t\tflags = \[\]' "$T_DIR/m.txt"
check immediate-no-origin-left test -z "$(sect s2 | grep 'origin = ')"
check immediate-transaction-id test "$(sect pool | sed -n 's/^\t\t\t\ttransaction_id = //p')" = $((tid + 1))
check immediate-delete-queued grep -Pzq "message1 \{\n\t+delete = $odev\n" "$T_DIR/m.txt"
lv lvs --noheadings -o lv_name,lv_tags,thin_id vg/o
check immediate-tags grep -Eq "^  o +tagO +$sdev\$" "$T_DIR/out"
# the pool's queue now has a message: a second merge waits for the kernel
lv lvcreate -s vg/o -n s3
refuse queued-delete 5 'thin pool vg/pool has 2 queued messages the kernel has not received' lvconvert --merge vg/s3

# --mergethin
lv vgcfgbackup -f "$T_DIR/q2.txt" vg
awk '/^\t+message[0-9]+ \{$/ {skip = 1; next} skip && /^\t+\}$/ {skip = 0; next} !skip' "$T_DIR/q2.txt" >"$T_DIR/sent2.txt"
lv vgcfgrestore --force -f "$T_DIR/sent2.txt" vg
lv lvconvert --mergethin vg/s3
expect mergethin 0 '^  Volume vg/s3 replaced origin vg/o\.$'
exit $T_FAILED
