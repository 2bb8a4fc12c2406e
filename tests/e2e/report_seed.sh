# The seed story, reported: both languages and formats are written; the
# HTML is well-formed, self-contained and script-free; the Japanese
# report has its Japanese section titles; the numbers agree with the
# store and with case.db; the backup is among what was ruled out; the
# rules isolate the flooding host and block the controller.
. "$(dirname "$0")/lib.bash"
. "$ROOT/tests/e2e/report_case.bash"
seed_case "$TMP/s"
"$ASH" case close "$case" --by Aiko > /dev/null
for lang in ja en; do
  expect_exit 0 "$ASH" report "$case" --lang $lang
  [ "$(cat "$TMP/out")" = "$case/reports/report-$lang.html" ] || fail "path printed: $(cat "$TMP/out")"
  expect_exit 0 "$ASH" report "$case" --lang $lang --format md -o "$TMP/r-$lang.md"
  check_html "$case/reports/report-$lang.html"
  if md_prose "$TMP/r-$lang.md" | grep -n '<' ; then fail "raw < in Markdown prose ($lang)"; fi
done
"$ASH" report "$case" --lang en --format md -o - > stdout.md
cmp stdout.md "$TMP/r-en.md" >/dev/null || diff <(grep -v Written stdout.md) <(grep -v Written "$TMP/r-en.md") | head

ja=$case/reports/report-ja.html en=$case/reports/report-en.html
for t in 概要 発生した事象 時系列 仮説と検証 影響を受けたホスト 封じ込めと推奨対策 根本原因と改善策; do
  grep -q "<h2 id=\"[a-z-]*\">$t</h2>" "$ja" || fail "ja: no section $t"
  grep -q "^## $t\$" "$TMP/r-ja.md" || fail "ja md: no section $t"
done
grep -q '<html lang="ja">' "$ja" || fail "ja: html lang"
[ "$(grep -c '<svg ' "$en")" = 2 ] || fail "two charts expected"
grep -q 'class="window"' "$en" || fail "incident window not shaded"

python3 - "$ASH" "$case" "$en" "$TMP/r-ja.md" "$DOS" "$CTRL" "$W0" "$W1" <<'PY'
import datetime, json, re, subprocess, sys, html
ash, case, en, jamd, dos, ctrl, w0, w1 = sys.argv[1:]
doc = open(en, encoding="utf-8").read()
text = html.unescape(re.sub(r"<[^>]+>", " ", doc))
def run(*a):
    out = subprocess.run([ash, *a], check=True, capture_output=True, text=True).stdout
    return [json.loads(l) for l in out.splitlines() if l.strip()]
rows = run("case", "show", case, "--format", "json")
hyps = [r for r in rows if r.get("type") == "hypothesis"]
assert hyps, rows[:3]
st = {s: sum(1 for h in hyps if h["status"] == s) for s in ("confirmed", "refuted", "open")}
want = "Hypotheses checked against the logs: %d. Confirmed: %d; ruled out: %d; still open: %d." % (
    len(hyps), st["confirmed"], st["refuted"], st["open"])
assert want in text, want
assert st["confirmed"] == 5 and st["refuted"] == 4, st
# the backup is ruled out, and the report says how
m = re.search(r"Ruled out, and how \(4\)(.*?)Still open|Ruled out, and how \(4\)(.*?)Affected hosts", text, re.S)
assert m, "no ruled-out section"
ruled = m.group(1) or m.group(2)
assert "files01's big outbound traffic is data theft" in ruled and "nightly-backup" in ruled, ruled[:400]
# top talker of the report = ashiato top over the same window
w = re.search(r"Incident window: .*?; (\S+ \S+) to (\S+ \S+) UTC", text)
assert w, "no window"
f, t = (s.replace(" ", "T") + "Z" for s in w.groups())
# the window found from the findings holds the planted incident, give or
# take the 15-minute buckets of the spike detector, and not much more
ts = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
assert ts(f) <= ts(w0) and ts(t) >= ts(w1) - 900, (f, t, w0, w1)
assert ts(t) - ts(f) <= ts(w1) - ts(w0) + 4 * 3600, (f, t, w0, w1)
top = run("top", case, "src/bytes", "--from", f, "--to", t, "--limit", "1", "--format", "json")
assert top[0]["src"] == dos, top
rank = re.search(r"<td[^>]*>1</td><td[^>]*>([^<]*)</td>", doc)
assert rank and rank.group(1).startswith(dos + " "), rank and rank.group(1)
# rules: the flood source isolated, the controller blocked; root causes
assert "iptables -A ASHIATO-IR -s %s -j DROP" % dos in text
assert "iptables -A ASHIATO-IR -d %s -j DROP" % ctrl in text
assert "open resolver" in text and "monlist" in text, "root causes"
assert "A host outside the inventory" in text
# the closing is shown
assert "Closed on" in text, "closing"
ja = open(jamd, encoding="utf-8").read()
assert "（原文：英語）" in ja and "ns01 が DNS リフレクタとして悪用された" in ja
assert "現地時間" in ja and "UTC" in ja
print("report ok: %d hypotheses, window %s..%s, top %s" % (len(hyps), f, t, dos))
PY
# exit codes (docs/exit-codes.md)
expect_exit 2 "$ASH" report "$case" --lang fr
grep -q "there are: en, ja" "$TMP/err" || fail "languages not named"
expect_exit 2 "$ASH" report "$case" --format pdf
expect_exit 2 "$ASH" report "$case" --from 2026-11-24T17:00Z
expect_exit 1 "$ASH" report "$case" -o "$TMP/no/such/dir/r.html"
expect_exit 1 "$ASH" report "$TMP/not-a-case"
