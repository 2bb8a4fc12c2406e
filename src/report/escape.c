/* SPDX-License-Identifier: MIT */
/* escape.c: HTML and Markdown escaping of untrusted text (see escape.h).
 * One walk over the UTF-8 decodes each character once; the two forms
 * differ only in how a valid printable character is written. */
#include "report/escape.h"

#include <stdbool.h>
#include <string.h>

size_t ash_utf8_next(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0], len, min;
	*cp = ASH_UTF8_BAD;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, min = 0x80, c &= 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, min = 0x800, c &= 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, min = 0x10000, c &= 0x07;
	else
		return 1;
	if (n < len)
		return 1;
	for (unsigned i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 1;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 1;
	*cp = c;
	return len;
}

/* Characters that move or hide text: shown as \uXXXX. */
static bool invisible(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
	       cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

static void hex_escape(ash_strbuf *b, unsigned cp)
{
	static const char hx[] = "0123456789abcdef";
	char t[6] = {'\\', 'u', hx[cp >> 12 & 15], hx[cp >> 8 & 15],
		     hx[cp >> 4 & 15], hx[cp & 15]};
	if (cp < 0x80) {
		t[1] = 'x';
		t[2] = hx[cp >> 4 & 15];
		t[3] = hx[cp & 15];
		ash_strbuf_put(b, t, 4);
	} else {
		ash_strbuf_put(b, t, 6);
	}
}

/* The part both forms share: handles invalid, control and invisible
 * characters and returns true; false leaves cp to the caller. */
static bool common(ash_strbuf *b, const unsigned char *s, size_t i, size_t n,
		   unsigned cp, unsigned flags)
{
	if (cp == ASH_UTF8_BAD) {
		ash_strbuf_put(b, "\xef\xbf\xbd", 3);
		return true;
	}
	if (cp == '\n' || cp == '\t') {
		if (flags & ASH_ESC_NL)
			return false;
		ash_strbuf_puts(b, cp == '\n' ? "\\n" : "\\t");
		return true;
	}
	if (cp == '\r' && (flags & ASH_ESC_NL) && i + 1 < n && s[i + 1] == '\n')
		return true; /* CR LF: keep the LF only */
	if (cp < 0x20 || cp == 0x7f || invisible(cp)) {
		hex_escape(b, cp);
		return true;
	}
	return false;
}

void ash_esc_html(ash_strbuf *b, const char *str, size_t n, unsigned flags)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned cp;
		size_t len = ash_utf8_next(s + i, n - i, &cp);
		if (common(b, s, i, n, cp, flags)) {
			i += len;
			continue;
		}
		switch (cp) {
		case '&': ash_strbuf_puts(b, "&amp;"); break;
		case '<': ash_strbuf_puts(b, "&lt;"); break;
		case '>': ash_strbuf_puts(b, "&gt;"); break;
		case '"': ash_strbuf_puts(b, "&quot;"); break;
		case '\'': ash_strbuf_puts(b, "&#39;"); break;
		default: ash_strbuf_put(b, s + i, len);
		}
		i += len;
	}
}

static bool prefix_ci(const unsigned char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++) {
		unsigned char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (c != (unsigned char)p[i])
			return false;
	}
	return true;
}

/* At a line start: escape a list, heading-underline or numbered-list
 * marker.  Returns bytes consumed (0: nothing special). */
static bool blank_or_end(const unsigned char *s, size_t n, size_t i)
{
	return i >= n || s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
}

static size_t md_line_start(ash_strbuf *b, const unsigned char *s, size_t n)
{
	/* "- x", "+ x", "--", "==" (list item, rule, heading underline);
	 * not "-5" or "+81" */
	if ((s[0] == '-' || s[0] == '+' || s[0] == '=') &&
	    (blank_or_end(s, n, 1) || s[1] == s[0])) {
		ash_strbuf_putc(b, '\\');
		ash_strbuf_putc(b, (char)s[0]);
		return 1;
	}
	/* "12. x" or "3)" (ordered list item); not "203.0.113.10" */
	size_t d = 0;
	while (d < n && d < 10 && s[d] >= '0' && s[d] <= '9')
		d++;
	if (d && d < n && (s[d] == '.' || s[d] == ')') && blank_or_end(s, n, d + 1)) {
		ash_strbuf_put(b, s, d);
		ash_strbuf_putc(b, '\\');
		ash_strbuf_putc(b, (char)s[d]);
		return d + 1;
	}
	return 0;
}

/* Defang what GitHub-flavoured Markdown would turn into a link. */
static size_t md_defang(ash_strbuf *b, const unsigned char *s, size_t n)
{
	if (prefix_ci(s, n, "http://") || prefix_ci(s, n, "https://")) {
		ash_strbuf_puts(b, "hxxp");
		return 4;
	}
	if (prefix_ci(s, n, "www.")) {
		ash_strbuf_put(b, s, 3);
		ash_strbuf_puts(b, "\\[.\\]");
		return 4;
	}
	return 0;
}

/* Whether text appended to b starts a Markdown line: b is empty or ends
 * in a newline, or in a list marker ("- ") at a line start, blanks
 * aside.  Text appended mid-line needs no line-start escapes. */
static bool md_at_line_start(const ash_strbuf *b)
{
	size_t i = b->len;
	const char *p = b->p;
	while (i > 0 && p[i - 1] == ' ')
		i--;
	if (i == 0 || p[i - 1] == '\n')
		return true;
	if (i == b->len || !strchr("-*+", p[i - 1]))
		return false;
	i--;
	while (i > 0 && p[i - 1] == ' ')
		i--;
	return i == 0 || p[i - 1] == '\n';
}

void ash_esc_md(ash_strbuf *b, const char *str, size_t n, unsigned flags)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	bool bol = md_at_line_start(b); /* at a line start (blanks skipped) */
	while (i < n) {
		size_t k;
		if (bol && s[i] != ' ' && (k = md_line_start(b, s + i, n - i))) {
			i += k, bol = false;
			continue;
		}
		if ((k = md_defang(b, s + i, n - i))) {
			i += k, bol = false;
			continue;
		}
		unsigned cp;
		size_t len = ash_utf8_next(s + i, n - i, &cp);
		if (common(b, s, i, n, cp, flags)) {
			i += len, bol = false;
			continue;
		}
		if (cp == '\n') { /* only with ASH_ESC_NL: a hard line break; */
			ash_strbuf_puts(b, "  \n"); /* blank lines would end a list */
			for (i += len; i < n && (s[i] == '\n' || s[i] == '\r'); i++)
				;
			bol = true;
			continue;
		}
		if (cp != ' ' && cp != '\t')
			bol = false;
		switch (cp) {
		case '&': ash_strbuf_puts(b, "&amp;"); break;
		case '<': ash_strbuf_puts(b, "&lt;"); break;
		case '>': ash_strbuf_puts(b, "&gt;"); break;
		case '\\': case '`': case '*': case '_': case '[': case ']':
		case '|': case '#': case '~':
			ash_strbuf_putc(b, '\\');
			ash_strbuf_putc(b, (char)cp);
			break;
		default: ash_strbuf_put(b, s + i, len);
		}
		i += len;
	}
}

void ash_esc_html_str(ash_strbuf *b, const char *s, unsigned flags)
{
	if (s)
		ash_esc_html(b, s, strlen(s), flags);
}

void ash_esc_md_str(ash_strbuf *b, const char *s, unsigned flags)
{
	if (s)
		ash_esc_md(b, s, strlen(s), flags);
}
