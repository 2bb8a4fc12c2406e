# Logs are attacker-controlled: escape sequences, quotes, markup, invalid
# UTF-8 and very long lines must come out of every output inert and the
# JSON must stay valid; the rejects file keeps hostile text escaped.
. "$(dirname "$0")/lib.bash"
"$ASH" init c --site s --tz UTC >/dev/null
long=$(head -c 5000 /dev/zero | tr '\0' 'A')
{
  printf 'Nov 24 17:02:11 fw\033]0;pwned\007 kernel: \033[31m<script>alert(1)</script>"q,\x27 IN=eth0\033[2J OUT= SRC=192.0.2.1 DST=203.0.113.5 LEN=60 PROTO=TCP SPT=1 DPT=22 SYN\n'
  printf 'Nov 24 17:02:12 fw kernel: %%s%%n\xff\xfe\xc3( IN=e%%x OUT= SRC=192.0.2.2 DST=203.0.113.5 LEN=60 PROTO=UDP SPT=1 DPT=53 LEN=40\n'
  printf 'Nov 24 17:02:13 fw kernel: %s IN=eth0 OUT= SRC=192.0.2.3 DST=203.0.113.5 LEN=60 PROTO=TCP SPT=1 DPT=80 SYN\n' "$long"
  printf 'Nov 24 17:02:14 fw kernel: \033[5m junk line without fields \xff\n'
} > evil.log
expect_exit 0 "$ASH" ingest c evil.log --year 2026
[ "$(acct stored "$TMP/out")" = 3 ] || { cat "$TMP/out"; fail "3 records expected"; }
[ "$(acct rejected "$TMP/out")" = 1 ] || fail "1 reject expected"
for fmt in table csv json; do
  "$ASH" query c --format $fmt > q.$fmt 2> q.err
  if LC_ALL=C grep -q $'\033' q.$fmt q.err; then fail "raw ESC in $fmt output"; fi
  if LC_ALL=C grep -q $'\007' q.$fmt; then fail "raw BEL in $fmt output"; fi
done
python3 - q.json <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(rows) == 3, len(rows)
blob = json.dumps(rows)
assert "\x1b" not in blob and "\x07" not in blob
assert any("script" in (r.get("rule") or "") for r in rows), rows[0]
PY
rej=$(ls c/store/rejects/*.tsv)
if LC_ALL=C grep -q $'\033' "$rej"; then fail "raw ESC in rejects file"; fi
grep -q '\\x1b' "$rej" || fail "ESC not kept escaped in rejects"
# the hostile strings reach `top` keys too
"$ASH" top c dstport/records --format csv > t.csv
if LC_ALL=C grep -q $'\033' t.csv; then fail "raw ESC in top"; fi
