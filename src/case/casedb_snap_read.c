/* SPDX-License-Identifier: MIT */
/* casedb_snap_read.c: reading every table of case.db into a snapshot
 * (ash_casedb_snap): one reader per table, rows in id order, strings and
 * arrays in the snapshot's arena, people and sites resolved to names,
 * host lists attached to their rows.  Called inside a read transaction. */
#include "case/cdb.h"

#include <stdlib.h>
#include <string.h>

#include "case/arena.h"
#include "core/xalloc.h"

typedef struct rd {
	ash_casedb *db;
	ash_casedb_snap *s;
	ash_arena *a;
} rd;

typedef void (*row_fn)(rd *r, sqlite3_stmt *st, void *elem);

static const char *str(rd *r, sqlite3_stmt *st, int i)
{
	const unsigned char *p = sqlite3_column_text(st, i);
	if (!p)
		return NULL;
	return ash_arena_strndup(r->a, (const char *)p,
				 (size_t)sqlite3_column_bytes(st, i));
}

static const char *str0(rd *r, sqlite3_stmt *st, int i)
{
	const char *s = str(r, st, i);
	return s ? s : "";
}

static int64_t num(sqlite3_stmt *st, int i)
{
	return sqlite3_column_int64(st, i);
}

static uint64_t unum(sqlite3_stmt *st, int i)
{
	int64_t v = sqlite3_column_int64(st, i);
	return v < 0 ? 0 : (uint64_t)v;
}

/* INTEGER or NULL → value or dflt */
static int64_t num_or(sqlite3_stmt *st, int i, int64_t dflt)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? dflt
							 : sqlite3_column_int64(st, i);
}

static ash_ctext ctext(rd *r, sqlite3_stmt *st, int i)
{
	return (ash_ctext){str(r, st, i), str(r, st, i + 1), str(r, st, i + 2),
			   str(r, st, i + 3)};
}

