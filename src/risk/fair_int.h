/* SPDX-License-Identifier: MIT */
/* fair_int.h: internals shared by fair.c (model, map, vulnerability),
 * fair_sim.c (the Monte Carlo engine and statistics) and fair_whatif.c.
 * Not for use outside src/risk. */
#ifndef ASH_RISK_FAIR_INT_H
#define ASH_RISK_FAIR_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "risk/fair.h"

/* The vulnerability integral and the map's dominance check use the
 * midpoints of FAIR_GRID equal cells of [0, 1]. */
#define FAIR_GRID 1000
/* Caps that bound run time whatever the input (docs/risk.md). */
#define FAIR_TEF_MAX 1e7        /* bounded tef ranges: max events/year */
#define FAIR_TEF_P95_MAX 1e6    /* lognormal tef: 95th percentile */
#define FAIR_TEF_CLAMP 1e8      /* a drawn tef is clamped to this */
#define FAIR_LOSS_MAX 1e15      /* loss ranges and lognormal 95th pct */
#define FAIR_LOSS_CLAMP 1e18    /* a drawn loss is clamped to this */
#define FAIR_FX_MAX 1e9
#define FAIR_EVENTS_MAX 2e9     /* expected loss events in one run */
#define FAIR_MAT_MAX ((uint64_t)1 << 24) /* sites x controls */

/* A model checked and prepared for one seed. */
typedef struct fair_prep {
	const ash_fair_model *m;
	uint64_t seed;
	uint32_t years;
	unsigned threads;
	unsigned lec_points;
	double *level;   /* [n_scen] ash_fair_scenario_level */
	double *vuln;    /* [n_scen] derived v (TCAP) or mean (DIRECT) */
	uint64_t *key;   /* [n_scen] stream keys (hash of the id) */
	double *mult;    /* [years] shared yearly factor, NULL when none */
	double *cdf;     /* [ASH_FAIR_LEVELS][FAIR_GRID] RS CDF at midpoints */
	size_t n_active; /* sites that have scenarios */
	size_t *site_row;/* [n_sites] index among active sites, or SIZE_MAX */
} fair_prep;

/* Check m and o, compute levels, vulnerabilities, keys and the shared
 * factor.  cell_factor: how many scenario rows (x n_scen) the caller will
 * hold at once (1 for simulate, 2 for whatif), for the memory cap.
 * On error p is left freed. */
int fair_prep_init(fair_prep *p, const ash_fair_model *m,
		   const ash_fair_opts *o, unsigned cell_factor, ash_err *err);
void fair_prep_free(fair_prep *p);

/* Level of scenario i under the maturity table mat (same layout as
 * model.maturity; may be NULL when no scenario names controls). */
double fair_level(const ash_fair_model *m, const double *mat, size_t i);
/* Vulnerability of scenario i at level (ignored unless it applies), using
 * the prepared CDF table of the map. */
double fair_vuln(const fair_prep *p, size_t i, double level);
/* The RS CDF table of a map at the grid midpoints (cumulative minimum
 * across levels applied, so higher levels are never above lower ones). */
void fair_map_table(const ash_fair_map *map, double *cdf);
/* P(TCap > RS) from a table at level, or from rs when rs != NULL. */
double fair_vuln_table(const double *cdf, const ash_dist *tcap, double level,
		       const ash_dist *rs);

/* Simulate scenarios idx[0..n) with vulnerabilities v[j] into
 * rows[j * years ...], loss-event counts into events[j].  Parallel,
 * deterministic. */
void fair_sim_rows(const fair_prep *p, const size_t *idx, const double *v,
		   size_t n, double *rows, uint64_t *events);

/* Totals and statistics from one row per scenario (row[s], years long).
 * Fills out completely (org_only: only out->org, other arrays NULL). */
void fair_sim_result(const fair_prep *p, const double *const *row,
		     const uint64_t *events, const double *level,
		     const double *vuln, bool org_only, ash_fair_result *out);

/* Statistics of x[0..n) (x untouched; scratch holds n doubles). */
void fair_stats(const double *x, uint32_t n, unsigned lec_points,
		double *scratch, ash_fair_stats *st);

#endif
