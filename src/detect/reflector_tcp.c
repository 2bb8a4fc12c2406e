/* SPDX-License-Identifier: MIT */
/* reflector_tcp.c: reflector over TCP (reflector_tcp.h) - an own host H
 * whose TCP service port P answers SYNs that carry a victim V's forged
 * address, so that its SYN-ACKs (and their retransmits) flood V.
 *
 * Half-open responses of H:P to an outside peer V are
 *  - records from H:P to V with SYN and ACK, no PSH or FIN and no packet
 *    back (one-way flows: NetFlow, a capture of H's outbound traffic or
 *    one taken at the victim);
 *  - records from V to H:P with SYN and ACK, no PSH or FIN, H sending one
 *    packet or more: without RST, V sent one packet (its SYN) or H two or
 *    more (retransmits to a peer that stays silent, SYNs repeated on one
 *    port); with RST, V sent two packets and H one (V's SYN, H's SYN-ACK,
 *    and the RST of a kernel that never asked for it).  The flags are
 *    those of both sides: a refused connection (SYN; RST+ACK back, one
 *    for one) and a completed handshake without data (SYN, ACK and maybe
 *    RST from V; one SYN-ACK) look alike by flags and are left out by
 *    these counts.
 * A peer is looked at when it got 100 SYN-ACKs or more from one port: one
 * failed handshake is about a dozen at most with retransmits, a scanner
 * probes a port once or twice.  Pass 2 counts, for the 64 ports with the
 * most, the connections of every peer of the port.  Named peers: the top
 * three by SYN-ACKs over the floor whose connections with the port are
 * half-open half of the time or more (a big client or a NAT with some
 * failed handshakes among many is no victim).  Signs, over them:
 *  U  they never complete a handshake: their half-open responses are 90%
 *     or more of their connections with the port (one-way data: their
 *     SYNs are not seen at all);
 *  C  the top one's half-open responses are >= 20x the median peer's
 *     connections with the port, and the named peers got half or more of
 *     the port's half-open responses;
 *  A  SYN-ACKs per packet from the peers >= 2 where these are counted:
 *     the host retransmits to addresses that never answer.
 * Two or more signs: malicious; one: suspicious.  Records without TCP
 * flags (most firewall logs) cannot show any of this. */
#include "detect/reflector_tcp.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

#define MIN_SA 100        /* SYN-ACKs to one peer from one port */
#define MAX_PORTS 64      /* suspect ports looked at in pass 2 */
#define NAMED 3           /* peers named per finding */
#define DETAIL 16         /* candidates per port counted in detail */
#define PEER_MAX (1u << 20) /* peers of the suspect ports counted */

#define SA (ASH_TCP_SYN | ASH_TCP_ACK)

/* ---- pass 1: half-open responses ---- */

static bool synack_only(const ash_batch *b, size_t i)
{
	uint32_t h = b->have[i];
	uint8_t f = b->tcp_flags[i];
	return (h & ASH_HAVE_PROTO) && b->proto[i] == 6 && (h & ASH_HAVE_FLAGS) &&
	       (f & SA) == SA && !(f & (ASH_TCP_PSH | ASH_TCP_FIN));
}

/* H:P -> V, nothing back in the record */
static bool keep_resp(const void *ctx, const ash_batch *b, size_t i)
{
	(void)ctx;
	uint32_t h = b->have[i];
	return synack_only(b, i) && (h & ASH_HAVE_SPORT) &&
	       !((h & ASH_HAVE_RPKTS) && b->rpkts[i] > 0);
}

/* V -> H:P, answered, never completed (the filter of report() says the
 * same) */
