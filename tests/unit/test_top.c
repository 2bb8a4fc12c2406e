/* SPDX-License-Identifier: MIT */
/* test_top.c: grouping and ranking over the fixture records, the
 * per-batch accumulators merged like threads would merge them, distinct
 * counts across batches, ties, limits, caps and saturation.  Expected
 * numbers are summed by hand from test_filter_fixture.c. */
#include "harness.h"

#include <pthread.h>
#include <stdlib.h>

#include "query/filter.h"
#include "query/top.h"
#include "test_filter_fixture.h"

static ash_top_spec spec_of(const char *kv)
{
	ash_top_spec sp = {.zone_of = fx_zone_of, .zones = fx_zones, .nzones = 3};
	ash_err err;
	if (ash_top_parse(kv, &sp, &err))
		ash_test_fail(__FILE__, __LINE__, "%s: %s", kv, err.msg);
	return sp;
}

/* Top over the two fixture batches, each in its own accumulator (as two
 * threads would), merged; filter may be NULL. */
static ash_top *run(const ash_top_spec *sp, const char *filter)
{
	fx_batch a, b;
	ash_err err;
	ash_filter *f = NULL;
	uint64_t sel[1];
	fx_build(&a, fx_rows, FX_SPLIT, "sg-hub", 0);
	fx_build(&b, fx_rows + FX_SPLIT, FX_N - FX_SPLIT, "jp-branch", 1);
	ash_top *t1 = ash_top_new(sp), *t2 = ash_top_new(sp);
	ash_filter_scratch *fs = ash_filter_scratch_new();
	if (filter) {
		CHECK_INT(ash_filter_compile(filter, strlen(filter), NULL, &f, &err), 0);
		CHECK(ash_filter_run(f, fs, &a.b, sel, NULL, &err) == 0);
	}
	CHECK_INT(ash_top_add(t1, &a.b, f ? sel : NULL, &err), 0);
	if (f)
		CHECK(ash_filter_run(f, fs, &b.b, sel, NULL, &err) == 0);
	CHECK_INT(ash_top_add(t2, &b.b, f ? sel : NULL, &err), 0);
	CHECK_INT(ash_top_merge(t1, t2, &err), 0);
	ash_top_free(t2);
	ash_filter_free(f);
	ash_filter_scratch_free(fs);
	fx_free(&a);
	fx_free(&b);
	return t1;
}

static void check_row(const ash_top *t, const ash_top_row *r,
		      const char *key, uint64_t value, uint64_t records, int line)
{
	char buf[128];
	uint64_t num;
	int kind = ash_top_key_text(t, r->key, buf, sizeof buf, &num);
	if (strcmp(buf, key) || (kind == 0) != (key[0] == '\0') ||
	    r->value != value || r->sums->records != records)
		ash_test_fail(__FILE__, line, "row '%s' %" PRIu64 " %" PRIu64
			      ", want '%s' %" PRIu64 " %" PRIu64, buf, r->value,
			      r->sums->records, key, value, records);
}

#define ROW(r, k, v, n) check_row(t, (r), (k), (v), (n), __LINE__)

TEST(top_src_bytes)
{
	ash_top_spec sp = spec_of("src/bytes");
	ash_top *t = run(&sp, NULL);
	ash_top_row *r;
	size_t n = ash_top_rank(t, 0, &r);
	CHECK_INT(n, 21);
	CHECK_INT(ash_top_groups(t), 21);
	if (n == 21) {
		ROW(&r[0], "203.0.113.1", 5000000000ull, 1);
		ROW(&r[1], "203.0.113.10", 819335065ull, 7);
		CHECK_INT(r[1].sums->packets, 9917526);
		/* directions are summed only for a direction metric */
		CHECK_INT(r[1].sums->obytes, 0);
		ROW(&r[2], "10.20.5.9", 2009000, 2);
		ROW(&r[3], "10.20.5.1", 1000000, 1);
		ROW(&r[4], "203.0.113.13", 10000, 1);
		ROW(&r[5], "2001:db8:1::10", 9700, 1);
		ROW(&r[6], "198.51.100.60", 4096, 1);
		ROW(&r[7], "203.0.113.12", 2000, 1);
		ROW(&r[8], "2001:db8:1::20", 300, 1);
		ROW(&r[9], "10.20.1.5", 276, 2);
		ROW(&r[10], "fe80::1", 100, 1);
		ROW(&r[11], "198.51.100.9", 84, 1);
		ROW(&r[12], "2001:db8:ffff::1", 64, 1);
		ROW(&r[13], "203.0.113.11", 56, 1);
		ROW(&r[14], "198.51.100.61", 40, 1);
		ROW(&r[15], "198.51.100.7", 20, 2);
		ROW(&r[16], "10.20.1.6", 2, 1);
		/* zero-byte ties, by address */
		ROW(&r[17], "10.20.1.7", 0, 1);
		ROW(&r[18], "192.0.2.1", 0, 1);
		ROW(&r[19], "198.51.100.8", 0, 1);
		ROW(&r[20], "198.51.100.99", 0, 1);
	}
	free(r);
	/* a limit keeps the head of the same order */
	n = ash_top_rank(t, 3, &r);
	CHECK_INT(n, 3);
	ROW(&r[0], "203.0.113.1", 5000000000ull, 1);
	ROW(&r[2], "10.20.5.9", 2009000, 2);
	free(r);
	n = ash_top_rank(t, 100, &r);
	CHECK_INT(n, 21);
	free(r);
	ash_top_free(t);
}

