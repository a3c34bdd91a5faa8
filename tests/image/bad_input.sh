#!/bin/bash
# Bad input for every command: wrong or missing arguments and options, bad
# values and names, devices that cannot be used. Every failing case checks the
# exit code, a message naming the object, and that no image file (nor the
# list of registered images) changed by a single byte.
. "$(dirname "$0")/../lib.sh"

# a, b: vg0; c: orphan PV; o: vgo; d: blank; s: too small (1 MiB).
A=$(img a.img 8M); B=$(img b.img 8M); C=$(img c.img 8M); O=$(img o.img 8M)
D=$(img d.img 8M); S=$(img s.img 1M); N=$T_DIR/none.img
lv pvcreate "$A" "$B" "$C" "$O"
expect setup-pvcreate 0
lv vgcreate -s 1m vg0 "$A" "$B"
expect setup-vgcreate-vg0 0
lv vgcreate -s 1m vgo "$O"
expect setup-vgcreate-vgo 0
REG=$LVM_SYSTEM_DIR/devices/lvmgr-images

# Pristine copies: every case is compared with them byte for byte (cmp, the
# same proof as equal md5 sums, faster), and a case that changed something is
# followed by a restore so that the next case starts from the same state.
mkdir "$T_DIR/orig"
save() { cp --sparse=always "$T_DIR"/*.img "$REG" "$T_DIR/orig/"; }
changed() {	# prints the files that differ from the pristine copies
	local f
	for f in "$T_DIR"/*.img "$REG"; do
		cmp -s "$f" "$T_DIR/orig/${f##*/}" || echo "${f##*/}"
	done
}
restore() { cp --sparse=always "$T_DIR"/orig/*.img "$T_DIR/"; cp "$T_DIR/orig/${REG##*/}" "$REG"; }
save
# bad NAME RC REGEX ARGS...: lvmgr ARGS fails with RC, says REGEX on stderr
# and writes nothing.
bad() {
	local name=$1 rc=$2 re=$3 ch
	shift 3
	lv "$@"
	ch=$(changed)
	if [ "$RC" != "$rc" ]; then
		fail "$name" "exit $RC, expected $rc${ch:+; changed: $ch}"
	elif ! grep -Eq -- "$re" "$T_DIR/err"; then
		fail "$name" "stderr does not match /$re/"
	elif grep -Eq 'Sanitizer|runtime error' "$T_DIR/err"; then
		fail "$name" "sanitizer report"
	elif [ -n "$ch" ]; then
		fail "$name" "changed: "$ch
	else
		pass "$name"
	fi
	[ -z "$ch" ] || restore
}
LONG=$(printf 'x%.0s' {1..200})

# ---- pvcreate
bad pvcreate-no-args 3 "No command with matching syntax recognised.  Run 'pvcreate --help'" pvcreate
bad pvcreate-bad-option 3 'Invalid option --bogus for pvcreate' pvcreate --bogus "$D"
bad pvcreate-mdasize-negative 3 'Invalid argument for --metadatasize: -1' pvcreate --metadatasize -1 "$D"
bad pvcreate-mdasize-junk 3 'Invalid argument for --metadatasize: 1q' pvcreate --metadatasize 1q "$D"
bad pvcreate-copies-3 3 'Invalid argument for --pvmetadatacopies: 3' pvcreate --pvmetadatacopies 3 "$D"
bad pvcreate-labelsector-9 3 'Invalid argument for --labelsector: 9' pvcreate --labelsector 9 "$D"
bad pvcreate-zero-q 3 'Invalid argument for --zero: q' pvcreate -Z q "$D"
bad pvcreate-uuid-no-restorefile 3 '--uuid requires --restorefile' pvcreate -u 0Ab1Cd-0000-0000-0000-0000-0000-000000 "$D"
bad pvcreate-named-twice 5 "Device $D is named twice" pvcreate "$D" "$D"
bad pvcreate-missing-device 5 "No device found for $N\." pvcreate "$N"
bad pvcreate-too-small 5 "Cannot use $S: device size 1048576 is below the minimum" pvcreate "$S"
bad pvcreate-in-vg 5 "Cannot use $A: physical volume is used by volume group \"vg0\"" pvcreate "$A"
bad pvcreate-good-then-missing 5 "No device found for $N\." pvcreate "$D" "$N"
bad pvcreate-good-then-small 5 "Cannot use $S" pvcreate "$D" "$S"
bad pvcreate-setsize-below-min 5 "Cannot use $D: device size 1048576 is below" pvcreate --setphysicalvolumesize 1m "$D"
bad pvcreate-setsize-past-device 5 "$D: --setphysicalvolumesize .* is larger than the device" pvcreate --setphysicalvolumesize 1t "$D"

