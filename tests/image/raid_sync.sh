#!/bin/bash
# lvchange of raid1 and mirror LVs on image files (no device-mapper here):
# --minrecoveryrate/--maxrecoveryrate into the metadata (KiB/s, as LVM2),
# lvs raid_min/max_recovery_rate; --resync of inactive LVs (the rmeta LVs'
# start zeroed on their PVs, NOTSYNCED cleared, two commits as LVM2's);
# the refusals (wrong type, min above max, inactive for --syncaction and
# --writemostly), nothing written. The active paths and the tables: the
# kernel layer (tests/kernel/raid-sync-guest), against LVM2.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M); B=$(img b.img 64M); C=$(img c.img 64M)
lv vgcreate vgt "$A" "$B" "$C"
lv lvcreate -an --type raid1 -m1 -L 8M --nosync -n r vgt
lv lvcreate -an --type mirror -m1 --mirrorlog core --nosync -L 4M -n m vgt
lv lvcreate -an -L 4M -n lin vgt
expect setup 0
seqno() { lv vgcfgbackup -f "$T_DIR/s.vg" vgt; sed -n 's/^[[:space:]]*seqno = //p' "$T_DIR/s.vg"; }

lv lvchange --maxrecoveryrate 4M --minrecoveryrate 128 vgt/r
expect rates 0 'Logical volume vgt/r changed'
lv vgcfgbackup -f "$T_DIR/r.vg" vgt
check rates-text grep -Pzq 'region_size = 4096\n\t+min_recovery_rate = 128\n\t+max_recovery_rate = 4096\n' "$T_DIR/r.vg"
lv lvs --noheadings -o raid_min_recovery_rate,raid_max_recovery_rate vgt/r vgt/lin
check rates-lvs grep -Eq '^ +128 +4096 *$' "$T_DIR/out"
lv lvchange --maxrecoveryrate 0 vgt/r
lv lvs --noheadings -o raid_min_recovery_rate,raid_max_recovery_rate vgt/r
check rates-zero-unbounded grep -Eq '^ +128 *$' "$T_DIR/out"

before=$(sums "$A" "$B" "$C")
lv lvchange --maxrecoveryrate 64k --minrecoveryrate 1M vgt/r
expect refuse-min-above-max 5 'Minimum recovery rate cannot be higher than maximum'
lv lvchange --maxrecoveryrate 1M vgt/lin
expect refuse-rate-linear 5 'Command not permitted on LV vgt/lin'
lv lvchange --writemostly "$A" vgt/r
expect refuse-writemostly-inactive 5 'Unable to determine sync status of vgt/r'
lv lvchange --writebehind 100 vgt/m
expect refuse-writebehind-mirror 5 'require LV types raid1'
lv lvchange --syncaction check vgt/r
expect refuse-syncaction-inactive 5 'Unable to send message to an inactive logical volume'
lv lvchange --syncaction check vgt/m
expect refuse-syncaction-mirror 5 'Command not permitted on LV vgt/m'
lv lvchange --syncaction scrub vgt/r
expect refuse-syncaction-word 3 'scrub'
lv lvchange --resync vgt/lin
expect refuse-resync-linear 5 'does not accept LV type linear'
check refusals-write-nothing test "$before" = "$(sums "$A" "$B" "$C")"

# --resync: junk where rmeta_0 starts (a stale superblock) is zeroed.
lv pvs --noheadings --units s --nosuffix -o pe_start "$A"
pe_start=$(tr -d ' ' <"$T_DIR/out")
lv lvs -a --noheadings -o seg_pe_ranges vgt/r_rmeta_0
pe=$(sed 's/.*:\([0-9]*\)-.*/\1/' "$T_DIR/out")
dev=$(sed 's/^ *\(.*\):.*/\1/' "$T_DIR/out")
off=$((pe_start + pe * 8192))
head -c 4096 /dev/urandom | dd of="$dev" bs=512 seek="$off" conv=notrunc status=none
s0=$(seqno)
lv lvchange --resync vgt/r
expect resync-inactive 0
check resync-rmeta-zeroed cmp -s -n 1048576 <(dd if="$dev" bs=512 skip="$off" count=2048 status=none) /dev/zero
check resync-two-commits test "$(seqno)" = $((s0 + 2))
lv lvs --noheadings -o lv_attr vgt/r
check resync-notsynced-cleared grep -Eq '^ +rwi---r--- *$' "$T_DIR/out"
lv vgcfgbackup -f "$T_DIR/r2.vg" vgt
check resync-text-clean test "$(grep -c 'ACTIVATION_SKIP\|NOTSYNCED' "$T_DIR/r2.vg")" = 1
lv lvchange --resync vgt/m
expect resync-core-mirror 0
lv lvs --noheadings -o lv_attr vgt/m
check resync-core-mirror-synced grep -Eq '^ +mwi---m--- *$' "$T_DIR/out"
t_done
