# SPDX-License-Identifier: MIT
# netflow_real.sh: the softflowd export captures of ../shared ingest as
# "netflow" (auto-detected) without a reject, and for each one the
# record count, packet and byte totals equal what nfdump reads from the
# nfcapd file the same exports were collected into (docs/formats.md).
. "$(dirname "$0")/lib.bash"
need_shared derived-netflow-softflowd
command -v nfdump >/dev/null || skip "nfdump not installed"
d="$SHARED/data/derived-netflow-softflowd"
"$ASH" init c --site lab --tz UTC >/dev/null
for f in "$d"/export-pcap/*.pcap; do
  name=$(basename "$f" .pcap)
  "$ASH" ingest c "$f" > out 2>&1 || { cat out; fail "$name: ingest failed"; }
  grep -q ": netflow (detected" out || { cat out; fail "$name not detected as netflow"; }
  grep -qE "datagrams [0-9]+ = used [0-9]+ \+ rejected 0 " out || { cat out; fail "$name: rejects"; }
  want=$(nfdump -r "$d/nfcapd/$name.nfcapd" -o csv -q 2>/dev/null |
         awk -F, 'NF > 10 { n++; p += $12 + $14; b += $13 + $15 } END { print n, p, b }')
  got=$("$ASH" query c --format csv 2>/dev/null |
        awk -F, -v ev="$name.pcap" 'NR > 1 && $18 == ev {
          n++; p += ($9 == "-" ? 0 : $9) + ($10 == "-" ? 0 : $10);
          b += ($11 == "-" ? 0 : $11) + ($12 == "-" ? 0 : $12) } END { print n, p, b }')
  [ "$got" = "$want" ] || fail "$name: ashiato $got != nfdump $want (records packets bytes)"
  echo "$name: $got"
done
