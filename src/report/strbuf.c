/* SPDX-License-Identifier: MIT */
/* strbuf.c: the capped growable text buffer (see strbuf.h). */
#include "report/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

void ash_strbuf_init(ash_strbuf *b, size_t max)
{
	memset(b, 0, sizeof *b);
	b->max = max ? max : ASH_STRBUF_MAX;
}

void ash_strbuf_free(ash_strbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->over = false;
}

void ash_strbuf_reset(ash_strbuf *b)
{
	b->len = 0;
	b->over = false;
	if (b->p)
		b->p[0] = '\0';
}

const char *ash_strbuf_str(const ash_strbuf *b)
{
	return b->p ? b->p : "";
}

bool ash_strbuf_over(const ash_strbuf *b)
{
	return b->over;
}

/* Room for n more bytes plus the NUL; returns how many of n fit. */
static size_t reserve(ash_strbuf *b, size_t n)
{
	size_t room = b->max - b->len; /* len <= max always */
	if (n > room) {
		b->over = true;
		n = room;
	}
	if (b->len + n + 1 > b->cap) {
		size_t want = b->cap ? b->cap : 256;
		while (want < b->len + n + 1)
			want = want > b->max / 2 ? b->max + 1 : want * 2;
		b->p = ash_realloc(b->p, want);
		b->cap = want;
	}
	return n;
}

void ash_strbuf_put(ash_strbuf *b, const void *s, size_t n)
{
	n = reserve(b, n);
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	if (b->p)
		b->p[b->len] = '\0';
}

void ash_strbuf_puts(ash_strbuf *b, const char *s)
{
	ash_strbuf_put(b, s, strlen(s));
}

void ash_strbuf_putc(ash_strbuf *b, char c)
{
	ash_strbuf_put(b, &c, 1);
}

void ash_strbuf_u64(ash_strbuf *b, uint64_t v)
{
	char tmp[24];
	size_t i = sizeof tmp;
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	ash_strbuf_put(b, tmp + i, sizeof tmp - i);
}

void ash_strbuf_i64(ash_strbuf *b, int64_t v)
{
	if (v < 0) {
		ash_strbuf_putc(b, '-');
		ash_strbuf_u64(b, (uint64_t)0 - (uint64_t)v);
	} else {
		ash_strbuf_u64(b, (uint64_t)v);
	}
}

void ash_strbuf_fmt(ash_strbuf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		ash_strbuf_put(b, small, (size_t)n);
		return;
	}
	char *big = ash_malloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	ash_strbuf_put(b, big, (size_t)n);
	free(big);
}
