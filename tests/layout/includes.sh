#!/bin/bash
# The layers of the source tree (README, Layout): data flows down, so an
# #include may only name a header of its own layer or of a layer below.
#
#   0 lvmgr/base   1 lvmgr/io   2 metadata   3 allocator | activation
#   4 lvmgr (API, runtime), lvmgr/cache   5 cmd
#
# allocator/ and activation/ are side by side: neither includes the other.
# The speed work in lvmgr/cache sits behind the VG read/commit code: only
# lvmgr/vgio*, lvmgr/scan.c and lvmgr/cache itself include its headers.
# Each rule is checked on its own (one PASS/FAIL line each); a violation
# names the file, the line and the rule it breaks.
set -u
cd "$(dirname "$0")/../.."

layer() {	# layer PATH: the rank of the folder a file or header is in
	case "$1" in
	lvmgr/base/*) echo 0 ;;
	lvmgr/io/*) echo 1 ;;
	metadata/*) echo 2 ;;
	allocator/*) echo 3a ;;
	activation/*) echo 3b ;;
	lvmgr/*) echo 4 ;;
	cmd/*) echo 5 ;;
	*) echo "" ;;
	esac
}

files=$(find lvmgr metadata allocator activation cmd -name '*.[ch]' | sort)
up=() side=() cache=() unknown=()
for f in $files; do
	lf=$(layer "$f")
	while IFS=: read -r n inc; do
		h=${inc#*\"}; h=${h%\"*}
		lh=$(layer "$h")
		if [ -z "$lh" ]; then
			unknown+=("$f:$n includes \"$h\", which is in no layer")
			continue
		fi
		if [ "${lf%[ab]}" -lt "${lh%[ab]}" ]; then
			up+=("$f:$n (layer $lf) includes $h (layer $lh)")
		elif [ "${lf%[ab]}" = 3 ] && [ "$lh" != "$lf" ] && [ "${lh%[ab]}" = 3 ]; then
			side+=("$f:$n includes $h: allocator/ and activation/ are independent")
		fi
		case "$h" in
		lvmgr/cache/*)
			case "$f" in
			lvmgr/cache/* | lvmgr/vgio* | lvmgr/scan.c) ;;
			*) cache+=("$f:$n includes $h: the VG cache is for the VG read/commit code only") ;;
			esac
			;;
		esac
	done < <(grep -n '^#include "' "$f")
done

report() {	# report NAME MESSAGE...
	local name=$1; shift
	if [ $# = 0 ]; then
		echo "PASS layout/$name"
	else
		echo "FAIL layout/$name"
		printf '    %s\n' "$@"
	fi
}
report includes-point-down "${up[@]+"${up[@]}"}"
report allocator-activation-independent "${side[@]+"${side[@]}"}"
report cache-behind-vg-read-commit "${cache[@]+"${cache[@]}"}"
report includes-known-layers "${unknown[@]+"${unknown[@]}"}"
