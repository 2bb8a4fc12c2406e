/* SPDX-License-Identifier: MIT */
/* test_detect.c: every triage detector on small hand-made stores: a
 * background of ordinary traffic plus the one thing a detector must find
 * (and, for each, a look-alike it must leave alone); evidence filters
 * re-run through the scanner give the finding's numbers. */
#include "harness.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect/triage.h"
#include "query/scan.h"

#define H (3600LL * 1000000)
#define T0 (1764000000LL * 1000000) /* 2025-11-24T16:00:00Z */

typedef struct fx {
	char dir[300];
	ash_store *s;
	ash_store_txn *t;
	ash_case *c;
	uint64_t line;
} fx;

static void fx_open(fx *x, const char *yaml)
{
	ash_err err;
	memset(x, 0, sizeof *x);
	snprintf(x->dir, sizeof x->dir, "%s", ash_test_tmpdir());
	char p[400];
	snprintf(p, sizeof p, "%s/case.yaml", x->dir);
	FILE *f = fopen(p, "w");
	fputs(yaml, f);
	fclose(f);
	if (ash_case_parse_file(p, &x->c, &err))
		ash_test_fail(__FILE__, __LINE__, "%s", err.msg);
	snprintf(p, sizeof p, "%s/store", x->dir);
	if (ash_store_open(p, true, &x->s, &err))
		ash_test_fail(__FILE__, __LINE__, "%s", err.msg);
	ash_store_tune(x->s, 4096, 1);
	ash_evidence ev = {.size = 1, .format = ASH_FMT_ZEEK_TSV};
	snprintf(ev.name, sizeof ev.name, "fx.log");
	snprintf(ev.site, sizeof ev.site, "hub");
	ev.sha256[0] = 1;
	if (ash_store_begin(x->s, &ev, &x->t, &err))
		ash_test_fail(__FILE__, __LINE__, "%s", err.msg);
}

typedef struct flow {
	const char *src, *dst;
	uint16_t sport, dport;
	uint8_t proto, flags, action;
	uint64_t ob, rb, op, rp;
} flow;

/* one bidirectional (Zeek-like) record of fl starting at t */
static void fx_add(fx *x, const flow *fl, int64_t t)
{
	ash_rec r;
	memset(&r, 0, sizeof r);
	ash_ip_parse(fl->src, strlen(fl->src), &r.src);
	ash_ip_parse(fl->dst, strlen(fl->dst), &r.dst);
	r.t_start = t;
	r.t_end = t + 1000000;
	r.sport = fl->sport;
	r.dport = fl->dport;
	r.proto = fl->proto;
	r.tcp_flags = fl->flags;
	r.action = fl->action ? fl->action : ASH_ACT_ALLOW;
	r.obytes = fl->ob, r.rbytes = fl->rb, r.opkts = fl->op, r.rpkts = fl->rp;
	r.format = ASH_FMT_ZEEK_TSV;
	r.src_line = ++x->line;
	r.have = ASH_HAVE_END | ASH_HAVE_SPORT | ASH_HAVE_DPORT | ASH_HAVE_PROTO |
		 ASH_HAVE_OBYTES | ASH_HAVE_RBYTES | ASH_HAVE_OPKTS | ASH_HAVE_RPKTS;
	if (fl->proto == 6)
		r.have |= ASH_HAVE_FLAGS;
	ash_err err;
	if (ash_store_append(x->t, &r, &err))
		ash_test_fail(__FILE__, __LINE__, "%s", err.msg);
}

/* ordinary traffic: 20 own hosts browsing and 40 clients of a web server,
 * over `hours` hours from T0, irregular times (fixed LCG) */
static uint64_t lcg = 12345;
static uint32_t rnd(uint32_t n)
{
	lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(lcg >> 33) % n;
}

static void fx_background(fx *x, int hours)
{
	char src[32], dst[32];
	for (int h = 0; h < hours; h++)
		for (int k = 0; k < 60; k++) {
			snprintf(src, sizeof src, "10.1.0.%u", 10 + rnd(20));
			snprintf(dst, sizeof dst, "93.184.%u.%u", rnd(200), 1 + rnd(200));
			flow f = {src, dst, (uint16_t)(30000 + rnd(20000)), 443, 6, 0x1b, 0,
				  800 + rnd(2000), 5000 + rnd(90000), 8 + rnd(10), 10 + rnd(60)};
			fx_add(x, &f, T0 + h * H + (int64_t)rnd(3600) * 1000000);
			snprintf(src, sizeof src, "198.18.%u.%u", rnd(100), 1 + rnd(200));
			flow w = {src, "10.0.0.80", (uint16_t)(30000 + rnd(20000)), 443, 6, 0x1b, 0,
				  600 + rnd(900), 3000 + rnd(30000), 6 + rnd(6), 6 + rnd(20)};
			fx_add(x, &w, T0 + h * H + (int64_t)rnd(3600) * 1000000);
		}
}

