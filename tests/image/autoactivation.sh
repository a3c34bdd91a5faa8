#!/bin/bash
# Autoactivation on image files: pvscan --cache never records them (no
# device number: LVM2 never sees them) and vgchange -aay never activates
# their VGs; the option rules and global/event_activation as LVM2. The
# online files themselves are tested on loop devices
# (tests/interop/autoactivation.sh) and in tests/unit/test_online.c.
. "$(dirname "$0")/../lib.sh"

export LVMGR_RUN_DIR=$T_DIR/run/lvm
mkdir -p "$T_DIR/run"	# /run exists; lvmgr makes /run/lvm, as LVM2
A=$(img a.img 32M); B=$(img b.img 32M)
lv vgcreate vg0 "$A" "$B"
expect setup-vgcreate 0
lv lvcreate -an -L 8M -n l1 vg0
expect setup-lvcreate 0
nfiles() { find "$LVMGR_RUN_DIR" -type f 2>/dev/null | wc -l; }

lv pvscan --cache --listvg --checkcomplete --vgonline --autoactivation event "$A"
expect pvscan-image-not-recorded 0 "pvscan\[[0-9]+\] $A is an image file: never autoactivated\."
check pvscan-image-no-files test "$(nfiles)" = 0
lv pvscan --cache --listvg --checkcomplete --vgonline --autoactivation event --udevoutput "$A"
check pvscan-image-udevoutput-silent test "$RC" = 0 -a ! -s "$T_DIR/out" -a ! -s "$T_DIR/err"
lv pvscan --cache
check pvscan-all-skips-images test "$RC" = 0 -a "$(nfiles)" = 0 -a -d "$LVMGR_RUN_DIR/pvs_online"
lv pvscan --cache "$T_DIR/nothing"
expect pvscan-missing-device 0 "nothing not found"

# event_activation=0: nothing is reported complete, nothing recorded (LVM2)
lv pvscan --config global/event_activation=0 --cache --listvg --checkcomplete --vgonline --udevoutput "$A"
check pvscan-event-activation-0-udev test "$RC" = 0 -a "$(out)" = "LVM_EVENT_ACTIVATION=0"
lv pvscan --config global/event_activation=0 --cache --listvg --checkcomplete "$A"
expect pvscan-event-activation-0 0 "Ignoring pvscan with --checkcomplete because event_activation is disabled"
lv pvscan --config global/event_activation=0 --cache -v "$A"
expect pvscan-cache-event-activation-0 0 "Ignoring pvscan --cache because event_activation is disabled"
lv pvscan --cache --autoactivation boot "$A"
expect pvscan-unknown-autoactivation 0 "Skip pvscan for unknown autoactivation value"

# option rules
lv pvscan "$A"
expect pvscan-dev-needs-cache 3 "Command does not accept argument: $A."
lv pvscan --listvg
expect pvscan-listvg-needs-cache 3 "Command does not accept option: --listvg"
lv pvscan --cache --journal debug "$A"
expect pvscan-journal-value 3 "Unknown --journal value debug"
lv vgchange -ay --autoactivation event vg0
expect vgchange-autoactivation-needs-aay 3 "--autoactivation goes with -aay"

# vgchange -aay: image-file VGs are not autoactivated; -ay still works
lv vgchange -aay --dry-run vg0
expect vgchange-aay-image-vg 0 "VG vg0 is on image files: not autoactivated \(use -ay\)\."
check vgchange-aay-image-no-table test -z "$(grep linear "$T_DIR/out")"
lv vgchange -ay --dry-run vg0
expect vgchange-ay-image-vg 0 "linear $A"
lv vgchange -aay --autoactivation event --config global/event_activation=0 vg0
expect vgchange-event-activation-0 0 "Skip vgchange for event and event_activation=0\."
lv vgchange -aay --autoactivation other vg0
expect vgchange-unknown-autoactivation 0 "Skip vgchange for unknown autoactivation value\."

# --setautoactivation (the metadata itself is compared with LVM2's in
# tests/interop/autoactivation.sh)
lv vgchange --setautoactivation n vg0
expect setautoactivation-vg-n 0 'Volume group "vg0" successfully changed'
lv lvchange --setautoactivation n vg0/l1
expect setautoactivation-lv-n 0 "Logical volume vg0/l1 changed\."
lv vgs --noheadings -o vg_autoactivation vg0
check report-vg-off test -z "$(out | tr -d ' ')"
lv lvs --noheadings -o lv_autoactivation vg0/l1
check report-lv-off test -z "$(out | tr -d ' ')"
lv vgchange --setautoactivation n vg0
expect setautoactivation-vg-already 5 "Volume group autoactivation is already no\."
lv vgchange --setautoactivation maybe vg0
expect setautoactivation-bad-value 3 "Invalid argument for --setautoactivation: maybe"
lv vgchange --setautoactivation y vg0
expect setautoactivation-vg-y 0
lv lvchange --setautoactivation y vg0/l1
expect setautoactivation-lv-y 0
lv vgs --noheadings -o vg_autoactivation vg0
check report-vg-on test "$(out | tr -d ' ')" = enabled
lv vgck vg0
expect setautoactivation-vgck 0

# --sysinit: a lock directory that cannot be made (read-only early boot)
# does not stop a read-only activation; without it the command fails
touch "$T_DIR/notadir"
lv vgchange -ay --dry-run --config "global/locking_dir=\"$T_DIR/notadir/lock\"" vg0
expect sysinit-absent-lock-fails 5
lv vgchange -ay --dry-run --sysinit --config "global/locking_dir=\"$T_DIR/notadir/lock\"" vg0
expect sysinit-ignores-lock-dir 0 "linear $A"
lv vgchange -ay --dry-run --sysinit vg0
expect sysinit-normal-lock 0 "linear $A"
lv vgchange --sysinit --setautoactivation n --config "global/locking_dir=\"$T_DIR/notadir/lock\"" vg0
expect sysinit-not-for-changes 5

exit $T_FAILED
