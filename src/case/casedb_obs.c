/* SPDX-License-Identifier: MIT */
/* casedb_obs.c: observations: what someone saw or reported, when (UTC
 * plus the offset and zone the reporter used), by whom, on which hosts.
 * Observations of triage findings are written by casedb_finding.c. */
#include "case/cdb.h"

static const char ins_obs[] =
	"INSERT INTO observations (at_us, at_off, at_zone, recorded_us, "
	"person_id, site_id, source, text_orig, text_lang, text_ja, text_en) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'person', ?7, ?8, ?9, ?10)";

static int insert(ash_casedb *db, const ash_obs_in *in, const ash_cdb_text *t,
		  int64_t *id, ash_err *err)
{
	int64_t pid, sid;
	ash_when w = ash_cdb_when(db, in->at);
	int rc = ash_cdb_person_id(db, in->by, &pid, err);
	if (!rc)
		rc = ash_cdb_site_id(db, in->site, &sid, err);
	if (!rc)
		rc = ash_cdb_run(db, err, id, ins_obs, "iitiIIT", w.us,
				 (int64_t)w.off, w.zone, ash_casedb_now(db), pid,
				 sid, t);
	if (!rc)
		rc = ash_cdb_hosts(db, "INSERT OR IGNORE INTO observation_hosts "
				   "(observation_id, ip) VALUES (?1, ?2)",
				   *id, in->hosts, in->nhosts, err);
	return rc;
}

int ash_casedb_obs_add(ash_casedb *db, const ash_obs_in *in, int64_t *id,
		       ash_err *err)
{
	ash_cdb_text t;
	int64_t oid = 0;
	int rc = ash_cdb_text_check(&in->text, true, "observation", &t, err);
	if (rc)
		return rc;
	if ((rc = ash_cdb_begin(db, err)))
		return rc;
	rc = ash_cdb_end(db, insert(db, in, &t, &oid, err), err);
	if (!rc && id)
		*id = oid;
	return rc;
}
