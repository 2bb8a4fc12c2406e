/* SPDX-License-Identifier: MIT */
/* svg.h: the report's charts as inline SVG - a traffic series with the
 * incident window shaded, and a horizontal bar chart (top talkers).
 *
 * Output is an <svg> element meant for inline use in HTML5 (no xmlns, no
 * external references, no script, fixed colours in attributes so it
 * prints without the page's CSS).  All text (titles, labels) is escaped
 * here; numbers are formatted by units.h; times are labelled in the
 * given zone.  Does not query anything: the caller passes the numbers. */
#ifndef ASH_SVG_H
#define ASH_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/tztime.h"
#include "report/strbuf.h"

/* Most bars in a bar chart (more are not drawn). */
#define ASH_SVG_MAX_BARS 50
/* Most columns drawn in a series; longer series are summed down. */
#define ASH_SVG_MAX_COLS 1000

typedef struct ash_svg_series_in {
	const int64_t *t;        /* bucket starts, ascending, us UTC */
	const uint64_t *v;       /* value per bucket */
	size_t n;
	int64_t step;            /* bucket width, us (> 0) */
	int64_t mark_from, mark_to; /* shaded window; mark_to <= mark_from: none */
	ash_tz *tz;              /* label times in this zone (NULL: UTC) */
	bool bytes;              /* values are bytes */
	const char *title;       /* accessible name (plain text) */
	const char *mark_label;  /* written over the window (plain, may be NULL) */
	const char *axis_label;  /* under the time axis (plain, may be NULL) */
} ash_svg_series_in;

/* Append the series chart.  n == 0 writes nothing. */
void ash_svg_series(ash_strbuf *b, const ash_svg_series_in *in);

typedef struct ash_svg_bar {
	const char *label;       /* plain text; cut to 40 characters */
	uint64_t v;
	bool mark;               /* drawn in the alert colour */
} ash_svg_bar;

/* Append a bar chart of n bars in the given order.  n == 0: nothing. */
void ash_svg_bars(ash_strbuf *b, const ash_svg_bar *bars, size_t n,
		  bool bytes, const char *title);

#endif
