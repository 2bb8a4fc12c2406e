/* SPDX-License-Identifier: MIT */
/* casedb_evidence.c: evidence items and their chain of custody.  Items
 * come from the store's manifest (received: file, SHA-256, size, format,
 * site, records, time range of its chunks, kept as evidence/<sha256>) or
 * are registered by hand while still on site; custody entries are
 * append-only. */
#include "case/cdb.h"

#include <stdio.h>
#include <string.h>

#include "ingest/evidence.h"

static const char ins_ev[] =
	"INSERT INTO evidence (sha256, name, size, format, site, records, "
	"rejected, t_min_us, t_max_us, location, path, ingested_us, added_us) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'received', ?10, ?11, ?12) "
	"ON CONFLICT (sha256) DO UPDATE SET location = 'received', "
	"size = excluded.size, format = excluded.format, records = "
	"excluded.records, rejected = excluded.rejected, t_min_us = "
	"excluded.t_min_us, t_max_us = excluded.t_max_us, path = excluded.path, "
	"ingested_us = excluded.ingested_us";

static const char ins_custody[] =
	"INSERT INTO custody (evidence_id, at_us, at_off, person_id, event, "
	"note_orig, note_lang, note_ja, note_en) VALUES (?1, ?2, ?3, ?4, ?5, "
	"?6, ?7, ?8, ?9)";

/* time range of the chunks of evidence i; false when it has none */
static bool range_of(const ash_store *s, size_t i, int64_t *lo, int64_t *hi)
{
	bool any = false;
	for (size_t k = 0; k < ash_store_chunk_count(s); k++) {
		const ash_chunk_meta *m = ash_store_chunk(s, k);
		if (m->evidence != i)
			continue;
		*lo = any && *lo < m->t_min ? *lo : m->t_min;
		*hi = any && *hi > m->t_max ? *hi : m->t_max;
		any = true;
	}
	return any;
}

static int import_one(ash_casedb *db, const ash_store *s, size_t i,
		      bool *added, ash_err *err)
{
	const ash_evidence *ev = ash_store_evidence(s, i);
	char hex[65], path[80];
	int64_t id, lo = 0, hi = 0;
	bool found;
	ash_sha_hex(ev->sha256, hex);
	int rc = ash_cdb_int(db, err, &id, &found, "SELECT id FROM evidence WHERE "
			     "sha256 = ?1 AND location = 'received'", "t", hex);
	if (rc || found)
		return rc;
	bool any = range_of(s, i, &lo, &hi);
	snprintf(path, sizeof path, "evidence/%s", hex);
	rc = ash_cdb_run(db, err, NULL, ins_ev, "ttuttuuIIti" "i", hex, ev->name,
			 ev->size, ash_format_name(ev->format),
			 ev->site[0] ? ev->site : NULL, ev->records, ev->rejected,
			 any ? lo : (int64_t)0, any ? hi : (int64_t)0, path,
			 ev->ingested_at, ash_casedb_now(db));
	if (!rc)
		rc = ash_cdb_int(db, err, &id, NULL, "SELECT id FROM evidence WHERE "
				 "sha256 = ?1", "t", hex);
	if (!rc)
		rc = ash_cdb_run(db, err, NULL, ins_custody, "iiiItT", id,
				 ev->ingested_at, (int64_t)0, (int64_t)0, "ingested",
				 &(ash_cdb_text){0});
	*added = !rc;
	return rc;
}

int ash_casedb_evidence_import(ash_casedb *db, const ash_store *s,
			       size_t *added, ash_err *err)
{
	size_t n = 0;
	int rc = ash_cdb_begin(db, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < ash_store_evidence_count(s) && !rc; i++) {
		bool a = false;
		rc = import_one(db, s, i, &a, err);
		n += a;
	}
	rc = ash_cdb_end(db, rc, err);
	if (added)
		*added = rc ? 0 : n;
	return rc;
}

