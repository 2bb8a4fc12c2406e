/* SPDX-License-Identifier: MIT */
/* wbuf.h: a big output buffer over a file descriptor, and the fast text
 * formatters the emitters use (integers, IPv4 addresses, fixed fractions)
 * so that no line goes through printf.  Two buffers: while one is being
 * filled, a writer thread of the wbuf writes the other, so formatting and
 * the kernel's copy overlap.  Append-only; the first write error is kept
 * and reported by ash_wbuf_close.  Does not fsync: generated data can be
 * made again from its seed. */
#ifndef ASH_WBUF_H
#define ASH_WBUF_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/err.h"

#define ASH_WBUF_LINE_MAX 1024 /* longest line an emitter may reserve */

typedef struct ash_wbuf {
	int fd;          /* -1 when closed */
	char *buf;
	size_t len, cap;
	uint64_t total;  /* bytes handed to the file so far, plus len */
	int err;         /* first errno of a failed write, 0 if none */
	/* the writer thread's side (under mu) */
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char *spare;     /* free buffer, NULL while the writer holds it */
	char *pending;   /* buffer handed to the writer, NULL when idle */
	size_t npending;
	bool stop, started;
} ash_wbuf;

/* Create or truncate path (mode 0644) with a buffer of cap bytes.
 * Returns 0 or ASH_EIO (message names path). */
int ash_wbuf_open(ash_wbuf *w, const char *path, size_t cap, ash_err *err);
/* Hand the buffer to the writer thread and continue in the other one
 * (waits while the writer is still busy with the previous buffer). */
void ash_wbuf_flush(ash_wbuf *w);
/* Flush, close; returns 0 or ASH_EIO naming what (the buffer is freed in
 * both cases and the file left as written). */
int ash_wbuf_close(ash_wbuf *w, const char *what, ash_err *err);

/* Make room for n <= ASH_WBUF_LINE_MAX bytes; returns where to write. */
static inline char *ash_wbuf_reserve(ash_wbuf *w, size_t n)
{
	if (w->cap - w->len < n)
		ash_wbuf_flush(w);
	return w->buf + w->len;
}

/* Commit what was written from ash_wbuf_reserve up to end. */
static inline void ash_wbuf_commit(ash_wbuf *w, char *end)
{
	size_t n = (size_t)(end - (w->buf + w->len));
	w->len += n;
	w->total += n;
}

/* Append n bytes (any size). */
void ash_wbuf_put(ash_wbuf *w, const void *p, size_t n);

/* --- formatters: write at p, return the new end --- */

extern const char ash_fmt_digits2[200]; /* "00".."99" */

/* Decimal of v, no padding. */
static inline char *ash_fmt_u64(char *p, uint64_t v)
{
	char tmp[20];
	char *e = tmp + sizeof tmp, *q = e;
	while (v >= 100) {
		unsigned d = (unsigned)(v % 100) * 2;
		v /= 100;
		*--q = ash_fmt_digits2[d + 1];
		*--q = ash_fmt_digits2[d];
	}
	if (v >= 10) {
		*--q = ash_fmt_digits2[v * 2 + 1];
		*--q = ash_fmt_digits2[v * 2];
	} else {
		*--q = (char)('0' + v);
	}
	size_t n = (size_t)(e - q);
	memcpy(p, q, n);
	return p + n;
}

/* Decimal of v, left-padded with pad to at least width (<= 20) chars. */
char *ash_fmt_u64_pad(char *p, uint64_t v, int width, char pad);

/* Exactly two digits (v < 100). */
static inline char *ash_fmt_2d(char *p, unsigned v)
{
	p[0] = ash_fmt_digits2[v * 2];
	p[1] = ash_fmt_digits2[v * 2 + 1];
	return p + 2;
}

/* Exactly six digits (v < 1000000). */
static inline char *ash_fmt_6d(char *p, unsigned v)
{
	p = ash_fmt_2d(p, v / 10000);
	p = ash_fmt_2d(p, (v / 100) % 100);
	return ash_fmt_2d(p, v % 100);
}

/* Microseconds as seconds with six decimals: "12.000345". */
static inline char *ash_fmt_us(char *p, uint64_t us)
{
	p = ash_fmt_u64(p, us / 1000000);
	*p++ = '.';
	return ash_fmt_6d(p, (unsigned)(us % 1000000));
}

/* Dotted quad of a host-order IPv4 address. */
extern const char ash_fmt_octets[256][4]; /* digits, then length in [3] */
static inline char *ash_fmt_ipv4(char *p, uint32_t a)
{
	for (int s = 24; s >= 0; s -= 8) {
		const char *o = ash_fmt_octets[(a >> s) & 255];
		memcpy(p, o, 3);
		p += o[3];
		*p++ = '.';
	}
	return p - 1;
}

/* A NUL-terminated literal or name. */
static inline char *ash_fmt_str(char *p, const char *s)
{
	size_t n = strlen(s);
	memcpy(p, s, n);
	return p + n;
}

#endif
