#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz/run.sh SECONDS: build every fuzz/fuzz_NAME.c with clang's libFuzzer
# (+ASan+UBSan) and run each for SECONDS on a scratch copy of its corpus.
# Crashes are written to fuzz/crashes/NAME/: fix the bug, then move the
# input to fuzz/regress/NAME/ so `make test` replays it forever.
set -euo pipefail
secs=${1:-60}
cd "$(dirname "$0")/.."
mkdir -p build-fuzz
lib=$(ls src/*/*.c | grep -v '^src/cli/')
LIBS="-lzstd -lz -lyaml -lcrypto -ljansson -lpcap -llz4 -llzo2 -lbz2 -lpthread -lm"
status=0
for src in fuzz/fuzz_*.c; do
  name=$(basename "$src" .c); name=${name#fuzz_}
  bin=build-fuzz/fuzz_$name
  echo "== fuzz $name (${secs}s)"
  clang -std=c11 -D_GNU_SOURCE -g -O1 -Isrc -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=all "$src" $lib $LIBS -o "$bin"
  work=build-fuzz/corpus-$name; mkdir -p "$work" "fuzz/crashes/$name"
  seeds=(); for d in "fuzz/corpus/$name" "fuzz/regress/$name"; do [ -d "$d" ] && seeds+=("$d"); done
  if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="fuzz/crashes/$name/" "$work" "${seeds[@]}" 2>&1 | tail -n 5; then
    status=1
  fi
done
exit $status
