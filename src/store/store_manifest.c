/* SPDX-License-Identifier: MIT */
/* store_manifest.c: MANIFEST encode, decode with validation, durable save
 * (see store_manifest.h; layout in store_format.h).  Does not look at
 * chunk files: store_check.c verifies that they match. */
#include "store/store_manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "store/store_format.h"
#include "core/io.h"

void ash_manifest_init(ash_manifest *m)
{
	memset(m, 0, sizeof *m);
}

void ash_manifest_free(ash_manifest *m)
{
	free(m->ev);
	free(m->ch);
	ash_manifest_init(m);
}

void ash_manifest_copy(ash_manifest *dst, const ash_manifest *src)
{
	ash_manifest_init(dst);
	dst->generation = src->generation;
	dst->records = src->records;
	dst->nev = dst->cap_ev = src->nev;
	dst->nch = dst->cap_ch = src->nch;
	dst->ev = ash_reallocarray(NULL, src->nev, sizeof *src->ev);
	dst->ch = ash_reallocarray(NULL, src->nch, sizeof *src->ch);
	if (src->nev)
		memcpy(dst->ev, src->ev, src->nev * sizeof *src->ev);
	if (src->nch)
		memcpy(dst->ch, src->ch, src->nch * sizeof *src->ch);
}

int ash_manifest_add_evidence(ash_manifest *m, const ash_evidence *ev,
			      ash_err *err)
{
	if (m->nev >= ASH_MANIFEST_MAX_EVIDENCE)
		return ash_errf(err, ASH_ELIMIT,
				"store: more than %u evidence files",
				ASH_MANIFEST_MAX_EVIDENCE);
	ash_grow((void **)&m->ev, &m->cap_ev, m->nev + 1, sizeof *m->ev);
	m->ev[m->nev++] = *ev;
	return 0;
}

int ash_manifest_add_chunk(ash_manifest *m, const ash_chunk_meta *c,
			   ash_err *err)
{
	if (m->nch >= ASH_MANIFEST_MAX_CHUNKS)
		return ash_errf(err, ASH_ELIMIT, "store: more than %u chunks",
				ASH_MANIFEST_MAX_CHUNKS);
	ash_grow((void **)&m->ch, &m->cap_ch, m->nch + 1, sizeof *m->ch);
	m->ch[m->nch++] = *c;
	m->records += c->records;
	return 0;
}

size_t ash_manifest_size(const ash_manifest *m)
{
	return ASH_MANIFEST_HDR + m->nev * ASH_MANIFEST_EV_SIZE +
	       m->nch * ASH_MANIFEST_CH_SIZE + 4;
}

/* Copy a NUL-terminated string into a zero-filled field of cap bytes. */
static void put_str(uint8_t *p, size_t cap, const char *s)
{
	size_t n = strnlen(s, cap - 1);
	memset(p, 0, cap);
	memcpy(p, s, n);
}

static void encode_ev(const ash_evidence *e, uint8_t *p)
{
	memset(p, 0, ASH_MANIFEST_EV_SIZE);
	memcpy(p, e->sha256, 32);
	put_str(p + 32, 256, e->name);
	ash_put64(p + 288, e->size);
	ash_put64(p + 296, e->records);
	ash_put64(p + 304, e->rejected);
	ash_put64(p + 312, e->meta_lines);
	ash_put64(p + 320, (uint64_t)e->ingested_at);
	p[328] = e->format;
	put_str(p + 336, 64, e->site);
}

static void encode_ch(const ash_chunk_meta *c, uint8_t *p)
{
	ash_put32(p, c->evidence);
	ash_put32(p + 4, c->records);
	ash_put64(p + 8, (uint64_t)c->t_min);
	ash_put64(p + 16, (uint64_t)c->t_max);
	memcpy(p + 24, c->bloom, ASH_BLOOM_BYTES);
	put_str(p + 280, 64, c->file);
	ash_put64(p + 344, c->file_size);
}

