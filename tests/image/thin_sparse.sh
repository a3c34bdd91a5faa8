#!/bin/bash
# lvcreate -V SIZE -L SIZE [-s] VG (LVM2's "thin LV with a new pool, or a
# sparse snapshot", as global/sparse_segtype_default says) and lvremove of
# an external origin (the thin LVs that use it go with it), on image files
# (no kernel: pool messages stay queued). The commands of
# tests/fixtures/lvm2-thin-sparse/make.sh, which LVM2 ran in the kernel VM:
# the same metadata (ids, times, hosts, transaction ids and queued messages
# masked), outputs and exit codes; refusals write nothing.
. "$(dirname "$0")/../lib.sh"
FX=$(cd "$(dirname "$0")/../fixtures/lvm2-thin-sparse" && pwd)

mask() {	# the LV sections; ids, times, hosts and transaction ids out; messages dropped
	sed -n '/^\tlogical_volumes {/,$p' "$1" |
		sed -E 's/(id|creation_time|creation_host|transaction_id) = .*/\1 = X/' |
		awk '/^\t+message[0-9]+ \{$/ {skip = 1; next} skip && /^\t+\}$/ {skip = 0; next} !skip' |
		awk 'blank && !/^\t+\}$/ {print ""} {blank = ($0 == "")} !blank'
}
said() {	# said COMMAND: LVM2's output of that command in the fixture's log
	awk -v c="### lvm $1" '$0 == c {p = 1; next} p && /^rc=/ {exit} p' "$FX/log.txt"
}
asked() {	# asked QUESTION START: LVM2's question (starting so) printed by lvmgr on stderr, "[n]" after it (stdin closed)
	case "$1" in "$2"*) grep -qF -- "$1 [n]" "$T_DIR/err" ;; *) false ;; esac
}
same_text() {	# same_text NAME FIXTURE
	lv vgcfgbackup -f "$T_DIR/b.txt" vg
	mask "$FX/$2" >"$T_DIR/want"
	mask "$T_DIR/b.txt" >"$T_DIR/got"
	if [ -s "$T_DIR/want" ] && diff "$T_DIR/want" "$T_DIR/got" >"$T_DIR/d"; then pass "$1"; else fail "$1"; head -20 "$T_DIR/d"; fi
}
A=$(img a.img 256M); B=$(img b.img 256M)
lv vgcreate vg "$A" "$B"
expect setup 0
# sparse_segtype_default = "thin" (LVM2's default): the spare is made
# first, so the pool is lvol1 and the thin LV lvol2.
lv lvcreate -an -s -V 100M -L 40M vg
expect s-V-L 0 'Logical volume "lvol2" created.'
lv lvs --noheadings -o lv_name,pool_lv,segtype vg/lvol2
check s-V-L-thin grep -Eq '^ *lvol2 +lvol1 +thin *$' "$T_DIR/out"
lv lvcreate -an -V 60M -L 8M -n named vg
expect V-L-named 0 'Logical volume "named" created.'
lv lvcreate -an -V 60M -L 8M vg/foo
expect V-L-pool-named 0 'Logical volume "lvol4" created.'
S=$(sums "$A" "$B")
lv lvcreate -an -s -V 60M -L 8M -n sname vg/bar
expect s-V-L-vg-lv-refused 5 '^  Please either create snapshot or thin volume.$'
check s-V-L-vg-lv-wrote-nothing test "$(sums "$A" "$B")" = "$S"
lv lvcreate -an -T -V 60M -L 8M vg
expect T-V-L 0 'Logical volume "lvol6" created.'
# sparse_segtype_default = "snapshot": the sparse snapshot of --type snapshot
lv lvcreate -an -s -V 60M -L 8M --config 'global/sparse_segtype_default="snapshot"' vg
expect s-V-L-snapshot 0 'Logical volume "lvol7" created.'
lv lvcreate -an -V 60M -L 8M -n sp --config 'global/sparse_segtype_default="snapshot"' vg
expect V-L-snapshot 0 'Logical volume "sp" created.'
lv lvs --noheadings -o lv_name,origin,segtype vg/sp
check V-L-snapshot-sparse grep -Eq '^ *sp +\[sp_vorigin\] +linear *$' "$T_DIR/out"
# Bad input: LVM2's words and exit codes, nothing written.
S=$(sums "$A" "$B")
lv lvcreate -an -V 60M -L 8M -n bog --config 'global/sparse_segtype_default="bogus"' vg
expect unknown-type 3 '^  Unable to create LV with unknown segment type bogus.$'
check unknown-type-warning grep -q '^  WARNING: Unrecognised segment type bogus$' "$T_DIR/err"
lv lvcreate -an -V 60M -L 8M -n strp --config 'global/sparse_segtype_default="striped"' vg
expect not-sparse-type 3 '^  --virtualsize is supported only with vdo,  sparse snapshots and thins.$'
lv lvcreate -an -V 0 -L 8M -n zero vg
expect zero-virtual 3 '^  --virtualsize may not be zero.$'
lv lvcreate -an -V 60M -L 8M -c 32k vg
expect bad-chunk 3 'Thin pool chunk size 32.00 KiB is not in the range 64.00 KiB to 1.00 GiB.'
check refusals-wrote-nothing test "$(sums "$A" "$B")" = "$S"
lv lvcreate -an -s -V 60M -L 8M -c 128k -Zn vg
expect s-V-L-options 0 'chunk size 128.00 KiB can address at most 31.75 TiB'
same_text metadata-as-lvm2 backup.txt

