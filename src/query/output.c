/* SPDX-License-Identifier: MIT */
/* output.c: the table, CSV and JSON Lines writers (see output.h), and the
 * escaping of log text for each.  Owns quoting, alignment and escaping;
 * does not know what the columns mean (the commands do). */
#include "query/output.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/xalloc.h"

typedef struct fmt_ops {
	const char *name;
	void (*begin)(ash_out *o);
	void (*row)(ash_out *o, const ash_cell *cells);
	void (*end)(ash_out *o);
} fmt_ops;

struct ash_out {
	FILE *f;
	const fmt_ops *ops;
	const ash_outcol *cols;
	size_t ncols;
	char **peek;         /* table: buffered escaped cells, row-major */
	size_t *peekw;       /* their display widths */
	size_t npeek;        /* rows buffered */
	size_t width[ASH_OUT_MAX_COLS];
	bool streaming;      /* table header written */
	char *buf;           /* scratch for one cell */
	size_t len, cap;
	char *line;          /* CSV: the line being built */
	size_t llen, lcap;
};

/* ------------------------------------------------------------- buffers */

static void put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	ash_grow((void **)buf, cap, *len + n + 1, 1);
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

static void put_hex(char **buf, size_t *len, size_t *cap, const char *pfx,
		    unsigned c)
{
	static const char hx[] = "0123456789abcdef";
	char t[8];
	size_t pl = strlen(pfx);
	memcpy(t, pfx, pl);
	t[pl] = hx[c >> 4 & 15];
	t[pl + 1] = hx[c & 15];
	put(buf, len, cap, t, pl + 2);
}

/* ---------------------------------------------------------------- UTF-8 */

