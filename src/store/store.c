/* SPDX-License-Identifier: MIT */
/* store.c: opening and creating a store, access to its manifest, and the
 * listing of orphan files (see store.h, store_internal.h).  Ingest is in
 * store_txn.c, verification in store_check.c, chunk decoding in
 * store_chunk_read.c.  Opening takes no lock: a manifest is replaced only
 * by rename(2), so a reader always sees a whole committed state. */
#include "store/store_internal.h"

#include <dirent.h>
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

static int make_dir(const char *path, ash_err *err)
{
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		return ash_errno(err, ASH_EIO, "%s: mkdir", path);
	return 0;
}

/* Write an empty manifest unless one exists (link(2) never replaces, so
 * a concurrent commit is never overwritten). */
static int create_manifest(const char *dir, ash_err *err)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	uint8_t buf[ASH_MANIFEST_HDR + 4];
	ash_manifest m;
	int rc, fd;
	if ((rc = ash_io_path(path, sizeof path, dir, "MANIFEST", err)))
		return rc;
	if (access(path, F_OK) == 0)
		return 0;
	if (snprintf(tmp, sizeof tmp, "%s.new-%ld", path, (long)getpid()) >=
	    (int)sizeof tmp)
		return ash_errf(err, ASH_ELIMIT, "%s: path too long", dir);
	ash_manifest_init(&m);
	ash_manifest_encode(&m, buf);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return ash_errno(err, ASH_EIO, "%s: create", tmp);
	rc = ash_io_write_all(fd, buf, sizeof buf, tmp, err);
	if (rc == 0 && fsync(fd) != 0)
		rc = ash_errno(err, ASH_EIO, "%s: fsync", tmp);
	close(fd);
	if (rc == 0 && link(tmp, path) != 0 && errno != EEXIST)
		rc = ash_errno(err, ASH_EIO, "%s: link", path);
	unlink(tmp);
	if (rc == 0)
		rc = ash_io_fsync_dir(dir, err);
	return rc;
}

static int create_layout(const char *dir, ash_err *err)
{
	char sub[PATH_MAX];
	int rc;
	if ((rc = make_dir(dir, err)))
		return rc;
	if ((rc = ash_io_path(sub, sizeof sub, dir, "chunks", err)) ||
	    (rc = make_dir(sub, err)))
		return rc;
	if ((rc = ash_io_path(sub, sizeof sub, dir, "rejects", err)) ||
	    (rc = make_dir(sub, err)))
		return rc;
	return create_manifest(dir, err);
}

