#!/bin/bash
# No source file over 1,000 lines: each file has one job its name says
# (STYLE.md). A file that grows past it is split by concern.
set -u
cd "$(dirname "$0")/../.."
LIMIT=1000
over=()
while read -r n f; do
	[ "$f" = total ] && continue
	[ "$n" -gt $LIMIT ] && over+=("$f: $n lines")
done < <(find lvmgr metadata allocator activation cmd tests/unit tests/tools -name '*.[ch]' -print0 | xargs -0 wc -l)
if [ ${#over[@]} = 0 ]; then
	echo "PASS layout/files-under-$LIMIT-lines"
else
	echo "FAIL layout/files-under-$LIMIT-lines"
	printf '    %s\n' "${over[@]}"
fi
