/* SPDX-License-Identifier: MIT */
/* csvrec.h: RFC 4180 records from a buffer, as spreadsheets write them:
 * quoted fields may hold the separator, line breaks and "" escapes;
 * records end at LF or CRLF; a UTF-8 byte-order mark at the start is
 * skipped.  The separator is ',' unless the first record holds ';' or a
 * TAB and no ',' (spreadsheets in some locales write ';').
 *
 * Owns: splitting and unescaping (into its own buffer), the row number of
 * each record (1 = the first, as a spreadsheet counts rows), the caps
 * below.  Does not check UTF-8 or interpret values (answers.c does). */
#ifndef ASH_CSVREC_H
#define ASH_CSVREC_H

#include <stddef.h>

#define ASH_CSVREC_MAX_FIELDS 64
#define ASH_CSVREC_MAX_FIELD (64u << 10) /* bytes of one field */

typedef struct ash_csvrec_field {
	const char *s; /* NUL-terminated copy (may hold NUL bytes: see n) */
	size_t n;
} ash_csvrec_field;

typedef struct ash_csvrec {
	const char *p, *end;
	char sep;
	size_t row;           /* row of the record last returned */
	char *buf;            /* unescaped fields */
	size_t cap;
	size_t off[ASH_CSVREC_MAX_FIELDS];
	ash_csvrec_field f[ASH_CSVREC_MAX_FIELDS];
	size_t nf;
} ash_csvrec;

enum ash_csvrec_rc {
	ASH_CSVREC_END = 0,        /* no more records */
	ASH_CSVREC_ROW = 1,        /* r->f[0..nf) hold a record */
	ASH_CSVREC_BADQUOTE = -1,  /* unterminated quote or text after one */
	ASH_CSVREC_TOOMANY = -2,   /* more than ASH_CSVREC_MAX_FIELDS fields */
	ASH_CSVREC_TOOLONG = -3    /* a field longer than ASH_CSVREC_MAX_FIELD */
};

/* Start reading buf[0..n) (borrowed; must outlive r). */
void ash_csvrec_init(ash_csvrec *r, const char *buf, size_t n);
/* Next record.  On an error r->row names the record and *col (may be
 * NULL) the 1-based field; reading cannot go on after an error. */
int ash_csvrec_next(ash_csvrec *r, size_t *col);
void ash_csvrec_free(ash_csvrec *r);
/* Text of an error code (static). */
const char *ash_csvrec_strerror(int rc);

#endif
