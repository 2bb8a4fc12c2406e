# SPDX-License-Identifier: MIT
# html_check.py FILE [scripts]: the checks every self-contained HTML file
# of ashiato passes (used by tests/e2e/governance*.sh): it parses with
# html.parser with every element closed in order, loads nothing from
# anywhere (no src/href/action, no CSS url(), no http(s) outside the SVG
# namespace), carries a Content-Security-Policy, and has exactly
# `scripts` script elements (default 0).  Writes the visible text to
# FILE.txt for the caller's own checks.
import sys
from html.parser import HTMLParser

VOID = {"meta", "br", "input", "img", "hr", "link", "col", "wbr", "area", "base",
        "source", "rect", "line", "circle", "path", "polyline", "polygon", "stop",
        "use", "ellipse"}
SVG_NS = "http://www.w3.org/2000/svg"


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.tags, self.text = [], {}, []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for k, v in attrs:
            v = (v or "").strip().lower()
            if k == "xmlns" and v == SVG_NS:
                continue
            assert k not in ("src", "href", "xlink:href", "action", "formaction",
                             "poster", "background"), (tag, k, v)
            assert not k.startswith("on") or (tag, k) == ("form", "onsubmit"), (tag, k)
            assert "url(" not in v and "http:" not in v and "https:" not in v, (tag, k, v)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack and self.stack[-1] == tag, ("mismatched", tag, self.stack[-5:])
        self.stack.pop()

    def handle_data(self, d):
        self.text.append(d)
        if self.stack and self.stack[-1] == "style":
            assert "url(" not in d.lower() and "@import" not in d.lower(), "CSS loads"


def main():
    path = sys.argv[1]
    scripts = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    doc = open(path, encoding="utf-8").read()
    p = Checker()
    p.feed(doc)
    p.close()
    assert not p.stack, ("unclosed", p.stack)
    low = doc.lower().replace(SVG_NS, "")
    for bad in ("<link", "<iframe", "<object", "<embed", "@import", "http://",
                "https://", "<base"):
        assert bad not in low, bad
    assert p.tags.get("script", 0) == scripts, ("script elements", p.tags.get("script"))
    assert "content-security-policy" in low, "no CSP"
    assert "\x1b" not in doc, "raw ESC"
    with open(path + ".txt", "w", encoding="utf-8") as f:
        f.write("".join(p.text))


main()
