#!/bin/bash
# Snapshot benchmark on a real device-mapper kernel (issue 20): lvmgr side
# by side with LVM2 in one boot of the qemu VM of tests/kernel (Debian's
# stock kernel, TCG), on a VG LVM2 makes with an active 1 GiB linear origin:
#   - lvcreate -s -L 256M of the active origin (5 rounds after an untimed
#     one, the tools alternating which goes first)
#   - lvremove -y of that snapshot (origin reloaded, -real dropped)
#   - both again with the guest's address space randomisation off (rows
#     "ASLR off": TCG then reuses its translations of each binary's code
#     from one process to the next, as native code needs none)
#   - lvconvert --merge -i 1 of a snapshot after 256 MiB of the origin were
#     overwritten (1 round per tool: the write itself is slow under TCG)
#   - the floor for the merge: the same merge by the kernel alone
#     (snapshot-merge table loaded with dmsetup, status polled every 0.05 s)
# Each command timed with bash's $EPOCHREALTIME after `sync; sleep 1`; medians; ratio
# LVM2/lvmgr. Both read one lvm.conf (no udev, no lvmpolld: LVM2 polls the
# merge itself every -i seconds, lvmgr every 0.1 s).
#
#   bench/vm-snapshot.sh [--lvmgr PATH]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
LVMGR=$top/build/lvmgr
[ "${1:-}" = --lvmgr ] && LVMGR=$2
if [ "${1:-}" = --guest ]; then
	L=$LVMGR
	export LVM_SYSTEM_DIR=$(mktemp -d) LVM_SUPPRESS_FD_WARNINGS=1
	cat >"$LVM_SYSTEM_DIR/lvm.conf" <<'EOC'
devices { filter = [ "a|^/dev/vd[ab]$|", "r|.*|" ] use_devicesfile = 0 hints = "none" obtain_device_list_from_udev = 0 external_device_info_source = "none" }
activation { udev_sync = 0 udev_rules = 0 monitoring = 0 }
global { use_lvmpolld = 0 locking_dir = "/tmp/lk" }
backup { backup = 0 archive = 0 }
EOC
	# the clock is bash's $EPOCHREALTIME (µs) read in place: $(date +%s%N)
	# starts a process per reading, ~60 ms each under TCG, which were
	# added to every sample of both tools before
	t() { sync; sleep 1; local a b; a=${EPOCHREALTIME/[.,]/}; "$@" >/dev/null 2>&1 || echo "# failed: $*" >&2; b=${EPOCHREALTIME/[.,]/}; echo $(( (b - a) / 1000 )); }
	# mergewait DM-NAME N: poll the snapshot-merge status every 0.05 s, at
	# most N times, until all chunks are copied back (<used> == <metadata>
	# sectors); 1 if it fails or runs out. One process doing the
	# DM_TABLE_STATUS ioctl itself: a `dmsetup status` started 20 times a
	# second takes a large share of the one vCPU the kernel's copy runs on.
	mergewait() {
		perl -e '
			my ($name, $n) = @ARGV;
			open(my $c, "+<", "/dev/mapper/control") or die "/dev/mapper/control: $!\n";
			my $size = 16384;
			for (1 .. $n) {
				# struct dm_ioctl (312 bytes): version, data_size, data_start, target_count,
				# open_count, flags, event_nr, padding, dev, name, uuid, data
				my $b = pack("L3 L L L l L L L Q a128 a129 a7", 4, 0, 0, $size, 312, 0, 0, 0, 0, 0, 0, $name, "", "");
				$b .= "\0" x ($size - length($b));
				ioctl($c, 0xC138FD0C, $b) or die "DM_TABLE_STATUS $name: $!\n";	# _IOWR(0xfd, 12, 312)
				my $start = unpack("L", substr($b, 16, 4));
				# struct dm_target_spec (40 bytes) then the status text
				my (undef, undef, undef, undef, $type) = unpack("Q Q l L Z16", substr($b, $start, 40));
				my ($st) = unpack("Z*", substr($b, $start + 40));
				exit 1 if $type ne "snapshot-merge" || $st !~ m{^(\d+)/\d+ (\d+)};	# Invalid, Merge failed
				exit 0 if $1 == $2;
				select(undef, undef, undef, 0.05);
			}
			exit 1;' "$@"
	}
	lvm pvcreate -y /dev/vda /dev/vdb >/dev/null && lvm vgcreate vgb /dev/vda /dev/vdb >/dev/null
	lvm lvcreate -y -L 1G -n o vgb /dev/vda >/dev/null
	# The guest kernel's address space randomisation on (2, as booted),
	# then off (0): under TCG each process's code is translated afresh
	# when it lands at new addresses, a cost of emulation (native code
	# runs as it is) that falls on every command of both tools alike; with
	# it off the translations are reused from process to process. Suffix
	# "0" on the rows taken with it off.
	for aslr in 2 0; do
	echo "$aslr" >/proc/sys/kernel/randomize_va_space
	sfx=$([ $aslr = 0 ] && echo 0 || true)
	# One round untimed, each tool, before the timed ones: LVM2 made the
	# VG (its binary and libraries read and in the guest's page cache,
	# lvmgr's not yet: the first lvmgr command of the boot read its binary
	# over 9p, 100 ms more than the next ones); with ASLR off the first
	# command at the fixed addresses fills TCG's cache for the others.
	for T in "$L" lvm; do
		$T lvcreate -y -s -L 256M -n s vgb/o >/dev/null 2>&1
		$T lvremove -y vgb/s >/dev/null 2>&1
	done
	for round in 1 2 3 4 5; do
		# what any command pays here for its start and the clock: /bin/true
		echo "start$sfx true $(t /bin/true)"
		for tool in lvmgr lvm2; do
			[ $((round % 2)) = 0 ] && tool=$([ $tool = lvmgr ] && echo lvm2 || echo lvmgr)
			if [ $tool = lvmgr ]; then T=$L; else T="lvm"; fi
			echo "create$sfx $tool $(t $T lvcreate -y -s -L 256M -n s vgb/o)"
			[ -b /dev/mapper/vgb-s ] || echo "# no snapshot made by $tool" >&2
			echo "remove$sfx $tool $(t $T lvremove -y vgb/s)"
			[ -z "$(dmsetup ls | grep vgb-o-real)" ] || echo "# -real left by $tool" >&2
		done
	done
	done
	echo 2 >/proc/sys/kernel/randomize_va_space
	for tool in lvmgr lvm2; do
		if [ $tool = lvmgr ]; then T=$L; else T="lvm"; fi
		$T lvcreate -y -s -L 300M -n m vgb/o >/dev/null 2>&1
		dd if=/dev/urandom of=/dev/vgb/o bs=1M count=256 oflag=direct status=none
		echo "merge $tool $(t $T lvconvert --merge -i 1 vgb/m)"
		[ -z "$(dmsetup ls | grep 'vgb-m')" ] || echo "# merge by $tool left devices" >&2
	done
	# The floor: the same merge by the kernel alone. lvmgr makes the stack
	# (its tables are LVM2's), 256 MiB are overwritten as above, the
	# snapshot device is removed (its exceptions stay in the COW), then
	# timed: the origin's table replaced by snapshot-merge of the same
	# -real and COW (dmsetup load + resume, which suspends), and the
	# status polled every 0.05 s (mergewait) until all is copied back.
	$L lvcreate -y -s -L 300M -n k vgb/o >/dev/null 2>&1
	dd if=/dev/urandom of=/dev/vgb/o bs=1M count=256 oflag=direct status=none
	snap=$(dmsetup table vgb-k)	# 0 LEN snapshot REAL COW P CHUNK
	set -- $snap
	if [ "${3:-}" = snapshot ] && dmsetup remove vgb-k; then
		sync; sleep 1
		a=${EPOCHREALTIME/[.,]/}000
		dmsetup load vgb-o --table "$1 $2 snapshot-merge $4 $5 $6 $7" && dmsetup resume vgb-o || echo "# kernel merge not loaded" >&2
		mergewait vgb-o 1200 && b=${EPOCHREALTIME/[.,]/}000 && echo "merge kernel $(( (b - a) / 1000000 ))" || echo "# kernel merge not done: $(dmsetup status vgb-o)" >&2
	else
		echo "# no snapshot vgb-k to merge by the kernel: $snap" >&2
	fi
	exit 0
