/* SPDX-License-Identifier: MIT */
/* timeline.h: one chronological list of what the logs show and what
 * people did and said (issue 5), built from a case.db snapshot.
 *
 * Log-derived entries (fact): finding starts and ends; for beacon and
 * infected_cluster findings "first/last contact with PEER" instead; for
 * traffic_spike findings "spike starts/ends".  Human entries:
 * observations (claim, or fact once a hypothesis made from it is
 * confirmed by a verification), hypotheses stated (claim unless confirmed
 * by verify), verifications (fact: what ran and its numbers; an error is
 * a claim), status overrides (claim: a person's decision), actions
 * (claim: as reported), closing (fact: recorded by ashiato).  Triage
 * observations are not repeated (their finding's entries stand for them).
 * Ordered by instant, ties in the order above.  Nothing here prints. */
#ifndef ASH_TIMELINE_H
#define ASH_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "case/casedb.h"

#define ASH_TIMELINE_MAX_PEERS 32 /* contact entries per finding */

typedef struct ash_tl_entry {
	int64_t us;              /* instant, UTC microseconds */
	bool has_off;            /* a person gave the time with an offset */
	int32_t off;             /* that offset (seconds east) */
	const char *kind;        /* static: finding_start, finding_end,
				    first_contact, last_contact, spike_start,
				    spike_end, observation, hypothesis,
				    verification, override, action, close */
	const char *desc;        /* static: Timesketch timestamp_desc */
	bool fact;               /* fact (logs or a verification) or claim */
	const char *source;      /* static: log, person, verify, override, case */
	char id[24];             /* "F3", "O2", "H1", "V4", "A1", "C1", "S9" */
	const char *site;        /* site name or NULL (points into the snap) */
	char *message;           /* owned: one line in English, raw text */
	const ash_ctext *text;   /* the person's text in it, or NULL */
} ash_tl_entry;

typedef struct ash_timeline {
	ash_tl_entry *v;
	size_t n, cap;
} ash_timeline;

/* Build from s into *t (zeroed first).  Entries point into s: keep s
 * until ash_timeline_free.  Returns 0 (ASH_ELIMIT past 10 M entries). */
int ash_timeline_build(const ash_casedb_snap *s, ash_timeline *t, ash_err *err);
void ash_timeline_free(ash_timeline *t);

/* "fact" or "claim" */
const char *ash_tl_class(const ash_tl_entry *e);
/* The instant as written with offset off: "2026-11-25T01:10:00+08:00"
 * into buf (ASH_TIME_STRLEN bytes). */
size_t ash_timeline_time_off(int64_t us, int32_t off, char *buf);

#endif
