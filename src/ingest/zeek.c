/* SPDX-License-Identifier: MIT */
/* zeek.c: the "zeek" format of the registry: Zeek conn.log as TSV (the
 * ASCII writer with its "#" header) or as JSON lines; each line is looked
 * at on its own ('{' = JSON, '#' = header, else TSV data).
 *
 * Owns: the TSV header directives (#separator, #set_separator,
 * #empty_field, #unset_field, #path, #open, #fields, #types, #close),
 * several header blocks in one input, column splitting without allocation,
 * and the sniffer.  Does not: interpret values (zeek_conn.c) or JSON
 * (zeek_json.c), or decode \x escapes inside data values (the columns
 * ashiato reads never hold them). */
#include "ingest/parser.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "ingest/scan.h"
#include "ingest/zeek.h"

#define MAX_COLS 1024 /* columns of #fields that are mapped; more are ignored */
#define SEP_MAX 16    /* longest separator */
#define NIL_MAX 32    /* longest #unset_field / #empty_field */

typedef struct zeek_state {
	char sep[SEP_MAX];
	size_t sep_n;
	char unset[NIL_MAX], empty[NIL_MAX];
	size_t unset_n, empty_n;
	bool have_fields; /* a #fields line was read in this block */
	bool not_conn;    /* #path of this block is not conn */
	uint32_t present; /* ASH_ZF_BIT of the fields among the columns */
	size_t last;      /* index of the last column that is read */
	int16_t col[MAX_COLS]; /* field id per column, -1 = ignored */
	ash_zeek_conn conn;
} zeek_state;

static void set_text(char *dst, size_t *dn, const char *s, size_t n)
{
	memcpy(dst, s, n);
	*dn = n;
}

/* A new header block: defaults of the Zeek ASCII writer. */
static void block_reset(zeek_state *st)
{
	st->sep[0] = '\t';
	st->sep_n = 1;
	st->unset[0] = '-';
	st->unset_n = 1;
	memcpy(st->empty, "(empty)", sizeof "(empty)" - 1);
	st->empty_n = sizeof "(empty)" - 1;
	st->have_fields = false;
	st->not_conn = false;
	st->present = 0;
	st->last = 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decode "\xHH" escapes of s into dst (cap bytes).  -1 if too long. */
static int unescape(const char *s, size_t n, char *dst, size_t cap,
		    size_t *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (o >= cap)
			return -1;
		int h, l;
		if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x' &&
		    (h = hexval(s[i + 2])) >= 0 && (l = hexval(s[i + 3])) >= 0) {
			dst[o++] = (char)(h << 4 | l);
			i += 3;
		} else {
			dst[o++] = s[i];
		}
	}
	*out = o;
	return 0;
}

/* Position of the next separator in [p, end), or NULL. */
static const char *next_sep(const zeek_state *st, const char *p,
			    const char *end)
{
	if (st->sep_n == 1) {
		const char *e = ash_scan_byte(p, end, st->sep[0]);
		return e < end ? e : NULL;
	}
	return memmem(p, (size_t)(end - p), st->sep, st->sep_n);
}

static void read_fields(zeek_state *st, const char *p, const char *end)
{
	size_t i = 0;
	st->present = 0;
	st->last = 0;
	while (i < MAX_COLS) {
		const char *e = next_sep(st, p, end);
		const char *ve = e ? e : end;
		int f = ash_zeek_conn_field(p, (size_t)(ve - p));
		st->col[i] = (int16_t)f;
		if (f >= 0) {
			st->present |= ASH_ZF_BIT(f);
			st->last = i;
		}
		i++;
		if (!e)
			break;
		p = e + st->sep_n;
	}
	st->have_fields = true;
}

static bool name_is(const char *s, size_t n, const char *name)
{
	size_t l = strlen(name);
	return n == l && !memcmp(s, name, l);
}

/* A "#name<sep>value" line (s at '#').  Returns 0 or -1 with *reason. */
static int header(zeek_state *st, const char *s, size_t n, const char **reason)
{
	const char *end = s + n;
	const char *sp = memchr(s, ' ', n);
	const char *e = next_sep(st, s, end);
	bool space = sp && (!e || sp < e);
	const char *ne = space ? sp : e ? e : end;
	size_t nl = (size_t)(ne - s);
	const char *v = ne == end ? end : ne + (space ? 1 : st->sep_n);
	size_t vn = (size_t)(end - v);
	char buf[SEP_MAX];
	size_t bn;
	if (name_is(s, nl, "#separator")) {
		if (unescape(v, vn, buf, sizeof buf, &bn) != 0 || bn == 0) {
			*reason = "bad #separator";
			return -1;
		}
		block_reset(st);
		set_text(st->sep, &st->sep_n, buf, bn);
	} else if (name_is(s, nl, "#fields")) {
		read_fields(st, v, end);
	} else if (name_is(s, nl, "#unset_field") || name_is(s, nl, "#empty_field")) {
		bool un = name_is(s, nl, "#unset_field");
		if (unescape(v, vn, un ? st->unset : st->empty, NIL_MAX,
			     un ? &st->unset_n : &st->empty_n) != 0) {
			*reason = un ? "bad #unset_field" : "bad #empty_field";
			return -1;
		}
	} else if (name_is(s, nl, "#path")) {
		st->not_conn = !(name_is(v, vn, "conn") ||
				 (vn > 5 && !memcmp(v, "conn_", 5)));
	}
	return 0; /* #set_separator, #open, #types, #close, comments */
}

