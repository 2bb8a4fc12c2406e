# SPDX-License-Identifier: MIT
# report_case.bash: the seed story as a case, for the report_*.sh tests
# (sourced after lib.bash).  seed_case DIR generates a small seed
# scenario, ingests it, records the triage findings, states nine
# hypotheses - the two real problems (checked by the detectors' findings)
# and the local vendor's suspicions, the backup among them (checked by
# filters) - verifies them, and records actions.  Sets: case, truth,
# W0/W1 (the incident window from truth.json), DOS, NS, NTP, CTRL, UNK
# (addresses from truth.json).

seed_case() {
  local d=$1
  "$ASH" demo-data "$d/data" --seed "${SEED:-1}" --scale 0.1 --days 3 --quiet
  "$ASH" init "$d/c" --config "$d/data/case.yaml" >/dev/null
  "$ASH" ingest "$d/c" "$d/data/firewall.log" "$d/data/conn.log" >/dev/null
  case=$d/c truth=$d/data/truth.json
  eval "$(python3 - "$truth" <<'PY'
import json, sys, ipaddress
t = json.load(open(sys.argv[1]))
ip = lambda s: str(ipaddress.ip_address(s))   # only addresses reach the shell
refl = {r["service"]: ip(r["host"]) for r in t["reflectors"]}
unk = [ip(h["host"]) for h in t["not_in_inventory"]]
print("DOS=%s NS=%s NTP=%s CTRL=%s UNK=%s" % (ip(t["dos_source"][0]["host"]),
      refl["dns"], refl["ntp"], ip(t["controller"]), unk[0]))
print("W0=%s W1=%s" % (t["incident"]["start_utc"][:19] + "Z",
      t["incident"]["end_utc"][:19] + "Z"))
PY
)"
  "$ASH" triage "$case" --record >/dev/null
  local h=("$ASH" case hypothesize "$case")
  "$ASH" case person "$case" Aiko --role coordinator >/dev/null
  "$ASH" case person "$case" Lee --role site_contact --site sg-hub >/dev/null
  "$ASH" case observe "$case" "web02 sent a lot of traffic around 02:10" \
    --at "2026-11-25 02:10" --tz Asia/Singapore --by vendor >/dev/null
  "$ASH" case observe "$case" "本社で 03:15 に業務通信の停止を確認" \
    --at "2026-11-25 03:15" --tz Asia/Tokyo --by Aiko >/dev/null
  "${h[@]}" "web01 flooded an outside target" --verify "finding:dos_source:$DOS" --by Aiko >/dev/null
  "${h[@]}" "ns01 が DNS リフレクタとして悪用された" --verify "finding:reflector:$NS" --by Aiko >/dev/null
  "${h[@]}" "ntp01 answered NTP monlist for the victims" --verify "finding:reflector:$NTP" --by Aiko >/dev/null
  "${h[@]}" "several servers beacon to one controller" --verify "finding:infected_cluster" --by Aiko >/dev/null
  "${h[@]}" "a host outside the inventory is active" --verify "finding:unknown_asset:$UNK" --by Aiko >/dev/null
  "${h[@]}" "files01's big outbound traffic is data theft, not the backup" \
    --verify "src host 203.0.113.20 and not (dst host 198.18.5.10 and dst port 873)" --expect "bytes > 1G" --by Lee >/dev/null
  "${h[@]}" "web02 sent large volumes (vendor's report)" --verify "src host 203.0.113.11" --expect "bytes > 1G" --by Lee >/dev/null
  "${h[@]}" "mon01 scanned the DMZ" --verify "src host 10.99.0.10 and not dst port 10050" --expect "records > 0" --by Lee >/dev/null
  "${h[@]}" "admin01 fetched something from the controller" --verify "host 10.99.0.5 and host $CTRL" --expect "records > 0" --by Lee >/dev/null
  "$ASH" case verify "$case" --by Aiko >/dev/null
  "$ASH" case act "$case" "cut web01 off the internet" --host "$DOS" --by Lee \
    --at "2026-11-25 03:00" --tz Asia/Singapore >/dev/null
  "$ASH" case act "$case" "recursion turned off on ns01" --kind fix --host "$NS" --by Lee >/dev/null
}

# check_html FILE: well-formed (balanced tags), no script, no reference to
# anything outside the file.
check_html() {
  python3 - "$1" <<'PY'
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source"}
class P(HTMLParser):
    def __init__(s):
        super().__init__(convert_charrefs=True); s.stack = []; s.tags = {}
    def handle_starttag(s, tag, attrs):
        s.tags[tag] = s.tags.get(tag, 0) + 1
        assert tag != "script", "script element"
        for k, v in attrs:
            assert not k.startswith("on"), ("event handler", k)
            assert k not in ("src", "href", "xlink:href", "action", "srcset"), (tag, k, v)
            assert "url(" not in (v or ""), (tag, k, v)
        if tag not in VOID: s.stack.append((tag, s.getpos()))
    def handle_startendtag(s, tag, attrs):
        s.handle_starttag(tag, attrs)
        if tag not in VOID: s.stack.pop()
    def handle_endtag(s, tag):
        assert s.stack, ("unopened", tag, s.getpos())
        top, pos = s.stack.pop()
        assert top == tag, ("mismatch", top, pos, tag, s.getpos())
    def handle_data(s, d):
        pass
src = open(sys.argv[1], encoding="utf-8").read()   # valid UTF-8 or it raises
for bad in ("http://", "https://", "//fonts", "@import"):
    assert bad not in src.split("<body>")[0], ("head", bad)
p = P(); p.feed(src); p.close()
assert not p.stack, ("unclosed", p.stack[:5])
for t in ("html", "head", "body", "main", "h1", "h2"):
    assert t in p.tags, t
assert not any(ord(c) < 32 and c not in "\n\t" for c in src), "control byte"
print("ok", sys.argv[1], sum(p.tags.values()), "tags")
PY
}

# md_prose FILE: the Markdown without its fenced blocks
md_prose() { awk '/^```/{f=!f; next} !f' "$1"; }
