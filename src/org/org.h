/* SPDX-License-Identifier: MIT */
/* org.h: an organisation folder (docs/governance.md): its org.yaml (sites
 * with country, IANA zone, language, currency, criticality weight and
 * networks; target profile; evidence policy; FX rates with their date;
 * risk scenarios in FAIR terms; the maturity → resistance mapping) and
 * the paths inside it.
 *
 *   ORG/org.yaml      written by people (ashiato org init writes a start)
 *   ORG/org.db        SQLite (orgdb.h): frameworks, assessments, answers,
 *                     scenarios, simulations, proposals
 *   ORG/frameworks/   the organisation's own framework files (optional)
 *   ORG/mappings/     mappings between frameworks (optional)
 *   ORG/forms/ ORG/reports/   what assess form / report write by default
 *
 * Reading uses libyaml; errors name file, line, column and what is wrong;
 * unknown keys are warnings.  Owns: the struct, reading, writing org.yaml
 * (org_yaml.c, org_write.c), creating the folder (org_init.c).  Does not
 * open org.db (orgdb.h) or check ids against a framework (the caller
 * does, with the line numbers kept here). */
#ifndef ASH_ORG_H
#define ASH_ORG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "core/ip.h"
#include "org/scale.h"

#define ASH_ORG_MAX_ITEMS 10000 /* sites, networks, scenarios, targets: each */

/* A range as people give it: min / most likely / max (PERT), or a 90 %
 * interval (5th and 95th percentile: lognormal for losses), or one value. */
enum ash_range_kind { ASH_RANGE_NONE = 0, ASH_RANGE_PERT, ASH_RANGE_CI90 };
typedef struct ash_range {
	int kind;
	double min, likely, max; /* PERT (a single value: all three equal) */
	double lo, hi;           /* CI90 */
} ash_range;

/* A target level for a function, category or subcategory id ("default"
 * for every item). */
typedef struct ash_target {
	char *id;
	int level;
	int line;                /* in org.yaml, for messages */
} ash_target;

typedef struct ash_org_site {
	char *name;
	char *country;           /* ISO 3166 alpha-2, upper case */
	char *timezone;          /* IANA */
	char *language;          /* "ja", "en", ... */
	char *currency;          /* ISO 4217, upper case */
	double criticality;      /* weight in the roll-up, > 0 */
	ash_target *targets;     /* overrides of the organisation's */
	size_t ntargets;
	int line;
} ash_org_site;

typedef struct ash_org_net {
	ash_cidr cidr;
	char *zone;
	size_t site;             /* index into sites */
} ash_org_net;

typedef struct ash_fx {
	char code[4];            /* "SGD" */
	double rate;             /* reporting-currency units for 1 unit */
} ash_fx;

typedef struct ash_scenario {
	char *name, *site, *description; /* description may be NULL */
	ash_range tef;           /* threat events per year */
	ash_range tcap;          /* threat capability, percentile 0-100 */
	ash_range vuln;          /* or: probability 0-1 an event becomes a loss */
	ash_range loss;          /* loss per loss event, in the site's currency */
	char **controls;         /* subcategory ids setting resistance strength */
	size_t ncontrols;
	int line;
} ash_scenario;

typedef struct ash_org {
	char *dir;
	char *name;
	char *framework;         /* default "csf-2.0" */
	char *currency;          /* reporting currency, default USD */
	char *fx_date;           /* YYYY-MM-DD or NULL */
	ash_fx *fx;
	size_t nfx;
	ash_evpolicy ev;
	int target_default;      /* default 3 */
	ash_target *targets;
	size_t ntargets;
	ash_org_site *sites;
	size_t nsites;
	ash_org_net *nets;       /* most specific first */
	size_t nnets;
	ash_scenario *scen;
	size_t nscen;
	ash_range mapping[5];    /* resistance strength (PERT, 0-100) by level */
	double shared_sigma;     /* common yearly shock of all scenarios, 0..3
	                          * (0: sites independent; risk/fair.h) */
	char **warnings;
	size_t nwarnings;
} ash_org;

/* Load ORG/org.yaml.  On error *out is untouched. */
int ash_org_load(const char *dir, ash_org **out, ash_err *err);
/* Parse an org.yaml at path (load, init --config). */
int ash_org_parse_file(const char *path, ash_org **out, ash_err *err);
void ash_org_free(ash_org *o);

/* Site by name (NULL when absent); its index in *idx when idx != NULL. */
const ash_org_site *ash_org_site_find(const ash_org *o, const char *name,
				      size_t *idx);
/* Rate of currency code into the reporting currency: 1 for the reporting
 * currency itself; 0 when org.yaml gives none. */
double ash_org_fx(const ash_org *o, const char *code);
/* Path inside the folder into buf; ASH_ELIMIT when it does not fit. */
int ash_org_path(const ash_org *o, const char *rel, char *buf, size_t cap,
		 ash_err *err);
/* Defaults: evidence policy, target 3, the mapping of docs/governance.md. */
void ash_org_defaults(ash_org *o);

/* Write o as an org.yaml (commented) to f.  Returns 0 or ASH_EIO. */
int ash_org_write(const ash_org *o, FILE *f, ash_err *err);

/* Create an organisation folder: org.yaml from o (or a validated copy of
 * config when config != NULL), org.db, frameworks/, mappings/, forms/,
 * reports/.  ASH_EEXIST when dir/org.yaml exists. */
int ash_org_create(const char *dir, const ash_org *o, const char *config,
		   ash_err *err);

#endif
