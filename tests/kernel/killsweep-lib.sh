# Shared by the kill sweeps (raidkill-guest, thinkill-guest), sourced with
# L, tmp, pass/fail/check and the files $tmp/A and $tmp/B (2 MiB each) set:
# run NAME LV SETUP -- COMMAND... runs COMMAND once to list its steps
# (LVMGR_TEST_STEPS), then for each step it reaches: the VG vgk back to
# the state SETUP makes (pattern A written to LV if it exists), COMMAND
# killed there (LVMGR_TEST_ABORT=step#N), and the next command
# (lvchange -ay VG/LV) must leave: nothing suspended, no device the
# metadata does not have, the data written before intact, the LV
# writable, LVM2's vgck clean after a commit, and what the guest's
# sweep_check LV says (its own invariants: legs, transaction ids...).
q() {	# run quietly, show output on failure
	"$@" >"$tmp/log" 2>&1 || { echo "# failed: $*"; sed 's/^/#   /' "$tmp/log"; return 1; }
}
# Under the VM's emulation every process costs 0.1-0.3 s (its code is
# translated afresh), an lvs as much as a grep, and a sweep checks many
# hundred states: the checks below run one lvs and one dmsetup each and
# parse them with bash's builtins.
# lvs_of: the VG's LVs into LVF: LVF[NAME]=1, LVF[NAME,N]: field N of
# segtype(2), copy_percent(3), lv_attr(4), transaction_id(5), stripes(6).
declare -A LVF
lvs_of() {
	local n a b c d e
	LVF=()
	while IFS='|' read -r n a b c d e; do
		n=${n##* }; n=${n#[}; n=${n%]}
		LVF[$n]=1 LVF[$n,2]=$a LVF[$n,3]=$b LVF[$n,4]=$c LVF[$n,5]=$d LVF[$n,6]=$e
	done < <("$L" lvs -a --noheadings --separator '|' \
		-o lv_name,segtype,copy_percent,lv_attr,transaction_id,stripes vgk 2>/dev/null)
}
# The VG's dm devices and the LVs of LVF: every device (its name without
# the "-real", "-cow" or "-tpool" of a layer) is an LV of the VG.
orphans() {
	local d
	while read -r d _; do
		[[ $d == vgk-* ]] || continue
		d=${d#vgk-}; d=${d%-real}; d=${d%-cow}; d=${d%-tpool}
		[ -n "${LVF[$d]:-}" ] || echo "$d"
	done < <(dmsetup ls 2>/dev/null)
}
suspended() {	# a device of the VG suspended
	local l
	while read -r l; do
		[[ $l == vgk-*Suspended* ]] && return 0
	done < <(dmsetup info -c --noheadings -o name,suspended 2>/dev/null)
	return 1
}
synced() {	# LV: in sync (or not raid/mirror); LVF read afresh
	local i
	for ((i = 0; i < 100; i++)); do
		lvs_of
		case ${LVF[$1,3]:-} in 100.00 | "") return 0 ;; esac
		sleep 0.3
	done
	return 1
}
part() { timeout 60 dd if="$1" bs=1M count=2 iflag=direct status=none; }

setup_lv() {	# setup_lv LV SETUP: a fresh VG state, pattern A on LV if it exists
	# (lvremove -f takes the LVs down; vgchange -an first only if it fails)
	"$L" lvremove -y -f vgk >/dev/null 2>&1 || {
		"$L" vgchange -an vgk >/dev/null 2>&1
		"$L" lvremove -y -f vgk >/dev/null 2>&1
	}
	eval "$2" >"$tmp/log" 2>&1 || { echo "# setup: $(tail -1 "$tmp/log")"; return 1; }
	synced "$1" || { echo "# setup: $1 does not sync"; return 1; }
	had=
	[ -e "/dev/vgk/$1" ] && [ "${LVF[$1,2]:-}" != thin-pool ] && had=1 && dd if="$tmp/A" of="/dev/vgk/$1" bs=1M oflag=direct status=none
	return 0
}
# run NAME LV SETUP -- COMMAND...: COMMAND run once to list its steps
# (LVMGR_TEST_STEPS), then for each step it reaches, a fresh LV made by
# SETUP (pattern A written), COMMAND killed there, the recovery checked.
run() {
	local name=$1 lv=$2 setup=$3; shift 4
	# (SWEEP_ONLY=REGEX: only the commands whose name matches)
	[[ $name =~ ${SWEEP_ONLY:-.} ]] || return 0
	local cmd=("$@") step k o
	setup_lv "$lv" "$setup" || { fail "$name-setup"; return; }
	LVMGR_TEST_STEPS=1 "$L" "${cmd[@]}" >"$tmp/cmd.log" 2>&1 || { fail "$name-command" "$(head -1 "$tmp/cmd.log")"; return; }
	local steps
	steps=$(awk '$1 == "lvmgr:" && $2 == "test" && $3 == "step" {print $4 "#" (++n[$4])}' "$tmp/cmd.log")
	# every command commits
	grep -q '^committed#' <<<"$steps" || fail "$name-commits"
	for step in $steps; do
		# (SWEEP_STEPS=REGEX: only those steps, for a command whose
		# other steps other sweeps already kill)
		[[ $step =~ ${SWEEP_STEPS:-.} ]] || continue
		k="$name-$step"
		setup_lv "$lv" "$setup" || { fail "$k-setup"; continue; }
		LVMGR_TEST_ABORT="$step" timeout -s KILL 120 "$L" "${cmd[@]}" >"$tmp/cmd.log" 2>&1
		[ $? = 137 ] || { fail "$k-killed"; continue; }
		q timeout 120 "$L" lvchange -ay "vgk/$lv" || { fail "$k-recover"; continue; }
		if suspended; then
			fail "$k-none-suspended"
			continue
		fi
		synced "$lv" || fail "$k-sync"
		o=$(orphans)
		[ -z "$o" ] || fail "$k-no-orphans" "$(echo $o)"
		sweep_check "$lv" "$k"
		# (a thin pool's own device is not for data)
		if [ "${LVF[$lv,2]:-}" != thin-pool ]; then
			[ -z "$had" ] || cmp -s <(part "/dev/vgk/$lv") "$tmp/A" || fail "$k-data"
			timeout 60 dd if="$tmp/B" of="/dev/vgk/$lv" bs=1M oflag=direct status=none &&
				cmp -s <(part "/dev/vgk/$lv") "$tmp/B" || fail "$k-writable"
		fi
		# (the metadata changes only at the commits: LVM2 reads it there)
		case $step in committed*)
			lvm vgck vgk >"$tmp/vgck" 2>&1 || fail "$k-lvm2-vgck" "$(head -1 "$tmp/vgck")" ;;
		esac
		pass "$k"
	done
}

