# SPDX-License-Identifier: MIT
# collect.sh: `ashiato collect` over loopback only (127.0.0.1): NetFlow v5
# and v9 datagrams sent by a small python3 sender (a v9 template in one
# interval, its data in a later one), then the softflowd v9 export
# capture replayed (when ../shared is present); SIGTERM stops it with
# everything committed; syslog+udp takes iptables lines; v9 data sent
# before its template (held across intervals until the template comes),
# data whose template never comes (rejected at SIGINT with the reason).
# Counts are checked in the store and in the status lines.
. "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null || skip "python3 not installed"
"$ASH" init c --site lab --tz UTC >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cat > send.py <<'PY'
import socket, struct, sys, time
port = int(sys.argv[1]); what = sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
def send(b):
    s.sendto(b, ("127.0.0.1", port)); time.sleep(0.002)
def v5(i):
    hdr = struct.pack(">HHIIIIBBH", 5, 1, 100000, 1764100000 + i, 0, i, 0, 0, 0)
    rec = struct.pack(">4s4s4sHHIIIIHHBBBBHHBBH", bytes([10, 0, 0, 1]),
                      bytes([192, 0, 2, i % 250 + 1]), bytes(4), 1, 2, 2, 100 + i,
                      90000, 99000, 40000 + i, 443, 0, 0x1b, 6, 0, 0, 0, 24, 24, 0)
    return hdr + rec
def v9_tpl(tid=300, src=42):
    fields = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 4), (2, 4)]
    body = struct.pack(">HH", tid, len(fields)) + b"".join(struct.pack(">HH", *f) for f in fields)
    fs = struct.pack(">HH", 0, 4 + len(body)) + body
    return struct.pack(">HHIIII", 9, 1, 5000, 1764100000, 1, src) + fs
def v9_data(n, tid=300, src=42, net=1):
    recs = b"".join(struct.pack(">4s4sHHBII", bytes([10, net, 0, 1]), bytes([198, 51, 100, k + 1]),
                                50000 + k, 53, 17, 1000 + k, 2) for k in range(n))
    pad = (-(4 + len(recs))) % 4
    fs = struct.pack(">HH", tid, 4 + len(recs) + pad) + recs + bytes(pad)
    return struct.pack(">HHIIII", 9, n, 5000, 1764100001, 2, src) + fs
if what == "v5":
    for i in range(50): send(v5(i))
elif what == "v9":  # one socket (templates are per source address+port)
    send(v9_tpl())
    time.sleep(0.8)  # the template's interval ends; its data comes later
    send(v9_data(5))
elif what == "late":  # data first, template intervals later, one socket
    send(v9_data(4, 301, 43, 2))
    time.sleep(0.8)
    send(v9_data(1, 302, 43, 3))  # template 302 never comes
    time.sleep(0.8)
    send(v9_tpl(301, 43))
elif what == "pcap":
    f = open(sys.argv[3], "rb"); g = f.read(24); n = 0
    while True:
        h = f.read(16)
        if len(h) < 16: break
        cap = struct.unpack("<IIII", h)[2]; pkt = f.read(cap)
        ihl = (pkt[14] & 15) * 4; send(pkt[14 + ihl + 8:]); n += 1
    print(n)
elif what == "syslog":
    for i in range(20):
        send(("Nov 26 01:00:%02d fw kernel: DROP IN=eth0 OUT= SRC=203.0.113.%d DST=192.0.2.1 "
              "LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=4444 DPT=22 WINDOW=1 RES=0x00 SYN URGP=0\n"
              % (i, i + 1)).encode())
PY

wait_for() { # FILE TEXT: up to 10 s
  for _ in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  cat "$1"; fail "timed out waiting for '$2'"
}

# what a crash leaves in the spool: a complete interval file (ingested at
# start) and a half-written one (dropped)
mkdir -p c/collect
left=0
v5cap="${ASH_SHARED:-$ROOT/../shared}/data/derived-netflow-softflowd/export-pcap/beacon-test-cc-1.v5.pcap"
[ -f "$v5cap" ] && { cp "$v5cap" c/collect/interval-1-000001.pcap; left=594; }
echo partial > c/collect/interval-1-000002.pcap.tmp
"$ASH" collect c --listen "udp://127.0.0.1:$port" --interval 300ms 2> col.err &
pid=$!
wait_for col.err "listening on"
python3 send.py "$port" v5
python3 send.py "$port" v9
n_pcap=0
pcap="${ASH_SHARED:-$ROOT/../shared}/data/derived-netflow-softflowd/export-pcap/beacon-test-cc-1.v9.pcap"
[ -f "$pcap" ] && n_pcap=$(python3 send.py "$port" pcap "$pcap")
sleep 0.5
kill -TERM "$pid"
wait "$pid" || { cat col.err; fail "collect exited $?"; }
cat col.err
grep -q "interval [0-9]*: " col.err || fail "no status lines"
want=$((left + 50 + 5 + (n_pcap > 0 ? 594 : 0)))
total=$(store_records c)
[ "$total" = "$want" ] || fail "store holds $total records, want $want"
"$ASH" query c "dst port 53 and src host 10.1.0.1" --format csv > v9.csv
[ $(($(wc -l < v9.csv) - 1)) = 5 ] || { cat v9.csv; fail "v9 data after its template's interval not decoded"; }
! grep -q "rejected [1-9]" col.err || fail "rejects in collect"
ls c/collect/ | grep -q . && fail "spool not emptied: $(ls c/collect)"
# every interval file is evidence, re-ingestable as netflow
ls c/evidence | grep -q . || fail "no evidence kept"

# syslog over UDP, format sniffed per interval
"$ASH" init s --site lab --tz UTC >/dev/null
"$ASH" collect s --listen "syslog+udp://127.0.0.1:$port" --interval 300ms --year 2026 2> sl.err &
pid=$!
wait_for sl.err "listening on"
python3 send.py "$port" syslog
sleep 0.5
kill -INT "$pid"
wait "$pid" || { cat sl.err; fail "collect (syslog) exited $?"; }
cat sl.err
total=$(store_records s)
[ "$total" = 20 ] || fail "syslog: store holds $total records, want 20"
grep -q "iptables" sl.err || fail "syslog format not sniffed as iptables"

# v9 data before its template: held back over intervals until the
# template comes, then committed; data whose template never comes is
# committed at SIGINT as a reject with the reason
"$ASH" init l --site lab --tz UTC >/dev/null
"$ASH" collect l --listen "udp://127.0.0.1:$port" --interval 300ms 2> late.err &
pid=$!
wait_for late.err "listening on"
python3 send.py "$port" late
sleep 0.5
kill -INT "$pid"
wait "$pid" || { cat late.err; fail "collect (late) exited $?"; }
cat late.err
grep -q "held for the next interval" late.err || fail "data before its template not held"
total=$(store_records l)
[ "$total" = 4 ] || fail "late: store holds $total records, want 4"
"$ASH" query l "src host 10.2.0.1 and dst port 53" --format csv > late.csv
[ $(($(wc -l < late.csv) - 1)) = 4 ] || { cat late.csv; fail "v9 data before its template not decoded"; }
[ "$(grep -c 'rejected 1 ' late.err)" = 1 ] || fail "want one reject (the template that never came)"
grep -q "template 302 of exporter 127.0.0.1 domain 43: its template never came" l/store/rejects/*.tsv ||
  { cat l/store/rejects/*.tsv; fail "reason of the never-matched data set"; }
