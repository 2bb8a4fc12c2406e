/* SPDX-License-Identifier: MIT */
/* fair.c: the FAIR model as data: the maturity -> resistance strength map
 * (defaults, validation, CDF), scenario and model validation, the level a
 * scenario is evaluated at and its vulnerability P(TCap > RS), and the
 * preparation of a model for the engine (fair_sim.c).  No sampling here. */
#include "risk/fair.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "risk/fair_int.h"

/* ---- the map ---- */

/* Defaults (docs/risk.md explains them): resistance strength on the
 * threat-capability percentile scale 0..1. */
static const double def_min[ASH_FAIR_LEVELS] = {0.00, 0.05, 0.25, 0.45, 0.60};
static const double def_mode[ASH_FAIR_LEVELS] = {0.05, 0.25, 0.45, 0.65, 0.85};
static const double def_max[ASH_FAIR_LEVELS] = {0.20, 0.45, 0.65, 0.85, 0.98};

void ash_fair_map_default(ash_fair_map *m)
{
	memcpy(m->min, def_min, sizeof(def_min));
	memcpy(m->mode, def_mode, sizeof(def_mode));
	memcpy(m->max, def_max, sizeof(def_max));
}

static void level_dist(const ash_fair_map *m, int k, ash_dist *d)
{
	if (ash_dist_pert(d, m->min[k], m->mode[k], m->max[k], NULL) != 0)
		ash_dist_const(d, m->mode[k], NULL);
}

static double grid_mid(int i)
{
	return (i + 0.5) / FAIR_GRID;
}

static void raw_table(const ash_fair_map *map, double *cdf)
{
	for (int k = 0; k < ASH_FAIR_LEVELS; k++) {
		ash_dist d;
		level_dist(map, k, &d);
		for (int i = 0; i < FAIR_GRID; i++)
			cdf[k * FAIR_GRID + i] = ash_dist_cdf(&d, grid_mid(i));
	}
}

void fair_map_table(const ash_fair_map *map, double *cdf)
{
	raw_table(map, cdf);
	for (int k = 1; k < ASH_FAIR_LEVELS; k++)
		for (int i = 0; i < FAIR_GRID; i++)
			if (cdf[k * FAIR_GRID + i] > cdf[(k - 1) * FAIR_GRID + i])
				cdf[k * FAIR_GRID + i] = cdf[(k - 1) * FAIR_GRID + i];
}

int ash_fair_map_check(const ash_fair_map *m, ash_err *err)
{
	int rc = 0;
	double *cdf = NULL;
	for (int k = 0; k < ASH_FAIR_LEVELS; k++) {
		double a = m->min[k], b = m->mode[k], c = m->max[k];
		if (!isfinite(a) || !isfinite(b) || !isfinite(c) || a < 0 ||
		    c > 1 || a > b || b > c) {
			rc = ash_errf(err, ASH_EUSAGE,
				      "maturity map: level %d: need 0 <= min <= most likely <= max <= 1 (got %g / %g / %g)",
				      k, a, b, c);
			goto out;
		}
	}
	cdf = ash_malloc(sizeof(double) * ASH_FAIR_LEVELS * FAIR_GRID);
	raw_table(m, cdf);
	for (int k = 1; k < ASH_FAIR_LEVELS; k++) {
		for (int i = 0; i < FAIR_GRID; i++) {
			double lo = cdf[(k - 1) * FAIR_GRID + i];
			double hi = cdf[k * FAIR_GRID + i];
			if (hi > lo + 1e-9) {
				rc = ash_errf(err, ASH_EUSAGE,
					      "maturity map: level %d is weaker than level %d at strength %.4f (P(RS <= x) %.4f > %.4f): a higher level must resist at least as well everywhere",
					      k, k - 1, grid_mid(i), hi, lo);
				goto out;
			}
		}
	}
out:
	free(cdf);
	return rc;
}

/* Mixture of two CDF values of adjacent levels, kept between them so the
 * result never rises with the level (floating point included). */
