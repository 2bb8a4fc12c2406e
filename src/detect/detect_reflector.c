/* SPDX-License-Identifier: MIT */
/* detect_reflector.c: reflector - an own host abused for reflection or
 * amplification on a UDP service that amplifies (and, through
 * reflector_tcp.c, a TCP service whose SYN-ACKs are reflected).
 *
 * For each own host and service port: requests in (records to the port),
 * responses out (the responder's bytes of those records, plus records from
 * the port when flows are one-directional), per requesting peer.  Signs:
 *  A  amplification: response/request bytes >= 3x the service's normal,
 *     over all peers, the top three, or the most amplified peer with 10
 *     requests or more (only peers that both asked and were answered;
 *     only records carrying both directions when there are such);
 *  C  victims: the top peers send >= 20x the median peer's requests, at
 *     least 100, and the top three hold half of all requests;
 *  U  unsolicited: responses to peers whose requests are not seen (at most
 *     a tenth as many request records as response records, 2 or more
 *     response packets);
 *  S  large responses: bytes per response packet above what the service
 *     sends normally (2 or more response packets).
 * Two or more signs: malicious.  One sign: suspicious, except a lone A/S
 * with normal-size traffic, which is left alone; a lone C only counts when
 * the data has no byte counts (then A and S cannot be seen).
 *
 * TCP SYN-ACK reflection (reflector_tcp.c) shares the scan: its first
 * pass is two more tallies of the same read of the store. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "detect/detect.h"
#include "detect/reflector_tcp.h"
#include "detect/tally.h"

typedef struct service {
	uint16_t port;
	const char *name;
	double normal;    /* response/request bytes in ordinary use */
	double big;       /* bytes per response packet above ordinary */
} service;

/* normal ratios: ordinary queries; big: ordinary response sizes.  Attack
 * amplification factors (US-CERT TA14-017A) are far above both. */
static const service services[] = {
	{53, "DNS", 5, 1232}, {123, "NTP", 1.5, 200}, {1900, "SSDP", 3, 700},
	{11211, "memcached", 3, 1000}, {389, "CLDAP", 10, 1400},
	{161, "SNMP", 4, 1000}, {19, "CharGEN", 1, 100}, {17, "QOTD", 2, 200},
	{111, "Portmap", 4, 400}, {137, "NetBIOS", 3, 300},
	{3702, "WS-Discovery", 8, 1000}, {5353, "mDNS", 5, 700},
	{69, "TFTP", 4, 600}, {520, "RIP", 4, 600}, {10001, "Ubiquiti", 8, 400},
	{3283, "ARD", 10, 800}, {5683, "CoAP", 5, 600}, {1194, "OpenVPN", 5, 600},
	{500, "ISAKMP", 2, 600}, {4500, "IKE NAT-T", 2, 600},
	{47808, "BACnet", 4, 500}, {37810, "DVR discovery", 4, 500},
	{27015, "Steam", 5, 600}, {5351, "NAT-PMP", 3, 300},
};
#define NSERV (sizeof services / sizeof *services)

static const service *service_of(uint16_t port)
{
	for (size_t i = 0; i < NSERV; i++)
		if (services[i].port == port)
			return &services[i];
	return NULL;
}

/* per port: 1 when a service of the table; filled once (the row tests
 * below run for every UDP record, a table scan there would be the cost) */
static uint8_t service_port[65536];
static pthread_once_t service_once = PTHREAD_ONCE_INIT;

static void service_fill(void)
{
	for (size_t i = 0; i < NSERV; i++)
		service_port[services[i].port] = 1;
}

static bool is_service(uint16_t port)
{
	return service_port[port];
}

/* UDP, as the filter "udp" says it (the scan is shared with TCP) */
static bool is_udp(const ash_batch *b, size_t i)
{
	return (b->have[i] & ASH_HAVE_PROTO) && b->proto[i] == 17;
}

/* requests: to a service port */
static bool keep_in(const void *ctx, const ash_batch *b, size_t i)
{
	(void)ctx;
	return is_udp(b, i) && is_service(b->dport[i]);
}

/* possible responses: one-way UDP out (one-directional flow formats, or
 * packets out and none back), not to a service port (a resolver or NTP
 * client talking to its upstream) */
