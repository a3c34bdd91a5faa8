#!/bin/bash
# The kernel layer: the guest scripts in a VM with Debian's kernel, in two
# halves (below), one VM each and both at once where the host has two
# cores, else one VM for all; each VM boots once. Prints the guests'
# PASS/FAIL lines; SKIP when qemu or the guest kernel cannot be had
# (tests/deps.sh kernel installs them).
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
LVMGR=${LVMGR:-$(cd "$here/../.." && pwd)/build/lvmgr}
export LVMGR
# The guest scripts in two halves, each in its own order (each wipes the
# disks it uses first; one line each, so that a new one is a one-line
# change; the halves take about as long). Half a: the harness self-check
# on /dev/vda-vdb, activation on vdc-vde, raid1 split tracking there and
# mirrors on loop devices, then event activation through udevd and lvmgr's udev rule on
# vdf-vdg and the hot-plugged disks (before it, with no udevd yet, PVs on
# device-mapper maps and dm-crypt over the guest's own loop devices),
# after it the compat tests on loop devices, the snapshot tests on
# vda-vdb (which the self-check leaves clean: disks of their own would
# shift the hot-plugged disks' names) and the thin tests. Half b: raid1
# and mirror on vdc-vdf (no udevd), then lvconvert's thin conversion and
# thin merges (on loop devices, vdc-vdd) and device stacks (thin pools,
# snapshot merges) side by side with LVM2's (loop devices).
guests_a=(
	activation-guest
	track-guest
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
	lvm2thin-guest
)
guests_b=(
	raid-guest
	raid-repair-guest
	mirror-repair-guest
	raid-sync-guest
	raidconv-guest
	raidresize-guest
	raidkill-guest
	mirlog-guest
	mirlogconv-guest
	mirconv-guest
	mirpoll-guest
	thinext-guest
	thinmerge-guest
	devstack-guest
	lvm2raid-guest
)
# One VM per half, both at once, where the host has a core for each (the
# guest runs on one vCPU, TCG: one host core); else one VM for all of it,
# half a's activation first. Each VM boots once and has disks of its own,
# laid out alike. KERNEL_VMS=1|2 chooses.
vms=${KERNEL_VMS:-$([ "$(nproc 2>/dev/null || echo 1)" -ge 2 ] && echo 2 || echo 1)}
# vm NAME FIRST GUEST...: one VM (its disks made in $tmp/NAME; FIRST=1:
# the hot-plugged disks and the harness self-check too), the
# guests' PASS/FAIL lines on stdout a whole line at a time (two VMs share
# it), the exit status in $tmp/NAME.rc
vm() {
	local name=$1 hot=$2 d=$tmp/$1 g gcmd hp=()
	shift 2
	mkdir -p "$d/etc"
	truncate -s 64M "$d/a.img" "$d/b.img" "$d/c.img" "$d/d.img" "$d/e.img"
	truncate -s 32M "$d/f.img" "$d/g.img"
	if [ "$hot" = 1 ]; then
		# VG vgh over the two disks the guest hot-plugs, made here on the images.
		truncate -s 32M "$d/h0.img" "$d/h1.img"
		printf 'devices { global_filter = [ "r|.*|" ] }\nglobal { locking_dir = "%s/lock" }\n' "$d" >"$d/etc/lvm.conf"
		if LVM_SYSTEM_DIR=$d/etc "$LVMGR" vgcreate vgh "$d/h0.img" "$d/h1.img" >"$d/setup.log" 2>&1 &&
			LVM_SYSTEM_DIR=$d/etc "$LVMGR" lvcreate -an -i 2 -L 8M -n hl vgh >>"$d/setup.log" 2>&1; then
			AA_HOTPLUG=1
		else
			echo "FAIL kernel/aa-hotplug-setup"; sed 's/^/#   /' "$d/setup.log"
		fi
		hp=(--hotplug "$d/h0.img" --hotplug "$d/h1.img")
	fi
	# (the harness self-check once, in the VM with the hot-plugged disks)
	gcmd="rc=0;"
	[ "$hot" = 1 ] && gcmd="bash $(printf %q "$here/selftest.sh") --guest; rc=\$?;"
	# each guest's time in the VM on a "#" line: where the layer's time goes
	for g in "$@"; do
		gcmd+=" s=\$(date +%s); bash $(printf %q "$here/$g") || rc=1; echo \"# time $g \$((\$(date +%s) - s)) s\";"
	done
	gcmd+=' [ $rc = 0 ]'
	# (the whole suite in one VM took 2029 s on this machine on 2026-12-06:
	# the bound leaves room for a slower host; CI's own limit is 90 min for all)
	AA_HOTPLUG=${AA_HOTPLUG:-} VM_ENV="LVMGR AA_HOTPLUG" "$here/vm-run.sh" --timeout 3000 \
		--disk "$d/a.img" --disk "$d/b.img" --disk "$d/c.img" --disk "$d/d.img" --disk "$d/e.img" \
		--disk "$d/f.img" --disk "$d/g.img" "${hp[@]}" -- "$gcmd" 2>&1 | awk '{ print; fflush() }'
	echo "${PIPESTATUS[0]}" >"$tmp/$name.rc"
}
if [ "$vms" = 2 ]; then
	vm a 1 "${guests_a[@]}" &
	vm b 0 "${guests_b[@]}"
	wait
	halves="a b"
else
	vm a 1 "${guests_a[0]}" "${guests_b[@]}" "${guests_a[@]:1}"
	halves=a
fi
for h in $halves; do
	rc=$(cat "$tmp/$h.rc" 2>/dev/null || echo 125)
	case $rc in
	0) ;;
	124) echo "FAIL kernel/vm-$h (timeout)" ;;
	125) echo "FAIL kernel/vm-$h (the VM did not run the tests)" ;;
	*) echo "# a guest half failed in VM $h (exit $rc)" ;;
	esac
done
echo "# kernel layer: $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s wall ($vms VM(s), each booted once)"
exit 0
