#!/bin/bash
# Device handling next to LVM2 on loop devices: lvm.conf filters, md and
# multipath components, lvmconfig output, locks shared with LVM2, and the
# pvcreate layout options (lvmgr on image files, LVM2 on loop devices).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-lvm2.sh"

attach "$(img a.img 64M)"; L1=$LOOP
attach "$(img b.img 64M)"; L2=$LOOP
attach "$(img c.img 64M)"; L3=$LOOP
lvm_conf
C=$LVM_SYSTEM_DIR/lvm.conf
# L3 is attached but rejected by devices/filter
sed -i "s/\"a|^${L3//\//\\/}\\$|\", //" "$C"
check conf-rejects-L3 bash -c "! grep -q '$L3' '$C' && grep -q '$L1' '$C'"
l2bytes() { sums "$T_DIR/$1"; }

# -- devices/filter and global_filter on named and scanned devices
before=$(l2bytes c.img)
lv pvcreate "$L3"
expect filter-pvcreate-refused 5 "Cannot use $L3: device is rejected by filter config"
check filter-pvcreate-unchanged test "$before" = "$(l2bytes c.img)"
l2 pvcreate "$L3"
expect filter-lvm2-refuses-too 5 "Cannot use $L3: device is rejected by filter config"
lv vgcreate vgf "$L3"
expect filter-vgcreate-refused 5 "rejected by filter"
check filter-vgcreate-unchanged test "$before" = "$(l2bytes c.img)"
# a PV LVM2 wrote on the rejected device is not seen by either tool
l2 pvcreate --config "devices/filter=[\"a|^$L3\$|\"]" "$L3"
expect filter-lvm2-pvcreate-with-config 0
lv pvs --noheadings -o pv_name
check filter-pvs-hides-rejected bash -c "! grep -q '$L3' '$T_DIR/out'"
lv pvs "$L3"
expect filter-pvs-named-rejected 5
l2 pvs "$L3"
expect filter-lvm2-pvs-named-rejected 5
# --config overrides the file's filter, for both tools
F3="devices { filter = [ \"a|^$L3\$|\", \"r|.*|\" ] }"
lv pvs --noheadings -o pv_name --config "$F3"
check filter-config-option-overrides grep -q "$L3" "$T_DIR/out"
lv pvs --noheadings -o pv_name,pv_uuid --config "$F3"; lg=$(out)
l2 pvs --noheadings -o pv_name,pv_uuid --config "$F3"
check filter-config-option-same-as-lvm2 test "$lg" = "$(out)"
# --devices bypasses the filters (lvmgr)
lv pvs --noheadings -o pv_name --devices "$L3"
check filter-devices-option-bypasses grep -q "$L3" "$T_DIR/out"
# global_filter applies too, and the path forms of --config work
lv pvcreate "$L1" "$L2"
expect filter-accepted-pvcreate 0
lv pvs --noheadings -o pv_name --config "devices/global_filter=[\"r|^$L1\$|\"]"
check global-filter-hides bash -c "grep -q '$L2' '$T_DIR/out' && ! grep -q '$L1' '$T_DIR/out'"
before=$(l2bytes a.img)
lv pvremove --config "devices/global_filter=[\"r|^$L1\$|\"]" "$L1"
expect global-filter-pvremove-refused 5
check global-filter-pvremove-unchanged test "$before" = "$(l2bytes a.img)"
l2 pvs --noheadings -o pv_name --config "devices/global_filter=[\"r|^$L1\$|\"]"
check global-filter-lvm2-hides-too bash -c "! grep -q '$L1' '$T_DIR/out'"
lv pvremove "$L1" "$L2"
l2 pvremove --config "devices/filter=[\"a|^$L3\$|\"]" "$L3"

