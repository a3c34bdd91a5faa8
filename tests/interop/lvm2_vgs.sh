#!/bin/bash
# VGs written by lvm2 in the device-mapper VM, with thin, raid, mirror, cache
# and snapshot LVs (tests/fixtures/lvm2-vgs/, made by its make.sh): lvmgr
# reads them, changes them (vgextend, vgrename, vgreduce, vgcfgbackup) and
# lvm2 still accepts them with every LV intact; lvmgr refuses to vgreduce a
# PV that holds LV extents and then writes nothing.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"
FX=$(cd "$(dirname "$0")/../fixtures/lvm2-vgs" && pwd)
LF=lv_name,segtype,lv_attr,devices,seg_pe_ranges,lv_tags
F=pv_name,vg_name,pv_fmt,pv_attr,pv_size,pv_free,pv_uuid,dev_size,pe_start,pv_mda_count,pv_mda_size,pv_mda_free,pv_pe_count,pv_pe_alloc_count
VF=vg_name,vg_uuid,vg_attr,vg_size,vg_free,vg_extent_size,vg_extent_count,vg_free_count,pv_count,lv_count,vg_seqno,vg_mda_count,vg_mda_free,vg_mda_size,max_lv,max_pv

# Device paths -> pvN, in the fixture (VM names) and here (loop devices).
# lv_attr: the state characters (5 state, 6 open, 9 health) differ between a
# VM that had the LVs active and a host without device-mapper ("X"): masked.
norm() {	# norm SEDSCRIPT FILE: the lvs json, sorted, devices as pvN
	sed -E -f "$1" "$2" | jq -S '.report[0].lv
		| map(.lv_attr = (.lv_attr[0:4] + "??" + .lv_attr[6:8] + "?" + .lv_attr[9:10]))'
}
same_json() {	# same_json NAME A B: compare two json files (sorted keys), show a diff
	if cmp -s <(jq -S . "$2") <(jq -S . "$3"); then
		pass "$1"
	else
		fail "$1"
		diff <(jq -S . "$2") <(jq -S . "$3") | head -20 | sed 's/^/    /'
	fi
}
pvs_vgs_same() {	# pvs_vgs_same TAG VG: lvmgr's pvs/vgs json = lvm2's
	l2 pvs --reportformat json -o $F; cp "$T_DIR/out" "$T_DIR/l2.json"
	lv pvs --reportformat json -o $F; cp "$T_DIR/out" "$T_DIR/lg.json"
	same_json "$1-pvs-json-identical" "$T_DIR/l2.json" "$T_DIR/lg.json"
	l2 vgs --reportformat json -o $VF "$2"; cp "$T_DIR/out" "$T_DIR/l2.json"
	lv vgs --reportformat json -o $VF "$2"; cp "$T_DIR/out" "$T_DIR/lg.json"
	same_json "$1-vgs-json-identical" "$T_DIR/l2.json" "$T_DIR/lg.json"
}
lvs_unchanged() {	# lvs_unchanged TAG VG: lvm2's lvs -a json as before the change
	l2 lvs -a --reportformat json -o $LF "$2"
	if [ "$RC" != 0 ]; then fail "$1-lvm2-lvs-intact" "lvm2 lvs exit $RC"; return; fi
	same_json "$1-lvm2-lvs-intact" "$T_DIR/$name.lvs0.json" "$T_DIR/out"
}
vgck_ok() {	# vgck_ok TAG VG
	l2 vgck "$2"
	expect "$1-lvm2-vgck" 0
}
# Views of a metadata backup text, to compare lvm2's and lvmgr's
strip() { grep -Ev '^(#|description|creation_host|creation_time|	seqno) ' "$1"; }
pv_hints() { grep -E '^			device = ' "$1"; }
lv_section() { sed -n '/^	logical_volumes {/,/^	}/p' "$1"; }
lv_order() { lv_section "$1" | sed -n 's/^		\([A-Za-z0-9_.+-]*\) {$/\1/p'; }
lv_blocks() {	# one line per LV (its whole text), sorted
	lv_section "$1" | awk '
		/^\t\t[^ \t}].* \{$/ { if (b != "") print b; b = $0; next }
		/^\t}$/ { next }
		{ b = b "|" $0 }
		END { if (b != "") print b }' | sort
}
cmp_text() {	# cmp_text NAME A B VIEW
	if cmp -s <($4 "$2") <($4 "$3"); then
		pass "$1"
	else
		fail "$1"
		diff <($4 "$2" | tr "|" "\n") <($4 "$3" | tr "|" "\n") | head -12 | sed 's/^/    /'
	fi
}
# 'a.img b.img': the checksums of those images in the test dir
img_sums() { (cd "$T_DIR" && sums "$@"); }

