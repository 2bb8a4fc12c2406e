/* SPDX-License-Identifier: MIT */
/* verify.c: running a hypothesis's check (verify.h): the filter over the
 * store with per-thread sums, or the detector reference over case.db's
 * findings; then the condition, then the stored verification. */
#include "case/verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/expect.h"
#include "core/xalloc.h"
#include "query/scan.h"

static const char *zone_of(const void *ctx, const ash_ip *ip)
{
	const ash_net *n = ash_case_net_of(ctx, ip);
	return n ? n->zone : NULL;
}

static bool listed(const char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

void ash_verify_env_init(ash_verify_env *v, const ash_case *c,
			 const ash_store *s)
{
	size_t nev = s ? ash_store_evidence_count(s) : 0;
	memset(v, 0, sizeof *v);
	v->zones = ash_calloc(c->nnets + 1, sizeof *v->zones);
	v->sites = ash_calloc(c->nsites + nev + 1, sizeof *v->sites);
	for (size_t i = 0; i < c->nnets; i++)
		if (c->nets[i].zone && !listed(v->zones, v->nzones, c->nets[i].zone))
			v->zones[v->nzones++] = c->nets[i].zone;
	for (size_t i = 0; i < c->nsites; i++)
		v->sites[v->nsites++] = c->sites[i].name;
	for (size_t i = 0; i < nev; i++) {
		const char *st = ash_store_evidence(s, i)->site;
		if (st[0] && !listed(v->sites, v->nsites, st))
			v->sites[v->nsites++] = st;
	}
	v->env = (ash_filter_env){
		.zone_of = c->nnets ? zone_of : NULL, .zone_ctx = c,
		.zones = v->zones, .nzones = v->nzones,
		.sites = v->sites, .nsites = v->nsites,
	};
}

void ash_verify_env_free(ash_verify_env *v)
{
	free(v->zones);
	free(v->sites);
	memset(v, 0, sizeof *v);
}

static int compile(const ash_case *c, const ash_store *s, const char *text,
		   ash_filter **f, ash_err *err)
{
	ash_verify_env v;
	ash_verify_env_init(&v, c, s);
	int rc = ash_filter_compile(text, strlen(text), &v.env, f, err);
	ash_verify_env_free(&v);
	return rc;
}

int ash_verify_validate(const ash_case *c, const ash_store *s,
			const char *verify, const char *expect, ash_err *err)
{
	ash_checkref ref;
	ash_expect e;
	ash_filter *f = NULL;
	if (!verify || !*verify)
		return ash_errf(err, ASH_EUSAGE, "hypothesis: --verify is empty");
	int rc = ash_checkref_parse(verify, strlen(verify), &ref, err);
	if (!rc && !ref.detector)
		rc = compile(c, s, verify, &f, err);
	ash_filter_free(f);
	if (!rc && expect && *expect)
		rc = ash_expect_parse(expect, strlen(expect), &e, err);
	return rc;
}

/* --- filter checks: sums over the store --------------------------- */

typedef struct sums {
	uint64_t records, packets, bytes;
} sums;

static void *s_new(void *ctx)
{
	(void)ctx;
	return ash_calloc(1, sizeof(sums));
}

static int s_batch(void *st, const ash_batch *b, const uint64_t *sel,
		   size_t matched, ash_err *err)
{
	sums *x = st;
	(void)matched, (void)err;
	for (size_t w = 0; w < (b->n + 63) / 64; w++)
		for (uint64_t m = sel[w]; m; m &= m - 1) {
			size_t i = w * 64 + (size_t)__builtin_ctzll(m);
			x->records++;
			x->packets += b->opkts[i] + b->rpkts[i];
			x->bytes += b->obytes[i] + b->rbytes[i];
		}
	return ASH_OK;
}

static int s_merge(void *ctx, void *st, ash_err *err)
{
	sums *to = ctx, *from = st;
	(void)err;
	to->records += from->records;
	to->packets += from->packets;
	to->bytes += from->bytes;
	return ASH_OK;
}

static void s_free(void *st)
{
	free(st);
}

static int run_filter(const ash_case *c, const ash_store *s, const char *text,
		      int threads, sums *out, char *canon, size_t cap,
		      ash_err *err)
{
	ash_filter *f = NULL;
	int rc = compile(c, s, text, &f, err);
	if (rc)
		return rc;
	ash_filter_describe(f, canon, cap);
	ash_scan_opts so = {.filter = f, .threads = threads,
			    .cols = ash_filter_columns(f) | ASH_COL_COUNTS};
	ash_scan_ops ops = {s_new, s_batch, s_merge, s_free};
	rc = ash_scan(s, &so, &ops, out, NULL, err);
	ash_filter_free(f);
	return rc;
}

/* --- detector checks: findings of case.db ------------------------- */

static bool has_host(const ash_cdb_finding *f, const ash_ip *ip)
{
	for (size_t i = 0; i < f->nhosts; i++) {
		ash_ip h;
		if (!ash_ip_parse(f->hosts[i], strlen(f->hosts[i]), &h) &&
		    ash_ip_eq(&h, ip))
			return true;
	}
	return false;
}

static uint64_t run_ref(const ash_casedb_snap *snap, const ash_checkref *ref,
			sums *out)
{
	uint64_t n = 0;
	for (size_t i = 0; i < snap->nfindings; i++) {
		const ash_cdb_finding *f = &snap->findings[i];
		if (strcmp(f->kind, ref->kind) || (ref->has_host && !has_host(f, &ref->host)))
			continue;
		n++;
		out->records += f->records;
		out->packets += f->packets;
		out->bytes += f->bytes;
	}
	return n;
}

/* numbers and result of h's check, without storing */
static void decide(const ash_case *c, const ash_store *s,
		   const ash_casedb_snap *snap, const ash_cdb_hyp *h, int threads,
		   ash_verify_result *r, char *canon, size_t cap)
{
	ash_checkref ref;
	ash_expect e;
	ash_err e2 = {0};
	sums x = {0};
	int rc = ash_checkref_parse(h->verify, strlen(h->verify), &ref, &e2);
	if (!rc)
		rc = ash_expect_parse(h->expect, strlen(h->expect), &e, &e2);
	if (!rc && ref.detector)
		r->findings = run_ref(snap, &ref, &x);
	else if (!rc)
		rc = run_filter(c, s, h->verify, threads, &x, canon, cap, &e2);
	r->records = x.records, r->packets = x.packets, r->bytes = x.bytes;
	uint64_t v[ASH_XM_COUNT_] = {x.records, x.packets, x.bytes, r->findings};
	if (rc) {
		r->result = ASH_VR_ERROR;
		snprintf(r->error, sizeof r->error, "%s", e2.msg[0] ? e2.msg : "failed");
	} else {
		r->result = ash_expect_eval(&e, v) ? ASH_VR_CONFIRMED : ASH_VR_REFUTED;
	}
}

int ash_verify_hyp(ash_casedb *db, const ash_case *c, const ash_store *s,
		   const ash_casedb_snap *snap, const ash_cdb_hyp *h,
		   const char *by, int threads, ash_verify_result *out,
		   ash_err *err)
{
	char canon[4096] = "";
	memset(out, 0, sizeof *out);
	decide(c, s, snap, h, threads, out, canon, sizeof canon);
	ash_verif_in in = {
		.hypothesis = h->id, .by = by, .canonical = canon[0] ? canon : NULL,
		.records = out->records, .packets = out->packets, .bytes = out->bytes,
		.findings = out->findings, .store_records = ash_store_record_count(s),
		.result = out->result, .error = out->error,
	};
	return ash_casedb_verif_add(db, &in, &out->verification, &out->status, err);
}