void ash_manifest_encode(const ash_manifest *m, uint8_t *buf)
{
	uint8_t *p = buf;
	memset(p, 0, ASH_MANIFEST_HDR);
	memcpy(p, ASH_MANIFEST_MAGIC, 8);
	ash_put32(p + 8, ASH_MANIFEST_VERSION);
	ash_put32(p + 12, (uint32_t)m->nev);
	ash_put32(p + 16, (uint32_t)m->nch);
	ash_put64(p + 24, m->generation);
	p += ASH_MANIFEST_HDR;
	for (size_t i = 0; i < m->nev; i++, p += ASH_MANIFEST_EV_SIZE)
		encode_ev(&m->ev[i], p);
	for (size_t i = 0; i < m->nch; i++, p += ASH_MANIFEST_CH_SIZE)
		encode_ch(&m->ch[i], p);
	ash_put32(p, ash_io_crc32(buf, (size_t)(p - buf)));
}

bool ash_manifest_valid_name(const char *s)
{
	size_t n = strnlen(s, ASH_CHUNK_NAME_MAX);
	if (n == 0 || n >= ASH_CHUNK_NAME_MAX || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == '-'))
			return false;
	}
	return true;
}

/* A string field of cap bytes must hold its NUL. */
static int get_str(const uint8_t *p, size_t cap, char *out)
{
	if (!memchr(p, 0, cap))
		return -1;
	memcpy(out, p, cap);
	return 0;
}

static int decode_ev(const uint8_t *p, ash_evidence *e, size_t i,
		     ash_err *err)
{
	memset(e, 0, sizeof *e);
	memcpy(e->sha256, p, 32);
	if (get_str(p + 32, 256, e->name) || get_str(p + 336, 64, e->site))
		return ash_errf(err, ASH_ECORRUPT,
				"MANIFEST: evidence %zu: unterminated name", i);
	e->size = ash_le64(p + 288);
	e->records = ash_le64(p + 296);
	e->rejected = ash_le64(p + 304);
	e->meta_lines = ash_le64(p + 312);
	e->ingested_at = (int64_t)ash_le64(p + 320);
	e->format = p[328];
	if (e->format >= ASH_FMT_MAX_)
		return ash_errf(err, ASH_ECORRUPT,
				"MANIFEST: evidence %zu: bad format %u", i,
				e->format);
	return 0;
}

static int decode_ch(const uint8_t *p, size_t nev, ash_chunk_meta *c,
		     size_t i, ash_err *err)
{
	memset(c, 0, sizeof *c);
	c->evidence = ash_le32(p);
	c->records = ash_le32(p + 4);
	c->t_min = (int64_t)ash_le64(p + 8);
	c->t_max = (int64_t)ash_le64(p + 16);
	memcpy(c->bloom, p + 24, ASH_BLOOM_BYTES);
	c->file_size = ash_le64(p + 344);
	if (get_str(p + 280, 64, c->file) || !ash_manifest_valid_name(c->file))
		return ash_errf(err, ASH_ECORRUPT,
				"MANIFEST: chunk %zu: bad file name", i);
	if (c->evidence >= nev || c->records == 0 ||
	    c->records > ASH_CHUNK_MAX_RECORDS || c->t_min > c->t_max ||
	    c->file_size < ASH_CHUNK_HDR)
		return ash_errf(err, ASH_ECORRUPT,
				"MANIFEST: chunk %zu (%s): inconsistent entry",
				i, c->file);
	return 0;
}

static int decode_header(const uint8_t *buf, size_t n, uint32_t *nev,
			 uint32_t *nch, ash_err *err)
{
	if (n < ASH_MANIFEST_HDR + 4 || memcmp(buf, ASH_MANIFEST_MAGIC, 8) != 0)
		return ash_errf(err, ASH_ECORRUPT, "MANIFEST: not a manifest");
	if (ash_le32(buf + 8) != ASH_MANIFEST_VERSION)
		return ash_errf(err, ASH_ECORRUPT,
				"MANIFEST: unsupported version %u",
				ash_le32(buf + 8));
	*nev = ash_le32(buf + 12);
	*nch = ash_le32(buf + 16);
	if (*nev > ASH_MANIFEST_MAX_EVIDENCE || *nch > ASH_MANIFEST_MAX_CHUNKS)
		return ash_errf(err, ASH_ECORRUPT, "MANIFEST: too many entries");
	uint64_t want = ASH_MANIFEST_HDR + (uint64_t)*nev * ASH_MANIFEST_EV_SIZE +
			(uint64_t)*nch * ASH_MANIFEST_CH_SIZE + 4;
	if (want != n)
		return ash_errf(err, ASH_ECORRUPT,
				"MANIFEST: size %zu, expected %llu (truncated?)",
				n, (unsigned long long)want);
	if (ash_io_crc32(buf, n - 4) != ash_le32(buf + n - 4))
		return ash_errf(err, ASH_ECORRUPT, "MANIFEST: checksum mismatch");
	return 0;
}

