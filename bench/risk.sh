#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/risk.sh [BUILD]: times the risk simulation (bench/risk_bench.c):
# 100 scenarios x 100,000 years on 1 and 2 threads and a what-if of ten
# changes, against BUILD/libashiato.a (default build/, from `make`).
# Prints a Markdown paragraph and table.  Target: under 5 s on 2 cores.
# RISK_SCENARIOS and RISK_YEARS change the size.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BUILD=${1:-$ROOT/build}
LIB="$BUILD/libashiato.a"
[ -f "$LIB" ] || { echo "bench: $LIB missing (run make first)" >&2; exit 2; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -pthread -I"$ROOT/src" "$HERE/risk_bench.c" "$LIB" \
  -lsqlite3 -lzstd -lz -lyaml -lcrypto -ljansson -lpcap -llz4 -llzo2 -lbz2 -lpthread -lm \
  -o "$OUT/risk_bench"
"$OUT/risk_bench" "${RISK_SCENARIOS:-100}" "${RISK_YEARS:-100000}"
