#!/bin/bash
# Activation benchmark on a real device-mapper kernel: vgchange -ay and
# vgchange -an of a VG with 200 linear LVs, lvmgr side by side with LVM2, in
# one boot of the qemu VM of tests/kernel (Debian's stock kernel, TCG).
#
#   bench/vm-activate.sh [--quick] [--lvmgr PATH] [--lvs N] [--smp N] [--floor N] [--settle S] [--rows]
#
# --quick   fewer runs (2 rounds of 1 run per tool instead of 4 rounds of
#           2) and no kernel floor: ~75 s with the boot; full ~3-4 min
# --lvs N   LVs in the VG (default 200)
# --smp N   vCPUs of the VM (default: the host's CPUs, nproc; both tools run
#           in the same VM, so they share them alike)
# --floor N runs of the kernel floor (default 3; quick: 0)
# --settle S seconds of pause (after sync) before each timed command
#           (default 1)
# --rows    print only the two markdown table rows and a "note: " line
#           (for bench/run.sh)
#
# Needs root and qemu (tests/deps.sh kernel installs it; vm-setup.sh
# prepares the guest kernel into $LVMGR_VM_DIR, default build/vm). The disks
# are sparse image files in one temp directory under /var/tmp, attached to
# the VM as virtio disks (no loop devices); the directory is removed on exit,
# also on failure or Ctrl-C.
#
# Method (inside the guest, one boot): LVM2 makes the PVs and the VG on
# /dev/vda-vdd; the LVs are generated metadata (bench/genmeta.py: N
# one-extent linear LVs) restored with LVM2's vgcfgrestore, so all start
# inactive. Both tools read one lvm.conf (filter for /dev/vd[a-d] only, no
# udev: udev_sync = 0, udev_rules = 0, so both make their /dev/mapper nodes
# and /dev/vg0 links themselves; monitoring = 0, hints = "none",
# use_devicesfile = 0). One untimed -ay/-an per tool first, then rounds
# alternate the order (lvmgr, lvm2), (lvm2, lvmgr), ...; a run is
# `vgchange -ay vg0` and `vgchange -an vg0`, each timed with bash's $EPOCHREALTIME (no process started for the clock)
# (includes one fork/exec for both tools) after `sync; sleep 1`, so that
# the kernel's deferred work of the command before (RCU callbacks freeing
# removed devices) is not charged to the next one. After every -ay the script checks
# that exactly N dm devices with the VG's uuid prefix exist, and after every
# -an that none is left; a failed check marks the row FAILED. Medians of all
# runs, ratio lvm2/lvmgr of the medians; peak RSS is one more cycle per
# tool under /usr/bin/time -f %M. The kernel floor: the same tables (names,
# uuids, targets) created by one `dmsetup create --concise` process and
# removed by one `dmsetup remove`: the kernel's work for the same ioctls
# (create, load, resume per device) plus one process start.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$here/.." && pwd)
QUICK=${QUICK:-0} ROWS_ONLY=0 GUEST=0 NLV=200 LVMGR=$ROOT/build/lvmgr
ROUNDS="" PER="" FLOOR="" SETTLE=1 SMP=$(nproc 2>/dev/null || echo 1)
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) QUICK=1 ;;
	--rows) ROWS_ONLY=1 ;;
	--lvmgr) LVMGR=$2; shift ;;
	--lvs) NLV=$2; shift ;;
	--smp) SMP=$2; shift ;;
	--guest) GUEST=1 ;;	# internal: the half that runs inside the VM
	--rounds) ROUNDS=$2; shift ;;
	--per) PER=$2; shift ;;
	--floor) FLOOR=$2; shift ;;
	--settle) SETTLE=$2; shift ;;
	-h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "vm-activate: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
[ "$QUICK" = 1 ] || QUICK=0
if [ "$QUICK" = 1 ]; then
	ROUNDS=${ROUNDS:-2} PER=${PER:-1} FLOOR=${FLOOR:-0}
else
	ROUNDS=${ROUNDS:-4} PER=${PER:-2} FLOOR=${FLOOR:-3}
