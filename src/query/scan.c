/* SPDX-License-Identifier: MIT */
/* scan.c: the chunk scanner (see scan.h).  Plans which chunks to read,
 * runs workers over them (pthreads, a shared atomic counter), or reads
 * them in time order for the ordered consumer. */
#include "query/scan.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xalloc.h"

typedef struct plan {
	size_t *idx;    /* chunk indices to read */
	size_t n;
} plan;

typedef struct shared {
	const ash_store *s;
	const ash_scan_opts *o;
	const ash_scan_ops *ops;
	unsigned cols;
	plan p;
	atomic_size_t next;
	atomic_bool failed;
	pthread_mutex_t lock;  /* err, stats, progress */
	size_t done;
	ash_scan_stats *st;
	ash_err *err;
	int rc;
} shared;

typedef struct worker {
	shared *sh;
	void *state;
	pthread_t tid;
	bool started;
} worker;

int ash_scan_threads(int want, size_t nchunks)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int n = want > 0 ? want : (int)(cpus > 0 ? cpus : 1);
	if (n > ASH_SCAN_MAX_THREADS)
		n = ASH_SCAN_MAX_THREADS;
	if ((size_t)n > nchunks)
		n = nchunks ? (int)nchunks : 1;
	return n;
}

static void make_plan(const ash_store *s, const ash_filter *f, plan *p,
		      ash_scan_stats *st)
{
	size_t n = ash_store_chunk_count(s);
	p->idx = ash_calloc(n ? n : 1, sizeof *p->idx);
	p->n = 0;
	for (size_t i = 0; i < n; i++)
		if (!f || ash_filter_chunk_may_match(f, ash_store_chunk(s, i)))
			p->idx[p->n++] = i;
	st->chunks = n;
	st->skipped = n - p->n;
}

static unsigned cols_of(const ash_scan_opts *o)
{
	return o->cols | (o->filter ? ash_filter_columns(o->filter) : 0);
}

/* Read chunk ci and select its rows into *sel (grown as needed). */
static int read_one(const ash_store *s, const ash_scan_opts *o, unsigned cols,
		    ash_chunk_reader *r, ash_filter_scratch *fs, size_t ci,
		    ash_batch *b, uint64_t **sel, size_t *selcap,
		    size_t *matched, ash_err *err)
{
	int rc = ash_chunk_read(r, s, ci, cols, b, err);
	if (rc)
		return rc;
	size_t words = (b->n + 63) / 64;
	ash_grow((void **)sel, selcap, words ? words : 1, sizeof **sel);
	if (o->filter)
		return ash_filter_run(o->filter, fs, b, *sel, matched, err);
	memset(*sel, 0xff, words * 8);
	if (b->n % 64)
		(*sel)[words - 1] = (1ull << (b->n % 64)) - 1;
	*matched = b->n;
	return ASH_OK;
}

static void fail(shared *sh, int rc, const ash_err *e)
{
	pthread_mutex_lock(&sh->lock);
	if (!sh->rc) {
		sh->rc = rc;
		if (sh->err)
			*sh->err = *e;
	}
	atomic_store(&sh->failed, true);
	pthread_mutex_unlock(&sh->lock);
}

static void account(shared *sh, const ash_batch *b, size_t matched)
{
	pthread_mutex_lock(&sh->lock);
	sh->st->read++;
	sh->st->rows += b->n;
	sh->st->matched += matched;
	sh->done++;
	if (sh->o->progress)
		sh->o->progress(sh->o->pctx, sh->done, sh->p.n);
	pthread_mutex_unlock(&sh->lock);
}

static void *work(void *arg)
{
	worker *w = arg;
	shared *sh = w->sh;
	ash_chunk_reader *r = ash_chunk_reader_new();
	ash_filter_scratch *fs = ash_filter_scratch_new();
	uint64_t *sel = NULL;
	size_t selcap = 0;
	ash_err e = {0};
	while (!atomic_load(&sh->failed)) {
		size_t k = atomic_fetch_add(&sh->next, 1);
		if (k >= sh->p.n)
			break;
		ash_batch b;
		size_t matched = 0;
		int rc = read_one(sh->s, sh->o, sh->cols, r, fs, sh->p.idx[k], &b,
				  &sel, &selcap, &matched, &e);
		if (!rc && matched)
			rc = sh->ops->batch(w->state, &b, sel, matched, &e);
		if (rc) {
			fail(sh, rc, &e);
			break;
		}
		account(sh, &b, matched);
	}
	free(sel);
	ash_filter_scratch_free(fs);
	ash_chunk_reader_free(r);
	return NULL;
}

