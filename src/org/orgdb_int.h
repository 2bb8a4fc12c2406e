/* SPDX-License-Identifier: MIT */
/* orgdb_int.h: private SQLite plumbing shared by orgdb*.c: the handle,
 * the error helper, preparing and stepping literal statements.  Not for
 * use outside src/org/orgdb*.c (the public API is orgdb.h). */
#ifndef ASH_ORGDB_INT_H
#define ASH_ORGDB_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "org/orgdb.h"

struct ash_orgdb {
	sqlite3 *db;
	int64_t now;   /* fixed clock for tests, 0 = real */
	int depth;     /* nesting of ash_orgdb_begin */
};

/* err from the last SQLite error: "org.db: what: message". */
int ash_orgdb_fail(ash_orgdb *db, ash_err *err, const char *what);
/* Prepare literal sql. */
int ash_orgdb_prep(ash_orgdb *db, const char *sql, sqlite3_stmt **st,
		   ash_err *err);
/* Bind text (NULL → NULL). */
void ash_orgdb_text(sqlite3_stmt *st, int i, const char *s);
/* A column as a malloc'd string (NULL when NULL). */
char *ash_orgdb_col(sqlite3_stmt *st, int i);
/* Step a statement that returns no rows to its end, then finalize it. */
int ash_orgdb_done(ash_orgdb *db, sqlite3_stmt *st, const char *what,
		   ash_err *err);

#endif