static bool keep_half(const void *ctx, const ash_batch *b, size_t i)
{
	(void)ctx;
	uint32_t h = b->have[i];
	if (!synack_only(b, i) || !(h & ASH_HAVE_DPORT) || !(h & ASH_HAVE_RPKTS) ||
	    b->rpkts[i] < 1)
		return false;
	bool op = h & ASH_HAVE_OPKTS;
	if (b->tcp_flags[i] & ASH_TCP_RST)
		return op && b->opkts[i] == 2 && b->rpkts[i] == 1;
	return (op && b->opkts[i] <= 1) || b->rpkts[i] >= 2;
}

void ash_reflector_tcp_tallies(ash_tally_opts *o)
{
	memset(o, 0, ASH_RTCP_NTALLY * sizeof *o);
	o[0].flags = ASH_T_SRC | ASH_T_DST | ASH_T_SPORT | ASH_T_OWN_SRC | ASH_T_OUT_DST;
	o[0].keep = keep_resp;
	o[1].flags = ASH_T_SRC | ASH_T_DST | ASH_T_DPORT | ASH_T_OUT_SRC | ASH_T_OWN_DST;
	o[1].keep = keep_half;
}

typedef struct pair {
	ash_ip host, peer;
	uint16_t port;
	uint64_t half;     /* half-open response records */
	uint64_t sa;       /* SYN-ACKs in them (records when not counted) */
	int64_t first, last;
} pair;

static int cmp_pair(const void *a, const void *b)
{
	const pair *x = a, *y = b;
	int c = ash_ip_cmp(&x->host, &y->host);
	if (c)
		return c;
	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	return ash_ip_cmp(&x->peer, &y->peer);
}

static int cmp_sa(const void *a, const void *b)
{
	const pair *x = a, *y = b;
	if (x->sa != y->sa)
		return x->sa < y->sa ? 1 : -1;
	return ash_ip_cmp(&x->peer, &y->peer);
}

/* pairs of both tables, folded per (host, port, peer); *n of them */
static pair *pairs_of(ash_htab *const *t, size_t *n)
{
	size_t cap = ash_htab_count(t[0]) + ash_htab_count(t[1]) + 1, m = 0;
	pair *v = ash_malloc(cap * sizeof *v);
	for (int k = 0; k < 2; k++) {
		size_t pos = 0;
		const void *kp;
		void *vp;
		while (ash_htab_next(t[k], &pos, &kp, &vp)) {
			const ash_tkey *key = kp;
			const ash_tval *tv = vp;
			pair *p = &v[m++];
			memset(p, 0, sizeof *p);
			p->host = k ? key->b : key->a;
			p->peer = k ? key->a : key->b;
			p->port = key->port;
			p->half = tv->records;
			p->sa = k ? tv->rpkts : ash_tval_units(tv);
			p->first = tv->first;
			p->last = tv->last;
		}
	}
	if (m)
		qsort(v, m, sizeof *v, cmp_pair);
	size_t o = 0;
	for (size_t i = 1; i < m; i++) {
		if (cmp_pair(&v[o], &v[i])) {
			v[++o] = v[i];
			continue;
		}
		v[o].half += v[i].half;
		v[o].sa += v[i].sa;
		v[o].first = v[i].first < v[o].first ? v[i].first : v[o].first;
		v[o].last = v[i].last > v[o].last ? v[i].last : v[o].last;
	}
	*n = m ? o + 1 : 0;
	return v;
}

/* a port with peers over the floor: pairs[off..off+npeers) sorted by
 * SYN-ACKs, the first ncand over the floor */
typedef struct sport {
	ash_ip host;
	uint16_t port;
	size_t off, npeers, ncand;
	uint64_t port_half; /* half-open responses to all its peers */
	uint64_t top_sa;    /* SYN-ACKs to the top peer */
} sport;

static int cmp_sport(const void *a, const void *b)
{
	const sport *x = a, *y = b;
	if (x->top_sa != y->top_sa)
		return x->top_sa < y->top_sa ? 1 : -1;
	int c = ash_ip_cmp(&x->host, &y->host);
	return c ? c : (int)x->port - (int)y->port;
}

