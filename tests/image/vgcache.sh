#!/bin/bash
# The VG cache (<locking_dir>/lvmgr-cache): written by commits, and by
# commands that only read a big text they had to parse; used when the disk
# text is the one it describes, ignored when damaged, stale or turned off;
# every answer the same as without it.
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

# A read-only command writes no entry for a small text (parsed in no time).
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
# an entry: header, text from 4096 (page aligned), image from the next
# page, the commit record at the end
img_off() { echo $((4096 + ($(od -An -t u8 -j 16 -N 8 "$1") + 1 + 4095) / 4096 * 4096)); }
flip() {	# FILE OFFSET: the byte there inverted
	local b
	[ "$2" -lt "$(stat -c %s "$1")" ] || return 0
	b=$(od -An -t u1 -j "$2" -N 1 "$1")
	printf "\\$(printf %o $((255 - b)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
"$LVMGR" lvcreate -an -L 4M -n afterflip vg0 >/dev/null 2>&1
for f in "$CD"/*; do flip "$f" $(($(img_off "$f") + 100)); done
LVMGR_TIMING=1 "$LVMGR" lvs vg0 >/dev/null 2>"$T_DIR/err"
check flipped-image-byte-not-used bash -c "grep -q 'VG parsed' '$T_DIR/err' && ! grep -q 'VG from the cache' '$T_DIR/err'"
same_report flipped-image-byte-ignored
"$LVMGR" lvcreate -an -L 4M -n afterflip2 vg0 >/dev/null 2>&1
for f in "$CD"/*; do flip "$f" $(($(stat -c %s "$f") - 7)); done
LVMGR_TIMING=1 "$LVMGR" lvs vg0 >/dev/null 2>"$T_DIR/err"
check flipped-record-byte-image-used grep -q 'VG from the cache' "$T_DIR/err"
same_report flipped-record-byte-ignored
lv lvcreate -vvvv -an -L 4M -n afterflip3 vg0
expect flipped-record-lvcreate 0
check flipped-record-places-read test "$(grep -c 'written unread' "$T_DIR/err")" = 0

# A big text (64 KiB and more) this machine committed: the scan takes it
# from the cache (mapped, checked against the area's checksum) instead of
# reading it from the disk; a damaged copy there is read from the disk.
tags=()
for i in $(seq 1 80); do tags+=(--addtag "t${i}_$(printf '%0900d' "$i")"); done
lv vgchange "${tags[@]}" vg0
expect big-text-vgchange 0
lv lvs -vvvv vg0
expect big-text-lvs 0
check big-text-from-cache grep -q 'metadata text at .* taken from the VG cache' "$T_DIR/err"
same_report big-text-reports
lv vgs --noheadings -o vg_tags vg0
check big-text-tags test "$(tr ',' '\n' <"$T_DIR/out" | grep -c _)" = 80
for f in "$CD"/*; do flip "$f" $((4096 + 20000)); done
lv lvs -vvvv vg0
expect damaged-text-lvs 0
check damaged-text-read-from-disk bash -c "! grep -q 'taken from the VG cache' '$T_DIR/err'"
same_report damaged-text-reports
lv lvcreate -an -L 4M -n afterbig vg0
expect big-text-lvcreate 0
lv lvs -vvvv vg0
check big-text-from-cache-again grep -q 'taken from the VG cache' "$T_DIR/err"
LVMGR_VG_CACHE=0 "$LVMGR" lvremove -y vg0/afterbig >/dev/null 2>&1
lv lvs -vvvv --noheadings -o lv_name vg0
check changed-big-text-read-from-disk bash -c "! grep -q 'taken from the VG cache' '$T_DIR/err' && ! grep -qw afterbig '$T_DIR/out'"

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

# A big text this machine did not commit (another tool's, or a commit made
# without the cache): the first command that only reads it parses it and
# writes its entry; the next one loads that instead of parsing.
LVMGR_VG_CACHE=0 "$LVMGR" lvcreate -an -L 4M -n other vg0 >/dev/null 2>&1
rm -rf "$CD"
S=$(sums "$A" "$B")
lv lvs vg0
expect read-entry-lvs 0
check read-entry-written test "$(entries)" = 1
check read-entry-disks-unchanged test "$S" = "$(sums "$A" "$B")"
LVMGR_TIMING=1 "$LVMGR" lvs -vvvv vg0 >/dev/null 2>"$T_DIR/err"
check read-entry-used bash -c "grep -q 'VG from the cache' '$T_DIR/err' && grep -q 'taken from the VG cache' '$T_DIR/err'"
same_report read-entry-reports
LVMGR_VG_CACHE=verify "$LVMGR" lvs vg0 >/dev/null 2>"$T_DIR/err"
RC=$?
expect read-entry-verified 0
LVMGR_VG_CACHE=verify "$LVMGR" lvcreate -an -L 4M -n afterread vg0 >"$T_DIR/out" 2>"$T_DIR/err"
RC=$?
expect read-entry-lvcreate 0
lv vgck vg0
expect read-entry-vgck 0
same_report read-entry-after-lvcreate

# A report over many such VGs writes the entries of the first 8 it parsed
# (a thread each); the next report, loading those, writes the rest.
MANYV=()
for i in $(seq 1 10); do
	MANYV+=("$(img mv$i.img 16M)")
	LVMGR_VG_CACHE=0 "$LVMGR" vgcreate "mv$i" "${MANYV[-1]}" >/dev/null 2>&1
	LVMGR_VG_CACHE=0 "$LVMGR" vgchange "${tags[@]}" "mv$i" >/dev/null 2>&1
done
rm -rf "$CD"
lv vgs --noheadings -o vg_name,vg_tags
check many-vgs-big test "$(grep -c 'mv[0-9]* .*t80_' "$T_DIR/out")" = 10
check many-vgs-eight-entries test "$(entries)" = 8	# of 11 VGs (vg0 too)
lv vgs --noheadings -o vg_name
check many-vgs-rest-entries test "$(entries)" = 11
for i in $(seq 1 10); do LVMGR_VG_CACHE=0 "$LVMGR" vgremove -f "mv$i" >/dev/null 2>&1; done
rm -f "${MANYV[@]}"

# Hostile texts (any bytes with valid checksums): where the top-level
# fields are not all after the VG's section, a load from an entry could
# miss some; the text gets an entry only when a load gives what the parse
# gave (verify mode fails a command on any difference).
perl -e1 2>/dev/null || { echo "SKIP vgcache/hostile: no perl"; t_done; }
lv pvck --dump metadata "$A"
awk '/^  ---$/ { n++; next } n == 1' "$T_DIR/out" >"$T_DIR/orig.txt"
OFFA=$("$LVMGR" pvck --dump headers "$A" | awk '/mda_header_1.raw_locn\[0\].offset/ { print $2 }')
OFFB=$("$LVMGR" pvck --dump headers "$B" | awk '/mda_header_1.raw_locn\[0\].offset/ { print $2 }')
check hostile-text-dumped grep -q 'creation_time' "$T_DIR/orig.txt"
SEQ=$(sed -n 's/^seqno = //p' "$T_DIR/orig.txt")
hostile_tail() {	# NAME PERL-SUBSTITUTION ENTRIES [RC]: that text on both PVs, a new seqno
	SEQ=$((SEQ + 1))
	perl -0pe "s/\nseqno = \d+/\nseqno = $SEQ/; $2" "$T_DIR/orig.txt" >"$T_DIR/h.txt"
	put_text "$T_DIR/h.txt" "$A" "$OFFA"
	put_text "$T_DIR/h.txt" "$B" "$OFFB"
	rm -rf "$CD"
	local before
	before=$(sums "$A" "$B")
	lv lvs vg0
	expect "hostile-$1-lvs" "${4:-0}"
	check "hostile-$1-entries" test "$(entries)" = "$3"
	check "hostile-$1-disks-unchanged" test "$before" = "$(sums "$A" "$B")"
	[ "${4:-0}" = 0 ] || return 0
	LVMGR_VG_CACHE=verify "$LVMGR" vgs -o+vg_seqno vg0 >"$T_DIR/out" 2>"$T_DIR/err"
	RC=$?
	expect "hostile-$1-verified" 0 " $SEQ\$"
}
hostile_tail plain-text '' 1
# (a field before the VG's section: no VG, as for the scan)
hostile_tail host-before-vg 's/^vg0 \{/creation_host = "before"\nvg0 {/m' 0 5
hostile_tail brace-and-tail-one-line 's/\n\}\n(#[^\n]*\n|\n)*contents/\n} contents/' 0
hostile_tail tail-twice 's/(\ncreation_time = \d+)/$1\ncreation_host = "again"\ncreation_time = 7/' 1

# --test changes nothing, the cache neither.
"$LVMGR" lvcreate -an -L 4M -n on vg0 >/dev/null 2>&1
S=$(ls -l --time-style=full-iso "$CD" | md5sum)
lv lvcreate -t -an -L 4M -n tst vg0
expect test-mode 0
check test-mode-cache-unchanged test "$S" = "$(ls -l --time-style=full-iso "$CD" | md5sum)"
t_done
