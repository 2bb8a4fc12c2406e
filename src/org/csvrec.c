/* SPDX-License-Identifier: MIT */
/* csvrec.c: RFC 4180 records with quoted line breaks (csvrec.h). */
#include "org/csvrec.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

/* ',' unless the first line (outside quotes) has ';' or TAB and no ','. */
static char sniff_sep(const char *p, const char *end)
{
	size_t comma = 0, semi = 0, tab = 0;
	bool q = false;
	for (; p < end && (q || *p != '\n'); p++) {
		if (*p == '"')
			q = !q;
		else if (!q)
			comma += *p == ',', semi += *p == ';', tab += *p == '\t';
	}
	if (comma)
		return ',';
	return semi ? ';' : tab ? '\t' : ',';
}

void ash_csvrec_init(ash_csvrec *r, const char *buf, size_t n)
{
	memset(r, 0, sizeof *r);
	r->p = buf;
	r->end = buf + n;
	if (n >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		r->p += 3;
	r->sep = sniff_sep(r->p, r->end);
}

void ash_csvrec_free(ash_csvrec *r)
{
	free(r->buf);
	r->buf = NULL;
	r->cap = 0;
}

static void put(ash_csvrec *r, size_t *len, char c)
{
	ash_grow((void **)&r->buf, &r->cap, *len + 1, 1);
	r->buf[(*len)++] = c;
}

static bool at_eol(const ash_csvrec *r, const char *p)
{
	return p == r->end || *p == '\n' || (*p == '\r' && (p + 1 == r->end || p[1] == '\n'));
}

/* A quoted field starting after its opening quote. */
static int quoted(ash_csvrec *r, size_t *len, size_t start)
{
	for (;;) {
		if (r->p == r->end)
			return ASH_CSVREC_BADQUOTE;
		char c = *r->p++;
		if (c == '"') {
			if (r->p < r->end && *r->p == '"') {
				r->p++;
			} else {
				if (r->p != r->end && *r->p != r->sep && !at_eol(r, r->p))
					return ASH_CSVREC_BADQUOTE;
				return ASH_CSVREC_ROW;
			}
		}
		if (*len - start >= ASH_CSVREC_MAX_FIELD)
			return ASH_CSVREC_TOOLONG;
		put(r, len, c);
	}
}

static int plain(ash_csvrec *r, size_t *len, size_t start)
{
	while (r->p < r->end && *r->p != r->sep && !at_eol(r, r->p)) {
		if (*len - start >= ASH_CSVREC_MAX_FIELD)
			return ASH_CSVREC_TOOLONG;
		put(r, len, *r->p++);
	}
	return ASH_CSVREC_ROW;
}

int ash_csvrec_next(ash_csvrec *r, size_t *col)
{
	if (r->p >= r->end)
		return ASH_CSVREC_END;
	size_t len = 0;
	int rc = ASH_CSVREC_ROW;
	r->nf = 0;
	r->row++;
	for (;;) {
		if (r->nf == ASH_CSVREC_MAX_FIELDS) {
			rc = ASH_CSVREC_TOOMANY;
			break;
		}
		size_t start = len;
		r->off[r->nf] = start;
		if (r->p < r->end && *r->p == '"') {
			r->p++;
			rc = quoted(r, &len, start);
		} else {
			rc = plain(r, &len, start);
		}
		r->f[r->nf].n = len - start;
		put(r, &len, '\0');
		r->nf++;
		if (rc != ASH_CSVREC_ROW)
			break;
		if (r->p < r->end && *r->p == r->sep) {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == '\r')
			r->p++;
		if (r->p < r->end && *r->p == '\n')
			r->p++;
		break;
	}
	if (col)
		*col = r->nf;
	if (rc != ASH_CSVREC_ROW) {
		r->p = r->end; /* no reading on after an error */
		return rc;
	}
	for (size_t i = 0; i < r->nf; i++)
		r->f[i].s = r->buf + r->off[i];
	return ASH_CSVREC_ROW;
}

const char *ash_csvrec_strerror(int rc)
{
	switch (rc) {
	case ASH_CSVREC_BADQUOTE:
		return "unterminated quote, or text after a closing quote";
	case ASH_CSVREC_TOOMANY:
		return "more than 64 columns";
	case ASH_CSVREC_TOOLONG:
		return "a cell longer than 64 KiB";
	default:
		return "CSV error";
	}
}
