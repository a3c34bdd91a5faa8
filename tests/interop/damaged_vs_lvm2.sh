#!/bin/bash
# A damaged metadata copy on one PV of an LVM2 VG: every lvmgr command that
# reads the VG names it in LVM2 2.03.16's words (the lines LVM2 prints for
# the same damage, taken from LVM2's own stderr here), works from the good
# copy and writes nothing; vgremove -ff removes the VG as LVM2 does.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 32M)"; L1=$LOOP
attach "$(img b.img 32M)"; L2=$LOOP
lvm_conf
setup() {
	lvm vgremove -ff vg0 >/dev/null 2>&1
	lvm pvcreate -ff -y "$L1" "$L2" >/dev/null 2>&1
	lvm vgcreate vg0 "$L1" "$L2" >/dev/null 2>&1 && lvm lvcreate -an -l2 -n x vg0 >/dev/null 2>&1 || echo "setup failed"
}
text_off() { "$LVMGR" pvck --dump headers "$L1" 2>/dev/null | awk '/mda_header_1.raw_locn\[0\].offset/ { print 4096 + $2 }'; }
flip() { printf "$2" | dd of="$L1" bs=1 seek="$1" conv=notrunc 2>/dev/null; }
# lvm2_lines REGEX: LVM2's stderr lines of `vgs` matching REGEX
for damage in text header; do
	setup
	if [ $damage = text ]; then flip $(( $(text_off) + 1 )) Z; else flip 4200 '\xff'; fi
	lvm vgs >/dev/null 2>"$T_DIR/l2.err"
	grep -E 'Checksum error on|in mda header on|bad metadata (header|text) on|failed to read metadata summary|repair VG metadata' \
		"$T_DIR/l2.err" | sort -u >"$T_DIR/want"
	check "$damage-lvm2-reports" test -s "$T_DIR/want"
	before=$(sums "$T_DIR/a.img" "$T_DIR/b.img")
	for cmd in vgs lvs pvs vgdisplay lvdisplay pvdisplay lvscan vgscan pvscan fullreport "vgck vg0" \
		"vgcfgbackup -f $T_DIR/bk vg0"; do
		lv $cmd
		sort -u "$T_DIR/err" >"$T_DIR/got"
		if comm -23 "$T_DIR/want" "$T_DIR/got" | grep -q .; then
			fail "$damage-${cmd%% *}-words" "missing: $(comm -23 "$T_DIR/want" "$T_DIR/got" | tr '\n' '|')"
		else pass "$damage-${cmd%% *}-words"; fi
	done
	lv lvs --noheadings -o lv_name vg0
	check "$damage-good-copy-used" grep -q ' x' "$T_DIR/out"
	check "$damage-nothing-written" test "$before" = "$(sums "$T_DIR/a.img" "$T_DIR/b.img")"
	lv vgremove -ff vg0
	expect "$damage-vgremove-ff" 0 'Volume group "vg0" successfully removed'
	l2 pvs --noheadings -o pv_name,vg_name "$L1" "$L2"
	check "$damage-vgremove-orphans" test "$(grep -c vg0 "$T_DIR/out")" = 0
	check "$damage-vgremove-clean" test -z "$(grep -v "Activation disabled" "$T_DIR/err")"
done
t_done
