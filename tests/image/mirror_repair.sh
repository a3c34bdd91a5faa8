#!/bin/bash
# lvconvert --repair of mirror LVs on image files (no kernel: an inactive
# mirror, which LVM2 repairs too; the active repair, its tables and data
# run in tests/kernel/mirror-repair-guest against LVM2). A PV goes away
# (its image file moved), then the metadata after the repair is LVM2's
# for the same failure as seen in the VM: the failed image goes, the LV
# collapses to linear on the image left, and with -y it is up-converted
# again: LV_mlog, a new LV_mimage_0 on the old extents, LV_mimage_1 on
# another PV, in that order; "n" and --usepolicies (image policy "remove")
# leave it linear; -f replaces nothing; a lost log leaves a core log (-f)
# or a new log on the spare (-y); no room for the new log gives a core
# log mirror with LVM2's messages. Bad input: nothing failed, a linear LV,
# a sub-LV: LVM2's answers, nothing written.
. "$(dirname "$0")/../lib.sh"

setup() {	# setup [NPVS]: vgt on a-c (+d), mirror m on a b c (log on c)
	rm -f "$T_DIR"/*.img "$T_DIR"/*.away
	A=$(img a.img 32M); B=$(img b.img 32M); C=$(img c.img 32M); D=$(img d.img 32M)
	local pvs="$A $B $C $D"
	[ "${1:-4}" = 3 ] && pvs="$A $B $C"
	lv vgcreate vgt $pvs
	lv lvcreate -an --type mirror -m1 --mirrorlog disk -L 4M -n m vgt "$A" "$B" "$C"
}
# layout: "name:pvN,pe[;...]" for each LV in VG order, from vgcfgbackup
layout() {
	lv vgcfgbackup -f "$T_DIR/vg.txt" vgt
	awk '/^\tlogical_volumes/ { on = 1; next } on && /^\t\t[a-z]/ { sub(/^\t\t/, ""); n = $1 }
	     on && /"pv[0-9]+", [0-9]+/ { gsub(/[",]/, ""); printf "%s:%s,%s\n", n, $1, $2 }
	     on && /mirror_log = / { gsub(/"/, ""); printf "%s:log=%s\n", n, $3 }
	     on && /type = / { gsub(/"/, ""); printf "%s:%s\n", n, $3 }' "$T_DIR/vg.txt" | tr '\n' ' '
}
# is_layout NAME WANT: the VG's layout is WANT (else shown)
is_layout() {
	local got
	got=$(layout)
	if [ "$got" = "$2" ]; then pass "$1"; else fail "$1"; echo "#   got:  $got"; fi
}

setup
expect setup 0
lv lvcreate -an -L 4M -n lin vgt "$D"
before=$(sums "$A" "$B" "$C" "$D")
lv lvconvert -y --repair vgt/m
expect consistent 0 'Volume vgt/m is consistent\. Nothing to repair\.'
lv lvconvert -y --repair vgt/lin
expect not-mirror 5 'Command on LV vgt/lin does not accept LV type linear\.'
lv lvconvert -y --repair vgt/m_mlog
expect log-sub-lv 5 'Command on LV vgt/m_mlog does not accept LV type linear\.'
lv lvconvert -y --repair vgt/m_mimage_0
expect image-sub-lv 5 'Command on LV vgt/m_mimage_0 does not accept LV type linear\.'
check bad-nothing-written test "$before" = "$(sums "$A" "$B" "$C" "$D")"
lv lvremove -y vgt/lin

# -y: out and back in, as LVM2 lays it out
mv "$B" "$T_DIR/b.away"
lv lvconvert -y --repair vgt/m
expect repair-y 0 'Mirror status: 1 of 2 images failed\.'
grep -q 'WARNING: Trying to up-convert to 2 images, 1 logs\.' "$T_DIR/err" && pass repair-y-tries ||
	fail repair-y-tries
grep -q 'Conversion starts after activation\.' "$T_DIR/out" && pass repair-y-inactive-note ||
	fail repair-y-inactive-note
is_layout repair-y-layout 'm:mirror m:log=m_mlog m_mlog:striped m_mlog:pv3,0 m_mimage_0:striped m_mimage_0:pv0,0 m_mimage_1:striped m_mimage_1:pv2,0 '
lv lvconvert -y --repair vgt/m
expect repair-y-then-consistent 0 'Volume vgt/m is consistent\. Nothing to repair\.'
lv vgreduce --removemissing vgt
expect repair-y-removemissing 0

# "n", --usepolicies, -f: the LV is linear on the image left
for how in n usepolicies force; do
	setup
	mv "$B" "$T_DIR/b.away"
	case $how in
	n) echo n | "$LVMGR" lvconvert --repair vgt/m >"$T_DIR/out" 2>"$T_DIR/err"; RC=$? ;;
	usepolicies) lv lvconvert --repair --usepolicies vgt/m ;;
	force) lv lvconvert -f --repair vgt/m ;;
	esac
	expect "repair-$how" 0 'Mirror status: 1 of 2 images failed\.'
	is_layout "repair-$how-linear" 'm:striped m:pv0,0 '
done

# the log's PV lost: -f leaves a core log, -y a new log on the spare
setup
mv "$C" "$T_DIR/c.away"
lv lvconvert -f --repair vgt/m
expect log-lost-force 0 'Mirror log status: 1 of 1 images failed\.'
is_layout log-lost-core 'm:mirror m_mimage_0:striped m_mimage_0:pv0,0 m_mimage_1:striped m_mimage_1:pv1,0 '
setup
mv "$C" "$T_DIR/c.away"
lv lvconvert -y --repair vgt/m
expect log-lost-y 0 'Mirror log status: 1 of 1 images failed\.'
is_layout log-lost-new-log 'm:mirror m:log=m_mlog m_mimage_0:striped m_mimage_0:pv0,0 m_mimage_1:striped m_mimage_1:pv1,0 m_mlog:striped m_mlog:pv3,0 '

# no room for image and log: LVM2's message, then 2 images, a core log
setup 3
lv lvcreate -an -l 100%FREE -n fill vgt
mv "$B" "$T_DIR/b.away"
lv lvconvert -y --repair vgt/m
expect nospace 0 'Insufficient free space: 2 extents needed, but only 1 available'
grep -q 'WARNING: Failed to replace 1 of 1 logs in volume vgt/m\.' "$T_DIR/err" && pass nospace-log-not-replaced ||
	fail nospace-log-not-replaced
is_layout nospace-core-log 'm:mirror fill:striped fill:pv0,1 fill:striped fill:pv1,1 fill:striped fill:pv2,1 m_mimage_0:striped m_mimage_0:pv0,0 m_mimage_1:striped m_mimage_1:pv2,0 '

# vgreduce --removemissing: refused while the mirror is partial; --force
# drops the failed image (LVM2's mirror_remove_missing): linear on pv0
setup
mv "$B" "$T_DIR/b.away"
lv vgreduce --removemissing vgt
expect removemissing-partial 5 'There are still partial LVs in VG vgt\.'
lv vgreduce --removemissing --force vgt
expect removemissing-force 0 'Wrote out consistent volume group vgt\.'
is_layout removemissing-force-linear 'm:striped m:pv0,0 '
t_done
