#!/bin/bash
# The one rule for the names commands give LVs (metadata/names.c): lvcreate
# and lvrename refuse each of LVM2's reserved prefixes and fragments with
# LVM2's message and write nothing; other names are fine.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 8M); B=$(img b.img 8M)
lv vgcreate -s 1m vg0 "$A" "$B"
expect setup-vgcreate 0
lv lvcreate -an -L 2M -n ok vg0
expect setup-lvcreate 0

# LVM2 2.03's lists (lib/misc/lvm-string.c), in its order.
FRAGMENTS="_cdata _cmeta _corig _cpool _cvol _wcorig _mimage _mlog _rimage _rmeta _tdata _tmeta _vdata _imeta _iorig _pmspare _vorigin"
S=$(sums "$A" "$B")
for f in $FRAGMENTS; do
	msg="Names including \"$f\" are reserved. Please choose a different LV name."
	lv lvrename vg0 ok "x${f}_0"
	expect "lvrename-refused$f" 3 "^  $msg\$" && check "lvrename-unchanged$f" [ "$(sums "$A" "$B")" = "$S" ]
	lv lvcreate -an -L 2M -n "x${f}" vg0
	expect "lvcreate-refused$f" 3 "^  $msg\$" && check "lvcreate-unchanged$f" [ "$(sums "$A" "$B")" = "$S" ]
done
for p in snapshot pvmove; do
	msg="Names starting \"$p\" are reserved. Please choose a different LV name."
	lv lvrename vg0/ok "vg0/${p}1"
	expect "lvrename-refused-$p" 3 "^  $msg\$"
	lv lvcreate -an -L 2M -n "${p}1" vg0
	expect "lvcreate-refused-$p" 3 "^  $msg\$"
done
check refused-names-unchanged [ "$(sums "$A" "$B")" = "$S" ]
lv lvs --noheadings -o lv_name vg0
check refused-names-one-lv [ "$(out | tr -d ' ')" = ok ]

# Bad syntax: name_check's message and the command's line.
lv lvrename vg0 ok -- -x
expect lvrename-hyphen 3 'New logical volume name "-x" is invalid'
lv lvrename vg0 ok 'a b'
expect lvrename-space 3 "invalid character ' '"
check bad-names-unchanged [ "$(sums "$A" "$B")" = "$S" ]

# Names that only look like reserved ones are fine.
lv lvrename vg0 ok my_snapshot
expect lvrename-not-prefix 0 'Renamed "ok" to "my_snapshot"'
lv lvrename vg0 my_snapshot x_rimag
expect lvrename-not-fragment 0
lv lvcreate -an -L 2M -n lv_data vg0
expect lvcreate-fine-name 0
lv lvrename vg0 lv_data x_rimag
expect lvrename-existing 5 'Logical Volume "x_rimag" already exists in volume group "vg0"'
t_done
