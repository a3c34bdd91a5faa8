#!/bin/bash
# The fuzz layer: every libFuzzer target (built by `make fuzz`) runs for a
# bounded time on a copy of its committed seed corpus. A crash, a leak or a
# sanitizer report fails the target; the reproducer is kept in build/fuzz/.
set -u
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-15}
for bin in build/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	name=${bin##*/}
	work=$(mktemp -d /tmp/lvmgr-fuzz.XXXXXX)
	[ -d "tests/fuzz/corpus/$name" ] && cp -r "tests/fuzz/corpus/$name/." "$work/"
	if "$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="build/fuzz/$name-" "$work" >"build/fuzz/$name.log" 2>&1; then
		runs=$(grep -Eo 'Done [0-9]+ runs' "build/fuzz/$name.log" | grep -Eo '[0-9]+')
		echo "PASS fuzz/$name (${runs:-?} runs in ${secs}s)"
	else
		tail -30 "build/fuzz/$name.log" | sed 's/^/    /'
		echo "FAIL fuzz/$name"
	fi
	rm -rf "$work"
done
ls build/fuzz/fuzz_* >/dev/null 2>&1 || echo "SKIP fuzz: no targets built (make fuzz needs clang)"
