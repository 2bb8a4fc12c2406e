/* SPDX-License-Identifier: MIT */
/* orgdb_assess.c: assessments, answers and proposals in org.db
 * (orgdb.h). */
#include "org/orgdb_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

#define MAX_HISTORY 100000 /* assessments read at once */

static void day_text(int32_t day, char buf[11])
{
	ash_day_format(day, buf);
}

static int add_answer(ash_orgdb *db, int64_t aid, const ash_answer *x,
		      ash_err *err)
{
	sqlite3_stmt *st;
	int rc = ash_orgdb_prep(db,
				"INSERT INTO answers (assessment_id, item, level, target, evidence, "
				"evidence_ref, evidence_date, assessor, source, coverage, note) "
				"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
				&st, err);
	if (rc)
		return rc;
	char day[11];
	sqlite3_bind_int64(st, 1, aid);
	ash_orgdb_text(st, 2, x->item);
	if (x->level >= 0)
		sqlite3_bind_int(st, 3, x->level);
	if (x->target >= 0)
		sqlite3_bind_int(st, 4, x->target);
	ash_orgdb_text(st, 5, x->evidence);
	ash_orgdb_text(st, 6, x->ref);
	if (x->date != ASH_DAY_UNKNOWN) {
		day_text(x->date, day);
		ash_orgdb_text(st, 7, day);
	}
	ash_orgdb_text(st, 8, x->assessor);
	ash_orgdb_text(st, 9, ash_source_name(x->source));
	if (x->coverage >= 0)
		sqlite3_bind_int(st, 10, x->coverage);
	ash_orgdb_text(st, 11, x->note);
	return ash_orgdb_done(db, st, "answers", err);
}

static int add_one(ash_orgdb *db, int64_t fwid, ash_assessment *a, ash_err *err)
{
	sqlite3_stmt *st;
	int rc = ash_orgdb_prep(db,
				"INSERT INTO assessments (site, framework_id, kind, assessed_on, "
				"imported_us, imported_by, source_file, source_sha256, note) "
				"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
				&st, err);
	if (rc)
		return rc;
	char day[11];
	day_text(a->assessed_on, day);
	if (!a->imported_us)
		a->imported_us = ash_orgdb_now(db);
	ash_orgdb_text(st, 1, a->site);
	sqlite3_bind_int64(st, 2, fwid);
	ash_orgdb_text(st, 3, a->quick ? "quick" : "full");
	ash_orgdb_text(st, 4, day);
	sqlite3_bind_int64(st, 5, a->imported_us);
	ash_orgdb_text(st, 6, a->imported_by);
	ash_orgdb_text(st, 7, a->source_file);
	ash_orgdb_text(st, 8, a->source_sha);
	ash_orgdb_text(st, 9, a->note);
	if ((rc = ash_orgdb_done(db, st, "assessments", err)))
		return rc;
	a->id = sqlite3_last_insert_rowid(db->db);
	for (size_t i = 0; i < a->nanswers && !rc; i++)
		rc = add_answer(db, a->id, &a->answers[i], err);
	return rc;
}

int ash_orgdb_add_assessments(ash_orgdb *db, const ash_fw *fw,
			      ash_assessment *a, size_t n, ash_err *err)
{
	int64_t fwid = 0;
	int rc = ash_orgdb_begin(db, err);
	if (rc)
		return rc;
	rc = ash_orgdb_framework(db, fw, &fwid, err);
	for (size_t i = 0; i < n && !rc; i++)
		rc = add_one(db, fwid, &a[i], err);
	rc = ash_orgdb_end(db, rc, err);
	if (rc)
		for (size_t i = 0; i < n; i++)
			a[i].id = 0;
	return rc;
}

/* ---- reading ------------------------------------------------------ */

static int32_t col_day(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	int32_t d;
	if (!s || ash_day_parse((const char *)s, (size_t)sqlite3_column_bytes(st, i), &d))
		return ASH_DAY_UNKNOWN;
	return d;
}

static int read_answers(ash_orgdb *db, ash_assessment *a, ash_err *err)
{
	sqlite3_stmt *st;
	int rc = ash_orgdb_prep(db,
				"SELECT item, level, target, evidence, evidence_ref, evidence_date, "
				"assessor, source, coverage, note FROM answers WHERE "
				"assessment_id = ?1 ORDER BY item",
				&st, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, a->id);
	size_t cap = 0;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		ash_grow((void **)&a->answers, &cap, a->nanswers + 1, sizeof *a->answers);
		ash_answer *x = &a->answers[a->nanswers++];
		memset(x, 0, sizeof *x);
		const unsigned char *item = sqlite3_column_text(st, 0);
		snprintf(x->item, sizeof x->item, "%s", item ? (const char *)item : "");
		x->level = sqlite3_column_type(st, 1) == SQLITE_NULL
				   ? ASH_ANSWER_NA : sqlite3_column_int(st, 1);
		x->target = sqlite3_column_type(st, 2) == SQLITE_NULL
				    ? -1 : sqlite3_column_int(st, 2);
		x->evidence = ash_orgdb_col(st, 3);
		x->ref = ash_orgdb_col(st, 4);
		x->date = col_day(st, 5);
		x->assessor = ash_orgdb_col(st, 6);
		const unsigned char *src = sqlite3_column_text(st, 7);
		x->source = src ? ash_source_parse((const char *)src) : ASH_SRC_SELF;
		if (x->source < 0)
			x->source = ASH_SRC_SELF;
		x->coverage = sqlite3_column_type(st, 8) == SQLITE_NULL
				      ? -1 : sqlite3_column_int(st, 8);
		x->note = ash_orgdb_col(st, 9);
	}
	if (r != SQLITE_DONE)
		rc = ash_orgdb_fail(db, err, "answers");
	sqlite3_finalize(st);
	return rc;
}

