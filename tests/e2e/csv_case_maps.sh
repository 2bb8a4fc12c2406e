# case.yaml's csv_maps describe a site's CSV export once: `ingest --format
# csv --map NAME` uses the named map (a SPEC string or a YAML mapping), a
# case with one map (or one called "default") needs no --map at all; an
# unknown name, a missing map and a bad map in case.yaml are usage errors
# (exit 2) that say where, before anything is stored.
. "$(dirname "$0")/lib.bash"
cat > case.yaml <<'Y'
case: csv-maps
sites:
  - {name: hub, timezone: Asia/Singapore}
csv_maps:
  edge-fw:
    time: Receive Time
    src: Source address
    dst: Destination address
    dport: Destination Port
    proto: IP Protocol
    bytes: Bytes
    action: Action
  semi: "time=0,src=1,dst=2,sep=;"
Y
"$ASH" init c --config case.yaml >/dev/null
cat > export.csv <<'L'
Receive Time,Source address,Destination address,Destination Port,IP Protocol,Bytes,Action
2026/11/24 17:02:11,203.0.113.10,198.51.100.7,53,udp,4200,allow
2026/11/24 17:02:12,203.0.113.10,198.51.100.7,53,udp,"4,100",allow
2026/11/24 17:02:13,203.0.113.11,198.51.100.8,443,tcp,900,deny
L
expect_exit 0 "$ASH" ingest c export.csv --format csv --map edge-fw
[ "$(acct stored "$TMP/out")" = 2 ] || fail "edge-fw map: $(cat "$TMP/out")"
[ "$(acct rejected "$TMP/out")" = 1 ] || fail "the quoted '4,100' is not a count: $(cat "$TMP/out")"
expect_exit 0 "$ASH" query c 'dst port 443 and action deny' --format json
grep -q '"src": *"203.0.113.11"' "$TMP/out" || fail "record of the named map not found: $(cat "$TMP/out")"
grep -q '"start": *"2026-11-24T09:02:13' "$TMP/out" || fail "site zone not applied: $(cat "$TMP/out")"

printf '2026-11-24 17:05:00;10.0.0.1;10.0.0.2\n' > semi.csv
expect_exit 0 "$ASH" ingest c semi.csv --format csv --map semi
[ "$(acct stored "$TMP/out")" = 1 ] || fail "semi map: $(cat "$TMP/out")"

# two maps, none called default: --format csv alone is refused
printf '2026-11-24 17:06:00;10.0.0.3;10.0.0.4\n' > semi2.csv
expect_exit 2 "$ASH" ingest c semi2.csv --format csv
grep -q "needs --map SPEC" "$TMP/err" || fail "no hint without a map: $(cat "$TMP/err")"
expect_exit 2 "$ASH" ingest c semi2.csv --format csv --map nosuch
grep -q "nor the name of a csv_maps entry" "$TMP/err" || fail "unknown name: $(cat "$TMP/err")"

# a case with one map uses it; a bad map in case.yaml names its line
cat > one.yaml <<'Y'
sites:
  - {name: hub, timezone: UTC}
csv_maps:
  only: "time=0,src=1,dst=2,sep=;"
Y
"$ASH" init one --config one.yaml >/dev/null
expect_exit 0 "$ASH" ingest one semi2.csv --format csv
[ "$(acct stored "$TMP/out")" = 1 ] || fail "the only map was not used: $(cat "$TMP/out")"
cat > bad.yaml <<'Y'
sites:
  - {name: hub, timezone: UTC}
csv_maps:
  broken: {time: 0, colour: 3}
Y
"$ASH" init bad --config bad.yaml >/dev/null
expect_exit 2 "$ASH" ingest bad semi2.csv --format csv --map broken
grep -q "case.yaml:4: csv map 'broken'" "$TMP/err" || fail "bad map not located: $(cat "$TMP/err")"
[ "$(store_records bad)" = 0 ] || fail "a refused ingest stored records"
echo "csv case maps ok"
