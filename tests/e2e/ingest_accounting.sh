# Every line is accounted for: lines = records + header/comment lines,
# records = stored + rejected; rejects keep line number and reason; the
# same content twice is a no-op that says so; gzip, zstd and stdin work.
. "$(dirname "$0")/lib.bash"
"$ASH" init c --site sg-hub --tz Asia/Singapore --net 203.0.113.0/24=dmz >/dev/null
{
  for i in $(seq 1 50); do
    echo "Nov 24 17:02:$(printf %02d $((i % 60))) fw1 kernel: [12345.$i] FW-DROP IN=eth0 OUT= MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 SRC=198.51.100.$i DST=203.0.113.10 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=$i DF PROTO=TCP SPT=$((40000 + i)) DPT=22 WINDOW=29200 RES=0x00 SYN URGP=0"
  done
  echo "Nov 24 17:03:00 fw1 kernel: [12346.0] usb 1-1: new high-speed USB device number 2"
  echo "Nov 24 17:03:01 fw1 kernel: [12346.1] FW-DROP IN=eth0 OUT= SRC=999.1.1.1 DST=203.0.113.10 LEN=60 PROTO=TCP SPT=1 DPT=22"
  printf 'Nov 24 17:03:02 fw1 kernel: FW-ACCEPT IN=eth1 OUT=eth0 SRC=203.0.113.10 DST=192.0.2.1 LEN=76 PROTO=UDP SPT=123 DPT=123 LEN=56 \033[31m<script>\n'
} > fw.log
expect_exit 0 "$ASH" ingest c fw.log
cat "$TMP/out"
grep -q "iptables (detected" "$TMP/out" || fail "format choice not reported"
lines=$(acct lines "$TMP/out"); records=$(acct records "$TMP/out")
stored=$(acct stored "$TMP/out"); rejected=$(acct rejected "$TMP/out")
[ "$lines" = 53 ] || fail "lines $lines != 53"
[ "$records" = 53 ] || fail "records $records != 53"
[ "$stored" = 51 ] || fail "stored $stored != 51"
[ "$rejected" = 2 ] || fail "rejected $rejected != 2"
[ $((stored + rejected)) = "$records" ] || fail "invariant broken"
rej=$(ls c/store/rejects/*.tsv)
grep -qP '^51\t' $rej || fail "reject of line 51 not kept"
grep -qP '^52\t' $rej || fail "reject of line 52 not kept"
[ "$(store_records c)" = 51 ] || fail "store holds $(store_records c) records"
# the evidence is kept under its hash, read-only
sha=$(sha256sum fw.log | cut -d' ' -f1)
cmp -s fw.log "c/evidence/$sha" || fail "evidence copy differs"
# again: a no-op that says so
expect_exit 0 "$ASH" ingest c fw.log
grep -q "already in the store" "$TMP/out" || fail "re-ingest not reported as no-op"
[ "$(store_records c)" = 51 ] || fail "re-ingest changed the store"
# the same content compressed is other evidence (other bytes), same records
gzip -c fw.log > fw.log.gz
zstd -q -c fw.log > fw.log.zst
expect_exit 0 "$ASH" ingest c fw.log.gz fw.log.zst
[ "$(store_records c)" = 153 ] || fail "gzip+zstd: store holds $(store_records c)"
# standard input
sed 's/FW-DROP/FW-REJECT/' fw.log | "$ASH" ingest c - --format iptables > out2
grep -q "stdin: iptables" out2 || fail "stdin not named"
[ "$(store_records c)" = 204 ] || fail "stdin: store holds $(store_records c)"
expect_exit 0 "$ASH" check c
