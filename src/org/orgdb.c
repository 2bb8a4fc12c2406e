/* SPDX-License-Identifier: MIT */
/* orgdb.c: opening org.db, migrations, frameworks, scenarios and
 * simulations (orgdb.h).  Assessments and proposals: orgdb_assess.c. */
#include "org/orgdb_int.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "core/embed.h"
#include "core/xalloc.h"

int ash_orgdb_fail(ash_orgdb *db, ash_err *err, const char *what)
{
	return ash_errf(err, ASH_EIO, "org.db: %s: %s", what,
			db && db->db ? sqlite3_errmsg(db->db) : "cannot open");
}

int ash_orgdb_prep(ash_orgdb *db, const char *sql, sqlite3_stmt **st,
		   ash_err *err)
{
	if (sqlite3_prepare_v2(db->db, sql, -1, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return ash_orgdb_fail(db, err, "prepare");
	}
	return ASH_OK;
}

void ash_orgdb_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

char *ash_orgdb_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	if (!s)
		return NULL;
	return ash_strndup((const char *)s, (size_t)sqlite3_column_bytes(st, i));
}

int ash_orgdb_done(ash_orgdb *db, sqlite3_stmt *st, const char *what,
		   ash_err *err)
{
	int r = sqlite3_step(st);
	int rc = r == SQLITE_DONE ? ASH_OK : ash_orgdb_fail(db, err, what);
	sqlite3_finalize(st);
	return rc;
}

static int exec(ash_orgdb *db, const char *sql, const char *what, ash_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(db->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = ash_errf(err, ASH_EIO, "org.db: %s: %s", what,
				  msg ? msg : "failed");
		sqlite3_free(msg);
		return rc;
	}
	return ASH_OK;
}

int ash_orgdb_begin(ash_orgdb *db, ash_err *err)
{
	if (db->depth++ > 0)
		return ASH_OK;
	int rc = exec(db, "BEGIN IMMEDIATE", "begin", err);
	if (rc)
		db->depth = 0;
	return rc;
}

int ash_orgdb_end(ash_orgdb *db, int rc, ash_err *err)
{
	if (db->depth == 0 || --db->depth > 0)
		return rc;
	if (rc) {
		sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return exec(db, "COMMIT", "commit", err);
}

int ash_orgdb_version(ash_orgdb *db)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(db->db, "PRAGMA user_version", -1, &st, NULL))
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

void ash_orgdb_set_now(ash_orgdb *db, int64_t us)
{
	db->now = us;
}

