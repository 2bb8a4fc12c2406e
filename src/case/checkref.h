/* SPDX-License-Identifier: MIT */
/* checkref.h: what a hypothesis's check refers to (`--verify`): a filter
 * of docs/filter.md, or a detector reference "finding:KIND[:HOST]" that
 * holds when case.db has a finding of KIND (about HOST, an own host).
 * The text is untrusted: any bytes.  Nothing here prints. */
#ifndef ASH_CHECKREF_H
#define ASH_CHECKREF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/ip.h"

#define ASH_CHECKREF_KIND_MAX 48

typedef struct ash_checkref {
	bool detector;                      /* "finding:..." */
	char kind[ASH_CHECKREF_KIND_MAX];   /* [a-z0-9_]+ */
	bool has_host;
	ash_ip host;
} ash_checkref;

/* Parse s[0..n).  Text not starting with "finding:" is a filter (only
 * detector = false is set; the filter is compiled by the caller).  A bad
 * reference is ASH_EUSAGE ("verify: ..."). */
int ash_checkref_parse(const char *s, size_t n, ash_checkref *out, ash_err *err);

#endif
