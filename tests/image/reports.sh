#!/bin/bash
# Report options on image files: field lists, sorting, units, layouts,
# json/json_std/yaml validity (yaml through libyaml's own parser), fullreport.
. "$(dirname "$0")/../lib.sh"

A=$(img a.img 64M); B=$(img b.img 64M)
lv pvcreate "$A" "$B"; lv vgcreate vg0 "$A" "$B"
lv lvcreate -an -L 8M -n lin vg0
lv lvcreate -an -i 2 -I 64k -L 16M -n str vg0
lv lvcreate -an -L 4M -n 'odd+n' vg0
lv lvchange --addtag 'a:b#c' --addtag '=!&' vg0/odd+n
lv lvextend -L +4M vg0/lin "$B"
expect setup 0

# A tiny YAML checker on libyaml's parser (no python needed).
cat >"$T_DIR/yc.c" <<'EOC'
#include <stdio.h>
#include <yaml.h>
int main(void)
{
	yaml_parser_t p; yaml_event_t e; int done = 0, n = 0;
	yaml_parser_initialize(&p); yaml_parser_set_input_file(&p, stdin);
	while (!done) {
		if (!yaml_parser_parse(&p, &e)) { fprintf(stderr, "yaml: %s\n", p.problem); return 1; }
		done = e.type == YAML_STREAM_END_EVENT; n += e.type == YAML_SCALAR_EVENT;
		yaml_event_delete(&e);
	}
	printf("%d\n", n); return n ? 0 : 1;
}
EOC
YC=$T_DIR/yc
cc -o "$YC" "$T_DIR/yc.c" -lyaml 2>"$T_DIR/err"
check yaml-checker-builds test -x "$YC"

for c in pvs vgs lvs fullreport; do
	lv $c --reportformat json
	check "$c-json-valid" jqt . "$T_DIR/out"
	lv $c --reportformat json_std
	check "$c-json_std-valid" jqt . "$T_DIR/out"
	lv $c --reportformat yaml
	check "$c-yaml-valid" "$YC" <"$T_DIR/out" >/dev/null
done
lv lvs --reportformat yaml -o lv_name,lv_tags vg0
check yaml-odd-values grep -q '"a:b#c,=!&"' "$T_DIR/out"
"$YC" <"$T_DIR/out" >"$T_DIR/n"
check yaml-scalars test "$(cat "$T_DIR/n")" = $((2 + 3 * 4))
check yaml-empty-string grep -q 'lv_tags: ""' "$T_DIR/out"
lv lvs --reportformat json -o lv_name vg0
check json-names-sorted jqt '[.report[0].lv[].lv_name] == ["lin","odd+n","str"]' "$T_DIR/out"

# json_std: numbers unquoted, empty numbers null, lists as arrays, sizes quoted
lv pvs --reportformat json_std -o pv_name,pv_size,pv_pe_count,pv_tags,pv_allocatable
check json_std-types jqt '.report[0].pv[0] | (.pv_pe_count == 15) and (.pv_size == "60.00m") and (.pv_tags == []) and (.pv_allocatable == 1)' "$T_DIR/out"
lv lvs --reportformat json_std -o lv_name,data_percent,devices vg0/str
check json_std-null-and-list jqt '.report[0].lv[0] | (.data_percent == null) and (.devices | length == 2)' "$T_DIR/out"
lv vgs --reportformat json_std -o vg_mda_copies
check json_std-strict-numbers jqt '.report[0].vg[0].vg_mda_copies == 0' "$T_DIR/out"

# -o lists
lv pvs --noheadings -o pv_name -o +vg_name,pv_pe_count "$A"
check o-plus grep -Eq "^  $A +vg0 +15$" "$T_DIR/out"
lv vgs --noheadings -o name,size
check o-prefix-less grep -Eq '^  vg0 +120.00m$' "$T_DIR/out"
lv lvs --noheadings -o lv_name -O -lv_name vg0
check O-descending test "$(tr -d ' ' <"$T_DIR/out" | tr '\n' ,)" = "str,odd+n,lin,"
lv lvs --noheadings -o lv_name,lv_size -O -lv_size,lv_name vg0
check O-size-then-name test "$(awk '{print $1}' "$T_DIR/out" | tr '\n' ,)" = "str,lin,odd+n,"
lv lvs -o lv_all vg0/lin
check o-lv_all grep -q 'InitImgSyn' "$T_DIR/out"
lv pvs -o pv_all,vg_name --reportformat json "$A"
check o-pv_all jqt '.report[0].pv[0] | has("pv_ba_start") and has("pv_major") and has("vg_name")' "$T_DIR/out"

