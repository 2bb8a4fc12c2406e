#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/run.sh BIN: ashiato's benchmarks (`make bench`), printed as the
# Markdown tables of BENCHMARKS.md.
#
#  1. Generates in ${BENCH_DIR:-/tmp/ashiato-bench} the seed scenario at a
#     scale that gives at least ${BENCH_GB:-2} GiB of firewall.log and of
#     conn.log (seed-1/), plus more seeds (seed-2/, ...) until the files hold
#     ${BENCH_RECORDS:-30000000} records; kept when present with the same
#     seed and scale (truth.json says which).
#  2. For seed-1's two files: `ashiato ingest` (MB/s, records/s, peak RSS)
#     next to what a user runs today on the same file: awk (the system's,
#     mawk, gawk if present) summing bytes per source (conn.log: $3 and
#     $10+$11) or counting lines per SRC= (firewall.log), piped to
#     `sort -k2 -nr | head`, and `rg -c`.
#  3. Ingests the other seeds' files too, then times `ashiato top CASE
#     src/bytes --limit 10`, `series` and `query` over the whole store,
#     next to awk over the same raw files.
#  4. bench/triage.sh: triage over the store, then over 50 M records or more
#     (more seeds ingested); bench/risk.sh: the FAIR simulation.
#  5. Issue 3's sources: bench/formats.sh (every text format, MB per CPU
#     second), bench/nfcapd.sh (against nfdump -o csv), bench/pcap.sh
#     (pcap to flows against softflowd and nfpcapd).
# Needs: /usr/bin/time, python3, rg, mawk (scripts/deps installs them).
set -euo pipefail

BIN=$(readlink -f "${1:-build/ashiato}")
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=${BENCH_DIR:-/tmp/ashiato-bench}
GB=${BENCH_GB:-2}
MIN_RECORDS=${BENCH_RECORDS:-30000000}
. "$HERE/lib.sh"

[ -x "$BIN" ] || { echo "bench: $BIN: not executable (run make first)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (scripts/deps installs 'time')" >&2; exit 2; }
mkdir -p "$DIR"
BENCH_OUT="$DIR/out"
rm -rf "$BENCH_OUT"; mkdir -p "$BENCH_OUT"
export BENCH_OUT LC_ALL=C

# ---- 1. data ----
# Scale for GB GiB of each file: sizes grow linearly with the scale on top
# of a fixed part (beacons, monitoring, backup), so probe scales 1 and 2.
pick_scale() {
  if [ -n "${BENCH_SCALE:-}" ]; then echo "$BENCH_SCALE"; return; fi
  local p="$DIR/probe"
  "$BIN" demo-data "$p/1" --scale 1 --quiet
  "$BIN" demo-data "$p/2" --scale 2 --quiet
  local f1 f2 c1 c2
  f1=$(filesize "$p/1/firewall.log"); f2=$(filesize "$p/2/firewall.log")
  c1=$(filesize "$p/1/conn.log"); c2=$(filesize "$p/2/conn.log")
  rm -rf "$p"
  awk -v f1="$f1" -v f2="$f2" -v c1="$c1" -v c2="$c2" -v gb="$GB" 'BEGIN {
    t = gb * 1073741824
    sf = (t - (2 * f1 - f2)) / (f2 - f1); sc = (t - (2 * c1 - c2)) / (c2 - c1)
    s = (sf > sc ? sf : sc) * 1.02
    printf "%.1f", int(s * 10 + 0.999) / 10 }'
}

# generate SEED SCALE: seed-SEED/ with the scenario, unless already there.
GEN_NOTE=""
generate() {
  local seed=$1 scale=$2 d="$DIR/seed-$1"
  if [ -f "$d/truth.json" ] && [ -f "$d/firewall.log" ] && [ -f "$d/conn.log" ] &&
     [ "$(json "$d/truth.json" '["seed"]')" = "$seed" ] &&
     [ "$(json "$d/truth.json" '["scale"]')" = "$(awk -v s="$scale" 'BEGIN{printf "%.1f", s}')" ] &&
     [ "$(filesize "$d/firewall.log")" = "$(json "$d/truth.json" '["files"]["firewall.log"]["bytes"]')" ] &&
     [ "$(filesize "$d/conn.log")" = "$(json "$d/truth.json" '["files"]["conn.log"]["bytes"]')" ]; then
    echo "bench: reusing $d (seed $seed, scale $scale)" >&2
    GEN_NOTE="${GEN_NOTE}seed $seed: kept from an earlier run. "
    return
  fi
  echo "bench: generating $d (seed $seed, scale $scale)" >&2
  measure "gen-$seed" "$BIN" demo-data "$d" --seed "$seed" --scale "$scale"
  local mb
  mb=$(awk -v a="$(filesize "$d/firewall.log")" -v b="$(filesize "$d/conn.log")" 'BEGIN{printf "%.0f", (a+b)/1e6}')
  GEN_NOTE="${GEN_NOTE}seed $seed: generated $mb MB in $M_WALL s ($(per_s "$mb" "$M_WALL") MB/s, peak RSS $M_RSS MB). "
}

