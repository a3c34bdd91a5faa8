#!/bin/bash
# -S|--select, @tag, --segments, --unbuffered and --nameprefixes --rows side
# by side with LVM2 on loop devices: the same VGs (written by LVM2), the
# same report for each selection (byte for byte), the same error lines and
# exit status for bad ones; and the processing commands' selections agree
# (lvmgr changes by -S, LVM2 reads what changed).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 64M)"; L1=$LOOP
attach "$(img b.img 64M)"; L2=$LOOP
attach "$(img c.img 64M)"; L3=$LOOP
attach "$(img d.img 64M)"; L4=$LOOP
lvm_conf
l2 pvcreate "$L1" "$L2" "$L3" "$L4"
l2 vgcreate vg0 "$L1" "$L2"
l2 vgcreate --addtag vt vg1 "$L3"
l2 lvcreate -an -Zn -Wn -L 8M -n lin vg0
l2 lvcreate -an -Zn -Wn -i 2 -I 64k -L 16M -n str vg0
l2 lvcreate -an -Zn -Wn -L 4M -n multi vg0
l2 lvextend -L +8M vg0/multi "$L2"
l2 lvchange --addtag t1 --addtag t2 vg0/lin
l2 lvchange -pr vg0/str
l2 lvcreate -an -Zn -Wn -L 4M -n x --addtag t2 vg1
l2 pvchange --addtag pt "$L2"
expect lvm2-setup 0

# lv_attr state/open: LVM2 without activation prints XX, lvmgr -- (inactive)
fix() { sed -E 's/([-a-zA-Z][rw][-a-zA-Z][-m])XX([-a-z]{4})/\1--\2/g'; }
same() {	# same NAME CMD...: stdout and status of both tools identical
	local name=$1
	shift
	l2 "$@"; fix <"$T_DIR/out" >"$T_DIR/l2.out"; local rc2=$RC
	lv "$@"; cp "$T_DIR/out" "$T_DIR/lg.out"
	if cmp -s "$T_DIR/l2.out" "$T_DIR/lg.out" && [ "$RC" = "$rc2" ]; then
		pass "$name"
	else
		fail "$name" "exit $RC, LVM2 $rc2"
		diff "$T_DIR/l2.out" "$T_DIR/lg.out" | head -6
	fi
}
n=0
while IFS= read -r s; do
	n=$((n + 1))
	same "lvs-$n $s" lvs -S "$s" -o +lv_tags
done <<'EOS'
lv_name=lin
name=lin
name!=lin
name="multi"
name='x'
name=~^l
name!~^l
name=~'t.*r'
size>8m
size>=8m
size<=8
size=8
size=8192k
size=16384s
size<0.01g
lv_size>1g
size=12M
seg_count>1
seg_count=-1
lv_kernel_major=-1
lv_kernel_major=undefined
lv_kernel_major>0
lv_read_ahead=auto
name=lin||name=x
name=lin#name=x
name=lin,seg_count=1
name=lin&&seg_count=2
name=x || name=multi && seg_count=2
(name=x || name=multi) && seg_count=2
!(name=lin)
!(name=lin || vg_name=vg1)
lv_tags=t2
lv_tags=[t2]
lv_tags=[t1,t2]
lv_tags=[t2,t1]
lv_tags={t1}
lv_tags={t2,t1}
lv_tags=[t1||x]
lv_tags={x||t2}
lv_tags!=[t2]
lv_tags=""
lv_tags=[""]
vg_tags=vt
vg_name=vg0 && lv_size>4m
lv_permissions=r
lv_permissions=writeable
lv_permissions=read-write
lv_skip_activation=0
lv_skip_activation=no
lv_skip_activation=skip
lv_allocation_policy=inherit
lv_layout=striped
lv_layout=[linear]
devices=~loop
seg_size=8m
stripes=2
lv_time since "1 hour ago"
lv_time before "2 days ago"
lv_time since today
lv_time = yesterday
lv_time since "1 year 3 months ago"
lv_time until "10 minutes ago"
lv_time after 2020-01-01
lv_time < 2020
lv_time since @1000000000
all

EOS
# errors: LVM2's lines (it also prints its help, which lvmgr leaves out)
bad() {	# bad NAME EXPR: status 5 from both, lvmgr's every stderr line in LVM2's
	l2 lvs -S "$2"; local rc2=$RC; cp "$T_DIR/err" "$T_DIR/l2.err"
	lv lvs -S "$2"
	local missing
	missing=$(grep -vxF -f "$T_DIR/l2.err" "$T_DIR/err")
	if [ "$RC" = 5 ] && [ "$rc2" = 5 ] && [ -s "$T_DIR/err" ] && [ -z "$missing" ] && [ ! -s "$T_DIR/out" ]; then
		pass "$1"
	else
		fail "$1" "exit $RC, LVM2 $rc2; not from LVM2: $missing"
	fi
}
n=0
while IFS= read -r s; do
	n=$((n + 1))
	bad "bad-$n $s" "$s"
