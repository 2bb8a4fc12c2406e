/* SPDX-License-Identifier: MIT */
/* nf_int.h: what the flow export decoders share (netflow.c, netflow_v5.c,
 * netflow_v9.c, ipfix.c, nf_templates.c, nf_record.c, nf_pending.c).
 * Not an API. */
#ifndef ASH_NF_INT_H
#define ASH_NF_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "ingest/netflow.h"

#define NF_VARLEN 65535 /* IPFIX variable-length field */

static inline uint16_t nf_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t nf_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Big-endian unsigned of 1..8 bytes (longer: the last 8). */
static inline uint64_t nf_uint(const uint8_t *p, size_t n)
{
	uint64_t v = 0;
	size_t i = n > 8 ? n - 8 : 0;
	for (; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

typedef struct nf_field {
	uint16_t id;  /* element id (IPFIX: without the enterprise bit) */
	uint16_t len; /* bytes, or NF_VARLEN */
	uint32_t pen; /* enterprise number, 0 = IANA / NetFlow v9 */
} nf_field;

/* Template identity: who sent it and in which domain. */
typedef struct nf_key {
	ash_ip exporter;
	uint16_t port;
	uint8_t version; /* 9 or 10 */
	uint32_t domain; /* v9 source id, IPFIX observation domain */
	uint16_t tid;
} nf_key;

typedef struct nf_tpl {
	nf_key key;
	bool used;      /* slot taken (key valid) */
	bool live;      /* not withdrawn */
	bool options;   /* options template: records are not flows */
	uint16_t nfields, nscope;
	uint32_t minlen; /* bytes of a record, variable fields counted 1 */
	nf_field *fields;
} nf_tpl;

/* Template table: open addressing, ASH_NF_MAX_TEMPLATES keys at most. */
typedef struct nf_tpls {
	nf_tpl *slot;
	size_t cap, used;
} nf_tpls;

void nf_tpls_init(nf_tpls *t);
void nf_tpls_free(nf_tpls *t);
nf_tpl *nf_tpls_find(nf_tpls *t, const nf_key *k);
/* Store a template (copying fields); replaces one with the same key.
 * Returns 0, or -1 when the table is full (*why set). */
int nf_tpls_put(nf_tpls *t, const nf_key *k, bool options, uint16_t nscope,
		const nf_field *f, uint16_t nf, const char **why);
/* Withdraw one template (tid) or, with all, every template of the
 * exporter/domain of k whose options flag equals options.  Returns count. */
size_t nf_tpls_withdraw(nf_tpls *t, const nf_key *k, bool all, bool options);

/* Per exporter and domain: the sampling rate from options data. */
typedef struct nf_exp {
	ash_ip exporter;
	uint16_t port;
	uint8_t version;
	uint32_t domain;
	uint32_t sampling; /* 0/1 = unsampled */
	uint64_t init_ms;  /* systemInitTimeMilliseconds, 0 = unknown */
} nf_exp;

#define NF_NIL UINT32_MAX

/* A data set waiting for its template: a copy of its bytes (set header
 * first) and what decoding it needs. */
typedef struct nf_pset {
	nf_key key;         /* its template's key */
	bool anon;          /* exporter unknown: no device */
	uint8_t format;
	uint32_t pdg;       /* its datagram (nf_pend.dg) */
	uint32_t len;
	uint8_t *bytes;
	uint64_t seq;       /* arrival order */
	int64_t export_us;
	uint32_t uptime_ms;
	uint32_t kprev, knext; /* the sets of its key, oldest first */
	uint32_t prev, next;   /* all sets, oldest first (next: free list) */
} nf_pset;

/* A datagram with sets waiting; its verdict may still be due. */
typedef struct nf_pdg {
	uint64_t unit;
	uint32_t nsets;     /* its sets still waiting (0: slot free) */
	bool settled;       /* verdict given: no settle call due */
	bool bad;           /* rejected unless a flow record comes */
	bool never;         /* a set given up at the end: never_* say which */
	uint16_t never_tid;
	uint32_t never_domain;
	ash_ip never_exp;
	bool never_anon;
	const char *why;    /* first reason to reject it (static text) */
	uint32_t next_free;
} nf_pdg;

/* Key index slot: the sets of one template key (head NF_NIL: empty). */
typedef struct nf_pkey {
	nf_key key;
	uint32_t head, tail;
} nf_pkey;

/* The buffer of data sets that came before their template. */
typedef struct nf_pend {
	bool on;
	ash_nf_settle settle;
	uint32_t max_sets, max_bytes;
	uint64_t seed, seq;
	nf_pset *set;
	size_t capset;
	uint32_t nslot, free_set, nset; /* slots handed out, free list, live */
	uint32_t oldest, newest;
	size_t bytes;
	nf_pdg *dg;
	size_t capdg;
	uint32_t ndgslot, free_dg;
	nf_pkey *idx;            /* open addressing, linear probing */
	size_t capidx, nidx;
	nf_key *learnt;          /* keys with waiting sets learnt in this datagram */
	size_t nlearnt, caplearnt;
	uint64_t *order;         /* scratch for resolve: order << 32 | set */
	size_t caporder;
	uint32_t cur;            /* pdg of the datagram being decoded */
	char why[160];
} nf_pend;

struct ash_nf {
	nf_tpls tpls;
	nf_pend pend;
	nf_exp *exp;
	size_t nexp, capexp;
	ash_nf_stats st;
	char dev[ASH_IP_STRLEN + 8];
	char in_if[24], out_if[24], note[32];
};

/* One datagram being decoded. */
typedef struct nf_dgram {
	ash_nf *nf;
	nf_key key;         /* exporter, port, version, domain (tid unset) */
	nf_exp *exp;        /* may be NULL */
	int64_t export_us;  /* header time (arrival when 0) */
	uint32_t uptime_ms; /* v9 sysUptime */
	uint64_t unit;      /* the caller's number of the datagram */
	ash_nf_emit emit;
	void *ctx;
	ash_nf_result *res;
	ash_err *err;
	uint8_t format;
} nf_dgram;

nf_exp *nf_exp_get(ash_nf *nf, const nf_key *k);

/* Note a problem of this datagram (the first one is kept as the reason). */
static inline void nf_note(nf_dgram *d, const char *why)
{
	if (!d->res->why)
		d->res->why = why;
}

/* Store a parsed template (options: nscope scope fields first) and count
 * it; a refusal is noted.  ids below 256 are refused.  f is modified
 * (zero-length fields removed). */
void nf_learn(nf_dgram *d, uint16_t tid, bool options, uint16_t nscope,
	      nf_field *f, uint16_t nf);

/* A data set of id tid (body p of n bytes; its 4-byte set header is at
 * p - 4): decode with its template, else buffer it (ash_nf_buffer) or
 * count it unknown.  Returns 0 or an emit / settle error. */
int nf_data(nf_dgram *d, uint16_t tid, const uint8_t *p, size_t n);

/* ---- nf_pending.c: data sets waiting for their template ---------------- */

void nf_pend_init(nf_pend *q);
void nf_pend_free(nf_pend *q);
/* Copy a data set (set header included) whose template is unknown into
 * the buffer, dropping the oldest sets first when it is full.  Returns 0
 * or a settle error. */
int nf_pend_add(nf_dgram *d, uint16_t tid, const uint8_t *set, size_t len);
/* A template of key k was learnt in this datagram. */
void nf_pend_learnt(nf_pend *q, const nf_key *k);
/* End of a datagram: decode the waiting sets of the templates it brought
 * (options first, each group in arrival order).  Returns 0 or an emit /
 * settle error. */
int nf_pend_resolve(nf_dgram *d);
/* Sets of the datagram being decoded still waiting. */
uint32_t nf_pend_own(const nf_pend *q);
/* End of a datagram's call (res->verdict set; bad: it would be rejected
 * but for its waiting sets). */
void nf_pend_close(nf_dgram *d, bool bad);
/* Give up every waiting set; settle the datagrams still pending. */
int nf_pend_finish(ash_nf *nf, void *ctx, ash_err *err);

/* Are all n bytes at p zero (padding after the last set)? */
bool nf_all_zero(const uint8_t *p, size_t n);

int nf_v5(nf_dgram *d, const uint8_t *p, size_t n);
int nf_v9(nf_dgram *d, const uint8_t *p, size_t n);
int nf_ipfix(nf_dgram *d, const uint8_t *p, size_t n);

/* Decode one data record of template t (rec, reclen bytes, all within
 * the set) and emit it; for options templates, learn sampling.  *used is
 * set to the record's length.  Returns 0, -1 when the record is cut
 * (variable length past the end), or an emit error (> 0). */
int nf_record(nf_dgram *d, const nf_tpl *t, const uint8_t *rec,
	      size_t avail, size_t *used);

/* Walk a data set: records back to back until fewer than minlen bytes
 * (padding) remain.  Returns 0 or an emit error. */
int nf_data_set(nf_dgram *d, const nf_tpl *t, const uint8_t *p, size_t n);

#endif
