/* SPDX-License-Identifier: MIT */
/* test_netflow.c: the flow export decoder (ingest/netflow*.c, ipfix.c,
 * nf_*.c): datagrams built here from RFC 3954 / RFC 7011 / the v5 layout
 * (IPv4 and IPv6, options and sampling, enterprise and variable-length
 * fields, withdrawal, padding, data before its template, exporters kept
 * apart, hostile lengths and caps), and every datagram of the logstash
 * fixtures in ../shared with the values its upstream spec gives. */
#include "harness.h"

#include <stdlib.h>

#include "ingest/netflow.h"

#define MAXREC 64

typedef struct got {
	size_t n;
	ash_rec r[MAXREC];
	char dev[MAXREC][64], rule[MAXREC][64], note[MAXREC][64];
} got;

static int keep(void *ctx, const ash_rec *r, ash_err *err)
{
	(void)err;
	got *g = ctx;
	if (g->n < MAXREC) {
		g->r[g->n] = *r;
		snprintf(g->dev[g->n], 64, "%.*s", (int)r->device.n,
			 r->device.p ? r->device.p : "");
		snprintf(g->rule[g->n], 64, "%.*s", (int)r->rule.n,
			 r->rule.p ? r->rule.p : "");
		snprintf(g->note[g->n], 64, "%.*s", (int)r->note.n,
			 r->note.p ? r->note.p : "");
	}
	g->n++;
	return 0;
}

/* ---- a datagram writer -------------------------------------------------- */

typedef struct wb {
	uint8_t b[8192];
	size_t n;
} wb;

static void w8(wb *w, unsigned v) { w->b[w->n++] = (uint8_t)v; }
static void w16(wb *w, unsigned v) { w8(w, v >> 8); w8(w, v); }
static void w32(wb *w, uint32_t v) { w16(w, v >> 16); w16(w, v & 0xffff); }
static void wip4(wb *w, unsigned a, unsigned b, unsigned c, unsigned d)
{
	w8(w, a); w8(w, b); w8(w, c); w8(w, d);
}
static void set16(wb *w, size_t at, unsigned v)
{
	w->b[at] = (uint8_t)(v >> 8);
	w->b[at + 1] = (uint8_t)v;
}

static void v9_hdr(wb *w, unsigned count, uint32_t up, uint32_t secs, uint32_t src)
{
	w->n = 0;
	w16(w, 9); w16(w, count); w32(w, up); w32(w, secs); w32(w, 1); w32(w, src);
}

static void ipfix_hdr(wb *w, uint32_t secs, uint32_t domain)
{
	w->n = 0;
	w16(w, 10); w16(w, 0); w32(w, secs); w32(w, 1); w32(w, domain);
}

static void ipfix_done(wb *w) { set16(w, 2, (unsigned)w->n); }

static ash_ip ip4(unsigned a, unsigned b, unsigned c, unsigned d)
{
	ash_ip ip;
	ash_ip_from_v4(&ip, a << 24 | b << 16 | c << 8 | d);
	return ip;
}

static const char *fmt(const ash_ip *ip)
{
	static char buf[4][ASH_IP_STRLEN];
	static int k;
	k = (k + 1) % 4;
	ash_ip_format(ip, buf[k]);
	return buf[k];
}

static ash_nf_result feed(ash_nf *nf, const wb *w, const ash_ip *exp, got *g)
{
	ash_nf_result res;
	int rc = ash_nf_datagram(nf, w->b, w->n, exp, 2055, 7000000, 0, keep, g,
				 &res, NULL);
	CHECK_INT(rc, 0);
	return res;
}

/* ---- NetFlow v5 --------------------------------------------------------- */

static void v5_datagram(wb *w, unsigned sampling)
{
	w->n = 0;
	w16(w, 5); w16(w, 1); w32(w, 10000); w32(w, 1700000000); w32(w, 500000000);
	w32(w, 7); w8(w, 0); w8(w, 0); w16(w, sampling);
	wip4(w, 10, 0, 0, 1); wip4(w, 192, 0, 2, 9); wip4(w, 0, 0, 0, 0);
	w16(w, 3); w16(w, 4); w32(w, 10); w32(w, 1500);
	w32(w, 4000); w32(w, 9000); w16(w, 40000); w16(w, 443);
	w8(w, 0); w8(w, 0x1b); w8(w, 6); w8(w, 0); w16(w, 0); w16(w, 0);
	w8(w, 24); w8(w, 24); w16(w, 0);
}

