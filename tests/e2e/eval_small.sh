# SPDX-License-Identifier: MIT
# `make eval` in small: three scenario variants at a tiny scale through
# the same scripts/eval.sh and eval.py: the seed story (0), a DST change
# in Europe/Berlin with two SYN floods and reflection through DNS and SNMP
# (16), and Asia/Kathmandu (+05:45) with every hard benign case: a big
# download, jittered SaaS agents, a busy DNS server (15).  Every target
# of docs/EVALUATION.md must hold.
. "$(dirname "$0")/lib.bash"
root=$ROOT
"$ASH" triage --help >/dev/null 2>&1 || skip "'ashiato triage' is not a command yet"
set +e
EVAL_VARIANTS="0 16 15" EVAL_SCALE=0.02 EVAL_OUT="$TMP/ev" EVAL_WORK="$TMP/work" \
  bash "$root/scripts/eval.sh" "$ASH" > eval.txt 2>&1
rc=$?
set -e
[ -f "$TMP/ev/results.json" ] || { cat eval.txt; fail "no results.json (exit $rc)"; }
python3 - "$TMP/ev/results.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert [v["variant"] for v in r["variants"]] == [0, 16, 15], r["variants"]
for v in r["variants"]:
    assert v["triage_rc"] in ("0", "1"), v
    assert v["rejected"] == 0 and v["records"] > 10000, v
    assert v["kinds"]["infected_cluster"]["truth"] >= 2, v
assert r["contract_errors"] == [], r["contract_errors"][:3]
assert {h["case"] for h in r["hard_benign"]} >= {"busy_dns", "saas_poll", "big_download"}
PY
[ "$rc" -eq 0 ] || { cat eval.txt; fail "eval targets failed (exit $rc)"; }
grep -q "eval PASSED" eval.txt || fail "no PASSED line"
tail -3 eval.txt
