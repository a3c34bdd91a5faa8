#!/bin/bash
# Prepare the guest of the device-mapper VM (see tests/kernel/README):
#   $LVMGR_VM_DIR (default build/vm/)
#     kver            the guest kernel release, e.g. 6.1.0-56-amd64
#     root/           Debian's linux-image-KVER package, extracted, depmod run
#     vmlinux         the uncompressed kernel (booted via PVH with qboot)
#     initramfs.cpio  busybox-static, the modules needed to reach the host
#                     root over 9p, /init (tests/kernel/guest-init)
#     stamp           written last: what was built, from which recipe
# Idempotent: does nothing when the stamp matches. Needs the packages of
# `tests/deps.sh kernel`; apt-get is used only to download the kernel .deb.
# usage: tests/kernel/vm-setup.sh [--force] [--quiet]
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
force= quiet=
for a in "$@"; do
	case "$a" in
	--force) force=1 ;;
	--quiet) quiet=1 ;;
	*) echo "usage: $0 [--force] [--quiet]" >&2; exit 2 ;;
	esac
done
say() { [ -n "$quiet" ] || echo "vm-setup: $*"; }
die() { echo "vm-setup: $*" >&2; exit 1; }

mkdir -p "${LVMGR_VM_DIR:-$top/build/vm}"
dir=$(cd "${LVMGR_VM_DIR:-$top/build/vm}" && pwd)
# Modules loaded by /init, in this order with their dependencies, before the
# host root is reachable.
initmods="virtio_pci virtio_blk 9pnet_virtio 9p netfs fscache overlay"
recipe=$(cat "$0" "$here/guest-init" | sha256sum | cut -c1-16)

valid() {	# the cache is complete and built by this recipe
	[ -s "$dir/stamp" ] && [ -s "$dir/kver" ] || return 1
	local kver
	kver=$(cat "$dir/kver")
	grep -qx "recipe $recipe" "$dir/stamp" &&
		[ -s "$dir/root/lib/modules/$kver/modules.dep" ] &&
		[ -s "$dir/initramfs.cpio" ] &&
		[ "$(head -c4 "$dir/vmlinux" 2>/dev/null | od -An -tx1 | tr -d ' ')" = 7f454c46 ]
}

exec 9>"$dir/.lock"
flock 9	# one setup at a time per cache directory
if [ -z "$force" ] && valid; then
	say "up to date in $dir ($(cat "$dir/kver"))"
	exit 0
fi

for t in apt-get apt-cache dpkg-deb depmod modprobe xz cpio busybox; do
	command -v "$t" >/dev/null || die "missing $t: run tests/deps.sh kernel"
done
# (not "busybox --list | grep -q": with pipefail, grep leaving early can
# kill busybox with SIGPIPE and fail the check)
[ -x /bin/busybox ] && grep -qx insmod <<<"$(busybox --list)" ||
	die "need busybox-static's /bin/busybox: run tests/deps.sh kernel"
ldd /bin/busybox >/dev/null 2>&1 && die "/bin/busybox is not static: install busybox-static"

rm -f "$dir/stamp"
t0=$SECONDS

# 1. The versioned kernel package behind the linux-image-amd64 metapackage.
resolve() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -1
}
pkg=$(resolve)
if [ -z "$pkg" ]; then	# no package lists yet on a fresh machine
	say "apt-get update"
	apt-get update -qq || true
	pkg=$(resolve)
fi
[ -n "$pkg" ] || die "cannot resolve linux-image-amd64's kernel package (apt-get update?)"
kver=${pkg#linux-image-}
ver=$(apt-cache show --no-all-versions "$pkg" | sed -n 's/^Version: //p' | head -1)
say "kernel $pkg $ver"

dl=$(mktemp -d "$dir/.dl.XXXXXX")
trap 'rm -rf "$dl"' EXIT
(cd "$dl" && apt-get download -qq -o APT::Sandbox::User=root "$pkg") ||
	die "apt-get download $pkg failed"
deb=$(ls "$dl"/*.deb)
rm -rf "$dir/root" "$dir/vmlinux" "$dir/initramfs.cpio" "$dir/kver"
mkdir -p "$dl/root"
dpkg-deb -x "$deb" "$dl/root"
rm -f "$deb"
[ -d "$dl/root/lib/modules/$kver" ] || die "$pkg has no lib/modules/$kver"
depmod -b "$dl/root" "$kver"

# 2. vmlinux: the xz stream inside the bzImage, decompressed (booting the
# ELF via PVH skips the in-guest decompression, ~5 s under TCG).
vmlinuz=$dl/root/boot/vmlinuz-$kver
off=$(grep -obUaP '\xfd7zXZ\x00' "$vmlinuz" | head -1 | cut -d: -f1)
[ -n "$off" ] || die "no xz stream in $vmlinuz"
# (xz stops at the stream's end: tail may die of SIGPIPE, that is fine)
tail -c +$((off + 1)) "$vmlinuz" | xz -dc --single-stream >"$dl/vmlinux" ||
	[ "${PIPESTATUS[1]}" = 0 ] || die "xz could not decompress the kernel in $vmlinuz"
[ "$(head -c4 "$dl/vmlinux" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] ||
	die "the decompressed kernel is not an ELF file"

# 3. The initramfs.
ird=$dl/initramfs
mkdir -p "$ird"/{bin,sbin,dev,proc,sys,lower,upper,newroot,ctl,modules}
cp /bin/busybox "$ird/bin/busybox"
ln -s busybox "$ird/bin/sh"
: >"$ird/modules/order"
for m in $initmods; do
	modprobe --show-depends -d "$dl/root" -S "$kver" "$m" ||
		die "module $m not found for $kver"
done | while read -r kind path _; do
	[ "$kind" = insmod ] || continue	# "builtin NAME": nothing to load
	base=${path##*/}
	grep -qx "$base" "$ird/modules/order" && continue
	cp "$path" "$ird/modules/$base"
	echo "$base" >>"$ird/modules/order"
done
# The kernel runs /proc/sys/kernel/modprobe from the initramfs root: load
# modules with the host's modprobe inside the guest's root.
cat >"$ird/sbin/modprobe-vm" <<'EOF'
#!/bin/sh
exec /bin/busybox chroot /newroot /sbin/modprobe "$@"
EOF
install -m 755 "$here/guest-init" "$ird/init"
chmod 755 "$ird/sbin/modprobe-vm"
(cd "$ird" && find . | sort | cpio -o -H newc -R 0:0 --quiet) >"$dl/initramfs.cpio"

mv "$dl/root" "$dir/root"
mv "$dl/vmlinux" "$dir/vmlinux"
mv "$dl/initramfs.cpio" "$dir/initramfs.cpio"
echo "$kver" >"$dir/kver"
printf 'package %s %s\nrecipe %s\n' "$pkg" "$ver" "$recipe" >"$dir/stamp"
valid || die "the cache in $dir is incomplete after setup"
say "ready in $dir ($kver, $((SECONDS - t0)) s; initramfs $(du -k "$dir/initramfs.cpio" | cut -f1) KiB)"
