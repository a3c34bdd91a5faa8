#!/bin/bash
# Thin provisioning on a real device-mapper kernel (issue 21): lvmgr side by
# side with LVM2 in one boot of the tests/kernel qemu VM (Debian's stock
# kernel, TCG). Prints markdown rows.
#
#   bench/vm-thin.sh [--lvmgr PATH] [--quick] [--rows] [--no-aslr]
#
# --no-aslr: the guest's address space randomisation off for the whole
# run (kernel.randomize_va_space = 0): under TCG each process's code is
# translated afresh when it lands at new addresses, a cost of emulation
# (native code runs as it is) on every command of both tools alike; with
# it off the translations are reused from process to process.
#
# In the guest (4 sparse disks of 1 GiB, no udevd):
#  1. creation, each tool on its own VG (disks vda+vdb wiped between):
#     a 512 MiB pool, then 200 `lvcreate -V 4M -T vgc/pool -n tN` (active),
#     then 200 `lvcreate -s vgc/t1` of the active thin LV t1 while a dd
#     writes to it (busy origin); each command timed with bash's $EPOCHREALTIME (no
#     sleep between: the loop is what a script creating LVs does). Medians;
#     the 1st-50th and 151st-200th medians show the growth. One more
#     snapshot under strace -ttt measures how long the origin stays
#     suspended (DM_DEV_SUSPEND of vgc-t1 to its resume).
#  2. activation: one VG vga on vdc+vdd made by LVM2 (a pool with
#     --poolmetadatasize 64M), its kernel metadata given N thin devices by
#     create_thin messages and its VG metadata N thin LVs (bench/genthin.py,
#     LVM2's vgcfgrestore --force), N = 100, 500 (full mode only), 1000.
#     The same VG for both tools; runs alternate the order; a run is
#     `vgchange -ay vga` then `vgchange -an vga`, each after `sync; sleep 1`,
#     each checked (N + 4 dm devices after -ay, none after -an). thin_check
#     runs at each activation for both tools, with LVM2's default
#     thin_check_options (read from `lvm config --typeconfig default`).
#     Peak RSS: every timed run runs under /usr/bin/time -f %M; the max.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$here/.." && pwd)
LVMGR=${LVMGR:-$ROOT/build/lvmgr} QUICK=${QUICK:-0} GUEST=0 ASLR=${ASLR:-2}
while [ $# -gt 0 ]; do
	case "$1" in
	--lvmgr) LVMGR=$2; shift ;;
	--quick) QUICK=1 ;;
	--rows) ;;
	--no-aslr) ASLR=0 ;;
	--guest) GUEST=1 ;;
	*) echo "usage: $0 [--lvmgr PATH] [--quick] [--no-aslr]" >&2; exit 2 ;;
	esac
	shift
done
if [ "$GUEST" = 0 ]; then
	d=$(mktemp -d /var/tmp/lvmgr-bench-thin.XXXXXX)
	trap 'rm -rf "$d"' EXIT
	for i in a b c d; do truncate -s 1G "$d/$i.img"; done
	mkdir "$d/out"
	LVMGR=$LVMGR QUICK=$QUICK ASLR=$ASLR VM_OUT=$d/out VM_ENV="LVMGR QUICK ASLR" "$ROOT/tests/kernel/vm-run.sh" --timeout 1500 \
		--disk "$d/a.img" --disk "$d/b.img" --disk "$d/c.img" --disk "$d/d.img" -- "bash $(printf %q "$0") --guest" \
		>"$d/log" 2>&1
	rc=$?
	grep -v '^|' "$d/log" | grep -E '^(#|vm-thin)' >&2
	grep '^|' "$d/log"
	[ $rc = 0 ] || { echo "vm-thin: the VM run failed ($rc); its output:" >&2; tail -30 "$d/log" >&2; }
	exit $rc
fi

# ---- the guest ----
echo "$ASLR" >/proc/sys/kernel/randomize_va_space
[ "$ASLR" = 0 ] && echo "# guest ASLR off (kernel.randomize_va_space = 0) for both tools"
export LVM_SYSTEM_DIR=/tmp/bench-lvm LVM_SUPPRESS_FD_WARNINGS=1 DM_DISABLE_UDEV=1
mkdir -p "$LVM_SYSTEM_DIR"
opts=$(lvm config --typeconfig default global/thin_check_options 2>/dev/null | sed -n 's/^thin_check_options=//p')
[ -n "$opts" ] || opts='["-q","--clear-needs-check-flag"]'
cat >"$LVM_SYSTEM_DIR/lvm.conf" <<EOC
devices { filter = [ "a|^/dev/vd[a-d]\$|", "r|.*|" ] use_devicesfile = 0 hints = "none"
	obtain_device_list_from_udev = 0 external_device_info_source = "none" }