static void fx_run(fx *x, ash_findings *fs, const ash_ioc *ioc)
{
	ash_err err;
	if (ash_store_commit(x->t, &err))
		ash_test_fail(__FILE__, __LINE__, "%s", err.msg);
	x->t = NULL;
	ash_triage_opts o = {.from = INT64_MIN, .to = INT64_MAX, .ioc = ioc};
	memset(fs, 0, sizeof *fs);
	if (ash_triage_run(x->s, x->c, &o, fs, &err))
		ash_test_fail(__FILE__, __LINE__, "%s", err.msg);
}

static void fx_close(fx *x, ash_findings *fs)
{
	ash_findings_free(fs);
	ash_store_close(x->s);
	ash_case_free(x->c);
}

static const char *const YAML =
	"case: t\nsites:\n  - name: hub\n    timezone: Asia/Singapore\n"
	"    networks:\n      - {cidr: 10.0.0.0/24, zone: dmz}\n"
	"      - {cidr: 10.1.0.0/16, zone: lan}\n"
	"inventory:\n  - {ip: 10.0.0.80, name: web}\n  - {ip: 10.0.0.53, name: ns}\n"
	"  - {ip: 10.0.0.20, name: files}\n  - {ip: 10.0.0.5, name: app}\n";

static const ash_finding *find(const ash_findings *fs, const char *kind,
			       const char *host)
{
	ash_ip ip;
	if (host)
		ash_ip_parse(host, strlen(host), &ip);
	for (size_t i = 0; i < fs->n; i++) {
		if (strcmp(fs->v[i].kind, kind))
			continue;
		if (!host)
			return &fs->v[i];
		for (size_t j = 0; j < fs->v[i].nhosts; j++)
			if (ash_ip_eq(&fs->v[i].hosts[j], &ip))
				return &fs->v[i];
	}
	return NULL;
}

static size_t count(const ash_findings *fs, const char *kind)
{
	size_t n = 0;
	for (size_t i = 0; i < fs->n; i++)
		n += !strcmp(fs->v[i].kind, kind);
	return n;
}

/* re-run f's filter the way `ashiato query` does and compare */
typedef struct sums {
	uint64_t r, p, b;
} sums;
static void *s_new(void *ctx) { (void)ctx; return calloc(1, sizeof(sums)); }
static int s_batch(void *st, const ash_batch *b, const uint64_t *sel, size_t m, ash_err *e)
{
	(void)e;
	sums *s = st;
	s->r += m;
	for (size_t i = 0; i < b->n; i++)
		if (sel[i / 64] >> (i % 64) & 1)
			s->p += ash_batch_packets(b, i), s->b += ash_batch_bytes(b, i);
	return 0;
}
static int s_merge(void *ctx, void *st, ash_err *e)
{
	(void)e;
	sums *a = ctx, *b = st;
	a->r += b->r, a->p += b->p, a->b += b->b;
	return 0;
}

static void check_evidence(fx *x, const ash_finding *f)
{
	ash_detect_ctx dx;
	ash_detect_init(&dx, x->s, x->c, INT64_MIN, INT64_MAX);
	ash_filter *flt = NULL;
	ash_err err;
	CHECK_INT(ash_filter_compile(f->filter, strlen(f->filter), &dx.env, &flt, &err), 0);
	sums total = {0, 0, 0};
	ash_scan_opts o = {.filter = flt, .cols = ASH_COL_COUNTS};
	ash_scan_ops ops = {s_new, s_batch, s_merge, free};
	CHECK_INT(ash_scan(x->s, &o, &ops, &total, NULL, &err), 0);
	CHECK_INT(total.r, f->records);
	CHECK_INT(total.p, f->packets);
	CHECK_INT(total.b, f->bytes);
	CHECK(f->records > 0);
	ash_filter_free(flt);
	ash_detect_fini(&dx);
}

static void check_all_evidence(fx *x, const ash_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		check_evidence(x, &fs->v[i]);
}

TEST(detect_dos_udp_flood)
{
	fx x;
	ash_findings fs;
	fx_open(&x, YAML);
	fx_background(&x, 48);
	flow fl = {"10.0.0.5", "198.51.100.7", 40000, 80, 17, 0, 0, 14000000, 0, 10000, 0};
	for (int i = 0; i < 600; i++)
		fx_add(&x, &fl, T0 + 40 * H + i * 1000000LL);
	fx_run(&x, &fs, NULL);
	const ash_finding *f = find(&fs, "dos_source", "10.0.0.5");
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(f->verdict, ASH_V_MALICIOUS);
		CHECK_INT(f->npeers, 1);
		CHECK_INT(f->records, 600);
		CHECK_INT(f->packets, 6000000);
	}
	CHECK_INT(count(&fs, "dos_source"), 1); /* browsing users are no flood */
	check_all_evidence(&x, &fs);
	fx_close(&x, &fs);
}

