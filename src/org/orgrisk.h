/* SPDX-License-Identifier: MIT */
/* orgrisk.h: the organisation's scenarios as a FAIR model for the risk
 * engine (risk/fair.h), and its results as JSON (risk simulate / whatif).
 *
 * From org.yaml: each scenario at its site (tef, tcap or vulnerability,
 * loss per event in the site's currency, converted with fx.rates into the
 * reporting currency); the maturity_mapping (percent) as the engine's map
 * (0-1); shared_sigma.  From the assessments: the maturity of each
 * scenario control at each site is the answer's EFFECTIVE score (level
 * discounted for weak evidence, scale.h): weakly evidenced maturity buys
 * less resistance.  Unanswered and n/a controls count as 0 (the engine
 * assumes an unassessed control absent).  Owns building the model and the
 * JSON; does not print or store. */
#ifndef ASH_ORGRISK_H
#define ASH_ORGRISK_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "org/assessment.h"
#include "org/framework.h"
#include "org/org.h"
#include "risk/fair.h"

typedef struct ash_orgrisk {
	ash_fair_model model;
	ash_fair_scenario *scen;   /* model.scen */
	char **ids;                /* "site/name" of each scenario */
	char **controls;           /* subcategory id of each control */
	size_t ncontrols;
	double *maturity;          /* model.maturity [site * ncontrols + c] */
	const ash_org *org;
} ash_orgrisk;

/* Build the model.  latest[k] is site k's newest assessment (or NULL);
 * evidence ages count to asof.  Errors name the org.yaml line: unknown
 * control ids, a site currency without an FX rate, bad ranges.  *out is
 * zeroed on error. */
int ash_orgrisk_build(const ash_org *o, const ash_fw *fw,
		      const ash_assessment *const *latest, int32_t asof,
		      ash_orgrisk *out, ash_err *err);
void ash_orgrisk_free(ash_orgrisk *r);

/* A raise "SUBCATEGORY=LEVEL[@SITE]" as one change: every site (or SITE)
 * whose maturity in that control is below LEVEL is set to LEVEL.  The
 * edits are malloc'd in ch->edits (free them); ch->label borrows spec.
 * ASH_EUSAGE for a bad spec; *unused is set when no scenario uses the
 * control or no site is below LEVEL (the change then has no edits). */
int ash_orgrisk_raise(const ash_orgrisk *r, const char *spec,
		      ash_fair_change *ch, int *unused, ash_err *err);

/* The JSON of a simulation: {"years", "seed", "currency", "fx_date",
 * "org": STATS, "sites": [{"site", STATS}], "scenarios": [{"site",
 * "name", "level", "vulnerability", STATS}]}, where STATS holds ale, sd,
 * p50, var95, var99, max, p_loss, events and "lec": [[x, p], ...]. */
json_t *ash_orgrisk_json(const ash_orgrisk *r, const ash_fair_result *res,
			 double shared_sigma);
json_t *ash_orgrisk_stats_json(const ash_fair_stats *s, int lec);

#endif
