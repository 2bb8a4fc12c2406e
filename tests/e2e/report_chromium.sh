# The HTML report rendered by a real browser, where one is installed:
# headless Chromium draws the Japanese report to a PNG (the charts'
# colours must be there: inline SVG drawn under the report's
# Content-Security-Policy) and prints the English one to PDF on A4 pages.
. "$(dirname "$0")/lib.bash"
. "$ROOT/tests/e2e/report_case.bash"
chrome=
for c in chromium chromium-browser google-chrome chromium-headless-shell; do
  command -v "$c" >/dev/null 2>&1 && { chrome=$(command -v "$c"); break; }
done
[ -n "$chrome" ] || skip "no Chromium installed (apt-get install chromium): render test not run"
seed_case "$TMP/s"
"$ASH" report "$case" --lang ja -o ja.html >/dev/null
"$ASH" report "$case" --lang en -o en.html >/dev/null
run_chrome() {
  DBUS_SESSION_BUS_ADDRESS=/dev/null timeout 120 "$chrome" --headless --no-sandbox \
    --disable-gpu --hide-scrollbars --no-first-run --disable-extensions \
    --disable-dev-shm-usage --user-data-dir="$TMP/profile" "$@" >chrome.log 2>&1 ||
    { tail -5 chrome.log; fail "chromium failed: $*"; }
}
run_chrome --window-size=1000,2400 --screenshot="$TMP/ja.png" "file://$TMP/ja.html"
run_chrome --no-pdf-header-footer --print-to-pdf="$TMP/en.pdf" "file://$TMP/en.html"
python3 - "$TMP/ja.png" "$TMP/en.pdf" <<'PY'
import re, struct, sys, zlib
png, pdf = sys.argv[1], sys.argv[2]
d = open(png, "rb").read()
assert d[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(d):
    n, kind = struct.unpack(">I4s", d[pos:pos + 8]); body = d[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype in (2, 6), (depth, ctype)
        bpp = 3 if ctype == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw, stride = zlib.decompress(idat), w * bpp
rows, prev = [], bytearray(stride)
for y in range(h):                      # undo the PNG row filters
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line
def count(rgb, tol=12):
    return sum(1 for line in rows for i in range(0, stride, bpp)
               if all(abs(line[i + k] - rgb[k]) <= tol for k in range(3)))
alert, area = count((0xc0, 0x39, 0x2b)), count((0x9d, 0xc3, 0xe6))
ink = sum(1 for line in rows for i in range(0, stride, bpp) if line[i] < 128)
print("png %dx%d: alert %d, area %d, dark %d pixels" % (w, h, alert, area, ink))
assert alert > 300, "no alert-coloured bar or window: charts not drawn"
assert area > 2000, "no traffic series drawn"
assert ink > 0.01 * w * h, "page nearly blank"
p = open(pdf, "rb").read()
assert p[:5] == b"%PDF-", "not a PDF"
pages = len(re.findall(rb"/Type\s*/Page[^s]", p))
assert pages >= 3, pages
print("pdf: %d pages" % pages)
PY