TEST(top_src_obytes)
{
	/* a direction metric keeps the directions apart, and the totals */
	ash_top_spec sp = spec_of("src/obytes");
	ash_top *t = run(&sp, NULL);
	ash_top_row *r;
	size_t n = ash_top_rank(t, 0, &r), found = 0;
	CHECK_INT(n, 21);
	for (size_t i = 0; i < n; i++) {
		char buf[128];
		uint64_t num;
		ash_top_key_text(t, r[i].key, buf, sizeof buf, &num);
		if (strcmp(buf, "203.0.113.10"))
			continue;
		found++;
		CHECK_INT(r[i].value, 80 + 1500 + 84 + 812331200 + 400 + 1001 + 1000000);
		CHECK_INT(r[i].sums->obytes, r[i].value);
		CHECK_INT(r[i].sums->bytes, 819335065ull);
		CHECK_INT(r[i].sums->obytes + r[i].sums->rbytes, 819335065ull);
		CHECK_INT(r[i].sums->packets, 9917526);
		CHECK_INT(r[i].sums->opkts + r[i].sums->rpkts, 9917526);
		CHECK_INT(r[i].sums->records, 7);
	}
	CHECK_INT(found, 1);
	free(r);
	ash_top_free(t);
}

TEST(top_dstport_records)
{
	ash_top_spec sp = spec_of("dstport/records");
	ash_top *t = run(&sp, NULL);
	ash_top_row *r;
	size_t n = ash_top_rank(t, 0, &r);
	static const char *const ones[] = {"0", "80", "123", "547", "1024",
		"2905", "3389", "5353", "8080", "8443", "44444", "50000",
		"50123", "51515"};
	CHECK_INT(n, 18);
	if (n == 18) {
		ROW(&r[0], "", 8, 8); /* ICMP and portless records */
		ROW(&r[1], "53", 3, 3);
		ROW(&r[2], "443", 3, 3);
		ROW(&r[3], "22", 2, 2);
		for (size_t i = 0; i < 14; i++)
			ROW(&r[4 + i], ones[i], 1, 1);
		uint64_t num = 0;
		char buf[64];
		CHECK_INT(ash_top_key_text(t, r[1].key, buf, sizeof buf, &num), 2);
		CHECK_INT(num, 53);
	}
	free(r);
	ash_top_free(t);
}

TEST(top_proto_packets)
{
	ash_top_spec sp = spec_of("proto/packets");
	ash_top *t = run(&sp, NULL);
	ash_top_row *r;
	size_t n = ash_top_rank(t, 0, &r);
	CHECK_INT(n, 8);
	if (n == 8) {
		ROW(&r[0], "udp", 9914012, 8);
		ROW(&r[1], "gre", 4000000, 1);
		ROW(&r[2], "tcp", 5166, 13);
		ROW(&r[3], "esp", 1000, 1);
		ROW(&r[4], "sctp", 20, 1);
		ROW(&r[5], "icmp", 3, 4);
		ROW(&r[6], "icmp6", 1, 1);
		ROW(&r[7], "", 0, 1);
	}
	free(r);
	ash_top_free(t);
}

