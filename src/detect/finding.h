/* SPDX-License-Identifier: MIT */
/* finding.h: a finding of triage (DESIGN §6) and the list detectors fill.
 *
 * A finding names its kind, verdict, the site's own hosts it is about,
 * the outside peers, its time span, a score in [0, 1], one line a person
 * can read (summary), the reasons it was raised and got its verdict (why),
 * and its evidence: a filter in the language of docs/filter.md whose
 * re-run with `ashiato query`/`top` gives the records, packets and bytes
 * stored here.  Owns: the struct, the list, ordering, JSON output.  Does
 * not detect anything (detect_*.c) or print (the CLI). */
#ifndef ASH_FINDING_H
#define ASH_FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "core/ip.h"

enum ash_verdict {
	ASH_V_BENIGN = 0,
	ASH_V_SUSPICIOUS = 1,
	ASH_V_MALICIOUS = 2
};

typedef struct ash_finding {
	char id[24];          /* "F1", ... in output order */
	const char *kind;     /* static: "dos_source", ... */
	int verdict;          /* enum ash_verdict */
	char *site;           /* owned; may be NULL */
	ash_ip *hosts;        /* owned; own hosts, sorted */
	size_t nhosts;
	ash_ip *peers;        /* owned; outside peers, sorted */
	size_t npeers;
	int64_t start, end;   /* microseconds UTC, [start, end] */
	double score;         /* 0..1: how sure and how bad */
	char *summary;        /* owned: one line */
	char *why;            /* owned: reasons for raising and the verdict */
	char *filter;         /* owned: evidence filter text */
	uint64_t records, packets, bytes; /* what filter matches */
} ash_finding;

typedef struct ash_findings {
	ash_finding *v;
	size_t n, cap;
	char **notes;         /* owned: "reflector: ... (said once)" */
	size_t nnotes;
} ash_findings;

/* Append a zeroed finding of kind; returns it (valid until the next add). */
ash_finding *ash_findings_add(ash_findings *fs, const char *kind);
/* Add a note once (same text twice is kept once). */
void ash_findings_note(ash_findings *fs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Set an owned string field from printf-style arguments. */
char *ash_fmt_alloc(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Add an address to hosts / peers (kept sorted, no duplicates). */
void ash_finding_host(ash_finding *f, const ash_ip *ip);
void ash_finding_peer(ash_finding *f, const ash_ip *ip);
/* Order: verdict (malicious first), then score, then start; then assign
 * ids F1, F2, ... */
void ash_findings_sort(ash_findings *fs);
void ash_findings_free(ash_findings *fs);

const char *ash_verdict_name(int verdict); /* "malicious", ... */
/* Parse a verdict name; -1 when unknown. */
int ash_verdict_parse(const char *s);

/* One JSON line (DESIGN §6 contract, plus "why") to f. */
void ash_finding_json(const ash_finding *f, FILE *f_out);

#endif
