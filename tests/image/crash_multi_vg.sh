#!/bin/bash
# Crash safety of the commands that write two VGs (vgsplit, vgmerge) and of
# vgexport/vgimport, as crash.sh does it for one VG: each command is stopped
# after each of its writes in turn (LVMGR_TEST_FAULT=writes=N, and with a
# torn write) until it gets through. After every stop:
#  - each PV belongs to exactly one VG (pvs lists it once, in a VG);
#  - the VGs, their PV and LV counts and the PVs' VGs are those before the
#    command or those after it, the only other state being the exported
#    step in between that LVM2's order has too (vgsplit: the new VG still
#    exported; vgmerge: the source VG exported), where vgimport recovers;
#  - vgck --updatemetadata of each VG then leaves a VG vgck finds clean.
# Every run starts from the same images and files (see crash.sh).
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 8M); B=$(img b.img 8M); C=$(img c.img 8M)
IMGS=("$A" "$B" "$C")
MAXN=64
CASES=0

state() {	# VGs with their counts, each PV with its VG (no attributes)
	"$LVMGR" vgs -o vg_name,pv_count,lv_count --noheadings 2>/dev/null
	"$LVMGR" pvs -o pv_name,vg_name --noheadings 2>/dev/null
}
attrs() { "$LVMGR" vgs -o vg_name,vg_attr --noheadings 2>/dev/null; }
one_vg_each() {	# every image listed once by pvs, in a VG
	local f n
	"$LVMGR" pvs -o pv_name,vg_name --noheadings 2>/dev/null >"$T_DIR/pvs"
	for f in "${IMGS[@]}"; do
		n=$(awk -v f="$f" '$1 == f && NF == 2' "$T_DIR/pvs" | wc -l)
		[ "$n" = 1 ] || return 1
	done
}
save_pre() {
	rm -rf "$T_DIR/pre"
	mkdir -p "$T_DIR/pre" "$T_DIR/lock"
	cp --sparse=always "${IMGS[@]}" "$T_DIR/pre/"
	cp -a "$LVM_SYSTEM_DIR" "$T_DIR/pre/etc"
	cp -a "$T_DIR/lock" "$T_DIR/pre/lock"
}
restore_files() {
	rm -rf "$LVM_SYSTEM_DIR" "$T_DIR/lock"
	cp -a "$T_DIR/pre/etc" "$LVM_SYSTEM_DIR"
	cp -a "$T_DIR/pre/lock" "$T_DIR/lock"
}
restore_pre() { cp --sparse=always "$T_DIR"/pre/*.img "$T_DIR/"; restore_files; }

# crash NAME XVG XFROM ARGS...: the command lvmgr ARGS; XVG: the VG that
# may be left exported, in the state XFROM (old|new), or -
crash() {
	local name=$1 xvg=$2 xfrom=$3 tear n mode old new olda newa xa= got gota vg rc writes=
	shift 3
	old=$(state); olda=$(attrs)
	save_pre
	lv "$@"
	if [ "$RC" != 0 ]; then
		fail "$name-reference" "exit $RC"
		return
	fi
	new=$(state); newa=$(attrs)
	[ "$old" != "$new" ] || [ "$olda" != "$newa" ] || { fail "$name-reference" "nothing changed"; return; }
	if [ "$xvg" != - ]; then
		if [ "$xfrom" = old ]; then xa=$olda; else xa=$newa; fi
		xa=$(printf '%s\n' "$xa" | sed -E "s/^( +$xvg +)(..)-/\\1\\2x/")
	fi
	for tear in "" ",tear"; do
		mode=${tear:+-tear}
		for ((n = 0; n <= MAXN; n++)); do
			restore_pre
			LVMGR_TEST_FAULT="writes=$n$tear" "$LVMGR" "$@" >"$T_DIR/out" 2>"$T_DIR/err"
			rc=$?
			CASES=$((CASES + 1))
			if [ $rc -ge 128 ] || grep -Eq 'Sanitizer|runtime error' "$T_DIR/err"; then
				fail "$name-w$n$mode" "crashed (exit $rc)"
				continue
			fi
			if [ $rc = 0 ]; then
				[ "$(state)" = "$new" ] && [ "$(attrs)" = "$newa" ] || fail "$name-w$n$mode" "exit 0 but not the new state"
				break
			fi
			restore_files	# killed at the fault
			if ! one_vg_each; then
				fail "$name-w$n$mode" "a PV in no VG or in two: $(tr '\n' ' ' <"$T_DIR/pvs")"
				continue
			fi
			got=$(state); gota=$(attrs)
			if ! { [ "$got" = "$old" ] && [ "$gota" = "$olda" ]; } &&
			   ! { [ "$got" = "$new" ] && [ "$gota" = "$newa" ]; } &&
			   ! { [ "$xvg" != - ] && [ "$gota" = "$xa" ] &&
			       { { [ "$xfrom" = old ] && [ "$got" = "$old" ]; } || { [ "$xfrom" = new ] && [ "$got" = "$new" ]; }; }; }; then
				fail "$name-w$n$mode" "neither old nor new: $(echo $got $gota) (allowed: $(echo $xa))"
				continue
			fi
			# LVM2's recovery of the exported step, then a repair
			# of every VG and a clean check
			if [ "$gota" = "$xa" ] && [ "$xvg" != - ] && [ "$gota" != "$olda" ] && [ "$gota" != "$newa" ]; then
				if ! "$LVMGR" vgimport "$xvg" >"$T_DIR/out" 2>"$T_DIR/err"; then
					fail "$name-w$n$mode" "vgimport $xvg failed"
					continue
				fi
			fi
			for vg in $("$LVMGR" vgs -o vg_name --noheadings 2>/dev/null); do
				# vgck refuses an exported VG, as LVM2's: its copies must agree
				if "$LVMGR" vgs -o vg_attr --noheadings "$vg" 2>/dev/null | grep -q '^ *..x'; then
					"$LVMGR" vgs "$vg" >"$T_DIR/out" 2>"$T_DIR/err"
				else
					"$LVMGR" vgck --updatemetadata "$vg" >"$T_DIR/out" 2>"$T_DIR/err" &&
						"$LVMGR" vgck "$vg" >"$T_DIR/out" 2>"$T_DIR/err"
				fi
				rc=$?
				if [ $rc != 0 ] || [ -s "$T_DIR/err" ]; then
					fail "$name-w$n$mode" "vgck $vg not clean after repair (exit $rc)"
					sed 's/^/    /' "$T_DIR/err" | head -5
					continue 2
				fi
			done
			one_vg_each || { fail "$name-w$n$mode" "after the repair: a PV in no VG or in two"; continue; }
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
	check "$name-same-writes" test "$(echo $writes | cut -d' ' -f1)" = "$(echo $writes | cut -d' ' -f2)"
	if [ $n -gt $MAXN ]; then
		restore_pre
		lv "$@"
	fi
}

lv pvcreate "$A" "$B" "$C"
lv vgcreate -s 1m vg0 "$A" "$B" "$C"
lv lvcreate -an -l 2 -n l1 vg0 "$A"
lv lvcreate -an -l 2 -n l2 vg0 "$B"
expect setup 0
crash vgsplit-new vg1 new vgsplit vg0 vg1 "$A"
crash vgmerge vg1 old vgmerge vg0 vg1
crash vgsplit-n-lv vg2 new vgsplit -n l2 vg0 vg2
crash vgexport - - vgexport vg2
crash vgimport - - vgimport vg2
# every PV of vg2 (b.img): the source goes with step 1
crash vgsplit-every-pv vg3 new vgsplit vg2 vg3 "$B"
# into an existing VG (vg0: a.img, c.img); its first write goes to the
# moving PV only
crash vgsplit-existing vg3 new vgsplit vg0 vg3 "$A"
echo "# crash_multi_vg: $CASES (command, N, tear) cases tried"
t_done