static bool keep_out(const void *ctx, const ash_batch *b, size_t i)
{
	(void)ctx;
	if (!is_udp(b, i) || is_service(b->dport[i]))
		return false;
	int f = b->format[i];
	if (f == ASH_FMT_NETFLOW5 || f == ASH_FMT_NETFLOW9 || f == ASH_FMT_IPFIX ||
	    f == ASH_FMT_NFCAPD)
		return true;
	return b->opkts[i] > 0 && b->rpkts[i] == 0;
}

typedef struct row {
	ash_ip host, peer;
	uint16_t port;
	uint64_t req, req_bytes, resp_bytes, resp_pkts, out_recs;
	uint64_t out_all;   /* one-way records host -> peer from any port */
	uint64_t bi_req, bi_resp; /* bytes of records carrying both sides */
	int64_t first, last;
} row;

static int cmp_row(const void *a, const void *b)
{
	const row *x = a, *y = b;
	int c = ash_ip_cmp(&x->host, &y->host);
	if (c)
		return c;
	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	return ash_ip_cmp(&x->peer, &y->peer);
}

/* Responses as records of their own: one-directional flow formats log
 * them so; in other formats a record from the service port with packets
 * out and none back is a response nobody asked for here (a capture at the
 * reflector or its victim).  Records to a service port are a client's
 * (or a resolver's) own traffic, not responses.  Unsolicited responses
 * count only towards outside peers: inside, discovery protocols (SSDP,
 * mDNS) answer multicast requests that no unicast record shows.  A flood
 * from random source ports hits service ports by chance: responses count
 * only when the service port carries most of the host's one-way traffic
 * to that peer. */
/* one-way records per (host, peer) from any port, for the share rule */
static ash_htab *out_totals(ash_htab *hout)
{
	ash_htab *t = ash_htab_new(2 * sizeof(ash_ip), sizeof(uint64_t), 0);
	size_t pos = 0;
	const void *kp;
	void *vp;
	while (ash_htab_next(hout, &pos, &kp, &vp)) {
		const ash_tkey *k = kp;
		ash_ip hp[2] = {k->a, k->b};
		uint64_t *c = ash_htab_get(t, hp, NULL);
		if (c)
			*c += ((const ash_tval *)vp)->records;
	}
	return t;
}

static void rows_from(ash_htab *h, bool in, ash_htab *totals, row **v,
		      size_t *n, size_t *cap)
{
	size_t pos = 0;
	const void *kp;
	void *vp;
	while (ash_htab_next(h, &pos, &kp, &vp)) {
		const ash_tkey *k = kp;
		const ash_tval *t = vp;
		if (!in && !is_service(k->port))
			continue;
		ash_grow((void **)v, cap, *n + 1, sizeof **v);
		row *r = &(*v)[(*n)++];
		memset(r, 0, sizeof *r);
		r->port = k->port;
		r->first = t->first;
		r->last = t->last;
		if (in) { /* peer -> host:port; the responder's side is ours */
			r->host = k->b, r->peer = k->a;
			r->req = t->records;
			r->req_bytes = t->obytes;
			r->resp_bytes = t->rbytes;
			r->resp_pkts = t->rpkts;
			r->bi_req = t->bi_obytes;
			r->bi_resp = t->bi_rbytes;
		} else {  /* host:port -> peer (one-directional flows) */
			r->host = k->a, r->peer = k->b;
			r->resp_bytes = t->obytes;
			r->resp_pkts = t->opkts;
			r->out_recs = t->records;
			ash_ip hp[2] = {k->a, k->b};
			const uint64_t *all = ash_htab_find(totals, hp);
			r->out_all = all ? *all : t->records;
		}
	}
}

/* fold rows with the same (host, port, peer) */
static size_t fold(row *v, size_t n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof *v, cmp_row);
	size_t m = 0;
	for (size_t i = 1; i < n; i++) {
		row *a = &v[m], *b = &v[i];
		if (cmp_row(a, b)) {
			v[++m] = *b;
			continue;
		}
		a->req += b->req;
		a->req_bytes += b->req_bytes;
		a->resp_bytes += b->resp_bytes;
		a->resp_pkts += b->resp_pkts;
		a->out_recs += b->out_recs;
		a->out_all += b->out_all;
		a->bi_req += b->bi_req;
		a->bi_resp += b->bi_resp;
		a->first = b->first < a->first ? b->first : a->first;
		a->last = b->last > a->last ? b->last : a->last;
	}
	return m + 1;
}

static int cmp_req(const void *a, const void *b)
{
	const row *x = a, *y = b;
	uint64_t p = x->req + x->out_recs, q = y->req + y->out_recs;
	return p < q ? 1 : p > q ? -1 : ash_ip_cmp(&x->peer, &y->peer);
}

