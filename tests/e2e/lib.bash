# SPDX-License-Identifier: MIT
# lib.bash: helpers for end-to-end tests.  A test is tests/e2e/NAME.sh, run
# by tests/run.sh with $ASH (the binary) and $TMP (a fresh directory);
# exit 0 = pass, 77 = skipped (last line says why), anything else = fail.
set -euo pipefail
: "${ASH:?}" "${TMP:?}"
ROOT=${ASH_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
SHARED=${ASH_SHARED:-$ROOT/../shared}
cd "$TMP"

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "$*"; exit 77; }

# expect_exit CODE CMD...: run CMD, fail unless it exits with CODE
expect_exit() {
  local want=$1; shift
  set +e; "$@" >"$TMP/out" 2>"$TMP/err"; local got=$?; set -e
  [ "$got" -eq "$want" ] || { cat "$TMP/out" "$TMP/err" >&2; fail "exit $got, want $want: $*"; }
}

# acct FIELD FILE: a number from ingest's accounting lines
#   lines, records, stored, rejected (first file in FILE)
acct() {
  case $1 in
    lines)    sed -nE 's/^ *lines +([0-9]+) = .*/\1/p' "$2" | head -1 ;;
    records)  sed -nE 's/^ *records +([0-9]+) = .*/\1/p' "$2" | head -1 ;;
    stored)   sed -nE 's/.*= stored ([0-9]+) .*/\1/p' "$2" | head -1 ;;
    rejected) sed -nE 's/.*\+ rejected ([0-9]+).*/\1/p' "$2" | head -1 ;;
  esac
}

# records in the store, from `ashiato check`
store_records() { "$ASH" check "$1" --no-evidence | sed -nE 's/.* ([0-9]+) records.*/\1/p'; }

need_shared() { [ -d "$SHARED/data/$1" ] || skip "../shared/data/$1 not present"; }
