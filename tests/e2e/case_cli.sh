# The case subcommands' contract: case.db made on first use with the
# sites of case.yaml, exit codes (0 ok, 1 refused/failed, 2 usage),
# evidence items from the store with custody entries, translations side
# by side, and --help for every subcommand.
. "$(dirname "$0")/lib.bash"
"$ASH" init c --site hub --tz Asia/Singapore --net 203.0.113.0/24=dmz >/dev/null
[ ! -e c/case.db ] || fail "case.db before first use"
expect_exit 0 "$ASH" case show c
[ -f c/case.db ] || fail "case.db not made on first use"
grep -q "Asia/Singapore" "$TMP/out" || fail "site not copied in"
printf 'Nov 24 17:02:11 fw kernel: IN=eth0 OUT= SRC=192.0.2.1 DST=203.0.113.5 LEN=60 PROTO=TCP SPT=1 DPT=22 SYN\n' > fw.log
"$ASH" ingest c fw.log --year 2026 >/dev/null 2>&1
sha=$(sha256sum fw.log | cut -d' ' -f1)
expect_exit 0 "$ASH" case evidence c --format json
python3 - "$TMP/out" "$sha" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
ev = [r for r in rows if r["type"] == "evidence"]
assert len(ev) == 1 and ev[0]["sha256"] == sys.argv[2] and ev[0]["records"] == 1, ev
assert ev[0]["from"] == "2026-11-24T09:02:11Z" and ev[0]["path"] == "evidence/" + sys.argv[2], ev
cu = [r for r in rows if r["type"] == "custody"]
assert [c["event"] for c in cu] == ["ingested"], cu
PY
expect_exit 0 "$ASH" case evidence c --custody E1 --event sent --by lee --note "to HQ" \
  --at "2026-11-25 09:00"
expect_exit 0 "$ASH" case evidence c --add "fw01 running config" --site hub --from 2026-11-24 --to 2026-11-25
grep -q "E2 registered" "$TMP/out" || fail "on-site item"
expect_exit 2 "$ASH" case evidence c --custody E1 --event "Sent!"
expect_exit 1 "$ASH" case evidence c --custody E9 --event sent
expect_exit 2 "$ASH" case evidence c --add x --sha256 nothex
expect_exit 0 "$ASH" case evidence c
grep -q "on_site" "$TMP/out" && grep -q "sent" "$TMP/out" || fail "evidence listing"

expect_exit 0 "$ASH" case observe c "負荷が急上昇" --at "2026-11-25 01:05"
expect_exit 0 "$ASH" case translate c O1 --lang en "the load rose sharply"
expect_exit 0 "$ASH" case show c --lang en
grep -q "the load rose sharply" "$TMP/out" || fail "show --lang en"
expect_exit 0 "$ASH" case show c --lang ja
grep -q "負荷が急上昇" "$TMP/out" || fail "show --lang ja"
expect_exit 1 "$ASH" case translate c O7 --lang en "x"
expect_exit 2 "$ASH" case translate c Z1 --lang en "x"
expect_exit 2 "$ASH" case translate c O1 --lang fr "x"

# usage errors are exit 2, with the subcommand named
expect_exit 2 "$ASH" case
expect_exit 2 "$ASH" case frobnicate c
expect_exit 2 "$ASH" case observe c
expect_exit 2 "$ASH" case observe c "" 
expect_exit 2 "$ASH" case observe c "x" --host not-an-ip
expect_exit 2 "$ASH" case observe c "x" --at yesterday
expect_exit 2 "$ASH" case observe c "x" --lang Japanese
expect_exit 2 "$ASH" case person c bob --role boss
expect_exit 2 "$ASH" case act c "x" --kind party
expect_exit 2 "$ASH" case verify c H99
expect_exit 2 "$ASH" case override c H1 --status maybe --reason x
expect_exit 2 "$ASH" case hypothesize c "x" --verify "finding:Beacon"
expect_exit 2 "$ASH" case hypothesize c "x" --verify "port 22" --expect "records"
grep -q "expect:8" "$TMP/err" || fail "expect error column: $(cat "$TMP/err")"
expect_exit 1 "$ASH" case observe nosuchcase "x"
expect_exit 0 "$ASH" case verify c
grep -q "no open hypothesis" "$TMP/err" || fail "verify with nothing to do"
for sub in observe hypothesize verify override act person evidence translate show close; do
  expect_exit 0 "$ASH" case "$sub" --help
  grep -q "Usage: ashiato case $sub" "$TMP/out" || fail "case $sub --help"
done
expect_exit 0 "$ASH" case --help
expect_exit 0 "$ASH" timeline --help
echo "case cli ok"