fi
case "$NLV$ROUNDS$PER$FLOOR$SMP" in *[!0-9]*) echo "vm-activate: --lvs/--rounds/--per/--floor/--smp take numbers" >&2; exit 2 ;; esac
case "$SETTLE" in "" | *[!0-9.]*) echo "vm-activate: --settle takes seconds" >&2; exit 2 ;; esac
log() { echo "vm-activate: $*" >&2; }

# ======================= guest half (inside the VM) =======================
if [ "$GUEST" = 1 ]; then
	out=${VM_OUT:?VM_OUT is not set: run through tests/kernel/vm-run.sh}
	LVM=$(command -v lvm) || { echo "lvm2 is not installed" >"$out/error"; exit 1; }
	tmp=$(mktemp -d)
	export LVM_SYSTEM_DIR=$tmp/etc LVM_SUPPRESS_FD_WARNINGS=1
	mkdir -p "$LVM_SYSTEM_DIR"
	cat >"$LVM_SYSTEM_DIR/lvm.conf" <<EOC
devices { filter = [ "a|^/dev/vd[a-d]\$|", "r|.*|" ] use_devicesfile = 0 hints = "none"
	obtain_device_list_from_udev = 0 external_device_info_source = "none" }
global { locking_dir = "$tmp/lock" use_lvmpolld = 0 notify_dbus = 0 }
activation { udev_sync = 0 udev_rules = 0 monitoring = 0 }
backup { backup_dir = "$tmp/backup" archive_dir = "$tmp/archive" }
EOC
	gfail() { echo "$*" >"$out/error"; echo "vm-activate (guest): $*" >&2; exit 1; }
	q() { "$@" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; return 1; }; }
	q "$LVM" pvcreate -y /dev/vda /dev/vdb /dev/vdc /dev/vdd || gfail "pvcreate failed"
	q "$LVM" vgcreate vg0 /dev/vda /dev/vdb /dev/vdc /dev/vdd || gfail "vgcreate failed"
	vgid=$("$LVM" vgs --noheadings -o vg_uuid vg0 | tr -d ' -')
	q "$LVM" vgcfgbackup -f "$tmp/base.vg" vg0 || gfail "vgcfgbackup failed"
	python3 "$ROOT/bench/genmeta.py" "$tmp/base.vg" "$tmp/gen.vg" "$NLV" || gfail "genmeta failed"
	q "$LVM" vgcfgrestore -f "$tmp/gen.vg" vg0 || gfail "vgcfgrestore of $NLV LVs failed"
	[ "$("$LVMGR" lvs --noheadings -o lv_name vg0 2>/dev/null | wc -l)" = "$NLV" ] ||
		gfail "lvmgr does not see $NLV LVs"
	[ "$("$LVM" lvs --noheadings -o lv_name vg0 2>/dev/null | wc -l)" = "$NLV" ] ||
		gfail "lvm2 does not see $NLV LVs"
	ndm() { dmsetup info -c --noheadings -o uuid 2>/dev/null | grep -c "^LVM-$vgid"; }
	[ "$(ndm)" = 0 ] || gfail "LVs active before the first run"
	ok=1
	# before each timed command: the kernel's deferred work of the one
	# before (RCU callbacks freeing removed devices, writeback) is not
	# charged to it
	settle() { sync; sleep "$SETTLE"; }
	# cycle TOOL FILE: one timed -ay and -an, checked; times appended to FILE.ay/.an
	cycle() {
		local s e n
		settle
		s=${EPOCHREALTIME/[.,]/}000
		"$1" vgchange -ay vg0 >"$tmp/log" 2>&1 || { log "$1 vgchange -ay failed"; cat "$tmp/log" >&2; ok=0; }
		e=${EPOCHREALTIME/[.,]/}000
		n=$(ndm)
		[ "$n" = "$NLV" ] && [ -b /dev/mapper/vg0-lv$NLV ] && [ -L /dev/vg0/lv$NLV ] ||
			{ log "after $1 vgchange -ay: $n of $NLV dm devices"; ok=0; }
		echo $(((e - s) / 1000)) >>"$2.ay"
		settle
		s=${EPOCHREALTIME/[.,]/}000
		"$1" vgchange -an vg0 >"$tmp/log" 2>&1 || { log "$1 vgchange -an failed"; cat "$tmp/log" >&2; ok=0; }
		e=${EPOCHREALTIME/[.,]/}000
		n=$(ndm)
		[ "$n" = 0 ] && [ ! -e /dev/mapper/vg0-lv$NLV ] ||
			{ log "after $1 vgchange -an: $n dm devices left"; ok=0; dmsetup remove_all >/dev/null 2>&1; }
		echo $(((e - s) / 1000)) >>"$2.an"
	}
	rm -f "$out"/a.* "$out"/b.* "$out"/f.*
	cycle "$LVMGR" "$tmp/warm" && cycle "$LVM" "$tmp/warm"	# warm-up, not counted
	for ((r = 0; r < ROUNDS; r++)); do
		for ((i = 0; i < PER; i++)); do
			if ((r % 2 == 0)); then cycle "$LVMGR" "$out/a"; else cycle "$LVM" "$out/b"; fi
		done
		for ((i = 0; i < PER; i++)); do
			if ((r % 2 == 0)); then cycle "$LVM" "$out/b"; else cycle "$LVMGR" "$out/a"; fi
		done
	done
	# the kernel's share: the same 200 tables (names, uuids) created by one
	# dmsetup process (create, load, resume per device) and removed by one
	[ "$FLOOR" -gt 0 ] && { "$LVM" vgchange -ay vg0 >/dev/null 2>&1 || ok=0; }
	dmsetup info -c --noheadings -o name,uuid --separator ' ' >"$tmp/uuids" 2>/dev/null
	dmsetup table >"$tmp/tables" 2>/dev/null
	spec=$(awk 'NR == FNR {u[$1] = $2; next}
		{n = $1; sub(/:$/, "", n); t = $0; sub(/^[^ ]* /, "", t); printf "%s,%s,,rw,%s;", n, u[n], t}' \
		"$tmp/uuids" "$tmp/tables")
	names=$(dmsetup info -c --noheadings -o name | grep '^vg0-' | tr '\n' ' ')
	[ "$FLOOR" -gt 0 ] && { "$LVM" vgchange -an vg0 >/dev/null 2>&1 || ok=0; }
	for ((i = 0; i < FLOOR; i++)); do
		settle
		s=${EPOCHREALTIME/[.,]/}000
		dmsetup create --concise "${spec%;}" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; ok=0; }
		e=${EPOCHREALTIME/[.,]/}000
		[ "$(ndm)" = "$NLV" ] || { log "dmsetup create --concise: $(ndm) of $NLV devices"; ok=0; }
		echo $(((e - s) / 1000)) >>"$out/f.ay"
		settle
		s=${EPOCHREALTIME/[.,]/}000
		# shellcheck disable=SC2086
		dmsetup remove $names >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; ok=0; }
		e=${EPOCHREALTIME/[.,]/}000
		[ "$(ndm)" = 0 ] || { log "dmsetup remove left $(ndm) devices"; ok=0; dmsetup remove_all >/dev/null 2>&1; }
		echo $(((e - s) / 1000)) >>"$out/f.an"
	done
	# peak RSS: one more cycle per tool
	for t in a b; do
		[ $t = a ] && tool=$LVMGR || tool=$LVM
		/usr/bin/time -f %M -o "$out/$t.rss.ay" "$tool" vgchange -ay vg0 >/dev/null 2>&1 || ok=0
		settle
		/usr/bin/time -f %M -o "$out/$t.rss.an" "$tool" vgchange -an vg0 >/dev/null 2>&1 || ok=0
	done
	[ "$(ndm)" = 0 ] || ok=0
	echo "$ok" >"$out/ok"
	echo "$(uname -r), $(nproc) vCPU, LVM2 $("$LVM" version 2>/dev/null | sed -n 's/^ *LVM version: *//p')" >"$out/info"
	rm -rf "$tmp"
	exit 0
