#!/bin/bash
# What scripts and services type, against LVM2 2.03.16 on the same loop
# devices. vgchange's limits and new UUID, and the options scripts pass (--monitor, --poll, --ignoremonitoring, --ignorelockingfailure),
# against LVM2 2.03.16 on the same loop devices: the same command sequence
# run by each tool on fresh devices with backups off, stdout and stderr
# taken together, must give the same transcript line for line:
#   - -l|--logicalvolume and -p|--maxphysicalvolumes: LVM2's checks in its
#     order (resizeable first, before -x changes it; the LV and PV counts),
#     its words and statuses, a commit even when the value is the same,
#     4294967295 the largest value (refused while parsing above it, as
#     vgcreate's -l/-p);
#   - -u: a new VG UUID, the LVs' own kept; the new one read by both tools;
#   - --monitor, --poll, --ignoremonitoring, --ignorelockingfailure with
#     and without -a, "Only -ay* allowed with --monitor or --poll.";
#     lvchange --monitor/--poll of an LV not active;
#   - lvremove of LVs of two VGs: each VG once, in the order the arguments
#     first name it, its LVs in the VG's order and each once, whatever
#     the form (VG/LV, /dev/VG/LV, VG), the names not found after the
#     VG's removals;
#   - a line short of what every form needs (lvcreate VG, lvchange VG/LV,
#     lvextend VG/LV, ...): LVM2's "No command with matching syntax" and
#     nothing else; -L/-l signs lvextend/lvreduce refuse, bad tags (an '@'
#     before one dropped): LVM2's parse errors; lvconvert VG/LV of a linear
#     LV, vgreduce of a PV not in the VG, vgcreate -s 3k: LVM2's words and
#     statuses.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 64M)"; L1=$LOOP
attach "$(img b.img 64M)"; L2=$LOOP
lvm_conf
sed -i 's|^backup { |backup { backup = 0 archive = 0 |' "$LVM_SYSTEM_DIR/lvm.conf"

run_seq() {	# run_seq TOOL: the transcript on stdout
	local T=$1
	x() { echo "\$ $*"; "$T" "$@" 2>&1 </dev/null | sed "s|$L1|L1|g; s|$L2|L2|g; /Activation disabled/d"; echo "rc=${PIPESTATUS[0]}"; }
	x pvcreate -q "$L1" "$L2"
	x vgcreate -q vg "$L1" "$L2"
	x lvcreate -an -Zn -L 4M -n a vg
	x lvcreate -an -Zn -L 4M -n b vg
	x vgchange -l 1 vg
	x vgchange -l 2 vg
	x vgchange -l 2 vg
	x lvcreate -an -Zn -L 4M -n c vg
	x vgchange -l 3 vg
	x lvcreate -an -Zn -L 4M -n c vg
	x lvcreate -an -Zn -L 4M -n d vg
	x vgs -o vg_name,max_lv,max_pv,lv_count vg
	x vgchange -l 2 vg
	x vgchange -l 0 -p 0 vg
	x vgchange -l 1 -p 1 vg
	x vgchange -p 1 vg
	x vgchange -l 1 --addtag zz vg
	x vgchange -l abc vg
	x vgchange -l -1 vg
	x vgchange -p -1 vg
	x vgchange -l 4294967296 vg
	x vgchange -l 4294967295 vg
	x vgs -o vg_name,max_lv,max_pv,tags vg
	x vgchange -l 0 vg
	x vgchange -l 5 -x n vg
	x vgs -o vg_name,max_lv,vg_attr vg
	x vgchange -x y -l 6 vg
	x vgchange -p 6 vg
	x vgchange -l 7 -p 8 --deltag zz vg
	x vgchange -x y vg
	x vgchange -l 7 -p 8 --addtag zz vg
	x vgs -o vg_name,max_lv,max_pv,vg_attr,tags vg
	x vgcreate -l 4294967296 vg9 "$L1"
	x vgcreate -p 4294967296 vg9 "$L1"
	x vgchange --monitor n vg
	x vgchange --poll n vg
	x vgchange --poll y vg
	x vgchange --ignorelockingfailure -an vg
	x vgchange --ignoremonitoring -an vg
	x vgchange -an --poll n vg
	x vgchange -an --monitor y vg
	x vgchange -l 1 --poll y vg
	x vgchange --monitor n nosuchvg
	x vgs --ignorelockingfailure vg
	x lvs --ignorelockingfailure -o lv_name vg
	x lvchange --ignorelockingfailure -an vg/a
	x lvchange --monitor n vg/a
	x lvchange --poll y vg/a
	x lvchange --poll n vg/nosuch
	x vgchange -u vg
	x vgs --noheadings -o lv_count vg
	x vgck vg
}