/* binary search of id in an array sorted by id (first member int64_t) */
static void *by_id(void *arr, size_t n, size_t esz, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t v = *(int64_t *)((char *)arr + mid * esz);
		if (v == id)
			return (char *)arr + mid * esz;
		if (v < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const char *person(rd *r, sqlite3_stmt *st, int i)
{
	ash_cdb_person *p = by_id(r->s->people, r->s->npeople, sizeof *p,
				  num(st, i));
	return p ? p->name : NULL;
}

static const char *site(rd *r, sqlite3_stmt *st, int i)
{
	ash_cdb_site *p = by_id(r->s->sites, r->s->nsites, sizeof *p, num(st, i));
	return p ? p->name : NULL;
}

/* run sql, one elem of esz bytes per row filled by fn; array in arena */
static int table(rd *r, const char *sql, size_t esz, void **arr, size_t *n,
		 row_fn fn, ash_err *err)
{
	sqlite3_stmt *st;
	void *v = NULL;
	size_t cap = 0, k = 0;
	int s, rc = ash_cdb_prep(r->db, sql, &st, err);
	if (rc)
		return rc;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		if (k == ASH_CASEDB_MAX_ROWS) {
			rc = ash_errf(err, ASH_ELIMIT, "case.db: more than %d rows in "
				      "a table", ASH_CASEDB_MAX_ROWS);
			break;
		}
		ash_grow(&v, &cap, k + 1, esz);
		memset((char *)v + k * esz, 0, esz);
		fn(r, st, (char *)v + k * esz);
		k++;
	}
	if (!rc && s != SQLITE_DONE)
		rc = ash_cdb_fail(r->db, err, "read");
	sqlite3_finalize(st);
	*arr = ash_arena_alloc(r->a, k * esz);
	if (k)
		memcpy(*arr, v, k * esz);
	*n = rc ? 0 : k;
	free(v);
	return rc;
}

static void row_site(rd *r, sqlite3_stmt *st, void *e)
{
	ash_cdb_site *x = e;
	*x = (ash_cdb_site){num(st, 0), str0(r, st, 1), str0(r, st, 2),
			    str(r, st, 3)};
}

static void row_person(rd *r, sqlite3_stmt *st, void *e)
{
	ash_cdb_person *x = e;
	*x = (ash_cdb_person){.id = num(st, 0), .name = str0(r, st, 1),
			      .site = site(r, st, 2), .created_us = num(st, 3)};
}

static void row_finding(rd *r, sqlite3_stmt *st, void *e)
{
	ash_cdb_finding *x = e;
	const char *v = (const char *)sqlite3_column_text(st, 3);
	*x = (ash_cdb_finding){
		.id = num(st, 0), .kind = str0(r, st, 1), .site = str(r, st, 2),
		.verdict = v ? ash_verdict_parse(v) : -1,
		.start_us = num(st, 4), .end_us = num(st, 5),
		.score = sqlite3_column_double(st, 6), .summary = str0(r, st, 7),
		.why = str0(r, st, 8), .filter = str0(r, st, 9),
		.records = unum(st, 10), .packets = unum(st, 11),
		.bytes = unum(st, 12), .recorded_us = num(st, 13)};
}

static void row_obs(rd *r, sqlite3_stmt *st, void *e)
{
	ash_cdb_obs *x = e;
	*x = (ash_cdb_obs){
		.id = num(st, 0), .at_us = num(st, 1), .at_off = (int32_t)num(st, 2),
		.at_zone = str(r, st, 3), .recorded_us = num(st, 4),
		.by = person(r, st, 5), .site = site(r, st, 6),
		.source = str0(r, st, 7), .finding = num(st, 8),
		.filter = str(r, st, 9), .records = num_or(st, 10, -1),
		.packets = num_or(st, 11, -1), .bytes = num_or(st, 12, -1),
		.text = ctext(r, st, 13)};
}

static void row_hyp(rd *r, sqlite3_stmt *st, void *e)
{
	ash_cdb_hyp *x = e;
	const char *k = (const char *)sqlite3_column_text(st, 4);
	*x = (ash_cdb_hyp){
		.id = num(st, 0), .created_us = num(st, 1), .by = person(r, st, 2),
		.observation = num(st, 3), .detector = k && !strcmp(k, "finding"),
		.verify = str0(r, st, 5), .expect = str0(r, st, 6),
		.status = ash_hyp_status_parse((const char *)sqlite3_column_text(st, 7)),
		.status_us = num(st, 8), .claim = ctext(r, st, 9)};
}

static int vresult(const char *s)
{
	return !s ? 0 : !strcmp(s, "confirmed") ? ASH_VR_CONFIRMED
	       : !strcmp(s, "refuted") ? ASH_VR_REFUTED : ASH_VR_ERROR;
}

static void row_verif(rd *r, sqlite3_stmt *st, void *e)
{
	ash_cdb_verif *x = e;
	*x = (ash_cdb_verif){
		.id = num(st, 0), .hypothesis = num(st, 1), .ran_us = num(st, 2),
		.by = person(r, st, 3), .verify = str0(r, st, 4),
		.canonical = str(r, st, 5), .expect = str0(r, st, 6),
		.records = unum(st, 7), .packets = unum(st, 8), .bytes = unum(st, 9),
		.findings = unum(st, 10), .store_records = unum(st, 11),
		.result = vresult((const char *)sqlite3_column_text(st, 12)),
		.error = str(r, st, 13)};
}

static int cause(const char *s)
{
	return !s ? 0 : !strcmp(s, "verify") ? ASH_CAUSE_VERIFY
	       : !strcmp(s, "override") ? ASH_CAUSE_OVERRIDE : ASH_CAUSE_CREATED;
}

static void row_status(rd *r, sqlite3_stmt *st, void *e)
{
	ash_cdb_status *x = e;
	*x = (ash_cdb_status){
		.id = num(st, 0), .hypothesis = num(st, 1), .at_us = num(st, 2),
		.from = ash_hyp_status_parse((const char *)sqlite3_column_text(st, 3)),
		.to = ash_hyp_status_parse((const char *)sqlite3_column_text(st, 4)),
		.cause = cause((const char *)sqlite3_column_text(st, 5)),
		.verification = num(st, 6), .by = person(r, st, 7),
		.reason = ctext(r, st, 8)};
}

static void row_evidence(rd *r, sqlite3_stmt *st, void *e)
{
	ash_cdb_evidence *x = e;
	const char *loc = (const char *)sqlite3_column_text(st, 10);
	*x = (ash_cdb_evidence){
		.id = num(st, 0), .sha256 = str(r, st, 1), .name = str0(r, st, 2),
		.size = unum(st, 3), .format = str(r, st, 4), .site = str(r, st, 5),
		.records = unum(st, 6), .rejected = unum(st, 7),
		.t_min_us = num_or(st, 8, INT64_MIN), .t_max_us = num_or(st, 9, INT64_MIN),
		.received = loc && !strcmp(loc, "received"), .path = str(r, st, 11),
		.ingested_us = num_or(st, 12, INT64_MIN), .added_us = num(st, 13)};
}

static void row_custody(rd *r, sqlite3_stmt *st, void *e)
{
	ash_cdb_custody *x = e;
	*x = (ash_cdb_custody){
		.id = num(st, 0), .evidence = num(st, 1), .at_us = num(st, 2),
		.at_off = (int32_t)num(st, 3), .by = person(r, st, 4),
		.event = str0(r, st, 5), .note = ctext(r, st, 6)};
}

static void row_action(rd *r, sqlite3_stmt *st, void *e)
{
	ash_cdb_action *x = e;
	*x = (ash_cdb_action){
		.id = num(st, 0), .at_us = num(st, 1), .at_off = (int32_t)num(st, 2),
		.at_zone = str(r, st, 3), .recorded_us = num(st, 4),
		.by = person(r, st, 5), .site = site(r, st, 6),
		.kind = ash_act_kind_parse((const char *)sqlite3_column_text(st, 7)),
		.what = ctext(r, st, 8)};
}

static void row_closure(rd *r, sqlite3_stmt *st, void *e)
{
	ash_cdb_closure *x = e;
	*x = (ash_cdb_closure){
		.id = num(st, 0), .at_us = num(st, 1), .by = person(r, st, 2),
		.forced = num(st, 3) != 0, .open_hypotheses = (size_t)unum(st, 4),
		.reason = ctext(r, st, 5)};
}

/* A host list of one row: where its array and count live. */
typedef struct slot {
	const char ***list;
	size_t *n;
} slot;
typedef slot (*slot_fn)(ash_casedb_snap *s, int64_t id, int which);

static slot slot_obs(ash_casedb_snap *s, int64_t id, int which)
{
	(void)which;
	ash_cdb_obs *o = by_id(s->obs, s->nobs, sizeof *o, id);
	return o ? (slot){&o->hosts, &o->nhosts} : (slot){0};
}

static slot slot_act(ash_casedb_snap *s, int64_t id, int which)
{
	(void)which;
	ash_cdb_action *o = by_id(s->actions, s->nactions, sizeof *o, id);
	return o ? (slot){&o->hosts, &o->nhosts} : (slot){0};
}

static slot slot_finding(ash_casedb_snap *s, int64_t id, int which)
{
	ash_cdb_finding *o = by_id(s->findings, s->nfindings, sizeof *o, id);
	if (!o)
		return (slot){0};
	return which ? (slot){&o->peers, &o->npeers} : (slot){&o->hosts, &o->nhosts};
}

/* pass 0 counts per row, pass 1 fills (counts rebuilt) */
static int host_pass(rd *r, sqlite3_stmt *st, slot_fn fn, int which, int pass,
		     ash_err *err)
{
	int s;
	sqlite3_reset(st);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		slot sl = fn(r->s, num(st, 0), which);
		if (!sl.n)
			continue;
		if (pass == 1)
			(*sl.list)[*sl.n] = str0(r, st, 1);
		(*sl.n)++;
	}
	return s == SQLITE_DONE ? ASH_OK : ash_cdb_fail(r->db, err, "read");
}

