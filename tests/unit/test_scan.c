/* SPDX-License-Identifier: MIT */
/* test_scan.c: the chunk scanner and query row ordering over a real
 * store holding the fixture records in small chunks: chunk skipping,
 * the same answers with 1, 2 and 8 threads, time order across chunks
 * that overlap, --limit as the earliest N, and worker errors. */
#include "harness.h"

#include <stdlib.h>

#include "query/rows.h"
#include "query/scan.h"
#include "query/top.h"
#include "store/store.h"
#include "test_filter_fixture.h"

/* Store in a temp dir: evidence 0 = rows 0..19 (sg-hub), evidence 1 =
 * rows 20..29 (jp-branch), chunks of 4 records (not time-sorted). */
static ash_store *make_store(void)
{
	char dir[600];
	ash_store *s = NULL;
	ash_err err;
	snprintf(dir, sizeof dir, "%s/store", ash_test_tmpdir());
	if (ash_store_open(dir, true, &s, &err)) {
		ash_test_fail(__FILE__, __LINE__, "%s", err.msg);
		return NULL;
	}
	ash_store_tune(s, 4, 1);
	for (int e = 0; e < 2; e++) {
		ash_evidence ev = {.size = 1, .format = ASH_FMT_IPTABLES};
		ev.sha256[0] = (uint8_t)(e + 1);
		snprintf(ev.name, sizeof ev.name, "fx%d.log", e);
		snprintf(ev.site, sizeof ev.site, "%s", fx_sites[e]);
		ash_store_txn *t;
		CHECK_INT(ash_store_begin(s, &ev, &t, &err), 0);
		size_t lo = e ? FX_SPLIT : 0, hi = e ? FX_N : FX_SPLIT;
		for (size_t i = lo; i < hi; i++) {
			ash_rec r;
			fx_rec(&fx_rows[i], i, &r);
			CHECK_INT(ash_store_append(t, &r, &err), 0);
		}
		CHECK_INT(ash_store_commit(t, &err), 0);
	}
	return s;
}

static ash_filter *comp(const char *text)
{
	ash_filter *f = NULL;
	ash_err err;
	ash_filter_env env = {.zone_of = fx_zone_of};
	if (ash_filter_compile(text, strlen(text), &env, &f, &err))
		ash_test_fail(__FILE__, __LINE__, "%s: %s", text, err.msg);
	return f;
}

typedef struct tctx {
	const ash_top_spec *sp;
	ash_top *t;
	int fail_at;   /* make the worker's nth batch fail (0 = never) */
	int calls;
} tctx;

static void *t_new(void *ctx)
{
	return ash_top_worker_new(((tctx *)ctx)->t);
}

static int t_batch(void *st, const ash_batch *b, const uint64_t *sel,
		   size_t matched, ash_err *err)
{
	CHECK(matched > 0);
	return ash_top_worker_add(st, b, sel, err);
}

static int t_merge(void *ctx, void *st, ash_err *err)
{
	(void)ctx, (void)st, (void)err;
	return ASH_OK;
}

static void t_free(void *st)
{
	ash_top_worker_free(st);
}

static int t_failing(void *st, const ash_batch *b, const uint64_t *sel,
		     size_t matched, ash_err *err)
{
	(void)st, (void)b, (void)sel, (void)matched;
	return ash_errf(err, ASH_EIO, "boom");
}

/* top src/bytes of filter over s with n threads: rows as "key=value ..." */
static void top_text(const ash_store *s, const char *filter, int threads,
		     char *out, size_t cap, ash_scan_stats *st)
{
	ash_top_spec sp = {.key = ASH_TOP_SRC, .metric = ASH_M_BYTES};
	tctx tc = {&sp, ash_top_new(&sp), 0, 0};
	ash_filter *f = comp(filter);
	ash_scan_opts o = {.filter = f, .cols = ash_top_columns(&sp),
			   .threads = threads};
	ash_scan_ops ops = {t_new, t_batch, t_merge, t_free};
	ash_err err;
	CHECK_INT(ash_scan(s, &o, &ops, &tc, st, &err), 0);
	ash_top_row *r;
	size_t n = ash_top_rank(tc.t, 0, &r), o2 = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && o2 < cap; i++) {
		char k[100];
		uint64_t num;
		ash_top_key_text(tc.t, r[i].key, k, sizeof k, &num);
		o2 += (size_t)snprintf(out + o2, cap - o2, "%s=%" PRIu64 "/%" PRIu64 " ",
				       k, r[i].value, r[i].sums->records);
	}
	free(r);
	ash_top_free(tc.t);
	ash_filter_free(f);
}

