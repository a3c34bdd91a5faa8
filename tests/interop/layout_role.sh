#!/bin/bash
# lvs -a -o lv_layout,lv_role of mirror and raid1 LVs and their sub-LVs
# (images, disk log, rmeta), of snapshots, origins and a thin pool's LVs,
# and of plain ones, by LVM2 2.03.16 and by
# lvmgr on the same loop devices: the same lines (LVM2's
# lv_layout_and_role; cmd/report/fields_raid.c). A mirrored log needs an
# active LV in both tools: not compared here.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

for f in a b c d; do attach "$(img $f.img 64M)"; done
lvm_conf
lv vgcreate vgt "${LOOPS[@]}"
lv lvcreate -an --type mirror -m2 -L 4M -n m vgt
lv lvcreate -an --type mirror -m1 --mirrorlog core -L 4M -n c vgt
lv lvcreate -an --type raid1 -m2 -L 4M -n r vgt
lv lvcreate -an -L 4M -n lin vgt
lv lvcreate -an -i2 -L 4M -n str vgt
expect setup 0
# copy-on-write snapshots (two of one origin, a sparse one) and a thin
# pool with its hidden LVs and spare (fields_role.c)
lv lvcreate -an -s -L 4M -n s1 vgt/lin
lv lvcreate -an -s -L 4M -n s2 vgt/lin
lv lvcreate -an -s -L 4M -n s3 vgt/str
lv lvcreate -an --type snapshot -V 8M -L 4M -n sp vgt
lv lvcreate -an -L 4M -T vgt/pool
expect setup-snap-thin 0
for f in lv_layout lv_role; do
	l2 lvs -a --noheadings -o name,$f vgt; cp "$T_DIR/out" "$T_DIR/want"; : >"$T_DIR/d"
	[ -n "${SHOW:-}" ] && cat "$T_DIR/want" "$T_DIR/err"
	lv lvs -a --noheadings -o name,$f vgt
	if [ "$RC" = 0 ] && grep -q "m_mlog" "$T_DIR/want" && diff "$T_DIR/want" "$T_DIR/out" >"$T_DIR/d"; then
		pass "$f"
	else
		fail "$f"; sed 's/^/#   /' "$T_DIR/d"
	fi
done
t_done
