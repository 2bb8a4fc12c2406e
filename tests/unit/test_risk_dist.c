/* SPDX-License-Identifier: MIT */
/* test_risk_dist.c: the risk library's PRNG and distributions
 * (src/risk/rng.h, dist.h): reproducibility of streams, sample moments
 * against closed forms (normal, gamma, beta, PERT, triangular, uniform,
 * lognormal from a 90% interval, Poisson on both of its algorithms),
 * quantiles, CDFs against known values, and the validation messages.
 * Tolerances are a few standard errors of the estimate at a fixed seed. */
#include "harness.h"

#include <math.h>
#include <stdlib.h>

#include "risk/dist.h"
#include "risk/rng.h"

#define NS 200000

static int near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

#define CHECK_NEAR(a, b, tol)                                                  \
	do {                                                                   \
		double a__ = (a), b__ = (b), t__ = (tol);                      \
		if (!near(a__, b__, t__))                                      \
			ash_test_fail(__FILE__, __LINE__,                      \
				      "%s ~ %s (%.10g vs %.10g, tol %.3g)", #a, \
				      #b, a__, b__, t__);                      \
	} while (0)

/* mean and variance of NS draws of d */
static void moments(const ash_dist *d, uint64_t seed, double *mean, double *var)
{
	ash_rrng r;
	ash_rrng_seed(&r, seed, 1, 2);
	double s = 0, ss = 0;
	for (int i = 0; i < NS; i++) {
		double x = ash_dist_sample(d, &r);
		s += x;
		ss += x * x;
	}
	*mean = s / NS;
	*var = ss / NS - *mean * *mean;
}

static int cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

TEST(risk_rng_streams)
{
	ash_rrng a, b, c;
	ash_rrng_seed(&a, 7, 1, 2);
	ash_rrng_seed(&b, 7, 1, 2);
	ash_rrng_seed(&c, 7, 1, 3);
	int same = 1, diff = 0;
	double s = 0, lo = 1, hi = 0;
	for (int i = 0; i < 1000; i++) {
		uint64_t x = ash_rrng_next(&a), y = ash_rrng_next(&b);
		same &= x == y;
		diff += x != ash_rrng_next(&c);
	}
	CHECK(same);
	CHECK(diff > 990);
	for (int i = 0; i < NS; i++) {
		double u = ash_rrng_u01(&a);
		s += u;
		lo = u < lo ? u : lo;
		hi = u > hi ? u : hi;
	}
	CHECK(lo > 0 && hi < 1);
	CHECK_NEAR(s / NS, 0.5, 5 * sqrt(1.0 / 12 / NS));
	/* jump: deterministic and moves the state */
	ash_rrng_seed(&a, 7, 1, 2);
	ash_rrng_seed(&b, 7, 1, 2);
	ash_xoshiro_jump(&a);
	ash_xoshiro_jump(&b);
	CHECK(ash_rrng_next(&a) == ash_rrng_next(&b));
	ash_rrng_seed(&c, 7, 1, 2);
	CHECK(ash_rrng_next(&a) != ash_rrng_next(&c));
	CHECK(ash_rrng_hash("a") != ash_rrng_hash("b"));
}

TEST(risk_normal_moments)
{
	ash_rrng r;
	ash_rrng_seed(&r, 11, 0, 0);
	double s = 0, ss = 0, s4 = 0;
	int t196 = 0, t3 = 0;
	for (int i = 0; i < 1000000; i++) {
		double z = ash_dist_normal(&r);
		s += z;
		ss += z * z;
		s4 += z * z * z * z;
		t196 += fabs(z) > 1.959963984540054;
		t3 += z > 3;
	}
	double n = 1e6;
	CHECK_NEAR(s / n, 0, 5 / sqrt(n));
	CHECK_NEAR(ss / n, 1, 5 * sqrt(2 / n));
	CHECK_NEAR(s4 / n, 3, 5 * sqrt(96 / n));
	CHECK_NEAR(t196 / n, 0.05, 5 * sqrt(0.05 * 0.95 / n));
	/* the tail beyond the ziggurat's base (3.44) is drawn separately */
	CHECK_NEAR(t3 / n, 1.3498980316301e-3, 5 * sqrt(1.35e-3 / n));
}

TEST(risk_gamma_beta)
{
	const double shapes[] = {0.5, 1, 2.5, 9};
	for (size_t k = 0; k < 4; k++) {
		ash_rrng r;
		ash_rrng_seed(&r, 3, k, 0);
		double a = shapes[k], s = 0, ss = 0;
		for (int i = 0; i < NS; i++) {
			double g = ash_dist_gamma(&r, a);
			CHECK(g >= 0);
			s += g;
			ss += g * g;
		}
		double m = s / NS, v = ss / NS - m * m;
		CHECK_NEAR(m, a, 5 * sqrt(a / NS));
		CHECK_NEAR(v, a, 0.03 * a + 0.01);
	}
	ash_rrng r;
	ash_rrng_seed(&r, 4, 0, 0);
	double s = 0;
	for (int i = 0; i < NS; i++)
		s += ash_dist_beta(&r, 2, 5);
	CHECK_NEAR(s / NS, 2.0 / 7, 5 * sqrt(10.0 / (49 * 8) / NS));
}

TEST(risk_pert_triangular_uniform)
{
	ash_dist d;
	double m, v;
	ash_err err;
	CHECK_INT(ash_dist_pert(&d, 10, 20, 60, &err), 0);
	CHECK_INT(d.kind, ASH_DIST_PERT);
	CHECK_NEAR(ash_dist_mean(&d), (10 + 4 * 20 + 60) / 6.0, 1e-12);
	moments(&d, 5, &m, &v);
	/* PERT variance (mean - a)(b - mean) / 7 */
	double mu = (10 + 80 + 60) / 6.0, var = (mu - 10) * (60 - mu) / 7;
	CHECK_NEAR(m, mu, 5 * sqrt(var / NS));
	CHECK_NEAR(v, var, 0.03 * var);
	/* empirical CDF against the incomplete beta */
	ash_rrng r;
	ash_rrng_seed(&r, 6, 0, 0);
	int below[3] = {0};
	const double xs[3] = {15, 25, 40};
	for (int i = 0; i < NS; i++) {
		double x = ash_dist_sample(&d, &r);
		CHECK(x >= 10 && x <= 60);
		for (int j = 0; j < 3; j++)
			below[j] += x <= xs[j];
	}
	for (int j = 0; j < 3; j++) {
		double p = ash_dist_cdf(&d, xs[j]);
		CHECK_NEAR((double)below[j] / NS, p, 5 * sqrt(p * (1 - p) / NS) + 1e-9);
	}
	CHECK_INT(ash_dist_triangular(&d, 1, 2, 6, &err), 0);
	CHECK_NEAR(ash_dist_mean(&d), 3, 1e-12);
	moments(&d, 7, &m, &v);
	CHECK_NEAR(m, 3, 5 * sqrt((1 + 4 + 36 - 2 - 6 - 12) / 18.0 / NS));
	CHECK_NEAR(ash_dist_cdf(&d, 2), 0.2, 1e-12);
	CHECK_INT(ash_dist_uniform(&d, -2, 4, &err), 0);
	moments(&d, 8, &m, &v);
	CHECK_NEAR(m, 1, 5 * sqrt(3.0 / NS));
	CHECK_NEAR(v, 3, 0.05);
	/* degenerate ranges are constants */
	CHECK_INT(ash_dist_pert(&d, 5, 5, 5, &err), 0);
	CHECK_INT(d.kind, ASH_DIST_CONST);
	CHECK_NEAR(ash_dist_sample(&d, &r), 5, 0);
}

TEST(risk_lognormal90_quantiles)
{
	ash_dist d;
	ash_err err;
	CHECK_INT(ash_dist_lognormal90(&d, 1e4, 1e6, &err), 0);
	CHECK_NEAR(ash_dist_cdf(&d, 1e4), 0.05, 1e-9);
	CHECK_NEAR(ash_dist_cdf(&d, 1e6), 0.95, 1e-9);
	CHECK_NEAR(ash_dist_cdf(&d, 1e5), 0.5, 1e-9);
	double mu = log(1e5), sg = log(100) / (2 * 1.6448536269514722);
	CHECK_NEAR(ash_dist_mean(&d), exp(mu + sg * sg / 2), 1e-6);
	double *x = malloc(sizeof(double) * NS), s = 0;
	ash_rrng r;
	ash_rrng_seed(&r, 9, 0, 0);
	for (int i = 0; i < NS; i++) {
		x[i] = ash_dist_sample(&d, &r);
		s += x[i];
	}
	qsort(x, NS, sizeof(double), cmpd);
	/* sample quantiles within 5 s.e. (in log space: se(p) / density) */
	const double ps[4] = {0.05, 0.5, 0.95, 0.99};
	for (int j = 0; j < 4; j++) {
		double z = ash_dist_phi_inv(ps[j]);
		double q = exp(mu + sg * z);
		double se = sqrt(ps[j] * (1 - ps[j]) / NS) /
			    (exp(-z * z / 2) / sqrt(2 * M_PI)) * sg;
		CHECK_NEAR(log(x[(int)ceil(ps[j] * NS) - 1]), log(q), 5 * se);
	}
	double mean = exp(mu + sg * sg / 2);
	double sd = mean * sqrt(exp(sg * sg) - 1);
	CHECK_NEAR(s / NS, mean, 5 * sd / sqrt(NS));
	free(x);
}

/* mean and variance of Poisson draws at several means, both algorithms */
TEST(risk_poisson)
{
	const double means[] = {0.05, 0.7, 3, 9.9, 10, 25, 300, 1e5};
	for (size_t k = 0; k < sizeof(means) / sizeof(means[0]); k++) {
		ash_rrng r;
		ash_rrng_seed(&r, 12, k, 0);
		double lam = means[k], s = 0, ss = 0;
		for (int i = 0; i < NS; i++) {
			double n = (double)ash_dist_poisson(&r, lam);
			s += n;
			ss += n * n;
		}
		double m = s / NS, v = ss / NS - m * m;
		CHECK_NEAR(m, lam, 5 * sqrt(lam / NS));
		/* var of the sample variance ~ (mu4 - s^4)/n = (lam + 2 lam^2)/n */
		CHECK_NEAR(v, lam, 5 * sqrt((lam + 2 * lam * lam) / NS));
	}
	/* PTRS: P(X = k) against the pmf at mean 12 */
	ash_rrng r;
	ash_rrng_seed(&r, 13, 0, 0);
	int cnt[40] = {0};
	for (int i = 0; i < NS; i++) {
		uint64_t n = ash_dist_poisson(&r, 12);
		if (n < 40)
			cnt[n]++;
	}
	for (int j = 4; j <= 20; j += 4) {
		double pmf = exp(-12 + j * log(12.0) - lgamma(j + 1.0));
		CHECK_NEAR((double)cnt[j] / NS, pmf, 5 * sqrt(pmf / NS));
	}
	CHECK(ash_dist_poisson(&r, 0) == 0);
	CHECK(ash_dist_poisson(&r, -1) == 0);
	CHECK(ash_dist_poisson(&r, NAN) == 0);
	/* inversion: with the same uniforms, a larger mean never gives less */
	int mono = 1;
	for (int i = 0; i < 2000; i++) {
		ash_rrng a, b;
		ash_rrng_seed(&a, 14, (uint64_t)i, 0);
		ash_rrng_seed(&b, 14, (uint64_t)i, 0);
		mono &= ash_dist_poisson(&a, 2.0) <= ash_dist_poisson(&b, 2.5);
	}
	CHECK(mono);
}

TEST(risk_cdf_functions)
{
	CHECK_NEAR(ash_dist_ibeta(0.3, 2, 3), 6 * 0.09 - 8 * 0.027 + 3 * 0.0081, 1e-12);
	CHECK_NEAR(ash_dist_ibeta(0.42, 1, 1), 0.42, 1e-12);
	CHECK_NEAR(ash_dist_ibeta(0.5, 7.5, 7.5), 0.5, 1e-12);
	CHECK_NEAR(ash_dist_ibeta(0.8, 3, 1.5) + ash_dist_ibeta(0.2, 1.5, 3), 1, 1e-12);
	CHECK_NEAR(ash_dist_ibeta(0, 2, 2), 0, 0);
	CHECK_NEAR(ash_dist_ibeta(1, 2, 2), 1, 0);
	CHECK_NEAR(ash_dist_phi_inv(0.95), 1.6448536269514722, 1e-12);
	CHECK_NEAR(ash_dist_phi_inv(0.001), -3.090232306167813, 1e-10);
	CHECK_NEAR(ash_dist_phi_inv(0.5), 0, 1e-14);
	for (double z = -6; z <= 6; z += 0.75)
		CHECK_NEAR(ash_dist_phi_inv(ash_dist_phi(z)), z, 1e-8);
	CHECK_NEAR(ash_dist_phi(1.959963984540054), 0.975, 1e-12);
}

static void check_msg(int rc, const ash_err *e, const char *part)
{
	CHECK_INT(rc, ASH_EUSAGE);
	if (!strstr(e->msg, part))
		ash_test_fail(__FILE__, __LINE__, "message \"%s\" lacks \"%s\"",
			      e->msg, part);
}

TEST(risk_dist_validation)
{
	ash_dist d, keep;
	ash_err e;
	ash_dist_const(&keep, 42, NULL);
	d = keep;
	check_msg(ash_dist_pert(&d, 5, 3, 1, &e), &e, "min 5 is above max 1");
	CHECK(d.kind == ASH_DIST_CONST && d.a == 42); /* untouched */
	check_msg(ash_dist_pert(&d, 1, 0.5, 3, &e), &e, "most likely 0.5 is below min 1");
	check_msg(ash_dist_triangular(&d, 1, 9, 3, &e), &e, "most likely 9 is above max 3");
	check_msg(ash_dist_pert(&d, NAN, 1, 3, &e), &e, "finite");
	check_msg(ash_dist_uniform(&d, 0, INFINITY, &e), &e, "finite");
	check_msg(ash_dist_pert(&d, -1e308, 0, 1e308, &e), &e, "too wide");
	check_msg(ash_dist_uniform(&d, -1e308, 1e308, &e), &e, "too wide");
	check_msg(ash_dist_lognormal90(&d, 0, 10, &e), &e, "must be above 0");
	check_msg(ash_dist_lognormal90(&d, 20, 10, &e), &e, "above 95th percentile");
	check_msg(ash_dist_const(&d, NAN, &e), &e, "finite");
	CHECK_INT(ash_dist_pert(&d, 0.1, 0.2, 1.3, &e), 0);
	check_msg(ash_dist_check_range(&d, 0, 1, "threat capability", &e), &e,
		  "threat capability: max 1.3 is above 1");
	CHECK_INT(ash_dist_lognormal90(&d, 1, 10, &e), 0);
	check_msg(ash_dist_check_range(&d, 0, 1, "vulnerability", &e), &e, "unbounded");
	CHECK_INT(ash_dist_check_range(&d, 0, INFINITY, "loss", &e), 0);
	memset(&d, 0, sizeof(d));
	check_msg(ash_dist_check_range(&d, 0, 1, "tef", &e), &e, "not given");
	CHECK_INT(ash_dist_kind_parse("pert"), ASH_DIST_PERT);
	CHECK_INT(ash_dist_kind_parse("lognormal"), ASH_DIST_LOGNORMAL);
	CHECK_INT(ash_dist_kind_parse("beta"), ASH_DIST_NONE);
	CHECK_INT(ash_dist_kind_parse(NULL), ASH_DIST_NONE);
	CHECK_STR(ash_dist_kind_name(ASH_DIST_TRIANGULAR), "triangular");
	CHECK_STR(ash_dist_kind_name(99), "unknown");
}