TEST(scan_threads_agree)
{
	ash_store *s = make_store();
	if (!s)
		return;
	CHECK_INT(ash_store_chunk_count(s), 8); /* 5 + 3 chunks of <= 4 */
	char one[2048], two[2048], eight[2048];
	ash_scan_stats st;
	top_text(s, "", 1, one, sizeof one, &st);
	CHECK_INT(st.threads, 1);
	CHECK_INT(st.rows, 30);
	CHECK_INT(st.matched, 30);
	top_text(s, "", 2, two, sizeof two, &st);
	CHECK_INT(st.threads, 2);
	top_text(s, "", 8, eight, sizeof eight, &st);
	CHECK_INT(st.threads, 8);
	CHECK_STR(one, two);
	CHECK_STR(one, eight);
	/* same ranking as over hand-built batches (test_top.c) */
	CHECK(strncmp(one, "203.0.113.1=5000000000/1 203.0.113.10=819335065/7 "
		      "10.20.5.9=2009000/2 ", 64) == 0);
	top_text(s, "udp", 2, two, sizeof two, &st);
	CHECK_STR(two, "203.0.113.10=814331480/3 2001:db8:1::20=300/1 "
		  "10.20.1.5=276/2 fe80::1=100/1 10.20.1.6=2/1 ");
	CHECK_INT(st.matched, 8);
	ash_store_close(s);
}

TEST(scan_skips_chunks)
{
	ash_store *s = make_store();
	if (!s)
		return;
	char out[2048];
	ash_scan_stats st;
	/* rows 24..29 (chunks of evidence 1 from row 24 on) hold 18:00.. */
	top_text(s, "time 2026-11-25T00:00Z..", 2, out, sizeof out, &st);
	CHECK_STR(out, "2001:db8:1::20=300/1 ");
	CHECK_INT(st.chunks, 8);
	CHECK(st.skipped >= 6); /* only the chunk of row 27 can match */
	CHECK_INT(st.read + st.skipped, 8);
	/* a host no chunk holds: every chunk skipped by its bloom filter,
	 * unless a false positive lets one through (nothing matches then) */
	top_text(s, "host 192.0.2.123", 2, out, sizeof out, &st);
	CHECK_STR(out, "");
	CHECK_INT(st.matched, 0);
	ash_scan_stats st2;
	top_text(s, "host 192.0.2.123 or tcp", 2, out, sizeof out, &st2);
	CHECK_INT(st2.skipped, 0);
	ash_store_close(s);
}

TEST(scan_worker_error)
{
	ash_store *s = make_store();
	if (!s)
		return;
	ash_top_spec sp = {.key = ASH_TOP_SRC, .metric = ASH_M_BYTES};
	tctx tc = {&sp, ash_top_new(&sp), 0, 0};
	ash_scan_opts o = {.cols = ash_top_columns(&sp), .threads = 2};
	ash_scan_ops ops = {t_new, t_failing, t_merge, t_free};
	ash_err err = {0};
	CHECK_INT(ash_scan(s, &o, &ops, &tc, NULL, &err), ASH_EIO);
	CHECK_STR(err.msg, "boom");
	CHECK_INT(ash_top_groups(tc.t), 0); /* nothing merged */
	ash_top_free(tc.t);
	ash_store_close(s);
}

typedef struct octx {
	ash_rows *rows;
	int64_t t[FX_N + 1];
	uint64_t line[FX_N + 1];
	size_t n, batches;
	int64_t last_wm;
	bool wm_sorted;
	bool use_limit;
} octx;

