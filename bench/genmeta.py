#!/usr/bin/env python3
"""genmeta.py IN OUT N [PREFIX]: copy the VG backup file IN (as written by
vgcfgbackup) to OUT with its logical volumes replaced by N linear LVs of one
extent each, named PREFIX1..PREFIXN (default "lv"), packed from the first
extent of the first PV on. `vgcfgrestore -f OUT VG` then puts that VG on the
disks: a VG with thousands of LVs in a second instead of thousands of
lvcreate runs. The result is what lvcreate -l1 would have made, apart from
creation times and ids."""
import random
import re
import string
import sys

src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
prefix = sys.argv[4] if len(sys.argv) > 4 else "lv"
text = open(src).read()
rnd = random.Random(n)  # reproducible ids for a given N
ALNUM = string.ascii_letters + string.digits


def uid():
    s = "".join(rnd.choice(ALNUM) for _ in range(32))
    parts, i = [], 0
    for w in (6, 4, 4, 4, 4, 4, 6):
        parts.append(s[i:i + w])
        i += w
    return "-".join(parts)


def block_end(t, start):
    """index just past the '}' closing the block whose '{' is at/after start"""
    i = t.index("{", start)
    depth = 0
    while True:
        c = t[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        elif c == "#":
            i = t.index("\n", i) - 1
        elif c == '"':
            i = t.index('"', i + 1)
        i += 1


# drop an existing logical_volumes section
m = re.search(r"\n\tlogical_volumes \{", text)
if m:
    text = text[:m.start()] + text[block_end(text, m.start()):]
# free extents per PV in the order of the file
pvs = re.findall(r'\n\t\t(pv\d+) \{.*?pe_count = (\d+)', text, re.S)
free = [(name, int(cnt)) for name, cnt in pvs]
if sum(c for _, c in free) < n:
    sys.exit("genmeta: the PVs hold %d extents, %d LVs need more" % (sum(c for _, c in free), n))
out, pv, pe = ["\n\tlogical_volumes {\n"], 0, 0
for i in range(1, n + 1):
    while pe >= free[pv][1]:
        pv, pe = pv + 1, 0
    out.append('''
		%s%d {
			id = "%s"
			status = ["READ", "WRITE", "VISIBLE"]
			flags = []
			creation_time = 1700000000
			creation_host = "bench"
			segment_count = 1

			segment1 {
				start_extent = 0
				extent_count = 1

				type = "striped"
				stripe_count = 1	# linear

				stripes = [
					"%s", %d
				]
			}
		}
''' % (prefix, i, uid(), free[pv][0], pe))
    pe += 1
out.append("\t}\n")
m = re.search(r"\n\tphysical_volumes \{", text)
end = block_end(text, m.start())
text = text[:end] + "".join(out) + text[end:]
open(dst, "w").write(text)
