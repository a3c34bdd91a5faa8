#!/bin/bash
# Build the boot test's two initramfs images for the VM's kernel with
# Debian's mkinitramfs, without touching the host: run inside a private
# mount namespace (boot-lib.sh: unshare --mount), where /usr is an overlay
# whose upper layer is a tmpfs. lvmgr is installed there with `make
# install PREFIX=/usr` as a user would; the kernel's modules (from the VM
# cache) appear at /usr/lib/modules/KVER and its config at /boot.
#   OUT/initrd-lvmgr.img  initramfs-tools + lvmgr's hook (no lvm2 hook)
#   OUT/initrd-lvm2.img   initramfs-tools + Debian lvm2's hook (no lvmgr)
# Both get a test-only hook (zz-boot-timing) that wraps lvm and lvmgr to log
# each call's start and end (/proc/uptime) to /run/boot-times.
# usage: boot-mkinitramfs.sh OUT KVER VMDIR REPO BUILD_DIR
set -euo pipefail
out=$1 kver=$2 vmdir=$3 repo=$4 build=$5
here=$(cd "$(dirname "$0")" && pwd)
[ "$(findmnt -no PROPAGATION / 2>/dev/null)" != shared ] || { echo "boot-mkinitramfs: / is shared: run me under unshare --mount --propagation private" >&2; exit 1; }
work=$out/.ns
mkdir -p "$work"
mount -t tmpfs tmpfs "$work"
mkdir "$work/u" "$work/w" "$work/stash"
mount -t overlay overlay -o "lowerdir=/usr,upperdir=$work/u,workdir=$work/w" /usr
mkdir -p "/usr/lib/modules/$kver"
mount --bind "$vmdir/root/lib/modules/$kver" "/usr/lib/modules/$kver"
mount --bind "$vmdir/root/boot" /boot
# Both hooks copy from /etc/lvm (LVM2's all of it, lvmgr's lvm.conf,
# lvmlocal.conf and devices/): the images get the packaged configuration
# only, not what commands run on this host left there (archive/, backup/,
# devices/ with its image registry or a devices file naming host disks).
if [ -d /etc/lvm ]; then
	mkdir "$work/etclvm"
	for f in lvm.conf lvmlocal.conf; do
		[ -f "/etc/lvm/$f" ] && cp -p "/etc/lvm/$f" "$work/etclvm/"
	done
	mount --bind "$work/etclvm" /etc/lvm
fi
# Every directory under /usr, the overlay (/lib is not /usr/lib everywhere).
[ "$(findmnt -no FSTYPE /usr)" = overlay ] || { echo "boot-mkinitramfs: /usr is not the overlay" >&2; exit 1; }
make -s -C "$repo" O="$build" PREFIX=/usr UDEVRULESDIR=/usr/lib/udev/rules.d \
	SYSTEMDUNITDIR=/usr/lib/systemd/system install >"$work/install.log" 2>&1 ||
	{ cat "$work/install.log" >&2; exit 1; }

conf=$out/conf
mkdir -p "$conf/hooks" "$conf/scripts" "$conf/conf.d"
cat >"$conf/initramfs.conf" <<'CONF'
MODULES=list
BUSYBOX=y
KEYMAP=n
COMPRESS=gzip
COMPRESSLEVEL=1
RESUME=none
RUNSIZE=10%
FSTYPE=ext4
CONF
printf '%s\n' virtio_pci virtio_blk crc32c_generic ext4 dm_mod >"$conf/modules"
install -m 755 "$here/boot-timing-hook" "$conf/hooks/zz-boot-timing"

itd=/usr/share/initramfs-tools
# Hooks this test does not need (the host's fsck, xfs, thin tools, thermal).
for h in fsck xfs thin-provisioning-tools thermal; do
	[ -e "$itd/hooks/$h" ] && mv "$itd/hooks/$h" "$work/stash/"
done
stash() { for f; do [ -e "$itd/$f" ] && mkdir -p "$work/stash/${f%/*}" && mv "$itd/$f" "$work/stash/$f"; done; :; }
unstash() { for f; do [ -e "$work/stash/$f" ] && mv "$work/stash/$f" "$itd/$f"; done; :; }
lvmgr_files="hooks/lvmgr scripts/local-top/lvmgr scripts/local-block/lvmgr"

stash hooks/lvm2
mkinitramfs -d "$conf" -o "$out/initrd-lvmgr.img" "$kver"
unstash hooks/lvm2
stash $lvmgr_files
mkinitramfs -d "$conf" -o "$out/initrd-lvm2.img" "$kver"

# OUT/initrd-dracut.img when dracut is installed (dracut-core: no conflict
# with initramfs-tools, no kernel hooks): dracut's shell init (no systemd
# module), lvmgr's 90lvmgr module, no LVM2 module.
if command -v dracut >/dev/null 2>&1; then
	mkdir -p "$conf/dracut.conf.d"
	dracut --quiet --force --no-hostonly --no-compress --conf /dev/null --confdir "$conf/dracut.conf.d" \
		--kver "$kver" --modules "base udev-rules rootfs-block dm lvmgr" \
		--add-drivers "virtio_pci virtio_blk crc32c_generic ext4 dm_mod" "$out/initrd-dracut.img"
fi
