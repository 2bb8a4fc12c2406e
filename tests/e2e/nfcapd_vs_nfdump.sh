# SPDX-License-Identifier: MIT
# nfcapd files ingested by ashiato give the same flows as `nfdump -r FILE
# -o csv` on the same files: every flow of the real samples in ../shared
# (nfdump 1.7 files from softflowd exports, the 1.6 Stratosphere file),
# auto-detected, no reject; also after nfdump recompresses a file with
# LZ4 and BZ2, and a gzip-wrapped file.
. "$(dirname "$0")/lib.bash"
need_shared derived-netflow-softflowd
need_shared stratosphere-slips
command -v nfdump >/dev/null || skip "nfdump command not installed"
command -v python3 >/dev/null || skip "python3 not installed"

# same_flows CASE FILE: the case's records == nfdump's flows of FILE,
# compared as multisets of (start second, addresses, ports, proto,
# packets, bytes in both directions).
same_flows() {
  "$ASH" query "$1" --format csv > ash.csv
  TZ=UTC nfdump -q -N -r "$2" -o csv > nfd.csv
  python3 - ash.csv nfd.csv <<'EOF'
import csv, sys
from collections import Counter
def num(v): return 0 if v in ('-', '') else int(v)
a = Counter()
for r in csv.DictReader(open(sys.argv[1])):
    dp = r['dport']
    if '/' in dp:                      # ICMP type/code
        t, c = dp.split('/'); dp = str(int(t) * 256 + int(c))
    a[(r['start'][:19].replace('T', ' '), r['src'], num(r['sport']), r['dst'],
       num(dp), r['proto'].upper(), num(r['opackets']), num(r['obytes']),
       num(r['rpackets']), num(r['rbytes']))] += 1
names = {'ICMP6': 'IPV6-ICMP'}
n = Counter()
for f in csv.reader(open(sys.argv[2])):
    if len(f) < 15: continue
    pr = f[7].upper()
    sp, dp = int(f[5]), int(f[6])
    if pr not in ('TCP', 'UDP', 'SCTP', 'ICMP', 'ICMP6'):
        sp = dp = 0
    if pr in ('ICMP', 'ICMP6'):
        sp = 0
    n[(f[0], f[3], sp, f[4], dp, names.get(pr, pr), int(f[11]), int(f[12]),
       int(f[13]), int(f[14]))] += 1
if a != n:
    d1, d2 = a - n, n - a
    print('only in ashiato:', list(d1.items())[:3])
    print('only in nfdump :', list(d2.items())[:3])
    sys.exit(1)
print('flows match:', sum(a.values()))
EOF
}

# ingest_one CASE FILE [REF]: ingest FILE into a new CASE; check the
# accounting and that it stored as many flows as nfdump reads from REF
# (default FILE).
ingest_one() {
  "$ASH" init "$1" --site lab --tz UTC >/dev/null
  "$ASH" ingest "$1" "$2" > out
  grep -q ": nfcapd (detected" out || { cat out; fail "$2 not detected as nfcapd"; }
  [ "$(acct rejected out)" = 0 ] || { cat out; fail "$2: rejects"; }
  want=$(nfdump -q -r "${3:-$2}" -o csv | wc -l)
  stored=$(sed -nE 's/^ *records stored ([0-9]+).*/\1/p' out)
  [ "$stored" = "$want" ] || { cat out; fail "$2: stored $stored != nfdump's $want"; }
  [ "$(store_records "$1")" = "$want" ] || fail "$1: store holds $(store_records "$1")"
}

i=0
for f in "$SHARED"/data/derived-netflow-softflowd/nfcapd/*.nfcapd \
         "$SHARED"/data/stratosphere-slips/test1-malicious.nfdump; do
  i=$((i + 1))
  ingest_one "c$i" "$f"
  same_flows "c$i" "$f" || fail "$(basename "$f"): flows differ from nfdump"
done
[ "$(store_records c$i)" = 4593 ] || fail "test1-malicious: not 4,593 flows (SOURCE.md)"

# recompressed by nfdump itself, and gzip-wrapped evidence
src="$SHARED/data/derived-netflow-softflowd/nfcapd/amp-snmp.ipfix.nfcapd"
v1="$SHARED/data/stratosphere-slips/test1-malicious.nfdump"
nfdump -r "$src" -y -w lz4.nfcapd >/dev/null
nfdump -r "$v1" -j -w bz2.nfcapd >/dev/null
gzip -c "$src" > gz.nfcapd.gz
ingest_one l lz4.nfcapd
same_flows l "$src" || fail "LZ4 rewrite: flows differ"
ingest_one b bz2.nfcapd
same_flows b "$v1" || fail "BZ2 rewrite of the 1.6 file: flows differ"
ingest_one g gz.nfcapd.gz "$src"
same_flows g "$src" || fail "gzip-wrapped file: flows differ"
echo "nfcapd: all files match nfdump"