/* suspect ports (the MAX_PORTS with most SYN-ACKs to one peer); *n */
static sport *suspects(pair *v, size_t n, size_t *ns, bool *more)
{
	sport *s = NULL;
	size_t m = 0, cap = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		uint64_t half = 0;
		while (j < n && ash_ip_eq(&v[j].host, &v[i].host) && v[j].port == v[i].port)
			half += v[j++].half;
		qsort(&v[i], j - i, sizeof *v, cmp_sa);
		size_t c = 0;
		while (i + c < j && v[i + c].sa >= MIN_SA)
			c++;
		if (c) {
			ash_grow((void **)&s, &cap, m + 1, sizeof *s);
			s[m++] = (sport){.host = v[i].host, .port = v[i].port, .off = i,
					 .npeers = j - i, .ncand = c, .port_half = half,
					 .top_sa = v[i].sa};
		}
		i = j;
	}
	if (m)
		qsort(s, m, sizeof *s, cmp_sport);
	*more = m > MAX_PORTS;
	*ns = m > MAX_PORTS ? MAX_PORTS : m;
	return s;
}

/* ---- pass 2: every peer's connections with the suspect ports ---- */

typedef struct pkey {
	ash_ip peer;
	uint32_t sidx;   /* suspect port */
} pkey;

typedef struct hpkey {
	uint32_t hidx;   /* suspect host */
	uint16_t port;
	uint16_t pad;
} hpkey;

typedef struct conn {
	uint32_t in, out; /* records peer -> H:P and H:P -> peer */
} conn;

typedef struct det {     /* per named peer */
	uint64_t req;    /* records peer -> H:P with packets from the peer
			  * (or without packet counts) */
	uint64_t syn;    /* the peer's packets in records with its SYN, no
			  * PSH or FIN */
} det;

typedef struct p2 {
	ash_htab *hosts;        /* ash_ip -> uint32 host index */
	ash_htab *ports;        /* hpkey -> uint32 suspect port */
	ash_htab *named;        /* pkey -> uint32 index into det */
	size_t ndet;
	ash_htab *peers;        /* merged: pkey -> conn */
	det *det;
	bool full;
} p2;

typedef struct p2w {
	const p2 *c;
	ash_htab *peers;
	det *det;
	int32_t *hmap;
	size_t hcap;
	bool full;
} p2w;

static void *w_new(void *ctx)
{
	const p2 *c = ctx;
	p2w *w = ash_calloc(1, sizeof *w);
	w->c = c;
	w->peers = ash_htab_new(sizeof(pkey), sizeof(conn), PEER_MAX);
	w->det = ash_calloc(c->ndet + 1, sizeof *w->det);
	return w;
}

static uint32_t sat32(uint32_t v)
{
	return v == UINT32_MAX ? v : v + 1;
}

/* row i seen from suspect host hidx on port, with the other side peer */
static void w_side(p2w *w, int32_t hidx, uint16_t port, const ash_ip *peer,
		   bool in, const ash_batch *b, size_t i)
{
	hpkey hk = {.hidx = (uint32_t)hidx, .port = port};
	const uint32_t *s = ash_htab_find(w->c->ports, &hk);
	if (!s)
		return;
	pkey k;
	memset(&k, 0, sizeof k);
	k.peer = *peer;
	k.sidx = *s;
	conn *cn = ash_htab_get(w->peers, &k, NULL);
	if (!cn)
		w->full = true;
	else if (in)
		cn->in = sat32(cn->in);
	else
		cn->out = sat32(cn->out);
	const uint32_t *d = in ? ash_htab_find(w->c->named, &k) : NULL;
	if (!d)
		return;
	uint32_t h = b->have[i];
	det *e = &w->det[*d];
	e->req += !(h & ASH_HAVE_OPKTS) || b->opkts[i] > 0;
	if ((h & ASH_HAVE_FLAGS) && (h & ASH_HAVE_OPKTS) &&
	    (b->tcp_flags[i] & ASH_TCP_SYN) &&
	    !(b->tcp_flags[i] & (ASH_TCP_PSH | ASH_TCP_FIN)))
		e->syn += b->opkts[i];
}

