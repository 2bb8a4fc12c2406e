#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# scripts/eval.sh BIN: `make eval`.  For each scenario variant K (default
# 0..20): generate it small (demo-data --variant K), make a case folder
# from its case.yaml, ingest both logs, run `triage --format json`; then
# scripts/eval.py scores the findings against each truth.json, prints the
# tables and writes $EVAL_OUT/results.json.  Exit 0 when every target
# holds, 1 when one fails, 2 when triage is not a command of BIN.
#
#   EVAL_VARIANTS  "0 1 2 ..."  variants to run (default 0..20)
#   EVAL_SCALE     0.2          demo-data --scale
#   EVAL_SEED      1            demo-data --seed
#   EVAL_JOBS      2            variants run at once
#   EVAL_OUT       eval         truth, findings and results (small files)
#   EVAL_WORK      (temp dir)   logs and case folders, removed at the end
#                               unless EVAL_KEEP=1
set -euo pipefail
ash=$(cd "$(dirname "${1:-build/ashiato}")" && pwd)/$(basename "${1:-build/ashiato}")
root=$(cd "$(dirname "$0")/.." && pwd)
variants=${EVAL_VARIANTS:-$(seq 0 20)}
scale=${EVAL_SCALE:-0.2}
seed=${EVAL_SEED:-1}
jobs=${EVAL_JOBS:-2}
out=${EVAL_OUT:-$root/eval}
if ! "$ash" triage --help >/dev/null 2>&1; then
  echo "eval: '$ash triage' is not a command (yet): nothing to evaluate" >&2
  exit 2
fi
work=${EVAL_WORK:-}
if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/ashiato-eval.XXXXXX")
  [ "${EVAL_KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$out" "$work"
export ash out work scale seed

# one variant: its small files in $out/vK, its bulk in $work/vK
run_one() {
  local k=$1 o="$out/v$1" w="$work/v$1"
  rm -rf "$o" "$w"
  mkdir -p "$o" "$w"
  "$ash" demo-data "$w/data" --variant "$k" --seed "$seed" --scale "$scale" \
    > "$o/demo-data.txt" 2>&1 || { echo "v$k: demo-data failed" >&2; return 1; }
  cp "$w/data/truth.json" "$w/data/case.yaml" "$o/"
  "$ash" init "$w/case" --config "$w/data/case.yaml" > "$o/init.txt" 2>&1 \
    || { echo "v$k: init failed" >&2; cat "$o/init.txt" >&2; return 1; }
  "$ash" ingest "$w/case" "$w/data/firewall.log" "$w/data/conn.log" \
    > "$o/ingest.txt" 2>&1 || { echo "v$k: ingest failed" >&2; return 1; }
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  "$ash" triage "$w/case" --format json > "$o/findings.jsonl" 2> "$o/triage.err" || rc=$?
  t1=$(date +%s.%N)
  echo "$rc" > "$o/triage.rc"
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' > "$o/triage.seconds"
  printf 'v%-3s %-40s triage exit %s, %s findings, %s s\n' "$k" \
    "$(sed -n 1p "$o/demo-data.txt" | sed -E 's/.*, site //')" \
    "$rc" "$(grep -c . "$o/findings.jsonl" || true)" "$(cat "$o/triage.seconds")"
}
export -f run_one

start=$(date +%s)
echo "eval: variants $(echo $variants | tr '\n' ' '), scale $scale, seed $seed, $jobs at once"
# a variant that fails shows up in eval.py's table (no truth or no exit code)
printf '%s\n' $variants | xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {} || true
echo "eval: generated, ingested and triaged in $(( $(date +%s) - start )) s"
EVAL_SCALE=$scale EVAL_SEED=$seed python3 "$root/scripts/eval.py" "$out" $variants
