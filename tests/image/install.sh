#!/bin/bash
# make install / uninstall into a DESTDIR: the binary, the man pages, the
# udev rule, the systemd unit and the initramfs-tools hook and scripts where
# Debian's udev, systemd and initramfs-tools read them (not under PREFIX),
# naming the installed binary; uninstall removes
# everything install and install-links put there and nothing else.
. "$(dirname "$0")/../lib.sh"

REPO=$(cd "$(dirname "$0")/../.." && pwd)
O=${BUILD:-$REPO/build}
D=$T_DIR/root
mk() { make -s -C "$REPO" O="$O" DESTDIR="$D" "$@" >"$T_DIR/out" 2>"$T_DIR/err"; RC=$?; }
mkdir -p "$D/usr/sbin" && echo keep >"$D/usr/sbin/other" && ln -s other "$D/usr/sbin/pvs-other"

mk PREFIX=/usr install install-links
expect install 0
check install-binary test -x "$D/usr/sbin/lvmgr"
check install-man test -f "$D/usr/share/man/man8/pvscan.8" -a -f "$D/usr/share/man/man5/lvm.conf.5"
check install-links test "$(readlink "$D/usr/sbin/vgchange")" = lvmgr
check install-link-lvm test "$(readlink "$D/usr/sbin/lvm")" = lvmgr
check install-links-not-lvm-only test ! -e "$D/usr/sbin/segtypes" -a ! -e "$D/usr/sbin/version" -a -e "$D/usr/sbin/vgsplit"
check lvm-link-runs sh -c "\"$D/usr/sbin/lvm\" version | grep -q '^  LVM version:     [0-9]'"
R=$D/lib/udev/rules.d/69-lvmgr.rules
U=$D/lib/systemd/system/lvmgr-activation.service
check install-udev-rule test -f "$R" -a "$(stat -c %a "$R")" = 644
check install-unit test -f "$U" -a "$(stat -c %a "$U")" = 644
check rule-names-binary grep -q 'IMPORT{program}="/usr/sbin/lvmgr pvscan --cache --listvg --checkcomplete --vgonline --autoactivation event --udevoutput --journal=output $env{DEVNAME}"' "$R"
check rule-unit-name-as-lvm2 grep -q -- '--unit lvm-activate-$env{LVM_VG_NAME_COMPLETE} /usr/sbin/lvmgr vgchange -aay --autoactivation event $env{LVM_VG_NAME_COMPLETE}' "$R"
check unit-names-binary grep -qx 'ExecStart=/usr/sbin/lvmgr vgchange -aay --sysinit' "$U"
check unit-before-local-fs-pre grep -q '^Before=local-fs-pre.target' "$U"
check nothing-left-unfilled test -z "$(grep -rl @SBINDIR@ "$D")"
# the options the installed files use are ones lvmgr accepts
check rule-options-parse sh -c "\"$D/usr/sbin/lvmgr\" pvscan --cache --listvg --checkcomplete --vgonline --autoactivation event --udevoutput --journal=output --help >/dev/null"
check unit-condition-works sh -c "\"$D/usr/sbin/lvmgr\" config --type full --config global/event_activation=0 global/event_activation | grep -qx event_activation=0"

# the initramfs-tools hook and boot scripts where initramfs-tools reads them
I=$D/usr/share/initramfs-tools
check install-initramfs-hook test -x "$I/hooks/lvmgr" -a -x "$I/scripts/local-top/lvmgr" -a -x "$I/scripts/local-block/lvmgr"
check initramfs-hook-names-binary grep -qx 'copy_exec /usr/sbin/lvmgr' "$I/hooks/lvmgr"
check initramfs-hook-finds-rule grep -q 'for d in /etc/udev/rules.d /lib/udev/rules.d /lib/udev/rules.d; do' "$I/hooks/lvmgr"
check initramfs-script-names-binary grep -qx 'LVMGR=/usr/sbin/lvmgr' "$I/scripts/local-top/lvmgr"
check initramfs-files-parse sh -c "sh -n '$I/hooks/lvmgr' && sh -n '$I/scripts/local-top/lvmgr' && sh -n '$I/scripts/local-block/lvmgr'"
check initramfs-hook-prereqs test "$(sh "$I/hooks/lvmgr" prereqs)" = udev
# the options the boot script gives lvmgr are ones it accepts
check initramfs-script-options-parse sh -c "\"$D/usr/sbin/lvmgr\" lvchange -ay --sysinit --help >/dev/null && \"$D/usr/sbin/lvmgr\" vgs --noheadings --separator : -o vg_name,vg_missing_pv_count >/dev/null 2>&1 && \"$D/usr/sbin/lvmgr\" pvs --noheadings -o pv_uuid,vg_name,pv_missing --help >/dev/null"

