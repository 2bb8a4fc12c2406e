# SPDX-License-Identifier: MIT
# netflow_note_sampling.sh: real export datagrams of ../shared (a Juniper
# MX80 NetFlow v5 export sampled 1:1000, a Cisco ASA NSEL v9 export) put in
# a capture and ingested as "netflow": `query --format json` shows the
# sampling interval and the NSEL event as the note (never in rule), the
# filter selects them with `sampled` and `note`, and `check` passes.
. "$(dirname "$0")/lib.bash"
need_shared logstash-netflow-dat
d="$SHARED/data/logstash-netflow-dat"
python3 - "$d" exports.pcap <<'PY'
import struct, sys
d, out = sys.argv[1], sys.argv[2]
names = ["netflow5_test_juniper_mx80", "netflow9_test_cisco_asa_1_tpl",
         "netflow9_test_cisco_asa_1_data"]
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    return ~(s + (s >> 16)) & 0xffff
with open(out, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101))
    for i, n in enumerate(names):
        p = open("%s/%s.dat" % (d, n), "rb").read()
        udp = struct.pack("!HHHH", 2055, 2055, 8 + len(p), 0) + p
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i, 0, 64, 17,
                         0, bytes([192, 0, 2, 1]), bytes([192, 0, 2, 9]))
        ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
        pkt = ip + udp
        f.write(struct.pack("<IIII", 1700000000 + i, 0, len(pkt), len(pkt)) + pkt)
PY
"$ASH" init c --site lab --tz UTC >/dev/null
"$ASH" ingest c exports.pcap > out 2>&1 || { cat out; fail "ingest failed"; }
grep -q ": netflow (detected" out || { cat out; fail "not detected as netflow"; }
[ "$(store_records c)" = 43 ] || { cat out; fail "store holds $(store_records c) records, want 29 + 14"; }

# the sampled v5 flows: N = 1000, counts already scaled, rule untouched
"$ASH" query c sampled --format json > s.json
python3 - s.json <<'PY' || fail "sampled flows"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 29, len(rows)
assert all(r["sampling"] == 1000 and r["format"] == "netflow5" for r in rows), rows[0]
assert all(r["obytes"] % 1000 == 0 and r["opackets"] % 1000 == 0 for r in rows), rows[0]
assert all(r["rule"] is None and r["note"] is None for r in rows), rows[0]
PY
# the NSEL events: notes; the ASA flows are not sampled
"$ASH" query c 'note "teardown 2025"' --format json > n.json
python3 - n.json <<'PY' || fail "NSEL notes"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 13, len(rows)
assert all(r["note"] == "teardown 2025" and r["rule"] is None for r in rows), rows[0]
assert all(r["sampling"] is None and r["format"] == "netflow9" for r in rows), rows[0]
PY
[ "$("$ASH" query c 'not sampled' --format csv | tail -n +2 | wc -l)" = 14 ] || fail "not sampled"
[ "$("$ASH" query c 'note "TEARDOWN 2016" and not sampled' --format csv | tail -n +2 | wc -l)" = 1 ] ||
  fail "note teardown 2016"
# the table shows both columns
"$ASH" query c 'sampled' --limit 1 > t.txt
head -1 t.txt | grep -q 'sampling  note$' || { cat t.txt; fail "table header"; }
sed -n 2p t.txt | grep -qE ' 1000  -$' || { cat t.txt; fail "table sampling column"; }
"$ASH" check c > chk 2>&1 || { cat chk; fail "check"; }
exit 0
