/* SPDX-License-Identifier: MIT */
/* fair.h: the public API of the risk library: FAIR scenarios, the mapping
 * from a site's maturity (0-4) to resistance strength, the Monte Carlo
 * simulation (per scenario, per site, for the organisation), and the
 * "what if" of raised maturities ranked by the loss they remove.
 *
 * Pure computation: no files, no SQLite, no YAML, no printing.  The caller
 * (src/cli) reads org.yaml / org.db, builds an ash_fair_model whose strings
 * and arrays it owns, and renders the results (JSON, SVG via lec_svg.h).
 * Model and formulas: docs/risk.md.
 *
 * The model, per scenario and simulated year:
 *   tef  ~ the threat event frequency distribution (events/year), drawn
 *          once per year (times a shared yearly factor, see shared_sigma);
 *   N    ~ Poisson(tef) threat events;
 *   each event becomes a loss event with probability v (vulnerability):
 *          v = P(TCap > RS) when the scenario gives a threat capability and
 *          the resistance strength RS comes from maturity (or is given),
 *          or v drawn once per year from a given distribution;
 *   each loss event loses primary (+ secondary with probability
 *          secondary_p), in the scenario's currency, times fx.
 * Site and organisation losses are the per-year sums of their scenarios.
 *
 * Reproducibility: the numbers depend only on (model, seed, years); every
 * (scenario id, year) has its own random stream, so thread count, work
 * order and the other scenarios never change a scenario's numbers.  Raising
 * a maturity uses the same random numbers, so it can only lower each
 * simulated year's loss (common random numbers; docs/risk.md). */
#ifndef ASH_RISK_FAIR_H
#define ASH_RISK_FAIR_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "risk/dist.h"

/* ---- maturity -> resistance strength ---- */

#define ASH_FAIR_LEVELS 5       /* maturity levels 0..4 */

/* The editable mapping: at integer level k the resistance strength is
 * PERT(min[k], mode[k], max[k]) on [0, 1].  At a fractional level
 * k + f its CDF is (1 - f) * CDF_k + f * CDF_{k+1} (a mixture), which keeps
 * "more maturity never raises loss" exact between levels. */
typedef struct ash_fair_map {
	double min[ASH_FAIR_LEVELS];
	double mode[ASH_FAIR_LEVELS];
	double max[ASH_FAIR_LEVELS];
} ash_fair_map;

/* The documented defaults (docs/risk.md, "mapping table"). */
void ash_fair_map_default(ash_fair_map *m);

/* Validate m: 0 <= min <= mode <= max <= 1 at every level, and each level
 * first-order dominates the one below (its CDF is nowhere above it, checked
 * on the integration grid), which is what makes the loss monotone.
 * Returns 0 or ASH_EUSAGE naming the level and what is wrong. */
int ash_fair_map_check(const ash_fair_map *m, ash_err *err);

/* P(RS <= x) at maturity level (clamped to [0, 4]). */
double ash_fair_map_cdf(const ash_fair_map *m, double level, double x);

/* ---- scenarios and the model ---- */

enum ash_fair_vuln {
	ASH_FAIR_VULN_DIRECT = 0, /* vuln: probability per event, on [0, 1] */
	ASH_FAIR_VULN_TCAP = 1    /* tcap vs resistance strength */
};

/* One FAIR scenario at one site.  Distributions come from the ash_dist
 * constructors.  Strings and arrays are borrowed from the caller. */
typedef struct ash_fair_scenario {
	const char *id;       /* unique in the model; keys the random streams */
	size_t site;          /* index < model.n_sites */
	ash_dist tef;         /* threat events per year, values >= 0 */
	int vuln_mode;        /* enum ash_fair_vuln */
	ash_dist vuln;        /* DIRECT: values in [0, 1], drawn once a year */
	ash_dist tcap;        /* TCAP: threat capability, values in [0, 1] */
	/* TCAP only: where the resistance strength comes from, first match:
	 *  n_controls > 0: level = mean of maturity[site][controls[i]];
	 *  level >= 0:     that fixed maturity level (0..4);
	 *  otherwise:      rs, a distribution on [0, 1]. */
	const size_t *controls;
	size_t n_controls;
	double level;
	ash_dist rs;
	ash_dist primary;     /* loss per loss event, scenario currency, >= 0 */
	double secondary_p;   /* P(a loss event also has secondary loss), [0,1] */
	ash_dist secondary;   /* secondary loss, used when secondary_p > 0 */
	double fx;            /* reporting-currency units per scenario unit, > 0 */
} ash_fair_scenario;

/* Set *s to the neutral values (vuln_mode DIRECT with vuln const 1, level
 * -1, fx 1, everything else zero/none); the caller fills the rest. */
void ash_fair_scenario_init(ash_fair_scenario *s);

typedef struct ash_fair_model {
	const ash_fair_scenario *scen;   /* [n_scen] */
	size_t n_scen;                   /* 1 .. ASH_FAIR_MAX_SCEN */
	size_t n_sites;                  /* sites are 0 .. n_sites-1 */
	size_t n_controls;               /* controls are 0 .. n_controls-1 */
	/* maturity[site * n_controls + control], level 0..4; NAN means not
	 * assessed and counts as 0 (an unassessed control is assumed absent).
	 * May be NULL when no scenario names controls. */
	const double *maturity;
	ash_fair_map map;
} ash_fair_model;

#define ASH_FAIR_MAX_SCEN 100000
#define ASH_FAIR_MAX_SITES 10000
#define ASH_FAIR_MAX_YEARS 10000000u
/* scenarios x years held in memory at once (8 bytes each): 512 MiB */
#define ASH_FAIR_MAX_CELLS ((uint64_t)1 << 26)
#define ASH_FAIR_MAX_THREADS 64

