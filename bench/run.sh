#!/bin/bash
# Benchmarks of lvmgr side by side with LVM2 (Debian's lvm2) on loop devices.
#
#   bench/run.sh [--quick] [--lvmgr PATH] [--out FILE] [--no-scale] [--no-vm] [--no-thin]
#
# Needs root (loop devices). Installs hyperfine, lvm2, time, strace and
# python3 with apt-get when they are missing; without hyperfine it times
# with `date +%s%N` in a bash loop (adds ~1 ms of fork/exec to both tools).
# Everything lives in one temporary directory and on loop devices attached
# here; both are removed on exit, also on failure or Ctrl-C.
#
# Method: both tools read the same lvm.conf (filter admitting only the loop
# devices of this run, hints = "none", use_devicesfile = 0, activation = 0,
# backup and archive dirs in the temp dir, the locking dir on tmpfs). Each
# VG state (blank disks, PVs, VG with 0/200/1000 LVs) is built once and
# saved as sparse image copies, with the backup dir and lvmgr's VG cache
# (entries for texts lvmgr wrote, and for the big LVM2 texts its setup lvs
# read); before every timed run of a command that changes the disks the state is
# copied back (synced, and the loop devices' page cache dropped), so both
# tools start from identical bytes and no pending writeback. The tools
# alternate in rounds; medians of all runs are reported. Peak RSS is one
# extra run under /usr/bin/time -f %M.
# The VGs with many LVs are made by generated metadata (bench/genmeta.py)
# and LVM2's vgcfgrestore, i.e. LVM2 wrote the bytes both tools start from.
# Activation needs device-mapper, which this kernel lacks: bench/vm-activate.sh
# (vgchange -ay/-an of 200 LVs, both tools, one boot of the tests/kernel qemu
# VM; qemu installed by tests/deps.sh kernel when missing) adds its two rows
# to the table; --no-vm skips it. bench/vm-thin.sh (thin pools: 200 thin
# LVs and 200 thin snapshots created, vgchange -ay/-an of a pool with 100,
# 500, 1,000 thin LVs, ~15-25 min in the VM) adds a table of its own in full
# mode (not with --quick, the bench layer's smoke run: bench/vm-thin.sh
# --quick alone is ~4 min); --no-thin skips it.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
QUICK=${QUICK:-0}
SCALE=1 VM=1 THIN=1
LVMGR=$ROOT/build/lvmgr
OUT=""
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) QUICK=1 ;;
	--no-scale) SCALE=0 ;;
	--no-vm) VM=0 ;;
	--no-thin) THIN=0 ;;
	--lvmgr) LVMGR=$2; shift ;;
	--out) OUT=$2; shift ;;
	-h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
[ "$QUICK" = 1 ] || QUICK=0
if [ "$QUICK" = 1 ]; then
	ROUNDS=2 PER=3 SIZES="200" SCAN_PVS="64" SCALE=0
else
	ROUNDS=${ROUNDS:-4} PER=${PER:-3} SIZES="200 1000" SCAN_PVS="64 256"
fi

