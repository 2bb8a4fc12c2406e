/* SPDX-License-Identifier: MIT */
/* casedb_close.c: closing the case.  Refused while a hypothesis is open
 * unless forced with a reason; both the refusal's count and the reason
 * are kept in the closure row (the report shows them). */
#include "case/cdb.h"

static int close_in(ash_casedb *db, bool force, const ash_cdb_text *reason,
		    const char *by, size_t *open, ash_err *err)
{
	int64_t nopen, pid;
	int rc = ash_cdb_int(db, err, &nopen, NULL, "SELECT count(*) FROM "
			     "hypotheses WHERE status = 'open'", "");
	if (rc)
		return rc;
	*open = (size_t)nopen;
	if (nopen && !force)
		return ash_errf(err, ASH_EEXIST, "case not closed: %lld hypothes%s "
				"still open (verify them, or close --force --reason)",
				(long long)nopen, nopen == 1 ? "is" : "es");
	if ((rc = ash_cdb_person_id(db, by, &pid, err)))
		return rc;
	return ash_cdb_run(db, err, NULL, "INSERT INTO closures (at_us, person_id, "
			   "forced, open_hypotheses, reason_orig, reason_lang, "
			   "reason_ja, reason_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
			   "?7, ?8)", "iIiiT", ash_casedb_now(db), pid,
			   (int64_t)(nopen && force), nopen, reason);
}

int ash_casedb_close_case(ash_casedb *db, bool force, const ash_text_in *reason,
			  const char *by, size_t *open, ash_err *err)
{
	ash_cdb_text t;
	size_t n = 0;
	int rc = ash_cdb_text_check(reason, force, "close --reason", &t, err);
	if (rc || (rc = ash_cdb_begin(db, err)))
		return rc;
	rc = ash_cdb_end(db, close_in(db, force, &t, by, &n, err), err);
	if (open)
		*open = n;
	return rc;
}