# ---- pvremove
bad pvremove-no-args 3 "No command with matching syntax recognised.  Run 'pvremove --help'" pvremove
bad pvremove-missing-device 5 "Cannot use $N" pvremove "$N"
bad pvremove-not-a-pv 5 "No PV found on device $D" pvremove "$D"
bad pvremove-in-vg 5 "PV $A is used by VG vg0" pvremove "$A"
bad pvremove-good-then-blank 5 "No PV found on device $D" pvremove "$C" "$D"
bad pvremove-bad-option 3 'Invalid option --bogus for pvremove' pvremove --bogus "$C"

# ---- pvchange
bad pvchange-no-change 3 "No command with matching syntax recognised.  Run 'pvchange --help'" pvchange "$A"
bad pvchange-no-args 3 '' pvchange -x n
bad pvchange-x-q 3 'Invalid argument for --allocatable: q' pvchange -x q "$A"
bad pvchange-all-and-pv 3 'Option -a and PV paths are mutually exclusive' pvchange -a -x n "$A"
bad pvchange-missing-device 5 "Cannot use $N: device not found" pvchange -x n "$N"
bad pvchange-not-a-pv 5 "Failed to find physical volume \"$D\"" pvchange -x n "$D"
bad pvchange-orphan 5 "Allocatability not supported by orphan lvm2 format PV $C" pvchange -x n "$C"
bad pvchange-bad-tag 3 'Invalid argument for --addtag: bad tag!' pvchange --addtag 'bad tag!' "$A"

# ---- pvresize
bad pvresize-no-args 3 "No command with matching syntax recognised.  Run 'pvresize --help'" pvresize
bad pvresize-bad-option 3 'Invalid option -s for pvresize' pvresize -s 1m "$A"
bad pvresize-size-negative 3 'Invalid argument for --setphysicalvolumesize: -1' pvresize --setphysicalvolumesize -1 "$A"
bad pvresize-missing-device 5 "Cannot use $N: device not found" pvresize "$N"
bad pvresize-not-a-pv 5 "Failed to find physical volume \"$D\"" pvresize "$D"
bad pvresize-past-device 5 "$A: requested size .* exceeds the device size" pvresize --setphysicalvolumesize 1t "$A"
bad pvresize-below-min 5 "$A: size must exceed the minimum|$A.*too small" pvresize --setphysicalvolumesize 1m "$A"
bad pvresize-orphan-below-min 5 "$C: size must exceed the minimum|$C.*too small" pvresize --setphysicalvolumesize 1m "$C"

# ---- pvck, pvdisplay, pvs
bad pvck-no-args 3 "No command with matching syntax recognised.  Run 'pvck --help'" pvck
bad pvck-dump-bogus 3 'Invalid argument for --dump: bogus' pvck --dump bogus "$A"
bad pvck-missing-device 5 "Cannot use $N" pvck "$N"
bad pvck-blank 5 "No LVM label found on $D" pvck "$D"
bad pvdisplay-missing-device 5 "Cannot use $N: device not found" pvdisplay "$N"
bad pvdisplay-blank 5 "Failed to find physical volume \"$D\"" pvdisplay "$D"
bad pvdisplay-units 3 'Invalid units specification' pvdisplay --units x "$A"
bad pvdisplay-bad-option 3 'Invalid option --bogus for pvdisplay' pvdisplay --bogus
bad pvs-missing-device 5 "Cannot use $N: device not found" pvs "$N"
bad pvs-field 5 'Unrecognised field: bogus' pvs -o bogus
bad pvs-sort-field 5 'dm_report: Unrecognised field: bogus' pvs -O bogus
bad pvs-reportformat 3 'Invalid argument for --reportformat: bogus' pvs --reportformat bogus
bad pvs-units 3 'Invalid units specification' pvs --units x

