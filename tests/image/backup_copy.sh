#!/bin/bash
# The backup file after a change copies the sections of the LVs the
# command left alone from the previous backup, when the archive job found
# that file to hold the version read (same lines as the disk text but for
# tabs and comments) and the VG came from the VG cache. The file must be
# what a full export writes: after every kind of change its VG section is
# compared with vgcfgbackup -f's.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 256M); B=$(img b.img 256M)
lv vgcreate -s 1m vg0 "$A" "$B"
expect setup-vgcreate 0
bad=0
for i in $(seq 1 40); do "$LVMGR" lvcreate -an -Zn -l 1 -n "l$i" vg0 >/dev/null 2>&1 || bad=1; done
"$LVMGR" lvcreate -an -Zn -l 2 -i 2 -n striped vg0 >/dev/null 2>&1 || bad=1
check setup-lvs test "$bad" = 0
BK=$LVM_SYSTEM_DIR/backup/vg0
body() { sed -n '/^vg0 {/,$p' "$1"; }
# same_as_full NAME: the backup's VG section is the full export's
same_as_full() {
	"$LVMGR" vgcfgbackup -f "$T_DIR/full.vg" vg0 >/dev/null 2>&1 &&
		cmp -s <(body "$BK") <(body "$T_DIR/full.vg")
	check "$1" test $? = 0
}
# copied: how many sections the last -vvvv command copied ("" if none said)
copied() { sed -n 's/.*Backup of VG vg0: \([0-9]*\) of [0-9]* LV sections copied.*/\1/p' "$T_DIR/err"; }

lv lvcreate -vvvv -an -Zn -l 3 -n new vg0
expect lvcreate 0
check lvcreate-copies-the-others test "$(copied)" = 41
same_as_full lvcreate-backup-is-full-export
lv lvextend -vvvv -l +2 vg0/l7
expect lvextend 0
check lvextend-copies-the-others test "$(copied)" = 41
same_as_full lvextend-backup-is-full-export
lv lvrename -vvvv vg0 l8 renamed
expect lvrename 0
same_as_full lvrename-backup-is-full-export
lv lvchange -vvvv --addtag t1 vg0/l9
expect lvchange-addtag 0
same_as_full lvchange-backup-is-full-export
lv lvremove -vvvv -y vg0/l10 vg0/l11
expect lvremove-two 0
same_as_full lvremove-backup-is-full-export
lv lvreduce -vvvv -y -l 1 vg0/new
expect lvreduce 0
same_as_full lvreduce-backup-is-full-export
lv vgchange -vvvv --addtag vt vg0
expect vgchange-addtag 0
check vgchange-copies-every-lv test "$(copied)" = "$(("$(body "$BK" | grep -c 'segment_count')"))"
same_as_full vgchange-backup-is-full-export

# a backup that no longer holds the version read (edited by hand): the
# archive is exported instead, and the new backup written in full
sed -i 's/^\(\t\tl20 {\)$/\1/; /^\t\tl20 {$/,/^\t\t}$/ s/extent_count = 1/extent_count = 1 /' "$BK"
sed -i '/^\t\tl21 {$/,/^\t\t}$/ s/status = \["READ", "WRITE", "VISIBLE"\]/status = ["READ", "VISIBLE", "WRITE"]/' "$BK"
lv lvcreate -vvvv -an -Zn -l 1 -n after_edit vg0
expect lvcreate-after-edit 0
check edited-backup-not-copied test "$(copied)" = 0
same_as_full edited-backup-replaced-by-full-export
# and the archive of the version before is that VG, not the edited file
last=$(ls -t "$LVM_SYSTEM_DIR/archive" | head -1)
check archive-not-from-edited test "$(grep -c 'READ", "VISIBLE", "WRITE' "$LVM_SYSTEM_DIR/archive/$last")" = 0

# comments are not compared: a changed comment in the old backup is
# carried, it is the same version (and the same lines LVM2 reads)
lv lvcreate -an -Zn -l 1 -n one_more vg0
expect lvcreate-again 0
sed -i '/^\t\tl22 {$/,/^\t\t}$/ s/\(extent_count = 1\)\t\+# .*/\1\t# edited comment/' "$BK"
lv lvcreate -vvvv -an -Zn -l 1 -n after_comment vg0
expect lvcreate-after-comment 0
check comment-edit-still-copied test "$(copied)" -gt 40
check comment-carried test "$(grep -c '# edited comment' "$BK")" = 1
lv vgck vg0
expect vgck-clean 0
t_done
