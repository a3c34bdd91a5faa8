#!/bin/bash
# Mirror logs on image files: the sequences LVM2 2.03.16 ran in the test VM
# (tests/fixtures/mirlog/make-in-vm.sh) give the same metadata text, byte
# for byte but for ids, times, hosts and device hints: a disk log on an
# image PV when no other PV is left, on the last PV that holds it, in a
# fragmented VG; --mirrorlog mirrored (LV_mlog a mirror of
# LV_mlog_mimage_0/1) with global/support_mirrored_mirror_log = 1; LVM2's
# refusals (mirror_logs_require_separate_pvs, the deprecated mirrored log,
# too few PVs, --mirrorlog on raid1) with nothing written.
. "$(dirname "$0")/../lib.sh"
FX=$(cd "$(dirname "$0")/../fixtures/mirlog" && pwd)
for i in a b c d e; do img $i.img 64M >/dev/null; done
P() { local i; for i in "$@"; do printf '%s ' "$T_DIR/$i.img"; done; }
conf() {	# conf LINES: lvm.conf = the test's own plus LINES
	printf 'devices { global_filter = [ "r|.*|" ] }\nglobal { locking_dir = "%s/lock" }\n%s\n' "$T_DIR" "$1" >"$LVM_SYSTEM_DIR/lvm.conf"
}
fresh() {	# fresh PV...: a new VG vgt on those images
	lv vgremove -ff vgt
	for i in a b c d e; do dd if=/dev/zero of="$T_DIR/$i.img" bs=1M count=1 conv=notrunc status=none; done
	# shellcheck disable=SC2046
	lv vgcreate vgt $(P "$@")
}
unchanged() {	# unchanged NAME: the images are as before the command
	if [ "$(sums "$T_DIR"/?.img)" = "$SUMS" ]; then pass "$1-nothing-written"; else fail "$1-nothing-written"; fi
}

# s1: three PVs, -m 2, a disk log: every PV holds an image; the log goes on
# the last one, after its image (LVM2's second "log iteration").
fresh a b c
lv lvcreate -an --type mirror -m 2 -L 8M -n m vgt
expect s1-create 0 'Logical volume "m" created'
same_vg_text s1 s1.vg
lv lvs -a --noheadings -o lv_name,devices vgt
check s1-log-on-image-pv grep -Eq "^ *\[m_mlog\] +$T_DIR/c.img\(2\)" "$T_DIR/out"
lv lvcreate -an --type mirror -m 2 -L 8M -n m2 vgt
expect s1b-create-m2 0
lv lvcreate -an --type mirror -m 1 -L 8M -n m3 vgt
expect s1b-create-m3 0
same_vg_text s1b s1b.vg
# s3: a hole at the start of one PV, another PV half used
fresh a b c
lv lvcreate -an -Zn -L 4M -n a vgt "$T_DIR/a.img"
lv lvcreate -an -Zn -L 8M -n b vgt "$T_DIR/b.img"
lv lvcreate -an -Zn -L 4M -n c vgt "$T_DIR/b.img"
lv lvremove -f vgt/a
lv lvcreate -an --type mirror -m 2 -L 8M -n m vgt
expect s3-create 0
same_vg_text s3 s3.vg

# s2: the log must have a PV of its own: refused as LVM2 refuses it
conf 'allocation { mirror_logs_require_separate_pvs = 1 }'
fresh a b c
SUMS=$(sums "$T_DIR"/?.img)
lv lvcreate -an --type mirror -m 2 -L 8M -n m vgt
expect s2-separate-refused 5 'Insufficient free space for log allocation for logical volume \.$'
check s2-message grep -qx '  Unable to allocate extents for mirror log.' "$T_DIR/err"
unchanged s2
conf ''

