# SPDX-License-Identifier: MIT
# bench/lib.sh: helpers of bench/run.sh (sourced): timing a command with
# /usr/bin/time -v (wall seconds, peak RSS), JSON fields of truth.json,
# number formatting.  Prints nothing itself except through the callers.

# measure NAME CMD...: run CMD (stdout to $BENCH_OUT/NAME.out), set
# M_WALL (s), M_RSS (MB) and M_CPU (user + system s, all threads) and
# append "NAME wall rss cpu" to $BENCH_OUT/times.
measure() {
  local name=$1; shift
  local tf="$BENCH_OUT/$name.time"
  if ! /usr/bin/time -v -o "$tf" "$@" >"$BENCH_OUT/$name.out" 2>"$BENCH_OUT/$name.err"; then
    echo "bench: $name failed:" >&2
    tail -n 5 "$BENCH_OUT/$name.err" >&2
    M_WALL=NA; M_RSS=NA; M_CPU=NA
    return 1
  fi
  M_WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {
      n = split($2, p, ":"); s = 0
      for (i = 1; i <= n; i++) s = s * 60 + p[i]
      printf "%.2f", s }' "$tf")
  M_RSS=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tf")
  M_CPU=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$tf")
  echo "$name $M_WALL $M_RSS $M_CPU" >>"$BENCH_OUT/times"
}

# measure_sh NAME 'pipeline': the same for a shell pipeline.
measure_sh() {
  local name=$1 cmd=$2
  measure "$name" bash -c "$cmd"
}

# json FILE EXPR: a value of a JSON file (EXPR indexes the parsed object,
# e.g. '["files"]["conn.log"]["records"]').
json() {
  python3 -c 'import json,sys; v=eval("json.load(open(sys.argv[1]))"+sys.argv[2]); print(v)' "$1" "$2"
}

# ratio A B: A / B with one decimal ("NA" when either is missing or B is 0).
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || b + 0 == 0) print "NA"; else printf "%.1f", a / b }'
}

# per_s N SECONDS [DIV]: N / SECONDS / DIV with one decimal.
per_s() {
  awk -v n="$1" -v s="$2" -v d="${3:-1}" 'BEGIN { if (s == "NA" || s + 0 == 0) print "NA"; else printf "%.1f", n / s / d }'
}

filesize() { stat -c %s "$1"; }
