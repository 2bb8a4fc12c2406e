/* SPDX-License-Identifier: MIT */
/* govreport.h: the organisation's maturity report (assess report): one
 * self-contained HTML file (inline style and SVG, no script, a Content-
 * Security-Policy that forbids every outside request) in ja or en:
 *   - per site and per function scores as a site x function heatmap
 *   - the organisation roll-up weighted by criticality, unweighted beside
 *   - current vs target profile per site (bars)
 *   - trend against each site's previous assessment
 *   - the largest gaps by weighted impact, per site and across sites
 *   - the latest risk simulation, when there is one
 *   - how the scores are computed (the evidence factors in force)
 * Every text from org.yaml, framework files and answers is escaped.
 * Owns the layout and its SVG; computes nothing (rollup.h). */
#ifndef ASH_GOVREPORT_H
#define ASH_GOVREPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "org/rollup.h"

typedef struct ash_govreport_opts {
	const ash_rollup *r;       /* its fw carries the lang's translation */
	const char *lang;          /* "ja" or "en" */
	int32_t asof;              /* day evidence ages are counted to */
	int64_t generated_us;
	size_t top;                /* gap rows (default 15) */
	const char *risk_json;     /* latest simulation result, or NULL */
} ash_govreport_opts;

/* Write the report to f.  Returns 0 or ASH_EIO. */
int ash_govreport_html(FILE *f, const ash_govreport_opts *o, ash_err *err);

/* Heatmap colour of a score 0..4 (red - yellow - green) as "#rrggbb"
 * into buf (8 bytes); grey for NaN. */
void ash_govreport_colour(double score, char buf[8]);

#endif
