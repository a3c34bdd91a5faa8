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
# The VG's dm devices and the LVs of the metadata (lvs -a): every device
# (its name without "-real"/"-cow"-style layers) is an LV of the VG.
orphans() {
	local lvs
	lvs=$("$L" lvs -a --noheadings -o lv_name vgk 2>/dev/null | tr -d ' []')
	# (a layer's device: the LV's name and -real, -cow or -tpool)
	dmsetup ls 2>/dev/null | awk '$1 ~ /^vgk-/ {sub(/^vgk-/, "", $1); sub(/-(real|cow|tpool)$/, "", $1); print $1}' |
	while read -r d; do
		grep -qx -- "$d" <<<"$lvs" || echo "$d"
	done
}
synced() {
	local i
	for i in $(seq 100); do
		case $("$L" lvs --noheadings -o copy_percent "vgk/$1" 2>/dev/null | tr -d ' ') in 100.00 | "") return 0 ;; esac
		sleep 0.3
	done
	return 1
}
part() { timeout 60 dd if="$1" bs=1M count=2 iflag=direct status=none; }

setup_lv() {	# setup_lv LV SETUP: a fresh VG state, pattern A on LV if it exists
	"$L" vgchange -an vgk >/dev/null 2>&1
	"$L" lvremove -y -f vgk >/dev/null 2>&1
	eval "$2" >"$tmp/log" 2>&1 || { echo "# setup: $(tail -1 "$tmp/log")"; return 1; }
	synced "$1" || { echo "# setup: $1 does not sync"; return 1; }
	had=
	[ -e "/dev/vgk/$1" ] && [ "$("$L" lvs --noheadings -o segtype "vgk/$1" | tr -d ' ')" != thin-pool ] && had=1 && dd if="$tmp/A" of="/dev/vgk/$1" bs=1M oflag=direct status=none
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
		if dmsetup info -c --noheadings -o name,suspended | grep -q '^vgk-.*Suspended'; then
			fail "$k-none-suspended"
			continue
		fi
		o=$(orphans)
		[ -z "$o" ] || fail "$k-no-orphans" "$(echo $o)"
		synced "$lv" || fail "$k-sync"
		sweep_check "$lv" "$k"
		# (a thin pool's own device is not for data)
		if [ "$("$L" lvs --noheadings -o segtype "vgk/$lv" | tr -d ' ')" != thin-pool ]; then
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