records_of() {
  local t="$DIR/seed-$1/truth.json"
  echo $(( $(json "$t" '["files"]["firewall.log"]["lines"]') + $(json "$t" '["files"]["conn.log"]["records"]') ))
}

SCALE=$(pick_scale)
seeds=()
total=0
seed=1
while :; do
  generate "$seed" "$SCALE"
  seeds+=("$seed")
  total=$(( total + $(records_of "$seed") ))
  [ "$total" -ge "$MIN_RECORDS" ] && break
  seed=$((seed + 1))
done
FW="$DIR/seed-1/firewall.log"
CONN="$DIR/seed-1/conn.log"
T1="$DIR/seed-1/truth.json"

# ---- 2. one file: ingest vs the tools of today ----
CASE="$DIR/case"
rm -rf "$CASE"
"$BIN" init "$CASE" --site sg-hub --tz Asia/Singapore --net 203.0.113.0/24=dmz \
  --net 10.20.0.0/16=lan --net 10.99.0.0/24=mgmt >/dev/null

AWK_FW='{ for (i = 1; i <= NF; i++) if (substr($i, 1, 4) == "SRC=") { c[substr($i, 5)]++; break } }
  END { for (k in c) print k, c[k] }'
# %.0f, not print: awk prints sums past 1e6 as 1.2e+09, which sort -n misorders
AWK_CONN='!/^#/ { b[$3] += $10 + $11 } END { for (k in b) printf "%s %.0f\n", k, b[k] }'
awks=(awk)   # the system's awk, then mawk and gawk when awk is not them
awk_is=$(basename "$(readlink -f "$(command -v awk)")")
for a in mawk gawk; do
  command -v $a >/dev/null && [ "$awk_is" != $a ] && awks+=($a)
done

# files to feed the baselines over the whole store (step 3)
fw_all=(); conn_all=()
for s in "${seeds[@]}"; do fw_all+=("$DIR/seed-$s/firewall.log"); conn_all+=("$DIR/seed-$s/conn.log"); done

declare -A W R C
row() { # name wall rss [cpu]
  W[$1]=$2; R[$1]=$3; C[$1]=${4:-NA}
}
for kind in fw conn; do
  if [ $kind = fw ]; then f=$FW; fmt=iptables; prog=$AWK_FW; fs=""; rgpat="SRC="; rgopt=""
  else f=$CONN; fmt=zeek; prog=$AWK_CONN; fs="-F'\\t'"; rgpat="^#"; rgopt="-v"; fi
  echo "bench: $kind: ingest" >&2
  measure "ingest-$kind" "$BIN" ingest "$CASE" "$f" --format "$fmt" --year "$(json "$T1" '["syslog_year"]')"
  row "ingest-$kind" "$M_WALL" "$M_RSS" "$M_CPU"
  for a in "${awks[@]}"; do
    echo "bench: $kind: $a" >&2
    measure_sh "$a-$kind" "$a $fs '$prog' '$f' | sort -k2 -nr | head"
    row "$a-$kind" "$M_WALL" "$M_RSS" "$M_CPU"
  done
  echo "bench: $kind: rg" >&2
  measure "rg-$kind" rg -c $rgopt "$rgpat" "$f"
  row "rg-$kind" "$M_WALL" "$M_RSS" "$M_CPU"
done

# ---- 3. the whole store ----
for s in "${seeds[@]}"; do
  [ "$s" = 1 ] && continue
  echo "bench: ingest seed $s" >&2
  y=$(json "$DIR/seed-$s/truth.json" '["syslog_year"]')
  measure "ingest-fw-$s" "$BIN" ingest "$CASE" "$DIR/seed-$s/firewall.log" --format iptables --year "$y"
  measure "ingest-conn-$s" "$BIN" ingest "$CASE" "$DIR/seed-$s/conn.log" --format zeek --year "$y"
