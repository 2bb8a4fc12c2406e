/* SPDX-License-Identifier: MIT */
/* open.h: opening a case folder for a command: case.yaml (warnings
 * printed once) and, when asked, its store.  Returns an exit code. */
#ifndef ASH_OPEN_H
#define ASH_OPEN_H

#include "case/case.h"
#include "store/store.h"

/* Open CASE (dir) and optionally its store (s may be NULL).  On failure
 * prints the error and returns ASH_EXIT_FAIL/USAGE; on success 0.  The
 * caller frees with ash_cli_close. */
int ash_cli_open(const char *dir, ash_case **c, ash_store **s);
void ash_cli_close(ash_case *c, ash_store *s);

/* Resolve --tz: NULL or "utc" → NULL (UTC), "site" → the site's zone
 * (first site when site is NULL), else an IANA name.  Returns an exit
 * code; *out must be freed with ash_tz_free when non-NULL. */
struct ash_tz;
int ash_cli_tz(const ash_case *c, const char *arg, const char *site,
	       struct ash_tz **out);

#endif
