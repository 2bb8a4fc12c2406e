# SPDX-License-Identifier: MIT
# Packet captures to flows (--format pcap, auto-detected): the real
# captures of ../shared ingest with every packet accounted, and for the
# pairs in derived-netflow-softflowd (capture -> softflowd export ->
# nfcapd) the flows agree with `nfdump -r FILE -o csv` within the
# differences of the two meters that docs/formats.md ("pcap") documents.
. "$(dirname "$0")/lib.bash"
need_shared derived-netflow-softflowd
need_shared stopddos-captures
need_shared stratosphere-slips
command -v nfdump >/dev/null || skip "nfdump not installed"
D=$SHARED/data

# one-way records (NetFlow counts each direction), packets, bytes
ours() {  # CASE
  "$ASH" query "$1" --limit 0 --format csv |
    awk -F, 'NR>1 {n+=($9>0)+($10>0); p+=$9+$10; b+=$11+$12} END {print n+0, p+0, b+0}'
}
theirs() {  # NFCAPD
  nfdump -r "$1" -o csv -q |
    awk -F, '$1 ~ /^[0-9]/ {n++; p+=$12; b+=$13} END {print n+0, p+0, b+0}'
}

check_pair() {  # NAME CAPTURE NFCAPD
  local name=$1 cap=$2 nf=$3
  "$ASH" init "$name" --site lab --tz UTC >/dev/null
  "$ASH" ingest "$name" "$cap" > "$name.out"
  grep -q ': pcap (detected' "$name.out" || { cat "$name.out"; fail "$name: not read as pcap"; }
  grep -qE 'packets [0-9]+ = used [0-9]+ \+ rejected 0 \+ skipped 0' "$name.out" ||
    { cat "$name.out"; fail "$name: packets rejected or skipped"; }
  read -r on op ob < <(ours "$name")
  read -r tn tp tb < <(theirs "$nf")
  echo "$name: ours $on records $op packets $ob bytes; softflowd $tn $tp $tb"
  [ "$op" = "$tp" ] || fail "$name: packets $op != $tp"
  # softflowd counts the frame after the link header, so the Ethernet
  # padding of short frames (at most 6 bytes for a 40-byte TCP packet
  # in these captures) is in its bytes, not in the IP bytes we count
  [ "$ob" -le "$tb" ] && [ $((tb - ob)) -le $((6 * tp)) ] ||
    fail "$name: bytes $ob vs $tb beyond the padding difference"
  eval "${name}_n=$on ${name}_tn=$tn ${name}_db=$((tb - ob))"
}

check_pair snmp "$D/stopddos-captures/amp.UDP.snmp.src161.pcapng" \
  "$D/derived-netflow-softflowd/nfcapd/amp-snmp.ipfix.nfcapd"
check_pair syn "$D/stopddos-captures/pkt.TCP.synflood.spoofed.pcap" \
  "$D/derived-netflow-softflowd/nfcapd/synflood-spoofed.v9.nfcapd"
check_pair cc "$D/stratosphere-slips/test-cc/test-cc-capture-1.pcap" \
  "$D/derived-netflow-softflowd/nfcapd/beacon-test-cc-1.v9.nfcapd"
check_pair dns "$D/stopddos-captures/amp.dns.RRSIG.fragmented.pcap" \
  "$D/derived-netflow-softflowd/nfcapd/amp-dns-rrsig.v9.nfcapd"

# UDP only, no padding: identical
[ "$snmp_n" = "$snmp_tn" ] && [ "$snmp_db" = 0 ] || fail "snmp differs from softflowd"
# one record per SYN, 6 bytes of padding per 40-byte SYN
[ "$syn_n" = "$syn_tn" ] && [ "$syn_db" = $((6 * 37841)) ] || fail "synflood differs"
# two source ports reused after FIN: 2 more connections (4 one-way records)
[ "$cc_n" = $((cc_tn + 4)) ] || fail "beacon: $cc_n records vs $cc_tn + 4"
# softflowd meters non-first fragments as port-less flows of their own;
# we join them to their datagram's flow, so fewer records
[ "$dns_n" -lt "$dns_tn" ] || fail "dns: $dns_n records not below $dns_tn"

# test8: ARP scan, all ARP skipped; the 15 other packets are one QUIC flow
"$ASH" init arp --site lab --tz UTC >/dev/null
"$ASH" ingest arp "$D/stratosphere-slips/test8-malicious.pcap" > arp.out
grep -qE 'packets 534 = used 15 \+ rejected 0 \+ skipped 519' arp.out || { cat arp.out; fail "test8 accounting"; }
[ "$(store_records arp)" = 1 ] || fail "test8: one flow expected"

# the capture's top talker by records is the spoofed flood's victim side
"$ASH" top syn dst/records --limit 1 --format json | grep -q '"dst": "10.10.10.10"' ||
  fail "synflood victim 10.10.10.10 not the top destination"
# --format pcap given explicitly and a compressed copy read the same
gzip -c "$D/stratosphere-slips/test19-malicious-ssh/malicious-ssh-bruteforce.pcap" > ssh.pcap.gz
"$ASH" init ssh --site lab --tz UTC >/dev/null
"$ASH" ingest ssh ssh.pcap.gz --format pcap > ssh.out
grep -qE 'packets 1178 = used 1178 \+ rejected 0 \+ skipped 0' ssh.out || { cat ssh.out; fail "ssh.pcap.gz"; }
"$ASH" top ssh src/records --limit 1 --format json | grep -q '"src": "147.32.80.40"' ||
  fail "ssh brute-force source 147.32.80.40 not on top"
