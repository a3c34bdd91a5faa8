#!/bin/bash
# What LVM2 says around a command's own messages, in its order, against
# LVM2 2.03.16 on the same loop devices: the same command sequence run by
# each tool on fresh devices with backups off, stdout and stderr taken
# together, must give the same transcript line for line (LVM2's
# "Activation disabled" of this layer's lvm.conf left out):
#   - "WARNING: This metadata update is NOT backed up." once a command that
#     committed, where LVM2 gives up the VG (after lvcreate's message,
#     before vgcreate's, vgrename's and pvchange's, after each VG of
#     vgchange);
#   - "Run `lvcreate --help' for more information." after any command
#     that finds its line invalid (exit 3);
#   - "TEST MODE: ..." without "WARNING: ", no test-mode commit line;
#   - lvchange -p of an LV already so, pvchange of a PV in no VG, a
#     snapshot without a size, pvremove of a PV in a VG (its question
#     answered no), an unknown report field (the field list first):
#     LVM2's words and exit statuses.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 64M)"; L1=$LOOP
attach "$(img b.img 64M)"; L2=$LOOP
attach "$(img c.img 64M)"; L3=$LOOP
lvm_conf
sed -i 's|^backup { |backup { backup = 0 archive = 0 |' "$LVM_SYSTEM_DIR/lvm.conf"
grep -q 'backup = 0' "$LVM_SYSTEM_DIR/lvm.conf" || { fail conf "backup = 0 not set"; t_done; exit; }

run_seq() {	# run_seq TOOL: the transcript on stdout
	local T=$1
	x() { echo "\$ $*"; "$T" "$@" 2>&1 </dev/null | sed "s|$L1|L1|g; s|$L2|L2|g; s|$L3|L3|g; /Activation disabled/d"; echo "rc=${PIPESTATUS[0]}"; }
	x pvcreate -q "$L1" "$L2" "$L3"
	x vgcreate vg "$L1" "$L2"
	x pvremove "$L1"
	x pvremove -ff "$L1"
	x vgcreate -t vgt "$L3"
	x vgextend vg "$L3"
	x vgreduce vg "$L3"
	x vgchange --addtag t1 vg
	x lvcreate -an -Zn -L 8M -n a vg
	x lvcreate -t -an -Zn -L 8M -n at vg
	x lvcreate -A n -an -Zn -L 8M -n a2 vg
	x lvchange -p r vg/a
	x lvchange -p r vg/a
	x lvchange -p rw vg/a
	x lvchange -p rw vg/a
	x lvrename vg/a vg/b
	x lvextend -L +4M vg/b
	x lvcreate -an -s -L 8M -n s5 -c 1024k vg/b
	x lvcreate -an -s -n s2 vg/b
	x lvcreate -an -Zn -l 1 -n bad_tmeta vg
	x pvs -o nosuchfield
	x vgs -O -nosuch vg
	x vgrename vg vgx
	x vgrename vgx vg
	x pvchange --addtag pt "$L1"
	x pvchange --addtag pt "$L3"
	x pvchange -x n "$L3"
	x vgcreate vg2 "$L3"
	x vgchange --addtag t2 vg vg2
	x lvremove vg/b
	x lvremove -y vg vg2
	x vgremove vg2
	x lvcreate -an -Zn -L 4M -n c vg
	x lvcreate -q -an -Zn -L 4M -n d vg
	x vgchange -q --addtag t3 vg
	x vgremove -f vg
}

wipe() {
	local d
	for d in "$L1" "$L2" "$L3"; do dd if=/dev/zero of="$d" bs=1M count=4 conv=notrunc status=none; done
	rm -rf "$T_DIR/lock"/*
}
transcript_vs_lvm2 transcript-as-lvm2 wipe run_seq
check lvm2-warned grep -q 'NOT backed up' "$T_DIR/transcript-as-lvm2.lvm2"
check lvm2-hinted grep -q "Run \`lvcreate --help' for more information" "$T_DIR/transcript-as-lvm2.lvm2"
# each kind of line, named (the transcript check above covers them all)
for pat in 'NOT backed up' 'help. for more information' '^  TEST MODE' 'is already read only' 'is already writable' \
	"Can't change tag on Physical Volume" 'Allocatability not supported by orphan' 'either size or extents' \
	'label not removed' 'Really WIPE LABELS'; do
	n=$(echo "$pat" | tr -c 'a-zA-Z\n' '-' | tr -s '-' | sed 's/^-//; s/-$//' | tr 'A-Z' 'a-z')
	check "lines-$n" test "$(grep -c -- "$pat" "$T_DIR/transcript-as-lvm2.lvm2")" = \
		"$(grep -c -- "$pat" "$T_DIR/transcript-as-lvm2.lvmgr")"
done
t_done