for d in "$FX"/*/; do
	name=$(basename "$d")
	[ -s "$d/disks" ] || continue
	VG=$(sed -n 's/^\([A-Za-z0-9_.+-]*\) {$/\1/p' "$d/metadata.txt" | head -1)
	t=$name	# test name prefix
	# -- images back from the stored heads (and tails: second mda)
	: >"$T_DIR/$name.fx.sed"
	: >"$T_DIR/$name.here.sed"
	IMGS=() DEVS=()
	while read -r pv size _ tail dev; do
		f=$(img "$name-$pv.img" "$size")
		gzip -dc "$d/$pv.head.gz" | dd of="$f" conv=notrunc status=none
		[ "$tail" = - ] || gzip -dc "$d/$pv.tail.gz" |
			dd of="$f" bs=1M oflag=seek_bytes seek="$tail" conv=notrunc status=none
		attach "$f"
		IMGS+=("$name-$pv.img")
		DEVS+=("$LOOP")
		echo "s#$dev\\b#$pv#g" >>"$T_DIR/$name.fx.sed"
		echo "s#$LOOP\\b#$pv#g" >>"$T_DIR/$name.here.sed"
	done <"$d/disks"
	attach "$(img "$name-new.img" 64M)"; NEW=$LOOP
	lvm_conf
	l2 pvcreate -q "$NEW"

	# -- lvm2 reads what it wrote in the VM
	l2 lvs -a --reportformat json -o $LF "$VG"
	expect "$t-lvm2-lvs" 0
	cp "$T_DIR/out" "$T_DIR/$name.lvs0.json"
	norm "$T_DIR/$name.fx.sed" "$d/expected.json" >"$T_DIR/$name.want.json"
	norm "$T_DIR/$name.here.sed" "$T_DIR/$name.lvs0.json" >"$T_DIR/$name.got.json"
	same_json "$t-lvm2-lvs-as-in-vm" "$T_DIR/$name.want.json" "$T_DIR/$name.got.json"
	check "$t-fixture-has-lvs" jqt 'length > 5' "$T_DIR/$name.want.json"
	vgck_ok "$t-initial" "$VG"
	l2 vgcfgbackup -f "$T_DIR/$name.l2-backup" "$VG"

	# -- lvmgr reads it
	nlv=$(jq '[.report[0].lv[] | select(.lv_name | startswith("[") | not) | .lv_name] | unique | length' "$d/expected.json")
	lv vgs --noheadings -o lv_count,pv_count "$VG"
	expect "$t-lvmgr-vgs" 0
	check "$t-lvmgr-vgs-lv-count-$nlv" grep -Eq "^ +$nlv +${#DEVS[@]} *\$" "$T_DIR/out"
	check "$t-lvmgr-vgs-no-stderr" test ! -s "$T_DIR/err"
	lv pvs
	expect "$t-lvmgr-pvs" 0
	check "$t-lvmgr-pvs-no-stderr" test ! -s "$T_DIR/err"
	lv vgck "$VG"
	expect "$t-lvmgr-vgck" 0
	pvs_vgs_same "$t-read" "$VG"

	# -- lvmgr refuses to take away a PV holding LV extents, writes nothing
	before=$(img_sums "${IMGS[@]}" "$name-new.img")
	i=0
	for dev in "${DEVS[@]}"; do
		lv vgreduce "$VG" "$dev"
		expect "$t-lvmgr-vgreduce-refuses-pv$i" 5 'still in use'
		i=$((i + 1))
	done
	check "$t-vgreduce-refused-no-byte-changed" test "$before" = "$(img_sums "${IMGS[@]}" "$name-new.img")"

	# -- lvmgr changes it, lvm2 still accepts it, LVs intact
	lv vgextend "$VG" "$NEW"
	expect "$t-lvmgr-vgextend" 0
	vgck_ok "$t-vgextend" "$VG"
	lvs_unchanged "$t-vgextend" "$VG"
	pvs_vgs_same "$t-vgextend" "$VG"

	lv vgrename "$VG" "${VG}r"
	expect "$t-lvmgr-vgrename" 0
	vgck_ok "$t-vgrename" "${VG}r"
	lvs_unchanged "$t-vgrename" "${VG}r"
	pvs_vgs_same "$t-vgrename" "${VG}r"
	l2 vgs "$VG"
	expect "$t-lvm2-old-name-gone" 5

	lv vgreduce "${VG}r" "$NEW"
	expect "$t-lvmgr-vgreduce" 0
	vgck_ok "$t-vgreduce" "${VG}r"
	lvs_unchanged "$t-vgreduce" "${VG}r"
	pvs_vgs_same "$t-vgreduce" "${VG}r"
	l2 pvs --noheadings -o vg_name "$NEW"
	check "$t-lvm2-new-pv-orphan" test -z "$(tr -d ' \n' <"$T_DIR/out")"

	lv vgrename "${VG}r" "$VG"
	expect "$t-lvmgr-vgrename-back" 0
	vgck_ok "$t-vgrename-back" "$VG"
	lvs_unchanged "$t-vgrename-back" "$VG"

	# -- vgcfgbackup: the same text as lvm2's backup (header and seqno aside)
	lv vgcfgbackup -f "$T_DIR/$name.lg-backup" "$VG"
	expect "$t-lvmgr-vgcfgbackup" 0
	l2 vgcfgbackup -f "$T_DIR/$name.l2-backup2" "$VG"
	A=$T_DIR/$name.l2-backup2 B=$T_DIR/$name.lg-backup
	cmp_text "$t-vgcfgbackup-pv-device-hints" "$A" "$B" pv_hints
	cmp_text "$t-vgcfgbackup-lv-order" "$A" "$B" lv_order
	cmp_text "$t-vgcfgbackup-lv-text" "$A" "$B" lv_blocks
	cmp_text "$t-vgcfgbackup-as-lvm2" "$A" "$B" strip
	# the LVs after all the changes are those lvm2 wrote first (any order)
	cmp_text "$t-lvm2-metadata-lvs-intact" "$T_DIR/$name.l2-backup" "$A" lv_blocks
	# lvm2 restores lvmgr's backup (--test: nothing written; --force: thin LVs)
	l2 vgcfgrestore --test --force -f "$T_DIR/$name.lg-backup" "$VG"
	expect "$t-lvm2-vgcfgrestore-test-lvmgr-backup" 0
done
t_done