# ---- vgcreate
bad vgcreate-no-args 3 "No command with matching syntax recognised.  Run 'vgcreate --help'" vgcreate
bad vgcreate-no-pv 3 "No command with matching syntax recognised.  Run 'vgcreate --help'" vgcreate vgn
bad vgcreate-pesize-0 3 'Physical extent size may not be zero' vgcreate -s 0 vgn "$D" "$C"
# LVM2 writes the PV label on d before it rejects 3k; lvmgr must not.
bad vgcreate-pesize-3k 5 'must be a multiple of 128.00 KiB' vgcreate -s 3k vgn "$D" "$C"
bad vgcreate-pesize-negative 3 'Invalid argument for --physicalextentsize: -1' vgcreate -s -1 vgn "$D"
bad vgcreate-pesize-huge 3 'Physical extent size cannot be larger' vgcreate -s 4t vgn "$D"
bad vgcreate-alloc 3 'Invalid argument for --alloc: bogus' vgcreate --alloc bogus vgn "$D"
bad vgcreate-clustered 3 'Clustered VGs are not supported' vgcreate -c y vgn "$D"
bad vgcreate-zero-q 3 'Invalid argument for --zero: q' vgcreate -Z q vgn "$D"
bad vgcreate-mdasize-negative 3 'Invalid argument for --metadatasize' vgcreate --metadatasize -1 vgn "$D"
bad vgcreate-name-hyphen 3 'New volume group name "-vg" is invalid' vgcreate -- -vg "$D"
bad vgcreate-name-slash 3 'New volume group name "a/b" is invalid' vgcreate a/b "$D"
bad vgcreate-name-space 3 'New volume group name "a b" is invalid' vgcreate "a b" "$D"
bad vgcreate-name-200 3 "New volume group name \"$LONG\" is invalid" vgcreate "$LONG" "$D"
bad vgcreate-name-dot 3 'New volume group name "\." is invalid' vgcreate . "$D"
bad vgcreate-name-dotdot 3 'New volume group name "\.\." is invalid' vgcreate .. "$D"
bad vgcreate-name-dev-entry 3 '/dev/null: already exists in filesystem' vgcreate null "$D"
bad vgcreate-name-dev-mapper 3 '/dev/mapper: already exists in filesystem' vgcreate mapper "$D"
bad vgcreate-name-taken 5 'A volume group called vg0 already exists' vgcreate vg0 "$D"
bad vgcreate-named-twice 5 "Physical volume $C is listed twice" vgcreate vgn "$C" "$C"
bad vgcreate-missing-device 5 "No device found for $N\." vgcreate vgn "$N"
bad vgcreate-too-small 5 "Cannot use $S: device size 1048576 is below the minimum" vgcreate vgn "$S"
bad vgcreate-pv-in-other-vg 5 "Physical volume '$O' is already in volume group 'vgo'" vgcreate vgn "$O"
bad vgcreate-extent-too-big 5 "Physical volume $C is too small for an extent size" vgcreate -s 16m vgn "$C"
# one good device and one bad one: nothing is written to the good one either
bad vgcreate-blank-then-missing 5 "No device found for $N\." vgcreate vgn "$D" "$N"
bad vgcreate-blank-then-small 5 "Cannot use $S" vgcreate vgn "$D" "$S"
bad vgcreate-blank-then-used 5 "Physical volume '$O' is already in volume group 'vgo'" vgcreate vgn "$D" "$O"
bad vgcreate-orphan-then-used 5 "Physical volume '$A' is already in volume group 'vg0'" vgcreate vgn "$C" "$A"
bad vgcreate-blank-orphan-too-small-extent 5 "is too small for an extent size" vgcreate -s 16m vgn "$D" "$C"