static int w_batch(void *st, const ash_batch *b, const uint64_t *sel,
		   size_t matched, ash_err *err)
{
	(void)matched, (void)err;
	p2w *w = st;
	ash_grow((void **)&w->hmap, &w->hcap, b->naddrs + 1, sizeof *w->hmap);
	for (size_t k = 0; k < b->naddrs; k++) {
		const uint32_t *h = ash_htab_find(w->c->hosts, &b->addrs[k]);
		w->hmap[k] = h ? (int32_t)*h : -1;
	}
	for (size_t wd = 0; wd < (b->n + 63) / 64; wd++)
		for (uint64_t m = sel[wd]; m; m &= m - 1) {
			size_t i = wd * 64 + (size_t)__builtin_ctzll(m);
			uint32_t h = b->have[i];
			if (!(h & ASH_HAVE_PROTO) || b->proto[i] != 6)
				continue;
			int32_t hs = w->hmap[b->src_idx[i]], hd = w->hmap[b->dst_idx[i]];
			if (hd >= 0 && (h & ASH_HAVE_DPORT))
				w_side(w, hd, b->dport[i], ash_batch_src(b, i), true, b, i);
			if (hs >= 0 && (h & ASH_HAVE_SPORT))
				w_side(w, hs, b->sport[i], ash_batch_dst(b, i), false, b, i);
		}
	return ASH_OK;
}

static int w_merge(void *ctx, void *st, ash_err *err)
{
	(void)err;
	p2 *c = ctx;
	p2w *w = st;
	for (size_t i = 0; i < c->ndet; i++) {
		c->det[i].req += w->det[i].req;
		c->det[i].syn += w->det[i].syn;
	}
	c->full |= w->full;
	if (!c->peers) {
		c->peers = w->peers;
		w->peers = NULL;
		return ASH_OK;
	}
	size_t pos = 0;
	const void *kp;
	void *vp;
	while (ash_htab_next(w->peers, &pos, &kp, &vp)) {
		conn *d = ash_htab_get(c->peers, kp, NULL);
		const conn *s = vp;
		if (!d) {
			c->full = true;
			continue;
		}
		d->in = d->in > UINT32_MAX - s->in ? UINT32_MAX : d->in + s->in;
		d->out = d->out > UINT32_MAX - s->out ? UINT32_MAX : d->out + s->out;
	}
	return ASH_OK;
}

static void w_free(void *st)
{
	p2w *w = st;
	ash_htab_free(w->peers);
	free(w->det);
	free(w->hmap);
	free(w);
}

/* the suspect ports' hosts, ports and named peers as lookup tables, and
 * the scan's filter text (owned) */
static char *p2_setup(p2 *c, const sport *s, size_t ns, const pair *v)
{
	ash_htab *hosts = ash_htab_new(sizeof(ash_ip), sizeof(uint32_t), 0);
	ash_htab *ports = ash_htab_new(sizeof(hpkey), sizeof(uint32_t), 0);
	ash_htab *named = ash_htab_new(sizeof(pkey), sizeof(uint32_t), 0);
	size_t cap = 64 + ns * (ASH_IP_STRLEN + 12), len = 0;
	char *text = ash_malloc(cap);
	len += (size_t)snprintf(text, cap, "tcp and (");
	for (size_t i = 0; i < ns; i++) {
		bool created;
		uint32_t *h = ash_htab_get(hosts, &s[i].host, &created);
		if (created) {
			*h = (uint32_t)ash_htab_count(hosts) - 1;
			char a[ASH_IP_STRLEN];
			len += (size_t)snprintf(text + len, cap - len, "%shost %s",
						*h ? " or " : "", ash_detect_ip(&s[i].host, a));
		}
		hpkey hk = {.hidx = *h, .port = s[i].port};
		*(uint32_t *)ash_htab_get(ports, &hk, NULL) = (uint32_t)i;
		for (size_t k = 0; k < s[i].ncand && k < DETAIL; k++) {
			pkey pk;
			memset(&pk, 0, sizeof pk);
			pk.peer = v[s[i].off + k].peer;
			pk.sidx = (uint32_t)i;
			*(uint32_t *)ash_htab_get(named, &pk, NULL) = (uint32_t)c->ndet++;
		}
	}
	snprintf(text + len, cap - len, ")");
	c->hosts = hosts;
	c->ports = ports;
	c->named = named;
	c->det = ash_calloc(c->ndet + 1, sizeof *c->det);
	return text;
}