TEST(detect_dos_not_bulk_copy)
{
	fx x;
	ash_findings fs;
	fx_open(&x, YAML);
	fx_background(&x, 48);
	/* a big transfer with ACKs back: not a flood */
	flow fl = {"10.0.0.20", "198.18.5.10", 40000, 873, 6, 0x1b, 0, 900000000, 3000000, 600000, 300000};
	for (int i = 0; i < 20; i++)
		fx_add(&x, &fl, T0 + 40 * H + i * 60000000LL);
	fx_run(&x, &fs, NULL);
	CHECK(find(&fs, "dos_source", "10.0.0.20") == NULL);
	fx_close(&x, &fs);
}

TEST(detect_reflector_dns)
{
	fx x;
	ash_findings fs;
	fx_open(&x, YAML);
	fx_background(&x, 48);
	char c[32];
	for (int i = 0; i < 400; i++) { /* ordinary clients */
		snprintf(c, sizeof c, "100.64.%u.%u", i / 200, 1 + i % 200);
		flow q = {c, "10.0.0.53", 33000, 53, 17, 0, 0, 60, 180, 1, 1};
		fx_add(&x, &q, T0 + (int64_t)rnd(48 * 3600) * 1000000);
	}
	const char *victims[] = {"192.0.2.10", "192.0.2.20", "192.0.2.30"};
	for (int v = 0; v < 3; v++)
		for (int i = 0; i < 800; i++) {
			flow q = {victims[v], "10.0.0.53", 80, 53, 17, 0, 0, 64, 3900, 1, 3};
			fx_add(&x, &q, T0 + 40 * H + i * 2000000LL + v);
		}
	fx_run(&x, &fs, NULL);
	const ash_finding *f = find(&fs, "reflector", "10.0.0.53");
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(f->verdict, ASH_V_MALICIOUS);
		CHECK_INT(f->npeers, 3);
		CHECK(strstr(f->why, "A: ") != NULL);
		CHECK(strstr(f->why, "C: ") != NULL);
	}
	check_all_evidence(&x, &fs);
	fx_close(&x, &fs);
}

TEST(detect_reflector_busy_server_left_alone)
{
	fx x;
	ash_findings fs;
	fx_open(&x, YAML);
	char c[32];
	for (int i = 0; i < 30000; i++) { /* many clients, ordinary answers */
		snprintf(c, sizeof c, "100.64.%u.%u", rnd(250), 1 + rnd(250));
		flow q = {c, "10.0.0.53", 33000, 53, 17, 0, 0, 60, 190, 1, 1};
		fx_add(&x, &q, T0 + (int64_t)rnd(48 * 3600) * 1000000);
	}
	fx_run(&x, &fs, NULL);
	CHECK_INT(count(&fs, "reflector"), 0);
	fx_close(&x, &fs);
}

TEST(detect_beacon_cluster)
{
	fx x;
	ash_findings fs;
	fx_open(&x, YAML);
	fx_background(&x, 30);
	const char *inf[] = {"10.0.0.5", "10.0.0.80", "10.1.0.99"};
	for (int h = 0; h < 3; h++)
		for (int64_t t = T0 + h * 7000000LL; t < T0 + 30 * H;) {
			flow b = {inf[h], "198.51.100.65", 50000, 443, 6, 0x1b, 0, 420, 380, 5, 4};
			fx_add(&x, &b, t);
			t += (300 + (int64_t)rnd(41) - 20) * 1000000LL;
		}
	fx_run(&x, &fs, NULL);
	const ash_finding *f = find(&fs, "infected_cluster", "10.0.0.5");
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(f->nhosts, 3);
		CHECK_INT(f->verdict, ASH_V_MALICIOUS);
		CHECK_INT(f->npeers, 1);
	}
	CHECK_INT(count(&fs, "beacon"), 3);
	CHECK(find(&fs, "beacon", "10.1.0.99") != NULL);
	check_all_evidence(&x, &fs);
	fx_close(&x, &fs);
}

TEST(detect_beacon_random_contacts_ignored)
{
	fx x;
	ash_findings fs;
	fx_open(&x, YAML);
	/* Poisson-like contacts of one host to one peer: not periodic */
	for (int64_t t = T0; t < T0 + 30 * H;) {
		flow b = {"10.0.0.5", "198.51.100.66", 50000, 443, 6, 0x1b, 0, 420, 380, 5, 4};
		fx_add(&x, &b, t);
		t += (int64_t)(1 + rnd(600)) * (int64_t)(1 + rnd(3)) * 1000000LL;
	}
	fx_run(&x, &fs, NULL);
	CHECK_INT(count(&fs, "beacon"), 0);
	fx_close(&x, &fs);
}