static int merge_all(shared *sh, worker *w, int n, void *ctx, ash_err *err)
{
	int rc = sh->rc;
	for (int i = 0; i < n; i++) {
		if (!rc && w[i].state)
			rc = sh->ops->merge(ctx, w[i].state, err);
		if (w[i].state)
			sh->ops->thread_free(w[i].state);
	}
	return rc;
}

int ash_scan(const ash_store *s, const ash_scan_opts *o,
	     const ash_scan_ops *ops, void *ctx, ash_scan_stats *st,
	     ash_err *err)
{
	ash_scan_stats local;
	shared sh = {.s = s, .o = o, .ops = ops, .cols = cols_of(o),
		     .st = st ? st : &local, .err = err};
	memset(sh.st, 0, sizeof *sh.st);
	make_plan(s, o->filter, &sh.p, sh.st);
	atomic_init(&sh.next, 0);
	atomic_init(&sh.failed, false);
	pthread_mutex_init(&sh.lock, NULL);
	int n = ash_scan_threads(o->threads, sh.p.n);
	worker *w = ash_calloc((size_t)n, sizeof *w);
	sh.st->threads = n;
	for (int i = 0; i < n; i++) {
		w[i].sh = &sh;
		w[i].state = ops->thread_new(ctx);
	}
	if (n == 1) {
		work(&w[0]);
	} else {
		for (int i = 0; i < n; i++)
			w[i].started = pthread_create(&w[i].tid, NULL, work, &w[i]) == 0;
		for (int i = 0; i < n; i++)
			if (w[i].started)
				pthread_join(w[i].tid, NULL);
		/* a worker that could not start leaves its chunks to the others,
		 * unless none started at all */
		bool any = false;
		for (int i = 0; i < n; i++)
			any |= w[i].started;
		if (!any)
			work(&w[0]);
	}
	int rc = merge_all(&sh, w, n, ctx, err);
	pthread_mutex_destroy(&sh.lock);
	free(w);
	free(sh.p.idx);
	return rc;
}

/* ---------------------------------------------------------------- ordered */

typedef struct tkey {
	int64_t t;
	size_t i;
} tkey;

static int by_tmin(const void *a, const void *b)
{
	const tkey *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void sort_plan(const ash_store *s, plan *p)
{
	tkey *k = ash_calloc(p->n ? p->n : 1, sizeof *k);
	for (size_t j = 0; j < p->n; j++)
		k[j] = (tkey){ash_store_chunk(s, p->idx[j])->t_min, p->idx[j]};
	qsort(k, p->n, sizeof *k, by_tmin);
	for (size_t j = 0; j < p->n; j++)
		p->idx[j] = k[j].i;
	free(k);
}

int ash_scan_ordered(const ash_store *s, const ash_scan_opts *o,
		     ash_scan_ordered_fn fn, void *ctx, ash_scan_stats *st,
		     ash_err *err)
{
	ash_scan_stats local;
	st = st ? st : &local;
	memset(st, 0, sizeof *st);
	plan p;
	make_plan(s, o->filter, &p, st);
	sort_plan(s, &p);
	st->threads = 1;
	ash_chunk_reader *r = ash_chunk_reader_new();
	ash_filter_scratch *fs = ash_filter_scratch_new();
	uint64_t *sel = NULL;
	size_t selcap = 0;
	unsigned cols = cols_of(o);
	bool stop = false;
	int rc = ASH_OK;
	for (size_t k = 0; k < p.n && !stop; k++) {
		ash_batch b;
		size_t matched = 0;
		int64_t wm = k + 1 < p.n ? ash_store_chunk(s, p.idx[k + 1])->t_min
					 : INT64_MAX;
		if ((rc = read_one(s, o, cols, r, fs, p.idx[k], &b, &sel, &selcap,
				   &matched, err)))
			break;
		st->read++;
		st->rows += b.n;
		st->matched += matched;
		if ((rc = fn(ctx, &b, sel, matched, wm, &stop, err)))
			break;
		if (o->progress)
			o->progress(o->pctx, k + 1, p.n);
	}
	free(sel);
	ash_filter_scratch_free(fs);
	ash_chunk_reader_free(r);
	free(p.idx);
	return rc;
}