# units: every letter, upper case SI, --nosuffix
for u in b B s S k K m M g G t T p P e E h H r R; do
	lv vgs --noheadings --units $u -o vg_size vg0
	case $u in
	b) want='125829120B' ;; B) want='125829120B' ;; s) want='245760S' ;; S) want='245760S' ;;
	k) want='122880.00k' ;; K) want='125829.12K' ;; m) want='120.00m' ;; M) want='125.83M' ;;
	g) want='0.12g' ;; G) want='0.13G' ;; t|p|e) want='0' ;; T|P|E) want='0' ;;
	h) want='120.00m' ;; H) want='125.83M' ;; *) want='' ;;
	esac
	if [ "$u" = r ] || [ "$u" = R ]; then
		check "units-$u" test -s "$T_DIR/out" -o "$RC" != 0
	else
		check "units-$u" grep -Eq "^ +$want" "$T_DIR/out"
	fi
done
lv vgs --noheadings --units m --nosuffix -o vg_size vg0
check nosuffix grep -Eq '^ +120.00$' "$T_DIR/out"
lv vgs --units x vg0
expect units-bad 3 'Invalid units'

# layouts
lv pvs --noheadings --separator : -o pv_name,pv_pe_count "$A"
check separator grep -qx "  $A:15" "$T_DIR/out"
lv pvs --separator : --aligned -o pv_pe_count,vg_name "$A"
check separator-aligned grep -qx '  PE :VG ' "$T_DIR/out"
lv pvs --nameprefixes --noheadings -o pv_name,vg_name "$A"
check nameprefixes grep -qx "  LVM2_PV_NAME='$A' LVM2_VG_NAME='vg0'" "$T_DIR/out"
lv pvs --nameprefixes --unquoted --noheadings -o pv_pe_count "$A"
check unquoted grep -qx '  LVM2_PV_PE_COUNT=15' "$T_DIR/out"
lv vgs --rows -o vg_name,pv_count
check rows test "$(out)" = "$(printf '  VG vg0\n  #PV 2')"
lv pvs --binary --noheadings -o pv_allocatable,pv_missing "$A"
check binary grep -Eq '^ +1 +0$' "$T_DIR/out"
lv lvs vg0
check lvs-widths grep -q '^  LV    VG  Attr       LSize  Pool Origin Data%  Meta%  Move Log Cpy%Sync Convert$' "$T_DIR/out"
lv pvs -o help
expect o-help 0 'pvseg_start +- Physical Extent number'
check o-help-stdout-empty test ! -s "$T_DIR/out"

# -a shows hidden LVs; bad fields
lv lvs -a --noheadings -o lv_name vg0
check all grep -q lin "$T_DIR/out"
lv pvs -o nosuchfield
expect bad-field 5 'Unrecognised field: nosuchfield'
check bad-field-stdout-empty test ! -s "$T_DIR/out"
lv pvs --reportformat json -o nosuchfield
check bad-field-json-valid jqt '.report == []' "$T_DIR/out"
lv vgs -O nosuchfield
expect bad-sort 5 'dm_report: Unrecognised field: nosuchfield'
lv vgs --reportformat xml
expect bad-format 3 'Invalid argument for --reportformat: xml'

# fullreport: pvseg rows cover every PV from 0 to pe_count, used and free
lv fullreport --reportformat json
check fullreport-subreports jqt '.report[0] | keys == ["lv","pv","pvseg","seg","vg"]' "$T_DIR/out"
check fullreport-pvsegs jqt '[.report[0].pvseg[] | .pvseg_size | tonumber] | add == 30' "$T_DIR/out"
check fullreport-free-pvseg jqt '[.report[0].pvseg[] | select(.lv_uuid == "")] | length >= 1' "$T_DIR/out"
check fullreport-segs jqt '.report[0].seg | length == 4' "$T_DIR/out"
C=$(img c.img 16M); lv pvcreate "$C"
lv fullreport --reportformat json
check fullreport-orphans jqt '.report[1] | (keys == ["pv","pvseg"]) and (.pvseg[0].pvseg_size == "0")' "$T_DIR/out"
lv fullreport vg0
check fullreport-basic grep -q '^  Start SSize PV UUID' "$T_DIR/out"
t_done
