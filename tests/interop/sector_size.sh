#!/bin/bash
# Metadata is written with O_DIRECT on devices of 512-byte logical sectors
# and through the page cache on others (a 4096-byte-sector device refuses
# 512-byte O_DIRECT writes): on both, every commit is read back by LVM2,
# and what LVM2 writes is read by lvmgr.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img s512.img 64M)"; L512=$LOOP
LOOP=$(losetup -b 4096 -f --show "$(img s4k.img 64M)") || { echo "FAIL $T_GROUP/losetup-4k"; exit 1; }
LOOPS+=("$LOOP"); on_exit "losetup -d $LOOP"; L4K=$LOOP
lvm_conf
check sector-sizes test "$(blockdev --getss "$L512") $(blockdev --getss "$L4K")" = "512 4096"

for dev in "$L512" "$L4K"; do
	ss=$(blockdev --getss "$dev")
	rm -f "$T_DIR/st"
	vg=vg$ss
	lv pvcreate "$dev"
	expect "pvcreate-$ss" 0
	if command -v strace >/dev/null 2>&1; then
		strace -f -e trace=openat -o "$T_DIR/st" "$LVMGR" vgcreate "$vg" "$dev" >"$T_DIR/out" 2>&1
	else	# (./check installs strace)
		"$LVMGR" vgcreate "$vg" "$dev" >"$T_DIR/out" 2>&1
	fi
	check "vgcreate-$ss" test $? = 0
	# the commit's descriptors: O_DIRECT only where the sectors are 512 bytes
	if [ ! -s "$T_DIR/st" ]; then
		:
	elif [ "$ss" = 512 ]; then
		check "o-direct-$ss" grep -q "\"$dev\", O_RDWR|O_DIRECT" "$T_DIR/st"
	else
		check "no-o-direct-$ss" bash -c "! grep -q '\"$dev\", O_RDWR|O_DIRECT' '$T_DIR/st'"
	fi
	for n in 1 2 3; do lv lvcreate -an -Zn -L 4M -n l$n "$vg"; done
	expect "lvcreate-$ss" 0
	lv lvextend -L +4M "$vg/l2"
	expect "lvextend-$ss" 0
	lv lvremove -y "$vg/l1"
	expect "lvremove-$ss" 0
	l2 vgck "$vg"
	expect "lvm2-vgck-$ss" 0
	l2 lvs --noheadings -o lv_name,lv_size --units m "$vg"
	cp "$T_DIR/out" "$T_DIR/l2.lvs"
	lv lvs --noheadings -o lv_name,lv_size --units m "$vg"
	check "lvm2-reads-lvmgr-$ss" cmp -s "$T_DIR/l2.lvs" "$T_DIR/out"
	check "lvm2-sees-two-$ss" test "$(wc -l <"$T_DIR/l2.lvs")" = 2
	# and back: LVM2 commits, lvmgr reads and commits again
	l2 lvcreate -an -Zn -L 8M -n fromlvm2 "$vg"
	expect "lvm2-lvcreate-$ss" 0
	lv lvs --noheadings -o lv_name "$vg"
	check "lvmgr-reads-lvm2-$ss" grep -q fromlvm2 "$T_DIR/out"
	lv lvremove -y "$vg/fromlvm2"
	expect "lvmgr-after-lvm2-$ss" 0
	l2 vgck "$vg"
	expect "lvm2-vgck-again-$ss" 0
done
t_done
