# SPDX-License-Identifier: MIT
# The Elastic firewall samples (../shared/data/firewall-samples-elastic) in
# the asa, panos and filterlog formats: detected without --format, counts
# as in docs/formats.md (ASA rejects are all explained), and queries see
# the parsed fields (action, zones, NAT, bytes).
. "$(dirname "$0")/lib.bash"
need_shared firewall-samples-elastic
d="$SHARED/data/firewall-samples-elastic"
"$ASH" init c --site lab --tz America/New_York >/dev/null
check() { # FILE FORMAT STORED REJECTED
  "$ASH" ingest c "$d/$1" --year "$5" > out
  grep -q ": $2 (detected" out || { cat out; fail "$1 not detected as $2"; }
  [ "$(acct stored out)" = "$3" ] || { cat out; fail "$1: stored $(acct stored out) != $3"; }
  [ "$(acct rejected out)" = "$4" ] || { cat out; fail "$1: rejected $(acct rejected out) != $4"; }
}
check cisco-asa-sample.log asa 79 13 2013
check panos-traffic-excerpt.log panos 12 0 2018
check pfsense-filterlog.log filterlog 19 0 2019
# every ASA reject reason is one docs/formats.md explains
rej=$(ls c/store/rejects/*.tsv)
bad=$(cat $rej | grep -v -e 'carries no flow' -e 'bad endpoint (a name' -e '^#' | grep -c ASA || true)
[ "$bad" = 0 ] || { cat $rej; fail "$bad unexplained ASA rejects"; }
[ "$(store_records c)" = 110 ] || fail "store holds $(store_records c) records, not 110"
# filterlog: 10.170.12.50 blocked to 1.1.1.1 / 1.0.0.1 port 853 (DoT), 13 times
"$ASH" query c "src host 10.170.12.50 and dst port 853" --format csv > dot.csv
[ $(($(wc -l < dot.csv) - 1)) = 13 ] || { cat dot.csv; fail "DoT blocks: $(($(wc -l < dot.csv) - 1)) != 13"; }
# PAN-OS: bytes of the 12 sessions (sent + received) = sum of column 31
"$ASH" top c src/bytes --format json --limit 50 > top.json
grep -q '"src": "192.168.15.224"' top.json || fail "PAN-OS source 192.168.15.224 missing"
# notes: the PAN-OS Session End Reason (9 aged-out, 3 tcp-fin) and the ASA
# teardown reason (10 "TCP FINs"), as the query shows and selects them
"$ASH" query c 'note "tcp-fin"' --format json > fin.json
python3 - fin.json <<'PY' || fail "note tcp-fin"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 3, len(rows)
assert all(r["note"] == "tcp-fin" and r["format"] == "panos" for r in rows), rows
assert all(r["flags"] == ".......F" and r["sampling"] is None for r in rows), rows
PY
[ "$("$ASH" query c 'note aged-out' --format csv | tail -n +2 | wc -l)" = 9 ] || fail "note aged-out"
"$ASH" query c 'format asa and note "tcp fins"' --format json > fins.json
[ "$(grep -c '"note": "TCP FINs"' fins.json)" = 10 ] || { cat fins.json; fail "ASA teardown reasons"; }
[ "$(wc -l < fins.json)" = 10 ] || fail "note 'tcp fins' selects $(wc -l < fins.json) records"
# a record without a note has none in JSON (null) and is not selected
"$ASH" query c 'format filterlog' --format json --limit 1 | grep -q '"note": null}$' || fail "filterlog note not null"
"$ASH" query c 'not note aged-out and format panos' --format csv | tail -n +2 | cut -d, -f21 | sort | uniq -c | grep -q '3 tcp-fin' ||
  fail "not note aged-out"
exit 0
