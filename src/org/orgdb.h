/* SPDX-License-Identifier: MIT */
/* orgdb.h: ORG/org.db, the organisation's SQLite database.
 *
 * Schema data/embed/org_schema.sql, brought up to date by its versioned
 * migration steps (PRAGMA user_version); foreign keys ON, WAL, a busy
 * timeout, every change in one transaction, prepared statements only.
 * Tables: frameworks (each version used, with its file), assessments and
 * answers (who, when, which framework version, evidence), scenarios,
 * simulations and sim_results, proposals (from incident cases).
 * Owns: opening, migrating, writing and reading those tables.  Does not
 * parse answer files (answers.h) or score (rollup.h); never prints.
 * Errors: "org.db: what: sqlite message". */
#ifndef ASH_ORGDB_H
#define ASH_ORGDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "org/assessment.h"
#include "org/framework.h"
#include "org/org.h"

#define ASH_ORGDB_VERSION 2 /* schema version this build writes */

typedef struct ash_orgdb ash_orgdb;

/* Open (creating and migrating) the database at path.  ASH_EFORMAT when
 * the file was written by a newer ashiato.  *out untouched on error. */
int ash_orgdb_open(const char *path, ash_orgdb **out, ash_err *err);
/* ORG/org.db of an organisation. */
int ash_orgdb_open_org(const ash_org *o, ash_orgdb **out, ash_err *err);
void ash_orgdb_close(ash_orgdb *db);
int ash_orgdb_version(ash_orgdb *db);
/* Fixed clock for tests (microseconds UTC; 0: the real clock). */
void ash_orgdb_set_now(ash_orgdb *db, int64_t us);
int64_t ash_orgdb_now(const ash_orgdb *db);

/* Row id of framework version fw (key, sha256), inserted with its file
 * when new.  Runs in the caller's transaction when there is one. */
int ash_orgdb_framework(ash_orgdb *db, const ash_fw *fw, int64_t *id,
			ash_err *err);

/* Store assessments a[0..n) (and their answers) in ONE transaction: all
 * or nothing.  Each a[i].id is set.  fw is the version they answer. */
int ash_orgdb_add_assessments(ash_orgdb *db, const ash_fw *fw,
			      ash_assessment *a, size_t n, ash_err *err);

/* The newest max assessments of site (all when site is NULL: newest
 * first per site, sites in name order) for framework key fw_key (any
 * version), newest first by (assessed_on, id), with their answers.
 * *out owned by the caller (ash_assessments_free). */
int ash_orgdb_history(ash_orgdb *db, const char *fw_key, const char *site,
		      size_t max, ash_assessment **out, size_t *n,
		      ash_err *err);
/* Framework keys that have assessments (owned strings, caller frees). */
int ash_orgdb_fw_keys(ash_orgdb *db, char ***keys, size_t *n, ash_err *err);

/* One row of a stored simulation. */
typedef struct ash_simrow {
	const char *scope;  /* "scenario", "site", "org", "improvement" */
	const char *site;   /* may be NULL */
	const char *name;
	double ale, var95, var99;
	double reduction;   /* improvement rows; NaN stored as NULL */
} ash_simrow;

typedef struct ash_sim_in {
	const char *kind;   /* "simulate" or "whatif" */
	const char *by;
	uint64_t years, seed;
	const char *currency, *fx_date;
	const char *params, *result; /* JSON texts */
	const ash_simrow *rows;
	size_t nrows;
} ash_sim_in;
/* Store one simulation with its rows (one transaction); *id may be NULL. */
int ash_orgdb_add_simulation(ash_orgdb *db, const ash_sim_in *in, int64_t *id,
			     ash_err *err);
/* The result JSON of the newest simulation of kind (NULL: any), or NULL
 * in *json when there is none.  *json owned by the caller. */
int ash_orgdb_last_simulation(ash_orgdb *db, const char *kind, char **json,
			      int64_t *id, ash_err *err);

/* Copy org.yaml's scenarios in (spec as JSON): new ones inserted, changed
 * ones updated, org.yaml ones no longer there removed; "command" ones
 * kept.  One transaction. */
int ash_orgdb_sync_scenarios(ash_orgdb *db, const ash_org *o, ash_err *err);
/* Scenarios count by origin (tests, show). */
int ash_orgdb_count(ash_orgdb *db, const char *table, int64_t *n,
		    ash_err *err);

/* A proposal from a case (assess from-case). */
typedef struct ash_proposal {
	int64_t id;
	char *site, *item, *case_path, *case_ref, *kind, *summary, *status;
	char *fw_key;
	int current;        /* -1: unanswered */
	int proposed;
	int64_t created_us;
} ash_proposal;
/* Insert (ignored when the same site/item/case/ref exists); *added gets
 * 1 when a row was inserted. */
int ash_orgdb_add_proposal(ash_orgdb *db, const ash_fw *fw,
			   const ash_proposal *p, int *added, ash_err *err);
/* Proposals with status (NULL: all), in id order. */
int ash_orgdb_proposals(ash_orgdb *db, const char *status, ash_proposal **out,
			size_t *n, ash_err *err);
void ash_proposals_free(ash_proposal *p, size_t n);
/* Mark proposal id accepted (with the new assessment's id) or rejected. */
int ash_orgdb_decide(ash_orgdb *db, int64_t id, bool accept, const char *by,
		     int64_t assessment, ash_err *err);

/* BEGIN IMMEDIATE / COMMIT or ROLLBACK (rc != 0); returns rc or the
 * commit's error.  For callers that group several writes. */
int ash_orgdb_begin(ash_orgdb *db, ash_err *err);
int ash_orgdb_end(ash_orgdb *db, int rc, ash_err *err);

#endif
