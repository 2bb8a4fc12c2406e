#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz/run.sh SECONDS: build every fuzz/fuzz_NAME.c with clang's libFuzzer
# (+ASan+UBSan) and run each for SECONDS on a scratch copy of its corpus.
# Crashes are written to fuzz/crashes/NAME/: fix the bug, then move the
# input to fuzz/regress/NAME/ so `make test` replays it forever.
set -euo pipefail
secs=${1:-60}
cd "$(dirname "$0")/.."
mkdir -p build-fuzz/obj
LIBS="-lsqlite3 -lzstd -lz -lyaml -lcrypto -ljansson -lpcap -llz4 -llzo2 -lbz2 -lpthread -lm"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
# stale: the object is missing or older than its source or any header it
# included (-MMD lists them): an object built against an older struct
# layout makes crashes that are not in the code
stale() {
  local c=$1 o=$2 h
  [ -f "$o" ] && [ -f "$o.d" ] && [ ! "$c" -nt "$o" ] || return 0
  for h in $(sed -e 's/\\$//' -e 's/^[^:]*://' "$o.d"); do
    [ "$h" -nt "$o" ] && return 0
  done
  return 1
}
# the library once, instrumented for coverage (fuzzer-no-link), then one link per target
objs=()
for c in $(ls src/*/*.c | grep -v '^src/cli/'); do
  o=build-fuzz/obj/$(echo "$c" | tr / _).o
  if stale "$c" "$o"; then
    clang -std=c11 -D_GNU_SOURCE -g -O1 -Isrc -fsanitize=fuzzer-no-link $SAN -MMD -MF "$o.d" -c "$c" -o "$o"
  fi
  objs+=("$o")
done
bash scripts/embed.sh $(ls data/embed/* | sort) > build-fuzz/embed.c
clang -std=c11 -D_GNU_SOURCE -g -O1 -Isrc -c build-fuzz/embed.c -o build-fuzz/obj/embed.o
objs+=(build-fuzz/obj/embed.o)
status=0
for src in fuzz/fuzz_*.c; do
  name=$(basename "$src" .c); name=${name#fuzz_}
  bin=build-fuzz/fuzz_$name
  echo "== fuzz $name (${secs}s)"
  clang -std=c11 -D_GNU_SOURCE -g -O1 -Isrc -fsanitize=fuzzer $SAN "$src" "${objs[@]}" $LIBS -o "$bin"
  work=build-fuzz/corpus-$name; mkdir -p "$work" "fuzz/crashes/$name"
  seeds=(); for d in "fuzz/corpus/$name" "fuzz/regress/$name"; do [ -d "$d" ] && seeds+=("$d"); done
  if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="fuzz/crashes/$name/" "$work" "${seeds[@]}" 2>&1 | tail -n 5; then
    status=1
  fi
done
exit $status
