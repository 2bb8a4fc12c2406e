# Exit codes are API (docs/exit-codes.md): 0 ok, 1 failure, 2 usage.
. "$(dirname "$0")/lib.bash"
expect_exit 0 "$ASH" --help
expect_exit 0 "$ASH" --version
expect_exit 2 "$ASH"
expect_exit 2 "$ASH" no-such-command
for c in init ingest check query top series demo-data help; do
  expect_exit 0 "$ASH" $c --help
  grep -q "Usage: ashiato $c" "$TMP/out" || fail "$c --help has no usage line"
  grep -q "Examples:" "$TMP/out" || fail "$c --help teaches no example"
done
expect_exit 2 "$ASH" init
expect_exit 2 "$ASH" init c --no-such-option
expect_exit 2 "$ASH" init c --tz Mars/Base
expect_exit 2 "$ASH" init c --net 10.0.0.1/8=lan
expect_exit 0 "$ASH" init c --site s1 --tz Asia/Tokyo --net 10.0.0.0/8=lan
expect_exit 1 "$ASH" init c
expect_exit 2 "$ASH" ingest c
expect_exit 1 "$ASH" ingest c /nonexistent/file.log
grep -q "nonexistent/file.log" "$TMP/err" || fail "missing file not named"
expect_exit 2 "$ASH" ingest c x.log --format nosuch
expect_exit 2 "$ASH" ingest c x.log --year 12
expect_exit 1 "$ASH" check not-a-case
grep -q "not a case folder" "$TMP/err" || fail "no clear error for a missing case"
expect_exit 0 "$ASH" check c
expect_exit 2 "$ASH" query c 'src host 999.1.1.1'
expect_exit 2 "$ASH" top c nosuchkey/bytes
expect_exit 2 "$ASH" series c bytes --step 0s
expect_exit 0 "$ASH" query c 'proto tcp'
expect_exit 0 "$ASH" help --man ingest
grep -q '^.TH ASHIATO-INGEST' "$TMP/out" || fail "man page has no .TH"
