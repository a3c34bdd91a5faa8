#!/bin/bash
# The bench layer: `bench/run.sh --quick` as a smoke test. It must run to
# the end and fill every row of its table (both tools' medians, the ratio,
# both peak RSS values), including the two activation rows from the qemu VM.
# No timing is judged here: the figures belong to bench/README and the note.
set -u
cd "$(dirname "$0")/../.."
out=$(mktemp /tmp/lvmgr-bench-smoke.XXXXXX)
err=$(mktemp /tmp/lvmgr-bench-smoke-err.XXXXXX)
trap 'rm -f "$out" "$err"' EXIT
if [ "$(id -u)" != 0 ]; then
	echo "SKIP bench: needs root (loop devices)"
	exit 0
fi
if ! bench/run.sh --quick --lvmgr "${LVMGR:-build/lvmgr}" --out "$out" >/dev/null 2>"$err"; then
	tail -20 "$err" | sed 's/^/    /'
	echo "FAIL bench/run-quick (exit status)"
	exit 0
fi
echo "PASS bench/run-quick"
num='[0-9]+(\.[0-9]+)?'
for r in "pvcreate 4 PVs" "vgcreate 4 PVs" "lvcreate, 0 LVs" "lvcreate, 200 LVs" "lvs, 200 LVs" \
	"vgs, 200 LVs" "pvs, 200 LVs" "lvextend, 200 LVs" "lvremove, 200 LVs" "vgcfgbackup, 200 LVs" \
	"activate 200 LVs" "deactivate 200 LVs"; do
	line=$(grep -F "| $r" "$out" | head -1)
	if [ -z "$line" ]; then
		echo "FAIL bench/row: $r (missing)"
	elif ! grep -Eq "^\| [^|]+ \| $num \| $num \| $num""x \| [0-9]+ \| [0-9]+ \|$" <<<"$line" ||
		grep -q FAILED <<<"$line"; then
		echo "FAIL bench/row: $r: $line"
	else
		echo "PASS bench/row: $r"
	fi
done
# the table of bytes written by lvcreate: device KiB / file KiB for each tool
# (lvmgr: + KiB of its VG cache entry)
if grep -Eq "^\| lvcreate at 200 LVs \| [0-9]+ / [0-9]+( \(\+ [0-9]+ cache\))? \| [0-9]+ / [0-9]+ \|$" "$out"; then
	echo "PASS bench/bytes-written"
else
	echo "FAIL bench/bytes-written"
fi
