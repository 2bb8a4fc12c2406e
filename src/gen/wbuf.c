/* SPDX-License-Identifier: MIT */
/* wbuf.c: the buffered output file of the generator and its formatter
 * tables (see wbuf.h).  Owns the buffer and the descriptor; never prints. */
#include "gen/wbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/xalloc.h"

const char ash_fmt_digits2[200] =
	"00010203040506070809101112131415161718192021222324252627282930313233"
	"34353637383940414243444546474849505152535455565758596061626364656667"
	"6869707172737475767778798081828384858687888990919293949596979899";

#define O1(n) {'0' + (n), 0, 0, 1}
#define O2(n) {'0' + (n) / 10, '0' + (n) % 10, 0, 2}
#define O3(n) {'0' + (n) / 100, '0' + (n) / 10 % 10, '0' + (n) % 10, 3}
#define R10(M, b) M(b), M(b + 1), M(b + 2), M(b + 3), M(b + 4), M(b + 5), \
	M(b + 6), M(b + 7), M(b + 8), M(b + 9)
#define R100(M, b) R10(M, b), R10(M, b + 10), R10(M, b + 20), R10(M, b + 30), \
	R10(M, b + 40), R10(M, b + 50), R10(M, b + 60), R10(M, b + 70),     \
	R10(M, b + 80), R10(M, b + 90)

const char ash_fmt_octets[256][4] = {
	R10(O1, 0),
	R10(O2, 10), R10(O2, 20), R10(O2, 30), R10(O2, 40), R10(O2, 50),
	R10(O2, 60), R10(O2, 70), R10(O2, 80), R10(O2, 90),
	R100(O3, 100),
	R10(O3, 200), R10(O3, 210), R10(O3, 220), R10(O3, 230), R10(O3, 240),
	O3(250), O3(251), O3(252), O3(253), O3(254), O3(255),
};

static void write_all(ash_wbuf *w, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(w->fd, p, n);
		if (k < 0) {
			int e = errno;
			if (e == EINTR)
				continue;
			pthread_mutex_lock(&w->mu);
			if (!w->err)
				w->err = e ? e : EIO;
			pthread_mutex_unlock(&w->mu);
			return;
		}
		p += k;
		n -= (size_t)k;
	}
}

static void *writer(void *arg)
{
	ash_wbuf *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->pending && !w->stop)
			pthread_cond_wait(&w->cv, &w->mu);
		if (!w->pending)
			break;
		char *p = w->pending;
		size_t n = w->npending;
		bool failed = w->err != 0;
		pthread_mutex_unlock(&w->mu);
		if (!failed)
			write_all(w, p, n);
		pthread_mutex_lock(&w->mu);
		w->spare = p;
		w->pending = NULL;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

int ash_wbuf_open(ash_wbuf *w, const char *path, size_t cap, ash_err *err)
{
	memset(w, 0, sizeof *w);
	w->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (w->fd < 0)
		return ash_errno(err, ASH_EIO, "%s: cannot create", path);
	if (cap < 2 * ASH_WBUF_LINE_MAX)
		cap = 2 * ASH_WBUF_LINE_MAX;
	w->buf = ash_malloc(cap);
	w->spare = ash_malloc(cap);
	w->cap = cap;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	w->started = pthread_create(&w->th, NULL, writer, w) == 0;
	return ASH_OK;
}

void ash_wbuf_flush(ash_wbuf *w)
{
	if (!w->len)
		return;
	if (!w->started) { /* no thread: write in place */
		write_all(w, w->buf, w->len);
		w->len = 0;
		return;
	}
	pthread_mutex_lock(&w->mu);
	while (w->pending)
		pthread_cond_wait(&w->cv, &w->mu);
	w->pending = w->buf;
	w->npending = w->len;
	w->buf = w->spare;
	w->spare = NULL;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	w->len = 0;
}

void ash_wbuf_put(ash_wbuf *w, const void *p, size_t n)
{
	const char *s = p;
	while (n > 0) {
		if (w->len == w->cap)
			ash_wbuf_flush(w);
		size_t k = w->cap - w->len;
		if (k > n)
			k = n;
		memcpy(w->buf + w->len, s, k);
		w->len += k;
		w->total += k;
		s += k;
		n -= k;
	}
}

char *ash_fmt_u64_pad(char *p, uint64_t v, int width, char pad)
{
	char tmp[24];
	char *e = ash_fmt_u64(tmp, v);
	int n = (int)(e - tmp);
	while (n < width && width <= 20) {
		*p++ = pad;
		width--;
	}
	memcpy(p, tmp, (size_t)n);
	return p + n;
}

int ash_wbuf_close(ash_wbuf *w, const char *what, ash_err *err)
{
	int rc = ASH_OK;
	if (w->fd >= 0) {
		ash_wbuf_flush(w);
		if (w->started) {
			pthread_mutex_lock(&w->mu);
			w->stop = true;
			pthread_cond_broadcast(&w->cv);
			pthread_mutex_unlock(&w->mu);
			pthread_join(w->th, NULL);
			w->started = false;
		}
		if (close(w->fd) != 0 && !w->err)
			w->err = errno;
		w->fd = -1;
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->cv);
	}
	if (w->err) {
		errno = w->err;
		rc = ash_errno(err, ASH_EIO, "%s: write failed", what);
	}
	free(w->buf);
	free(w->spare);
	w->buf = w->spare = NULL;
	return rc;
}
