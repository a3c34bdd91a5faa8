#!/bin/bash
# The kernel layer: one VM boot for the whole suite (the harness self-check
# on /dev/vda-vdb, then lvmgr's activation tests on /dev/vdc-vde, then event
# activation through udevd and lvmgr's udev rule on /dev/vdf-vdg; before it,
# with no udevd yet, PVs on device-mapper maps and dm-crypt over the guest's
# own loop devices; after it the compat tests on loop devices and the
# snapshot tests on /dev/vda-vdb, which the self-check leaves clean: disks
# of their own would shift the hot-plugged disks' names). Prints
# the guest's PASS/FAIL lines; SKIP when qemu or the guest kernel cannot be
# had (tests/deps.sh kernel installs them).
set -u
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v qemu-system-x86_64 >/dev/null 2>&1; then
	echo "SKIP kernel: qemu-system-x86_64 is not installed (tests/deps.sh kernel)"
	exit 0
fi
if ! "$here/vm-setup.sh" >/tmp/lvmgr-vm-setup.log 2>&1; then
	sed 's/^/    /' /tmp/lvmgr-vm-setup.log | tail -20
	echo "SKIP kernel: the guest kernel could not be prepared (see above)"
	exit 0
fi
t0=$(date +%s.%N)
tmp=$(mktemp -d /tmp/lvmgr-kernel.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
truncate -s 64M "$tmp/a.img" "$tmp/b.img" "$tmp/c.img" "$tmp/d.img" "$tmp/e.img"
truncate -s 32M "$tmp/f.img" "$tmp/g.img" "$tmp/h0.img" "$tmp/h1.img"
# VG vgh over the two disks the guest hot-plugs, made here on the images.
LVMGR=${LVMGR:-$(cd "$here/../.." && pwd)/build/lvmgr}
mkdir -p "$tmp/etc"
printf 'devices { global_filter = [ "r|.*|" ] }\nglobal { locking_dir = "%s/lock" }\n' "$tmp" >"$tmp/etc/lvm.conf"
AA_HOTPLUG=
if LVM_SYSTEM_DIR=$tmp/etc "$LVMGR" vgcreate vgh "$tmp/h0.img" "$tmp/h1.img" >"$tmp/setup.log" 2>&1 &&
	LVM_SYSTEM_DIR=$tmp/etc "$LVMGR" lvcreate -an -i 2 -L 8M -n hl vgh >>"$tmp/setup.log" 2>&1; then
	AA_HOTPLUG=1
else
	echo "FAIL kernel/aa-hotplug-setup"; sed 's/^/#   /' "$tmp/setup.log"
fi
export AA_HOTPLUG LVMGR
# The guest scripts, in order (each wipes the disks it uses first); one
# line each, so that a new one is a one-line change.
guests=(
	activation-guest
	raid-guest
	raid-repair-guest
	mirror-repair-guest
	raid-sync-guest
	raidconv-guest
	raidresize-guest
	raidkill-guest
	track-guest
	mirlog-guest
	mirlogconv-guest
	mirconv-guest
	mirpoll-guest
	mirbasic-guest
	devnames-guest
	autoactivation-guest
	compat-guest
	snapshot-guest
	lvm2snap-guest
	thin-guest
	thin-repair-guest
	thinfault-guest
	thincheck-guest
	thinfull-guest
	thinkill-guest
	thinmerge-guest
	lvm2thin-guest
)
gcmd="bash $(printf %q "$here/selftest.sh") --guest; rc=\$?;"
# each guest's time in the VM on a "#" line: where the layer's time goes
for g in "${guests[@]}"; do
	gcmd+=" s=\$(date +%s); bash $(printf %q "$here/$g") || rc=1; echo \"# time $g \$((\$(date +%s) - s)) s\";"
done
gcmd+=' [ $rc = 0 ]'
# (the whole suite took 2029 s of this machine's VM on 2026-12-06: the
# bound leaves room for a slower host; CI's own limit is 90 min for all)
VM_ENV="LVMGR AA_HOTPLUG" "$here/vm-run.sh" --timeout 3000 \
	--disk "$tmp/a.img" --disk "$tmp/b.img" --disk "$tmp/c.img" --disk "$tmp/d.img" --disk "$tmp/e.img" \
	--disk "$tmp/f.img" --disk "$tmp/g.img" --hotplug "$tmp/h0.img" --hotplug "$tmp/h1.img" \
	-- "$gcmd"
rc=$?
case $rc in
0) ;;
124) echo "FAIL kernel/vm (timeout)" ;;
125) echo "FAIL kernel/vm (the VM did not run the tests)" ;;
*) echo "# a guest half failed (exit $rc)" ;;
esac
echo "# kernel layer: $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s wall (one boot)"
exit 0
