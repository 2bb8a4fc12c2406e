/* SPDX-License-Identifier: MIT */
/* orghtml.c: HTML escaping and CSV cells (orghtml.h). */
#include "org/orghtml.h"

#include <stdbool.h>
#include <string.h>

const char ash_orghtml_csp[] =
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	"style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">";

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when invalid. */
static size_t u8len(const unsigned char *p, size_t n, unsigned *cp)
{
	unsigned c = p[0], min;
	size_t k;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0)
		k = 1, min = 0x80, c &= 0x1f;
	else if ((c & 0xf0) == 0xe0)
		k = 2, min = 0x800, c &= 0x0f;
	else if ((c & 0xf8) == 0xf0)
		k = 3, min = 0x10000, c &= 0x07;
	else
		return 0;
	if (n <= k)
		return 0;
	for (size_t i = 1; i <= k; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return k + 1;
}

static bool bidi(unsigned c)
{
	return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
	       c == 0x200e || c == 0x200f;
}

void ash_orghtml_escn(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	while (n) {
		unsigned cp;
		size_t k = u8len(p, n, &cp);
		if (!k || (cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7f ||
		    (cp >= 0x80 && cp < 0xa0)) {
			fputs("\xef\xbf\xbd", f);
			k = k ? k : 1;
		} else if (bidi(cp)) {
			/* dropped: would reorder the text around it */
		} else if (cp == '&') {
			fputs("&amp;", f);
		} else if (cp == '<') {
			fputs("&lt;", f);
		} else if (cp == '>') {
			fputs("&gt;", f);
		} else if (cp == '"') {
			fputs("&quot;", f);
		} else if (cp == '\'') {
			fputs("&#39;", f);
		} else {
			fwrite(p, 1, k, f);
		}
		p += k;
		n -= k;
	}
}

void ash_orghtml_esc(FILE *f, const char *s)
{
	if (s)
		ash_orghtml_escn(f, s, strlen(s));
}

void ash_orgcsv_cell(FILE *f, const char *s)
{
	if (!s)
		return;
	bool formula = strchr("=+-@", s[0]) && s[0];
	size_t n = strlen(s);
	bool quote = formula || strpbrk(s, ",\";\r\n\t") || (n && (s[0] == ' ' || s[n - 1] == ' '));
	if (!quote) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}
