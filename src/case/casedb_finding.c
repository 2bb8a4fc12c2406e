/* SPDX-License-Identifier: MIT */
/* casedb_finding.c: findings of triage recorded in case.db (triage
 * --record).  Idempotent by key kind|site|hosts|peers|start; each new
 * finding also becomes an observation (source "triage") carrying its
 * evidence filter and numbers, so an analyst can make it a hypothesis. */
#include "case/cdb.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

static const char ins_finding[] =
	"INSERT INTO findings (key, kind, verdict, site, start_us, end_us, score, "
	"summary, why, filter, records, packets, bytes, recorded_us) VALUES "
	"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

static const char ins_obs[] =
	"INSERT INTO observations (at_us, at_off, recorded_us, site_id, source, "
	"finding_id, filter, records, packets, bytes, text_orig, text_lang, "
	"text_ja, text_en) VALUES (?1, 0, ?2, ?3, 'triage', ?4, ?5, ?6, ?7, ?8, "
	"?9, ?10, ?11, ?12)";

typedef struct sbuf {
	char *p;
	size_t n, cap;
} sbuf;

static void put(sbuf *b, const char *s)
{
	size_t l = strlen(s);
	ash_grow((void **)&b->p, &b->cap, b->n + l + 1, 1);
	memcpy(b->p + b->n, s, l + 1);
	b->n += l;
}

static void put_ips(sbuf *b, const ash_ip *v, size_t n)
{
	char txt[ASH_IP_STRLEN];
	for (size_t i = 0; i < n; i++) {
		ash_ip_format(&v[i], txt);
		if (i)
			put(b, ",");
		put(b, txt);
	}
}

/* kind|site|hosts|peers|start: hosts and peers are kept sorted */
static char *key_of(const ash_finding *f)
{
	sbuf b = {0};
	char num[32];
	put(&b, f->kind ? f->kind : "");
	put(&b, "|");
	put(&b, f->site ? f->site : "");
	put(&b, "|");
	put_ips(&b, f->hosts, f->nhosts);
	put(&b, "|");
	put_ips(&b, f->peers, f->npeers);
	snprintf(num, sizeof num, "|%lld", (long long)f->start);
	put(&b, num);
	return b.p;
}

static int addrs(ash_casedb *db, int64_t id, const char *role, const ash_ip *v,
		 size_t n, ash_err *err)
{
	char txt[ASH_IP_STRLEN];
	int rc = ASH_OK;
	for (size_t i = 0; i < n && !rc; i++) {
		ash_ip_format(&v[i], txt);
		rc = ash_cdb_run(db, err, NULL, "INSERT OR IGNORE INTO finding_addrs "
				 "(finding_id, role, ip) VALUES (?1, ?2, ?3)", "itt",
				 id, role, txt);
	}
	return rc;
}

static int observe(ash_casedb *db, const ash_finding *f, int64_t fid,
		   ash_err *err)
{
	int64_t sid = 0, oid;
	bool found;
	char *text = ash_fmt_alloc("%s (%s): %s", f->kind,
				   ash_verdict_name(f->verdict),
				   f->summary ? f->summary : "");
	ash_cdb_text t = {.orig = text, .en = text, .lang = "en"};
	int rc = ash_cdb_int(db, err, &sid, &found, "SELECT id FROM sites WHERE "
			     "name = ?1", "t", f->site);
	if (!rc)
		rc = ash_cdb_run(db, err, &oid, ins_obs, "iiIituuuT", f->start,
				 ash_casedb_now(db), sid, fid,
				 f->filter ? f->filter : "", f->records, f->packets,
				 f->bytes, &t);
	if (!rc)
		rc = ash_cdb_run(db, err, NULL, "INSERT OR IGNORE INTO "
				 "observation_hosts (observation_id, ip) SELECT ?1, "
				 "ip FROM finding_addrs WHERE finding_id = ?2 AND "
				 "role = 'host'", "ii", oid, fid);
	free(text);
	return rc;
}

static int add_one(ash_casedb *db, const ash_finding *f, bool *added,
		   ash_err *err)
{
	int64_t id;
	bool found;
	char *key = key_of(f);
	int rc = ash_cdb_int(db, err, &id, &found, "SELECT id FROM findings WHERE "
			     "key = ?1", "t", key);
	if (!rc && !found)
		rc = ash_cdb_run(db, err, &id, ins_finding, "ttttiidtttuuui", key,
				 f->kind ? f->kind : "unknown",
				 ash_verdict_name(f->verdict), f->site, f->start,
				 f->end, isnan(f->score) ? 0.0 : f->score, f->summary ? f->summary : "",
				 f->why ? f->why : "", f->filter ? f->filter : "",
				 f->records, f->packets, f->bytes, ash_casedb_now(db));
	if (!rc && !found)
		rc = addrs(db, id, "host", f->hosts, f->nhosts, err);
	if (!rc && !found)
		rc = addrs(db, id, "peer", f->peers, f->npeers, err);
	if (!rc && !found)
		rc = observe(db, f, id, err);
	*added = !rc && !found;
	free(key);
	return rc;
}

int ash_casedb_add_findings(ash_casedb *db, const ash_finding *f, size_t n,
			    size_t *added, ash_err *err)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (ash_verdict_parse(ash_verdict_name(f[i].verdict)) < 0)
			return ash_errf(err, ASH_EUSAGE, "finding %zu: bad verdict", i);
	int rc = ash_cdb_begin(db, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		bool a = false;
		rc = add_one(db, &f[i], &a, err);
		k += a;
	}
	rc = ash_cdb_end(db, rc, err);
	if (added)
		*added = rc ? 0 : k;
	return rc;
}
