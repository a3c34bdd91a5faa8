#!/bin/bash
# lvm.conf list settings given as a single string (devices/filter =
# "a|.*|"): LVM2 reads a string where it expects a list as a one-item list,
# so lvmgr must too, for every list setting, from lvm.conf and --config.
. "$(dirname "$0")/../lib.sh"

P=$(img pv.img 16M)
lv pvcreate "$P"
expect setup-pvcreate 0
C=$LVM_SYSTEM_DIR/lvm.conf
for s in 'filter = "a|.*|"' 'global_filter = "r|.*|"' 'scan = "/dev"' 'types = "fd"' \
	'preferred_names = "^/dev/mapper/"'; do
	key=${s%% *}
	# never a host device: the image layer's global filter stays
	gf='global_filter = [ "r|.*|" ]'
	[ "$key" = global_filter ] && gf=
	printf 'devices { %s %s }\nglobal { locking_dir = "%s/lock" }\n' "$gf" "$s" "$T_DIR" >"$C"
	lv pvs --noheadings -o pv_name "$P"
	expect "string-$key-lvm.conf" 0 && check "string-$key-pv-listed" grep -q "$P" "$T_DIR/out"
	printf 'devices { global_filter = [ "r|.*|" ] }\nglobal { locking_dir = "%s/lock" }\n' "$T_DIR" >"$C"
	[ -n "$gf" ] || continue	# the default config's list would win over nothing
	lv pvs --noheadings -o pv_name --config "devices { $s }" "$P"
	expect "string-$key-config-option" 0
done
# activation lists too (read by vgchange -aay; here only the load)
printf 'devices { global_filter = [ "r|.*|" ] }\nactivation { volume_list = "vg0" auto_activation_volume_list = "vg0/lv" read_only_volume_list = "@t" }\nglobal { locking_dir = "%s/lock" }\n' "$T_DIR" >"$C"
lv pvs "$P"
expect string-activation-lists 0
# a string filter rejects as its list form does (an image file is never
# filtered: lvmgr's own rule; the string is parsed and checked all the same)
printf 'devices { global_filter = [ "r|.*|" ] filter = "x|bad" }\nglobal { locking_dir = "%s/lock" }\n' "$T_DIR" >"$C"
lv pvs "$P"
expect string-filter-bad-pattern 5 'Invalid devices/filter: .*x\|bad'
# patterns LVM2's regex dialect refuses, and those it takes by accident of
# its wrapping and lvmgr refuses (an empty one, a stray '|' or ')', '()'):
# a command that would write is refused, the PV unchanged
printf 'devices { global_filter = [ "r|.*|" ] }\nglobal { locking_dir = "%s/lock" }\n' "$T_DIR" >"$C"
S0=$(sums "$P")
for pat in 'a|(sd|' 'a|[sd|' 'a|*a|' 'a|||' 'a||a|' 'a|a)|' 'a|()|'; do
	lv vgcreate vgbad "$P" --config "devices { filter = [ \"$pat\" ] }"
	expect "bad-regex-vgcreate-$pat" 5 'Invalid devices/filter: Invalid filter pattern'
done
check bad-regex-pv-unchanged test "$(sums "$P")" = "$S0"
exit $T_FAILED
