/* SPDX-License-Identifier: MIT */
/* flowtable.c: the capture flow meter (see flowtable.h).
 *
 * Owns: the table of live flows (entries in one array addressed by
 * index, a chained hash on the canonical key, one least-recently-active
 * list per timeout class so that idle expiry is exact and O(1) per
 * packet), TCP state, the fragment cache, the live-flow cap.
 * Does not: decode packets, know about files, records or the store. */
#include "ingest/flowtable.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "store/record.h"

#define NIL UINT32_MAX
#define FRAG_SLOTS 65536u          /* fragment cache, lossy, fixed */
#define FRAG_TTL_US (30 * 1000000LL) /* reassembly timeout (Linux) */

enum cls { C_TCP, C_TCP_FIN, C_TCP_RST, C_UDP, C_ICMP, C_OTHER, C_COUNT,
	   C_FREE = 0xff };

enum st { ST_FIN0 = 1, ST_FIN1 = 2, ST_RST = 4, ST_SYN0 = 8, ST_SYN1 = 16 };

/* A live flow.  Side 0 is the canonical lower (address, port). */
typedef struct ent {
	ash_ip ip[2];
	uint16_t port[2];
	uint16_t vlan;
	uint8_t proto, ipver, kind; /* kind: 1 ports, 2 icmp */
	uint8_t orig;               /* side of the originator */
	uint8_t flags[2], state, cls;
	int64_t first, last;
	uint64_t pkts[2], bytes[2], first_pkt;
	uint32_t hash, hnext, prev, next;
} ent;

typedef struct frag {
	ash_ip src, dst;
	uint32_t id;
	uint16_t sport, dport, vlan;
	uint8_t proto, kind;
	int64_t t;
} frag;

struct ash_flowtab {
	ash_flowtab_opts o;
	int64_t timeout_us[C_COUNT];
	ash_flowtab_emit emit;
	void *ctx;
	ent *e;
	size_t ecap;
	uint32_t nused, live, free_head;
	uint32_t *bucket;
	uint32_t nbucket; /* power of two */
	uint32_t head[C_COUNT], tail[C_COUNT];
	frag *frags;
	int64_t now;
	ash_flowtab_stats st;
};

_Static_assert(sizeof(ent) <= 128, "a live flow stays within 128 bytes");

/* The key of a packet, canonical order (side 0 <= side 1). */
typedef struct key {
	ash_ip ip[2];
	uint16_t port[2];
	uint16_t vlan;
	uint8_t proto, ipver, kind;
	uint8_t from; /* side the packet was sent from */
} key;

/* ---- hashing ---------------------------------------------------------- */

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdULL;
}

static uint32_t key_hash(const key *k)
{
	uint64_t h = mix(ash_ip_hash(&k->ip[0]), ash_ip_hash(&k->ip[1]));
	h = mix(h, (uint64_t)k->port[0] << 32 | (uint64_t)k->port[1] << 16 | k->vlan);
	h = mix(h, (uint64_t)k->proto << 8 | k->ipver);
	return (uint32_t)(h ^ h >> 32);
}

static bool key_eq(const ent *e, const key *k)
{
	return e->port[0] == k->port[0] && e->port[1] == k->port[1] &&
	       e->proto == k->proto && e->vlan == k->vlan &&
	       e->ipver == k->ipver && ash_ip_eq(&e->ip[0], &k->ip[0]) &&
	       ash_ip_eq(&e->ip[1], &k->ip[1]);
}

static void make_key(key *k, const ash_ip *src, const ash_ip *dst,
		     uint16_t sport, uint16_t dport, const ash_pkt *p,
		     uint8_t kind)
{
	int c = ash_ip_cmp(src, dst);
	bool swap = c > 0 || (c == 0 && sport > dport);
	k->ip[0] = swap ? *dst : *src;
	k->ip[1] = swap ? *src : *dst;
	k->port[0] = swap ? dport : sport;
	k->port[1] = swap ? sport : dport;
	k->from = swap ? 1 : 0;
	k->vlan = p->vlan;
	k->proto = p->proto;
	k->ipver = p->ipver;
	k->kind = kind;
}

/* ---- lists and table -------------------------------------------------- */

static void list_remove(ash_flowtab *ft, uint32_t i)
{
	ent *e = &ft->e[i];
	if (e->prev != NIL)
		ft->e[e->prev].next = e->next;
	else
		ft->head[e->cls] = e->next;
	if (e->next != NIL)
		ft->e[e->next].prev = e->prev;
	else
		ft->tail[e->cls] = e->prev;
	e->prev = e->next = NIL;
}

