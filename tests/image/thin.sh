#!/bin/bash
# Thin pools and thin LVs on image files (no kernel: the pool messages stay
# queued in the metadata, as LVM2 writes them until the kernel has them):
# the same commands as tests/fixtures/lvm2-thin/make.sh ran with LVM2 in the
# kernel VM give the same metadata (ids, times, hosts, transaction ids and
# the queued messages masked) and the same lvs fields; LVM2's sizes,
# defaults and refusals; nothing written by a refused command.
. "$(dirname "$0")/../lib.sh"
FX=$(cd "$(dirname "$0")/../fixtures/lvm2-thin" && pwd)

A=$(img a.img 256M); B=$(img b.img 256M)
lv vgcreate vg "$A" "$B"
expect setup 0
lv lvcreate --type thin-pool -L 40M -n pool vg
expect pool-type 0 'Thin pool volume with chunk size 64.00 KiB can address at most <15.88 TiB of data.'
lv lvcreate -V 100M -T vg/pool -n t1
expect thin-T 0 'WARNING: Sum of all thin volume sizes \(100.00 MiB\) exceeds the size of thin pool vg/pool \(40.00 MiB\).'
lv lvcreate -V 20M --thinpool pool -n t2 vg
expect thin-thinpool 0 'Logical volume "t2" created.'
lv lvcreate -T vg/pool2 -L 12M -c 256k -Zn --discards nopassdown --errorwhenfull y
expect pool-T-options 0 'chunk size 256.00 KiB can address at most 63.50 TiB'
lv lvcreate -V 30M -L 8M -T vg/pool3 -n t3
expect thin-and-pool 0 'exceeds the size of thin pools \(60.00 MiB\)'
lv lvcreate -s vg/t1 -n s1
expect thin-snapshot 0 'Logical volume "s1" created.'
lv lvcreate -s vg/t1
expect thin-snapshot-default-name 0 'Logical volume "lvol1" created.'

# The metadata as LVM2 wrote it for the same commands.
mask() {	# the LV sections; ids, times, hosts and transaction ids out; messages dropped
	sed -n '/^\tlogical_volumes {/,$p' "$1" |
		sed -E 's/(id|creation_time|creation_host|transaction_id) = .*/\1 = X/' |
		awk '/^\t+message[0-9]+ \{$/ {skip = 1; next} skip && /^\t+\}$/ {skip = 0; next} !skip' |
		awk 'NF || !prev_blank_ok {print} {prev_blank_ok = 0} /zero_new_blocks|discards = "nopassdown"/ {prev_blank_ok = 1}'
}
lv vgcfgbackup -f "$T_DIR/b.txt" vg
mask "$FX/backup.txt" >"$T_DIR/want"
mask "$T_DIR/b.txt" >"$T_DIR/got"
if diff "$T_DIR/want" "$T_DIR/got" >"$T_DIR/d"; then pass metadata-as-lvm2; else fail metadata-as-lvm2; head -20 "$T_DIR/d"; fi

# The queued messages and transaction ids (one batch per pool: the kernel
# gets them at the next activation).
n=$(grep -c 'create = "\(t1\|t2\|s1\|lvol1\|t3\)"' "$T_DIR/b.txt")
check queued-creates test "$n" = 5
lv lvs --noheadings -o lv_name,thin_id,transaction_id vg
check transaction-ids grep -Eq '^ *pool +1 *$' "$T_DIR/out"

# lvs: the fields LVM2 printed for the same VG (state characters and
# transaction ids aside).
F=lv_name,lv_attr,pool_lv,origin,thin_id,chunk_size,discards,zero,lv_when_full,lv_metadata_size,lv_size,seg_size,seg_pe_ranges,segtype
lv lvs -a --reportformat json -o $F vg
jq -S '[.report[0].lv[] | .lv_attr |= (.[0:4] + .[6:])] | sort_by(.lv_name)' "$T_DIR/out" >"$T_DIR/got.json"
jq -S --arg a "$A" --arg b "$B" '[.report[0].lv[] | {'"$(echo $F | sed 's/,/, /g')"'} | .lv_attr |= (.[0:4] + .[6:]) | .seg_pe_ranges |= (sub("/dev/vda"; $a) | sub("/dev/vdb"; $b))] | sort_by(.lv_name)' "$FX/lvs.json" >"$T_DIR/want.json"
if diff "$T_DIR/want.json" "$T_DIR/got.json" >"$T_DIR/d"; then pass lvs-as-lvm2; else fail lvs-as-lvm2; head -30 "$T_DIR/d"; fi

