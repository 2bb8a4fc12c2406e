/* SPDX-License-Identifier: MIT */
/* evidence.c: SHA-256 (OpenSSL libcrypto, which uses the CPU's SHA
 * instructions) and the durable, content-addressed copy of each input. */
#include "ingest/evidence.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/io.h"
#include "core/xalloc.h"

#define BLK (1u << 20)

void ash_sha_hex(const uint8_t sha[32], char out[65])
{
	ash_io_hex(sha, 32, out);
}

/* Read fd to the end, hashing; when out >= 0 also write everything there. */
static int hash_fd(int fd, int out, const char *name, uint8_t sha[32],
		   uint64_t *size, ash_progress_fn progress, void *ctx,
		   ash_err *err)
{
	struct stat st;
	uint64_t expect = fstat(fd, &st) == 0 && S_ISREG(st.st_mode)
				  ? (uint64_t)st.st_size : 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char *buf = ash_malloc(BLK);
	int rc = ASH_OK;
	uint64_t total = 0;
	if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		rc = ash_errf(err, ASH_EINTERNAL, "sha256 init failed");
		goto out;
	}
	for (;;) {
		ssize_t r = read(fd, buf, BLK);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = ash_errno(err, ASH_EIO, "%s: read", name);
			goto out;
		}
		if (r == 0)
			break;
		EVP_DigestUpdate(md, buf, (size_t)r);
		total += (uint64_t)r;
		if (progress)
			progress(ctx, total, expect > total ? expect : total, 0);
		for (ssize_t w = 0; out >= 0 && w < r;) {
			ssize_t k = write(out, buf + w, (size_t)(r - w));
			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0) {
				rc = ash_errno(err, ASH_EIO, "evidence copy of %s", name);
				goto out;
			}
			w += k;
		}
	}
	unsigned len = 32;
	EVP_DigestFinal_ex(md, sha, &len);
	*size = total;
out:
	EVP_MD_CTX_free(md);
	free(buf);
	return rc;
}

int ash_evidence_hash(const char *path, uint8_t sha[32], uint64_t *size,
		      ash_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ash_errno(err, ASH_EIO, "cannot open %s", path);
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	int rc = hash_fd(fd, -1, path, sha, size, NULL, NULL, err);
	close(fd);
	return rc;
}

static int finish(int fd, const char *tmp, const char *dst, const char *evdir,
		  ash_err *err)
{
	if (fchmod(fd, 0444) != 0 || fsync(fd) != 0) {
		int rc = ash_errno(err, ASH_EIO, "evidence %s", tmp);
		close(fd);
		unlink(tmp);
		return rc;
	}
	close(fd);
	if (rename(tmp, dst) != 0) {
		int rc = ash_errno(err, ASH_EIO, "evidence rename to %s", dst);
		unlink(tmp);
		return rc;
	}
	return ash_io_fsync_dir(evdir, err);
}

int ash_evidence_keep(const char *evdir, const char *path, uint8_t sha[32],
		      uint64_t *size, char *kept, size_t cap,
		      ash_progress_fn progress, void *ctx, ash_err *err)
{
	/* One pass: copy while hashing, so the kept copy is exactly the bytes
	 * hashed even if the source (a live log) grows meanwhile. */
	char tmp[4096], hex[65];
	int rc, in = 0, out;
	bool from_stdin = !strcmp(path, "-");
	if (!from_stdin && (in = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return ash_errno(err, ASH_EIO, "cannot open %s", path);
	if (!from_stdin)
		posix_fadvise(in, 0, 0, POSIX_FADV_SEQUENTIAL);
	snprintf(tmp, sizeof tmp, "%s/.incoming-XXXXXX", evdir);
	if ((out = mkstemp(tmp)) < 0) {
		rc = ash_errno(err, ASH_EIO, "cannot create %s", tmp);
		goto out;
	}
	rc = hash_fd(in, out, from_stdin ? "standard input" : path, sha, size,
		     progress, ctx, err);
	if (rc)
		goto out;
	ash_sha_hex(sha, hex);
	snprintf(kept, cap, "%s/%s", evdir, hex);
	struct stat st;
	if (stat(kept, &st) == 0 && (uint64_t)st.st_size == *size)
		goto out; /* same content already kept: drop the new copy */
	rc = finish(out, tmp, kept, evdir, err);
	out = -1;
out:
	if (out >= 0) {
		close(out);
		unlink(tmp);
	}
	if (!from_stdin)
		close(in);
	return rc;
}
