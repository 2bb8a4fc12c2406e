# SPDX-License-Identifier: MIT
# demo-data --variant: variant 0 is the seed story byte for byte (SHA-256
# taken before variants existed, commit 316db69); a variant is the same
# for the same (K, seed) and another for another seed; its files ingest
# with zero rejects into a case made from its own case.yaml; bad values
# are usage errors.
. "$(dirname "$0")/lib.bash"
"$ASH" demo-data v0 --variant 0 --scale 0.05 --days 2 --quiet
"$ASH" demo-data plain --scale 0.05 --days 2 --quiet
(cd v0 && sha256sum firewall.log conn.log case.yaml truth.json) > v0.sum
cat > want.sum <<'EOF'
cc3683d8041c6de7145301e25836e3c48058c21c2c4f8e12884c2183ba5cbce5  firewall.log
ed27a05a93e9ce4734ed547ea384adda97754c73bea7eb3577fa41f9dd0f2251  conn.log
b4fe5470b06e82fcb7a23ad69e72d5eabe1eaef6e9e7289d4877ec8fc2771bc8  case.yaml
950e9f1f92bfa6f73265731035cefba2e02de9634bd6baa746d56b3c40349b01  truth.json
EOF
diff want.sum v0.sum || fail "variant 0 is no longer the seed story"
for f in firewall.log conn.log case.yaml truth.json; do
  cmp -s v0/$f plain/$f || fail "--variant 0 differs from no --variant: $f"
done

"$ASH" demo-data a --variant 11 --seed 4 --scale 0.02 > a.txt
"$ASH" demo-data b --variant 11 --seed 4 --scale 0.02 --quiet
"$ASH" demo-data c --variant 11 --seed 5 --scale 0.02 --quiet
grep -q "variant 11: " a.txt || { cat a.txt; fail "no variant line"; }
for f in firewall.log conn.log case.yaml truth.json; do
  cmp -s a/$f b/$f || fail "same variant and seed, different $f"
done
cmp -s a/conn.log c/conn.log && fail "another seed, same conn.log"
python3 - a/truth.json <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
assert t["variant"] == 11 and t["variant_seed"] == 4, (t["variant"], t["variant_seed"])
assert t["site"]["timezone"] != "Asia/Singapore" or t["site"]["name"] != "sg-hub"
for k in ("dos_source", "reflectors", "infected", "backup", "benign", "not_in_inventory",
          "hard_benign", "controller", "incident", "window", "hosts"):
    assert k in t, k
assert 2 <= len(t["infected"]) <= 4
PY
"$ASH" init case --config a/case.yaml > /dev/null
"$ASH" ingest case a/firewall.log a/conn.log > ingest.txt
[ "$(grep -c '+ rejected 0' ingest.txt)" -eq 2 ] || { cat ingest.txt; fail "rejects"; }
expect_exit 2 "$ASH" demo-data x --variant -1
expect_exit 2 "$ASH" demo-data x --variant abc
"$ASH" demo-data --help | grep -q -- "--variant K" || fail "--variant not in help"
echo "variants ok"
