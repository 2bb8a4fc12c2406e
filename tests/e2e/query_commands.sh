# query, top and series on a small ingested firewall log whose answers
# are known: formats (JSON Lines parse, CSV header), time order, --limit,
# --from/--to, zones, the caret under a bad filter, escaping of log text.
. "$(dirname "$0")/lib.bash"
"$ASH" init c --site lab --tz UTC --net 203.0.113.0/24=dmz --net 10.20.0.0/16=lan >/dev/null
{
  # 20 SYNs to ssh, dropped, 17:02:01 .. 17:02:20, listed newest first
  for i in $(seq 20 -1 1); do
    echo "Nov 24 17:02:$(printf %02d "$i") fw1 kernel: [1.$i] FW-DROP IN=eth0 OUT= SRC=198.51.100.$i DST=203.0.113.10 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=$i DF PROTO=TCP SPT=$((40000 + i)) DPT=22 WINDOW=29200 RES=0x00 SYN URGP=0"
  done
  # 5 NTP packets out of the DMZ at 17:30
  for i in 1 2 3 4 5; do
    echo "Nov 24 17:30:0$i fw1 kernel: [2.$i] FW-ACCEPT IN=eth1 OUT=eth0 SRC=203.0.113.10 DST=192.0.2.1 LEN=76 TOS=0x00 PREC=0x00 TTL=64 ID=$i PROTO=UDP SPT=123 DPT=123 LEN=56"
  done
  # one from the LAN, with a terminal escape in its log prefix
  printf 'Nov 24 18:10:00 fw1 kernel: [3.0] EVIL\033[31m IN=eth2 OUT=eth0 SRC=10.20.1.5 DST=203.0.113.10 LEN=52 TOS=0x00 PREC=0x00 TTL=64 ID=9 PROTO=TCP SPT=50000 DPT=443 WINDOW=100 RES=0x00 ACK URGP=0\n'
} > fw.log
"$ASH" ingest c fw.log --format iptables --year 2026 > ingest.out || { cat ingest.out; fail "ingest failed"; }
[ "$(store_records c)" = 26 ] || fail "store holds $(store_records c) records, want 26"

"$ASH" query c 'dst port 22' --format json > q.json
python3 - q.json <<'PY' || fail "query json"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 20, len(rows)
starts = [r["start"] for r in rows]
assert starts == sorted(starts), starts[:3]          # time order, not log order
assert starts[0] == "2026-11-24T17:02:01Z", starts[0]
assert all(r["dport"] == 22 and r["proto"] == "tcp" and r["action"] == "drop" for r in rows)
assert all(r["rule"] == "FW-DROP" and r["flags"] == "......S." for r in rows)
assert rows[0]["rbytes"] is None and rows[0]["end"] is None, rows[0]
assert rows[0]["evidence"] == "fw.log" and rows[0]["line"] == 20, rows[0]
assert rows[0]["sampling"] is None and rows[0]["note"] is None, rows[0]  # iptables says neither
PY

"$ASH" query c --limit 3 --format csv > q.csv
[ "$(head -1 q.csv)" = "start,end,proto,src,sport,dst,dport,action,opackets,rpackets,obytes,rbytes,flags,in,out,rule,format,evidence,line,sampling,note" ] || fail "csv header: $(head -1 q.csv)"
[ "$(wc -l < q.csv)" = 4 ] || fail "--limit 3 gave $(($(wc -l < q.csv) - 1)) rows"
grep -q '^2026-11-24T17:02:03Z,-,tcp,198.51.100.3,40003,203.0.113.10,22,drop,' q.csv || fail "third earliest row: $(sed -n 4p q.csv)"

"$ASH" query c 'zone dmz and udp' --from 2026-11-24T17:30:02Z --to 2026-11-24T17:30:05Z --format json > q2.json
[ "$(wc -l < q2.json)" = 3 ] || fail "--from/--to: $(wc -l < q2.json) rows, want 3"

"$ASH" query c 'src zone lan' > q.txt
grep -q 'EVIL' q.txt || fail "rule missing: $(cat q.txt)"
if grep -q $'\033' q.txt; then fail "raw escape byte in the table"; fi

"$ASH" top c dstport/records --format json > t.json
python3 - t.json <<'PY' || fail "top json"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert list(rows[0]) == ["dstport", "bytes", "packets", "records"], rows[0]
assert rows[0]["dstport"] == 22 and rows[0]["records"] == 20, rows[0]
assert rows[1]["dstport"] == 123 and rows[1]["records"] == 5, rows[1]
assert rows[2]["dstport"] == 443 and rows[2]["records"] == 1, rows[2]
PY
"$ASH" top c src/dsts 'src zone dmz' --format json > t2.json
grep -q '^{"src": "203.0.113.10", "bytes": [0-9]*, "packets": 5, "records": 5, "dsts": 1}$' t2.json || fail "top src/dsts: $(cat t2.json)"
"$ASH" top c zone/records --format csv > t.csv
# zone of the site-side address: the SYNs count for their dmz target
sed -n 2p t.csv | grep -q '^dmz,.*,25$' || fail "zone/records: $(cat t.csv)"
sed -n 3p t.csv | grep -q '^lan,.*,1$' || fail "lan zone row: $(cat t.csv)"

"$ASH" series c records --step 1h --format json > s.json
[ "$(cat s.json)" = '{"time": "2026-11-24T17:00:00Z", "records": 25}
{"time": "2026-11-24T18:00:00Z", "records": 1}' ] || fail "series: $(cat s.json)"
"$ASH" series c records --step 15m --from 2026-11-24T17:00Z --to 2026-11-24T18:00Z --format csv > s.csv
[ "$(tr '\n' ' ' < s.csv)" = "time,records 2026-11-24T17:00:00Z,20 2026-11-24T17:15:00Z,0 2026-11-24T17:30:00Z,5 2026-11-24T17:45:00Z,0 " ] || fail "zero fill: $(cat s.csv)"
"$ASH" series c records --step 1h --tz Asia/Kolkata --format csv > s2.csv
grep -q '^2026-11-24T22:30:00+05:30,25$' s2.csv || fail "--tz: $(cat s2.csv)"

expect_exit 2 "$ASH" query c 'dst port 22 and bytes > 1X'
grep -q 'filter:25: expected a number' "$TMP/err" || fail "no column in: $(cat "$TMP/err")"
[ "$(tail -1 "$TMP/err")" = "$(printf "%27s" "^")" ] || fail "caret misplaced: $(cat "$TMP/err")"
expect_exit 2 "$ASH" query c 'zone nowhere'
grep -q "zones of this case: lan, dmz\|zones of this case: dmz, lan" "$TMP/err" || fail "zones not listed: $(cat "$TMP/err")"
expect_exit 2 "$ASH" query c --from yesterday
expect_exit 2 "$ASH" top c src/bytes --limit -1
expect_exit 2 "$ASH" series c bytes --format xml
expect_exit 0 "$ASH" query c 'host 192.0.2.77'
[ "$(wc -l < "$TMP/out")" = 1 ] || fail "no-match table should be the header only"
