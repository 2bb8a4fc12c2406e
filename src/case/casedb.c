/* SPDX-License-Identifier: MIT */
/* casedb.c: opening CASE/case.db (see casedb.h): create, set WAL and
 * foreign keys, run the migration steps, copy the sites of case.yaml in.
 * The tables themselves are written by casedb_*.c. */
#include "case/cdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/xalloc.h"

/* Schema versions, oldest first.  A new version is a new embedded SQL
 * file appended here; a released step is never edited. */
static const ash_cdb_step steps[] = {
	{1, "case_schema.sql"},
};

int64_t ash_casedb_now(const ash_casedb *db)
{
	if (db->now)
		return db->now;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void ash_casedb_set_now(ash_casedb *db, int64_t us)
{
	db->now = us;
}

static int setup(ash_casedb *db, ash_err *err)
{
	sqlite3_busy_timeout(db->db, 10000);
	sqlite3_extended_result_codes(db->db, 1);
	if (sqlite3_exec(db->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) ||
	    sqlite3_exec(db->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) ||
	    sqlite3_exec(db->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL))
		return ash_cdb_fail(db, err, "open");
	int rc = ash_cdb_migrate(db, steps, sizeof steps / sizeof steps[0], err);
	if (rc)
		return rc;
	return ash_cdb_run(db, err, NULL,
			   "INSERT OR IGNORE INTO case_info (id, created_us) "
			   "VALUES (1, ?1)", "i", ash_casedb_now(db));
}

int ash_casedb_open_path(const char *path, ash_casedb **out, ash_err *err)
{
	ash_casedb *db = ash_calloc(1, sizeof *db);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	int rc = ASH_OK;
	if (sqlite3_open_v2(path, &db->db, flags, NULL) != SQLITE_OK) {
		rc = ash_errf(err, ASH_EIO, "%s: %s", path,
			      db->db ? sqlite3_errmsg(db->db) : "cannot open");
		goto out;
	}
	rc = setup(db, err);
out:
	if (rc) {
		ash_casedb_close(db);
		return rc;
	}
	*out = db;
	return ASH_OK;
}

void ash_casedb_close(ash_casedb *db)
{
	if (!db)
		return;
	sqlite3_close_v2(db->db);
	free(db);
}

int ash_casedb_version(ash_casedb *db)
{
	int64_t v = 0;
	ash_cdb_int(db, NULL, &v, NULL, "PRAGMA user_version", "");
	return (int)v;
}

static int sync_site(ash_casedb *db, const ash_site *s, ash_err *err)
{
	return ash_cdb_run(db, err, NULL,
			   "INSERT INTO sites (name, timezone, language) "
			   "VALUES (?1, ?2, ?3) ON CONFLICT (name) DO UPDATE SET "
			   "timezone = excluded.timezone, language = excluded.language "
			   "WHERE timezone IS NOT excluded.timezone OR "
			   "language IS NOT excluded.language",
			   "ttt", s->name, s->timezone, s->language);
}

int ash_casedb_sync_case(ash_casedb *db, const ash_case *c, ash_err *err)
{
	int rc = ash_cdb_begin(db, err);
	if (rc)
		return rc;
	rc = ash_cdb_run(db, err, NULL, "UPDATE case_info SET name = ?1 WHERE "
			 "id = 1 AND name IS NOT ?1", "t", c->name);
	for (size_t i = 0; i < c->nsites && !rc; i++)
		rc = sync_site(db, &c->sites[i], err);
	return ash_cdb_end(db, rc, err);
}

int ash_casedb_open(const ash_case *c, ash_casedb **out, ash_err *err)
{
	char path[4096];
	ash_casedb *db;
	ash_case_path(c, "case.db", path, sizeof path);
	int rc = ash_casedb_open_path(path, &db, err);
	if (rc)
		return rc;
	rc = ash_casedb_sync_case(db, c, err);
	if (rc) {
		ash_casedb_close(db);
		return rc;
	}
	*out = db;
	return ASH_OK;
}