TEST(detect_unknown_asset)
{
	fx x;
	ash_findings fs;
	fx_open(&x, YAML);
	fx_background(&x, 10); /* LAN users: zone lan has no inventory */
	flow f1 = {"10.0.0.77", "198.51.100.9", 40000, 443, 6, 0x1b, 0, 500, 900, 5, 5};
	fx_add(&x, &f1, T0 + H);
	/* only refused probes to .78: not active */
	flow f2 = {"203.0.113.9", "10.0.0.78", 40000, 22, 6, 0x02, ASH_ACT_DROP, 0, 0, 1, 0};
	fx_add(&x, &f2, T0 + H);
	fx_run(&x, &fs, NULL);
	CHECK(find(&fs, "unknown_asset", "10.0.0.77") != NULL);
	CHECK(find(&fs, "unknown_asset", "10.0.0.78") == NULL);
	CHECK_INT(count(&fs, "unknown_asset"), 1);
	check_all_evidence(&x, &fs);
	fx_close(&x, &fs);
}

static void transfers(fx *x)
{
	fx_background(x, 72);
	for (int d = 0; d < 3; d++)
		for (int i = 0; i < 3; i++) {
			flow b = {"10.0.0.20", "198.18.5.10", (uint16_t)(40000 + i), 873, 6, 0x1b, 0,
				  700000000, 4000000, 500000, 250000};
			/* 01:00 site time (UTC+8) = 17:00 UTC */
			fx_add(x, &b, T0 + (d * 24 + 1) * H + (int64_t)(rnd(600) + 600 * i) * 1000000);
		}
}

TEST(detect_periodic_transfer)
{
	fx x;
	ash_findings fs;
	fx_open(&x, YAML);
	transfers(&x);
	fx_run(&x, &fs, NULL);
	const ash_finding *f = find(&fs, "periodic_transfer", "10.0.0.20");
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(f->verdict, ASH_V_BENIGN);
		CHECK(strstr(f->summary, "on 3 days") != NULL);
	}
	CHECK(find(&fs, "dos_source", "10.0.0.20") == NULL);
	check_all_evidence(&x, &fs);
	fx_close(&x, &fs);
}

TEST(detect_periodic_transfer_expected_job)
{
	fx x;
	ash_findings fs;
	char yaml[2048];
	snprintf(yaml, sizeof yaml, "%sexpected:\n  - {name: dr-copy, src: 10.0.0.20, "
		 "dst: 198.18.5.10, proto: tcp, dport: 873, schedule: \"daily 00:30-03:00\", "
		 "reason: \"copy to DR\"}\n", YAML);
	fx_open(&x, yaml);
	transfers(&x);
	fx_run(&x, &fs, NULL);
	const ash_finding *f = find(&fs, "periodic_transfer", "10.0.0.20");
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(f->verdict, ASH_V_BENIGN);
		CHECK(strstr(f->why, "dr-copy") != NULL);
		CHECK(strstr(f->why, "copy to DR") != NULL);
	}
	fx_close(&x, &fs);
}

TEST(detect_scan_source)
{
	fx x;
	ash_findings fs;
	fx_open(&x, YAML);
	fx_background(&x, 10);
	char d[32];
	for (int i = 0; i < 150; i++) {
		snprintf(d, sizeof d, "172.20.0.%d", i + 1);
		flow p = {"10.1.0.66", d, 50000, 22, 6, 0x02, 0, 44, 0, 1, 0};
		fx_add(&x, &p, T0 + 2 * H + i * 100000LL);
	}
	fx_run(&x, &fs, NULL);
	const ash_finding *f = find(&fs, "scan_source", "10.1.0.66");
	CHECK(f != NULL);
	if (f)
		CHECK(strstr(f->summary, "150 hosts on tcp/22") != NULL);
	CHECK_INT(count(&fs, "scan_source"), 1); /* answered browsing is no scan */
	check_all_evidence(&x, &fs);
	fx_close(&x, &fs);
}

