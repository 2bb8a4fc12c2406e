#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/pcap.sh [ASHIATO] [PACKETS] [RUNS]: pcap to flows (issue 3).
# A capture of PACKETS frames (default 3,000,000, about 1.5 GB) is written
# by bench/pcap_gen.c (fixed seed; kept between runs in
# ${BENCH_DIR:-/tmp/ashiato-bench}/pcap), then metered into flows by
#   - `ashiato ingest --format pcap` end to end (evidence copy and SHA-256,
#     meter, store),
#   - the meter alone (bench/meter_bench.c: the same parser, records
#     counted and dropped),
#   - softflowd -r (Debian's softflowd, NetFlow v9 export to a local port
#     nobody listens on; -c none: with a control socket, 1.1.0 blocks in
#     accept() after the first 4 kB of the file),
#   - nfpcapd -r -w (Debian's nfdump package; writes nfcapd files).
# Best wall time of RUNS (default 3) each; prints a Markdown table.
# ashiato and softflowd count a TCP connection as one bidirectional flow,
# nfpcapd as two (one per direction).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
ash=$(readlink -f "${1:-$ROOT/build/ashiato}")
npk=${2:-3000000}
runs=${3:-3}
dir=${BENCH_DIR:-/tmp/ashiato-bench}/pcap
lib="$(dirname "$ash")/libashiato.a"
[ -x "$ash" ] && [ -f "$lib" ] || { echo "bench: $ash or $lib missing (run make first)" >&2; exit 2; }
mkdir -p "$dir"
cd "$dir"
LIBS="-lsqlite3 -lzstd -lz -lyaml -lcrypto -ljansson -lpcap -llz4 -llzo2 -lbz2 -lpthread -lm"
${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 "$HERE/pcap_gen.c" -lpcap -o pcap_gen
${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -pthread -I"$ROOT/src" "$HERE/meter_bench.c" "$lib" $LIBS -o meter_bench
cap="gen-$npk.pcap"
if [ ! -s "$cap" ]; then
  rm -f gen-*.pcap
  ./pcap_gen "$cap.tmp" "$npk" 1 2> gen.txt && mv "$cap.tmp" "$cap"
fi
mb=$(awk -v b="$(stat -c %s "$cap")" 'BEGIN { printf "%.1f", b / 1e6 }')
cat "$cap" > /dev/null # into the page cache

# best NAME CMD...: best wall of $runs runs; sets B_WALL, B_CPU, B_RSS and
# leaves the best run's stdout+stderr in NAME.out.  $PRE runs before each.
best() {
  local name=$1; shift
  B_WALL=999999
  for _ in $(seq "$runs"); do
    eval "${PRE:-:}"
    /usr/bin/time -f "%e %U %S %M" -o t.txt "$@" > run.out 2>&1 || { tail -5 run.out >&2; exit 1; }
    read -r w u s m < t.txt
    if awk -v w="$w" -v b="$B_WALL" 'BEGIN { exit !(w < b) }'; then
      B_WALL=$w; B_CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
      B_RSS=$((m / 1024)); cp run.out "$name.out"
    fi
  done
}
row() { # tool wall cpu rss flows bytes
  awk -v t="$1" -v w="$2" -v c="$3" -v r="$4" -v f="$5" -v b="$6" -v n="$npk" -v mb="$mb" -v base="$A_WALL" \
    'BEGIN { printf "| %s | %.2f | %.2f | %.2f | %.0f | %s | %s | %s | %.1f |\n", t, w, c, n / w / 1e6, mb / w, f, b, r, w / base }'
}

PRE='rm -rf case; "$ash" init case --site lab --tz UTC >/dev/null'
best ingest "$ash" ingest case "$cap" --format pcap
A_WALL=$B_WALL
a_flows=$(sed -nE 's/.*records stored ([0-9]+).*/\1/p' ingest.out | head -1)
a_bytes=$("$ash" top case proto/bytes --limit 10 --format json 2>/dev/null |
  python3 -c 'import json,sys; print(sum(int(json.loads(l)["bytes"]) for l in sys.stdin if l.strip()))' 2>/dev/null || echo NA)
row "ashiato ingest --format pcap (end to end)" "$B_WALL" "$B_CPU" "$B_RSS" "$a_flows" "$a_bytes" > rows.md

PRE=:
best meter ./meter_bench "$cap"
read -r _ _ _ m_flows _ m_bytes _ _ < meter.out
row "ashiato meter alone (bench/meter_bench.c)" "$B_WALL" "$B_CPU" "$B_RSS" "$m_flows" "$m_bytes" >> rows.md

if command -v softflowd >/dev/null; then
  best softflowd softflowd -r "$cap" -n 127.0.0.1:9 -d -c none -p "$dir/sf.pid" -v 9 -6 -m 1000000
  s_flows=$(sed -nE 's/^Flows exported: ([0-9]+).*/\1/p' softflowd.out)
  s_bytes=$(awk '/^Per-protocol statistics/ { on = 1; next } on && /\):/ { s += $(NF - 3) } END { print s + 0 }' softflowd.out)
  row "softflowd -r (NetFlow v9 out)" "$B_WALL" "$B_CPU" "$B_RSS" "$s_flows" "$s_bytes" >> rows.md
fi
if command -v nfpcapd >/dev/null; then
  PRE='rm -rf nf; mkdir nf'
  best nfpcapd nfpcapd -r "$cap" -w "$dir/nf"
  n_sum=$(nfdump -R nf -o null 2>/dev/null | sed -n 's/^Summary: //p')
  n_flows=$(echo "$n_sum" | sed -nE 's/.*total flows: ([0-9]+).*/\1/p')
  n_bytes=$(nfdump -R nf -o csv -q 2>/dev/null | awk -F, 'NR > 0 && $13 ~ /^[0-9]+$/ { s += $13 } END { printf "%.0f", s }')
  row "nfpcapd -r -w (nfcapd files out)" "$B_WALL" "$B_CPU" "$B_RSS" "$n_flows (one per direction)" "$n_bytes" >> rows.md
fi

echo "Capture: $mb MB, $npk packets ($(cat gen.txt | sed 's/^pcap_gen: //')), written by bench/pcap_gen.c (seed 1); best of $runs runs, page cache warm."
echo
echo "| tool | wall s | CPU s | M packets/s | MB/s | flows | IP bytes | peak RSS MB | time vs ingest |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
cat rows.md
