/* SPDX-License-Identifier: MIT */
/* strclean.c: printable UTF-8 copies of hostile strings (strclean.h). */
#include "ingest/strclean.h"

#include <string.h>

/* Length of a valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
	if (!len || len > n)
		return 0;
	for (size_t k = 1; k < len; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) ||
	    (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
		return 0; /* overlong, surrogate, > U+10FFFF */
	return len;
}

void ash_strclean(ash_str *s, char *buf, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s->p;
	size_t i = 0;
	while (i < s->n && p[i] >= 0x20 && p[i] < 0x7f)
		i++;
	if (i == s->n && s->n <= cap)
		return;
	size_t o = 0;
	for (i = 0; i < s->n && o < cap;) {
		size_t l = p[i] < 0x80 ? 1 : utf8_len(p + i, s->n - i);
		if (l == 1 && (p[i] < 0x20 || p[i] == 0x7f))
			l = 0;
		if (!l) {
			buf[o++] = '?';
			i++;
			continue;
		}
		if (o + l > cap)
			break;
		memcpy(buf + o, p + i, l);
		o += l;
		i += l;
	}
	s->p = buf;
	s->n = (uint32_t)o;
}