TEST(detect_policy_violation)
{
	fx x;
	ash_findings fs;
	char yaml[2048];
	snprintf(yaml, sizeof yaml, "%spolicy:\n  - zone: dmz\n    outbound: deny\n"
		 "    allow:\n      - {proto: udp, dport: 53}\n", YAML);
	fx_open(&x, yaml);
	flow ok = {"10.0.0.53", "8.8.8.8", 40000, 53, 17, 0, 0, 60, 200, 1, 1};
	flow bad = {"10.0.0.5", "198.51.100.65", 40000, 443, 6, 0x1b, 0, 600, 900, 5, 5};
	flow in = {"198.51.100.3", "10.0.0.80", 40000, 443, 6, 0x1b, 0, 600, 900, 5, 5};
	flow lan = {"10.1.0.9", "198.51.100.65", 40000, 443, 6, 0x1b, 0, 600, 900, 5, 5};
	for (int i = 0; i < 5; i++) {
		fx_add(&x, &ok, T0 + i * H);
		fx_add(&x, &bad, T0 + i * H);
		fx_add(&x, &in, T0 + i * H);
		fx_add(&x, &lan, T0 + i * H);
	}
	fx_run(&x, &fs, NULL);
	const ash_finding *f = find(&fs, "policy_violation", "10.0.0.5");
	CHECK(f != NULL);
	if (f)
		CHECK_INT(f->records, 5);
	CHECK_INT(count(&fs, "policy_violation"), 1);
	check_all_evidence(&x, &fs);
	fx_close(&x, &fs);
}

TEST(detect_ioc_match)
{
	fx x;
	ash_findings fs;
	fx_open(&x, YAML);
	fx_background(&x, 5);
	flow b = {"10.0.0.5", "198.51.100.65", 40000, 443, 6, 0x1b, 0, 600, 900, 5, 5};
	fx_add(&x, &b, T0 + H);
	char p[400];
	snprintf(p, sizeof p, "%s/ioc.txt", x.dir);
	FILE *f = fopen(p, "w");
	fputs("# indicators\n198.51.100.64/26,test c2\nnot-an-address\n2001:db8::1\n", f);
	fclose(f);
	ash_ioc ioc;
	ash_err err;
	CHECK_INT(ash_ioc_load(p, &ioc, &err), 0);
	CHECK_INT(ioc.n, 2);
	CHECK_INT(ioc.rejected, 1);
	fx_run(&x, &fs, &ioc);
	const ash_finding *fi = find(&fs, "ioc_match", "10.0.0.5");
	CHECK(fi != NULL);
	if (fi) {
		CHECK_INT(fi->verdict, ASH_V_MALICIOUS);
		CHECK(strstr(fi->summary, "test c2") != NULL);
	}
	check_all_evidence(&x, &fs);
	ash_ioc_free(&ioc);
	fx_close(&x, &fs);
}

TEST(detect_traffic_spike)
{
	fx x;
	ash_findings fs;
	fx_open(&x, YAML);
	fx_background(&x, 96);
	char d[32];
	for (int i = 0; i < 3000; i++) { /* one hour of many connections */
		snprintf(d, sizeof d, "100.70.%u.%u", rnd(200), 1 + rnd(200));
		flow w = {d, "10.0.0.80", 40000, 443, 6, 0x1b, 0, 700, 5000, 6, 8};
		fx_add(&x, &w, T0 + 80 * H + (int64_t)rnd(3600) * 1000000);
	}
	fx_run(&x, &fs, NULL);
	const ash_finding *f = find(&fs, "traffic_spike", NULL);
	CHECK(f != NULL);
	if (f) {
		CHECK(f->start >= T0 + 79 * H && f->start <= T0 + 80 * H);
		CHECK(f->end <= T0 + 82 * H);
	}
	CHECK_INT(count(&fs, "traffic_spike"), 1);
	check_all_evidence(&x, &fs);
	fx_close(&x, &fs);
}

TEST(detect_json_contract)
{
	ash_findings fs = {0};
	ash_finding *f = ash_findings_add(&fs, "beacon");
	ash_ip ip;
	ash_ip_parse("10.0.0.5", 8, &ip);
	ash_finding_host(f, &ip);
	ash_finding_host(f, &ip); /* no duplicates */
	f->summary = ash_fmt_alloc("quote \" and <tag> and \x01");
	f->filter = ash_fmt_alloc("src host 10.0.0.5");
	f->records = 3;
	ash_findings_sort(&fs);
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	ash_finding_json(f, m);
	fclose(m);
	json_error_t je;
	json_t *o = json_loads(buf, 0, &je);
	CHECK(o != NULL);
	static const char *const keys[] = {"id", "kind", "verdict", "site", "hosts", "peers",
					   "start", "end", "score", "summary", "evidence"};
	for (size_t i = 0; o && i < sizeof keys / sizeof *keys; i++)
		CHECK(json_object_get(o, keys[i]) != NULL);
	if (o) {
		CHECK_STR(json_string_value(json_object_get(o, "id")), "F1");
		CHECK_INT(json_array_size(json_object_get(o, "hosts")), 1);
		CHECK_STR(json_string_value(json_object_get(o, "summary")),
			  "quote \" and <tag> and \x01");
		CHECK_INT(json_integer_value(json_object_get(json_object_get(o, "evidence"),
							     "records")), 3);
	}
	json_decref(o);
	free(buf);
	ash_findings_free(&fs);
}