# -- md and multipath components on loop devices
md12() {
	perl -e '
	my $sb = "\0" x 256;
	substr($sb, 0, 4) = pack("V", 0xa92b4efc); substr($sb, 4, 4) = pack("V", 1);
	substr($sb, 16, 16) = pack("C16", 1 .. 16); substr($sb, 32, 6) = "host:0";
	substr($sb, 72, 4) = pack("V", 1); substr($sb, 128, 8) = pack("Q<", 2048);
	substr($sb, 144, 8) = pack("Q<", 8);
	my $s = 0; $s += $_ for unpack("V64", $sb);
	substr($sb, 216, 4) = pack("V", (($s & 0xffffffff) + ($s >> 32)) & 0xffffffff);
	open(my $f, "+<", $ARGV[0]) or die; binmode $f; seek($f, 4096, 0); print $f $sb; close $f;' "$1"
}
md12 "$L2"
before=$(l2bytes b.img)
lv pvcreate -y "$L2" </dev/null
expect md-loop-refused 5 "Cannot use $L2: device is an md component"
check md-loop-unchanged test "$before" = "$(l2bytes b.img)"
l2 pvcreate -y "$L2" </dev/null
expect md-loop-lvm2-refuses-too 5 "$L2"
check md-loop-lvm2-unchanged test "$before" = "$(l2bytes b.img)"
lv pvcreate -y --config devices/md_component_detection=0 "$L2" </dev/null
expect md-detection-off 0 "Wiping linux_raid_member signature on $L2"
check md-blkid-lvm-only test "$(blkid -p -o export "$L2" | grep -E '^(PT)?TYPE=' | tr '\n' ' ')" = "TYPE=LVM2_member "
l2 pvck "$L2"
expect md-lvm2-pvck 0
lv pvremove "$L2"
# a plain loop device is no multipath component, even with a wwids file
# listing other wwids (and a loop device has no wwid to match)
printf '# multipath wwids\n/36001405aabbccddeeff00112233445566/\n/3600a0b800012345600001234abcd0000/\n' >"$T_DIR/wwids"
lv pvcreate --config "devices/multipath_wwids_file=\"$T_DIR/wwids\"" "$L1"
expect mpath-plain-loop-accepted 0 "successfully created"
lv pvremove "$L1"

# -- a foreign signature on a loop device: both tools refuse without -y
mkfs.ext4 -q -F "$L1" >/dev/null 2>&1
before=$(l2bytes a.img)
lv pvcreate "$L1" </dev/null
expect sig-loop-ext4-refused 5 "Cannot use $L1: ext4 signature"
check sig-loop-ext4-unchanged test "$before" = "$(l2bytes a.img)"
echo y | "$LVMGR" pvcreate "$L1" >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?
expect sig-loop-ext4-answer-y 0 "Wiping ext4 signature on $L1"
l2 pvck "$L1"
expect sig-loop-lvm2-pvck 0
lv pvremove "$L1"

# -- lvmconfig and lvmgr config print the same for the same lvm.conf
for a in "" "--type default devices/scan" "--type full backup" "--type current backup" \
	"devices/filter global/locking_dir" "--type default global/umask devices/dir" \
	"--type full global/wait_for_locks devices/md_component_detection" \
	"--type full --config global/units=\"m\" global/units"; do
	lvmconfig $a >"$T_DIR/l2" 2>/dev/null
	"$LVMGR" config $a >"$T_DIR/lg" 2>&1
	if cmp -s "$T_DIR/l2" "$T_DIR/lg"; then pass "lvmconfig-same${a:+:$a}"; else
		fail "lvmconfig-same${a:+:$a}"
		diff "$T_DIR/l2" "$T_DIR/lg" | head -8 | sed 's/^/    /'
	fi
done

# -- locks: the same locking_dir, lvmgr and LVM2 exclude each other
check lock-dir-shared grep -q "locking_dir = \"$T_DIR/lock\"" "$C"
l2 pvcreate "$L1" "$L2"
l2 vgcreate vg0 "$L1"
expect lock-lvm2-vgcreate 0
l2 lvcreate -an -Zn -Wn -L 8M -n lv0 vg0
mkdir -p "$T_DIR/lock"
# The holder keeps the lock until $T_DIR/hold goes (not for a fixed time: on
# a loaded machine the refusals below can take longer than any fixed hold).
touch "$T_DIR/hold"
flock "$T_DIR/lock/V_vg0" sh -c 'touch "$1.held"; while [ -e "$1" ]; do sleep 0.1; done' sh "$T_DIR/hold" &
HOLDER=$!
on_exit "kill $HOLDER"
for _ in $(seq 100); do [ -e "$T_DIR/hold.held" ] && break; sleep 0.1; done
before=$(l2bytes a.img)
lv pvchange --addtag t1 "$L1" --config 'global/wait_for_locks=0'
expect lock-busy-fails 5 "$T_DIR/lock/V_vg0"
check lock-busy-unchanged test "$before" = "$(l2bytes a.img)"
lv vgextend --config 'global { wait_for_locks = 0 }' vg0 "$L2"
expect lock-busy-vgextend-fails 5 "V_vg0"
check lock-busy-vgextend-unchanged test "$before" = "$(l2bytes a.img)"
start=$(date +%s.%N)
(sleep 2; rm -f "$T_DIR/hold") &
lv pvchange --addtag t2 "$L1"
expect lock-waits-then-completes 0
check lock-waited awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { exit !(b - a >= 1.5) }'
wait $HOLDER 2>/dev/null
l2 pvs --noheadings -o pv_tags "$L1"
check lock-change-visible-to-lvm2 grep -q t2 "$T_DIR/out"
# the reverse: lvmgr waits for an answer with vg0 and the global lock held
mkfifo "$T_DIR/answer"
"$LVMGR" vgremove vg0 <"$T_DIR/answer" >"$T_DIR/vgremove.out" 2>&1 &
GR=$!
exec 7>"$T_DIR/answer"
sleep 1
l2 vgs --config 'global/wait_for_locks=0' vg0
expect lock-lvmgr-blocks-lvm2 5
l2 pvchange --config 'global/wait_for_locks=0' --addtag t3 "$L1"
expect lock-lvmgr-blocks-lvm2-write 5
echo n >&7
exec 7>&-
wait $GR
RC=$?; cp "$T_DIR/vgremove.out" "$T_DIR/err"
expect lock-lvmgr-answer-n 5
l2 vgs --noheadings -o vg_name,lv_count vg0
check lock-vg0-intact grep -Eq 'vg0 +1' "$T_DIR/out"
l2 vgremove -f vg0
l2 pvremove "$L1" "$L2"