static void list_append(ash_flowtab *ft, uint32_t i, uint8_t cls)
{
	ent *e = &ft->e[i];
	e->cls = cls;
	e->next = NIL;
	e->prev = ft->tail[cls];
	if (e->prev != NIL)
		ft->e[e->prev].next = i;
	else
		ft->head[cls] = i;
	ft->tail[cls] = i;
}

static void hash_unlink(ash_flowtab *ft, uint32_t i)
{
	uint32_t *pp = &ft->bucket[ft->e[i].hash & (ft->nbucket - 1)];
	while (*pp != NIL && *pp != i)
		pp = &ft->e[*pp].hnext;
	if (*pp == i)
		*pp = ft->e[i].hnext;
}

static void rehash(ash_flowtab *ft, uint32_t n)
{
	free(ft->bucket);
	ft->bucket = ash_reallocarray(NULL, n, sizeof *ft->bucket);
	ft->nbucket = n;
	for (uint32_t b = 0; b < n; b++)
		ft->bucket[b] = NIL;
	for (uint32_t i = 0; i < ft->nused; i++) {
		if (ft->e[i].cls == C_FREE)
			continue;
		uint32_t *b = &ft->bucket[ft->e[i].hash & (n - 1)];
		ft->e[i].hnext = *b;
		*b = i;
	}
}

static uint32_t find(const ash_flowtab *ft, const key *k, uint32_t h)
{
	for (uint32_t i = ft->bucket[h & (ft->nbucket - 1)]; i != NIL;
	     i = ft->e[i].hnext)
		if (ft->e[i].hash == h && key_eq(&ft->e[i], k))
			return i;
	return NIL;
}

/* ---- emitting --------------------------------------------------------- */

static int emit(ash_flowtab *ft, const ent *e, uint8_t why, ash_err *err)
{
	int o = e->orig, r = !o;
	ash_flowtab_flow f = {
		.src = e->ip[o], .dst = e->ip[r],
		.sport = e->port[o], .dport = e->port[r],
		.vlan = e->vlan, .proto = e->proto, .ipver = e->ipver,
		.has_ports = e->kind == 1, .has_icmp = e->kind == 2,
		.tcp_flags = (uint8_t)(e->flags[0] | e->flags[1]), .end = why,
		.first_us = e->first, .last_us = e->last,
		.opkts = e->pkts[o], .rpkts = e->pkts[r],
		.obytes = e->bytes[o], .rbytes = e->bytes[r],
		.first_pkt = e->first_pkt,
	};
	if (e->kind == 2) { /* ICMP: the type/code side is the "port" */
		f.sport = 0;
		f.dport = e->port[0] | e->port[1];
	}
	ft->st.flows++;
	return ft->emit(ft->ctx, &f, err);
}

/* Emit flow i and return its slot to the free list. */
static int retire(ash_flowtab *ft, uint32_t i, uint8_t why, ash_err *err)
{
	int rc = emit(ft, &ft->e[i], why, err);
	list_remove(ft, i);
	hash_unlink(ft, i);
	ft->e[i].cls = C_FREE;
	ft->e[i].hnext = ft->free_head;
	ft->free_head = i;
	ft->live--;
	return rc;
}

static int expire_idle(ash_flowtab *ft, ash_err *err)
{
	for (int c = 0; c < C_COUNT; c++) {
		uint32_t i;
		while ((i = ft->head[c]) != NIL &&
		       ft->now - ft->e[i].last > ft->timeout_us[c]) {
			int rc = retire(ft, i, ASH_FLOW_IDLE, err);
			if (rc)
				return rc;
		}
	}
	return ASH_OK;
}

/* The least recently active flow of all classes. */
static uint32_t oldest(const ash_flowtab *ft)
{
	uint32_t best = NIL;
	for (int c = 0; c < C_COUNT; c++) {
		uint32_t i = ft->head[c];
		if (i != NIL && (best == NIL || ft->e[i].last < ft->e[best].last))
			best = i;
	}
	return best;
}

/* ---- adding packets --------------------------------------------------- */

static uint8_t class_of(const ent *e)
{
	switch (e->proto) {
	case 6:
		return (e->state & ST_RST) ? C_TCP_RST
		     : (e->state & (ST_FIN0 | ST_FIN1)) == (ST_FIN0 | ST_FIN1)
		     ? C_TCP_FIN : C_TCP;
	case 17:
		return C_UDP;
	case 1:
	case 58:
		return e->kind == 2 ? C_ICMP : C_OTHER;
	default:
		return C_OTHER;
	}
}