static double mix(double lo_level, double hi_level, double f)
{
	double v = lo_level - f * (lo_level - hi_level);
	if (v < hi_level)
		v = hi_level;
	if (v > lo_level)
		v = lo_level;
	return v;
}

static void split_level(double level, int *k, double *f)
{
	if (!(level > 0))
		level = 0;
	if (level >= ASH_FAIR_LEVELS - 1) {
		*k = ASH_FAIR_LEVELS - 1;
		*f = 0;
		return;
	}
	*k = (int)floor(level);
	*f = level - *k;
}

double ash_fair_map_cdf(const ash_fair_map *m, double level, double x)
{
	int k;
	double f;
	ash_dist d;
	split_level(level, &k, &f);
	level_dist(m, k, &d);
	double a = ash_dist_cdf(&d, x);
	if (f == 0)
		return a;
	level_dist(m, k + 1, &d);
	return mix(a, ash_dist_cdf(&d, x), f);
}

/* ---- vulnerability ---- */

double fair_vuln_table(const double *cdf, const ash_dist *tcap, double level,
		       const ash_dist *rs)
{
	int k;
	double f, v = 0, prev = ash_dist_cdf(tcap, 0);
	split_level(level, &k, &f);
	for (int i = 0; i < FAIR_GRID; i++) {
		double next = ash_dist_cdf(tcap, (double)(i + 1) / FAIR_GRID);
		double w = next - prev, fr;
		prev = next;
		if (!(w > 0))
			continue;
		if (rs)
			fr = ash_dist_cdf(rs, grid_mid(i));
		else if (f == 0)
			fr = cdf[k * FAIR_GRID + i];
		else
			fr = mix(cdf[k * FAIR_GRID + i],
				 cdf[(k + 1) * FAIR_GRID + i], f);
		v += fr * w;
	}
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

double ash_fair_vuln_at(const ash_fair_map *map, const ash_dist *tcap,
			double level)
{
	double *cdf = ash_malloc(sizeof(double) * ASH_FAIR_LEVELS * FAIR_GRID);
	fair_map_table(map, cdf);
	double v = fair_vuln_table(cdf, tcap, level, NULL);
	free(cdf);
	return v;
}

double fair_level(const ash_fair_model *m, const double *mat, size_t i)
{
	const ash_fair_scenario *s = &m->scen[i];
	double lv;
	if (s->vuln_mode != ASH_FAIR_VULN_TCAP)
		return NAN;
	if (s->n_controls > 0 && mat) {
		double sum = 0;
		for (size_t j = 0; j < s->n_controls; j++) {
			double x = mat[s->site * m->n_controls + s->controls[j]];
			sum += isnan(x) ? 0 : x;
		}
		lv = sum / (double)s->n_controls;
	} else if (s->level >= 0) {
		lv = s->level;
	} else {
		return NAN;
	}
	return lv < 0 ? 0 : lv > ASH_FAIR_LEVELS - 1 ? ASH_FAIR_LEVELS - 1 : lv;
}

double fair_vuln(const fair_prep *p, size_t i, double level)
{
	const ash_fair_scenario *s = &p->m->scen[i];
	if (s->vuln_mode != ASH_FAIR_VULN_TCAP)
		return ash_dist_mean(&s->vuln);
	return fair_vuln_table(p->cdf, &s->tcap, level,
			       isnan(level) ? &s->rs : NULL);
}

double ash_fair_scenario_level(const ash_fair_model *m, size_t i)
{
	if (!m || i >= m->n_scen)
		return NAN;
	return fair_level(m, m->maturity, i);
}

double ash_fair_scenario_vuln(const ash_fair_model *m, size_t i)
{
	if (!m || i >= m->n_scen)
		return NAN;
	const ash_fair_scenario *s = &m->scen[i];
	if (s->vuln_mode != ASH_FAIR_VULN_TCAP)
		return ash_dist_mean(&s->vuln);
	double lv = fair_level(m, m->maturity, i);
	if (isnan(lv))
		return fair_vuln_table(NULL, &s->tcap, 0, &s->rs);
	return ash_fair_vuln_at(&m->map, &s->tcap, lv);
}

/* ---- scenarios and the model ---- */

void ash_fair_scenario_init(ash_fair_scenario *s)
{
	memset(s, 0, sizeof(*s));
	s->vuln_mode = ASH_FAIR_VULN_DIRECT;
	ash_dist_const(&s->vuln, 1, NULL);
	s->level = -1;
	s->fx = 1;
}

/* The id for messages: printable ASCII only, at most 64 bytes. */
static void id_text(const char *id, char *buf, size_t cap)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)id; p && *p && n + 1 < cap && n < 64; p++)
		buf[n++] = (*p >= 0x20 && *p < 0x7f) ? (char)*p : '?';
	buf[n] = 0;
}

