#!/bin/bash
# The allocator against LVM2: for the same sequence of lvcreate/lvextend/
# lvreduce/lvremove on identical VGs, lvmgr's allocator (through
# tests/tools/alloc_driver) must never produce more segments nor more free
# space fragments than Debian's lvm2 does. Each sequence prints both layouts
# and whether they are identical; allocation failures must agree too.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"
command -v jq >/dev/null || { echo "SKIP interop/alloc_vs_lvm2: needs jq"; exit 0; }

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LIB=${BUILD:-$ROOT/build}/liblvmgr.a
[ -f "$LIB" ] || { echo "FAIL $T_GROUP/build: $LIB missing (run make)"; exit 1; }
DRIVER=$T_DIR/alloc_driver
if ! ${CC:-cc} -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter -I"$ROOT" -D_GNU_SOURCE -O2 \
	-o "$DRIVER" "$ROOT/tests/tools/alloc_driver.c" "$LIB" 2>"$T_DIR/err"; then
	fail build "alloc_driver does not compile"
	t_done
fi

# Six loop devices serve every sequence; a sequence uses the first few,
# sized as it asks (1 MiB extents, pe_start 1 MiB).
NDEV=6
for i in $(seq 0 $((NDEV - 1))); do
	f=$(img "d$i.img" 1M)
	attach "$f"
	DEV[$i]=$LOOP
done
lvm_conf
on_exit "lvm vgremove -f -y vg_alloc"

# layout_metrics FILE PVSIZES...: "SEGMENTS FRAGMENTS" of a layout file
# (lines "LV LE_START EXTENTS pN:A-B ...").
layout_metrics() {
	local f=$1
	shift
	awk -v sizes="$*" '
	BEGIN { n = split(sizes, sz, " "); for (i = 1; i <= n; i++) size["p" (i - 1)] = sz[i] }
	{ segs++
	  for (i = 4; i <= NF; i++) {
		split($i, a, ":"); split(a[2], r, "-")
		for (e = r[1]; e <= r[2]; e++) used[a[1], e] = 1
	  } }
	END {
		for (p in size) {
			inrun = 0
			for (e = 0; e < size[p]; e++) {
				if (!((p, e) in used)) { if (!inrun) frags++; inrun = 1 } else inrun = 0
			}
		}
		print segs + 0, frags + 0
	}' "$f"
}

# lvm2_layout: the VG's layout in the driver's format, PVs renamed pN.
lvm2_layout() {
	local map="" i
	for i in $(seq 0 $((NDEV - 1))); do map="$map s|${DEV[$i]}:|p$i:|g;"; done
	lvm lvs -a -o lv_name,seg_start_pe,seg_size_pe,seg_pe_ranges --reportformat json vg_alloc 2>/dev/null |
		jq -r '.report[0].lv[] | "\(.lv_name) \(.seg_start_pe) \(.seg_size_pe) \(.seg_pe_ranges)"' |
		sed -e "$map" | sort -k1,1 -k2,2n
}