static bool hex64(const char *s)
{
	if (strlen(s) != 64)
		return false;
	for (size_t i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static int add_item(ash_casedb *db, const ash_evidence_in *in,
		    const ash_cdb_text *note, int64_t *id, ash_err *err)
{
	int64_t pid, sid;
	bool lo = in->t_min != INT64_MIN, hi = in->t_max != INT64_MIN;
	int rc = ash_cdb_site_id(db, in->site, &sid, err);
	if (!rc)
		rc = ash_cdb_person_id(db, in->by, &pid, err);
	if (!rc)
		rc = ash_cdb_run(db, err, id, "INSERT INTO evidence (sha256, name, "
				 "size, site, t_min_us, t_max_us, location, added_us) "
				 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'on_site', ?7)",
				 "ttutIIi", in->sha256, in->name, in->size, in->site,
				 lo ? in->t_min : (int64_t)0, hi ? in->t_max : (int64_t)0,
				 ash_casedb_now(db));
	if (!rc)
		rc = ash_cdb_run(db, err, NULL, ins_custody, "iiiItT", *id,
				 ash_casedb_now(db), (int64_t)0, pid, "registered",
				 note);
	return rc;
}

int ash_casedb_evidence_add(ash_casedb *db, const ash_evidence_in *in,
			    int64_t *id, ash_err *err)
{
	ash_cdb_text note;
	int64_t eid = 0;
	if (!in->name || !*in->name || strlen(in->name) > 1024)
		return ash_errf(err, ASH_EUSAGE, "evidence: name empty or longer "
				"than 1024 bytes");
	if (in->sha256 && !hex64(in->sha256))
		return ash_errf(err, ASH_EUSAGE, "evidence: --sha256 must be 64 "
				"lowercase hex digits");
	int rc = ash_cdb_text_check(&in->note, false, "evidence note", &note, err);
	if (rc || (rc = ash_cdb_begin(db, err)))
		return rc;
	rc = ash_cdb_end(db, add_item(db, in, &note, &eid, err), err);
	if (!rc && id)
		*id = eid;
	return rc;
}

static bool event_ok(const char *e)
{
	size_t n = e ? strlen(e) : 0;
	if (n == 0 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((e[i] >= 'a' && e[i] <= 'z') || e[i] == '_' || e[i] == '-'))
			return false;
	return true;
}

static int add_custody(ash_casedb *db, const ash_custody_in *in,
		       const ash_cdb_text *note, int64_t *id, ash_err *err)
{
	int64_t pid, x;
	bool found;
	ash_when w = ash_cdb_when(db, in->at);
	int rc = ash_cdb_int(db, err, &x, &found, "SELECT 1 FROM evidence "
			     "WHERE id = ?1", "i", in->evidence);
	if (!rc && !found)
		rc = ash_errf(err, ASH_ENOTFOUND, "no evidence item E%lld in case.db",
			      (long long)in->evidence);
	if (!rc)
		rc = ash_cdb_person_id(db, in->by, &pid, err);
	if (!rc)
		rc = ash_cdb_run(db, err, id, ins_custody, "iiiItT", in->evidence,
				 w.us, (int64_t)w.off, pid, in->event, note);
	return rc;
}

int ash_casedb_custody_add(ash_casedb *db, const ash_custody_in *in,
			   int64_t *id, ash_err *err)
{
	ash_cdb_text note;
	int64_t cid = 0;
	if (!event_ok(in->event))
		return ash_errf(err, ASH_EUSAGE, "custody: event must be a word of "
				"a-z, _ and - (at most 32), e.g. collected, sent, received");
	int rc = ash_cdb_text_check(&in->note, false, "custody note", &note, err);
	if (rc || (rc = ash_cdb_begin(db, err)))
		return rc;
	rc = ash_cdb_end(db, add_custody(db, in, &note, &cid, err), err);
	if (!rc && id)
		*id = cid;
	return rc;
}