static void p2_free(p2 *c)
{
	ash_htab_free(c->hosts);
	ash_htab_free(c->ports);
	ash_htab_free(c->named);
	ash_htab_free(c->peers);
	free(c->det);
}

/* connections of a peer: the larger direction (one-way data logs both) */
static uint64_t conns(const conn *c)
{
	return c->in > c->out ? c->in : c->out;
}

/* median connections per peer of each suspect port into med[ns] */
static void medians(const p2 *c, size_t ns, double *med)
{
	size_t *cnt = ash_calloc(ns + 1, sizeof *cnt), *at = ash_calloc(ns + 1, sizeof *at);
	size_t pos = 0, total = 0;
	const void *kp;
	void *vp;
	while (c->peers && ash_htab_next(c->peers, &pos, &kp, &vp))
		cnt[((const pkey *)kp)->sidx]++, total++;
	double *all = ash_malloc((total + 1) * sizeof *all);
	for (size_t i = 1; i <= ns; i++)
		at[i] = at[i - 1] + cnt[i - 1];
	size_t *fill = ash_calloc(ns + 1, sizeof *fill);
	pos = 0;
	while (c->peers && ash_htab_next(c->peers, &pos, &kp, &vp)) {
		uint32_t s = ((const pkey *)kp)->sidx;
		all[at[s] + fill[s]++] = (double)conns(vp);
	}
	for (size_t i = 0; i < ns; i++)
		med[i] = cnt[i] ? ash_median(all + at[i], cnt[i]) : 0;
	free(all);
	free(fill);
	free(cnt);
	free(at);
}

/* ---- signs and the finding ---- */

typedef struct tsum {
	size_t named;            /* peers named: pick[0..named) */
	const pair *pick[NAMED];
	uint64_t half, sa, conns, req, syn;
	double med;
	int64_t first, last;
	bool U, C, A;
} tsum;

/* connections of candidate p of port si with the port (at least its
 * half-open responses: two sources may log one connection twice) */
static uint64_t peer_conns(const p2 *c, size_t si, const pair *p)
{
	pkey pk;
	memset(&pk, 0, sizeof pk);
	pk.peer = p->peer;
	pk.sidx = (uint32_t)si;
	const conn *cn = c->peers ? ash_htab_find(c->peers, &pk) : NULL;
	uint64_t n = cn ? conns(cn) : 0;
	return n > p->half ? n : p->half;
}

/* Named peers: the first NAMED candidates (by SYN-ACKs) whose
 * connections with the port are half-open at least half of the time (a
 * big client, a NAT, with a few failed handshakes among many is not a
 * victim); then the signs over them. */
