/* SPDX-License-Identifier: MIT */
/* nf_pending.c: the buffer of NetFlow v9 / IPFIX data sets that came
 * before their template (a capture or a collector that starts
 * mid-stream: exporters resend templates only every N packets or
 * minutes).
 * Owns: the copies of waiting sets with their decoding context (key,
 * export time, sysUptime, unit); the index by template key (open
 * addressing over a hash seeded per decoder, so crafted keys cannot make
 * lookups linear); the arrival-order list, whose oldest sets are dropped
 * past ASH_NF_PEND_SETS sets or ASH_NF_PEND_BYTES bytes; the datagrams
 * whose verdict waits on them (settle callback); decoding the sets once
 * their template comes; giving them up at the end of the input.
 * Memory: at most ASH_NF_PEND_BYTES of set bytes plus fixed-size entries
 * for ASH_NF_PEND_SETS sets, datagrams and keys, whatever the input.
 * Does not: parse sets or records (netflow_v9.c, ipfix.c, nf_record.c)
 * or give a datagram its verdict at its own call (netflow.c). */
#include "ingest/nf_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "core/mix.h"
#include "core/xalloc.h"

#define IDX_MIN 64 /* power of two; at most 2 * ASH_NF_PEND_SETS */
#define WHY_FULL "data before its template: buffer full"
#define CLS_FLOW ((uint64_t)1 << 63) /* resolve order: options data first */

void nf_pend_init(nf_pend *q)
{
	memset(q, 0, sizeof *q);
	q->free_set = q->free_dg = q->oldest = q->newest = q->cur = NF_NIL;
	q->max_sets = ASH_NF_PEND_SETS;
	q->max_bytes = ASH_NF_PEND_BYTES;
	if (getrandom(&q->seed, sizeof q->seed, GRND_NONBLOCK) !=
	    (ssize_t)sizeof q->seed)
		q->seed = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)q;
}

void nf_pend_free(nf_pend *q)
{
	for (uint32_t i = 0; q->set && i < q->nslot; i++)
		free(q->set[i].bytes);
	free(q->set);
	free(q->dg);
	free(q->idx);
	free(q->learnt);
	free(q->order);
	memset(q, 0, sizeof *q);
}

/* ---- the key index ------------------------------------------------------ */

static size_t key_hash(const nf_pend *q, const nf_key *k)
{
	uint64_t a, b;
	memcpy(&a, k->exporter.b, 8);
	memcpy(&b, k->exporter.b + 8, 8);
	uint64_t h = ash_fmix64(q->seed ^ a);
	h = ash_fmix64(h ^ b);
	h = ash_fmix64(h ^ ((uint64_t)k->domain << 32 | (uint64_t)k->port << 16 | k->tid));
	return (size_t)ash_fmix64(h ^ k->version);
}

static bool key_eq(const nf_key *a, const nf_key *b)
{
	return a->tid == b->tid && a->domain == b->domain && a->port == b->port &&
	       a->version == b->version && ash_ip_eq(&a->exporter, &b->exporter);
}

/* Slot of k, or the empty slot where it would go (capidx > 0). */
static size_t idx_probe(const nf_pend *q, const nf_key *k)
{
	size_t mask = q->capidx - 1, i = key_hash(q, k) & mask;
	while (q->idx[i].head != NF_NIL && !key_eq(&q->idx[i].key, k))
		i = (i + 1) & mask;
	return i;
}

/* Room for one more key: the table stays at most half full. */
static void idx_reserve(nf_pend *q)
{
	if ((q->nidx + 1) * 2 <= q->capidx)
		return;
	nf_pkey *old = q->idx;
	size_t oldcap = q->capidx;
	q->capidx = oldcap ? oldcap * 2 : IDX_MIN;
	q->idx = ash_reallocarray(NULL, q->capidx, sizeof *q->idx);
	for (size_t i = 0; i < q->capidx; i++)
		q->idx[i].head = q->idx[i].tail = NF_NIL;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].head != NF_NIL)
			q->idx[idx_probe(q, &old[i].key)] = old[i];
	free(old);
}

/* Empty slot i, moving later entries of its cluster back (linear
 * probing without tombstones). */
