#!/bin/bash
# raid1 commands on a real device-mapper kernel, lvmgr side by side with
# LVM2, in one boot of the qemu VM of tests/kernel (Debian's stock kernel,
# TCG): lvcreate --type raid1 -m 1 -L 4M (active: the rmeta wipe, the five
# devices, the raid table), and vgchange -ay / -an of a VG of N such LVs.
#
#   bench/vm-raid.sh [--lvmgr PATH] [--lvs N]      (default N = 10)
#
# Method (inside the guest): each tool in turn makes its own VG on the same
# four disks (wiped between), creates N raid1 LVs one by one (each lvcreate
# timed with date +%s%N, the kernel's resync left running: it is the
# kernel's work, not the tool's), then the VG is deactivated and activated
# three times (timed, after `sync; sleep 1`). Medians; ratio lvm2/lvmgr.
# Prints markdown rows. Not part of bench/run.sh's table yet.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$here/.." && pwd)
LVMGR=$ROOT/build/lvmgr N=10 GUEST=0
while [ $# -gt 0 ]; do
	case "$1" in
	--lvmgr) LVMGR=$2; shift ;;
	--lvs) N=$2; shift ;;
	--guest) GUEST=1 ;;
	*) echo "usage: $0 [--lvmgr PATH] [--lvs N]" >&2; exit 2 ;;
	esac
	shift
done
if [ "$GUEST" = 0 ]; then
	d=$(mktemp -d /var/tmp/lvmgr-bench-raid.XXXXXX)
	trap 'rm -rf "$d"' EXIT
	for i in a b c d; do truncate -s 256M "$d/$i.img"; done
	LVMGR=$LVMGR N=$N VM_ENV="LVMGR N" "$ROOT/tests/kernel/vm-run.sh" --timeout 900 \
		--disk "$d/a.img" --disk "$d/b.img" --disk "$d/c.img" --disk "$d/d.img" -- "bash $(printf %q "$0") --guest"
	exit $?
fi
export LVM_SYSTEM_DIR=/tmp/bench-lvm LVM_SUPPRESS_FD_WARNINGS=1 DM_DISABLE_UDEV=1
mkdir -p "$LVM_SYSTEM_DIR"
cat >"$LVM_SYSTEM_DIR/lvm.conf" <<EOC
devices { filter = [ "a|^/dev/vd[a-d]\$|", "r|.*|" ] use_devicesfile = 0 hints = "none"
	obtain_device_list_from_udev = 0 external_device_info_source = "none" }
global { locking_dir = "/tmp/bench-lock" use_lvmpolld = 0 }
activation { udev_sync = 0 udev_rules = 0 monitoring = 0 }
backup { backup = 0 archive = 0 }
EOC
now() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) / 1e6 }'; }
run_tool() {	# run_tool NAME CMD...: prints "create ay an" medians (ms)
	local name=$1; shift
	for x in vda vdb vdc vdd; do dd if=/dev/zero of=/dev/$x bs=1M count=4 oflag=direct status=none; done
	"$@" vgcreate -y vgb /dev/vda /dev/vdb /dev/vdc /dev/vdd >/dev/null 2>&1 || { echo "FAILED"; return; }
	local c=() ay=() an=() t i
	for i in $(seq "$N"); do
		t=$(now); "$@" lvcreate -y --type raid1 -m 1 -L 4M -n r$i vgb >/dev/null 2>&1 || { echo FAILED; return; }
		c+=($(( $(now) - t )))
	done
	for i in 1 2 3; do
		sync; sleep 1; t=$(now); "$@" vgchange -an vgb >/dev/null 2>&1; an+=($(( $(now) - t )))
		[ -z "$(dmsetup ls | grep '^vgb-')" ] || { echo FAILED; return; }
		sync; sleep 1; t=$(now); "$@" vgchange -ay vgb >/dev/null 2>&1; ay+=($(( $(now) - t )))
		[ "$(dmsetup ls | grep -c '^vgb-')" = $((5 * N)) ] || { echo FAILED; return; }
	done
	"$@" vgchange -an vgb >/dev/null 2>&1; "$@" vgremove -f vgb >/dev/null 2>&1
	echo "$(printf '%s\n' "${c[@]}" | median) $(printf '%s\n' "${ay[@]}" | median) $(printf '%s\n' "${an[@]}" | median)"
}
read -r mc may man <<<"$(run_tool lvmgr "$LVMGR")"
read -r lc lay lan <<<"$(run_tool lvm2 lvm)"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0) printf "%.1fx", b / a; else print "-" }'; }
echo "| lvcreate --type raid1 -m 1 -L 4M (active), median of $N | ${mc} ms | ${lc} ms | $(ratio "$mc" "$lc") |"
echo "| vgchange -ay, $N raid1 LVs ($((5 * N)) dm devices), median of 3 | ${may} ms | ${lay} ms | $(ratio "$may" "$lay") |"
echo "| vgchange -an, $N raid1 LVs, median of 3 | ${man} ms | ${lan} ms | $(ratio "$man" "$lan") |"
