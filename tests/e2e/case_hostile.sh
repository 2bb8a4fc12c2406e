# Text people type into the case (and names, reasons, notes) may be
# hostile: quotes, <script>, ANSI escape sequences, invalid UTF-8, 100 KB.
# It must round-trip through case.db byte for byte and stay inert in every
# output: terminal tables, JSON Lines (valid JSON) and CSV (RFC 4180).
. "$(dirname "$0")/lib.bash"
"$ASH" init c --site s --tz Asia/Singapore --net 203.0.113.0/24=dmz >/dev/null
esc=$'\033]0;pwned\007\033[31mRED\033[0m'
bad=$'bad \xff\xfe\xc3( utf8'
quote='"quoted", '"'"'single'"'"'; <script>alert(1)</script> & %s%n'
crlf=$'line1\r\nline2\n'
big=$(head -c 100000 /dev/zero | tr '\0' 'x')
expect_exit 0 "$ASH" case person c "$esc" --role partner
expect_exit 0 "$ASH" case observe c "$esc" --by "$esc" --lang en
expect_exit 0 "$ASH" case observe c "$bad" --by "$quote" --lang en
expect_exit 0 "$ASH" case observe c "$quote" --lang en
expect_exit 0 "$ASH" case observe c "$crlf" --lang en
expect_exit 0 "$ASH" case observe c "$big" --lang en
expect_exit 0 "$ASH" case hypothesize c "$esc$quote" --verify "finding:beacon"
expect_exit 0 "$ASH" case act c "$bad" --by "$bad"
expect_exit 0 "$ASH" case override c H1 --status refuted --reason "$esc"
expect_exit 0 "$ASH" case evidence c --add "$quote" --note "$esc"
expect_exit 0 "$ASH" case evidence c --custody E1 --event sent --note "$bad"
expect_exit 0 "$ASH" case close c --reason "$quote"
# an argument past the 1 MiB limit is refused, not stored
# (not testable through argv: the kernel caps one argument at 128 KiB)

for fmt in table json; do
  "$ASH" case show c --format $fmt > show.$fmt 2> show.err
  "$ASH" case evidence c --format $fmt > ev.$fmt
done
for fmt in table csv jsonl; do "$ASH" timeline c --format $fmt > tl.$fmt; done
for f in show.table show.json show.err ev.table ev.json tl.table tl.csv tl.jsonl; do
  if LC_ALL=C grep -q $'[\033\007\r]' "$f"; then fail "raw control byte in $f"; fi
  if LC_ALL=C grep -q $'\xff' "$f"; then fail "raw invalid UTF-8 in $f"; fi
done
grep -q '\\x1b' show.table || fail "ESC not shown escaped"
python3 - c/case.db tl.jsonl tl.csv show.json "$big" <<'PY'
import csv, json, sqlite3, sys
db = sqlite3.connect(sys.argv[1]); db.text_factory = bytes
texts = [r[0] for r in db.execute("SELECT text_orig FROM observations ORDER BY id")]
esc = b"\x1b]0;pwned\x07\x1b[31mRED\x1b[0m"
bad = b"bad \xff\xfe\xc3( utf8"
quote = b"\"quoted\", 'single'; <script>alert(1)</script> & %s%n"
assert texts[:4] == [esc, bad, quote, b"line1\r\nline2\n"], texts[:4]
assert texts[4] == sys.argv[5].encode() and len(texts[4]) == 100000
people = {r[0] for r in db.execute("SELECT name FROM people")}
assert {esc, quote, bad} <= people, people
assert db.execute("SELECT reason_orig FROM hypothesis_status WHERE cause = 'override'").fetchone()[0] == esc
assert db.execute("SELECT reason_orig FROM closures").fetchone()[0] == quote
assert db.execute("SELECT note_orig FROM custody WHERE event = 'sent'").fetchone()[0] == bad
tl = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
msgs = " ".join(e["message"] for e in tl)
assert "<script>alert(1)</script>" in msgs and '"quoted"' in msgs
# JSON carries control characters escaped (\u001b), so they decode
# exactly; invalid UTF-8 bytes are shown as the text \xNN
assert esc.decode() in msgs and "\\xff" in msgs
with open(sys.argv[3], newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
# CSV (RFC 4180 quoting) gives back the same rows; control bytes there are
# shown as \xNN text, so compare the rows that have none
assert [r["id"] for r in rows] == [e["id"] for e in tl]
plain = [(r["message"], e["message"]) for r, e in zip(rows, tl)
         if not any(ord(ch) < 32 for ch in e["message"]) and "\\x" not in e["message"]]
assert len(plain) >= 3 and all(a == b for a, b in plain), plain
assert any(r["message"].startswith("observed: line1\\x0d\\x0aline2") for r in rows)
show = [json.loads(l) for l in open(sys.argv[4], encoding="utf-8")]
o = [r for r in show if r["type"] == "observation"]
assert o[2]["text"] == quote.decode() and len(o[4]["text"]) == 100000
PY
# the terminal table cuts long texts so rows stay readable
[ "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' show.table)" -lt 2000 ] \
  || fail "100 KB text widened the table"
echo "case hostile ok"
