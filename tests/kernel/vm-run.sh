#!/bin/bash
# Run a shell command line on a real device-mapper kernel: boots one qemu VM
# (Debian's kernel, prepared by vm-setup.sh), runs COMMAND with /bin/sh
# chrooted into the host root (9p, read-only, tmpfs overlay: writes are
# lost), in the host's current directory, and returns its exit status.
#
# usage: tests/kernel/vm-run.sh [--disk FILE]... [--hotplug FILE]... [--mem MB] [--timeout SEC] -- COMMAND...
#   --disk FILE   a raw image, attached as virtio: /dev/vda, /dev/vdb... in order
#   --hotplug FILE a raw image the guest plugs in later: it writes "add N"
#                 (N: 0 for the first --hotplug FILE, ...) to $VM_OUT/.hotplug
#                 and the host adds it as a virtio disk (qemu device_add,
#                 PCI hot-plug); "del N" unplugs it again
#   --mem MB      guest memory (default 1024)
#   --timeout SEC kill the VM after SEC seconds (default 600); exit 124
# In the guest: DM_DISABLE_UDEV=1 (no udevd), VM_OUT = a directory shared
# writable with the host (the host's $VM_OUT if set, which must exist; else a
# temp dir, removed at exit), the variables named in $VM_ENV copied from the
# host. Module auto-loading works; dm-mod is loaded.
# Exit status: COMMAND's; 124 on timeout; 125 if the VM failed to run it.
# VM_DEBUG=1 shows the kernel's messages and traces the guest's /init.
# VM_SMP=N gives the guest N vCPUs (multi-threaded TCG; default 1).
set -uo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
usage() { echo "usage: $0 [--disk FILE]... [--hotplug FILE]... [--mem MB] [--timeout SEC] -- COMMAND..." >&2; exit 2; }
disks=() hotplug=() mem=1024 timeout=600
while [ $# -gt 0 ]; do
	case "$1" in
	--disk) [ $# -ge 2 ] || usage; disks+=("$2"); shift 2 ;;
	--hotplug) [ $# -ge 2 ] || usage; hotplug+=("$2"); shift 2 ;;
	--mem) [ $# -ge 2 ] || usage; mem=$2; shift 2 ;;
	--timeout) [ $# -ge 2 ] || usage; timeout=$2; shift 2 ;;
	--) shift; break ;;
	*) usage ;;
	esac
done
[ $# -gt 0 ] || usage
case "$mem$timeout" in *[!0-9]*) usage ;; esac
# VM_SMP=N: N vCPUs (multi-threaded TCG); default 1
smp=${VM_SMP:-1}
case "$smp" in "" | *[!0-9]* | 0) echo "vm-run: VM_SMP must be a positive number" >&2; exit 2 ;; esac
for d in "${disks[@]}" "${hotplug[@]}"; do
	[ -f "$d" ] || [ -b "$d" ] || { echo "vm-run: no disk image $d" >&2; exit 2; }
done

"$here/vm-setup.sh" --quiet || exit 125
vmdir=$(cd "${LVMGR_VM_DIR:-$top/build/vm}" && pwd)

ctl=$(mktemp -d /tmp/lvmgr-vm.XXXXXX)
qpid=
cleanup() {
	if [ -n "$qpid" ]; then	# interrupted: stop the qemu we started
		kill "$qpid" 2>/dev/null
		wait "$qpid" 2>/dev/null
	fi
	rm -rf "$ctl"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if [ -n "${VM_OUT:-}" ]; then
	out=$(cd "$VM_OUT" && pwd) || { echo "vm-run: VM_OUT=$VM_OUT is not a directory" >&2; exit 2; }
else
	out=$ctl/out
	mkdir "$out"
fi

q() { printf "'%s'" "${1//\'/\'\\\'\'}"; }	# quote for sh
{
	echo "vm_dir=$(q "$vmdir")"
	echo "vm_out=$(q "$out")"
	echo "vm_debug=$(q "${VM_DEBUG:-}")"
} >"$ctl/vars"
{
	echo "export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
	echo "export HOME=/root LANG=C.UTF-8 TERM=dumb DM_DISABLE_UDEV=1 VM_OUT=$(q "$out")"
	for v in ${VM_ENV:-}; do
		case "$v" in [!A-Za-z_]* | *[!A-Za-z0-9_]*) continue ;; esac
		[ -n "${!v+set}" ] && echo "export $v=$(q "${!v}")"
	done
	echo "cd $(q "$PWD") 2>/dev/null || cd /"
	printf '%s\n' "$*"
} >"$ctl/cmd"