TEST(netflow_v5_record)
{
	ash_nf *nf = ash_nf_new();
	wb w;
	got g = {0};
	v5_datagram(&w, 0);
	ash_ip e = ip4(198, 51, 100, 1);
	ash_nf_result res = feed(nf, &w, &e, &g);
	CHECK_INT(res.verdict, ASH_NF_USED);
	CHECK_INT(res.version, 5);
	CHECK_INT(g.n, 1);
	ash_rec *r = &g.r[0];
	CHECK_STR(fmt(&r->src), "10.0.0.1");
	CHECK_STR(fmt(&r->dst), "192.0.2.9");
	CHECK_INT(r->sport, 40000);
	CHECK_INT(r->dport, 443);
	CHECK_INT(r->proto, 6);
	CHECK_INT(r->tcp_flags, 0x1b);
	CHECK_INT(r->obytes, 1500);
	CHECK_INT(r->opkts, 10);
	/* export at 1700000000.5 with uptime 10 s: first 6 s, last 1 s ago */
	CHECK_INT(r->t_start, 1700000000500000LL - 6000000);
	CHECK_INT(r->t_end, 1700000000500000LL - 1000000);
	CHECK(r->have & ASH_HAVE_END);
	CHECK_INT(r->format, ASH_FMT_NETFLOW5);
	CHECK_STR(g.dev[0], "198.51.100.1");
	CHECK_INT(r->in_if.n, 1);
	CHECK(!(r->have & ASH_HAVE_SAMPLING));
	CHECK_INT(r->sampling, 0);
	CHECK_STR(g.rule[0], "");
	CHECK_STR(g.note[0], "");
	/* header sampling (mode 1, interval 100) multiplies the counters and
	 * is kept as the record's sampling, not as its rule */
	g.n = 0;
	v5_datagram(&w, 0x4000 | 100);
	feed(nf, &w, &e, &g);
	CHECK_INT(g.r[0].obytes, 150000);
	CHECK_INT(g.r[0].opkts, 1000);
	CHECK(g.r[0].have & ASH_HAVE_SAMPLING);
	CHECK_INT(g.r[0].sampling, 100);
	CHECK_STR(g.rule[0], "");
	/* interval 1 (1:1) is unsampled; the mode bits are not the interval */
	g.n = 0;
	v5_datagram(&w, 0x8000 | 1);
	feed(nf, &w, &e, &g);
	CHECK_INT(g.r[0].obytes, 1500);
	CHECK(!(g.r[0].have & ASH_HAVE_SAMPLING));
	CHECK_INT(g.r[0].sampling, 0);
	g.n = 0;
	v5_datagram(&w, 0x3fff);
	feed(nf, &w, &e, &g);
	CHECK_INT(g.r[0].sampling, 0x3fff);
	CHECK_INT(g.r[0].opkts, 10 * 0x3fff);
	ash_nf_free(nf);
}

TEST(netflow_v5_bad_counts)
{
	ash_nf *nf = ash_nf_new();
	wb w;
	got g = {0};
	v5_datagram(&w, 0);
	set16(&w, 2, 2); /* says two records, carries one */
	ash_nf_result res = feed(nf, &w, NULL, &g);
	CHECK_INT(res.verdict, ASH_NF_REJECTED);
	CHECK(res.why && strstr(res.why, "count"));
	CHECK_INT(g.n, 0);
	set16(&w, 2, 0);
	res = feed(nf, &w, NULL, &g);
	CHECK_INT(res.verdict, ASH_NF_REJECTED);
	/* every cut of a valid datagram: rejected, never read past */
	v5_datagram(&w, 0);
	for (size_t cut = 0; cut < w.n; cut++) {
		ash_nf_result r2;
		uint8_t *copy = malloc(cut ? cut : 1);
		memcpy(copy, w.b, cut);
		ash_nf_datagram(nf, copy, cut, NULL, 0, 0, 0, keep, &g, &r2, NULL);
		CHECK_INT(r2.verdict, ASH_NF_REJECTED);
		free(copy);
	}
	CHECK_INT(g.n, 0);
	ash_nf_free(nf);
}

/* ---- NetFlow v9 --------------------------------------------------------- */

