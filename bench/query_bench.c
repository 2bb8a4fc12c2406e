/* SPDX-License-Identifier: MIT */
/* query_bench.c: builds a case folder with RECORDS synthetic records
 * through the store API (no parsing), then times the query layer in
 * process: top src/bytes on 1 and 2 threads, top dstport/packets, top
 * src/dsts, series bytes --step 1h, a host query --limit 10 (bloom and
 * time skipping), and a filtered top.  The folder is left for timing the
 * CLI on it (`ashiato top DIR src/bytes`).  Not part of `make`:
 *
 *   make && cc -std=c11 -D_GNU_SOURCE -O2 -Isrc bench/query_bench.c \
 *      build/libashiato.a -lzstd -lz -lyaml -lcrypto -ljansson -lpthread -lm \
 *      -o /tmp/query_bench
 *   /tmp/query_bench [DIR] [RECORDS] [--reuse] [OUTSIDE]
 *
 * Records: six evidence files ("three days of a firewall log and of a
 * Zeek conn.log") whose times interleave, so chunks of different files
 * overlap in time as in a real case.  Sources: 60% from 4000 internal
 * hosts with a skewed share, 40% from OUTSIDE outside addresses (default
 * two million: a worst case of distinct keys for top src; real logs of a
 * site have far fewer).
 * DIR (default /tmp/ashiato-query-bench) is replaced unless --reuse. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "case/case.h"
#include "query/agg.h"
#include "query/rows.h"
#include "query/scan.h"
#include "query/series.h"
#include "query/top.h"
#include "store/store.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1Dull;
}

/* skewed pick in [0, n): the square of a uniform favours small values */
static uint32_t skew(uint32_t n)
{
	uint64_t u = rnd() >> 32;
	return (uint32_t)((u * u >> 32) * n >> 32);
}

static uint64_t logu(double lo, double hi)
{
	double u = (double)(rnd() >> 11) * (1.0 / 9007199254740992.0);
	return (uint64_t)exp(log(lo) + u * (log(hi) - log(lo)));
}

static uint64_t outside = 2000000; /* distinct outside addresses */

static void addr(ash_ip *ip, bool inside)
{
	if (inside)
		ash_ip_from_v4(ip, 0x0a140000u | skew(4000));
	else
		ash_ip_from_v4(ip, 0x40000000u + (uint32_t)(rnd() % outside) * 7);
}

static void make_rec(ash_rec *r, int64_t t, bool zeek, uint64_t line)
{
	static const uint16_t ports[] = {443, 80, 53, 22, 123, 8080, 445, 3389};
	uint64_t x = rnd();
	memset(r, 0, sizeof *r);
	r->t_start = t;
	bool out = x % 10 < 6;
	addr(&r->src, out);
	addr(&r->dst, !out);
	r->proto = x % 50 < 40 ? 6 : x % 50 < 49 ? 17 : 1;
	r->sport = (uint16_t)(32768 + (x >> 8) % 28000);
	uint32_t p = skew(9);
	r->dport = p < 8 ? ports[p] : (uint16_t)(x >> 24);
	r->have = ASH_HAVE_PROTO | ASH_HAVE_OBYTES | ASH_HAVE_OPKTS;
	if (r->proto != 1)
		r->have |= ASH_HAVE_SPORT | ASH_HAVE_DPORT;
	r->obytes = logu(40, 1e7);
	r->opkts = r->obytes / 700 + 1;
	r->action = (x >> 36) % 10 ? ASH_ACT_ALLOW : ASH_ACT_DROP;
	r->src_line = line;
	if (zeek) {
		r->have |= ASH_HAVE_RBYTES | ASH_HAVE_RPKTS | ASH_HAVE_END;
		r->rbytes = logu(40, 1e8);
		r->rpkts = r->rbytes / 1200 + 1;
		r->t_end = t + (int64_t)logu(10, 3e7);
		r->format = ASH_FMT_ZEEK_TSV;
		r->action = ASH_ACT_UNKNOWN;
	} else {
		r->have |= ASH_HAVE_FLAGS;
		r->tcp_flags = r->proto == 6 ? 0x02 : 0;
		r->format = ASH_FMT_IPTABLES;
		r->in_if = (ash_str){"eth0", 4};
		r->out_if = (ash_str){"eth1", 4};
		r->rule = r->action == ASH_ACT_ALLOW ? (ash_str){"FW-ACCEPT", 9}
						     : (ash_str){"FW-DROP", 7};
	}
}

