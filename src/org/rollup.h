/* SPDX-License-Identifier: MIT */
/* rollup.h: scores per site and function, the organisation roll-up
 * weighted by site criticality and unweighted, targets, trend and the
 * gaps ranked by weighted impact (formulas in docs/governance.md):
 *
 *   e(i)      = level(i) x evidence factors (scale.h)
 *   S(s,f)    = mean of e(i) over the answered items i of function f at
 *               site s (n/a and unanswered items left out)
 *   S(s)      = mean of S(s,f) over the functions with answers
 *   W(f)      = sum_s w(s) S(s,f) / sum_s w(s)     (sites with a score)
 *   U(f)      = sum_s S(s,f) / n                    (same sites)
 *   gap(s,i)  = max(0, target(s,i) - e(i))
 *   impact    = gap(s,i) x w(s) / sum of all w(s)
 *
 * target(s,i): the answer's own target, else the first of site targets
 * for i, its category, its function, then the organisation's for the
 * same, then the organisation default.  Owns: the arithmetic and the
 * result.  Does not read files or print. */
#ifndef ASH_ROLLUP_H
#define ASH_ROLLUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "org/assessment.h"
#include "org/framework.h"
#include "org/org.h"

/* What to roll up for one site: its newest assessment and the one before
 * (either may be NULL), and the day evidence ages are counted to. */
typedef struct ash_site_input {
	size_t site;                 /* index into org->sites */
	const ash_assessment *cur;
	const ash_assessment *prev;
	int32_t asof;                /* for cur; prev uses its own date */
} ash_site_input;

typedef struct ash_fscore {
	double score;    /* effective mean; NAN when nothing answered */
	double claimed;  /* mean of the levels as given */
	double target;   /* mean target over the answered items */
	double prev;     /* previous assessment's score; NAN when none */
	size_t answered; /* items with a level (n/a excluded) */
	size_t na;       /* items marked n/a */
	size_t items;    /* items of the function in the framework */
	size_t weak;     /* answered items with any weakness flag */
} ash_fscore;

typedef struct ash_site_score {
	size_t site;                     /* index into org->sites */
	double weight;
	ash_fscore f[ASH_FW_MAX_FUNCS];  /* per function of the framework */
	ash_fscore total;                /* mean over functions with a score */
	const ash_assessment *cur, *prev;
} ash_site_score;

typedef struct ash_gap {
	size_t site;     /* index into org->sites; SIZE_MAX: all sites */
	size_t item;     /* framework item index */
	int level;       /* as answered (site gaps) */
	unsigned weak;   /* weakness flags (site gaps) */
	double current;  /* effective score (all sites: weighted mean) */
	double target;
	double gap;      /* target - current (all sites: weighted mean) */
	double impact;   /* gap x weight share (all sites: sum) */
	size_t sites;    /* all-sites rows: sites with a gap */
} ash_gap;

typedef struct ash_rollup {
	const ash_fw *fw;
	const ash_org *org;
	ash_site_score *sites;           /* one per input, input order */
	size_t nsites;
	double weighted[ASH_FW_MAX_FUNCS], unweighted[ASH_FW_MAX_FUNCS];
	double weighted_prev[ASH_FW_MAX_FUNCS]; /* from previous assessments */
	double weighted_total, unweighted_total, weighted_total_prev;
	double wsum;                     /* sum of weights of all input sites */
	ash_gap *gaps;                   /* per site and item, by impact */
	size_t ngaps;
	ash_gap *item_gaps;              /* per item over all sites, by impact */
	size_t nitem_gaps;
} ash_rollup;

/* Compute the roll-up of in[0..n) (borrowed: must outlive the result).
 * Answers to ids the framework does not have are ignored. */
int ash_rollup_compute(const ash_fw *fw, const ash_org *org,
		       const ash_site_input *in, size_t n, ash_rollup **out,
		       ash_err *err);
void ash_rollup_free(ash_rollup *r);

/* Target level of framework item (a subcategory) at site (index). */
int ash_rollup_target(const ash_org *org, size_t site, const ash_fw *fw,
		      size_t item);

#endif