/* template 300: IPv6 src/dst, ports, proto, bytes, pkts, first, last */
static void v9_tpl6(wb *w, uint32_t src)
{
	v9_hdr(w, 1, 60000, 1700000100, src);
	w16(w, 0); w16(w, 4 + 4 + 9 * 4);
	w16(w, 300); w16(w, 9);
	w16(w, 27); w16(w, 16); w16(w, 28); w16(w, 16);
	w16(w, 7); w16(w, 2); w16(w, 11); w16(w, 2); w16(w, 4); w16(w, 1);
	w16(w, 1); w16(w, 4); w16(w, 2); w16(w, 4);
	w16(w, 22); w16(w, 4); w16(w, 21); w16(w, 4);
}

static void v9_data6(wb *w, uint32_t src)
{
	static const uint8_t a[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
	static const uint8_t b[16] = {0x20, 0x01, 0x0d, 0xb8, [14] = 0xbe, [15] = 0xef};
	v9_hdr(w, 1, 60000, 1700000100, src);
	size_t at = w->n;
	w16(w, 300); w16(w, 0);
	for (int i = 0; i < 16; i++) w8(w, a[i]);
	for (int i = 0; i < 16; i++) w8(w, b[i]);
	w16(w, 5353); w16(w, 53); w8(w, 17); w32(w, 777); w32(w, 3);
	w32(w, 50000); w32(w, 59000);
	while ((w->n - at) % 4) w8(w, 0); /* flowset padding */
	set16(w, at + 2, (unsigned)(w->n - at));
}

TEST(netflow_v9_ipv6_and_scoping)
{
	ash_nf *nf = ash_nf_new();
	wb w;
	got g = {0};
	ash_ip e1 = ip4(192, 0, 2, 1), e2 = ip4(192, 0, 2, 2);
	/* data before its template: rejected with a reason */
	v9_data6(&w, 5);
	ash_nf_result res = feed(nf, &w, &e1, &g);
	CHECK_INT(res.verdict, ASH_NF_REJECTED);
	CHECK(res.why && strstr(res.why, "template"));
	CHECK_INT(res.unknown_sets, 1);
	/* template only: skipped */
	v9_tpl6(&w, 5);
	res = feed(nf, &w, &e1, &g);
	CHECK_INT(res.verdict, ASH_NF_SKIPPED);
	CHECK_INT(res.templates, 1);
	v9_data6(&w, 5);
	res = feed(nf, &w, &e1, &g);
	CHECK_INT(res.verdict, ASH_NF_USED);
	CHECK_INT(g.n, 1);
	ash_rec *r = &g.r[0];
	CHECK_STR(fmt(&r->src), "2001:db8::1");
	CHECK_STR(fmt(&r->dst), "2001:db8::beef");
	CHECK_INT(r->sport, 5353);
	CHECK_INT(r->dport, 53);
	CHECK_INT(r->proto, 17);
	CHECK_INT(r->obytes, 777);
	CHECK_INT(r->opkts, 3);
	CHECK_INT(r->t_start, 1700000100000000LL - 10000000);
	CHECK_INT(r->t_end, 1700000100000000LL - 1000000);
	CHECK_INT(r->format, ASH_FMT_NETFLOW9);
	/* another exporter, or another source id: the template is not its */
	res = feed(nf, &w, &e2, &g);
	CHECK_INT(res.verdict, ASH_NF_REJECTED);
	v9_data6(&w, 6);
	res = feed(nf, &w, &e1, &g);
	CHECK_INT(res.verdict, ASH_NF_REJECTED);
	CHECK_INT(g.n, 1);
	ash_nf_free(nf);
}

/* options template 400 (scope: system) with SAMPLING_INTERVAL, data 1:64 */
TEST(netflow_v9_options_sampling)
{
	ash_nf *nf = ash_nf_new();
	wb w;
	got g = {0};
	v9_tpl6(&w, 9);
	feed(nf, &w, NULL, &g);
	v9_hdr(&w, 2, 60000, 1700000100, 9);
	w16(&w, 1); w16(&w, 4 + 6 + 8 + 2); /* with 2 bytes of padding */
	w16(&w, 400); w16(&w, 4); w16(&w, 4);
	w16(&w, 1); w16(&w, 4); w16(&w, 34); w16(&w, 4);
	w16(&w, 0);
	w16(&w, 400); w16(&w, 4 + 8);
	w32(&w, 0); w32(&w, 64);
	ash_nf_result res = feed(nf, &w, NULL, &g);
	CHECK_INT(res.verdict, ASH_NF_SKIPPED);
	CHECK_INT(res.templates, 1);
	CHECK_INT(ash_nf_get_stats(nf)->options_records, 1);
	v9_data6(&w, 9);
	feed(nf, &w, NULL, &g);
	CHECK_INT(g.n, 1);
	CHECK_INT(g.r[0].obytes, 777 * 64);
	CHECK_INT(g.r[0].opkts, 3 * 64);
	CHECK(g.r[0].have & ASH_HAVE_SAMPLING);
	CHECK_INT(g.r[0].sampling, 64);
	CHECK_STR(g.rule[0], "");
	ash_nf_free(nf);
}

/* Cisco ASA NSEL: deny event with NAT fields, per the NSEL field list */
TEST(netflow_v9_nsel)
{
	ash_nf *nf = ash_nf_new();
	wb w;
	got g = {0};
	v9_hdr(&w, 2, 1000, 1700000200, 0);
	size_t at = w.n;
	w16(&w, 0); w16(&w, 0);
	w16(&w, 263); w16(&w, 12);
	w16(&w, 8); w16(&w, 4); w16(&w, 12); w16(&w, 4); w16(&w, 7); w16(&w, 2);
	w16(&w, 11); w16(&w, 2); w16(&w, 4); w16(&w, 1); w16(&w, 233); w16(&w, 1);
	w16(&w, 33002); w16(&w, 2); w16(&w, 225); w16(&w, 4); w16(&w, 226); w16(&w, 4);
	w16(&w, 231); w16(&w, 4); w16(&w, 232); w16(&w, 4); w16(&w, 323); w16(&w, 8);
	set16(&w, at + 2, (unsigned)(w.n - at));
	at = w.n;
	w16(&w, 263); w16(&w, 0);
	wip4(&w, 10, 1, 1, 1); wip4(&w, 203, 0, 113, 5); w16(&w, 51000); w16(&w, 22);
	w8(&w, 6); w8(&w, 3); w16(&w, 1001); wip4(&w, 198, 51, 100, 7);
	wip4(&w, 203, 0, 113, 5); w32(&w, 0); w32(&w, 0);
	w32(&w, 395); w32(&w, 3488118092u); /* 1700000200012 ms */
	wip4(&w, 10, 1, 1, 2); wip4(&w, 203, 0, 113, 6); w16(&w, 51001); w16(&w, 443);
	w8(&w, 6); w8(&w, 2); w16(&w, 2030); wip4(&w, 198, 51, 100, 7);
	wip4(&w, 203, 0, 113, 6); w32(&w, 5000); w32(&w, 90000);
	w32(&w, 395); w32(&w, 3488118093u);
	set16(&w, at + 2, (unsigned)(w.n - at));
	ash_nf_result res = feed(nf, &w, NULL, &g);
	CHECK_INT(res.verdict, ASH_NF_USED);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.r[0].action, ASH_ACT_DENY);
	CHECK_STR(g.note[0], "deny 1001");
	CHECK_STR(g.rule[0], "");
	CHECK(!(g.r[0].have & ASH_HAVE_SAMPLING));
	CHECK(g.r[0].have & ASH_HAVE_NAT_SRC);
	CHECK_STR(fmt(&g.r[0].nat_src), "198.51.100.7");
	CHECK_INT(g.r[0].t_start, 1700000200012000LL);
	CHECK_INT(g.r[1].action, ASH_ACT_ALLOW);
	CHECK_STR(g.note[1], "teardown 2030");
	CHECK_INT(g.r[1].obytes, 5000);
	CHECK_INT(g.r[1].rbytes, 90000);
	CHECK(g.r[1].have & ASH_HAVE_RBYTES);
	ash_nf_free(nf);
}

