#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/nfcapd.sh ASHIATO [RUNS]: records/s of `ashiato ingest` on a large
# nfcapd file next to `nfdump -r FILE -o csv > /dev/null` on the same file
# (issue 3 target: at least 3x).  The file is built with nfdump from the
# softflowd samples in ../shared (24 copies of synflood-spoofed.v9 plus
# amp-snmp.ipfix, merged by `nfdump -R`: 908,350 flows), then rewritten
# with LZ4 and LZO.  Prints a markdown table; best wall time of RUNS (3).
set -euo pipefail
ash=$(realpath "${1:?usage: bench/nfcapd.sh ASHIATO [RUNS]}")
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${ASH_SHARED:-$root/../shared}/data/derived-netflow-softflowd/nfcapd
dir=${BENCH_DIR:-/tmp/ashiato-bench}/nfcapd
command -v nfdump >/dev/null || { echo "nfdump not installed"; exit 77; }
[ -d "$shared" ] || { echo "$shared absent"; exit 77; }
mkdir -p "$dir/src"
cd "$dir"
if [ ! -s big_plain.nfcapd ]; then
  for i in $(seq -w 1 24); do
    cp "$shared/synflood-spoofed.v9.nfcapd" "src/nfcapd.2024010100$i"
  done
  cp "$shared/amp-snmp.ipfix.nfcapd" src/nfcapd.202401010099
  nfdump -R src -w big_plain.nfcapd
  nfdump -r big_plain.nfcapd -y -w big_lz4.nfcapd
  nfdump -r big_plain.nfcapd -z -w big_lzo.nfcapd
fi
flows=$(nfdump -r big_plain.nfcapd -o null 2>/dev/null | sed -nE 's/.*total flows: ([0-9]+).*/\1/p')

# best CMD...: best wall seconds (and its user+sys) of $runs runs; a fresh
# case is made before each run (ingest would skip a file it already holds)
best() {
  local b=999999 c=0
  for _ in $(seq "$runs"); do
    rm -rf case; "$ash" init case --site lab --tz UTC >/dev/null
    /usr/bin/time -f "%e %U %S" -o t.txt "$@" > /dev/null 2>&1 || { cat t.txt; exit 1; }
    read -r w u s < t.txt
    if awk -v w="$w" -v b="$b" 'BEGIN { exit !(w < b) }'; then
      b=$w; c=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
    fi
  done
  echo "$b $c"
}

echo "load: $(cut -d' ' -f1-3 /proc/loadavg); flows per file: $flows"
echo
echo "| file | MB | nfdump -o csv s (cpu s) | flows/s | ashiato ingest s (cpu s) | records/s | ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for f in big_plain big_lz4 big_lzo; do
  mb=$(awk -v b="$(stat -c %s $f.nfcapd)" 'BEGIN { printf "%.1f", b / 1e6 }')
  read -r nw nc < <(best nfdump -r $f.nfcapd -o csv)
  read -r aw ac < <(best "$ash" ingest case $f.nfcapd)
  awk -v f=$f -v mb="$mb" -v n="$flows" -v nw="$nw" -v nc="$nc" -v aw="$aw" -v ac="$ac" 'BEGIN {
    printf "| %s | %s | %.2f (%.2f) | %.0f k | %.2f (%.2f) | %.0f k | %.1fx |\n",
      f, mb, nw, nc, n / nw / 1e3, aw, ac, n / aw / 1e3, nw / aw }'
done
