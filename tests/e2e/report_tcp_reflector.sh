# A confirmed SYN-ACK reflector gets the TCP cause in the report (not an
# amplification story about a UDP service): the busiest SYN-ACK sender of
# the real port-21 capture (StopDDoS) declared as the site's server,
# triage, a hypothesis on the finding, verify, report in both languages.
. "$(dirname "$0")/lib.bash"
need_shared stopddos-captures
cap="$SHARED/data/stopddos-captures/amp.TCP.syn.optionallyACK.optionallysamePort.pcapng"
"$ASH" init s --site lab --tz UTC >/dev/null
"$ASH" ingest s "$cap" --format pcap >/dev/null 2>&1
refl=$("$ASH" top s src/packets 'tcp and flags SA and not flags P and not flags F' --limit 1 --format csv | sed -n 2p | cut -d, -f1)
[ -n "$refl" ] || fail "no SYN-ACK sender in the capture"
"$ASH" init c --site lab --tz UTC --net "$refl/32=dmz" >/dev/null
"$ASH" ingest c "$cap" --format pcap >/dev/null 2>&1
"$ASH" triage c --record >/dev/null 2>&1
"$ASH" case hypothesize c "$refl reflects SYN-ACKs to the victim" --verify "finding:reflector:$refl" >/dev/null
"$ASH" case verify c >/dev/null
"$ASH" case show c > show.txt
grep -q confirmed show.txt || fail "hypothesis not confirmed: $(cat show.txt)"
"$ASH" report c --lang en --format md -o en.md >/dev/null
"$ASH" report c --lang ja --format md -o ja.md >/dev/null
grep -q "TCP SYN-ACK reflection" en.md || fail "no TCP cause in the English report: $(grep -i reflect en.md | head -5)"
grep -q "SYN-ACKリフレクション" ja.md || fail "no TCP cause in the Japanese report"
if grep -q "amplification" en.md; then fail "a TCP reflector told as amplification: $(grep amplification en.md | head -3)"; fi
echo "report tcp reflector ok ($refl)"
