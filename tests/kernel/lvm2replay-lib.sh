#!/bin/bash
# The harness of the LVM2 shell-test replays (lvm2thin-guest,
# lvm2raid-guest), sourced inside the VM as root. Before sourcing, the
# guest sets REPLAY (the PASS/FAIL name and the knobs' prefix, e.g.
# lvm2thin: LVM2THIN_ALL, LVM2THIN_ONLY, LVM2THIN_SHOW), REPLAY_VG (the VGs'
# stem: LVM2 on ${REPLAY_VG}l, lvmgr on ${REPLAY_VG}m) and REPLAY_DEFAULT
# (the regex of the sections the suite runs), then defines its cases and
# calls replay_end.
#
# Disks are loop devices over /dev/shm files, so the suite's disk list is
# unchanged; with REPLAY_DM=1 each PV is a dm-linear map over its loop
# device (named ${REPLAY_VG}p[lm]N), which disable_dev/enable_dev turn to
# an error target and back, as LVM2's aux does with its PVs.
#
# Each R case compares the exit status (the exact code) of both tools; F
# cases compare a report or table with the VG name and devices masked; G
# cases grep a tool's stderr+stdout as the LVM2 test greps it. X marks a
# known difference (run only with ..._ALL=1); S is a step whose output is
# not compared.
set -u
L=${LVMGR:?LVMGR must name the lvmgr binary}
K=${REPLAY^^}
fails=0
tmp=$(mktemp -d)
modprobe loop 2>/dev/null
export LVM_SYSTEM_DIR=$tmp/lvm LVM_SUPPRESS_FD_WARNINGS=1
mkdir -p "$LVM_SYSTEM_DIR"
sec=x n=0
pass() { echo "PASS kernel/$REPLAY-$sec-$n${1:+ $1}"; }
fail() { echo "FAIL kernel/$REPLAY-$sec-$n${1:+ $1}"; fails=$((fails + 1)); }
loops=() ldevs=() mdevs=()
declare -A pvtab
# lvm.conf for both tools: the PVs alone, no udev, and what lvmconf added
declare -A confx
write_conf() {
	local f='' d
	for d in "${ldevs[@]}" "${mdevs[@]}"; do f+="\"a|^$d\$|\", "; done
	cat >"$LVM_SYSTEM_DIR/lvm.conf" <<EOC
devices { filter = [ $f"r|.*|" ] use_devicesfile = 0 hints = "none"
	obtain_device_list_from_udev = 0 external_device_info_source = "none" ${confx[devices]:-} }
global { locking_dir = "$tmp/lock" use_lvmpolld = 0 ${confx[global]:-} }
activation { udev_sync = 0 udev_rules = 0 monitoring = 0 ${confx[activation]:-} }
backup { backup_dir = "$tmp/backup" archive_dir = "$tmp/archive" }
allocation { ${confx[allocation]:-} }
EOC
}
# lvmconf SECTION/KEY=VALUE...: settings for both tools until the next
# setup (LVM2's aux lvmconf; a key given twice is written twice, the last wins)
lvmconf() {
	local kv
	for kv in "$@"; do confx[${kv%%/*}]+=" ${kv#*/}"; done
	write_conf
}
# setup NPV SIZE_MB [vgcreate options]: fresh PVs and VGs for both tools
setup() {
	teardown
	local i np=$1 sz=$2 d l m; shift 2
	ldevs=() mdevs=()
	for i in $(seq 1 "$np"); do
		truncate -s "${sz}M" "/dev/shm/$REPLAY_VG-l$i" "/dev/shm/$REPLAY_VG-m$i"
		l=$(losetup -f --show "/dev/shm/$REPLAY_VG-l$i")
		m=$(losetup -f --show "/dev/shm/$REPLAY_VG-m$i")
		loops+=("$l" "$m")
		if [ -n "${REPLAY_DM:-}" ]; then
			for d in l m; do
				local dev=$l; [ $d = m ] && dev=$m
				pvtab[$d$i]="0 $((sz * 2048)) linear $dev 0"
				dmsetup create "${REPLAY_VG}p$d$i" --table "${pvtab[$d$i]}" ||
					echo "# setup: dmsetup create ${REPLAY_VG}p$d$i failed"
			done
			l=/dev/mapper/${REPLAY_VG}pl$i m=/dev/mapper/${REPLAY_VG}pm$i
		fi
		ldevs+=("$l") mdevs+=("$m")
	done
	confx=()
	write_conf
	lvm vgcreate -q "$@" "${REPLAY_VG}l" "${ldevs[@]}" >"$tmp/setup" 2>&1 ||
		{ echo "# setup: lvm vgcreate failed"; sed 's/^/#   /' "$tmp/setup"; }
	"$L" vgcreate -q "$@" "${REPLAY_VG}m" "${mdevs[@]}" >"$tmp/setup" 2>&1 ||
		{ echo "# setup: lvmgr vgcreate failed"; sed 's/^/#   /' "$tmp/setup"; }
}
teardown() {
	local d i n
	# (a case's second VG is ${vg}x)
	for n in l lx; do lvm vgremove -ff "$REPLAY_VG$n" >/dev/null 2>&1; done
	for n in m mx; do "$L" vgremove -ff "$REPLAY_VG$n" >"$tmp/teardown.$n" 2>&1; done
	for i in 1 2 3; do	# what a failed step left (only this script's devices)
		for n in $(dmsetup ls 2>/dev/null | awk -v p="^$REPLAY_VG[lm]x?-" '$1 ~ p { print $1 }'); do
			dmsetup remove "$n" >/dev/null 2>&1
		done
	done
	for n in $(dmsetup ls 2>/dev/null | awk -v p="^${REPLAY_VG}p[lm][0-9]" '$1 ~ p { print $1 }'); do
		dmsetup remove "$n" >/dev/null 2>&1
	done
	for n in l lx m mx; do	# a VG's directory left behind is a finding (and would stop the next vgcreate)
		[ -e "/dev/$REPLAY_VG$n" ] || continue
		echo "# teardown: /dev/$REPLAY_VG$n left: $(ls /dev/$REPLAY_VG$n | tr '\n' ' ')"
		[ ! -f "$tmp/teardown.$n" ] || sed 's/^/#   /' "$tmp/teardown.$n"
		rm -rf "/dev/$REPLAY_VG$n"
	done
	for d in "${loops[@]}"; do losetup -d "$d" 2>/dev/null; done
	loops=()
	rm -f "/dev/shm/$REPLAY_VG"-*
}
# disable_dev N / enable_dev N: PV N of both tools (REPLAY_DM=1) fails
# every I/O / maps its disk again, as LVM2's aux disable_dev/enable_dev
disable_dev() {
	local d sz
	for d in l m; do
		sz=$(dmsetup table "${REPLAY_VG}p$d$1" | awk '{ print $2 }') || continue
		dmsetup suspend "${REPLAY_VG}p$d$1" &&
			echo "0 $sz error" | dmsetup load "${REPLAY_VG}p$d$1" && dmsetup resume "${REPLAY_VG}p$d$1"
	done
}
enable_dev() {
	local d
	for d in l m; do
		echo "${pvtab[$d$1]}" | dmsetup load "${REPLAY_VG}p$d$1" && dmsetup resume "${REPLAY_VG}p$d$1"
	done
}
section() { sec=$1 n=0; echo "# section $1 at ${SECONDS}s"; }
want() {
	local all=${K}_ALL only=${K}_ONLY
	if [ -n "${!only:-}" ]; then [[ $1 =~ ${!only} ]]
	elif [ -n "${!all:-}" ]; then [[ ! $1 =~ ${REPLAY_SUITE_ONLY:-^$} ]]
	else [[ $1 =~ $REPLAY_DEFAULT ]]; fi
}
# run_tool l|m CMDLINE: CMDLINE (a string, $vg, $dev1.. expanded) by LVM2
# (l) or lvmgr (m); output in $tmp/out.l|m, status in $tmp/rc.l|m
run_tool() {
	local t=$1 cmd=$2 vg dev1 dev2 dev3 dev4 dev5 devs tool
	if [ "$t" = l ]; then vg=${REPLAY_VG}l devs=("${ldevs[@]}") tool=lvm
	else vg=${REPLAY_VG}m devs=("${mdevs[@]}") tool=$L; fi
	dev1=${devs[0]:-} dev2=${devs[1]:-} dev3=${devs[2]:-} dev4=${devs[3]:-} dev5=${devs[4]:-}
	case "$cmd" in
	!*) eval "${cmd#!}" ;;	# a shell command (dd, mkfs)
	*) eval "\"\$tool\" $cmd" ;;
	esac >"$tmp/out.$t" 2>&1
	echo $? >"$tmp/rc.$t"
	sed -i -e "s/$vg/VG/g" -e 's/  *$//' "$tmp/out.$t"
	[ -z "${dev1:-}" ] || sed -i -e "s|$dev1\b|DEV1|g" -e "s|${dev2:-@@}\b|DEV2|g" -e "s|${dev3:-@@}\b|DEV3|g" \
		-e "s|${dev4:-@@}\b|DEV4|g" -e "s|${dev5:-@@}\b|DEV5|g" "$tmp/out.$t"
}
both() { run_tool l "$1"; run_tool m "$1"; }
show() { sed 's/^/#   lvm2: /' "$tmp/out.l" | head -8; sed 's/^/#   lvmgr: /' "$tmp/out.m" | head -8; }
shown() { local s=${K}_SHOW; [ -n "${!s:-}" ]; }
# R CMDLINE: both tools, the same exit status
R() {
	n=$((n + 1)); both "$1"
	local a b; a=$(cat "$tmp/rc.l") b=$(cat "$tmp/rc.m")
	if [ "$a" = "$b" ]; then pass; ! shown || show
	else fail "(rc lvm2 $a lvmgr $b: $1)"; show; fi
}
# F CMDLINE: both tools, the same output (VG normalised) and status
F() {
	n=$((n + 1)); both "$1"
	if [ "$(cat "$tmp/rc.l")" = "$(cat "$tmp/rc.m")" ] && cmp -s "$tmp/out.l" "$tmp/out.m"; then pass
	else fail "(output: $1)"; diff "$tmp/out.l" "$tmp/out.m" | head -12 | sed 's/^/#   /'; fi
}
# G REGEX CMDLINE: both tools; lvmgr's output matches REGEX where LVM2's does
G() {
	n=$((n + 1)); both "$2"
	local a=0 b=0
	grep -q -- "$1" "$tmp/out.l" || a=1
	grep -q -- "$1" "$tmp/out.m" || b=1
	if [ "$a$(cat "$tmp/rc.l")" = "$b$(cat "$tmp/rc.m")" ]; then pass
	else fail "(grep '$1' lvm2 $a lvmgr $b, rc $(cat "$tmp/rc.l")/$(cat "$tmp/rc.m"): $2)"; show; fi
}
# X R|F|G ARGS: a case where lvmgr still differs from LVM2 (listed in
# tests/kernel/README): run only with ..._ALL=1
X() { local all=${K}_ALL; [ -n "${!all:-}" ] || return 0; "$@"; }
# S CMDLINE: a step both tools take, output not compared (setup)
S() { both "$1"; }
# W: both tools' raid/mirror LVs in sync (LVM2's aux wait_for_sync), 60 s at most
W() {
	local i
	for i in $(seq 1 300); do
		lvm lvs --noheadings -o copy_percent "${REPLAY_VG}l" "${REPLAY_VG}m" 2>/dev/null |
			awk '$1 != "" && $1 != "100.00" { busy = 1 } END { exit busy }' && return 0
		sleep 0.2
	done
	echo "# W: not in sync after 60 s"
}
replay_end() {
	teardown
	rm -rf "$tmp"
	[ "$fails" = 0 ]
}
