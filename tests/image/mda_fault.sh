#!/bin/bash
# A metadata write that fails (LVMGR_TEST_MDA_FAULT=write=N: EIO, nothing
# written) or is torn (write=N,tear: only its first 512 bytes land, then
# EIO), for N = 1 .. the number of metadata writes the command does (labels,
# text and headers, counted over both PVs), under plain and thin LV
# commands. The command keeps running after the fault (a device error, not
# a crash: crash.sh has those) and must then:
#  - exit non-zero (not killed), naming the PV, what it was writing, and
#    whether anything was committed;
#  - leave the disks holding exactly the old or the new VG as a reader
#    takes it from the disks (no VG cache): torn text is never read as a
#    valid copy (the checksums catch it);
#  - let the next change through, after which vgck finds every copy current.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M); B=$(img b.img 64M)
IMGS=("$A" "$B")

state() {	# the VG a reader takes from the disks, without what differs per run (new ids, times)
	LVMGR_VG_CACHE=0 "$LVMGR" vgcfgbackup -f "$T_DIR/state.vg" vg >/dev/null 2>&1 || { echo "unreadable"; return; }
	grep -Ev '^(contents|version|description|creation_host|creation_time) = |^#' "$T_DIR/state.vg" |
		sed -E 's/^(\t+)(id|creation_time) = .*/\1\2 = X/'
}
save_pre() {
	rm -rf "$T_DIR/pre"; mkdir -p "$T_DIR/pre" "$T_DIR/lock"
	cp --sparse=always "${IMGS[@]}" "$T_DIR/pre/"
	cp -a "$LVM_SYSTEM_DIR" "$T_DIR/pre/etc"; cp -a "$T_DIR/lock" "$T_DIR/pre/lock"
}
restore_pre() {
	cp --sparse=always "$T_DIR"/pre/*.img "$T_DIR/"
	rm -rf "$LVM_SYSTEM_DIR" "$T_DIR/lock"
	cp -a "$T_DIR/pre/etc" "$LVM_SYSTEM_DIR"; cp -a "$T_DIR/pre/lock" "$T_DIR/lock"
}

# fault NAME ARGS...: lvmgr ARGS with each metadata write failing in turn,
# both ways; the images are left in the command's new state.
fault() {
	local name=$1 tear mode n rc old new got writes= w
	shift
	old=$(state)
	save_pre
	lv "$@"
	[ "$RC" = 0 ] || { fail "$name-reference" "exit $RC"; return; }
	new=$(state)
	[ "$old" != "$new" ] || { fail "$name-reference" "nothing changed"; return; }
	# the headers the command wrote (its text committed), per image
	for i in "${!IMGS[@]}"; do dd if="${IMGS[$i]}" of="$T_DIR/hdr$i" bs=512 skip=8 count=1 status=none; done
	for tear in "" ",tear"; do
		mode=${tear:+-tear}
		for ((n = 1; n <= 40; n++)); do
			restore_pre
			LVMGR_TEST_MDA_FAULT="write=$n$tear" "$LVMGR" "$@" >"$T_DIR/out" 2>"$T_DIR/err"
			rc=$?
			if ! grep -q "lvmgr test: metadata write $n " "$T_DIR/err"; then
				[ $rc = 0 ] && [ "$(state)" = "$new" ] || fail "$name$mode-unfaulted" "exit $rc"
				break
			fi
			w="$name$mode-w$n"
			if [ $rc = 0 ] || [ $rc -ge 128 ]; then
				fail "$w" "exit $rc"; continue
			fi
			if ! grep -Eq "^  ($A|$B): writing the (metadata text|metadata area header \((pre)?committed slot\)) of the metadata area at [0-9]+ failed: Input/output error$" "$T_DIR/err" ||
				! grep -Eq "^  Writing metadata of VG vg failed: Input/output error; (nothing committed: the VG stays at seqno [0-9]+|seqno [0-9]+ may be committed on some of its PVs only)\.$" "$T_DIR/err"; then
				fail "$w" "no precise error"; continue
			fi
			got=$(state)
			if [ "$got" != "$old" ] && [ "$got" != "$new" ]; then
				fail "$w" "neither the old nor the new VG"
				diff <(echo "$new") <(echo "$got") | head -10 | sed 's/^/    /'
				continue
			fi
			# Torn text under a header that points at it (a disk that
			# reordered the writes): the checksum refuses the copy;
			# the VG read is the old or (the tear held all that
			# differed) the new one, and vgck --updatemetadata repairs.
			if [ "$tear" ] && grep -q 'writing the metadata text' "$T_DIR/err"; then
				for i in "${!IMGS[@]}"; do
					grep -q "^  ${IMGS[$i]}: writing the metadata text" "$T_DIR/err" &&
						dd if="$T_DIR/hdr$i" of="${IMGS[$i]}" bs=512 seek=8 conv=notrunc status=none
				done
				got=$(state)
				if [ "$got" != "$old" ] && [ "$got" != "$new" ]; then
					fail "$w-header-over-torn-text" "neither the old nor the new VG"; continue
				fi
				[ "$got" = "$new" ] || LVMGR_VG_CACHE=0 "$LVMGR" vgs vg 2>&1 | grep -qi 'checksum' ||
					{ fail "$w-header-over-torn-text" "no checksum error reported"; continue; }
				LVMGR_VG_CACHE=0 "$LVMGR" vgck --updatemetadata vg >"$T_DIR/out" 2>&1 ||
					{ fail "$w-header-over-torn-text" "vgck --updatemetadata failed"; continue; }
				pass "$w-header-over-torn-text"
			fi
			# the next change writes every copy: vgck clean after it
			lv lvcreate -an -L 4M -n next vg
			if [ "$RC" != 0 ]; then fail "$w" "the next change: exit $RC"; continue; fi
			LVMGR_VG_CACHE=0 "$LVMGR" vgck vg >"$T_DIR/out" 2>"$T_DIR/err"
			rc=$?
			if [ $rc != 0 ] || [ -s "$T_DIR/err" ]; then fail "$w" "vgck after the next change (exit $rc)"; continue; fi
			pass "$w"
		done
		echo "# $name$mode: $((n - 1)) metadata writes"
		writes="$writes $((n - 1))"
		# two PVs: at least text and precommitted header, then the
		# committed header, on each
		check "$name$mode-counted" test $((n - 1)) -ge 6
	done
	check "$name-same-writes" test "$(echo $writes | cut -d' ' -f1)" = "$(echo $writes | cut -d' ' -f2)"
	restore_pre
	lv "$@"
}

lv vgcreate vg "$A" "$B"
expect setup 0
lv lvcreate -an -L 8M -n l1 vg
expect setup-lv 0
fault lvcreate lvcreate -an -L 8M -n l2 vg
fault lvextend lvextend -L +4M vg/l1
# a snapshot: its COW's header zeroed inside the commit
fault snapshot lvcreate -an -s -L 4M -n cs1 vg/l1
# thin: on images the pool messages stay queued in the metadata
lv lvcreate --type thin-pool -L 16M -n pool vg
expect setup-pool 0
lv lvcreate -V 32M -T vg/pool -n t1
expect setup-thin 0
fault thin-lvcreate lvcreate -V 8M -T vg/pool -n t2
fault thin-snapshot lvcreate -s vg/t1 -n s1
fault thin-lvremove lvremove -y vg/t2
# A malformed value fails every metadata write rather than running without
# the fault.
LVMGR_TEST_MDA_FAULT=writes=1 "$LVMGR" lvcreate -an -L 4M -n typo vg >"$T_DIR/out" 2>"$T_DIR/err"
RC=$?
expect malformed-fails 5 'LVMGR_TEST_MDA_FAULT="writes=1": expected'
exit $T_FAILED
