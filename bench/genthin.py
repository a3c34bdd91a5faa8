#!/usr/bin/env python3
"""genthin.py IN OUT N TXN: copy the VG backup file IN (vgcfgbackup of a VG
with one thin pool named "pool") to OUT with its thin LVs replaced by N thin
LVs th1..thN of one extent, device ids 1..N, and the pool's transaction_id
set to TXN. The kernel's pool metadata must already hold devices 1..N at
transaction TXN (bench/vm-thin.sh sends the create_thin messages itself);
LVM2's `vgcfgrestore --force` then puts the VG on the disks: a pool with
1,000 thin LVs in seconds instead of 1,000 lvcreate runs under TCG."""
import random
import re
import string
import sys

src, dst, n, txn = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
text = open(src).read()
rnd = random.Random(n)
ALNUM = string.ascii_letters + string.digits


def uid():
    s = "".join(rnd.choice(ALNUM) for _ in range(32))
    parts, i = [], 0
    for w in (6, 4, 4, 4, 4, 4, 6):
        parts.append(s[i:i + w])
        i += w
    return "-".join(parts)


# drop the existing thin LVs: blocks at three tabs whose segment is "thin"
lv_re = re.compile(r"\n\t\t(\w+) \{\n.*?\n\t\t\}\n", re.S)
text = lv_re.sub(lambda m: "\n" if 'type = "thin"\n' in m.group(0) else m.group(0), text)
text, k = re.subn(r'(type = "thin-pool"\n(?:\t+\w+ = .*\n)*?\t+transaction_id = )\d+', r"\g<1>%d" % txn, text)
if k != 1:
    sys.exit("genthin: expected one thin pool, found %d" % k)
out = []
for i in range(1, n + 1):
    out.append('''
		th%d {
			id = "%s"
			status = ["READ", "WRITE", "VISIBLE"]
			flags = []
			creation_time = 1700000000
			creation_host = "bench"
			segment_count = 1

			segment1 {
				start_extent = 0
				extent_count = 1

				type = "thin"
				thin_pool = "pool"
				transaction_id = 0
				device_id = %d
			}
		}
''' % (i, uid(), i))
# append inside logical_volumes, before its closing brace
m = re.search(r"\n\tlogical_volumes \{\n", text)
depth, i = 0, m.end() - 2
while True:
    c = text[i]
    if c == "{":
        depth += 1
    elif c == "}":
        depth -= 1
        if depth == 0:
            break
    elif c == '"':
        i = text.index('"', i + 1)
    elif c == "#":
        i = text.index("\n", i) - 1
    i += 1
text = text[:i] + "".join(out) + "\t" + text[i:].lstrip("\t")
open(dst, "w").write(text)
