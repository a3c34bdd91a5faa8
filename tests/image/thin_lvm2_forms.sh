#!/bin/bash
# Thin command forms and refusals from LVM2 2.03.16's test/shell (the
# kernel side is tests/kernel/lvm2thin-guest), on image files: exit codes
# and messages as LVM2's (checked there side by side), metadata written or
# not. lvcreate-thin.sh: -V without -T on a pool, --type thin, --name VG/LV,
# VG/POOL and --thinpool that differ; lvcreate-thin-snap.sh: -T|--type thin
# of a thin LV; lvextend-thin.sh: --poolmetadatasize of VG/POOL_tmeta;
# lvchange-thin.sh, discards-thin.sh: --discards, --zero, -My of a pool;
# thin-restore.sh: vgcfgrestore of a VG with thin LVs needs --force.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M); B=$(img b.img 64M)
lv vgcreate -s 64K vg "$A" "$B"
expect setup 0
lv lvcreate -an -l1 --type thin-pool --thinpool vg/pool8
expect pool-thinpool-only 0 'Logical volume "pool8" created.'
lv lvcreate -an -l1 --type thin-pool --name vg/pool2
expect pool-name-vg-only 0 'Logical volume "pool2" created.'
before=$(sums "$A" "$B")
lv lvcreate -an --type thin-pool -l1 --name pool8 --thinpool pool8 vg/pool9
expect pool-ambiguous 3 'Ambiguous thin-pool name specified, pool9 and pool8.'
lv lvcreate -an --type thin-pool -l1 --name pool1 vg/pool2
expect pool-name-ambiguous 3 'Ambiguous thin-pool name specified, pool1 and pool2.'
lv lvcreate -an -l1 -T --name other/p vg
expect name-other-vg 3 'Inconsistent volume group names given: "vg" and "other"'
check refusals-wrote-nothing test "$before" = "$(sums "$A" "$B")"

lv lvcreate -an -L4M -T vg/pool
expect pool 0
lv lvcreate -an -V2G -n t0 vg/pool
expect thin-V-alone 0 'Logical volume "t0" created.'
lv lvcreate -an -V2G --name t1 --type thin vg/pool
expect thin-type-thin 0 'Logical volume "t1" created.'
lv lvcreate -an -V2G -T vg/pool --name vg/t2
expect thin-name-vg 0 'Logical volume "t2" created.'
lv lvcreate -an -V2G -T --thinpool pool --name vg/t3 vg
expect thin-thinpool-name-vg 0 'Logical volume "t3" created.'
lv lvcreate -an -L4M -V2G --name t4 --type thin vg/pool4
expect thin-and-pool-type-thin 0 'Logical volume "t4" created.'
lv lvcreate -an -L4M -V2G --name t5 -T --thinpool vg/pool5
expect thin-and-pool-T-thinpool 0 'Logical volume "t5" created.'
lv lvcreate -an -L4M -V2G --name t6 --type thin --thinpool pool6 vg
expect thin-and-pool-type-thinpool 0 'Logical volume "t6" created.'
lv lvcreate -an -V20 --type thin vg/t0
expect thin-V-of-thin 5 'Pool t0 not found in Volume group vg.'
lv lvcreate -T vg/t0 -n s1
expect snap-T 0 'Logical volume "s1" created.'
lv lvcreate --type thin vg/t0 --name vg/s2
expect snap-type-thin 0 'Logical volume "s2" created.'
# an external origin and --thinpool VG/POOL: no ambiguity (the positional is the origin)
lv lvcreate -an -pr -l1 -n ro vg
expect ro-origin 0
lv lvcreate -s vg/ro --thinpool vg/pool -n ext
expect external-thinpool-vg 0 'Logical volume "ext" created.'
lv lvs --noheadings -o lv_name,segtype,pool_lv,origin,data_lv,metadata_lv vg
check lvs-V-alone grep -Eq '^ *t0 +thin +pool *$' "$T_DIR/out"
check lvs-and-pool grep -Eq '^ *t4 +thin +pool4 *$' "$T_DIR/out"
check lvs-snap grep -Eq '^ *s2 +thin +pool +t0 *$' "$T_DIR/out"
lv lvs --noheadings -o lv_name,modules vg/t0 vg/pool
check lvs-modules-thin grep -Eq '^ *t0 +thin,thin-pool *$' "$T_DIR/out"
check lvs-modules-pool grep -Eq '^ *pool +thin-pool *$' "$T_DIR/out"
lv lvs --noheadings -o lv_name,segtype,pool_lv,origin,data_lv,metadata_lv vg
check lvs-data-meta grep -Eq '^ *pool +thin-pool +\[pool_tdata\] +\[pool_tmeta\] *$' "$T_DIR/out"