static uint32_t new_entry(ash_flowtab *ft, const key *k, uint32_t h,
			  int64_t t, uint64_t pkt_no)
{
	uint32_t i = ft->free_head;
	if (i != NIL) {
		ft->free_head = ft->e[i].hnext;
	} else {
		if (ft->nused == ft->ecap) { /* double, never past max_flows */
			size_t cap = ft->ecap ? ft->ecap * 2 : 1024;
			if (cap > ft->o.max_flows)
				cap = ft->o.max_flows;
			ft->e = ash_reallocarray(ft->e, cap, sizeof *ft->e);
			ft->ecap = cap;
		}
		i = ft->nused++;
	}
	ent *e = &ft->e[i];
	memset(e, 0, sizeof *e);
	e->ip[0] = k->ip[0];
	e->ip[1] = k->ip[1];
	e->port[0] = k->port[0];
	e->port[1] = k->port[1];
	e->vlan = k->vlan;
	e->proto = k->proto;
	e->ipver = k->ipver;
	e->kind = k->kind;
	e->orig = k->from;
	e->first = e->last = t;
	e->first_pkt = pkt_no;
	e->hash = h;
	e->prev = e->next = NIL;
	uint32_t *b = &ft->bucket[h & (ft->nbucket - 1)];
	e->hnext = *b;
	*b = i;
	list_append(ft, i, class_of(e));
	if (++ft->live > ft->st.peak)
		ft->st.peak = ft->live;
	return i;
}

/* A packet on an existing flow: counters, TCP state, class. */
static void update(ash_flowtab *ft, uint32_t i, const key *k, const ash_pkt *p,
		   int64_t t)
{
	ent *e = &ft->e[i];
	int s = k->from;
	e->pkts[s]++;
	e->bytes[s] += p->ip_len;
	if (t > e->last)
		e->last = t;
	if (t < e->first)
		e->first = t;
	if (e->proto == 6 && p->has_ports) {
		uint8_t fl = p->tcp_flags;
		e->flags[s] |= fl;
		if ((fl & (ASH_TCP_SYN | ASH_TCP_ACK)) == ASH_TCP_SYN) {
			e->state |= s ? ST_SYN1 : ST_SYN0;
			if (e->orig != s && !(e->state & (s ? ST_SYN0 : ST_SYN1)))
				e->orig = (uint8_t)s; /* the SYN sender opens */
		}
		if (fl & ASH_TCP_FIN)
			e->state |= s ? ST_FIN1 : ST_FIN0;
		if (fl & ASH_TCP_RST)
			e->state |= ST_RST;
	}
	list_remove(ft, i);
	list_append(ft, i, class_of(e));
}

static bool ended(const ent *e)
{
	return e->proto == 6 && (e->cls == C_TCP_RST || e->cls == C_TCP_FIN);
}

/* Ports of a non-first fragment from the cache: kind 0 when unknown. */
static uint32_t frag_slot(const ash_pkt *p)
{
	uint64_t h = mix(ash_ip_hash(&p->src), ash_ip_hash(&p->dst));
	h = mix(h, (uint64_t)p->frag_id << 8 | p->proto);
	return (uint32_t)(h ^ h >> 32) & (FRAG_SLOTS - 1);
}

static bool frag_match(const frag *f, const ash_pkt *p, int64_t t)
{
	return f->kind && f->id == p->frag_id && f->proto == p->proto &&
	       f->vlan == p->vlan && t - f->t <= FRAG_TTL_US && t >= f->t - FRAG_TTL_US &&
	       ash_ip_eq(&f->src, &p->src) && ash_ip_eq(&f->dst, &p->dst);
}

static void packet_key(ash_flowtab *ft, const ash_pkt *p, int64_t t, key *k)
{
	uint8_t kind = p->has_ports ? 1 : p->has_icmp ? 2 : 0;
	uint16_t sp = p->sport, dp = p->dport;
	if (p->fragment) {
		if (!ft->frags) /* most captures have no fragments */
			ft->frags = ash_calloc(FRAG_SLOTS, sizeof *ft->frags);
		frag *f = &ft->frags[frag_slot(p)];
		if (p->first_fragment && kind) {
			*f = (frag){.src = p->src, .dst = p->dst, .id = p->frag_id,
				    .sport = sp, .dport = dp, .vlan = p->vlan,
				    .proto = p->proto, .kind = kind, .t = t};
		} else if (!p->first_fragment) {
			if (frag_match(f, p, t)) {
				kind = f->kind;
				sp = f->sport;
				dp = f->dport;
				ft->st.frag_matched++;
			} else {
				ft->st.frag_unmatched++;
			}
		}
	}
	make_key(k, &p->src, &p->dst, sp, dp, p, kind);
}

