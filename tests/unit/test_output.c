/* SPDX-License-Identifier: MIT */
/* test_output.c: table, CSV and JSON Lines writers and the escaping of
 * log text (control bytes, invalid UTF-8, bidi overrides, quotes). */
#include "harness.h"

#include <stdlib.h>

#include "query/output.h"

static const ash_outcol cols[] = {{"name", false}, {"bytes", true}, {"note", false}};

/* Write rows with fmt into a string (caller frees). */
static char *render(int fmt, const ash_cell (*rows)[3], size_t n)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	ash_out *o = ash_out_new(f, fmt, cols, 3);
	for (size_t i = 0; i < n; i++)
		CHECK_INT(ash_out_row(o, rows[i]), 0);
	CHECK_INT(ash_out_end(o, NULL), 0);
	ash_out_free(o);
	fclose(f);
	return s;
}

TEST(output_formats_basic)
{
	ash_cell rows[2][3] = {
		{ash_cell_cstr("203.0.113.10"), ash_cell_uint(812331200), ash_cell_null()},
		{ash_cell_cstr("a,b \"c\""), ash_cell_int(-5), ash_cell_cstr("")},
	};
	char *t = render(ASH_OUT_TABLE, rows, 2);
	CHECK_STR(t, "name              bytes  note\n"
		     "203.0.113.10  812331200  -\n"
		     "a,b \"c\"              -5\n");
	free(t);
	t = render(ASH_OUT_CSV, rows, 2);
	CHECK_STR(t, "name,bytes,note\n203.0.113.10,812331200,-\n"
		     "\"a,b \"\"c\"\"\",-5,\n");
	free(t);
	t = render(ASH_OUT_JSON, rows, 2);
	CHECK_STR(t, "{\"name\": \"203.0.113.10\", \"bytes\": 812331200, \"note\": null}\n"
		     "{\"name\": \"a,b \\\"c\\\"\", \"bytes\": -5, \"note\": \"\"}\n");
	free(t);
	/* no rows: header only for table and csv, nothing for json */
	t = render(ASH_OUT_TABLE, rows, 0);
	CHECK_STR(t, "name  bytes  note\n");
	free(t);
	t = render(ASH_OUT_JSON, rows, 0);
	CHECK_STR(t, "");
	free(t);
}

TEST(output_escape_text)
{
	struct { const char *in; size_t n; const char *out; size_t cols; } t[] = {
		{"plain", 5, "plain", 5},
		{"tab\there", 8, "tab\\x09here", 11},
		{"esc\x1b[31mred", 11, "esc\\x1b[31mred", 14},
		{"nul\0x", 5, "nul\\x00x", 8},
		{"bad\xff\xfe", 5, "bad\\xff\\xfe", 11},
		{"trunc\xe3\x81", 7, "trunc\\xe3\\x81", 13},
		{"over\xc0\xaf", 6, "over\\xc0\\xaf", 12},         /* overlong '/' */
		{"sur\xed\xa0\x80", 6, "sur\\xed\\xa0\\x80", 15},  /* surrogate */
		{"\xe3\x81\x82", 3, "\xe3\x81\x82", 1},            /* U+3042 */
		{"rlo\xe2\x80\xaetxt", 9, "rlo\\xe2\\x80\\xaetxt", 18}, /* U+202E */
		{"c1\xc2\x85", 4, "c1\\xc2\\x85", 10},               /* U+0085 */
		{"back\\slash", 10, "back\\\\slash", 11},
		{"del\x7f", 4, "del\\x7f", 7},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *buf = NULL;
		size_t len = 0, cap = 0;
		size_t w = ash_out_escape_text(t[i].in, t[i].n, &buf, &len, &cap);
		CHECK_STR(buf, t[i].out);
		CHECK_INT(len, strlen(t[i].out));
		if (t[i].in[0] != '\xe3') /* wide-char width depends on locale */
			CHECK_INT(w, t[i].cols);
		free(buf);
	}
}

TEST(output_escape_json)
{
	struct { const char *in; size_t n; const char *out; } t[] = {
		{"plain", 5, "\"plain\""},
		{"q\"b\\", 4, "\"q\\\"b\\\\\""},
		{"nl\ncr\rtab\t", 10, "\"nl\\ncr\\rtab\\t\""},
		{"\x01\x1f\x7f", 3, "\"\\u0001\\u001f\\u007f\""},
		{"nul\0", 4, "\"nul\\u0000\""},
		{"bad\xff", 4, "\"bad\\\\xff\""},
		{"\xe3\x81\x82", 3, "\"\xe3\x81\x82\""},
		{"\xe2\x80\xa8", 3, "\"\\u2028\""},
		{"\xe2\x80\xae", 3, "\"\\u202e\""},
		{"\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\""},
		{"\xf4\x90\x80\x80", 4, "\"\\\\xf4\\\\x90\\\\x80\\\\x80\""}, /* > U+10FFFF */
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char *buf = NULL;
		size_t len = 0, cap = 0;
		ash_out_escape_json(t[i].in, t[i].n, &buf, &len, &cap);
		CHECK_STR(buf, t[i].out);
		free(buf);
	}
}

TEST(output_table_streams_after_peek)
{
	/* rows past the first ASH_OUT_TABLE_PEEK keep the widths found so
	 * far: a wider late value overflows instead of re-aligning */
	size_t n = ASH_OUT_TABLE_PEEK + 2;
	ash_cell (*rows)[3] = calloc(n, sizeof *rows);
	for (size_t i = 0; i < n; i++) {
		rows[i][0] = ash_cell_cstr(i + 1 == n ? "much-longer-name" : "n");
		rows[i][1] = ash_cell_uint(i);
		rows[i][2] = ash_cell_null();
	}
	char *t = render(ASH_OUT_TABLE, (const ash_cell (*)[3])rows, n);
	size_t lines = 0;
	for (const char *p = t; *p; p++)
		lines += *p == '\n';
	CHECK_INT(lines, n + 1);
	CHECK(strstr(t, "name  bytes  note\n") == t);
	CHECK(strstr(t, "\nn         0  -\n") != NULL);
	CHECK(strstr(t, "\nmuch-longer-name    257  -\n") != NULL);
	free(t);
	free(rows);
}

TEST(output_format_parse)
{
	int f = -1;
	ash_err err;
	CHECK_INT(ash_out_format_parse("json", &f, &err), 0);
	CHECK_INT(f, ASH_OUT_JSON);
	CHECK_INT(ash_out_format_parse("csv", &f, &err), 0);
	CHECK_INT(f, ASH_OUT_CSV);
	CHECK_INT(ash_out_format_parse("table", &f, &err), 0);
	CHECK_INT(f, ASH_OUT_TABLE);
	CHECK_INT(ash_out_format_parse("xml", &f, &err), ASH_EUSAGE);
	CHECK(strstr(err.msg, "xml") != NULL);
}
