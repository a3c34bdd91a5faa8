#!/bin/bash
# lvchange --minrecoveryrate/--maxrecoveryrate of lvmgr's raid1 LVs on loop
# devices: LVM2 and lvmgr write the same segment text (the LVs made alike,
# one changed by each tool), and each reads the other's back in lvs. The
# active options (--writemostly, --writebehind, --syncaction, --resync)
# are compared in the VM (tests/kernel/raid-sync-guest).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 64M)"; L1=$LOOP
attach "$(img b.img 64M)"; L2=$LOOP
lvm_conf
lv vgcreate vg0 "$L1" "$L2"
lv lvcreate -an --type raid1 -m 1 -L 8M -n a vg0
lv lvcreate -an --type raid1 -m 1 -L 8M -n b vg0
expect setup 0
# the segment of LV $1 in the VG's text, its name and sub-LV names made "X"
seg_of() { "$LVMGR" vgcfgbackup -f "$T_DIR/vg.$1" vg0 >/dev/null 2>&1; awk -v n="$1" '$1 == n && $2 == "{" { p = 1 } p { print } p && /^\t\t}$/ { exit }' "$T_DIR/vg.$1" |
	grep -Ev '^[[:space:]]*(id|creation_time) = ' | sed "s/\"$1_/\"X_/g; s/^\t\t$1 {/\t\tX {/"; }
for rates in "--maxrecoveryrate 4M --minrecoveryrate 128" "--minrecoveryrate 1m" "--maxrecoveryrate 512k --minrecoveryrate 0"; do
	l2 lvchange $rates vg0/a
	[ "$RC" = 0 ] || { fail "lvm2 lvchange $rates"; continue; }
	lv lvchange $rates vg0/b
	[ "$RC" = 0 ] || { fail "lvmgr lvchange $rates"; continue; }
	if diff <(seg_of a) <(seg_of b) >"$T_DIR/diff"; then pass "same-text: $rates"; else fail "same-text: $rates"; cat "$T_DIR/diff"; fi
	F=lv_name,raid_min_recovery_rate,raid_max_recovery_rate
	l2 lvs --noheadings -o $F vg0/a vg0/b; cp "$T_DIR/out" "$T_DIR/l2"
	lv lvs --noheadings -o $F vg0/a vg0/b
	if [ -s "$T_DIR/l2" ] && diff "$T_DIR/l2" "$T_DIR/out" >"$T_DIR/diff"; then pass "same-lvs: $rates"; else fail "same-lvs: $rates"; cat "$T_DIR/diff"; fi
done
seg_of b | sed 's/^/    /' | grep recovery
l2 vgck vg0
expect lvm2-vgck 0
t_done