# ---- vgextend
bad vgextend-no-args 3 "No command with matching syntax recognised.  Run 'vgextend --help'" vgextend
bad vgextend-no-pv 3 "No command with matching syntax recognised.  Run 'vgextend --help'" vgextend vg0
bad vgextend-zero-q 3 'Invalid argument for --zero: q' vgextend -Z q vg0 "$D"
bad vgextend-no-vg 5 'Volume group "nosuch" not found' vgextend nosuch "$C"
bad vgextend-pv-in-other-vg 5 "Physical volume '$O' is already in volume group 'vgo'" vgextend vg0 "$O"
bad vgextend-pv-already-here 5 "Physical volume '$A' is already in volume group 'vg0'" vgextend vg0 "$A"
bad vgextend-named-twice 5 "Physical volume $C is listed twice" vgextend vg0 "$C" "$C"
bad vgextend-too-small 5 "Cannot use $S" vgextend vg0 "$S"
bad vgextend-blank-then-missing 5 "No device found for $N\." vgextend vg0 "$D" "$N"

# ---- vgreduce
bad vgreduce-no-args 3 '' vgreduce
bad vgreduce-no-pv 3 'Please give the physical volumes to remove from VG vg0' vgreduce vg0
bad vgreduce-last-pv 5 "Can't remove final physical volume \".*b.img\" from volume group \"vg0\"" vgreduce vg0 "$A" "$B"
bad vgreduce-orphan 5 "Failed to find physical volume \"$C\"\\." vgreduce vg0 "$C"
bad vgreduce-other-vg 5 "Failed to find physical volume \"$O\"\\." vgreduce vg0 "$O"
bad vgreduce-blank 5 "Failed to find physical volume \"$D\"\\." vgreduce vg0 "$D"
bad vgreduce-missing-device 5 "Cannot use $N: device not found" vgreduce vg0 "$N"
bad vgreduce-no-vg 5 'Volume group "nosuch" not found' vgreduce nosuch "$A"
bad vgreduce-good-then-bad 5 "Failed to find physical volume \"$C\"\\." vgreduce vg0 "$A" "$C"

# ---- vgremove, vgrename
bad vgremove-no-args 3 "No command with matching syntax recognised.  Run 'vgremove --help'" vgremove
bad vgremove-bad-option 3 'Invalid option --bogus for vgremove' vgremove --bogus vg0
bad vgremove-no-vg 5 'Volume group "nosuch" not found' vgremove nosuch
bad vgremove-good-then-missing 5 'Volume group "nosuch" not found' vgremove -f nosuch vgo
bad vgrename-no-args 3 "No command with matching syntax recognised.  Run 'vgrename --help'" vgrename
bad vgrename-one-arg 3 "No command with matching syntax recognised.  Run 'vgrename --help'" vgrename vg0
bad vgrename-same 5 'Old and new volume group names must differ$' vgrename vg0 vg0
bad vgrename-no-vg 5 'Volume group "nosuch" not found' vgrename nosuch vgn
bad vgrename-to-existing 5 'A volume group called vgo already exists' vgrename vg0 vgo
bad vgrename-hyphen 5 'New volume group name "-vg" is invalid' vgrename vg0 -- -vg
bad vgrename-slash 5 'New volume group name "a/b" is invalid' vgrename vg0 a/b
bad vgrename-200 5 "New volume group path exceeds maximum length of 121!" vgrename vg0 "$LONG"
bad vgrename-dev-entry 5 '/dev/null: already exists in filesystem' vgrename vg0 null

# ---- vgs, vgdisplay, vgck, vgcfgbackup, vgcfgrestore, config
bad vgs-no-vg 5 'Volume group "nosuch" not found' vgs nosuch
bad vgs-field 5 'Unrecognised field: bogus' vgs -o bogus
bad vgs-bad-option 3 'Invalid option --bogus for vgs' vgs --bogus
bad vgs-reportformat 3 'Invalid argument for --reportformat: bogus' vgs --reportformat bogus
bad vgdisplay-no-vg 5 'Volume group "nosuch" not found' vgdisplay nosuch
bad vgdisplay-units 3 'Invalid units specification' vgdisplay --units x
bad vgck-no-vg 5 'Volume group "nosuch" not found' vgck nosuch
bad vgck-bad-option 3 'Invalid option --bogus for vgck' vgck --bogus
bad vgcfgbackup-no-vg 5 'Volume group "nosuch" not found' vgcfgbackup nosuch
# A VG named that is not there, beside one that is (LVM2's process_each_*):
# its two lines where it stands, the others done in the order given (a
# vgremove checks all first: it removes none).
bad vgremove-missing-line 5 'Cannot process volume group nosuch' vgremove -f vgo nosuch
bad vgchange-an-missing 5 'Cannot process volume group nosuch' vgchange -an vgo nosuch
lv vgs --noheadings -o name zzz vgo aaa
if [ "$RC" = 5 ] && [ "$(out | tr -d ' ')" = vgo ] &&
	[ "$(err)" = "$(printf '  Volume group "zzz" not found\n  Cannot process volume group zzz\n  Volume group "aaa" not found\n  Cannot process volume group aaa')" ]; then
	pass vgs-missing-in-order