# Refusals, LVM2's words, nothing written.
S=$(sums "$A" "$B")
lv lvcreate --type thin-pool -L 8M -c 32k -n bad1 vg
expect chunk-too-small 3 'Thin pool chunk size 32.00 KiB is not in the range 64.00 KiB to 1.00 GiB.'
expect chunk-too-small-multiple 3 'Thin pool chunk size 32.00 KiB must be a multiple of 64.00 KiB.'
lv lvcreate --type thin-pool -L 8M -c 96k -n bad2 vg
expect chunk-not-multiple 3 'Thin pool chunk size 96.00 KiB must be a multiple of 64.00 KiB.'
lv lvcreate --type thin-pool -L 8M -c 2g -n bad3 vg
expect chunk-too-big 3 'Thin pool chunk size 2.00 GiB is not in the range 64.00 KiB to 1.00 GiB.'
lv lvcreate -V 10M -T vg/nopool -n x
expect missing-pool 5 'Pool nopool not found in Volume group vg.'
lv lvcreate -V 10M -T vg/t1 -n x
expect pool-not-a-pool 5 'Pool t1 not found in Volume group vg.'
lv lvcreate --type thin-pool -L 8M --poolmetadatasize 17g -n bad4 vg
expect metadata-past-limit 5 'Reducing pool metadata size 17.00 GiB to maximum usable size <15.88 GiB.'
lv lvcreate -s vg/lvol0_pmspare
expect snapshot-of-non-thin 5 'Please specify either size or extents with snapshots.'
lv lvcreate --type thin-pool -L 8M -n pool vg
expect pool-name-taken 5 'already exists'
check refusals-wrote-nothing test "$(sums "$A" "$B")" = "$S"

# Defaults that depend on the sizes (LVM2's update_thin_pool_params): the
# chunk doubles while the metadata estimate is above 128 MiB (1.5 TiB:
# 1.5 GiB at 64 KiB -> 96 MiB at 1 MiB, one 64 MiB extent up); a given
# metadata size sets the chunk (100 GiB / (16 MiB * 8) -> 800 sectors, the
# next power of 2: 512 KiB).
C=$(img c.img 2T)
lv vgcreate -s 64m vgbig "$C"
lv lvcreate --type thin-pool -L 1.5T -n p vgbig
expect big-pool 0 'chunk size 1.00 MiB'
lv lvs --noheadings --units m -o lv_metadata_size,chunk_size vgbig/p
check big-pool-metadata grep -Eq '^ *128.00m +1.00m *$' "$T_DIR/out"
lv lvcreate --type thin-pool -L 100G --poolmetadatasize 16m -n p2 vgbig
expect chunk-from-metadata-size 0 'chunk size 512.00 KiB'
lv lvcreate --type thin-pool -L 1G --poolmetadataspare n -n p3 vgbig
expect no-spare 0 'WARNING: recovery of pools without pool metadata spare LV is not automated.'

# lvdisplay's thin lines (LVM2's, tests/fixtures/lvm2-thin/lvdisplay.txt)
lv lvdisplay vg/pool vg/s1
check lvdisplay-pool-metadata grep -q '^  LV Pool metadata       pool_tmeta$' "$T_DIR/out"
check lvdisplay-pool-data grep -q '^  LV Pool data           pool_tdata$' "$T_DIR/out"
check lvdisplay-pool-no-path test -z "$(grep -E '^  LV Path +/dev/vg/pool$' "$T_DIR/out")"
check lvdisplay-thin-pool grep -q '^  LV Pool name           pool$' "$T_DIR/out"
check lvdisplay-thin-origin grep -q '^  LV Thin origin name    t1$' "$T_DIR/out"
check lvdisplay-line-order test "$(grep -A1 'LV Creation host' "$T_DIR/out" | grep -c 'LV Pool')" = 2

