#!/bin/sh
# Install what lvmgr needs from Debian's archive, only what is missing.
# usage: tests/deps.sh build|check|kernel|bench
set -e
build="gcc make pkg-config libc6-dev libdevmapper-dev libblkid-dev libaio-dev libyaml-dev"
# check: unit tests (cmocka), fuzzing (clang + libFuzzer runtime), the LVM2
# reference (lvm2, dmsetup), loop devices (mount: losetup), JSON (jq),
# signatures for the libblkid tests (e2fsprogs: mkfs.ext4, fdisk: sfdisk,
# xfsprogs: mkfs.xfs).
# kernel: the device-mapper VM (tests/kernel/): qemu (qemu-system-data, one
# of its dependencies, ships qboot.rom), busybox-static for the initramfs,
# kmod (depmod/modprobe), xz-utils (vmlinux out of vmlinuz), cpio (initramfs
# archive), thin-provisioning-tools for the reference side, udev
# (systemd-udevd and its rules for the event activation test), cryptsetup-bin
# (dm-crypt PVs in tests/kernel/devnames-guest), initramfs-tools
# (mkinitramfs), dracut-core (dracut without its kernel hooks: unlike the
# dracut package it does not conflict with initramfs-tools) and e2fsprogs
# (mkfs.ext4 -d) for the boot test: installing them regenerates no image on
# a machine with no kernel in /boot, and the test builds its images in a
# private mount namespace. e2fsprogs and xfsprogs also serve lvextend -r
# with real ext4 and xfs (compat-guest).
# bench: the bench layer's smoke run of bench/run.sh --quick (hyperfine,
# /usr/bin/time for peak RSS, strace for bytes written, python3 for
# genmeta.py and hyperfine's JSON).
bench="hyperfine time strace python3"
kernel="qemu-system-x86 qemu-system-data busybox-static kmod xz-utils cpio lvm2 dmsetup thin-provisioning-tools udev cryptsetup-bin initramfs-tools dracut-core e2fsprogs xfsprogs"
check="$build libcmocka-dev clang libclang-rt-14-dev lvm2 dmsetup mount jq e2fsprogs fdisk xfsprogs $kernel $bench"
case "${1:-build}" in
build) want=$build ;;
check) want=$check ;;
kernel) want=$kernel ;;
bench) want="$bench $kernel lvm2" ;;
*) echo "usage: $0 build|check|kernel|bench" >&2; exit 2 ;;
esac
missing=
for p in $want; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "lvmgr: missing Debian packages:$missing" >&2
	echo "lvmgr: run this as root (it uses apt-get), or: apt-get install$missing" >&2
	exit 1
fi
echo "lvmgr: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
