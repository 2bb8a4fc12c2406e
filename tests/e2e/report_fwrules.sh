# The report's firewall rules really apply: on the seed case, the iptables and nftables blocks of the
# Markdown report are run in a private network namespace, isolate the
# flooding host and the hosts sharing the controller, block the
# controller, keep the management network's way in, and their undo
# commands leave no trace.  Needs root, unshare, iptables and nft.
. "$(dirname "$0")/lib.bash"
. "$ROOT/tests/e2e/report_case.bash"
for t in unshare iptables nft; do
  command -v $t >/dev/null || skip "$t not installed: rules not applied"
done
unshare -n true 2>/dev/null || skip "cannot make a network namespace (unshare -n): rules not applied"
seed_case "$TMP/s"
"$ASH" report "$case" --lang en --format md -o r.md >/dev/null
block() { awk -v start="$1" -v end="$2" '$0 ~ start {f=1} f {print} f && $0 ~ end {exit}' r.md; }
block '^iptables -N ASHIATO-IR' '^iptables -I OUTPUT' > ipt.sh
block '^iptables -D FORWARD' '^iptables -X' > ipt-undo.sh
block '^nft -f - <<' '^EOF$' > nft.sh
block '^nft delete table' '^nft delete table' > nft-undo.sh
[ -s ipt.sh ] && [ -s nft.sh ] || fail "no rules in the report"
# only commands of the expected shape
if grep -vE '^(ip6?tables -[NAIDFX] (ASHIATO-IR|FORWARD|INPUT|OUTPUT)( .*)?)$' ipt.sh ipt-undo.sh; then
  fail "unexpected line in the iptables rules"
fi
grep -q -- "-s $DOS -j DROP" ipt.sh || fail "flooding host not isolated"
grep -q -- "-d $CTRL -j DROP" ipt.sh || fail "controller not blocked"
grep -q -- "-s $UNK -j DROP" ipt.sh || fail "unlisted infected host not isolated"
unshare -n bash -euo pipefail -c '
  bash ipt.sh
  iptables -S ASHIATO-IR > applied.txt
  iptables -S FORWARD | grep -q -- "-A FORWARD -j ASHIATO-IR"
  bash ipt-undo.sh
  ! iptables -S 2>/dev/null | grep -q ASHIATO
  bash nft.sh
  bash nft.sh            # applying again replaces the table
  nft list table inet ashiato_ir > nft.txt
  bash nft-undo.sh
  ! nft list tables | grep -q ashiato_ir
'
grep -q -- "-A ASHIATO-IR -s $DOS/32 -j DROP" applied.txt || { cat applied.txt; fail "iptables did not take the isolation"; }
grep -q -- "-A ASHIATO-IR -s 10.99.0.0/24 -d $DOS/32 -j RETURN" applied.txt || fail "management network not kept"
grep -q "$CTRL" nft.txt || fail "nftables set without the controller"
echo "rules applied and undone in a private network namespace"