# -- pvcreate layout options: lvmgr on an image file, LVM2 on a loop device
attach "$(img o.img 64M)"; LO=$LOOP
lvm_conf
IMG=$T_DIR/o.img
PF=pe_start,pv_mda_count,pv_mda_size,dev_size,pv_size,pv_free
UU=Lr7pV3-4xbq-Wc2C-OLzZ-ZHqU-Q1Yz-Oe3CeN
i=0
for opts in "--metadatasize 4m" "--dataalignment 64k" "--pvmetadatacopies 0" \
	"--pvmetadatacopies 2" "--labelsector 0" "--labelsector 2" "--labelsector 3" \
	"--metadatasize 4m --pvmetadatacopies 2 --dataalignment 64k" \
	"-u $UU --norestorefile"; do
	i=$((i + 1))
	n="opt$i:$opts"
	l2 pvcreate $opts "$L1"
	expect "$n:lvm2" 0 || continue
	l2 pvs --units b --reportformat json -o $PF,pv_uuid "$L1"; jq -S . "$T_DIR/out" >"$T_DIR/want.json"
	l2 pvremove "$L1"
	lv pvcreate $opts "$IMG"
	expect "$n:lvmgr" 0 || continue
	# LVM2's pvck looks in sector 1 unless told otherwise, also for its own PVs
	ls=1
	case "$opts" in --labelsector*) ls=${opts#--labelsector } ;; esac
	l2 pvck --labelsector "$ls" "$LO"
	expect "$n:lvm2-pvck" 0 "Found label on $LO, sector $ls,"
	l2 pvs --units b --reportformat json -o $PF,pv_uuid "$LO"; jq -S . "$T_DIR/out" >"$T_DIR/got.json"
	if [ "${opts#-u}" = "$opts" ]; then del='del(.report[0].pv[0].pv_uuid)'; else del=.; fi
	if cmp -s <(jq -S "$del" "$T_DIR/want.json") <(jq -S "$del" "$T_DIR/got.json"); then pass "$n:same-as-lvm2"; else
		fail "$n:same-as-lvm2"
		diff <(jq -S "$del" "$T_DIR/want.json") <(jq -S "$del" "$T_DIR/got.json") | head -12 | sed 's/^/    /'
	fi
	lv pvremove "$IMG"
done
check uuid-given grep -q "$UU" "$T_DIR/got.json"

# -- pvcreate --uuid --restorefile + vgcfgrestore after pvremove -ff
lv pvcreate --metadatasize 2m "$L1"
lv vgcreate vgr "$L1"
expect restore-vgcreate 0
l2 lvcreate -an -Zn -Wn -L 12M -n lvr vgr
expect restore-lvm2-lvcreate 0
l2 pvs --noheadings -o pv_uuid,pe_start --units s "$L1"; read -r U PES <<<"$(out)"
l2 lvs --noheadings -o lv_name,seg_pe_ranges,lv_uuid vgr; LVS_BEFORE=$(out)
lv vgcfgbackup -f "$T_DIR/vgr.backup" vgr
expect restore-vgcfgbackup 0
lv pvremove -ff -y "$L1"
expect restore-pvremove-ff 0
l2 vgs vgr
expect restore-vg-gone 5
lv pvcreate --uuid "$U" --restorefile "$T_DIR/vgr.backup" "$L1"
expect restore-pvcreate-uuid 0
lv vgcfgrestore -f "$T_DIR/vgr.backup" vgr
expect restore-vgcfgrestore 0
l2 vgck vgr
expect restore-lvm2-vgck 0
l2 pvs --noheadings -o pv_uuid,pe_start --units s "$L1"
check restore-same-uuid-pe-start test "$U $PES" = "$(out | xargs)"
l2 lvs --noheadings -o lv_name,seg_pe_ranges,lv_uuid vgr
check restore-lv-intact test "$LVS_BEFORE" = "$(out)"
l2 vgremove -f vgr
l2 pvremove "$L1"
t_done