static tsum summarize(const p2 *c, const sport *s, size_t si, const pair *v,
		      double med)
{
	tsum t = {.med = med, .first = INT64_MAX, .last = INT64_MIN};
	for (size_t k = 0; k < s->ncand && k < DETAIL && t.named < NAMED; k++) {
		const pair *p = &v[s->off + k];
		uint64_t n = peer_conns(c, si, p);
		if (p->half * 2 < n)
			continue;
		t.pick[t.named++] = p;
		t.conns += n;
		pkey pk;
		memset(&pk, 0, sizeof pk);
		pk.peer = p->peer;
		pk.sidx = (uint32_t)si;
		const uint32_t *d = ash_htab_find(c->named, &pk);
		if (d) {
			t.req += c->det[*d].req;
			t.syn += c->det[*d].syn;
		}
		t.half += p->half;
		t.sa += p->sa;
		t.first = p->first < t.first ? p->first : t.first;
		t.last = p->last > t.last ? p->last : t.last;
	}
	if (!t.named)
		return t;
	t.U = t.half * 10 >= t.conns * 9;
	t.C = med > 0 && (double)t.pick[0]->half >= 20 * med && t.half * 2 >= s->port_half;
	t.A = t.syn > 0 && t.sa >= 2 * t.syn;
	return t;
}

/* "dst host A or dst host B" for the named peers (owned) */
static char *peer_terms(const tsum *t, const char *dir)
{
	size_t cap = t->named * (ASH_IP_STRLEN + 24) + 1, len = 0;
	char *s = ash_malloc(cap), a[ASH_IP_STRLEN];
	s[0] = 0;
	for (size_t k = 0; k < t->named; k++)
		len += (size_t)snprintf(s + len, cap - len, "%s%s host %s", k ? " or " : "",
					dir, ash_detect_ip(&t->pick[k]->peer, a));
	return s;
}

static void why_text(const sport *s, const tsum *t, char *buf, size_t cap)
{
	char top[ASH_IP_STRLEN], n1[16];
	int signs = t->U + t->C + t->A;
	size_t len = 0;
	if (t->U)
		len += (size_t)snprintf(buf + len, cap - len, "U: %llu of the named peers' "
					"%llu connections with tcp/%u never completed the "
					"handshake%s; ",
					(unsigned long long)t->half, (unsigned long long)t->conns,
					s->port, t->req ? "" : " (no packet of theirs to the port "
					"in the data: SYN-ACKs nobody here asked for)");
	if (t->C && len < cap)
		len += (size_t)snprintf(buf + len, cap - len, "C: %s got %llu half-open "
					"responses, %.0fx the median peer's %.1f connections with "
					"the port, and the %zu named peer(s) got %.0f%% of the "
					"port's %llu half-open responses; ",
					ash_detect_ip(&t->pick[0]->peer, top),
					(unsigned long long)t->pick[0]->half,
					(double)t->pick[0]->half / t->med, t->med, t->named,
					100.0 * (double)t->half / (double)(s->port_half ? s->port_half : 1),
					(unsigned long long)s->port_half);
	if (t->A && len < cap)
		len += (size_t)snprintf(buf + len, cap - len, "A: %.1f SYN-ACKs per packet "
					"of the peers (%llu for %llu): retransmitted to addresses "
					"that never answer; ",
					(double)t->sa / (double)t->syn, (unsigned long long)t->sa,
					(unsigned long long)t->syn);
	if (len < cap)
		snprintf(buf + len, cap - len, "%d sign(s) of TCP SYN-ACK reflection "
			 "(each named peer got %d SYN-ACKs or more from the port and left "
			 "half of its connections or more half-open; %s SYN-ACKs in %llu "
			 "half-open responses%s): %s",
			 signs, MIN_SA, ash_detect_human(t->sa, false, n1),
			 (unsigned long long)t->half,
			 s->ncand > t->named ? "; more peers over the floor not named" : "",
			 signs >= 2 ? "malicious (SYNs carrying the peers' addresses reach "
			 "this service and its SYN-ACKs flood them, or a peer floods it with "
			 "SYNs itself; either way the host sends SYN-ACKs nobody completes: "
			 "filter or rate-limit at the edge, keep SYN cookies on)"
			 : "suspicious (one sign alone can be a client on a broken path, "
			 "a half-open health check, or a SYN flood from the peer itself)");
}

