/* SPDX-License-Identifier: MIT */
/* test_netflow_pending.c: data sets that come before their template
 * (ingest/nf_pending.c through ash_nf_buffer): v9 and IPFIX data decoded
 * once the template comes, with their own datagram's time and unit;
 * data and template in one datagram; a template that never comes; the
 * buffer's limits (oldest dropped, memory bounded, counts exact);
 * exporters and domains kept apart; options data (sampling) that comes
 * after the data; IPFIX withdrawal; IPFIX samplingPacketInterval/Space
 * (305/306); a capture through the "netflow" parser whose units add up. */
#include "harness.h"

#include <pcap/pcap.h>
#include <stdlib.h>

#include "ingest/input.h"
#include "ingest/netflow.h"
#include "ingest/parser.h"

#define KEEP 64

/* What the decoder gave: records and late verdicts. */
typedef struct out {
	size_t n;
	ash_rec r[KEEP];
	char dev[KEEP][48];
	size_t nsettle;
	uint64_t unit[KEEP];
	int verdict[KEEP];
	char why[KEEP][160];
	uint8_t raw[KEEP][8];
	size_t rawn[KEEP];
	uint64_t count[3]; /* late used, skipped, rejected */
} out;

static int keep(void *ctx, const ash_rec *r, ash_err *err)
{
	(void)err;
	out *o = ctx;
	if (o->n < KEEP) {
		o->r[o->n] = *r;
		snprintf(o->dev[o->n], sizeof o->dev[0], "%.*s", (int)r->device.n,
			 r->device.p ? r->device.p : "");
	}
	o->n++;
	return 0;
}

static int settle(void *ctx, uint64_t unit, int verdict, const char *why,
		  const uint8_t *raw, size_t n, ash_err *err)
{
	(void)err;
	out *o = ctx;
	if (verdict >= 0 && verdict <= 2)
		o->count[verdict]++;
	size_t k = o->nsettle++;
	if (k < KEEP) {
		o->unit[k] = unit;
		o->verdict[k] = verdict;
		snprintf(o->why[k], sizeof o->why[0], "%s", why ? why : "");
		o->rawn[k] = n;
		if (n)
			memcpy(o->raw[k], raw, n < 8 ? n : 8);
	}
	return 0;
}

/* ---- datagram writer ---------------------------------------------------- */

typedef struct wb {
	uint8_t *b;
	size_t n;
} wb;

static void w8(wb *w, unsigned v) { w->b[w->n++] = (uint8_t)v; }
static void w16(wb *w, unsigned v) { w8(w, v >> 8); w8(w, v); }
static void w32(wb *w, uint32_t v) { w16(w, v >> 16); w16(w, v & 0xffff); }
static void w64(wb *w, uint64_t v) { w32(w, (uint32_t)(v >> 32)); w32(w, (uint32_t)v); }
static void wip(wb *w, uint32_t a) { w32(w, a); }
static void set16(wb *w, size_t at, size_t v)
{
	w->b[at] = (uint8_t)(v >> 8);
	w->b[at + 1] = (uint8_t)v;
}

static wb wnew(void)
{
	wb w = {malloc(70000), 0};
	return w;
}

#define A(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (c) << 8 | (d))

static void v9_hdr(wb *w, uint32_t up, uint32_t secs, uint32_t src)
{
	w->n = 0;
	w16(w, 9); w16(w, 1); w32(w, up); w32(w, secs); w32(w, 7); w32(w, src);
}

/* Flowset / set framing: open at w->n, close pads (v9) and sets length. */
static size_t set_open(wb *w, unsigned id)
{
	size_t at = w->n;
	w16(w, id); w16(w, 0);
	return at;
}

static void set_close(wb *w, size_t at, bool pad)
{
	while (pad && (w->n - at) % 4)
		w8(w, 0);
	set16(w, at + 2, w->n - at);
}

/* v9 template tid: src, dst, sport, dport, proto, bytes, pkts, first,
 * last (29 bytes a record) */
static void v9_tpl(wb *w, unsigned tid)
{
	size_t at = set_open(w, 0);
	w16(w, tid); w16(w, 9);
	static const unsigned f[] = {8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 1, 4, 2, 4, 22, 4, 21, 4};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		w16(w, f[i]);
	set_close(w, at, true);
}

static void v9_rec(wb *w, uint32_t src, unsigned sport, uint32_t bytes,
		   uint32_t first, uint32_t last)
{
	wip(w, src); wip(w, A(192, 0, 2, 80)); w16(w, sport); w16(w, 443);
	w8(w, 6); w32(w, bytes); w32(w, 3); w32(w, first); w32(w, last);
}

