# `make demo` tells the first part of the seed's story: the spike on the
# incident night is visible, the flooding host tops packets, and every
# record is accounted for.  Checked against truth.json, not hard-coded.
. "$(dirname "$0")/lib.bash"
root=$ROOT
DEMO_OUT="$TMP/demo" bash "$root/scripts/demo.sh" "$ASH" > demo.txt 2>&1 || { cat demo.txt; fail "demo failed"; }
grep -q "records .* = stored .* + rejected 0" demo.txt || fail "no accounting line"
grep -q "intact" demo.txt || fail "check did not run"
case="$TMP/demo/case"; truth="$TMP/demo/data/truth.json"
python3 - "$truth" "$ASH" "$case" <<'PY'
import json, subprocess, sys, statistics
truth = json.load(open(sys.argv[1])); ash, case = sys.argv[2], sys.argv[3]
def run(*a):
    out = subprocess.run([ash, *a], check=True, capture_output=True, text=True).stdout
    return [json.loads(l) for l in out.splitlines() if l.strip()]
inc = truth["incident"]
# hourly firewall records over the whole window: the incident hours stand out
rows = run("series", case, "records", "--step", "1h", "--format", "json", "format iptables")
assert all(set(r) == {"time", "records"} for r in rows), rows[0]
inc_hour = inc["start_utc"][:13] + ":00:00Z"
byh = {r["time"]: r["records"] for r in rows}
assert inc_hour in byh, (inc_hour, list(byh)[:3])
others = [v for t, v in byh.items() if t[11:13] == inc_hour[11:13] and t != inc_hour]
assert others, "no previous nights in the series"
assert byh[inc_hour] > 3 * statistics.median(others), (byh[inc_hour], others)
# the direct flood source tops packets that night
dos = truth["dos_source"][0]["host"]
top = run("top", case, "src/packets", "--format", "json", "--from", inc["start_utc"], "--to", inc["end_utc"])
assert set(top[0]) >= {"src", "bytes", "packets", "records"}, top[0]
assert top[0]["src"] == dos, (top[0], dos)
# JSON numbers agree with a query of the same records
q = run("query", case, "src host %s" % dos, "--format", "json", "--from", inc["start_utc"], "--to", inc["end_utc"])
pk = sum((r.get("opackets") or 0) + (r.get("rpackets") or 0) for r in q)
assert pk == top[0]["packets"], (pk, top[0]["packets"])
print("demo story ok:", inc_hour, byh[inc_hour], "vs median", statistics.median(others), "; top", dos)
PY
