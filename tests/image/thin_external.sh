#!/bin/bash
# lvconvert --type thin|-T|--thin --thinpool VG/POOL [--originname NAME]
# VG/LV on image files (no kernel: the pool's create_thin stays queued for
# its next activation): LVM2 2.03.16's refusals and messages (seen in the
# kernel VM, tests/kernel/thinext-guest compares them live), nothing
# written by a refused command; the conversion's metadata: LV a thin LV
# of the pool with LV's uuid, writable as LV was, its old content the
# read-only external origin under the new name and the new id.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 128M); B=$(img b.img 128M)
lv vgcreate vg "$A" "$B"
lv lvcreate -an --type thin-pool -L 16M -n pool vg
lv lvcreate -an -L 8M -n o vg
lv lvcreate -an -L 4M -n k vg
lv lvcreate -an -V 4M -T vg/pool -n t
lv lvcreate -an -L 4M -n so vg
lv lvcreate -an -s -L 4M -n snap vg/so
expect setup 0

before=$(sums "$A" "$B")
refused() {	# refused NAME REGEX ARGS...: exit 5, LVM2's message, nothing written
	local n=$1 re=$2; shift 2
	lv lvconvert -y "$@"
	expect "$n" 5 "$re"
	check "$n-nothing-written" test "$(sums "$A" "$B")" = "$before"
}
refused pool-itself '^  Command on LV vg/pool does not accept LV type thinpool.$' --type thin --thinpool vg/pool vg/pool
refused pool-sub-lv '^  Command on LV vg/pool_tdata requires LV with properties: lv_is_visible .$' \
	--type thin --thinpool vg/pool vg/pool_tdata
refused cow '^  Command on LV vg/snap does not accept LV type snapshot.$' --type thin --thinpool vg/pool vg/snap
refused originname-taken '^  Logical Volume "pool" already exists in volume group "vg"$' \
	--type thin --thinpool vg/pool --originname pool vg/k
refused originname-other-vg '^  Please use a single volume group name \("other" or "vg"\).$' \
	--type thin --thinpool vg/pool --originname other/x vg/k
refused no-pool '^  Thin pool nopool not found.$' --type thin --thinpool vg/nopool vg/k
refused pool-is-thin '^  LV vg/t with type thin cannot be converted to a thin pool.$' --type thin --thinpool vg/t vg/k
refused same-lv '^  Use a different LV for thin pool LV and thin LV vg/k.$' --type thin --thinpool vg/k vg/k
# (LVM2 takes these; lvmgr names LVs' references by name and says so)
refused lvmgr-origin 'lvmgr does not convert snapshot origin LV vg/so' --type thin --thinpool vg/pool vg/so
refused lvmgr-thin 'lvmgr does not convert thin LV vg/t' --type thin --thinpool vg/pool vg/t

uuid() { "$LVMGR" lvs --noheadings -o lv_uuid "vg/$1" | tr -d ' '; }
uo=$(uuid o)
lv lvconvert -y --type thin --thinpool vg/pool --originname oorig vg/o
expect convert 0 '^  Converted vg/o to thin volume with external origin vg/oorig.$'
check convert-created grep -qx '  Logical volume "oorig" created.' "$T_DIR/out"
check convert-keeps-uuid test "$(uuid o)" = "$uo"
check convert-origin-new-uuid test -n "$(uuid oorig)" -a "$(uuid oorig)" != "$uo"
lv lvs --noheadings -o lv_name,lv_attr,pool_lv,origin,lv_size vg/o vg/oorig
check convert-lvs grep -Eq '^  o +Vwi---tz-- pool oorig +8.00m$' "$T_DIR/out"
check convert-origin-lvs grep -Eq '^  oorig +ori------- +8.00m$' "$T_DIR/out"
lv vgcfgbackup -f "$T_DIR/m.txt" vg
# (the new thin LV: after t, device id 2; the create message queued)
check convert-metadata grep -Pzq '\n\t\to \{\n\t\t\tid = "[^"]+"\n\t\t\tstatus = \["READ", "WRITE", "VISIBLE"\]\n(.*\n){6}\t\t\t\tstart_extent = 0\n\t\t\t\textent_count = 2\t# 8 Megabytes\n\n\t\t\t\ttype = "thin"\n\t\t\t\tthin_pool = "pool"\n\t\t\t\ttransaction_id = [0-9]+\n\t\t\t\tdevice_id = 2\n\t\t\t\texternal_origin = "oorig"\n' "$T_DIR/m.txt"
check convert-origin-read-only grep -Pzq '\n\t\toorig \{\n\t\t\tid = "[^"]+"\n\t\t\tstatus = \["READ", "VISIBLE"\]\n' "$T_DIR/m.txt"
check convert-message-queued grep -q 'create = "o"' "$T_DIR/m.txt"

# The default name: lvolN; the -T and --thin spellings.
lv lvconvert -y -T --thinpool vg/pool vg/k
expect convert-lvol 0 '^  Converted vg/k to thin volume with external origin vg/lvol1.$'
lv lvcreate -an -L 4M -n k2 vg
lv lvconvert -y --thin --thinpool pool vg/k2
expect convert-thin-spelling 0 '^  Converted vg/k2 to thin volume with external origin vg/lvol2.$'
lv vgck vg
expect vgck 0
t_done
