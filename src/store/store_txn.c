/* SPDX-License-Identifier: MIT */
/* store_txn.c: the ingest transaction (see store.h).
 *
 * One transaction per evidence file, one at a time per store (flock on
 * store/LOCK).  Records are buffered in a chunk builder; each full chunk is
 * written under a name unique to the transaction as temp file, fsync,
 * rename, and stays an orphan until commit.  Rejected records stream to a
 * temp file.  Commit renames the rejects file into place, then replaces
 * the MANIFEST (temp, fsync, rename, fsync dir): that rename is the one
 * instant the ingest becomes visible, so a crash at any point before it
 * leaves the store as it was.  Memory stays bounded by two chunk builders
 * and an encoder (store_flush.h) and a stdio buffer, whatever the input
 * size.
 *
 * Does not parse input, hash files or decide duplicates for the user
 * (ash_store_begin refuses a sha256 already committed, as a guard). */
#include "store/store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "store/store_flush.h"
#include "store/store_format.h"
#include "core/io.h"

#define REJECT_TEXT_MAX 512
#define REJECT_REASON_MAX 256

struct ash_store_txn {
	ash_store *s;
	int lock_fd;
	ash_evidence ev;
	ash_flush *fl;          /* chunk writer */
	ash_chunk_builder *cb;  /* its current builder */
	FILE *rej;
	char rej_tmp[PATH_MAX], rej_path[PATH_MAX];
	uint64_t records, rejected, meta_lines;
	int failed;  /* sticky error of a failed append/reject */
	ash_err ferr;
};

/* --- lock ------------------------------------------------------------ */

static int lock_store(const ash_store *s, int *out, ash_err *err)
{
	char path[PATH_MAX], pid[32] = "";
	int rc = ash_io_path(path, sizeof path, s->dir, "LOCK", err);
	if (rc)
		return rc;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return ash_errno(err, ASH_EIO, "%s: open", path);
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		rc = errno == EWOULDBLOCK ? ASH_EEXIST : ASH_EIO;
		ssize_t n = pread(fd, pid, sizeof pid - 1, 0);
		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		close(fd);
		if (rc == ASH_EEXIST)
			return ash_errf(err, rc,
					"%s: store is locked by another ingest "
					"(pid %s)", s->dir, *pid ? pid : "?");
		return ash_errno(err, rc, "%s: flock", path);
	}
	int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
		close(fd);
		return ash_errno(err, ASH_EIO, "%s: write", path);
	}
	*out = fd;
	return 0;
}

/* --- rejects file ---------------------------------------------------- */

/* Length of the valid UTF-8 sequence at p (n bytes left), or 0. */
static size_t utf8_len(const uint8_t *p, size_t n)
{
	uint8_t c = p[0], lo = 0x80, hi = 0xbf;
	size_t len;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
	else
		return 0;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return len;
}

/* Escape at most max bytes of s into out (4 * max + 1 bytes): \t \n \r
 * \\ and \xNN for other control bytes and invalid UTF-8.  Returns the
 * length written (out is NUL-terminated). */