static void host_alloc(rd *r, void *arr, size_t n, size_t esz, slot_fn fn,
		       int which)
{
	for (size_t i = 0; i < n; i++) {
		slot sl = fn(r->s, *(int64_t *)((char *)arr + i * esz), which);
		*sl.list = ash_arena_alloc(r->a, *sl.n * sizeof(char *));
		*sl.n = 0;
	}
}

static int hosts(rd *r, const char *sql, void *arr, size_t n, size_t esz,
		 slot_fn fn, int which, ash_err *err)
{
	sqlite3_stmt *st;
	int rc = ash_cdb_prep(r->db, sql, &st, err);
	if (!rc)
		rc = host_pass(r, st, fn, which, 0, err);
	if (!rc)
		host_alloc(r, arr, n, esz, fn, which);
	if (!rc)
		rc = host_pass(r, st, fn, which, 1, err);
	sqlite3_finalize(st);
	return rc;
}

static int roles(rd *r, ash_err *err)
{
	sqlite3_stmt *st;
	int s, rc = ash_cdb_prep(r->db, "SELECT person_id, role FROM person_roles",
				 &st, err);
	if (rc)
		return rc;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		ash_cdb_person *p = by_id(r->s->people, r->s->npeople, sizeof *p,
					  num(st, 0));
		if (p)
			p->roles |= ash_role_parse((const char *)sqlite3_column_text(st, 1));
	}
	rc = s == SQLITE_DONE ? ASH_OK : ash_cdb_fail(r->db, err, "read");
	sqlite3_finalize(st);
	return rc;
}

