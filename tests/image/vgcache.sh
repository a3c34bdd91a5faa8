#!/bin/bash
# The VG cache (<locking_dir>/lvmgr-cache): written by commits only, used
# when the disk text is the one it describes, ignored when damaged, stale or
# turned off; every answer the same as without it.
. "$(dirname "$0")/../lib.sh"

# The suite runs with LVMGR_VG_CACHE=verify (tests/run); these tests check
# what a user sees with the cache as it is by default.
unset LVMGR_VG_CACHE
CD=$T_DIR/lock/lvmgr-cache
A=$(img a.img 64M); B=$(img b.img 64M)

report() {	# the reports a user reads, cache off: the reference
	"$LVMGR" lvs --noheadings -o lv_name,lv_size,seg_start_pe,devices,lv_tags,lv_attr --units k vg0 2>&1
	"$LVMGR" vgs --noheadings -o vg_name,vg_seqno,lv_count,vg_free --units k vg0 2>&1
}
same_report() {	# NAME: the reports with the cache equal those without
	local with without
	with=$(report)
	without=$(LVMGR_VG_CACHE=0 report)
	if [ "$with" = "$without" ]; then pass "$1"; else fail "$1" "$(diff <(echo "$without") <(echo "$with") | head -5)"; fi
}
entries() { ls "$CD" 2>/dev/null | grep -v tmp | wc -l; }

lv vgcreate vg0 "$A" "$B"
expect setup-vgcreate 0
check vgcreate-writes-entry test "$(entries)" = 1
for i in 1 2 3 4 5; do "$LVMGR" lvcreate -an -L 4M -n l$i vg0 >/dev/null 2>&1; done
check two-slots-kept test "$(entries)" = 2
same_report reports-same-as-uncached

# A read-only command never writes an entry.
rm -rf "$CD"
lv lvs vg0
expect lvs-no-entry-run 0
check lvs-writes-no-entry test "$(entries)" = 0

# Commits keep the entry current; changes of every kind export the same
# text as a full export (LVMGR_VG_CACHE=verify checks that on each commit).
for cmd in "lvcreate -an -i2 -I64k -L 8M -n st vg0" "lvextend -L +8M vg0/l2" "lvreduce -y -L 4M vg0/l2" \
	"lvrename vg0 l3 l3b" "lvchange --addtag t1 vg0/l4" "lvremove -y vg0/l1" "vgchange --addtag vt vg0" \
	"lvchange -pr vg0/l5" "lvcreate -an -l 1 -n last vg0"; do
	n=$((${n:-0} + 1))
	LVMGR_VG_CACHE=verify "$LVMGR" $cmd >"$T_DIR/out" 2>"$T_DIR/err"
	RC=$?
	expect "verified-$n-${cmd%% *}" 0
done
same_report reports-same-after-changes
lv lvs --noheadings -o lv_name vg0
check cached-names grep -q l3b "$T_DIR/out"

# Damaged entries are ignored: garbage, truncated, another VG's entry.
for f in "$CD"/*; do head -c 100 /dev/urandom >"$f"; done
S=$(sums "$A" "$B")
same_report garbage-entry-ignored
check garbage-entry-disks-unchanged test "$S" = "$(sums "$A" "$B")"
lv lvcreate -an -L 4M -n afterjunk vg0
expect lvcreate-over-garbage-entry 0
for f in "$CD"/*; do truncate -s $(($(stat -c %s "$f") / 2)) "$f"; done
same_report truncated-entry-ignored
lv lvcreate -an -L 4M -n aftertrunc vg0
expect lvcreate-over-truncated-entry 0
for f in "$CD"/*; do
	size=$(stat -c %s "$f")
	printf '\377' | dd of="$f" bs=1 seek=$((size - 7)) conv=notrunc status=none
done
same_report flipped-image-byte-ignored

# The disks changed behind the cache (a commit that writes no entry, as
# another tool's would): the entries describe older texts and are not used.
"$LVMGR" lvcreate -an -L 4M -n fresh vg0 >/dev/null 2>&1
LVMGR_VG_CACHE=0 "$LVMGR" lvremove -y vg0/fresh >/dev/null 2>&1
lv lvs --noheadings -o lv_name vg0
check stale-entry-not-used bash -c "! grep -qw fresh '$T_DIR/out'"
same_report stale-entry-reports

# A world-writable entry is not trusted.
"$LVMGR" lvcreate -an -L 4M -n perm vg0 >/dev/null 2>&1
chmod 666 "$CD"/*
LVMGR_TIMING=1 "$LVMGR" lvs vg0 >/dev/null 2>"$T_DIR/err"
check writable-entry-ignored bash -c "grep -q 'VG parsed' '$T_DIR/err' && ! grep -q 'VG from the cache' '$T_DIR/err'"
chmod 600 "$CD"/*
LVMGR_TIMING=1 "$LVMGR" lvs vg0 >/dev/null 2>"$T_DIR/err"
check private-entry-used grep -q 'VG from the cache' "$T_DIR/err"

# Off: no entry written, none read.
rm -rf "$CD"
LVMGR_VG_CACHE=0 "$LVMGR" lvcreate -an -L 4M -n off vg0 >/dev/null 2>&1
check off-writes-none test "$(entries)" = 0

# --test changes nothing, the cache neither.
"$LVMGR" lvcreate -an -L 4M -n on vg0 >/dev/null 2>&1
S=$(ls -l --time-style=full-iso "$CD" | md5sum)
lv lvcreate -t -an -L 4M -n tst vg0
expect test-mode 0
check test-mode-cache-unchanged test "$S" = "$(ls -l --time-style=full-iso "$CD" | md5sum)"
t_done
