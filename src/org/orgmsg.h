/* SPDX-License-Identifier: MIT */
/* orgmsg.h: the texts of the organisation's forms and reports in ja and
 * en, from the embedded catalog data/embed/org_msgs.tsv (key, en, ja).
 * Placeholders are named ("{days}") and filled by ash_orgmsg_fill, never
 * by printf.  Owns the lookup; does not print. */
#ifndef ASH_ORGMSG_H
#define ASH_ORGMSG_H

#include <stddef.h>
#include <stdio.h>

/* Text of key in lang ("ja"; anything else gives English).  A missing
 * key gives the key itself, so a gap shows instead of crashing. */
const char *ash_orgmsg(const char *lang, const char *key);
/* Number of keys, and whether every key has both languages (tests). */
size_t ash_orgmsg_count(size_t *incomplete);

/* Write text with each "{name}" replaced by the value of the same name
 * in names/values[0..n) (values are written as they are: escape them
 * first when needed); unknown placeholders are written unchanged.  The
 * writer callback gets the pieces (e.g. an HTML escaper or fputs). */
typedef void (*ash_orgmsg_put)(FILE *f, const char *s, size_t n);
void ash_orgmsg_fill(FILE *f, const char *text, const char *const *names,
		     const char *const *values, size_t n, ash_orgmsg_put put);

#endif
