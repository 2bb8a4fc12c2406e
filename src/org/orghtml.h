/* SPDX-License-Identifier: MIT */
/* orghtml.h: writing text into HTML (forms and reports of the
 * organisation layer) so that it stays inert: & < > " ' become entities,
 * control bytes and invalid UTF-8 become U+FFFD, bidirectional overrides
 * are dropped.  Also a CSV cell writer that defuses spreadsheet formulas.
 * Knows no page layout. */
#ifndef ASH_ORGHTML_H
#define ASH_ORGHTML_H

#include <stddef.h>
#include <stdio.h>

/* Escape s (NUL-terminated; NULL writes nothing) for HTML text or a
 * double- or single-quoted attribute. */
void ash_orghtml_esc(FILE *f, const char *s);
void ash_orghtml_escn(FILE *f, const char *s, size_t n);
/* The Content-Security-Policy <meta> every page carries: nothing may be
 * loaded from anywhere; inline style and script only. */
extern const char ash_orghtml_csp[];

/* One CSV cell: quoted when it holds , " ; CR LF TAB or edge spaces; a
 * text starting with = + - @ (a spreadsheet formula) gets a leading '
 * that the answers importer strips again. */
void ash_orgcsv_cell(FILE *f, const char *s);

#endif
