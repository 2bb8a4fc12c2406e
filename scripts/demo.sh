#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# scripts/demo.sh BIN: the built-in seed scenario end to end: generate a
# night at the Asian hub, ingest it into a fresh case folder, and show
# what a first responder wants to see.  Output folder: demo-out/.
set -euo pipefail
ash=${1:-build/ashiato}
cd "$(dirname "$0")/.."
out=${DEMO_OUT:-demo-out}
rm -rf "$out"
mkdir -p "$out"
say() { printf '\n\033[1m== %s\033[0m\n' "$*" 2>/dev/null || printf '\n== %s\n' "$*"; }
[ -t 1 ] || say() { printf '\n== %s\n' "$*"; }

say "1. The evidence the hub sent: a firewall log and a Zeek conn.log (seed scenario)"
"$ash" demo-data "$out/data" --seed "${DEMO_SEED:-1}"

say "2. A case folder for the night, with the site's zones, inventory and expected jobs"
"$ash" init "$out/case" --config "$out/data/case.yaml"

say "3. Ingest: every line accounted for (lines = records + headers; records = stored + rejected)"
"$ash" ingest "$out/case" "$out/data/firewall.log" "$out/data/conn.log"
"$ash" check "$out/case"

# the night of the incident, from 12 h before to 8 h after (local time shown)
start=$(sed -nE '/"incident"/,/}/s/.*"start_utc": "([^"]+)".*/\1/p' "$out/data/truth.json")
from=$(date -u -d "$start - 12 hours" +%Y-%m-%dT%H:00Z)
to=$(date -u -d "$start + 9 hours" +%Y-%m-%dT%H:00Z)

say "4. Firewall log lines per hour, night of the incident (site time, Asia/Singapore)"
"$ash" series "$out/case" records --step 1h --tz site --from "$from" --to "$to" 'format iptables'

say "5. Bytes per hour seen by the sensor (Zeek), same night"
"$ash" series "$out/case" bytes --step 1h --tz site --from "$from" --to "$to" 'format zeek'

say "6. Top talkers by bytes, that night (sensor records: Zeek counts both directions)"
"$ash" top "$out/case" src/bytes --limit 10 --from "$from" --to "$to" 'format zeek'

say "7. Top talkers by packets, that night"
"$ash" top "$out/case" src/packets --limit 10 --from "$from" --to "$to" 'format zeek'

say "8. DMZ hosts answering UDP with the most bytes (reflection through open services?)"
"$ash" top "$out/case" dst/rbytes --limit 5 --from "$from" --to "$to" 'dst zone dmz and proto udp and format zeek'

say "9. Firewall log lines per source that night (what the firewall logged, not bytes)"
"$ash" top "$out/case" src/records --limit 5 --from "$from" --to "$to" 'format iptables'

end=$(sed -nE '/"incident"/,/}/s/.*"end_utc": "([^"]+)".*/\1/p' "$out/data/truth.json")
c="$out/case"

say "10. Triage: every detector over the store, most important first; findings go into case.db"
"$ash" triage "$c" --record

say "11. What people reported, in their own time zones (stored in UTC with the offset they used)"
"$ash" case person "$c" "Tanaka" --role coordinator
"$ash" case person "$c" "Lim" --role site_contact --site sg-hub
"$ash" case observe "$c" "Uplink saturated, DMZ servers sending a lot; we restarted the core switch" \
  --at "$(TZ=Asia/Singapore date -d "$start + 40 minutes" +%Y-%m-%dT%H:%M)" --tz Asia/Singapore --by Lim
"$ash" case observe "$c" "現地から障害連絡。DMZサーバが外部へ大量送信しているとのこと" \
  --at "$(TZ=Asia/Tokyo date -d "$start + 2 hours" +%Y-%m-%dT%H:%M)" --tz Asia/Tokyo --by Tanaka --lang ja

say "12. Ten guesses, each bound to the check that decides it"
hyp() { "$ash" case hypothesize "$c" "$@" --by Tanaka > /dev/null; }
night="time $from..$to"
incident="time $start..$end"
hyp "web01 (203.0.113.10) flooded an outside host (DoS source)" --verify "finding:dos_source:203.0.113.10"
hyp "ns01 was abused as a DNS reflector" --verify "finding:reflector:203.0.113.53"
hyp "ntp01 was abused as an NTP reflector (monlist)" --verify "finding:reflector:203.0.113.123"
hyp "Several servers carry the same malware calling one controller" --verify "finding:infected_cluster:203.0.113.77"
hyp "mes-gw01 (203.0.113.77) is a server nobody inventoried" --verify "finding:unknown_asset:203.0.113.77"
hyp "The nightly backup moved over 100 GB that night and filled the uplink" \
  --verify "src host 203.0.113.20 and dst port 873 and $night" --expect "bytes > 100G"
hyp "web02 took part in the flood" --verify "src host 203.0.113.11 and dst host 198.51.100.7" --expect "packets > 0"
hyp "The flood came in from the internet (an attack on the hub's web servers)" \
  --verify "dst zone dmz and proto udp and dst port 80 and $incident" --expect "bytes > 1G"
hyp "ns01's own lookups explain its DNS traffic" \
  --verify "src host 203.0.113.53 and dst port 53 and $incident" --expect "bytes > 10M"
hyp "The monitoring server flooded the DMZ" --verify "src host 10.99.0.10 and $incident" --expect "packets > 1M"

say "13. Verify: the store decides each guess (confirmed or refuted, with the numbers)"
"$ash" case verify "$c"
"$ash" case act "$c" "Blocked outbound UDP from the DMZ; isolated web01 and mes-gw01" --by Lim \
  --host 203.0.113.10 --host 203.0.113.77 --at "$(TZ=Asia/Singapore date -d "$end + 1 hour" +%Y-%m-%dT%H:%M)" --tz Asia/Singapore

say "14. The timeline across time zones (site time; fact = log-derived or verified, claim = unverified)"
"$ash" timeline "$c" --tz site > "$out/timeline.txt"
"$ash" timeline "$c" --format csv > "$out/timeline.csv"
sed -n '1,45p' "$out/timeline.txt"
echo "... (all of it: $out/timeline.txt; for Timesketch: $out/timeline.csv)"

say "15. The reports, in Japanese and English"
"$ash" report "$c" --lang ja
"$ash" report "$c" --lang en
"$ash" report "$c" --lang en --format md

say "16. The organisation: five sites in their own currencies, their assessments"
"$ash" demo-org "$out/org" --seed "${DEMO_SEED:-1}"

say "17. The incident's confirmed findings lower the hub's self-assessed answers"
"$ash" assess from-case "$out/org" "$c"
"$ash" assess proposals "$out/org" --accept-all --by demo

say "18. Maturity per site and function (0-4, weak evidence discounted), roll-up weighted by criticality and unweighted"
"$ash" assess show "$out/org" --matrix

say "19. The top five investments: the largest gaps, priced by a FAIR simulation"
"$ash" risk whatif "$out/org" --gaps 5 --years 20000 --seed 1
"$ash" assess report "$out/org" --lang ja -o "$out/org-report-ja.html"

printf '\nCase folder: %s   Reports: %s/reports/   Organisation: %s/org\n' "$c" "$c" "$out"
printf 'Answers (what the scenario planted): %s/data/truth.json\n' "$out"
printf 'Try: %s query %s "src host 203.0.113.10 and proto udp" --limit 5 --tz site\n' "$ash" "$c"
