#!/bin/bash
# raid1 commands on a real device-mapper kernel, lvmgr side by side with
# LVM2, in one boot of the qemu VM of tests/kernel (Debian's stock kernel,
# TCG): lvcreate --type raid1 -m 1 -L 4M (active: the rmeta wipe, the five
# devices, the raid table), vgchange -ay / -an of a VG of N such LVs,
# lvconvert -m +1 / -m -1 of an active one, and the time to full sync of a
# 512 MiB raid1 made by each tool next to the same raid table loaded with
# dmsetup (the kernel's own rate).
#
#   bench/vm-raid.sh [--lvmgr PATH] [--lvs N]      (default N = 50)
#
# Method (inside the guest): each tool in turn makes its own VG on the same
# four disks (wiped between), creates N raid1 LVs one by one (each lvcreate
# timed with bash's $EPOCHREALTIME, the kernel's resync left running: it is the
# kernel's work, not the tool's), then the VG is deactivated and activated
# three times (timed, after `sync; sleep 1`); one more -ay each with the
# kernel's ftrace recording the tool's ioctl syscalls (enter/exit events,
# no ptrace: the command runs at its normal speed): their summed wall time
# is the kernel's share, the rest is the tool's own work (and exec). Then lvconvert -m +1 and -m -1 of r1 three times each
# (timed; the rebuild waited for, untimed, between). Then per tool on a
# fresh VG of two disks: lvcreate -L 512M raid1, timed from the command's
# start to the kernel's status saying in sync and idle (polled every 0.2 s
# with dmsetup); then the same four sub-devices and raid table by dmsetup,
# the rmeta LVs zeroed, timed from the raid device's create; three rounds,
# the tools taking turns. Then three rounds, the tools taking turns, of
# lvconvert -y --repair: per round a fresh VG of vda, a dm-linear "leg"
# over vdc and vdb (the spare), a 4M raid1 on vda and the leg, in sync;
# the leg's table becomes "error" and a write makes the kernel fail it;
# the repair (a new image on the spare) is timed with bash's
# EPOCHREALTIME (no fork), the rebuild waited for, untimed. Medians; ratio
# lvm2/lvmgr. Prints markdown rows. Not part of bench/run.sh's table yet.
#   --rows repair   only the repair row (the others take ~10 min of TCG)
#   --no-aslr       the guest's address space randomisation off (as
#                   bench/vm-thin.sh --no-aslr: TCG reuses its translations)
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$here/.." && pwd)
LVMGR=$ROOT/build/lvmgr N=${N:-50} GUEST=0 ROWS=${ROWS:-all} ASLR=${ASLR:-2}
while [ $# -gt 0 ]; do
	case "$1" in
	--lvmgr) LVMGR=$2; shift ;;
	--lvs) N=$2; shift ;;
	--rows) ROWS=$2; shift ;;
	--guest) GUEST=1 ;;
	--no-aslr) ASLR=0 ;;
	*) echo "usage: $0 [--lvmgr PATH] [--lvs N] [--rows all|repair] [--no-aslr]" >&2; exit 2 ;;
	esac
	shift
done
if [ "$GUEST" = 0 ]; then
	d=$(mktemp -d /var/tmp/lvmgr-bench-raid.XXXXXX)
	trap 'rm -rf "$d"' EXIT
	for i in a b c d; do truncate -s 640M "$d/$i.img"; done
	LVMGR=$LVMGR N=$N ROWS=$ROWS ASLR=$ASLR VM_ENV="LVMGR N ROWS ASLR" "$ROOT/tests/kernel/vm-run.sh" --timeout 2400 \
		--disk "$d/a.img" --disk "$d/b.img" --disk "$d/c.img" --disk "$d/d.img" -- "bash $(printf %q "$0") --guest"
	exit $?