/* ---- IPFIX -------------------------------------------------------------- */

/* template 256: src4, dst4, enterprise field (PEN 9, 4 bytes), varlen
 * string, octetDeltaCount (8), reverse octets (PEN 29305 id 1),
 * flowStartMilliseconds, flowEndMilliseconds */
static void ipfix_tpl(wb *w, uint32_t domain)
{
	ipfix_hdr(w, 1700000300, domain);
	size_t at = w->n;
	w16(w, 2); w16(w, 0);
	w16(w, 256); w16(w, 8);
	w16(w, 8); w16(w, 4); w16(w, 12); w16(w, 4);
	w16(w, 0x8000 | 12345); w16(w, 4); w32(w, 9);
	w16(w, 96); w16(w, 65535);
	w16(w, 1); w16(w, 8);
	w16(w, 0x8000 | 1); w16(w, 8); w32(w, 29305);
	w16(w, 152); w16(w, 8); w16(w, 153); w16(w, 8);
	set16(w, at + 2, (unsigned)(w->n - at));
	ipfix_done(w);
}

static void w64(wb *w, uint64_t v) { w32(w, (uint32_t)(v >> 32)); w32(w, (uint32_t)v); }

static void ipfix_data(wb *w, uint32_t domain, size_t strlen_long)
{
	ipfix_hdr(w, 1700000300, domain);
	size_t at = w->n;
	w16(w, 256); w16(w, 0);
	/* record 1: short varlen "abc" */
	wip4(w, 10, 9, 9, 9); wip4(w, 10, 8, 8, 8); w32(w, 0xdeadbeef);
	w8(w, 3); w8(w, 'a'); w8(w, 'b'); w8(w, 'c');
	w64(w, 1234); w64(w, 4321); w64(w, 1700000299000ull); w64(w, 1700000299500ull);
	/* record 2: long form varlen */
	wip4(w, 10, 9, 9, 10); wip4(w, 10, 8, 8, 8); w32(w, 1);
	w8(w, 255); w16(w, (unsigned)strlen_long);
	for (size_t i = 0; i < strlen_long; i++) w8(w, 0xc3);
	w64(w, 1); w64(w, 2); w64(w, 1700000299000ull); w64(w, 1700000299001ull);
	w8(w, 0); w8(w, 0); w8(w, 0); /* set padding */
	set16(w, at + 2, (unsigned)(w->n - at));
	ipfix_done(w);
}

