/* SPDX-License-Identifier: MIT */
/* fwmap.h: mappings between frameworks, as data (docs/frameworks.md):
 * TSV files in ORG/mappings/ whose first line names the two frameworks
 * ("c2m2-domains<TAB>csf-2.0") and whose other lines map an item of the
 * first to an item of the second with an optional weight
 * ("ASSET-1a<TAB>ID.AM-01[<TAB>1]").  Every id is checked against both
 * frameworks.  Projecting an assessment through a mapping gives draft
 * answers to the second framework (assess map), which a person reviews
 * and imports.  Owns parsing, finding and projecting; writes nothing. */
#ifndef ASH_FWMAP_H
#define ASH_FWMAP_H

#include <stddef.h>

#include "core/err.h"
#include "org/assessment.h"
#include "org/framework.h"

#define ASH_FWMAP_MAX_ROWS 100000

typedef struct ash_fwmap_row {
	size_t from, to;   /* item indexes in the two frameworks */
	double weight;     /* > 0 */
} ash_fwmap_row;

typedef struct ash_fwmap {
	char *from_key, *to_key;
	ash_fwmap_row *rows;
	size_t n;
} ash_fwmap;

/* The keys named by a mapping's first line (malloc'd), or ASH_EFORMAT. */
int ash_fwmap_keys(const char *name, const char *text, size_t n, char **from,
		   char **to, ash_err *err);
/* Parse a mapping between frameworks from and to.  Errors name the line.
 * *out owned (ash_fwmap_clear). */
int ash_fwmap_parse(const char *name, const char *text, size_t n,
		    const ash_fw *from, const ash_fw *to, ash_fwmap *out,
		    ash_err *err);
void ash_fwmap_clear(ash_fwmap *m);
/* The first file in ORG/mappings/ mapping from_key to to_key: its path
 * into buf.  ASH_ENOTFOUND when there is none. */
int ash_fwmap_find(const char *org_dir, const char *from_key,
		   const char *to_key, char *buf, size_t cap, ash_err *err);

/* Draft answers to m's second framework from assessment a of its first:
 * for each target item with answered sources, the level is the weighted
 * mean of the sources' levels rounded to the nearest (n/a when every
 * source is n/a); the evidence names the sources and their evidence; the
 * date is the oldest source date; the source the weakest (self <
 * internal < external); the coverage the smallest.  *out owned by the
 * caller (ash_answer_clear each, then free). */
int ash_fwmap_project(const ash_fwmap *m, const ash_fw *from,
		      const ash_fw *to, const ash_assessment *a,
		      ash_answer **out, size_t *n, ash_err *err);

#endif
