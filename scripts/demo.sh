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

printf '\nCase folder: %s/case   Answers (what the scenario planted): %s/data/truth.json\n' "$out" "$out"
printf 'Try: %s query %s/case "src host 203.0.113.10 and proto udp" --limit 5 --tz site\n' "$ash" "$out"
