#!/bin/bash
# lvconvert --type thin-pool / --thinpool on image files: the steps of
# tests/fixtures/lvm2-thin-convert/make.sh (LVM2 in the kernel VM) give the
# same metadata text (ids, times, hosts and the PV section masked; seqno
# kept: LVM2's commits too), LVM2's messages and refusals, and a refused
# or declined command writes nothing.
. "$(dirname "$0")/../lib.sh"
FX=$(cd "$(dirname "$0")/../fixtures/lvm2-thin-convert" && pwd)

A=$(img a.img 256M); B=$(img b.img 256M)
lv vgcreate vg "$A" "$B"
expect setup 0
lv lvcreate -an -L 40M -n data vg
lv lvcreate -an -L 8M -n meta vg
expect setup-lvs 0
mask() {	# from the VG's seqno on; ids, times, hosts and the PV lines out
	sed -n '/^\tseqno = /,$p' "$1" |
		sed -E 's/(id|creation_time|creation_host|device|dev_size|device_id|device_id_type) = .*/\1 = X/'
}
same_as() {	# same_as NAME FIXTURE: the VG's metadata as LVM2 wrote it
	lv vgcfgbackup -f "$T_DIR/b.txt" vg
	if diff <(mask "$FX/$2") <(mask "$T_DIR/b.txt") >"$T_DIR/d"; then pass "$1"; else fail "$1"; head -30 "$T_DIR/d"; fi
}
lv lvconvert -y --type thin-pool --poolmetadata vg/meta vg/data
expect poolmetadata 0 'Converted vg/data and vg/meta to thin pool.'
check poolmetadata-messages grep -q "WARNING: Converting vg/data and vg/meta to thin pool's data and metadata volumes with metadata wiping." "$T_DIR/err"
check poolmetadata-destroy grep -q "THIS WILL DESTROY CONTENT OF LOGICAL VOLUME (filesystem etc.)" "$T_DIR/err"
check poolmetadata-chunk grep -q "Thin pool volume with chunk size 64.00 KiB can address at most <15.88 TiB of data." "$T_DIR/out"
same_as poolmetadata-as-lvm2 c1.txt

lv lvcreate -an -L 20M -n d2 vg
lv lvconvert -y --thinpool vg/d2
expect thinpool-allocates-metadata 0 'Converted vg/d2 to thin pool.'
check thinpool-message grep -q "WARNING: Converting vg/d2 to thin pool's data volume with metadata wiping." "$T_DIR/err"
same_as thinpool-as-lvm2 c2.txt

lv lvcreate -an -L 16M -n d3 vg
lv lvcreate -an -L 4M -n m3 vg
lv lvconvert -y --type thin-pool --poolmetadata m3 -c 128k -Zn --discards ignore --errorwhenfull y vg/d3
expect options 0 'chunk size 128.00 KiB can address at most 31.75 TiB of data'
same_as options-as-lvm2 c3.txt

# LVM2's refusals; nothing written.
lv lvcreate -an -L 8M -n x1 vg
before=$(sums "$A" "$B")
refused() {	# refused NAME REGEX ARGS...: exit 5, LVM2's message, nothing written
	local n=$1 re=$2; shift 2
	lv "$@"
	expect "$n" 5 "$re"
	check "$n-nothing-written" test "$(sums "$A" "$B")" = "$before"
}
refused same-lv "Can't use same LV for pool data and metadata LV vg/x1." lvconvert -y --type thin-pool --poolmetadata vg/x1 vg/x1
refused pool-as-metadata 'Pool metadata LV vg/d3 is of an unsupported type.' lvconvert -y --type thin-pool --poolmetadata vg/d3 vg/x1
refused unknown-metadata 'Unknown pool metadata LV nosuch.' lvconvert -y --type thin-pool --poolmetadata vg/nosuch vg/x1
refused already-pool 'Command on LV vg/data does not accept LV type thinpool.' lvconvert -y --type thin-pool vg/data
"$LVMGR" lvconvert --type thin-pool vg/x1 <<<n >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
expect declined 5 'Conversion aborted.'
check declined-prompt grep -q 'Do you really want to convert vg/x1? \[y/n\]:' "$T_DIR/err"
check declined-nothing-written test "$(sums "$A" "$B")" = "$before"
lv lvconvert -y --type thin-pool --poolmetadata vg/d2 --poolmetadatasize 8M vg/x1
expect metadata-and-size 3 'Please specify either metadata logical volume or its size.'
same_as refusals-as-lvm2 c4.txt

# lvconvert --repair with no spare and no room: LVM2's refusal (the spare
# is made before anything else: no kernel needed to get there).
lv vgremove -ff vg
lv vgcreate vg "$A" "$B"
lv lvcreate --type thin-pool -L 40M -n pool --poolmetadataspare n vg
expect nospare-pool 0 'recovery of pools without pool metadata spare LV is not automated.'
lv lvcreate -l 100%FREE -n fill vg
before=$(sums "$A" "$B")
refused repair-no-room 'Volume group "vg" has insufficient free space \(0 extents\): 1 required.' lvconvert --repair --poolmetadataspare n vg/pool
# LVM2's command table refuses the LV type before lvconvert looks at it
refused repair-not-pool 'Command on LV vg/fill does not accept LV type linear.' lvconvert --repair vg/fill

# External-origin thin snapshots: LVM2's refusal of a writable origin; the
# snapshot's section and the origin's (read-only) as LVM2 wrote them.
lv lvremove -y vg/fill
lv lvcreate -L 16M -n ro vg
before=$(sums "$A" "$B")
refused ext-writable 'Cannot use writable LV as the external origin.' lvcreate -s --thinpool vg/pool vg/ro -n e1
lv lvchange -pr vg/ro
lv lvcreate -s --thinpool vg/pool vg/ro -n e1
expect ext-create 0 'Logical volume "e1" created.'
section() {	# section NAME FILE: the LV's section, ids, times, hosts, transaction ids and PV extents out
	sed -n "/^\t\t$1 {/,/^\t\t}/p" "$2" |
		sed -E 's/(id|creation_time|creation_host|transaction_id) = .*/\1 = X/; s/"pv([0-9]+)", [0-9]+/"pv", N/'
}
lv vgcfgbackup -f "$T_DIR/b.txt" vg
for n in e1 ro; do
	if diff <(section $n "$FX/e1.txt") <(section $n "$T_DIR/b.txt") >"$T_DIR/d"; then pass "ext-$n-as-lvm2"
	else fail "ext-$n-as-lvm2"; cat "$T_DIR/d"; fi
done
lv lvs --noheadings -o lv_name,lv_attr,origin vg
check ext-lvs grep -Eq '^ *e1 +Vwi---tz-- +ro *$' "$T_DIR/out"
check ext-lvs-origin-attr grep -Eq '^ *ro +ori------- *$' "$T_DIR/out"
lv lvcreate -s vg/e1 -n e1s
lv vgcfgbackup -f "$T_DIR/b.txt" vg
if diff <(section e1s "$FX/e2.txt") <(section e1s "$T_DIR/b.txt") >"$T_DIR/d"; then pass ext-snapshot-as-lvm2
else fail ext-snapshot-as-lvm2; cat "$T_DIR/d"; fi
t_done