TEST(ipfix_enterprise_varlen_withdraw)
{
	ash_nf *nf = ash_nf_new();
	wb w;
	got g = {0};
	ash_ip e = ip4(192, 0, 2, 50);
	ipfix_tpl(&w, 77);
	ash_nf_result res = feed(nf, &w, &e, &g);
	CHECK_INT(res.verdict, ASH_NF_SKIPPED);
	CHECK_INT(res.version, 10);
	ipfix_data(&w, 77, 300);
	res = feed(nf, &w, &e, &g);
	CHECK_INT(res.verdict, ASH_NF_USED);
	CHECK_INT(g.n, 2);
	CHECK_STR(fmt(&g.r[0].src), "10.9.9.9");
	CHECK_INT(g.r[0].obytes, 1234);
	CHECK_INT(g.r[0].rbytes, 4321);
	CHECK_INT(g.r[0].t_start, 1700000299000000LL);
	CHECK_INT(g.r[0].t_end, 1700000299500000LL);
	CHECK_INT(g.r[0].format, ASH_FMT_IPFIX);
	CHECK_STR(fmt(&g.r[1].src), "10.9.9.10");
	CHECK_INT(g.r[1].rbytes, 2);
	/* another observation domain does not share the template */
	ipfix_data(&w, 78, 3);
	res = feed(nf, &w, &e, &g);
	CHECK_INT(res.verdict, ASH_NF_REJECTED);
	/* withdrawal (field count 0), then data: unknown template */
	ipfix_hdr(&w, 1700000301, 77);
	w16(&w, 2); w16(&w, 8); w16(&w, 256); w16(&w, 0);
	ipfix_done(&w);
	res = feed(nf, &w, &e, &g);
	CHECK_INT(res.verdict, ASH_NF_SKIPPED);
	CHECK_INT(ash_nf_get_stats(nf)->withdrawn, 1);
	ipfix_data(&w, 77, 3);
	res = feed(nf, &w, &e, &g);
	CHECK_INT(res.verdict, ASH_NF_REJECTED);
	/* refreshed: decodes again */
	ipfix_tpl(&w, 77);
	feed(nf, &w, &e, &g);
	ipfix_data(&w, 77, 3);
	res = feed(nf, &w, &e, &g);
	CHECK_INT(res.verdict, ASH_NF_USED);
	/* a varlen that runs past the set: record counted bad, no read past */
	ipfix_data(&w, 77, 3);
	w.b[16 + 4 + 12] = 200;
	res = feed(nf, &w, &e, &g);
	CHECK(res.bad_records >= 1);
	ash_nf_free(nf);
}