static void v9_data(wb *w, unsigned tid, uint32_t src, unsigned sport,
		    uint32_t bytes, uint32_t first, uint32_t last)
{
	size_t at = set_open(w, tid);
	v9_rec(w, src, sport, bytes, first, last);
	set_close(w, at, true);
}

static ash_nf_result feed(ash_nf *nf, const wb *w, const ash_ip *exp,
			  uint64_t unit, out *o)
{
	ash_nf_result res;
	CHECK_INT(ash_nf_datagram(nf, w->b, w->n, exp, 2055, 5000000, unit, keep,
				  o, &res, NULL), 0);
	return res;
}

static ash_ip ip4(uint32_t a)
{
	ash_ip ip;
	ash_ip_from_v4(&ip, a);
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

static ash_nf *buffered(void)
{
	ash_nf *nf = ash_nf_new();
	ash_nf_buffer(nf, settle);
	return nf;
}

static bool stats_add_up(const ash_nf *nf)
{
	const ash_nf_stats *st = ash_nf_get_stats(nf);
	return st->pending_sets == st->late_sets + st->dropped_sets +
					   st->never_sets + st->waiting_sets;
}

/* ---- v9 ----------------------------------------------------------------- */

TEST(netflow_pending_v9_late_values)
{
	ash_nf *nf = buffered();
	static out o;
	memset(&o, 0, sizeof o);
	wb w = wnew();
	ash_ip e = ip4(A(198, 51, 100, 9));
	/* two data datagrams, each with its own clock, before the template */
	v9_hdr(&w, 100000, 1700000000, 5);
	v9_data(&w, 300, A(10, 0, 0, 1), 40001, 1111, 90000, 99000);
	ash_nf_result res = feed(nf, &w, &e, 11, &o);
	CHECK_INT(res.verdict, ASH_NF_PENDING);
	CHECK_INT(res.pending_sets, 1);
	CHECK_INT(res.records, 0);
	v9_hdr(&w, 200000, 1700000100, 5);
	v9_data(&w, 300, A(10, 0, 0, 2), 40002, 2222, 195000, 199500);
	CHECK_INT(feed(nf, &w, &e, 12, &o).verdict, ASH_NF_PENDING);
	CHECK_INT(o.n, 0);
	CHECK_INT(ash_nf_get_stats(nf)->waiting_sets, 2);
	/* the template, with another clock: the late records keep theirs */
	v9_hdr(&w, 900000, 1700000900, 5);
	v9_tpl(&w, 300);
	res = feed(nf, &w, &e, 13, &o);
	CHECK_INT(res.verdict, ASH_NF_SKIPPED);
	CHECK_INT(res.records, 0);
	CHECK_INT(o.n, 2);
	CHECK_STR(fmt(&o.r[0].src), "10.0.0.1");
	CHECK_INT(o.r[0].sport, 40001);
	CHECK_INT(o.r[0].obytes, 1111);
	CHECK_INT(o.r[0].t_start, 1700000000000000LL - 10000000);
	CHECK_INT(o.r[0].t_end, 1700000000000000LL - 1000000);
	CHECK_INT(o.r[0].src_line, 11);
	CHECK_INT(o.r[0].format, ASH_FMT_NETFLOW9);
	CHECK_STR(o.dev[0], "198.51.100.9");
	CHECK_STR(fmt(&o.r[1].src), "10.0.0.2");
	CHECK_INT(o.r[1].obytes, 2222);
	CHECK_INT(o.r[1].t_start, 1700000100000000LL - 5000000);
	CHECK_INT(o.r[1].t_end, 1700000100000000LL - 500000);
	CHECK_INT(o.r[1].src_line, 12);
	/* both pending datagrams settle used, in arrival order */
	CHECK_INT(o.nsettle, 2);
	CHECK_INT(o.unit[0], 11);
	CHECK_INT(o.verdict[0], ASH_NF_USED);
	CHECK_INT(o.unit[1], 12);
	CHECK_INT(o.verdict[1], ASH_NF_USED);
	const ash_nf_stats *st = ash_nf_get_stats(nf);
	CHECK_INT(st->pending_sets, 2);
	CHECK_INT(st->late_sets, 2);
	CHECK_INT(st->waiting_sets, 0);
	CHECK_INT(st->waiting_bytes, 0);
	CHECK(stats_add_up(nf));
	/* later data decodes at once; finish has nothing to settle */
	v9_hdr(&w, 950000, 1700000950, 5);
	v9_data(&w, 300, A(10, 0, 0, 3), 40003, 3333, 940000, 949000);
	res = feed(nf, &w, &e, 14, &o);
	CHECK_INT(res.verdict, ASH_NF_USED);
	CHECK_INT(res.pending_sets, 0);
	CHECK_INT(ash_nf_finish(nf, &o, NULL), 0);
	CHECK_INT(o.nsettle, 2);
	free(w.b);
	ash_nf_free(nf);
}

/* Data flowset first, its template after it in the same datagram. */
TEST(netflow_pending_same_datagram)
{
	ash_nf *nf = buffered();
	static out o;
	memset(&o, 0, sizeof o);
	wb w = wnew();
	v9_hdr(&w, 100000, 1700000000, 1);
	v9_data(&w, 310, A(10, 1, 1, 1), 1000, 500, 99000, 99500);
	v9_tpl(&w, 310);
	ash_nf_result res = feed(nf, &w, NULL, 3, &o);
	CHECK_INT(res.verdict, ASH_NF_USED);
	CHECK_INT(res.records, 1);
	CHECK_INT(res.templates, 1);
	CHECK_INT(o.n, 1);
	CHECK_INT(o.r[0].src_line, 3);
	CHECK_STR(o.dev[0], "");
	CHECK_INT(o.nsettle, 0);
	/* without buffering the same datagram is rejected, as before */
	ash_nf *plain = ash_nf_new();
	res = feed(plain, &w, NULL, 3, &o);
	CHECK_INT(res.verdict, ASH_NF_REJECTED);
	CHECK_INT(res.unknown_sets, 1);
	CHECK(res.why && strstr(res.why, "template"));
	ash_nf_free(plain);
	free(w.b);
	ash_nf_free(nf);
}

/* Two exporters, two source ids, one template id: kept apart; at the
 * end each datagram still pending is rejected naming its own key. */
TEST(netflow_pending_scoping_and_never)
{
	ash_nf *nf = buffered();
	static out o;
	memset(&o, 0, sizeof o);
	wb w = wnew();
	ash_ip e1 = ip4(A(192, 0, 2, 1)), e2 = ip4(A(192, 0, 2, 2));
	v9_hdr(&w, 100000, 1700000000, 5);
	v9_data(&w, 300, A(10, 0, 0, 1), 1, 100, 99000, 99000);
	CHECK_INT(feed(nf, &w, &e1, 1, &o).verdict, ASH_NF_PENDING);
	CHECK_INT(feed(nf, &w, &e2, 2, &o).verdict, ASH_NF_PENDING);
	v9_hdr(&w, 100000, 1700000000, 6);
	v9_data(&w, 300, A(10, 0, 0, 3), 3, 300, 99000, 99000);
	CHECK_INT(feed(nf, &w, &e1, 3, &o).verdict, ASH_NF_PENDING);
	/* the template of exporter 1, source id 5 only */
	v9_hdr(&w, 100000, 1700000000, 5);
	v9_tpl(&w, 300);
	CHECK_INT(feed(nf, &w, &e1, 4, &o).verdict, ASH_NF_SKIPPED);
	CHECK_INT(o.n, 1);
	CHECK_INT(o.r[0].obytes, 100);
	CHECK_INT(o.r[0].src_line, 1);
	CHECK_INT(o.nsettle, 1);
	CHECK_INT(o.unit[0], 1);
	CHECK_INT(ash_nf_get_stats(nf)->waiting_sets, 2);
	CHECK_INT(ash_nf_finish(nf, &o, NULL), 0);
	CHECK_INT(o.nsettle, 3);
	CHECK_INT(o.unit[1], 2);
	CHECK_INT(o.verdict[1], ASH_NF_REJECTED);
	CHECK_STR(o.why[1], "data set for template 300 of exporter 192.0.2.2 "
			    "domain 5: its template never came");
	CHECK_INT(o.unit[2], 3);
	CHECK_STR(o.why[2], "data set for template 300 of exporter 192.0.2.1 "
			    "domain 6: its template never came");
	/* the raw bytes kept are the set's, header first (id 300) */
	CHECK(o.rawn[2] >= 4 + 29);
	CHECK_INT(o.raw[2][0] << 8 | o.raw[2][1], 300);
	const ash_nf_stats *st = ash_nf_get_stats(nf);
	CHECK_INT(st->never_sets, 2);
	CHECK_INT(st->waiting_sets, 0);
	CHECK(stats_add_up(nf));
	CHECK_INT(o.n, 1);
	free(w.b);
	ash_nf_free(nf);
}

/* A datagram with records and a set that never matches: used now; the
 * set is counted (never_sets) and settles nothing. */
TEST(netflow_pending_partly_used)
{
	ash_nf *nf = buffered();
	static out o;
	memset(&o, 0, sizeof o);
	wb w = wnew();
	v9_hdr(&w, 100000, 1700000000, 1);
	v9_tpl(&w, 300);
	CHECK_INT(feed(nf, &w, NULL, 1, &o).verdict, ASH_NF_SKIPPED);
	v9_hdr(&w, 100000, 1700000000, 1);
	v9_data(&w, 300, A(10, 0, 0, 1), 1, 100, 99000, 99000);
	v9_data(&w, 301, A(10, 0, 0, 2), 2, 200, 99000, 99000);
	ash_nf_result res = feed(nf, &w, NULL, 2, &o);
	CHECK_INT(res.verdict, ASH_NF_USED);
	CHECK_INT(res.pending_sets, 1);
	CHECK_INT(ash_nf_finish(nf, &o, NULL), 0);
	CHECK_INT(o.nsettle, 0);
	CHECK_INT(ash_nf_get_stats(nf)->never_sets, 1);
	/* when its template does come, the record joins the used datagram */
	v9_hdr(&w, 100000, 1700000000, 1);
	v9_data(&w, 300, A(10, 0, 0, 1), 1, 100, 99000, 99000);
	v9_data(&w, 301, A(10, 0, 0, 2), 2, 200, 99000, 99000);
	feed(nf, &w, NULL, 3, &o);
	v9_hdr(&w, 100000, 1700000000, 1);
	v9_tpl(&w, 301);
	feed(nf, &w, NULL, 4, &o);
	CHECK_INT(o.n, 3);
	CHECK_INT(o.r[2].obytes, 200);
	CHECK_INT(o.r[2].src_line, 3);
	CHECK_INT(o.nsettle, 0);
	free(w.b);
	ash_nf_free(nf);
}

/* Options template and sampling rate come after the data: options data
 * that waited is decoded first, so the rate applies to the flows that
 * waited with it; a datagram of options data only settles skipped. */
TEST(netflow_pending_options_sampling)
{
	ash_nf *nf = buffered();
	static out o;
	memset(&o, 0, sizeof o);
	wb w = wnew();
	v9_hdr(&w, 100000, 1700000000, 9);
	v9_data(&w, 300, A(10, 0, 0, 1), 1, 777, 99000, 99000);
	CHECK_INT(feed(nf, &w, NULL, 1, &o).verdict, ASH_NF_PENDING);
	/* options data (system scope, SAMPLING_INTERVAL 64) before its
	 * options template */
	v9_hdr(&w, 100000, 1700000000, 9);
	size_t at = set_open(&w, 400);
	w32(&w, 0); w32(&w, 64);
	set_close(&w, at, true);
	CHECK_INT(feed(nf, &w, NULL, 2, &o).verdict, ASH_NF_PENDING);
	/* both templates in one datagram: flow template first */
	v9_hdr(&w, 100000, 1700000000, 9);
	v9_tpl(&w, 300);
	at = set_open(&w, 1);
	w16(&w, 400); w16(&w, 4); w16(&w, 4);
	w16(&w, 1); w16(&w, 4); w16(&w, 34); w16(&w, 4);
	set_close(&w, at, true);
	CHECK_INT(feed(nf, &w, NULL, 3, &o).verdict, ASH_NF_SKIPPED);
	CHECK_INT(o.n, 1);
	CHECK_INT(o.r[0].obytes, 777 * 64);
	CHECK_INT(o.r[0].opkts, 3 * 64);
	CHECK(o.r[0].have & ASH_HAVE_SAMPLING);
	CHECK_INT(o.r[0].sampling, 64);
	CHECK_INT(ash_nf_get_stats(nf)->options_records, 1);
	CHECK_INT(o.nsettle, 2);
	CHECK_INT(o.unit[0], 2);
	CHECK_INT(o.verdict[0], ASH_NF_SKIPPED);
	CHECK_INT(o.unit[1], 1);
	CHECK_INT(o.verdict[1], ASH_NF_USED);
	free(w.b);
	ash_nf_free(nf);
}

/* Rate in the same datagram as the template: applies to late data. */
TEST(netflow_pending_rate_with_template)
{
	ash_nf *nf = buffered();
	static out o;
	memset(&o, 0, sizeof o);
	wb w = wnew();
	v9_hdr(&w, 100000, 1700000000, 9);
	v9_data(&w, 300, A(10, 0, 0, 1), 1, 10, 99000, 99000);
	feed(nf, &w, NULL, 1, &o);
	v9_hdr(&w, 100000, 1700000000, 9);
	v9_tpl(&w, 300);
	size_t at = set_open(&w, 1);
	w16(&w, 400); w16(&w, 4); w16(&w, 4);
	w16(&w, 1); w16(&w, 4); w16(&w, 34); w16(&w, 4);
	set_close(&w, at, true);
	at = set_open(&w, 400);
	w32(&w, 0); w32(&w, 100);
	set_close(&w, at, true);
	CHECK_INT(feed(nf, &w, NULL, 2, &o).verdict, ASH_NF_SKIPPED);
	CHECK_INT(o.n, 1);
	CHECK_INT(o.r[0].obytes, 1000);
	CHECK_INT(o.r[0].sampling, 100);
	free(w.b);
	ash_nf_free(nf);
}

/* ---- limits ------------------------------------------------------------- */

TEST(netflow_pending_set_limit)
{
	ash_nf *nf = buffered();
	static out o;
	memset(&o, 0, sizeof o);
	wb w = wnew();
	const uint64_t extra = 10, total = ASH_NF_PEND_SETS + extra;
	for (uint64_t u = 1; u <= total; u++) {
		v9_hdr(&w, 100000, 1700000000, 1);
		v9_data(&w, 300, A(10, 0, 0, 1), (unsigned)(u & 0xffff), 1, 99000, 99000);
		if (feed(nf, &w, NULL, u, &o).verdict != ASH_NF_PENDING)
			CHECK(!"pending");
		if (ash_nf_get_stats(nf)->waiting_sets > ASH_NF_PEND_SETS)
			CHECK(!"bounded");
	}
	const ash_nf_stats *st = ash_nf_get_stats(nf);
	CHECK_INT(st->waiting_sets, ASH_NF_PEND_SETS);
	CHECK(st->waiting_bytes <= ASH_NF_PEND_BYTES);
	CHECK_INT(st->dropped_sets, extra);
	/* the oldest went first, rejected with the reason */
	CHECK_INT(o.count[ASH_NF_REJECTED], extra);
	CHECK_INT(o.unit[0], 1);
	CHECK_INT(o.unit[extra - 1], extra);
	CHECK(strstr(o.why[0], "buffer full") != NULL);
	v9_hdr(&w, 100000, 1700000000, 1);
	v9_tpl(&w, 300);
	feed(nf, &w, NULL, total + 1, &o);
	CHECK_INT(o.n, ASH_NF_PEND_SETS);
	CHECK_INT(o.count[ASH_NF_USED], ASH_NF_PEND_SETS);
	CHECK_INT(o.count[ASH_NF_USED] + o.count[ASH_NF_REJECTED], total);
	CHECK_INT(st->waiting_sets, 0);
	CHECK(stats_add_up(nf));
	free(w.b);
	ash_nf_free(nf);
}

/* Big sets: the byte limit drops the oldest. */
TEST(netflow_pending_byte_limit)
{
	ash_nf *nf = buffered();
	static out o;
	memset(&o, 0, sizeof o);
	wb w = wnew();
	const size_t rec = 60000, setlen = 4 + rec, total = 300;
	const size_t fit = ASH_NF_PEND_BYTES / setlen;
	for (size_t u = 1; u <= total; u++) {
		v9_hdr(&w, 100000, 1700000000, 1);
		size_t at = set_open(&w, 320);
		wip(&w, A(10, 0, 0, 9)); wip(&w, A(10, 0, 0, 10));
		memset(w.b + w.n, (int)u, rec - 8);
		w.n += rec - 8;
		set_close(&w, at, false);
		CHECK_INT(feed(nf, &w, NULL, u, &o).verdict, ASH_NF_PENDING);
		CHECK(ash_nf_get_stats(nf)->waiting_bytes <= ASH_NF_PEND_BYTES);
	}
	const ash_nf_stats *st = ash_nf_get_stats(nf);
	CHECK_INT(st->waiting_sets, fit);
	CHECK_INT(st->waiting_bytes, fit * setlen);
	CHECK_INT(o.count[ASH_NF_REJECTED], total - fit);
	CHECK_INT(o.unit[0], 1);
	/* template 320: two addresses and one field of the rest */
	v9_hdr(&w, 100000, 1700000000, 1);
	size_t at = set_open(&w, 0);
	w16(&w, 320); w16(&w, 3);
	w16(&w, 8); w16(&w, 4); w16(&w, 12); w16(&w, 4); w16(&w, 9999);
	w16(&w, (unsigned)(rec - 8));
	set_close(&w, at, true);
	feed(nf, &w, NULL, total + 1, &o);
	CHECK_INT(o.n, fit);
	CHECK_INT(o.r[0].src_line, total - fit + 1);
	CHECK_INT(o.count[ASH_NF_USED] + o.count[ASH_NF_REJECTED], total);
	CHECK(stats_add_up(nf));
	free(w.b);
	ash_nf_free(nf);
}

/* A datagram with more waiting sets than the (lowered) limit loses its
 * own oldest; with nothing decoded it ends rejected, "buffer full". */
TEST(netflow_pending_own_sets_dropped)
{
	ash_nf *nf = buffered();
	ash_nf_buffer_limits(nf, 2, 1 << 20);
	static out o;
	memset(&o, 0, sizeof o);
	wb w = wnew();
	v9_hdr(&w, 100000, 1700000000, 1);
	v9_data(&w, 300, A(10, 0, 0, 1), 1, 1, 99000, 99000);
	v9_data(&w, 301, A(10, 0, 0, 1), 1, 1, 99000, 99000);
	v9_data(&w, 302, A(10, 0, 0, 1), 1, 1, 99000, 99000);
	ash_nf_result res = feed(nf, &w, NULL, 1, &o);
	CHECK_INT(res.verdict, ASH_NF_PENDING);
	CHECK_INT(res.pending_sets, 3);
	CHECK_INT(res.unknown_sets, 1);
	CHECK(res.why && strstr(res.why, "buffer full"));
	CHECK_INT(ash_nf_get_stats(nf)->waiting_sets, 2);
	CHECK_INT(ash_nf_finish(nf, &o, NULL), 0);
	CHECK_INT(o.nsettle, 1);
	CHECK_INT(o.verdict[0], ASH_NF_REJECTED);
	CHECK(strstr(o.why[0], "buffer full") != NULL);
	CHECK(stats_add_up(nf));
	free(w.b);
	ash_nf_free(nf);
}

/* ---- IPFIX -------------------------------------------------------------- */

static void ipfix_hdr(wb *w, uint32_t secs, uint32_t domain)
{
	w->n = 0;
	w16(w, 10); w16(w, 0); w32(w, secs); w32(w, 1); w32(w, domain);
}

static void ipfix_done(wb *w) { set16(w, 2, w->n); }

/* template tid: src, dst, octetDeltaCount (8), flowStart/EndMilliseconds;
 * swapped: the counter first (a redefinition) */
static void ipfix_tpl(wb *w, unsigned tid, bool swapped)
{
	size_t at = set_open(w, 2);
	w16(w, tid); w16(w, 5);
	if (swapped) {
		w16(w, 1); w16(w, 8);
	}
	w16(w, 8); w16(w, 4); w16(w, 12); w16(w, 4);
	if (!swapped) {
		w16(w, 1); w16(w, 8);
	}
	w16(w, 152); w16(w, 8); w16(w, 153); w16(w, 8);
	set_close(w, at, false);
}

/* one record: a = 10.0.0.a, bytes, start ms; as 36 raw bytes */
static void ipfix_rec(wb *w, unsigned a, uint64_t bytes, uint64_t start_ms)
{
	wip(w, A(10, 0, 0, a)); wip(w, A(10, 0, 0, 200)); w64(w, bytes);
	w64(w, start_ms); w64(w, start_ms + 250);
}

TEST(ipfix_pending_late_values_and_withdrawal)
{
	ash_nf *nf = buffered();
	static out o;
	memset(&o, 0, sizeof o);
	wb w = wnew();
	ash_ip e = ip4(A(192, 0, 2, 50));
	/* two messages in one datagram, domains 77 and 78, both waiting */
	ipfix_hdr(&w, 1700000300, 77);
	size_t at = set_open(&w, 256);
	ipfix_rec(&w, 1, 1234, 1700000299000ull);
	set_close(&w, at, false);
	ipfix_done(&w);
	wb m = wnew();
	ipfix_hdr(&m, 1700000301, 78);
	at = set_open(&m, 256);
	ipfix_rec(&m, 2, 99, 1700000300000ull);
	set_close(&m, at, false);
	ipfix_done(&m);
	memcpy(w.b + w.n, m.b, m.n);
	w.n += m.n;
	ash_nf_result res = feed(nf, &w, &e, 1, &o);
	CHECK_INT(res.verdict, ASH_NF_PENDING);
	CHECK_INT(res.pending_sets, 2);
	/* the template of domain 77 arrives: one set decodes, with its values */
	ipfix_hdr(&w, 1700009999, 77);
	ipfix_tpl(&w, 256, false);
	ipfix_done(&w);
	CHECK_INT(feed(nf, &w, &e, 2, &o).verdict, ASH_NF_SKIPPED);
	CHECK_INT(o.n, 1);
	CHECK_STR(fmt(&o.r[0].src), "10.0.0.1");
	CHECK_INT(o.r[0].obytes, 1234);
	CHECK_INT(o.r[0].t_start, 1700000299000000LL);
	CHECK_INT(o.r[0].t_end, 1700000299250000LL);
	CHECK_INT(o.r[0].format, ASH_FMT_IPFIX);
	CHECK_INT(o.r[0].src_line, 1);
	CHECK_INT(o.nsettle, 1);
	CHECK_INT(o.verdict[0], ASH_NF_USED);
	/* withdrawn in domain 77, then data, then a redefinition (counter
	 * first): the waiting set decodes with the new layout */
	ipfix_hdr(&w, 1700010000, 77);
	at = set_open(&w, 2);
	w16(&w, 256); w16(&w, 0);
	set_close(&w, at, false);
	ipfix_done(&w);
	CHECK_INT(feed(nf, &w, &e, 3, &o).verdict, ASH_NF_SKIPPED);
	ipfix_hdr(&w, 1700010001, 77);
	at = set_open(&w, 256);
	w64(&w, 4321);
	wip(&w, A(10, 0, 0, 3)); wip(&w, A(10, 0, 0, 200));
	w64(&w, 1700010000000ull); w64(&w, 1700010000500ull);
	set_close(&w, at, false);
	ipfix_done(&w);
	CHECK_INT(feed(nf, &w, &e, 4, &o).verdict, ASH_NF_PENDING);
	ipfix_hdr(&w, 1700010002, 77);
	ipfix_tpl(&w, 256, true);
	ipfix_done(&w);
	feed(nf, &w, &e, 5, &o);
	CHECK_INT(o.n, 2);
	CHECK_STR(fmt(&o.r[1].src), "10.0.0.3");
	CHECK_INT(o.r[1].obytes, 4321);
	CHECK_INT(o.r[1].src_line, 4);
	/* domain 78's set never matched: its datagram was used already */
	CHECK_INT(ash_nf_finish(nf, &o, NULL), 0);
	CHECK_INT(o.nsettle, 2);
	CHECK_INT(ash_nf_get_stats(nf)->never_sets, 1);
	CHECK(stats_add_up(nf));
	free(m.b);
	free(w.b);
	ash_nf_free(nf);
}

/* samplingPacketInterval / samplingPacketSpace (IE 305/306): options
 * data of 1 in 100 (1 selected, 99 not) scales later flows by 100; a
 * record's own 2 of 8 scales it by 4; interval 1, space 0 is 1:1. */
TEST(ipfix_sampling_packet_interval)
{
	ash_nf *nf = ash_nf_new();
	static out o;
	memset(&o, 0, sizeof o);
	wb w = wnew();
	ash_ip e = ip4(A(192, 0, 2, 51));
	ipfix_hdr(&w, 1700000300, 77);
	ipfix_tpl(&w, 256, false);
	size_t at = set_open(&w, 3);
	w16(&w, 300); w16(&w, 3); w16(&w, 1);
	w16(&w, 149); w16(&w, 4); w16(&w, 305); w16(&w, 4); w16(&w, 306); w16(&w, 4);
	set_close(&w, at, false);
	at = set_open(&w, 300);
	w32(&w, 77); w32(&w, 1); w32(&w, 99);
	set_close(&w, at, false);
	at = set_open(&w, 256);
	ipfix_rec(&w, 1, 1500, 1700000299000ull);
	set_close(&w, at, false);
	ipfix_done(&w);
	ash_nf_result res = feed(nf, &w, &e, 1, &o);
	CHECK_INT(res.verdict, ASH_NF_USED);
	CHECK_INT(ash_nf_get_stats(nf)->options_records, 1);
	CHECK_INT(o.n, 1);
	CHECK_INT(o.r[0].obytes, 150000);
	CHECK(o.r[0].have & ASH_HAVE_SAMPLING);
	CHECK_INT(o.r[0].sampling, 100);
	/* domain 78: the record's own 305/306 */
	ipfix_hdr(&w, 1700000300, 78);
	at = set_open(&w, 2);
	w16(&w, 257); w16(&w, 5);
	w16(&w, 8); w16(&w, 4); w16(&w, 12); w16(&w, 4); w16(&w, 1); w16(&w, 4);
	w16(&w, 305); w16(&w, 4); w16(&w, 306); w16(&w, 4);
	set_close(&w, at, false);
	at = set_open(&w, 257);
	wip(&w, A(10, 0, 0, 5)); wip(&w, A(10, 0, 0, 6)); w32(&w, 10); w32(&w, 2); w32(&w, 6);
	wip(&w, A(10, 0, 0, 7)); wip(&w, A(10, 0, 0, 8)); w32(&w, 10); w32(&w, 1); w32(&w, 0);
	set_close(&w, at, false);
	ipfix_done(&w);
	feed(nf, &w, &e, 2, &o);
	CHECK_INT(o.n, 3);
	CHECK_INT(o.r[1].obytes, 40);
	CHECK_INT(o.r[1].sampling, 4);
	CHECK(o.r[1].have & ASH_HAVE_SAMPLING);
	CHECK_INT(o.r[2].obytes, 10);
	CHECK_INT(o.r[2].sampling, 0);
	CHECK(!(o.r[2].have & ASH_HAVE_SAMPLING));
	free(w.b);
	ash_nf_free(nf);
}

/* ---- through the "netflow" parser --------------------------------------- */

typedef struct tally {
	uint64_t records, rejects, where[4], line[4];
	char why[4][160];
} tally;

static int t_rec(void *ctx, const ash_rec *r, ash_err *err)
{
	(void)err;
	tally *t = ctx;
	if (t->records < 4)
		t->line[t->records] = r->src_line;
	t->records++;
	return 0;
}

static int t_rej(void *ctx, uint64_t where, const char *why, const void *raw,
		 size_t n, ash_err *err)
{
	(void)raw, (void)n, (void)err;
	tally *t = ctx;
	if (t->rejects < 4) {
		t->where[t->rejects] = where;
		snprintf(t->why[t->rejects], sizeof t->why[0], "%s", why);
	}
	t->rejects++;
	return 0;
}

/* One IPv4 + UDP packet around payload p into the capture. */
static void cap_add(pcap_dumper_t *d, uint32_t src, const wb *p, long sec)
{
	uint8_t pkt[2048];
	size_t n = 28 + p->n;
	memset(pkt, 0, 28);
	pkt[0] = 0x45;
	pkt[2] = (uint8_t)(n >> 8);
	pkt[3] = (uint8_t)n;
	pkt[8] = 64;
	pkt[9] = 17;
	pkt[12] = (uint8_t)(src >> 24), pkt[13] = (uint8_t)(src >> 16);
	pkt[14] = (uint8_t)(src >> 8), pkt[15] = (uint8_t)src;
	pkt[16] = 192, pkt[17] = 0, pkt[18] = 2, pkt[19] = 99;
	pkt[20] = 0x08, pkt[21] = 0x07, pkt[22] = 0x08, pkt[23] = 0x07;
	pkt[24] = (uint8_t)((n - 20) >> 8);
	pkt[25] = (uint8_t)(n - 20);
	memcpy(pkt + 28, p->b, p->n);
	struct pcap_pkthdr h = {.caplen = (bpf_u_int32)n, .len = (bpf_u_int32)n};
	h.ts.tv_sec = sec;
	pcap_dump((u_char *)d, &h, pkt);
}

/* Packets: 1 data (template 300), 2 data (template 301, never sent),
 * 3 the template 300: read 3 = used 1 + rejected 1 + skipped 1. */
TEST(netflow_pending_capture_units)
{
	char path[512];
	snprintf(path, sizeof path, "%s/late.pcap", ash_test_tmpdir());
	pcap_t *pd = pcap_open_dead(DLT_RAW, 65535);
	pcap_dumper_t *d = pcap_dump_open(pd, path);
	CHECK(d != NULL);
	if (!d)
		return;
	wb w = wnew();
	uint32_t ex = A(198, 51, 100, 20);
	v9_hdr(&w, 100000, 1700000000, 1);
	v9_data(&w, 300, A(10, 0, 0, 1), 1, 500, 99000, 99500);
	cap_add(d, ex, &w, 1700000000);
	v9_hdr(&w, 100000, 1700000001, 1);
	v9_data(&w, 301, A(10, 0, 0, 2), 2, 600, 99000, 99500);
	cap_add(d, ex, &w, 1700000001);
	v9_hdr(&w, 100000, 1700000002, 1);
	v9_tpl(&w, 300);
	cap_add(d, ex, &w, 1700000002);
	pcap_dump_close(d);
	pcap_close(pd);
	free(w.b);
	ash_input *in = NULL;
	CHECK_INT(ash_input_open(path, &in, NULL), 0);
	if (!in)
		return;
	tally t;
	memset(&t, 0, sizeof t);
	ash_units u;
	memset(&u, 0, sizeof u);
	ash_parse_opts po = {0};
	void *st = ash_netflow_parser.open(&po);
	ash_sink sink = {.ctx = &t, .record = t_rec, .reject = t_rej};
	CHECK_INT(ash_netflow_parser.run(st, in, &sink, &u, NULL), 0);
	ash_netflow_parser.close(st);
	ash_input_close(in);
	CHECK_INT(u.read, 3);
	CHECK_INT(u.used, 1);
	CHECK_INT(u.rejected, 1);
	CHECK_INT(u.skipped, 1);
	CHECK_INT(t.records, 1);
	CHECK_INT(t.line[0], 1);
	CHECK_INT(t.rejects, 1);
	CHECK_INT(t.where[0], 2);
	CHECK_STR(t.why[0], "data set for template 301 of exporter 198.51.100.20 "
			    "domain 1: its template never came");
}