done
echo "bench: store queries" >&2
store_ok=1
measure top "$BIN" top "$CASE" src/bytes --limit 10 || store_ok=0
row top "$M_WALL" "$M_RSS"
measure series "$BIN" series "$CASE" bytes --step 1h || store_ok=0
row series "$M_WALL" "$M_RSS"
measure query "$BIN" query "$CASE" "src host 203.0.113.10 and proto udp" --limit 10 || store_ok=0
row query "$M_WALL" "$M_RSS"
measure_sh awk-all-conn "mawk -F'\t' '$AWK_CONN' ${conn_all[*]} | sort -k2 -nr | head"
row awk-all-conn "$M_WALL" "$M_RSS"
measure_sh awk-all-fw "mawk '$AWK_FW' ${fw_all[*]} | sort -k2 -nr | head"
row awk-all-fw "$M_WALL" "$M_RSS"
measure_sh awk-series "mawk -F'\t' '!/^#/ { b[int(\$1 / 3600)] += \$10 + \$11 } END { for (k in b) printf \"%d %.0f\\n\", k, b[k] }' ${conn_all[*]} | sort -n"
row awk-series "$M_WALL" "$M_RSS"

# ---- report ----
fw_b=$(filesize "$FW"); conn_b=$(filesize "$CONN")
fw_n=$(json "$T1" '["files"]["firewall.log"]["lines"]')
conn_n=$(json "$T1" '["files"]["conn.log"]["records"]')
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
line() { # label name bytes records
  local w=${W[$2]:-NA} c=${C[$2]:-NA}
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$w" "$(per_s "$3" "$w" 1e6)" \
    "$(per_s "$4" "$w" 1e3)" "$c" "$(per_s "$3" "$c" 1e6)" "${R[$2]:-NA}" \
    "$(ratio "$w" "${W[ingest-$5]:-NA}")"
}
{
  echo "### Run of $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) CPUs ($cpu), $mem RAM, $(uname -sr); ashiato $("$BIN" --version | awk '{print $2}')" \
       "($(git -C "$HERE/.." rev-parse --short HEAD 2>/dev/null || echo unknown)); files in the page cache."
  echo "Data: seed scenario at scale $SCALE, seeds ${seeds[*]}: $total records in all. $GEN_NOTE"
  echo
  for kind in fw conn; do
    if [ $kind = fw ]; then b=$fw_b; n=$fw_n; echo "firewall.log: $(per_s "$b" 1 1e6) MB, $n lines"
    else b=$conn_b; n=$conn_n; echo "conn.log: $(per_s "$b" 1 1e6) MB, $n records"; fi
    echo
    echo "| tool | wall s | MB/s | k records/s | CPU s | MB per CPU s | peak RSS MB | time vs ingest |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    line "ashiato ingest" "ingest-$kind" "$b" "$n" "$kind"
    for a in "${awks[@]}"; do
      label=$a; [ $a = awk ] && label="awk ($awk_is)"
      line "$label ... \| sort -k2 -nr \| head" "$a-$kind" "$b" "$n" "$kind"
    done
    line "rg -c" "rg-$kind" "$b" "$n" "$kind"
    echo
  done
  echo "Store: $total records (seeds ${seeds[*]}), queries against awk over the same raw files:"
  echo
  echo "| question | ashiato wall s | peak RSS MB | mawk over raw files, s | speed-up |"
  echo "|---|---:|---:|---:|---:|"
  if [ $store_ok = 1 ]; then
    awk_top=$(awk -v a="${W[awk-all-conn]}" -v b="${W[awk-all-fw]}" 'BEGIN{printf "%.2f", a + b}')
    printf '| top src/bytes --limit 10 | %s | %s | %s | %sx |\n' "${W[top]}" "${R[top]}" "$awk_top" "$(ratio "$awk_top" "${W[top]}")"
    printf '| series bytes --step 1h | %s | %s | %s | %sx |\n' "${W[series]}" "${R[series]}" "${W[awk-series]}" "$(ratio "${W[awk-series]}" "${W[series]}")"
    printf '| query (src host, proto) --limit 10 | %s | %s | | |\n' "${W[query]}" "${R[query]}"
  else
    echo "| (store queries failed or are not built yet: see $BENCH_OUT/*.err) | | | | |"
  fi
} | tee "$DIR/results.md"

# ---- triage at two sizes; the risk engine ----
rm -f "$DIR"/seed-*/.in-case "$DIR"/seed-*/.conn-in-case   # the case was rebuilt above
for s in "${seeds[@]}"; do touch "$DIR/seed-$s/.in-case"; done
bash "$HERE/triage.sh" "$BIN" "$DIR" | tee -a "$DIR/results.md"
bash "$HERE/risk.sh" "$(dirname "$BIN")" | tee -a "$DIR/results.md"
for part in formats nfcapd pcap; do
  { echo; echo "#### bench/$part.sh"; echo; bash "$HERE/$part.sh" "$BIN" || echo "(bench/$part.sh failed or was skipped: $?)"; } |
    tee -a "$DIR/results.md"
done