global { locking_dir = "/tmp/bench-lock" use_lvmpolld = 0
	thin_check_executable = "/usr/sbin/thin_check" thin_check_options = $opts }
activation { udev_sync = 0 udev_rules = 0 monitoring = 0 }
backup { backup = 0 archive = 0 }
EOC
echo "# thin_check_options = $opts (both tools)"
# The clock, in ns, is bash's $EPOCHREALTIME read in place (${EPOCHREALTIME/[.,]/}000):
# `$(date +%s%N)` (and any $(...)) starts processes, two per sample,
# ~60 ms each under TCG, added to every command timed.
progress() { echo "> $(date +%T) $*"; }	# live in the VM's log, not in the rows
# median of the lines on stdin, ns -> ms with one decimal
median() { sort -n | awk '{ a[NR] = $1 } END { if (!NR) { print "-"; exit } printf "%.1f", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.1fx", b / a; else print "-" }'; }
tool_cmd() { if [ "$1" = lvmgr ]; then echo "$LVMGR"; else echo lvm; fi; }
W=/tmp/bench-thin
mkdir -p "$W"

# ---- 1. creation ----
# Suspend window of the origin from strace -ttt: DM_DEV_SUSPEND of vgc-t1
# with DM_SUSPEND_FLAG, to the next DM_DEV_SUSPEND of vgc-t1 (its resume).
suspend_ms() {
	awk '/DM_DEV_SUSPEND/ && /name="vgc-t1"/ {
		t = $2 + 0
		if ($0 ~ /DM_SUSPEND_FLAG/) s = t
		else if (s) { printf "%.1f\n", (t - s) * 1000; s = 0 }
	}' "$1" | tail -1
}
create_tool() {	# create_tool NAME: per-command ns in $W/NAME.{thin,snap}, RSS, suspend window
	local name=$1 T i t
	T=$(tool_cmd "$1")
	for x in vda vdb; do dd if=/dev/zero of=/dev/$x bs=1M count=4 oflag=direct status=none; done
	$T vgcreate -y vgc /dev/vda /dev/vdb >/dev/null 2>&1 &&
		$T lvcreate -y --type thin-pool -L 512M -n pool vgc >/dev/null 2>&1 || { echo "# $name: no pool" ; return 1; }
	: >"$W/$name.thin"; : >"$W/$name.snap"
	for ((i = 1; i <= NC; i++)); do
		t=${EPOCHREALTIME/[.,]/}000; $T lvcreate -y -V 4M -T vgc/pool -n t$i >/dev/null 2>"$W/err" || { echo "# $name: lvcreate t$i: $(head -1 "$W/err")"; return 1; }
		echo $(( ${EPOCHREALTIME/[.,]/}000 - t )) >>"$W/$name.thin"
	done
	/usr/bin/time -f %M -o "$W/$name.rss.thin" $T lvcreate -y -V 4M -T vgc/pool -n tx >/dev/null 2>&1
	[ "$(dmsetup ls | grep -c '^vgc-t')" = $((NC + 1)) ] || echo "# $name: not $((NC + 1)) active thin LVs"
	progress "$name: $NC thin LVs made"
	for ((i = 1; i <= NC; i++)); do
		t=${EPOCHREALTIME/[.,]/}000; $T lvcreate -y -s vgc/t1 -n s$i >/dev/null 2>"$W/err" || { echo "# $name: lvcreate -s s$i: $(head -1 "$W/err")"; return 1; }
		echo $(( ${EPOCHREALTIME/[.,]/}000 - t )) >>"$W/$name.snap"
	done
	/usr/bin/time -f %M -o "$W/$name.rss.snap" $T lvcreate -y -s vgc/t1 -n sx >/dev/null 2>&1
	progress "$name: $NC snapshots made"
	# a busy origin: a writer loops over t1 (4 MiB direct writes) while
	# BUSY snapshots are timed, then 3 more under strace for the window
	# the origin stays suspended
	( while [ ! -e "$W/stop" ]; do dd if=/dev/urandom of=/dev/vgc/t1 bs=64k count=64 oflag=direct status=none 2>/dev/null || break; done ) &
	local dd=$! k
	rm -f "$W/stop"
	: >"$W/$name.busy"; : >"$W/$name.susp"
	for ((k = 1; k <= BUSY; k++)); do
		t=${EPOCHREALTIME/[.,]/}000; $T lvcreate -y -s vgc/t1 -n sb$k >/dev/null 2>&1; echo $(( ${EPOCHREALTIME/[.,]/}000 - t )) >>"$W/$name.busy"
	done
	for k in 1 2 3; do
		strace -f -ttt -e trace=ioctl -o "$W/st" $T lvcreate -y -s vgc/t1 -n sy$k >/dev/null 2>&1
		suspend_ms "$W/st" >>"$W/$name.susp"
	done
	touch "$W/stop"; wait $dd 2>/dev/null
	progress "$name: busy snapshots made"
	$T vgchange -an vgc >/dev/null 2>&1
	$T vgremove -f vgc >/dev/null 2>&1
	[ -z "$(dmsetup ls | grep '^vgc-')" ] || { echo "# $name: devices left"; dmsetup remove_all; }
}
NC=200 BUSY=10
[ "$QUICK" = 1 ] && NC=20 BUSY=3
create_tool lvmgr
create_tool lvm2
part() {	# part FILE FROM TO: median of lines FROM..TO
	sed -n "$2,$3p" "$1" | median
}
rss() { tail -1 "$1" 2>/dev/null || echo -; }
for k in thin snap; do
	a=$(median <"$W/lvmgr.$k") b=$(median <"$W/lvm2.$k")
	q=$((NC / 4))
	if [ $k = thin ]; then what="lvcreate -V 4M -T (active), $NC thin LVs one by one"; else what="lvcreate -s of an active, busy thin LV, $NC one by one"; fi
	echo "| $what: median (1st-${q}th / last $q) | $a ms ($(part "$W/lvmgr.$k" 1 $q) / $(part "$W/lvmgr.$k" $((NC - q + 1)) $NC)) | $b ms ($(part "$W/lvm2.$k" 1 $q) / $(part "$W/lvm2.$k" $((NC - q + 1)) $NC)) | $(ratio "$a" "$b") | $(rss "$W/lvmgr.rss.$k") | $(rss "$W/lvm2.rss.$k") |"
