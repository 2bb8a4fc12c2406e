/* SPDX-License-Identifier: MIT */
/* store_flush.c: the chunk writer of a transaction (see store_flush.h).
 *
 * States: `cur` is the builder being filled by the appending thread; a
 * submitted builder becomes `job`; the writer thread encodes and writes
 * it, resets it and hands it back as `spare`.  The appending thread waits
 * only when it fills a builder while the previous one is still being
 * written.  The encoder and the list of written chunks belong to whoever
 * writes: the caller before the thread starts, the thread until joined. */
#include "store/store_flush.h"

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "core/io.h"

struct ash_flush {
	char dir[PATH_MAX], prefix[40];
	uint32_t evidence, seq;
	size_t max_chunks;
	ash_chunk_tuning tuning;
	ash_chunk_builder *cur, *spare, *job;
	ash_chunk_enc *enc;
	ash_chunk_meta *metas;
	size_t nmetas, cap_metas;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool threaded, quit, abandon;
	int rc;      /* first error (sticky) */
	ash_err err; /* its message */
};

ash_flush *ash_flush_new(const char *dir, const char *prefix,
			 uint32_t evidence, size_t max_chunks,
			 const ash_chunk_tuning *t)
{
	ash_flush *f = ash_calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "%s", dir);
	snprintf(f->prefix, sizeof f->prefix, "%s", prefix);
	f->evidence = evidence;
	f->max_chunks = max_chunks;
	f->tuning = *t;
	f->cur = ash_chunk_builder_new(t);
	f->enc = ash_chunk_enc_new();
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->cv, NULL);
	return f;
}

ash_chunk_builder *ash_flush_builder(ash_flush *f)
{
	return f->cur;
}

static int write_file(const char *tmp, const char *path, const uint8_t *img,
		      size_t n, ash_err *err)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return ash_errno(err, ASH_EIO, "%s: create", tmp);
	int rc = ash_io_write_all(fd, img, n, tmp, err);
	if (rc == 0 && fsync(fd) != 0)
		rc = ash_errno(err, ASH_EIO, "%s: fsync", tmp);
	if (close(fd) != 0 && rc == 0)
		rc = ash_errno(err, ASH_EIO, "%s: close", tmp);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = ash_errno(err, ASH_EIO, "%s: rename", path);
	if (rc)
		unlink(tmp);
	return rc;
}

/* Encode cb and write it as the next chunk file; record its meta. */
static int write_chunk(ash_flush *f, const ash_chunk_builder *cb,
		       ash_err *err)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	ash_chunk_meta m;
	const uint8_t *img;
	size_t n;
	if (f->nmetas >= f->max_chunks)
		return ash_errf(err, ASH_ELIMIT, "store: chunk limit reached");
	memset(&m, 0, sizeof m);
	int rc = ash_chunk_encode(f->enc, cb, &img, &n, &m, err);
	if (rc)
		return rc;
	m.evidence = f->evidence;
	snprintf(m.file, sizeof m.file, "%s-%06u.ach", f->prefix, f->seq++);
	int k = snprintf(path, sizeof path, "%s/chunks/%s", f->dir, m.file);
	if (k < 0 || (size_t)k >= sizeof path ||
	    snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
		return ash_errf(err, ASH_ELIMIT, "%s: path too long", f->dir);
	if ((rc = write_file(tmp, path, img, n, err)))
		return rc;
	ash_grow((void **)&f->metas, &f->cap_metas, f->nmetas + 1,
		 sizeof *f->metas);
	f->metas[f->nmetas++] = m;
	return 0;
}

static void *writer(void *arg)
{
	ash_flush *f = arg;
	ash_err e;
	pthread_mutex_lock(&f->mu);
	for (;;) {
		while (!f->job && !f->quit)
			pthread_cond_wait(&f->cv, &f->mu);
		if (!f->job)
			break;
		ash_chunk_builder *b = f->job;
		bool skip = f->rc || f->abandon;
		pthread_mutex_unlock(&f->mu);
		int rc = skip ? 0 : write_chunk(f, b, &e);
		ash_chunk_builder_reset(b);
		pthread_mutex_lock(&f->mu);
		if (rc && !f->rc) {
			f->rc = rc;
			f->err = e;
		}
		f->spare = b;
		f->job = NULL;
		pthread_cond_broadcast(&f->cv);
	}
	pthread_mutex_unlock(&f->mu);
	return NULL;
}

static int sticky(const ash_flush *f, ash_err *err)
{
	return ash_errf(err, f->rc, "%s", f->err.msg);
}

/* Write the current builder in the calling thread (no writer thread). */
static int write_here(ash_flush *f, ash_err *err)
{
	int rc = write_chunk(f, f->cur, &f->err);
	ash_chunk_builder_reset(f->cur);
	if (rc) {
		f->rc = rc;
		return sticky(f, err);
	}
	return 0;
}

/* Give cur to the writer; with next, make a spare builder current. */
static int hand_over(ash_flush *f, bool next, ash_err *err)
{
	int rc;
	pthread_mutex_lock(&f->mu);
	while (f->job)
		pthread_cond_wait(&f->cv, &f->mu);
	rc = f->rc;
	if (rc == 0) {
		f->job = f->cur;
		f->cur = f->spare;
		f->spare = NULL;
		pthread_cond_broadcast(&f->cv);
	}
	pthread_mutex_unlock(&f->mu);
	if (rc)
		return sticky(f, err);
	if (next && !f->cur)
		f->cur = ash_chunk_builder_new(&f->tuning);
	return 0;
}

int ash_flush_submit(ash_flush *f, ash_err *err)
{
	if (f->rc && !f->threaded)
		return sticky(f, err);
	if (!f->threaded) {
		/* the first full chunk: start the writer (or write here when
		 * no thread can be had) */
		if (pthread_create(&f->th, NULL, writer, f) != 0)
			return write_here(f, err);
		f->threaded = true;
	}
	return hand_over(f, true, err);
}

static void stop(ash_flush *f, bool abandon)
{
	if (!f->threaded)
		return;
	pthread_mutex_lock(&f->mu);
	f->quit = true;
	f->abandon = abandon;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
	pthread_join(f->th, NULL);
	f->threaded = false;
}

int ash_flush_finish(ash_flush *f, ash_err *err)
{
	int rc = 0;
	if (ash_chunk_builder_count(f->cur) > 0) {
		if (f->threaded)
			rc = hand_over(f, false, err);
		else if (f->rc == 0)
			rc = write_here(f, err);
	}
	stop(f, false);
	if (rc == 0 && f->rc)
		rc = sticky(f, err);
	return rc;
}

const ash_chunk_meta *ash_flush_chunks(const ash_flush *f, size_t *n)
{
	*n = f->nmetas;
	return f->metas;
}

void ash_flush_free(ash_flush *f, bool remove)
{
	char path[PATH_MAX];
	if (!f)
		return;
	stop(f, true);
	for (size_t i = 0; remove && i < f->nmetas; i++) {
		int k = snprintf(path, sizeof path, "%s/chunks/%s", f->dir,
				 f->metas[i].file);
		if (k > 0 && (size_t)k < sizeof path)
			unlink(path);
	}
	ash_chunk_builder_free(f->cur);
	ash_chunk_builder_free(f->spare);
	ash_chunk_builder_free(f->job);
	ash_chunk_enc_free(f->enc);
	free(f->metas);
	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->cv);
	free(f);
}
