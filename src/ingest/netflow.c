/* SPDX-License-Identifier: MIT */
/* netflow.c: the flow export decoder's entry point: one datagram in,
 * records out.  Owns: the version dispatch, the messages of a datagram
 * (v5 and IPFIX carry their length, so back-to-back messages are walked;
 * a v9 datagram is one message), the exporter table (sampling rate per
 * exporter and domain), template learning and data lookup, and the
 * verdict (used / skipped / rejected with a reason / pending).
 * Does not: parse sets (netflow_v9.c, ipfix.c) or records (nf_record.c,
 * netflow_v5.c), keep data that waits for its template (nf_pending.c),
 * read files or sockets. */
#include "ingest/nf_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

ash_nf *ash_nf_new(void)
{
	ash_nf *nf = ash_calloc(1, sizeof *nf);
	nf_tpls_init(&nf->tpls);
	nf_pend_init(&nf->pend);
	return nf;
}

void ash_nf_free(ash_nf *nf)
{
	if (!nf)
		return;
	nf_tpls_free(&nf->tpls);
	nf_pend_free(&nf->pend);
	free(nf->exp);
	free(nf);
}

void ash_nf_buffer(ash_nf *nf, ash_nf_settle settle)
{
	nf->pend.on = true;
	nf->pend.settle = settle;
}

void ash_nf_buffer_limits(ash_nf *nf, uint32_t sets, uint32_t bytes)
{
	nf->pend.max_sets = sets < 1 ? 1 : sets < ASH_NF_PEND_SETS ? sets
								  : ASH_NF_PEND_SETS;
	nf->pend.max_bytes = bytes < 1 ? 1 : bytes < ASH_NF_PEND_BYTES
						   ? bytes : ASH_NF_PEND_BYTES;
}

int ash_nf_finish(ash_nf *nf, void *ctx, ash_err *err)
{
	return nf_pend_finish(nf, ctx, err);
}

const ash_nf_stats *ash_nf_get_stats(const ash_nf *nf)
{
	return &nf->st;
}

bool nf_all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* Sampling state of an exporter/domain; NULL once the table is full. */
nf_exp *nf_exp_get(ash_nf *nf, const nf_key *k)
{
	for (size_t i = 0; i < nf->nexp; i++) {
		nf_exp *e = &nf->exp[i];
		if (e->port == k->port && e->version == k->version &&
		    e->domain == k->domain && ash_ip_eq(&e->exporter, &k->exporter))
			return e;
	}
	if (nf->nexp >= ASH_NF_MAX_EXPORTERS)
		return NULL;
	ash_grow((void **)&nf->exp, &nf->capexp, nf->nexp + 1, sizeof *nf->exp);
	nf_exp *e = &nf->exp[nf->nexp++];
	memset(e, 0, sizeof *e);
	e->exporter = k->exporter;
	e->port = k->port;
	e->version = k->version;
	e->domain = k->domain;
	return e;
}

/* Zero-length fields carry nothing: dropped, so that decoding work is
 * bounded by the bytes of a record, not by its field count. */
static uint16_t drop_empty(nf_field *f, uint16_t nf, uint16_t *nscope)
{
	uint16_t k = 0, scope = 0;
	for (uint16_t i = 0; i < nf; i++) {
		if (f[i].len == 0)
			continue;
		scope += i < *nscope;
		f[k++] = f[i];
	}
	*nscope = scope;
	return k;
}

void nf_learn(nf_dgram *d, uint16_t tid, bool options, uint16_t nscope,
	      nf_field *f, uint16_t nf)
{
	const char *why = NULL;
	nf_key k = d->key;
	k.tid = tid;
	nf = drop_empty(f, nf, &nscope);
	if (tid < 256)
		why = "template id below 256";
	else if (nf_tpls_put(&d->nf->tpls, &k, options, nscope, f, nf, &why) == 0) {
		d->res->templates++;
		d->nf->st.templates++;
		if (d->nf->pend.on)
			nf_pend_learnt(&d->nf->pend, &k);
		return;
	}
	nf_note(d, why);
	d->nf->st.refused_templates++;
}

int nf_data(nf_dgram *d, uint16_t tid, const uint8_t *p, size_t n)
{
	nf_key k = d->key;
	k.tid = tid;
	nf_tpl *t = nf_tpls_find(&d->nf->tpls, &k);
	if (!t && d->nf->pend.on)
		return nf_pend_add(d, tid, p - 4, n + 4);
	if (!t) {
		nf_note(d, "data set for a template not received (yet)");
		d->res->unknown_sets++;
		d->nf->st.unknown_sets++;
		return 0;
	}
	return nf_data_set(d, t, p, n);
}

static void reject(nf_dgram *d, const char *why)
{
	nf_note(d, why);
	d->res->verdict = ASH_NF_REJECTED;
}

/* Set the domain of the message and its exporter state. */
static void start_msg(nf_dgram *d, uint32_t domain)
{
	d->key.domain = domain;
	d->exp = nf_exp_get(d->nf, &d->key);
}

