#!/bin/bash
# A PV that comes back after the VG was changed while it was away (LVM2's
# vg_read and _read_pv, vgreduce --removemissing, vgextend
# --restoremissing), on image files (the PV away: its image file moved):
# the change wrote MISSING into its PV entry; back, unused, it is a PV of
# the VG again ("unused reappeared PV", the flag goes with the next
# change); back and used, it keeps the flag and counts as missing until
# vgextend --restoremissing: vgreduce --removemissing refuses its LV
# without --force, takes it and the PV with --force, and leaves the PV an
# orphan. The kernel side (a mirror, a snapshot, the same with LVM2) is
# tests/kernel/lvm2snap-guest's vgreduce-removemissing-snapshot.
. "$(dirname "$0")/../lib.sh"

setup() {	# vgr on a b c: onb on b, c unused; b and c away while mirror m
	# (a, b) is repaired to linear ona on a (-f: nothing replaced)
	rm -f "$T_DIR"/*.img "$T_DIR"/*.away
	A=$(img a.img 16M); B=$(img b.img 16M); C=$(img c.img 16M)
	lv vgcreate vgr "$A" "$B" "$C"
	lv lvcreate -an -Zn -l1 -n onb vgr "$B"
	lv lvcreate -an -Zn --type mirror -m1 --mirrorlog core -l1 -n ona vgr "$A" "$B"
	mv "$B" "$T_DIR/b.away"; mv "$C" "$T_DIR/c.away"
	lv lvconvert -f --repair vgr/ona
	expect "$1-changed-while-away" 0
	mv "$T_DIR/b.away" "$B"; mv "$T_DIR/c.away" "$C"
}

setup reduce
lv vgs vgr
expect back-read 0
check back-previously-updated grep -q "WARNING: VG vgr was previously updated while PV $B was missing\." "$T_DIR/err"
check back-used-still-missing grep -q "WARNING: VG vgr was missing PV $B " "$T_DIR/err"
check back-unused-reappeared grep -q "WARNING: VG vgr has unused reappeared PV $C " "$T_DIR/err"
lv pvs --noheadings -o pv_name,pv_attr "$B" "$C"
check back-attr-b-missing grep -Eq "b.img +a-m" "$T_DIR/out"
check back-attr-c-cleared grep -Eq "c.img +a-- *$" "$T_DIR/out"
S=$(sums "$A" "$B" "$C")
lv vgreduce --removemissing vgr
expect reduce-partial-refused 5 'There are still partial LVs in VG vgr\.'
check reduce-refused-wrote-nothing test "$S" = "$(sums "$A" "$B" "$C")"
lv vgreduce --removemissing --force vgr
expect reduce-force 0 'Wrote out consistent volume group vgr\.'
check reduce-partial-lv-warned grep -q 'WARNING: Removing partial LV vgr/onb\.' "$T_DIR/err"
check reduce-partial-lv-removed grep -q 'Logical volume "onb" successfully removed\.' "$T_DIR/out"
lv lvs --noheadings -o lv_name vgr
check reduce-ona-stays bash -c "grep -q ona '$T_DIR/out' && ! grep -q onb '$T_DIR/out'"
lv vgs --noheadings -o pv_count vgr
check reduce-b-gone grep -Eq '^ *2 *$' "$T_DIR/out"
check reduce-no-warnings-after test ! -s "$T_DIR/err"
lv pvs --noheadings -o pv_name,vg_name "$B"
check reduce-b-orphan grep -Eq "b.img +$" "$T_DIR/out"
lv vgck vgr
expect reduce-vgck-clean 0

# vgextend --restoremissing: the used PV's flag cleared, its LV whole again
setup restore
lv vgextend --restoremissing vgr "$B"
expect restore-b 0 'Volume group "vgr" successfully extended'
lv vgs vgr
check restore-no-warnings test ! -s "$T_DIR/err"
lv lvs --noheadings -o lv_name,lv_attr vgr/onb
check restore-onb-whole grep -Eq 'onb +-wi-------' "$T_DIR/out"
S=$(sums "$A" "$B" "$C")
lv vgextend --restoremissing vgr "$A"
expect restore-not-missing 5 'No PV has been restored\.'
check restore-not-missing-warns grep -q "WARNING: PV $A was not missing in VG vgr" "$T_DIR/err"
check restore-refused-wrote-nothing test "$S" = "$(sums "$A" "$B" "$C")"
t_done