#define TABLE(sql, arr, n, fn) \
	table(&r, sql, sizeof *(arr), (void **)&(arr), &(n), fn, err)

static int people_sites(rd *rp, ash_err *err)
{
	rd r = *rp;
	ash_casedb_snap *s = r.s;
	int rc = TABLE("SELECT id, name, timezone, language FROM sites ORDER BY id",
		       s->sites, s->nsites, row_site);
	if (!rc)
		rc = TABLE("SELECT id, name, site_id, created_us FROM people "
			   "ORDER BY id", s->people, s->npeople, row_person);
	if (!rc)
		rc = roles(&r, err);
	return rc;
}

static int findings_obs(rd *rp, ash_err *err)
{
	rd r = *rp;
	ash_casedb_snap *s = r.s;
	int rc = TABLE("SELECT id, kind, site, verdict, start_us, end_us, score, "
		       "summary, why, filter, records, packets, bytes, recorded_us "
		       "FROM findings ORDER BY id", s->findings, s->nfindings,
		       row_finding);
	if (!rc)
		rc = hosts(&r, "SELECT finding_id, ip FROM finding_addrs WHERE role "
			   "= 'host' ORDER BY finding_id, ip", s->findings,
			   s->nfindings, sizeof *s->findings, slot_finding, 0, err);
	if (!rc)
		rc = hosts(&r, "SELECT finding_id, ip FROM finding_addrs WHERE role "
			   "= 'peer' ORDER BY finding_id, ip", s->findings,
			   s->nfindings, sizeof *s->findings, slot_finding, 1, err);
	if (!rc)
		rc = TABLE("SELECT id, at_us, at_off, at_zone, recorded_us, person_id, "
			   "site_id, source, finding_id, filter, records, packets, "
			   "bytes, text_orig, text_lang, text_ja, text_en FROM "
			   "observations ORDER BY id", s->obs, s->nobs, row_obs);
	if (!rc)
		rc = hosts(&r, "SELECT observation_id, ip FROM observation_hosts "
			   "ORDER BY observation_id, ip", s->obs, s->nobs,
			   sizeof *s->obs, slot_obs, 0, err);
	return rc;
}

