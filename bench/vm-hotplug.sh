#!/bin/bash
# Hot-plug benchmark (issue 23): the time from a virtio disk's hot-plug
# (qemu monitor device_add, through tests/kernel/vm-run.sh --hotplug) to its
# LV's /dev node, with lvmgr's udev rule and with LVM2's own, side by side
# in one boot of the tests/kernel qemu VM (Debian's stock kernel, TCG,
# systemd-udevd running, no systemd).
#
# Two hot-plug disks, one VG each, made in the guest before udevd starts:
# vgm (disk 0) by lvmgr, vg2 (disk 1) by LVM2, one 8 MiB linear LV "lv"
# each. A round for one tool: only that tool's rule in /lib/udev/rules.d
# (the other's is moved out and udevd reloaded), the online files in
# /run/lvm removed (as after a boot), then "add N" written to
# $VM_OUT/.hotplug and /dev/VG/lv polled every 10 ms; afterwards the tool
# deactivates its VG and the disk is unplugged ("del N"). Only one disk is
# plugged and one rule installed at a time: the two tools never see, let
# alone activate, the same VG. Rounds alternate the order of the tools.
#
# The rules: lvmgr's conf/69-lvmgr.rules.in, and Debian lvm2's
# /lib/udev/rules.d/69-lvm.rules. Without /run/systemd/system both run
# `vgchange -aay --autoactivation event VG` directly from the rule instead
# of through systemd-run (lvmgr's rule has that branch; Debian's file has
# it too, as its lvm_direct_vgchange label, so LVM2's rule is used as
# installed). The one adaptation, made to both copies in the guest's
# throwaway overlay: ENV{DM_DISABLE_UDEV}="1", so that each tool makes
# its /dev nodes itself as everywhere in this VM (udev_sync = 0,
# udev_rules = 0 in lvm.conf).
#
# Two figures per run, both taken in the guest with date +%s.%N:
#   request: "add N" written -> /dev/VG/lv exists (includes the host's
#            hot-plug loop: it polls every 0.2 s and waits 0.1 s on the
#            monitor, the same for both tools)
#   disk:    /sys/block/vdX appeared -> /dev/VG/lv exists (udev's add
#            event, blkid, pvscan --cache, vgchange: the rule's work)
#
#   bench/vm-hotplug.sh [--rounds N] [--lvmgr PATH]    # as root; ~1 min + ~20 s a round
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
LVMGR=$top/build/lvmgr rounds=5 guest=
while [ $# -gt 0 ]; do
	case "$1" in
	--lvmgr) LVMGR=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--guest) guest=1; shift ;;
	*) echo "usage: $0 [--rounds N] [--lvmgr PATH]" >&2; exit 2 ;;
	esac
done
case "$rounds" in "" | *[!0-9]* | 0) echo "vm-hotplug: --rounds needs a positive number" >&2; exit 2 ;; esac

if [ -n "$guest" ]; then
	set +e	# each step checks what it needs and says what failed
	L=$LVMGR
	export SYSTEMD_IGNORE_CHROOT=1
	[ -x /lib/systemd/systemd-udevd ] || { echo "# systemd-udevd is not installed (tests/deps.sh kernel)" >&2; exit 1; }
	[ ! -e /run/systemd/system ] || { echo "# /run/systemd/system exists: the rules would call systemd-run" >&2; exit 1; }
	# The rules' commands read /etc/lvm/lvm.conf (udev passes no environment
	# of ours); the overlay is thrown away at exit.
	mkdir -p /etc/lvm
	cat >/etc/lvm/lvm.conf <<'EOC'
devices { filter = [ "a|^/dev/vd|", "r|.*|" ] use_devicesfile = 0 hints = "none"
	obtain_device_list_from_udev = 0 external_device_info_source = "none" }