done
sa=$(sort -n "$W/lvmgr.susp" | tr '\n' ' ') sb=$(sort -n "$W/lvm2.susp" | tr '\n' ' ')
a=$(median <"$W/lvmgr.busy") b=$(median <"$W/lvm2.busy")
echo "| lvcreate -s of the active thin LV while a dd writes to it, median of $BUSY | $a ms | $b ms | $(ratio "$a" "$b") | | |"
echo "| origin suspended during lvcreate -s of the busy thin LV (strace -ttt, 3 runs) | ${sa% } ms | ${sb% } ms | | | |"

# ---- 2. activation of a pool with N thin LVs ----
# dm_msg DEV MSG...: target messages through one process (dmsetup message
# per create_thin would cost a process start each under TCG)
dm_msg() {
	python3 - "$@" <<'EOP'
import fcntl, os, struct, sys
dev, msgs = sys.argv[1], sys.argv[2:]
fd = os.open("/dev/mapper/control", os.O_RDWR)
DM_TARGET_MSG = 0xC138FD0E	# _IOWR(0xfd, 14, struct dm_ioctl) (312 bytes)
for m in msgs:
    body = struct.pack("Q", 0) + m.encode() + b"\0"
    size = 312 + len(body) + 64
    hdr = struct.pack("3IIIIiIIIQ128s129s7x", 4, 0, 0, size, 312, 0, 0, 0, 0, 0, 0, dev.encode(), b"")
    buf = bytearray(hdr + body + bytes(size - 312 - len(body)))
    fcntl.ioctl(fd, DM_TARGET_MSG, buf)
EOP
}
for x in vdc vdd; do dd if=/dev/zero of=/dev/$x bs=1M count=4 oflag=direct status=none; done
lvm vgcreate -y vga /dev/vdc /dev/vdd >/dev/null 2>&1 &&
	lvm lvcreate -y --type thin-pool -L 256M --poolmetadatasize 64M -n pool vga >/dev/null 2>&1 &&
	lvm lvcreate -y -V 4M -T vga/pool -n th1 >/dev/null 2>&1 || { echo "# activation: cannot make the pool"; exit 1; }