kargs="console=ttyS0 panic=-1 rdinit=/init"
[ -n "${VM_DEBUG:-}" ] || kargs="$kargs quiet"
args=(
	-nodefaults -no-user-config -M pc -accel tcg -cpu max -smp "$smp" -m "$mem"
	-bios /usr/share/qemu/qboot.rom
	-kernel "$vmdir/vmlinux" -initrd "$vmdir/initramfs.cpio" -append "$kargs"
	-display none -serial stdio -monitor none -no-reboot
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
	-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
	-fsdev "local,id=ctl,path=${ctl//,/,,},security_model=none"
	-device virtio-9p-pci,fsdev=ctl,mount_tag=ctl
	-fsdev "local,id=out,path=${out//,/,,},security_model=none"
	-device virtio-9p-pci,fsdev=out,mount_tag=out
)
for d in "${disks[@]}"; do
	args+=(-drive "file=${d//,/,,},if=virtio,format=raw,cache=unsafe")
done
# Hot-plug disks: block nodes that outlive a device_del (unlike -drive's),
# and a monitor socket for the requests.
for i in "${!hotplug[@]}"; do
	args+=(-blockdev "driver=raw,node-name=hp$i,file.driver=file,file.filename=${hotplug[$i]//,/,,},cache.no-flush=on")
done
if [ ${#hotplug[@]} -gt 0 ]; then
	for i in "${!args[@]}"; do [ "${args[$i]}" = none ] && [ "${args[$((i - 1))]}" = -monitor ] &&
		args[$i]="unix:$ctl/mon,server=on,wait=off"; done
fi
# One monitor command (the human monitor: device_add/device_del).
monitor() {
	python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); time.sleep(0.1); s.recv(65536)
s.sendall((sys.argv[2] + "\n").encode()); time.sleep(0.3); s.recv(65536)' "$ctl/mon" "$1"
}
hotplug_request() {	# the guest's "add N" / "del N"
	local req op n
	req=$(cat "$out/.hotplug" 2>/dev/null); rm -f "$out/.hotplug"
	read -r op n <<<"$req"
	case "$op:$n" in
	add:[0-9]*) [ -n "${hotplug[$n]:-}" ] && monitor "device_add virtio-blk-pci,drive=hp$n,id=hpdev$n" ;;
	del:[0-9]*) monitor "device_del hpdev$n" ;;
	esac
}

qemu-system-x86_64 "${args[@]}" </dev/null &
qpid=$!
deadline=$((SECONDS + timeout)) timed_out=
while kill -0 "$qpid" 2>/dev/null; do
	[ ${#hotplug[@]} -gt 0 ] && [ -e "$out/.hotplug" ] && hotplug_request
	if [ $SECONDS -ge $deadline ]; then
		timed_out=1
		echo "vm-run: timeout after ${timeout}s: killing qemu (pid $qpid)" >&2
		kill "$qpid" 2>/dev/null
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$qpid" 2>/dev/null || break
			sleep 0.5
		done
		kill -KILL "$qpid" 2>/dev/null
		break
	fi
	sleep 0.2
done
wait "$qpid"
qrc=$?
qpid=
[ -n "$timed_out" ] && exit 124
if [ ! -s "$ctl/status" ]; then
	echo "vm-run: the VM did not report an exit status (qemu exit $qrc)" >&2
	exit 125
fi
rc=$(cat "$ctl/status")
case "$rc" in '' | *[!0-9]*) echo "vm-run: bad exit status '$rc'" >&2; exit 125 ;; esac
exit "$rc"
