# kill -9 in the middle of an ingest leaves the store as it was; running
# the ingest again completes it without duplicates.  Kill points are
# random (fixed seed) fractions of the time a clean ingest takes.
. "$(dirname "$0")/lib.bash"
"$ASH" demo-data gen --seed 3 --scale 1 >/dev/null
cat gen/firewall.log gen/firewall.log gen/firewall.log > big.log  # more time to hit
"$ASH" init ref --config gen/case.yaml >/dev/null
t0=$(date +%s%N)
"$ASH" ingest ref big.log >/dev/null
t1=$(date +%s%N)
want=$(store_records ref)
ms=$(( (t1 - t0) / 1000000 ))
echo "clean ingest: $want records in $ms ms"
"$ASH" init c --config gen/case.yaml >/dev/null
"$ASH" ingest c gen/conn.log >/dev/null
base=$(store_records c)
RANDOM=42
interrupted=0
for round in 1 2 3 4 5 6; do
  at=$(( ms * (RANDOM % 90 + 5) / 100 ))
  "$ASH" ingest c big.log >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((at / 1000)) $((at % 1000)))"
  kill -9 $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  expect_exit 0 "$ASH" check c --no-evidence
  n=$(store_records c)
  if [ "$n" = "$base" ]; then
    interrupted=$((interrupted + 1))
  elif [ "$n" = $((base + want)) ]; then
    break
  else
    fail "round $round (kill at $at ms): torn store, $n records"
  fi
done
[ $interrupted -ge 1 ] || fail "no kill landed mid-ingest"
echo "$interrupted kills landed mid-ingest"
"$ASH" ingest c big.log >/dev/null
[ "$(store_records c)" = $((base + want)) ] || fail "after re-run: $(store_records c) != $((base + want))"
"$ASH" ingest c big.log > again
grep -q "already in the store" again || fail "another ingest is not a no-op"
[ "$(store_records c)" = $((base + want)) ] || fail "duplicates after re-run"
[ -z "$(ls c/evidence | grep incoming || true)" ] || ls c/evidence