# the dracut module where dracut reads it
M=$D/usr/lib/dracut/modules.d/90lvmgr
check install-dracut-module sh -c "test -x '$M/module-setup.sh' -a -x '$M/lvmgr_scan.sh' -a -x '$M/parse-lvmgr.sh' -a -f '$M/64-lvmgr.rules' && grep -q 'inst_binary /usr/sbin/lvmgr' '$M/module-setup.sh' && grep -qx 'LVMGR=/usr/sbin/lvmgr' '$M/lvmgr_scan.sh' && bash -n '$M/module-setup.sh' && sh -n '$M/lvmgr_scan.sh' && sh -n '$M/parse-lvmgr.sh'"
# shutdown deactivation: the unit stops after the local file systems
# (started before local-fs-pre.target) and gives up after a time limit
S=$D/lib/systemd/system/lvmgr-shutdown.service
check install-shutdown-unit sh -c "grep -qx 'ExecStop=/usr/lib/lvmgr/lvmgr-shutdown 20' '$S' && grep -q '^Before=local-fs-pre.target' '$S' && grep -qx 'TimeoutStopSec=30' '$S' && test -x '$D/usr/lib/lvmgr/lvmgr-shutdown'"

# bash completion: commands, a command's options, VG and VG/LV names
BC=$D/usr/share/bash-completion/completions/lvmgr
check install-bash-completion test -f "$BC"
A=$(img bc.img 16M)
"$D/usr/sbin/lvmgr" vgcreate vgbc "$A" >/dev/null 2>&1 && "$D/usr/sbin/lvmgr" lvcreate -an -l1 -n lvbc vgbc >/dev/null 2>&1
comp() {	# comp WORD...: COMPREPLY for completing the last word
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _lvmgr; printf "%s\n" "${COMPREPLY[@]}"' \
		comp "$BC" "$@"
}
has() { local want=$1; shift; comp "$@" | grep -qx -- "$want"; }
check completion-commands has lvcreate "$D/usr/sbin/lvmgr" lvc
check completion-options has --resizefs "$D/usr/sbin/lvmgr" lvextend --res
check completion-lv-names has vgbc/lvbc "$D/usr/sbin/lvmgr" lvremove vgbc/
check completion-vg-names has vgbc "$D/usr/sbin/lvmgr" vgchange vgb

mk PREFIX=/usr uninstall
expect uninstall 0
left=$(cd "$D" && find . ! -type d | sort | tr '\n' ' ')
check uninstall-removes-all test "$left" = "./usr/sbin/other ./usr/sbin/pvs-other "

mk PREFIX=/usr/local install
check install-prefix-local grep -q '/usr/local/sbin/lvmgr vgchange' "$D/lib/udev/rules.d/69-lvmgr.rules"
mk PREFIX=/usr/local UDEVRULESDIR=/usr/lib/udev/rules.d install
check install-udev-dir-settable test -f "$D/usr/lib/udev/rules.d/69-lvmgr.rules"
# initramfs-tools reads only /usr/share/initramfs-tools: not under PREFIX
check install-initramfs-not-prefix sh -c "test -x '$D/usr/share/initramfs-tools/hooks/lvmgr' && grep -qx 'copy_exec /usr/local/sbin/lvmgr' '$D/usr/share/initramfs-tools/hooks/lvmgr' && grep -q /usr/lib/udev/rules.d '$D/usr/share/initramfs-tools/hooks/lvmgr'"

# lvmgr-shutdown itself, with a stand-in for lvmgr (deactivation needs
# device-mapper): a vgchange that hangs is killed after the time limit and
# said so; each LV still active is named, and whether it is open.
# (the script as make install fills it in, pointing into the test dir: an
# install with such a PREFIX would also write the directories that do not
# follow PREFIX)
P=$T_DIR/p
mkdir -p "$P/sbin" "$P/lib/lvmgr"
sed "s|@SBINDIR@|$P/sbin|g" "$REPO/conf/lvmgr-shutdown.in" >"$P/lib/lvmgr/lvmgr-shutdown"
chmod 755 "$P/lib/lvmgr/lvmgr-shutdown"
check shutdown-sed-as-make grep -q '^	sed .s|@SBINDIR@|$(PREFIX)/sbin|g. conf/lvmgr-shutdown.in >' "$REPO/Makefile"
printf '#!/bin/sh\ncase $1 in\nvgchange) sleep 60 ;;\nlvs) echo "  vg0/root active open"; echo "  vg0/data active "; echo "  vg0/off  " ;;\nesac\n' >"$P/sbin/lvmgr"
chmod 755 "$P/sbin/lvmgr"
s0=$SECONDS
"$P/lib/lvmgr/lvmgr-shutdown" 1 >"$T_DIR/out" 2>&1
check shutdown-timeout-bounded test $((SECONDS - s0)) -lt 10
check shutdown-timeout-said grep -qx 'lvmgr-shutdown: vgchange -an did not finish within 1 s: killed, going on with the shutdown' "$T_DIR/out"
check shutdown-names-open-lv grep -qx 'lvmgr-shutdown: vg0/root stayed active: it is open (mounted or in use)' "$T_DIR/out"
check shutdown-names-active-lv grep -qx 'lvmgr-shutdown: vg0/data stayed active' "$T_DIR/out"
check shutdown-not-inactive test "$(grep -c stayed "$T_DIR/out")" = 2

exit $T_FAILED
