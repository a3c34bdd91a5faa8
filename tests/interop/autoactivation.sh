#!/bin/bash
# Event activation next to LVM2 2.03.16 on loop devices: lvmgr's
# `pvscan --cache` writes the /run/lvm online files byte for byte as LVM2's
# does, each tool reads the other's, and vgs_online/<vg> lets exactly one
# of them report a VG complete. LVM2's run directory is compiled in
# (/run/lvm): the script runs in a private mount namespace with a tmpfs
# there, so the host's /run/lvm is never touched.
#
# In a chroot (a fresh root, a build jail) "/" is no mount point, so
# `unshare --propagation private` cannot make the whole namespace private:
# then the namespace keeps the propagation it had, and the script makes
# each mount point it can see private itself (not "/") before it mounts
# anything; /run must then be a mount point of its own (it is in
# fresh-check's root and in containers), else the test fails instead of
# mounting under a shared parent.
if [ -z "${LVMGR_AA_NS:-}" ]; then
	if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && command -v lvm >/dev/null; then
		if unshare --mount --propagation private true 2>/dev/null; then
			LVMGR_AA_NS=private exec unshare --mount --propagation private bash "$0" "$@"
		fi
		LVMGR_AA_NS=unchanged exec unshare --mount --propagation unchanged bash "$0" "$@"
	fi
fi
if [ "${LVMGR_AA_NS:-}" = unchanged ]; then
	findmnt -rn -o TARGET | while read -r m; do
		[ "$m" = / ] || mount --make-private "$m" 2>/dev/null
	done
fi
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"
if [ "${LVMGR_AA_NS:-}" = unchanged ] && ! mountpoint -q /run; then
	echo "FAIL $T_GROUP/private-run-lvm: no private mount namespace here (/ and /run are no mount points)"
	exit 1
fi
mkdir -p /run/lvm && mount -t tmpfs -o mode=0700 lvmgr-test /run/lvm || {
	echo "FAIL $T_GROUP/private-run-lvm"
	exit 1
}
unset LVMGR_RUN_DIR
R=/run/lvm

attach "$(img a.img 16M)"; A=$LOOP
attach "$(img b.img 16M)"; B=$LOOP
attach "$(img c.img 16M)"; C=$LOOP
attach "$(img d.img 16M)"; D=$LOOP
attach "$(img e.img 16M)"; E=$LOOP
lvm_conf
devno() { printf '%d:%d' "0x$(stat -c %t "$1")" "0x$(stat -c %T "$1")"; }

# VG two on A+B (LVM2; l2 with autoactivation off), VG nomda on C + D (D
# without metadata areas, lvmgr), VG off on E (LVM2, autoactivation off).
l2 vgcreate two "$A" "$B"
expect setup-two 0
l2 lvcreate -an -L 4M -n l1 two
expect setup-two-l1 0
l2 lvcreate -an -L 4M -n l2 --setautoactivation n --addtag t2 two
expect setup-two-l2 0
lv pvcreate --pvmetadatacopies 0 "$D"
expect setup-nomda-pv 0
lv vgcreate nomda "$C" "$D"
expect setup-nomda 0
lv lvcreate -an -L 4M -n n1 nomda
expect setup-nomda-lv 0
l2 vgcreate --setautoactivation n off "$E"
expect setup-off 0
l2 lvcreate -an -L 4M -n o1 off
expect setup-off-lv 0

EV=(pvscan --cache --listvg --checkcomplete --vgonline --autoactivation event --udevoutput)
clear_run() { find "${R:?}" -type f -delete; }
snap() { (cd "$R" && find . -type f | sort | while read -r f; do echo "== $f $(stat -c %a "$f")"; cat "$f"; done); }
# run TOOL DEV...: the udev rule's pvscan on each device in turn with one
# tool (lvm or lvmgr); every stdout, then the files
run() {
	local tool=$1 d
	shift
	for d in "$@"; do echo "-- $d"; "$tool" "${EV[@]}" "$d" 2>/dev/null; done
	snap
}
same() {	# NAME DEV...: both tools, from empty run dirs, print and write the same
	local want got
	clear_run; want=$(run lvm "${@:2}")
	clear_run; got=$(run "$LVMGR" "${@:2}")
	if [ "$want" = "$got" ]; then pass "$1"; else fail "$1" "$(diff <(echo "$want") <(echo "$got") | head -12)"; fi
}
same same-as-lvm2-two-pvs "$A" "$B"
same same-as-lvm2-again "$A" "$A" "$B" "$B"
same same-as-lvm2-no-metadata-pv-last "$C" "$D"
same same-as-lvm2-no-metadata-pv-first "$D" "$C"
same same-as-lvm2-autoactivation-off-vg "$E"
clear_run; want=$(run lvm "$A" "$B"); check lvm2-reports-complete grep -q "LVM_VG_NAME_COMPLETE='two'" <<<"$want"

