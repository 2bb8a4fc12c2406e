/* SPDX-License-Identifier: MIT */
/* casedb_text.c: texts people wrote in ja and en side by side: adding a
 * translation to a stored text, and choosing the text in a language. */
#include "case/cdb.h"

#include <string.h>

/* UPDATE statements per table and language (literals; never built). */
static const struct {
	int of;
	const char *ja, *en;
} upd[] = {
	{ASH_TEXT_OBSERVATION,
	 "UPDATE observations SET text_ja = ?1 WHERE id = ?2",
	 "UPDATE observations SET text_en = ?1 WHERE id = ?2"},
	{ASH_TEXT_HYPOTHESIS,
	 "UPDATE hypotheses SET claim_ja = ?1 WHERE id = ?2",
	 "UPDATE hypotheses SET claim_en = ?1 WHERE id = ?2"},
	{ASH_TEXT_ACTION,
	 "UPDATE actions SET text_ja = ?1 WHERE id = ?2",
	 "UPDATE actions SET text_en = ?1 WHERE id = ?2"},
	{ASH_TEXT_STATUS,
	 "UPDATE hypothesis_status SET reason_ja = ?1 WHERE id = ?2 AND "
	 "reason_orig IS NOT NULL",
	 "UPDATE hypothesis_status SET reason_en = ?1 WHERE id = ?2 AND "
	 "reason_orig IS NOT NULL"},
	{ASH_TEXT_CUSTODY,
	 "UPDATE custody SET note_ja = ?1 WHERE id = ?2 AND note_orig IS NOT NULL",
	 "UPDATE custody SET note_en = ?1 WHERE id = ?2 AND note_orig IS NOT NULL"},
	{ASH_TEXT_CLOSURE,
	 "UPDATE closures SET reason_ja = ?1 WHERE id = ?2 AND "
	 "reason_orig IS NOT NULL",
	 "UPDATE closures SET reason_en = ?1 WHERE id = ?2 AND "
	 "reason_orig IS NOT NULL"},
};

static int update(ash_casedb *db, const char *sql, int64_t id, const char *text,
		  ash_err *err)
{
	int rc = ash_cdb_run(db, err, NULL, sql, "ti", text, id);
	if (!rc && sqlite3_changes(db->db) == 0)
		rc = ash_errf(err, ASH_ENOTFOUND, "translate: no such entry %lld "
			      "(or it has no text)", (long long)id);
	return rc;
}

int ash_casedb_translate(ash_casedb *db, int of, int64_t id, const char *lang,
			 const char *text, ash_err *err)
{
	ash_cdb_text t;
	ash_text_in in = {text, lang};
	const char *sql = NULL;
	bool ja = lang && !strcmp(lang, "ja"), en = lang && !strcmp(lang, "en");
	if (!ja && !en)
		return ash_errf(err, ASH_EUSAGE, "translate: language must be ja or en");
	int rc = ash_cdb_text_check(&in, true, "translation", &t, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < sizeof upd / sizeof upd[0]; i++)
		if (upd[i].of == of)
			sql = ja ? upd[i].ja : upd[i].en;
	if (!sql)
		return ash_errf(err, ASH_EUSAGE, "translate: unknown kind of entry");
	if ((rc = ash_cdb_begin(db, err)))
		return rc;
	return ash_cdb_end(db, update(db, sql, id, text, err), err);
}

const char *ash_ctext_in(const ash_ctext *t, const char *lang, bool *is_orig)
{
	const char *s = NULL;
	if (lang && !strcmp(lang, "ja"))
		s = t->ja;
	else if (lang && !strcmp(lang, "en"))
		s = t->en;
	if (!s || (t->lang && lang && !strcmp(t->lang, lang)))
		s = t->orig;
	if (is_orig)
		*is_orig = s == t->orig;
	return s;
}