/* IPFIX options template 300 (scope: observation domain) announcing
 * samplingSize 1 of samplingPopulation 512 (RFC 7011 set 3): later flows
 * of that exporter and domain are scaled by 512 and say so */
TEST(ipfix_options_sampling)
{
	ash_nf *nf = ash_nf_new();
	wb w;
	got g = {0};
	ash_ip e = ip4(192, 0, 2, 51);
	ipfix_tpl(&w, 77);
	feed(nf, &w, &e, &g);
	ipfix_hdr(&w, 1700000300, 77);
	size_t at = w.n;
	w16(&w, 3); w16(&w, 0);
	w16(&w, 300); w16(&w, 3); w16(&w, 1);
	w16(&w, 149); w16(&w, 4); w16(&w, 309); w16(&w, 4); w16(&w, 310); w16(&w, 4);
	set16(&w, at + 2, (unsigned)(w.n - at));
	at = w.n;
	w16(&w, 300); w16(&w, 0);
	w32(&w, 77); w32(&w, 1); w32(&w, 512);
	set16(&w, at + 2, (unsigned)(w.n - at));
	ipfix_done(&w);
	ash_nf_result res = feed(nf, &w, &e, &g);
	CHECK_INT(res.verdict, ASH_NF_SKIPPED);
	CHECK_INT(ash_nf_get_stats(nf)->options_records, 1);
	ipfix_data(&w, 77, 3);
	res = feed(nf, &w, &e, &g);
	CHECK_INT(res.verdict, ASH_NF_USED);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.r[0].obytes, 1234 * 512);
	CHECK_INT(g.r[0].rbytes, 4321 * 512);
	CHECK(g.r[0].have & ASH_HAVE_SAMPLING);
	CHECK_INT(g.r[0].sampling, 512);
	CHECK_INT(g.r[1].sampling, 512);
	CHECK_STR(g.rule[0], "");
	/* another domain of the same exporter is not sampled */
	g.n = 0;
	ipfix_tpl(&w, 78);
	feed(nf, &w, &e, &g);
	ipfix_data(&w, 78, 3);
	feed(nf, &w, &e, &g);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.r[0].obytes, 1234);
	CHECK(!(g.r[0].have & ASH_HAVE_SAMPLING));
	CHECK_INT(g.r[0].sampling, 0);
	ash_nf_free(nf);
}

TEST(ipfix_hostile)
{
	ash_nf *nf = ash_nf_new();
	wb w;
	got g = {0};
	/* set length beyond the message */
	ipfix_tpl(&w, 1);
	set16(&w, 18, 4000);
	ash_nf_result res = feed(nf, &w, NULL, &g);
	CHECK_INT(res.verdict, ASH_NF_REJECTED);
	CHECK(res.why != NULL);
	/* message length beyond the datagram, and below the header */
	ipfix_tpl(&w, 1);
	set16(&w, 2, (unsigned)w.n + 1);
	CHECK_INT(feed(nf, &w, NULL, &g).verdict, ASH_NF_REJECTED);
	set16(&w, 2, 8);
	CHECK_INT(feed(nf, &w, NULL, &g).verdict, ASH_NF_REJECTED);
	/* template of 600 fields: refused, nothing learnt */
	ipfix_hdr(&w, 1, 1);
	w16(&w, 2); w16(&w, 8 + 600 * 4); w16(&w, 999); w16(&w, 600);
	for (int i = 0; i < 600; i++) { w16(&w, 1); w16(&w, 4); }
	ipfix_done(&w);
	res = feed(nf, &w, NULL, &g);
	CHECK(res.why && strstr(res.why, "512"));
	CHECK_INT(res.templates, 0);
	/* template of zero-length fields only, then data: no endless loop */
	ipfix_hdr(&w, 1, 1);
	w16(&w, 2); w16(&w, 12); w16(&w, 500); w16(&w, 1); w16(&w, 8); w16(&w, 0);
	w16(&w, 500); w16(&w, 40);
	for (int i = 0; i < 36; i++) w8(&w, 0);
	ipfix_done(&w);
	res = feed(nf, &w, NULL, &g);
	CHECK_INT(res.verdict, ASH_NF_REJECTED);
	/* every truncation of a good template+data datagram: no crash */
	ipfix_tpl(&w, 3);
	wb d;
	ipfix_data(&d, 3, 40);
	memcpy(w.b + w.n, d.b + 16, d.n - 16);
	w.n += d.n - 16;
	ipfix_done(&w);
	for (size_t cut = 0; cut <= w.n; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		memcpy(copy, w.b, cut);
		ash_nf_result r2;
		ash_nf_datagram(nf, copy, cut, NULL, 0, 0, 0, keep, &g, &r2, NULL);
		CHECK(r2.verdict != ASH_NF_REJECTED || r2.why);
		free(copy);
	}
	CHECK_INT(feed(nf, &w, NULL, &g).records, 2);
	ash_nf_free(nf);
}