# lvremove of an external origin
lv vgremove -ff vg
lv vgcreate vg "$A" "$B"
lv lvcreate -an -T -L 8M vg/pool
lv lvcreate -an -L 8M -n ro vg
lv lvchange -pr vg/ro
lv lvcreate -an -s --thinpool vg/pool vg/ro -n ex1
lv lvcreate -an -s --thinpool vg/pool vg/ro -n ex2
lv lvcreate -an -s vg/ex1 -n ex1s
lv lvcreate -an -L 4M -n other vg
expect ext-setup 0
same_text ext-before-as-lvm2 ext-before.txt
S=$(sums "$A" "$B")
lv lvremove vg/ro </dev/null
expect ext-remove-unconfirmed 5 '^  Logical volume vg/ro not removed.$'
q=$(said 'lvremove vg/ro' | sed -n 's/ \[n\]$//p')
check ext-remove-asks-as-lvm2 asked "$q" 'Removing external origin vg/ro will remove 3 dependent volume(s).'
check ext-remove-unconfirmed-wrote-nothing test "$(sums "$A" "$B")" = "$S"
lv lvremove -y vg/ro
expect ext-remove 0
said 'lvremove -y vg/ro' >"$T_DIR/want"
check ext-remove-lines-in-fixture grep -q ex1s "$T_DIR/want"
check ext-remove-lines-as-lvm2 diff "$T_DIR/want" "$T_DIR/out"
same_text ext-after-as-lvm2 ext-after.txt
# A pool goes with its thin LVs: the same question of LVM2's
# (_lv_remove_segs_using_this_lv, "pool"), the thin LVs reported first.
lv lvcreate -an -V 20M -T vg/pool -n t1
lv lvcreate -an -s vg/t1 -n t1s
S=$(sums "$A" "$B")
lv lvremove vg/pool </dev/null
expect pool-remove-unconfirmed 5 '^  Logical volume vg/pool not removed.$'
q=$(said 'lvremove vg/pool' | sed -n 's/ \[n\]$//p')
check pool-remove-asks-as-lvm2 asked "$q" 'Removing pool vg/pool will remove 2 dependent volume(s).'
check pool-remove-unconfirmed-wrote-nothing test "$(sums "$A" "$B")" = "$S"
lv lvremove -y vg/pool
expect pool-remove 0
said 'lvremove -y vg/pool' >"$T_DIR/want"
check pool-remove-lines-in-fixture grep -q t1s "$T_DIR/want"
check pool-remove-lines-as-lvm2 diff "$T_DIR/want" "$T_DIR/out"
t_done
