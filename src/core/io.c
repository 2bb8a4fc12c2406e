/* SPDX-License-Identifier: MIT */
/* io.c: small file helpers (see io.h).  Knows no file layout; never
 * prints. */
#include "core/io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

uint32_t ash_io_crc32(const uint8_t *p, size_t n)
{
	uLong c = crc32(0L, Z_NULL, 0);
	while (n > 0) {
		uInt k = n > (1u << 30) ? (1u << 30) : (uInt)n;
		c = crc32(c, p, k);
		p += k;
		n -= k;
	}
	return (uint32_t)c;
}

int ash_io_path(char *buf, size_t cap, const char *a, const char *b,
		ash_err *err)
{
	int n = snprintf(buf, cap, "%s/%s", a, b);
	if (n < 0 || (size_t)n >= cap)
		return ash_errf(err, ASH_ELIMIT, "%s: path too long", a);
	return 0;
}

int ash_io_write_all(int fd, const void *buf, size_t n, const char *what,
		     ash_err *err)
{
	const uint8_t *p = buf;
	while (n > 0) {
		size_t k = n > (1u << 30) ? (1u << 30) : n;
		ssize_t w = write(fd, p, k);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return ash_errno(err, ASH_EIO, "%s: write", what);
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int ash_io_pread_all(int fd, void *buf, size_t n, uint64_t off,
		     const char *what, ash_err *err)
{
	uint8_t *p = buf;
	while (n > 0) {
		if (off > (uint64_t)LLONG_MAX)
			return ash_errf(err, ASH_ECORRUPT, "%s: offset too large",
					what);
		size_t k = n > (1u << 30) ? (1u << 30) : n;
		ssize_t r = pread(fd, p, k, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return ash_errno(err, ASH_EIO, "%s: read", what);
		if (r == 0)
			return ash_errf(err, ASH_ECORRUPT,
					"%s: file ends early (truncated)", what);
		p += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

int ash_io_fsync_dir(const char *path, ash_err *err)
{
	int rc = 0;
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return ash_errno(err, ASH_EIO, "%s: open directory", path);
	if (fsync(fd) != 0 && errno != EINVAL)
		rc = ash_errno(err, ASH_EIO, "%s: fsync directory", path);
	close(fd);
	return rc;
}

int ash_io_replace(const char *dir, const char *path, const void *buf,
		   size_t n, bool *renamed, ash_err *err)
{
	char tmp[PATH_MAX];
	int rc, fd = -1;
	*renamed = false;
	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
		return ash_errf(err, ASH_ELIMIT, "%s: path too long", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return ash_errno(err, ASH_EIO, "%s: create", tmp);
	rc = ash_io_write_all(fd, buf, n, tmp, err);
	if (rc == 0 && fsync(fd) != 0)
		rc = ash_errno(err, ASH_EIO, "%s: fsync", tmp);
	if (close(fd) != 0 && rc == 0)
		rc = ash_errno(err, ASH_EIO, "%s: close", tmp);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = ash_errno(err, ASH_EIO, "%s: rename", path);
	if (rc != 0) {
		unlink(tmp);
		goto out;
	}
	*renamed = true;
	rc = ash_io_fsync_dir(dir, err);
out:
	return rc;
}

void ash_io_hex(const uint8_t *p, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hx[p[i] >> 4];
		out[2 * i + 1] = hx[p[i] & 15];
	}
	out[2 * n] = '\0';
}

int ash_io_mkdir_p(const char *path, ash_err *err)
{
	char buf[PATH_MAX];
	size_t n = strlen(path);
	struct stat st;
	if (n == 0 || n >= sizeof buf)
		return ash_errf(err, ASH_EIO, "bad folder name '%.200s'", path);
	memcpy(buf, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		char saved = buf[i];
		buf[i] = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return ash_errno(err, ASH_EIO, "cannot create %s", buf);
		buf[i] = saved;
	}
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return ash_errf(err, ASH_EIO, "%s: not a folder", path);
	return ASH_OK;
}
