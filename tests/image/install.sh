#!/bin/bash
# make install / uninstall into a DESTDIR: the binary, the man pages, the
# udev rule and the systemd unit where Debian's udev and systemd read them
# (not under PREFIX), naming the installed binary; uninstall removes
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

exit $T_FAILED
