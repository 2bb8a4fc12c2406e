/* SPDX-License-Identifier: MIT */
/* casedb_act.c: actions: containment and fixes the team did (what, who,
 * when in UTC with the offset used, on which hosts). */
#include "case/cdb.h"

static const char ins_act[] =
	"INSERT INTO actions (at_us, at_off, at_zone, recorded_us, person_id, "
	"site_id, kind, text_orig, text_lang, text_ja, text_en) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

static int insert(ash_casedb *db, const ash_act_in *in, const ash_cdb_text *t,
		  int64_t *id, ash_err *err)
{
	int64_t pid, sid;
	ash_when w = ash_cdb_when(db, in->at);
	int rc = ash_cdb_person_id(db, in->by, &pid, err);
	if (!rc)
		rc = ash_cdb_site_id(db, in->site, &sid, err);
	if (!rc)
		rc = ash_cdb_run(db, err, id, ins_act, "iitiIItT", w.us,
				 (int64_t)w.off, w.zone, ash_casedb_now(db), pid,
				 sid, ash_act_kind_name(in->kind), t);
	if (!rc)
		rc = ash_cdb_hosts(db, "INSERT OR IGNORE INTO action_hosts "
				   "(action_id, ip) VALUES (?1, ?2)", *id,
				   in->hosts, in->nhosts, err);
	return rc;
}

int ash_casedb_act_add(ash_casedb *db, const ash_act_in *in, int64_t *id,
		       ash_err *err)
{
	ash_cdb_text t;
	int64_t aid = 0;
	if (in->kind < ASH_ACT_CONTAINMENT || in->kind > ASH_ACT_OTHER)
		return ash_errf(err, ASH_EUSAGE, "action: kind must be containment, "
				"fix or other");
	int rc = ash_cdb_text_check(&in->what, true, "action", &t, err);
	if (rc || (rc = ash_cdb_begin(db, err)))
		return rc;
	rc = ash_cdb_end(db, insert(db, in, &t, &aid, err), err);
	if (!rc && id)
		*id = aid;
	return rc;
}