# s4: --mirrorlog mirrored is deprecated (refused after the images are
# allocated, nothing written); not an option of raid1
fresh a b c d
SUMS=$(sums "$T_DIR"/?.img)
lv lvcreate -an --type mirror -m 1 --mirrorlog mirrored -L 8M -n m vgt
expect s4-mirrored-deprecated 5 '^  Log type "mirrored" is DEPRECATED. Use RAID1 LV or disk log instead.$'
unchanged s4
lv lvcreate -an --type raid1 -m 1 --mirrorlog mirrored -L 8M -n r vgt
expect s4-raid1-mirrorlog 3 '^  Command does not accept option: --mirrorlog mirrored.$'
lv lvcreate -an -m 1 --mirrorlog mirrored -L 8M -n r vgt
expect s4-m-mirrorlog 3 '^  --mirrorlog is supported only with mirrors.$'
unchanged s4-raid

# s5..s8: made when global/support_mirrored_mirror_log = 1
conf 'global { support_mirrored_mirror_log = 1 }'
# stale bytes where the log's images go (extent 0 of c and d): cleared
for i in c d; do head -c 1M /dev/zero | tr '\0' '\377' | dd of="$T_DIR/$i.img" bs=1M seek=1 conv=notrunc status=none; done
lv lvcreate -an --type mirror -m 1 --mirrorlog mirrored -L 8M -n m vgt
expect s5-create 0 '^  Log type "mirrored" creation/conversion is not supported for regular operation!$'
for i in c d; do
	check s5-log-image-$i-cleared cmp -s <(dd if="$T_DIR/$i.img" bs=1M skip=1 count=1 status=none) <(head -c 1M /dev/zero)
done
same_vg_text s5 s5.vg
lv lvs -a --noheadings -o lv_name,lv_attr,devices,mirror_log vgt
check s5-lvs-a grep -Eq '^ *\[m_mlog\] +mwi---m--- +m_mlog_mimage_0\(0\),m_mlog_mimage_1\(0\) *$' "$T_DIR/out"
# changes lvmgr does not make to a mirror with a mirrored log yet
SUMS=$(sums "$T_DIR"/?.img)
lv lvextend -L +4M vgt/m
expect s5-no-resize 5 "Can't resize vgt/m: its mirror log m_mlog is mirrored"
lv lvconvert -y --type raid1 vgt/m
expect s5-no-convert 5 "Can't convert vgt/m: its mirror log m_mlog is mirrored"
unchanged s5-refusals
lv lvrename vgt m nm
expect s5-rename 0
lv lvs -a --noheadings -o lv_name,devices,mirror_log vgt
check s5-renamed-sub-lvs grep -Eq '^ *\[nm_mlog\] +nm_mlog_mimage_0\(0\),nm_mlog_mimage_1\(0\) *$' "$T_DIR/out"
lv vgck vgt
expect s5-vgck-after-rename 0
lv lvrename vgt nm m
lv lvremove -f vgt/m
expect s5-remove 0
lv lvs -a --noheadings -o lv_name vgt
check s5-removed-all test ! -s "$T_DIR/out"
fresh a b c
lv lvcreate -an --type mirror -m 1 --mirrorlog mirrored -L 8M -n m vgt
expect s6-create 0
same_vg_text s6 s6.vg
fresh a b
lv lvcreate -an --type mirror -m 1 --mirrorlog mirrored -L 8M -n m vgt
expect s7-create 0
same_vg_text s7 s7.vg
lv lvremove -f vgt/m
SUMS=$(sums "$T_DIR"/?.img)
lv lvcreate -an --type mirror -m 1 --mirrorlog mirrored -L 8M -n m vgt "$T_DIR/a.img"
expect s7b-one-pv 5 'Insufficient suitable allocatable extents for logical volume m: 4 more required'
unchanged s7b
fresh a b c d e
lv lvcreate -an --type mirror -m 2 --mirrorlog mirrored -L 8M -n m vgt
expect s8-create 0
same_vg_text s8 s8.vg
# s9: a mirrored log that must not share the images' PVs, on 3 PVs
conf 'global { support_mirrored_mirror_log = 1 }
allocation { mirror_logs_require_separate_pvs = 1 }'
fresh a b c
SUMS=$(sums "$T_DIR"/?.img)
lv lvcreate -an --type mirror -m 1 --mirrorlog mirrored -L 8M -n m vgt
expect s9-separate-refused 5 'Insufficient free space for log allocation for logical volume \.$'
unchanged s9
t_done