# Growth and removal (metadata only here; the kernel side in thin-guest).
lv lvextend -L +8M vg/pool
expect extend-pool 0 'from 40.00 MiB \(10 extents\) to 48.00 MiB \(12 extents\)'
lv lvs --noheadings -o lv_size vg/pool_tdata
check extend-pool-tdata grep -q '48.00m' "$T_DIR/out"
lv lvextend --poolmetadatasize +4M vg/pool
expect extend-metadata 0 'vg/pool_tmeta changed from 4.00 MiB \(1 extents\) to 8.00 MiB \(2 extents\)'
lv lvs --noheadings -o lv_size vg/lvol0_pmspare
check spare-follows grep -q '8.00m' "$T_DIR/out"
lv lvextend -L +8M vg/t2
expect extend-thin 0 'to 28.00 MiB \(7 extents\)'
lv lvreduce -f -L 8M vg/t2
expect reduce-thin 0 'to 8.00 MiB \(2 extents\)'
lv lvreduce -f -L 8M vg/pool
expect reduce-pool-refused 5 'Thin pool volumes vg/pool cannot be reduced in size yet.'
lv lvremove -y vg/t1
expect remove-origin 0
lv vgcfgbackup -f "$T_DIR/b2.txt" vg
check snapshot-loses-origin test -z "$(grep 'origin = "t1"' "$T_DIR/b2.txt")"
lv lvremove -f vg/pool
expect remove-pool-with-thins 0
lv lvs --noheadings -o lv_name vg
check pool-and-thins-gone test -z "$(grep -E 'pool_t|^ *(pool|t2|s1|lvol1) *$' "$T_DIR/out")"
lv lvremove -f vg/pool2 vg/pool3
lv lvs -a --noheadings -o lv_name vg
check last-pool-takes-spare test -z "$(grep pmspare "$T_DIR/out")"
lv vgck vg
expect vgck-after 0

# lvcreate's LV flag options reach thin LVs and thin snapshots as they do
# every other LV (lvcreate_flag_params): --setautoactivation n, -k, -My
lv lvcreate --type thin-pool -L 8M -n fp vg
lv lvcreate -V 8M -T vg/fp -n fa --setautoactivation n -ky -My --minor 200
expect flags-thin 0 'Logical volume "fa" created.'
lv lvcreate -s vg/fa -n fs --setautoactivation n
expect flags-thin-snapshot 0 'Logical volume "fs" created.'
lv lvcreate -s vg/fa -n fk -kn
expect flags-thin-snapshot-kn 0 'Logical volume "fk" created.'
lv vgcfgbackup -f "$T_DIR/b3.txt" vg
check flags-thin-text bash -c "lvsec() { sed -n \"/^\t\t\$1 {/,/^\t\t}/p\" '$T_DIR/b3.txt'; }; lvsec fa | grep -q 'flags = \[\"ACTIVATION_SKIP\", \"NOAUTOACTIVATE\"\]' && lvsec fa | grep -q 'minor = 200' && lvsec fa | grep -q FIXED_MINOR"
check flags-snapshot-text bash -c "sed -n '/^\t\tfs {/,/^\t\t}/p' '$T_DIR/b3.txt' | grep -q 'flags = \[\"ACTIVATION_SKIP\", \"NOAUTOACTIVATE\"\]'"
check flags-snapshot-kn-text bash -c "! sed -n '/^\t\tfk {/,/^\t\t}/p' '$T_DIR/b3.txt' | grep -q ACTIVATION_SKIP"
lv lvs --noheadings -o lv_name,autoactivation vg/fa vg/fs vg/fk
check flags-autoactivation-report grep -Eq '^ *fk +enabled *$' "$T_DIR/out"
lv lvremove -f vg/fp
expect flags-cleanup 0

t_done
