# SPDX-License-Identifier: MIT
# scripts/eval.py scores honestly: findings made from truth.json itself (an
# oracle) pass every target; dropping one, blaming a benign host or
# breaking the JSON contract fails the run, each with its reason.  Needs
# no triage: the findings are written here.
. "$(dirname "$0")/lib.bash"
root=$ROOT
mkdir -p ev
for k in 0 18; do  # 18: three reflections on three services, backups
  "$ASH" demo-data "gen$k" --variant $k --scale 0.01 --quiet
  mkdir -p ev/v$k
  cp gen$k/truth.json ev/v$k/
  echo 0 > ev/v$k/triage.rc; echo 0.5 > ev/v$k/triage.seconds
  printf 'x.log: iptables\n  records 10 = stored 10 + rejected 0\n' > ev/v$k/ingest.txt
done
python3 - ev <<'PY'
import json, sys
base = sys.argv[1]
def f(i, kind, verdict, hosts, peers=(), filt="any"):
    return {"id": "F%d" % i, "kind": kind, "verdict": verdict, "site": "s",
            "hosts": list(hosts), "peers": list(peers), "start": "2026-11-24T17:00:00Z",
            "end": "2026-11-24T18:00:00+08:00", "score": 0.9, "summary": "s", "why": "w",
            "evidence": {"filter": filt, "records": 1, "packets": 2, "bytes": 3}}
for k in ("0", "18"):
    t = json.load(open("%s/v%s/truth.json" % (base, k)))
    out, i = [], 0
    for d in t["dos_source"]:
        out.append(f(i, "dos_source", "malicious", [d["host"]], [d["target"]])); i += 1
    for r in t["reflectors"]:  # one finding per service, its port in the filter
        out.append(f(i, "reflector", "malicious", [r["host"]], r["victims"],
                     "dst host %s and proto udp and src port %d" % (r["host"], r["port"]))); i += 1
    inf = [x["host"] for x in t["infected"]]
    out.append(f(i, "infected_cluster", "malicious", inf, [t["controller"]])); i += 1
    for x in t["not_in_inventory"]:
        out.append(f(i, "unknown_asset", "suspicious", [x["host"]])); i += 1
    for x in t["backup"]:
        out.append(f(i, "periodic_transfer", "benign", [x["host"]], [x["peer"]])); i += 1
    for x in t["benign"][:2]:  # suspicious on a benign host is allowed
        out.append(f(i, "traffic_spike", "suspicious", [x["host"]])); i += 1
    with open("%s/v%s/findings.jsonl" % (base, k), "w") as fh:
        for o in out:
            fh.write(json.dumps(o) + "\n")
PY
python3 "$root/scripts/eval.py" ev 0 18 > perfect.txt || { cat perfect.txt; fail "oracle findings did not pass"; }
grep -q "eval PASSED" perfect.txt || fail "no PASSED line"
python3 - ev/results.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["ok"] is True, r["targets"]
for k in ("dos_source", "reflector", "infected_cluster", "unknown_asset", "periodic_transfer"):
    assert r["kinds"][k]["recall"] in (1.0, None), (k, r["kinds"][k])
    assert r["kinds"][k]["precision"] in (1.0, None), (k, r["kinds"][k])
assert r["kinds"]["reflector"]["truth"] >= 3, r["kinds"]["reflector"]
assert [v["variant"] for v in r["variants"]] == [0, 18]
PY
cp ev/v18/findings.jsonl good.jsonl

# a reflection missed: the reflector finding of one service names another port
python3 - ev/v18/findings.jsonl <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
r = next(x for x in rows if x["kind"] == "reflector")
r["evidence"]["filter"] = r["evidence"]["filter"].rsplit(" ", 1)[0] + " 7"
open(sys.argv[1], "w").write("".join(json.dumps(x) + "\n" for x in rows))
PY
expect_exit 1 python3 "$root/scripts/eval.py" ev 0 18
grep -q "reflector recall .*FAIL" "$TMP/out" || { cat "$TMP/out"; fail "missed reflection not reported"; }
grep -qE "^  v18 +reflector" "$TMP/out" || fail "miss not listed"

# a benign host called malicious
cp good.jsonl ev/v18/findings.jsonl
python3 - ev <<'PY'
import json, sys
t = json.load(open(sys.argv[1] + "/v18/truth.json"))
h = t["benign"][0]["host"]
with open(sys.argv[1] + "/v18/findings.jsonl", "a") as fh:
    fh.write(json.dumps({"id": "F99", "kind": "beacon", "verdict": "malicious", "site": "s",
        "hosts": [h], "peers": [], "start": "2026-11-24T17:00:00Z", "end": "2026-11-24T17:00:00Z",
        "score": 1, "summary": "wrong", "why": "w",
        "evidence": {"filter": "host " + h, "records": 1, "packets": 1, "bytes": 1}}) + "\n")
PY
expect_exit 1 python3 "$root/scripts/eval.py" ev 0 18
grep -q "benign hosts with a malicious verdict *1 *FAIL" "$TMP/out" || { cat "$TMP/out"; fail "benign failure not counted"; }

# the contract: a finding without evidence, a line that is not JSON
cp good.jsonl ev/v18/findings.jsonl
echo '{"id": "F1", "kind": "dos_source", "verdict": "malicious"}' >> ev/v18/findings.jsonl
echo 'not json' >> ev/v18/findings.jsonl
expect_exit 1 python3 "$root/scripts/eval.py" ev 0 18
grep -q "findings breaking the JSON contract *2 *FAIL" "$TMP/out" || { cat "$TMP/out"; fail "contract errors not counted"; }

# triage that failed
cp good.jsonl ev/v18/findings.jsonl
echo 3 > ev/v18/triage.rc
expect_exit 1 python3 "$root/scripts/eval.py" ev 0 18
grep -q "variants where triage failed *1 *FAIL" "$TMP/out" || fail "failed triage not counted"
echo "scorer ok"
