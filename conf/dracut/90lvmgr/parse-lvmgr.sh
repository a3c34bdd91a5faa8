#!/bin/sh
# lvmgr's dracut module, cmdline hook: with rd.lvm=0, or with no rd.lvm.vg=,
# rd.lvm.lv= and no rd.auto, lvmgr activates nothing (dracut's rule for
# LVM2); else wait for each device named.
LV_DEVS="$(getargs rd.lvm.vg -d rd_LVM_VG=) $(getargs rd.lvm.lv -d rd_LVM_LV=)"
if ! getargbool 1 rd.lvm -d -n rd_NO_LVM ||
	{ [ -z "${LV_DEVS# }" ] && ! getargbool 0 rd.auto; }; then
	info "rd.lvm=0: removing lvmgr activation"
	rm -f -- /etc/udev/rules.d/64-lvmgr.rules /lib/udev/rules.d/64-lvmgr.rules /usr/lib/udev/rules.d/64-lvmgr.rules
else
	for dev in $LV_DEVS; do
		wait_for_dev -n "/dev/$dev"
	done
fi
