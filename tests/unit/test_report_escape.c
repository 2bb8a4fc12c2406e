/* SPDX-License-Identifier: MIT */
/* test_report_escape.c: HTML and Markdown escaping of hostile text -
 * markup, quotes, ANSI escape sequences, NUL, invalid UTF-8, bidi
 * overrides, link bait, 100 KB strings - the text buffer's cap, and
 * cutting UTF-8 at a full buffer. */
#include "harness.h"

#include <stdlib.h>

#include "report/escape.h"
#include "report/report_int.h"
#include "report/strbuf.h"

static const char *html(ash_strbuf *b, const char *s, size_t n, unsigned fl)
{
	ash_strbuf_reset(b);
	ash_esc_html(b, s, n, fl);
	return ash_strbuf_str(b);
}

static const char *md(ash_strbuf *b, const char *s, size_t n, unsigned fl)
{
	ash_strbuf_reset(b);
	ash_esc_md(b, s, n, fl);
	return ash_strbuf_str(b);
}

#define S(lit) lit, sizeof(lit) - 1

/* no byte below 0x20 except \n (when allowed), no DEL, valid UTF-8 */
static bool clean(const char *s, size_t n, bool nl)
{
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t k = ash_utf8_next((const unsigned char *)s + i, n - i, &cp);
		if (cp == ASH_UTF8_BAD || cp == 0x7f || (cp < 0x20 && !(nl && cp == '\n')))
			return false;
		if ((cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e))
			return false;
		i += k;
	}
	return true;
}