# run_seq NAME PVSIZES... <<SCRIPT: the driver's language (see alloc_driver.c)
run_seq() {
	local name=$1
	shift
	local sizes=("$@") i line pvs=() errs2="" errs1
	local script=$T_DIR/$name.script
	cat >"$script"
	lvm vgremove -f -y vg_alloc >/dev/null 2>&1
	for i in "${!sizes[@]}"; do
		truncate -s 0 "$T_DIR/d$i.img"
		truncate -s $((sizes[i] + 1))M "$T_DIR/d$i.img"
		losetup -c "${DEV[$i]}"
		pvs+=("${DEV[$i]}")
	done
	l2 pvcreate -y -ff "${pvs[@]}"
	[ "$RC" = 0 ] || { fail "$name" "pvcreate"; return; }
	l2 vgcreate -s 1m vg_alloc "${pvs[@]}"
	[ "$RC" = 0 ] || { fail "$name" "vgcreate"; return; }
	# The PVs' real extent counts feed the driver.
	local real=()
	for i in "${!sizes[@]}"; do
		real[$i]=$(lvm pvs --noheadings -o pv_pe_count "${DEV[$i]}" 2>/dev/null | tr -d ' ')
	done
	{
		for i in "${!sizes[@]}"; do echo "pv p$i ${real[$i]}"; done
		cat "$script"
	} >"$T_DIR/$name.in"

	# lvm2: translate each line.
	local -a w
	local op=0
	while read -r -a w; do
		[ ${#w[@]} = 0 ] && continue
		case "${w[0]}" in "#"*) continue ;; esac
		op=$((op + 1))
		local args=() extra=() k
		for ((k = 3; k < ${#w[@]}; k++)); do
			case "${w[$k]}" in
			-i) extra+=(-i "${w[$((k + 1))]}" -I 64k); k=$((k + 1)) ;;
			--alloc) extra+=(--alloc "${w[$((k + 1))]}"); k=$((k + 1)) ;;
			p[0-9]*) local pn=${w[$k]%%:*} rest=""; [[ ${w[$k]} == *:* ]] && rest=:${w[$k]#*:}
				args+=("${DEV[${pn#p}]}$rest") ;;
			esac
		done
		case "${w[0]}" in
		lvcreate) l2 lvcreate -an -Zn -Wn -y -n "${w[1]}" -l "${w[2]}" "${extra[@]}" vg_alloc "${args[@]}" ;;
		lvextend) l2 lvextend -l "${w[2]}" "${extra[@]}" "vg_alloc/${w[1]}" "${args[@]}" ;;
		lvreduce) l2 lvreduce -f -l "${w[2]}" "vg_alloc/${w[1]}" ;;
		lvremove) l2 lvremove -f "vg_alloc/${w[1]}" ;;
		esac
		if [ "$RC" != 0 ]; then
			errs2="$errs2 $op"
			echo "#   lvm2 op $op (${w[*]}): $(grep -v WARNING "$T_DIR/err" | head -1 | sed 's/^ *//')"
		fi
	done <"$script"
	lvm2_layout >"$T_DIR/$name.lvm2"

	"$DRIVER" <"$T_DIR/$name.in" >"$T_DIR/$name.raw" 2>"$T_DIR/err" || { fail "$name" "driver failed"; return; }
	errs1=""
	while IFS= read -r line; do
		errs1="$errs1 $(echo "$line" | sed 's/^ERROR op \([0-9]*\):.*/\1/')"
		echo "#   lvmgr ${line#ERROR }"
	done < <(grep '^ERROR ' "$T_DIR/$name.raw")
	grep -v '^ERROR ' "$T_DIR/$name.raw" | sort -k1,1 -k2,2n >"$T_DIR/$name.lvmgr"

	local m2 m1
	m2=$(layout_metrics "$T_DIR/$name.lvm2" "${real[@]}")
	m1=$(layout_metrics "$T_DIR/$name.lvmgr" "${real[@]}")
	local same=different
	cmp -s "$T_DIR/$name.lvm2" "$T_DIR/$name.lvmgr" && same=identical
	echo "# $name: lvm2 segments/fragments $m2, lvmgr $m1, layouts $same"
	if [ "$same" = different ]; then
		echo "#   lvm2:"; sed 's/^/#     /' "$T_DIR/$name.lvm2"
		echo "#   lvmgr:"; sed 's/^/#     /' "$T_DIR/$name.lvmgr"
	fi
	if [ "$errs1" != "$errs2" ]; then
		: >"$T_DIR/err"
		fail "$name" "different operations failed: lvm2 [$errs2 ] lvmgr [$errs1 ]"
		return
	fi
	if [ "${m1% *}" -le "${m2% *}" ] && [ "${m1#* }" -le "${m2#* }" ]; then
		pass "$name"
	else
		: >"$T_DIR/err"
		fail "$name" "lvmgr has more segments or fragments ($m1 vs $m2)"
	fi
}

run_seq linear_gap_reuse 100 100 100 <<'EOS'
lvcreate a 30
lvcreate b 30
lvcreate c 30
lvremove b
lvcreate d 50
lvextend a +20
lvcreate e 150
lvcreate f 25
EOS

run_seq split_and_cling 60 40 80 <<'EOS'
lvcreate a 100
lvcreate b 30
lvextend a +25
lvremove b
lvextend a +20
lvcreate c 10
EOS

run_seq striped 100 100 100 120 <<'EOS'
lvcreate s1 40 -i 2
lvcreate s2 60 -i 3
lvcreate l1 50
lvextend s1 +40
lvremove s2
lvextend l1 +70
lvcreate s3 120 -i 4
lvextend s1 +20
EOS

run_seq reduce_extend 50 50 <<'EOS'
lvcreate a 40
lvcreate b 40
lvreduce a -20
lvextend b +30
lvextend a +25
lvcreate c 10
EOS

run_seq pv_ranges 100 100 <<'EOS'
lvcreate a 10 p1:50-59
lvcreate b 20 p0:10-19:40-
lvcreate c 30 p1 p0
lvextend a +15 p1:0-4:90-
lvcreate d 200
EOS

run_seq policies 50 50 50 <<'EOS'
lvcreate a 30 --alloc contiguous
lvcreate b 30 --alloc contiguous
lvcreate c 10
lvextend a +10 --alloc contiguous
lvextend b +30 --alloc cling
lvextend c +40 --alloc cling
lvcreate d 60 --alloc contiguous
lvextend a +5 --alloc anywhere
EOS

run_seq striped_anywhere 100 60 <<'EOS'
lvcreate s 100 -i 2
lvcreate t 40 -i 3
lvcreate u 40 -i 2 --alloc anywhere
EOS

t_done
