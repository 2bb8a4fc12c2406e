/* SPDX-License-Identifier: MIT */
/* csvsplit.c: one CSV line into fields (see csvsplit.h).  Unquoted fields
 * are found with a word-at-a-time byte scan; quoted ones byte by byte.
 * Every scan stays inside [s, s + n); nothing allocates. */
#include "ingest/csvsplit.h"

#include <string.h>

#include "ingest/scan.h"

/* Quoted field starting after the opening quote at *pp.  Sets f and moves
 * *pp to the byte after the closing quote; -1 when unterminated. */
static int quoted_field(const char **pp, const char *end, ash_csv_field *f)
{
	const char *p = *pp, *start = p;
	f->quoted = true;
	f->escaped = false;
	for (;;) {
		p = ash_scan_byte(p, end, '"');
		if (p >= end)
			return -1;
		if (end - p >= 2 && p[1] == '"') {
			f->escaped = true;
			p += 2;
			continue;
		}
		break;
	}
	f->p = start;
	f->n = (uint32_t)(p - start);
	*pp = p + 1;
	return 0;
}

int ash_csv_split(const char *s, size_t n, char sep, ash_csv_field *f,
		  size_t max, size_t *nf)
{
	int rc = ASH_CSV_OK;
	size_t k = 0;
	if (n >= UINT32_MAX) {
		rc = ASH_CSV_TOO_LONG;
		goto out;
	}
	if (n && s[n - 1] == '\r')
		n--;
	const char *p = s, *end = s + n;
	for (;;) {
		if (k == max) {
			rc = ASH_CSV_TOO_MANY;
			goto out;
		}
		ash_csv_field *cur = &f[k++];
		if (p < end && *p == '"') {
			p++;
			if (quoted_field(&p, end, cur) != 0 ||
			    (p < end && *p != sep)) {
				rc = ASH_CSV_BAD_QUOTE;
				goto out;
			}
		} else {
			const char *e = ash_scan_byte(p, end, sep);
			*cur = (ash_csv_field){p, (uint32_t)(e - p), false, false};
			p = e;
		}
		if (p >= end)
			break;
		p++; /* the separator */
	}
out:
	*nf = k;
	return rc;
}

size_t ash_csv_unescape(const ash_csv_field *f, char *buf, size_t cap)
{
	size_t o = 0;
	for (uint32_t i = 0; i < f->n && o < cap; i++) {
		buf[o++] = f->p[i];
		if (f->escaped && f->p[i] == '"' && i + 1 < f->n && f->p[i + 1] == '"')
			i++;
	}
	return o;
}

const char *ash_csv_strerror(int rc)
{
	switch (rc) {
	case ASH_CSV_OK: return "ok";
	case ASH_CSV_TOO_MANY: return "too many CSV fields";
	case ASH_CSV_BAD_QUOTE: return "bad CSV quoting (unterminated quote or text after the closing quote)";
	case ASH_CSV_TOO_LONG: return "CSV line too long";
	default: return "bad CSV line";
	}
}
