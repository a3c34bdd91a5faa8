#!/bin/bash
# Each command's man page has the SYNOPSIS its forms in the command table
# (cmd/commands.c) print: `lvmgr --synopsis CMD` is the section's troff
# body, compared byte for byte. A page whose options or positionals drift
# from what the parser takes fails here; so does a command without a page.
set -u
cd "$(dirname "$0")/../.."
LVMGR=${LVMGR:-build/lvmgr}
if [ ! -x "$LVMGR" ]; then
	echo "FAIL layout/man-synopsis (no binary $LVMGR: build first)"
	exit 0
fi
synopsis() {	# the lines between .SH SYNOPSIS and the next .SH
	awk '/^\.SH /{p = ($0 == ".SH SYNOPSIS"); next} p' "$1"
}
for cmd in $("$LVMGR" --commands) config dumpconfig version segtypes formats; do
	page=man/$cmd.8
	if [ ! -f "$page" ]; then
		echo "FAIL layout/man-synopsis/$cmd (no $page)"
		continue
	fi
	# lvmconfig.8 is ".so man8/config.8": the page of the command it aliases
	if so=$(sed -n '1s/^\.so man8\///p' "$page") && [ -n "$so" ]; then
		if [ -f "man/$so" ]; then
			echo "PASS layout/man-synopsis/$cmd"
		else
			echo "FAIL layout/man-synopsis/$cmd ($page includes a missing man/$so)"
		fi
		continue
	fi
	if d=$(diff <("$LVMGR" --synopsis "$cmd") <(synopsis "$page")); then
		echo "PASS layout/man-synopsis/$cmd"
	else
		echo "FAIL layout/man-synopsis/$cmd ($page disagrees with the command table; < table, > page)"
		printf '%s\n' "$d" | head -20 | sed 's/^/    /'
	fi
done
