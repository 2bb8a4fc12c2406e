#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/run.sh BUILD_DIR...: for each build (plain, ASan+UBSan), run the
# unit tests and every end-to-end test tests/e2e/*.sh, then print one
# closing line "N passed, N failed" (N skipped).  Exit 1 on any failure.
# BUILD_DIR:unit runs only that build's unit tests (the clang build).
set -u
cd "$(dirname "$0")/.."
export ASH_ROOT=$PWD
export ASH_SHARED=${ASH_SHARED:-$PWD/../shared}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
pass=0 fail=0 skip=0
failed_names=()
for arg in "$@"; do
  b=${arg%:unit}
  echo "== $b: unit tests"
  out=$("$b/unit-tests" 2>&1); rc=$?
  echo "$out" | grep -v '^ok ' | tail -n 60
  line=$(echo "$out" | grep -E '^unit: [0-9]+ passed' | tail -1)
  if [ -z "$line" ]; then
    echo "unit tests crashed (rc=$rc)"; fail=$((fail+1)); failed_names+=("$b:unit(crash)")
  else
    p=$(echo "$line" | sed -E 's/unit: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped/\1/')
    f=$(echo "$line" | sed -E 's/unit: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped/\2/')
    s=$(echo "$line" | sed -E 's/unit: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped/\3/')
    pass=$((pass+p)); fail=$((fail+f)); skip=$((skip+s))
    [ "$f" -gt 0 ] && failed_names+=("$b:unit")
  fi
  [ "$arg" != "$b" ] && continue
  echo "== $b: end-to-end tests"
  for t in tests/e2e/*.sh; do  # lib.bash is not a test
    [ -e "$t" ] || continue
    name=$(basename "$t" .sh)
    tmp=$(mktemp -d)
    ASH="$PWD/$b/ashiato" TMP="$tmp" bash "$t" >"$tmp.log" 2>&1; rc=$?
    if [ $rc -eq 0 ]; then pass=$((pass+1)); echo "ok   $name"
    elif [ $rc -eq 77 ]; then skip=$((skip+1)); echo "skip $name: $(tail -1 "$tmp.log")"
    else fail=$((fail+1)); failed_names+=("$b:$name"); echo "FAIL $name"; tail -n 30 "$tmp.log" | sed 's/^/    /'
    fi
    rm -rf "$tmp" "$tmp.log"
  done
done
[ ${#failed_names[@]} -gt 0 ] && echo "failed: ${failed_names[*]}"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
