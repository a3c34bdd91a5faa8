#!/bin/bash
# The kernel layer's boot test: initramfs images built with Debian's
# mkinitramfs for the VM's kernel (lvmgr's hook, and Debian lvm2's for the
# reference), and VMs whose root filesystem is on an LV, booted to the
# root's /sbin/init (boot-lib.sh). Five short boots:
#   lvmgr-on-lvmgr   lvmgr's initramfs, VG made by lvmgr, root striped over
#                    two disks, activated by the udev rule in the initramfs
#   lvm2-on-lvmgr    LVM2's initramfs, the same disks
#   lvmgr-on-lvm2    lvmgr's initramfs, VG made by LVM2 with autoactivation
#                    off: the boot script activates root= (/dev/mapper form)
#                    and resume=, nothing else
#   missing-pv       one PV of the root VG absent: no root, lvmgr names the
#                    VG and the missing PV before initramfs-tools gives up
#                    (its 30 s wait: the longest boot)
#   rd-lvm-lv        the same disk with rd.lvm.lv naming a complete LV: boots
#   dracut-on-lvmgr  dracut's initramfs with lvmgr's module (if dracut is
#                    installed), rd.lvm.lv naming the root
# SKIP without qemu, initramfs-tools, root or a private mount namespace.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
LVMGR=${LVMGR:-$top/build/lvmgr}
skip() { echo "SKIP kernel/boot: $*"; exit 0; }
command -v qemu-system-x86_64 >/dev/null 2>&1 || skip "qemu-system-x86_64 is not installed (tests/deps.sh kernel)"
command -v mkinitramfs >/dev/null 2>&1 || skip "mkinitramfs is not installed (tests/deps.sh kernel: initramfs-tools)"
command -v mkfs.ext4 >/dev/null 2>&1 || skip "mkfs.ext4 is not installed (e2fsprogs)"
[ "$(id -u)" = 0 ] || skip "needs root (a private mount namespace for mkinitramfs)"
# mkinitramfs needs a private mount namespace (an overlay on /usr); where
# the host cannot give one (a chroot), the VM builds the images
BOOT_MKINIT_IN_VM=${BOOT_MKINIT_IN_VM:-}
unshare --mount --propagation private true 2>/dev/null || BOOT_MKINIT_IN_VM=1
"$here/vm-setup.sh" --quiet >/dev/null 2>&1 || skip "the guest kernel could not be prepared (vm-setup.sh)"
t0=$(date +%s.%N)
tmp=$(mktemp -d /tmp/lvmgr-boot.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. "$here/boot-lib.sh"

pass() { echo "PASS kernel/boot-$1"; }
fail() {	# NAME [LOG]
	echo "FAIL kernel/boot-$1"
	[ -n "${2:-}" ] && [ -f "$2" ] && grep -v '^[[:space:]]*$' "$2" | tail -25 | sed 's/^/#   /'
	return 0
}
check() {	# NAME LOG COMMAND...: PASS when COMMAND succeeds
	local n=$1 log=$2
	shift 2
	if "$@"; then pass "$n"; else fail "$n" "$log"; fi
}
has() { grep -q -- "$2" "$1"; }
hasnt() { ! grep -q -- "$2" "$1"; }

if ! boot_prepare; then
	fail prepare "$tmp/prepare.log"
	exit 0
fi
pass prepare
if ! boot_initrds; then
	fail mkinitramfs "$tmp/mkinitramfs.log"
	exit 0
fi
pass mkinitramfs
# The images hold what each hook put there, and not the other tool; the
# log names each condition that does not hold, with the lines concerned.
lsinitramfs "$tmp/initrd-lvmgr.img" >"$tmp/lvmgr.list" 2>&1
lsinitramfs "$tmp/initrd-lvm2.img" >"$tmp/lvm2.list" 2>&1
content() {	# IMAGE yes|no PATTERN: the listing has (no) line matching PATTERN
	local m
	m=$(grep -E -- "$3" "$tmp/$1.list")
	if [ "$2" = yes ] && [ -z "$m" ]; then
		echo "$1's image: nothing matches $3"
	elif [ "$2" = no ] && [ -n "$m" ]; then
		echo "$1's image should hold nothing matching $3: $(echo $m)"
	fi
}
{
	content lvmgr yes '^usr/sbin/lvmgr$'
	content lvmgr yes 'rules.d/69-lvmgr.rules$'
	content lvmgr yes 'libdevmapper.so.1.02.1$'
	content lvmgr yes '^scripts/local-top/lvmgr$'
	content lvmgr no 'sbin/lvm$'
	content lvm2 yes 'sbin/lvm$'
	content lvm2 no 'lvmgr'
} >"$tmp/content.log"
check initrd-content "$tmp/content.log" test ! -s "$tmp/content.log"

A=$tmp/a.img B=$tmp/b.img C=$tmp/c.img D=$tmp/d.img
boot_vm lvmgr-on-lvmgr "$tmp/initrd-lvmgr.img" "root=/dev/bootvg/root" "$A" "$B"
L=$tmp/lvmgr-on-lvmgr.txt
check lvmgr-on-lvmgr "$L" test -n "$BOOT_UP"
check lvmgr-on-lvmgr-udev "$L" sh -c "grep -q '^boot-times: lvmgr vgchange .* 0\$' '$L' && grep -q '^dev-mapper: bootvg-root bootvg-small ' '$L'"
up1=$BOOT_UP act1=$BOOT_ACT scan1=$BOOT_SCAN

boot_vm lvm2-on-lvmgr "$tmp/initrd-lvm2.img" "root=/dev/bootvg/root" "$A" "$B"
L=$tmp/lvm2-on-lvmgr.txt
check lvm2-on-lvmgr "$L" sh -c "[ -n '$BOOT_UP' ] && grep -q '^boot-times: lvm vgchange .* 0\$' '$L'"
up2=$BOOT_UP act2=$BOOT_ACT scan2=$BOOT_SCAN

boot_vm lvmgr-on-lvm2 "$tmp/initrd-lvmgr.img" "root=/dev/mapper/lvm2vg-root resume=/dev/lvm2vg/swap" "$C" "$D"
L=$tmp/lvmgr-on-lvm2.txt
check lvmgr-on-lvm2 "$L" test -n "$BOOT_UP"
check lvmgr-on-lvm2-root-resume-only "$L" grep -qx 'dev-mapper: control lvm2vg-root lvm2vg-swap ' "$L"

# The UUID of the PV left out (b.img), as lvmgr reads it on the image.
mkdir -p "$tmp/etc"
printf 'devices { global_filter = [ "r|.*|" ] }\n' >"$tmp/etc/lvm.conf"
missing=$(LVM_SYSTEM_DIR=$tmp/etc "$LVMGR" pvs --devices "$B" --noheadings -o pv_uuid,pv_missing 2>/dev/null |
	awk 'NF == 1 { print $1 }')
boot_vm missing-pv "$tmp/initrd-lvmgr.img" "root=/dev/bootvg/root" "$A"
L=$tmp/missing-pv.txt
check missing-pv-stops "$L" sh -c "[ -z '$BOOT_UP' ] && grep -q 'ALERT!  /dev/bootvg/root does not exist' '$L'"
check missing-pv-message "$L" sh -c "[ -n '$missing' ] && grep -q 'lvmgr: VG bootvg is missing PV $missing: bootvg/root not activated' '$L' &&
	grep -q 'lvmgr: Cannot activate bootvg/root: PV /dev/vdb (uuid $missing) is missing' '$L'"

boot_vm rd-lvm-lv "$tmp/initrd-lvmgr.img" "root=/dev/bootvg/small rd.lvm.lv=bootvg/small" "$A"
L=$tmp/rd-lvm-lv.txt
check rd-lvm-lv "$L" sh -c "[ -n '$BOOT_UP' ] && grep -qx 'dev-mapper: bootvg-small control ' '$L'"

# dracut (when installed: dracut-core sits beside initramfs-tools) with
# lvmgr's 90lvmgr module: rd.lvm.lv activates the root LV only.
if [ -s "$tmp/initrd-dracut.img" ]; then
	boot_vm dracut-on-lvmgr "$tmp/initrd-dracut.img" "root=/dev/bootvg/root rd.lvm.lv=bootvg/root" "$A" "$B"
	L=$tmp/dracut-on-lvmgr.txt
	check dracut-on-lvmgr "$L" sh -c "[ -n '$BOOT_UP' ] && grep -qx 'dev-mapper: bootvg-root control ' '$L'"
	echo "# dracut's initramfs (lvmgr module): root's init at ${BOOT_UP:-?} s"
else
	echo "# kernel/boot: dracut is not installed (dracut-core): no dracut boot"
fi

echo "# boot to the root's init (kernel uptime): lvmgr's initramfs ${up1:-?} s, LVM2's ${up2:-?} s; activation (vgchange/lvchange) ${act1} s vs ${act2} s, pvscan ${scan1} s vs ${scan2} s"
echo "# kernel/boot: $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s wall (the boots and the images)"
exit 0
