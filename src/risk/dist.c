/* SPDX-License-Identifier: MIT */
/* dist.c: the risk model's distributions: constructors that validate the
 * ranges people enter, samplers (normal by the polar method, gamma by
 * Marsaglia-Tsang, beta from two gammas, Poisson by inversion or PTRS),
 * closed-form means and CDFs.  Thread-safe: no hidden state (lgamma_r, not
 * lgamma).  Does not know what the numbers mean. */
#include "risk/dist.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

#define Z95 1.6448536269514722 /* Phi^-1(0.95) */

static const char *const kind_names[] = {
	[ASH_DIST_NONE] = "none",
	[ASH_DIST_CONST] = "const",
	[ASH_DIST_UNIFORM] = "uniform",
	[ASH_DIST_TRIANGULAR] = "triangular",
	[ASH_DIST_PERT] = "pert",
	[ASH_DIST_LOGNORMAL] = "lognormal",
};

int ash_dist_kind_parse(const char *name)
{
	if (!name)
		return ASH_DIST_NONE;
	for (int k = ASH_DIST_CONST; k <= ASH_DIST_LOGNORMAL; k++)
		if (strcmp(name, kind_names[k]) == 0)
			return k;
	return ASH_DIST_NONE;
}

const char *ash_dist_kind_name(int kind)
{
	if (kind < ASH_DIST_NONE || kind > ASH_DIST_LOGNORMAL)
		return "unknown";
	return kind_names[kind];
}

/* ---- constructors ---- */

static int finite3(const char *what, double a, double b, double c, ash_err *err)
{
	if (!isfinite(a) || !isfinite(b) || !isfinite(c))
		return ash_errf(err, ASH_EUSAGE,
				"%s: every value must be a finite number", what);
	return 0;
}

static void set(ash_dist *d, int kind, double a, double b, double c)
{
	memset(d, 0, sizeof(*d));
	d->kind = kind;
	d->a = a;
	d->b = b;
	d->c = c;
}

int ash_dist_const(ash_dist *d, double v, ash_err *err)
{
	if (!isfinite(v))
		return ash_errf(err, ASH_EUSAGE, "const: value must be a finite number");
	set(d, ASH_DIST_CONST, v, v, v);
	return 0;
}

int ash_dist_uniform(ash_dist *d, double min, double max, ash_err *err)
{
	int rc = finite3("uniform", min, min, max, err);
	if (rc)
		return rc;
	if (min > max)
		return ash_errf(err, ASH_EUSAGE,
				"uniform: min %g is above max %g", min, max);
	if (!isfinite(max - min))
		return ash_errf(err, ASH_EUSAGE,
				"uniform: range %g .. %g is too wide", min, max);
	if (min == max)
		set(d, ASH_DIST_CONST, min, min, min);
	else
		set(d, ASH_DIST_UNIFORM, min, (min + max) / 2, max);
	return 0;
}

/* min <= mode <= max, named in the message. */
static int ordered(const char *what, double min, double mode, double max,
		   ash_err *err)
{
	int rc = finite3(what, min, mode, max, err);
	if (rc)
		return rc;
	if (min > max)
		return ash_errf(err, ASH_EUSAGE, "%s: min %g is above max %g",
				what, min, max);
	if (mode < min)
		return ash_errf(err, ASH_EUSAGE,
				"%s: most likely %g is below min %g", what,
				mode, min);
	if (mode > max)
		return ash_errf(err, ASH_EUSAGE,
				"%s: most likely %g is above max %g", what,
				mode, max);
	if (!isfinite(max - min))
		return ash_errf(err, ASH_EUSAGE,
				"%s: range %g .. %g is too wide", what, min, max);
	return 0;
}

int ash_dist_triangular(ash_dist *d, double min, double mode, double max,
			ash_err *err)
{
	int rc = ordered("triangular", min, mode, max, err);
	if (rc)
		return rc;
	if (min == max)
		set(d, ASH_DIST_CONST, min, min, min);
	else
		set(d, ASH_DIST_TRIANGULAR, min, mode, max);
	return 0;
}

int ash_dist_pert(ash_dist *d, double min, double mode, double max,
		  ash_err *err)
{
	int rc = ordered("PERT", min, mode, max, err);
	if (rc)
		return rc;
	if (min == max) {
		set(d, ASH_DIST_CONST, min, min, min);
		return 0;
	}
	set(d, ASH_DIST_PERT, min, mode, max);
	d->p1 = 1 + 4 * (mode - min) / (max - min);
	d->p2 = 1 + 4 * (max - mode) / (max - min);
	return 0;
}