/* A bounded quantity: frequency or loss (lognormal allowed up to p95max). */
static int check_amount(const ash_dist *d, double max, double p95max,
			const char *what, ash_err *err)
{
	int rc = ash_dist_check_range(d, 0, INFINITY, what, err);
	if (rc)
		return rc;
	if (d->kind == ASH_DIST_LOGNORMAL && d->c > p95max)
		return ash_errf(err, ASH_EUSAGE,
				"%s: 95th percentile %g is above the limit %g",
				what, d->c, p95max);
	if (d->kind != ASH_DIST_LOGNORMAL && d->c > max)
		return ash_errf(err, ASH_EUSAGE, "%s: max %g is above the limit %g",
				what, d->c, max);
	return 0;
}

static int check_controls(const ash_fair_model *m, const ash_fair_scenario *s,
			  ash_err *err)
{
	if (!s->controls)
		return ash_errf(err, ASH_EUSAGE, "controls: list missing");
	if (!m->maturity)
		return ash_errf(err, ASH_EUSAGE,
				"controls named but the model has no maturity table");
	for (size_t j = 0; j < s->n_controls; j++)
		if (s->controls[j] >= m->n_controls)
			return ash_errf(err, ASH_EUSAGE,
					"control %zu out of range (model has %zu)",
					s->controls[j], m->n_controls);
	return 0;
}

static int check_vuln(const ash_fair_model *m, const ash_fair_scenario *s,
		      ash_err *err)
{
	if (s->vuln_mode == ASH_FAIR_VULN_DIRECT)
		return ash_dist_check_range(&s->vuln, 0, 1, "vulnerability", err);
	if (s->vuln_mode != ASH_FAIR_VULN_TCAP)
		return ash_errf(err, ASH_EUSAGE, "unknown vulnerability mode %d",
				s->vuln_mode);
	int rc = ash_dist_check_range(&s->tcap, 0, 1, "threat capability", err);
	if (rc)
		return rc;
	if (s->n_controls > 0)
		return check_controls(m, s, err);
	if (s->level >= 0) {
		if (!(s->level <= ASH_FAIR_LEVELS - 1))
			return ash_errf(err, ASH_EUSAGE,
					"maturity level %g is above 4", s->level);
		return 0;
	}
	return ash_dist_check_range(&s->rs, 0, 1, "resistance strength", err);
}