int ash_flowtab_add(ash_flowtab *ft, const ash_pkt *p, int64_t t_us,
		    uint64_t pkt_no, ash_err *err)
{
	int rc;
	if (t_us > ft->now)
		ft->now = t_us;
	if ((rc = expire_idle(ft, err)))
		return rc;
	key k;
	packet_key(ft, p, t_us, &k);
	uint32_t h = key_hash(&k);
	uint32_t i = find(ft, &k, h);
	if (i != NIL) {
		const ent *e = &ft->e[i];
		bool syn = p->proto == 6 && p->has_ports &&
			   (p->tcp_flags & (ASH_TCP_SYN | ASH_TCP_ACK)) == ASH_TCP_SYN;
		uint8_t why = t_us - e->first >= (int64_t)ft->o.active * 1000000
			      ? ASH_FLOW_ACTIVE
			      : syn && ended(e) ? ASH_FLOW_RESTART : 0xff;
		if (why != 0xff) {
			uint8_t orig_side = e->orig;
			if ((rc = retire(ft, i, why, err)))
				return rc;
			i = new_entry(ft, &k, h, t_us, pkt_no);
			if (why == ASH_FLOW_ACTIVE)
				ft->e[i].orig = orig_side; /* same conversation */
		}
	} else {
		if (ft->live >= ft->o.max_flows) {
			ft->st.evicted++;
			if ((rc = retire(ft, oldest(ft), ASH_FLOW_EVICTED, err)))
				return rc;
		}
		if (ft->live >= ft->nbucket && ft->nbucket < (1u << 30))
			rehash(ft, ft->nbucket * 2);
		i = new_entry(ft, &k, h, t_us, pkt_no);
	}
	update(ft, i, &k, p, t_us);
	return ASH_OK;
}

int ash_flowtab_flush(ash_flowtab *ft, ash_err *err)
{
	uint32_t i;
	while ((i = oldest(ft)) != NIL) {
		int rc = retire(ft, i, ASH_FLOW_FLUSH, err);
		if (rc)
			return rc;
	}
	return ASH_OK;
}

static uint32_t or_default(uint32_t v, uint32_t d)
{
	return v ? v : d;
}

ash_flowtab *ash_flowtab_new(const ash_flowtab_opts *o, ash_flowtab_emit emit_fn,
			     void *ctx)
{
	ash_flowtab *ft = ash_calloc(1, sizeof *ft);
	ash_flowtab_opts d = o ? *o : (ash_flowtab_opts){0};
	d.max_flows = or_default(d.max_flows, ASH_FLOW_MAX_DEFAULT);
	d.active = or_default(d.active, 1800);
	d.tcp = or_default(d.tcp, 3600);
	d.tcp_fin = or_default(d.tcp_fin, 300);
	d.tcp_rst = or_default(d.tcp_rst, 120);
	d.udp = or_default(d.udp, 300);
	d.icmp = or_default(d.icmp, 300);
	d.general = or_default(d.general, 3600);
	ft->o = d;
	const uint32_t secs[C_COUNT] = {d.tcp, d.tcp_fin, d.tcp_rst, d.udp,
					d.icmp, d.general};
	for (int c = 0; c < C_COUNT; c++) {
		ft->timeout_us[c] = (int64_t)secs[c] * 1000000;
		ft->head[c] = ft->tail[c] = NIL;
	}
	ft->emit = emit_fn;
	ft->ctx = ctx;
	ft->free_head = NIL;
	ft->now = INT64_MIN;
	rehash(ft, 4096);
	return ft;
}

const ash_flowtab_stats *ash_flowtab_stats_get(const ash_flowtab *ft)
{
	return &ft->st;
}

uint32_t ash_flowtab_live(const ash_flowtab *ft)
{
	return ft->live;
}

void ash_flowtab_free(ash_flowtab *ft)
{
	if (!ft)
		return;
	free(ft->e);
	free(ft->bucket);
	free(ft->frags);
	free(ft);
}
