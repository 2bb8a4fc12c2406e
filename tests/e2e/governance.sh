# Governance end to end: org init, a second site added by hand, the
# questionnaire (quick and full, CSV and HTML), answers filled in by a
# script with hostile text, import (a broken file first: errors with row
# and column, nothing stored), show as JSON checked against the formulas
# of docs/governance.md recomputed here, and the report in ja and en
# parsed as HTML: well formed, nothing external, hostile text inert.
. "$(dirname "$0")/lib.bash"
today=$(date -u +%F)

expect_exit 0 "$ASH" org init acme --site jp-hq --country JP --tz Asia/Tokyo --lang ja \
  --currency JPY --criticality 5 --net 10.10.0.0/16=lan
[ -f acme/org.yaml ] && [ -f acme/org.db ] || fail "org init made no org.yaml/org.db"
expect_exit 1 "$ASH" org init acme
expect_exit 2 "$ASH" org init other --country Japan
# a second site and a hostile organisation name, written as a person would
python3 - acme/org.yaml <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace('org: "acme"', 'org: "<b>Acme & Co</b> \\"q\\""')
s = s.replace("sites:\n", "sites:\n  - {name: sg-hub, country: SG, timezone: Asia/Singapore, language: en,\n"
              "     currency: SGD, criticality: 2, networks: [{cidr: 203.0.113.0/24, zone: dmz}]}\n", 1)
open(p, "w", encoding="utf-8").write(s)
PY
"$ASH" org show acme --format json > sites.json
python3 - sites.json <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["site"] for r in rows] == ["sg-hub", "jp-hq"], rows
assert rows[1]["criticality"] == "5" and rows[0]["networks"] == 1, rows
PY

# the questionnaires
expect_exit 0 "$ASH" assess form acme --site jp-hq --lang ja --quick
grep -q "questions for site jp-hq" "$TMP/out" || fail "form said nothing"
nq=$(($(wc -l < acme/forms/jp-hq-quick.csv) - 1))
[ "$nq" -ge 6 ] && [ "$nq" -le 25 ] || fail "quick form has $nq questions"
expect_exit 0 "$ASH" assess form acme --site sg-hub --lang en
[ "$(($(wc -l < acme/forms/sg-hub.csv) - 1))" -eq 106 ] || fail "full form is not 106 questions"
expect_exit 2 "$ASH" assess form acme --site nowhere

check_html() { python3 "$ROOT/tests/e2e/html_check.py" "$@" || fail "HTML check: $1"; }
check_html acme/forms/jp-hq-quick.html 1
check_html acme/forms/sg-hub.html 1
grep -q "ガバナンス" acme/forms/jp-hq-quick.html || fail "ja form without Japanese"

# fill the full form as a site would: levels, evidence (hostile), dates
python3 - acme/forms/sg-hub.csv answers.csv "$today" <<'PY'
import csv, sys, datetime
src, dst, today = sys.argv[1], sys.argv[2], datetime.date.fromisoformat(sys.argv[3])
rows = list(csv.DictReader(open(src, encoding="utf-8-sig", newline="")))
hostile = ['<script>alert(1)</script>', '=HYPERLINK("http://x")', 'a\x1b[31mred\x1b[0m "q", \'s\'',
           'line1\nline2', '\u202egnp.exe']
for i, r in enumerate(rows):
    if i % 17 == 5:
        continue                                 # left blank: unanswered
    r["level"] = "n/a" if i % 23 == 7 else str(i % 5)
    r["evidence"] = hostile[i % len(hostile)] if i % 3 else ""
    r["evidence_ref"] = "doc-%d.pdf" % i if i % 4 == 0 else ""
    r["evidence_date"] = (today - datetime.timedelta(days=(i * 13) % 500)).isoformat() if i % 5 else ""
    r["assessor"] = "Lim Wei Ling" if i % 2 else "田中 <i>"
    r["source"] = ["self", "internal", "external", ""][i % 4]
    r["coverage"] = "" if i % 6 else "60%"
w = csv.DictWriter(open(dst, "w", encoding="utf-8", newline=""), fieldnames=rows[0].keys())
w.writeheader(); w.writerows(rows)
PY

# a broken copy: nothing may be stored, errors name row and column
python3 - answers.csv bad.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
rows[4][rows[0].index("level")] = "7"      # spreadsheet row 5
w = csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline=""))
w.writerows(rows)
PY
expect_exit 1 "$ASH" assess import acme bad.csv --by tester
lvcol=$(head -1 answers.csv | tr ',' '\n' | grep -n '^level$' | cut -d: -f1)
grep -q "bad.csv:5:$lvcol: level: '7' is not a level" "$TMP/err" || { cat "$TMP/err"; fail "no row/column for the bad level"; }
grep -q "nothing imported" "$TMP/err" || fail "no 'nothing imported'"
"$ASH" assess show acme --format json > before.json
python3 -c "
import json,sys
rows=[json.loads(l) for l in open('before.json')]
assert all(r['score'] is None for r in rows), 'something was stored from a broken file'"

