/* SPDX-License-Identifier: MIT */
/* csvsplit.h: splitting one CSV line into fields (RFC 4180 quoting), for
 * every comma-separated source format (PAN-OS, filterlog, generic CSV).
 *
 * Owns: the field boundaries of one line, double-quoted fields with ""
 * escapes, a cap on the field count, and copying an escaped field out.
 * Does not: allocate, join lines (a quoted field never spans lines here:
 * the caller feeds one line), trim spaces, or interpret values. */
#ifndef ASH_CSVSPLIT_H
#define ASH_CSVSPLIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One field.  p/n borrow from the line: for a quoted field, the text
 * between the quotes (escaped "" still doubled when escaped is set). */
typedef struct ash_csv_field {
	const char *p;
	uint32_t n;
	bool quoted;  /* the field was written in double quotes */
	bool escaped; /* and holds "" pairs: use ash_csv_unescape */
} ash_csv_field;

enum ash_csv_result {
	ASH_CSV_OK = 0,
	ASH_CSV_TOO_MANY = -1,  /* more than max fields (first max are set) */
	ASH_CSV_BAD_QUOTE = -2, /* unterminated quote, or text after one */
	ASH_CSV_TOO_LONG = -3   /* line of 4 GiB or more */
};

/* Split line s (n bytes, no newline; a final '\r' is ignored) at sep into
 * f[0..max).  *nf gets the number of fields set.  An empty line is one
 * empty field.  A '"' inside an unquoted field is an ordinary byte.
 * Returns ASH_CSV_OK or a negative enum ash_csv_result. */
int ash_csv_split(const char *s, size_t n, char sep, ash_csv_field *f,
		  size_t max, size_t *nf);

/* Copy f into buf (cap bytes, no NUL added) with "" turned into ";
 * returns the length written (truncated to cap). */
size_t ash_csv_unescape(const ash_csv_field *f, char *buf, size_t cap);

/* Text of a reason for a negative ash_csv_split result (static). */
const char *ash_csv_strerror(int rc);

#endif
