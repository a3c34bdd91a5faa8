#!/bin/bash
# Where commits put the metadata text: lvmgr alternates between two places
# in each area (A at 512, B in the middle of the ring), so the place it
# writes to holds the version before the last, and only the 4 KiB blocks
# that differ from it are written. What is on disk stays what a full write
# puts there: vgck finds every copy clean and every PV agrees.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M); B=$(img b.img 64M)
offset() {	# offset IMAGE: the committed copy's offset in the first area
	"$LVMGR" pvck --dump headers "$1" 2>/dev/null | awk '/mda_header_1.raw_locn\[0\].offset/ { print $2 }'
}
mdasize() {
	"$LVMGR" pvck --dump headers "$1" 2>/dev/null | awk '/mda_header_1.size/ { print $2; exit }'
}
lv vgcreate -s 1m vg0 "$A" "$B"
expect setup-vgcreate 0
SZ=$(mdasize "$A")
SLOT_B=$((512 + (SZ - 512) / 2 / 512 * 512))
check first-copy-at-512 test "$(offset "$A")" = 512

# a text of some 20 KiB: five blocks and more
offs=() bad=0
for i in $(seq 1 60); do
	"$LVMGR" lvcreate -an -Zn -l 1 -n "l$i" vg0 >/dev/null 2>&1 || bad=1
	offs+=("$(offset "$A")")
done
check sixty-lvcreates test "$bad" = 0
alt=1
for ((i = 1; i < ${#offs[@]}; i++)); do
	[ "${offs[$i]}" = "${offs[$((i - 1))]}" ] && alt=0
	case ${offs[$i]} in 512 | "$SLOT_B") ;; *) alt=0 ;; esac
done
check places-alternate test "$alt" = 1
check both-pvs-same-place test "$(offset "$A")" = "$(offset "$B")"

# the next commit writes a few blocks of the ~20 KiB per device
lv lvcreate -vvvv -an -Zn -l 1 -n last vg0
expect lvcreate-verbose 0
grep 'bytes of metadata text written' "$T_DIR/err" >"$T_DIR/w"
few=1
while read -r dev n _ total _; do
	[ "$total" -ge 16384 ] && [ "$n" -gt 0 ] && [ "$n" -le 8192 ] || few=0
done < <(sed 's/^ *//' "$T_DIR/w")
check delta-writes-few-blocks test "$few" = 1 -a "$(wc -l <"$T_DIR/w")" = 2
lv vgck vg0
expect vgck-clean 0
check vgck-says-nothing test ! -s "$T_DIR/err"
lv lvs --noheadings -o lv_name vg0
check all-lvs-there test "$(wc -l <"$T_DIR/out")" = 61

# a shrinking text (lvremove of many) is written the same way
for i in $(seq 1 30); do "$LVMGR" lvremove -y "vg0/l$i" >/dev/null 2>&1 || bad=1; done
check thirty-lvremoves test "$bad" = 0
lv vgck vg0
expect vgck-clean-after-remove 0
lv lvs --noheadings -o lv_name vg0
check lvs-after-remove test "$(wc -l <"$T_DIR/out")" = 31
# text from the other area and the other PV: the same VG, read without the cache
LVMGR_VG_CACHE=0 "$LVMGR" vgs --noheadings -o vg_name,lv_count vg0 >"$T_DIR/out" 2>"$T_DIR/err"
check read-without-cache grep -Eq 'vg0 +31' "$T_DIR/out"
# The commit after two of lvmgr's knows what the place holds (the record
# the last one left in the VG cache): only the blocks that differ are
# written, none read first, and the disks hold what a full write puts there.
lv lvcreate -vvvv -an -Zn -l 1 -n k1 vg0
expect known-lvcreate 0
check known-place-written-unread test "$(grep -c 'written unread' "$T_DIR/err")" = 2
lv vgck vg0
expect known-vgck-clean 0
check known-vgck-says-nothing test ! -s "$T_DIR/err"

# Something wrote where the next copy goes (another tool's copy, left
# uncommitted): the place no longer begins as the record says, so it is
# read and compared as ever; the result is clean.
next=512
[ "$(offset "$A")" = 512 ] && next=$SLOT_B
head -c 1024 /dev/urandom | dd of="$A" bs=1 seek=$((4096 + next)) conv=notrunc status=none
lv lvcreate -vvvv -an -Zn -l 1 -n k2 vg0
expect overwritten-place-lvcreate 0
check overwritten-place-read grep -q "$A: metadata area at 4096 changed since the last commit: reading it" "$T_DIR/err"
check overwritten-place-other-pv-unread test "$(grep -c 'written unread' "$T_DIR/err")" = 1
lv vgck vg0
expect overwritten-vgck-clean 0
check overwritten-vgck-says-nothing test ! -s "$T_DIR/err"

# A commit that fails half way drops the VG's cache entries (what they say
# the areas hold no longer is); the next commit reads the places again.
LVMGR_TEST_FAULT=writes=3 "$LVMGR" lvcreate -an -Zn -l 1 -n k3 vg0 >/dev/null 2>&1
check failed-commit-fails test $? != 0
check failed-commit-drops-entries test "$(ls "$T_DIR/lock/lvmgr-cache" | grep -c .)" = 0
lv lvcreate -vvvv -an -Zn -l 1 -n k4 vg0
expect after-failure-lvcreate 0
check after-failure-places-read test "$(grep -c 'written unread' "$T_DIR/err")" = 0
lv vgck vg0
expect after-failure-vgck-clean 0
lv lvs --noheadings -o lv_name vg0
check after-failure-lvs grep -qw k4 "$T_DIR/out"
t_done
