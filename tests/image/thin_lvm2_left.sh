#!/bin/bash
# More of LVM2 2.03.16's thin shell tests on image files (the kernel side,
# side by side with LVM2, is tests/kernel/lvm2thin-cases):
# lvextend-thin.sh: --poolmetadatasize and --size in one command (the
# metadata LV first, then the data, as LVM2's lv_resize);
# lvchange-thin.sh: -C y|n and -r none|auto of a thin LV (LVM2's
# _lvchange_alloc and _lvchange_readahead, "already" refused);
# lvcreate-thin.sh: -l99%PV of the PV named (LVM2's %PV, %P... spellings);
# lvextend-thin.sh, lvcreate-thin.sh: striped pools (-i/-I: the data LV)
# and the metadata LV's PV as LVM2 picks it (checked in the VM);
# lvconvert-thin.sh: --stripes/--readahead of the new metadata LV,
# -T --thinpool of the LV itself refused (LVM2's check; the conversion to
# an external origin lvmgr refuses); lvcreate-thin.sh:
# allocation/thin_pool_metadata_require_separate_pvs, lvcreate -s ORIGIN
# --name VG/LV (the VG from the name); lvcreate-thin-external.sh: -s with
# --zero (or -W) refused as LVM2's _lvcreate_params.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M); B=$(img b.img 64M)
lv vgcreate -s 4M vg "$A" "$B"
expect setup 0

# lvextend --poolmetadatasize +1 --size +1 VG/POOL
lv lvcreate -an -L4M --poolmetadatasize 8M -T vg/pool
expect pool 0
lv lvextend --poolmetadatasize +1 --size +1 vg/pool
expect meta-and-data 0 'Size of logical volume vg/pool_tmeta changed from 8.00 MiB \(2 extents\) to 12.00 MiB \(3 extents\)\.'
check meta-and-data-tdata grep -q 'Size of logical volume vg/pool_tdata changed from 4.00 MiB (1 extents) to 8.00 MiB (2 extents).' "$T_DIR/out"
check meta-and-data-done grep -q 'Logical volume vg/pool successfully resized.' "$T_DIR/out"
lv lvs -a --noheadings --units k -o lv_name,lv_size vg
check meta-and-data-sizes grep -Eq '^ *\[pool_tmeta\] +12288.00k' "$T_DIR/out"
check meta-and-data-data grep -Eq '^ *pool +8192.00k' "$T_DIR/out"
check meta-and-data-spare grep -Eq '^ *\[lvol0_pmspare\] +12288.00k' "$T_DIR/out"
before=$(sums "$A" "$B")
lv lvextend --poolmetadatasize +1 --size +1 vg/pool_tmeta
expect meta-and-size-of-tmeta 5 '--poolmetadatasize for thin-pool metadata cannot be used with size.'
lv lvcreate -an -L4M -n plain vg
expect plain 0
before=$(sums "$A" "$B")
lv lvextend --poolmetadatasize +1 --size +1 vg/plain
expect meta-of-plain 5 '--poolmetadatasize can be used only with thin pools.'
check refusals-wrote-nothing test "$before" = "$(sums "$A" "$B")"

# lvchange -C y|n, -r none|auto of a thin LV
lv lvcreate -an -V10M -n lv1 vg/pool
expect thin 0
lv lvchange -C y vg/lv1
expect contiguous-y 0 'Logical volume vg/lv1 changed.'
lv lvs --noheadings -o lv_allocation_policy vg/lv1
check contiguous-y-field grep -Eq '^ *contiguous *$' "$T_DIR/out"
before=$(sums "$A" "$B")
lv lvchange -C y vg/lv1
expect contiguous-y-again 5 'Allocation policy of logical volume vg/lv1 is already contiguous.'
check contiguous-again-wrote-nothing test "$before" = "$(sums "$A" "$B")"
lv lvchange -C n vg/lv1
expect contiguous-n 0 'Logical volume vg/lv1 changed.'
lv lvs --noheadings -o lv_allocation_policy vg/lv1
check contiguous-n-field grep -Eq '^ *inherit *$' "$T_DIR/out"
lv lvchange -r none vg/lv1
expect readahead-none 0 'Logical volume vg/lv1 changed.'
lv vgcfgbackup -f "$T_DIR/b.txt" vg
check readahead-none-metadata grep -q 'read_ahead = -1	# None' "$T_DIR/b.txt"
lv lvchange -r 0 vg/lv1
expect readahead-zero-is-none 5 'Read ahead is already 0 for vg/lv1.'
lv lvchange -r auto vg/lv1
expect readahead-auto 0 'Logical volume vg/lv1 changed.'
lv lvs --noheadings -o lv_read_ahead vg/lv1
check readahead-auto-field grep -Eq '^ *auto *$' "$T_DIR/out"
lv lvchange -r auto vg/lv1
expect readahead-auto-again 5 'Read ahead is already auto for vg/lv1.'
lv lvchange -r 7 vg/lv1
expect readahead-page 0 'WARNING: Overriding readahead to 8 sectors, a multiple of 4K page size.'
lv lvs --noheadings --units s -o lv_read_ahead vg/lv1
check readahead-page-field grep -Eq '^ *8S *$' "$T_DIR/out"

