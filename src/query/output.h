/* SPDX-License-Identifier: MIT */
/* output.h: rows of cells written as a terminal table, CSV or JSON Lines.
 *
 * Each format is an entry of {name, begin, row, end} (nfdump's
 * printFuncMap): commands describe their columns once and hand rows of
 * cells; the format decides quoting and alignment.  Log text is escaped
 * in every format: in table and CSV, control bytes, DEL, invalid UTF-8,
 * C1 controls and bidirectional overrides appear as \xNN (each byte) and
 * a backslash as \\; in JSON, strings are escaped per RFC 8259 (invalid
 * UTF-8 bytes become the six characters \\xNN).  Unknown values are a
 * NULL cell: "-" in table/CSV, null in JSON.
 *
 * Writes to a FILE the caller owns (stdout in the CLI); never prints
 * diagnostics.  The table buffers its first ASH_OUT_TABLE_PEEK rows to
 * size the columns, then streams. */
#ifndef ASH_OUTPUT_H
#define ASH_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"

enum ash_out_fmt { ASH_OUT_TABLE = 0, ASH_OUT_CSV, ASH_OUT_JSON };

enum ash_cell_kind {
	ASH_CELL_NULL = 0, /* unknown: - / null */
	ASH_CELL_STR,      /* text (s, n), escaped; JSON string */
	ASH_CELL_UINT,     /* u; JSON number */
	ASH_CELL_INT       /* i; JSON number */
};

typedef struct ash_cell {
	int kind;
	const char *s;
	size_t n;
	uint64_t u;
	int64_t i;
} ash_cell;

typedef struct ash_outcol {
	const char *name;  /* header / JSON key (plain ASCII) */
	bool right;        /* right-align in the table (numbers) */
} ash_outcol;

#define ASH_OUT_TABLE_PEEK 256
#define ASH_OUT_MAX_COLS 32

typedef struct ash_out ash_out;

/* "table", "csv" or "json" to *fmt; ASH_EUSAGE otherwise. */
int ash_out_format_parse(const char *name, int *fmt, ash_err *err);

/* Start writing rows of ncols cells (<= ASH_OUT_MAX_COLS) to f.  cols is
 * borrowed and must outlive the ash_out. */
ash_out *ash_out_new(FILE *f, int fmt, const ash_outcol *cols, size_t ncols);
/* Write one row (cells[0..ncols)).  Returns 0 or ASH_EIO. */
int ash_out_row(ash_out *o, const ash_cell *cells);
/* Flush buffered rows and the table's header if no row came.  Returns 0
 * or ASH_EIO (write error on f, e.g. a closed pipe). */
int ash_out_end(ash_out *o, ash_err *err);
void ash_out_free(ash_out *o);

/* Cell constructors. */
static inline ash_cell ash_cell_null(void) { return (ash_cell){0}; }
static inline ash_cell ash_cell_str(const char *s, size_t n)
{
	return (ash_cell){.kind = ASH_CELL_STR, .s = s, .n = n};
}
static inline ash_cell ash_cell_cstr(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return ash_cell_str(s, n);
}
static inline ash_cell ash_cell_uint(uint64_t u)
{
	return (ash_cell){.kind = ASH_CELL_UINT, .u = u};
}
static inline ash_cell ash_cell_int(int64_t i)
{
	return (ash_cell){.kind = ASH_CELL_INT, .i = i};
}

/* Escapers, exposed for tests and other writers.  They append to
 * *buf (a malloc'd buffer of *cap bytes holding *len, grown as needed,
 * always NUL-terminated) and return the number of display columns
 * (code points) the escaped text takes. */
size_t ash_out_escape_text(const char *s, size_t n, char **buf, size_t *len,
			   size_t *cap);
void ash_out_escape_json(const char *s, size_t n, char **buf, size_t *len,
			 size_t *cap);

#endif
