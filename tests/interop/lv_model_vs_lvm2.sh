#!/bin/bash
# The random LV command sequence of tests/image/lv_model.sh (same generator
# and seed, tests/tools/lv_model_lib.sh) applied by Debian's lvm2 to VG A and
# by lvmgr to VG B, on identical loop-device geometries. After each step:
# both tools succeed or fail alike; lvmgr never has more segments in an LV
# nor more free-space fragments in the VG than lvm2 (whether the layouts are
# identical is reported; once they differ, a different outcome, e.g. of a
# contiguous allocation, ends the comparison without failing); lvm2's vgck passes on VG B and lvm2's lvs reads
# VG B exactly as lvmgr's does; both VGs hold the model's LV sizes.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"
. "$(dirname "$0")/../tools/lv_model_lib.sh"
command -v jq >/dev/null || { echo "SKIP interop/lv_model_vs_lvm2: needs jq"; exit 0; }

SEED=${LV_MODEL_SEED:-4242}
OPS=${LV_MODEL_OPS:-150}
DA=() DB=()
for s in 30 50 40 22; do
	attach "$(img "a$s.img" ${s}M)"; DA+=("$LOOP")
	attach "$(img "b$s.img" ${s}M)"; DB+=("$LOOP")
done
lvm_conf
l2 vgcreate -s 1m vg_a "${DA[@]}"
expect setup-lvm2-vgcreate 0 || t_done
lv vgcreate -s 1m vg_b "${DB[@]}"
expect setup-lvmgr-vgcreate 0 || t_done
LM_NPV=${#DA[@]}
LM_CREATE_OPTS=(-an -Zn -Wn -y)	# lvm2 without device-mapper
lm_analyze A l2 vg_a "${DA[@]}"
lm_analyze B lv vg_b "${DB[@]}"
for i in "${!DA[@]}"; do
	LM_PE[$i]=$(jq -r --arg d "${DA[$i]}" '.report[0].pv[] | select(.pv_name == $d) | .pv_pe_count' "$T_DIR/an.A.pvs")
done
if [ "$(grep '^F' "$T_DIR/an.A")" != "$(grep '^F' "$T_DIR/an.B")" ] || [ "${LM_PE[*]}" != "29 49 39 21" ]; then
	fail setup-same-geometry "lvm2 PVs: ${LM_PE[*]}"; t_done
fi
pass setup-same-geometry

msg() {	# the first line of a command's messages that is not a warning
	grep -v -e WARNING -e '^ *Rounding' -e 'Using default stripesize' -e 'stripesize of last' "$T_DIR/err" |
		head -1 | sed 's/^ *//'
}
per_lv() { awk '$1 == "L" { print $2, $4 }' "$T_DIR/an.$1"; }	# name segments
frags() { awk '$1 == "S" { print $3 }' "$T_DIR/an.$1"; }
layout() { grep '^G' "$T_DIR/an.$1" | sort -s -k2,2; }

RANDOM=$SEED
declare -A bad
identical=0 nsteps=0 diverged="" worse="" better="" nfail=0 msgdiff=0
step_fail() {	# step_fail CHECK MESSAGE
	[ -n "${bad[$1]:-}" ] || bad[$1]="step $step: $2"
	echo "# step $step ($OP_DESC): $1: $2"
	T_FAILED=1
}
for ((step = 1; step <= OPS; step++)); do
	lm_gen A
	lm_subst vg_a "${DA[@]}"
	l2 "${CMD[@]}"; rc2=$RC m2=$(msg)
	lm_subst vg_b "${DB[@]}"
	lv "${CMD[@]}"; rc1=$RC m1=$(msg)
	: >"$T_DIR/err"
	nsteps=$step
	[ "${LV_MODEL_TRACE:-}" ] && echo "# $step [lvm2 $rc2, lvmgr $rc1] $OP_DESC"
	if [ "$rc2" != 0 ]; then nfail=$((nfail + 1)); fi
	if { [ "$rc2" = 0 ] && [ "$rc1" != 0 ]; } || { [ "$rc2" != 0 ] && [ "$rc1" = 0 ]; }; then
		# An outcome may depend on the layout (contiguous, cling): only a
		# difference on identical layouts is a failure.
		if [ -z "$diverged" ]; then
			step_fail same-outcome "lvm2 exit $rc2 ($m2), lvmgr exit $rc1 ($m1)"
		else
			echo "# step $step ($OP_DESC): lvm2 exit $rc2 ($m2), lvmgr exit $rc1 ($m1)," \
				"on layouts that differ since step $diverged: the comparison stops here"
		fi
		nsteps=$((step - 1))
		break	# the VGs differ from here on
	fi
	if [ "$rc2" != "$rc1" ]; then echo "# step $step ($OP_DESC): exit status lvm2 $rc2, lvmgr $rc1"; fi
	if [ "$rc2" != 0 ] && [ "${m2//vg_a/VG}" != "${m1//vg_b/VG}" ]; then
		msgdiff=$((msgdiff + 1))
		echo "# step $step ($OP_DESC): lvm2: $m2"
		echo "#   lvmgr: $m1"
	fi
	[ "$rc2" = 0 ] && lm_apply

	# lvm2's pvs only at the end (time): its lvs give the layouts
	LM_LVS_ONLY=1 lm_analyze A l2 vg_a "${DA[@]}" || { step_fail reports "lvm2 on A: $(cat "$T_DIR/an.A")"; break; }
	lm_analyze B lv vg_b "${DB[@]}" || { step_fail reports "lvmgr on B: $(cat "$T_DIR/an.B")"; break; }
	LM_LVS_ONLY=1 lm_analyze B2 l2 vg_b "${DB[@]}" || { step_fail reports "lvm2 on B: $(cat "$T_DIR/an.B2")"; break; }
	exp=$(lm_expected)
	for t in A B B2; do
		grep -q '^X' "$T_DIR/an.$t" && step_fail consistent "$t: $(grep '^X' "$T_DIR/an.$t" | head -3 | tr '\n' ';')"
		[ "$exp" = "$(lm_seen $t)" ] || step_fail model-sizes "$t: model [${exp//$'\n'/ }] lvs [$(lm_seen $t | tr '\n' ' ')]"
	done
	cmp -s "$T_DIR/an.B" "$T_DIR/an.B2" || step_fail lvm2-reads-lvmgr "$(diff "$T_DIR/an.B" "$T_DIR/an.B2" | head -4 | tr '\n' ';')"
	l2 vgck vg_b
	[ "$RC" = 0 ] || step_fail lvm2-vgck "exit $RC: $(msg)"
	: >"$T_DIR/err"

	# lvmgr against lvm2: segments per LV, free fragments, layouts
	{ read -r same; read -r w; read -r b; } < <(awk '
		FNR == 1 { t++ }
		$1 == "L" { segs[t, $2] = $4 }
		$1 == "S" { fr[t] = $3 }
		$1 == "G" { k = $2; g[t, k] = g[t, k] "|" $0; names[k] = 1 }
		END {
			same = 1
			for (k in names) if (g[1, k] != g[2, k]) same = 0
			for (k in names) {
				if (segs[2, k] > segs[1, k]) w = w " " k ":" segs[2, k] ">" segs[1, k]
				if (segs[2, k] < segs[1, k]) b = b " " k ":" segs[2, k] "<" segs[1, k]
			}
			if (fr[2] > fr[1]) w = w " fragments:" fr[2] ">" fr[1]
			if (fr[2] < fr[1]) b = b " fragments:" fr[2] "<" fr[1]
			print same; print w; print b
		}' "$T_DIR/an.A" "$T_DIR/an.B")
	if [ "$same" = 1 ]; then
		identical=$((identical + 1))
	else
		[ -n "$diverged" ] || diverged=$step
		echo "# step $step ($OP_DESC): layouts differ${w:+, lvmgr worse:$w}${b:+, lvmgr better:$b}"
		diff <(layout A) <(layout B) | grep '^[<>]' | sed 's/^</#   lvm2 /; s/^>/#   lvmgr/' | head -8
	fi
	if [ -n "$w" ]; then
		worse="$worse $step"
		step_fail not-worse-than-lvm2 "lvmgr has more:$w"
	fi
	[ -n "$b" ] && [ -z "$w" ] && better="$better $step"
done

# lvm2's pvs counts on both VGs, once
lm_analyze A l2 vg_a "${DA[@]}" && lm_analyze B2 l2 vg_b "${DB[@]}"
for t in A B2; do
	grep -q '^X' "$T_DIR/an.$t" && step_fail consistent "final $t: $(grep '^X' "$T_DIR/an.$t" | head -3 | tr '\n' ';')"
done

for c in same-outcome reports consistent model-sizes lvm2-reads-lvmgr lvm2-vgck not-worse-than-lvm2; do
	if [ -n "${bad[$c]:-}" ]; then fail "$c" "${bad[$c]}"; else pass "$c"; fi
done
echo "# $nsteps steps ($nfail failed in both tools, $msgdiff with different messages): layouts identical after $identical," \
	"lvmgr worse at [${worse# }], better at [${better# }]"
echo "# final lvm2: $(awk '$1 == "S" { print $2 " segments, " $3 " free fragments" }' "$T_DIR/an.A")," \
	"lvmgr: $(awk '$1 == "S" { print $2 " segments, " $3 " free fragments" }' "$T_DIR/an.B")"
t_done