int ash_dist_lognormal90(ash_dist *d, double p5, double p95, ash_err *err)
{
	int rc = finite3("lognormal", p5, p5, p95, err);
	if (rc)
		return rc;
	if (!(p5 > 0))
		return ash_errf(err, ASH_EUSAGE,
				"lognormal: 5th percentile %g must be above 0", p5);
	if (p5 > p95)
		return ash_errf(err, ASH_EUSAGE,
				"lognormal: 5th percentile %g is above 95th percentile %g",
				p5, p95);
	if (p5 == p95) {
		set(d, ASH_DIST_CONST, p5, p5, p5);
		return 0;
	}
	set(d, ASH_DIST_LOGNORMAL, p5, sqrt(p5 * p95), p95);
	d->p1 = (log(p5) + log(p95)) / 2;
	d->p2 = (log(p95) - log(p5)) / (2 * Z95);
	return 0;
}

int ash_dist_check_range(const ash_dist *d, double lo, double hi,
			 const char *what, ash_err *err)
{
	if (d->kind <= ASH_DIST_NONE || d->kind > ASH_DIST_LOGNORMAL)
		return ash_errf(err, ASH_EUSAGE, "%s: not given", what);
	if (d->kind == ASH_DIST_LOGNORMAL) {
		if (lo > 0)
			return ash_errf(err, ASH_EUSAGE,
					"%s: a lognormal takes values near 0, below %g",
					what, lo);
		if (isfinite(hi))
			return ash_errf(err, ASH_EUSAGE,
					"%s: a lognormal is unbounded above; give a range within [%g, %g] (min / most likely / max)",
					what, lo, hi);
		return 0;
	}
	if (d->a < lo)
		return ash_errf(err, ASH_EUSAGE, "%s: min %g is below %g", what,
				d->a, lo);
	if (d->c > hi)
		return ash_errf(err, ASH_EUSAGE, "%s: max %g is above %g", what,
				d->c, hi);
	return 0;
}

/* ---- samplers ---- */

/* Normal deviates by the ziggurat method with 128 layers (Marsaglia &
 * Tsang 2000, in the form of Doornik 2005, "An improved ziggurat method to
 * generate normal random samples"): one 64-bit draw gives the layer (low
 * 7 bits) and the abscissa (high 53 bits); the tail beyond R by
 * Marsaglia's exponential rejection.  Tables built once (pthread_once). */
#define ZIG_C 128
#define ZIG_R 3.442619855899
#define ZIG_V 9.91256303526217e-3

static double zig_x[ZIG_C + 1], zig_ratio[ZIG_C];
static pthread_once_t zig_once = PTHREAD_ONCE_INIT;

static void zig_init(void)
{
	double f = exp(-0.5 * ZIG_R * ZIG_R);
	zig_x[0] = ZIG_V / f;
	zig_x[1] = ZIG_R;
	zig_x[ZIG_C] = 0;
	for (int i = 2; i < ZIG_C; i++) {
		zig_x[i] = sqrt(-2 * log(ZIG_V / zig_x[i - 1] + f));
		f = exp(-0.5 * zig_x[i] * zig_x[i]);
	}
	for (int i = 0; i < ZIG_C; i++)
		zig_ratio[i] = zig_x[i + 1] / zig_x[i];
}

static double zig_tail(ash_rrng *r, int neg)
{
	double x, y;
	do {
		x = log(ash_rrng_u01(r)) / ZIG_R;
		y = log(ash_rrng_u01(r));
	} while (-2 * y < x * x);
	return neg ? x - ZIG_R : ZIG_R - x;
}

double ash_dist_normal(ash_rrng *r)
{
	pthread_once(&zig_once, zig_init);
	for (;;) {
		uint64_t b = ash_rrng_next(r);
		double u = 2 * (((double)(b >> 11) + 0.5) * 0x1.0p-53) - 1;
		int i = (int)(b & (ZIG_C - 1));
		if (fabs(u) < zig_ratio[i])
			return u * zig_x[i];
		if (i == 0)
			return zig_tail(r, u < 0);
		double x = u * zig_x[i];
		double f0 = exp(-0.5 * (zig_x[i] * zig_x[i] - x * x));
		double f1 = exp(-0.5 * (zig_x[i + 1] * zig_x[i + 1] - x * x));
		if (f1 + ash_rrng_u01(r) * (f0 - f1) < 1.0)
			return x;
	}
}

