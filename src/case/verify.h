/* SPDX-License-Identifier: MIT */
/* verify.h: deciding a hypothesis by running its check (DESIGN §7).
 *
 * A filter check is compiled with the case's zones and sites and run
 * over the whole store (query/scan.h), summing records, packets and bytes
 * (both directions; unknown counts add nothing); a detector check
 * "finding:KIND[:HOST]" counts the findings of case.db of that kind
 * (about that host) and sums their numbers.  The condition (expect.h)
 * over those numbers confirms or refutes; a check that cannot run
 * (filter no longer compiles, store damaged) is recorded as an error and
 * leaves the status alone.  Every run is stored (ash_casedb_verif_add).
 * Nothing here prints. */
#ifndef ASH_VERIFY_H
#define ASH_VERIFY_H

#include "case/casedb.h"
#include "case/checkref.h"
#include "query/filter.h"

/* What the filter of a check may name: the case's zones and sites (and
 * the sites of the store's evidence).  Owns its name arrays. */
typedef struct ash_verify_env {
	ash_filter_env env;
	const char **zones, **sites;
	size_t nzones, nsites;
} ash_verify_env;
void ash_verify_env_init(ash_verify_env *v, const ash_case *c,
			 const ash_store *s);
void ash_verify_env_free(ash_verify_env *v);

/* Check the texts of a new hypothesis: a detector reference or a filter
 * that compiles in this case, and a condition that parses. */
int ash_verify_validate(const ash_case *c, const ash_store *s,
			const char *verify, const char *expect, ash_err *err);

typedef struct ash_verify_result {
	int result;            /* enum ash_vresult */
	int status;            /* status after */
	int64_t verification;  /* id of the stored run */
	uint64_t records, packets, bytes, findings;
	char error[1024];      /* with ASH_VR_ERROR */
} ash_verify_result;

/* Run hypothesis h's check and store the run.  threads as ash_scan (0 =
 * auto).  Returns 0 when the run was stored (also for ASH_VR_ERROR),
 * else the case.db error. */
int ash_verify_hyp(ash_casedb *db, const ash_case *c, const ash_store *s,
		   const ash_casedb_snap *snap, const ash_cdb_hyp *h,
		   const char *by, int threads, ash_verify_result *out,
		   ash_err *err);

#endif