int64_t ash_orgdb_now(const ash_orgdb *db)
{
	if (db->now)
		return db->now;
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

/* ---- migrations --------------------------------------------------- */

/* Step n of the schema: the text after "-- migration n:" up to the next
 * marker.  *len 0 when there is no step n. */
static const char *step_text(const char *s, int n, size_t *len)
{
	char mark[32];
	snprintf(mark, sizeof mark, "\n-- migration %d:", n);
	const char *p = strstr(s, mark);
	*len = 0;
	if (!p)
		return NULL;
	const char *e = strstr(p + 1, "\n-- migration ");
	*len = e ? (size_t)(e - p) : strlen(p);
	return p;
}

static int migrate(ash_orgdb *db, ash_err *err)
{
	const ash_embed *e = ash_embed_find("org_schema.sql");
	if (!e)
		return ash_errf(err, ASH_EINTERNAL, "org.db: schema not embedded");
	int v = ash_orgdb_version(db);
	if (v > ASH_ORGDB_VERSION)
		return ash_errf(err, ASH_EFORMAT,
				"org.db: schema version %d is newer than this ashiato (%d)",
				v, ASH_ORGDB_VERSION);
	for (int n = v + 1; n <= ASH_ORGDB_VERSION; n++) {
		size_t len;
		const char *p = step_text(e->data, n, &len);
		if (!p)
			return ash_errf(err, ASH_EINTERNAL, "org.db: migration %d missing", n);
		char *sql = ash_strndup(p, len);
		char pragma[48];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", n);
		int rc = ash_orgdb_begin(db, err);
		if (!rc)
			rc = exec(db, sql, "migration", err);
		if (!rc)
			rc = exec(db, pragma, "migration", err);
		rc = ash_orgdb_end(db, rc, err);
		free(sql);
		if (rc)
			return rc;
	}
	return ASH_OK;
}

int ash_orgdb_open(const char *path, ash_orgdb **out, ash_err *err)
{
	ash_orgdb *db = ash_calloc(1, sizeof *db);
	int rc;
	if (sqlite3_open_v2(path, &db->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		rc = ash_errf(err, ASH_EIO, "%s: %s", path,
			      db->db ? sqlite3_errmsg(db->db) : "cannot open");
		goto out;
	}
	sqlite3_busy_timeout(db->db, 10000);
	if ((rc = exec(db, "PRAGMA foreign_keys = ON", "pragma", err)) ||
	    (rc = exec(db, "PRAGMA journal_mode = WAL", "pragma", err)) ||
	    (rc = exec(db, "PRAGMA synchronous = NORMAL", "pragma", err)) ||
	    (rc = migrate(db, err)))
		goto out;
out:
	if (rc) {
		ash_err_prefix(err, path);
		ash_orgdb_close(db);
		return rc;
	}
	*out = db;
	return ASH_OK;
}

int ash_orgdb_open_org(const ash_org *o, ash_orgdb **out, ash_err *err)
{
	char path[4096];
	int rc = ash_org_path(o, "org.db", path, sizeof path, err);
	return rc ? rc : ash_orgdb_open(path, out, err);
}

void ash_orgdb_close(ash_orgdb *db)
{
	if (!db)
		return;
	sqlite3_close(db->db);
	free(db);
}

/* ---- frameworks --------------------------------------------------- */

int ash_orgdb_framework(ash_orgdb *db, const ash_fw *fw, int64_t *id,
			ash_err *err)
{
	sqlite3_stmt *st;
	int rc = ash_orgdb_prep(db, "SELECT id FROM frameworks WHERE key = ?1 AND sha256 = ?2",
				&st, err);
	if (rc)
		return rc;
	ash_orgdb_text(st, 1, fw->key);
	ash_orgdb_text(st, 2, fw->sha256);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (r == SQLITE_ROW)
		return ASH_OK;
	if (r != SQLITE_DONE)
		return ash_orgdb_fail(db, err, "frameworks");
	if ((rc = ash_orgdb_prep(db,
				 "INSERT INTO frameworks (key, name, sha256, items, origin, "
				 "body, added_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
				 &st, err)))
		return rc;
	ash_orgdb_text(st, 1, fw->key);
	ash_orgdb_text(st, 2, fw->title);
	ash_orgdb_text(st, 3, fw->sha256);
	sqlite3_bind_int64(st, 4, (int64_t)fw->nsub);
	ash_orgdb_text(st, 5, fw->origin);
	sqlite3_bind_text(st, 6, fw->body, (int)fw->body_len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, ash_orgdb_now(db));
	if ((rc = ash_orgdb_done(db, st, "frameworks", err)))
		return rc;
	*id = sqlite3_last_insert_rowid(db->db);
	return ASH_OK;
}

/* ---- simulations -------------------------------------------------- */

static int sim_row(ash_orgdb *db, int64_t sim, const ash_simrow *r, ash_err *err)
{
	sqlite3_stmt *st;
	int rc = ash_orgdb_prep(db,
				"INSERT INTO sim_results (simulation_id, scope, site, name, ale, "
				"var95, var99, reduction) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
				&st, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, sim);
	ash_orgdb_text(st, 2, r->scope);
	ash_orgdb_text(st, 3, r->site);
	ash_orgdb_text(st, 4, r->name);
	sqlite3_bind_double(st, 5, r->ale);
	sqlite3_bind_double(st, 6, r->var95);
	sqlite3_bind_double(st, 7, r->var99);
	if (isnan(r->reduction))
		sqlite3_bind_null(st, 8);
	else
		sqlite3_bind_double(st, 8, r->reduction);
	return ash_orgdb_done(db, st, "sim_results", err);
}

int ash_orgdb_add_simulation(ash_orgdb *db, const ash_sim_in *in, int64_t *id,
			     ash_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = ash_orgdb_begin(db, err);
	if (rc)
		return rc;
	if ((rc = ash_orgdb_prep(db,
				 "INSERT INTO simulations (kind, ran_us, ran_by, years, seed, "
				 "currency, fx_date, params, result) VALUES "
				 "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
				 &st, err)))
		goto out;
	char seed[24];
	snprintf(seed, sizeof seed, "%llu", (unsigned long long)in->seed);
	ash_orgdb_text(st, 1, in->kind);
	sqlite3_bind_int64(st, 2, ash_orgdb_now(db));
	ash_orgdb_text(st, 3, in->by && *in->by ? in->by : "unknown");
	sqlite3_bind_int64(st, 4, in->years > INT64_MAX ? INT64_MAX : (int64_t)in->years);
	ash_orgdb_text(st, 5, seed);
	ash_orgdb_text(st, 6, in->currency);
	ash_orgdb_text(st, 7, in->fx_date);
	ash_orgdb_text(st, 8, in->params ? in->params : "{}");
	ash_orgdb_text(st, 9, in->result ? in->result : "{}");
	if ((rc = ash_orgdb_done(db, st, "simulations", err)))
		goto out;
	int64_t sim = sqlite3_last_insert_rowid(db->db);
	for (size_t i = 0; i < in->nrows && !rc; i++)
		rc = sim_row(db, sim, &in->rows[i], err);
	if (!rc && id)
		*id = sim;
out:
	return ash_orgdb_end(db, rc, err);
}

int ash_orgdb_last_simulation(ash_orgdb *db, const char *kind, char **json,
			      int64_t *id, ash_err *err)
{
	sqlite3_stmt *st;
	int rc = ash_orgdb_prep(db,
				"SELECT result, id FROM simulations WHERE ?1 IS NULL OR kind = ?1 "
				"ORDER BY id DESC LIMIT 1",
				&st, err);
	if (rc)
		return rc;
	ash_orgdb_text(st, 1, kind);
	*json = NULL;
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		*json = ash_orgdb_col(st, 0);
		if (id)
			*id = sqlite3_column_int64(st, 1);
	} else if (r != SQLITE_DONE) {
		rc = ash_orgdb_fail(db, err, "simulations");
	}
	sqlite3_finalize(st);
	return rc;
}

/* ---- scenarios ---------------------------------------------------- */

static json_t *range_json(const ash_range *r)
{
	if (r->kind == ASH_RANGE_CI90)
		return json_pack("{s:f,s:f}", "low", r->lo, "high", r->hi);
	if (r->kind == ASH_RANGE_PERT)
		return json_pack("{s:f,s:f,s:f}", "min", r->min, "likely", r->likely,
				 "max", r->max);
	return json_null();
}

static char *scen_spec(const ash_scenario *s)
{
	json_t *o = json_object();
	json_t *c = json_array();
	for (size_t i = 0; i < s->ncontrols; i++)
		json_array_append_new(c, json_string(s->controls[i]));
	json_object_set_new(o, "tef", range_json(&s->tef));
	json_object_set_new(o, "tcap", range_json(&s->tcap));
	json_object_set_new(o, "vulnerability", range_json(&s->vuln));
	json_object_set_new(o, "loss", range_json(&s->loss));
	json_object_set_new(o, "controls", c);
	if (s->description)
		json_object_set_new(o, "description", json_string(s->description));
	char *text = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(o);
	return text;
}

int ash_orgdb_sync_scenarios(ash_orgdb *db, const ash_org *o, ash_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = ash_orgdb_begin(db, err);
	if (rc)
		return rc;
	if ((rc = exec(db, "CREATE TEMP TABLE IF NOT EXISTS seen (site TEXT, name TEXT); "
			   "DELETE FROM seen", "scenarios", err)))
		goto out;
	for (size_t i = 0; i < o->nscen && !rc; i++) {
		const ash_scenario *s = &o->scen[i];
		char *spec = scen_spec(s);
		rc = ash_orgdb_prep(db,
				    "INSERT INTO scenarios (site, name, origin, spec, updated_us) "
				    "VALUES (?1, ?2, 'org.yaml', ?3, ?4) ON CONFLICT (site, name) "
				    "DO UPDATE SET spec = excluded.spec, origin = 'org.yaml', "
				    "updated_us = excluded.updated_us WHERE spec IS NOT excluded.spec "
				    "OR origin IS NOT 'org.yaml'",
				    &st, err);
		if (!rc) {
			ash_orgdb_text(st, 1, s->site);
			ash_orgdb_text(st, 2, s->name);
			ash_orgdb_text(st, 3, spec);
			sqlite3_bind_int64(st, 4, ash_orgdb_now(db));
			rc = ash_orgdb_done(db, st, "scenarios", err);
		}
		free(spec);
		if (!rc && !(rc = ash_orgdb_prep(db, "INSERT INTO seen VALUES (?1, ?2)",
						 &st, err))) {
			ash_orgdb_text(st, 1, s->site);
			ash_orgdb_text(st, 2, s->name);
			rc = ash_orgdb_done(db, st, "scenarios", err);
		}
	}
	if (!rc)
		rc = exec(db, "DELETE FROM scenarios WHERE origin = 'org.yaml' AND "
			      "(site, name) NOT IN (SELECT site, name FROM seen)",
			  "scenarios", err);
out:
	return ash_orgdb_end(db, rc, err);
}

int ash_orgdb_count(ash_orgdb *db, const char *table, int64_t *n, ash_err *err)
{
	static const char *const known[] = {"frameworks", "assessments", "answers",
					    "scenarios", "simulations",
					    "sim_results", "proposals"};
	const char *sql = NULL;
	char buf[64];
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (!strcmp(table, known[i])) {
			snprintf(buf, sizeof buf, "SELECT count(*) FROM %s", known[i]);
			sql = buf;
		}
	if (!sql)
		return ash_errf(err, ASH_EUSAGE, "org.db: no table '%s'", table);
	sqlite3_stmt *st;
	int rc = ash_orgdb_prep(db, sql, &st, err);
	if (rc)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	else
		rc = ash_orgdb_fail(db, err, table);
	sqlite3_finalize(st);
	return rc;
}