fi
echo "$ASLR" >/proc/sys/kernel/randomize_va_space
[ "$ASLR" = 0 ] && echo "# guest ASLR off (kernel.randomize_va_space = 0) for both tools"
export LVM_SYSTEM_DIR=/tmp/bench-lvm LVM_SUPPRESS_FD_WARNINGS=1 DM_DISABLE_UDEV=1
mkdir -p "$LVM_SYSTEM_DIR"
cat >"$LVM_SYSTEM_DIR/lvm.conf" <<EOC
devices { filter = [ "a|^/dev/vd[a-d]\$|", "r|.*|" ] use_devicesfile = 0 hints = "none"
	obtain_device_list_from_udev = 0 external_device_info_source = "none" }
global { locking_dir = "/tmp/bench-lock" use_lvmpolld = 0 }
activation { udev_sync = 0 udev_rules = 0 monitoring = 0 }
backup { backup = 0 archive = 0 }
EOC
# The clock, in ns, is bash's $EPOCHREALTIME read in place (${EPOCHREALTIME/[.,]/}000):
# `$(date +%s%N)` (and any $(...)) starts processes, two per sample,
# ~60 ms each under TCG, added to every command timed.
median() { sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) / 1e6 }'; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }
# in_sync DEV: the raid device's status says all regions in sync and idle
in_sync() { dmsetup status "$1" 2>/dev/null | awk '{ split($7, f, "/"); exit !(f[1] == f[2] && f[1] > 0 && $8 == "idle") }'; }
wait_sync() { local i; for i in $(seq 3000); do in_sync "$1" && return 0; sleep 0.2; done; return 1; }
# ftrace of the tools' ioctl syscalls: ft_on; CMD; ft_off COMM prints the
# summed wall time (ms) of the ioctls of processes named COMM* and their count
TR=/sys/kernel/tracing
ft_setup() {
	[ -e $TR/trace ] || mount -t tracefs nodev $TR 2>/dev/null || return 1
	echo 0 >$TR/tracing_on; echo 8192 >$TR/buffer_size_kb
	echo 1 >$TR/events/syscalls/sys_enter_ioctl/enable && echo 1 >$TR/events/syscalls/sys_exit_ioctl/enable
}
ft_on() { echo >$TR/trace; echo 1 >$TR/tracing_on; }
ft_off() {
	echo 0 >$TR/tracing_on
	awk -v comm="$1" '
	{ split($1, a, "-"); if (index(a[1], comm) != 1) next
	  pid = a[length(a)]; for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) { ts = substr($i, 1, length($i) - 1); break } }
	/sys_ioctl\(/ { start[pid] = ts }
	/sys_ioctl ->/ { if (pid in start) { sum += ts - start[pid]; n++; delete start[pid] } }
	END { printf "%.1f %d\n", sum * 1000, n }' $TR/trace
}
ft_setup || echo "# no ftrace: the kernel's share is not measured"
run_tool() {	# run_tool NAME CMD...: "create ay an ftraced-ay ioctl-ms ioctls plus minus"
	local name=$1; shift
	for x in vda vdb vdc vdd; do dd if=/dev/zero of=/dev/$x bs=1M count=4 oflag=direct status=none; done
	"$@" vgcreate -y vgb /dev/vda /dev/vdb /dev/vdc /dev/vdd >/dev/null 2>&1 || { echo "FAILED"; return; }
	local c=() ay=() an=() p=() m=() t i
	for i in $(seq "$N"); do
		t=${EPOCHREALTIME/[.,]/}000; "$@" lvcreate -y --type raid1 -m 1 -L 4M -n r$i vgb >/dev/null 2>&1 || { echo FAILED; return; }
		c+=($(( ${EPOCHREALTIME/[.,]/}000 - t )))
	done
	for i in 1 2 3; do
		sync; sleep 1; t=${EPOCHREALTIME/[.,]/}000; "$@" vgchange -an vgb >/dev/null 2>&1; an+=($(( ${EPOCHREALTIME/[.,]/}000 - t )))
		[ -z "$(dmsetup ls | grep '^vgb-')" ] || { echo FAILED; return; }
		sync; sleep 1; t=${EPOCHREALTIME/[.,]/}000; "$@" vgchange -ay vgb >/dev/null 2>&1; ay+=($(( ${EPOCHREALTIME/[.,]/}000 - t )))
		[ "$(dmsetup ls | grep -c '^vgb-')" = $((5 * N)) ] || { echo FAILED; return; }
	done
	# the kernel's share of vgchange -ay: its dm ioctls' wall time
	"$@" vgchange -an vgb >/dev/null 2>&1; sync; sleep 1
	ft_on; t=${EPOCHREALTIME/[.,]/}000; "$@" vgchange -ay vgb >/dev/null 2>&1
	local st=$(ms "$t" "${EPOCHREALTIME/[.,]/}000") fo=$(ft_off "$(basename "$1" | cut -c1-3)")
	for i in 1 2 3; do
		wait_sync vgb-r1 || { echo FAILED; return; }
		sync; t=${EPOCHREALTIME/[.,]/}000; "$@" lvconvert -y -m +1 vgb/r1 >/dev/null 2>&1 || { echo FAILED; return; }
		p+=($(( ${EPOCHREALTIME/[.,]/}000 - t )))
		wait_sync vgb-r1 || { echo FAILED; return; }
		sync; t=${EPOCHREALTIME/[.,]/}000; "$@" lvconvert -y -m -1 vgb/r1 >/dev/null 2>&1 || { echo FAILED; return; }
		m+=($(( ${EPOCHREALTIME/[.,]/}000 - t )))
	done
	"$@" vgchange -an vgb >/dev/null 2>&1; "$@" vgremove -f vgb >/dev/null 2>&1
	echo "$(printf '%s\n' "${c[@]}" | median) $(printf '%s\n' "${ay[@]}" | median) $(printf '%s\n' "${an[@]}" | median)" \
		"$st $fo" \
		"$(printf '%s\n' "${p[@]}" | median) $(printf '%s\n' "${m[@]}" | median)"
}
# sync_run NAME CMD...: "command-ms to-sync-ms" for a 512 MiB raid1; for
# lvmgr also "kernel-ms": the same table by dmsetup (zeroed rmeta)
sync_run() {
	local name=$1; shift
	for x in vda vdb vdc vdd; do dd if=/dev/zero of=/dev/$x bs=1M count=4 oflag=direct status=none; done
	"$@" vgcreate -y vgy /dev/vda /dev/vdb >/dev/null 2>&1 || { echo "FAILED"; return; }
	local t0 t1 t2
	sync; sleep 1
	t0=${EPOCHREALTIME/[.,]/}000; "$@" lvcreate -y --type raid1 -m 1 -L 512M -n big vgy >/dev/null 2>&1 || { echo FAILED; return; }
	t1=${EPOCHREALTIME/[.,]/}000; wait_sync vgy-big || { echo FAILED; return; }; t2=${EPOCHREALTIME/[.,]/}000
	local out="$(ms "$t0" "$t1") $(ms "$t0" "$t2")"
	if [ "$name" = lvmgr ]; then
		local k tab
		for k in rmeta_0 rimage_0 rmeta_1 rimage_1; do dmsetup table "vgy-big_$k" >"/tmp/k.$k" || { echo FAILED; return; }; done
		tab=$(dmsetup table vgy-big | sed 's/ [0-9]*:[0-9]* [0-9]*:[0-9]* [0-9]*:[0-9]* [0-9]*:[0-9]*$//')
		"$@" vgchange -an vgy >/dev/null 2>&1
		for k in rmeta_0 rmeta_1; do	# a fresh array: no superblock, no bitmap
			read -r _ len _ dev off <"/tmp/k.$k"
			dev=/dev/$(sed -n 's/^DEVNAME=//p' "/sys/dev/block/$dev/uevent")
			dd if=/dev/zero of="$dev" bs=512 seek="$off" count="$len" oflag=direct status=none
		done
		for k in rmeta_0 rimage_0 rmeta_1 rimage_1; do dmsetup create "kr_$k" <"/tmp/k.$k" || { echo FAILED; return; }; done
		sync; sleep 1
		t0=${EPOCHREALTIME/[.,]/}000
		dmsetup create kr --table "$tab /dev/mapper/kr_rmeta_0 /dev/mapper/kr_rimage_0 /dev/mapper/kr_rmeta_1 /dev/mapper/kr_rimage_1" ||
			{ echo FAILED; return; }
		wait_sync kr || { echo FAILED; return; }
		out="$out $(ms "$t0" "${EPOCHREALTIME/[.,]/}000")"
		dmsetup remove kr; for k in rmeta_0 rimage_0 rmeta_1 rimage_1; do dmsetup remove "kr_$k"; done
	fi
	"$@" vgchange -an vgy >/dev/null 2>&1; "$@" vgremove -f vgy >/dev/null 2>&1
	echo "$out"
}
# repair_round CMD...: the microseconds of one lvconvert --repair (see the
# header); "FAILED" when a step fails
LEG_SZ=$(blockdev --getsz /dev/vdc)
leg_table() { dmsetup load bleg --table "$1" && dmsetup suspend bleg && dmsetup resume bleg; }
repair_round() {
	local t us
	leg_table "0 $LEG_SZ linear /dev/vdc 0" >/dev/null 2>&1
	for x in vda vdb vdd; do dd if=/dev/zero of=/dev/$x bs=1M count=4 oflag=direct status=none; done
	dd if=/dev/zero of="$LEG" bs=1M count=4 oflag=direct status=none
	"$@" vgcreate -y vgr /dev/vda "$LEG" /dev/vdb >/dev/null 2>&1 &&
		"$@" lvcreate -y --type raid1 -m 1 -L 4M -n f vgr /dev/vda "$LEG" >/dev/null 2>&1 &&
		wait_sync vgr-f || { echo FAILED; return; }
	leg_table "0 $LEG_SZ error" || { echo FAILED; return; }
	# a write: the kernel marks the leg failed ("DA")
	dd if=/dev/urandom of=/dev/mapper/vgr-f bs=1M count=1 oflag=direct status=none 2>/dev/null
	sync
	t=${EPOCHREALTIME/./}
	"$@" lvconvert -y --repair vgr/f >/tmp/repair.out 2>&1 || { echo FAILED; sed 's/^/# /' /tmp/repair.out >&2; return; }
	us=$(( ${EPOCHREALTIME/./} - t ))
	wait_sync vgr-f || { echo FAILED; return; }
	# both images alive again, the new one on the spare (vdb)
	dmsetup status vgr-f | awk '{ exit $6 != "AA" }' &&
		dmsetup table vgr-f_rimage_1 | grep -q " $(($(stat -c '0x%t' /dev/vdb))):$(($(stat -c '0x%T' /dev/vdb))) " ||
		{ echo FAILED; dmsetup status vgr-f | sed 's/^/# /' >&2; return; }
	"$@" vgchange -an vgr >/dev/null 2>&1
	for x in $(dmsetup ls | awk '/^vgr-/ { print $1 }'); do dmsetup remove "$x"; done
	echo "$us"
}
median_us() { sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) / 1e3 }'; }
repair_rows() {
	local r lvmgr_us=() lvm2_us=() x
	dmsetup create bleg --table "0 $LEG_SZ linear /dev/vdc 0" || { echo "| lvconvert --repair | FAILED | FAILED | - |"; return; }
	LEG=/dev/dm-$(dmsetup info -c --noheadings -o minor bleg | tr -d ' ')
	sed -i "s#\"a|^/dev/vd\[a-d\]\\\$|\"#\"a|^/dev/vd[abd]\$|\", \"a|^$LEG\$|\"#" "$LVM_SYSTEM_DIR/lvm.conf"
	for r in 1 2 3; do
		x=$(repair_round "$LVMGR"); lvmgr_us+=("$x")
		x=$(repair_round lvm); lvm2_us+=("$x")
	done
	dmsetup remove bleg
	local mr lr
	if printf '%s\n' "${lvmgr_us[@]}" | grep -q FAILED; then mr=FAILED; else mr=$(printf '%s\n' "${lvmgr_us[@]}" | median_us); fi
	if printf '%s\n' "${lvm2_us[@]}" | grep -q FAILED; then lr=FAILED; else lr=$(printf '%s\n' "${lvm2_us[@]}" | median_us); fi
	echo "| lvconvert --repair of an active 4M raid1 (a leg's PV failed, onto a spare; command), median of 3 | ${mr} ms | ${lr} ms | $(ratio "$mr" "$lr") |"
	echo "(repair samples, us: lvmgr ${lvmgr_us[*]}; LVM2 ${lvm2_us[*]})"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0) printf "%.1fx", b / a; else print "-" }'; }
