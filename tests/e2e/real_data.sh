# The real samples in ../shared/data in these formats ingest without a
# single reject (docs/formats.md explains any expected one), and counts
# agree with their SOURCE.md.
. "$(dirname "$0")/lib.bash"
need_shared psad-iptables
need_shared stratosphere-sdft
need_shared stratosphere-slips
"$ASH" init c --site lab --tz UTC >/dev/null
rej_total=0
for f in "$SHARED"/data/psad-iptables/*.log; do
  "$ASH" ingest c "$f" --format iptables --year 2018 > out
  r=$(acct rejected out)
  [ "$r" = 0 ] || { cat out; fail "$(basename "$f"): $r rejects"; }
done
d="$SHARED/data/psad-iptables"
"$ASH" query c "src host 192.168.10.55 and dst host 192.168.10.1 and dst port 1000-1500 and flags S" --format csv > syn.csv
# syn_scan_1000_1500 (1,002) + multi_dst to .1 (1,002) + localhost/zeroip variants differ in SRC
n=$(($(wc -l < syn.csv) - 1))
[ "$n" -ge 2004 ] || fail "SYN scan records to 192.168.10.1: $n < 2004"
"$ASH" init z --site lab --tz UTC >/dev/null
for f in "$SHARED"/data/stratosphere-sdft/001-zeek-scenario-malicious/labeled-conn.log \
         "$SHARED"/data/stratosphere-sdft/002-zeek-scenario-port-scanning/conn.log \
         "$SHARED"/data/stratosphere-sdft/003-zeek-scenario-malicious/conn.log \
         "$SHARED"/data/stratosphere-sdft/005-zeek-scenario-malicious/conn.log \
         "$SHARED"/data/stratosphere-sdft/008-zeek-mixed/data/*conn*; do
  "$ASH" ingest z "$f" > out
  r=$(acct rejected out)
  grep -q ": zeek" out || { cat out; fail "$f not read as zeek"; }
  [ "$r" = 0 ] || { cat out; fail "$f: $r rejects"; }
done
"$ASH" top z src/records --format json --limit 100 > top.json
grep -q '"src": "172.16.1.11"' top.json || fail "002 scanner 172.16.1.11 missing"
grep -q '"src": "192.168.1.115"' top.json || fail "001 NjRAT host missing"
# row counts from SOURCE.md: 992 + 4504 + 361 + 992 + 5663
total=$(store_records z)
[ "$total" = 12512 ] || fail "zeek sdft records $total != 12512"
