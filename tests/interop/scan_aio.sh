#!/bin/bash
# Scanning many block devices: labels and metadata headers are read
# concurrently, by worker threads (the default) or through libaio on
# O_DIRECT descriptors (LVMGR_SCAN_AIO=1), and the result is what the
# synchronous engine (LVMGR_SCAN_AIO=0) and LVM2 see.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

for i in 1 2 3 4 5 6 7 8 9 10; do attach "$(img d$i.img 16M)"; done
lvm_conf
lv pvcreate "${LOOPS[@]}"
expect setup-pvcreate 0
lv vgcreate vgx "${LOOPS[@]}"
expect setup-vgcreate 0
lv vgs -v -o vg_name,pv_count,vg_seqno --noheadings vgx
check threads-used grep -q 'concurrently (16 threads' "$T_DIR/err"
cp "$T_DIR/out" "$T_DIR/thr.out"
LVMGR_SCAN_AIO=1 "$LVMGR" vgs -v -o vg_name,pv_count,vg_seqno --noheadings vgx >"$T_DIR/aio.out" 2>"$T_DIR/err"
check aio-when-told grep -q 'concurrently (libaio' "$T_DIR/err"
LVMGR_SCAN_AIO=0 "$LVMGR" vgs -v -o vg_name,pv_count,vg_seqno --noheadings vgx >"$T_DIR/sync.out" 2>"$T_DIR/err"
check sync-when-told bash -c "! grep -q concurrently '$T_DIR/err'"
check threads-equal-sync cmp -s "$T_DIR/thr.out" "$T_DIR/sync.out"
check aio-equals-sync cmp -s "$T_DIR/aio.out" "$T_DIR/sync.out"
check sees-10-pvs grep -Eq 'vgx +10 +1' "$T_DIR/thr.out"
l2 vgs --noheadings -o vg_name,pv_count,vg_seqno vgx
check lvm2-agrees cmp -s "$T_DIR/thr.out" "$T_DIR/out"
t_done