else fail vgs-missing-in-order "exit $RC: $(out; err)"; fi
lv lvs vgx/a vgo/nolv
if [ "$RC" = 5 ] && [ "$(err)" = "$(printf '  Volume group "vgx" not found\n  Cannot process volume group vgx\n  Failed to find logical volume "vgo/nolv"')" ]; then
	pass lvs-missing-vg-and-lv
else fail lvs-missing-vg-and-lv "exit $RC: $(err)"; fi
bad vgcfgbackup-f-no-value 3 '-f' vgcfgbackup -f
bad vgcfgbackup-bad-dir 5 "Cannot write backup of VG vg0 to $T_DIR/nodir/x" vgcfgbackup -f "$T_DIR/nodir/x" vg0
bad vgcfgrestore-no-args 3 'Please give the name of the volume group to restore' vgcfgrestore
bad vgcfgrestore-no-backup 5 "Cannot read backup file .*/backup/nosuch" vgcfgrestore nosuch
bad vgcfgrestore-missing-file 5 "Cannot read backup file $T_DIR/none.vg" vgcfgrestore -f "$T_DIR/none.vg" vg0
echo 'garbage' >"$T_DIR/garbage.vg"
bad vgcfgrestore-garbage-file 5 "Backup file $T_DIR/garbage.vg is invalid" vgcfgrestore -f "$T_DIR/garbage.vg" vg0
# a backup of vgo restored under the name vg0 would take a PV of vgo
lv vgcfgbackup -f "$T_DIR/vgo.vg" vgo
bad vgcfgrestore-wrong-vg 5 'vg0|vgo' vgcfgrestore -f "$T_DIR/vgo.vg" vg0
bad config-type 3 'Invalid argument for --type: bogus' config --type bogus
bad config-bad-option 3 'Invalid option --bogus for config' config --bogus
bad config-unknown-setting 5 'Configuration node foo/bar not found' config foo/bar
bad config-bad-override 5 'Failed to parse --config string "garbage\{"' config --config 'garbage{'
bad lvmgr-unknown-command 3 'bogus' bogus

