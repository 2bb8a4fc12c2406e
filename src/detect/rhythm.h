/* SPDX-License-Identifier: MIT */
/* rhythm.h: how regularly an own host contacts an outside peer - the
 * measurements behind `beacon` and `infected_cluster` (detect_beacon.c).
 *
 * Contacts of a pair (own source, outside destination, protocol,
 * destination port) are the start times of its records, with starts
 * closer than one second merged (one connection logged by a firewall
 * and a sensor).  Over the intervals between contacts: median, MAD,
 * Bowley skew; over the hours the pair spans: the share with a contact;
 * over sizes (bytes out per record, when counted): median and MAD.
 * Score: the mean of 1 - |skew|, 1 - 2 MAD/median of the intervals (0 for
 * random arrivals), the hour coverage and the size regularity.  Pairs
 * moving a megabyte or more per contact are bulk transfers or floods and
 * get no score. */
#ifndef ASH_RHYTHM_H
#define ASH_RHYTHM_H

#include "detect/detect.h"
#include "detect/tally.h"

typedef struct ash_rhythm {
	ash_tkey k;            /* a = own host, b = peer, proto, port */
	uint64_t records, obytes, rbytes;
	size_t contacts;       /* after merging */
	int64_t first, last;
	double period;         /* median interval, seconds */
	double mad;            /* of intervals, seconds */
	double skew;           /* Bowley, -1..1 */
	double coverage;       /* share of hours (or periods) with a contact */
	double size_reg;       /* 1 - MAD/median of bytes out (-1 unknown) */
	double median_bytes;   /* bytes out per contact (-1 unknown) */
	double score;          /* 0..1 */
} ash_rhythm;

/* Pairs with at least 20 contacts spanning 10 periods or more, scored.
 * Pass 1 counts records per pair: first in a count-min sketch (32 MB,
 * never under the true count), then exactly, as 64-bit fingerprints, only
 * for the pairs the sketch allows; pass 2 collects the contact times of
 * the pairs with 20 or more.  *out is malloc'd (caller frees), sorted by score descending. */
int ash_rhythm_find(const ash_detect_ctx *x, ash_rhythm **out, size_t *n,
		    ash_err *err);

/* How many distinct own hosts contact each of peers[0..n) (any traffic):
 * *out maps ash_ip -> uint64_t (ash_htab_free). */
int ash_rhythm_contacts(const ash_detect_ctx *x, const ash_ip *peers, size_t n,
			ash_htab **out, ash_err *err);

#endif
