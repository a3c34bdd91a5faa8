#!/bin/bash
# Copy-on-write snapshots on image files (no kernel): lvcreate -s with its
# sizes, names, chunk sizes and refusals (LVM2's messages, nothing
# written), the hidden snapshotN LV and its segment as LVM2 writes them,
# lvs/lvdisplay, lvremove, lvrename and lvresize of origins and snapshots.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M); B=$(img b.img 64M)
lv vgcreate -s 1m vg0 "$A" "$B"
expect setup-vgcreate 0
lv lvcreate -an -L 12M -n lin vg0 "$A"
lv lvcreate -an -i 2 -I 64k -L 8M -n str vg0
expect setup-origins 0

lv lvcreate -s -L 4M vg0/lin
expect create-default-name 0 'Logical volume "lvol0" created'
lv lvcreate -s -l 3 -n s2 -c 64k -p r vg0/lin "$B"
expect create-named-chunk-ro 0 'Logical volume "s2" created'
lv lvcreate -s -l 50%ORIGIN -n s3 --chunksize 8k vg0/str
expect create-pct-origin 0
lv lvcreate -s -L 40M -n big vg0/str
expect create-reduce-to-max 0 'Reducing COW size 40.00 MiB down to maximum usable size 9.00 MiB.'
BK=$T_DIR/bk
lv vgcfgbackup -f "$BK" vg0
# the snapshot LVs, as LVM2 writes them (fixture lvm2-vgs/mixed: snapshot0)
snap_sec() { sed -n "/^		$1 {/,/^		}/p" "$BK"; }
check text-snapshot0 bash -c "snap_sec() { sed -n \"/^		\$1 {/,/^		}/p\" '$BK'; }; snap_sec snapshot0 | grep -Pzq 'status = \[\"READ\", \"WRITE\", \"VISIBLE\"\]\n.*\n.*\n.*\n\t\t\tsegment_count = 1\n\n\t\t\tsegment1 \{\n\t\t\t\tstart_extent = 0\n\t\t\t\textent_count = 12\t# 12 Megabytes\n\n\t\t\t\ttype = \"snapshot\"\n\t\t\t\tchunk_size = 8\n\t\t\t\torigin = \"lin\"\n\t\t\t\tcow_store = \"lvol0\"\n\t\t\t\}'"
check text-cow-hidden bash -c "sed -n '/^		lvol0 {/,/^		}/p' '$BK' | grep -q 'status = \[\"READ\", \"WRITE\"\]'"
check text-cow-readonly bash -c "sed -n '/^		s2 {/,/^		}/p' '$BK' | grep -q 'status = \[\"READ\"\]'"
check text-chunk-64k bash -c "sed -n '/^		snapshot1 {/,/^		}/p' '$BK' | grep -q 'chunk_size = 128'"
# %ORIGIN: half of 8 extents plus the exception store's overhead (1 extent)
lv lvs --noheadings -o lv_size --units m --nosuffix vg0/s3
check pct-origin-size grep -Eq '^ *5.00 *$' "$T_DIR/out"
# snapshotN LVs follow the hidden LVs, in creation order
check text-order bash -c "sed -n '/logical_volumes/,\$p' '$BK' | grep -E '^		[a-z0-9]+ \{' | tr -d '\t {' | tr '\n' ' ' | grep -q '^lin str lvol0 s2 s3 big snapshot0 snapshot1 snapshot2 snapshot3 $'"

# reports: the snapshotN LVs never show, COWs as 's', origins as 'o'
lv lvs -a --noheadings -o lv_name,lv_attr,origin,chunk_size vg0
check lvs-no-snapshotN bash -c "! grep -q snapshot '$T_DIR/out'"
check lvs-origin-attr grep -Eq '^ *lin +owi---s--- +0 *$' "$T_DIR/out"
check lvs-cow-attr grep -Eq '^ *lvol0 +swi---s--- +lin +4.00k *$' "$T_DIR/out"
check lvs-cow-ro-attr grep -Eq '^ *s2 +sri---s--- +lin +64.00k *$' "$T_DIR/out"
lv vgs --noheadings -o lv_count,snap_count vg0
check vgs-counts grep -Eq '^ *6 +4 *$' "$T_DIR/out"
lv lvdisplay vg0/s2
check lvdisplay-snap bash -c "grep -q 'LV snapshot status     INACTIVE destination for lin' '$T_DIR/out' &&
	grep -q 'LV Size                12.00 MiB' '$T_DIR/out' && grep -q 'Current LE             12' '$T_DIR/out' &&
	grep -q 'COW-table size         3.00 MiB' '$T_DIR/out' && grep -q 'COW-table LE           3' '$T_DIR/out' &&
	grep -q 'Snapshot chunk size    64.00 KiB' '$T_DIR/out'"