TEST(top_distinct_across_batches)
{
	/* 203.0.113.10 meets 198.51.100.7 in both batches: counted once */
	ash_top_spec sp = spec_of("src/dsts");
	ash_top *t = run(&sp, NULL);
	ash_top_row *r;
	size_t n = ash_top_rank(t, 4, &r);
	CHECK_INT(n, 4);
	ROW(&r[0], "203.0.113.10", 4, 7);
	ROW(&r[1], "10.20.1.5", 2, 2);
	ROW(&r[2], "198.51.100.7", 2, 2);
	ROW(&r[3], "10.20.1.6", 1, 1);
	free(r);
	ash_top_free(t);
	sp = spec_of("dst/srcs");
	t = run(&sp, NULL);
	n = ash_top_rank(t, 2, &r);
	/* 203.0.113.10 is reached from 198.51.100.7, .9, .61, .99,
	 * 10.20.1.6 and 10.20.1.5 */
	ROW(&r[0], "203.0.113.10", 6, 6);
	/* 10.20.1.5 from 10.20.5.9 (twice), 198.51.100.60, 198.51.100.7 */
	ROW(&r[1], "10.20.1.5", 3, 4);
	free(r);
	ash_top_free(t);
}

TEST(top_pair_and_zones)
{
	ash_top_spec sp = spec_of("pair/bytes");
	ash_top *t = run(&sp, NULL);
	ash_top_row *r;
	size_t n = ash_top_rank(t, 6, &r);
	CHECK_INT(n, 6);
	ROW(&r[0], "203.0.113.1>198.51.100.1", 5000000000ull, 1);
	ROW(&r[1], "203.0.113.10>198.51.100.50", 812331200, 1);
	ROW(&r[2], "203.0.113.10>198.51.100.7", 5003781, 4);
	ROW(&r[3], "10.20.5.9>10.20.1.5", 2009000, 2);
	ROW(&r[4], "203.0.113.10>198.51.100.70", 2000000, 1);
	ROW(&r[5], "10.20.5.1>198.51.100.1", 1000000, 1);
	free(r);
	ash_top_free(t);

	sp = spec_of("zone/bytes");
	t = run(&sp, NULL);
	n = ash_top_rank(t, 0, &r);
	CHECK_INT(n, 4);
	ROW(&r[0], "dmz", 5819347245ull, 16);
	ROW(&r[1], "mgmt", 3009000, 3);
	ROW(&r[2], "lan", 14458, 9);
	ROW(&r[3], "", 100, 2);
	free(r);
	ash_top_free(t);

	sp = spec_of("srczone/records");
	t = run(&sp, NULL);
	n = ash_top_rank(t, 0, &r);
	CHECK_INT(n, 4);
	ROW(&r[0], "dmz", 11, 11);
	ROW(&r[1], "", 10, 10);
	ROW(&r[2], "lan", 6, 6);
	ROW(&r[3], "mgmt", 3, 3);
	free(r);
	ash_top_free(t);

	sp = spec_of("dstzone/records");
	t = run(&sp, NULL);
	n = ash_top_rank(t, 0, &r);
	/* dst dmz: 2 3 7 18 19 25 28; lan: 5 10 17 23 26; mgmt: 29 */
	CHECK_INT(n, 4);
	ROW(&r[0], "", 17, 17);
	ROW(&r[1], "dmz", 7, 7);
	ROW(&r[2], "lan", 5, 5);
	ROW(&r[3], "mgmt", 1, 1);
	free(r);
	ash_top_free(t);
}

/* rule/records etc. over both fixture batches added to one table (their
 * dictionaries number the strings differently), counted against the
 * fixture rows directly. */
