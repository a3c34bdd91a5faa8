#!/bin/bash
# The thin_check fast path across a real power cut: two boots of the VM on
# one disk. Boot 1: a pool by lvmgr, deactivated cleanly (recorded), then
# activated again (not checked), written to, and the VM ends with the pool
# active (vm-run.sh stops qemu: nothing deactivates). Boot 2: the next
# activation runs thin_check (the logging wrapper proves it), a clean
# reactivation does not. lvm.conf and the record live on the writable
# share (as /etc/lvm survives a reboot); /run is the guest's tmpfs.
# Not part of suite.sh (it needs two boots, ~25 s); run it by hand:
#   LVMGR_VM_DIR=/work/vm tests/kernel/thincheck-powercut.sh [build]
set -u
here=$(cd "$(dirname "$0")" && pwd)
LVMGR=$(cd "$here/../.." && pwd)/${1:-build}/lvmgr
export LVMGR VM_ENV=LVMGR
VM_OUT=$(mktemp -d) && export VM_OUT
trap 'rm -rf "$VM_OUT"' EXIT
truncate -s 128M "$VM_OUT/disk.img"
cat >"$VM_OUT/guest" <<'EOS'
O=$VM_OUT L=$LVMGR
export LVM_SYSTEM_DIR=$O/lvm
mkdir -p "$O/lvm"
printf '#!/bin/sh\necho "boot%s $*" >>"%s/checks"\nexec /usr/sbin/thin_check "$@"\n' "$1" "$O" >"$O/tc"
chmod +x "$O/tc"
cat >"$LVM_SYSTEM_DIR/lvm.conf" <<EOC
devices { filter = [ "a|^/dev/vda\$|", "r|.*|" ] use_devicesfile = 0 hints = "none" obtain_device_list_from_udev = 0 }
global { locking_dir = "$O/lock" use_lvmpolld = 0 thin_check_executable = "$O/tc" }
activation { udev_sync = 0 udev_rules = 0 monitoring = 0 }
backup { backup_dir = "$O/backup" archive_dir = "$O/archive" }
EOC
n() { cat "$O/checks" 2>/dev/null | wc -l; }
if [ "$1" = 1 ]; then
	$L vgcreate vg /dev/vda && $L lvcreate -T vg/pool -L 32M && $L lvcreate -V 64M -T vg/pool -n t1 || exit 1
	dd if=/dev/urandom of=/dev/vg/t1 bs=1M count=4 oflag=direct status=none
	$L vgchange -an vg || exit 1
	a=$(n); $L vgchange -ay vg || exit 1
	[ "$(n)" = "$a" ] && echo "PASS kernel/thincheck-powercut-clean-skipped" || echo "FAIL kernel/thincheck-powercut-clean-skipped"
	# (fsync: the pool commits its metadata on a flush; unflushed writes
	# to new blocks may be lost at a power cut, as on any disk)
	dd if=/dev/urandom of=/dev/vg/t1 bs=1M count=4 seek=4 oflag=direct conv=fsync status=none
	head -c 8M /dev/vg/t1 >"$O/t1.data"
else
	a=$(n); $L vgchange -ay vg || exit 1
	grep -q "^boot2 " "$O/checks" && echo "PASS kernel/thincheck-powercut-checked" || echo "FAIL kernel/thincheck-powercut-checked"
	cmp -s -n 8388608 "$O/t1.data" /dev/vg/t1 && echo "PASS kernel/thincheck-powercut-data" || echo "FAIL kernel/thincheck-powercut-data"
	$L vgchange -an vg; a=$(n); $L vgchange -ay vg; $L vgchange -an vg
	[ "$(n)" = "$a" ] && echo "PASS kernel/thincheck-powercut-then-clean" || echo "FAIL kernel/thincheck-powercut-then-clean"
fi
EOS
t0=$(date +%s)
for b in 1 2; do
	"$here/vm-run.sh" --disk "$VM_OUT/disk.img" --timeout 300 -- bash "$VM_OUT/guest" $b 2>&1 | grep -E '^(PASS|FAIL)|^  [A-Z]'
done
echo "# thincheck-powercut: $(($(date +%s) - t0)) s wall (two boots)"
