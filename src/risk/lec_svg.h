/* SPDX-License-Identifier: MIT */
/* lec_svg.h: loss exceedance curves drawn as an inline SVG chart (log x
 * axis of annual loss, linear y axis of probability), several curves on one
 * chart (e.g. before / after).  Produces text only; the caller embeds it in
 * its HTML.  Every label is escaped for HTML/XML. */
#ifndef ASH_RISK_LEC_SVG_H
#define ASH_RISK_LEC_SVG_H

#include <stddef.h>

#include "core/err.h"
#include "risk/fair.h"

typedef struct ash_lec_curve {
	const char *label;  /* legend text (escaped on output) */
	const double *x;    /* thresholds > 0, increasing */
	const double *p;    /* P(loss > x[i]) in [0, 1] */
	size_t n;
	double ale;         /* drawn as a marker when > 0 */
} ash_lec_curve;

typedef struct ash_lec_svg_opts {
	const char *title;    /* NULL = none */
	const char *x_label;  /* e.g. "annual loss (JPY)"; NULL = "annual loss" */
	unsigned width, height; /* pixels; 0 = 640 x 360 */
} ash_lec_svg_opts;

/* A curve borrowing the arrays of s (valid while s lives). */
ash_lec_curve ash_lec_curve_of(const ash_fair_stats *s, const char *label);

/* Render n curves (n <= 16, each at most 100000 points) as one <svg>.
 * On success *out is a NUL-terminated malloc'd string (caller frees),
 * *len its length, and 0 is returned; curves with no point are listed in
 * the legend only.  Returns
 * ASH_EUSAGE for bad input (n == 0 or > 16, x not positive/increasing,
 * p outside [0, 1]) or ASH_ELIMIT (too many points), *out untouched. */
int ash_lec_svg(const ash_lec_curve *c, size_t n, const ash_lec_svg_opts *o,
		char **out, size_t *len, ash_err *err);

#endif
