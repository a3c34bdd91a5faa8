# Shell helpers for tests/image and tests/interop. Source it.
# Each test prints "PASS name" or "FAIL name"; a group script keeps going
# after a failure and cleans up everything it made, also on failure.
set -u
LVMGR=${LVMGR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/lvmgr}
T_GROUP=${T_GROUP:-$(basename "$0" .sh)}
T_DIR=$(mktemp -d /tmp/lvmgr-test.XXXXXX)
T_FAILED=0
T_CLEANUP=()
# lvmgr reads its configuration from here: no block device is ever scanned,
# only the image files a test creates.
export LVM_SYSTEM_DIR=$T_DIR/etc
mkdir -p "$LVM_SYSTEM_DIR"
cat >"$LVM_SYSTEM_DIR/lvm.conf" <<EOC
devices { global_filter = [ "r|.*|" ] }
global { locking_dir = "$T_DIR/lock" }
EOC

t_cleanup() {
	local i
	for ((i = ${#T_CLEANUP[@]} - 1; i >= 0; i--)); do eval "${T_CLEANUP[$i]}" >/dev/null 2>&1; done
	rm -rf "$T_DIR"
}
trap t_cleanup EXIT
on_exit() { T_CLEANUP+=("$*"); }

pass() { echo "PASS $T_GROUP/$1"; }
fail() {
	echo "FAIL $T_GROUP/$1${2:+: $2}"
	T_FAILED=1
	if [ -s "$T_DIR/err" ]; then sed 's/^/    stderr: /' "$T_DIR/err" | head -20; fi
}

# lv CMD...: run lvmgr, stdout to $T_DIR/out, stderr to $T_DIR/err, status in $RC
lv() {
	"$LVMGR" "$@" >"$T_DIR/out" 2>"$T_DIR/err"
	RC=$?
	return 0
}
out() { cat "$T_DIR/out"; }
err() { cat "$T_DIR/err"; }

img() {	# img NAME SIZE: a sparse image file in the test dir
	truncate -s "$2" "$T_DIR/$1"
	echo "$T_DIR/$1"
}
sums() {	# checksums of the given files, to prove nothing changed
	md5sum "$@" | cut -d' ' -f1 | tr '\n' ' '
}

# expect NAME RC [stderr-regex]: check the last lv call
expect() {
	local name=$1 want=$2 re=${3:-}
	if [ "$RC" != "$want" ]; then
		fail "$name" "exit $RC, expected $want"
		return 1
	fi
	if [ -n "$re" ] && ! grep -Eq -- "$re" "$T_DIR/err" "$T_DIR/out"; then
		fail "$name" "output does not match /$re/"
		return 1
	fi
	pass "$name"
}
# check NAME CONDITION...: pass if the command succeeds
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}
# put_text TEXTFILE IMAGE OFFSET: the text (a NUL added) as the committed
# copy of IMAGE's first metadata area (header at 4096), written at OFFSET in
# the area; the header's size and checksums fixed, as a tool that writes
# any text with valid checksums would (needs perl)
put_text() {
	perl -e '
	use strict;
	my ($tf, $img, $off) = @ARGV;
	my @t; for my $n (0..255) { my $c = $n; for (1..8) { $c = ($c & 1) ? (($c >> 1) ^ 0xedb88320) : ($c >> 1); } $t[$n] = $c; }
	sub crc { my $c = 0xf597a6cf; $c = $t[($c ^ $_) & 0xff] ^ ($c >> 8) for unpack("C*", $_[0]); $c }
	local $/; open(my $f, "<", $tf) or die; my $text = <$f>; close $f;
	open(my $d, "+<", $img) or die; binmode $d;
	sysseek($d, 4096 + $off, 0); $text .= "\0"; syswrite($d, $text);
	sysseek($d, 4096, 0); sysread($d, my $h, 512);
	substr($h, 40, 8) = pack("Q<", $off);
	substr($h, 48, 8) = pack("Q<", length $text);
	substr($h, 56, 4) = pack("V", crc($text));
	substr($h, 0, 4) = pack("V", crc(substr($h, 4)));
	sysseek($d, 4096, 0); syswrite($d, $h);' "$1" "$2" "$3"
}
# A VG's text without what differs between two VGs made apart: ids,
# stamps, the writer, device hints.
vg_text_mask() {
	grep -Ev '^[[:space:]]*(id|seqno|creation_time|creation_host|device) = |^(# Generated|description|contents|version|creation_host|creation_time)' "$1"
}
same_vg_text() {	# same_vg_text NAME FIXTURE: vgt's text (vgcfgbackup) against $FX/FIXTURE, LVM2's
	lv vgcfgbackup -f "$T_DIR/$1.vg" vgt
	if diff <(vg_text_mask "$FX/$2") <(vg_text_mask "$T_DIR/$1.vg") >"$T_DIR/diff"; then
		pass "$1-text"
	else
		fail "$1-text" "metadata differs from LVM2's"; head -30 "$T_DIR/diff"
	fi
}
t_done() { exit $T_FAILED; }
jqt() { jq -e "$@" >/dev/null; }	# jq test, quiet