static int check_scenario(const ash_fair_model *m, const ash_fair_scenario *s,
			  ash_err *err)
{
	int rc;
	if (s->site >= m->n_sites)
		return ash_errf(err, ASH_EUSAGE, "site %zu out of range (%zu sites)",
				s->site, m->n_sites);
	rc = check_amount(&s->tef, FAIR_TEF_MAX, FAIR_TEF_P95_MAX,
			  "threat event frequency", err);
	if (!rc)
		rc = check_vuln(m, s, err);
	if (!rc)
		rc = check_amount(&s->primary, FAIR_LOSS_MAX, FAIR_LOSS_MAX,
				  "primary loss", err);
	if (rc)
		return rc;
	if (!(s->secondary_p >= 0 && s->secondary_p <= 1))
		return ash_errf(err, ASH_EUSAGE,
				"secondary loss probability %g is outside [0, 1]",
				s->secondary_p);
	if (s->secondary_p > 0) {
		rc = check_amount(&s->secondary, FAIR_LOSS_MAX, FAIR_LOSS_MAX,
				  "secondary loss", err);
		if (rc)
			return rc;
	}
	if (!(s->fx > 0 && s->fx <= FAIR_FX_MAX))
		return ash_errf(err, ASH_EUSAGE,
				"exchange rate %g must be above 0 and at most %g",
				s->fx, FAIR_FX_MAX);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int check_ids(const ash_fair_model *m, ash_err *err)
{
	int rc = 0;
	const char **ids = ash_calloc(m->n_scen, sizeof(*ids));
	for (size_t i = 0; i < m->n_scen; i++) {
		if (!m->scen[i].id || !m->scen[i].id[0]) {
			rc = ash_errf(err, ASH_EUSAGE, "scenario %zu: id missing", i);
			goto out;
		}
		ids[i] = m->scen[i].id;
	}
	qsort(ids, m->n_scen, sizeof(*ids), cmp_str);
	for (size_t i = 1; i < m->n_scen; i++) {
		if (strcmp(ids[i - 1], ids[i]) == 0) {
			char t[80];
			id_text(ids[i], t, sizeof(t));
			rc = ash_errf(err, ASH_EUSAGE,
				      "scenario \"%s\": id used twice", t);
			goto out;
		}
	}
out:
	free(ids);
	return rc;
}

static int check_maturity(const ash_fair_model *m, ash_err *err)
{
	if (!m->maturity)
		return 0;
	if (m->n_controls > 0 &&
	    (uint64_t)m->n_sites > FAIR_MAT_MAX / (uint64_t)m->n_controls)
		return ash_errf(err, ASH_ELIMIT,
				"maturity table: %zu sites x %zu controls is above the limit %llu",
				m->n_sites, m->n_controls,
				(unsigned long long)FAIR_MAT_MAX);
	for (size_t i = 0; i < m->n_sites * m->n_controls; i++) {
		double x = m->maturity[i];
		if (!isnan(x) && !(x >= 0 && x <= ASH_FAIR_LEVELS - 1))
			return ash_errf(err, ASH_EUSAGE,
					"maturity of site %zu control %zu is %g, outside 0..4",
					i / m->n_controls, i % m->n_controls, x);
	}
	return 0;
}

int ash_fair_model_check(const ash_fair_model *m, ash_err *err)
{
	int rc;
	if (!m || !m->scen || m->n_scen == 0)
		return ash_errf(err, ASH_EUSAGE, "risk model: no scenario");
	if (m->n_scen > ASH_FAIR_MAX_SCEN)
		return ash_errf(err, ASH_ELIMIT, "risk model: %zu scenarios, limit %d",
				m->n_scen, ASH_FAIR_MAX_SCEN);
	if (m->n_sites == 0 || m->n_sites > ASH_FAIR_MAX_SITES)
		return ash_errf(err, ASH_EUSAGE,
				"risk model: %zu sites (need 1..%d)", m->n_sites,
				ASH_FAIR_MAX_SITES);
	rc = ash_fair_map_check(&m->map, err);
	if (!rc)
		rc = check_maturity(m, err);
	if (!rc)
		rc = check_ids(m, err);
	for (size_t i = 0; !rc && i < m->n_scen; i++) {
		rc = check_scenario(m, &m->scen[i], err);
		if (rc && err) {
			char t[80], pre[100];
			id_text(m->scen[i].id, t, sizeof(t));
			snprintf(pre, sizeof(pre), "scenario \"%s\"", t);
			ash_err_prefix(err, pre);
		}
	}
	return rc;
}

/* ---- preparation ---- */

void fair_prep_free(fair_prep *p)
{
	free(p->level);
	free(p->vuln);
	free(p->key);
	free(p->mult);
	free(p->cdf);
	free(p->site_row);
	memset(p, 0, sizeof(*p));
}

static int prep_opts(fair_prep *p, const ash_fair_opts *o, ash_err *err)
{
	p->seed = o->seed;
	p->years = o->years ? o->years : 10000;
	p->threads = o->threads ? o->threads : 2;
	p->lec_points = o->lec_points ? o->lec_points : 50;
	if (p->years > ASH_FAIR_MAX_YEARS)
		return ash_errf(err, ASH_ELIMIT, "years: %u is above the limit %u",
				p->years, ASH_FAIR_MAX_YEARS);
	if (p->threads > ASH_FAIR_MAX_THREADS)
		p->threads = ASH_FAIR_MAX_THREADS;
	if (p->lec_points < 2 || p->lec_points > ASH_FAIR_LEC_MAX)
		return ash_errf(err, ASH_EUSAGE,
				"loss exceedance points: %u (need 2..%d)",
				p->lec_points, ASH_FAIR_LEC_MAX);
	if (!(o->shared_sigma >= 0 && o->shared_sigma <= 3))
		return ash_errf(err, ASH_EUSAGE,
				"shared yearly factor sigma %g is outside [0, 3]",
				o->shared_sigma);
	return 0;
}

static void prep_sites(fair_prep *p)
{
	const ash_fair_model *m = p->m;
	p->site_row = ash_calloc(m->n_sites, sizeof(size_t));
	for (size_t i = 0; i < m->n_sites; i++)
		p->site_row[i] = SIZE_MAX;
	for (size_t i = 0; i < m->n_scen; i++)
		p->site_row[m->scen[i].site] = 0;
	p->n_active = 0;
	for (size_t i = 0; i < m->n_sites; i++)
		if (p->site_row[i] == 0)
			p->site_row[i] = p->n_active++;
}

static void prep_shared(fair_prep *p, double sigma)
{
	if (sigma == 0)
		return;
	p->mult = ash_calloc(p->years, sizeof(double));
	for (uint32_t y = 0; y < p->years; y++) {
		ash_rrng r;
		ash_rrng_seed(&r, p->seed, 0x5348415245445952ull /* "SHAREDYR" */, y);
		p->mult[y] = exp(sigma * ash_dist_normal(&r) - sigma * sigma / 2);
	}
}

int fair_prep_init(fair_prep *p, const ash_fair_model *m,
		   const ash_fair_opts *o, unsigned cell_factor, ash_err *err)
{
	int rc;
	memset(p, 0, sizeof(*p));
	p->m = m;
	rc = ash_fair_model_check(m, err);
	if (!rc)
		rc = prep_opts(p, o, err);
	if (rc)
		goto out;
	prep_sites(p);
	uint64_t rows = (uint64_t)m->n_scen * cell_factor + p->n_active + 1;
	if (rows > ASH_FAIR_MAX_CELLS / p->years) {
		rc = ash_errf(err, ASH_ELIMIT,
			      "risk simulation: %zu scenarios x %u years is above the memory limit (%llu cells); simulate fewer years",
			      m->n_scen, p->years,
			      (unsigned long long)ASH_FAIR_MAX_CELLS);
		goto out;
	}
	p->cdf = ash_malloc(sizeof(double) * ASH_FAIR_LEVELS * FAIR_GRID);
	fair_map_table(&m->map, p->cdf);
	p->level = ash_calloc(m->n_scen, sizeof(double));
	p->vuln = ash_calloc(m->n_scen, sizeof(double));
	p->key = ash_calloc(m->n_scen, sizeof(uint64_t));
	double events = 0;
	for (size_t i = 0; i < m->n_scen; i++) {
		p->level[i] = fair_level(m, m->maturity, i);
		p->vuln[i] = fair_vuln(p, i, p->level[i]);
		p->key[i] = ash_rrng_hash(m->scen[i].id);
		events += ash_dist_mean(&m->scen[i].tef) * p->vuln[i];
	}
	if (events * p->years * cell_factor > FAIR_EVENTS_MAX) {
		rc = ash_errf(err, ASH_ELIMIT,
			      "risk simulation: about %.3g loss events to draw (%.3g a year x %u years), above the limit %.3g; simulate fewer years",
			      events * p->years, events, p->years, FAIR_EVENTS_MAX);
		goto out;
	}
	prep_shared(p, o->shared_sigma);
out:
	if (rc)
		fair_prep_free(p);
	return rc;
}
