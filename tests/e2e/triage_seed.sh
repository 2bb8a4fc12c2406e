# triage on the seed scenario sorts the night as truth.json says: the
# flood source, both reflectors, the infected cluster with its controller,
# the host outside the inventory, the backup explained as benign, and no
# malicious verdict on a benign host.  Every finding's evidence filter,
# re-run with `ashiato top`, gives its numbers.
. "$(dirname "$0")/lib.bash"
"$ASH" demo-data data --quiet
"$ASH" init case --config data/case.yaml >/dev/null
"$ASH" ingest case data/firewall.log data/conn.log >/dev/null 2>&1
"$ASH" triage case --format json > f.jsonl 2> notes.txt
"$ASH" triage case --timings > table.txt 2> timings.txt
for s in survey dos_source beacon evidence; do
  grep -Eq "^triage: $s +[0-9]+\.[0-9]{3} s$" timings.txt || fail "--timings lacks $s: $(cat timings.txt)"
done
grep -q "dos_source" table.txt || fail "table lacks the flood"
grep -q "evidence: .* ashiato query case '" table.txt || fail "table lacks evidence commands"
python3 - data/truth.json f.jsonl "$ASH" case <<'PY'
import json, subprocess, sys
truth = json.load(open(sys.argv[1]))
fs = [json.loads(l) for l in open(sys.argv[2])]
ash, case = sys.argv[3], sys.argv[4]
keys = {"id", "kind", "verdict", "site", "hosts", "peers", "start", "end", "score", "summary", "evidence"}
for f in fs:
    assert keys <= set(f), f
    assert f["verdict"] in ("malicious", "suspicious", "benign"), f
    assert set(f["evidence"]) >= {"filter", "records", "packets", "bytes"}, f
def has(kind, host, verdict=None):
    return [f for f in fs if f["kind"] == kind and host in f["hosts"]
            and (verdict is None or f["verdict"] == verdict)]
for d in truth["dos_source"]:
    assert has("dos_source", d["host"], "malicious"), d
    assert d["target"] in has("dos_source", d["host"])[0]["peers"]
for r in truth["reflectors"]:
    f = has("reflector", r["host"], "malicious")
    assert f, r
    assert set(r["victims"]) <= set(f[0]["peers"]), (r["victims"], f[0]["peers"])
inf = {i["host"] for i in truth["infected"]}
cl = [f for f in fs if f["kind"] == "infected_cluster" and f["verdict"] == "malicious"]
assert any(inf <= set(f["hosts"]) and truth["controller"] in f["peers"] for f in cl), cl
for n in truth["not_in_inventory"]:
    assert has("unknown_asset", n["host"]), n
for b in truth["backup"]:
    assert has("periodic_transfer", b["host"], "benign"), b
for b in truth["benign"]:
    bad = [f for f in fs if b["host"] in f["hosts"] and f["verdict"] == "malicious"]
    assert not bad, (b, bad)
order = [f["verdict"] for f in fs]
assert order == sorted(order, key=["malicious", "suspicious", "benign"].index), order
# evidence reproduces: the same filter through `top` gives the same sums
for f in fs:
    out = subprocess.run([ash, "top", case, "proto/records", f["evidence"]["filter"],
                          "--limit", "0", "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    rows = [json.loads(l) for l in out.splitlines() if l.strip()]
    got = {k: sum(r[k] for r in rows) for k in ("records", "packets", "bytes")}
    want = {k: f["evidence"][k] for k in ("records", "packets", "bytes")}
    assert got == want, (f["id"], f["kind"], got, want)
print("triage seed ok:", len(fs), "findings")
PY