# lvchange of an inactive pool's discards and zeroing; -My refused
lv lvchange --discards nopassdown vg/pool
expect discards 0 'Logical volume vg/pool changed.'
lv lvchange --discards nopassdown vg/pool
expect discards-already 5 'Logical volume vg/pool already uses --discards nopassdown.'
lv lvchange --zero n vg/pool
expect zero-n 0 'Logical volume vg/pool changed.'
lv lvchange --zero n vg/pool
expect zero-already 5 'Logical volume vg/pool already does not zero new blocks.'
lv lvchange --discards ignore vg/t0
expect discards-of-thin 5 'uses options that require LV types thinpool'
lv lvchange --yes -My --minor 235 vg/pool
expect persistent-pool 5 'Command on LV vg/pool with invalid LV type thinpool.'
lv lvs --noheadings -o discards,zero,lv_minor vg/pool
check pool-fields grep -Eq '^ *nopassdown +-1 *$' "$T_DIR/out"
lv vgcfgbackup -f "$T_DIR/b.txt" vg
check metadata-discards grep -q 'discards = "nopassdown"' "$T_DIR/b.txt"
# LVM2 writes zero_new_blocks only when set
check metadata-zero test "$(sed -n '/^\t\tpool {/,/^\t\t}/p' "$T_DIR/b.txt" | grep -c zero_new_blocks)" = 0

# lvextend --poolmetadatasize of the metadata LV itself
lv lvextend --poolmetadatasize +64k vg/pool_tmeta
expect tmeta-extend 0 'Logical volume vg/pool_tmeta successfully resized.'
lv lvextend --poolmetadatasize +64k vg/pool_tdata
expect tdata-extend-refused 5 'is not a thin pool'

# vgcfgrestore needs --force for thin LVs (LVM2's archiver.c)
before=$(sums "$A" "$B")
lv vgcfgrestore -f "$T_DIR/b.txt" vg
expect restore-no-force 5 'Consider using option --force to restore Volume Group vg with thin volumes.'
check restore-no-force-wrote-nothing test "$before" = "$(sums "$A" "$B")"
lv vgcfgrestore -f "$T_DIR/b.txt" --force vg
expect restore-force 0 'WARNING: Forced restore of Volume Group vg with thin volumes.'
# thin-defaults.sh: allocation/thin_pool_chunk_size (KiB) and the field
# spelled "chunksize" (libdm matches names without underscores)
lv lvcreate -an --config 'allocation{thin_pool_chunk_size=128 thin_pool_discards="ignore" thin_pool_zero=0}' -T -L8M vg/pool1
expect config-chunk 0 'chunk size 128.00 KiB can address at most 31.75 TiB'
lv lvs --noheadings -o lv_name,chunksize,discards,zero vg/pool1
check config-chunk-fields grep -Eq '^ *pool1 +128.00k +ignore *$' "$T_DIR/out"
# lvextend's rounding words are lvresize's (LVM2's lv_manip.c), lvcreate's
# have no period (metadata.c)
lv lvcreate -an -L 100k -n small vg
expect create-rounding 0 'Rounding up size to full physical extent 128.00 KiB$'
lv lvextend -L +100k vg/small
expect extend-rounding 0 'Rounding size to boundary between physical extents: 128.00 KiB\.'
# lvcreate --minor N alone is -My (thin LVs too: lvcreate-thin.sh)
lv lvcreate -an --minor 2345 -T -V20M -n thin_minor vg/pool1
expect minor-alone 0 'Logical volume "thin_minor" created.'
lv lvs --noheadings -o lv_attr,lv_minor vg/thin_minor
check minor-alone-fields grep -Eq '^ *Vwim--t--- +2345 *$' "$T_DIR/out"
t_done