# Each tool reads the other's files.
clear_run
"$LVMGR" "${EV[@]}" "$A" >"$T_DIR/o1" 2>/dev/null
lvm "${EV[@]}" "$B" >"$T_DIR/o2" 2>/dev/null
check lvm2-completes-after-lvmgr test "$(cat "$T_DIR/o1")" = "LVM_VG_NAME_INCOMPLETE='two'" -a "$(cat "$T_DIR/o2")" = "LVM_VG_NAME_COMPLETE='two'"
# ... and the VG was reported once: neither tool reports it again
"$LVMGR" "${EV[@]}" "$A" >"$T_DIR/o3" 2>/dev/null
lvm "${EV[@]}" "$B" >"$T_DIR/o4" 2>/dev/null
check arbiter-lvm2-first test ! -s "$T_DIR/o3" -a ! -s "$T_DIR/o4"
clear_run
lvm "${EV[@]}" "$A" >/dev/null 2>&1
"$LVMGR" "${EV[@]}" "$B" >"$T_DIR/o1" 2>/dev/null
lvm "${EV[@]}" "$B" >"$T_DIR/o2" 2>/dev/null
check lvmgr-completes-after-lvm2 test "$(cat "$T_DIR/o1")" = "LVM_VG_NAME_COMPLETE='two'" -a ! -s "$T_DIR/o2"
lv pvscan --cache --listvg --checkcomplete --vgonline "$A"
expect arbiter-message 0 "VG two finished"
# the no-metadata PV completes its VG through LVM2's lookup file
clear_run
lvm "${EV[@]}" "$C" >/dev/null 2>&1
"$LVMGR" "${EV[@]}" "$D" >"$T_DIR/o1" 2>/dev/null
check lvmgr-uses-lvm2-lookup test "$(cat "$T_DIR/o1")" = "LVM_VG_NAME_COMPLETE='nomda'"

# Messages without --udevoutput, as LVM2's (the pid differs)
msgs() { "$@" 2>&1 | grep -v 'Activation disabled' | sed 's/pvscan\[[0-9]*\]/pvscan[N]/'; }
clear_run; want=$(msgs lvm pvscan --cache --listvg --checkcomplete --vgonline "$A"; msgs lvm pvscan --cache "$B")
clear_run; got=$(msgs "$LVMGR" pvscan --cache --listvg --checkcomplete --vgonline "$A"; msgs "$LVMGR" pvscan --cache "$B")
if [ "$want" = "$got" ]; then pass messages-as-lvm2; else fail messages-as-lvm2 "$(diff <(echo "$want") <(echo "$got"))"; fi

# pvscan --cache of every device starts afresh, as LVM2's
clear_run; echo junk >"$R/vgs_online/stale"
lvm pvscan --cache >/dev/null 2>&1; want=$(snap)
clear_run; echo junk >"$R/vgs_online/stale"
"$LVMGR" pvscan --cache >/dev/null 2>&1; got=$(snap)
check cache-all-as-lvm2 test "$want" = "$got" -a -n "$got"
# the filter applies to named devices too
lv pvscan --cache --config "devices/filter=[\"r|^$A\$|\"]" "$A"
expect filter-excludes 0 "$A excluded"

# A device gone: its PV file, its VG's vgs_online and lookup files go (both tools)
gone() {	# TOOL: remove 7:1000's files with TOOL; print what is left
	clear_run
	"$LVMGR" "${EV[@]}" "$A" >/dev/null 2>&1
	printf '7:1000\nvg:two\ndev:/dev/loop1000\n' >"$R/pvs_online/$(printf 'Z%.0s' {1..32})"
	: >"$R/vgs_online/two"
	"$1" pvscan --cache 7:1000 >/dev/null 2>&1
	snap
}
want=$(gone lvm); got=$(gone "$LVMGR")
check devno-removal-as-lvm2 test "$want" = "$got" -a -z "$(grep -l loop1000 "$R"/pvs_online/* 2>/dev/null)"
# Hostile files: ignored with a warning, never a crash
clear_run
printf 'garbage' >"$R/pvs_online/$(printf 'X%.0s' {1..32})"
printf '\0\0\0' >"$R/pvs_lookup/two"
lv "${EV[@]}" "$A"
check hostile-files-survived test "$RC" = 0 -a "$(out)" = "LVM_VG_NAME_INCOMPLETE='two'"