/* a benign explanation never hides a real finding: the backup host that
 * also floods gets both findings, and the spike of that night is not
 * explained away */
TEST(detect_benign_never_hides)
{
	fx x;
	ash_findings fs;
	char yaml[2048];
	snprintf(yaml, sizeof yaml, "%sexpected:\n  - {name: dr-copy, src: 10.0.0.20, "
		 "dst: 198.18.5.10, proto: tcp, dport: 873, reason: \"copy to DR\"}\n", YAML);
	fx_open(&x, yaml);
	transfers(&x);
	flow fl = {"10.0.0.20", "198.51.100.7", 40000, 80, 17, 0, 0, 14000000, 0, 10000, 0};
	for (int i = 0; i < 600; i++)
		fx_add(&x, &fl, T0 + 49 * H + i * 1000000LL);
	fx_run(&x, &fs, NULL);
	const ash_finding *t = find(&fs, "periodic_transfer", "10.0.0.20");
	const ash_finding *d = find(&fs, "dos_source", "10.0.0.20");
	CHECK(t != NULL);
	CHECK(d != NULL);
	if (t)
		CHECK_INT(t->verdict, ASH_V_BENIGN);
	if (d)
		CHECK_INT(d->verdict, ASH_V_MALICIOUS);
	for (size_t i = 0; i < fs.n; i++)
		if (!strcmp(fs.v[i].kind, "traffic_spike") && d &&
		    fs.v[i].start <= d->end && d->start <= fs.v[i].end)
			CHECK(fs.v[i].verdict != ASH_V_BENIGN);
	check_all_evidence(&x, &fs);
	fx_close(&x, &fs);
}

/* spoofed sources leaving the site: neither address is own, one-way,
 * many sources, one destination */
TEST(detect_dos_spoofed_sources)
{
	fx x;
	ash_findings fs;
	fx_open(&x, YAML);
	fx_background(&x, 24);
	char s[32];
	for (int i = 0; i < 2000; i++) {
		snprintf(s, sizeof s, "100.%u.%u.%u", 64 + rnd(60), rnd(250), 1 + rnd(250));
		flow fl = {s, "198.51.100.99", (uint16_t)(1024 + rnd(60000)), 53, 17, 0, 0,
			   3000, 0, 2, 0};
		fx_add(&x, &fl, T0 + 20 * H + i * 300000LL);
	}
	fx_run(&x, &fs, NULL);
	const ash_finding *f = NULL;
	for (size_t i = 0; i < fs.n; i++)
		if (!strcmp(fs.v[i].kind, "dos_source") && !fs.v[i].nhosts)
			f = &fs.v[i];
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(f->verdict, ASH_V_MALICIOUS);
		CHECK_INT(f->npeers, 1);
		CHECK_INT(f->records, 2000);
		CHECK(strstr(f->summary, "spoofed") != NULL);
	}
	check_all_evidence(&x, &fs);
	fx_close(&x, &fs);
}

/* the same rhythm to a peer an expected job names (a declared SaaS agent)
 * is no infected cluster, and its beacons are benign with the reason */
TEST(detect_beacon_expected_job)
{
	fx x;
	ash_findings fs;
	char yaml[2048];
	snprintf(yaml, sizeof yaml, "%sexpected:\n  - {name: saas-agent, dst: 198.51.100.65, "
		 "proto: tcp, dport: 443, reason: \"monitoring agent of the SaaS\"}\n", YAML);
	fx_open(&x, yaml);
	fx_background(&x, 30);
	const char *inf[] = {"10.0.0.5", "10.0.0.80", "10.1.0.99"};
	for (int h = 0; h < 3; h++)
		for (int64_t t = T0 + h * 7000000LL; t < T0 + 30 * H;) {
			flow b = {inf[h], "198.51.100.65", 50000, 443, 6, 0x1b, 0, 420, 380, 5, 4};
			fx_add(&x, &b, t);
			t += (300 + (int64_t)rnd(41) - 20) * 1000000LL;
		}
	fx_run(&x, &fs, NULL);
	CHECK_INT(count(&fs, "infected_cluster"), 0);
	const ash_finding *f = find(&fs, "beacon", "10.0.0.5");
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(f->verdict, ASH_V_BENIGN);
		CHECK(strstr(f->why, "saas-agent") != NULL);
	}
	fx_close(&x, &fs);
}

/* ---- TCP SYN-ACK reflection ---- */