TEST(escape_html_markup_and_quotes)
{
	ash_strbuf b;
	ash_strbuf_init(&b, 0);
	CHECK_STR(html(&b, S("<script>alert(\"x\")</script>"), 0),
		  "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
	CHECK_STR(html(&b, S("a & b 'c'"), 0), "a &amp; b &#39;c&#39;");
	CHECK_STR(html(&b, S("&lt;"), 0), "&amp;lt;"); /* entities stay text */
	CHECK_STR(html(&b, S("\" onmouseover=\"x"), 0),
		  "&quot; onmouseover=&quot;x");
	CHECK_STR(html(&b, S("日本語 ok"), 0), "日本語 ok");
	ash_strbuf_free(&b);
}

TEST(escape_controls_visible)
{
	ash_strbuf b;
	ash_strbuf_init(&b, 0);
	CHECK_STR(html(&b, S("\033[31mred\033[0m"), 0), "\\x1b[31mred\\x1b[0m");
	CHECK_STR(html(&b, S("a\0b"), 0), "a\\x00b");
	CHECK_STR(html(&b, S("\x7f\a"), 0), "\\x7f\\x07");
	CHECK_STR(html(&b, S("l1\nl2\tx"), 0), "l1\\nl2\\tx");
	CHECK_STR(html(&b, S("l1\r\nl2\tx"), ASH_ESC_NL), "l1\nl2\tx");
	CHECK_STR(html(&b, S("\xc2\x9b" "2J"), 0), "\\u009b2J"); /* C1 CSI */
	CHECK_STR(html(&b, S("abc\xe2\x80\xae" "fed"), 0), "abc\\u202efed");
	CHECK_STR(html(&b, S("\xef\xbb\xbfx"), 0), "\\ufeffx");
	ash_strbuf_free(&b);
}

TEST(escape_invalid_utf8)
{
	ash_strbuf b;
	ash_strbuf_init(&b, 0);
	/* stray byte, truncated sequence, overlong '<', surrogate, > U+10FFFF */
	CHECK_STR(html(&b, S("a\xff" "b"), 0), "a\xef\xbf\xbd" "b");
	CHECK_STR(html(&b, S("\xe6\x97"), 0), "\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_STR(html(&b, S("\xc0\xbc"), 0), "\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_STR(html(&b, S("\xed\xa0\x80"), 0),
		  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_STR(html(&b, S("\xf4\x90\x80\x80"), 0),
		  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_STR(html(&b, S("\xf0\x9f\x98\x80"), 0), "\xf0\x9f\x98\x80"); /* emoji */
	ash_strbuf_free(&b);
}

TEST(escape_markdown)
{
	ash_strbuf b;
	ash_strbuf_init(&b, 0);
	CHECK_STR(md(&b, S("<script>x</script>"), 0), "&lt;script&gt;x&lt;/script&gt;");
	CHECK_STR(md(&b, S("*a* _b_ `c` [d](e) | #f ~g \\"), 0),
		  "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\| \\#f \\~g \\\\");
	CHECK_STR(md(&b, S("- item"), 0), "\\- item");
	CHECK_STR(md(&b, S("  + item"), 0), "  \\+ item");
	CHECK_STR(md(&b, S("12. x"), 0), "12\\. x");
	CHECK_STR(md(&b, S("a 12. x"), 0), "a 12. x");
	CHECK_STR(md(&b, S("===="), 0), "\\====");
	CHECK_STR(md(&b, S("203.0.113.10 x"), 0), "203.0.113.10 x");
	CHECK_STR(md(&b, S("-5 +81 =x"), 0), "-5 +81 =x");
	CHECK_STR(md(&b, S("3)"), 0), "3\\)");
	CHECK_STR(md(&b, S("-"), 0), "\\-");
	CHECK_STR(md(&b, S("see http://evil.example/x"), 0), "see hxxp://evil.example/x");
	CHECK_STR(md(&b, S("HTTPS://a www.b.c"), 0), "hxxpS://a www\\[.\\]b.c");
	CHECK_STR(md(&b, S("![i](http://x)"), 0), "!\\[i\\](hxxp://x)");
	CHECK_STR(md(&b, S("a\nb"), 0), "a\\nb");
	/* multi-line: hard breaks, line starts escaped, blank lines kept apart */
	CHECK_STR(md(&b, S("a\n- b\n# c"), ASH_ESC_NL), "a  \n\\- b  \n\\# c");
	CHECK_STR(md(&b, S("a\n\n\nb"), ASH_ESC_NL), "a  \nb");
	CHECK_STR(md(&b, S("\033]0;t\007"), 0), "\\x1b\\]0;t\\x07");
	/* line starts are judged on what the buffer holds already */
	ash_strbuf_reset(&b);
	ash_strbuf_puts(&b, "size: ");
	ash_esc_md(&b, S("5.6 GB - 1. x"), 0);
	CHECK_STR(ash_strbuf_str(&b), "size: 5.6 GB - 1. x");
	ash_strbuf_reset(&b);
	ash_strbuf_puts(&b, "text\n  - ");
	ash_esc_md(&b, S("1. x"), 0);
	CHECK_STR(ash_strbuf_str(&b), "text\n  - 1\\. x");
	ash_strbuf_reset(&b);
	ash_strbuf_puts(&b, "a-");
	ash_esc_md(&b, S("1. x"), 0);
	CHECK_STR(ash_strbuf_str(&b), "a-1. x");
	ash_strbuf_free(&b);
}

TEST(escape_long_hostile_100k)
{
	const char unit[] = "<img src=x onerror=alert(1)>\033[2J\xff\"'&|*\n";
	size_t ul = sizeof unit - 1, reps = 100000 / ul + 1, n = ul * reps;
	char *s = malloc(n);
	for (size_t i = 0; i < reps; i++)
		memcpy(s + i * ul, unit, ul);
	ash_strbuf b;
	ash_strbuf_init(&b, 0);
	html(&b, s, n, ASH_ESC_NL);
	CHECK(!ash_strbuf_over(&b));
	CHECK(b.len > n);
	CHECK(strchr(b.p, '<') == NULL && strchr(b.p, '>') == NULL);
	CHECK(strchr(b.p, '"') == NULL && strchr(b.p, '\'') == NULL);
	CHECK(clean(b.p, b.len, true));
	/* every unit is there, escaped */
	size_t cnt = 0;
	for (const char *p = b.p; (p = strstr(p, "&lt;img src=x")); p++)
		cnt++;
	CHECK_INT(cnt, reps);
	md(&b, s, n, 0);
	CHECK(strchr(b.p, '<') == NULL && strchr(b.p, '\n') == NULL);
	CHECK(clean(b.p, b.len, false));
	cnt = 0;
	for (const char *p = b.p; (p = strstr(p, "\\|\\*")); p++)
		cnt++;
	CHECK_INT(cnt, reps);
	ash_strbuf_free(&b);
	free(s);
}

TEST(strbuf_cap)
{
	ash_strbuf b;
	ash_strbuf_init(&b, 10);
	ash_strbuf_puts(&b, "0123456");
	CHECK(!ash_strbuf_over(&b));
	ash_strbuf_puts(&b, "789abc");
	CHECK(ash_strbuf_over(&b));
	CHECK_STR(ash_strbuf_str(&b), "0123456789");
	ash_strbuf_fmt(&b, "%d", 5);
	CHECK_INT(b.len, 10);
	ash_strbuf_reset(&b);
	ash_strbuf_u64(&b, 18446744073709551615ull);
	CHECK(ash_strbuf_over(&b));
	ash_strbuf_free(&b);
	ash_strbuf_init(&b, 0);
	ash_strbuf_i64(&b, INT64_MIN);
	CHECK_STR(ash_strbuf_str(&b), "-9223372036854775808");
	ash_strbuf_reset(&b);
	for (int i = 0; i < 1000; i++)
		ash_strbuf_fmt(&b, "%0300d", i);
	CHECK_INT(b.len, 300000);
	ash_strbuf_free(&b);
}

TEST(report_utf8_trim)
{
	char s[16];
	snprintf(s, sizeof s, "ab\xe6\x97");      /* 日 cut after 2 of 3 bytes */
	rep_utf8_trim(s);
	CHECK_STR(s, "ab");
	snprintf(s, sizeof s, "ab\xe6\x97\xa5");  /* whole */
	rep_utf8_trim(s);
	CHECK_STR(s, "ab\xe6\x97\xa5");
	snprintf(s, sizeof s, "x\xf0\x9f\x98");   /* 4-byte cut after 3 */
	rep_utf8_trim(s);
	CHECK_STR(s, "x");
	snprintf(s, sizeof s, "plain");
	rep_utf8_trim(s);
	CHECK_STR(s, "plain");
}
