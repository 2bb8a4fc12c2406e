/* SPDX-License-Identifier: MIT */
/* cdb.c: SQLite plumbing of case.db (see cdb.h): errors, transactions,
 * binding values to literal statements, migration steps.  Every value
 * reaches SQLite through a bound parameter; SQL text is always a literal
 * of this program (or an embedded schema file). */
#include "case/cdb.h"

#include <stdio.h>
#include <string.h>

#include "core/embed.h"

int ash_cdb_fail(ash_casedb *db, ash_err *err, const char *what)
{
	int rc = sqlite3_extended_errcode(db->db) & 0xff;
	int code = ASH_EIO;
	if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
		code = ASH_ECORRUPT;
	else if (rc == SQLITE_CONSTRAINT)
		code = ASH_EUSAGE;
	else if (rc == SQLITE_TOOBIG)
		code = ASH_ELIMIT;
	return ash_errf(err, code, "case.db: %s: %s", what, sqlite3_errmsg(db->db));
}

int ash_cdb_begin(ash_casedb *db, ash_err *err)
{
	if (sqlite3_exec(db->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return ash_cdb_fail(db, err, "begin");
	return ASH_OK;
}

int ash_cdb_end(ash_casedb *db, int rc, ash_err *err)
{
	if (rc) {
		sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	if (sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = ash_cdb_fail(db, err, "commit");
		sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
	}
	return rc;
}

static int bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, (int)strlen(s), SQLITE_TRANSIENT);
}

static int bind_ctext(sqlite3_stmt *st, int *i, const ash_cdb_text *t)
{
	int rc = bind_text(st, *i, t->orig);
	if (!rc)
		rc = bind_text(st, *i + 1, t->orig ? t->lang : NULL);
	if (!rc)
		rc = bind_text(st, *i + 2, t->ja);
	if (!rc)
		rc = bind_text(st, *i + 3, t->en);
	*i += 3;
	return rc;
}

static int bind_one(sqlite3_stmt *st, int *i, char c, va_list *ap)
{
	int64_t v;
	uint64_t u;
	switch (c) {
	case 'i':
		return sqlite3_bind_int64(st, *i, va_arg(*ap, int64_t));
	case 'I':
		v = va_arg(*ap, int64_t);
		return v ? sqlite3_bind_int64(st, *i, v) : sqlite3_bind_null(st, *i);
	case 'u':
		u = va_arg(*ap, uint64_t);
		return sqlite3_bind_int64(st, *i, u > INT64_MAX ? INT64_MAX : (int64_t)u);
	case 'd':
		return sqlite3_bind_double(st, *i, va_arg(*ap, double));
	case 't':
		return bind_text(st, *i, va_arg(*ap, const char *));
	case 'T':
		return bind_ctext(st, i, va_arg(*ap, const ash_cdb_text *));
	}
	return SQLITE_MISUSE;
}

int ash_cdb_vbind(sqlite3_stmt *st, const char *spec, va_list *ap)
{
	int i = 1;
	for (const char *c = spec; *c; c++, i++) {
		int rc = bind_one(st, &i, *c, ap);
		if (rc != SQLITE_OK)
			return rc;
	}
	/* a spec that does not cover every parameter is a bug: refuse it */
	return i - 1 == sqlite3_bind_parameter_count(st) ? SQLITE_OK : SQLITE_RANGE;
}

int ash_cdb_bind(sqlite3_stmt *st, const char *spec, ...)
{
	va_list ap;
	va_start(ap, spec);
	int rc = ash_cdb_vbind(st, spec, &ap);
	va_end(ap);
	return rc;
}

int ash_cdb_prep(ash_casedb *db, const char *sql, sqlite3_stmt **st,
		 ash_err *err)
{
	if (sqlite3_prepare_v2(db->db, sql, -1, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return ash_cdb_fail(db, err, "prepare");
	}
	return ASH_OK;
}

/* prepare and bind; on error *st is NULL */
static int prep_bind(ash_casedb *db, const char *sql, const char *spec,
		     va_list *ap, sqlite3_stmt **st, ash_err *err)
{
	int rc = ash_cdb_prep(db, sql, st, err);
	if (rc)
		return rc;
	if (ash_cdb_vbind(*st, spec, ap) != SQLITE_OK) {
		rc = ash_cdb_fail(db, err, "bind");
		sqlite3_finalize(*st);
		*st = NULL;
	}
	return rc;
}

int ash_cdb_run(ash_casedb *db, ash_err *err, int64_t *rowid, const char *sql,
		const char *spec, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	va_start(ap, spec);
	int rc = prep_bind(db, sql, spec, &ap, &st, err);
	va_end(ap);
	if (rc)
		return rc;
	int s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (s != SQLITE_DONE)
		rc = ash_cdb_fail(db, err, "write");
	else if (rowid)
		*rowid = sqlite3_last_insert_rowid(db->db);
	sqlite3_finalize(st);
	return rc;
}

int ash_cdb_int(ash_casedb *db, ash_err *err, int64_t *out, bool *found,
		const char *sql, const char *spec, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	va_start(ap, spec);
	int rc = prep_bind(db, sql, spec, &ap, &st, err);
	va_end(ap);
	*out = 0;
	if (found)
		*found = false;
	if (rc)
		return rc;
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		if (found)
			*found = true;
	} else if (s != SQLITE_DONE) {
		rc = ash_cdb_fail(db, err, "read");
	}
	sqlite3_finalize(st);
	return rc;
}

static int user_version(ash_casedb *db, int *v, ash_err *err)
{
	int64_t x;
	int rc = ash_cdb_int(db, err, &x, NULL, "PRAGMA user_version", "");
	*v = (int)x;
	return rc;
}

/* one step in its own transaction; the version is re-read inside it so
 * two processes opening a new file do not both migrate */
static int run_step(ash_casedb *db, const ash_cdb_step *s, ash_err *err)
{
	const ash_embed *e = ash_embed_find(s->embed);
	if (!e)
		return ash_errf(err, ASH_EINTERNAL, "case.db: %s not embedded", s->embed);
	int cur, rc = ash_cdb_begin(db, err);
	if (rc)
		return rc;
	rc = user_version(db, &cur, err);
	if (!rc && cur < s->version) {
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", s->version);
		if (sqlite3_exec(db->db, e->data, NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(db->db, pragma, NULL, NULL, NULL) != SQLITE_OK)
			rc = ash_cdb_fail(db, err, s->embed);
	}
	return ash_cdb_end(db, rc, err);
}

int ash_cdb_migrate(ash_casedb *db, const ash_cdb_step *steps, size_t n,
		    ash_err *err)
{
	int cur, rc = user_version(db, &cur, err);
	if (rc)
		return rc;
	int last = n ? steps[n - 1].version : 0;
	if (cur > last)
		return ash_errf(err, ASH_EFORMAT, "case.db: schema version %d is newer "
				"than this ashiato knows (%d): upgrade ashiato", cur, last);
	for (size_t i = 0; i < n && !rc; i++)
		if (steps[i].version > cur)
			rc = run_step(db, &steps[i], err);
	return rc;
}