/* one one-way record (NetFlow-like: the sender's packets only) */
static void fx_add_oneway(fx *x, const flow *fl, int64_t t)
{
	ash_rec r;
	memset(&r, 0, sizeof r);
	ash_ip_parse(fl->src, strlen(fl->src), &r.src);
	ash_ip_parse(fl->dst, strlen(fl->dst), &r.dst);
	r.t_start = t;
	r.t_end = t + 1000000;
	r.sport = fl->sport;
	r.dport = fl->dport;
	r.proto = fl->proto;
	r.tcp_flags = fl->flags;
	r.action = ASH_ACT_UNKNOWN;
	r.obytes = fl->ob, r.opkts = fl->op;
	r.format = ASH_FMT_NETFLOW9;
	r.src_line = ++x->line;
	r.have = ASH_HAVE_END | ASH_HAVE_SPORT | ASH_HAVE_DPORT | ASH_HAVE_PROTO |
		 ASH_HAVE_OBYTES | ASH_HAVE_OPKTS | ASH_HAVE_FLAGS;
	ash_err err;
	if (ash_store_append(x->t, &r, &err))
		ash_test_fail(__FILE__, __LINE__, "%s", err.msg);
}

/* the web server 10.0.0.80:443 (busy with the background's clients) gets
 * SYNs forged with 192.0.2.77's address: half the victim's kernel resets
 * (SYN, RST; one SYN-ACK), half it drops (SYN-ACK retransmitted) */
TEST(detect_reflector_synack_bidir)
{
	fx x;
	ash_findings fs;
	fx_open(&x, YAML);
	fx_background(&x, 48);
	for (int i = 0; i < 600; i++) {
		uint16_t sp = (uint16_t)(1024 + rnd(60000));
		flow rst = {"192.0.2.77", "10.0.0.80", sp, 443, 6, 0x16, 0, 84, 44, 2, 1};
		flow quiet = {"192.0.2.77", "10.0.0.80", sp, 443, 6, 0x12, 0, 44, 264, 1, 6};
		fx_add(&x, i % 2 ? &rst : &quiet, T0 + 40 * H + i * 500000LL);
	}
	fx_run(&x, &fs, NULL);
	const ash_finding *f = find(&fs, "reflector", "10.0.0.80");
	CHECK(f != NULL);
	if (f) {
		ash_ip v;
		ash_ip_parse("192.0.2.77", 10, &v);
		CHECK_INT(f->verdict, ASH_V_MALICIOUS);
		CHECK_INT(f->npeers, 1);
		CHECK(f->npeers == 1 && ash_ip_eq(&f->peers[0], &v));
		CHECK(strstr(f->why, "U: 600 of") != NULL);
		CHECK(strstr(f->why, "C: 192.0.2.77 got 600 half-open") != NULL);
		CHECK(strstr(f->why, "A: 2.3 SYN-ACKs per packet") != NULL); /* 2100 / 900 */
		CHECK(strstr(f->summary, "tcp/443") != NULL);
		CHECK_INT(f->records, 600);
		CHECK_INT(f->packets, 300 * 3 + 300 * 7);
	}
	CHECK_INT(count(&fs, "reflector"), 1);
	check_all_evidence(&x, &fs);
	fx_close(&x, &fs);
}

/* one-way records: the server's SYN-ACK-only flows to the victim, nobody's
 * SYN seen; its ordinary clients complete (both directions logged) */
TEST(detect_reflector_synack_oneway)
{
	fx x;
	ash_findings fs;
	fx_open(&x, YAML);
	fx_background(&x, 48);
	char c[32];
	for (int i = 0; i < 2000; i++) {
		snprintf(c, sizeof c, "100.64.%u.%u", rnd(40), 1 + rnd(250));
		int64_t t = T0 + (int64_t)rnd(48 * 3600) * 1000000;
		uint16_t sp = (uint16_t)(30000 + rnd(20000));
		flow q = {c, "10.0.0.80", sp, 80, 6, 0x1b, 0, 900, 0, 8, 0};
		flow r = {"10.0.0.80", c, 80, sp, 6, 0x1b, 0, 40000, 0, 30, 0};
		fx_add_oneway(&x, &q, t);
		fx_add_oneway(&x, &r, t);
	}
	for (int i = 0; i < 300; i++) {
		flow sa = {"10.0.0.80", "192.0.2.88", 80, (uint16_t)(1024 + rnd(60000)),
			   6, 0x12, 0, 88, 0, 2, 0};
		fx_add_oneway(&x, &sa, T0 + 30 * H + i * 1000000LL);
	}
	fx_run(&x, &fs, NULL);
	const ash_finding *f = find(&fs, "reflector", "10.0.0.80");
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(f->verdict, ASH_V_MALICIOUS);
		CHECK_INT(f->npeers, 1);
		CHECK(strstr(f->why, "U: ") != NULL);
		CHECK(strstr(f->why, "no packet of theirs") != NULL);
		CHECK(strstr(f->why, "C: ") != NULL);
		CHECK(strstr(f->why, "A: ") == NULL); /* no SYN counted */
		CHECK(strstr(f->summary, "600 SYN-ACKs from tcp/80 to 192.0.2.88") != NULL);
		CHECK_INT(f->records, 300);
		CHECK_INT(f->packets, 600);
	}
	check_all_evidence(&x, &fs);
	fx_close(&x, &fs);
}