int ash_store_open(const char *dir, bool create, ash_store **out, ash_err *err)
{
	ash_store *s = NULL;
	int rc;
	*out = NULL;
	if (strlen(dir) > PATH_MAX - 256)
		return ash_errf(err, ASH_ELIMIT, "store path too long");
	if (create && (rc = create_layout(dir, err)))
		return rc;
	s = ash_calloc(1, sizeof *s);
	s->dir = ash_strdup(dir);
	s->tuning = (ash_chunk_tuning){ASH_CHUNK_DEFAULT_RECORDS,
				       ASH_CHUNK_DEFAULT_LEVEL, false};
	rc = ash_manifest_load(dir, &s->man, err);
	if (rc == ASH_ENOTFOUND)
		ash_errf(err, rc, "%s: no store here (no MANIFEST)", dir);
	if (rc) {
		ash_store_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

void ash_store_close(ash_store *s)
{
	if (!s)
		return;
	ash_manifest_free(&s->man);
	free(s->dir);
	free(s);
}

void ash_store_tune(ash_store *s, uint32_t chunk_records, int zstd_level)
{
	s->tuning.records = chunk_records ? chunk_records
					  : ASH_CHUNK_DEFAULT_RECORDS;
	s->tuning.zstd_level = zstd_level;
}

size_t ash_store_evidence_count(const ash_store *s)
{
	return s->man.nev;
}

const ash_evidence *ash_store_evidence(const ash_store *s, size_t i)
{
	return i < s->man.nev ? &s->man.ev[i] : NULL;
}

long ash_store_find_evidence(const ash_store *s, const uint8_t sha256[32])
{
	for (size_t i = 0; i < s->man.nev; i++)
		if (memcmp(s->man.ev[i].sha256, sha256, 32) == 0)
			return (long)i;
	return -1;
}

size_t ash_store_chunk_count(const ash_store *s)
{
	return s->man.nch;
}

const ash_chunk_meta *ash_store_chunk(const ash_store *s, size_t i)
{
	return i < s->man.nch ? &s->man.ch[i] : NULL;
}

uint64_t ash_store_record_count(const ash_store *s)
{
	return s->man.records;
}

const char *ash_store_dir(const ash_store *s)
{
	return s->dir;
}

void ash_store_rejects_path(const ash_store *s, size_t i, char *buf,
			    size_t cap)
{
	char hex[65] = "";
	if (cap == 0)
		return;
	if (i < s->man.nev)
		ash_io_hex(s->man.ev[i].sha256, 32, hex);
	snprintf(buf, cap, "%s/rejects/%s.tsv", s->dir, hex);
}

/* --- orphans --------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/* One directory: files with suffix keep (and in the sorted set) are kept,
 * those with suffix keep or ".tmp" otherwise are orphans. */
static int scan_dir(const char *dir, const char *keep, char **set,
		    size_t nset, bool remove, size_t *count, uint64_t *bytes,
		    ash_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st;
	if (!d)
		return ash_errno(err, ASH_EIO, "%s: open directory", dir);
	while ((de = readdir(d)) != NULL) {
		const char *name = de->d_name, *key = name;
		if (ends_with(name, keep)) {
			if (bsearch(&key, set, nset, sizeof *set, cmp_str))
				continue;
		} else if (!ends_with(name, ".tmp")) {
			continue;
		}
		(*count)++;
		if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) == 0)
			*bytes += (uint64_t)st.st_size;
		if (remove)
			unlinkat(dirfd(d), name, 0);
	}
	closedir(d);
	return 0;
}

static int scan_rejects(const ash_store *s, bool remove, size_t *count,
			uint64_t *bytes, ash_err *err)
{
	char path[PATH_MAX];
	size_t n = s->man.nev;
	char **set = ash_reallocarray(NULL, n + 1, sizeof *set);
	char *names = ash_reallocarray(NULL, n + 1, 72);
	for (size_t i = 0; i < n; i++) {
		set[i] = names + 72 * i;
		ash_io_hex(s->man.ev[i].sha256, 32, set[i]);
		memcpy(set[i] + 64, ".tsv", 5);
	}
	qsort(set, n, sizeof *set, cmp_str);
	int rc = ash_io_path(path, sizeof path, s->dir, "rejects", err);
	if (rc == 0)
		rc = scan_dir(path, ".tsv", set, n, remove, count, bytes, err);
	free(set);
	free(names);
	return rc;
}

int ash_store_orphans(const ash_store *s, bool remove, size_t *count,
		      uint64_t *bytes, ash_err *err)
{
	char path[PATH_MAX];
	size_t c = 0, n = s->man.nch;
	uint64_t b = 0;
	char **set = ash_reallocarray(NULL, n + 1, sizeof *set);
	for (size_t i = 0; i < n; i++)
		set[i] = s->man.ch[i].file;
	qsort(set, n, sizeof *set, cmp_str);
	int rc = ash_io_path(path, sizeof path, s->dir, "chunks", err);
	if (rc == 0)
		rc = scan_dir(path, ".ach", set, n, remove, &c, &b, err);
	free(set);
	if (rc == 0)
		rc = scan_rejects(s, remove, &c, &b, err);
	if (rc == 0 && ash_io_path(path, sizeof path, s->dir, "MANIFEST.tmp",
				   NULL) == 0 && access(path, F_OK) == 0) {
		c++;
		if (remove)
			unlink(path);
	}
	if (count)
		*count = c;
	if (bytes)
		*bytes = b;
	return rc;
}