fi

# ============================ host half ============================
[ "$(id -u)" = 0 ] || { log "needs root"; exit 1; }
if ! command -v qemu-system-x86_64 >/dev/null 2>&1; then
	log "qemu is missing: installing with tests/deps.sh kernel"
	"$ROOT/tests/deps.sh" kernel >&2 || true
fi
command -v qemu-system-x86_64 >/dev/null 2>&1 ||
	{ log "cannot run: qemu-system-x86_64 is not installed (tests/deps.sh kernel failed)"; exit 1; }
command -v python3 >/dev/null 2>&1 || { log "cannot run: python3 is needed"; exit 1; }
command -v lvm >/dev/null 2>&1 || { log "cannot run: LVM2 (lvm) is not installed"; exit 1; }
[ -x "$LVMGR" ] || { log "no lvmgr binary at $LVMGR (make)"; exit 1; }
LVMGR=$(cd "$(dirname "$LVMGR")" && pwd)/$(basename "$LVMGR")
if ! "$ROOT/tests/kernel/vm-setup.sh" --quiet >&2; then
	log "cannot run: the VM could not be prepared (tests/kernel/vm-setup.sh failed)"
	exit 1
fi

B=$(mktemp -d /var/tmp/lvmgr-vmbench.XXXXXX)
trap 'rm -rf "$B"' EXIT
trap 'log interrupted; exit 130' INT TERM HUP
mkdir "$B/out"
cp "$LVMGR" "$B/lvmgr" || exit 1	# a rebuild during the run changes nothing
LVMGR=$B/lvmgr
for d in a b c d; do truncate -s 256M "$B/$d.img"; done
T0=$(date +%s)
VM_SMP=$SMP VM_OUT=$B/out "$ROOT/tests/kernel/vm-run.sh" --timeout 1200 \
	--disk "$B/a.img" --disk "$B/b.img" --disk "$B/c.img" --disk "$B/d.img" -- \
	"bash $(printf %q "$here/vm-activate.sh") --guest --lvmgr $(printf %q "$LVMGR") --lvs $NLV --rounds $ROUNDS --per $PER --floor $FLOOR --settle $SETTLE" >&2