static bool is_nil(const zeek_state *st, const char *p, size_t n)
{
	return n == 0 || (n == st->unset_n && !memcmp(p, st->unset, n)) ||
	       (n == st->empty_n && !memcmp(p, st->empty, n));
}

static int data(zeek_state *st, const char *s, size_t n, ash_rec *r,
		const char **reason)
{
	if (!st->have_fields) {
		*reason = "data line before #fields header";
		return -1;
	}
	if (st->not_conn) {
		*reason = "not a conn log (#path is not conn)";
		return -1;
	}
	if ((st->present & ASH_ZF_REQUIRED) != ASH_ZF_REQUIRED) {
		*reason = "#fields lacks ts, id.orig_h or id.resp_h";
		return -1;
	}
	ash_zeek_conn_reset(&st->conn, st->present);
	const char *p = s, *end = s + n;
	for (size_t i = 0; i <= st->last; i++) {
		const char *e = next_sep(st, p, end);
		const char *ve = e ? e : end;
		int f = st->col[i];
		if (f >= 0 && !is_nil(st, p, (size_t)(ve - p)) &&
		    ash_zeek_conn_text(&st->conn, f, p, (size_t)(ve - p), reason))
			return -1;
		if (!e && i < st->last) {
			*reason = "fewer columns than #fields";
			return -1;
		}
		if (!e)
			break;
		p = e + st->sep_n;
	}
	if (ash_zeek_conn_record(&st->conn, r, reason) != 0)
		return -1;
	r->format = ASH_FMT_ZEEK_TSV;
	return 0;
}

static void *zeek_open(const ash_parse_opts *o)
{
	(void)o; /* Zeek stamps are UTC epoch seconds: no zone, no year */
	zeek_state *st = ash_calloc(1, sizeof *st);
	block_reset(st);
	return st;
}

static void zeek_close(void *state)
{
	free(state);
}

static int zeek_line(void *state, const char *s, size_t n, ash_rec *r,
		     const char **reason)
{
	zeek_state *st = state;
	while (n && (s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == n)
		return ASH_LINE_META;
	if (s[i] == '#')
		return header(st, s + i, n - i, reason) ? ASH_LINE_REJECT
							: ASH_LINE_META;
	if (s[i] == '{')
		return ash_zeek_json_line(s + i, n - i, r, reason)
			       ? ASH_LINE_REJECT
			       : ASH_LINE_RECORD;
	return data(st, s, n, r, reason) ? ASH_LINE_REJECT : ASH_LINE_RECORD;
}

static bool starts(const char *l, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n >= k && !memcmp(l, w, k);
}

static bool contains(const char *h, size_t hn, const char *needle)
{
	return h && memmem(h, hn, needle, strlen(needle)) != NULL;
}

/* TSV header with id.orig_h: 100; #separator alone: 90; JSON lines with
 * id.orig_h: 40..100 by their share of the lines. */
static int zeek_sniff(const char *buf, size_t n)
{
	size_t lines = 0, json = 0, i = 0;
	if (!buf)
		return 0;
	bool sep = false, fields = false;
	while (i < n && lines < 400) {
		const char *nl = memchr(buf + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - buf) : n;
		const char *l = buf + i;
		size_t ln = e - i;
		i = e + 1;
		while (ln && (*l == ' ' || *l == '\t'))
			l++, ln--;
		if (!ln)
			continue;
		lines++;
		if (starts(l, ln, "#separator"))
			sep = true;
		else if (starts(l, ln, "#fields") && contains(l, ln, "id.orig_h"))
			fields = true;
		else if (*l == '{' && (contains(l, ln, "\"id.orig_h\"") ||
				       (contains(l, ln, "\"id\"") &&
					contains(l, ln, "\"orig_h\""))))
			json++;
	}
	if (fields)
		return 100;
	if (sep)
		return 90;
	return json ? (int)(40 + 60 * json / lines) : 0;
}

const ash_parser ash_zeek_parser = {
	.name = "zeek",
	.format = ASH_FMT_ZEEK_TSV,
	.what = "Zeek conn.log, TSV (with its # header) or JSON lines",
	.sniff = zeek_sniff,
	.open = zeek_open,
	.line = zeek_line,
	.close = zeek_close,
};