/* Length of the valid UTF-8 sequence at p (code point in *cp), or 0. */
static size_t utf8_seq(const unsigned char *p, size_t n, uint32_t *cp)
{
	unsigned c = p[0];
	size_t len;
	uint32_t min, v;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0)
		len = 2, v = c & 0x1f, min = 0x80;
	else if ((c & 0xf0) == 0xe0)
		len = 3, v = c & 0x0f, min = 0x800;
	else if ((c & 0xf8) == 0xf0)
		len = 4, v = c & 0x07, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (p[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

/* Code points a terminal or a reader could be fooled by: C1 controls,
 * bidirectional marks, embeddings, overrides and isolates. */
static bool deceptive(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
	       cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

static size_t cp_width(uint32_t cp)
{
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : (size_t)w;
}

size_t ash_out_escape_text(const char *s, size_t n, char **buf, size_t *len,
			   size_t *cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, cols = 0;
	put(buf, len, cap, "", 0);
	while (i < n) {
		uint32_t cp;
		size_t run = i;
		while (run < n && p[run] >= 0x20 && p[run] < 0x7f && p[run] != '\\')
			run++;
		if (run > i) { /* plain ASCII: copied as is, one column each */
			put(buf, len, cap, s + i, run - i);
			cols += run - i;
			i = run;
			continue;
		}
		size_t l = utf8_seq(p + i, n - i, &cp);
		if (l == 0 || cp < 0x20 || cp == 0x7f || deceptive(cp)) {
			size_t k = l ? l : 1;
			for (size_t j = 0; j < k; j++)
				put_hex(buf, len, cap, "\\x", p[i + j]);
			cols += 4 * k;
			i += k;
			continue;
		}
		if (cp == '\\')
			put(buf, len, cap, "\\\\", 2), cols += 2;
		else
			put(buf, len, cap, s + i, l), cols += cp_width(cp);
		i += l;
	}
	return cols;
}

void ash_out_escape_json(const char *s, size_t n, char **buf, size_t *len,
			 size_t *cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	put(buf, len, cap, "\"", 1);
	while (i < n) {
		uint32_t cp;
		size_t run = i;
		while (run < n && p[run] >= 0x20 && p[run] < 0x7f && p[run] != '"' &&
		       p[run] != '\\')
			run++;
		if (run > i) {
			put(buf, len, cap, s + i, run - i);
			i = run;
			continue;
		}
		size_t l = utf8_seq(p + i, n - i, &cp);
		char t[8];
		if (l == 0) {
			put_hex(buf, len, cap, "\\\\x", p[i]);
			i++;
			continue;
		}
		const char *esc = cp == '"' ? "\\\"" : cp == '\\' ? "\\\\" :
				  cp == '\n' ? "\\n" : cp == '\r' ? "\\r" :
				  cp == '\t' ? "\\t" : cp == '\b' ? "\\b" :
				  cp == '\f' ? "\\f" : NULL;
		if (esc) {
			put(buf, len, cap, esc, strlen(esc));
		} else if (cp < 0x20 || cp == 0x7f || deceptive(cp)) {
			snprintf(t, sizeof t, "\\u%04x", (unsigned)cp);
			put(buf, len, cap, t, 6);
		} else {
			put(buf, len, cap, s + i, l);
		}
		i += l;
	}
	put(buf, len, cap, "\"", 1);
}

/* ---------------------------------------------------------------- cells */

/* Decimal text of v into t (21 bytes); returns its length. */
static int u64_text(uint64_t v, char *t)
{
	char r[20];
	int n = 0, k = 0;
	do
		r[n++] = (char)('0' + v % 10);
	while ((v /= 10));
	while (n)
		t[k++] = r[--n];
	t[k] = '\0';
	return k;
}

/* Plain text of a cell for table/CSV into o->buf; returns its width. */
static size_t cell_text(ash_out *o, const ash_cell *c)
{
	char t[32];
	int k;
	o->len = 0;
	switch (c->kind) {
	case ASH_CELL_STR:
		return ash_out_escape_text(c->s, c->n, &o->buf, &o->len, &o->cap);
	case ASH_CELL_UINT:
		k = u64_text(c->u, t);
		break;
	case ASH_CELL_INT:
		k = snprintf(t, sizeof t, "%" PRId64, c->i);
		break;
	default:
		k = snprintf(t, sizeof t, "-");
	}
	put(&o->buf, &o->len, &o->cap, t, (size_t)k);
	return (size_t)k;
}

/* ---------------------------------------------------------------- table */

static void pad(ash_out *o, size_t n)
{
	static const char sp[] = "                                ";
	while (n) {
		size_t k = n < sizeof sp - 1 ? n : sizeof sp - 1;
		put(&o->line, &o->llen, &o->lcap, sp, k);
		n -= k;
	}
}

static void table_line(ash_out *o, char *const *text, const size_t *w)
{
	size_t ncols = o->ncols;
	o->llen = 0;
	while (ncols > 1 && !text[ncols - 1][0]) /* no padding at line ends */
		ncols--;
	for (size_t c = 0; c < ncols; c++) {
		size_t gap = o->width[c] > w[c] ? o->width[c] - w[c] : 0;
		bool last = c + 1 == ncols;
		if (c)
			pad(o, 2);
		if (o->cols[c].right)
			pad(o, gap);
		put(&o->line, &o->llen, &o->lcap, text[c], strlen(text[c]));
		if (!o->cols[c].right && !last)
			pad(o, gap);
	}
	put(&o->line, &o->llen, &o->lcap, "\n", 1);
	fwrite(o->line, 1, o->llen, o->f);
}

static void table_flush(ash_out *o)
{
	char *head[ASH_OUT_MAX_COLS];
	size_t hw[ASH_OUT_MAX_COLS];
	for (size_t c = 0; c < o->ncols; c++) {
		head[c] = (char *)o->cols[c].name;
		hw[c] = strlen(head[c]);
	}
	table_line(o, head, hw);
	for (size_t r = 0; r < o->npeek; r++) {
		table_line(o, o->peek + r * o->ncols, o->peekw + r * o->ncols);
		for (size_t c = 0; c < o->ncols; c++)
			free(o->peek[r * o->ncols + c]);
	}
	o->npeek = 0;
	o->streaming = true;
}

static void table_begin(ash_out *o)
{
	for (size_t c = 0; c < o->ncols; c++)
		o->width[c] = strlen(o->cols[c].name);
	o->peek = ash_calloc(ASH_OUT_TABLE_PEEK * o->ncols, sizeof *o->peek);
	o->peekw = ash_calloc(ASH_OUT_TABLE_PEEK * o->ncols, sizeof *o->peekw);
}

static void table_row(ash_out *o, const ash_cell *cells)
{
	char *text[ASH_OUT_MAX_COLS];
	size_t w[ASH_OUT_MAX_COLS];
	bool keep = !o->streaming;
	for (size_t c = 0; c < o->ncols; c++) {
		w[c] = cell_text(o, &cells[c]);
		text[c] = ash_strndup(o->buf, o->len);
		if (keep && w[c] > o->width[c])
			o->width[c] = w[c];
	}
	if (keep) {
		memcpy(o->peek + o->npeek * o->ncols, text, o->ncols * sizeof *text);
		memcpy(o->peekw + o->npeek * o->ncols, w, o->ncols * sizeof *w);
		if (++o->npeek == ASH_OUT_TABLE_PEEK)
			table_flush(o);
		return;
	}
	table_line(o, text, w);
	for (size_t c = 0; c < o->ncols; c++)
		free(text[c]);
}

static void table_end(ash_out *o)
{
	if (!o->streaming)
		table_flush(o);
}

/* ------------------------------------------------------------------ CSV */

/* Append field s[0..n) to the line in o->line, quoted when needed. */
static void csv_field(ash_out *o, const char *s, size_t n)
{
	bool q = n && (memchr(s, ',', n) || memchr(s, '"', n) || s[0] == ' ' ||
		       s[n - 1] == ' ');
	if (!q) {
		put(&o->line, &o->llen, &o->lcap, s, n);
		return;
	}
	put(&o->line, &o->llen, &o->lcap, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			put(&o->line, &o->llen, &o->lcap, "\"", 1);
		put(&o->line, &o->llen, &o->lcap, s + i, 1);
	}
	put(&o->line, &o->llen, &o->lcap, "\"", 1);
}

static void csv_begin(ash_out *o)
{
	o->llen = 0;
	for (size_t c = 0; c < o->ncols; c++) {
		if (c)
			put(&o->line, &o->llen, &o->lcap, ",", 1);
		csv_field(o, o->cols[c].name, strlen(o->cols[c].name));
	}
	put(&o->line, &o->llen, &o->lcap, "\n", 1);
	fwrite(o->line, 1, o->llen, o->f);
}

static void csv_row(ash_out *o, const ash_cell *cells)
{
	o->llen = 0;
	for (size_t c = 0; c < o->ncols; c++) {
		if (c)
			put(&o->line, &o->llen, &o->lcap, ",", 1);
		cell_text(o, &cells[c]);
		csv_field(o, o->buf, o->len);
	}
	put(&o->line, &o->llen, &o->lcap, "\n", 1);
	fwrite(o->line, 1, o->llen, o->f);
}

/* ------------------------------------------------------------ JSON Lines */

static void json_row(ash_out *o, const ash_cell *cells)
{
	o->len = 0;
	put(&o->buf, &o->len, &o->cap, "{", 1);
	for (size_t c = 0; c < o->ncols; c++) {
		char t[32];
		int k = 0;
		if (c)
			put(&o->buf, &o->len, &o->cap, ", ", 2);
		const char *name = o->cols[c].name;
		ash_out_escape_json(name, strlen(name), &o->buf, &o->len, &o->cap);
		put(&o->buf, &o->len, &o->cap, ": ", 2);
		const ash_cell *x = &cells[c];
		if (x->kind == ASH_CELL_STR)
			ash_out_escape_json(x->s, x->n, &o->buf, &o->len, &o->cap);
		else if (x->kind == ASH_CELL_UINT)
			k = u64_text(x->u, t);
		else if (x->kind == ASH_CELL_INT)
			k = snprintf(t, sizeof t, "%" PRId64, x->i);
		else
			k = snprintf(t, sizeof t, "null");
		if (k > 0)
			put(&o->buf, &o->len, &o->cap, t, (size_t)k);
	}
	put(&o->buf, &o->len, &o->cap, "}\n", 2);
	fwrite(o->buf, 1, o->len, o->f);
}

static void nothing(ash_out *o)
{
	(void)o;
}

/* --------------------------------------------------------------- public */

static const fmt_ops formats[] = {
	[ASH_OUT_TABLE] = {"table", table_begin, table_row, table_end},
	[ASH_OUT_CSV] = {"csv", csv_begin, csv_row, nothing},
	[ASH_OUT_JSON] = {"json", nothing, json_row, nothing},
};

int ash_out_format_parse(const char *name, int *fmt, ash_err *err)
{
	for (int i = 0; i < 3; i++)
		if (!strcmp(name, formats[i].name)) {
			*fmt = i;
			return ASH_OK;
		}
	return ash_errf(err, ASH_EUSAGE, "--format: unknown format '%.40s' "
			"(table, csv or json)", name);
}

ash_out *ash_out_new(FILE *f, int fmt, const ash_outcol *cols, size_t ncols)
{
	ash_out *o = ash_calloc(1, sizeof *o);
	o->f = f;
	o->ops = &formats[fmt >= 0 && fmt <= ASH_OUT_JSON ? fmt : 0];
	o->cols = cols;
	o->ncols = ncols < ASH_OUT_MAX_COLS ? ncols : ASH_OUT_MAX_COLS;
	o->ops->begin(o);
	return o;
}

int ash_out_row(ash_out *o, const ash_cell *cells)
{
	o->ops->row(o, cells);
	return ferror(o->f) ? ASH_EIO : ASH_OK;
}

int ash_out_end(ash_out *o, ash_err *err)
{
	o->ops->end(o);
	if (fflush(o->f) != 0 || ferror(o->f))
		return ash_errno(err, ASH_EIO, "output: write failed");
	return ASH_OK;
}

void ash_out_free(ash_out *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->npeek * o->ncols; i++)
		free(o->peek[i]);
	free(o->peek);
	free(o->peekw);
	free(o->buf);
	free(o->line);
	free(o);
}