typedef struct svc_sum {
	uint64_t req, req_bytes, resp_bytes, resp_pkts, out_recs, out_all, top3;
	uint64_t top_req_bytes, top_resp_bytes;
	double med_req, amp_top, amp_peer;
	size_t npeers;
	bool A, C, U, S;
	double amp;
} svc_sum;

static svc_sum summarize(const service *sv, row *g, size_t n, bool bytes)
{
	svc_sum s = {0};
	s.npeers = n;
	qsort(g, n, sizeof *g, cmp_req); /* busiest peers first */
	double *tmp = ash_malloc((n + 1) * sizeof *tmp);
	uint64_t paired_req = 0, paired_resp = 0; /* peers with both */
	bool bi = false; /* some records carry both directions: use only those
			  * (a firewall line of the same request has no answer) */
	for (size_t i = 0; i < n; i++)
		bi |= g[i].bi_resp > 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t rq = bi ? g[i].bi_req : g[i].req_bytes;
		uint64_t rs = bi ? g[i].bi_resp : g[i].resp_bytes;
		s.req += g[i].req;
		s.req_bytes += g[i].req_bytes;
		s.resp_bytes += g[i].resp_bytes;
		if (rq && rs) {
			paired_req += rq;
			paired_resp += rs;
			/* the most amplified peer that asked often enough */
			if (g[i].req >= 10 && (double)rs / (double)rq > s.amp_peer)
				s.amp_peer = (double)rs / (double)rq;
		}
		s.resp_pkts += g[i].resp_pkts;
		s.out_recs += g[i].out_recs;
		s.out_all += g[i].out_all;
		if (i < 3) {
			s.top3 += g[i].req + g[i].out_recs;
			if (rq && rs) {
				s.top_req_bytes += rq;
				s.top_resp_bytes += rs;
			}
		}
		tmp[i] = (double)(g[i].req + g[i].out_recs);
	}
	s.med_req = ash_median(tmp, n);
	free(tmp);
	uint64_t top = g[0].req + g[0].out_recs, all = s.req + s.out_recs;
	/* amplification only where a peer both asked and got answers */
	s.amp = paired_req ? (double)paired_resp / (double)paired_req : 0;
	s.amp_top = s.top_req_bytes ? (double)s.top_resp_bytes / (double)s.top_req_bytes : 0;
	s.A = bytes && paired_req &&
	      fmax(s.amp, fmax(s.amp_top, s.amp_peer)) >= 3 * sv->normal;
	s.C = top >= 100 && (double)top >= 20 * s.med_req && s.top3 * 2 >= all;
	s.U = s.out_recs && s.resp_pkts >= 2 && s.req * 10 <= s.out_recs &&
	      s.out_recs * 2 >= s.out_all;
	s.S = s.resp_pkts >= 2 && (double)s.resp_bytes / (double)s.resp_pkts > sv->big;
	return s;
}

static void report(const ash_detect_ctx *x, const service *sv, const row *g,
		   size_t n, const svc_sum *s, bool bytes, ash_findings *out)
{
	int signs = s->A + s->C + s->U + s->S;
	ash_finding *f = ash_findings_add(out, "reflector");
	f->verdict = signs >= 2 ? ASH_V_MALICIOUS : ASH_V_SUSPICIOUS;
	f->score = fmin(1.0, 0.45 + 0.15 * signs + (s->amp > 0 ? 0.05 * log10(fmax(s->amp, 1)) : 0));
	const char *site = ash_detect_site_of(x, &g[0].host);
	f->site = site ? ash_strdup(site) : NULL;
	ash_finding_host(f, &g[0].host);
	f->start = INT64_MAX;
	f->end = INT64_MIN;
	size_t nv = s->C || s->U ? (n < 3 ? n : 3) : 0;
	for (size_t i = 0; i < (nv ? nv : n); i++) {
		if (i < nv)
			ash_finding_peer(f, &g[i].peer);
		f->start = g[i].first < f->start ? g[i].first : f->start;
		f->end = g[i].last > f->end ? g[i].last : f->end;
	}
	char h[ASH_IP_STRLEN], rb[16], qb[16];
	ash_detect_ip(&g[0].host, h);
	f->filter = ash_detect_filter(x, "udp and ((dst host %s and dst port %u) or "
				      "(src host %s and src port %u))", h, sv->port,
				      h, sv->port);
	ash_detect_human(s->resp_bytes, true, rb);
	ash_detect_human(s->req_bytes, true, qb);
	f->summary = ash_fmt_alloc("%s answered %s on udp/%u: %llu requests from "
				   "%zu peers (top 3: %.0f%%), %s out for %s in (x%.1f; top 3 peers x%.1f; "
				   "most amplified peer x%.1f)",
				   h, sv->name, sv->port,
				   (unsigned long long)(s->req + s->out_recs), s->npeers,
				   100.0 * (double)s->top3 / (double)((s->req + s->out_recs) ? (s->req + s->out_recs) : 1),
				   rb, qb, s->amp, s->amp_top, s->amp_peer);
	f->why = ash_fmt_alloc(
		"%s%s%s%s%s; %d sign(s) of reflection: %s%s", 
		s->A ? "A: responses are larger than requests far beyond this "
		       "service's normal ratio; " : "",
		s->C ? "C: a few peers send far more requests than the median "
		       "client (victims whose address was spoofed); " : "",
		s->U ? "U: responses go to peers whose requests are not seen; " : "",
		s->S ? "S: response packets are larger than the service sends in "
		       "ordinary use; " : "",
		bytes ? "byte counts present" : "no byte counts in these sources: "
		"amplification cannot be measured",
		signs, signs >= 2 ? "malicious (the host is used as a reflector: "
		"check the service's configuration, e.g. open recursion or NTP monlist)"
		: "suspicious (one sign alone can be a busy legitimate client)", "");
}

