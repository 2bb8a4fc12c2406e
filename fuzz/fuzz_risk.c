/* SPDX-License-Identifier: MIT */
/* fuzz_risk.c: the risk library on arbitrary numbers and labels: up to
 * four scenarios whose ranges, kinds, modes, controls, maturities, map and
 * options come from the input (raw doubles included: NaN, inf, extremes),
 * validated, simulated for a few years, checked for sane statistics, then
 * a what-if and an SVG chart with labels from the input.  Any validation
 * error is fine; a crash, a hang or an insane number is not. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "risk/fair.h"
#include "risk/lec_svg.h"

typedef struct rd {
	const uint8_t *p;
	size_t n;
} rd;

static uint8_t byte(rd *r)
{
	if (!r->n)
		return 0;
	r->n--;
	return *r->p++;
}

/* A raw double (1 in 4) or a scaled fraction 0 .. 1e11. */
static double num(rd *r)
{
	uint8_t s = byte(r);
	if (s % 4 == 0) {
		double d = 0;
		uint8_t b[8] = {0};
		for (int i = 0; i < 8; i++)
			b[i] = byte(r);
		memcpy(&d, b, 8);
		return d;
	}
	double f = (double)(byte(r) | byte(r) << 8) / 65535.0;
	return f * pow(10, (s >> 2) % 16 - 4);
}

static void dist(rd *r, ash_dist *d)
{
	double a = num(r), b = num(r), c = num(r);
	switch (byte(r) % 6) {
	case 0: ash_dist_const(d, a, NULL); break;
	case 1: ash_dist_uniform(d, a, c, NULL); break;
	case 2: ash_dist_triangular(d, a, b, c, NULL); break;
	case 3: ash_dist_pert(d, a, b, c, NULL); break;
	case 4: ash_dist_lognormal90(d, a, c, NULL); break;
	default: memset(d, 0, sizeof(*d)); break;
	}
}

static void sane(const ash_fair_stats *s)
{
	if (!(s->ale >= 0) || !isfinite(s->ale) || !(s->p50 <= s->var95) ||
	    !(s->var95 <= s->var99) || !(s->var99 <= s->max) ||
	    !(s->p_loss >= 0 && s->p_loss <= 1) || s->n_lec > ASH_FAIR_LEC_MAX)
		abort();
	for (unsigned i = 0; i < s->n_lec; i++) {
		if (!(s->lec_p[i] >= 0 && s->lec_p[i] <= 1))
			abort();
		if (i && (!(s->lec_x[i] > s->lec_x[i - 1]) || s->lec_p[i] > s->lec_p[i - 1]))
			abort();
	}
}

static void chart(const ash_fair_result *res, rd *r)
{
	char label[64];
	size_t n = r->n < sizeof(label) - 1 ? r->n : sizeof(label) - 1;
	memcpy(label, r->p, n);
	label[n] = 0;
	ash_lec_curve c[2] = {ash_lec_curve_of(&res->org, label),
			      ash_lec_curve_of(&res->scen[0], "scenario")};
	ash_lec_svg_opts o = {label, label, byte(r), byte(r)};
	char *svg = NULL;
	size_t len = 0;
	if (ash_lec_svg(c, 2, &o, &svg, &len, NULL) == 0) {
		if (!svg || strlen(svg) != len || strstr(svg, "<script"))
			abort();
		free(svg);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rd r = {data, size};
	ash_fair_scenario s[4];
	char ids[4][8];
	size_t ctl[4][2];
	double mat[2 * 3];
	size_t ns = 1 + byte(&r) % 4;
	for (int i = 0; i < 6; i++)
		mat[i] = byte(&r) % 8 == 0 ? num(&r) : (byte(&r) % 41) / 10.0;
	for (size_t i = 0; i < ns; i++) {
		ash_fair_scenario_init(&s[i]);
		memcpy(ids[i], "s0", 3);
		ids[i][1] = (char)('0' + (byte(&r) % 5));
		s[i].id = ids[i];
		s[i].site = byte(&r) % 3;
		dist(&r, &s[i].tef);
		s[i].vuln_mode = byte(&r) % 3;
		dist(&r, &s[i].vuln);
		dist(&r, &s[i].tcap);
		dist(&r, &s[i].rs);
		ctl[i][0] = byte(&r) % 4;
		ctl[i][1] = byte(&r) % 3;
		s[i].controls = ctl[i];
		s[i].n_controls = byte(&r) % 3;
		s[i].level = byte(&r) % 2 ? num(&r) : -1;
		dist(&r, &s[i].primary);
		s[i].secondary_p = byte(&r) % 2 ? num(&r) : 0;
		dist(&r, &s[i].secondary);
		s[i].fx = byte(&r) % 4 ? 1 : num(&r);
		/* keep each run small: no more than ~1000 events a year */
		if (s[i].tef.c > 1000)
			return 0;
	}
	ash_fair_model m = {s, ns, 2, 3, byte(&r) % 5 ? mat : NULL, {{0}, {0}, {0}}};
	ash_fair_map_default(&m.map);
	if (byte(&r) % 4 == 0) {
		int k = byte(&r) % 5;
		m.map.min[k] = num(&r);
		m.map.mode[k] = num(&r);
		m.map.max[k] = num(&r);
	}
	ash_fair_opts o = {byte(&r), 1 + byte(&r) % 64u, 1 + byte(&r) % 3u,
			   byte(&r) % 2 ? num(&r) : 0, byte(&r)};
	ash_fair_result res;
	if (ash_fair_simulate(&m, &o, &res, NULL) == 0) {
		sane(&res.org);
		for (size_t i = 0; i < res.n_scen; i++)
			sane(&res.scen[i]);
		for (size_t i = 0; i < res.n_sites; i++)
			sane(&res.site[i]);
		chart(&res, &r);
		ash_fair_result_free(&res);
	}
	ash_fair_edit ed = {byte(&r) % 3, byte(&r) % 4, num(&r)};
	ash_fair_change ch = {"x", &ed, 1};
	ash_fair_whatif w;
	if (ash_fair_whatif_run(&m, &o, &ch, 1, &w, NULL) == 0) {
		if (w.n_gain != 1 || !(w.gain[0].ale_after >= 0))
			abort();
		sane(&w.plan.org);
		ash_fair_whatif_free(&w);
	}
	return 0;
}