done <<'EOS'
foo=1
name
name<3
name since 2020
name=lin &&
(name=lin
name=lin)
name=lin x
!name=lin
size=abc
size=1x
seg_count=5%
seg_count=5m
lv_tags=[t1,t2
lv_tags=[t1,t2||t3]
lv_tags=[t1,t2}
lv_tags=~t
name="lin
lv_time>2020-13-01
lv_time>2020-02-30
lv_time since "garbage"
EOS
for c in "vgs -S vg_free>60m" "vgs -S vg_tags=vt" "vgs -S pv_count=2" "vgs -S vg_free>=10%" "pvs -S pv_free<42m" \
	"pvs -S pv_tags=pt" "pvs -S vg_name=\"\"" "pvs -S pv_allocatable=allocatable" "pvs @pt" "lvs @t2" "lvs @vt" \
	"vgs @vt" "pvs --segments" "lvs --segments" "pvs --segments -o +lv_name" "pvs --segments -S pvseg_size>5" \
	"lvs --segments -S seg_size>4m" "lvs -S seg_size>4m" "lvs --segments --reportformat json" \
	"pvs --segments --reportformat json" "lvs --nameprefixes --rows" "lvs --rows --unquoted --nameprefixes --noheadings" \
	"vgs --rows --nameprefixes --separator ," "lvs --unbuffered vg0" "pvs --unbuffered -o pv_name,pv_size $L1 $L2" \
	"fullreport -S vg_name=vg1 vg0" "lvs -S name=lin -o name,selected" "pvs -o pv_name,selected" \
	"lvs -S pv_name=$L2" "vgs -S lv_name=lin" "pvs -S lv_name=lin" "vgs -S pv_name=$L3" "vgs -S lv_name=lin&&pv_name=$L1" \
	"pvs -S seg_size=8m" "vgs -S seg_size=8m" "vgs -S lv_name=lin||vg_name=vg1" "vgs -S lv_name!=lin" "pvs -S pvseg_size>5" \
	"pvs -S lv_size>8m" "vgs -S lv_name=lin -o vg_name,selected" "pvs -S lv_name=lin -o pv_name,selected"; do
	same "$c" $c
done

# The processing commands: lvmgr changes what -S and @tag select, LVM2 sees it.
lv lvchange --addtag big -S 'size>8m'
expect lvchange-select 0
l2 lvs --noheadings -o lv_name -S 'lv_tags=big'
check lvchange-select-lvm2 test "$(tr -d ' \n' <"$T_DIR/out")" = "multistr"
lv lvchange --deltag big @big
l2 lvs --noheadings -o lv_name -S 'lv_tags=big'
check lvchange-at-tag-lvm2 test ! -s "$T_DIR/out"
lv vgchange --addtag sel -S 'lv_count=1'
l2 vgs --noheadings -o vg_name -S 'vg_tags=sel'
check vgchange-select-lvm2 test "$(tr -d ' \n' <"$T_DIR/out")" = "vg1"
lv pvchange --addtag p2 -S 'pv_free<45m && pv_tags=pt'
l2 pvs --noheadings -o pv_name -S 'pv_tags=p2'
check pvchange-select-lvm2 test "$(tr -d ' \n' <"$T_DIR/out")" = "$L2"
S0=$(sums "$T_DIR/a.img" "$T_DIR/b.img" "$T_DIR/c.img")
lv lvremove -y -S 'foo=1'
check lvremove-bad-refused test "$RC" = 5
check lvremove-bad-unchanged test "$(sums "$T_DIR/a.img" "$T_DIR/b.img" "$T_DIR/c.img")" = "$S0"
lv lvremove -y -S 'vg_name=vg1 && lv_tags=t2'
expect lvremove-select 0
l2 lvs --noheadings -o lv_name vg1
check lvremove-select-lvm2 test "$RC" = 0 -a ! -s "$T_DIR/out"
lv vgremove -S 'vg_tags=sel'
expect vgremove-select 0
l2 vgs --noheadings -o vg_name
check vgremove-select-lvm2 test "$(tr -d ' \n' <"$T_DIR/out")" = "vg0"
l2 vgck vg0
expect vgck-after 0
t_done
