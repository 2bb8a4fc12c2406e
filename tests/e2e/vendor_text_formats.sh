# FortiGate, SRX, Windows Firewall and generic CSV through `ashiato ingest`:
# the sniffer picks the first three, csv needs --format csv --map; every
# line is accounted for (records = stored + rejected, rejects with their
# reason); a bad --map and --map without csv are usage errors (exit 2);
# queries see the records with their zones, rules and actions.
. "$(dirname "$0")/lib.bash"
"$ASH" init c --site sg-hub --tz Asia/Singapore --net 203.0.113.0/24=dmz >/dev/null

check_acct() { # FILE-OUT LINES RECORDS STORED REJECTED
  [ "$(acct lines "$1")" = "$2" ] || fail "lines $(acct lines "$1") != $2"
  [ "$(acct records "$1")" = "$3" ] || fail "records $(acct records "$1") != $3"
  [ "$(acct stored "$1")" = "$4" ] || fail "stored $(acct stored "$1") != $4"
  [ "$(acct rejected "$1")" = "$5" ] || fail "rejected $(acct rejected "$1") != $5"
}

# FortiGate: 3 traffic lines, 1 event line (rejected), 1 blank
cat > fgt.log <<'L'
<189>date=2026-11-24 time=17:02:11 devname="fgt-sg" devid="FG100F" logid="0000000013" type="traffic" subtype="forward" eventtime=1763974931000000000 tz="+0800" srcip=198.51.100.7 srcport=51000 srcintf="wan1" dstip=203.0.113.10 dstport=22 dstintf="dmz" proto=6 action="deny" policyid=0 sentbyte=0 rcvdbyte=0
<189>date=2026-11-24 time=17:02:12 devname="fgt-sg" logid="0000000013" type="traffic" srcip=203.0.113.10 srcport=40000 srcintf="dmz" dstip=192.0.2.1 dstport=443 dstintf="wan1" proto=6 action="close" policyid=12 duration=2 sentbyte=1500 rcvdbyte=64000 sentpkt=12 rcvdpkt=50

