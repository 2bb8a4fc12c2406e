# top by the record's strings on real vendor logs: `top CASE note/records`
# says how the PAN-OS sessions ended and `rule/bytes` which rule carried
# the traffic; every row equals what `query` finds with the same value, and
# the counts add up to the store.  Hostile rule text comes out escaped.
. "$(dirname "$0")/lib.bash"
need_shared firewall-samples-elastic
"$ASH" init c --site s --tz UTC >/dev/null
"$ASH" ingest c "$SHARED/data/firewall-samples-elastic/panos-traffic-excerpt.log" --format panos --year 2026 >/dev/null 2>&1
"$ASH" top c note/records --format json > notes.json
"$ASH" top c rule/bytes --format json > rules.json
python3 - notes.json rules.json "$ASH" c <<'PY'
import json, subprocess, sys
ash, case = sys.argv[3], sys.argv[4]
def q(filt):
    out = subprocess.run([ash, "query", case, filt, "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    return [json.loads(l) for l in out.splitlines() if l.strip()]
total = len(q("any"))
notes = [json.loads(l) for l in open(sys.argv[1])]
assert notes and sum(n["records"] for n in notes) == total, (notes, total)
named = [n for n in notes if n["note"] is not None]
assert {"aged-out", "tcp-fin"} <= {n["note"] for n in named}, notes
for n in named:
    rows = q('note "%s"' % n["note"])
    assert len(rows) == n["records"], (n, len(rows))
    assert sum((r["obytes"] or 0) + (r["rbytes"] or 0) for r in rows) == n["bytes"], n
rules = [json.loads(l) for l in open(sys.argv[2])]
assert sum(r["records"] for r in rules) == total, rules
vals = [r["bytes"] for r in rules]
assert vals == sorted(vals, reverse=True), vals
for r in rules:
    if r["rule"] is not None:
        assert len(q('rule "%s"' % r["rule"])) == r["records"], r
print("top strings ok:", len(named), "notes,", len(rules), "rules")
PY
# hostile rule text: terminal escapes and quotes do not reach the table raw
printf 'time,src,dst,rule\n2026-11-24 17:00:00,10.0.0.1,10.0.0.2,"ev\x1b[31mil ""x"""\n' > h.csv
"$ASH" ingest c h.csv --format csv --map 'time=time,src=src,dst=dst,rule=rule' >/dev/null
"$ASH" top c rule/records > table.txt
if grep -q $'\x1b' table.txt; then fail "escape byte in the table"; fi
grep -q 'ev' table.txt || fail "hostile rule missing: $(cat table.txt)"
"$ASH" top c rule/records --format json | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert any(r["rule"] and r["rule"].startswith("ev") and "\"x\"" in r["rule"] for r in rows), rows'