fi
tmp=$(mktemp -d /var/tmp/lvmgr-bench-snap.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
truncate -s 1200M "$tmp/a.img" "$tmp/b.img"
VM_OUT=$tmp VM_ENV=LVMGR LVMGR=$LVMGR "$top/tests/kernel/vm-run.sh" --timeout 1200 --disk "$tmp/a.img" --disk "$tmp/b.img" \
	-- bash "$here/vm-snapshot.sh" --guest --lvmgr "$LVMGR" >"$tmp/out" 2>&1 || { cat "$tmp/out"; exit 1; }
grep '^#' "$tmp/out" || true
med() { sort -n | awk '{v[NR] = $1} END {if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo "| command (VM, TCG) | lvmgr | LVM2 | kernel only | LVM2/lvmgr |"
echo "|---|---:|---:|---:|---:|"
for op in create remove create0 remove0 merge; do
	a=$(awk -v o=$op '$1 == o && $2 == "lvmgr" {print $3}' "$tmp/out" | med)
	b=$(awk -v o=$op '$1 == o && $2 == "lvm2" {print $3}' "$tmp/out" | med)
	case $op in
	create) what="lvcreate -s -L 256M, active 1 GiB origin" ;;
	remove) what="lvremove of that snapshot" ;;
	create0) what="lvcreate -s, guest ASLR off (TCG reuses translations)" ;;
	remove0) what="lvremove, guest ASLR off" ;;
	merge) what="lvconvert --merge, 256 MiB changed" ;;
	esac
	k=
	[ $op = merge ] && k=$(awk '$1 == "merge" && $2 == "kernel" {print $3}' "$tmp/out" | med) && [ -n "$k" ] && k="$k ms"
	echo "| $what | $a ms | $b ms | $k | $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1fx", b / a }') |"
done
a=$(awk '$1 == "merge" && $2 == "lvmgr" {print $3}' "$tmp/out")
b=$(awk '$1 == "merge" && $2 == "lvm2" {print $3}' "$tmp/out")
k=$(awk '$1 == "merge" && $2 == "kernel" {print $3}' "$tmp/out")
[ -n "$k" ] && [ -n "$a" ] && [ -n "$b" ] &&
	awk -v a="$a" -v b="$b" -v k="$k" 'BEGIN { printf "merge against the kernel alone: lvmgr %.2fx its time (+%d ms), LVM2 %.2fx (+%d ms)\n", a / k, a - k, b / k, b - k }'
echo "a process start and exit (/bin/true, the same clock): $(awk '$1 == "start" {print $3}' "$tmp/out" | med) ms, the least any command measures here ($(awk '$1 == "start0" {print $3}' "$tmp/out" | med) ms with guest ASLR off)"
echo "guest lines:"; grep -E '^(create|remove|merge)0? ' "$tmp/out" | tr '\n' ';'; echo
