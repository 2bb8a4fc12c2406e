/* SPDX-License-Identifier: MIT */
/* triage.h: run every detector over a case's store (DESIGN §6): survey
 * the window, run the detectors in order, measure each finding's
 * evidence by running its filter, order the findings.  Owns the order of
 * work, not any detection rule (detect_*.c).  Never prints. */
#ifndef ASH_TRIAGE_H
#define ASH_TRIAGE_H

#include "detect/detect.h"

typedef struct ash_triage_opts {
	int64_t from, to;       /* INT64_MIN / INT64_MAX: everything */
	int threads;            /* 0 = online CPUs */
	const ash_ioc *ioc;     /* NULL: no indicator list */
	const char *only;       /* comma-separated detector names, NULL = all */
	/* optional: called before each step ("survey", a detector name,
	 * "evidence") */
	void (*step)(void *ctx, const char *name);
	void *step_ctx;
} ash_triage_opts;

/* Findings into *out (zeroed by the caller; ash_findings_free after). */
int ash_triage_run(const ash_store *s, const ash_case *c,
		   const ash_triage_opts *o, ash_findings *out, ash_err *err);

/* Fill records, packets and bytes of every finding by running its filter
 * (one pass over the store).  Used by ash_triage_run; exported for tests. */
int ash_triage_evidence(const ash_detect_ctx *x, ash_findings *fs,
			ash_err *err);

#endif