static int build(const char *dir, uint64_t total)
{
	ash_err err;
	char cmd[700], sdir[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	const char *nets[] = {"10.20.0.0/16=lan", "203.0.113.0/24=dmz"};
	ash_case_init ci = {.name = "query-bench", .site = "sg-hub",
			    .tz = "Asia/Singapore", .lang = "en", .nets = nets,
			    .nnets = 2};
	ash_store *s;
	if (ash_case_create(dir, &ci, &err))
		return fprintf(stderr, "init: %s\n", err.msg), 1;
	snprintf(sdir, sizeof sdir, "%s/store", dir);
	if (ash_store_open(sdir, true, &s, &err))
		return fprintf(stderr, "store: %s\n", err.msg), 1;
	int64_t t0 = 1795219200000000LL; /* 2026-11-21T00:00Z */
	uint64_t per = total / 6;
	double w0 = now();
	for (int e = 0; e < 6; e++) {
		ash_evidence ev = {.size = per, .format = e % 2 ? ASH_FMT_ZEEK_TSV
								 : ASH_FMT_IPTABLES};
		ev.sha256[0] = (uint8_t)(e + 1);
		snprintf(ev.name, sizeof ev.name, "%s-day%d.log",
			 e % 2 ? "conn" : "firewall", e / 2 + 1);
		snprintf(ev.site, sizeof ev.site, "sg-hub");
		ash_store_txn *t;
		if (ash_store_begin(s, &ev, &t, &err))
			return fprintf(stderr, "begin: %s\n", err.msg), 1;
		uint64_t n = e == 5 ? total - 5 * per : per;
		int64_t start = t0 + (int64_t)(e / 2) * 86400000000LL;
		for (uint64_t i = 0; i < n; i++) {
			ash_rec r;
			make_rec(&r, start + (int64_t)(i * 86400000000.0 / (double)n),
				 e % 2, i + 1);
			if (ash_store_append(t, &r, &err))
				return fprintf(stderr, "append: %s\n", err.msg), 1;
		}
		if (ash_store_commit(t, &err))
			return fprintf(stderr, "commit: %s\n", err.msg), 1;
	}
	printf("built %s: %llu records in %zu chunks, %.1f s\n", dir,
	       (unsigned long long)ash_store_record_count(s),
	       ash_store_chunk_count(s), now() - w0);
	ash_store_close(s);
	return 0;
}

/* ------------------------------------------------------------ timing */

typedef struct tctx {
	const ash_top_spec *sp;
	ash_top *t;
} tctx;

static void *t_new(void *c) { return ash_top_worker_new(((tctx *)c)->t); }
static int t_batch(void *st, const ash_batch *b, const uint64_t *sel,
		   size_t m, ash_err *e) { (void)m; return ash_top_worker_add(st, b, sel, e); }
static int t_merge(void *c, void *st, ash_err *e) { (void)c, (void)st, (void)e; return 0; }
static void t_free(void *st) { ash_top_worker_free(st); }

static ash_filter *comp(const char *text)
{
	ash_filter *f = NULL;
	ash_err err;
	if (ash_filter_compile(text, strlen(text), NULL, &f, &err))
		fprintf(stderr, "filter: %s\n", err.msg), exit(1);
	return f;
}

static void time_top(const ash_store *s, const char *kv, const char *filter,
		     int threads)
{
	ash_top_spec sp = {0};
	ash_err err;
	if (ash_top_parse(kv, &sp, &err))
		fprintf(stderr, "%s\n", err.msg), exit(1);
	ash_filter *f = comp(filter);
	tctx tc = {&sp, ash_top_new(&sp)};
	ash_scan_opts o = {.filter = f, .cols = ash_top_columns(&sp),
			   .threads = threads};
	ash_scan_ops ops = {t_new, t_batch, t_merge, t_free};
	ash_scan_stats st;
	double w = now(), c = cpu_s();
	if (ash_scan(s, &o, &ops, &tc, &st, &err)) {
		printf("top %-16s %-28s: %s\n", kv, filter, err.msg);
		ash_top_free(tc.t);
		ash_filter_free(f);
		return;
	}
	ash_top_row *r;
	size_t n = ash_top_rank(tc.t, 10, &r);
	double dw = now() - w, dc = cpu_s() - c;
	char key[100];
	uint64_t num;
	if (n)
		ash_top_key_text(&sp, r[0].key, key, sizeof key, &num);
	printf("top %-16s %-28s threads %d: %6.3f s wall, %6.3f s cpu, "
	       "%llu rows read, %zu/%zu chunks skipped, %zu groups, first %s\n",
	       kv, filter[0] ? filter : "(all)", st.threads, dw, dc,
	       (unsigned long long)st.rows, st.skipped, st.chunks,
	       ash_top_groups(tc.t), n ? key : "-");
	free(r);
	ash_top_free(tc.t);
	ash_filter_free(f);
}

typedef struct sctx {
	const ash_series_spec *sp;
	ash_series *s;
} sctx;

static void *s_new(void *c) { return ash_series_worker_new(((sctx *)c)->s); }
static int s_batch(void *st, const ash_batch *b, const uint64_t *sel,
		   size_t m, ash_err *e) { (void)m; return ash_series_worker_add(st, b, sel, e); }
static int s_merge(void *c, void *st, ash_err *e) { (void)c, (void)st, (void)e; return 0; }
static void s_free(void *st) { ash_series_worker_free(st); }

static void time_series(const ash_store *s)
{
	ash_series_spec sp = {.metric = ASH_M_BYTES, .step = 3600000000LL};
	sctx sc = {&sp, ash_series_new(&sp)};
	ash_scan_opts o = {.cols = ash_series_columns(&sp)};
	ash_scan_ops ops = {s_new, s_batch, s_merge, s_free};
	ash_err err;
	ash_series_point *p;
	size_t n;
	double w = now(), c = cpu_s();
	if (ash_scan(s, &o, &ops, &sc, NULL, &err) ||
	    ash_series_result(sc.s, INT64_MIN, INT64_MAX, &p, &n, &err))
		fprintf(stderr, "series: %s\n", err.msg), exit(1);
	printf("series bytes --step 1h: %6.3f s wall, %6.3f s cpu, %zu buckets\n",
	       now() - w, cpu_s() - c, n);
	free(p);
	ash_series_free(sc.s);
}

typedef struct qctx {
	ash_rows *rows;
} qctx;

static int on_batch(void *ctx, const ash_batch *b, const uint64_t *sel,
		    size_t matched, int64_t wm, bool *stop, ash_err *err)
{
	qctx *q = ctx;
	int rc = matched ? ash_rows_add(q->rows, b, sel, err) : 0;
	*stop = ash_rows_done_before(q->rows, wm);
	return rc;
}

static void time_query(const ash_store *s, const char *filter, size_t limit)
{
	ash_filter *f = comp(filter);
	qctx q = {ash_rows_new(limit, 0)};
	ash_scan_opts o = {.filter = f, .cols = ASH_COL_ALL & ~ASH_COL_NAT};
	ash_scan_stats st;
	ash_err err;
	double w = now(), c = cpu_s();
	if (ash_scan_ordered(s, &o, on_batch, &q, &st, &err))
		fprintf(stderr, "query: %s\n", err.msg), exit(1);
	ash_rows_finish(q.rows);
	size_t n = ash_rows_pending(q.rows);
	printf("query %-36s --limit %zu: %6.3f s wall, %6.3f s cpu, %zu rows, "
	       "%zu/%zu chunks read\n", filter, limit, now() - w, cpu_s() - c, n,
	       st.read, st.chunks);
	ash_rows_free(q.rows);
	ash_filter_free(f);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/tmp/ashiato-query-bench";
	uint64_t total = argc > 2 ? strtoull(argv[2], NULL, 10) : 30000000;
	bool reuse = argc > 3 && !strcmp(argv[3], "--reuse");
	if (argc > 4)
		outside = strtoull(argv[4], NULL, 10);
	if (!outside)
		outside = 1;
	char sdir[600];
	ash_store *s;
	ash_err err;
	if (!reuse && build(dir, total))
		return 1;
	snprintf(sdir, sizeof sdir, "%s/store", dir);
	if (ash_store_open(sdir, false, &s, &err))
		return fprintf(stderr, "store: %s\n", err.msg), 1;
	printf("store: %llu records, %zu chunks\n",
	       (unsigned long long)ash_store_record_count(s), ash_store_chunk_count(s));
	time_top(s, "src/bytes", "", 1);
	time_top(s, "src/bytes", "", 2);
	time_top(s, "src/bytes", "", 0);
	time_top(s, "dstport/packets", "", 0);
	time_top(s, "src/dsts", "", 0);
	time_top(s, "src/bytes", "proto udp and dst port 53", 0);
	time_top(s, "dst/records", "src host 10.20.0.7", 0);
	time_top(s, "src/bytes", "time 2026-11-22T10:00Z..+1h", 0);
	time_series(s);
	time_query(s, "src host 10.20.0.7 and proto udp", 10);
	time_query(s, "host 64.0.0.7", 10);
	time_query(s, "", 10);
	ash_store_close(s);
	return 0;
}
