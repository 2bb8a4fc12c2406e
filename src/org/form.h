/* SPDX-License-Identifier: MIT */
/* form.h: the questionnaire a site fills in (assess form): a CSV with one
 * row per question (the columns answers.h reads back) and a
 * self-contained HTML form (inline style and script, a Content-Security-
 * Policy that forbids every outside request, no server) whose Save button
 * writes the same CSV.  Text is in the site's language when the
 * framework has a translation; every text is escaped.  Owns the two
 * layouts; does not choose file names (the CLI does). */
#ifndef ASH_FORM_H
#define ASH_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "org/assessment.h"
#include "org/framework.h"
#include "org/org.h"

typedef struct ash_form_opts {
	const ash_org *org;
	const ash_fw *fw;             /* with the translation of lang applied */
	size_t site;                  /* index into org->sites */
	const char *lang;             /* "ja" or "en" */
	bool quick;                   /* only the quick-check questions */
	const ash_assessment *prefill; /* previous answers shown, or NULL */
} ash_form_opts;

/* Number of questions the form holds. */
size_t ash_form_count(const ash_form_opts *o);
/* Write the CSV (UTF-8 with a byte-order mark, CRLF, so spreadsheets
 * open it as UTF-8) / the HTML form to f.  Returns 0 or ASH_EIO. */
int ash_form_csv(FILE *f, const ash_form_opts *o, ash_err *err);
int ash_form_html(FILE *f, const ash_form_opts *o, ash_err *err);

#endif
