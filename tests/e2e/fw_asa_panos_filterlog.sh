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
exit 0
