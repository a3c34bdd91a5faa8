#!/bin/bash
# Boot bench: a VM whose root filesystem is on an LV striped over two disks
# (VG made by lvmgr), booted with lvmgr's initramfs and with LVM2's (Debian
# lvm2's initramfs-tools hook), same disks, kernel and qemu, interleaved:
# rounds of (lvmgr, LVM2) then (LVM2, lvmgr), ... Each boot reports the
# kernel uptime when the root's /sbin/init runs and, from wrappers around
# lvm/lvmgr in the images (tests/kernel/boot-timing-hook), how long the
# udev rule's commands ran: pvscan --cache of each PV and the vgchange -aay
# of the VG (plus any lvchange of the boot script).
# The set-up is the boot test's (tests/kernel/boot-lib.sh).
# usage: bench/boot.sh [--rounds N] [--lvmgr PATH]     (root; default 3 rounds)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
here=$top/tests/kernel
rounds=3 LVMGR=$top/build/lvmgr
while [ $# -gt 0 ]; do
	case "$1" in
	--rounds) rounds=$2; shift 2 ;;
	--lvmgr) LVMGR=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
	*) echo "usage: $0 [--rounds N] [--lvmgr PATH]" >&2; exit 2 ;;
	esac
done
[ "$(id -u)" = 0 ] || { echo "boot bench: needs root (mkinitramfs in a mount namespace)" >&2; exit 1; }
"$here/vm-setup.sh" --quiet || exit 1
tmp=$(mktemp -d /tmp/lvmgr-bootbench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. "$here/boot-lib.sh"
boot_prepare || { cat "$tmp/prepare.log"; exit 1; }
boot_initrds || { cat "$tmp/mkinitramfs.log"; exit 1; }
: >"$tmp/lvmgr.rows"; : >"$tmp/lvm2.rows"
one() {	# TOOL ROUND
	boot_vm "$1-$2" "$tmp/initrd-$1.img" "root=/dev/bootvg/root" "$tmp/a.img" "$tmp/b.img"
	if [ -z "$BOOT_UP" ]; then
		echo "boot bench: $1 round $2 did not reach init:" >&2
		tail -20 "$tmp/$1-$2.txt" >&2
		exit 1
	fi
	echo "$BOOT_UP $BOOT_ACT $BOOT_SCAN" >>"$tmp/$1.rows"
	echo "# $1 round $2: init at $BOOT_UP s, vgchange/lvchange $BOOT_ACT s, pvscan $BOOT_SCAN s" >&2
}
for r in $(seq 1 "$rounds"); do
	if [ $((r % 2)) = 1 ]; then one lvmgr "$r"; one lvm2 "$r"; else one lvm2 "$r"; one lvmgr "$r"; fi
done
med() {	# FILE COLUMN: the median
	cut -d' ' -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.1fx", b / a; else print "-" }'; }
u1=$(med "$tmp/lvmgr.rows" 1) u2=$(med "$tmp/lvm2.rows" 1)
a1=$(med "$tmp/lvmgr.rows" 2) a2=$(med "$tmp/lvm2.rows" 2)
s1=$(med "$tmp/lvmgr.rows" 3) s2=$(med "$tmp/lvm2.rows" 3)
t1=$(awk -v a="$a1" -v b="$s1" 'BEGIN { printf "%.2f", a + b }') t2=$(awk -v a="$a2" -v b="$s2" 'BEGIN { printf "%.2f", a + b }')
echo "Boot of a root LV (striped over 2 disks, VG made by lvmgr), $rounds boots per tool, medians, kernel $kver under TCG:"
echo
echo "| step | lvmgr | LVM2 | LVM2 / lvmgr |"
echo "|---|---|---|---|"
echo "| kernel uptime at the root's /sbin/init | $u1 s | $u2 s | $(ratio "$u1" "$u2") |"
echo "| vgchange -aay (udev rule, VG complete) | $a1 s | $a2 s | $(ratio "$a1" "$a2") |"
echo "| pvscan --cache, both PVs (summed) | $s1 s | $s2 s | $(ratio "$s1" "$s2") |"
echo "| activation step (pvscan + vgchange) | $t1 s | $t2 s | $(ratio "$t1" "$t2") |"
