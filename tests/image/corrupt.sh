#!/bin/bash
# On-disk damage and hostile metadata: damaged copies are warned about by
# name, the VG is read from a good copy, read-only commands never write, json
# output stays valid, vgck --updatemetadata repairs, nothing crashes.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 8M); B=$(img b.img 8M); C=$(img c.img 8M)
lv pvcreate "$A" "$B" "$C"
lv vgcreate -s 1m vg0 "$A" "$B"
expect setup 0
REG=$LVM_SYSTEM_DIR/devices/lvmgr-images
mkdir "$T_DIR/good"
cp --sparse=always "$A" "$B" "$C" "$REG" "$T_DIR/good/"
restore() { cp --sparse=always "$T_DIR"/good/*.img "$T_DIR/"; cp "$T_DIR/good/${REG##*/}" "$REG"; }
flip() { printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null; }
OFF=$("$LVMGR" pvck --dump headers "$A" | awk '/mda_header_1.raw_locn\[0\].offset/ { print $2 }')
TEXT=$((4096 + OFF))

# readonly TAG [REGEX]: every read-only command leaves the images
# byte-identical, exits < 128 without sanitizer output, json stays valid,
# and (REGEX given) each command that reads the VG says it on stderr.
readonly_cmds() {
	local tag=$1 re=${2:-} before after cmd rc ok=1
	before=$(sums "$T_DIR"/*.img)
	for cmd in "pvs" "vgs" "pvs -a" "pvdisplay" "vgdisplay" "pvck $A" "pvck $B" \
		"pvck --dump metadata $A" "vgck" "vgck vg0" "vgcfgbackup -f $T_DIR/bk.vg vg0" \
		"vgs --reportformat json" "pvs --reportformat json -o +pv_uuid" "lvs" "lvs -a vg0" \
		"lvdisplay" "lvscan" "vgscan" "pvscan" "fullreport" "vgchange --refresh vg0" "vgmknodes vg0"; do
		"$LVMGR" $cmd >"$T_DIR/out" 2>"$T_DIR/err"
		rc=$?
		case $cmd in pvck*) ;; *)
			if [ -n "$re" ] && ! grep -Eq -- "$re" "$T_DIR/err"; then
				fail "$tag-reported" "$cmd: stderr does not match /$re/"
				ok=0
			fi ;;
		esac
		if [ $rc -ge 128 ] || grep -Eq 'Sanitizer|runtime error' "$T_DIR/err"; then
			fail "$tag-readonly-crash" "$cmd: exit $rc"
			ok=0
		fi
		case $cmd in *json*)
			jq -e . "$T_DIR/out" >/dev/null || { fail "$tag-json-valid" "$cmd"; ok=0; } ;;
		esac
	done
	after=$(sums "$T_DIR"/*.img)
	check "$tag-readonly-unchanged" test "$before" = "$after"
	[ $ok = 1 ] && pass "$tag-readonly-no-crash-json-valid"
}

# ---- label CRC
flip "$A" 600 '\xff'
lv pvs
expect label-crc-warning 0 "WARNING: $A: invalid LVM label.*crc"
lv pvck "$A"
expect label-crc-pvck 5 "crc"
readonly_cmds label-crc
restore

# ---- mda header checksum
flip "$A" 4200 '\xff'
lv vgs --noheadings -o vg_name,pv_count
expect mda-header-warning 0 "WARNING: wrong checksum [0-9a-f]+ in mda header on $A at 4096"
expect mda-header-lvm2-words 0 "WARNING: bad metadata header on $A at 4096\.\$"
check mda-header-vg-read grep -Eq 'vg0 +2' "$T_DIR/out"
readonly_cmds mda-header "bad metadata header on $A at 4096\."
lv vgck vg0
expect mda-header-vgck 5 'need repair'
lv vgck --updatemetadata vg0
expect mda-header-repair 0 'metadata updated'
lv vgck vg0
expect mda-header-clean 0
check mda-header-clean-quiet test ! -s "$T_DIR/err"
restore

# ---- metadata text checksum
# byte 1 is the 'g' of "vg0 {": always a change (30 fell in the random uuid)
flip "$A" $((TEXT + 1)) 'Z'
lv vgs --noheadings -o vg_name,pv_count
expect text-crc-warning 0 "WARNING: Checksum error on $A at offset $TEXT\.\$"
expect text-crc-mda 0 "WARNING: bad metadata text on $A in mda1\$"
check text-crc-vg-from-b grep -Eq 'vg0 +2' "$T_DIR/out"
readonly_cmds text-crc "Checksum error on $A at offset $TEXT\."
lv vgck --updatemetadata vg0
expect text-crc-repair 0 'metadata updated'
lv vgck vg0
expect text-crc-clean 0
check text-crc-clean-quiet test ! -s "$T_DIR/err"
restore

# ---- truncated image: shorter than the metadata says
truncate -s 3M "$B"
lv vgs --noheadings -o vg_name,pv_count
check truncated-no-crash test "$RC" -lt 128
check truncated-warns grep -Eq "$B|size" "$T_DIR/err"
readonly_cmds truncated
truncate -s 2000 "$B"	# the metadata area itself cut
lv vgs
check truncated-mda-no-crash test "$RC" -lt 128
check truncated-mda-warns grep -Eq "$B" "$T_DIR/err"
readonly_cmds truncated-mda
restore

# ---- missing PV
UUIDB=$("$LVMGR" pvs --noheadings -o pv_uuid "$B" | tr -d ' ')
grep -v "b.img" "$REG" >"$REG.new" && mv "$REG.new" "$REG"
lv vgs --noheadings -o vg_attr vg0
check missing-partial grep -Eq '^ *...p' "$T_DIR/out"
check missing-warns-uuid grep -q "$UUIDB" "$T_DIR/err"
readonly_cmds missing
S=$(sums "$A" "$C")
lv vgextend vg0 "$C"
expect missing-vgextend-refused 5 "$UUIDB"
lv vgrename vg0 vgx
expect missing-vgrename-refused 5 "$UUIDB"
lv pvchange -x n "$A"
expect missing-pvchange-refused 5 "$UUIDB"
check missing-refused-unchanged test "$S" = "$(sums "$A" "$C")"
lv vgreduce --removemissing vg0
expect missing-removemissing 0
lv vgs --noheadings -o vg_attr,pv_count vg0
check missing-fixed grep -Eq '^ *wz--n- +1 *$' "$T_DIR/out"
lv vgck vg0
expect missing-vgck-clean 0
restore

# ---- hostile metadata, placed as the committed copy on a.img
perl -e1 2>/dev/null || { echo "SKIP corrupt/hostile: no perl"; t_done; }
lv pvck --dump metadata "$A"
awk '/^  ---$/ { n++; next } n == 1' "$T_DIR/out" >"$T_DIR/orig.txt"
check hostile-dump-text grep -q 'seqno = 1' "$T_DIR/orig.txt"
# put TEXTFILE IMAGE: the text as the current copy, header checksum fixed
put() { put_text "$1" "$2" "$OFF"; }
# sanity: the unchanged text put back is read as before, with seqno 9
sed 's/seqno = 1/seqno = 9/' "$T_DIR/orig.txt" >"$T_DIR/h.txt"
put "$T_DIR/h.txt" "$A"
lv vgs --noheadings -o vg_name,vg_seqno
check hostile-put-works grep -Eq 'vg0 +9' "$T_DIR/out"
restore
LONG=$(head -c 102400 /dev/zero | tr '\0' 'v')
hostile() {	# hostile NAME [removes]: $T_DIR/h.txt as a.img's copy, seqno 9
	local name=$1 before after cmd rc ok=1 rm="vgremove -f vg0"
	# removes: the copy is unreadable, vg0 is b.img's good copy, and
	# vgremove removes it (as LVM2 a VG with a damaged copy): checked last
	[ "${2:-}" = removes ] && rm=vgs
	put "$T_DIR/h.txt" "$A"
	before=$(sums "$T_DIR"/*.img)
	for cmd in "vgs" "pvs" "pvdisplay" "vgdisplay" "vgck vg0" "pvck $A" "vgcfgbackup -f $T_DIR/bk.vg" \
		"vgextend vg0 $C" "vgreduce vg0 $B" "vgrename vg0 vgz" "pvchange -x n $A" "$rm" \
		"pvresize $A" "vgs --reportformat json"; do
		"$LVMGR" $cmd >"$T_DIR/out" 2>"$T_DIR/err"
		rc=$?
		if [ $rc -ge 128 ] || grep -Eq 'Sanitizer|runtime error' "$T_DIR/err"; then
			fail "hostile-$name-no-crash" "$cmd: exit $rc"
			ok=0
		fi
		case $cmd in *json*) jq -e . "$T_DIR/out" >/dev/null || { fail "hostile-$name-json" "$cmd"; ok=0; } ;; esac
		case $cmd in vgs|pvs) grep -Eq 'WARNING|rror|invalid' "$T_DIR/err" || { fail "hostile-$name-warns-$cmd" "said nothing"; ok=0; } ;; esac
	done
	after=$(sums "$T_DIR"/*.img)
	check "hostile-$name-no-write" test "$before" = "$after"
	[ $ok = 1 ] && pass "hostile-$name-clean-failure"
	if [ "${2:-}" = removes ]; then
		lv vgremove -f vg0
		expect "hostile-$name-vgremove" 0 'Volume group "vg0" successfully removed'
	fi
	restore
}
h() { sed "s/seqno = 1/seqno = 9/; $1" "$T_DIR/orig.txt" >"$T_DIR/h.txt"; }
h 's/extent_size = [0-9]*/extent_size = 0/'; hostile extent-size-0
h 's/pe_count = [0-9]*/pe_count = 4000000000/'; hostile pe-count-past-device
h "s/^vg0 {/$LONG {/"; hostile name-100k removes
# LVs: a striped LV with stripe_count = -1, a cycle, overlapping extents
lvs() { perl -0pi -e 's/\nphysical_volumes \{/\nlogical_volumes {\n'"$1"'\n}\nphysical_volumes {/' "$T_DIR/h.txt"; }
LV1='lv1 {\n\t\t\tid = "aaaaaa-aaaa-aaaa-aaaa-aaaa-aaaa-aaaaaa"\n\t\t\tstatus = ["READ", "WRITE", "VISIBLE"]\n\t\t\tsegment_count = 1\n\t\t\tsegment1 {\n\t\t\t\tstart_extent = 0\n\t\t\t\textent_count = 2\n\t\t\t\ttype = "striped"\n\t\t\t\tstripe_count = SC\n\t\t\t\tstripes = [\n\t\t\t\t\t"pv0", 0\n\t\t\t\t]\n\t\t\t}\n\t\t}'
LV2=${LV1//lv1/lv2}; LV2=${LV2//aaaaaa-aaaa-aaaa-aaaa-aaaa-aaaa-aaaaaa/bbbbbb-bbbb-bbbb-bbbb-bbbb-bbbb-bbbbbb}
h ''; lvs "$(echo "${LV1//SC/-1}")"; hostile stripe-count-neg
h ''; lvs "$(echo "${LV1//SC/1}")\n$(echo "${LV2//SC/1}")"; hostile overlap
CYC1='lv1 {\n\t\t\tid = "aaaaaa-aaaa-aaaa-aaaa-aaaa-aaaa-aaaaaa"\n\t\t\tstatus = ["READ", "WRITE", "VISIBLE"]\n\t\t\tsegment_count = 1\n\t\t\tsegment1 {\n\t\t\t\tstart_extent = 0\n\t\t\t\textent_count = 1\n\t\t\t\ttype = "striped"\n\t\t\t\tstripe_count = 1\n\t\t\t\tstripes = [\n\t\t\t\t\t"OTHER", 0\n\t\t\t\t]\n\t\t\t}\n\t\t}'
C1=${CYC1//OTHER/lv2}; C2=${CYC1//OTHER/lv1}; C2=${C2//lv1 \{/lv2 \{}
C2=${C2//aaaaaa-aaaa-aaaa-aaaa-aaaa-aaaa-aaaaaa/bbbbbb-bbbb-bbbb-bbbb-bbbb-bbbb-bbbbbb}
h ''; lvs "$C1\n$C2"; hostile lv-cycle
h 's/^vg0 {/vg0 {\n\tbogus_section {/'; hostile unbalanced-braces
t_done