/* Back-to-back v5 datagrams; each needs 24 + count * 48 bytes. */
static int walk_v5(nf_dgram *d, const uint8_t *p, size_t n)
{
	size_t off = 0;
	while (off < n && d->res->verdict != ASH_NF_REJECTED) {
		if (n - off < 24 || nf_u16(p + off) != 5) {
			if (off && nf_all_zero(p + off, n - off))
				break;
			reject(d, off ? "bytes after the v5 datagram"
				      : "v5 header cut");
			break;
		}
		size_t cnt = nf_u16(p + off + 2);
		if (cnt == 0 || 24 + cnt * 48 > n - off) {
			reject(d, cnt ? "v5 record count exceeds the datagram"
				      : "v5 datagram with a count of 0");
			break;
		}
		start_msg(d, 0);
		int rc = nf_v5(d, p + off, 24 + cnt * 48);
		if (rc)
			return rc;
		off += 24 + cnt * 48;
	}
	return 0;
}

/* Back-to-back IPFIX messages, each of its header's length. */
static int walk_ipfix(nf_dgram *d, const uint8_t *p, size_t n)
{
	size_t off = 0;
	while (off < n && d->res->verdict != ASH_NF_REJECTED) {
		if (n - off < 16 || nf_u16(p + off) != 10) {
			if (off && nf_all_zero(p + off, n - off))
				break;
			reject(d, off ? "bytes after the IPFIX message"
				      : "IPFIX header cut");
			break;
		}
		size_t len = nf_u16(p + off + 2);
		if (len < 16 || len > n - off) {
			reject(d, len < 16 ? "IPFIX length below its header"
					   : "IPFIX length exceeds the datagram");
			break;
		}
		start_msg(d, nf_u32(p + off + 12));
		int rc = nf_ipfix(d, p + off, len);
		if (rc)
			return rc;
		off += len;
	}
	return 0;
}

static int dispatch(nf_dgram *d, const uint8_t *p, size_t n)
{
	uint16_t v = n >= 2 ? nf_u16(p) : 0;
	d->key.version = (uint8_t)(v == 5 || v == 9 || v == 10 ? v : 0);
	d->res->version = d->key.version;
	switch (v) {
	case 5:
		d->format = ASH_FMT_NETFLOW5;
		return walk_v5(d, p, n);
	case 9:
		d->format = ASH_FMT_NETFLOW9;
		if (n < 20) {
			reject(d, "v9 header cut");
			return 0;
		}
		start_msg(d, nf_u32(p + 16));
		return nf_v9(d, p, n);
	case 10:
		d->format = ASH_FMT_IPFIX;
		return walk_ipfix(d, p, n);
	default:
		reject(d, n < 2 ? "shorter than a flow export header"
				: "not NetFlow v5/v9 or IPFIX (version field)");
		return 0;
	}
}

/* Records: used.  Else sets still waiting for their template: pending
 * (even when something else in it would reject it: a record may come).
 * Else rejected (why already noted) or skipped. */
static void verdict(nf_dgram *d)
{
	ash_nf_result *res = d->res;
	bool bad = res->verdict == ASH_NF_REJECTED || res->unknown_sets ||
		   res->bad_records;
	if (res->records)
		res->verdict = ASH_NF_USED;
	else if (nf_pend_own(&d->nf->pend))
		res->verdict = ASH_NF_PENDING;
	else if (bad)
		res->verdict = ASH_NF_REJECTED;
	else
		res->verdict = ASH_NF_SKIPPED;
	nf_pend_close(d, bad);
}

int ash_nf_datagram(ash_nf *nf, const uint8_t *p, size_t n,
		    const ash_ip *exporter, uint16_t port, int64_t arrival_us,
		    uint64_t unit, ash_nf_emit emit, void *ctx,
		    ash_nf_result *res, ash_err *err)
{
	memset(res, 0, sizeof *res);
	res->verdict = ASH_NF_SKIPPED;
	nf_dgram d = {.nf = nf, .emit = emit, .ctx = ctx, .res = res,
		      .err = err, .export_us = arrival_us, .unit = unit};
	if (exporter)
		d.key.exporter = *exporter;
	d.key.port = port;
	nf->dev[0] = 0;
	if (exporter)
		ash_ip_format(exporter, nf->dev);
	nf->st.datagrams++;
	int rc = dispatch(&d, p, n);
	if (!rc && nf->pend.on)
		rc = nf_pend_resolve(&d);
	verdict(&d);
	return rc;
}

int ash_nf_looks_like(const uint8_t *p, size_t n)
{
	uint16_t v = n >= 4 ? nf_u16(p) : 0;
	if (v == 5) {
		size_t cnt = nf_u16(p + 2);
		return n >= 24 && cnt >= 1 && cnt <= 30 && n >= 24 + cnt * 48;
	}
	if (v == 9 && n >= 24) {
		uint16_t id = nf_u16(p + 20), len = nf_u16(p + 22);
		return (id <= 1 || id >= 256) && len >= 4 && len <= n - 20;
	}
	if (v == 10 && n >= 20) {
		uint16_t len = nf_u16(p + 2), id = nf_u16(p + 16);
		return len >= 20 && len <= n && (id == 2 || id == 3 || id >= 256);
	}
	return 0;
}