static void report(const ash_detect_ctx *x, const sport *s, const tsum *t,
		   ash_findings *out)
{
	int signs = t->U + t->C + t->A;
	ash_finding *f = ash_findings_add(out, "reflector");
	f->verdict = signs >= 2 ? ASH_V_MALICIOUS : ASH_V_SUSPICIOUS;
	double per = t->syn ? (double)t->sa / (double)t->syn : 1;
	f->score = fmin(1.0, 0.45 + 0.15 * signs + 0.05 * log10(fmax(per, 1)));
	const char *site = ash_detect_site_of(x, &s->host);
	f->site = site ? ash_strdup(site) : NULL;
	ash_finding_host(f, &s->host);
	for (size_t k = 0; k < t->named; k++)
		ash_finding_peer(f, &t->pick[k]->peer);
	f->start = t->first;
	f->end = t->last;
	char h[ASH_IP_STRLEN], n1[16], p0[ASH_IP_STRLEN];
	ash_detect_ip(&s->host, h);
	char *dsts = peer_terms(t, "dst");
	char *srcs = peer_terms(t, "src");
	f->filter = ash_detect_filter(x, "tcp and flags SA and not flags P and not flags F "
				      "and ((src host %s and src port %u and not rpackets > 0 "
				      "and (%s)) or (dst host %s and dst port %u and "
				      "rpackets >= 1 and ((not flags R and (opackets <= 1 or "
				      "rpackets >= 2)) or (flags R and opackets = 2 and "
				      "rpackets = 1)) and (%s)))", h, s->port, dsts, h,
				      s->port, srcs);
	free(dsts);
	free(srcs);
	f->summary = ash_fmt_alloc("%s sent %s SYN-ACKs from tcp/%u to %s%s in %llu "
				   "half-open connection record(s) (TCP SYN-ACK "
				   "reflection)", h, ash_detect_human(t->sa, false, n1),
				   s->port, ash_detect_ip(&t->pick[0]->peer, p0),
				   t->named > 1 ? " and other peers" : "",
				   (unsigned long long)t->half);
	char why[1536];
	why_text(s, t, why, sizeof why);
	f->why = ash_strdup(why);
}

int ash_reflector_tcp_find(const ash_detect_ctx *x, ash_htab *const *t,
			   ash_findings *out, ash_err *err)
{
	size_t n = 0, ns = 0;
	bool more = false;
	pair *v = pairs_of(t, &n);
	sport *s = suspects(v, n, &ns, &more);
	p2 c;
	memset(&c, 0, sizeof c);
	char *text = NULL;
	double *med = NULL;
	int rc = ASH_OK;
	if (!ns)
		goto out;
	if (more)
		ash_findings_note(out, "reflector: more than %d TCP ports sent SYN-ACKs to "
				  "one peer %d times or more: the %d with most are looked at",
				  MAX_PORTS, MIN_SA, MAX_PORTS);
	text = p2_setup(&c, s, ns, v);
	static const ash_scan_ops ops = {w_new, w_batch, w_merge, w_free};
	rc = ash_detect_scan(x, text, ASH_COL_TIME | ASH_COL_ADDR | ASH_COL_PORTS |
			     ASH_COL_COUNTS, &ops, &c, err);
	if (rc)
		goto out;
	if (c.full)
		ash_findings_note(out, "reflector: more than %u peers of the TCP ports "
				  "suspected of SYN-ACK reflection: the median peer is taken "
				  "over those counted", PEER_MAX);
	med = ash_calloc(ns + 1, sizeof *med);
	medians(&c, ns, med);
	for (size_t i = 0; i < ns; i++) {
		tsum ts = summarize(&c, &s[i], i, v, med[i]);
		if (ts.U + ts.C + ts.A)
			report(x, &s[i], &ts, out);
	}
out:
	free(med);
	free(text);
	p2_free(&c);
	free(s);
	free(v);
	return rc;
}
