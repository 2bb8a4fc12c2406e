#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/triage.sh BIN DIR: `ashiato triage` over the bench store at two
# sizes (`make bench` calls it after bench/run.sh): first DIR/case as
# run.sh left it, then after ingesting more seeds of the same scenario
# (generated at the same scale when missing; conn.log first, then
# firewall.log) until the store holds at least ${TRIAGE_RECORDS:-50000000}
# records.  Prints a Markdown table:
# records, wall and CPU seconds, peak RSS, records per second.  Targets
# (issue 4): under 30 s and 1 GB at 50 M records, cost linear in records.
set -euo pipefail
BIN=$(readlink -f "${1:-build/ashiato}")
DIR=${2:-${BENCH_DIR:-/tmp/ashiato-bench}}
HERE=$(cd "$(dirname "$0")" && pwd)
WANT=${TRIAGE_RECORDS:-50000000}
CASE="$DIR/case"
BENCH_OUT="$DIR/out"; mkdir -p "$BENCH_OUT"; export BENCH_OUT
. "$HERE/lib.sh"
[ -d "$CASE" ] || { echo "bench: $CASE missing: run bench/run.sh first" >&2; exit 2; }

records() { "$BIN" check "$1" --no-evidence | sed -nE 's/.* ([0-9]+) records.*/\1/p'; }

rows=()
run() { # tag
  local n; n=$(records "$CASE")
  echo "bench: triage over $n records" >&2
  measure "triage-$1" "$BIN" triage "$CASE" --format json
  local f; f=$(wc -l < "$BENCH_OUT/triage-$1.out")
  rows+=("| $n | $M_WALL | $M_CPU | $M_RSS | $(per_s "$n" "$M_WALL" 1e6) | $f |")
}

run small
scale=$(json "$DIR/seed-1/truth.json" '["scale"]')
next=2
while [ "$(records "$CASE")" -lt "$WANT" ]; do
  d="$DIR/seed-$next"
  if [ -f "$d/.in-case" ]; then next=$((next + 1)); continue; fi
  if [ ! -f "$d/truth.json" ]; then
    echo "bench: generating $d (scale $scale) for the larger triage run" >&2
    "$BIN" demo-data "$d" --seed "$next" --scale "$scale" --quiet
  fi
  y=$(json "$d/truth.json" '["syslog_year"]')
  # the sensor's file first, then the firewall's, stopping once there are enough
  if [ ! -f "$d/.conn-in-case" ]; then
    "$BIN" ingest "$CASE" "$d/conn.log" --format zeek >/dev/null 2>&1
    touch "$d/.conn-in-case"
  else
    "$BIN" ingest "$CASE" "$d/firewall.log" --format iptables --year "$y" >/dev/null 2>&1
    touch "$d/.in-case"
  fi
done
run large

echo
echo "Triage (\`ashiato triage CASE --format json\`, every detector) over the bench store,"
echo "two sizes (the second adds seeds of the same scenario):"
echo
echo "| records | wall s | CPU s | peak RSS MB | M records/s | findings |"
echo "|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