static void read_head(sqlite3_stmt *st, ash_assessment *a)
{
	a->id = sqlite3_column_int64(st, 0);
	a->site = ash_orgdb_col(st, 1);
	a->fw_key = ash_orgdb_col(st, 2);
	const unsigned char *sha = sqlite3_column_text(st, 3);
	snprintf(a->fw_sha, sizeof a->fw_sha, "%s", sha ? (const char *)sha : "");
	const unsigned char *kind = sqlite3_column_text(st, 4);
	a->quick = kind && !strcmp((const char *)kind, "quick");
	a->assessed_on = col_day(st, 5);
	a->imported_us = sqlite3_column_int64(st, 6);
	a->imported_by = ash_orgdb_col(st, 7);
	a->source_file = ash_orgdb_col(st, 8);
	const unsigned char *ssha = sqlite3_column_text(st, 9);
	snprintf(a->source_sha, sizeof a->source_sha, "%s",
		 ssha ? (const char *)ssha : "");
	a->note = ash_orgdb_col(st, 10);
}

int ash_orgdb_history(ash_orgdb *db, const char *fw_key, const char *site,
		      size_t max, ash_assessment **out, size_t *n, ash_err *err)
{
	sqlite3_stmt *st;
	ash_assessment *v = NULL;
	size_t nv = 0, cap = 0;
	int rc = ash_orgdb_prep(db,
				"SELECT * FROM (SELECT a.id, a.site, f.key, f.sha256, a.kind, "
				"a.assessed_on, a.imported_us, a.imported_by, a.source_file, "
				"a.source_sha256, a.note, row_number() OVER (PARTITION BY a.site "
				"ORDER BY a.assessed_on DESC, a.id DESC) AS k FROM assessments a "
				"JOIN frameworks f ON f.id = a.framework_id WHERE f.key = ?1 AND "
				"(?2 IS NULL OR a.site = ?2)) WHERE k <= ?3 ORDER BY site, k",
				&st, err);
	if (rc)
		return rc;
	ash_orgdb_text(st, 1, fw_key);
	ash_orgdb_text(st, 2, site);
	sqlite3_bind_int64(st, 3, (int64_t)(max > MAX_HISTORY ? MAX_HISTORY : max));
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (nv >= MAX_HISTORY) {
			rc = ash_errf(err, ASH_ELIMIT, "org.db: more than %d assessments",
				      MAX_HISTORY);
			break;
		}
		ash_grow((void **)&v, &cap, nv + 1, sizeof *v);
		memset(&v[nv], 0, sizeof *v);
		read_head(st, &v[nv++]);
	}
	if (!rc && r != SQLITE_DONE)
		rc = ash_orgdb_fail(db, err, "assessments");
	sqlite3_finalize(st);
	for (size_t i = 0; i < nv && !rc; i++)
		rc = read_answers(db, &v[i], err);
	if (rc) {
		ash_assessments_free(v, nv);
		return rc;
	}
	*out = v;
	*n = nv;
	return ASH_OK;
}

int ash_orgdb_fw_keys(ash_orgdb *db, char ***keys, size_t *n, ash_err *err)
{
	sqlite3_stmt *st;
	int rc = ash_orgdb_prep(db,
				"SELECT DISTINCT f.key FROM frameworks f JOIN assessments a ON "
				"a.framework_id = f.id ORDER BY f.key",
				&st, err);
	if (rc)
		return rc;
	char **v = NULL;
	size_t nv = 0, cap = 0;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW && nv < 1000) {
		ash_grow((void **)&v, &cap, nv + 1, sizeof *v);
		v[nv++] = ash_orgdb_col(st, 0);
	}
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		rc = ash_orgdb_fail(db, err, "frameworks");
	sqlite3_finalize(st);
	*keys = v;
	*n = nv;
	return rc;
}

/* ---- proposals ---------------------------------------------------- */

