# triage on real third-party data (../shared/data, labels in each
# SOURCE.md): the CIC-DDoS2019 SYN flood source is a dos_source when its
# network is the site's; a DNS/SNMP/BACnet reflector of the StopDDoS
# captures is a reflector when its address is the site's, and with the
# victim's network declared no own host is blamed; so are the two busiest
# SYN-ACK reflectors of the port-21 TCP reflection capture (each finding
# names the victim, and its evidence filter gives its records back), and
# neither TCP reflection capture blames the victim side; the Slips test-cc,
# NjRAT and RemcosRAT hosts beacon to their controllers; the benign PC of
# stratosphere-sdft 008 gets no malicious finding.
. "$(dirname "$0")/lib.bash"
need_shared cicddos2019-lucid-sample
need_shared stopddos-captures
need_shared stratosphere-slips
need_shared stratosphere-sdft
D=$SHARED/data
n=0
triage() { # NET FILE [ingest args...] -> f.jsonl
  local net=$1 file=$2; shift 2
  n=$((n+1)); rm -rf "c$n"
  "$ASH" init "c$n" --site lab --tz UTC --net "$net" >/dev/null
  "$ASH" ingest "c$n" "$file" "$@" >/dev/null 2>&1 || fail "ingest $file"
  "$ASH" triage "c$n" --format json > f.jsonl 2>/dev/null || fail "triage $file"
}
want() { # KIND HOST VERDICTS...: a finding of KIND about HOST with one of VERDICTS
  python3 - f.jsonl "$@" <<'PY' || fail "want $*"
import json, sys
fs = [json.loads(l) for l in open(sys.argv[1])]
kind, host, verdicts = sys.argv[2], sys.argv[3], sys.argv[4:]
ok = [f for f in fs if f["kind"] == kind and host in f["hosts"] and f["verdict"] in verdicts]
if not ok:
    print([(f["kind"], f["hosts"], f["verdict"]) for f in fs]); sys.exit(1)
PY
}
want_peer() { # KIND HOST PEER: a finding of KIND about HOST naming PEER; prints its filter and records
  python3 - f.jsonl "$@" <<'PY' || fail "want_peer $*"
import json, sys
fs = [json.loads(l) for l in open(sys.argv[1])]
kind, host, peer = sys.argv[2:5]
ok = [f for f in fs if f["kind"] == kind and host in f["hosts"] and peer in f["peers"]
      and f["verdict"] in ("suspicious", "malicious")]
if not ok:
    print([(f["kind"], f["hosts"], f["peers"], f["verdict"]) for f in fs], file=sys.stderr); sys.exit(1)
print(ok[0]["evidence"]["records"])
print(ok[0]["evidence"]["filter"])
PY
}
none() { # VERDICT: no finding with that verdict names an own host
  python3 - f.jsonl "$1" <<'PY' || fail "unexpected $1 finding"
import json, sys
bad = [f for f in map(json.loads, open(sys.argv[1])) if f["verdict"] == sys.argv[2] and f["hosts"]]
if bad:
    print(bad); sys.exit(1)
PY
}
blames_none() { # no finding other than traffic_spike names an own host
  python3 - f.jsonl <<'PY' || fail "an own host was blamed"
import json, sys
bad = [f for f in map(json.loads, open(sys.argv[1])) if f["hosts"] and f["kind"] != "traffic_spike"]
if bad:
    print(bad); sys.exit(1)
PY
}
# flood source
triage 172.16.0.0/24=lan "$D/cicddos2019-lucid-sample/CIC-DDoS-2019-SynFlood.pcap" --format pcap
want dos_source 172.16.0.5 malicious
# reflectors: the busiest source of each capture declared as the site
for cap in amp.dns.RRSIG.fragmented.pcap amp.UDP.snmp.src161.pcapng amp.UDP.bacnet.IOT.37810.pcapng; do
  triage 10.10.10.0/24=lan "$D/stopddos-captures/$cap" --format pcap
  blames_none
  refl=$("$ASH" top "c$n" src/bytes --limit 1 --format csv | tail -1 | cut -d, -f1)
  triage "$refl/32=dmz" "$D/stopddos-captures/$cap" --format pcap
  want reflector "$refl" malicious
done
# TCP SYN-ACK reflection: the victim side blames nobody; the two busiest
# SYN-ACK senders of the port-21 capture (one record of hundreds of
# SYN-ACKs each, the victim's port reused) are reflectors of 10.10.10.10.
# (In amp.TCP.reflection.SYNACK.pcap, 0.15 s long, no reflector sent more
# than 4 SYN-ACKs: below the floor that keeps stray SYN-ACKs out.)
for cap in amp.TCP.reflection.SYNACK.pcap amp.TCP.syn.optionallyACK.optionallysamePort.pcapng; do
  triage 10.10.10.0/24=lan "$D/stopddos-captures/$cap" --format pcap
  blames_none
done
synack='tcp and flags SA and not flags P and not flags F'
refls=$("$ASH" top "c$n" src/packets "$synack" --limit 2 --format csv | tail -n +2 | cut -d, -f1)
[ "$(echo "$refls" | wc -l)" = 2 ] || fail "SYN-ACK senders: $refls"
for refl in $refls; do
  triage "$refl/32=dmz" "$D/stopddos-captures/amp.TCP.syn.optionallyACK.optionallysamePort.pcapng" --format pcap
  got=$(want_peer reflector "$refl" 10.10.10.10) || fail "no SYN-ACK reflector finding for $refl"
  recs=$(echo "$got" | sed -n 1p)
  filter=$(echo "$got" | sed -n 2p)
  [ "$("$ASH" query "c$n" "$filter" --format json | grep -c .)" = "$recs" ] \
    || fail "evidence of $refl does not reproduce ($recs records)"
done
# beacons
triage 147.32.80.0/24=lan "$D/stratosphere-slips/test-cc/test-cc-capture-1.pcap" --format pcap
want beacon 147.32.80.37 suspicious malicious
triage 192.168.1.0/24=lan "$D/stratosphere-sdft/001-zeek-scenario-malicious/labeled-conn.log"
want beacon 192.168.1.115 suspicious malicious
triage 192.168.1.0/24=lan "$D/stratosphere-slips/test18-malicious-ctu-sme-11-win/zeek-labeled/conn.log.labeled"
want beacon 192.168.1.107 suspicious malicious
# the benign PC
triage 147.32.81.167/32=lan "$D/stratosphere-sdft/008-zeek-mixed/data/conn.log.labeled"
none malicious
# the Nmap scanner
triage 172.16.1.0/24=lan "$D/stratosphere-sdft/002-zeek-scenario-port-scanning/conn.log"
want scan_source 172.16.1.11 suspicious
echo "triage real data ok ($n cases)"
