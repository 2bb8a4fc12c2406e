/* SPDX-License-Identifier: MIT */
/* strbuf.h: a growable text buffer with a cap, for building reports.
 *
 * Appends never fail: past the cap the buffer stops growing, drops what
 * does not fit and remembers it (ash_strbuf_over), so a writer checks once
 * at the end and returns ASH_ELIMIT.  The text is always NUL-terminated.
 * Owns the bytes only; knows nothing of HTML or Markdown (escape.h). */
#ifndef ASH_STRBUF_H
#define ASH_STRBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Default cap: a report larger than this is refused. */
#define ASH_STRBUF_MAX ((size_t)256 << 20)

typedef struct ash_strbuf {
	char *p;       /* NUL-terminated text (NULL before the first append) */
	size_t len;    /* bytes of text */
	size_t cap;    /* bytes allocated */
	size_t max;    /* most bytes of text kept */
	bool over;     /* something was dropped at the cap */
} ash_strbuf;

/* An empty buffer holding at most max bytes (0: ASH_STRBUF_MAX). */
void ash_strbuf_init(ash_strbuf *b, size_t max);
void ash_strbuf_free(ash_strbuf *b);
/* Forget the text, keep the memory and the cap. */
void ash_strbuf_reset(ash_strbuf *b);
/* The text ("" when empty); valid until the next append or free. */
const char *ash_strbuf_str(const ash_strbuf *b);
/* True when an append was cut at the cap. */
bool ash_strbuf_over(const ash_strbuf *b);

/* Append n bytes (any bytes, NUL included), a C string, one byte. */
void ash_strbuf_put(ash_strbuf *b, const void *s, size_t n);
void ash_strbuf_puts(ash_strbuf *b, const char *s);
void ash_strbuf_putc(ash_strbuf *b, char c);
/* Decimal of v / of v (signed). */
void ash_strbuf_u64(ash_strbuf *b, uint64_t v);
void ash_strbuf_i64(ash_strbuf *b, int64_t v);
/* printf-style append.  fmt is always a literal: never pass text from
 * logs, people or a message catalog as fmt. */
void ash_strbuf_fmt(ash_strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
