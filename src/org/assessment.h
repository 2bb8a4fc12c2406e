/* SPDX-License-Identifier: MIT */
/* assessment.h: one site's answers to a framework at one date, as read
 * from an answers file (answers.h) or from org.db (orgdb.h).  Owns: the
 * structs and freeing them.  Does not score (rollup.h). */
#ifndef ASH_ASSESSMENT_H
#define ASH_ASSESSMENT_H

#include <stddef.h>
#include <stdint.h>

#include "org/framework.h"
#include "org/scale.h"

#define ASH_ANSWER_NA (-1) /* level: not applicable to the site */

typedef struct ash_answer {
	char item[ASH_FW_ID_MAX + 1]; /* subcategory id */
	int level;                    /* 0..4 or ASH_ANSWER_NA */
	int target;                   /* 0..4, or -1: the profile's */
	char *evidence;               /* owned, may be NULL */
	char *ref;                    /* owned, may be NULL */
	char *assessor;               /* owned, never NULL when stored */
	char *note;                   /* owned, may be NULL */
	int32_t date;                 /* evidence date or ASH_DAY_UNKNOWN */
	int source;                   /* enum ash_source */
	int coverage;                 /* 0..100 or -1 */
} ash_answer;

typedef struct ash_assessment {
	int64_t id;                   /* org.db row (0 before storing) */
	char *site;                   /* owned */
	char *fw_key;                 /* owned: "csf-2.0" */
	char fw_sha[65];              /* framework version */
	int quick;                    /* 1: a quick check */
	int32_t assessed_on;          /* day */
	int64_t imported_us;
	char *imported_by;            /* owned */
	char *source_file;            /* owned */
	char source_sha[65];
	char *note;                   /* owned, may be NULL */
	ash_answer *answers;          /* owned */
	size_t nanswers;
} ash_assessment;

/* Free the owned members of a[0..n) and the array itself. */
void ash_assessments_free(ash_assessment *a, size_t n);
/* Free the owned members of one assessment (not a itself). */
void ash_assessment_clear(ash_assessment *a);
void ash_answer_clear(ash_answer *x);
/* Deep copy of one answer into dst. */
void ash_answer_copy(ash_answer *dst, const ash_answer *src);
/* The effective score of x as of day asof under policy p (scale.h). */
double ash_answer_effective(const ash_evpolicy *p, const ash_answer *x,
			    int32_t asof, unsigned *weak);

#endif