int ash_manifest_decode(const uint8_t *buf, size_t n, ash_manifest *m,
			ash_err *err)
{
	uint32_t nev = 0, nch = 0;
	ash_manifest_init(m);
	int rc = decode_header(buf, n, &nev, &nch, err);
	if (rc)
		goto out;
	m->generation = ash_le64(buf + 24);
	m->ev = ash_calloc(nev, sizeof *m->ev);
	m->ch = ash_calloc(nch, sizeof *m->ch);
	m->cap_ev = m->nev = nev;
	m->cap_ch = m->nch = nch;
	const uint8_t *p = buf + ASH_MANIFEST_HDR;
	for (size_t i = 0; i < nev && rc == 0; i++, p += ASH_MANIFEST_EV_SIZE)
		rc = decode_ev(p, &m->ev[i], i, err);
	for (size_t i = 0; i < nch && rc == 0; i++, p += ASH_MANIFEST_CH_SIZE) {
		rc = decode_ch(p, nev, &m->ch[i], i, err);
		m->records += m->ch[i].records;
	}
out:
	if (rc)
		ash_manifest_free(m);
	return rc;
}

static int read_whole(int fd, const char *path, uint8_t **out, size_t *n,
		      ash_err *err)
{
	struct stat st;
	uint64_t cap = ASH_MANIFEST_HDR + 4 +
		       (uint64_t)ASH_MANIFEST_MAX_EVIDENCE * ASH_MANIFEST_EV_SIZE +
		       (uint64_t)ASH_MANIFEST_MAX_CHUNKS * ASH_MANIFEST_CH_SIZE;
	if (fstat(fd, &st) != 0)
		return ash_errno(err, ASH_EIO, "%s: stat", path);
	if (st.st_size < 0 || (uint64_t)st.st_size > cap)
		return ash_errf(err, ASH_ECORRUPT, "%s: implausible size", path);
	*n = (size_t)st.st_size;
	*out = ash_malloc(*n);
	int rc = ash_io_pread_all(fd, *out, *n, 0, path, err);
	if (rc) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

int ash_manifest_load(const char *dir, ash_manifest *m, ash_err *err)
{
	char path[PATH_MAX];
	uint8_t *buf = NULL;
	size_t n = 0;
	int fd = -1, rc;
	ash_manifest_init(m);
	rc = ash_io_path(path, sizeof path, dir, "MANIFEST", err);
	if (rc)
		goto out;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = ash_errno(err, errno == ENOENT ? ASH_ENOTFOUND : ASH_EIO,
			       "%s: open", path);
		goto out;
	}
	rc = read_whole(fd, path, &buf, &n, err);
	if (rc)
		goto out;
	rc = ash_manifest_decode(buf, n, m, err);
	if (rc)
		ash_err_prefix(err, dir);
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return rc;
}

int ash_manifest_save(const char *dir, const ash_manifest *m, bool *renamed,
		      ash_err *err)
{
	char path[PATH_MAX];
	*renamed = false;
	int rc = ash_io_path(path, sizeof path, dir, "MANIFEST", err);
	if (rc)
		return rc;
	size_t n = ash_manifest_size(m);
	uint8_t *buf = ash_malloc(n);
	ash_manifest_encode(m, buf);
	rc = ash_io_replace(dir, path, buf, n, renamed, err);
	free(buf);
	return rc;
}
