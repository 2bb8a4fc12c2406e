/* SPDX-License-Identifier: MIT */
/* test_csvsplit.c: CSV field splitting (ingest/csvsplit.c): plain and
 * quoted fields, "" escapes, empty fields, the field cap, bad quoting,
 * NUL bytes and a long line. */
#include "harness.h"

#include <stdlib.h>

#include "ingest/csvsplit.h"

static bool field_is(const ash_csv_field *f, const char *want)
{
	return f->n == strlen(want) && !memcmp(f->p, want, f->n);
}

TEST(csv_plain_and_empty_fields)
{
	ash_csv_field f[8];
	size_t nf;
	const char *s = "a,,bc,\r";
	CHECK_INT(ash_csv_split(s, strlen(s), ',', f, 8, &nf), ASH_CSV_OK);
	CHECK_INT(nf, 4);
	CHECK(field_is(&f[0], "a"));
	CHECK(field_is(&f[1], ""));
	CHECK(field_is(&f[2], "bc"));
	CHECK(field_is(&f[3], "")); /* the \r is not data */
	CHECK_INT(ash_csv_split("", 0, ',', f, 8, &nf), ASH_CSV_OK);
	CHECK_INT(nf, 1);
	CHECK_INT(f[0].n, 0);
}

TEST(csv_quoted_commas_and_escapes)
{
	ash_csv_field f[8];
	size_t nf;
	char buf[32];
	const char *s = "1,\"Korea, Republic of\",\"say \"\"hi\"\"\",\"\",x\"y";
	CHECK_INT(ash_csv_split(s, strlen(s), ',', f, 8, &nf), ASH_CSV_OK);
	CHECK_INT(nf, 5);
	CHECK(field_is(&f[1], "Korea, Republic of"));
	CHECK(f[1].quoted && !f[1].escaped);
	CHECK(f[2].escaped);
	size_t n = ash_csv_unescape(&f[2], buf, sizeof buf);
	CHECK_INT(n, 8);
	CHECK(!memcmp(buf, "say \"hi\"", 8));
	CHECK(f[3].quoted && f[3].n == 0);
	CHECK(field_is(&f[4], "x\"y")); /* a quote inside a bare field is data */
	/* unescape truncates to the buffer */
	CHECK_INT(ash_csv_unescape(&f[2], buf, 3), 3);
}

TEST(csv_bad_quotes_and_cap)
{
	ash_csv_field f[4];
	size_t nf;
	CHECK_INT(ash_csv_split("a,\"open", 7, ',', f, 4, &nf), ASH_CSV_BAD_QUOTE);
	CHECK_INT(ash_csv_split("\"a\"b,c", 6, ',', f, 4, &nf), ASH_CSV_BAD_QUOTE);
	CHECK_INT(ash_csv_split("1,2,3,4,5", 9, ',', f, 4, &nf), ASH_CSV_TOO_MANY);
	CHECK_INT(nf, 4);
	CHECK(field_is(&f[3], "4"));
	CHECK(ash_csv_strerror(ASH_CSV_BAD_QUOTE)[0] != 0);
	/* NUL bytes are data; other separators work */
	const char nul[] = "a\0b;c";
	CHECK_INT(ash_csv_split(nul, 5, ';', f, 4, &nf), ASH_CSV_OK);
	CHECK_INT(nf, 2);
	CHECK_INT(f[0].n, 3);
}

TEST(csv_long_line)
{
	size_t n = 1 << 20;
	char *s = malloc(n);
	for (size_t i = 0; i < n; i++)
		s[i] = i % 10 == 9 ? ',' : 'x';
	ash_csv_field f[8];
	size_t nf;
	CHECK_INT(ash_csv_split(s, n, ',', f, 8, &nf), ASH_CSV_TOO_MANY);
	memset(s, 'y', n);
	CHECK_INT(ash_csv_split(s, n, ',', f, 8, &nf), ASH_CSV_OK);
	CHECK_INT(nf, 1);
	CHECK_INT(f[0].n, n);
	free(s);
}