static void idx_del(nf_pend *q, size_t i)
{
	size_t mask = q->capidx - 1;
	for (size_t j = (i + 1) & mask; q->idx[j].head != NF_NIL;
	     j = (j + 1) & mask) {
		size_t h = key_hash(q, &q->idx[j].key) & mask;
		if (((j - h) & mask) >= ((j - i) & mask)) {
			q->idx[i] = q->idx[j];
			i = j;
		}
	}
	q->idx[i].head = q->idx[i].tail = NF_NIL;
	q->nidx--;
}

/* ---- sets and datagrams ------------------------------------------------- */

static uint32_t set_alloc(nf_pend *q)
{
	if (q->free_set != NF_NIL) {
		uint32_t i = q->free_set;
		q->free_set = q->set[i].next;
		return i;
	}
	ash_grow((void **)&q->set, &q->capset, (size_t)q->nslot + 1, sizeof *q->set);
	return q->nslot++;
}

static void set_free(ash_nf *nf, uint32_t i)
{
	nf_pend *q = &nf->pend;
	nf_pset *s = &q->set[i];
	q->nset--;
	q->bytes -= s->len;
	free(s->bytes);
	s->bytes = NULL;
	s->next = q->free_set;
	q->free_set = i;
	nf->st.waiting_sets = q->nset;
	nf->st.waiting_bytes = q->bytes;
}

static uint32_t pdg_new(nf_pend *q, uint64_t unit)
{
	uint32_t g;
	if (q->free_dg != NF_NIL) {
		g = q->free_dg;
		q->free_dg = q->dg[g].next_free;
	} else {
		ash_grow((void **)&q->dg, &q->capdg, (size_t)q->ndgslot + 1,
			 sizeof *q->dg);
		g = q->ndgslot++;
	}
	memset(&q->dg[g], 0, sizeof q->dg[g]);
	q->dg[g].unit = unit;
	return g;
}

static void pdg_free(nf_pend *q, uint32_t g)
{
	q->dg[g].nsets = 0;
	q->dg[g].next_free = q->free_dg;
	q->free_dg = g;
}

static void fifo_unlink(nf_pend *q, uint32_t i)
{
	nf_pset *s = &q->set[i];
	if (s->prev != NF_NIL)
		q->set[s->prev].next = s->next;
	else
		q->oldest = s->next;
	if (s->next != NF_NIL)
		q->set[s->next].prev = s->prev;
	else
		q->newest = s->prev;
}

/* Take set i out of the list of its key (and the key out of the index
 * with its last set). */
static void key_unlink(nf_pend *q, uint32_t i)
{
	nf_pset *s = &q->set[i];
	if (s->kprev != NF_NIL)
		q->set[s->kprev].knext = s->knext;
	if (s->knext != NF_NIL)
		q->set[s->knext].kprev = s->kprev;
	if (s->kprev != NF_NIL && s->knext != NF_NIL)
		return;
	size_t k = idx_probe(q, &s->key);
	if (s->kprev == NF_NIL)
		q->idx[k].head = s->knext;
	if (s->knext == NF_NIL)
		q->idx[k].tail = s->kprev;
	if (q->idx[k].head == NF_NIL)
		idx_del(q, k);
}

/* ---- verdicts that were waiting ----------------------------------------- */

static const char *never_why(nf_pend *q, const nf_pdg *p)
{
	char ip[ASH_IP_STRLEN];
	if (p->never_anon)
		snprintf(ip, sizeof ip, "(unknown)");
	else
		ash_ip_format(&p->never_exp, ip);
	snprintf(q->why, sizeof q->why, "data set for template %u of exporter %s "
		 "domain %u: its template never came", (unsigned)p->never_tid, ip,
		 (unsigned)p->never_domain);
	return q->why;
}

static int settle(nf_dgram *d, nf_pdg *p, int verdict, const uint8_t *raw,
		  size_t n)
{
	nf_pend *q = &d->nf->pend;
	p->settled = true;
	if (!q->settle)
		return 0;
	const char *why = NULL;
	if (verdict == ASH_NF_REJECTED)
		why = p->why ? p->why : p->never ? never_why(q, p)
			: "data set whose template never came";
	return q->settle(d->ctx, p->unit, verdict, why, raw, n, d->err);
}

/* One set of datagram g is gone (raw: its bytes, still valid): with its
 * last one, g's verdict is due (unless g is the datagram being decoded,
 * whose verdict its own call gives).  quiet: no settle call (an error
 * stops the input). */