static size_t escape(const char *s, size_t n, size_t max, char *out)
{
	static const char hx[] = "0123456789abcdef";
	const uint8_t *p = (const uint8_t *)s;
	size_t o = 0;
	if (n > max)
		n = max;
	for (size_t i = 0; i < n;) {
		uint8_t c = p[i];
		size_t k = c >= 0x80 ? utf8_len(p + i, n - i) : 0;
		if (k) {
			memcpy(out + o, p + i, k);
			o += k, i += k;
			continue;
		}
		i++;
		const char *e = c == '\t' ? "\\t" : c == '\n' ? "\\n"
			      : c == '\r' ? "\\r" : c == '\\' ? "\\\\" : NULL;
		if (e) {
			memcpy(out + o, e, 2);
			o += 2;
		} else if (c < 0x20 || c >= 0x7f) {
			out[o++] = '\\', out[o++] = 'x';
			out[o++] = hx[c >> 4], out[o++] = hx[c & 15];
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return o;
}

static int open_rejects(ash_store_txn *t, ash_err *err)
{
	char hex[65], name[80];
	ash_io_hex(t->ev.sha256, 32, hex);
	snprintf(name, sizeof name, "rejects/%s.tsv", hex);
	int rc = ash_io_path(t->rej_path, sizeof t->rej_path, t->s->dir, name,
			     err);
	if (rc)
		return rc;
	if (snprintf(t->rej_tmp, sizeof t->rej_tmp, "%s.tmp", t->rej_path) >=
	    (int)sizeof t->rej_tmp)
		return ash_errf(err, ASH_ELIMIT, "%s: path too long", t->s->dir);
	t->rej = fopen(t->rej_tmp, "we");
	if (!t->rej)
		return ash_errno(err, ASH_EIO, "%s: create", t->rej_tmp);
	char esc[4 * 256 + 1];
	escape(t->ev.name, strlen(t->ev.name), 255, esc);
	fprintf(t->rej, "# ashiato rejects of evidence %s sha256 %s\n"
			"# line\treason\ttext\n", esc, hex);
	return 0;
}

int ash_store_reject(ash_store_txn *t, uint64_t where, const char *reason,
		     const char *text, size_t n, ash_err *err)
{
	char rbuf[4 * REJECT_REASON_MAX + 1], tbuf[4 * REJECT_TEXT_MAX + 1];
	if (t->failed)
		return ash_errf(err, t->failed, "%s", t->ferr.msg);
	t->rejected++;
	if (!reason)
		reason = "";
	escape(reason, strlen(reason), REJECT_REASON_MAX, rbuf);
	escape(text ? text : "", text ? n : 0, REJECT_TEXT_MAX, tbuf);
	fprintf(t->rej, "%llu\t%s\t%s\n", (unsigned long long)where, rbuf,
		tbuf);
	if (ferror(t->rej)) {
		t->failed = ash_errno(&t->ferr, ASH_EIO, "%s: write", t->rej_tmp);
		return ash_errf(err, t->failed, "%s", t->ferr.msg);
	}
	return 0;
}

/* fflush, fsync, close and rename the rejects file into place. */
static int close_rejects(ash_store_txn *t, ash_err *err)
{
	int rc = 0;
	if (fflush(t->rej) != 0 || ferror(t->rej))
		rc = ash_errno(err, ASH_EIO, "%s: write", t->rej_tmp);
	if (rc == 0 && fsync(fileno(t->rej)) != 0)
		rc = ash_errno(err, ASH_EIO, "%s: fsync", t->rej_tmp);
	if (fclose(t->rej) != 0 && rc == 0)
		rc = ash_errno(err, ASH_EIO, "%s: close", t->rej_tmp);
	t->rej = NULL;
	if (rc == 0 && rename(t->rej_tmp, t->rej_path) != 0)
		rc = ash_errno(err, ASH_EIO, "%s: rename", t->rej_path);
	return rc;
}

int ash_store_append(ash_store_txn *t, const ash_rec *r, ash_err *err)
{
	if (t->failed)
		return ash_errf(err, t->failed, "%s", t->ferr.msg);
	if (!ash_chunk_builder_add(t->cb, r)) {
		t->failed = ash_flush_submit(t->fl, &t->ferr);
		if (t->failed)
			return ash_errf(err, t->failed, "%s", t->ferr.msg);
		t->cb = ash_flush_builder(t->fl);
		ash_chunk_builder_add(t->cb, r); /* an empty builder accepts */
	}
	t->records++;
	return 0;
}

void ash_store_meta_line(ash_store_txn *t)
{
	t->meta_lines++;
}

uint64_t ash_store_txn_records(const ash_store_txn *t)
{
	return t->records;
}

uint64_t ash_store_txn_rejected(const ash_store_txn *t)
{
	return t->rejected;
}

/* --- begin, commit, abort -------------------------------------------- */

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Re-read the manifest under the lock: another process may have
 * committed since s was opened. */
static int reload(ash_store *s, ash_err *err)
{
	ash_manifest m;
	int rc = ash_manifest_load(s->dir, &m, err);
	if (rc)
		return rc;
	ash_manifest_free(&s->man);
	s->man = m;
	return 0;
}

/* Free t; with remove, delete the chunk files it wrote. */
static void txn_free(ash_store_txn *t, bool remove)
{
	if (t->rej) {
		fclose(t->rej);
		unlink(t->rej_tmp);
	}
	ash_flush_free(t->fl, remove);
	if (t->lock_fd >= 0)
		close(t->lock_fd); /* releases the flock */
	t->s->in_txn = false;
	free(t);
}

static int begin_checks(ash_store *s, const ash_evidence *ev, ash_err *err)
{
	char hex[65];
	if (ash_store_find_evidence(s, ev->sha256) >= 0) {
		ash_io_hex(ev->sha256, 32, hex);
		return ash_errf(err, ASH_EEXIST,
				"%s: evidence sha256 %s is already in the store",
				s->dir, hex);
	}
	if (s->man.nev >= ASH_MANIFEST_MAX_EVIDENCE)
		return ash_errf(err, ASH_ELIMIT, "store: more than %u evidence "
				"files", ASH_MANIFEST_MAX_EVIDENCE);
	return ash_store_orphans(s, true, NULL, NULL, err);
}

int ash_store_begin(ash_store *s, const ash_evidence *ev, ash_store_txn **out,
		    ash_err *err)
{
	ash_store_txn *t = NULL;
	uint32_t rnd = 0;
	char prefix[40];
	int rc;
	*out = NULL;
	if (s->in_txn)
		return ash_errf(err, ASH_EEXIST, "%s: store is locked by another "
				"ingest (pid %ld)", s->dir, (long)getpid());
	t = ash_calloc(1, sizeof *t);
	t->s = s;
	t->lock_fd = -1;
	s->in_txn = true;
	if ((rc = lock_store(s, &t->lock_fd, err)) || (rc = reload(s, err)) ||
	    (rc = begin_checks(s, ev, err)))
		goto out;
	t->ev = *ev;
	t->ev.name[sizeof t->ev.name - 1] = '\0';
	t->ev.site[sizeof t->ev.site - 1] = '\0';
	t->ev.records = t->ev.rejected = t->ev.meta_lines = 0;
	if (t->ev.ingested_at == 0)
		t->ev.ingested_at = now_us();
	if ((rc = open_rejects(t, err)))
		goto out;
	if (getrandom(&rnd, sizeof rnd, GRND_NONBLOCK) != (ssize_t)sizeof rnd)
		rnd = (uint32_t)now_us() ^ (uint32_t)getpid();
	snprintf(prefix, sizeof prefix, "%016llx-%08x",
		 (unsigned long long)s->man.generation + 1, rnd);
	t->fl = ash_flush_new(s->dir, prefix, (uint32_t)s->man.nev,
			      ASH_MANIFEST_MAX_CHUNKS - s->man.nch, &s->tuning);
	t->cb = ash_flush_builder(t->fl);
	*out = t;
	t = NULL;
out:
	if (t)
		txn_free(t, true);
	return rc;
}

void ash_store_abort(ash_store_txn *t)
{
	if (t)
		txn_free(t, true);
}

/* The committed manifest: the one read under the lock plus ours. */
static int new_manifest(ash_store_txn *t, ash_manifest *m, ash_err *err)
{
	ash_manifest_copy(m, &t->s->man);
	m->generation++;
	t->ev.records = t->records;
	t->ev.rejected = t->rejected;
	t->ev.meta_lines = t->meta_lines;
	size_t n;
	const ash_chunk_meta *ch = ash_flush_chunks(t->fl, &n);
	int rc = ash_manifest_add_evidence(m, &t->ev, err);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = ash_manifest_add_chunk(m, &ch[i], err);
	if (rc)
		ash_manifest_free(m);
	return rc;
}

int ash_store_commit(ash_store_txn *t, ash_err *err)
{
	char dir[PATH_MAX];
	ash_manifest m;
	bool renamed = false, committed = false;
	int rc = t->failed;
	if (rc) {
		ash_errf(err, rc, "%s", t->ferr.msg);
		goto out;
	}
	if ((rc = ash_flush_finish(t->fl, err)))
		goto out;
	if ((rc = close_rejects(t, err)) ||
	    (rc = ash_io_path(dir, sizeof dir, t->s->dir, "rejects", err)) ||
	    (rc = ash_io_fsync_dir(dir, err)) ||
	    (rc = ash_io_path(dir, sizeof dir, t->s->dir, "chunks", err)) ||
	    (rc = ash_io_fsync_dir(dir, err)) ||
	    (rc = new_manifest(t, &m, err)))
		goto out;
	rc = ash_manifest_save(t->s->dir, &m, &renamed, err);
	if (rc && !renamed) {
		ash_manifest_free(&m);
		goto out;
	}
	/* visible (if not yet durable when rc != 0): keep every file */
	ash_manifest_free(&t->s->man);
	t->s->man = m;
	committed = true;
out:
	if (!committed && !t->rej) {
		unlink(t->rej_tmp);
		unlink(t->rej_path);
	}
	txn_free(t, !committed);
	return rc;
}