# the settings LVM2 stored, as lvmgr reports them (as LVM2: empty = off)
lv vgs --noheadings -o vg_name,vg_autoactivation two off
check report-vg-autoactivation test "$(out | sed 's/ *$//' | tr -s ' ')" = "$(printf ' off\n two enabled')"
lv lvs --noheadings -o lv_name,lv_autoactivation two
check report-lv-autoactivation test "$(out | sed 's/ *$//' | tr -s ' ')" = "$(printf ' l1 enabled\n l2')"

# --setautoactivation y|n by lvmgr: the metadata LVM2 writes for the same change
meta() {	# the VG's text as committed on its first PV, seqno and header left out
	local dev=$A
	[ "$1" = off ] && dev=$E
	rm -f "$T_DIR/meta"
	lvm pvck --dump metadata -f "$T_DIR/meta" "$dev" >/dev/null 2>&1
	grep -v -E '^(description|creation_time|creation_host|contents|version) |seqno|^#' "$T_DIR/meta"
}
same_change() {	# NAME VG ARGS...: lvm2 then lvmgr make the change from the same state
	local name=$1 vg=$2 before want
	shift 2
	before=$(meta "$vg")
	lvm "$@" >/dev/null 2>&1; want=$(meta "$vg")
	lvm vgcfgrestore -f "$T_DIR/meta.before" "$vg" >/dev/null 2>&1
	[ "$(meta "$vg")" = "$before" ] || { fail "$name" "vgcfgrestore did not restore"; return; }
	"$LVMGR" "$@" >"$T_DIR/out" 2>"$T_DIR/err"
	if [ "$want" = "$(meta "$vg")" ] && [ "$want" != "$before" ]; then pass "$name"; else
		fail "$name" "$(diff <(echo "$want") <(meta "$vg") | head -6)"; fi
}
# vgcfgrestore needs the old text: keep it before each change
pre() { lvm vgcfgbackup -f "$T_DIR/meta.before" "$1" >/dev/null 2>&1; }
pre off; same_change setautoactivation-vg-y off vgchange --setautoactivation y off
pre off; same_change setautoactivation-vg-n off vgchange --setautoactivation n off
lv vgchange --setautoactivation n off
expect setautoactivation-vg-already 5 "Volume group autoactivation is already no\."
pre two; same_change setautoactivation-lv-y two lvchange --setautoactivation y two/l2
pre two; same_change setautoactivation-lv-n two lvchange --setautoactivation n two/l2
before=$(meta two)
lv lvchange --setautoactivation n two/l2
check setautoactivation-lv-already test "$RC" = 0 -a "$before" = "$(meta two)"
# LVM2's order of the LV flags: ACTIVATION_SKIP, then NOAUTOACTIVATE
l2 lvchange -ky two/l1
expect setup-activation-skip 0
pre two; same_change setautoactivation-lv-after-activation-skip two lvchange --setautoactivation n two/l1
l2 lvchange -kn --setautoactivation y two/l1
lv vgck two
expect setautoactivation-vgck 0

