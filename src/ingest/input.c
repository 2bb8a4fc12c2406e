/* SPDX-License-Identifier: MIT */
/* input.c: buffered line reader over plain, gzip (zlib) and zstd files.
 * Decompressed data lands in one buffer; lines are found with memchr and
 * handed out in place, so a line costs no copy unless it straddles the
 * buffer end (then the tail moves to the front). */
#include "ingest/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "core/xalloc.h"

#define RAW_CAP (1u << 20)
#define BUF_CAP (ASH_MAX_LINE + (4u << 20))

struct ash_input {
	int fd;
	int comp;
	const char *path;
	uint64_t size, pos;  /* compressed bytes */
	unsigned char *raw;  /* compressed bytes not yet decoded */
	size_t raw_len, raw_off;
	bool raw_eof, eof;
	char *buf;           /* decompressed bytes */
	size_t len, off;     /* valid data is buf[off..len) */
	bool skipping;       /* inside the rest of a cut line */
	z_stream z;
	bool z_init, z_end;
	ZSTD_DCtx *zd;
	size_t zd_hint;       /* 0 when the last zstd frame is complete */
};

static int fill_raw(ash_input *in, ash_err *err)
{
	if (in->raw_off < in->raw_len || in->raw_eof)
		return ASH_OK;
	ssize_t r;
	do
		r = read(in->fd, in->raw, RAW_CAP);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return ash_errno(err, ASH_EIO, "%s: read", in->path);
	in->raw_len = (size_t)r;
	in->raw_off = 0;
	in->pos += (uint64_t)r;
	if (r == 0)
		in->raw_eof = true;
	return ASH_OK;
}

static int open_codec(ash_input *in, ash_err *err)
{
	if (fill_raw(in, err))
		return ASH_EIO;
	const unsigned char *p = in->raw;
	size_t n = in->raw_len;
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
		in->comp = ASH_COMP_GZIP;
		if (inflateInit2(&in->z, 15 + 32) != Z_OK)
			return ash_errf(err, ASH_EINTERNAL, "%s: zlib init", in->path);
		in->z_init = true;
	} else if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f &&
		   p[3] == 0xfd) {
		in->comp = ASH_COMP_ZSTD;
		in->zd = ZSTD_createDCtx();
		if (!in->zd)
			return ash_errf(err, ASH_EINTERNAL, "%s: zstd init", in->path);
	}
	return ASH_OK;
}

int ash_input_open(const char *path, ash_input **out, ash_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ash_errno(err, ASH_EIO, "cannot open %s", path);
	struct stat st;
	if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		close(fd);
		return ash_errf(err, ASH_EIO, "%s: not a regular file", path);
	}
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	ash_input *in = ash_calloc(1, sizeof *in);
	in->fd = fd;
	in->path = path;
	in->size = (uint64_t)st.st_size;
	in->raw = ash_malloc(RAW_CAP);
	in->buf = ash_malloc(BUF_CAP);
	int rc = open_codec(in, err);
	if (rc) {
		ash_input_close(in);
		return rc;
	}
	*out = in;
	return ASH_OK;
}

void ash_input_close(ash_input *in)
{
	if (!in)
		return;
	if (in->z_init)
		inflateEnd(&in->z);
	ZSTD_freeDCtx(in->zd);
	close(in->fd);
	free(in->raw);
	free(in->buf);
	free(in);
}

int ash_input_compression(const ash_input *in)
{
	return in->comp;
}

uint64_t ash_input_pos(const ash_input *in)
{
	return in->pos;
}

uint64_t ash_input_size(const ash_input *in)
{
	return in->size;
}

static int inflate_some(ash_input *in, char *dst, size_t cap, size_t *got,
			ash_err *err)
{
	if (in->z_end) { /* gzip member ended: another may follow */
		if (in->raw_off == in->raw_len && in->raw_eof)
			return ASH_OK;
		inflateReset(&in->z);
		in->z_end = false;
	}
	in->z.next_in = in->raw + in->raw_off;
	in->z.avail_in = (uInt)(in->raw_len - in->raw_off);
	in->z.next_out = (Bytef *)dst;
	in->z.avail_out = (uInt)cap;
	int zr = inflate(&in->z, Z_NO_FLUSH);
	in->raw_off = in->raw_len - in->z.avail_in;
	*got = cap - in->z.avail_out;
	if (zr == Z_STREAM_END)
		in->z_end = true;
	else if (zr != Z_OK && zr != Z_BUF_ERROR)
		return ash_errf(err, ASH_EFORMAT, "%s: gzip data damaged near byte %llu: %s",
				in->path, (unsigned long long)in->pos,
				in->z.msg ? in->z.msg : "inflate failed");
	return ASH_OK;
}