log() { echo "bench: $*" >&2; }
die() { log "$*"; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (loop devices); run as root or skip"

# ---- tools ----
missing=()
command -v lvm >/dev/null || missing+=(lvm2)
[ -x /usr/bin/time ] || missing+=(time)
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v strace >/dev/null || missing+=(strace)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null; then
	log "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null 2>&1 &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; } ||
		log "apt-get could not install everything: ${missing[*]}"
fi
command -v lvm >/dev/null || die "LVM2 (lvm) is not installed"
command -v python3 >/dev/null || die "python3 is needed"
[ -x /usr/bin/time ] || die "/usr/bin/time is needed (package time)"
HF=$(command -v hyperfine || true)
[ -n "$HF" ] || log "hyperfine not available: timing with a bash loop"
if [ ! -x "$LVMGR" ]; then
	make -s >/dev/null || die "cannot build lvmgr"
fi
LVM=$(command -v lvm)

# ---- work dir, loop devices, cleanup ----
B=$(mktemp -d /var/tmp/lvmgr-bench.XXXXXX)
# The locking directory on tmpfs, where a system has it (/run/lock/lvm):
# lock files, and lvmgr's VG cache, are not written to a disk's file system.
LK=""
for d in /run /dev/shm; do
	[ "$(stat -f -c %T "$d" 2>/dev/null)" = tmpfs ] && LK=$(mktemp -d "$d/lvmgr-bench-lock.XXXXXX" 2>/dev/null) && break
done
[ -n "$LK" ] || { LK=$B/lock; log "no tmpfs for the locking directory: $LK"; }
LOOPS=()
cleanup() {
	local l
	for l in "${LOOPS[@]}"; do losetup -d "$l" 2>/dev/null; done
	rm -rf "$B" "$LK"
}
trap cleanup EXIT
trap 'log interrupted; exit 130' INT TERM HUP
export LVM_SYSTEM_DIR=$B/etc LVM_SUPPRESS_FD_WARNINGS=1
mkdir -p "$B/etc" "$B/state" "$B/t"

CUR=() CURF=()	# loop devices and their files of the current setup
attach_set() {	# attach_set PREFIX COUNT SIZE: files + loops; sets CUR, CURF
	local i f l
	CUR=() CURF=()
	for ((i = 0; i < $2; i++)); do
		f=$B/$1$i
		truncate -s "$3" "$f"
		l=$(losetup -f --show "$f" 2>/dev/null) || { rm -f "$f"; break; }
		LOOPS+=("$l") CUR+=("$l") CURF+=("$f")
		echo "$f $l" >>"$B/loops"
	done
	write_conf
}
detach_set() {
	local l i
	for l in "${CUR[@]}"; do
		losetup -d "$l"
		for i in "${!LOOPS[@]}"; do [ "${LOOPS[$i]}" = "$l" ] && unset 'LOOPS[$i]'; done
	done
	rm -f "${CURF[@]}" "$B/loops"
	CUR=() CURF=()
}
write_conf() {	# one regex admitting exactly the loops of this setup
	local alt="" l
	for l in "${CUR[@]}"; do alt="$alt${alt:+|}${l#/dev/loop}"; done
	cat >"$B/etc/lvm.conf" <<EOC
global { activation = 0 use_lvmpolld = 0 notify_dbus = 0 locking_dir = "$LK" }
devices { hints = "none" use_devicesfile = 0 obtain_device_list_from_udev = 0 external_device_info_source = "none" filter = [ "a|^/dev/loop($alt)\$|", "r|.*|" ] }
activation { udev_sync = 0 udev_rules = 0 monitoring = 0 }
backup { backup_dir = "$B/etc/backup" archive_dir = "$B/etc/archive" }
EOC
}
save_state() {	# save_state NAME: sparse copies of the current files, the backup dir, lvmgr's VG cache
	local f
	mkdir -p "$B/state/$1"
	for f in "${CURF[@]}"; do cp --sparse=always "$f" "$B/state/$1/${f##*/}"; done
	rm -rf "$B/state/$1.backup" "$B/state/$1.cache"
	[ -d "$B/etc/backup" ] && cp -a "$B/etc/backup" "$B/state/$1.backup"
	[ -d "$LK/lvmgr-cache" ] && cp -a "$LK/lvmgr-cache" "$B/state/$1.cache"
}
# restore NAME (also a script, for hyperfine --prepare): copy the files back
# in place (same inodes, so the loops stay valid), drop the loops' cache,
# put back the backup dir and lvmgr's VG cache
cat >"$B/restore" <<EOS
#!/bin/bash
while read -r f l; do
	[ -f "$B/state/\$1/\${f##*/}" ] || continue
	cp --sparse=always "$B/state/\$1/\${f##*/}" "\$f" && blockdev --flushbufs "\$l"
done <"$B/loops"
rm -rf "$B/etc/backup" "$B/etc/archive" "$LK/lvmgr-cache"
[ -d "$B/state/\$1.backup" ] && cp -a "$B/state/\$1.backup" "$B/etc/backup"
# lvmgr's VG cache as it was with these disks: a timed commit replaces an
# entry, and the next run from the same state must find what the first did
[ -d "$B/state/\$1.cache" ] && cp -a "$B/state/\$1.cache" "$LK/lvmgr-cache"
# on stable storage before the timed run: a command that flushes its
# devices (lvmgr does, LVM2 does not) must not pay for the copy's writeback
sync
exit 0
EOS
chmod +x "$B/restore"
restore() { "$B/restore" "$1"; }
l2() { "$LVM" "$@"; }
lg() { "$LVMGR" "$@"; }

# ---- timing ----
# run_times TOOLCMD STATE ARGS...: PER timed runs (prepare: restore STATE
# when not "-"), one time in ms per line appended to stdout
run_times() {
	local cmd=$1 state=$2 i s e
	shift 2
	if [ -n "$HF" ]; then
		local prep=()
		[ "$state" != - ] && prep=(--prepare "$B/restore $state")
		[ "$state" = - ] && prep=(--warmup 1)
		"$HF" -N -r "$PER" "${prep[@]}" --export-json "$B/t/hf.json" -- "$cmd $*" >/dev/null 2>"$B/t/hf.err" ||
			{ cat "$B/t/hf.err" >&2; return 1; }
		python3 -c 'import json,sys; [print("%.3f" % (t*1000)) for t in json.load(open(sys.argv[1]))["results"][0]["times"]]' "$B/t/hf.json"
	else
		[ "$state" = - ] && "$cmd" "$@" >/dev/null 2>&1
		for ((i = 0; i < PER; i++)); do
			[ "$state" != - ] && restore "$state"
			s=$(date +%s%N)
			"$cmd" "$@" >/dev/null 2>&1 || return 1
			e=$(date +%s%N)
			echo "scale=3; ($e - $s) / 1000000" | bc 2>/dev/null || echo $(((e - s) / 1000000))
		done
	fi
}
median() { sort -n | awk '{a[NR] = $1} END {if (!NR) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
rss() {	# rss TOOLCMD STATE ARGS...: peak RSS in KiB of one run
	local cmd=$1 state=$2
	shift 2
	[ "$state" != - ] && restore "$state"
	/usr/bin/time -f %M -o "$B/t/rss" "$cmd" "$@" >/dev/null 2>&1 || { echo "-"; return; }
	tail -1 "$B/t/rss"
}

ROWS=()
row() { ROWS+=("$1"); echo "$1"; }
HEADER="| scenario | lvmgr median ms | lvm2 median ms | ratio lvm2/lvmgr | peak RSS lvmgr KiB | peak RSS lvm2 KiB |"
# pair NAME STATE ARGS...: the same command line for both tools
pair() {
	local name=$1 state=$2 r ok=1
	shift 2
	: >"$B/t/a" ; : >"$B/t/b"
	for ((r = 0; r < ROUNDS; r++)); do
		if ((r % 2 == 0)); then
			run_times "$LVMGR" "$state" "$@" >>"$B/t/a" || ok=0
			run_times "$LVM" "$state" "$@" >>"$B/t/b" || ok=0
		else
			run_times "$LVM" "$state" "$@" >>"$B/t/b" || ok=0
			run_times "$LVMGR" "$state" "$@" >>"$B/t/a" || ok=0
		fi
	done
	local ma mb ra rb ratio
	ma=$(median <"$B/t/a") mb=$(median <"$B/t/b")
	ra=$(rss "$LVMGR" "$state" "$@") rb=$(rss "$LVM" "$state" "$@")
	ratio=$(awk -v a="$ma" -v b="$mb" 'BEGIN {if (a + 0 > 0 && b + 0 > 0) printf "%.1fx", b / a; else print "-"}')
	[ $ok = 1 ] || name="$name (FAILED runs)"
	row "| $name | $ma | $mb | $ratio | $ra | $rb |"
	[ "$state" != - ] && restore "$state"
	return 0
}
# bytes TOOLCMD STATE ARGS...: "device KiB / file KiB" written by one run
# (strace: write, writev, pwrite64, pwritev, io_submit; files = backup + archive)
bytes() {
	local cmd=$1 state=$2
	shift 2
	command -v strace >/dev/null || { echo "-"; return; }
	[ "$state" != - ] && restore "$state"
	strace -f -y -qq -e trace=write,writev,pwrite64,pwritev,pwritev2,io_submit -o "$B/t/st" "$cmd" "$@" >/dev/null 2>&1
	python3 - "$B/t/st" <<'EOP'
import re, sys
dev = fil = cache = 0
pending = {}	# pid -> path of a write another thread interrupted (strace -f)
for line in open(sys.argv[1]):
    pid = line.split(None, 1)[0] if line[:1].isdigit() else ""
    m = re.search(r'\b(write|writev|pwrite64|pwritev2?)\((\d+)<([^>]*)>.*= (\d+)$', line)
    items = []
    if m:
        items.append((m.group(3), int(m.group(4))))
    else:
        u = re.search(r'\b(write|writev|pwrite64|pwritev2?)\((\d+)<([^>]*)>.*<unfinished \.\.\.>$', line)
        if u:
            pending[pid] = u.group(3)
        r = re.search(r'<\.\.\. (write|writev|pwrite64|pwritev2?) resumed>.*= (\d+)$', line)
        if r and pid in pending:
            items.append((pending.pop(pid), int(r.group(2))))
    for a in re.finditer(r'aio_lio_opcode=IOCB_CMD_PWRITEV?, aio_fildes=\d+<([^>]*)>.*?aio_nbytes=(\d+)', line):
        items.append((a.group(1), int(a.group(2))))
    for path, n in items:
        if path.startswith("/dev/loop"):
            dev += n
        elif "/lvmgr-cache/" in path:
            cache += n
        elif path.startswith("/") and not path.startswith("/dev/"):
            fil += n
print("%.0f / %.0f" % (dev / 1024, fil / 1024) + (" (+ %.0f cache)" % (cache / 1024) if cache else ""))
EOP
}

build_lvs() {	# build_lvs TOOL N STATE: VG vg0 with N generated LVs, saved
	"$1" vgcfgbackup -f "$B/t/base.vg" vg0 >/dev/null 2>&1 || die "vgcfgbackup failed"
	python3 "$ROOT/bench/genmeta.py" "$B/t/base.vg" "$B/t/gen.vg" "$2" || die "genmeta failed"
	"$1" vgcfgrestore -f "$B/t/gen.vg" vg0 >/dev/null 2>"$B/t/err" || { cat "$B/t/err" >&2; die "vgcfgrestore of $2 LVs failed"; }
	# the backup file a VG in use has (vgcfgrestore writes none)
	"$1" vgcfgbackup vg0 >/dev/null 2>&1 || die "vgcfgbackup of $2 LVs failed"
	local got
	got=$("$LVMGR" lvs --noheadings -o lv_name vg0 2>/dev/null | wc -l)
	[ "$got" = "$2" ] || die "VG with $2 LVs: lvmgr sees $got"
	got=$("$LVM" lvs --noheadings -o lv_name vg0 2>/dev/null | wc -l)
	[ "$got" = "$2" ] || die "VG with $2 LVs: lvm2 sees $got"
	save_state "$3"
}

[ -n "$OUT" ] && exec > >(tee "$OUT")
T0=$(date +%s)
echo "$("$LVMGR" version 2>/dev/null | head -1 | sed 's/^ *//') vs LVM2 $("$LVM" version 2>/dev/null | sed -n 's/^ *LVM version: *//p'), $(uname -r)"
echo "mode: $([ $QUICK = 1 ] && echo quick || echo full), ${ROUNDS}x$PER runs per tool, timer: $([ -n "$HF" ] && echo hyperfine || echo bash), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "$HEADER"
echo "|---|---:|---:|---:|---:|---:|"

# ---- 4 PVs: pvcreate, vgcreate, LV commands ----
attach_set d 4 20G
[ ${#CUR[@]} = 4 ] || die "cannot attach 4 loop devices"
save_state blank
pair "pvcreate 4 PVs" blank pvcreate -y --metadatasize 64m "${CUR[@]}"
lg pvcreate -y --metadatasize 64m "${CUR[@]}" >/dev/null 2>&1 || die "pvcreate failed"
save_state pvs
pair "vgcreate 4 PVs" pvs vgcreate vg0 "${CUR[@]}"
lg vgcreate vg0 "${CUR[@]}" >/dev/null 2>&1 || die "vgcreate failed"
save_state lv0
pair "lvcreate, 0 LVs" lv0 lvcreate -an -Zn -L 4M -n bench vg0
declare -A BYTES
for n in $SIZES; do
	restore lv0
	build_lvs "$LVM" "$n" "lv$n"
	pair "lvcreate, $n LVs" "lv$n" lvcreate -an -Zn -L 4M -n bench vg0
	BYTES["lvcreate at $n LVs"]="$(bytes "$LVMGR" "lv$n" lvcreate -an -Zn -L 4M -n bench vg0) | $(bytes "$LVM" "lv$n" lvcreate -an -Zn -L 4M -n bench vg0)"
	restore "lv$n"
	pair "lvs, $n LVs" - lvs vg0
	pair "vgs, $n LVs" - vgs vg0
	pair "pvs, $n LVs" - pvs
	pair "lvextend, $n LVs" "lv$n" lvextend -L +4M vg0/lv$((n / 2))
	pair "lvremove, $n LVs" "lv$n" lvremove -y vg0/lv$((n / 2))
	pair "vgcfgbackup, $n LVs" - vgcfgbackup -f "$B/t/out.vg" vg0
done
detach_set
rm -rf "$B/state"/*

# ---- scanning many PVs ----
SCAN_NOTE=""
for n in $SCAN_PVS; do
	attach_set s "$n" 64M
	got=${#CUR[@]}
	[ "$got" -lt "$n" ] && SCAN_NOTE="$SCAN_NOTE only $got of $n loop devices could be attached;"
	[ "$got" -ge 2 ] || { detach_set; continue; }
	lg pvcreate -y "${CUR[@]}" >/dev/null 2>&1 && lg vgcreate vgscan "${CUR[@]}" >/dev/null 2>&1 ||
		die "cannot make a VG of $got PVs"
	pair "pvs, $got PVs in one VG" - pvs
	pair "vgs, $got PVs in one VG" - vgs
	detach_set
done

# ---- activation in the qemu VM (real device-mapper), same table ----
VM_NOTE=""
if [ "$VM" = 1 ]; then
	log "activation of 200 LVs in the qemu VM (bench/vm-activate.sh, a few minutes in full mode)"
	vmq=()
	[ "$QUICK" = 1 ] && vmq=(--quick)
	if vmrows=$("$ROOT/bench/vm-activate.sh" --rows "${vmq[@]}" --lvmgr "$LVMGR" 2>"$B/t/vm.err"); then
		while IFS= read -r l; do
			case "$l" in
			"|"*) row "$l" ;;
			"note: "*) VM_NOTE="VM: ${l#note: }" ;;
			esac
		done <<<"$vmrows"
	else
		sed 's/^/    /' "$B/t/vm.err" | tail -5 >&2
		VM_NOTE="activation in the VM not measured: $(grep 'vm-activate:' "$B/t/vm.err" | tail -1)"
		log "$VM_NOTE"
	fi
fi
[ -n "$VM_NOTE" ] && echo && echo "$VM_NOTE"
if [ "$VM" = 1 ] && [ "$THIN" = 1 ] && [ "$QUICK" = 0 ]; then
	log "thin provisioning in the qemu VM (bench/vm-thin.sh, ~15-25 min)"
	vmq=()
	echo
	echo "Thin provisioning in the VM (bench/vm-thin.sh; TCG, 1 vCPU, thin_check on for both):"
	echo
	echo "| scenario | lvmgr | lvm2 | ratio lvm2/lvmgr | peak RSS lvmgr KiB | peak RSS lvm2 KiB |"
	echo "|---|---:|---:|---:|---:|---:|"
	"$ROOT/bench/vm-thin.sh" "${vmq[@]}" --lvmgr "$LVMGR" 2>"$B/t/thin.err" ||
		echo "thin provisioning in the VM not measured: $(grep -v '^#' "$B/t/thin.err" | tail -1)"
fi

echo
echo "Bytes written by one lvcreate (KiB to the PVs / KiB to backup+archive files, + KiB to lvmgr's VG cache):"
echo
echo "| scenario | lvmgr | lvm2 |"
echo "|---|---:|---:|"
for k in "${!BYTES[@]}"; do echo "| $k | ${BYTES[$k]} |"; done | sort -V
[ -n "$SCAN_NOTE" ] && echo && echo "Note:$SCAN_NOTE"

# ---- scale: lvmgr alone ----
# scale_row LABEL STATE: lvcreate (from STATE each time) and lvs medians of
# lvmgr, and the peak RSS of lvs, as one table row
# lvmgr-nocache: lvmgr without its VG cache (LVMGR_VG_CACHE=0), the cost
# of the first command after another tool changed the VG
printf '#!/bin/sh\nLVMGR_VG_CACHE=0 exec "%s" "$@"\n' "$LVMGR" >"$B/lvmgr-nocache"
chmod +x "$B/lvmgr-nocache"
scale_row() {	# scale_row LABEL STATE FIRST-STATE
	local r
	: >"$B/t/a"; : >"$B/t/b"; : >"$B/t/c"; : >"$B/t/d"; : >"$B/t/e"
	for ((r = 0; r < ROUNDS; r++)); do
		run_times "$LVMGR" "$2" lvcreate -an -Zn -L 4M -n bench vg0 >>"$B/t/a"
		run_times "$LVMGR" - lvs vg0 >>"$B/t/b"
		run_times "$LVMGR" "$3" lvcreate -an -Zn -L 4M -n bench vg0 >>"$B/t/e"
		run_times "$B/lvmgr-nocache" "$2" lvcreate -an -Zn -L 4M -n bench vg0 >>"$B/t/c"
		run_times "$B/lvmgr-nocache" - lvs vg0 >>"$B/t/d"
	done
	echo "| $1 | $(median <"$B/t/a") | $(median <"$B/t/b") | $(median <"$B/t/e") | $(median <"$B/t/c") | $(median <"$B/t/d") | $(rss "$LVMGR" - lvs vg0) |"
}
if [ "$SCALE" = 1 ]; then
	echo
	echo "Scale, lvmgr alone (median ms; VG built with genmeta.py + lvmgr vgcfgrestore, so that"
	echo "lvmgr's VG cache holds the VG; restored twice, as a VG lvmgr changed before: its areas"
	echo "hold the version before the last where a commit writes, so only changed blocks are"
	echo "written; 'first change': from one restore, the whole text written; the no-cache"
	echo "columns with LVMGR_VG_CACHE=0):"
	echo
	echo "| VG | lvcreate ms | lvs ms | lvcreate ms, first change | lvcreate ms, no cache | lvs ms, no cache | peak RSS lvs KiB |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	attach_set d 4 64G
	lg pvcreate -y --metadatasize 64m "${CUR[@]}" >/dev/null 2>&1 && lg vgcreate vg0 "${CUR[@]}" >/dev/null 2>&1 ||
		die "scale: cannot make the VG"
	save_state s0
	for n in 100 1000 10000; do
		restore s0
		lg vgcfgbackup -f "$B/t/base.vg" vg0 >/dev/null 2>&1
		python3 "$ROOT/bench/genmeta.py" "$B/t/base.vg" "$B/t/gen.vg" "$n" || die "genmeta failed"
		# restored twice: a VG lvmgr has changed before, whose areas hold
		# the version before the last where the next commit writes (as
		# after any two lvmgr changes); the "first change" column starts
		# from one restore, the first commit after another writer
		lg vgcfgrestore -f "$B/t/gen.vg" vg0 >/dev/null 2>&1 || die "vgcfgrestore of $n LVs failed"
		save_state "f$n"
		lg vgcfgrestore -f "$B/t/gen.vg" vg0 >/dev/null 2>&1 || die "vgcfgrestore of $n LVs failed"
		save_state "s$n"
		scale_row "4 PVs, $n LVs" "s$n" "f$n"
	done
	detach_set
	rm -rf "$B/state"/*
	attach_set s 256 128M
	got=${#CUR[@]}
	if lg pvcreate -y --metadatasize 4m "${CUR[@]}" >/dev/null 2>&1 && lg vgcreate vg0 "${CUR[@]}" >/dev/null 2>&1; then
		save_state p0
		for n in 0 1000; do
			restore p0
			if [ "$n" != 0 ]; then
				lg vgcfgbackup -f "$B/t/base.vg" vg0 >/dev/null 2>&1
				python3 "$ROOT/bench/genmeta.py" "$B/t/base.vg" "$B/t/gen.vg" "$n" &&
					lg vgcfgrestore -f "$B/t/gen.vg" vg0 >/dev/null 2>&1 || die "vgcfgrestore failed"
			fi
			save_state "fp$n"
			[ "$n" != 0 ] && { lg vgcfgrestore -f "$B/t/gen.vg" vg0 >/dev/null 2>&1 || die "vgcfgrestore failed"; }
			save_state "p$n"
			scale_row "$got PVs, $n LVs" "p$n" "fp$n"
		done
	else
		echo "| $got PVs | cannot make the VG | | | | | |"
	fi
	detach_set
fi
echo
echo "total $(($(date +%s) - T0)) s"