if [ "$ROWS" = repair ]; then
	repair_rows
	exit 0
fi
read -r mc may man mst mio mion mp mm <<<"$(run_tool lvmgr "$LVMGR")"
read -r lc lay lan lst lio lion lp lm <<<"$(run_tool lvm2 lvm)"
# three rounds of the 512 MiB sync, the tools taking turns: medians
for r in 1 2 3; do sync_run lvmgr "$LVMGR" >>/tmp/sync.lvmgr; sync_run lvm2 lvm >>/tmp/sync.lvm2; done
col() { awk -v c="$2" '{ print $c }' "$1" | median_ms; }
median_ms() { sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
msc=$(col /tmp/sync.lvmgr 1) mss=$(col /tmp/sync.lvmgr 2) mk=$(col /tmp/sync.lvmgr 3)
lsc=$(col /tmp/sync.lvm2 1) lss=$(col /tmp/sync.lvm2 2)
echo "| lvcreate --type raid1 -m 1 -L 4M (active), median of $N | ${mc} ms | ${lc} ms | $(ratio "$mc" "$lc") |"
echo "| vgchange -ay, $N raid1 LVs ($((5 * N)) dm devices), median of 3 | ${may} ms | ${lay} ms | $(ratio "$may" "$lay") |"
echo "| vgchange -an, $N raid1 LVs, median of 3 | ${man} ms | ${lan} ms | $(ratio "$man" "$lan") |"
echo "| lvconvert -m +1 of an active 4M raid1 (command), median of 3 | ${mp} ms | ${lp} ms | $(ratio "$mp" "$lp") |"
echo "| lvconvert -m -1 of an active 4M raid1, median of 3 | ${mm} ms | ${lm} ms | $(ratio "$mm" "$lm") |"
echo "| lvcreate --type raid1 -m 1 -L 512M (command), median of 3 | ${msc} ms | ${lsc} ms | $(ratio "$msc" "$lsc") |"
echo "| lvcreate -L 512M raid1 to in sync, median of 3 (the kernel alone: the same table by dmsetup, ${mk} ms) | ${mss} ms | ${lss} ms | $(ratio "$mss" "$lss") |"
repair_rows
echo
# a sum above the wall time is a pairing error of ft_off (seen once): say so
awk -v a="$mio" -v b="$mst" 'BEGIN { exit !(a + 0 > b + 0) }' && mio="(invalid: $mio)"
awk -v a="$lio" -v b="$lst" 'BEGIN { exit !(a + 0 > b + 0) }' && lio="(invalid: $lio)"
echo "vgchange -ay of the $N LVs once more with ftrace on the ioctl syscalls: lvmgr ${mst} ms, of it ${mio} ms in its ${mion} ioctls" \
	"(the kernel's share $(awk -v a="$mio" -v b="$mst" 'BEGIN { if (b > 0) printf "%.0f", 100 * a / b }') %);" \
	"LVM2 ${lst} ms, of it ${lio} ms in its ${lion} ioctls ($(awk -v a="$lio" -v b="$lst" 'BEGIN { if (b > 0) printf "%.0f", 100 * a / b }') %)"
echo "own work (wall - ioctls): lvmgr $(awk -v a="$mio" -v b="$mst" 'BEGIN { printf "%.1f", b - a }') ms," \
	"LVM2 $(awk -v a="$lio" -v b="$lst" 'BEGIN { printf "%.1f", b - a }') ms"