# -l N%PV: of the free extents of the PVs named (LVM2's _update_extents_params;
# 9 free: 8), any case, abbreviated (_get_percent_arg)
lv lvcreate -an -l99%PV -n pct vg "$A"
expect pct-pv 0 'Logical volume "pct" created.'
lv lvs --noheadings --units k -o lv_size,devices vg/pct
check pct-pv-size grep -Eq "^ *32768.00k +$A\(" "$T_DIR/out"
lv lvcreate -an -l50%p -n pct2 vg "$B"
expect pct-p-lower 0 'Logical volume "pct2" created.'
lv lvcreate -an -l1%x -n pct3 vg
expect pct-unknown 3 'Invalid argument for --extents: 1%x'

# striped pools; the metadata on the last PV that can hold it and that
# the data does not use (LVM2 allocates it as a mirror log)
C=$(img c.img 64M); D=$(img d.img 64M)
lv vgcreate -s 4M vg3 "$C" "$D" "$(img e.img 64M)"
expect setup3 0
lv lvcreate -an -i2 -l2 -T vg3/pool2
expect striped-pool 0 'Logical volume "pool2" created.'
lv lvs -a --noheadings -o lv_name,segtype,stripes,stripe_size,seg_pe_ranges vg3
check striped-pool-data grep -Eq "^ *\[pool2_tdata\] +striped +2 +64.00k +$C:1-1 $D:0-0 *$" "$T_DIR/out"
check striped-pool-meta grep -Eq "^ *\[pool2_tmeta\] +linear +1 +0 +$T_DIR/e.img:0-0 *$" "$T_DIR/out"
check striped-pool-seg grep -Eq "^ *pool2 +thin-pool +1 +0 +pool2_tdata:0-1 *$" "$T_DIR/out"
lv lvremove -ff vg3
expect striped-remove 0
lv lvcreate -an -l2 -T vg3/pool2
expect linear-pool 0
lv lvs -a --noheadings -o lv_name,seg_pe_ranges vg3
check linear-pool-meta-last-pv grep -Eq "^ *\[pool2_tmeta\] +$T_DIR/e.img:0-0 *$" "$T_DIR/out"
lv lvcreate -an -i3 -l2 -T vg3/pool3
expect striped-pool-rounded 0 'Rounding size 8.00 MiB \(2 extents\) up to stripe boundary size 12.00 MiB \(3 extents\)\.'
lv lvs -a --noheadings -o lv_name,seg_pe_ranges vg3
check striped-pool-meta-with-data grep -Eq "^ *\[pool3_tmeta\] +$T_DIR/e.img:[0-9]+-[0-9]+ *$" "$T_DIR/out"
before=$(sums "$C" "$D")
lv lvcreate -an -i2 -I 3k -l2 -T vg3/pool4
expect striped-pool-bad-size 3
lv lvcreate -an --config global/sparse_segtype_default=snapshot -i2 -V10M -L4M vg3
expect sparse-striped-refused 5 'does not stripe a sparse snapshot'
check striped-refusals-wrote-nothing test "$before" = "$(sums "$C" "$D")"

