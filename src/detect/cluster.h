/* SPDX-License-Identifier: MIT */
/* cluster.h: infected_cluster - own hosts with one rhythm to one rare
 * outside peer (detect_cluster.c), from the pairs rhythm.c scored.  The
 * beacon detector (detect_beacon.c) runs it and marks its beacons. */
#ifndef ASH_CLUSTER_H
#define ASH_CLUSTER_H

#include "detect/rhythm.h"

#define ASH_CLUSTER_MIN 0.7  /* rhythm score a member needs */
#define ASH_CLUSTER_MAX 256  /* groups, and hosts/peers/pairs per group */

typedef struct ash_cluster ash_cluster;

/* How many own hosts contact each peer shared by two or more rhythmic
 * pairs: *peers (ash_ip -> uint64_t; ash_htab_free). */
int ash_cluster_peers(const ash_detect_ctx *x, const ash_rhythm *r, size_t n,
		      ash_htab **peers, ash_err *err);
/* A zeroed array of ASH_CLUSTER_MAX groups (free()). */
ash_cluster *ash_cluster_alloc(void);
/* The groups of r[0..n) into g (pairs an expected job of c names left
 * out); returns how many. */
size_t ash_cluster_find(const ash_case *c, const ash_rhythm *r, size_t n,
			ash_htab *peers, ash_cluster *g);
/* Whether r belongs to a (non-DNS/NTP) group. */
bool ash_cluster_has(const ash_cluster *g, size_t ng, const ash_rhythm *r);
/* One infected_cluster finding for group i of g. */
void ash_cluster_report(const ash_detect_ctx *x, const ash_cluster *g, size_t i,
			ash_findings *out);

#endif