static void groups(const ash_detect_ctx *x, row *v, size_t n, bool bytes,
		   ash_findings *out)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && ash_ip_eq(&v[j].host, &v[i].host) && v[j].port == v[i].port)
			j++;
		const service *sv = service_of(v[i].port);
		if (sv) {
			svc_sum s = summarize(sv, &v[i], j - i, bytes);
			int signs = s.A + s.C + s.U + s.S;
			bool lone_c_ok = s.C && !bytes;
			if (s.req + s.out_recs < 100 && s.resp_pkts < 2)
				signs = 0; /* too little to tell anything */
			if (signs >= 2 || (signs && lone_c_ok) ||
			    (signs == 1 && (s.U || s.A) && s.resp_bytes > 0))
				report(x, sv, &v[i], j - i, &s, bytes, out);
		}
		i = j;
	}
}

int ash_detect_reflector(const ash_detect_ctx *x, ash_findings *out, ash_err *err);
int ash_detect_reflector(const ash_detect_ctx *x, ash_findings *out, ash_err *err)
{
	pthread_once(&service_once, service_fill);
	ash_htab *hin = NULL, *hout = NULL, *tot = NULL;
	row *v = NULL;
	size_t n = 0, cap = 0;
	ash_tally_opts o[2 + ASH_RTCP_NTALLY] = {
		{.flags = ASH_T_SRC | ASH_T_DST | ASH_T_DPORT | ASH_T_OWN_DST, .keep = keep_in},
		{.flags = ASH_T_SRC | ASH_T_DST | ASH_T_SPORT | ASH_T_OWN_SRC | ASH_T_OUT_DST,
		 .keep = keep_out}};
	ash_reflector_tcp_tallies(&o[2]);
	ash_htab *tabs[2 + ASH_RTCP_NTALLY];
	/* one read for UDP and TCP (every keep test checks its protocol);
	 * the filter, run 64 rows at a time, leaves out the bulk of TCP */
	int rc = ash_tally_many(x, "udp or (" ASH_RTCP_ROWS ")", o,
				2 + ASH_RTCP_NTALLY, tabs, err);
	hin = tabs[0];
	hout = tabs[1];
	if (!rc) {
		tot = out_totals(hout);
		rows_from(hin, true, tot, &v, &n, &cap);
		rows_from(hout, false, tot, &v, &n, &cap);
		n = fold(v, n);
		bool bytes = x->sv.with_bytes > 0;
		if (!bytes)
			ash_findings_note(out, "reflector: no record carries byte "
					  "counts: amplification is not measured, "
					  "request patterns only");
		groups(x, v, n, bytes, out);
		rc = ash_reflector_tcp_find(x, &tabs[2], out, err);
	}
	free(v);
	ash_htab_free(hin);
	ash_htab_free(hout);
	ash_htab_free(tot);
	for (size_t i = 2; i < 2 + ASH_RTCP_NTALLY; i++)
		ash_htab_free(tabs[i]);
	return rc;
}
