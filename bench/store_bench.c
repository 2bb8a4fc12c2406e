/* SPDX-License-Identifier: MIT */
/* store_bench.c: measures the store alone (no parsing): append cost per
 * record, bytes per stored record, and the speed of a full read of
 * ASH_COL_ADDR|ASH_COL_COUNTS with a `top src/bytes`-like sum, on 1 and 2
 * threads.  Synthetic records with realistic shapes (internal hosts with a
 * skewed share, external addresses, common ports, log-uniform byte
 * counts).  Not part of `make`; build by hand:
 *
 *   cc -std=c11 -D_GNU_SOURCE -O2 -Isrc bench/store_bench.c \
 *      build/libashiato.a -lzstd -lz -lpthread -lm -o /tmp/store_bench
 *   /tmp/store_bench [DIR] [RECORDS] [CHUNK_RECORDS] [ZSTD_LEVEL] [fixed]
 *
 * Up to 1M records are generated before timing and cycled (times and
 * lines moved on), so the append figure is the store's own cost.  CPU
 * time per thread is reported next to wall time: the machine is shared.
 *
 * DIR is emptied of a previous store first (default /tmp/ash-store-bench,
 * 30000000 records, default chunk size and level). */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_internal.h"

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Wall time, and CPU time of the calling thread: the machine is shared,
 * so CPU time is the steadier measure of cost. */
static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