/* Marsaglia & Tsang (2000), shape >= 1; smaller shapes by the boost
 * Gamma(a) = Gamma(a + 1) * U^(1/a). */
double ash_dist_gamma(ash_rrng *r, double shape)
{
	if (!(shape > 0))
		return 0;
	if (shape < 1) {
		double g = ash_dist_gamma(r, shape + 1);
		return g * pow(ash_rrng_u01(r), 1 / shape);
	}
	double dd = shape - 1.0 / 3, c = 1 / sqrt(9 * dd);
	for (;;) {
		double x, v;
		do {
			x = ash_dist_normal(r);
			v = 1 + c * x;
		} while (v <= 0);
		v = v * v * v;
		double u = ash_rrng_u01(r), x2 = x * x;
		if (u < 1 - 0.0331 * x2 * x2)
			return dd * v;
		if (log(u) < 0.5 * x2 + dd * (1 - v + log(v)))
			return dd * v;
	}
}

double ash_dist_beta(ash_rrng *r, double a, double b)
{
	double x = ash_dist_gamma(r, a), y = ash_dist_gamma(r, b);
	return x / (x + y);
}

/* log(k!) : exact product below 16, Stirling's series above (error below
 * 1e-15 relative there). */
static double log_fact(double k)
{
	if (k < 16) {
		double p = 1;
		for (int i = 2; i <= (int)k; i++)
			p *= i;
		return log(p);
	}
	double z = k + 1, z2 = z * z;
	return (z - 0.5) * log(z) - z + 0.91893853320467274178 +
	       (1 / 12.0 - (1 / 360.0 - (1 / 1260.0 - 1 / (1680.0 * z2)) / z2) / z2) / z;
}

/* Hormann (1993), "The transformed rejection method for generating
 * Poisson random variables" (PTRS), for mean >= 10. */
static uint64_t poisson_ptrs(ash_rrng *r, double mean)
{
	double sm = sqrt(mean), lm = log(mean);
	double b = 0.931 + 2.53 * sm, a = -0.059 + 0.02483 * b;
	double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
	double vr = 0.9277 - 3.6224 / (b - 2);
	for (;;) {
		double u = ash_rrng_u01(r) - 0.5, v = ash_rrng_u01(r);
		double us = 0.5 - fabs(u);
		double k = floor((2 * a / us + b) * u + mean + 0.43);
		if (us >= 0.07 && v <= vr)
			return (uint64_t)k;
		if (k < 0 || (us < 0.013 && v > us))
			continue;
		if (log(v) + log(inv_alpha) - log(a / (us * us) + b) <=
		    -mean + k * lm - log_fact(k))
			return (uint64_t)k;
	}
}

uint64_t ash_dist_poisson(ash_rrng *r, double mean)
{
	if (!(mean > 0))
		return 0;
	if (mean > 1e15)
		mean = 1e15;
	if (mean >= 10)
		return poisson_ptrs(r, mean);
	/* inversion: one uniform, so the count never falls as mean grows */
	double p = exp(-mean), f = p, u = ash_rrng_u01(r);
	uint64_t k = 0;
	while (u > f && k < 1000) {
		k++;
		p *= mean / (double)k;
		f += p;
	}
	return k;
}

static double sample_triangular(const ash_dist *d, double u)
{
	double a = d->a, b = d->b, c = d->c, fc = (b - a) / (c - a);
	if (u < fc)
		return a + sqrt(u * (c - a) * (b - a));
	return c - sqrt((1 - u) * (c - a) * (c - b));
}

double ash_dist_sample(const ash_dist *d, ash_rrng *r)
{
	switch (d->kind) {
	case ASH_DIST_CONST:
		return d->a;
	case ASH_DIST_UNIFORM:
		return d->a + (d->c - d->a) * ash_rrng_u01(r);
	case ASH_DIST_TRIANGULAR:
		return sample_triangular(d, ash_rrng_u01(r));
	case ASH_DIST_PERT:
		return d->a + (d->c - d->a) * ash_dist_beta(r, d->p1, d->p2);
	case ASH_DIST_LOGNORMAL:
		return exp(d->p1 + d->p2 * ash_dist_normal(r));
	default:
		return 0;
	}
}