static int pdg_done(nf_dgram *d, uint32_t g, const uint8_t *raw, size_t n,
		    bool quiet)
{
	nf_pend *q = &d->nf->pend;
	nf_pdg *p = &q->dg[g];
	if (--p->nsets || g == q->cur)
		return 0;
	int rc = 0;
	if (!p->settled && !quiet)
		rc = settle(d, p, p->bad ? ASH_NF_REJECTED : ASH_NF_SKIPPED, raw, n);
	pdg_free(q, g);
	return rc;
}

/* Drop set i: buffer full (full) or the end of the input. */
static int drop(nf_dgram *d, uint32_t i, bool full, bool quiet)
{
	nf_pend *q = &d->nf->pend;
	nf_pset *s = &q->set[i];
	uint32_t g = s->pdg;
	nf_pdg *p = &q->dg[g];
	key_unlink(q, i);
	fifo_unlink(q, i);
	if (full && g == q->cur) {
		nf_note(d, WHY_FULL);
		d->res->unknown_sets++;
	} else if (full) {
		p->bad = true;
		p->why = p->why ? p->why : WHY_FULL;
	} else {
		p->bad = true;
		if (!p->why && !p->never) {
			p->never = true;
			p->never_tid = s->key.tid;
			p->never_domain = s->key.domain;
			p->never_exp = s->key.exporter;
			p->never_anon = s->anon;
		}
	}
	if (full)
		d->nf->st.dropped_sets++;
	else
		d->nf->st.never_sets++;
	int rc = pdg_done(d, g, s->bytes, s->len, quiet);
	set_free(d->nf, i);
	return rc;
}

/* ---- adding ------------------------------------------------------------- */

int nf_pend_add(nf_dgram *d, uint16_t tid, const uint8_t *set, size_t len)
{
	ash_nf *nf = d->nf;
	nf_pend *q = &nf->pend;
	while (q->nset && (q->nset >= q->max_sets ||
			   q->bytes + len > q->max_bytes)) {
		int rc = drop(d, q->oldest, true, false);
		if (rc)
			return rc;
	}
	if (q->cur == NF_NIL)
		q->cur = pdg_new(q, d->unit);
	uint32_t i = set_alloc(q);
	nf_pset *s = &q->set[i];
	memset(s, 0, sizeof *s);
	s->key = d->key;
	s->key.tid = tid;
	s->anon = nf->dev[0] == 0;
	s->format = d->format;
	s->pdg = q->cur;
	s->len = (uint32_t)len;
	s->bytes = ash_malloc(len ? len : 1);
	memcpy(s->bytes, set, len);
	s->seq = q->seq++;
	s->export_us = d->export_us;
	s->uptime_ms = d->uptime_ms;
	s->knext = s->next = NF_NIL;
	idx_reserve(q);
	nf_pkey *e = &q->idx[idx_probe(q, &s->key)];
	if (e->head == NF_NIL) {
		e->key = s->key;
		e->head = i;
		s->kprev = NF_NIL;
		q->nidx++;
	} else {
		q->set[e->tail].knext = i;
		s->kprev = e->tail;
	}
	e->tail = i;
	s->prev = q->newest;
	if (q->newest != NF_NIL)
		q->set[q->newest].next = i;
	else
		q->oldest = i;
	q->newest = i;
	q->nset++;
	q->bytes += len;
	q->dg[q->cur].nsets++;
	d->res->pending_sets++;
	nf->st.pending_sets++;
	nf->st.waiting_sets = q->nset;
	nf->st.waiting_bytes = q->bytes;
	return 0;
}

void nf_pend_learnt(nf_pend *q, const nf_key *k)
{
	if (!q->nidx || q->idx[idx_probe(q, k)].head == NF_NIL)
		return;
	if (q->nlearnt && key_eq(&q->learnt[q->nlearnt - 1], k))
		return;
	ash_grow((void **)&q->learnt, &q->caplearnt, q->nlearnt + 1,
		 sizeof *q->learnt);
	q->learnt[q->nlearnt++] = *k;
}

/* ---- resolving ---------------------------------------------------------- */

/* Take the sets of key k, when its template is live now, out of the
 * buffer's lists into q->order from n on; returns the new count. */
