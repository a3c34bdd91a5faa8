#!/bin/bash
# -S|--select and @tag on image files: the reports filter their rows, the
# commands that take names act on what the criteria and tags select, a bad
# criterion is an error naming it and changes nothing; pvs/lvs --segments,
# --unbuffered, --nameprefixes with --rows.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M); B=$(img b.img 64M); C=$(img c.img 64M); D=$(img d.img 64M)
lv pvcreate "$A" "$B" "$C" "$D"; lv vgcreate vg0 "$A" "$B"; lv vgcreate --addtag vt vg1 "$C"
lv lvcreate -an -L 8M -n lin vg0
lv lvcreate -an -i 2 -I 64k -L 16M -n str vg0
lv lvcreate -an -L 4M -n multi vg0
lv lvextend -L +8M vg0/multi "$B"
lv lvchange --addtag t1 --addtag t2 vg0/lin
lv lvcreate -an -L 4M -n x --addtag t2 vg1
expect setup 0

names() {	# names: the first column of the last report, joined
	tr -s ' \n' ' ' <"$T_DIR/out" | sed 's/^ //; s/ $//'
}
is() {	# is NAME WANT CMD...: the command succeeds and names WANT
	local name=$1 want=$2 got
	shift 2
	lv "$@" --noheadings -o name
	got=$(names)
	if [ "$got" = "$want" ] && [ "$RC" = 0 ]; then pass "$name"; else fail "$name" "got '$got' (exit $RC), want '$want'"; fi
}
is lvs-eq lin lvs -S 'lv_name=lin'
is lvs-short-name lin lvs -S 'name=lin'
is lvs-size "multi str" lvs -S 'size>8m'
is lvs-size-default-unit lin lvs -S 'size=8'
is lvs-size-g "" lvs -S 'lv_size > 1g'
is lvs-and "multi" lvs -S 'size>8m && seg_count>1'
is lvs-or "lin x" lvs -S 'name=lin || name=x'
is lvs-precedence "multi x" lvs -S 'name=x || name=multi && seg_count=2'
is lvs-parens "" lvs -S '(name=x || name=multi) && seg_count=3'
is lvs-not "multi str x" lvs -S '!(name=lin)'
is lvs-regex "lin" lvs -S 'name=~^l'
is lvs-not-regex "multi str x" lvs -S 'name!~^l'
is lvs-tag-any "lin x" lvs -S 'lv_tags=t2'
is lvs-tag-strict x lvs -S 'lv_tags=[t2]'
is lvs-tag-strict2 "lin" lvs -S 'lv_tags=[t2,t1]'
is lvs-tag-subset "lin x" lvs -S 'lv_tags={t2}'
is lvs-tag-or-list "lin x" lvs -S 'lv_tags=[t1||t2]'
is lvs-vg-field "x" lvs -S 'vg_tags=vt'
is lvs-time "lin multi str x" lvs -S 'lv_time since "1 hour ago"'
is lvs-time-before "" lvs -S 'lv_time before "2 days ago"'
is lvs-time-year "lin multi str x" lvs -S "lv_time=$(date +%Y)"
is lvs-reserved "lin multi str x" lvs -S 'lv_kernel_major=undefined'
is lvs-all "lin multi str x" lvs -S all
is vgs-sel vg0 vgs -S 'vg_free>60m'
is pvs-sel "$A" pvs -S 'pv_free<42m && pv_free>30m'
is pvs-orphan "$D" pvs -S 'vg_name=""'
is lvs-seg-field "multi" lvs -S 'seg_size=8m' -o name vg0/multi
lv lvs -S 'seg_size>0' -o name,seg_size vg0/multi --noheadings
check lvs-seg-rows test "$(wc -l <"$T_DIR/out")" = 2
lv lvs -S 'name=lin' -o name,selected vg0
check selected-column test "$(awk 'NR>1 {print $1 $2}' "$T_DIR/out" | tr '\n' ' ')" = "lin1 multi0 str0 "
# fields of the objects in a VG or PV: a row per matching one (LVM2)
is vgs-lv-field "vg0" vgs -S 'lv_name=lin'
is vgs-lv-field-rows "vg0 vg0 vg1" vgs -S 'lv_name!=lin'
is pvs-lv-field "$A" pvs -S 'lv_name=lin'
is pvs-seg-field "$A $B" pvs -S 'seg_size=8m'
is vgs-pv-field "vg1" vgs -S "pv_name=$C"
lv lvs -S "pv_name=$A"
expect lvs-pv-field-refused 5 'Can.t report LV and PV fields at the same time in report type "lv"\.'
lv vgs -S "lv_name=lin && pv_name=$A"
expect vgs-lv-pv-refused 5 'Can.t report LV and PV fields at the same time in report type "vg"\.'
# tags as arguments
is lvs-at-tag "lin x" lvs @t2
is lvs-at-vgtag "x" lvs @vt
is vgs-at-tag "vg1" vgs @vt
lv lvs @none
check lvs-at-none test "$RC" = 0 -a ! -s "$T_DIR/out"