rc=$?
if [ $rc != 0 ] || [ ! -s "$B/out/ok" ]; then
	log "the VM run failed (exit $rc) $(cat "$B/out/error" 2>/dev/null)"
	exit 1
fi

median() { sort -n | awk '{a[NR] = $1} END {if (!NR) print "-"; else if (NR % 2) printf "%.1f\n", a[(NR + 1) / 2] / 1000; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2000}'; }
rows=()
for op in ay an; do
	ma=$(median <"$B/out/a.$op") mb=$(median <"$B/out/b.$op")
	ratio=$(awk -v a="$ma" -v b="$mb" 'BEGIN {if (a + 0 > 0 && b + 0 > 0) printf "%.1fx", b / a; else print "-"}')
	name=$([ $op = ay ] && echo "activate $NLV LVs (VM, $SMP vCPU, vgchange -ay)" || echo "deactivate $NLV LVs (VM, $SMP vCPU, vgchange -an)")
	[ "$(cat "$B/out/ok")" = 1 ] || name="$name (FAILED runs)"
	rows+=("| $name | $ma | $mb | $ratio | $(tail -1 "$B/out/a.rss.$op") | $(tail -1 "$B/out/b.rss.$op") |")
done
runs() { awk '{printf "%s%.0f", (NR > 1 ? " " : ""), $1 / 1000} END {print ""}' "$1"; }
if [ "$FLOOR" -gt 0 ]; then
	note="kernel floor (one dmsetup process, the same $NLV tables): create+load+resume $(median <"$B/out/f.ay") ms, remove $(median <"$B/out/f.an") ms (median of $FLOOR)"
else
	note="kernel floor not measured (quick mode; --floor N)"
fi
if [ "$ROWS_ONLY" = 1 ]; then
	printf '%s\n' "${rows[@]}"
	echo "note: $note"
	exit 0
fi
echo "lvmgr vs LVM2 in the VM: $(cat "$B/out/info"); mode: $([ $QUICK = 1 ] && echo quick || echo full), ${ROUNDS}x$PER runs per tool, $(($(date +%s) - T0)) s with boot"
echo
echo "| scenario | lvmgr median ms | lvm2 median ms | ratio lvm2/lvmgr | peak RSS lvmgr KiB | peak RSS lvm2 KiB |"
echo "|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "$note"
echo "runs, ms: lvmgr -ay: $(runs "$B/out/a.ay"); lvm2 -ay: $(runs "$B/out/b.ay")"
echo "runs, ms: lvmgr -an: $(runs "$B/out/a.an"); lvm2 -an: $(runs "$B/out/b.an")"