expect_exit 0 "$ASH" assess import acme answers.csv --by tester --date "$today"
grep -q "imported .* answers for site sg-hub: assessment A1 (csf-2.0 full" "$TMP/out" || { cat "$TMP/out"; fail "import summary"; }
if LC_ALL=C grep -q $'\033' "$TMP/out" "$TMP/err"; then fail "raw ESC on the terminal"; fi
# the same file again is a second assessment (the trend has something to compare)
expect_exit 0 "$ASH" assess import acme answers.csv --by tester --date "$today"

# jp-hq answers the quick check by script, from the ja CSV
python3 - acme/forms/jp-hq-quick.csv quick.csv "$today" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
for i, r in enumerate(rows):
    r["level"] = str(3 + i % 2); r["evidence"] = "内部監査報告書"; r["evidence_date"] = sys.argv[3]
    r["source"] = "internal"
w = csv.DictWriter(open(sys.argv[2], "w", encoding="utf-8", newline=""), fieldnames=rows[0].keys())
w.writeheader(); w.writerows(rows)
PY
expect_exit 0 "$ASH" assess import acme quick.csv --by tester
grep -q "quick check" "$TMP/out" || fail "quick import not marked quick"

# show: JSON Lines checked against the formulas, recomputed from the CSVs
"$ASH" assess show acme --format json > show.json
python3 - show.json answers.csv quick.csv "$today" <<'PY'
import csv, json, sys, datetime
rows = [json.loads(l) for l in open(sys.argv[1])]
today = datetime.date.fromisoformat(sys.argv[4])
def eff(r):
    lv = r["level"]
    if lv in ("", "n/a"): return None
    e = float(lv)
    if e == 0: return 0.0
    if r["source"] in ("self", ""): e *= 0.8
    d = r["evidence_date"]
    if not d or (today - datetime.date.fromisoformat(d)).days > 365: e *= 0.75
    if not r["evidence"] and not r["evidence_ref"]: e *= 0.6
    c = r["coverage"].rstrip("%")
    if c and int(c) < 100: e *= int(c) / 100
    return e
def scores(path):
    per = {}
    for r in csv.DictReader(open(path, encoding="utf-8-sig", newline="")):
        v = eff(r)
        if v is not None: per.setdefault(r["id"][:2], []).append(v)
    return {f: sum(v) / len(v) for f, v in per.items()}
want = {"sg-hub": scores(sys.argv[2]), "jp-hq": scores(sys.argv[3])}
weights = {"jp-hq": 5.0, "sg-hub": 2.0}
site = {(r["site"], r["function"]): r for r in rows if r["scope"] == "site"}
org = {r["function"]: r for r in rows if r["scope"] == "org"}
for s, fs in want.items():
    for f, v in fs.items():
        got = site[(s, f)]["score"]
        assert abs(got - v) < 0.002, (s, f, got, v)
    tot = sum(fs.values()) / len(fs)
    assert abs(site[(s, "total")]["score"] - tot) < 0.002, (s, site[(s, "total")], tot)
for f in ("GV", "ID", "PR", "DE", "RS", "RC"):
    have = [(weights[s], want[s][f]) for s in want if f in want[s]]
    w = sum(a * b for a, b in have) / sum(a for a, _ in have)
    u = sum(b for _, b in have) / len(have)
    assert abs(org[f]["score"] - w) < 0.002 and abs(org[f]["unweighted"] - u) < 0.002, (f, org[f], w, u)
# the second import of the same answers: trend 0 against the first
assert all(abs(site[("sg-hub", f)]["previous"] - site[("sg-hub", f)]["score"]) < 1e-9
           for f in want["sg-hub"]), "previous assessment not the same answers"
assert site[("jp-hq", "GV")]["previous"] is None
print("show ok:", {f: round(org[f]["score"], 3) for f in org})
PY
"$ASH" assess show acme --gaps 5 --format csv > gaps.csv
[ "$(wc -l < gaps.csv)" -eq 6 ] || fail "--gaps 5 gave $(wc -l < gaps.csv) lines"
"$ASH" assess show acme --format table > table.txt
if LC_ALL=C grep -q $'\033' table.txt; then fail "raw ESC in the table"; fi

# the report in both languages
for lang in ja en; do
  expect_exit 0 "$ASH" assess report acme --lang $lang -o report-$lang.html
  check_html report-$lang.html
  grep -q '&lt;b&gt;Acme &amp; Co&lt;/b&gt;' report-$lang.html || fail "organisation name not escaped ($lang)"
  if grep -q '<b>Acme' report-$lang.html; then fail "raw organisation name ($lang)"; fi
  grep -q '田中 &lt;i&gt;\|Lim Wei Ling\|tester' report-$lang.html || fail "assessor missing ($lang)"
done
grep -q "拠点別・機能別の成熟度" report-ja.html || fail "ja report not in Japanese"
grep -q "Maturity by site and function" report-en.html || fail "en report not in English"
grep -q "weighted by criticality" report-en.html || fail "no weighted roll-up"
grep -q "Trend against the previous assessment" report-en.html || fail "no trend"
# default path when -o is not given
expect_exit 0 "$ASH" assess report acme
ls acme/reports/maturity-*-en.html >/dev/null || fail "no default report file"
echo "governance ok"
