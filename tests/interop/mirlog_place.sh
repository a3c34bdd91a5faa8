#!/bin/bash
# Where lvconvert --type mirror -m1 --mirrorlog disk of a linear LV puts
# the log when several PVs have room: LVM2 2.03.16 takes the last one in
# the VG's order (its log allocation: fitting areas rank alike, the last
# wins; seen in the VM too), not the largest or the first. Same VG text
# from each tool, metadata compared (masked).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

for f in a b c d e; do attach "$(img $f.img 64M)"; done
lvm_conf
lv vgcreate vgt "${LOOPS[@]}"
lv lvcreate -an -L 8M -n lin vgt "${LOOPS[0]}"
lv vgcfgbackup -f "$T_DIR/start" vgt
expect setup 0
both() {	# both NAME CMD...: from the start VG by each tool, exit 0 and the same text
	local n=$1 t run; shift
	for t in lvm2 lvmgr; do
		if [ $t = lvm2 ]; then run=l2; else run=lv; fi
		$run vgcfgrestore -f "$T_DIR/start" vgt
		$run "$@"
		echo "rc=$RC" >"$T_DIR/rc.$t"
		lv vgcfgbackup -f "$T_DIR/$t.vg" vgt
	done
	: >"$T_DIR/diff"
	if diff "$T_DIR/rc.lvm2" "$T_DIR/rc.lvmgr" && grep -q 'rc=0' "$T_DIR/rc.lvmgr" &&
		diff <(vg_text_mask "$T_DIR/lvm2.vg") <(vg_text_mask "$T_DIR/lvmgr.vg") >"$T_DIR/diff"; then
		pass "$n"
	else
		fail "$n"; head -20 "$T_DIR/diff" | sed 's/^/#   /'
	fi
}
both log-on-last-pv lvconvert -y --type mirror -m1 --mirrorlog disk vgt/lin
t_done