double ash_dist_mean(const ash_dist *d)
{
	switch (d->kind) {
	case ASH_DIST_CONST:
		return d->a;
	case ASH_DIST_UNIFORM:
		return (d->a + d->c) / 2;
	case ASH_DIST_TRIANGULAR:
		return (d->a + d->b + d->c) / 3;
	case ASH_DIST_PERT:
		return (d->a + 4 * d->b + d->c) / 6;
	case ASH_DIST_LOGNORMAL:
		return exp(d->p1 + d->p2 * d->p2 / 2);
	default:
		return 0;
	}
}

/* ---- CDFs ---- */

/* Continued fraction of the incomplete beta (modified Lentz). */
static double betacf(double x, double a, double b)
{
	const double tiny = 1e-300;
	double qab = a + b, qap = a + 1, qam = a - 1;
	double c = 1, d = 1 - qab * x / qap;
	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	double h = d;
	for (int m = 1; m <= 500; m++) {
		double m2 = 2.0 * m;
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		d = fabs(d) < tiny ? 1 / tiny : 1 / d;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		d = fabs(d) < tiny ? 1 / tiny : 1 / d;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		double del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-15)
			break;
	}
	return h;
}

double ash_dist_ibeta(double x, double a, double b)
{
	if (!(x > 0))
		return 0;
	if (x >= 1)
		return 1;
	int sg;
	double lb = lgamma_r(a + b, &sg) - lgamma_r(a, &sg) - lgamma_r(b, &sg);
	double front = exp(lb + a * log(x) + b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return front * betacf(x, a, b) / a;
	return 1 - front * betacf(1 - x, b, a) / b;
}

double ash_dist_phi(double z)
{
	return 0.5 * erfc(-z / 1.4142135623730950488);
}

/* Acklam's rational approximation, polished by two Halley steps. */
double ash_dist_phi_inv(double p)
{
	static const double a[6] = {-3.969683028665376e+01, 2.209460984245205e+02,
				    -2.759285104469687e+02, 1.383577518672690e+02,
				    -3.066479806614716e+01, 2.506628277459239e+00};
	static const double b[5] = {-5.447609879822406e+01, 1.615858368580409e+02,
				    -1.556989798598866e+02, 6.680131188771972e+01,
				    -1.328068155288572e+01};
	static const double c[6] = {-7.784894002430293e-03, -3.223964580411365e-01,
				    -2.400758277161838e+00, -2.549732539343734e+00,
				    4.374664141464968e+00, 2.938163982698783e+00};
	static const double d[4] = {7.784695709041462e-03, 3.224671290700398e-01,
				    2.445134137142996e+00, 3.754408661907416e+00};
	if (!(p > 0))
		return -INFINITY;
	if (!(p < 1))
		return INFINITY;
	double x, q;
	if (p < 0.02425 || p > 1 - 0.02425) {
		q = sqrt(-2 * log(p < 0.5 ? p : 1 - p));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
		if (p > 0.5)
			x = -x;
	} else {
		q = p - 0.5;
		double rr = q * q;
		x = (((((a[0] * rr + a[1]) * rr + a[2]) * rr + a[3]) * rr + a[4]) * rr + a[5]) * q /
		    (((((b[0] * rr + b[1]) * rr + b[2]) * rr + b[3]) * rr + b[4]) * rr + 1);
	}
	for (int i = 0; i < 2; i++) {
		double e = ash_dist_phi(x) - p;
		double u = e * 2.5066282746310002 * exp(x * x / 2);
		x = x - u / (1 + x * u / 2);
	}
	return x;
}

static double cdf_triangular(const ash_dist *d, double x)
{
	double a = d->a, b = d->b, c = d->c;
	if (x <= a)
		return 0;
	if (x >= c)
		return 1;
	if (x <= b)
		return (x - a) * (x - a) / ((c - a) * (b - a));
	return 1 - (c - x) * (c - x) / ((c - a) * (c - b));
}

double ash_dist_cdf(const ash_dist *d, double x)
{
	switch (d->kind) {
	case ASH_DIST_CONST:
		return x < d->a ? 0 : 1;
	case ASH_DIST_UNIFORM:
		if (x <= d->a)
			return 0;
		return x >= d->c ? 1 : (x - d->a) / (d->c - d->a);
	case ASH_DIST_TRIANGULAR:
		return cdf_triangular(d, x);
	case ASH_DIST_PERT:
		return ash_dist_ibeta((x - d->a) / (d->c - d->a), d->p1, d->p2);
	case ASH_DIST_LOGNORMAL:
		if (!(x > 0))
			return 0;
		return ash_dist_phi((log(x) - d->p1) / d->p2);
	default:
		return x < 0 ? 0 : 1;
	}
}
