#!/bin/bash
# LV commands on a VG of 2,100 LVs (a 600 KB text): more LVs than
# vg_export_split_lvs and vg_import_split_lvs (2,000, metadata/export.c,
# import.c) and more text than cft_split_min (512 KiB), so the disk text
# and the backup file are exported, a parsed text imported, and the text
# parsed by two threads each; the backup copies the sections of the LVs
# left alone from the previous backup from both export threads. After each
# change the backup's VG section is vgcfgbackup -f's, a reader without the
# VG cache sees what one with it sees, and vgck finds every copy clean.
# (The tsan layer runs this group for those threads; crash.sh takes the
# same commands through fault injection.)
. "$(dirname "$0")/../lib.sh"

L1=$(img l1.img 160M); L2=$(img l2.img 160M)
lv pvcreate --metadatasize 2m "$L1" "$L2"
expect pvcreate 0
lv vgcreate -s 128k vgbig "$L1" "$L2"
expect vgcreate 0
lv vgcfgbackup -f "$T_DIR/base.vg" vgbig
expect base-backup 0
python3 "$(dirname "$0")/../../bench/genmeta.py" "$T_DIR/base.vg" "$T_DIR/gen.vg" 2100
lv vgcfgrestore -f "$T_DIR/gen.vg" vgbig
expect vgcfgrestore 0
lv vgcfgbackup vgbig
expect backup 0

BK=$LVM_SYSTEM_DIR/backup/vgbig
body() { sed -n '/^vgbig {/,$p' "$1"; }
report() { "$LVMGR" lvs -a -o lv_name,lv_size,seg_pe_ranges,lv_tags --noheadings vgbig 2>&1; }
# after NAME: the checks after a change
after() {
	"$LVMGR" vgcfgbackup -f "$T_DIR/full.vg" vgbig >/dev/null 2>&1 &&
		cmp -s <(body "$BK") <(body "$T_DIR/full.vg")
	check "$1-backup-is-full-export" test $? = 0
	check "$1-same-without-cache" test "$(report)" = "$(LVMGR_VG_CACHE=0 report)"
	lv vgck vgbig
	check "$1-vgck-clean" test "$RC" = 0 -a ! -s "$T_DIR/err"
}
# copied: the sections the last commit of the last -vvvv command copied
# into the backup
copied() { sed -n 's/.*Backup of VG vgbig: \([0-9]*\) of [0-9]* LV sections copied.*/\1/p' "$T_DIR/err" | tail -1; }

lv lvcreate -an -l 1 -n first vgbig	# the first change after the restore
expect lvcreate-first 0
after lvcreate-first
lv lvcreate -vvvv -an -l 1 -n new vgbig
expect lvcreate 0
check lvcreate-copies-the-others test "$(copied)" = 2101
after lvcreate
lv lvextend -vvvv -l +2 vgbig/new
expect lvextend 0
check lvextend-copies-the-others test "$(copied)" = 2101
after lvextend
lv lvrename -vvvv vgbig lv1000 renamed1000
expect lvrename 0
check lvrename-copies-the-others test "$(copied)" = 2101
after lvrename
lv lvchange -vvvv --addtag t1 vgbig/lv1500
expect lvchange-addtag 0
after lvchange-addtag
lv lvremove -vvvv -y vgbig/lv7 vgbig/new
expect lvremove-two 0
check lvremove-copies-the-others test "$(copied)" = 2100
after lvremove
# without the VG cache: parsed (two threads) and exported in full
LVMGR_VG_CACHE=0 "$LVMGR" lvcreate -an -l 1 -n uncached vgbig >"$T_DIR/out" 2>"$T_DIR/err"
RC=$?
expect lvcreate-uncached 0
after lvcreate-uncached
t_done