static int hyps(rd *rp, ash_err *err)
{
	rd r = *rp;
	ash_casedb_snap *s = r.s;
	int rc = TABLE("SELECT id, created_us, person_id, observation_id, "
		       "check_kind, verify, expect, status, status_us, claim_orig, "
		       "claim_lang, claim_ja, claim_en FROM hypotheses ORDER BY id",
		       s->hyps, s->nhyps, row_hyp);
	if (!rc)
		rc = TABLE("SELECT id, hypothesis_id, ran_us, person_id, verify, "
			   "canonical, expect, records, packets, bytes, findings, "
			   "store_records, result, error FROM verifications ORDER BY "
			   "id", s->verifs, s->nverifs, row_verif);
	if (!rc)
		rc = TABLE("SELECT id, hypothesis_id, at_us, from_status, to_status, "
			   "cause, verification_id, person_id, reason_orig, "
			   "reason_lang, reason_ja, reason_en FROM hypothesis_status "
			   "ORDER BY id", s->status, s->nstatus, row_status);
	for (size_t i = 0; !rc && i < s->nverifs; i++) {
		ash_cdb_hyp *h = by_id(s->hyps, s->nhyps, sizeof *h,
				       s->verifs[i].hypothesis);
		if (h)
			h->last_verif = s->verifs[i].id;
	}
	return rc;
}

static int rest(rd *rp, ash_err *err)
{
	rd r = *rp;
	ash_casedb_snap *s = r.s;
	int rc = TABLE("SELECT id, sha256, name, size, format, site, records, "
		       "rejected, t_min_us, t_max_us, location, path, ingested_us, "
		       "added_us FROM evidence ORDER BY id", s->evidence,
		       s->nevidence, row_evidence);
	if (!rc)
		rc = TABLE("SELECT id, evidence_id, at_us, at_off, person_id, event, "
			   "note_orig, note_lang, note_ja, note_en FROM custody "
			   "ORDER BY id", s->custody, s->ncustody, row_custody);
	if (!rc)
		rc = TABLE("SELECT id, at_us, at_off, at_zone, recorded_us, "
			   "person_id, site_id, kind, text_orig, text_lang, text_ja, "
			   "text_en FROM actions ORDER BY id", s->actions,
			   s->nactions, row_action);
	if (!rc)
		rc = hosts(&r, "SELECT action_id, ip FROM action_hosts ORDER BY "
			   "action_id, ip", s->actions, s->nactions,
			   sizeof *s->actions, slot_act, 0, err);
	if (!rc)
		rc = TABLE("SELECT id, at_us, person_id, forced, open_hypotheses, "
			   "reason_orig, reason_lang, reason_ja, reason_en FROM "
			   "closures ORDER BY id", s->closures, s->nclosures,
			   row_closure);
	return rc;
}

static int case_name(rd *r, ash_err *err)
{
	sqlite3_stmt *st;
	int rc = ash_cdb_prep(r->db, "SELECT name FROM case_info WHERE id = 1",
			      &st, err);
	if (rc)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		r->s->case_name = str(r, st, 0);
	sqlite3_finalize(st);
	return ASH_OK;
}

int ash_cdb_snap_fill(ash_casedb *db, ash_casedb_snap *s, ash_err *err)
{
	rd r = {db, s, s->arena_};
	int rc = case_name(&r, err);
	if (!rc)
		rc = people_sites(&r, err);
	if (!rc)
		rc = findings_obs(&r, err);
	if (!rc)
		rc = hyps(&r, err);
	if (!rc)
		rc = rest(&r, err);
	return rc;
}
