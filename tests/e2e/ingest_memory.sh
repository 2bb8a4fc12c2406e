# Ingest memory stays bounded whatever the input size: 140+ MB of logs
# (and by extension the 2+ GB logs of `make bench`, see BENCHMARKS.md)
# is ingested in well under 256 MB of resident memory.
. "$(dirname "$0")/lib.bash"
case "$ASH" in *asan*) skip "resident memory is not meaningful under ASan";; esac
[ -x /usr/bin/time ] || skip "/usr/bin/time missing (scripts/deps installs 'time')"
"$ASH" demo-data gen --seed 5 --scale 4 --quiet >/dev/null
size=$(stat -c %s gen/firewall.log)
[ "$size" -gt 100000000 ] || fail "input too small: $size bytes"
"$ASH" init c --config gen/case.yaml >/dev/null
/usr/bin/time -f '%M' -o rss "$ASH" ingest c gen/firewall.log gen/conn.log >/dev/null
kb=$(tail -1 rss)
echo "peak RSS ${kb} kB for $((size / 1000000)) MB firewall.log + conn.log"
[ "$kb" -lt 262144 ] || fail "peak RSS ${kb} kB >= 256 MB"