static void check_strings(const char *kv, const char *(*field)(const fx_row *))
{
	ash_top_spec sp = spec_of(kv);
	fx_batch a, b;
	ash_err err;
	fx_build(&a, fx_rows, FX_SPLIT, "sg-hub", 0);
	fx_build(&b, fx_rows + FX_SPLIT, FX_N - FX_SPLIT, "jp-branch", 1);
	ash_top *t = ash_top_new(&sp);
	CHECK_INT(ash_top_add(t, &a.b, NULL, &err), 0);
	CHECK_INT(ash_top_add(t, &b.b, NULL, &err), 0);
	ash_top_row *r;
	size_t n = ash_top_rank(t, 0, &r), total = 0, unknown = 0;
	uint64_t unknown_value = 0;
	char prev[ASH_TOP_KEY_TEXT_MAX] = "";
	for (size_t i = 0; i < n; i++) {
		char buf[ASH_TOP_KEY_TEXT_MAX];
		uint64_t num, want = 0;
		int kind = ash_top_key_text(t, r[i].key, buf, sizeof buf, &num);
		for (size_t j = 0; j < FX_N; j++) {
			const char *v = field(&fx_rows[j]);
			want += kind == 0 ? (!v || !*v) : (v && !strcmp(v, buf));
		}
		if (r[i].sums->records != want)
			ash_test_fail(__FILE__, __LINE__, "%s '%s': %" PRIu64 " records, want %" PRIu64,
				      kv, buf, r[i].sums->records, want);
		/* by value, and the unknown value after names of the same value */
		if (i && (r[i - 1].value < r[i].value ||
			  (kind == 1 && unknown && unknown_value == r[i].value)))
			ash_test_fail(__FILE__, __LINE__, "%s: row %zu out of order", kv, i);
		if (i && kind == 1 && prev[0] && r[i - 1].value == r[i].value &&
		    strcmp(prev, buf) >= 0)
			ash_test_fail(__FILE__, __LINE__, "%s: tie '%s' before '%s'", kv, prev, buf);
		if (kind == 0)
			unknown++, unknown_value = r[i].value;
		snprintf(prev, sizeof prev, "%s", kind ? buf : "");
		total += r[i].sums->records;
	}
	CHECK_INT(total, FX_N);
	CHECK(unknown <= 1);
	ash_top *t2 = ash_top_new(&sp);
	CHECK_INT(ash_top_merge(t, t2, &err), ASH_EUSAGE);
	ash_top_free(t2);
	free(r);
	ash_top_free(t);
	fx_free(&a);
	fx_free(&b);
}

static const char *rule_of(const fx_row *r) { return r->rule; }
static const char *dev_of(const fx_row *r) { return r->dev; }
static const char *in_of(const fx_row *r) { return r->in; }
static const char *note_of(const fx_row *r) { return fx_extras[r - fx_rows].note; }

TEST(top_string_keys)
{
	check_strings("rule/records", rule_of);
	check_strings("device/records", dev_of);
	check_strings("inif/records", in_of);
	check_strings("note/records", note_of);
	/* names as written, ties by name: "mgmt ssh" and the quote survive */
	ash_top_spec sp = spec_of("rule/records");
	fx_batch a;
	ash_err err;
	fx_build(&a, fx_rows, FX_N, "sg-hub", 0);
	ash_top *t = ash_top_new(&sp);
	CHECK_INT(ash_top_add(t, &a.b, NULL, &err), 0);
	ash_top_row *r;
	size_t n = ash_top_rank(t, 0, &r);
	bool space = false, quote = false;
	for (size_t i = 0; i < n; i++) {
		char buf[ASH_TOP_KEY_TEXT_MAX];
		uint64_t num;
		ash_top_key_text(t, r[i].key, buf, sizeof buf, &num);
		space |= !strcmp(buf, "mgmt ssh");
		quote |= !strcmp(buf, "in\"quote");
	}
	CHECK(space && quote);
	free(r);
	ash_top_free(t);
	fx_free(&a);
}

TEST(top_with_filter)
{
	ash_top_spec sp = spec_of("src/bytes");
	ash_top *t = run(&sp, "udp");
	ash_top_row *r;
	size_t n = ash_top_rank(t, 0, &r);
	CHECK_INT(n, 5);
	if (n == 5) {
		ROW(&r[0], "203.0.113.10", 814331480, 3);
		ROW(&r[1], "2001:db8:1::20", 300, 1);
		ROW(&r[2], "10.20.1.5", 276, 2);
		ROW(&r[3], "fe80::1", 100, 1);
		ROW(&r[4], "10.20.1.6", 2, 1);
	}
	free(r);
	ash_top_free(t);
	t = run(&sp, "host 192.0.2.99");
	CHECK_INT(ash_top_rank(t, 0, &r), 0);
	free(r);
	ash_top_free(t);
}

TEST(top_parse)
{
	ash_top_spec sp = {0};
	ash_err err;
	CHECK_INT(ash_top_parse("dstport/packets", &sp, &err), 0);
	CHECK_INT(sp.key, ASH_TOP_DSTPORT);
	CHECK_INT(sp.metric, ASH_M_PACKETS);
	CHECK_INT(ash_top_parse("src", &sp, &err), ASH_EUSAGE);
	CHECK(strstr(err.msg, "KEY/METRIC") != NULL);
	CHECK_INT(ash_top_parse("host/bytes", &sp, &err), ASH_EUSAGE);
	CHECK(strstr(err.msg, "unknown key 'host'") != NULL);
	CHECK_INT(ash_top_parse("src/octets", &sp, &err), ASH_EUSAGE);
	CHECK(strstr(err.msg, "unknown metric 'octets'") != NULL);
	CHECK_STR(ash_top_key_name(ASH_TOP_PAIR), "pair");
	CHECK_STR(ash_metric_name(ASH_M_OPKTS), "opackets");
	sp.key = ASH_TOP_SRC, sp.metric = ASH_M_BYTES;
	CHECK_INT(ash_top_columns(&sp), ASH_COL_ADDR | ASH_COL_COUNTS);
	sp.key = ASH_TOP_DSTPORT, sp.metric = ASH_M_SRCS;
	CHECK_INT(ash_top_columns(&sp), ASH_COL_ADDR | ASH_COL_COUNTS |
		  ASH_COL_TIME | ASH_COL_PORTS);
}