# errors: LVM2's words, status 5, nothing printed
bad() {	# bad NAME EXPR REGEX
	lv lvs -S "$2"
	if [ "$RC" = 5 ] && [ ! -s "$T_DIR/out" ] && grep -Eq -- "$3" "$T_DIR/err"; then pass "$1"; else fail "$1" "exit $RC"; fi
}
bad bad-field 'foo=1' '^  Unrecognised selection field: foo$'
bad bad-field-syntax 'foo=1' "Selection syntax error at 'foo=1'\."
bad bad-op 'name<3' 'Operator can be used only with number, size, time or percent fields: name<3'
bad bad-end 'name=lin &&' '^  Expecting field name$'
bad bad-paren '(name=lin' "right parenthesis expected at ''"
bad bad-trailing 'name=lin x' '^  Expecting logical operator$'
bad bad-not '!name=lin' "left parenthesis expected at 'name=lin'"
bad bad-number 'size=abc' 'Failed to parse numeric value for selection field lv_size\.'
bad bad-percent 'seg_count=5%' 'Found percent value but numeric value expected for selection field seg_count\.'
bad bad-list 'lv_tags=[t1,t2}' "List ended with incorrect character, expecting '\]'\."
bad bad-list-mix 'lv_tags=[t1,t2||t3]' 'Only one type of logical operator allowed in selection list at a time\.'
bad bad-quote 'name="lin' '^  Missing end quote\.$'
bad bad-regex-list 'lv_tags=~t' 'incompatible comparison type for selection field lv_tags'
bad bad-month 'lv_time>2020-13-01' 'Specified month out of range\.'
bad bad-time 'lv_time since "garbage"' 'Unrecognized string in date/time specification at "garbage"'
lv lvs -S 'foo=1' --reportformat json
check bad-json-nothing test "$RC" = 5

# the commands that take names
S0=$(sums "$A" "$B" "$C")
for c in "lvchange --addtag z" "lvremove -y" "vgchange --addtag z" "vgremove -y" "pvchange --addtag z"; do
	lv $c -S 'foo=1'
	check "bad-sel-$c-refused" test "$RC" = 5
done
check bad-sel-nothing-written test "$(sums "$A" "$B" "$C")" = "$S0"
lv lvchange --addtag big -S 'size>8m'
expect lvchange-select 0
is lvchange-select-tagged "multi str" lvs -S 'lv_tags=big'
lv lvchange --deltag big @big
expect lvchange-at-tag 0
is lvchange-at-tag-gone "" lvs -S 'lv_tags=big'
lv lvchange --addtag n -S 'name=none'
expect lvchange-select-none 0
lv vgchange --addtag sel -S 'vg_name=vg1'
expect vgchange-select 0
is vgchange-select-tagged "vg1" vgs -S 'vg_tags={sel,vt}'
lv vgchange --deltag sel @sel
is vgchange-at-tag "vg1" vgs -S 'vg_tags=[vt]'
lv pvchange --addtag pt -S 'pv_free<45m'
expect pvchange-select 0
is pvs-at-ptag "$A $B" pvs @pt
lv pvchange --deltag pt @pt
is pvchange-at-tag "" pvs @pt
lv lvdisplay -S 'name=lin'
check lvdisplay-select grep -q 'LV Name.*lin' "$T_DIR/out"
check lvdisplay-select-one test "$(grep -c 'LV Name' "$T_DIR/out")" = 1
lv vgdisplay @vt
check vgdisplay-at-tag test "$(grep -c 'VG Name' "$T_DIR/out")" = 1
lv pvdisplay -S 'pv_name='"$D"
check pvdisplay-select test "$(grep -c 'PV Name' "$T_DIR/out")" = 1
lv lvremove -y -S 'lv_tags=t2 && vg_name=vg1'
expect lvremove-select 0 'Logical volume "x" successfully removed'
is lvremove-select-gone "lin multi str" lvs
lv vgremove -S 'vg_name=vg1'
expect vgremove-select 0 'Volume group "vg1" successfully removed'
is vgremove-select-gone "vg0" vgs
lv lvremove -S 'name=nothing'
expect lvremove-select-none 0

# --segments
lv pvs --segments
check pvs-segments-head grep -q '^  PV .* Start SSize$' "$T_DIR/out"
check pvs-segments-rows test "$(grep -c "^  $A " "$T_DIR/out")" = 4
check pvs-segments-orphan grep -Eq "^  $D +lvm2 .* 0 +0$" "$T_DIR/out"
lv pvs --segments -o +lv_name "$A"
check pvs-segments-lv test "$(awk 'NR>1 {print $NF}' "$T_DIR/out" | tr '\n' ' ')" = "lin str multi 10 "
lv lvs --segments
check lvs-segments-head grep -q '^  LV    VG  Attr       #Str Type    SSize $' "$T_DIR/out"
check lvs-segments-rows test "$(grep -c '^  multi' "$T_DIR/out")" = 2
lv lvs --segments --reportformat json
check lvs-segments-json jqt '.report[0].seg | length == 4' "$T_DIR/out"
# --unbuffered: not sorted, widths from the first row
lv lvs --unbuffered -o name,size vg0
check unbuffered-order test "$(awk 'NR>1 {print $1}' "$T_DIR/out" | tr '\n' ' ')" = "lin str multi "
check unbuffered-width grep -q '^  str  16.00m$' "$T_DIR/out"
# --nameprefixes with --rows
lv lvs --rows --nameprefixes -o name,size vg0
check rows-prefixes grep -q "^  LV LVM2_LV_NAME='lin' LVM2_LV_NAME='multi' LVM2_LV_NAME='str'$" "$T_DIR/out"
lv lvs --rows --nameprefixes --unquoted --noheadings -o size vg0
check rows-prefixes-unquoted grep -q "^  LVM2_LV_SIZE=8.00m LVM2_LV_SIZE=12.00m LVM2_LV_SIZE=16.00m$" "$T_DIR/out"
t_done