/* Validate the whole model (every distribution in range, indices, fx,
 * unique ids, the map).  Returns 0 or ASH_EUSAGE with "scenario ID: what". */
int ash_fair_model_check(const ash_fair_model *m, ash_err *err);

/* The maturity level scenario i is evaluated at (NAN when its resistance
 * strength is a given distribution or it uses a direct vulnerability). */
double ash_fair_scenario_level(const ash_fair_model *m, size_t i);
/* Its vulnerability: P(TCap > RS) for TCAP, the distribution's mean for
 * DIRECT. */
double ash_fair_scenario_vuln(const ash_fair_model *m, size_t i);
/* P(TCap > RS) for a capability distribution at a maturity level, by the
 * same numerical integration the simulation uses. */
double ash_fair_vuln_at(const ash_fair_map *map, const ash_dist *tcap,
			double level);

/* ---- simulation ---- */

typedef struct ash_fair_opts {
	uint64_t seed;
	uint32_t years;       /* simulated years; 0 = 10000 */
	unsigned threads;     /* 0 = 2; results do not depend on it */
	/* Correlation between scenarios (and so sites): every scenario's tef
	 * is multiplied in year y by exp(shared_sigma * z_y - shared_sigma^2/2),
	 * z_y ~ N(0, 1) shared by all; mean 1, so ALEs are unchanged while
	 * bad years come together.  0 = independent. */
	double shared_sigma;
	unsigned lec_points;  /* loss exceedance points; 0 = 50, max ASH_FAIR_LEC_MAX */
} ash_fair_opts;

#define ASH_FAIR_LEC_MAX 200

/* Statistics of one annual loss distribution (reporting currency). */
typedef struct ash_fair_stats {
	double ale;          /* mean annual loss (annualised loss expectancy) */
	double sd;           /* its standard deviation across years */
	double p50;          /* median annual loss */
	double var95, var99; /* 95th / 99th percentile of annual loss */
	double max;          /* largest simulated annual loss */
	double p_loss;       /* fraction of years with a loss > 0 */
	double events;       /* mean loss events per year (site, org: summed
			      * over their scenarios) */
	unsigned n_lec;      /* points of the loss exceedance curve */
	double lec_x[ASH_FAIR_LEC_MAX]; /* thresholds, log-spaced, increasing */
	double lec_p[ASH_FAIR_LEC_MAX]; /* P(annual loss > lec_x[i]) */
} ash_fair_stats;

typedef struct ash_fair_result {
	size_t n_scen, n_sites;
	uint32_t years;
	uint64_t seed;
	ash_fair_stats *scen;   /* [n_scen] */
	double *scen_level;     /* [n_scen] ash_fair_scenario_level */
	double *scen_vuln;      /* [n_scen] ash_fair_scenario_vuln */
	ash_fair_stats *site;   /* [n_sites]; a site without scenarios is all 0 */
	ash_fair_stats org;
} ash_fair_result;

/* Run the simulation.  Validates m first (ash_fair_model_check).  On
 * success fills *out (free with ash_fair_result_free) and returns 0; on
 * error returns ASH_EUSAGE / ASH_ELIMIT (n_scen * years above
 * ASH_FAIR_MAX_CELLS) with *out zeroed.  m is not modified. */
int ash_fair_simulate(const ash_fair_model *m, const ash_fair_opts *o,
		      ash_fair_result *out, ash_err *err);
void ash_fair_result_free(ash_fair_result *r);

/* P(annual loss > x) from a curve of s, interpolated in log x between
 * its points; lec_p[0] at or below the first point (no extrapolation),
 * 0 at or above the last (max), 0 when the curve is empty. */
double ash_fair_exceed(const ash_fair_stats *s, double x);

/* ---- what if: raised maturities, ranked ---- */

/* Set maturity[site][control] to level (0..4; it may lower too). */
typedef struct ash_fair_edit {
	size_t site, control;
	double level;
} ash_fair_edit;

/* One improvement (e.g. one --raise): several edits applied together. */
typedef struct ash_fair_change {
	const char *label;          /* borrowed, for the caller */
	const ash_fair_edit *edits; /* [n_edits] */
	size_t n_edits;
} ash_fair_change;

typedef struct ash_fair_gain {
	size_t change;       /* index into the changes given */
	double ale_before;   /* org ALE of the baseline */
	double ale_after;    /* org ALE with this change alone */
	double reduction;    /* ale_before - ale_after (>= 0 for raises) */
	double var95_after, var99_after;
	size_t n_scen_hit;   /* scenarios whose level the change moves */
} ash_fair_gain;

typedef struct ash_fair_whatif {
	ash_fair_result base;   /* the baseline */
	ash_fair_result plan;   /* all changes applied together, in order */
	ash_fair_gain *gain;    /* [n_gain], largest reduction first (ties:
				 * input order) */
	size_t n_gain;
} ash_fair_whatif;

#define ASH_FAIR_MAX_CHANGES 1000

/* Simulate the baseline, each change alone and all changes together with
 * the same seed (only scenarios a change touches are re-simulated; the
 * rest reuse the baseline's years, so the totals equal a fresh run).
 * Edits out of range give ASH_EUSAGE naming the change; more than
 * ASH_FAIR_MAX_CHANGES changes ASH_ELIMIT.  On success fills *out (free
 * with ash_fair_whatif_free); on error *out is zeroed. */
int ash_fair_whatif_run(const ash_fair_model *m, const ash_fair_opts *o,
			const ash_fair_change *ch, size_t n_ch,
			ash_fair_whatif *out, ash_err *err);
void ash_fair_whatif_free(ash_fair_whatif *w);

#endif