TEST(top_caps_and_saturation)
{
	ash_top_spec sp = spec_of("src/bytes");
	sp.max_keys = 5;
	fx_batch a;
	ash_err err;
	fx_build(&a, fx_rows, FX_SPLIT, "sg-hub", 0);
	ash_top *t = ash_top_new(&sp);
	CHECK_INT(ash_top_add(t, &a.b, NULL, &err), ASH_ELIMIT);
	CHECK(strstr(err.msg, "more than 5 groups") != NULL);
	ash_top_free(t);
	sp.max_keys = 0;
	sp.max_pairs = 3;
	sp.metric = ASH_M_DSTS;
	t = ash_top_new(&sp);
	CHECK_INT(ash_top_add(t, &a.b, NULL, &err), ASH_ELIMIT);
	ash_top_free(t);
	/* byte counts near 2^64 saturate instead of wrapping, in the totals
	 * and in the directions */
	uint64_t *ob = (uint64_t *)a.b.obytes;
	ob[0] = UINT64_MAX - 1; /* rows 0 and 1: 203.0.113.10 */
	ob[1] = UINT64_MAX - 1;
	const char *const specs[] = {"src/bytes", "src/obytes"};
	for (int i = 0; i < 2; i++) {
		sp = spec_of(specs[i]);
		t = ash_top_new(&sp);
		CHECK_INT(ash_top_add(t, &a.b, NULL, &err), 0);
		ash_top_row *r;
		CHECK_INT(ash_top_rank(t, 1, &r), 1);
		CHECK(r[0].sums->bytes == UINT64_MAX);
		CHECK(r[0].sums->obytes == (i ? UINT64_MAX : 0));
		CHECK(r[0].value == UINT64_MAX);
		ROW(&r[0], "203.0.113.10", UINT64_MAX, 4); /* rows 0 1 6 16 */
		free(r);
		ash_top_free(t);
	}
	fx_free(&a);
}

typedef struct adder {
	ash_top *t;
	const ash_batch *b;
	int times, rc;
} adder;

static void *add_many(void *arg)
{
	adder *ad = arg;
	ash_top_worker *w = ash_top_worker_new(ad->t);
	ash_err err;
	for (int i = 0; i < ad->times && !ad->rc; i++)
		ad->rc = ash_top_worker_add(w, ad->b, NULL, &err);
	ash_top_worker_free(w);
	return NULL;
}

TEST(top_workers_share_one_table)
{
	/* two threads add the two batches 50 times each, concurrently, into
	 * one top: every sum is 50 times the single-pass one, distinct
	 * counts are unchanged */
	fx_batch a, b;
	fx_build(&a, fx_rows, FX_SPLIT, "sg-hub", 0);
	fx_build(&b, fx_rows + FX_SPLIT, FX_N - FX_SPLIT, "jp-branch", 1);
	ash_top_spec sp = spec_of("src/dsts");
	ash_top *t = ash_top_new(&sp);
	adder x = {t, &a.b, 50, 0}, y = {t, &b.b, 50, 0};
	pthread_t tx, ty;
	CHECK_INT(pthread_create(&tx, NULL, add_many, &x), 0);
	CHECK_INT(pthread_create(&ty, NULL, add_many, &y), 0);
	pthread_join(tx, NULL);
	pthread_join(ty, NULL);
	CHECK_INT(x.rc, 0);
	CHECK_INT(y.rc, 0);
	ash_top_row *r;
	size_t n = ash_top_rank(t, 0, &r);
	CHECK_INT(n, 21);
	ROW(&r[0], "203.0.113.10", 4, 7 * 50);
	CHECK_INT(r[0].sums->bytes, 819335065ull * 50);
	CHECK_INT(r[0].sums->packets, 9917526ull * 50);
	free(r);
	ash_top_free(t);
	fx_free(&a);
	fx_free(&b);
}