# vgchange -aay: the VG's and LVs' autoactivation settings and
# auto_activation_volume_list (tables printed by --dry-run: no kernel here)
lv vgchange -aay --dry-run two
check aay-skips-setautoactivation-n-lv bash -c "grep -q '^two-l1:' '$T_DIR/out' && ! grep -q '^two-l2:' '$T_DIR/out'"
lv vgchange -ay --dry-run two
check ay-activates-it grep -q '^two-l2:' "$T_DIR/out"
lv vgchange -aay --dry-run off
check aay-skips-setautoactivation-n-vg test "$RC" = 0 -a ! -s "$T_DIR/out"
lv vgchange -aay --dry-run --config 'activation/auto_activation_volume_list=["nomda/n1"]' two nomda
check aay-volume-list bash -c "grep -q '^nomda-n1:' '$T_DIR/out' && ! grep -q '^two-' '$T_DIR/out'"
lv vgchange -aay --dry-run --config 'activation/auto_activation_volume_list=["@t2", "two/l1"]' two
check aay-volume-list-tag-and-lv bash -c "grep -q '^two-l1:' '$T_DIR/out' && ! grep -q '^two-l2:' '$T_DIR/out'"
lv lvchange -aay --dry-run two/l1 two/l2 off/o1
check lvchange-aay-settings bash -c "grep -q '^two-l1:' '$T_DIR/out' && ! grep -q -e '^two-l2:' -e '^off-o1:' '$T_DIR/out'"
lv lvchange -aay --dry-run --config 'activation/auto_activation_volume_list=["nomda"]' two/l1 nomda/n1
check lvchange-aay-volume-list bash -c "grep -q '^nomda-n1:' '$T_DIR/out' && ! grep -q '^two-l1:' '$T_DIR/out'"
lv lvchange -ay --dry-run off/o1
check lvchange-ay-ignores-settings grep -q '^off-o1:' "$T_DIR/out"
# vgchange --autoactivation event reads only the devices the online files
# name when they hold the whole VG (LVM2's quick path), else every device
opened() { strace -f -e trace=openat -o "$T_DIR/st" "$@" >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
	grep -o '"/dev/loop[0-9]*"' "$T_DIR/st" | sort -u | tr -d '"' | tr '\n' ' '; }
clear_run
"$LVMGR" "${EV[@]}" "$A" >/dev/null 2>&1; "$LVMGR" "${EV[@]}" "$B" >/dev/null 2>&1
got=$(opened "$LVMGR" vgchange -aay --autoactivation event --dry-run two)
check event-reads-online-pvs-only test "$got" = "$(printf '%s\n' "$A" "$B" | sort | tr '\n' ' ')"
check event-quick-path-activates grep -q '^two-l1:' "$T_DIR/out"
clear_run
"$LVMGR" "${EV[@]}" "$A" >/dev/null 2>&1
got=$(opened "$LVMGR" vgchange -aay --autoactivation event --dry-run two)
check event-incomplete-online-uses-all bash -c "grep -q 'PVs online incomplete for VG two, using all devices.' '$T_DIR/out' && grep -q '^two-l1:' '$T_DIR/out' && [ '$(wc -w <<<"$got")' = 5 ]"
clear_run
got=$(opened "$LVMGR" vgchange -aay --autoactivation event --dry-run two)
check event-no-online-uses-all bash -c "grep -q 'PVs online not found for VG two, using all devices.' '$T_DIR/out' && grep -q '^two-l1:' '$T_DIR/out'"
lv vgchange -aay --autoactivation event --dry-run --devices "$A" two
expect aay-event-incomplete-vg 0 "VG two is incomplete\."
check aay-event-incomplete-no-table test -z "$(grep linear "$T_DIR/out")"
lv vgchange -aay --autoactivation event --dry-run two
check aay-event-complete grep -q '^two-l1:' "$T_DIR/out"

# --journal output: the messages reach syslog (/dev/log, which journald
# reads) while --udevoutput keeps stdout clean. A nested private namespace
# with a tmpfs on /dev holds the test's own /dev/log listener.
if command -v python3 >/dev/null; then
	J=$T_DIR/journal
	img "j.img" 8M >/dev/null
	# (the outer namespace's mounts are private already: "unchanged" keeps that)
	unshare --mount --propagation unchanged bash -c '
		mount -t tmpfs lvmgr-test-dev /dev && mknod -m 666 /dev/null c 1 3 || exit 1
		python3 -c "
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(\"/dev/log\")
open(sys.argv[1] + \".ready\", \"w\").close()
s.settimeout(5)
try:
    open(sys.argv[1], \"wb\").write(s.recv(4096) + b\"\\n\")
except socket.timeout:
    pass
" "$1" &
		for i in $(seq 50); do [ -e "$1.ready" ] && break; sleep 0.1; done
		LVMGR_RUN_DIR=/dev/run "$2" pvscan --cache --listvg --checkcomplete --udevoutput --journal=output "$3" >"$1.out" 2>&1
		wait' _ "$J" "$LVMGR" "$T_DIR/j.img"
	check journal-output grep -q "lvmgr\[[0-9]*\]: $T_DIR/j.img is an image file: never autoactivated\." "$J"
	check journal-udevoutput-clean test -e "$J.out" -a ! -s "$J.out"
fi

exit $T_FAILED
