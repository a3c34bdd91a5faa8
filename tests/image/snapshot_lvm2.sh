#!/bin/bash
# Cases of LVM2 2.03.16's own snapshot tests (test/shell/lvconvert-snapshot.sh,
# snapshot-usage.sh, snapshot-merge.sh, lvcreate-small-snap.sh) that need no
# kernel, on image files: exit codes and messages as LVM2 gave them for the
# same commands (run in the kernel VM, tests/kernel/lvm2snap-guest has the
# active side), the metadata lvconvert -s writes, nothing written on a
# refusal.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M); B=$(img b.img 64M)
lv vgcreate -s 4k vg "$A" "$B"
expect setup-vgcreate 0
# lvconvert-snapshot.sh's VG (-an: no kernel here)
lv lvcreate -an --type snapshot -V50 -L1 -n lv1 -s vg
expect setup-sparse 0
lv lvcreate -an -L1 -n lv2 vg "$A"
lv lvcreate -s -L1 -n lv3 vg/lv2
expect setup-snapshot 0
lv lvcreate -an -l1 -n lv4 vg
lv lvcreate -an -L1 -n lv5 vg
lv lvcreate -an -L1 -n lv6 vg
lv lvcreate -an -L1 -i2 -n lv7 vg
expect setup-plain 0
S0=$(sums "$A" "$B")

# every refusal of lvconvert-snapshot.sh: LVM2's exit 5 and words, nothing written
lv lvconvert -s vg/lv1 vg/not_exist
expect conv-not-exist 5 'Failed to find logical volume "vg/not_exist"'
lv lvconvert -s vg/lv1 vg/lv2
expect conv-origin-is-snapshot 5 'Snapshots of snapshots are not supported.'
for a in "lv2 lv1" "lv5 lv1" "lv5 lv3" "lv1 lv3" "lv2 lv3"; do
	set -- $a
	lv lvconvert -s vg/$1 vg/$2
	expect conv-cow-is-snapshot-$1-$2 5 "Command on LV vg/$2 does not accept LV type snapshot."
done
lv lvconvert -s vg/lv1 vg/lv1
expect conv-same-lv1 5 'Unable to use vg/lv1 as both snapshot and origin.'
lv lvconvert -s vg/lv2 vg/lv2
expect conv-same-lv2 5 'Unable to use vg/lv2 as both snapshot and origin.'
lv lvconvert -s vg/lv1 vg/lv4
expect conv-small-lv1 5 'Snapshot volume cannot be smaller than 3 chunks \(3 extents, 12.00 KiB\).'
lv lvconvert -s vg/lv2 vg/lv4
expect conv-small-lv2 5 'smaller'
lv lvconvert -s vg/lv2 vg/lv6 </dev/null
expect conv-no-answer 5 'Conversion aborted.'
lv lvconvert -s -c 3k vg/lv2 vg/lv6
expect conv-bad-chunk 5 'Chunk size must be a power of 2 in the range 4K to 512K.'
lv lvconvert -s vg/nx vg/lv6
expect conv-no-origin 5 "Couldn't find origin volume nx in Volume group vg."
check conv-refusals-write-nothing test "$S0" = "$(sums "$A" "$B")"

# the conversions lvconvert-snapshot.sh makes: -s, --type snapshot, a striped COW,
# the COW named without its VG (LVM2's parsing quirk)
A1=$(img a1.img 64M); B1=$(img b1.img 64M)
lv vgcreate -s 4k vg1 "$A1" "$B1"
lv lvcreate -an -L1 -n o vg1 "$A1"
lv lvcreate -an -L1 -n c1 vg1
lv lvcreate -an -L1 -n c2 vg1
lv lvcreate -an -L1 -i2 -n c3 vg1
expect conv-setup 0
lv lvconvert --yes -s vg1/o vg1/c1
expect conv-snapshot 0 'Logical volume vg1/c1 converted to snapshot.'
check conv-warns bash -c "grep -q '  WARNING: Converting logical volume vg1/c1 to snapshot exception store.' '$T_DIR/err' &&
	grep -qx '  THIS WILL DESTROY CONTENT OF LOGICAL VOLUME (filesystem etc.)' '$T_DIR/err'"
lv lvconvert --yes --type snapshot -c 16k vg1/o vg1/c2
expect conv-type-snapshot 0 'Logical volume vg1/c2 converted to snapshot.'
lv lvconvert --yes --snapshot -Zn vg1/o c3
expect conv-striped-cow-no-vg 0 'WARNING: vg1/c3 not zeroed.'
lv lvs -a --noheadings -o lv_name,lv_attr,origin,chunk_size vg1
check conv-lvs bash -c "grep -Eq '^ *o +owi---s--- +0 *$' '$T_DIR/out' && grep -Eq '^ *c1 +swi---s--- +o +4.00k *$' '$T_DIR/out' &&
	grep -Eq '^ *c2 +swi---s--- +o +16.00k *$' '$T_DIR/out' && grep -Eq '^ *c3 +swi---s--- +o +4.00k *$' '$T_DIR/out'"
