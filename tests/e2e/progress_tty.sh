# A progress bar (bytes, rate, ETA) is drawn on standard error when it is
# a terminal, and nothing when it is not.
. "$(dirname "$0")/lib.bash"
command -v script >/dev/null || skip "script(1) not installed"
"$ASH" demo-data gen --seed 2 --scale 3 --quiet >/dev/null
"$ASH" init c --config gen/case.yaml >/dev/null
"$ASH" init d --config gen/case.yaml >/dev/null
# under script(1) stderr is a pseudo-terminal
script -qec "$ASH ingest c gen/firewall.log" /dev/null > tty.out
grep -q 'parsing).*ETA' tty.out || { cat -v tty.out | head; fail "no progress bar on a terminal"; }
grep -q 'records [0-9]* = stored' tty.out || fail "no accounting on a terminal"
# not a terminal: no bar, stderr empty
"$ASH" ingest d gen/firewall.log > plain.out 2> plain.err
[ ! -s plain.err ] || { cat plain.err; fail "stderr not silent when not a terminal"; }
if grep -q 'ETA' plain.out; then fail "progress bar in data output"; fi