static int unzstd_some(ash_input *in, char *dst, size_t cap, size_t *got,
		       ash_err *err)
{
	ZSTD_inBuffer ib = {in->raw + in->raw_off, in->raw_len - in->raw_off, 0};
	ZSTD_outBuffer ob = {dst, cap, 0};
	size_t zr = ZSTD_decompressStream(in->zd, &ob, &ib);
	in->raw_off += ib.pos;
	*got = ob.pos;
	if (ib.pos || ob.pos) /* an idle call would report a new frame's needs */
		in->zd_hint = zr;
	if (ZSTD_isError(zr))
		return ash_errf(err, ASH_EFORMAT, "%s: zstd data damaged near byte %llu: %s",
				in->path, (unsigned long long)in->pos,
				ZSTD_getErrorName(zr));
	return ASH_OK;
}

/* Decode more bytes into buf after len; sets eof at the end. */
static int refill(ash_input *in, ash_err *err)
{
	if (in->off > 0) {
		memmove(in->buf, in->buf + in->off, in->len - in->off);
		in->len -= in->off;
		in->off = 0;
	}
	size_t cap = BUF_CAP - in->len;
	for (int spins = 0; cap > 0 && !in->eof; spins++) {
		if (fill_raw(in, err))
			return ASH_EIO;
		size_t got = 0;
		int rc = ASH_OK;
		char *dst = in->buf + in->len;
		if (in->comp == ASH_COMP_NONE) {
			got = in->raw_len - in->raw_off;
			if (got > cap)
				got = cap;
			memcpy(dst, in->raw + in->raw_off, got);
			in->raw_off += got;
		} else if (in->comp == ASH_COMP_GZIP) {
			rc = inflate_some(in, dst, cap, &got, err);
		} else {
			rc = unzstd_some(in, dst, cap, &got, err);
		}
		if (rc)
			return rc;
		in->len += got;
		if (got)
			return ASH_OK;
		if (in->raw_eof && in->raw_off == in->raw_len) {
			if (in->comp == ASH_COMP_GZIP && !in->z_end && in->z.total_in)
				return ash_errf(err, ASH_EFORMAT,
						"%s: gzip data ends early (truncated file?)",
						in->path);
			if (in->comp == ASH_COMP_ZSTD && in->zd_hint != 0)
				return ash_errf(err, ASH_EFORMAT,
						"%s: zstd data ends early (truncated file?)",
						in->path);
			in->eof = true;
		} else if (spins > 1000000) {
			return ash_errf(err, ASH_EFORMAT, "%s: decoder makes no progress",
					in->path);
		}
	}
	return ASH_OK;
}

int ash_input_peek(ash_input *in, const char **buf, size_t *n, ash_err *err)
{
	size_t want = 64 * 1024;
	while (in->len - in->off < want && !in->eof)
		if (refill(in, err))
			return err ? err->code : ASH_EIO;
	size_t avail = in->len - in->off;
	if (avail > want) {
		const char *nl = memrchr(in->buf + in->off, '\n', want);
		avail = nl ? (size_t)(nl - (in->buf + in->off)) + 1 : want;
	}
	*buf = in->buf + in->off;
	*n = avail;
	return ASH_OK;
}

int ash_input_line(ash_input *in, const char **line, size_t *n, bool *cut,
		   ash_err *err)
{
	*cut = false;
	for (;;) {
		char *start = in->buf + in->off;
		size_t avail = in->len - in->off;
		char *nl = memchr(start, '\n', avail);
		if (nl || (in->eof && avail)) {
			size_t len = nl ? (size_t)(nl - start) : avail;
			in->off += len + (nl ? 1 : 0);
			if (in->skipping) { /* tail of a cut line: drop it */
				in->skipping = false;
				continue;
			}
			if (len && start[len - 1] == '\r')
				len--;
			if (len > ASH_MAX_LINE) {
				len = ASH_MAX_LINE;
				*cut = true;
			}
			*line = start;
			*n = len;
			return 1;
		}
		if (in->eof)
			return 0;
		if (avail >= ASH_MAX_LINE) { /* over-long line: hand out a cut */
			if (!in->skipping) {
				*line = start;
				*n = ASH_MAX_LINE;
				*cut = true;
				in->skipping = true;
				in->off += avail;
				return 1;
			}
			in->off += avail;
		}
		if (refill(in, err))
			return -1;
	}
}

long ash_input_read(ash_input *in, void *buf, size_t n, ash_err *err)
{
	size_t got = 0;
	while (got < n) {
		size_t avail = in->len - in->off;
		if (avail == 0) {
			if (in->eof)
				break;
			if (refill(in, err))
				return -1;
			continue;
		}
		size_t k = avail < n - got ? avail : n - got;
		memcpy((char *)buf + got, in->buf + in->off, k);
		in->off += k;
		got += k;
	}
	return (long)got;
}

static ssize_t stream_read(void *cookie, char *buf, size_t n)
{
	ash_err err;
	long r = ash_input_read(cookie, buf, n, &err);
	return r < 0 ? -1 : r;
}

FILE *ash_input_stream(ash_input *in)
{
	cookie_io_functions_t io = {.read = stream_read};
	return fopencookie(in, "r", io);
}