HAVE=1 TXN=1
grow_to() {	# grow_to N: the kernel's pool and the VG metadata hold th1..thN
	local n=$1 i msgs=()
	lvm vgchange -ay vga >/dev/null 2>&1
	for ((i = HAVE + 1; i <= n; i++)); do msgs+=("create_thin $i"); done
	msgs+=("set_transaction_id $TXN $((TXN + 1))")
	dm_msg vga-pool-tpool "${msgs[@]}" || { echo "# create_thin messages failed"; return 1; }
	TXN=$((TXN + 1)) HAVE=$n
	lvm vgchange -an vga >/dev/null 2>&1
	lvm vgcfgbackup -f "$W/base.vg" vga >/dev/null 2>&1 &&
		python3 "$here/genthin.py" "$W/base.vg" "$W/gen.vg" "$n" "$TXN" &&
		lvm vgcfgrestore -y --force -f "$W/gen.vg" vga >/dev/null 2>"$W/err" || { echo "# vgcfgrestore of $n thins failed: $(grep -v WARN "$W/err" | head -2)"; return 1; }
	[ "$(lvm lvs --noheadings -o lv_name -S 'segtype=thin' vga | wc -l)" = "$n" ] || { echo "# VG with $n thins: LVM2 sees another count"; return 1; }
}
devs() { dmsetup ls | grep -c '^vga-'; }
one_run() {	# one_run TOOL N: appends ns to $W/{ay,an}.TOOL.N, RSS to $W/rss.TOOL.N
	local T t ok=1
	T=$(tool_cmd "$1")
	sync; sleep 1
	t=${EPOCHREALTIME/[.,]/}000; /usr/bin/time -f %M -a -o "$W/rss.$1.$2" $T vgchange -ay vga >/dev/null 2>"$W/err" || ok=0
	echo $(( ${EPOCHREALTIME/[.,]/}000 - t )) >>"$W/ay.$1.$2"
	[ $ok = 1 ] && [ "$(devs)" = $(($2 + 4)) ] || { echo "# $1 vgchange -ay with $2 thins: $(devs) devices, $(head -1 "$W/err")"; FAILED="$FAILED $1-ay-$2"; }
	sync; sleep 1
	t=${EPOCHREALTIME/[.,]/}000; /usr/bin/time -f %M -a -o "$W/rss.$1.$2" $T vgchange -an vga >/dev/null 2>"$W/err" || ok=0
	echo $(( ${EPOCHREALTIME/[.,]/}000 - t )) >>"$W/an.$1.$2"
	[ "$(devs)" = 0 ] || { echo "# $1 vgchange -an with $2 thins: $(devs) devices left"; FAILED="$FAILED $1-an-$2"; dmsetup remove_all; }
}
FAILED=""
SIZES="100 500 1000" 
[ "$QUICK" = 1 ] && SIZES="100"
for n in $SIZES; do
	grow_to "$n" || break
	progress "activation: the VG has $n thin LVs"
	runs=3
	[ "$n" = 500 ] && runs=1
	[ "$n" = 1000 ] && runs=2
	for ((r = 0; r < runs; r++)); do
		if ((r % 2 == 0)); then one_run lvmgr "$n"; one_run lvm2 "$n"; else one_run lvm2 "$n"; one_run lvmgr "$n"; fi
	done
	for op in ay an; do
		a=$(median <"$W/$op.lvmgr.$n") b=$(median <"$W/$op.lvm2.$n")
		ra=$(sort -n "$W/rss.lvmgr.$n" | tail -1) rb=$(sort -n "$W/rss.lvm2.$n" | tail -1)
		[ $op = ay ] && what="vgchange -ay, pool with $n thin LVs (thin_check on)" || what="vgchange -an, pool with $n thin LVs"
		echo "| $what, median of $runs | $a ms | $b ms | $(ratio "$a" "$b") | $ra | $rb |"
	done
done
[ -z "$FAILED" ] || { echo "# FAILED:$FAILED"; exit 1; }
exit 0
