/* SPDX-License-Identifier: MIT */
/* casedb_hyp.c: hypotheses, their verifications and status history.  A
 * hypothesis starts open; its status moves only with a status row
 * written first, by a verification (ash_casedb_verif_add) or a recorded
 * override (the schema's trigger refuses anything else). */
#include "case/cdb.h"

#include <string.h>

#include "case/checkref.h"
#include "case/expect.h"
#include "query/filter.h"

static const char ins_hyp[] =
	"INSERT INTO hypotheses (created_us, person_id, observation_id, "
	"check_kind, verify, expect, status, status_us, claim_orig, claim_lang, "
	"claim_ja, claim_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?1, "
	"?7, ?8, ?9, ?10)";

static const char ins_status[] =
	"INSERT INTO hypothesis_status (hypothesis_id, at_us, from_status, "
	"to_status, cause, verification_id, person_id, reason_orig, reason_lang, "
	"reason_ja, reason_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

static const char ins_verif[] =
	"INSERT INTO verifications (hypothesis_id, ran_us, person_id, verify, "
	"canonical, expect, records, packets, bytes, findings, store_records, "
	"result, error) SELECT ?1, ?2, ?3, verify, ?4, expect, ?5, ?6, ?7, ?8, "
	"?9, ?10, ?11 FROM hypotheses WHERE id = ?1";

/* the check's text: syntax of expect and of a detector reference */
static int check_texts(const ash_hyp_in *in, bool *detector,
		       const char **expect, ash_err *err)
{
	ash_checkref ref;
	ash_expect e;
	size_t n = in->verify ? strlen(in->verify) : 0;
	if (n == 0)
		return ash_errf(err, ASH_EUSAGE, "hypothesis: --verify is empty");
	if (n > ASH_FILTER_MAX_LEN)
		return ash_errf(err, ASH_ELIMIT, "hypothesis: --verify longer than %d "
				"bytes", ASH_FILTER_MAX_LEN);
	int rc = ash_checkref_parse(in->verify, n, &ref, err);
	if (rc)
		return rc;
	*detector = ref.detector;
	*expect = in->expect && *in->expect ? in->expect : NULL;
	if (!*expect && !ref.detector)
		return ash_errf(err, ASH_EUSAGE, "hypothesis: a filter check needs "
				"--expect (e.g. 'bytes > 10G', 'records = 0')");
	if (!*expect)
		*expect = "findings >= 1";
	return ash_expect_parse(*expect, strlen(*expect), &e, err);
}

static int status_row(ash_casedb *db, int64_t hyp, const char *from,
		      const char *to, int cause, int64_t vid, int64_t pid,
		      const ash_cdb_text *reason, ash_err *err)
{
	ash_cdb_text none = {0};
	return ash_cdb_run(db, err, NULL, ins_status, "iitttIIT", hyp,
			   ash_casedb_now(db), from, to, ash_cause_name(cause),
			   vid, pid, reason ? reason : &none);
}

static int need_row(ash_casedb *db, const char *sql, int64_t id,
		    const char *what, ash_err *err)
{
	int64_t x;
	bool found;
	int rc = ash_cdb_int(db, err, &x, &found, sql, "i", id);
	if (!rc && !found)
		rc = ash_errf(err, ASH_ENOTFOUND, "no %s %lld in case.db", what,
			      (long long)id);
	return rc;
}

static int hyp_insert(ash_casedb *db, const ash_hyp_in *in, bool detector,
		      const char *expect, const ash_cdb_text *t, int64_t *id,
		      ash_err *err)
{
	int64_t pid;
	int rc = ash_cdb_person_id(db, in->by, &pid, err);
	if (!rc && in->observation)
		rc = need_row(db, "SELECT 1 FROM observations WHERE id = ?1",
			      in->observation, "observation", err);
	if (!rc)
		rc = ash_cdb_run(db, err, id, ins_hyp, "iIItttT", ash_casedb_now(db),
				 pid, in->observation,
				 detector ? "finding" : "filter", in->verify,
				 expect, t);
	if (!rc)
		rc = status_row(db, *id, NULL, "open", ASH_CAUSE_CREATED, 0, pid,
				NULL, err);
	return rc;
}

int ash_casedb_hyp_add(ash_casedb *db, const ash_hyp_in *in, int64_t *id,
		       ash_err *err)
{
	ash_cdb_text t;
	bool detector = false;
	const char *expect = NULL;
	int64_t hid = 0;
	int rc = ash_cdb_text_check(&in->claim, true, "hypothesis", &t, err);
	if (!rc)
		rc = check_texts(in, &detector, &expect, err);
	if (rc || (rc = ash_cdb_begin(db, err)))
		return rc;
	rc = ash_cdb_end(db, hyp_insert(db, in, detector, expect, &t, &hid, err),
			 err);
	if (!rc && id)
		*id = hid;
	return rc;
}