BK=$T_DIR/bk
lv vgcfgbackup -f "$BK" vg1
check conv-text-snapshot bash -c "sed -n '/^		snapshot1 {/,/^		}/p' '$BK' | grep -Pzq 'extent_count = 256\t# 1024 Kilobytes\n\n\t\t\t\ttype = \"snapshot\"\n\t\t\t\tchunk_size = 32\n\t\t\t\torigin = \"o\"\n\t\t\t\tcow_store = \"c2\"'"
check conv-text-cow-hidden bash -c "sed -n '/^		c1 {/,/^		}/p' '$BK' | grep -q 'status = \[\"READ\", \"WRITE\"\]'"
# snapshot-usage.sh: -l 100%LV is no COW size (exit 5 once the VG is read)
lv lvcreate -s -l 100%LV -n snap vg1/o
expect create-pct-lv 5 'Please express size as %FREE, %ORIGIN, %PVS or %VG.'
# lvcreate-small-snap.sh: 3 chunks at least, never through the origin
lv lvcreate -s -c 8k -l 2 -n snapX3 vg1/o
expect create-small-8k 5 'Snapshot volume cannot be smaller than 3 chunks \(6 extents, 24.00 KiB\).'
lv lvcreate -s -c 8k -l 6 -n snapX2 vg1/o
expect create-min-8k 0

# lvextend --use-policies (snapshot-usage.sh): a COW only; an inactive one has no state
lv lvextend --use-policies vg1/c1
expect policy-default-off 0
check policy-default-nothing test ! -s "$T_DIR/out"
P50=(--config 'activation/snapshot_autoextend_threshold=50')
lv lvextend --use-policies "${P50[@]}" vg1/c1
expect policy-inactive 5 "Can't read state of locally inactive LV vg1/c1."
lv lvextend --usepolicies "${P50[@]}" vg1/o
expect policy-not-cow 5 'Policy-based resize is supported only for snapshot, thin pool and vdo pool volumes.'

# snapshot-merge.sh: --mergesnapshot, -i +N, a tag naming several snapshots, no argument
lv lvconvert --merge
expect merge-no-arg 3
lv lvcreate -an -L1 -n o2 vg1
lv lvcreate -s -L1 -n c4 vg1/o2
lv lvchange --addtag mt vg1/c2
lv lvchange --addtag mt vg1/c4
lv lvconvert -i+100 --mergesnapshot @mt
expect merge-tag 0 'Merging of snapshot vg1/c2 will occur on next activation of vg1/o.'
check merge-tag-second grep -q 'Merging of snapshot vg1/c4 will occur on next activation of vg1/o2.' "$T_DIR/out"
check merge-tag-no-conversion-line bash -c "! grep -q 'Conversion starts after activation' '$T_DIR/out'"
lv lvconvert --merge vg1/c1
expect merge-second 5 'Cannot merge snapshot vg1/c1 into the origin vg1/o with merging snapshot vg1/c1.'
lv lvs -a --noheadings -o lv_name,lv_attr,lv_merging vg1
check merge-lvs bash -c "grep -Eq '^ *o +Owi---s--- +merging *$' '$T_DIR/out' && grep -Eq '^ *\[c2\] +Swi---s--- +merging *$' '$T_DIR/out'"

# approximate allocation of a percentage (snapshot-merge.sh's 4th snapshot
# of 20%ORIGIN when less is free): what is free
A2=$(img a2.img 40M)
lv vgcreate -s 4m vg2 "$A2"
lv lvcreate -an -l 4 -n o vg2
lv lvcreate -an -l 4 -n fill vg2
lv vgs --noheadings -o vg_free_count vg2
FREE=$(tr -d ' ' <"$T_DIR/out")
lv lvcreate -s -l 100%ORIGIN -n s vg2/o
expect create-pct-origin-approx 0 'Logical volume "s" created.'
lv lvs --noheadings -o lv_size --units m --nosuffix vg2/s
check create-pct-origin-approx-size grep -Eq "^ *$((FREE * 4)).00 *$" "$T_DIR/out"

# lvconvert-snapshot-thin.sh: a hidden COW (the pool's spare) and a pool
# as origin, LVM2's refusals, nothing written (the VM compares the rest)
H=$(img h.img 64M)
lv vgcreate vgh "$H"
lv lvcreate -an -L 4M -T vgh/pool
lv lvcreate -an -L 4M -n cow vgh
expect hidden-setup 0
S1=$(sums "$H")
lv lvconvert --yes --type snapshot vgh/cow vgh/lvol0_pmspare
expect hidden-cow 5 'Command on LV vgh/lvol0_pmspare requires LV with properties: lv_is_visible \.'
lv lvconvert --yes --type snapshot vgh/pool vgh/cow
expect pool-origin 5 'Snapshots of thin pool type volumes are not supported\.'
check hidden-pool-wrote-nothing test "$S1" = "$(sums "$H")"
t_done