static size_t gather(ash_nf *nf, const nf_key *k, size_t n)
{
	nf_pend *q = &nf->pend;
	if (!q->nidx)
		return n;
	size_t at = idx_probe(q, k);
	const nf_tpl *t = nf_tpls_find(&nf->tpls, k);
	if (q->idx[at].head == NF_NIL || !t)
		return n;
	uint64_t cls = t->options ? 0 : CLS_FLOW;
	for (uint32_t i = q->idx[at].head; i != NF_NIL; i = q->set[i].knext) {
		ash_grow((void **)&q->order, &q->caporder, 2 * (n + 1),
			 sizeof *q->order);
		q->order[2 * n] = cls | (q->set[i].seq & ~CLS_FLOW);
		q->order[2 * n + 1] = i;
		n++;
		fifo_unlink(q, i);
	}
	idx_del(q, at);
	return n;
}

static int cmp_order(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void set_dev(ash_nf *nf, const nf_pset *s)
{
	if (s->anon)
		nf->dev[0] = 0;
	else
		ash_ip_format(&s->key.exporter, nf->dev);
}

/* Decode gathered set i with its own context (quiet: only free it). */
static int late(nf_dgram *d, uint32_t i, bool quiet)
{
	ash_nf *nf = d->nf;
	nf_pend *q = &nf->pend;
	nf_pset *s = &q->set[i];
	uint32_t g = s->pdg;
	bool own = g == q->cur;
	ash_nf_result tmp;
	memset(&tmp, 0, sizeof tmp);
	int rc = 0;
	const nf_tpl *t = nf_tpls_find(&nf->tpls, &s->key);
	if (!quiet && t) {
		nf_dgram l = *d;
		l.key = s->key;
		l.exp = nf_exp_get(nf, &s->key);
		l.export_us = s->export_us;
		l.uptime_ms = s->uptime_ms;
		l.format = s->format;
		l.unit = q->dg[g].unit;
		l.res = own ? d->res : &tmp;
		set_dev(nf, s);
		nf->st.late_sets++;
		rc = nf_data_set(&l, t, s->bytes + 4, s->len - 4);
	}
	nf_pdg *p = &q->dg[g];
	if (!own && tmp.bad_records && !p->bad) {
		p->bad = true;
		p->why = tmp.why;
	}
	if (!own && !rc && tmp.records && !p->settled)
		rc = settle(d, p, ASH_NF_USED, NULL, 0);
	int rc2 = pdg_done(d, g, s->bytes, s->len, quiet || rc);
	set_free(nf, i);
	return rc ? rc : rc2;
}

int nf_pend_resolve(nf_dgram *d)
{
	nf_pend *q = &d->nf->pend;
	size_t n = 0;
	for (size_t i = 0; i < q->nlearnt; i++)
		n = gather(d->nf, &q->learnt[i], n);
	q->nlearnt = 0;
	if (!n)
		return 0;
	qsort(q->order, n, 2 * sizeof *q->order, cmp_order);
	int rc = 0;
	for (size_t k = 0; k < n; k++) {
		int r = late(d, (uint32_t)q->order[2 * k + 1], rc != 0);
		rc = rc ? rc : r;
	}
	return rc;
}

/* ---- the datagram's call and the end of the input ---------------------- */

uint32_t nf_pend_own(const nf_pend *q)
{
	return q->cur == NF_NIL ? 0 : q->dg[q->cur].nsets;
}

void nf_pend_close(nf_dgram *d, bool bad)
{
	nf_pend *q = &d->nf->pend;
	uint32_t g = q->cur;
	q->nlearnt = 0;
	if (g == NF_NIL)
		return;
	q->cur = NF_NIL;
	nf_pdg *p = &q->dg[g];
	if (!p->nsets) {
		pdg_free(q, g);
		return;
	}
	p->settled = d->res->verdict != ASH_NF_PENDING;
	p->bad = bad;
	p->why = bad ? d->res->why : NULL;
}

int nf_pend_finish(ash_nf *nf, void *ctx, ash_err *err)
{
	nf_pend *q = &nf->pend;
	ash_nf_result none;
	memset(&none, 0, sizeof none);
	nf_dgram d = {.nf = nf, .ctx = ctx, .err = err, .res = &none};
	q->cur = NF_NIL;
	q->nlearnt = 0;
	int rc = 0;
	while (q->oldest != NF_NIL) {
		int r = drop(&d, q->oldest, false, rc != 0);
		rc = rc ? rc : r;
	}
	return rc;
}