# ---- typed values and command forms (cmd/args.def, cmd/commands.c): a bad
# value or a command line no form takes fails at parsing, status 3
bad lvcreate-type-unknown 3 'Invalid argument for --type: raid5' lvcreate --type raid5 -L 4M vg0
bad lvcreate-size-junk 3 'Invalid argument for --size: x' lvcreate -L x vg0
bad lvcreate-size-parse-line 3 'Error during parsing of command line' lvcreate -L 4q vg0
bad lvcreate-extents-pct 3 'Invalid argument for --extents: 10%BOGUS' lvcreate -l 10%BOGUS vg0
bad lvcreate-extents-negative 3 'Extents may not be negative.' lvcreate -l -1 vg0	# (+1 is 1, as LVM2)
# zero sizes, as LVM2's arg_from_list_is_zero (lvcreate, lvresize: a bad
# line; lvconvert's pool options: a failure)
bad lvcreate-size-zero 3 '^  --size may not be zero\.' lvcreate -L 0 vg0
bad lvcreate-extents-zero-pct 3 '^  --extents may not be zero\.' lvcreate -l 0%FREE vg0
bad lvcreate-pool-metadata-zero 3 '^  --poolmetadatasize may not be zero\.' lvcreate -L 4M -T vg0/p --poolmetadatasize 0
bad lvcreate-pool-metadata-negative 3 'Invalid argument for --poolmetadatasize: -1' lvcreate -L 4M -T vg0/p --poolmetadatasize -1
bad lvextend-size-zero 3 '^  --size may not be zero\.' lvextend -L 0 vg0/x
bad lvresize-pool-metadata-zero 3 '^  --poolmetadatasize may not be zero\.' lvresize --poolmetadatasize 0 vg0/p
bad lvconvert-pool-metadata-zero 5 '^  --poolmetadatasize may not be zero\.' lvconvert --thinpool vg0/x --poolmetadatasize 0
bad lvcreate-stripes-junk 3 'Invalid argument for --stripes: x' lvcreate -i x -L 4M vg0
bad lvcreate-readahead-junk 3 'Invalid argument for --readahead: x' lvcreate -r x -L 4M vg0
bad lvcreate-activate-junk 3 'Invalid argument for --activate: x' lvcreate -a x -L 4M vg0
bad lvcreate-permission-junk 3 'Invalid argument for --permission: x' lvcreate -p x -L 4M vg0
bad lvcreate-linear-stripes 3 'Command does not accept option: --stripes 2' lvcreate --type linear -i 2 -L 4M vg0
bad lvcreate-stripesize-alone 3 'Command does not accept option: --stripesize 64k' lvcreate -I 64k -L 4M vg0
bad lvcreate-zero-with-pv 3 'Command does not accept argument' lvcreate --type zero -L 4M vg0 "$A"
bad lvcreate-zero-no-size 3 'Nearest similar command has syntax:' lvcreate --type zero vg0
bad lvcreate-no-vg 3 "No command with matching syntax recognised.  Run 'lvcreate --help'" lvcreate -L 4M
bad lvextend-no-size 3 "No command with matching syntax recognised.  Run 'lvextend --help'" lvextend vg0/x
bad lvreduce-pv 3 'Command does not accept argument' lvreduce -l 1 vg0/x "$A"
bad lvrename-four-args 3 'Command does not accept argument' lvrename vg0 a b c
bad lvchange-alloc-junk 3 'Invalid argument for --alloc: x' lvchange --alloc x vg0/x
bad vgchange-resizeable-junk 3 'Invalid argument for --resizeable: x' vgchange -x x vg0
bad vgchange-maxpv-below 5 'MaxPhysicalVolumes is less than the current number 2 of PVs for "vg0"' vgchange -p 1 vg0
bad vgchange-maxlv-range 3 'Invalid argument for --logicalvolume: 4294967296' vgchange -l 4294967296 vg0
bad vgchange-bad-tag 3 'Invalid argument for --addtag: a@b' vgchange --addtag a@b vg0
bad vgcreate-maxlv-junk 3 'Invalid argument for --maxlogicalvolumes: -1' vgcreate -l -1 vgn "$D"

# the images still hold what setup made
lv vgs --noheadings -o vg_name,pv_count,vg_seqno
check final-vgs-unchanged bash -c "grep -Eq 'vg0 +2 +1' '$T_DIR/out' && grep -Eq 'vgo +1 +1' '$T_DIR/out'"

# A question (LVM2's yes_no_prompt): asked on stderr; end of input is "no",
# shown as "[n]"; an answer other than y, yes, n, no (any case, blanks
# around) is refused and asked again; nothing changes without a yes.
P=$(img p.img 8M)
lv vgcreate vgp "$P"
lv lvcreate -an -Zn -l1 -n x vgp
before=$(sums "$P")
lv vgremove vgp </dev/null
expect prompt-eof 5
check prompt-on-stderr-eof-n bash -c "grep -q 'containing 1 logical volumes? \[y/n\]: \[n\]\$' '$T_DIR/err' && ! grep -q 'y/n' '$T_DIR/out'"
lv vgremove vgp < <(printf 'y')
expect prompt-partial-is-no 5 "Invalid input 'y'"
lv vgremove vgp < <(printf 'maybe\nverylonganswer\nnO \n')
expect prompt-invalid-then-no 5 "WARNING: Invalid input 'maybe'\."
check prompt-long-shown-8 grep -q "Invalid input 'verylong\.\.\.'\." "$T_DIR/err"
check prompt-asked-three-times test "$(grep -o 'y/n' "$T_DIR/err" | wc -l)" = 3
check prompt-no-nothing-written test "$before" = "$(sums "$P")"
lv vgremove vgp < <(printf ' YES \n')
expect prompt-yes 0 'Volume group "vgp" successfully removed'
t_done
