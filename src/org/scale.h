/* SPDX-License-Identifier: MIT */
/* scale.h: the one maturity scale of every site (docs/governance.md) and
 * how the evidence behind an answer discounts it.
 *
 *   0 not implemented   1 initiated   2 performed   3 managed   4 optimised
 *
 * An answer's effective score is its level times a factor for each
 * weakness of its evidence (all editable in org.yaml `evidence:`):
 *   self   the site assessed itself only (source "self" or not given)
 *   stale  the evidence is older than max_age_days at the as-of date,
 *          or has no date
 *   none   neither evidence text nor a reference was given
 * and times the coverage of systems (coverage/100; blank = 100).
 * Level 0 is 0 whatever the evidence (nothing to discount, no flag).
 * Owns: level and source names, dates as day numbers, the formula.
 * Does not read files or store anything. */
#ifndef ASH_SCALE_H
#define ASH_SCALE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ASH_LEVEL_MAX 4
#define ASH_DAY_UNKNOWN INT32_MIN

enum ash_source {
	ASH_SRC_SELF = 0,     /* the site about itself */
	ASH_SRC_INTERNAL = 1, /* headquarters, internal audit, another site */
	ASH_SRC_EXTERNAL = 2, /* an outside auditor or security partner */
	ASH_SRC_CASE = 3      /* an incident case (assess from-case) */
};

enum ash_weak {
	ASH_WEAK_SELF = 1u << 0,
	ASH_WEAK_STALE = 1u << 1,
	ASH_WEAK_NONE = 1u << 2,
	ASH_WEAK_PARTIAL = 1u << 3 /* coverage below 100 % */
};

typedef struct ash_evpolicy {
	int max_age_days;    /* default 365 */
	double self_factor;  /* default 0.8 */
	double stale_factor; /* default 0.75 */
	double none_factor;  /* default 0.6 */
} ash_evpolicy;

#define ASH_EVPOLICY_DEFAULT {365, 0.8, 0.75, 0.6}

/* What the formula needs of one answer. */
typedef struct ash_scale_in {
	int level;           /* 0..4 */
	int source;          /* enum ash_source */
	bool has_evidence;   /* evidence text or reference given */
	int32_t date;        /* day number of the evidence, or ASH_DAY_UNKNOWN */
	int coverage;        /* 0..100, or -1 = not given (counts as 100) */
} ash_scale_in;

/* Effective score in [0, 4] as of day asof; *weak (may be NULL) gets the
 * ASH_WEAK_* flags that applied. */
double ash_scale_effective(const ash_evpolicy *p, const ash_scale_in *e,
			   int32_t asof, unsigned *weak);

/* Level name in "en" or "ja" ("managed" / "管理されている"); NULL when
 * level is out of range.  Short forms for tables: "3 managed". */
const char *ash_level_name(int level, const char *lang);
/* One line saying what a level means (for forms), lang "en" or "ja". */
const char *ash_level_help(int level, const char *lang);
/* "self", "internal", "external", "case"; parse returns -1 if unknown. */
const char *ash_source_name(int source);
int ash_source_parse(const char *s);

/* Dates "YYYY-MM-DD" as days since 1970-01-01.  Parse checks the
 * calendar (2026-02-30 is refused) and returns 0 or -1. */
int ash_day_parse(const char *s, size_t n, int32_t *day);
void ash_day_format(int32_t day, char buf[11]);
/* Today (UTC) as a day number. */
int32_t ash_day_today(void);

#endif
