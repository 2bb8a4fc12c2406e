/* SPDX-License-Identifier: MIT */
/* fromcase.h: from an incident to the controls that failed (assess
 * from-case).  The facts of a case, read from its case.db snapshot, are
 *   - findings with verdict "malicious" (ref "F<id>"), and
 *   - confirmed hypotheses (ref "H<id>") whose check is a detector
 *     ("finding:KIND[:HOST]") or whose observation came from a finding;
 * suspicious findings and open or refuted hypotheses are guesses and
 * propose nothing (seed lesson L4).  Each fact's kind is looked up in the
 * mapping (data/embed/finding_controls.tsv, or ORG/finding_controls.tsv):
 * every (kind, subcategory, cap) line proposes that the site's answer be
 * lowered to at most cap, unless it already is.  Owns: the mapping and
 * building proposals.  Does not store them (orgdb.h) or decide them. */
#ifndef ASH_FROMCASE_H
#define ASH_FROMCASE_H

#include <stddef.h>

#include "case/casedb.h"
#include "core/err.h"
#include "org/assessment.h"
#include "org/framework.h"
#include "org/org.h"
#include "org/orgdb.h"

typedef struct ash_fcmap {
	char kind[32];
	char item[ASH_FW_ID_MAX + 1];
	int cap;
	char *why;
} ash_fcmap;

/* Parse a mapping (name for messages); every subcategory is checked
 * against fw.  *out owned (ash_fcmap_free). */
int ash_fcmap_parse(const char *name, const char *text, size_t n,
		    const ash_fw *fw, ash_fcmap **out, size_t *nout,
		    ash_err *err);
/* ORG/finding_controls.tsv when it exists, else the embedded one. */
int ash_fcmap_load(const char *org_dir, const ash_fw *fw, ash_fcmap **out,
		   size_t *nout, ash_err *err);
void ash_fcmap_free(ash_fcmap *m, size_t n);

/* Proposals for the facts of snapshot s of the case at case_path.
 * latest[k] is site k's newest assessment (or NULL).  Facts about a site
 * org.yaml does not have are counted in *skipped (may be NULL).
 * *out owned (ash_proposals_free). */
int ash_fromcase_propose(const ash_org *org, const ash_casedb_snap *s,
			 const char *case_path, const ash_fcmap *map,
			 size_t nmap, const ash_assessment *const *latest,
			 ash_proposal **out, size_t *n, size_t *skipped,
			 ash_err *err);

#endif
