/* SPDX-License-Identifier: MIT */
/* answers.h: reading an answers file (CSV, the format `assess form`
 * writes and its HTML form saves; docs/governance.md) into assessments,
 * validating every row.
 *
 * Columns are found by their header name (any order, case-insensitive):
 *   site, id, level                     required
 *   framework, target, evidence, evidence_ref, evidence_date, assessor,
 *   source, coverage, note              optional
 *   function, category, question, examples, help   ignored (the form's text)
 * A blank level is an unanswered question (skipped); "n/a" marks it not
 * applicable.  Every problem is an issue with its row (as a spreadsheet
 * counts them: the header is row 1) and column; with any issue nothing is
 * returned (all or nothing).  One assessment per site in the file.
 * Owns: the checks and the assessments built.  Does not store (orgdb.h). */
#ifndef ASH_ANSWERS_H
#define ASH_ANSWERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "org/assessment.h"
#include "org/framework.h"
#include "org/org.h"

#define ASH_ANSWERS_MAX_BYTES (32u << 20)
#define ASH_ANSWERS_MAX_ROWS 100000
#define ASH_ANSWERS_MAX_TEXT 8192    /* bytes of one text cell */
#define ASH_ANSWERS_MAX_ISSUES 100   /* kept; more are only counted */

typedef struct ash_issue {
	size_t row, col;     /* 1-based; col 0: the whole row or file */
	char *column;        /* header name, or NULL */
	char *msg;           /* text; may quote the cell (escape on output) */
} ash_issue;

typedef struct ash_import_opts {
	const ash_org *org;
	const ash_fw *fw;
	const char *by;          /* who imports (default assessor) */
	const char *file_name;   /* as named, recorded */
	int32_t assessed_on;     /* day the answers describe */
	int32_t today;           /* evidence dates after today+1 are refused */
	const char *site;        /* accept only this site (NULL: any) */
} ash_import_opts;

typedef struct ash_import {
	ash_assessment *a;       /* one per site, file order */
	size_t na;
	ash_issue *issues;
	size_t nissues;
	size_t more_issues;      /* past ASH_ANSWERS_MAX_ISSUES */
	size_t rows;             /* data rows read */
	size_t answered, unanswered;
} ash_import;

/* Parse buf[0..n).  Returns 0 with out->a filled, ASH_EFORMAT with
 * out->issues filled (out->a empty), or ASH_ELIMIT / ASH_EUSAGE (err).
 * out is always initialised; free with ash_import_free. */
int ash_answers_parse(const char *buf, size_t n, const ash_import_opts *o,
		      ash_import *out, ash_err *err);
void ash_import_free(ash_import *im);

/* Header names in the order the form writes them (NULL-terminated). */
extern const char *const ash_answers_columns[];

/* True when s[0..n) is valid UTF-8 (no overlongs, no surrogates). */
bool ash_utf8_valid(const char *s, size_t n);

#endif
