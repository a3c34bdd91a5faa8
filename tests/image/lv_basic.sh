#!/bin/bash
# LV commands on image files: create, extend, reduce, resize, rename, remove,
# with sizes, stripes, PV lists and bad input.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M); B=$(img b.img 64M)
lv vgcreate vg0 "$A" "$B"
expect setup-vgcreate 0

lv lvcreate -an -L 10M -n lin vg0
expect lvcreate-linear 0 'Rounding up size to full physical extent 12.00 MiB$'
lv lvs --noheadings -o lv_name,lv_size,seg_count,segtype --units m --nosuffix vg0/lin
check lvcreate-size grep -Eq 'lin +12.00 +1 +linear' "$T_DIR/out"

lv lvcreate -an -i 2 -I 64k -l 4 -n str vg0
expect lvcreate-striped 0 'created'
lv lvs --noheadings -o stripes,stripe_size,devices vg0/str
check lvcreate-striped-layout grep -Eq '2 +64.00k .*a.img\([0-9]+\),.*b.img\([0-9]+\)' "$T_DIR/out"
check lvcreate-striped-no-default-note bash -c "! grep -q 'Using default stripesize' '$T_DIR/out'"
# LVM2's words about the stripe size (_validate_stripe_params)
lv lvcreate -an -i 2 -l 2 -n strd vg0
expect lvcreate-striped-default 0 '^  Using default stripesize 64.00 KiB.$'
lv lvcreate -an -i 1 -I 128k -l 1 -n str1 vg0
expect lvcreate-single-stripe-size-ignored 0 '^  Ignoring stripesize argument with single stripe.$'
lv lvremove -y vg0/strd vg0/str1
expect lvcreate-stripe-notes-removed 0

lv lvcreate -an -l 50%FREE -n half vg0
expect lvcreate-percent-free 0
lv lvcreate -an -L 4M vg0
expect lvcreate-default-name 0 'Logical volume "lvol0" created'
lv lvcreate -an --type zero -L 1G -n zz vg0
expect lvcreate-zero 0
lv lvs --noheadings -o segtype vg0/zz
check lvcreate-zero-type grep -q zero "$T_DIR/out"

lv lvextend -L +8M vg0/lin
expect lvextend 0 'from 12.00 MiB \(3 extents\) to 20.00 MiB \(5 extents\)'
lv lvreduce -y -L 8M vg0/lin
expect lvreduce 0 'to 8.00 MiB \(2 extents\)'
lv lvresize -l +1 vg0/lin
expect lvresize 0 'successfully resized'
lv lvextend -L 4M vg0/lin
expect lvextend-smaller 5 'not larger than existing size'