TEST(netflow_template_cap)
{
	ash_nf *nf = ash_nf_new();
	wb w;
	got g = {0};
	/* ASH_NF_MAX_TEMPLATES + 100 distinct ids, 100 per message */
	for (unsigned base = 256; base < 256 + ASH_NF_MAX_TEMPLATES + 100; base += 100) {
		ipfix_hdr(&w, 1, 1);
		w16(&w, 2); w16(&w, 4 + 100 * 8);
		for (unsigned i = 0; i < 100; i++) {
			w16(&w, base + i); w16(&w, 1); w16(&w, 8); w16(&w, 4);
		}
		ipfix_done(&w);
		feed(nf, &w, NULL, &g);
	}
	const ash_nf_stats *st = ash_nf_get_stats(nf);
	CHECK_INT(st->templates, ASH_NF_MAX_TEMPLATES);
	CHECK(st->refused_templates >= 100);
	ash_nf_free(nf);
}

TEST(netflow_not_export)
{
	ash_nf *nf = ash_nf_new();
	got g = {0};
	const char *junk = "<13>Nov 26 01:00:00 host app: hello";
	ash_nf_result res;
	ash_nf_datagram(nf, (const uint8_t *)junk, strlen(junk), NULL, 0, 0,
			0, keep, &g, &res, NULL);
	CHECK_INT(res.verdict, ASH_NF_REJECTED);
	CHECK_INT(ash_nf_looks_like((const uint8_t *)junk, strlen(junk)), 0);
	wb w;
	v5_datagram(&w, 0);
	CHECK_INT(ash_nf_looks_like(w.b, w.n), 1);
	ipfix_tpl(&w, 1);
	CHECK_INT(ash_nf_looks_like(w.b, w.n), 1);
	v9_tpl6(&w, 1);
	CHECK_INT(ash_nf_looks_like(w.b, w.n), 1);
	ash_nf_free(nf);
}

/* Templates written back (collect.c puts them at the head of each
 * interval) teach a fresh decoder what the first one knew. */
typedef struct replay {
	ash_nf *to;
	unsigned n;
} replay;

static int replay_tpl(void *ctx, const ash_ip *exporter, uint16_t port,
		      const uint8_t *p, size_t n)
{
	replay *r = ctx;
	ash_nf_result res;
	got g = {0};
	ash_nf_datagram(r->to, p, n, exporter, port, 0, 0, keep, &g, &res, NULL);
	CHECK_INT(res.verdict, ASH_NF_SKIPPED);
	CHECK_INT(res.templates, 1);
	r->n++;
	return 0;
}

TEST(netflow_export_templates)
{
	ash_nf *a = ash_nf_new();
	wb w;
	got g = {0};
	ash_ip e = ip4(192, 0, 2, 60);
	ipfix_tpl(&w, 5);   /* IPFIX, enterprise fields */
	feed(a, &w, &e, &g);
	v9_tpl6(&w, 5);     /* v9 */
	feed(a, &w, &e, &g);
	replay r = {ash_nf_new(), 0};
	CHECK_INT(ash_nf_export_templates(a, replay_tpl, &r), 0);
	CHECK_INT(r.n, 2);
	ipfix_data(&w, 5, 10);
	CHECK_INT(feed(r.to, &w, &e, &g).records, 2);
	v9_data6(&w, 5);
	CHECK_INT(feed(r.to, &w, &e, &g).records, 1);
	CHECK_STR(fmt(&g.r[2].dst), "2001:db8::beef");
	ash_nf_free(r.to);
	ash_nf_free(a);
}