<189>date=2026-11-24 time=17:02:13 devname="fgt-sg" logid="0100032001" type="event" subtype="system" msg="admin login"
<189>date=2026-11-24 time=17:02:14 devname="fgt-sg" logid="0000000013" type="traffic" srcip=2001:db8::7 srcport=5353 dstip=2001:db8::10 dstport=53 proto=17 action="accept" policyid=3 srcintf="lan" dstintf="wan1"
L
expect_exit 0 "$ASH" ingest c fgt.log
cat "$TMP/out"
grep -q "fortigate (detected" "$TMP/out" || fail "fortigate not sniffed"
check_acct "$TMP/out" 5 4 3 1
grep -q "FortiGate event log (not traffic)" c/store/rejects/*.tsv || fail "reject reason not kept"

# SRX: structured close, text deny, an AppTrack line (rejected)
cat > srx.log <<'L'
<14>1 2026-11-24T17:03:00.500+08:00 srx-1 RT_FLOW - RT_FLOW_SESSION_CLOSE [junos@2636.1.1.1.2.26 reason="TCP FIN" source-address="203.0.113.20" source-port="47776" destination-address="198.51.100.80" destination-port="80" nat-source-address="192.0.2.49" nat-source-port="19162" nat-destination-address="198.51.100.80" nat-destination-port="80" protocol-id="6" policy-name="permit_all" source-zone-name="trust" destination-zone-name="untrust" packets-from-client="6" bytes-from-client="337" packets-from-server="4" bytes-from-server="535" elapsed-time="3"]
Nov 24 17:03:01 srx-1 RT_FLOW: RT_FLOW_SESSION_DENY: session denied 198.51.100.9/37233->203.0.113.13/161 0x0 None 17(0) deny-snmp untrust trust UNKNOWN UNKNOWN N/A(N/A) ge-0/0/1.0 No Denied by policy 7087 N/A N/A -1
<14>1 2026-11-24T17:03:02Z srx-1 RT_FLOW - APPTRACK_SESSION_CLOSE [junos@2636.1.1.1.2.26 source-address="1.2.3.4"]
L
expect_exit 0 "$ASH" ingest c srx.log --year 2026
grep -q "srx (detected" "$TMP/out" || fail "srx not sniffed"
check_acct "$TMP/out" 3 3 2 1

# Windows Firewall
printf '#Version: 1.5\r\n#Software: Microsoft Windows Firewall\r\n#Time Format: Local\r\n#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid\r\n\r\n2026-11-24 17:04:00 DROP TCP 198.51.100.66 203.0.113.30 51234 445 52 S 1 0 64240 - - - RECEIVE 4\r\n2026-11-24 17:04:01 ALLOW UDP 203.0.113.30 192.0.2.53 55123 53 0 - - - - - - - SEND 1234\r\n2026-11-24 17:04:02 INFO-EVENTS-LOST - - - - - - - - - - - - 7 -\r\n' > pfirewall.log
expect_exit 0 "$ASH" ingest c pfirewall.log
grep -q "winfw (detected" "$TMP/out" || fail "winfw not sniffed"
check_acct "$TMP/out" 8 3 2 1

# generic CSV: by header names, with a quoted comma
cat > flows.csv <<'L'
Timestamp,Source IP,Destination IP,Dst Port,Protocol,Bytes,Verdict,Rule
2026-11-24 17:05:00,198.51.100.99,203.0.113.40,3389,tcp,4400,blocked,"geo, block"
2026-11-24 17:05:01,203.0.113.40,192.0.2.8,443,tcp,12000,allowed,out
2026-11-24 17:05:02,not-an-ip,192.0.2.8,443,tcp,1,allowed,out
L
expect_exit 2 "$ASH" ingest c flows.csv --format csv --map 'time=Timestamp,src=Source IP'
grep -q "dst= is required" "$TMP/err" || fail "bad --map not explained"
expect_exit 2 "$ASH" ingest c flows.csv --map 'time=0,src=1,dst=2'
grep -q "only for --format csv" "$TMP/err" || fail "--map without csv not refused"
expect_exit 0 "$ASH" ingest c flows.csv --format csv \
  --map 'time=Timestamp,src=Source IP,dst=Destination IP,dport=Dst Port,proto=Protocol,bytes=Bytes,action=Verdict,rule=Rule'
check_acct "$TMP/out" 4 3 2 1

# the store: 3 + 2 + 2 + 2 records
[ "$(store_records c)" = 9 ] || fail "store holds $(store_records c) records"
expect_exit 0 "$ASH" query c 'dst port 3389 and action drop' --format csv
grep -q "198.51.100.99" "$TMP/out" || fail "csv record not found by query"
expect_exit 0 "$ASH" query c 'src host 203.0.113.20' --format json
grep -q '"rule": *"permit_all"' "$TMP/out" || { cat "$TMP/out"; fail "srx rule not stored"; }
# notes: the SRX close reason and the Windows Firewall path, in JSON and
# selected by `note` (case ignored); the CSV flows say neither
grep -q '"note": "TCP FIN"}$' "$TMP/out" || { cat "$TMP/out"; fail "srx close reason not the note"; }
expect_exit 0 "$ASH" query c 'note "tcp fin"' --format json
[ "$(wc -l < "$TMP/out")" = 1 ] || { cat "$TMP/out"; fail "note 'tcp fin' selects $(wc -l < "$TMP/out") records"; }
expect_exit 0 "$ASH" query c 'format winfw' --format json
python3 - "$TMP/out" <<'PY' || fail "winfw path as note"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["note"] for r in rows] == ["RECEIVE", "SEND"], rows
assert all(r["sampling"] is None for r in rows), rows
PY
expect_exit 0 "$ASH" query c 'note receive or note send' --format csv
[ "$(($(wc -l < "$TMP/out") - 1))" = 2 ] || { cat "$TMP/out"; fail "note receive/send"; }
expect_exit 2 "$ASH" query c 'note ""'
grep -q "filter:6: expected a name" "$TMP/err" || { cat "$TMP/err"; fail "empty note not refused"; }
expect_exit 0 "$ASH" query c 'sampled' --format csv
[ "$(wc -l < "$TMP/out")" = 1 ] || { cat "$TMP/out"; fail "no record here is sampled"; }