lvremove_seq() {	# lvremove_seq TOOL: the transcript on stdout
	local T=$1 v n
	x() { echo "\$ $*"; "$T" "$@" 2>&1 </dev/null | sed "s|$L1|L1|g; s|$L2|L2|g; /Activation disabled/d"; echo "rc=${PIPESTATUS[0]}"; }
	x vgcreate -q vgz "$L1"
	x vgcreate -q vga "$L2"
	for v in vgz vga; do for n in a b c d; do "$T" lvcreate -an -Zn -L 4M -n $n $v >/dev/null 2>&1; done; done
	x lvremove -y vgz/c vga/b vgz/a vga/nosuch vgz/nosuch vga/a
	x lvremove -y /dev/vgz/b /dev/vga/c vgz/b vga/d
	x lvremove vgz/nosuch
	x lvremove -y vgz vga/c vgz/d
	x lvs vga vgz
	x lvremove -y vgq/x vga
}

syntax_seq() {	# syntax_seq TOOL: a command line short of what it needs, and others
	local T=$1
	x() { echo "\$ $*"; "$T" "$@" 2>&1 </dev/null | sed "s|$L1|L1|g; s|$L2|L2|g; /Activation disabled/d"; echo "rc=${PIPESTATUS[0]}"; }
	x pvcreate -q "$L1" "$L2"
	x vgcreate -q vg "$L1"
	x lvcreate -an -Zn -L 8M -n a vg
	x lvcreate vg
	x lvcreate -n x vg
	x lvchange vg/a
	x vgchange vg
	x pvchange "$L1"
	x lvresize vg/a
	x lvextend vg/a
	x lvresize -r vg/a
	x lvextend -L -1M vg/a
	x lvextend -l -1 vg/a
	x lvreduce -L +1M vg/a
	x lvreduce -l +1 vg/a
	x lvconvert vg/a
	x vgreduce vg "$L2"
	x vgreduce vg /dev/nosuchdevice
	x vgcreate -s 3k vg2 "$L2"
	x lvcreate -an -Zn -L 4M --addtag 'bad tag' -n t vg
	x vgchange --addtag 'a@b' vg
	x vgchange --addtag @t1 --addtag t2 vg
	x vgchange --deltag @t1 vg
	x vgs -o vg_name,tags vg
}

wipe() {
	local d
	for d in "$L1" "$L2"; do dd if=/dev/zero of="$d" bs=1M count=4 conv=notrunc status=none; done
	rm -rf "$T_DIR/lock"/*
}
uuids() {	# uuids TOOL: the VG's and its LVs' UUIDs
	"$1" vgs --noheadings -o vg_uuid vg 2>/dev/null | tr -d ' '
	"$1" lvs --noheadings -o lv_name,lv_uuid vg 2>/dev/null | tr -s ' '
}
transcript_vs_lvm2 transcript-as-lvm2 wipe run_seq
check lvm2-changed grep -q 'Volume group "vg" successfully changed' "$T_DIR/transcript-as-lvm2.lvm2"
check lvm2-refused grep -q 'MaxLogicalVolume is less than the current number 3 of LVs for vg' "$T_DIR/transcript-as-lvm2.lvm2"
transcript_vs_lvm2 lvremove-as-lvm2 wipe lvremove_seq
check lvremove-lvm2-order grep -q 'vgz/nosuch' "$T_DIR/lvremove-as-lvm2.lvm2"
transcript_vs_lvm2 syntax-as-lvm2 wipe syntax_seq
check syntax-lvm2-no-match grep -q "No command with matching syntax recognised.  Run 'lvchange --help'" "$T_DIR/syntax-as-lvm2.lvm2"
# the first sequence's VG again, for -u
wipe
run_seq "$LVMGR" >/dev/null
# -u by lvmgr: a new VG UUID, the same LV UUIDs, LVM2 reads it as lvmgr does
uuids lvm >"$T_DIR/u.before"
lv vgchange -u vg
expect uuid-changed 0 'Volume group "vg" successfully changed' 
uuids lvm >"$T_DIR/u.lvm2"
uuids "$LVMGR" >"$T_DIR/u.lvmgr"
check uuid-new test "$(head -1 "$T_DIR/u.before")" != "$(head -1 "$T_DIR/u.lvm2")"
check uuid-lvs-kept cmp -s <(tail -n +2 "$T_DIR/u.before") <(tail -n +2 "$T_DIR/u.lvm2")
check uuid-both-read cmp -s "$T_DIR/u.lvm2" "$T_DIR/u.lvmgr"
l2 vgck vg
check uuid-lvm2-vgck test "$RC" = 0
t_done