lv lvdisplay vg0/lin
check lvdisplay-origin bash -c "grep -Pzq 'LV snapshot status     source of\n                         lvol0 \[INACTIVE\]\n                         s2 \[INACTIVE\]\n' '$T_DIR/out'"

# --dry-run: the whole stack, in creation order, with LVM2's names, uuids
# and tables (the same tree from the origin and from a snapshot)
lv lvchange -ay --dry-run vg0/str
cp "$T_DIR/out" "$T_DIR/dry.origin"
# layers first (creation order), then the origin and its snapshots
check dry-run-tree bash -c "grep -E '^vg0-' '$T_DIR/out' | cut -d: -f1 | tr '\n' ' ' | grep -Eq '^vg0-str-real vg0-s3-cow vg0-big-cow (vg0-s3 vg0-big vg0-str|vg0-str vg0-s3 vg0-big) \$'"
check dry-run-origin grep -q '^0 16384 snapshot-origin /dev/mapper/vg0-str-real$' "$T_DIR/out"
check dry-run-snapshot grep -q '^0 16384 snapshot /dev/mapper/vg0-str-real /dev/mapper/vg0-s3-cow P 16$' "$T_DIR/out"
check dry-run-real grep -q '^0 16384 striped 2 128 ' "$T_DIR/out"
check dry-run-uuids bash -c "grep -c 'uuid LVM-[A-Za-z0-9]\{64\}-real\$' '$T_DIR/out' | grep -q 1 && grep -c 'uuid LVM-[A-Za-z0-9]\{64\}-cow\$' '$T_DIR/out' | grep -q 2"
lv lvchange -ay --dry-run vg0/s3
check dry-run-from-snapshot cmp -s <(sort "$T_DIR/out") <(sort "$T_DIR/dry.origin")
lv lvchange -ay --dry-run vg0/snapshot0
expect dry-run-snapshotN 5 'internal LV'

# refusals: LVM2's messages, nothing written
S=$(sums "$A" "$B")
lv lvcreate -s -L 4M -c 3k vg0/lin
expect chunk-not-power-of-2 3 'Chunk size must be a power of 2 in the range 4K to 512K.'
lv lvcreate -s -L 4M -c 1m vg0/lin
expect chunk-too-big 3 'Chunk size must be a power of 2 in the range 4K to 512K.'
lv lvcreate -s -L 4M -c 2k vg0/lin
expect chunk-too-small 3 'Chunk size must be a power of 2'
lv lvcreate -s -L 4M vg0/lvol0
expect snapshot-of-snapshot 5 'Snapshots of snapshots are not supported.'
lv lvcreate -s -L 4M vg0/snapshot0
expect snapshot-of-hidden 5 'Snapshots of hidden volumes are not supported.'
lv lvcreate -s -L 1M -c 512k vg0/lin
expect cow-too-small 5 'Snapshot volume cannot be smaller than 3 chunks \(2 extents, 1.50 MiB\).'
lv lvcreate -s -L 4M vg0/nosuch
expect no-origin 5 'Snapshot origin LV nosuch not found in Volume group vg0.'
lv lvcreate -s -L 4M -n lin vg0/str
expect name-taken 5 'already exists'
lv lvcreate -s -L 4M vg0
expect no-origin-given 3 'snapshot origin'
lv lvreduce -y -l -1 vg0/lin
expect origin-reduce-refused 5 'Snapshot origin volumes cannot be reduced in size yet.'
check refusals-write-nothing test "$S" = "$(sums "$A" "$B")"

