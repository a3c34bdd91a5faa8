#!/bin/bash
# Crash safety of the metadata commit. Each command is run with
# LVMGR_TEST_FAULT=writes=N for N = 0, 1, 2, ... (and again with ",tear": the
# write after the last good one lands half) until it succeeds without
# reaching the fault. After every simulated crash the images must hold
# exactly the old or exactly the new VG, and vgck --updatemetadata must leave
# a VG that vgck finds clean.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 8M); B=$(img b.img 8M); C=$(img c.img 8M)
IMGS=("$A" "$B" "$C")
mkdir "$T_DIR/pre"
CASES=0
MAXN=64

state() {	# what a reader sees: VGs and PVs
	"$LVMGR" vgs -o vg_name,vg_seqno,pv_count --noheadings 2>/dev/null
	"$LVMGR" pvs -o pv_name,vg_name,pv_attr --noheadings 2>/dev/null
}
save_pre() { cp --sparse=always "${IMGS[@]}" "$T_DIR/pre/"; }
restore_pre() { cp --sparse=always "$T_DIR"/pre/*.img "$T_DIR/"; }

# crash NAME ARGS...: the command lvmgr ARGS, from the images as they are now.
# Leaves the images in the command's new state.
crash() {
	local name=$1 tear n mode old new got vg rc writes=
	shift
	save_pre
	old=$(state)
	lv "$@"
	if [ "$RC" != 0 ]; then
		fail "$name-reference" "exit $RC"
		return
	fi
	new=$(state)
	if [ "$old" = "$new" ]; then
		fail "$name-reference" "the command changed nothing a reader sees"
		return
	fi
	for tear in "" ",tear"; do
		mode=${tear:+-tear}
		for ((n = 0; n <= MAXN; n++)); do
			restore_pre
			LVMGR_TEST_FAULT="writes=$n$tear" "$LVMGR" "$@" >"$T_DIR/out" 2>"$T_DIR/err"
			rc=$?
			CASES=$((CASES + 1))
			got=$(state)
			if [ $rc -ge 128 ] || grep -Eq 'Sanitizer|runtime error' "$T_DIR/err"; then
				fail "$name-w$n$mode" "crashed (exit $rc)"
				continue
			fi
			if [ "$got" != "$old" ] && [ "$got" != "$new" ]; then
				fail "$name-w$n$mode" "neither old nor new: $(echo $got)"
				continue
			fi
			if [ $rc = 0 ]; then
				[ "$got" = "$new" ] || fail "$name-w$n$mode" "exit 0 but the old state"
				break
			fi
			# repair, then a clean check; the VG is the one a reader found
			vg=$("$LVMGR" vgs -o vg_name --noheadings 2>/dev/null | awk 'NR == 1 { print $1 }')
			if [ -n "$vg" ]; then
				if ! "$LVMGR" vgck --updatemetadata "$vg" >"$T_DIR/out" 2>"$T_DIR/err"; then
					fail "$name-w$n$mode" "vgck --updatemetadata $vg failed"
					continue
				fi
				"$LVMGR" vgck "$vg" >"$T_DIR/out" 2>"$T_DIR/err"
				rc=$?
				if [ $rc != 0 ] || [ -s "$T_DIR/err" ]; then
					fail "$name-w$n$mode" "vgck $vg not clean after repair (exit $rc)"
					continue
				fi
			fi
			pass "$name-w$n$mode"
		done
		if [ $n -gt $MAXN ]; then
			fail "$name-finishes$mode" "still failing at writes=$MAXN"
		else
			pass "$name-finishes$mode"
			echo "# $name$mode: $n writes, $((n + 1)) cases"
			writes="$writes $n"
		fi
	done
	# the command writes the same with or without a torn write
	check "$name-same-writes" test "$(echo $writes | cut -d' ' -f1)" = "$(echo $writes | cut -d' ' -f2)"
	lv "$@"		# leave the new state for the next command
}

lv pvcreate "$A" "$B" "$C"
expect setup-pvcreate 0
crash vgcreate vgcreate -s 1m vg0 "$A" "$B"
crash vgextend vgextend vg0 "$C"
crash vgreduce vgreduce vg0 "$C"
crash vgrename vgrename vg0 vg1
crash pvchange-x-n pvchange -x n "$A"
crash pvchange-addtag pvchange --addtag t1 "$B"
# a damaged text copy on a.img: vgck --updatemetadata rewrites it
OFF=$("$LVMGR" pvck --dump headers "$A" | awk '/mda_header_1.raw_locn\[0\].offset/ { print $2 }')
printf 'Z' | dd of="$A" bs=1 seek=$((4096 + OFF + 30)) conv=notrunc 2>/dev/null
lv vgck vg1
expect setup-damaged-copy 5 'checksum'
crash vgck-update vgck --updatemetadata vg1
lv vgck vg1
expect vgck-clean-after 0
crash vgremove vgremove vg1
echo "# crash: $CASES (command, N, tear) cases tried"
t_done