int ash_orgdb_add_proposal(ash_orgdb *db, const ash_fw *fw,
			   const ash_proposal *p, int *added, ash_err *err)
{
	int64_t fwid;
	sqlite3_stmt *st = NULL;
	int rc = ash_orgdb_begin(db, err);
	if (!rc)
		rc = ash_orgdb_framework(db, fw, &fwid, err);
	if (!rc)
		rc = ash_orgdb_prep(db,
				    "INSERT OR IGNORE INTO proposals (site, framework_id, item, "
				    "current_level, proposed_level, case_path, case_ref, "
				    "finding_kind, summary, created_us) VALUES "
				    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
				    &st, err);
	if (!rc) {
		ash_orgdb_text(st, 1, p->site);
		sqlite3_bind_int64(st, 2, fwid);
		ash_orgdb_text(st, 3, p->item);
		if (p->current >= 0)
			sqlite3_bind_int(st, 4, p->current);
		sqlite3_bind_int(st, 5, p->proposed);
		ash_orgdb_text(st, 6, p->case_path);
		ash_orgdb_text(st, 7, p->case_ref);
		ash_orgdb_text(st, 8, p->kind);
		ash_orgdb_text(st, 9, p->summary);
		sqlite3_bind_int64(st, 10, ash_orgdb_now(db));
		rc = ash_orgdb_done(db, st, "proposals", err);
	}
	if (!rc && added)
		*added = sqlite3_changes(db->db) > 0;
	return ash_orgdb_end(db, rc, err);
}

void ash_proposals_free(ash_proposal *p, size_t n)
{
	if (!p)
		return;
	for (size_t i = 0; i < n; i++) {
		free(p[i].site), free(p[i].item), free(p[i].case_path);
		free(p[i].case_ref), free(p[i].kind), free(p[i].summary);
		free(p[i].status), free(p[i].fw_key);
	}
	free(p);
}

int ash_orgdb_proposals(ash_orgdb *db, const char *status, ash_proposal **out,
			size_t *n, ash_err *err)
{
	sqlite3_stmt *st;
	int rc = ash_orgdb_prep(db,
				"SELECT p.id, p.site, p.item, p.case_path, p.case_ref, "
				"p.finding_kind, p.summary, p.status, f.key, p.current_level, "
				"p.proposed_level, p.created_us FROM proposals p JOIN frameworks "
				"f ON f.id = p.framework_id WHERE ?1 IS NULL OR p.status = ?1 "
				"ORDER BY p.id",
				&st, err);
	if (rc)
		return rc;
	ash_orgdb_text(st, 1, status);
	ash_proposal *v = NULL;
	size_t nv = 0, cap = 0;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW && nv < MAX_HISTORY) {
		ash_grow((void **)&v, &cap, nv + 1, sizeof *v);
		ash_proposal *p = &v[nv++];
		p->id = sqlite3_column_int64(st, 0);
		p->site = ash_orgdb_col(st, 1);
		p->item = ash_orgdb_col(st, 2);
		p->case_path = ash_orgdb_col(st, 3);
		p->case_ref = ash_orgdb_col(st, 4);
		p->kind = ash_orgdb_col(st, 5);
		p->summary = ash_orgdb_col(st, 6);
		p->status = ash_orgdb_col(st, 7);
		p->fw_key = ash_orgdb_col(st, 8);
		p->current = sqlite3_column_type(st, 9) == SQLITE_NULL
				     ? -1 : sqlite3_column_int(st, 9);
		p->proposed = sqlite3_column_int(st, 10);
		p->created_us = sqlite3_column_int64(st, 11);
	}
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		rc = ash_orgdb_fail(db, err, "proposals");
	sqlite3_finalize(st);
	if (rc) {
		ash_proposals_free(v, nv);
		return rc;
	}
	*out = v;
	*n = nv;
	return ASH_OK;
}

int ash_orgdb_decide(ash_orgdb *db, int64_t id, bool accept, const char *by,
		     int64_t assessment, ash_err *err)
{
	sqlite3_stmt *st;
	int rc = ash_orgdb_begin(db, err);
	if (!rc)
		rc = ash_orgdb_prep(db,
				    "UPDATE proposals SET status = ?2, decided_us = ?3, "
				    "decided_by = ?4, assessment_id = ?5 WHERE id = ?1 AND "
				    "status = 'proposed'",
				    &st, err);
	if (!rc) {
		sqlite3_bind_int64(st, 1, id);
		ash_orgdb_text(st, 2, accept ? "accepted" : "rejected");
		sqlite3_bind_int64(st, 3, ash_orgdb_now(db));
		ash_orgdb_text(st, 4, by && *by ? by : "unknown");
		if (assessment > 0)
			sqlite3_bind_int64(st, 5, assessment);
		rc = ash_orgdb_done(db, st, "proposals", err);
	}
	if (!rc && sqlite3_changes(db->db) == 0)
		rc = ash_errf(err, ASH_ENOTFOUND, "proposal P%lld: none open with this id",
			      (long long)id);
	return ash_orgdb_end(db, rc, err);
}