# lvconvert --merge of an inactive origin's snapshot: recorded, as LVM2
lv lvcreate -an -L 4M -n mo vg0
lv lvcreate -s -L 4M -n ms vg0/mo
S=$(sums "$A" "$B")
lv lvconvert --merge vg0/lin
expect merge-not-snapshot 5 'vg0/lin cannot be merged because --trackchanges was not used'
lv lvchange -pr vg0/mo
lv lvconvert --merge vg0/ms
expect merge-ro-origin 5 'Cannot merge snapshot vg0/ms into the read-only origin vg0/mo. \(Use lvchange -p rw\).'
lv lvchange -prw vg0/mo
S=$(sums "$A" "$B")
lv lvconvert --merge vg0/ms
expect merge-recorded 0 'Merging of snapshot vg0/ms will occur on next activation of vg0/mo.'
lv vgcfgbackup -f "$BK" vg0
check merge-text grep -q 'merging_store = "ms"' "$BK"
lv lvs -a --noheadings -o lv_name,lv_attr vg0
check merge-attrs bash -c "grep -Eq '\[ms\] +Swi---s---' '$T_DIR/out' && grep -Eq ' mo +Owi---s---' '$T_DIR/out'"
lv lvcreate -s -L 4M -n ms2 vg0/mo
expect merge-origin-no-new-snapshot 5 'Snapshots of an origin that has a merging snapshot are not supported.'
lv lvchange -ay --dry-run vg0/mo
check merge-dry-run bash -c "grep -q '^0 8192 snapshot-merge /dev/mapper/vg0-mo-real /dev/mapper/vg0-ms-cow P 8\$' '$T_DIR/out' && grep -q '^0 8192 error\$' '$T_DIR/out'"
lv lvremove -y vg0/mo
expect merge-remove-origin 0

# resize: a COW no bigger than the origin needs; an inactive origin grows
lv lvextend -L +40M vg0/lvol0
expect cow-extend-max 0 'Reached maximum COW size 13.00 MiB \(13 extents\).'
lv lvextend -l +1 vg0/str
expect origin-extend-inactive 0
# rename: the snapshot segments follow
lv lvrename vg0/lin orig
expect rename-origin 0
lv lvrename vg0/s2 s2b
expect rename-cow 0
lv lvs --noheadings -o lv_name,origin vg0/s2b vg0/lvol0
check rename-followed bash -c "grep -Eq 's2b +orig' '$T_DIR/out' && grep -Eq 'lvol0 +orig' '$T_DIR/out'"
lv vgck vg0
expect vgck-after-rename 0

# remove: a snapshot with its snapshotN; an origin with all its snapshots
lv lvremove vg0/s2b
expect remove-snapshot 0 'Logical volume "s2b" successfully removed.'
lv vgcfgbackup -f "$BK" vg0
check remove-snapshot-text bash -c "! grep -q 's2b' '$BK' && [ \$(grep -c 'type = \"snapshot\"' '$BK') = 3 ]"
lv lvremove -y vg0/orig
expect remove-origin 0 'Logical volume "lvol0" successfully removed.'
check remove-origin-order bash -c "grep -c 'successfully removed' '$T_DIR/out' | grep -q 2 && tail -1 '$T_DIR/out' | grep -q '\"orig\"'"
lv lvs -a --noheadings -o lv_name vg0
check remove-origin-left bash -c "[ \"\$(tr -d ' ' <'$T_DIR/out' | sort | tr '\n' ' ')\" = 'big s3 str ' ]"
lv lvremove -y vg0
expect remove-all 0
lv vgs --noheadings -o lv_count,snap_count vg0
check all-gone grep -Eq '^ *0 +0 *$' "$T_DIR/out"