S=$(sums "$A" "$B")
lv lvcreate -an -L 1T -n huge vg0
expect lvcreate-no-space 5 'insufficient free space'
lv lvcreate -an -L 4M -n lin vg0
expect lvcreate-duplicate 5 'already exists'
lv lvcreate -an -L 4M -n "lv_rimage_0" vg0
expect lvcreate-reserved 3 'reserved'
lv lvcreate -an -L 4M -n 'bad/name' vg0
expect lvcreate-bad-name 3 'Inconsistent volume group names given: "bad" and "vg0"'
lv lvcreate -an -L 4M -n 'a?b' vg0
expect lvcreate-bad-char 3 '^  Logical volume name "a\?b" is invalid\.$'
check lvcreate-bad-hint grep -qx "  Run \`lvcreate --help' for more information." "$T_DIR/err"
lv lvcreate -an -L -4M -n neg vg0
expect lvcreate-negative 3 'Invalid argument'
lv lvcreate -an -n nosize vg0
expect lvcreate-no-size 3 "^  No command with matching syntax recognised.  Run 'lvcreate --help' for more information.$"
lv lvcreate -an -L 4M -l 1 vg0
expect lvcreate-both-sizes 3 'either size'
lv lvcreate -an -i 3 -L 4M vg0
expect lvcreate-too-many-stripes 5 'must not exceed number of physical volumes'
lv lvcreate -ay -L 4M -n act vg0
expect lvcreate-ay-refused 5 'device-mapper is not available'
lv lvcreate -an -L 4M -n x nosuchvg
expect lvcreate-no-vg 5 'Volume group "nosuchvg" not found'
lv lvreduce -L +4M vg0/lin
expect lvreduce-plus 3 '^  Size may not be positive.$'
# the LV API's request errors (lv_rename: -EINVAL) stay command line errors
lv lvrename vg0 lin lin_rimage_1
expect lvrename-reserved 3 'Names including "_rimage" are reserved'
lv lvrename vg0/lin lin
expect lvrename-same 3 'must differ'
lv lvrename vg0 nosuch other
expect lvrename-no-lv 5 'Existing logical volume "nosuch" not found'
lv lvextend -i 2 -I 3k -L +4M vg0/lin
expect lvextend-stripesize-odd 3 '^  Invalid stripe size 3.00 KiB\.$'
check bad-lv-input-writes-nothing test "$S" = "$(sums "$A" "$B")"
# -n VG/LV with the VG given too (LVM2's _lvcreate_name_params)
lv lvcreate -an -L 4M -n vg0/lvx vg0
expect lvcreate-vg-in-name 0 'Logical volume "lvx" created'
lv lvremove -y vg0/lvx
expect lvcreate-vg-in-name-cleanup 0

lv lvcreate -an -L 4M -n onb vg0 "$B"
expect lvcreate-pv-list 0
lv lvs --noheadings -o devices vg0/onb
check lvcreate-on-named-pv grep -q b.img "$T_DIR/out"

