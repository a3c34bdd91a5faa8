#!/bin/bash
# A fixed-seed random sequence of LV commands (lvcreate linear/striped with
# -l/-L, PV lists and ranges and allocation policies, lvextend, lvreduce -f,
# lvresize, lvremove, lvrename) through lvmgr on image files, against a model
# of the LV sizes (tests/tools/lv_model_lib.sh). After each command: its exit
# status is the one the model expects (a failed command changed nothing),
# lvs/pvs json parse, every LV has its expected extents, no extent is used
# twice, pvs' counts match the ranges, used + free = total, vgck passes.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tools/lv_model_lib.sh"
command -v jq >/dev/null || { echo "SKIP image/lv_model: needs jq"; exit 0; }

SEED=${LV_MODEL_SEED:-4242}
OPS=${LV_MODEL_OPS:-150}
DEVS=()
for s in 30 50 40 22; do DEVS+=("$(img "d$s.img" ${s}M)"); done
lv vgcreate -s 1m vg0 "${DEVS[@]}"
expect setup-vgcreate 0 || t_done
LM_NPV=${#DEVS[@]}
lm_analyze lg lv vg0 "${DEVS[@]}"
for i in "${!DEVS[@]}"; do
	LM_PE[$i]=$(jq -r --arg d "${DEVS[$i]}" '.report[0].pv[] | select(.pv_name == $d) | .pv_pe_count' "$T_DIR/an.lg.pvs")
done
if [ "${LM_PE[*]}" != "29 49 39 21" ]; then fail setup-extents "${LM_PE[*]}"; t_done; fi

# sizes and modification times: a failed command must not write at all;
# a failed lvcreate also leaves the same checksums of the metadata areas
quick_sums() { stat -c '%s %y' "${DEVS[@]}" | tr '\n' ' '; }
md_sums() { local d; for d in "${DEVS[@]}"; do head -c 1M "$d"; done | md5sum; }

RANDOM=$SEED
declare -A bad	# check -> first failing step
nfail_exp=0 nfail_seen=0 nany=0
step_fail() {	# step_fail CHECK MESSAGE
	[ -n "${bad[$1]:-}" ] || bad[$1]="$2"
	echo "# step $step ($OP_DESC): $1: $2"
	[ -s "$T_DIR/err" ] && sed 's/^/#     /' "$T_DIR/err" | head -5
	T_FAILED=1
}
for ((step = 1; step <= OPS; step++)); do
	lm_gen lg
	lm_subst vg0 "${DEVS[@]}"
	before=$(quick_sums)
	[ "$OP_EXP" = 5 ] && [ "$OP_KIND" = create ] && full_before=$(md_sums)
	lv "${CMD[@]}"
	[ "${LV_MODEL_TRACE:-}" ] && echo "# $step [$OP_EXP -> $RC] ${CMD[*]}"
	case $OP_EXP in
	any) nany=$((nany + 1)) ;;
	5) nfail_exp=$((nfail_exp + 1)); [ "$RC" = 5 ] && nfail_seen=$((nfail_seen + 1)) ;;
	esac
	if [ "$OP_EXP" != any ] && [ "$RC" != "$OP_EXP" ]; then
		step_fail exit-status "exit $RC, the model expects $OP_EXP"
	elif [ "$RC" != 0 ] && [ "$RC" != 5 ]; then
		step_fail exit-status "exit $RC"
	fi
	if [ "$RC" = 0 ]; then
		lm_apply
	else
		[ "$before" = "$(quick_sums)" ] || step_fail unchanged-on-failure "a failed command wrote"
		if [ "$OP_EXP" = 5 ] && [ "$OP_KIND" = create ] && [ "$full_before" != "$(md_sums)" ]; then
			step_fail unchanged-on-failure "image checksums changed"
		fi
	fi
	: >"$T_DIR/err"
	if ! lm_analyze lg lv vg0 "${DEVS[@]}"; then
		step_fail reports-parse "$(cat "$T_DIR/an.lg")"
		break
	fi
	if grep -q '^X' "$T_DIR/an.lg"; then
		step_fail layout-consistent "$(grep '^X' "$T_DIR/an.lg" | head -3 | tr '\n' ';')"
	fi
	if [ "$(lm_expected)" != "$(lm_seen lg)" ]; then
		step_fail lv-sizes "model [$(lm_expected | tr '\n' ' ')] lvs [$(lm_seen lg | tr '\n' ' ')]"
		# follow what is there so that one mistake is reported once
		LM_NAMES=()
		while read -r n e; do LM_NAMES+=("$n"); LM_SIZE[$n]=$e; [ -n "${LM_STR[$n]:-}" ] || LM_STR[$n]=1 LM_POL[$n]=normal; done < <(lm_seen lg)
	fi
	lv vgck vg0
	[ "$RC" = 0 ] || step_fail vgck "exit $RC"
done

for c in exit-status unchanged-on-failure reports-parse layout-consistent lv-sizes vgck; do
	if [ -n "${bad[$c]:-}" ]; then fail "$c" "${bad[$c]}"; else pass "$c"; fi
done
: >"$T_DIR/err"
S=$(awk '$1 == "S" { print $2 " segments, " $3 " free fragments, " $4 " used, " $5 " free" }' "$T_DIR/an.lg")
echo "# final: ${#LM_NAMES[@]} LVs, $S; $nany operations whose outcome the model leaves open"
echo "# $((step - 1)) operations, $nfail_exp failures expected and $nfail_seen seen"
check all-expected-failures-seen test "$nfail_exp" = "$nfail_seen"
t_done
