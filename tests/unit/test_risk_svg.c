/* SPDX-License-Identifier: MIT */
/* test_risk_svg.c: the loss exceedance chart (src/risk/lec_svg.h): one
 * polyline per curve with points inside the plot, decade labels, labels
 * escaped (markup, quotes, control bytes, invalid UTF-8), bad input
 * refused, a curve of a simulation drawn. */
#include "harness.h"

#include <math.h>
#include <stdlib.h>

#include "risk/lec_svg.h"

static int count(const char *s, const char *sub)
{
	int n = 0;
	for (const char *p = strstr(s, sub); p; p = strstr(p + 1, sub))
		n++;
	return n;
}

TEST(risk_svg_chart)
{
	double x1[] = {1e3, 1e4, 1e5, 2e6}, p1[] = {0.6, 0.3, 0.05, 0};
	double x2[] = {1e3, 1e4, 1e5}, p2[] = {0.4, 0.1, 0.0};
	ash_lec_curve c[3] = {
		{"before <script>alert('x')</script> & \"q\"", x1, p1, 4, 2e4},
		{"after \x01\x1b[2J 成熟度 \xff\xfe", x2, p2, 3, 5e3},
		{"empty", NULL, NULL, 0, 0}};
	ash_lec_svg_opts o = {"Hub site <HQ>", "annual loss (JPY)", 0, 0};
	char *svg = NULL;
	size_t len = 0;
	ash_err e;
	CHECK_INT(ash_lec_svg(c, 3, &o, &svg, &len, &e), 0);
	if (!svg)
		return;
	CHECK_INT(len, strlen(svg));
	CHECK(strncmp(svg, "<svg ", 5) == 0);
	CHECK(strstr(svg, "</svg>\n") == svg + len - 7);
	CHECK_INT(count(svg, "<polyline"), 2);
	CHECK(!strstr(svg, "<script"));
	CHECK(strstr(svg, "before &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
	CHECK(strstr(svg, "Hub site &lt;HQ&gt;"));
	CHECK(strstr(svg, "after ??[2J 成熟度 ??"));
	CHECK(strstr(svg, "empty (no loss simulated)"));
	CHECK(strstr(svg, ">1k<") && strstr(svg, ">10M<"));
	CHECK(strstr(svg, "annual loss (JPY)"));
	CHECK(!strstr(svg, "nan") && !strstr(svg, "inf"));
	for (const char *s = svg; *s; s++)
		CHECK((unsigned char)*s >= 0x20 || *s == '\n');
	CHECK_INT(count(svg, "stroke-dasharray=\"3 3\""), 2); /* two ALE ticks */
	/* every polyline point lies inside the 640 x 360 canvas */
	const char *p = strstr(svg, "points=\"");
	int inside = 1;
	while (p) {
		p += 8;
		double px, py;
		int used;
		while (sscanf(p, "%lf,%lf%n", &px, &py, &used) == 2) {
			inside &= px >= 0 && px <= 640 && py >= 0 && py <= 360;
			p += used;
		}
		p = strstr(p, "points=\"");
	}
	CHECK(inside);
	free(svg);
}

TEST(risk_svg_errors)
{
	double x[] = {10, 5}, pp[] = {0.5, 0.2};
	ash_lec_curve c = {"a", x, pp, 2, 0};
	char *svg = (char *)"untouched";
	size_t len = 0;
	ash_err e;
	CHECK_INT(ash_lec_svg(&c, 1, NULL, &svg, &len, &e), ASH_EUSAGE);
	CHECK(strstr(e.msg, "above the one before") != NULL);
	CHECK_STR(svg, "untouched");
	x[1] = 20;
	pp[1] = 1.5;
	CHECK_INT(ash_lec_svg(&c, 1, NULL, &svg, &len, &e), ASH_EUSAGE);
	CHECK_INT(ash_lec_svg(&c, 0, NULL, &svg, &len, &e), ASH_EUSAGE);
	x[0] = -1;
	pp[1] = 0.1;
	CHECK_INT(ash_lec_svg(&c, 1, NULL, &svg, &len, &e), ASH_EUSAGE);
}

TEST(risk_svg_of_simulation)
{
	ash_fair_scenario s;
	ash_fair_scenario_init(&s);
	s.id = "x";
	ash_dist_pert(&s.tef, 0.1, 1, 4, NULL);
	ash_dist_lognormal90(&s.primary, 1e4, 1e7, NULL);
	ash_fair_model m = {&s, 1, 1, 0, NULL, {{0}, {0}, {0}}};
	ash_fair_map_default(&m.map);
	ash_fair_opts o = {.seed = 1, .years = 5000};
	ash_fair_result r;
	ash_err e;
	CHECK_INT(ash_fair_simulate(&m, &o, &r, &e), 0);
	ash_lec_curve c = ash_lec_curve_of(&r.org, "org");
	CHECK_INT(c.n, 50);
	char *svg = NULL;
	size_t len;
	CHECK_INT(ash_lec_svg(&c, 1, NULL, &svg, &len, &e), 0);
	CHECK(svg && strstr(svg, "loss exceedance curve"));
	free(svg);
	ash_fair_result_free(&r);
}
