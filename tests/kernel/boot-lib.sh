# Shared by tests/kernel/boot.sh (the boot test) and bench/boot.sh (the
# boot bench): a root filesystem on LVs, the initramfs images, one boot.
# Source with: here (tests/kernel), top (the repository), tmp (a directory
# the caller owns and removes), LVMGR (the built binary) set.
#
# boot_prepare: $tmp/root.ext4 (busybox-static and an /sbin/init that
#   prints "LVMGR-BOOT-OK uptime U", /run/boot-times and /dev/mapper, then
#   reboots: qemu's -no-reboot ends the VM), then one vm-run.sh boot that
#   makes on four 40 MiB disks
#     a,b: VG bootvg by lvmgr: root (16 MiB, striped over both, 64 KiB),
#          small (12 MiB, linear on a only); the filesystem in both
#     c,d: VG lvm2vg by LVM2: root (striped), swap, other; autoactivation
#          off (--setautoactivation n), so only the boot script activates
# boot_initrds: $tmp/initrd-lvmgr.img and $tmp/initrd-lvm2.img, and
#   $tmp/initrd-dracut.img when dracut is installed (boot-mkinitramfs.sh
#   in a private mount namespace)
# boot_vm NAME INITRD "KERNEL ARGS" DISK...: boots, serial log in
#   $tmp/NAME.log; BOOT_UP = the uptime printed by init ("" if none);
#   BOOT_ACT = seconds the activation commands ran (vgchange/lvchange calls
#   of lvm or lvmgr, summed), BOOT_SCAN = the same for pvscan.
vmdir=$(cd "${LVMGR_VM_DIR:-$top/build/vm}" && pwd)
kver=$(cat "$vmdir/kver")

boot_prepare() {
	local r=$tmp/rootdir
	mkdir -p "$r"/{bin,sbin,dev,proc,sys,run,tmp}
	cp /bin/busybox "$r/bin/busybox"
	ln -s busybox "$r/bin/sh"
	cat >"$r/sbin/init" <<'INIT'
#!/bin/sh
export PATH=/bin
busybox mount -t proc proc /proc 2>/dev/null
read -r up _ </proc/uptime
echo "LVMGR-BOOT-OK uptime $up"
[ -f /run/boot-times ] && while read -r l; do echo "boot-times: $l"; done </run/boot-times
for f in /run/boot-err.*; do [ -f "$f" ] && while read -r l; do echo "boot-err: $l"; done <"$f"; done
echo "run-lvm: $(busybox find /run/lvm | busybox tr "\n" " ")"
echo "dev-mapper: $(busybox ls /dev/mapper | busybox tr '\n' ' ')"
busybox sync
busybox reboot -f
INIT
	chmod 755 "$r/sbin/init"
	mkfs.ext4 -q -F -L lvroot -d "$r" "$tmp/root.ext4" 12M >"$tmp/mkfs.log" 2>&1 || return 1
	rm -f "$tmp/a.img" "$tmp/b.img" "$tmp/c.img" "$tmp/d.img"
	truncate -s 40M "$tmp/a.img" "$tmp/b.img" "$tmp/c.img" "$tmp/d.img"
	local g=$tmp/prepare-guest
	cat >"$g" <<GUEST
set -e
L=$LVMGR
\$L vgcreate -q bootvg /dev/vda /dev/vdb
\$L lvcreate -q -an -i 2 -I 64k -L 16M -n root bootvg
\$L lvcreate -q -an -L 12M -n small bootvg /dev/vda
\$L vgchange -q -ay bootvg
dd if=$tmp/root.ext4 of=/dev/bootvg/root bs=1M oflag=direct status=none
dd if=$tmp/root.ext4 of=/dev/bootvg/small bs=1M oflag=direct status=none
\$L vgchange -q -an bootvg
lvm vgcreate -q lvm2vg /dev/vdc /dev/vdd
lvm lvcreate -q -y -i 2 -I 64k -L 16M -n root lvm2vg
lvm lvcreate -q -y -L 4M -n swap lvm2vg
lvm lvcreate -q -y -L 4M -n other lvm2vg
dd if=$tmp/root.ext4 of=/dev/lvm2vg/root bs=1M oflag=direct status=none
mkswap -q /dev/lvm2vg/swap
lvm vgchange -q --setautoactivation n lvm2vg
lvm vgchange -q -an lvm2vg
echo prepared
GUEST
	VM_ENV=LVMGR "$here/vm-run.sh" --timeout 300 --disk "$tmp/a.img" --disk "$tmp/b.img" \
		--disk "$tmp/c.img" --disk "$tmp/d.img" -- "bash $g" >"$tmp/prepare.log" 2>&1 &&
		grep -q '^prepared' "$tmp/prepare.log"
}

boot_initrds() {
	local mk=("$here/boot-mkinitramfs.sh" "$tmp" "$kver" "$vmdir" "$top" "$(dirname "$LVMGR")")
	if [ -n "${BOOT_MKINIT_IN_VM:-}" ]; then
		# No private mount namespace here (a chroot, where / is no mount
		# point): mkinitramfs runs in the VM, whose mounts are the guest
		# kernel's own; $tmp is the guest's writable share.
		VM_OUT=$tmp "$here/vm-run.sh" --timeout 900 -- \
			"unshare --mount --propagation private $(printf '%q ' "${mk[@]}")" >"$tmp/mkinitramfs.log" 2>&1
	else
		unshare --mount --propagation private "${mk[@]}" >"$tmp/mkinitramfs.log" 2>&1
	fi && [ -s "$tmp/initrd-lvmgr.img" ] && [ -s "$tmp/initrd-lvm2.img" ]
}

boot_vm() {
	local name=$1 initrd=$2 append=$3 d
	shift 3
	local drives=()
	for d; do drives+=(-drive "file=$d,if=virtio,format=raw,snapshot=on"); done
	timeout "${BOOT_TIMEOUT:-180}" qemu-system-x86_64 -nodefaults -no-user-config -M pc -accel tcg -cpu max \
		-m 512 -bios /usr/share/qemu/qboot.rom -kernel "$vmdir/vmlinux" -initrd "$initrd" \
		-append "console=ttyS0 ro panic=1 quiet $append" -display none -serial "file:$tmp/$name.log" \
		-monitor none -no-reboot "${drives[@]}" </dev/null >"$tmp/$name.qemu" 2>&1
	tr -d '\r' <"$tmp/$name.log" >"$tmp/$name.txt"
	BOOT_UP=$(sed -n 's/^LVMGR-BOOT-OK uptime //p' "$tmp/$name.txt")
	BOOT_ACT=$(awk '$1 == "boot-times:" && ($3 == "vgchange" || $3 == "lvchange") { s += $5 - $4 } END { printf "%.2f", s }' "$tmp/$name.txt")
	BOOT_SCAN=$(awk '$1 == "boot-times:" && $3 == "pvscan" { s += $5 - $4 } END { printf "%.2f", s }' "$tmp/$name.txt")
}