/* a busy web server: thousands of completed handshakes from many clients,
 * the half-open noise of the Internet (one probe per scanner), and a big
 * NAT whose few failed handshakes still add up */
TEST(detect_reflector_synack_busy_web_left_alone)
{
	fx x;
	ash_findings fs;
	fx_open(&x, YAML);
	fx_background(&x, 48);
	char c[32];
	for (int i = 0; i < 20000; i++) {
		snprintf(c, sizeof c, "100.64.%u.%u", rnd(20), 1 + rnd(250));
		flow q = {c, "10.0.0.80", (uint16_t)(30000 + rnd(20000)), 443, 6, 0x1b, 0,
			  900 + rnd(2000), 20000 + rnd(90000), 10 + rnd(10), 20 + rnd(60)};
		fx_add(&x, &q, T0 + (int64_t)rnd(48 * 3600) * 1000000);
	}
	for (int i = 0; i < 500; i++) {
		snprintf(c, sizeof c, "198.51.%u.%u", rnd(100), 1 + rnd(250));
		flow p = {c, "10.0.0.80", (uint16_t)(40000 + rnd(20000)), 443, 6, 0x16, 0, 84, 44, 2, 1};
		fx_add(&x, &p, T0 + (int64_t)rnd(48 * 3600) * 1000000);
	}
	/* a big NAT: 4000 completed connections and 150 that failed with the
	 * SYN-ACK retransmitted (450 SYN-ACKs, over the floor) */
	for (int i = 0; i < 4150; i++) {
		flow ok = {"198.51.100.200", "10.0.0.80", (uint16_t)(1024 + rnd(60000)), 443, 6,
			   0x1b, 0, 1200, 40000, 12, 30};
		flow lost = {"198.51.100.200", "10.0.0.80", (uint16_t)(1024 + rnd(60000)), 443, 6,
			     0x12, 0, 44, 132, 1, 3};
		fx_add(&x, i < 150 ? &lost : &ok, T0 + (int64_t)rnd(48 * 3600) * 1000000);
	}
	fx_run(&x, &fs, NULL);
	CHECK_INT(count(&fs, "reflector"), 0);
	fx_close(&x, &fs);
}

/* one peer SYN-scans the server's ports three times: open ports answer
 * with a SYN-ACK (half-open, reset), closed ones refuse; another keeps
 * knocking on a closed port */
TEST(detect_reflector_synack_port_scan_left_alone)
{
	fx x;
	ash_findings fs;
	fx_open(&x, YAML);
	fx_background(&x, 24);
	for (int round = 0; round < 3; round++)
		for (uint16_t p = 1; p <= 1024; p++) {
			bool open = p % 16 == 0 || p == 443 || p == 22;
			flow s = {"203.0.113.9", "10.0.0.80", 61000, p, 6,
				  open ? 0x16 : 0x14, 0, 84, 44, 2, 1};
			fx_add(&x, &s, T0 + (4 + 6 * round) * H + p * 20000LL);
		}
	/* and a client retrying a closed port: SYN, RST+ACK back, 600 times
	 * (the flags of both sides are S, A, R as in a half-open reset) */
	for (int i = 0; i < 600; i++) {
		flow r = {"203.0.113.44", "10.0.0.80", (uint16_t)(40000 + i), 8443, 6, 0x16, 0,
			  44, 40, 1, 1};
		fx_add(&x, &r, T0 + 12 * H + i * 1000000LL);
	}
	fx_run(&x, &fs, NULL);
	CHECK_INT(count(&fs, "reflector"), 0);
	fx_close(&x, &fs);
}

/* a client on a broken path: a few connections that never complete, the
 * server retransmitting its SYN-ACKs - a handful, no reflection */
TEST(detect_reflector_synack_stray_left_alone)
{
	fx x;
	ash_findings fs;
	fx_open(&x, YAML);
	fx_background(&x, 24);
	for (int i = 0; i < 6; i++) {
		flow s = {"198.18.7.7", "10.0.0.80", (uint16_t)(50000 + i), 443, 6, 0x12, 0,
			  132, 264, 3, 6};
		fx_add(&x, &s, T0 + 5 * H + i * 3000000LL);
		flow o = {"10.0.0.80", "198.18.9.9", 443, (uint16_t)(50000 + i), 6, 0x12, 0,
			  264, 0, 6, 0};
		fx_add_oneway(&x, &o, T0 + 6 * H + i * 3000000LL);
	}
	fx_run(&x, &fs, NULL);
	CHECK_INT(count(&fs, "reflector"), 0);
	fx_close(&x, &fs);
}