static double cpu(void)
{
	return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

typedef struct gen {
	uint64_t s;
	int64_t t;
	uint64_t line;
} gen;

static inline uint64_t rnd(gen *g)
{
	g->s ^= g->s >> 12;
	g->s ^= g->s << 25;
	g->s ^= g->s >> 27;
	return g->s * 0x2545F4914F6CDD1Dull;
}

/* Skewed pick in [0, n): the square of a uniform favours small values. */
static inline uint32_t skew(gen *g, uint32_t n)
{
	uint64_t u = rnd(g) >> 32;
	return (uint32_t)((u * u >> 32) * n >> 32);
}

static inline uint64_t logu(gen *g, double lo, double hi)
{
	double u = (double)(rnd(g) >> 11) * (1.0 / 9007199254740992.0);
	return (uint64_t)exp(log(lo) + u * (log(hi) - log(lo)));
}

static void next_rec(gen *g, ash_rec *r)
{
	static const char *ifs[] = {"eth0", "eth1", "eth2"};
	static const char *rules[] = {"ALLOW-WEB", "ALLOW-DNS", "DROP-IN",
				      "LOG-SSH", "ALLOW-NTP", "DENY-SMB",
				      "ALLOW-OUT", "DROP-SPOOF"};
	static const uint16_t ports[] = {443, 80, 53, 22, 123, 8080, 445, 25};
	uint64_t x = rnd(g);
	memset(r, 0, sizeof *r);
	g->t += (int64_t)(x % 40);
	r->t_start = g->t;
	r->t_end = g->t + (int64_t)logu(g, 10, 3e7);
	r->tz_off = 32400;
	r->have = 0xfff & ~(uint32_t)(ASH_HAVE_NAT_SRC | ASH_HAVE_NAT_DST);
	if (x >> 60 < 11)
		ash_ip_from_v4(&r->src, 0x0a000000u | skew(g, 2000));
	else
		ash_ip_from_v4(&r->src, 0xc6000000u | (uint32_t)(rnd(g) % 1000000));
	if ((x >> 56 & 1))
		ash_ip_from_v4(&r->dst, 0x0a010000u | skew(g, 200));
	else
		ash_ip_from_v4(&r->dst, 0x5d000000u | (uint32_t)(rnd(g) % 500000));
	if ((x >> 40) % 10 == 0) {
		r->have |= ASH_HAVE_NAT_SRC;
		ash_ip_from_v4(&r->nat_src, 0xcb007100u | (uint32_t)(x % 8));
		r->nat_sport = (uint16_t)(x >> 16);
	}
	r->sport = (uint16_t)(32768 + (x >> 8) % 28000);
	uint32_t p = skew(g, 9);
	r->dport = p < 8 ? ports[p] : (uint16_t)(x >> 24);
	uint32_t pr = (uint32_t)(x >> 32) % 50;
	r->proto = pr < 40 ? 6 : pr < 49 ? 17 : 1;
	r->tcp_flags = r->proto == 6 ? 0x1b : 0;
	r->action = (x >> 36) % 10 ? ASH_ACT_ALLOW : ASH_ACT_DROP;
	r->format = ASH_FMT_ZEEK_TSV;
	r->obytes = logu(g, 40, 1e7);
	r->rbytes = logu(g, 40, 1e8);
	r->opkts = r->obytes / 700 + 1;
	r->rpkts = r->rbytes / 1200 + 1;
	r->src_line = ++g->line;
	r->in_if = (ash_str){ifs[x % 3], 4};
	r->out_if = (ash_str){ifs[(x >> 2) % 3], 4};
	const char *rule = rules[skew(g, 8)];
	r->rule = (ash_str){rule, (uint32_t)strlen(rule)};
	r->device = (ash_str){x >> 63 ? "fw-a" : "fw-b", 4};
}

typedef struct job {
	const ash_store *s;
	int tid, nthreads;
	bool agg;
	uint64_t records, bytes, sum;
	double cpu;
} job;

/* Read every nthreads-th chunk: sum bytes per source address index (what
 * `top src/bytes` does before merging by address). */
static void *reader(void *arg)
{
	job *j = arg;
	ash_chunk_reader *r = ash_chunk_reader_new();
	ash_batch b;
	ash_err err;
	uint64_t *acc = NULL;
	size_t cap = 0;
	double c0 = cpu();
	for (size_t c = (size_t)j->tid; c < ash_store_chunk_count(j->s);
	     c += (size_t)j->nthreads) {
		if (ash_chunk_read(r, j->s, c, ASH_COL_ADDR | ASH_COL_COUNTS, &b,
				   &err)) {
			fprintf(stderr, "read: %s\n", err.msg);
			exit(1);
		}
		j->records += b.n;
		if (!j->agg)
			continue;
		if (b.naddrs > cap) {
			free(acc);
			cap = b.naddrs;
			acc = malloc(cap * sizeof *acc);
		}
		memset(acc, 0, b.naddrs * sizeof *acc);
		for (size_t i = 0; i < b.n; i++)
			acc[b.src_idx[i]] += b.obytes[i] + b.rbytes[i];
		for (size_t a = 0; a < b.naddrs; a++)
			j->sum += acc[a];
	}
	j->cpu = cpu() - c0;
	free(acc);
	ash_chunk_reader_free(r);
	return NULL;
}

static void read_all(const ash_store *s, int nthreads, bool agg)
{
	pthread_t th[8];
	job jobs[8];
	double t0 = now();
	for (int i = 0; i < nthreads; i++) {
		jobs[i] = (job){s, i, nthreads, agg, 0, 0, 0, 0};
		pthread_create(&th[i], NULL, reader, &jobs[i]);
	}
	uint64_t n = 0, sum = 0;
	double c = 0;
	for (int i = 0; i < nthreads; i++) {
		pthread_join(th[i], NULL);
		n += jobs[i].records;
		sum += jobs[i].sum;
		c += jobs[i].cpu;
	}
	double dt = now() - t0;
	printf("read ADDR|COUNTS%s, %d thread%s: %llu records, wall %.3f s "
	       "(%.1f M rec/s), cpu %.3f s (%.1f M rec/s per core)%s\n",
	       agg ? " + sum by src" : "", nthreads, nthreads > 1 ? "s" : "",
	       (unsigned long long)n, dt, (double)n / dt / 1e6, c,
	       (double)n / c / 1e6, sum ? "" : "");
}

/* Append total records (the pre-generated ones, cycled with times and
 * lines moved on) as one evidence; returns the CPU seconds of appending
 * and prints the rest. */
static double ingest(ash_store *s, const ash_rec *pre, size_t npre,
		     uint64_t total, double *commit_s)
{
	ash_store_txn *t;
	ash_err err;
	ash_evidence ev = {.size = 1, .format = ASH_FMT_ZEEK_TSV};
	memcpy(ev.name, "bench", 6);
	ev.sha256[0] = 1;
	int64_t span = pre[npre - 1].t_start - pre[0].t_start + 1;
	if (ash_store_begin(s, &ev, &t, &err))
		exit((fprintf(stderr, "begin: %s\n", err.msg), 1));
	double c0 = cpu(), p0 = clock_s(CLOCK_PROCESS_CPUTIME_ID), w0 = now();
	for (uint64_t i = 0; i < total; i++) {
		ash_rec r = pre[i % npre];
		uint64_t cycle = i / npre;
		r.t_start += (int64_t)cycle * span;
		r.t_end += (int64_t)cycle * span;
		r.src_line += cycle * npre;
		if (ash_store_append(t, &r, &err))
			exit((fprintf(stderr, "append: %s\n", err.msg), 1));
	}
	double dt = cpu() - c0, w1 = now();
	if (ash_store_commit(t, &err))
		exit((fprintf(stderr, "commit: %s\n", err.msg), 1));
	*commit_s = now() - w1;
	double all = clock_s(CLOCK_PROCESS_CPUTIME_ID) - p0;
	printf("ingest incl. commit: wall %.1f ns/record, cpu of all threads "
	       "%.1f ns/record\n", (now() - w0) * 1e9 / (double)total,
	       all * 1e9 / (double)total);
	return dt;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/tmp/ash-store-bench";
	uint64_t total = argc > 2 ? strtoull(argv[2], NULL, 10) : 30000000;
	uint32_t chunk = argc > 3 ? (uint32_t)strtoul(argv[3], NULL, 10) : 0;
	int level = argc > 4 ? atoi(argv[4]) : ASH_CHUNK_DEFAULT_LEVEL;
	bool fixed = argc > 5 && strcmp(argv[5], "fixed") == 0;
	size_t npre = total < 1000000 ? (size_t)total : 1000000;
	char cmd[600];
	ash_store *s;
	ash_err err;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0 || total == 0)
		return 1;
	/* records are generated up front: the timings are the store's */
	ash_rec *pre = malloc(npre * sizeof *pre);
	gen g = {0x9E3779B97F4A7C15ull, 1795000000000000ll, 0};
	for (size_t i = 0; i < npre; i++)
		next_rec(&g, &pre[i]);
	if (ash_store_open(dir, true, &s, &err)) {
		fprintf(stderr, "open: %s\n", err.msg);
		return 1;
	}
	ash_store_tune(s, chunk, level);
	s->tuning.fixed = fixed;
	double commit_s, tapp = ingest(s, pre, npre, total, &commit_s);
	uint64_t bytes = 0;
	for (size_t i = 0; i < ash_store_chunk_count(s); i++)
		bytes += ash_store_chunk(s, i)->file_size;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("config: %llu records, chunk %u records, zstd level %d, %s\n",
	       (unsigned long long)total, s->tuning.records, level,
	       fixed ? "FIXED" : "PLANES");
	printf("append: %.1f ns/record (cpu of the appending thread); commit "
	       "%.3f s\n", tapp * 1e9 / (double)total, commit_s);
	printf("stored: %zu chunks, %.1f MB, %.2f bytes/record; peak RSS %ld MB "
	       "(%zu MB of it pre-generated records)\n",
	       ash_store_chunk_count(s), (double)bytes / 1e6,
	       (double)bytes / (double)total, ru.ru_maxrss / 1024,
	       npre * sizeof *pre >> 20);
	free(pre);
	if (getenv("BENCH_NOREAD"))
		return ash_store_close(s), 0;
	read_all(s, 1, false);
	read_all(s, 1, true);
	read_all(s, 2, false);
	read_all(s, 2, true);
	ash_store_close(s);
	return 0;
}