static void take(octx *oc, int64_t wm)
{
	const ash_qrow *r;
	while ((r = ash_rows_next(oc->rows, wm)) && oc->n <= FX_N) {
		oc->t[oc->n] = r->t_start;
		oc->line[oc->n++] = r->src_line;
	}
}

static int on_batch(void *ctx, const ash_batch *b, const uint64_t *sel,
		    size_t matched, int64_t wm, bool *stop, ash_err *err)
{
	octx *oc = ctx;
	oc->batches++;
	if (wm < oc->last_wm)
		oc->wm_sorted = false;
	oc->last_wm = wm;
	int rc = matched ? ash_rows_add(oc->rows, b, sel, err) : 0;
	if (oc->use_limit)
		*stop = ash_rows_done_before(oc->rows, wm);
	else
		take(oc, wm);
	return rc;
}

static size_t ordered(const ash_store *s, const char *filter, size_t limit,
		      octx *oc, ash_scan_stats *st)
{
	ash_filter *f = comp(filter);
	memset(oc, 0, sizeof *oc);
	oc->rows = ash_rows_new(limit, 0);
	oc->wm_sorted = true;
	oc->last_wm = INT64_MIN;
	oc->use_limit = limit > 0;
	ash_scan_opts o = {.filter = f, .cols = ASH_COL_ALL & ~ASH_COL_NAT};
	ash_err err;
	CHECK_INT(ash_scan_ordered(s, &o, on_batch, oc, st, &err), 0);
	ash_rows_finish(oc->rows);
	take(oc, INT64_MAX);
	ash_rows_free(oc->rows);
	ash_filter_free(f);
	return oc->n;
}

TEST(scan_ordered_time_order)
{
	ash_store *s = make_store();
	if (!s)
		return;
	octx oc;
	ash_scan_stats st;
	CHECK_INT(ordered(s, "", 0, &oc, &st), 30);
	CHECK(oc.wm_sorted);
	/* by time: 28 (11-23), 0..4, 5, 29 (17:05:30), 6..23, 24, 25, 26, 27 */
	static const int want[FX_N] = {28, 0, 1, 2, 3, 4, 5, 29, 6, 7, 8, 9, 10,
		11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27};
	for (int i = 0; i < FX_N; i++)
		CHECK_INT(oc.line[i], want[i]);
	/* the N earliest, also with a filter */
	CHECK_INT(ordered(s, "", 3, &oc, &st), 3);
	CHECK_INT(oc.line[0], 28);
	CHECK_INT(oc.line[2], 1);
	CHECK(st.read < 8); /* stopped before the later chunks */
	CHECK_INT(ordered(s, "udp", 2, &oc, &st), 2);
	CHECK_INT(oc.line[0], 0);
	CHECK_INT(oc.line[1], 4);
	CHECK_INT(ordered(s, "site jp-branch and tcp", 0, &oc, &st), 6);
	static const int jp[6] = {28, 29, 21, 22, 23, 26};
	for (int i = 0; i < 6; i++)
		CHECK_INT(oc.line[i], jp[i]);
	CHECK_INT(ordered(s, "host 192.0.2.123", 0, &oc, &st), 0);
	ash_store_close(s);
}

TEST(rows_pending_cap)
{
	fx_batch a;
	ash_err err;
	fx_build(&a, fx_rows, FX_SPLIT, "sg-hub", 0);
	ash_rows *r = ash_rows_new(0, 10);
	CHECK_INT(ash_rows_add(r, &a.b, NULL, &err), ASH_ELIMIT);
	CHECK(strstr(err.msg, "--limit") != NULL);
	ash_rows_free(r);
	/* strings are copied: rows outlive their batch */
	r = ash_rows_new(0, 0);
	CHECK_INT(ash_rows_add(r, &a.b, NULL, &err), 0);
	fx_free(&a);
	const ash_qrow *q = ash_rows_next(r, INT64_MAX);
	CHECK(q && q->src_line == 100); /* row 0, line 100 + i */
	CHECK(q && q->rule.n == 7 && !memcmp(q->rule.p, "dns-out", 7));
	CHECK_INT(ash_rows_pending(r), 19);
	ash_rows_free(r);
}