/* current status of hypothesis id (ASH_ENOTFOUND when absent) */
static int cur_status(ash_casedb *db, int64_t id, int *st, ash_err *err)
{
	sqlite3_stmt *q;
	int rc = ash_cdb_prep(db, "SELECT status FROM hypotheses WHERE id = ?1",
			      &q, err);
	if (rc)
		return rc;
	ash_cdb_bind(q, "i", id);
	int s = sqlite3_step(q);
	if (s == SQLITE_ROW)
		*st = ash_hyp_status_parse((const char *)sqlite3_column_text(q, 0));
	else if (s == SQLITE_DONE)
		rc = ash_errf(err, ASH_ENOTFOUND, "no hypothesis H%lld in case.db",
			      (long long)id);
	else
		rc = ash_cdb_fail(db, err, "read");
	sqlite3_finalize(q);
	return rc;
}

/* move hypothesis id from status `from` to `to` after its status row */
static int move(ash_casedb *db, int64_t id, int from, int to, int cause,
		int64_t vid, int64_t pid, const ash_cdb_text *reason,
		ash_err *err)
{
	int rc = status_row(db, id, ash_hyp_status_name(from),
			    ash_hyp_status_name(to), cause, vid, pid, reason, err);
	if (!rc)
		rc = ash_cdb_run(db, err, NULL, "UPDATE hypotheses SET status = ?1, "
				 "status_us = ?2 WHERE id = ?3", "tii",
				 ash_hyp_status_name(to), ash_casedb_now(db), id);
	return rc;
}

static int verif_insert(ash_casedb *db, const ash_verif_in *in, int64_t *vid,
			int *status, ash_err *err)
{
	int64_t pid;
	int cur = 0, rc = cur_status(db, in->hypothesis, &cur, err);
	if (!rc)
		rc = ash_cdb_person_id(db, in->by, &pid, err);
	if (!rc)
		rc = ash_cdb_run(db, err, vid, ins_verif, "iiItuuuuutt",
				 in->hypothesis, ash_casedb_now(db), pid,
				 in->canonical, in->records, in->packets,
				 in->bytes, in->findings, in->store_records,
				 ash_vresult_name(in->result),
				 in->result == ASH_VR_ERROR ? in->error : NULL);
	int to = in->result == ASH_VR_CONFIRMED ? ASH_HYP_CONFIRMED
		 : in->result == ASH_VR_REFUTED ? ASH_HYP_REFUTED : cur;
	if (!rc && to != cur)
		rc = move(db, in->hypothesis, cur, to, ASH_CAUSE_VERIFY, *vid, pid,
			  NULL, err);
	*status = to;
	return rc;
}

int ash_casedb_verif_add(ash_casedb *db, const ash_verif_in *in, int64_t *vid,
			 int *status, ash_err *err)
{
	int64_t v = 0;
	int st = 0;
	if (in->result < ASH_VR_CONFIRMED || in->result > ASH_VR_ERROR)
		return ash_errf(err, ASH_EINTERNAL, "verification: bad result");
	if (in->result == ASH_VR_ERROR && (!in->error || !*in->error))
		return ash_errf(err, ASH_EINTERNAL, "verification: error without text");
	int rc = ash_cdb_begin(db, err);
	if (rc)
		return rc;
	rc = ash_cdb_end(db, verif_insert(db, in, &v, &st, err), err);
	if (!rc && vid)
		*vid = v;
	if (!rc && status)
		*status = st;
	return rc;
}

static int override(ash_casedb *db, int64_t id, int status,
		    const ash_cdb_text *reason, const char *by, ash_err *err)
{
	int64_t pid;
	int cur = 0, rc = cur_status(db, id, &cur, err);
	if (!rc && cur == status)
		rc = ash_errf(err, ASH_EUSAGE, "H%lld is already %s", (long long)id,
			      ash_hyp_status_name(status));
	if (!rc)
		rc = ash_cdb_person_id(db, by, &pid, err);
	if (!rc)
		rc = move(db, id, cur, status, ASH_CAUSE_OVERRIDE, 0, pid, reason, err);
	return rc;
}

int ash_casedb_hyp_override(ash_casedb *db, int64_t id, int status,
			    const ash_text_in *reason, const char *by,
			    ash_err *err)
{
	ash_cdb_text t;
	if (status < ASH_HYP_OPEN || status > ASH_HYP_REFUTED)
		return ash_errf(err, ASH_EUSAGE, "override: status must be open, "
				"confirmed or refuted");
	int rc = ash_cdb_text_check(reason, true, "override --reason", &t, err);
	if (rc || (rc = ash_cdb_begin(db, err)))
		return rc;
	return ash_cdb_end(db, override(db, id, status, &t, by, err), err);
}
