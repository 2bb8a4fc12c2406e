# Text from logs and people is attacker-controlled: markup, quotes, ANSI
# escape sequences, invalid UTF-8, link bait and 100 KB strings in the
# case name, inventory, evidence file name, people, observations,
# hypotheses, actions and the close reason.  The HTML and Markdown
# reports stay inert (no element, attribute, link or control byte comes
# from them) and intact (the text is all there, escaped), and so does
# what the command prints on the terminal.
. "$(dirname "$0")/lib.bash"
. "$ROOT/tests/e2e/report_case.bash"
esc=$'\033'
cat > case.yaml <<'YAML'
case: "<script>alert('case')</script>\e[2J \"q\""
sites:
  - name: sg-hub
    timezone: Asia/Singapore
    language: ja
    networks:
      - {cidr: 203.0.113.0/24, zone: dmz}
inventory:
  - {ip: 203.0.113.5, name: "<img src=x onerror=alert(1)>\e]0;pwn\a", site: sg-hub}
YAML
"$ASH" init c --config case.yaml >/dev/null
evil="ev<b>il\"'${esc}[31m.log"
{
  printf 'Nov 24 17:02:11 fw kernel: \033[31m<script>alert(1)</script> IN=eth0 OUT= SRC=192.0.2.1 DST=203.0.113.5 LEN=60 PROTO=TCP SPT=1 DPT=22 SYN\n'
  printf 'Nov 24 17:02:12 fw kernel: \xff\xfe IN=eth0 OUT= SRC=192.0.2.2 DST=203.0.113.5 LEN=60 PROTO=UDP SPT=1 DPT=53 LEN=40\n'
} > "$evil"
"$ASH" ingest c "$evil" --year 2026 >/dev/null
"$ASH" triage c --record >/dev/null 2>&1
long="LONG-START $(head -c 3000 /dev/zero | tr '\0' 'x' | sed 's/x/<i>\x1b[1m"'"'"'|*_`[a](http:\/\/e.example) /g' | head -c 100000) LONG-END"
who='<img src=x onerror=alert(2)>'
"$ASH" case observe c "$long" --by "$who" --at "2026-11-25 01:02" --tz Asia/Tokyo --host 203.0.113.5 >/dev/null
"$ASH" case observe c $'bad \xff\xfe utf-8 \xc3( and \u202e override and \a bell' --by "${esc}[2Jclear" >/dev/null
"$ASH" case hypothesize c $'claim <script>alert("h")</script> \033]8;;http://evil.example\033\\\\link\033]8;;\033\\\\' \
  --verify "src host 192.0.2.1" --expect "records >= 1" --by "$who" >/dev/null
"$ASH" case hypothesize c 'open one: <svg onload=alert(3)>' --verify "src host 192.0.2.9" --expect "records >= 1" >/dev/null
"$ASH" case verify c 1 >/dev/null
"$ASH" case act c $'cut <u>it</u> off\n- [x](javascript:alert(4))\n# heading?' --host 203.0.113.5 --by "$who" >/dev/null
"$ASH" case close c --force --reason $'<script>alert("close")</script>\033[5m blink' --by "$who" >/dev/null

out="$TMP/r${esc}[31m<x>.html"
for lang in ja en; do
  expect_exit 0 "$ASH" report c --lang $lang -o "$out" --from 2026-11-24T17:00Z --to 2026-11-24T18:00Z
  if LC_ALL=C grep -q "$esc" "$TMP/out" "$TMP/err"; then fail "raw ESC on the terminal"; fi
  grep -qF 'r\x1b[31m<x>.html' "$TMP/out" || fail "path not printed escaped: $(cat "$TMP/out")"
  cp "$out" "r-$lang.html"
  check_html "r-$lang.html"
  "$ASH" report c --lang $lang --format md -o "r-$lang.md" >/dev/null
  "$ASH" report c --lang $lang --format md -o - > "s-$lang.md"
done
python3 - r-en.html r-ja.html r-en.md r-ja.md s-en.md <<'PY'
import sys, re, html
for path in sys.argv[1:]:
    raw = open(path, "rb").read()
    s = raw.decode("utf-8")                     # valid UTF-8
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]", s), path
    assert s.count("LONG-START") == 1 and s.count("LONG-END") == 1, path
    md = path.endswith(".md")
    if md:
        prose = re.sub(r"^```.*?^```", "", s, flags=re.S | re.M)
        assert "<" not in prose, (path, prose[prose.index("<") - 80:][:160])
        assert "http://" not in prose and "](" not in prose.replace("\\](", ""), path
        assert prose.count("&lt;i&gt;\\x1b\\[1m") >= 2500, path   # intact, escaped
        assert "\\- \\[x\\](javascript:alert(4))" in prose or "\\- \\[x\\]" in prose, path
    else:
        text = html.unescape(re.sub(r"<[^>]+>", "", s))
        for needle in ("<script>alert(\"h\")</script>", "<img src=x onerror=alert(2)>",
                       "<script>alert(\"close\")</script>\\x1b[5m blink", "\\u202e override",
                       "bad \ufffd\ufffd utf-8 \ufffd( and", "<svg onload=alert(3)>",
                       "\\x1b]8;;http://evil.example\\x1b\\\\link"):
            assert needle in text, (path, needle)
        assert text.count('<i>\\x1b[1m"\'|*_`[a](http://e.example)') >= 2500, path
        assert "<script" not in s and "<img" not in s and "<svg onload" not in s, path
        assert "ev<b>il\"'\\x1b[31m.log" in text, "evidence name"
print("hostile text inert and intact in", len(sys.argv) - 1, "files")
PY