# lvconvert --thinpool: -i/-I and --readahead go to the new metadata LV
lv lvcreate -an -L8M -n lv1 vg3
expect conv-lv1 0
lv lvconvert --yes -c 64 --stripes 2 --thinpool vg3/lv1 --readahead 48
expect conv-striped-meta 0 'Converted vg3/lv1 to thin pool.'
lv lvs -a --noheadings -o lv_name,segtype,stripes,stripe_size,lv_read_ahead vg3
check conv-striped-meta-fields grep -Eq '^ *\[lv1_tmeta\] +striped +2 +64.00k +24.00k *$' "$T_DIR/out"
lv lvcreate -an -L8M -n lv5 vg3
lv lvcreate -an -L4M -n lv6 vg3
lv lvconvert --stripes 2 --thinpool vg3/lv5 --poolmetadata vg3/lv6
expect conv-stripes-with-meta 3 'apply to a new metadata LV only'

# allocation/thin_pool_metadata_require_separate_pvs=1: no PV apart from
# the data's has room for the metadata: LVM2's refusal, nothing written
E=$(img f.img 64M); F=$(img g.img 64M)
lv vgcreate -s 64K vg4 "$E" "$F"
lv lvcreate -an -l99%PV vg4 "$E"
expect sep-fill 0
before=$(sums "$E" "$F")
lv lvcreate -an -L10 -T --poolmetadataspare n --config allocation/thin_pool_metadata_require_separate_pvs=1 vg4
expect sep-refused 5 'Insufficient suitable allocatable extents for logical volume lvol1: 160 more required'
check sep-wrote-nothing test "$before" = "$(sums "$E" "$F")"
lv lvcreate -an -L10 -T --poolmetadataspare n --config allocation/thin_pool_metadata_require_separate_pvs=0 vg4
expect sep-off 0 'Logical volume "lvol1" created.'
lv lvs -a --noheadings -o lv_name,devices vg4
check sep-off-meta-after-data grep -Eq "^ *\[lvol1_tmeta\] +$F\(160\) *$" "$T_DIR/out"

# lvcreate -s ORIGIN -L SIZE --name VG/LV: the VG from the name
lv lvcreate -an -s plain -L4M --name vg/snap4
expect snap-name-vg 0 'Logical volume "snap4" created.'
lv lvs --noheadings -o lv_name,origin vg/snap4
check snap-name-vg-origin grep -Eq '^ *snap4 +plain *$' "$T_DIR/out"
# lvs -o modules: an origin and a COW LV need "snapshot" (LVM2's list_segment_modules)
lv lvs --noheadings -o lv_name,modules vg/plain vg/snap4 vg/lv1
check modules-origin grep -Eq '^ *plain +snapshot *$' "$T_DIR/out"
check modules-cow grep -Eq '^ *snap4 +snapshot *$' "$T_DIR/out"
check modules-thin grep -Eq '^ *lv1 +thin,thin-pool *$' "$T_DIR/out"
lv lvcreate -an -s vg/plain -L4M --name vg4/snap5
expect snap-name-other-vg 3 'Inconsistent volume group names given: "vg" and "vg4"'
lv lvcreate -an -s plain -L4M
expect snap-no-vg 3 'Please specify a logical volume to act as the snapshot origin.'
before=$(sums "$A" "$B")
lv lvcreate -an -s vg/plain --zero y --thinpool vg/pool
expect snap-zero-refused 3 'Option --zero is unsupported with snapshots.'
lv lvcreate -an -s vg/plain -L4M -Wy
expect snap-wipe-refused 3 'Option --wipesignatures is unsupported with snapshots.'
check snap-refusals-wrote-nothing test "$before" = "$(sums "$A" "$B")"

# lvconvert -T --thinpool LV LV (LVM2's refusal), --type thin of another LV
# (tests/image/thin_external.sh and kernel/thinext-guest for the rest)
before=$(sums "$A" "$B")
lv lvconvert --yes --thinpool vg/plain -T vg/plain
expect thin-external-same 5 'Use a different LV for thin pool LV and thin LV vg/plain.'
lv lvconvert --yes --type thin --thinpool vg/nopool vg/plain
expect thin-external-no-pool 5 'Thin pool nopool not found.'
lv lvconvert --yes --type thin --thinpool vg/pool vg/plain
expect thin-external-origin-refused 5 'lvmgr does not convert snapshot origin LV vg/plain to a thin LV'
check thin-external-wrote-nothing test "$before" = "$(sums "$A" "$B")"
t_done