global { use_lvmpolld = 0 }
activation { udev_sync = 0 udev_rules = 0 monitoring = 0 }
backup { backup = 0 archive = 0 }
EOC
	rules=/lib/udev/rules.d
	[ -f "$rules/69-lvm.rules" ] || { echo "# no $rules/69-lvm.rules (lvm2)" >&2; exit 1; }
	grep -q 'LABEL="lvm_direct_vgchange"' "$rules/69-lvm.rules" ||
		{ echo "# LVM2's 69-lvm.rules has no direct vgchange branch: adapt this script" >&2; exit 1; }
	dmdis='s|^IMPORT{program}="|ENV{DM_DISABLE_UDEV}="1"\n&|'
	sed "$dmdis" "$rules/69-lvm.rules" >/tmp/rule.lvm2
	sed -e "s|@SBINDIR@/lvmgr|$L|g" -e "$dmdis" "$top/conf/69-lvmgr.rules.in" >/tmp/rule.lvmgr
	rm -f "$rules/69-lvm.rules" "$rules/69-lvmgr.rules"
	ndisks() { local n=0 f; for f in /sys/block/vd*; do [ -e "$f" ] && n=$((n + 1)); done; echo $n; }
	hp() {	# hp add|del N: ask the host, wait until the disk count changed
		local before=$(ndisks)
		echo "$1 $2" >"$VM_OUT/.hotplug"
		for _ in $(seq 600); do [ "$(ndisks)" != "$before" ] && return 0; sleep 0.05; done
		echo "# hot-plug $1 $2: no change after 30 s" >&2; return 1
	}
	# The VGs, before udevd runs (the first disk plugged is /dev/vda).
	q() { "$@" >/tmp/hp.log 2>&1 || { echo "# failed: $*" >&2; sed 's/^/#   /' /tmp/hp.log >&2; exit 1; }; }
	q hp add 0; q "$L" pvcreate -y /dev/vda; q "$L" vgcreate vgm /dev/vda
	q "$L" lvcreate -an -L 8M -n lv vgm; q hp del 0
	q hp add 1; q lvm pvcreate -y /dev/vda; q lvm vgcreate vg2 /dev/vda
	q lvm lvcreate -an -Zn -L 8M -n lv vg2; q hp del 1
	mkdir -p /run/udev
	/lib/systemd/systemd-udevd --daemon --resolve-names=never >/tmp/udevd.log 2>&1
	udevadm settle --timeout=60
	now() { date +%s.%N; }
	one() {	# one lvmgr|lvm2: a timed hot-plug with that tool's rule alone
		local tool=$1 n vg T t0 td= t1= f
		if [ "$tool" = lvmgr ]; then n=0 vg=vgm T=$L; else n=1 vg=vg2 T=lvm; fi
		rm -f "$rules/69-lvm.rules" "$rules/69-lvmgr.rules"
		if [ "$tool" = lvmgr ]; then cp /tmp/rule.lvmgr "$rules/69-lvmgr.rules"
		else cp /tmp/rule.lvm2 "$rules/69-lvm.rules"; fi
		udevadm control --reload
		find /run/lvm -type f -delete 2>/dev/null || true
		sync; sleep 1
		t0=$(now)
		echo "add $n" >"$VM_OUT/.hotplug"
		for _ in $(seq 3000); do	# 30 s
			if [ -z "$td" ]; then for f in /sys/block/vd*; do [ -e "$f" ] && td=$(now); done; fi
			[ -b "/dev/$vg/lv" ] && { t1=$(now); break; }
			sleep 0.01
		done
		if [ -z "$t1" ]; then
			echo "# $tool: /dev/$vg/lv did not appear within 30 s" >&2
		else
			echo "hp $tool $(awk -v a="$t0" -v d="$td" -v b="$t1" 'BEGIN { printf "%d %d", (b - a) * 1000, (b - d) * 1000 }')"
		fi
		udevadm settle --timeout=60
		[ "$(dmsetup ls | grep -c "^$vg-")" = 1 ] || echo "# $tool: $vg has not exactly one dm device" >&2
		"$T" vgchange -an "$vg" >/dev/null 2>&1 || echo "# $tool: vgchange -an $vg failed" >&2
		hp del "$n"; udevadm settle --timeout=60
	}
	for r in $(seq "$rounds"); do
		if [ $((r % 2)) = 1 ]; then one lvmgr; one lvm2; else one lvm2; one lvmgr; fi
	done
	udevadm control --exit 2>/dev/null || true
	exit 0
fi

tmp=$(mktemp -d /var/tmp/lvmgr-bench-hotplug.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
truncate -s 32M "$tmp/h0.img" "$tmp/h1.img"
VM_OUT=$tmp VM_ENV=LVMGR LVMGR=$LVMGR "$top/tests/kernel/vm-run.sh" --timeout $((300 + rounds * 60)) \
	--hotplug "$tmp/h0.img" --hotplug "$tmp/h1.img" \
	-- bash "$here/vm-hotplug.sh" --guest --rounds "$rounds" --lvmgr "$LVMGR" >"$tmp/out" 2>&1 || { cat "$tmp/out"; exit 1; }
grep '^#' "$tmp/out" || true
med() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
col() { awk -v t="$1" -v c="$2" '$1 == "hp" && $2 == t {print $c}' "$tmp/out"; }
echo "| hot-plug to the LV's /dev node (VM, TCG, udevd, $rounds rounds) | lvmgr | LVM2 | LVM2/lvmgr |"
echo "|---|---:|---:|---:|"
for c in 3 4; do
	[ $c = 3 ] && what='"add N" written (device_add) -> /dev/VG/lv' || what='/sys/block/vdX appeared -> /dev/VG/lv'
	# a tool whose LV did not appear in every round has no figure
	if [ "$(col lvmgr $c | wc -l)" != "$rounds" ] || [ "$(col lvm2 $c | wc -l)" != "$rounds" ]; then
		echo "| $what | FAILED | FAILED | - |"; continue
	fi
	a=$(col lvmgr $c | med) b=$(col lvm2 $c | med)
	echo "| $what | $a ms | $b ms | $(awk -v a="$a" -v b="$b" 'BEGIN { printf (a > 0 ? "%.1fx" : "-"), b / a }') |"
done
echo "# single runs (request ms / disk ms): lvmgr $(col lvmgr 3 | paste -sd' ') / $(col lvmgr 4 | paste -sd' ');" \
	"LVM2 $(col lvm2 3 | paste -sd' ') / $(col lvm2 4 | paste -sd' ')"
