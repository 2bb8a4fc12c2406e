/* SPDX-License-Identifier: MIT */
/* dist.h: the probability distributions of the risk model, built from the
 * ranges people enter (min / most likely / max, or a 90% interval), with
 * validation that says what is wrong; sampling from an ash_rrng; closed-form
 * mean and CDF (the CDF is what the vulnerability integral and the tests
 * use); Poisson counts.  Knows nothing of FAIR, sites or currencies. */
#ifndef ASH_RISK_DIST_H
#define ASH_RISK_DIST_H

#include <stdint.h>

#include "core/err.h"
#include "risk/rng.h"

enum ash_dist_kind {
	ASH_DIST_NONE = 0,  /* unset (an ash_dist zeroed with memset) */
	ASH_DIST_CONST,     /* always a */
	ASH_DIST_UNIFORM,   /* uniform on [a, c] */
	ASH_DIST_TRIANGULAR,/* min a, mode b, max c */
	ASH_DIST_PERT,      /* min a, mode b, max c; beta with shape 4 */
	ASH_DIST_LOGNORMAL  /* 5th percentile a, 95th percentile c */
};

/* A distribution.  Fill it only through the ash_dist_* constructors below
 * (they validate and precompute); it holds no pointers and may be copied. */
typedef struct ash_dist {
	int kind;          /* enum ash_dist_kind */
	double a, b, c;    /* as entered: see the kinds */
	double p1, p2;     /* derived: PERT alpha, beta; lognormal mu, sigma */
} ash_dist;

/* Constructors.  Each validates its inputs (finite; min <= mode <= max;
 * 0 < p5 < p95 for the lognormal), fills *d and returns 0, or returns
 * ASH_EUSAGE with a message ("PERT: mode 9 is above max 5") and leaves *d
 * untouched.  A range with min == max is allowed and is a constant. */
int ash_dist_const(ash_dist *d, double v, ash_err *err);
int ash_dist_uniform(ash_dist *d, double min, double max, ash_err *err);
int ash_dist_triangular(ash_dist *d, double min, double mode, double max,
			ash_err *err);
int ash_dist_pert(ash_dist *d, double min, double mode, double max,
		  ash_err *err);
/* Lognormal whose 5th and 95th percentiles are p5 and p95 (a "90%
 * confidence interval"): mu = (ln p5 + ln p95) / 2,
 * sigma = (ln p95 - ln p5) / (2 * 1.6448536...). */
int ash_dist_lognormal90(ash_dist *d, double p5, double p95, ash_err *err);

/* Kind from its name ("const", "uniform", "triangular", "pert",
 * "lognormal"); ASH_DIST_NONE when unknown.  And back (static string). */
int ash_dist_kind_parse(const char *name);
const char *ash_dist_kind_name(int kind);

/* Check that every value d can take lies in [lo, hi] (e.g. [0, 1] for a
 * probability, [0, inf) for a frequency).  A lognormal is unbounded above
 * and is refused when hi is finite.  Returns 0 or ASH_EUSAGE naming what
 * (the `what` text, e.g. "threat capability") is out of range. */
int ash_dist_check_range(const ash_dist *d, double lo, double hi,
			 const char *what, ash_err *err);

/* One draw.  d must come from a constructor (ASH_DIST_NONE gives 0). */
double ash_dist_sample(const ash_dist *d, ash_rrng *r);
/* Closed-form mean: (a+c)/2, (a+b+c)/3, (a+4b+c)/6, exp(mu+sigma^2/2). */
double ash_dist_mean(const ash_dist *d);
/* P(X <= x), closed form (PERT: regularised incomplete beta). */
double ash_dist_cdf(const ash_dist *d, double x);

/* Building blocks, exported for the tests. */
double ash_dist_normal(ash_rrng *r);                 /* N(0, 1), ziggurat */
double ash_dist_gamma(ash_rrng *r, double shape);    /* Gamma(shape, 1), shape > 0 */
double ash_dist_beta(ash_rrng *r, double a, double b); /* Beta(a, b) via gammas */
/* Poisson(mean) count, mean >= 0 (non-finite or negative gives 0):
 * inversion below mean 10, Hormann's PTRS above.  Capped at 2^62. */
uint64_t ash_dist_poisson(ash_rrng *r, double mean);
/* Regularised incomplete beta I_x(a, b), a, b > 0, x in [0, 1]. */
double ash_dist_ibeta(double x, double a, double b);
/* Standard normal CDF and its inverse (p in (0, 1)). */
double ash_dist_phi(double z);
double ash_dist_phi_inv(double p);

#endif