lv lvremove vg0/lvol0
expect lvremove 0 'successfully removed'
# several LVs in one command: each change starts from the previous one
for n in m1 m2 m3 m4; do lv lvcreate -an -L 4M -n $n vg0; done
lv lvremove -y vg0/m1 vg0/m2 vg0/m3
expect lvremove-several 0
lv lvs --noheadings -o lv_name vg0
check lvremove-several-all-gone bash -c "! grep -Eq 'm1|m2|m3' '$T_DIR/out' && grep -q m4 '$T_DIR/out'"
lv lvchange --addtag t1 vg0/m4 --addtag t2
lv lvchange --deltag t1 vg0/m4 vg0/lin
lv lvs --noheadings -o lv_tags vg0/m4
check lvchange-sequential grep -Eq '^ *t2 *$' "$T_DIR/out"
lv vgck vg0
expect vgck-after-lv-changes 0
# The archive a change leaves is the VG as it was before: what vgcfgbackup
# wrote just before, but for the header's description and time; restoring
# it undoes the change.
lv vgcfgbackup -f "$T_DIR/before.vg" vg0
lv lvcreate -an -L 4M -n arch vg0
expect lvcreate-for-archive 0
last=$(ls "$LVM_SYSTEM_DIR"/archive/vg0_*.vg | sort | tail -1)
strip_hdr() { grep -Ev '^(# Generated by|description = |creation_time = )' "$1"; }
strip_hdr "$T_DIR/before.vg" >"$T_DIR/before.body"
strip_hdr "$last" >"$T_DIR/archive.body"
check archive-is-old-version cmp "$T_DIR/before.body" "$T_DIR/archive.body"
check archive-description grep -Eq "^description = \"Created \*before\* executing '.*lvcreate -an -L 4M -n arch vg0'\"" "$last"
lv vgcfgrestore -f "$last" vg0
expect archive-restores 0
lv lvs --noheadings -o lv_name vg0
check archive-restored-state bash -c "! grep -q arch '$T_DIR/out' && grep -q m4 '$T_DIR/out'"
# The archive is copied from the backup file when that file holds the
# version read (above); an edited backup (the same seqno, other content)
# or none at all is not used: the archive is then exported from the VG
# read, the same bytes.
lv vgcfgbackup -f "$T_DIR/before2.vg" vg0
sed -i 's/^\(\t*\)extent_count = 1\t/\1extent_count = 2\t/' "$LVM_SYSTEM_DIR/backup/vg0"
check backup-edited grep -q 'extent_count = 2' "$LVM_SYSTEM_DIR/backup/vg0"
lv lvcreate -an -L 4M -n arch2 vg0
expect lvcreate-edited-backup 0
last=$(ls "$LVM_SYSTEM_DIR"/archive/vg0_*.vg | sort | tail -1)
strip_hdr "$T_DIR/before2.vg" >"$T_DIR/before2.body"
strip_hdr "$last" >"$T_DIR/archive2.body"
check archive-not-from-edited-backup cmp "$T_DIR/before2.body" "$T_DIR/archive2.body"
lv vgcfgbackup -f "$T_DIR/before3.vg" vg0
rm -f "$LVM_SYSTEM_DIR/backup/vg0"
lv lvremove -y vg0/arch2
expect lvremove-no-backup 0
last=$(ls "$LVM_SYSTEM_DIR"/archive/vg0_*.vg | sort | tail -1)
strip_hdr "$T_DIR/before3.vg" >"$T_DIR/before3.body"
strip_hdr "$last" >"$T_DIR/archive3.body"
check archive-without-backup cmp "$T_DIR/before3.body" "$T_DIR/archive3.body"
# A command that fails before its commit leaves no archive behind, and the
# archive and backup jobs leave no temporary file; the backup is the new
# version.
n_before=$(ls "$LVM_SYSTEM_DIR"/archive | wc -l)
lv lvcreate -an -L 4M -n m4 vg0
expect lvcreate-exists-no-archive 5 'already exists'
check failed-command-no-archive test "$(ls "$LVM_SYSTEM_DIR"/archive | wc -l)" = "$n_before"
check no-temporary-files test -z "$(find "$LVM_SYSTEM_DIR"/archive "$LVM_SYSTEM_DIR"/backup -name '.*tmp')"
lv lvcreate -an -L 4M -n bk vg0
check backup-is-new-version grep -q '^		bk {' "$LVM_SYSTEM_DIR/backup/vg0"
check archive-one-more test "$(ls "$LVM_SYSTEM_DIR"/archive | wc -l)" = "$((n_before + 1))"
# LVM2's forms scripts use: `lvextend VG/LV PV` (all the PV's free space:
# -l +100%PVS), `lvchange ... VG` (every LV of the VG)
lv vgcreate vgf "$(img f1.img 32M)" "$(img f2.img 32M)"
lv lvcreate -an -L 8M -n fl1 vgf "$T_DIR/f1.img"
lv lvcreate -an -L 8M -n fl2 vgf "$T_DIR/f1.img"
lv lvextend vgf/fl1 "$T_DIR/f2.img"
expect lvextend-pv-no-size 0 'successfully resized'
lv lvs --noheadings --nosuffix --units m -o lv_size vgf/fl1
check lvextend-pv-all-its-free test "$(out | tr -d ' ')" = "$((8 + 28)).00"
lv lvchange --addtag whole vgf
expect lvchange-vg-name 0
lv lvs --noheadings -o lv_tags vgf
check lvchange-vg-every-lv test "$(out | tr -d ' ' | sort -u)" = whole
before=$(sums "$T_DIR/f1.img" "$T_DIR/f2.img")
lv lvchange --addtag x novg
expect lvchange-vg-not-found 5 'Volume group "novg" not found'
check lvchange-vg-not-found-unchanged test "$before" = "$(sums "$T_DIR/f1.img" "$T_DIR/f2.img")"
# libdevmapper is loaded only when device-mapper is used: not by reports
# or by commands on a kernel without device-mapper (this host)
LD_DEBUG=libs "$LVMGR" lvs vg0 >/dev/null 2>"$T_DIR/ld"
check lvs-no-libdevmapper bash -c "grep -q 'calling init' '$T_DIR/ld' && ! grep -q libdevmapper '$T_DIR/ld'"
t_done
