/* SPDX-License-Identifier: MIT */
/* test_risk.c: the FAIR simulation (src/risk/fair.h): statistics against
 * closed forms at a fixed seed (compound Poisson x lognormal mean and
 * exceedance, Poisson quantiles, PERT frequency, thinning by
 * vulnerability), reproducibility (same seed, any thread count, other
 * scenarios added), the maturity map (defaults valid, dominance check,
 * monotone loss across levels and through what-if), exchange rates,
 * shared yearly factor, and validation errors. */
#include "harness.h"

#include <math.h>
#include <stdlib.h>

#include "risk/fair.h"

#define CHECK_NEAR(a, b, tol)                                                  \
	do {                                                                   \
		double a__ = (a), b__ = (b), t__ = (tol);                      \
		if (!(fabs(a__ - b__) <= t__))                                 \
			ash_test_fail(__FILE__, __LINE__,                      \
				      "%s ~ %s (%.10g vs %.10g, tol %.3g)", #a, \
				      #b, a__, b__, t__);                      \
	} while (0)

static void check_msg(int rc, int code, const ash_err *e, const char *part)
{
	CHECK_INT(rc, code);
	if (!strstr(e->msg, part))
		ash_test_fail(__FILE__, __LINE__, "message \"%s\" lacks \"%s\"",
			      e->msg, part);
}

/* A scenario with a direct vulnerability v, Poisson(lambda) events and a
 * lognormal loss with 90% interval [p5, p95]. */
static void simple(ash_fair_scenario *s, const char *id, size_t site,
		   double lambda, double v, double p5, double p95)
{
	ash_fair_scenario_init(s);
	s->id = id;
	s->site = site;
	ash_dist_const(&s->tef, lambda, NULL);
	ash_dist_const(&s->vuln, v, NULL);
	if (p5 == p95)
		ash_dist_const(&s->primary, p5, NULL);
	else
		ash_dist_lognormal90(&s->primary, p5, p95, NULL);
}

static ash_fair_model model_of(ash_fair_scenario *s, size_t n, size_t sites)
{
	ash_fair_model m = {0};
	m.scen = s;
	m.n_scen = n;
	m.n_sites = sites;
	ash_fair_map_default(&m.map);
	return m;
}

static int sim(const ash_fair_model *m, uint64_t seed, uint32_t years,
	       unsigned threads, ash_fair_result *r)
{
	ash_fair_opts o = {.seed = seed, .years = years, .threads = threads};
	ash_err e = {0};
	int rc = ash_fair_simulate(m, &o, r, &e);
	if (rc)
		ash_test_fail(__FILE__, __LINE__, "simulate: %s", e.msg);
	return rc;
}

TEST(risk_compound_poisson_lognormal)
{
	/* ALE = lambda * E[X] = lambda * exp(mu + sigma^2/2);
	 * Var = lambda * E[X^2] = lambda * exp(2 mu + 2 sigma^2). */
	ash_fair_scenario s;
	simple(&s, "ransomware", 0, 2, 1, 1e3, 1e5);
	ash_fair_model m = model_of(&s, 1, 1);
	ash_fair_result r;
	const uint32_t Y = 200000;
	if (sim(&m, 2024, Y, 2, &r))
		return;
	double mu = log(1e4), sg = log(100) / (2 * 1.6448536269514722);
	double ale = 2 * exp(mu + sg * sg / 2), sd = sqrt(2 * exp(2 * mu + 2 * sg * sg));
	CHECK_NEAR(r.scen[0].ale, ale, 5 * sd / sqrt(Y));
	CHECK_NEAR(r.org.ale, r.scen[0].ale, 0);
	CHECK_NEAR(r.site[0].ale, r.scen[0].ale, 0);
	CHECK_NEAR(r.scen[0].sd, sd, 0.1 * sd); /* heavy tail: loose */
	CHECK_NEAR(r.scen[0].events, 2, 5 * sqrt(2.0 / Y));
	CHECK_NEAR(r.scen[0].p_loss, 1 - exp(-2), 5 * sqrt(0.13 * 0.87 / Y));
	CHECK(r.scen[0].var95 <= r.scen[0].var99 && r.scen[0].var99 <= r.scen[0].max);
	CHECK(r.scen[0].p50 <= r.scen[0].var95);
	ash_fair_result_free(&r);
}

/* Rare events: P(L > x) = 1 - exp(-lambda S(x)) up to P(N >= 2); the curve
 * then gives the lognormal's quantiles. */
TEST(risk_exceedance_lognormal_tail)
{
	ash_fair_scenario s;
	const double lam = 0.02;
	simple(&s, "outage", 0, lam, 1, 1e4, 1e6);
	ash_fair_model m = model_of(&s, 1, 1);
	ash_fair_result r;
	const uint32_t Y = 400000;
	if (sim(&m, 77, Y, 2, &r))
		return;
	ash_dist d;
	ash_dist_lognormal90(&d, 1e4, 1e6, NULL);
	CHECK_INT(r.scen[0].n_lec, 50);
	for (unsigned i = 0; i + 1 < r.scen[0].n_lec; i++) {
		double x = r.scen[0].lec_x[i], p = r.scen[0].lec_p[i];
		double want = 1 - exp(-lam * (1 - ash_dist_cdf(&d, x)));
		/* sampling error + the years with two events (< lam^2 / 2) */
		CHECK_NEAR(p, want, 5 * sqrt(want / Y) + lam * lam / 2);
		CHECK(r.scen[0].lec_x[i + 1] > x);
		CHECK(r.scen[0].lec_p[i + 1] <= p);
	}
	CHECK_NEAR(r.scen[0].lec_p[r.scen[0].n_lec - 1], 0, 0);
	/* VaR 99: P(L > q) = 0.01 -> S(q) = -ln(0.99) / lam */
	double z = ash_dist_phi_inv(1 + log(0.99) / lam);
	double q = exp(d.p1 + d.p2 * z);
	CHECK_NEAR(log(r.scen[0].var99), log(q), 0.08);
	CHECK_NEAR(r.scen[0].var95, 0, 0); /* 98% of years have no loss */
	CHECK_NEAR(ash_fair_exceed(&r.scen[0], r.scen[0].lec_x[3]), r.scen[0].lec_p[3], 1e-12);
	CHECK_NEAR(ash_fair_exceed(&r.scen[0], r.scen[0].max * 2), 0, 0);
	ash_fair_result_free(&r);
}

/* Loss 1 per event: the annual loss is the Poisson count itself. */
TEST(risk_poisson_counts_and_quantiles)
{
	ash_fair_scenario s;
	simple(&s, "count", 0, 3, 1, 1, 1);
	ash_fair_model m = model_of(&s, 1, 1);
	ash_fair_result r;
	const uint32_t Y = 100000;
	if (sim(&m, 5, Y, 2, &r))
		return;
	CHECK_NEAR(r.scen[0].ale, 3, 5 * sqrt(3.0 / Y));
	CHECK_NEAR(r.scen[0].sd * r.scen[0].sd, 3, 0.1);
	/* Poisson(3): median 3, 95th 6, 99th 8 (nearest rank) */
	CHECK_NEAR(r.scen[0].p50, 3, 0);
	CHECK_NEAR(r.scen[0].var95, 6, 0);
	CHECK_NEAR(r.scen[0].var99, 8, 0);
	ash_fair_result_free(&r);
	/* thinning: 8 events a year, each a loss with probability 1/4 */
	simple(&s, "thin", 0, 8, 0.25, 1, 1);
	if (sim(&m, 5, Y, 2, &r))
		return;
	CHECK_NEAR(r.scen[0].ale, 2, 5 * sqrt(2.0 / Y));
	CHECK_NEAR(r.scen[0].p_loss, 1 - exp(-2), 5 * sqrt(0.2 / Y));
	ash_fair_result_free(&r);
	/* PERT frequency: mean (a + 4m + b) / 6 events */
	simple(&s, "pert", 0, 1, 1, 1, 1);
	ash_dist_pert(&s.tef, 1, 3, 8, NULL);
	if (sim(&m, 6, Y, 2, &r))
		return;
	CHECK_NEAR(r.scen[0].ale, 3.5, 5 * sqrt(4.5 / Y));
	ash_fair_result_free(&r);
	/* a vulnerability range is drawn once a year: mean of PERT */
	simple(&s, "vrange", 0, 6, 1, 1, 1);
	ash_dist_pert(&s.vuln, 0.1, 0.2, 0.9, NULL);
	if (sim(&m, 6, Y, 2, &r))
		return;
	CHECK_NEAR(r.scen[0].ale, 6 * (0.1 + 0.8 + 0.9) / 6, 0.03);
	CHECK_NEAR(r.scen_vuln[0], 0.3, 1e-12);
	ash_fair_result_free(&r);
}

static int same_stats(const ash_fair_stats *a, const ash_fair_stats *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

static int same_result(const ash_fair_result *a, const ash_fair_result *b)
{
	int ok = same_stats(&a->org, &b->org);
	for (size_t i = 0; i < a->n_scen; i++)
		ok &= same_stats(&a->scen[i], &b->scen[i]);
	for (size_t i = 0; i < a->n_sites; i++)
		ok &= same_stats(&a->site[i], &b->site[i]);
	return ok;
}

/* Four scenarios at three sites, two of them through maturity. */
typedef struct fixture {
	ash_fair_scenario s[4];
	size_t ctl_a[2], ctl_b[1];
	double mat[3 * 3];
	ash_fair_model m;
} fixture;

static void fixture_init(fixture *f)
{
	memset(f, 0, sizeof(*f));
	simple(&f->s[0], "hq-phish", 0, 4, 0.3, 2e3, 2e5);
	simple(&f->s[1], "hub-reflector", 1, 1, 1, 1e4, 1e6);
	f->s[1].vuln_mode = ASH_FAIR_VULN_TCAP;
	ash_dist_pert(&f->s[1].tcap, 0.2, 0.5, 0.9, NULL);
	f->ctl_a[0] = 0;
	f->ctl_a[1] = 2;
	f->s[1].controls = f->ctl_a;
	f->s[1].n_controls = 2;
	ash_dist_pert(&f->s[1].tef, 0.5, 3, 12, NULL);
	f->s[1].secondary_p = 0.3;
	ash_dist_lognormal90(&f->s[1].secondary, 5e4, 5e6, NULL);
	simple(&f->s[2], "hub-malware", 1, 2, 1, 1e3, 3e5);
	f->s[2].vuln_mode = ASH_FAIR_VULN_TCAP;
	ash_dist_triangular(&f->s[2].tcap, 0.3, 0.6, 1, NULL);
	f->ctl_b[0] = 1;
	f->s[2].controls = f->ctl_b;
	f->s[2].n_controls = 1;
	f->s[2].fx = 0.0067; /* e.g. JPY per ... reporting currency */
	simple(&f->s[3], "eu-outage", 2, 0.5, 1, 5e3, 5e5);
	f->s[3].vuln_mode = ASH_FAIR_VULN_TCAP;
	ash_dist_uniform(&f->s[3].tcap, 0, 1, NULL);
	f->s[3].level = 2.5;
	for (int i = 0; i < 9; i++)
		f->mat[i] = 1 + (i % 4) * 0.5;
	f->mat[1 * 3 + 1] = NAN; /* hub control 1 not assessed */
	f->m = model_of(f->s, 4, 3);
	f->m.n_controls = 3;
	f->m.maturity = f->mat;
}

TEST(risk_reproducible)
{
	fixture f;
	fixture_init(&f);
	ash_fair_result a, b, c, d;
	if (sim(&f.m, 99, 20000, 2, &a) || sim(&f.m, 99, 20000, 2, &b) ||
	    sim(&f.m, 99, 20000, 1, &c) || sim(&f.m, 99, 20000, 3, &d))
		return;
	CHECK(same_result(&a, &b));
	CHECK(same_result(&a, &c));
	CHECK(same_result(&a, &d));
	/* site totals are the per-year sums of their scenarios */
	CHECK_NEAR(a.site[1].ale, a.scen[1].ale + a.scen[2].ale, 1e-6 * a.site[1].ale);
	CHECK_NEAR(a.org.ale, a.scen[0].ale + a.scen[1].ale + a.scen[2].ale + a.scen[3].ale,
		   1e-6 * a.org.ale);
	CHECK_NEAR(a.scen_level[1], (f.mat[3] + f.mat[5]) / 2, 1e-12);
	CHECK_NEAR(a.scen_level[2], 0, 0); /* NAN counts as 0 */
	CHECK_NEAR(a.scen_level[3], 2.5, 0);
	CHECK(isnan(a.scen_level[0]));
	CHECK_NEAR(a.scen_vuln[1], ash_fair_scenario_vuln(&f.m, 1), 1e-12);
	ash_fair_result_free(&b);
	/* another seed, other numbers */
	if (sim(&f.m, 100, 20000, 2, &b))
		return;
	CHECK(!same_stats(&a.org, &b.org));
	ash_fair_result_free(&b);
	/* a scenario's numbers depend on its id, not on the others */
	fixture g;
	fixture_init(&g);
	g.m.n_scen = 2;
	g.m.scen = &g.s[2];
	g.m.n_controls = 3;
	if (sim(&g.m, 99, 20000, 2, &b))
		return;
	CHECK(same_stats(&a.scen[2], &b.scen[0]));
	CHECK(same_stats(&a.scen[3], &b.scen[1]));
	ash_fair_result_free(&a);
	ash_fair_result_free(&b);
	ash_fair_result_free(&c);
	ash_fair_result_free(&d);
}

TEST(risk_map_default_and_check)
{
	ash_fair_map mp;
	ash_err e;
	ash_fair_map_default(&mp);
	CHECK_INT(ash_fair_map_check(&mp, &e), 0);
	/* the CDF never rises with the level, between levels too */
	int mono = 1;
	for (double x = 0.01; x < 1; x += 0.02) {
		double prev = 2;
		for (double l = 0; l <= 4.0001; l += 0.1) {
			double c = ash_fair_map_cdf(&mp, l, x);
			mono &= c <= prev && c >= 0 && c <= 1;
			prev = c;
		}
	}
	CHECK(mono);
	/* a level weaker than the one below is refused */
	ash_fair_map bad = mp;
	bad.min[3] = 0.1;
	check_msg(ash_fair_map_check(&bad, &e), ASH_EUSAGE, &e, "level 3 is weaker than level 2");
	bad = mp;
	bad.mode[1] = 0.5;
	check_msg(ash_fair_map_check(&bad, &e), ASH_EUSAGE, &e, "level 1: need 0 <= min <= most likely <= max <= 1");
	bad = mp;
	bad.max[4] = 1.2;
	check_msg(ash_fair_map_check(&bad, &e), ASH_EUSAGE, &e, "level 4");
	/* an edited map that keeps dominance is accepted */
	bad = mp;
	bad.max[4] = 1;
	bad.mode[4] = 0.9;
	CHECK_INT(ash_fair_map_check(&bad, &e), 0);
}

TEST(risk_vulnerability_monotone)
{
	ash_fair_map mp;
	ash_fair_map_default(&mp);
	ash_dist t[4];
	ash_dist_pert(&t[0], 0.3, 0.6, 0.9, NULL);
	ash_dist_uniform(&t[1], 0, 1, NULL);
	ash_dist_const(&t[2], 0.5, NULL);
	ash_dist_triangular(&t[3], 0.7, 0.95, 1, NULL);
	for (int k = 0; k < 4; k++) {
		double prev = 2;
		int mono = 1;
		for (double l = 0; l <= 4.0001; l += 0.125) {
			double v = ash_fair_vuln_at(&mp, &t[k], l);
			mono &= v <= prev && v >= 0 && v <= 1;
			prev = v;
		}
		CHECK(mono);
		/* maturity makes a real difference between 0 and 4 */
		CHECK(ash_fair_vuln_at(&mp, &t[k], 0) > ash_fair_vuln_at(&mp, &t[k], 4) + 0.1);
	}
	/* uniform capability: v = 1 - E[RS]; level 2 RS ~ PERT(.25,.45,.65) */
	CHECK_NEAR(ash_fair_vuln_at(&mp, &t[1], 2), 1 - 0.45, 2e-3);
	/* constant capability 0.5 vs RS: P(RS < 0.5) */
	CHECK_NEAR(ash_fair_vuln_at(&mp, &t[2], 3), ash_fair_map_cdf(&mp, 3, 0.5), 2e-3);
}

/* Raising one control step by step never raises any simulated number. */
TEST(risk_maturity_monotone_loss)
{
	fixture f;
	fixture_init(&f);
	ash_fair_result prev = {0}, r;
	int first = 1;
	for (double l = 0; l <= 4.0001; l += 0.25) {
		f.mat[1 * 3 + 0] = l; /* hub, control 0: used by hub-reflector */
		if (sim(&f.m, 31, 20000, 2, &r))
			return;
		if (!first) {
			CHECK(r.org.ale <= prev.org.ale);
			CHECK(r.org.var95 <= prev.org.var95);
			CHECK(r.org.var99 <= prev.org.var99);
			CHECK(r.org.max <= prev.org.max);
			CHECK(r.scen[1].ale <= prev.scen[1].ale);
			CHECK(r.scen_vuln[1] <= prev.scen_vuln[1]);
			CHECK(same_stats(&r.scen[0], &prev.scen[0]));
			ash_fair_result_free(&prev);
		}
		first = 0;
		prev = r;
	}
	/* from level 0 to 4 on that control the scenario loses clearly less */
	ash_fair_result lo;
	f.mat[3] = 0;
	if (sim(&f.m, 31, 20000, 2, &lo))
		return;
	CHECK(prev.scen[1].ale < 0.8 * lo.scen[1].ale);
	ash_fair_result_free(&lo);
	ash_fair_result_free(&prev);
}

TEST(risk_whatif)
{
	fixture f;
	fixture_init(&f);
	ash_fair_edit e0[] = {{1, 0, 4}, {1, 2, 4}}; /* hub: both controls */
	ash_fair_edit e1[] = {{1, 1, 3}};            /* hub: control 1 */
	ash_fair_edit e2[] = {{0, 0, 4}};            /* hq: no scenario uses it */
	ash_fair_change ch[] = {{"hub reflector", e0, 2}, {"hub malware", e1, 1},
				{"hq nothing", e2, 1}};
	ash_fair_opts o = {.seed = 8, .years = 20000, .threads = 2};
	ash_fair_whatif w;
	ash_err e = {0};
	int rc = ash_fair_whatif_run(&f.m, &o, ch, 3, &w, &e);
	CHECK_INT(rc, 0);
	if (rc) {
		ash_test_fail(__FILE__, __LINE__, "%s", e.msg);
		return;
	}
	ash_fair_result base;
	if (sim(&f.m, 8, 20000, 2, &base))
		return;
	CHECK(same_result(&w.base, &base));
	CHECK_INT(w.n_gain, 3);
	for (size_t i = 0; i < 3; i++) {
		CHECK(w.gain[i].reduction >= 0);
		CHECK(i == 0 || w.gain[i].reduction <= w.gain[i - 1].reduction);
		CHECK_NEAR(w.gain[i].ale_before, base.org.ale, 0);
	}
	CHECK_INT(w.gain[2].change, 2); /* touches no scenario */
	CHECK_INT(w.gain[2].n_scen_hit, 0);
	CHECK_NEAR(w.gain[2].reduction, 0, 0);
	CHECK(w.gain[0].reduction > 0);
	CHECK(w.plan.org.ale <= w.base.org.ale - w.gain[0].reduction + 1e-6);
	/* each change's result equals a fresh simulation of the raised model */
	for (size_t i = 0; i < 2; i++) {
		fixture g;
		fixture_init(&g);
		const ash_fair_change *c = &ch[w.gain[i].change];
		for (size_t k = 0; k < c->n_edits; k++)
			g.mat[c->edits[k].site * 3 + c->edits[k].control] = c->edits[k].level;
		ash_fair_result r;
		if (sim(&g.m, 8, 20000, 2, &r))
			return;
		CHECK_NEAR(w.gain[i].ale_after, r.org.ale, 0);
		CHECK_NEAR(w.gain[i].var99_after, r.org.var99, 0);
		ash_fair_result_free(&r);
	}
	ash_fair_result_free(&base);
	ash_fair_whatif_free(&w);
	/* bad edits */
	ash_fair_edit bad[] = {{1, 7, 3}};
	ash_fair_change cb[] = {{"x", bad, 1}};
	check_msg(ash_fair_whatif_run(&f.m, &o, cb, 1, &w, &e), ASH_EUSAGE, &e,
		  "control 7 out of range");
	bad[0].control = 0;
	bad[0].level = 5;
	check_msg(ash_fair_whatif_run(&f.m, &o, cb, 1, &w, &e), ASH_EUSAGE, &e,
		  "level 5 is outside 0..4");
	CHECK(w.gain == NULL && w.base.scen == NULL);
	check_msg(ash_fair_whatif_run(&f.m, &o, cb, ASH_FAIR_MAX_CHANGES + 1, &w, &e),
		  ASH_ELIMIT, &e, "changes, limit");
}

TEST(risk_fx_and_shared_factor)
{
	ash_fair_scenario s[2];
	simple(&s[0], "a", 0, 3, 0.5, 1e3, 1e5);
	simple(&s[1], "b", 1, 3, 0.5, 1e3, 1e5);
	ash_fair_model m = model_of(s, 2, 2);
	ash_fair_result r1, r2;
	if (sim(&m, 3, 50000, 2, &r1))
		return;
	s[0].fx = 2;
	if (sim(&m, 3, 50000, 2, &r2))
		return;
	CHECK_NEAR(r2.scen[0].ale, 2 * r1.scen[0].ale, 0);
	CHECK_NEAR(r2.scen[0].var99, 2 * r1.scen[0].var99, 0);
	CHECK(same_stats(&r2.scen[1], &r1.scen[1]));
	ash_fair_result_free(&r2);
	/* a shared yearly factor keeps the ALEs, widens the org's spread */
	s[0].fx = 1;
	ash_fair_opts o = {.seed = 3, .years = 50000, .shared_sigma = 0.8};
	ash_err e;
	CHECK_INT(ash_fair_simulate(&m, &o, &r2, &e), 0);
	CHECK_NEAR(r2.org.ale, r1.org.ale, 0.05 * r1.org.ale);
	CHECK(r2.org.sd > 1.05 * r1.org.sd);
	ash_fair_result_free(&r1);
	ash_fair_result_free(&r2);
}

TEST(risk_validation)
{
	fixture f;
	ash_fair_result r;
	ash_err e;
	ash_fair_opts o = {.seed = 1, .years = 1000};
	fixture_init(&f);
	f.s[2].id = "hq-phish";
	check_msg(ash_fair_simulate(&f.m, &o, &r, &e), ASH_EUSAGE, &e, "\"hq-phish\": id used twice");
	fixture_init(&f);
	f.s[3].site = 3;
	check_msg(ash_fair_simulate(&f.m, &o, &r, &e), ASH_EUSAGE, &e, "scenario \"eu-outage\": site 3 out of range");
	fixture_init(&f);
	ash_dist_pert(&f.s[1].tcap, 0.2, 0.5, 1.5, NULL);
	check_msg(ash_fair_simulate(&f.m, &o, &r, &e), ASH_EUSAGE, &e, "threat capability: max 1.5 is above 1");
	fixture_init(&f);
	ash_dist_lognormal90(&f.s[0].vuln, 0.1, 0.5, NULL);
	check_msg(ash_fair_simulate(&f.m, &o, &r, &e), ASH_EUSAGE, &e, "vulnerability: a lognormal is unbounded");
	fixture_init(&f);
	f.s[0].fx = 0;
	check_msg(ash_fair_simulate(&f.m, &o, &r, &e), ASH_EUSAGE, &e, "exchange rate 0");
	fixture_init(&f);
	f.s[0].secondary_p = 1.5;
	check_msg(ash_fair_simulate(&f.m, &o, &r, &e), ASH_EUSAGE, &e, "secondary loss probability 1.5");
	fixture_init(&f);
	ash_dist_uniform(&f.s[0].tef, -1, 3, NULL);
	check_msg(ash_fair_simulate(&f.m, &o, &r, &e), ASH_EUSAGE, &e, "threat event frequency: min -1 is below 0");
	fixture_init(&f);
	f.mat[4] = 4.5;
	check_msg(ash_fair_simulate(&f.m, &o, &r, &e), ASH_EUSAGE, &e, "site 1 control 1 is 4.5");
	fixture_init(&f);
	f.ctl_b[0] = 9;
	check_msg(ash_fair_simulate(&f.m, &o, &r, &e), ASH_EUSAGE, &e, "control 9 out of range");
	fixture_init(&f);
	f.m.maturity = NULL;
	check_msg(ash_fair_simulate(&f.m, &o, &r, &e), ASH_EUSAGE, &e, "no maturity table");
	fixture_init(&f);
	f.m.map.min[2] = 0.5;
	check_msg(ash_fair_simulate(&f.m, &o, &r, &e), ASH_EUSAGE, &e, "maturity map: level 2");
	fixture_init(&f);
	f.s[1].id = "bad\x1b[31mid";
	f.s[1].fx = -1;
	check_msg(ash_fair_simulate(&f.m, &o, &r, &e), ASH_EUSAGE, &e, "scenario \"bad?[31mid\"");
	fixture_init(&f);
	ash_fair_opts big = {.seed = 1, .years = 20000000};
	check_msg(ash_fair_simulate(&f.m, &big, &r, &e), ASH_ELIMIT, &e, "years");
	big.years = 9000000;
	check_msg(ash_fair_simulate(&f.m, &big, &r, &e), ASH_ELIMIT, &e, "memory limit");
	ash_dist_lognormal90(&f.s[0].tef, 1e5, 9e5, NULL);
	f.s[0].vuln_mode = ASH_FAIR_VULN_DIRECT;
	ash_dist_const(&f.s[0].vuln, 1, NULL);
	big.years = 100000;
	check_msg(ash_fair_simulate(&f.m, &big, &r, &e), ASH_ELIMIT, &e, "loss events");
	CHECK(r.scen == NULL && r.org.ale == 0);
	ash_fair_model empty = {0};
	check_msg(ash_fair_simulate(&empty, &o, &r, &e), ASH_EUSAGE, &e, "no scenario");
}
