/* SPDX-License-Identifier: MIT */
/* test_report_svg.c: the inline SVG charts - tags balanced, no script or
 * external reference, labels escaped, the incident window shaded where
 * it falls, time labels in the site's zone, long series summed down -
 * and the number formats of units.h. */
#include "harness.h"

#include <stdlib.h>

#include "core/tztime.h"
#include "report/svg.h"
#include "report/units.h"

/* Tags balanced (a tiny XML check: names pushed and popped). */
static bool balanced(const char *s)
{
	char stack[64][16];
	int depth = 0;
	for (const char *p = s; (p = strchr(p, '<')); p++) {
		bool close = p[1] == '/';
		const char *q = p + 1 + close;
		size_t n = strcspn(q, " >/\n");
		const char *end = strchr(q, '>');
		if (!end || n == 0 || n >= 16)
			return false;
		if (close) {
			if (!depth || strncmp(stack[depth - 1], q, n) || stack[depth - 1][n])
				return false;
			depth--;
		} else if (end[-1] != '/') {
			if (depth == 64)
				return false;
			memcpy(stack[depth], q, n);
			stack[depth++][n] = '\0';
		}
		p = end;
	}
	return depth == 0;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)); p++)
		n++;
	return n;
}

#define HOUR 3600000000LL

TEST(svg_series_window_and_labels)
{
	int64_t t0 = 1795536000LL * 1000000; /* 2026-11-24T16:00:00Z */
	int64_t t[48];
	uint64_t v[48];
	for (int i = 0; i < 48; i++)
		t[i] = t0 + i * HOUR, v[i] = i == 2 ? 5000000000ull : 1000000;
	ash_tz *sg;
	CHECK_INT(ash_tz_open("Asia/Singapore", &sg, NULL), 0);
	ash_svg_series_in in = {t, v, 48, HOUR, t0 + 2 * HOUR, t0 + 3 * HOUR, sg,
				true, "Bytes <per> hour", "incident \"window\"",
				"site time"};
	ash_strbuf b;
	ash_strbuf_init(&b, 0);
	ash_svg_series(&b, &in);
	const char *s = ash_strbuf_str(&b);
	CHECK(strncmp(s, "<svg ", 5) == 0);
	CHECK(balanced(s));
	CHECK(strstr(s, "<script") == NULL && strstr(s, "href") == NULL);
	CHECK(strstr(s, "Bytes &lt;per&gt; hour") != NULL);
	CHECK(strstr(s, "incident &quot;window&quot;") != NULL);
	CHECK_INT(count(s, "class=\"window\""), 1);
	/* the window spans 1/48 of the 716-unit plot from its third column */
	CHECK(strstr(s, "x=\"101.8\" y=\"26.0\" width=\"14.9\"") != NULL);
	/* 16:00Z is midnight in Singapore: a date label 11-25 */
	CHECK(strstr(s, ">11-25</text>") != NULL);
	CHECK(strstr(s, ">5.0 GB</text>") != NULL); /* y axis top: nice 5 GB */
	/* 48 columns, two points each, plus start and end */
	CHECK_INT(count(s, "L"), 48 * 2 + 1);
	ash_strbuf_free(&b);
	/* window outside the series: not drawn */
	in.mark_from = t0 - 10 * HOUR, in.mark_to = t0 - 5 * HOUR;
	ash_strbuf_init(&b, 0);
	ash_svg_series(&b, &in);
	CHECK_INT(count(ash_strbuf_str(&b), "class=\"window\""), 0);
	ash_strbuf_free(&b);
	ash_tz_free(sg);
}

TEST(svg_series_long_and_empty)
{
	size_t n = 5000;
	int64_t *t = malloc(n * sizeof *t);
	uint64_t *v = malloc(n * sizeof *v);
	for (size_t i = 0; i < n; i++)
		t[i] = (int64_t)i * 60000000LL, v[i] = i;
	ash_svg_series_in in = {t, v, n, 60000000LL, 0, 0, NULL, false, "x",
				NULL, NULL};
	ash_strbuf b;
	ash_strbuf_init(&b, 0);
	ash_svg_series(&b, &in);
	CHECK(balanced(ash_strbuf_str(&b)));
	CHECK_INT(count(ash_strbuf_str(&b), "L"), 1000 * 2 + 1); /* 5 per column */
	/* largest column 4995 + ... + 4999 = 24985: axis up to 50 k */
	CHECK(strstr(ash_strbuf_str(&b), ">50.0 k</text>") != NULL);
	ash_strbuf_reset(&b);
	in.n = 0;
	ash_svg_series(&b, &in);
	CHECK_INT(b.len, 0);
	ash_strbuf_free(&b);
	free(t);
	free(v);
}

TEST(svg_bars)
{
	ash_svg_bar bars[] = {
		{"203.0.113.10 web01", 64756124866ull, true},
		{"<b>x</b>\033[31m", 25357896872ull, false},
		{"ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺあいうえおかきくけこさしすせそ", 1, false},
	};
	ash_strbuf b;
	ash_strbuf_init(&b, 0);
	ash_svg_bars(&b, bars, 3, true, "Top talkers");
	const char *s = ash_strbuf_str(&b);
	CHECK(balanced(s));
	CHECK(strstr(s, "&lt;b&gt;x&lt;/b&gt;\\x1b[31m") != NULL);
	CHECK(strstr(s, ">64.8 GB</text>") != NULL);
	CHECK(strstr(s, ">25.4 GB</text>") != NULL);
	CHECK_INT(count(s, "fill=\"#c0392b\""), 1);
	/* the long label is cut after 40 characters, with an ellipsis */
	CHECK(strstr(s, "すせ\xe2\x80\xa6</text>") != NULL);
	CHECK(strstr(s, "そ") == NULL);
	CHECK_INT(count(s, "<rect"), 3);
	ash_strbuf_free(&b);
}

TEST(units_forms)
{
	char b[ASH_UNITS_LEN];
	ash_units_bytes(0, b, sizeof b);
	CHECK_STR(b, "0 B");
	ash_units_bytes(999, b, sizeof b);
	CHECK_STR(b, "999 B");
	ash_units_bytes(1000, b, sizeof b);
	CHECK_STR(b, "1.0 kB");
	ash_units_bytes(999950, b, sizeof b);
	CHECK_STR(b, "1.0 MB");
	ash_units_bytes(64756124866ull, b, sizeof b);
	CHECK_STR(b, "64.8 GB");
	ash_units_bytes(403225680, b, sizeof b);
	CHECK_STR(b, "403 MB");
	ash_units_bytes(UINT64_MAX, b, sizeof b);
	CHECK_STR(b, "18.4 EB");
	ash_units_count(48983453, b, sizeof b);
	CHECK_STR(b, "48,983,453");
	ash_units_count(999, b, sizeof b);
	CHECK_STR(b, "999");
	ash_units_count(1000, b, sizeof b);
	CHECK_STR(b, "1,000");
	ash_units_count(UINT64_MAX, b, sizeof b);
	CHECK_STR(b, "18,446,744,073,709,551,615");
	ash_units_short(1500, b, sizeof b);
	CHECK_STR(b, "1.5 k");
	ash_units_short(49000000, b, sizeof b);
	CHECK_STR(b, "49.0 M");
	char small[4];
	ash_units_count(123456, small, sizeof small);
	CHECK_STR(small, "123");
}
