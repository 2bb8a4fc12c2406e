/* SPDX-License-Identifier: MIT */
/* cdb.h: private SQLite plumbing of case.db shared by casedb*.c: the
 * handle, transactions, running a literal statement with bound values,
 * people/site/host rows used by several tables, checking a person's text.
 * Not for use outside src/case (the public API is casedb.h). */
#ifndef ASH_CDB_H
#define ASH_CDB_H

#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "case/casedb.h"

struct ash_casedb {
	sqlite3 *db;
	int64_t now;  /* fixed clock (tests), 0 = real */
};

/* A migration step: bring the file to version by running the embedded
 * SQL file embed (one transaction, then PRAGMA user_version). */
typedef struct ash_cdb_step {
	int version;
	const char *embed;
} ash_cdb_step;
int ash_cdb_migrate(ash_casedb *db, const ash_cdb_step *steps, size_t n,
		    ash_err *err);

/* err from the last SQLite error of db: "case.db: what: message". */
int ash_cdb_fail(ash_casedb *db, ash_err *err, const char *what);

/* BEGIN IMMEDIATE; ash_cdb_end commits when rc == 0, else rolls back,
 * and returns rc (or the commit's error). */
int ash_cdb_begin(ash_casedb *db, ash_err *err);
int ash_cdb_end(ash_casedb *db, int rc, ash_err *err);

/* Bound values, one letter each in spec:
 *   i int64_t   I int64_t, 0 bound as NULL   u uint64_t (capped INT64_MAX)
 *   d double    t const char * (NULL bound as NULL)
 *   T const ash_cdb_text * (four values: orig, lang, ja, en) */
int ash_cdb_bind(sqlite3_stmt *st, const char *spec, ...);
int ash_cdb_vbind(sqlite3_stmt *st, const char *spec, va_list *ap);

/* Prepare the literal sql, bind spec, run it to the end;
 * *rowid (may be NULL) gets the last inserted rowid. */
int ash_cdb_run(ash_casedb *db, ash_err *err, int64_t *rowid, const char *sql,
		const char *spec, ...);
/* First column of the first row as int64; *found (may be NULL) false
 * when there is no row (then *out = 0). */
int ash_cdb_int(ash_casedb *db, ash_err *err, int64_t *out, bool *found,
		const char *sql, const char *spec, ...);
/* Prepare a literal statement for a caller that steps it itself. */
int ash_cdb_prep(ash_casedb *db, const char *sql, sqlite3_stmt **st,
		 ash_err *err);

/* A person's text checked and ready to bind: lang given or guessed; the
 * ja/en column equal to the original's language gets the original. */
typedef struct ash_cdb_text {
	const char *orig, *ja, *en; /* all NULL when the text is absent */
	char lang[16];
} ash_cdb_text;
/* required: an empty/absent text is ASH_EUSAGE; else it gives all NULL. */
int ash_cdb_text_check(const ash_text_in *in, bool required, const char *what,
		 ash_cdb_text *out, ash_err *err);
/* "ja" when s holds kana or kanji, else "en". */
const char *ash_cdb_guess_lang(const char *s);

/* Inside a transaction: the person's id (created with no role when new;
 * NULL or "" name: 0), the site's id (NULL: 0; unknown: ASH_ENOTFOUND). */
int ash_cdb_person_id(ash_casedb *db, const char *name, int64_t *id,
		      ash_err *err);
int ash_cdb_site_id(ash_casedb *db, const char *name, int64_t *id,
		    ash_err *err);
/* Insert hosts (IP texts, canonicalised; a bad one is ASH_EUSAGE) with
 * sql "INSERT OR IGNORE INTO x_hosts VALUES (?1, ?2)". */
int ash_cdb_hosts(ash_casedb *db, const char *sql, int64_t id,
		  const char *const *hosts, size_t n, ash_err *err);
/* Fill s (zeroed, its arena made) from the tables; inside the caller's
 * read transaction (casedb_snap_read.c). */
int ash_cdb_snap_fill(ash_casedb *db, ash_casedb_snap *s, ash_err *err);

/* when.us == INT64_MIN → now, offset 0, no zone. */
ash_when ash_cdb_when(ash_casedb *db, ash_when w);

#endif