# sparse snapshots (--type snapshot -V): the hidden zero origin as LVM2
# writes it (the VM test compares the whole text with LVM2's)
lv lvcreate -an --type snapshot -V 30M -L 4M -n sp vg0
expect sparse-create 0 'Logical volume "sp" created'
lv vgcfgbackup -f "$BK" vg0
check sparse-vorigin-text bash -c "sed -n '/^		sp_vorigin {/,/^		}/p' '$BK' | grep -Pzq 'status = \[\"READ\"\]\n.*\n.*\n.*\n\t\t\tsegment_count = 1\n\n\t\t\tsegment1 \{\n\t\t\t\tstart_extent = 0\n\t\t\t\textent_count = 30\t# 30 Megabytes\n\n\t\t\t\ttype = \"zero\"\n\t\t\t\}'"
check sparse-snapshot-text bash -c "sed -n '/^		snapshot0 {/,/^		}/p' '$BK' | grep -q 'origin = \"sp_vorigin\"'"
lv lvs -a --noheadings -o lv_name,lv_attr,origin,lv_size vg0
check sparse-lvs grep -Eq '^ *sp +swi---s--- +\[sp_vorigin\] +4.00m' "$T_DIR/out"
check sparse-lvs-vorigin grep -Eq '^ *\[sp_vorigin\] +ori---s--- +30.00m' "$T_DIR/out"
S=$(sums "$A" "$B")
lv lvcreate -an -s -L 4M -n bad vg0/sp_vorigin
expect sparse-share-refused 5 "Can't share virtual origins. Use --virtualsize."
lv lvcreate -an --type snapshot -V 30M -l 50%ORIGIN -n bad vg0
expect sparse-pct-origin-refused 5 'a sparse snapshot has no origin LV'
lv lvcreate -an --type snapshot -V 30M -L 4M -c 3k -n bad vg0
expect sparse-chunk-refused 3 'Chunk size must be a power of 2'
lv lvcreate -an --type snapshot -V 30M -L 4k -c 512k -n bad vg0
expect sparse-cow-too-small 5 'Snapshot volume cannot be smaller than 3 chunks'
check sparse-refusals-wrote-nothing test "$S" = "$(sums "$A" "$B")"
lv lvcreate -an --virtualoriginsize 30M -V 30M -L 4M -n bad vg0
expect sparse-synonyms-both-refused 3 '--virtualoriginsize and --virtualsize are synonyms.  Please only supply one.'
check sparse-synonyms-wrote-nothing test "$S" = "$(sums "$A" "$B")"
lv lvremove -y vg0/sp
expect sparse-remove 0
lv lvs -a --noheadings vg0
check sparse-remove-takes-vorigin test -z "$(out)"
# --virtualoriginsize (LVM2's synonym of -V): always the sparse snapshot,
# whatever global/sparse_segtype_default says (thin by default)
lv lvcreate -an --virtualoriginsize 30M -L 4M -n vo vg0
expect virtualoriginsize-create 0 'Logical volume "vo" created'
lv lvs -a --noheadings -o lv_name,lv_attr,origin,lv_size vg0
check virtualoriginsize-sparse grep -Eq '^ *vo +swi---s--- +\[vo_vorigin\] +4.00m' "$T_DIR/out"
check virtualoriginsize-vorigin grep -Eq '^ *\[vo_vorigin\] +ori---s--- +30.00m' "$T_DIR/out"
lv lvremove -y vg0/vo
expect virtualoriginsize-remove 0
# The COW's header is zeroed in the one commit that makes the snapshot
# (LVM2 commits twice: the COW as a plain LV, then the snapshot): the
# seqno goes up by one, the COW's first 4 KiB are zeros where a stale
# pattern was; a commit that fails before its text is live leaves the VG
# as it was and the free space untouched.
lv lvcreate -an -L 4M -n zo vg0 "$A"
expect zero-setup 0
seq_of() { "$LVMGR" vgs --noheadings -o vg_seqno vg0 | tr -d ' '; }
free_start() { "$LVMGR" pvs --segments --noheadings -o pv_name,pvseg_start,pvseg_size,lv_name "$A" | awk '$4 == "" {print $2; exit}'; }
fs=$(free_start)
pe0=$("$LVMGR" pvs --noheadings --units s -o pe_start "$A" | tr -d ' S')
# a stale COW header's worth of 0xff at the start of the free space
off=$(( pe0 * 512 + fs * 1048576 ))
head -c 8192 /dev/zero | tr '\0' '\377' | dd of="$A" bs=512 seek=$((off / 512)) conv=notrunc status=none
q0=$(seq_of)
stale() { dd if="$A" bs=512 skip=$((off / 512)) count=16 status=none | cmp -s - <(head -c 8192 /dev/zero | tr '\0' '\377'); }
check zero-stale-pattern-written stale
LVMGR_TEST_MDA_FAULT=write=1 "$LVMGR" lvcreate -an -s -L 4M -n zs vg0/zo "$A" >"$T_DIR/out" 2>"$T_DIR/err"
RC=$?
expect zero-commit-fails 5 'nothing committed'
check zero-failed-commit-free-space-untouched stale
check zero-failed-commit-seqno test "$(seq_of)" = "$q0"
lv lvcreate -an -s -L 4M -n zs vg0/zo "$A"
expect zero-create 0 'Logical volume "zs" created'
check zero-one-commit test "$(seq_of)" = $((q0 + 1))
check zero-cow-where-the-pattern-was bash -c "'$LVMGR' lvs -a --noheadings -o seg_pe_ranges vg0/zs | grep -q ':$fs-'"
check zero-cow-header-zeroed cmp -s <(dd if="$A" bs=512 skip=$((off / 512)) count=8 status=none) <(head -c 4096 /dev/zero)
check zero-past-header-untouched cmp -s <(dd if="$A" bs=512 skip=$((off / 512 + 8)) count=8 status=none) <(head -c 4096 /dev/zero | tr '\0' '\377')
lv lvremove -y vg0/zo
expect zero-cleanup 0
t_done
