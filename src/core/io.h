/* SPDX-License-Identifier: MIT */
/* io.h: small file helpers: little-endian field access,
 * whole reads and writes that retry on EINTR and short counts, and the
 * durable replace (temp file, fsync, rename, fsync directory).
 *
 * Used by the store and the evidence keeper; knows no file layout. */
#ifndef ASH_CORE_IO_H
#define ASH_CORE_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/err.h"

/* Little-endian loads and stores at p (no alignment needed). */
static inline uint16_t ash_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t ash_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t ash_le64(const uint8_t *p)
{
	return (uint64_t)ash_le32(p) | (uint64_t)ash_le32(p + 4) << 32;
}

static inline void ash_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void ash_put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void ash_put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* crc32 (zlib) of n bytes, n of any size. */
uint32_t ash_io_crc32(const uint8_t *p, size_t n);

/* "a/b" into buf; returns 0, or ASH_ELIMIT (err set) when it does not
 * fit in cap bytes. */
int ash_io_path(char *buf, size_t cap, const char *a, const char *b,
		ash_err *err);

/* Write all n bytes to fd.  Returns 0 or ASH_EIO (err names what). */
int ash_io_write_all(int fd, const void *buf, size_t n, const char *what,
		     ash_err *err);
/* Read exactly n bytes at offset off.  Returns 0, ASH_EIO, or
 * ASH_ECORRUPT when the file ends first. */
int ash_io_pread_all(int fd, void *buf, size_t n, uint64_t off,
		     const char *what, ash_err *err);
/* fsync the directory at path.  Returns 0 or ASH_EIO. */
int ash_io_fsync_dir(const char *path, ash_err *err);
/* Write buf to path durably: path.tmp, fsync, rename over path, fsync the
 * directory dir.  On failure path.tmp is removed and *renamed tells
 * whether path was already replaced (only the directory fsync failed). */
int ash_io_replace(const char *dir, const char *path, const void *buf,
		   size_t n, bool *renamed, ash_err *err);

/* mkdir -p: create path and its missing parents (mode 0755).  Returns 0,
 * or ASH_EIO (err names the part that failed) when path or a parent
 * cannot be made or is not a directory. */
int ash_io_mkdir_p(const char *path, ash_err *err);

/* Lower-case hex of n bytes into out (2n + 1 bytes with the NUL). */
void ash_io_hex(const uint8_t *p, size_t n, char *out);

#endif
